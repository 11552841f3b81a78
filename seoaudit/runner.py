"""Run the selected checks on one Document; a crashing check becomes status=error."""

from __future__ import annotations

import traceback
from typing import Any, Mapping

from .checks.clinic_common import treatment_in_english
from .models import CheckResult, PageReport
from .registry import STATUS_SCORES, CheckContext, CheckSpec, Outcome
from .scoring import CATEGORY_WEIGHTS, page_scores


_NOT_A_POST = {"home": "a home page", "listing": "a listing of posts", "page": "a site page (contact, about, services...)"}


def run_check(spec: CheckSpec, doc, opts, ctx: CheckContext) -> CheckResult:
    try:
        if spec.posts_only and (kind := _page_type(doc)) != "post":
            out = Outcome.na(f"Not judged: the page is {_NOT_A_POST.get(kind, kind)}, and this check is written for posts.")
        else:
            out = spec.func(doc, opts, ctx)
        if not isinstance(out, Outcome) or out.status not in ("good", "ok", "bad", "na"):
            raise TypeError(f"check returned {out!r}")
    except Exception as exc:  # noqa: BLE001 - isolating checks is the point
        tb = traceback.extract_tb(exc.__traceback__)[-1]
        return CheckResult(
            code=spec.code,
            name=spec.name,
            category=spec.category,
            status="error",
            score=None,
            message=f"The check crashed: {type(exc).__name__}: {exc} ({tb.filename.rsplit('/', 1)[-1]}:{tb.lineno})",
            weight=spec.weight,
        )
    score = out.score
    if out.status == "na":
        score = None
    elif score is None:
        score = STATUS_SCORES[out.status]
    return CheckResult(
        code=spec.code,
        name=spec.name,
        category=spec.category,
        status=out.status,
        score=None if score is None else max(0.0, min(100.0, float(score))),
        value=out.value,
        message=out.message,
        threshold=out.threshold,
        evidence=tuple(out.evidence),
        weight=spec.weight,
    )


def _page_type(doc) -> str:
    """A Document's page type; a scan's PageFacts carries its own ("post" when unknown)."""
    if not hasattr(doc, "derived"):
        return getattr(doc, "page_type", "post")
    from .page_type import page_type

    return page_type(doc)


def audit_document(
    doc,
    specs: tuple[CheckSpec, ...],
    options: Mapping[str, Any],
    ctx: CheckContext,
    category_weights: Mapping[str, float] = CATEGORY_WEIGHTS,
) -> PageReport:
    results = tuple(run_check(s, doc, options.get(s.code) or s.default_options(), ctx) for s in specs)
    # a category whose target was not given weighs the share of its checks that ran
    untargeted = ("keyphrase",) * (not ctx.keyphrases) + ("local",) * (not ctx.cities)
    cats, score, cap = page_scores(specs, results, category_weights, untargeted)
    return PageReport(
        source=doc.source,
        url=doc.url,
        status="ok",
        score=score,
        score_cap=cap,
        categories=cats,
        checks=results,
        stats=doc.stats(),
        title=doc.title,
        keyphrases=ctx.targeting.keyphrases,
        keyphrase_inferred=ctx.targeting.keyphrase_inferred,
        cities=ctx.targeting.cities,
        treatment=treatment_in_english(doc, ctx),
        kind=doc.kind,
    )
