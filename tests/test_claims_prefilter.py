"""The claim scanner gives the same hits with and without its rule prefilters, and
scan_document is computed once per page."""

from __future__ import annotations

import gzip
import json
import os
import re
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from seoaudit import claims as C
from seoaudit.document import build_document
from seoaudit.models import RawPage
from seoaudit.regex_prefilter import Prefilter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from claims_precision import (  # noqa: E402
    DEFAULT_TSV, DENTAL_HELDOUT_TSV, FRENCH_DENTAL_HELDOUT_TSV, FRENCH_HELDOUT_TSV, FRENCH_TSV, HELDOUT_TSV,
    SPANISH_DENTAL_HELDOUT_TSV, SPANISH_HELDOUT_TSV, SPANISH_TSV, evaluate, read_examples,
)

CORPUS = Path(os.environ.get("SEOAUDIT_CORPUS", "/work/shared/corpus/real_pages"))
NAMES = ("Riverbend Acupuncture", "Best Care Physio")


def without_prefilters(rules: C.RuleSet) -> C.RuleSet:
    return C.RuleSet(rules.categories, tuple(replace(r, prefilter=Prefilter(None)) for r in rules.rules), rules.lexicon)


def scan(sentence: str, rules: C.RuleSet, cited: bool, names: tuple[str, ...] = ()):
    return C._scan.__wrapped__(sentence, rules, cited, names)  # uncached: both rule sets really run


def assert_same_hits(sentences: list[tuple[str, bool]], language: str = "en"):
    rules = C.load_rules(language=language)
    plain = without_prefilters(rules)
    assert any(r.prefilter.literals for r in rules.rules)
    for sentence, cited in sentences:
        for names in ((), NAMES):
            assert scan(sentence, rules, cited, names) == scan(sentence, plain, cited, names), sentence


def test_every_rule_but_one_has_a_prefilter():
    rules = C.load_rules().rules
    assert sum(1 for r in rules if r.prefilter.literals is None) <= 1  # the star-rating rule (★★★)


def test_labelled_sentences_same_with_and_without_prefilter():
    examples = read_examples(DEFAULT_TSV) + read_examples(HELDOUT_TSV) + read_examples(DENTAL_HELDOUT_TSV)
    assert len(examples) > 200
    sentences = [(ex.sentence, ex.cited) for ex in examples]
    # the same sentences shouted and with non-ASCII look-alikes that re.IGNORECASE matches
    sentences += [(s.upper(), c) for s, c in sentences]
    sentences += [(s.replace("s", "ſ").replace("k", "\u212a"), c) for s, c in sentences[:60]]
    assert_same_hits([(C.T.normalise(s), c) for s, c in sentences])


def _corpus_sentences() -> list[tuple[str, bool]]:
    rows = [json.loads(line) for line in (CORPUS / "manifest.jsonl").read_text().splitlines() if line.strip()]
    out = []
    for row in rows:
        doc = build_document(RawPage(source=row["url"], url=row["url"], body=gzip.decompress((CORPUS / row["html"]).read_bytes())))
        cited = C.cited_blocks(doc)
        out += [(C.T.normalise(s.text), s.block in cited) for s in doc.sentences]
        out += [(C.T.normalise(b.text), False) for b in doc.blocks if b.is_heading]
    return out


@pytest.mark.skipif(not (CORPUS / "manifest.jsonl").exists(), reason=f"corpus not found at {CORPUS}")
def test_corpus_sentences_same_with_and_without_prefilter():
    sentences = _corpus_sentences()
    assert len(sentences) > 5000
    rules = C.load_rules()
    plain = without_prefilters(rules)
    hits = 0
    for sentence, cited in sentences:
        with_pf = scan(sentence, rules, cited)
        assert with_pf == scan(sentence, plain, cited), sentence
        hits += bool(with_pf)
    assert hits > 10  # the corpus does hold claims: the comparison is not vacuous


