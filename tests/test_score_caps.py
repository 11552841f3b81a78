"""Score caps: a noindex post or a forbidden health claim holds the page score down
(README "Scoring"), whatever the other checks say; each report says so."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from seoaudit.api import Auditor
from seoaudit.cli import cli
from seoaudit.config import Settings
from seoaudit.files import read_file
from seoaudit.models import RawPage

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "physio-knee-pain-calgary.md"

URL = "https://clinic.example/blog/physiotherapy-knee-pain-calgary/"
# the keyphrase and the city in the opening paragraph only: the same sentence in every
# paragraph is stuffing (KW002, LC002), which caps a page too
PARAS = "<p>Physiotherapy for knee pain in Calgary helps people walk, climb stairs and play again.</p>" + "".join(
    f"<p>Your physiotherapist tests the knee, explains the cause and plans exercises for week {i}.</p>"
    for i in range(12)
)


def page(head: str = "", extra: str = "") -> RawPage:
    html = (
        f'<html lang="en"><head><title>Physiotherapy for Knee Pain in Calgary | Clinic</title>'
        f'<meta name="description" content="How physiotherapy for knee pain works at our Calgary clinic: '
        f'what a visit is like, exercises, and when to book.">{head}</head><body><article>'
        f"<h1>Physiotherapy for knee pain in Calgary</h1>{PARAS}{extra}</article></body></html>"
    )
    return RawPage(source=URL, url=URL, body=html.encode())


def audit(raw: RawPage):
    return Auditor(Settings(), ("physiotherapy for knee pain",), ("Calgary",)).audit_raw(raw)


def test_noindex_holds_a_good_page_at_40():
    clean = audit(page())
    assert clean.score > 40 and clean.score_cap is None
    hidden = audit(page('<meta name="robots" content="noindex">'))
    assert hidden.score == 40.0
    assert hidden.score_cap == {"max": 40.0, "checks": ["BA005"], "uncapped": round(hidden.score_cap["uncapped"], 1)}
    assert hidden.score_cap["uncapped"] > 40
    assert hidden.categories["basics"] == 40.0  # the failing check's category is held too
    assert clean.categories["basics"] > 40


def test_a_forbidden_claim_holds_the_page_at_70_a_risky_one_does_not(tmp_path):
    # the well-optimised sample post (93) with one sentence of forbidden claims added
    post = tmp_path / "physio-knee-pain-calgary.md"
    post.write_text(SAMPLE.read_text(encoding="utf-8") + "\nOur physiotherapy cures arthritis and is guaranteed to work.\n", encoding="utf-8")
    strict = Auditor(Settings()).audit_raw(read_file(post))
    assert strict.score == 70.0
    assert {"CL001", "CL002"} <= set(strict.score_cap["checks"]) and strict.score_cap["uncapped"] > 80
    # an uncited "studies show" is risky, not forbidden (ok, a warning): it caps nothing
    post.write_text(SAMPLE.read_text(encoding="utf-8") + "\nStudies show that exercise helps knee pain.\n", encoding="utf-8")
    risky = Auditor(Settings()).audit_raw(read_file(post))
    assert next(c for c in risky.checks if c.code == "CL005").status == "ok"
    assert risky.score_cap is None and risky.score > 80


def test_the_lowest_cap_wins_and_a_low_score_is_not_raised():
    both = audit(page('<meta name="robots" content="noindex">', "<p>Our physiotherapy cures arthritis.</p>"))
    assert both.score == 40.0 and both.score_cap["checks"] == ["BA005"]


def test_reports_say_the_score_was_held(tmp_path):
    f = tmp_path / "hidden.html"
    f.write_bytes(page('<meta name="robots" content="noindex">').body)
    args = ["audit", str(f), "-k", "physiotherapy for knee pain", "-c", "Calgary"]
    r = CliRunner().invoke(cli, [*args, "-f", "text"])
    assert re.search(r"score 40 \(poor, held at 40 by BA005; \d+\.\d uncapped\)", r.output)
    r = CliRunner().invoke(cli, [*args, "-f", "json"])
    data = json.loads(r.output)["pages"][0]
    assert data["score"] == 40.0 and data["score_cap"]["checks"] == ["BA005"]
    CliRunner().invoke(cli, [*args, "-f", "html", "-o", str(tmp_path / "out")])
    card = next((tmp_path / "out").glob("*.html")).read_text(encoding="utf-8")
    assert 'id="score-cap"' in card and 'href="#check-BA005"' in card


def test_a_score_under_its_cap_is_said_to_be_held_under_it_not_at_it():
    """A forbidden claim caps the page at 70 and its category too; the capped category can take
    the score below 70 (68.6): the reports said "held at 69", contradicting the cap of 70."""
    from selectolax.lexbor import LexborHTMLParser

    from seoaudit.models import AuditReport, PageReport
    from seoaudit.reports import RenderContext
    from seoaudit.reports.html import render_html
    from seoaudit.reports.text import page_lines

    def held(score: float) -> tuple[str, str]:
        p = PageReport(source="a.html", url="https://c.example/a/", status="ok", score=score,
                       score_cap={"max": 70.0, "checks": ["CL002", "CL003"], "uncapped": 71.0})
        html = render_html(AuditReport(pages=(p,), tool_version="t"), RenderContext())[0].data.decode()
        return page_lines(p, color=False)[1], LexborHTMLParser(html).css_first("#score-cap").text()

    text, card = held(68.6)
    assert "held under 70 by CL002, CL003; 71.0 uncapped" in text and card.startswith("Held under 70 by CL002")
    text, card = held(70.0)
    assert "held at 70 by CL002, CL003" in text and card.startswith("Held at 70 by")


def test_keyword_stuffing_holds_the_page_at_50_an_honest_post_is_not_held():
    stuffed_paras = "".join(
        f"<p>Physiotherapy for knee pain in Calgary is the best physiotherapy for knee pain Calgary offers, "
        f"so book physiotherapy for knee pain in Calgary today, visit {i}.</p>"
        for i in range(12)
    )
    stuffed = audit(page(extra=stuffed_paras))
    assert {c.code: c.status for c in stuffed.checks}["KW002"] == "bad"
    assert stuffed.score == 50.0
    assert "KW002" in stuffed.score_cap["checks"] and stuffed.score_cap["uncapped"] > 50
    assert stuffed.categories["keyphrase"] <= 50.0
    honest = audit(page())
    assert {c.code: c.status for c in honest.checks}["KW002"] != "bad"
    assert honest.score_cap is None and honest.score > 50


def test_the_keyword_stuffed_sample_is_held_below_good():
    raw = read_file(SAMPLE.parent / "keyword-stuffed-back-pain.md")
    report = Auditor(Settings()).audit_raw(raw)
    assert report.score <= 50.0 and report.score_cap is not None
    assert set(report.score_cap["checks"]) & {"KW002", "LC002"}


def test_explain_names_the_cap_of_a_capping_check_only():
    runner = CliRunner()
    assert "held at 50 at most" in runner.invoke(cli, ["explain", "KW002"]).output
    assert "held at 40 at most" in runner.invoke(cli, ["explain", "indexable"]).output
    assert "held at" not in runner.invoke(cli, ["explain", "KW001"]).output
