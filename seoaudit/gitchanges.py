"""``--changed-since REF`` and ``--staged``: the post files a branch or a commit changes.

Changed means: added, copied, modified or renamed in ``git diff REF...HEAD`` (since
the merge base, so commits that landed on the base branch meanwhile do not count),
plus what is staged or modified against HEAD, plus untracked files that git does
not ignore (a new post not yet added). With ``--staged`` (pre-commit): what is staged
against HEAD only, read from the index (``StagedFiles``). Paths are returned relative
to the working directory, in sorted order, restricted to files seoaudit reads and to
the scope the user named (files, directories or globs).

``baseline write`` records the commit it ran on (``head_commit``), and ``check
--baseline`` follows the posts renamed since (``renamed_files``).

A run looks its work tree's top folder up once and passes it on as ``root``; without it,
each function asks git. ``--changed-since`` and ``--staged`` take it from the targets
(``targets_work_tree``: a CI job or a wrapper script need not run from inside the
repository), and every git failure of theirs is one line naming the option (``needs_git``).

Deleted files are not audited, but they break links: ``previous_versions`` gives the
posts as they were at the base (the merge base, or HEAD for ``--staged``) when they
have been deleted, renamed or modified since, so that the links of unchanged posts
to their old path or slug can be judged (``local_site.LocalPosts``).
"""

from __future__ import annotations

import os
import posixpath
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Iterable

from .files import MAX_FILE_BYTES, SourceError, file_page, too_large
from .models import RawPage
from .sources import expand_targets, is_post_file, local_folder
from .urls import shown_path
from .registry import ConfigError

GIT_TIMEOUT = 60


class GitError(ConfigError):
    """git is missing, this is not a repository, or the ref is unknown (exit code 2)."""


class NotAWorkTree(GitError):
    """git was asked about a folder outside any work tree."""


def _git(args: list[str], cwd: Path, input: bytes | None = None, text: bool = True) -> str | bytes:
    """git's output (``text``: decoded, a path that is not UTF-8 kept as surrogates), ``input``
    on its standard input; git missing, slow or failing is a ``GitError``. Decoded here, not
    by ``subprocess``: its text mode would turn a "\\r" in a path into a newline."""
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=GIT_TIMEOUT, input=input)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {' '.join(args)} took longer than {GIT_TIMEOUT} s") from None
    if proc.returncode != 0:
        message = (proc.stderr.decode("utf-8", "replace").strip().splitlines() or ["failed"])[-1]
        if "not a git repository" in message:
            raise NotAWorkTree(f"{shown_path(cwd)} is not inside one")
        if "no merge base" in message:  # a shallow clone: the branch's history stops before the ref's
            message += " (a shallow clone: check out with fetch-depth: 0, or git fetch --unshallow)"
        raise GitError(f"git {args[0]}: {message}")
    return proc.stdout.decode("utf-8", "surrogateescape") if text else proc.stdout


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


def targets_work_tree(targets: Iterable[str], option: str) -> Path:
    """The top folder of the git work tree that holds the local ``targets`` (the working
    directory's when none is local), for ``option``; a ``GitError`` naming ``option`` when
    a target is in no work tree, or the targets are in several."""
    local = [(t, folder) for t in targets for folder in [local_folder(t)] if folder is not None]
    roots: dict[Path, str] = {}
    for target, folder in local or [(".", Path.cwd().resolve())]:
        try:
            root = repo_root(folder).resolve()
        except NotAWorkTree:
            named = "the working directory" if not local else target
            raise GitError(f"{option} needs a git work tree: {named} is not inside one "
                           f"(run it from the repository, or name targets inside it)") from None
        roots.setdefault(root, target)
    if len(roots) > 1:
        (a, at), (b, bt) = list(roots.items())[:2]
        raise GitError(f"{option} needs the targets in one git work tree: {at} is in {shown_path(a)}, {bt} in {shown_path(b)}")
    return next(iter(roots))


