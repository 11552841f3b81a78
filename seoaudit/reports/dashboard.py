"""The scan dashboard (``index.html``) and the clients overview, read from the history store and
from what the scan computed once for all its reports (``ScanFacts``, ``scan.UnitResult``).

Self-contained like the scorecards: inline CSS and SVG, one small inline script that
sorts and filters the page table (the table is complete and worst-first without it).
Everything from pages (titles, URLs, anchors, error messages) is escaped by jinja2
autoescape, and only plain http(s) URLs become links.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

from ..crawl import LinkStatus
from ..scan_folder import DASHBOARD
from ..site import SiteWideFinding
from ..scoring import band, counted_pages
from .base import check_docs
from .html import environment

#: Rows in the page table; the rest are in pages.csv (the page says so).
MAX_TABLE_ROWS = 10_000
MAX_BROKEN = 200  # broken targets listed
MAX_SOURCES = 20  # linking pages listed per broken target
HIST_BINS = 10


@dataclass(frozen=True)
class PageRow:
    url: str
    title: str
    status: str  # ok | error | skipped
    score: float | None
    delta: float | None
    scorecard: str
    cause: str
    error: str
    bad: int
    improve: int
    kind: str = "post"  # page_type: post, listing, home or page


@dataclass(frozen=True)
class CommonProblem:
    code: str
    title: str
    pages: int  # pages where the check has a problem
    site_wide: int = 0  # of them, pages where it is the same site-wide finding (site.SiteWideFinding)

    @property
    def weight(self) -> int:
        """How many fixes it takes: one for the site-wide finding, one per other page."""
        return self.pages - self.site_wide + (1 if self.site_wide else 0)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    count: int
    band: str


@dataclass(frozen=True)
class IntelChange:
    """One site-intelligence count in this scan and in the previous scan that had site intelligence."""
    key: str  # intel.json "summary" key
    label: str
    before: int
    after: int

    @property
    def delta(self) -> int:
        return self.after - self.before

    @property
    def delta_text(self) -> str:
        """``−4`` (a real minus sign), ``+2`` or ``±0``."""
        d = self.delta
        return f"+{d}" if d > 0 else f"\u2212{-d}" if d < 0 else "\u00b10"


#: The counts compared with the previous scan (keys of intel.json's "summary"), in display order.
INTEL_TREND = (("near_duplicate_pairs", "near-duplicate pairs"), ("city_swap_pairs", "city-swap pairs"),
               ("clusters", "cannibalisation clusters"), ("pages_in_clusters", "pages in clusters"))


def intel_changes(now: dict | None, before: dict | None) -> tuple[IntelChange, ...]:
    """The INTEL_TREND counts present in both scans' stored site intelligence (empty when either has none)."""
    if not now or not before:
        return ()
    return tuple(IntelChange(key, label, before[key], now[key]) for key, label in INTEL_TREND if key in now and key in before)


@dataclass(frozen=True)
class TrendPoint:
    x: float
    y: float | None  # None: the scan audited nothing (no score), drawn as a gap on the axis
    number: int | None  # the scan's number among the site's scans
    date: str  # YYYY-MM-DD
    score: float | None
    labelled: bool  # its number is written under the axis (every point's when they fit, else every k-th and the last)
    dated: bool  # and its date under that (dates take more room)

    @property
    def title(self) -> str:
        what = f"{self.score:.1f}" if self.score is not None else "scan failed, no score"
        return f"Scan #{self.number} of {self.date}: {what}"


@dataclass(frozen=True)
class Trend:
    """The "Site score over time" chart: one point per complete scan, oldest left, on a y axis fitted to
    the scores (81.1 and 83.1 on a 0-100 scale drew a flat line), each scored point with its value,
    and the scans that audited nothing marked on the axis, with the line broken across them."""

    points: tuple[TrendPoint, ...]
    lines: tuple[str, ...]  # SVG polyline points of each run of scored scans
    bridges: tuple[tuple[float, float, float, float], ...]  # dashed x1, y1, x2, y2 across failed scans
    ticks: tuple[tuple[float, str], ...]  # y, label of the y axis
    left: float
    right: float
    bottom: float  # y of the x axis
    values_shown: bool  # every scored point has its value written above it

    @property
    def scored(self) -> tuple[TrendPoint, ...]:
        return tuple(p for p in self.points if p.y is not None)

    @property
    def failed(self) -> tuple[TrendPoint, ...]:
        return tuple(p for p in self.points if p.y is None)


