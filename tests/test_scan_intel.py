"""Site intelligence in ``seoaudit scan``: dashboard section, intel.json/csv, scorecard cards, --no-intel.

A generated clinic blog on 127.0.0.1 (post 4 is an exact copy of post 0) plus two
planted pages that differ only in their city (a city swap, i.e. a doorway risk).
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import seoaudit.intel
from clinicsite import ClinicSite, Response
from seoaudit.commands_scan import history, scan
from seoaudit.intel import IntelOptions, PageText, analyse_site
from seoaudit.reports.dashboard import write_overview
from seoaudit.reports.html import SITE_SLOT_END, SITE_SLOT_START
from seoaudit.reports.site_card import INTEL_SLOT_END, INTEL_SLOT_START, fill_intel_slot, fill_site_slot
from seoaudit.scan import SPOOL_NAME, UnitResult
from seoaudit.scan_folder import STAGING
from seoaudit.scan_intel import add_intel_cards
from seoaudit.store import Store

POSTS = 8
HOSTILE_TITLE = "Foot pain &lt;script&gt;alert(1)&lt;/script&gt;"


def swap_page(city: str) -> bytes:
    """A foot-pain page for one city; the two cities' pages differ only in the city name."""
    body = "".join(
        f"<p>{s}</p>" for s in (
            f"Heel pain stops many runners in {city} from training through the winter months.",
            "Plantar fasciitis is the most common cause, and custom orthotics often ease it within weeks.",
            f"Our {city} podiatry team measures your gait on a pressure plate before recommending anything.",
            "Stretching the calf twice a day and changing worn shoes help more than most people expect.",
            "Book an assessment online; most extended health plans cover orthotics prescribed by a podiatrist.",
            f"Patients across {city} tell us the first week of wearing orthotics feels strange, then normal.",
        ))
    return (f"<!doctype html><html lang=en><head><title>{HOSTILE_TITLE} in {city}</title></head>"
            f"<body><main><article><h1>Heel pain treatment in {city}</h1>{body}</article></main></body></html>").encode()


def run_scan(tmp_path, site, *extra, out="out", code=0, drop=(), sitemap=False):
    """Scan the posts and the two city pages (less the paths in ``drop``: pages taken off the site), from a
    list of URLs (a scan of some pages) or, with ``sitemap``, from the site's text sitemap listing them (the whole site)."""
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join([*(site.post_url(i) for i in range(POSTS)),
                               *(site.url(p) for p in ("/feet/edmonton/", "/feet/calgary/") if p not in drop)]) + "\n")
    target = str(urls)
    if sitemap:
        site.routes["/scan-sitemap.txt"] = Response(body=urls.read_bytes(), content_type="text/plain")
        target = site.url("/scan-sitemap.txt")
    result = CliRunner().invoke(scan, [target, "--db", str(tmp_path / "h.db"), "-o", str(tmp_path / out), "--workers", "1",
                                       "--no-progress", "--site", "clinic", "-c", "Edmonton", "-c", "Calgary", *extra],
                                catch_exceptions=False)
    assert result.exit_code == code, result.output
    (tmp_path / f"{out}.log").write_text(result.output, encoding="utf-8")  # the scan's messages, for tests to read
    return tmp_path / out


def planted(site: ClinicSite) -> ClinicSite:
    site.routes["/feet/edmonton/"] = Response(body=swap_page("Edmonton"))
    site.routes["/feet/calgary/"] = Response(body=swap_page("Calgary"))
    return site


def pages_csv(out: Path) -> dict[str, dict]:
    with open(out / "pages.csv", newline="", encoding="utf-8-sig") as f:
        return {r["url"]: r for r in csv.DictReader(f)}


def jsonl(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "pages.jsonl").read_text(encoding="utf-8").splitlines()]


