"""Helpers shared by the clinic check families (trust, local business, conversion, claims).

Article nodes (over ``seoaudit/jsonld.py``), date parsing, host matching and the treatment a
page is about: small pure functions over the Document, so each check module stays a list of
checks.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any, Iterable, Iterator
from urllib.parse import urlsplit

from ..claims import RuleSet, Treatment, load_rules, named_treatment, rules_for_page
from ..jsonld import doc_jsonld_nodes, types_of
from ..profiles import clinic_data, clinic_of
from .. import text as T
from ..regex_prefilter import fold_text

ARTICLE_TYPES = frozenset(("Article", "BlogPosting", "NewsArticle", "MedicalWebPage", "WebPage", "MedicalScholarlyArticle", "ScholarlyArticle", "Report"))


def article_nodes(doc) -> list[dict]:
    """Article-like JSON-LD nodes (Article, BlogPosting, MedicalWebPage...), most specific first."""

    def compute(d) -> tuple[dict, ...]:
        nodes = [n for n in doc_jsonld_nodes(d) if types_of(n) & ARTICLE_TYPES]
        return tuple(sorted(nodes, key=lambda n: "WebPage" in types_of(n) and len(types_of(n)) == 1))

    return list(doc.derived(("clinic_common.article_nodes",), compute))


def first_text(value: Any) -> str:
    """A JSON-LD value as text: a string, the first of a list, or an object's name."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        return next((t for t in (first_text(v) for v in value) if t), "")
    if isinstance(value, dict):
        return first_text(value.get("name") or value.get("@id") or "")
    return ""


_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MONTH_RE = T.ENGLISH_MONTH_RE
# "2024-03-12T09:00" too. "Not after a digit" is written as a look-behind after the
# year ((?<!\d{5}): the char before the four digits is no digit), which says the same
# as a leading (?<!\d) but lets the search skip straight to digits.
_ISO_RE = re.compile(r"(\d{4})(?<!\d{5})-(\d{2})-(\d{2})(?!\d)")
_MDY_RE = re.compile(_MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)
# The day-first patterns below start the same way: "a day of one or two digits, not after a
# word character" is written as (\d(?<!\w\d)\d?) rather than \b(\d{1,2}), and "not after a digit,
# slash or dot" as (\d(?<![\d/.]\d)\d?): a pattern that starts with a digit lets re skip
# straight to the digits of a page's text, where one starting with \b or a look-behind is tried
# at every position (three to six times slower on a page's text).
_DMY_RE = re.compile(r"(\d(?<!\w\d)\d?)(?:st|nd|rd|th)?\s+" + _MONTH_RE + r",?\s+(\d{4})\b", re.I)
# French and Spanish dates, day first: "15 septembre 2025", "1er mars 2024", "15 de septiembre de 2025"
_FOREIGN_MONTHS = T.FOREIGN_MONTHS
_FOREIGN_DMY_RE = re.compile(
    r"(\d(?<!\w\d)\d?)(?:er|º|°)?\s+(?:de\s+)?(" + "|".join(sorted(_FOREIGN_MONTHS, key=len, reverse=True)) + r")\s+(?:de\s+|del\s+)?(\d{4})\b", re.I)


def parse_date(text: str) -> date | None:
    """The first date in ``text``: ISO 8601 ("2024-03-12T09:00-06:00"), "March 12, 2024",
    "12 March 2024", or French and Spanish ("12 mars 2024", "12 de marzo de 2024"). The
    calendar date as written (time zones ignored)."""
    if not text:
        return None
    for regex, order in ((_ISO_RE, "ymd"), (_MDY_RE, "mdy"), (_DMY_RE, "dmy"), (_FOREIGN_DMY_RE, "dmy-foreign")):
        m = regex.search(text)
        if not m:
            continue
        g = m.groups()
        try:
            if order == "ymd":
                return date(int(g[0]), int(g[1]), int(g[2]))
            if order == "mdy":
                return date(int(g[2]), _MONTHS[fold_text(g[0][:3])], int(g[1]))
            if order == "dmy-foreign":
                return date(int(g[2]), _FOREIGN_MONTHS[g[1].lower()], int(g[0]))
            return date(int(g[2]), _MONTHS[fold_text(g[1][:3])], int(g[0]))
        except ValueError:
            return None
    return None


