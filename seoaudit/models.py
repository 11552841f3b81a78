"""The data that flows through seoaudit, one frozen dataclass per stage.

targets -> RawPage (sources) -> Document (document.py) -> CheckResult (runner.py)
-> PageReport / AuditReport (scoring.py) -> reports/.

Everything downstream of a RawPage is immutable so checks can be pure functions and
reporters can never change a score. Each serialisable model has ``to_dict()``; the
dictionaries are the JSON schema documented in the README (``SCHEMA_VERSION``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

SCHEMA_VERSION = 1

#: The statuses a check can end in. ``na`` means "nothing to judge" (no keyphrase
#: configured, no images); ``error`` means the check itself crashed.
STATUSES = ("good", "ok", "bad", "na", "error")
#: How statuses sort: worst first, so a reader meets what to fix before what passed, and what did
#: not apply last (a single post's six N/A site checks once led its scorecard's Links section).
#: Scorecards, the text report, the dashboard's changes and site-wide findings all sort by it.
STATUS_ORDER = {"error": 0, "bad": 1, "ok": 2, "good": 3, "na": 4}

EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Redirect:
    url: str
    status: int

    def to_dict(self) -> dict:
        return {"url": self.url, "status": self.status}


@dataclass(frozen=True)
class RawPage:
    """What a source read: bytes plus how they were obtained, or why they were not.

    ``kind`` says how to read ``body``: ``html``, ``markdown`` or ``text``. Local
    Markdown and text files are converted to HTML by ``files.py`` before they become
    a RawPage (kind stays as the original so reports can say what was read), with
    ``data-line`` attributes holding source line numbers.
    """

    source: str  # what the user named: a URL, a path, or "-"
    url: str  # final URL after redirects; file:// URL for local files
    body: bytes = b""
    kind: str = "html"
    status: int | None = None  # HTTP status; None for local files
    headers: Mapping[str, str] = field(default_factory=lambda: EMPTY)
    redirects: tuple[Redirect, ...] = ()
    encoding: str | None = None  # declared or detected charset, if known
    front_matter: Mapping[str, Any] = field(default_factory=lambda: EMPTY)  # Markdown front matter / .txt cues
    fetched_at: str | None = None  # ISO 8601, only recorded when asked for
    error: str | None = None  # one line: the cause, when the page could not be read
    # the cause as a stable code, given where the error is made: dns, refused, timeout, http-404, non-html,
    # too-large, redirect-loop... (fetch.py), unreadable, front-matter, empty... (files.py); "" when read
    cause: str = ""
    from_cache: bool = False  # the server answered 304 Not Modified and the body came from the HTTP cache

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Block:
    """One block of main content: a paragraph, heading, list item, quote or cell."""

    kind: str  # "p", "h1".."h6", "li", "blockquote", "pre", "td"
    text: str
    line: int | None = None  # 1-based line in the source file, when known
    # a block wrapped over several source lines (Markdown/text): where each later line
    # starts in ``text``, counted in letters and digits (text.alnum_count), so a sentence
    # can point at its own line; () for HTML and one-line blocks
    breaks: tuple[int, ...] = ()

    @property
    def is_heading(self) -> bool:
        return len(self.kind) == 2 and self.kind[0] == "h" and self.kind[1].isdigit()

    @property
    def level(self) -> int:
        return int(self.kind[1]) if self.is_heading else 0


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    line: int | None = None


@dataclass(frozen=True)
class Link:
    """An ``<a href>`` resolved against the page URL and ``<base href>``."""

    href: str  # absolute URL ("" when the href could not be resolved)
    raw_href: str  # as written in the page
    text: str  # anchor text (or the alt text of an image inside the anchor)
    rel: tuple[str, ...] = ()
    internal: bool = False  # same site as the page
    # where the link sits: "related" (a Related:/Read more: block or cue),
    # "content" (main content), "boilerplate" (nav, header, footer, sidebar)
    context: str = "boilerplate"
    scheme: str = "http"  # http, https, mailto, tel, javascript, file, ...
    line: int | None = None

    @property
    def nofollow(self) -> bool:
        return "nofollow" in self.rel


@dataclass(frozen=True)
class Image:
    src: str
    alt: str | None  # None when the attribute is missing, "" when empty
    in_main: bool = True
    line: int | None = None
    # its empty alt is a description not written, not a decision: Markdown's ``![](photo.jpg)``
    # cannot mark an image decorative, nor can a shortcode without ``alt=`` (files.py)
    undescribed: bool = False

    @property
    def decorative(self) -> bool:
        """Marked decorative: an ``alt=""`` written on purpose (HTML, a shortcode's ``alt=""``)."""
        return self.alt == "" and not self.undescribed


@dataclass(frozen=True)
class Evidence:
    """Why a check decided what it did: one sentence, link, element or fact.

    ``highlights`` are the substrings of ``text`` that matched (keyphrase words,
    city names) so reports can mark them. ``position`` (0..1) is where in the main
    content the evidence sits, for the "where does the keyphrase appear" bar.

    A claim found (CL001-CL011) also names the ``rule`` that found it (a rules-file id,
    "cure-word": for machines, JSON and SARIF) and gives ``advice`` ("Safer: ...", a
    wording many of its check's findings share, so the gate says it once per check); its
    ``detail`` is then only its own words: where it is ("In the title"). CL012's give advice,
    their detail saying their rule, a statute, in words.
    """

    kind: str  # "sentence", "heading", "link", "image", "element", "text", "place"
    text: str
    verdict: str = ""  # short label, e.g. "match", "broken", "not descriptive"
    status: str = ""  # good/ok/bad when the item itself is judged
    highlights: tuple[str, ...] = ()
    detail: str = ""
    position: float | None = None
    line: int | None = None
    rule: str = ""
    advice: str = ""

    def to_dict(self) -> dict:
        d = {"kind": self.kind, "text": self.text}
        for key in ("verdict", "status", "detail", "rule", "advice"):
            if getattr(self, key):
                d[key] = getattr(self, key)
        if self.highlights:
            d["highlights"] = list(self.highlights)
        if self.position is not None:
            d["position"] = round(self.position, 4)
        if self.line is not None:
            d["line"] = self.line
        return d


@dataclass(frozen=True)
class CheckResult:
    code: str
    name: str
    category: str
    status: str  # one of STATUSES
    score: float | None  # 0..100; None for na/error
    value: Any = None  # the measured number or label (JSON-serialisable)
    message: str = ""
    threshold: str = ""  # what "good" means, for people
    evidence: tuple[Evidence, ...] = ()
    weight: float = 1.0

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "status": self.status,
            "score": None if self.score is None else round(self.score, 1),
            "value": self.value,
            "message": self.message,
            "threshold": self.threshold,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class PageReport:
    source: str
    url: str
    status: str  # "ok" or "error"
    error: str | None = None
    # the error's code (RawPage.cause; "parse" when the page did not parse): what the scorecard advises
    # (reports.base.next_step) is chosen by it, never by the wording of ``error``. Not in to_dict():
    # the JSON schema names the error in words, and pages.csv and pages.jsonl carry the scan's causes
    cause: str = ""
    score: float | None = None
    categories: Mapping[str, float | None] = field(default_factory=lambda: EMPTY)
    checks: tuple[CheckResult, ...] = ()
    stats: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    title: str = ""
    keyphrases: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    kind: str = "html"
    keyphrase_inferred: bool = False
    # the service the page is about, as the English claim rules name it ("physiotherapy"),
    # for the fix examples ("" when nothing names one: checks.clinic_common.treatment_in_english)
    treatment: str = ""
    # {"max": 40, "checks": ["BA005"], "uncapped": 97.0} when a failed check capped the score
    score_cap: Mapping[str, Any] | None = None

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "url": self.url,
            "status": self.status,
            "error": self.error,
            "title": self.title,
            "kind": self.kind,
            "keyphrases": list(self.keyphrases),
            "keyphrase_inferred": self.keyphrase_inferred,
            "cities": list(self.cities),
            "treatment": self.treatment,
            "score": None if self.score is None else round(self.score, 1),
            "score_cap": None if self.score_cap is None else dict(self.score_cap),
            "categories": {
                k: (None if v is None else round(v, 1)) for k, v in self.categories.items()
            },
            "checks": [c.to_dict() for c in self.checks],
            "stats": dict(self.stats),
        }


