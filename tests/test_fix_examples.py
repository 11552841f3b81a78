"""Fix examples in the page's language: a French or Spanish page's "How to fix" shows its
example in that language ("'Physiothérapie pour le mal de dos à Montréal | Clinique'"), the
instruction around it in English like the rest of the scorecard; other languages keep the
English example."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from seoaudit.checks import ALL_CHECKS
from seoaudit.models import PageReport
from seoaudit.registry import ConfigError, NoOptions, check, fix_example, with_example
from seoaudit.reports import RenderContext, check_docs
from seoaudit.reports.html import render_html

from _report_samples import make_report

from seoaudit.registry import _EXAMPLE_SLOT_RE  # noqa: E402  (the slots a template fills)

TEMPLATED = tuple(s for s in ALL_CHECKS if s.fix_template and _EXAMPLE_SLOT_RE.search(with_example(s.fix_template, s.fix_examples)))
#: examples that are the same for every page, written in each language (passive voice, transition words, dates)
FIXED_PHRASES = tuple(s for s in ALL_CHECKS if s.fix_template and not _EXAMPLE_SLOT_RE.search(with_example(s.fix_template, s.fix_examples)))
FRENCH_SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "acupuncture-mal-de-dos-montreal.md"

# (language, page language as Document.stats labels it, keyphrase, city, the page's
# treatment as PageReport.treatment has it, the example's name for it)
PAGES = {
    "fr": ("fr-CA", "physiothérapie pour le mal de dos", "Montréal", "physiotherapy", "la physiothérapie"),
    "es": ("es (guessed from the text)", "fisioterapia para el dolor de espalda", "Madrid", "physiotherapy", "la fisioterapia"),
}
# words of the English examples ("in", "What to Expect", "Book your", "our clinic", "Related",
# "read our guide", "click here"...) that neither the French nor the Spanish ones hold
ENGLISH_WORDS = re.compile(r"\b(in|at|to|from|of|what|expect|how|works|involves|book|your|our|clinic|name|"
                           r"related|read|visit|assessment|click|here|instead|physiotherapy)\b", re.I)


def example_part(spec, fix: str) -> str:
    """The example in ``fix`` (``spec``'s fix for some page): what is around the template's
    {example} is the instruction, the same in every language."""
    before, after = spec.fix_template.split("{example}")
    assert fix.startswith(before) and fix.endswith(after), fix
    return fix[len(before):len(fix) - len(after)]


def test_every_worded_example_is_written_in_french_and_spanish():
    """The slug (KW007) is the only example that is the same in every language."""
    assert {s.code for s in TEMPLATED if not s.fix_examples} == {"KW007"}
    assert all({"en", "fr", "es"} <= set(s.fix_examples) for s in TEMPLATED if s.fix_examples)
    assert len(TEMPLATED) == 13


@pytest.mark.parametrize("lang", sorted(PAGES))
@pytest.mark.parametrize("spec", FIXED_PHRASES, ids=lambda s: s.code)
def test_a_fixed_example_is_in_the_pages_language_too(spec, lang):
    # RD007 gave a Spanish dental page "'Needles are inserted' → 'Your acupuncturist inserts fine needles'"
    assert {"en", "fr", "es"} <= set(spec.fix_examples)
    page = PageReport(source="x", url="x", status="ok", keyphrases=("x",), stats={"language": PAGES[lang][0]})
    example = example_part(spec, check_docs()[spec.code].fix_for(page))
    assert example == spec.fix_examples[lang] and not ENGLISH_WORDS.search(example), example


def test_the_fixed_phrases_are_the_ones_marketers_met_in_english():
    assert {s.code for s in FIXED_PHRASES} == {"RD007", "RD008", "TR002", "TR003", "LK003"} | {f"CL{n:03}" for n in range(1, 12)}


@pytest.mark.parametrize("lang", sorted(PAGES))
@pytest.mark.parametrize("spec", [s for s in TEMPLATED if s.fix_examples], ids=lambda s: s.code)
def test_a_french_or_spanish_example_holds_no_english_words(spec, lang):
    label, keyphrase, city, treatment, local_name = PAGES[lang]
    page = PageReport(source="x", url="x", status="ok", keyphrases=(keyphrase,), cities=(city,),
                      stats={"language": label}, treatment=treatment)
    example = example_part(spec, check_docs()[spec.code].fix_for(page))
    assert not ENGLISH_WORDS.search(example), example
    # the page's own keyphrase or city, or the treatment as the page's language names it
    assert keyphrase in example.lower() or city in example or local_name in example, example
    # the same page in English gets the English example, as before
    english = PageReport(source="x", url="x", status="ok", keyphrases=(keyphrase,), cities=(city,),
                         stats={"language": "en-CA"}, treatment=treatment)
    assert example_part(spec, check_docs()[spec.code].fix_for(english)) != example


@pytest.mark.parametrize("code, lang, keyphrase, treatment, expected", [
    ("BA001", "fr-CA", "physiothérapie pour le mal de dos", "physiotherapy", "e.g. 'Physiothérapie pour le mal de dos à Montréal | Clinique'."),
    ("KW008", "fr", "physiothérapie pour le mal de dos", "physiotherapy", "e.g. 'Physiothérapie pour le mal de dos : à quoi s'attendre';"),
    ("KW004", "fr", "physiothérapie pour le mal de dos", "", "e.g. '<h1>Physiothérapie pour le mal de dos : à quoi s'attendre</h1>'."),
    ("KW003", "es-MX", "fisioterapia para el dolor de espalda", "", "e.g. 'Fisioterapia para el dolor de espalda en Montréal | Nombre de la clínica'."),
    # (was "'Qué esperar de fisioterapia...'": no article, and a question without its ¿?)
    ("KW008", "es", "fisioterapia para el dolor de espalda", "", "e.g. 'Fisioterapia para el dolor de espalda: qué esperar en la primera visita';"),
    ("CV001", "fr", "physio pour le mal de dos", "physiotherapy",
     "e.g. 'comment se déroule <a href=\"/services/physiotherapie/\">la physiothérapie</a> à notre clinique'."),
    ("CV001", "es", "acupuntura", "acupuncture",
     "e.g. 'cómo funciona <a href=\"/servicios/acupuntura/\">la acupuntura</a> en nuestra clínica'."),
    ("CV003", "fr", "acupuncture pour le mal de dos", "acupuncture",
     "e.g. '<a href=\"https://clinic.janeapp.com/\">Prenez rendez-vous pour l'acupuncture</a>'."),
    ("CV003", "es", "masaje para la espalda", "massage therapy",
     "e.g. '<a href=\"https://clinic.janeapp.com/\">Pida cita para la masoterapia</a>'."),
    # a treatment the Spanish rules have no entry for, and a page that names none: their "el tratamiento"
    ("LK001", "es", "kinesiología deportiva", "kinesiology", "e.g. 'Lea también: lo que conviene saber antes de empezar el tratamiento'."),
    ("LK001", "fr", "mal de dos", "", "e.g. 'À lire aussi : ce qu'il faut savoir avant de commencer le traitement'."),
    # a keyphrase that names its city: the city once
    ("LC001", "fr", "acupuncture Montréal", "acupuncture", "(e.g. 'Acupuncture Montréal')."),
    ("BA001", "es", "fisioterapia en Montréal", "", "e.g. 'Fisioterapia en Montréal | Clínica'."),
])
def test_french_and_spanish_examples(code, lang, keyphrase, treatment, expected):
    page = PageReport(source="x", url="x", status="ok", keyphrases=(keyphrase,), cities=("Montréal",),
                      stats={"language": lang}, treatment=treatment)
    assert expected in check_docs()[code].fix_for(page)


@pytest.mark.parametrize("code, formal, informal", [
    ("CV003", ">Pida cita para la masoterapia</a>", ">Pide cita para la masoterapia</a>"),
    ("LK001", "'Lea también: lo que conviene saber", "'Lee también: lo que conviene saber"),
    ("RD007", "'Le explicamos los ejercicios en su primera visita'", "'Te explicamos los ejercicios en tu primera visita'"),
    ("CL002", "su profesional de la salud le explica", "tu profesional de la salud te explica"),  # the claims' general fix
])
def test_a_spanish_page_written_in_tu_gets_its_examples_in_tu(code, formal, informal):
    def fix(register):
        page = PageReport(source="x", url="x", status="ok", keyphrases=("masaje para la espalda",), cities=("Madrid",),
                          stats={"language": "es", "register": register}, treatment="massage therapy")
        return check_docs()[code].fix_for(page)

    assert formal in fix("usted (formal)") and formal in fix(None)
    assert informal in fix("tú (informal)") and formal not in fix("tú (informal)")


def test_a_page_reports_its_register_only_in_a_language_with_two():
    from seoaudit.document import build_document
    from seoaudit.models import RawPage

    def register(lang, text):
        html = f"<html lang='{lang}'><body><article><h1>Dolor de espalda</h1><p>{text}</p></article></body></html>"
        return build_document(RawPage(source="t", url="https://c.example/x/", body=html.encode())).stats()["register"]

    assert register("es", "Si te duele la espalda, te explicamos qué hacer. Tu fisioterapeuta te ayuda.") == "tú (informal)"
    assert register("es", "Si le duele la espalda, usted puede pedir cita en nuestra clínica.") == "usted (formal)"
    assert register("en", "If your back hurts, we explain what to do.") is None


def test_a_french_page_without_keyphrase_or_city_gets_placeholders_in_its_example():
    page = PageReport(source="x", url="x", status="ok", stats={"language": "fr-CA"})
    assert check_docs()["BA001"].fix_for(page).endswith("e.g. '[keyphrase] à [city] | Clinique'.")
    assert check_docs()["CV003"].fix_for(page).endswith(">Prenez rendez-vous pour [service]</a>'.")


@pytest.mark.parametrize("label", ["de", "pt-BR", "en-GB", "", "nl (guessed from the text)"])
def test_other_languages_keep_the_english_example(label):
    """Including its English treatment name and, for a keyphrase that names none, its topic."""
    for treatment, named in (("physiotherapy", "physiotherapy"), ("", "back pain relief")):
        page = PageReport(source="x", url="x", status="ok", keyphrases=("back pain relief",), cities=("Calgary",),
                          stats={"language": label} if label else {}, treatment=treatment)
        docs = check_docs()
        assert docs["CV003"].fix_for(page).endswith(f">Book your {named} assessment</a>'.")
        assert " in Calgary | Clinic'." in docs["BA001"].fix_for(page)
        for spec in TEMPLATED:
            # the same fix as a check with an English example only gives
            english_only = {"en": spec.fix_examples["en"]} if spec.fix_examples else {}
            assert (docs[spec.code].fix_for(page)
                    == fix_example(spec.fix, spec.fix_template, "back pain relief", "Calgary", label or "en",
                                   placeholders=True, treatment=treatment, examples=english_only)), spec.code


# ---- a draft's fix, written as the draft is -------------------------------------------------


def draft_page(kind: str, language: str = "en-CA") -> PageReport:
    return PageReport(source="x", url="x", status="ok", kind=kind, keyphrases=("physiotherapy for runner's knee",),
                      cities=("Oakville",), stats={"language": language}, treatment="physiotherapy")


@pytest.mark.parametrize("code, kind, expected", [
    # a Markdown post: Markdown's links, headings and images (the review's CV002 said '<a href=...>')
    ("CV002", "markdown", "e.g. 'our [clinic in Oakville](/contact/)'."),
    ("CV001", "markdown", "e.g. 'how our [physiotherapy](/services/physiotherapy/) works'."),
    ("CV003", "markdown", "e.g. '[Book your physiotherapy assessment](https://clinic.janeapp.com/)'."),
    ("KW009", "markdown", "e.g. ![Physiotherapy for Runner's Knee at our Oakville clinic](photo.jpg)."),
    # its H1 is its title (BA003): not "# ..." besides it
    ("KW004", "markdown", "the front matter's `title`, which most themes print as the H1 (e.g. title: "
                          "\"Physiotherapy for Runner's Knee: What to Expect\"), or the text's '#' heading if it has one."),
    ("BA003", "markdown", "no # heading in the text, ## and ### headings for its sections."),
    ("BA002", "markdown", "Write the front matter's `description:` in 120-156 characters"),
    ("BA007", "markdown", "between its brackets (e.g. ![Physiotherapist taping a runner's knee](knee-taping.jpg))"),
    ("TR003", "markdown", "Set `date:` and `lastmod:` (Hugo) or `last_modified_at:` (Jekyll) in the front matter"),
    ("TR002", "markdown", "Write 'Medically reviewed by [name], [credential], on [date]' in the post"),
    # a text draft, pasted into a CMS's editor: the words, and where they link
    ("CV002", "text", "e.g. 'our clinic in Oakville (linked to /contact/)'."),
    ("KW004", "text", "e.g. 'Physiotherapy for Runner's Knee: What to Expect'."),
    ("TR002", "text", "A draft carries no JSON-LD: once it is published, audit its URL"),
    # an HTML page keeps its HTML
    ("CV002", "html", "e.g. 'our <a href=\"/contact/\">clinic in Oakville</a>'."),
    ("KW004", "html", "e.g. '<h1>Physiotherapy for Runner's Knee: What to Expect</h1>'."),
    ("TR002", "html", "add reviewedBy and lastReviewed to the page's MedicalWebPage/WebPage JSON-LD"),
])
def test_a_drafts_fix_is_written_in_its_own_syntax(code, kind, expected):
    assert expected in check_docs()[code].fix_for(draft_page(kind))


def test_no_fix_shows_a_markdown_post_html_or_asks_it_for_json_ld():
    for code, doc in check_docs().items():
        fix = doc.fix_for(draft_page("markdown"))
        assert not re.search(r"<[a-z/]|\balt=\"", fix), (code, fix)
        if code != "LB004":  # not applicable to drafts: its fix is never shown there
            assert "JSON-LD" not in fix.replace("carries no JSON-LD", ""), (code, fix)


def test_a_french_markdown_post_gets_its_french_example_in_the_front_matter():
    page = PageReport(source="x", url="x", status="ok", kind="markdown", keyphrases=("physiothérapie pour le mal de dos",),
                      cities=("Montréal",), stats={"language": "fr-CA"}, treatment="physiotherapy")
    assert "(e.g. title: \"Physiothérapie pour le mal de dos : à quoi s'attendre\")" in check_docs()["KW004"].fix_for(page)
    assert "'notre [clinique à Montréal](/contact/)'" in check_docs()["CV002"].fix_for(page)


def test_explain_shows_the_english_example():
    spec = next(s for s in ALL_CHECKS if s.code == "KW004")
    assert spec.fix == "Write an H1 that names the keyphrase, e.g. '<h1>Acupuncture for Back Pain: What to Expect</h1>'."
    assert not any("{example}" in s.fix for s in ALL_CHECKS)
    # the template keeps the slot that each language's example fills
    assert all(("{example}" in s.fix_template) == bool(s.fix_examples) for s in ALL_CHECKS if s.fix_template)


@pytest.mark.parametrize("fix, examples, problem", [
    ("e.g. {example}.", None, "needs fix_examples"),
    ("e.g. {example}.", {"fr": "'{Keyphrase} à {city}'"}, "needs fix_examples with an 'en' example"),
    ("e.g. '{Keyphrase} in {city}'.", {"en": "'{Keyphrase} in {city}'"}, "only such a fix has them"),
    ("e.g. {example}.", {"en": "'{Keyphrase} in {city}'", "de": "'{Keyphrase} in {city}'"}, "fix_examples in de"),
])
def test_a_checks_examples_are_checked_when_it_is_declared(fix, examples, problem):
    with pytest.raises(ValueError, match=re.escape(problem)) as raised:
        check(code="ZZ999", name="zz", category="basics", title="t", fail_title="f", why="w", source="s",
              fix=fix, fix_examples=examples, options=NoOptions)
    assert not isinstance(raised.value, ConfigError)  # the check's author's mistake, not the user's


def test_an_instruction_may_repeat_its_examples_words():
    """The example fills its {example} slot: an instruction that quotes the English example's
    words keeps them on a French page (they were once refused, as the French example was
    swapped in wherever the English one's words were)."""
    spec = check(code="ZZ998", name="zz-repeat", category="basics", title="t", fail_title="f", why="w", source="s",
                 fix="Name '{Keyphrase}' in the title, e.g. {example}.",
                 fix_examples={"en": "'{Keyphrase}'", "fr": "'{Keyphrase} à {city}'"})(lambda doc, opts, ctx: None).spec
    assert spec.fix == "Name 'Acupuncture for Back Pain' in the title, e.g. 'Acupuncture for Back Pain'."
    assert (spec.fix_for("physiothérapie pour le mal de dos", "Montréal", "fr-CA")
            == "Name 'Physiothérapie pour le mal de dos' in the title, e.g. 'Physiothérapie pour le mal de dos à Montréal'.")


def test_the_french_samples_scorecard_shows_french_examples():
    from seoaudit.api import Auditor
    from seoaudit.config import Settings
    from seoaudit.files import read_file

    raw = read_file(FRENCH_SAMPLE)
    page = Auditor(Settings()).audit_raw(raw)
    html = render_html(make_report((page,)), RenderContext())[0].data.decode()
    shown = [p.text() for p in LexborHTMLParser(html).css("div.fix p")]
    assert any("'Acupuncture pour le mal de dos à Montréal | Clinique'" in f for f in shown), shown
    assert any("'Acupuncture pour le mal de dos : à quoi s'attendre'" in f for f in shown)
    assert not any(re.search(r"in Montréal|What to expect from|read our guide", f) for f in shown)


def test_a_slug_example_has_no_apostrophe():
    from seoaudit.registry import fill_example

    assert fill_example("/blog/{slug}/", "acupuncture pour l'insomnie", "Québec", "fr", treatment="x") == \
        "/blog/acupuncture-insomnie-quebec/"  # the elided article goes, as French URLs write it
    assert fill_example("/blog/{slug}/", "women’s health physio", "Calgary", "en", treatment="x") == \
        "/blog/womens-health-physio-calgary/"


def test_a_markdown_posts_meta_description_fix_names_its_front_matter():
    page = PageReport(source="x", url="x", status="ok", kind="markdown", keyphrases=("knee pain",), cities=("Oakville",),
                      stats={"language": "en"})
    assert check_docs()["KW006"].fix_for(page).startswith("Use the keyphrase once or twice in the front matter's `description:`")
    html = dataclasses.replace(page, kind="html")
    assert check_docs()["KW006"].fix_for(html).startswith("Use the keyphrase once or twice in the meta description")
