"""``seoaudit history``: every stored site, lookups by name, host or URL, text/json/csv, partial
scans, page history by site, and ``scan --no-history``. Real SQLite databases; real scans of
generated clinic blogs on 127.0.0.1 where a scan is needed."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from clinicsite import ClinicSite, Response, slug_of
from seoaudit.commands_scan import history, scan
from seoaudit.store import Store
from seoaudit.urls import url_key

BOM = "\ufeff".encode()


def stored(store: Store, site: str, targets: list[str], scores: dict[str, float], status: str = "complete",
           unreachable: bool = False) -> int:
    """A scan of ``site`` with one page per key of ``scores`` (none: it audited nothing)."""
    scan_id = store.start_scan(site, targets, "0")
    if unreachable:
        store.add_problem(scan_id, targets[0], f"{targets[0]}: not fetched: the site is unreachable (connection refused by"
                                               " 127.0.0.1); nothing was fetched")
    for url, score in scores.items():
        store.add_page(scan_id, {"key": url_key(url), "url": url, "status": "ok", "score": score})
    store.finish_scan(scan_id, status)
    return scan_id


def agency_db(tmp_path):
    """Three monthly scans of a client (the second while its site was down), a spot check of two of
    its pages stored under the host name, and a scan that never completed."""
    path = tmp_path / "h.db"
    store = Store(path)
    sitemap = ["http://127.0.0.1:8102/sitemap.xml.gz"]
    stored(store, "Kirkstall Physio", sitemap, {"http://127.0.0.1:8102/blog/a/": 80.0, "http://127.0.0.1:8102/blog/b/": 80.0})
    stored(store, "Kirkstall Physio", sitemap, {}, unreachable=True)  # the site was down: no score
    stored(store, "127.0.0.1:8102", ["http://127.0.0.1:8102/blog/a/", "http://127.0.0.1:8102/blog/b/"],
           {"http://127.0.0.1:8102/blog/a/": 95.0})
    stored(store, "Kirkstall Physio", sitemap, {"http://127.0.0.1:8102/blog/a/": 86.0, "http://127.0.0.1:8102/blog/b/": 86.0})
    stored(store, "=Idle", ["https://idle.example/"], {"https://idle.example/": 50.0}, status="interrupted")
    store.close()
    return path


def run(*args, code=0):
    result = CliRunner().invoke(history, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def csv_rows(data: bytes) -> list[dict]:
    assert data.startswith(BOM) and b"\r\n" in data  # as the scan's CSV files: Excel reads the accents
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_history_without_a_target_lists_every_site(tmp_path):
    db = agency_db(tmp_path)
    text = run("--db", db).stdout.splitlines()
    assert text[0].split() == ["site", "scans", "partial", "last", "scan", "score", "change", "audited", "failed"]
    rows = {line.split("  ")[0]: line.split() for line in text[1:]}
    assert list(rows) == ["127.0.0.1:8102", "=Idle", "Kirkstall Physio"]  # by name, any case
    assert rows["Kirkstall Physio"][2:4] + rows["Kirkstall Physio"][6:] == ["3", "#3", "86.0", "+6.0", "2", "0"]  # none partial
    assert rows["127.0.0.1:8102"][1:4] == ["1", "1", "#1"] and rows["127.0.0.1:8102"][6:8] == ["95.0", "partial"]
    assert rows["=Idle"][1:] == ["0", "no", "complete", "scan", "–"]

    data = json.loads(run("--db", db, "-f", "json").stdout)
    assert data["schema_version"] == 1 and data["view"] == "sites"
    client = data["sites"][2]
    assert (client["site"], client["scan_count"], client["partial_scan_count"]) == ("Kirkstall Physio", 3, 0)
    last = client["last_scan"]
    # compared with #1: #2 audited nothing, and the spot check is another site's (and partial)
    assert (last["number"], last["score"], last["change"], last["compared_with"], last["whole_site"]) == (3, 86.0, 6.0, 1, True)
    assert (last["pages_audited"], last["pages_failed"], last["started_at"][:2]) == (2, 0, "20")
    assert data["sites"][0]["last_scan"]["whole_site"] is False and data["sites"][0]["last_scan"]["change"] is None
    assert data["sites"][1]["last_scan"] is None

    rows = csv_rows(run("--db", db, "-f", "csv").stdout_bytes)
    assert [r["site"] for r in rows] == ["127.0.0.1:8102", "'=Idle", "Kirkstall Physio"]  # a name never runs as a formula
    assert {k: rows[2][k] for k in ("scans", "last_scan_number", "whole_site", "score", "change", "compared_with")} == \
        {"scans": "3", "last_scan_number": "3", "whole_site": "yes", "score": "86.0", "change": "6.0", "compared_with": "1"}
    assert (rows[0]["whole_site"], rows[0]["change"], rows[0]["partial_scans"]) == ("no", "", "1")


def test_an_empty_history_lists_nothing(tmp_path):
    Store(tmp_path / "h.db").close()
    assert run("--db", tmp_path / "h.db").stdout == "No scans stored yet.\n"
    assert json.loads(run("--db", tmp_path / "h.db", "-f", "json").stdout)["sites"] == []
    assert run("--db", tmp_path / "h.db", "-f", "csv").stdout_bytes.decode("utf-8-sig").startswith("site,scans,")
    run("--db", tmp_path / "missing.db", code=2)


def test_site_names_match_in_any_case_and_a_host_finds_the_same_sites_however_written(tmp_path):
    db = agency_db(tmp_path)
    result = run("kirkstall physio", "--db", db)
    assert result.stdout.startswith("Kirkstall Physio") and "kirkstall physio: 1 stored site: Kirkstall Physio" in result.stderr
    assert "stored site" not in run("Kirkstall Physio", "--db", db).stderr  # the name as stored: nothing to say

    answers = {}
    for target in ("127.0.0.1:8102", "http://127.0.0.1:8102/", "http://127.0.0.1:8102"):
        result = run(target, "--db", db, "-f", "json")
        assert ("2 stored sites: 127.0.0.1:8102 (named after the host), Kirkstall Physio (its scans target this host)"
                in result.stderr)
        data = json.loads(result.stdout)
        assert data.pop("target") == target
        answers[target] = data
    first = answers["127.0.0.1:8102"]
    assert all(a == first for a in answers.values())
    assert [(s["site"], s["matched_by"]) for s in first["sites"]] == [("127.0.0.1:8102", "host"), ("Kirkstall Physio", "targets")]
    assert run("nobody", "--db", db, code=2).stderr.startswith("seoaudit: error: nobody: no scans of this site")


def test_a_site_history_marks_partial_scans_and_compares_with_the_last_full_scan(tmp_path):
    db = agency_db(tmp_path)
    data = json.loads(run("127.0.0.1:8102", "--db", db, "-f", "json").stdout)
    (spot,) = data["sites"][0]["scans"]
    assert (spot["whole_site"], spot["score"], spot["change"], spot["pages_audited"]) == (False, 95.0, None, 1)
    client = data["sites"][1]["scans"]
    assert [(s["number"], s["score"], s["change"], s["compared_with"]) for s in client] == \
        [(1, 80.0, None, None), (2, None, None, None), (3, 86.0, 6.0, 1)]
    assert [s["failure"] for s in client] == [None, "site unreachable: connection refused by 127.0.0.1", None]
    text = run("Kirkstall Physio", "--db", db).stdout.splitlines()
    assert "scan failed, nothing audited: site unreachable: connection refused by 127.0.0.1 (0 audited" in text[2]
    assert text[3].split()[:5] == ["#3", *text[3].split()[1:3], "86.0", "+6.0"] and "(change since #1)" in text[3]
    rows = csv_rows(run("Kirkstall Physio", "--db", db, "-f", "csv").stdout_bytes)
    assert [(r["scan_number"], r["score"], r["change"], r["compared_with"], r["failure"]) for r in rows] == \
        [("1", "80.0", "", "", ""), ("2", "", "", "", "site unreachable: connection refused by 127.0.0.1"), ("3", "86.0", "6.0", "1", "")]
    assert list(rows[0])[-4:] == ["near_duplicate_pairs", "city_swap_pairs", "clusters", "pages_in_clusters"]


def test_page_history_groups_its_lines_by_stored_site(tmp_path):
    db = agency_db(tmp_path)
    text = run("http://127.0.0.1:8102/blog/a/", "--db", db).stdout.splitlines()
    assert text[0] == "http://127.0.0.1:8102/blog/a/"  # as stored
    # scan #1 of the host and #1 of the client are two scans: each under its own site
    assert [line.split()[0] for line in text[1:]] == ["127.0.0.1:8102", "#1", "Kirkstall", "#1", "#3"]
    assert "(partial scan)" in text[2] and text[5].split()[3:6] == ["86.0", "+6.0", "ok"]
    data = json.loads(run("127.0.0.1:8102/blog/a/", "--db", db, "-f", "json").stdout)  # no scheme: the same page
    assert data["view"] == "page" and data["url"] == "http://127.0.0.1:8102/blog/a/"
    assert [(s["site"], [(p["number"], p["score"], p["change"], p["whole_site"]) for p in s["scans"]]) for s in data["sites"]] == \
        [("127.0.0.1:8102", [(1, 95.0, None, False)]), ("Kirkstall Physio", [(1, 80.0, None, True), (3, 86.0, 6.0, True)])]
    rows = csv_rows(run("http://127.0.0.1:8102/blog/a/", "--db", db, "-f", "csv").stdout_bytes)
    assert [(r["site"], r["scan_number"], r["whole_site"], r["change"]) for r in rows] == \
        [("127.0.0.1:8102", "1", "no", ""), ("Kirkstall Physio", "1", "yes", ""), ("Kirkstall Physio", "3", "yes", "6.0")]
    assert run("http://127.0.0.1:8102/blog/never/", "--db", db, code=2).stderr.endswith("no scan has audited this page\n")


def scan_site(tmp_path, *args, code=0):
    result = CliRunner().invoke(scan, [*map(str, args), "--db", str(tmp_path / "h.db"), "-o", str(tmp_path / "out"),
                                       "--workers", "1", "--no-progress", "--no-intel"], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def test_a_spot_check_scan_is_partial_in_the_history_and_never_the_previous_scan(tmp_path):
    with ClinicSite(posts=6) as site:
        whole = scan_site(tmp_path, site.url("/sitemap_index.xml"), "--site", "clinic")
        assert "partial scan" not in whole.stderr
        # a spot check of the two best posts: not the site's score, and its closing line says so
        spot = scan_site(tmp_path, site.post_url(0), site.post_url(1), "--site", "clinic")
        assert "(partial scan: some pages of the site)" in spot.stderr
        urls = tmp_path / "urls.txt"
        urls.write_text(f"{site.post_url(2)}\n{site.post_url(3)}\n", encoding="utf-8")
        scan_site(tmp_path, urls, "--site", "clinic")  # a list of URLs is a part of the site too
        site.routes[f"/blog/{slug_of(4)}/"] = Response(body=b"<html><head><title>x</title></head><body><p>Short.</p></body></html>")
        scan_site(tmp_path, site.root, "--site", "clinic")  # a crawl: the whole site
    data = json.loads(run("clinic", "--db", tmp_path / "h.db", "-f", "json").stdout)
    scans = data["sites"][0]["scans"]
    assert [s["whole_site"] for s in scans] == [True, False, False, True]
    assert [s["change"] for s in scans[:3]] == [None, None, None]
    store = Store(tmp_path / "h.db")
    first, *_, last = store.site_history("clinic")
    store.close()
    assert scans[3]["compared_with"] == 1 and scans[3]["change"] == round(last.score - first.score, 1) < 0
    lines = run("clinic", "--db", tmp_path / "h.db").stdout.splitlines()
    assert [line.split()[4] for line in lines[2:4]] == ["partial", "partial"] and "(change since #1)" in lines[4]
    # the last scan's dashboard and scorecards compare with #1 too, not with the spot checks
    assert "Change since scan #1 (" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    listed = run("--db", tmp_path / "h.db").stdout.splitlines()[1]
    assert listed.split()[:4] == ["clinic", "4", "2", "#4"]


def test_no_history_scans_are_not_recorded(tmp_path):
    with ClinicSite(posts=3) as site:
        scan_site(tmp_path, site.post_url(0), "--site", "clinic", "--no-history")
        assert (tmp_path / "out" / "index.html").is_file() and (tmp_path / "out" / "pages.csv").is_file()
        assert not (tmp_path / "h.db").exists()
        # a spot check has no scan number: its dashboard and CSVs do not call it "scan #1"
        dashboard = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
        assert "Site scan ·" in dashboard and "scan #" not in dashboard.lower()
        assert 'id="not-recorded"' in dashboard and "First scan of this site" not in dashboard
        with open(tmp_path / "out" / "pages.csv", newline="", encoding="utf-8-sig") as f:
            assert {row["scan_number"] for row in csv.DictReader(f)} == {""}
        scan_site(tmp_path, site.url("/sitemap_index.xml"), "--site", "clinic")
        scan_site(tmp_path, site.post_url(0), "--site", "clinic", "--no-history")
        result = scan_site(tmp_path, site.post_url(0), "--site", "clinic", "--no-history", "--resume", code=2)
    assert "--no-history" in result.stderr
    store = Store(tmp_path / "h.db")
    assert [(r.number, r.whole_site) for r in store.site_history("clinic")] == [(1, True)]  # only the recorded scan
    store.close()
    assert (tmp_path / "http-cache.sqlite3").is_file()  # the HTTP cache is still the usual one


def test_sparkline_is_scaled_to_the_scores_range():
    from seoaudit.reports.history import sparkline

    line = sparkline([87.5, 88.0, 91.0, 99.9])  # all "█" on a 0-100 scale
    assert line.startswith("▁") and line[3] == "█" and line.endswith("(87.5–99.9)")
    assert set(sparkline([88.0, 88.4, 88.2])[:3]) <= set("▃▄▅▆")  # a 0.4-point wobble stays mid-scale
    assert sparkline([70.0, None, 70.0]) == "▅ ▅ (70.0)"
    assert sparkline([None]) == ""
