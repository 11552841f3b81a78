"""``seoaudit scan`` speed and memory on a generated clinic blog served on 127.0.0.1.

The blog (tests/clinicsite.py: posts with Related links, a broken link on every tenth
post, a redirected link on every tenth, duplicate titles) is served by a separate
process with a fixed latency per response. Each scan runs in its own process with the
full analysis (every check, scorecards, JSONL/CSV, SQLite history, site checks and the
dashboard), and reports wall time, requests made and peak RSS (the scan process, and
the largest analysis worker).

    python benchmarks/scan_benchmark.py                 # 1,000 @ 100 ms, 1,000 @ 0 ms, 10,000 @ 0 ms, re-scan
    python benchmarks/scan_benchmark.py --pages 200 --latency 0.1 --runs latency

Scans use an HTTP cache in their temporary folder, as ``seoaudit scan`` does by
default (``--no-cache`` here turns it off). The ``rescan`` run scans the same site
twice with one cache and prints the second scan's time and the body bytes the
server sent each time (posts carry ETags, so unchanged posts come back as 304).

The politeness bound with 4 requests per host at 100 ms is 40 requests/s; the
benchmark prints the bound for the requests actually made (pages + robots.txt +
sitemaps + link-target checks) next to the 25 s figure for 1,000 pages. Prints
figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

SCAN_CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from seoaudit.crawl import CrawlPolicy
from seoaudit.scan import ScanOptions, ScanRun, ScanSpec
from seoaudit.store import Store
target, out, db, per_host, workers, cache = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
intel = sys.argv[7] == "1"
store = Store(db)
options = ScanOptions(policy=CrawlPolicy(per_host=per_host, global_limit=16), workers=workers,
                      cache_path=None if cache == "-" else Path(cache), intel=intel)
start = time.perf_counter()
run = ScanRun([ScanSpec(name="bench", targets=[target], out_dir=out, cities=("Edmonton",))], store, options, log=lambda m: None)
results = run.run()
elapsed = time.perf_counter() - start
r = results[0]
print(json.dumps({
    "seconds": elapsed, "ok": r.ok, "failed": r.failed, "skipped": r.skipped, "from_cache": r.from_cache,
    "requests": run.requests,
    "rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""


INTEL = False  # --intel: scans run site intelligence too


def serve(posts: int, latency: float, ready, stop, asks, stats, old_link_every: int = 10) -> None:
    """Serve until ``stop``; answer each item put in ``asks`` with the server's counters so far."""
    from queue import Empty

    from clinicsite import ClinicSite

    with ClinicSite(posts=posts, latency=latency, old_link_every=old_link_every) as site:
        ready.put(site.port)
        while not stop.is_set():
            try:
                asks.get(timeout=0.05)
            except Empty:
                continue
            stats.put({"body_bytes": site.body_bytes_sent, "not_modified": site.not_modified, "requests": len(site.log)})


class Server:
    """The generated blog in its own process (so serving never competes with the scan for the GIL)."""

    def __init__(self, posts: int, latency: float, old_link_every: int = 10):
        ctx = multiprocessing.get_context("spawn")
        self.ready, self.stop, self.asks, self.stats = ctx.Queue(), ctx.Event(), ctx.Queue(), ctx.Queue()
        self.process = ctx.Process(target=serve, args=(posts, latency, self.ready, self.stop, self.asks, self.stats, old_link_every), daemon=True)

    def __enter__(self) -> "Server":
        self.process.start()
        self.port = self.ready.get(timeout=30)
        return self

    def counters(self) -> dict:
        """Body bytes sent, 304s and requests so far."""
        self.asks.put(1)
        return self.stats.get(timeout=10)

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.process.join(10)


