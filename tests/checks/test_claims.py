"""CL001-CL011: the health-claim scanner, its profiles and its measured precision."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from seoaudit.checks import claims as C
from seoaudit.claims import CATEGORY_ORDER, load_rules, scan_document, scan_sentence
from seoaudit.config import Settings
from seoaudit.document import build_document
from seoaudit.models import Evidence, RawPage
from seoaudit.profiles import ClinicInfo, clinic_from_settings, get_profile, load_profiles
from seoaudit.registry import CheckContext, ConfigError
from seoaudit.runner import run_check

ROOT = Path(__file__).resolve().parents[2]
PAGE_URL = "https://clinic.example/blog/acupuncture-back-pain/"


def doc_of(article: str, head: str = ""):
    html = (
        f"<html lang='en'><head><title>t</title>{head}</head><body>"
        "<nav><a href='/'>Home</a></nav>"
        f"<article><h1>Acupuncture for back pain</h1>{article}</article>"
        "<footer><a href='/privacy/'>Privacy</a></footer></body></html>"
    )
    return build_document(RawPage(source="t", url=PAGE_URL, body=html.encode()))


def ctx_for(profile: str = "default", name: str = "") -> CheckContext:
    return CheckContext(clinic=ClinicInfo(profile=get_profile(profile), name=name))


def run(func, doc, profile: str = "default", name: str = "", **opts):
    spec = func.spec
    options = spec.make_options(opts) if opts else spec.default_options()
    return run_check(spec, doc, options, ctx_for(profile, name))


SAFE_PARA = (
    "<p>Acupuncture may ease chronic low back pain for some people, usually for a few weeks. "
    "We review your progress after four visits and tell you honestly if it is not helping.</p>"
)

# (check, a sentence that must fail it); the safe paragraph above passes every check
FAILING = [
    (C.cure, "Acupuncture cures chronic back pain without drugs."),
    (C.guarantee, "We guarantee you will feel better after your first visit."),
    (C.safety, "Acupuncture has no side effects."),
    (C.superiority, "Acupuncture is more effective than medication for back pain."),
    (C.evidence, "Studies show that acupuncture relieves back pain."),
    (C.superlative, "We are the best acupuncture clinic in Edmonton."),
    (C.testimonial, '"My back pain was gone after two sessions," says Mary.'),
    (C.serious, "Acupuncture can help with depression."),
    (C.condition_list, "Acupuncture can help with headaches, migraines, sciatica, tennis elbow and fatigue."),
    (C.wellness, "Our detox cupping sessions flush out toxins."),
    (C.urgency, "Only 3 spots left this week, act now!"),
]


def test_every_category_has_a_check_in_order():
    # CL001-CL011 report the scanner's categories; CL012 (doctor titles) has its own engine
    assert [f.spec.code for f in C.CHECKS] == [f"CL{i:03d}" for i in range(1, 13)]
    assert all(f.spec.category == "clinic" and f.spec.source for f in C.CHECKS)
    assert set(load_rules().categories) == set(CATEGORY_ORDER)
    assert [C.CATEGORY_OF[f"CL{i:03d}"] for i in range(1, 12)] == list(CATEGORY_ORDER)


@pytest.mark.parametrize("func", C.CHECKS, ids=lambda f: f.spec.code)
def test_safe_paragraph_passes(func):
    r = run(func, doc_of(SAFE_PARA))
    assert (r.status, r.value) == ("good", 0)


@pytest.mark.parametrize("func,sentence", FAILING, ids=lambda x: getattr(getattr(x, "spec", None), "code", ""))
def test_risky_sentence_fails_with_quoted_evidence(func, sentence):
    r = run(func, doc_of(SAFE_PARA + f"<p>{sentence}</p>"))
    default = get_profile("default").severity_of(C.CATEGORY_OF[func.spec.code])
    assert r.status == default
    assert r.value == 1
    ev = r.evidence[0]
    assert ev.kind == "sentence" and ev.text == sentence.replace("“", '"')
    assert ev.verdict == C.CATEGORY_OF[func.spec.code]
    assert ev.highlights and all(h in ev.text for h in ev.highlights)
    # the rule and the advice are fields of their own; a sentence in the body needs no "where"
    assert ev.rule and ev.advice.startswith("Safer: ") and ev.detail == ""
    assert {"rule", "advice"} <= set(ev.to_dict()) and "detail" not in ev.to_dict()
    assert set(Evidence("sentence", "x").to_dict()) == {"kind", "text"}  # only claims have them: JSON as before
    assert 0 < ev.position < 1


def test_the_message_quotes_the_wording_found_once_per_phrase():
    r = run(C.superlative, doc_of(SAFE_PARA + "<p>We are the best acupuncture clinic in Edmonton.</p>"
                                  "<p>Truly the Best Acupuncture Clinic around.</p><p>Voted #1 in the city.</p>"))
    assert r.value == 3 == len(r.evidence)
    # three findings, two wordings: the list says how often each was found, so they agree
    # a short wording is quoted with the words around its first find (its sentence's, not more)
    assert r.message.endswith("(warning under the default profile): 'We are the best acupuncture clinic in Edmonton' "
                              "('best acupuncture' 2 times), 'Voted #1 in the city'."), r.message


def test_the_count_and_the_list_of_wordings_agree():
    """A reviewer read "3 found: 'cures arthritis'" (one name for three finds) and
    "3 found: 'Best Physiotherapy', 'number one'" (two names, no "and 1 more")."""
    same = "<p>Our acupuncture cures arthritis.</p>" * 3
    r = run(C.serious, doc_of(SAFE_PARA + same))
    assert r.value == 3 == len(r.evidence)
    assert r.message == ("Claim about a serious condition: 3 found (error under the default profile): "
                         "'Our acupuncture cures arthritis' ('cures arthritis' 3 times)."), r.message
    many = "".join(f"<p>{s}</p>" for s in (
        "Voted #1 in the city.", "We are the best physiotherapy clinic in town.", "Our world-class team.",
        "Truly the number one clinic.", "Voted #1 again this year.", "Our finest therapists."))
    r = run(C.superlative, doc_of(SAFE_PARA + many))
    assert r.value == 6
    # two wordings named (3 findings), "and 3 more" findings: 3 + 3 = 6
    assert r.message.endswith(": 'Voted #1 in the city' ('#1' 2 times), "
                              "'We are the best physiotherapy clinic in town' and 3 more."), r.message


def test_headings_are_scanned_even_in_title_case():
    r = run(C.cure, doc_of("<h2>Acupuncture Cures Back Pain Fast</h2>" + SAFE_PARA))
    assert r.status == "bad" and r.evidence[0].kind == "heading"


@pytest.mark.parametrize(
    "profile,status",
    [("default", "ok"), ("uk-asa", "ok"), ("us-ftc", "ok"), ("ca-ab", "ok"), ("ca-on-physio", "bad"), ("ca-on-tcm", "bad")],
)
def test_testimonials_are_an_error_only_under_ontario_physio_and_tcm(profile, status):
    doc = doc_of(SAFE_PARA + "<blockquote>\"Acupuncture changed my life,\" says Sam.</blockquote>")
    assert run(C.testimonial, doc, profile=profile).status == status


def test_superlatives_are_an_error_in_alberta_and_a_warning_by_default():
    doc = doc_of("<p>Visit Edmonton's #1 physiotherapy team.</p>")
    assert run(C.superlative, doc, profile="ca-ab").status == "bad"
    assert run(C.superlative, doc, profile="default").status == "ok"


def test_self_serving_aggregate_rating_is_a_testimonial():
    head = (
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"MedicalClinic",'
        '"name":"Riverbend Acupuncture","aggregateRating":{"@type":"AggregateRating","ratingValue":"4.9","reviewCount":"80"}}</script>'
    )
    r = run(C.testimonial, doc_of(SAFE_PARA, head=head), profile="ca-on-tcm")
    assert r.status == "bad" and r.evidence[0].kind == "element" and "aggregateRating" in r.evidence[0].highlights


def test_citation_link_in_the_same_paragraph_clears_an_evidence_claim():
    cited = "<p>Studies show a small benefit, according to a <a href='https://www.cochranelibrary.com/x'>Cochrane review</a>.</p>"
    other_para = "<p>Studies show a small benefit.</p><p>See the <a href='https://www.cochranelibrary.com/x'>Cochrane review</a>.</p>"
    assert run(C.evidence, doc_of(cited)).status == "good"
    assert run(C.evidence, doc_of(other_para)).value == 1


@pytest.mark.parametrize("para, cited", [
    ("<p>Studies show that a food diary is linked to fewer binge episodes (10, 11).</p>", True),  # numbered references
    ("<p>Research shows acupuncture eases chronic neck pain (3–5).</p>", True),
    ("<p>Studies show acupuncture eases chronic neck pain (Vickers et al., 2018).</p>", True),
    ("<p>Studies show that children (ages 10, 11) sleep better after massage.</p>", False),  # prose, not a reference
])
def test_numbered_references_closing_a_sentence_count_as_a_citation(para, cited):
    assert (run(C.evidence, doc_of(para)).status == "good") is cited


def test_clinic_name_and_other_names_are_not_claims():
    doc = doc_of("<p>Welcome to Premier Physio Care, across from the Best Western.</p>")
    assert run(C.superlative, doc, name="Premier Physio Care").status == "good"
    assert run(C.superlative, doc_of("<p>Book at Top Rated Physio today.</p>"), names="Top Rated Physio").status == "good"


@pytest.mark.parametrize(
    "sentence",
    [
        "Acupuncture does not cure back pain.",
        "There is no cure for osteoarthritis, but staying active helps.",
        "No treatment is guaranteed to work for everyone.",
        "Acupuncture is not free of side effects: bruising can happen.",
        "The ASA says clinics must not claim that acupuncture cures back pain.",
        "This information is not intended to diagnose, treat or cure any disease.",
        "Can acupuncture cure back pain?",
        "If you have chest pain, don't wait: call 911.",
        "Stay at the Best Western on Gateway Boulevard.",
        "Low back pain is the leading cause of disability worldwide.",
    ],
)
def test_look_alikes_do_not_fire(sentence):
    assert scan_sentence(sentence) == ()


def test_custom_rules_file_option(tmp_path):
    rules = tmp_path / "rules.toml"
    text = (ROOT / "seoaudit/data/claims/rules.toml").read_text(encoding="utf-8")
    rules.write_text(text + "\n[[rules]]\nid = 'miracle'\ncategory = 'cure'\npattern = '\\bmiracle\\b'\n", encoding="utf-8")
    doc = doc_of("<p>Acupuncture is a miracle for sore backs.</p>")
    assert run(C.cure, doc).status == "good"
    r = run(C.cure, doc, rules_file=str(rules))
    assert r.status == "bad" and r.evidence[0].rule == "miracle"


def test_missing_rules_file_is_a_check_error_naming_the_file(tmp_path):
    r = run(C.cure, doc_of(SAFE_PARA), rules_file=str(tmp_path / "nope.toml"))
    assert r.status == "error" and "nope.toml" in r.message


def test_profiles_cover_every_category_and_the_required_jurisdictions():
    profiles = load_profiles()
    assert {"default", "uk-asa", "us-ftc", "ca-ab", "ca-on-physio", "ca-on-tcm"} <= set(profiles)
    # and the keys of rules judged apart from their category (restricted-condition)
    rule_keys = {r.profile_key for language in ("en", "fr", "es") for r in load_rules(language=language).rules if r.profile_key}
    assert rule_keys == {"restricted-condition"}
    for p in profiles.values():
        assert set(p.severity) == {*CATEGORY_ORDER, C.DOCTOR_TITLE, *rule_keys}, p.name


def test_unknown_profile_is_a_config_error():
    with pytest.raises(ConfigError, match="nowhere"):
        clinic_from_settings(Settings(profile="nowhere"))
    clinic = clinic_from_settings(Settings(profile="uk-asa", clinic_phone="020 7946 0018"))
    assert clinic.country == "GB" and clinic.calling_code == "44"


def test_labelled_sentences_precision_and_recall_at_least_0_9():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import claims_precision as B
    finally:
        sys.path.pop(0)
    examples = B.read_examples()
    assert len(examples) >= 150
    risky = sum(1 for e in examples if e.gold)
    assert risky >= 0.45 * len(examples) and len(examples) - risky >= 0.45 * len(examples)
    overall, per, _ = B.evaluate(examples)
    assert overall.precision >= 0.9 and overall.recall >= 0.9
    assert all(s.f1 >= 0.8 for s in per.values())


def test_risky_sample_fails_the_claim_family():
    raw = RawPage(source="s", url="https://northgate-wellness.example/blog/x/", body=(ROOT / "samples/risky-claims-acupuncture.html").read_bytes())
    doc = build_document(raw)
    statuses = {f.spec.code: run(f, doc, profile="ca-on-physio").status for f in C.CHECKS}
    assert all(s in ("bad", "ok") for s in statuses.values()), statuses
    assert statuses["CL007"] == "bad"


# ---- title, meta description and review widgets ------------------------------------------

from _clinic_helpers import page as clinic_page, run as clinic_run  # noqa: E402
from seoaudit.checks.claims import cure as cure_check, testimonial as cl007_testimonial  # noqa: E402


def test_claims_in_the_title_and_meta_description_count():
    doc = clinic_page(head='<meta name="description" content="Our acupuncture cures back pain for good.">')
    r = clinic_run(cure_check, doc)
    assert r.status == "bad"
    assert any(e.detail == "In the meta description" for e in r.evidence)
    clean = clinic_run(cure_check, clinic_page(head='<meta name="description" content="How acupuncture may ease back pain for some people.">'))
    assert clean.status == "good"


def test_review_widget_in_the_sidebar_is_a_testimonial():
    widget = '<aside><div class="elfsight-app-1234"></div><script src="https://static.elfsight.com/platform/platform.js"></script></aside>'
    doc = clinic_page(footer=widget)
    assert doc.review_widgets == ("script from elfsight.com",)
    r = clinic_run(cl007_testimonial, doc, profile="ca-on-physio")
    assert r.status == "bad" and any(e.text == "script from elfsight.com" for e in r.evidence)
    block = clinic_page(footer='<section class="testimonials-slider"><p>Great staff</p></section>')
    assert clinic_run(cl007_testimonial, block, profile="uk-asa").status == "ok"
    assert clinic_run(cl007_testimonial, clinic_page()).status == "good"


@pytest.mark.parametrize("sentence, category", [
    ("Cupping draws out toxins from the muscles.", "wellness"),
    ("Spinal adjustments restore your nervous system.", "wellness"),
    ("Chiropractors correct subluxations.", "wellness"),
    ("Dental implants last a lifetime.", "cure"),
    ("Our laser therapy heals injuries twice as fast as traditional physiotherapy.", "superiority"),
    ("Patients recover three times faster with shockwave therapy.", "superiority"),
])
def test_more_regulated_claim_shapes(sentence, category):
    """Found by auditing clinic-style sentences: detox by 'drawing out', chiropractic
    nervous-system claims, permanence ('a lifetime'), 'N times faster than physio'."""
    assert category in [h.category for h in scan_sentence(sentence)]


@pytest.mark.parametrize("sentence", [
    "Our new booking system is twice as fast as the old one.",
    "With good care, implants can last for many years.",
])
def test_similar_sentences_without_a_claim(sentence):
    assert scan_sentence(sentence) == ()


@pytest.mark.parametrize("sentence", [
    "Chiropractic care can help with ear infections in children.",
    "Gentle chiropractic adjustments can help babies with colic.",
    "Massage can help lower blood pressure.",
    "Acupuncture helps with smoking cessation.",
])
def test_conditions_regulators_ruled_on_are_serious(sentence):
    assert "serious" in [h.category for h in scan_sentence(sentence)]
    assert scan_sentence("We check your blood pressure at the first visit.") == ()


@pytest.mark.parametrize("sentence, category", [
    ("Our program fixes knee pain permanently.", "cure"),
    ("Physiotherapy heals your knee without surgery.", "cure"),
    ("Physiotherapy means no surgery for your knee.", "superiority"),
    ("Pain-free in three sessions.", "guarantee"),
    ("Our treatment repairs damaged cartilage.", "cure"),
    ("Our exercises regrow cartilage in the knee.", "cure"),
    ("miracle treatment", "cure"),
    ("Our patients see a 97% improvement.", "guarantee"),
    ("Get rid of it today!", "cure"),
])
def test_claims_a_user_review_found_missed(sentence, category):
    """Each of these passed CL001-CL011 ('No cure or permanence claim found') before."""
    assert [h.category for h in scan_sentence(sentence)] == [category]


@pytest.mark.parametrize("sentence", [
    "The surgeon repairs the torn ligament, and we help you rebuild strength afterwards.",
    "Many people have surgery to repair a torn rotator cuff.",
    "Your knee heals best when you keep moving gently.",
    "Cartilage does not regrow in adults, so we focus on strength and movement.",
    "There is no miracle treatment for stiff joints; steady exercise helps most people.",
    "No surgery is planned until we see how your knee responds.",
    "We review your results after three sessions.",
    "In our reader survey, 97% of respondents were women.",
    "Get rid of it now if your old pillow is lumpy.",
    "The clinic is permanently closed on Sundays.",
])
def test_look_alikes_of_those_claims_pass(sentence):
    assert scan_sentence(sentence) == ()


# ---- safer wordings name the page's own treatment, in its language ---------------------------

import re  # noqa: E402

from seoaudit.claims import BUNDLED_RULES, DEFAULT_TREATMENT, named_treatment  # noqa: E402
from seoaudit.models import Targeting  # noqa: E402

RISKY = ("<p>Our care has no side effects.</p><p>It is more effective than medication.</p>"
         "<p>We are the best clinic in town.</p><p>Studies show it works.</p>")


def page_in(lang: str, article: str, h1: str, title: str = "t"):
    html = (f"<html lang='{lang}'><head><title>{title}</title></head><body>"
            f"<article><h1>{h1}</h1>{article}</article></body></html>")
    return build_document(RawPage(source="t", url="https://clinic.example/blog/x/", body=html.encode()))


def safer(func, doc, keyphrases=(), profile="default", profession=""):
    """The safer wording of ``func``'s first finding on ``doc``."""
    clinic = ClinicInfo(profile=get_profile(profile), profession=profession or get_profile(profile).profession)
    ctx = CheckContext(targeting=Targeting(keyphrases=tuple(keyphrases)), clinic=clinic)
    r = run_check(func.spec, doc, func.spec.default_options(), ctx)
    assert r.evidence, (func.spec.code, r.message)
    return r.evidence[0].advice.split("Safer: ", 1)[1]


