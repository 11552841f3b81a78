"""``seoaudit scan``: crawl or read sitemaps, audit every page, stream outputs, keep history.

One ``ScanRun`` drives any number of ``ScanUnit``s (one per client or site) through one
``Crawler`` (so per-host limits hold across clients) and one analysis pool:

1. seeds: site roots are crawled (robots.txt ``Sitemap:`` lines are read too), sitemap
   URLs/files are expanded, page URLs are fetched as given;
2. fetched pages go to the analysis pool (worker processes: parsing and checks are
   CPU-bound); each finished page is written to JSONL/CSV, its scorecard to disk and
   its row, links and newly found jobs to SQLite in one transaction, then forgotten;
3. every internal link target not fetched as a page is requested once;
4. the site phase reads the compact facts back from SQLite, runs the site checks
   (``checks/site_links.py``) and writes their findings;
5. site intelligence (``scan_intel.py``) reads back the pages' text records, spooled to
   a file as pages were analysed, and adds duplicates, city swaps and competing pages;
   then the dashboard is written. With ``infer_keyphrases``, the posts that had no
   keyphrase were kept on disk instead of written (``UntargetedPosts``): they are audited
   again against their top suggestion before the site phase (``_audit_untargeted``);
6. every file above is written in the output folder's staging folder; the complete set
   replaces the previous scan's only when the scan completes and audited a page
   (``scan_folder.py``), so an interrupted scan, or one of a site that was down, leaves
   the last complete results in place.

Memory holds only keys of seen URLs and small per-page facts, never documents.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterable

from . import __version__
from .api import Auditor
from .changes import finding_items, toggled_checks
from .config import Settings
from .crawl import CrawlPolicy, Crawler, Done, Job, LinkStatus
from .httpcache import DEFAULT_MAX_BYTES as DEFAULT_CACHE_BYTES
from .models import AuditReport, PageReport, RawPage
from .reports.base import check_docs
from .reports.csv_report import ScanWriter, finding_links
from . import scan_folder
from .scan_intel import (DEFAULT_MAX_PAGES as DEFAULT_INTEL_MAX_PAGES, SPOOL_NAME, UNTARGETED_NAME, PageTextSpool, UntargetedPosts,
                         page_text_line)
from .page_type import page_type
from .site import content_hash_of, first_h1
from .sitemaps import (MAX_SITEMAP_BYTES, SitemapError, child_location, expand_sitemaps, read_local, read_url_list,
                       scan_target)
from .sources import error_line
from .store import Store
from .text import printable
from .urls import host_of, in_scope, normalise_url, site_of, url_key

SCORECARD_DIR = scan_folder.SCORECARDS
#: Pages waiting for analysis, per worker, before fetching pauses (keeps memory flat).
BACKLOG_PER_WORKER = 4
#: Failed URLs named on stderr per site; past it one closing line gives the count (a site that
#: is down would otherwise print thousands of lines over the progress bar). pages.csv has them all.
MAX_FAILURE_LINES = 50


@dataclass(frozen=True)
class ScanOptions:
    max_pages: int = 50_000
    max_depth: int = 10
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    policy: CrawlPolicy = field(default_factory=CrawlPolicy)
    workers: int = 0  # analysis processes; 0 = one per CPU, 1 = in this process
    resume: bool = False
    scorecards: bool = True
    cache_path: Path | None = None  # HTTP cache file (conditional requests); None: fetch everything in full
    cache_max_bytes: int = DEFAULT_CACHE_BYTES
    intel: bool = True  # site intelligence after the site phase
    intel_max_pages: int = DEFAULT_INTEL_MAX_PAGES  # above this many audited pages it is skipped


@dataclass
class ScanSpec:
    """One site (or client) to scan and where its results go."""

    name: str
    targets: list[str]
    out_dir: Path
    settings: Settings = field(default_factory=Settings)
    keyphrases: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()


@dataclass
class UnitResult:
    name: str
    scan_id: int
    out_dir: Path
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    problems: int = 0  # sitemaps (or targets) that could not be read: not pages
    from_cache: int = 0  # audited pages the server answered 304 Not Modified for
    score: float | None = None
    status: str = "complete"
    intel: dict | None = None  # site intelligence summary (intel.json "summary"), when it ran
    not_posts: int = 0  # audited pages that are home pages, listings or site pages (not in the score)
    failure: str = ""  # why a complete scan audited nothing ("site unreachable: ..."), "" when it audited a page
    published: bool = False  # its files are in out_dir; else in the staging folder (interrupted, or nothing audited)
    kept_earlier: bool = False  # not published, and out_dir still holds an earlier scan's complete set
    partial: bool = False  # it covered some pages of the site (page URLs, a URL list, a sitemap not read)
    changes: Any = None  # changes.ChangesSummary as its dashboard shows it; None: not compared (first scan, nothing audited)
    broken_links: int | None = None  # broken link targets an audited page links to (reports.dashboard.linked_broken_targets)


# ---- analysis (runs in worker processes) ------------------------------------------------


@dataclass(frozen=True)
class Analysed:
    """What a worker sends back: compact facts plus the serialised JSONL line."""

    key: str
    url: str
    status: str  # ok | error
    score: float | None = None
    categories: dict = field(default_factory=dict)
    title: str = ""
    meta_description: str | None = None
    h1: str = ""
    content_hash: str = ""
    words: int = 0
    error: str | None = None
    cause: str = ""  # the error's code: parse (here) or analysis (the worker process failed: ScanRun._result)
    # code, name, category, status, score, message, the links it is about, the check's fix for this page
    failing: tuple[tuple[str, str, str, str, float | None, str, tuple[str, ...], str], ...] = ()
    links: tuple[tuple[str, str, str], ...] = ()  # internal: href, context, anchor text
    scorecard: str = ""
    jsonl: str = ""
    page_text: str = ""  # the page's PageText as a JSON line, for site intelligence ("" when off)
    page_type: str = "post"  # post, listing, home or page (page_type.py): only posts count in the site score
    keyphrases: tuple[str, ...] = ()  # what the page was audited against (pages.csv)
    cities: tuple[str, ...] = ()
    # a post with no keyphrase in a scan that infers them: audited again once site intelligence
    # has suggested one (``ScanRun._audit_untargeted``); nothing of this first audit is written
    untargeted: bool = False
    items: tuple[tuple[str, str, str, str], ...] = ()  # the failing checks' findings (changes.finding_items)
    score_change: float | None = None  # since the page's score in the previous scan with a score
    not_applicable: tuple[str, ...] = ()  # the checks that did not apply to the page (site.site_wide_findings' "of")


_WORKER: dict[int, tuple[Auditor, Path, bool, bool]] = {}  # tag -> auditor, out_dir, scorecards, intel


def _site_check_codes() -> frozenset[str]:
    from .checks import site_links

    return frozenset(f.spec.code for f in site_links.CHECKS)


def init_worker(units: list[tuple[Settings, tuple[str, ...], tuple[str, ...], Path, bool, bool]], in_main: bool = False) -> None:
    """Build one Auditor per unit; site checks are left to the site phase."""
    if not in_main:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    site_codes = _site_check_codes()
    _WORKER.clear()
    for tag, (settings, keyphrases, cities, out_dir, scorecards, intel) in enumerate(units):
        auditor = Auditor(settings, keyphrases, cities)
        auditor.specs = tuple(s for s in auditor.specs if s.code not in site_codes)
        _WORKER[tag] = (auditor, out_dir, scorecards, intel)


def analyse(tag: int, raw: RawPage, extra: dict, previous: Any = None, inferred: str | None = None) -> Analysed:
    """Parse and audit one page, write its scorecard; never raises.

    ``previous`` (``reports.html.PreviousScores``) is this page in the site's previous
    scan: the scorecard shows the change since then. ``inferred``: the second audit of an
    ``untargeted`` post, against site intelligence's top suggestion ("" when it has none).
    """
    auditor, out_dir, scorecards, intel = _WORKER[tag]
    key = url_key(raw.url)
    try:
        # as `audit` judges a page: the targeting, and the clinic's profile and NAP for the clinic checks
        audited = auditor.audit_page(raw, inferred_keyphrase=inferred or "")
        error = None if audited.document is not None else audited.report.error or "could not parse page"
    except Exception as exc:  # noqa: BLE001 - one unparsable page must not stop a scan
        error = f"could not parse page: {type(exc).__name__}: {exc}"
    if error:
        line = json.dumps({"type": "page", "url": raw.url, "source": raw.source, "status": "error", "error": error, "cause": "parse", **extra})
        return Analysed(key=key, url=raw.url, status="error", error=error, cause="parse", jsonl=line)
    report, doc, targeting = audited.report, audited.document, audited.targeting
    kind = page_type(doc)
    # the suggestions compare each post with all the others: known only once every page is read
    untargeted = inferred is None and intel and kind == "post" and not targeting.keyphrases and infers_keyphrases(auditor.settings)
    scorecard = ""
    if scorecards and not untargeted:
        try:
            scorecard = write_scorecard(report, out_dir, previous)
        except Exception as exc:  # noqa: BLE001 - the audit stands even if its scorecard cannot be drawn
            extra = {**extra, "scorecard_error": f"scorecard not written: {type(exc).__name__}: {exc}"}
    content_hash = content_hash_of(doc)
    docs = check_docs()
    failing = tuple((c.code, c.name, c.category, c.status, c.score, c.message, finding_links(c.evidence),
                     docs[c.code].fix_for(report) if c.code in docs and c.status in ("bad", "ok") else "")
                    for c in report.checks if c.status in ("bad", "ok", "error"))
    items = tuple(item for c in report.checks if c.status in ("bad", "ok", "error")
                  for item in finding_items(c.code, c.status, c.message, c.evidence))
    links = tuple((l.href, l.context, l.text[:200]) for l in doc.links if l.internal and l.href and l.scheme in ("http", "https"))
    line = json.dumps({"type": "page", **report.to_dict(), **extra, "scorecard": scorecard}, ensure_ascii=False)
    page_text = ""
    if intel and kind == "post" and inferred is None:  # (the second audit's page was spooled by the first)  # a listing's teasers would read as near-copies of the posts it lists
        try:
            page_text = page_text_line(doc, targeting.keyphrases, targeting.cities, report.score)
        except Exception:  # noqa: BLE001 - the page stays audited; site intelligence just leaves it out
            page_text = ""
    return Analysed(
        key=key, url=raw.url, status="ok", score=report.score, categories=dict(report.categories), title=doc.title,
        meta_description=doc.meta_description, h1=first_h1(doc), content_hash=content_hash, words=doc.word_count,
        failing=failing, links=links, scorecard=scorecard, jsonl=line, page_text=page_text, page_type=kind,
        keyphrases=tuple(report.keyphrases), cities=tuple(report.cities), untargeted=untargeted, items=items,
        score_change=previous.delta(report.score) if previous is not None else None,
        not_applicable=tuple(c.code for c in report.checks if c.status == "na"),
    )


def infers_keyphrases(settings: Settings) -> bool:
    """Are posts without a keyphrase audited against their top suggestion (``--infer-keyphrases``)?"""
    return bool(settings.intel.get("infer_keyphrases"))


def write_scorecard(report: PageReport, out_dir: Path, previous: Any = None) -> str:
    """Render one page's HTML scorecard to ``out_dir/pages/``; returns its relative path.

    The scorecard has an empty slot for the "Site findings" card the site phase fills in.
    """
    from .reports import RenderContext, page_filename
    from .reports.html import render_page

    name = page_filename(report.url)
    html = render_page(report, AuditReport(pages=(report,), tool_version=__version__), RenderContext(), "../index.html",
                       previous=previous, site_slot=True)
    path = out_dir / SCORECARD_DIR / name
    path.write_text(html, encoding="utf-8")
    return f"{SCORECARD_DIR}/{name}"


class _InlineExecutor:
    """The analysis pool's interface, run in this process (``--workers 1`` and small tests)."""

    def submit(self, fn: Callable, *args) -> Future:
        fut: Future = Future()
        try:
            fut.set_result(fn(*args))
        except BaseException as exc:  # noqa: BLE001 - delivered like a pool would
            fut.set_exception(exc)
        return fut

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        pass


