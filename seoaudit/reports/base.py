"""What every reporter shares: the render context, output files, check docs, file names.

Reporters only *read* an ``AuditReport``; scores, bands and statuses come from the
model (and ``scoring.band``), never from a reporter's own arithmetic.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Mapping, Protocol
from urllib.parse import urlsplit

from ..language import is_informal_label
from ..models import EMPTY, STATUS_ORDER, AuditReport, PageReport
from ..scoring import checks_ran

#: Short labels for terminals and badges (icon + word, never colour alone).
STATUS_LABELS = {"good": "Good", "ok": "Improve", "bad": "Problem", "na": "N/A", "error": "Error"}
# a score's band (scoring.band) in words: the scorecard, the index and the terminal say the same
BAND_LABELS = {"good": "Good", "ok": "Needs work", "bad": "Poor", "na": "No score"}


@dataclass(frozen=True)
class CheckDoc:
    """The user-facing words of one check, looked up by code."""

    code: str
    title: str = ""
    fail_title: str = ""
    ok_title: str = ""  # for "ok" results where fail_title does not fit (CheckSpec.ok_title)
    why: str = ""
    source: str = ""
    fix: str = ""
    fix_template: str = ""  # CheckSpec.fix_template: the fix with the page's keyphrase, city and treatment
    fix_examples: Mapping[str, str] = field(default_factory=lambda: EMPTY)  # CheckSpec.fix_examples: its example by language
    draft_fixes: Mapping[str, str] = field(default_factory=lambda: EMPTY)  # CheckSpec.draft_fixes: the fix of a draft by its kind

    def fix_for(self, page) -> str:
        """How to fix, with an example made of ``page``'s first keyphrase, city and its treatment,
        written in the page's language when the check has an example in it, and in its source's
        syntax: a Markdown or text draft gets its own fix when the check has one (its front
        matter, not a <meta>), and examples written as it is (``in_source_syntax``)."""
        from ..registry import fix_example

        kind = getattr(page, "kind", "html")
        draft = self.draft_fixes.get(kind)
        fix = fix_example(draft or self.fix, draft or self.fix_template, (page.keyphrases or ("",))[0], (page.cities or ("",))[0],
                          str((page.stats or {}).get("language") or "en"), placeholders=True, treatment=page.treatment,
                          examples=self.fix_examples,
                          informal=is_informal_label((page.stats or {}).get("register")))
        return in_source_syntax(fix, kind)

    def heading_for(self, status: str) -> str:
        """The title when the check passed (or had nothing to judge), the "ok" title for a
        partial result when the check has one, else the failure title."""
        if status in ("good", "na"):
            return self.title or self.fail_title
        if status == "ok" and self.ok_title:
            return self.ok_title
        return self.fail_title or self.title


_LINK_RE = re.compile(r'<a href="([^"]*)">(.*?)</a>')
_HEADING_RE = re.compile(r"<h([1-6])>(.*?)</h\1>")
_HEADING_TAG_RE = re.compile(r"<h([1-6])>")
_ALT_RE = re.compile(r'\balt="([^"]*)"')


def in_source_syntax(text: str, kind: str) -> str:
    """A fix's HTML examples as a draft of ``kind`` writes them: Markdown's ``[clinic in
    Edmonton](/contact/)``, ``# Title`` and ``![alt](photo.jpg)``; in a text draft, pasted into a
    CMS's editor, the words themselves ("clinic in Edmonton (linked to /contact/)"). An HTML page's
    fix is ``text`` itself. One conversion for every check, so that a fix written for HTML pages
    never shows a Markdown post a tag it cannot hold."""
    if kind == "markdown":
        text = _LINK_RE.sub(r"[\2](\1)", text)
        text = _HEADING_RE.sub(lambda m: "#" * int(m.group(1)) + " " + m.group(2), text)
        text = _HEADING_TAG_RE.sub(lambda m: "#" * int(m.group(1)), text)
        return _ALT_RE.sub(r"![\1](photo.jpg)", text)
    if kind == "text":
        text = _LINK_RE.sub(r"\2 (linked to \1)", text)
        text = _HEADING_RE.sub(r"\2", text)
        text = _HEADING_TAG_RE.sub(r"H\1", text)
        return _ALT_RE.sub(r'alt text "\1"', text)
    return text


@dataclass(frozen=True)
class OutputFile:
    """One file a reporter produced; ``path`` is relative to the output directory."""

    path: str
    data: bytes


@dataclass(frozen=True)
class RenderContext:
    """What the caller (the CLI) decides for a reporter: colour, and where docs come from.

    ``docs`` overrides the check documentation lookup (tests and plug-ins); when it is
    ``None`` the docs of ``seoaudit.checks.ALL_CHECKS`` are used.
    """

    color: bool = False
    docs: Mapping[str, CheckDoc] | None = None
    # the gate's JUnit file: what a warning-level failure is (reports/junit.py, --junit-warnings)
    junit_warnings: str = "pass"

    def doc_for(self, code: str) -> CheckDoc | None:
        if self.docs is not None and code in self.docs:
            return self.docs[code]
        return check_docs().get(code)


class Reporter(Protocol):
    """A format. ``render`` returns every file it writes; a single-file reporter can
    be sent to stdout by writing ``files[0].data``."""

    name: str
    default_filename: str
    single_file: bool

    def render(self, report: AuditReport, ctx: RenderContext) -> tuple[OutputFile, ...]: ...


@lru_cache(maxsize=1)
def check_docs() -> Mapping[str, CheckDoc]:
    """Docs of every known check by code; unknown codes simply have no entry.

    Imported lazily so reporters can be used (and tested) without importing every
    check family, and so families added later are picked up.
    """
    try:
        from ..checks import ALL_CHECKS
    except Exception:  # noqa: BLE001 - a broken family must not break reporting
        return {}
    return {
        s.code: CheckDoc(code=s.code, title=s.title, fail_title=s.fail_title, ok_title=s.ok_title, fix_template=s.fix_template, fix_examples=s.fix_examples, why=s.why, source=s.source, fix=s.fix,
                         draft_fixes=s.draft_fixes)
        for s in ALL_CHECKS
    }


# ---- file names -------------------------------------------------------------------

MAX_SLUG = 72  # with "-" and the 16-character hash, names stay under 90 characters
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_EXTENSION = re.compile(r"\.(html?|md|markdown|txt|php|aspx?)$", re.I)


def slugify(text: str, max_len: int = MAX_SLUG) -> str:
    """Lower-case ASCII letters, digits and single hyphens; keeps the *end* when too
    long because the end of a URL or path is its most specific part."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > max_len:
        slug = slug[-max_len:]
        slug = slug.split("-", 1)[1] if "-" in slug[1:] else slug
        slug = slug.strip("-")
    return slug