#: Points whose value and number are all written; past it, every k-th (the last always).
MAX_LABELLED_POINTS = 12


def histogram(scores: list[float], width: float = 600, height: float = 140) -> tuple[Bar, ...]:
    """Ten bars for the score ranges 0-9 ... 90-100, heights relative to the tallest."""
    counts = [0] * HIST_BINS
    for s in scores:
        counts[min(HIST_BINS - 1, int(s // 10))] += 1
    top = max(counts) or 1
    bar_w = width / HIST_BINS
    bars = []
    for i, n in enumerate(counts):
        # 20 px below for the range labels, 16 above so the tallest bar's count stays in view
        h = (height - 20 - 16) * n / top
        bars.append(Bar(x=i * bar_w + 2, y=height - 20 - h, width=bar_w - 4, height=h,
                        label=f"{i * 10}–{i * 10 + 9 if i < 9 else 100}", count=n, band=band(i * 10 + 5)))
    return tuple(bars)


def trend(history: list[tuple[int | None, str, float | None]], width: float = 600, height: float = 180) -> Trend | None:
    """The chart of ``history`` ((scan number, started at, score or None) per complete scan, oldest
    first); None with fewer than two scores."""
    import math

    scores = [score for _, _, score in history if score is not None]
    if len(scores) < 2:
        return None
    low, high = min(scores), max(scores)
    pad = max(2.0, (10 - (high - low)) / 2)  # at least a 10-point range: a 0.4-point wobble is not a cliff
    bottom_value = max(0, math.floor((low - pad) / 5) * 5)
    top_value = min(100, math.ceil((high + pad) / 5) * 5)
    span = top_value - bottom_value
    step = next(s for s in (5, 10, 20, 25, 50) if span / s <= 5)
    left, right, top, bottom = 40.0, width - 16.0, 16.0, height - 38.0

    def y_of(score: float) -> float:
        return bottom - (bottom - top) * (score - bottom_value) / span

    ticks = tuple((y_of(v), f"{v:g}") for v in range(int(math.ceil(bottom_value / step) * step), int(top_value) + 1, step))
    n = len(history)
    inset = 34  # half a date label ("2025-03-02" is ~64 units): the first and last stay inside the chart
    spacing = right - left - 2 * inset if n == 1 else (right - left - 2 * inset) / (n - 1)
    every = max(1, math.ceil(n / MAX_LABELLED_POINTS), math.ceil(26 / spacing))  # "#12" is ~20 units wide
    date_every = max(every, math.ceil(70 / spacing))
    xs = [(left + right) / 2] if n == 1 else [left + inset + i * spacing for i in range(n)]

    def shown(i: int, k: int) -> bool:  # every k-th from the last (the latest scan is always named)
        return (n - 1 - i) % k == 0

    points = tuple(TrendPoint(x=xs[i], y=None if score is None else y_of(score), number=number, date=(when or "")[:10],
                              score=score, labelled=shown(i, every), dated=shown(i, date_every))
                   for i, (number, when, score) in enumerate(history))
    lines, run, bridges, last = [], [], [], None
    for p in points:
        if p.y is None:
            if run:
                lines.append(run)
            run = []
            continue
        if last is not None and not run:  # a failed scan in between: a dashed line across the gap
            bridges.append((last.x, last.y, p.x, p.y))
        run.append(p)
        last = p
    if run:
        lines.append(run)
    return Trend(points=points, lines=tuple(" ".join(f"{p.x:.1f},{p.y:.1f}" for p in r) for r in lines if len(r) > 1),
                 bridges=tuple(bridges), ticks=ticks, left=left, right=right, bottom=bottom,
                 values_shown=len(scores) <= MAX_LABELLED_POINTS)


@dataclass(frozen=True)
class RedirectedLink:
    """An internal link target that answers with a redirect: its pages should link the final URL."""

    url: str
    final_url: str
    hops: int
    status: int | None  # the final answer
    sources: tuple[str, ...]  # linking pages (the first MAX_SOURCES)
    more: int  # linking pages not listed


#: Link targets an audited page links to that are broken or answer through redirects (the rows links.csv
#: lists: a redirect may end at a broken page); a 404 sitemap entry nothing links to is a failed page, not a
#: broken link. By URL.
_LINKED_PROBLEMS = ("SELECT t.key, t.url FROM targets t WHERE t.scan_id=? AND (t.broken=1 OR t.hops>0) AND EXISTS ("
                    "SELECT 1 FROM links l JOIN pages p ON p.scan_id=l.scan_id AND p.key=l.source_key"
                    " WHERE l.scan_id=t.scan_id AND l.target_key=t.key{also}) ORDER BY t.url")


def linked_broken_targets(store, scan_id: int, link_statuses: dict) -> Iterator[tuple[str, LinkStatus]]:
    """(key, outcome) of each broken link target some page of the scan links to, by URL: broken when
    requested, or a redirect that ends at a broken page (``link_statuses``: ``site.stored_link_statuses``)."""
    for key, _url in store.db.execute(_LINKED_PROBLEMS.format(also=""), (scan_id,)):
        if link_statuses[key].broken:
            yield key, link_statuses[key]


def redirected_links(store, scan_id: int, link_statuses: dict, limit: int = MAX_BROKEN) -> list[RedirectedLink]:
    """The redirected (not broken) internal link targets the scan's audited pages link to, by URL,
    with the pages that link them (links.csv has every link)."""
    out = []
    for key, _url in store.db.execute(_LINKED_PROBLEMS.format(also=" AND l.source_key<>t.key AND p.status='ok'"),
                                      (scan_id,)).fetchall():
        st = link_statuses[key]
        if st.broken:  # a redirect to a page that turned out broken: in the broken list
            continue
        sources = [u for (u,) in store.db.execute(
            "SELECT DISTINCT p.url FROM links l JOIN pages p ON p.scan_id=l.scan_id AND p.key=l.source_key"
            " WHERE l.scan_id=? AND l.target_key=? AND l.source_key<>? AND p.status='ok' ORDER BY p.url", (scan_id, key, key))]
        out.append(RedirectedLink(st.url, st.final_url, st.hops, st.status, tuple(sources[:MAX_SOURCES]),
                                  max(0, len(sources) - MAX_SOURCES)))
        if len(out) >= limit:
            break
    return out


def fail_titles() -> dict[str, str]:
    """Failure titles by code: every registered check plus the site checks (run by the scan itself)."""
    from ..checks.site_links import CHECKS as SITE_CHECKS

    titles = {f.spec.code: f.spec.fail_title for f in SITE_CHECKS}
    titles.update({code: doc.fail_title or doc.title or code for code, doc in check_docs().items()})
    return titles


@dataclass(frozen=True)
class ScanFacts:
    """What a finished scan computed once that its dashboard shows: ``ScanRun._finish`` passes its own,
    ``of_store`` reads them from the history again, for a dashboard drawn apart from its scan."""

    previous: Any  # store.ScanRow: the scan "change since" compares with, None for a first scan
    site_wide: Sequence[SiteWideFinding]  # site.site_wide_findings
    link_statuses: Mapping[str, LinkStatus]  # every link target, followed to its end (site.stored_link_statuses)
    changes: Any = None  # changes.ChangesSummary since ``previous``; None: nothing compared (no previous, no page audited)

    @classmethod
    def of_store(cls, store, scan_id: int) -> "ScanFacts":
        from ..changes import summarise
        from ..site import site_wide_findings, stored_link_statuses

        previous = store.previous_scored_scan(scan_id)
        compared = previous is not None and store.scan(scan_id).pages_ok
        return cls(previous, site_wide_findings(store, scan_id), stored_link_statuses(store, scan_id),
                   summarise(store, scan_id, previous, fail_titles()) if compared else None)


def dashboard_data(store, scan_id: int, facts: ScanFacts | None = None) -> dict:
    """What the dashboard shows of scan ``scan_id``; ``facts``: what the scan computed of it (default:
    ``ScanFacts.of_store``)."""
    facts = ScanFacts.of_store(store, scan_id) if facts is None else facts
    scan = store.scan(scan_id)
    link_statuses, previous, site_wide = facts.link_statuses, facts.previous, facts.site_wide
    before = store.page_scores(previous.id) if previous else {}
    rows: list[PageRow] = []
    failing = Counter()
    scored: list[tuple[float, str]] = []  # (score, page type) of the audited pages
    for r in store.pages(scan_id):
        marks = json.loads(r["failing"] or "[]")
        failing.update(code for code, status in marks if status in ("bad", "error"))
        score = r["score"]
        kind = r["page_type"] or "post"
        if r["status"] == "ok" and score is not None:
            scored.append((score, kind))
        old = before.get(r["key"])
        rows.append(PageRow(
            url=r["url"], title=r["title"] or "", status=r["status"], score=score,
            delta=None if score is None or old is None else score - old, scorecard=r["scorecard"] or "",
            cause=r["cause"] or "", error=r["error"] or "",
            bad=sum(1 for _, s in marks if s in ("bad", "error")), improve=sum(1 for _, s in marks if s == "ok"),
            kind=kind,
        ))
    site_failing = Counter(dict(store.db.execute(
        "SELECT code, COUNT(*) FROM findings WHERE scan_id=? AND status IN ('bad','error') GROUP BY code", (scan_id,)).fetchall()))
    failing.update(site_failing)
    titles = fail_titles()
    # a problem the theme puts on every page is one finding for the site, not N page problems
    shared = Counter()
    for f in site_wide:
        if f.status in ("bad", "error"):
            shared[f.code] += f.pages
    common = sorted((CommonProblem(code, titles.get(code, code), n, min(n, shared[code])) for code, n in failing.items()),
                    key=lambda c: (not c.site_wide, -c.weight, c.code))[:12]  # one fix for many pages first
    from ..changes import checks_changed

    charted = counted_pages(scored, lambda item: item[1])  # the pages the site score is made of
    rows.sort(key=lambda p: (0 if p.status == "error" else 1 if p.score is not None else 2,
                             p.score if p.score is not None else 0.0, p.url))
    broken = []
    # only targets some audited page links to are listed: the limit counts those, not every broken target
    for key, st in islice(linked_broken_targets(store, scan_id, link_statuses), MAX_BROKEN):
        sources = [s for (s,) in store.db.execute(
            "SELECT DISTINCT p.url FROM links l JOIN pages p ON p.scan_id=l.scan_id AND p.key=l.source_key"
            " WHERE l.scan_id=? AND l.target_key=? ORDER BY p.url LIMIT ?", (scan_id, key, MAX_SOURCES + 1))]
        more = 0
        if len(sources) > MAX_SOURCES:  # say how many are not listed: findings.csv has them all
            (total,) = store.db.execute(
                "SELECT COUNT(DISTINCT p.url) FROM links l JOIN pages p ON p.scan_id=l.scan_id AND p.key=l.source_key"
                " WHERE l.scan_id=? AND l.target_key=?", (scan_id, key)).fetchone()
            sources, more = sources[:MAX_SOURCES], total - MAX_SOURCES
        broken.append((st.url, st.error or f"HTTP {st.status}", sources, more))
    redirected = redirected_links(store, scan_id, link_statuses)
    scans = store.site_history(scan.site)
    # a scan of some pages is not a site score: left out of the chart, as ``seoaudit history`` leaves it out
    history = [(s.number, s.started_at, s.score) for s in scans if s.whole_site]
    # site intelligence is compared with the latest earlier whole-site scan that had it (not necessarily
    # ``previous``: that one may have run with --no-intel); a scan of some pages compares with nothing, since
    # "near-duplicate pairs 1 -> 0" among 3 pages is no change of the site's
    intel_previous = store.previous_intel_scan(scan_id) if scan.intel and scan.whole_site else None
    return {
        "scan": scan,
        "failure": store.failure(scan_id),  # why nothing was audited ("" when a page was)
        "previous": previous,
        "delta": None if not previous or previous.score is None or scan.score is None else scan.score - previous.score,
        "rows": rows[:MAX_TABLE_ROWS],
        "hidden_rows": max(0, len(rows) - MAX_TABLE_ROWS),
        "bars": histogram([s for s, _ in charted]),
        "common": common,
        "broken": broken,
        "redirected": redirected,
        "trend": trend(history),
        # left out of the trend (a --no-history spot check has no number: it is no scan of the history)
        "partial_numbers": [s.number for s in scans if not s.whole_site and s.number is not None],
        "audited": len(scored),
        "not_posts": len(scored) - len(charted),
        "intel_previous": intel_previous,
        "site_wide": [(f, titles.get(f.code, f.code)) for f in site_wide],
        "changes": facts.changes,  # findings fixed and new since ``previous`` (changes.ChangesSummary), None without one
        # checks turned off or on since ``previous``: the score change includes them (changes.ChecksChanged)
        "checks_changed": checks_changed(store, scan_id, previous.id) if previous is not None and scan.pages_ok else None,
        "intel_changes": intel_changes(scan.intel, intel_previous.intel if intel_previous else None),
    }


def render_dashboard(store, scan_id: int, intel=None, intel_note: str = "", pace_note: str = "", facts: ScanFacts | None = None) -> str:
    """The dashboard; ``intel`` (a SiteIntel) adds the site-intelligence section, ``intel_note``
    says why there is none (e.g. too many pages), ``pace_note`` why the crawl was slowed (robots.txt
    Crawl-delay, --delay: ``scan.pace_line``); ``facts``: what the scan computed (``dashboard_data``)."""
    intel_html = None
    if intel is not None:
        from markupsafe import Markup

        from .intel import render_intel_html

        # lists the most telling pairs and pages, with the diff of the most similar (reports/intel.py)
        intel_html = Markup(render_intel_html(intel, section_only=True))  # autoescaped template
    return environment().get_template("dashboard.html").render(
        **dashboard_data(store, scan_id, facts), intel=intel, intel_html=intel_html, intel_note=intel_note, pace_note=pace_note)


def write_dashboard(store, scan_id: int, out_dir: Path, intel=None, intel_note: str = "", pace_note: str = "",
                    facts: ScanFacts | None = None) -> Path:
    path = out_dir / DASHBOARD
    path.write_text(render_dashboard(store, scan_id, intel, intel_note, pace_note, facts), encoding="utf-8")
    return path


@dataclass(frozen=True)
class ClientRow:
    name: str
    href: str  # relative path to the client's dashboard
    score: float | None
    delta: float | None
    ok: int
    failed: int
    skipped: int
    problems: int = 0  # sitemaps or targets that could not be read (not pages: not in ``failed``)
    duplicates: int | None = None  # near-duplicate pairs, city swaps apart (None: no site intelligence)
    city_swaps: int | None = None
    clusters: int | None = None
    number: int | None = None  # of this scan, among the client's scans
    failure: str = ""  # why this scan audited nothing ("site unreachable: ..."), "" when it audited a page
    shown_number: int | None = None  # the scan the client's dashboard shows, when it is an earlier one (see failure)
    # None for a scan that audited nothing: its counts are unknown, not 0 (the merged CSVs hold an earlier scan's findings)
    findings_bad: int | None = 0  # checks with a problem (bad or error) on a page, site checks included
    findings_ok: int | None = 0  # checks to improve
    broken_links: int | None = 0  # broken internal link targets an audited page links to
    date: str = ""  # YYYY-MM-DD the scan started (UTC)
    fixed: int | None = None  # findings fixed since the scan ``delta`` compares with (changes.summarise); None: not compared
    new: int | None = None  # findings new since then
    new_on_new_pages: int | None = None  # of them, on pages that scan did not audit


def finding_counts(store, scan_id: int) -> tuple[int, int]:
    """(problems, to improve) of a scan: the checks that failed on its pages with ``bad``/``error``
    and with ``ok``, site checks included: the rows of its findings.csv by severity."""
    counts = Counter()
    for (failing,) in store.db.execute("SELECT failing FROM pages WHERE scan_id=? AND status='ok'", (scan_id,)):
        counts.update(status for _code, status in json.loads(failing or "[]"))
    counts.update(dict(store.db.execute("SELECT status, COUNT(*) FROM findings WHERE scan_id=? GROUP BY status", (scan_id,))))
    return counts["bad"] + counts["error"], counts["ok"]


def broken_link_count(store, scan_id: int, link_statuses: Mapping[str, LinkStatus]) -> int:
    """Broken link targets that an audited page links to (``linked_broken_targets``)."""
    return sum(1 for _ in linked_broken_targets(store, scan_id, link_statuses))


def write_overview(store, results, out_path: Path) -> Path:
    """One page across clients: score, change and counts per client, linking to each dashboard;
    beside it ``clients.csv`` (one row per client) and the clients' ``pages.csv``, ``findings.csv``
    and ``changes.csv`` in one file each, with a ``client`` column (``csv_report.write_combined_csv``).
    ``results``: each client's ``scan.UnitResult``, whose findings fixed and new and broken links are
    the ones its dashboard shows (computed once by its scan)."""
    import os

    from .csv_report import (CHANGE_COLUMNS, CHANGES_CSV, CLIENTS_CSV, FINDING_COLUMNS, LINK_COLUMNS, LINKS_CSV, PAGE_COLUMNS,
                             SCAN_COLUMNS, SITE_WIDE_COLUMN, write_clients_csv, write_combined_csv)

    rows = []
    for r in results:
        scan = store.scan(r.scan_id)
        prev = store.previous_scored_scan(r.scan_id)
        delta = None if not prev or prev.score is None or scan.score is None else scan.score - prev.score
        href = os.path.relpath(Path(r.out_dir) / DASHBOARD, out_path.parent).replace(os.sep, "/")
        intel = r.intel or {}
        # a scan that audited nothing left the client's last good dashboard in place (scan.py)
        shown = prev.number if r.kept_earlier and prev else None
        failure = store.failure(r.scan_id)
        bad, ok = finding_counts(store, r.scan_id) if not failure else (None, None)
        changed = r.changes if r.changes is not None and r.changes.kept else None  # kept none: nothing compared
        rows.append(ClientRow(r.name, href, scan.score, delta, scan.pages_ok, scan.pages_failed, scan.pages_skipped,
                              problems=len(scan.problems), number=scan.number, failure=failure,
                              shown_number=shown,
                              # near_duplicate_pairs already leaves city swaps out (intel/model.py), as the dashboard
                              # does: adding them counted each swap twice (Duplicates 6, City swaps 6 for 6 swaps)
                              duplicates=intel.get("near_duplicate_pairs", 0) if intel else None,
                              city_swaps=intel.get("city_swap_pairs"), clusters=intel.get("clusters"),
                              findings_bad=bad, findings_ok=ok,
                              broken_links=r.broken_links if not failure else None,
                              date=(scan.started_at or "")[:10],
                              fixed=changed.fixed_count if changed else None, new=changed.new_count if changed else None,
                              new_on_new_pages=changed.new_on_new_pages if changed else None))
    folder = out_path.parent
    folder.mkdir(parents=True, exist_ok=True)
    # the CSV files keep the clients file's order, and each client's rows their URL order
    write_clients_csv(folder / CLIENTS_CSV, [{
        "client": c.name, "score": c.score, "change": c.delta, "audited": c.ok, "failed": c.failed, "skipped": c.skipped,
        "sitemap_problems": c.problems, "problems": c.findings_bad, "to_improve": c.findings_ok, "broken_links": c.broken_links,
        "near_duplicates": c.duplicates, "city_swaps": c.city_swaps, "clusters": c.clusters, "scan_number": c.number,
        "scan_date": c.date, "status": "failed" if c.failure else "complete", "failure": c.failure,
        "dashboard_scan": c.shown_number or c.number, "dashboard": c.href,
        "fixed": c.fixed, "new": c.new, "new_on_new_pages": c.new_on_new_pages} for c in rows])
    for name, columns in (("pages.csv", PAGE_COLUMNS), ("findings.csv", (*FINDING_COLUMNS, SITE_WIDE_COLUMN)), (CHANGES_CSV, CHANGE_COLUMNS),
                          (LINKS_CSV, LINK_COLUMNS)):
        write_combined_csv(folder / name, [(r.name, Path(r.out_dir) / name) for r in results], (*columns, *SCAN_COLUMNS))
    # worst first, and a client with no score (nothing could be audited: the site is down, its sitemap
    # unreadable) is the worst of all, not below the 87s
    rows.sort(key=lambda c: (c.score is not None, c.score if c.score is not None else 0.0, c.name))
    out_path.write_text(environment().get_template("dashboard_overview.html").render(clients=rows), encoding="utf-8")
    return out_path
