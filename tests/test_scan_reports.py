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
