"""LB001-LB005: NAP, clinic markup, article markup, page city vs clinic city."""

from __future__ import annotations

import json

import pytest

from _clinic_helpers import BODY, page, run
from seoaudit.checks import localbusiness as L
from seoaudit.document import build_document
from seoaudit.models import RawPage

CLINIC = {"@context": "https://schema.org", "@type": "MedicalClinic", "name": "Riverbend Acupuncture",
          "url": "https://clinic.example/", "telephone": "+1-780-555-0142",
          "address": {"@type": "PostalAddress", "streetAddress": "10234 82 Avenue NW, Suite 210", "addressLocality": "Edmonton",
                      "addressRegion": "AB", "postalCode": "T6E 2A5", "addressCountry": "CA"},
          "geo": {"@type": "GeoCoordinates", "latitude": 53.518612, "longitude": -113.496521},
          "openingHoursSpecification": [{"@type": "OpeningHoursSpecification", "dayOfWeek": "Monday", "opens": "09:00:00", "closes": "19:00:00"}]}
FOOTER = "<p>Riverbend Acupuncture, Suite 210, 10234 82 Ave. N.W., Edmonton AB T6E2A5 · <a href='tel:+17805550142'>(780) 555-0142</a></p>"


@pytest.mark.parametrize(
    "raw,code,expected",
    [("780-555-0142", "1", "+17805550142"), ("(780) 555-0142", "1", "+17805550142"), ("tel:+1 780 555 0142", "", "+17805550142"),
     ("1-780-555-0142", "1", "+17805550142"), ("020 7946 0018", "44", "+442079460018"), ("+44 (0)20 7946 0018", "", "+442079460018"),
     ("780-555-0142", "", "7805550142")],
)
def test_normalise_phone(raw, code, expected):
    assert L.normalise_phone(raw, code) == expected


def test_normalise_address_unifies_abbreviations():
    assert L.normalise_address("10234 82 Avenue NW, Suite 210") == "10234 82 ave nw ste 210"
    assert L.normalise_address("Unit #4, 12 Main Street") == "ste ste 4 12 main st"


def test_one_phone_everywhere_is_good_even_without_a_configured_country():
    r = run(L.nap_phone, page(footer=FOOTER, jsonld=CLINIC), profile="default")
    assert (r.status, r.value) == ("good", 1)


def test_several_phones_or_a_different_configured_phone_is_bad():
    body = "<p>Call our Edmonton clinic at 587-555-0144 for an assessment of your back pain.</p>"
    r = run(L.nap_phone, page(body, footer=FOOTER, jsonld=CLINIC), profile="ca-ab")
    assert (r.status, r.value) == ("bad", 2)
    assert r.message.startswith("2 different phone numbers on one page: ") and "587-555-0144" in r.message  # as written
    assert run(L.nap_phone, page(footer=FOOTER), profile="ca-ab", phone="780 555 0199").status == "bad"
    assert run(L.nap_phone, page(footer=FOOTER), profile="ca-ab", phone="780.555.0142").status == "good"
    assert run(L.nap_phone, page()).status == "ok"


def test_with_the_clinics_number_configured_the_wrong_ones_are_named_with_where_they_are():
    body = "<p>Call our Edmonton clinic at 587-555-0144 for an assessment of your back pain.</p>"
    r = run(L.nap_phone, page(body, footer=FOOTER, jsonld=CLINIC), profile="ca-ab", phone="780-555-0142")
    assert r.status == "bad"
    assert r.message == "2 different phone numbers on one page; not the clinic's 780-555-0142: 587-555-0144 (text)."
    r = run(L.nap_phone, page(body, footer=FOOTER, jsonld=CLINIC), profile="ca-ab", phone="780-555-0199")
    assert r.message == ("2 different phone numbers on one page; not the clinic's 780-555-0199: 587-555-0144 (text); "
                         "(780) 555-0142 (text, tel: link, json-ld). The clinic's own number is not on the page.")


def test_address_visible_and_consistent():
    assert run(L.nap_address, page(footer=FOOTER, jsonld=CLINIC)).status == "good"
    assert run(L.nap_address, page(jsonld=CLINIC)).status == "ok"
    assert run(L.nap_address, page()).status == "na"