def intel_slot(html: str) -> str:
    slot = html[html.index(SITE_SLOT_START): html.index(SITE_SLOT_END)]
    return slot[slot.index(INTEL_SLOT_START) + len(INTEL_SLOT_START): slot.index(INTEL_SLOT_END)] if INTEL_SLOT_START in slot else ""


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """One scan with site intelligence; records what the analysis was handed while it ran."""
    tmp_path = tmp_path_factory.mktemp("scan")
    seen = {}
    real = seoaudit.intel.analyse_site

    def watching(pages, options=None):
        spool = tmp_path / "out" / STAGING / SPOOL_NAME  # written beside the scan's other files until it is published
        seen["spool_lines"] = len(spool.read_text(encoding="utf-8").splitlines()) if spool.is_file() else None
        seen["lazy"] = not isinstance(pages, (list, tuple))  # read back from the file, not a list kept in memory
        return real(pages, options)

    mp = pytest.MonkeyPatch()
    mp.setattr(seoaudit.intel, "analyse_site", watching)
    try:
        with planted(ClinicSite(posts=POSTS)) as site:
            out = run_scan(tmp_path, site)
    finally:
        mp.undo()
    return site, out, seen


def test_intel_json_lists_the_planted_city_swap_and_exact_copy(scanned):
    site, out, _ = scanned
    data = json.loads((out / "intel.json").read_text(encoding="utf-8"))
    assert data["summary"]["pages"] == POSTS + 2
    pairs = {(d["kind"], frozenset((d["a"], d["b"]))) for d in data["duplicates"]}
    assert ("city-swap", frozenset((site.url("/feet/edmonton/"), site.url("/feet/calgary/")))) in pairs
    assert ("exact", frozenset((site.post_url(0), site.post_url(4)))) in pairs  # post 4 copies post 0
    assert data["summary"]["city_swap_pairs"] >= 1 and data["summary"]["clusters"] >= 1
    swap = next(d for d in data["duplicates"] if d["kind"] == "city-swap")
    assert swap["doorway_risk"] is True and {p.lower() for p in swap["places_a"] + swap["places_b"]} == {"edmonton", "calgary"}
    rows = list(csv.DictReader(open(out / "intel.csv", newline="", encoding="utf-8-sig")))
    assert {r["url"] for r in rows} == {p["url"] for p in data["pages"]}
    edmonton = next(r for r in rows if r["url"] == site.url("/feet/edmonton/"))
    assert site.url("/feet/calgary/") in edmonton["duplicates"].split()


def test_dashboard_has_the_site_intelligence_section(scanned):
    site, out, _ = scanned
    html = (out / "index.html").read_text(encoding="utf-8")
    assert html.count('id="site-intelligence"') == 1 and 'class="intel-map"' in html
    assert 'href="#site-intelligence">1 city swap<' in html
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html  # page titles stay text
    assert html.count("<script>") == 1  # only the dashboard's own sort/filter script


def test_affected_scorecards_show_competes_with_and_keep_their_score(scanned):
    site, out, _ = scanned
    rows = pages_csv(out)
    edmonton, calgary = rows[site.url("/feet/edmonton/")], rows[site.url("/feet/calgary/")]
    page = (out / edmonton["scorecard"]).read_text(encoding="utf-8")
    card = intel_slot(page)
    assert 'id="competes-with"' in card
    rival = re.search(r'<li data-duplicate="city-swap"><a href="([^"]+)">', card)
    assert rival and rival.group(1) == Path(calgary["scorecard"]).name
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in card
    assert 'id="keyphrase-suggestions"' in card  # no keyphrase was given: suggestions instead
    gauge = re.search(r'id="overall-gauge".*?<text[^>]*>(\d+)</text>', page, re.S).group(1)
    assert int(gauge) == round(float(edmonton["score"]))  # the streamed score stands
    copy = intel_slot((out / rows[site.post_url(4)]["scorecard"]).read_text(encoding="utf-8"))
    assert '<li data-duplicate="exact">' in copy


