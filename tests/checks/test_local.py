"""LC001-LC004: target city slots, stuffing, other places, place lists."""

from seoaudit.checks import local
from seoaudit.document import build_document
from seoaudit.models import RawPage, Targeting
from seoaudit.registry import CheckContext
from seoaudit.runner import run_check

URL = "https://clinic.example/blog/acupuncture-edmonton/"
FILLER = "Acupuncture uses thin needles placed at specific points to ease pain and tension in the body. "


def page(title, h1, paras, headings=(), meta="", url=URL):
    parts = [f"<h1>{h1}</h1>"]
    for i, p in enumerate(paras):
        if i < len(headings):
            parts.append(f"<h2>{headings[i]}</h2>")
        parts.append(p if p.startswith("<") else f"<p>{p}</p>")
    html = (
        f'<html lang="en"><head><title>{title}</title><meta name="description" content="{meta}"></head>'
        f"<body><article>{''.join(parts)}</article></body></html>"
    )
    return build_document(RawPage(source="t", url=url, body=html.encode()))


def run(func, doc, cities=("Edmonton",), aliases=()):
    spec = func.spec
    ctx = CheckContext(targeting=Targeting(keyphrases=("acupuncture for back pain",), cities=cities, city_aliases=aliases))
    return run_check(spec, doc, spec.default_options(), ctx)


GOOD_PAGE = dict(
    title="Acupuncture for Back Pain in Edmonton",
    h1="Acupuncture for back pain",
    paras=[
        "Many people in Edmonton live with low back pain, and acupuncture is one option to discuss with your doctor.",
        FILLER * 3,
        FILLER * 3,
        "Our clinic is a short walk from the LRT. " + FILLER * 2,
        FILLER * 3,
    ],
    headings=["What the research says", "What a visit is like", "Safety", "Costs"],
    meta="Acupuncture for back pain in Edmonton: what to expect, what the evidence says and how to book.",
)


def test_lc001_good_when_in_title_intro_and_body():
    r = run(local.city_mentions, page(**GOOD_PAGE))
    assert r.status == "good"
    assert r.value["title"] == 1 and r.value["intro"] == 1 and r.value["body"] == 1
    assert r.value["slug"] == 1 and r.value["meta_description"] == 1 and r.value["h1"] == 0
    assert any(e.detail == "title" and e.highlights == ("Edmonton",) for e in r.evidence)


def test_lc001_ok_when_only_in_body():
    doc = page("Acupuncture for back pain", "Acupuncture for back pain", [FILLER, FILLER + "Our Edmonton clinic is open late."], url="https://clinic.example/blog/acupuncture/")
    r = run(local.city_mentions, doc)
    assert r.status == "ok"
    assert r.value["body"] == 1 and r.value["title"] == 0


def test_lc001_bad_when_never_mentioned_and_na_without_city():
    doc = page("Acupuncture for back pain", "Acupuncture", [FILLER * 2], url="https://clinic.example/blog/acupuncture/")
    assert run(local.city_mentions, doc).status == "bad"
    assert run(local.city_mentions, doc, cities=()).status == "na"


def test_without_a_city_the_clinic_address_is_offered_as_a_start():
    import json

    plain = page("Teeth whitening", "Teeth whitening", [FILLER * 2])
    assert run(local.city_mentions, plain, cities=()).message == "No target city is configured: pass -c or set cities."
    ld = json.dumps({"@context": "https://schema.org", "@type": "Dentist", "name": "Bloor Smile Dental",
                     "address": {"@type": "PostalAddress", "addressLocality": "Toronto", "addressRegion": "ON"}})
    marked = page("Teeth whitening", "Teeth whitening", [FILLER * 2, f'<script type="application/ld+json">{ld}</script>'])
    for check in (local.city_mentions, local.city_stuffing):
        r = run(check, marked, cities=())
        assert r.status == "na" and "pass -c" in r.message and "clinic address says 'Toronto'" in r.message


