"""Scan outputs in CSV and JSON Lines: ``pages.jsonl``, ``pages.csv`` and ``findings.csv``
streamed, ``changes.csv`` and ``links.csv`` from the history at the end, and a clients run's
combined files.

Each page is written the moment it is audited and then forgotten, so a 50,000-page
scan never holds its results in memory. Rows are flushed per page, so an interrupted
scan leaves complete lines behind (``--resume`` appends to the same files). The files
are written in the scan's staging folder and published with the rest of its outputs
when it completes (``scan_folder.py``).

* ``pages.csv``: one row per URL with its page score and category scores
  (``keyphrase_score``...), the keyphrases and cities it was audited against (or its
  error/skip cause); ``from_cache`` is ``yes`` when the server answered 304 Not
  Modified and the page was audited from the HTTP cache;
* ``findings.csv``: one row per check that did not pass on a page (status ``bad``,
  ``ok`` or ``error``, and the same in words: ``severity`` ``problem``, ``improve``,
  ``error``), with the page's title, the links the finding is about and the check's fix
  for the page; page checks while scanning and site checks at the end;
* ``pages.jsonl``: one JSON object per line: ``{"type": "page", ...PageReport}`` for
  each audited page, ``{"type": "page", "status": "error"|"skipped", ...}`` for the
  rest, ``{"type": "finding", ...}`` for site findings, ``{"type": "problem", ...}``
  for sitemap/robots problems and a final ``{"type": "scan", ...}`` summary;
* ``changes.csv``: the findings fixed and new since the scan "change since" compares
  with (``changes.py``); ``links.csv``: each broken or redirected internal link by
  linking page (``site.link_fixes``).

When the scan completes, its CSV files are sorted by URL and every row gets the scan's
number and date (``finalise_csv``). A clients run adds ``clients.csv`` and each file
combined across clients (``write_combined_csv``) beside the overview.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any, Mapping

from ..registry import CATEGORIES
from .base import STATUS_LABELS

#: Category scores are ``<category>_score``: a bare ``keyphrase`` column read as the keyphrase, not its score.
SCORE_COLUMNS = tuple(f"{c}_score" for c in CATEGORIES)
PAGE_COLUMNS = ("url", "status", "score", *SCORE_COLUMNS, "keyphrases", "cities", "title", "words", "http_status", "cause",
                "error", "depth", "via", "scorecard", "from_cache", "page_type", "score_change")
#: Several keyphrases or cities in one cell (a keyphrase may hold a comma, hardly a semicolon).
LIST_SEPARATOR = "; "
#: CSV files start with a UTF-8 byte order mark: Excel reads a CSV without one in the machine's ANSI
#: code page, and every accent of a French or Spanish title comes out garbled ("ThÃ©rapie"). Python
#: readers should open them with encoding="utf-8-sig" (plain "utf-8" keeps the mark in the first column name).
CSV_ENCODING = "utf-8-sig"
#: ``status`` is the check's (``bad``, ``ok``, ``error``) for machines; ``severity`` says it for people
FINDING_COLUMNS = ("url", "code", "name", "category", "status", "score", "message", "scope", "severity", "title", "link", "fix")
#: A check's status as a spreadsheet reader says it: "ok" alone reads as "fine", and it means "could be better".
#: The words the scorecards' badges use (``STATUS_LABELS``), in lower case.
SEVERITY = {status: STATUS_LABELS[status].lower() for status in ("bad", "ok", "error")}
CHANGES_CSV = "changes.csv"
CHANGE_COLUMNS = ("change", "url", "title", "code", "check", "severity", "finding", "scope", "new_page", "since_scan")
LINKS_CSV = "links.csv"
LINK_COLUMNS = ("linking_page", "link", "anchor", "problem", "http_status", "hops", "final_url", "redirects", "error")
#: Columns every scan CSV ends with once the scan completes (``finalise_csv``): which scan a row is
#: from, so that the rows of several months, or of the combined files of a clients run, stay apart.
SCAN_COLUMNS = ("scan_number", "scan_date")
#: The combined files of a clients run start with the client's name.
CLIENT_COLUMN = "client"
CLIENTS_CSV = "clients.csv"
CLIENT_COLUMNS = ("client", "score", "change", "audited", "failed", "skipped", "sitemap_problems", "problems", "to_improve",
                  "broken_links", "near_duplicates", "city_swaps", "clusters", "scan_number", "scan_date", "status", "failure",
                  "dashboard_scan", "dashboard", "fixed", "new", "new_on_new_pages")
#: The files' sizes when the last page was written (``ScanWriter.mark_pages_end``).
PAGES_END_MARK = ".pages-end.json"

#: Spreadsheet programs run cells that start with these as formulas (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet will show, never evaluate; floats rounded to 0.1."""
    if value is None:
        return ""
    if isinstance(value, float):
        return round(value, 1)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def finding_links(evidence, site_check: bool = False) -> tuple[str, ...]:
    """The links a failing check is about, as its evidence names them: a broken or redirected link
    target (a site check's evidence is the href), a weak anchor, a contact or booking link without
    a call to action (a page check's evidence is the anchor, with the href as its detail)."""
    out = []
    for e in evidence:
        if e.kind == "link" and e.status in ("bad", "ok"):
            href = e.text if site_check else (e.detail or e.text)
            if href and href not in out:
                out.append(href)
    return tuple(out)