def _name_part(source: str) -> str:
    """The readable part of a source for a file name: host and path, extension dropped."""
    parts = urlsplit(source)
    if parts.scheme in ("http", "https"):
        host = (parts.hostname or "").removeprefix("www.")
        return f"{host} {_EXTENSION.sub('', parts.path)}"
    path = parts.path if parts.scheme == "file" else source
    return _EXTENSION.sub("", path)


def source_hash(source: str) -> str:
    # 64 bits: a scan writes each page's scorecard on its own, so two sources whose names
    # collide overwrite each other; 32 bits collided in ~100k tries (1 % odds at 10,000 pages)
    return hashlib.sha1(source.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def page_filename(source: str, suffix: str = ".html") -> str:
    """A safe, deterministic file name for a page: ``<slug>-<hash>.html``.

    Only ``[a-z0-9-]`` survive, so no separator, dot-dot or drive letter can reach the
    file system; the hash of the full source keeps distinct sources distinct.
    """
    slug = slugify(_name_part(source)) or "page"
    return f"{slug}-{source_hash(source)}{suffix}"


def page_filenames(pages: tuple[PageReport, ...], suffix: str = ".html") -> tuple[str, ...]:
    """File names for every page, unique even when a source is audited twice."""
    names: list[str] = []
    seen: set[str] = set()
    for page in pages:
        name = page_filename(page.source, suffix)
        n = 2
        while name in seen:
            name = page_filename(page.source, f"-{n}{suffix}")
            n += 1
        seen.add(name)
        names.append(name)
    return tuple(names)


# ---- small formatting helpers shared by text and html ---------------------------------


def fmt_score(score: float | None) -> str:
    return "–" if score is None else str(int(round(score)))


def fmt_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, (list, tuple)):
        return ", ".join(fmt_value(v) for v in value)
    if isinstance(value, dict):
        # a record that names itself (a place found: {"name", "label", "kind", "count"}) is
        # shown by that name and its count, not as a dump of its fields
        named = value.get("label") or value.get("name")
        if isinstance(named, str) and named:
            count = value.get("count")
            return f"{named} ×{count}" if isinstance(count, int) and count > 1 else named
        return ", ".join(f"{k}: {fmt_value(v)}" for k, v in value.items())
    return str(value)


