"""A scan's output folder holds one scan's complete set of files, never a mix of two scans.

A scan writes into the staging folder ``DIR/.seoaudit-partial/`` as its pages finish. An
interrupted scan leaves its partial files there (``--resume`` appends to them) and ``DIR``
keeps the last complete scan's. When the scan completes, ``publish`` moves its files into
``DIR``, replacing the previous scan's and removing those it did not write (a ``--no-intel``
scan must not leave the previous ``intel.json`` beside its ``pages.csv``, nor a
``--no-scorecards`` scan the previous scorecards). A scan that audited nothing (the site was
down) is not published over earlier results (``scan.py`` decides): they stay, and its own
files stay in the staging folder until the next scan.

Each move is a rename inside ``DIR``'s file system, so every file is whole; the set moves in
a few milliseconds with Ctrl-C held back, and the list of the set's names is written first,
so that the next scan of the folder finishes a publication that a crash (a kill, a power
cut) cut short.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

STAGING = ".seoaudit-partial"
DASHBOARD = "index.html"
SCORECARDS = "pages"
#: Everything a scan writes in its output folder, the dashboard last (it links the others).
OUTPUTS = (SCORECARDS, "pages.csv", "findings.csv", "changes.csv", "links.csv", "pages.jsonl", "intel.json", "intel.csv",
           DASHBOARD)
#: In the staging folder while its set is being published: the names of the set (JSON list).
_MANIFEST = ".publishing.json"
#: The previous scorecard folder, moved aside before the new one takes its name.
_REPLACED = ".replaced-pages"
#: A scorecard's file name (``reports.base.page_filename``, and the temporary file of a slot being
#: filled): anything else in the previous ``pages/`` is not the scan's, and is moved into the new one.
_SCORECARD = re.compile(r"[a-z0-9-]+-[0-9a-f]{16}\.html(\.tmp)?")


def staging_dir(out_dir: Path) -> Path:
    return Path(out_dir) / STAGING


def prepare(out_dir: Path, resume: bool) -> Path:
    """The staging folder for a scan of ``out_dir``: emptied for a new scan, kept as it is for
    ``--resume``. A publication that a crash cut short is finished first."""
    staging = staging_dir(out_dir)
    if (staging / _MANIFEST).exists():
        publish(out_dir)
    if not resume and staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True, exist_ok=True)
    return staging


def has_results(out_dir: Path) -> bool:
    """Does ``out_dir`` hold a published scan (its dashboard)?"""
    return (Path(out_dir) / DASHBOARD).is_file()


def publish(out_dir: Path) -> None:
    """Move the staged set into ``out_dir`` in place of the previous one; the staging folder goes."""
    out_dir, staging = Path(out_dir), staging_dir(out_dir)
    manifest = staging / _MANIFEST
    try:
        names = set(json.loads(manifest.read_text(encoding="utf-8")))
    except (OSError, ValueError):  # no publication under way: this one starts now
        names = {name for name in OUTPUTS if (staging / name).exists()}
        tmp = manifest.with_name(manifest.name + ".tmp")
        tmp.write_text(json.dumps(sorted(names)), encoding="utf-8")
        os.replace(tmp, manifest)
    with _ctrl_c_held():
        for name in OUTPUTS:
            new, old = staging / name, out_dir / name
            if name in names and not new.exists():
                continue  # moved already, by the publication a crash cut short
            if old.is_dir():
                shutil.rmtree(staging / _REPLACED, ignore_errors=True)
                old.rename(staging / _REPLACED)
            elif name not in names:
                old.unlink(missing_ok=True)
            if name in names:
                os.replace(new, old)
        replaced = staging / _REPLACED
        kept = [p for p in replaced.iterdir() if not _SCORECARD.fullmatch(p.name)] if replaced.is_dir() else []
        if kept:  # someone else's files in pages/ (an output folder shared with a site's own files)
            (out_dir / SCORECARDS).mkdir(exist_ok=True)
            for path in kept:
                os.replace(path, out_dir / SCORECARDS / path.name)
    shutil.rmtree(staging)


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """SIGINT waits until the block ends (where the platform allows), so the moves are not cut in two."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
