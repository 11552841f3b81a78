"""Keyphrase checks (KW001-KW010): a passing and a failing page per check, plus matching rules."""

from __future__ import annotations

import dataclasses

import pytest

from seoaudit import text as T
from seoaudit.checks import keyword
from seoaudit.document import build_document
from seoaudit.models import RawPage, Targeting
from seoaudit.registry import CheckContext
from seoaudit.runner import run_check

URL = "https://clinic.example/blog/acupuncture-back-pain-edmonton/"
KEYPHRASE = "acupuncture for back pain"

# Ten-word sentences: fillers hold no keyphrase word; the matches hold all of them.
FILLER = "Patients often ask our team about sleep, posture and movement."
EXACT = "Acupuncture for back pain helps many patients in our clinic."
VARIANT = "Lower back pain often eases after acupuncture in our clinic."
NECK = "Acupuncture for neck pain helps many patients in our clinic."


def page(body: str, title: str = "Acupuncture for Back Pain in Edmonton | Clinic", meta: str | None = None, h1: str = "Acupuncture for back pain: what to expect", url: str = URL):
    head = f"<title>{title}</title>"
    if meta is not None:
        head += f'<meta name="description" content="{meta}">'
    html = f'<html lang="en"><head>{head}</head><body><article><h1>{h1}</h1>{body}</article></body></html>'
    return build_document(RawPage(source="t", url=url, body=html.encode()))


def paragraphs(sentences: list[str], per_paragraph: int = 3) -> str:
    chunks = [sentences[i : i + per_paragraph] for i in range(0, len(sentences), per_paragraph)]
    return "".join(f"<p>{' '.join(c)}</p>" for c in chunks)


def run(code: str, doc, keyphrases: tuple[str, ...] = (KEYPHRASE,), **options):
    spec = next(f.spec for f in keyword.CHECKS if f.spec.code == code)
    opts = dataclasses.replace(spec.default_options(), **options)
    ctx = CheckContext(targeting=Targeting(keyphrases=keyphrases, cities=("Edmonton",)))
    return run_check(spec, doc, opts, ctx)


def crafted_300_words() -> str:
    """300 words in 10 paragraphs: 3 exact-phrase sentences and 1 synonym variant."""
    sentences = [FILLER] * 30
    for i, s in ((0, EXACT), (8, EXACT), (17, VARIANT), (25, EXACT)):
        sentences[i] = s
    return paragraphs(sentences)


GOOD_PAGE_BODY = crafted_300_words()


# ---- matching rules ---------------------------------------------------------------


def test_back_is_a_content_word():
    kp = T.Keyphrase.parse(KEYPHRASE)
    assert kp.surface == ("acupuncture", "back", "pain")
    assert kp.dropped == ("for",)
    # Yoast would reduce to {acupuncture, pain} and accept a sentence about neck pain.
    doc = page(paragraphs([NECK] + [FILLER] * 5))
    r = run("KW001", doc)
    assert r.value["matches"] == 0


def test_low_lower_and_lumbar_are_synonyms():
    doc = page(paragraphs(["Lower back pain often eases after acupuncture in our clinic.", "Lumbar pain can respond to acupuncture too, say our patients."] + [FILLER] * 4))
    low = run("KW001", doc, keyphrases=("acupuncture for low back pain",))
    assert low.value["sentences"] == 1
    assert set(low.evidence[0].highlights) == {"Lower", "back", "pain", "acupuncture"}
    back = run("KW001", doc)  # "lumbar" counts as "back"
    assert back.value["sentences"] == 2
    assert set(back.evidence[1].highlights) == {"Lumbar", "pain", "acupuncture"}


def test_quoted_keyphrase_matches_only_the_exact_phrase():
    doc = page(paragraphs(["Pain in the back can respond to acupuncture treatment sessions.", "Many people with back pain try massage first, then other care."] + [FILLER] * 4))
    assert run("KW001", doc, keyphrases=("back pain",)).value["sentences"] == 2
    assert run("KW001", doc, keyphrases=('"back pain"',)).value["sentences"] == 1


def test_every_check_is_na_without_a_keyphrase():
    doc = page(GOOD_PAGE_BODY)
    for func in keyword.CHECKS:
        assert run(func.spec.code, doc, keyphrases=()).status == "na", func.spec.code


def test_codes_names_and_category():
    specs = [f.spec for f in keyword.CHECKS]
    assert [s.code for s in specs] == [f"KW{i:03d}" for i in range(1, 11)]
    assert len({s.name for s in specs}) == 10
    assert all(s.category == "keyphrase" and s.doc for s in specs)


