"""Every gate output format against golden files, SARIF against the official schema, escaping.

Regenerate the golden files after an intended change with::

    SEOAUDIT_UPDATE_GOLDEN=1 python -m pytest tests/test_gate_formats.py

then read the diff: it is the change users will see.
"""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from seoaudit import __version__
from seoaudit.commands_check import check
from seoaudit.gate import AssertionResult, GateResult
from seoaudit.models import AuditReport, PageReport
from seoaudit.reports.base import RenderContext
from seoaudit.reports.gate_formats import GATE_FORMATS, get_gate_reporter
from seoaudit.reports.github import command
from seoaudit.reports.markdown import cell

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "gate"
GOLDEN = HERE / "golden"
SCHEMA = HERE / "data" / "sarif-schema-2.1.0.json"
GOLDEN_FILES = {"text": "gate.txt", "json": "gate.json", "junit": "gate.junit.xml", "sarif": "gate.sarif",
                "github": "gate.github.txt", "markdown": "gate.md"}
UPDATE = os.environ.get("SEOAUDIT_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """One run over the fixture site (plus a missing file) writing every format."""
    root = tmp_path_factory.mktemp("golden") / "gate"
    shutil.copytree(FIXTURES, root)
    (root / ".git").mkdir()  # config discovery stops here
    old = Path.cwd()
    os.chdir(root)
    try:
        args = ["--config", "seoaudit.toml", "site", "site/missing-post.md", "--no-color"]
        for name in GATE_FORMATS:
            args += ["-f", f"{name}:out/{GOLDEN_FILES[name]}"]
        env = {"GITHUB_ACTIONS": "", "NO_COLOR": "1"}
        first = CliRunner().invoke(check, args, env=env)
        data = {name: (root / "out" / GOLDEN_FILES[name]).read_bytes() for name in GATE_FORMATS}
        second = CliRunner().invoke(check, args, env=env)
        again = {name: (root / "out" / GOLDEN_FILES[name]).read_bytes() for name in GATE_FORMATS}
    finally:
        os.chdir(old)
    return {"first": first, "second": second, "data": data, "again": again, "root": root}


def normalise(data: bytes, root: Path) -> bytes:
    """Take out what depends on the machine and release, not on the input."""
    text = data.decode("utf-8").replace(root.as_uri(), "file:///ROOT").replace(__version__, "VERSION")
    return text.encode("utf-8")


@pytest.mark.parametrize("name", GATE_FORMATS)
def test_golden(outputs, name):
    got = normalise(outputs["data"][name], outputs["root"])
    path = GOLDEN / GOLDEN_FILES[name]
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(got)
    assert got == path.read_bytes(), f"{name} output changed; see the module doc to regenerate"


def test_run_exit_code_and_byte_for_byte_determinism(outputs):
    assert outputs["first"].exit_code == 3  # missing-post.md could not be audited
    assert outputs["data"] == outputs["again"]
    assert outputs["first"].stdout == outputs["second"].stdout


def test_sarif_validates_against_the_official_schema(outputs):
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extras")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    log = json.loads(outputs["data"]["sarif"])
    jsonschema.Draft4Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=str)
    assert not errors, errors[0].message


def test_sarif_lists_every_selected_rule_with_help_and_results_with_lines(outputs):
    log = json.loads(outputs["data"]["sarif"])
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    selected = ["KW001", "KW002", "KW003", "KW007", "LK001", "LK004", "BA001", "BA002", "BA003", "BA007"]
    assert [i for i in ids if i[:2].isupper()] == selected and "score" in ids and "categories:basics" in ids
    assert all(r["help"]["text"] and "Why it matters" in r["help"]["text"] for r in rules if r["id"] in selected)
    for res in run["results"]:
        assert ids[res["ruleIndex"]] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%" and loc["region"]["startLine"] >= 1
    html = [r for r in run["results"] if r["ruleId"] == "BA007"]
    assert html[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 19  # the <img> line
    assert run["invocations"][0]["executionSuccessful"] is False


def test_sarif_carries_no_absolute_path_of_the_checkout(outputs):
    # uploaded from CI, it would publish the runner's path; code scanning resolves %SRCROOT% itself
    text = outputs["data"]["sarif"].decode("utf-8")
    root = outputs["root"].resolve()
    assert str(root) not in text and root.as_uri() not in text and "file://" not in text
    assert "uri" not in json.loads(text)["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]


def test_junit_has_one_testcase_per_page_and_assertion(outputs):
    root = ET.fromstring(outputs["data"]["junit"])
    gate = json.loads(outputs["data"]["json"])
    suites = root.findall("testsuite")
    assert len(suites) == gate["gate"]["pages"] + gate["gate"]["unreadable"]
    cases = root.findall(".//testcase")
    assert int(root.get("tests")) == len(cases)
    # GitLab and Jenkins count every <failure> as a failed test: only what fails the gate is one
    assert int(root.get("failures")) == gate["gate"]["errors"] and gate["gate"]["warnings"] > 0
    warned = [c for c in cases if (c.findtext("system-out") or "").startswith("warning: ")]
    assert len(warned) == gate["gate"]["warnings"] and not any(c.find("failure") is not None for c in warned)
    assert int(root.get("errors")) == 1  # the missing file


def test_junit_failure_bodies_say_where_and_how_to_fix(outputs):
    root = ET.fromstring(outputs["data"]["junit"])
    ba002 = next(c for c in root.iter("testcase") if c.get("file") == "site/content/posts/massage-stuffed.md"
                 and c.get("name").startswith("BA002"))
    body = ba002.find("failure").text
    assert "at: site/content/posts/massage-stuffed.md:8" in body and "\nfix: " in body and "more: seoaudit explain BA002" in body


def test_junit_classnames_do_not_split_at_the_file_extension(outputs):
    # Jenkins splits a class name at its last dot: "content/posts/x.md" was class "md"
    from seoaudit.reports.junit import classname

    names = {c.get("classname") for c in ET.fromstring(outputs["data"]["junit"]).iter("testcase")}
    assert "site.content.posts.massage-stuffed" in names and "site.public.blog.chiro-neck-pain.index" in names
    assert classname("content/posts/2024.05.knee.md") == "content.posts.2024_05_knee"
    assert classname("./a.md") == "a" and classname("https://clinic.example/b/") == "https://clinic.example/b/"


@pytest.mark.parametrize("mode, failures, skipped", [("fail", True, False), ("skip", False, True), ("pass", False, False)])
def test_junit_warnings_option(tmp_path, mode, failures, skipped):
    out = tmp_path / "j.xml"
    root = tmp_path / "gate"
    shutil.copytree(FIXTURES, root)
    (root / ".git").mkdir()
    old = Path.cwd()
    os.chdir(root)
    try:
        r = CliRunner().invoke(check, ["--config", "seoaudit.toml", "site/public/blog/chiro-neck-pain/index.html",
                                       "--junit-warnings", mode, "-f", f"junit:{out}"], env={"GITHUB_ACTIONS": ""})
    finally:
        os.chdir(old)
    assert r.exit_code == 1, r.output
    warn = [c for c in ET.fromstring(out.read_bytes()).iter("testcase") if c.get("name").startswith("LK001")][0]
    assert (warn.find("failure") is not None) == failures and (warn.find("skipped") is not None) == skipped
    assert (warn.find("failure") if failures else warn.find("skipped") if skipped else warn.find("system-out")).text.startswith("warning: ")


def test_json_lines_point_at_the_offending_source_lines(outputs):
    gate = json.loads(outputs["data"]["json"])
    at = {(a["source_path"], a["check"]): a["line"] for a in gate["assertions"]}
    assert at[("site/content/posts/massage-stuffed.md", "BA001")] == 2  # title: in the front matter
    assert at[("site/content/posts/massage-stuffed.md", "BA002")] == 8  # no description: the H1 line
    assert at[("site/public/blog/chiro-neck-pain/index.html", "LK001")] == 23  # the Read more link
    assert at[("site/public/blog/chiro-neck-pain/index.html", "BA002")] == 12  # the <h1> line


# ---- escaping of untrusted page text ------------------------------------------------------------------


def hostile_result() -> GateResult:
    evil = "Title | <script>alert(1)</script> [x](javascript:y) 100%\n::error::injected\x07"
    a = AssertionResult(check="BA001", name="title-length", level="error", property="status", operator="in",
                        expected=["good", "ok"], actual="bad", page="a,b:c.md", url="file:///a,b:c.md",
                        passed=False, message=evil, source_path="a,b:c.md", line=3)
    page = PageReport(source="a,b:c.md", url="file:///a,b:c.md", status="ok", title=evil)
    return GateResult(report=AuditReport(pages=(page,), tool_version="t"), assertions=(a,), checks=("BA001",), levels={"BA001": "error"})


def test_github_annotations_escape_newlines_percent_and_property_separators():
    out = get_gate_reporter("github").render(hostile_result(), RenderContext()).decode()
    first = out.splitlines()[0]
    assert first.startswith("::error file=a%2Cb%3Ac.md,line=3,title=")
    assert len(out.splitlines()) == 2  # the annotation and the summary: nothing injected a line
    assert "100%25" in first
    assert command("warning", "a\nb%", "f.md", 2, "t,1") == "::warning file=f.md,line=2,title=t%2C1::a%0Ab%25"


def test_markdown_cells_cannot_inject_markup():
    out = get_gate_reporter("markdown").render(hostile_result(), RenderContext()).decode()
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "](javascript" not in out
    assert cell("a|b\nc") == "a&#124;b c"


def test_junit_survives_control_characters():
    root = ET.fromstring(get_gate_reporter("junit").render(hostile_result(), RenderContext()))
    assert root.find(".//failure").get("type") == "error"


def test_sarif_of_hostile_text_is_still_valid_json():
    log = json.loads(get_gate_reporter("sarif").render(hostile_result(), RenderContext()))
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "a%2Cb%3Ac.md"
