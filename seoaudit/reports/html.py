"""HTML scorecards: one self-contained file per page, plus ``index.html`` for several.

Templates are jinja2 with autoescape on. Everything that came from a page (titles,
sentences, anchors, URLs) is escaped by jinja or by :func:`mark`, and only plain
http(s) URLs ever become ``href`` attributes (:func:`base.safe_href`). No scripts,
fonts or stylesheets are loaded: CSS and SVG are inline, so a scorecard works offline,
prints, and is the same bytes for the same report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from ..models import STATUS_ORDER, AuditReport, CheckResult, Evidence, PageReport
from ..registry import CATEGORIES
from ..scoring import band
from .base import (
    BAND_LABELS,
    STATUS_LABELS,
    CheckDoc,
    OutputFile,
    RenderContext,
    balance_quotes,
    fix_order,
    fmt_score,
    fmt_value,
    next_step,
    page_filenames,
    pages_worst_first,
    safe_href,
    status_counts,
    partial_note,
    suggestions_of,
    targeting_notes,
)

INDEX_FILENAME = "index.html"

#: Checks whose evidence positions draw the "where the keyphrase appears" strip.
POSITION_BAR_CODES = ("KW001",)

#: Evidence items shown per check; the rest are counted, so a long page stays readable.
MAX_EVIDENCE = 50
#: Evidence items printed per check (styles.css hides the others in print, and the card says so):
#: a stuffed post's 46 matched sentences took seven printed pages
PRINT_EVIDENCE = 8

CATEGORY_LABELS = {
    "keyphrase": "Keyphrase",
    "local": "Local",
    "readability": "Readability",
    "links": "Links",
    "basics": "Basics",
    "clinic": "Clinic",
}



def evidence_note(e: Evidence) -> str:
    """What the scorecard says under a sentence, heading or element: its detail, then for a
    claim the rule that found it and the advice ("In the title: rule cure-word. Safer: ...")."""
    said = ": ".join(p for p in (e.detail, f"rule {e.rule}." if e.rule else "") if p)
    return " ".join(p for p in (said, e.advice) if p)


def mark(text: str, highlights: Iterable[str]) -> Markup:
    """``text`` escaped, with each whole-word occurrence of a highlight in ``<mark>``.

    Matching runs on the raw text and every piece is escaped on its own, so a
    highlight can never match inside an entity such as ``&amp;`` and no page text is
    ever emitted unescaped.
    """
    terms = sorted({h for h in highlights if h and h.strip()}, key=len, reverse=True)
    if not terms:
        return escape(text)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(t) for t in terms) + r")(?!\w)", re.IGNORECASE)
    out: list[str] = []
    last = 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(Markup("<mark>%s</mark>") % m.group(0))
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


# ---- view models: plain data the templates lay out ------------------------------------


@dataclass(frozen=True)
class CheckView:
    result: CheckResult
    heading: str
    why: str
    source: str
    fix: str
    facts: tuple[tuple[str, str], ...]
    evidence: tuple[Evidence, ...]
    hidden_evidence: int

    @property
    def status(self) -> str:
        return self.result.status

    @property
    def label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def open(self) -> bool:
        return self.status in ("bad", "ok", "error")


@dataclass(frozen=True)
class CategoryView:
    name: str
    label: str
    score: float | None
    checks: tuple[CheckView, ...]
    #: why the score stands on fewer checks than usual ("no city given: 1 of 5 checks"):
    #: without it a Local gauge reads "100 Good" from the place-list check alone
    note: str = ""


#: Keys of a dict value that the scorecard already shows elsewhere.
_SHOWN_ELSEWHERE = frozenset({"keyphrase", "status"})
MAX_FACTS = 8


def _percent(v, _value) -> str:
    return f"{fmt_value(v)} %"


def _share(v, _value) -> str:
    return f"{v * 100:.0f} %" if isinstance(v, (int, float)) else fmt_value(v)


def _times(rec, _value) -> str:
    if not isinstance(rec, dict) or "min" not in rec or "max" not in rec:
        return fmt_value(rec)
    span = str(rec["min"]) if rec["min"] == rec["max"] else f"{rec['min']}-{rec['max']}"
    return f"{span} time{'' if rec['max'] == 1 else 's'}"


def _of(v, value) -> str:
    return f"{v} of {value['of']}" if isinstance(value.get("of"), int) else fmt_value(v)


_KEYPHRASE_WORDS = (("reduced", "Words looked for", None), ("dropped", "Small words ignored", None))

#: The figures of a check's value in the scorecard's words, in the order a reader wants them:
#: (key, label, how to write it or None). "Density 0.26 · Weighted 0.44 · Reduced ... · Dropped"
#: (no %, and "Reduced"/"Dropped" said nothing) came from the JSON keys, which stay as they are.
_FACT_LABELS = {
    "KW001": (("matches", "Times used", None), ("recommended", "Aim for", _times),
              ("density", "Uses per 100 words", None), ("weighted", "Density weighted for length", _percent),
              ("sentences", "Sentences with it", None), ("exact", "Exact phrase", None),
              ("words", "Words in the text", None), *_KEYPHRASE_WORDS),
    "KW004": (("share", "Keyphrase words in the H1", _share), ("h1", "H1", None)),
    "KW007": (("slug", "Slug", None), ("found", "Keyphrase words in it", _of), ("words", "Words found", None)),
    "KW008": (("matched", "Subheadings with it", None), ("subheadings", "Subheadings", None), ("share", "Share", _share)),
    "KW009": (("matched", "Alt texts with it", None), ("images", "Images", None), ("with_alt", "Images with alt text", None)),
    "KW010": (("content_words", "Main words", None), ("typed_words", "Words typed", None), *_KEYPHRASE_WORDS),
    "LC002": (("per_100_words", "Mentions per 100 words", None), ("title_mentions", "Mentions in the title", None)),
}
_FACTS_LEFT_OUT = {"KW007": frozenset({"of"}), "KW003": frozenset({"position"})}  # written with another figure ("2 of 3")

_TITLE_MATCH = {"exact-start": "at the start", "exact": "not at the start", "words": "its words, not the phrase",
                "missing": "no", "no-title": "no title"}
_INTRO_MATCH = {"sentence": "in one sentence", "paragraph": "spread over sentences", "missing": "no",
                "no-introduction": "no introduction"}


def _title_match(match, value) -> str:
    """KW003's "Match exact-start · Position 0" in words; the position only when it says more."""
    said = _TITLE_MATCH.get(match, fmt_value(match))
    pos = value.get("position")
    return f"{said} (word {pos + 1})" if match == "exact" and isinstance(pos, int) else said


