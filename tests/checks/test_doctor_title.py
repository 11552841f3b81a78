"""CL012 claim-doctor-title: "Dr." before the name of a practitioner whose profession may not use it."""

from __future__ import annotations

import pytest

from _clinic_helpers import BODY, page, run
from seoaudit import doctor_title as DT
from seoaudit.api import Auditor
from seoaudit.checks import claims as C
from seoaudit.config import Settings
from seoaudit.models import RawPage
from seoaudit.profiles import load_profiles

CL012 = C.doctor_title


def para(*sentences: str) -> str:
    return BODY + "".join(f"<p>{s}</p>" for s in sentences)


def test_registered_with_the_claim_checks():
    assert CL012 in C.CHECKS and CL012.spec.code == "CL012" and CL012.spec.name == "claim-doctor-title"
    assert CL012.spec.category == "clinic"
    assert C.CATEGORY_OF["CL012"] == "doctor-title"
    spec = CL012.spec
    assert spec.title and spec.fail_title and spec.why and spec.fix and "s. 33" in spec.source
    assert "Passes:" in spec.doc and "Fails:" in spec.doc


def test_every_profile_sets_a_severity_and_only_ontario_makes_it_an_error():
    for p in load_profiles().values():
        assert p.severity["doctor-title"] == ("bad" if p.name.startswith("ca-on-") else "ok"), p.name


# ---- (a) author statements -------------------------------------------------------------------


def test_a_author_statement_with_a_non_exempt_credential_fails():
    doc = page(jsonld={"@context": "https://schema.org", "@type": "BlogPosting", "headline": "x",
                       "author": {"@type": "Person", "name": "Dr. Mei Lin, R.Ac", "jobTitle": "Registered Acupuncturist"}})
    r = run(CL012, doc)
    assert (r.status, r.value) == ("ok", 1)
    ev = r.evidence[0]
    assert ev.kind == "element" and ev.verdict == "doctor-title"
    assert ev.text.startswith("Dr. Mei Lin, R.Ac") and set(ev.highlights) >= {"Dr. Mei Lin", "R.Ac"}
    assert ev.detail.startswith("Author statement (json-ld): rule ")
    assert ev.advice == "Safer: 'Mei Lin, R.Ac, registered acupuncturist'"
    # outside Ontario the rule named is the general one, not another province's college
    assert "rule misleading title: 'Dr.' before a name tells readers" in ev.detail and "CTCM" not in ev.detail


def test_a_byline_meta_and_markup_for_one_author_are_one_finding():
    head = '<meta name="author" content="Dr. Mei Lin, R.Ac">'
    doc = page(head=head, header='<p class="byline">By Dr. Mei Lin, R.Ac</p>',
               jsonld={"@type": "BlogPosting", "author": {"@type": "Person", "name": "Dr. Mei Lin, R.Ac"}})
    r = run(CL012, doc, profile="ca-on-tcm")
    assert (r.status, r.value) == ("bad", 1)
    assert r.evidence[0].detail.startswith("Author statement (json-ld, meta, byline): rule RHPA s. 33 (Ontario)")


def test_a_author_without_a_credential_is_judged_by_the_profiles_profession():
    doc = page(head='<meta name="author" content="Dr. Sam Park">')
    assert run(CL012, doc).status == "good"  # nothing says what Dr. Park practises
    r = run(CL012, doc, profile="ca-on-physio")
    assert r.status == "bad" and "physiotherapist profile" in r.evidence[0].detail
    assert r.evidence[0].advice == "Safer: 'Sam Park, physiotherapist'"


def test_the_configured_clinic_profession_judges_an_author_without_a_credential():
    doc = page(head='<meta name="author" content="Dr. Sam Park">')
    r = run(CL012, doc, profession="acupuncturist")  # clinic_profession = "acupuncturist", default profile
    assert r.status == "ok" and "clinic of acupuncturists (clinic_profession)" in r.evidence[0].detail
    assert r.evidence[0].advice == "Safer: 'Sam Park, acupuncturist'"
    assert run(CL012, doc, profession="chiropractor").status == "good"
    assert run(CL012, doc, profile="ca-on-physio", profession="chiropractor").status == "good"  # the setting wins


