"""Soundness of the prefilter extensions: conjunctive requirements, uncased non-ASCII
literals, the "İ" fold, and the word index that picks candidate prefilters."""

from __future__ import annotations

import random
import re
import sys

import pytest

from seoaudit import claims as C
from seoaudit.regex_prefilter import Prefilter, TokenIndex, fold_text, required_literal_sets

ALL_CHARS = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


def test_a_concatenation_requires_each_of_its_parts():
    sets = required_literal_sets(r"\b(?:tea|coffee)\s+for\s+colds?\b", re.I)
    assert {frozenset(s) for s in sets} == {frozenset({"tea", "coffee"}), frozenset({"for"}), frozenset({"cold"})}
    pre = Prefilter.of(re.compile(r"\b(?:tea|coffee)\s+for\s+colds?\b", re.I))
    assert pre.may_match("tea for colds")
    assert not pre.may_match("tea for the flu")  # has "tea" and "for" but no "cold"
    assert not pre.may_match("a cold")


def test_dotted_capital_i_folds_to_a_plain_i():
    regex = re.compile(r"\bkiss\b", re.I)
    assert regex.search("KİSS")
    assert Prefilter.of(regex).may_match(fold_text("KİSS"))
    assert fold_text("KİSS me") == "kiss me"


def test_every_ignorecase_equivalent_of_ascii_keeps_a_literal_run_intact():
    """A non-ASCII character that re.IGNORECASE matches to an ASCII letter folds to
    exactly that letter, so "x<char>y" still contains the run "x<letter>y"."""
    any_ascii = re.compile(r"[\x00-\x7f]", re.I)
    for ch in any_ascii.findall(ALL_CHARS[128:]):
        for a in map(chr, range(128)):
            if re.fullmatch(re.escape(a), ch, re.I):
                assert f"x{a.lower()}y" in fold_text(f"x{ch}y"), (hex(ord(ch)), a)


@pytest.mark.parametrize("symbol", ["★", "⭐", "✓", "€"])
def test_uncased_symbols_match_only_themselves(symbol):
    """The prefilter keeps uncased non-ASCII literals: re.IGNORECASE must match them to
    no other character, and folding must keep them."""
    assert re.compile(re.escape(symbol), re.I).findall(ALL_CHARS) == [symbol]
    assert fold_text(f"A{symbol}B") == f"a{symbol}b"
    assert required_literal_sets(re.escape(symbol) + "{3}", re.I) == (frozenset({symbol}),)


def test_star_rating_rule_now_has_a_prefilter_and_finds_stars():
    rules = C.load_rules()
    rule = next(r for r in rules.rules if r.id == "patients-say")
    assert rule.prefilter.literals is not None
    assert C.scan_sentence("★★★★★ from Jane", rules)


def _prefilters():
    rules = C.load_rules()
    return [r.prefilter for r in rules.rules] + [
        Prefilter(None),
        Prefilter(("#",)),  # no letter or digit: always a candidate
        Prefilter(("for good", "forever")),
        Prefilter(("rid of",), (("never",),)),
    ]


@pytest.mark.parametrize("route", ["words", "substrings"])
def test_token_index_never_drops_a_prefilter_that_passes(route, monkeypatch):
    """Both ways of picking candidates (a mask per word of the text, or each run
    tested as a substring of the whole text) keep every prefilter that passes."""
    prefilters = _prefilters()
    monkeypatch.setattr(TokenIndex, "SUBSTRING_RUNS_MAX", 0 if route == "words" else 10_000)
    index = TokenIndex(prefilters)
    assert (index.run_bits is None) == (route == "words")
    literals = sorted({lit for p in prefilters for group in (p.literals or (), *p.also) for lit in group})
    rng = random.Random(7)
    words = literals + ["acupuncture", "the", "back", "pain", "FOR", "good", "x", "12", "İ", "ſ", "-", "#", "★★★"]
    texts = ["", "nothing relevant here", "cure-all", "Forever young", "get rid of it, never again", "#1 clinic"]
    for _ in range(3000):
        texts.append(rng.choice(["", " ", "-", ""]).join(rng.choice(words) for _ in range(rng.randint(1, 8))))
    for text in texts:
        folded = fold_text(text)
        picked = set(index.candidates(folded))
        for i, pre in enumerate(prefilters):
            if pre.may_match(folded):
                assert i in picked, (text, i, pre)
        assert list(index.candidates(folded)) == sorted(picked)


def test_regex_set_with_index_and_memo_agrees_with_any_search():
    from seoaudit.checks.conversion import _patterns
    from seoaudit.profiles import clinic_data

    urls = ["https://x.janeapp.com/", "/BOOKING/", "tel:+17805550142", "https://c.example/services/acupuncture/",
            "https://c.example/blog/why-we-treat-pain/", "https://c.example/contact-us", "mailto:a@b.c", "",
            "https://c.example/Our-Team/dr-li", "https://calendly.com/x", "https://c.example/ſervices/", "/about/"]
    rng = random.Random(3)
    parts = ["/", "book", "service", "s", "contact", "janeapp.com", "tel:", "about", "-", "our-team", "x", "TCM", "?a=1"]
    urls += ["".join(rng.choice(parts) for _ in range(rng.randint(1, 6))) for _ in range(2000)]
    for key in ("service_patterns", "contact_patterns", "booking_patterns", "author_url_patterns", "cta_patterns"):
        rs = _patterns((), key, "test")
        assert len(list(rs)) == len(clinic_data()[key])
        for url in urls + urls[:50]:  # the second look is answered from the memo
            assert rs.search_any(url) == any(r.search(url) for r in rs.regexes), (key, url)
