"""Checks that read word lists read the page's language (English, French, Spanish), and say
so on pages in other languages instead of passing them: "no cure claim found" on a German
page would pass what was never read."""

from __future__ import annotations

import json

import pytest

from seoaudit.checks import claims as C
from seoaudit.checks import conversion as V
from seoaudit.checks import trust as TR
from seoaudit.document import build_document
from seoaudit.models import RawPage
from seoaudit.profiles import ClinicInfo, get_profile
from seoaudit.registry import CheckContext
from seoaudit.runner import run_check

FRENCH = (
    "<p>L'acupuncture guérit votre mal de dos pour de bon, sans aucun effet secondaire. Des études montrent "
    "qu'elle est plus efficace que les médicaments contre la douleur chronique.</p>"
    "<p>Le mal de dos est l'une des raisons les plus fréquentes de consulter à notre clinique de Montréal.</p>"
)
ENGLISH = "<p>Acupuncture cures back pain for good, with no side effects.</p>"


def doc_of(article: str, lang: str = "fr-CA", head: str = ""):
    html = (f"<html lang='{lang}'><head><title>Acupuncture</title>{head}</head><body>"
            "<nav><a href='/rendez-vous/'>Prendre rendez-vous</a></nav>"
            f"<article><h1>Acupuncture et mal de dos</h1>{article}</article></body></html>")
    return build_document(RawPage(source="t", url="https://clinique.example/blogue/acupuncture/", body=html.encode()))


def run(func, doc, **opts):
    spec = func.spec
    ctx = CheckContext(clinic=ClinicInfo(profile=get_profile("ca-on-tcm")))
    return run_check(spec, doc, spec.make_options(opts) if opts else spec.default_options(), ctx)


GERMAN = ("<p>Akupunktur heilt Ihre Rückenschmerzen für immer, ganz ohne Nebenwirkungen. Studien zeigen, dass sie "
          "wirksamer ist als Medikamente gegen chronische Schmerzen.</p>"
          "<p>Rückenschmerzen sind einer der häufigsten Gründe für einen Besuch in unserer Praxis in Berlin.</p>")


def test_claim_checks_read_french_pages_with_the_french_rules():
    doc = doc_of(FRENCH)
    found = {func.spec.code: run(func, doc) for func in C.CHECKS[:11]}
    assert {code for code, r in found.items() if r.status != "good"} == {"CL001", "CL003", "CL004", "CL005"}
    assert found["CL001"].evidence[0].highlights[0] == "guérit" and found["CL001"].evidence[0].rule == "fr-cure-word"
    assert "Décrivez un effet possible" in found["CL001"].evidence[0].advice  # the safer wording is French too
    safe = doc_of("<p>L'acupuncture ne guérit pas le mal de dos, mais elle peut soulager la douleur chez certaines "
                  "personnes. Les résultats varient et ne sont pas garantis.</p>")
    assert all(run(func, safe).status == "good" for func in C.CHECKS[:11])


def test_claim_checks_are_not_applicable_where_no_rules_read_the_page():
    for func in C.CHECKS[:11]:  # the scanner's categories; CL012 reads "Dr." titles in any language
        r = run(func, doc_of(GERMAN, lang="de"))
        assert r.status == "na", (func.spec.code, r.status)
        assert "de" in r.message and "English, French and Spanish" in r.message and "rules_file" in r.message
    # the same claims in English are found: the page's language, not the rules, made the difference
    assert run(C.cure, doc_of(ENGLISH, lang="en")).status == "bad"


def test_a_french_page_is_still_judged_by_its_structured_data_and_by_your_own_rules(tmp_path):
    rating = {"@context": "https://schema.org", "@type": "MedicalClinic", "name": "Clinique Plateau",
              "aggregateRating": {"@type": "AggregateRating", "ratingValue": "4.9", "reviewCount": "80"}}
    head = f'<script type="application/ld+json">{json.dumps(rating)}</script>'
    assert run(C.testimonial, doc_of(GERMAN, lang="de", head=head)).status == "bad"  # a self-serving rating reads in any language
    rules = tmp_path / "regles.toml"
    rules.write_text("[categories.cure]\ntitle = 'Allégation de guérison'\nsource = 's'\nsuggestion = 'x'\n"
                     "[[rules]]\nid = 'guerit'\ncategory = 'cure'\npattern = '\\bguérit\\b'\n", encoding="utf-8")
    r = run(C.cure, doc_of(GERMAN, lang="de"), rules_file=str(rules))
    assert r.status == "good"  # your rules read the page, and find no "guérit" in German
    r = run(C.cure, doc_of(FRENCH), rules_file=str(rules))
    assert r.status == "bad" and r.evidence[0].rule == "guerit"