def test_secondary_keyphrases_are_reported_but_do_not_decide():
    doc = page(GOOD_PAGE_BODY)
    r = run("KW001", doc, keyphrases=(KEYPHRASE, "dry needling"))
    assert r.status == "good"
    assert r.value["others"][0]["keyphrase"] == "dry needling"
    assert r.value["others"][0]["status"] == "bad"
    assert r.value["others"][0]["matches"] == 0


# ---- KW001 density ------------------------------------------------------------------


def test_density_values_on_a_crafted_text():
    doc = page(GOOD_PAGE_BODY)
    r = run("KW001", doc)
    assert r.status == "good"
    v = r.value
    assert v["words"] == 300
    assert v["matches"] == 4 and v["sentences"] == 4
    assert v["exact"] == 3
    assert v["density"] == pytest.approx(1.33, abs=0.01)
    assert v["weighted"] == pytest.approx(4 / 300 * 100 * (0.7 + 3 / 3), abs=0.01)
    assert v["reduced"] == ["acupuncture", "back", "pain"] and v["dropped"] == ["for"]
    assert len(r.evidence) == 4
    positions = [e.position for e in r.evidence]
    assert positions == sorted(positions) and positions[0] == 0.0
    assert all(e.kind == "sentence" and e.highlights for e in r.evidence)


def test_density_one_mention_in_a_long_text_is_too_low():
    doc = page(paragraphs([EXACT] + [FILLER] * 59))
    r = run("KW001", doc)
    assert r.status == "bad"
    assert r.value["matches"] == 1
    assert r.value["recommended"]["min"] >= 2


def test_density_one_mention_inside_the_band_says_why_it_is_still_too_low():
    # 1 match in 210 words weighs 0.81 %: inside 0.5-3 %, but Yoast wants 2 mentions;
    # the threshold and message must say so, or "0.92 %" next to "0.5-3.0 %" reads as a bug
    doc = page(paragraphs([EXACT] + [FILLER] * 20))
    r = run("KW001", doc)
    assert r.status == "bad" and r.value["matches"] == 1 and 0.5 <= r.value["weighted"] <= 3
    assert r.threshold == f"0.5-3.0 % weighted density: 2-{r.value['recommended']['max']} matches in {r.value['words']} words"
    assert "one mention is too few whatever the density" in r.message


def test_density_two_mentions_in_a_short_post_are_good_and_its_range_never_ends_below_them():
    # 2 matches in ~110 words weigh over 3 %: Yoast's rule keeps them good, so the range must
    # include 2 ("2-1 matches" was impossible) and the message must not call 3+ % "a good density"
    doc = page(paragraphs([EXACT, EXACT] + [FILLER] * 9))
    r = run("KW001", doc)
    assert 100 <= r.value["words"] < 120 and r.value["weighted"] > 3
    assert r.status == "good" and r.value["recommended"] == {"min": 2, "max": 2}
    assert r.threshold == f"0.5-3.0 % weighted density: 2 matches in {r.value['words']} words"
    assert "two mentions are enough in a short text, even above the density band" in r.message
    over = run("KW001", page(paragraphs([EXACT] * 3 + [FILLER] * 8)))
    assert over.status == "bad" and "more than the 2 recommended" in over.message


def test_density_far_too_high():
    doc = page(paragraphs([EXACT, FILLER] * 10))
    r = run("KW001", doc)
    assert r.status == "bad"
    assert r.value["weighted"] > 4
    assert r.score == 0


def test_density_counts_repeats_within_a_sentence():
    doc = page(paragraphs(["Acupuncture for back pain and more acupuncture for back pain today."] + [FILLER] * 10))
    r = run("KW001", doc)
    assert r.value["sentences"] == 1 and r.value["matches"] == 2


def test_density_short_texts_are_judged_by_count():
    short_one = page(paragraphs([EXACT, FILLER, FILLER]))  # 30 words
    assert run("KW001", short_one).status == "good"
    short_three = page(paragraphs([EXACT, EXACT, EXACT]))
    assert run("KW001", short_three).status == "bad"


# ---- KW002 stuffing ------------------------------------------------------------------


STUFFED_BODY = (
    "<h2>Acupuncture for back pain explained</h2>"
    + paragraphs([EXACT, FILLER], 2)
    + "<h2>Why acupuncture for back pain works</h2>"
    + paragraphs([EXACT, FILLER], 2)
    + "<h2>Acupuncture for back pain costs</h2>"
    + paragraphs([EXACT, FILLER, EXACT, FILLER], 2)
)