def _suggested(page: PageReport, key: str) -> str:
    return next((c.value[key] for c in page.checks if isinstance(c.value, Mapping) and c.value.get(key)), "")


#: categories whose checks mostly need a target: (the page's field, what to call it)
_MISSING_TARGET = {"keyphrase": ("keyphrases", "keyphrase"), "local": ("cities", "city")}


def partial_note(page: PageReport, category: str) -> str:
    """Why a category's score stands on fewer checks than usual ("no city given: 1 of 5
    checks"), or "": without a city the Local score is the place-list check's alone, and a
    "100 Good" from it says nothing about how the post targets its city. Reports show such
    a score as partial, not in its band."""
    missing = _MISSING_TARGET.get(category)
    if not missing or page.categories.get(category) is None or getattr(page, missing[0]):
        return ""
    ran, total = checks_ran(page.checks, category)
    return f"no {missing[1]} given: {ran} of {total} checks" if ran < total else ""


def suggestions_of(page: PageReport, report: AuditReport) -> tuple:
    """Site intelligence's keyphrase suggestions for a page that has no keyphrase of its own."""
    if report.intel is None or (page.keyphrases and not page.keyphrase_inferred):
        return ()
    mine = next((p for p in report.intel.pages if p.url == page.url), None)
    return mine.suggestions if mine is not None else ()


def targeting_notes(page: PageReport, suggestions: tuple = ()) -> list[str]:
    """What a run without a keyphrase or a city left out, with the start the checks offer
    ("no keyphrase given: keyphrase checks not run (the score leaves them out); try -k
    "dental implants""): the score of such a run is partial, and the text summary hides
    the ``na`` lines that say so. ``suggestions``: site intelligence's for the page
    (``suggestions_of``), whose first the note offers, so the note, the terminal and the
    scorecard's suggestions card start with the same phrase (the title's phrase otherwise)."""
    notes = []
    if not page.keyphrases and any(c.category == "keyphrase" and c.status == "na" for c in page.checks):
        suggestion = suggestions[0].phrase if suggestions else _suggested(page, "suggested_keyphrase")
        notes.append("no keyphrase given: keyphrase checks not run (the score leaves them out); "
                     + (f'try -k "{suggestion}"' if suggestion else "pass -k or set keyphrases in the config"))
    if page.kind == "text" and page.keyphrases:
        # KW006/KW007 (and BA002) are not applicable to a pasted draft, so the text summary
        # hides them: their reminder is said once here
        kp = page.keyphrases[0]
        notes.append(f"plain-text draft: in your CMS, give it a slug and a meta description that name '{kp}' "
                     "(not scored here)")
    if not page.cities and any(c.category == "local" and c.status == "na" for c in page.checks):
        suggestion = _suggested(page, "suggested_city")
        notes.append("no city given: city checks not run (the score leaves them out); "
                     + (f'try -c "{suggestion}"' if suggestion else "pass -c or set cities in the config"))
    return notes


