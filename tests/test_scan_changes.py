"""What changed since the previous scan: findings fixed and new (changes.csv, the dashboard), score change in pages.csv."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from clinicsite import ClinicSite, Response, post_html, slug_of
from seoaudit.changes import changes, summarise
from seoaudit.reports.dashboard import render_dashboard
from seoaudit.store import Store
from test_scan_cli import pages_csv, run_scan


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def with_paragraphs(i: int, posts: int, first: str = "", last: str = "") -> Response:
    """Post ``i`` of the generated blog with a paragraph added after its H1 and/or before its Related links."""
    html = post_html(i, posts)
    if first:
        html = re.sub(r"(</h1>)", r"\1" + first, html, count=1)
    if last:
        html = html.replace("<p>Related:</p>", last + "<p>Related:</p>")
    return Response(body=html.encode())


def test_a_second_scan_lists_the_findings_fixed_and_new_by_their_keys(tmp_path):
    posts = 6
    claim = "<p>Acupuncture cures back pain for most of our patients.</p>"
    with ClinicSite(posts=posts, old_link_every=0) as site:
        post0 = f"/blog/{slug_of(0)}/"
        site.routes[post0] = with_paragraphs(0, posts, first=claim)
        first = run_scan(tmp_path, site.url("/sitemap.txt"), "-c", "Edmonton", "--no-intel")
        assert first.exit_code == 0, first.stderr
        assert read_csv(tmp_path / "out" / "changes.csv") == []  # a first scan: the header only
        claimed = lambda: {r["code"] for r in read_csv(tmp_path / "out" / "findings.csv") if r["url"] == site.post_url(0)}
        assert "CL001" in claimed() and "CL003" not in claimed()
        # a month later: the claim moved to the end of the post (not new), a safety claim was added (new),
        # and the page post 3 linked to, a 404, exists now (its broken link is fixed)
        site.routes[post0] = with_paragraphs(0, posts, last=claim + "<p>Treatment is 100% safe.</p>")
        site.routes["/blog/deleted-post/"] = Response(body=b"<html><head><title>Back</title></head><body><h1>Back</h1></body></html>")
        second = run_scan(tmp_path, site.url("/sitemap.txt"), "-c", "Edmonton", "--no-intel")
    assert second.exit_code == 0, second.stderr
    assert {"CL001", "CL003"} <= claimed()
    out = tmp_path / "out"
    rows = read_csv(out / "changes.csv")
    assert {r["since_scan"] for r in rows} == {"1"}
    by = {(r["change"], r["url"], r["code"]): r for r in rows}
    assert ("new", site.post_url(0), "CL001") not in by and ("fixed", site.post_url(0), "CL001") not in by  # moved, not new
    new = by[("new", site.post_url(0), "CL003")]
    assert "100% safe" in new["finding"] and new["severity"] == "problem" and new["scope"] == "page"
    fixed = by[("fixed", site.post_url(3), "ST001")]
    assert fixed["finding"].endswith("/blog/deleted-post/") and fixed["scope"] == "site"
    assert [r["change"] for r in rows] == sorted((r["change"] for r in rows), key=["fixed", "new"].index)
    # a site finding does not move the score: the page whose broken link was fixed did not change
    pages = {r["url"]: r for r in pages_csv(out)}
    assert float(pages[site.post_url(3)]["score_change"]) == 0.0
    assert pages[site.post_url(0)]["score_change"] != ""
    html = (out / "index.html").read_text(encoding="utf-8")
    fixed_count = sum(r["change"] == "fixed" for r in rows)
    new_count = sum(r["change"] == "new" for r in rows)
    assert f'Fixed since scan #1 <span class="pill s-good" data-count="{fixed_count}">' in html
    assert f'data-count="{new_count}">{new_count}</span>' in html.split('id="changes-new"', 1)[1]
    assert "/blog/deleted-post/" in html.split('id="changes-fixed"', 1)[1].split('id="changes-new"', 1)[0]


def add(store, scan, key, items, status="ok", failing=None):
    failing = [[code, st] for code, st, _, _ in items] if failing is None else failing
    store.add_page(scan, {"key": key, "url": f"https://c.example/{key}/", "status": status, "score": 70.0,
                          "failing": json.dumps(failing)}, items=items)


def test_a_check_that_still_fails_without_its_findings_is_fixed_finding_by_finding(tmp_path):
    s = Store(tmp_path / "h.db")
    one = s.start_scan("c", [], "0")
    add(s, one, "a", [("ST001", "bad", '"/gone/"', "/gone/"), ("KW001", "ok", "", "density 3.1"),
                      ("CL001", "bad", '"cures"', "'cures'"), ("CL001", "bad", '"cures"', "'cures'")])
    add(s, one, "b", [("LB001", "bad", "", "2 phones")])
    add(s, one, "gone", [("LB001", "bad", "", "2 phones")])
    s.finish_scan(one, "complete")
    two = s.start_scan("c", [], "0")
    # a: the broken link fixed but a redirect chain left (ST001 "ok", no finding listed), KW001 with
    # another figure (the same finding), one of the two 'cures' gone; b: fixed; c: a new page
    add(s, two, "a", [("ST001", "ok", "", "1 link goes through 3 redirects"), ("KW001", "ok", "", "density 3.4"),
                      ("CL001", "bad", '"cures"', "'cures'")])
    add(s, two, "b", [])
    add(s, two, "c", [("LB001", "bad", "", "2 phones")])
    s.finish_scan(two, "complete")
    got = sorted((c.kind, c.page_key, c.code, c.name, c.new_page) for c in changes(s, two, one))
    assert got == [("fixed", "a", "CL001", "'cures'", False), ("fixed", "a", "ST001", "/gone/", False),
                   ("fixed", "b", "LB001", "2 phones", False), ("new", "c", "LB001", "2 phones", True)]
    summary = summarise(s, two, s.scan(one), {})
    assert (summary.fixed_count, summary.new_count, summary.not_compared) == (3, 1, 1)  # "gone" was not audited again


def test_a_previous_scan_without_kept_findings_is_not_compared(tmp_path):
    s = Store(tmp_path / "h.db")
    one = s.start_scan("c", [], "0")
    add(s, one, "a", [], failing=[["LB001", "bad"]])  # stored by a version that kept no items
    s.finish_scan(one, "complete")
    two = s.start_scan("c", [], "0")
    add(s, two, "a", [("LB001", "bad", "", "2 phones")])
    s.finish_scan(two, "complete")
    assert not s.kept_findings(one) and s.kept_findings(two)
    html = render_dashboard(s, two)
    assert "did not keep the findings" in html and 'id="changes-new"' not in html


def test_a_spot_check_compares_the_pages_findings_not_their_site_findings(tmp_path):
    s = Store(tmp_path / "h.db")
    one = s.start_scan("c", ["https://c.example/sitemap.xml"], "0")  # the whole site
    add(s, one, "a", [("KW001", "ok", "", "density 3.1")])
    s.add_findings(one, [("a", "https://c.example/a/", "ST006", "no-internal-links-in", "bad", "No other page links to it.")],
                   [("a", "ST006", "bad", "", "No other page links to it.")])
    s.finish_scan(one, "complete")
    two = s.start_scan("c", ["https://c.example/a/"], "0")  # a spot check of one page: ST006 is not judged
    add(s, two, "a", [])
    s.finish_scan(two, "complete")
    assert [(c.kind, c.code) for c in changes(s, two, one)] == [("fixed", "KW001")]
    html = render_dashboard(s, two)
    assert "covered only some pages of the site" in html


def test_a_check_turned_off_since_the_previous_scan_has_not_had_its_findings_fixed(tmp_path):
    s = Store(tmp_path / "h.db")
    one = s.start_scan("c", [], "0")
    s.set_checks(one, ["LB001", "CL001", "KW001"])
    add(s, one, "a", [("LB001", "bad", "", "2 phones"), ("CL001", "bad", '"cures"', "'cures'")])
    s.finish_scan(one, "complete")
    two = s.start_scan("c", [], "0")
    s.set_checks(two, ["CL001", "KW001", "KW002"])  # LB001 ignored from now on, KW002 turned on
    add(s, two, "a", [("KW002", "bad", "", "stuffed")])
    s.finish_scan(two, "complete")
    assert s.checks_of(two) == {"CL001", "KW001", "KW002"}
    # the claim was removed (fixed); LB001 was not run (not fixed); KW002 did not run before (not new)
    assert [(c.kind, c.code) for c in changes(s, two, one)] == [("fixed", "CL001")]
    # scans stored before the checks were kept are compared as before
    three = s.start_scan("c", [], "0")
    add(s, three, "a", [])
    s.finish_scan(three, "complete")
    assert s.checks_of(three) is None
    assert [(c.kind, c.code) for c in changes(s, three, two)] == [("fixed", "KW002")]


def test_a_scan_keeps_the_checks_it_ran(tmp_path):
    with ClinicSite(posts=2) as site:
        (tmp_path / "c.toml").write_text('ignore = ["LB001", "ST006"]\n', encoding="utf-8")
        result = run_scan(tmp_path, site.url("/sitemap.txt"), "--no-intel", "--config", str(tmp_path / "c.toml"))
        assert result.exit_code == 0, result.stderr
    s = Store(tmp_path / "h.db")
    ran = s.checks_of(s.site_history(s.scan(1).site)[-1].id)
    s.close()
    assert ran and "KW001" in ran and "ST001" in ran and not {"LB001", "ST006"} & ran


def new_groups(html: str) -> list[tuple[str, bool]]:
    """(code, on pages new in this scan) of the dashboard's "New since" list, in order."""
    side = html.split('id="changes-new"', 1)[1].split("</section>", 1)[0]
    return [(code, bool(on_new)) for code, on_new in re.findall(r'<li data-code="(\w+)"( data-new-pages)?', side)]