def test_stuffing_none_on_a_natural_text():
    r = run("KW002", page(GOOD_PAGE_BODY))
    assert r.status == "good"
    assert r.value["signals"] == []


def test_stuffing_on_a_stuffed_text():
    doc = page(STUFFED_BODY, title="Acupuncture for Back Pain | Back Pain Acupuncture Edmonton")
    r = run("KW002", doc)
    assert r.status == "bad"
    fired = {s["signal"]: s for s in r.value["signals"]}
    assert {"paragraphs", "subheadings", "title"} <= set(fired)
    assert fired["paragraphs"]["value"] == 1.0
    assert fired["title"]["value"] == {"acupuncture": 2, "back": 2, "pain": 2}


def test_stuffing_repeated_ngrams_and_exact_density():
    doc = page(paragraphs([EXACT, FILLER] * 10, 4))  # the phrase 10 times in 200 words
    r = run("KW002", doc)
    fired = {s["signal"]: s for s in r.value["signals"]}
    assert fired["exact-density"]["level"] == "fail"
    assert fired["ngrams"]["value"]["acupuncture for back"] == 10
    assert r.status == "bad"
    # a limit on a count is a whole count ("limit 6.7" read as a bug): the first flagged count
    assert isinstance(fired["ngrams"]["limit"], int)
    long = run("KW002", page(paragraphs([EXACT, FILLER] * 10 + [FILLER] * 50, 4)))  # 700 words: 4 x 700/300 = 9.3
    ngrams = next(s for s in long.value["signals"] if s["signal"] == "ngrams")
    assert ngrams["limit"] == 10 and "(flagged from 10)" in long.message


def test_single_stuffing_warning_is_ok():
    r = run("KW002", page(GOOD_PAGE_BODY, title="Back pain? Acupuncture for back pain"))
    assert [s["signal"] for s in r.value["signals"]] == ["title"]
    assert r.status == "ok"


def test_ngram_counter_only_counts_keyphrase_ngrams():
    grams = keyword.repeated_ngrams(tuple(T.words("our team and our team and acupuncture helps")), ("acupunctur",), 3)
    assert "our team and" not in grams
    assert grams["team and acupuncture"] == 1


def test_ngram_counter_skips_windows_edged_by_function_words():
    # "le mal de" and "de dos pour" are shifted copies of "mal de dos": one repeat, not three
    text = " ".join(["le mal de dos pour vous"] * 3)
    grams = keyword.repeated_ngrams(tuple(T.words(text)), tuple(T.canonical_token(w) for w in ("mal", "dos")), 3)
    assert grams["mal de dos"] == 3
    assert "le mal de" not in grams and "de dos pour" not in grams
    english = keyword.repeated_ngrams(tuple(T.words("acupuncture for back pain " * 4)), ("acupunctur", "back", "pain"), 3)
    assert english["acupuncture for back"] == 4 and "for back pain" not in english


# ---- KW003 title ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "title,status,match",
    [
        ("Acupuncture for Back Pain in Edmonton | Clinic", "good", "exact-start"),
        ("The Acupuncture for Back Pain Guide", "good", "exact-start"),
        ("Edmonton Guide: Acupuncture for Back Pain", "ok", "exact"),
        ("Back Pain? Try Acupuncture in Edmonton", "ok", "words"),
        ("Our Edmonton Clinic Blog", "bad", "missing"),
    ],
)
def test_keyphrase_in_title(title, status, match):
    r = run("KW003", page(GOOD_PAGE_BODY, title=title))
    assert (r.status, r.value["match"]) == (status, match)


def test_title_exact_phrase_allows_synonyms_unless_quoted():
    doc = page(GOOD_PAGE_BODY, title="Acupuncture for Lower Back Pain")
    assert run("KW003", doc, keyphrases=("acupuncture for low back pain",)).status == "good"
    assert run("KW003", doc, keyphrases=('"acupuncture for low back pain"',)).status == "bad"


# ---- KW004 H1 -------------------------------------------------------------------------


def test_keyphrase_in_h1():
    assert run("KW004", page(GOOD_PAGE_BODY, h1="How acupuncture eases back pain")).status == "good"
    assert run("KW004", page(GOOD_PAGE_BODY, h1="Acupuncture and pain")).status == "ok"
    r = run("KW004", page(GOOD_PAGE_BODY, h1="Our clinic blog"))
    assert r.status == "bad" and r.value["share"] == 0.0