@contextmanager
def needs_git(option: str):
    """git's failures inside the block as one line naming ``option`` ("--staged needs a git
    work tree: ..."), not as git's message alone."""
    try:
        yield
    except NotAWorkTree as exc:
        raise GitError(f"{option} needs a git work tree: {exc}") from None
    except GitError as exc:
        message = str(exc)
        if message.startswith(option):
            raise
        raise GitError(f"{option} needs git: {message}" if message == "git is not installed" else f"{option}: {message}") from None


def head_commit(cwd: Path | None = None) -> str | None:
    """The commit checked out in the work tree around ``cwd``; None outside git or before the first commit."""
    try:
        return _git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], (cwd or Path.cwd()).resolve()).strip() or None
    except (GitError, OSError):
        return None


def last_commit_of(path: str | Path, cwd: Path | None = None) -> str | None:
    """The last commit that changed the file ``path``; None when git has no history of it."""
    try:
        return _git(["log", "-1", "--format=%H", "--", str(path)], (cwd or Path.cwd()).resolve()).strip() or None
    except (GitError, OSError):
        return None


def renamed_files(commit: str, root: Path, staged: bool = False) -> dict[str, str] | None:
    """New path -> old path (both from the repository root) of the files git finds renamed
    between ``commit`` and the working tree (``staged``: the index), with its usual
    similarity rule (``-M``: half the content kept); None when ``commit`` is not in this
    clone (a shallow clone stops before it)."""
    if commit.startswith("-") or not _ref_exists(commit, root):
        return None
    args = ["diff", *(["--cached"] if staged else []), "--name-status", "-z", "-M", "--diff-filter=R", commit, "--"]
    return {new: old for status, old, new in _parse_name_status(_git(args, root)) if status == "R" and new}


def changed_paths(ref: str, cwd: Path | None = None, root: Path | None = None) -> list[Path]:
    """Absolute paths of files changed since ``ref`` (see the module doc), existing ones only."""
    if ref.startswith("-"):
        raise GitError(f"--changed-since: '{ref}' is not a git ref")
    root = root or repo_root((cwd or Path.cwd()).resolve())
    if not _ref_exists(ref, root):
        # "origin/main" is fetched as "main" from origin; a bare branch name as itself
        branch = ref.partition("/")[2] if ref.startswith("origin/") else ref
        raise GitError(f"--changed-since: unknown git ref '{ref}' (in a shallow CI clone, fetch it first: "
                       f"git fetch origin {branch}:refs/remotes/origin/{branch}, or check out with fetch-depth: 0)")
    paths = (root / n for n in _names_since(ref, root, "ACMR"))
    return sorted(p for p in paths if p.is_file())


def _names_since(ref: str, root: Path, diff_filter: str) -> set[str]:
    """Files (from the root) of git's ``--diff-filter`` kinds since the merge base of ``ref``:
    committed on the branch, staged or modified in the working tree; and the untracked ones."""
    names = set(_names(_git(["diff", "--name-only", "-z", f"--diff-filter={diff_filter}", f"{ref}...HEAD", "--"], root)))
    names |= set(_names(_git(["diff", "--name-only", "-z", f"--diff-filter={diff_filter}", "HEAD", "--"], root)))
    names |= set(_names(_git(["ls-files", "--others", "--exclude-standard", "-z"], root)))
    return names


def added_paths(ref: str | None, root: Path) -> set[Path]:
    """Absolute paths of the files new since ``ref`` (added, or untracked), or new in the index
    (``ref`` None): posts no other post can have linked to before the change."""
    if ref is None:
        names = _names(_git(["diff", "--cached", "--name-only", "-z", "--diff-filter=A", "--"], root))
    else:
        names = _names_since(ref, root, "A")
    return {(root / n).resolve() for n in names}


