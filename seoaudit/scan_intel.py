"""Site intelligence in ``seoaudit scan``: near-duplicates, city swaps, competing pages.

Site intelligence needs every page's main text at once (one TF-IDF matrix), but a scan
streams pages and forgets them. So as each page is analysed its compact ``PageText``
(URL, title, H1, slug, keyphrases, cities, main text, word count, score, internal link targets, site names) is
appended as one JSON line to a spool file in the scan's staging folder (``scan_folder.py``;
it goes with that folder when the scan is published); nothing is kept in memory. When the
crawl ends the spool is read back once and ``analyse_site`` runs (in a forked child where
safe, beside the site phase), and then:

* ``intel.json`` (``reports.intel.write_intel_json``, streamed pair by pair) and ``intel.csv`` go to the staging folder;
* the dashboard gets the site-intelligence section (``reports/dashboard.py``);
* each page that competes with others (or has keyphrase suggestions) gets a card in the
  slot its streamed scorecard left (``reports/site_card.fill_intel_slot``): only those
  scorecards are read and rewritten, and their scores stay as streamed;
* ``pages.jsonl`` gets one ``{"type": "intel", ...summary}`` record.

The analysis itself holds every PageText and a sparse matrix (about 320 MB for 10,000
pages, see ``benchmarks/intel_benchmark.py``), so above ``max_pages`` it is skipped
with a note. An interrupted scan keeps the spool: ``--resume`` appends to it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from .intel.pagetext import PageText, page_text_from_document
from .reports.csv_report import CSV_ENCODING
from .urls import url_key

#: The spool of PageText records, in the scan's staging folder until the scan completes.
SPOOL_NAME = ".seoaudit-intel-pages.jsonl"
#: Posts waiting for an inferred keyphrase (``UntargetedPosts``), in the output folder during the scan.
UNTARGETED_NAME = ".seoaudit-untargeted.pickle"
INTEL_JSON, INTEL_CSV = "intel.json", "intel.csv"
#: Above this many audited pages the analysis is skipped (time and memory grow with pages).
DEFAULT_MAX_PAGES = 20_000


def page_text_line(doc, keyphrases: tuple[str, ...], cities: tuple[str, ...], score: float | None) -> str:
    """One page's PageText as a JSON line (computed in the analysis worker, which has the Document)."""
    p = page_text_from_document(doc, keyphrases, cities, score)
    return json.dumps({"url": p.url, "source": p.source, "title": p.title, "h1": p.h1, "slug": p.slug,
                       "keyphrases": list(p.keyphrases), "cities": list(p.cities), "score": p.score,
                       "links_to": list(p.links_to), "words": p.words, "site_names": list(p.site_names), "text": p.text}, ensure_ascii=False)


def page_text_from_line(line: str) -> PageText:
    d = json.loads(line)
    return PageText(url=d["url"], text=d["text"], title=d.get("title", ""), h1=d.get("h1", ""), slug=d.get("slug", ""),
                    keyphrases=tuple(d.get("keyphrases", ())), cities=tuple(d.get("cities", ())), score=d.get("score"),
                    links_to=tuple(d.get("links_to", ())), source=d.get("source", ""),
                    words=d.get("words"), site_names=tuple(d.get("site_names", ())))  # absent in a spool an earlier version left for --resume


