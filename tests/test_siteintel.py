"""Site intelligence: planted near-duplicates, city swaps and cannibalising groups are
found, distinct posts are not grouped, suggestions for the samples are sensible, and
the HTML section escapes page text."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from seoaudit.api import read_targets
from seoaudit.config import Settings
from seoaudit import text as T
from seoaudit.document import build_document
from seoaudit.intel import IntelOptions, PageText, analyse_site, page_text_from_document
from seoaudit.reports.intel import INTEL_REPORTERS, intel_csv
from seoaudit.reports.base import RenderContext

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic_posts import generate, to_page_text, write_post  # noqa: E402

import random  # noqa: E402


def _pair_set(result):
    return {(min(d.a, d.b), max(d.a, d.b)): d for d in result.duplicates}


@pytest.fixture(scope="module")
def synthetic():
    posts, planted = generate(300, seed=7)
    return posts, planted, analyse_site([to_page_text(p) for p in posts])


def test_planted_near_duplicates_are_found(synthetic):
    posts, planted, result = synthetic
    pairs = _pair_set(result)
    groups = [g for g in planted if g.kind == "near-duplicate"]
    assert groups
    for g in groups:
        for i in g.pages:
            for j in g.pages:
                if i < j:
                    assert pairs[(i, j)].kind == "near-duplicate"
                    assert pairs[(i, j)].similarity >= 0.9


def test_planted_city_swaps_are_flagged_as_doorways(synthetic):
    posts, planted, result = synthetic
    pairs = _pair_set(result)
    groups = [g for g in planted if g.kind == "city-swap"]
    assert groups
    for g in groups:
        a, b = g.pages[0], g.pages[1]
        d = pairs[(a, b)]
        assert d.doorway and d.kind == "city-swap"
        assert posts[a].city.split()[0] in " ".join(d.places_a)
        assert posts[b].city.split()[0] in " ".join(d.places_b)
        assert d.changed_words == 0


def test_no_duplicates_outside_planted_groups(synthetic):
    posts, planted, result = synthetic
    planted_pairs = {(i, j) for g in planted if g.kind != "cannibal" for i in g.pages for j in g.pages if i < j}
    assert set(_pair_set(result)) <= planted_pairs


def test_cannibalising_groups_are_clustered_and_distinct_posts_are_not(synthetic):
    posts, planted, result = synthetic
    cluster_of = {m.page: c.id for c in result.clusters for m in c.members}
    whole = 0
    for g in planted:
        ids = {cluster_of.get(p) for p in g.pages}
        together = len(ids) == 1 and None not in ids
        whole += together
        if g.kind != "cannibal" or posts[g.pages[0]].keyphrases:
            assert together, g  # duplicates, city swaps and same declared keyphrase: always
    assert whole >= 0.75 * len(planted)  # undeclared groups rely on content similarity alone
    in_groups = {p for g in planted for p in g.pages}
    stray = [p for p in cluster_of if p not in in_groups]
    assert len(stray) <= 2  # background posts each have their own topic


def test_cluster_advice(synthetic):
    posts, planted, result = synthetic
    by_page = {m.page: (c, m) for c in result.clusters for m in c.members}
    for g in planted:
        if g.pages[0] not in by_page:
            continue
        cluster, _ = by_page[g.pages[0]]
        actions = {m.action for m in cluster.members}
        assert sum(1 for m in cluster.members if m.action == "keep") == 1
        if g.kind == "city-swap":
            assert actions == {"keep", "consolidate"}
        elif g.kind == "near-duplicate":
            assert actions == {"keep", "canonicalise"}
        else:
            assert actions <= {"keep", "consolidate", "differentiate"}


def test_strongest_page_is_the_best_audited_one():
    rng = random.Random(3)
    base = write_post("acupuncture", "knee pain", "Edmonton", rng, "https://c.example/a/", True)
    other = write_post("acupuncture", "knee pain", "Edmonton", rng, "https://c.example/b/", True)
    pages = [
        PageText(url=base.url, text=base.text, title="A", keyphrases=base.keyphrases, score=40.0),
        PageText(url=other.url, text=other.text, title="B", keyphrases=other.keyphrases, score=85.0),
    ]
    result = analyse_site(pages)
    assert len(result.clusters) == 1
    assert result.clusters[0].strongest == 1
    assert result.pages[0].competes_with[0][0] == 1


def test_same_declared_keyphrase_clusters_even_with_different_words():
    pages = [
        PageText(url="https://c.example/1", text="Needles placed gently ease aching lower backs after gardening.", keyphrases=("acupuncture for back pain",)),
        PageText(url="https://c.example/2", text="Our clinic offers evening appointments and direct billing.", keyphrases=("Back pain acupuncture",)),
        PageText(url="https://c.example/3", text="Massage relaxes the shoulders of office workers.", keyphrases=("massage for shoulders",)),
    ]
    result = analyse_site(pages)
    assert [sorted(c.pages) for c in result.clusters] == [[0, 1]]
    member = next(m for m in result.clusters[0].members if m.action != "keep")
    assert member.action == "differentiate"


def test_exact_duplicate_and_unrelated_pages():
    text = "Physiotherapy for knee pain starts with an assessment. We test strength and balance."
    pages = [PageText(url="u1", text=text), PageText(url="u2", text=text), PageText(url="u3", text="Cupping leaves round marks on the skin for a few days.")]
    result = analyse_site(pages)
    assert [(d.a, d.b, d.kind) for d in result.duplicates] == [(0, 1, "exact")]
    assert result.pages[2].cluster is None and not result.pages[2].competes_with


def test_diff_marks_what_differs():
    a = "Our Edmonton clinic treats back pain. Book online today. Parking is free."
    b = "Our Calgary clinic treats back pain. Book online today. Parking is free."
    result = analyse_site([PageText(url="a", text=a), PageText(url="b", text=b)], IntelOptions(cities=("Edmonton", "Calgary")))
    (d,) = result.duplicates
    assert d.kind == "city-swap" and d.places_a == ("Edmonton",) and d.places_b == ("Calgary",)
    assert d.same_sentences == 2
    (row,) = d.diff
    assert [s.text.strip() for s in row.left if s.changed] == ["Edmonton"]
    assert [s.text.strip() for s in row.right if s.changed] == ["Calgary"]


def test_options_are_validated():
    with pytest.raises(ValueError):
        IntelOptions(duplicate_threshold=1.5)
    with pytest.raises(ValueError):
        IntelOptions(topic_threshold=0.95, duplicate_threshold=0.9)


@pytest.fixture(scope="module")
def sample_intel():
    pages = [page_text_from_document(build_document(raw)) for raw in read_targets([str(ROOT / "samples")], Settings()) if raw.ok]
    by_name = {Path(p.source).name: i for i, p in enumerate(pages)}
    return pages, by_name, analyse_site(pages, IntelOptions(infer_keyphrases=True))


@pytest.mark.parametrize(
    "sample, phrase",
    [
        ("acupuncture-back-pain-edmonton.html", "back pain"),
        ("physio-knee-pain-calgary.md", "knee pain"),
        ("massage-therapy-no-city.txt", "tension headaches"),
    ],
)
def test_suggestions_for_samples(sample_intel, sample, phrase):
    pages, by_name, result = sample_intel
    page = result.pages[by_name[sample]]
    top = [s.phrase for s in page.suggestions[:3]]
    assert phrase in top
    for s in page.suggestions:
        words = s.phrase.split()
        assert 1 <= len([w for w in words if w not in T.FUNCTION_WORDS]) <= 4 and len(words) <= 7
        assert words[0] not in ("for", "the", "and", "of", "in") and words[-1] not in ("for", "the", "and", "of", "in")
        assert "edmonton" not in s.phrase and "calgary" not in s.phrase  # place names are targeted separately


def test_inferred_keyphrase_is_the_top_suggestion(sample_intel):
    pages, by_name, result = sample_intel
    page = result.pages[by_name["physio-knee-pain-calgary.md"]]
    assert page.inferred_keyphrase == page.suggestions[0].phrase


def test_a_page_has_the_word_count_its_audit_reports():
    """Site intelligence compares the main text with its headings, but reports the page's words
    as its audit does (Document.word_count, headings excluded), spooled or not."""
    from seoaudit.scan_intel import page_text_from_line, page_text_line

    raw = next(r for r in read_targets([str(ROOT / "samples" / "physio-knee-pain-calgary.md")], Settings()))
    doc = build_document(raw)
    assert doc.headings and len(T.words(doc.text)) > doc.word_count  # its headings would add words
    page = page_text_from_document(doc)
    assert page.word_count == doc.word_count == page_text_from_line(page_text_line(doc, (), (), None)).word_count
    assert analyse_site([page, PageText(url="https://x.example/", text="One two three.")]).to_dict()["pages"][0]["words"] == doc.word_count


def test_reporters_render_every_format_and_escape_page_text():
    evil = "<script>alert(1)</script> acupuncture for back pain"
    pages = [
        PageText(url="https://c.example/1", title=evil, text=evil + " clinic. Needles ease pain.", keyphrases=("acupuncture for back pain",)),
        PageText(url="https://c.example/2", title="=HYPERLINK(1)", text=evil + " clinic. Needles ease pain.", keyphrases=("acupuncture for back pain",)),
    ]
    result = analyse_site(pages)
    html = INTEL_REPORTERS["html"].render(result, RenderContext())[0].data.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<svg" in html and html.count("<circle") == 2
    data = json.loads(INTEL_REPORTERS["json"].render(result, RenderContext())[0].data)
    assert data["summary"]["clusters"] == 1 and data["duplicates"][0]["kind"] == "exact"
    assert "'=HYPERLINK(1)" in intel_csv(result)
    assert "Cluster 1" in INTEL_REPORTERS["text"].render(result, RenderContext())[0].data.decode()


def test_suggestions_from_a_forked_child_equal_those_computed_here(synthetic, monkeypatch):
    """analyse_site computes keyphrase suggestions in a forked child when it can
    (seoaudit/forked.py): the whole result is the same as when they run in this process."""
    from seoaudit import forked

    posts, _, _ = synthetic
    pages = [to_page_text(p) for p in posts[:120]]
    for p in pages[::2]:
        object.__setattr__(p, "keyphrases", ())  # half the pages need suggestions
    calls = []
    real_start = forked.start

    def spying(fn, *args):
        pending = real_start(fn, *args)
        calls.append(pending.forked)
        return pending

    monkeypatch.setattr(forked, "start", spying)
    monkeypatch.setattr(forked, "can_fork", lambda: True)
    in_child = analyse_site(pages).to_dict()
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    here = analyse_site(pages).to_dict()
    assert calls == [True, False]
    assert any(p["suggestions"] for p in here["pages"])
    assert in_child == here


def test_one_page_unlike_the_rest_does_not_squash_the_map():
    import numpy as np

    from seoaudit.intel.vectors import unit_square

    rng = np.random.default_rng(0)
    coords = np.vstack([rng.normal(0.0, 1.0, size=(17, 2)), [[100.0, -80.0]]])  # 17 pages and one outlier
    out = unit_square(coords)
    assert out.min() >= 0.0 and out.max() <= 1.0
    bulk = out[:17]
    assert (bulk.max(axis=0) - bulk.min(axis=0) > 0.5).all()  # min-max scaling left them within ~3 % of the width
    assert tuple(out[17]) == (1.0, 0.0)  # the outlier is drawn on the edge
    # without an outlier the pages fill the square as before
    even = unit_square(np.array([[0.0, 0.0], [1.0, 2.0], [2.0, 4.0], [3.0, 6.0]]))
    assert even.tolist() == [[0.0, 0.0], [1 / 3, 1 / 3], [2 / 3, 2 / 3], [1.0, 1.0]]