def test_clinic_profession_setting_is_read_and_checked(tmp_path):
    from seoaudit.config import load_settings
    from seoaudit.profiles import clinic_from_settings
    from seoaudit.registry import ConfigError

    cfg = tmp_path / "seoaudit.toml"
    cfg.write_text('[tool.seoaudit]\nclinic_profession = "registered massage therapist"\n', encoding="utf-8")
    assert clinic_from_settings(load_settings(str(cfg), use_discovery=False)).profession == "registered massage therapist"
    cfg.write_text('[tool.seoaudit]\nclinic_profession = "astronaut"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="clinic_profession: unknown profession 'astronaut'"):
        clinic_from_settings(load_settings(str(cfg), use_discovery=False))
    assert clinic_from_settings(load_settings(None, use_discovery=False)).profession == ""


def test_a_author_named_with_a_credential_elsewhere_on_the_page_fails():
    doc = page(para("Sam Park, PT, has treated runners for ten years."), head='<meta name="author" content="Dr. Sam Park">')
    assert run(CL012, doc).status == "good"  # "Sam Park, PT" without the title is fine, the author alone says nothing
    doc = page(para("Dr. Park (PT) has treated runners for ten years."), head='<meta name="author" content="Dr. Sam Park">')
    r = run(CL012, doc)
    assert r.value == 2 and {e.kind for e in r.evidence} == {"sentence", "element"}


# ---- (b) a non-exempt profession or credential in the same sentence ------------------------


@pytest.mark.parametrize(
    "sentence,highlight",
    [
        ("Dr. Jane Lee, R.Ac., has practised acupuncture since 2010.", "R.Ac."),
        ("Dr. Lee, our acupuncturist, explains what a first visit involves.", "acupuncturist"),
        ("Dr. Sam Park, Registered Massage Therapist, shows three stretches.", "Registered Massage Therapist"),
        ("Dr. Lee (PT) recommends these exercises.", "PT"),
        ("Dr. Wong is a back pain specialist and the finest acupuncturist in the city.", "acupuncturist"),
        ("Our physiotherapist Dr. Ana Ruiz wrote this guide.", "physiotherapist"),
    ],
)
def test_b_non_exempt_credential_or_profession_fails(sentence, highlight):
    r = run(CL012, page(para(sentence)))
    assert (r.status, r.value) == ("ok", 1), r.message
    ev = r.evidence[0]
    assert ev.kind == "sentence" and ev.text == sentence and ev.status == "ok"
    assert ev.highlights[0].startswith("Dr.") and highlight in ev.highlights
    assert ev.detail.startswith("rule ") and ev.advice.startswith("Safer: '") and "Dr." not in ev.advice
    assert 0 < ev.position < 1


def test_b_safer_wording_names_the_profession_of_the_credential():
    r = run(CL012, page(para("Dr. Jane Lee, R.Ac., has practised acupuncture since 2010.")), profile="ca-on-tcm")
    assert r.status == "bad"
    assert "rule RHPA s. 33 (Ontario)" in r.evidence[0].detail
    assert r.evidence[0].advice == "Safer: 'Jane Lee, R.Ac., registered acupuncturist'"
    # its rule is a statute, said to the author in the detail: not a rules-file id for machines
    assert r.evidence[0].rule == "" and "Safer" not in r.evidence[0].detail


def test_b_headings_title_and_meta_description_are_read():
    doc = page("<h2>Meet Dr. Jane Lee, R.Ac.</h2>" + BODY, head='<meta name="description" content="Dr. Lee, RMT, on tension headaches.">')
    r = run(CL012, doc)
    assert r.value == 2 and {e.kind for e in r.evidence} == {"heading", "element"}
    assert any(e.detail.startswith("In the meta description: rule ") for e in r.evidence)
    assert not any("RHPA" in e.detail for e in r.evidence)  # the default profile names no statute


# ---- (c) first-person clinic framing ---------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    ["Book a session with Dr. Lee this week.", "Our Dr. Lee has ten years of experience.", "Dr. Lee at Riverbend Acupuncture can answer your questions."],
)
def test_c_first_person_framing_fails(sentence):
    r = run(CL012, page(para(sentence)), name="Riverbend Acupuncture")
    assert (r.status, r.value) == ("ok", 1), r.message
    assert "nothing on the page says Lee is" in r.evidence[0].detail
    # nothing says the profession: the wording is a pattern, not an acupuncturist's "R.Ac." (a
    # marketer's review found it on a physiotherapy site)
    assert r.evidence[0].advice == "Safer: 'Lee' with the credential and profession instead: 'Lee, [credential], [profession]'"