_MONTH_PREFIXES = tuple(_MONTHS)
_MONTH_PREFIX_RE = re.compile("|".join(_MONTH_PREFIXES))  # on fold_text(text): case-sensitive, fast


def _mdy_matches(text: str) -> Iterator[re.Match]:
    """``_MDY_RE.finditer(text)``, trying the regex only where a month name starts.

    A match starts with a month's first three letters, which fold_text (same length
    as ``text`` unless it held a character that lower-cases to two) turns into a
    lower-case prefix at the same position; and the pattern looks at nothing before
    its start. Trying the candidates left to right, from the end of the last match,
    gives finditer's leftmost, non-overlapping matches.
    """
    folded = fold_text(text)
    if len(folded) != len(text):
        yield from _MDY_RE.finditer(text)
        return
    starts = []
    for m in _MONTH_PREFIX_RE.finditer(folded):
        starts.append(m.start())
        # finditer does not report overlapping prefixes ("janov": "jan", then "nov")
        for back in (2, 1):
            if folded[m.end() - back : m.end() - back + 3] in _MONTHS:
                starts.append(m.end() - back)
    pos = 0
    for start in starts:
        if start < pos:
            continue
        m = _MDY_RE.match(text, start)
        if m:
            yield m
            pos = m.end()


# "04/03/2026", "18.09.2026": numbers, read in the order the page's language and region write them
_NUMERIC_DATE_RE = re.compile(r"(\d(?<![\d/.]\d)\d?)[/.](\d{1,2})[/.](\d{4})(?![\d/.])")  # digit first: see _DMY_RE

#: how numeric dates are ordered: "dmy" (French, Spanish, British English...), "mdy" (US
#: English), or "either" (English without a region, or Canadian English, where both are
#: written): then only a date that fits one reading is read ("25/12/2025", "12/25/2025")
NUMERIC_ORDERS = ("dmy", "mdy", "either")


def _read(matches):
    """(start, date or None, words) of regex matches of written dates."""
    for m in matches:
        yield m.start(), parse_date(m.group(0)), m.group(0)


def _numeric_readings(m: re.Match) -> tuple[date | None, date | None]:
    """(day-first, month-first) readings of a numeric date; None where one is impossible."""
    first, second, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    readings = []
    for month, day in ((second, first), (first, second)):
        try:
            readings.append(date(year, month, day))
        except ValueError:  # 31/02, 12/25 read day first: not a date
            readings.append(None)
    return readings[0], readings[1]


def _numeric_dates(text: str, order: str):
    for m in _NUMERIC_DATE_RE.finditer(text):
        day_first, month_first = _numeric_readings(m)
        if order == "dmy":
            d = day_first
        elif order == "mdy":
            d = month_first
        else:  # either order: a date only when the readings agree or one of them is impossible
            d = day_first if month_first is None or day_first == month_first else (month_first if day_first is None else None)
        yield m.start(), d, m.group(0)


def ambiguous_numeric_dates(text: str) -> list[str]:
    """Numeric dates that read as two different days ("04/03/2026": 4 March or April 3)."""
    out = []
    for m in _NUMERIC_DATE_RE.finditer(text):
        day_first, month_first = _numeric_readings(m)
        if day_first and month_first and day_first != month_first:
            out.append(m.group(0))
    return out


def _candidates(text: str, numeric: str):
    """One stream of (start, date or None, words) per way of writing a date, each in order."""
    return [_read(_ISO_RE.finditer(text)), _read(_mdy_matches(text)), _read(_DMY_RE.finditer(text)),
            _read(_FOREIGN_DMY_RE.finditer(text)), _numeric_dates(text, numeric)]


def dates_in(text: str, numeric: str = "either") -> list[tuple[date, str]]:
    """Every date written in ``text`` with the words as written, in order. ``numeric``: how
    numeric dates are ordered (``NUMERIC_ORDERS``; "04/03/2026" is 4 March in "dmy")."""
    out = [(start, d, words) for stream in _candidates(text, numeric) for start, d, words in stream if d]
    return [(d, words) for _, d, words in sorted(out)]


