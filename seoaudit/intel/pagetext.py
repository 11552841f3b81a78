"""``PageText``: the compact per-page record site intelligence works on.

A few kilobytes per page (the main-content text and the labels around it), so a
crawl of thousands of pages can hand these over as it goes and drop each Document.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urldefrag

from .. import text as T


@dataclass(frozen=True)
class PageText:
    """One page as site intelligence sees it.

    ``text`` is the main content, one block (paragraph, heading, list item) per line;
    ``keyphrases`` are the declared ones (flags, front matter, config). ``score`` is the
    audit score when the page was audited, and ``links_to`` the internal link targets in
    its content and Related blocks: both only decide which page of a cluster is the
    strongest. ``site_names`` are the names the page gives its site (``og:site_name``,
    the JSON-LD business or WebSite name): never a keyphrase suggestion. ``words`` is the page's word count as every other output gives it
    (``Document.word_count``: the main content without its headings); ``text`` keeps the
    headings, which say what the page is about, so counting ``text`` would give more.
    """

    url: str
    text: str
    title: str = ""
    h1: str = ""
    slug: str = ""
    keyphrases: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    score: float | None = None
    links_to: tuple[str, ...] = ()
    source: str = ""
    words: int | None = None  # None: a text handed over without a Document, counted as it is
    site_names: tuple[str, ...] = ()

    @cached_property
    def word_count(self) -> int:
        """The word count reported for the page (intel.json/csv, a cluster's "longest" reason)."""
        return len(T.words(self.text)) if self.words is None else self.words

    @property
    def label(self) -> str:
        """What a person recognises the page by: its title, else its H1, else its URL."""
        return self.title or self.h1 or self.source or self.url


def page_key(url: str) -> str:
    """A URL for matching links to pages: no fragment, no trailing slash."""
    return urldefrag(url)[0].rstrip("/")


def page_text_from_document(doc, keyphrases: tuple[str, ...] = (), cities: tuple[str, ...] = (), score: float | None = None) -> PageText:
    """The ``PageText`` of a parsed :class:`seoaudit.document.Document`."""
    from ..checks.clinic_common import declared_site_names

    return PageText(
        url=doc.url,
        source=doc.source,
        text=doc.text,
        title=doc.title,
        h1=doc.h1s[0] if doc.h1s else "",
        slug=doc.slug,
        keyphrases=tuple(keyphrases),
        cities=tuple(cities),
        score=score,
        links_to=tuple(l.href for l in doc.links if l.internal and l.context != "boilerplate" and l.href),
        words=doc.word_count,
        site_names=declared_site_names(doc),
    )
