"""``seoaudit scan`` / ``history`` end to end against generated clinic blogs on 127.0.0.1."""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from clinicsite import ClinicSite, Response, slug_of
from seoaudit.commands_scan import history, scan
from seoaudit.scan import SPOOL_NAME
from seoaudit.scan_folder import STAGING

ROOT = Path(__file__).resolve().parents[1]


def run_scan(tmp_path, *args, out="out"):
    result = CliRunner().invoke(scan, [*args, "--db", str(tmp_path / "h.db"), "-o", str(tmp_path / out), "--workers", "1",
                                       "--no-progress"], catch_exceptions=False)
    return result


def pages_csv(path: Path) -> list[dict]:
    with open(path / "pages.csv", newline="", encoding="utf-8-sig") as f:  # the BOM Excel needs
        return list(csv.DictReader(f))


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in (path / "pages.jsonl").read_text(encoding="utf-8").splitlines()]


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_crawl_of_a_site_root(tmp_path):
    with ClinicSite(posts=25) as site:
        result = run_scan(tmp_path, site.root, "-c", "Edmonton")
        requested = Counter(site.paths_requested())
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    rows = {r["url"]: r for r in pages_csv(out)}
    posts = [site.post_url(i) for i in range(25)]
    assert all(rows[u]["status"] == "ok" and float(rows[u]["score"]) > 0 for u in posts)
    assert rows[site.url("/private/secret/")]["status"] == "skipped"
    assert rows[site.url("/private/secret/")]["cause"] == "robots"
    assert rows[site.url("/blog/deleted-post/")]["status"] == "broken"
    assert "/private/secret/" not in requested
    # every page fetched once, although posts link each other as ../slug/ and via /old/ redirects
    assert all(requested[f"/blog/{slug_of(i)}/"] == 1 for i in range(25))
    assert requested["/robots.txt"] == 1
    scorecard = out / rows[posts[0]]["scorecard"]
    assert scorecard.is_file() and b"<html" in scorecard.read_bytes()
    records = jsonl(out)
    assert records[-1]["type"] == "scan" and records[-1]["pages_failed"] == 0
    assert {r["type"] for r in records} >= {"page", "finding", "scan"}


def test_sitemap_index_target_audits_listed_pages_only(tmp_path):
    with ClinicSite(posts=12) as site:
        result = run_scan(tmp_path, site.url("/sitemap_index.xml"))
        requested = site.paths_requested()
    assert result.exit_code == 0, result.output
    audited = {r["url"] for r in pages_csv(tmp_path / "out") if r["status"] == "ok"}
    assert audited == {site.post_url(i) for i in range(12)}  # both the plain and the .gz child sitemap
    assert not any(p.startswith("/blog/page/") for p in requested)  # sitemap mode does not crawl
    assert "/blog/deleted-post/" in requested  # but link targets are still checked


def test_failures_have_causes_and_exit_3(tmp_path):
    dead = f"http://127.0.0.1:{free_port()}/gone/"
    with ClinicSite(posts=3) as site:
        site.routes["/down/"] = Response(status=500, body=b"x")
        site.routes["/file.pdf"] = Response(body=b"%PDF", content_type="application/pdf")
        urls = tmp_path / "urls.txt"
        urls.write_text("\n".join([site.post_url(0), site.url("/down/"), site.url("/file.pdf"), site.url("/nope/"), dead]))
        result = run_scan(tmp_path, str(urls), "--retries", "0")
    assert result.exit_code == 3
    causes = {r["url"]: r["cause"] for r in pages_csv(tmp_path / "out")}
    assert causes[site.url("/down/")] == "http-500"
    assert causes[site.url("/file.pdf")] == "non-html"
    assert causes[site.url("/nope/")] == "http-404"  # listed by the user: a failure, not just a broken link
    assert causes[dead] == "refused"
    assert causes[site.post_url(0)] == ""
    # one stderr line per failed URL naming it and its cause, as `audit` does (the closing
    # count alone left the user guessing which of 5 URLs failed and why)
    lines = result.stderr.splitlines()
    for url, cause in ((site.url("/down/"), "HTTP 500"), (site.url("/file.pdf"), "not an HTML page"),
                       (site.url("/nope/"), "HTTP 404"), (dead, "connection refused")):
        named = [l for l in lines if l.startswith(f"seoaudit: {url}: ")]
        assert len(named) == 1 and cause in named[0], (url, lines)
    assert not any(l.startswith(f"seoaudit: {site.post_url(0)}") for l in lines)


def test_single_refused_url_names_its_cause(tmp_path):
    dead = f"http://127.0.0.1:{free_port()}/"
    result = run_scan(tmp_path, dead, "--retries", "0")
    assert result.exit_code == 4  # nothing audited: the site could not be scanned
    # robots.txt is requested first, so that is where the refusal shows; the line says so
    named = [l for l in result.stderr.splitlines() if l.startswith(f"seoaudit: {dead}: ")]
    assert len(named) == 1 and "connection refused" in named[0]
    assert "0 audited, 1 failed" in result.stderr


def test_failure_lines_are_capped_for_big_scans(tmp_path):
    from seoaudit.scan import MAX_FAILURE_LINES

    with ClinicSite(posts=1) as site:
        urls = tmp_path / "urls.txt"
        gone = [site.url(f"/gone-{i}/") for i in range(MAX_FAILURE_LINES + 7)]
        urls.write_text("\n".join(gone))
        result = run_scan(tmp_path, str(urls), "--retries", "0", "--no-intel")
    assert result.exit_code == 4  # every URL failed: nothing audited
    named = [l for l in result.stderr.splitlines() if "/gone-" in l]
    assert len(named) == MAX_FAILURE_LINES  # a site that is down does not flood the terminal
    assert "7 more URLs could not be audited" in result.stderr and "pages.csv" in result.stderr


