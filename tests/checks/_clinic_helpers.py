"""Shared page builder for the clinic check tests (trust, local business, conversion)."""

from __future__ import annotations

import json

from seoaudit.document import build_document
from seoaudit.models import RawPage, Targeting
from seoaudit.profiles import ClinicInfo, get_profile
from seoaudit.registry import CheckContext
from seoaudit.runner import run_check

PAGE_URL = "https://clinic.example/blog/acupuncture-back-pain/"

BODY = (
    "<p>Chronic low back pain is pain that has lasted longer than twelve weeks, and acupuncture "
    "is one of the options people ask us about. Most people need a few sessions.</p>"
    "<p>Acupuncture may ease the pain for some people, usually for a few weeks.</p>"
)


def page(article: str = BODY, head: str = "", header: str = "", footer: str = "", jsonld=None, url: str = PAGE_URL, lang: str = "en"):
    ld = f'<script type="application/ld+json">{json.dumps(jsonld)}</script>' if jsonld is not None else ""
    html = (
        f"<html lang='{lang}'><head><title>Acupuncture for back pain</title>{head}{ld}</head><body>"
        f"<header><nav><a href='/'>Home</a><a href='/book/'>Book now</a></nav>{header}</header>"
        f"<main><article><h1>Acupuncture for back pain</h1>{article}</article></main>"
        f"<footer>{footer}</footer></body></html>"
    )
    return build_document(RawPage(source="t", url=url, body=html.encode()))


def run(func, doc, cities=(), profile="default", **clinic_and_opts):
    clinic_keys = {"name", "address", "phone", "country", "profession", "locations"}
    clinic_kw = {k: v for k, v in clinic_and_opts.items() if k in clinic_keys}
    opts = {k: v for k, v in clinic_and_opts.items() if k not in clinic_keys}
    prof = get_profile(profile)
    clinic = ClinicInfo(profile=prof, **{"country": prof.country, **clinic_kw})
    spec = func.spec
    options = spec.make_options(opts) if opts else spec.default_options()
    ctx = CheckContext(targeting=Targeting(cities=tuple(cities)), clinic=clinic)
    return run_check(spec, doc, options, ctx)
