"""Main-content extraction quality and speed on the real-page corpus.

For every page of ``real_pages/manifest.jsonl``: parse with lexbor, run
``related_sections`` + ``extract_main`` (what ``document.build_document`` does), join
the block texts and score them against the ground-truth article body with the
word-multiset precision / recall / F1 of scrapinghub's article-extraction-benchmark.
Reference extractors run on the same pages in the same run: whole-body text, and
trafilatura ``fast=True`` when it is installed.

Prints figures only; nothing here asserts timing.

    python benchmarks/extraction_quality.py [--corpus DIR] [--limit N] [--worst K]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from selectolax.lexbor import LexborHTMLParser  # noqa: E402

from seoaudit.extract import extract_main, related_sections  # noqa: E402

# The word pattern of the perf.md quality table (letters, with an inner apostrophe).
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_NON_TEXT = ["script", "style", "noscript", "template", "svg"]


def default_corpus() -> Path:
    """``../shared/corpus/real_pages`` from the repo root, or the first one found nearby."""
    candidates = [
        REPO.parent / "shared" / "corpus" / "real_pages",
        REPO / "shared" / "corpus" / "real_pages",
        Path.cwd() / "shared" / "corpus" / "real_pages",
        Path.cwd().parent / "shared" / "corpus" / "real_pages",
    ]
    for cand in candidates:
        if (cand / "manifest.jsonl").exists():
            return cand
    return candidates[0]


def load_pages(corpus: Path, limit: int | None = None) -> list[dict]:
    """Manifest rows with ``html`` (str) and ``gold`` (ground-truth text) filled in."""
    ground_truths: dict[str, dict] = {}
    pages = []
    with open(corpus / "manifest.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("gt_kind") != "full_text":
                continue
            src = row["source"]
            if src not in ground_truths:
                with open(corpus / src / "ground-truth.json", encoding="utf-8") as g:
                    ground_truths[src] = json.load(g)
            with open(corpus / row["html"], "rb") as f:
                row["html"] = gzip.decompress(f.read()).decode("utf-8", "replace")
            row["gold"] = ground_truths[src][row["gt_key"]]["articleBody"]
            pages.append(row)
            if limit and len(pages) >= limit:
                break
    return pages


def word_bag(text: str) -> Counter:
    return Counter(w.lower() for w in WORD_RE.findall(text or ""))


def word_prf(pred: str, gold: str) -> tuple[float, float, float]:
    """Precision, recall, F1 of the word multisets (0 when either side is empty)."""
    p, g = word_bag(pred), word_bag(gold)
    if not p or not g:
        return 0.0, 0.0, 0.0
    tp = sum((p & g).values())
    if not tp:
        return 0.0, 0.0, 0.0
    prec, rec = tp / sum(p.values()), tp / sum(g.values())
    return prec, rec, 2 * prec * rec / (prec + rec)


def ours(html: str) -> tuple[str, str, float]:
    """(text, method, extraction seconds) of seoaudit's extractor; the parse is not timed."""
    tree = LexborHTMLParser(html)
    t0 = time.perf_counter()
    related = related_sections(tree)
    nodes, method = extract_main(tree, exclude=related)
    elapsed = time.perf_counter() - t0
    # The ground truth is the article *body*: it never contains the headline, which
    # we keep as the first block (an H1 is content for SEO). Compare like with like.
    body = [n for n in nodes if n.tag != "h1"]
    return "\n".join(n.text(deep=True, separator=" ") for n in body), method, elapsed


def whole_body(html: str) -> tuple[str, str, float]:
    tree = LexborHTMLParser(html)
    t0 = time.perf_counter()
    tree.strip_tags(_NON_TEXT)
    root = tree.body or tree.root
    txt = root.text(separator=" ", strip=True) if root is not None else ""
    return txt, "body", time.perf_counter() - t0


def trafilatura_fast(html: str) -> tuple[str, str, float]:
    import trafilatura

    t0 = time.perf_counter()
    txt = trafilatura.extract(html, fast=True) or ""
    return txt, "trafilatura", time.perf_counter() - t0


def evaluate(pages: list[dict], extractor) -> dict:
    f1s, precs, recs, secs, methods, empty, per_page = [], [], [], [], Counter(), 0, []
    for page in pages:
        txt, method, elapsed = extractor(page["html"])
        prec, rec, f1 = word_prf(txt, page["gold"])
        f1s.append(f1), precs.append(prec), recs.append(rec), secs.append(elapsed)
        methods[method] += 1
        empty += not txt.strip()
        per_page.append((f1, prec, rec, method, page["id"], page["url"]))
    n = len(pages)
    return {
        "f1_mean": statistics.mean(f1s),
        "f1_median": statistics.median(f1s),
        "precision": statistics.mean(precs),
        "recall": statistics.mean(recs),
        "empty": empty,
        "ms_median": 1000 * statistics.median(secs),
        "ms_mean": 1000 * statistics.mean(secs),
        "methods": {m: c / n for m, c in methods.most_common()},
        "per_page": per_page,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=None, help="real_pages directory (default: ../shared/corpus/real_pages from the repo root)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages")
    ap.add_argument("--worst", type=int, default=0, help="also list the K pages where seoaudit scores lowest")
    ap.add_argument("--no-references", action="store_true", help="measure seoaudit's extractor only")
    a = ap.parse_args(argv)
    corpus = (a.corpus or default_corpus()).resolve()
    if not (corpus / "manifest.jsonl").exists():
        print(f"no manifest.jsonl under {corpus}", file=sys.stderr)
        return 2
    pages = load_pages(corpus, a.limit)
    print(f"corpus {corpus}: {len(pages)} pages with full-text ground truth")

    extractors = {"seoaudit extract_main": ours}
    if not a.no_references:
        extractors["whole-body text (lexbor)"] = whole_body
        import importlib.util

        if importlib.util.find_spec("trafilatura") is not None:
            extractors["trafilatura fast"] = trafilatura_fast
        else:
            print("trafilatura not installed: reference skipped")

    results = {name: evaluate(pages, fn) for name, fn in extractors.items()}
    print()
    print("| extractor | F1 mean | F1 median | precision | recall | empty | ms/page median | ms/page mean | methods |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, r in results.items():
        mix = ", ".join(f"{m} {share:.0%}" for m, share in r["methods"].items())
        print(
            f"| {name} | {r['f1_mean']:.3f} | {r['f1_median']:.3f} | {r['precision']:.3f} | {r['recall']:.3f} "
            f"| {r['empty']} | {r['ms_median']:.2f} | {r['ms_mean']:.2f} | {mix} |"
        )
    if a.worst:
        print()
        print(f"worst {a.worst} pages for seoaudit (F1, P, R, method, id, url):")
        for f1, p, r, m, pid, url in sorted(results["seoaudit extract_main"]["per_page"])[: a.worst]:
            print(f"  {f1:.3f} {p:.3f} {r:.3f} {m:10s} {pid} {url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
