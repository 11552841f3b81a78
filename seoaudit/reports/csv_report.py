"""Streaming scan outputs: ``pages.jsonl``, ``pages.csv`` and ``findings.csv``.

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
  for sitemap/robots problems and a final ``{"type": "scan", ...}`` summary.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any, Mapping

from ..registry import CATEGORIES

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
SEVERITY = {"bad": "problem", "ok": "improve", "error": "error"}
CHANGES_CSV = "changes.csv"
CHANGE_COLUMNS = ("change", "url", "title", "code", "check", "severity", "finding", "scope", "new_page", "since_scan")
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


def write_changes_csv(store, scan_id: int, previous, path: Path) -> int:
    """``changes.csv``: the findings fixed since ``previous`` (the scan "change since" compares with,
    a ``store.ScanRow``; None for a first scan: the file has its header only), then the new ones,
    each by page (``changes.py``); returns the rows written. A previous scan stored before findings
    were kept is not compared (the dashboard says so)."""
    from ..changes import changes
    from .dashboard import fail_titles

    rows = 0
    with open(path, "w", encoding=CSV_ENCODING, newline="") as f:
        out = csv.writer(f)
        out.writerow(CHANGE_COLUMNS)
        if previous is None or not store.kept_findings(previous.id):
            return 0
        pages = {key: (url, title) for key, url, title in store.db.execute(
            "SELECT key, url, title FROM pages WHERE scan_id=? AND status='ok'", (scan_id,))}
        titles = fail_titles()
        for kind in ("fixed", "new"):
            for c in changes(store, scan_id, previous.id):
                if c.kind != kind:
                    continue
                url, title = pages.get(c.page_key, (c.page_key, ""))
                out.writerow([cell(v) for v in (c.kind, url, title, c.code, titles.get(c.code, c.code),
                                                 SEVERITY.get(c.status, c.status), c.name, c.scope,
                                                 "yes" if c.new_page else "", previous.number)])
                rows += 1
    return rows
