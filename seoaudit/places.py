"""Offline place-name detection: the gazetteer, the token scanner and the target city.

The gazetteer (``data/places.tsv.gz``, built by ``tools/build_gazetteer.py`` from
GeoNames) is loaded once, on first use, into a dict keyed by a name's token tuple.
Scanning a text is one linear pass over its capitalised words with dict look-ups (no
regular expression per place): at each one, take the longest name that starts there
(``Richmond Hill`` before ``Richmond``), then decide with a few context rules whether
the hit is a place or an ordinary word ("Mobile acupuncture" vs "in Mobile, AL").

Page-level context the scan also reports: words used as surnames ("Martin Taylor",
"Dr. Lee"), so a page can drop "in Taylor's case" later on (``find_places(people=)``).

Matching is case-sensitive on purpose: "hope", "reading" and "mobile" in lower case
are never places. Names are compared after folding diacritics (Montréal = Montreal),
dropping a possessive ("Edmonton's") and reading St./St/Saint, Ste./Sainte, Mt./Mount
and Ft./Fort as the same word.
"""

from __future__ import annotations

import gzip
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from importlib import resources
from typing import NamedTuple

# A word: letters with inner apostrophes ("Edmonton's", "d'Alene"). Digits never
# belong to a place name, and hyphens split words ("Winston-Salem" = "Winston Salem").
_WORD = r"[^\W\d_]+(?:['’][^\W\d_]+)*"
_TOKEN_RE = re.compile(_WORD)
# Where a scan can start: a word beginning with a capital (or a non-ASCII letter,
# checked with str.isupper), not in the middle of a word. Lower-case words are never
# the first word of a place, so the scanner never looks at most of the text.
_CAPITAL_RE = re.compile(r"(?<![\w'’])[^\W\d_a-z]" + r"[^\W\d_]*(?:['’][^\W\d_]+)*")
# an apostrophe before a capital: after a French elision ("d'Ottawa", "l'Alberta",
# "jusqu'à Québec") the name is a word of its own, unlike the tail of "O'Brien"
_APOSTROPHE_CAPITAL_RE = re.compile(r"['’](?=[^\W\d_a-z])")
_ELIDED = ("d", "l", "qu", "jusqu", "D", "L")


def _split_elisions(text: str) -> str:
    """``text`` with the apostrophe of "d'Ottawa" (and l', qu', jusqu') as a space: the same
    length, so offsets still point into the original text."""
    keep = []
    for m in _APOSTROPHE_CAPITAL_RE.finditer(text):
        i = j = m.start()
        while j > 0 and text[j - 1].isalpha():
            j -= 1
        if text[j:i] in _ELIDED:
            keep.append(i)
    if not keep:
        return text
    chars = list(text)
    for i in keep:
        chars[i] = " "
    return "".join(chars)
_NEXT_RE = re.compile(r"(\W{0,4}?)(" + _WORD + ")")
_PREV_RE = re.compile("(" + _WORD + r")(\W{0,4})\Z")

# Abbreviations read as the full word, so "St. Albert" = "St Albert" = "Saint Albert".
_ABBREVIATIONS = {"St": "Saint", "Ste": "Sainte", "Mt": "Mount", "Ft": "Fort", "ST": "SAINT", "MT": "MOUNT"}

# Words after which a common-word name is read as a place: "in Mobile", "near Hope".
LOCATIVES = frozenset(
    "in near from serving serve serves to of around outside across throughout visit visiting "
    "downtown nearby north south east west central greater within at".split()
)

# Single-word place names that are also ordinary English words, or common first names
# and surnames. They count only with context (a locative before, or a region after).
# domain.md §5.2 list first, then collisions found by scanning the real-page corpus
# (181 news and blog articles) and by intersecting common US/UK surnames and given
# names with the gazetteer's one-word names.
AMBIGUOUS_NAMES = frozenset(
    """
    Mobile Hope Reading Bath Nice Best Book Care Needles Needle Orange Union Split Normal
    Liberty Independence Buffalo Harmony Mission Energy Point Home May August Centre Comfort
    Sale Deal March Bury Ware Stone Street Wells Surprise Paradise Spring Enterprise Commerce
    Concord Temple Sandy Pearl Marina Garden Eagle Plantation Sunrise Victory Delta Metro
    Male Tours Lens Colon Van Mesa Vista Bay Apex Bend Sparks Revere Downtown Gore Grays
    Mercedes Santa Fort Grant Sterling Jupiter Hollywood Batman Hue Columbia Georgia Jordan
    Peru Lebanon Oliver Aurora Victoria Hamilton Clinton Jackson Lincoln Warren Marion Taylor
    Tyler Austin Madison Franklin Florence Charlotte Lawrence Eugene Irving Chandler Gary
    Norman Troy Carmel Murray Logan Milton Newton Chester Clayton Dalton Denton Regina Leo
    Mary Ann Eloy Sherman Bowie Tracy Bryan Allen Lewis Kyle Cary Casper Wayne Weston Gilbert
    Marshall Mason Maxwell Morgan Parker Preston Walker Watson Wilson Tucker Shelby Monroe
    Harrison Hudson Kendall Livingston Barry Nelson Darwin Everett Quincy Evans Kent
    Green University Brick Crystal Man Central Republic Alliance Mustang Paramount Toyota
    Golden Savage Pace Chelsea Savannah Elizabeth Ada Kita
    Addison Anderson Arnold Baldwin Barnes Bartlett Bell Bender Bentley Benton Boone Bradley
    Bryant Buckley Burke Burton Bush Caldwell Calhoun Campbell Carey Carson Clay Clifton
    Conway Davenport Davis Dickson Dixon Douglas Draper Dudley Duncan Dyer Ferguson Foley
    Frederick Gardner Garner George Graham Greer Griffin Griffith Hale Hammond Hampton Harvey
    Hayes Henderson Ho Hobbs Holland Holloway Holt Hoover Hopkins Howard Hurst Hutchinson
    Jefferson Johnston Keller Kennedy Lawson Leland Leon Lindsay Martinez Massey Matthews
    McKinney McLean Medina Mendoza Middleton Miranda Mitchell Montgomery Moore Moreno Morton
    Murphy Norton Palmer Patterson Perry Ramsey Randolph Richardson Rodriguez Rogers Rosario
    Roy Sanford Sanger Santana Santiago Santos Shaw Shelton Stafford Stanley Stanton Stuart
    Sutton Terrell Thornton Vaughan Vernon Vincent Wheaton Whitney Wright York
    """.split()
)

