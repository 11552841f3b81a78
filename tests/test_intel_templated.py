"""Site intelligence on templated sites: exact copies are grouped, each page is compared
with at most ``max_pairs_per_page`` others, what the cap leaves out is counted, diffs
are made only when read, and cluster building stays linear in one big group."""

from __future__ import annotations

import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from seoaudit.config import ConfigError, _parse_intel
from seoaudit.intel import IntelOptions, PageText, analyse_site
from seoaudit.intel.clusters import leader_groups
from seoaudit.intel.duplicates import SWAP_CANDIDATE_FLOOR, LazyDiff, lower_words, side_by_side
from seoaudit.intel.pairing import capped_pairs, exact_groups, fill_pairs
from seoaudit.intel.vectors import nearest_pairs, tfidf_matrix
from seoaudit.reports.base import RenderContext
from seoaudit.reports.intel import INTEL_REPORTERS

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic_posts import _swap_city, generate, to_page_text, write_post  # noqa: E402
from templated_posts import templated_site  # noqa: E402

CAP = 10
NEAR, EXACT, DISTINCT = 200, 30, 20


def _site() -> list[PageText]:
    """200 near-copies of one post (2 words replaced each), 30 verbatim copies, 20 other posts."""
    templated = templated_site(NEAR, seed=5, changes=2, exact=EXACT)
    others, _ = generate(60, seed=3, planted_share=0.0)
    distinct = [p for p in others if not p.title.lower().startswith("physiotherapy for knee")][:DISTINCT]
    return [to_page_text(p) for p in templated + distinct]


@pytest.fixture(scope="module")
def templated():
    pages = _site()
    capped = analyse_site(pages, IntelOptions(max_pairs_per_page=CAP))
    uncapped = analyse_site(pages, IntelOptions(max_pairs_per_page=100_000, map=False))  # every candidate compared
    return pages, capped, uncapped


def _partners(result, min_similarity=0.0) -> dict[int, set[int]]:
    out = defaultdict(set)
    for d in result.duplicates:
        if d.kind != "exact" and d.similarity >= min_similarity - 1e-6:
            out[d.a].add(d.b)
            out[d.b].add(d.a)
    return out


def test_no_page_reports_more_than_the_cap(templated):
    _, capped, uncapped = templated
    per_page = _partners(capped)
    assert per_page and max(len(v) for v in per_page.values()) <= CAP
    assert max(len(v) for v in _partners(uncapped).values()) > CAP  # so the cap did bind


def test_capped_pairs_are_a_subset_of_all_pairs(templated):
    _, capped, uncapped = templated
    everything = {(d.a, d.b): (d.kind, round(d.similarity, 5)) for d in uncapped.duplicates}
    for d in capped.duplicates:
        assert everything[(d.a, d.b)] == (d.kind, round(d.similarity, 5))


def test_pairs_left_out_by_the_cap_are_counted(templated):
    pages, capped, uncapped = templated
    t = capped.options.duplicate_threshold
    all_dups, shown = _partners(uncapped, t), _partners(capped, t)
    for i, p in enumerate(capped.pages):
        assert p.duplicates_not_reported == len(all_dups[i]) - len(shown[i]), i
        assert uncapped.pages[i].duplicates_not_reported == 0 and uncapped.pages[i].similar_not_compared == 0
    missing_pairs = sum(len(v) for v in all_dups.values()) // 2 - sum(len(v) for v in shown.values()) // 2
    summary = capped.to_dict()["summary"]
    assert summary["pairs_not_reported"] == missing_pairs > 0
    assert uncapped.to_dict()["summary"]["pairs_not_reported"] == 0


def test_pairs_below_the_threshold_not_compared_are_counted(templated):
    pages, capped, _ = templated
    reps = [i for i, p in enumerate(capped.pages) if p.exact_copy_of is None]
    X, _ = tfidf_matrix([p.text for p in pages])  # fitted on every page, as analyse_site does
    sims = (X[reps] @ X[reps].T).toarray()
    np.fill_diagonal(sims, 0.0)
    t = capped.options.duplicate_threshold
    at_dup = _partners(capped, t)
    for row, i in enumerate(reps):
        in_range = int(((sims[row] >= SWAP_CANDIDATE_FLOOR - 1e-6) & (sims[row] < t - 1e-6)).sum())
        compared_below = in_range - capped.pages[i].similar_not_compared
        assert 0 <= compared_below and compared_below + len(at_dup[i]) <= CAP, i
    assert capped.to_dict()["summary"]["pairs_not_compared"] > 0


