"""Crawler engine against real servers on 127.0.0.1: robots, per-host limits, retries, causes."""

from __future__ import annotations

import socket
import time

import pytest

from clinicsite import ClinicSite, Response
from seoaudit.crawl import CrawlPolicy, Crawler, Job, LinkStatus, check_link, retry_after_seconds, retry_wait
from seoaudit.fetch import FetchLimits, new_session
from seoaudit.robots import parse_robots, robots_for_status
from seoaudit.urls import in_scope, normalise_url, url_key

FAST = FetchLimits(connect_timeout=2, read_timeout=2)


def run(crawler: Crawler, timeout: float = 20.0) -> list:
    out, end = [], time.monotonic() + timeout
    while not crawler.idle and time.monotonic() < end:
        out += crawler.poll(0.2)
    assert crawler.idle, "crawler did not finish"
    return out


@pytest.fixture
def crawler_factory():
    made = []

    def make(**kw):
        kw.setdefault("limits", FAST)
        c = Crawler(CrawlPolicy(**kw))
        made.append(c)
        return c

    yield make
    for c in made:
        c.close()


# ---- URL normalisation ------------------------------------------------------------


@pytest.mark.parametrize("raw,base,expected", [
    ("HTTP://Clinic.Example:80/Blog/#top", None, "http://clinic.example/Blog/"),
    ("https://clinic.example:443", None, "https://clinic.example/"),
    ("https://clinic.example:8443/a", None, "https://clinic.example:8443/a"),
    ("../other-post/", "https://c.example/blog/post/", "https://c.example/blog/other-post/"),
    ("./a/../b", "https://c.example/x/", "https://c.example/x/b"),
    ("/caf%c3%a9?q=%7e", "https://c.example/", "https://c.example/caf%C3%A9?q=~"),
    ("mailto:front@c.example", "https://c.example/", None),
    ("javascript:alert(1)", "https://c.example/", None),
    ("http://[::1]:99999/", None, None),
])
def test_normalise_url(raw, base, expected):
    assert normalise_url(raw, base) == expected


def test_url_key_ignores_trailing_slash_www_and_scheme():
    assert url_key("https://www.c.example/blog/post/") == url_key("http://c.example/blog/post")
    assert url_key("https://c.example/a?x=1") != url_key("https://c.example/a?x=2")


def test_include_exclude_globs():
    assert in_scope("https://c.example/blog/a/", include=("/blog/*",))
    assert not in_scope("https://c.example/tag/a/", include=("/blog/*",))
    assert not in_scope("https://c.example/blog/a/", exclude=("*/blog/a/",))


# ---- robots.txt ---------------------------------------------------------------------


def test_robots_rules_and_crawl_delay_parse():
    r = parse_robots("http://h/robots.txt", b"User-agent: *\nDisallow: /private/\nCrawl-delay: 2\nSitemap: http://h/s.xml\n", "seoaudit/1.0")
    assert not r.allowed("http://h/private/x") and r.allowed("http://h/blog/")
    assert r.crawl_delay == 2.0 and r.sitemaps == ("http://h/s.xml",)


def test_robots_agent_specific_group_wins():
    body = b"User-agent: seoaudit\nDisallow: /blog/\n\nUser-agent: *\nDisallow:\n"
    r = parse_robots("http://h/robots.txt", body, "seoaudit/1.0 (+x)")
    assert not r.allowed("http://h/blog/a")


def test_garbage_robots_allows_all_with_a_note():
    r = parse_robots("http://h/robots.txt", b"\x00\xff<html><body>Welcome!</body></html>" * 50, "seoaudit")
    assert r.allowed("http://h/anything") and r.note


@pytest.mark.parametrize("status,allowed", [(404, True), (410, True), (500, False), (503, False), (None, False)])
def test_robots_fetch_outcomes_follow_rfc9309(status, allowed):
    r = robots_for_status("http://h/robots.txt", status, b"", None if status else "connection refused by h", "seoaudit")
    assert r.allowed("http://h/page") is allowed


def test_disallowed_page_is_skipped_not_fetched(crawler_factory):
    with ClinicSite(posts=3) as site:
        c = crawler_factory()
        c.add(Job(site.url("/private/secret/")))
        c.add(Job(site.post_url(0)))
        done = run(c)
        by_url = {d.job.url: d for d in done}
        assert by_url[site.url("/private/secret/")].skipped
        assert by_url[site.post_url(0)].page.ok
        assert "/private/secret/" not in site.paths_requested()
        assert site.paths_requested()[0] == "/robots.txt"


def test_garbage_robots_txt_is_noted_and_crawl_continues(crawler_factory):
    with ClinicSite(posts=2, robots=b"<html>oops</html>") as site:
        c = crawler_factory()
        c.add(Job(site.url("/private/secret/")))
        done = run(c)
        assert done[0].page.ok and c.notes