# ---- one site/client --------------------------------------------------------------------


class ScanUnit:
    """The state of one site's scan in a run: seen URLs, counters, store rows, outputs."""

    def __init__(self, tag: int, spec: ScanSpec, store: Store, options: ScanOptions):
        self.tag, self.spec, self.store, self.options = tag, spec, store, options
        self.seen: set[str] = set()  # url_keys queued or done
        self.audited: set[str] = set()  # final url_keys audited (a redirect to one is not re-audited)
        self.page_jobs = 0
        self.crawl_hosts: set[str] = set()  # sites whose links are followed
        self.start_urls: list[str] = []
        self.result: UnitResult | None = None
        self.writer: ScanWriter | None = None
        self.work_dir = scan_folder.staging_dir(spec.out_dir)  # where this scan writes until it is published
        self.scan_id = 0
        self.log: Callable[[str], None] = lambda message: None  # one line per problem: ScanRun sets it
        self.failures_unlisted = 0  # failed URLs past MAX_FAILURE_LINES, not named on stderr
        self.past_cap = Counter()  # via ("sitemap", "start") -> listed pages past --max-pages, not requested
        self.site_wide: list | None = None  # site.site_wide_findings, as the site phase found them
        self.link_statuses: dict | None = None  # every link target followed to its end, as the site phase read them (until reported)
        self._failures_named = 0
        self.resumed = False
        self.partial = False  # an input problem left pages of the site unknown (``problem``)
        self.previous_scan = None  # store.ScanRow: the scan "change since" compares with (set once the seeds are read)
        self.spool: PageTextSpool | None = None  # pages' text records for site intelligence, on disk
        self.intel_note = ""  # why site intelligence did not run, for the dashboard
        self.intel_summary: dict | None = None  # intel.json's "summary", when it ran
        self.paced: dict[str, str] = {}  # host -> why requests to it are spaced (Crawl-delay, --delay), said once
        self.crawl_started = 0.0  # time.monotonic() when its first request was made
        self.crawl_ended = 0.0  # ... and when its last answer came
        self.answers = 0  # requests answered (pages and link checks), for the pace actually reached
        self.untargeted: UntargetedPosts | None = None  # posts audited once site intelligence suggests a keyphrase

    @property
    def crawled(self) -> bool:
        return bool(self.crawl_hosts)

    @property
    def waits_for_keyphrases(self) -> bool:
        """Are untargeted posts waiting for their second audit (``ScanRun._audit_untargeted``)?"""
        return self.untargeted is not None and self.untargeted.count > 0 and not self.untargeted.done

    @property
    def whole_site(self) -> bool:
        """Does the scan cover the site (a crawl or a sitemap), rather than only the pages it was
        given (page URLs, lists of URLs)? Only then are the links into a page known (ST006, ST007).
        The rule history stores with the scan (``store.covers_whole_site``), so the two agree."""
        row = self.store.scan(self.scan_id) if self.scan_id else None
        if row is not None:
            return row.whole_site  # as stored: from the targets, and partial once a sitemap could not be read
        from .store import covers_whole_site

        return covers_whole_site(self.spec.targets)

    # ---- seeds ---------------------------------------------------------------------------
    def open(self) -> bool:
        """Start (or resume) the stored scan and open outputs; True when resuming."""
        resumed = self.store.resumable_scan(self.spec.name) if self.options.resume else None
        if resumed:
            self.scan_id = resumed
            self.store.reopen_scan(resumed)
        else:
            from .api import selected_checks

            self.scan_id = self.store.start_scan(self.spec.name, self.spec.targets, __version__)
            self.store.set_checks(self.scan_id, (s.code for s in selected_checks(self.spec.settings)))
        # the last complete scan's files stay in out_dir until this one completes (scan_folder.py)
        self.work_dir = scan_folder.prepare(self.spec.out_dir, resume=bool(resumed))
        if self.options.scorecards:
            (self.work_dir / SCORECARD_DIR).mkdir(exist_ok=True)
        self.writer = ScanWriter(self.work_dir, append=bool(resumed))
        if self.options.intel:
            self.spool = PageTextSpool(self.work_dir / SPOOL_NAME, append=bool(resumed))
            if infers_keyphrases(self.spec.settings):
                self.untargeted = UntargetedPosts(self.work_dir / UNTARGETED_NAME)
        self.result = UnitResult(self.spec.name, self.scan_id, self.spec.out_dir)
        self.resumed = bool(resumed)
        return self.resumed

    def previous_scores(self, key: str):
        """This page's scores in the previous scan of the site (``PreviousScores``), or None."""
        if self.previous_scan is None:
            return None
        row = self.store.previous_page(self.previous_scan.id, key)
        if row is None:
            return None
        from .reports.html import PreviousScores

        score, categories, not_applicable = row
        off, on = self.checks_toggled
        return PreviousScores(score=score, categories=categories, scan_number=self.previous_scan.number,
                              when=(self.previous_scan.started_at or "")[:16].replace("T", " "),
                              turned_off=tuple(sorted(off - not_applicable)), turned_on=tuple(sorted(on)))

    @cached_property
    def checks_toggled(self) -> tuple[frozenset[str], frozenset[str]]:
        """(turned off, turned on) since the previous scan (``changes.toggled_checks``), once per scan."""
        return toggled_checks(self.store, self.scan_id, self.previous_scan.id)

    def classify_targets(self) -> list[tuple[str, str]]:
        """(kind, target) for each target (``sitemaps.scan_target``)."""
        return [scan_target(target) for target in self.spec.targets]

    def seed(self, crawler: Crawler) -> list[Job]:
        jobs: list[Job] = []
        sitemap_roots: list[str] = []
        robots_sites: set[str] = set()  # sites whose robots.txt named sitemaps (which may live on another host)
        for kind, target in self.classify_targets():
            if kind == "bad":
                self.problem(target, f"{target}: not a URL, sitemap or existing file")
            elif kind == "root":
                self.crawl_hosts.add(site_of(target))
                self.start_urls.append(target)
                jobs.append(Job(target, via="start", tag=self.tag))
                robots = crawler.fetch_robots_now(target)
                # robots.txt is the site's word, not the user's: its Sitemap lines may only be web URLs
                named = [(s, child_location(s, robots.url or target)) for s in robots.sitemaps]
                for line, where in named:
                    if where is None:
                        self.problem(target, f"{robots.url or target}: Sitemap {line[:200]!r} is not an http(s) URL")
                sitemap_roots += [where for _, where in named if where is not None]
                if robots.sitemaps:
                    robots_sites.add(site_of(target))
            elif kind == "page":
                self.start_urls.append(target)
                jobs.append(Job(target, via="start", tag=self.tag))
            elif kind == "list":  # pages the user names, as page targets are: not a sitemap of the site
                try:
                    urls, bad_lines = read_url_list(read_local(target), target)
                except SitemapError as exc:
                    self.problem(target, str(exc))
                    continue
                for where, message in bad_lines:
                    self.problem(where, message)
                listed_pages = [url for url in urls if in_scope(url, self.options.include, self.options.exclude)]
                self.start_urls += listed_pages
                jobs += [Job(url, via="start", tag=self.tag) for url in listed_pages]
            else:
                sitemap_roots.append(target)
        errors: list[str] = []
        listed: list[str] = []
        off_host: dict[str, list[str]] = {}  # sitemap -> entries on another host, skipped
        for entry in expand_sitemaps(sitemap_roots, lambda where: self._load_sitemap(crawler, where), errors):
            url = normalise_url(entry.url)
            if url is None:
                errors.append(f"{entry.sitemap}: not an http(s) URL: {entry.url[:200]}")
                continue
            if not entry_on_sitemap_host(url, entry.sitemap, robots_sites):
                off_host.setdefault(entry.sitemap, []).append(url)
                continue
            listed.append(url_key(url))
            if in_scope(url, self.options.include, self.options.exclude):
                jobs.append(Job(url, via="sitemap", tag=self.tag))
        for error in errors:
            self.problem(error.split(": ", 1)[0], error)
        if off_host:
            from .text import plural, some_of

            skipped = [u for urls in off_host.values() for u in urls]
            self.notice(f"{some_of(off_host, limit=3)}: {plural(len(skipped), 'URL')} on another host skipped "
                        f"(a sitemap may list only its own host's pages): {some_of(skipped, limit=3)}")
        if listed:
            self.store.add_sitemap_keys(self.scan_id, listed)
        accepted = self.accept(jobs, record=True)
        if self.past_cap:
            from .text import plural

            what = " and ".join(plural(n, "sitemap entry", "sitemap entries") if via == "sitemap" else plural(n, "listed URL")
                                for via, n in sorted(self.past_cap.items(), reverse=True))
            self.notice(f"{self.spec.name}: --max-pages {self.options.max_pages}: {what} past the cap not requested "
                        f"(those an audited page links to are still checked as link targets)")
        return accepted

    def _load_sitemap(self, crawler: Crawler, where: str) -> bytes:
        if "://" not in where:
            return read_local(where)
        status, body, error = crawler.fetch_resource(where, MAX_SITEMAP_BYTES + 1)
        if error:
            raise SitemapError(f"{where}: {error}")
        if status is None or status >= 400:
            raise SitemapError(f"{where}: HTTP {status}")
        return body

    def resume_jobs(self) -> list[Job]:
        done = self.store.done_keys(self.scan_id)
        jobs = []
        for key, url, kind, depth, via in self.store.frontier(self.scan_id):
            self.seen.add(key)
            if via == "start":  # a page target, or a URL of a list
                self.start_urls.append(url)
            if kind == "page":
                self.page_jobs += 1
            if key not in done:
                jobs.append(Job(url, kind=kind, depth=depth or 0, via=via or "start", tag=self.tag))
        self.audited = {r[0] for r in self.store.db.execute("SELECT key FROM pages WHERE scan_id=? AND status='ok'", (self.scan_id,))}
        for kind, target in self.classify_targets():
            if kind == "root":
                self.crawl_hosts.add(site_of(target))
        return jobs

    def accept(self, jobs: Iterable[Job], record: bool) -> list[Job]:
        """New jobs only (each URL once), with ``max_pages`` page jobs at most.

        Past the cap, a page listed by a sitemap or given as a target is not requested at all
        (it is not ``seen`` either, so if an audited page links to it, it is checked then as
        that page's link target); a page found by following a link becomes a link check, since
        the audited page that links it needs its status (ST001). So requests stay near the cap
        plus the audited pages' link targets, instead of one per sitemap entry.
        """
        fresh = []
        for job in jobs:
            key = url_key(job.url)
            if key in self.seen:
                continue
            if job.kind == "page":
                if self.page_jobs >= self.options.max_pages:
                    if job.via != "link":
                        self.past_cap[job.via] += 1
                        continue
                    job = replace(job, kind="link")
                else:
                    self.page_jobs += 1
            self.seen.add(key)
            fresh.append(job)
        if record and fresh:
            self.store.add_frontier(self.scan_id, [(url_key(j.url), j.url, j.kind, j.depth, j.via) for j in fresh])
        return fresh

    def discovered(self, page_job: Job, links: Iterable[tuple[str, str, str]]) -> list[Job]:
        """Jobs for a page's internal link targets: pages to crawl, or targets to check."""
        jobs = []
        follow = self.crawled and page_job.depth < self.options.max_depth
        for href, _context, _text in links:
            url = normalise_url(href)
            if url is None:
                continue
            if follow and site_of(url) in self.crawl_hosts and in_scope(url, self.options.include, self.options.exclude):
                jobs.append(Job(url, kind="page", depth=page_job.depth + 1, via="link", tag=self.tag))
            else:
                jobs.append(Job(url, kind="link", depth=page_job.depth + 1, via="link", tag=self.tag))
        return self.accept(jobs, record=False)

    # ---- recording ----------------------------------------------------------------------
    def problem(self, where: str, message: str) -> None:
        self.result.problems += 1
        self.store.add_problem(self.scan_id, where, message)
        # a sitemap (or target) not read leaves pages of the site unknown: the scan does not cover
        # the site, so its score, links in (ST006/ST007) and site findings are not the whole site's
        if not self.partial:  # one write, however many lines of a list or sitemap are bad
            self.partial = True
            self.store.mark_partial(self.scan_id)
        self.writer.record({"type": "problem", "source": where, "error": message})
        self.log(error_line(where, message))

    def note(self, message: str) -> None:
        self.writer.record({"type": "note", "message": message})

    def notice(self, message: str) -> None:
        """A note that the user should also see now: in pages.jsonl and one line on stderr."""
        self.note(message)
        self.log(f"seoaudit: {message}")

    def failure(self, url: str, error: str) -> None:
        """One stderr line naming a URL that could not be audited and why, as ``audit`` prints."""
        if self._failures_named < MAX_FAILURE_LINES:
            self._failures_named += 1
            self.log(error_line(url, error))
        else:
            self.failures_unlisted += 1

    def target(self, key: str, status: LinkStatus) -> None:
        self.store.add_target(self.scan_id, *target_row(key, status))

    def not_audited(self, job: Job, status: str, cause: str, error: str, http_status: int | None = None) -> None:
        row = {"key": url_key(job.url), "url": job.url, "status": status, "cause": cause, "error": error,
               "http_status": http_status, "depth": job.depth, "via": job.via}
        self.store.add_page(self.scan_id, row)
        self.writer.record({"type": "page", **{k: v for k, v in row.items() if k != "key"}})
        self.writer.page_row(row)
        self.writer.flush()
        if status == "error":
            self.result.failed += 1
            self.failure(job.url, error or cause)
        elif status == "skipped":
            self.result.skipped += 1

    def wait_for_keyphrase(self, job: Job, http_status: int | None, a: Analysed, new_jobs: list[Job], from_cache: bool,
                           targets: Iterable[tuple], again: tuple) -> None:
        """Keep an untargeted post for its second audit (``ScanRun._audit_untargeted``): its text goes to
        site intelligence now, the jobs it found are stored (the crawl goes on), and nothing else: its
        page row, with the target rows that mark it done for ``--resume``, is stored by the second audit."""
        if a.page_text and self.spool is not None:
            self.spool.add(a.page_text)
        self.store.add_frontier(self.scan_id, [(url_key(j.url), j.url, j.kind, j.depth, j.via) for j in new_jobs])
        self.untargeted.add((job, http_status, from_cache, list(targets), *again))

    def audited_page(self, job: Job, http_status: int | None, a: Analysed, new_jobs: list[Job], from_cache: bool = False,
                     targets: Iterable[tuple] = ()) -> None:
        """Store, write and count one analysed page; ``targets`` (``target_row``s of the URL requested
        and its final URL) go into the same transaction as the page row, so --resume never sees the
        URL done without its result."""
        row = {"key": a.key, "url": a.url, "status": a.status, "score": a.score, "categories": json.dumps(a.categories),
               "title": a.title, "meta_description": a.meta_description, "h1": a.h1, "content_hash": a.content_hash,
               "words": a.words, "http_status": http_status, "error": a.error,
               "cause": a.cause,
               "depth": job.depth, "via": job.via, "failing": json.dumps([[f[0], f[3]] for f in a.failing]),
               "not_applicable": json.dumps(list(a.not_applicable)),
               "scorecard": a.scorecard, "page_type": a.page_type}
        links = [(href, url_key(href), ctx, text) for href, ctx, text in a.links]
        discovered = [(url_key(j.url), j.url, j.kind, j.depth, j.via) for j in new_jobs]
        self.store.add_page(self.scan_id, row, links, discovered, targets, a.items)
        self.writer.record_line(a.jsonl)
        if a.page_text and self.spool is not None:
            self.spool.add(a.page_text)
        self.writer.page_row({**row, "categories": a.categories, "from_cache": "yes" if from_cache else "",
                              "keyphrases": a.keyphrases, "cities": a.cities, "score_change": a.score_change})
        for code, name, category, status, score, message, links, fix in a.failing:
            self.writer.finding(a.url, code, name, category, status, score, message, "page", a.title, links, fix)
        self.writer.flush()
        self.result.from_cache += int(from_cache)
        if a.status == "ok":
            self.result.ok += 1
        else:
            self.result.failed += 1
            self.failure(a.url, a.error or "could not be audited")


