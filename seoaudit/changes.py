"""What changed since the previous scan of a site: the findings fixed and the findings new.

A finding is identified as a baseline identifies it (``CheckSpec.findings``, ``gate.new_findings``):
for a check that lists findings (claims, weak links, broken link targets) each one by its key, the
claim's wording or the link, not by where it sits, so a sentence moved or a paragraph added is not a
new finding; for any other check, the check failing on the page (its message may change with the
page, "density 3.1 %" then "3.4 %", and is still the same finding). Repeats count: a second "click
here" to the same page is new.

Each scan keeps its findings' items in the history database (``finding_items``), page checks with
their page in one transaction and site checks (ST001 broken links, ST006, ...) with the site phase's
findings, so the comparison is with exactly the scan "change since scan #N" names
(``Store.previous_scored_scan``), whatever output folder that scan was written to, and does not
depend on the wording of messages. Only the pages audited in both scans are compared: a page that
was not audited this time (removed, failed, excluded) has not had its findings fixed, and a page
audited now and not then has only new findings. Site findings are compared only when both scans
covered the whole site (``compares_site_findings``), and only the checks both scans ran
(``Store.checks_of``): a check turned off since has not had its findings fixed.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby
from typing import Iterable, Iterator

from .models import STATUS_ORDER

#: The item of a check that lists no findings (or none this time): the check on the page as a whole.
WHOLE_CHECK = ""
#: Pages listed per group of changes on the dashboard (changes.csv has them all).
MAX_GROUP_PAGES = 20
#: Groups listed per side on the dashboard.
MAX_GROUPS = 60
#: The longest message kept as a whole check's name.
MAX_NAME = 500


def finding_items(code: str, status: str, message: str, evidence: Iterable) -> list[tuple[str, str, str, str]]:
    """(code, status, item, name) of one check that did not pass on a page: one per finding it
    lists (``CheckSpec.findings``: the key as JSON, the finding as its message names it), or one
    for the check as a whole (item ``""``, its message) when it lists none."""
    from .gate import findings_of

    findings = findings_of(code)
    out = []
    if findings is not None:
        for e in evidence:
            found = findings(e)
            if found is not None:
                out.append((code, status, json.dumps(found[0], ensure_ascii=False), str(found[1])[:MAX_NAME]))
    return out or [(code, status, WHOLE_CHECK, (message or "")[:MAX_NAME])]


@dataclass(frozen=True)
class Change:
    kind: str  # "fixed" or "new"
    page_key: str
    code: str
    status: str  # the check's status: when it was last seen (fixed) or now (new): bad | ok | error
    item: str  # WHOLE_CHECK or the finding's key
    name: str  # the finding (a claim's wording, a link) or the check's message
    scope: str  # page | site
    new_page: bool = False  # the page was not audited in the previous scan


def _grouped(rows: Iterable[tuple]) -> Iterator[tuple[tuple[str, str], list[tuple]]]:
    for key, group in groupby(rows, key=lambda r: (r[0], r[1])):
        yield key, list(group)


def _diff(key: tuple[str, str], before: list[tuple], now: list[tuple], new_page: bool) -> Iterator[Change]:
    """The changes of one check on one page. Rows are (page_key, code, status, item, name, scope)."""
    page_key, code = key
    items_before = Counter(r[3] for r in before if r[3] != WHOLE_CHECK)
    items_now = Counter(r[3] for r in now if r[3] != WHOLE_CHECK)
    if items_before or items_now:
        # findings compared one by one; a check that still fails without listing any (ST001 with only
        # a redirect chain left after its broken link was fixed) is neither fixed nor new as a whole
        for kind, rows, gone in (("fixed", before, items_before - items_now), ("new", now, items_now - items_before)):
            for r in rows:
                if gone.get(r[3], 0) > 0:
                    gone[r[3]] -= 1
                    yield Change(kind, page_key, code, r[2], r[3], r[4] or "", r[5], new_page and kind == "new")
        return
    if before and not now:
        r = before[0]
        yield Change("fixed", page_key, code, r[2], WHOLE_CHECK, r[4] or "", r[5])
    elif now and not before:
        r = now[0]
        yield Change("new", page_key, code, r[2], WHOLE_CHECK, r[4] or "", r[5], new_page)


def compares_site_findings(store, scan_id: int, previous_id: int) -> bool:
    """Are the two scans' site findings compared? Only when both covered the whole site
    (``ScanRow.whole_site``): a spot check of some pages does not judge links into a page or the
    sitemap (ST006, ST007), and compares duplicates among the pages it was given, so its site
    findings, set against a whole scan's, would read as fixed."""
    return all(store.scan(i).whole_site for i in (scan_id, previous_id))