_FACT_LABELS.update({
    "KW003": (("match", "Keyphrase in the title", _title_match),),
    "KW005": (("match", "Keyphrase in the intro", lambda m, _v: _INTRO_MATCH.get(m, fmt_value(m))),),
    "KW006": (("matches", "Times in the description", None),),
})

#: A check whose value is one number or word: its label and unit, so the card reads "Long
#: sentences 29.4 %" rather than "Measured 29.4". Units are singular nouns or "%".
_SCALAR_FACTS = {
    "BA001": ("Title length", "character"), "BA002": ("Description length", "character"),
    "BA003": ("H1 headings", ""), "BA006": ("Language tag", ""), "BA007": ("Images without alt text", ""),
    "RD001": ("Reading ease (0-100)", ""), "RD002": ("US school grade", ""),
    "RD003": ("Long sentences", "%"), "RD004": ("Longest paragraph", "word"), "RD005": ("Longest section", "word"),
    "RD006": ("Text length", "word"), "RD007": ("Passive sentences", "%"), "RD008": ("Sentences with transitions", "%"),
    "LK001": ("Related links", ""), "LK002": ("Internal links", ""), "LK003": ("Links to other sites", ""),
    "LK004": ("Unclear link texts", ""), "LK005": ("Unsafe links", ""), "LC004": ("Place lists", ""),
    "BA004": ("Canonical URL", ""), "BA005": ("Indexing", ""), "LB002": ("Address", ""), "LB003": ("Markup type", ""),
    "LB004": ("Markup type", ""), "LC003": ("Other places", ""), "TR002": ("Review", ""),
    "TR001": ("Author", ""), "TR003": ("Latest date", ""), "TR004": ("Evidence links", ""),
    "TR005": ("Safety-net phrases", ""), "LB001": ("Phone numbers", ""), "LB005": ("Target city", ""),
    "CV001": ("Links to the service page", ""), "CV002": ("Links to the contact page", ""), "CV003": ("Booking links", ""),
    **{f"CL{n:03d}": ("Found", "") for n in range(1, 13)},
}


def _scalar_fact(value, code: str) -> tuple[str, str]:
    label, unit = _SCALAR_FACTS.get(code, ("Measured", ""))
    text = fmt_value(value)
    if not unit or isinstance(value, bool) or not isinstance(value, (int, float)):
        return label, text
    return label, f"{text} %" if unit == "%" else f"{text} {unit if value == 1 else unit + 's'}"


