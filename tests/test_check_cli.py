"""`seoaudit check` and `seoaudit baseline write`: exit codes, outputs, drafts, --changed-since."""

from __future__ import annotations

import dataclasses

import json
import shutil
import subprocess
from pathlib import Path
from unittest.mock import ANY

import pytest
from click.testing import CliRunner

from seoaudit.commands_check import UsageError, baseline, check, is_draft, plan_outputs
from seoaudit.gitchanges import GitError, changed_targets, previous_versions

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "gate"
GOOD = "site/content/posts/acupuncture-back-pain-edmonton.md"
BAD = "site/content/posts/massage-stuffed.md"
DRAFT = "site/content/posts/draft-post.md"
JEKYLL = "site/_posts/2024-03-05-physio-knee-pain-calgary.md"
HTML = "site/public/blog/chiro-neck-pain/index.html"


@pytest.fixture
def site(tmp_path, monkeypatch):
    """The fixture site in a temp dir that is its own config root (a .git marker stops discovery)."""
    root = tmp_path / "gate"
    shutil.copytree(FIXTURES, root)
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return root


def run(*args: str, env=None):
    return CliRunner().invoke(check, ["--config", "seoaudit.toml", *args], env=env)


def test_exit_0_when_the_gate_passes(site):
    r = run(GOOD)
    assert r.exit_code == 0, r.output


def test_exit_0_with_warnings_only(site):
    r = run(JEKYLL, "--fail-under", "1")
    data = json.loads(run(JEKYLL, "-f", "json").stdout)
    assert r.exit_code == 0 and data["gate"]["errors"] == 0


def test_exit_1_when_an_error_level_assertion_fails(site):
    r = run(BAD, "-f", "json")
    data = json.loads(r.stdout)
    assert r.exit_code == 1
    assert data["gate"]["status"] == "failed" and data["gate"]["errors"] >= 1
    failed = {a["check"] for a in data["assertions"] if a["level"] == "error"}
    assert {"KW002", "BA002"} <= failed
    for a in data["assertions"]:
        assert {"check", "level", "expected", "actual", "page", "line", "passed"} <= set(a)


def test_fail_under_turns_a_low_score_into_an_error(site):
    assert run(HTML, "--preset", "none", "--fail-under", "99").exit_code == 1
    assert run(HTML, "--preset", "none", "--fail-under", "10").exit_code == 0


def test_preset_flag_and_config_preset(site):
    level = lambda args: next(a["level"] for a in json.loads(run(HTML, "-f", "json", *args).stdout)["assertions"]  # noqa: E731
                              if a["check"] == "LK001")
    assert level([]) == "warn" and level(["--preset", "strict"]) == "error"
    assert run(HTML, "--preset", "strict").exit_code == 1
    assert run(HTML).exit_code == 1  # recommended: no meta description is an error
    assert run(HTML, "--preset", "none").exit_code == 0  # only the config's own warn assertions remain


def test_pattern_override_from_config_is_stricter_for_content_posts(site):
    # seoaudit.toml makes keyphrase-density an error for content/posts/** only
    (site / "site" / "blog").mkdir()
    shutil.copy(BAD, site / "site" / "blog" / "massage-stuffed.md")
    posts = json.loads(run(BAD, "-f", "json").stdout)
    blog = json.loads(run("site/blog/massage-stuffed.md", "-f", "json").stdout)
    level = lambda data: next(a["level"] for a in data["assertions"] if a["check"] == "KW001")  # noqa: E731
    assert level(posts) == "error" and level(blog) == "warn"


@pytest.mark.parametrize("args", [
    ["--preset", "lenient"],
    ["--baseline", "missing.json"],
    ["-f", "pdf"],
    ["-f", "json", "-f", "sarif"],
    ["-f", "sarif:"],
])
def test_exit_2_on_usage_errors(site, args):
    r = run(GOOD, *args)
    assert r.exit_code == 2, r.output


def test_command_line_selection_wins_over_the_configs_assertions(site):
    # the config asserts keyphrase-density (KW001) for content/posts/**: a config that left
    # KW001 out itself would contradict itself (exit 2), but --select/--ignore on the
    # command line narrow the run and the assertion steps aside
    (site / "self.toml").write_text('ignore = ["KW001"]\n[assertions]\nKW001 = "error"\n', encoding="utf-8")
    r = CliRunner().invoke(check, ["--config", "self.toml", GOOD])
    assert r.exit_code == 2 and "not selected" in r.output
    for flags in (["--select", "BA001"], ["--ignore", "KW001"]):
        r = run(GOOD, *flags, "-f", "json")
        assert r.exit_code == 0, r.output
        codes = {a["check"] for a in json.loads(r.output)["assertions"]}
        assert "KW001" not in codes
    r = run(BAD, "--ignore", "BA001", "-f", "json")  # the other assertions still hold
    assert r.exit_code == 1
    assert "KW001" in {a["check"] for a in json.loads(r.output)["assertions"]}


def test_select_on_the_command_line_is_not_undone_by_the_configs_ignore(site):
    (site / "ign.toml").write_text('ignore = ["KW001"]\n', encoding="utf-8")
    r = CliRunner().invoke(check, ["--config", "ign.toml", GOOD, "--select", "KW001", "--preset", "strict", "-f", "json"])
    assert r.exit_code in (0, 1), r.output
    codes = {c["code"] for p in json.loads(r.output)["report"]["pages"] for c in p["checks"]}
    assert codes == {"KW001"}  # it ran: a gate with nothing to assert said "passed" before
    (site / "none.toml").write_text('select = ["KW001"]\nignore = ["KW001"]\n', encoding="utf-8")
    r = CliRunner().invoke(check, ["--config", "none.toml", GOOD])
    assert r.exit_code == 2 and "no checks left to run" in r.output


def test_a_narrowed_run_does_not_assert_the_presets_page_score(site):
    # "--select BA003" scores the page from one check: the preset's "score >= 50" is not about it
    r = run(BAD, "--select", "BA003", "--preset", "strict", "--include-passed", "-f", "json")
    checks = {a["check"] for a in json.loads(r.output)["assertions"]}
    assert "score" not in checks and "BA003" in {c["code"] for p in json.loads(r.output)["report"]["pages"] for c in p["checks"]}
    r = run(BAD, "--select", "BA003", "--fail-under", "99", "--include-passed", "-f", "json")  # asked for: it holds
    (score,) = [a for a in json.loads(r.output)["assertions"] if a["check"] == "score"]
    # ... on a figure that is not the page's score, and says so
    assert score["name"] == "score of the selected checks" and score["message"].startswith("score of the selected checks ")


def test_a_narrowed_run_leaves_out_the_configs_score_thresholds_too(site):
    # fail_under and score/category assertions are written for the page's score: `--select CL`
    # ("just show me the claims") failed on a "page score 37.08" that appeared nowhere else
    (site / "scored.toml").write_text(
        (site / "seoaudit.toml").read_text(encoding="utf-8").replace('preset = "recommended"', 'preset = "recommended"\nfail_under = 99'),
        encoding="utf-8")
    targets = lambda *flags: {a["check"] for a in json.loads(CliRunner().invoke(  # noqa: E731
        check, ["--config", "scored.toml", BAD, "--include-passed", "-f", "json", *flags]).output)["assertions"]}
    assert {"score", "categories:basics"} <= targets()
    narrowed = targets("--select", "KW001")
    assert "KW001" in narrowed and "score" not in narrowed and "categories:basics" not in narrowed
    # leaving out only site checks, which make no score, narrows nothing
    assert {"score", "categories:basics"} <= targets("--ignore", "ST")


def test_the_config_is_read_once_per_run_even_when_select_narrows_the_scores(site, monkeypatch):
    # the run's settings and the selection --select narrows came from two reads of the same files
    import seoaudit.config as config

    reads = []
    load = config.load_settings
    monkeypatch.setattr(config, "load_settings", lambda *a, **k: reads.append(a) or load(*a, **k))
    r = run(BAD, "--select", "KW001", "--fail-under", "99", "-f", "json")
    assert r.exit_code == 1 and len(reads) == 1
    assert {a["name"] for a in json.loads(r.stdout)["assertions"] if a["check"] == "score"} == {"score of the selected checks"}


