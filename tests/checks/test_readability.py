"""Readability checks (RD001-RD008): a passing and a failing page per check, plus the
syllable table and the word-list rules they rest on."""

from __future__ import annotations

import dataclasses

import pytest

from seoaudit import syllables as S
from seoaudit.checks import readability as R
from seoaudit.document import build_document
from seoaudit.models import RawPage
from seoaudit.registry import CheckContext
from seoaudit.runner import run_check

URL = "https://clinic.example/blog/acupuncture-back-pain/"

# Short, plain sentences (8 words each, 1-2 syllable words).
EASY = "We can help your back feel good again."
# A long, polysyllabic sentence (22 words).
HARD = (
    "Comprehensive multidisciplinary rehabilitation methodologies facilitate musculoskeletal recuperation "
    "through individualised therapeutic interventions, evidence-informed physiotherapeutic modalities and "
    "interdisciplinary collaboration between practitioners."
)
LONG_SENTENCE = "Our team " + " ".join(["checks"] * 21) + " your back."  # 24 words
ACTIVE = "Your acupuncturist places fine needles in your back."
PASSIVE = "Fine needles are placed in your back by the acupuncturist."
TRANSITION = "However, most people feel calm during a visit."
PLAIN = "Most people feel calm and rested on the table."


def page(body: str, lang: str = "en"):
    html = f'<html lang="{lang}"><head><title>Acupuncture</title></head><body><article><h1>Acupuncture</h1>{body}</article></body></html>'
    return build_document(RawPage(source="t", url=URL, body=html.encode()))


def para(*sentences: str) -> str:
    return f"<p>{' '.join(sentences)}</p>"


def words(n: int) -> str:
    """A paragraph of exactly ``n`` words in 10-word sentences."""
    out, left = [], n
    while left > 0:
        k = min(10, left)
        out.append(" ".join(["Massage"] + ["helps"] * (k - 1)) + ".")
        left -= k
    return para(*out)


def run(code: str, doc, **options):
    spec = next(f.spec for f in R.CHECKS if f.spec.code == code)
    opts = dataclasses.replace(spec.default_options(), **options) if options else spec.default_options()
    return run_check(spec, doc, opts, CheckContext())


# ---- syllables ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word, expected",
    [
        ("acupuncture", 4),
        ("Acupuncture", 4),
        ("physiotherapy", 6),  # not in CMU: from tools/syllables_extra.tsv
        ("massage", 2),
        ("chiropractic", 4),
        ("the", 1),
        ("RMT", 3),  # unknown initialism: one syllable a letter
        ("massage's", 3),  # possessive after a sibilant
        ("low-back", 2),
        ("2024", 0),
    ],
)
def test_syllable_counts(word, expected):
    assert S.syllables(word) == expected


def test_syllable_heuristic_for_unknown_words():
    assert "zorbulating" not in S.table()
    assert S.syllables("zorbulating") == 4
    assert S.heuristic_syllables("physiotherapy") == 5  # why the clinic list exists


def test_table_is_the_shipped_cmu_table():
    t = S.table()
    assert len(t) > 120_000
    assert t["acupuncture"] == 4 and t["every"] == 3


# ---- RD001 reading ease ------------------------------------------------------------------


def test_reading_ease_formula_on_known_counts():
    # acupuncture 4 + helps 1 + patients 2 = 7 syllables, 3 words, 1 sentence
    r = run("RD001", page(para("Acupuncture helps patients.")), min_words=1)
    assert r.value == round(206.835 - 1.015 * 3 - 84.6 * 7 / 3, 1) == 6.4
    assert r.status == "bad"


def test_reading_ease_easy_text_passes():
    r = run("RD001", page(para(*[EASY] * 8)))
    assert r.status == "good"
    assert r.value >= 60
    assert r.evidence == ()


def test_reading_ease_hard_text_fails_and_shows_hard_sentences():
    r = run("RD001", page(para(*[HARD] * 3, EASY)))
    assert r.status == "bad"
    assert r.value == 0.0  # below zero, clamped as Yoast does
    assert r.evidence and all(e.kind == "sentence" and e.text == HARD for e in r.evidence)


