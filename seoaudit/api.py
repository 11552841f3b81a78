"""The library entry point: ``audit(targets, settings) -> AuditReport``, what ``seoaudit
audit`` does before it writes the reports.

Targets become RawPages (sources), RawPages become Documents (document.py), the
selected checks run on each Document (runner.py) and the results are scored
(scoring.py). A target that cannot be read becomes a PageReport with status
"error" and the cause; the others are still audited. Around that, ``audit`` answers
the site checks where the run knows a site (the link targets of URLs, link_check.py;
the local posts with ``local_site``, local_site.py) and adds site intelligence.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from . import __version__
from .config import Settings
from .document import Document, build_document
from .profiles import clinic_from_settings
from .models import AuditReport, PageReport, RawPage, Targeting
from .registry import CheckContext, CheckSpec, ConfigError, select
from .runner import audit_document
from .scoring import CATEGORY_WEIGHTS, site_score_of


def settings_from(config_file: str | None = None, start: Path | None = None, **flags: Any) -> Settings:
    """The settings of a run: config files (discovered from ``start``, default the working
    directory: ``config.config_groups``), then ``flags`` (``config.with_flags``), checked
    before anything is read: a ConfigError for an unknown check, option or profile."""
    from .config import load_settings, with_flags

    return checked_settings(with_flags(load_settings(config_file, cwd=start), **flags))


def checked_settings(settings: Settings) -> Settings:
    """``settings``, once checked: a ConfigError for an unknown check, option or profile."""
    check_options(settings, selected_checks(settings))  # validates select/ignore/options
    clinic_from_settings(settings)  # validates the profile and clinic_profession
    return settings


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
    return PageReport(source=raw.source, url=raw.url, status="error", error=raw.error, cause=raw.cause, kind=raw.kind)


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
            return AuditedPage(PageReport(source=raw.source, url=raw.url, status="error", error=f"could not parse page: {type(exc).__name__}: {exc}",
                                          cause="parse", kind=raw.kind))
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
    return IntelOptions(cities=tuple(cities) or settings.cities,
                        site_names=clinic_from_settings(settings).names, **values)  # clinic_name and the locations' names


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


def _has_url(targets: list[str]) -> bool:
    return any("://" in t and not t.startswith("file:") for t in targets)


def read_targets(targets: Iterable[str], settings: Settings) -> Iterator[RawPage]:
    """Read every target in order; an HTTP session is opened only if a URL is among them."""
    from .sources import read_all

    targets = list(targets)
    if not _has_url(targets):
        yield from read_all(targets)
        return
    from .fetch import USER_AGENT, Fetcher, FetchLimits

    limits = FetchLimits.of(settings)
    with Fetcher(limits, user_agent=settings.user_agent or USER_AGENT) as fetcher:
        yield from read_all(targets, fetcher)


def audit(targets: Iterable[str], settings: Settings | None = None, keyphrases: tuple[str, ...] = (), cities: tuple[str, ...] = (),
          *, intel: bool = True, infer_keyphrases: bool = False, local_site: bool = False,
          log: Callable[[str], None] | None = None) -> AuditReport:
    """Audit every target in order, as ``seoaudit audit`` does; never raises for unreadable
    targets (they become error pages).

    ``keyphrases`` and ``cities`` win over front matter and config (``targeting_for``).
    ``intel``: site intelligence over the posts (two or more). ``infer_keyphrases`` (or the
    config's ``intel.infer_keyphrases``): a page with no keyphrase gets the top suggestion.
    ``local_site``: the local files are one site, their site checks judged on it (as
    ``seoaudit check`` does). URL targets have their link targets requested when
    ``settings.link_check`` is on and ST001 is selected. ``log`` gets the diagnostics a
    terminal shows on stderr, one line each: targets that could not be read, link targets
    that could not be checked.
    """
    from .sources import error_line

    settings = settings or Settings()
    log = log or (lambda line: None)
    targets = list(targets)
    auditor = Auditor(settings, tuple(keyphrases), tuple(cities))
    raws = read_targets(targets, settings)
    inferred: dict[str, str] = {}
    if infer_keyphrases or settings.intel.get("infer_keyphrases"):
        raws = list(raws)  # suggestions compare every page with the others first
        inferred = inferred_keyphrases(raws, auditor)
    posts = None
    if local_site:
        from .files import is_draft
        from .local_site import LocalPosts

        posts = LocalPosts(is_draft, auditor)
    links = _link_checker(settings, auditor, targets)  # None: no URL among the targets, or turned off
    site_for = None if links is None else _checked_links(links, log)
    pages, texts = [], []
    try:
        for raw in raws:
            audited = auditor.audit_page(raw, inferred_keyphrase=inferred.get(raw.url, ""), site_for=site_for)
            page = audited.report
            if page.status == "error":
                log(error_line(page.source, page.error))
            elif intel and page.stats.get("page_type", "post") == "post":
                texts.append(audited.page_text())  # compact: the parsed page is not kept; listings' teasers are not posts
            if posts is not None:
                posts.audited(len(pages), raw, audited.document)
            if links is not None and audited.document is not None and links.checked(raw):
                links.audited(len(pages), audited.document)
            pages.append(page)
    finally:
        if links is not None:
            links.close()
    if links is not None:
        from .text import printable

        for note in links.notes:
            log(printable(f"seoaudit: link targets: {note}"))  # causes carry server text
        pages = links.with_compared_pages(pages, auditor.specs, auditor.options)
    if posts is not None:
        pages = posts.with_site_results(pages, lambda named: read_targets(named, settings), covered=targets)
        for note in posts.notes:
            log(note)
    from .config import settings_summary

    return AuditReport(pages=tuple(pages), tool_version=__version__, score=site_score_of(pages),
                       intel=site_intel(texts, settings, tuple(cities)) if intel else None, settings=settings_summary(settings))


def _link_checker(settings: Settings, auditor: Auditor, targets: list[str]):
    """The LinkChecker of an audit whose targets include a URL, with ST001 selected and
    link checking on; None otherwise (local files never need the network)."""
    if not settings.link_check or not any(s.code == "ST001" for s in auditor.specs) or not _has_url(targets):
        return None
    from .link_check import LinkChecker

    return LinkChecker(settings)


def _checked_links(links, log: Callable[[str], None]) -> Callable[[RawPage, Document], Any]:
    """``Auditor.audit_page``'s ``site_for`` hook: the page's link targets requested, or, if
    checking them failed unexpectedly, one line on ``log`` and the page audited without them."""

    def site_for(raw, doc):
        try:
            return links.site_for(raw, doc)
        except Exception as exc:  # noqa: BLE001 - the page's own audit must not depend on its links
            from .text import printable

            log(printable(f"seoaudit: {raw.source}: link targets not checked: {type(exc).__name__}: {exc}"))
            return None

    return site_for


__all__ = ["audit", "settings_from", "Auditor", "ConfigError", "targeting_for"]