def test_jsonl_has_the_intel_summary_and_the_spool_is_read_from_disk(scanned):
    site, out, seen = scanned
    records = [r for r in jsonl(out) if r["type"] == "intel"]
    assert len(records) == 1 and records[0]["city_swap_pairs"] >= 1 and records[0]["pages"] == POSTS + 2
    assert [r["type"] for r in jsonl(out)][-1] == "scan"
    # while the analysis ran, every audited page was a line in the spool file, handed over lazily
    assert seen == {"spool_lines": POSTS + 2, "lazy": True}
    assert not (out / SPOOL_NAME).exists()  # removed once the scan completed


def test_every_output_gives_a_page_the_same_word_count(scanned):
    """pages.csv, the JSON Lines stats, the scorecard, the history, intel.json and intel.csv
    count one thing: the main content without its headings (Document.word_count). intel.*
    counted the spooled text, headings and all: 411 words in one file, 383 in the other."""
    site, out, _ = scanned
    by_csv = {url: int(r["words"]) for url, r in pages_csv(out).items() if r["status"] == "ok"}
    by_jsonl = {r["url"]: r["stats"]["words"] for r in jsonl(out) if r["type"] == "page" and r["status"] == "ok"}
    intel = json.loads((out / "intel.json").read_text(encoding="utf-8"))
    by_intel_json = {p["url"]: p["words"] for p in intel["pages"]}
    by_intel_csv = {r["url"]: int(r["words"]) for r in csv.DictReader(open(out / "intel.csv", newline="", encoding="utf-8-sig"))}
    db = sqlite3.connect(out.parent / "h.db")
    by_history = dict(db.execute("SELECT url, words FROM pages WHERE status = 'ok'").fetchall())
    db.close()
    assert len(by_csv) == POSTS + 2
    assert by_jsonl == by_csv and by_history == by_csv and by_intel_json == by_csv and by_intel_csv == by_csv
    post = site.post_url(1)
    scorecard = (out / pages_csv(out)[post]["scorecard"]).read_text(encoding="utf-8")
    assert f"<dt>Words</dt><dd>{by_csv[post]}</dd>" in scorecard


def test_no_intel_skips_it(tmp_path):
    with planted(ClinicSite(posts=POSTS)) as site:
        out = run_scan(tmp_path, site, "--no-intel")
    rows = pages_csv(out)
    assert not (out / "intel.json").exists() and not (out / "intel.csv").exists() and not (out / SPOOL_NAME).exists()
    assert 'id="site-intelligence"' not in (out / "index.html").read_text(encoding="utf-8")
    assert not any(r["type"] == "intel" for r in jsonl(out))
    assert intel_slot((out / rows[site.url("/feet/edmonton/")]["scorecard"]).read_text(encoding="utf-8")) == ""
    store = Store(tmp_path / "h.db")
    assert store.site_history("clinic")[0].intel is None  # NULL in the history: it did not run
    store.close()
    lines = history_lines(tmp_path / "h.db")
    assert len(lines) == 1 and "10 audited" in lines[0] and "·" not in lines[0] and "near-duplicate" not in lines[0]


def test_intel_max_pages_skips_it_with_a_note(tmp_path):
    with planted(ClinicSite(posts=POSTS)) as site:
        out = run_scan(tmp_path, site, "--intel-max-pages", "5")
    assert not (out / "intel.json").exists() and not (out / SPOOL_NAME).exists()
    notes = [r["message"] for r in jsonl(out) if r["type"] == "note"]
    assert any("--intel-max-pages 5" in n for n in notes)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'id="site-intelligence"' in html and "--intel-max-pages 5" in html and 'class="intel-map"' not in html


def history_lines(db: Path, target: str = "clinic") -> list[str]:
    result = CliRunner().invoke(history, [target, "--db", str(db)])
    assert result.exit_code == 0, result.output
    return [line for line in result.output.splitlines() if line.strip().startswith("#")]