def uncommitted_additions(root: Path) -> set[Path]:
    """Absolute paths of the files HEAD lacks: added to the index (``git add``) or untracked.
    A post among them is new whatever names it (a pre-commit hook passing file names, a
    check typed before committing), so no other post can have linked to it yet. Empty when
    git cannot say (no git): the run then judges every post as it always did."""
    try:
        names = set(_names(_git(["diff", "--cached", "--name-only", "-z", "--diff-filter=A", "--"], root)))
        names |= set(_names(_git(["ls-files", "--others", "--exclude-standard", "-z"], root)))
    except (GitError, OSError):
        return set()
    return {(root / n).resolve() for n in names}


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
        # an absolute glob (a script's "$PWD/content/**/*.md") against the absolute path
        if fnmatch(path.as_posix() if os.path.isabs(scope) else rel, pattern):
            return True
    return False


def staged_paths(cwd: Path | None = None, root: Path | None = None) -> list[Path]:
    """Absolute paths of the files added, copied, modified or renamed in the index against
    HEAD (all staged files before the first commit), whether or not the working tree still
    has them: they are read from the index (``StagedFiles``)."""
    root = root or repo_root((cwd or Path.cwd()).resolve())
    names = _names(_git(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", "--"], root))
    return sorted(root / n for n in names)


def changed_targets(ref: str | None, scopes: Iterable[str] = (), cwd: Path | None = None,
                    root: Path | None = None) -> list[str]:
    """Changed post files (``.md``, ``.html``, ...) inside ``scopes``, relative to ``cwd``;
    ``ref`` None: the staged ones."""
    cwd = (cwd or Path.cwd()).resolve()
    scopes = list(scopes)
    out = []
    for path in (changed_paths(ref, cwd, root) if ref is not None else staged_paths(cwd, root)):
        if not is_post_file(os.path.relpath(path, cwd)) or not _in_scope(path, scopes, cwd):
            continue  # templates (_layouts/), repository documents and list pages are not posts
        out.append(os.path.relpath(path, cwd).replace(os.sep, "/"))
    return out


# ---- the index: what the next commit holds --------------------------------------------------

_SYMLINK_MODE = "120000"
_FILE_MODES = ("100644", "100755")


class StagedFiles:
    """The index as the source of the posts ``check --staged`` reads: what the commit will
    hold, not the working tree (a post staged with a claim and then cleaned up without
    staging commits the claim). pre-commit hides unstaged changes before its hooks run,
    but a hook written by hand, or ``check --staged`` typed before committing, does not.

    A post keeps its working-tree path (messages, line numbers, the local site's files). A
    staged symbolic link is followed inside the index, one hop, to a file the commit holds
    in the repository; one that leads out of the repository is not read (as a folder walk
    does not read one leading out of the folder: a fork's ``leak.md -> /etc/passwd``).
    """

    def __init__(self, cwd: Path | None = None, max_bytes: int = MAX_FILE_BYTES, root: Path | None = None):
        self.cwd = (cwd or Path.cwd()).resolve()
        self.root = root or repo_root(self.cwd)
        self.max_bytes = max_bytes
        # path from the root -> (mode, object id) of each merged entry (stage 0)
        self._entries: dict[str, tuple[str, str]] = {}
        self._read: dict[str, bytes | SourceError] = {}  # staged contents already read, by path as named
        for record in _names(_git(["ls-files", "-s", "-z"], self.root)):
            info, _, path = record.partition("\t")
            mode, oid, stage = info.split()
            if stage == "0":
                self._entries[path] = (mode, oid)

    def _rel(self, path: str) -> str:
        return os.path.relpath(os.path.normpath(os.path.join(self.cwd, path)), self.root).replace(os.sep, "/")

    def _objects_of(self, paths: list[str]) -> dict[str, str | SourceError]:
        """Path as named -> the object id of its staged content, or why it has none; paths
        the index does not hold are left out (untracked files: not in the commit)."""
        out: dict[str, str | SourceError] = {}
        links: dict[str, str] = {}
        for path in paths:
            entry = self._entries.get(self._rel(path))
            if entry is None:
                continue
            mode, oid = entry
            if mode == _SYMLINK_MODE:
                links[path] = oid
            elif mode in _FILE_MODES:
                out[path] = oid
            else:
                out[path] = SourceError(f"{path}: not a file in the index (a submodule?)", "not-a-file")
        targets = _objects(sorted(set(links.values())), self.root)  # a link's blob is the path it names
        for path, oid in links.items():
            name = targets.get(oid, b"").decode("utf-8", "surrogateescape")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(self._rel(path)), name))
            entry = self._entries.get(target)
            if name.startswith("/") or target == ".." or target.startswith("../"):
                out[path] = SourceError(f"{path}: a symbolic link to a file outside the repository; not read", "outside")
            elif entry is None or entry[0] not in _FILE_MODES:
                out[path] = SourceError(f"{path}: a symbolic link to {name}, which is not a file the commit holds", "not-a-file")
            else:
                out[path] = entry[1]
        return out

    def _contents(self, paths: list[str]) -> dict[str, bytes | SourceError]:
        """Path as named -> its staged bytes, or why they cannot be read (too large...). Each
        path is read from git once (line numbers ask again for the files the audit read)."""
        self._read.update(self._read_contents([p for p in paths if p not in self._read]))
        return {p: self._read[p] for p in paths if p in self._read}

    def _read_contents(self, paths: list[str]) -> dict[str, bytes | SourceError]:
        if not paths:
            return {}
        objects = self._objects_of(paths)
        oids = sorted({o for o in objects.values() if isinstance(o, str)})
        sizes = _sizes(oids, self.root)
        blobs = _objects([o for o in oids if sizes.get(o, 0) <= self.max_bytes], self.root)
        out: dict[str, bytes | SourceError] = {}
        for path, oid in objects.items():
            if not isinstance(oid, str):
                out[path] = oid
            elif sizes.get(oid, 0) > self.max_bytes:
                out[path] = too_large(path, self.max_bytes)
            else:
                out[path] = blobs.get(oid, SourceError(f"{path}: cannot read its staged content", "staged-unreadable"))
        return out

    def content(self, path: str) -> bytes | None:
        """The staged bytes of ``path`` (for line numbers), None when it has none."""
        data = self._contents([path]).get(path)
        return data if isinstance(data, bytes) else None

    def pages(self, paths: list[str], sources: list[str] | None = None) -> list[RawPage]:
        """The staged version of each file (``sources``: how reports name them, default the
        paths), in order; the files the index does not hold are left out."""
        contents = self._contents(paths)
        out = []
        for path, source in zip(paths, sources or paths):
            if path in contents:
                out.append(file_page(Path(path), source, lambda data=contents[path]: _bytes_or_raise(data)))
        return out

    def read(self, targets: list[str]) -> list[RawPage]:
        """The posts ``targets`` (files, folders, globs) name, found as a folder walk finds them
        in the working tree (``sources.expand_targets``: what it skips, its symbolic-link
        rule), each read from the index; a file the index does not hold is not in the
        commit, and is left out. A staged file deleted from the working tree is not found."""
        files = [t for t in expand_targets(targets) if t.kind == "file"]
        return self.pages([t.location for t in files], [t.source for t in files])


