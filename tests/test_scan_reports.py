"""The scan's CSV files as a spreadsheet reads them: findings.csv's severity, link, fix and title columns."""

from __future__ import annotations

import csv
from pathlib import Path

from clinicsite import ClinicSite, Response, slug_of
from test_scan_changes import with_paragraphs
from test_scan_cli import pages_csv, run_scan


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def chained_site(site: ClinicSite, posts: int) -> None:
    """Post 1 links /chain-1/, which takes three redirects to reach post 2."""
    site.routes["/chain-1/"] = Response(status=301, headers=(("Location", "/chain-2/"),))
    site.routes["/chain-2/"] = Response(status=301, headers=(("Location", "/chain-3/"),))
    site.routes["/chain-3/"] = Response(status=301, headers=(("Location", f"/blog/{slug_of(2)}/"),))
    site.routes[f"/blog/{slug_of(1)}/"] = with_paragraphs(1, posts, last='<p>Read <a href="/chain-1/">our guide to knee pain</a>.</p>')


def test_findings_csv_names_the_severity_the_link_the_fix_and_the_page(tmp_path):
    posts = 6
    with ClinicSite(posts=posts, old_link_every=0) as site:
        chained_site(site, posts)
        result = run_scan(tmp_path, site.url("/sitemap.txt"), "-k", "acupuncture for back pain", "-c", "Edmonton", "--no-intel")
    assert result.exit_code == 0, result.stderr
    rows = read_csv(tmp_path / "out" / "findings.csv")
    assert {r["severity"] for r in rows} <= {"problem", "improve", "error"}
    assert all(r["severity"] == {"bad": "problem", "ok": "improve", "error": "error"}[r["status"]] for r in rows)
    titles = {r["url"]: r["title"] for r in pages_csv(tmp_path / "out")}
    assert all(r["title"] == titles[r["url"]] and r["title"] for r in rows)
    st001 = {r["url"]: r for r in rows if r["code"] == "ST001"}
    broken = st001[site.post_url(3)]  # "See also /blog/deleted-post/": 404
    assert broken["severity"] == "problem" and broken["link"] == site.url("/blog/deleted-post/")
    chain = st001[site.post_url(1)]  # three redirects: a warning, and which link it is
    assert chain["severity"] == "improve" and chain["link"] == site.url("/chain-1/")
    assert all(r["fix"] for r in rows if r["status"] in ("bad", "ok"))
    kw = [r for r in rows if r["code"].startswith("KW") and r["url"] == site.post_url(1)]
    assert kw and all(r["link"] == "" for r in kw)  # not about a link


def test_a_scan_s_csv_files_are_by_url_and_name_their_scan(tmp_path):
    with ClinicSite(posts=8) as site:
        for n in (1, 2):
            result = run_scan(tmp_path, site.url("/sitemap_index.xml"), "--no-intel", "--workers", "2")
            assert result.exit_code == 0, result.stderr
            for name in ("pages.csv", "findings.csv", "changes.csv"):
                rows = read_csv(tmp_path / "out" / name)
                assert {(r["scan_number"], len(r["scan_date"])) for r in rows} <= {(str(n), 10)}, name
            pages = [r["url"] for r in pages_csv(tmp_path / "out")]
            assert pages == sorted(pages) and len(pages) >= 8  # the order pages finished in, two workers, is gone
            findings = read_csv(tmp_path / "out" / "findings.csv")
            assert [r["url"] for r in findings] == sorted(r["url"] for r in findings)
            by_page = {}
            for r in findings:  # a page's findings: page checks in check order, then site checks
                by_page.setdefault(r["url"], []).append(r["scope"])
            assert all(scopes == sorted(scopes) for scopes in by_page.values())


