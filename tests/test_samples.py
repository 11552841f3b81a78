"""The bundled samples parse, and each shows what samples/README.md says it shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from seoaudit.checks import links as L
from seoaudit.document import build_document
from seoaudit.models import RawPage
from seoaudit.registry import CheckContext
from seoaudit.runner import run_check

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
HTML_SAMPLE = SAMPLES / "acupuncture-back-pain-edmonton.html"
STUFFED = SAMPLES / "keyword-stuffed-back-pain.md"
NO_CITY = SAMPLES / "massage-therapy-no-city.txt"
CALGARY = SAMPLES / "physio-knee-pain-calgary.md"
FRENCH = SAMPLES / "acupuncture-mal-de-dos-montreal.md"


def html_doc():
    raw = RawPage(source=str(HTML_SAMPLE), url=HTML_SAMPLE.as_uri(), body=HTML_SAMPLE.read_bytes())
    return build_document(raw)


def file_doc(path: Path):
    files = pytest.importorskip("seoaudit.files")
    raw = files.read_file(path)
    assert raw.ok, raw.error
    return raw, build_document(raw)


def status(func, doc) -> str:
    return run_check(func.spec, doc, func.spec.default_options(), CheckContext()).status


def test_every_sample_is_documented_in_the_readme():
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    posts = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".html", ".md", ".txt") and p.name != "README.md")
    assert set(posts) >= {p.name for p in (HTML_SAMPLE, STUFFED, NO_CITY, CALGARY, FRENCH)}
    for name in posts:
        assert f"`{name}`" in readme


# ---- the well-optimised HTML page ---------------------------------------------------


def test_html_sample_head():
    doc = html_doc()
    assert doc.lang == "en-CA"
    assert "Acupuncture for Back Pain in Edmonton" in doc.title
    assert doc.canonical == "https://riverbendacupuncture.example/blog/acupuncture-for-back-pain-edmonton/"
    assert doc.h1s == ("Acupuncture for Back Pain in Edmonton: What to Expect",)
    assert 120 <= len(doc.meta_description) <= 156


def test_html_sample_jsonld_has_post_and_clinic_with_nap():
    doc = html_doc()
    graph = [node for block in doc.jsonld for node in block.get("@graph", [block])]
    types = {node["@type"] for node in graph}
    assert {"BlogPosting", "MedicalClinic"} <= types
    clinic = next(node for node in graph if node["@type"] == "MedicalClinic")
    assert clinic["address"]["addressLocality"] == "Edmonton"
    assert clinic["telephone"].startswith("+1-780")


ARTICLE_TEXT = (
    "whether acupuncture for back pain is worth a try",
    "Chronic low back pain is pain that has lasted longer than twelve weeks.",
    "Not every guideline agrees.",
    "Follow-up visits are shorter, usually forty-five minutes.",
    "you take blood thinners or have a bleeding disorder;",
    "go to an emergency department or call 911",
    "book an acupuncture appointment online",
)

NOT_ARTICLE_TEXT = (
    "Skip to content",  # skip link
    "Our Team",  # header menu
    "Registered acupuncture in Old Strathcona",  # site tagline
    "Posted on",  # entry meta
    "Related posts",  # related block heading
    "Five desk stretches for lower back stiffness",  # related block item
    "how acupuncture can ease sciatica",  # Read more paragraph
    "Tagged",  # entry footer
    "Leave a Reply",  # comment form
    "Your email address will not be published",
    "Recent Posts",  # sidebar widgets
    "Cupping therapy: four myths",
    "Clinic News",
    "Monday to Friday",
    "10234 82 Avenue NW",  # footer NAP
    "Privacy Policy",
    "All rights reserved",
)


def test_html_sample_main_content_is_the_article_only():
    text = html_doc().text
    for expected in ARTICLE_TEXT:
        assert expected in text
    for unwanted in NOT_ARTICLE_TEXT:
        assert unwanted not in text, unwanted


def test_html_sample_headings_are_the_articles():
    doc = html_doc()
    assert [h.level for h in doc.subheadings] == [2, 2, 3, 3, 2, 2]
    assert doc.subheadings[0].text == "What the research says about acupuncture and back pain"


def test_html_sample_link_contexts():
    doc = html_doc()
    by_text = {l.text: l for l in doc.links}
    related = [l.text for l in doc.related_links]
    assert related == [
        "how acupuncture can ease sciatica",
        "what to expect at your first acupuncture appointment",
        "Five desk stretches for lower back stiffness",
        "Acupuncture vs dry needling: what is the difference?",
        "Does insurance cover acupuncture in Alberta?",
    ]
    for anchor in ("NICE guideline on low back pain and sciatica", "book an acupuncture appointment online", "contact our Edmonton clinic"):
        assert by_text[anchor].context == "content"
    for anchor in ("Our Team", "Book Now", "Cupping therapy: four myths we hear every week", "Privacy Policy", "780-555-0142"):
        assert by_text[anchor].context == "boilerplate"


def test_html_sample_passes_every_link_check():
    doc = html_doc()
    assert {f.spec.code: status(f, doc) for f in L.CHECKS} == {code: "good" for code in ("LK001", "LK002", "LK003", "LK004", "LK005")}


def test_html_sample_image_has_alt_text():
    imgs = [i for i in html_doc().images if "acupuncture-lower-back-treatment" in i.src]
    assert imgs and all(i.alt for i in imgs)


# ---- the Markdown and text samples (read through seoaudit.files) ------------------


def test_stuffed_sample_front_matter_and_headings():
    raw, doc = file_doc(STUFFED)
    assert raw.kind == "markdown"
    assert raw.front_matter["keyphrase"] == "acupuncture for back pain"
    assert raw.front_matter["city"] == "Edmonton"
    assert len(doc.subheadings) >= 6
    # stuffed: every subheading names the keyphrase's main word and the city
    assert all("acupuncture" in h.text.lower() and "edmonton" in h.text.lower() for h in doc.subheadings)
    assert len(re.findall(r"\bEdmonton\b", doc.text)) >= 40


def test_stuffed_sample_fails_link_text_and_weakens_related_links():
    _, doc = file_doc(STUFFED)
    assert status(L.link_text, doc) == "bad"
    result = run_check(L.related_links.spec, doc, L.related_links.spec.default_options(), CheckContext())
    assert result.status == "ok"
    verdicts = {e.verdict for e in result.evidence}
    assert {"same anchor as another related link", "external link"} <= verdicts


def test_no_city_text_sample_never_names_a_city():
    raw, doc = file_doc(NO_CITY)
    assert raw.kind == "text"
    assert doc.title == "Massage Therapy for Tension Headaches: What to Expect"
    for city in ("Calgary", "Edmonton", "Red Deer", "Lethbridge", "Alberta"):
        assert city.lower() not in doc.text.lower()
    assert doc.word_count >= 500


def test_no_city_text_sample_cues_are_related_links_with_unknown_targets():
    _, doc = file_doc(NO_CITY)
    assert len(doc.related_links) == 3
    assert all(L.is_cue(l) for l in doc.related_links)
    result = run_check(L.related_links.spec, doc, L.related_links.spec.default_options(), CheckContext())
    assert result.status == "ok"  # the "Read more: click here" cue
    assert [e.status for e in result.evidence] == ["good", "good", "bad"]
    assert all("cannot be checked" in e.verdict for e in result.evidence)


def test_calgary_sample_targets_calgary_and_never_mentions_edmonton():
    raw, doc = file_doc(CALGARY)
    assert raw.front_matter["city"] == "Calgary"
    assert raw.front_matter["keyphrase"] == "physiotherapy for knee pain"
    assert "edmonton" not in raw.body.decode("utf-8").lower()
    assert "Calgary" in doc.title and "Calgary" in doc.text
    assert status(L.related_links, doc) == "good"
    assert status(L.outbound_links, doc) == "good"


def test_calgary_sample_call_to_action_links_are_content():
    _, doc = file_doc(CALGARY)
    cta = [l for l in doc.links if l.raw_href in ("/services/physiotherapy/", "/insurance/", "/book-online/")]
    assert len(cta) == 3
    assert all(l.context == "content" for l in cta)


# ---- the French post ------------------------------------------------------------------


def test_french_sample_is_read_with_the_french_rules_and_lists():
    from seoaudit.api import Auditor
    from seoaudit.config import Settings

    raw, _doc = file_doc(FRENCH)
    report = Auditor(Settings()).audit_raw(raw)
    by = {c.code: c for c in report.checks}
    # the three claims of the demonstration paragraph, each with a French rule; the safe
    # look-alikes ("ne remplace pas", "les résultats varient") are not findings
    assert {code for code in ("CL001", "CL003", "CL004", "CL005") if by[code].status != "good"} == {"CL001", "CL003", "CL004", "CL005"}
    assert all(e.rule.startswith("fr-") for code in ("CL001", "CL003", "CL004") for e in by[code].evidence)
    assert sum(len(by[c].evidence) for c in ("CL001", "CL002", "CL003", "CL004", "CL006", "CL007", "CL008", "CL010", "CL011")) == 3
    assert by["KW001"].status == "good"  # "pour", "le", "de" dropped: acupuncture + mal + dos
    assert by["LC001"].status == "good" and by["LC003"].status == "good"  # Plateau-Mont-Royal is not the town
    assert by["RD008"].status != "na" and by["TR005"].status == "good" and by["CV003"].status == "good"
    assert by["TR001"].value.startswith("Marie-Ève Tremblay")