def test_address_or_name_differing_from_config_is_bad():
    assert run(L.nap_address, page(footer=FOOTER, jsonld=CLINIC), address="13220 St Albert Trail NW, Edmonton").status == "bad"
    assert run(L.nap_address, page(footer=FOOTER, jsonld=CLINIC), address="10234 82 Ave NW, Edmonton AB").status == "good"
    assert run(L.nap_address, page(footer=FOOTER, jsonld=CLINIC), name="Riverbend Wellness").status == "bad"


def test_complete_clinic_schema_is_good():
    r = run(L.clinic_schema, page(jsonld=CLINIC))
    assert (r.status, r.value) == ("good", "MedicalClinic")


@pytest.mark.parametrize(
    "change,status",
    [
        ({"@type": "Physician"}, "bad"),
        ({"name": ""}, "bad"),
        ({"address": None}, "bad"),
        ({"aggregateRating": {"@type": "AggregateRating", "ratingValue": 5}}, "bad"),
        ({"name": "Best Acupuncture Edmonton | Back Pain Acupuncturist"}, "bad"),
        ({"name": "Edmonton Acupuncture Clinic"}, "ok"),
        ({"@type": "LocalBusiness"}, "ok"),
        ({"additionalType": "https://schema.org/Physiotherapy"}, "ok"),
        ({"telephone": "780-555-0142"}, "ok"),
        ({"geo": {"@type": "GeoCoordinates", "latitude": 53.52, "longitude": -113.5}}, "ok"),
        ({"priceRange": "$" * 120}, "ok"),
        ({"openingHoursSpecification": None}, "ok"),
    ],
)
def test_clinic_schema_errors_and_warnings(change, status):
    node = {**CLINIC, **change}
    node = {k: v for k, v in node.items() if v is not None}
    assert run(L.clinic_schema, page(jsonld=node)).status == status


def test_configured_real_name_with_city_is_not_stuffing():
    node = {**CLINIC, "name": "Edmonton Acupuncture Clinic"}
    assert run(L.clinic_schema, page(jsonld=node), name="Edmonton Acupuncture Clinic").status == "good"


def test_no_business_markup_is_not_judged():
    assert run(L.clinic_schema, page()).status == "na"


def test_article_schema():
    good = {"@context": "https://schema.org", "@type": "BlogPosting", "headline": "Acupuncture for back pain", "image": "https://clinic.example/a.jpg",
            "datePublished": "2024-03-12", "dateModified": "2024-09-02", "author": {"@type": "Person", "name": "Mei Lin", "url": "https://clinic.example/team/mei-lin/"}}
    assert run(L.article_schema, page(jsonld=good)).status == "good"
    titled = run(L.article_schema, page(jsonld={**good, "author": {"@type": "Person", "name": "Dr. Mei Lin, DDS", "url": "https://x.example/"}}))
    assert titled.status == "ok" and "'Dr.' in honorificPrefix" in titled.message and "'DDS' in honorificSuffix" in titled.message
    # an acupuncturist's "Dr." is one CL012 bars: the advice drops it rather than moving it
    barred = run(L.article_schema, page(jsonld={**good, "author": {"@type": "Person", "name": "Dr. Mei Lin, R.Ac", "url": "https://x.example/"}}))
    assert "no 'Dr.' (CL012" in barred.message and "honorificPrefix" not in barred.message and "'R.Ac' in honorificSuffix" in barred.message
    assert run(L.article_schema, page(jsonld={**good, "dateModified": None})).status == "ok"
    assert run(L.article_schema, page()).status == "ok"