def _mask_names_reference(sentence: str, names) -> str:
    """The masking as first written: one re.sub per name, in order."""
    for name in names:
        if name:
            sentence = re.sub(re.escape(name), lambda m: "_" * len(m.group(0)), sentence, flags=re.I)
    return sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Stay at the BEST WESTERN on Whyte Avenue, near Best Western Clinic.",
        "Western Clinic and Best Western are not the same.",
        "Visit Café Élan or café élan for Physio.",
        "ſt. Mary Clinic (long s) and st. mary clinic",
        "No names here at all.",
    ],
)
def test_name_masking_unchanged(sentence):
    names = ("Best Western", "Western Clinic", "Café Élan", "St. Mary Clinic", "", "Premier Inn")
    for order in (names, tuple(reversed(names))):
        assert C._mask_names(sentence, order) == _mask_names_reference(sentence, order)


def test_load_rules_default_is_one_object():
    assert C.load_rules() is C.load_rules(None) is C.load_rules("")


def test_scan_document_is_computed_once_per_page_and_arguments():
    html = b"<html><body><article><h1>T</h1><p>Acupuncture cures back pain. Studies show it works.</p></article></body></html>"
    doc = build_document(RawPage(source="t", url="https://clinic.example/blog/x/", body=html))
    first = C.scan_document(doc)
    assert {c.hit.category for c in first} >= {"cure", "evidence"}
    assert C.scan_document(doc) is first
    assert C.scan_document(doc, rules=C.load_rules()) is first
    named = C.scan_document(doc, names=("Acupuncture Cures",))
    assert named is not first and "cure" not in {c.hit.category for c in named}


@pytest.mark.parametrize("language,dev_tsv,heldout_tsv", [("fr", FRENCH_TSV, FRENCH_HELDOUT_TSV), ("es", SPANISH_TSV, SPANISH_HELDOUT_TSV)])
def test_other_language_sentences_same_with_and_without_prefilter(language, dev_tsv, heldout_tsv):
    dental = {"fr": FRENCH_DENTAL_HELDOUT_TSV, "es": SPANISH_DENTAL_HELDOUT_TSV}[language]
    examples = read_examples(dev_tsv) + read_examples(heldout_tsv) + read_examples(dental)
    sentences = [(ex.sentence, ex.cited) for ex in examples]
    sentences += [(s.upper(), c) for s, c in sentences]  # "GUÉRIT": IGNORECASE folds accented capitals too
    assert_same_hits([(C.T.normalise(s), c) for s, c in sentences], language=language)


@pytest.mark.parametrize("language,dev_tsv,heldout_tsv", [("fr", FRENCH_TSV, FRENCH_HELDOUT_TSV), ("es", SPANISH_TSV, SPANISH_HELDOUT_TSV)])
def test_other_language_rules_on_their_labelled_sets(language, dev_tsv, heldout_tsv):
    """The development set is what the patterns were tuned on; the held-out set was
    written after and is not tuned on: only its precision is held to (no false claims)."""
    dev, _per, wrong = evaluate(read_examples(dev_tsv), language)
    assert (dev.precision, dev.recall) == (1.0, 1.0), wrong
    heldout, _per, _wrong = evaluate(read_examples(heldout_tsv), language)
    assert heldout.precision == 1.0 and heldout.tp >= 10


@pytest.mark.parametrize("language,tsv", [("en", DENTAL_HELDOUT_TSV), ("fr", FRENCH_DENTAL_HELDOUT_TSV), ("es", SPANISH_DENTAL_HELDOUT_TSV)])
def test_dental_heldout_sets_raise_no_false_claim(language, tsv):
    """Written before the rules were changed for the dental review and never tuned on: only
    their precision is held to, and that they hold both risky sentences and look-alikes."""
    examples = read_examples(tsv)
    assert sum(1 for e in examples if e.gold) >= 15 and sum(1 for e in examples if not e.gold) >= 10
    score, _per, wrong = evaluate(examples, language)
    assert score.precision == 1.0, [w for w in wrong if not w[0].gold]
