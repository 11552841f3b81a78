"""Targets -> work items -> RawPages.

``expand_targets`` turns what the user typed (URLs, files, directories, glob
patterns, ``-`` for stdin) into ``Target`` work items in a deterministic order,
without reading anything; ``read_target`` reads one item into a RawPage. Keeping the
two apart lets a runner read items in parallel and report a target that expanded to
nothing exactly like a page that failed to load.
"""

from __future__ import annotations

import glob
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Iterable, Iterator
from urllib.parse import unquote, urlsplit

from .files import SUPPORTED_SUFFIXES, SourceError, file_url, page_from_bytes, read_file
from .text import printable
from .urls import STDIN_URL, shown_path
from .models import RawPage

if TYPE_CHECKING:  # fetch imports requests: only loaded when a URL is read
    from .fetch import Fetcher

STDIN = "-"
# Folders that hold no posts: dependencies, and the templates and build output of static-site
# generators (Jekyll _layouts/_includes/_sass/_data/_site, Hugo layouts/themes/archetypes):
# a layout has no title or text of its own and would fail every check
_SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "_layouts", "_includes", "_sass", "_data", "_site",
                           "layouts", "themes", "archetypes"})
_GLOB_CHARS = re.compile(r"[*?\[]")
_URL_RE = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.I)
_BARE_DOMAIN_RE = re.compile(r"^(www\.)?[a-z0-9\-]+(\.[a-z0-9\-]+)*\.[a-z]{2,}(/.*)?$", re.I)


@dataclass(frozen=True)
class Target:
    """One unit of work: a URL, a local file, stdin, or a target that failed to expand."""

    source: str  # how reports name it: the URL, the file path as found, or "-"
    kind: str  # "url" | "file" | "stdin" | "error"
    location: str = ""  # the URL or file path to read
    error: str | None = None  # for kind "error": the one-line cause
    cause: str = ""  # ... and its code (RawPage.cause): unreadable, invalid-url, unsupported-type, no-files, outside


def error_line(source: str, error: str) -> str:
    """``seoaudit: SOURCE: cause``, the one stderr line for a target that could not be
    read (an error that already starts with the target's name does not get it twice)."""
    line = f"seoaudit: {error}" if (error or "").startswith(f"{source}:") else f"seoaudit: {source}: {error}"
    return printable(line)  # a URL or a server's reason phrase may hold terminal escape sequences


def expand_targets(targets: Iterable[str]) -> Iterator[Target]:
    """Yield the work items for ``targets`` in order, each file or URL once.

    Directories are walked recursively (sorted, hidden directories and
    node_modules skipped) and globs expanded recursively (``**``); both keep only
    supported files (.html .htm .md .markdown .txt). A directory or glob with no
    such file, an explicit file of another type, or a missing path yields one
    ``error`` item naming the target.
    """
    seen: set[tuple[str, str]] = set()
    for target in targets:
        for item in _expand_one(target):
            key = (item.kind, item.location if item.kind != "file" else os.path.realpath(item.location))
            if item.kind != "error" and key in seen:
                continue
            seen.add(key)
            yield item


def _expand_one(target: str) -> Iterator[Target]:
    if target == STDIN:
        yield Target(source=STDIN, kind="stdin")
        return
    if _URL_RE.match(target):
        yield _url_target(target)
        return
    path = Path(target)
    if path.is_dir():
        yield from _files_or_error(target, walk_directory(path), "directory", inside=path)
    elif path.is_file():
        yield _file_target(target, explicit=True)
    elif _GLOB_CHARS.search(target):
        yield from _files_or_error(target, expand_glob(target), "pattern", inside=Path(_glob_root(target)))
    else:
        looks_like_site = _BARE_DOMAIN_RE.match(target) and not is_supported(target)
        hint = f" (did you mean https://{target}?)" if looks_like_site else ""
        yield Target(source=target, kind="error", location=target, error=f"{target}: no such file or directory{hint}", cause="unreadable")


def _url_target(target: str) -> Target:
    scheme = target.split("://", 1)[0].lower()
    if scheme in ("http", "https"):
        return Target(source=target, kind="url", location=target)
    if scheme == "file":
        path = unquote(urlsplit(target).path)
        return _file_target(path, explicit=True, source=target)
    return Target(source=target, kind="error", location=target, error=f"{target}: unsupported URL scheme {scheme}", cause="invalid-url")