def test_the_new_list_puts_regressions_first_worst_first_and_new_pages_last(tmp_path):
    s = Store(tmp_path / "h.db")
    one = s.start_scan("c", [], "0")
    for key in "ab":
        add(s, one, key, [])
    s.finish_scan(one, "complete")
    two = s.start_scan("c", [], "0")
    # on returning pages: transition words to improve on both, a noindex (caps the score at 40) and a
    # problem on one; a new post brings its routine findings, on more pages than the noindex
    add(s, two, "a", [("RD008", "ok", "", "few transitions"), ("BA005", "bad", "", "noindex"), ("BA001", "bad", "", "no title")])
    add(s, two, "b", [("RD008", "ok", "", "few transitions")])
    for key in ("c", "d", "e"):
        add(s, two, key, [("KW001", "bad", "", "no keyphrase"), ("RD008", "ok", "", "few transitions")])
    s.finish_scan(two, "complete")
    html = render_dashboard(s, two)
    assert new_groups(html) == [("BA005", False), ("BA001", False), ("RD008", False), ("KW001", True), ("RD008", True)]
    summary = summarise(s, two, s.scan(one), {})
    assert (summary.new_count, summary.new_on_new_pages, summary.new_pages) == (10, 6, 3)
    assert "6 of them on 3 pages new in this scan" in html
    assert "3 new pages" in html.split('id="changes-new-pages"', 1)[1]


