"""Reporters for site intelligence (``SiteIntel``) and topic gaps (``TopicGaps``).

Same conventions as the audit reporters: each format is an object with ``name``,
``single_file`` and ``render(model, ctx) -> tuple[OutputFile, ...]``; commands pick one
from a registry and never branch on the format. HTML is jinja2 with autoescape on
(the shared environment of ``reports/html.py``), self-contained: inline CSS and SVG.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Mapping

from ..intel.model import SiteIntel, TopicGaps, pair_diff_dicts
from ..text import plural, printable
from .base import OutputFile, RenderContext

INTEL_HTML = "intel.html"
COMPARE_HTML = "compare.html"
# the padding keeps the outermost dots (the map is scaled to the pages' extremes, so some sit
# at 0 and 1) clear of the frame: at 375 px, 16 units put a dot on the box's edge
MAP_WIDTH, MAP_HEIGHT, MAP_PAD = 640.0, 400.0, 40.0
MAP_DOT, MAP_CLUSTER_DOT = 8, 10  # radii, in map units (at 375 px the map is drawn at half size)
#: Cluster colours on the map (by cluster id, cycling); pages in no cluster are grey.
PALETTE = ("#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d")
UNCLUSTERED = "#9ca3af"


#: Duplicate pairs whose side-by-side diff goes into the JSON (most similar first).
MAX_JSON_DIFFS = 1000


def _json_bytes(data: dict) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_intel_json(f, intel: SiteIntel, max_diffs: int = MAX_JSON_DIFFS) -> dict:
    """``intel.to_dict()`` as compact JSON to ``f``, each pair's diff made, written and dropped in turn.

    Pairs come most similar first; those after the first ``max_diffs`` are written with
    ``"diff": []`` and ``"diff_omitted": true`` (a diff costs ~1 ms: a templated site's
    50,000 pairs would take a minute). Rendering every diff into one dict first held
    them all (1,000 templated pages: ~250 MB). Compact, not indented, because json's C
    encoder only runs without indent. Returns the summary.
    """
    data = intel.to_dict(diffs=False)

    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    f.write("{")
    for n, (key, value) in enumerate(data.items()):
        f.write(("," if n else "") + dump(key) + ":")
        if key != "duplicates":
            f.write(dump(value))
            continue
        f.write("[")
        for k, (entry, pair) in enumerate(zip(value, intel.duplicates)):
            if k < max_diffs:
                entry = {**entry, "diff": pair_diff_dicts(pair)}
            else:
                entry = {**entry, "diff": [], "diff_omitted": True}
            f.write(("," if k else "") + dump(entry))
        f.write("]")
    f.write("}\n")
    return data["summary"]


# ---- site intelligence ---------------------------------------------------------------


def intel_text(intel: SiteIntel) -> str:
    lines = []
    pages = intel.pages
    s = intel.to_dict()["summary"]
    lines.append(
        f"Site intelligence: {plural(s['pages'], 'page')}, {plural(s['near_duplicate_pairs'], 'near-duplicate pair')}, "
        f"{plural(s['city_swap_pairs'], 'city swap')} (doorway risk), {plural(s['clusters'], 'cannibalisation cluster')}"
    )
    if s["pairs_not_reported"] or s["pairs_not_compared"]:
        lines.append(
            f"  (each page compared with its {intel.options.max_pairs_per_page} most similar pages: {s['pairs_not_reported']} more "
            f"near-duplicate pairs not listed, {s['pairs_not_compared']} similar pairs not checked for city swaps; see the JSON per page)"
        )
    for d in intel.duplicates:
        tag = "CITY-SWAP" if d.doorway else d.kind.upper()
        extra = f"  places: {', '.join(d.places_a)} -> {', '.join(d.places_b)}" if d.doorway else ""
        copy = "  (exact copy: the first page's findings apply)" if d.kind == "exact" else ""
        lines.append(f"  {tag:<14} {d.similarity:.0%}  {pages[d.a].source}  <->  {pages[d.b].source}{extra}{copy}")
    for c in intel.clusters:
        label = ", ".join(c.keyphrases) or ", ".join(c.terms[:3])
        lines.append(f"\nCluster {c.id} ({label}): keep {pages[c.strongest].source}")
        for m in c.members[1:]:
            lines.append(f"  {m.action.upper():<14} {pages[m.page].source}: {m.reason}")
    missing = [p for p in pages if p.suggestions]
    if missing:
        lines.append("\nKeyphrase suggestions (pages without a keyphrase):")
        for p in missing:
            chosen = f" [inferred: {p.inferred_keyphrase}]" if p.inferred_keyphrase else ""
            lines.append(f"  {p.source}: {'; '.join(x.phrase for x in p.suggestions)}{chosen}")
    # page titles, keyphrases and errors are the pages' text: no escape sequences on a terminal
    return printable("\n".join(lines), keep_newlines=True) + "\n"


def intel_csv(intel: SiteIntel) -> str:
    """One row per page: its cluster, advice, duplicates and suggestions."""
    advice = {m.page: (c.id, m.action, m.reason) for c in intel.clusters for m in c.members}
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["url", "title", "words", "keyphrases", "inferred_keyphrase", "cluster", "action", "reason", "competes_with", "duplicates", "suggestions"])
    for i, p in enumerate(intel.pages):
        cid, action, reason = advice.get(i, ("", "", ""))
        w.writerow([
            p.url, _csv_safe(p.label), p.words, _csv_safe("; ".join(p.keyphrases)), _csv_safe(p.inferred_keyphrase), cid, action, _csv_safe(reason),
            " ".join(intel.pages[j].url for j, _ in p.competes_with), " ".join(intel.pages[j].url for j in p.duplicates),
            _csv_safe("; ".join(s.phrase for s in p.suggestions)),
        ])
    return out.getvalue()


def _csv_safe(value: str) -> str:
    """Page text that a spreadsheet would run as a formula gets a leading apostrophe."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    colour: str
    label: str
    cluster: int | None


