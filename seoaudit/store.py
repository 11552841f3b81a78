"""Scan history in SQLite: scans, pages, links, link targets, findings and the frontier.

Every page is committed in its own short transaction together with the jobs it
discovered, so a scan stopped at any moment (Ctrl-C, kill, power cut) leaves a
consistent database from which ``--resume`` continues. WAL mode plus a busy timeout
lets two scans (two processes) write to one database at once: each writes only its own
``scan_id`` rows and SQLite serialises the commits.

The default path is ``$SEOAUDIT_DB`` or ``$XDG_DATA_HOME/seoaudit/history.sqlite3``.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .scoring import counted_pages, site_score
from .urls import url_key

SCHEMA = """
CREATE TABLE IF NOT EXISTS scans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    site TEXT NOT NULL,
    targets TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,            -- running | interrupted | complete
    score REAL,
    pages_ok INTEGER DEFAULT 0,
    pages_failed INTEGER DEFAULT 0,
    pages_skipped INTEGER DEFAULT 0,
    tool_version TEXT,
    intel TEXT,                      -- JSON object of site-intelligence counts, NULL when it did not run
    problems TEXT,                   -- JSON list of [source, message]: sitemaps and targets that could not be read
    number INTEGER,                  -- 1, 2, 3... per site, given when the scan completes (NULL before)
    whole_site INTEGER NOT NULL DEFAULT 1, -- 1: a crawl or a sitemap of the site, 0: only some of its pages
    checks TEXT                      -- JSON list of the check codes the scan ran (NULL: scans stored before it was kept)
);
CREATE INDEX IF NOT EXISTS scans_site ON scans(site, id);
CREATE TABLE IF NOT EXISTS pages (
    scan_id INTEGER NOT NULL REFERENCES scans(id),
    key TEXT NOT NULL,
    url TEXT NOT NULL,
    status TEXT NOT NULL,            -- ok | error | skipped | broken (a dead internal link)
    score REAL,
    categories TEXT,
    title TEXT, meta_description TEXT, h1 TEXT, content_hash TEXT,
    words INTEGER,
    http_status INTEGER, error TEXT, cause TEXT,
    depth INTEGER, via TEXT,
    failing TEXT,                    -- JSON list of [code, status]: bad | ok | error
    not_applicable TEXT,             -- JSON list of the codes that did not apply (NULL in older databases)
    scorecard TEXT,
    page_type TEXT,                  -- post | listing | home | page (NULL in older databases: post)
    PRIMARY KEY (scan_id, key)
);
CREATE INDEX IF NOT EXISTS pages_key ON pages(key, scan_id);
CREATE TABLE IF NOT EXISTS links (
    scan_id INTEGER NOT NULL, source_key TEXT NOT NULL, target TEXT NOT NULL,
    target_key TEXT NOT NULL, context TEXT, text TEXT
);
CREATE INDEX IF NOT EXISTS links_target ON links(scan_id, target_key);
CREATE INDEX IF NOT EXISTS links_source ON links(scan_id, source_key);
CREATE TABLE IF NOT EXISTS targets (
    scan_id INTEGER NOT NULL, key TEXT NOT NULL, url TEXT NOT NULL,
    status INTEGER, final_url TEXT, hops INTEGER, error TEXT, cause TEXT, broken INTEGER,
    chain TEXT,                      -- JSON list of [url, status] redirect hops
    PRIMARY KEY (scan_id, key)
);
CREATE TABLE IF NOT EXISTS frontier (
    scan_id INTEGER NOT NULL, key TEXT NOT NULL, url TEXT NOT NULL,
    kind TEXT NOT NULL, depth INTEGER, via TEXT,
    PRIMARY KEY (scan_id, key)
);
CREATE TABLE IF NOT EXISTS sitemap_urls (
    scan_id INTEGER NOT NULL, key TEXT NOT NULL, PRIMARY KEY (scan_id, key)
);
CREATE TABLE IF NOT EXISTS findings (
    scan_id INTEGER NOT NULL, page_key TEXT, url TEXT, code TEXT, name TEXT,
    status TEXT, message TEXT
);
CREATE INDEX IF NOT EXISTS findings_scan ON findings(scan_id, code);
CREATE TABLE IF NOT EXISTS finding_items (
    scan_id INTEGER NOT NULL, page_key TEXT NOT NULL, code TEXT NOT NULL,
    status TEXT NOT NULL,            -- the check's status on the page: bad | ok | error
    item TEXT NOT NULL,              -- the finding's key as JSON (CheckSpec.findings), '' for the check as a whole
    name TEXT,                       -- the finding as a message names it, or the check's message
    scope TEXT NOT NULL              -- page | site
);
CREATE INDEX IF NOT EXISTS finding_items_page ON finding_items(scan_id, page_key, code);
"""


def default_db_path() -> Path:
    if os.environ.get("SEOAUDIT_DB"):
        return Path(os.environ["SEOAUDIT_DB"])
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "seoaudit" / "history.sqlite3"


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ScanRow:
    """One stored scan. ``id`` is the database's key, counted across every site the database
    holds; ``number`` is what people are shown ("scan #3", ``seoaudit history``): the scan's
    place among its own site's complete scans, 1, 2, 3..., None until it completes."""

    id: int
    site: str
    started_at: str
    finished_at: str | None
    status: str
    score: float | None
    pages_ok: int
    pages_failed: int
    pages_skipped: int
    #: Site-intelligence counts of the scan (``near_duplicate_pairs``, ``city_swap_pairs``,
    #: ``clusters``, ``pages_in_clusters``, ...), None when it did not run (``--no-intel``,
    #: interrupted, too many pages, failed) or the scan predates stored intel.
    intel: dict[str, int] | None = None
    #: (source, message) of each sitemap or target that could not be read (not pages: they are
    #: not in ``pages_failed``); empty for scans stored before problems were kept.
    problems: tuple[tuple[str, str], ...] = ()
    number: int | None = None
    #: False: the scan audited only the pages it was given (page URLs, a list of URLs), not the
    #: site (a crawl or a sitemap): its score is not the site's, so no change is computed against it
    #: (``Store.previous_full_scan``).
    whole_site: bool = True


