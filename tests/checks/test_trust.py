"""TR001-TR005: author, medical review, dates, citations, safety net."""

from __future__ import annotations

import re

import pytest

from seoaudit.checks import trust as T
from seoaudit.checks.claims import evidence as CL005
from seoaudit.checks.clinic_common import parse_date

from _clinic_helpers import BODY, page, run

ARTICLE = {"@context": "https://schema.org", "@type": "BlogPosting", "headline": "Acupuncture for back pain",
           "datePublished": "2024-03-12T09:00:00-06:00", "dateModified": "2024-09-02T14:20:00-06:00",
           "author": {"@type": "Person", "name": "Mei Lin", "url": "https://clinic.example/team/mei-lin/", "jobTitle": "Registered Acupuncturist"}}


def test_author_with_credential_and_author_page_is_good():
    byline = "<p class='byline'>By <a href='/team/mei-lin/'>Mei Lin, R.Ac.</a></p>"
    r = run(T.author_credentials, page(header=byline))
    assert r.status == "good" and r.value.startswith("Mei Lin")


def test_author_from_json_ld_job_title_counts_as_credential():
    assert run(T.author_credentials, page(jsonld=ARTICLE)).status == "good"


def test_author_without_credential_or_page_is_ok_and_no_author_is_bad():
    assert run(T.author_credentials, page(head="<meta name='author' content='Clinic Admin'>")).status == "ok"
    assert run(T.author_credentials, page()).status == "bad"


def test_byline_credential_does_not_swallow_the_next_word():
    doc = page(header="<p>By Sam Park PT If you have questions, call us.</p>")
    assert run(T.author_credentials, doc).evidence[0].text == "Sam Park PT"


def test_medical_review_visible_markup_only_and_absent():
    marked = {**ARTICLE, "@type": "MedicalWebPage", "reviewedBy": {"@type": "Person", "name": "Ana Ruiz"}, "lastReviewed": "2024-09-01"}
    assert run(T.medical_review, page(header="<p>Medically reviewed by Ana Ruiz, PT</p>", jsonld=marked)).status == "good"
    assert run(T.medical_review, page(jsonld=marked)).status == "bad"
    assert run(T.medical_review, page()).status == "ok"
    assert run(T.medical_review, page("<p>Our clinic has free parking and a ramp at the side door for everyone.</p>")).status == "na"


def test_medical_review_on_a_draft_does_not_ask_for_json_ld_it_cannot_hold():
    """"Add reviewedBy/lastReviewed to the JSON-LD too" on a draft, while LB004 says drafts carry none."""
    from seoaudit.document import build_document
    from seoaudit.files import page_from_bytes

    md = ("---\ntitle: Acupuncture for back pain\n---\n\nMedically reviewed by Ana Ruiz, PT, on March 3, 2026.\n\n"
          "Chronic low back pain is pain that has lasted longer than twelve weeks. Acupuncture may ease the pain "
          "for some people, and sciatica or arthritis may need other care.\n")
    draft = build_document(page_from_bytes(md.encode(), "markdown", source="p.md", url="file:///p.md"))
    r = run(T.medical_review, draft)
    assert r.status == "good"
    assert r.message == ("Reviewed by Ana Ruiz. Once it is published, check that its JSON-LD has "
                         "reviewedBy/lastReviewed too (a draft carries none).")
    html = run(T.medical_review, page(header="<p>Medically reviewed by Ana Ruiz, PT</p>"))
    assert html.message.endswith(" Add reviewedBy/lastReviewed to the JSON-LD too.")


@pytest.mark.parametrize(
    "text,expected",
    [("2024-03-12T09:00:00-06:00", "2024-03-12"), ("March 12, 2024", "2024-03-12"), ("12 Sept 2024", "2024-09-12"), ("no date", None)],
)
def test_parse_date(text, expected):
    d = parse_date(text)
    assert (d.isoformat() if d else None) == expected