def test_lc001_possessive_and_alias():
    doc = page("Edmonton's acupuncture guide", "Back pain in YEG", [FILLER + "Edmonton's winters are hard on backs."], url="https://clinic.example/blog/guide/")
    r = run(local.city_mentions, doc, aliases=("YEG",))
    assert r.value["title"] == 1 and r.value["h1"] == 1 and r.value["body"] == 1
    assert r.status == "good"


def test_lc001_richmond_hill_is_not_richmond():
    doc = page("Acupuncture in Richmond Hill", "Acupuncture in Richmond Hill", [FILLER + "Our Richmond Hill clinic is on Yonge Street."], url="https://clinic.example/blog/acupuncture-richmond-hill/")
    r = run(local.city_mentions, doc, cities=("Richmond",))
    assert r.status == "bad"
    assert sum(r.value.values()) == 0


def test_lc002_good_for_natural_use():
    r = run(local.city_stuffing, page(**GOOD_PAGE))
    assert r.status == "good" and r.value["signals"] == [] and r.value["per_100_words"] > 0


def test_lc002_bad_for_stuffed_page():
    doc = page(
        "Edmonton Acupuncture | Acupuncture Edmonton",
        "Edmonton acupuncture",
        [f"Edmonton acupuncture helps Edmonton backs. {FILLER}" for _ in range(5)],
        headings=["Edmonton acupuncture", "Acupuncture in Edmonton", "Edmonton back pain", "Why Edmonton"],
    )
    r = run(local.city_stuffing, doc)
    assert r.status == "bad"
    assert set(r.value["signals"]) == {"density", "subheadings", "title", "paragraphs"}


def test_lc002_one_signal_is_ok():
    doc = page("Edmonton Acupuncture | Acupuncture Edmonton", "Acupuncture", [FILLER * 5, FILLER * 5], url="https://clinic.example/blog/a/")
    r = run(local.city_stuffing, doc)
    assert r.status == "ok" and r.value["signals"] == ["title"]


def test_lc003_bad_when_post_is_about_calgary():
    doc = page(
        "Acupuncture in Calgary",
        "Acupuncture for back pain in Calgary",
        ["Patients in Calgary often ask about acupuncture. " + FILLER, "Our Calgary clinic is downtown. " + FILLER, "Book a visit in Calgary today."],
    )
    r = run(local.other_places, doc)
    assert r.status == "bad"
    assert r.value[0]["name"] == "Calgary" and r.value[0]["count"] >= 3
    assert any(e.status == "bad" and "Calgary" in e.highlights for e in r.evidence)


def test_lc003_good_with_a_nearby_town_ok_with_a_city_elsewhere():
    """Naming the suburbs a clinic serves is normal local SEO; a city in another
    province is worth a look (ok), and the threshold says so."""
    assert run(local.other_places, page(**GOOD_PAGE)).status == "good"
    nearby = page("Acupuncture in Edmonton", "Acupuncture in Edmonton", ["Our Edmonton clinic sees many patients from St. Albert. " + FILLER, "Edmonton parking is free."])
    r = run(local.other_places, nearby)
    assert r.status == "good" and "none outside Alberta" in r.threshold
    assert [v["name"] for v in r.value] == ["St. Albert"]
    assert [e.status for e in r.evidence] == [""]
    far = page("Acupuncture in Edmonton", "Acupuncture in Edmonton", ["Our Edmonton clinic sees many patients from St. Albert. " + FILLER, "Our founder trained in Vancouver. Edmonton parking is free."])
    r = run(local.other_places, far)
    assert r.status == "ok" and "Vancouver" in r.message
    assert {e.detail.split(":")[0]: e.status for e in r.evidence} == {"St. Albert (CA-AB)": "", "Vancouver (CA-BC)": "ok"}