def test_trust_checks_read_french_word_lists_and_skip_other_languages():
    doc = doc_of(FRENCH)
    assert run(TR.medical_review, doc).status == "ok"  # a condition is discussed ("mal de dos", "douleur"), no review shown
    reviewed = doc_of(FRENCH + "<p>Article révisé par Dre Julie Roy, physiothérapeute.</p>")
    r = run(TR.medical_review, reviewed)
    assert r.status == "good" and r.value == "visible" and "Dre Julie Roy" in r.message
    assert run(TR.safety_net, doc).status == "ok"  # no "consultez un médecin"
    netted = doc_of(FRENCH + "<p>Consultez un médecin si la douleur s'accompagne de fièvre.</p>")
    assert run(TR.safety_net, netted).status == "good"
    for func in (TR.medical_review, TR.safety_net):
        r = run(func, doc_of(GERMAN, lang="de"))
        assert r.status == "na" and "English, French and Spanish" in r.message
    # evidence claims are read in French ("Des études montrent"): uncited, so a warning under
    # ca-on-tcm, as CL005 judges them there
    r = run(TR.evidence_citations, doc)
    assert r.status == "ok" and r.evidence[0].highlights == ("études montrent",) and "as in CL005" in r.message
    r = run(TR.evidence_citations, doc_of(GERMAN, lang="de"))
    assert r.status == "na" and "English, French and Spanish" in r.message
    cited = doc_of(GERMAN + "<p>Siehe <a href='https://pubmed.ncbi.nlm.nih.gov/123/'>die Studie</a>.</p>", lang="de")
    assert run(TR.evidence_citations, cited).status == "good"  # a citation is a link in any language


def test_booking_cta_reads_french_calls_to_action_and_only_links_elsewhere():
    booked = doc_of(FRENCH + "<p><a href='https://plateau.janeapp.com/'>Prenez rendez-vous en ligne</a></p>")
    r = run(V.booking_cta, booked)
    assert r.status == "good" and r.message == "The post has a booking link and a call to action."
    vague = doc_of(FRENCH + "<p><a href='https://plateau.janeapp.com/'>ici</a></p>")
    assert run(V.booking_cta, vague).status == "ok"  # a booking link without a call to action
    r = run(V.booking_cta, doc_of(FRENCH))
    assert r.status == "ok" and "only outside the post" in r.message  # the menu's /rendez-vous/ is a booking page
    german = doc_of(GERMAN + "<p><a href='https://praxis.example/terminbuchung/'>Jetzt Termin buchen</a></p>", lang="de")
    r = run(V.booking_cta, german)
    assert r.status == "good" and "read in English, French and Spanish only" in r.message
    # call-to-action words given as options are read on any page
    r = run(V.booking_cta, german, cta_patterns=(r"\btermin buchen\b",))
    assert r.status == "good" and r.message == "The post has a booking link and a call to action."


def test_booking_pages_are_recognised_by_their_urls_in_other_languages():
    booking = V._patterns((), "booking_patterns", "test")
    for url in ("https://clinique.example/prendre-rendez-vous/", "https://clinique.example/rendez-vous",
                "https://clinica.example/es/pedir-cita/", "https://clinica.example/citas/", "https://praxis.example/terminbuchung/",
                "https://praxis.example/termin", "https://studio.example/prenota/", "https://praktijk.example/afspraak-maken/",
                "https://clinica.example/agendar-consulta/", "https://clinique.example/reservation/"):
        assert booking.search_any(url), url
    for url in ("https://clinic.example/book-online/", "https://clinic.example/booking", "https://clinic.example/book?svc=2"):
        assert booking.search_any(url), url
    for url in ("https://clinic.example/terminology/", "https://clinic.example/blog/reservoir-dogs/",
                "https://clinic.example/blog/incitation/", "https://clinic.example/blog/prenotable/",
                "http://pinterest.com/pin/create/bookmarklet/?url=x", "https://clinic.example/books/",
                "https://clinic.example/category/books/book-reviews/"):  # a share button, a shop, a blog category
        assert not booking.search_any(url), url


