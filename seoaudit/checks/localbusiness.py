"""Local business data (LB001-LB005): NAP consistency, clinic and article markup,
and the page's city against the clinic's.

Name, address and phone are read from visible text (the whole page: NAP usually sits
in the footer), ``tel:`` links and JSON-LD, normalised (phone to E.164 with the
clinic's country code; address abbreviations, case and punctuation) and compared
with each other and with the configured clinic (``clinic_name``, ``clinic_address``,
``clinic_phone``, ``clinic_country`` or the profile's country, and each of the
``[[locations]]`` of a clinic with several: any location's address, phone or city is the
clinic's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import text as T
from ..document import DRAFT_KINDS
from ..models import Evidence
from ..language import page_language
from ..profiles import clinic_data, clinic_of
from ..registry import Outcome, check, option
from .clinic_common import article_nodes, business_nodes, clinic_cities, first_text, page_treatment, types_of
from .trust import has_credential

# ---- phones ---------------------------------------------------------------------------

_PHONE_RES = (
    # North American: (780) 555-0142, 780-555-0142, +1 780 555 0142, 780.555.0142
    re.compile(r"(?<![\d+])(?:\+?1[\s.-]?)?\(?[2-9]\d{2}\)?[\s.-]?\d{3}[\s.-]\d{4}(?!\d)"),
    # UK: 020 7946 0018, 0131 496 0000, +44 20 7946 0018
    re.compile(r"(?<![\d+])(?:\+44\s?(?:\(0\)\s?)?|0)\d{2,4}\s\d{3,4}\s?\d{3,4}(?!\d)"),
    # anything written with a country code
    re.compile(r"(?<![\d+])\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,4}(?!\d)"),
)
#: national formats read only on pages of their country (by calling code): elsewhere
#: "650.000.000 personas" or "700 000 000 people" is a number, not a phone. Not part of a
#: longer number either ("1.900.000.000": no digit and separator just before).
_NATIONAL_PHONE_RES = {
    # France (and Belgium's 10-digit mobiles): 01 23 45 67 89, 06.12.34.56.78
    "33": re.compile(r"(?<![\d+])(?<!\d[\s.-])0[1-9](?:[\s.-]?\d{2}){4}(?!\d)(?![\s.-]\d)"),
    # Spain: 910 555 123, 612 34 56 78, 91 555 12 34 (nine digits, no trunk 0); spaces or
    # hyphens only, since "650.000.000" is how Spanish writes a number
    "34": re.compile(r"(?<![\d+.])(?<!\d[\s-])(?:[6789]\d{2}(?:[\s-]\d{3}[\s-]\d{3}|[\s-]\d{2}[\s-]\d{2}[\s-]\d{2})"
                     r"|[89]\d[\s-]\d{3}[\s-]\d{2}[\s-]\d{2})(?!\d)(?![\s.-]\d)"),
}
_NATIONAL_PHONE_RES["32"] = _NATIONAL_PHONE_RES["33"]
#: the calling code whose national format a page's language suggests, when no country is known
_LANGUAGE_CALLING_CODES = {"fr": "33", "es": "34"}
#: calling codes of countries whose national numbers have no trunk "0" (Spain: 910 555 123)
_NO_TRUNK_PREFIX = {"34": 9}


def normalise_phone(raw: str, calling_code: str = "") -> str:
    """E.164 ("+17805550142") when the country is known or written; else the digits.

    "780-555-0142" with calling code 1 -> "+17805550142"; "020 7946 0018" with 44 ->
    "+442079460018"; "tel:+1 (780) 555-0142" -> "+17805550142".
    """
    s = raw.strip()
    if s.lower().startswith("tel:"):
        s = s[4:]
    s = s.split(";")[0].split(",")[0]  # tel: extensions and pauses
    plus = s.lstrip().startswith("+") or s.lstrip().startswith("00")
    digits = re.sub(r"\D", "", s)
    if s.lstrip().startswith("00"):
        digits = digits[2:]
    if plus:
        if digits.startswith("44") and digits[2:3] == "0":  # "+44 (0)20 ..."
            digits = "44" + digits[3:]
        return "+" + digits
    if calling_code == "1":
        if len(digits) == 10:
            return "+1" + digits
        if len(digits) == 11 and digits.startswith("1"):
            return "+" + digits
    elif calling_code and digits.startswith("0"):
        return "+" + calling_code + digits[1:]
    elif len(digits) == _NO_TRUNK_PREFIX.get(calling_code):
        return "+" + calling_code + digits
    return digits


# Every character of a phone match is a digit, whitespace or one of ".-+()", and every
# match holds at least 6 digits (the country-code pattern's minimum; 9-10 for the
# others). So matches lie inside runs of such characters with 6+ digits: this finds the
# digits of those runs, one C pass over text that is mostly words.
_PHONE_CHAR_RE = re.compile(r"[\d\s.()+\-]")
_PHONE_RUN_DIGITS_RE = re.compile(r"\d(?:[\s.()+\-]*\d){5,}")


def phone_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each maximal run of phone characters holding 6+ digits.

    Text outside these runs cannot hold a phone match, and a run's neighbours are
    neither digits nor "+", so the patterns' look-arounds answer the same whether
    they look at the neighbour or at the end of the window: searching only the runs
    finds exactly the matches a search of the whole text finds.
    """
    runs = []
    is_phone_char = _PHONE_CHAR_RE.match
    for m in _PHONE_RUN_DIGITS_RE.finditer(text):
        start, end = m.span()
        while start > 0 and is_phone_char(text, start - 1):
            start -= 1
        while end < len(text) and is_phone_char(text, end):
            end += 1
        runs.append((start, end))
    return runs