def test_the_dashboard_says_which_checks_were_turned_off_or_on_beside_the_score_change(tmp_path):
    s = Store(tmp_path / "h.db")
    one = s.start_scan("c", [], "0")
    s.set_checks(one, ["CV001", "KW001"])
    add(s, one, "a", [("CV001", "ok", "", "no service link")])
    s.finish_scan(one, "complete")
    two = s.start_scan("c", [], "0")
    s.set_checks(two, ["KW001", "RD008"])  # CV001 turned off, RD008 turned on
    add(s, two, "a", [("RD008", "ok", "", "few transitions")])
    add(s, two, "b", [("RD008", "ok", "", "few transitions")])
    s.finish_scan(two, "complete")
    html = render_dashboard(s, two)
    note = " ".join(re.sub(r"<[^>]+>", "", html.split('id="checks-changed">', 1)[1].split("</p>", 1)[0]).split())
    assert note == ("Checks turned off since scan #1: CV001; turned on: RD008 (2 findings on 2 pages, not listed as new)."
                    " The score change includes them: it is not like for like.")
    # the same checks in both scans, or a scan stored before the checks were kept: nothing to say
    three = s.start_scan("c", [], "0")
    s.set_checks(three, ["KW001", "RD008"])
    add(s, three, "a", [])
    s.finish_scan(three, "complete")
    four = s.start_scan("c", [], "0")
    add(s, four, "a", [])
    s.finish_scan(four, "complete")
    assert 'id="site-delta"' in render_dashboard(s, three) and 'id="checks-changed"' not in render_dashboard(s, three)
    assert 'id="checks-changed"' not in render_dashboard(s, four)


