"""The site's own name (the clinic's brand): never a keyphrase, never what a page is about.

Themes put the site's name in every title ("Physio for Knee Pain | Kirkstall Physio"),
and clinics name themselves in the text ("At Riverbend Acupuncture we..."), so the
name's words are among a page's most frequent phrases. The names come from what pages
declare (``og:site_name``, the JSON-LD business or WebSite name: ``PageText.site_names``)
and from title suffixes after "|" or " - " that two or more pages share.

The name's words are not all brand: "acupuncture" of "Riverbend Acupuncture" is also a
topic. A name word that no title or H1 is about ("riverbend", "kirkstall", "plateau")
is *distinctive*. So suggestions leave out the names where they are written (as
names: capitalised as declared) and any phrase with a distinctive word the page writes
only as a name; the topic words of a name stay free everywhere else.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable

from .duplicates import place_words
from .pagetext import PageText
from ..text import TITLE_SEP_RE
from .phrases import STOP_WORDS, _key, chunks

# words as titles and brand names write them: "physio-led", "Dr. O'Brien's" (TITLE_SEP_RE splits a title's parts)
_WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def content_keys(text: str, places: frozenset[str] = frozenset()) -> frozenset[str]:
    """Canonical keys of the words of ``text`` that carry a topic: no function word, no
    place (``places``: lower-cased place words)."""
    out = set()
    for w in _WORD_RE.findall(text):
        low = w.lower()
        if low in STOP_WORDS or low in places:
            continue
        out.update(_key(p) for p in low.replace("-", " ").split())
    return frozenset(out)


def _name_pattern(name: str) -> str:
    """A name as it stands in a text: its capitals kept, the rest in any case, any spacing."""
    words = _WORD_RE.findall(name)
    parts = [(re.escape(w[0]) + f"(?i:{re.escape(w[1:])})" if w[0].isupper() else f"(?i:{re.escape(w)})") for w in words]
    return r"(?<!\w)" + r"[\s\-]+".join(parts) + r"(?!\w)"


@dataclass(frozen=True)
class SiteNames:
    """The site's names, their words (canonical keys) and the distinctive ones."""

    names: tuple[str, ...] = ()
    words: frozenset[str] = frozenset()
    distinctive: frozenset[str] = frozenset()
    cities: tuple[str, ...] = field(default=(), compare=False)  # so "Kirkstall Physio Leeds" is the name with a place

    @cached_property
    def name_keys(self) -> frozenset[frozenset[str]]:
        return frozenset(k for k in (content_keys(n) for n in self.names) if k)

    @cached_property
    def _in_text(self) -> re.Pattern | None:
        names = sorted((n for n in self.names if _WORD_RE.search(n)), key=len, reverse=True)
        return re.compile("|".join(_name_pattern(n) for n in names)) if names else None

    def is_name(self, text: str, places: frozenset[str] | None = None) -> bool:
        """Whether ``text`` (a title part) is one of the site's names, possibly with a place,
        or has a distinctive word of one ("Riverbend Clinic" on a site named "Riverbend
        Acupuncture"). ``places``: the page's lower-cased place words; None: those of
        ``text``, looked up when it has words beside the names' words."""
        keys = content_keys(text, places or frozenset())
        if places is None and keys - self.words:
            keys = content_keys(text, place_words(text, self.cities))
        return bool(keys) and (keys in self.name_keys or bool(keys & self.distinctive))

    def title_topic(self, title: str, places: frozenset[str] | None = None) -> str:
        """The title without the site's name at its end or start ("Torticolis : que faire?
        | Clinique du Plateau" -> "Torticolis : que faire?")."""
        parts = TITLE_SEP_RE.split(title)
        if len(parts) < 2 or not self.names:
            return title
        seps = list(TITLE_SEP_RE.finditer(title))
        if self.is_name(parts[-1], places):
            return title[: seps[-1].start()].strip()
        if self.is_name(parts[0], places):
            return title[seps[0].end():].strip()
        return title

    def without_names(self, text: str) -> str:
        """``text`` with each name written in it replaced by a line break (no phrase crosses it)."""
        return self._in_text.sub("\n", text) if self._in_text is not None else text

    def proper_words(self, names_in_page: frozenset[str]) -> frozenset[str]:
        """Keys of the distinctive words a page writes only as names (``names_in_page``:
        its lower-cased words always capitalised): a phrase with one names the clinic."""
        return frozenset(k for w in names_in_page for k in content_keys(w) if k in self.distinctive)


def title_suffix(title: str) -> str:
    """The part after a title's last "|" or " - " ("" when it has none)."""
    parts = TITLE_SEP_RE.split(title)
    return parts[-1].strip() if len(parts) > 1 else ""


def site_names(pages: Iterable[PageText], cities: tuple[str, ...] = (), configured: tuple[str, ...] = ()) -> SiteNames:
    """The names of the site of ``pages``: ``configured`` ones (clinic_name), declared ones,
    and title suffixes on two or more pages (as most often written)."""
    pages = list(pages)
    declared = {n.strip() for n in configured if n.strip()} | {n.strip() for p in pages for n in p.site_names if n.strip()}
    suffixes = Counter(title_suffix(p.title) for p in pages)
    suffixes.pop("", None)
    by_key: dict[str, Counter] = {}
    for s, n in suffixes.items():
        by_key.setdefault(" ".join(s.lower().split()), Counter())[s] += n
    repeated = {c.most_common(1)[0][0] for c in by_key.values() if sum(c.values()) >= 2}
    names = tuple(sorted(declared | repeated))
    if not names:
        return SiteNames(cities=cities)
    name_keys = {content_keys(n) for n in names}
    words = frozenset().union(*name_keys)
    topics: set[str] = set()
    for p in pages:
        parts = TITLE_SEP_RE.split(p.title)
        titled = parts[:-1] if len(parts) > 1 else parts  # the last part is where themes put the name
        for text in (*titled, p.h1):
            for chunk in chunks(text):
                keys = content_keys(chunk)
                if keys not in name_keys:
                    topics |= keys
    return SiteNames(names, words, words - topics, cities)
