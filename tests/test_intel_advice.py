"""Cluster advice merges or redirects a page (canonical, 301) only into a page with the
same target: posts a clinic writes for different conditions from one template are told
to differentiate, however alike their text (the agency review's Anxiety and Insomnia ->
Sciatica advice)."""

from __future__ import annotations

from seoaudit.intel import IntelOptions, PageText, analyse_site
from seoaudit.intel.brand import SiteNames, site_names
from seoaudit.intel.clusters import Target, advise, page_target
from seoaudit.intel.model import DuplicatePair

from test_intel_swaps import clinic_post

OPTS = IntelOptions(cities=("Edmonton",))
BRAND = SiteNames(("Riverbend Acupuncture",), frozenset({"riverbend", "acupunctur"}), frozenset({"riverbend"}))


def target(title: str, keyphrases: tuple[str, ...] = ()) -> Target:
    return page_target(PageText(url="x", text="", title=title, keyphrases=keyphrases), BRAND, ("Edmonton",))


def test_a_target_is_the_main_title_part_without_the_site_name_and_places():
    assert target("Acupuncture for Back Pain in Edmonton | Riverbend Acupuncture").same_as(target("Acupuncture for Lower Back Pain"))
    assert target("Acupuncture for Sciatica: What to Expect | Riverbend").same_as(target("Acupuncture for Sciatica in Edmonton"))
    assert not target("Acupuncture for Anxiety and Stress | Riverbend").same_as(target("Acupuncture for Sciatica in Edmonton | Riverbend"))
    assert not target("Acupuncture for Neck Pain").same_as(target("Acupuncture for Back Pain in Edmonton"))
    assert target("Acupuncture for Insomnia").label == "Acupuncture for Insomnia"


def test_declared_keyphrases_say_what_a_page_targets():
    assert target("Sleep better", ("acupuncture for insomnia",)).same_as(target("Nights", ("insomnia acupuncture",)))
    assert not target("Acupuncture", ("acupuncture for insomnia",)).same_as(target("Acupuncture", ("acupuncture for sciatica",)))


def _advise(similarity, duplicate, mine, theirs):
    return advise(1, 0, similarity, duplicate, "", OPTS, "Acupuncture for Sciatica", lambda: (target(mine), target(theirs)))


def test_similar_posts_on_different_conditions_are_told_to_differentiate_not_merge():
    action, reason = _advise(0.72, None, "Acupuncture for Insomnia", "Acupuncture for Sciatica")
    assert action == "differentiate"
    assert "merge" not in reason and "Insomnia" in reason and "keep both pages" in reason
    near = DuplicatePair(a=0, b=1, similarity=0.93, kind="near-duplicate")
    assert _advise(0.93, near, "Acupuncture for Neck Pain", "Acupuncture for Back Pain")[0] == "differentiate"


def test_similar_posts_on_one_topic_are_merged_or_canonicalised():
    assert _advise(0.72, None, "Acupuncture for Sciatica: What to Expect", "Acupuncture for Sciatica")[0] == "consolidate"
    near = DuplicatePair(a=0, b=1, similarity=0.93, kind="near-duplicate")
    assert _advise(0.93, near, "Acupuncture for Lower Back Pain", "Acupuncture for Back Pain in Edmonton")[0] == "canonicalise"
    exact = DuplicatePair(a=0, b=1, similarity=1.0, kind="exact")
    assert _advise(1.0, exact, "Acupuncture for Insomnia", "Acupuncture for Sciatica")[0] == "canonicalise"  # the same words
    swap = DuplicatePair(a=0, b=1, similarity=0.87, kind="city-swap", places_a=("Leeds",), places_b=("Bradford",))
    assert _advise(0.87, swap, "Physio for Knee Pain in Bradford", "Physio for Knee Pain in Leeds")[0] == "consolidate"


#: What the template says on every post besides the condition (the review's posts share 72 %)
VISIT = "\n".join((
    "What to expect at your first visit",
    "A 20-minute conversation about your health history, a gentle physical assessment, treatment lasting 30 to 40 "
    "minutes and simple advice for home.",
    "Results differ from person to person, and we will tell you honestly if we think another approach would suit you better.",
    "This article is general information and not medical advice. If your symptoms are severe or getting worse, see your doctor.",
))


def test_a_templated_blog_gets_no_redirect_between_conditions():
    """The review's blog shape: one template, a post per condition, the site's name after "|"."""
    conditions = ["sciatica", "anxiety", "insomnia", "knee arthritis", "tennis elbow", "migraines"]
    pages = [PageText(url=f"https://c.example/{c.replace(' ', '-')}/", text=clinic_post(c, f"Acupuncture for {c.title()}") + "\n" + VISIT,
                      title=f"Acupuncture for {c.title()} | Riverbend Acupuncture", h1=f"Acupuncture for {c.title()}",
                      score=80.0 - k) for k, c in enumerate(conditions)]
    result = analyse_site(pages, OPTS)
    members = [m for c in result.clusters for m in c.members if m.action != "keep"]
    assert any(m.similarity >= OPTS.consolidate_threshold for m in members)  # alike enough for the old merge advice
    assert {m.action for m in members} == {"differentiate"}
    assert not [m.reason for m in members if "merge" in m.reason or "add rel=canonical" in m.reason]
    assert site_names(pages).names == ("Riverbend Acupuncture",)


def _brand_post(condition: str) -> str:
    return (f"At Moonbeam Wellness we treat {condition} with acupuncture. Moonbeam Wellness patients with {condition} "
            f"often ask how many sessions they need. Our Moonbeam Wellness team explains {condition} care, {condition} "
            f"exercises and {condition} recovery in plain words. Book at Moonbeam Wellness today.")


def test_the_configured_clinic_name_is_never_a_suggested_keyphrase():
    # the pages declare no site name and their titles carry none: only config knows the clinic's name
    from seoaudit.api import intel_options
    from seoaudit.config import Settings

    pages = [PageText(url=f"https://c.example/{c.replace(' ', '-')}/", text=_brand_post(c), title=f"Acupuncture for {c.title()}",
                      h1=f"Acupuncture for {c.title()}") for c in ("sciatica", "insomnia", "knee arthritis", "tennis elbow")]

    def suggested(opts):
        return {s.phrase for p in analyse_site(pages, opts).pages for s in p.suggestions}

    assert "moonbeam wellness" in suggested(IntelOptions())
    opts = intel_options(Settings(clinic_name="Moonbeam Wellness"))
    assert opts.site_names == ("Moonbeam Wellness",)
    left = suggested(opts)
    assert "moonbeam wellness" not in left and "acupuncture for sciatica" in left
