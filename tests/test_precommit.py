"""`.pre-commit-hooks.yaml` works: `pre-commit try-repo` passes a good post and fails a bad one.

pre-commit builds the hook's own virtualenv and pip-installs this repository into
it (``language: python``), exactly as for a user. To stay offline and fast, pip is
told to install only seoaudit itself (``PIP_NO_DEPS``, ``PIP_NO_INDEX``, no build
isolation) and the hook finds seoaudit's dependencies through ``PYTHONPATH`` =
the site-packages of the interpreter running the tests. The hook repository is a
temporary git copy of the package files of this working tree, so the test checks
the code being tested, committed or not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install -e '.[test]' installs it)")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "gate" / "site"
HOOK_FILES = ("pyproject.toml", "setup.cfg", "README.md", ".pre-commit-hooks.yaml")


def git_env(home: Path) -> dict:
    return {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com", "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=git_env(cwd))


def make_hook_repo(dest: Path) -> Path:
    dest.mkdir()
    for name in HOOK_FILES:
        shutil.copy(ROOT / name, dest / name)
    shutil.copytree(ROOT / "seoaudit", dest / "seoaudit", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "hook")
    return dest


def make_posts_repo(dest: Path) -> Path:
    posts = dest / "content" / "posts"
    posts.mkdir(parents=True)
    for name in ("acupuncture-back-pain-edmonton.md", "massage-stuffed.md", "draft-post.md"):
        shutil.copy(FIXTURES / "content" / "posts" / name, posts / name)
    (dest / "notes.py").write_text("print('not a post')\n", encoding="utf-8")
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "posts")
    return dest


@pytest.fixture(scope="module")
def repos(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.fail("git is required for the pre-commit test")
    base = tmp_path_factory.mktemp("precommit")
    hook = make_hook_repo(base / "hook")
    posts = make_posts_repo(base / "posts")
    env = {
        **git_env(base),
        "PRE_COMMIT_HOME": str(base / "cache"),
        "PIP_NO_DEPS": "1",
        "PIP_NO_INDEX": "1",
        "PIP_NO_BUILD_ISOLATION": "0",  # pip reads "0" as "--no-build-isolation" (inverted flag)
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PYTHONPATH": sysconfig.get_paths()["purelib"],
        "NO_COLOR": "1",
    }
    env.pop("GITHUB_ACTIONS", None)
    return hook, posts, env


def try_repo(repos, *files: str) -> subprocess.CompletedProcess:
    hook, posts, env = repos
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook), "seoaudit", "--files", *files],
                          cwd=posts, capture_output=True, text=True, env=env, timeout=300)


def test_hook_passes_a_good_post_and_skips_drafts(repos):
    r = try_repo(repos, "content/posts/acupuncture-back-pain-edmonton.md", "content/posts/draft-post.md", "notes.py")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "seoaudit" in r.stdout and "Passed" in r.stdout


def test_hook_fails_a_post_with_error_level_failures(repos):
    r = try_repo(repos, "content/posts/massage-stuffed.md")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Failed" in r.stdout and "KW002" in r.stdout and "massage-stuffed.md:" in r.stdout


def test_staged_hook_catches_a_commit_that_only_deletes_a_linked_post(repos, tmp_path):
    # the "seoaudit" hook is given the staged files that exist: a deletion gives it none,
    # and pre-commit skips it; "seoaudit-staged" always runs and reads the index itself
    hook, _, env = repos
    site = tmp_path / "site"
    blog = site / "content" / "blog"
    blog.mkdir(parents=True)
    for slug, other in (("back-pain", "neck-pain"), ("neck-pain", "back-pain"), ("hip-pain", "back-pain")):
        (blog / f"{slug}.md").write_text(f"---\ntitle: {slug}\n---\n\nText.\n\nRelated: [Other post](/blog/{other}/)\n", encoding="utf-8")
    (site / "pyproject.toml").write_text('[tool.seoaudit.assertions]\nbroken-link-targets = "error"\n', encoding="utf-8")
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "posts")

    def run_hook(hook_id):
        return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook), hook_id],
                              cwd=site, capture_output=True, text=True, env=env, timeout=300)

    git(site, "rm", "-q", "content/blog/back-pain.md")
    r = run_hook("seoaudit")
    assert r.returncode == 0 and "no files to check" in r.stdout.lower(), r.stdout + r.stderr
    r = run_hook("seoaudit-staged")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "content/blog/hip-pain.md" in r.stdout and "ST001" in r.stdout and "which was deleted" in r.stdout
    git(site, "reset", "-q", "HEAD", "--", "content/blog/back-pain.md")
    git(site, "checkout", "--", "content/blog/back-pain.md")
    r = run_hook("seoaudit-staged")  # nothing staged: passes
    assert r.returncode == 0, r.stdout + r.stderr


def test_the_hooks_exclude_matches_what_walking_a_folder_skips():
    """.pre-commit-hooks.yaml repeats sources.py's lists as a regex: they must not drift apart."""
    import re
    from pathlib import Path

    import yaml

    from seoaudit.sources import _NOT_POSTS, _SKIPPED_DIRS, is_post_file

    hooks = yaml.safe_load((Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    exclude = re.compile(next(h for h in hooks if h["id"] == "seoaudit")["exclude"])
    skipped = [f"{d}/x.html" for d in sorted(_SKIPPED_DIRS)] + [f"content/{n}.md" for n in sorted(_NOT_POSTS | {"_index"})]
    for path in skipped:
        assert not is_post_file(path) and exclude.search(path), path
    for path in ("content/blog/post.md", "_posts/2024-01-01-x.md", "content/layouts-guide.md"):
        assert is_post_file(path) and not exclude.search(path), path


def test_every_hook_runs_in_one_process():
    """seoaudit indexes the posts it is given to judge the links between them: pre-commit's
    parallel batches (require_serial: false) checked each batch's links alone and printed a
    summary per batch."""
    from pathlib import Path

    import yaml

    hooks = yaml.safe_load((Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert all(h.get("require_serial") is True for h in hooks)
