"""``seoaudit scan`` speed and memory on a generated clinic blog served on 127.0.0.1.

The blog (tests/clinicsite.py: posts with Related links, a broken link on every tenth
post, a redirected link on every tenth, duplicate titles) is served by a separate
process with a fixed latency per response. Each scan runs in its own process with the
full analysis (every check, scorecards, JSONL/CSV, SQLite history, site checks and the
dashboard), and reports wall time, requests made and peak RSS (the scan process, and
the largest analysis worker).

    python benchmarks/scan_benchmark.py                 # 1,000 @ 100 ms, 1,000 @ 0 ms, 10,000 @ 0 ms
    python benchmarks/scan_benchmark.py --pages 200 --latency 0.1 --runs latency

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
target, out, db, per_host, workers = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
store = Store(db)
options = ScanOptions(policy=CrawlPolicy(per_host=per_host, global_limit=16), workers=workers)
start = time.perf_counter()
run = ScanRun([ScanSpec(name="bench", targets=[target], out_dir=out, cities=("Edmonton",))], store, options, log=lambda m: None)
results = run.run()
elapsed = time.perf_counter() - start
r = results[0]
print(json.dumps({
    "seconds": elapsed, "ok": r.ok, "failed": r.failed, "skipped": r.skipped,
    "requests": run.requests,
    "rss_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "rss_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""


def serve(posts: int, latency: float, ready, stop) -> None:
    from clinicsite import ClinicSite

    with ClinicSite(posts=posts, latency=latency) as site:
        ready.put(site.port)
        stop.wait()


def run_once(posts: int, latency: float, per_host: int, workers: int, mode: str) -> dict:
    ctx = multiprocessing.get_context("spawn")
    ready, stop = ctx.Queue(), ctx.Event()
    server = ctx.Process(target=serve, args=(posts, latency, ready, stop), daemon=True)
    server.start()
    port = ready.get(timeout=30)
    target = f"http://127.0.0.1:{port}/" + ("sitemap.txt" if mode == "sitemap" else "")
    with tempfile.TemporaryDirectory(prefix="seoaudit-bench-") as tmp:
        proc = subprocess.run([sys.executable, "-c", SCAN_CHILD, target, f"{tmp}/out", f"{tmp}/h.db", str(per_host), str(workers)],
                              capture_output=True, text=True, cwd=ROOT)
    stop.set()
    server.join(10)
    if proc.returncode != 0:
        raise SystemExit(f"scan failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


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
    parser.add_argument("--runs", default="latency,fast,big", help="comma list of: latency, fast, big")
    args = parser.parse_args()
    runs = set(args.runs.split(","))
    print(f"seoaudit scan benchmark: {args.mode} mode, {args.per_host}/host, workers={args.workers or 'cpu'}, "
          f"{multiprocessing.cpu_count()} CPUs")
    if "latency" in runs:
        r = run_once(args.pages, args.latency, args.per_host, args.workers, args.mode)
        report(f"{args.pages} pages @ {args.latency * 1000:.0f} ms", args.pages, args.latency, args.per_host, r)
    if "fast" in runs:
        r = run_once(args.pages, 0.0, args.per_host, args.workers, args.mode)
        report(f"{args.pages} pages @ 0 ms", args.pages, 0.0, args.per_host, r)
    if "big" in runs:
        r = run_once(args.big, 0.0, args.per_host, args.workers, args.mode)
        report(f"{args.big} pages @ 0 ms", args.big, 0.0, args.per_host, r)


if __name__ == "__main__":
    main()