def test_a_dental_post_is_not_told_about_acupuncture():
    doc = page_in("en", RISKY, "Teeth whitening: what to expect")
    kp = ("teeth whitening calgary",)
    assert safer(C.safety, doc, kp).startswith("'Dental treatment is generally well tolerated;")
    assert "'Dental treatment can be used alongside the care your physician provides;" in safer(C.superiority, doc, kp)
    assert "found that dental treatment made a modest difference for some of the people studied" in safer(C.evidence, doc, kp)
    assert "'registered dentist with 10 years in practice'" in safer(C.superlative, doc, kp)
    for func in C.CHECKS[:11]:
        r = run_check(func.spec, doc, func.spec.default_options(), CheckContext(targeting=Targeting(keyphrases=kp)))
        assert not any("acupunct" in (e.detail + e.advice).lower() for e in r.evidence), func.spec.code


def test_a_french_physiotherapy_post_gets_french_wordings_that_name_physiotherapy():
    doc = page_in("fr-CA", "<p>La physiothérapie n'a aucun effet secondaire.</p><p>Elle est plus efficace que les médicaments.</p>"
                  "<p>Nous sommes la meilleure clinique de Montréal.</p>", "La physiothérapie et le mal de dos")
    kp = ("physiothérapie mal de dos montréal",)
    assert safer(C.safety, doc, kp).startswith("« La plupart des gens tolèrent bien la physiothérapie ;")
    # at the start of the sentence, with its article and a capital
    assert safer(C.superiority, doc, kp).startswith("« La physiothérapie peut s'ajouter aux soins de votre médecin ;")
    assert "« physiothérapeute membre de l'Ordre" in safer(C.superlative, doc, kp)
    # without a keyphrase the H1 says what the post is about
    assert "tolèrent bien la physiothérapie" in safer(C.safety, doc)