def test_dates_visible_marked_up_and_consistent_is_good():
    doc = page(header="<time datetime='2024-03-12'>March 12, 2024</time>", jsonld=ARTICLE)
    r = run(T.content_dates, doc, today="2025-01-01")
    assert (r.status, r.value) == ("good", "2024-09-02")


def test_modified_before_published_or_future_date_is_bad():
    back = {**ARTICLE, "dateModified": "2023-01-01"}
    assert run(T.content_dates, page(header="<time>March 12, 2024</time>", jsonld=back), today="2025-01-01").status == "bad"
    assert run(T.content_dates, page(header="<time>March 12, 2024</time>", jsonld=ARTICLE), today="2024-06-01").status == "bad"


def test_stale_or_unmarked_or_missing_dates():
    doc = page(header="<time datetime='2024-03-12'>March 12, 2024</time>", jsonld=ARTICLE)
    assert run(T.content_dates, doc, today="2027-01-01").status == "ok"
    assert run(T.content_dates, doc, today="2027-01-01", stale_after_days=2000).status == "good"
    assert run(T.content_dates, page(header="<time>March 12, 2024</time>"), today="2025-01-01").status == "ok"
    assert run(T.content_dates, page()).status == "bad"


def test_a_recent_post_without_an_update_is_not_said_to_be_updated():
    published_only = {k: v for k, v in ARTICLE.items() if k != "dateModified"}
    r = run(T.content_dates, page(header="<time datetime='2024-03-12'>March 12, 2024</time>", jsonld=published_only), today="2024-06-01")
    assert r.status == "good" and r.message == "Published 2024-03-12; not updated since."


def test_stale_message_says_published_when_there_is_no_update_date():
    published_only = {k: v for k, v in ARTICLE.items() if k != "dateModified"}
    r = run(T.content_dates, page(header="<time datetime='2024-03-12'>March 12, 2024</time>", jsonld=published_only), today="2027-01-01")
    assert r.status == "ok" and "Published 1025 days ago, with no update since" in r.message
    r = run(T.content_dates, page(header="<time datetime='2024-03-12'>March 12, 2024</time>", jsonld=ARTICLE), today="2027-01-01")
    assert "Last updated" in r.message


def test_visible_date_different_from_markup_is_ok():
    doc = page(header="<time>June 1, 2024</time>", jsonld=ARTICLE)
    assert run(T.content_dates, doc, today="2025-01-01").status == "ok"


def test_bad_today_option_is_a_check_error():
    r = run(T.content_dates, page(jsonld=ARTICLE), today="yesterday")
    assert r.status == "error" and "today" in r.message


def test_citations_counted_and_uncited_claims_judged_as_cl005_judges_them():
    cited = BODY + "<p>See the <a href='https://pubmed.ncbi.nlm.nih.gov/28192793/'>systematic review</a> and <a href='https://www.nice.org.uk/guidance/ng59'>NICE guideline</a>.</p>"
    r = run(T.evidence_citations, page(cited))
    assert (r.status, r.value) == ("good", 2)
    uncited = page(BODY + "<p>Studies show that acupuncture works.</p>")
    # as serious as CL005 finds the same sentence under the profile (a marketer's review: a warning
    # in CL005, a problem in TR004)
    for profile, status in (("default", "ok"), ("ca-on-physio", "ok"), ("uk-asa", "bad"), ("us-ftc", "bad")):
        r = run(T.evidence_citations, uncited, profile=profile)
        assert r.status == status, (profile, r.message)
        assert r.status == run(CL005, uncited, profile=profile).status, profile
    assert run(T.evidence_citations, uncited, profile="ca-on-physio").message == (
        "1 evidence claim and 0 citations (a warning under the ca-on-physio profile, as in CL005).")
    assert run(T.evidence_citations, page(BODY)).status == "ok"
    # a link to a random blog is not evidence
    assert run(T.evidence_citations, page(BODY + "<p>A <a href='https://someblog.example/x'>post</a>.</p>")).value == 0


