"""Place detection on the real-page corpus: what LC001-LC004 find, per target city.

For every page of ``../shared/corpus/real_pages`` (181 saved news and blog pages nobody
on the team wrote): build the Document as an audit does, then run the four local checks
for each target (none, Edmonton, Toronto, Montréal, New York, London). Prints, per
target, how many pages get each LC001/LC003/LC004 status, how many place mentions the
scan finds by kind, and the pages flagged. ``--dump FILE`` writes every match (page,
target, surface, place, kind) one per line, so two runs (before and after a change to
``seoaudit/places.py`` or its data) can be compared with ``diff``.

    python benchmarks/places_corpus.py [--corpus DIR] [--limit N] [--dump FILE]

Prints figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from seoaudit.checks import local  # noqa: E402
from seoaudit.document import build_document  # noqa: E402
from seoaudit.models import RawPage, Targeting  # noqa: E402
from seoaudit.places import find_places  # noqa: E402
from seoaudit.registry import CheckContext  # noqa: E402
from seoaudit.runner import run_check  # noqa: E402

TARGETS = ((), ("Edmonton",), ("Toronto",), ("Montréal",), ("New York",), ("London",))
CHECKS = (local.city_mentions, local.other_places, local.place_lists)


def default_corpus() -> Path:
    """``$SEOAUDIT_CORPUS``, else ``shared/corpus/real_pages`` beside the repository or above it
    (a worktree elsewhere falls back to the shared folder's usual place)."""
    if os.environ.get("SEOAUDIT_CORPUS"):
        return Path(os.environ["SEOAUDIT_CORPUS"])
    for base in (ROOT, *ROOT.parents):
        for cand in (base / "shared" / "corpus" / "real_pages", base.parent / "shared" / "corpus" / "real_pages"):
            if cand.is_dir():
                return cand
    return Path("/work/shared/corpus/real_pages")  # where tests/test_fast_scans_equivalence.py reads it too


def load_documents(corpus: Path, limit: int | None):
    rows = [json.loads(line) for line in (corpus / "manifest.jsonl").read_text().splitlines() if line.strip()]
    for row in rows[:limit]:
        body = gzip.decompress((corpus / row["html"]).read_bytes())
        yield row["id"], build_document(RawPage(source=row["url"], url=row["url"], body=body))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=default_corpus())
    ap.add_argument("--limit", type=int)
    ap.add_argument("--dump", type=Path, help="write every match, one per line, for diffing two runs")
    args = ap.parse_args()
    docs = list(load_documents(args.corpus, args.limit))
    dump = []
    for cities in TARGETS:
        ctx = CheckContext(targeting=Targeting(cities=cities))
        statuses = {spec.spec.code: Counter() for spec in CHECKS}
        kinds = Counter()
        flagged = []
        local_names = Counter()
        for page_id, doc in docs:
            target = local._target(ctx)
            for block in doc.blocks:
                for m in find_places(block.text, target):
                    kind = "target" if m.target else m.kind
                    kinds[kind] += 1
                    label = m.place.label if m.place else m.name
                    dump.append(f"{cities[0] if cities else '-'}\t{page_id}\t{m.surface}\t{label}\t{kind}")
            for func in CHECKS:
                r = run_check(func.spec, doc, func.spec.default_options(), ctx)
                statuses[func.spec.code][r.status] += 1
                if func.spec.code == "LC003":  # the cities it reads as the target's own local names
                    for v in r.value or ():
                        if v["kind"] == "local":
                            local_names[v["label"]] += v["count"]
                            dump.append(f"{cities[0] if cities else '-'}\t{page_id}\tLC003\t{v['label']}\tlocal")
                if func.spec.code == "LC003" and r.status in ("ok", "bad") or func.spec.code == "LC004" and r.status == "bad":
                    flagged.append(f"{func.spec.code}:{r.status}:{page_id}")
        name = " / ".join(cities) or "(no target)"
        print(f"{name}: {len(docs)} pages; mentions {sum(kinds.values())} ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})")
        for code, counts in statuses.items():
            print(f"  {code}: " + ", ".join(f"{s} {n}" for s, n in sorted(counts.items())))
        if local_names:
            print(f"  LC003 local names: {sum(local_names.values())} mentions ("
                  + ", ".join(f"{k} {v}" for k, v in local_names.most_common()) + ")")
    if args.dump:
        args.dump.write_text("\n".join(sorted(dump)) + "\n", encoding="utf-8")
        print(f"wrote {len(dump)} matches to {args.dump}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