def map_points(intel: SiteIntel) -> tuple[MapPoint, ...]:
    """Pages on the SVG map, clustered pages drawn last so they sit on top."""
    points = []
    for p in intel.pages:
        if p.x is None:
            continue
        colour = PALETTE[(p.cluster - 1) % len(PALETTE)] if p.cluster else UNCLUSTERED
        x = MAP_PAD + p.x * (MAP_WIDTH - 2 * MAP_PAD)
        y = MAP_PAD + (1.0 - p.y) * (MAP_HEIGHT - 2 * MAP_PAD)
        label = p.label + (f" (cluster {p.cluster})" if p.cluster else "")
        points.append(MapPoint(round(x, 1), round(y, 1), colour, label, p.cluster))
    return tuple(sorted(points, key=lambda q: q.cluster is not None))


def cluster_colour(cid: int) -> str:
    return PALETTE[(cid - 1) % len(PALETTE)]


#: What the HTML lists of a large site; intel.json and intel.csv keep everything. A browser
#: page of every pair and page of a 10,000-page site of near-copies was 50 MB (about 50,000
#: pairs), unreadable, and rendering it cost the scan about 230 MB at its peak.
MAX_LISTED_PAIRS = 200
MAX_LISTED_PAGES = 500
#: Listed pairs shown with their side-by-side diff (the most similar; each diff is made on demand).
MAX_SHOWN_DIFFS = 100


@dataclass(frozen=True)
class IntelListing:
    """What the HTML section lists: (pair, show its diff?) and page indexes, with what is left out."""

    pairs: tuple[tuple[object, bool], ...]
    hidden_pairs: int
    pages: tuple[int, ...]
    hidden_pages: int
    max_diffs: int
    json_diffs: int = MAX_JSON_DIFFS


def intel_listing(intel: SiteIntel, max_pairs: int | None = None, max_pages: int | None = None,
                  max_diffs: int | None = None) -> IntelListing:
    """The pairs and pages the HTML lists: city swaps before other pairs (a doorway risk is the
    finding to act on), pages with something to say (rivals, duplicates, suggestions) before
    the rest, each kept in its own order (pairs most similar first, pages as given). Limits
    default to MAX_LISTED_PAIRS, MAX_LISTED_PAGES and MAX_SHOWN_DIFFS."""
    max_pairs = MAX_LISTED_PAIRS if max_pairs is None else max_pairs
    max_pages = MAX_LISTED_PAGES if max_pages is None else max_pages
    max_diffs = MAX_SHOWN_DIFFS if max_diffs is None else max_diffs
    dups = intel.duplicates
    chosen = sorted(sorted(range(len(dups)), key=lambda k: (not dups[k].doorway, k))[:max_pairs])
    pairs = tuple((dups[k], n < max_diffs) for n, k in enumerate(chosen))

    def has_findings(i: int) -> bool:
        p = intel.pages[i]
        return bool(p.competes_with or p.duplicates or p.suggestions) or p.exact_copy_of is not None

    pages = tuple(sorted(sorted(range(len(intel.pages)), key=lambda i: (not has_findings(i), i))[:max_pages]))
    return IntelListing(pairs, len(dups) - len(pairs), pages, len(intel.pages) - len(pages), max_diffs)