def test_safety_net_present_missing_and_not_applicable():
    net = BODY + "<p>If the pain came with fever or numbness, go to an emergency department.</p>"
    assert run(T.safety_net, page(net)).status == "good"
    assert run(T.safety_net, page(BODY)).status == "ok"
    assert run(T.safety_net, page(BODY), missing_status="bad").status == "bad"
    assert run(T.safety_net, page("<p>Our clinic has free parking and a ramp at the side door for everyone.</p>")).status == "na"


@pytest.mark.parametrize("header, article, expected", [
    ("<p>By Mei Lin</p>", None, "Mei Lin"),  # the next text is the H1 "Acupuncture for back pain"
    ("<p>By Dr. Mei Lin</p>", "<p>Chronic Low Back Pain is common in adults.</p>", "Dr. Mei Lin"),
    ("<p>By Mei Lin, R.Ac.</p>", None, "Mei Lin, R.Ac."),
])
def test_a_byline_does_not_run_into_the_heading_or_paragraph_after_it(header, article, expected):
    """The page text joins blocks with spaces, so a byline followed by capitalised words
    read "Mei Lin Acupuncture" as the author."""
    doc = page(article, header=header) if article else page(header=header)
    assert [a.name for a in T.find_authors(doc) if a.where == "byline"] == [expected]
    assert run(T.author_credentials, doc).value.startswith(expected)


@pytest.mark.parametrize("byline, credential", [
    ("By Jane Lee, MBBS", "MBBS"),  # known to the "Dr." rule (CL012): TR001 knows it too
    ("By Sam Park, R.Kin", "R.Kin"),
    ("By Ana Ruiz, DACM", "DACM"),
    ("By Jo Smith, D.O.", "D.O."),
])
def test_tr001_knows_every_credential_the_doctor_title_rule_knows(byline, credential):
    r = run(T.author_credentials, page(header=f"<p>{byline}</p>"))
    assert f"({credential})" in r.message or "without a link to an author page:" in r.message
    assert T.has_credential(byline) == credential


@pytest.mark.parametrize("byline, credential", [
    # UK physiotherapy: the Chartered Society of Physiotherapy and the HCPC register (an agency's
    # Leeds client, "Tom Hughes, MCSP", was told it had no credential on every post)
    ("By Tom Hughes, MCSP", "MCSP"),
    ("By Tom Hughes, FCSP", "FCSP"),
    ("By Tom Hughes, HCPC-registered physiotherapist", "HCPC-registered"),
    ("By Tom Hughes, HCPC registered", "HCPC registered"),
    ("By Tom Hughes, chartered physiotherapist", "chartered physiotherapist"),
    # UK acupuncture: the British Acupuncture Council, the AACP
    ("By Mei Chen, BAcC", "BAcC"),
    ("By Mei Chen, MAACP", "MAACP"),
    # UK osteopathy, chiropractic and dentistry
    ("By Amy Shah, M.Ost, GOsC registered", "M.Ost"),
    ("By Amy Shah, GOsC registered osteopath", "GOsC"),
    ("By Amy Shah, MChiro", "MChiro"),
    ("By Amy Shah, BDS", "BDS"),
    ("By Amy Shah, registered osteopath", "osteopath"),
    # degrees
    ("By Ann Lee, MSc", "MSc"),
    ("By Ann Lee, BSc (Hons) Physiotherapy", "BSc (Hons)"),
    ("By Ann Lee, BPhty", "BPhty"),
    ("By Ann Lee, MClSc, FCAMPT", "MClSc"),
    # US: occupational therapy, athletic training, oriental medicine and acupuncture degrees
    ("By Sam Park, OTR/L", "OTR/L"),
    ("By Sam Park, ATC", "ATC"),
    ("By Sam Park, Dipl. OM", "Dipl. OM"),
    ("By Sam Park, MSOM", "MSOM"),
    ("By Sam Park, MAc", "MAc"),
    ("By Sam Park, occupational therapist", "occupational therapist"),
    # Canada: acupuncture for physiotherapists
    ("By Sam Park, CAFCI", "CAFCI"),
])
def test_tr001_knows_uk_us_and_canadian_credentials_and_degrees(byline, credential):
    assert T.has_credential(byline) == credential
    r = run(T.author_credentials, page(header=f"<p>{byline}</p>"))
    assert r.status == "ok" and "without a link to an author page:" in r.message  # the credential counts
    linked = run(T.author_credentials, page(header=f"<p>By <a href='/about/'>{byline[3:]}</a></p>"))
    # the byline's name may stop before a lower-case word or a slash ("Tom Hughes, HCPC")
    # the credential said once: in the name as written, or after it when the name lacks it
    shown = re.search(r"^Written by (.+?)(?: \((.+)\))?, with an author page\.$", linked.message)
    assert linked.status == "good" and shown, linked.message
    first = re.split(r"[-/ ]", credential)[0]
    if shown.group(2):  # after the name: the credential (or its start, "Tom Hughes, HCPC" before "registered")
        assert credential.startswith(shown.group(2)), linked.message
    assert linked.message.count(first) == 1, linked.message  # never "Tom Hughes, MCSP (MCSP)"


