"""``--changed-since REF``: the post files changed on this branch, plus uncommitted work.

Changed means: added, copied, modified or renamed in ``git diff REF...HEAD`` (since
the merge base, so commits that landed on the base branch meanwhile do not count),
plus what is staged or modified against HEAD, plus untracked files that git does
not ignore (a new post not yet added). Deleted files are not audited. Paths are
returned relative to the working directory, in sorted order, restricted to files
seoaudit reads and to the scope the user named (files, directories or globs).
"""

from __future__ import annotations

import os
import subprocess
from fnmatch import fnmatch
from pathlib import Path
from typing import Iterable

from .files import SUPPORTED_SUFFIXES
from .registry import ConfigError

GIT_TIMEOUT = 60


class GitError(ConfigError):
    """git is missing, this is not a repository, or the ref is unknown (exit code 2)."""


def _git(args: list[str], cwd: Path) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=GIT_TIMEOUT,
                              encoding="utf-8", errors="surrogateescape")
    except FileNotFoundError:
        raise GitError("--changed-since needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {' '.join(args)} took longer than {GIT_TIMEOUT} s") from None
    if proc.returncode != 0:
        message = (proc.stderr.strip().splitlines() or ["failed"])[-1]
        raise GitError(f"git {args[0]}: {message}")
    return proc.stdout


def _names(output: str) -> list[str]:
    return [n for n in output.split("\0") if n]


def repo_root(cwd: Path) -> Path:
    return Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())


def work_tree_root(cwd: Path | None = None) -> Path | None:
    """The top level of the git work tree around ``cwd``, or None (not in one, or no git).

    Never an error: outside git the gate's paths simply stay relative to ``cwd``."""
    try:
        return repo_root((cwd or Path.cwd()).resolve()).resolve()
    except (GitError, OSError, ValueError):
        return None


def changed_paths(ref: str, cwd: Path | None = None) -> list[Path]:
    """Absolute paths of files changed since ``ref`` (see the module doc), existing ones only."""
    cwd = (cwd or Path.cwd()).resolve()
    if ref.startswith("-"):
        raise GitError(f"--changed-since: '{ref}' is not a git ref")
    root = repo_root(cwd)
    if not _ref_exists(ref, root):
        raise GitError(f"--changed-since: unknown git ref '{ref}' (in a shallow CI clone, fetch it first: git fetch origin {ref})")
    names = set(_names(_git(["diff", "--name-only", "-z", "--diff-filter=ACMR", f"{ref}...HEAD", "--"], root)))
    names |= set(_names(_git(["diff", "--name-only", "-z", "--diff-filter=ACMR", "HEAD", "--"], root)))
    names |= set(_names(_git(["ls-files", "--others", "--exclude-standard", "-z"], root)))
    paths = (root / n for n in names)
    return sorted(p for p in paths if p.is_file())


def _ref_exists(ref: str, root: Path) -> bool:
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root)
        return True
    except GitError:
        return False


def _in_scope(path: Path, scopes: list[str], cwd: Path) -> bool:
    if not scopes:
        return True
    rel = os.path.relpath(path, cwd).replace(os.sep, "/")
    for scope in scopes:
        target = (cwd / scope).resolve()
        if target == path or (target.is_dir() and target in path.parents):
            return True
        pattern = scope.replace(os.sep, "/").removeprefix("./")
        if fnmatch(rel, pattern):
            return True
    return False


def changed_targets(ref: str, scopes: Iterable[str] = (), cwd: Path | None = None) -> list[str]:
    """Changed post files (``.md``, ``.html``, ...) inside ``scopes``, relative to ``cwd``."""
    cwd = (cwd or Path.cwd()).resolve()
    scopes = list(scopes)
    out = []
    for path in changed_paths(ref, cwd):
        if path.suffix.lower() not in SUPPORTED_SUFFIXES or not _in_scope(path, scopes, cwd):
            continue
        out.append(os.path.relpath(path, cwd).replace(os.sep, "/"))
    return out
