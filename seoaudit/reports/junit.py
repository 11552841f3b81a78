"""JUnit XML: one ``<testsuite>`` per page, one ``<testcase>`` per page x assertion.

CI systems (GitLab, Jenkins, Azure) count tests from this file, so passes are
always listed. They count every ``<failure>`` as a failed test whatever its ``type``
(Jenkins marks the build unstable), so only what fails the gate is one:

* an error-level failure is a ``<failure type="error">``; its body says what was
  expected and found, each finding with its line (``gate.Finding``) and how to fix it;
* a warning is, by default (``--junit-warnings pass``), a passing test case whose
  ``<system-out>`` starts with ``warning:`` and says the same: a branch with warnings only
  passes, and shows no failed test. ``skip`` makes it ``<skipped>`` (counted as skipped:
  GitLab and Jenkins list it apart, Azure as "not executed"); ``fail`` a
  ``<failure type="warning">``, as before (eslint's JUnit output does the same);
* a failure already in the baseline is ``<skipped>``;
* a page that could not be audited is one ``<error>`` test case.

``classname`` is the file's path without its extension, ``/`` as ``.``
(``content.posts.knee-pain``; other dots as ``_``): Jenkins splits a class name at its
last dot into package and class, which made every post a class ``md`` of a package
``content/posts/knee-pain``; GitLab shows it as the suite name. ``file`` keeps the path.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..gate import AssertionResult, GateResult
from .base import RenderContext
from .gate_formats import (actual_text, advice_lines, by_page, expected_text, finding_location, finding_text, location,
                           says_status, sentence, title)

# characters XML 1.0 cannot hold at all, even escaped
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


#: what ``--junit-warnings`` accepts
WARNING_MODES = ("pass", "skip", "fail")


def classname(path: str) -> str:
    """``content/posts/x.md`` -> ``content.posts.x`` (see the module doc); a URL as it is."""
    if "://" in path:
        return path
    folder, _, name = path.replace("\\", "/").rpartition("/")
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    parts = [p for p in folder.split("/") if p not in ("", ".")] + [stem]
    return ".".join(p.replace(".", "_") for p in parts)


def _body(a: AssertionResult, result: GateResult, ctx: RenderContext) -> str:
    """What a CI viewer shows for a failure or warning: the check's words, then the
    gate's, then where, then how to fix it."""
    lines = [f"{a.level if a.level != 'warn' else 'warning'}: {sentence(a)}"]
    if not says_status(a):  # "expected: status in good, ok / actual: bad" told an author nothing
        lines += [f"expected: {expected_text(a)}", f"actual: {actual_text(a)}"]
    lines.append(f"page: {a.page}")
    if a.source_path:
        lines.append(f"at: {location(a)}")
    lines += [f"finding: {finding_location(a, f)}: {finding_text(f)}" for f in a.findings]
    advice = advice_lines(a.findings)
    lines += [f"fix: {x}" for x in advice]  # each finding's own, once: the check's general fix would repeat it
    doc = ctx.doc_for(a.check)
    if doc is not None and doc.fix:
        if not advice:
            page = next((p for p in result.report.pages if p.source == a.page), None)
            lines.append(f"fix: {doc.fix_for(page) if page is not None else doc.fix}")
        lines.append(f"more: seoaudit explain {a.check}")
    return "\n".join(lines) + "\n"


def _testcase(suite: ET.Element, a: AssertionResult, result: GateResult, ctx: RenderContext) -> dict[str, int]:
    name = f"{title(a)}: {expected_text(a)}"
    attrs = {"classname": xml_text(classname(a.source_path or a.page)), "name": xml_text(name)}
    if a.source_path:
        attrs["file"] = xml_text(a.source_path)
        if a.line:
            attrs["line"] = str(a.line)
    case = ET.SubElement(suite, "testcase", attrs)
    if a.passed:
        return {"failures": 0, "skipped": 0}
    if a.baselined:
        ET.SubElement(case, "skipped", {"message": xml_text(f"known failure in the baseline: {sentence(a)}")})
        return {"failures": 0, "skipped": 1}
    mode = ctx.junit_warnings if a.level == "warn" else "fail"
    if mode == "pass":
        ET.SubElement(case, "system-out").text = xml_text(_body(a, result, ctx))
        return {"failures": 0, "skipped": 0}
    if mode == "skip":
        skipped = ET.SubElement(case, "skipped", {"message": xml_text(f"warning: {sentence(a)}")})
        skipped.text = xml_text(_body(a, result, ctx))
        return {"failures": 0, "skipped": 1}
    failure = ET.SubElement(case, "failure", {"type": "error" if a.level == "error" else "warning",
                                               "message": xml_text(sentence(a))})
    failure.text = xml_text(_body(a, result, ctx))
    return {"failures": 1, "skipped": 0}


def render_junit(result: GateResult, ctx: RenderContext | None = None) -> bytes:
    ctx = ctx or RenderContext()
    root = ET.Element("testsuites", {"name": "seoaudit check"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for page, items in by_page(result.assertions).items():
        suite = ET.SubElement(root, "testsuite", {"name": xml_text(items[0].source_path or page)})
        counts = {"tests": len(items), "failures": 0, "errors": 0, "skipped": 0}
        for a in items:
            for key, n in _testcase(suite, a, result, ctx).items():
                counts[key] += n
        for key, n in counts.items():
            suite.set(key, str(n))
            totals[key] += n
    for page in result.unreadable:
        suite = ET.SubElement(root, "testsuite", {"name": xml_text(page.source), "tests": "1", "failures": "0", "errors": "1", "skipped": "0"})
        case = ET.SubElement(suite, "testcase", {"classname": xml_text(classname(page.source)), "name": "audit"})
        ET.SubElement(case, "error", {"message": xml_text(f"could not audit: {page.error or page.source}")})
        totals["tests"] += 1
        totals["errors"] += 1
    for key, n in totals.items():
        root.set(key, str(n))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


class JunitReporter:
    name = "junit"
    default_filename = "seoaudit-junit.xml"

    def render(self, result: GateResult, ctx: RenderContext) -> bytes:
        return render_junit(result, ctx)
