"""Site checks: broken link targets, duplicates, inlinks, orphans; na without a site."""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest
from click.testing import CliRunner

from clinicsite import ClinicSite, Response
from seoaudit.checks.site_links import CHECKS, broken_link_targets, duplicate_title, no_internal_links_in, sitemap_orphan
from seoaudit.commands_scan import scan
from seoaudit.crawl import LinkStatus
from seoaudit.models import Link, Redirect
from seoaudit.registry import CheckContext
from seoaudit.runner import run_check
from seoaudit.site import PageFacts, Site


@pytest.fixture(scope="module")
def findings(tmp_path_factory):
    """Site findings of one crawl of a 20-post clinic blog: {code: {url: status}}."""
    tmp = tmp_path_factory.mktemp("site")
    with ClinicSite(posts=20) as site:
        site.routes["/orphan/"] = Response(body=b"<html><head><title>Orphan</title><meta property='og:type' content='article'></head><body><p>Nobody links here.</p></body></html>")
        site.routes["/sitemap-extra.txt"] = Response(body=(site.url("/orphan/") + "\n").encode(), content_type="text/plain")
        site.robots = (f"User-agent: *\nDisallow: /private/\nSitemap: {site.url('/sitemap_index.xml')}\n"
                       f"Sitemap: {site.url('/sitemap-extra.txt')}\n").encode()
        result = CliRunner().invoke(scan, [site.root, "--db", str(tmp / "h.db"), "-o", str(tmp / "out"), "--workers", "1",
                                           "--no-progress"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        by_code: dict[str, dict[str, str]] = defaultdict(dict)
        with open(tmp / "out" / "findings.csv", newline="", encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                if row["scope"] == "site":
                    by_code[row["code"]][row["url"]] = row["status"]
        yield site, by_code


def test_broken_link_target_is_a_finding_on_every_page_linking_it(findings):
    site, by_code = findings
    assert set(by_code["ST001"]) == {site.post_url(i) for i in (3, 13)}  # posts i % 10 == 3 link /blog/deleted-post/
    assert set(by_code["ST001"].values()) == {"bad"}


def test_redirected_link_to_a_live_page_is_not_broken(findings):
    site, by_code = findings
    assert site.post_url(7) not in by_code["ST001"]  # links /old/... which 301s to a live post


def test_duplicate_titles_descriptions_h1_and_content(findings):
    site, by_code = findings
    assert set(by_code["ST002"]) == {site.post_url(i) for i in (0, 1, 2, 4)}  # 1~2 by title, 0~4 exact copy
    assert set(by_code["ST003"]) == {site.post_url(0), site.post_url(4)}
    assert set(by_code["ST004"]) == {site.post_url(0), site.post_url(4)}
    assert set(by_code["ST005"]) == {site.post_url(0), site.post_url(4)}


def test_orphans_and_pages_missing_from_the_sitemap(findings):
    site, by_code = findings
    assert by_code["ST007"][site.url("/orphan/")] == "bad"  # listed, never linked
    assert by_code["ST007"][site.url("/contact/")] == "ok"  # linked, not listed
    assert site.post_url(5) not in by_code["ST007"]
    assert by_code["ST006"][site.url("/orphan/")] == "bad"  # nothing links to it from content
    # the home page and site pages are linked from menus, which ST006 does not count: not judged
    assert by_code["ST006"].get(site.url("/contact/"), "na") == "na" and by_code["ST006"].get(site.root, "na") == "na"


def page(url="https://c.example/a/", title="Back pain in Edmonton", links=()):
    return PageFacts(url=url, title=title, links=tuple(links))


def test_every_site_check_is_na_without_a_site():
    for func in CHECKS:
        assert run_check(func.spec, page(), func.spec.default_options(), CheckContext()).status == "na"


def test_broken_and_long_chain_verdicts():
    site = Site()
    site.link_statuses["c.example/dead"] = LinkStatus("https://c.example/dead", 404, "https://c.example/dead", error="HTTP 404", cause="http-404")
    hops = tuple(Redirect(url=f"https://c.example/r{i}", status=301) for i in range(3))
    site.link_statuses["c.example/chain"] = LinkStatus("https://c.example/chain", 200, "https://c.example/z", hops)
    ctx = CheckContext(site=site)
    opts = broken_link_targets.spec.default_options()
    link = lambda href: Link(href=href, raw_href=href, text="Read more", internal=True, context="related")
    assert broken_link_targets(page(links=[link("https://c.example/dead")]), opts, ctx).status == "bad"
    chain = broken_link_targets(page(links=[link("https://c.example/chain")]), opts, ctx)
    assert chain.status == "ok" and chain.value["long_chains"] == 1


def test_duplicate_title_ignores_case_and_spacing():
    site = Site()
    site.add_page(page("https://c.example/a/", "Back  pain in Edmonton"))
    site.add_page(page("https://c.example/b/", "back pain in edmonton"))
    out = duplicate_title(page("https://c.example/a/", "Back  pain in Edmonton"), None, CheckContext(site=site))
    assert out.status == "bad" and out.value == 1


def test_start_pages_are_not_orphans():
    site = Site(start_keys={"c.example/"}, sitemap_keys={"c.example/"}, crawled=True)
    assert no_internal_links_in(page("https://c.example/"), None, CheckContext(site=site)).status == "na"
    assert sitemap_orphan(page("https://c.example/"), None, CheckContext(site=site)).status == "na"