def _file_target(path: str, explicit: bool, source: str | None = None) -> Target:
    source = source or path
    suffix = Path(path).suffix.lower()
    if explicit and suffix not in SUPPORTED_SUFFIXES:
        supported = " ".join(sorted(SUPPORTED_SUFFIXES))
        return Target(source=source, kind="error", location=path,
                      error=f"{source}: unsupported file type {suffix or '(no extension)'} (supported: {supported})",
                      cause="unsupported-type")
    return Target(source=source, kind="file", location=path)


def _files_or_error(target: str, paths: list[str], what: str, inside: Path) -> Iterator[Target]:
    if not paths:
        yield Target(source=target, kind="error", location=target,
                     error=f"{target}: no supported files in this {what} (.html .htm .md .markdown .txt)", cause="no-files")
        return
    root = inside.resolve()
    for path in paths:
        if not _within(Path(path).resolve(), root):
            # a post that is, or sits in a folder that is, a link to a file outside the folder
            # (a fork's "leak.md -> /etc/passwd" in a CI run): not read; naming it still audits it
            yield Target(source=path, kind="error", location=path, error=_outside_error(path, inside), cause="outside")
            continue
        yield Target(source=path, kind="file", location=path)


def _outside_error(path: str, inside, where: str = "") -> str:
    """The refusal, naming the folder as the user wrote it (a CI log must not carry the
    runner's checkout path: SARIF and annotations quote this line)."""
    shown = shown_path(inside)
    where = where or ("the current folder" if shown in (".", "") else shown)
    return f"{path}: a symbolic link to a file outside {where}; not read (name the file to audit it)"


def links_leaving(paths: list[str], root: Path) -> tuple[list[str], list[RawPage]]:
    """Paths the tool found itself (git's changed files) split into those to read and error
    pages for the ones that resolve outside ``root``: a symbolic link committed to a
    repository must not make the gate read a file beside it."""
    keep, refused = [], []
    real_root = Path(root).resolve()
    for path in paths:
        if _within(Path(path).resolve(), real_root):
            keep.append(path)
        else:
            refused.append(RawPage(source=path, url=file_url(Path(path)), error=_outside_error(path, root, "the repository"),
                                   cause="outside"))
    return keep, refused


