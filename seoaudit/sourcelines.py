"""Source line numbers for evidence that has none, so CI annotations land on the right line.

Markdown and text files get ``data-line`` attributes when rendered (files.py), so
most of their evidence already knows its line. HTML files are parsed by lexbor,
which keeps no source positions; here the standard library's ``HTMLParser``
(which reports the line of every tag and text run) builds a small index of the
file: its text, letters and digits only, with the line of each character, plus the
attribute values of its tags and the href and anchor text of each link. Evidence is
then found by its text (a sentence, heading or anchor text) or by an attribute
value (an image src, a link href, a meta description). This runs only for failures
that lack a line, once per file.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urlsplit

from .models import Evidence

#: how much of a sentence has to match: enough to be unique, short enough to survive
#: the differences between lexbor's text and the source (entities, inline tags)
NEEDLE_CHARS = 60
_SKIP_TEXT_IN = frozenset(("script", "style", "template", "noscript"))
_ATTRS = ("href", "src", "content", "alt", "data-src")
_MD_HEADING = re.compile(r"^\s{0,3}#\s+\S")


def alnum_key(text: str) -> str:
    """Letters and digits only, case-folded: what survives every renderer unchanged."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


class _Indexer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chars: list[str] = []
        self.lines = array("i")
        self.attrs: list[tuple[int, str, str]] = []  # (line, tag, value)
        self.tag_lines: dict[str, int] = {}  # first line of each tag name
        self.links: list[tuple[int, str, str]] = []  # (line, href, anchor key) of every <a href>
        self._anchor: tuple[int, str, int] | None = None  # the open <a>: line, href, where its text starts
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        self.tag_lines.setdefault(tag, line)
        for name, value in attrs:
            if name in _ATTRS and value:
                self.attrs.append((line, tag, value.strip()))
                if tag == "a" and name == "href":
                    self._close_anchor()  # an unclosed <a> ends where the next one starts
                    self._anchor = (line, value.strip(), len(self.chars))
        if tag in _SKIP_TEXT_IN:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in _SKIP_TEXT_IN and self._skip:
            self._skip -= 1
        elif tag == "a":
            self._close_anchor()

    def _close_anchor(self) -> None:
        if self._anchor is not None:
            line, href, start = self._anchor
            self.links.append((line, href, "".join(self.chars[start:])))
            self._anchor = None

    def close(self):
        super().close()
        self._close_anchor()

    def handle_data(self, data):
        if self._skip:
            return
        line = self.getpos()[0]
        for ch in data:
            if ch == "\n":
                line += 1
            elif ch.isalnum():
                self.chars.append(ch.casefold())
                self.lines.append(line)


class HtmlLines:
    """Line lookups in one HTML source."""

    def __init__(self, html: str):
        parser = _Indexer()
        parser.feed(html)
        parser.close()
        self.text = "".join(parser.chars)
        # casefold can turn one character into several ("ß" -> "ss"): keep offsets aligned
        self.offsets = array("i")
        pos = 0
        for ch in parser.chars:
            self.offsets.append(pos)
            pos += len(ch)
        self.char_lines = parser.lines
        self.attrs = parser.attrs
        self.tag_lines = parser.tag_lines
        self.links = parser.links

    def line_of_text(self, text: str) -> int | None:
        needle = alnum_key(text)[:NEEDLE_CHARS]
        if len(needle) < 3:
            return None
        at = self.text.find(needle)
        if at < 0:
            return None
        return self.char_lines[bisect_right(self.offsets, at) - 1]

    def line_of_value(self, value: str) -> int | None:
        value = value.strip()
        if not value:
            return None
        for line, _tag, v in self.attrs:
            if v == value:
                return line
        for line, _tag, v in self.attrs:  # a resolved URL ends with the relative one written
            rel = v.lstrip("./")
            if len(rel) > 3 and value.endswith(rel):
                return line
        return None

    def line_of_link(self, href: str, anchor: str = "") -> int | None:
        """The line of the ``<a>`` whose href is ``href`` (as written, or resolved: it ends
        with what was written); among several, the one whose text is ``anchor``, else the
        one whose text ``anchor`` begins with (ST001 and citations write "'Gone post': HTTP
        404"), else the first."""
        href = href.strip()
        if not href:
            return None
        exact = [(line, key) for line, v, key in self.links if v == href]
        found = exact or [(line, key) for line, v, key in self.links
                          if len(v.lstrip("./")) > 3 and href.endswith(v.lstrip("./"))]
        if not found:
            return None
        want = alnum_key(anchor)
        if not want:
            return found[0][0]
        same = next((line for line, key in found if key == want), None)
        if same is not None:
            return same
        # the longest anchor the detail starts with: the menu's "Blog" must not beat the post's "Blog tips"
        begins = [(len(key), -line, line) for line, key in found if len(key) >= 3 and want.startswith(key)]
        return max(begins)[2] if begins else found[0][0]

    def line_of(self, e: Evidence) -> int | None:
        if e.kind == "image":
            return self.line_of_value(e.text) or self.line_of_text(e.detail)
        if e.kind == "link":
            # Link evidence names the href in ``detail`` and the anchor in ``text`` (LK
            # checks) or the href in ``text`` (ST001's broken targets, citations): the
            # href as written pins the very <a>, where anchor text ("here") may repeat.
            return (self.line_of_link(e.detail, e.text) or self.line_of_link(e.text, e.detail)
                    or self.line_of_text(e.text) or self.line_of_value(e.detail))
        return self.line_of_text(e.text) or self.line_of_value(e.text)

    def title_line(self) -> int | None:
        return self.tag_lines.get("h1") or self.tag_lines.get("title")


