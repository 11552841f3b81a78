"""Full single-page analysis speed, extraction quality and memory on the real-page corpus.

For every page of ../shared/corpus/real_pages (181 real saved pages): parse,
main-content extraction, every check, scoring and JSON serialisation, on one core.
Beside it, in the same process, a reference pipeline (BeautifulSoup html.parser:
title, meta, links, whole-body text, word count, keyphrase density) so the ratio
holds on this noisy shared machine. Also the start-up time of `seoaudit --help`.

    python benchmarks/throughput.py               # 3 passes, all pages
    python benchmarks/throughput.py --limit 20 --passes 1   # quick smoke run
    python benchmarks/throughput.py --stages 15   # and where the time goes

Prints figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import json
import re
import resource
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def default_corpus() -> Path:
    for base in (ROOT, *ROOT.parents):
        cand = base / "shared" / "corpus" / "real_pages"
        if cand.is_dir():
            return cand
        cand = base.parent / "shared" / "corpus" / "real_pages"
        if cand.is_dir():
            return cand
    return ROOT.parent / "shared" / "corpus" / "real_pages"


def load_corpus(corpus: Path, limit: int | None):
    rows = [json.loads(line) for line in (corpus / "manifest.jsonl").read_text().splitlines() if line.strip()]
    truth = json.loads((corpus / "scrapinghub" / "ground-truth.json").read_text())
    pages = []
    for row in rows[:limit]:
        body = gzip.decompress((corpus / row["html"]).read_bytes())
        pages.append((row["url"], body, truth[row["gt_key"]]["articleBody"]))
    return pages


_WORD = re.compile(r"\w+", re.UNICODE)


def f1(predicted: str, truth: str) -> tuple[float, float, float]:
    p = Counter(w.lower() for w in _WORD.findall(predicted))
    t = Counter(w.lower() for w in _WORD.findall(truth))
    common = sum((p & t).values())
    if not p or not t:
        return (0.0, 0.0, 0.0) if p or t else (1.0, 1.0, 1.0)
    prec, rec = common / sum(p.values()), common / sum(t.values())
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def keyphrase_for(title: str) -> str:
    words = [w for w in _WORD.findall(title) if len(w) > 3][:3]
    return " ".join(words) or "health"


def run_seoaudit(pages, keyphrases, select=()):
    from seoaudit.api import Auditor
    from seoaudit.config import Settings
    from seoaudit.models import RawPage

    auditor = Auditor(Settings(select=tuple(select)))
    times = []
    texts = []
    for (url, body, _), kp in zip(pages, keyphrases):
        t0 = time.perf_counter()
        raw = RawPage(source=url, url=url, body=body)
        auditor.keyphrases = (kp,)
        auditor.cities = ("Edmonton",)
        report = auditor.audit_raw(raw)
        json.dumps(report.to_dict())
        times.append(time.perf_counter() - t0)
        texts.append(report)
    return times, texts


def clear_content_caches() -> int:
    """Empty every memo cache keyed by page content, so a pass costs what new pages cost.

    seoaudit memoises work per word, sentence and class name (bounded caches: stems,
    syllables, token masks, claim and place scans). Repeating a pass over the same
    181 pages would find every sentence already scanned, which no real batch does;
    so each timed pass starts from empty content caches. Data loaded once per process
    (rules, gazetteer, syllable table: the small ``lru_cache``s) stays loaded, as it
    would in a long scan. Returns how many caches were cleared.
    """
    from seoaudit import regex_prefilter, text

    cleared = 0
    for name, module in list(sys.modules.items()):
        if not (name == "seoaudit" or name.startswith("seoaudit.")) or module is None:
            continue
        holders = [module] + [v for v in vars(module).values() if isinstance(v, type)]
        for holder in holders:
            for value in list(vars(holder).values()):
                info = getattr(value, "cache_info", None)
                # content caches hold hundreds of entries or more; data loaders a few
                if info is not None and (info().maxsize or 0) >= 256:
                    value.cache_clear()
                    cleared += 1
    text._WORD_TOKENS.clear()
    for obj in gc.get_objects():
        if isinstance(obj, regex_prefilter.TokenIndex):
            obj._token_masks.clear()
            obj._selections.clear()
            cleared += 1
        elif isinstance(obj, regex_prefilter.RegexSet):
            obj._answers.clear()
            cleared += 1
    return cleared + 1


def run_reference(pages, keyphrases):
    """The naive pipeline most SEO scripts use: BeautifulSoup(html.parser) + body text."""
    from urllib.parse import urljoin, urlsplit

    from bs4 import BeautifulSoup

    times = []
    for (url, body, _), kp in zip(pages, keyphrases):
        t0 = time.perf_counter()
        soup = BeautifulSoup(body, "html.parser")
        title = soup.title.get_text(strip=True) if soup.title else ""
        meta = soup.find("meta", attrs={"name": "description"})
        _ = meta.get("content") if meta else None
        host = urlsplit(url).hostname
        links = [urljoin(url, a["href"]) for a in soup.find_all("a", href=True)]
        internal = sum(1 for l in links if urlsplit(l).hostname == host)
        for tag in soup(["script", "style", "noscript"]):
            tag.decompose()
        text = soup.body.get_text(" ") if soup.body else ""
        words = _WORD.findall(text.lower())
        first = kp.split()[0].lower() if kp else ""
        density = words.count(first) / max(1, len(words))
        json.dumps({"title": title, "words": len(words), "internal": internal, "density": density})
        times.append(time.perf_counter() - t0)
    return times


def timed_stages() -> Counter:
    """Seconds spent building Documents ("Document") and in each check (by code), summed
    over the pages audited from now on: the returned Counter fills as audits run.

    Wraps ``api.build_document`` and ``runner.run_check`` (a clock read around each,
    under 1 % of a page's time), so the figures add up to the analysis minus scoring and JSON."""
    from seoaudit import api, runner

    spent: Counter = Counter()
    build, run = api.build_document, runner.run_check

    def timed_build(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return build(*args, **kwargs)
        finally:
            spent["Document"] += time.perf_counter() - t0

    def timed_run(spec, *args):
        t0 = time.perf_counter()
        try:
            return run(spec, *args)
        finally:
            spent[spec.code] += time.perf_counter() - t0

    api.build_document, runner.run_check = timed_build, timed_run
    return spent


def startup_time(runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "seoaudit", "--help"], cwd=ROOT, capture_output=True, check=True)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=default_corpus())
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument("--no-reference", action="store_true")
    ap.add_argument("--select", action="append", default=[], help="only these checks (codes, prefixes, categories), e.g. --select clinic")
    ap.add_argument("--stages", type=int, default=0, metavar="N",
                    help="also print the N costliest stages (the Document build, each check), median ms/page over the passes")
    args = ap.parse_args()

    pages = load_corpus(args.corpus, args.limit)
    mb = sum(len(b) for _, b, _ in pages) / 1e6
    print(f"corpus: {len(pages)} pages, {mb:.1f} MB of HTML ({args.corpus})")
    from selectolax.lexbor import LexborHTMLParser

    keyphrases = []
    for _, body, _ in pages:
        t = LexborHTMLParser(body).css_first("title")
        keyphrases.append(keyphrase_for(t.text() if t else ""))

    # warm-up: lazy data (syllable table, gazetteer) loads once, outside the timing
    run_seoaudit(pages[:3], keyphrases[:3], args.select)
    rss_after_warmup = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # and the data only some pages ask for (hyphenation dictionaries of French, German...
    # pages, the French and Spanish rule sets): a long scan loads each once, but with a
    # three-page warm-up the first timed pass paid for them, and whether that pass was the
    # median decided the figure. Every timed pass starts from empty content caches anyway.
    t0 = time.perf_counter()
    run_seoaudit(pages, keyphrases, args.select)
    print(f"warm-up pass (loads each language's data once, as a long scan does): {time.perf_counter() - t0:.2f} s")

    stage_seconds = timed_stages() if args.stages else None
    ours, ref, stage_passes = [], [], []
    reports = None
    for i in range(args.passes):
        clear_content_caches()
        gc.collect()
        if stage_seconds is not None:
            stage_seconds.clear()
        times, reports = run_seoaudit(pages, keyphrases, args.select)
        if stage_seconds is not None:
            stage_passes.append(dict(stage_seconds))
        ours.append(sum(times))
        if not args.no_reference:
            gc.collect()
            ref.append(sum(run_reference(pages, keyphrases)))
        print(f"pass {i + 1}: seoaudit {sum(times):.2f} s" + (f", reference {ref[-1]:.2f} s" if ref else ""))

    n = len(pages)
    med = statistics.median(ours)
    print()
    from seoaudit.api import Auditor
    from seoaudit.config import Settings

    n_checks = len(Auditor(Settings(select=tuple(args.select))).specs)
    print(f"seoaudit full analysis ({n_checks} checks): {n / med:.0f} pages/s/core (median pass {med:.2f} s, {1000 * med / n:.2f} ms/page)")
    if ref:
        rmed = statistics.median(ref)
        print(f"reference bs4 html.parser pipeline: {n / rmed:.0f} pages/s/core ({1000 * rmed / n:.2f} ms/page)")
        print(f"ratio seoaudit / reference speed: {rmed / med:.1f}x")

    if stage_passes:
        names = sorted({k for p in stage_passes for k in p}, key=lambda k: -statistics.median(p.get(k, 0.0) for p in stage_passes))
        checks_ms = statistics.median(sum(v for k, v in p.items() if k != "Document") for p in stage_passes) * 1000 / n
        print(f"stages (median ms/page over {len(stage_passes)} passes; all checks together {checks_ms:.2f}):")
        for name in names[: args.stages]:
            print(f"  {name:10s} {statistics.median(p.get(name, 0.0) for p in stage_passes) * 1000 / n:6.2f}")

    from seoaudit.document import build_document
    from seoaudit.models import RawPage

    scores = []
    methods = Counter()
    for url, body, truth in pages:
        doc = build_document(RawPage(source=url, url=url, body=body))
        methods[doc.extraction.split(":")[0]] += 1
        # headline excluded: the ground truth is the article body without it
        scores.append(f1("\n".join(b.text for b in doc.blocks if b.kind != "h1"), truth))
    print(
        f"main-content F1: mean {statistics.mean(s[2] for s in scores):.3f}, median {statistics.median(s[2] for s in scores):.3f}, "
        f"precision {statistics.mean(s[0] for s in scores):.3f}, recall {statistics.mean(s[1] for s in scores):.3f}"
    )
    print("extraction methods: " + ", ".join(f"{k} {v}" for k, v in methods.most_common()))
    errors = sum(1 for r in reports if r.status == "error")
    crashed = sum(1 for r in reports for c in r.checks if c.status == "error")
    print(f"pages with errors: {errors}; crashed checks: {crashed}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB (after warm-up {rss_after_warmup:.0f} MB)")
    print(f"`python -m seoaudit --help` start-up: {startup_time():.3f} s (median of 5)")


if __name__ == "__main__":
    main()
