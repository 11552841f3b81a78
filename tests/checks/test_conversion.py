"""CV001-CV003: links to the service, location and booking pages, and a booking CTA."""

from __future__ import annotations

import pytest

from _clinic_helpers import BODY, page, run
from seoaudit.checks import conversion as C


def test_service_link_with_descriptive_anchor_is_good():
    doc = page(BODY + "<p>Read about <a href='/services/acupuncture/'>our acupuncture treatment</a>.</p>")
    assert (run(C.service_page_link, doc).status, run(C.service_page_link, doc).value) == ("good", 1)


def test_service_link_with_vague_anchor_is_ok_and_none_is_bad():
    assert run(C.service_page_link, page(BODY + "<p>For prices <a href='/acupuncture/'>click here</a>.</p>")).status == "ok"
    # the menu does not count, nor do links to other blog posts
    assert run(C.service_page_link, page(BODY + "<p>See <a href='/blog/services/neck/'>neck pain and acupuncture</a>.</p>")).status == "bad"


@pytest.mark.parametrize("anchor", ["haz clic aquí", "cliquez ici", "click here", "https://clinic.example/acupuncture/"])
def test_service_link_anchor_is_judged_by_lk004s_rule_in_every_language(anchor):
    """CV001 called "haz clic aquí" descriptive (an English-only list) while LK004 flagged it."""
    r = run(C.service_page_link, page(BODY + f"<p>Para precios, <a href='/acupuncture/'>{anchor}</a>.</p>"))
    assert r.status == "ok" and "does not say where it goes" in r.message


@pytest.mark.parametrize("href, check", [
    ("/physiotherapie/", "service"), ("/soins/massotherapie/", "service"), ("/servicios/implantes/", "service"),
    ("/tratamientos/", "service"), ("/nous-joindre/", "contact"), ("/como-llegar/", "contact"), ("/contacto/", "contact"),
])
def test_french_and_spanish_service_and_contact_urls(href, check):
    doc = page(BODY + f"<p>Voir <a href='{href}'>notre clinique de physiothérapie à Montréal</a>.</p>")
    func = C.service_page_link if check == "service" else C.location_page_link
    assert run(func, doc).status == "good"


def test_custom_service_patterns_option():
    doc = page(BODY + "<p>See <a href='/what-we-do/needling/'>dry needling at our clinic</a>.</p>")
    assert run(C.service_page_link, doc).status == "bad"
    assert run(C.service_page_link, doc, service_patterns="/what-we-do/").status == "good"


def test_invalid_pattern_is_a_check_error_naming_the_option():
    r = run(C.service_page_link, page(), service_patterns="(")
    assert r.status == "error" and "service_patterns" in r.message


def test_location_link():
    assert run(C.location_page_link, page(BODY + "<p>Find <a href='/contact/'>our Old Strathcona clinic</a>.</p>")).status == "good"
    assert run(C.location_page_link, page(BODY)).status == "bad"


@pytest.mark.parametrize("href", ["https://maps.app.goo.gl/AbC123", "https://www.google.com/maps/place/Riverbend+Acupuncture",
                                  "https://maps.apple.com/?address=10234+82+Ave"])
def test_a_map_of_the_clinic_in_the_post_is_ok(href):
    r = run(C.location_page_link, page(BODY + f"<p>We are at 10234 82 Ave (<a href='{href}'>map</a>).</p>"))
    assert r.status == "ok" and r.evidence[0].verdict == "map"
    assert run(C.location_page_link, page(BODY + "<p>See <a href='https://example.com/maps-of-canada'>maps</a>.</p>")).status == "bad"


@pytest.mark.parametrize(
    "href",
    ["https://riverbend.janeapp.com/", "https://riverbend.cliniko.com/bookings", "https://calendly.com/riverbend", "https://app.acuityscheduling.com/schedule.php?owner=1", "/book-online/"],
)
def test_booking_link_on_common_platforms_with_cta_is_good(href):
    doc = page(BODY + f"<p>When you are ready, <a href='{href}'>book an acupuncture assessment</a>.</p>")
    assert run(C.booking_cta, doc).status == "good"


@pytest.mark.parametrize("href", [
    "https://kirkstallphysio.janeapp.co.uk/",  # Jane's UK sites (an agency's Leeds client)
    "https://bondi.janeapp.com.au/#/list",  # and Australian ones
    "https://evolve-wellness.clientsecure.me/",  # SimplePractice's client portal
    "https://clientportal.zandahealth.com/clientportal/holisticphysio",  # Zanda (Power Diary)
    "https://clientportal.powerdiary.com/clientportal/holisticphysio",
])
def test_booking_platforms_country_and_portal_domains_are_booking_links(href):
    """The agency's UK client linked 'book a physiotherapy appointment online' to
    kirkstallphysio.janeapp.co.uk and got 'a call to action without a booking link'."""
    doc = page(BODY + f"<p>You can <a href='{href}'>book a physiotherapy appointment online</a>.</p>", header="")
    assert run(C.booking_cta, doc).status == "good"