def test_a_sitemap_scan_whose_child_sitemap_cannot_be_read_is_partial(tmp_path):
    # half the posts audited: its score, links in and site findings are not the whole site's, and
    # the next month's scan compares with the last whole one, not with it
    with ClinicSite(posts=6, old_link_every=0) as site:
        first = run_scan(tmp_path, site.url("/sitemap_index.xml"), "--site", "clinic", "--no-intel")
        assert first.exit_code == 0, first.stderr
        site.routes["/sitemap-posts-2.xml.gz"] = Response(status=404, body=b"gone")
        second = run_scan(tmp_path, site.url("/sitemap_index.xml"), "--site", "clinic", "--no-intel")
        assert second.exit_code == 3  # an input problem
        assert not [r for r in read_csv(tmp_path / "out" / "findings.csv") if r["code"] in ("ST006", "ST007")]  # not judged
        del site.routes["/sitemap-posts-2.xml.gz"]
        third = run_scan(tmp_path, site.url("/sitemap_index.xml"), "--site", "clinic", "--no-intel")
        assert third.exit_code == 0, third.stderr
    s = Store(tmp_path / "h.db")
    rows = [s.scan(i) for i in (1, 2, 3)]
    s.close()
    assert [r.whole_site for r in rows] == [True, False, True]
    assert "Change since scan #1 (" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_changes_and_site_wide_findings_sort_by_the_scorecards_status_order_without_importing_a_reporter():
    """One status order (``models.STATUS_ORDER``) for the scorecards, the changes lists, site-wide
    findings and site cards; the core modules that sort by it import no reporter (reports import the core)."""
    import subprocess
    import sys

    from seoaudit.changes import ChangeGroup
    from seoaudit.models import STATUS_ORDER

    groups = [ChangeGroup("new", "XX001", "", "", status) for status in ("ok", "error", "bad")]
    assert [g.status for g in sorted(groups, key=ChangeGroup.order)] == sorted(("ok", "error", "bad"), key=STATUS_ORDER.get)
    loaded = subprocess.run([sys.executable, "-c", "import sys, seoaudit.changes, seoaudit.site, seoaudit.scoring; "
                             "print([m for m in sys.modules if m.startswith('seoaudit.reports')])"],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"


def test_a_scan_made_partial_by_an_unreadable_sitemap_compares_every_output_with_the_same_scan(tmp_path):
    # scan #3 reads the sitemaps of a whole-site scan, but one cannot be read: it becomes a scan of some
    # pages, compared with the latest scan with a score (#2, a spot check), not the last whole one (#1).
    # The dashboard said "since scan #2" while changes.csv, pages.csv and the scorecards compared with #1,
    # picked before the sitemaps were read
    claim = "<p>Acupuncture cures back pain for most of our patients.</p>"
    with ClinicSite(posts=6, old_link_every=0) as site:
        post0 = f"/blog/{slug_of(0)}/"
        assert run_scan(tmp_path, site.url("/sitemap_index.xml"), "--site", "clinic", "--no-intel").exit_code == 0
        site.routes[post0] = with_paragraphs(0, 6, first=claim)
        assert run_scan(tmp_path, site.post_url(0), "--site", "clinic", "--no-intel").exit_code == 0
        spot = {r["url"]: r for r in pages_csv(tmp_path / "out")}[site.post_url(0)]
        del site.routes[post0]
        site.routes["/sitemap-posts-2.xml.gz"] = Response(status=404, body=b"gone")
        assert run_scan(tmp_path, site.url("/sitemap_index.xml"), "--site", "clinic", "--no-intel").exit_code == 3
    out = tmp_path / "out"
    assert "Change since scan #2 (" in (out / "index.html").read_text(encoding="utf-8")
    rows = read_csv(out / "changes.csv")
    assert {r["since_scan"] for r in rows} == {"2"}
    assert ("fixed", site.post_url(0), "CL001") in {(r["change"], r["url"], r["code"]) for r in rows}
    now = {r["url"]: r for r in pages_csv(out)}[site.post_url(0)]
    assert float(now["score_change"]) == round(float(now["score"]) - float(spot["score"]), 1) != 0
    scorecard = (out / now["scorecard"]).read_text(encoding="utf-8")
    assert "scan #2" in scorecard and "scan #1" not in scorecard


def test_a_scan_computes_its_changes_site_wide_findings_and_link_outcomes_once_for_every_report(tmp_path, monkeypatch):
    """changes.csv, the dashboard and the clients overview report one summary of the changes; the
    site-wide findings and the link targets' outcomes are the site phase's (they were computed again
    for the dashboard, the overview and links.csv)."""
    import seoaudit.changes
    import seoaudit.site

    calls = {"changes": 0, "site_wide_findings": 0, "stored_link_statuses": 0}

    def counted(module, name):
        real = getattr(module, name)

        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)
        monkeypatch.setattr(module, name, wrapper)

    counted(seoaudit.changes, "changes")
    counted(seoaudit.site, "site_wide_findings")
    counted(seoaudit.site, "stored_link_statuses")
    with ClinicSite(posts=4) as site:
        (tmp_path / "clients.toml").write_text(f'output = "agency"\n[[clients]]\nname = "A"\nsitemaps = ["{site.url("/sitemap.txt")}"]\n'
                                               f'[[clients]]\nname = "B"\nstart_urls = ["{site.post_url(1)}"]\n')
        from click.testing import CliRunner

        from seoaudit.commands_scan import scan

        args = ["--clients", str(tmp_path / "clients.toml"), "--db", str(tmp_path / "h.db"), "--workers", "1", "--no-progress", "--no-intel"]
        for _ in range(2):
            assert CliRunner().invoke(scan, args, catch_exceptions=False).exit_code == 0
    # two clients, two runs; changes compared in the second run only
    assert calls == {"changes": 2, "site_wide_findings": 4, "stored_link_statuses": 4}