@pytest.mark.parametrize("author,title,expected", [
    ("Sarah Chen, PT", "Physiotherapy for knee pain", "put 'Sarah Chen' in name, 'PT' in honorificSuffix and 'Physiotherapist' in jobTitle"),
    ("Dr. Maria Alvarez, DDS", "Dental implants in Austin",
     "put 'Maria Alvarez' in name, 'Dr.' in honorificPrefix, 'DDS' in honorificSuffix and 'Dentist' in jobTitle"),
    ("Sam Park PT", "Physiotherapy for sciatica", "put 'Sam Park' in name, 'PT' in honorificSuffix and 'Physiotherapist' in jobTitle"),
])
def test_article_schema_says_what_is_missing_for_this_pages_author_and_profession(author, title, expected):
    """A physio and a dental post were told to "Add BlogPosting JSON-LD" (they had it; only image was
    missing) with an author "jobTitle": "Registered Acupuncturist" and "credentials (DDS, R.Ac.)"."""
    node = {"@context": "https://schema.org", "@type": "BlogPosting", "headline": title, "datePublished": "2026-03-02",
            "dateModified": "2026-09-14", "author": {"@type": "Person", "name": author, "url": "https://clinic.example/team/x/"}}
    r = run(L.article_schema, _titled(title, node))
    assert r.status == "ok"
    assert r.message.startswith("BlogPosting markup is missing image: add image (the URL of the post's main image) to it;")
    assert expected in r.message
    assert "Acupuncturist" not in r.message and "R.Ac" not in r.message
    assert "Mei Lin" not in L.article_schema.spec.fix and "Acupuncturist" not in L.article_schema.spec.fix


def test_article_schema_french_page_names_its_profession_in_french():
    node = {"@context": "https://schema.org", "@type": "BlogPosting", "headline": "Physiothérapie pour le mal de dos",
            "datePublished": "2026-04-20", "dateModified": "2026-04-20", "image": "https://clinic.example/a.jpg",
            "author": {"@type": "Person", "name": "Julie Gagnon, pht"}}
    r = run(L.article_schema, _titled("Physiothérapie pour le mal de dos", node, lang="fr"))
    assert "missing author.url: add author.url (the author's bio page) to it" in r.message
    assert "'Physiothérapeute' in jobTitle" in r.message


FRENCH_BODY = ("<p>Le mal de dos est fréquent chez les adultes. La physiothérapie aide souvent à rester actif, "
               "et nous vous montrons des exercices simples pour la maison.</p>")


def _titled(title, node, lang="en"):
    """A post whose title and H1 are ``title`` (what names its treatment), with ``node`` as JSON-LD."""
    html = (f"<html lang='{lang}'><head><title>{title}</title><script type='application/ld+json'>{json.dumps(node)}</script></head>"
            f"<body><main><article><h1>{title}</h1>{FRENCH_BODY if lang == 'fr' else BODY}</article></main></body></html>")
    return build_document(RawPage(source="t", url="https://clinic.example/blog/x/", body=html.encode()))


@pytest.mark.parametrize("name,text", [
    ("post.md", "---\ntitle: Sciatica relief\n---\n\nSciatica is leg pain.\n"),
    ("post.txt", "Sciatica relief\n\nSciatica is leg pain.\n"),
])
def test_article_schema_is_not_asked_of_drafts(tmp_path, name, text):
    """A draft cannot hold JSON-LD (the theme writes it): not judged, with where to check."""
    from seoaudit.files import read_file

    (tmp_path / name).write_text(text, encoding="utf-8")
    r = run(L.article_schema, build_document(read_file(tmp_path / name)))
    assert r.status == "na" and "audit the post's URL" in r.message


def test_page_city_versus_clinic_city():
    assert run(L.city_vs_clinic, page(jsonld=CLINIC), cities=("Edmonton",)).status == "good"
    assert run(L.city_vs_clinic, page(jsonld=CLINIC), cities=("Calgary",)).status == "ok"
    assert run(L.city_vs_clinic, page(), cities=("Calgary",), address="200 1 St SW, Calgary AB").status == "good"
    assert run(L.city_vs_clinic, page(jsonld=CLINIC)).status == "na"
    assert run(L.city_vs_clinic, page(), cities=("Calgary",)).status == "na"


@pytest.mark.parametrize("marked, shown", [
    ("450 W 31st St 4th Fl", "450 West 31st Street, New York, NY 10001"),  # the floor left out of the footer
    ("12 Main St Floor 2", "12 Main Street, Springfield"),
    ("10234 82 Ave NW Apt 3", "10234 82 Avenue, Edmonton"),
    ("#210 10234 82 Ave", "10234 82 Ave NW, Edmonton"),  # the unit written first
])
def test_the_unit_or_floor_may_be_left_out_of_the_visible_address(marked, shown):
    clinic = {**CLINIC, "address": {**CLINIC["address"], "streetAddress": marked, "postalCode": ""}}
    assert run(L.nap_address, page(footer=f"<p>{shown}</p>", jsonld=clinic)).status == "good"


