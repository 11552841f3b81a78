"""The "Site findings" card on a scan's scorecards, added once the whole site is known.

``seoaudit scan`` scores each page as it streams, before other pages are known, so
site findings (broken link targets, titles or H1s shared with other pages, orphans)
come after the page's scorecard was written. The site phase renders this card for
each page that has site findings and puts it in the empty slot the scorecard left
for it (``html.SITE_SLOT_START``/``SITE_SLOT_END``): the rest of the scorecard,
including its score, stays byte for byte as streamed, and only the affected pages are
read back, one at a time.

The slot markers are HTML comments the template writes; page text is always escaped
(``<`` becomes ``&lt;``), so no page can forge them.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..models import STATUS_ORDER, CheckResult, Redirect
from .base import RenderContext, fmt_score
from .html import SITE_SLOT_END, SITE_SLOT_START, CheckView, check_view, environment

#: Checks whose evidence lists other pages' URLs (shown as links to their scorecards).
PARTNER_CODES = frozenset({"ST002", "ST003", "ST004", "ST005"})
BROKEN_LINKS_CODE = "ST001"


@dataclass(frozen=True)
class LinkTarget:
    """One internal link of the page that a site check reported, as requested once for the whole scan."""

    href: str
    anchor: str
    verdict: str  # "broken" or "N redirects"
    status: int | None  # the last answer: final status, or the status where it stopped
    error: str
    chain: tuple[Redirect, ...]  # redirect hops in order
    final_url: str


@dataclass(frozen=True)
class Partner:
    url: str
    scorecard: str | None  # its scorecard, relative to this one


@dataclass(frozen=True)
class SiteFinding:
    check: CheckView
    links: tuple[LinkTarget, ...] = ()
    partners: tuple[Partner, ...] = ()


def link_targets(result: CheckResult, anchors: dict[str, str], status_of: Callable) -> tuple[LinkTarget, ...]:
    """The link targets ST001 reported, with status, redirect chain and final URL."""
    out = []
    for e in result.evidence:
        st = status_of(e.text)
        if st is None:
            out.append(LinkTarget(e.text, anchors.get(e.text, ""), e.verdict, None, e.detail, (), e.text))
            continue
        out.append(LinkTarget(href=e.text, anchor=anchors.get(e.text, ""), verdict=e.verdict, status=st.status,
                              error=st.error or "", chain=tuple(r for r in st.redirects if r.status),
                              final_url=st.final_url))
    return tuple(out)


def partners_of(result: CheckResult, scorecard_of: Callable[[str], str | None], own_scorecard: str) -> tuple[Partner, ...]:
    """The other pages a duplicate finding names, linked to their scorecards when they have one."""
    here = posixpath.dirname(own_scorecard)
    out = []
    for e in result.evidence:
        other = scorecard_of(e.text)
        out.append(Partner(e.text, posixpath.relpath(other, here or ".") if other else None))
    return tuple(out)


def site_findings(results: list[CheckResult], facts, site, scorecard_of: Callable[[str], str | None],
                  own_scorecard: str, ctx: RenderContext = RenderContext()) -> tuple[SiteFinding, ...]:
    """View models for the card: worst first, with links and partner pages resolved."""
    anchors: dict[str, str] = {}
    for link in facts.links:
        anchors.setdefault(link.href, link.text)
    out = []
    for r in sorted(results, key=lambda r: (STATUS_ORDER.get(r.status, 9), r.code)):
        links = link_targets(r, anchors, site.link_status) if r.code == BROKEN_LINKS_CODE else ()
        partners = partners_of(r, scorecard_of, own_scorecard) if r.code in PARTNER_CODES else ()
        out.append(SiteFinding(check_view(r, ctx.doc_for(r.code)), links, partners))
    return tuple(out)


def render_site_card(findings: tuple[SiteFinding, ...], page_score: float | None, site_wide=()) -> str:
    """The card: the page's site findings, and the findings of its own checks that are the same on
    most pages (``site.SiteWideFinding``: the theme's, fixed once for the site)."""
    from .dashboard import fail_titles

    titles = fail_titles()
    shared = [(f, titles.get(f.code, f.code)) for f in site_wide]
    return environment().get_template("site_findings.html").render(findings=findings, page_score=fmt_score(page_score),
                                                                   site_wide=shared)


def fill_site_slot(scorecard: Path, card_html: str) -> bool:
    """Put ``card_html`` in the scorecard's site-findings slot (replacing what was there); False without a slot.

    This replaces the whole slot, site-intelligence card included: the scan runs the
    site phase first and site intelligence after it.
    """
    return _rewrite_slot(scorecard, lambda _inner: card_html)


def fill_intel_slot(scorecard: Path, card_html: str) -> bool:
    """Put ``card_html`` after the site findings in the scorecard's slot, between the intel
    markers (replacing an earlier intel card, keeping the site findings); False without a slot."""

    def with_intel(inner: str) -> str:
        a = inner.find(INTEL_SLOT_START)
        if a >= 0:
            b = inner.find(INTEL_SLOT_END, a)
            inner = inner[:a] + (inner[b + len(INTEL_SLOT_END):] if b >= 0 else "")
        return inner + INTEL_SLOT_START + card_html + INTEL_SLOT_END

    return _rewrite_slot(scorecard, with_intel)


def _rewrite_slot(scorecard: Path, transform: Callable[[str], str]) -> bool:
    try:
        html = scorecard.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    start = html.find(SITE_SLOT_START)
    end = html.find(SITE_SLOT_END, start)
    if start < 0 or end < 0:
        return False
    inner = html[start + len(SITE_SLOT_START): end]
    filled = html[: start + len(SITE_SLOT_START)] + transform(inner) + html[end:]
    tmp = scorecard.with_name(scorecard.name + ".tmp")
    tmp.write_text(filled, encoding="utf-8")
    os.replace(tmp, scorecard)  # a reader (or a Ctrl-C) never sees half a scorecard
    return True


# ---- site intelligence on scan scorecards ------------------------------------------------

#: The site-intelligence card's place inside the site-findings slot (``seoaudit scan``).
INTEL_SLOT_START = "<!--seoaudit:intel-->"
INTEL_SLOT_END = "<!--/seoaudit:intel-->"
#: Pages listed on one card (templated pages can each duplicate hundreds); intel.csv has all.
MAX_RIVALS = 10


@dataclass(frozen=True)
class Rival:
    """Another page this one competes with, as the card shows it."""

    label: str
    url: str
    scorecard: str | None  # relative to this page's scorecard
    similarity: float
    duplicate: str = ""  # "exact", "city-swap", "near-duplicate" or "" (same topic only)


@dataclass(frozen=True)
class IntelCard:
    url: str
    rivals: tuple[Rival, ...] = ()
    more_rivals: int = 0  # competing pages not listed (beyond MAX_RIVALS)
    cluster: int | None = None
    action: str = ""  # this page's advice in its cluster: keep, canonicalise, consolidate, differentiate
    reason: str = ""
    suggestions: tuple = ()  # intel.model.Suggestion, for a page with no keyphrase

    @property
    def empty(self) -> bool:
        return not (self.rivals or self.action or self.suggestions)


def intel_card_views(intel, scorecard_of: Callable[[str], str | None]):
    """(own scorecard, IntelCard) for each page that has something to show and a scorecard."""
    kinds = {(min(d.a, d.b), max(d.a, d.b)): (d.kind, d.similarity) for d in intel.duplicates}
    advice = {m.page: (c.id, m.action, m.reason) for c in intel.clusters for m in c.members}
    for i, page in enumerate(intel.pages):
        others = dict(page.competes_with)
        for j in page.duplicates:  # a city swap can sit below the topic threshold: still listed
            others.setdefault(j, kinds[(min(i, j), max(i, j))][1])
        cluster, action, reason = advice.get(i, (None, "", ""))
        if not others and not action and not page.suggestions:
            continue
        own = scorecard_of(page.url)
        if not own:
            continue
        here = posixpath.dirname(own) or "."
        rivals = []
        ranked = sorted(others.items(), key=lambda kv: (-kv[1], kv[0]))
        for j, similarity in ranked[:MAX_RIVALS]:
            other = intel.pages[j]
            theirs = scorecard_of(other.url)
            rivals.append(Rival(other.label, other.url, _relative(theirs, here) if theirs else None, similarity,
                                kinds.get((min(i, j), max(i, j)), ("", 0.0))[0]))
        # similar_pages also counts the pages the per-page cap left out of duplicates/competes_with
        more = max(len(ranked), page.similar_pages) - len(rivals)
        yield own, IntelCard(page.url, tuple(rivals), more, cluster, action, reason, tuple(page.suggestions))


def _relative(path: str, here: str) -> str:
    """``posixpath.relpath(path, here)``; scorecards of one scan share a folder, and then it
    is the file name (relpath was a fifth of writing the cards of a 1,000-page scan)."""
    folder, _, name = path.rpartition("/")
    if (folder or ".") == here and name not in ("", ".", ".."):
        return name
    return posixpath.relpath(path, here)


def render_intel_card(card: IntelCard) -> str:
    return environment().get_template("intel_card.html").render(card=card)