def visible_phones(text: str, calling_code: str = "") -> list[str]:
    """Phone numbers written in ``text``, as written, in order, without overlaps;
    ``calling_code`` adds its country's national format (``_NATIONAL_PHONE_RES``)."""
    return [raw for _, raw in visible_phone_spans(text, calling_code)]


# "Fax: 604-555-0100", "F. 604...": a fax number is not a second phone line
_FAX_LABEL_RE = re.compile(r"(?:\bfax|\bfacsimile|\bf)\s*(?:number|no\.?|#)?\s*[:.\-–]?\s*$", re.I)


def is_fax(text: str, start: int) -> bool:
    """Is the number at ``start`` labelled as a fax number just before it?"""
    return bool(_FAX_LABEL_RE.search(text[max(0, start - 20) : start]))


def visible_phone_spans(text: str, calling_code: str = "") -> list[tuple[int, str]]:
    """(start, number as written) for each phone number in ``text``, in order."""
    spans: list[tuple[int, int]] = []
    out = []
    runs = phone_runs(text)
    national = _NATIONAL_PHONE_RES.get(calling_code)
    for regex in _PHONE_RES + ((national,) if national is not None else ()):
        for m in (m for start, end in runs for m in regex.finditer(text, start, end)):
            if any(a < m.end() and m.start() < b for a, b in spans):
                continue
            spans.append((m.start(), m.end()))
            raw = m.group(0)
            out.append((m.start() + len(raw) - len(raw.lstrip()), raw.strip()))
    return sorted(out)


#: the generic types that are LocalBusiness (Organization and MedicalOrganization are not)
_LOCAL_BUSINESS_GENERIC = frozenset(("LocalBusiness", "ProfessionalService"))


def _markup_calling_code(doc) -> str:
    """The calling code of the clinic's JSON-LD addressCountry, when no country is configured."""
    from ..profiles import CALLING_CODES

    for node in business_nodes(doc):
        addr = node.get("address")
        if isinstance(addr, dict):
            country = first_text(addr.get("addressCountry")).upper()
            if country in CALLING_CODES:
                return CALLING_CODES[country]
    return ""


def _same_number(a: str, b: str) -> bool:
    """Two normalised numbers for one line: equal, or one the other without its country code
    (a country unknown on one side: "9055550187" and "+19055550187")."""
    if a == b:
        return True
    short, long_ = sorted((a.lstrip("+"), b.lstrip("+")), key=len)
    return len(short) >= 7 and long_.endswith(short.lstrip("0")) and len(long_) - len(short.lstrip("0")) <= 3


def _merge_national(found: dict[str, list]) -> dict[str, list]:
    """Drop too-short numbers and fold a national number ("7805550142") into the
    international one that ends with it ("+17805550142"): same line, country unknown."""
    found = {k: v for k, v in found.items() if len(re.sub(r"\D", "", k)) >= 7}
    out: dict[str, list] = {k: list(v) for k, v in found.items() if k.startswith("+")}
    for k, v in found.items():
        if k.startswith("+"):
            continue
        home = next((i for i in out if _same_number(i, k)), None)
        out.setdefault(home or k, []).extend(v)
    return out


def _as_written(seen: list[tuple[str, str]]) -> str:
    """A number as the page writes it for readers: its visible text, else the tel: link's or
    the markup's ("905-555-0187", not "+19055550187")."""
    raw = next((r for r, where in seen if where == "text"), seen[0][0])
    return raw[4:].strip() if raw.lower().startswith("tel:") else raw


def _location_label(loc) -> str:
    """How a message names one of the clinic's locations: its city, else its name or address."""
    return loc.town or loc.name or loc.address


@dataclass(frozen=True)
class PhoneOptions:
    # distinct numbers allowed on one page; the configured locations' numbers count as one
    # (the clinic's), so a footer listing every location's number is one clinic, one number
    max_phones: int = 1