def target_row(key: str, status: LinkStatus) -> tuple:
    """``Store.add_target``'s arguments after ``scan_id`` for a requested URL."""
    return (key, status.url, status.status, status.final_url, status.hops, status.error, status.cause, status.broken,
            [(r.url, r.status) for r in status.redirects])


def entry_on_sitemap_host(url: str, sitemap: str, robots_sites: set[str]) -> bool:
    """May ``sitemap`` list ``url``? The sitemap protocol allows only URLs on the sitemap's own host
    (``www.`` or not: the scan treats them as one site), or on a host whose robots.txt names the
    sitemap (cross-submission: ``robots_sites``). A local sitemap file has no host: the user vouches for it."""
    if "://" not in sitemap:
        return True
    return site_of(url) == site_of(sitemap) or site_of(url) in robots_sites


# ---- the run ----------------------------------------------------------------------------------


def named_log(log: Callable[[str], None], name: str) -> Callable[[str], None]:
    """``log`` with each ``seoaudit: ...`` line naming the site: ``seoaudit: Plateau Chiropractic: URL: cause``."""
    lead = "seoaudit: "

    def log_named(message: str) -> None:
        if message.startswith(lead) and not message.startswith(f"{lead}{name}: "):
            message = f"{lead}{name}: {message[len(lead):]}"
        log(message)
    return log_named


