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
* literal runs hold ASCII characters only, lower-cased; a non-ASCII literal ends the
  run, so case-insensitive equivalences of non-ASCII letters never matter;
* the text is compared after ``fold_text``: ``str.lower`` plus the few non-ASCII
  characters that Python's ``re.IGNORECASE`` treats as equal to an ASCII letter
  ("ı", "ſ"; "İ" and the Kelvin sign lower-case to ASCII already). The test suite
  checks this table against every Unicode code point.

When nothing can be derived the answer is ``None`` and the regex always runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

try:  # Python 3.11+
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse  # type: ignore[no-redef]

# Non-ASCII characters (after str.lower) that re.IGNORECASE matches to an ASCII letter.
_ASCII_FOLD = (("ı", "i"), ("ſ", "s"))

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
    low = text.lower()
    if not low.isascii():  # str.replace, not str.translate: translate is slow on long text
        for char, ascii_char in _ASCII_FOLD:
            low = low.replace(char, ascii_char)
    return low


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
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except re.error:
        return None
    return _sequence(list(parsed))


def _sequence(items: list) -> Requirement | None:
    """The best requirement of a concatenation: its literal runs and required parts are
    all required, so any one of them is a valid prefilter; keep the most selective."""
    candidates: list[Requirement] = []
    run: list[str] = []

    def end_run() -> None:
        if run:
            candidates.append(frozenset(("".join(run),)))
            run.clear()

    for op, av in _flatten(items):
        if op == _sre_parse.LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        end_run()
        if op == _sre_parse.BRANCH:
            req = _branch(av[1])
        elif op in _REPEATS and av[0] >= 1:
            req = _sequence(list(av[2]))
        else:  # classes, anchors, lookarounds, optional repeats, back-references...
            req = None
        if req:
            candidates.append(req)
    end_run()
    return max(candidates, key=_selectivity) if candidates else None


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
    """The literal test for one compiled regex (``literals`` None: always run it)."""

    literals: tuple[str, ...] | None

    @classmethod
    def of(cls, regex: re.Pattern) -> "Prefilter":
        lits = required_literals(regex.pattern, regex.flags)
        # shortest first: short literals are the likeliest to be present
        return cls(tuple(sorted(lits, key=lambda s: (len(s), s))) if lits else None)

    def may_match(self, folded: str) -> bool:
        """False only when the regex cannot match text whose ``fold_text`` is ``folded``."""
        lits = self.literals
        if lits is None:
            return True
        for lit in lits:
            if lit in folded:
                return True
        return False


@dataclass(frozen=True)
class RegexSet:
    """Several regexes asked one question: does any of them match this text?

    Each regex keeps its prefilter, so on typical text (URLs, sentences) most of
    them are rejected by a substring test and never run.
    """

    regexes: tuple[re.Pattern, ...]
    prefilters: tuple[Prefilter, ...]

    @classmethod
    def of(cls, regexes) -> "RegexSet":
        regexes = tuple(regexes)
        return cls(regexes, tuple(Prefilter.of(r) for r in regexes))

    def __iter__(self):
        return iter(self.regexes)

    def search_any(self, text: str) -> bool:
        """True when some regex's ``search`` finds a match in ``text``."""
        folded = fold_text(text)
        for regex, prefilter in zip(self.regexes, self.prefilters):
            if prefilter.may_match(folded) and regex.search(text):
                return True
        return False
