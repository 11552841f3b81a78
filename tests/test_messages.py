"""Check messages count things in words ("1 link", "3 links"), never "link(s)"."""

from __future__ import annotations

from pathlib import Path

import pytest

from seoaudit.api import Auditor
from seoaudit.config import Settings
from seoaudit.files import read_file
from seoaudit.models import RawPage
from seoaudit.text import agree, all_of, plural, some_of, some_of_counted, words_around

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.mark.parametrize("n, expected", [(0, "0 links"), (1, "1 link"), (2, "2 links")])
def test_plural(n, expected):
    assert plural(n, "link") == expected
    assert all_of(n, "link") == ("The link" if n == 1 else f"All {n} links")
    assert agree(n, "has", "have") == ("has" if n == 1 else "have")
    assert plural(n, "city", "cities").endswith("city" if n == 1 else "cities")


def test_some_of_names_a_few_and_counts_the_rest():
    assert some_of(["a", "b", "c", "d", "e"], 3) == "a, b, c and 2 more"
    assert some_of(["a", "b"], 3) == "a, b"


@pytest.mark.parametrize("items, limit, expected", [
    (["a", "a", "a"], 2, "a (3 times)"),
    (["a", "b", "a"], 2, "a (2 times), b"),
    (["a", "b", "a", "c", "d", "c"], 2, "a (2 times), b and 3 more"),
    (["a", "b", "c"], 3, "a, b, c"),
])
def test_some_of_counted_adds_up_to_every_finding(items, limit, expected):
    """A message that says "N found" lists wordings whose counts add up to N."""
    assert some_of_counted(items, limit) == expected


@pytest.mark.parametrize("text, part, expected", [
    ("Our targeted physiotherapy program cures sciatica in as little as two weeks.", "cures",
     "…targeted physiotherapy program cures sciatica in as…"),
    # within its sentence and title part, without the sentence's full stop
    ("Book today. It is safe, with no side effects.", "no side effects", "…is safe, with no side effects"),
    ("Acupuncture Cures Back Pain | Edmonton's Best Acupuncture Clinic", "Cures", "Acupuncture Cures Back Pain"),
    ("Results: guaranteedly fast", "guaranteed", "Results: guaranteedly fast"),  # the whole word
    ("Nothing here", "cures", "cures"),
])
def test_words_around_quotes_a_few_words_either_side(text, part, expected):
    assert words_around(text, part) == expected


def test_a_claim_message_quotes_the_words_around_a_short_trigger():
    """The terminal line of CL001 quoted 'cures' alone, which meant nothing out of context."""
    body = (b"<html lang='en'><head><title>Sciatica care</title></head><body><article><h1>Sciatica care</h1>"
            b"<p>Our targeted physiotherapy program cures sciatica in as little as two weeks.</p>"
            b"<p>Massage cures stress for many office workers every single week.</p>"
            b"<p>Get rid of back pain for good with us.</p></article></body></html>")
    page = Auditor(Settings()).audit_raw(RawPage(source="c.html", url="https://clinic.example/blog/c/", body=body))
    cl001 = next(c for c in page.checks if c.code == "CL001")
    assert "'…targeted physiotherapy program cures sciatica in as…' ('cures' 2 times)" in cl001.message, cl001.message
    assert "'Get rid of back pain for good'" in cl001.message  # a long wording reads on its own
    assert cl001.value == 3 == len(cl001.evidence)
    # the evidence, and so the JSON and a baseline's findings, keep the wording itself
    assert cl001.evidence[0].highlights[0] == "cures"


ONE_OF_EACH = b"""<html lang="en"><head><title>Acupuncture for back pain in Edmonton</title>
<meta name="description" content="How acupuncture helps back pain, what a visit in Edmonton involves and when to see a doctor."></head>
<body><article><h1>Acupuncture for back pain</h1>
<p>Acupuncture for back pain is a common reason people visit our Edmonton clinic. Studies show it helps.
See <a href="/services/acupuncture/">our acupuncture service</a> and <a href="http://other.example/x">one source</a>.</p>
<p>Read more: <a href="/blog/sciatica/">acupuncture for sciatica</a></p></article></body></html>"""