def _shown_as_fact(v) -> bool:
    if v is None or v == [] or isinstance(v, dict):
        return False
    return not (isinstance(v, (list, tuple)) and any(isinstance(x, (dict, list, tuple)) for x in v))


def value_facts(value, status: str, code: str = "") -> tuple[tuple[str, str], ...]:
    """The measured value as (label, text) pairs.

    Checks may return a number, a label or a dict of figures; a dict becomes one fact
    per scalar figure (nested records such as other keyphrases are left to the JSON), in
    plain words and units where the check's figures are known (``_FACT_LABELS``).
    """
    if status in ("na", "error") or value is None or value == "":
        return ()
    if not isinstance(value, dict):
        return (_scalar_fact(value, code),)
    facts = []
    known = _FACT_LABELS.get(code, ())
    for key, label, write in known:
        v = value.get(key)
        if v is not None and v != [] and (write is not None or _shown_as_fact(v)):
            facts.append((label, write(v, value) if write else fmt_value(v)))
    done = {key for key, _, _ in known} | _FACTS_LEFT_OUT.get(code, frozenset()) | _SHOWN_ELSEWHERE
    for key, v in value.items():
        if key not in done and _shown_as_fact(v):
            facts.append((str(key).replace("_", " ").capitalize(), fmt_value(v)))
    return tuple(facts[:max(MAX_FACTS, len(known))])


def check_view(c: CheckResult, doc: CheckDoc | None, page: PageReport | None = None) -> CheckView:
    heading = doc.heading_for(c.status) if doc else ""
    return CheckView(
        result=c,
        heading=heading or c.name.replace("-", " ").capitalize(),
        why=doc.why if doc else "",
        source=doc.source if doc else "",
        fix=(doc.fix_for(page) if page is not None else doc.fix) if doc and c.status in ("ok", "bad") else "",
        facts=value_facts(c.value, c.status, c.code),
        evidence=c.evidence[:MAX_EVIDENCE],
        hidden_evidence=max(0, len(c.evidence) - MAX_EVIDENCE),
    )


#: Checks listed under the gauges in "Fix these first"; the rest are counted ("and 6 more").
MAX_FIX_FIRST = 8


@dataclass(frozen=True)
class FixItem:
    code: str
    status: str
    heading: str
    message: str
    caps: bool  # one of the checks that hold the score at its cap


@dataclass(frozen=True)
class FixFirst:
    items: tuple[FixItem, ...]
    more: int  # problems and "to improve" checks not listed

    def __bool__(self) -> bool:
        return bool(self.items)


def fix_first(page: PageReport, ctx: RenderContext) -> FixFirst:
    """The page's problems then its "to improve" checks, worst first (base.fix_order): the
    short list under the gauges, so the three problems are not found after 25 good checks."""
    todo = fix_order(page) if page.status != "error" else []
    capping = set(page.score_cap["checks"]) if page.score_cap else set()
    items = []
    for c in todo[:MAX_FIX_FIRST]:
        doc = ctx.doc_for(c.code)
        heading = (doc.heading_for(c.status) if doc else "") or c.name.replace("-", " ").capitalize()
        items.append(FixItem(c.code, c.status, heading, c.message, c.code in capping))
    return FixFirst(tuple(items), len(todo) - len(items))


def category_views(page: PageReport, ctx: RenderContext) -> tuple[CategoryView, ...]:
    """Checks grouped by category in the standard order, worst check first in each and the
    ones that did not apply last."""
    names = list(CATEGORIES) + sorted({c.category for c in page.checks} - set(CATEGORIES))
    views = []
    for name in names:
        checks = sorted((c for c in page.checks if c.category == name), key=lambda c: STATUS_ORDER.get(c.status, 9))
        if not checks and name not in page.categories:
            continue
        views.append(
            CategoryView(
                name=name,
                label=CATEGORY_LABELS.get(name, name.capitalize()),
                score=page.categories.get(name),
                checks=tuple(check_view(c, ctx.doc_for(c.code), page) for c in checks),
                note=partial_note(page, name),
            )
        )
    return tuple(views)


@dataclass(frozen=True)
class Tick:
    """One mark on the keyphrase strip, in the strip's 0..STRIP_WIDTH user units."""

    x: float
    status: str
    width: float = 6.0


STRIP_WIDTH = 1000.0


#: The checks that judge how often the keyphrase is used (density, stuffing): when one of them
#: is not good, the strip's marks take its colour and the strip says why. Seventeen green marks
#: on a post that KW001 and KW002 call stuffed read as "good".
KEYPHRASE_USE_CODES = ("KW001", "KW002")