def test_a_street_named_like_a_unit_word_keeps_its_name():
    assert L._street_core("3 Level Rd") == "3 lvl rd" and L._street_core("7 Flint St") == "7 flint st"
    clinic = {**CLINIC, "address": {**CLINIC["address"], "streetAddress": "3 Level Rd", "postalCode": ""}}
    assert run(L.nap_address, page(footer="<p>3 Main Rd, Edmonton</p>", jsonld=clinic)).status == "ok"  # a different street


@pytest.mark.parametrize("footer", [
    "<p>Phone: 604-555-0199 · Fax: 604-555-0100</p>",
    "<p>T 604-555-0199 | F 604-555-0100</p>",
    "<p>Fax number: (604) 555-0100. Phone (604) 555-0199</p>",
])
def test_a_fax_number_is_not_a_second_phone_line(footer):
    r = run(L.nap_phone, page(footer=footer))
    assert r.status == "good" and "fax (not counted)" in [e.verdict for e in r.evidence]


def test_two_phone_lines_still_fail():
    assert run(L.nap_phone, page(footer="<p>Phone: 604-555-0199 · Call 604-555-0111</p>")).status == "bad"


def test_clinic_schema_message_names_the_errors_before_warnings():
    node = {**CLINIC, "telephone": "780-555-0142", "@type": "Physician"}  # a warning, then an error
    r = run(L.clinic_schema, page(jsonld=node))
    assert r.status == "bad"
    assert r.message.startswith("1 error and 1 warning in the clinic markup: Physician is not a LocalBusiness since schema.org v24 "
                                "(use MedicalClinic or PhysiciansOffice for the clinic); telephone '780-555-0142' has no country code")
    one = run(L.clinic_schema, page(jsonld={**CLINIC, "telephone": "780-555-0142"}))
    assert one.message == "1 warning in the clinic markup: telephone '780-555-0142' has no country code (write it as +1 780-555-0142)."


def test_clinic_schema_names_only_this_pages_gaps_with_their_fixes():
    """An Ottawa page missing geo and hours was told to write its telephone as +1-780-555-0142 (an
    Edmonton number) and to remove an aggregateRating it did not have."""
    node = {k: v for k, v in CLINIC.items() if k not in ("geo", "openingHoursSpecification")}
    node = {**node, "telephone": "+1-613-555-0148", "address": {**CLINIC["address"], "addressLocality": "Ottawa"}}
    r = run(L.clinic_schema, page(jsonld=node))
    assert r.status == "ok"
    assert "add geo with latitude and longitude to 5 decimals" in r.message and "add openingHoursSpecification" in r.message
    assert "780" not in r.message and "aggregateRating" not in r.message and "country code" not in r.message
    spec = L.clinic_schema.spec
    assert "780-555" not in spec.fix and "remove aggregateRating" not in spec.fix
    # a telephone missing from the markup: the page's own number
    no_tel = {k: v for k, v in CLINIC.items() if k != "telephone"}
    r = run(L.clinic_schema, page(jsonld=no_tel, footer="<a href='tel:+16135550148'>(613) 555-0148</a>"))
    assert "no telephone (add telephone +16135550148)" in r.message
    # many problems: three spelled out, the rest counted
    bare = {"@context": "https://schema.org", "@type": "MedicalClinic", "name": "Glebe Physio", "address": CLINIC["address"]}
    assert run(L.clinic_schema, page(jsonld=bare)).message.endswith("; and 1 more.")


def test_a_publisher_organization_without_address_is_a_gap_not_an_error():
    # what SEO plugins put on every page: the site's Organization with a name and logo
    publisher = {"@context": "https://schema.org", "@type": "Organization", "name": "Riverbend Acupuncture",
                 "url": "https://clinic.example/", "logo": "https://clinic.example/logo.png"}
    r = run(L.clinic_schema, page(jsonld=publisher))
    assert r.status == "ok" and "no address: it says nothing of where the clinic is" in " ".join(e.text for e in r.evidence)
    assert run(L.clinic_schema, page(jsonld={**publisher, "@type": "LocalBusiness"})).status == "bad"  # required there