def test_exit_2_on_bad_config_and_unknown_check(site):
    (site / "bad.toml").write_text('[assertions]\nKW999 = "error"\n', encoding="utf-8")
    assert CliRunner().invoke(check, ["--config", "bad.toml", GOOD]).exit_code == 2
    (site / "bad2.toml").write_text('[assertions]\nscore = ["error", {min_score = 200}]\n', encoding="utf-8")
    assert CliRunner().invoke(check, ["--config", "bad2.toml", GOOD]).exit_code == 2
    assert CliRunner().invoke(check, []).exit_code == 2  # no targets


def test_exit_2_on_value_threshold_without_value_key(site):
    (site / "v.toml").write_text('select = ["KW001"]\n[assertions]\nKW001 = ["error", {max_value = 3}]\n', encoding="utf-8")
    r = CliRunner().invoke(check, ["--config", "v.toml", GOOD])
    assert r.exit_code == 2 and "value_key" in r.output


def test_exit_3_when_a_target_cannot_be_audited(site):
    r = run(GOOD, "missing.md")
    assert r.exit_code == 3
    broken = site / "broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    assert run(GOOD, "broken.md").exit_code == 3
    assert run(BAD, "missing.md").exit_code == 3  # 3 wins over 1: the results are incomplete


def test_incomplete_results_are_not_reported_as_passed(site, tmp_path):
    # exit 3 with no failed assertion: every format says "incomplete", none "passed"
    # (a step summary showing a green tick on a red job)
    md, js = tmp_path / "s.md", tmp_path / "s.json"
    r = run(GOOD, "missing.md", "-f", f"markdown:{md}", "-f", f"json:{js}")
    assert r.exit_code == 3
    assert "gate incomplete" in r.output and "gate passed" not in r.output
    assert md.read_text(encoding="utf-8").startswith("## seoaudit check: ❌ incomplete")
    assert json.loads(js.read_text(encoding="utf-8"))["gate"]["status"] == "incomplete"
    r = run(GOOD, "-f", f"json:{js}")
    assert r.exit_code == 0 and json.loads(js.read_text(encoding="utf-8"))["gate"]["status"] == "passed"
    # errors too: the words follow the exit code (3 wins over 1), and say both
    r = run(BAD, "missing.md", "-f", f"json:{js}", "-f", f"markdown:{md}")
    assert r.exit_code == 3
    gate = json.loads(js.read_text(encoding="utf-8"))["gate"]
    assert gate["status"] == "incomplete" and gate["errors"] > 0
    # one parenthesis: "(exit code 3) (preset recommended)" read as two afterthoughts
    assert "1 could not be audited; gate failed and incomplete (exit code 3; preset recommended" in r.output
    assert md.read_text(encoding="utf-8").startswith("## seoaudit check: ❌ failed and incomplete")


def test_drafts_are_skipped_unless_asked(site):
    data = json.loads(run(DRAFT, "-f", "json").stdout)
    assert data["gate"]["pages"] == 0 and data["gate"]["skipped_drafts"] == [DRAFT]
    data = json.loads(run(DRAFT, "-f", "json", "--include-drafts").stdout)
    assert data["gate"]["pages"] == 1 and data["gate"]["skipped_drafts"] == []


@pytest.mark.parametrize("fm, draft", [({"draft": True}, True), ({"draft": "true"}, True), ({"published": False}, True),
                                        ({"draft": False}, False), ({}, False)])
def test_is_draft(fm, draft):
    assert is_draft(fm) is draft


def test_include_passed_lists_passes(site):
    failures = json.loads(run(GOOD, "-f", "json").stdout)["assertions"]
    everything = json.loads(run(GOOD, "-f", "json", "--include-passed").stdout)["assertions"]
    assert not failures and everything and all(a["passed"] for a in everything)


def test_several_formats_each_to_its_own_file(site):
    r = run(BAD, "-f", "sarif:out/seoaudit.sarif", "-f", "junit:out/junit.xml", "--output-dir", "reports", "-f", "markdown")
    assert r.exit_code == 1
    assert json.loads((site / "out" / "seoaudit.sarif").read_text())["version"] == "2.1.0"
    assert (site / "out" / "junit.xml").read_bytes().startswith(b"<?xml")
    assert (site / "reports" / "seoaudit-summary.md").read_text(encoding="utf-8").startswith("## seoaudit check")
    assert "seoaudit check:" in r.output  # stdout still gets the human summary


def test_github_annotations_are_the_default_inside_github_actions(site):
    r = run(BAD, env={"GITHUB_ACTIONS": "true"})
    assert r.exit_code == 1
    assert "::error file=site/content/posts/massage-stuffed.md,line=" in r.output


def test_plan_outputs_rules():
    assert [(o.format, o.path) for o in plan_outputs((), None, {})] == [("text", None)]
    assert [(o.format, o.path) for o in plan_outputs((), None, {"GITHUB_ACTIONS": "true"})] == [("github", None)]
    outs = plan_outputs(("sarif:a.sarif", "json"), None, {})
    assert [(o.format, str(o.path) if o.path else None) for o in outs] == [("sarif", "a.sarif"), ("json", None)]
    outs = plan_outputs(("junit", "sarif"), "out", {})
    assert [o.format for o in outs] == ["text", "junit", "sarif"] and all(o.path for o in outs[1:])
    with pytest.raises(UsageError):
        plan_outputs(("sarif:x", "json:x"), None, {})
    with pytest.raises(UsageError, match="--output-dir: say which formats"):  # it wrote nothing, silently
        plan_outputs((), "out", {})


def test_an_output_path_that_cannot_be_a_file_is_an_error_before_the_run(site):
    """It was `cannot write sarif output (File exists)`, after the whole text report."""
    r = run(GOOD, "-f", f"sarif:{GOOD}/x.sarif")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.strip() == f"seoaudit: error: --format sarif:{GOOD}/x.sarif: {GOOD} is a file, not a folder"
    r = run(GOOD, "-f", "junit", "--output-dir", f"{GOOD}/reports")
    assert r.exit_code == 2 and f"--output-dir {GOOD}/reports: {GOOD} is a file, not a folder" in r.stderr
    assert "site is a folder, not a file" in run(GOOD, "-f", "sarif:site").stderr
    # missing folders on the way are made (documented)
    assert run(GOOD, "-f", "sarif:reports/ci/x.sarif").exit_code == 0 and (site / "reports/ci/x.sarif").is_file()


def test_the_help_and_the_hook_file_name_what_the_readme_does():
    assert ".seoaudit.toml" in CliRunner().invoke(check, ["--help"]).output
    hooks = (Path(__file__).resolve().parent.parent / ".pre-commit-hooks.yaml").read_text()
    assert "<a tag>" not in hooks and "rev: <full commit SHA>" in hooks


def test_baseline_write_then_check_fails_only_on_regressions(site):
    w = CliRunner().invoke(baseline, ["write", "--config", "seoaudit.toml", BAD, "-o", "base.json"])
    assert w.exit_code == 0, w.output
    assert json.loads((site / "base.json").read_text())["pages"] == {BAD: ANY}
    assert run(BAD, "--baseline", "base.json").exit_code == 0  # same failures: known
    # a regression: the good post loses its description
    good = site / GOOD
    good.write_text(good.read_text(encoding="utf-8").replace("description:", "summary:"), encoding="utf-8")
    CliRunner().invoke(baseline, ["write", "--config", "seoaudit.toml", BAD, "-o", "base.json"])
    r = run(BAD, GOOD, "--baseline", "base.json", "-f", "json")
    data = json.loads(r.stdout)
    assert r.exit_code == 1
    assert {a["page"] for a in data["assertions"] if a["level"] == "error" and not a["baselined"]} == {GOOD}


