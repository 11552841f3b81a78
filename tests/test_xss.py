"""A hostile page must not be able to run code in, or inject markup into, its scorecard."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from seoaudit.reports import REPORTERS, RenderContext

from _report_samples import SCRIPT, hostile_report


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    files = REPORTERS["html"].render(hostile_report(), RenderContext())
    return {f.path: f.data.decode("utf-8") for f in files}


def test_all_pages_rendered(outputs):
    assert len(outputs) == 4 and "index.html" in outputs


def test_no_script_from_the_page(outputs):
    for name, html in outputs.items():
        assert "<script" not in html.lower(), name
        assert LexborHTMLParser(html).css("script") == [], name


def test_no_event_handler_attributes(outputs):
    for name, html in outputs.items():
        for node in LexborHTMLParser(html).css("*"):
            attrs = node.attributes or {}
            handlers = [a for a in attrs if a.lower().startswith("on")]
            assert handlers == [], f"{name}: <{node.tag} {attrs}>"
        # the injected tag may appear only as escaped text, never as markup
        assert "<img" not in html.lower(), name


def test_no_dangerous_urls(outputs):
    for name, html in outputs.items():
        lowered = html.lower()
        assert 'href="javascript:' not in lowered and "href='javascript:" not in lowered, name
        for node in LexborHTMLParser(html).css("[href], [src], [action], [formaction]"):
            for attr in ("href", "src", "action", "formaction"):
                value = (node.attributes.get(attr) or "").strip().lower()
                if value:
                    assert value.startswith(("https://", "http://", "#")) or value.endswith(".html"), f"{name}: {attr}={value!r}"
        assert LexborHTMLParser(html).css("img, iframe, object, embed, form, base, meta[http-equiv]") == []


def test_hostile_text_is_shown_escaped(outputs):
    page = next(html for name, html in outputs.items() if name.startswith("clinic-example-evil"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    tree = LexborHTMLParser(page)
    # the marked words are still visible, inside escaped text
    marks = [m.text() for m in tree.css("#check-KW001 mark")]
    assert "script" in marks and "back" in marks
    evil = [n.text() for n in tree.css("#check-KW001 .ev-link q")]
    assert evil[0] == SCRIPT


def test_only_safe_link_evidence_becomes_links(outputs):
    page = next(html for name, html in outputs.items() if name.startswith("clinic-example-evil"))
    tree = LexborHTMLParser(page)
    linked = [a.attributes["href"] for a in tree.css("#check-KW001 .ev-link a")]
    assert linked == []  # the quote-breaking https URL has a quote in it, so it stays text


def test_terminal_and_ci_log_outputs_show_control_characters_instead_of_running_them(tmp_path):
    """A title or anchor with ESC/BEL/CR would recolour, ring or rewrite the reader's
    terminal or the CI log; text and GitHub outputs write them as \\xNN."""
    from click.testing import CliRunner

    from seoaudit.cli import cli

    page = tmp_path / "evil.html"
    page.write_bytes(b"<html lang='en'><head><title>Evil \x1b[2J title\x07</title></head><body><article><h1>Hi\x1b[5m there</h1>"
                     b"<p>Text about acupuncture in Edmonton.</p><p>Read more: <a href='/x/'>click\x1b[31m here</a></p>"
                     b"</article></body></html>")
    text = CliRunner().invoke(cli, ["audit", str(page), "--format", "text"]).output
    assert "\x1b" not in text and "\x07" not in text and "\\x1b[2J" in text
    gh = CliRunner().invoke(cli, ["check", str(page), "-f", "github"]).output
    assert "\x1b" not in gh and "\x07" not in gh
    extracted = CliRunner().invoke(cli, ["extract", str(page)]).output
    assert "\x1b" not in extracted and "# Hi\\x1b[5m there" in extracted