def test_a_publisher_organization_beside_the_clinics_node_is_not_judged_as_the_clinic():
    """Yoast and Rank Math put a plain Organization (the publisher) on every page: beside a
    complete Dentist node it drew six warnings ("no address", "no geo"...)."""
    dentist = {"@context": "https://schema.org", "@type": "Dentist", "name": "Bloor Smile Dental",
               "url": "https://bloorsmile.example/", "telephone": "+1-416-555-0199",
               "address": {"@type": "PostalAddress", "streetAddress": "100 Bloor St W", "addressLocality": "Toronto",
                           "addressRegion": "ON", "addressCountry": "CA"},
               "geo": {"@type": "GeoCoordinates", "latitude": 43.66912, "longitude": -79.39181},
               "openingHours": "Mo-Fr 09:00-17:00"}
    publisher = {"@context": "https://schema.org", "@type": "Organization", "name": "Bloor Smile Dental"}
    assert run(L.clinic_schema, page(jsonld=[dentist, publisher])).status == "good"
    # alone, a plain Organization is what the page says of the clinic: still judged
    assert run(L.clinic_schema, page(jsonld=publisher)).status == "ok"


def test_a_telephone_without_country_code_is_shown_with_the_clinics_own_code():
    clinic = {"@context": "https://schema.org", "@type": "MedicalClinic", "name": "Clínica Columna Centro",
              "telephone": "910 555 123",
              "address": {"@type": "PostalAddress", "streetAddress": "Calle Mayor 1", "addressLocality": "Madrid",
                          "addressCountry": "ES"}}
    r = run(L.clinic_schema, page(jsonld=clinic))
    assert any("write it as +34 910 555 123" in e.detail for e in r.evidence)


@pytest.mark.parametrize("text,code,found", [
    ("Llámanos al 910 555 123 o escríbenos.", "34", ["910 555 123"]),
    ("Móvil: 612 34 56 78.", "34", ["612 34 56 78"]),
    ("Appelez-nous au 01 23 45 67 89.", "33", ["01 23 45 67 89"]),
    ("Portable : 06.12.34.56.78", "33", ["06.12.34.56.78"]),
    ("In 2024 we saw 300 patients, 120 of them twice.", "34", []),
    # numbers, not phones: Spanish thousands, part of a longer number, a page of another country
    ("la OMS estima 650.000.000 personas", "34", []),
    ("700 000 000 de personnes; 1.900.000.000 euros", "33", []),
    ("Llámanos al 910 555 123 o escríbenos.", "1", []),
    ("Appelez-nous au 01 23 45 67 89.", "", []),
])
def test_spanish_and_french_national_phone_formats_are_read_on_their_countrys_pages(text, code, found):
    assert L.visible_phones(text, code) == found


def test_a_spanish_national_number_is_the_markups_number_with_the_clinics_country_code():
    clinic = {"@context": "https://schema.org", "@type": "MedicalClinic", "name": "Clínica Columna Centro",
              "telephone": "+34 910 555 123",
              "address": {"@type": "PostalAddress", "addressLocality": "Madrid", "addressCountry": "ES"}}
    r = run(L.nap_phone, page(BODY + "<p>Llámanos al 910 555 123.</p>", jsonld=clinic))
    assert r.status == "good", r.message


def test_a_spanish_page_without_a_known_country_reads_spanish_numbers():
    """The page's language suggests the national format when no country is configured or marked up."""
    spanish = "<p>La quiropráctica ayuda a muchas personas con dolor lumbar en Madrid cada semana.</p>" * 6
    r = run(L.nap_phone, page(spanish + "<p>Llámanos al 910 555 123 para pedir cita.</p>", lang="es"))
    assert r.status == "good" and "910" in r.message


@pytest.mark.parametrize("address,street", [
    ("4321, rue Saint-Denis, Montréal (Québec) H2J 2K9", "4321, rue Saint-Denis"),  # Quebec: a comma after the number
    ("10234 82 Ave NW, Edmonton AB", "10234 82 Ave NW"),
    ("Suite 210, 10234 82 Ave NW", "Suite 210, 10234 82 Ave NW"),  # not number-first: all of it
])
def test_configured_street_keeps_a_civic_number_before_its_comma(address, street):
    assert L.configured_street(address) == street