class PlainLines:
    """Line lookups in a Markdown or text source: search each line, front matter included."""

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.keys = [alnum_key(line) for line in self.lines]
        self.body_start = _front_matter_end(self.lines)  # index of the first body line
        # (line number, key) in file order, and with the body before the front matter: made once,
        # the gate looks up each failing evidence item in turn
        self._in_order = list(enumerate(self.keys, start=1))
        self._body_first = self._in_order[self.body_start:] + self._in_order[:self.body_start]

    def _find(self, keys: Iterable[str], body_first: bool = False) -> int | None:
        # a sentence or heading quoting the title must not land on the `title:` line
        numbered = self._body_first if body_first else self._in_order
        for needle in keys:
            if len(needle) < 3:
                continue
            for number, key in numbered:
                if needle in key:
                    return number
        return None

    def line_of(self, e: Evidence) -> int | None:
        text = alnum_key(e.text)
        # a long sentence may be wrapped over several lines: its start is on the first
        # (a claim's detail says where it is, "In the title", not what: not a text to find)
        keys = [text[:NEEDLE_CHARS], text[:24], "" if e.advice else alnum_key(e.detail)[:NEEDLE_CHARS]]
        if e.kind in ("image", "link"):  # a resolved URL: find the file name as written
            keys += [alnum_key(_last_segment(u)) for u in (e.text, e.detail)]
        # "element" evidence (title, description) lives in the front matter; the rest in the body
        return self._find(keys, body_first=e.kind != "element")

    def title_line(self) -> int | None:
        """The first Markdown H1 of the body, else the front matter's title line, else line 1."""
        from .files import is_front_matter_key

        for number, line in enumerate(self.lines[self.body_start:], start=self.body_start + 1):
            if _MD_HEADING.match(line):
                return number
        title = next((n for n, line in enumerate(self.lines[1:self.body_start - 1], start=2)
                      if is_front_matter_key(line, "title")), None) if self.body_start else None
        return title or (1 if self.lines else None)


def _front_matter_end(lines: list[str]) -> int:
    """How many lines the front matter takes (0 without one), as files.split_front_matter reads
    it: YAML (---), TOML (+++) or JSON ({ ... })."""
    from .files import front_matter_span

    span = front_matter_span(lines)
    return span[1] if span is not None and span[1] > 0 else 0


def _last_segment(url: str) -> str:
    path = urlsplit(url).path.rstrip("/")
    return path.rsplit("/", 1)[-1]


def read_source_lines(path: str, data: bytes | None = None) -> HtmlLines | PlainLines | None:
    """The line finder of the file ``path``: ``data``, else its content on disk."""
    p = Path(path)
    if data is None:
        try:
            data = p.read_bytes()
        except OSError:
            return None
    if p.suffix.lower() in (".html", ".htm"):
        from .decode import decode_html

        return HtmlLines(decode_html(data, None, ""))
    return PlainLines(data.decode("utf-8", errors="replace"))


class SourceLinesCache:
    """``cache(path)`` -> the line finder of a local file, read once per run. ``read(path)``
    gives the content the run audited when it is not the file on disk (``check --staged``
    audits the index); None there means no content."""

    def __init__(self, read: Callable[[str], bytes | None] | None = None) -> None:
        self._cache: dict[str, HtmlLines | PlainLines | None] = {}
        self._read = read

    def __call__(self, path: str):
        if path not in self._cache:
            if self._read is None:
                self._cache[path] = read_source_lines(path)
            else:
                data = self._read(path)
                self._cache[path] = None if data is None else read_source_lines(path, data)
        return self._cache[path]