def test_c_on_a_chiropractic_or_dental_page_is_not_judged_without_more():
    doc = page(para("Book a session with Dr. Lee this week."), head='<meta name="description" content="Chiropractic care for neck pain.">')
    assert run(CL012, doc).status == "good"
    dental = page(para("Book a session with Dr. Lee this week."), jsonld={"@type": "Dentist", "name": "Smile Dental"})
    assert run(CL012, dental).status == "good"
    # ... unless the profile says what the clinic practises
    assert run(CL012, doc, profile="ca-on-physio").status == "bad"


# ---- what passes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "See your doctor if the pain came with a fever.",
        "Ask a doctor before you stop any medication.",
        "Our clinic is at 123 Oak Dr. Edmonton, next to the library.",
        "Park on Sunridge Dr, then take the east entrance.",
        "Dr. Lee, DC, chiropractor, explains what an adjustment involves.",
        "Dr. Mei Lin, Dr. TCM, sees patients on Saturdays.",
        "Book with Dr. Mei Lin, Dr. TCM, on Saturdays.",
        "A 2017 review by Dr. Andrew Vickers pooled data from 20,000 patients.",
        "Dr. Andrew Vickers and colleagues found a modest effect.",
        "Dr. Lee, R.TCM.P., explains cupping.",
        "Dr. Sam Park, PT, DPT, explains the exercises.",
        "Jane Lee, R.Ac., registered acupuncturist, explains what to expect.",
    ],
)
def test_look_alikes_and_exempt_titles_pass(sentence):
    r = run(CL012, page(para(sentence)))
    assert (r.status, r.value) == ("good", 0), [e.detail for e in r.evidence]


def test_a_name_with_an_exempt_credential_anywhere_passes_everywhere():
    doc = page(para("Dr. Lee, DC, treats neck pain.", "Book with Dr. Lee this week."))
    assert run(CL012, doc, profile="ca-on-physio").status == "good"


def test_a_doctorate_does_not_lift_ontarios_rule():
    doc = page(para("Dr. Sam Park, PT, DPT, explains the exercises."))
    assert run(CL012, doc).status == "good"
    assert run(CL012, doc, profile="ca-on-physio").status == "bad"


def test_a_cited_researcher_caught_as_a_byline_is_not_an_author():
    doc = page(para("A 2017 review by Dr. Andrew Vickers pooled data from 20,000 patients."))
    assert run(CL012, doc, profile="ca-on-physio").status == "good"


def test_a_researcher_cited_with_their_profession_is_not_the_clinics_practitioner():
    cited = "According to Dr. Smith, a physiotherapist at McGill University, exercise helps knee pain."
    assert run(CL012, page(para(cited)), profile="ca-on-physio").status == "good"
    # a clinic cue in the same sentence still makes it the clinic's own, citation words or not
    own = "Book with Dr. Smith, our physiotherapist, who reviewed the research on knee pain."
    r = run(CL012, page(para(own)), profile="ca-on-physio")
    assert r.status == "bad", [e.detail for e in r.evidence]


@pytest.mark.parametrize("profile,status", [("default", "ok"), ("uk-asa", "ok"), ("us-ftc", "ok"), ("ca-ab", "ok"), ("ca-on-physio", "bad"), ("ca-on-tcm", "bad")])
def test_severity_comes_from_the_profile(profile, status):
    r = run(CL012, page(para("Dr. Jane Lee, R.Ac., has practised acupuncture since 2010.")), profile=profile)
    assert r.status == status
    assert r.threshold.endswith(f"({profile}: {'error' if status == 'bad' else 'warning'})")


