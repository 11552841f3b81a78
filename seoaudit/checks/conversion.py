"""Conversion path (CV001-CV003): from the post to the service, the clinic and a booking.

A clinic post earns its keep when readers can go on to the service page, find the
clinic and book. Each check looks for a crawlable link in the post (main content or
its Related/Read more block) whose URL matches configurable patterns, with a
descriptive anchor. Default patterns (``data/claims/clinic.toml``) cover common
clinic URL shapes and booking platforms: Jane (*.janeapp.com, .co.uk, .com.au), Cliniko,
Calendly, Acuity, Setmore, Vagaro, Mindbody, Square Appointments, Fresha, Zocdoc, Noterro,
Juvonno, Practice Better, SimplePractice, ClinicSense, Owl Practice, Zanda (Power Diary).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from .. import text as T
from ..language import language_label, names_of
from ..models import Evidence
from ..profiles import clinic_data
from ..regex_prefilter import RegexSet
from ..registry import Outcome, check
from .clinic_common import word_list_languages, words_for_page
from .links import GENERIC_ANCHORS, anchor_problem, broken_target
from .site_links import target_check


@lru_cache(maxsize=64)
def _compile(patterns: tuple[str, ...], where: str) -> RegexSet:
    out = []
    for p in patterns:
        try:
            out.append(re.compile(p, re.I))
        except re.error as exc:
            raise ValueError(f"{where}: pattern {p!r} is not a valid regular expression ({exc})") from None
    return RegexSet.of(out)


def _patterns(option: tuple[str, ...], key: str, where: str) -> RegexSet:
    return _compile(tuple(option) or tuple(clinic_data()[key]), where)


# Map links: where the clinic is, on the map services readers use.
_MAP_LINK_RE = re.compile(
    r"^https?://(?:(?:www\.|maps\.)?google\.[a-z.]+/maps|maps\.google\.[a-z.]+/|maps\.app\.goo\.gl/|goo\.gl/maps/"
    r"|maps\.apple\.com/|(?:www\.)?bing\.com/maps)", re.I)


def _descriptive(anchor: str) -> bool:
    """Does the anchor say where it goes? LK004's rule and list (English, French, Spanish...):
    CV001 called "haz clic aquí" descriptive while LK004 flagged it."""
    return len(anchor.strip()) >= 3 and not anchor_problem(anchor, GENERIC_ANCHORS)


def _matching_links(doc, regexes: RegexSet) -> tuple:
    """Every link (any context) whose URL matches one of ``regexes``, in page order.

    Memoised on the document: CV003 asks for post and menu links, and pages repeat
    the same URLs in menus, so each distinct URL is matched once.
    """

    def compute(d) -> tuple:
        verdict: dict[str, bool] = {}
        out = []
        for link in d.links:
            url = link.href or link.raw_href
            hit = verdict.get(url)
            if hit is None:
                hit = verdict[url] = regexes.search_any(url)
            if hit:
                out.append(link)
        return tuple(out)

    return doc.derived(("conversion.matching_links", regexes.regexes), compute)


def _post_links(doc, regexes: RegexSet, allow_external: bool):
    """Links in the post (not nav/footer) whose URL matches one of ``regexes``."""
    return [
        link
        for link in _matching_links(doc, regexes)
        if link.context != "boilerplate" and (allow_external or link.internal or link.scheme not in ("http", "https"))
    ]


def _working(links, ctx) -> tuple[list, list[Evidence], str]:
    """The links whose target is not known to be broken, the evidence of those that are, and the
    sentence a message gains for them. A link to a page the run found broken (``ctx.site``: ST001,
    or ST008 for a file) takes no reader to the service, the clinic or the booking page, so it
    does not satisfy CV001-CV003: a "Click here" to a /contact/ that returns 404 was "links to the
    location or contact page" beside ST001's 404, and the fix suggested that very URL."""
    working, broken = [], []
    for link in links:
        cause = broken_target(link, ctx)
        if cause:
            broken.append((link, cause, target_check(link)))
        else:
            working.append(link)
    ev = [Evidence("link", l.text or "(no anchor text)", verdict=f"{l.context}; target broken: {cause} ({spec.code})", status="bad",
                   detail=l.href or l.raw_href, line=l.line) for l, cause, spec in broken]
    if not broken:
        return working, ev, ""
    named = T.some_of([f"{l.href or l.raw_href} ('{l.text or '(no anchor text)'}': {cause})" for l, cause, _ in broken])
    checks = " and ".join(sorted({f"{spec.code} {spec.name}" for _, _, spec in broken}))
    said = "is broken, so it does not count" if len(broken) == 1 else "are broken, so they do not count"
    return working, ev, f" The link to {named} {said}: fix the page or link the right one (see {checks})."