@check(
    code="LB001",
    name="nap-phone",
    category="clinic",
    title="One phone number, the same everywhere",
    fail_title="The phone number is missing, differs or there are several",
    why="A clinic's phone should be the same in the text, the tel: links, the markup and its Business Profile; lists of numbers are a named stuffing pattern.",
    source="Google LocalBusiness structured data (telephone with country and area code); Google spam policies (lists of phone numbers); BrightLocal and Moz local factors (NAP consistency)",
    fix="Use one number for the clinic (in markup in international form with its country code, e.g. +1 780 555 0142 or +34 910 555 123), the same in the footer, the tel: link and the JSON-LD; drop tracking numbers from the post.",
    # the theme writes a draft's footer, tel: link and markup: the draft holds only its own text
    draft_fixes=dict.fromkeys(("markdown", "text"), "Write the clinic's one number in the post, the same as the site's "
                              "footer and your Business Profile show (the theme writes the footer, the tel: link and the "
                              "markup); drop tracking numbers from the post."),
    options=PhoneOptions,
)
def nap_phone(doc, opts: PhoneOptions, ctx) -> Outcome:
    """Phone numbers from visible text, ``tel:`` links and JSON-LD ``telephone``,
    normalised to E.164 with the clinic's country (``clinic_country``, the profile's, else
    the markup's ``addressCountry``) so that "905-555-0187" and "tel:+19055550187" are one
    number; messages show each as the page writes it. Visible numbers are read in North
    American and UK formats, any number written with its country code, and on French or
    Spanish pages (by the clinic's country, else the page's language) their national
    formats ("01 23 45 67 89", "910 555 123").

    Numbers labelled as fax ("Fax: 604-555-0100") are listed but not counted. The numbers
    of the configured locations (``clinic_phone`` and each ``[[locations]]`` phone) count
    as one, the clinic's: a site-wide footer with each location's number is not a list of
    numbers.

    Good: one number (or ``max_phones``), the clinic's (a location's) when configured.
    OK: no number on the page (not judged on a Markdown or text draft: the site's theme
    prints the number once the post is published; a number the draft writes is judged).
    Bad: more distinct numbers than ``max_phones``, or none of them the clinic's (a
    tracking number, an old line).

    Passes: footer "780-555-0142", ``tel:+17805550142``, JSON-LD "+1-780-555-0142"; a
    footer with the numbers of the clinic's three configured locations.
    Fails: the post body adds "call 587-555-0144".
    """
    clinic = clinic_of(ctx)
    code = clinic.calling_code or _markup_calling_code(doc)
    found: dict[str, list[tuple[str, str]]] = {}
    faxes: list[str] = []
    text = doc.page_text
    national = code or _LANGUAGE_CALLING_CODES.get(page_language(doc)[0], "")
    for start, raw in visible_phone_spans(text, national):
        if is_fax(text, start):
            faxes.append(raw)  # "Fax: 604-555-0100" in the footer is not a second phone line
            continue
        found.setdefault(normalise_phone(raw, code), []).append((raw, "text"))
    for link in doc.links:
        if link.scheme == "tel":
            found.setdefault(normalise_phone(link.raw_href, code), []).append((link.raw_href, "tel: link"))
    for node in business_nodes(doc):
        tel = first_text(node.get("telephone"))
        if tel:
            found.setdefault(normalise_phone(tel, code), []).append((tel, "json-ld"))
    found = _merge_national(found)
    located = [loc for loc in clinic.all_locations if loc.phone]
    configured = [(normalise_phone(loc.phone, code), loc) for loc in located]

    def location_of(number: str):
        return next((loc for n, loc in configured if _same_number(n, number)), None)

    ours = {number: loc for number in found if (loc := location_of(number)) is not None}
    others = [number for number in found if number not in ours]

    def where(number: str) -> str:
        return ", ".join(dict.fromkeys(w for _, w in found[number]))

    def evidence(number: str, seen: list) -> Evidence:
        loc = ours.get(number)
        mine = ("the clinic's number" if len(located) == 1 else f"the {_location_label(loc)} location's number") if loc else ""
        return Evidence("element", _as_written(seen), verdict=where(number),
                        detail="; ".join(x for x in (mine, "as written: " + "; ".join(dict.fromkeys(r for r, _ in seen))) if x))

    ev = tuple(evidence(number, seen) for number, seen in found.items()) + tuple(
        Evidence("element", fax, verdict="fax (not counted)") for fax in dict.fromkeys(faxes))
    count = (1 if ours else 0) + len(others)  # the locations' numbers are the clinic's one number
    if len(located) == 1:
        theirs = f"the clinic's {located[0].phone}"
    else:
        theirs = f"one of the clinic's locations' ({', '.join(loc.phone for loc in located)})"
    threshold = f"≤ {T.plural(opts.max_phones, 'distinct number')}" + (
        f", = {located[0].phone}" if len(located) == 1 else
        f", each location's counted as the clinic's one: {', '.join(loc.phone for loc in located)}" if located else "")
    if not found:
        if doc.kind in DRAFT_KINDS:  # the theme's footer and contact block print it once published
            return Outcome.na(f"No phone number in the {DRAFT_KINDS[doc.kind]}: the site's theme shows the clinic's number; "
                              "audit the post's URL once it is live to check it.")
        return Outcome("ok", value=0, message="No phone number on the page.", threshold=threshold)
    wrong = "; ".join(f"{_as_written(found[n])} ({where(n)})" for n in others)
    if count > opts.max_phones:
        if not configured:
            message = f"{count} different phone numbers on one page: {', '.join(_as_written(seen) for seen in found.values())}."
        else:
            # with the clinic's numbers known, name the ones to change and where they are
            head = (f"{T.plural(len(others), 'phone number')} besides the {len(ours)} locations' own" if len(ours) > 1
                    else f"{len(found)} different phone numbers on one page")
            message = f"{head}; not {theirs}: {wrong}." + ("" if ours else " The clinic's own number is not on the page.")
        return Outcome("bad", value=count, message=message, evidence=ev, threshold=threshold)
    if configured and not ours:
        return Outcome("bad", value=count, message=f"The page's number {wrong} is not {theirs}.", evidence=ev, threshold=threshold)
    if len(ours) > 1:
        said = f"{len(ours)} phone numbers, each a location's: " + ", ".join(
            f"{_as_written(found[n])} ({_location_label(loc)})" for n, loc in ours.items()) + "."
    elif ours and len(located) > 1:
        number, loc = next(iter(ours.items()))
        said = f"One phone number: {_as_written(found[number])} (the {_location_label(loc)} location's)."
    elif len(found) == 1:
        said = f"One phone number: {_as_written(next(iter(found.values())))}."
    else:
        said = f"{len(found)} phone numbers: {', '.join(_as_written(seen) for seen in found.values())}."
    if others and ours:  # within max_phones: a second line the clinic allows
        said += f" Besides the clinic's: {wrong} (max_phones {opts.max_phones})."
    return Outcome("good", value=count, message=said, evidence=ev, threshold=threshold)


# ---- addresses ------------------------------------------------------------------------