def test_robots_503_disallows_the_host(crawler_factory):
    with ClinicSite(posts=2) as site:
        site.routes["/robots.txt"] = Response(status=500, body=b"down")
        c = crawler_factory(retries=0)
        c.add(Job(site.post_url(0)))
        done = run(c)
        assert done[0].skipped and site.paths_requested() == ["/robots.txt"]


def test_crawl_delay_spaces_requests(crawler_factory):
    with ClinicSite(posts=4, crawl_delay=0.3) as site:
        c = crawler_factory()
        for i in range(4):
            c.add(Job(site.post_url(i)))
        run(c)
        starts = [t for t, p in site.log if p.startswith("/blog/")]
        gaps = [b - a for a, b in zip(starts, starts[1:])]
        assert len(starts) == 4 and min(gaps) >= 0.25


# ---- concurrency limits ------------------------------------------------------------------


def test_per_host_limit_holds_on_each_of_two_hosts(crawler_factory):
    with ClinicSite(posts=16, latency=0.05) as a, ClinicSite(posts=16, latency=0.05) as b:
        c = crawler_factory(per_host=3, global_limit=16)
        for i in range(16):
            c.add(Job(a.post_url(i)))
            c.add(Job(b.post_url(i)))
        done = run(c)
        assert len(done) == 32 and all(d.page.ok for d in done)
        assert a.max_in_flight == 3 and b.max_in_flight == 3  # both hosts served in parallel, neither beyond 3


def test_global_limit_caps_all_hosts(crawler_factory):
    with ClinicSite(posts=8, latency=0.05) as a, ClinicSite(posts=8, latency=0.05) as b:
        c = crawler_factory(per_host=4, global_limit=2)
        for i in range(8):
            c.add(Job(a.post_url(i)))
            c.add(Job(b.post_url(i)))
        run(c)
        assert a.max_in_flight + b.max_in_flight <= 4  # each can have peaked at 2, never more in total at once
        assert max(a.max_in_flight, b.max_in_flight) <= 2


# ---- retries -------------------------------------------------------------------------


def flaky(status: int, failures: int, retry_after: str | None = "0"):
    calls = {"n": 0}

    def route(handler):
        calls["n"] += 1
        if calls["n"] <= failures:
            headers = (("Retry-After", retry_after),) if retry_after is not None else ()
            return Response(status=status, body=b"busy", headers=headers)
        return Response(body=b"<html><head><title>ok</title></head><body><p>fine</p></body></html>")

    return route, calls


@pytest.mark.parametrize("status", [429, 503])
def test_429_and_503_are_retried_honouring_retry_after(crawler_factory, status):
    with ClinicSite(posts=1) as site:
        route, calls = flaky(status, 2)
        site.routes["/busy"] = route
        c = crawler_factory(retries=2, backoff=0.01)
        c.add(Job(site.url("/busy")))
        (done,) = run(c)
        assert done.page.ok and done.attempts == 3 and calls["n"] == 3


def test_retry_after_longer_than_the_cap_is_not_waited_for(crawler_factory):
    with ClinicSite(posts=1) as site:
        route, calls = flaky(503, 5, retry_after="3600")
        site.routes["/busy"] = route
        c = crawler_factory(retries=3, max_retry_wait=5)
        c.add(Job(site.url("/busy")))
        (done,) = run(c)
        assert not done.page.ok and calls["n"] == 1 and done.page.cause == "http-503"


def test_404_is_not_retried(crawler_factory):
    with ClinicSite(posts=1) as site:
        c = crawler_factory(retries=3, backoff=0.01)
        c.add(Job(site.url("/nope/")))
        (done,) = run(c)
        assert done.attempts == 1 and done.page.cause == "http-404"


def test_refused_connection_is_retried_then_reported(crawler_factory):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens here now
    c = crawler_factory(retries=2, backoff=0.01, respect_robots=False)
    c.add(Job(f"http://127.0.0.1:{port}/x"))
    (done,) = run(c)
    assert done.attempts == 3 and done.page.cause == "refused"


def test_retry_after_parsing():
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480.0) == 0.0
    assert retry_after_seconds("soon") is None
    policy = CrawlPolicy(retries=1)
    assert retry_wait(None, "dns", {}, 1, policy) is None  # DNS failures do not heal in a second
    assert retry_wait(None, "timeout", {}, 2, policy) is None  # out of retries


# ---- link targets --------------------------------------------------------------------------


def test_check_link_statuses_and_chains():
    with ClinicSite(posts=3) as site:
        site.routes["/a"] = Response(status=301, headers=(("Location", "/b"),))
        site.routes["/b"] = Response(status=302, headers=(("Location", "/c"),))
        site.routes["/c"] = Response(status=301, headers=(("Location", site.post_url(0)),))
        site.routes["/loop1"] = Response(status=301, headers=(("Location", "/loop2"),))
        site.routes["/loop2"] = Response(status=301, headers=(("Location", "/loop1"),))
        session = new_session()
        chain = check_link(session, site.url("/a"), FAST)
        assert chain.status == 200 and chain.hops == 3 and chain.final_url == site.post_url(0) and not chain.broken
        loop = check_link(session, site.url("/loop1"), FAST)
        assert loop.cause == "redirect-loop" and loop.broken
        missing = check_link(session, site.url("/blog/deleted-post/"), FAST)
        assert missing.status == 404 and missing.broken and missing.cause == "http-404"


