"""History store: transactions, previous scan, concurrent writers, interrupted scans."""

from __future__ import annotations

import gzip
import json
import multiprocessing
import sqlite3

from seoaudit.store import Store, scorecard_finder


def page(key: str, score: float = 80.0, status: str = "ok") -> dict:
    return {"key": key, "url": f"https://c.example/{key}", "status": status, "score": score}


def test_scan_lifecycle_and_previous_scan(tmp_path):
    store = Store(tmp_path / "h.db")
    first = store.start_scan("c.example", ["https://c.example/"], "0")
    store.add_page(first, page("a", 60))
    store.add_page(first, page("b", 80))
    store.add_page(first, page("x", status="error"))
    store.finish_scan(first, "complete")
    second = store.start_scan("c.example", ["https://c.example/"], "0")
    store.add_page(second, page("a", 90))
    store.finish_scan(second, "complete")
    row = store.scan(first)
    assert (row.pages_ok, row.pages_failed, round(row.score)) == (2, 1, 70)
    assert store.previous_scored_scan(second).id == first and store.previous_scored_scan(first) is None
    assert [score for *_, score, _url in store.page_scans("a")] == [60, 90]


def test_previous_scored_scan_skips_interrupted_failed_and_other_sites(tmp_path):
    """"Change since scan #N" compares with the last scan that has a score: a scan of the site while
    it was down (complete, nothing audited) is passed over, as ``seoaudit history`` does."""
    store = Store(tmp_path / "h.db")
    done = store.start_scan("a", [], "0")
    store.add_page(done, page("p", 70))
    store.finish_scan(done, "complete")
    broken = store.start_scan("a", [], "0")
    store.add_page(broken, page("p", 75))
    store.finish_scan(broken, "interrupted")
    down = store.start_scan("a", ["https://a.example/sitemap.xml"], "0")
    store.add_problem(down, "https://a.example/sitemap.xml", "https://a.example/sitemap.xml: not fetched: the site is "
                      "unreachable (connection refused by a.example); nothing was fetched")
    store.finish_scan(down, "complete")
    other = store.start_scan("b", [], "0")
    store.add_page(other, page("p", 80))
    store.finish_scan(other, "complete")
    now = store.start_scan("a", [], "0")
    assert store.scan(down).number == 2 and store.scan(down).score is None  # in the history, as failed
    assert store.previous_scored_scan(now).id == done
    assert store.previous_scored_scan(down).id == done


def test_failure_says_why_a_scan_audited_nothing(tmp_path):
    store = Store(tmp_path / "h.db")
    down = store.start_scan("a", [], "0")
    unreachable = "not fetched: the site is unreachable (connection refused by a.example); nothing was fetched"
    store.add_problem(down, "https://a.example/sitemap.xml", f"https://a.example/sitemap.xml: {unreachable}")
    store.add_page(down, {**page("root", status="error"), "error": unreachable, "cause": "refused"})
    gone = store.start_scan("b", [], "0")
    store.add_problem(gone, "https://b.example/sitemap.xml", "https://b.example/sitemap.xml: HTTP 404")
    dead = store.start_scan("c", [], "0")
    for key in ("x", "y"):
        store.add_page(dead, {**page(key, status="error"), "error": "HTTP 500 Internal Server Error", "cause": "http-500"})
    store.add_page(dead, {**page("z", status="error"), "error": "read timed out after 3s", "cause": "timeout"})
    fine = store.start_scan("d", [], "0")
    store.add_page(fine, page("p", 70))
    store.add_page(fine, {**page("q", status="error"), "error": "HTTP 404 Not Found", "cause": "http-404"})
    for scan in (down, gone, dead, fine):
        store.finish_scan(scan, "complete")
    assert store.failure(down) == "site unreachable: connection refused by a.example"  # one cause, whichever URL met it
    assert store.failure(gone) == "https://b.example/sitemap.xml: HTTP 404"  # a sitemap's message names it
    assert store.failure(dead) == "HTTP 500 Internal Server Error"  # the most common cause
    assert store.failure(fine) == ""  # it audited a page
    assert store.failure(store.start_scan("e", [], "0")) == "no page to audit was found"


