"""SARIF 2.1.0: the format GitHub code scanning and other review tools import.

* ``tool.driver.rules``: every selected check, with its summary, full
  documentation and help (why it matters, how to fix, source), plus the page
  ``score`` and each asserted ``categories:NAME``; ``defaultConfiguration.level``
  is the gate's level for it (``none`` when off).
* ``results``: one per failed assertion (and per pass, ``kind: pass``, with
  ``--include-passed``), and for a check whose failure is a list of findings (broken
  links, claims: ``gate.Finding``) one per finding, at its line (code scanning annotates
  a pull request's lines from results' locations, and shows ``relatedLocations`` only
  where a message links them); its ``partialFingerprints`` add the finding's name to the
  assertion's, so it is the same alert in every run whatever line it moved to; local files are located by a path relative to the
  repository root (``uriBaseId: %SRCROOT%``: the git work tree's top level, the
  working directory outside git) and a start line: code scanning matches results to
  a pull request's files by their path from the repository root, whatever directory
  the job ran in. ``originalUriBaseIds`` describes %SRCROOT% without its absolute
  ``uri``: a file uploaded from CI would carry the runner's checkout path
  (``file:///home/runner/work/...``), which no reader needs (code scanning resolves
  %SRCROOT% against the repository itself; SARIF 2.1.0 §3.14.14 lets the ``uri`` of a
  base id without its own ``uriBaseId`` be absent). With a baseline,
  ``baselineState`` is ``unchanged`` for baselined failures (and for the findings the
  baseline listed of a check that has new ones too), at level ``note``, ``updated`` for
  a failure the baseline had but with new findings (a second broken link), ``new``
  otherwise (and for each new finding).
* ``invocations[0]``: ``executionSuccessful`` is false when a target could not be
  audited, and each such target is a ``toolExecutionNotification``.

Nothing machine-specific (no timestamps, no absolute path but that of a target
outside the repository, which has no other name) goes in, so the same input gives
the same bytes in any checkout.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from ..gate import CATEGORY_PREFIX, PAGE_SCORE, AssertionResult, Finding, GateResult
from .base import RenderContext
from .gate_formats import finding_message, join_sentences, sentence

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warn": "warning", "off": "none"}


def _rule_for_check(code: str, level: str) -> dict:
    from ..checks import ALL_CHECKS

    spec = next(s for s in ALL_CHECKS if s.code == code)
    help_text = f"{spec.summary()}\n\nWhy it matters: {spec.why}\nHow to fix: {spec.fix}\nSource: {spec.source}"
    help_md = (f"{spec.summary()}\n\n**Why it matters:** {spec.why}\n\n**How to fix:** {spec.fix}\n\n"
               f"**Source:** {spec.source}\n\nRun `seoaudit explain {spec.code}` for the full documentation.")
    return {
        "id": spec.code,
        "name": spec.name,
        "shortDescription": {"text": spec.fail_title},
        "fullDescription": {"text": spec.doc or spec.summary()},
        "help": {"text": help_text, "markdown": help_md},
        "defaultConfiguration": {"level": _LEVELS.get(level, "none")},
        "properties": {"category": spec.category, "tags": ["seo", spec.category]},
    }


def _rule_for_score(target: str, level: str) -> dict:
    if target == PAGE_SCORE:
        what, name = "The page score", "page-score"
    else:
        cat = target[len(CATEGORY_PREFIX):]
        what, name = f"The {cat} category score", f"{cat}-score"
    text = f"{what} (0-100, the weighted mean of its checks) is at least the gate's min_score."
    return {
        "id": target,
        "name": name,
        "shortDescription": {"text": f"{what} is below the gate's minimum"},
        "fullDescription": {"text": text},
        "help": {"text": f"{text} Fix the failing checks of the page to raise it.",
                 "markdown": f"{text} Fix the failing checks of the page to raise it."},
        "defaultConfiguration": {"level": _LEVELS.get(level, "none")},
        "properties": {"tags": ["seo", "score"]},
    }


def _is_score_target(target: str) -> bool:
    return target == PAGE_SCORE or target.startswith(CATEGORY_PREFIX)


def rules(result: GateResult) -> list[dict]:
    """Score rules (page score first, then categories by name), then every selected check."""
    scores = {t for t in result.levels if _is_score_target(t)} | {a.check for a in result.assertions if _is_score_target(a.check)}
    out = [_rule_for_score(t, result.levels.get(t, "off")) for t in sorted(scores, key=lambda t: (t != PAGE_SCORE, t))]
    out += [_rule_for_check(code, result.levels.get(code, "off")) for code in result.checks]
    return out


SRCROOT = "%SRCROOT%"


def file_location(path: str, result: GateResult) -> dict:
    """A local file: relative to the repository root (see the module doc), else absolute."""
    path = result.repo_path(path)
    if path.startswith("/"):
        return {"uri": "file://" + quote(path)}
    return {"uri": quote(path), "uriBaseId": SRCROOT}


def artifact_location(a: AssertionResult, result: GateResult) -> dict:
    if a.source_path:
        return file_location(a.source_path, result)
    return {"uri": a.url or a.page}


#: What %SRCROOT% stands for, said in words instead of as the runner's absolute path.
URI_BASE_IDS = {SRCROOT: {"description": {
    "text": "The root of the git repository seoaudit ran in (its working directory outside git): "
            "file locations are relative to it."}}}


def _result(a: AssertionResult, rule_index: dict[str, int], result: GateResult, finding: Finding | None = None) -> dict:
    with_baseline = result.baseline is not None
    line = finding.line if finding is not None and finding.line else a.line
    location: dict = {"physicalLocation": {"artifactLocation": artifact_location(a, result)}}
    if line:
        location["physicalLocation"]["region"] = {"startLine": line}
    text = sentence(a) if finding is None else join_sentences(*finding_message(a, finding))
    # the repository path: the same finding keeps its fingerprint whichever directory the job ran in
    fingerprint = f"{result.repo_path(a.source_path) if a.source_path else a.page}|{a.check}|{a.property}{a.operator}"
    out: dict = {
        "ruleId": a.check,
        "ruleIndex": rule_index[a.check],
        "level": _LEVELS[a.level],
        "message": {"text": text if a.source_path else f"{a.page}: {text}"},
        "locations": [location],
        "partialFingerprints": {"seoauditAssertion/v1": fingerprint if finding is None else f"{fingerprint}|{finding.key}"},
        "properties": {"expected": a.expected, "actual": a.actual, "property": a.property, "operator": a.operator,
                       "gateLevel": a.level, "page": a.page},
    }
    if finding is not None and finding.rule:
        out["properties"]["rule"] = finding.rule  # the claim rule that found it: for machines, not in the message
    if a.passed:
        out["kind"] = "pass"
        out["level"] = "none"
    if with_baseline and not a.passed:
        out["baselineState"] = _baseline_state(a, finding)
        if out["baselineState"] == "unchanged":
            # known and not failing the gate: a note, so code scanning does not count it with
            # the errors to fix (gateLevel keeps the gate's level)
            out["level"] = "note"
    return out


def _baseline_state(a: AssertionResult, finding: Finding | None) -> str:
    if a.baselined:
        return "unchanged"
    if not a.new_items:
        return "new"
    if finding is None:
        return "updated"  # it failed in the baseline too, but with findings the baseline did not list
    return "new" if finding.new else "unchanged"


def _results(a: AssertionResult, rule_index: dict[str, int], result: GateResult) -> list[dict]:
    if a.passed or not a.findings:
        return [_result(a, rule_index, result)]
    return [_result(a, rule_index, result, f) for f in a.findings]


def sarif_log(result: GateResult) -> dict:
    rule_list = rules(result)
    rule_index = {r["id"]: i for i, r in enumerate(rule_list)}
    notifications = [
        {"level": "error", "message": {"text": f"could not audit: {p.error or p.source}"},
         "locations": [{"physicalLocation": {"artifactLocation": file_location(p.source, result) if p.url.startswith("file:") else {"uri": p.url}}}]}
        for p in result.unreadable
    ]
    invocation: dict = {"executionSuccessful": not result.unreadable}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run: dict = {
        "tool": {"driver": {"name": "seoaudit", "version": result.report.tool_version,
                            "semanticVersion": result.report.tool_version, "rules": rule_list}},
        "invocations": [invocation],
    }
    run["originalUriBaseIds"] = URI_BASE_IDS
    run.update({
        "columnKind": "unicodeCodePoints",
        "results": [r for a in result.shown for r in _results(a, rule_index, result)],
        "properties": {"gate": result.summary()},
    })
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render_sarif(result: GateResult) -> bytes:
    return (json.dumps(sarif_log(result), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


class SarifReporter:
    name = "sarif"
    default_filename = "seoaudit.sarif"

    def render(self, result: GateResult, ctx: RenderContext) -> bytes:
        return render_sarif(result)
