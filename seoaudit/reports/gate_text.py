"""Text: the human summary of ``seoaudit check``, one line per failure, like ruff and yamllint.

    content/posts/knee.md:14: error BA002 meta-description: No meta description. (expected status in good, ok, actual bad)

Lines are grouped by page (in audit order), worst first within a page; then the
pages that could not be audited; then one summary line with the verdict.
"""

from __future__ import annotations

from ..gate import GateResult
from ..text import printable
from .base import RenderContext
from .gate_formats import by_page, location, outcome, sentence, summary_line, title, worst_first
from .text import paint

_STYLE = {"error": "bad", "warn": "ok", "baselined": "dim", "pass": "good"}


def render_gate_text(result: GateResult, color: bool = False) -> str:
    lines: list[str] = []
    for items in by_page(result.shown).values():
        for a in worst_first(tuple(items)):
            label = paint(outcome(a), _STYLE[outcome(a)], color)
            lines.append(f"{printable(location(a))}: {label} {title(a)}: {printable(sentence(a))}")
    for page in result.unreadable:
        lines.append(f"{paint('error', 'bad', color)} could not audit: {printable(page.error or page.source)}")
    verdict = summary_line(result)
    lines.append(paint(verdict, "good" if result.status == "passed" else "bad", color))
    return "\n".join(lines) + "\n"


class GateTextReporter:
    name = "text"
    default_filename = "seoaudit-check.txt"

    def render(self, result: GateResult, ctx: RenderContext) -> bytes:
        return render_gate_text(result, ctx.color).encode("utf-8")