def test_each_site_numbers_its_complete_scans_from_one(tmp_path):
    """An agency's clients share one database: ids interleave, but each client's scans read
    #1, #2, #3 (an interrupted scan takes no number, so none is skipped)."""
    store = Store(tmp_path / "h.db")
    a1 = store.start_scan("a", [], "0")
    b1 = store.start_scan("b", [], "0")
    store.add_page(b1, page("y", 65))
    store.finish_scan(b1, "complete")
    store.finish_scan(a1, "complete")
    cut = store.start_scan("a", [], "0")
    store.add_page(cut, page("x", 50))
    store.finish_scan(cut, "interrupted")
    a2 = store.start_scan("a", [], "0")
    store.add_page(a2, page("x", 60))
    assert store.scan(a2).number is None  # still running: no number yet
    store.finish_scan(a2, "complete")
    b2 = store.start_scan("b", [], "0")
    store.add_page(b2, page("x", 70))
    store.finish_scan(b2, "complete")
    assert [(r.id, r.number) for r in store.site_history("a")] == [(a1, 1), (a2, 2)]
    assert [(r.id, r.number) for r in store.site_history("b")] == [(b1, 1), (b2, 2)]
    assert store.scan(cut).number is None and store.previous_scored_scan(b2).number == 1
    # a page's history gives each scan's number within its site
    assert [(n, site) for site, n, *_ in store.page_scans("x")] == [(2, "a"), (2, "b")]
    store.close()
    assert Store(tmp_path / "h.db").scan(b2).number == 2  # stored, not recounted