def _link_outcome(doc, links, what: str, threshold: str, ctx, blog_only: bool = True) -> Outcome:
    links, broken_ev, note = _working(links, ctx)
    ev = tuple(Evidence("link", l.text or "(no anchor text)", verdict=l.context, status="good" if _descriptive(l.text) else "ok", detail=l.href or l.raw_href, line=l.line) for l in links)
    ev += tuple(broken_ev)
    good = [l for l in links if _descriptive(l.text)]
    if good:
        return Outcome("good", value=len(links), message=f"The post links to the {what} ('{good[0].text}').{note}", evidence=ev, threshold=threshold)
    if links:
        anchor = f"the anchor '{links[0].text}' does not say where it goes" if links[0].text.strip() else "its anchor is empty"
        return Outcome("ok", value=len(links), message=f"The post links to the {what}, but {anchor}.{note}", evidence=ev, threshold=threshold)
    return Outcome("bad", value=0, message=f"The post does not link to the {what}.{note}", evidence=ev, threshold=threshold)


@dataclass(frozen=True)
class ServiceLinkOptions:
    # regular expressions on link URLs; empty = the defaults in data/claims/clinic.toml
    service_patterns: tuple[str, ...] = ()


@check(
    code="CV001",
    posts_only=True,
    name="service-page-link",
    category="clinic",
    title="The post links to its service page",
    fail_title="The post does not link to the service page",
    ok_title="The link to the service page does not say where it goes",
    why="A dedicated page per service and internal links to it are among the top local organic factors; the post should send readers (and link equity) to the service it is about.",
    source="Whitespark Local Search Ranking Factors 2023 ('Dedicated page for each service', 'Internal linking across website'); Google link best practices (descriptive anchor text)",
    fix="Link the service page in the text with a descriptive anchor, e.g. {example}.",
    fix_examples={
        "en": "'how our <a href=\"/services/{treatment_slug}/\">{treatment}</a> works'",
        "fr": "'comment se déroule <a href=\"/services/{treatment_slug}/\">{treatment}</a> à notre clinique'",
        "es": "'cómo funciona <a href=\"/servicios/{treatment_slug}/\">{treatment}</a> en nuestra clínica'",
    },
    options=ServiceLinkOptions,
)
def service_page_link(doc, opts: ServiceLinkOptions, ctx) -> Outcome:
    """An internal link in the post (not nav/footer) to a service page: URL matching
    ``service_patterns`` (default: /services/, /treatments/, /acupuncture/,
    /physiotherapy/, /massage-therapy/, /chiropractic/, /dental/...).

    Good: such a link with a descriptive anchor. OK: only vague anchors ("click here").
    Bad: none. A link whose target the run found broken (ST001) does not count, here and
    in CV002 and CV003: unlike LK001, which judges the anchors of Related links, these checks
    ask whether a reader can get to the page.

    Passes: ``<a href="/services/acupuncture/">acupuncture for back pain</a>``.
    Fails: the only service link is in the menu.
    """
    regexes = _patterns(opts.service_patterns, "service_patterns", "CV001.service_patterns")
    links = [l for l in _post_links(doc, regexes, allow_external=False) if "/blog/" not in l.href]
    return _link_outcome(doc, links, "service page", "a descriptive internal link to the service page", ctx)