def test_a_scorecards_score_change_names_the_checks_turned_off_or_on_that_count_in_it(tmp_path):
    """A page's "+6 since scan #1" after LB001 was ignored was not earned: its scorecard says so."""
    with ClinicSite(posts=2) as site:
        first = run_scan(tmp_path, site.url("/sitemap.txt"), "--no-intel")
        assert first.exit_code == 0, first.stderr
        (tmp_path / "c.toml").write_text('ignore = ["LB001", "CV001"]\n', encoding="utf-8")
        second = run_scan(tmp_path, site.url("/sitemap.txt"), "--no-intel", "--config", str(tmp_path / "c.toml"))
        assert second.exit_code == 0, second.stderr
        rows = [json.loads(line) for line in (tmp_path / "out" / "pages.jsonl").read_text(encoding="utf-8").splitlines()]
        post = next(r for r in rows if r.get("scorecard") and "/blog/" in r["url"])
        card = (tmp_path / "out" / post["scorecard"]).read_text(encoding="utf-8")
        change = card.split('id="score-change"', 1)[1].split("</div>", 1)[0]
        assert "since scan #1" in change and "checks turned off since: CV001, LB001" in change
        # the same settings again: nothing turned off or on since #2
        third = run_scan(tmp_path, site.url("/sitemap.txt"), "--no-intel", "--config", str(tmp_path / "c.toml"))
        assert third.exit_code == 0, third.stderr
        card = (tmp_path / "out" / post["scorecard"]).read_text(encoding="utf-8")
        assert "since scan #2" in card and 'id="checks-changed"' not in card