class PageTextSpool:
    """An append-only JSON Lines file of PageText records; holds only a count in memory."""

    def __init__(self, path: Path, append: bool = False):
        self.path = Path(path)
        self.count = self._count_lines() if append else 0
        self._file = open(self.path, "a" if append else "w", encoding="utf-8")

    def _count_lines(self) -> int:
        try:
            with open(self.path, encoding="utf-8") as f:
                return sum(1 for line in f if line.strip())
        except OSError:
            return 0

    def add(self, line: str) -> None:
        # flushed per page: a Ctrl-C loses no page that was already recorded elsewhere
        self._file.write(line + "\n")
        self._file.flush()
        self.count += 1

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()

    def read(self) -> Iterator[PageText]:
        """The records in order, each URL once (a resumed scan may have recorded a page twice)."""
        self.close()
        seen: set[str] = set()
        with open(self.path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                try:
                    page = page_text_from_line(line)
                except (ValueError, KeyError):  # a line cut short by a killed process
                    continue
                key = url_key(page.url)
                if key not in seen:
                    seen.add(key)
                    yield page


class UntargetedPosts:
    """Posts without a keyphrase in a scan that infers keyphrases (``infer_keyphrases``), kept on
    disk until site intelligence has suggested one for each: what the scan needs to audit each
    again (the fetched page and how it was reached), pickled to a file in the output folder, so
    memory stays flat. Only the run that wrote the file reads it: an interrupted scan removes it,
    and ``--resume`` fetches those posts again (none of them was stored as audited)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.count = 0
        self.done = False  # read back and removed
        self._file = None

    def add(self, record: tuple) -> None:
        import pickle

        if self._file is None:
            self._file = open(self.path, "wb")
        pickle.dump(record, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def read(self) -> Iterator[tuple]:
        import pickle

        if self._file is None:
            return
        self._file.close()
        with open(self.path, "rb") as f:
            for _ in range(self.count):
                yield pickle.load(f)

    def remove(self) -> None:
        self.done = True
        if self._file is not None:
            self._file.close()
            self.path.unlink(missing_ok=True)


def inferred_keyphrases(intel) -> dict[str, str]:
    """url_key -> the top keyphrase suggestion of each post that has one (none without ``intel``)."""
    if intel is None:
        return {}
    return {url_key(p.url): p.inferred_keyphrase for p in intel.pages if p.inferred_keyphrase}


def start_intel_phase(unit, max_pages: int = DEFAULT_MAX_PAGES, preload_models: bool = False):
    """Start analysing the unit's spooled pages; None (with a note) when it should not run.

    It does not run with fewer than two pages, or above ``max_pages`` (note). The
    analysis writes nothing, so it runs in a forked child where that is safe
    (``seoaudit/forked.py``) while the scan does its site phase; ``finish_intel_phase``
    takes its result. ``preload_models``: import scikit-learn in this process first, so
    that the children of a scan of several clients do not import it one after another.
    """
    spool: PageTextSpool | None = unit.spool
    if spool is None:
        return None
    spool.close()
    if spool.count < 2:
        return None
    if spool.count > max_pages:
        unit.intel_note = (f"Site intelligence skipped: {spool.count} pages is more than --intel-max-pages {max_pages} "
                           "(raise it if the machine has the memory: about 320 MB per 10,000 pages).")
        unit.note(unit.intel_note)
        return None
    from . import forked
    from .api import intel_options
    from .intel import analyse_site
    from .intel.vectors import preload

    # A forked child that imports scikit-learn itself pays ~0.8 s, beside the site phase; for
    # every client of a --clients scan that adds up, so there it is imported once, before the
    # forks. Not for one site: the import holds ~95 MB in the scan process for the rest of the
    # run (a 10,000-page scan has to stay under 400 MB).
    if preload_models:
        preload()
    return forked.start(analyse_site, spool.read(), intel_options(unit.spec.settings, tuple(unit.spec.cities)))


def finish_intel_phase(unit, started):
    """Write the outputs of a started analysis: (SiteIntel or None, the cards still being written or None).

    None when the analysis failed (noted in the JSONL and on the dashboard): the scan's
    other results stand. The scorecards' cards are written by a forked child where that
    is safe, while this process writes intel.json/csv and, after returning, the
    dashboard; call ``.result()`` on the second value before the scan ends. The history
    database is read here, before the fork, never in the child.
    """
    return write_intel_outputs(unit, intel_result(unit, started))


def intel_result(unit, started):
    """The SiteIntel of a started analysis (waiting for it), or None: not started, or failed (noted)."""
    if started is None:
        return None
    try:
        return started.result()
    except Exception as exc:  # noqa: BLE001 - the audit results stand without site intelligence
        unit.intel_note = f"Site intelligence failed: {type(exc).__name__}: {exc}"
        unit.note(unit.intel_note)
        return None


def write_intel_outputs(unit, intel):
    """``finish_intel_phase`` once the analysis has answered: (intel, the cards being written or None)."""
    if intel is None:
        return None, None
    cards = None
    if unit.options.scorecards:
        from . import forked
        from .store import scorecard_finder

        cards = forked.start(add_intel_cards, intel, scorecard_finder(unit.store, unit.scan_id), unit.work_dir)
    unit.intel_summary = write_intel_files(intel, unit.work_dir)
    unit.writer.record({"type": "intel", **unit.intel_summary, "json": INTEL_JSON, "csv": INTEL_CSV})
    return intel, cards


def write_intel_files(intel, out_dir: Path) -> dict:
    """intel.json (exactly what ``seoaudit intel -f json`` writes) and intel.csv; returns the summary."""
    from .reports.intel import intel_csv, write_intel_json

    with open(Path(out_dir) / INTEL_JSON, "w", encoding="utf-8") as f:
        summary = write_intel_json(f, intel)
    # with the byte order mark Excel needs to read accents, like the scan's other CSV files
    (Path(out_dir) / INTEL_CSV).write_bytes(intel_csv(intel).encode(CSV_ENCODING))
    return summary


def add_intel_cards(intel, scorecard_of, out_dir: Path) -> int:
    """Put the "Competes with"/suggestions card on each affected scorecard; returns how many were written.

    ``scorecard_of``: url -> scorecard path (``store.scorecard_finder``).
    """
    from .reports.site_card import fill_intel_slot, intel_card_views, render_intel_card

    written = 0
    for scorecard, card in intel_card_views(intel, scorecard_of):
        written += fill_intel_slot(Path(out_dir) / scorecard, render_intel_card(card))
    return written