def test_a_fresh_baseline_holds_every_score_as_it_is(tmp_path):
    """Scores were stored to one decimal: a page at 86.58 was a regression against its own
    86.6 under --fail-under, right after `baseline write`."""
    from seoaudit.baselines import PageKeys, load_baseline, render_baseline
    from seoaudit.gate import GateConfig, RuleBook, evaluate
    from seoaudit.models import AuditReport, PageReport

    page = PageReport(source="post.md", url=(tmp_path / "post.md").as_uri(), status="ok", score=86.58,
                      categories={"basics": 74.96})
    report = AuditReport(pages=(page,), tool_version="t")
    keys = PageKeys(cwd=tmp_path, repo_root=None, folder=tmp_path)
    (tmp_path / "base.json").write_bytes(render_baseline(report, keys, None))
    config = GateConfig(preset="none", fail_under=90.0)
    from seoaudit.checks import ALL_CHECKS

    gate = evaluate(report, RuleBook(config, ALL_CHECKS, ALL_CHECKS), baseline=load_baseline(str(tmp_path / "base.json"), keys))
    assert gate.passed and [a.check for a in gate.known] == ["score"]


def test_baseline_from_audit_json_is_accepted(site):
    from seoaudit.api import audit
    from seoaudit.config import load_settings

    report = audit([BAD], load_settings("seoaudit.toml"))
    (site / "audit.json").write_text(json.dumps(report.to_dict()), encoding="utf-8")
    assert run(BAD, "--baseline", "audit.json").exit_code == 0


# ---- --changed-since on a real temporary git repository ------------------------------------------------


def git(cwd: Path, *args: str) -> str:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "HOME": str(cwd), "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin:/usr/local/bin"}
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    if shutil.which("git") is None:
        pytest.fail("git is required for the --changed-since tests")
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES, root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "posts")
    git(root, "checkout", "-q", "-b", "feature")
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return root


def test_changed_since_finds_committed_uncommitted_and_new_files(repo):
    assert changed_targets("main", cwd=repo) == []
    (repo / JEKYLL).write_text((repo / JEKYLL).read_text() + "\nOne more line.\n")
    git(repo, "commit", "-qam", "edit")
    (repo / GOOD).write_text((repo / GOOD).read_text() + "\nUncommitted.\n")
    (repo / "site/content/posts/new-post.md").write_text("---\ntitle: New\n---\n\nNew post.\n")
    (repo / "notes.rst").write_text("not a post\n")
    (repo / DRAFT).unlink()  # deleted files are not audited
    assert changed_targets("main", cwd=repo) == [JEKYLL, GOOD, "site/content/posts/new-post.md"]
    assert changed_targets("main", ["site/content"], cwd=repo) == [GOOD, "site/content/posts/new-post.md"]
    assert changed_targets("main", ["site/_posts/*.md"], cwd=repo) == [JEKYLL]