# Names that are first something else even after "in"/"on"/"to": months ("in March")
# and planets ("water on Jupiter"). They count only with a region after them
# ("March, Cambridgeshire", "Jupiter, FL"); a configured target city always counts.
REGION_ONLY_NAMES = frozenset("March May August Jupiter Mars Mercury Venus Saturn".split())

# Words after a place name that turn it into a street, building or team:
# "Calgary Trail" is a road in Edmonton, "Victoria Park" a park in many cities,
# "Los Angeles County" and "New York University" are not the city either.
FACILITY_WORDS = frozenset(
    """Street St Avenue Ave Road Rd Drive Dr Trail Tr Boulevard Blvd Way Lane Crescent Court
    Place Square Park Mall Centre Center Hospital Clinic University College School Airport
    Station Oilers Flames Canucks Maple Leafs Bay Hall Tower Highway Freeway Expressway
    Stampede Inc Ltd Corp Saint""".split()
)

# Words that end the name of a newspaper or magazine after a place: "The New York Times",
# "Toronto Star", "Edmonton Journal", "Sydney Morning Herald". A post that names the
# paper cites it; the place is not mentioned, not even when it is the target city.
MASTHEAD_WORDS = frozenset(
    """Times Star Sun Post Herald Journal Gazette Citizen Globe Tribune Chronicle Examiner
    Observer Guardian Telegraph Standard Press News Inquirer Enquirer Courant Register
    Dispatch Courier Sentinel Bee Record Spectator StarPhoenix Colonist Magazine Review
    Dealer Statesman""".split()
)
# Words that start a longer masthead but are none alone: "New York Daily News",
# "Winnipeg Free Press", "Regina Leader-Post", "Cleveland Plain Dealer".
_MASTHEAD_LEADS = frozenset("Daily Morning Evening Free Sunday Weekly Business Union Plain Leader Whig".split())

# Words that make "<word> of <place>" the name of a university, a newspaper or a bank in
# English, French and Spanish: "University of Toronto", "Université de Montréal", "Le Journal
# de Montréal", "Universidad de Barcelona", "Bank of Montreal". Clinics and hospitals are
# left out: "Clinique de Montréal" may be the clinic's own name in its own city.
INSTITUTION_WORDS = frozenset(
    """University Universite Universidad Universitat Universidade Journal Gazette Diario
    Periodico Heraldo Correo Bank Banque Banco""".split()
)  # as words are compared: without accents ("Université" is "Universite")
_INSTITUTION_LINKS = frozenset("of de du d del".split())  # "d" is "d'" once elisions are split

# Natural features and areas after a name, in any case: "North Saskatchewan river",
# "Orange County", "York Region", "Vancouver Island".
_AREA_WORDS = frozenset("River Valley County Region Lake Creek Island Islands Mountain Mountains Harbour Harbor".split())

# First words of longer names: "Fort Saskatchewan" or "Port Moody" missing from the
# gazetteer must not be read as "Saskatchewan" or "Moody".
_NAME_PREFIXES = frozenset("Fort Port Mount Saint Sainte Lake Cape Point Upper Lower Little Old New Grand Great".split())

# Words before a name that make it a street, a station or a park in French and Spanish,
# where the kind comes first ("rue Saint-Denis", "métro Rosemont", "calle Miami"); English
# puts it after the name ("Main Street": FACILITY_WORDS)
STREET_WORDS_BEFORE = frozenset(
    "rue boulevard boul bd avenue av chemin ch place pont parc métro metro station autoroute route rang côte montée "
    "calle avenida avda paseo plaza carrera calzada camino parque estación".split())

# Titles before a person's name: "Dr. Austin", "Mrs Florence".
HONORIFICS = frozenset("Dr Mr Mrs Ms Miss Prof Sir Dame Lady Lord Rev Saint".split())
# The ones that make the next word a surname for the rest of the page ("Saint" does not:
# "Saint X" is a place or a church).
_PERSON_TITLES = HONORIFICS - {"Saint"}