def test_reading_ease_needs_enough_words():
    assert run("RD001", page(para(EASY))).status == "na"


def test_reading_ease_other_language_uses_its_own_formula():
    text = "Die Behandlung dauert eine Stunde. Die meisten Patienten spüren wenig. " * 6
    de = run("RD001", page(para(text), lang="de-DE"))
    assert de.status in ("good", "ok", "bad") and isinstance(de.value, float)
    # too few words to doubt the declared language: each formula as declared
    short = "Die Behandlung dauert eine Stunde. Die meisten Patienten spüren wenig."
    assert run("RD001", page(para(short), lang="en"), min_words=5).value != run("RD001", page(para(short), lang="de"), min_words=5).value
    # a long German text declared "en" reads as German (lang left on the theme's default)
    mislabelled = run("RD001", page(para(text), lang="en"))
    assert mislabelled.value == de.value and "(de formula)" in mislabelled.message
    short_pt = run("RD001", page(para(short), lang="pt"), min_words=5)
    assert short_pt.status == "na"  # no Portuguese formula
    assert run("RD001", page(para("鍼治療は腰痛の治療法の一つです。多くの人が数回の施術で変化を感じます。" * 6), lang="ja")).status == "na"


def test_coefficients_match_textstat():
    constants = pytest.importorskip("textstat.backend.utils.constants")
    for lang, (base, per_sentence, per_syllable) in R.FRE_COEFFICIENTS.items():
        cfg = constants.LANG_CONFIGS[lang]
        assert (cfg["fre_base"], cfg["fre_sentence_length"], cfg["fre_syll_per_word"]) == (base, per_sentence, per_syllable)


# ---- RD002 grade level -------------------------------------------------------------------


def test_grade_level_formula_on_known_counts():
    r = run("RD002", page(para("Acupuncture helps patients.")), min_words=1)
    assert r.value == round(0.39 * 3 + 11.8 * 7 / 3 - 15.59, 1) == 13.1


def test_grade_level_easy_text_passes():
    r = run("RD002", page(para(*[EASY] * 8)))
    assert r.status == "good" and r.value <= 8


def test_grade_level_hard_text_fails():
    r = run("RD002", page(para(*[HARD] * 3, EASY)))
    assert r.status == "bad" and r.value > 10
    assert r.evidence and all(e.text == HARD for e in r.evidence)


# ---- RD003 sentence length ----------------------------------------------------------------


def test_sentence_length_short_sentences_pass():
    r = run("RD003", page(para(*[EASY] * 10)))
    assert (r.status, r.value, r.evidence) == ("good", 0.0, ())


def test_sentence_length_long_sentences_fail_with_evidence():
    doc = page(para(EASY, LONG_SENTENCE) + para(EASY, LONG_SENTENCE))
    r = run("RD003", doc)
    assert (r.status, r.value) == ("bad", 50.0)
    assert [e.kind for e in r.evidence] == ["sentence", "sentence"]
    assert all(e.text == LONG_SENTENCE and e.position is not None for e in r.evidence)
    assert r.evidence[0].position < r.evidence[1].position


def test_sentence_length_ok_band():
    # 3 long of 10 = 30 %: above 25, not above 30
    r = run("RD003", page(para(*[LONG_SENTENCE] * 3, *[EASY] * 7)))
    assert (r.status, r.value) == ("ok", 30.0)


def test_sentence_length_uses_the_language_limit():
    text = para(*["Palabra " + " ".join(["palabra"] * 21) + "."] * 2)  # 22 words: long in English, not in Spanish
    assert run("RD003", page(text, lang="es")).value == 0.0
    assert run("RD003", page(text, lang="en")).value == 100.0


# ---- RD004 paragraph length --------------------------------------------------------------


def test_paragraph_length_short_paragraphs_pass():
    r = run("RD004", page(words(40) + words(120)))
    assert (r.status, r.value, r.evidence) == ("good", 120, ())


