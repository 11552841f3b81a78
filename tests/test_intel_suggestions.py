"""Keyphrase suggestions name a post's topic: never the clinic's own name (title suffix,
og:site_name, JSON-LD), a call to action or a safety-net phrase; hyphenated words stay
whole, edges are never function words or possessives (English, French, Spanish), and a
one-word topic ("torticolis") may be suggested (the agency review's three blogs)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from httpserver import Reply
from seoaudit.cli import cli
from seoaudit.intel import IntelOptions, PageText, analyse_site
from seoaudit.intel.brand import site_names
from seoaudit.intel.phrases import STOP_WORDS, phrases


def plateau_post(sujet: str) -> str:
    """The Montréal clinic's post template (main content, one block a line)."""
    return "\n".join((
        f"Vous vivez à Montréal et {sujet} vous empêche de profiter de vos journées? À la Clinique Chiropratique du "
        f"Plateau, nous rencontrons chaque semaine des personnes qui consultent pour {sujet}. Cet article explique "
        "ce que la chiropratique peut offrir, à quoi ressemble une première visite et quand consulter un médecin.",
        f"D'où vient {sujet}?",
        "Les causes sont nombreuses : la posture au travail, le manque de sommeil, le stress ou une vieille blessure. "
        "Certains signes, comme une faiblesse dans une jambe ou de la fièvre, demandent de consulter un médecin.",
        f"La chiropratique et {sujet}",
        "Votre chiropraticienne commence par un examen complet. Le traitement combine des ajustements et des exercices.",
        "Prendre rendez-vous sur le Plateau",
        "Notre clinique est située rue Saint-Denis. Vous pouvez prendre rendez-vous en ligne ou nous joindre.",
        "Cet article ne remplace pas un avis médical. En cas de douleur intense, consultez un médecin.",
    ))


PLATEAU = [  # (slug, title, H1, the topic as the text names it)
    ("torticolis", "Torticolis : que faire? | Clinique Chiropratique du Plateau", "Torticolis : que faire?", "un torticolis"),
    ("chiropratique-mal-de-dos-montreal", "Chiropratique pour le mal de dos à Montréal | Clinique du Plateau",
     "Chiropratique pour le mal de dos à Montréal", "le mal de dos"),
    ("maux-de-tete-cervicogeniques", "Maux de tête cervicogéniques | Clinique du Plateau", "Maux de tête cervicogéniques",
     "les maux de tête cervicogéniques"),
    ("premiere-visite", "Votre première visite | Clinique Chiropratique du Plateau", "Votre première visite", "une première visite"),
    ("posture-teletravail", "Posture et télétravail | Clinique du Plateau", "Posture et télétravail", "les douleurs liées au télétravail"),
]


@pytest.fixture(scope="module")
def plateau():
    pages = [PageText(url=f"https://plateau.example/blogue/{slug}/", text=h1 + "\n" + plateau_post(sujet), title=title, h1=h1, slug=slug)
             for slug, title, h1, sujet in PLATEAU]
    result = analyse_site(pages, IntelOptions(cities=("Montréal",)))
    return {slug: [s.phrase for s in p.suggestions] for (slug, *_), p in zip(PLATEAU, result.pages)}


def test_the_clinic_name_from_title_suffixes_is_never_suggested(plateau):
    assert set(site_names([PageText(url="x", text="", title=t) for _, t, _, _ in PLATEAU]).names) == {
        "Clinique du Plateau", "Clinique Chiropratique du Plateau"}
    for phrases_ in plateau.values():
        assert phrases_
        assert not [p for p in phrases_ if "clinique" in p or "plateau" in p]


def test_calls_to_action_and_safety_nets_are_never_suggested(plateau):
    for phrases_ in plateau.values():
        assert not [p for p in phrases_ if "rendez" in p or "médecin" in p or "avis médical" in p], phrases_


def test_edges_are_content_words_in_french(plateau):
    for phrases_ in plateau.values():
        for p in phrases_:
            words = p.split()
            assert words[0] not in STOP_WORDS and words[-1] not in STOP_WORDS, p
    assert "première visite" in plateau["premiere-visite"] and "votre première visite" not in plateau["premiere-visite"]


def test_phrases_are_not_cut_inside_a_noun_and_its_complement(plateau):
    assert "mal de dos" in plateau["chiropratique-mal-de-dos-montreal"]
    assert "chiropratique pour le mal" not in plateau["chiropratique-mal-de-dos-montreal"]
    assert "maux de tête cervicogéniques" in plateau["maux-de-tete-cervicogeniques"]
    assert "tête cervicogéniques" not in plateau["maux-de-tete-cervicogeniques"]
    assert "douleurs liées" not in plateau["posture-teletravail"]


def test_a_one_word_title_topic_is_suggested(plateau):
    assert plateau["torticolis"][0] == "torticolis"