def test_the_uk_clients_byline_is_a_credentialed_author():
    """The agency's Leeds posts: JSON-LD author 'Tom Hughes', visible byline 'Tom Hughes, MCSP'."""
    ld = {"@context": "https://schema.org", "@type": "BlogPosting", "headline": "Physio for Knee Pain in Leeds",
          "datePublished": "2024-01-05", "author": {"@type": "Person", "name": "Tom Hughes"}}
    byline = "<p class='byline'>By <a href='/about/'>Tom Hughes, MCSP</a> · <time datetime='2024-01-05'>2024-01-05</time></p>"
    r = run(T.author_credentials, page(header=byline, jsonld=ld))
    assert (r.status, r.message) == ("good", "Written by Tom Hughes (MCSP), with an author page.")
    unqualified = byline.replace(", MCSP", "")
    assert run(T.author_credentials, page(header=unqualified, jsonld=ld)).message.count("without a credential:") == 1


@pytest.mark.parametrize("byline", [
    "By Tom Hughes",
    "By Tom Hughes, MCSPX",  # not a whole token
    "By Tom Hughes, mcsp",  # credentials are matched as written
    "By Ann Lee, MScience writer",
    "By Sam Park, ATCO",
    "By Sam Park, BAcCa",
])
def test_tr001_look_alikes_of_those_credentials_are_not_credentials(byline):
    assert T.has_credential(byline) == ""
    r = run(T.author_credentials, page(header=f"<p>By <a href='/about/'>{byline[3:]}</a></p>"))
    assert r.status == "ok" and "without a credential:" in r.message


def test_tr001_capitalised_words_after_a_byline_are_not_credentials():
    assert T.has_credential("Mei Lin. DO you have back pain? OD") == ""


def _dates_of_draft(path, text: str):
    """TR003 on a draft file (Markdown or text) written with ``text``, as of 2025-12-01."""
    from seoaudit.document import build_document
    from seoaudit.files import read_file

    path.write_text(text, encoding="utf-8")
    return run(T.content_dates, build_document(read_file(path)), today="2025-12-01")


def test_a_markdown_drafts_front_matter_dates_are_its_dates(tmp_path):
    """The theme shows the front matter's date on the published page: a draft is not
    told it has 'no visible date'. Without any date it still fails."""
    post = tmp_path / "post.md"
    r = _dates_of_draft(post, "---\ntitle: Sciatica\ndate: 2025-04-10\nlastmod: 2025-08-22\n---\n\nSciatica is leg pain.\n")
    assert (r.status, r.value) == ("good", "2025-08-22")
    undated = _dates_of_draft(post, "---\ntitle: Sciatica\n---\n\nSciatica is leg pain.\n")
    assert undated.status == "bad" and "front matter (`date:`)" in undated.message
    visible = _dates_of_draft(post, "---\ntitle: Sciatica\n---\n\nPublished 10 April 2025. Sciatica is leg pain.\n")
    assert (visible.status, visible.message) == ("ok", "No `date:` in the front matter.")