# Abbreviations whose dot neither ends a sentence nor breaks a name ("St. Albert").
_DOTTED = frozenset("Saint Sainte Mount Fort SAINT MOUNT Dr Mr Mrs Ms Prof Rev".split())

# Capitalised words that may stand right before a place in running text or Title Case
# headings without making it part of a longer proper noun ("Acupuncture In Calgary").
_TITLE_CASE_SMALL = frozenset(
    "The A An And Or For To Of In On At By With From Near Your Our Is Are Vs Versus".split()
)

# Region codes a city is followed by: "Mobile, AL", "Edmonton AB", come from the
# gazetteer's region rows. Countries written after a city, and the country each names:
# "London, UK", "London (England)", "Perth, Australia"; "U.K." and "U.S." are read as "UK", "US".
COUNTRY_WORDS = {
    "UK": "GB", "GB": "GB", "Britain": "GB", "England": "GB", "Scotland": "GB", "Wales": "GB",
    "US": "US", "USA": "US", "America": "US", "Canada": "CA", "Australia": "AU", "Ireland": "IE", "NZ": "NZ",
}
# initials with dots after a name: "Washington, D.C.", "London, U.K."
_INITIALS_RE = re.compile(r"([A-Z])\.([A-Z])\.?")

_SENTENCE_BREAK = frozenset(".!?:;\n•|")


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    name: str  # the main GeoNames name ("Montréal", "St. Albert")
    country: str  # ISO 3166 alpha-2
    admin1: str  # province/state code where known ("AB", "VA"), else GeoNames' code
    population: int
    kind: str  # "city" or "region"
    part_of: str = ""  # the larger city it lies in ("Calgary" for Beltline), from GeoNames' divisions

    @property
    def label(self) -> str:
        """Display label with its region: "Richmond (CA-BC)"."""
        return f"{self.name} ({self.country}-{self.admin1})" if self.admin1 else f"{self.name} ({self.country})"


@dataclass(frozen=True)
class PlaceMatch:
    """A place name found in a text, with its character span and best gazetteer entry."""

    name: str  # the canonical name (main GeoNames name, or the target city as configured)
    start: int
    end: int  # text[start:end] is the surface form without a possessive "'s"
    surface: str
    place: Place | None  # None for a configured alias that is not in the gazetteer
    candidates: int = 1  # how many gazetteer entries share the name (homonyms)
    target: bool = False  # the configured target city or one of its aliases
    key: tuple[str, ...] = ()  # the matched words, folded ("Taylor",)
    pinned: bool = False  # a province or state is written after it ("Taylor, MI")
    district: bool = False  # part of the target city (Beltline for Calgary), not another city

    @property
    def kind(self) -> str:
        """"city", "region", or "district" (a part of the target city)."""
        if self.district:
            return "district"
        return self.place.kind if self.place else "city"


class Scan(NamedTuple):
    """One text's scan: the places, and the one-word names it uses as surnames."""

    matches: tuple[PlaceMatch, ...]
    surnames: frozenset  # keys after a given name or a title: "Martin Taylor", "Dr. Lee"


@dataclass(frozen=True)
class Gazetteer:
    names: dict  # token tuple -> tuple[Place, ...] (most populous first)
    first: dict  # first token -> longest name length starting with it (district names too)
    region_codes: frozenset  # "AB", "VA", "NSW": what may follow a city after a comma
    region_names: frozenset  # "Alberta", "Virginia"
    regions: dict  # (country, admin1) -> the region's name: ("CA", "AB") -> "Alberta"
    # token tuple -> districts read only in posts for their own city ("Rosemont" for Montréal),
    # from data/place_districts.tsv
    district_names: dict = field(default_factory=dict)

    def lookup(self, key: tuple[str, ...]) -> tuple[Place, ...]:
        return self.names.get(key, ())


# ---------------------------------------------------------------------------------
# Words


@dataclass(frozen=True)
class _Word:
    key: str  # folded, possessive dropped, abbreviation expanded
    start: int
    end: int  # end of the surface form without a possessive
    raw_end: int
    gap: str  # the characters between the previous word and this one (next-word lookups)
    possessive: bool


def fold(word: str) -> str:
    """Strip diacritics: "Montréal" -> "Montreal", "Wîhkwêntôwin" -> "Wihkwentowin"."""
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _key_of(word: str) -> tuple[str, int]:
    """A word's matching key and how many trailing characters are a possessive."""
    cut = 0
    if len(word) > 2 and word[-2] in "'’" and word[-1] in "sS":
        word, cut = word[:-2], 2
    word = fold(word)
    return _ABBREVIATIONS.get(word, word), cut


def name_key(name: str) -> tuple[str, ...]:
    """The token tuple a place name is indexed under."""
    return tuple(_key_of(w)[0] for w in _TOKEN_RE.findall(name))


def _strip_abbreviation_dot(gap: str, prev_key: str) -> str:
    return gap[1:] if gap.startswith(".") and prev_key in _DOTTED else gap


def _glued(gap: str, prev_key: str) -> bool:
    """Two words belong to one name only across spaces or a hyphen ("St. Albert" too)."""
    gap = _strip_abbreviation_dot(gap, prev_key)
    return len(gap) <= 3 and all(c in " -\u00a0" for c in gap)