class ScanWriter:
    """The three streamed files of one scan, in ``out_dir``."""

    def __init__(self, out_dir: Path, append: bool = False):
        out_dir.mkdir(parents=True, exist_ok=True)
        mode = "a" if append else "w"
        self.paths = {name: out_dir / name for name in ("pages.jsonl", "pages.csv", "findings.csv")}
        self.mark = out_dir / PAGES_END_MARK
        if append:
            self._cut_at_pages_end()
        fresh = {name: not (append and p.exists() and p.stat().st_size) for name, p in self.paths.items()}
        self._jsonl = open(self.paths["pages.jsonl"], mode, encoding="utf-8")
        # appending (--resume) to a non-empty file writes no second mark: TextIOWrapper resets the
        # utf-8-sig encoder when the stream does not start at 0
        self._pages_f = open(self.paths["pages.csv"], mode, encoding=CSV_ENCODING, newline="")
        self._findings_f = open(self.paths["findings.csv"], mode, encoding=CSV_ENCODING, newline="")
        self._pages = csv.writer(self._pages_f)
        self._findings = csv.writer(self._findings_f)
        if fresh["pages.csv"]:
            self._pages.writerow(PAGE_COLUMNS)
        if fresh["findings.csv"]:
            self._findings.writerow(FINDING_COLUMNS)

    def record(self, obj: Mapping[str, Any]) -> None:
        self._jsonl.write(json.dumps(obj, ensure_ascii=False, sort_keys=False) + "\n")

    def record_line(self, line: str) -> None:
        """A JSON line serialised elsewhere (in an analysis worker)."""
        self._jsonl.write(line.rstrip("\n") + "\n")

    def page_row(self, row: Mapping[str, Any]) -> None:
        cats = row.get("categories") or {}
        values = {**row, **{f"{c}_score": cats.get(c) for c in CATEGORIES},
                  "keyphrases": LIST_SEPARATOR.join(row.get("keyphrases") or ()),
                  "cities": LIST_SEPARATOR.join(row.get("cities") or ())}
        self._pages.writerow([cell(values.get(c)) for c in PAGE_COLUMNS])

    def finding(self, url: str, code: str, name: str, category: str, status: str, score: float | None,
                message: str, scope: str = "page", title: str = "", links: tuple[str, ...] = (), fix: str = "") -> None:
        """One check that did not pass on a page: ``title`` is the page's, ``links`` the links the
        finding is about (``finding_links``), ``fix`` the check's fix for this page."""
        self._findings.writerow([cell(v) for v in (url, code, name, category, status, score, message, scope,
                                                   SEVERITY.get(status, status), title, LIST_SEPARATOR.join(links), fix)])

    def mark_pages_end(self) -> None:
        """Note the files' sizes once the pages are written: what follows (site findings, the site
        intelligence summary, the closing ``scan`` record) is written again by a resumed scan."""
        self.flush()
        sizes = {name: p.stat().st_size for name, p in self.paths.items()}
        self.mark.write_text(json.dumps(sizes), encoding="utf-8")

    def _cut_at_pages_end(self) -> None:
        """Cut the files back to their sizes at ``mark_pages_end``: a scan resumed after its pages
        were written (Ctrl-C in the site phase) must not list its site findings twice, nor keep the
        interrupted run's closing record."""
        try:
            sizes = json.loads(self.mark.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        for name, size in sizes.items():
            if name in self.paths and self.paths[name].exists():
                os.truncate(self.paths[name], size)
        self.mark.unlink()

    def flush(self) -> None:
        for f in (self._jsonl, self._pages_f, self._findings_f):
            f.flush()

    def close(self) -> None:
        for f in (self._jsonl, self._pages_f, self._findings_f):
            f.close()


def write_changes_csv(store, scan_id: int, previous, path: Path):
    """``changes.csv``: the findings fixed since ``previous`` (the scan "change since" compares with,
    a ``store.ScanRow``; None for a first scan: the file has its header only), then the new ones,
    each by page (``changes.py``). A previous scan stored before findings were kept is not compared
    (the dashboard says so). Returns the same changes summarised for the dashboard and the clients
    overview (``changes.summarise``, from the same pass over them), None for a first scan."""
    from ..changes import changes, summarise
    from .dashboard import fail_titles

    with open(path, "w", encoding=CSV_ENCODING, newline="") as f:
        out = csv.writer(f)
        out.writerow(CHANGE_COLUMNS)
        if previous is None:
            return None
        pages = {key: (url, title) for key, url, title in store.db.execute(
            "SELECT key, url, title FROM pages WHERE scan_id=? AND status='ok'", (scan_id,))}
        titles = fail_titles()

        def written(found):
            # finalise_scan_csvs sorts the file, fixed before new, by URL
            for c in found:
                url, title = pages.get(c.page_key, (c.page_key, ""))
                out.writerow([cell(v) for v in (c.kind, url, title, c.code, titles.get(c.code, c.code),
                                                 SEVERITY.get(c.status, c.status), c.name, c.scope,
                                                 "yes" if c.new_page else "", previous.number)])
                yield c

        return summarise(store, scan_id, previous, titles, written(changes(store, scan_id, previous.id)))


def finalise_csv(path: Path, scan_number: int | None, scan_date: str, order: tuple[str, ...] = ("url",),
                 added: tuple[str, Any] | None = None) -> None:
    """Rewrite a completed scan's CSV file sorted by the ``order`` columns (rows that tie keep their
    order: a page's findings stay in check order), each row ending with ``SCAN_COLUMNS``. Rows were
    written in the order pages finished, which changes from scan to scan; sorted, two months' files
    line up. The rows are sorted in a temporary SQLite file beside it, so memory stays flat whatever
    the size of the site. ``added``: (column, function of a row as a dict -> its cell), a column
    known only once the scan is complete, written before ``SCAN_COLUMNS``."""
    import sqlite3

    tmp_db = path.with_name(path.name + ".sort.sqlite3")
    tmp_db.unlink(missing_ok=True)
    db = sqlite3.connect(str(tmp_db), isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("CREATE TABLE rows (k TEXT, n INTEGER, r TEXT)")
        with open(path, newline="", encoding=CSV_ENCODING) as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None:
                return
            keys = [header.index(c) for c in order if c in header]
            db.execute("BEGIN")
            db.executemany("INSERT INTO rows VALUES (?,?,?)",
                           (("\x00".join(row[i] if i < len(row) else "" for i in keys), n, json.dumps(row, ensure_ascii=False))
                            for n, row in enumerate(reader)))
            db.execute("COMMIT")
        extra = [cell(scan_number), cell(scan_date)]
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "w", encoding=CSV_ENCODING, newline="") as f:
            out = csv.writer(f)
            out.writerow([*header, *([added[0]] if added else []), *SCAN_COLUMNS])
            for (r,) in db.execute("SELECT r FROM rows ORDER BY k, n"):
                row = json.loads(r)
                more = [cell(added[1](dict(zip(header, row))))] if added else []
                out.writerow([*row, *more, *extra])
        os.replace(tmp, path)
    finally:
        db.close()
        tmp_db.unlink(missing_ok=True)


#: findings.csv's column, filled when the scan completes: the finding on most pages that the theme
#: or a shared template likely writes (``site.site_wide_findings``), fixed once for every page
SITE_WIDE_COLUMN = "site_wide"


def finalise_scan_csvs(folder: Path, scan_number: int | None, scan_date: str,
                       site_wide: Mapping[tuple[str, str], str] | None = None) -> None:
    """The completed scan's ``pages.csv`` and ``findings.csv`` by URL (a page's findings in check
    order, page checks before site checks), ``changes.csv`` fixed first, each by URL, and
    ``links.csv`` by linking page; every row with the scan's number and date. ``site_wide``:
    (page key, check code) -> what of that check on that page is site-wide, for findings.csv's
    ``site_wide`` column."""
    from ..urls import url_key

    wide = site_wide or {}
    marked = (SITE_WIDE_COLUMN, lambda row: wide.get((url_key(row.get("url") or ""), row.get("code") or ""), ""))
    for name, order in (("pages.csv", ("url",)), ("findings.csv", ("url",)), (CHANGES_CSV, ("change", "url")),
                        (LINKS_CSV, ("linking_page", "link"))):
        if (folder / name).exists():
            finalise_csv(folder / name, scan_number, scan_date, order, marked if name == "findings.csv" else None)


def write_combined_csv(out_path: Path, sources: list[tuple[str, Path]], columns: tuple[str, ...]) -> int:
    """One file of several clients' files (``sources``: client name, its CSV file; in the clients
    file's order), each row starting with the client's name; returns the rows written. Columns are
    matched by name, so a client whose folder still holds an older scan's file (its latest scan
    failed) is included with what that file has."""
    rows = 0
    tmp = out_path.with_name(out_path.name + ".tmp")
    with open(tmp, "w", encoding=CSV_ENCODING, newline="") as f:
        out = csv.writer(f)
        out.writerow([CLIENT_COLUMN, *columns])
        for client, path in sources:
            try:
                source = open(path, newline="", encoding=CSV_ENCODING)
            except OSError:
                continue  # no published results for this client yet
            with source:
                for row in csv.DictReader(source):
                    out.writerow([cell(client), *(row.get(c) or "" for c in columns)])
                    rows += 1
    os.replace(tmp, out_path)
    return rows


def write_clients_csv(out_path: Path, rows: list[Mapping[str, Any]]) -> None:
    """``clients.csv``: one row per client (``CLIENT_COLUMNS``), in the clients file's order."""
    tmp = out_path.with_name(out_path.name + ".tmp")
    with open(tmp, "w", encoding=CSV_ENCODING, newline="") as f:
        out = csv.writer(f)
        out.writerow(CLIENT_COLUMNS)
        for row in rows:
            out.writerow([cell(row.get(c)) for c in CLIENT_COLUMNS])
    os.replace(tmp, out_path)


def write_links_csv(store, scan_id: int, path: Path, link_statuses: dict | None = None) -> int:
    """``links.csv``: each internal link of an audited page whose target is broken or redirected, by
    linking page: the page, the link as linked, its anchor, ``broken`` or ``redirected``, the last
    HTTP status, the redirects and the final URL (``site.link_fixes``; ``link_statuses``: the scan's,
    ``site.stored_link_statuses``); returns the rows written."""
    from ..site import link_fixes

    rows = 0
    with open(path, "w", encoding=CSV_ENCODING, newline="") as f:
        out = csv.writer(f)
        out.writerow(LINK_COLUMNS)
        for source, href, anchor, st in link_fixes(store, scan_id, link_statuses):
            chain = " > ".join(f"{r.status} {r.url}" for r in st.redirects if r.status)
            out.writerow([cell(v) for v in (source, href, anchor, "broken" if st.broken else "redirected", st.status, st.hops,
                                             st.final_url, chain, st.error or "")])
            rows += 1
    return rows