def test_a_quebec_address_is_found_and_quoted_as_written():
    address = "4321, rue Saint-Denis, Montréal (Québec) H2J 2K9"
    shown = page(footer="<p>4321 rue Saint-Denis, Montréal</p>")
    assert run(L.nap_address, shown, address=address).status == "good"
    r = run(L.nap_address, page(), address=address)
    assert r.status == "ok" and "(4321, rue Saint-Denis)" in r.message  # was "(4321)"
    r = run(L.nap_address, page(jsonld=CLINIC), address="13220 St Albert Trail NW, Edmonton")
    assert r.status == "bad" and "'10234 82 Avenue NW, Suite 210'" in r.message and "'13220 St Albert Trail NW'" in r.message


@pytest.mark.parametrize("name,text", [
    ("post.md", "---\ntitle: Sciatica relief\n---\n\nSciatica is leg pain.\n"),
    ("post.txt", "Sciatica relief\n\nSciatica is leg pain.\n"),
])
def test_a_draft_is_not_judged_on_the_phone_and_address_its_theme_prints(tmp_path, name, text):
    """What a draft cannot hold costs it nothing: the footer's NAP is the theme's."""
    from seoaudit.files import read_file

    (tmp_path / name).write_text(text, encoding="utf-8")
    doc = build_document(read_file(tmp_path / name))
    phone = run(L.nap_phone, doc, phone="780-555-0142")
    address = run(L.nap_address, doc, address="10234 82 Ave NW, Edmonton AB")
    assert phone.status == address.status == "na"
    assert "audit the post's URL" in phone.message and "draft" in address.message
    # a number or address the draft writes itself is still judged
    (tmp_path / name).write_text(text + "\nCall 780-555-0199 or visit 10234 82 Ave NW.\n", encoding="utf-8")
    doc = build_document(read_file(tmp_path / name))
    assert run(L.nap_phone, doc, phone="780-555-0142").status == "bad"
    assert run(L.nap_address, doc, address="10234 82 Ave NW, Edmonton AB").status == "good"


# ---- a clinic with several locations ([[locations]]): the marketer review's Lakeshore Physiotherapy

from seoaudit.profiles import Location  # noqa: E402

MISSISSAUGA = "1900 Lakeshore Rd W, Unit 4, Mississauga, ON L5J 1J7"
OAKVILLE = Location(address="240 Randall St, Oakville, ON L6J 1P4", phone="905-555-0233",
                    name="Lakeshore Physiotherapy & Wellness – Oakville")
BURLINGTON = Location(address="3027 New St, Burlington, ON L7N 1M6", phone="905-555-0311")
# clinic_address/clinic_phone (the head office) and two [[locations]], as Dana's config says it
LAKESHORE = {"name": "Lakeshore Physiotherapy & Wellness", "address": MISSISSAUGA, "phone": "905-555-0187",
             "locations": (OAKVILLE, BURLINGTON)}
HEAD_OFFICE_ONLY = {k: v for k, v in LAKESHORE.items() if k != "locations"}
# the site-wide footer of every page: each location's address and number
LAKESHORE_FOOTER = "".join(
    f"<div><h4>{city}</h4><p>{street}<br>{city}, ON {postal}<br><a href='tel:+1{phone.replace('-', '')}'>{phone}</a></p></div>"
    for city, street, postal, phone in (("Mississauga", "1900 Lakeshore Rd W, Unit 4", "L5J 1J7", "905-555-0187"),
                                        ("Oakville", "240 Randall St", "L6J 1P4", "905-555-0233"),
                                        ("Burlington", "3027 New St", "L7N 1M6", "905-555-0311")))


def lakeshore_markup(city: str, street: str, postal: str, phone: str) -> dict:
    return {"@context": "https://schema.org", "@type": "Physiotherapy", "name": "Lakeshore Physiotherapy & Wellness",
            "telephone": "+1-" + phone,
            "address": {"@type": "PostalAddress", "streetAddress": street, "addressLocality": city,
                        "addressRegion": "ON", "postalCode": postal, "addressCountry": "CA"}}


BURLINGTON_MARKUP = lakeshore_markup("Burlington", "3027 New St", "L7N 1M6", "905-555-0311")