def test_lc003_without_a_known_province_every_other_city_is_elsewhere():
    doc = page("Physio in Galway", "Physio in Galway", ["Our Galway clinic sees patients from Cork and Limerick."])
    r = run(local.other_places, doc, cities=("Galway",))  # no Irish regions in the gazetteer
    assert r.status == "ok" and r.threshold == "no city other than Galway named"


def test_lc003_a_nearby_town_named_more_often_than_the_target_is_still_bad():
    doc = page("Acupuncture", "Acupuncture", ["Acupuncture in St. Albert. " + FILLER, "Book in St. Albert today.", "Our Edmonton office is closed."])
    r = run(local.other_places, doc)
    assert r.status == "bad" and r.value[0]["name"] == "St. Albert"


def test_lc003_a_consensus_statement_named_after_its_meeting_city_is_a_citation():
    """A marketer's review: the concussion post citing the "Amsterdam 2022 consensus statement"
    was told "cities outside Ontario are named too: Amsterdam" (ok instead of good)."""
    cited = ("Current guidelines support light aerobic exercise after the first couple of days, rather than strict "
             "rest (Amsterdam 2022 consensus statement, British Journal of Sports Medicine). Our Burlington clinic can help.")
    r = run(local.other_places, page("Concussion physiotherapy in Burlington", "Concussion physiotherapy in Burlington", [cited]),
            cities=("Burlington",))
    assert r.status == "good" and r.value == [], r.message
    trip = cited.replace("(Amsterdam 2022 consensus statement, British Journal of Sports Medicine)", "(a trip to Amsterdam in 2022)")
    r = run(local.other_places, page("Concussion physiotherapy in Burlington", "Concussion physiotherapy in Burlington", [trip]),
            cities=("Burlington",))
    assert [v["name"] for v in r.value] == ["Amsterdam"]


def test_lc003_and_lc004_a_cochrane_review_is_not_the_town():
    review = "A Cochrane review of exercise for knee osteoarthritis found that exercise reduces pain. "
    doc = page("Physiotherapy in Calgary", "Physiotherapy in Calgary", [review + "Our Calgary clinic can help.", "The Cochrane Library and the Cochrane database list more trials."])
    r = run(local.other_places, doc, cities=("Calgary",))
    assert r.status == "good" and r.value == []
    town = page("Physiotherapy in Calgary", "Physiotherapy in Calgary", [review + "Many patients drive in from Cochrane to our Calgary clinic."])
    assert [v["label"] for v in run(local.other_places, town, cities=("Calgary",)).value] == ["Cochrane (CA-AB)"]
    served = "We see patients from Calgary, Airdrie, Okotoks, Chestermere and Cochrane."
    assert run(local.place_lists, page("Physio", "Physio", [served])).value == 1
    assert run(local.place_lists, page("Physio", "Physio", [served.replace("and Cochrane", "and cite a Cochrane review")])).value == 0


def test_lc003_a_district_of_the_target_city_is_not_another_city():
    beltline = ["Our clinic is in the Beltline, near the CTrain. " + FILLER, "Parking in the Beltline is easy.", "Beltline patients can walk over."]
    calgary = run(local.other_places, page("Physiotherapy in Calgary", "Physiotherapy in Calgary", beltline), cities=("Calgary",))
    assert calgary.status == "good"
    assert [(v["name"], v["kind"], v["count"]) for v in calgary.value] == [("Beltline", "district", 3)]
    edmonton = run(local.other_places, page("Physiotherapy in Edmonton", "Physiotherapy in Edmonton", beltline), cities=("Edmonton",))
    assert edmonton.status == "bad" and edmonton.value[0]["kind"] == "city"  # Calgary's district, named 3× in an Edmonton post


def test_lc003_a_homonym_resolves_toward_the_target_province():
    doc = page("Acupuncture in Edmonton", "Acupuncture in Edmonton", ["Our Edmonton clinic also sees patients from Beaumont."])
    assert [v["label"] for v in run(local.other_places, doc).value] == ["Beaumont (CA-AB)"]
    assert [v["label"] for v in run(local.other_places, doc, cities=("Houston",)).value] == ["Edmonton (CA-AB)", "Beaumont (US-TX)"]


