"""A scan's output folder: one scan's complete set at a time, published from the staging folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from seoaudit import scan_folder
from seoaudit.scan_folder import STAGING, prepare, publish


def write_set(folder: Path, scan: str, names=("index.html", "pages.csv", "intel.json"),
              scorecards=("a-00000000000000aa.html", "b-00000000000000bb.html")) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(f"{name} of {scan}")
    if scorecards:
        (folder / "pages").mkdir(exist_ok=True)
        for name in scorecards:
            (folder / "pages" / name).write_text(f"{name} of {scan}")


def contents(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text() for p in folder.rglob("*")
            if p.is_file() and STAGING not in p.relative_to(folder).parts}


def test_publish_replaces_the_previous_set_and_keeps_what_is_not_a_scan_output(tmp_path):
    out = tmp_path / "out"
    write_set(out, "scan 1")
    (out / "notes.txt").write_text("the user's own file")
    staging = prepare(out, resume=False)
    write_set(staging, "scan 2", names=("index.html", "pages.csv"),
              scorecards=("b-00000000000000bb.html", "c-00000000000000cc.html"))
    publish(out)
    assert contents(out) == {"index.html": "index.html of scan 2", "pages.csv": "pages.csv of scan 2",
                             "pages/b-00000000000000bb.html": "b-00000000000000bb.html of scan 2",
                             "pages/c-00000000000000cc.html": "c-00000000000000cc.html of scan 2",
                             "notes.txt": "the user's own file"}  # no intel.json, no scorecard a of scan 1
    assert not staging.exists()


def test_a_new_scan_empties_the_staging_folder_and_a_resumed_one_keeps_it(tmp_path):
    out = tmp_path / "out"
    staging = prepare(out, resume=False)
    (staging / "pages.csv").write_text("partial")
    assert prepare(out, resume=True) == staging and (staging / "pages.csv").read_text() == "partial"
    prepare(out, resume=False)
    assert list(staging.iterdir()) == []


@pytest.mark.parametrize("moves_before_crash", [0, 1, 2])
def test_a_publication_cut_short_is_finished_by_the_next_scan(tmp_path, monkeypatch, moves_before_crash):
    """A crash between two moves leaves two scans' files side by side; the next scan of the folder
    finishes the publication first, so the folder holds the new set and nothing of the old one."""
    out = tmp_path / "out"
    write_set(out, "scan 1")
    staging = prepare(out, resume=False)
    write_set(staging, "scan 2", names=("pages.csv", "index.html"), scorecards=("c-00000000000000cc.html",))
    real_replace, moved = os.replace, []

    def crashing_replace(src, dst):
        if Path(dst).parent == out:  # a move of the set (the manifest is written with os.replace too)
            if len(moved) == moves_before_crash:
                raise KeyboardInterrupt  # the process dies here
            moved.append(dst)
        real_replace(src, dst)

    monkeypatch.setattr(scan_folder.os, "replace", crashing_replace)
    with pytest.raises(KeyboardInterrupt):
        publish(out)
    monkeypatch.setattr(scan_folder.os, "replace", real_replace)
    prepare(out, resume=False)  # the next scan
    assert contents(out) == {"index.html": "index.html of scan 2", "pages.csv": "pages.csv of scan 2",
                             "pages/c-00000000000000cc.html": "c-00000000000000cc.html of scan 2"}


@pytest.mark.parametrize("new_scorecards", [("c-00000000000000cc.html",), ()])
def test_files_in_pages_that_are_not_scorecards_are_kept(tmp_path, new_scorecards):
    """An output folder shared with other files (``-o`` pointed at a site's folder): the previous
    scorecards go, someone else's files in ``pages/`` stay, also when the new scan has no scorecards."""
    out = tmp_path / "out"
    write_set(out, "scan 1", scorecards=("a-00000000000000aa.html",))
    (out / "pages" / "about.html").write_text("the site's own page")
    (out / "pages" / "img").mkdir()
    (out / "pages" / "img" / "logo.svg").write_text("<svg/>")
    staging = prepare(out, resume=False)
    write_set(staging, "scan 2", scorecards=new_scorecards)
    publish(out)
    assert sorted(p.name for p in (out / "pages").iterdir()) == sorted(["about.html", "img", *new_scorecards])
    assert (out / "pages" / "img" / "logo.svg").read_text() == "<svg/>"