def test_a_location_finds_its_city_in_its_address_unless_one_is_configured():
    assert Location(address=MISSISSAUGA).town == "Mississauga"
    assert Location(address="13220 St Albert Trail NW, Edmonton").town == "Edmonton"  # the city after the street
    assert Location(address="12 London Rd, Reading RG1 5AQ").town == ""  # not found: the config's city says it
    assert Location(address="12 London Rd, Reading RG1 5AQ", city="Reading").town == "Reading"


def test_the_footer_listing_every_locations_number_is_the_clinics_one_number():
    """Review finding 1: "3 different phone numbers on one page" on every live page."""
    r = run(L.nap_phone, page(footer=LAKESHORE_FOOTER, jsonld=BURLINGTON_MARKUP), profile="ca-on-physio", **LAKESHORE)
    assert (r.status, r.value) == ("good", 1), r.message
    assert r.message == ("3 phone numbers, each a location's: 905-555-0187 (Mississauga), 905-555-0233 (Oakville), "
                         "905-555-0311 (Burlington).")
    # with the head office alone configured, the other two are still named, as the page writes them
    r = run(L.nap_phone, page(footer=LAKESHORE_FOOTER), profile="ca-on-physio", **HEAD_OFFICE_ONLY)
    assert r.status == "bad" and "905-555-0233 (text, tel: link); 905-555-0311 (text, tel: link)" in r.message


def test_a_number_that_is_no_locations_is_still_bad_and_named_as_written():
    tracking = "<p>Questions? Call 905-555-7788 today.</p>"
    r = run(L.nap_phone, page(BODY + tracking, footer=LAKESHORE_FOOTER), profile="ca-on-physio", **LAKESHORE)
    assert (r.status, r.value) == ("bad", 2)
    assert r.message == ("1 phone number besides the 3 locations' own; not one of the clinic's locations' "
                         "(905-555-0187, 905-555-0233, 905-555-0311): 905-555-7788 (text).")
    # alone on the page, a tracking number is not the clinic's
    r = run(L.nap_phone, page(BODY + tracking), profile="ca-on-physio", **LAKESHORE)
    assert r.status == "bad" and r.message.startswith("The page's number 905-555-7788 (text) is not one of the clinic's")
    # max_phones allows a second line besides the clinic's own: said, not hidden
    r = run(L.nap_phone, page(BODY + tracking, footer=LAKESHORE_FOOTER), profile="ca-on-physio", max_phones=2, **LAKESHORE)
    assert r.status == "good" and "Besides the clinic's: 905-555-7788 (text)" in r.message


def test_phone_messages_write_numbers_as_the_page_does_not_in_e164():
    """Review finding 18: "One phone number: +19055550187"."""
    r = run(L.nap_phone, page(footer="<p><a href='tel:+19055550233'>905-555-0233</a></p>"), profile="ca-on-physio", **LAKESHORE)
    assert r.message == "One phone number: 905-555-0233 (the Oakville location's)."
    r = run(L.nap_phone, page(footer=FOOTER, jsonld=CLINIC), profile="ca-ab")
    assert r.message == "One phone number: (780) 555-0142." and "+1780" not in r.message
    assert [e.text for e in r.evidence] == ["(780) 555-0142"]
    # where E.164 is the point (the markup's telephone), LB003 still asks for it
    markup = {**CLINIC, "telephone": ""}
    fix = " ".join(e.detail for e in run(L.clinic_schema, page(footer=FOOTER, jsonld=markup), profile="ca-ab").evidence)
    assert "add telephone +17805550142" in fix


def test_markup_of_any_configured_location_is_consistent():
    """Review finding 1: LB002 called the Burlington location's correct markup wrong."""
    burlington_page = page(footer=LAKESHORE_FOOTER, jsonld=BURLINGTON_MARKUP)
    r = run(L.nap_address, burlington_page, profile="ca-on-physio", **LAKESHORE)
    assert r.status == "good", r.message
    # the location's own name is the clinic's too
    named = {**BURLINGTON_MARKUP, "name": OAKVILLE.name}
    assert run(L.nap_address, page(footer=LAKESHORE_FOOTER, jsonld=named), **LAKESHORE).status == "good"
    # an address that is no location's is still an error, quoting every address as written
    elsewhere = lakeshore_markup("Milton", "55 Ontario St S", "L9T 2M3", "905-555-0400")
    r = run(L.nap_address, page(footer=LAKESHORE_FOOTER, jsonld=elsewhere), **LAKESHORE)
    assert r.status == "bad"
    assert r.message == ("JSON-LD street '55 Ontario St S' differs from every configured location's "
                         "('1900 Lakeshore Rd W', '240 Randall St', '3027 New St').")