@dataclass(frozen=True)
class ContactLinkOptions:
    contact_patterns: tuple[str, ...] = ()


@check(
    code="CV002",
    posts_only=True,
    name="location-page-link",
    category="clinic",
    title="The post links to the clinic's location or contact page",
    fail_title="The post does not link to the location or contact page",
    ok_title="The way to the clinic's location page needs a clearer link",
    why="Readers of a local health post want to know where the clinic is; a link to the location page also ties the post to the place it targets.",
    source="Whitespark Local Search Ranking Factors 2023 (internal linking; geographic relevance)",
    fix="Link the location page in the text, e.g. {example}.",
    fix_examples={"en": "'our <a href=\"/contact/\">clinic in {city}</a>'", "fr": "'notre <a href=\"/contact/\">clinique à {city}</a>'",
                  "es": "'nuestra <a href=\"/contacto/\">clínica en {city}</a>'"},
    options=ContactLinkOptions,
)
def location_page_link(doc, opts: ContactLinkOptions, ctx) -> Outcome:
    """An internal link in the post to the contact/location page: URL matching
    ``contact_patterns`` (default: /contact, /locations/, /find-us, /directions...).

    Good: descriptive anchor. OK: vague anchor, or no such link but a map of the clinic
    (Google/Apple/Bing Maps): readers can find it, though the post is not tied to the
    location page. Bad: neither in the post. A link to a page the run found broken does
    not count (see CV001).

    Passes: ``<a href="/contact/">our Old Strathcona clinic</a>``. Fails: only the menu links it.
    """
    regexes = _patterns(opts.contact_patterns, "contact_patterns", "CV002.contact_patterns")
    links = _post_links(doc, regexes, allow_external=False)
    threshold = "a descriptive internal link to the location/contact page"
    working, broken_ev, note = _working(links, ctx)
    if not working:
        maps = [l for l in doc.links if l.context != "boilerplate" and _MAP_LINK_RE.search(l.href or "")]
        if maps:
            ev = tuple(Evidence("link", l.text or "(no anchor text)", verdict="map", status="ok", detail=l.href, line=l.line) for l in maps)
            return Outcome("ok", value=0, message=f"The post links to a map of the clinic, but not to its location or contact page.{note}",
                           evidence=ev + tuple(broken_ev), threshold=threshold)
    return _link_outcome(doc, links, "location or contact page", threshold, ctx)


@dataclass(frozen=True)
class BookingOptions:
    booking_patterns: tuple[str, ...] = ()  # URL regexes; default: /book, /appointments, Jane, Cliniko...
    cta_patterns: tuple[str, ...] = ()  # words of a call to action; default: book, schedule, appointment, call us


