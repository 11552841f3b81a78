"""A sound literal prefilter for regular expressions: skip a regex on text it cannot match.

Running dozens of case-insensitive regexes on every sentence is the main cost of the
claim scanner, yet most rules match almost no sentence. ``required_literals`` reads a
pattern's parse tree and returns a set of lower-case literal strings such that *every*
match of the pattern contains at least one of them. ``Prefilter.may_match`` then
rejects text that contains none of them with a few substring tests, and only the
survivors pay for the regex.

Soundness (a skipped regex could not have matched) rests on three rules:

* only required factors are collected: a concatenation's literal runs, a repeat with
  ``min >= 1``, a branch only when *every* alternative requires something (the union
  of their sets); optional repeats, classes, lookarounds, anchors and anything
  unknown end the literal run and require nothing;
* literal runs hold ASCII characters, lower-cased, and non-ASCII characters that have
  no case at all ("★"): ``re.IGNORECASE`` matches those only to themselves and
  ``str.lower`` keeps them. A cased non-ASCII literal ends the run, so
  case-insensitive equivalences of non-ASCII letters never matter;
* the text is compared after ``fold_text``: ``str.lower`` plus the few non-ASCII
  characters that Python's ``re.IGNORECASE`` treats as equal to an ASCII letter
  ("ı", "ſ", and "İ", which ``str.lower`` would turn into two characters; the Kelvin
  sign lower-cases to ASCII already). The test suite checks this table against every
  Unicode code point.

When nothing can be derived the answer is ``None`` and the regex always runs.

A concatenation often requires several things at once (a therapy word, then "for",
then a condition): ``required_literal_sets`` returns each such requirement, and a
``Prefilter`` asks for all of them, so a sentence must hold one literal of every set.
``TokenIndex`` answers "which of these prefilters may pass?" for many prefilters at
once from the words of the text, so a scanner does not loop over every rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import _sre

try:  # Python 3.11+
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

# Non-ASCII characters (after str.lower) that re.IGNORECASE matches to an ASCII letter.
_ASCII_FOLD = (("ı", "i"), ("ſ", "s"))
# Folded before str.lower: it lower-cases to "i" + combining dot, which would break a
# literal run ("KİSS" must fold to "kiss", as re.IGNORECASE matches it to "kiss").
_PRE_LOWER_FOLD = (("İ", "i"),)

_REPEATS = frozenset(
    op for op in (
        getattr(_sre_parse, "MAX_REPEAT", None),
        getattr(_sre_parse, "MIN_REPEAT", None),
        getattr(_sre_parse, "POSSESSIVE_REPEAT", None),  # 3.11+
    ) if op is not None
)
_INLINE_GROUPS = frozenset(
    op for op in (getattr(_sre_parse, "SUBPATTERN", None), getattr(_sre_parse, "ATOMIC_GROUP", None)) if op is not None
)

Requirement = frozenset  # of str: at least one member occurs in every match


def fold_text(text: str) -> str:
    """``text`` as the prefilter compares it: lower-cased, IGNORECASE-equivalents folded."""
    if text.isascii():
        return text.lower()
    for char, ascii_char in _PRE_LOWER_FOLD:  # str.replace, not str.translate: translate is slow on long text
        text = text.replace(char, ascii_char)
    low = text.lower()
    for char, ascii_char in _ASCII_FOLD:
        low = low.replace(char, ascii_char)
    return low


def _literal_char(code: int) -> str | None:
    """The character a LITERAL of the parse tree stands for in folded text, or None
    when it may match other characters too (a cased non-ASCII letter)."""
    if code < 128:
        return chr(code).lower()
    ch = chr(code)
    # uncased: re.IGNORECASE compiles it to an exact match, and str.lower keeps it
    if not _sre.unicode_iscased(code) and ch.lower() == ch and all(ch != c for c, _ in _ASCII_FOLD):
        return ch
    return None


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lower-case literals of which every match of ``pattern`` contains at least one,
    or ``None`` when no such set can be proven (the regex must always run).

    >>> sorted(required_literals(r"\\bcur(?:e|es|ed|ing)\\b"))
    ['cur']
    >>> sorted(required_literals(r"no side effects|risk-free"))
    ['no side effects', 'risk-free']
    >>> required_literals(r"(?:best)?\\s*\\w+") is None
    True
    """
    sets = required_literal_sets(pattern, flags)
    return max(sets, key=_selectivity) if sets else None