def test_a_spanish_post_gets_spanish_wordings_that_name_its_treatment():
    doc = page_in("es", "<p>El masaje no tiene efectos secundarios.</p><p>Es más eficaz que los medicamentos.</p>"
                  "<p>Somos la mejor clínica de masajes de Miami.</p>", "Masaje terapéutico en Miami")
    kp = ("masaje terapéutico miami",)
    assert safer(C.safety, doc, kp).startswith("«La mayoría de las personas tolera bien la masoterapia;")
    assert safer(C.superiority, doc, kp).startswith("«La masoterapia puede acompañar")
    # "con licencia" was a calque of "licensed"; Spain says "colegiado", the US does not: a fact, and the number where one exists
    assert safer(C.superlative, doc, kp).startswith("Dé un dato verificable: «masajista con 10 años de práctica»")


def test_a_spanish_post_written_in_tu_gets_its_safer_wordings_in_tu():
    """Madrid clinic blogs often write tú ("te explicamos"): an usted wording beside them reads as another voice."""
    claims = "<p>La fisioterapia garantiza resultados.</p><p>Si tienes diabetes, la fisioterapia la cura.</p>"
    tu = page_in("es", "<p>Si te duele la espalda, te explicamos qué hacer. Tu fisioterapeuta te ayuda y tus "
                 "ejercicios cuentan.</p>" + claims, "Fisioterapia para el dolor de espalda")
    usted = page_in("es", "<p>Si le duele la espalda, usted puede pedir cita. Su fisioterapeuta le ayuda; usted "
                    "decide.</p>" + claims, "Fisioterapia para el dolor de espalda")
    neither = page_in("es", claims, "Fisioterapia para el dolor de espalda")
    from seoaudit.language import reader_register

    assert [reader_register(d) for d in (tu, usted, neither)] == ["informal", "formal", "formal"]
    informal, formal = safer(C.guarantee, tu), safer(C.guarantee, usted)
    assert "tu fisioterapeuta te explica" in informal and "contigo" in informal and " su " not in informal
    assert "su fisioterapeuta le explica" in formal and "con usted" in formal
    assert safer(C.guarantee, neither) == formal  # no sign of tú: the formal wording
    assert informal.startswith("No prometa resultados: «los resultados")  # the instruction to the author stays formal


def test_every_spanish_wording_that_addresses_the_reader_formally_has_an_informal_one():
    import tomllib
    from importlib import resources

    data = tomllib.loads(resources.files("seoaudit").joinpath("data/claims/rules_es.toml").read_text(encoding="utf-8"))
    entries = [(f"category {n}", b.get("suggestion", ""), b.get("suggestion_informal", "")) for n, b in data["categories"].items()]
    entries += [(f"rule {r['id']}", r.get("suggest", ""), r.get("suggest_informal", "")) for r in data["rules"] if r.get("suggest")]
    formal = re.compile(r"\b(?:su|sus|le|usted|consúltele|pida|reserve|hable|vive)\b", re.I)
    informal = re.compile(r"\b(?:tu|tus|te|contigo|consúltale|reserva|habla|vives|puedes|puedas)\b", re.I)
    missing = []
    for where, text, informal_text in entries:
        quotes = " ".join(re.findall(r"«([^»]*)»", text))
        if formal.search(quotes):
            if not informal_text or formal.search(" ".join(re.findall(r"«([^»]*)»", informal_text))):
                missing.append(where)
            else:
                assert informal.search(informal_text), where
    assert not missing, missing


def test_a_page_with_no_keyphrase_names_its_h1_the_profession_or_no_treatment():
    says_nothing = page_in("en", RISKY, "Back pain at work: what helps", title="Back pain at work")
    # nothing names a treatment: a neutral wording, never another treatment's name
    assert safer(C.safety, says_nothing).startswith("'Treatment is generally well tolerated;")
    assert "'registered practitioner with 10 years in practice'" in safer(C.superlative, says_nothing)
    # the H1 says massage
    massage = page_in("en", RISKY, "Massage for tension headaches")
    assert safer(C.safety, massage).startswith("'Massage therapy is generally well tolerated;")
    # the profile's profession (ca-on-physio: physiotherapist) when the page names nothing
    assert safer(C.safety, says_nothing, profile="ca-on-physio").startswith("'Physiotherapy is generally well tolerated;")
    # a configured profession names the practitioner, the page names the treatment
    assert "'registered massage therapist with" in safer(C.superlative, page_in("en", RISKY, "Cupping and back pain"),
                                                          profession="registered massage therapist")
    assert safer(C.safety, page_in("en", RISKY, "Cupping and back pain"), profession="registered massage therapist").startswith("'Cupping is")


@pytest.mark.parametrize("language", sorted(BUNDLED_RULES))
def test_no_bundled_suggestion_names_a_treatment_or_condition_of_its_own(language):
    """A wording written for acupuncture and low back pain was advice for the wrong post on
    every other page; the treatment comes from the slots, and no condition is made up."""
    rules = load_rules(language=language)
    texts = [c.suggestion for c in rules.categories.values()] + [r.suggest for r in rules.rules if r.suggest]
    for text in texts:
        low = text.lower()
        assert not any(w in low for w in ("acupunct", "acupunt", "back pain", "lombalgie", "lumbar", "depression", "physiotherap")), text
        assert not re.search(r"\{(?!treatment\}|Treatment\}|practitioner\})", text), text  # only slots the checks fill


def test_every_bundled_treatment_fits_its_files_suggestions():
    """The grammar contract each file states in its [treatments] notes: English names take no
    article; French and Spanish names carry theirs, so the slot never follows "de"/"à"/"a"."""
    after = {"en": r"\b(?:a|an|the)\s+\{(?:treatment|practitioner)\}", "fr": r"(?:\bde|\bà|\bd')\s*\{treatment\}",
             "es": r"\b(?:de|a)\s+\{treatment\}"}
    for language in BUNDLED_RULES:
        rules = load_rules(language=language)
        assert DEFAULT_TREATMENT in rules.treatments
        # an entry without words of its own is reached through the English entry of its name
        assert all(key in load_rules().treatments for key, t in rules.treatments.items() if t.words is None), language
        texts = [c.suggestion for c in rules.categories.values()] + [r.suggest for r in rules.rules if r.suggest]
        assert not any(re.search(after[language], t) for t in texts), language
        for t in rules.treatments.values():
            assert t.name and t.practitioner and "{" not in t.name
            if language != "en":
                assert t.name.split()[0].startswith(("l'", "la", "le", "el")), t.name  # "la physiothérapie", "l'acupuncture"