def test_a_byline_in_the_pages_language_names_the_author():
    byline = "<p class='byline'>Par Marie-Ève Tremblay, Ac.</p>"
    r = run(TR.author_credentials, doc_of(byline + FRENCH))
    assert r.value.startswith("Marie-Ève Tremblay") and "without a link to an author page" in r.message  # Ac. is her credential
    # a lower-case "par" is a preposition, not a byline; English leads still count on any page
    assert run(TR.author_credentials, doc_of("<p>Une douleur causée par Santé Canada.</p>" + FRENCH)).status == "bad"
    assert run(TR.author_credentials, doc_of("<p>Por Lucía Gómez</p>" + FRENCH)).status == "bad"  # Spanish lead on a French page
    spanish = doc_of("<p>Por Lucía Gómez, fisioterapeuta</p><p>La fisioterapia para el dolor de espalda es una de las razones "
                     "más frecuentes de consulta en nuestra clínica de Madrid, y la mayoría de los pacientes mejora.</p>", lang="es")
    assert run(TR.author_credentials, spanish).value == "Lucía Gómez"


def test_transition_words_are_read_in_french():
    from seoaudit.checks import readability as RD

    linked = ("<p>D'abord, votre acupuncteur pose des questions sur votre douleur. Ensuite, il examine votre dos. "
              "Par exemple, il vérifie la mobilité de vos hanches. Cependant, chaque personne est différente. "
              "C'est pourquoi le plan de traitement varie. Lorsqu'il y a de la fièvre, consultez un médecin.</p>") * 6
    r = run(RD.transition_words, doc_of(linked))
    assert r.status == "good" and r.value == 100.0
    assert {e.detail for e in r.evidence} == {"d'abord", "ensuite", "par exemple", "cependant", "c'est pourquoi", "lorsqu'il"}
    flat = ("<p>Votre acupuncteur pose des questions sur votre douleur. Il examine votre dos. Il vérifie la mobilité "
            "de vos hanches. Chaque personne est différente. Le plan de traitement varie selon les personnes.</p>") * 8
    assert run(RD.transition_words, doc_of(flat)).status == "bad"
    r = run(RD.transition_words, doc_of(GERMAN * 20, lang="de"))
    assert r.status == "na" and "English, French and Spanish" in r.message


SPANISH = (
    "<p>La acupuntura cura su dolor de espalda para siempre, sin efectos secundarios. Primero, su fisioterapeuta "
    "le pregunta por su dolor. Luego, revisa su movilidad. Sin embargo, cada persona es diferente.</p>"
    "<p>Consulte a un médico si el dolor aparece después de una caída. "
    "<a href='https://clinica.example/citas/'>Reserve su cita en línea</a>.</p>"
)


def test_a_spanish_page_is_read_with_the_spanish_rules_and_lists():
    from seoaudit.checks import readability as RD

    doc = doc_of(SPANISH * 6, lang="es-US")
    found = {func.spec.code: run(func, doc) for func in C.CHECKS[:11]}
    assert {code for code, r in found.items() if r.status != "good"} == {"CL001", "CL003"}
    assert all(e.rule.startswith("es-") for e in found["CL001"].evidence)
    assert run(TR.safety_net, doc).status == "good"  # "consulte a un médico"
    assert run(V.booking_cta, doc).status == "good"  # /citas/ and "reserve su cita"
    assert run(RD.transition_words, doc).status == "good"  # primero, luego, sin embargo