def test_paragraph_length_long_paragraph_fails():
    r = run("RD004", page(words(40) + words(230)))
    assert (r.status, r.value) == ("bad", 230)
    assert len(r.evidence) == 1 and r.evidence[0].detail.startswith("230")


def test_paragraph_length_ok_band():
    assert run("RD004", page(words(180))).status == "ok"


# ---- RD005 subheading distribution ----------------------------------------------------------


def test_subheadings_every_250_words_pass():
    body = words(100) + "".join(f"<h2>Part {i}</h2>" + words(250) for i in range(3))
    r = run("RD005", page(body))
    assert (r.status, r.value) == ("good", 250)


def test_long_text_without_subheadings_fails():
    r = run("RD005", page(words(600)))
    assert (r.status, r.value) == ("bad", 600)


def test_short_text_without_subheadings_passes():
    assert run("RD005", page(words(250))).status == "good"


def test_one_long_section_is_reported():
    body = words(100) + "<h2>Cost</h2>" + words(200) + "<h3>What to expect</h3>" + words(340)
    r = run("RD005", page(body))
    assert (r.status, r.value) == ("ok", 340)
    assert [e.text for e in r.evidence] == ["What to expect"]


def test_text_before_first_subheading_counts():
    r = run("RD005", page(words(400) + "<h2>More</h2>" + words(50)))
    assert (r.status, r.value) == ("bad", 400)
    assert r.evidence[0].text == "(text before the first subheading)"


# ---- RD006 text length --------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, status, score",
    [(650, "good", 100.0), (260, "ok", 60.0), (220, "ok", 35.0), (120, "bad", 10.0), (60, "bad", 0.0)],
)
def test_text_length_bands(n, status, score):
    r = run("RD006", page(words(n)))
    assert (r.status, r.value, r.score) == (status, n, score)


# ---- RD007 passive voice ------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Needles are inserted.", ("are", "inserted")),
        ("The points are chosen by the practitioner.", ("are", "chosen")),
        ("It is often not covered by insurance.", ("is", "covered")),
        ("Your neck is being treated.", ("is", "treated")),
        ("He got injured skiing.", ("got", "injured")),
        ("I am tired after work.", None),  # adjective, not passive
        ("She is interested in cupping.", None),
        ("You need more rest.", None),
        ("Your acupuncturist places fine needles.", None),
    ],
)
def test_passive_phrase(sentence, expected):
    assert R.passive_phrase(sentence) == expected


def test_passive_voice_active_text_passes():
    r = run("RD007", page(para(*[ACTIVE] * 9, PASSIVE)))  # 10 %
    assert (r.status, r.value) == ("good", 10.0)


def test_passive_voice_passive_text_fails_with_highlights():
    r = run("RD007", page(para(ACTIVE, PASSIVE, ACTIVE, PASSIVE)))
    assert (r.status, r.value) == ("bad", 50.0)
    assert len(r.evidence) == 2
    assert r.evidence[0].highlights == ("are", "placed")