def test_changed_since_cli_checks_only_changed_posts(repo):
    r = run("--changed-since", "main", "-f", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["gate"]["pages"] == 0
    (repo / BAD).write_text((repo / BAD).read_text() + "\nMore massage therapy.\n")
    data = json.loads(run("site", "--changed-since", "main", "-f", "json").stdout)
    assert data["gate"]["pages"] == 1 and data["report"]["pages"][0]["source"] == BAD


def test_changed_since_bad_ref_or_no_repo_is_exit_2(repo, tmp_path):
    assert run("--changed-since", "no-such-branch").exit_code == 2
    r = run("--changed-since", "origin/main")  # the hint is a command that works in a shallow clone
    assert r.exit_code == 2 and "git fetch origin main:refs/remotes/origin/main" in r.output
    outside = tmp_path / "plain"
    outside.mkdir()
    with pytest.raises(GitError):
        changed_targets("main", cwd=outside)


def test_changed_since_and_staged_find_the_work_tree_from_the_targets(repo, tmp_path, monkeypatch):
    """A CI job or a wrapper script that runs from outside the repository: the targets say where it is."""
    (repo / BAD).write_text((repo / BAD).read_text() + "\nOne more line.\n")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    monkeypatch.chdir(outside)
    config = ["--config", str(repo / "seoaudit.toml"), "-f", "json"]
    r = CliRunner().invoke(check, [str(repo / "site"), "--changed-since", "main", *config])
    assert r.exit_code == 1, r.output  # the stuffed post fails, as it does from inside
    assert [p["source"].endswith(BAD) for p in json.loads(r.stdout)["report"]["pages"]] == [True]
    git(repo, "add", BAD)
    r = CliRunner().invoke(check, [str(repo / "site" / "content" / "**" / "*.md"), "--staged", *config])
    assert r.exit_code == 1 and json.loads(r.stdout)["gate"]["pages"] == 1


@pytest.mark.parametrize("option", [["--changed-since", "main"], ["--staged"]])
def test_git_options_outside_any_work_tree_say_which_option_needs_git(repo, tmp_path, monkeypatch, option):
    outside = tmp_path / "plain"
    (outside / "posts").mkdir(parents=True)
    monkeypatch.chdir(outside)
    for targets, named in (([], "the working directory"), (["posts"], "posts")):
        r = CliRunner().invoke(check, [*targets, *option])
        assert r.exit_code == 2
        assert r.stderr == (f"seoaudit: error: {option[0]} needs a git work tree: {named} is not inside one "
                            "(run it from the repository, or name targets inside it)\n")
    # targets in two repositories: no single diff answers for both
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    r = CliRunner().invoke(check, [str(repo / "site"), str(other), *option])
    assert r.exit_code == 2 and f"{option[0]} needs the targets in one git work tree" in r.stderr
    # git itself missing
    monkeypatch.chdir(repo)
    monkeypatch.setenv("PATH", str(outside))
    r = CliRunner().invoke(check, ["site", *option])
    assert r.exit_code == 2 and r.stderr == f"seoaudit: error: {option[0]} needs git: git is not installed\n"


def test_git_output_keeps_each_path_byte_and_its_failures_name_the_command(repo):
    from seoaudit.gitchanges import StagedFiles, _git

    odd = "site/content/posts/back\rpain.md"  # git -z prints it raw; a text-mode pipe made "\r" a newline
    (repo / odd).write_text((repo / GOOD).read_text())
    assert odd in changed_targets("main", cwd=repo)
    git(repo, "add", odd)
    assert changed_targets(None, cwd=repo) == [odd]
    [page] = StagedFiles(repo).pages([odd])  # its staged content, read with git cat-file
    assert page.ok and page.source == odd
    with pytest.raises(GitError, match=r"^git cat-file: "):
        _git(["cat-file", "--no-such-option"], repo, input=b"", text=False)


def test_previous_versions_are_read_from_the_merge_base(repo):
    (repo / DRAFT).unlink()  # unstaged deletion
    git(repo, "mv", JEKYLL, "site/_posts/2024-04-01-physio-knee-pain-calgary.md")  # staged rename
    (repo / GOOD).write_text("---\ntitle: Changed\n---\n\nChanged.\n")  # modified
    (repo / "site/content/posts/new-post.md").write_text("---\ntitle: New\n---\n")  # new: nothing before it
    got = {str(v.path.relative_to(repo)): v for v in previous_versions("main", ["site"], cwd=repo)}
    assert {k: v.change for k, v in got.items()} == {DRAFT: "deleted", JEKYLL: "renamed", GOOD: "modified"}
    assert got[JEKYLL].new_path == repo / "site/_posts/2024-04-01-physio-knee-pain-calgary.md"
    # the content as it was on main, not as it is now
    assert got[GOOD].data == git(repo, "show", f"main:{GOOD}").encode() and b"Changed" not in got[GOOD].data
    assert got[GOOD].base == "main"
    assert set(previous_versions("main", ["site/content"], cwd=repo)) == {got[DRAFT], got[GOOD]}  # the scope applies


def _blog(repo: Path) -> None:
    posts = repo / "site/content/blog"
    posts.mkdir(parents=True)
    for slug, other in (("back-pain", "neck-pain"), ("neck-pain", "back-pain"), ("hip-pain", "back-pain")):
        (posts / f"{slug}.md").write_text(f"---\ntitle: {slug.replace('-', ' ').capitalize()}\n---\n\n"
                                          f"Text about {slug}.\n\nRelated: [Other post](/blog/{other}/)\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "blog")


def test_staged_checks_the_staged_posts_and_the_links_to_staged_deletions(repo):
    # the default checks: the fixture's seoaudit.toml (a fixed set without ST001) would be discovered
    (repo / "seoaudit.toml").unlink()
    _blog(repo)
    (repo / BAD).write_text((repo / BAD).read_text() + "\nUnstaged edit.\n")  # pre-commit hides it: not checked
    (repo / "site/content/blog/untracked.md").write_text("---\ntitle: Untracked\n---\n\nNot added.\n")
    gate = lambda *args: CliRunner().invoke(check, ["--staged", *args, "-f", "json"])  # noqa: E731
    r = gate("site")
    assert r.exit_code == 0 and json.loads(r.stdout)["gate"]["pages"] == 0 and "no staged posts" in r.stderr
    (repo / JEKYLL).write_text((repo / JEKYLL).read_text() + "\nStaged edit.\n")
    git(repo, "add", JEKYLL)
    data = json.loads(gate("site").stdout)
    assert [p["source"] for p in data["report"]["pages"]] == [JEKYLL]
    assert json.loads(gate("site/content").stdout)["gate"]["pages"] == 0  # targets limit the scope
    # a commit that only deletes a post: the posts linking to it are checked for those links
    git(repo, "reset", "-q")
    git(repo, "rm", "-q", "site/content/blog/back-pain.md")
    for scope in (["site"], []):
        r = gate(*scope)
        data = json.loads(r.stdout)
        assert [p["page"] for p in data["gate"]["linking_to_removed"]] == ["site/content/blog/hip-pain.md", "site/content/blog/neck-pain.md"]
        detail = next(e["detail"] for p in data["report"]["pages"] if p["source"].endswith("hip-pain.md")
                      for c in p["checks"] if c["code"] == "ST001" for e in c["evidence"])
        assert "it named site/content/blog/back-pain.md, which was deleted in the staged changes" in detail
        assert "in the staged changes: their links are checked too" in r.stderr


def test_staged_and_changed_since_exclude_each_other(repo):
    r = CliRunner().invoke(check, ["--staged", "--changed-since", "main", "site"])
    assert r.exit_code == 2 and "exclude each other" in r.output
    assert CliRunner().invoke(check, ["--staged"]).exit_code == 0  # no TARGETS needed, as with --changed-since


def test_github_and_sarif_name_files_from_the_repository_root(repo, monkeypatch, tmp_path):
    # a monorepo job with `working-directory: site/content/posts`: GitHub attaches annotations
    # and code-scanning alerts only by the path from the repository root
    (repo / "site/empty.md").write_text("")  # a file that cannot be audited is named the same way
    monkeypatch.chdir(repo / "site/content/posts")
    r = CliRunner().invoke(check, ["--config", str(repo / "seoaudit.toml"), "massage-stuffed.md", "../../empty.md",
                                   "-f", "sarif:out.sarif", "-f", "text:out.txt"], env={"GITHUB_ACTIONS": "true"})
    assert r.exit_code == 3, r.output
    annotations = [line for line in r.stdout.splitlines() if line.startswith("::")]
    assert annotations and all("file=site/content/posts/massage-stuffed.md," in a for a in annotations if "could not audit" not in a)
    assert any(a.startswith("::error file=site/empty.md,") for a in annotations if "could not audit" in a)
    text = (repo / "site/content/posts/out.sarif").read_text()
    run_ = json.loads(text)["runs"][0]
    # %SRCROOT% is described, not located: the runner's checkout path stays on the runner
    assert "uri" not in run_["originalUriBaseIds"]["%SRCROOT%"] and run_["originalUriBaseIds"]["%SRCROOT%"]["description"]["text"]
    assert str(repo.resolve()) not in text and str(repo) not in text
    uris = {res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for res in run_["results"]}
    assert uris == {"site/content/posts/massage-stuffed.md"}
    assert all(res["partialFingerprints"]["seoauditAssertion/v1"].startswith("site/content/posts/massage-stuffed.md|") for res in run_["results"])
    missing = run_["invocations"][0]["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert missing == {"uri": "site/empty.md", "uriBaseId": "%SRCROOT%"}
    # the terminal summary stays relative to where it was run, so editors can open its paths
    assert (repo / "site/content/posts/out.txt").read_text().startswith("massage-stuffed.md:")


def test_outside_git_github_and_sarif_paths_stay_relative_to_the_working_directory(site):
    # the `site` fixture's .git is an empty marker, not a repository
    r = CliRunner().invoke(check, ["--config", "seoaudit.toml", BAD, "-f", "sarif:out.sarif"], env={"GITHUB_ACTIONS": "true"})
    assert "::error file=site/content/posts/massage-stuffed.md," in r.stdout
    text = (site / "out.sarif").read_text()
    run_ = json.loads(text)["runs"][0]
    assert "uri" not in run_["originalUriBaseIds"]["%SRCROOT%"] and str(site.resolve()) not in text
    assert run_["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == BAD


def test_changed_since_does_not_read_a_committed_link_leaving_the_repository(repo, tmp_path):
    # a fork commits "content/posts/leak.md -> ../../../secret.md": the gate must not read it
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: SECRET-TEXT\n---\nSECRET-TEXT body.\n", encoding="utf-8")
    (repo / "site" / "content" / "posts" / "leak.md").symlink_to(secret)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "leak")
    r = CliRunner().invoke(check, ["--config", "seoaudit.toml", "site/content/", "--changed-since", "main", "-f", "json"])
    assert r.exit_code == 3
    assert "SECRET-TEXT" not in r.output and "a symbolic link to a file outside the repository" in r.stderr
    assert str(repo.resolve()) not in r.stderr and str(repo) not in r.stderr  # the runner's checkout path stays out of logs


def test_changed_since_leaves_templates_and_list_pages_alone(repo):
    # a branch that only touches a layout, an include and a Hugo list page has no post to gate
    for rel in ("site/_layouts/post.html", "site/_includes/footer.html", "site/content/posts/_index.md", "README.md"):
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text("<div>{{ content }}</div>\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "theme")
    r = CliRunner().invoke(check, ["--config", "seoaudit.toml", "--changed-since", "main"])
    assert r.exit_code == 0, r.output
    assert "no changed posts since main" in r.stderr


# ---- --staged reads the index ------------------------------------------------------------------------


def test_staged_audits_what_the_commit_holds_not_the_working_tree(repo):
    _blog(repo)
    post = repo / "site/content/blog/back-pain.md"
    clean = post.read_text()
    claim = clean.replace("Text about back-pain.", "Our treatment is guaranteed to cure knee pain.")
    gate = lambda: CliRunner().invoke(check, ["--staged", "site", "--select", "CL", "-f", "json"])  # noqa: E731
    # the claim is staged, then cleaned up in the working tree only: the commit holds the claim
    post.write_text(claim)
    git(repo, "add", "site/content/blog/back-pain.md")
    post.write_text(clean)
    r = gate()
    assert r.exit_code == 1, r.output
    failed = {(a["check"], a["source_path"], a["line"]) for a in json.loads(r.stdout)["assertions"] if not a["passed"]}
    assert failed == {("CL001", "site/content/blog/back-pain.md", 5), ("CL002", "site/content/blog/back-pain.md", 5)}
    # the author fixed the file but did not stage the fix: the failure says so
    hint = ("seoaudit: site/content/blog/back-pain.md: checked the staged version; your working copy differs: "
            "git add site/content/blog/back-pain.md to check what you see\n")
    assert hint in r.stderr
    git(repo, "add", "site/content/blog/back-pain.md")
    post.write_text(claim)
    git(repo, "add", "site/content/blog/back-pain.md")
    r = gate()
    assert r.exit_code == 1 and "your working copy differs" not in r.stderr  # the same file: no hint
    post.write_text(clean)
    # the other way round: a clean edit staged, the claim only in the working tree
    post.write_text(clean + "\nOne more staged line.\n")
    git(repo, "add", "site/content/blog/back-pain.md")
    post.write_text(claim + "\nOne more staged line.\n")
    r = gate()
    assert r.exit_code == 0 and json.loads(r.stdout)["gate"]["pages"] == 1, r.output
    # a staged post deleted from the working tree is still committed
    post.unlink()
    assert json.loads(gate().stdout)["gate"]["pages"] == 1


def test_staged_links_are_judged_against_the_posts_the_commit_holds(repo):
    _blog(repo)
    blog = repo / "site/content/blog"
    (blog / "knee-pain.md").write_text("---\ntitle: Knee pain\n---\n\nText about knees.\n")  # not added: not committed
    hip = blog / "hip-pain.md"
    hip.write_text(hip.read_text() + "\nRelated: [Knee pain](/blog/knee-pain/)\n")
    git(repo, "add", "site/content/blog/hip-pain.md")
    # a neighbour made a draft in the working tree only: the commit publishes it
    neck = blog / "neck-pain.md"
    neck.write_text(neck.read_text().replace("---\n\n", "draft: true\n---\n\n", 1))

    def st001():
        data = json.loads(CliRunner().invoke(check, ["--staged", "site", "--select", "ST001", "-f", "json"]).stdout)
        [result] = [c for p in data["report"]["pages"] if p["source"].endswith("hip-pain.md") for c in p["checks"] if c["code"] == "ST001"]
        return {e["text"]: e["detail"] for e in result["evidence"] if e.get("status") == "bad"}

    broken = st001()
    assert list(broken) == ["/blog/knee-pain/"] and "no local post has the slug 'knee-pain'" in broken["/blog/knee-pain/"]
    git(repo, "add", "site/content/blog/knee-pain.md")
    assert st001() == {}


def test_staged_symbolic_links_are_followed_in_the_index_and_not_out_of_the_repository(repo, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: SECRET-TEXT\n---\n\nSECRET-TEXT body.\n", encoding="utf-8")
    posts = repo / "site/content/posts"
    (posts / "leak.md").symlink_to(secret)
    (posts / "alias.md").symlink_to("massage-stuffed.md")  # a post of the repository under a second name
    git(repo, "add", "-A")
    (posts / "massage-stuffed.md").write_text((repo / GOOD).read_text())  # unstaged: the commit keeps the stuffed one
    r = CliRunner().invoke(check, ["--config", "seoaudit.toml", "--staged", "site/content", "-f", "json"])
    assert r.exit_code == 3 and "SECRET-TEXT" not in r.output
    assert "leak.md: a symbolic link to a file outside the repository; not read" in r.stderr
    pages = {p["source"]: p for p in json.loads(r.stdout)["report"]["pages"]}
    assert pages["site/content/posts/leak.md"]["status"] == "error"
    kw002 = next(c for c in pages["site/content/posts/alias.md"]["checks"] if c["code"] == "KW002")
    assert kw002["status"] == "bad"


# ---- baselines: keys from the repository root, renames, a compact deterministic file ---------------


def test_a_baseline_matches_pages_from_any_working_directory_of_the_repository(repo, monkeypatch):
    """The README's `working-directory: site` job: a baseline written at the repository root
    is read from a subfolder (and the other way round), and every known failure stays known."""
    config = str(repo / "seoaudit.toml")

    def gate(*args):
        r = CliRunner().invoke(check, ["--config", config, *args, "-f", "json"])
        return r.exit_code, {(a["page"], a["check"]) for a in json.loads(r.stdout)["assertions"] if a["level"] == "error" and not a["baselined"]}

    def write(*args):
        assert CliRunner().invoke(baseline, ["write", "--config", config, *args]).exit_code == 0

    write("site/content/", "-o", ".seoaudit-baseline.json")
    assert BAD in json.loads((repo / ".seoaudit-baseline.json").read_text())["pages"]
    monkeypatch.chdir(repo / "site/content")
    assert gate("posts/")[0] == 1  # failing without the baseline
    assert gate("posts/", "--baseline", "../../.seoaudit-baseline.json") == (0, set())
    write("posts/", "-o", "here.json")
    monkeypatch.chdir(repo)
    assert gate("site/content/posts/", "--baseline", "site/content/here.json") == (0, set())
    # a JSON result written before baselines had keys still matches from the folder it was written in,
    # and from any other folder of the same checkout (by its file:// URL)
    CliRunner().invoke(check, ["--config", config, "site/content/", "-f", "json:result.json"])
    assert gate("site/content/", "--baseline", "result.json") == (0, set())
    monkeypatch.chdir(repo / "site/content")
    assert gate("posts/", "--baseline", "../../result.json") == (0, set())


def test_a_renamed_post_keeps_its_baseline(repo, capsys):
    config = ["--config", "seoaudit.toml"]
    assert CliRunner().invoke(baseline, ["write", *config, "site/", "-o", "base.json"]).exit_code == 0
    CliRunner().invoke(check, [*config, "site/", "-f", "json:result.json"])  # a baseline without a commit
    git(repo, "add", "base.json", "result.json")
    git(repo, "commit", "-q", "-m", "baselines")
    renamed = "site/content/posts/massage-therapy-edmonton.md"  # another slug
    git(repo, "mv", BAD, renamed)

    def gate(base):
        r = CliRunner().invoke(check, [*config, "site/", "--baseline", base, "-f", "json"])
        data = json.loads(r.stdout)
        return r.exit_code, {(a["page"], a["check"]) for a in data["assertions"] if a["level"] == "error" and not a["baselined"]}, r.stderr

    for base in ("base.json", "result.json"):
        code, new, _ = gate(base)
        assert (code, new) == (0, set()), base
    git(repo, "commit", "-q", "-m", "rename")
    bad = repo / renamed
    bad.write_text(bad.read_text() + "\n<img src=\"/images/massage.jpg\">\n")  # a new failure is still new
    assert gate("base.json")[:2] == (1, {(renamed, "BA007")})
    # the baseline's commit is not in this clone (a shallow one): said, and the renamed post is new
    data = json.loads((repo / "base.json").read_text())
    (repo / "base.json").write_text(json.dumps({**data, "commit": "0" * 40}))
    code, new, err = gate("base.json")
    assert code == 1 and (renamed, "KW002") in new and "its commit 000000000000 is not in this clone" in err


def test_a_run_asks_git_for_the_repository_root_once(repo, monkeypatch):
    import seoaudit.gitchanges as gitchanges

    asked = []
    real = gitchanges.repo_root
    monkeypatch.setattr(gitchanges, "repo_root", lambda cwd: asked.append(cwd) or real(cwd))
    assert CliRunner().invoke(baseline, ["write", "site/"]).exit_code == 0
    (repo / BAD).write_text((repo / BAD).read_text() + "\nMore massage therapy.\n")
    for flags in ([], ["--changed-since", "main"], ["--staged"]):
        asked.clear()
        r = CliRunner().invoke(check, ["site/", *flags, "--baseline", ".seoaudit-baseline.json", "-f", "sarif:out.sarif"])
        assert r.exit_code in (0, 1) and len(asked) == 1, (flags, r.output)
    # and still names files from the repository root, from a folder of it
    monkeypatch.chdir(repo / "site")
    assert CliRunner().invoke(check, ["content/", "--baseline", "../.seoaudit-baseline.json", "-f", "sarif:out.sarif"]).exit_code in (0, 1)
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"] for res in json.loads((repo / "site/out.sarif").read_text())["runs"][0]["results"]
            for loc in res["locations"]}
    assert uris and all(u.startswith("site/content/") for u in uris)


def test_baseline_write_is_compact_and_the_same_in_every_clone(repo, tmp_path, monkeypatch):
    clone = tmp_path / "elsewhere" / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True, capture_output=True)
    for root in (repo, clone):
        monkeypatch.chdir(root)
        assert CliRunner().invoke(baseline, ["write", "--config", "seoaudit.toml", "site/", "-o", "base.json"]).exit_code == 0
    text = (repo / "base.json").read_text()
    assert (clone / "base.json").read_text() == text
    assert str(repo) not in text and str(tmp_path) not in text and "file:" not in text and '"message"' not in text
    data = json.loads(text)
    assert data["commit"] == git(repo, "rev-parse", "HEAD").strip()
    assert list(data["pages"]) == sorted(data["pages"]) and BAD in data["pages"]


@pytest.mark.parametrize("assertion, needle", [
    ('"keyphrase-density" = ["error", { max_value = 3.0, value_key = "densty" }]',
     "keyphrase-density: value_key 'densty' is not in KW001's value (numeric keys: density, "),
    ('"keyphrase-density" = ["error", { max_value = 3.0, value_key = "keyphrase" }]',
     "keyphrase-density: value_key 'keyphrase' is not a number in KW001's value"),
    ('"keyphrase-density" = ["error", { max_value = 3.0 }]', "keyphrase-density: KW001's value is a table; set value_key to one of: density, "),
    ('BA002 = ["error", { min_value = 110, value_key = "chars" }]', "BA002: value_key 'chars' given, but BA002's value is not a table"),
])
def test_a_bad_value_key_is_a_config_error_before_any_page_is_read(site, assertion, needle):
    # it was found on the first page's result, without the file's name, and not at all when no
    # page was audited (a branch that changes no post, here: only a draft)
    (site / "vk.toml").write_text(f"[assertions]\n{assertion}\n", encoding="utf-8")
    for target in (BAD, DRAFT):
        r = CliRunner().invoke(check, ["--config", "vk.toml", target])
        assert r.exit_code == 2 and f"vk.toml: {needle}" in r.output, r.output
    (site / "vk.toml").write_text('[assertions]\n"keyphrase-density" = ["error", { max_value = 3.0, value_key = "weighted" }]\n',
                                  encoding="utf-8")
    assert CliRunner().invoke(check, ["--config", "vk.toml", BAD]).exit_code == 1  # a key it has: gated


def test_an_overrides_entry_that_matches_no_page_is_noted(site):
    (site / "typo.toml").write_text(
        (site / "seoaudit.toml").read_text(encoding="utf-8").replace('match = "content/posts/**"', 'match = "content/post/**"'),
        encoding="utf-8")
    r = CliRunner().invoke(check, ["--config", "typo.toml", GOOD])
    assert "note: typo.toml: the overrides entry match = 'content/post/**' matches none of the 1 page audited" in r.output
    assert r.exit_code == 0  # a note, not an error
    assert "matches none" not in run(GOOD).output  # the right glob matches it


CLAIMS_POST = """---
title: Physiotherapy for back pain in Calgary
description: What physiotherapy for back pain in Calgary involves, step by step, at our clinic.
---
# Physiotherapy for back pain in Calgary

Our physiotherapy cures back pain for good.

We test how your back moves and explain what we find.

{more}
"I was cured after one visit!" says one patient.
"""


def _line_of(path, needle: str) -> list[int]:
    return [i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]


def _claims_site(tmp_path, monkeypatch, more: str = ""):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.seoaudit]\nprofile = "ca-ab"\nclinic_profession = "physiotherapist"\n'
                                             'select = ["CL001"]\n', encoding="utf-8")
    (tmp_path / "post.md").write_text(CLAIMS_POST.format(more=more), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def test_every_finding_of_a_check_is_named_at_its_line_with_its_safer_wording(tmp_path, monkeypatch):
    _claims_site(tmp_path, monkeypatch)
    r = CliRunner().invoke(check, ["post.md"])
    assert r.exit_code == 1, r.output
    assert "expected status in" not in r.output  # gate jargon on a plain status assertion
    findings = [line for line in r.output.splitlines() if line.startswith("    post.md:")]
    cured = _line_of(tmp_path / "post.md", "cured")[0]
    assert [int(f.split(":")[1]) for f in findings] == [7, cured], r.output
    assert findings == ["    post.md:7: 'cures'", f"    post.md:{cured}: 'cured'"]  # short: the advice follows once
    advice = r.output.splitlines()[r.output.splitlines().index(findings[-1]) + 1:][:2]
    assert advice[0].startswith("    Safer (line 7): ")  # the clinic's own sentence: a safer wording
    assert advice[1].startswith(f"    In a testimonial (line {cured}): ") and "remove the quote" in advice[1]  # a patient's
    assert "rule cure-word" not in r.output  # the rule id is for JSON and SARIF
    assert "seoaudit explain CODE" in r.output
    gh = CliRunner().invoke(check, ["post.md", "-f", "github"]).output
    assert [line.split(",")[1] for line in gh.splitlines() if line.startswith("::error")] == ["line=7", f"line={cured}"]


def test_a_lone_finding_the_failure_line_already_says_is_not_repeated_under_it(tmp_path, monkeypatch):
    from seoaudit.reports.gate_text import says_it_all
    from seoaudit.gate import AssertionResult, Finding

    (finding,) = (Finding(name="/blog/gone/", detail="'Gone': no local post has the slug 'gone'", line=28),)
    broken = AssertionResult(check="ST001", name="broken-link-targets", level="error", property="status", operator="in",
                             expected=["good", "ok"], actual="bad", page="p.md", url="file:///p.md", passed=False,
                             message="1 of 2 internal link targets is broken: /blog/gone/ ('Gone': no local post has the slug 'gone').",
                             source_path="p.md", line=28, findings=(finding,))
    assert says_it_all(broken, finding)
    assert not says_it_all(dataclasses.replace(broken, line=12), finding)  # another line: said where it is
    two = dataclasses.replace(broken, findings=(finding, dataclasses.replace(finding, name="/blog/other/")))
    assert not says_it_all(two, finding)
    # a claim's line adds its safer wording: kept (test above)
    _claims_site(tmp_path, monkeypatch)
    assert "Safer (line 7): " in CliRunner().invoke(check, ["post.md"]).output


def test_github_annotations_per_check_are_capped_and_say_how_many_more(tmp_path, monkeypatch):
    from seoaudit.reports.github import ANNOTATIONS_PER_CHECK

    _claims_site(tmp_path, monkeypatch, more="".join(f"Visit {i} cures the pain for good.\n\n" for i in range(6)))
    gh = CliRunner().invoke(check, ["post.md", "-f", "github"]).output
    errors = [line for line in gh.splitlines() if line.startswith("::error")]
    assert len(errors) == ANNOTATIONS_PER_CHECK
    lines = [7, *_line_of(tmp_path / "post.md", "Visit "), *_line_of(tmp_path / "post.md", "cured")]
    rest = ", ".join(map(str, lines[ANNOTATIONS_PER_CHECK:]))
    assert [int(e.split(",")[1][5:]) for e in errors] == lines[:ANNOTATIONS_PER_CHECK]
    assert f"... and 3 more findings of CL001 on this page (lines {rest})" in errors[-1]


def test_sarif_has_one_result_per_finding_with_fingerprints_that_survive_moved_lines(tmp_path, monkeypatch):
    _claims_site(tmp_path, monkeypatch)
    CliRunner().invoke(check, ["post.md", "-f", "sarif:a.sarif"])
    claims = lambda path: [r for r in json.loads(path.read_text(encoding="utf-8"))["runs"][0]["results"] if r["ruleId"] == "CL001"]  # noqa: E731
    before = claims(tmp_path / "a.sarif")
    (tmp_path / "post.md").write_text(CLAIMS_POST.format(more="A new paragraph.\n\nAnother one.\n"), encoding="utf-8")
    CliRunner().invoke(check, ["post.md", "-f", "sarif:b.sarif"])
    after = claims(tmp_path / "b.sarif")
    line = lambda r: r["locations"][0]["physicalLocation"]["region"]["startLine"]  # noqa: E731
    moved = _line_of(tmp_path / "post.md", "cured")[0]
    assert [line(r) for r in before] == [7, 12] and [line(r) for r in after] == [7, moved] and moved > 12
    prints = [[r["partialFingerprints"]["seoauditAssertion/v1"] for r in run] for run in (before, after)]
    assert prints[0] == prints[1] and len(set(prints[0])) == 2


def test_baselined_failures_are_counted_not_listed_and_fixed_ones_are_reported(site, tmp_path):
    CliRunner().invoke(baseline, ["write", "--config", "seoaudit.toml", BAD, "-o", "base.json"])
    md, sarif = tmp_path / "s.md", tmp_path / "s.sarif"
    r = run(BAD, "--baseline", "base.json", "-f", f"markdown:{md}", "-f", f"sarif:{sarif}")
    summary = r.output.splitlines()[-1]
    assert r.exit_code == 0 and "baselined" not in "\n".join(r.output.splitlines()[:-1]), r.output
    assert "0 errors, 0 warnings, 7 baselined (listed with --show-baselined)" in summary and "fixed" not in summary
    assert "➖ baselined" not in md.read_text(encoding="utf-8")
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert results and {(r["baselineState"], r["level"]) for r in results} == {("unchanged", "note")}
    listed = run(BAD, "--baseline", "base.json", "--show-baselined")
    assert sum(": baselined " in line for line in listed.output.splitlines()) == 7
    # the author fixes the 'click here' link and adds a description: the baseline still lists them
    post = site / BAD
    post.write_text(post.read_text(encoding="utf-8").replace("[click here]", "[our massage prices]")
                    .replace("---\n", "---\ndescription: Massage therapy in Edmonton, what a first visit involves and what it costs at our clinic.\n", 1),
                    encoding="utf-8")
    r = run(BAD, "--baseline", "base.json", "-f", "json")
    assert json.loads(r.output)["gate"]["fixed_since_baseline"] >= 2
    text = run(BAD, "--baseline", "base.json").output.splitlines()[-1]
    assert "known failures fixed since the baseline (run `seoaudit baseline write --prune` so that they stay fixed" in text


# ---- configs discovered from the targets: a monorepo's sites each gated with their own -----------


@pytest.fixture
def mono(tmp_path, monkeypatch):
    """A repository of two sites with the same stuffed post: clinic-a gates nothing (preset none),
    clinic-b everything (strict); the root's config selects the checks for both."""
    root = tmp_path / "mono"
    for name, preset in (("clinic-a", "none"), ("clinic-b", "strict")):
        (root / name / "posts").mkdir(parents=True)
        shutil.copy(FIXTURES / BAD, root / name / "posts" / "massage.md")
        (root / name / ".seoaudit.toml").write_text(f'preset = "{preset}"\n', encoding="utf-8")
    (root / ".seoaudit.toml").write_text('select = ["KW002", "BA001", "BA002"]\n', encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "sites")
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return root


def _errors_by_site(stdout: str) -> dict[str, int]:
    data = json.loads(stdout)
    out = {p["source"].split("/")[0]: 0 for p in data["report"]["pages"]}
    for a in data["assertions"]:
        if a["level"] == "error" and not a["passed"]:
            out[a["page"].split("/")[0]] += 1
    return out


def test_each_site_of_a_monorepo_is_gated_with_its_own_config(mono):
    r = CliRunner().invoke(check, ["clinic-a/posts", "clinic-b/posts", "-f", "json"])
    assert r.exit_code == 1
    errors = _errors_by_site(r.stdout)
    assert errors["clinic-a"] == 0 and errors["clinic-b"] >= 1  # the same post: clinic-b's strict gate only
    assert "clinic-a/posts: settings of .seoaudit.toml, clinic-a/.seoaudit.toml" in r.stderr
    assert json.loads(r.stdout)["gate"]["preset"] == "none, strict"
    # the repository root as the target: its folders with their own config are split off
    r = CliRunner().invoke(check, [".", "-f", "json"])
    assert _errors_by_site(r.stdout) == errors
    # one site alone from the repository root: its config, not only the working directory's
    assert CliRunner().invoke(check, ["clinic-a/posts"]).exit_code == 0
    assert CliRunner().invoke(check, ["clinic-b/posts"]).exit_code == 1


def test_the_config_is_found_from_the_targets_when_run_from_elsewhere(mono, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / ".seoaudit.toml").write_text('preset = "strict"\n', encoding="utf-8")  # not the site's
    monkeypatch.chdir(elsewhere)
    r = CliRunner().invoke(check, [str(mono / "clinic-a" / "posts")])
    assert r.exit_code == 0, r.output
    assert "settings of" in r.stderr and "clinic-a/.seoaudit.toml" in r.stderr


def test_changed_posts_without_targets_take_their_sites_config(mono):
    post = mono / "clinic-a" / "posts" / "massage.md"
    post.write_text(post.read_text() + "\nOne more line.\n")
    r = CliRunner().invoke(check, ["--changed-since", "main"])
    assert r.exit_code == 0 and "the changed posts: settings of .seoaudit.toml, clinic-a/.seoaudit.toml" in r.stderr
    other = mono / "clinic-b" / "posts" / "massage.md"
    other.write_text(other.read_text() + "\nOne more line.\n")
    r = CliRunner().invoke(check, ["--changed-since", "main"])
    assert r.exit_code == 2 and "fall under different seoaudit configs" in r.stderr
    assert "seoaudit check --changed-since site-a site-b" in r.stderr
    r = CliRunner().invoke(check, ["--changed-since", "main", "clinic-a", "clinic-b", "-f", "json"])
    assert r.exit_code == 1 and _errors_by_site(r.stdout)["clinic-a"] == 0


def test_audit_refuses_targets_under_different_configs(mono):
    from seoaudit.cli import cli

    r = CliRunner().invoke(cli, ["audit", "clinic-a/posts", "clinic-b/posts", "-f", "json"])
    assert r.exit_code == 2 and "different seoaudit configs" in r.stderr and "clinic-b/.seoaudit.toml" in r.stderr
    r = CliRunner().invoke(cli, ["audit", "clinic-a/posts", "-f", "json"])
    assert r.exit_code == 0 and [c["code"] for c in json.loads(r.stdout)["pages"][0]["checks"]] == ["KW002", "BA001", "BA002"]


def test_a_claims_advice_is_said_once_per_check_in_every_format_and_the_rule_id_only_to_machines(tmp_path, monkeypatch):
    # three cure claims in the clinic's words: one safer wording, said once, not three times; the
    # patient's quote keeps its own advice (remove it); "rule cure-word" was jargon to an author
    _claims_site(tmp_path, monkeypatch, more="Massage cures sciatica for good.\n\nOne visit cures neck pain for good.\n")
    data = json.loads(CliRunner().invoke(check, ["post.md", "-f", "json"]).output)
    (cl001,) = [a for a in data["assertions"] if a["check"] == "CL001"]
    findings = cl001["findings"]
    assert len(findings) == 4 and {f["rule"] for f in findings} == {"cure-word"}  # the rule id stays in JSON
    safer = findings[0]["advice"]
    assert safer.startswith("Safer: ") and "rule" not in findings[0].get("detail", "")
    assert findings[-1]["advice"].startswith("In a testimonial: ")
    text = CliRunner().invoke(check, ["post.md"]).output
    assert text.count(safer[len("Safer: "):]) == 2, text  # once as itself, once after the testimonial's "In your own words:"
    assert "rule cure-word" not in text and "    Safer (lines 7, " in text and "    In a testimonial (line " in text
    md = CliRunner().invoke(check, ["post.md", "-f", "markdown"]).output
    assert md.count("Safer (lines 7, ") == 1 and "rule cure-word" not in md
    junit = CliRunner().invoke(check, ["post.md", "-f", "junit"]).output
    assert junit.count("fix: Safer (lines 7, ") == 1 and "rule cure-word" not in junit
    # an annotation and a SARIF result: the finding and its advice, not the check's whole message again
    gh = [line for line in CliRunner().invoke(check, ["post.md", "-f", "github"]).output.splitlines() if line.startswith("::error")]
    assert len(gh) == 4 and gh[0].endswith("::'cures'%0A" + safer) and not any("Cure or permanence claim" in line for line in gh)
    sarif = json.loads(CliRunner().invoke(check, ["post.md", "-f", "sarif"]).output)
    results = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "CL001"]
    assert results[0]["message"]["text"] == f"'cures'. {safer}" and results[0]["properties"]["rule"] == "cure-word"
    assert not any(".." in r["message"]["text"] or "rule cure-word" in r["message"]["text"] for r in results)


def test_sentences_are_joined_with_one_full_stop():
    from seoaudit.reports.gate_formats import join_sentences

    # SARIF said "...before you start'.. Cure or permanence claim"
    assert join_sentences("'cures'", "Safer: 'x'.", "Cure claim") == "'cures'. Safer: 'x'. Cure claim"
    assert join_sentences("Safer: 'we go over it before we start.'", "More") == "Safer: 'we go over it before we start.' More"
    assert join_sentences("a", "", "b") == "a. b"


def test_quiet_lists_errors_only_and_keeps_the_summary(site):
    loud = run(BAD).output
    assert " warn LK001 " in loud
    r = run(BAD, "--quiet")
    assert r.exit_code == 1 and " error KW002 " in r.output
    assert not [line for line in r.output.splitlines() if " warn " in line], r.output
    summary = r.output.splitlines()[-1]
    assert summary.startswith(loud.splitlines()[-1].split(" warnings")[0]) and "warnings (not listed: --quiet)" in summary
    gh = run(BAD, "-q", "-f", "github").output
    assert "::error " in gh and "::warning " not in gh
    assert "warning" in run(BAD, "-q", "-f", "junit").output  # machine formats are whole


def test_a_baselined_check_with_a_new_finding_lists_the_new_one_and_fixed_ones_are_named(tmp_path, monkeypatch):
    _claims_site(tmp_path, monkeypatch)
    CliRunner().invoke(baseline, ["write", "post.md", "-o", "bl.json"])
    post = tmp_path / "post.md"
    post.write_text(post.read_text(encoding="utf-8").replace("We test how", "Massage heals sciatica permanently. We test how"),
                    encoding="utf-8")
    new_line = _line_of(post, "heals")[0]
    r = CliRunner().invoke(check, ["post.md", "--baseline", "bl.json"])
    findings = [line for line in r.output.splitlines() if line.startswith("    post.md:")]
    assert r.exit_code == 1 and findings == [f"    post.md:{new_line}: 'heals sciatica' (new)"], r.output
    md = CliRunner().invoke(check, ["post.md", "--baseline", "bl.json", "-f", "markdown"]).output
    assert f"Findings: line {new_line} 'heals sciatica' (new)." in md and "line 7 'cures'" not in md
    shown = CliRunner().invoke(check, ["post.md", "--baseline", "bl.json", "--show-baselined"]).output
    listed = [line for line in shown.splitlines() if line.startswith("    post.md:")]
    assert listed[0] == "    post.md:7: 'cures'" and f"    post.md:{new_line}: 'heals sciatica' (new)" in listed and len(listed) == 3
    # the clinic's cure claim is rewritten: fixed, and named with --show-baselined
    post.write_text(post.read_text(encoding="utf-8").replace("Our physiotherapy cures back pain for good.", "Our physiotherapy helps."),
                    encoding="utf-8")
    quiet = CliRunner().invoke(check, ["post.md", "--baseline", "bl.json"]).output.splitlines()[-1]
    assert "1 known failure fixed since the baseline (run `seoaudit baseline write --prune` so that it stays fixed; " \
           "--show-baselined names them)" in quiet
    named = CliRunner().invoke(check, ["post.md", "--baseline", "bl.json", "--show-baselined"]).output
    assert "Fixed since the baseline:\n    post.md: CL001 claim-cure 'cures'\n" in named
    md = CliRunner().invoke(check, ["post.md", "--baseline", "bl.json", "--show-baselined", "-f", "markdown"]).output
    assert "### Fixed since the baseline\n\n- post.md: CL001 claim-cure 'cures'" in md
    assert "<code>seoaudit baseline write --prune</code>" in CliRunner().invoke(check, ["post.md", "--baseline", "bl.json", "-f", "markdown"]).output
    data = json.loads(CliRunner().invoke(check, ["post.md", "--baseline", "bl.json", "-f", "json"]).output)
    assert data["gate"]["fixed"] == ["post.md: CL001 claim-cure 'cures'"] and data["gate"]["fixed_since_baseline"] == 1


def test_the_formats_word_a_failure_alike_and_the_summary_explains_its_counts(site):
    md = run(BAD, HTML, "-f", "markdown").output
    assert "status in good, ok" not in md and "| Expected |" not in md
    rows = [line for line in md.splitlines() if line.startswith("| ❌") or line.startswith("| ⚠️")]
    kinds = [row.startswith("| ❌") for row in rows]
    assert kinds == sorted(kinds, reverse=True) and any(kinds) and not all(kinds)  # errors first, whatever the page
    assert "(expected score &gt;= 50, actual 36)" in md  # a threshold says what it expected, as in text
    junit = run(BAD, "-f", "junit").output
    assert "expected: status in good, ok" not in junit and "expected: score &gt;= 50" in junit
    # the overrides entry (content/posts/**) judges BAD; not the HTML page
    assert run(BAD, HTML).output.splitlines()[-1].endswith("(preset recommended; overrides for 1 page)")
    assert run(HTML).output.splitlines()[-1].endswith("(preset recommended)")


def test_the_summary_counts_findings_beside_failed_assertions(tmp_path, monkeypatch):
    # 1 error, but 2 annotations and SARIF results: the summary says why they differ
    _claims_site(tmp_path, monkeypatch)
    assert "1 error (2 findings)" in CliRunner().invoke(check, ["post.md"]).output


def test_baseline_prune_drops_what_was_fixed_and_adds_nothing_new(tmp_path, monkeypatch):
    """The ratchet: `baseline write` again would also record a regression that slipped in;
    `--prune` removes the fixed failures only, so a new one keeps failing the gate."""
    _claims_site(tmp_path, monkeypatch)
    (tmp_path / "other.md").write_text(CLAIMS_POST.format(more=""), encoding="utf-8")
    assert CliRunner().invoke(baseline, ["write", "post.md", "other.md", "-o", "bl.json"]).exit_code == 0
    post = tmp_path / "post.md"
    text = post.read_text(encoding="utf-8")
    # one claim fixed, one new claim added
    post.write_text(text.replace("Our physiotherapy cures back pain for good.", "Our physiotherapy helps.")
                    .replace("We test how", "Massage heals sciatica permanently. We test how"), encoding="utf-8")
    (tmp_path / "new.md").write_text(CLAIMS_POST.format(more=""), encoding="utf-8")  # a post the baseline never had
    r = CliRunner().invoke(baseline, ["write", "post.md", "new.md", "-o", "bl.json", "--prune"])
    assert r.exit_code == 0, r.output
    assert "pruned baseline bl.json: 1 failure fixed since it removed; 3 failures new since it not added (the gate still fails on them)" in r.output  # new.md: CL001 and its score (a warning)
    pages = json.loads((tmp_path / "bl.json").read_text())["pages"]
    assert set(pages) == {"post.md", "other.md"}  # new.md not added; other.md (not audited this time) kept
    [cl001] = [c for c in pages["post.md"]["checks"] if c["code"] == "CL001"]
    assert [e["text"] for e in cl001["evidence"]] == [e["text"] for e in
                                                      next(c for c in pages["other.md"]["checks"] if c["code"] == "CL001")["evidence"]
                                                      if "cures back pain" not in e["text"]]  # only the claim still there
    gated = CliRunner().invoke(check, ["post.md", "new.md", "--baseline", "bl.json", "-f", "json"])
    data = json.loads(gated.output)
    assert gated.exit_code == 1 and {(a["page"], tuple(a.get("new_items", ()))) for a in data["assertions"]
                                      if not a["passed"] and not a["baselined"]} == {("post.md", ("'heals sciatica'",)), ("new.md", ())}
    # the fixed claim coming back is new again: the ratchet held
    post.write_text(text.replace("We test how", "Massage heals sciatica permanently. We test how"), encoding="utf-8")
    again = json.loads(CliRunner().invoke(check, ["post.md", "--baseline", "bl.json", "-f", "json"]).output)
    assert [(a["check"], a.get("new_items")) for a in again["assertions"] if not a["passed"] and not a["baselined"]] == [("CL001", ["'cures'", "'heals sciatica'"])]
    # a deleted post leaves the file; without a baseline there is nothing to prune
    (tmp_path / "other.md").unlink()
    assert "1 deleted post dropped" in CliRunner().invoke(baseline, ["write", "post.md", "-o", "bl.json", "--prune"]).output
    assert set(json.loads((tmp_path / "bl.json").read_text())["pages"]) == {"post.md"}
    missing = CliRunner().invoke(baseline, ["write", "post.md", "-o", "none.json", "--prune"])
    assert missing.exit_code == 2 and "none.json: no baseline to prune" in missing.output


def test_baseline_write_checks_its_output_path_before_auditing(site):
    (site / "notes.txt").write_text("x", encoding="utf-8")
    r = CliRunner().invoke(baseline, ["write", "--config", "seoaudit.toml", BAD, "-o", "notes.txt/base.json"])
    assert r.exit_code == 2 and r.output.strip() == "seoaudit: error: -o: notes.txt is a file, not a folder"
