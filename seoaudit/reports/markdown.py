"""Markdown: a summary for ``$GITHUB_STEP_SUMMARY`` or a merge-request comment.

A verdict heading, the counts, and one table row per failure (errors first, then
warnings, each in page order) worded as the text output words it, then the pages that could not be audited, the unchanged posts checked for
their links to deleted, renamed or moved posts, and the drafts skipped;
passes go in a collapsed ``<details>`` block with ``--include-passed``.

Page text (titles, check messages quoting sentences) is untrusted: every cell is
HTML-escaped and the Markdown characters that could start a link, emphasis, code
or a new cell are written as entities, so a post cannot inject markup.
"""

from __future__ import annotations

import html
import re

from ..gate import LINK_TARGET_CHECKS, AssertionResult, GateResult
from ..text import printable
from .base import RenderContext
from .gate_formats import advice_lines, join_sentences, listed_findings, outcome, sentence, summary_line, title, worst_first

_MD_SPECIAL = {"|": "&#124;", "[": "&#91;", "]": "&#93;", "`": "&#96;", "*": "&#42;", "_": "&#95;", "~": "&#126;",
               "\\": "&#92;", "#": "&#35;", "!": "&#33;"}
#: a span between backticks once cell() has escaped it (its content is escaped too)
_CODE_RE = re.compile(r"&#96;([^&]+?)&#96;")
_ICONS = {"error": "❌ error", "warn": "⚠️ warning", "baselined": "➖ baselined", "pass": "✅ pass"}


def cell(text: str) -> str:
    escaped = html.escape(printable(" ".join(str(text).split())), quote=False)
    return "".join(_MD_SPECIAL.get(ch, ch) for ch in escaped)


def _message(a: AssertionResult, result: GateResult) -> str:
    """What the text output says: the check's message (with what the gate expected and found
    after a threshold), then each finding by line and name, then each advice they share
    (a claim's safer wording) once."""
    said = sentence(a)
    findings = listed_findings(a, result)
    if not findings:
        return said
    listed = "; ".join(f"line {f.line} {f.name}{' (new)' if f.new else ''}" if f.line else f.name + (" (new)" if f.new else "")
                       for f in findings)
    return join_sentences(said, f"Findings: {listed}.", *advice_lines(findings))


def _row(a: AssertionResult, result: GateResult) -> str:
    where = a.source_path or a.page
    line = str(a.line) if a.line else ""
    return f"| {_ICONS[outcome(a)]} | {cell(where)} | {line} | {cell(title(a))} | {cell(_message(a, result))} |"


_VERDICTS = {"passed": "✅ passed", "failed": "❌ failed", "incomplete": "❌ incomplete (some targets could not be audited)"}
_HEADER = ["| Result | Page | Line | Check | Message |", "|---|---|---|---|---|"]


def _table(items: list[AssertionResult], result: GateResult) -> list[str]:
    return [*_HEADER, *(_row(a, result) for a in items)]


def render_markdown(result: GateResult) -> str:
    verdict = _VERDICTS[result.status]
    if result.status == "incomplete" and not result.passed:
        verdict = "❌ failed and incomplete (some targets could not be audited)"
    # `seoaudit baseline write` as code: cell() writes a backtick as an entity, shown literally
    summary = _CODE_RE.sub(r"<code>\1</code>", cell(summary_line(result)))
    out = [f"## seoaudit check: {verdict}", "", summary, ""]
    # errors first, whatever their page: among a legacy blog's warnings they were hard to find
    failures = [a for a in worst_first(result.listed) if not a.passed]
    if failures:
        out += [*_table(failures, result), ""]
    else:
        out += ["No failed assertions.", ""]
    if result.unreadable:
        out += ["### Could not be audited", ""]
        out += [f"- {cell(p.error or p.source)}" for p in result.unreadable]
        out.append("")
    if result.linked:
        out += [f"### Unchanged posts checked for links to posts deleted, renamed or moved ({' and '.join(LINK_TARGET_CHECKS)} only)", ""]
        out += [f"- {cell(page)}: {cell(', '.join(links))}" for page, links in result.linked]
        out.append("")
    if result.show_baselined and result.fixed_items:
        out += ["### Fixed since the baseline", ""]
        out += [f"- {cell(item)}" for item in result.fixed_items]
        out.append("")
    if result.skipped:
        out += ["### Drafts skipped", ""]
        out += [f"- {cell(s)}" for s in result.skipped]
        out.append("")
    if result.include_passed and result.passes:
        out += [f"<details><summary>{len(result.passes)} passed assertions</summary>", "", *_table(list(result.passes), result), "", "</details>", ""]
    return "\n".join(out)


class MarkdownReporter:
    name = "markdown"
    default_filename = "seoaudit-summary.md"

    def render(self, result: GateResult, ctx: RenderContext) -> bytes:
        return render_markdown(result).encode("utf-8")