# French and Spanish: the first 35 sentences were the development set; the last 40
# (from "Chaque plan de traitement") were written before the rules saw them and
# measured once: French 20/20, Spanish precision 0.8 (8 of 10 flagged were passive:
# "son bienvenidas", "es apasionado" were not), recall 1.0. One French label was
# corrected after that run ("Nous sommes ouverts": a clinic's opening hours, adjectival,
# as "open" is in English); the three words are now listed as not participles.
PASSIVE_FR = [
    ("Les aiguilles sont insérées dans des points précis.", ("sont", "insérées")),
    ("Le traitement a été prescrit par votre médecin.", ("été", "prescrit")),
    ("Cette séance n'est pas remboursée par la RAMQ.", ("n'est", "remboursée")),
    ("Les points sont choisis selon vos symptômes.", ("sont", "choisis")),
    ("La douleur est souvent causée par une mauvaise posture.", ("est", "causée")),
    ("Votre dossier sera transmis à votre physiothérapeute.", ("sera", "transmis")),
    ("Les résultats ont été obtenus en quelques semaines.", ("été", "obtenus")),
    ("La clinique est située au centre-ville.", ("est", "située")),
    ("Il s'est blessé en jouant au hockey.", None),  # pronominal verb
    ("Nous nous sommes rencontrés l'an dernier.", None),
    ("Elle est venue pour une douleur au dos.", None),  # compound past with "être"
    ("Il est tombé dans l'escalier.", None),
    ("Je suis fatigué après le travail.", None),  # adjective
    ("Notre acupunctrice est diplômée et membre de l'Ordre.", None),
    ("La santé est importante.", None),
    ("L'acupuncture est une médecine traditionnelle.", None),
    ("C'est une bonne idée de bouger.", None),
    ("Votre acupunctrice insère de fines aiguilles.", None),
    ("Le massage est très apprécié des sportifs.", None),  # "très": adjectival, as "very" in English
    ("Le mal de dos est fréquent.", None),
    ("Chaque plan de traitement est adapté à vos besoins.", ("est", "adapté")),
    ("Les patients sont accueillis du lundi au samedi.", ("sont", "accueillis")),
    ("Une évaluation complète sera effectuée lors de la première visite.", ("sera", "effectuée")),
    ("Les ventouses étaient utilisées en Chine ancienne.", ("étaient", "utilisées")),
    ("Le reçu est envoyé par courriel après la séance.", ("est", "envoyé")),
    ("Ces exercices doivent être faits deux fois par jour.", ("être", "faits")),
    ("Vos questions seront toujours bienvenues.", None),
    ("Votre premier rendez-vous est prévu pour une heure.", ("est", "prévu")),
    ("La technique a été mise au point au Japon.", ("été", "mise")),
    ("L'acupuncture est reconnue par l'Organisation mondiale de la santé.", ("est", "reconnue")),
    ("Marie est arrivée à la clinique avec une entorse.", None),
    ("Nous sommes ouverts le samedi.", None),
    ("Vous êtes les bienvenus.", None),
    ("Elle s'est sentie mieux après trois séances.", None),
    ("La physiothérapie est une profession réglementée.", None),
    ("Notre équipe est passionnée par le sport.", None),
    ("Le dos est la partie la plus touchée.", None),
    ("Il faut bouger chaque jour.", None),
    ("Le coût est de 90 $ par séance.", None),
    ("Nos thérapeutes travaillent avec des athlètes.", None),
]
PASSIVE_ES = [
    ("Las agujas son insertadas en puntos precisos.", ("son", "insertadas")),
    ("El tratamiento fue recomendado por su médico.", ("fue", "recomendado")),
    ("Este programa ha sido diseñado para atletas.", ("sido", "diseñado")),
    ("Los resultados fueron publicados en 2020.", ("fueron", "publicados")),
    ("La sesión no es cubierta por el seguro.", ("es", "cubierta")),
    ("El dolor es causado a menudo por la postura.", ("es", "causado")),
    ("Los ejercicios serán explicados en la primera visita.", ("serán", "explicados")),
    ("La terapia está indicada para el dolor lumbar.", None),  # "estar": a state
    ("Se recomienda descansar después de la sesión.", None),  # reflexive passive: not counted
    ("Es adecuado para personas mayores.", None),  # adjective
    ("El masaje es una terapia manual.", None),
    ("La vida es más fácil sin dolor.", None),
    ("Su fisioterapeuta evalúa su rodilla.", None),
    ("Es importante moverse.", None),
    ("Fue a la clínica el lunes.", None),  # "ir", not "ser"
    ("Cada plan de tratamiento es adaptado a sus necesidades.", ("es", "adaptado")),
    ("Los pacientes son atendidos de lunes a sábado.", ("son", "atendidos")),
    ("Una evaluación completa será realizada en la primera visita.", ("será", "realizada")),
    ("Las ventosas eran usadas en la antigua China.", ("eran", "usadas")),
    ("El recibo es enviado por correo después de la sesión.", ("es", "enviado")),
    ("La técnica fue desarrollada en Japón.", ("fue", "desarrollada")),
    ("La acupuntura es reconocida por la Organización Mundial de la Salud.", ("es", "reconocida")),
    ("Estos ejercicios deben ser hechos dos veces al día.", ("ser", "hechos")),
    ("Sus preguntas siempre son bienvenidas.", None),
    ("María llegó a la clínica con un esguince.", None),
    ("Estamos abiertos los sábados.", None),
    ("Ella se sintió mejor después de tres sesiones.", None),
    ("La fisioterapia es una profesión regulada.", None),
    ("Nuestro equipo es apasionado por el deporte.", None),
    ("La espalda es la parte más afectada.", None),
    ("Hay que moverse cada día.", None),
    ("El costo es de 90 dólares por sesión.", None),
    ("Nuestros terapeutas trabajan con atletas.", None),
    ("El dolor de espalda es muy común.", None),
    ("La cita dura una hora.", None),
]


