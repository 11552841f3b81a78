"""HTTP cache: conditional requests make a re-scan of an unchanged site cheap, and a broken cache never breaks a scan.

Scans run against the generated clinic blog on 127.0.0.1, which honours ETag and
Last-Modified (RFC 9110 13.2.2) and counts the body bytes it sends.
"""

from __future__ import annotations

import csv
import json
import sqlite3

from click.testing import CliRunner

from clinicsite import ClinicSite, Response, slug_of
from seoaudit.commands_scan import scan
from seoaudit.fetch import fetch_page, new_session
from seoaudit.httpcache import HttpCache, default_cache_path, is_cacheable

POSTS = 12
HTML = b"<html><head><title>Dry needling in Edmonton</title></head><body><p>Dry needling helps.</p></body></html>"


def run_scan(tmp_path, target, *extra, out="out"):
    result = CliRunner().invoke(scan, [target, "--db", str(tmp_path / "h.db"), "-o", str(tmp_path / out),
                                       "--workers", "1", "--no-progress", *extra], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def page_records(out) -> dict[str, dict]:
    lines = (out / "pages.jsonl").read_text(encoding="utf-8").splitlines()
    return {r["url"]: r for r in map(json.loads, lines) if r["type"] == "page"}


def csv_rows(out) -> dict[str, dict]:
    with open(out / "pages.csv", newline="", encoding="utf-8-sig") as f:
        return {r["url"]: r for r in csv.DictReader(f)}


# ---- the cache itself ---------------------------------------------------------------------


def test_entries_round_trip_with_validators_only(tmp_path):
    cache = HttpCache(tmp_path / "c.sqlite3")
    assert cache.put("https://c.example/a", 200, {"ETag": '"v1"', "Content-Type": "text/html", "Date": "x"}, HTML)
    assert not cache.put("https://c.example/b", 200, {"Content-Type": "text/html"}, HTML)  # nothing to revalidate with
    assert not cache.put("https://c.example/c", 200, {"ETag": '"v1"', "Cache-Control": "no-store"}, HTML)
    assert not cache.put("https://c.example/d", 404, {"ETag": '"v1"'}, HTML)
    cache.flush()  # stored by the writer thread
    entry = cache.get("https://c.example/a")
    assert entry.body == HTML and entry.conditional_headers() == {"If-None-Match": '"v1"'}
    assert "date" not in entry.headers  # per-transfer headers are not kept
    assert cache.get("https://c.example/b") is None
    assert is_cacheable(200, {"last-modified": "Thu, 01 Jan 1970 00:00:00 GMT"})
    cache.close()


def test_size_is_bounded_least_recently_used_first(tmp_path):
    cache = HttpCache(tmp_path / "c.sqlite3", max_bytes=40_000)
    import os

    for i in range(30):  # incompressible bodies of 3 KB: 90 KB in all
        cache.put(f"https://c.example/{i}", 200, {"ETag": f'"{i}"'}, os.urandom(3000))
    cache.flush()
    assert 0 < cache.size <= 40_000
    assert cache.get("https://c.example/29") is not None and cache.get("https://c.example/0") is None
    cache.close()


def test_a_corrupt_entry_is_dropped_not_served(tmp_path):
    path = tmp_path / "c.sqlite3"
    cache = HttpCache(path)
    cache.put("https://c.example/a", 200, {"ETag": '"v1"'}, HTML)
    cache.close()
    db = sqlite3.connect(path)
    db.execute("UPDATE entries SET body = x'00ff00'")
    db.commit()
    db.close()
    cache = HttpCache(path)
    assert cache.get("https://c.example/a") is None and cache.stats.dropped == 1
    cache.close()


def test_a_file_that_is_not_a_database_is_replaced(tmp_path):
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not sqlite at all" * 100)
    cache = HttpCache(path)
    assert cache.enabled and cache.note and "reset" in cache.note
    assert cache.put("https://c.example/a", 200, {"ETag": '"v1"'}, HTML)
    cache.close()


def test_fetch_page_revalidates_with_the_server(tmp_path):
    with ClinicSite(posts=3) as site:
        cache = HttpCache(tmp_path / "c.sqlite3")
        session = new_session()
        first = fetch_page(session, site.post_url(1), cache=cache)
        cache.flush()
        sent = site.body_bytes_sent
        second = fetch_page(session, site.post_url(1), cache=cache)
        assert site.body_bytes_sent == sent  # the 304 had no body
        assert site.request_headers[-1]["if-none-match"] == first.headers["etag"]
        cache.close()
    assert not first.from_cache and second.from_cache
    assert second.status == 200 and second.body == first.body and second.encoding == first.encoding


def test_a_cached_sitemap_is_not_served_as_a_page(tmp_path):
    # the cache holds sitemaps too: a later scan listing the sitemap's URL audited the XML as a page
    from httpserver import LocalServer, Reply

    from seoaudit.crawl import fetch_text
    from seoaudit.fetch import FetchLimits

    xml = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.example/a</loc></url></urlset>'

    def sitemap(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return Reply(status=304, headers=(("ETag", '"v1"'),))
        return Reply(body=xml, headers=(("Content-Type", "application/xml"), ("ETag", '"v1"')))

    with LocalServer({"/sitemap.xml": sitemap}) as server:
        cache = HttpCache(tmp_path / "c.sqlite3")
        session = new_session()
        status, body, error, _cause = fetch_text(session, server.url("/sitemap.xml"), FetchLimits(), 10**6, cache=cache)
        assert status == 200 and error is None
        cache.flush()
        page = fetch_page(session, server.url("/sitemap.xml"), cache=cache)
        revalidated = server.requests[-1][1].get("If-None-Match") == '"v1"'
        cache.close()
    assert not page.ok and page.error == "not an HTML page: content type application/xml"
    assert revalidated  # the answer came from the cache (a 304), the path the bug took


# ---- scans ----------------------------------------------------------------------------------


def test_rescan_of_an_unchanged_site_transfers_little(tmp_path):
    with ClinicSite(posts=POSTS) as site:
        run_scan(tmp_path, site.url("/sitemap_index.xml"), out="first")
        first_bytes = site.body_bytes_sent
        assert run_scan(tmp_path, site.url("/sitemap_index.xml"), out="second").exit_code == 0
        second_bytes = site.body_bytes_sent - first_bytes
    assert (tmp_path / "http-cache.sqlite3").is_file()  # next to the history database
    assert default_cache_path(tmp_path / "h.db") == tmp_path / "http-cache.sqlite3"
    assert second_bytes < first_bytes / 5, (first_bytes, second_bytes)
    first, second = page_records(tmp_path / "first"), page_records(tmp_path / "second")
    posts = [site.post_url(i) for i in range(POSTS)]
    assert all(not first[u]["from_cache"] and second[u]["from_cache"] for u in posts)
    assert all(first[u]["score"] == second[u]["score"] for u in posts)  # same audit from the cached body
    assert all(r["from_cache"] == "yes" for u, r in csv_rows(tmp_path / "second").items() if u in posts)
    summary = json.loads((tmp_path / "second" / "pages.jsonl").read_text().splitlines()[-1])
    assert summary["pages_from_cache"] == POSTS


def test_no_cache_fetches_everything_in_full(tmp_path):
    with ClinicSite(posts=POSTS) as site:
        run_scan(tmp_path, site.url("/sitemap.txt"), out="first")
        first_bytes, asked = site.body_bytes_sent, len(site.request_headers)
        run_scan(tmp_path, site.url("/sitemap.txt"), "--no-cache", out="second")
        second_bytes = site.body_bytes_sent - first_bytes
        conditional = [h for h in site.request_headers[asked:] if "if-none-match" in h or "if-modified-since" in h]
    assert conditional == [] and site.not_modified == 0
    assert second_bytes == first_bytes
    assert not any(r["from_cache"] for r in page_records(tmp_path / "second").values() if r.get("status") == "ok")


def test_a_changed_page_is_fetched_again(tmp_path):
    with ClinicSite(posts=POSTS) as site:
        run_scan(tmp_path, site.url("/sitemap.txt"), out="first")
        site_path = f"/blog/{slug_of(1)}/"
        changed = HTML.replace(b"Dry needling in Edmonton", b"Updated post")
        site.routes[site_path] = Response(body=changed, headers=(("ETag", '"new"'),))
        run_scan(tmp_path, site.url("/sitemap.txt"), out="second")
        records = page_records(tmp_path / "second")
        url = site.url(site_path)
    assert records[url]["from_cache"] is False and records[url]["title"] == "Updated post"
    assert records[site.post_url(2)]["from_cache"] is True


def test_last_modified_alone_is_enough(tmp_path):
    with ClinicSite(posts=1) as site:
        site.routes["/lm/"] = Response(body=HTML, headers=(("Last-Modified", "Tue, 01 Apr 2025 10:00:00 GMT"),))
        run_scan(tmp_path, site.url("/lm/"), out="first")
        run_scan(tmp_path, site.url("/lm/"), out="second")
        assert site.request_headers[-1].get("if-modified-since") == "Tue, 01 Apr 2025 10:00:00 GMT"
    assert page_records(tmp_path / "second")[site.url("/lm/")]["from_cache"] is True


def test_a_corrupted_cache_does_not_stop_a_scan(tmp_path):
    with ClinicSite(posts=POSTS) as site:
        run_scan(tmp_path, site.url("/sitemap.txt"), out="first")
        # every stored body damaged: each is dropped and its page fetched in full
        db = sqlite3.connect(tmp_path / "http-cache.sqlite3")
        db.execute("UPDATE entries SET digest = 'x'")
        db.commit()
        db.close()
        run_scan(tmp_path, site.url("/sitemap.txt"), out="second")
        # the whole file overwritten: replaced, noted, and the scan completes
        for suffix in ("", "-wal", "-shm"):
            p = tmp_path / f"http-cache.sqlite3{suffix}"
            if p.exists():
                p.write_bytes(b"\x00garbage" * 512)
        run_scan(tmp_path, site.url("/sitemap.txt"), out="third")
    for out in ("second", "third"):
        records = page_records(tmp_path / out)
        assert all(records[site.post_url(i)]["status"] == "ok" and not records[site.post_url(i)]["from_cache"]
                   for i in range(POSTS))
    notes = [json.loads(l) for l in (tmp_path / "third" / "pages.jsonl").read_text().splitlines() if '"note"' in l]
    assert any("http-cache" in n["message"] for n in notes)