@pytest.mark.parametrize("href", [
    "https://jane.example.co.uk/about/",  # not Jane's domain
    "https://janeapp.co.ukraine-news.example/",
    "https://www.zandahealth.com/blog/cancellation-fees/",  # Zanda's own blog, not a clinic's portal
])
def test_look_alikes_of_booking_platform_domains_are_not_booking_links(href):
    doc = page(BODY + f"<p>You can <a href='{href}'>book a physiotherapy appointment online</a>.</p>", header="")
    r = run(C.booking_cta, doc)
    assert r.status == "ok" and "only outside the post" in r.message  # the menu's /book/ only


def test_booking_only_in_menu_or_cta_without_link_is_ok_and_nothing_is_bad():
    assert run(C.booking_cta, page(BODY)).status == "ok"  # the header menu has /book/
    assert run(C.booking_cta, page(BODY + "<p>You can book online or by phone.</p>", header="")).status == "ok"
    from seoaudit.document import build_document
    from seoaudit.models import RawPage

    html = f"<html><body><article><h1>Back pain</h1>{BODY}</article></body></html>"
    doc = build_document(RawPage(source="t", url="https://clinic.example/blog/x/", body=html.encode()))
    assert run(C.booking_cta, doc).status == "bad"


def test_a_call_to_action_with_a_vague_booking_anchor_says_so():
    """"Click here to book a free consultation" was "a booking link without a call to action"."""
    doc = page(BODY + "<p><a href='https://clinic.janeapp.com/'>Click here</a> to book a free consultation.</p>")
    r = run(C.booking_cta, doc)
    assert r.status == "ok" and "the link's anchor ('Click here') does not say where it goes" in r.message


def _with_site(func, doc, broken: tuple[str, ...] = ()):
    """``func`` on ``doc`` in a run that requested the link targets ``broken`` and found them 404."""
    from seoaudit.crawl import LinkStatus
    from seoaudit.registry import CheckContext
    from seoaudit.runner import run_check
    from seoaudit.site import Site
    from seoaudit.urls import url_key

    site = Site(link_statuses={url_key(href): LinkStatus(href, 404, href, error="HTTP 404 File not found") for href in broken})
    return run_check(func.spec, doc, func.spec.default_options(), CheckContext(site=site))


CONTACT = "https://clinic.example/contact/"


def test_a_link_whose_target_the_run_found_broken_does_not_satisfy_cv001_to_cv003():
    """A marketer's review: CV002 said "links to the location or contact page" for a "Click here"
    to a /contact/ that ST001 found returning 404 in the same run."""
    doc = page(BODY + "<p>Don't suffer any longer. <a href='/contact/'>Click here</a> to book.</p>")
    assert _with_site(C.location_page_link, doc).status == "ok"  # the target unknown: judged by its anchor
    r = _with_site(C.location_page_link, doc, (CONTACT,))
    assert r.status == "bad" and r.value == 0, r.message
    assert r.message == ("The post does not link to the location or contact page. The link to "
                         f"{CONTACT} ('Click here': HTTP 404 File not found) is broken, so it does not count: "
                         "fix the page or link the right one (see ST001 broken-link-targets).")
    assert [(e.text, e.status) for e in r.evidence] == [("Click here", "bad")]
    assert "target broken: HTTP 404 File not found (ST001)" in r.evidence[0].verdict
    # a working link beside the broken one still counts
    both = page(BODY + "<p><a href='/contact/'>Click here</a> or visit <a href='/locations/old-strathcona/'>our Old Strathcona clinic</a>.</p>")
    r = _with_site(C.location_page_link, both, (CONTACT,))
    assert r.status == "good" and r.value == 1 and r.message.startswith("The post links to the location or contact page ('our Old")
    # the service page and the booking page alike
    service = page(BODY + "<p>Read <a href='/services/acupuncture/'>how our acupuncture works</a>.</p>")
    assert _with_site(C.service_page_link, service).status == "good"
    assert _with_site(C.service_page_link, service, ("https://clinic.example/services/acupuncture/",)).status == "bad"
    booking = page(BODY + "<p><a href='/book-online/'>Book an assessment</a> today.</p>")
    assert _with_site(C.booking_cta, booking).status == "good"
    r = _with_site(C.booking_cta, booking, ("https://clinic.example/book-online/",))
    # as if the post had no booking link: the menu's is left
    assert r.status == "ok" and r.message.startswith("The post has a booking link only outside the post (menu, header or footer). "
                                                     "The link to https://clinic.example/book-online/ ('Book an assessment': "), r.message