# ---- KW005 introduction -------------------------------------------------------------


def test_keyphrase_in_introduction_one_sentence():
    r = run("KW005", page(GOOD_PAGE_BODY))
    assert r.status == "good" and r.value["match"] == "sentence"
    assert r.evidence[0].position == 0.0


def test_keyphrase_in_introduction_spread_over_sentences():
    body = paragraphs(["Acupuncture is an old practice from China and beyond.", "Many people live with back pain for years on end."]) + paragraphs([FILLER] * 6)
    r = run("KW005", page(body))
    assert r.status == "ok" and r.value["match"] == "paragraph"


def test_keyphrase_missing_from_introduction():
    body = paragraphs([FILLER] * 3) + paragraphs([EXACT, FILLER, FILLER])
    r = run("KW005", page(body))
    assert r.status == "bad"


# ---- KW006 meta description -----------------------------------------------------------


def test_keyphrase_in_meta_description():
    good = page(GOOD_PAGE_BODY, meta="Can acupuncture ease back pain? Our Edmonton team explains what a visit involves.")
    assert run("KW006", good).status == "good"
    missing = page(GOOD_PAGE_BODY)
    assert run("KW006", missing).status == "bad"
    absent = page(GOOD_PAGE_BODY, meta="Book an appointment at our Edmonton clinic today.")
    assert run("KW006", absent).value["matches"] == 0
    stuffed = page(GOOD_PAGE_BODY, meta="Acupuncture for back pain. Back pain acupuncture. Acupuncture eases back pain.")
    r = run("KW006", stuffed)
    assert r.status == "bad" and r.value["matches"] == 3


# ---- KW007 slug -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url,status,found",
    [
        (URL, "good", 3),
        ("https://clinic.example/blog/acupuncturist-lower-back/", "good", 2),
        ("https://clinic.example/blog/acupuncture-faq/", "ok", 1),
        ("https://clinic.example/blog/post-123/", "bad", 0),
    ],
)
def test_keyphrase_in_slug(url, status, found):
    r = run("KW007", page(GOOD_PAGE_BODY, url=url))
    assert (r.status, r.value["found"]) == (status, found)


def test_a_post_with_no_url_yet_gets_a_slug_reminder_not_a_verdict():
    # a pasted text post or standard input has no slug; its file name (or "stdin") is not one
    from seoaudit.files import page_from_bytes
    from seoaudit.urls import STDIN_URL

    text = b"Acupuncture for back pain\n\nAcupuncture for back pain helps many people in Edmonton.\n"
    for url in ("file:///drafts/post-123.txt", STDIN_URL):
        doc = build_document(page_from_bytes(text, "text", source="x", url=url))
        r = run("KW007", doc)
        assert r.status == "na" and r.message.startswith("This post has no URL yet")
    md = b"---\ntitle: Acupuncture\n---\nAcupuncture for back pain helps.\n"
    doc = build_document(page_from_bytes(md, "markdown", source="x", url="file:///blog/post-123.md"))
    assert run("KW007", doc).status == "bad"  # a Markdown file name is the slug a generator publishes
    fm = b"---\ntitle: Acupuncture\nslug: acupuncture-back-pain\n---\nAcupuncture for back pain helps.\n"
    assert run("KW007", build_document(page_from_bytes(fm, "markdown", source="-", url=STDIN_URL))).status == "good"


def test_a_slug_with_enough_but_not_all_words_says_which_share_it_holds():
    # "holds the keyphrase" of 'runners-knee' for 'physiotherapy for runner's knee' read as all of it
    r = run("KW007", page(GOOD_PAGE_BODY, url="https://clinic.example/blog/acupuncturist-lower-back/"))
    assert r.status == "good" and r.message == ("The slug 'acupuncturist-lower-back' holds 2 of the 3 words of "
                                                "'acupuncture for back pain' (enough: more than 50 %).")
    assert run("KW007", page(GOOD_PAGE_BODY, url=URL)).message.startswith("The slug 'acupuncture-back-pain-edmonton' holds the keyphrase")


def test_slug_two_word_keyphrase_needs_both_words():
    doc = page(GOOD_PAGE_BODY, url="https://clinic.example/blog/back-stretches/")
    assert run("KW007", doc, keyphrases=("back pain",)).status == "ok"


# ---- KW008 subheadings ----------------------------------------------------------------


def _with_subheadings(*titles: str) -> str:
    return "".join(f"<h2>{t}</h2>" + paragraphs([FILLER] * 3) for t in titles) + GOOD_PAGE_BODY


