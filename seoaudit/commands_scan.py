"""``seoaudit scan`` and ``seoaudit history``: click commands only.

Heavy modules are imported inside the functions so ``seoaudit --help`` stays fast.
Exit codes: 0 every URL audited (or skipped by robots.txt); 2 usage or config error;
3 some URLs or sitemaps could not be audited/read (the rest is still reported);
130 interrupted (Ctrl-C; ``--resume`` continues).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

EXIT_OK, EXIT_USAGE, EXIT_TARGETS, EXIT_INTERRUPTED = 0, 2, 3, 130
# a site (or client) of the run audited nothing: unreachable, or every target failed. Apart from 3,
# so that a cron job tells "a client's scan could not run" from "a client has a dead sitemap entry"
EXIT_SITE_FAILED = 4


def _fail_usage(message: str) -> None:
    for line in message.splitlines() or [""]:  # several mistakes (a clients file's): one error line each
        click.echo(f"seoaudit: error: {line}", err=True)
    sys.exit(EXIT_USAGE)


def _site_name(targets: list[str]) -> str:
    from .urls import normalise_url, site_of

    sites = []
    for t in targets:
        url = normalise_url(t) if "://" in t else None
        name = site_of(url) if url else Path(t).name
        if name not in sites:
            sites.append(name)
    return ",".join(sites) or "scan"


@click.command()
@click.argument("targets", nargs=-1)
@click.option("--clients", "clients_file", type=click.Path(dir_okay=False), help="Clients file (.toml/.yaml): scan every client's site.")
@click.option("-k", "--keyphrase", "keyphrases", multiple=True, help="Focus keyphrase for every page (wins over config).")
@click.option("-c", "--city", "cities", multiple=True, help="Target city (repeat for several).")
@click.option("--config", "config", type=click.Path(dir_okay=False), help="Config file (.toml or .cfg) read after the discovered ones (seoaudit.toml, pyproject.toml, setup.cfg).")
@click.option("-o", "--output", "output", type=click.Path(file_okay=False), help="Output folder (default: seoaudit-scan).")
@click.option("--site", "site_name", help="Name the site in the history (default: the host name).")
@click.option("--db", "db_path", type=click.Path(dir_okay=False), help="History database (default: $SEOAUDIT_DB or ~/.local/share/seoaudit/history.sqlite3).")
@click.option("--max-pages", type=click.IntRange(min=1), default=50_000, show_default=True, help="Most pages to audit per site.")
@click.option("--max-depth", type=click.IntRange(min=0), default=10, show_default=True, help="Most links to follow from a start URL.")
@click.option("--include", multiple=True, help="Only pages whose URL or path matches this glob (repeatable).")
@click.option("--exclude", multiple=True, help="Skip pages whose URL or path matches this glob (repeatable).")
@click.option("--per-host", type=click.IntRange(min=1, max=64), default=4, show_default=True, help="Requests in flight per host.")
@click.option("--concurrency", type=click.IntRange(min=1, max=256), default=16, show_default=True, help="Requests in flight overall.")
@click.option("--delay", type=click.FloatRange(min=0), default=0.0, help="Seconds between requests to one host (robots Crawl-delay wins if longer).")
@click.option("--retries", type=click.IntRange(min=0, max=10), default=2, show_default=True, help="Retries for timeouts, connection errors, 429 and 503.")
@click.option("--timeout", "read_timeout", type=click.FloatRange(min=0.1), help="HTTP read timeout in seconds.")
@click.option("--page-timeout", type=click.FloatRange(min=0.1), help="Seconds for a whole page, every hop and the body (default 60).")
@click.option("--max-bytes", type=click.IntRange(min=1), help="Largest page to read (default 10 MB).")
@click.option("--user-agent", help="User-Agent header (robots.txt rules are matched on its first word).")
@click.option("--ignore-robots", is_flag=True, help="Do not read robots.txt (only for your own sites).")
@click.option("--workers", type=click.IntRange(min=0, max=64), default=0, help="Analysis processes (default: one per CPU; 1 = no subprocesses).")
@click.option("--no-scorecards", is_flag=True, help="Skip the per-page HTML scorecards.")
@click.option("--resume", is_flag=True, help="Continue the last interrupted scan of the same site.")
@click.option("--cache", "cache_path", type=click.Path(dir_okay=False), help="HTTP cache file (default: http-cache.sqlite3 next to the history database).")
@click.option("--cache-max-mb", type=click.IntRange(min=1), default=512, show_default=True, help="Largest size of the HTTP cache's stored pages.")
@click.option("--no-cache", is_flag=True, help="Fetch every page in full: no conditional requests, cache neither read nor written.")
@click.option("--intel/--no-intel", default=True, show_default=True, help="Site intelligence after the scan: near-duplicates, city swaps, competing pages (intel.json, intel.csv, dashboard, scorecards).")
@click.option("--infer-keyphrases/--no-infer-keyphrases", default=None,
              help="Posts with no keyphrase are audited against site intelligence's top suggestion (default: config infer_keyphrases).")
@click.option("--intel-max-pages", type=click.IntRange(min=2), default=20_000, show_default=True, help="Skip site intelligence above this many audited pages (10,000 typical pages: ~31-41 s, ~320 MB).")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr (default: when stderr is a terminal).")
@click.option("--no-history", is_flag=True, help="Do not record the scan in the history database (spot checks): no scan number, trend or change.")
def scan(targets, clients_file, keyphrases, cities, config, output, site_name, db_path, max_pages, max_depth, include, exclude,
         per_host, concurrency, delay, retries, read_timeout, page_timeout, max_bytes, user_agent, ignore_robots, workers, no_scorecards,
         resume, cache_path, cache_max_mb, no_cache, intel, infer_keyphrases, intel_max_pages, progress, no_history):
    """Scan whole sites: TARGETS are site roots (crawled), sitemaps (.xml/.gz URL or file, or a text
    sitemap's URL), page URLs or local files of URLs, one a line.

    Writes OUTPUT/index.html (dashboard), pages/*.html (scorecards), pages.csv,
    findings.csv, changes.csv (findings fixed and new since the last scan),
    links.csv (broken and redirected links), pages.jsonl, intel.json and intel.csv
    (site intelligence), and stores the scan in the history database.

    \b
    Examples:
      seoaudit scan https://clinic.example/ -k "physiotherapy" -c Edmonton
      seoaudit scan https://clinic.example/sitemap_index.xml --max-pages 500
      seoaudit scan --clients clients.toml   # each client with its own settings
    """
    if not targets and not clients_file:
        _fail_usage("give TARGETS or --clients FILE")
    if targets and clients_file:
        _fail_usage("give either TARGETS or --clients FILE, not both")
    if infer_keyphrases and not intel:
        _fail_usage("--infer-keyphrases takes the keyphrases from site intelligence: drop --no-intel")
    if resume and no_history:
        _fail_usage("--resume continues a scan recorded in the history: not with --no-history")
    from .cli import _load_settings

    # from the targets' folders as `audit` finds them (a local sitemap or URL list's site;
    # URLs and --clients: the working directory)
    settings = _load_settings(config, list(targets) or None, read_timeout=read_timeout, page_timeout=page_timeout, max_bytes=max_bytes, user_agent=user_agent)
    from .clients import load_clients
    from .crawl import CrawlPolicy
    from .fetch import USER_AGENT, FetchLimits
    from .progress import Progress
    from .registry import ConfigError
    from .scan import ScanOptions, ScanRun, ScanSpec
    from .store import Store, StoreError, default_db_path

    overview = None
    if clients_file:
        try:
            root, clients = load_clients(clients_file, settings, output)
        except ConfigError as exc:
            _fail_usage(str(exc))
        specs = [ScanSpec(name=c.name, targets=list(c.targets), out_dir=c.output, settings=c.settings,
                          keyphrases=tuple(keyphrases), cities=tuple(cities)) for c in clients]
        overview = root / "index.html"
    else:
        specs = [ScanSpec(name=site_name or _site_name(list(targets)), targets=list(targets),
                          out_dir=Path(output or settings.output or "seoaudit-scan"), settings=settings,
                          keyphrases=tuple(keyphrases), cities=tuple(cities))]
    if infer_keyphrases is not None:  # the flag wins over every client's settings
        from dataclasses import replace

        for spec in specs:
            spec.settings = replace(spec.settings, intel={**spec.settings.intel, "infer_keyphrases": infer_keyphrases})
    limits = FetchLimits.of(settings)
    policy = CrawlPolicy(per_host=per_host, global_limit=max(concurrency, per_host), delay=delay, retries=retries,
                         respect_robots=not ignore_robots, user_agent=settings.user_agent or USER_AGENT, limits=limits)
    from .httpcache import default_cache_path

    db_file = Path(db_path) if db_path else default_db_path()
    cache_file = None if no_cache else Path(cache_path) if cache_path else default_cache_path(db_file)
    options = ScanOptions(max_pages=max_pages, max_depth=max_depth, include=tuple(include), exclude=tuple(exclude),
                          policy=policy, workers=workers, resume=resume, scorecards=not no_scorecards,
                          cache_path=cache_file, cache_max_bytes=cache_max_mb * 1024 * 1024,
                          intel=intel, intel_max_pages=intel_max_pages)
    # --no-history: the scan runs on a throwaway database (the HTTP cache stays the usual one)
    unrecorded = tempfile.TemporaryDirectory(prefix="seoaudit-") if no_history else None
    try:
        store = Store(Path(unrecorded.name) / "history.sqlite3", numbered=False) if unrecorded else Store(db_file)
    except StoreError as exc:
        _fail_usage(str(exc))
    bar = Progress(enabled=progress)
    run = ScanRun(specs, store, options, progress=bar, log=bar.write)  # failure lines go above the bar
    try:
        results = run.run()
    finally:
        bar.close()
    if overview is not None and not run.interrupted:
        from .reports.dashboard import write_overview

        write_overview(store, results, overview)
    store.close()
    if unrecorded is not None:
        unrecorded.cleanup()
    from .scan import closing_line

    for r in results:
        click.echo(closing_line(r), err=True)
    if run.interrupted:
        click.echo("seoaudit: interrupted; " + ("--no-history keeps nothing to resume: run the scan again." if no_history else
                                                "audited pages are kept. Run the same command with --resume to continue."), err=True)
        sys.exit(EXIT_INTERRUPTED)
    if overview is not None:
        click.echo(f"seoaudit: clients overview -> {overview}", err=True)
    if any(r.failure for r in results):
        sys.exit(EXIT_SITE_FAILED)
    failed = any(r.failed or r.problems for r in results)
    sys.exit(EXIT_TARGETS if failed else EXIT_OK)


@click.command()
@click.argument("target", required=False)
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True,
              help="Output format: text for people, json and csv (UTF-8 with a byte order mark, as the scan's CSVs) for reports and spreadsheets.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False), help="History database (default: $SEOAUDIT_DB or ~/.local/share/seoaudit/history.sqlite3).")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Most recent scans to show per site.")
def history(target, fmt, db_path, limit):
    """Every stored site and its last scan; with TARGET, the scans of a SITE (its name, any case, or a
    host name or root URL) or the scores of one page URL.

    \b
    Examples:
      seoaudit history
      seoaudit history "Kirkstall Physio" -f csv > kirkstall.csv
      seoaudit history https://clinic.example/blog/knee-pain/ -f json
    """
    from .history import NotFound, SiteView, history_view
    from .reports.history import lookup_note, render
    from .store import Store, StoreError, default_db_path

    path = Path(db_path) if db_path else default_db_path()
    if not path.is_file():
        _fail_usage(f"{path}: no history database yet (run seoaudit scan first)")
    try:
        store = Store(path)
    except StoreError as exc:
        _fail_usage(str(exc))
    try:
        view = history_view(store, target, limit)
    except NotFound as exc:
        _fail_usage(str(exc))
    finally:
        store.close()
    note = lookup_note(view) if isinstance(view, SiteView) else ""
    if note:  # found by another spelling, a host or a client's targets: which stored sites these are
        click.echo(f"seoaudit: {note}", err=True)
    click.echo(render(view, fmt), nl=False)