def first_date_in(text: str, numeric: str = "either") -> tuple[date, str] | None:
    """``dates_in(text)[0]`` without finding every later date: each pattern's first
    valid date, and the earliest of those (a page's first date is usually near the top)."""
    best = None
    for stream in _candidates(text, numeric):
        for start, d, words in stream:
            if best is not None and start >= best[0]:
                break
            if d:
                best = (start, d, words)
                break
    return (best[1], best[2]) if best else None


def today_from(option: str) -> date:
    """``option`` as an ISO date (tests, reproducible runs), else today's date in UTC."""
    if option:
        d = parse_date(option)
        if d is None:
            raise ValueError(f"today: '{option}' is not an ISO date (YYYY-MM-DD)")
        return d
    return datetime.now(timezone.utc).date()


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def host_matches(host: str, suffixes: Iterable[str]) -> bool:
    """``host`` is one of ``suffixes`` or a subdomain of one ("www.nice.org.uk")."""
    host = host.lower().rstrip(".")
    for s in suffixes:
        s = s.lower().lstrip(".")
        if host == s or host.endswith("." + s):
            return True
    return False


# ---- the site's name in the title ---------------------------------------------------



def _name_key(text: str) -> str:
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def declared_site_names(doc) -> tuple[str, ...]:
    """The site's names as the page writes them: ``og:site_name``, the JSON-LD WebSite and
    business names (site intelligence keeps them per page: ``intel.pagetext``)."""
    names = {doc.meta.get("og:site_name") or ""}
    names |= {first_text(n.get("name")) for n in business_nodes(doc)}
    names |= {first_text(n.get("name")) for n in doc_jsonld_nodes(doc) if "WebSite" in types_of(n)}
    return tuple(sorted(n.strip() for n in names if n.strip()))


def site_names(doc, ctx=None) -> frozenset[str]:
    """The site's own names, normalised: those the page declares and the configured
    ``clinic_name`` and location names (from the check context)."""
    names = (*declared_site_names(doc), *clinic_of(ctx).names)
    return frozenset(k for k in (_name_key(n) for n in names if n) if k)


def title_without_brand(doc, ctx=None) -> str:
    """The title without the site's name themes add to it ("Physio for Sciatica |
    Kingsway Physio" -> "Physio for Sciatica"): repeated words in the brand are not
    the post repeating its keyphrase or city. The site's name is the one markup, config
    or the domain give, or a last part the footer or header repeats. The title as written
    when no first or last part is the site's name. Computed once per page (KW002, LC002 and
    the keyphrase suggestion ask)."""
    return doc.derived(("clinic_common.title_without_brand", clinic_of(ctx).names),
                       lambda d: _title_without_brand(d, ctx))


def _title_without_brand(doc, ctx) -> str:
    title = doc.title
    parts = T.TITLE_SEP_RE.split(title)
    if len(parts) < 2:
        return title
    names = site_names(doc, ctx)
    # the site's name is often its domain's ("Bowview Physio" on bowviewphysio.com) even
    # where no markup or config names it
    domains = {re.sub(r"[^a-z0-9]", "", h.split(".")[0]) for h in doc.site_hosts if "." in h}

    def is_brand(part: str) -> bool:
        key = _name_key(part)
        return key in names or (len(key) >= 4 and key.replace(" ", "") in domains)

    seps = list(T.TITLE_SEP_RE.finditer(title))
    if is_brand(parts[-1]) or _named_only_around_the_post(doc, parts[-1]):
        return title[: seps[-1].start()].strip()
    if is_brand(parts[0]):
        return title[seps[0].end():].strip()
    return title


def _name_count(key: str, text_key: str) -> int:
    return len(re.findall(rf"(?<!\S){re.escape(key)}(?!\S)", text_key))


def _named_only_around_the_post(doc, part: str) -> bool:
    """Whether a title's last part is a name the page's footer or header repeats ("Physio
    for Sciatica | Glebe Physio" above "Glebe Physio · 812 Bank Street"): the site's name
    where no markup or config says it. Short, and not one of the post's own headings (a
    breadcrumb repeats the post's title outside the main content too)."""
    key = _name_key(part)
    if not key or len(key.split()) > 4:
        return False
    headings = {_name_key(b.text) for b in doc.blocks if b.is_heading}
    if key in headings:
        return False
    page_key = doc.derived("clinic_common.page_text_key", lambda d: _name_key(d.page_text))
    main_key = doc.derived("clinic_common.main_text_key", lambda d: _name_key(d.text))
    return _name_count(key, page_key) > _name_count(key, main_key)