def test_subheadings_some_reflect_the_topic():
    r = run("KW008", page(_with_subheadings("What is acupuncture?", "Acupuncture for back pain", "Booking a visit")))
    assert r.status == "good" and r.value["matched"] == 1


def test_subheadings_all_reflect_the_topic_is_over_optimised():
    r = run("KW008", page(_with_subheadings("Acupuncture for back pain", "Back pain acupuncture cost", "Acupuncture back pain FAQ")))
    assert r.status == "bad" and r.value["matched"] == 3


def test_subheadings_none_reflect_the_topic():
    assert run("KW008", page(_with_subheadings("Booking a visit", "Our team"))).status == "bad"


def test_no_subheadings_short_text_is_na_long_text_is_bad():
    assert run("KW008", page(paragraphs([EXACT] + [FILLER] * 9))).status == "na"
    long = run("KW008", page(GOOD_PAGE_BODY + paragraphs([FILLER] * 3)))
    assert long.status == "bad" and long.value["subheadings"] == 0


# ---- KW009 image alt ---------------------------------------------------------------------


def _with_images(*alts: str) -> str:
    imgs = "".join(f'<p><img src="i{n}.jpg" alt="{a}"> {FILLER} {FILLER}</p>' for n, a in enumerate(alts))
    return imgs + GOOD_PAGE_BODY


def test_image_alt_reflects_the_keyphrase():
    r = run("KW009", page(_with_images("Acupuncture needles on the lower back", "Clinic reception")))
    assert r.status == "good" and r.value["matched"] == 1


def test_image_alt_off_topic_is_ok_not_bad():
    r = run("KW009", page(_with_images("Clinic reception")))
    assert r.status == "ok" and r.value["matched"] == 0


def test_image_alt_too_many_of_many_images():
    r = run("KW009", page(_with_images(*["Acupuncture for back pain"] * 6)))
    assert r.status == "ok" and r.value["matched"] == 6


def test_image_alt_empty_is_decorative_not_missing():
    # BA007 accepts alt="" (decorative); KW009 must not tell the same page "no alt text"
    r = run("KW009", page(_with_images("", "")))
    assert r.status == "ok" and r.message.startswith("All 2 images are marked decorative (empty alt)")
    assert {e.verdict for e in r.evidence} == {"decorative (empty alt)"}
    missing = run("KW009", page(f'<p><img src="x.jpg"> {FILLER}</p>' + GOOD_PAGE_BODY))
    assert missing.message.startswith("The image has no alt text") and missing.evidence[0].verdict == "no alt"


def test_image_alt_an_empty_markdown_description_is_not_called_decorative():
    """KW009 said "marked decorative (empty alt)" of ![](x.jpg), which only means no description."""
    from seoaudit.files import page_from_bytes

    md = f"---\ntitle: Acupuncture for back pain\n---\n\n{FILLER}\n\n![](/img/needles.jpg)\n"
    doc = build_document(page_from_bytes(md.encode(), "markdown", source="p.md", url="file:///p.md"))
    r = run("KW009", doc)
    assert r.status == "ok" and r.message.startswith("The image has no alt text; describe it")
    assert [e.verdict for e in r.evidence] == ["no description"]


def test_image_alt_na_without_images():
    assert run("KW009", page(GOOD_PAGE_BODY)).status == "na"


# ---- KW010 length ---------------------------------------------------------------------


def test_keyphrase_length():
    doc = page(GOOD_PAGE_BODY)
    r = run("KW010", doc)
    assert r.status == "good"
    assert r.value["content_words"] == 3 and r.value["dropped"] == ["for"]
    assert run("KW010", doc, keyphrases=("affordable acupuncture treatment for chronic lower back pain",)).status == "ok"
    long = "best affordable acupuncture treatment for chronic lower back pain sciatica relief downtown clinic"
    assert run("KW010", doc, keyphrases=(long,)).status == "bad"


def test_keyphrase_without_words_is_na():
    doc = page(GOOD_PAGE_BODY)
    assert run("KW001", doc, keyphrases=("!!!",)).status == "na"
    assert run("KW001", doc, keyphrases=("!!!", KEYPHRASE)).value["matches"] == 4