#: The columns of ``scans`` that make a ScanRow, in its field order.
_SCAN_COLUMNS = ("id, site, started_at, finished_at, status, score, pages_ok, pages_failed, pages_skipped, intel, problems,"
                 " number, whole_site")


def _scan_row(row) -> ScanRow:
    return ScanRow(*row[:-4], intel=_intel_from_json(row[-4]), problems=_problems_from_json(row[-3]), number=row[-2],
                   whole_site=row[-1] != 0)


#: The next number of a site's complete scans. Given in the transaction that completes the scan,
#: so a number once shown never changes and has no gaps: interrupted scans, and the scans of the
#: other sites in the same database, take none.
_NEXT_NUMBER = "(SELECT COALESCE(MAX(number), 0) + 1 FROM scans same_site WHERE same_site.site = scans.site)"


def _problems_from_json(text: str | None) -> tuple[tuple[str, str], ...]:
    try:
        data = json.loads(text) if text else []
        return tuple((str(source), str(message)) for source, message in data)
    except (ValueError, TypeError):
        return ()


def _intel_from_json(text: str | None) -> dict[str, int] | None:
    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return intel_counts(data) if isinstance(data, dict) else None


def intel_counts(summary: dict | None) -> dict[str, int] | None:
    """The integer counts of a site-intelligence summary (intel.json's ``"summary"``); no pairs, no URLs."""
    if summary is None:
        return None
    return {str(k): v for k, v in summary.items() if isinstance(v, int) and not isinstance(v, bool)}


#: The cause robots.py gives when a site answered nothing at all (crawl.py's ``unreachable``).
_UNREACHABLE = re.compile(r"(?:not fetched: )?the site is unreachable \((.+)\); nothing was fetched")