def _breaks_sentence(gap: str, prev_key: str) -> bool:
    return any(c in _SENTENCE_BREAK for c in _strip_abbreviation_dot(gap, prev_key))


def _word_at(m: re.Match, gap: str) -> _Word:
    key, cut = _key_of(m.group(2) if m.lastindex == 2 else m.group())
    start = m.start(m.lastindex or 0)
    end = m.end(m.lastindex or 0)
    return _Word(key, start, end - cut, end, gap, bool(cut))


def _next_word(text: str, pos: int) -> _Word | None:
    m = _NEXT_RE.match(text, pos)
    return _word_at(m, m.group(1)) if m else None


def _word_before(text: str, pos: int) -> _Word | None:
    lo = max(0, pos - 60)
    m = _PREV_RE.search(text, lo, pos)
    if m is None:
        return None
    key, cut = _key_of(m.group(1))
    return _Word(key, m.start(1), m.end(1) - cut, m.end(1), "", bool(cut))


# ---------------------------------------------------------------------------------
# Loading


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Load ``data/places.tsv.gz`` and ``data/place_districts.tsv`` once (about 50 ms);
    later calls reuse it."""
    raw = resources.files("seoaudit").joinpath("data/places.tsv.gz").read_bytes()
    lines = gzip.decompress(raw).decode("utf-8").split("\n")
    rows = district_rows()
    links = {(r.name, r.country, r.admin1): r.part_of for r in rows if not r.of}  # GeoNames entries a city's own
    places: dict[str, Place] = {}
    by_key: dict[tuple[str, ...], list[Place]] = {}
    region_codes, region_names = set(), set()
    regions: dict[tuple[str, str], str] = {}
    for line in lines[1:]:
        if not line:
            continue
        name, country, admin1, pop, kind, of, part_of = line.split("\t")
        main = of or name
        ident = f"{main}\t{country}\t{admin1}\t{kind}"
        place = places.get(ident)
        if place is None:
            if not part_of and kind == "city":
                part_of = links.get((main, country, admin1), "")
            place = places[ident] = Place(main, country, admin1, int(pop), kind, part_of)
        by_key.setdefault(name_key(name), []).append(place)
        if kind == "region":
            region_codes.add(admin1)
            region_names.add(name)
            regions.setdefault((country, admin1), main)
    by_district_key: dict[tuple[str, ...], list[Place]] = {}
    for r in rows:
        entry = places.get(f"{r.of or r.name}\t{r.country}\t{r.admin1}\tcity")
        if r.of and entry is not None:  # another name of a GeoNames entry: "Rosemont"
            by_district_key.setdefault(name_key(r.name), []).append(replace(entry, part_of=r.part_of))
        elif entry is None and not r.of:  # a name GeoNames lacks: "Leslieville"
            by_district_key.setdefault(name_key(r.name), []).append(Place(r.name, r.country, r.admin1, 0, "city", r.part_of))
    names, first = _index(by_key, {})
    district_names, first = _index(by_district_key, first)
    return Gazetteer(names, first, frozenset(region_codes), frozenset(region_names), regions, district_names)


def _index(by_key: dict, first: dict) -> tuple[dict, dict]:
    """Names -> their places, most populous first; and the longest name per first word."""
    names = {}
    for key, plist in by_key.items():
        if not key:
            continue
        unique = sorted(set(plist), key=lambda p: (p.kind != "city", -p.population, p.country, p.admin1))
        names[key] = tuple(unique)
        first[key[0]] = max(first.get(key[0], 0), len(key))
    return names, first


class DistrictRow(NamedTuple):
    """One row of ``data/place_districts.tsv``."""

    name: str  # as written: "Rosemont", "Leslieville"
    part_of: str  # the city, as the gazetteer names it: "Montréal"
    country: str
    admin1: str
    of: str  # the gazetteer entry it is another name of ("Rosemont–La Petite-Patrie"), or ""


@lru_cache(maxsize=1)
def district_rows() -> tuple[DistrictRow, ...]:
    """Districts that GeoNames does not file under their city (``data/place_districts.tsv``)."""
    text = resources.files("seoaudit").joinpath("data/place_districts.tsv").read_text(encoding="utf-8")
    out = []
    for line in text.split("\n"):
        if line and not line.startswith("#"):
            name, part_of, region, *of = line.split("\t")
            country, _, admin1 = region.partition("-")
            out.append(DistrictRow(name, part_of, country, admin1, of[0] if of else ""))
    return tuple(out)


@lru_cache(maxsize=1)
def given_names() -> frozenset:
    """Common given names (``data/given_names_en.txt``): a word after one is a surname."""
    text = resources.files("seoaudit").joinpath("data/given_names_en.txt").read_text(encoding="utf-8")
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))


@lru_cache(maxsize=1)
def eponyms() -> dict[str, tuple[frozenset, frozenset]]:
    """Name -> (lower-case words after it, words before it) with which it names something
    else: "a Cochrane review", "une revue Cochrane" (a "<" marks a word before the name)."""
    text = resources.files("seoaudit").joinpath("data/place_eponyms.tsv").read_text(encoding="utf-8")
    out = {}
    for line in text.split("\n"):
        if line and not line.startswith("#"):
            name, _, words = line.partition("\t")
            listed = words.split()
            # words are compared as scanned: without accents ("révision" is "revision")
            out[name_key(name)[0]] = (frozenset(fold(w) for w in listed if not w.startswith("<")),
                                      frozenset(fold(w[1:]) for w in listed if w.startswith("<")))
    return out


# ---------------------------------------------------------------------------------
# Scanning


@dataclass(frozen=True)
class Target:
    """The configured target cities and their aliases, ready for matching."""

    names: tuple[tuple[tuple[str, ...], str], ...]  # (token key, city as configured)
    country: str = ""  # of the first city's gazetteer entry, for resolving homonyms
    admin1: str = ""

    @cached_property
    def keys(self) -> frozenset:
        return frozenset(k for k, _ in self.names)

    @cached_property
    def first_words(self) -> dict[str, int]:
        """First word of each name -> the longest name starting with it."""
        out: dict[str, int] = {}
        for k, _ in self.names:
            out[k[0]] = max(out.get(k[0], 0), len(k))
        return out

    @property
    def cities(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for _, n in self.names))

    @property
    def region(self) -> str:
        """The province or state of the first city ("Alberta"), or "" if not known."""
        return gazetteer().regions.get((self.country, self.admin1), "")

    def nearby(self, place: Place | None) -> bool:
        """In the first city's (known) province or state: a neighbour, not a city elsewhere."""
        return place is not None and bool(self.region) and (place.country, place.admin1) == (self.country, self.admin1)

    def may_be_local(self, match: PlaceMatch) -> bool:
        """A bare name whose only gazetteer entries are towns under ``LOCAL_NAME_MAX_POPULATION``,
        resolved to one outside the target's province or state: in a post about the target
        city it is more likely one of its neighbourhoods, streets or landmarks ("Westlake" in an
        Austin post, "Kensington" and "Sunnyside" in a Calgary one) than a small town far away.
        A region written after it ("Westlake, Ohio") makes it that town."""
        place = match.place
        if match.target or match.district or match.pinned or place is None or place.kind != "city":
            return False
        if not self.country or self.nearby(place) or (place.country, place.admin1) == (self.country, self.admin1):
            return False
        return all(p.population < LOCAL_NAME_MAX_POPULATION for p in gazetteer().lookup(match.key))

    def city_for(self, key: tuple[str, ...]) -> str:
        for k, n in self.names:
            if k == key:
                return n
        return ""