def test_a_page_without_a_title_passes_on_the_prefilter():
    r = run(CL012, page())
    assert (r.status, r.message) == ("good", "No 'Dr.' title on the page.")
    assert not DT.may_have_title("see your doctor")
    assert DT.title_uses("Dry needling may ease shoulder pain.") == ()  # passes the prefilter, no title


# ---- the whole page through the audit API ------------------------------------------------------

PAGE = """<!DOCTYPE html><html lang="en-CA"><head><meta charset="utf-8">
<title>Acupuncture for back pain | Riverbend Acupuncture</title>
<meta name="description" content="What a first acupuncture visit for back pain involves, and how many sessions people usually need.">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"BlogPosting","headline":"Acupuncture for back pain",
"author":{"@type":"Person","name":"Dr. Mei Lin","jobTitle":"Registered Acupuncturist"}}</script>
</head><body><header><nav><a href="/">Home</a></nav></header>
<main><article><h1>Acupuncture for back pain</h1>
<p class="byline">By Dr. Mei Lin</p>
<p>Chronic low back pain is pain that has lasted longer than twelve weeks. A 2017 review by Dr. Andrew Vickers pooled data from 20,000 patients.</p>
<p>See your doctor first if the pain follows a fall. Book a session with Dr. Lin at Riverbend Acupuncture when it suits you.</p>
<p>Our clinic is at 123 Oak Dr. Edmonton, next to the library.</p>
</article></main><footer>Riverbend Acupuncture</footer></body></html>"""


def _audit(profile: str):
    auditor = Auditor(Settings(select=("CL012",), profile=profile, clinic_name="Riverbend Acupuncture"))
    report = auditor.audit_raw(RawPage(source="post.html", url="https://riverbend.example/blog/x/", body=PAGE.encode()))
    return next(c for c in report.checks if c.code == "CL012")


def test_full_page_through_the_audit_api():
    result = _audit("ca-on-tcm")
    assert result.status == "bad" and result.value == 2
    texts = [e.text for e in result.evidence]
    assert texts[0] == "Book a session with Dr. Lin at Riverbend Acupuncture when it suits you."
    assert texts[1].startswith("Dr. Mei Lin")  # the author statement: jobTitle says Registered Acupuncturist
    assert not any("Vickers" in t or "Oak Dr." in t for t in texts)
    assert _audit("default").status == "ok"


def test_the_author_advice_of_tr001_and_lb004_drops_a_dr_that_cl012_bars():
    # CL012 said "Dr. Wei Chen" may not be used; LB004 advised 'Dr.' in honorificPrefix, TR001 to link 'Dr. Wei Chen'
    from seoaudit.checks import localbusiness as LB
    from seoaudit.checks import trust as TR
    from seoaudit.document import build_document

    html = ("<html lang='en'><head><title>Acupuncture for migraines | Clinic</title><script type='application/ld+json'>"
            '{"@context":"https://schema.org","@type":"BlogPosting","headline":"Acupuncture for migraines",'
            '"datePublished":"2026-10-01","author":{"@type":"Person","name":"Dr. Wei Chen, R.Ac."}}</script></head>'
            "<body><article><h1>Acupuncture for migraines</h1><p>By Dr. Wei Chen, R.Ac.</p><p>Acupuncture for "
            "migraines may reduce how often headaches come back for some people.</p></article></body></html>")
    doc = build_document(RawPage(source="t", url="https://clinic.example/blog/migraines/", body=html.encode()))
    for profile in ("ca-on-tcm", "default"):
        assert run(CL012, doc, profile=profile).evidence
        lb004 = run(LB.article_schema, doc, profile=profile).message
        tr001 = run(TR.author_credentials, doc, profile=profile).message
        assert ("no 'Dr.' (CL012" in lb004) and "honorificPrefix" not in lb004, lb004
        assert "link 'Wei Chen' to their bio page" in tr001 and "without 'Dr.' (CL012)" in tr001, tr001
