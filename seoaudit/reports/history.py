"""``seoaudit history`` output: ``text`` for people, ``json`` and ``csv`` for client reports and
spreadsheets, each for the three views of ``history.py`` (all sites, one site, one page).

Dates are the scan's start in UTC: ISO 8601 in JSON (as stored), ``YYYY-MM-DD HH:MM`` in text and
CSV. Scores and changes have one decimal. CSV is bytes with the byte order mark of the scan's CSV
files (``csv_report.CSV_ENCODING``), so Excel shows accents, and cells cannot run as formulas.
"""

from __future__ import annotations

import csv
import io

from ..history import MATCHED_BY_HOST, MATCHED_BY_TARGETS, PageView, ScanLine, SiteSummary, SitesView, SiteView
from ..store import intel_words
from ..text import plural, printable
from .csv_report import CSV_ENCODING, cell
from .jsonfmt import dumps_readable

SPARKS = "▁▂▃▄▅▆▇█"
NONE = "–"

SITES_COLUMNS = ("site", "scans", "partial_scans", "last_scan_number", "scan_date_utc", "whole_site", "score", "change",
                 "compared_with", "pages_audited", "pages_failed", "pages_skipped", "sitemap_problems", "failure")
SITE_COLUMNS = ("site", "scan_number", "scan_date_utc", "whole_site", "score", "change", "compared_with", "pages_audited",
                "pages_failed", "pages_skipped", "sitemap_problems", "failure", "near_duplicate_pairs", "city_swap_pairs",
                "clusters", "pages_in_clusters")
PAGE_COLUMNS = ("url", "site", "scan_number", "scan_date_utc", "whole_site", "status", "score", "change")


def sparkline(scores: list[float | None]) -> str:
    """Scores as bars scaled to their own range (with the range after them): on a 0-100
    scale every score from 87.5 to 100 drew the same "█" and progress never showed. A range
    under 2 points is drawn as 2 points wide, so noise does not look like a trend. None (a
    partial scan, a scan without a score) is a gap."""
    values = [s for s in scores if s is not None]
    if not values:
        return ""
    low, high = min(values), max(values)
    span = max(high - low, 2.0)
    base = low - (span - (high - low)) / 2  # a narrow range sits mid-scale
    top = len(SPARKS) - 1
    bars = "".join(" " if s is None else SPARKS[min(top, max(0, round((s - base) / span * top)))] for s in scores)
    return f"{bars} ({low:.1f}–{high:.1f})" if high != low else f"{bars} ({low:.1f})"


def when(started_at: str | None) -> str:
    return (started_at or "")[:16].replace("T", " ")


def score_text(score: float | None) -> str:
    return NONE if score is None else f"{score:.1f}"


def change_text(line: ScanLine) -> str:
    if not line.scan.whole_site:
        return "partial"
    return "" if line.change is None else f"{line.change:+.1f}"


def counts_text(line: ScanLine) -> str:
    s = line.scan
    counts = (f"{s.pages_ok} audited, {s.pages_failed} failed, {s.pages_skipped} skipped"
              + (f", {plural(len(s.problems), 'input problem')}" if s.problems else ""))
    # a site that was down: say so first, not "1 input problem"
    return f"scan failed, nothing audited: {printable(line.failure)} ({counts})" if line.failure else counts


# ---- text ---------------------------------------------------------------------------------
def sites_text(view: SitesView) -> str:
    if not view.sites:
        return "No scans stored yet.\n"
    head = ("site", "scans", "partial", "last scan", "score", "change", "audited", "failed")
    rows = [sites_row(s) for s in view.sites]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    lines = ["  ".join(text.ljust(w) if i in (0, 3) else text.rjust(w) for i, (text, w) in enumerate(zip(r, widths)))
             for r in [head, *rows]]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def sites_row(summary: SiteSummary) -> tuple[str, ...]:
    counts = (printable(summary.site), str(summary.scans), str(summary.partial_scans) if summary.partial_scans else "")
    last = summary.last
    if last is None:
        return (*counts, "no complete scan", NONE, "", "", "")
    return (*counts, f"#{last.scan.number} {when(last.scan.started_at)}", score_text(last.scan.score), change_text(last),
            str(last.scan.pages_ok), str(last.scan.pages_failed))


