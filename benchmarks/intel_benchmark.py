"""Site-intelligence benchmark: time, peak memory and accuracy on synthetic clinic blogs.

    python benchmarks/intel_benchmark.py            # 1,000 and 10,000 pages
    python benchmarks/intel_benchmark.py 2000 5000  # other sizes
    python benchmarks/intel_benchmark.py --templated 2000   # 2,000 near-copies of one post
    python benchmarks/intel_benchmark.py --templated 300 --changes 1

For each size: a synthetic blog (``synthetic_posts.py``) with about 10 % of the posts
in planted groups (near-duplicates, city swaps, cannibalising posts) is analysed by
``analyse_site``. Printed: wall time of the analysis, peak resident memory of the
process (``ru_maxrss``; each size runs in a fresh subprocess so sizes do not share a
peak) and of the forked child that computes keyphrase suggestions meanwhile
(``seoaudit/forked.py``; it shares the parent's pages until it writes to them, so the
sum of the two overstates the memory used), and precision/recall of

* duplicate pairs: found near-duplicate/city-swap pairs vs the planted duplicate and
  city-swap pairs;
* city swaps: pairs flagged as doorway risks vs planted city-swap pairs;
* clusters: pairs of pages put in one cluster vs pairs planted in one group.

``--templated N``: N near-copies of one post (``--changes`` words, default 2, replaced per
copy, no place names;
``templated_posts.py``), the worst case for pair work: every page is a near-duplicate
of every other. Printed: time, peak memory, duplicate pairs reported and the pairs left
out by the per-page cap (``IntelOptions.max_pairs_per_page``).
"""

from __future__ import annotations

import itertools
import json
import os
import resource
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def _pairs(groups):
    return {tuple(sorted(p)) for g in groups for p in itertools.combinations(g, 2)}


def _pr(found: set, truth: set) -> tuple[float, float]:
    hit = len(found & truth)
    return (hit / len(found) if found else 1.0), (hit / len(truth) if truth else 1.0)


def run_one(n: int) -> dict:
    from synthetic_posts import generate, to_page_text

    from seoaudit.intel import IntelOptions, analyse_site

    posts, planted = generate(n, seed=42)
    pages = [to_page_text(p) for p in posts]
    del posts
    start = time.perf_counter()
    result = analyse_site(pages, IntelOptions())
    elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    dup_truth = _pairs(g.pages for g in planted if g.kind in ("near-duplicate", "city-swap"))
    swap_truth = _pairs(g.pages for g in planted if g.kind == "city-swap")
    group_truth = _pairs(g.pages for g in planted)
    dup_found = {(min(d.a, d.b), max(d.a, d.b)) for d in result.duplicates}
    swap_found = {(min(d.a, d.b), max(d.a, d.b)) for d in result.duplicates if d.doorway}
    cluster_found = _pairs(c.pages for c in result.clusters)
    return {
        "pages": n,
        "seconds": round(elapsed, 2),
        "peak_mb": round(peak_mb),
        "child_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "planted_groups": len(planted),
        "duplicate_pairs": len(dup_found),
        "duplicates_pr": _pr(dup_found, dup_truth),
        "city_swap_pr": _pr(swap_found, swap_truth),
        "cluster_pair_pr": _pr(cluster_found, group_truth),
        "clusters": len(result.clusters),
    }


def run_templated(n: int, changes: int) -> dict:
    from synthetic_posts import to_page_text
    from templated_posts import templated_site

    from seoaudit.intel import IntelOptions, analyse_site

    pages = [to_page_text(p) for p in templated_site(n, seed=42, changes=changes)]
    start = time.perf_counter()
    result = analyse_site(pages, IntelOptions())
    summary = result.to_dict()["summary"]  # rendering the JSON computes the diffs: part of the cost
    elapsed = time.perf_counter() - start
    return {
        "pages": n,
        "seconds": round(elapsed, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "child_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "duplicate_pairs": len(result.duplicates),
        "pairs_not_reported": summary.get("pairs_not_reported", 0),
        "clusters": len(result.clusters),
    }


def main_templated(sizes: list[int], changes: int) -> None:
    print(f"templated site: near-copies of one post, {changes} word(s) replaced per copy")
    print(f"{'pages':>6} {'time s':>7} {'peak MB':>8} {'child MB':>9} {'pairs':>7} {'not reported':>13} {'clusters':>9}")
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--one-templated", str(n), str(changes)], stdout=subprocess.PIPE, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['pages']:>6} {r['seconds']:>7.2f} {r['peak_mb']:>8} {r['child_mb']:>9} {r['duplicate_pairs']:>7} {r['pairs_not_reported']:>13} {r['clusters']:>9}")


def main(sizes: list[int]) -> None:
    print(f"{'pages':>6} {'time s':>7} {'peak MB':>8} {'child MB':>9} {'dup P/R':>11} {'swap P/R':>11} {'cluster P/R':>12} {'clusters':>9}")
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n)], stdout=subprocess.PIPE, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        fmt = lambda pr: f"{pr[0]:.3f}/{pr[1]:.3f}"  # noqa: E731
        print(f"{r['pages']:>6} {r['seconds']:>7.2f} {r['peak_mb']:>8} {r['child_mb']:>9} {fmt(r['duplicates_pr']):>11} {fmt(r['city_swap_pr']):>11} {fmt(r['cluster_pair_pr']):>12} {r['clusters']:>9}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(run_one(int(sys.argv[2]))))
    elif len(sys.argv) == 4 and sys.argv[1] == "--one-templated":
        print(json.dumps(run_templated(int(sys.argv[2]), int(sys.argv[3]))))
    elif len(sys.argv) >= 2 and sys.argv[1] == "--templated":
        args = sys.argv[2:]
        changes = 2
        if "--changes" in args:
            at = args.index("--changes")
            changes = int(args[at + 1])
            del args[at : at + 2]
        main_templated([int(a) for a in args] or [2000], changes)
    else:
        main([int(a) for a in sys.argv[1:]] or [1000, 10000])