@lru_cache(maxsize=64)
def make_target(cities: tuple[str, ...] | str, aliases: tuple[str, ...] = ()) -> Target:
    """Parse "Edmonton" or ("Edmonton, AB", "St. Albert") plus aliases into a Target.

    Aliases ("YEG", a neighbourhood) count as the first city. The target's country
    and province come from the first city's most populous gazetteer entry (or the one
    in the province written after the comma), so homonyms elsewhere resolve toward it.
    """
    if isinstance(cities, str):
        cities = (cities,)
    parsed = [tuple(p.strip() for p in c.partition(",")[::2]) for c in cities if c.strip()]
    if not parsed:
        return Target(())
    names: dict[tuple[str, ...], str] = {}
    first = parsed[0][0]
    spellings = [(name, name) for name, _ in parsed] + [(a.partition(",")[0].strip(), first) for a in aliases]
    for spelling, city in spellings:
        k = name_key(spelling)
        if k:
            names.setdefault(k, city)
            names.setdefault(tuple(w.upper() for w in k), city)  # "EDMONTON" in an all-caps heading
    name, region = parsed[0]
    entries = [p for p in gazetteer().lookup(name_key(name)) if p.kind == "city"]
    if region:
        entries = [p for p in entries if region in (p.admin1, p.country)] or entries
    best = entries[0] if entries else None
    return Target(tuple(names.items()), best.country if best else "", best.admin1 if best else "")


def find_places(text: str, target: Target | None = None, people: frozenset = frozenset()) -> list[PlaceMatch]:
    """Every place named in ``text``: longest match, case-sensitive, with context rules.

    With a ``target``, its names and aliases are matched too (flagged ``target=True``)
    and ambiguous homonyms resolve toward the target's country and province.
    ``people``: one-word names the page uses as surnames (``surnames_in`` over its
    texts); they are not places elsewhere on the page either ("in Taylor's case"),
    unless a province or state follows ("Taylor, MI").
    """
    matches = _scan(text, target).matches
    if people:
        return [m for m in matches if m.target or m.pinned or len(m.key) != 1 or m.key[0] not in people]
    return list(matches)


def surnames_in(text: str, target: Target | None = None) -> frozenset:
    """One-word place names that ``text`` uses as surnames: "Martin Taylor", "Dr. Lee"."""
    return _scan(text, target).surnames


def mentions_of(city: str | tuple[str, ...], text: str, aliases: tuple[str, ...] = ()) -> list[PlaceMatch]:
    """The mentions of ``city`` (or an alias) in ``text``, never inside a longer name."""
    target = make_target(city if isinstance(city, str) else tuple(city), tuple(aliases))
    return [m for m in _scan(text, target).matches if m.target]


_NO_PLACES = Scan((), frozenset())


