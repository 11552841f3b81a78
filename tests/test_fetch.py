"""fetch.py against a real HTTP server on 127.0.0.1 (tests/httpserver.py)."""

from __future__ import annotations

import socket
import time

import pytest
import requests
from httpserver import CP1252_BODY, HTML, LATIN1_BODY, LocalServer, Reply

from seoaudit import __version__
from seoaudit.fetch import USER_AGENT, Fetcher, FetchLimits, describe_failure, human_size
from seoaudit.models import Redirect

FAST = FetchLimits(connect_timeout=2, read_timeout=0.3, max_bytes=100 * 1024)


@pytest.fixture
def fetcher():
    with Fetcher(FAST) as f:
        yield f


def test_html_page_is_read_with_status_headers_and_encoding(http_server, fetcher):
    page = fetcher.fetch(http_server.url("/page"))
    assert page.ok
    assert page.status == 200
    assert page.body == HTML
    assert page.kind == "html"
    assert page.url == http_server.url("/page")
    assert page.source == http_server.url("/page")
    assert page.redirects == ()
    assert page.encoding == "utf-8"
    assert page.headers["content-type"].startswith("text/html")
    assert page.fetched_at is None


def test_user_agent_names_tool_and_version(http_server, fetcher):
    fetcher.fetch(http_server.url("/page"))
    sent = http_server.requests[-1][1]["User-Agent"]
    assert sent == USER_AGENT
    assert sent.startswith(f"seoaudit/{__version__} ")


@pytest.mark.parametrize("path,status,reason", [("/missing", 404, "Not Found"), ("/broken", 500, "Internal Server Error")])
def test_http_error_status_is_an_error_page(http_server, fetcher, path, status, reason):
    page = fetcher.fetch(http_server.url(path))
    assert not page.ok
    assert page.status == status
    assert page.error == f"HTTP {status} {reason}"
    assert page.body == b""


def test_redirect_chain_records_every_hop(http_server, fetcher):
    page = fetcher.fetch(http_server.url("/r/301"))
    assert page.ok
    assert page.url == http_server.url("/page")
    assert page.source == http_server.url("/r/301")
    assert page.redirects == (
        Redirect(http_server.url("/r/301"), 301),
        Redirect(http_server.url("/r/302"), 302),
    )
    assert page.status == 200


def test_redirect_loop_is_an_error(http_server, fetcher):
    page = fetcher.fetch(http_server.url("/loop/a"))
    assert not page.ok
    assert "loop" in page.error
    assert [r.status for r in page.redirects] == [301, 301]


def test_ten_hops_are_followed_but_eleven_are_too_many(http_server, fetcher):
    ok = fetcher.fetch(http_server.url("/hops/10"))
    assert ok.ok and len(ok.redirects) == 10 and ok.url == http_server.url("/hops/0")
    page = fetcher.fetch(http_server.url("/hops/11"))
    assert not page.ok
    assert "too many redirects" in page.error


def test_redirect_without_location_is_an_error(http_server, fetcher):
    page = fetcher.fetch(http_server.url("/r/no-location"))
    assert not page.ok and "Location" in page.error and page.status == 302


def test_slow_response_times_out(http_server, fetcher):
    page = fetcher.fetch(http_server.url("/slow"))
    assert not page.ok
    assert "timed out" in page.error


@pytest.mark.parametrize("path,ctype", [("/doc.pdf", "application/pdf"), ("/img.png", "image/png"), ("/data.json", "application/json")])
def test_non_html_content_type_is_an_error_naming_the_type(http_server, fetcher, path, ctype):
    page = fetcher.fetch(http_server.url(path))
    assert not page.ok
    assert ctype in page.error
    assert page.status == 200
    assert page.body == b""


@pytest.mark.parametrize("path, cause", [
    ("/empty", "empty response: the server sent no page"),
    ("/blank", "empty response: the server sent no page"),
    ("/nul.html", "not an HTML page: binary content served as text/html"),
])
def test_empty_or_binary_body_is_an_error_not_a_page(http_server, fetcher, path, cause):
    page = fetcher.fetch(http_server.url(path))
    assert not page.ok and page.status == 200 and page.error == cause