def test_a_text_draft_is_not_failed_for_dates_its_cms_adds(tmp_path):
    """A pasted text post cannot hold a date or its markup: not judged when undated, and a
    date written in its text is not asked for markup; the same undated text as HTML fails."""
    undated = _dates_of_draft(tmp_path / "post.txt", "Sciatica relief\n\nSciatica is leg pain that starts in the back.\n")
    assert undated.status == "na" and "audit its URL" in undated.message
    dated = _dates_of_draft(tmp_path / "post.txt", "Sciatica relief\n\nPublished 10 April 2025. Sciatica is leg pain.\n")
    assert (dated.status, dated.value) == ("good", "2025-04-10")
    html = _dates_of_draft(tmp_path / "post.html", "<title>Sciatica relief</title><p>Sciatica is leg pain.</p>")
    assert html.status == "bad"


@pytest.mark.parametrize("line", [
    "If the swelling spreads to your face, see a dentist the same day.",
    "If pain lasts more than a week, see your GP.",
    "Talk to your healthcare provider before starting any new exercise.",
])
def test_safety_net_in_dental_and_uk_words(line):
    assert run(T.safety_net, page(BODY + f"<p>{line}</p>")).status == "good"


def test_a_time_after_updated_is_the_update_not_the_publication():
    # "Actualizado el <time>...": compared with datePublished it read as "visible date differs"
    jsonld = {**ARTICLE, "datePublished": "2024-03-12", "dateModified": "2024-09-02"}
    doc = page(header="<p>Updated <time datetime='2024-09-02'>September 2, 2024</time></p>", jsonld=jsonld)
    r = run(T.content_dates, doc, today="2025-01-01")
    assert r.status == "good", r.message


def test_a_dental_post_discusses_a_condition():
    # a tooth-sensitivity post was "does not discuss a health condition" (TR005 not applicable)
    doc = page(article="<h1>Sensitive teeth</h1><p>Tooth sensitivity makes cold drinks painful for many adults. "
                       "Gingivitis and worn enamel are common causes we check for.</p>" * 3)
    assert run(T.safety_net, doc).status != "na"


@pytest.mark.parametrize("lang,text", [
    ("en", "Tooth decay starts small. Left alone, it invites gum disease, and we can stop both early."),
    ("en", "After losing a tooth, an implant replaces the missing tooth with a titanium post."),
    ("fr", "Le mal de dents arrive souvent la nuit. La sensibilité dentaire en est parfois la cause."),
    ("es", "El dolor de muelas aparece de noche. La sensibilidad dental suele ser la causa."),
])
def test_multi_word_condition_words_count(lang, text):
    """The word lists' multi-word entries ("tooth decay", "mal de dents") never matched one word
    at a time: a post about them was "not about a health condition" (TR002/TR004/TR005 na)."""
    assert T._discusses_conditions(page(article=f"<h1>Teeth</h1><p>{text}</p>", lang=lang))
    plain = page(article="<h1>Teeth</h1><p>Whitening brightens your smile in one visit. Book a consult today.</p>",
                 lang=lang)
    assert not T._discusses_conditions(plain)


@pytest.mark.parametrize("lang,body,line", [
    ("es", "La sensibilidad dental y el dolor de muelas aparecen con el frío. La caries es una causa frecuente.",
     "Si la sensibilidad dura más de una semana, consulta a tu dentista."),
    ("fr", "La sensibilité dentaire et le mal de dents arrivent avec le froid. La carie est une cause fréquente.",
     "Si la douleur dure plus d'une semaine, consultez votre dentiste."),
])
def test_safety_net_in_the_informal_and_dental_wordings_of_french_and_spanish(lang, body, line):
    """"consulta a tu dentista" (tú) was not read as advice to seek care; "see your dentist" was."""
    doc = page(article=f"<p>{body}</p>" * 4 + f"<p>{line}</p>", lang=lang)
    assert run(T.safety_net, doc).status == "good"


