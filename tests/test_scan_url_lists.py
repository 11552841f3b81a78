"""``seoaudit scan urls.txt``: lists of URLs (lines without a scheme, lines that are no URL) and
what a scan of given pages, rather than of the whole site, can judge; on 127.0.0.1."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from clinicsite import ClinicSite, Response
from seoaudit.commands_scan import scan
from seoaudit.sitemaps import read_url_list
from seoaudit.urls import listed_url


def run_scan(tmp_path: Path, *args: str, out: str = "out"):
    return CliRunner().invoke(scan, [*args, "--db", str(tmp_path / "h.db"), "-o", str(tmp_path / out), "--workers", "1",
                                     "--no-progress", "--no-intel"], catch_exceptions=False)


def findings(out: Path) -> list[dict]:
    with open(out / "findings.csv", newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def audited(out: Path) -> set[str]:
    with open(out / "pages.csv", newline="", encoding="utf-8-sig") as f:
        return {r["url"] for r in csv.DictReader(f) if r["status"] == "ok"}


@pytest.mark.parametrize("line, url", [
    ("https://clinic.example/blog/x/", "https://clinic.example/blog/x/"),
    ("www.clinic.example/blog/x/", "https://www.clinic.example/blog/x/"),  # a name: https
    ("clinique-montréal.ca/blogue/", "https://clinique-montréal.ca/blogue/"),
    ("clinic.example:80/x", "http://clinic.example/x"),
    ("127.0.0.1:8103/blog/x/", "http://127.0.0.1:8103/blog/x/"),  # an address or localhost: http
    ("localhost:1313/posts/x/", "http://localhost:1313/posts/x/"),
    ("[::1]:8000/x", "http://[::1]:8000/x"),
    ("//clinic.example/x", "https://clinic.example/x"),
])
def test_a_listed_line_without_a_scheme_gets_one(line, url):
    assert listed_url(line) == (url, "")


@pytest.mark.parametrize("line", ["not a url", "url", "/blog/x/", "mailto:desk@clinic.example", "ftp://clinic.example/x",
                                  "https://", "clinic..example/x", "1.2.3/x", "clinic.example:99999/x"])
def test_a_line_that_is_no_web_url_says_why(line):
    url, why = listed_url(line)
    assert url is None and why


def test_a_url_list_names_each_bad_line_and_keeps_the_others():
    data = "\ufeff# client URLs\nhttp://a.example/1/\n\nwww.a.example/2/\nnot a url\n  /3/  \n".encode()
    urls, problems = read_url_list(data, "urls.txt")
    assert urls == ["http://a.example/1/", "https://www.a.example/2/"]
    assert [where for where, _ in problems] == ["urls.txt:5", "urls.txt:6"]
    assert problems[0][1].startswith("urls.txt:5: 'not a url': not a URL")


def test_a_scan_of_a_url_list_adds_schemes_reports_bad_lines_and_exits_3(tmp_path):
    with ClinicSite(posts=4) as site:
        host = f"127.0.0.1:{site.port}"
        urls = tmp_path / "urls.txt"
        urls.write_text(f"{site.post_url(0)}\n{host}/blog/{site.post_url(1).split('/blog/')[1]}\nnot a url\n/blog/x/\n")
        result = run_scan(tmp_path, str(urls))
    # before: the two bad lines vanished, nothing said so, exit 0 (and the scheme-less line with them)
    assert result.exit_code == 3, result.output
    assert audited(tmp_path / "out") == {site.post_url(0), site.post_url(1)}
    lines = result.stderr.splitlines()
    assert [l for l in lines if l.startswith(f"seoaudit: {urls}:")] == [
        f"seoaudit: {urls}:3: 'not a url': not a URL (it has spaces)",
        f"seoaudit: {urls}:4: '/blog/x/': a path without its site: write the whole URL (https://clinic.example/blog/x/)"]
    problems = [r for r in map(json.loads, (tmp_path / "out" / "pages.jsonl").read_text().splitlines()) if r["type"] == "problem"]
    assert [p["source"] for p in problems] == [f"{urls}:3", f"{urls}:4"]


def test_links_into_a_page_are_judged_only_when_the_scan_covers_the_site(tmp_path):
    with ClinicSite(posts=6) as site:
        # an orphan page: in the XML sitemap, linked from no other page
        site.routes["/blog/orphan/"] = Response(body=b"<html><head><title>Orphan</title></head><body><main><h1>Orphan</h1>"
                                                     b"<p>Nothing links to this post about shoulder pain.</p></main></body></html>")
        listed = [site.post_url(i) for i in range(6)] + [site.url("/blog/orphan/")]
        sitemap = tmp_path / "sitemap.xml"  # a local XML sitemap: the whole site
        sitemap.write_text('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                           + "".join(f"<url><loc>{u}</loc></url>" for u in listed) + "</urlset>")
        urls = tmp_path / "urls.txt"  # two posts the other posts link to, as a list
        urls.write_text(f"{site.post_url(0)}\n{site.post_url(3)}\n")
        whole = run_scan(tmp_path, str(sitemap), out="whole")
        some = run_scan(tmp_path, str(urls), out="some")
        pages = run_scan(tmp_path, site.post_url(0), site.post_url(3), out="pages")
    assert whole.exit_code == some.exit_code == pages.exit_code == 0, (whole.output, some.output, pages.output)
    st006 = lambda out: {f["url"]: f["status"] for f in findings(tmp_path / out) if f["code"] == "ST006"}
    assert st006("whole") == {site.url("/blog/orphan/"): "bad"}
    # given pages only: links in from the rest of the site are not known, so ST006 does not judge
    # (before, both posts of the list were "bad: no other page links to it")
    assert st006("some") == st006("pages") == {}
    for out, (page,) in (("some", [site.post_url(0)]), ("pages", [site.post_url(3)])):
        records = [json.loads(l) for l in (tmp_path / out / "pages.jsonl").read_text().splitlines()]
        assert not any(r["type"] == "finding" and r["code"] in ("ST006", "ST007") for r in records)
        assert page in audited(tmp_path / out)
