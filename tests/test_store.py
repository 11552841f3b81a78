"""History store: transactions, previous scan, concurrent writers, interrupted scans."""

from __future__ import annotations

import multiprocessing
import sqlite3

from seoaudit.store import Store


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
    assert store.previous_scan(second).id == first and store.previous_scan(first) is None
    assert [s for _, _, _, s, _ in store.page_history("a")] == [60, 90]


def test_previous_scan_skips_interrupted_and_other_sites(tmp_path):
    store = Store(tmp_path / "h.db")
    done = store.start_scan("a", [], "0")
    store.finish_scan(done, "complete")
    broken = store.start_scan("a", [], "0")
    store.finish_scan(broken, "interrupted")
    other = store.start_scan("b", [], "0")
    store.finish_scan(other, "complete")
    now = store.start_scan("a", [], "0")
    assert store.previous_scan(now).id == done


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