def test_exact_copies_are_grouped_against_their_first_page(templated):
    pages, capped, _ = templated
    by_words = defaultdict(list)
    for i, p in enumerate(pages):
        by_words[tuple(lower_words(p.text))].append(i)
    expected = {m: g[0] for g in by_words.values() for m in g[1:]}
    assert len(expected) >= EXACT - 1
    assert {i: p.exact_copy_of for i, p in enumerate(capped.pages) if p.exact_copy_of is not None} == expected
    exact = [(d.a, d.b) for d in capped.duplicates if d.kind == "exact"]
    assert sorted(exact) == sorted((rep, m) for m, rep in expected.items())  # one pair per copy, not k^2/2
    assert all(type(d.diff) is tuple and d.diff == () for d in capped.duplicates if d.kind == "exact")  # no difflib
    copies = set(expected)
    assert not any(d.a in copies or d.b in copies for d in capped.duplicates if d.kind != "exact")
    data = capped.to_dict()
    assert data["summary"]["exact_copies"] == len(expected)
    first_copy = min(expected)
    assert data["pages"][first_copy]["exact_copy_of"] == pages[expected[first_copy]].url


def test_distinct_posts_are_not_grouped(templated):
    pages, capped, _ = templated
    for i in range(NEAR + EXACT, len(pages)):
        p = capped.pages[i]
        assert p.exact_copy_of is None and not p.duplicates and p.cluster is None, pages[i].url
        assert p.duplicates_not_reported == 0 and p.similar_not_compared == 0
    assert all(capped.pages[i].cluster is not None for i in range(NEAR + EXACT))


def test_html_and_text_say_how_many_more(templated):
    _, capped, _ = templated
    html = INTEL_REPORTERS["html"].render(capped, RenderContext())[0].data.decode()
    assert 'id="pairs-not-reported"' in html and 'class="source more-similar"' in html and 'class="source not-reported"' in html
    assert 'class="source exact-copy"' in html
    text = INTEL_REPORTERS["text"].render(capped, RenderContext())[0].data.decode()
    assert str(capped.to_dict()["summary"]["pairs_not_reported"]) in text


def test_city_swaps_of_one_template_each_get_partners():
    """Equal cosines everywhere make the first pages "hubs" of every nearest list; the
    fill pass still gives every page its own comparisons, within the cap."""
    rng = random.Random(1)
    base = write_post("physiotherapy", "knee pain", "Edmonton", rng, "https://c.example/base/", True)
    cities = [f"Town{i}ville" for i in range(40)]
    pages = [to_page_text(_swap_city(base, c, f"https://c.example/{c}/")) for c in cities]
    result = analyse_site(pages, IntelOptions(cities=tuple(cities), map=False))
    per_page = Counter()
    for d in result.duplicates:
        assert d.kind == "city-swap"
        per_page[d.a] += 1
        per_page[d.b] += 1
    assert len(per_page) == 40 and min(per_page.values()) >= 1 and max(per_page.values()) <= CAP
    s = result.to_dict()["summary"]
    assert len(result.duplicates) + s["pairs_not_reported"] + s["pairs_not_compared"] == 40 * 39 // 2


def test_diffs_are_made_only_when_read():
    a = "Our Edmonton clinic treats back pain. Book online today. Parking is free."
    b = "Our Calgary clinic treats back pain. Book online today. Parking is free."
    result = analyse_site([PageText(url="a", text=a), PageText(url="b", text=b)], IntelOptions(cities=("Edmonton", "Calgary")))
    (d,) = result.duplicates
    assert isinstance(d.diff, LazyDiff) and d.diff._rows is None  # classified without rows
    rows, same = side_by_side(a, b)
    assert d.same_sentences == same == 2
    data = result.to_dict()
    assert data["duplicates"][0]["diff"] == [r.to_dict() for r in rows] and d.diff == rows


def test_capped_pairs_limit_a_hub():
    hub = np.zeros(50, dtype=np.int32)
    leaves = np.arange(1, 51, dtype=np.int32)
    sims = np.linspace(0.99, 0.7, 50).astype(np.float32)
    chosen = capped_pairs(hub, leaves, sims, 10)
    assert sorted(leaves[chosen].tolist()) == list(range(1, 11))  # the 10 most similar


def test_fill_pairs_serves_rows_whose_partners_are_full():
    X, _ = tfidf_matrix([f"knee pain physiotherapy clinic exercise plan week {w}" for w in ("one", "two", "three", "four", "five", "six")])
    near = nearest_pairs(X, 0.0, keep=1, count_at=(0.0,))
    chosen = [(0, 1)]  # pretend row 0 and 1 are full at cap 1
    extra = fill_pairs(X, chosen, near.counts[0], 0.0, 1)
    used = Counter(x for i, j, _ in extra for x in (i, j)) + Counter(x for p in chosen for x in p)
    assert max(used.values()) <= 1 and set(used) == set(range(6))


