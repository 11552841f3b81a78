"""Scan scorecards: change since the previous scan of the page, and the "Site findings" card."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from click.testing import CliRunner

from clinicsite import ClinicSite, Response, slug_of
from seoaudit.commands_scan import scan
from seoaudit.models import AuditReport, PageReport
from seoaudit.reports import RenderContext
from seoaudit.reports.html import SITE_SLOT_END, SITE_SLOT_START, PreviousScores, fmt_delta, render_page
from seoaudit.reports.site_card import INTEL_SLOT_START, fill_site_slot

POSTS = 12
CHANGE = re.compile(r'id="score-change"><span class="delta (\w+)">([^<]+)</span>')


def run_scan(tmp_path, *targets, out="out"):
    result = CliRunner().invoke(scan, [*targets, "--db", str(tmp_path / "h.db"), "-o", str(tmp_path / out), "--workers", "1",
                                       "--no-progress", "--site", "clinic"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return tmp_path / out


def rows(out: Path) -> dict[str, dict]:
    with open(out / "pages.csv", newline="", encoding="utf-8-sig") as f:
        return {r["url"]: r for r in csv.DictReader(f)}


def scorecard(out: Path, row: dict) -> str:
    return (out / row["scorecard"]).read_text(encoding="utf-8")


def site_card(html: str) -> str:
    """The site-findings card in the slot (without the site-intelligence card that follows it)."""
    slot = html[html.index(SITE_SLOT_START) + len(SITE_SLOT_START): html.index(SITE_SLOT_END)]
    return slot.split(INTEL_SLOT_START, 1)[0]


# ---- change since the previous scan ---------------------------------------------------------------


def test_scorecards_show_the_change_since_the_previous_scan(tmp_path):
    with ClinicSite(posts=POSTS) as site:
        first = run_scan(tmp_path, site.url("/sitemap.txt"), out="first")
        short = b"<html><head><title>Knee pain</title></head><body><h1>Knee pain</h1><p>Short.</p></body></html>"
        site.routes[f"/blog/{slug_of(1)}/"] = Response(body=short)
        second = run_scan(tmp_path, site.url("/sitemap.txt"), out="second")
    before, after = rows(first), rows(second)
    assert CHANGE.search(scorecard(first, before[site.post_url(1)])) is None  # nothing to compare with yet
    worse = CHANGE.search(scorecard(second, after[site.post_url(1)]))
    expected = round(float(after[site.post_url(1)]["score"]) - float(before[site.post_url(1)]["score"]))
    assert expected < 0 and worse.group(1) == "down" and int(worse.group(2)) == expected
    same = CHANGE.search(scorecard(second, after[site.post_url(0)]))
    assert same.group(1) == "same" and same.group(2) == "±0"
    cats = {cat: cls for cls, cat in re.findall(r'class="delta (\w+)" data-cat="(\w+)"', scorecard(second, after[site.post_url(1)]))}
    assert len(cats) >= 4 and "down" in cats.values()  # per-category changes, some of them down


def page(score=80.0) -> PageReport:
    return PageReport(source="https://c.example/a/", url="https://c.example/a/", status="ok", score=score,
                      categories={"basics": 70.0, "links": 90.0}, title="Back pain")


def test_previous_is_optional_and_output_deterministic():
    report = AuditReport(pages=(page(),), tool_version="0")
    plain = render_page(page(), report, RenderContext())
    assert "score-change" not in plain and SITE_SLOT_START not in plain  # `seoaudit audit` scorecards unchanged
    prev = PreviousScores(score=72.4, categories={"basics": 75.0, "links": None}, scan_number=3, when="2025-04-01")
    one = render_page(page(), report, RenderContext(), previous=prev)
    assert one == render_page(page(), report, RenderContext(), previous=prev)
    assert CHANGE.search(one).groups() == ("up", "+8")
    assert re.findall(r'class="delta (\w+)" data-cat="(\w+)">([^<]+)<', one) == [("down", "basics", "-5")]
    assert [fmt_delta(d) for d in (None, 0.4, -0.6, 12.5)] == ["", "±0", "-1", "+12"]


# ---- site findings on scorecards -----------------------------------------------------------


def test_site_findings_card_on_affected_scorecards(tmp_path):
    with ClinicSite(posts=POSTS) as site:
        for n in (3, 2, 1):  # /hop/3/ -> /hop/2/ -> /hop/1/ -> post 5: three redirects
            site.routes[f"/hop/{n}/"] = Response(status=301, headers=(("Location", f"/hop/{n - 1}/" if n > 1 else f"/blog/{slug_of(5)}/"),))
        site.routes["/links/"] = Response(body=(
            "<html><head><title>Clinic links</title></head><body><main><h1>Links</h1>"
            "<p>Read more: <a href='/hop/3/'>chained post</a> and <a href='/gone/'>&lt;img src=x onerror=alert(1)&gt;</a>.</p>"
            "</main></body></html>").encode())
        out = run_scan(tmp_path, site.url("/sitemap.txt"), site.url("/links/"))
    pages = rows(out)

    links_card = site_card(scorecard(out, pages[site.url("/links/")]))
    assert 'id="site-ST001"' in links_card
    gone = re.search(r'<li class="ev ev-link" data-status="404">(.*?)</li>\s*(?=<li class="ev|</ul>)', links_card, re.S)
    assert gone and site.url("/gone/") in gone.group(1)
    assert "<img" not in links_card and "&lt;img src=x" in links_card  # anchor text from the page stays text
    chain = re.search(r'<ol class="chain">(.*?)</ol>', links_card, re.S).group(1)
    hops = re.findall(r'<li>(\d+) <a[^>]*href="([^"]+)"', chain)
    assert hops == [("301", site.url("/hop/3/")), ("301", site.url("/hop/2/")), ("301", site.url("/hop/1/")),
                    ("200", site.post_url(5))]

    # posts 1 and 2 share a title: each card links the other's scorecard
    one, two = pages[site.post_url(1)], pages[site.post_url(2)]
    card = site_card(scorecard(out, one))
    assert 'id="site-ST002"' in card and f'href="{Path(two["scorecard"]).name}"' in card
    assert (out / two["scorecard"]).is_file()

    # post 3 links the deleted post; its streamed score stands (the gauge shows the CSV score)
    three = scorecard(out, pages[site.post_url(3)])
    assert 'data-status="404"' in site_card(three)
    gauge = re.search(r'id="overall-gauge".*?<text[^>]*>(\d+)</text>', three, re.S).group(1)
    # the CSV keeps one decimal (88.5 may be 88.53, shown as 89): equal up to that rounding
    assert abs(int(gauge) - float(pages[site.post_url(3)]["score"])) <= 0.55

    # post 5: no site check found anything on it; its card has only what it shares with most posts
    # (the generated posts name no author: TR001, the same on every post)
    five = site_card(scorecard(out, pages[site.post_url(5)]))
    assert 'id="site-ST' not in five and 'data-code="TR001"' in five.split('id="site-wide"', 1)[1]


def test_filling_the_slot_twice_keeps_one_card(tmp_path):
    path = tmp_path / "card.html"
    path.write_text(f"<p>before</p>{SITE_SLOT_START}{SITE_SLOT_END}<p>after</p>", encoding="utf-8")
    assert fill_site_slot(path, "<section>one</section>")
    assert fill_site_slot(path, "<section>two</section>")
    assert path.read_text(encoding="utf-8") == f"<p>before</p>{SITE_SLOT_START}<section>two</section>{SITE_SLOT_END}<p>after</p>"
    plain = tmp_path / "plain.html"
    plain.write_text("<p>no slot</p>", encoding="utf-8")
    assert not fill_site_slot(plain, "<section>x</section>")