def test_the_intel_counts_are_stored_in_the_history(scanned):
    site, out, _ = scanned
    summary = json.loads((out / "intel.json").read_text(encoding="utf-8"))["summary"]
    store = Store(out.parent / "h.db")
    (row,) = store.site_history("clinic")
    store.close()
    assert row.intel == summary and row.intel["city_swap_pairs"] >= 1  # the counts, not the pairs
    raw = sqlite3.connect(out.parent / "h.db").execute("SELECT intel FROM scans").fetchone()[0]
    assert json.loads(raw) == summary and "http" not in raw
    (line,) = history_lines(out.parent / "h.db")
    assert line.endswith(f"· {summary['pages_in_clusters']} pages cannibalising in {summary['clusters']} cluster"
                         f"{'s' if summary['clusters'] != 1 else ''}, {summary['near_duplicate_pairs']} near-duplicate pair"
                         f"{'s' if summary['near_duplicate_pairs'] != 1 else ''}, {summary['city_swap_pairs']} city swap"
                         f"{'s' if summary['city_swap_pairs'] != 1 else ''}")
    scan_line = next(l for l in (out.parent / "out.log").read_text(encoding="utf-8").splitlines() if l.startswith("seoaudit: clinic: score"))
    assert line.rpartition("· ")[2] in scan_line  # the scan's closing line gives the same counts in the same words
    page = CliRunner().invoke(history, [site.url("/feet/edmonton/"), "--db", str(out.parent / "h.db")])
    assert page.exit_code == 0 and "near-duplicate" not in page.output and "cannibalising" not in page.output  # page history unchanged


def test_dashboard_shows_the_change_of_the_intel_counts(tmp_path):
    with planted(ClinicSite(posts=POSTS)) as site:
        first = run_scan(tmp_path, site, out="first", sitemap=True)
        html = (first / "index.html").read_text(encoding="utf-8")
        assert 'id="intel-delta"' not in html  # nothing earlier to compare with
        run_scan(tmp_path, site, "--no-intel", out="plain", sitemap=True)
        assert 'id="intel-delta"' not in (tmp_path / "plain" / "index.html").read_text(encoding="utf-8")
        # a list of URLs is a scan of some pages: its counts are not the site's, compared with nothing
        some = run_scan(tmp_path, site, out="some")
        assert 'id="intel-delta"' not in (some / "index.html").read_text(encoding="utf-8")
        del site.routes["/feet/calgary/"]  # the doorway page is taken down: the city swap is gone
        last = run_scan(tmp_path, site, out="last", drop=("/feet/calgary/",), sitemap=True)
    lines = history_lines(tmp_path / "h.db")
    assert [("city swap" in line) for line in lines] == [True, False, True, True]
    assert lines[0].endswith(", 1 city swap") and lines[3].endswith(", 0 city swaps")
    html = (last / "index.html").read_text(encoding="utf-8")
    delta = html[html.index('id="intel-delta"'):]
    delta = delta[:delta.index("</p>")]
    # compared with scan 1, the last whole-site scan with site intelligence (scan 2 ran with --no-intel, scan 3 was a list of URLs)
    assert "Site intelligence since scan #1 of " in delta
    swap = re.search(r'data-key="city_swap_pairs">(.*?)</span>', delta, re.S).group(1)
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", swap)).strip() == "city-swap pairs 1 → 0 (−1)"
    assert '<strong class="up">(−1)</strong>' in swap  # fewer is better
    assert delta.count('class="intel-change"') == 4 and "near-duplicate pairs" in delta
    assert html.index('id="site-delta"') < html.index('id="intel-delta"')


# ---- the slot and the cards, without a server -----------------------------------------------


def test_intel_card_goes_after_the_site_findings_and_replaces_itself(tmp_path):
    path = tmp_path / "card.html"
    path.write_text(f"<p>before</p>{SITE_SLOT_START}{SITE_SLOT_END}<p>after</p>", encoding="utf-8")
    assert fill_site_slot(path, "<section>site</section>")
    assert fill_intel_slot(path, "<section>intel 1</section>")
    assert fill_intel_slot(path, "<section>intel 2</section>")
    assert path.read_text(encoding="utf-8") == (f"<p>before</p>{SITE_SLOT_START}<section>site</section>{INTEL_SLOT_START}"
                                                f"<section>intel 2</section>{INTEL_SLOT_END}{SITE_SLOT_END}<p>after</p>")
    plain = tmp_path / "plain.html"
    plain.write_text("<p>no slot</p>", encoding="utf-8")
    assert not fill_intel_slot(plain, "<section>x</section>")