def test_nearest_pairs_counts_every_similar_row_but_keeps_few():
    X, _ = tfidf_matrix(["back pain acupuncture needles clinic"] * 1 + [f"back pain acupuncture needles clinic {w}" for w in ("a1", "b2", "c3", "d4", "e5")])
    near = nearest_pairs(X, 0.1, keep=2, count_at=(0.1,))
    assert near.counts[0].tolist() == [5] * 6
    assert len(near.i) <= 6 * 2 and all(i < j for i, j in zip(near.i.tolist(), near.j.tolist()))


def test_one_keyphrase_on_many_pages_is_one_group():
    # (time and memory of the intel phase: benchmarks/intel_benchmark.py)
    n = 20_000
    groups = leader_groups(list(range(n)), {}, [list(range(n))])
    assert len(groups) == 1 and len(groups[0]) == n


def test_exact_groups_ignore_case_and_punctuation_only():
    g = exact_groups(["Knee pain, treated.", "knee PAIN treated", "knee pain treated today", "", " ... "])
    assert g.rep_of == (0, 0, 2, 3, 4) and g.copies == {0: [1]}  # pages without words are nobody's copy


def test_max_pairs_per_page_is_configurable_and_validated(tmp_path):
    assert _parse_intel({"max-pairs-per-page": "5"}, "pyproject.toml") == {"max_pairs_per_page": 5}
    with pytest.raises(ConfigError):
        _parse_intel({"max_pairs_per_page": 0}, "pyproject.toml")
    with pytest.raises(ValueError):
        IntelOptions(max_pairs_per_page=0)
    from seoaudit.cli import cli

    for i in range(3):
        (tmp_path / f"p{i}.txt").write_text("Acupuncture for back pain in Edmonton. Needles are thin. Book online today.\n", encoding="utf-8")
    run = CliRunner().invoke(cli, ["intel", str(tmp_path), "--no-score", "--max-pairs-per-page", "1", "-f", "json", "-o", str(tmp_path / "out")])
    assert run.exit_code == 0, run.output
    data = json.loads(run.stdout)  # the first single-file format goes to stdout
    assert data["options"]["max_pairs_per_page"] == 1 and data["summary"]["exact_copies"] == 2
    assert CliRunner().invoke(cli, ["intel", str(tmp_path), "--max-pairs-per-page", "0"]).exit_code == 2


def test_near_duplicate_changed_words_counted_without_alignment():
    from seoaudit.intel.duplicates import classify_pair, lower_words

    a = "Dry needling eases shoulder pain for many desk workers and most weekend athletes too."
    b = "Dry needling eases shoulder pain for some desk workers and all weekend golfers too."
    pair = classify_pair(0, 1, 0.95, a, b, frozenset(), frozenset(), IntelOptions(), lower_words(a), lower_words(b))
    assert pair is not None and pair.kind == "near-duplicate"
    assert pair.changed_words == 3  # many/most/athletes against some/all/golfers
    assert classify_pair(0, 1, 0.85, a, b, frozenset(), frozenset(), IntelOptions()) is None  # below the threshold


def test_doorway_farm_found_below_the_similarity_floor():
    """Short city pages repeat the city, so each rare city name outweighs the template:
    their cosine falls far below the 0.6 candidate floor. They share every word that is
    not a name, and that finds them; small towns the gazetteer lacks still count, since
    they stand where a known city stands on the other page."""
    from seoaudit.intel.duplicates import SWAP_CANDIDATE_FLOOR

    towns = ["Edmonton", "Calgary", "Red Deer", "Olds", "Brooks", "Canmore", "Ponoka", "Stettler"]

    def page(c):
        return (f"Physiotherapy in {c}\nLooking for physiotherapy in {c}? Our {c} clinic treats back pain, neck pain and sports "
                f"injuries. Patients from {c} book online. The {c} team offers manual therapy, exercise plans and dry needling "
                f"for every patient who visits us in {c}.")

    rng = random.Random(1)
    vocab = "acupuncture massage dental knee shoulder hip ankle jaw headache posture sleep stress running golf tennis".split()
    farm = [PageText(url=f"https://c.example/physio-{i}/", text=page(c)) for i, c in enumerate(towns)]
    others = [PageText(url=f"https://c.example/post-{k}/", text=" ".join(rng.choice(vocab) for _ in range(120))) for k in range(150)]
    result = analyse_site(farm + others, IntelOptions(cities=("Edmonton",)))
    swaps = [d for d in result.duplicates if d.kind == "city-swap"]
    assert {d.b for d in swaps} == set(range(1, len(towns)))  # every town page, paired with the Edmonton page
    assert all(d.a == 0 and d.doorway for d in swaps)
    assert min(d.similarity for d in swaps) < SWAP_CANDIDATE_FLOOR  # the similarity search alone would miss them
    assert "Olds" in {n for d in swaps for n in d.places_b}
    assert not any(d.a >= len(towns) or d.b >= len(towns) for d in result.duplicates)  # distinct posts untouched