@pytest.mark.parametrize("text, language, name", [
    ("acupuncture for back pain", "en", "acupuncture"),
    ("Physio for knee pain in Calgary", "en", "physiotherapy"),
    ("best dental hygienist calgary", "en", "dental cleaning"),  # the longer wording at the same place
    ("dentist near me", "en", "dental treatment"),
    ("back pain", "en", None),  # a condition is not a treatment
    ("sciatica treatment edmonton", "en", None),
    ("ostéopathie et maux de tête", "fr", "l'ostéopathie"),
    ("physiotherapist", "fr", "la physiothérapie"),  # a configured profession is English
    ("Dolor de rodilla y fisioterapia", "es", "la fisioterapia"),
    ("registered acupuncturist", "es", "la acupuntura"),
])
def test_named_treatment(text, language, name):
    found = named_treatment(load_rules(language=language), text)
    assert (found.name if found else None) == name


def test_your_own_rules_file_without_treatments_names_the_english_ones(tmp_path):
    bare = tmp_path / "bare.toml"
    bare.write_text("[categories.safety]\nsuggestion = \"'{Treatment} is usually fine.'\"\n"
                    "[[rules]]\nid = 'harmless'\ncategory = 'safety'\npattern = '\\bharmless\\b'\n", encoding="utf-8")
    doc = page_in("en", "<p>Chiropractic care is harmless.</p>", "Chiropractic care for neck pain")
    r = run(C.safety, doc, rules_file=str(bare))
    assert r.evidence[0].advice == "Safer: 'Chiropractic care is usually fine.'"
    broken = tmp_path / "broken.toml"
    broken.write_text("[categories.safety]\nsuggestion = 'x'\n[treatments.massage]\nname = 'massage'\npractitioner = 'RMT'\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"treatments\.default"):
        load_rules(str(broken))


def test_the_checks_own_fix_names_no_treatment():
    """explain, SARIF and the scorecard's "how to fix" are read for every kind of page."""
    for func in C.CHECKS[:11]:
        assert "{" not in func.spec.fix and "acupunct" not in func.spec.fix.lower(), func.spec.code
        # not refilled from the keyphrase's first word ("back")
        assert func.spec.fix_for(keyphrase="back pain relief", city="Calgary") == func.spec.fix, func.spec.code
    # general advice, pointing to each finding's own wording (a Spanish finding's is Spanish)
    assert C.safety.spec.fix.startswith("Rewrite or remove each sentence found: each finding gives a safer wording")
    assert "In general: 'Treatment is generally well tolerated;" in C.safety.spec.fix
    # and in the page's language, for no treatment in particular (the French and Spanish rules' default)
    french = C.safety.spec.fix_for(keyphrase="physiothérapie mal de dos", language="fr-CA", treatment="physiotherapy")
    assert french.startswith("Rewrite or remove each sentence found") and "In general: « La plupart des gens tolèrent bien le traitement" in french
    spanish = C.guarantee.spec.fix_for(language="es", treatment="massage therapy")
    assert "In general: No prometa resultados: «los resultados cambian" in spanish and "{" not in spanish


def test_review_widgets_mention_a_ban_only_under_a_profile_that_has_one():
    doc = clinic_page(footer='<div class="elfsight-app-1"></div><script src="https://static.elfsight.com/platform/platform.js"></script>')
    default = clinic_run(cl007_testimonial, doc)
    assert default.evidence and not any("Ontario" in e.detail or "not allowed" in e.detail for e in default.evidence)
    physio = clinic_run(cl007_testimonial, doc, profile="ca-on-physio")
    assert all("not allowed under the ca-on-physio profile" in e.detail for e in physio.evidence)


# ---- CL009 names the conditions it found --------------------------------------------------------

def test_a_condition_list_is_named_by_its_conditions():
    """A reviewer read CL009 quote the first condition only, which on most posts is the post's
    own topic ("'back pain'"): the author could not tell what to cut."""
    r = run(C.condition_list, doc_of("<p>Acupuncture can help with headaches, migraines, insomnia, anxiety and digestive problems.</p>"))
    [ev] = r.evidence
    assert ev.highlights == ("headaches", "migraines", "insomnia", "anxiety", "digestive problems")
    assert r.message.endswith("(warning under the default profile): 'headaches, migraines, insomnia, anxiety and 1 more'."), r.message
    topic_first = run(C.condition_list, doc_of("<p>We treat back pain, neck pain, sciatica and arthritis.</p>"))
    assert topic_first.message.endswith(": 'back pain, neck pain, sciatica, arthritis'."), topic_first.message
    assert C.claim_finding(topic_first.evidence[0])[1] == "'back pain, neck pain, sciatica, arthritis'"


def test_a_claim_quoted_in_a_code_block_is_not_the_posts_claim(tmp_path):
    """A Markdown post quoting a wording in a fenced code block got the claim annotated on
    the code fence (and counted) beside the real claim in its prose."""
    from seoaudit.document import build_document
    from seoaudit.files import read_file

    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Writing about knee pain\n---\n\n"
                    "Never write this in a post:\n\n```\nOur treatment is guaranteed to cure knee pain.\n```\n\n"
                    "Physiotherapy eases knee pain for many people over a few weeks.\n", encoding="utf-8")
    doc = build_document(read_file(post))
    assert not [c for c in scan_document(doc) if c.hit.category in ("cure", "guarantee")]
    post.write_text(post.read_text(encoding="utf-8") + "\nOur treatment is guaranteed to cure knee pain.\n", encoding="utf-8")
    found = [c for c in scan_document(build_document(read_file(post))) if c.hit.category == "guarantee"]
    assert [c.line for c in found] == [13]  # the prose line, not the code fence


# ---- dental and Spanish claims a review found missed -------------------------------------------

REVIEW_MISSED = [
    # CL003: a procedure said not to hurt, for everyone
    ("en", "Our teeth whitening is completely painless.", "safety"),
    ("en", "Dental implant surgery at our clinic is painless and pain-free.", "safety"),
    ("en", "Painless dentistry for the whole family.", "safety"),
    ("fr", "Le blanchiment des dents est totalement indolore.", "safety"),
    ("fr", "Nos soins dentaires sont 100 % sans douleur.", "safety"),
    ("es", "El blanqueamiento dental es totalmente indoloro.", "safety"),
    ("es", "La extracción se realiza sin dolor alguno.", "safety"),
    # CL001: permanence said after the result
    ("en", "The results are permanent.", "cure"),
    ("en", "With our veneers, the results last forever.", "cure"),
    ("fr", "Les résultats sont permanents.", "cure"),
    ("es", "Los resultados son permanentes.", "cure"),
    # CL007: a first-person outcome about teeth, smile or bite
    ("en", '"I was so nervous, but my teeth were straight in 8 months and I love my smile!" – Priya, Leslieville', "testimonial"),
    ("fr", "« J'étais nerveuse, mais mes dents étaient droites en 8 mois et j'adore mon sourire ! » – Priya, Verdun", "testimonial"),
    ("es", "«Estaba nerviosa, pero mis dientes quedaron rectos en 8 meses y me encanta mi sonrisa.» – Priya, Lavapiés", "testimonial"),
    # CL004: dental alternatives
    ("en", "Invisalign works better than braces for every patient.", "superiority"),
    ("en", "Implants are more effective than dentures.", "superiority"),
    ("fr", "Invisalign fonctionne mieux que les broches pour chaque patient.", "superiority"),
    ("es", "Invisalign funciona mejor que los brackets para cada paciente.", "superiority"),
    # CL006: dental services
    ("en", "We offer the best teeth whitening Toronto has.", "superlative"),
    ("en", "Get the best dental implants in the city.", "superlative"),
    ("fr", "Le meilleur blanchiment des dents de Montréal.", "superlative"),
    ("es", "Los mejores implantes dentales de la ciudad.", "superlative"),
    # CL010: "mejora"/"improves" the immune system
    ("es", "La quiropráctica mejora tu sistema inmunológico.", "wellness"),
    ("fr", "Un nettoyage régulier améliore votre système immunitaire.", "wellness"),
    ("en", "Regular cleanings improve your immune system.", "wellness"),
]