def test_hyphenated_words_stay_whole_and_elided_articles_are_dropped():
    found = [s for _, s in phrases("Vous pouvez prendre rendez-vous en ligne. L'acupuncture pour le mal de dos", 1, 4, 7)]
    assert "prendre rendez-vous" in found and "prendre rendez" not in found and "rendez" not in found
    assert "acupuncture pour le mal de dos" in found and not [s for s in found if s.startswith("l'")]
    assert [s for _, s in phrases("low-back pain")] == ["low-back pain"]  # two words, key as the TF-IDF terms split them
    assert next(phrases("low-back pain"))[0] == ("low", "back", "pain") == next(k for k, s in phrases("low back pain") if s == "low back pain")


def leeds_post(condition: str, city: str = "Leeds") -> str:
    return "\n".join((
        f"{condition.capitalize()} is one of the most common reasons people in {city} see a physiotherapist. At our Kirkstall "
        f"clinic we assess what is driving your {condition} and build a plan of exercises you can stick to.",
        f"Why does {condition} happen?",
        "Pain is usually a sign that tissues have been asked to do more than they are ready for. Most people improve "
        "with the right load and a little patience. Our Kirkstall clinic team will explain it in plain English.",
        "Book an appointment",
        "You can book an appointment online at Kirkstall Physio. If the pain spreads, see your family doctor; "
        "your family doctor can arrange tests.",
    ))


def test_an_english_blog_gets_no_brand_no_call_to_action_and_no_safety_net():
    conditions = ["knee pain", "tennis elbow", "frozen shoulder", "whiplash"]
    pages = [PageText(url=f"https://k.example/{c.replace(' ', '-')}/", text=leeds_post(c), title=f"{c.title()} Physio | Kirkstall Physio",
                      h1=f"{c.title()} Physio", slug=c.replace(" ", "-"), site_names=("Kirkstall Physio",)) for c in conditions]
    pages.append(PageText(url="https://k.example/dry-needling/", text=leeds_post("dry needling") + "\nWhat is the difference? The difference is small.",
                          title="Dry Needling vs Acupuncture: What Is the Difference?", h1="Dry Needling vs Acupuncture", slug="dry-needling-vs-acupuncture"))
    result = analyse_site(pages, IntelOptions(cities=("Leeds",)))
    for c, p in zip(conditions, result.pages):
        phrases_ = [s.phrase for s in p.suggestions]
        assert f"{c} physio" in phrases_ or c in phrases_, phrases_
        assert not [x for x in phrases_ if "kirkstall" in x or "book" in x or "appointment" in x or "doctor" in x], phrases_
    assert "difference" not in [s.phrase for s in result.pages[-1].suggestions]  # not what the title is about


def test_spanish_possessives_are_no_edge():
    def post(tema):
        return (f"Si el {tema} no le deja dormir, nuestra clínica en Madrid puede ayudarle. Nuestra fisioterapeuta revisa su {tema} "
                f"con calma. Consulte a su médico si el dolor empeora. Consulte a su médico ante la fiebre. Pida su cita hoy. "
                f"Pida su cita en línea. El {tema} mejora con ejercicio y con su plan de ejercicios.")

    pages = [PageText(url=f"https://m.example/{t}/", text=post(t), title=f"Fisioterapia y {t}", h1=f"Fisioterapia y {t}")
             for t in ("dolor de espalda", "dolor de rodilla", "tendinitis del hombro")]
    for p in analyse_site(pages, IntelOptions(cities=("Madrid",))).pages:
        for s in p.suggestions:
            words = s.phrase.split()
            assert words[0] not in ("su", "nuestra", "el", "con") and words[-1] not in ("su", "nuestra"), s.phrase
            assert "médico" not in s.phrase and "cita" not in s.phrase, s.phrase


# ---- declared names, read from served pages ------------------------------------------------

def _served_post(slug: str, topic: str) -> bytes:
    ld = json.dumps({"@context": "https://schema.org", "@type": "MedicalClinic", "name": "Clinique Lumière"})
    body = plateau_post(topic).replace("Clinique Chiropratique du Plateau", "Clinique Lumière").replace("\n", "</p><p>")
    body += "</p><p>À la Clinique Lumière, nous vous accueillons du lundi au samedi."
    return (f"<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>{topic.capitalize()}</title>"
            f"<meta property='og:type' content='article'><script type='application/ld+json'>{ld}</script></head>"
            f"<body><main><article><h1>{topic.capitalize()}</h1><p>{body}</p></article></main></body></html>").encode()


def test_intel_leaves_out_the_name_a_served_page_declares(http_server, tmp_path):
    """The clinic's name is only in its JSON-LD and its text (no title suffix): the pages
    declare it, and suggestions leave it out."""
    topics = {"sciatique": "la sciatique", "grossesse": "les douleurs de grossesse", "enfants": "le dos des enfants"}
    for slug, topic in topics.items():
        http_server.add(f"/blogue/{slug}/", Reply(body=_served_post(slug, topic)))
    run = CliRunner().invoke(cli, ["intel", *(http_server.url(f"/blogue/{s}/") for s in topics), "--no-score", "-f", "json",
                                   "-o", str(tmp_path / "out")])
    assert run.exit_code == 0, run.output
    pages = json.loads(run.stdout)["pages"]
    assert len(pages) == 3
    suggested = [s["phrase"] for p in pages for s in p["suggestions"]]
    assert suggested and not [s for s in suggested if "lumière" in s or "clinique" in s or "rendez" in s or "médecin" in s]