_ABBREVIATIONS = {
    "street": "st", "avenue": "ave", "av": "ave", "road": "rd", "boulevard": "blvd", "drive": "dr",
    "trail": "tr", "trl": "tr", "court": "ct", "crescent": "cres", "place": "pl", "lane": "ln",
    "highway": "hwy", "parkway": "pkwy", "square": "sq", "terrace": "terr", "suite": "ste", "unit": "ste",
    "northwest": "nw", "northeast": "ne", "southwest": "sw", "southeast": "se", "north": "n", "south": "s",
    "east": "e", "west": "w", "saint": "st", "mount": "mt", "floor": "fl", "number": "no",
    "apartment": "apt", "room": "rm", "level": "lvl", "building": "bldg",
}
# Where the street ends and the unit begins: suite/unit, floor ("4th Fl", "Floor 2"),
# apartment, room, level, building. Footers often leave the unit out.
# "Suite" always; floor/apartment/room/level/building words only with a number, so
# "3 Level Rd" keeps its street.
_UNIT_RE = re.compile(r"\s(?:ste\b|\d+(?:st|nd|rd|th)\s+(?:fl|lvl)\b|(?:fl|apt|rm|lvl|bldg)\s+[a-z]?\d).*$")
_LEADING_UNIT_RE = re.compile(r"^ste\s+\w+\s+(?=\d)")  # "#210 10234 82 Ave"