def _steps(*pairs: tuple[tuple[str, ...], str]) -> dict[str, str]:
    return {code: step for codes, step in pairs for code in codes}


#: What to do about a page that could not be audited, by the cause code its error was given where it
#: was made (``RawPage.cause``: fetch.py, files.py); a cause not here has no advice (parse, other).
_NEXT_STEPS = _steps(
    (("http-404", "http-410"), "The address returns no page: check it for typos; if the post moved, audit its new "
     "address and redirect the old one to it (301)."),
    (("http-401", "http-403", "http-429"), "The server refused the request: it may block unknown visitors or "
     "rate-limit; try again later, or audit a saved copy of the page (File > Save as, then seoaudit audit page.html)."),
    (tuple(f"http-{status}" for status in range(500, 600)), "The server failed: try again later; if it keeps failing, "
     "tell whoever hosts the site."),
    (("redirect-loop", "too-many-redirects"), "The address redirects in a circle: open it in a browser; whoever runs "
     "the site should fix the redirect rules."),
    (("timeout", "page-timeout"), "The server was too slow: try again, or give it more time with --timeout."),
    (("dns", "refused", "connection", "tls"), "The site could not be reached: check the address and that the site is up."),
    (("non-html", "invalid-url"), "Audit the post's web page (its http(s) address), not a file, feed or image."),
    (("too-large",), "The page or file is over the size limit: raise it with --max-bytes if it is really a post."),
    (("unsupported-type", "binary"), "seoaudit reads posts saved as .html, .htm, .md or .txt."),
    (("unreadable",), "Check the path and that you may read the file."),
    (("front-matter",), "Fix the front matter block at the top of the file (between its --- or +++ lines)."),
    (("empty", "encoding"), "The file holds no readable text: save the post again as UTF-8 text."),
)


def next_step(cause: str | None) -> str:
    """One sentence on what to do about a page that could not be audited, by its cause code
    (``PageReport.cause``; "" when there is no advice for it), so an error scorecard is not a dead end."""
    return _NEXT_STEPS.get(cause or "", "")


def status_counts(page: PageReport) -> dict[str, int]:
    counts = {s: 0 for s in ("good", "ok", "bad", "na", "error")}
    for c in page.checks:
        counts[c.status] = counts.get(c.status, 0) + 1
    return counts


def uncapped_score(page: PageReport) -> float | None:
    """The score the page would have without its cap (``score_cap.uncapped``), else its score."""
    return page.score_cap["uncapped"] if page.score_cap else page.score


def pages_worst_first(pages: tuple[PageReport, ...]) -> list[int]:
    """Indexes of pages, unreadable pages first, then by ascending score, then source.

    Pages held at the same score by a cap (every post with a cure claim reads 70) are
    ordered by their uncapped score, so the ranking still says which needs most work."""

    def key(i: int):
        p = pages[i]
        broken = p.status == "error" or p.score is None
        score = p.score if p.score is not None else -1.0
        rest = uncapped_score(p)
        return (0 if broken else 1, score, rest if rest is not None else score, p.source)

    return sorted(range(len(pages)), key=key)


def fix_order(page: PageReport) -> list:
    """The page's problems (bad) then its "to improve" (ok) checks, worst first: the checks
    that hold the score at its cap before any other, then by status, then by the check's
    score (lowest first); checks of one standing keep the page's order (its categories')."""
    capping = set(page.score_cap["checks"]) if page.score_cap else set()
    todo = [c for c in page.checks if c.status in ("bad", "ok")]
    return sorted(todo, key=lambda c: (c.code not in capping, STATUS_ORDER.get(c.status, 9),
                                       c.score if c.score is not None else 100.0))