def _bytes_or_raise(data: bytes | SourceError) -> bytes:
    if isinstance(data, SourceError):
        raise data
    return data


# ---- what the changed files were: their links may still be written in other posts ---------


@dataclass(frozen=True)
class PreviousVersion:
    """A post file as it was at the base, now deleted, renamed or modified."""

    path: Path  # absolute path it had
    change: str  # "deleted", "renamed" or "modified"
    data: bytes  # its content at the base
    new_path: Path | None = None  # where a renamed file is now
    base: str = ""  # the ref named in messages ("main"); "" for the staged changes


def _merge_base(ref: str, root: Path) -> str:
    return _git(["merge-base", ref, "HEAD"], root).strip()


def _parse_name_status(output: str) -> list[tuple[str, str, str | None]]:
    """``git diff --name-status -z`` -> (status letter, old path, new path for renames)."""
    fields = _names(output)
    out, i = [], 0
    while i < len(fields):
        status = fields[i][:1]
        if status in ("R", "C"):
            out.append((status, fields[i + 1], fields[i + 2]))
            i += 3
        else:
            out.append((status, fields[i + 1], None))
            i += 2
    return out


def _cat_file(names: list[str], root: Path, option: str) -> bytes:
    """The output of ``git cat-file OPTION`` (``--batch``, ``--batch-check``) for ``names``."""
    return _git(["cat-file", option], root, input="".join(f"{n}\n" for n in names).encode("utf-8", "surrogateescape"),
                text=False)