@check(
    code="CV003",
    posts_only=True,
    name="booking-cta",
    category="clinic",
    title="The post ends with a way to book",
    fail_title="The post has no booking link or call to action",
    ok_title="The booking link or the call to action is missing its other half",
    why="A post that answers a patient's question should let them act on it: a booking link in the text converts readers the menu button does not.",
    source="Google link best practices (crawlable <a href>, descriptive anchors)",
    fix="End with a call to action that links the booking page, e.g. '<a href=\"https://clinic.janeapp.com/\">{example}</a>'.",
    # the French and Spanish calls to action are ones the check reads (clinic.toml cta_patterns)
    fix_examples={"en": "Book your {treatment} assessment", "fr": "Prenez rendez-vous pour {treatment}",
                  "es": "Pida cita para {treatment}", "es-informal": "Pide cita para {treatment}"},
    options=BookingOptions,
)
def booking_cta(doc, opts: BookingOptions, ctx) -> Outcome:
    """A link in the post to a booking page (URL matching ``booking_patterns``: /book,
    /appointments, tel:, *.janeapp.com (and .co.uk, .com.au), *.cliniko.com, calendly.com,
    acuityscheduling.com, setmore.com, vagaro.com, ...) and call-to-action wording (``cta_patterns``).

    Good: a booking link in the post whose anchor or sentence is a call to action. OK:
    a booking link with a vague anchor, a call to action without a link, or a booking
    link only in the site menu. Bad: none of these. A booking link to a page the run found
    broken does not count (see CV001).

    The default call-to-action words are English, French and Spanish (``clinic.toml``): on a page in
    another language only the links are judged (a booking link in the post is good),
    unless ``cta_patterns`` are set.

    Passes: "<a href='https://riverbend.janeapp.com/'>Book an assessment</a>".
    Fails: a post that never mentions booking.
    """
    regexes = _patterns(opts.booking_patterns, "booking_patterns", "CV003.booking_patterns")
    threshold = "a booking link with a call to action in the post"
    links, broken_ev, note = _working(_post_links(doc, regexes, allow_external=True), ctx)
    cta_words = tuple(opts.cta_patterns) or tuple(words_for_page(doc, "cta_patterns") or ())
    if not cta_words:
        outcome = _booking_links_only(doc, links, regexes, threshold)
        return replace(outcome, message=outcome.message + note, evidence=outcome.evidence + tuple(broken_ev)) if note else outcome
    ctas = _compile(cta_words, "CV003.cta_patterns")
    cta_links = [l for l in links if ctas.search_any(l.text) and _descriptive(l.text)]
    cta_sentences = [s for s in doc.sentences if ctas.search_any(s.text)]
    ev = [Evidence("link", l.text or "(no anchor text)", verdict="booking link", status="good" if l in cta_links else "ok", detail=l.href or l.raw_href) for l in links]
    ev += broken_ev
    ev += [Evidence("sentence", s.text, verdict="call to action", highlights=tuple(m.group(0) for r in ctas for m in [r.search(s.text)] if m), position=s.position, line=s.line) for s in cta_sentences[-3:]]
    if cta_links or (cta_sentences and any(_descriptive(l.text) for l in links)):
        return Outcome("good", value=len(links), message=f"The post has a booking link and a call to action.{note}", evidence=tuple(ev), threshold=threshold)
    menu = [l for l in _matching_links(doc, regexes) if l.context == "boilerplate"]
    if links or cta_sentences or menu:
        if links and cta_sentences:
            # it has both: the anchors are what is missing ("Click here to book" said "without a call to action")
            vague = T.some_of(f"'{l.text or '(no anchor text)'}'" for l in links)
            why = (f"a call to action and a booking link, but the link's anchor ({vague}) does not say where it goes "
                   "(see how to fix)")  # the fix box's example is in the page's language (fix_examples)
        elif links:
            why = "a booking link without a call to action"
        else:
            why = "a call to action without a booking link" if cta_sentences else "a booking link only outside the post (menu, header or footer)"
        return Outcome("ok", value=len(links), message=f"The post has {why}.{note}", evidence=tuple(ev), threshold=threshold)
    return Outcome("bad", value=0, message=f"The post has no booking link or call to action.{note}", evidence=tuple(ev), threshold=threshold)


def _booking_links_only(doc, links, regexes, threshold: str) -> Outcome:
    """CV003 on a page whose call-to-action wording cannot be read (not English)."""
    ev = tuple(Evidence("link", l.text or "(no anchor text)", verdict="booking link", detail=l.href or l.raw_href) for l in links)
    unread = f"call-to-action wording is read in {names_of(word_list_languages())} only (page language {language_label(doc)})"
    if links:
        return Outcome("good", value=len(links), message=f"The post has a booking link; {unread}.", evidence=ev, threshold=threshold)
    if any(l.context == "boilerplate" for l in _matching_links(doc, regexes)):
        return Outcome("ok", value=0, message=f"The post has a booking link only outside the post (menu, header or footer); {unread}.", threshold=threshold)
    return Outcome("bad", value=0, message=f"The post has no booking link; {unread}.", threshold=threshold)


CHECKS = (service_page_link, location_page_link, booking_cta)