def test_failing_link_targets_in_a_crawl_are_findings_not_failed_pages(tmp_path):
    from clinicsite import post_html

    with ClinicSite(posts=4) as site:
        # post 0 links a 500, a redirect loop and a page that times out; the crawl reaches them only by that link
        body = post_html(0, 4).replace("<p>Related:</p>", '<p>See <a href="/down/">prices</a>, <a href="/loop/a">hours</a> and '
                                       '<a href="/slow/">the team</a>.</p><p>Related:</p>')
        site.routes[f"/blog/{slug_of(0)}/"] = Response(body=body.encode())
        site.routes["/down/"] = Response(status=500, body=b"oops")
        site.routes["/loop/a"] = Response(status=301, headers=(("Location", "/loop/b"),))
        site.routes["/loop/b"] = Response(status=301, headers=(("Location", "/loop/a"),))
        site.routes["/slow/"] = Response(body=b"<p>late</p>", delay=1.0)
        crawl = run_scan(tmp_path, site.root, "--retries", "0", "--timeout", "0.3", "--no-intel")
        # the same URLs given as pages to audit (a sitemap) are failures: the user asked for them
        urls = tmp_path / "urls.txt"
        urls.write_text("\n".join([site.post_url(1), site.url("/down/"), site.url("/loop/a")]))
        listed = run_scan(tmp_path, str(urls), "--retries", "0", "--no-intel", out="listed")
    assert crawl.exit_code == 0, crawl.stderr
    rows = {r["url"]: r for r in pages_csv(tmp_path / "out")}
    for path, cause in (("/down/", "http-500"), ("/loop/a", "redirect-loop"), ("/slow/", "timeout")):
        assert rows[site.url(path)]["status"] == "broken" and rows[site.url(path)]["cause"] == cause, rows[site.url(path)]
        assert site.url(path) not in crawl.stderr  # not reported as a failed URL
    assert "0 failed" in crawl.stderr
    st001 = [r for r in csv.DictReader(open(tmp_path / "out" / "findings.csv", encoding="utf-8-sig"))
             if r["code"] == "ST001" and r["url"] == site.post_url(0)]
    assert len(st001) == 1 and all(p in st001[0]["message"] for p in ("/down/", "/loop/a", "/slow/"))
    dashboard = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    broken = dashboard.split('id="broken"', 1)[1].split("</section>", 1)[0]
    assert all(site.url(p) in broken for p in ("/down/", "/loop/a", "/slow/"))
    assert listed.exit_code == 3
    causes = {r["url"]: (r["status"], r["cause"]) for r in pages_csv(tmp_path / "listed")}
    assert causes[site.url("/down/")] == ("error", "http-500") and causes[site.url("/loop/a")] == ("error", "redirect-loop")


def test_hostile_sitemap_is_reported_and_scan_completes(tmp_path):
    with ClinicSite(posts=2) as site:
        site.routes["/evil.xml"] = Response(body=b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><urlset><url><loc>&a;</loc></url></urlset>',
                                            content_type="application/xml")
        result = run_scan(tmp_path, site.url("/evil.xml"), site.post_url(0))
    assert result.exit_code == 3
    problems = [r for r in jsonl(tmp_path / "out") if r["type"] == "problem"]
    assert len(problems) == 1 and "evil.xml" in problems[0]["source"]
    assert any(r["status"] == "ok" for r in pages_csv(tmp_path / "out"))
    # the cause is on stderr too, one line naming the sitemap (not only a count)
    lines = [l for l in result.stderr.splitlines() if "evil.xml" in l]
    assert len(lines) == 1 and lines[0].startswith("seoaudit: ") and problems[0]["error"].split(": ")[-1] in lines[0]


def test_garbage_robots_is_noted_and_pages_audited(tmp_path):
    with ClinicSite(posts=3, robots=b"\x89PNG\r\n\x1a\n garbage") as site:
        result = run_scan(tmp_path, site.post_url(0))
    assert result.exit_code == 0
    assert any(r["type"] == "note" for r in jsonl(tmp_path / "out"))


def test_max_pages_include_exclude(tmp_path):
    with ClinicSite(posts=30) as site:
        result = run_scan(tmp_path, site.root, "--max-pages", "8", "--exclude", "/contact/")
        rows = [r for r in pages_csv(tmp_path / "out") if r["status"] == "ok"]
        assert result.exit_code == 0 and len(rows) == 8
        assert not any(r["url"].endswith("/contact/") for r in rows)
        result = run_scan(tmp_path, site.root, "--include", "/blog/*", "--include", "/", out="inc")
        urls = [r["url"] for r in pages_csv(tmp_path / "inc") if r["status"] == "ok"]
    assert urls and all("/blog/" in u or u == site.root for u in urls)


def test_history_and_change_since_previous_scan(tmp_path):
    with ClinicSite(posts=6) as site:
        assert run_scan(tmp_path, site.root, "--site", "northside").exit_code == 0
        site.routes[f"/blog/{slug_of(1)}/"] = Response(body=b"<html><head><title>x</title></head><body><p>Short.</p></body></html>")
        assert run_scan(tmp_path, site.root, "--site", "northside").exit_code == 0
    runner = CliRunner()
    out = runner.invoke(history, ["northside", "--db", str(tmp_path / "h.db")])
    assert out.exit_code == 0 and out.output.count("#") == 2
    page = runner.invoke(history, [site.post_url(1), "--db", str(tmp_path / "h.db")])
    lines = [l for l in page.output.splitlines() if l.strip().startswith("#")]
    assert page.exit_code == 0 and len(lines) == 2 and "-" in lines[1].split()[4]  # the score fell
    dashboard = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'id="site-delta"' in dashboard and 'id="trend"' in dashboard
    assert re.search(r"Change since scan #1 \(\d{4}-\d\d-\d\d \d\d:\d\d\)", dashboard)  # which of a day's scans
    assert runner.invoke(history, ["nobody", "--db", str(tmp_path / "h.db")]).exit_code == 2


