"""Pages without a lang attribute: their language is guessed from their words."""

from __future__ import annotations

import pytest

from seoaudit.checks import basics as B
from seoaudit.checks import readability as R
from seoaudit.document import build_document
from seoaudit.language import guess_language, page_language
from seoaudit.models import RawPage
from seoaudit.registry import CheckContext
from seoaudit.runner import run_check

TEXTS = {
    "en": "Acupuncture for back pain is one of the treatments people ask us about. Most people need a few sessions, "
          "and the effect is modest. It is safe when a registered practitioner does it, and you can keep working.",
    "pt": "A acupuntura para dor nas costas é um dos tratamentos que as pessoas nos perguntam. A maioria das pessoas "
          "precisa de algumas sessões, e o efeito é modesto. É segura quando um profissional registrado faz o tratamento.",
    "fr": "L'acupuncture pour le mal de dos est un des traitements que les patients nous demandent. La plupart des "
          "personnes ont besoin de quelques séances, et l'effet est modeste. Elle est sûre avec un praticien qui est inscrit.",
    "de": "Akupunktur bei Rückenschmerzen ist eine der Behandlungen, nach der Patienten fragen. Die meisten brauchen "
          "einige Sitzungen, und die Wirkung ist nicht groß. Sie ist sicher, wenn sich ein Therapeut mit der Methode auskennt.",
    "es": "La acupuntura para el dolor de espalda es uno de los tratamientos que los pacientes nos piden. La mayoría de "
          "las personas necesita algunas sesiones, y el efecto es modesto. Es segura con un profesional que está registrado.",
    "ko": "허리 통증에 대한 침술은 사람들이 자주 묻는 치료 중 하나입니다. 대부분의 사람들은 몇 번의 치료가 필요합니다.",
}


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_the_language_of_a_text_is_guessed(lang):
    assert guess_language(TEXTS[lang] * 2) == lang


def test_too_little_text_is_no_guess():
    assert guess_language("Acupuncture Edmonton") == ""
    assert guess_language("") == ""


def page(body: str, lang: str | None):
    attr = f' lang="{lang}"' if lang is not None else ""
    html = f"<html{attr}><head><title>t</title></head><body><article><h1>t</h1><p>{body}</p></article></body></html>"
    return build_document(RawPage(source="t", url="https://clinic.example/blog/x/", body=html.encode()))


def reading_ease(doc):
    spec = next(f.spec for f in R.CHECKS if f.spec.code == "RD001")
    return run_check(spec, doc, spec.default_options(), CheckContext())


def test_a_page_without_lang_in_portuguese_is_not_scored_as_english():
    doc = page(TEXTS["pt"] * 2, lang=None)
    assert page_language(doc) == ("pt", True)
    r = reading_ease(doc)
    assert r.status == "na" and "pt (guessed from the text)" in r.message


def test_a_page_without_lang_in_french_gets_the_french_formula():
    r = reading_ease(page(TEXTS["fr"] * 2, lang=None))
    assert r.status != "na" and "(fr formula)" in r.message


def test_a_declared_lang_holds_unless_the_text_clearly_reads_otherwise():
    assert page_language(page(TEXTS["en"] * 2, lang="en-CA")) == ("en", False)
    assert page_language(page(TEXTS["fr"] * 2, lang="fr-CA")) == ("fr", False)
    assert page_language(page(TEXTS["en"] * 2, lang=None))[0] == "en"
    assert page_language(page("Book today.", lang=None)) == ("en", False)
    assert page_language(page("Book today.", lang="de")) == ("de", False)  # too little text to doubt it


def test_a_theme_left_on_en_us_over_a_portuguese_post():
    doc = page(TEXTS["pt"] * 2, lang="en-US")
    assert page_language(doc) == ("pt", True)
    r = reading_ease(doc)
    assert r.status == "na" and "pt (the text's; lang says en-US)" in r.message
    spec = next(f.spec for f in B.CHECKS if f.spec.code == "BA006")
    lang_check = run_check(spec, doc, spec.default_options(), CheckContext())
    assert lang_check.status == "ok" and "reads as pt" in lang_check.message
    english = page(TEXTS["en"] * 2, lang="en-US")
    assert run_check(spec, english, spec.default_options(), CheckContext()).status == "good"