def normalise_address(text: str) -> str:
    """Lower case, punctuation dropped, common abbreviations unified
    ("10234 82 Avenue NW, Suite 210" -> "10234 82 ave nw ste 210")."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("#", " ste "))
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def _street_core(street: str) -> str:
    """The street part without unit and quadrant ("10234 82 ave nw ste 210" -> "10234 82
    ave", "450 w 31st st 4th fl" -> "450 w 31st st"): footers often leave them out."""
    core = _UNIT_RE.sub("", " " + _LEADING_UNIT_RE.sub("", normalise_address(street))).strip()
    return re.sub(r"(?:\s(?:nw|ne|sw|se|n|s|e|w))+$", "", core)


def configured_street(address: str) -> str:
    """The street part of a configured one-line address, as written: up to the first comma
    when it starts with the civic number ("10234 82 Ave NW, Edmonton AB" -> "10234 82 Ave
    NW"), keeping a civic number written before its own comma, as Quebec addresses are
    ("4321, rue Saint-Denis, Montréal" -> "4321, rue Saint-Denis"); the whole text otherwise."""
    if not re.match(r"^\d", address):
        return address.strip()
    parts = [p.strip() for p in address.split(",")]
    if re.fullmatch(r"\d+[a-zA-Z]?", parts[0]) and len(parts) > 1:
        return f"{parts[0]}, {parts[1]}"
    return parts[0]


def _postal(text: str) -> str:
    return re.sub(r"\s", "", text).upper()


def _page_address_text(doc) -> str:
    """The page text as ``normalise_address`` gives it; computed only for pages that
    have an address to look for (most have none)."""
    return doc.derived("localbusiness.page_address_text", lambda d: normalise_address(d.page_text))


def _page_postal(doc) -> str:
    return doc.derived("localbusiness.page_postal", lambda d: _postal(d.page_text))


@check(
    code="LB002",
    name="nap-address",
    category="clinic",
    title="The clinic's name and address match everywhere",
    fail_title="The clinic's name or address differ, or the address is not shown",
    why="Name and address should read the same in the page, the markup and the clinic's listings; Google asks for complete and accurate business information.",
    source="Google LocalBusiness structured data (address: include as many properties as possible); Guidelines for representing your business on Google; BrightLocal 'What is NAP?'",
    fix="Show the full address (as in your Business Profile) in the footer or contact block and use the same name and address in the JSON-LD.",
    draft_fixes=dict.fromkeys(("markdown", "text"), "Write the clinic's full address in the post as your Business Profile "
                              "and the site's footer show it (the theme writes the footer, the contact block and the markup)."),
)
def nap_address(doc, opts, ctx) -> Outcome:
    """The street address and postal code from JSON-LD ``address`` and/or the configured
    locations (``clinic_address``, each ``[[locations]]`` address), compared after
    normalising ("Avenue" = "Ave", "NW", "Suite"/"#", case, punctuation, postal-code
    spacing); the JSON-LD ``name`` against ``clinic_name`` and the locations' names. With
    several locations, markup describing any one of them is consistent, and the page
    showing any one's address shows the clinic's.

    Good: visible on the page and consistent. OK: known but not visible on the page.
    Bad: JSON-LD and configuration disagree (an address that is no configured location's,
    or another name). Not judged when neither gives an address, nor on a Markdown or text
    draft that does not write it (the site's theme prints it in the footer once the post is
    published).

    Passes: footer "10234 82 Ave NW, Suite 210" with JSON-LD "10234 82 Avenue NW".
    Fails: JSON-LD "13220 St Albert Trail" while the config says "10234 82 Ave NW".
    """
    clinic = clinic_of(ctx)
    ev: list[Evidence] = []
    bad: list[str] = []
    streets: list[tuple[str, str]] = []  # (street core, where)
    shown: list[str] = []  # each street as written, for messages (the cores are lower-cased and abbreviated)
    names = {normalise_address(n): n for n in clinic.names}
    for node in business_nodes(doc):
        addr = node.get("address")
        if isinstance(addr, dict):
            street = first_text(addr.get("streetAddress"))
            if street:
                streets.append((_street_core(street), "json-ld"))
                shown.append(street)
                postal = first_text(addr.get("postalCode"))
                ev.append(Evidence("element", ", ".join(x for x in (street, first_text(addr.get("addressLocality")), postal) if x), verdict="json-ld address"))
                if postal and _postal(postal) not in _page_postal(doc):
                    ev.append(Evidence("element", postal, verdict="postal code not visible"))
        elif isinstance(addr, str) and addr.strip():
            streets.append((_street_core(addr), "json-ld"))
            shown.append(addr.strip())
        name = first_text(node.get("name"))
        if names and name and normalise_address(name) not in names:
            quoted = " or ".join(f"'{n}'" for n in names.values())
            bad.append(f"JSON-LD name '{name}' is not the clinic's name {quoted}")
            ev.append(Evidence("element", name, verdict="name differs", detail=f"configured: {quoted}"))
    configured = [configured_street(loc.address) for loc in clinic.all_locations if loc.address]
    if configured:
        cores = [_street_core(c) for c in configured]
        ev.extend(Evidence("element", loc.address, verdict="configured address") for loc in clinic.all_locations if loc.address)
        said = (f"the configured '{configured[0]}'" if len(configured) == 1 else
                "every configured location's (" + ", ".join(f"'{c}'" for c in configured) + ")")
        for (street, _), written in zip(streets, shown):
            if street and not any(street.startswith(core) or core.startswith(street) for core in cores):
                bad.append(f"JSON-LD street '{written}' differs from {said}")
        streets.extend((core, "config") for core in cores)
        shown.extend(configured)
    if not streets:
        return Outcome.na("No address in the JSON-LD and no clinic_address or [[locations]] configured.")
    threshold = "address visible, same in markup and config"
    page = _page_address_text(doc)
    # each street once, as first written (the markup's "1900 Lakeshore Rd W, Unit 4" before the config's)
    visible = list({s: written for (s, _), written in reversed(list(zip(streets, shown))) if s and s in page}.values())[::-1]
    if bad:
        return Outcome("bad", value="differs", message="; ".join(bad) + ".", evidence=tuple(ev), threshold=threshold)
    if not visible:
        if doc.kind in DRAFT_KINDS:  # the theme's footer prints it once published
            return Outcome.na(f"The address is not in the {DRAFT_KINDS[doc.kind]}: the site's theme shows it; "
                              "audit the post's URL once it is live to check it.")
        wanted = list(dict.fromkeys(shown))
        message = (f"The address ({wanted[0]}) is not shown on the page." if len(wanted) == 1 else
                   f"None of the clinic's addresses ({'; '.join(wanted)}) is shown on the page.")
        return Outcome("ok", value="not visible", message=message, evidence=tuple(ev), threshold=threshold)
    return Outcome("good", value="consistent", message=f"The address is shown and consistent ({'; '.join(visible)}).",
                   evidence=tuple(ev), threshold=threshold)


# ---- clinic structured data -----------------------------------------------------------


@dataclass(frozen=True)
class SchemaOptions:
    min_geo_decimals: int = 5
    max_price_range: int = option(100, allow_zero=False)  # characters; at 0 every priceRange is too long


def _decimals(value) -> int:
    s = str(value)
    return len(s.split(".", 1)[1]) if "." in s else 0


_STUFFING_RE = re.compile(r"\s[|–—]\s|\s-\s|\bnear me\b|\bbest\b|#1|\bnumber one\b|\btop[- ]rated\b", re.I)
_SERVICE_WORDS = re.compile(r"\b(?:acupuncture|acupuncturist|physio(?:therapy|therapist)?|chiropract\w*|massage|dentist|dental|rmt|back pain|neck pain|sciatica)\b", re.I)


def _name_problems(name: str, cities: set[str], configured: tuple[str, ...]) -> tuple[str, str]:
    """("bad"|"ok"|"", why) for a business name that carries keywords; ``configured``: the
    clinic's own names ("Lakeshore Physiotherapy – Oakville" is a location's real name)."""
    if not name or normalise_address(name) in {normalise_address(c) for c in configured}:
        return "", ""
    if _STUFFING_RE.search(name):
        return "bad", "separators, 'best' or 'near me' in the name: keywords, not the business name"
    services = {m.lower() for m in _SERVICE_WORDS.findall(name)}
    city = next((c for c in cities if c and re.search(r"\b" + re.escape(c) + r"\b", name, re.I)), "")
    if city and services:
        return "ok", f"the name holds the city '{city}' and a service; fine only if it is the real-world name"
    if len(services) >= 2:
        return "ok", "several service keywords in the name; fine only if it is the real-world name"
    return "", ""


#: problems a message spells out before "and N more" (the evidence lists them all)
_MAX_PROBLEMS_SAID = 3


def _problems_in_words(problems: list[Evidence]) -> str:
    """"no geo coordinates (add geo ...); no opening hours (add ...)": each problem with its fix."""
    said = [e.text.split(": ", 1)[1] + (f" ({e.detail})" if e.detail else "") for e in problems[:_MAX_PROBLEMS_SAID]]
    more = len(problems) - len(said)
    return "; ".join(said) + (f"; and {more} more" if more else "")


def _page_phone(doc, calling_code: str) -> str:
    """The clinic's number as the page's tel: link (else its text) gives it, in E.164 when the
    country is known: what a telephone missing from the markup should say."""
    raw = next((link.raw_href for link in doc.links if link.scheme == "tel"), "")
    if not raw:
        found = visible_phones(doc.page_text, calling_code)
        raw = found[0] if found else ""
    return normalise_phone(raw, calling_code) if raw else ""


@check(
    code="LB003",
    name="clinic-schema",
    category="clinic",
    title="The clinic's LocalBusiness markup is complete and valid",
    fail_title="The clinic's LocalBusiness markup has errors or gaps",
    why="Google reads the clinic's type, name, address, phone, location and hours from LocalBusiness markup; the wrong type, missing required fields or self-serving ratings waste it or break policy.",
    source="Google 'Local business (LocalBusiness) structured data' (required name+address; telephone with country code; geo ≥ 5 decimals; priceRange < 100 characters; additionalType not supported; aggregateRating only for sites reviewing other businesses); schema.org v24 (Physician no longer a LocalBusiness); Guidelines for representing your business on Google (no keywords in the name)",
    fix="Fix what the message lists, as each finding says. In general the clinic's node has the most specific type (MedicalClinic, Physiotherapy, Dentist, HealthAndBeautyBusiness), the real-world name, a full PostalAddress, the telephone with its country code, geo with 5+ decimals, openingHoursSpecification and url, and no aggregateRating, review or additionalType.",
    options=SchemaOptions,
)
def clinic_schema(doc, opts: SchemaOptions, ctx) -> Outcome:
    """Validates the page's LocalBusiness-like JSON-LD node(s).

    Bad: ``Physician`` as the business node; a LocalBusiness missing ``name`` or ``address``;
    ``aggregateRating``/``review`` on the clinic itself; keyword-stuffed ``name``
    ("Best Acupuncture Edmonton | Back Pain Acupuncturist"). OK: a generic type
    (LocalBusiness, Organization) instead of a specific one; a plain Organization (the
    publisher node SEO plugins add) without name or address; ``additionalType``;
    recommended properties missing (telephone, url, geo, opening hours); telephone
    without a country code; geo with fewer than ``min_geo_decimals`` decimals;
    ``priceRange`` of ``max_price_range`` characters or more. Not judged when the page
    has no such node (a blog post may leave it to the home page).

    Passes: the MedicalClinic node of ``samples/acupuncture-back-pain-edmonton.html``.
    Fails: ``{"@type": "Physician", "name": "Best Acupuncture Edmonton | ..."}``.
    """
    nodes = business_nodes(doc)
    if not nodes:
        return Outcome.na("No LocalBusiness, Organization or Physician markup on the page.")
    data = clinic_data()
    specific = set(data["specific_business_types"])
    physician = set(data["not_local_business"])
    clinic = clinic_of(ctx)
    cities = set(ctx.cities) if ctx is not None else set()
    # Next to a node that describes the clinic (a LocalBusiness type, or a Physician used as
    # one), a plain Organization is the publisher SEO plugins add on every page (Yoast, Rank
    # Math): not the clinic's description, so not held to it ("no address", "no geo")
    describing = [n for n in nodes if types_of(n) & (specific | _LOCAL_BUSINESS_GENERIC | physician)]
    nodes = describing or nodes
    calling_code = clinic.calling_code or _markup_calling_code(doc)  # for the telephone example
    cities.update(clinic_cities(doc, ctx))
    bad: list[Evidence] = []
    ok: list[Evidence] = []
    for node in nodes:
        types = types_of(node)
        label = "/".join(sorted(types))
        name = first_text(node.get("name"))

        def flag(items: list, text: str, detail: str = "", hl: tuple = ()) -> None:
            items.append(Evidence("element", f"{label} '{name or '(no name)'}': {text}", verdict="error" if items is bad else "warning", detail=detail, highlights=hl))

        if types & physician and not types & specific:
            flag(bad, "Physician is not a LocalBusiness since schema.org v24", "use MedicalClinic or PhysiciansOffice for the clinic")
        elif not types & specific:
            flag(ok, f"generic type {label}", "use the most specific subtype: MedicalClinic, Physiotherapy, Dentist, HealthAndBeautyBusiness")
        # Google requires name and address of LocalBusiness markup; a plain Organization
        # (the publisher node SEO plugins put on every page) has no required properties,
        # so there a missing address is a gap to fill, not an error
        required = bad if types & (specific | _LOCAL_BUSINESS_GENERIC) else ok
        if not name:
            flag(required, "no name" + (" (required)" if required is bad else ""), "add the clinic's real-world name")
        if not node.get("address"):
            flag(required, "no address" + (" (required for a LocalBusiness)" if required is bad else ": it says nothing of where the clinic is"),
                 "add a PostalAddress with streetAddress, addressLocality, postalCode and addressCountry")
        for key in ("aggregateRating", "review"):
            if key in node:
                flag(bad, f"{key} on your own business", f"remove {key}: Google does not show self-serving reviews", (key,))
        if "additionalType" in node:
            flag(ok, "additionalType is not supported by Google", "remove it and list several types in @type instead", ("additionalType",))
        level, why = _name_problems(name, cities, clinic.names)
        if level:
            flag(bad if level == "bad" else ok, "name looks keyword-stuffed", why, (name,))
        tel = first_text(node.get("telephone"))
        if not tel:
            phone = _page_phone(doc, calling_code)
            flag(ok, "no telephone", f"add telephone {phone}" if phone else "add the clinic's number with its country code")
        elif not tel.strip().startswith("+"):
            example = f"+{calling_code} {tel.strip().lstrip('0')}" if calling_code else f"+[country code] {tel.strip().lstrip('0')}"
            flag(ok, f"telephone '{tel}' has no country code", f"write it as {example}")
        if not node.get("url"):
            flag(ok, "no url", "add the clinic's home page as url")
        geo = node.get("geo")
        if isinstance(geo, dict):
            lat, lon = geo.get("latitude"), geo.get("longitude")
            if lat is None or lon is None or min(_decimals(lat), _decimals(lon)) < opts.min_geo_decimals:
                flag(ok, f"geo {lat}, {lon} has fewer than {opts.min_geo_decimals} decimals", f"give latitude and longitude {opts.min_geo_decimals} decimals, from the clinic's pin in Google Maps")
        else:
            flag(ok, "no geo coordinates", f"add geo with latitude and longitude to {opts.min_geo_decimals} decimals, from the clinic's pin in Google Maps")
        if not (node.get("openingHoursSpecification") or node.get("openingHours")):
            flag(ok, "no opening hours", "add openingHoursSpecification with each day's hours")
        price = first_text(node.get("priceRange"))
        if price and len(price) >= opts.max_price_range:
            flag(ok, f"priceRange has {len(price)} characters", f"shorten it to under {opts.max_price_range} characters ('$$' or '$80-$120')")
    threshold = "specific type, name+address, recommended properties, no self-ratings"
    value = "/".join(sorted(types_of(nodes[0])))
    # every problem with its fix, errors first: the page's own gaps, not a list of everything
    # clinic markup can get wrong (a page without aggregateRating was told to remove it)
    said = _problems_in_words(bad + ok)
    if bad:
        return Outcome("bad", value=value, message=f"{T.plural(len(bad), 'error')} and {T.plural(len(ok), 'warning')} in the clinic markup: {said}.", evidence=tuple(bad + ok), threshold=threshold)
    if ok:
        return Outcome("ok", value=value, message=f"{T.plural(len(ok), 'warning')} in the clinic markup: {said}.", evidence=tuple(ok), threshold=threshold)
    return Outcome("good", value=value, message=f"{value} markup is complete.", threshold=threshold)


#: what each missing Article field should hold, for the message
_ARTICLE_FIELD_HINTS = {
    "headline": "the post's title", "author": "a Person with name and url", "datePublished": "the publication date shown on the page",
    "dateModified": "the last update's date", "image": "the URL of the post's main image", "author.url": "the author's bio page",
}
_NAME_PREFIX_RE = re.compile(r"^(?:Dr[ea]?\.?|Doctor|Docteure?|Doctora)\s+")


def _author_name_note(name: str, practitioner: str, title_barred: bool = False) -> str:
    """How to split "Dr. Maria Alvarez, DDS" into schema.org Person fields: this name's own
    title and credentials, and the page's profession as jobTitle (not another clinic's example).
    ``title_barred``: CL012 finds the name's "Dr." a title the profession may not use, so the
    advice drops it instead of moving it to honorificPrefix."""
    prefix = m.group(0).strip() if (m := _NAME_PREFIX_RE.match(name)) else ""
    rest = name[len(m.group(0)):] if m else name
    bare, _, after = rest.partition(",")
    credentials = [c.strip() for c in after.split(",") if c.strip()]
    if not after:  # "Sam Park PT": the credential written without a comma
        found = has_credential(rest)
        if found and rest.endswith(found):
            bare, credentials = rest[: -len(found)].strip(), [found]
    title = ([f"no '{prefix}' (CL012: not a title this profession may use)"] if title_barred else
             [f"'{prefix}' in honorificPrefix"]) if prefix else []
    parts = [f"'{bare.strip()}' in name"] + title + (
        [f"'{', '.join(credentials)}' in honorificSuffix"] if credentials else []) + (
        [f"'{practitioner[:1].upper() + practitioner[1:]}' in jobTitle"] if practitioner else [])
    return f"author.name '{name}' holds a title or credential: put {', '.join(parts[:-1])} and {parts[-1]}" if len(parts) > 1 else \
        f"author.name '{name}' holds a title or credential: keep the name only"


def _page_practitioner(doc, ctx) -> str:
    """The profession of the page's treatment ("physiotherapist", "physiothérapeute"), ""
    when the page names none (the rules' default "practitioner" says nothing)."""
    found = page_treatment(doc, ctx) if ctx is not None else None
    return found.practitioner if found is not None and found.id != "default" and found.practitioner != "practitioner" else ""


@check(
    code="LB004",
    name="article-schema",
    category="clinic",
    posts_only=True,  # Article markup is a post's: a home, listing or contact page without it lacks nothing
    title="The post's Article markup names author, dates and headline",
    fail_title="The post's Article markup is missing or incomplete",
    why="Article, BlogPosting or MedicalWebPage markup tells Google who wrote the post and when, which matters for health content and for the date shown in results.",
    source="Google Article structured data (recommended author, author.name, author.url, datePublished, dateModified, headline, image; 'only the name in author.name'); schema.org MedicalWebPage",
    fix="Add what the message names to the post's BlogPosting (or Article, MedicalWebPage) JSON-LD, or the whole node when the page has none: headline, image, datePublished, dateModified and author {\"@type\": \"Person\", \"name\": \"[the author's name only]\", \"url\": \"[their bio page]\", \"jobTitle\": \"[their profession]\"}, with 'Dr.' in honorificPrefix and credentials in honorificSuffix.",
)
def article_schema(doc, opts, ctx) -> Outcome:
    """An Article/BlogPosting/NewsArticle/MedicalWebPage JSON-LD node with
    ``headline``, ``author`` (a Person with ``name`` and ``url``; only the name in
    ``author.name``), ``datePublished``, ``dateModified`` and ``image``.

    Good: all present. OK: no such node, or some missing, or a credential/title inside
    ``author.name`` (Google asks for the name only; "Dr." goes in ``honorificPrefix``,
    credentials in ``honorificSuffix``). Not
    applicable to Markdown and text drafts without markup: the site's theme writes it.

    Passes: the BlogPosting of the bundled HTML sample with author.url added.
    Fails: a page without Article markup (OK).
    """
    nodes = article_nodes(doc)
    threshold = "headline, author (name, url), datePublished, dateModified, image"
    if not nodes and doc.kind in DRAFT_KINDS:
        # a draft holds no JSON-LD: the site's theme or SEO plugin writes it on publishing
        return Outcome.na("Markdown and text drafts carry no JSON-LD: once published, audit the post's URL to check its BlogPosting markup.")
    if not nodes:
        return Outcome("ok", value=None, message="No Article, BlogPosting or MedicalWebPage markup.", threshold=threshold)
    node = nodes[0]
    missing = [k for k in ("headline", "author", "datePublished", "dateModified", "image") if not node.get(k)]
    notes = []
    author = node.get("author")
    first = author[0] if isinstance(author, list) and author else author
    if isinstance(first, dict):
        name = first_text(first.get("name"))
        if not first.get("url"):
            missing.append("author.url")
        if name and (re.search(r",|\b(?:Dr|R\.?\s?Ac|RMT|PT|DC|DDS|PhD|MD)\b\.?", name)):
            # schema.org Person: "Dr." is an honorificPrefix, "DDS" an honorificSuffix, a role a jobTitle
            from .claims import unauthorised_titles  # the claim checks import this module's neighbours

            barred = ctx is not None and any(t in name for t in unauthorised_titles(doc, ctx))
            notes.append(_author_name_note(name, "" if first_text(first.get("jobTitle")) else _page_practitioner(doc, ctx),
                                           barred))
    elif isinstance(first, str) and first:
        notes.append("author is a plain string; use a Person with name and url")
    headline = first_text(node.get("headline"))
    if headline and len(headline) > 110:
        notes.append(f"headline has {len(headline)} characters (keep it concise)")
    label = "/".join(sorted(types_of(node)))
    ev = [Evidence("element", f"{label}: missing {k}", verdict="missing") for k in missing]
    ev += [Evidence("element", n, verdict="warning") for n in notes]
    if missing or notes:
        # exactly what to add to the markup the page has ("add image: the URL of ..."), not "Add BlogPosting JSON-LD"
        add = ", ".join(f"{k} ({_ARTICLE_FIELD_HINTS[k]})" for k in missing)
        said = "; ".join(([f"{label} markup is missing {', '.join(missing)}: add {add} to it"] if missing else []) + notes)
        return Outcome("ok", value=label, message=said[:1].upper() + said[1:] + ".", evidence=tuple(ev), threshold=threshold)
    return Outcome("good", value=label, message=f"{label} markup has headline, author, dates and image.", threshold=threshold)


@check(
    code="LB005",
    name="city-vs-clinic",
    category="clinic",
    title="The post targets the city the clinic is in",
    fail_title="The post targets a city the clinic is not in",
    why="A post aimed at a city where the clinic has no address funnels searchers elsewhere: Google's doorway policy names pages targeted at regions or cities that funnel users to one place.",
    source="Google spam policies, doorway abuse ('pages targeted at specific regions or cities that funnel users to one page'); Google local ranking (relevance, distance, prominence)",
    fix="Target a city where the clinic has a location. If it has one in the city the post targets, add that location to the config's [[locations]] (address and phone) so the checks know it.",
)
def city_vs_clinic(doc, opts, ctx) -> Outcome:
    """The configured target city (``city``) against the clinic's cities: those of the
    configured locations (``clinic_address`` and each ``[[locations]]`` entry: its
    ``city``, else the city its address names), or without any, the JSON-LD
    ``address.addressLocality`` of the clinic. A configuration wins over the markup, as
    in LB002: markup naming a city where no location is configured is LB002's error, not
    the clinic's city.

    Good: the target city is the clinic's city (or one of its locations'). OK: it is
    not. Not judged without a target city or a known clinic address.

    Passes: city Edmonton, clinic at "..., Edmonton, AB"; city Oakville, with a location
    in Oakville among three. Fails: city Calgary, clinic in Edmonton.
    """
    targets = list(ctx.cities) if ctx is not None else []
    if not targets:
        return Outcome.na("No target city configured.")
    located = [loc for loc in clinic_of(ctx).all_locations if loc.address or loc.city]
    marked = clinic_cities(doc)  # the page's markup only: no ctx, so no configured city among them
    # (what to name, what a target city is looked for in, the address to quote)
    homes = ([(_location_label(loc), f"{loc.town} {loc.address}", configured_street(loc.address)) for loc in located] if located
             else [(city, city, "") for city in dict.fromkeys(marked)])
    if not homes:
        return Outcome.na("The clinic's address is unknown (no JSON-LD address, no clinic_address or [[locations]]).")
    ev = [Evidence("element", loc.address or loc.city, verdict="clinic location", detail=_location_label(loc)) for loc in located] or [
        Evidence("element", label, verdict="clinic city") for label, _, _ in homes]
    if located:
        ev += [Evidence("element", city, verdict="json-ld city, not a configured location's (LB002)")
               for city in dict.fromkeys(marked) if not any(_names_city(city, text) for _, text, _ in homes)]
    threshold = "target city = clinic city"
    for city in targets:
        home = next((h for h in homes if _names_city(city, h[1])), None)
        if home is not None:
            where = "where the clinic is" + (f" (its location at {home[2]})" if len(homes) > 1 and home[2] else "")
            return Outcome("good", value=city, message=f"The post targets {city}, {where}.", evidence=tuple(ev), threshold=threshold)
    labels = list(dict.fromkeys(label for label, _, _ in homes))
    where = f"the clinic is in {labels[0]}" if len(labels) == 1 else f"the clinic's locations are in {T.and_list(labels)}"
    return Outcome("ok", value=targets[0], message=f"The post targets {targets[0]}, but {where}.", evidence=tuple(ev), threshold=threshold)


def _names_city(city: str, text: str) -> bool:
    """Does ``text`` (a location's city and address) name ``city`` ("Oakville", "St. Albert";
    "Oakville, ON" by its name)?"""
    name = city.partition(",")[0].strip().lower()
    return bool(name) and bool(re.search(r"\b" + re.escape(name) + r"\b", text.lower()))


CHECKS = (nap_phone, nap_address, clinic_schema, article_schema, city_vs_clinic)