def test_a_page_trickled_slowly_stops_at_the_page_timeout(http_server):
    # one small chunk every 0.2 s never trips the read timeout (silence between bytes):
    # only the time for the whole page can stop it
    from seoaudit.fetch import Fetcher, FetchLimits

    http_server.add("/trickle", Reply(body=b"<p>" + b"slow words " * 40 + b"</p>", chunk=11, pause=0.2))
    started = time.monotonic()
    with Fetcher(FetchLimits(read_timeout=5, page_timeout=1.0)) as fetcher:
        page = fetcher.fetch(http_server.url("/trickle"))
    assert not page.ok and page.error.startswith("timed out: the page took more than 1 s in all")
    assert page.cause == "page-timeout"  # not "other" (pages.csv's cause), nor "timeout" (retried)
    assert time.monotonic() - started < 6  # the whole trickle takes 8 s: it was cut short, with room for a loaded machine
    http_server.add("/trickle-short", Reply(body=b"<p>" + b"slow words " * 5 + b"</p>", chunk=11, pause=0.2))
    with Fetcher(FetchLimits(read_timeout=5, page_timeout=30)) as fetcher:  # given the time, it arrives whole
        assert fetcher.fetch(http_server.url("/trickle-short")).body.count(b"slow words") == 5


def test_a_server_going_quiet_mid_body_is_a_timeout_not_a_crash(http_server):
    # headers and a first chunk, then silence longer than the read timeout
    from seoaudit.fetch import Fetcher, FetchLimits

    http_server.add("/stall", Reply(body=b"<p>" + b"x" * 100 + b"</p>", chunk=50, pause=3.0, content_length=False))
    with Fetcher(FetchLimits(read_timeout=0.5, page_timeout=30)) as fetcher:
        page = fetcher.fetch(http_server.url("/stall"))
    assert not page.ok and "timed out" in page.error


def test_missing_content_type_is_accepted_when_body_is_markup(http_server, fetcher):
    page = fetcher.fetch(http_server.url("/no-type"))
    assert page.ok and page.body == HTML


@pytest.mark.parametrize("path", ["/big", "/big-declared"])
def test_body_over_the_cap_is_an_error(http_server, fetcher, path):
    page = fetcher.fetch(http_server.url(path))
    assert not page.ok
    assert "larger than 100 KB" in page.error
    assert page.body == b""


def test_streamed_body_stops_at_the_cap_without_reading_it_all(http_server):
    # 1 MB streamed without Content-Length, cap 100 KB: the error comes from streaming
    with Fetcher(FAST) as f:
        page = f.fetch(http_server.url("/big"))
    assert "larger than" in page.error and "declared" not in page.error


def test_default_cap_is_ten_megabytes():
    assert FetchLimits().max_bytes == 10 * 1024 * 1024
    assert human_size(FetchLimits().max_bytes) == "10 MB"


def test_header_charset_wins_over_meta(http_server, fetcher):
    page = fetcher.fetch(http_server.url("/cp1252"))
    assert page.encoding == "cp1252"
    assert "\u2018Dry needling\u2019 \u2013 caf\u00e9" in page.body.decode(page.encoding)
    assert page.body == CP1252_BODY


def test_undeclared_latin1_is_detected(http_server, fetcher):
    page = fetcher.fetch(http_server.url("/latin1"))
    assert page.ok and page.encoding not in (None, "utf-8")
    assert "Physioth\u00e9rapie \u00e0 Montr\u00e9al" in page.body.decode(page.encoding)
    assert page.body == LATIN1_BODY


def test_refused_connection_is_an_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # nothing listens on the port now
    with Fetcher(FAST) as f:
        page = f.fetch(f"http://127.0.0.1:{port}/")
    assert not page.ok
    assert "refused" in page.error
    assert page.status is None


def test_tls_to_a_plain_http_server_is_a_tls_error(http_server, fetcher):
    page = fetcher.fetch(http_server.url("/page").replace("http://", "https://"))
    assert not page.ok
    assert "TLS" in page.error


def test_unsupported_scheme_is_an_error(fetcher):
    page = fetcher.fetch("ftp://127.0.0.1/file.html")
    assert not page.ok and "scheme" in page.error


def test_fetched_at_only_when_asked(http_server):
    with Fetcher(FetchLimits(record_time=True)) as f:
        page = f.fetch(http_server.url("/page"))
    assert page.fetched_at and page.fetched_at.startswith("20")


def test_dns_failure_is_named():
    # A real DNS lookup would leave 127.0.0.1, so the exception chain is built here
    # the way urllib3 builds it.
    inner = socket.gaierror(-2, "Name or service not known")
    exc = requests.exceptions.ConnectionError("Max retries exceeded")
    exc.__context__ = inner
    msg, cause = describe_failure(exc, "https://no-such-host.example/x", FAST)
    assert msg.startswith("DNS failure") and "no-such-host.example" in msg and cause == "dns"


def test_custom_route_and_error_page_keep_headers():
    with LocalServer() as server:
        server.add("/gone", Reply(status=410, headers=(("X-Test", "1"),)))
        with Fetcher(FAST) as f:
            page = f.fetch(server.url("/gone"))
    assert page.status == 410 and page.error == "HTTP 410 Gone"
    assert page.headers["x-test"] == "1"
