"""`seoaudit audit URL` requests the page's internal link targets (link_check.py): ST001 for one URL.

Real HTTP servers on 127.0.0.1 (tests/httpserver.py), nothing mocked: a post whose Related
links answer 200, 404, 500, a chain of 3 redirects, a loop, too slowly, not at all (a port
nothing listens on), robots.txt's refusal, and one external link that is never requested.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from httpserver import LocalServer, Reply, html_reply
from seoaudit.checks.site_links import NO_LINK_CHECK, NOT_WHOLE_SITE, ONE_PAGE
from seoaudit.cli import cli
from test_cli import NO_NETWORK

ROOT = Path(__file__).resolve().parents[1]
TEXT = "<p>" + "Acupuncture can ease back pain for many patients in Edmonton, and a first visit takes an hour. " * 25 + "</p>"


def post(related: list[tuple[str, str]], title: str = "Acupuncture for back pain in Edmonton", content: str = "") -> bytes:
    items = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in related)
    return (f"<!doctype html><html lang=en><head><title>{title}</title>"
            '<meta property="og:type" content="article"></head><body>'
            '<nav><a href="/">Home</a> <a href="/nav-missing/">Old menu entry</a></nav>'
            f"<article><h1>{title}</h1>{TEXT}{content}"
            f"<p>Related:</p><ul>{items}</ul></article>"
            '<footer><a href="/footer-missing/">Privacy</a></footer></body></html>').encode()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def audit(*args: str):
    result = CliRunner().invoke(cli, ["audit", *args], catch_exceptions=False)
    return result, (json.loads(result.stdout) if result.stdout.startswith("{") else None)


def checks_of(data: dict, page: int = 0) -> dict[str, dict]:
    return {c["code"]: c for c in data["pages"][page]["checks"]}


def requested(server: LocalServer) -> Counter:
    return Counter(path for path, _ in server.requests)


@pytest.fixture(scope="module")
def related(tmp_path_factory):
    """One audit of a post whose Related links go everywhere: (server, JSON, stderr, dead port)."""
    out = tmp_path_factory.mktemp("out")
    dead = closed_port()
    with LocalServer() as server:
        server.add("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private/\n", headers=(("Content-Type", "text/plain"),)))
        server.add("/private/staff/", html_reply())
        server.add("/blog/post/", html_reply(post([
            ("/page", "how acupuncture eases sciatica"),
            ("/missing", "massage for neck pain"),
            ("/broken", "physiotherapy for knee pain"),
            ("/hops/3", "dry needling explained"),
            ("/loop/a", "what cupping does"),
            ("/slow", "your first visit"),
            (f"http://127.0.0.1:{dead}/blog/moved/", "our old clinic blog"),
            ("/private/staff/", "meet our team"),
            ("https://other.example/blog/x/", "a colleague's article"),
        ], content='<p>More on <a href="/missing#top">neck pain</a>.</p>')))
        result, data = audit(server.url("/blog/post/"), "-f", "json", "--timeout", "0.3", "-o", str(out))
        yield server, data, result.stderr, dead, result.exit_code


def test_related_link_targets_are_requested_and_judged(related):
    server, data, stderr, dead, exit_code = related
    assert exit_code == 0  # broken targets are findings, not unreadable targets
    assert data["pages"][0]["status"] == "ok"
    st001 = checks_of(data)["ST001"]
    assert st001["status"] == "bad"
    assert st001["value"] == {"checked": 7, "broken": 5, "long_chains": 1}
    # one item per target, named by its first link (the content's "/missing#top" comes before the Related block)
    by_target = {e["text"].removeprefix(server.url("")).split("#")[0]: e for e in st001["evidence"]}
    assert len(by_target) == len(st001["evidence"]) == 7  # 5 broken, 1 chain, 1 not checked
    assert by_target["/missing"]["verdict"] == "broken" and by_target["/missing"]["status"] == "bad"
    assert by_target["/missing"]["detail"] == "'neck pain': HTTP 404 Not Found"
    assert "HTTP 500" in by_target["/broken"]["detail"]
    assert "redirect loop" in by_target["/loop/a"]["detail"]
    assert "timed out" in by_target["/slow"]["detail"]
    dead_url = f"http://127.0.0.1:{dead}/blog/moved/"
    assert by_target[dead_url]["status"] == "bad" and "refused" in by_target[dead_url]["detail"]
    # a chain of 3 redirects is reported (ok), not broken; the 200 target is not listed
    assert by_target["/hops/3"]["verdict"] == "3 redirects" and by_target["/hops/3"]["status"] == "ok"
    assert "/page" not in by_target
    # robots.txt's refusal: listed as not checked, never requested
    assert by_target["/private/staff/"]["verdict"] == "not checked"
    assert "robots.txt" in st001["message"]
    assert not any(e["text"].startswith("https://other.example") for e in st001["evidence"])
    # the message names the broken targets (a terminal line shows only it)
    assert st001["message"].startswith(f"5 of 7 internal link targets are broken: {server.url('/missing#top')} ('neck pain': HTTP 404 Not Found); ")
    assert "and 2 more." in st001["message"]
    assert st001["message"].endswith(f"1 link target is not checked (robots.txt disallows requesting it): {server.url('/private/staff/')}.")


def test_each_target_is_requested_once_politely_and_only_the_posts_links(related):
    server, data, stderr, dead, exit_code = related
    paths = requested(server)
    assert paths["/robots.txt"] == 1 and paths["/blog/post/"] == 1
    # /missing is linked twice (the content and the Related block): one request
    for path in ("/page", "/missing", "/broken", "/hops/3", "/hops/2", "/hops/1", "/hops/0", "/loop/a", "/loop/b"):
        assert paths[path] == 1, path
    assert paths["/slow"] == 3  # a timeout is retried twice, as in a scan
    # the theme's menu and footer, robots.txt's refusals and other hosts are not requested
    assert not {"/nav-missing/", "/footer-missing/", "/", "/private/staff/"} & set(paths)
    assert all(h["User-Agent"].startswith("seoaudit/") for _, h in server.requests)
    assert "unreachable" in stderr  # robots.txt of the dead host: a note, not an error line


def test_lk001_does_not_call_a_broken_related_link_good(related):
    server, data, *_ = related
    lk001 = checks_of(data)["LK001"]
    by_href = {e["detail"].removeprefix(server.url("")): e for e in lk001["evidence"]}
    assert by_href["/missing"]["status"] == "bad"
    assert by_href["/missing"]["verdict"] == "descriptive anchor; target broken: HTTP 404 Not Found (ST001)"
    assert by_href["/page"]["status"] == "good"
    assert by_href["/hops/3"]["status"] == "good"  # a redirect chain works: ST001 says "ok" about it
    assert "5 of the 9 targets are broken (see ST001" in lk001["message"]


def test_scores_and_lk001_status_do_not_depend_on_the_link_check(related, tmp_path):
    server, data, *_ = related
    _, unchecked = audit(server.url("/blog/post/"), "-f", "json", "--no-link-check", "-o", str(tmp_path))
    assert unchecked["pages"][0]["score"] == data["pages"][0]["score"]
    assert unchecked["pages"][0]["categories"] == data["pages"][0]["categories"]
    lk_on, lk_off = checks_of(data)["LK001"], checks_of(unchecked)["LK001"]
    assert (lk_on["status"], lk_on["score"]) == (lk_off["status"], lk_off["score"])
    from seoaudit.checks.links import related_links
    from seoaudit.models import Evidence

    # the broken-target mark is ST001's finding, not a second LK001 finding (gate baselines)
    finding = related_links.spec.findings
    assert [finding(Evidence(**e)) for e in lk_on["evidence"] if "target broken" in e["verdict"]] == [None] * 5


def test_single_url_site_checks_that_need_the_whole_site_stay_na(related):
    _, data, *_ = related
    checks = checks_of(data)
    for code in ("ST002", "ST003", "ST004", "ST005"):
        assert (checks[code]["status"], checks[code]["message"]) == ("na", ONE_PAGE)
    assert (checks["ST006"]["status"], checks["ST006"]["message"]) == ("na", NOT_WHOLE_SITE)
    assert (checks["ST007"]["status"], checks["ST007"]["message"]) == ("na", NOT_WHOLE_SITE)


def test_no_link_check_flag_and_config_key_turn_it_off(tmp_path):
    with LocalServer() as server:
        server.add("/blog/post/", html_reply(post([("/missing", "massage for neck pain")])))
        _, data = audit(server.url("/blog/post/"), "-f", "json", "--no-link-check", "-o", str(tmp_path / "a"))
        assert list(requested(server)) == ["/blog/post/"]
        st001 = checks_of(data)["ST001"]
        assert (st001["status"], st001["message"]) == ("na", NO_LINK_CHECK)
        assert checks_of(data)["LK001"]["evidence"][0]["status"] == "good"  # nothing known about its target
        config = tmp_path / "seoaudit.toml"
        config.write_text("link_check = false\n", encoding="utf-8")
        _, data = audit(server.url("/blog/post/"), "-f", "json", "--config", str(config), "-o", str(tmp_path / "b"))
        assert list(requested(server)) == ["/blog/post/"]
        assert checks_of(data)["ST001"]["status"] == "na"
        # the flag wins over the config file
        _, data = audit(server.url("/blog/post/"), "-f", "json", "--config", str(config), "--link-check", "-o", str(tmp_path / "c"))
        assert checks_of(data)["ST001"]["status"] == "bad" and requested(server)["/missing"] == 1


def test_link_check_config_values_are_validated(tmp_path):
    for line, error in (('link_check = "sometimes"', "must be true or false"), ("max_link_targets = 0", "must be a positive whole number")):
        config = tmp_path / "seoaudit.toml"
        config.write_text(line + "\n", encoding="utf-8")
        result = CliRunner().invoke(cli, ["audit", "-", "--config", str(config)], input="<p>x</p>")
        assert result.exit_code == 2 and error in result.stderr, result.stderr


def test_the_cap_takes_related_links_first_and_says_what_it_left(tmp_path):
    with LocalServer() as server:
        related = [(f"/page?n={i}", f"acupuncture topic number {i}") for i in range(5)]
        server.add("/blog/post/", html_reply(post(related, content='<p>Read about <a href="/missing">neck pain</a>.</p>')))
        _, data = audit(server.url("/blog/post/"), "-f", "json", "--max-link-targets", "2", "-o", str(tmp_path / "a"))
        st001 = checks_of(data)["ST001"]
        paths = requested(server)
        assert sum(n for path, n in paths.items() if path.startswith("/page?")) == 2 and "/missing" not in paths
        assert st001["status"] == "good"
        assert st001["value"] == {"checked": 2, "broken": 0, "long_chains": 0, "not_checked": 4}
        assert "4 more internal link targets were not checked (at most 2 link targets are checked per page: max_link_targets)" in st001["message"]
        assert [e["verdict"] for e in st001["evidence"]] == ["not checked"] * 4
        config = tmp_path / "seoaudit.toml"
        config.write_text("max_link_targets = 6\n", encoding="utf-8")
        _, data = audit(server.url("/blog/post/"), "-f", "json", "--config", str(config), "-o", str(tmp_path / "b"))
        st001 = checks_of(data)["ST001"]
        assert st001["value"] == {"checked": 6, "broken": 1, "long_chains": 0}


def test_several_urls_share_link_checks_and_compare_their_pages(tmp_path):
    with LocalServer() as server:
        server.add("/blog/a/", html_reply(post([("/missing", "massage for neck pain"), ("/page", "how acupuncture eases sciatica")],
                                               title="Acupuncture in Edmonton")))
        server.add("/blog/b/", html_reply(post([("/missing", "massage for neck pain"), ("/blog/a/", "acupuncture in Edmonton")],
                                               title="Acupuncture in Edmonton")))
        out = tmp_path / "out"
        result, data = audit(server.url("/blog/a/"), server.url("/blog/b/"), "-f", "json", "-f", "html", "--no-intel", "-o", str(out))
        assert result.exit_code == 0
        paths = requested(server)
        assert paths["/missing"] == 1 and paths["/blog/a/"] == 1  # b's link to a: a was fetched already
        a, b = checks_of(data, 0), checks_of(data, 1)
        assert a["ST001"]["status"] == b["ST001"]["status"] == "bad"
        assert b["ST001"]["value"] == {"checked": 2, "broken": 1, "long_chains": 0}
        assert a["ST002"]["status"] == b["ST002"]["status"] == "bad"  # the same title, compared among the audited pages
        assert [e["text"] for e in a["ST002"]["evidence"] if e["verdict"] == "same title"] == [server.url("/blog/b/")]
        assert a["ST006"]["status"] == "na"
        # reporters need nothing new: the scorecard shows ST001's finding
        card = next(p for p in out.glob("*.html") if p.name != "index.html" and "blog-a" in p.name).read_text()
        assert "Internal links point to broken or redirected pages" in card and "HTTP 404 Not Found" in card


LOCAL_POST = """---
title: Acupuncture for Back Pain in Edmonton
canonical: https://clinic.example/blog/acupuncture-back-pain/
keyphrase: acupuncture for back pain
---