# straight double quotes, read by what is around them: a closing one follows a letter or a
# mark and is followed by a space, a mark or the end ('course." – Mark D.')
_CLOSING_STRAIGHT = re.compile(r'(?<=[^\s(\[{])"(?=$|[\s.,;:!?)\]}–—-])')
_PAIRS = (("“", "”"), ("«", "»"))


def balance_quotes(text: str) -> str:
    """``text`` with a quotation mark added where a sentence starts or ends inside a quotation.

    Sentences are split at their full stop, so a quoted testimonial of two sentences gives a
    second one that closes a quotation it never opened ('…golf course." – Mark D.'), and a
    term quoted at a sentence's end ('called the "moviegoer's sign."') leaves its closing
    mark to the next. The scorecard shows the evidence with the missing mark put back (an
    opening one at the start, a closing one at the end); the evidence text itself, in the
    JSON, stays as the page has it. Apostrophes and single quotes are left alone: "I'm"
    cannot be told from a quotation mark."""
    before, after = "", ""
    for open_mark, close_mark in _PAIRS:
        depth = unopened = 0
        for ch in text:
            if ch == open_mark:
                depth += 1
            elif ch == close_mark:
                if depth:
                    depth -= 1
                else:
                    unopened += 1
        # a French quotation has a space inside its marks: « comme ceci »
        spaced = " " if open_mark == "«" and f"{open_mark} " in text else ""
        before += (open_mark + spaced) * unopened
        after += (spaced + close_mark) * depth
    if text.count('"') % 2:
        first = text.index('"')
        if _CLOSING_STRAIGHT.match(text, first):
            before = '"' + before
        else:
            after += '"'
    return before + text + after


_RST_LITERAL = re.compile(r"``(.+?)``", re.S)
_RST_ROLE = re.compile(r":[\w-]+:`([^`]+)`")
_RST_LINK = re.compile(r"`([^`<]+?)\s*(?:<([^>]+)>)?`__?")


def plain_doc(text: str) -> str:
    """A check's documentation (its docstring, written in reStructuredText for the code's
    readers) as plain text for a terminal or a scorecard: ``tel:`` reads tel:, a role
    :code:`x` reads x, a link `name <url>`_ reads "name (url)". The docstrings stay as written."""
    text = _RST_LITERAL.sub(r"\1", text)
    text = _RST_ROLE.sub(r"\1", text)
    return _RST_LINK.sub(lambda m: f"{m[1]} ({m[2]})" if m[2] else m[1], text)


_SAFE_URL = re.compile(r"^https?://[^\s\x00-\x1f\x7f\"'<>`]+$", re.I)


def safe_href(url: str | None) -> str | None:
    """The URL itself when it is a plain http(s) URL, else None (render it as text).

    Matching the raw string, without stripping, means tricks such as
    ``" javascript:"`` or ``"java\\tscript:"`` never become links.
    """
    if url and _SAFE_URL.match(url):
        return url
    return None


def write_outputs(model, registry, chosen, out_dir, ctx: "RenderContext") -> list:
    """Render ``model`` in each chosen format and deliver it; return the files written.

    The first single-file format (text, json) goes to stdout so it can be piped;
    multi-file formats (html) and any further single-file ones go under ``out_dir``.
    Every command writes its outputs through here, so none branches on a format.
    """
    import sys
    from pathlib import Path

    stdout_taken = False
    written = []
    for name in chosen:
        reporter = registry[name]
        files = reporter.render(model, ctx)
        if reporter.single_file and not stdout_taken:
            stdout_taken = True
            sys.stdout.buffer.write(files[0].data)
            sys.stdout.flush()
            continue
        for f in files:
            path = Path(out_dir) / f.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(f.data)
            written.append(path)
    return written
