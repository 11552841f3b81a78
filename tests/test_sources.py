"""sources.py: targets -> work items -> RawPages."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from seoaudit.fetch import Fetcher
from seoaudit.sources import STDIN_URL, Target, expand_targets, read_all, read_stdin, read_target, sniff_kind


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    """A blog folder with every supported type, plus things that must be skipped."""
    files = {
        "posts/b.md": "# B\n",
        "posts/a.txt": "A\n\nText.\n",
        "posts/2024/c.html": "<p>c</p>",
        "posts/2024/d.markdown": "# D\n",
        "posts/e.htm": "<p>e</p>",
        "posts/notes.docx": "x",
        "posts/.drafts/hidden.md": "# hidden\n",
        "posts/node_modules/pkg/readme.md": "# pkg\n",
        "posts/.hidden.md": "# hidden file\n",
        "empty/readme.rst": "x",
    }
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def sources(targets):
    return [(t.kind, t.source) for t in expand_targets(targets)]


def test_directory_is_walked_recursively_in_sorted_order(site):
    assert sources(["posts"]) == [
        ("file", "posts/2024/c.html"),
        ("file", "posts/2024/d.markdown"),
        ("file", "posts/a.txt"),
        ("file", "posts/b.md"),
        ("file", "posts/e.htm"),
    ]


def test_recursive_glob(site):
    # node_modules and hidden directories are skipped in globs too
    assert sources(["posts/**/*.md"]) == [("file", "posts/b.md")]
    assert sources(["posts/**/*.*"]) == [
        ("file", "posts/2024/c.html"),
        ("file", "posts/2024/d.markdown"),
        ("file", "posts/a.txt"),
        ("file", "posts/b.md"),
        ("file", "posts/e.htm"),
    ]


def test_found_files_are_named_as_the_walk_of_their_folder_names_them(site):
    walked = sources(["posts"])
    assert sources(["./posts"]) == sources(["."]) == walked
    assert sources(["./posts/**/*.*"]) == sources(["./pos*"]) == walked  # a pattern, or a folder it matches
    assert sources(["./posts/../posts/b.md"]) == [("file", "./posts/../posts/b.md")]  # a file named: as typed


def test_order_follows_the_targets_and_duplicates_are_dropped(site):
    assert sources(["posts/e.htm", "posts/2024", "posts/2024/c.html", "https://clinic.example/blog/"]) == [
        ("file", "posts/e.htm"),
        ("file", "posts/2024/c.html"),
        ("file", "posts/2024/d.markdown"),
        ("url", "https://clinic.example/blog/"),
    ]


@pytest.mark.parametrize("target,word", [
    ("empty", "no supported files"),
    ("posts/*.rst", "no supported files"),
    ("posts/notes.docx", "unsupported file type"),
    ("missing.md", "no such file"),
    ("ftp://clinic.example/a.html", "scheme"),
])
def test_targets_that_give_nothing_yield_one_error_item(site, target, word):
    items = list(expand_targets([target]))
    assert len(items) == 1
    assert items[0].kind == "error" and word in items[0].error and target in items[0].error
    page = read_target(items[0])
    assert not page.ok and page.error == items[0].error and page.source == target


def test_file_url_target_is_a_local_file(site):
    uri = (site / "posts" / "b.md").as_uri()
    [item] = expand_targets([uri])
    assert item.kind == "file" and item.source == uri
    assert read_target(item).kind == "markdown"


def test_read_target_reads_files_and_urls(site, http_server):
    items = list(expand_targets(["posts/b.md", http_server.url("/page")]))
    with Fetcher() as fetcher:
        pages = [read_target(t, fetcher) for t in items]
    assert [p.kind for p in pages] == ["markdown", "html"]
    assert pages[1].status == 200 and pages[1].source == http_server.url("/page")


def test_read_all_opens_a_session_only_for_urls(site, http_server):
    pages = list(read_all(["posts/2024", http_server.url("/missing")]))
    assert [p.ok for p in pages] == [True, True, False]
    assert pages[2].status == 404


class FakeStdin:
    """Like sys.stdin: text on top, bytes in ``.buffer``."""

    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)


@pytest.mark.parametrize("data,kind", [
    (b"  <html><title>x</title></html>", "html"),
    (b"---\ntitle: T\n---\n# T\n", "markdown"),
    (b"Plain title\n\nSome text.\n", "text"),
])
def test_stdin_kind_is_sniffed(monkeypatch, data, kind):
    monkeypatch.setattr(sys, "stdin", FakeStdin(data))
    [item] = expand_targets(["-"])
    page = read_target(item)
    assert page.ok and page.kind == kind and page.source == "-" and page.url == STDIN_URL
    assert sniff_kind(data) == kind


def test_stdin_markdown_front_matter(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(b"---\ntitle: Neck pain\ncity: Leduc\n---\nText.\n"))
    page = read_target(Target(source="-", kind="stdin"))
    assert page.front_matter["city"] == "Leduc"
    assert b"<title>Neck pain</title>" in page.body


def test_stdin_binary_is_an_error():
    page = read_stdin(io.BytesIO(b"\x00\x01\x02binary"))
    assert not page.ok and "binary" in page.error


def test_a_symlink_leaving_the_folder_is_not_read(tmp_path):
    # in CI on a fork's pull request, "content/leak.md -> /etc/passwd" would put the file in the artifacts
    content = tmp_path / "content"
    content.mkdir()
    (content / "ok.md").write_text("---\ntitle: ok\n---\nText.\n", encoding="utf-8")
    secret = tmp_path / "secret.md"
    secret.write_text("SECRET\n", encoding="utf-8")
    (content / "leak.md").symlink_to(secret)
    (content / "alias.md").symlink_to(content / "ok.md")  # inside the folder: fine (and the same file)
    for target in (str(content), str(content / "*.md")):
        items = list(expand_targets([target]))
        errors = [t for t in items if t.kind == "error"]
        assert [t.location for t in errors] == [str(content / "leak.md")]
        assert f"a symbolic link to a file outside {content}" in errors[0].error
        assert {os.path.realpath(t.location) for t in items if t.kind == "file"} == {os.path.realpath(content / "ok.md")}
    # named on its own, the file is the user's choice
    assert [t.kind for t in expand_targets([str(content / "leak.md")])] == ["file"]


def test_a_linked_folder_inside_the_scanned_folder_is_not_followed_out(tmp_path):
    # glob("content/**") follows "content/blog/dir -> ../../secret": every file is checked, not only links
    content = tmp_path / "content" / "blog"
    content.mkdir(parents=True)
    (content / "ok.md").write_text("---\ntitle: ok\n---\nText.\n", encoding="utf-8")
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "s.md").write_text("SECRET\n", encoding="utf-8")
    (content / "dir").symlink_to(secret, target_is_directory=True)
    items = list(expand_targets([str(tmp_path / "content" / "**" / "*.md")]))
    assert [t.location for t in items if t.kind == "error"] == [str(content / "dir" / "s.md")]
    assert [t.location for t in items if t.kind == "file"] == [str(content / "ok.md")]


def test_templates_build_output_and_list_pages_are_not_posts(tmp_path):
    # a Jekyll or Hugo repository: layouts, includes and _index.md list pages failed every check
    for rel in ("_posts/2024-03-01-knee.md", "_layouts/post.html", "_includes/footer.html", "_site/knee/index.html",
                "content/blog/_index.md", "content/blog/neck.md", "themes/t/layouts/single.html", "README.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("---\ntitle: x\n---\nText.\n", encoding="utf-8")
    found = {os.path.relpath(t.location, tmp_path) for t in expand_targets([str(tmp_path)]) if t.kind == "file"}
    assert found == {"_posts/2024-03-01-knee.md", "content/blog/neck.md"}
    globbed = {os.path.relpath(t.location, tmp_path) for t in expand_targets([str(tmp_path / "**" / "*.*")]) if t.kind == "file"}
    assert globbed == found