class _Scorecards:
    """The one store method the cards need: url_key -> scorecard path of every page."""

    def __init__(self, paths: dict[str, str]):
        self.paths = paths

    def scorecards(self, scan_id: int) -> dict[str, str]:
        return dict(self.paths)


def test_only_pages_with_something_to_show_are_rewritten(tmp_path):
    text = "Heel pain in {c} is common among runners. Orthotics help most patients in {c} within weeks of wearing them daily."
    pages = [PageText(url=f"https://c.example/{c.lower()}", text=text.format(c=c), title=f"Heel pain {c}", keyphrases=("heel pain",))
             for c in ("Edmonton", "Calgary")]
    pages.append(PageText(url="https://c.example/jaw", title="Jaw clicking", keyphrases=("jaw clicking",),
                          text="Jaw clicking when chewing is usually harmless. A dentist checks the joint and the bite before any splint."))
    intel = analyse_site(pages)
    (tmp_path / "pages").mkdir()
    files = {}
    for p in pages:
        name = f"pages/{p.url.rsplit('/', 1)[1]}.html"
        (tmp_path / name).write_text(f"<h1>x</h1>{SITE_SLOT_START}{SITE_SLOT_END}", encoding="utf-8")
        files[p.url] = name
    from seoaudit.store import scorecard_finder
    from seoaudit.urls import url_key

    written = add_intel_cards(intel, scorecard_finder(_Scorecards({url_key(u): f for u, f in files.items()}), 1), tmp_path)
    assert written == 2
    assert (tmp_path / files["https://c.example/jaw"]).read_text(encoding="utf-8") == f"<h1>x</h1>{SITE_SLOT_START}{SITE_SLOT_END}"
    assert 'href="calgary.html"' in (tmp_path / files["https://c.example/edmonton"]).read_text(encoding="utf-8")


def test_overview_counts_duplicates_per_client(tmp_path):
    store = Store(tmp_path / "h.db")
    a = store.start_scan("a", ["https://a.example/"], "0")
    store.finish_scan(a, "complete")
    b = store.start_scan("b", ["https://b.example/"], "0")
    store.finish_scan(b, "complete")
    summary = {"pages": 9, "near_duplicate_pairs": 2, "city_swap_pairs": 1, "clusters": 3, "pages_in_clusters": 7}
    out = write_overview(store, [UnitResult("A", a, tmp_path / "a", intel=summary), UnitResult("B", b, tmp_path / "b")],
                         tmp_path / "index.html")
    html = out.read_text(encoding="utf-8")
    # near_duplicate_pairs leaves city swaps out already: 2 duplicates and 1 swap, not 3 and 1
    assert '<a href="a/index.html#site-intelligence">2</a></td><td class="num">1</td><td class="num">3</td>' in html
    store.close()


def test_a_card_lists_at_most_max_rivals(tmp_path):
    from seoaudit.reports.site_card import MAX_RIVALS, intel_card_views

    text = "Templated service page for {c}. Book a physiotherapy assessment with our team today, we offer direct billing."
    cities = [f"Town{i}" for i in range(MAX_RIVALS + 3)]
    pages = [PageText(url=f"https://c.example/{c}", text=text.format(c=c), keyphrases=("physiotherapy",)) for c in cities]
    intel = analyse_site(pages, IntelOptions(cities=tuple(cities)))  # every pair is a city swap
    cards = dict(intel_card_views(intel, lambda url: "pages/" + url.rsplit("/", 1)[1] + ".html"))
    card = cards["pages/Town0.html"]
    assert len(card.rivals) == MAX_RIVALS and card.more_rivals == len(cities) - 1 - MAX_RIVALS
    assert all(r.duplicate == "city-swap" for r in card.rivals)
    assert all(r.scorecard and "/" not in r.scorecard for r in card.rivals)  # sibling scorecards, relative links