def test_scan_numbers_count_per_site_where_users_see_them(tmp_path):
    """Two clients in one history database, scanned in turn: each one's second scan is its #2
    in the history, on its dashboard, in its "change since scan #1" notes and in pages.jsonl,
    not #3 and #4 of the database's ids."""
    with ClinicSite(posts=2) as north, ClinicSite(posts=2) as south:
        for site, name in ((north, "north"), (south, "south"), (north, "north"), (south, "south")):
            result = run_scan(tmp_path, site.post_url(0), site.post_url(1), "--site", name, "--no-intel", out=name)
            assert result.exit_code == 0, result.output
        assert run_scan(tmp_path, north.post_url(0), "--site", "north-renamed", "--no-intel", out="renamed").exit_code == 0
    runner = CliRunner()
    lines = [l.split()[0] for l in runner.invoke(history, ["south", "--db", str(tmp_path / "h.db")]).output.splitlines()[1:]]
    assert lines == ["#1", "#2"]
    dashboard = (tmp_path / "south" / "index.html").read_text(encoding="utf-8")
    assert "Site scan #2 ·" in dashboard and re.search(r"Change since scan #1 \(", dashboard)
    row = next(r for r in pages_csv(tmp_path / "south") if r["url"] == south.post_url(0))
    assert "since scan #1 (" in (tmp_path / "south" / row["scorecard"]).read_text(encoding="utf-8")
    (record,) = [r for r in jsonl(tmp_path / "south") if r["type"] == "scan"]
    assert (record["scan_number"], record["scan_id"]) == (2, 4)  # its site's count; the database's key
    # a page scanned under two site names: each number is its site's, so the lines are grouped by site
    page = runner.invoke(history, [north.post_url(0), "--db", str(tmp_path / "h.db")]).output.splitlines()[1:]
    assert [l.split()[0] for l in page] == ["north", "#1", "#2", "north-renamed", "#1"]


def test_usage_errors_exit_2(tmp_path):
    runner = CliRunner()
    assert runner.invoke(scan, ["--db", str(tmp_path / "h.db")]).exit_code == 2
    bad = tmp_path / "clients.toml"
    bad.write_text("[[clients]]\nname = 'x'\n")
    assert runner.invoke(scan, ["--clients", str(bad), "--db", str(tmp_path / "h.db")]).exit_code == 2
    # two clients writing one folder would publish over each other's files
    bad.write_text("[[clients]]\nname = 'A'\nurls = ['https://a.example/x/']\noutput = 'same'\n"
                   "[[clients]]\nname = 'B'\nurls = ['https://b.example/x/']\noutput = 'same'\n")
    same = runner.invoke(scan, ["--clients", str(bad), "--db", str(tmp_path / "h.db")])
    assert same.exit_code == 2 and "same output folder" in same.output


def test_process_pool_gives_the_same_scores(tmp_path):
    with ClinicSite(posts=10) as site:
        one = run_scan(tmp_path, site.url("/sitemap.txt"), out="one")
        two = CliRunner().invoke(scan, [site.url("/sitemap.txt"), "--db", str(tmp_path / "h2.db"), "-o", str(tmp_path / "two"),
                                        "--workers", "2", "--no-progress"], catch_exceptions=False)
    assert one.exit_code == two.exit_code == 0
    scores = lambda d: sorted((r["url"], r["score"]) for r in pages_csv(tmp_path / d))
    assert scores("one") == scores("two")