def _objects(names: list[str], root: Path) -> dict[str, bytes]:
    """The content of each blob named (``commit:path``, ``:path`` or an object id), in one
    ``git cat-file --batch``; names that are missing or not blobs are left out."""
    wanted = [n for n in names if "\n" not in n]  # one request a line
    if not wanted:
        return {}
    out, data, pos = {}, _cat_file(wanted, root, "--batch"), 0
    for name in wanted:
        end = data.find(b"\n", pos)
        if end < 0:  # the output stops early: what was read stands, the rest is unknown
            break
        header = data[pos:end].split()
        pos = end + 1
        if len(header) < 3 or not header[-1].isdigit():
            continue  # "<name> missing" (a name with spaces splits into more words)
        size = int(header[-1])
        if header[1] == b"blob":
            out[name] = data[pos:pos + size]
        pos += size + 1
    return out


def _sizes(object_ids: list[str], root: Path) -> dict[str, int]:
    """The size of each blob, without reading it (``git cat-file --batch-check``)."""
    if not object_ids:
        return {}
    out = {}
    for line in _cat_file(object_ids, root, "--batch-check").decode("ascii", "replace").splitlines():
        oid, _, rest = line.partition(" ")
        kind, _, size = rest.partition(" ")
        if kind == "blob" and size.isdigit():
            out[oid] = int(size)
    return out


def _blobs(base: str, paths: list[str], root: Path) -> dict[str, bytes]:
    """The content of each path at commit ``base``."""
    found = _objects([f"{base}:{p}" for p in paths], root)
    return {p: found[f"{base}:{p}"] for p in paths if f"{base}:{p}" in found}


def previous_versions(ref: str | None, scopes: Iterable[str] = (), cwd: Path | None = None,
                      root: Path | None = None) -> list[PreviousVersion]:
    """The post files inside ``scopes`` as they were at the merge base of ``ref`` and HEAD
    (``ref`` None: at HEAD, against the index, for ``--staged``) that have since been
    deleted, renamed or modified (in commits, staged or in the working tree)."""
    cwd = (cwd or Path.cwd()).resolve()
    scopes = list(scopes)
    root = root or repo_root(cwd)
    if ref is None:
        if not _ref_exists("HEAD", root):
            return []  # the first commit: nothing was there before
        base, shown = "HEAD", ""
        args = ["diff", "--cached", "--name-status", "-z", "-M", "--diff-filter=DRM", "HEAD", "--"]
    else:
        base, shown = _merge_base(ref, root), ref
        # the merge base against the working tree: committed, staged and unstaged changes at once
        args = ["diff", "--name-status", "-z", "-M", "--diff-filter=DRM", base, "--"]
    entries = []
    for status, old, new in _parse_name_status(_git(args, root)):
        path = root / old
        # the same posts changed_targets reads: not a deleted README.md or _layouts/default.html
        if not is_post_file(os.path.relpath(path, cwd)) or not _in_scope(path, scopes, cwd):
            continue
        if status == "M" and not path.is_file():
            continue
        change = {"D": "deleted", "R": "renamed", "M": "modified"}[status]
        entries.append((old, path, change, root / new if new else None))
    blobs = _blobs(base, [e[0] for e in entries], root)
    return [PreviousVersion(path=path, change=change, data=blobs[old], new_path=new, base=shown)
            for old, path, change, new in entries if old in blobs]