def test_html_lists_city_swaps_first_and_the_pages_with_findings_within_its_caps(monkeypatch):
    """A site of near-copies made a 50 MB dashboard: the HTML lists at most MAX_LISTED_PAIRS
    pairs (city swaps first), diffs for the most similar, and pages with findings first;
    intel.csv and intel.json keep everything."""
    from seoaudit.reports import intel as intel_report
    from seoaudit.reports.intel import intel_listing, render_intel_html

    text = "Templated service page for {c}. Book a physiotherapy assessment with our team today, we offer direct billing."
    cities = ("Edmonton", "Calgary", "Red Deer", "Leduc")
    pages = [PageText(url=f"https://c.example/{i}", text=text.format(c=c)) for i, c in enumerate(cities)]
    pages.append(PageText(url="https://c.example/about", text="Our clinic opened in 1998 in a bright old house near the river valley."))
    intel = analyse_site(pages, IntelOptions(cities=cities))
    assert len(intel.duplicates) == 6 and all(d.doorway for d in intel.duplicates)
    listing = intel_listing(intel, max_pairs=4, max_pages=3, max_diffs=2)
    assert [show for _, show in listing.pairs] == [True, True, False, False] and listing.hidden_pairs == 2
    assert [d for d, _ in listing.pairs] == list(intel.duplicates[:4])  # most similar first
    assert listing.pages == (0, 1, 2) and listing.hidden_pages == 2  # the about page has no finding: left out first
    html = render_intel_html(intel, section_only=True)
    assert html.count('class="intel-dup"') == 6 and 'id="pairs-not-listed"' not in html  # under the caps: all
    monkeypatch.setattr(intel_report, "MAX_LISTED_PAIRS", 4)
    monkeypatch.setattr(intel_report, "MAX_LISTED_PAGES", 3)
    monkeypatch.setattr(intel_report, "MAX_SHOWN_DIFFS", 2)
    capped = render_intel_html(intel, section_only=True)
    assert capped.count('class="intel-dup"') == 4 and capped.count('<table class="diff">') == 2
    assert capped.count('class="source no-diff"') == 2
    assert "2 more pairs (the least similar, city swaps included) are not listed here" in capped and 'id="pages-not-listed"' in capped


def test_html_listing_puts_city_swaps_before_more_similar_near_duplicates():
    from types import SimpleNamespace

    from seoaudit.reports.intel import intel_listing

    pair = lambda doorway: SimpleNamespace(doorway=doorway)  # noqa: E731
    page = SimpleNamespace(competes_with=(), duplicates=(), suggestions=(), exact_copy_of=None)
    intel = SimpleNamespace(duplicates=(pair(False), pair(False), pair(True), pair(False), pair(True)), pages=(page,))
    listing = intel_listing(intel, max_pairs=3, max_pages=5, max_diffs=1)
    assert [d.doorway for d, _ in listing.pairs] == [False, True, True]  # both swaps, then the most similar other
    assert [show for _, show in listing.pairs] == [True, False, False] and listing.hidden_pairs == 2


def test_streamed_intel_json_equals_to_dict_and_keeps_no_diffs(tmp_path):
    from seoaudit.scan_intel import write_intel_files

    base = "Heel pain stops many runners from training. Orthotics ease it within weeks. Stretch the calf daily."
    pages = [PageText(url=f"https://c.example/p{i}/", text=f"{base} Post number {i} ends here.") for i in range(6)]
    intel = analyse_site(pages, IntelOptions(duplicate_threshold=0.7))
    assert intel.duplicates
    summary = write_intel_files(intel, tmp_path)
    written = json.loads((tmp_path / "intel.json").read_text(encoding="utf-8"))
    assert summary == written["summary"]
    assert all(d.diff._rows is None for d in intel.duplicates)  # made, written and dropped one pair at a time
    assert written == json.loads(json.dumps(intel.to_dict()))  # same data as `seoaudit intel -f json`


