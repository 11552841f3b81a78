"""``api.audit``, the library entry point, called directly (no click): what ``seoaudit audit``
reports, for a local folder of posts and for a URL served on 127.0.0.1."""

from __future__ import annotations

from seoaudit.api import audit, settings_from
from seoaudit.config import Settings

from httpserver import LocalServer, Reply, html_reply
from test_audit_link_check import post as html_post
from test_local_site import post as md_post


def checks_of(page) -> dict:
    return {c.code: c for c in page.checks}


def test_a_local_folder_as_one_site(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()  # config discovery stops here
    md_post(tmp_path, "content/back-pain.md", "Acupuncture for back pain",
            "Related: [Acupuncture for neck pain](/blog/acupunture-neck-pain/)\n\nRead more: [Cupping explained](/blog/cupping/)")
    md_post(tmp_path, "content/cupping.md", "Cupping explained", "Related: [Acupuncture for back pain](/blog/back-pain/)")
    lines: list[str] = []
    report = audit(["content/", "content/gone.md"], settings_from(None), local_site=True, log=lines.append)

    assert [p.source for p in report.pages] == ["content/back-pain.md", "content/cupping.md", "content/gone.md"]
    assert [p.status for p in report.pages] == ["ok", "ok", "error"]
    assert report.failed and lines == ["seoaudit: content/gone.md: no such file or directory"]
    back, cupping = (checks_of(p) for p in report.pages[:2])
    # the typo is a broken target, judged from the other local post; the right slug works
    assert back["ST001"].status == "bad" and back["ST001"].value == {"checked": 2, "broken": 1, "long_chains": 0}
    assert cupping["ST001"].status == "good"
    by_anchor = {e.text: e for e in back["LK001"].evidence}
    assert by_anchor["Acupuncture for neck pain"].verdict.startswith("descriptive anchor; target broken: no local post has the slug")
    assert by_anchor["Cupping explained"].status == "good"
    assert len(report.intel.pages) == 2  # site intelligence over the two posts (on by default, as in the CLI)

    # not one site: the same posts say nothing about their link targets
    alone = audit(["content/"], settings_from(None), intel=False)
    assert [checks_of(p)["ST001"].status for p in alone.pages] == ["na", "na"]
    assert alone.intel is None
    assert [p.score for p in alone.pages] == [p.score for p in report.pages[:2]]  # site checks are not scored


def test_a_url_with_its_link_targets_requested():
    with LocalServer() as server:
        server.add("/blog/post/", html_reply(html_post([("/page", "how acupuncture eases sciatica"), ("/missing", "massage for neck pain")])))
        server.add("/blog/other/", Reply(status=410, body=b"gone"))
        lines: list[str] = []
        report = audit([server.url("/blog/post/"), server.url("/blog/other/")], Settings(), log=lines.append)
        requested = sorted(path for path, _ in server.requests)

    assert [p.status for p in report.pages] == ["ok", "error"]
    assert len(lines) == 1 and lines[0].startswith(f"seoaudit: {server.url('/blog/other/')}: ") and "410" in lines[0]
    checks = checks_of(report.pages[0])
    st001 = checks["ST001"]
    assert st001.status == "bad" and st001.value == {"checked": 2, "broken": 1, "long_chains": 0}
    assert [(e.text, e.verdict) for e in st001.evidence] == [(server.url("/missing"), "broken")]
    by_href = {e.detail: e for e in checks["LK001"].evidence}
    assert by_href[server.url("/missing")].verdict == "descriptive anchor; target broken: HTTP 404 Not Found (ST001)"
    assert by_href[server.url("/page")].status == "good"
    # each target once, the theme's menu and footer never
    assert requested == ["/blog/other/", "/blog/post/", "/missing", "/page", "/robots.txt"]

    # link checking off: nothing requested beyond the page, ST001 not judged
    with LocalServer() as server:
        server.add("/blog/post/", html_reply(html_post([("/missing", "massage for neck pain")])))
        report = audit([server.url("/blog/post/")], Settings(link_check=False))
        assert [path for path, _ in server.requests] == ["/blog/post/"]
    assert checks_of(report.pages[0])["ST001"].status == "na"