def test_the_site_name_in_the_title_is_not_a_repeated_keyphrase_word():
    """KW002's title signal: 'Physio' in '| Kingsway Physio' (the business in the JSON-LD)
    is the brand, not the post repeating 'physiotherapy'."""
    ld = ('<script type="application/ld+json">{"@context":"https://schema.org","@type":"MedicalClinic",'
          '"name":"Kingsway Physio"}</script>')
    body = paragraphs(["Physiotherapy for sciatica helps most people move again within weeks."] * 3 + [FILLER] * 6)
    html = (f'<html lang="en"><head><title>Physiotherapy for Sciatica in Edmonton | Kingsway Physio</title>{ld}</head>'
            f"<body><article><h1>Physiotherapy for sciatica</h1>{body}</article></body></html>")
    doc = build_document(RawPage(source="t", url=URL, body=html.encode()))
    signals = run("KW002", doc, keyphrases=("physiotherapy for sciatica",)).value["signals"]
    assert "title" not in [s["signal"] for s in signals]
    bare = page(body, title="Physiotherapy for Sciatica in Edmonton | Kingsway Physio")  # brand unknown
    signals = run("KW002", bare, keyphrases=("physiotherapy for sciatica",)).value["signals"]
    assert "title" in [s["signal"] for s in signals]


def test_the_configured_clinic_name_in_the_title_is_the_brand_too():
    """KW002 reads the brand like LC002 does: the configured clinic_name counts."""
    from seoaudit.profiles import ClinicInfo, get_profile

    body = paragraphs(["Physiotherapy for sciatica helps most people move again within weeks."] * 3 + [FILLER] * 6)
    doc = page(body, title="Physiotherapy for Sciatica in Edmonton | Kingsway Physio")
    spec = next(f.spec for f in keyword.CHECKS if f.spec.code == "KW002")
    ctx = CheckContext(targeting=Targeting(keyphrases=("physiotherapy for sciatica",), cities=("Edmonton",)),
                       clinic=ClinicInfo(profile=get_profile("default"), name="Kingsway Physio"))
    signals = run_check(spec, doc, spec.default_options(), ctx).value["signals"]
    assert "title" not in [s["signal"] for s in signals]


def test_a_brand_the_footer_repeats_is_not_a_title_repeat():
    """'| Glebe Physio' with no markup or config naming it: the footer's 'Glebe Physio ·
    812 Bank Street' says it is the site's name (a quote in the post naming it too does not
    change that); the post's own title after a separator still counts."""
    body = paragraphs(["Physiotherapy for sciatica helps most people move again within weeks."] * 3 + [FILLER] * 5
                      + ["Three sessions at Glebe Physio helped my sciatica a lot."])

    def signals(title: str, footer: str):
        html = (f'<html lang="en"><head><title>{title}</title></head><body><article><h1>Physiotherapy for sciatica</h1>'
                f"{body}</article><footer><p>{footer}</p></footer></body></html>")
        doc = build_document(RawPage(source="t", url=URL, body=html.encode()))
        return {s["signal"] for s in run("KW002", doc, keyphrases=("physiotherapy for sciatica",)).value["signals"]}

    assert "title" not in signals("Physiotherapy for Sciatica | Glebe Physio", "Glebe Physio · 812 Bank Street, Ottawa")
    assert "title" in signals("Physiotherapy for Sciatica | Glebe Physio", "812 Bank Street, Ottawa")
    # a breadcrumb repeats the post's own title (its H1) outside the post: not a brand
    assert "title" in signals("Glebe Physio | Physiotherapy for sciatica", "Blog › Physiotherapy for sciatica")


def test_a_byline_under_the_h1_is_not_the_introduction():
    from seoaudit.files import page_from_bytes

    body = ("Acupuncture for back pain helps many people in our clinic feel better within weeks. "
            "It is one option among several.")
    for byline in ("*By Jordan Patel, R.Ac. · Updated November 2, 2026*", "Posted by Jordan Patel on March 3, 2026"):
        md = f"---\ntitle: Acupuncture for back pain\n---\n# Acupuncture for back pain\n\n{byline}\n\n{body}\n".encode()
        doc = build_document(page_from_bytes(md, "markdown", source="x.md", url="file:///blog/acupuncture-back-pain.md"))
        assert doc.intro.text.startswith("Acupuncture for back pain helps")
        assert run("KW005", doc).status == "good"
    # a real opening sentence that happens to start like a byline stays the intro
    md = f"---\ntitle: Acupuncture for back pain\n---\n# Acupuncture for back pain\n\nBy Monday most patients with acupuncture for back pain walk again.\n\n{body}\n".encode()
    doc = build_document(page_from_bytes(md, "markdown", source="x.md", url="file:///blog/acupuncture-back-pain.md"))
    assert doc.intro.text.startswith("By Monday")