def test_clients_file_scans_each_client_with_its_targeting(tmp_path, monkeypatch):
    import seoaudit.intel.vectors as vectors

    preloads = []  # several clients: scikit-learn is imported once before the analyses fork
    monkeypatch.setattr(vectors, "preload", lambda: preloads.append(1))
    with ClinicSite(posts=4) as a, ClinicSite(posts=4) as b:
        (tmp_path / "clients.toml").write_text(f"""
output = "agency"
[[clients]]
name = "Northside Physio"
sitemaps = ["{a.url('/sitemap_index.xml')}"]
city = "Edmonton"
[[clients.pages]]
match = "*/post-00001-*"
keyphrases = ["knee pain physio"]

[[clients]]
name = "Southside Acupuncture"
start_urls = ["{b.post_url(0)}"]
keyphrases = ["acupuncture"]
output = "south"
""")
        result = CliRunner().invoke(scan, ["--clients", str(tmp_path / "clients.toml"), "--db", str(tmp_path / "h.db"),
                                           "--workers", "1", "--no-progress"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    north = {r["url"]: r for r in jsonl(tmp_path / "agency" / "northside-physio") if r["type"] == "page"}
    assert north[a.post_url(1)]["keyphrases"] == ["knee pain physio"] and north[a.post_url(1)]["cities"] == ["Edmonton"]
    assert north[a.post_url(0)]["keyphrases"] == []
    south = [r for r in jsonl(tmp_path / "south") if r["type"] == "page"]
    assert south[0]["keyphrases"] == ["acupuncture"]
    overview = (tmp_path / "agency" / "index.html").read_text(encoding="utf-8")
    assert "Northside Physio" in overview and "Southside Acupuncture" in overview
    assert preloads and (tmp_path / "agency" / "northside-physio" / "intel.json").exists()


def stored_ok_pages(db_path) -> int:
    """Pages a running scan has stored as audited (0 before its database exists or while it is locked)."""
    if not db_path.exists():
        return 0
    try:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=0.5)
        try:
            return db.execute("SELECT COUNT(*) FROM pages WHERE status='ok'").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:  # not created yet, or busy
        return 0


def test_ctrl_c_keeps_pages_and_the_last_complete_results_and_resume_finishes(tmp_path):
    """Ctrl-C mid-scan: exit 130, the pages audited so far are kept in the staging folder for
    --resume, and the output folder still holds the previous complete scan's files, untouched,
    not partial CSVs beside them; the closing line says "interrupted" and names no dashboard.
    The resumed scan puts its complete set in their place."""
    cmd = [sys.executable, "-c", "import sys; from seoaudit.commands_scan import scan; scan(sys.argv[1:])"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out, staging = tmp_path / "out", tmp_path / "out" / STAGING
    with ClinicSite(posts=40, latency=0.05) as site:
        common = ["--db", str(tmp_path / "h.db"), "-o", str(out), "--workers", "1", "--no-progress"]
        earlier = subprocess.run(cmd + [site.post_url(0), site.post_url(1), site.url("/contact/")] + common, env=env,
                                 capture_output=True, timeout=60)
        assert earlier.returncode == 0, earlier.stderr
        kept = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
        assert {"index.html", "pages.csv", "intel.json"} <= {str(p) for p in kept} and len(pages_csv(out)) == 3
        args = [site.url("/sitemap.txt")] + common + ["--per-host", "1"]
        proc = subprocess.Popen(cmd + args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # interrupt once 5 pages are audited and stored (not merely fetched: on a loaded machine
        # the analysis lags the fetching, and the test once found fewer than 5 pages kept)
        deadline = time.monotonic() + 30
        while stored_ok_pages(tmp_path / "h.db") < 3 + 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(20) == 130
        closing = [l for l in proc.stderr.read().decode().splitlines() if l.startswith("seoaudit: 127.0.0.1:")]
        assert len(closing) == 1 and "interrupted after" in closing[0] and "index.html" not in closing[0]
        assert str(staging) in closing[0]
        # the earlier scan's files, byte for byte, and nothing else of this scan's beside them
        assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and staging not in p.parents} == kept
        first = [r for r in pages_csv(staging) if r["status"] == "ok"]
        assert 5 <= len(first) < 40
        spool = staging / SPOOL_NAME  # site intelligence's page records: kept for --resume
        assert len(spool.read_text(encoding="utf-8").splitlines()) == len(first)
        assert not (staging / "intel.json").exists() and not (staging / "index.html").exists()
        db = sqlite3.connect(tmp_path / "h.db")
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("SELECT status FROM scans").fetchall() == [("complete",), ("interrupted",)]
        assert {u for (u,) in db.execute("SELECT url FROM pages WHERE status='ok' AND scan_id=2")} == {r["url"] for r in first}
        db.close()
        fetched_before = len(site.paths_requested())
        done = subprocess.run(cmd + args + ["--resume"], env=env, capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr
        again = Counter(site.paths_requested()[fetched_before:])
    assert not any(again[f"/blog/{r['url'].split('/blog/')[1]}"] for r in first)  # kept pages were not fetched again
    audited = {r["url"] for r in pages_csv(out) if r["status"] == "ok"}
    assert audited == {site.post_url(i) for i in range(40)}
    db = sqlite3.connect(tmp_path / "h.db")
    assert db.execute("SELECT status FROM scans").fetchall() == [("complete",), ("complete",)]  # the same scan, resumed
    assert db.execute("SELECT COUNT(*) FROM pages WHERE status='ok' AND scan_id=2").fetchone()[0] == 40
    db.close()
    intel = json.loads((out / "intel.json").read_text(encoding="utf-8"))
    assert {p["url"] for p in intel["pages"]} == audited  # pages of both runs, each once
    # this scan's scorecards, and none left of the earlier scan's (/contact/ is not in this one)
    assert {f"pages/{p.name}" for p in (out / "pages").iterdir()} == {r["scorecard"] for r in pages_csv(out) if r["status"] == "ok"}
    assert [r["status"] for r in jsonl(out) if r["type"] == "scan"] == ["complete"]  # the interrupted run's record went
    assert not staging.exists()


def test_resume_audits_the_page_whose_analysis_was_pending_at_ctrl_c(tmp_path):
    """Ctrl-C while a fetched page waits for analysis: --resume must audit it, not count it done.

    The interrupt is real (SIGINT to this process, caught by the scan's own handler); only its
    moment is chosen: the analysis pool holds the 5th page's analysis unfinished and the signal
    arrives then, as it would with a worker busy on that page. Store and server are real.
    """
    from concurrent.futures import Future

    from seoaudit.scan import ScanOptions, ScanRun, ScanSpec, _InlineExecutor
    from seoaudit.store import Store

    class StallsAtFifth(_InlineExecutor):
        def __init__(self):
            self.submitted, self.stalled = 0, None

        def submit(self, fn, *args):
            self.submitted += 1
            if self.submitted == 5:
                self.stalled = args[1].url  # analyse(tag, raw, ...): the page left pending
                os.kill(os.getpid(), signal.SIGINT)
                return Future()  # never finishes: the worker is still on it
            return super().submit(fn, *args)

    class InterruptedRun(ScanRun):
        def _make_pool(self):
            super()._make_pool()  # builds the in-process auditors
            self.pool = StallsAtFifth()
            return self.pool

    posts = 12
    with ClinicSite(posts=posts) as site:
        spec = lambda: ScanSpec(name="clinic", targets=[site.url("/sitemap.txt")], out_dir=tmp_path / "out")
        store = Store(tmp_path / "h.db")
        first = InterruptedRun([spec()], store, ScanOptions(workers=1, intel=False, scorecards=False))
        [result] = first.run()
        assert first.interrupted and result.status == "interrupted"
        stalled = first.pool.stalled
        assert stalled in {site.post_url(i) for i in range(posts)}
        assert store.db.execute("SELECT COUNT(*) FROM pages WHERE url=?", (stalled,)).fetchone()[0] == 0
        store.close()
        store = Store(tmp_path / "h.db")
        [resumed] = ScanRun([spec()], store, ScanOptions(workers=1, intel=False, scorecards=False, resume=True)).run()
        requested = Counter(site.paths_requested())
    assert resumed.status == "complete" and resumed.scan_id == result.scan_id
    assert resumed.ok == posts  # 11 before the fix: the pending page was counted done and never audited
    assert requested[stalled.split(str(site.port), 1)[1]] == 2  # fetched again by the resumed scan
    assert {r["url"] for r in pages_csv(tmp_path / "out") if r["status"] == "ok"} == {site.post_url(i) for i in range(posts)}
    store.close()


def test_max_pages_bounds_requests_of_a_sitemap_scan(tmp_path):
    # 40 posts listed, 12 audited: the 28 entries past the cap must not be requested, except the
    # few an audited page links to (link checking needs those); before, all 40 were (52 requests)
    with ClinicSite(posts=40) as site:
        result = run_scan(tmp_path, site.url("/sitemap.txt"), "--max-pages", "12", "--no-intel")
        requested = Counter(site.paths_requested())
    assert result.exit_code == 0, result.stderr
    audited = [r["url"] for r in pages_csv(tmp_path / "out") if r["status"] == "ok"]
    assert sorted(audited) == sorted(site.post_url(i) for i in range(12))
    linked_past_cap = [f"/blog/{slug_of(i)}/" for i in (12, 13, 14)]  # Related links of posts 9-11
    expected = Counter(["/robots.txt", "/sitemap.txt", *(f"/blog/{slug_of(i)}/" for i in range(12)), *linked_past_cap,
                        "/", "/blog/", "/contact/",  # navigation
                        "/blog/deleted-post/",  # post 3's dead link
                        f"/old/{slug_of(12)}"])  # post 7's redirected link (its target is checked once, above)
    assert set(requested) == set(expected)
    # post 12 is both a redirect's target and a Related link: when the two link checks run at
    # the same moment it can be fetched twice (a race the crawl does not close); the bound holds
    assert {p: n for p, n in requested.items() if n != expected[p]} in ({}, {f"/blog/{slug_of(12)}/": 2})
    assert sum(requested.values()) <= 23
    notes = [r["message"] for r in jsonl(tmp_path / "out") if r["type"] == "note"]
    assert any("28 sitemap entries" in n and "--max-pages 12" in n for n in notes)
    assert "28 sitemap entries" in result.stderr


def test_sitemap_entries_on_another_host_are_skipped_with_a_note(tmp_path):
    with ClinicSite(posts=3) as ours, ClinicSite(posts=3) as other:  # another port: another host
        locs = [ours.post_url(0), ours.post_url(1), other.post_url(0), other.post_url(1), other.post_url(2)]
        body = "".join(f"<url><loc>{u}</loc></url>" for u in locs)
        ours.routes["/mixed.xml"] = Response(body=f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'.encode(),
                                             content_type="application/xml")
        result = run_scan(tmp_path, ours.url("/mixed.xml"), "--no-intel")
        other_requests = other.paths_requested()
    assert result.exit_code == 0, result.stderr
    audited = {r["url"] for r in pages_csv(tmp_path / "out") if r["status"] == "ok"}
    assert audited == {ours.post_url(0), ours.post_url(1)}  # not another site's pages as this site's
    assert not any(p.startswith("/blog/") for p in other_requests)
    notes = [r["message"] for r in jsonl(tmp_path / "out") if r["type"] == "note"]
    [note] = [n for n in notes if "another host" in n]
    assert "3 URLs" in note and ours.url("/mixed.xml") in note and other.post_url(0) in note
    assert sum("another host" in l for l in result.stderr.splitlines()) == 1


def test_unreadable_sitemaps_are_in_the_scan_record_dashboard_and_history(tmp_path):
    with ClinicSite(posts=2) as site:
        site.routes["/bad.xml"] = Response(body=b"<urlset><url><loc>x</loc></urlset>", content_type="application/xml")
        site.routes["/evil.xml"] = Response(body=b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><urlset/>',
                                            content_type="application/xml")
        sitemaps = [site.url("/bad.xml"), site.url("/gone-sitemap.xml"), site.url("/evil.xml")]
        result = run_scan(tmp_path, *sitemaps, site.post_url(0), "--site", "clinic", "--no-intel")
    assert result.exit_code == 3
    db = sqlite3.connect(tmp_path / "h.db")
    stored = json.loads(db.execute("SELECT problems FROM scans").fetchone()[0])
    db.close()
    assert sorted(source for source, _ in stored) == sorted(sitemaps)
    dashboard = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    card = dashboard.split('id="problems"', 1)[1].split("</section>", 1)[0]
    assert all(u in card for u in sitemaps) and "HTTP 404" in card and "malformed XML" in card
    assert "3 input problems" in dashboard.split('id="problems"', 1)[0]  # in the counts at the top, too
    out = CliRunner().invoke(history, ["clinic", "--db", str(tmp_path / "h.db")])
    assert out.exit_code == 0 and "1 audited, 0 failed, 0 skipped, 3 input problems" in out.output


def test_history_by_root_url_finds_a_site_scanned_under_a_client_name(tmp_path):
    from seoaudit.store import Store

    store = Store(tmp_path / "h.db")
    for name, targets in (("Northside Physio", ["https://www.northside.example/sitemap_index.xml"]),
                          ("Other Clinic", ["https://other.example/"])):
        scan = store.start_scan(name, targets, "0")
        store.finish_scan(scan, "complete")
    store.close()
    runner = CliRunner()
    for target in ("https://northside.example/", "northside.example", "https://www.northside.example"):
        out = runner.invoke(history, [target, "--db", str(tmp_path / "h.db")])
        assert out.exit_code == 0, (target, out.output)
        assert out.stdout.startswith("Northside Physio") and "Other Clinic" not in out.output
        assert "1 stored site: Northside Physio (its scans target this host)" in out.stderr  # which stored site it shows
    assert runner.invoke(history, ["https://nobody.example/", "--db", str(tmp_path / "h.db")]).exit_code == 2


def test_csv_files_open_in_excel_name_duplicates_and_label_their_columns(tmp_path):
    with ClinicSite(posts=5) as site:
        site.routes["/fr/"] = Response(body="<html lang=fr><head><title>Physiothérapie à Montréal</title></head><body><h1>Physio"
                                            "thérapie</h1><p>Notre clinique à Montréal reçoit les patients.</p></body></html>".encode())
        urls = tmp_path / "urls.txt"
        urls.write_text("\n".join([*(site.post_url(i) for i in range(5)), site.url("/fr/")]))
        result = run_scan(tmp_path, str(urls), "-k", "acupuncture for back pain", "-c", "Edmonton")
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "out"
    for name in ("pages.csv", "findings.csv", "intel.csv"):
        # a UTF-8 byte order mark: Excel otherwise reads the file as ANSI ("PhysiothÃ©rapie")
        assert (out / name).read_bytes().startswith(b"\xef\xbb\xbf"), name
    with open(out / "pages.csv", newline="", encoding="utf-8-sig") as f:
        header = next(csv.reader(f))
    assert header[:3] == ["url", "status", "score"]
    assert {"keyphrase_score", "local_score", "readability_score", "links_score", "basics_score", "clinic_score",
            "keyphrases", "cities"} <= set(header)
    assert "keyphrase" not in header and "local" not in header  # a score column is never named like the keyphrase
    rows = {r["url"]: r for r in pages_csv(out)}
    fr = rows[site.url("/fr/")]
    assert fr["title"] == "Physiothérapie à Montréal"
    assert fr["keyphrases"] == "acupuncture for back pain" and fr["cities"] == "Edmonton"
    assert float(rows[site.post_url(0)]["keyphrase_score"]) >= 0
    with open(out / "findings.csv", newline="", encoding="utf-8-sig") as f:
        findings = list(csv.DictReader(f))
    # posts 1 and 2 share a title: each message names the other page, as other checks name what they found
    [st002] = [r for r in findings if r["code"] == "ST002" and r["url"] == site.post_url(1)]
    assert site.post_url(2) in st002["message"], st002["message"]
    [st005] = [r for r in findings if r["code"] == "ST005" and r["url"] == site.post_url(4)]
    assert site.post_url(0) in st005["message"]


def test_robots_txt_cannot_point_the_scanner_at_local_files(tmp_path):
    # the site's robots.txt is not the user: "Sitemap: file:///..." must not be read from disk
    secret = tmp_path / "secret.txt"
    robots = f"User-agent: *\nAllow: /\nSitemap: file://{secret}\nSitemap: {secret}\n".encode()
    with ClinicSite(posts=2, robots=robots) as site:
        secret.write_text(site.url("/steered-from-a-local-file") + "\n", encoding="utf-8")  # read, it would be fetched
        result = run_scan(tmp_path, site.root, "--no-intel")
        requested = site.paths_requested()
    assert "is not an http(s) URL" in result.stderr  # the file:// line
    assert not any("steered" in p for p in requested)
    # the bare path is resolved on the site, as a URL path, and answered there (404)
    assert str(secret) in requested


def test_a_sitemap_scan_lists_broken_link_targets_in_pages_csv_as_a_crawl_does(tmp_path):
    with ClinicSite(posts=6) as site:
        result = run_scan(tmp_path, site.url("/sitemap.txt"), "--no-intel")
    assert result.exit_code == 0, result.stderr
    rows = {r["url"]: r for r in pages_csv(tmp_path / "out")}
    dead = [u for u, r in rows.items() if r["status"] == "broken"]
    assert any(u.endswith("/blog/deleted-post/") for u in dead)


def test_a_scan_judges_pages_with_the_configured_clinic_profile_as_audit_does(tmp_path):
    """The profile (here Ontario physiotherapy: testimonials forbidden) and the other clinic
    settings reach the scan's audits: a scanned page gets the same verdicts as `audit`."""
    from seoaudit.cli import cli

    config = tmp_path / "clinic.toml"
    config.write_text('[tool.seoaudit]\nprofile = "ca-on-physio"\nclinic_name = "Bow River Physio"\n', encoding="utf-8")
    body = ("<html lang='en'><head><title>Physiotherapy for Knee Pain in Calgary</title></head><body><article>"
            "<h1>Physiotherapy for knee pain in Calgary</h1>"
            "<p>Physiotherapy for knee pain in Calgary starts with an assessment of how you walk and climb stairs.</p>"
            "<p>\"After six visits my knee pain was gone and I ran again!\" says Maria, one of our patients.</p>"
            "<p>Your physiotherapist explains the cause and plans exercises you can do at home every day.</p>"
            "</article></body></html>").encode()
    with ClinicSite(posts=2) as site:
        site.routes["/blog/knee-pain/"] = Response(body=body)
        url = site.url("/blog/knee-pain/")
        result = run_scan(tmp_path, url, "--config", str(config), "-k", "physiotherapy for knee pain", "-c", "Calgary")
        audited = CliRunner().invoke(cli, ["audit", url, "--config", str(config), "-k", "physiotherapy for knee pain",
                                           "-c", "Calgary", "-f", "json", "--no-link-check", "--no-intel"])
    assert result.exit_code == 0, result.output
    scanned = next(r for r in jsonl(tmp_path / "out") if r["type"] == "page")
    page = json.loads(audited.output)["pages"][0]
    verdicts = lambda p: {c["code"]: (c["status"], c["message"]) for c in p["checks"] if not c["code"].startswith("ST")}
    assert verdicts(scanned) == verdicts(page)
    assert scanned["score"] == page["score"]
    testimonial = [c for c in scanned["checks"] if c["category"] == "clinic" and c["status"] == "bad"]
    assert testimonial, "the profile forbids the testimonial: a clinic check fails"


def output_files(folder: Path) -> dict[str, bytes]:
    """Every file of a scan's output folder but its staging folder (a scan's own work), by relative path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and STAGING not in p.relative_to(folder).parts}


def test_a_scan_while_the_site_is_down_keeps_the_last_results_and_the_next_compares_with_them(tmp_path):
    """The agency's client whose site was down for one monthly scan: that scan is in the history
    as failed, with its cause, and leaves the client's last dashboard, scorecards and CSVs as they
    were (not emptied, not mixed with its own files). The next scan's change is against the last
    scan with a score, the same on the dashboard, the clients overview, the scorecards and in
    ``seoaudit history``."""
    (tmp_path / "clients.toml").write_text('output = "agency"\n[[clients]]\nname = "Plateau"\nsitemaps = ["SITEMAP"]\n')
    args = ["--clients", str(tmp_path / "clients.toml"), "--db", str(tmp_path / "h.db"), "--workers", "1", "--no-progress"]
    folder = tmp_path / "agency" / "plateau"
    with ClinicSite(posts=4) as site:
        port = site.port
        clients = (tmp_path / "clients.toml").read_text().replace("SITEMAP", site.url("/sitemap.txt"))
        (tmp_path / "clients.toml").write_text(clients)
        assert CliRunner().invoke(scan, args, catch_exceptions=False).exit_code == 0
    good = output_files(folder)
    assert len([name for name in good if name.startswith("pages/")]) == 4
    down = CliRunner().invoke(scan, args, catch_exceptions=False)  # the server is gone: connection refused
    assert down.exit_code == 4  # not 3: the client's scan could not run at all
    assert output_files(folder) == good  # byte for byte, nothing removed, nothing added
    (closing,) = [l for l in down.stderr.splitlines() if l.startswith("seoaudit: Plateau: ")]
    assert "scan failed, nothing audited: site unreachable: connection refused" in closing
    assert f"{folder} keeps the last complete scan's results" in closing and "index.html" not in closing
    overview = (tmp_path / "agency" / "index.html").read_text(encoding="utf-8")
    row = overview.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert "Scan #2 failed: site unreachable: connection refused" in row and "still shows scan #1" in row
    assert "s-good" not in row
    history_lines = CliRunner().invoke(history, ["Plateau", "--db", str(tmp_path / "h.db")]).output.splitlines()
    assert history_lines[2].split()[0] == "#2" and "scan failed, nothing audited: site unreachable: connection refused" in history_lines[2]
    assert "input problem" in history_lines[2].split("refused", 1)[1]  # the counts come after the cause

    with ClinicSite(posts=4, port=port) as site:  # back up, one post now much weaker
        site.routes[f"/blog/{slug_of(1)}/"] = Response(body=b"<html><head><title>x</title></head><body><p>Short.</p></body></html>")
        back = CliRunner().invoke(scan, args, catch_exceptions=False)
    assert back.exit_code == 0, back.output
    assert not (folder / STAGING).exists()
    history_lines = CliRunner().invoke(history, ["Plateau", "--db", str(tmp_path / "h.db")]).output.splitlines()
    number, *_, delta = history_lines[3].split("audited")[0].split()[:-1]
    assert number == "#3" and delta.startswith("-")  # against #1: #2 has no score
    dashboard = (folder / "index.html").read_text(encoding="utf-8")
    site_delta = dashboard.split('id="site-delta">', 1)[1].split("</p>", 1)[0]
    assert "Change since scan #1 (" in site_delta and f">{delta}</strong>" in site_delta
    row = (tmp_path / "agency" / "index.html").read_text(encoding="utf-8").split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert f">{delta}</td>" in row and "failed" not in row
    scorecards = [folder / r["scorecard"] for r in pages_csv(folder) if r["status"] == "ok"]
    assert len(scorecards) == 4 and all("since scan #1 (" in p.read_text(encoding="utf-8") for p in scorecards)


def test_the_first_scan_of_a_site_that_is_down_says_so_on_its_dashboard(tmp_path):
    """With no earlier results to keep, the failed scan's dashboard is written, and it says why:
    no green "0 audited" badge."""
    dead = f"http://127.0.0.1:{free_port()}/"
    result = run_scan(tmp_path, dead, "--site", "down")
    assert result.exit_code == 4
    assert "scan failed, nothing audited: site unreachable: connection refused" in result.stderr
    assert f"-> {tmp_path / 'out' / 'index.html'}" in result.stderr
    dashboard = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    badge = re.search(r'<li class="([^"]*)" id="audited-count">0 audited</li>', dashboard)
    assert badge and "s-good" not in badge[1]
    assert "site unreachable: connection refused" in dashboard.split('id="scan-failure"', 1)[1].split("</p>", 1)[0]
    assert [r["status"] for r in pages_csv(tmp_path / "out")] == ["error"]


def test_a_scan_without_site_intelligence_or_scorecards_leaves_none_of_the_previous_ones(tmp_path):
    """The output folder holds one scan's set: a --no-intel --no-scorecards scan after a full one
    removes the earlier intel.json, intel.csv and scorecards, which no longer match its pages.csv."""
    with ClinicSite(posts=3) as site:
        assert run_scan(tmp_path, site.url("/sitemap.txt")).exit_code == 0
        assert {"intel.json", "intel.csv"} <= set(output_files(tmp_path / "out"))
        assert run_scan(tmp_path, site.url("/sitemap.txt"), "--no-intel", "--no-scorecards").exit_code == 0
    assert set(output_files(tmp_path / "out")) == {"index.html", "pages.csv", "findings.csv", "changes.csv", "links.csv", "pages.jsonl"}
    assert not (tmp_path / "out" / "pages").exists()


def test_ctrl_c_in_the_site_phase_is_an_interrupted_scan_that_resumes_to_the_same_files(tmp_path, monkeypatch):
    """Ctrl-C after the pages are in, while the site checks run (two clients): both scans are
    recorded as interrupted and say so on their closing lines, nothing is published, and --resume
    ends with the files of an uninterrupted scan: each site finding once, one closing record.

    The interrupt is real (SIGINT to this process, caught by the scan's own handler); only its
    moment is chosen. Store and servers are real."""
    import seoaudit.site as site_module
    from seoaudit.scan import ScanOptions, ScanRun, ScanSpec, closing_line
    from seoaudit.store import Store

    real_site_phase = site_module.run_site_phase
    calls = []

    def interrupted_site_phase(unit):
        written = real_site_phase(unit)
        calls.append(unit.spec.name)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)
        return written

    def findings(folder: Path) -> list[dict]:
        with open(folder / "findings.csv", newline="", encoding="utf-8-sig") as f:
            return sorted((r for r in csv.DictReader(f)), key=lambda r: tuple(r.values()))

    with ClinicSite(posts=6) as north, ClinicSite(posts=5) as south:
        def specs(root: Path) -> list[ScanSpec]:
            return [ScanSpec(name="north", targets=[north.url("/sitemap.txt")], out_dir=root / "north"),
                    ScanSpec(name="south", targets=[south.url("/sitemap.txt")], out_dir=root / "south")]

        options = ScanOptions(workers=1, intel=False)
        store = Store(tmp_path / "plain.db")
        ScanRun(specs(tmp_path / "plain"), store, options).run()
        store.close()
        monkeypatch.setattr(site_module, "run_site_phase", interrupted_site_phase)
        store = Store(tmp_path / "h.db")
        run = ScanRun(specs(tmp_path / "cut"), store, options)
        cut = run.run()
        assert run.interrupted and calls == ["north"]  # the second client's site phase did not start
        assert [r.status for r in cut] == ["interrupted", "interrupted"]
        lines = [closing_line(r) for r in cut]
        assert all("interrupted after" in l and "index.html" not in l and STAGING in l for l in lines)
        assert not any((tmp_path / "cut" / name / "index.html").exists() for name in ("north", "south"))
        assert [s for (s,) in store.db.execute("SELECT status FROM scans ORDER BY id")] == ["interrupted", "interrupted"]
        store.close()
        store = Store(tmp_path / "h.db")
        resumed = ScanRun(specs(tmp_path / "cut"), store, replace(options, resume=True)).run()
        store.close()
    assert [r.status for r in resumed] == ["complete", "complete"] and [r.scan_id for r in resumed] == [r.scan_id for r in cut]
    for name in ("north", "south"):
        folder, reference = tmp_path / "cut" / name, tmp_path / "plain" / name
        assert findings(folder) == findings(reference) and any(row["scope"] == "site" for row in findings(folder))
        assert [r["type"] for r in jsonl(folder)].count("scan") == 1
        assert sorted(r["url"] for r in pages_csv(folder)) == sorted(r["url"] for r in pages_csv(reference))
        assert not (folder / STAGING).exists()


def test_exit_code_4_when_a_client_could_not_be_scanned_3_for_a_dead_sitemap_entry(tmp_path):
    """A cron job tells "a client's scan could not run" (4) from "a client's sitemap lists a page
    that is gone" (3); the other client is scanned and reported either way."""
    dead = f"http://127.0.0.1:{free_port()}/sitemap.xml"
    args = ["--clients", str(tmp_path / "clients.toml"), "--db", str(tmp_path / "h.db"), "--workers", "1",
            "--no-progress", "--no-intel", "--retries", "0"]
    with ClinicSite(posts=2) as site:
        site.routes["/sitemap-stale.txt"] = Response(body=f"{site.post_url(0)}\n{site.url('/blog/deleted-post/')}\n".encode(),
                                             content_type="text/plain")
        good = f'[[clients]]\nname = "Good"\nsitemaps = ["{site.url("/sitemap-stale.txt")}"]\n'
        (tmp_path / "clients.toml").write_text('output = "agency"\n' + good)
        stale = CliRunner().invoke(scan, args, catch_exceptions=False)
        (tmp_path / "clients.toml").write_text('output = "agency"\n' + good + f'[[clients]]\nname = "Down"\nsitemaps = ["{dead}"]\n')
        down = CliRunner().invoke(scan, args, catch_exceptions=False)
    assert stale.exit_code == 3, stale.output
    assert down.exit_code == 4, down.output
    assert any(r["status"] == "ok" for r in pages_csv(tmp_path / "agency" / "good"))


def test_scan_help_names_every_file_the_scan_writes():
    from click.testing import CliRunner

    from seoaudit.commands_scan import scan

    text = " ".join(CliRunner().invoke(scan, ["--help"]).output.split())
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    outputs = readme.split("| `index.html` | dashboard", 1)[1].split("\n\n", 1)[0]
    files = re.findall(r"^\| `([\w.*/]+)`", "| `index.html` |" + outputs, re.M)
    assert {"changes.csv", "links.csv", "pages.csv"} <= set(files)  # the README's Scan outputs table
    assert [f for f in files if f not in text] == []