def test_lc003_a_surname_is_not_a_place_anywhere_on_the_page():
    paras = ["Physiotherapist Martin Taylor of Aberdeenshire, Scotland, treated the runner. " + FILLER,
             "Unfortunately, in Taylor's case, the first doctors missed the injury. Our Edmonton clinic would not."]
    r = run(local.other_places, page("Knee pain in Edmonton", "Knee pain", paras))
    assert [v["name"] for v in r.value] == ["Scotland"]
    town = ["Our Edmonton physiotherapist grew up in Taylor, MI. " + FILLER, "Unfortunately, in Taylor's case, the first doctors missed the injury."]
    assert [v["name"] for v in run(local.other_places, page("Knee pain in Edmonton", "Knee pain", town)).value] == ["Taylor"]
    sarah = page("Knee pain in Edmonton", "Knee pain", ["Sarah Richmond sees patients at our Edmonton clinic.", "She trained in Richmond."])
    assert run(local.other_places, sarah).value == []  # the page names her first: Richmond is her name here
    lee = page("Knee pain in Edmonton", "Knee pain", ["Dr. Lee sees patients at our Edmonton clinic.", "She trained in Richmond."])
    assert [v["label"] for v in run(local.other_places, lee).value] == ["Richmond (CA-BC)"]


def test_lc003_common_words_are_not_places():
    doc = page("Acupuncture in Edmonton", "Acupuncture", ["Mobile acupuncture is available in Edmonton. Reading about needles can bring Hope. We take care of you."])
    r = run(local.other_places, doc)
    assert r.status == "good" and r.value == []


def test_lc003_mobile_with_state_is_a_place():
    doc = page("Acupuncture in Edmonton", "Acupuncture", ["Our founder trained in Mobile, AL before moving to Edmonton."])
    r = run(local.other_places, doc)
    assert [v["name"] for v in r.value] == ["Mobile"]


def test_lc003_lists_places_without_target():
    doc = page("Acupuncture", "Acupuncture", ["We trained in Toronto and Vancouver."])
    r = run(local.other_places, doc, cities=())
    assert r.status == "na"
    assert {v["name"] for v in r.value} == {"Toronto", "Vancouver"}


def test_lc004_suburb_list_is_bad():
    doc = page(
        "Acupuncture in Edmonton",
        "Acupuncture",
        [FILLER, "We serve Edmonton, St. Albert, Sherwood Park, Spruce Grove, Leduc and Beaumont."],
    )
    r = run(local.place_lists, doc, cities=())
    assert r.status == "bad" and r.value == 1
    (ev,) = r.evidence
    assert {"Edmonton", "St. Albert", "Sherwood Park", "Leduc"} <= set(ev.highlights)


def test_lc004_list_items_count_as_one_block():
    items = "".join(f"<li>Acupuncture in {c}</li>" for c in ("Edmonton", "Calgary", "Red Deer", "Lethbridge", "Airdrie"))
    doc = page("Acupuncture", "Acupuncture", [FILLER, f"<ul>{items}</ul>"])
    r = run(local.place_lists, doc)
    assert r.status == "bad" and r.value == 1


def test_lc004_good_for_a_normal_post():
    r = run(local.place_lists, page(**GOOD_PAGE))
    assert r.status == "good" and r.value == 0


