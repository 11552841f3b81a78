"""Topic gaps: the terms and subtopics competing pages share that a post lacks.

In the spirit of content-optimisation tools (Clearscope, Surfer): read the pages that
rank for the keyphrase, keep what most of them talk about, and check the post for it.

* Terms are content words (no function words, numbers or place names); subtopics are
  2-3 word phrases with no function word at either edge. Both are compared by their
  canonical tokens, so "needles" in a competitor is covered by "needle" in the post.
* A term is *shared* when at least ``min_share`` of the competitors (default half, and
  never fewer than two when there are two or more) use it: one site's brand names and
  pet phrases drop out.
* weight = share of competitors using it x (1 + ln(median uses among them)); subtopics
  count 1.5x, since a shared phrase is a stronger sign of a subtopic than a shared word.
* coverage = weighted share of the shared terms the post uses, 0-100.
"""

from __future__ import annotations

import math
from collections import Counter
from statistics import median
from typing import Sequence

from .. import __version__
from .duplicates import place_words
from .model import TermUse, TopicGaps
from .pagetext import PageText
from .phrases import phrases

SUBTOPIC_WEIGHT = 1.5
MIN_TERM_LENGTH = 3


def term_counts(page: PageText, places: frozenset[str]) -> tuple[Counter, dict]:
    """Occurrences of each term/subtopic key in a page, and a surface form for each."""
    counts: Counter = Counter()
    surfaces: dict[tuple[str, ...], Counter] = {}
    text = "\n".join((page.title, page.h1, page.text))
    for size in ((1, 1), (2, 3)):
        for key, surface in phrases(text, *size):
            words = surface.split()
            if any(w in places for w in words) or (len(words) == 1 and len(surface) < MIN_TERM_LENGTH):
                continue
            counts[key] += 1
            surfaces.setdefault(key, Counter())[surface] += 1
    return counts, surfaces


def compare_topics(post: PageText, competitors: Sequence[PageText], min_share: float = 0.5, errors: tuple[str, ...] = ()) -> TopicGaps:
    """What ``competitors`` share, and how much of it ``post`` covers."""
    if not competitors:
        raise ValueError("compare needs at least one competitor page")
    if not 0.0 < min_share <= 1.0:
        raise ValueError(f"min_share must be in (0, 1], got {min_share!r}")
    cities = tuple(dict.fromkeys(post.cities + tuple(c for p in competitors for c in p.cities)))
    post_places = place_words(post.text, cities)
    post_counts, _ = term_counts(post, post_places)
    per_comp = [term_counts(c, place_words(c.text, cities) | post_places) for c in competitors]
    n = len(competitors)
    needed = max(math.ceil(min_share * n), 2 if n >= 2 else 1)
    users: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    for ci, (counts, _) in enumerate(per_comp):
        for key, c in counts.items():
            users.setdefault(key, []).append((ci, c))
    terms = []
    for key, used_by in users.items():
        if len(used_by) < needed:
            continue
        typical = median(c for _, c in used_by)
        weight = (len(used_by) / n) * (1.0 + math.log(typical)) * (SUBTOPIC_WEIGHT if len(key) > 1 else 1.0)
        written: Counter = Counter()
        for ci, _ in used_by:
            written.update(per_comp[ci][1][key])
        terms.append(
            TermUse(
                term=written.most_common(1)[0][0],
                kind="subtopic" if len(key) > 1 else "term",
                weight=weight,
                used_by=tuple(used_by),
                post_count=post_counts.get(key, 0),
                typical=int(round(typical)),
            )
        )
    terms.sort(key=lambda t: (-t.weight, t.term))
    total = sum(t.weight for t in terms)
    coverage = 100.0 * sum(t.weight for t in terms if t.covered) / total if total else 100.0
    return TopicGaps(
        post=post.source or post.url,
        post_label=post.label,
        competitors=tuple(c.source or c.url for c in competitors),
        competitor_labels=tuple(c.label for c in competitors),
        terms=tuple(terms),
        coverage=coverage,
        min_share=min_share,
        errors=tuple(errors),
        tool_version=__version__,
    )