@pytest.mark.parametrize("lang, sentence, expected", [("fr", s, e) for s, e in PASSIVE_FR] + [("es", s, e) for s, e in PASSIVE_ES])
def test_passive_phrase_french_and_spanish(lang, sentence, expected):
    assert R.passive_phrase(sentence, lang) == expected


def test_english_rules_do_not_read_french():
    # each language has its own auxiliaries: "est" is not an English word, "es" not French "is"
    assert R.passive_phrase("Les aiguilles sont insérées.") is None
    assert R.passive_phrase("Los resultados son publicados.", "fr") is None


@pytest.mark.parametrize("lang, passive, active", [
    ("fr", "Les aiguilles sont insérées par l'acupunctrice.", "Votre acupunctrice insère de fines aiguilles."),
    ("es", "Las agujas son insertadas por la acupunturista.", "Su acupunturista inserta agujas finas."),
])
def test_passive_voice_in_french_and_spanish_pages(lang, passive, active):
    good = run("RD007", page(para(*[active] * 9, passive), lang=lang))
    assert (good.status, good.value) == ("good", 10.0)
    bad = run("RD007", page(para(active, passive), lang=lang))
    assert (bad.status, bad.value) == ("bad", 50.0)
    assert bad.evidence[0].highlights[0] in ("sont", "son")


def test_passive_voice_other_languages_are_not_applicable():
    r = run("RD007", page(para("Die Nadeln werden eingesetzt."), lang="de"))
    assert r.status == "na"
    assert "English, French and Spanish" in r.message


# ---- RD008 transition words --------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("In addition, we treat sports injuries.", "in addition"),
        ("For example, cupping can help.", "for example"),
        ("Both hands and feet have points.", "both ... and"),
        ("Rest because it helps.", "because"),
        ("Most people feel calm.", None),
    ],
)
def test_transition_in(sentence, expected):
    assert R.transition_in(sentence) == expected


def test_transition_words_pass():
    r = run("RD008", page(para(*[TRANSITION, PLAIN] * 15)))  # 50 %, 255 words
    assert (r.status, r.value) == ("good", 50.0)
    assert r.evidence[0].highlights == ("However",)


def test_transition_words_fail():
    r = run("RD008", page(para(TRANSITION, *[PLAIN] * 29)))
    assert (r.status, r.value) == ("bad", 3.3)


def test_transition_words_need_200_words():
    assert run("RD008", page(para(*[PLAIN] * 10))).status == "na"


def test_transition_words_english_only():
    german = "Die Behandlung dauert eine Stunde, und die meisten Patienten spüren danach wenig Schmerzen. "
    assert run("RD008", page(para(german * 15), lang="de")).status == "na"


# ---- language --------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["RD002", "RD007", "RD008"])
def test_english_only_checks_are_na_for_other_languages(code):
    r = run(code, page(words(400), lang="nl"))
    assert r.status == "na"


def test_missing_lang_means_english():
    doc = page(para(*[EASY] * 8), lang="")
    assert R.language_of(doc) == "en"
    assert run("RD002", doc).status == "good"


def test_every_check_documents_itself():
    for f in R.CHECKS:
        spec = f.spec
        assert spec.code.startswith("RD") and spec.category == "readability"
        assert "Passes" in spec.doc and "Fails" in spec.doc