# Acupuncture for back pain in Edmonton

Acupuncture for back pain is one option our Edmonton clinic offers. See [our sciatica guide](https://clinic.example/blog/sciatica/).

Related: [massage for neck pain](/blog/massage-neck-pain/)

Read more: [physiotherapy for knee pain](https://clinic.example/blog/knee/)
"""


def test_auditing_local_files_makes_no_request(tmp_path):
    (tmp_path / "post.md").write_text(LOCAL_POST, encoding="utf-8")
    (tmp_path / "page.html").write_bytes(post([("https://clinic.example/blog/x/", "massage for neck pain")]).replace(
        b"<head>", b'<head><link rel="canonical" href="https://clinic.example/blog/page/">'))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HTTP", "HTTPS", "NLTK"))}
    env["NLTK_DATA"] = str(tmp_path / "no-nltk-data")
    env["PYTHONPATH"] = str(ROOT)  # this checkout's seoaudit, whatever the environment has installed
    proc = subprocess.run([sys.executable, "-c", NO_NETWORK, "audit", str(tmp_path / "post.md"), str(tmp_path / "page.html"),
                           "--link-check", "-f", "json", "-o", str(tmp_path / "out")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "NETWORK ATTEMPTED" not in proc.stderr
    data = json.loads(proc.stdout)
    for i in range(2):
        assert checks_of(data, i)["ST001"]["status"] == "na"
        assert checks_of(data, i)["LK001"]["status"] != "error"


def test_only_the_fetched_host_is_requested_not_a_host_the_page_names():
    """A page's canonical makes its host "internal"; the checker must not request whatever host
    an untrusted page names (a cloud metadata address, an intranet host)."""
    from seoaudit.document import build_document
    from seoaudit.link_check import page_link_targets
    from seoaudit.models import RawPage

    html = ("<html><head><link rel='canonical' href='http://169.254.169.254/x'></head><body><article><h1>Knee</h1>"
            "<p>Read more: <a href='http://169.254.169.254/latest/meta-data/'>meta</a> and "
            "<a href='/blog/knee/'>knee pain</a>.</p></article></body></html>")
    doc = build_document(RawPage(source="u", url="https://preview-1.netlify.app/blog/a/", body=html.encode()))
    assert [url for url, _ in page_link_targets(doc)] == ["https://preview-1.netlify.app/blog/knee/"]