@lru_cache(maxsize=8192)
def _scan(text: str, target: Target | None) -> Scan:
    """One pass over the capitalised words of ``text``; cached per (text, target)."""
    if not text:
        return _NO_PLACES
    if "'" in text or "’" in text:
        text = _split_elisions(text)
    gz = gazetteer()
    target_keys = target.keys if target else frozenset()
    target_first = target.first_words if target else {}
    out: list[PlaceMatch] = []
    surnames: set[str] = set()
    resume = 0
    for m in _CAPITAL_RE.finditer(text):
        word = m.group()
        if m.start() < resume or not word[0].isupper():
            continue
        # fast path for the common case: a plain ASCII word, no possessive
        key = _ABBREVIATIONS.get(word, word) if word.isascii() and "'" not in word else _key_of(word)[0]
        longest = max(gz.first.get(key, 0), target_first.get(key, 0))
        if not longest:
            continue
        first = _word_at(m, "")
        if first.start > 1 and text[first.start - 1] == "-" and text[first.start - 2].isalpha():
            continue  # the tail of a hyphenated name: "Mont-Royal" in "Plateau-Mont-Royal" is not the town
        run = _run_from(text, first, longest)
        hit = _longest_name(run, gz, target_keys, target)
        if hit is None:
            continue
        n, places, is_target = hit
        last = run[n - 1]
        resume = last.raw_end
        prev = _word_before(text, first.start)
        if _before_masthead(text, last) or _after_institution_word(text, first, prev) or (n == 1 and _eponym(text, first, prev)):
            continue  # "The New York Times", "Université de Montréal", "a Cochrane review": not the place, even the target
        if is_target:
            out.append(_match(text, run[:n], places, is_target, target, gz))
            continue
        if n == 1 and _after_person_name(text, first, prev):
            surnames.add(first.key)  # "Martin Taylor", "Dr. Lee": a person, here and later on
        elif _reads_as_place(text, first, last, n, gz, prev) or (out and _listed_after_a_place(text, out[-1], first)):
            out.append(_match(text, run[:n], places, is_target, target, gz))
    return Scan(tuple(out), frozenset(surnames)) if out or surnames else _NO_PLACES


#: what joins the names of a list: "Markham and Vaughan", "Laval, Longueuil", "Madrid y Getafe"
_LIST_JOIN_RE = re.compile(r"\s*(?:,\s*(?:(?:and|or|et|ou|y|o)\s+)?|\s(?:and|or|&|et|ou|y|o)\s+)")
#: what may follow the last name of such a list: punctuation, the end, or the list going on
_LIST_END_RE = re.compile(r"\s*(?:[.,;:!?)\]]|$|(?:and|or|&|et|ou|y|o)\s)")


def _listed_after_a_place(text: str, previous: PlaceMatch, first: _Word) -> bool:
    """The name follows a place it is listed with: an ambiguous name ("Vaughan", a given
    name too) needs context, and "Markham and Vaughan" gives it as "from Vaughan" does."""
    if _LIST_JOIN_RE.fullmatch(text, previous.end, first.start) is None:
        return False
    # and the list goes on or ends there: "Markham and Vaughan.", "Laval, Longueuil et Brossard";
    # not "Toronto and Mobile acupuncture", "Toronto, and Austin is our physiotherapist"
    return _LIST_END_RE.match(text, first.raw_end) is not None


def _after_person_name(text: str, first: _Word, prev: _Word | None) -> bool:
    """The word follows a given name or a title in the same name: "Sarah Richmond"."""
    if prev is None or prev.possessive:
        return False
    gap = text[prev.raw_end : first.start]
    if not _glued(gap, prev.key) or _breaks_sentence(gap, prev.key):
        return False
    return prev.key in _PERSON_TITLES or prev.key in given_names()


def _before_masthead(text: str, last: _Word) -> bool:
    """The name starts a newspaper's name: "The New York Times", "Toronto Star", "New York
    Daily News", "Chicago Sun-Times". Not when the words go on into a square, street or
    area ("New York Times Square") or into a hyphenated word ("Edmonton Post-Op care"), nor
    across a sentence break ("in New York. Times have changed.")."""
    word, masthead = last, False
    for _ in range(3):
        nxt = None if word.possessive else _next_word(text, word.raw_end)
        if nxt is None or not _glued(nxt.gap, word.key):
            break
        upper = nxt.key[:1].isupper()
        if upper and (nxt.key.capitalize() in MASTHEAD_WORDS or nxt.key.capitalize() in _MASTHEAD_LEADS):
            word, masthead = nxt, nxt.key.capitalize() in MASTHEAD_WORDS
            continue
        if word is not last and ("-" in nxt.gap or nxt.key.capitalize() in FACILITY_WORDS or nxt.key.capitalize() in _AREA_WORDS):
            return False  # "Times Square", "Post-Op": not a masthead after all
        break
    return masthead


#: the year of a meeting between a city and what is named after it ("Zurich 2012 consensus")
_YEAR_AFTER_RE = re.compile(r"[ \u00a0]{1,2}(?:19|20)\d\d(?![\w%])")