def required_literal_sets(pattern: str, flags: int = 0) -> tuple[frozenset[str], ...]:
    """Every requirement of ``pattern``'s top-level concatenation, most selective
    first: each match contains at least one literal of *each* set. Empty when none
    can be proven.

    >>> [sorted(s) for s in required_literal_sets(r"\\b(?:tea|coffee)\\s+for\\s+colds?\\b")]
    [['cold'], ['for'], ['coffee', 'tea']]
    """
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except re.error:
        return ()
    sets = _requirements(list(parsed))
    return tuple(sorted(set(sets), key=lambda r: (_selectivity(r), sorted(r)), reverse=True))


def _sequence(items: list) -> Requirement | None:
    """The best requirement of a concatenation: its literal runs and required parts are
    all required, so any one of them is a valid prefilter; keep the most selective."""
    candidates = _requirements(items)
    return max(candidates, key=_selectivity) if candidates else None


def _requirements(items: list) -> list[Requirement]:
    """Every requirement of a concatenation: its literal runs and required parts."""
    candidates: list[Requirement] = []
    run: list[str] = []

    def end_run() -> None:
        if run:
            candidates.append(frozenset(("".join(run),)))
            run.clear()

    for op, av in _flatten(items):
        if op == _sre_parse.LITERAL:
            ch = _literal_char(av)
            if ch is not None:
                run.append(ch)
                continue
        end_run()
        if op == _sre_parse.BRANCH:
            req = _branch(av[1])
        elif op in _REPEATS and av[0] >= 1:
            req = _sequence(list(av[2]))
        elif op == _sre_parse.IN:
            req = _char_set(av)
        else:  # classes, anchors, lookarounds, optional repeats, back-references...
            req = None
        if req:
            candidates.append(req)
    end_run()
    return candidates


def _char_set(items: list) -> Requirement | None:
    """A class of plain characters ("[★⭐]", which the parser makes of "★|⭐"): one of
    them is required. Ranges, categories and negated classes require nothing."""
    out = set()
    for op, av in items:
        ch = _literal_char(av) if op == _sre_parse.LITERAL else None
        if ch is None:
            return None
        out.add(ch)
    return frozenset(out) if out else None


def _flatten(items: list):
    """Items with plain and atomic groups inlined: a group's content is concatenated
    with its neighbours, so literal runs continue through it ("(?:cure)s" -> "cures")."""
    for op, av in items:
        if op in _INLINE_GROUPS:
            sub = av[-1]  # SUBPATTERN: (group, add_flags, del_flags, p); ATOMIC_GROUP: p
            yield from _flatten(list(sub))
        else:
            yield op, av


def _branch(alternatives: list) -> Requirement | None:
    """One of the alternatives matches, so the union of their requirements is required;
    if any alternative requires nothing, the branch requires nothing."""
    out: set[str] = set()
    for alt in alternatives:
        req = _sequence(list(alt))
        if not req:
            return None
        out |= req
    return frozenset(out)


def _selectivity(req: Requirement) -> tuple[int, int]:
    # longer shortest-literal first (rarer in text), then fewer substring tests
    return (min(len(s) for s in req), -len(req))


@dataclass(frozen=True)
class Prefilter:
    """The literal test for one compiled regex (``literals`` None: always run it).

    ``literals``: the most selective requirement; ``also``: the other requirements of
    the pattern, each of which a match must meet too (tested only when ``literals``
    passed, so the common "no" costs one requirement).
    """

    literals: tuple[str, ...] | None
    also: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def of(cls, regex: re.Pattern) -> "Prefilter":
        sets = required_literal_sets(regex.pattern, regex.flags)
        if not sets:
            return cls(None)
        # shortest first: short literals are the likeliest to be present
        ordered = [tuple(sorted(lits, key=lambda s: (len(s), s))) for lits in sets]
        return cls(ordered[0], tuple(ordered[1:]))

    def may_match(self, folded: str) -> bool:
        """False only when the regex cannot match text whose ``fold_text`` is ``folded``."""
        lits = self.literals
        if lits is None:
            return True
        for lit in lits:
            if lit in folded:
                break
        else:
            return False
        for lits in self.also:
            for lit in lits:
                if lit in folded:
                    break
            else:
                return False
        return True


_TOKEN_RE = re.compile(r"[a-z0-9]+")
_TOKEN_CACHE_MAX = 200_000