def test_a_visible_update_date_is_compared_with_date_modified():
    # "By ... · Updated August 1, 2026" with dateModified 2026-08-01 was "Visible date 2026-08-01
    # differs from datePublished 2026-05-10": the update's date was taken for the publication
    jsonld = {**ARTICLE, "datePublished": "2026-05-10", "dateModified": "2026-08-01"}
    doc = page(header="<p>By Dr. Maria Alvarez, DDS · Updated August 1, 2026</p>", jsonld=jsonld)
    r = run(T.content_dates, doc, today="2026-12-07")
    assert r.status == "good", r.message
    wrong = {**jsonld, "dateModified": "2026-06-01"}
    r = run(T.content_dates, page(header="<p>By Ana Ruiz · Updated August 1, 2026</p>", jsonld=wrong), today="2026-12-07")
    assert r.status == "ok" and "isible update date 2026-08-01 differs from dateModified 2026-06-01" in r.message


def test_a_visible_publication_date_is_still_compared_with_date_published():
    jsonld = {**ARTICLE, "datePublished": "2026-05-10", "dateModified": "2026-08-01"}
    doc = page(header="<p>Published April 2, 2026 · Updated August 1, 2026</p>", jsonld=jsonld)
    r = run(T.content_dates, doc, today="2026-12-07")
    assert r.status == "ok" and "isible date 2026-04-02 differs from datePublished 2026-05-10" in r.message


def test_tr003s_own_examples_do_not_fail_its_staleness_rule():
    """The fix showed 'Published 12 March 2024 · Updated 2 September 2024': more than
    stale_after_days old, so following it failed the same check."""
    from datetime import date

    from seoaudit.checks.clinic_common import dates_in

    spec = T.content_dates.spec
    limit = T.DateOptions().stale_after_days
    for text in (spec.fix, spec.doc):
        for d, words in dates_in(text):
            assert (date.today() - d).days <= limit, words


def test_tr001_names_what_is_missing_not_a_byline_the_page_has():
    """'Julie Gagnon, pht' with no author-page link was told to "Add a byline with the author's
    name, regulated credential and profession (e.g. 'By Mei Lin, R.Ac., ...')"."""
    french = "<p>Le mal de dos est fréquent. La physiothérapie aide souvent à rester actif et à reprendre vos activités.</p>"
    r = run(T.author_credentials, page(article=french, header="<p>Par Julie Gagnon, pht</p>", lang="fr"))
    assert r.status == "ok"
    assert r.message == ("Author 'Julie Gagnon' is named with a credential (pht), without a link to an author page: "
                         "link 'Julie Gagnon' to their bio page.")
    r = run(T.author_credentials, page(head="<meta name='author' content='Clinic Admin'>"))
    assert "without a credential or a link to an author page: have a registered practitioner review or co-sign" in r.message
    assert "Mei Lin" not in T.author_credentials.spec.fix and "Add what the message says is missing" in T.author_credentials.spec.fix


def test_tr001_a_markdown_drafts_front_matter_author_needs_no_link_in_the_draft(tmp_path):
    """A marketer's review: "Written by Priya Sharma, PT, the theme links the front matter's author to
    their page" assumed what the theme does (Hugo does not by default), in a comma splice."""
    from seoaudit.document import build_document
    from seoaudit.files import read_file

    post = tmp_path / "tmj.md"
    post.write_text("---\ntitle: TMJ jaw pain\nauthor: Daniel Okafor, PT\n---\n\n# TMJ jaw pain\n\nJaw pain is common.\n", encoding="utf-8")
    r = run(T.author_credentials, build_document(read_file(post)))
    assert r.status == "good" and r.message == ("Written by Daniel Okafor, PT. A draft cannot link the name to their author page: "
                                                "check on the published page that your theme does.")
    assert "theme links" not in T.author_credentials.spec.fix
    post.write_text("---\ntitle: TMJ jaw pain\nauthor: Daniel Okafor\n---\n\n# TMJ jaw pain\n\nJaw pain is common.\n", encoding="utf-8")
    assert "without a credential:" in run(T.author_credentials, build_document(read_file(post))).message


