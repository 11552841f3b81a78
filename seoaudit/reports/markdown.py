"""Markdown: a summary for ``$GITHUB_STEP_SUMMARY`` or a merge-request comment.

A verdict heading, the counts, and one table row per failure (worst first within
each page), then the pages that could not be audited, the unchanged posts checked for
their links to deleted, renamed or moved posts, and the drafts skipped;
passes go in a collapsed ``<details>`` block with ``--include-passed``.

Page text (titles, check messages quoting sentences) is untrusted: every cell is
HTML-escaped and the Markdown characters that could start a link, emphasis, code
or a new cell are written as entities, so a post cannot inject markup.
"""

from __future__ import annotations

import html

from ..gate import AssertionResult, GateResult
from ..text import printable
from .base import RenderContext
from .gate_formats import actual_text, by_page, expected_text, outcome, summary_line, title, worst_first

_MD_SPECIAL = {"|": "&#124;", "[": "&#91;", "]": "&#93;", "`": "&#96;", "*": "&#42;", "_": "&#95;", "~": "&#126;",
               "\\": "&#92;", "#": "&#35;", "!": "&#33;"}
_ICONS = {"error": "❌ error", "warn": "⚠️ warning", "baselined": "➖ baselined", "pass": "✅ pass"}


def cell(text: str) -> str:
    escaped = html.escape(printable(" ".join(str(text).split())), quote=False)
    return "".join(_MD_SPECIAL.get(ch, ch) for ch in escaped)


def _message(a: AssertionResult) -> str:
    """The check's message, then each finding by line and name (the details, such as a
    claim's safer wording, are in the text output and the annotations: a table cell is short)."""
    if not a.findings:
        return a.message
    listed = "; ".join(f"line {f.line} {f.name}" if f.line else f.name for f in a.findings)
    return f"{a.message} Findings: {listed}."


def _row(a: AssertionResult) -> str:
    where = a.source_path or a.page
    line = str(a.line) if a.line else ""
    return (f"| {_ICONS[outcome(a)]} | {cell(where)} | {line} | {cell(title(a))} | {cell(expected_text(a))} "
            f"| {cell(actual_text(a))} | {cell(_message(a))} |")


_VERDICTS = {"passed": "✅ passed", "failed": "❌ failed", "incomplete": "❌ incomplete (some targets could not be audited)"}
_HEADER = ["| Result | Page | Line | Check | Expected | Actual | Message |", "|---|---|---|---|---|---|---|"]


def _table(items: list[AssertionResult]) -> list[str]:
    return [*_HEADER, *(_row(a) for a in items)]


def render_markdown(result: GateResult) -> str:
    verdict = _VERDICTS[result.status]
    if result.status == "incomplete" and not result.passed:
        verdict = "❌ failed and incomplete (some targets could not be audited)"
    out = [f"## seoaudit check: {verdict}", "", cell(summary_line(result)), ""]
    failures = [a for items in by_page(result.listed).values() for a in worst_first(tuple(items)) if not a.passed]
    if failures:
        out += [*_table(failures), ""]
    else:
        out += ["No failed assertions.", ""]
    if result.unreadable:
        out += ["### Could not be audited", ""]
        out += [f"- {cell(p.error or p.source)}" for p in result.unreadable]
        out.append("")
    if result.linked:
        out += ["### Unchanged posts checked for links to posts deleted, renamed or moved (ST001 only)", ""]
        out += [f"- {cell(page)}: {cell(', '.join(links))}" for page, links in result.linked]
        out.append("")
    if result.skipped:
        out += ["### Drafts skipped", ""]
        out += [f"- {cell(s)}" for s in result.skipped]
        out.append("")
    if result.include_passed and result.passes:
        out += [f"<details><summary>{len(result.passes)} passed assertions</summary>", "", *_table(list(result.passes)), "", "</details>", ""]
    return "\n".join(out)


class MarkdownReporter:
    name = "markdown"
    default_filename = "seoaudit-summary.md"

    def render(self, result: GateResult, ctx: RenderContext) -> bytes:
        return render_markdown(result).encode("utf-8")