def test_scans_of_a_database_without_numbers_are_numbered_per_site(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.execute(OLD_SCANS)
    db.execute("ALTER TABLE scans ADD COLUMN intel TEXT")
    db.execute("ALTER TABLE scans ADD COLUMN problems TEXT")  # the scans table of the previous version
    for site, status in (("a", "complete"), ("b", "complete"), ("a", "interrupted"), ("a", "complete"), ("b", "complete")):
        db.execute("INSERT INTO scans(site, targets, started_at, status) VALUES (?, '[]', '2024-01-01', ?)", (site, status))
    db.commit()
    db.close()
    store = Store(path)
    assert [r.number for r in store.site_history("a")] == [1, 2] and [r.number for r in store.site_history("b")] == [1, 2]
    assert store.scan(3).number is None  # the interrupted one
    new = store.start_scan("a", [], "0")
    store.finish_scan(new, "complete")
    assert store.scan(new).number == 3


def test_resumable_scan_is_the_unfinished_one(tmp_path):
    store = Store(tmp_path / "h.db")
    s = store.start_scan("a", [], "0")
    assert store.resumable_scan("a") == s  # killed while running counts too
    store.finish_scan(s, "complete")
    assert store.resumable_scan("a") is None


def test_failed_transaction_leaves_nothing_behind(tmp_path):
    store = Store(tmp_path / "h.db")
    s = store.start_scan("a", [], "0")
    try:
        store.add_page(s, page("a"), links=[("https://c.example/b", "k", "content")])  # 3 of 4 columns: fails
    except sqlite3.Error:
        pass
    assert store.done_keys(s) == set()
    assert store.db.execute("SELECT COUNT(*) FROM links").fetchone()[0] == 0


def _writer(path: str, site: str, n: int) -> None:
    store = Store(path)
    scan = store.start_scan(site, [], "0")
    for i in range(n):
        store.add_page(scan, page(f"p{i}", float(i % 100)), links=[(f"https://c.example/{i}", f"k{i}", "content", "t")],
                       discovered=[(f"k{i}", f"https://c.example/{i}", "link", 1, "link")])
    store.finish_scan(scan, "complete")
    store.close()


def test_two_processes_writing_at_once_do_not_corrupt(tmp_path):
    path = str(tmp_path / "h.db")
    Store(path).close()
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(path, f"site{i}", 300)) for i in range(2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert all(p.exitcode == 0 for p in procs)
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT COUNT(*) FROM pages").fetchone()[0] == 600
    assert db.execute("SELECT COUNT(*) FROM scans WHERE status='complete'").fetchone()[0] == 2


def test_killed_writer_leaves_a_consistent_database(tmp_path):
    path = str(tmp_path / "h.db")
    Store(path).close()
    ctx = multiprocessing.get_context("fork")
    p = ctx.Process(target=_writer, args=(path, "a", 100_000))
    p.start()
    p.join(0.8)
    p.kill()  # SIGKILL mid-scan: no cleanup code runs
    p.join()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    pages = db.execute("SELECT COUNT(*) FROM pages").fetchone()[0]
    frontier = db.execute("SELECT COUNT(*) FROM frontier").fetchone()[0]
    assert pages > 0 and pages == frontier  # each page committed with its links and jobs, or not at all
    store = Store(path)
    assert store.resumable_scan("a") is not None


# ---- site-intelligence counts per scan ----------------------------------------------------------

SUMMARY = {"pages": 10, "near_duplicate_pairs": 4, "city_swap_pairs": 1, "clusters": 3, "pages_in_clusters": 9,
           "exact_copies": 1, "pairs_not_reported": 0, "pairs_not_compared": 0}


def test_intel_counts_are_stored_with_the_scan_and_null_without(tmp_path):
    store = Store(tmp_path / "h.db")
    first = store.start_scan("a", [], "0")
    store.finish_scan(first, "complete", intel={**SUMMARY, "duplicates": [["x", "y"]], "note": "text"})
    plain = store.start_scan("a", [], "0")
    store.add_page(plain, page("p", 70))
    store.finish_scan(plain, "complete")  # --no-intel
    cut = store.start_scan("a", [], "0")
    store.finish_scan(cut, "interrupted")
    assert store.scan(first).intel == SUMMARY  # counts only: lists and text are not stored
    assert store.intel_of(first) == SUMMARY
    assert store.scan(plain).intel is None and store.intel_of(plain) is None and store.scan(cut).intel is None
    raw = store.db.execute("SELECT intel FROM scans ORDER BY id").fetchall()
    assert raw[1:] == [(None,), (None,)] and json.loads(raw[0][0]) == SUMMARY
    assert [r.intel for r in store.site_history("a")] == [SUMMARY, None]
    now = store.start_scan("a", [], "0")
    assert store.previous_scored_scan(now).id == plain  # the score is compared with the last scan...
    assert store.previous_intel_scan(now).id == first  # ...site intelligence with the last one that had it
    assert store.previous_intel_scan(first) is None


#: The scans table as the previous version created it (no intel column), and its targets table before ``chain``.
OLD_SCANS = """CREATE TABLE scans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site TEXT NOT NULL,
    targets TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    score REAL,
    pages_ok INTEGER DEFAULT 0,
    pages_failed INTEGER DEFAULT 0,
    pages_skipped INTEGER DEFAULT 0,
    tool_version TEXT
)"""


def test_database_of_the_previous_version_is_upgraded(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.execute(OLD_SCANS)
    db.execute("INSERT INTO scans(site, targets, started_at, finished_at, status, score, pages_ok) VALUES"
               " ('a', '[]', '2024-01-01T00:00:00+00:00', '2024-01-01T00:10:00+00:00', 'complete', 71.5, 3)")
    db.commit()
    db.close()
    store = Store(path)
    assert "intel" in {r[1] for r in store.db.execute("PRAGMA table_info(scans)")}
    old = store.site_history("a")[0]
    assert (old.score, old.pages_ok, old.intel) == (71.5, 3, None)
    new = store.start_scan("a", [], "0")
    store.finish_scan(new, "complete", intel=SUMMARY)
    assert [r.intel for r in store.site_history("a")] == [None, SUMMARY]
    assert store.previous_intel_scan(new) is None and store.previous_scored_scan(new).id == old.id
    store.close()
    assert Store(path).scan(new).intel == SUMMARY  # opening an upgraded database again changes nothing


def test_scorecards_of_a_scan_in_one_query(tmp_path):
    store = Store(tmp_path / "h.db")
    scan = store.start_scan("s", ["https://s.example/"], "0")
    other = store.start_scan("t", ["https://t.example/"], "0")
    store.add_page(scan, {**page("c.example/a", 60), "scorecard": "pages/a.html"})
    store.add_page(scan, {**page("c.example/b", 70), "scorecard": ""})  # no scorecard written
    store.add_page(scan, page("c.example/x", status="error"))
    store.add_page(other, {**page("c.example/c", 50), "scorecard": "pages/c.html"})
    assert store.scorecards(scan) == {"c.example/a": "pages/a.html"}
    find = scorecard_finder(store, scan)  # by URL, through url_key
    assert find("https://c.example/a") == find("https://www.c.example/a/") == "pages/a.html"
    assert find("https://c.example/b") is None and find("https://c.example/x") is None and find("https://c.example/c") is None


def test_pages_of_a_database_without_page_types_count_as_posts(tmp_path):
    """A pages table from before ``page_type`` gains the column; its rows (NULL) are posts."""
    path = tmp_path / "old.db"
    store = Store(path)
    scan = store.start_scan("a", [], "0")
    store.add_page(scan, page("c.example/a", 80))
    store.db.execute("ALTER TABLE pages DROP COLUMN page_type")  # as the previous version created it
    store.db.commit()
    store.close()
    store = Store(path)
    assert "page_type" in {r[1] for r in store.db.execute("PRAGMA table_info(pages)")}
    store.add_page(scan, {**page("c.example/blog", 40), "page_type": "listing"})
    store.add_page(scan, {**page("c.example/b", 70), "page_type": "post"})
    store.finish_scan(scan, "complete")
    assert store.scan(scan).score == 75  # the listing is left out; the old row counts as a post
    only_listings = store.start_scan("b", [], "0")
    store.add_page(only_listings, {**page("c.example/blog", 40), "page_type": "listing"})
    store.finish_scan(only_listings, "complete")
    assert store.scan(only_listings).score == 40  # no post: what there is


def test_sitemap_problems_are_kept_with_the_scan_and_older_databases_gain_the_column(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.execute(OLD_SCANS)
    db.execute("ALTER TABLE scans ADD COLUMN intel TEXT")  # the scans table of the previous version
    db.execute("INSERT INTO scans(site, targets, started_at, status, pages_ok) VALUES ('a', '[]', '2024-01-01', 'complete', 3)")
    db.commit()
    db.close()
    store = Store(path)
    assert "problems" in {r[1] for r in store.db.execute("PRAGMA table_info(scans)")}
    [old] = store.site_history("a")
    assert old.pages_ok == 3 and old.problems == ()  # an older scan: none recorded
    scan = store.start_scan("a", [], "0")
    store.add_problem(scan, "https://a.example/sitemap.xml", "https://a.example/sitemap.xml: HTTP 404")
    store.add_problem(scan, "https://a.example/s2.xml", "https://a.example/s2.xml: malformed XML (not well-formed)")
    store.finish_scan(scan, "complete")
    store.close()
    row = Store(path).site_history("a")[-1]  # kept across connections, as a resumed scan needs
    assert row.problems == (("https://a.example/sitemap.xml", "https://a.example/sitemap.xml: HTTP 404"),
                            ("https://a.example/s2.xml", "https://a.example/s2.xml: malformed XML (not well-formed)"))


def test_a_scan_covers_its_site_when_it_crawls_or_reads_a_sitemap(tmp_path):
    """A scan of some pages (page URLs, a list of URLs) is partial: its score is not the site's."""
    from seoaudit.store import covers_whole_site

    xml, gz, listed = tmp_path / "map.xml", tmp_path / "map.gz", tmp_path / "urls.txt"
    xml.write_bytes(b"\xef\xbb\xbf<?xml version='1.0'?><urlset/>")
    gz.write_bytes(gzip.compress(b"<urlset/>"))
    listed.write_text("https://c.example/a/\nhttps://c.example/b/\n", encoding="utf-8")
    for whole in (["https://c.example/"], ["https://c.example"], ["https://c.example/sitemap_index.xml"],
                  ["https://c.example/sitemap.xml.gz"], ["https://c.example/sitemap.txt"], [str(xml)], [str(gz)],
                  ["https://c.example/blog/a/", "https://c.example/"], [str(listed), "https://c.example/sitemap.xml"],
                  ["gone/sitemap.xml"]):  # a file gone since (an older database): by its name
        assert covers_whole_site(whole), whole
    for partial in (["https://c.example/blog/a/"], ["https://c.example/blog/a/", "https://c.example/blog/b/"],
                    ["https://c.example/?p=3"], [str(listed)], ["gone/urls.txt"], ["not a url"]):
        assert not covers_whole_site(partial), partial


def test_previous_full_scan_passes_over_partial_scoreless_and_interrupted_scans(tmp_path):
    store = Store(tmp_path / "h.db")

    def scan(site, targets, score=None, status="complete"):
        scan_id = store.start_scan(site, targets, "0")
        if score is not None:
            store.add_page(scan_id, page("p", score))
        store.finish_scan(scan_id, status)
        return scan_id

    full = scan("a", ["https://a.example/sitemap.xml"], 80)
    spot = scan("a", ["https://a.example/blog/x/", "https://a.example/blog/y/"], 95)  # a 2-URL spot check
    down = scan("a", ["https://a.example/sitemap.xml"])  # nothing audited: no score
    cut = scan("a", ["https://a.example/"], 60, status="interrupted")
    other = scan("b", ["https://b.example/"], 50)
    now = scan("a", ["https://a.example/"], 84)
    assert [store.scan(s).whole_site for s in (full, spot, down, now)] == [True, False, True, True]
    assert [r.whole_site for r in store.site_history("a")] == [True, False, True, True]
    assert store.previous_full_scan("a", now).id == full
    assert store.previous_scored_scan(now).id == full  # the dashboard's, overview's and scorecards' "change since"
    again = scan("a", ["https://a.example/blog/x/"], 90)  # a spot check compares with the last scan, whatever it covered
    assert store.previous_scored_scan(again).id == now and store.previous_scored_scan(spot).id == full
    assert store.previous_full_scan("a", spot).id == full and store.previous_full_scan("a", full) is None
    assert store.previous_full_scan("b", other) is None and store.scan(cut).number is None


def test_scans_of_an_older_database_are_marked_partial_from_their_targets(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.execute(OLD_SCANS)
    for targets in (["https://a.example/sitemap.xml"], ["https://a.example/blog/x/", "https://a.example/blog/y/"],
                    ["urls.txt"], ["https://a.example/"], "not json"):
        db.execute("INSERT INTO scans(site, targets, started_at, status, score, pages_ok) VALUES"
                   " ('a', ?, '2024-01-01', 'complete', 80, 1)", (targets if isinstance(targets, str) else json.dumps(targets),))
    db.commit()
    db.close()
    store = Store(path)
    assert [r.whole_site for r in store.site_history("a")] == [True, False, False, True, True]
    assert store.previous_full_scan("a", 4).id == 1
    store.close()
    assert [r.whole_site for r in Store(path).site_history("a")] == [True, False, False, True, True]  # opened again: the same
