"""Near-duplicate pairs, city swaps, and the side-by-side diff of what differs.

A candidate pair (cosine above a floor) is compared word by word with difflib. Pairs in
which a place is replaced by another place and nothing else changes but names, numbers
and function words (within a small tolerance) are city swaps (word counts rule most
pairs out before difflib runs): the doorway pattern in Google's spam policy
("substantially similar pages ... targeted at specific regions or cities"). Other pairs,
such as one post copied for another condition, count when their cosine reaches the
duplicate threshold.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache

from .. import text as T
from .model import DiffRow, DuplicatePair, IntelOptions, Segment

#: Pairs below this cosine are never diffed: a city swap of a real page stays far above it
#: (place names are a few percent of the words), and difflib costs ~1 ms per pair.
SWAP_CANDIDATE_FLOOR = 0.6
#: Side-by-side rows kept per pair; the rest are counted in the JSON and HTML.
MAX_DIFF_ROWS = 40

_TOKEN_RE = re.compile(r"\S+\s*")
_STRIP_RE = re.compile(r"^\W+|\W+$")


def place_words(text: str, cities: tuple[str, ...] = ()) -> frozenset[str]:
    """Lower-cased words that belong to place names in ``text``.

    Uses the gazetteer (``seoaudit.places``) when it is installed; otherwise the words
    of the configured cities only.
    """
    found: set[str] = set()
    for city in cities:
        found.update(w.lower() for w in T.words(city.partition(",")[0]))
    try:
        from ..places import find_places, make_target
    except ImportError:  # the gazetteer is optional: configured cities still work
        return frozenset(found)
    target = make_target(tuple(cities)) if cities else None
    for m in find_places(text, target):
        found.update(w.lower() for w in T.words(m.surface))
    return frozenset(found)


def _word(token: str) -> str:
    return _STRIP_RE.sub("", token).lower()


def lower_words(text: str) -> list[str]:
    """The lower-cased words ``classify_pair`` compares (interned: a cache of many pages shares them)."""
    return [sys.intern(w.lower()) for w in T.words(text)]


def classify_pair(i: int, j: int, similarity: float, text_a: str, text_b: str, places_a: frozenset[str], places_b: frozenset[str], opts: IntelOptions,
                  words_a: list[str] | None = None, words_b: list[str] | None = None, same_skeleton: bool = False) -> DuplicatePair | None:
    """The duplicate finding for two pages, or None when they are not duplicates.

    ``words_a``/``words_b``: the texts' ``lower_words`` when the caller keeps them.
    ``same_skeleton``: the pages differ only in capitalised words (``pairing.skeleton_key``),
    so the word-count test of ``could_be_city_swap`` is passed over: a small town the
    gazetteer does not know counts there as a changed word, not as a place.
    """
    wa = lower_words(text_a) if words_a is None else words_a
    wb = lower_words(text_b) if words_b is None else words_b
    if wa == wb:
        return exact_pair(i, j, text_a, text_b)
    places = places_a | places_b
    tolerance = opts.doorway_max_other_changes * min(len(wa), len(wb))
    if not (same_skeleton or could_be_city_swap(wa, wb, places, tolerance)):
        if similarity < opts.duplicate_threshold:
            return None  # the common case in a templated site: decided without difflib
        # A near-duplicate needs no alignment either: its changed words are counted from
        # the word counts (difflib was ~2.6 ms a pair, most of a templated site's time).
        return _pair(i, j, similarity, "near-duplicate", text_a, text_b, (), (), unshared_words(wa, wb, places))
    test = SwapTest(wa, wb, cased_words(text_a), cased_words(text_b), places)
    if test.is_swap and test.other <= tolerance:
        return _pair(i, j, similarity, "city-swap", text_a, text_b, _names(test.places_a, text_a), _names(test.places_b, text_b), test.other)
    if similarity >= opts.duplicate_threshold:
        return _pair(i, j, similarity, "near-duplicate", text_a, text_b, (), (), test.other_changed)
    return None


class SwapTest:
    """Whether two pages are one text with the place swapped, from their word alignment.

    A city swap needs a place replaced by a different place: in some aligned run of
    changed words, one page has a place the other page's run does not have, and the other
    page a place instead. An unknown name standing opposite a known place counts as a
    place: "Olds" or "Kirkstall" where the other page says "Edmonton" or "Bradford".
    Every other changed word must be a name (a street, a neighbourhood), a number (a phone
    number, an address) or a function word ("in", "near"): a changed content word ("neck"
    for "back", "anxiety" for "sciatica") means the pages are about different things, not
    the same page for another city. A place only added or dropped ("Back Pain in
    Edmonton" against "Lower Back Pain") is no swap.

    A name is a word the page always writes with a capital, or one written with a capital
    beside a place or another name ("Old" in "Old Strathcona", though "old injuries" is
    on the page too). ``wa``/``wb``: lower-cased words; ``ca``/``cb``: the same words as
    written. ``other``: the tolerated words changed besides the places (the larger side's
    count); ``other_changed``: all changed words that are not places (for a near-duplicate).
    """

    def __init__(self, wa: list[str], wb: list[str], ca: list[str], cb: list[str], places: frozenset[str]):
        self.places_a: list[str] = []
        self.places_b: list[str] = []
        replaced = content_changed = False
        other = [0, 0]
        changed = [0, 0]
        names_a, names_b = _always_capitalised(tuple(ca)), _always_capitalised(tuple(cb))
        for op, a0, a1, b0, b1 in SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
            if op == "equal":
                continue
            kinds_a = _kinds(wa[a0:a1], ca[a0:a1], places, names_a)
            kinds_b = _kinds(wb[b0:b1], cb[b0:b1], places, names_b)
            pa = {w for w, k in kinds_a if k == "place"}
            pb = {w for w, k in kinds_b if k == "place"}
            if op == "replace":
                if pa and not pb:  # an unknown name where the other page has a place: a small town
                    kinds_b = [(w, "place" if k == "name" else k) for w, k in kinds_b]
                elif pb and not pa:
                    kinds_a = [(w, "place" if k == "name" else k) for w, k in kinds_a]
                pa = {w for w, k in kinds_a if k == "place"}
                pb = {w for w, k in kinds_b if k == "place"}
                replaced = replaced or (bool(pa) and bool(pb) and pa != pb)
            for side, kinds, found in ((0, kinds_a, self.places_a), (1, kinds_b, self.places_b)):
                for w, k in kinds:
                    if k == "place":
                        found.append(w)
                        continue
                    changed[side] += 1
                    other[side] += k != "content"
                    content_changed = content_changed or k == "content"
        self.is_swap = replaced and not content_changed
        self.other = max(other)
        self.other_changed = max(changed)


def _kinds(run: list[str], cased: list[str], places: frozenset[str], names: frozenset[str]) -> list[tuple[str, str]]:
    """Each word of a changed run as place, name, minor (a number or function word) or content."""
    kinds = []
    for w in run:
        if _is_place(w, places):
            kinds.append("place")
        elif w in names:
            kinds.append("name")
        elif w in T.FUNCTION_WORDS or any(c.isdigit() for c in w):
            kinds.append("minor")
        else:
            kinds.append("content")
    for k in range(len(run)):  # a capitalised word beside a place or name belongs to it ("Old Strathcona")
        if kinds[k] == "content" and cased[k][0].isupper():
            beside = [kinds[x] for x in (k - 1, k + 1) if 0 <= x < len(run)]
            if "place" in beside or "name" in beside:
                kinds[k] = "name"
    return list(zip(run, kinds))


def _is_place(word: str, places: frozenset[str]) -> bool:
    return word in places or (word.endswith(("'s", "’s")) and word[:-2] in places)


@lru_cache(maxsize=2048)
def cased_words(text: str) -> list[str]:
    """The words of a page as written, aligned with ``lower_words`` (made once per page)."""
    return T.words(text)


def capitalised_words(text: str) -> frozenset[str]:
    """Lower-cased words ``text`` always writes with a capital (see ``_always_capitalised``)."""
    return _always_capitalised(tuple(cased_words(text)))


@lru_cache(maxsize=2048)
def _always_capitalised(words: tuple[str, ...]) -> frozenset[str]:
    """Lower-cased words always written with a capital: names of streets, areas, people,
    clinics; not a topic word that also starts a sentence or stands in a title."""
    capital: set[str] = set()
    lower: set[str] = set()
    for w in words:
        (capital if w[0].isupper() else lower).add(w.lower())
    return frozenset(capital - lower)


def could_be_city_swap(wa: list[str], wb: list[str], places: frozenset[str], tolerance: float) -> bool:
    """Whether two word lists can pass the city-swap test, from word counts alone (no difflib).

    A city swap needs the place names to differ: some place word occurs a different
    number of times in the two pages (the same places in a different order is not a
    swap). And words the pages do not share are unmatched in any alignment, so the
    non-place words one page has more of than the other are a lower bound of
    ``changed_words``: above the tolerance, the pair cannot be a swap.
    """
    if not places:
        return False
    if all(wa.count(w) == wb.count(w) for w in places):  # a handful of place words: cheap
        return False
    return unshared_words(wa, wb, places) <= tolerance


def unshared_words(wa: list[str], wb: list[str], places: frozenset[str]) -> int:
    """Non-place words one page has more of than the other (the larger side's count)."""
    ca, cb = Counter(wa), Counter(wb)
    only_a = sum(c for w, c in (ca - cb).items() if w not in places)
    only_b = sum(c for w, c in (cb - ca).items() if w not in places)
    return max(only_a, only_b)


def _names(changed: list[str], text: str) -> tuple[str, ...]:
    """The changed place words as written in the page (first spelling), in order, once each."""
    written = {w.lower(): w for w in reversed(T.words(text))}
    return tuple(dict.fromkeys(written.get(w, w) for w in changed))


def exact_pair(rep: int, copy: int, text_rep: str, text_copy: str) -> DuplicatePair:
    """Page ``copy`` has the words of page ``rep``: no word diff is needed.

    Byte-identical texts get an empty diff and every sentence counted as the same
    without difflib; texts that differ only in case or punctuation keep a lazy diff,
    so the report still shows that difference.
    """
    if text_rep == text_copy:
        return DuplicatePair(a=rep, b=copy, similarity=1.0, kind="exact", same_sentences=len(sentences_of(text_rep)), diff=())
    return _pair(rep, copy, 1.0, "exact", text_rep, text_copy, (), (), 0)


def _pair(i, j, similarity, kind, text_a, text_b, places_a, places_b, other) -> DuplicatePair:
    return DuplicatePair(
        a=i, b=j, similarity=similarity, kind=kind, places_a=places_a, places_b=places_b,
        changed_words=other, same_sentences=same_sentence_count(text_a, text_b), diff=LazyDiff(text_a, text_b),
    )


@lru_cache(maxsize=2048)
def sentences_of(text: str) -> tuple[str, ...]:
    """The sentences of a page text, once per page: a page takes part in up to 10 pairs."""
    return tuple(s for line in text.split("\n") for s in T.split_sentences(line))


@lru_cache(maxsize=2048)
def _lower_sentences(text: str) -> tuple[str, ...]:
    """``sentences_of`` lower-cased, interned: what sentences are matched on, once per page."""
    return tuple(sys.intern(s.lower()) for s in sentences_of(text))


def _sentence_matcher(text_a: str, text_b: str) -> SequenceMatcher:
    return SequenceMatcher(None, _lower_sentences(text_a), _lower_sentences(text_b), autojunk=False)


def same_sentence_count(text_a: str, text_b: str) -> int:
    """Sentences the two texts share in order (what ``side_by_side`` counts), without word diffs."""
    la, lb = _lower_sentences(text_a), _lower_sentences(text_b)
    if la == lb:
        return len(la)
    matcher = SequenceMatcher(None, la, lb, autojunk=False)
    return sum(a1 - a0 for op, a0, a1, _, _ in matcher.get_opcodes() if op == "equal")


class LazyDiff(Sequence):
    """The side-by-side rows of two texts, computed the first time they are read.

    Classifying a pair needs only the word-level comparison; the rows (a sentence
    match plus a word match per differing sentence) are wanted only by the pairs a
    report renders, so they are not made for the others. Behaves as a tuple of
    ``DiffRow``; the texts are dropped once the rows exist.
    """

    __slots__ = ("_texts", "_rows")

    def __init__(self, text_a: str, text_b: str):
        self._texts: tuple[str, str] | None = (text_a, text_b)
        self._rows: tuple[DiffRow, ...] | None = None

    def uncached(self) -> tuple[DiffRow, ...]:
        """The rows, computed for this call only when they were not read before."""
        if self._rows is not None:
            return self._rows
        return side_by_side(*self._texts)[0]

    @property
    def rows(self) -> tuple[DiffRow, ...]:
        if self._rows is None:
            self._rows, _ = side_by_side(*self._texts)
            self._texts = None
        return self._rows

    def __getitem__(self, index):
        return self.rows[index]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __eq__(self, other) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return tuple(self) == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.rows)

    def __repr__(self) -> str:
        return f"LazyDiff({'not computed' if self._rows is None else self._rows!r})"


def side_by_side(text_a: str, text_b: str, max_rows: int = MAX_DIFF_ROWS) -> tuple[tuple[DiffRow, ...], int]:
    """Rows of differing sentences (words that differ marked) and the count of equal ones."""
    sa, sb = sentences_of(text_a), sentences_of(text_b)
    matcher = _sentence_matcher(text_a, text_b)
    rows: list[DiffRow] = []
    same = 0
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            same += a1 - a0
            continue
        left, right = sa[a0:a1], sb[b0:b1]
        for k in range(max(len(left), len(right))):
            la = left[k] if k < len(left) else ""
            rb = right[k] if k < len(right) else ""
            row_op = "replace" if la and rb else ("delete" if la else "insert")
            rows.append(DiffRow(row_op, *word_segments(la, rb)))
    return tuple(rows[:max_rows]), same


def word_segments(a: str, b: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """Two sentences split into runs of equal and changed words."""
    ta, tb = _TOKEN_RE.findall(a), _TOKEN_RE.findall(b)
    matcher = SequenceMatcher(None, [_word(t) for t in ta], [_word(t) for t in tb], autojunk=False)
    left: list[Segment] = []
    right: list[Segment] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        changed = op != "equal"
        if a1 > a0:
            left.append(Segment("".join(ta[a0:a1]), changed))
        if b1 > b0:
            right.append(Segment("".join(tb[b0:b1]), changed))
    return tuple(left), tuple(right)