@dataclass(frozen=True)
class ChecksChanged:
    """The checks one scan ran and the other did not (``ignore``, level "off" changed in between):
    their findings are neither fixed nor new, yet the score change and the problem counts include them."""

    turned_off: tuple[str, ...]  # run by the previous scan, not by this one
    turned_on: tuple[str, ...]  # run by this scan, not by the previous one
    on_findings: int  # this scan's findings of the checks turned on (not listed as new)
    on_pages: int  # the pages they are on


def toggled_checks(store, scan_id: int, previous_id: int) -> tuple[frozenset[str], frozenset[str]]:
    """(turned off, turned on): the checks ``previous_id`` ran and ``scan_id`` does not, and the
    other way round; none when either scan was stored before the checks were kept
    (``Store.checks_of``). The dashboard (``checks_changed``) and the scorecards say the same."""
    now, before = store.checks_of(scan_id), store.checks_of(previous_id)
    if now is None or before is None:
        return frozenset(), frozenset()
    return before - now, now - before


def checks_changed(store, scan_id: int, previous_id: int) -> ChecksChanged | None:
    """How the checks ``scan_id`` ran differ from those of ``previous_id`` (``toggled_checks``),
    with the findings of those turned on; None when none was turned off or on."""
    off, on = toggled_checks(store, scan_id, previous_id)
    if not off and not on:
        return None
    on = tuple(sorted(on))
    found, pages = 0, 0
    if on:
        marks = ",".join("?" * len(on))
        found, pages = store.db.execute(
            f"SELECT COUNT(*), COUNT(DISTINCT page_key) FROM finding_items WHERE scan_id=? AND code IN ({marks})",
            (scan_id, *on)).fetchone()
    return ChecksChanged(tuple(sorted(off)), on, found, pages)


def changes(store, scan_id: int, previous_id: int) -> Iterator[Change]:
    """Findings fixed since scan ``previous_id`` (on pages audited in both scans) and new in
    ``scan_id``, by page and check. Reads both scans' items once, in key order (memory holds the
    audited pages' keys, not the findings)."""
    audited_now = {k for (k,) in store.db.execute("SELECT key FROM pages WHERE scan_id=? AND status='ok'", (scan_id,))}
    audited_before = {k for (k,) in store.db.execute("SELECT key FROM pages WHERE scan_id=? AND status='ok'", (previous_id,))}
    sited = compares_site_findings(store, scan_id, previous_id)
    # a check turned off since (or only now turned on) is not compared: its findings were not fixed
    ran = [store.checks_of(scan_id), store.checks_of(previous_id)]
    both = ran[0] & ran[1] if None not in ran else None

    def compared(r) -> bool:
        return r[0] in audited_now and (sited or r[5] == "page") and (both is None or r[1] in both)

    before = _grouped(r for r in store.finding_items(previous_id) if compared(r))
    now = _grouped(r for r in store.finding_items(scan_id) if compared(r))
    b, n = next(before, None), next(now, None)
    while b is not None or n is not None:
        if n is None or (b is not None and b[0] < n[0]):
            yield from _diff(b[0], b[1], [], False)
            b = next(before, None)
        elif b is None or n[0] < b[0]:
            yield from _diff(n[0], [], n[1], n[0][0] not in audited_before)
            n = next(now, None)
        else:
            yield from _diff(n[0], b[1], n[1], n[0][0] not in audited_before)
            b, n = next(before, None), next(now, None)


@dataclass
class ChangeGroup:
    """One finding fixed or new on one or more pages, as the dashboard lists it."""

    kind: str
    code: str
    title: str  # the check's failure title
    name: str  # the finding ("" for a check as a whole whose messages differ from page to page)
    status: str  # the worst status among its pages
    pages: list[tuple[str, str]] = field(default_factory=list)  # (url, scorecard) of the first MAX_GROUP_PAGES
    count: int = 0  # findings (a claim repeated on a page counts twice)
    page_count: int = 0
    new_pages: int = 0  # of its pages, those not audited in the previous scan (all or none: ``summarise`` keeps them apart)
    last_page: str = ""
    caps: float | None = None  # the score cap the check holds a page to when it is a problem (``CheckSpec.caps_score``)

    @property
    def on_new_pages(self) -> bool:
        """Found on pages the previous scan did not audit: a new post's routine findings, not a regression."""
        return self.kind == "new" and self.new_pages > 0

    def order(self) -> tuple:
        """Regressions on pages audited in both scans first; then the worst: a problem that caps the
        page's score (noindex, a forbidden claim, stuffing: the lower the cap the sooner), problems,
        then findings to improve; then the most pages."""
        capping = self.caps is not None and self.status == "bad"
        return (self.on_new_pages, not capping, self.caps if capping else 0.0, STATUS_ORDER.get(self.status, 9),
                -self.page_count, self.code, self.name)

    @property
    def more(self) -> int:
        return self.page_count - len(self.pages)


