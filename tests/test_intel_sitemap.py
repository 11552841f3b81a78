"""`seoaudit intel` given a sitemap says to use `seoaudit scan`, which reads sitemaps and runs
site intelligence, instead of "not an HTML page: content type application/xml"."""

from __future__ import annotations

from click.testing import CliRunner

from httpserver import Reply
from seoaudit.cli import cli

SITEMAP = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/a/</loc></url></urlset>'
XML = (("Content-Type", "application/xml"),)


def _post(topic: str) -> Reply:
    text = f"<p>Acupuncture for {topic} eases pain for some people. A first visit takes an hour.</p>" * 4
    return Reply(body=f"<html lang=en><head><title>Acupuncture for {topic}</title></head><body><article><h1>{topic}</h1>{text}</article></body></html>".encode())


def test_a_sitemap_url_is_sent_to_scan(http_server):
    http_server.add("/sitemap_index.xml", Reply(body=SITEMAP, headers=XML))
    url = http_server.url("/sitemap_index.xml")
    run = CliRunner().invoke(cli, ["intel", url, "--no-score"])
    assert run.exit_code == 2
    assert f"{url} is a sitemap: use `seoaudit scan {url}`" in run.stderr
    assert not [p for p, _ in http_server.requests if p.startswith("/sitemap")]  # told before anything is fetched


def test_a_sitemap_without_xml_in_its_url_is_named_as_one(http_server, tmp_path):
    http_server.add("/feeds/pages", Reply(body=SITEMAP, headers=XML))
    http_server.add("/a/", _post("back pain"))
    http_server.add("/b/", _post("neck pain"))
    urls = [http_server.url(p) for p in ("/a/", "/b/", "/feeds/pages")]
    run = CliRunner().invoke(cli, ["intel", *urls, "--no-score", "-f", "json", "-o", str(tmp_path)])
    assert run.exit_code == 3  # the pages are still analysed
    (line,) = [l for l in run.stderr.splitlines() if "/feeds/pages" in l]
    assert "content type application/xml" in line and f"use `seoaudit scan {urls[2]}`" in line