def test_visible_dates_in_french_and_spanish():
    from seoaudit.checks.clinic_common import dates_in

    assert [d.isoformat() for d, _ in dates_in("Publié le 1er mars 2024 · Mis à jour le 12 Décembre 2025")] == ["2024-03-01", "2025-12-12"]
    assert [d.isoformat() for d, _ in dates_in("Publicado el 15 de septiembre de 2025; actualizado el 3 de marzo del 2026")] == ["2025-09-15", "2026-03-03"]
    assert dates_in("el 31 de febrero de 2024") == [] and dates_in("12 mars 2024")[0][0].month == 3  # not "mar" + s
    doc = doc_of("<p>Publié le 15 septembre 2025 · Mis à jour le 2 octobre 2026</p>" + FRENCH)
    r = run_check(TR.content_dates.spec, doc, TR.content_dates.spec.make_options({"today": "2026-12-07"}), CheckContext())
    assert r.value == "2026-10-02" and "no visible date" not in r.message.lower()
    assert ("visible update", "Mis à jour le 2 octobre 2026") in [(e.verdict, e.text) for e in r.evidence]


def test_other_language_rules_take_titles_and_sources_from_the_english_file(tmp_path):
    from seoaudit.claims import load_rules

    en = load_rules()
    for language in ("fr", "es"):
        other = load_rules(language=language)
        assert set(other.categories) == set(en.categories)
        for name, cat in other.categories.items():
            assert (cat.title, cat.source, cat.skip_questions) == (en.categories[name].title, en.categories[name].source, en.categories[name].skip_questions)
            assert cat.suggestion != en.categories[name].suggestion  # the safer wording is the page's language
    bare = tmp_path / "bare.toml"
    bare.write_text("[categories.cure]\nsuggestion = 'x'\n[[rules]]\nid = 'a'\ncategory = 'cure'\npattern = 'a'\n", encoding="utf-8")
    assert load_rules(str(bare)).categories["cure"].title == en.categories["cure"].title
    broken = tmp_path / "broken.toml"
    broken.write_text("[categories.new]\nsuggestion = 'x'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="title and source"):
        load_rules(str(broken))


@pytest.mark.parametrize("lang, byline, body", [
    ("es", "Por la Dra. Carolina Méndez, DDS", "La sensibilidad dental afecta a muchas personas en Miami y tiene tratamiento."),
    ("es", "Por Carolina Méndez, odontóloga", "La sensibilidad dental afecta a muchas personas en Miami y tiene tratamiento."),
    ("fr", "Par Dre Lise Roy, physiothérapeute", "La physiothérapie aide beaucoup de patients à Montréal à bouger sans douleur."),
])
def test_bylines_with_a_doctors_title_or_a_profession(lang, byline, body):
    from seoaudit.api import Auditor
    from seoaudit.config import Settings

    html = f"<html lang='{lang}'><head><title>x</title></head><body><article><h1>T</h1><p>{byline}</p>{('<p>' + body + '</p>') * 6}</article></body></html>"
    r = Auditor(Settings(select=("TR001",))).audit_raw(RawPage(source="x", url="https://clinic.example/blog/a/", body=html.encode()))
    check = r.checks[0]
    assert check.status == "ok" and "without a link to an author page" in check.message  # named, with a credential
    assert not check.value.startswith(("la ", "el ", "le "))


@pytest.mark.parametrize("lang, line, iso", [
    ("es", "Publicado: 04/03/2026", "2026-03-04"),
    ("fr", "Publié le 18.09.2026", "2026-09-18"),
])
def test_numeric_dates_are_read_day_first_on_french_and_spanish_pages(lang, line, iso):
    from seoaudit.api import Auditor
    from seoaudit.config import Settings

    body = "La physiothérapie aide beaucoup de patients à Montréal à bouger sans douleur." if lang == "fr" else \
        "La fisioterapia ayuda a muchos pacientes en Miami a moverse sin dolor cada semana."
    html = f"<html lang='{lang}'><head><title>x</title></head><body><article><h1>T</h1><p>{line}</p>{('<p>' + body + '</p>') * 6}</article></body></html>"
    r = Auditor(Settings(select=("TR003",))).audit_raw(RawPage(source="x", url="https://clinic.example/blog/a/", body=html.encode()))
    assert r.checks[0].value == iso  # found: "No publication date on the page" before


def test_numeric_dates_in_either_order_are_read_only_when_one_reading_fits():
    from seoaudit.checks.clinic_common import ambiguous_numeric_dates, dates_in

    assert dates_in("Posted 04/03/2026") == []  # 4 March or April 3: ambiguous in English
    assert ambiguous_numeric_dates("Posted 04/03/2026, 25/12/2025, 05/05/2025") == ["04/03/2026"]
    assert [d.isoformat() for d, _ in dates_in("Posted 25/12/2025")] == ["2025-12-25"]  # only day first fits
    assert [d.isoformat() for d, _ in dates_in("Posted 12/25/2025")] == ["2025-12-25"]  # only month first fits
    assert [d.isoformat() for d, _ in dates_in("Posted 05.05.2025")] == ["2025-05-05"]  # both readings agree
    assert [d.isoformat() for d, _ in dates_in("Posted 04/03/2026", "mdy")] == ["2026-04-03"]
    assert [d.isoformat() for d, _ in dates_in("Posted 04/03/2026", "dmy")] == ["2026-03-04"]
    assert dates_in("Posted 31/02/2026", "dmy") == [] and dates_in("Posted 13/25/2026") == []


ENGLISH_BODY = "Physiotherapy helps many patients in Calgary move without pain every single week."


def _tr003(lang: str, line: str):
    from seoaudit.api import Auditor
    from seoaudit.config import Settings

    lang_attr = f" lang='{lang}'" if lang else ""
    html = (f"<html{lang_attr}><head><title>x</title></head><body><article><h1>T</h1><p>{line}</p>"
            f"{('<p>' + ENGLISH_BODY + '</p>') * 6}</article></body></html>")
    return Auditor(Settings(select=("TR003",), check_options={"TR003": {"today": "2026-06-01"}})).audit_raw(
        RawPage(source="x", url="https://clinic.example/blog/a/", body=html.encode())).checks[0]


@pytest.mark.parametrize("lang, iso", [("en-US", "2026-04-03"), ("en-GB", "2026-03-04"), ("en-AU", "2026-03-04")])
def test_numeric_dates_on_english_pages_follow_the_region_of_their_lang(lang, iso):
    assert _tr003(lang, "Posted 04/03/2026").value == iso


@pytest.mark.parametrize("lang", ["en", "en-CA", ""])
def test_an_ambiguous_numeric_date_is_named_instead_of_said_missing(lang):
    check = _tr003(lang, "Posted 04/03/2026")
    assert check.status == "bad" and "'04/03/2026'" in check.message and "month as a word" in check.message
    assert "No publication date" not in check.message
    assert _tr003(lang, "Posted 25/03/2026").value == "2026-03-25"  # one reading only: read


@pytest.mark.parametrize("lang, cta", [
    # the informal tú form a Madrid clinic writes, besides the usted form
    ("es", "Reserva tu cita"), ("es", "Reservar tu cita"), ("es", "Pide cita"), ("es", "Pide tu cita"),
    ("es", "Llámanos"), ("es", "Llamanos"), ("es", "Contáctanos"), ("es", "Escríbenos"), ("es", "Reserve su cita"),
    ("fr-CA", "Prenez rendez-vous"), ("fr-CA", "Réservez votre séance"), ("fr-CA", "Appelez-nous"), ("fr-CA", "Écrivez-nous"),
    ("fr-CA", "Prends rendez-vous"), ("fr-CA", "Écris-nous"),
])
def test_booking_cta_reads_informal_and_formal_calls_to_action(lang, cta):
    """A Madrid chiropractic clinic's "Reserva tu cita" links were "a booking link without a call to action"."""
    doc = doc_of(f"<p>La primera visita dura una hora. <a href='https://clinica.example/pedir-cita/'>{cta}</a></p>", lang=lang)
    r = run(V.booking_cta, doc)
    assert r.status == "good" and r.message == "The post has a booking link and a call to action.", (cta, r.message)


@pytest.mark.parametrize("lang, text", [
    ("es", "La reserva natural está a diez minutos de la clínica."),
    ("es", "Escribe tu nombre completo en el formulario."),
    ("fr-CA", "La réserve faunique est à dix minutes de la clinique."),
    ("fr-CA", "Il a écrit un livre sur le dos."),
])
def test_words_like_a_call_to_action_are_not_one(lang, text):
    doc = doc_of(f"<p>{text} <a href='https://clinica.example/pedir-cita/'>aquí</a></p>", lang=lang)
    r = run(V.booking_cta, doc)
    assert r.status == "ok" and "without a call to action" in r.message, (text, r.message)