def keyphrase_use_findings(page: PageReport) -> tuple[CheckResult, ...]:
    """The density and stuffing checks that found a problem or something to improve, worst first."""
    found = [c for c in page.checks if c.code in KEYPHRASE_USE_CODES and c.status in ("bad", "ok")]
    return tuple(sorted(found, key=lambda c: STATUS_ORDER.get(c.status, 9)))


def keyphrase_positions(page: PageReport) -> tuple[Tick, ...]:
    """Ticks for the keyphrase evidence that has a position, in page order.

    A tick is centred on its position but clamped so marks at 0 % and 100 % stay
    fully inside the strip. Its colour is the evidence's own status, else the worst
    status of the density and stuffing checks (green only when they are good).
    """
    findings = keyphrase_use_findings(page)
    use = findings[0].status if findings else "good"
    ticks = []
    for c in page.checks:
        if c.code not in POSITION_BAR_CODES:
            continue
        for e in c.evidence:
            if e.position is None:
                continue
            centre = min(1.0, max(0.0, e.position)) * STRIP_WIDTH
            x = min(STRIP_WIDTH - Tick.width, max(0.0, centre - Tick.width / 2))
            ticks.append(Tick(x=x, status=e.status or use))
    return tuple(sorted(ticks, key=lambda t: t.x))


#: page statistics kept out of the scorecard's tiles (in the JSON still): the extraction method
#: ("density") is a developer's word; `seoaudit extract` shows the text itself
_STATS_NOT_SHOWN = frozenset(("extraction",))


#: tile labels that say what is counted where the key alone misleads: "All links 21" beside the
#: link checks' "All 7 links have descriptive text" read as the post's links, but ``stats.links``
#: counts every link of the page, menus and footer included ("Internal links" is the post's own,
#: its text and Related block, as LK002 counts them). A tile's label must fit on one line at 375 px.
_STAT_LABELS = {"links": "Links on the page"}
#: the note under a tile, on a page with menus and a footer (a Markdown or text draft has none)
_STAT_NOTES = {"links": "menus and footer included"}


def stats_items(page: PageReport) -> tuple[tuple[str, str, str], ...]:
    """(label, value, note) of each page statistic: a value's parenthesised remark ("en (guessed
    from the text)") becomes a note under it, so a narrow tile does not break "guessed" in two."""
    out = []
    for k, v in page.stats.items():
        if v in (None, "") or k in _STATS_NOT_SHOWN:
            continue
        value, _, note = fmt_value(v).partition(" (")
        note = note.removesuffix(")") or (_STAT_NOTES.get(k, "") if page.kind == "html" else "")
        out.append((_STAT_LABELS.get(k) or k.replace("_", " ").capitalize(), value, note))
    return tuple(out)


# ---- rendering ---------------------------------------------------------------------------