def test_tr001_an_author_without_a_credential_is_advised_a_review_not_a_credential_they_lack():
    """A marketer's review: Dana, the clinic's marketing manager, was told to "add their regulated
    credential and profession"; she has none to add."""
    byline = "<p class='byline'>By <a href='/team/dana-whitfield/'>Dana Whitfield</a></p>"
    r = run(T.author_credentials, page(header=byline))
    assert r.status == "ok" and r.message == (
        "Author 'Dana Whitfield' is named without a credential: have a registered practitioner review or co-sign the post "
        "('Reviewed by [name], [credential]', TR002), or, if the author is one, add their credential and profession after the name.")
    reviewed = page(header=byline + "<p>Medically reviewed by Priya Sharma, PT</p>")
    r = run(T.author_credentials, reviewed)
    # the reviewer's PT is not the author's credential, and the byline stops at the review line
    assert r.status == "ok" and r.message.startswith("Author 'Dana Whitfield' is named without a credential: the post shows a review by Priya Sharma (TR002)")
    assert "have a registered practitioner review" not in r.message


@pytest.mark.parametrize("byline, status", [
    ("By <a href='/team/priya/'>Priya Sharma, PT</a>", "good"),  # a regulated clinician wrote it
    ("By <a href='/team/mei-lin/'>Mei Lin</a>, registered acupuncturist", "good"),
    ("By <a href='/team/sam/'>Sam Park, PhD</a>", "ok"),  # a doctorate licenses no one to practise
    ("By <a href='/team/kai/'>Kai Ito, CSCS</a>", "ok"),  # nor does a strength coach's certificate
    ("By <a href='/team/dana/'>Dana Whitfield</a>", "ok"),
])
def test_tr002_a_post_a_regulated_clinician_wrote_needs_no_separate_review(byline, status):
    """A marketer's review: "No medical review is shown" cost every post the clinic's physiotherapists
    wrote and signed; the credential TR001 reads is the expertise a review line would show."""
    r = run(T.medical_review, page(header=f"<p class='byline'>{byline}</p>"))
    assert r.status == status, r.message
    if status == "good":
        assert r.value == "regulated author" and r.message.startswith("Written by a regulated clinician, ")
    else:
        assert r.message.startswith("No medical review is shown, and the author has no regulated credential (TR001)")
    # review markup nobody can see is still bad, whoever wrote the post
    marked = {**ARTICLE, "@type": "MedicalWebPage", "reviewedBy": {"@type": "Person", "name": "Ana Ruiz"}}
    assert run(T.medical_review, page(header=f"<p class='byline'>{byline}</p>", jsonld=marked)).status == "bad"


REVIEWED_DENTAL = {"@context": "https://schema.org", "@type": "BlogPosting", "headline": "Dental implants",
                   "reviewedBy": {"@type": "Person", "name": "Dr. James Patel, DDS"}}


@pytest.mark.parametrize("lang,line,reviewer", [
    ("en", "By Dr. Maria Alvarez, DDS · Reviewed by Dr. James Patel, DDS · Updated August 1, 2026", "Dr. James Patel"),
    ("fr", "Par Julie Gagnon, pht · Révisé par la Dre Lise Roy, pht", "Dre Lise Roy"),
    ("es", "Por Ana Ruiz · Revisado por la Dra. Carolina Méndez, odontóloga", "Dra. Carolina Méndez"),
])
def test_a_visible_review_by_a_doctor_is_read_and_judged_whatever_the_topic(lang, line, reviewer):
    """The Austin dental post showed "Reviewed by Dr. James Patel, DDS" and had reviewedBy, and got
    "na: the post does not discuss a health condition": the "Dr." stopped the name at its full stop,
    and a post without two condition words was never judged."""
    body = {"en": "<p>Implants replace a tooth with a titanium post and a crown. Healing takes a few months.</p>",
            "fr": "<p>Un implant remplace une dent par une tige en titane et une couronne. La guérison prend quelques mois.</p>",
            "es": "<p>Un implante reemplaza un diente con un poste de titanio y una corona. La curación tarda unos meses.</p>"}[lang]
    doc = page(article=body, header=f"<p>{line}</p>", jsonld=REVIEWED_DENTAL, lang=lang)
    r = run(T.medical_review, doc)
    assert (r.status, r.value) == ("good", "visible"), r.message
    assert r.message == f"Reviewed by {reviewer}."