def test_fetched_page_doubles_as_link_status(crawler_factory):
    with ClinicSite(posts=2) as site:
        site.routes["/doc.pdf"] = Response(body=b"%PDF", content_type="application/pdf")
        c = crawler_factory()
        c.add(Job(site.url("/doc.pdf")))
        (done,) = run(c)
        assert not done.page.ok
        assert not LinkStatus.from_page(done.page).broken  # a PDF is a working link, not an auditable page


@pytest.mark.parametrize("route,cause", [
    (Response(status=500, body=b"x"), "http-500"),
    (Response(body=b"{}", content_type="application/json"), "non-html"),
    (Response(body=b"<p>" + b"x" * 300_000 + b"</p>"), "too-large"),
    (Response(status=301, headers=(("Location", "/t"),)), "redirect-loop"),
])
def test_each_failure_has_a_cause(crawler_factory, route, cause):
    with ClinicSite(posts=1) as site:
        site.routes["/t"] = route
        c = crawler_factory(limits=FetchLimits(connect_timeout=2, read_timeout=2, max_bytes=100_000), retries=0)
        c.add(Job(site.url("/t")))
        (done,) = run(c)
        assert done.page.cause == cause


def test_a_page_not_whole_within_the_page_timeout_is_not_retried(crawler_factory):
    # a server trickling a page would trickle it again: three tries held a scan three page timeouts
    from httpserver import LocalServer, Reply

    with LocalServer({"/t": Reply(body=b"<p>" + b"slow words " * 40 + b"</p>", chunk=11, pause=0.2)}) as server:
        c = crawler_factory(limits=FetchLimits(read_timeout=5, page_timeout=0.5), retries=2, backoff=0.01, respect_robots=False)
        c.add(Job(server.url("/t")))
        (done,) = run(c)
    assert (done.page.cause, done.attempts) == ("page-timeout", 1)


def test_read_timeout_cause(crawler_factory):
    with ClinicSite(posts=1) as site:
        site.routes["/slow"] = Response(body=b"<p>late</p>", delay=1.0)
        c = crawler_factory(limits=FetchLimits(connect_timeout=1, read_timeout=0.3), retries=0)
        c.add(Job(site.url("/slow")))
        (done,) = run(c)
        assert done.page.cause == "timeout"


def test_a_finished_request_starts_the_next_while_the_caller_is_busy(crawler_factory):
    with ClinicSite(posts=12, latency=0.05) as site:
        c = crawler_factory(per_host=2, global_limit=16, respect_robots=False)
        for i in range(12):
            c.add(Job(site.post_url(i)))
        c.poll(0)  # starts two; then the caller is busy elsewhere
        time.sleep(0.4)
        started_while_busy = len(site.log)
        results = run(c)
        assert site.max_in_flight <= 2
    assert started_while_busy >= 6  # ~8 request slots of 50 ms fit in 0.4 s at 2 per host
    assert len(results) == 12


def test_collect_only_poll_pauses_new_requests(crawler_factory):
    with ClinicSite(posts=12, latency=0.05) as site:
        c = crawler_factory(per_host=2, global_limit=16, respect_robots=False)
        for i in range(12):
            c.add(Job(site.post_url(i)))
        c.poll(0)
        c.poll(0, dispatch=False)  # back-pressure: the caller cannot take more results yet
        time.sleep(0.3)
        paused = len(site.log)
        results = run(c)
    assert paused == 2
    assert len(results) == 12


def test_a_trickled_robots_txt_or_sitemap_stops_at_the_page_timeout():
    # robots.txt served a byte at a time never trips the read timeout; the whole download is bounded
    from httpserver import LocalServer, Reply

    from seoaudit.crawl import fetch_text

    with LocalServer({"/robots.txt": Reply(body=b"User-agent: *\nAllow: /\n" * 20, chunk=4, pause=0.2,
                                           headers=(("Content-Type", "text/plain"),))}) as server:
        started = time.monotonic()
        status, body, error, cause = fetch_text(new_session(), server.url("/robots.txt"), FetchLimits(read_timeout=5, page_timeout=1), 10**6)
    assert status is None and body == b"" and error.endswith("timed out: more than 1 s in all") and cause == "page-timeout"
    assert time.monotonic() - started < 6  # the whole trickle takes 8 s: it was cut short, with room for a loaded machine


def test_a_site_that_does_not_answer_is_unreachable_not_disallowed():
    from seoaudit.robots import robots_for_status

    down = robots_for_status("http://127.0.0.1:9/robots.txt", None, b"", "connection refused", "seoaudit")
    assert down.disallow_all and down.note.startswith("the site is unreachable (connection refused)")
    broken = robots_for_status("http://x.example/robots.txt", 503, b"", None, "seoaudit")
    assert broken.note.startswith("robots.txt could not be read (HTTP 503)")