def _failure_text(message: str, source: str = "") -> str:
    """A cause as the failed-scan lines say it: "site unreachable: connection refused by 127.0.0.1"
    for a site that did not answer, whichever URL or sitemap found it out; otherwise the message,
    which names the sitemap (``source``) it is about."""
    about = message[len(source) + 2:] if source and message.startswith(f"{source}: ") else message
    unreachable = _UNREACHABLE.fullmatch(about)
    if unreachable:
        return f"site unreachable: {unreachable[1]}"
    return message if source else about.removeprefix("not fetched: ")


def intel_words(intel: dict | None) -> str:
    """"9 pages cannibalising in 3 clusters, 4 near-duplicate pairs, 1 city swap" from an
    intel summary (intel.json ``summary``, as the history stores it); "" without one.

    The scan's closing line and ``seoaudit history`` use the same words.
    """
    from .text import plural

    if not intel:
        return ""
    return (f"{plural(intel.get('pages_in_clusters', 0), 'page')} cannibalising in "
            f"{plural(intel.get('clusters', 0), 'cluster')}, "
            f"{plural(intel.get('near_duplicate_pairs', 0), 'near-duplicate pair')}, "
            f"{plural(intel.get('city_swap_pairs', 0), 'city swap')}")


class StoreError(Exception):
    """The history database cannot be opened or is not ours."""