def markdown_post(title: str, *paragraphs: str):
    """A Markdown draft with front matter, an H1 of ``title`` and ``paragraphs``."""
    from seoaudit.files import page_from_bytes

    md = f"---\ntitle: {title}\n---\n# {title}\n\n" + "".join(f"{p}\n\n" for p in paragraphs)
    return build_document(page_from_bytes(md.encode(), "markdown", source="x.md", url="file:///blog/post.md"))


@pytest.mark.parametrize("byline", [
    "By Jordan Lee, PT, registered physiotherapist at our Calgary Beltline clinic.",
    "By Sam Carter, PT, physiotherapist in Red Deer.",
    "By Dr. Alex Morgan, PT.",
    "By Priya Singh, R.Ac., acupuncturist in Edmonton.",
])
def test_a_byline_ending_with_a_full_stop_is_not_the_introduction(byline):
    # a CI reviewer's Hugo posts: these bylines were "the introduction" and KW005 failed 5 of 11 posts
    doc = markdown_post("Physiotherapy for knee pain", byline,
                        "Knee pain is common. Physiotherapy for knee pain starts with an assessment of how you move.")
    assert doc.intro.text.startswith("Knee pain is common"), doc.intro.text
    assert run("KW005", doc, keyphrases=("physiotherapy for knee pain",)).status == "good"


@pytest.mark.parametrize("sentence", [
    "By January, most patients with knee pain walk again without a limp.",
    "By Monday you will feel the difference in your knee and your hip.",
    "By Jordan Lee, who has treated knee pain for twenty years in our clinic.",
])
def test_a_sentence_opening_like_a_signed_byline_stays_the_introduction(sentence):
    assert markdown_post("Knee pain", sentence, "More text follows here for the reader.").intro.text == sentence


YOAST_BYLINE = "By Dr. Maria Alvarez, DDS · Reviewed by Dr. James Patel, DDS · Updated August 1, 2026"


@pytest.mark.parametrize("form", ["html", "markdown", "text"])
def test_a_long_byline_joined_with_separators_is_not_the_introduction(form):
    from seoaudit.files import page_from_bytes

    opening = "If you are missing a tooth, dental implants are one way to replace it."
    rest = "Our dentists explain each step before the work begins."
    if form == "html":
        doc = build_document(RawPage(source="t", url=URL, body=(
            f'<html lang="en"><head><title>Dental implants</title></head><body><article><h1>Dental implants</h1>'
            f"<p>{YOAST_BYLINE}</p><p>{opening} {rest}</p></article></body></html>").encode()))
    else:
        source = ("---\ntitle: Dental implants\n---\n# Dental implants\n" if form == "markdown" else "Dental implants\n")
        doc = build_document(page_from_bytes(f"{source}\n{YOAST_BYLINE}\n\n{opening} {rest}\n".encode(), form,
                                             source="x", url="file:///blog/dental-implants.x"))
    assert doc.intro.text.startswith("If you are missing a tooth"), doc.intro.text
    assert run("KW005", doc, keyphrases=("dental implants",)).status == "good"


@pytest.mark.parametrize("line", [
    "By Monday · most patients with dental implants chew again without any pain at all.",
    "Updated guidance | dental implants suit most adults who have lost a tooth to decay.",
    "By Dr. Maria Alvarez · She placed her first dental implants here in 2009.",
])
def test_a_sentence_with_a_separator_is_still_the_introduction(line):
    doc = page(f"<p>{line}</p><p>{FILLER}</p>")
    assert doc.intro.text == line


def test_a_brand_named_like_the_domain_is_not_a_title_repeat():
    # "| Bowview Physio" on bowviewphysio.example is the site's name, not "physio" said twice
    title = "Physiotherapy for Knee Pain in Calgary | Bowview Physio"
    body = GOOD_PAGE_BODY.replace("Acupuncture for back pain", "Physiotherapy for knee pain")
    on_site = page(body, title=title, url="https://www.bowviewphysio.example/blog/knee/")
    assert "title" not in {s["signal"] for s in run("KW002", on_site, keyphrases=("physiotherapy for knee pain",)).value["signals"]}
    elsewhere = page(body, title=title, url="https://clinic.example/blog/knee/")
    assert "title" in {s["signal"] for s in run("KW002", elsewhere, keyphrases=("physiotherapy for knee pain",)).value["signals"]}


# ---- without a keyphrase -----------------------------------------------------------------