def test_review_markup_without_a_visible_line_is_bad_whatever_the_topic():
    doc = page(article="<p>Implants replace a tooth with a titanium post and a crown.</p>", jsonld=REVIEWED_DENTAL)
    assert run(T.medical_review, doc).status == "bad"


def test_diabetes_is_a_health_condition():
    doc = page(article="<p>If you are missing a tooth, an implant can replace it. Uncontrolled diabetes can slow healing.</p>")
    assert T._discusses_conditions(doc)


@pytest.mark.parametrize("url", [
    "https://www.inesss.qc.ca/",  # the Quebec post's "Selon l'INESSS" was "No link to evidence sources"
    "https://www.cadth.ca/low-back-pain", "https://www.cda-amc.ca/", "https://www.inspq.qc.ca/", "https://www.msss.gouv.qc.ca/",
    "https://www.nice.org.uk/guidance/ng59", "https://www.cochranelibrary.com/cdsr/doi/x", "https://www.nccih.nih.gov/health/acupuncture",
    "https://www.nhsinform.scot/illnesses-and-conditions/", "https://www.has-sante.fr/jcms/", "https://sante.gouv.fr/",
    "https://www.aemps.gob.es/", "https://www.sanidad.gob.es/", "https://www.ada.org/resources/ada-library/",
])
def test_public_health_evidence_bodies_count_as_citations(url):
    doc = page(article=BODY + f"<p>See <a href='{url}'>the guidance</a>.</p>")
    assert run(T.evidence_citations, doc).status == "good"


def test_a_clinic_or_blog_link_is_not_evidence():
    doc = page(article=BODY + "<p>See <a href='https://someclinic.example/blog/'>this post</a> and <a href='https://canada.org/'>x</a>.</p>")
    assert run(T.evidence_citations, doc).status != "good"


@pytest.mark.parametrize("folder, name, front, expected", [
    ("_posts", "2024-03-05-neck-pain-physio.md", "", "2024-03-05"),  # Jekyll dates a post by its file name
    ("_posts", "2024-03-05-neck-pain-physio.md", "date: 2024-04-01\n", "2024-04-01"),  # its own date wins
    ("content/posts", "2024-03-05-neck-pain-physio.md", "", None),  # not a Jekyll post: no date
    ("_posts", "neck-pain-physio.md", "", None),
])
def test_a_jekyll_posts_file_name_date_is_its_publication_date(tmp_path, folder, name, front, expected):
    from seoaudit.document import build_document
    from seoaudit.files import read_file

    post = tmp_path / folder / name
    post.parent.mkdir(parents=True)
    post.write_text(f"---\ntitle: Neck pain physio\n{front}---\n# Neck pain physio\n\nNeck pain is common and physio "
                    "can help many people move again.\n", encoding="utf-8")
    doc = build_document(read_file(post))
    assert doc.meta.get("article:published_time") == expected
    r = run(T.content_dates, doc)
    assert (r.message.startswith("No publication date")) == (expected is None), r.message


def test_a_page_with_only_an_update_date_does_not_say_published_none(tmp_path):
    from seoaudit.document import build_document
    from seoaudit.files import read_file

    post = tmp_path / "post.txt"
    post.write_text("Massage for sciatica\n\nUpdated November 20, 2026\n\nMassage may ease sciatica for some people for a "
                    "while.\n", encoding="utf-8")
    r = run(T.content_dates, build_document(read_file(post)), today="2026-12-07")
    assert "None" not in r.message and r.message.startswith("Last updated 2026-11-20"), r.message
