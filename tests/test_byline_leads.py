"""text.BYLINE_LEADS: every byline and date lead is read alike by the line reader (a text
file's subheadings, a post's introduction) and by the trust checks (TR001's author, TR003's
date of the last update), so a language is added once."""

from __future__ import annotations

import pytest
from selectolax.lexbor import LexborHTMLParser

from seoaudit import text as T
from seoaudit.checks import trust as TR
from seoaudit.document import build_document
from seoaudit.files import page_from_bytes, render_text
from seoaudit.models import RawPage
from seoaudit.registry import CheckContext
from seoaudit.runner import run_check

AUTHOR = "Marie Tremblay"
#: March 12, 2026 as each language with date leads writes it
DATES = {"en": "March 12, 2026", "fr": "12 mars 2026", "es": "12 de marzo de 2026"}


def opening(lead: str) -> str:
    """``lead`` as it opens a line: with a capital."""
    return lead[:1].upper() + lead[1:]


def lines_of(kind: str):
    """(language, lead, line) of every lead of ``kind`` ("author", "updated", "published"),
    a date lead also with each of its language's words before the date ("Updated on ...")."""
    for language, leads in T.BYLINE_LEADS.items():
        for lead in getattr(leads, kind):
            if kind == "author":
                yield language, lead, f"{opening(lead)} {AUTHOR}"
                continue
            for on in ("", *leads.on):
                yield language, lead, " ".join(w for w in (opening(lead), on, DATES[language]) if w)


def html_page(language: str, line: str) -> RawPage:
    html = (f"<html lang='{language}'><head><title>t</title></head><body><article><h1>T</h1>"
            f"<p>{line}</p></article></body></html>")
    return RawPage(source="t", url="https://clinic.example/blog/a/", body=html.encode())


def read_as_a_line(line: str) -> bool:
    """The document and text files both take ``line`` for a byline or date line, not a subheading
    or the introduction."""
    tree = LexborHTMLParser(render_text(f"Knee pain in Calgary\n\n{line}\n\nKnee pain is common. We help most people.\n"))
    is_subheading = line in [h.text() for h in tree.css("h2")]
    md = f"# Knee pain in Calgary\n\n{line}\n\nKnee pain is common in runners, and most of them get better with exercise.\n"
    intro = build_document(page_from_bytes(md.encode(), "markdown", source="x.md", url="file:///x.md")).intro
    is_intro = intro is not None and intro.text == line
    assert is_subheading == is_intro == (not T.is_byline_line(line)), line
    return not is_subheading


def update_on(language: str, line: str) -> list[str]:
    """TR003's "visible update" evidence on a page in ``language`` with ``line``."""
    spec = TR.content_dates.spec
    r = run_check(spec, build_document(html_page(language, line)), spec.make_options({"today": "2026-12-07"}), CheckContext())
    return [e.text for e in r.evidence if e.verdict == "visible update"]


@pytest.mark.parametrize("language, lead, line", list(lines_of("author")))
def test_every_author_lead_opens_a_byline(language, lead, line):
    assert read_as_a_line(line)
    authors = TR.find_authors(build_document(html_page(language, line)))
    assert [(a.name, a.where) for a in authors] == [(AUTHOR, "byline")]


@pytest.mark.parametrize("language, lead, line", list(lines_of("updated")))
def test_every_update_lead_opens_a_date_line_with_the_date_of_the_last_update(language, lead, line):
    assert read_as_a_line(line)
    assert update_on(language, line) == [line]


@pytest.mark.parametrize("language, lead, line", list(lines_of("published")))
def test_every_publication_lead_opens_a_date_line_that_is_not_an_update(language, lead, line):
    assert read_as_a_line(line)
    assert update_on(language, line) == []  # the publication date is the first date on the page


@pytest.mark.parametrize("language, sentence", [
    ("en", "By then most patients walk without pain"),
    ("en", "Updated guidelines recommend exercise first"),
    ("en", "Published studies disagree about dry needling"),
    ("en", "Reviewed evidence is thin for cupping"),
    ("en", "Reviewed Evidence on Dry Needling"),
    ("en", "Modified Squats for Sore Knees"),
    ("en", "Updated Guidelines for Knee Pain"),
    ("en", "Author interviews are on our podcast"),
    ("fr", "Par ailleurs la douleur diminue souvent"),
    ("fr", "Une douleur causée par Santé Canada"),
    ("fr", "Publié dans une revue, cet essai est petit"),
    ("es", "Por eso recomendamos caminar cada día"),
    ("es", "Actualizado cada año por nuestro equipo"),
    ("de", "Von hier aus sind es zehn Minuten"),
    ("nl", "Door de week zijn we open"),
    ("en", "Von Willebrand disease and dental care"),  # a bare capitalised lead needs a name after it
])
def test_a_sentence_opening_with_a_like_word_is_neither_a_byline_nor_a_date_line(language, sentence):
    assert not read_as_a_line(sentence)
    assert not any(a.where == "byline" for a in TR.find_authors(build_document(html_page(language, sentence))))
    assert update_on(language, sentence) == []