@dataclass
class ChangesSummary:
    """Fixed and new findings since a previous scan, grouped for the dashboard."""

    previous_number: int | None
    previous_date: str
    kept: bool = True  # False: the previous scan predates kept findings, nothing was compared
    fixed: list[ChangeGroup] = field(default_factory=list)
    new: list[ChangeGroup] = field(default_factory=list)
    fixed_count: int = 0
    new_count: int = 0
    more_fixed_groups: int = 0
    more_new_groups: int = 0
    not_compared: int = 0  # pages audited in the previous scan and not in this one
    new_on_new_pages: int = 0  # of ``new_count``, the findings on pages the previous scan did not audit
    new_pages: int = 0  # those pages
    site_compared: bool = True  # site findings compared too (both scans covered the whole site)


def summarise(store, scan_id: int, previous, titles: dict[str, str], found: Iterable[Change] | None = None) -> ChangesSummary:
    """The dashboard's "Fixed since scan #N" / "New since scan #N" lists: the changes grouped by check
    and finding, worst first (``ChangeGroup.order``), the new findings of pages the previous scan did
    not audit in groups of their own, after the others. ``previous`` is the scan compared with (a ``ScanRow``);
    ``found``: ``changes(store, scan_id, previous.id)`` as the caller reads them (changes.csv writes each
    on the way), not read if the previous scan kept no findings."""
    from .checks import ALL_CHECKS

    caps = {spec.code: spec.caps_score for spec in ALL_CHECKS if spec.caps_score is not None}
    summary = ChangesSummary(previous.number, (previous.started_at or "")[:16].replace("T", " "),
                             site_compared=compares_site_findings(store, scan_id, previous.id))
    if not store.kept_findings(previous.id):
        summary.kept = False
        return summary
    pages = {key: (url, scorecard or "") for key, url, scorecard in store.db.execute(
        "SELECT key, url, scorecard FROM pages WHERE scan_id=? AND status='ok'", (scan_id,))}
    (summary.not_compared,) = store.db.execute(
        "SELECT COUNT(*) FROM pages p WHERE p.scan_id=? AND p.status='ok' AND NOT EXISTS"
        " (SELECT 1 FROM pages q WHERE q.scan_id=? AND q.key=p.key AND q.status='ok')", (previous.id, scan_id)).fetchone()
    groups: dict[tuple[str, str, str, bool], ChangeGroup] = {}
    new_pages = set()
    for c in changes(store, scan_id, previous.id) if found is None else found:
        key = (c.kind, c.code, c.item, c.new_page)
        if c.new_page:
            summary.new_on_new_pages += 1
            new_pages.add(c.page_key)
        g = groups.get(key)
        if g is None:
            g = groups[key] = ChangeGroup(c.kind, c.code, titles.get(c.code, c.code), c.name, c.status, caps=caps.get(c.code))
        elif c.item == WHOLE_CHECK and g.name != c.name:
            g.name = ""  # the same check, with its own message on each page
        if STATUS_ORDER.get(c.status, 9) < STATUS_ORDER.get(g.status, 9):
            g.status = c.status
        g.count += 1
        if c.page_key == g.last_page:  # changes come page by page: a repeat on the same page
            continue
        g.last_page = c.page_key
        g.page_count += 1
        g.new_pages += int(c.new_page)
        if len(g.pages) < MAX_GROUP_PAGES:
            g.pages.append(pages.get(c.page_key, (c.page_key, "")))
    summary.new_pages = len(new_pages)
    ordered = sorted(groups.values(), key=ChangeGroup.order)
    for g in ordered:
        side = summary.fixed if g.kind == "fixed" else summary.new
        if g.kind == "fixed":
            summary.fixed_count += g.count
        else:
            summary.new_count += g.count
        if len(side) < MAX_GROUPS:
            side.append(g)
        elif g.kind == "fixed":
            summary.more_fixed_groups += 1
        else:
            summary.more_new_groups += 1
    return summary