def audited_pages():
    auditor = Auditor(Settings(keyphrases=("acupuncture for back pain",), cities=("Edmonton",)))
    pages = [auditor.audit_raw(read_file(p)) for p in sorted(SAMPLES.glob("*.*")) if p.suffix in (".html", ".md", ".txt")]
    pages.append(auditor.audit_raw(RawPage(source="one.html", url="https://clinic.example/blog/back-pain/", body=ONE_OF_EACH)))
    return pages


def test_no_message_or_threshold_says_s_in_brackets():
    texts = [(c.code, t) for page in audited_pages() for c in page.checks for t in (c.message, c.threshold or "")]
    assert len(texts) > 200
    assert [(code, t) for code, t in texts if "(s)" in t] == []


def test_a_single_thing_is_counted_in_the_singular():
    (page,) = audited_pages()[-1:]
    by_code = {c.code: c for c in page.checks}
    assert by_code["LK001"].message == "1 related link, internal with a descriptive anchor."
    assert by_code["LK001"].threshold == "≥ 1 internal related link with descriptive anchors"
    assert by_code["LK002"].message == "The post has 2 internal links."
    assert by_code["LK003"].message == "The post links to 1 page on other sites."
    assert by_code["KW006"].message.endswith("1 time.")


def test_no_message_counts_one_thing_in_the_plural():
    """"1 paragraphs exceed", "1 of 12 subheadings reflect", "aim for 1-1" read as forms."""
    import re

    texts = [t for page in audited_pages() for c in page.checks for t in (c.message, c.threshold or "")]
    assert [t for t in texts if re.search(r"\b1 (?:paragraphs|sections|images|links|sentences)\b", t)] == []
    assert [t for t in texts if re.search(r"\b(\d+)-\1\b", t)] == []
    assert [t for t in texts if re.search(r"\b1 of \d+ \w+ reflect\b", t)] == []


def test_failing_titles_fit_every_outcome_that_is_not_good():
    from seoaudit.checks import ALL_CHECKS

    titles = {s.code: s.fail_title for s in ALL_CHECKS}
    # checks whose "ok" outcome is a missing thing, not only a wrong one
    assert "missing" in titles["BA004"] and "missing" in titles["LB001"] and "followed" in titles["LK002"]
    assert "not declared, or not the text's" in titles["BA006"]


def test_an_ok_result_is_not_headed_by_a_failure_title_that_contradicts_it():
    """CV002 "ok" = the post links the contact page with a vague anchor: its card said
    "The post does not link to the location or contact page" above that message."""
    from seoaudit.reports.base import check_docs

    docs = check_docs()
    heads = {}
    for page in audited_pages():
        for c in page.checks:
            if c.status == "ok":
                heads.setdefault(c.code, (docs[c.code].heading_for("ok"), c.message))
    assert heads["CV002"][0] == "The way to the clinic's location page needs a clearer link"
    assert heads["CV003"][0] == "The booking link or the call to action is missing its other half"
    assert heads["TR004"][0] == "The post cites few or no evidence sources"
    # a failure title that denies what the message affirms
    contradictions = [(code, head, msg) for code, (head, msg) in heads.items()
                      if ("does not link" in head and "links to" in msg) or ("makes evidence claims" in head and "claim" not in msg)
                      or ("does not say who wrote it" in head and "is named" in msg)]
    assert contradictions == []


def test_one_thing_is_singular_in_these_messages_too():
    """A QA pass found "1 characters", "appears 1 times", "(1 body mentions)"."""
    html = (b"<html lang='en'><head><title>A</title><meta name='description' content='B'></head><body><article>"
            b"<h1>Acupuncture for back pain in Edmonton</h1><p>Acupuncture for back pain in Edmonton helps.</p></article></body></html>")
    auditor = Auditor(Settings(keyphrases=("acupuncture for back pain",), cities=("Edmonton",)))
    page = auditor.audit_raw(RawPage(source="s.html", url="https://clinic.example/blog/x/", body=html))
    by = {c.code: c.message for c in page.checks}
    assert "1 character;" in by["BA001"] and "1 character;" in by["BA002"]
    assert "appears 1 time in" in by["KW001"]