def write_two_clients(path, a, b) -> None:
    """A clients file of two clinic blogs served by the tests (a: Zed Physio in Edmonton, b: Alpha Acupuncture)."""
    path.write_text(f"""
output = "agency"
[[clients]]
name = "Zed Physio"
sitemaps = ["{a.url('/sitemap.txt')}"]
city = "Edmonton"

[[clients]]
name = "Alpha Acupuncture"
sitemaps = ["{b.url('/sitemap.txt')}"]
""")


def test_a_clients_run_writes_combined_csv_files_and_a_row_per_client(tmp_path):
    with ClinicSite(posts=5) as a, ClinicSite(posts=4) as b:
        write_two_clients(tmp_path / "clients.toml", a, b)
        from click.testing import CliRunner

        from seoaudit.commands_scan import scan

        result = CliRunner().invoke(scan, ["--clients", str(tmp_path / "clients.toml"), "--db", str(tmp_path / "h.db"),
                                           "--workers", "1", "--no-progress", "--no-intel"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    agency = tmp_path / "agency"
    folders = {"Zed Physio": agency / "zed-physio", "Alpha Acupuncture": agency / "alpha-acupuncture"}
    for name in ("pages.csv", "findings.csv", "changes.csv", "links.csv"):
        combined = read_csv(agency / name)
        # the clients file's order (not alphabetical, not worst first), each client's rows as in its own file
        assert list(dict.fromkeys(r["client"] for r in combined)) == (["Zed Physio", "Alpha Acupuncture"] if name != "changes.csv" else [])
        for client, folder in folders.items():
            own = read_csv(folder / name)
            assert [{k: v for k, v in r.items() if k != "client"} for r in combined if r["client"] == client] == own
    clients = read_csv(agency / "clients.csv")
    assert [c["client"] for c in clients] == ["Zed Physio", "Alpha Acupuncture"]
    for c in clients:
        findings = read_csv(folders[c["client"]] / "findings.csv")
        assert int(c["problems"]) == sum(r["severity"] in ("problem", "error") for r in findings)
        assert int(c["to_improve"]) == sum(r["severity"] == "improve" for r in findings)
        assert c["audited"] == str(sum(r["status"] == "ok" for r in pages_csv(folders[c["client"]])))
        assert (c["scan_number"], c["status"]) == ("1", "complete") and c["dashboard"].endswith("/index.html")
    # a post of each links /blog/deleted-post/ (404): one broken link target per client
    assert [c["broken_links"] for c in clients] == ["1", "1"]
    overview = (agency / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{name}"' in overview for name in ("clients.csv", "pages.csv", "findings.csv", "changes.csv", "links.csv"))


def test_a_clients_run_counts_each_clients_changes_as_its_dashboard_and_changes_csv_do(tmp_path):
    """The overview shows the changes and broken links each client's scan computed for its dashboard."""
    from click.testing import CliRunner

    from seoaudit.commands_scan import scan

    args = ["--clients", str(tmp_path / "clients.toml"), "--db", str(tmp_path / "h.db"), "--workers", "1", "--no-progress", "--no-intel"]
    with ClinicSite(posts=5) as a, ClinicSite(posts=4) as b:
        write_two_clients(tmp_path / "clients.toml", a, b)
        assert CliRunner().invoke(scan, args, catch_exceptions=False).exit_code == 0
        a.routes[f"/blog/{slug_of(0)}/"] = with_paragraphs(0, 5, first="<p>Acupuncture cures back pain for good.</p>")
        b.routes["/blog/deleted-post/"] = Response(body=b"<html><head><title>Back</title></head><body><h1>Back</h1></body></html>")
        result = CliRunner().invoke(scan, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    agency = tmp_path / "agency"
    clients = {c["client"]: c for c in read_csv(agency / "clients.csv")}
    for name, folder in (("Zed Physio", "zed-physio"), ("Alpha Acupuncture", "alpha-acupuncture")):
        changes = read_csv(agency / folder / "changes.csv")
        c = clients[name]
        assert (int(c["fixed"]), int(c["new"])) == (sum(r["change"] == "fixed" for r in changes), sum(r["change"] == "new" for r in changes))
        dashboard = (agency / folder / "index.html").read_text(encoding="utf-8")
        for side in ("fixed", "new"):  # the count in the heading of the dashboard's list
            heading = dashboard.split(f'id="changes-{side}"', 1)[1].split("</h3>", 1)[0]
            assert f'data-count="{c[side]}"' in heading
        broken = dashboard.split('id="broken"', 1)[1].split("</section>", 1)[0] if 'id="broken"' in dashboard else ""
        assert c["broken_links"] == str(broken.count('<span class="mono">'))
    assert int(clients["Zed Physio"]["new"]) >= 1 and int(clients["Alpha Acupuncture"]["fixed"]) >= 1
    assert (clients["Zed Physio"]["broken_links"], clients["Alpha Acupuncture"]["broken_links"]) == ("1", "0")


THEME_HEAD = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "MedicalClinic", "name": "Clinic",'
              ' "telephone": "+1-780-555-0124", "address": {"@type": "PostalAddress", "addressLocality": "Edmonton",'
              ' "addressCountry": "CA"}}</script>')
THEME_FOOTER = '<p>Call <a href="tel:780-555-0142">780-555-0142</a></p>'


def theme_post(i: int, posts: int) -> Response:
    """Post ``i`` in a theme whose JSON-LD has another phone number than the footer, as on every page."""
    from clinicsite import post_html

    html = post_html(i, posts, old_link_every=0).replace("</head>", THEME_HEAD + "</head>").replace("</footer>", THEME_FOOTER + "</footer>")
    return Response(body=html.encode())


def test_a_theme_s_finding_on_every_page_is_one_site_wide_finding(tmp_path):
    posts = 6
    with ClinicSite(posts=posts, old_link_every=0) as site:
        for i in range(posts):
            site.routes[f"/blog/{slug_of(i)}/"] = theme_post(i, posts)
        result = run_scan(tmp_path, site.url("/sitemap.txt"), "-c", "Edmonton", "--no-intel")
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "out"
    findings = read_csv(out / "findings.csv")
    lb001 = [r for r in findings if r["code"] == "LB001"]
    assert len(lb001) == posts and len({r["message"] for r in lb001}) == 1  # the same problem on every page
    # every post also has no outbound link: the same message, but about each post's own text, not the theme's
    assert len([r for r in findings if r["code"] == "LK003"]) == posts
    # findings.csv marks the theme's finding, so a spreadsheet can filter the fix-once rows
    assert {r["site_wide"] for r in lb001} == {f"same on {posts} of {posts} pages"}
    assert {r["site_wide"] for r in findings if r["code"] == "LK003"} == {""}
    assert list(findings[0])[-3:] == ["site_wide", "scan_number", "scan_date"]
    html = (out / "index.html").read_text(encoding="utf-8")
    card = html.split('id="site-wide"', 1)[1].split("</section>", 1)[0]
    assert 'data-code="LB001"' in card and f"on {posts} of {posts} pages" in card and "780-555-0124" in card
    assert 'data-code="LK003"' not in card
    common = html.split('id="common"', 1)[1].split("</table>", 1)[0]
    first_row = common.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert 'data-code="LB001"' in first_row and f"all {posts}, site-wide" in first_row  # one fix, listed first
    for row in (r for r in pages_csv(out) if r["status"] == "ok"):
        scorecard = (out / row["scorecard"]).read_text(encoding="utf-8")
        shared = scorecard.split('id="site-wide"', 1)[1].split("</div>", 1)[0]
        assert 'data-code="LB001"' in shared and f"on {posts} of {posts} pages" in shared
    # the pages keep their scores: LB001 still counts in each (its check result on the scorecard is unchanged)
    assert all(float(r["clinic_score"]) < 100 for r in pages_csv(out) if r["status"] == "ok")


def test_a_finding_on_half_the_pages_or_fewer_than_three_is_not_site_wide(tmp_path):
    from seoaudit.site import site_wide_findings
    from seoaudit.store import Store

    s = Store(tmp_path / "h.db")
    scan = s.start_scan("c", [], "0")
    for i in range(8):
        items = [("LB001", "bad", "", "2 phones")] if i < 5 else [("LB003", "bad", "", "no schema")] if i < 8 else []
        s.add_page(scan, {"key": f"p{i}", "url": f"https://c.example/p{i}/", "status": "ok", "score": 70.0,
                          "failing": "[]"}, items=items)
    s.finish_scan(scan, "complete")
    assert [(f.code, f.pages, f.of) for f in site_wide_findings(s, scan)] == [("LB001", 5, 8)]  # LB003: 3 of 8
    small = s.start_scan("d", [], "0")
    for i in range(2):
        s.add_page(small, {"key": f"p{i}", "url": f"https://d.example/p{i}/", "status": "ok", "score": 70.0, "failing": "[]"},
                   items=[("LB001", "bad", "", "2 phones")])
    s.finish_scan(small, "complete")
    assert site_wide_findings(s, small) == []  # 2 of 2 pages: too few to tell a theme


def test_a_site_wide_finding_counts_only_the_pages_its_check_applies_to(tmp_path):
    import json

    from seoaudit.site import site_wide_findings
    from seoaudit.store import Store

    s = Store(tmp_path / "h.db")
    scan = s.start_scan("c", [], "0")
    # LB003 fails the same way on 11 posts; 4 site pages carry no clinic markup at all (N/A there, not fine)
    for i in range(15):
        na = i >= 11
        s.add_page(scan, {"key": f"p{i}", "url": f"https://c.example/p{i}/", "status": "ok", "score": 70.0,
                          "page_type": "page" if na else "post", "failing": json.dumps([] if na else [["LB003", "ok"]]),
                          "not_applicable": json.dumps(["LB003"] if na else [])},
                   items=[] if na else [("LB003", "ok", "", "no openingHours")])
    s.finish_scan(scan, "complete")
    assert [(f.code, f.pages, f.of) for f in site_wide_findings(s, scan)] == [("LB003", 11, 11)]  # not "11 of 15"


def test_a_scan_keeps_which_checks_did_not_apply_to_each_page(tmp_path):
    import json
    import sqlite3

    with ClinicSite(posts=3) as site:
        result = run_scan(tmp_path, site.root, "--no-intel")
    assert result.exit_code == 0, result.stderr
    db = sqlite3.connect(tmp_path / "h.db")
    marks = {url: json.loads(na) for url, na in db.execute("SELECT url, not_applicable FROM pages WHERE status='ok'")}
    contact = next(m for url, m in marks.items() if url.endswith("/contact/"))
    assert "RD006" in contact  # written for posts
    assert all("RD006" not in m for url, m in marks.items() if "/blog/" in url and not url.endswith("/blog/"))
    # `failing` holds the failing checks only: a page's N/A checks are not failures
    assert all(status != "na" for (failing,) in db.execute("SELECT failing FROM pages") for _, status in json.loads(failing or "[]"))


def test_a_scan_whose_pages_failed_no_check_kept_its_findings(tmp_path):
    # N/A checks were stored in `failing`: a scan with no finding read as one stored before findings were kept
    from seoaudit.store import Store

    s = Store(tmp_path / "h.db")
    scan = s.start_scan("c", [], "0")
    s.add_page(scan, {"key": "a", "url": "https://c.example/a/", "status": "ok", "score": 100.0, "failing": "[]",
                      "not_applicable": '["RD006", "LB003"]'})
    s.finish_scan(scan, "complete")
    assert s.kept_findings(scan)


def test_redirected_internal_links_are_listed_for_the_web_person(tmp_path):
    posts = 8
    with ClinicSite(posts=posts, old_link_every=10) as site:  # post 7 reads more at /old/<post 4>: one 301
        chained_site(site, posts)  # post 1 links /chain-1/: three redirects to post 2
        result = run_scan(tmp_path, site.url("/sitemap.txt"), "--no-intel")
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "out"
    links = {(r["linking_page"], r["link"]): r for r in read_csv(out / "links.csv")}
    old = links[(site.post_url(7), site.url(f"/old/{slug_of(4)}"))]
    # the final URL is a page of the sitemap: its own answer (200), not the redirect's 301
    assert (old["problem"], old["hops"], old["final_url"], old["http_status"]) == ("redirected", "1", site.post_url(4), "200")
    chain = links[(site.post_url(1), site.url("/chain-1/"))]
    assert (chain["problem"], chain["hops"], chain["final_url"], chain["anchor"]) == ("redirected", "3", site.post_url(2), "our guide to knee pain")
    assert chain["redirects"].count("301 ") == 3
    broken = links[(site.post_url(3), site.url("/blog/deleted-post/"))]
    assert (broken["problem"], broken["http_status"]) == ("broken", "404")
    assert [r["linking_page"] for r in read_csv(out / "links.csv")] == sorted(p for p, _ in links)
    html = (out / "index.html").read_text(encoding="utf-8")
    card = html.split('id="redirected"', 1)[1].split("</section>", 1)[0]
    assert site.url(f"/old/{slug_of(4)}") in card and site.url("/chain-1/") in card and "3 redirects" in card
    assert f"linked from <a href=\"{site.post_url(7)}\"" in card and "/blog/deleted-post/" not in card


def test_a_crawled_redirect_to_a_page_keeps_that_page_s_own_answer(tmp_path):
    """In a crawl, /old/<post 4> is a page job that stops at post 4 (which has its own job): the 301
    was stored as post 4's answer too, replacing its 200 whenever it came last."""
    with ClinicSite(posts=8, old_link_every=10) as site:
        result = run_scan(tmp_path, site.root, "--no-intel")
    assert result.exit_code == 0, result.stderr
    links = {(r["linking_page"], r["link"]): r for r in read_csv(tmp_path / "out" / "links.csv")}
    old = links[(site.post_url(7), site.url(f"/old/{slug_of(4)}"))]
    assert (old["problem"], old["hops"], old["final_url"], old["http_status"]) == ("redirected", "1", site.post_url(4), "200")
    import sqlite3

    db = sqlite3.connect(tmp_path / "h.db")
    assert db.execute("SELECT status, hops FROM targets WHERE url=?", (site.post_url(4),)).fetchall() == [(200, 0)]


def test_a_crawl_delay_that_slows_the_scan_is_said_once_and_on_the_dashboard(tmp_path):
    import json

    with ClinicSite(posts=3, crawl_delay=0.4, old_link_every=0) as site:
        result = run_scan(tmp_path, site.root, "--no-intel")
        plain = ClinicSite(posts=3, old_link_every=0)
    assert result.exit_code == 0, result.stderr
    host = f"127.0.0.1:{site.port}"
    said = [line for line in result.stderr.splitlines() if "Crawl-delay" in line]
    assert said == [f"seoaudit: {host}: {host}'s robots.txt asks for Crawl-delay: 0.4 s: requests to it start 0.4 s apart, at most 2.5 per second"]
    notes = [r["message"] for r in map(json.loads, (tmp_path / "out" / "pages.jsonl").read_text().splitlines()) if r["type"] == "note"]
    assert any("Crawl-delay: 0.4 s" in n for n in notes)
    pace = (tmp_path / "out" / "index.html").read_text(encoding="utf-8").split('id="pace">', 1)[1].split("</p>", 1)[0]
    assert "Crawl-delay: 0.4 s" in pace and "requests per second" in pace
    rate = float(pace.split("crawled at ", 1)[1].split(" ", 1)[0])
    assert rate <= 2.5 * 1.05  # the pace reached is the one the delay allows, at most
    with plain:
        quick = run_scan(tmp_path, plain.root, "--no-intel", out="quick")
    assert "Crawl-delay" not in quick.stderr and 'id="pace"' not in (tmp_path / "quick" / "index.html").read_text(encoding="utf-8")


def test_the_pace_reason_names_the_longer_of_crawl_delay_and_delay():
    from seoaudit.scan import pace_reason

    assert pace_reason("a.example", None, 0.0, 30.0) == ""
    assert pace_reason("a.example", 60.0, 0.0, 30.0).startswith("a.example's robots.txt asks for Crawl-delay: 60 s (capped to 30 s)")
    assert pace_reason("a.example", 1.0, 2.0, 30.0).startswith("--delay 2 s for a.example: requests to it start 2 s apart")
    assert pace_reason("a.example", None, 0.5, 30.0).endswith("at most 2 per second")


def test_a_clients_run_names_the_client_on_each_stderr_line_about_its_urls(tmp_path):
    with ClinicSite(posts=2) as a, ClinicSite(posts=2) as b:
        (tmp_path / "clients.toml").write_text(f"""
output = "agency"
[[clients]]
name = "Zed Physio"
sitemaps = ["{a.url('/sitemap.txt')}"]

[[clients]]
name = "Alpha Acupuncture"
sitemaps = ["{b.url('/sitemap.txt')}", "{b.url('/gone-sitemap.xml')}"]
""")
        from click.testing import CliRunner

        from seoaudit.commands_scan import scan

        result = CliRunner().invoke(scan, ["--clients", str(tmp_path / "clients.toml"), "--db", str(tmp_path / "h.db"),
                                           "--workers", "1", "--no-progress", "--no-intel"], catch_exceptions=False)
    assert result.exit_code == 3, result.output
    [line] = [l for l in result.stderr.splitlines() if "gone-sitemap.xml" in l]
    assert line.startswith(f"seoaudit: Alpha Acupuncture: {b.url('/gone-sitemap.xml')}: ") and "404" in line


def test_a_link_to_a_redirect_that_ends_at_a_broken_page_is_broken_in_every_report(tmp_path):
    """/moved/ redirects to a 404 that has a job of its own, so the page job of /moved/ stops at it
    (stored with its own 301). links.csv followed it to the 404; the site checks (ST001, the site card),
    the dashboard's broken list and the clients' broken-link count did not, and the dashboard left it
    out of both its lists."""
    with ClinicSite(posts=4, old_link_every=0) as site:
        site.routes["/moved/"] = Response(status=301, headers=(("Location", "/blog/deleted-post/"),))
        site.routes["/linker/"] = Response(body=b"<html lang=en><head><title>Guides</title></head><body><main><h1>Guides</h1>"
                                                b"<p>Read <a href='/moved/'>the moved guide</a> first.</p></main></body></html>")
        listed = tmp_path / "urls.txt"
        listed.write_text("\n".join(site.url(p) for p in ("/linker/", "/moved/", "/blog/deleted-post/")) + "\n", encoding="utf-8")
        result = run_scan(tmp_path, str(listed), "--no-intel")
    assert result.exit_code == 3, result.stderr  # the 404 was asked for
    out, moved = tmp_path / "out", site.url("/moved/")
    [link] = [r for r in read_csv(out / "links.csv") if r["link"] == moved]
    assert (link["problem"], link["http_status"], link["hops"]) == ("broken", "404", "1")
    [st001] = [r for r in read_csv(out / "findings.csv") if r["code"] == "ST001" and r["url"] == site.url("/linker/")]
    assert st001["severity"] == "problem" and moved in st001["message"] and "HTTP 404" in st001["message"]
    html = (out / "index.html").read_text(encoding="utf-8")
    assert moved in html.split('id="broken"', 1)[1].split("</section>", 1)[0]
    assert 'id="redirected"' not in html
    from seoaudit.reports.dashboard import broken_link_count
    from seoaudit.site import stored_link_statuses
    from seoaudit.store import Store

    s = Store(tmp_path / "h.db")
    assert broken_link_count(s, 1, stored_link_statuses(s, 1)) == 1
    card = (out / {r["url"]: r for r in pages_csv(out)}[site.url("/linker/")]["scorecard"]).read_text(encoding="utf-8")
    assert moved in card and site.url("/blog/deleted-post/") in card  # the site card: the link and where it ends


def test_a_redirect_is_followed_to_its_end_in_any_order_and_a_failed_one_is_its_own_outcome(tmp_path):
    from seoaudit.site import build_site, link_fixes, stored_link_statuses
    from seoaudit.store import Store

    s = Store(tmp_path / "h.db")
    scan = s.start_scan("c", ["https://c.example/"], "0")
    url = "https://c.example/{}/".format
    links = [(url(k), f"c.example/{k}", "content", k) for k in ("a", "loop", "many")]
    s.add_page(scan, {"key": "c.example/p", "url": url("p"), "status": "ok", "score": 80.0}, links=links)
    # a -> b -> c, each stopped before a URL with its own job (a link check; a page job); c is a 404
    s.add_target(scan, "c.example/a", url("a"), 301, url("b"), 1, None, "redirect-known", False, [(url("a"), 301)])
    s.add_target(scan, "c.example/b", url("b"), 301, url("c"), 1, None, "", False, [(url("b"), 301)])
    s.add_target(scan, "c.example/c", url("c"), 404, url("c"), 0, "HTTP 404 Not Found", "http-404", True)
    # too many redirects, the last hop's URL a page of its own that answers 200: the link is still broken
    s.add_target(scan, "c.example/many", url("many"), 301, url("ok"), 11, "too many redirects (more than 10)",
                 "too-many-redirects", True, [(url("many"), 301)] * 11)
    s.add_target(scan, "c.example/ok", url("ok"), 200, url("ok"), 0, None, "", False)
    statuses = stored_link_statuses(s, scan)
    a = statuses["c.example/a"]
    assert (a.status, a.final_url, a.hops, a.broken) == (404, url("c"), 2, True)
    assert statuses["c.example/b"].broken and statuses["c.example/many"].cause == "too-many-redirects"
    assert build_site(s, scan, "c", [], True).link_status(url("a")) == a
    fixes = {href: st for _page, href, _anchor, st in link_fixes(s, scan)}
    assert fixes[url("a")] == a and fixes[url("many")].broken and fixes[url("many")].status == 301


def test_a_page_that_could_not_be_analysed_keeps_the_cause_it_was_given(tmp_path, monkeypatch):
    """parse (the page did not parse) or analysis (the worker process failed), given where the error is
    made: pages.csv's cause was read back from the error's wording."""
    import json
    from concurrent.futures import Future

    from seoaudit.api import Auditor
    from seoaudit.config import Settings
    from seoaudit.crawl import Job
    from seoaudit.models import RawPage
    from seoaudit.scan import ScanRun, analyse, init_worker

    failed: Future = Future()
    failed.set_exception(RuntimeError("worker killed"))
    lost = ScanRun._result(failed, Job("https://c.example/a/"))
    assert (lost.status, lost.cause, json.loads(lost.jsonl)["cause"]) == ("error", "analysis", "analysis")
    init_worker([(Settings(), (), (), tmp_path, False, False)], in_main=True)
    monkeypatch.setattr(Auditor, "audit_page", lambda *a, **k: 1 / 0)
    broken = analyse(0, RawPage(source="https://c.example/b/", url="https://c.example/b/", body=b"<p>x</p>"), {})
    assert (broken.status, broken.cause, json.loads(broken.jsonl)["cause"]) == ("error", "parse", "parse")
    assert broken.error.startswith("could not parse page: ZeroDivisionError")