def test_city_stuffing_is_na_when_the_city_is_never_named():
    # a post that never names its city must not earn a "good" for not over-using it
    html = "<html><head><title>Massage for headaches</title></head><body><article><h1>Massage</h1><p>" + "Massage may ease tension headaches for some people. " * 20 + "</p></article></body></html>"
    doc = build_document(RawPage(source="t", url="https://clinic.example/blog/massage/", body=html.encode()))
    ctx = CheckContext(targeting=Targeting(cities=("Calgary",)))
    from seoaudit.checks.local import city_stuffing, city_mentions

    assert run_check(city_stuffing.spec, doc, city_stuffing.spec.default_options(), ctx).status == "na"
    assert run_check(city_mentions.spec, doc, city_mentions.spec.default_options(), ctx).status == "bad"


def test_the_site_name_in_the_title_is_not_city_stuffing():
    """'... in Edmonton | Edmonton Acupuncture' names the city once; the rest is the site's
    name (og:site_name here), which themes append to every title."""
    title = "Acupuncture for Back Pain in Edmonton | Edmonton Acupuncture"
    unknown = run(local.city_stuffing, page(**{**GOOD_PAGE, "title": title}))
    assert unknown.value["signals"] == ["title"]  # the site's name is not known: twice in the title
    # ... unless the domain says it: edmontonacupuncture.example is "Edmonton Acupuncture"
    by_domain = run(local.city_stuffing, page(**{**GOOD_PAGE, "title": title, "url": "https://www.edmontonacupuncture.example/blog/x/"}))
    assert by_domain.value["signals"] == []
    heads = GOOD_PAGE["headings"]
    body = "".join((f"<h2>{heads[i]}</h2>" if i < len(heads) else "") + f"<p>{p}</p>" for i, p in enumerate(GOOD_PAGE["paras"]))
    html = (f'<html lang="en"><head><title>{title}</title><meta property="og:site_name" content="Edmonton Acupuncture">'
            f"</head><body><article><h1>Acupuncture for back pain</h1>{body}</article></body></html>")
    branded = run(local.city_stuffing, build_document(RawPage(source="t", url=URL, body=html.encode())))
    assert branded.value["signals"] == [] and "1× in the title" in branded.message


def test_two_mentions_in_a_short_post_are_not_density_stuffing():
    """Intro + call to action in 190 words is just over 1 per 100 words: natural."""
    paras = ["Many people in Edmonton live with low back pain, and acupuncture is one option to discuss.",
             FILLER * 10, "Book a visit at our Edmonton clinic."]
    doc = page("Acupuncture for Back Pain", "Acupuncture for back pain", paras)
    r = run(local.city_stuffing, doc)
    assert doc.word_count < 200 and "density" not in r.value
    three = page("Acupuncture for Back Pain", "Acupuncture for back pain", paras + ["Edmonton winters are hard on backs."])
    assert "density" in run(local.city_stuffing, three).value["signals"]


def test_lc001_a_newspaper_named_after_the_city_is_not_a_mention():
    cited = ["A 2023 report in The New York Times found that back pain is common. " + FILLER]
    doc = page("Acupuncture for back pain", "Acupuncture for back pain", cited, url="https://clinic.example/blog/acupuncture/")
    assert run(local.city_mentions, doc, cities=("New York",)).status == "bad"  # the paper, not the city
    named = page("Acupuncture for back pain", "Acupuncture for back pain", cited + ["Our New York clinic is open late."], url="https://clinic.example/blog/acupuncture/")
    assert run(local.city_mentions, named, cities=("New York",)).value["body"] == 1


def test_lc003_a_newspaper_is_not_another_city():
    doc = page("Acupuncture in Edmonton", "Acupuncture in Edmonton", ["Our Edmonton clinic was in the Toronto Star and the Los Angeles Times. " + FILLER])
    assert run(local.other_places, doc).value == []
    moved = page("Acupuncture in Edmonton", "Acupuncture in Edmonton", ["Our Edmonton physiotherapist trained in Los Angeles. " + FILLER])
    assert [v["name"] for v in run(local.other_places, moved).value] == ["Los Angeles"]