@pytest.mark.parametrize("typed, content", [
    ("acupuncture pour le mal de dos", ("acupunctur", "mal", "dos")),  # "dos" is the back, not Portuguese "of the"
    ("fisioterapia para dolor de espalda", ("fisioterapia", "dolor", "espalda")),
    ("agopuntura per il mal di schiena", ("agopuntura", "mal", "schiena")),
    ("Physiotherapie bei Rückenschmerzen", ("physiotherapi", "ruckenschmerzen")),  # keys carry no accents
    ("acupuncture for back pain", ("acupunctur", "back", "pain")),
    ("fysiotherapie voor rugpijn", ("fysiotherapi", "rugpijn")),  # Dutch, as the README says
    ("non-surgical spinal decompression", ("non", "surgical", "spinal", "decompression")),  # "non" is content here
])
def test_keyphrases_in_other_languages_drop_their_function_words(typed, content):
    from seoaudit.text import Keyphrase

    assert Keyphrase.parse(typed).content == content


def test_french_elision_and_related_label():
    """'L'acupuncture pour le mal de dos' matches the keyphrase; 'À lire aussi :' is a
    Related cue on a page that declares French."""
    from seoaudit.checks import keyword as K
    from seoaudit.checks import links as LK
    from seoaudit.models import Targeting

    body = (TEXTS["fr"] + " L'acupuncture pour le mal de dos aide certaines personnes. "
            "<p>À lire aussi : <a href='/blog/sciatique/'>l'acupuncture pour la sciatique</a></p>")
    doc = page(body, lang="fr-CA")
    ctx = CheckContext(targeting=Targeting(keyphrases=("acupuncture pour le mal de dos",)))
    spec = next(f.spec for f in K.CHECKS if f.spec.code == "KW001")
    assert run_check(spec, doc, spec.default_options(), ctx).value["matches"] >= 1
    assert [l.context for l in doc.links if "sciatique" in l.href] == ["related"]
    lk = run_check(LK.related_links.spec, doc, LK.related_links.spec.default_options(), ctx)
    assert lk.status == "good"


def test_accents_and_plurals_of_other_languages_match():
    """"lesión"/"lesiones" and "Bogotá" in the text against a slug written "bogota"."""
    from seoaudit.checks import keyword as K
    from seoaudit.models import Targeting

    body = ("<p>La fisioterapia para lesiones deportivas ayuda a muchas personas en Bogotá. Cada lesión es distinta, "
            "y la fisioterapia para una lesión deportiva empieza con una evaluación completa de su movilidad.</p>")
    doc = build_document(RawPage(source="t", url="https://clinica.example/blog/fisioterapia-lesiones-deportivas-bogota/",
                                 body=f"<html lang='es'><head><title>t</title></head><body><article>{body}</article></body></html>".encode()))
    ctx = CheckContext(targeting=Targeting(keyphrases=("fisioterapia para lesión deportiva en Bogotá",)))
    density = next(f.spec for f in K.CHECKS if f.spec.code == "KW001")
    # the first sentence holds every content word ("lesiones" for "lesión"); the second lacks Bogotá
    assert run_check(density, doc, density.default_options(), ctx).value["matches"] == 1
    slug = next(f.spec for f in K.CHECKS if f.spec.code == "KW007")
    assert run_check(slug, doc, slug.default_options(), ctx).status == "good"


def test_a_declared_language_holds_unless_another_is_clearly_ahead():
    """A short Spanish draft declared `lang: es` was guessed Portuguese (they share "no", "de",
    "a", "que"...), and every claim check went na."""
    from seoaudit.language import guess_language

    spanish = ("El blanqueamiento dental no suele ser doloroso, aunque algunas personas notan sensibilidad. "
               "Los resultados no son permanentes: suelen durar de uno a tres años. No es totalmente indoloro "
               "para todos. No podemos decir que no tenga ningún riesgo. Ningún tratamiento mejora tu sistema "
               "inmunológico. Si tienes caries o enfermedad de las encías, consulta a tu dentista.")
    assert guess_language(spanish, "es") == "es"
    portuguese = ("O clareamento dental não costuma doer, mas algumas pessoas sentem sensibilidade nos dentes. "
                  "Os resultados não são permanentes e duram de um a três anos para a maioria das pessoas. "
                  "Se você tem cáries ou doença nas gengivas, fale com o seu dentista antes do tratamento.")
    assert guess_language(portuguese, "en") == "pt"  # a theme left on English over a Portuguese post
