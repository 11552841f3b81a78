"""The library entry point: ``audit(targets, settings) -> AuditReport``.

Targets become RawPages (sources), RawPages become Documents (document.py), the
selected checks run on each Document (runner.py) and the results are scored
(scoring.py). A target that cannot be read becomes a PageReport with status
"error" and the cause; the others are still audited.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Mapping

from . import __version__
from .config import Settings
from .document import Document, build_document
from .profiles import clinic_from_settings
from .models import AuditReport, PageReport, RawPage, Targeting
from .registry import CheckContext, CheckSpec, ConfigError, select
from .runner import audit_document
from .scoring import CATEGORY_WEIGHTS, site_score_of


def selected_checks(settings: Settings) -> tuple[CheckSpec, ...]:
    from .checks import ALL_CHECKS

    off = tuple(code for code, level in settings.check_levels.items() if level == "off")
    specs = select(ALL_CHECKS, settings.select, settings.ignore + off)
    if not specs:
        # a gate with nothing to assert "passes": say so instead (exit 2)
        raise ConfigError(f"no checks left to run: select {list(settings.select) or 'all'} minus ignore "
                          f"{list(settings.ignore + off)} selects nothing")
    return specs


def check_options(settings: Settings, specs: Iterable[CheckSpec]) -> dict[str, Any]:
    return {s.code: s.make_options(settings.check_options.get(s.code)) for s in specs}


def _front_matter_list(fm: Mapping[str, Any], *keys: str) -> tuple[str, ...]:
    for key in keys:
        v = fm.get(key)
        if not v:
            continue
        if isinstance(v, str):
            return tuple(p.strip() for p in v.split(",") if p.strip()) if key == "keywords" else (v.strip(),)
        if isinstance(v, (list, tuple)):
            return tuple(str(x).strip() for x in v if str(x).strip())
    return ()


def targeting_for(raw: RawPage, settings: Settings, keyphrases: tuple[str, ...] = (), cities: tuple[str, ...] = ()) -> Targeting:
    """Flags win over the page's front matter, then a matching ``pages`` entry, then config."""
    fm = raw.front_matter or {}
    page = next((p for p in settings.pages if p.matches(raw.source, raw.url)), None)
    kp = (
        keyphrases
        or _front_matter_list(fm, "keyphrase", "keyphrases", "focus_keyphrase", "keywords")
        or (page.keyphrases if page else ())
        or settings.keyphrases
    )
    ct = cities or _front_matter_list(fm, "city", "cities") or (page.cities if page else ()) or settings.cities
    return Targeting(keyphrases=tuple(kp), cities=tuple(ct), city_aliases=settings.city_aliases)


def error_report(raw: RawPage) -> PageReport:
    return PageReport(source=raw.source, url=raw.url, status="error", error=raw.error, kind=raw.kind)


class Auditor:
    """Holds what is computed once per run: the selected checks and their options."""

    def __init__(self, settings: Settings, keyphrases: tuple[str, ...] = (), cities: tuple[str, ...] = ()):
        self.settings = settings
        self.keyphrases = tuple(keyphrases)
        self.cities = tuple(cities)
        self.specs = selected_checks(settings)
        self.options = check_options(settings, self.specs)
        weights = dict(CATEGORY_WEIGHTS)
        weights.update(settings.category_weights)
        self.category_weights = weights
        self.clinic = clinic_from_settings(settings)  # ConfigError for an unknown profile

    def document(self, raw: RawPage) -> Document:
        return build_document(raw, self.settings.site_url)

    def audit_page(self, raw: RawPage, site: Any = None, inferred_keyphrase: str = "",
                   site_for: Callable[[RawPage, Document], Any] | None = None) -> "AuditedPage":
        """The page's report, with the Document and targeting it was judged on.

        ``inferred_keyphrase`` is used only when no flag, front matter or config gives
        the page a keyphrase. ``site_for(raw, doc)``, when given, is called once the page is
        parsed and gives the Site its checks are judged on (``link_check.LinkChecker``
        requests the page's link targets there); None leaves ``site``."""
        if not raw.ok:
            return AuditedPage(error_report(raw))
        try:
            doc = build_document(raw, self.settings.site_url)
        except Exception as exc:  # noqa: BLE001 - one unparsable page must not stop a batch
            return AuditedPage(PageReport(source=raw.source, url=raw.url, status="error", error=f"could not parse page: {type(exc).__name__}: {exc}", kind=raw.kind))
        if site_for is not None:
            site = site_for(raw, doc) or site
        targeting = targeting_for(raw, self.settings, self.keyphrases, self.cities)
        if inferred_keyphrase and not targeting.keyphrases:
            targeting = dataclasses.replace(targeting, keyphrases=(inferred_keyphrase,), keyphrase_inferred=True)
        ctx = CheckContext(targeting=targeting, site=site, clinic=self.clinic)
        return AuditedPage(audit_document(doc, self.specs, self.options, ctx, self.category_weights), doc, targeting)

    def audit_raw(self, raw: RawPage, site: Any = None) -> PageReport:
        return self.audit_page(raw, site).report


