"""Text: a terminal summary, one block per page, one line per check that needs work.

Colour is ANSI and only when ``RenderContext.color`` is true; the CLI decides that
from ``isatty()`` and ``NO_COLOR`` so this module never inspects the environment.
"""

from __future__ import annotations

from ..models import AuditReport, CheckResult, PageReport
from ..registry import CATEGORIES
from ..scoring import band
from ..text import plural
from ..text import printable
from .base import BAND_LABELS, OutputFile, RenderContext, fix_order, fmt_score, partial_note, status_counts, suggestions_of, targeting_notes

_ANSI = {"good": "32", "ok": "33", "bad": "31", "error": "35", "na": "2", "bold": "1", "dim": "2"}
_TAGS = {"good": "GOOD", "ok": "OK", "bad": "BAD", "na": "N/A", "error": "ERR"}
_TAG_WIDTH = max(len(t) for t in _TAGS.values())


def paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_ANSI[style]}m{text}\x1b[0m" if color and style in _ANSI else text


def check_line(c: CheckResult, color: bool) -> str:
    tag = paint(_TAGS.get(c.status, c.status.upper()).ljust(_TAG_WIDTH), c.status, color)
    return f"  {tag}  {c.code} {c.name}  {printable(c.message)}".rstrip()


def score_text(score: float | None, color: bool) -> str:
    return paint(fmt_score(score), band(score), color)


def page_lines(page: PageReport, color: bool, suggestions: tuple = ()) -> list[str]:
    title = f" — {page.title}" if page.title else ""
    head = paint(printable(f"{page.source}{title}"), "bold", color)
    if page.status == "error":
        return [head, f"  {paint('ERR', 'error', color)}  could not audit: {printable(page.error or 'unknown error')}"]
    cap = page.score_cap
    held = ""
    if cap:
        # at the cap, or under it when a capped category lowered the score further (68.6 under 70)
        where = f"at {fmt_score(page.score)}" if round(page.score) >= cap["max"] else f"under {cap['max']:g}"
        held = f", held {where} by {', '.join(cap['checks'])}; {cap['uncapped']:.1f} uncapped"  # one decimal: 70.4 held at 70 read "70 uncapped"
    lines = [head, f"  score {score_text(page.score, color)} ({BAND_LABELS[band(page.score)].lower()}{held})"]
    # a score without its target (no city: the place-list check alone) is marked, not banded on its own
    cats = "  ".join(f"{cat} {score_text(page.categories.get(cat), color)}" + (" (partial)" if partial_note(page, cat) else "")
                     for cat in CATEGORIES if cat in page.categories)
    if cats:
        lines.append(f"  {cats}")
    lines.extend(f"  {paint(note, 'ok', color)}" for note in targeting_notes(page, suggestions))
    # checks that crashed, then the scorecard's "Fix these first" order: the cap's checks, problems, to improve
    crashed = [c for c in page.checks if c.status == "error"]
    lines.extend(check_line(c, color) for c in crashed + fix_order(page))
    counts = status_counts(page)
    lines.append(paint("  " + ", ".join(f"{n} {_TAGS[s].lower()}" for s, n in counts.items() if n), "dim", color))
    return lines


def render_text(report: AuditReport, color: bool = False) -> str:
    blocks = ["\n".join(page_lines(p, color, suggestions_of(p, report))) for p in report.pages]
    n = len(report.pages)
    footer = f"seoaudit {report.tool_version}: {plural(n, 'page')}"
    if n > 1:  # one page (audited or not) has no site score to speak of
        footer += f", site score {score_text(report.score, color)}"
    if report.failed:
        footer += f", {len(report.failed)} could not be audited"
    if report.settings:
        footer += f"; settings: {printable(report.settings)}"
    return "\n\n".join([*blocks, footer]) + "\n"


class TextReporter:
    name = "text"
    default_filename = "seoaudit.txt"
    single_file = True

    def render(self, report: AuditReport, ctx: RenderContext) -> tuple[OutputFile, ...]:
        return (OutputFile(self.default_filename, render_text(report, ctx.color).encode("utf-8")),)