class ScanRun:
    def __init__(self, specs: list[ScanSpec], store: Store, options: ScanOptions = ScanOptions(),
                 progress: Any = None, log: Callable[[str], None] = lambda m: print(m, file=sys.stderr)):
        self.specs, self.store, self.options = specs, store, options
        self.units = [ScanUnit(i, s, store, options) for i, s in enumerate(specs)]
        self.progress = progress

        def log_line(message: str) -> None:
            log(printable(message))  # URLs and server messages are the site's text, not ours

        self.log = log_line
        for unit in self.units:
            # with several sites in one run (--clients) a line about a URL says whose it is: 20 clients in a cron mail
            unit.log = log_line if len(self.units) == 1 else named_log(log_line, unit.spec.name)
        #: analysis future -> (unit, job, HTTP status, from cache, target rows stored with the page, and
        #: when the unit infers keyphrases, (page, extra, previous): ``analyse``'s arguments for a second audit)
        self.pending: dict[Future, tuple[ScanUnit, Job, int | None, bool, list[tuple], tuple | None]] = {}
        self.interrupted = False
        self.requests = 0  # HTTP requests made (pages, link checks, robots.txt, sitemaps)
        self.cache = None  # the HttpCache of this run, when caching
        self.untargeted_pool = None  # the analysis pool, kept after the crawl while untargeted posts wait for a second audit

    def _workers(self) -> int:
        return self.options.workers or max(1, os.cpu_count() or 1)

    def _make_pool(self):
        init_args = [(u.spec.settings, tuple(u.spec.keyphrases), tuple(u.spec.cities), u.work_dir, self.options.scorecards,
                      self.options.intel) for u in self.units]
        n = self._workers()
        if n <= 1:
            init_worker(init_args, in_main=True)
            return _InlineExecutor()
        import multiprocessing

        # fork before any fetch thread exists: with "fork" the first submit starts every
        # worker (no forks later). Not waited for: workers build their Auditors while
        # robots.txt and the sitemaps are being fetched.
        pool = ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("fork"),
                                   initializer=init_worker, initargs=(init_args,))
        pool.submit(os.getpid)
        return pool

    def _on_sigint(self, signum, frame) -> None:
        """First Ctrl-C: finish the page being written, then stop. Second: stop at once."""
        if self.interrupted:
            raise KeyboardInterrupt
        self.interrupted = True

    def run(self) -> list[UnitResult]:
        for unit in self.units:
            unit.open()
        pool = self._make_pool()
        self.cache = self._open_cache()  # after the fork: worker processes never touch it
        crawler = Crawler(self.options.policy, is_known=self._is_known, cache=self.cache)
        try:
            previous = signal.signal(signal.SIGINT, self._on_sigint)
        except ValueError:  # not the main thread: Ctrl-C raises KeyboardInterrupt as usual
            previous = None
        crawled = False
        try:
            try:
                self._seed(crawler)
                self._loop(crawler, pool)
                crawled = not self.interrupted
            except KeyboardInterrupt:
                self.interrupted = True
            finally:
                if self.interrupted:
                    crawler.stop()
                if crawled and any(u.waits_for_keyphrases for u in self.units):
                    self.untargeted_pool = pool  # their second audits use it (``_audit_untargeted``), then it is shut down
                else:
                    pool.shutdown(wait=not self.interrupted, cancel_futures=True)
                for note in crawler.notes:
                    for unit in self.units:
                        unit.note(note)
                for unit in self.units:
                    self._say_pace(unit, crawler)  # a site whose robots.txt was read only as its pages were
                self.requests = crawler.requests
                crawler.close()
                if self.cache is not None:
                    if self.cache.note:
                        for unit in self.units:
                            unit.note(self.cache.note)
                    self.cache.close()
            # a Ctrl-C in the site phase or site intelligence is noted, not raised: the step ends
            # and the scan is recorded as interrupted, for --resume (a second Ctrl-C stops at once).
            # The units whose posts wait for a second audit first: the pool is shut down after them, and
            # while its threads run, ``forked`` cannot run the other units' site intelligence beside their site phase
            waiting = [u for u in self.units if u.waits_for_keyphrases]
            try:
                finished = {u.tag: self._finish(u) for u in waiting + [u for u in self.units if u not in waiting]}
            finally:
                self._close_pool()
            return [finished[u.tag] for u in self.units]
        finally:
            if previous is not None:
                signal.signal(signal.SIGINT, previous)

    def _close_pool(self) -> None:
        if self.untargeted_pool is not None:
            self.untargeted_pool.shutdown()
            self.untargeted_pool = None

    def _open_cache(self):
        if self.options.cache_path is None:
            return None
        from .httpcache import HttpCache

        return HttpCache(self.options.cache_path, self.options.cache_max_bytes)

    def _is_known(self, job: Job, url: str) -> bool:
        """Called from fetch threads: is a redirect target queued or fetched by its own job?"""
        key = url_key(url)
        return key != url_key(job.url) and key in self.units[job.tag].seen

    def _seed(self, crawler: Crawler) -> None:
        for unit in self.units:
            unit.crawl_started = time.monotonic()
            jobs = unit.resume_jobs() if unit.resumed else unit.seed(crawler)
            # the scan "change since" compares with depends on whether this one covers its site, known
            # only now: a sitemap that could not be read makes it partial (picked at open(), the
            # scorecards, pages.csv and changes.csv compared with another scan than its dashboard)
            unit.previous_scan = self.store.previous_scored_scan(unit.scan_id)
            self._say_pace(unit, crawler)  # the robots.txt of its sites are read by now (not when resuming)
            for job in jobs:
                crawler.add(job)
            if self.progress:
                self.progress.add_total(len(jobs))

    def _loop(self, crawler: Crawler, pool) -> None:
        """Alternate between fetch results and analysis results without busy-waiting.

        While the analysis backlog is full, fetching pauses (memory stays flat) and the
        loop blocks on the analysis futures instead.
        """
        backlog = BACKLOG_PER_WORKER * self._workers()
        while (not crawler.idle or self.pending) and not self.interrupted:
            room = len(self.pending) < backlog
            if room and not crawler.idle:
                for done in crawler.poll(0.02 if self.pending else 0.5):
                    self._fetched(done, pool)
            elif not crawler.idle:
                for done in crawler.poll(0, dispatch=False):  # collect, start nothing new
                    self._fetched(done, pool)
            if self.pending:
                block = not room or crawler.idle
                finished, _ = wait(list(self.pending), timeout=0.5 if block else 0, return_when=FIRST_COMPLETED)
                for fut in finished:
                    unit, job, status, from_cache, targets, again = self.pending.pop(fut)
                    self._analysed(unit, job, status, self._result(fut, job), crawler, from_cache, targets, again)

    @staticmethod
    def _result(fut: Future, job: Job) -> Analysed:
        """The worker's answer; a crashed worker process becomes an error page, not a crashed scan."""
        try:
            return fut.result()
        except Exception as exc:  # noqa: BLE001 - e.g. BrokenProcessPool after a worker was killed
            error = f"analysis failed: {type(exc).__name__}: {exc}"
            line = json.dumps({"type": "page", "url": job.url, "status": "error", "error": error, "cause": "analysis"})
            return Analysed(key=url_key(job.url), url=job.url, status="error", error=error, cause="analysis", jsonl=line)

    def _say_pace(self, unit: ScanUnit, crawler: Crawler) -> None:
        """Once per site: when its robots.txt Crawl-delay (or --delay) spaces the requests, say so on
        stderr and in pages.jsonl; a slow scan is otherwise a mystery (11 pages took 22 s on localhost)."""
        policy = self.options.policy
        hosts = {host_of(u) for kind, u in unit.classify_targets() if kind in ("root", "sitemap", "page")}
        hosts |= {host_of(u) for u in unit.start_urls}
        for host in sorted(hosts - set(unit.paced)):
            robots = crawler.robots_for(f"http://{host}/")
            if robots is None:
                continue  # not read yet
            why = pace_reason(host, robots.crawl_delay, policy.delay, policy.max_crawl_delay)
            if why:
                unit.paced[host] = why
                unit.notice(f"{unit.spec.name}: {why}")

    def _fetched(self, done: Done, pool) -> None:
        unit = self.units[done.job.tag]
        if done.skipped is None:  # a URL robots.txt disallows is not requested
            unit.answers += 1
            unit.crawl_ended = time.monotonic()
        job = done.job
        key = url_key(job.url)
        if done.skipped is not None:
            unit.target(key, LinkStatus(job.url, None, job.url, error=None, cause=done.skip_cause))
            failed = job.kind == "page" and done.skip_cause != "robots"  # robots.txt unreadable: the site is
            if job.kind == "page":
                unit.not_audited(job, "error" if failed else "skipped", done.skip_cause, done.skipped)
            self._tick(failed=failed)
            return
        if done.link is not None:
            unit.target(key, done.link)
            if done.link.broken and done.link.cause != "redirect-known":
                # a broken link target gets its pages.csv row ("broken") as a crawled one does: a
                # sitemap scan listed it on the dashboard but not in the page table or the CSV
                unit.not_audited(job, "broken", done.link.cause, done.link.error or "", done.link.status)
            self._tick()
            return
        raw = done.page
        link_status = LinkStatus.from_page(raw)
        targets = [target_row(key, link_status)]
        final_key = url_key(raw.url)
        # a redirect to a URL with a job of its own stopped there (its 3xx is not that URL's answer: stored
        # as the final URL's, it replaced the page's own 200, whichever came last)
        if final_key != key and raw.cause != "redirect-known":
            targets.append(target_row(final_key, link_status.at_final_url()))
            unit.seen.add(final_key)
        if not raw.ok or final_key in unit.audited:  # nothing to analyse: the outcome is known now
            for row in targets:
                unit.store.add_target(unit.scan_id, *row)
        if not raw.ok:
            cause = raw.cause
            if cause == "redirect-known":  # the target page has its own job: nothing to audit here
                self._tick()
                return
            # a PDF or image found by following links is not a failed page, just not a page
            if job.via == "link" and cause in ("non-html", "too-large"):
                unit.not_audited(job, "skipped", cause, raw.error, raw.status)
                self._tick()
            elif job.via == "link" and link_status.broken:
                # reached only by following a link: whatever broke it (4xx, 5xx after retries, a loop, a
                # timeout, a refused connection) it is a broken link target, an ST001 finding on the pages
                # linking it, not a failed audit. A start URL or sitemap entry that fails stays a failure:
                # the user asked for that page (and the same site from its sitemap exited 0 while its crawl exited 3)
                unit.not_audited(job, "broken", cause, raw.error, raw.status)
                self._tick()
            else:
                unit.not_audited(job, "error", cause, raw.error, raw.status)
                self._tick(failed=True)
            return
        if final_key in unit.audited:  # a redirect to a page audited already
            self._tick()
            return
        unit.audited.add(final_key)
        extra = {"http_status": raw.status, "depth": job.depth, "via": job.via,
                 "redirects": [r.to_dict() for r in raw.redirects], "from_cache": raw.from_cache}
        # MappingProxy fields do not pickle: plain dicts cross to the worker process
        raw = replace(raw, headers=dict(raw.headers), front_matter=dict(raw.front_matter or {}))
        previous = unit.previous_scores(final_key)
        # the target rows wait for the page's result: stored now, a Ctrl-C before the analysis ends
        # would leave the URL "done" for --resume with no page audited
        again = (raw, extra, previous) if unit.untargeted is not None else None
        self.pending[pool.submit(analyse, job.tag, raw, extra, previous)] = (unit, job, raw.status, raw.from_cache, targets, again)

    def _analysed(self, unit: ScanUnit, job: Job, status: int | None, a: Analysed, crawler: Crawler,
                  from_cache: bool = False, targets: Iterable[tuple] = (), again: tuple | None = None) -> None:
        new_jobs = unit.discovered(job, a.links) if a.status == "ok" else []
        if a.untargeted and again is not None:
            unit.wait_for_keyphrase(job, status, a, new_jobs, from_cache, targets, again)
        else:
            unit.audited_page(job, status, a, new_jobs, from_cache, targets)
        for j in new_jobs:
            crawler.add(j)
        if self.progress:
            self.progress.add_total(len(new_jobs))
        self._tick(failed=a.status != "ok")

    def _tick(self, failed: bool = False) -> None:
        if self.progress:
            self.progress.step(failed)

    def _audit_untargeted(self, unit: ScanUnit, inferred: dict[str, str]) -> None:
        """Audit each post that had no keyphrase again, against its top suggestion (``inferred``:
        url_key -> keyphrase; a post without one is audited as before), in the analysis pool, and
        store and write it as any page. The pool is shut down after the last unit that needs it."""
        pending: dict[Future, tuple] = {}

        def store(finished) -> None:
            for fut in finished:
                job, http_status, from_cache, targets = pending.pop(fut)
                unit.audited_page(job, http_status, self._result(fut, job), [], from_cache, targets)

        backlog = BACKLOG_PER_WORKER * self._workers()  # pages in memory at once
        for job, http_status, from_cache, targets, raw, extra, previous in unit.untargeted.read():
            fut = self.untargeted_pool.submit(analyse, unit.tag, raw, extra, previous, inferred.get(url_key(raw.url), ""))
            pending[fut] = (job, http_status, from_cache, targets)
            if len(pending) >= backlog:
                store(wait(list(pending), return_when=FIRST_COMPLETED)[0])
        store(wait(list(pending))[0])
        unit.untargeted.remove()
        if not any(u.waits_for_keyphrases for u in self.units):
            self._close_pool()

    def _finish(self, unit: ScanUnit) -> UnitResult:
        result = unit.result
        intel = cards = None
        if not self.interrupted:
            from .scan_intel import finish_intel_phase, inferred_keyphrases, intel_result, start_intel_phase, write_intel_outputs
            from .site import run_site_phase

            # The intel analysis (a forked child where safe) runs beside the site phase;
            # its cards go on the scorecards after the site cards (the same slot), and are
            # written beside the dashboard.
            started = start_intel_phase(unit, self.options.intel_max_pages, preload_models=len(self.units) > 1)
            if unit.waits_for_keyphrases:
                # the untargeted posts are audited again with their suggestion first: the site phase
                # reads their stored rows, so it waits for the analysis here instead of running beside it
                intel = intel_result(unit, started)
                self._audit_untargeted(unit, inferred_keyphrases(intel))
                unit.writer.mark_pages_end()  # what follows is written again by --resume
                run_site_phase(unit)
                intel, cards = write_intel_outputs(unit, intel)
            else:
                unit.writer.mark_pages_end()
                run_site_phase(unit)
                intel, cards = finish_intel_phase(unit, started)
        else:
            unit.writer.mark_pages_end()
        if self.interrupted:  # during the crawl, the site phase or site intelligence
            if cards is not None:
                cards.result()
            unit.store.finish_scan(unit.scan_id, "interrupted")
            result.status = "interrupted"
            if unit.untargeted is not None:
                unit.untargeted.remove()  # not stored as audited: --resume fetches them again
            if unit.spool is not None:
                unit.spool.close()  # kept: --resume appends to it
        else:
            from .reports.csv_report import CHANGES_CSV, LINKS_CSV, write_changes_csv, write_links_csv
            from .reports.dashboard import ScanFacts, broken_link_count, write_dashboard

            result.intel = unit.intel_summary
            unit.store.finish_scan(unit.scan_id, "complete", intel=unit.intel_summary)  # None: intel did not run
            # computed once, here and in the site phase, for the CSV files, the dashboard and the clients overview
            changed = write_changes_csv(unit.store, unit.scan_id, unit.previous_scan, unit.work_dir / CHANGES_CSV)
            facts = ScanFacts(unit.previous_scan, unit.site_wide, unit.link_statuses,
                              changed if unit.store.scan(unit.scan_id).pages_ok else None)
            unit.link_statuses = None  # the next unit's site phase reads its own
            write_links_csv(unit.store, unit.scan_id, unit.work_dir / LINKS_CSV, facts.link_statuses)
            write_dashboard(unit.store, unit.scan_id, unit.work_dir, intel=intel, intel_note=unit.intel_note, pace_note=pace_line(unit),
                            facts=facts)
            result.changes, result.broken_links = facts.changes, broken_link_count(unit.store, unit.scan_id, facts.link_statuses)
            if cards is not None:
                cards.result()
        row = unit.store.scan(unit.scan_id)
        result.score = row.score
        result.partial = not row.whole_site
        result.ok, result.failed, result.skipped = row.pages_ok, row.pages_failed, row.pages_skipped
        result.problems = len(row.problems)  # those of a resumed scan's first run too (its sitemaps are not read again)
        (result.not_posts,) = unit.store.db.execute(
            "SELECT COUNT(*) FROM pages WHERE scan_id=? AND status='ok' AND COALESCE(page_type, 'post')<>'post'",
            (unit.scan_id,)).fetchone()
        # scan_number: the site's own count, as the dashboard and history show it (None: interrupted);
        # scan_id: the database's key, counted across every site in it
        unit.writer.record({"type": "scan", "site": unit.spec.name, "scan_number": row.number, "scan_id": unit.scan_id,
                            "status": result.status,
                            "score": None if row.score is None else round(row.score, 1), "pages_ok": row.pages_ok,
                            "pages_failed": row.pages_failed, "pages_skipped": row.pages_skipped,
                            "problems": result.problems, "pages_from_cache": result.from_cache})
        unit.writer.close()
        out_dir = unit.spec.out_dir
        if result.status == "complete":
            from .reports.csv_report import finalise_scan_csvs

            from .site import site_wide_cells

            # sorted, with the scan's number and date, and which findings are the theme's (the site phase's)
            finalise_scan_csvs(unit.work_dir, row.number, (row.started_at or "")[:10], site_wide_cells(unit.site_wide))
            result.failure = unit.store.failure(unit.scan_id)
            # a scan that audited nothing (the site was down) does not replace the last good results;
            # with none to keep, its dashboard says what went wrong
            result.published = not result.failure or not scan_folder.has_results(out_dir)
            if result.published:
                scan_folder.publish(out_dir)
        result.kept_earlier = not result.published and scan_folder.has_results(out_dir)
        if unit.failures_unlisted:
            from .text import plural

            where = out_dir if result.published else unit.work_dir
            self.log(f"seoaudit: {unit.spec.name}: {plural(unit.failures_unlisted, 'more URL')} could not be audited "
                     f"(not listed here; {where / 'pages.csv'} has every cause)")
        return result


