"""Sitemaps: urlsets, indexes, gzip, text, hostile and malformed XML, local files, caps."""

from __future__ import annotations

import gzip

import pytest

from seoaudit.sitemaps import SitemapError, expand_sitemaps, looks_like_sitemap, parse_sitemap, read_local

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def urlset(*urls: str) -> bytes:
    return f'<?xml version="1.0"?><urlset {NS}>{"".join(f"<url><loc> {u} </loc></url>" for u in urls)}</urlset>'.encode()


def index(*maps: str) -> bytes:
    return f'<sitemapindex {NS}>{"".join(f"<sitemap><loc>{m}</loc></sitemap>" for m in maps)}</sitemapindex>'.encode()


def test_urlset_locs_are_trimmed():
    sm = parse_sitemap(urlset("https://c.example/a/", "https://c.example/b/"), "s.xml")
    assert sm.kind == "urlset" and sm.locs == ("https://c.example/a/", "https://c.example/b/")


def test_gzip_detected_by_magic_bytes():
    sm = parse_sitemap(gzip.compress(urlset("https://c.example/a/")), "s.xml")
    assert sm.locs == ("https://c.example/a/",)


def test_text_sitemap():
    sm = parse_sitemap(b"https://c.example/a/\n\nhttps://c.example/b/\n", "s.txt")
    assert sm.kind == "text" and len(sm.locs) == 2


def test_billion_laughs_is_refused_not_expanded():
    evil = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><urlset><url><loc>&lol3;</loc></url></urlset>"""
    with pytest.raises(SitemapError, match="hostile"):
        parse_sitemap(evil, "evil.xml")


def test_external_entity_is_refused():
    xxe = b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]><urlset><url><loc>&x;</loc></url></urlset>'
    with pytest.raises(SitemapError):
        parse_sitemap(xxe, "xxe.xml")


@pytest.mark.parametrize("data", [b"<urlset><url><loc>x</loc>", b"<html><body>hi</body></html>", b"just words, no urls"])
def test_malformed_or_foreign_documents_are_errors(data):
    with pytest.raises(SitemapError):
        parse_sitemap(data, "bad.xml")


def test_gzip_bomb_is_capped():
    bomb = gzip.compress(b" " * (2 * 1024 * 1024))
    with pytest.raises(SitemapError, match="decompressed"):
        parse_sitemap(bomb, "bomb.xml.gz", limit=1024 * 1024)


def test_index_recursion_cycles_and_errors():
    files = {
        "root": index("a", "b", "root", "missing"),
        "a": index("c"),
        "b": urlset("https://c.example/2"),
        "c": urlset("https://c.example/1"),
    }

    def load(where):
        if where not in files:
            raise SitemapError(f"{where}: HTTP 404")
        return files[where]

    errors: list[str] = []
    entries = list(expand_sitemaps(["root"], load, errors))
    assert [e.url for e in entries] == ["https://c.example/1", "https://c.example/2"]
    assert [e.sitemap for e in entries] == ["c", "b"]
    assert errors == ["missing: HTTP 404"]


def test_a_sitemap_from_the_web_never_makes_the_scanner_read_local_files():
    # a hostile index listing "/etc/passwd" or "relative.xml" was read from the local disk
    web = "https://c.example/sitemap_index.xml"
    files = {web: index("/etc/passwd", "relative.xml", "file:///etc/passwd", "https://c.example/posts.xml"),
             "https://c.example/posts.xml": urlset("https://c.example/1")}
    loaded = []

    def load(where):
        loaded.append(where)
        if where not in files:
            raise SitemapError(f"{where}: HTTP 404")
        return files[where]

    errors: list[str] = []
    entries = list(expand_sitemaps([web], load, errors))
    assert [e.url for e in entries] == ["https://c.example/1"]
    assert all(w.startswith("https://c.example/") for w in loaded)  # resolved on the site, never on disk
    assert "https://c.example/etc/passwd" in loaded and "https://c.example/relative.xml" in loaded
    assert any("'file:///etc/passwd', which is not an http(s) URL" in e for e in errors)


def test_a_device_is_not_read_as_a_sitemap():
    with pytest.raises(SitemapError, match="not a regular file"):
        read_local("/dev/zero")


def test_local_file_and_missing_file(tmp_path):
    p = tmp_path / "sitemap.xml"
    p.write_bytes(urlset("https://c.example/a"))
    assert parse_sitemap(read_local(str(p)), str(p)).locs == ("https://c.example/a",)
    with pytest.raises(SitemapError):
        read_local(str(tmp_path / "nope.xml"))


@pytest.mark.parametrize("target,expected", [
    ("https://c.example/sitemap_index.xml", True), ("https://c.example/post-sitemap.xml.gz", True),
    ("https://c.example/sitemap.txt", True), ("https://c.example/blog/post/", False), ("https://c.example/", False),
])
def test_looks_like_sitemap(target, expected):
    assert looks_like_sitemap(target) is expected


def test_one_reading_of_scan_targets_for_the_scan_the_history_store_and_history_lookups(tmp_path):
    """``scan_target`` is how the scan seeds, how the store decides a scan covers its site and how
    ``history`` tells a site from a page: each target read the same way by all three."""
    from seoaudit.history import host_named, page_url
    from seoaudit.sitemaps import WHOLE_SITE_KINDS, scan_target
    from seoaudit.store import covers_whole_site

    xml, listed = tmp_path / "map.xml", tmp_path / "urls.txt"
    xml.write_bytes(b"<urlset/>")
    listed.write_text("https://c.example/a/\n", encoding="utf-8")
    cases = {
        "https://c.example": ("root", "https://c.example/"), "HTTPS://C.example/": ("root", "https://c.example/"),
        "https://c.example/?p=3": ("page", "https://c.example/?p=3"), "https://c.example/blog/a/": ("page", "https://c.example/blog/a/"),
        "https://c.example/sitemap_index.xml": ("sitemap", "https://c.example/sitemap_index.xml"),
        "https://c.example/sitemap.txt": ("sitemap", "https://c.example/sitemap.txt"),
        str(xml): ("file", str(xml)), str(listed): ("list", str(listed)), "gone/urls.txt": ("bad", "gone/urls.txt"),
        "ftp://c.example/": ("bad", "ftp://c.example/"),
    }
    for target, expected in cases.items():
        kind, what = scan_target(target)
        assert (kind, what) == expected, target
        assert covers_whole_site([target]) == (kind in WHOLE_SITE_KINDS), target
        if kind in ("root", "page"):  # history: a site root names the site, any other URL a page
            assert (page_url(target) is None) == (kind == "root") and (host_named(target) is not None) == (kind == "root"), target