def site_text(view: SiteView) -> str:
    out = []
    for trend in view.sites:
        out.append(f"{printable(trend.site)}  {sparkline([l.scan.score if l.scan.whole_site else None for l in trend.scans])}".rstrip())
        shown_before = None
        for line in trend.scans:
            s = line.scan
            since = ""
            if line.compared_with is not None and line.compared_with != shown_before:
                since = f" (change since #{line.compared_with})"  # a partial or failed scan came between
            out.append(f"  #{s.number:<5} {when(s.started_at)}  {score_text(s.score):>6} {change_text(line):>7}  {counts_text(line)}"
                       + since + (f" · {intel_words(s.intel)}" if s.intel else ""))
            shown_before = s.number
    return "\n".join(out) + "\n"


def page_text(view: PageView) -> str:
    out = [printable(view.url)]
    for trend in view.sites:
        out.append(f"  {printable(trend.site)}  {sparkline([l.score for l in trend.scans])}".rstrip())
        for line in trend.scans:
            delta = "" if line.change is None else f"{line.change:+.1f}"
            out.append(f"    #{line.number:<5} {when(line.started_at)}  {score_text(line.score):>6} {delta:>7}  {line.status}"
                       + ("" if line.whole_site else "  (partial scan)"))
    return "\n".join(out) + "\n"


def render_text(view) -> str:
    return {SitesView: sites_text, SiteView: site_text, PageView: page_text}[type(view)](view)


# ---- json ---------------------------------------------------------------------------------
def render_json(view) -> str:
    return dumps_readable(view.to_dict(), inline_depth=4) + "\n"


# ---- csv ----------------------------------------------------------------------------------
def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def sites_rows(view: SitesView):
    yield SITES_COLUMNS
    for summary in view.sites:
        last = summary.last
        if last is None:
            yield (summary.site, summary.scans, summary.partial_scans) + ("",) * (len(SITES_COLUMNS) - 3)
            continue
        s = last.scan
        yield (summary.site, summary.scans, summary.partial_scans, s.number, when(s.started_at), yes_no(s.whole_site), s.score,
               last.change, last.compared_with, s.pages_ok, s.pages_failed, s.pages_skipped, len(s.problems), last.failure)


def site_rows(view: SiteView):
    yield SITE_COLUMNS
    for trend in view.sites:
        for line in trend.scans:
            s, intel = line.scan, line.scan.intel or {}
            yield (trend.site, s.number, when(s.started_at), yes_no(s.whole_site), s.score, line.change, line.compared_with,
                   s.pages_ok, s.pages_failed, s.pages_skipped, len(s.problems), line.failure,
                   *(intel.get(k) for k in ("near_duplicate_pairs", "city_swap_pairs", "clusters", "pages_in_clusters")))


def page_rows(view: PageView):
    yield PAGE_COLUMNS
    for trend in view.sites:
        for line in trend.scans:
            yield (view.url, trend.site, line.number, when(line.started_at), yes_no(line.whole_site), line.status, line.score,
                   line.change)


def render_csv(view) -> bytes:
    rows = {SitesView: sites_rows, SiteView: site_rows, PageView: page_rows}[type(view)](view)
    out = io.StringIO()
    writer = csv.writer(out)  # \r\n line ends, as the scan's CSV files
    writer.writerows([cell(v) for v in row] for row in rows)
    return out.getvalue().encode(CSV_ENCODING)


RENDERERS = {"text": render_text, "json": render_json, "csv": render_csv}


def render(view, fmt: str) -> str | bytes:
    """The view in ``fmt`` (text, json or csv). CSV is bytes: its encoding and byte order mark are
    the file's, whatever the terminal's."""
    return RENDERERS[fmt](view)


def lookup_note(view: SiteView) -> str:
    """Which stored sites a site view shows, when they are not just the one named as typed:
    "127.0.0.1:8102: 2 stored sites: 127.0.0.1:8102 (named after the host), Kirkstall Physio
    (its scans target this host)"; "" otherwise."""
    if [trend.site for trend in view.sites] == [view.target]:
        return ""
    why = {MATCHED_BY_HOST: " (named after the host)", MATCHED_BY_TARGETS: " (its scans target this host)"}
    shown = ", ".join(f"{trend.site}{why.get(trend.matched_by, '')}" for trend in view.sites)
    return printable(f"{view.target}: {plural(len(view.sites), 'stored site')}: {shown}")
