"""City swaps need a place replaced by another place and nothing else changed but names,
numbers and function words; a post copied for another condition is a near-duplicate when
similar enough, and never a doorway (the agency review's Edmonton and Leeds blogs)."""

from __future__ import annotations

from seoaudit.intel import IntelOptions, PageText, analyse_site
from seoaudit.intel.duplicates import classify_pair, place_words
from seoaudit.reports.base import RenderContext
from seoaudit.reports.intel import INTEL_REPORTERS


def clinic_post(condition: str, h1: str, city: str = "Edmonton", area: str = "Old Strathcona", weekly: str = "every week") -> str:
    """One clinic's post template, as its blog reuses it for every condition (main content, one block a line)."""
    return "\n".join((
        h1,
        f"If you live in {city} and struggle with {condition}, you have probably wondered whether acupuncture could help. "
        f"At Riverbend Acupuncture in {area} we see people with {condition} {weekly}, and this post explains what the "
        "research says, what a visit looks like and how to tell whether it is worth trying.",
        f"What causes {condition}?",
        f"{condition.capitalize()} has many causes. Long hours at a desk, poor sleep, old injuries and stress all play a part. "
        "Most cases are not serious and settle within a few weeks with movement, rest and time.",
        "How acupuncture may help",
        "During acupuncture, a registered acupuncturist places very fine, sterile needles at chosen points. Reviews of "
        f"clinical trials suggest that acupuncture can give modest, short-term relief for some people with {condition}.",
        "We usually suggest a short course of four to six visits and then review how you feel.",
        f"Our clinic is a short walk from Whyte Avenue with free parking. Call 780-555-0142 or contact our {city} clinic.",
    ))


def classify(text_a: str, text_b: str, similarity: float, cities=("Edmonton",)):
    places_a, places_b = place_words(text_a, cities), place_words(text_b, cities)
    return classify_pair(0, 1, similarity, text_a, text_b, places_a, places_b, IntelOptions(cities=cities))


BACK = clinic_post("back pain", "Acupuncture for Back Pain in Edmonton")


def test_a_post_for_another_condition_is_no_city_swap():
    """The review's pair: "neck" for "back", and only the back-pain H1 names the city."""
    neck = clinic_post("neck pain", "Acupuncture for Neck Pain")
    assert classify(BACK, neck, 0.66) is None
    pair = classify(BACK, neck, 0.95)  # a copy that similar is a near-duplicate, still not a doorway
    assert pair.kind == "near-duplicate" and not pair.doorway and pair.places_a == pair.places_b == ()


def test_a_near_copy_that_drops_the_city_from_its_heading_is_a_near_duplicate():
    lower = clinic_post("back pain", "Acupuncture for Lower Back Pain", weekly="most weeks")
    pair = classify(BACK, lower, 0.93)
    assert pair.kind == "near-duplicate" and not pair.doorway
    assert pair.places_a == pair.places_b == ()
    assert pair.changed_words >= 3  # in, Edmonton's slot, every/most, week/weeks: counted, not places


def test_the_same_post_for_another_city_is_a_city_swap_with_both_places_named():
    """Leeds for Bradford, and the area the gazetteer does not know ("Kirkstall") where the other page says Bradford."""
    assert "kirkstall" not in place_words("Kirkstall", ())  # so the test covers an unknown name standing for a place
    leeds = clinic_post("knee pain", "Physio for Knee Pain in Leeds", city="Leeds", area="Kirkstall")
    bradford = clinic_post("knee pain", "Physio for Knee Pain in Bradford", city="Bradford", area="Bradford")
    pair = classify(leeds, bradford, 0.87, cities=("Leeds",))
    assert pair.kind == "city-swap" and pair.doorway
    assert set(pair.places_a) == {"Leeds", "Kirkstall"} and pair.places_b == ("Bradford",)
    assert pair.changed_words == 0


def test_a_swap_may_change_names_and_numbers_with_the_city():
    calgary = clinic_post("back pain", "Acupuncture for Back Pain in Calgary", city="Calgary", area="Kensington")
    calgary = calgary.replace("Whyte Avenue", "Kensington Road").replace("780-555-0142", "403-555-0199")
    pair = classify(BACK, calgary, 0.8, cities=("Edmonton", "Calgary"))
    assert pair.kind == "city-swap" and pair.places_b[0] == "Calgary"
    assert 0 < pair.changed_words <= 0.05 * len(BACK.split())  # the phone number at least, within the tolerance


def test_a_city_swapped_with_a_condition_is_no_doorway():
    calgary_neck = clinic_post("neck pain", "Acupuncture for Neck Pain in Calgary", city="Calgary")
    assert classify(BACK, calgary_neck, 0.8, cities=("Edmonton", "Calgary")) is None
    assert classify(BACK, calgary_neck, 0.92, cities=("Edmonton", "Calgary")).kind == "near-duplicate"


def test_places_only_added_or_reordered_are_no_swap():
    a = "Acupuncture in Edmonton and Calgary.\n" + BACK
    b = "Acupuncture in Calgary and Edmonton.\n" + BACK
    assert classify(a, b, 0.8, cities=("Edmonton", "Calgary")) is None
    c = "Acupuncture in Edmonton and Calgary and St. Albert.\n" + BACK
    assert classify(a, c, 0.8, cities=("Edmonton", "Calgary")) is None


def test_the_review_blog_has_one_near_duplicate_and_no_city_swap():
    """analyse_site over the review's shape of blog: the 93 % copy is counted where the
    overview and intel.json count near-duplicates, and the summary line is in good English."""
    conditions = ["neck pain", "anxiety", "insomnia", "sciatica", "migraines", "tennis elbow"]
    pages = [PageText(url="https://c.example/back-pain-edmonton/", text=BACK, title="Acupuncture for Back Pain in Edmonton")]
    pages.append(PageText(url="https://c.example/lower-back-pain/", title="Acupuncture for Lower Back Pain",
                          text=clinic_post("back pain", "Acupuncture for Lower Back Pain", weekly="most weeks")))
    pages += [PageText(url=f"https://c.example/{c.replace(' ', '-')}/", text=clinic_post(c, f"Acupuncture for {c.title()}"),
                       title=f"Acupuncture for {c.title()}") for c in conditions]
    result = analyse_site(pages, IntelOptions(cities=("Edmonton",)))
    summary = result.to_dict()["summary"]
    assert summary["city_swap_pairs"] == 0
    assert summary["near_duplicate_pairs"] == 1
    (pair,) = result.duplicates
    assert {pair.a, pair.b} == {0, 1} and pair.similarity >= 0.9
    text = INTEL_REPORTERS["text"].render(result, RenderContext())[0].data.decode()
    assert "1 near-duplicate pair, 0 city swaps" in text


def test_one_city_swap_is_counted_in_the_singular():
    leeds = clinic_post("knee pain", "Physio for Knee Pain in Leeds", city="Leeds")
    bradford = clinic_post("knee pain", "Physio for Knee Pain in Bradford", city="Bradford")
    result = analyse_site([PageText(url="a", text=leeds), PageText(url="b", text=bradford)], IntelOptions(cities=("Leeds",)))
    text = INTEL_REPORTERS["text"].render(result, RenderContext())[0].data.decode()
    assert "0 near-duplicate pairs, 1 city swap (doorway risk), 1 cannibalisation cluster" in text