def pace_reason(host: str, asked: float | None, delay: float, max_crawl_delay: float) -> str:
    """Why requests to ``host`` are spaced, or "" when they are not: its robots.txt Crawl-delay
    (``asked``, capped to ``max_crawl_delay``) or ``--delay``, whichever is longer (crawl.py)."""
    applied = max(delay, min(asked or 0.0, max_crawl_delay))
    if applied <= 0:
        return ""
    if asked and min(asked, max_crawl_delay) >= delay:
        why = f"{host}'s robots.txt asks for Crawl-delay: {asked:g} s" + (f" (capped to {applied:g} s)" if asked > applied else "")
    else:
        why = f"--delay {delay:g} s for {host}"
    return f"{why}: requests to it start {applied:g} s apart, at most {1 / applied:.2g} per second"


def pace_line(unit: "ScanUnit") -> str:
    """The dashboard's line on the crawl's pace, when a Crawl-delay or --delay spaced it ("" otherwise):
    the reason, and the pace reached."""
    if not unit.paced:
        return ""
    seconds = unit.crawl_ended - unit.crawl_started
    reached = (f"; this site was crawled at {unit.answers / seconds:.2g} requests per second ({unit.answers} requests "
               f"in {seconds:.0f} s, pages and link checks)") if unit.answers and seconds >= 1 else ""
    return "; ".join(unit.paced.values()) + reached + "."