def test_lc003_districts_of_montreal_and_toronto_are_the_target_area():
    rosemont = ["Notre clinique de Rosemont traite le mal de dos. " + FILLER, "Le métro Beaubien est à deux pas de Rosemont."]
    r = run(local.other_places, page("Acupuncture à Montréal", "Acupuncture à Montréal", rosemont), cities=("Montréal",))
    assert r.status == "good" and [(v["label"], v["kind"]) for v in r.value] == [("Rosemont–La Petite-Patrie (CA-QC)", "district")]
    elsewhere = run(local.other_places, page("Acupuncture à Laval", "Acupuncture à Laval", rosemont), cities=("Laval",))
    assert [(v["label"], v["kind"]) for v in elsewhere.value] == [("Rosemont (US-CA)", "city")]  # Montréal's only in Montréal posts
    toronto = ["Patients come from Scarborough, Etobicoke and North York. " + FILLER, "Our Toronto clinic is near Yorkville."]
    r = run(local.other_places, page("Physio in Toronto", "Physio in Toronto", toronto), cities=("Toronto",))
    assert r.status == "good" and {v["kind"] for v in r.value} == {"district"} and len(r.value) == 4


def test_lc003_london_is_england_outside_ontario_and_nearby_inside_it():
    paras = ["A 2019 study from London found that acupuncture eased back pain. " + FILLER]
    edmonton = run(local.other_places, page("Acupuncture in Edmonton", "Acupuncture in Edmonton", paras + ["Our Edmonton clinic can help."]))
    assert [v["label"] for v in edmonton.value] == ["London (GB-ENG)"] and edmonton.status == "ok"
    toronto = run(local.other_places, page("Acupuncture in Toronto", "Acupuncture in Toronto", paras + ["Our Toronto clinic can help."]), cities=("Toronto",))
    assert [v["label"] for v in toronto.value] == ["London (CA-ON)"] and toronto.status == "good"  # a nearby city
    england = [paras[0].replace("London", "London, England")]
    toronto_uk = run(local.other_places, page("Acupuncture in Toronto", "Acupuncture in Toronto", england + ["Our Toronto clinic can help."]), cities=("Toronto",))
    assert {v["label"] for v in toronto_uk.value} == {"London (GB-ENG)", "England (GB-ENG)"} and toronto_uk.status == "ok"


def test_city_stuffing_message_separates_the_signals_from_the_figures_within_limits():
    """"Signs of city stuffing: density (2.0 per 100 words; 1/5 subheadings; 1× in title...)" read
    as if every figure were a sign."""
    stuffed = page("Acupuncture for back pain", "Acupuncture",
                   [f"Edmonton acupuncture helps Edmonton patients in Edmonton. {FILLER}" for _ in range(3)])
    r = run(local.city_stuffing, stuffed)
    assert "density" in r.value["signals"] and "title" not in r.value["signals"]
    assert r.message.startswith("Signs of city stuffing: ") and "per 100 words (max" in r.message.split(" Within limits:")[0]
    assert "Within limits: " in r.message and "0× in the title" in r.message.split(" Within limits:")[1]


def test_without_a_city_the_clinics_own_city_tells_homonyms_apart():
    """No -c: on a Toronto clinic's page "Scarborough" was read as the English town (GB-ENG)."""
    import json

    ld = json.dumps({"@context": "https://schema.org", "@type": "Dentist", "name": "Bloor Smile Dental",
                     "address": {"@type": "PostalAddress", "addressLocality": "Toronto", "addressRegion": "ON"}})
    doc = page("Teeth whitening", "Teeth whitening",
               ["Our Toronto clinic sees patients from Scarborough and North York every week. " + FILLER,
                f'<script type="application/ld+json">{ld}</script>'])
    r = run(local.other_places, doc, cities=())
    labels = {e["name"]: (e["label"], e["kind"]) for e in r.value}
    assert r.status == "na" and "Toronto" in labels  # the clinic's city is listed among the places named
    assert labels["Scarborough"][1] == "district" and "GB" not in labels["Scarborough"][0]