def test_intel_json_omits_diffs_after_the_most_similar_pairs(tmp_path):
    import io

    from seoaudit.reports.intel import write_intel_json

    base = "Heel pain stops many runners from training. Orthotics ease it within weeks. Stretch the calf daily."
    pages = [PageText(url=f"https://c.example/p{i}/", text=f"{base} Post number {i} ends here.") for i in range(4)]
    intel = analyse_site(pages, IntelOptions(duplicate_threshold=0.7))
    assert len(intel.duplicates) >= 2
    buf = io.StringIO()
    write_intel_json(buf, intel, max_diffs=1)
    pairs = json.loads(buf.getvalue())["duplicates"]
    assert pairs[0]["diff"] and "diff_omitted" not in pairs[0]
    assert all(p["diff"] == [] and p["diff_omitted"] for p in pairs[1:])
    assert [p["similarity"] for p in pairs] == sorted((p["similarity"] for p in pairs), reverse=True)


def test_a_single_site_scan_leaves_scikit_learn_to_the_analysis(tmp_path, monkeypatch):
    """Importing scikit-learn before the fork holds ~95 MB in the scan process for the rest
    of the run: a scan of one site does not (its forked analysis imports it, beside the site
    phase); a scan of several clients does, once (see test_scan_cli's clients test)."""
    import seoaudit.intel.vectors as vectors

    calls = []
    monkeypatch.setattr(vectors, "preload", lambda: calls.append(1))
    with planted(ClinicSite(posts=POSTS)) as site:
        out = run_scan(tmp_path, site)
    assert (out / "intel.json").exists() and calls == []


def test_a_scan_whose_intel_runs_in_forked_children_writes_what_an_inline_one_writes(tmp_path, monkeypatch):
    """The scan starts the analysis in a forked child beside its site phase and writes the
    scorecards' cards from another beside the dashboard (seoaudit/forked.py). In this
    test process the HTTP server's thread would make ``start`` run inline, so forking is
    allowed explicitly. The child's analysis must equal one run here on the same spooled
    pages (two scans could spool pages in another order), and writing the cards again
    here must leave every scorecard as the child wrote it."""
    from seoaudit import forked
    from seoaudit.scan_intel import add_intel_cards as cards_writer
    from seoaudit.store import scorecard_finder

    monkeypatch.setattr(forked, "can_fork", lambda: True)
    real_start = forked.start
    seen = {}

    def spying(fn, *args):
        if fn is seoaudit.intel.analyse_site:
            seen["pages"], seen["options"] = list(args[0]), args[1]  # the spool, read here too
            args = (seen["pages"], seen["options"])
        pending = real_start(fn, *args)
        seen.setdefault("forked", []).append((fn.__name__, pending.forked))
        real_result = pending.result

        def result():
            seen[fn.__name__] = value = real_result()
            return value

        pending.result = result
        return pending

    monkeypatch.setattr(forked, "start", spying)
    with planted(ClinicSite(posts=POSTS)) as site:
        out = run_scan(tmp_path, site)
    assert seen["forked"] == [("analyse_site", True), ("add_intel_cards", True)]
    here = analyse_site(seen["pages"], seen["options"])
    assert seen["analyse_site"].to_dict() == here.to_dict()
    assert seen["add_intel_cards"] >= 2  # cards were written
    rows = {u: r for u, r in pages_csv(out).items() if r["scorecard"]}  # broken link targets have no card
    written = {u: (out / r["scorecard"]).read_text(encoding="utf-8") for u, r in rows.items()}
    assert sum(bool(intel_slot(h)) for h in written.values()) == seen["add_intel_cards"]
    scan_id = [r for r in jsonl(out) if r["type"] == "scan"][-1]["scan_id"]
    store = Store(tmp_path / "h.db")
    cards_writer(here, scorecard_finder(store, scan_id), out)
    store.close()
    assert {u: (out / r["scorecard"]).read_text(encoding="utf-8") for u, r in rows.items()} == written
