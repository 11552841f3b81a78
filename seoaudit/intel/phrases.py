"""Terms and phrases of a text, for TF-IDF, keyphrase suggestions and topic gaps.

Two views of the same words:

* :func:`topic_terms`: canonical content tokens (stemmed, synonyms folded, function
  words out) and the pairs of neighbouring ones: what TF-IDF similarity compares;
* :func:`phrases`: runs of 2-4 words that neither start nor end with a function
  word ("acupuncture for back pain", not "pain and the"), keyed by their canonical
  tokens so "Knee Pain" and "knee pains" are one phrase, with the words as written
  (a hyphenated word whole; for suggestions, 2-4 content words with the function words
  between them free: "chiropratique pour le mal de dos").

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
    # French and Spanish possessives, pronouns and the like ("votre première visite" is
    # "première visite"); not "car", "hay" or "mal", content words in "car accident",
    # "hay fever" and "mal de dos"
    + """
    votre vos notre mon ma mes ton ta tes son sa ses leur leurs ce cet cette ces il elle ils elles on je tu
    me te se lui eux très plus moins aussi bien souvent toujours jamais encore déjà ici là alors donc ainsi
    mais ou ni si comme quand lorsque peut peuvent pouvez faire fait font être avoir ont sont êtes faut
    tout tous toute toutes autre autres même mêmes chaque quelques plusieurs certains certaines
    sans sous vers entre après avant depuis pendant selon lors dont où quoi comment pourquoi
    su sus tus mi mis nuestro nuestra nuestros nuestras vuestro vuestra vuestros vuestras este esta estos estas
    ese esa esos esas él ella ellos ellas usted ustedes les nos al muy menos también ya cuando donde dónde
    cómo qué porque puede pueden hacer hace ser estar está están todo todos toda todas otro otra otros otras
    cada algunos algunas sobre hasta desde durante después antes tras según mucho mucha muchos muchas poco
    """.split()
)

# Where phrases break: sentence and clause punctuation, brackets, line ends.
_BREAK_RE = re.compile(r"[.!?;:,()\[\]{}\"“”|/•\n\r\t]+|\s[-–—]\s")
_DIGITS_RE = re.compile(r"^\d[\d,.\-]*$")  # 25, 1,000, 780-555-0142


def chunks(text: str) -> list[str]:
    """The text between breaks (punctuation, brackets, line ends)."""
    return [c for c in _BREAK_RE.split(text) if c.strip()]


@lru_cache(maxsize=131072)
def _key(word: str) -> str:
    return T.canonical_token(word)


# An elided French or Italian article or pronoun: "l'acupuncture" starts with "acupuncture",
# "qu'il" is "il", a function word
_ELIDED_RE = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|dell|dall|nell|sull|all|un)['’](?=\w)")


def _bare(word_lower: str) -> str:
    return _ELIDED_RE.sub("", word_lower) if "'" in word_lower or "’" in word_lower else word_lower


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


def _parts(written: list[str]) -> tuple[list[str], list[int]]:
    """The parts of the written words ("rendez-vous" gives "rendez", "vous", as the TF-IDF
    terms split it) and where each word's parts start (one more entry: the end)."""
    parts: list[str] = []
    starts: list[int] = []
    for w in written:
        starts.append(len(parts))
        if "-" in w or T.has_compound(w):
            parts += T.expand_compounds(w).split()
        else:
            parts.append(w)
    starts.append(len(parts))
    return parts, starts


def phrases(text: str, min_words: int = 2, max_words: int = 4, max_span: int | None = None) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every phrase of ``min_words``..``max_words`` words: (canonical key, surface text).

    A one-word "phrase" (``min_words=1``) is any content word. Edges are never
    function words or numbers; inner words may be ("acupuncture for back pain"). An
    elided article at the start is left out of the surface ("l'acupuncture pour le mal
    de dos" is "acupuncture pour le mal de dos").
    A hyphenated word is one word: a phrase never starts or ends inside it ("prendre
    rendez-vous", never "prendre rendez"); its key has a token per part, as the TF-IDF
    terms have. With ``max_span``, sizes count content words and a phrase may have up
    to ``max_span`` words in all, so "chiropratique pour le mal de dos" is a three-word
    phrase (its function words are free).
    """
    span = max_words if max_span is None else max(max_span, max_words)
    for chunk in chunks(text):
        written = T.WORD_RE.findall(chunk)
        parts, starts = _parts(written)
        lows = [w.lower() for w in written]
        bare = [_bare(w) for w in lows]
        edge = [_is_edge_ok(w) for w in bare]
        size = [1 if max_span is None or w not in T.FUNCTION_WORDS else 0 for w in lows]
        keys = [_key(p.lower()) for p in parts]
        n = len(written)
        for i in range(n):
            if not edge[i]:
                continue
            words = 0
            for j in range(i, min(n, i + span)):
                words += size[j]
                if words > max_words:
                    break
                if words >= min_words and edge[j]:
                    yield tuple(keys[starts[i] : starts[j + 1]]), " ".join((bare[i], *lows[i + 1 : j + 1]))


def phrase_keys(text: str, min_words: int = 2, max_words: int = 4) -> list[str]:
    """The phrase keys of ``text`` as strings (for vectorisers)."""
    return [" ".join(k) for k, _ in phrases(text, min_words, max_words)]


def key_sequence(text: str) -> tuple[str, ...]:
    """Canonical tokens of every word in order (to test "does the title contain X")."""
    return tuple(_key(w.lower()) for w in T.WORD_RE.findall(T.expand_compounds(text)))


def contains_phrase(sequence: tuple[str, ...], key: tuple[str, ...]) -> bool:
    return bool(T.find_sequence(sequence, key))
