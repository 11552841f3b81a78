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

from ..text import agree, plural
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
    return a.title


def sentence(a: "AssertionResult") -> str:
    """One line: the check's own message, then what the gate expected and found. A failed
    value threshold leads with the gate's reason: the check's own verdict may be "a good
    density" where the gate asks for less ("KW001 error: ... a good density" read as a contradiction)."""
    msg = " ".join(a.message.split())
    if not a.passed and a.property.startswith("value") and a.operator in ("<=", ">="):
        lead = f"{a.property} {actual_text(a)} is {'above' if a.operator == '<=' else 'below'} the gate's {fmt_number(a.expected)}"
        return f"{lead} (the check says: {msg})" if msg else lead
    if says_status(a):
        # the check's words say what is wrong; "(expected status in good, ok, actual bad)" told an author nothing
        return msg
    detail = f"expected {expected_text(a)}, actual {actual_text(a)}"
    return f"{msg} ({detail})" if msg else detail


def says_status(a: "AssertionResult") -> bool:
    """Is ``a`` a plain status assertion whose message says it all? Then no format adds
    "expected status in good, ok, actual bad" to it."""
    return a.property == "status" and a.operator == "in" and bool(a.message.strip())


def finding_location(a: "AssertionResult", f: "Finding") -> str:
    """``path:line`` of one finding (the page's path when its line is not known), the URL otherwise."""
    if a.source_path:
        return f"{a.source_path}:{f.line}" if f.line else a.source_path
    return a.page


def finding_text(f: "Finding") -> str:
    """One finding in a line: its name, the check's own words on it (not the advice it
    shares with others: ``advice_lines``), and whether it is new since the baseline."""
    return f.summary() + (" (new)" if f.new else "")


def listed_findings(a: "AssertionResult", result: "GateResult") -> tuple["Finding", ...]:
    """The findings the human formats list: of a check that failed in the baseline too but
    has new findings, only the new ones, unless ``--show-baselined``."""
    if a.new_items and not result.show_baselined:
        return tuple(f for f in a.findings if f.new) or a.findings
    return a.findings


def _where(findings: list["Finding"]) -> str:
    if all(f.line for f in findings):
        lines = list(dict.fromkeys(str(f.line) for f in findings))
        return f"{'line' if len(lines) == 1 else 'lines'} {', '.join(lines)}"
    return ", ".join(f.name for f in findings)


def advice_lines(findings: tuple["Finding", ...]) -> list[str]:
    """Each distinct advice of ``findings`` once, in order (a claim's safer wording; a patient's
    quote gets its own: remove it). When more than one applies, or one applies to only some
    of them, each names its findings' lines: ``Safer (lines 2, 12): …``."""
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        if f.advice:
            groups.setdefault(f.advice, []).append(f)
    if len(groups) == 1 and len(next(iter(groups.values()))) == len(findings):
        return list(groups)
    out = []
    for advice, found in groups.items():
        lead, sep, rest = advice.partition(": ")
        out.append(f"{lead} ({_where(found)}): {rest}" if sep and len(lead) <= 30 else f"({_where(found)}) {advice}")
    return out


def join_sentences(*parts: str) -> str:
    """Parts joined into one text, with a full stop between them only where the part before
    has none ("…before you start'." + "Cure …" gave "start'.. Cure")."""
    out = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if out:
            out += ("" if out.rstrip("'\"»)")[-1:] in (".", "!", "?", ":") else ".") + " "
        out += part
    return out


def finding_message(a: "AssertionResult", f: "Finding") -> tuple[str, ...]:
    """What an annotation or a SARIF result says of one finding: the finding and its advice.
    A finding with neither words of its own nor advice gets the check's message instead."""
    if f.advice:
        return (finding_text(f), f.advice)
    if f.detail:
        return (finding_text(f),)
    return (finding_text(f), sentence(a))


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


def _counted(n: int, what: str, found: int) -> str:
    """``19 errors (29 findings)``: the gate counts failed assertions, while annotations and
    SARIF results are one per finding of a check that lists them."""
    return plural(n, what) + (f" ({plural(found, 'finding')})" if found != n else "")


def summary_line(result: "GateResult") -> str:
    s = result.summary()
    pages = s["pages"]
    linked = len(s["linking_to_removed"])
    # posts nobody changed appear in a branch's check: say why
    counted = plural(pages, "page") + (f" ({linked} only for links to posts deleted, renamed or moved)" if linked else "")
    # as annotations and SARIF's error and warning results count: of a check with new findings since the baseline, those
    found = {level: sum(len([f for f in a.findings if f.new or not a.new_items]) or 1 for a in items)
             for level, items in (("errors", result.errors), ("warnings", result.warnings))}
    parts = [counted, _counted(s["errors"], "error", found["errors"]), _counted(s["warnings"], "warning", found["warnings"])]
    if result.quiet and s["warnings"]:
        parts[-1] += " (not listed: --quiet)"
    if result.baseline:
        hidden = s["baselined"] and not result.show_baselined
        parts.append(f"{s['baselined']} baselined" + (" (listed with --show-baselined)" if hidden else ""))
        if result.fixed:
            listed = "" if result.show_baselined else "; --show-baselined names them"
            parts.append(f"{plural(result.fixed, 'known failure')} fixed since the baseline "
                         f"(run `seoaudit baseline write --prune` so that {agree(result.fixed, 'it stays', 'they stay')} fixed{listed})")
    if result.include_passed:
        parts.append(f"{s['passed']} passed")
    if s["skipped_drafts"]:
        n = len(s["skipped_drafts"])
        parts.append(f"{plural(n, 'draft')} skipped")
    if s["unreadable"]:
        parts.append(f"{s['unreadable']} could not be audited")
    notes = ["exit code 3"] if result.unreadable else []
    notes.append(f"preset {result.preset}")
    if result.overridden:
        notes.append(f"overrides for {plural(result.overridden, 'page')}")
    return f"seoaudit check: {', '.join(parts)}; gate {result.verdict} ({'; '.join(notes)})"