def _within(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _glob_root(pattern: str) -> str:
    """The folder a glob pattern searches: its path before the first wildcard ("." if none)."""
    parts = Path(pattern).parts
    fixed = [p for p in parts[: next((i for i, p in enumerate(parts) if _GLOB_CHARS.search(p)), len(parts))]]
    return str(Path(*fixed)) if fixed else "."


def local_folder(target: str) -> Path | None:
    """The existing folder a local target names or sits in (a glob's folder before its first
    wildcard, a missing path's nearest existing parent), resolved; None for a URL or stdin."""
    if target == STDIN or _URL_RE.match(target):
        return None
    path = Path(_glob_root(target) if _GLOB_CHARS.search(target) else target).resolve()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path if path.is_dir() else path.parent


def is_supported(name: str) -> bool:
    return Path(name).suffix.lower() in SUPPORTED_SUFFIXES


def _hidden(name: str) -> bool:
    return name.startswith(".")


#: Repository documents that sit beside posts but are not posts. Skipped when walking
#: a directory; naming one explicitly still audits it.
_NOT_POSTS = frozenset({"readme", "changelog", "license", "licence", "contributing", "code_of_conduct", "security"})


def _is_repo_document(name: str) -> bool:
    # and Hugo's _index.md: a section's or the home page's list page, not a post
    stem = name.rsplit(".", 1)[0].lower()
    return stem in _NOT_POSTS or stem == "_index"


def is_post_file(path: str | Path) -> bool:
    """Would walking a folder audit this file? A supported type, not hidden, not a repository
    document or a list page, not inside a dependency or template folder. For the files git
    reports as changed, which are found, not named."""
    parts = Path(path).parts
    return (is_supported(parts[-1]) and not _is_repo_document(parts[-1])
            and not any(_hidden(p) or p in _SKIPPED_DIRS for p in parts if p not in (".", "..")))


def walk_post_folders(root: str | Path) -> Iterator[tuple[str, list[str]]]:
    """``os.walk(root)`` as (folder, file names), folders in sorted order, without the folders
    that hold no posts (hidden ones and ``_SKIPPED_DIRS``) or anything below them."""
    for dirpath, dirnames, filenames in os.walk(root):
        # pruning in place stops os.walk from descending; sorting makes the order stable
        dirnames[:] = sorted(d for d in dirnames if not _hidden(d) and d not in _SKIPPED_DIRS)
        yield dirpath, filenames


def walk_directory(root: Path) -> list[str]:
    """Supported files under ``root``, depth first in sorted order, as ``root/...`` paths."""
    found: list[str] = []
    for dirpath, filenames in walk_post_folders(root):
        found += [
            # normpath: walking "." gives "./content/x.md", which every report would show
            os.path.normpath(os.path.join(dirpath, f))
            for f in filenames
            if not _hidden(f) and is_supported(f) and not _is_repo_document(f)
        ]
    return sorted(found, key=_path_key)


def expand_glob(pattern: str) -> list[str]:
    """Supported files matching ``pattern`` (``**`` recursive); matched directories are walked.
    Paths are normalised as ``walk_directory``'s: "./posts/*.md" finds "posts/x.md"."""
    found: list[str] = []
    for match in glob.glob(pattern, recursive=True):
        if os.path.isdir(match):
            found += walk_directory(Path(match))
        elif is_post_file(os.path.relpath(match)):
            found.append(os.path.normpath(match))
    return sorted(set(found), key=_path_key)


def _path_key(path: str) -> tuple[str, ...]:
    """Sort by path components so ``a/b.md`` sorts with ``a/`` and not between ``a-x`` and ``a0``."""
    return Path(path).parts


def read_target(target: Target, fetcher: "Fetcher | None" = None, stdin: BinaryIO | None = None) -> RawPage:
    """Read one work item. Never raises for an unreadable target: the RawPage carries the error.

    ``fetcher`` is required only for URL items, so local runs never open a session.
    """
    if target.kind == "error":
        return RawPage(source=target.source, url=target.location, error=target.error, cause=target.cause)
    if target.kind == "file":
        return read_file(target.location, source=target.source)
    if target.kind == "stdin":
        return read_stdin(stdin)
    if target.kind == "url":
        if fetcher is None:
            raise ValueError("a Fetcher is needed to read URL targets")
        return fetcher.fetch(target.location, source=target.source)
    raise ValueError(f"unknown target kind {target.kind!r}")


def sniff_kind(data: bytes) -> str:
    """What stdin holds: markup -> html, ``---`` front matter -> markdown, else text."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "html"
    if re.match(rb"---[ \t]*\r?\n", head):
        return "markdown"
    return "text"


def read_stdin(stream: BinaryIO | None = None) -> RawPage:
    """Read all of stdin (or ``stream``) as one page; the kind is sniffed from the bytes."""
    stream = stream if stream is not None else sys.stdin
    raw = getattr(stream, "buffer", stream).read()
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    kind = sniff_kind(data)
    try:
        return page_from_bytes(data, kind, source=STDIN, url=STDIN_URL)
    except SourceError as exc:
        return RawPage(source=STDIN, url=STDIN_URL, kind=kind, error=str(exc), cause=exc.cause)


def read_all(targets: Iterable[str], fetcher: "Fetcher | None" = None) -> Iterator[RawPage]:
    """Expand ``targets`` and read each item in order, opening an HTTP session only if needed."""
    own_fetcher = None
    try:
        for target in expand_targets(targets):
            if target.kind == "url" and fetcher is None:
                from .fetch import Fetcher

                fetcher = own_fetcher = Fetcher()
            yield read_target(target, fetcher)
    finally:
        if own_fetcher is not None:
            own_fetcher.close()


__all__ = [
    "STDIN", "STDIN_URL", "Target", "expand_targets", "expand_glob", "read_all",
    "read_stdin", "read_target", "sniff_kind", "walk_directory", "walk_post_folders",
]
