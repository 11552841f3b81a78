"""JUnit XML: one ``<testsuite>`` per page, one ``<testcase>`` per page x assertion.

CI systems (GitLab, Jenkins, Azure) count tests from this file, so passes are
always listed. A failed assertion is a ``<failure>`` whose ``type`` is its level
(``error`` or ``warning``; warnings are failures here as in eslint's JUnit output,
while the exit code ignores them); a failure already in the baseline is
``<skipped>``; a page that could not be audited is one ``<error>`` test case.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..gate import AssertionResult, GateResult
from .base import RenderContext
from .gate_formats import actual_text, by_page, expected_text, sentence, title

# characters XML 1.0 cannot hold at all, even escaped
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


def _testcase(suite: ET.Element, a: AssertionResult) -> dict[str, int]:
    name = f"{title(a)}: {expected_text(a)}"
    attrs = {"classname": xml_text(a.source_path or a.page), "name": xml_text(name)}
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
    failure = ET.SubElement(case, "failure", {"type": "error" if a.level == "error" else "warning",
                                               "message": xml_text(sentence(a))})
    failure.text = xml_text(f"level: {a.level}\nexpected: {expected_text(a)}\nactual: {actual_text(a)}\npage: {a.page}\n")
    return {"failures": 1, "skipped": 0}


def render_junit(result: GateResult) -> bytes:
    root = ET.Element("testsuites", {"name": "seoaudit check"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for page, items in by_page(result.assertions).items():
        suite = ET.SubElement(root, "testsuite", {"name": xml_text(items[0].source_path or page)})
        counts = {"tests": len(items), "failures": 0, "errors": 0, "skipped": 0}
        for a in items:
            for key, n in _testcase(suite, a).items():
                counts[key] += n
        for key, n in counts.items():
            suite.set(key, str(n))
            totals[key] += n
    for page in result.unreadable:
        suite = ET.SubElement(root, "testsuite", {"name": xml_text(page.source), "tests": "1", "failures": "0", "errors": "1", "skipped": "0"})
        case = ET.SubElement(suite, "testcase", {"classname": xml_text(page.source), "name": "audit"})
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
        return render_junit(result)
