"""Streaming scan outputs: ``pages.jsonl``, ``pages.csv`` and ``findings.csv``.

Each page is written the moment it is audited and then forgotten, so a 50,000-page
scan never holds its results in memory. Rows are flushed per page, so an interrupted
scan leaves complete lines behind (``--resume`` appends to the same files).

* ``pages.csv``: one row per URL with its page score and category scores (or its
  error/skip cause); ``from_cache`` is ``yes`` when the server answered 304 Not
  Modified and the page was audited from the HTTP cache;
* ``findings.csv``: one row per check that did not pass on a page (status ``bad``,
  ``ok`` or ``error``), page checks while scanning and site checks at the end;
* ``pages.jsonl``: one JSON object per line: ``{"type": "page", ...PageReport}`` for
  each audited page, ``{"type": "page", "status": "error"|"skipped", ...}`` for the
  rest, ``{"type": "finding", ...}`` for site findings, ``{"type": "problem", ...}``
  for sitemap/robots problems and a final ``{"type": "scan", ...}`` summary.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Mapping

from ..registry import CATEGORIES

PAGE_COLUMNS = ("url", "status", "score", *CATEGORIES, "title", "words", "http_status", "cause", "error", "depth", "via", "scorecard", "from_cache", "page_type")
FINDING_COLUMNS = ("url", "code", "name", "category", "status", "score", "message", "scope")

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


class ScanWriter:
    """The three streamed files of one scan, in ``out_dir``."""

    def __init__(self, out_dir: Path, append: bool = False):
        out_dir.mkdir(parents=True, exist_ok=True)
        mode = "a" if append else "w"
        self.paths = {name: out_dir / name for name in ("pages.jsonl", "pages.csv", "findings.csv")}
        fresh = {name: not (append and p.exists() and p.stat().st_size) for name, p in self.paths.items()}
        self._jsonl = open(self.paths["pages.jsonl"], mode, encoding="utf-8")
        self._pages_f = open(self.paths["pages.csv"], mode, encoding="utf-8", newline="")
        self._findings_f = open(self.paths["findings.csv"], mode, encoding="utf-8", newline="")
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
        values = {**row, **{c: cats.get(c) for c in CATEGORIES}}
        self._pages.writerow([cell(values.get(c)) for c in PAGE_COLUMNS])

    def finding(self, url: str, code: str, name: str, category: str, status: str, score: float | None,
                message: str, scope: str = "page") -> None:
        self._findings.writerow([cell(v) for v in (url, code, name, category, status, score, message, scope)])

    def flush(self) -> None:
        for f in (self._jsonl, self._pages_f, self._findings_f):
            f.flush()

    def close(self) -> None:
        for f in (self._jsonl, self._pages_f, self._findings_f):
            f.close()
