"""Local files -> RawPage: .html as is, .md and .txt rendered to HTML with source lines.

Markdown and plain text become an HTML document here so that ``document.py`` stays
the only place that parses a page. Every block element carries ``data-line="N"``
(1-based line in the original file, front matter included) so findings can point at
the line an author has to edit; a block wrapped over several lines also carries
``data-breaks``: where each later line starts in its text, counted in letters and
digits (``text.alnum_count``), so a sentence in a hard-wrapped paragraph gets its own
line (document.py). Nothing here touches the network.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from html import escape
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import unquote, urlsplit

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from .decode import detect_charset, is_binary, is_blank, strict_decode
from .models import EMPTY, RawPage, Targeting
from .sitegen import has_template, href_of
from .text import alnum_count, is_byline_line

#: File suffix -> RawPage.kind for every file type seoaudit reads.
SUPPORTED_SUFFIXES: Mapping[str, str] = MappingProxyType({
    ".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".txt": "text",
})
MAX_FILE_BYTES = 10 * 1024 * 1024

# .txt conventions: how clinic posts pasted from an editor are laid out.
TITLE_MAX_CHARS = 90
_FINAL_PUNCTUATION = tuple(".!?:;,")
_BULLET_RE = re.compile(r"^\s*(?:[-*]\s+|•\s*)(?P<text>.*)$")
_NUMBERED_RE = re.compile(r"^\s*\d{1,3}[.)]\s+(?P<text>.*)$")
_CUE_RE = re.compile(
    # and the same cues in French and Spanish posts ("À lire aussi : ...", "Lee también: ...")
    r"^\s*(?P<label>related(?:\s+(?:posts?|articles?|reading))?|read\s+more|(?:à\s+)?lire\s+(?:aussi|également)|voir\s+aussi"
    r"|en\s+savoir\s+plus|le[ae]\s+tambi[eé]n|ver\s+tambi[eé]n|art[ií]culos\s+relacionados)\s*:\s*(?P<anchor>.*)$", re.I
)
_URL_RE = re.compile(r"\(?\s*(https?://\S+?)\s*\)?$")
# Lines that end their paragraph in a pasted post, where editors put one testimonial per line:
# a star rating ("★★★★★ Rated 5 stars by 200 clients"), a closing quote ("... Je revis ! »") on
# a line broken on purpose, and a quote's attribution ("...free." - Sandra T., "» – Marc, Rosemont").
# The attribution needs the quote or the sentence's end before its dash, so that prose with a
# dash before a name ("our therapist - Marc, who...") stays prose.
_RATING_RE = re.compile(r"^\s*[★⭐☆]{3,}")
_CLOSING_QUOTES = "”»\"'’"
_ATTRIBUTION_RE = re.compile(
    r"[.!?…”»\"'’]\s*[-–—]\s*[A-ZÀ-ÖØ-Þ][\w.'’-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w.'’-]*){0,3}(?:,\s*[^\s,][^,]{0,40}){0,2}$"
)
# a line ending in one of these words was wrapped mid-sentence, it is not a heading
_CONTINUATION_WORDS = frozenset(
    "a an and as at but by for from in into of on or our the to with your is are was that which who".split()
)


class SourceError(Exception):
    """A file could not be read as a page; the message is the one-line cause, ``cause`` its code
    (``RawPage.cause``): ``unsupported-type``, ``unreadable`` (missing, a folder, not permitted),
    ``too-large``, ``binary``, ``empty``, ``encoding``, ``front-matter``, ``outside`` (a symbolic link
    out of the folder or repository), ``not-a-file`` (in git's index: a submodule, a link to no file)
    or ``staged-unreadable``."""

    def __init__(self, message: str, cause: str):
        super().__init__(message)
        self.cause = cause


# ---- reading ---------------------------------------------------------------------


#: what a binary file is, named in its error ("a PNG renamed post.txt"): the first bytes of common formats
_FILE_MAGIC = (
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive or a Word/OpenDocument file"),
    (b"\xd0\xcf\x11\xe0", "an old Word or Excel file"), (b"RIFF", "a RIFF file (WebP image, WAV audio)"),
)

def file_url(path: Path) -> str:
    """The ``file://`` URI of ``path`` made absolute, used as the page URL."""
    return path.resolve().as_uri()


def read_file(path: str | Path, source: str | None = None, *, max_bytes: int = MAX_FILE_BYTES) -> RawPage:
    """Read one local file into a RawPage; an error RawPage (never an exception) if it can't be."""
    path = Path(path)
    return file_page(path, source if source is not None else str(path), lambda: _read_bytes(path, max_bytes))


def file_page(path: Path, source: str, read_bytes: Callable[[], bytes]) -> RawPage:
    """The RawPage of the file ``path``, its content from ``read_bytes`` (the file itself, or
    its staged version for ``check --staged``), which raises SourceError when it cannot
    give it; an error RawPage (never an exception) if it can't be read."""
    url = file_url(path)
    kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    try:
        if kind is None:
            raise SourceError(f"{source}: unsupported file type {path.suffix or '(no extension)'}", "unsupported-type")
        return page_from_bytes(read_bytes(), kind, source=source, url=url)
    except SourceError as exc:
        return RawPage(source=source, url=url, kind=kind or "html", error=str(exc), cause=exc.cause)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        if path.is_dir():
            raise SourceError(f"{path}: is a directory", "unreadable")
        if path.stat().st_size > max_bytes:
            raise too_large(path, max_bytes)
        return path.read_bytes()
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file", "unreadable") from None
    except PermissionError:
        raise SourceError(f"{path}: permission denied", "unreadable") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read file ({exc.strerror or exc})", "unreadable") from None


def too_large(name: str | Path, max_bytes: int) -> SourceError:
    return SourceError(f"{name}: file larger than {max_bytes // (1024 * 1024)} MB", "too-large")


def is_draft(front_matter: Mapping[str, Any]) -> bool:
    """``draft: true`` (Hugo, Eleventy, Astro) or ``published: false`` (Jekyll)."""
    draft = front_matter.get("draft")
    if isinstance(draft, str):
        draft = draft.strip().lower() in ("true", "yes", "1")
    return draft is True or front_matter.get("published") is False


def page_from_bytes(data: bytes, kind: str, *, source: str, url: str) -> RawPage:
    """Bytes of an html/markdown/text document -> RawPage (HTML body, UTF-8 for rendered kinds).

    Raises SourceError for binary or undecodable input and bad front matter.
    """
    if is_binary(data):
        kind = next((name for magic, name in _FILE_MAGIC if data.startswith(magic)), "")
        raise SourceError(f"{source}: binary file" + (f" ({kind}, not a text post)" if kind else ""), "binary")
    if is_blank(data):
        # nothing to audit: scoring it would print "13 good" for a post that is not there
        raise SourceError(f"{source}: empty file" if data.strip() == b"" else f"{source}: no text (only whitespace)", "empty")
    if kind == "html":
        return RawPage(source=source, url=url, body=data, kind="html", encoding=detect_charset(data))
    text = strict_decode(data)
    if text is None:
        raise SourceError(f"{source}: not valid text in any known encoding", "encoding")
    if kind == "markdown":
        front_matter, body, offset = split_front_matter(text, source)
        if not body.strip() and not is_draft(front_matter) and Path(source).stem != "_index":  # Hugo list pages are front matter
            # a stub with a title and nothing else scored 56 with "0 words": nothing to audit yet
            raise SourceError(f"{source}: no text after the front matter", "front-matter")
        dated = _with_jekyll_file_date(front_matter, source)
        html = render_markdown(body, dated, line_offset=offset,
                               title_line=_key_line(text, "title", offset), site_base=_site_base_of(url))
    elif kind == "text":
        front_matter, html = EMPTY, render_text(text)
    else:
        raise ValueError(f"unknown kind {kind!r}")
    return RawPage(source=source, url=url, body=html.encode("utf-8"), kind=kind, encoding="utf-8",
                   front_matter=front_matter)


def _site_base_of(url: str) -> str:
    """The folder the site of a local file is served under ("/blog": Jekyll's baseurl), which
    ``{{ site.baseurl }}`` and ``relative_url`` put in front of a link's path; "" otherwise."""
    if not url.startswith("file:"):
        return ""
    from .permalinks import site_base  # permalinks reads this module's front-matter helpers

    base = site_base(Path(unquote(urlsplit(url).path)))
    return base.path if base is not None else ""


_JEKYLL_POST_NAME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-")
#: the front matter keys of a post's publication date: Hugo, Jekyll, Eleventy/Hexo, schema.org's
#: (permalinks.py reads the same keys for a permalink's :year/:month/:day)
PUBLISHED_KEYS = ("date", "publishDate", "publishdate", "published", "pubDate", "pubdate", "datePublished")


def jekyll_post_date(path: Path) -> date | None:
    """The date Jekyll takes from a post's file name (``2024-03-05-neck-pain.md``), None
    for a name without one or an impossible date."""
    m = _JEKYLL_POST_NAME_RE.match(path.name)
    try:
        return date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        return None


def _with_jekyll_file_date(front_matter: Mapping[str, Any], source: str) -> Mapping[str, Any]:
    """The front matter with the date Jekyll takes from a post's file name
    (``_posts/2024-03-05-neck-pain.md``) when it has no date of its own: most Jekyll posts
    have none, and the published page shows that date."""
    path = Path(source)
    if "_posts" not in path.parts or _first_value(front_matter, PUBLISHED_KEYS):
        return front_matter
    found = jekyll_post_date(path)
    return {**front_matter, "date": found.isoformat()} if found else front_matter


# ---- front matter ----------------------------------------------------------------

#: front matter fences: YAML between --- lines (Jekyll, Hugo, Astro...), TOML between +++
#: lines (Hugo's default archetype writes it)
_FENCES = {"---": ("yaml", ("---", "...")), "+++": ("toml", ("+++",))}


def front_matter_span(lines: list[str]) -> tuple[str, int] | None:
    """``(syntax, lines it takes)`` of the front matter that opens ``lines``: "yaml" between
    ``---`` lines, "toml" between ``+++`` lines, "json" an object from a ``{`` first line to
    the ``}`` line that closes it (Hugo reads all three). None without front matter; the
    count is -1 when it is never closed."""
    if not lines:
        return None
    first = lines[0].strip()
    if first in _FENCES:
        syntax, closers = _FENCES[first]
        end = next((i + 1 for i in range(1, len(lines)) if lines[i].strip() in closers), -1)
        return syntax, end
    if first == "{":
        # Hugo: the object ends at the "}" line that closes the first "{" (nested objects may
        # close at the start of a line too); braces inside strings do not count
        depth = 0
        for i, line in enumerate(lines):
            depth += _brace_depth_change(line)
            if depth <= 0:
                return "json", i + 1
        return "json", -1
    return None


_JSON_STRING_RE = re.compile(r'"(?:[^"\\]|\\.)*"')


def _brace_depth_change(line: str) -> int:
    """Opened minus closed ``{}`` on a JSON line, outside its strings."""
    bare = _JSON_STRING_RE.sub("", line)
    return bare.count("{") - bare.count("}")


def split_front_matter(text: str, source: str = "") -> tuple[Mapping[str, Any], str, int]:
    """``(front matter mapping, markdown body, lines before the body)``.

    Front matter is YAML between a ``---`` first line and the next ``---`` (or ``...``)
    line, TOML between ``+++`` lines, or a JSON object (``front_matter_span``). Raises
    SourceError when it is unclosed, does not parse, or is not a mapping.
    """
    lines = text.splitlines(keepends=True)
    span = front_matter_span(lines)
    if span is None:
        return EMPTY, text, 0
    syntax, end = span
    if end < 0:
        raise SourceError(f"{source}: front matter opened with {lines[0].strip()} on line 1 is never closed", "front-matter")
    body = "".join(lines[end:])
    if syntax == "yaml":
        return _parse_yaml("".join(lines[1:end - 1]), source), body, end
    if syntax == "toml":
        return _parse_toml("".join(lines[1:end - 1]), source), body, end
    return _parse_json("".join(lines[:end]), source), body, end


def is_front_matter_key(line: str, key: str) -> bool:
    """Does ``line`` set the top-level ``key`` (``key:`` in YAML, ``key =`` in TOML, ``"key":`` in JSON)?"""
    k = re.escape(key)
    # YAML and TOML keys start the line (an indented one belongs to a nested table); JSON's are indented
    return re.match(rf'(?:{k}\s*[:=]|\s*"{k}"\s*:)', line) is not None


def _key_line(text: str, key: str, front_matter_lines: int) -> int | None:
    """1-based line of a top-level ``key`` inside the front matter, if written there."""
    for number, line in enumerate(text.splitlines()[:front_matter_lines], start=1):
        if number > 1 and is_front_matter_key(line, key):
            return number
    return None


class _FrontMatterLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` without aliases: front matter never needs ``*name``, and aliases
    nested a few levels deep (a "billion laughs" of 400 bytes) expand into gigabytes when a
    value is turned into text; safe_load alone does not stop that."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "YAML aliases (*name) are not read in front matter",
                                              self.peek_event().start_mark)
        return super().compose_node(parent, index)


def _parse_yaml(yaml_text: str, source: str) -> Mapping[str, Any]:
    try:
        data = yaml.load(yaml_text, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader subclass
    except RecursionError:
        raise SourceError(f"{source}: front matter nested too deeply", "front-matter") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context, opened = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if (opened is not None and mark is not None and opened.line < mark.line
                and re.search(r"quoted scalar|flow (?:sequence|mapping)", context or "")):
            # a quote or bracket left open: the parser fails lines later (at the end of the front
            # matter, or the next key), past the line to fix; name the line where the value starts
            problem = f"{context} that starts here: {problem} on line {mark.line + 2}"
            mark = opened
        where = f" at line {mark.line + 2}" if mark is not None else ""  # +1 base, +1 for the fence
        raise SourceError(f"{source}: invalid YAML front matter{where}: {problem}", "front-matter") from None
    return _front_matter_mapping(data, source)


def _front_matter_mapping(data: Any, source: str) -> Mapping[str, Any]:
    if data is None:
        return EMPTY
    if not isinstance(data, dict):
        raise SourceError(f"{source}: front matter is not a mapping of keys to values", "front-matter")
    return MappingProxyType({str(k): v for k, v in data.items()})


def _parse_toml(toml_text: str, source: str) -> Mapping[str, Any]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    try:
        return _front_matter_mapping(tomllib.loads(toml_text), source)
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"{source}: invalid TOML front matter: {str(exc).splitlines()[0]}", "front-matter") from None
    except RecursionError:
        raise SourceError(f"{source}: front matter nested too deeply", "front-matter") from None
    except ValueError as exc:  # an integer of thousands of digits (Python's int-string limit)
        raise SourceError(f"{source}: front matter value not read: {str(exc).splitlines()[0]}", "front-matter") from None


def _parse_json(json_text: str, source: str) -> Mapping[str, Any]:
    try:
        return _front_matter_mapping(json.loads(json_text), source)
    except RecursionError:
        raise SourceError(f"{source}: front matter nested too deeply", "front-matter") from None
    except json.JSONDecodeError as exc:
        raise SourceError(f"{source}: invalid JSON front matter at line {exc.lineno}: {exc.msg}", "front-matter") from None
    except ValueError as exc:  # an integer of thousands of digits (Python's int-string limit)
        raise SourceError(f"{source}: front matter value not read: {str(exc).splitlines()[0]}", "front-matter") from None


def _as_list(value: Any) -> tuple[str, ...]:
    """A front matter value that may be a string ("a, b"), a list, or missing."""
    if value is None:
        return ()
    items: Iterable[Any] = value if isinstance(value, (list, tuple)) else str(value).split(",")
    return tuple(s for s in (str(v).strip() for v in items if v is not None) if s)


def targeting_from_front_matter(front_matter: Mapping[str, Any]) -> Targeting:
    """Keyphrases (keyphrase/keyphrases/keywords) and cities (city/cities) an author declared."""
    keyphrases: list[str] = []
    for key in ("keyphrase", "keyphrases", "keywords"):
        keyphrases += [k for k in _as_list(front_matter.get(key)) if k not in keyphrases]
    cities: list[str] = []
    for key in ("city", "cities"):
        cities += [c for c in _as_list(front_matter.get(key)) if c not in cities]
    return Targeting(keyphrases=tuple(keyphrases), cities=tuple(cities))


def _text_value(value: Any) -> str:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return "" if value is None else str(value).strip()


# ---- Markdown --------------------------------------------------------------------

#: one expression, on one line, without braces inside: a destination cannot run on into the
#: next link's expression
_TEMPLATE_TAG = r"\{\{[^{}\n]*\}\}|\{%[^{}\n]*%\}"
#: ``(dest "title")`` after a link label, where dest holds template expressions with spaces
_TEMPLATE_DEST_RE = re.compile(
    # one character per repetition outside a tag: "(?:...|[^...]+)+" backtracked
    # exponentially on a destination with no closing ")" (24 characters took 4 s)
    rf"""\([ \t]*(?P<dest>(?:{_TEMPLATE_TAG}|[^\s(){{}}<>"'\\])+)(?:[ \t]+(?P<title>"[^"\n]*"|'[^'\n]*'))?[ \t]*\)""")


def _template_link(state, silent: bool) -> bool:
    """``[text]({{< relref "x" >}})``, ``[text]({% post_url x %})``, ``[text]({{ site.baseurl }}/x/)``
    as a link (see sitegen.py): CommonMark stops at the spaces inside the expression and
    leaves the whole link as text. Runs before markdown-it's own link rule, only where
    a destination holds ``{{``/``{%``; every other link is left to that rule."""
    src, start, maximum = state.src, state.pos, state.posMax
    if src[start] != "[" or src.find("{", start, maximum) < 0:
        return False
    if start > 0 and src[start - 1] == "!":
        return False  # an image: its source is not judged as a link, leave it as written
    label_end = state.md.helpers.parseLinkLabel(state, start, True)
    if label_end < 0:
        return False
    m = _TEMPLATE_DEST_RE.match(src, label_end + 1, maximum)
    if m is None or not has_template(m.group("dest")):
        return False
    if not silent:
        href = href_of(m.group("dest"), state.env.get("site_base", ""))
        if not has_template(href):
            href = state.md.normalizeLink(href)  # a plain path now: encoded as markdown-it encodes links
        state.pos, state.posMax = start + 1, label_end
        token = state.push("link_open", "a", 1)
        token.attrs = {"href": href}
        if m.group("title"):
            token.attrSet("title", m.group("title")[1:-1])
        state.linkLevel += 1
        state.md.inline.tokenize(state)
        state.linkLevel -= 1
        state.push("link_close", "a", -1)
    state.pos, state.posMax = m.end(), maximum
    return True


def _tag_pattern(excluded: str = "") -> str:
    """A Hugo shortcode tag (``{{< notice tip >}}``, ``{{% /notice %}}``) or a Liquid tag (``{%
    include cta.html %}``), each up to its own closing (``>}}``, ``%}}``, ``%}``), its parameters
    without the characters ``excluded`` (a regex class part): markup the site generator replaces,
    not the post's text."""
    return (rf"\{{\{{<(?:[^>{excluded}]|>(?!\}}\}}))*>\}}\}}|\{{\{{%(?:[^%{excluded}]|%(?!\}}\}}))*%\}}\}}"
            rf"|\{{%(?:[^%{excluded}]|%(?!\}}))*%\}}")


#: a line that is only such tags (one or several): a paragraph it wraps starts on its own line
_ONE_LINE_TAG = _tag_pattern(excluded=r"\n")
_TEMPLATE_LINE_RE = re.compile(rf"^[ \t]{{0,3}}(?:(?:{_ONE_LINE_TAG})[ \t]*)+$")
#: such a tag inside a paragraph (``Book via {{< booking-button >}} today.``), over lines too
_INLINE_TAG_RE = re.compile(_tag_pattern())
_FENCE_RE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")


def _template_tag(state, silent: bool) -> bool:
    """A shortcode or Liquid tag inside a paragraph, heading or table cell left out of the text, as
    a line that is only one is (``_blank_template_lines``): its syntax is not words of the post,
    nor part of a sentence. A link written as a reference (``[x]({{< ref "x" >}})``) is the
    ``template_link`` rule's, and code spans keep what they show; an escaped shortcode
    (``{{</* x */>}}``), which Hugo shows as written, stays text. A tag written over several lines
    keeps its line breaks, so what follows it keeps its line number. An image shortcode or include
    (``image_of_tag``) leaves its image: the post shows it there."""
    src, start = state.src, state.pos
    if not src.startswith(("{{<", "{{%", "{%"), start) or src.startswith(("{{</*", "{{%/*"), start):
        return False
    m = _INLINE_TAG_RE.match(src, start, state.posMax)
    if m is None:
        return False
    if not silent:
        image = image_of_tag(m.group())
        if image is not None:
            _push_image(state, *image)
        for _ in range(m.group().count("\n")):
            state.push("softbreak", "br", 0)
    state.pos = m.end()
    return True


#: Hugo shortcodes that show an image: Hugo's own ``figure``, and the ``img``/``image``/``picture``
#: shortcodes themes and sites add, read by their ``src`` and ``alt`` parameters
_IMAGE_SHORTCODES = frozenset({"figure", "img", "image", "picture"})
#: Jekyll includes that show one (``{% include figure.html image_path="..." alt="..." %}``, Minimal
#: Mistakes' ``figure``): by the include's name without its extension, and the parameters that name
#: the image in the common ones
_IMAGE_INCLUDES = frozenset({"figure", "image", "img", "picture"})
_IMAGE_SOURCE_PARAMS = ("src", "image_path", "image", "img", "url", "path", "file")
_SHORTCODE_RE = re.compile(r"\{\{[<%]\s*(?P<name>[\w.-]+)(?P<params>.*?)[>%]\}\}\Z", re.S)
_INCLUDE_RE = re.compile(r"\{%-?\s*include\s+(?P<name>[\w./-]+)(?P<params>.*?)-?%\}\Z", re.S)
#: a named parameter: key="value" (Hugo and Liquid), key='value' (Liquid), key=`raw` (Hugo),
#: key=bare (a Liquid variable or an unquoted Hugo value: taken as written)
_PARAM_RE = re.compile(r"""([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|`([^`]*)`|([^\s"'`]+))""")
_CAPTION_MARKUP_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)|[*_`]+")


def image_of_tag(tag: str) -> tuple[str, str | None] | None:
    """``(src, alt)`` of a shortcode or Liquid include that shows an image (``{{< figure
    src="/img/knee.jpg" alt="Knee brace fitting" >}}``), None for any other tag. ``alt`` is None
    when the tag gives none: Hugo's ``figure`` then takes its ``caption`` (as Hugo does), and
    without either it writes no alt text, nor do the other shortcodes and includes."""
    m = _SHORTCODE_RE.match(tag)
    if m is not None:
        names, hugo_figure = _IMAGE_SHORTCODES, m.group("name").lower() == "figure"
    else:
        m = _INCLUDE_RE.match(tag)
        if m is None:
            return None
        names, hugo_figure = _IMAGE_INCLUDES, False
    if m.group("name").lower().rsplit("/", 1)[-1].split(".", 1)[0] not in names:
        return None
    params = {p.group(1).lower(): re.sub(r"\\(.)", r"\1", p.group(2)) if p.group(2) is not None
              else next(v for v in p.groups()[2:] if v is not None)
              for p in _PARAM_RE.finditer(m.group("params"))}
    src = next((params[k].strip() for k in _IMAGE_SOURCE_PARAMS if params.get(k, "").strip()), "")
    if not src:
        return None
    alt = params.get("alt")
    if alt is None and hugo_figure and params.get("caption", "").strip():
        alt = _CAPTION_MARKUP_RE.sub(lambda c: c.group(1) or "", params["caption"])
    return src, alt


def _push_image(state, src: str, alt: str | None) -> None:
    """An image token, as markdown-it makes one for ``![alt](src)``. Without ``alt=`` it is marked
    ``data-undescribed``, as ``![](src)`` is (``_mark_inline_lines``); an ``alt=""`` written is a
    decision (decorative), as in HTML."""
    token = state.push("image", "img", 0)
    token.attrs = {"src": src, "alt": ""}
    token.content = alt or ""
    token.meta["shortcode"] = True
    token.children = []
    if alt:
        text = Token("text", "", 0)
        text.content = alt
        token.children = [text]
    elif alt is None:
        token.attrSet("data-undescribed", "1")


def _blank_template_lines(body: str) -> str:
    """``body`` with each line that is only shortcode or Liquid tags made empty (outside fenced
    code), keeping the line count. Written around a paragraph without blank lines
    (``{{< notice >}}`` / text / ``{{< /notice >}}``), the tags would join the paragraph: its text
    would start with the shortcode and its sentences be placed on the shortcode's line. A line
    that shows an image (``{{< figure src="..." >}}``) stays, as a line of ``![alt](src)`` would:
    ``_template_tag`` makes it the post's image there."""
    if "{{" not in body and "{%" not in body:
        return body
    lines = body.split("\n")
    fence = ""
    for i, line in enumerate(lines):
        m = _FENCE_RE.match(line)
        if m and (not fence or m.group(1).startswith(fence)):
            fence = "" if fence else m.group(1)[0] * 3
        elif not fence and _TEMPLATE_LINE_RE.match(line) and not _shows_image(line):
            lines[i] = ""
    return "\n".join(lines)


def _shows_image(line: str) -> bool:
    return any(image_of_tag(m.group()) is not None for m in _INLINE_TAG_RE.finditer(line))


def _markdown_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table")
    md.inline.ruler.before("link", "template_link", _template_link)
    md.inline.ruler.before("link", "template_tag", _template_tag)
    default_fence = md.renderer.rules["fence"]

    def fence(renderer, tokens, idx, options, env):  # bound to the renderer by add_render_rule
        # markdown-it puts a fence's attributes on <code>; the block is the <pre>
        line = tokens[idx].attrGet("data-line")
        tokens[idx].attrs.pop("data-line", None)
        html = default_fence(tokens, idx, options, env)
        return html.replace("<pre>", f'<pre data-line="{line}">', 1) if line else html

    md.add_render_rule("fence", fence)
    return md


_MD = _markdown_parser()


def _mark_lines(tokens, offset: int) -> None:
    """Put ``data-line`` (1-based, in the whole file) on every block token.

    Table cells have no map of their own: they take their row's line. Links and
    images get the line they are written on. A wrapped paragraph's line breaks go on
    the element that is rendered around it (``data-breaks``): the ``<p>``, or the
    ``<li>`` of a tight list, whose paragraph is not rendered.
    """
    row_line = None
    open_blocks: list = []  # the block tokens around the current one
    for tok in tokens:
        if tok.type == "tr_open" and tok.map:
            row_line = tok.map[0] + 1 + offset
        if tok.type == "inline" and tok.map:
            breaks = _mark_inline_lines(tok, tok.map[0] + 1 + offset)
            holder = next((t for t in reversed(open_blocks) if not t.hidden), None)
            if breaks and holder is not None:
                holder.attrSet("data-breaks", ",".join(map(str, breaks)))
        if tok.block and tok.nesting > 0:
            open_blocks.append(tok)
        elif tok.block and tok.nesting < 0 and open_blocks:
            open_blocks.pop()
        if tok.nesting < 0 or tok.type == "inline" or not tok.block:
            continue
        if tok.map:
            tok.attrSet("data-line", str(tok.map[0] + 1 + offset))
        elif tok.type in ("th_open", "td_open") and row_line:
            tok.attrSet("data-line", str(row_line))


def _mark_inline_lines(inline, first_line: int) -> list[int]:
    """``data-line`` on links and images: the paragraph's line plus the line breaks before them.

    Returns where each later line starts in the block's text, in letters and digits
    (the text and code rendered; an image's alt is not text). Counted only at a break,
    so a paragraph on one line costs nothing."""
    line = first_line
    breaks: list[int] = []
    count = 0
    pending: list[str] = []  # text since the last break, counted when the next one comes
    for child in inline.children or ():
        kind = child.type
        if kind == "text" or kind == "code_inline":
            pending.append(child.content)
        elif kind == "softbreak" or kind == "hardbreak":
            line += 1
            count += alnum_count("".join(pending))
            pending.clear()
            breaks.append(count)
        elif kind == "link_open" or kind == "image":
            child.attrSet("data-line", str(line))
            if kind == "image" and not child.content.strip() and not child.meta.get("shortcode"):
                # ![](photo.jpg): Markdown has no way to say "decorative", so an empty description
                # is one not written (BA007); raw HTML <img alt=""> can say it, and is left alone
                child.attrSet("data-undescribed", "1")
    return breaks


def _split_related_cues(tokens: list) -> list:
    """``tokens`` with the prose after a Related/Read more cue line in its own paragraph.

    ``Related: [A](/a/)`` with a sentence on the next line (an ``echo >>`` onto the post) is one
    CommonMark paragraph, published as one; the extractor leaves a cue paragraph out of the
    text whole (extract.related_sections), so the sentence was never checked. The cue keeps
    its first line and the lines that open with a link (a cue wrapped over lines)."""
    out: list = []
    i = 0
    while i < len(tokens):
        opening = tokens[i]
        inline = tokens[i + 1] if i + 1 < len(tokens) else None
        at = None
        if opening.type == "paragraph_open" and not opening.hidden and inline is not None and inline.type == "inline" \
                and inline.map and _CUE_RE.match(inline.content.split("\n", 1)[0]):
            at = _prose_after_cue(inline.children or [])
        if at is None:
            out.append(opening)
            i += 1
            continue
        index, lines_before = at
        first_line, end = inline.map
        closing = tokens[i + 2]
        cue, prose = inline.copy(), inline.copy()
        content = inline.content.split("\n")
        cue.children, cue.content, cue.map = inline.children[:index], "\n".join(content[:lines_before]), [first_line, first_line + lines_before]
        prose.children, prose.content, prose.map = inline.children[index + 1:], "\n".join(content[lines_before:]), [first_line + lines_before, end]
        second = opening.copy()
        second.map = prose.map
        opening.map = cue.map
        out += [opening, cue, closing.copy(), second, prose, closing]
        i += 3
    return out


def _prose_after_cue(children: list) -> tuple[int, int] | None:
    """(the index of the line break, the lines before it) where a cue paragraph's prose starts:
    the first line that does not open with a link; None when every line does."""
    lines = 0
    for k, child in enumerate(children):
        if child.type not in ("softbreak", "hardbreak"):
            continue
        lines += 1
        following = next((c for c in children[k + 1:] if not (c.type == "text" and not c.content.strip())), None)
        if following is not None and following.type != "link_open":
            return k, lines
    return None


def _line_breaks(lines: list[str]) -> str:
    """``data-breaks`` of source lines joined into one block (render_text), "" for one line."""
    if len(lines) < 2:
        return ""
    counts, total = [], 0
    for text in lines[:-1]:
        total += alnum_count(text)
        counts.append(str(total))
    return f' data-breaks="{",".join(counts)}"'


def _first_h1(tokens) -> tuple[str, int | None]:
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.tag == "h1":
            inline = tokens[i + 1]
            text = "".join(c.content for c in inline.children or () if c.type in ("text", "code_inline"))
            return text.strip(), int(tok.attrGet("data-line") or 0) or None
    return "", None


def render_markdown(body: str, front_matter: Mapping[str, Any] = EMPTY, *, line_offset: int = 0,
                    title_line: int | None = None, site_base: str = "") -> str:
    """Markdown (CommonMark + tables) -> a whole HTML document with ``data-line`` on blocks.

    ``<title>`` is the front matter title, else the first H1. When the body has no H1
    but the front matter has a title, the title is rendered as the H1, as static-site
    templates do on the published page (``title_line``: where the title key sits).
    ``site_base``: the folder the site is served under ("/blog"), for links written with
    ``{{ site.baseurl }}`` (sitegen.href_of).
    """
    tokens = _split_related_cues(_MD.parse(_blank_template_lines(body), {"site_base": site_base}))
    _mark_lines(tokens, line_offset)
    article = _MD.renderer.render(tokens, _MD.options, {})
    h1_text, _ = _first_h1(tokens)
    title = _text_value(front_matter.get("title")) or h1_text
    if title and not h1_text:
        line_attr = f' data-line="{title_line}"' if title_line else ""
        # marked: BA003 tells this H1 (what the theme prints) from a "# Heading" of the text
        article = f'<h1{line_attr} data-front-matter="title">{escape(title)}</h1>\n{article}'
    return _html_document(article, title=title, head=_front_matter_head(front_matter),
                          lang=_text_value(front_matter.get("lang")))


def _front_matter_head(front_matter: Mapping[str, Any]) -> str:
    """<meta> elements for the front matter fields a published page would carry."""
    metas = []
    for key, name in (("description", "description"), ("author", "author")):
        value = _text_value(front_matter.get(key))
        if value:
            metas.append(f'<meta name="{name}" content="{escape(value)}">')
    # the keys static-site generators use: Hugo (date, publishDate, lastmod), Jekyll
    # (last_modified_at), Eleventy/Hexo (updated), and schema.org's own names
    published = _first_value(front_matter, PUBLISHED_KEYS)
    if published:
        metas.append(f'<meta property="article:published_time" content="{escape(published)}">')
    modified = _first_value(front_matter, ("lastmod", "last_modified_at", "updated", "modified", "dateModified"))
    if modified:
        metas.append(f'<meta property="article:modified_time" content="{escape(modified)}">')
    canonical = _first_value(front_matter, ("canonical", "canonicalURL", "canonical_url", "canonicalUrl"))
    if canonical:
        metas.append(f'<link rel="canonical" href="{escape(canonical)}">')
    if front_matter.get("draft") is True:
        metas.append('<meta name="robots" content="noindex">')
    return "\n".join(metas)


def _first_value(front_matter: Mapping[str, Any], keys: tuple[str, ...]) -> str:
    return next((v for v in (_text_value(front_matter.get(k)) for k in keys) if v), "")


def _html_document(article: str, *, title: str = "", head: str = "", lang: str = "") -> str:
    lang_attr = f' lang="{escape(lang)}"' if lang else ""
    return (
        f"<!DOCTYPE html>\n<html{lang_attr}>\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{escape(title)}</title>\n{head}\n</head>\n<body>\n<article>\n{article}</article>\n</body>\n</html>\n"
    )


# ---- plain text ------------------------------------------------------------------

def _is_short_unpunctuated(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > TITLE_MAX_CHARS or s.endswith(_FINAL_PUNCTUATION):
        return False
    if _BULLET_RE.match(s) or _NUMBERED_RE.match(s) or _CUE_RE.match(s):
        return False
    last_word = s.rsplit(None, 1)[-1].lower()
    return last_word not in _CONTINUATION_WORDS and (s[0].isupper() or s[0].isdigit())


_SENTENCE_END_INSIDE_RE = re.compile(r"[.!?:;]\s")


def _is_short_question(line: str) -> bool:
    """A question on a line of its own ("Is deep tissue massage right for you?", "What is
    TMJ?"): the most common subheading of clinic posts. One sentence, short, capitalised."""
    s = line.strip()
    if not s.endswith("?") or len(s) > TITLE_MAX_CHARS or _SENTENCE_END_INSIDE_RE.search(s):
        return False
    if _BULLET_RE.match(s) or _NUMBERED_RE.match(s) or _CUE_RE.match(s):
        return False
    return s[0].isupper() or s[0].isdigit()


def _broken_on_purpose(line: str, next_line: str | None, wrap_width: int) -> bool:
    """Was ``line`` ended by the author rather than by hard wrapping?

    In a hard-wrapped file a line ends only when the next word would not fit; if it
    would have fit within the widest line of the file, the break was deliberate.
    """
    if next_line is None or not next_line.strip():
        return True
    next_word = next_line.split(None, 1)[0]
    return len(line.rstrip()) + 1 + len(next_word) <= wrap_width


def _blocks(lines: list[str]) -> list[list[tuple[int, str]]]:
    """Runs of non-blank lines as (1-based line number, text)."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            current.append((number, line))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _cue_link(anchor: str, number: int) -> str:
    """The ``<a>`` for a Related/Read more cue; the anchor text is what links checks judge.

    The target URL is unknown in a pasted post, so the href is a placeholder unless
    the author wrote a URL on the line.
    """
    href = "#cue"
    url = _URL_RE.search(anchor)
    if url:
        href = url.group(1)
        anchor = anchor[:url.start()].strip(" -–—|") or href
    return f'<a href="{escape(href)}" data-cue="1" data-line="{number}">{escape(anchor.strip())}</a>'


def _cue_label(label: str) -> str:
    return escape(" ".join(label.split()).capitalize())


def _cue_html(number: int, label: str, anchor: str) -> str:
    return f'<p class="related" data-line="{number}">{_cue_label(label)}: {_cue_link(anchor, number)}</p>'


def render_text(text: str) -> str:
    """A pasted plain-text post -> an HTML document (see the conventions in the module doc).

    - the first line is the title (``<title>`` and ``<h1>``) when short and unpunctuated;
    - later short unpunctuated lines, or short one-sentence questions ("What is TMJ?"),
      starting a block and followed by more text are ``<h2>`` subheadings;
    - ``- ``, ``* `` and ``•`` lines are list items, ``1.`` lines numbered items;
    - ``Related:`` / ``Read more:`` lines are internal-link cues;
    - other consecutive lines join into one paragraph; blank lines separate paragraphs,
      and so does a line that ends a pasted testimonial (a closing quote after the
      sentence's end, an attribution "- Name, Place") or is a star rating ("★★★★★ ...").
    """
    lines = text.splitlines()
    wrap_width = max((len(l.rstrip()) for l in lines), default=0)
    blocks = _blocks(lines)
    out: list[str] = []
    title = ""
    for b_index, block in enumerate(blocks):
        is_last_block = b_index == len(blocks) - 1
        i = 0
        while i < len(block):
            number, line = block[i]
            following = block[i + 1][1] if i + 1 < len(block) else None
            more_text_follows = following is not None or not is_last_block
            starts_block = i == 0
            # a question line is a subheading, never the title (a title has no final punctuation)
            heading_like = _is_short_unpunctuated(line) or ((b_index > 0 or bool(title)) and _is_short_question(line))
            if starts_block and heading_like and _broken_on_purpose(line, following, wrap_width) \
                    and not (b_index > 0 and is_byline_line(line)):
                if b_index == 0 and not title:
                    title = line.strip()
                    out.append(f'<h1 data-line="{number}">{escape(title)}</h1>')
                    i += 1
                    continue
                if more_text_follows:
                    out.append(f'<h2 data-line="{number}">{escape(line.strip())}</h2>')
                    i += 1
                    continue
            i = _render_run(block, i, out, wrap_width)
    return _html_document("\n".join(out) + "\n", title=title)


def _ends_paragraph(line: str, next_line: str | None, wrap_width: int) -> bool:
    """Does ``line`` end its paragraph though the next line follows it at once? A pasted
    testimonial (a closing quote, an attribution) or a star rating does: each is one reader's
    words or one badge, not a sentence the next line continues. A quote closing a hard-wrapped
    line ('physiotherapists call "dry needling"', 'told us "it helps."') does not, unless the
    next word would have fitted on the line."""
    s = line.rstrip()
    if _RATING_RE.match(s) or _ATTRIBUTION_RE.search(s):
        return True
    return s.endswith(tuple(_CLOSING_QUOTES)) and _broken_on_purpose(line, next_line, wrap_width)


def _render_run(block: list[tuple[int, str]], i: int, out: list[str], wrap_width: int) -> int:
    """Render the list, cue or paragraph starting at ``block[i]``; return the next index."""
    number, line = block[i]
    cue = _CUE_RE.match(line)
    if cue:
        if cue.group("anchor").strip():
            out.append(_cue_html(number, cue.group("label"), cue.group("anchor")))
            return i + 1
        return _render_cue_list(block, i, out)
    for pattern, tag in ((_BULLET_RE, "ul"), (_NUMBERED_RE, "ol")):
        if pattern.match(line):
            items, i = _list_items(block, i, pattern)
            out.append(f'<{tag} data-line="{number}">')
            out += [f'<li data-line="{n}"{_line_breaks(parts)}>{escape(" ".join(parts))}</li>' for n, parts in items]
            out.append(f"</{tag}>")
            return i
    start = i
    while i < len(block):
        line = block[i][1]
        # a star rating is a paragraph of its own: it starts one too
        if i > start and (_starts_other_block(line) or _RATING_RE.match(line)):
            break
        i += 1
        if _ends_paragraph(line, block[i][1] if i < len(block) else None, wrap_width):
            break
    parts = [l.strip() for _, l in block[start:i]]
    out.append(f'<p data-line="{number}"{_line_breaks(parts)}>{_linked(" ".join(parts))}</p>')
    return i


# a URL pasted into a text post: the editor it is pasted into makes it a link
_BARE_URL_RE = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")


def _linked(text: str) -> str:
    """``text`` escaped, with bare http(s) URLs as links (the URL is also their text)."""
    out, at = [], 0
    for m in _BARE_URL_RE.finditer(text):
        url = escape(m.group(0))
        out += [escape(text[at:m.start()]), f'<a href="{url}">{url}</a>']
        at = m.end()
    return "".join(out) + escape(text[at:])


def _starts_other_block(line: str) -> bool:
    return bool(_BULLET_RE.match(line) or _NUMBERED_RE.match(line) or _CUE_RE.match(line))


def _list_items(block, i, pattern) -> tuple[list[tuple[int, list[str]]], int]:
    """Consecutive items as (line, the text of each of its lines); indented lines
    continue the item above them."""
    items: list[tuple[int, list[str]]] = []
    while i < len(block):
        number, line = block[i]
        m = pattern.match(line)
        if m:
            items.append((number, [m.group("text").strip()]))
        elif items and line[:1].isspace():
            items[-1][1].append(line.strip())
        else:
            break
        i += 1
    return items, i


def _render_cue_list(block, i, out) -> int:
    """A bare ``Related:`` line followed by list items: every item is a cue anchor."""
    number, line = block[i]
    label = _cue_label(_CUE_RE.match(line).group("label"))
    items, j = _list_items(block, i + 1, _BULLET_RE)
    if not items:
        out.append(f'<p class="related" data-line="{number}">{label}:</p>')
        return i + 1
    out.append(f'<div class="related" data-line="{number}"><p data-line="{number}">{label}:</p><ul>')
    out += [f'<li data-line="{n}">{_cue_link(" ".join(parts), n)}</li>' for n, parts in items]
    out.append("</ul></div>")
    return j