def _eponym(text: str, first: _Word, prev: _Word | None) -> bool:
    """A one-word name for something named after the place (``data/place_eponyms.tsv``):
    "a Cochrane review", "the Ottawa ankle rules", "une revue Cochrane", "Université Laval",
    "the Amsterdam 2022 consensus statement"."""
    entry = eponyms().get(first.key)
    if entry is None:
        return False
    after, before = entry
    # a year may come between: "the Amsterdam 2022 consensus statement", "Zurich 2012 consensus"
    year = _YEAR_AFTER_RE.match(text, first.raw_end) if after else None
    nxt = _next_word(text, year.end() if year else first.raw_end) if after else None
    if nxt is not None and _glued(nxt.gap, first.key) and nxt.key.lower() in after:
        return True
    if not before or prev is None:
        return False
    gap = text[prev.raw_end : first.start]
    return _glued(gap, prev.key) and not _breaks_sentence(gap, prev.key) and prev.key.lower() in before


def _after_institution_word(text: str, first: _Word, prev: _Word | None) -> bool:
    """The name ends a university's, newspaper's or bank's name: "University of Toronto",
    "Université de Montréal", "Journal de Montréal", "Université d'Ottawa"."""
    if prev is None or prev.key not in _INSTITUTION_LINKS or not _glued(text[prev.raw_end : first.start], prev.key):
        return False
    before = _word_before(text, prev.start)
    return (before is not None and not before.possessive and before.key in INSTITUTION_WORDS
            and _glued(text[before.raw_end : prev.start], before.key))


def _run_from(text: str, first: _Word, longest: int) -> list[_Word]:
    """``first`` and up to ``longest - 1`` following words glued to it."""
    run = [first]
    while len(run) < longest and not run[-1].possessive:
        w = _next_word(text, run[-1].raw_end)
        if w is None or not _glued(w.gap, run[-1].key):
            break
        run.append(w)
    return run


def _longest_name(run: list[_Word], gz: Gazetteer, target_keys: frozenset, target: Target | None):
    for n in range(len(run), 0, -1):
        key = tuple(w.key for w in run[:n])
        is_target = key in target_keys
        places = gz.names.get(key, ())
        if target is not None and key in gz.district_names:  # "Rosemont" in a Montréal post
            places = tuple(p for p in gz.district_names[key] if _inside_target(p, target)) + places
        if is_target or places:
            return n, places, is_target
    return None


def _reads_as_place(text: str, first: _Word, last: _Word, n: int, gz: Gazetteer, prev: _Word | None) -> bool:
    """Context rules that keep "Mobile acupuncture", "Dr. Austin" and "Calgary Trail" out.

    ``prev`` is the word before ``first`` (``_word_before``), looked up once by the caller.
    """
    gap_before = text[prev.raw_end : first.start] if prev else ""
    sentence_start = prev is None or _breaks_sentence(gap_before, prev.key)
    prev_key = prev.key if prev and not sentence_start and _glued(gap_before, prev.key) else ""
    if prev_key in HONORIFICS or prev_key.lower() in STREET_WORDS_BEFORE:
        return False
    if prev is not None and prev.key in _NAME_PREFIXES and _glued(gap_before, prev.key):
        return False
    nxt = _word_after_name(text, last)
    if nxt is not None and _region_follows(nxt, gz):
        return True
    nxt_key = nxt.key if nxt is not None and not last.possessive and _glued(nxt.gap, last.key) else ""
    # A street, a building, a team or a wider area named after the place is not the place,
    # however long its name: "Calgary Trail", "New York University", "Los Angeles County".
    if nxt_key in FACILITY_WORDS or nxt_key.capitalize() in _AREA_WORDS:
        return False
    if n > 1:
        return True
    # A one-word name inside a longer proper noun is not the place: "Oxford University
    # Press", "Kent Brockman", "Jack London".
    if nxt_key[:1].isupper() and nxt_key not in _TITLE_CASE_SMALL:
        return False
    if prev_key[:1].isupper() and prev_key not in _TITLE_CASE_SMALL and prev_key.lower() not in LOCATIVES:
        before_prev = _word_before(text, prev.start)
        if before_prev is not None and not _breaks_sentence(text[before_prev.raw_end : prev.start], before_prev.key):
            return False
    if first.key in REGION_ONLY_NAMES:
        return False  # no region after it (checked above)
    if first.key not in AMBIGUOUS_NAMES:
        return True
    # An ambiguous one-word name ("Mobile", "Hope", "Austin") needs a locative before it.
    return not sentence_start and prev is not None and prev.key.lower() in LOCATIVES


def _word_after_name(text: str, last: _Word) -> _Word | None:
    """The word after a name, with dotted initials read as one word ("D.C." is "DC") and
    a region of several words as one ("South Carolina", "British Columbia")."""
    nxt = _next_word(text, last.raw_end)
    if nxt is not None and len(nxt.key) == 1:
        m = _INITIALS_RE.match(text, nxt.start)
        if m:
            return _Word(m.group(1) + m.group(2), nxt.start, m.end(), m.end(), nxt.gap, False)
    longest = _long_region_first_words().get(nxt.key, 0) if nxt is not None else 0
    words = [nxt]
    while len(words) < longest and not words[-1].possessive:
        w = _next_word(text, words[-1].raw_end)
        if w is None or not _glued(w.gap, words[-1].key):
            break
        words.append(w)
    for n in range(len(words), 1, -1):
        name = " ".join(w.key for w in words[:n])
        if name in gazetteer().region_names:
            return _Word(name, nxt.start, words[n - 1].end, words[n - 1].raw_end, nxt.gap, words[n - 1].possessive)
    return nxt


