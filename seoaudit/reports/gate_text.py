"""Text: the human summary of ``seoaudit check``, one line per failure, like ruff and yamllint.

    content/posts/knee.md:14: error BA002 meta-description: The page has no meta description.
    content/posts/knee.md:12: error CL001 claim-cure: Cure or permanence claim: 2 found ...
        content/posts/knee.md:2: 'Cure': In the title
        content/posts/knee.md:12: 'cures'
        Safer: ...

Lines are grouped by page (in audit order), worst first within a page; a check whose
failure is a list of findings (links, claims) has one indented line per finding, with
its own line and the check's words on it, then each advice its findings share (a claim's
safer wording) once; then the pages that could not be audited; then how to learn more,
and one summary line with the verdict.
"""

from __future__ import annotations

import re

from ..gate import GateResult
from ..text import printable
from .base import RenderContext
from .gate_formats import (EXPLAIN_HINT, advice_lines, by_page, finding_location, finding_text, listed_findings, location,
                           outcome, sentence, summary_line, title, worst_first)
from .text import paint

_WORD_RE = re.compile(r"\w+")
_STYLE = {"error": "bad", "warn": "ok", "baselined": "dim", "pass": "good"}


def says_it_all(a, f) -> bool:
    """Is the failure's own line all its one finding would say (the same line, the same words)?
    Then the finding is not repeated under it; a claim's safer wording, a second finding or
    another line still are."""
    if len(a.findings) != 1 or f.line != a.line or f.new:
        return False
    said = set(_WORD_RE.findall(sentence(a).lower()))
    return set(_WORD_RE.findall(finding_text(f).lower())) <= said


def render_gate_text(result: GateResult, color: bool = False) -> str:
    lines: list[str] = []
    for items in by_page(result.listed).values():
        for a in worst_first(tuple(items)):
            label = paint(outcome(a), _STYLE[outcome(a)], color)
            lines.append(f"{printable(location(a))}: {label} {title(a)}: {printable(sentence(a))}")
            findings = listed_findings(a, result)
            lines += [f"    {printable(finding_location(a, f))}: {printable(finding_text(f))}" for f in findings
                      if not says_it_all(a, f)]
            lines += [f"    {printable(advice)}" for advice in advice_lines(findings)]
    for page in result.unreadable:
        lines.append(f"{paint('error', 'bad', color)} could not audit: {printable(page.error or page.source)}")
    if result.show_baselined and result.fixed_items:
        lines.append("Fixed since the baseline:")
        lines += [f"    {printable(item)}" for item in result.fixed_items]
    if any(not a.passed for a in result.listed):
        lines.append(EXPLAIN_HINT)
    verdict = summary_line(result)
    lines.append(paint(verdict, "good" if result.status == "passed" else "bad", color))
    return "\n".join(lines) + "\n"


class GateTextReporter:
    name = "text"
    default_filename = "seoaudit-check.txt"

    def render(self, result: GateResult, ctx: RenderContext) -> bytes:
        return render_gate_text(result, ctx.color).encode("utf-8")