@pytest.mark.parametrize("title,h1,url,expected", [
    # the title's stretch the H1 repeats; the city (a target) and the site's name left out
    ("Acupuncture for Back Pain in Edmonton | Clinic", "Acupuncture for back pain: what to expect", URL, "acupuncture for back pain"),
    # the slug supports it when the H1 does not
    ("Physiotherapy for Knee Pain: A Guide", "What helps", "https://clinic.example/blog/physiotherapy-knee-pain/",
     "physiotherapy for knee pain"),
    # filler and numbers are not the topic
    ("10 Tips: Massage Therapy for Headaches", "Massage therapy for headaches", URL, "massage therapy for headaches"),
    # a selling word is not part of the topic
    ("Acupuncture Cures Back Pain | Clinic", "Acupuncture cures back pain, guaranteed", URL, "acupuncture back pain"),
    # without a configured city, the place the title names is left out too
    ("Teeth Whitening in Toronto | Bloor Smile", "Teeth whitening in Toronto: what to expect", URL, "teeth whitening"),
    ("Quiropráctica para el dolor lumbar en Madrid", "Quiropráctica para el dolor lumbar en Madrid", URL,
     "quiropráctica para el dolor lumbar"),
    # price words are selling words too
    ("Affordable Teeth Whitening | Clinic", "Affordable teeth whitening", URL, "teeth whitening"),
    # the title's first part is the post's; a tagline after "|" repeating a word is not ("acupuncture ... acupuncture")
    ("Acupuncture Cures Back Pain | Calgary's Best Acupuncture Clinic", "Acupuncture cures back pain at our acupuncture clinic",
     URL, "acupuncture back pain"),
    # nothing shared: no suggestion
    ("Welcome", "Our clinic", "https://clinic.example/blog/news/", ""),
])
def test_suggested_keyphrase_from_title_h1_and_slug(title, h1, url, expected):
    ctx = CheckContext(targeting=Targeting(keyphrases=(), cities=("Edmonton",)))
    assert keyword.suggested_keyphrase(page("<p>Text.</p>", title=title, h1=h1, url=url), ctx) == expected


def test_keyphrase_checks_without_a_keyphrase_suggest_one():
    doc = page(crafted_300_words())
    for code in ("KW001", "KW003", "KW010"):
        r = run(code, doc, keyphrases=())
        assert r.status == "na" and "suggests 'acupuncture for back pain'" in r.message and "--keyphrase" in r.message
    bare = page("<p>Text.</p>", title="Welcome", h1="Our clinic", url="https://clinic.example/blog/news/")
    assert run("KW001", bare, keyphrases=()).message == "No keyphrase configured (set keyphrases in the config or pass --keyphrase)."


def test_suggestion_leaves_out_the_clinics_own_city_in_a_title_case_title():
    import json

    ld = json.dumps({"@context": "https://schema.org", "@type": "Dentist", "name": "Bloor Smile",
                     "address": {"@type": "PostalAddress", "addressLocality": "Toronto"}})
    doc = page(f'<p>Text.</p><script type="application/ld+json">{ld}</script>',
               title="Best Affordable Teeth Whitening Toronto - Book Now", h1="Teeth Whitening Toronto")
    ctx = CheckContext(targeting=Targeting(keyphrases=(), cities=()))
    assert keyword.suggested_keyphrase(doc, ctx) == "teeth whitening"


def test_a_theme_printing_the_title_as_text_without_an_h1_does_not_make_it_the_introduction():
    html = ("<html lang='en'><head><title>Acupuncture for back pain in Edmonton | Riverbend</title></head><body><article>"
            "<div class='post-title'>Acupuncture for back pain in Edmonton</div>"
            "<p>Many people with back pain ask whether needles can help them move again.</p>"
            "<p>Acupuncture for back pain is one option among several treatments.</p></article></body></html>")
    doc = build_document(RawPage(source="t", url=URL, body=html.encode()))
    assert doc.intro.text.startswith("Many people with back pain")
    assert run("KW005", doc, keyphrases=("acupuncture for back pain",)).status != "good"  # judged on the real opening


def test_a_subheading_without_the_keyphrase_is_said_to_lack_it_not_to_be_off_topic():
    # "What the research says" is on topic; it just does not name the keyphrase
    doc = page("<h2>What the research says</h2><p>" + FILLER + "</p><h2>Acupuncture for back pain: a first visit</h2><p>"
               + FILLER + "</p>")
    verdicts = {e.text: e.verdict for e in run("KW008", doc).evidence}
    assert verdicts == {"What the research says": "no keyphrase", "Acupuncture for back pain: a first visit": "reflects topic"}