def test_any_locations_visible_address_counts():
    only_oakville = "<p>240 Randall St, Oakville, ON L6J 1P4</p>"
    r = run(L.nap_address, page(footer=only_oakville), **LAKESHORE)
    assert r.status == "good" and r.message == "The address is shown and consistent (240 Randall St)."
    r = run(L.nap_address, page(), **LAKESHORE)
    assert r.status == "ok"
    assert r.message == "None of the clinic's addresses (1900 Lakeshore Rd W; 240 Randall St; 3027 New St) is shown on the page."


@pytest.mark.parametrize("clinic, address_status, city_status", [
    (LAKESHORE, "good", "good"),  # Burlington is a configured location: both checks accept it
    (HEAD_OFFICE_ONLY, "bad", "ok"),  # it is not: LB002 calls the markup wrong, and LB005 does not take it as the clinic
])
def test_the_address_and_city_checks_agree_on_what_the_clinic_is(clinic, address_status, city_status):
    """Review finding 1: LB002 said the Burlington JSON-LD was wrong while LB005 said
    "The post targets Burlington, where the clinic is" from that same markup."""
    burlington_page = page(footer=LAKESHORE_FOOTER, jsonld=BURLINGTON_MARKUP)
    assert run(L.nap_address, burlington_page, **clinic).status == address_status
    r = run(L.city_vs_clinic, burlington_page, cities=("Burlington",), **clinic)
    assert r.status == city_status, r.message
    if city_status == "ok":
        assert r.message == "The post targets Burlington, but the clinic is in Mississauga."
        assert any(e.text == "Burlington" and "LB002" in e.verdict for e in r.evidence)


def test_a_post_for_a_city_with_a_location_is_good_and_messages_name_cities_not_streets(tmp_path):
    """Review finding 1: a Markdown post for Oakville was told "the clinic is in 1900 Lakeshore
    Rd W, Unit 4, Mississauga, ON L5J 1J7" and to open a clinic there."""
    from seoaudit.files import read_file

    post = tmp_path / "runners-knee.md"
    post.write_text("---\ntitle: Runner's knee\ncity: Oakville\n---\n\nRunner's knee is common in Oakville.\n", encoding="utf-8")
    draft = build_document(read_file(post))
    r = run(L.city_vs_clinic, draft, cities=("Oakville",), profile="ca-on-physio", **LAKESHORE)
    assert r.status == "good" and r.message == "The post targets Oakville, where the clinic is (its location at 240 Randall St)."
    r = run(L.city_vs_clinic, draft, cities=("Oakville",), profile="ca-on-physio", **HEAD_OFFICE_ONLY)
    assert r.status == "ok" and r.message == "The post targets Oakville, but the clinic is in Mississauga."
    r = run(L.city_vs_clinic, draft, cities=("Toronto",), **LAKESHORE)
    assert r.message == "The post targets Toronto, but the clinic's locations are in Mississauga, Oakville and Burlington."
    # a configured city wins over the address's; a city written with its province is that city
    r = run(L.city_vs_clinic, draft, cities=("Bronte, ON",), locations=(Location(address="2400 Lakeshore Rd W, Oakville", city="Bronte"),))
    assert r.status == "good"


def test_a_location_name_with_a_city_and_dash_is_not_a_stuffed_business_name():
    named = {**BURLINGTON_MARKUP, "name": OAKVILLE.name}
    r = run(L.clinic_schema, page(footer=LAKESHORE_FOOTER, jsonld=named), **LAKESHORE)
    assert not any("keyword-stuffed" in e.text for e in r.evidence)
    assert any("keyword-stuffed" in e.text for e in run(L.clinic_schema, page(jsonld=named)).evidence)
