"""The README documents every check, and its check table is generated from the code."""

import subprocess
import sys
from pathlib import Path

from seoaudit.checks import ALL_CHECKS

ROOT = Path(__file__).resolve().parents[1]


def test_readme_check_reference_is_up_to_date():
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_check_docs.py"), "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_every_check_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for spec in ALL_CHECKS:
        assert f"| {spec.code} | `{spec.name}` |" in readme


def test_every_check_has_docs_and_metadata():
    codes = [s.code for s in ALL_CHECKS]
    names = [s.name for s in ALL_CHECKS]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    for spec in ALL_CHECKS:
        assert spec.title and spec.fail_title and spec.why and spec.source and spec.fix, spec.code
        assert len(spec.doc) > 40, spec.code


def test_every_dependency_is_explained_and_the_benchmark_only_ones_are_not_installed_with_seoaudit():
    import configparser
    import re

    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg")
    name = re.compile(r"^\s*([A-Za-z0-9_.-]+)")
    required = [name.match(line).group(1).lower() for line in cfg["options"]["install_requires"].splitlines() if line.strip()]
    notes = (ROOT / "README.md").read_text(encoding="utf-8").split("## Dependency notes", 1)[1].lower()
    assert all(pkg in notes for pkg in required), [pkg for pkg in required if pkg not in notes]
    # trafilatura is the benchmarks' reference: an extra, never imported by seoaudit itself
    assert "trafilatura" not in required and "trafilatura" in cfg["options.extras_require"]["bench"]
    imports = re.compile(r"^\s*(?:import|from)\s+(trafilatura|lxml)\b", re.M)
    assert not [p for p in (ROOT / "seoaudit").rglob("*.py") if imports.search(p.read_text(encoding="utf-8"))]


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash tools/test.sh" in readme
    assert "tools/test.sh" in (ROOT / ".ci" / "run").read_text()


def test_readme_gate_config_example_loads_and_gates(tmp_path, monkeypatch):
    """The pyproject.toml example under "Gate configuration" is valid, and does what its
    comments say: a short description fails the build (BA002 section), and new blog posts
    are held to a higher score than the rest (the override wins over fail_under)."""
    from click.testing import CliRunner

    from seoaudit.commands_check import check
    from seoaudit.config import load_settings
    from seoaudit.gate import RuleBook, config_from_settings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Gate configuration", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    assert example.startswith("# pyproject.toml") and "[tool.seoaudit.checks.BA002]" in example
    (tmp_path / "pyproject.toml").write_text(example, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / "post.md").write_text(
        "---\ntitle: Physiotherapy for knee pain in Calgary\ndescription: Knee pain help in Calgary.\n---\n"
        "# Physiotherapy for knee pain in Calgary\n\nKnee pain is common. Our physiotherapists in Calgary help.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    book = RuleBook(config_from_settings(load_settings(cwd=tmp_path)), ALL_CHECKS)
    post, other = (book.rules_for(p, "")["score"] for p in ("content/posts/new-post.md", "static/offer.html"))
    assert "stricter for new blog posts" in example and 'fail_under = 50' in example
    assert (post.level, other.level) == ("error", "error") and other.min_score == 50 and post.min_score > other.min_score
    # it says readability is off: the posts' strict preset must not bring it back
    for source in ("content/posts/new-post.md", "static/offer.html"):
        rules = book.rules_for(source, "")
        readability = [rules[s.code].level for s in ALL_CHECKS if s.category == "readability" and s.code in rules]
        assert readability and set(readability) == {"off"}, source
        # no value threshold on KW001 that fails a post the check calls good (two mentions in a short text)
        assert rules["KW001"].level == "error" and not rules["KW001"].has_thresholds
    r = CliRunner().invoke(check, ["post.md"])
    assert r.exit_code == 1, r.output
    assert "error BA002" in r.output and "value 26 is below the gate's 110" in r.output