REVIEW_LOOK_ALIKES = [
    ("en", "We offer a painless booking process online."),
    ("en", "Whitening is mostly painless for most people."),
    ("en", "Cleanings are usually painless, though tartar removal can feel scratchy."),
    ("en", "We try to make every extraction as painless as possible."),
    ("en", "No dental treatment is completely painless for everyone."),
    ("fr", "La prise de rendez-vous en ligne est rapide et sans douleur."),
    ("fr", "Le blanchiment est indolore pour la plupart des patients."),
    ("fr", "Après quelques semaines, vous pourrez marcher sans douleur, mais chaque cas est différent."),
    ("es", "La limpieza suele ser indolora para la mayoría de los pacientes."),
    ("es", "Ningún tratamiento dental es totalmente indoloro para todos."),
    ("en", "Whitening results are not permanent, so most people touch up once a year."),
    ("en", "Permanent teeth start to come in around age six."),
    ("en", "Relief is permanent for some people, but not for most."),
    ("fr", "Les dents permanentes apparaissent vers six ans."),
    ("es", "Los resultados del blanqueamiento no son permanentes."),
    ("en", "I want my teeth whiter before the wedding."),
    ("en", '"I always check your bite before we fit a crown," says Dr. Patel.'),
    ("fr", "« Je vérifie toujours votre morsure avant de poser une couronne », explique la Dre Patel."),
    ("es", "«Siempre reviso tu mordida antes de colocar una corona», explica la Dra. Patel."),
    ("en", "A filling now is better than needing a root canal later."),
    ("fr", "Une obturation maintenant vaut mieux qu'un traitement de canal plus tard."),
    ("es", "Un empaste ahora es mejor que necesitar una endodoncia después."),
    ("en", "The best whitening toothpaste is one with the ADA Seal of Acceptance."),
    ("fr", "Le meilleur dentifrice blanchissant porte le sceau de l'ACD."),
    ("es", "La mejor pasta blanqueadora lleva el sello de la ADA."),
    ("en", "Your immune system improves with sleep."),
    ("fr", "Le système immunitaire s'améliore avec le sommeil."),
    ("es", "El sistema inmunológico mejora con el descanso."),
]


@pytest.mark.parametrize("language, sentence, category", REVIEW_MISSED)
def test_dental_and_spanish_claims_a_review_found_missed(language, sentence, category):
    """A Toronto dental clinic and a Madrid chiropractic clinic found each of these passed."""
    assert [h.category for h in scan_sentence(sentence, load_rules(language=language))] == [category]


@pytest.mark.parametrize("language, sentence", REVIEW_LOOK_ALIKES)
def test_look_alikes_of_the_dental_claims_pass(language, sentence):
    """Hedged ("usually painless"), about something else ("a painless booking process",
    "permanent teeth"), a dentist's own words, or advice rather than a comparison."""
    assert scan_sentence(sentence, load_rules(language=language)) == ()


def test_100_percent_painless_is_a_safety_absolute_not_a_success_rate():
    """"100 % sans douleur" was a guarantee (CL002); it says the procedure does not hurt (CL003)."""
    for language, sentence in (("fr", "Nos soins dentaires sont 100 % sans douleur."), ("es", "Nuestros empastes son 100 % sin dolor."),
                               ("en", "Every filling we do is 100% painless."), ("en", "Our dental treatments are 100% pain-free.")):
        assert [h.category for h in scan_sentence(sentence, load_rules(language=language))] == ["safety"], sentence


def test_a_dental_testimonial_on_a_page_fails_cl007():
    quote = '<blockquote>"I was so nervous, but my teeth were straight in 8 months and I love my smile!" – Priya, Leslieville</blockquote>'
    doc = page_in("en", "<p>Clear aligners move teeth a little at a time.</p>" + quote, "Invisalign in Leslieville")
    r = run(C.testimonial, doc, profile="ca-on-physio")
    assert r.status == "bad" and r.evidence[0].text.startswith('"I was so nervous')
    assert run(C.testimonial, page_in("en", "<p>Clear aligners move teeth a little at a time.</p>", "Invisalign in Leslieville")).status == "good"


def test_a_spanish_chiropractic_page_fails_cl010_on_immunity():
    doc = page_in("es", "<p>La quiropráctica mejora tu sistema inmunológico.</p>", "Quiropráctica en Madrid")
    r = run(C.wellness, doc)
    assert r.value == 1 and r.evidence[0].verdict == "wellness"
    assert run(C.wellness, page_in("es", "<p>La quiropráctica puede aliviar el dolor de espalda en algunas personas.</p>",
                                   "Quiropráctica en Madrid")).status == "good"


# ---- safer wordings that fit every profession and topic ----------------------------------------

#: what a wording must not assume: a course of visits (a whitening takes one), a condition (a
#: veneer treats none), a short-lived effect (an implant is not), symptoms (a cosmetic post has none)
ASSUMES = {
    "en": ("three or four", "sessions", "this condition", "short-term", "symptoms", "a few weeks"),
    "fr": ("trois ou quatre", "séances", "ce problème", "courte durée", "symptômes", "quelques semaines"),
    "es": ("tres o cuatro", "sesiones", "este problema", "breve", "síntomas", "unas semanas"),
}
#: categories and rules about a condition by definition, or about one kind of therapy
ABOUT_A_CONDITION = {"serious", "condition-list"}
ONE_KIND_OF_THERAPY = {"repair-tissue", "subluxation"}


@pytest.mark.parametrize("language", sorted(BUNDLED_RULES))
def test_safer_wordings_assume_no_course_of_visits_and_no_condition(language):
    """A dental review read 'we review your progress after three or four visits' on a one-visit
    teeth whitening, and 'gave adults with this condition...' on a post about no condition."""
    rules = load_rules(language=language)
    texts = [c.suggestion for n, c in rules.categories.items() if n not in ABOUT_A_CONDITION]
    texts += [r.suggest for r in rules.rules if r.suggest and r.category not in ABOUT_A_CONDITION and r.id not in ONE_KIND_OF_THERAPY]
    for text in texts:
        assert not any(w in text.lower() for w in ASSUMES[language]), text


@pytest.mark.parametrize("lang, article, h1, kp, expected", [
    ("en", "<p>Whiter teeth in one visit, guaranteed.</p>", "Teeth whitening in Toronto", "teeth whitening toronto",
     "your dentist explains what dental treatment can and cannot do in your case"),
    ("en", "<p>Our implants have a 98% success rate.</p>", "Dental implants", "dental implants toronto",
     "your dentist explains what dental treatment can and cannot do in your case"),
    ("en", "<p>Physiotherapy is guaranteed to fix your knee.</p>", "Physio for knee pain", "physio knee pain",
     "your physiotherapist explains what physiotherapy can and cannot do in your case"),
    ("fr", "<p>Des dents plus blanches en une visite, c'est garanti.</p>", "Blanchiment des dents", "blanchiment dents montréal",
     "votre dentiste vous explique ce que le traitement dentaire peut et ne peut pas faire dans votre cas"),
    ("es", "<p>Dientes más blancos en una visita, garantizado.</p>", "Blanqueamiento dental", "blanqueamiento dental madrid",
     "su dentista le explica qué puede hacer el tratamiento dental en su caso y qué no"),
])
def test_a_guarantee_on_a_one_visit_procedure_gets_a_wording_that_fits_it(lang, article, h1, kp, expected):
    assert expected in safer(C.guarantee, page_in(lang, article, h1), (kp,))


@pytest.mark.parametrize("lang, article, h1, kp, expected", [
    ("en", "<p>Studies show whitening is safe for enamel.</p>", "Teeth whitening", "teeth whitening",
     "found that dental treatment made a modest difference for some of the people studied"),
    ("fr", "<p>Des études montrent que le blanchiment est sans risque pour l'émail.</p>", "Blanchiment des dents", "blanchiment dents",
     "conclut que le traitement dentaire a apporté un bénéfice modeste à une partie des personnes étudiées"),
    ("es", "<p>Los estudios demuestran que la quiropráctica mejora la postura.</p>", "Quiropráctica en Madrid", "quiropráctica madrid",
     "concluye que la quiropráctica aportó un beneficio modesto a parte de las personas estudiadas"),
])
def test_an_evidence_claim_on_a_topic_without_a_condition_gets_a_wording_without_one(lang, article, h1, kp, expected):
    assert expected in safer(C.evidence, page_in(lang, article, h1), (kp,))


def test_a_comparison_with_braces_is_not_answered_with_medication_advice():
    """Comparisons with medicine keep the physician wording; with other treatments or providers,
    the wording compares without ranking."""
    doc = page_in("en", "<p>Invisalign works better than braces for every patient.</p>", "Invisalign in Toronto")
    wording = safer(C.superiority, doc, ("invisalign toronto",))
    assert wording.startswith("Compare without ranking: 'Dental treatment is one of several options; your dentist explains")
    assert "medication" not in wording
    medicine = page_in("en", "<p>Massage is more effective than painkillers.</p>", "Massage for back pain")
    assert safer(C.superiority, medicine).startswith("'Massage therapy can be used alongside the care your physician provides;")


@pytest.mark.parametrize("sentence", [
    '"My teeth have never looked so white!" – Maria G., Etobicoke',
    '"I finally smile in photos again." – James, Yorkville',
    '"Dr. Cho gave me my smile back," says Sarah.',
])
def test_smile_testimonials_from_the_retest_are_testimonials(sentence):
    assert [h.category for h in scan_sentence(sentence, load_rules())] == ["testimonial"]


