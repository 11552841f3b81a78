"""Near-duplicate pairs, city swaps, and the side-by-side diff of what differs.

A candidate pair (cosine above a floor) is compared word by word with difflib. Pairs
whose differing words are all place names (up to a small tolerance) are city swaps:
the doorway pattern in Google's spam policy ("substantially similar pages ... targeted
at specific regions or cities"). Other pairs count when their cosine reaches the
duplicate threshold.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

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


def classify_pair(i: int, j: int, similarity: float, text_a: str, text_b: str, places_a: frozenset[str], places_b: frozenset[str], opts: IntelOptions) -> DuplicatePair | None:
    """The duplicate finding for two pages, or None when they are not duplicates."""
    wa = [w.lower() for w in T.words(text_a)]
    wb = [w.lower() for w in T.words(text_b)]
    if wa == wb:
        return _pair(i, j, 1.0, "exact", text_a, text_b, (), (), 0)
    matcher = SequenceMatcher(None, wa, wb, autojunk=False)
    places = places_a | places_b
    changed_places_a: list[str] = []
    changed_places_b: list[str] = []
    other_a = other_b = 0
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        for w in wa[a0:a1]:
            if w in places:
                changed_places_a.append(w)
            else:
                other_a += 1
        for w in wb[b0:b1]:
            if w in places:
                changed_places_b.append(w)
            else:
                other_b += 1
    other = max(other_a, other_b)
    tolerance = opts.doorway_max_other_changes * min(len(wa), len(wb))
    if (changed_places_a or changed_places_b) and other <= tolerance:
        return _pair(i, j, similarity, "city-swap", text_a, text_b, _names(changed_places_a, text_a), _names(changed_places_b, text_b), other)
    if similarity >= opts.duplicate_threshold:
        return _pair(i, j, similarity, "near-duplicate", text_a, text_b, (), (), other)
    return None


def _names(changed: list[str], text: str) -> tuple[str, ...]:
    """The changed place words as written in the page (first spelling), in order, once each."""
    written = {w.lower(): w for w in reversed(T.words(text))}
    return tuple(dict.fromkeys(written.get(w, w) for w in changed))


def _pair(i, j, similarity, kind, text_a, text_b, places_a, places_b, other) -> DuplicatePair:
    rows, same = side_by_side(text_a, text_b)
    return DuplicatePair(
        a=i, b=j, similarity=similarity, kind=kind, places_a=places_a, places_b=places_b,
        changed_words=other, same_sentences=same, diff=rows,
    )


def sentences_of(text: str) -> list[str]:
    return [s for line in text.split("\n") for s in T.split_sentences(line)]


def side_by_side(text_a: str, text_b: str, max_rows: int = MAX_DIFF_ROWS) -> tuple[tuple[DiffRow, ...], int]:
    """Rows of differing sentences (words that differ marked) and the count of equal ones."""
    sa, sb = sentences_of(text_a), sentences_of(text_b)
    matcher = SequenceMatcher(None, [s.lower() for s in sa], [s.lower() for s in sb], autojunk=False)
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
