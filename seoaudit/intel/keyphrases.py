"""Keyphrase suggestions: a post's most distinctive phrases of 2-4 content words.

For each phrase of the post (see :func:`phrases.phrases`: no function word or number
at either edge, hyphenated words whole, up to 4 content words and the function words
between them, as in "chiropratique pour le mal de dos"): score = (1 + ln tf) x idf x
boosts, where

* tf is how often the post uses the phrase;
* idf says how rare it is on the rest of the site. It is read off the site's TF-IDF
  vocabulary (the rarest neighbouring-word pair inside the phrase), so suggestions
  cost no second pass over the site: a phrase is at most as common as its rarest pair;
* the phrase counts double when the title or H1 contains it, and x1.3 in the slug:
  that is where an author states what a post is about.

A phrase must occur twice, or once in the title/H1/slug. A single word is a candidate
only when it is all the title, H1 or slug is about ("Torticolis : que faire?"), and
it must occur twice too.
Left out: phrases with a place name (the city is targeted separately), the site's own
name (``brand.py``: "clinique chiropratique" of "Clinique Chiropratique du Plateau"),
calls to action and safety-net phrases ("prendre rendez-vous", "consulter un médecin":
every post of the site has them), fragments (a phrase that mostly occurs inside one
longer phrase: "tête cervicogéniques" of "maux de tête cervicogéniques"), a phrase
inside a better one, and a phrase around a better one unless the title or H1 uses it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Callable

from .. import text as T
from ..regex_prefilter import Prefilter, fold_text
from .brand import SiteNames
from .duplicates import capitalised_words
from .model import Suggestion
from .pagetext import PageText
from .phrases import STOP_WORDS, _key, chunks, contains_phrase, key_sequence, phrases

TITLE_BOOST = 2.0
SLUG_BOOST = 1.3
FRAGMENT_SHARE = 0.6  # a phrase this often inside one longer phrase is a fragment of it
MIN_COUNT = 2  # occurrences needed unless the phrase is in the title, H1 or slug
MAX_CONTENT_WORDS = 4
MAX_SPAN = 7  # words of a phrase, its inner function words included
#: Calls to action that ``data/claims/clinic.toml``'s patterns do not cover as phrases.
EXTRA_CTA = ("book online", "online booking", "rendez-vous en ligne", "cita en línea", "cita online", "contact us", "nous joindre")

_STOP_KEYS = frozenset(_key(w) for w in STOP_WORDS)


def without_stop_keys(key: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(k for k in key if k not in _STOP_KEYS)


@lru_cache(maxsize=1)
def _clinic_phrases() -> tuple[tuple[tuple[re.Pattern, Prefilter], ...], frozenset[tuple[str, ...]]]:
    """Every language's call-to-action patterns (each with its literal prefilter) and
    safety-net phrases (content keys)."""
    from ..profiles import clinic_data

    data = clinic_data()
    lists = [data, *data.get("languages", {}).values()]
    patterns = [re.compile(p, re.IGNORECASE) for d in lists for p in d.get("cta_patterns", ())]
    patterns += [re.compile(re.escape(p), re.IGNORECASE) for p in EXTRA_CTA]
    safety = {without_stop_keys(key_sequence(p)) for d in lists for p in d.get("safety_net_phrases", ())}
    return tuple((r, Prefilter.of(r)) for r in patterns), frozenset(k for k in safety if k)


def calls_to_action(text: str) -> frozenset[str]:
    """The calls to action written in ``text``, lower-cased ("prendre rendez-vous", "book"):
    found once per page (a regex runs only where its literals occur), so each phrase is
    then tested with a substring check."""
    patterns, _ = _clinic_phrases()
    folded = fold_text(text)
    return frozenset(" ".join(m.group(0).lower().split()) for r, pf in patterns if pf.may_match(folded) for m in r.finditer(text))


def is_boilerplate(key: tuple[str, ...], surface: str, ctas: frozenset[str]) -> bool:
    """A call to action ("prendre rendez-vous", "book an appointment"; ``ctas``: those of
    the page, from ``calls_to_action``) or a safety net ("consulter un médecin", "see your
    family doctor"): on every post, the topic of none."""
    if ctas:
        padded = f" {surface} "
        if any(f" {c} " in padded for c in ctas):
            return True
    _, safety = _clinic_phrases()
    content = without_stop_keys(key)
    if content in safety:
        return True
    n = len(content)  # a safety-net phrase of two words or more inside the phrase
    return any(content[a:b] in safety for a in range(n - 1) for b in range(a + 2, n + 1))


def idf_from_vocabulary(vectorizer) -> Callable[[tuple[str, ...]], float]:
    """idf of a phrase key: the largest idf of its neighbouring content-word pairs."""
    vocab = getattr(vectorizer, "vocabulary_", None) or {}
    idf = getattr(vectorizer, "idf_", None)
    if idf is None or not len(idf):
        return lambda key: 1.0
    ceiling = float(idf.max())

    def lookup(key: tuple[str, ...]) -> float:
        keys = without_stop_keys(key)
        best = 0.0
        for a, b in zip(keys, keys[1:]):
            col = vocab.get(a + " " + b)
            best = max(best, float(idf[col]) if col is not None else ceiling)
        if best == 0.0:  # one content word: fall back to its unigram idf
            col = vocab.get(keys[0]) if keys else None
            best = float(idf[col]) if col is not None else ceiling
        return best

    return lookup


def topic_words(title: str, h1: str, slug: str) -> frozenset[tuple[str, ...]]:
    """Keys of single words that are all a title, H1 or slug is about: "torticolis" of
    "Torticolis : que faire?" (the title without the site's name; its first part only, so
    not "difference" of "Dry Needling vs Acupuncture: What Is the Difference?")."""
    out = set()
    for text in (title, h1, slug.replace("-", " ").replace("_", " ")):
        first = next(iter(chunks(text)), "")
        words = [k for k, _ in phrases(first, 1, 1)]
        if len(words) == 1:
            out.add(words[0])
    return frozenset(out)


def suggest(page: PageText, idf: Callable[[tuple[str, ...]], float], k: int = 5, places: frozenset[str] = frozenset(),
            brand: SiteNames = SiteNames()) -> tuple[Suggestion, ...]:
    """The ``k`` best keyphrase candidates for ``page``, best first."""
    if k <= 0 or not page.text:
        return ()
    title = brand.title_topic(page.title, places)
    singles = topic_words(title, page.h1, page.slug)
    proper = brand.proper_words(capitalised_words(page.text)) if brand.distinctive else frozenset()
    text = brand.without_names(page.text + "\n" + title + "\n" + page.h1)
    ctas = calls_to_action(text)
    written = Counter((key, surface) for key, surface in phrases(text, 1, MAX_CONTENT_WORDS, MAX_SPAN)
                      if " " in surface or key in singles)
    counts: Counter = Counter()
    surfaces: dict[tuple[str, ...], tuple[int, str]] = {}  # the most frequent way of writing each phrase
    for (key, surface), n in written.items():
        counts[key] += n
        if n > surfaces.get(key, (0, ""))[0]:
            surfaces[key] = (n, surface)
    in_title_or_h1 = _slices(key_sequence(title)) | _slices(key_sequence(page.h1))
    in_slug_words = _slices(key_sequence(page.slug.replace("-", " ").replace("_", " ")))
    place_keys = frozenset(_key(w.removesuffix("'s")) for w in places)
    # Phrases used twice, or in the title, H1 or slug; a phrase used once can only be a
    # fragment of one used once too, so fragments are among these as well
    candidates: Counter = Counter()
    for key, n in counts.items():
        if n < MIN_COUNT and not ((key in in_title_or_h1 or key in in_slug_words) and key not in singles):
            continue
        if place_keys.isdisjoint(key) and (not proper or proper.isdisjoint(key)):
            candidates[key] = n
    # among these only: "acupuncture for back pain" is no fragment of "... in Edmonton"
    fragments = _fragments(candidates) - singles
    scored = []
    for key, n in candidates.items():
        surface = surfaces[key][1]
        if key in fragments or is_boilerplate(key, surface, ctas):
            continue
        in_title = key in in_title_or_h1
        score = (1.0 + math.log(n)) * idf(key)
        if in_title:
            score *= TITLE_BOOST
        if key in in_slug_words:
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


#: Words that bind a noun to its complement in French, Spanish, Italian and Portuguese:
#: "maux de tête cervicogéniques", "douleurs liées au télétravail" are one thing each.
LINKERS = frozenset(_key(w) for w in "de d du des del di da do à au aux".split())
_FUNCTION_KEYS = frozenset(_key(w) for w in T.FUNCTION_WORDS)


def _fragments(counts: Counter) -> set[tuple[str, ...]]:
    """Phrases that mostly occur inside one longer phrase, cut from it where its words
    belong together: between two content words ("acupuncture for back" of "acupuncture
    for back pain") or at a linking "de"/"au" ("tête cervicogéniques" of "maux de tête
    cervicogéniques"). The longer phrase is the real candidate. A phrase cut at another
    function word stands on its own ("tension headaches" of "massage therapy for tension
    headaches"), and so does one most of whose uses are not inside the longer one."""
    out = set()
    for longer, n in counts.items():
        size = len(longer)
        if size < 2:
            continue
        ends = [b for b in range(1, size + 1) if longer[b - 1] not in _STOP_KEYS]  # a phrase never ends on a function word
        for a in range(size):
            if longer[a] in _STOP_KEYS:
                continue
            for b in ends:
                if b <= a or (a == 0 and b == size):
                    continue
                inner = longer[a:b]
                if inner not in counts or n < FRAGMENT_SHARE * counts[inner]:
                    continue
                if (a > 0 and _binds(longer[a - 1])) or (b < size and _binds(longer[b])):
                    out.add(inner)
    return out


def _binds(key: str) -> bool:
    return key in LINKERS or key not in _FUNCTION_KEYS


def _slices(seq: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Every contiguous part of a (short) key sequence: "does the title contain X" as a set lookup."""
    return {seq[a:b] for a in range(len(seq)) for b in range(a + 1, len(seq) + 1)}


def _inside(short: tuple[str, ...], long_: tuple[str, ...]) -> bool:
    """``short`` is part of ``long_`` ("back pain" in "acupuncture for back pain")."""
    return len(short) <= len(long_) and contains_phrase(long_, short)