def test_a_spanish_smile_testimonial_is_a_testimonial():
    assert [h.category for h in scan_sentence("«Ahora sonrío sin miedo, mis dientes están blanquísimos», cuenta Marta.",
                                              load_rules(language="es"))] == ["testimonial"]


def test_no_checks_fix_example_is_itself_a_claim_finding():
    """A fix tells the author what to write: following it must not earn a claim finding
    (TR002's example once titled a physiotherapist 'Dr.', which CL012 flags)."""
    from _clinic_helpers import page as clinic_page, run as clinic_run
    from seoaudit.checks import ALL_CHECKS

    claim_checks = [s for s in ALL_CHECKS if s.code.startswith("CL")]
    flagged = []
    for spec in ALL_CHECKS:
        doc = clinic_page(f"<p>{spec.fix}</p>")
        for claim in claim_checks:
            if claim.code != spec.code and clinic_run(claim.func, doc).evidence:
                flagged.append((spec.code, claim.code))
    assert flagged == []


# ---- CL008: serious conditions, and the milder ones only the UK restricts ----------------------

#: an agency's honest posts (2026-12-07), each held at 70 as a serious-condition claim under the
#: default profile: (title, H1, the condition as the post names it)
REVIEWED_POSTS = [
    ("Acupuncture and Fertility Support | Riverbend Acupuncture", "Acupuncture and Fertility Support", "fertility concerns"),
    ("Acupuncture for Insomnia | Riverbend Acupuncture Edmonton", "Acupuncture for Insomnia", "insomnia"),
    ("Acupuncture for Knee Arthritis in Edmonton", "Acupuncture for Knee Arthritis", "knee arthritis"),
    ("Acupuncture for Anxiety and Stress | Riverbend Acupuncture", "Acupuncture for Anxiety", "anxiety"),
]


def reviewed_post(title: str, h1: str, condition: str):
    return page_in("en", (
        f"<p>If you live in Edmonton and struggle with {condition}, you have probably wondered whether acupuncture could help.</p>"
        "<p>Reviews of clinical trials suggest that acupuncture can give modest, short-term relief for some people with "
        f"{condition}, alongside exercise and the care your physician provides.</p>"), h1, title)


@pytest.mark.parametrize("title, h1, condition", REVIEWED_POSTS)
def test_a_condition_the_treatment_is_used_for_as_the_topic_is_not_a_serious_claim_by_default(title, h1, condition):
    """Fertility support is not infertility, insomnia not chronic insomnia (CAP: 'trouble
    sleeping' may be referred to), knee arthritis pain is what the ASA accepts for acupuncture,
    and a hedged evidence sentence is not a claim to treat a disease."""
    doc = reviewed_post(title, h1, condition)
    for func in C.CHECKS:
        assert run(func, doc).status == "good", (func.spec.code, run(func, doc).message)


@pytest.mark.parametrize("title, h1, condition", REVIEWED_POSTS)
def test_under_uk_asa_those_conditions_are_still_flagged_with_the_uk_rule(title, h1, condition):
    """The ASA upheld 'acupuncture for fertility support, ... insomnia, anxiety' (Eileen
    Mannion 2017): the profile keeps its rule, and the finding quotes the whole phrase and names
    the CAP Code, not 'a serious condition' such as infertility."""
    r = run(C.serious, reviewed_post(title, h1, condition), profile="uk-asa")
    assert r.status == "bad" and r.value == 3  # the title, the H1 and the hedged sentence
    assert [e.highlights for e in r.evidence[:2]] == [(h1,), (h1,)]  # not 'Acupuncture and Fertility'
    # the H1's wording, alone when it reads alone, else with the title's words around it
    assert f"'{h1}' (2 times)" in r.message or f"('{h1}' 2 times)" in r.message, r.message
    assert all(e.rule == "restricted-condition" and "CAP Code" in e.advice for e in r.evidence)


@pytest.mark.parametrize("sentence, also_cure", [
    ("Acupuncture cures infertility.", True),
    ("Our acupuncture treats cancer.", False),
    ("Acupuncture reverses arthritis.", True),
    ("Acupuncture treats generalised anxiety disorder.", False),
    ("Acupuncture for chronic insomnia and depression.", False),
    # hedged, but about a serious disease: CAP 12.2 still applies
    ("Reviews suggest that acupuncture can give modest relief for some people with depression.", False),
])
def test_claims_about_serious_diseases_still_fail_under_every_profile(sentence, also_cure):
    doc = doc_of(f"<p>{sentence}</p>")
    for profile in ("default", "uk-asa", "us-ftc", "ca-ab"):
        assert run(C.serious, doc, profile=profile).status == "bad", profile
    assert run(C.cure, doc).status == ("bad" if also_cure else "good")


def test_a_cure_claim_about_a_milder_condition_is_a_cure_claim():
    doc = doc_of("<p>Acupuncture can cure insomnia naturally.</p>")
    assert (run(C.cure, doc).status, run(C.serious, doc).status) == ("bad", "good")
    assert run(C.serious, doc, profile="uk-asa").status == "bad"


def test_arthritis_pain_is_caps_arthritic_pain_and_arthritis_is_serious():
    assert run(C.serious, doc_of("<p>Acupuncture may ease knee arthritis pain for some people.</p>"), profile="uk-asa").status == "good"
    assert run(C.serious, doc_of("<p>Massage therapy can reduce the symptoms of arthritis.</p>")).status == "bad"


def test_a_sentence_with_a_serious_and_a_milder_condition_is_one_finding_named_by_the_serious_rule():
    hits = scan_sentence("Acupuncture helps with insomnia and depression.")
    assert [(h.category, h.rule, h.profile_key) for h in hits] == [("serious", "serious-treat", "")]
    only_mild = scan_sentence("Acupuncture helps with insomnia.")
    assert [(h.rule, h.profile_key) for h in only_mild] == [("restricted-condition", "restricted-condition")]
    doc = doc_of("<p>Acupuncture helps with insomnia and depression.</p>")
    assert [(r.status, r.value) for r in (run(C.serious, doc), run(C.serious, doc, profile="uk-asa"))] == [("bad", 1), ("bad", 1)]


def test_a_profile_may_judge_the_milder_conditions_as_a_warning():
    """Each finding has its rule's severity, and the check the worst of its findings'."""
    from dataclasses import replace

    uk = get_profile("uk-asa")
    lenient = replace(uk, name="lenient", severity={**uk.severity, "restricted-condition": "ok"})

    def status(article):
        spec = C.serious.spec
        return run_check(spec, doc_of(article), spec.default_options(), CheckContext(clinic=ClinicInfo(profile=lenient))).status

    assert status("<p>Acupuncture helps with insomnia.</p>") == "ok"
    assert status("<p>Acupuncture helps with insomnia. It also treats cancer.</p>") == "bad"
    assert status("<p>Book an assessment when it suits you.</p>") == "good"


@pytest.mark.parametrize("lang, title, serious_claim", [
    ("fr", "L'acupuncture et la fertilité", "L'acupuncture guérit l'infertilité."),
    ("fr", "L'acupuncture pour l'anxiété et le stress", "L'acupuncture traite les troubles anxieux."),
    ("es", "Acupuntura para la artritis de rodilla", "La acupuntura alivia la artritis."),
    ("es", "Acupuntura y fertilidad", "La acupuntura cura la infertilidad."),
])
def test_french_and_spanish_posts_get_the_same_split(lang, title, serious_claim):
    topic = page_in(lang, "<p>.</p>", title, title)
    assert run(C.serious, topic).status == "good"
    assert run(C.serious, topic, profile="uk-asa").status == "bad"
    assert run(C.serious, page_in(lang, f"<p>{serious_claim}</p>", "t")).status == "bad"


TESTIMONIALS = ('<p>"I was cured after one visit!" says one patient.</p>'
                '<p>"Nothing worked until I came here, now my back pain is gone for good," writes Maria.</p>'
                "<p>Our physiotherapy cures back pain for good.</p>")


def test_a_claim_in_a_patients_words_is_advised_removed_not_reworded():
    # the safer wording rewrote the patient's quote in the clinic's voice; a quote cannot be reworded
    doc = doc_of(TESTIMONIALS)
    r = run(C.cure, doc)
    by_text = {e.text.split()[0].strip('"'): e.advice for e in r.evidence}
    rules = {e.text.split()[0].strip('"'): e.rule for e in r.evidence}
    assert rules["I"] == rules["Our"] == "cure-word"
    assert by_text["I"].startswith("In a testimonial: a patient's words on your site are your claim")
    assert "remove the quote (or this claim from it)" in by_text["Nothing"]
    assert by_text["Our"].startswith("Safer: ")  # the clinic's own sentence: reworded as before
    # CL007's own finding keeps its advice
    assert all(e.advice.startswith("Safer: Remove outcome quotes") for e in run(C.testimonial, doc).evidence)