@dataclass(frozen=True)
class AuditedPage:
    report: PageReport
    document: Document | None = None  # None when the page could not be read or parsed
    targeting: Targeting | None = None

    def page_text(self):
        """The compact record site intelligence needs (keeps no parsed tree)."""
        from .intel import page_text_from_document

        return page_text_from_document(self.document, self.targeting.keyphrases, self.targeting.cities, self.report.score)


def intel_options(settings: Settings, cities: tuple[str, ...] = (), **flags: Any):
    """IntelOptions from config (``[tool.seoaudit.intel]``) with flags (not None) on top.

    Raises ValueError for thresholds that do not fit together."""
    from .intel import IntelOptions

    values = {**settings.intel, **{k: v for k, v in flags.items() if v is not None}}
    return IntelOptions(cities=tuple(cities) or settings.cities, **values)


def site_intel(page_texts: list, settings: Settings, cities: tuple[str, ...] = ()):
    """Site intelligence over several audited pages; None for fewer than two."""
    if len(page_texts) < 2:
        return None
    from .intel import analyse_site

    return analyse_site(page_texts, intel_options(settings, cities))


def inferred_keyphrases(raws: list[RawPage], auditor: "Auditor") -> dict[str, str]:
    """url -> the top keyphrase suggestion, for pages that have no keyphrase from any source.

    Suggestions are the phrases most distinctive of a page relative to the others, so
    they need every page first: the caller audits afterwards with these as keyphrases.
    """
    from .intel import analyse_site, page_text_from_document

    texts = []
    for raw in raws:
        if not raw.ok:
            continue
        try:
            doc = build_document(raw, auditor.settings.site_url)
        except Exception:  # noqa: BLE001 - the audit reports the parse error itself
            continue
        t = targeting_for(raw, auditor.settings, auditor.keyphrases, auditor.cities)
        texts.append(page_text_from_document(doc, t.keyphrases, t.cities))
    if len(texts) < 2:
        return {}
    result = analyse_site(texts, intel_options(auditor.settings, auditor.cities, infer_keyphrases=True))
    return {p.url: p.inferred_keyphrase for p in result.pages if p.inferred_keyphrase}


def read_targets(targets: Iterable[str], settings: Settings) -> Iterator[RawPage]:
    """Read every target in order; an HTTP session is opened only if a URL is among them."""
    from .sources import read_all

    targets = list(targets)
    if not any("://" in t and not t.startswith("file:") for t in targets):
        yield from read_all(targets)
        return
    from .fetch import USER_AGENT, Fetcher, FetchLimits

    limits = FetchLimits.of(settings)
    with Fetcher(limits, user_agent=settings.user_agent or USER_AGENT) as fetcher:
        yield from read_all(targets, fetcher)


def iter_audit(targets: Iterable[str], settings: Settings, keyphrases: tuple[str, ...] = (), cities: tuple[str, ...] = ()) -> Iterator[PageReport]:
    auditor = Auditor(settings, keyphrases, cities)
    for raw in read_targets(targets, settings):
        yield auditor.audit_raw(raw)


def audit(targets: Iterable[str], settings: Settings | None = None, keyphrases: tuple[str, ...] = (), cities: tuple[str, ...] = ()) -> AuditReport:
    """Audit every target; never raises for unreadable targets (they become error pages)."""
    settings = settings or Settings()
    pages = tuple(iter_audit(targets, settings, keyphrases, cities))
    return AuditReport(pages=pages, tool_version=__version__, score=site_score_of(pages))


__all__ = ["audit", "iter_audit", "Auditor", "ConfigError", "targeting_for"]