def folded_page_text(doc) -> str:
    """``fold_text(doc.page_text)``, once per page: the literal prefilters of the regexes
    that scan the whole page (review line, update mark) test it before the regex runs."""
    return doc.derived(("clinic_common.folded_page_text",), lambda d: fold_text(d.page_text))


def words_for_page(doc, key: str):
    """The ``data/claims/clinic.toml`` list ``key`` in the page's language: the top-level
    (English) one for an English page, ``[languages.<code>]``'s for another; None when
    that language has none (the check then says it cannot read the page)."""
    from ..language import page_language

    language = page_language(doc)[0]
    data = clinic_data()
    if language == "en":
        return data.get(key)
    return data.get("languages", {}).get(language, {}).get(key)


def word_list_languages() -> tuple[str, ...]:
    """The languages ``data/claims/clinic.toml`` has word lists for: English and its ``[languages.*]``."""
    return ("en", *clinic_data().get("languages", {}))


def no_words_message(doc) -> str | None:
    """``language.not_read`` for the checks that read ``clinic.toml``'s word lists."""
    from ..language import not_read

    return not_read(doc, word_list_languages())


def business_nodes(doc) -> list[dict]:
    """JSON-LD nodes that describe the clinic itself (LocalBusiness subtypes,
    Organization, and Physician used as the business)."""
    data = clinic_data()
    wanted = {*data["specific_business_types"], *data["generic_business_types"], *data["not_local_business"]}
    return [n for n in doc_jsonld_nodes(doc) if types_of(n) & wanted]


def clinic_cities(doc, ctx=None) -> list[str]:
    """The clinic's cities: the ``address.addressLocality`` of each JSON-LD node describing
    it, in page order (computed once per page), then those of the configured locations
    (``ClinicInfo.cities``; from ``ctx``) the markup does not name. LB003, the local checks
    and the keyphrase suggestion read it."""

    def compute(d) -> list[str]:
        homes: list[str] = []
        for node in business_nodes(d):
            addr = node.get("address")
            for a in addr if isinstance(addr, list) else [addr]:
                if isinstance(a, dict) and first_text(a.get("addressLocality")):
                    homes.append(first_text(a.get("addressLocality")))
        return homes

    homes = list(doc.derived(("clinic_common.clinic_cities",), compute))
    named = {h.casefold() for h in homes}
    return homes + [c for c in clinic_of(ctx).cities if c.casefold() not in named]


def page_treatment(doc, ctx, rules: RuleSet | None = None) -> Treatment | None:
    """The treatment the page is about, as ``rules`` names it; None when nothing names one.

    The first one the keyphrases name, else the H1s, else the title (the page's own topic,
    which a multi-service clinic's posts vary), else the clinic's profession
    (``clinic_profession``, or the profile's). ``rules`` are the claim rules whose words
    and names count (a claim check's ``rules_file``); by default the bundled rules of the
    page's language, else the English ones. The one decision behind the claim checks'
    safer wordings and the fix examples (``treatment_in_english``), computed once per
    page and rule set.
    """
    rules = rules or rules_for_page(doc) or load_rules()
    keyphrases = tuple(k.text for k in ctx.keyphrases)
    profession = clinic_of(ctx).profession

    def compute(d) -> Treatment | None:
        return next(filter(None, (named_treatment(rules, text) for text in (*keyphrases, *d.h1s, d.title, profession))), None)

    return doc.derived(("clinic_common.page_treatment", rules, keyphrases, profession), compute)


def treatment_in_english(doc, ctx) -> str:
    """``page_treatment`` as the English claim rules name it ("massage therapy", on a French
    page about massothérapie too): what the fix examples, written in English, call the
    service the page is about (``PageReport.treatment``). "" when nothing names one, or
    only a treatment the English rules have no entry for."""
    found = page_treatment(doc, ctx)
    english = load_rules().treatments.get(found.id) if found else None
    return english.name if english else ""