def test_nothing_worked_until_is_a_testimonials_claim_not_a_negated_one():
    doc = doc_of(TESTIMONIALS)
    gone = [e.text for e in run(C.cure, doc).evidence if e.text.lstrip('"').startswith("Nothing")]
    assert gone, "'my back pain is gone for good' after 'Nothing worked until' is a permanence claim"
    superior = run(C.superiority, doc)
    assert superior.status == "bad" and any(e.rule == "nothing-else-worked" for e in superior.evidence)
    assert [e.text for e in run(C.testimonial, doc).evidence if e.text.lstrip('"').startswith("Nothing")]
    # a real negation still holds: "does not cure", and "until" only ends the negation's reach
    assert run(C.cure, doc_of("<p>Physiotherapy does not cure back pain, but it may ease it.</p>")).status == "good"
    assert run(C.cure, doc_of("<p>Physiotherapy won't cure arthritis until a trial shows it.</p>")).status == "good"


def test_a_title_its_h1_repeats_is_one_wording_found_at_the_h1(tmp_path):
    # a draft's front matter title is the page's title and its H1: "5 found" listed 4 lines
    from seoaudit.files import read_file

    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Acupuncture cures back pain\n---\nWe explain what to expect at a first visit.\n\n"
                    "Our acupuncture cures back pain.\n", encoding="utf-8")
    r = run(C.cure, build_document(read_file(post)))
    assert r.status == "bad" and len(r.evidence) == 2
    assert [e.kind for e in r.evidence] == ["heading", "sentence"] and r.evidence[0].line == 2
    # a title that differs from the H1 is still scanned on its own
    html = ("<html lang='en'><head><title>Acupuncture cures back pain | Clinic</title></head><body><article>"
            "<h1>Acupuncture for back pain</h1><p>We explain what to expect at a first visit.</p></article></body></html>")
    r = run(C.cure, build_document(RawPage(source="t", url=PAGE_URL, body=html.encode())))
    assert [(e.kind, e.detail) for e in r.evidence] == [("element", "In the title")]


# ---- claims a multilingual marketer's review found missed (item 5) ------------------------

@pytest.mark.parametrize("language, sentence, expected", [
    # "the most effective" ranks a treatment above every other: a superlative (CL006), as
    # "most trusted" and "the best in Madrid" are; CL004 is for comparisons with named others
    ("en", "Acupuncture is the most effective treatment for migraines.", {("superlative", "most-effective")}),
    ("en", "It is the most effective migraine treatment available.", {("superlative", "most-effective")}),
    ("es", "Nuestro tratamiento es el más eficaz de Madrid", {("superlative", "es-most-effective")}),
    ("es", "Ofrecemos el tratamiento más eficaz para la ciática.", {("superlative", "es-most-effective")}),
    ("fr", "Le traitement le plus efficace contre la migraine.", {("superlative", "fr-most-effective")}),
    ("fr", "Notre clinique est la plus efficace de Montréal.", {("superlative", "fr-most-effective")}),
    # a complaint ended outright after a number of visits is a permanence claim, in a patient's words too
    ("en", "I had back pain for ten years and after four sessions it was completely gone.",
     {("testimonial", "first-person-outcome"), ("cure", "gone-after-sessions")}),
    ("en", "After four sessions my back pain was completely gone.",
     {("testimonial", "first-person-outcome"), ("cure", "gone-after-sessions")}),
    # "miracle" shapes are cure claims (README: "miracle treatment")
    ("en", "Dr. Chen is a miracle worker!", {("cure", "miracle")}),
    # as English "my sciatica was gone for good"
    ("fr", "Après trois massages, ma sciatique a disparu pour de bon.",
     {("testimonial", "fr-first-person-outcome"), ("cure", "fr-for-good")}),
    ("es", "Después de tres masajes, mi ciática desapareció para siempre.",
     {("testimonial", "es-first-person-outcome"), ("cure", "es-for-good")}),
    # as English "Nothing worked until I came here": "Rien" and "plus aucune" cancel nothing
    ("fr", "Rien ne marchait avant de venir ici, maintenant je n'ai plus aucune douleur.",
     {("superiority", "fr-nothing-else-worked"), ("testimonial", "fr-no-more-pain")}),
    ("fr", "Rien n'avait fonctionné jusqu'à ce que je vienne ici.", {("superiority", "fr-nothing-else-worked")}),
    ("es", "Nada funcionaba hasta que vine aquí, ahora ya no tengo dolor.",
     {("superiority", "es-nothing-else-worked"), ("testimonial", "es-first-person-state")}),
    # a testimonials heading in either word order
    ("fr", "Ce que nos clients disent", {("testimonial", "fr-patients-say")}),
    ("fr", "Ce que nos patients en pensent", {("testimonial", "fr-patients-say")}),
    ("es", "Lo que nuestros clientes dicen", {("testimonial", "es-patients-say")}),
    ("es", "Lo que opinan nuestros pacientes", {("testimonial", "es-patients-say")}),
])
def test_claims_a_multilingual_review_found_missed(language, sentence, expected):
    assert {(h.category, h.rule) for h in scan_sentence(sentence, load_rules(language=language))} == expected


@pytest.mark.parametrize("language, sentence", [
    ("en", "What is the most effective treatment for sciatica?"),
    ("en", "Your physiotherapist helps you choose the most effective treatment for your goals."),
    ("en", "Walking is one of the simplest ways to stay active."),
    ("en", "After four sessions we review whether your pain is completely gone or only eased."),
    ("en", "After four sessions the pain was not completely gone, so we changed the plan."),
    ("en", "I had back pain for years and it has not gone away."),
    ("en", "There is no miracle worker for back pain; steady exercise helps most people."),
    ("fr", "Quel est le traitement le plus efficace contre la sciatique ?"),
    ("fr", "Votre physiothérapeute choisit avec vous le traitement le plus efficace pour vous."),
    ("fr", "La façon la plus efficace de prévenir les blessures est de bouger."),
    ("fr", "Les symptômes n'ont pas disparu pour de bon chez tout le monde."),
    ("fr", "Ne cessez pas vos médicaments avant d'en parler à votre médecin."),
    ("es", "¿Cuál es el tratamiento más eficaz para la ciática?"),
    ("es", "Su fisioterapeuta le propone el tratamiento más eficaz para su caso."),
    ("es", "La forma más eficaz de prevenir lesiones es moverse."),
    ("es", "No deje su medicación antes de hablar con su médico."),
])
def test_look_alikes_of_the_multilingual_reviews_claims_pass(language, sentence):
    assert scan_sentence(sentence, load_rules(language=language)) == ()


@pytest.mark.parametrize("language, sentence, rule", [
    # without the comma, the negation before "avant de" / "hasta que" reached the testimonial's
    # claim after it; like English "until", these words end the negation's clause
    ("fr", "Rien ne marchait avant de venir et je n'ai plus mal.", "fr-no-more-pain"),
    ("es", "Nada funcionaba hasta que vine y ya no tengo dolor.", "es-first-person-state"),
])
def test_until_ends_a_negations_reach_in_french_and_spanish(language, sentence, rule):
    assert ("testimonial", rule) in {(h.category, h.rule) for h in scan_sentence(sentence, load_rules(language=language))}


@pytest.mark.parametrize("language, claim, plain", [
    ("es", "Somos la mejor de Madrid.", "Es la mejor de todas las opciones para empezar."),
    ("fr", "Nous sommes la meilleure de Montréal.", "C'est la meilleure de toutes les options pour commencer."),
])
def test_best_in_a_place_needs_a_place_name_not_any_word(language, claim, plain):
    # the rules read text case-insensitively: the capital of "[A-Z]\w+" must be asked for on its own
    rules = load_rules(language=language)
    assert [h.category for h in scan_sentence(claim, rules)] == ["superlative"]
    assert scan_sentence(plain, rules) == ()


# ---- a Lakeshore marketer's review (findings 8, 10, 11) ----------------------------------------

@pytest.mark.parametrize("language, sentence", [
    # a ranking of a condition, a cause or a list item: not of the clinic (finding 8)
    ("en", "Back pain is the number one reason people miss work in Canada."),
    ("en", "Heart disease is Canada's number one killer."),
    ("en", "Poor posture is the #1 cause of neck pain at a desk."),
    ("en", "Low back pain is the No. 1 cause of disability worldwide."),
    ("en", "Tip #1: keep your screen at eye level."),
    ("en", "Mistake #1 is skipping the warm-up before a game."),
    ("en", "Rule number one: stop if the pain gets sharper."),
    ("en", "The number one question we hear is whether it hurts."),
    ("en", "Sitting still is the number one thing physiotherapists ask desk workers to change."),
    ("fr", "Le mal de dos est la cause numéro un d'absentéisme au Canada."),
    ("fr", "Conseil n° 1 : levez-vous toutes les heures."),
    ("es", "El dolor de espalda es la causa número uno de baja laboral en España."),
    ("es", "Consejo número uno: levántese cada hora."),
])
def test_number_one_ranking_something_other_than_the_clinic_is_not_a_superlative(language, sentence):
    assert scan_sentence(sentence, load_rules(language=language)) == ()