def render_intel_html(intel: SiteIntel, section_only: bool = False) -> str:
    from .html import environment

    template = "intel_section.html" if section_only else "intel.html"
    return environment().get_template(template).render(
        intel=intel, listing=intel_listing(intel), points=map_points(intel), map_width=MAP_WIDTH, map_height=MAP_HEIGHT,
        map_dot=MAP_DOT, map_cluster_dot=MAP_CLUSTER_DOT,
        cluster_colour=cluster_colour,
    )


class IntelTextReporter:
    name, default_filename, single_file = "text", "intel.txt", True

    def render(self, intel: SiteIntel, ctx: RenderContext) -> tuple[OutputFile, ...]:
        return (OutputFile(self.default_filename, intel_text(intel).encode("utf-8")),)


class IntelJsonReporter:
    name, default_filename, single_file = "json", "intel.json", True

    def render(self, intel: SiteIntel, ctx: RenderContext) -> tuple[OutputFile, ...]:
        buf = io.StringIO()
        write_intel_json(buf, intel)
        return (OutputFile(self.default_filename, buf.getvalue().encode("utf-8")),)


class IntelCsvReporter:
    name, default_filename, single_file = "csv", "intel.csv", True

    def render(self, intel: SiteIntel, ctx: RenderContext) -> tuple[OutputFile, ...]:
        return (OutputFile(self.default_filename, intel_csv(intel).encode("utf-8")),)


class IntelHtmlReporter:
    name, default_filename, single_file = "html", INTEL_HTML, False

    def render(self, intel: SiteIntel, ctx: RenderContext) -> tuple[OutputFile, ...]:
        return (OutputFile(self.default_filename, render_intel_html(intel).encode("utf-8")),)


INTEL_REPORTERS: Mapping[str, object] = {
    r.name: r for r in (IntelTextReporter(), IntelJsonReporter(), IntelCsvReporter(), IntelHtmlReporter())
}


# ---- topic gaps ------------------------------------------------------------------------


def compare_text(gaps: TopicGaps, max_terms: int = 30) -> str:
    lines = [f"Topic coverage of {gaps.post}: {gaps.coverage:.0f}/100 against {plural(len(gaps.competitors), 'competitor')}"]
    for i, c in enumerate(gaps.competitors, start=1):
        lines.append(f"  [{i}] {c}")
    for e in gaps.errors:
        lines.append(f"  could not read: {e}")
    lines.append(f"\nMissing (shared by >= {gaps.min_share:.0%} of competitors), most important first:")
    for t in gaps.gaps[:max_terms]:
        lines.append(f"  {t.term:<32} weight {t.weight:.2f}  typical x{t.typical}  used by {_users(t)}")
    if len(gaps.gaps) > max_terms:
        lines.append(f"  ... and {len(gaps.gaps) - max_terms} more (see JSON)")
    lines.append("\nCovered:")
    for t in gaps.covered[:max_terms]:
        lines.append(f"  {t.term:<32} weight {t.weight:.2f}  post x{t.post_count}  used by {_users(t)}")
    # page titles, keyphrases and errors are the pages' text: no escape sequences on a terminal
    return printable("\n".join(lines), keep_newlines=True) + "\n"


def _users(t) -> str:
    return ", ".join(f"[{i + 1}] x{n}" for i, n in t.used_by)


def render_compare_html(gaps: TopicGaps) -> str:
    from .html import environment

    return environment().get_template("compare.html").render(gaps=gaps)


class CompareTextReporter:
    name, default_filename, single_file = "text", "compare.txt", True

    def render(self, gaps: TopicGaps, ctx: RenderContext) -> tuple[OutputFile, ...]:
        return (OutputFile(self.default_filename, compare_text(gaps).encode("utf-8")),)


class CompareJsonReporter:
    name, default_filename, single_file = "json", "compare.json", True

    def render(self, gaps: TopicGaps, ctx: RenderContext) -> tuple[OutputFile, ...]:
        return (OutputFile(self.default_filename, _json_bytes(gaps.to_dict())),)


class CompareHtmlReporter:
    name, default_filename, single_file = "html", COMPARE_HTML, False

    def render(self, gaps: TopicGaps, ctx: RenderContext) -> tuple[OutputFile, ...]:
        return (OutputFile(self.default_filename, render_compare_html(gaps).encode("utf-8")),)


COMPARE_REPORTERS: Mapping[str, object] = {r.name: r for r in (CompareTextReporter(), CompareJsonReporter(), CompareHtmlReporter())}
