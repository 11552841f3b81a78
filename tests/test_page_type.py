"""Home pages and blog listings are told from posts (page_type.py), and only posts make a
site's score: a crawl reaches /, /blog/ and /blog/page/2/, which post checks are not for."""

from __future__ import annotations

import json
import sqlite3

import pytest

from seoaudit.document import build_document
from seoaudit.models import PageReport, RawPage
from seoaudit.page_type import page_type
from seoaudit.scoring import site_score_of

POST_BODY = "<article><h1>Acupuncture for back pain</h1><p>" + "Acupuncture may ease back pain for some people. " * 20 + "</p></article>"
TEASERS = "<main><h1>Blog</h1>" + "".join(
    f"<article><h2><a href='/blog/post-{i}/'>Acupuncture for back pain, part {i}</a></h2></article>" for i in range(8)) + "</main>"


def doc(url: str, body: str, head: str = ""):
    html = f"<html lang='en'><head><title>t</title>{head}</head><body>{body}</body></html>"
    return build_document(RawPage(source=url, url=url, body=html.encode()))


def ld(kind: str) -> str:
    return f'<script type="application/ld+json">{json.dumps({"@context": "https://schema.org", "@type": kind})}</script>'


@pytest.mark.parametrize("url,body,head,expected", [
    ("https://clinic.example/", POST_BODY, "", "home"),
    ("https://clinic.example/fr/", POST_BODY, "", "home"),
    ("https://clinic.example/blog/", POST_BODY, "", "listing"),
    ("https://clinic.example/blog/page/2/", POST_BODY, "", "listing"),
    ("https://clinic.example/tag/sciatica/", POST_BODY, "", "listing"),
    ("https://clinic.example/2024/03/", POST_BODY, "", "listing"),
    ("https://clinic.example/acupuncture-articles/", POST_BODY, ld("CollectionPage"), "listing"),
    ("https://clinic.example/acupuncture-articles/", TEASERS, "", "listing"),  # mostly links to other pages
    ("https://clinic.example/blog/acupuncture-back-pain/", POST_BODY, "", "post"),
    ("https://clinic.example/contact/", POST_BODY, "", "page"),
    ("https://clinic.example/services/acupuncture/", POST_BODY, "", "page"),
    ("https://clinic.example/acupuncture-for-contact-sports/", POST_BODY, "", "post"),
    ("https://clinic.example/", POST_BODY, ld("BlogPosting"), "post"),  # the page says it is an article
    # og:type article is on every page of a Yoast site: the path wins over it
    ("https://clinic.example/blog/", POST_BODY, "<meta property='og:type' content='article'>", "listing"),
    ("https://clinic.example/about-us/", POST_BODY, "<meta property='og:type' content='article'>", "page"),
    ("https://clinic.example/services/acupuncture/", POST_BODY, ld("MedicalWebPage"), "page"),
    ("https://clinic.example/faq/", POST_BODY, ld("FAQPage"), "page"),
    ("https://clinic.example/new-patients/", POST_BODY, "", "page"),
    ("https://clinic.example/acupuncture-faq/", POST_BODY, ld("FAQPage"), "post"),  # not a site page's path
    ("https://clinic.example/services/acupuncture/", POST_BODY, ld("BlogPosting"), "post"),  # plugins mark only posts so
    ("https://clinic.example/slow/", "<main><p>Please wait.</p></main>", "", "page"),  # two words, no date
    ("https://clinic.example/blog/closed-monday/", "<main><p>Closed on Monday.</p></main>", "", "post"),  # in the blog
    ("https://clinic.example/blog/short-note/", "<main><p>Closed on Monday.</p></main>",
     "<meta property='og:type' content='article'>", "post"),
    ("file:///repo/content/index.html", TEASERS, "", "post"),  # local files are posts
])
def test_page_type(url, body, head, expected):
    assert page_type(doc(url, body, head)) == expected