class Store:
    """One connection, used from one thread (the scan's scheduler)."""

    def __init__(self, path: str | Path, numbered: bool = True):
        """``numbered=False``: a throwaway database (``scan --no-history``) whose scans get no
        number, so dashboards and CSVs do not call every spot check "scan #1"."""
        self.path = Path(path)
        self.numbered = numbered
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(str(self.path), timeout=30.0, isolation_level=None)
            self.db.execute("PRAGMA busy_timeout = 30000")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: consistent after a crash
            with self.tx():
                for statement in _statements(SCHEMA):
                    self.db.execute(statement)
                _add_missing_columns(self.db)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"{self.path}: cannot open history database ({exc})") from None

    # ---- transactions -----------------------------------------------------------------
    def tx(self):
        return _Transaction(self.db)

    def close(self) -> None:
        self.db.close()

    # ---- scans ---------------------------------------------------------------------------
    def start_scan(self, site: str, targets: Iterable[str], tool_version: str) -> int:
        targets = list(targets)
        with self.tx():
            cur = self.db.execute(
                "INSERT INTO scans(site, targets, started_at, status, tool_version, whole_site) VALUES (?,?,?,?,?,?)",
                (site, json.dumps(targets), now_iso(), "running", tool_version, int(covers_whole_site(targets))))
            return int(cur.lastrowid)

    def mark_partial(self, scan_id: int) -> None:
        """The scan does not cover its whole site after all (a sitemap it was given could not be read)."""
        with self.tx():
            self.db.execute("UPDATE scans SET whole_site=0 WHERE id=?", (scan_id,))

    def set_checks(self, scan_id: int, codes: Iterable[str]) -> None:
        """Keep which checks the scan runs: a check turned off (``ignore``, level "off") before the
        next scan has not had its findings fixed (``changes.changes`` compares the checks both ran)."""
        with self.tx():
            self.db.execute("UPDATE scans SET checks=? WHERE id=?", (json.dumps(sorted(set(codes))), scan_id))

    def checks_of(self, scan_id: int) -> frozenset[str] | None:
        """The check codes ``set_checks`` kept for the scan; None for a scan stored before them."""
        row = self.db.execute("SELECT checks FROM scans WHERE id=?", (scan_id,)).fetchone()
        if not row or row[0] is None:
            return None
        try:
            return frozenset(c for c in json.loads(row[0]) if isinstance(c, str))
        except ValueError:
            return None

    def resumable_scan(self, site: str) -> int | None:
        """The latest unfinished scan of ``site`` (interrupted, or killed while running)."""
        row = self.db.execute("SELECT id, status FROM scans WHERE site=? ORDER BY id DESC LIMIT 1", (site,)).fetchone()
        return int(row[0]) if row and row[1] != "complete" else None

    def reopen_scan(self, scan_id: int) -> None:
        with self.tx():
            self.db.execute("UPDATE scans SET status='running', finished_at=NULL WHERE id=?", (scan_id,))

    def finish_scan(self, scan_id: int, status: str, intel: dict | None = None) -> None:
        """Counts and score of the scan's pages, and ``intel`` (the site-intelligence summary,
        stored as its counts; None: it did not run) in the same single UPDATE."""
        counts = intel_counts(intel)
        intel_json = None if counts is None else json.dumps(counts, sort_keys=True)
        with self.tx():
            ok, failed, skipped = self.db.execute(
                "SELECT SUM(status='ok'), SUM(status='error'), SUM(status='skipped') FROM pages WHERE scan_id=?",
                (scan_id,)).fetchone()
            # the site score is the posts' (scoring.counted_pages), as in audit and check
            scored = self.db.execute("SELECT score, page_type FROM pages WHERE scan_id=? AND status='ok'", (scan_id,))
            score = site_score(s for s, _ in counted_pages(scored, lambda row: row[1]))
            self.db.execute(
                "UPDATE scans SET status=?, finished_at=?, score=?, pages_ok=?, pages_failed=?, pages_skipped=?, intel=?,"
                f" number=CASE WHEN ?='complete' AND ? THEN COALESCE(number, {_NEXT_NUMBER}) END"
                " WHERE id=?", (status, now_iso(), score, ok or 0, failed or 0, skipped or 0, intel_json, status,
                                self.numbered, scan_id))

    def add_problem(self, scan_id: int, source: str, message: str) -> None:
        """Keep a sitemap (or target) that could not be read with the scan: the dashboard, history and
        clients overview show it, and a resumed scan, which does not read its sitemaps again, still counts it."""
        with self.tx():
            (text,) = self.db.execute("SELECT problems FROM scans WHERE id=?", (scan_id,)).fetchone()
            problems = [list(p) for p in _problems_from_json(text)] + [[source, message]]
            self.db.execute("UPDATE scans SET problems=? WHERE id=?", (json.dumps(problems), scan_id))

    def scan(self, scan_id: int) -> ScanRow | None:
        row = self.db.execute(f"SELECT {_SCAN_COLUMNS} FROM scans WHERE id=?", (scan_id,)).fetchone()
        return _scan_row(row) if row else None

    def previous_scored_scan(self, scan_id: int) -> ScanRow | None:
        """What "change since scan #N" compares scan ``scan_id`` with on the dashboard, the clients
        overview and the scorecards: for a whole-site scan, the site's latest earlier whole-site scan
        with a score (``previous_full_scan``, as ``seoaudit history`` does), never a spot check of some
        pages; for a spot check, the latest earlier scan with a score, whatever it covered. A scan
        that audited nothing (the site was down) is passed over."""
        scan = self.scan(scan_id)
        return self._previous_scored(scan.site, scan_id, whole_site_only=scan.whole_site) if scan else None

    def failure(self, scan_id: int) -> str:
        """Why a scan audited no page, e.g. "site unreachable: connection refused by 127.0.0.1": the
        most common cause among its unreadable sitemaps and the URLs it could not audit or skipped.
        "" when it audited a page."""
        if self.db.execute("SELECT 1 FROM pages WHERE scan_id=? AND status='ok' LIMIT 1", (scan_id,)).fetchone():
            return ""
        causes = Counter()
        (problems,) = self.db.execute("SELECT problems FROM scans WHERE id=?", (scan_id,)).fetchone()
        for source, message in _problems_from_json(problems):
            causes[_failure_text(message, source)] += 1
        for error, cause in self.db.execute("SELECT error, cause FROM pages WHERE scan_id=? AND status IN ('error', 'skipped')",
                                            (scan_id,)):
            causes[_failure_text(error or cause or "could not be audited")] += 1
        return causes.most_common(1)[0][0] if causes else "no page to audit was found"

    def previous_intel_scan(self, scan_id: int) -> ScanRow | None:
        """The latest complete whole-site scan of the same site before ``scan_id`` that has site-intelligence
        counts (a scan of some pages counts only the duplicates among them: not the site's)."""
        row = self.db.execute(
            "SELECT id FROM scans WHERE site=(SELECT site FROM scans WHERE id=?) AND id<? AND status='complete'"
            " AND intel IS NOT NULL AND whole_site<>0 ORDER BY id DESC LIMIT 1", (scan_id, scan_id)).fetchone()
        return self.scan(row[0]) if row else None

    def intel_of(self, scan_id: int) -> dict[str, int] | None:
        """The site-intelligence counts stored with a scan (None: it did not run)."""
        row = self.db.execute("SELECT intel FROM scans WHERE id=?", (scan_id,)).fetchone()
        return _intel_from_json(row[0]) if row else None

    def site_history(self, site: str, limit: int = 50) -> list[ScanRow]:
        rows = self.db.execute(
            f"SELECT {_SCAN_COLUMNS} FROM scans WHERE site=? AND status='complete' ORDER BY id DESC LIMIT ?",
            (site, limit)).fetchall()
        return [_scan_row(r) for r in reversed(rows)]

    def previous_full_scan(self, site: str, before: int) -> ScanRow | None:
        """The latest complete scan of ``site`` before the scan whose id is ``before`` that covered the
        whole site and has a score: what a whole-site scan's change is computed against. A scan of
        some pages only (``ScanRow.whole_site`` False), one that audited nothing and an interrupted
        one are passed over."""
        return self._previous_scored(site, before, whole_site_only=True)

    def _previous_scored(self, site: str, before: int, whole_site_only: bool) -> ScanRow | None:
        row = self.db.execute(
            f"SELECT {_SCAN_COLUMNS} FROM scans WHERE site=? AND id<? AND status='complete' AND score IS NOT NULL"
            " AND (whole_site<>0 OR NOT ?) ORDER BY id DESC LIMIT 1", (site, before, whole_site_only)).fetchone()
        return _scan_row(row) if row else None

    def site_summaries(self) -> list[tuple[str, int, int, ScanRow | None]]:
        """(site, complete scans, how many of them partial, the latest complete scan or None) of every
        site in the database, by name (ignoring case)."""
        rows = self.db.execute(
            "SELECT site, COALESCE(SUM(status='complete'), 0), COALESCE(SUM(status='complete' AND whole_site=0), 0),"
            " MAX(CASE WHEN status='complete' THEN id END) FROM scans GROUP BY site").fetchall()
        return [(site, scans, partial, self.scan(last) if last is not None else None)
                for site, scans, partial, last in sorted(rows, key=lambda r: (r[0].casefold(), r[0]))]

    def sites(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT site FROM scans ORDER BY site")]

    def sites_scanning(self, site: str) -> list[str]:
        """Names of the sites whose scans targeted URLs of ``site`` (a host without ``www.``): a
        client is stored under its name, not its host, and ``history https://host/`` must find it."""
        from .urls import site_of

        names = []
        for name, targets in self.db.execute("SELECT DISTINCT site, targets FROM scans ORDER BY site"):
            urls = [t for t in _targets_from_json(targets) if "://" in t]
            if name not in names and any(site_of(u) == site for u in urls):
                names.append(name)
        return names

    def page_scans(self, key: str) -> list[tuple[str, int, str, bool, str, float | None, str]]:
        """(site, scan number, started_at, whole_site, page status, score, url) of one page in every
        complete scan, oldest first; the number is the scan's among its site's (``ScanRow.number``)."""
        rows = self.db.execute(
            "SELECT s.site, s.number, s.started_at, s.whole_site, p.status, p.score, p.url FROM pages p"
            " JOIN scans s ON s.id=p.scan_id WHERE p.key=? AND s.status='complete' ORDER BY s.id", (key,)).fetchall()
        return [(site, number, started, whole != 0, status, score, url) for site, number, started, whole, status, score, url in rows]

    # ---- pages and what they found ----------------------------------------------------------
    def add_page(self, scan_id: int, row: dict, links: Iterable[tuple[str, str, str, str]] = (),
                 discovered: Iterable[tuple[str, str, str, int, str]] = (), targets: Iterable[tuple] = (),
                 items: Iterable[tuple[str, str, str, str]] = ()) -> None:
        """One page, its links (target, target_key, context, text), the jobs it added, its own
        ``targets`` rows (``add_target``'s arguments after ``scan_id``: the URL requested and, after a
        redirect, the final one) and its findings' ``items`` (code, status, item, name: ``changes.py``),
        in one transaction: a target row marks a URL done for ``--resume``, so it must not exist before
        the page's result does, and a page stored without its findings would read as fixed next month."""
        with self.tx():
            for target in targets:
                self._add_target(scan_id, *target)
            self.db.execute(
                "INSERT OR REPLACE INTO pages(scan_id, key, url, status, score, categories, title, meta_description, h1,"
                " content_hash, words, http_status, error, cause, depth, via, failing, not_applicable, scorecard, page_type)"
                " VALUES (:scan_id, :key, :url, :status, :score, :categories, :title, :meta_description, :h1,"
                " :content_hash, :words, :http_status, :error, :cause, :depth, :via, :failing, :not_applicable, :scorecard,"
                " :page_type)",
                {**_PAGE_DEFAULTS, **row, "scan_id": scan_id})
            self.db.executemany("INSERT INTO links VALUES (?,?,?,?,?,?)",
                                [(scan_id, row["key"], *link) for link in links])
            self._add_frontier(scan_id, discovered)
            # the page row is replaced when a page is stored again: so are its findings
            self.db.execute("DELETE FROM finding_items WHERE scan_id=? AND page_key=? AND scope='page'", (scan_id, row["key"]))
            self._add_finding_items(scan_id, row["key"], items, "page")

    def add_target(self, scan_id: int, key: str, url: str, status: int | None, final_url: str, hops: int,
                   error: str | None, cause: str, broken: bool, chain: Iterable[tuple[str, int]] = ()) -> None:
        with self.tx():
            self._add_target(scan_id, key, url, status, final_url, hops, error, cause, broken, chain)

    def _add_target(self, scan_id: int, key: str, url: str, status: int | None, final_url: str, hops: int,
                    error: str | None, cause: str, broken: bool, chain: Iterable[tuple[str, int]] = ()) -> None:
        self.db.execute("INSERT OR REPLACE INTO targets(scan_id, key, url, status, final_url, hops, error, cause, broken, chain)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?)",
                        (scan_id, key, url, status, final_url, hops, error, cause, int(broken),
                         json.dumps([list(hop) for hop in chain])))

    def add_frontier(self, scan_id: int, jobs: Iterable[tuple[str, str, str, int, str]]) -> None:
        with self.tx():
            self._add_frontier(scan_id, jobs)

    def _add_frontier(self, scan_id: int, jobs) -> None:
        self.db.executemany("INSERT OR IGNORE INTO frontier VALUES (?,?,?,?,?,?)", [(scan_id, *j) for j in jobs])

    def add_sitemap_keys(self, scan_id: int, keys: Iterable[str]) -> None:
        with self.tx():
            self.db.executemany("INSERT OR IGNORE INTO sitemap_urls VALUES (?,?)", [(scan_id, k) for k in keys])

    def add_findings(self, scan_id: int, rows: Iterable[tuple[str, str, str, str, str, str]],
                     items: Iterable[tuple[str, str, str, str, str]] = ()) -> None:
        """(page_key, url, code, name, status, message) rows of site findings, and their ``items``
        (page_key, code, status, item, name: ``changes.py``), in one transaction."""
        with self.tx():
            self.db.executemany("INSERT INTO findings VALUES (?,?,?,?,?,?,?)", [(scan_id, *r) for r in rows])
            self.db.executemany("INSERT INTO finding_items VALUES (?,?,?,?,?,?,'site')", [(scan_id, *i) for i in items])

    def clear_site_findings(self, scan_id: int, codes: Iterable[str]) -> None:
        codes = list(codes)
        with self.tx():
            self.db.executemany("DELETE FROM findings WHERE scan_id=? AND code=?", [(scan_id, c) for c in codes])
            self.db.executemany("DELETE FROM finding_items WHERE scan_id=? AND scope='site' AND code=?", [(scan_id, c) for c in codes])

    def _add_finding_items(self, scan_id: int, page_key: str, items: Iterable[tuple[str, str, str, str]], scope: str) -> None:
        self.db.executemany("INSERT INTO finding_items VALUES (?,?,?,?,?,?,?)",
                            [(scan_id, page_key, code, status, item, name, scope) for code, status, item, name in items])

    def finding_items(self, scan_id: int) -> Iterator[tuple[str, str, str, str, str, str]]:
        """(page_key, code, status, item, name, scope) of every finding of a scan, by page and check."""
        yield from self.db.cursor().execute(
            "SELECT page_key, code, status, item, name, scope FROM finding_items WHERE scan_id=? ORDER BY page_key, code, rowid",
            (scan_id,))

    def kept_findings(self, scan_id: int) -> bool:
        """Did this scan keep its findings' items (``finding_items``)? Scans stored by versions before
        it did not, and comparing with one would list every finding as new. A scan with no failing
        check at all has nothing to keep, and counts as kept."""
        if self.db.execute("SELECT 1 FROM finding_items WHERE scan_id=? LIMIT 1", (scan_id,)).fetchone():
            return True
        failing = self.db.execute("SELECT 1 FROM pages WHERE scan_id=? AND status='ok' AND failing NOT IN ('', '[]') LIMIT 1",
                                  (scan_id,)).fetchone()
        sited = self.db.execute("SELECT 1 FROM findings WHERE scan_id=? LIMIT 1", (scan_id,)).fetchone()
        return not failing and not sited

    # ---- reading back (resume, site phase, dashboard) ------------------------------------------
    def done_keys(self, scan_id: int) -> set[str]:
        """Keys ``--resume`` does not request again: a stored page, or a stored target (a link
        checked, a failed fetch, a redirect to a page with its own job). A page sent for analysis
        gets its target rows only together with its page row (``add_page``), so a page whose
        analysis was cut off by Ctrl-C is not done."""
        keys = {r[0] for r in self.db.execute("SELECT key FROM pages WHERE scan_id=?", (scan_id,))}
        keys |= {r[0] for r in self.db.execute("SELECT key FROM targets WHERE scan_id=?", (scan_id,))}
        return keys

    def frontier(self, scan_id: int) -> list[tuple[str, str, str, int, str]]:
        return self.db.execute("SELECT key, url, kind, depth, via FROM frontier WHERE scan_id=?", (scan_id,)).fetchall()

    def pages(self, scan_id: int, status: str | None = None) -> Iterator[sqlite3.Row]:
        cursor = self.db.cursor()
        cursor.row_factory = sqlite3.Row
        sql = "SELECT * FROM pages WHERE scan_id=?" + (" AND status=?" if status else "") + " ORDER BY key"
        yield from cursor.execute(sql, (scan_id, status) if status else (scan_id,))

    def links_of(self, scan_id: int, key: str) -> list[tuple[str, str, str, str]]:
        return self.db.execute("SELECT target, target_key, context, text FROM links WHERE scan_id=? AND source_key=?",
                               (scan_id, key)).fetchall()

    def previous_page(self, scan_id: int, key: str) -> tuple[float | None, dict[str, float | None], frozenset[str]] | None:
        """(score, category scores, codes of the checks that did not apply) of an audited page in
        scan ``scan_id``, or None."""
        row = self.db.execute("SELECT score, categories, not_applicable FROM pages WHERE scan_id=? AND key=? AND status='ok'",
                              (scan_id, key)).fetchone()
        if row is None:
            return None
        try:
            categories = json.loads(row[1] or "{}")
            not_applicable = json.loads(row[2] or "[]")
        except ValueError:
            categories, not_applicable = {}, []
        return (row[0], categories if isinstance(categories, dict) else {},
                frozenset(not_applicable) if isinstance(not_applicable, list) else frozenset())

    def scorecards(self, scan_id: int) -> dict[str, str]:
        """key -> scorecard path (relative to the scan's output folder) of every audited page
        of a scan that has one: one query for a whole site."""
        return dict(self.db.execute("SELECT key, scorecard FROM pages WHERE scan_id=? AND scorecard IS NOT NULL AND scorecard != ''",
                                    (scan_id,)).fetchall())

    def page_scores(self, scan_id: int) -> dict[str, float | None]:
        return dict(self.db.execute("SELECT key, score FROM pages WHERE scan_id=? AND status='ok'", (scan_id,)))


_PAGE_DEFAULTS = {k: None for k in (
    "score", "categories", "title", "meta_description", "h1", "content_hash", "words", "http_status",
    "error", "cause", "depth", "via", "failing", "not_applicable", "scorecard", "page_type")}


def covers_whole_site(targets: Iterable[str]) -> bool:
    """Does a scan of ``targets`` cover its site, rather than some of its pages? A site root is
    crawled and a sitemap lists the site, read as the scan reads them (``sitemaps.scan_target``;
    ``ScanUnit.whole_site`` asks this); page URLs and a local list of URLs are pages someone picked,
    whose score is not the site's. A local file that is gone (the scans of a database written
    before this was stored) is a sitemap when its name ends in ``.xml`` or ``.gz``."""
    from .sitemaps import WHOLE_SITE_KINDS, scan_target

    targets = list(targets)
    for target in targets:
        kind, _ = scan_target(target)
        if kind in WHOLE_SITE_KINDS:
            return True
        if kind == "bad" and "://" not in target and target.lower().endswith((".xml", ".gz")):
            return True
    return not targets


def _targets_from_json(text: str | None) -> list[str]:
    try:
        data = json.loads(text or "[]")
    except ValueError:
        return []
    return [t for t in data if isinstance(t, str)] if isinstance(data, list) else []


#: Columns added after the first release: (table, column, type), added to older databases on open.
_LATER_COLUMNS = (("targets", "chain", "TEXT"), ("scans", "intel", "TEXT"), ("pages", "page_type", "TEXT"),
                  ("scans", "problems", "TEXT"), ("scans", "number", "INTEGER"),
                  ("scans", "whole_site", "INTEGER NOT NULL DEFAULT 1"), ("scans", "checks", "TEXT"), ("pages", "not_applicable", "TEXT"))


def _add_missing_columns(db: sqlite3.Connection) -> None:
    for table, column, kind in _LATER_COLUMNS:
        have = {r[1] for r in db.execute(f"PRAGMA table_info({table})")}
        if column not in have:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
            if (table, column) == ("scans", "number"):
                # the complete scans stored before numbers, numbered per site in the order they started
                db.execute("UPDATE scans SET number=(SELECT COUNT(*) FROM scans earlier WHERE earlier.site=scans.site"
                           " AND earlier.status='complete' AND earlier.id<=scans.id) WHERE status='complete'")
            if (table, column) == ("scans", "whole_site"):
                # the older scans' coverage, read from the targets they stored
                db.executemany("UPDATE scans SET whole_site=0 WHERE id=?",
                               [(scan_id,) for scan_id, targets in db.execute("SELECT id, targets FROM scans").fetchall()
                                if not covers_whole_site(_targets_from_json(targets))])


def _statements(script: str) -> list[str]:
    # a plain split: no ";" may appear inside SCHEMA, comments included
    return [s.strip() for s in script.split(";") if s.strip()]


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any exception (also KeyboardInterrupt)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.db.execute("COMMIT")
        else:
            self.db.execute("ROLLBACK")


def scorecard_finder(store: "Store", scan_id: int) -> Callable[[str], str | None]:
    """url -> scorecard path of an audited page of the scan (None: no scorecard), from one
    query: the site and intelligence cards ask for each page many times (itself and as
    other pages' partner or rival)."""
    paths = store.scorecards(scan_id)
    by_url: dict[str, str | None] = {}

    def scorecard_of(url: str) -> str | None:
        if url not in by_url:
            by_url[url] = paths.get(url_key(url))
        return by_url[url]

    return scorecard_of