def _kinds(r):
    return {v["name"]: v["kind"] for v in r.value}


def test_lc003_a_small_town_elsewhere_named_bare_is_a_local_name_of_the_target():
    # the reviewer's sentences: Westlake, Kensington and Sunnyside are the target city's own
    # neighbourhoods, not Westlake, OH or Kensington and Sunnyside, NY
    austin = page("Dental Implants in Austin", "Dental implants in Austin", [
        "If you are missing a tooth, dental implants are one way to replace it. At our Austin office we place "
        "implants for patients from South Austin, Zilker and Westlake.", FILLER * 3])
    r = run(local.other_places, austin, cities=("Austin",))
    assert r.status == "good" and _kinds(r)["Westlake"] == "local"
    assert "Westlake" in r.message and "Ohio" not in r.message
    assert [e.detail for e in r.evidence if e.verdict == "local"][0].startswith("Westlake: 1 mention")
    calgary = page("Deep Tissue Massage in Calgary", "Deep tissue massage in Calgary", [
        "Deep tissue massage in Calgary can ease lower back pain.",
        "Our clinic is in Kensington, a short walk from Sunnyside station."])
    r = run(local.other_places, calgary, cities=("Calgary",))
    assert r.status == "good" and _kinds(r) == {"Kensington": "local", "Sunnyside": "local"}
    assert not [e for e in r.evidence if e.status]


def test_lc003_a_small_town_elsewhere_is_that_town_with_its_region_or_when_named_more_than_the_target():
    pinned = page("Dental Implants in Austin", "Dental implants in Austin", [
        "Our Austin office sees patients who moved here from Westlake, Ohio.", FILLER * 3])
    r = run(local.other_places, pinned, cities=("Austin",))
    assert r.status == "ok" and _kinds(r)["Westlake"] == "city"
    doorway = page("Massage in Kensington", "Massage in Kensington", [
        "Massage in Kensington eases back pain.", "Our Kensington massage therapists can help.", FILLER * 3])
    r = run(local.other_places, doorway, cities=("Calgary",))  # never names Calgary: not a post about it
    assert r.status == "bad" and _kinds(r)["Kensington"] == "city"


def test_lc003_big_cities_elsewhere_and_nearby_ones_keep_their_verdicts():
    far = page("Dental Implants in Austin", "Dental implants in Austin", [
        "Our Austin office places implants.", "Many patients compare prices in Denver.",
        "Dental implants in Denver cost more, and Denver clinics book months ahead."])
    r = run(local.other_places, far, cities=("Austin",))
    assert r.status == "bad" and _kinds(r)["Denver"] == "city"
    once = page("Dental Implants in Austin", "Dental implants in Austin", ["Our Austin office places implants.", "Some patients fly in from Denver."])
    assert run(local.other_places, once, cities=("Austin",)).status == "ok"
    toronto = page("Physio in Toronto", "Physio in Toronto", ["Our Toronto clinic also serves Mississauga and Brampton."])
    r = run(local.other_places, toronto, cities=("Toronto",))
    assert r.status == "good" and _kinds(r) == {"Mississauga": "city", "Brampton": "city"}
    leeds = page("Physio in Leeds", "Physio in Leeds", ["Our Leeds clinic sees patients from Bradford."])
    assert run(local.other_places, leeds, cities=("Leeds",)).status == "good"
    dallas = page("Physio in Dallas", "Physio in Dallas", ["Our Dallas clinic sees patients from Paris."])
    r = run(local.other_places, dallas, cities=("Dallas",))
    assert r.status == "good" and [v["label"] for v in r.value] == ["Paris (US-TX)"]
    edmonton = page("Physio in Edmonton", "Physio in Edmonton", ["Our Edmonton clinic sees patients back from Paris."])
    r = run(local.other_places, edmonton)
    assert r.status == "ok" and [v["label"] for v in r.value] == ["Paris (FR-11)"]