@lru_cache(maxsize=1)
def _long_region_first_words() -> dict[str, int]:
    """First word of each region name of several words -> the most words such a name has."""
    out: dict[str, int] = {}
    for name in gazetteer().region_names:
        words = name.split()
        if len(words) > 1:
            out[words[0]] = max(out.get(words[0], 0), len(words))
    return out


def _region_follows(nxt: _Word, gz: Gazetteer) -> bool:
    """"Mobile, AL", "Mobile AL", "Reading, England", "London (UK)"."""
    if nxt.gap.strip() not in ("", ",", "(") or "\n" in nxt.gap:
        return False
    return nxt.key in gz.region_codes or nxt.key in gz.region_names or nxt.key in COUNTRY_WORDS


def _match(text: str, run: list[_Word], places: tuple[Place, ...], is_target: bool, target: Target | None, gz: Gazetteer) -> PlaceMatch:
    start, end = run[0].start, run[-1].end
    key = tuple(w.key for w in run)
    nxt = _word_after_name(text, run[-1])
    pinned = nxt is not None and _region_follows(nxt, gz)
    place = _resolve(places, nxt.key if pinned else "", target)
    name = target.city_for(key) if is_target else (place.name if place else text[start:end])
    return PlaceMatch(
        name=name, start=start, end=end, surface=text[start:end], place=place, candidates=len(places), target=is_target,
        key=key, pinned=pinned, district=not is_target and _inside_target(place, target),
    )


def _inside_target(place: Place | None, target: Target | None) -> bool:
    """GeoNames files the place inside the target city: Beltline or Tuscany for Calgary."""
    if place is None or target is None or not place.part_of:
        return False
    return (place.country, place.admin1) == (target.country, target.admin1) and name_key(place.part_of) in target.keys


#: a town elsewhere smaller than this, named bare in a post about the target city, is read as a
#: local name of the target (``Target.may_be_local``). The homonyms abroad of the districts
#: written by hand in ``data/place_districts.tsv`` are 15,000 to 82,000 (Yorkville, IL;
#: Scarborough, England; Rosemont, CA; Mount Pleasant, SC) except Chinatown and Koreatown, CA
#: (themselves districts) and Swansea and Islington (real cities, 300,000+); and outside
#: CA/US/GB/IE/AU/NZ the gazetteer holds only places of 100,000+, so no town abroad there is
#: ever read as a local name.
LOCAL_NAME_MAX_POPULATION = 100_000

#: a city this large keeps its name over a state or province of the same name ("New York")
_METROPOLIS = 1_000_000

#: a homonym abroad wins over one in the target's country (not province) when it is this many
#: times as populous: London, England (9.0 M) over London, Ontario (0.42 M) in an Edmonton
#: post, Sydney, Australia over Sydney, NS, and Ottawa over Ottawa, Illinois in a US post; not
#: Victoria, Hong Kong (0.96 M) over Victoria, BC (0.29 M), nor Kingston, Jamaica over Kingston, ON
_FAR_LARGER = 10


def _resolve(places: tuple[Place, ...], after: str, target: Target | None) -> Place | None:
    """Pick the homonym meant.

    1. A region or country written after it: "London, ON", "Alexandria, Virginia",
       "London, UK", "London (England)".
    2. With a target: a district of the target city ("Rosemont" for Montréal), then a
       place in its province or state (London, ON for Toronto; Beaumont, AB for
       Edmonton), then one in its country, unless a city of that name elsewhere is
       ``_FAR_LARGER`` times as populous (London, England for Edmonton or Vancouver).
    3. Otherwise the largest, except that a state or province beats a city abroad
       smaller than ``_METROPOLIS`` ("Virginia" is the state; "New York" is the city).
    """
    if not places:
        return None
    if len(places) == 1:
        return places[0]
    pinned = _pinned_by(places, after)
    if pinned is not None:
        return pinned
    if target and target.country:
        for pick in (lambda p: _inside_target(p, target), lambda p: p.country == target.country and p.admin1 == target.admin1):
            for p in places:
                if pick(p):
                    return p
        home = next((p for p in places if p.country == target.country), None)
        abroad = next((p for p in places if p.country != target.country and p.kind == "city"), None)
        if home is not None and (home.kind == "region" or abroad is None or abroad.population < _FAR_LARGER * home.population):
            return home
    # "Virginia" alone is the state, not Virginia in South Africa; "New York" is the city
    first = places[0]
    if first.kind == "city" and first.population < _METROPOLIS:
        for p in places:
            if p.kind == "region":
                return p
    return first


def _pinned_by(places: tuple[Place, ...], after: str) -> Place | None:
    """The homonym in the region or country written after the name, if any."""
    if not after:
        return None
    for p in places:
        if p.admin1 == after:
            return p
    if after[:1].isupper():  # "Alexandria, Virginia": the region's name, not its code
        regions = {(r.country, r.admin1) for r in gazetteer().lookup(name_key(after)) if r.kind == "region"}
        for p in places:
            if p.kind == "city" and (p.country, p.admin1) in regions:
                return p
    country = COUNTRY_WORDS.get(after)
    for p in places:
        if p.country == country:
            return p
    return None
