"""Keyphrase suggestions: a post's most distinctive 2-4 word phrases.

For each phrase of the post (see :func:`phrases.phrases`: no function word or number
at either edge): score = (1 + ln tf) x idf x boosts, where

* tf is how often the post uses the phrase;
* idf says how rare it is on the rest of the site. It is read off the site's TF-IDF
  vocabulary (the rarest neighbouring-word pair inside the phrase), so suggestions
  cost no second pass over the site: a phrase is at most as common as its rarest pair;
* the phrase counts double when the title or H1 contains it, and x1.3 in the slug:
  that is where an author states what a post is about.

A phrase must occur twice, or once in the title/H1/slug. Phrases with a place name
are left out (the city is targeted separately), and so are fragments (a phrase
that mostly occurs inside one longer phrase), a phrase inside a better one, and a
phrase around a better one unless the title or H1 uses it.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Callable

from .model import Suggestion
from .pagetext import PageText
from .phrases import STOP_WORDS, _key, contains_phrase, key_sequence, phrases

TITLE_BOOST = 2.0
SLUG_BOOST = 1.3
FRAGMENT_SHARE = 0.6  # a phrase this often inside one longer phrase is a fragment of it
MIN_COUNT = 2  # occurrences needed unless the phrase is in the title, H1 or slug

_STOP_KEYS = frozenset(_key(w) for w in STOP_WORDS)


def content_keys(key: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(k for k in key if k not in _STOP_KEYS)


def idf_from_vocabulary(vectorizer) -> Callable[[tuple[str, ...]], float]:
    """idf of a phrase key: the largest idf of its neighbouring content-word pairs."""
    vocab = getattr(vectorizer, "vocabulary_", None) or {}
    idf = getattr(vectorizer, "idf_", None)
    if idf is None or not len(idf):
        return lambda key: 1.0
    ceiling = float(idf.max())

    def lookup(key: tuple[str, ...]) -> float:
        keys = content_keys(key)
        best = 0.0
        for a, b in zip(keys, keys[1:]):
            col = vocab.get(a + " " + b)
            best = max(best, float(idf[col]) if col is not None else ceiling)
        if best == 0.0:  # one content word: fall back to its unigram idf
            col = vocab.get(keys[0]) if keys else None
            best = float(idf[col]) if col is not None else ceiling
        return best

    return lookup


def suggest(page: PageText, idf: Callable[[tuple[str, ...]], float], k: int = 5, places: frozenset[str] = frozenset()) -> tuple[Suggestion, ...]:
    """The ``k`` best keyphrase candidates for ``page``, best first."""
    if k <= 0 or not page.text:
        return ()
    counts: Counter = Counter()
    surfaces: dict[tuple[str, ...], Counter] = {}
    for key, surface in phrases(page.text + "\n" + page.title + "\n" + page.h1):
        counts[key] += 1
        surfaces.setdefault(key, Counter())[surface] += 1
    fragments = _fragments(counts)
    title_seq = key_sequence(page.title) + ("\0",) + key_sequence(page.h1)
    slug_seq = key_sequence(page.slug.replace("-", " ").replace("_", " "))
    scored = []
    for key, n in counts.items():
        surface = surfaces[key].most_common(1)[0][0]
        if places and any(w.removesuffix("'s") in places for w in surface.split()):
            continue
        in_title = contains_phrase(title_seq, key)
        in_slug = contains_phrase(slug_seq, key)
        if n < MIN_COUNT and not (in_title or in_slug):
            continue
        if key in fragments:
            continue
        score = (1.0 + math.log(n)) * idf(key)
        if in_title:
            score *= TITLE_BOOST
        if in_slug:
            score *= SLUG_BOOST
        scored.append((score, key, surface, in_title, n))
    scored.sort(key=lambda t: (-t[0], len(t[1]), t[2]))
    chosen: list[tuple] = []
    for item in scored:
        key = item[1]
        if any(_inside(key, c[1]) or (_inside(c[1], key) and not item[3]) for c in chosen):
            continue
        chosen.append(item)
        if len(chosen) == k:
            break
    return tuple(Suggestion(phrase=s, score=sc, in_title=t, count=n) for sc, _, s, t, n in chosen)


def _fragments(counts: Counter) -> set[tuple[str, ...]]:
    """Phrases that mostly occur inside one longer phrase ("acupuncture for back" inside
    "acupuncture for back pain"): the longer phrase is the real candidate."""
    out = set()
    for longer, n in counts.items():
        for inner in (longer[1:], longer[:-1]):
            if len(inner) >= 2 and inner in counts and n >= FRAGMENT_SHARE * counts[inner]:
                out.add(inner)
    return out


def _inside(short: tuple[str, ...], long_: tuple[str, ...]) -> bool:
    """``short`` is part of ``long_`` ("back pain" in "acupuncture for back pain")."""
    return len(short) <= len(long_) and contains_phrase(long_, short)