class TokenIndex:
    """Which of many prefilters may pass on a text, from the text's words.

    Every literal of a requirement has an ASCII letter/digit run ("for good" ->
    "good"); that run lies inside one maximal ``[a-z0-9]+`` token of any folded text
    that contains the literal. So a prefilter can pass only if one of its primary
    literals' runs is a substring of a token of the text: ``candidates`` returns those
    prefilters (a superset of the ones that pass; callers still call ``may_match``).
    The answer per token is cached, and texts share most of their words, so a
    sentence costs one ``findall`` and a dict lookup per distinct word instead of a
    loop over every prefilter. Prefilters with no run (``None``, "#") always appear.

    With few runs (URL pattern lists: 6-24) testing each run as a substring of the
    whole text is cheaper than splitting it into words, and needs no cache: URLs are
    full of one-off tokens (ids, slugs) that would each cost a cold mask. Measured on
    the 181 real pages: 0.3 vs 1.8 ms/page for the four conversion pattern lists; the
    word route stays 2x faster for the claim rules' ~190 runs.
    """

    #: up to this many runs, ``candidates`` tests runs as substrings of the text
    SUBSTRING_RUNS_MAX = 64

    def __init__(self, prefilters):
        self.size = len(prefilters)
        always = 0
        by_run: dict[str, int] = {}
        for i, pre in enumerate(prefilters):
            runs = [max(_TOKEN_RE.findall(lit), key=len, default="") for lit in pre.literals or ()]
            if pre.literals is None or not all(runs):
                always |= 1 << i
                continue
            for run in runs:
                by_run[run] = by_run.get(run, 0) | (1 << i)
        self.always = always
        self.by_run = by_run
        self.run_lengths = tuple(sorted({len(r) for r in by_run}))
        # a run lies inside one [a-z0-9]+ token, so "run in text" == "run in some token"
        self.run_bits = tuple(by_run.items()) if len(by_run) <= self.SUBSTRING_RUNS_MAX else None
        self._token_masks: dict[str, int] = {}
        self._selections: dict[int, tuple[int, ...]] = {}

    def _token_mask(self, token: str) -> int:
        mask = 0
        by_run = self.by_run
        n = len(token)
        for length in self.run_lengths:
            if length > n:
                break
            for start in range(n - length + 1):
                bit = by_run.get(token[start : start + length])
                if bit:
                    mask |= bit
        return mask

    def candidates(self, folded: str) -> tuple[int, ...]:
        """Indices, in order, of the prefilters that may pass on ``folded``."""
        mask = self.always
        if self.run_bits is not None:
            for run, bits in self.run_bits:
                if run in folded:
                    mask |= bits
        else:
            masks = self._token_masks
            for token in set(_TOKEN_RE.findall(folded)):
                m = masks.get(token)
                if m is None:
                    if len(masks) >= _TOKEN_CACHE_MAX:
                        masks.clear()
                    m = masks[token] = self._token_mask(token)
                mask |= m
        picked = self._selections.get(mask)
        if picked is None:
            if len(self._selections) >= _TOKEN_CACHE_MAX:
                self._selections.clear()
            picked = self._selections[mask] = tuple(i for i in range(self.size) if mask >> i & 1)
        return picked


@dataclass(frozen=True)
class RegexSet:
    """Several regexes asked one question: does any of them match this text?

    Each regex keeps its prefilter, so on typical text (URLs, sentences) most of
    them are rejected by a substring test and never run.
    """

    regexes: tuple[re.Pattern, ...]
    prefilters: tuple[Prefilter, ...]
    # the prefilters indexed by word, and the answers so far: pages of one site repeat
    # the same URLs (menus, footers) and the answer is a pure function of the text
    _index: TokenIndex = field(init=False, repr=False, compare=False)
    _answers: dict = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "_index", TokenIndex(self.prefilters))

    @classmethod
    def of(cls, regexes) -> "RegexSet":
        regexes = tuple(regexes)
        return cls(regexes, tuple(Prefilter.of(r) for r in regexes))

    def __iter__(self):
        return iter(self.regexes)

    def search_any(self, text: str) -> bool:
        """True when some regex's ``search`` finds a match in ``text``."""
        answers = self._answers
        hit = answers.get(text)
        if hit is None:
            if len(answers) >= _TOKEN_CACHE_MAX:
                answers.clear()
            hit = answers[text] = self._search_any(text)
        return hit

    def _search_any(self, text: str) -> bool:
        folded = fold_text(text)
        regexes, prefilters = self.regexes, self.prefilters
        for i in self._index.candidates(folded):
            if prefilters[i].may_match(folded) and regexes[i].search(text):
                return True
        return False
