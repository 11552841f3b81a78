"""Terms and phrases of a text, for TF-IDF, keyphrase suggestions and topic gaps.

Two views of the same words:

* :func:`topic_terms`: canonical content tokens (stemmed, synonyms folded, function
  words out) and the pairs of neighbouring ones: what TF-IDF similarity compares;
* :func:`phrases`: runs of 2-4 words that neither start nor end with a function
  word ("acupuncture for back pain", not "pain and the"), keyed by their canonical
  tokens so "Knee Pain" and "knee pains" are one phrase, with the words as written.

Neither view crosses a line or punctuation break, so a heading and the sentence under
it never make a phrase together.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from .. import text as T

# Function words plus common words that carry no topic ("also", "help", "may"): a
# phrase may contain them in the middle ("pain in the knee"), never at an edge.
STOP_WORDS = T.FUNCTION_WORDS | frozenset(
    """
    all any both each few more most other some such only own same s t don now get got
    one two three first last many much every lot lots often usually sometimes always never
    also however because though although even still yet well really quite rather
    make makes made making help helps helped helping use used uses using need needs
    want wants like likes know knows way ways thing things something anything everything
    someone anyone people person time times day days week weeks year years
    new good great better best lot may might will would could should shall
    let lets us our ours you your yours i me my we they them it its he she his her
    say says said see seen look looks go goes going come comes take takes give gives
    able per via etc e g ie eg vs versus yes okay ok cannot can't won't don't isn't it's
    between within without through during before after above below around among across
    whether either neither toward towards upon since until unless against along beside
    four five six seven eight nine ten twenty hundred thousand once twice
    read click here page post article blog today
    """.split()
)

# Where phrases break: sentence and clause punctuation, brackets, line ends.
_BREAK_RE = re.compile(r"[.!?;:,()\[\]{}\"“”|/•\n\r\t]+|\s[-–—]\s")
_DIGITS_RE = re.compile(r"^\d[\d,.]*$")


def chunks(text: str) -> list[str]:
    """The text between breaks (punctuation, brackets, line ends)."""
    return [c for c in _BREAK_RE.split(text) if c.strip()]


@lru_cache(maxsize=131072)
def _key(word: str) -> str:
    return T.canonical_token(word)


def _is_edge_ok(word_lower: str) -> bool:
    return word_lower not in STOP_WORDS and len(word_lower) > 1 and not _DIGITS_RE.match(word_lower)


def topic_terms(text: str) -> list[str]:
    """Content tokens and neighbouring-token pairs ("back", "pain", "back pain")."""
    out: list[str] = []
    for chunk in chunks(T.expand_compounds(text)):
        prev = None
        for w in T.WORD_RE.findall(chunk):
            low = w.lower()
            if not _is_edge_ok(low):
                prev = None if low not in T.FUNCTION_WORDS else prev
                continue
            k = _key(low)
            out.append(k)
            if prev is not None:
                out.append(prev + " " + k)
            prev = k
    return out


def phrases(text: str, min_words: int = 2, max_words: int = 4) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every phrase of ``min_words``..``max_words`` words: (canonical key, surface text).

    A one-word "phrase" (``min_words=1``) is any content word. Edges are never
    function words or numbers; inner words may be ("acupuncture for back pain").
    """
    for chunk in chunks(T.expand_compounds(text)):
        ws = T.WORD_RE.findall(chunk)
        lows = [w.lower() for w in ws]
        edge = [_is_edge_ok(w) for w in lows]
        keys = [_key(w) for w in lows]
        n = len(ws)
        for i in range(n):
            if not edge[i]:
                continue
            for size in range(min_words, max_words + 1):
                j = i + size - 1
                if j >= n:
                    break
                if edge[j]:
                    yield tuple(keys[i : j + 1]), " ".join(lows[i : j + 1])


def phrase_keys(text: str, min_words: int = 2, max_words: int = 4) -> list[str]:
    """The phrase keys of ``text`` as strings (for vectorisers)."""
    return [" ".join(k) for k, _ in phrases(text, min_words, max_words)]


def key_sequence(text: str) -> tuple[str, ...]:
    """Canonical tokens of every word in order (to test "does the title contain X")."""
    return tuple(_key(w.lower()) for w in T.WORD_RE.findall(T.expand_compounds(text)))


def contains_phrase(sequence: tuple[str, ...], key: tuple[str, ...]) -> bool:
    return bool(T.find_sequence(sequence, key))