def scan_once(port: int, tmp: str, out: str, per_host: int, workers: int, mode: str, cache: bool) -> dict:
    """One scan in a fresh process; site intelligence only with --intel (INTEL), since it is issue 6's
    whole-site analysis after the scan, not the fetch-and-audit pipeline this measures."""
    target = f"http://127.0.0.1:{port}/" + ("sitemap.txt" if mode == "sitemap" else "")
    cache_path = f"{tmp}/http-cache.sqlite3" if cache else "-"
    proc = subprocess.run([sys.executable, "-c", SCAN_CHILD, target, f"{tmp}/{out}", f"{tmp}/h.db", str(per_host),
                           str(workers), cache_path, "1" if INTEL else "0"], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"scan failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_once(posts: int, latency: float, per_host: int, workers: int, mode: str, cache: bool, old_link_every: int = 10) -> dict:
    with Server(posts, latency, old_link_every) as server, tempfile.TemporaryDirectory(prefix="seoaudit-bench-") as tmp:
        return scan_once(server.port, tmp, "out", per_host, workers, mode, cache)


def run_rescan(posts: int, latency: float, per_host: int, workers: int, mode: str) -> tuple[dict, dict, dict, dict]:
    """Two scans of one unchanged site with one cache: each scan's result and the server's counters for it."""
    with Server(posts, latency) as server, tempfile.TemporaryDirectory(prefix="seoaudit-bench-") as tmp:
        first = scan_once(server.port, tmp, "first", per_host, workers, mode, True)
        after_first = server.counters()
        second = scan_once(server.port, tmp, "second", per_host, workers, mode, True)
        after_second = server.counters()
    served_second = {k: after_second[k] - after_first[k] for k in after_first}
    return first, second, after_first, served_second


def report(label: str, posts: int, latency: float, per_host: int, r: dict) -> None:
    line = (f"{label:<28} {r['seconds']:7.2f} s  {r['ok']:6d} pages audited  {r['requests']:6d} requests  "
            f"{r['ok'] / r['seconds']:6.1f} pages/s  peak RSS main {r['rss_main_mb']:.0f} MB, worker {r['rss_worker_mb']:.0f} MB")
    print(line)
    if latency:
        bound = r["requests"] * latency / per_host
        print(f"{'':<28} politeness bound for these requests: {bound:.1f} s (ratio {r['seconds'] / bound:.2f}); "
              f"for {posts} requests: {posts * latency / per_host:.1f} s (ratio {r['seconds'] / (posts * latency / per_host):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--big", type=int, default=10_000, help="pages for the memory run")
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--workers", type=int, default=0, help="analysis processes (0: one per CPU)")
    parser.add_argument("--mode", choices=("sitemap", "crawl"), default="sitemap")
    parser.add_argument("--runs", default="latency,maintained,fast,big,rescan",
                        help="comma list of: latency, maintained (the same blog without the 100 planted redirected links), fast, big, rescan")
    parser.add_argument("--no-cache", action="store_true", help="scan without the HTTP cache")
    parser.add_argument("--intel", action="store_true", help="also run site intelligence after each scan (timed with it)")
    args = parser.parse_args()
    global INTEL
    INTEL = args.intel
    cache = not args.no_cache
    runs = set(args.runs.split(","))
    print(f"seoaudit scan benchmark: {args.mode} mode, {args.per_host}/host, workers={args.workers or 'cpu'}, "
          f"{multiprocessing.cpu_count()} CPUs")
    if "latency" in runs:
        r = run_once(args.pages, args.latency, args.per_host, args.workers, args.mode, cache)
        report(f"{args.pages} pages @ {args.latency * 1000:.0f} ms", args.pages, args.latency, args.per_host, r)
    if "maintained" in runs:
        # The standard site plants a redirected /old/ link in one post of ten: 100 extra
        # link targets, each one request under the same per-host limit. This run is the
        # same blog kept tidy (no /old/ links), so the pages' own cost shows.
        r = run_once(args.pages, args.latency, args.per_host, args.workers, args.mode, cache, old_link_every=0)
        report(f"{args.pages} tidy pages @ {args.latency * 1000:.0f} ms", args.pages, args.latency, args.per_host, r)
    if "fast" in runs:
        r = run_once(args.pages, 0.0, args.per_host, args.workers, args.mode, cache)
        report(f"{args.pages} pages @ 0 ms", args.pages, 0.0, args.per_host, r)
    if "big" in runs:
        r = run_once(args.big, 0.0, args.per_host, args.workers, args.mode, cache)
        report(f"{args.big} pages @ 0 ms", args.big, 0.0, args.per_host, r)
    if "rescan" in runs:
        first, second, served_first, served_second = run_rescan(args.pages, args.latency, args.per_host, args.workers, args.mode)
        report(f"{args.pages} @ {args.latency * 1000:.0f} ms, 1st scan", args.pages, args.latency, args.per_host, first)
        report(f"{args.pages} @ {args.latency * 1000:.0f} ms, re-scan", args.pages, args.latency, args.per_host, second)
        print(f"{'':<28} body bytes served: 1st scan {served_first['body_bytes'] / 1e6:.2f} MB, "
              f"re-scan {served_second['body_bytes'] / 1e6:.3f} MB ({served_second['not_modified']} answers 304; "
              f"{second['from_cache']} pages audited from the cache)")


if __name__ == "__main__":
    main()
