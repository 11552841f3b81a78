"""Gate reporters: one small renderer per CI format, all reading the same ``GateResult``.

``seoaudit check`` looks a format up here and never branches on its name::

    data = get_gate_reporter(name).render(result, ctx)   # bytes

The audit reporters (``reports/__init__.py``) render an ``AuditReport``; these
render the gate's verdict on it, so they live in their own registry. The helpers
below are the words every format shares, so a failure reads the same in a terminal,
an annotation, a JUnit message and a SARIF result.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Mapping, Protocol

from ..text import plural
from .base import RenderContext

if TYPE_CHECKING:
    from ..gate import AssertionResult, Finding, GateResult


class GateReporter(Protocol):
    name: str
    default_filename: str

    def render(self, result: "GateResult", ctx: RenderContext) -> bytes: ...


#: format name -> (module in seoaudit.reports, class); imported on first use so one
#: format's imports (xml, json) are not paid by the others
_REPORTERS: Mapping[str, tuple[str, str]] = {
    "text": ("gate_text", "GateTextReporter"),
    "json": ("gate_json", "GateJsonReporter"),
    "junit": ("junit", "JunitReporter"),
    "sarif": ("sarif", "SarifReporter"),
    "github": ("github", "GithubReporter"),
    "markdown": ("markdown", "MarkdownReporter"),
}
#: format names, in the order the help lists them
GATE_FORMATS = tuple(_REPORTERS)


def get_gate_reporter(name: str) -> GateReporter:
    try:
        module, cls = _REPORTERS[name]
    except KeyError:
        raise KeyError(f"unknown gate format {name!r} (known: {', '.join(GATE_FORMATS)})") from None
    return getattr(importlib.import_module(f"{__package__}.{module}"), cls)()


# ---- shared words ------------------------------------------------------------------------

_OPERATORS = {">=": ">=", "<=": "<=", "in": "in", "ran": ""}


def fmt_number(x) -> str:
    if isinstance(x, float):
        return f"{x:.2f}".rstrip("0").rstrip(".")
    return str(x)


def expected_text(a: "AssertionResult") -> str:
    """``score >= 50``, ``value.density <= 3``, ``status in good, ok``, ``check ran``."""
    if a.operator == "ran":
        return "the check to run"
    if isinstance(a.expected, list):
        return f"{a.property} in {', '.join(a.expected)}"
    return f"{a.property} {_OPERATORS.get(a.operator, a.operator)} {fmt_number(a.expected)}"


def actual_text(a: "AssertionResult") -> str:
    if a.actual is None:
        return "n/a"
    return fmt_number(a.actual)


def outcome(a: "AssertionResult") -> str:
    """``pass``, ``error``, ``warn`` or ``baselined``: what happened to this assertion."""
    if a.passed:
        return "pass"
    return "baselined" if a.baselined else a.level


def title(a: "AssertionResult") -> str:
    """``KW001 keyphrase-density`` for checks; ``score`` / ``categories:links`` for scores."""
    if a.check == "score" or a.check.startswith("categories:") or a.name == a.check:
        return a.check  # a score, or build-references
    return f"{a.check} {a.name}"


def sentence(a: "AssertionResult") -> str:
    """One line: the check's own message, then what the gate expected and found. A failed
    value threshold leads with the gate's reason: the check's own verdict may be "a good
    density" where the gate asks for less ("KW001 error: ... a good density" read as a contradiction)."""
    msg = " ".join(a.message.split())
    if not a.passed and a.property.startswith("value") and a.operator in ("<=", ">="):
        lead = f"{a.property} {actual_text(a)} is {'above' if a.operator == '<=' else 'below'} the gate's {fmt_number(a.expected)}"
        return f"{lead} (the check says: {msg})" if msg else lead
    if a.property in ("status", "references") and a.operator in ("in", "==") and msg:
        # the check's words say what is wrong; "(expected status in good, ok, actual bad)" told an author nothing
        return msg
    detail = f"expected {expected_text(a)}, actual {actual_text(a)}"
    return f"{msg} ({detail})" if msg else detail


def finding_location(a: "AssertionResult", f: "Finding") -> str:
    """``path:line`` of one finding (the page's path when its line is not known), the URL otherwise."""
    if a.source_path:
        return f"{a.source_path}:{f.line}" if f.line else a.source_path
    return a.page


def finding_text(f: "Finding") -> str:
    """One finding in a line: its name, the check's words on it, and whether it is new."""
    return f.summary() + (" (new since the baseline)" if f.new else "")


#: how to learn why a check matters and how to fix it, said once under a listing of failures
EXPLAIN_HINT = "Run `seoaudit explain CODE` for why a check matters and how to fix it."


def location(a: "AssertionResult") -> str:
    """``path:line`` for local files, the URL otherwise: what terminals and editors link."""
    if a.source_path:
        return f"{a.source_path}:{a.line}" if a.line else a.source_path
    return a.page


_SEVERITY = {"error": 0, "warn": 1, "baselined": 2, "pass": 3}


def worst_first(items: tuple["AssertionResult", ...]) -> list["AssertionResult"]:
    """Errors, then warnings, then baselined, then passes; stable within each."""
    return sorted(items, key=lambda a: _SEVERITY.get(outcome(a), 9))


def by_page(items: tuple["AssertionResult", ...]) -> dict[str, list["AssertionResult"]]:
    """Assertions grouped by page, pages in the order they were audited."""
    groups: dict[str, list[AssertionResult]] = {}
    for a in items:
        groups.setdefault(a.page, []).append(a)
    return groups


def summary_line(result: "GateResult") -> str:
    s = result.summary()
    pages = s["pages"]
    linked = len(s["linking_to_removed"])
    # posts nobody changed appear in a branch's check: say why
    counted = plural(pages, "page") + (f" ({linked} only for links to posts deleted, renamed or moved)" if linked else "")
    parts = [counted, plural(s["errors"], "error"), plural(s["warnings"], "warning")]
    if result.baseline:
        hidden = s["baselined"] and not result.show_baselined
        parts.append(f"{s['baselined']} baselined" + (" (listed with --show-baselined)" if hidden else ""))
        if result.fixed:
            parts.append(f"{plural(result.fixed, 'known failure')} fixed since the baseline "
                         "(run `seoaudit baseline write` again so that they stay fixed)")
    if result.include_passed:
        parts.append(f"{s['passed']} passed")
    if s["skipped_drafts"]:
        n = len(s["skipped_drafts"])
        parts.append(f"{plural(n, 'draft')} skipped")
    if s["unreadable"]:
        parts.append(f"{s['unreadable']} could not be audited")
    return f"seoaudit check: {', '.join(parts)}; gate {result.verdict} (preset {result.preset})"