def closing_line(r: UnitResult) -> str:
    """The line ``seoaudit scan`` ends each site's scan with: its score and counts, and where its
    results are (the dashboard; or, for a scan that was interrupted or audited nothing, the staging
    folder, while the output folder keeps the last complete scan's)."""
    from .store import intel_words
    from .text import plural

    counts = (f"{r.ok} audited"
              + (f" ({plural(r.ok - r.not_posts, 'post')}; home, listing and site pages are not in the score)" if r.not_posts else "")
              + f", {r.failed} failed, {r.skipped} skipped"
              + (f", {plural(r.problems, 'input problem')}" if r.problems else ""))
    staging = scan_folder.staging_dir(r.out_dir)
    kept = f"; {r.out_dir} keeps the last complete scan's results" if r.kept_earlier else ""
    if r.status == "interrupted":
        return f"seoaudit: {r.name}: interrupted after {counts}; partial results in {staging}{kept}"
    if r.failure:
        where = f" -> {r.out_dir / scan_folder.DASHBOARD}" if r.published else f"{kept} (this scan's files: {staging})"
        return f"seoaudit: {r.name}: scan failed, nothing audited: {r.failure} ({counts}){where}"
    score = "–" if r.score is None else f"{r.score:.0f}"
    if r.partial:  # its score is of the pages it read, not the site's (history and dashboards say "partial")
        score += " (partial scan: some pages of the site)"
    return (f"seoaudit: {r.name}: score {score}, {counts}"
            + (f", {r.from_cache} unchanged (304, from cache)" if r.from_cache else "")
            + (f", {intel_words(r.intel)}" if r.intel else "")
            + f" -> {r.out_dir / scan_folder.DASHBOARD}")
