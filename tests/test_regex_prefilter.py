"""The literal prefilter: required-factor analysis, case folding, and RegexSet."""

from __future__ import annotations

import re
import sys

import pytest

from seoaudit.regex_prefilter import Prefilter, RegexSet, fold_text, required_literals


@pytest.mark.parametrize(
    "pattern, expected",
    [
        (r"studies show", {"studies show"}),
        (r"Cure", {"cure"}),  # compared lower-cased
        (r"(?:cure)s", {"cures"}),  # groups are inlined: the run continues
        (r"cures?", {"cure"}),  # an optional repeat ends the run
        (r"(?:very\s+)?safe", {"safe"}),
        (r"cure|heal", {"cure", "heal"}),  # a branch requires one of its alternatives
        (r"\b(?:cure|heal)s?\b", {"cure", "heal"}),
        (r"(?:ab)+c?", {"ab"}),  # a repeat with min >= 1 requires its body
        (r"b[ae]st", {"st"}),  # a class ends the run; the longer run wins
        (r"caf\u00e9s", {"caf"}),  # non-ASCII literals end the run
        (r"no\s+side[- ]effects", {"effects"}),
        (r"100\s?%\s+safe", {"safe"}),
        (r"\bnumber one\b|#\s?1", {"number one", "#"}),
        (r"(?:★|⭐){3,}", {"★", "⭐"}),  # uncased symbols match only themselves
    ],
)
def test_required_literals(pattern, expected):
    assert required_literals(pattern, re.I) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        r"\w+",  # nothing literal
        r"",
        r"(?:cure|\w+)",  # one alternative requires nothing: the branch requires nothing
        r"(?:cure)?\s*",  # optional
        r"(?:cure)*x?",
        r"(?=cure)\w+",  # lookahead content is not part of the match
        r"(?<=best )\w+",
        r"(\w)\1",  # back-reference
        r"[",  # invalid: no prefilter rather than an exception
        r"(?:é|ü){3,}",  # only cased non-ASCII literals
    ],
)
def test_no_requirement_means_no_prefilter(pattern):
    assert required_literals(pattern, re.I) is None
    if pattern != "[":
        assert Prefilter.of(re.compile(pattern, re.I)).may_match("anything at all")


PATTERNS = [
    r"\bcur(?:e|es|ed|ing|ative)\b",
    r"\b(?:studies|research)\s+(?:has\s+|have\s+)?(?:shows?|proves?)\b",
    r"(?<!for )\bbest\s+(?:\w+\s+){0,2}?(?:clinic|therap\w*)\b",
    r"\bI(?:.m| am| feel)\s+(?:\w+\s+){0,2}(?:pain[- ]free|cured)\b|\bchanged my life\b",
    r"\bkiss\b",
    r"\bsafe\b",
    r"\bguaranteed?\b",
]
TEXTS = [
    "Acupuncture CURES back pain.",
    "Research has SHOWN it; studies prove it.",
    "The Best physio clinic in town.",
    "I'm pain-free and it changed my life.",
    "A KISS and a ſafe guaranteed result",  # long s: re.I matches it to "s"
    "Safe with the Kelvin sign: \u212aiss",  # Kelvin sign matches "k"
    "İ am cured",  # dotted capital I lower-cases to "i" + combining dot
    "nothing relevant here",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_prefilter_never_rejects_a_matching_text(pattern):
    regex = re.compile(pattern, re.I)
    pre = Prefilter.of(regex)
    assert pre.literals is not None
    for text in TEXTS:
        if regex.search(text):
            assert pre.may_match(fold_text(text)), (pattern, text)
    assert not pre.may_match(fold_text("nothing relevant here")) or regex.search("nothing relevant here")


def test_fold_table_covers_every_ignorecase_equivalent_of_ascii():
    """Every non-ASCII character that re.IGNORECASE matches to an ASCII character
    folds to that character's lower case: literal runs are ASCII, so this makes the
    prefilter sound for any text."""
    any_ascii = re.compile(r"[\x00-\x7f]", re.I)
    equivalents = [chr(c) for c in range(0x80, sys.maxunicode + 1) if any_ascii.fullmatch(chr(c))]
    assert equivalents  # "ſ", "K", ...: the table has something to cover
    for ch in equivalents:
        for a in map(chr, range(128)):
            if re.fullmatch(re.escape(a), ch, re.I):
                assert a.lower() in fold_text(ch), (hex(ord(ch)), a)


def test_regex_set_agrees_with_any_search():
    regexes = [re.compile(p, re.I) for p in [r"/book", r"janeapp\.com", r"/locations?(?:/|$)", r"tel:", r"\bcall us\b", r"\w+\.example"]]
    rs = RegexSet.of(regexes)
    texts = ["https://x.janeapp.com/", "/BOOKING/", "/location", "/locations/x", "/locationsx", "tel:123", "Call Us today", "a.example", "nothing", ""]
    for t in texts:
        assert rs.search_any(t) == any(r.search(t) for r in regexes), t
    assert list(rs) == regexes