@dataclass(frozen=True)
class AuditReport:
    """Everything one run produced: the single model every reporter renders."""

    pages: tuple[PageReport, ...]
    tool_version: str
    score: float | None = None  # mean of page scores
    generated_at: str | None = None  # only set when the user asks for timestamps
    # site intelligence across the pages (seoaudit.intel.SiteIntel), when several were audited
    intel: Any = None
    # where the run's settings came from, in words (config.settings_summary: "site/.seoaudit.toml,
    # profile ca-on-physio"): the text summary's last line says it, so a run from the wrong folder
    # shows it ran on defaults; "" when not known
    settings: str = ""

    @property
    def failed(self) -> tuple[PageReport, ...]:
        return tuple(p for p in self.pages if p.status == "error")

    def to_dict(self) -> dict:
        d = {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "seoaudit", "version": self.tool_version},
            "score": None if self.score is None else round(self.score, 1),
            "pages": [p.to_dict() for p in self.pages],
        }
        if self.generated_at:
            d["generated_at"] = self.generated_at
        if self.intel is not None:
            d["intel"] = self.intel.to_dict()
        return d


@dataclass(frozen=True)
class Targeting:
    """What the author is aiming for on one page: keyphrases and cities."""

    keyphrases: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    # other names that count as the target city ("YEG", neighbourhoods)
    city_aliases: tuple[str, ...] = field(default=())
    # the keyphrase is site intelligence's top suggestion, not the author's
    keyphrase_inferred: bool = False