@pytest.mark.parametrize("language, sentence, phrase", [
    ("en", "Visit Edmonton's #1 physiotherapy team.", "#1"),
    ("en", "She is the number one acupuncturist in the region.", "number one"),
    ("en", "Voted #1 in the city.", "#1"),
    ("en", "Voted #1 again this year.", "#1"),
    ("en", "Truly the number one clinic.", "number one"),
    ("en", "We're number one in Burlington for sports injuries.", "number one"),
    ("en", "Mississauga's #1 rated physio clinic.", "#1"),
    ("en", "The #1 choice for back pain care in Oakville.", "#1"),
    ("en", "Our clinic is number one for sports injuries.", "number one"),
    ("fr", "La clinique numéro un de Montréal.", "numéro un"),
    ("fr", "Élue n° 1 de la physiothérapie à Laval.", "n° 1"),
    ("fr", "Nous sommes numéro un à Québec.", "numéro un"),
    ("es", "La clínica número uno de Madrid.", "número uno"),
    ("es", "Somos el número uno en fisioterapia deportiva.", "número uno"),
])
def test_number_one_said_of_the_clinic_its_team_or_its_care_is_a_superlative(language, sentence, phrase):
    hits = scan_sentence(sentence, load_rules(language=language))
    assert [h.category for h in hits] == ["superlative"] and hits[0].matched[0] == phrase, hits


CHIRO_PAGE = ("<p>Results guaranteed.</p><p>Our team is the best chiropractic team in town.</p>"
              "<p>Chiropractic care is more effective than any other treatment.</p>")


def test_a_post_about_another_disciplines_treatment_names_its_practitioner():
    """A physiotherapy clinic's chiropractic post was told 'your physiotherapist explains what
    chiropractic care can and cannot do' (finding 10): the post's treatment's practitioner."""
    doc = page_in("en", CHIRO_PAGE, "Chiropractor or Physiotherapist?")
    for profile in ("ca-on-physio", "default"):
        assert "your chiropractor explains what chiropractic care can and cannot do" in safer(C.guarantee, doc, profile=profile)
        assert "'registered chiropractor with 10 years in practice'" in safer(C.superlative, doc, profile=profile)
        assert "your chiropractor explains the alternatives" in safer(C.superiority, doc, profile=profile)
    massage = page_in("en", RISKY, "Massage Therapy Oakville")
    assert "'registered massage therapist with 10 years in practice'" in safer(C.superlative, massage, ("massage therapy oakville",),
                                                                              profile="ca-on-physio")
    # the clinic's own treatment, or one whose practitioner the rules do not name (cupping, dry
    # needling: "practitioner"), keeps the clinic's profession
    physio = page_in("en", CHIRO_PAGE, "Physiotherapy for back pain")
    assert "your physiotherapist explains what physiotherapy can" in safer(C.guarantee, physio, profile="ca-on-physio")
    needling = page_in("en", CHIRO_PAGE, "Dry needling for neck pain")
    assert "your physiotherapist explains what dry needling can" in safer(C.guarantee, needling, profile="ca-on-physio")


def test_every_best_and_credential_wording_says_the_same_years_in_practice():
    """'registered physiotherapist with 12 years' on one post and '10 years' on another (finding 10)."""
    for language in BUNDLED_RULES:
        rules = load_rules(language=language)
        texts = [c.suggestion for c in rules.categories.values()] + [r.suggest for r in rules.rules if r.suggest]
        years = {m for t in texts for m in re.findall(r"\b(\d+) (?:years|ans|años)\b", t)}
        assert years == {"10"}, (language, years)


def test_cl012s_general_fix_names_no_profession():
    """CL012's fix said 'Jane Lee, R.Ac., registered acupuncturist' on a physiotherapy site (finding 10):
    the fix is read on every page; each finding names its own person and profession."""
    fix = C.doctor_title.spec.fix
    assert not re.search(r"acupunct|physiotherap|chiropract|R\.Ac|\bPT\b", fix), fix


@pytest.mark.parametrize("language, sentence, expected", [
    # a number in words and a word before "spots" (finding 11; CL011's doc says "only 3 spots left")
    ("en", "Only five tune-up spots left this month.", {("urgency", "too-late")}),
    ("en", "Just 2 assessment slots remaining this week!", {("urgency", "too-late")}),
    ("en", "Only one spot left for March.", {("urgency", "too-late")}),
    ("fr", "Il ne reste que cinq places ce mois-ci.", {("urgency", "fr-too-late")}),
    ("es", "Solo quedan cinco plazas este mes.", {("urgency", "es-too-late")}),
    # a comparison with medicine fronted by "unlike" (CL004), and the "real cause" (CL001)
    ("en", "Unlike massage chairs or pills, our program treats the real cause of pain.",
     {("superiority", "unlike-medicine"), ("cure", "root-cause")}),
    ("en", "Unlike painkillers, physiotherapy fixes the problem.", {("superiority", "unlike-medicine")}),
    ("en", "Unlike other clinics, we get you moving in days.", {("superiority", "unlike-others")}),
    ("fr", "Contrairement aux médicaments, la physiothérapie traite la vraie cause.",
     {("superiority", "fr-unlike-medicine"), ("cure", "fr-root-cause")}),
    ("es", "A diferencia de las pastillas, la fisioterapia trata la causa real del dolor.",
     {("superiority", "es-unlike-medicine"), ("cure", "es-root-cause")}),
    # how many patients are happy: a claim from patients' approval, as "thousands of happy patients" (CL007)
    ("en", "Over 2,000 happy patients can't be wrong!", {("testimonial", "patients-say")}),
    ("en", "Join 500+ satisfied clients in Oakville.", {("testimonial", "patients-say")}),
    ("fr", "Plus de 2 000 patients satisfaits ne peuvent pas se tromper !", {("testimonial", "fr-happy-patients")}),
    ("es", "Más de 2.000 pacientes satisfechos no pueden equivocarse.", {("testimonial", "es-happy-patients")}),
    # a share of the clinic's patients who never need to come back: a success rate (CL002)
    ("en", "Physiotherapy helps, and most of our patients never need to come back.", {("guarantee", "patients-never-return")}),
    ("en", "The majority of our clients don't need to return after their first course.", {("guarantee", "patients-never-return")}),
    ("fr", "La plupart de nos patients n'ont plus besoin de revenir.", {("guarantee", "fr-patients-never-return")}),
    ("es", "La mayoría de nuestros pacientes no necesitan volver.", {("guarantee", "es-patients-never-return")}),
    # a testimonial reported by the clinic (CL007, as "changed my life")
    ("en", "Many clients tell us massage therapy in Oakville has changed their lives.", {("testimonial", "patients-say")}),
    ("en", "So many of our patients say they feel like a new person.", {("testimonial", "patients-say")}),
    ("fr", "Beaucoup de clients nous disent que la massothérapie a changé leur vie.", {("testimonial", "fr-patients-say")}),
    ("es", "Muchos pacientes nos dicen que la fisioterapia les cambió la vida.", {("testimonial", "es-patients-say")}),
])
def test_claims_the_lakeshore_review_found_missed(language, sentence, expected):
    assert {(h.category, h.rule) for h in scan_sentence(sentence, load_rules(language=language))} == expected


@pytest.mark.parametrize("language, sentence", [
    ("en", "Most plans cover only 10 appointments a year."),
    ("en", "Only two of the exercises need equipment."),
    ("en", "There are three spots left on the form for your notes."),
    ("en", "Unlike a sprain, a fracture needs an X-ray."),
    ("en", "Take your pills as prescribed, unlike what many people do."),
    ("en", "Unlike surgery for a torn ligament, rehab for a sprain takes weeks, not months."),
    ("en", "Ask your doctor before you stop any pills."),
    ("en", "It is worth finding the real cause of your pain before you start any treatment."),
    ("en", "Over 2,000 people in Canada have a hip replaced each month."),
    ("en", "Most of our patients come back for a check-up after six months."),
    ("en", "Most patients need to come back two or three times."),
    ("en", "Many patients tell us their pain started after a long drive."),
    ("en", "Many clients tell us they are nervous before their first massage."),
    ("en", "The accident changed their lives."),
    ("fr", "Il ne reste que la question du prix."),
    ("fr", "La plupart de nos patients reviennent pour un suivi."),
    ("fr", "Beaucoup de patients nous disent qu'ils ont mal le matin."),
    ("es", "La mayoría de nuestros pacientes vuelven para una revisión."),
    ("es", "Muchos pacientes nos dicen que les duele por la mañana."),
])
def test_look_alikes_of_the_lakeshore_reviews_claims_pass(language, sentence):
    assert scan_sentence(sentence, load_rules(language=language)) == ()
