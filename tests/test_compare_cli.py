"""``seoaudit compare`` and ``seoaudit intel`` through click, on crafted fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import click
from click.testing import CliRunner

from seoaudit.commands_intel import compare, intel
from seoaudit.document import build_document
from seoaudit.files import read_file
from seoaudit.intel import compare_topics, page_text_from_document

FIXTURES = Path(__file__).parent / "fixtures" / "compare"
POST = str(FIXTURES / "post.html")
COMPETITORS = [str(FIXTURES / f"competitor-{c}.html") for c in "abc"]


def _page(path: str):
    return page_text_from_document(build_document(read_file(path)))


def test_gaps_on_crafted_set():
    gaps = compare_topics(_page(POST), [_page(p) for p in COMPETITORS])
    missing = {t.term for t in gaps.gaps}
    covered = {t.term for t in gaps.covered}
    assert {"rotator cuff", "twitch response", "frozen shoulder", "side effects"} <= missing
    assert {"dry needling", "shoulder pain", "trigger points"} <= covered
    # one site's brand and every city are not shared topics
    assert not any(w in " ".join(missing | covered) for w in ("zephyr", "harbour", "toronto", "vancouver"))
    rotator = next(t for t in gaps.terms if t.term == "rotator cuff")
    assert rotator.used_by == ((0, 4), (1, 2), (2, 2)) and rotator.post_count == 0
    twitch = next(t for t in gaps.terms if t.term == "twitch response")
    assert [i for i, _ in twitch.used_by] == [0, 1]  # the two competitors that use it
    assert 40 < gaps.coverage < 70


def test_min_share_all_competitors():
    gaps = compare_topics(_page(POST), [_page(p) for p in COMPETITORS], min_share=1.0)
    assert all(len(t.used_by) == 3 for t in gaps.terms)
    assert "twitch response" not in {t.term for t in gaps.terms}


def test_covering_the_gaps_raises_coverage(tmp_path):
    better = tmp_path / "better.html"
    better.write_text(
        Path(POST).read_text().replace(
            "</article>",
            "<p>Trigger points in the rotator cuff often give a twitch response. Frozen shoulder needs a longer plan."
            " Side effects are soreness and small bruises in the short term.</p></article>",
        )
    )
    base = compare_topics(_page(POST), [_page(p) for p in COMPETITORS]).coverage
    improved = compare_topics(_page(str(better)), [_page(p) for p in COMPETITORS]).coverage
    assert improved > base + 20


def _cli():
    group = click.Group()
    group.add_command(compare)
    group.add_command(intel)
    return group


def test_compare_command_json():
    result = CliRunner().invoke(_cli(), ["compare", POST, *COMPETITORS, "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["post"] == POST and len(data["competitors"]) == 3
    assert "rotator cuff" in [g["term"] for g in data["gaps"]]
    rc = next(g for g in data["gaps"] if g["term"] == "rotator cuff")
    assert [u["count"] for u in rc["used_by"]] == [4, 2, 2]


def test_compare_command_html_and_missing_competitor(tmp_path):
    result = CliRunner().invoke(_cli(), ["compare", POST, COMPETITORS[0], COMPETITORS[1], str(tmp_path / "nope.html"), "-f", "text", "-f", "html", "-o", str(tmp_path)])
    assert result.exit_code == 3
    html = (tmp_path / "compare.html").read_text()
    assert "rotator cuff" in html and "nope.html" in html


def test_compare_command_unreadable_post_is_usage_error(tmp_path):
    result = CliRunner().invoke(_cli(), ["compare", str(tmp_path / "missing.html"), *COMPETITORS])
    assert result.exit_code == 2


def test_intel_command_writes_json_csv_html(tmp_path):
    site = tmp_path / "blog"
    site.mkdir()
    body = (
        "Our {city} clinic offers acupuncture for back pain. Needles are fine, sterile and used once. Most people feel a dull ache"
        " or tingling, then deep relaxation. A first visit lasts an hour and starts with your history and a gentle examination."
        " Research suggests acupuncture can ease chronic low back pain for some people, alongside exercise and staying active."
        " Tell your acupuncturist if you take blood thinners or are pregnant. Book online today; direct billing is available."
    )
    for city in ("Edmonton", "Calgary", "Red Deer"):
        (site / f"acupuncture-{city.lower().replace(' ', '-')}.txt").write_text(f"Acupuncture in {city}\n\n" + body.format(city=city) + "\n")
    (site / "massage.txt").write_text("Massage for Headaches\n\nMassage of the neck and shoulders eases tension headaches for some people.\n")
    result = CliRunner().invoke(_cli(), ["intel", str(site), "-f", "json", "-f", "csv", "-f", "html", "-o", str(tmp_path / "out"), "-c", "Edmonton"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["summary"]["city_swap_pairs"] == 3
    assert data["summary"]["clusters"] == 1
    (cluster,) = data["clusters"]
    assert sorted(m["action"] for m in cluster["members"]) == ["consolidate", "consolidate", "keep"]
    assert (tmp_path / "out" / "intel.csv").read_text().count("\n") == 5
    assert "<svg" in (tmp_path / "out" / "intel.html").read_text()


def test_intel_command_bad_threshold_is_usage_error(tmp_path):
    result = CliRunner().invoke(_cli(), ["intel", str(FIXTURES), "--topic-threshold", "0.95"])
    assert result.exit_code == 2