def test_the_181_real_articles_are_posts():
    from pathlib import Path
    import gzip

    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real_pages"
    if not (corpus / "manifest.jsonl").exists():
        pytest.skip(f"corpus not found at {corpus}")
    rows = [json.loads(line) for line in (corpus / "manifest.jsonl").read_text().splitlines() if line.strip()]
    kinds = {r["url"]: page_type(build_document(RawPage(source=r["url"], url=r["url"], body=gzip.decompress((corpus / r["html"]).read_bytes()))))
             for r in rows}
    assert set(kinds.values()) == {"post"}


def _page(score, kind):
    return PageReport(source="x", url="x", status="ok", score=score, stats={"page_type": kind})


def test_the_site_score_is_the_posts():
    assert site_score_of([_page(90, "post"), _page(80, "post"), _page(40, "listing"), _page(50, "home")]) == 85
    assert site_score_of([_page(40, "listing"), _page(50, "home")]) == 45  # no post: what there is


def test_a_scan_types_its_pages_and_scores_the_posts(tmp_path):
    from test_scan_cli import pages_csv, run_scan
    from clinicsite import ClinicSite

    with ClinicSite(posts=25) as site:
        result = run_scan(tmp_path, site.root)
    assert result.exit_code == 0, result.output
    assert "audited (25 posts; home, listing and site pages are not in the score)" in result.output
    rows = [r for r in pages_csv(tmp_path / "out") if r["status"] == "ok"]
    kinds = {r["url"].split("/", 3)[-1]: r["page_type"] for r in rows}
    assert kinds[""] == "home" and kinds["blog/"] == "listing" and kinds["blog/page/2/"] == "listing"
    assert kinds["contact/"] == "page"
    posts = [float(r["score"]) for r in rows if r["page_type"] == "post"]
    assert len(posts) == 25
    db = sqlite3.connect(tmp_path / "h.db")
    (score,) = db.execute("SELECT score FROM scans ORDER BY id DESC LIMIT 1").fetchone()
    assert score == pytest.approx(sum(posts) / len(posts), abs=0.05)  # pages.csv rounds to one decimal
    assert score > sum(float(r["score"]) for r in rows) / len(rows)  # the listings would have pulled it down
    dashboard = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "home, listing or site pages left out of the score" in dashboard
    assert dashboard.count("(listing, not in the score)") == 2 and "(home, not in the score)" in dashboard


def test_post_checks_are_not_applicable_on_other_pages():
    from seoaudit.api import Auditor
    from seoaudit.config import Settings

    auditor = Auditor(Settings(select=("LK001", "RD006", "CV003", "LB004", "BA001", "RD001")))
    listing = RawPage(source="x", url="https://clinic.example/blog/page/2/",
                      body=f"<html lang='en'><head><title>Blog, page 2</title></head><body>{POST_BODY}</body></html>".encode())
    by = {c.code: c for c in auditor.audit_raw(listing).checks}
    for code in ("LK001", "RD006", "CV003", "LB004"):  # written for posts (LB004: "The post's Article markup")
        assert by[code].status == "na" and "a listing of posts" in by[code].message
    assert by["BA001"].status != "na" and by["RD001"].status != "na"  # basics and readability apply to any page
    post = RawPage(source="x", url="https://clinic.example/blog/acupuncture/", body=listing.body)
    as_post = {c.code: c.status for c in auditor.audit_raw(post).checks}
    assert as_post["LK001"] == "bad" and as_post["LB004"] == "ok"  # the same page as a post (no Article markup)


def test_explain_says_which_checks_are_for_posts_only():
    from click.testing import CliRunner
    from seoaudit.cli import cli

    assert "Applies to: posts only" in CliRunner().invoke(cli, ["explain", "LK001"]).output
    assert "Applies to" not in CliRunner().invoke(cli, ["explain", "BA001"]).output


def test_intel_leaves_listings_out(tmp_path):
    from click.testing import CliRunner
    from clinicsite import ClinicSite
    from seoaudit.commands_intel import intel

    with ClinicSite(posts=6) as site:
        urls = [site.post_url(i) for i in range(3)] + [site.url("/blog/")]
        r = CliRunner().invoke(intel, [*urls, "-f", "json", "-o", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert sorted(p["url"] for p in data["pages"]) == sorted(urls[:3])