def make_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("seoaudit", "reports/templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["mark"] = mark
    env.filters["balance_quotes"] = balance_quotes
    env.filters["score"] = fmt_score
    env.filters["pct"] = lambda x: f"{x * 100:.0f}"
    env.filters["delta"] = fmt_delta
    env.filters["delta_class"] = delta_class
    env.globals.update(
        band=band,
        safe_href=safe_href,
        evidence_note=evidence_note,
        band_label=lambda s: BAND_LABELS[band(s)],
        targeting_notes=targeting_notes,
        next_step=next_step,
        status_label=lambda s: STATUS_LABELS.get(s, s),
        category_label=lambda c: CATEGORY_LABELS.get(c, c.capitalize()),
    )
    return env


_ENV: Environment | None = None


def environment() -> Environment:
    global _ENV  # one cached Environment: templates compile once per process
    if _ENV is None:
        _ENV = make_environment()
    return _ENV


@dataclass(frozen=True)
class Competitor:
    label: str
    href: str | None  # the other page's scorecard, when it is in this report
    similarity: float


def competitors_of(page: PageReport, report: AuditReport, filenames: dict[str, str]) -> tuple[Competitor, ...]:
    """The pages site intelligence says this page competes with, most similar first."""
    intel = report.intel
    if intel is None:
        return ()
    by_url = {p.url: p for p in intel.pages}
    mine = by_url.get(page.url)
    if mine is None:
        return ()
    out = []
    for j, similarity in mine.competes_with:
        other = intel.pages[j]
        out.append(Competitor(other.label or other.source, filenames.get(other.url), similarity))
    return tuple(out)


@dataclass(frozen=True)
class PreviousScores:
    """The same page in an earlier scan (``seoaudit scan`` history): the scorecard shows the change."""

    score: float | None
    categories: Mapping[str, float | None] = field(default_factory=dict)
    scan_number: int = 0  # that scan's number among its site's scans (store.ScanRow.number)
    when: str = ""  # "YYYY-MM-DD HH:MM" of that scan (several scans a day are common)
    # the checks turned off since that scan (those that applied to the page then) and turned on
    # (``checks_changed``): the score change includes them, and a rise from a check turned off was not earned
    turned_off: tuple[str, ...] = ()
    turned_on: tuple[str, ...] = ()

    def checks_changed(self, page: PageReport) -> str:
        """"checks turned off since: KW002; turned on: LB004", naming those that count in this
        page's score change (a check turned on that does not apply to the page does not), or ""."""
        on = [code for code in self.turned_on if any(c.code == code and c.status != "na" for c in page.checks)]
        parts = ([f"turned off since: {', '.join(self.turned_off)}"] if self.turned_off else []) + (
            [f"turned on: {', '.join(on)}"] if on else [])
        return "checks " + "; ".join(parts) if parts else ""

    def delta(self, now: float | None) -> float | None:
        return None if now is None or self.score is None else now - self.score

    def category_delta(self, name: str, now: float | None) -> float | None:
        old = self.categories.get(name)
        return None if now is None or old is None else now - old


def fmt_delta(delta: float | None) -> str:
    """A score change as the scorecard shows scores (whole points): ``+3``, ``-12``, ``±0``."""
    if delta is None:
        return ""
    points = int(round(delta))
    return "±0" if points == 0 else f"{points:+d}"


def delta_class(delta: float | None) -> str:
    if delta is None:
        return ""
    points = int(round(delta))
    return "up" if points > 0 else "down" if points < 0 else "same"


#: Where ``seoaudit scan`` puts the "Site findings" card once the whole site is known.
#: Page text is always escaped, so these comments can only come from the template.
SITE_SLOT_START = "<!--seoaudit:site-findings-->"
SITE_SLOT_END = "<!--/seoaudit:site-findings-->"


def render_page(page: PageReport, report: AuditReport, ctx: RenderContext, index_href: str | None = None,
                filenames: dict[str, str] | None = None, previous: PreviousScores | None = None,
                site_slot: bool = False) -> str:
    """One scorecard. ``previous`` adds the change since an earlier scan of the page;
    ``site_slot`` leaves the (empty) place for the site findings of a scan."""
    return environment().get_template("page.html").render(
        previous=previous,
        site_slot=Markup(SITE_SLOT_START + SITE_SLOT_END) if site_slot else None,
        competitors=competitors_of(page, report, filenames or {}),
        suggestions=suggestions_of(page, report),
        page=page,
        report=report,
        categories=category_views(page, ctx),
        positions=keyphrase_positions(page),
        keyphrase_use=keyphrase_use_findings(page),
        fix_first=fix_first(page, ctx),
        print_evidence=PRINT_EVIDENCE,
        counts=status_counts(page),
        stats=stats_items(page),
        index_href=index_href,
    )


def render_index(report: AuditReport, filenames: tuple[str, ...]) -> str:
    rows = [(report.pages[i], filenames[i], status_counts(report.pages[i])) for i in pages_worst_first(report.pages)]
    intel_html = None
    if report.intel is not None:
        from .intel import render_intel_html  # only runs with site intelligence

        intel_html = Markup(render_intel_html(report.intel, section_only=True))
    return environment().get_template("index.html").render(report=report, rows=rows, intel_html=intel_html)


def render_html(report: AuditReport, ctx: RenderContext) -> tuple[OutputFile, ...]:
    """Every scorecard, and an index when there is more than one page."""
    names = page_filenames(report.pages)
    with_index = len(report.pages) > 1
    by_url = {page.url: name for page, name in zip(report.pages, names)}
    files = [
        OutputFile(name, render_page(page, report, ctx, INDEX_FILENAME if with_index else None, by_url).encode("utf-8"))
        for page, name in zip(report.pages, names)
    ]
    if with_index:
        files.insert(0, OutputFile(INDEX_FILENAME, render_index(report, names).encode("utf-8")))
    return tuple(files)


class HtmlReporter:
    name = "html"
    default_filename = INDEX_FILENAME
    single_file = False

    def render(self, report: AuditReport, ctx: RenderContext) -> tuple[OutputFile, ...]:
        return render_html(report, ctx)