def test_a_city_only_in_the_slug_and_footer_is_bad_and_lc002_agrees():
    """The sciatica post: Ottawa only in the URL slug and the footer ("Serving Ottawa since
    2009"). The post's text never names it: LC001 is bad and says where the city is,
    LC002 does not say "never mentioned", and the Local score is not in the good band."""
    from seoaudit.models import CheckResult
    from seoaudit.scoring import band, category_scores

    html = ("<html lang='en'><head><title>Physiotherapy for Sciatica | Glebe Physio</title></head><body><article>"
            "<h1>Physiotherapy for sciatica</h1>" + f"<p>{FILLER * 3}</p>" * 4 + "</article>"
            "<footer><p>Glebe Physio · 812 Bank Street · Serving Ottawa since 2009</p></footer></body></html>")
    doc = build_document(RawPage(source="t", url="https://clinic.example/blog/sciatica-relief-ottawa/", body=html.encode()))
    mentions = run(local.city_mentions, doc, cities=("Ottawa",))
    assert mentions.status == "bad" and mentions.value["slug"] == 1
    assert "only in the URL slug" in mentions.message and "never name it" in mentions.message
    stuffing = run(local.city_stuffing, doc, cities=("Ottawa",))
    assert stuffing.status == "na" and "never mentioned" not in stuffing.message
    assert "not named in the post" in stuffing.message
    results = [run(f, doc, cities=("Ottawa",)) for f in local.CHECKS]
    local_score = category_scores([r for r in results if isinstance(r, CheckResult)])["local"]
    assert band(local_score) != "good", local_score


def test_a_text_drafts_file_name_is_not_a_slug_for_the_city(tmp_path):
    from seoaudit.document import build_document
    from seoaudit.files import read_file

    post = tmp_path / "massage-sciatica-calgary.txt"
    post.write_text("Massage for sciatica\n\nMassage may ease sciatica for some people in Calgary, for a while.\n",
                    encoding="utf-8")
    doc = build_document(read_file(post))
    assert not doc.slug_is_known
    r = run(local.city_mentions, doc, cities=("Calgary",))
    assert r.value["slug"] == 0 and r.value["body"] == 1, r.value


def test_without_a_city_a_draft_is_offered_the_city_its_title_names(tmp_path):
    from seoaudit.files import read_file

    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Massothérapie pour la sciatique à Montréal\n---\nLa massothérapie peut aider.\n", encoding="utf-8")
    r = run(local.city_mentions, build_document(read_file(post)), cities=())
    assert r.status == "na" and r.value == {"suggested_city": "Montréal"} and "the title names 'Montréal'" in r.message
    post.write_text("---\ntitle: Massage for sciatica\n---\nMassage may help some people.\n", encoding="utf-8")
    assert run(local.city_mentions, build_document(read_file(post)), cities=()).value is None


def test_without_a_city_a_draft_is_offered_the_configured_locations_city():
    """A draft with no markup and no city in its title: the config's locations say where the clinic is."""
    from seoaudit.profiles import ClinicInfo, Location, get_profile

    doc = page("Massage for sciatica", "Massage for sciatica", [FILLER * 2])

    def said(*locations):
        clinic = ClinicInfo(profile=get_profile("default"), locations=locations)
        ctx = CheckContext(targeting=Targeting(), clinic=clinic)
        return run_check(local.city_mentions.spec, doc, local.city_mentions.spec.default_options(), ctx)

    r = said(Location(address="240 Randall St, Oakville, ON L6J 1P4"))
    assert r.value == {"suggested_city": "Oakville"} and r.message.endswith("(the clinic is in Oakville).")
    # several: which one the post is for is the author's to say, not a guess
    r = said(Location(address="240 Randall St, Oakville, ON"), Location(address="3027 New St, Burlington, ON"))
    assert r.value is None and r.message.endswith("(the clinic's locations are in Oakville and Burlington).")
