"""Reporters: JSON shape and round-trip, determinism, index links, file names, text."""

from __future__ import annotations

import dataclasses
import gzip
import json
import os
import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from seoaudit.document import build_document
from seoaudit.models import SCHEMA_VERSION, CheckResult, Evidence, PageReport, Targeting
from seoaudit.scoring import band
from seoaudit.reports import REPORTERS, RenderContext, check_docs, get_reporter, page_filename, slugify
from seoaudit.reports.html import keyphrase_positions, mark, render_html

from _report_samples import HANDMADE_DOCS, SOURCE, audit_html, error_page, make_report, sample_report

CTX = RenderContext(docs=HANDMADE_DOCS)
ANSI = re.compile(r"\x1b\[")


@pytest.fixture(scope="module")
def report():
    return sample_report()


def html_files(report, ctx=CTX) -> dict[str, str]:
    return {f.path: f.data.decode("utf-8") for f in REPORTERS["html"].render(report, ctx)}


# ---- registry -------------------------------------------------------------------------


def test_every_reporter_has_the_same_interface(report):
    assert set(REPORTERS) == {"html", "json", "text"}
    for name, reporter in REPORTERS.items():
        assert reporter.name == name and reporter.default_filename
        files = reporter.render(report, CTX)
        assert files and all(isinstance(f.data, bytes) for f in files)
        if reporter.single_file:
            assert len(files) == 1 and files[0].path == reporter.default_filename
    with pytest.raises(KeyError):
        get_reporter("pdf")


def test_check_docs_come_from_the_registered_checks():
    docs = check_docs()
    assert docs["BA001"].title and docs["BA001"].fail_title and docs["BA001"].why
    assert "ZZ999" not in docs  # unknown codes have no entry, and reporters cope


# ---- JSON ---------------------------------------------------------------------------------


def test_json_shape(report):
    data = json.loads(REPORTERS["json"].render(report, CTX)[0].data)
    assert list(data)[:4] == ["schema_version", "tool", "score", "pages"]
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["tool"]["name"] == "seoaudit"
    assert len(data["pages"]) == 3
    page = data["pages"][0]
    for key in ("source", "url", "status", "error", "score", "categories", "checks", "stats"):
        assert key in page
    assert set(page["categories"]) >= {"keyphrase", "local", "readability", "links", "basics"}
    check = next(c for c in page["checks"] if c["code"] == "KW001")
    assert set(check) >= {"code", "name", "category", "status", "score", "value", "message", "evidence"}
    assert check["evidence"][0]["highlights"] == ["Acupuncture", "back", "pain", "Edmonton", "amp"]
    assert check["evidence"][2]["position"] == 1.0
    assert data["pages"][2]["status"] == "error" and data["pages"][2]["error"]


def test_json_round_trips_the_model(report):
    raw = REPORTERS["json"].render(report, CTX)[0].data
    assert raw.endswith(b"\n")
    data = json.loads(raw)
    assert data == json.loads(json.dumps(report.to_dict()))
    assert data["score"] == round(report.score, 1)
    assert [p["score"] for p in data["pages"]] == [None if p.score is None else round(p.score, 1) for p in report.pages]


def test_json_keeps_non_ascii_text():
    page = dataclasses.replace(error_page(), error="Café déjà vu")
    raw = REPORTERS["json"].render(make_report((page,)), CTX)[0].data
    assert "Café déjà vu".encode("utf-8") in raw


# ---- determinism ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "json", "text"])
def test_same_report_gives_same_bytes(fmt):
    first = REPORTERS[fmt].render(sample_report(), CTX)
    second = REPORTERS[fmt].render(sample_report(), CTX)
    assert [(f.path, f.data) for f in first] == [(f.path, f.data) for f in second]


def test_no_timestamp_unless_the_report_has_one(report):
    html = "".join(html_files(report).values())
    assert not re.search(r"20\d\d-\d\d-\d\d", html)
    stamped = dataclasses.replace(report, generated_at="2024-05-01T10:00:00Z")
    assert "2024-05-01T10:00:00Z" in html_files(stamped)["index.html"]
    assert json.loads(REPORTERS["json"].render(stamped, CTX)[0].data)["generated_at"] == "2024-05-01T10:00:00Z"


# ---- HTML -------------------------------------------------------------------------------------


def test_index_links_to_every_page_worst_first(report):
    files = html_files(report)
    assert "index.html" in files and len(files) == 4
    tree = LexborHTMLParser(files["index.html"])
    hrefs = [a.attributes["href"] for a in tree.css("table.pages a.page-title")]
    assert sorted(hrefs) == sorted(p for p in files if p != "index.html")
    pills = [p.text().strip() for p in tree.css("table.pages .pill")]
    # the failed page first, then ascending scores
    assert pills[0] == "!"
    assert [int(p) for p in pills[1:]] == sorted(int(p) for p in pills[1:])
    for name, html in files.items():
        if name != "index.html":
            assert 'href="index.html"' in html
    # 3 pages, 1 of them not auditable: the header counts what was audited ("3 pages audited ... 1 could not be")
    assert tree.css_first("header.hero h1").text() == "2 pages audited"
    assert tree.css_first("header.hero .counts").text().strip() == "1 could not be audited"


def test_single_page_has_no_index(report):
    files = html_files(make_report(report.pages[:1]))
    assert list(files) == [page_filename(SOURCE)]
    assert 'href="index.html"' not in files[page_filename(SOURCE)]


def test_scorecard_shows_scores_and_checks(report):
    page = report.pages[0]
    html = html_files(report)[page_filename(page.source)]
    tree = LexborHTMLParser(html)
    assert tree.css_first("#overall-gauge .num").text().strip() == str(round(page.score))
    assert f"gauge--{band(page.score)}" in tree.css_first("#overall-gauge").attributes["class"]
    gauges = {a.attributes["href"]: a.css_first("svg .num").text() for a in tree.css("nav.cats a")}
    assert gauges == {
        f"#cat-{cat}": ("–" if score is None else str(round(score))) for cat, score in page.categories.items()
    }
    for c in page.checks:
        node = tree.css_first(f"#check-{c.code}")
        assert node is not None, c.code
        assert f"c-{c.status}" in node.attributes["class"]
        assert ("open" in node.attributes) == (c.status in ("bad", "ok", "error"))
    # failure title, fix and why from the docs; the title of a good check from its spec
    bad = tree.css_first("#check-ZZ901")
    assert bad.css_first(".title").text() == "Related links are broken"
    assert bad.css_first(".fix") is not None and bad.css_first(".why") is not None
    good = next(c for c in page.checks if c.status == "good" and c.code in check_docs())
    assert tree.css_first(f"#check-{good.code} .title").text() == check_docs()[good.code].title
    assert tree.css_first(f"#check-{good.code} .fix") is None  # no fix shown for a passing check
    # an unknown code still renders, titled from its name
    assert tree.css_first("#check-ZZ902 .title").text() == "Image alt"


def test_scorecard_evidence(report):
    tree = LexborHTMLParser(html_files(report)[page_filename(SOURCE)])
    marks = [m.text() for m in tree.css("#check-KW001 mark")]
    assert marks[:4] == ["Acupuncture", "back", "pain", "Edmonton"]
    assert "amp" not in marks  # "&amp;" is never split by a highlight
    links = tree.css("#check-ZZ901 .ev-link")
    assert [l.css_first("q").text() for l in links] == ["Physiotherapy for sciatica", "click here"]
    assert links[1].css_first("a").attributes["href"] == "https://clinic.example/blog/missing/"
    assert "s-bad" in links[1].css_first(".badge").attributes["class"]
    ticks = tree.css("#keyphrase-map rect.tick")
    assert len(ticks) == 3
    xs = [float(t.attributes["x"]) for t in ticks]
    assert xs[0] == 0 and 400 < xs[1] < 430 and xs[2] == 994


def test_a_claims_scorecard_says_where_the_rule_and_the_advice_in_one_line():
    """The scorecard shows a claim as it did when the rule and the advice were inside its
    detail: "In the title: rule cure-word. Safer: ...", for the main content without "In the"."""
    html = ("<html lang='en'><head><title>Acupuncture cures back pain | Clinic</title></head><body><article>"
            "<h1>Acupuncture for back pain</h1><p>We explain what to expect at a first visit.</p>"
            "<p>Our acupuncture cures back pain.</p></article></body></html>")
    page = audit_html(html, "https://clinic.example/blog/back-pain/")
    cl001 = next(c for c in page.checks if c.code == "CL001")
    files = render_html(make_report((page,)), RenderContext())
    tree = LexborHTMLParser(files[0].data.decode())
    notes = [n.text() for n in tree.css("#check-CL001 .detail")]
    advice = cl001.evidence[0].advice
    assert advice.startswith("Safer: ") and notes == [f"In the title: rule cure-word. {advice}", f"rule cure-word. {advice}"]


def test_keyphrase_strip_only_with_positions(report):
    short = report.pages[1]
    assert keyphrase_positions(short) == ()
    assert 'id="keyphrase-map"' not in html_files(report)[page_filename(short.source)]


def test_error_page_renders_the_cause(report):
    html = html_files(report)[page_filename(error_page().source)]
    tree = LexborHTMLParser(html)
    assert "HTTP 404 Not Found" in tree.css_first("#page-error pre").text()
    assert tree.css_first("#overall-gauge .num").text().strip() == "–"
    assert tree.css("details.check") == []
    assert "check it for typos" in tree.css_first("#page-error .next-step").text()


@pytest.mark.parametrize("cause, step", [
    ("http-404", "redirect the old one"), ("http-410", "redirect the old one"), ("http-403", "saved copy"),
    ("http-429", "saved copy"), ("http-503", "try again later"), ("http-500", "try again later"),
    ("redirect-loop", "redirects in a circle"), ("too-many-redirects", "redirects in a circle"),
    ("timeout", "--timeout"), ("page-timeout", "--timeout"), ("dns", "could not be reached"),
    ("refused", "could not be reached"), ("tls", "could not be reached"), ("non-html", "not a file, feed"),
    ("too-large", "--max-bytes"), ("unsupported-type", ".html, .htm, .md or .txt"), ("binary", ".html, .htm, .md or .txt"),
    ("unreadable", "Check the path"), ("front-matter", "front matter block"), ("empty", "no readable text"),
    ("http-400", ""), ("parse", ""), ("other", ""), ("", ""), (None, ""),
])
def test_an_error_scorecard_says_what_to_do_about_its_cause(cause, step):
    from seoaudit.reports.base import next_step
    assert (step in next_step(cause)) if step else next_step(cause) == ""


def test_each_failure_fetching_or_reading_a_post_gets_the_advice_for_its_cause(http_server, tmp_path):
    """The advice follows the cause code the failure was given where it was made (fetch.py, files.py),
    not its wording: each real failure, audited as `audit` audits it, reaches its advice."""
    import socket

    from httpserver import Reply, redirect

    from seoaudit.api import Auditor, read_targets
    from seoaudit.config import Settings
    from seoaudit.reports.base import next_step

    routes = {"/404": (Reply(status=404), "redirect the old one"), "/410": (Reply(status=410), "redirect the old one"),
              "/403": (Reply(status=403), "saved copy"), "/500": (Reply(status=500), "try again later"),
              "/loop": (redirect(301, "/loop"), "in a circle"), "/slow": (Reply(body=b"<p>late</p>", delay=1.5), "--timeout"),
              "/trickle": (Reply(body=b"<p>" + b"slow words " * 40 + b"</p>", chunk=11, pause=0.2), "--timeout"),
              "/pdf": (Reply(body=b"%PDF-1.4", headers=(("Content-Type", "application/pdf"),)), "not a file, feed"),
              "/big": (Reply(body=b"<p>" + b"x" * 5000 + b"</p>"), "--max-bytes")}
    for i in range(12):
        http_server.add(f"/hop{i}", redirect(301, f"/hop{i + 1}"))
    for path, (reply, _) in routes.items():
        http_server.add(path, reply)
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    closed = s.getsockname()[1]
    s.close()
    files = {"post.docx": (b"x", ".html, .htm, .md or .txt"), "image.md": (b"\x89PNG\r\n\x1a\n" + bytes(200), ".html, .htm, .md or .txt"),
             "blank.md": (b"   \n", "no readable text"), "fm.md": (b"---\ntitle: [unclosed\n---\nText.\n", "front matter block")}
    for name, (data, _) in files.items():
        (tmp_path / name).write_bytes(data)
    expected = {http_server.url(p): step for p, (_, step) in routes.items()}
    expected[http_server.url("/hop0")] = "in a circle"  # too many redirects
    expected[f"http://127.0.0.1:{closed}/post/"] = "could not be reached"
    expected.update({str(tmp_path / name): step for name, (_, step) in files.items()})
    expected[str(tmp_path / "missing.md")] = "Check the path"
    settings = Settings(read_timeout=0.5, page_timeout=1.0, max_bytes=1000)
    auditor = Auditor(settings)
    seen = {}
    for raw in read_targets(list(expected), settings):
        page = auditor.audit_page(raw).report
        assert page.status == "error" and page.cause, (raw.source, page.error)
        seen[raw.source] = (page.cause, next_step(page.cause))
    assert {source: step in seen[source][1] for source, step in expected.items()} == {source: True for source in expected}, seen


def test_scorecard_is_self_contained(report):
    for html in html_files(report).values():
        tree = LexborHTMLParser(html)
        assert tree.css("script") == [] and tree.css("link") == []
        assert not re.search(r"""(src|href)=["']?(https?:)?//(?!clinic\.example)""", html)
        assert "@import" not in html and "url(" not in html
        assert tree.css_first("style") is not None


def test_mark_escapes_before_marking():
    out = str(mark("<b>back</b> pain & back-pain", ("back", "b")))
    assert out == "&lt;<mark>b</mark>&gt;<mark>back</mark>&lt;/<mark>b</mark>&gt; pain &amp; <mark>back</mark>-pain"
    assert str(mark("a < b", ())) == "a &lt; b"


# ---- file names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    ["../../etc/passwd", "https://x/a b?c=<d>", "C:\\Users\\me\\post.html", "/", "", "..", "%2e%2e/%2e%2e/x", "ü" * 300],
)
def test_file_names_are_safe(source):
    name = page_filename(source)
    assert re.fullmatch(r"[a-z0-9-]{1,90}\.html", name), name
    assert name == page_filename(source)  # deterministic


def test_file_names_are_readable_and_unique():
    assert page_filename("../../etc/passwd").startswith("etc-passwd-")
    assert page_filename("https://www.clinic.example/blog/back-pain.html").startswith("clinic-example-blog-back-pain-")
    assert page_filename("https://x/a b?c=<d>").startswith("x-a-b-")
    assert page_filename("posts/a.html") != page_filename("posts/a.htm")
    assert len(slugify("word-" * 40)) <= 80


def test_duplicate_sources_get_distinct_files(report):
    twice = make_report((report.pages[0], report.pages[0]))
    names = [f.path for f in render_html(twice, CTX)]
    assert len(names) == len(set(names)) == 3


# ---- text ---------------------------------------------------------------------------------------


def test_text_without_color_has_no_ansi(report):
    out = REPORTERS["text"].render(report, RenderContext(color=False))[0].data.decode()
    assert not ANSI.search(out)
    lines = out.splitlines()
    assert any(re.match(r"\s+BAD\s+ZZ901 related-links\s", l) for l in lines)
    assert any(re.match(r"\s+OK\s+KW001 keyphrase-density\s", l) for l in lines)
    assert not any("BA003 single-h1" in l for l in lines[:6])  # good checks are not listed for page 1
    assert "HTTP 404 Not Found" in out


def test_text_with_color_uses_ansi(report):
    out = REPORTERS["text"].render(report, RenderContext(color=True))[0].data.decode()
    assert ANSI.search(out)


UNTARGETED_HTML = """<!doctype html><html lang="en"><head><title>Dental Implants in Austin | Barton Creek Dental</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Dentist", "name": "Barton Creek Dental",
"address": {"@type": "PostalAddress", "addressLocality": "Austin", "addressRegion": "TX"}}</script></head>
<body><article><h1>Dental implants: cost, steps and recovery</h1>
<p>If you are missing a tooth, dental implants are one way to replace it. Our dentists explain every step.</p>
</article></body></html>"""


def test_a_run_without_keyphrase_or_city_says_so_in_the_text_summary_and_the_scorecard_header():
    # the na lines that said so are hidden from the text summary: "score 94 (good)" read as complete
    untargeted = audit_html(UNTARGETED_HTML, "https://dental.example/blog/dental-implants-austin/", Targeting())
    text = REPORTERS["text"].render(make_report((untargeted,)), RenderContext())[0].data.decode()
    assert 'no keyphrase given: keyphrase checks not run (the score leaves them out); try -k "dental implants"' in text
    assert 'no city given: city checks not run (the score leaves them out); try -c "Austin"' in text
    hero = LexborHTMLParser(render_html(make_report((untargeted,)), RenderContext())[0].data.decode()).css_first("header.hero")
    notes = [p.text() for p in hero.css("p.targeting-note")]
    assert notes == ['No keyphrase given: keyphrase checks not run (the score leaves them out); try -k "dental implants".',
                     'No city given: city checks not run (the score leaves them out); try -c "Austin".']
    targeted = audit_html(UNTARGETED_HTML, "https://dental.example/blog/dental-implants-austin/",
                          Targeting(keyphrases=("dental implants",), cities=("Austin",)))
    assert "given" not in REPORTERS["text"].render(make_report((targeted,)), RenderContext())[0].data.decode()
    assert not LexborHTMLParser(render_html(make_report((targeted,)), RenderContext())[0].data.decode()).css("p.targeting-note")


def test_a_text_draft_is_reminded_once_of_its_slug_and_meta_description_which_cost_it_nothing(tmp_path):
    from seoaudit.files import read_file
    from seoaudit.runner import audit_document
    from seoaudit.checks import ALL_CHECKS
    from seoaudit.registry import CheckContext

    post = tmp_path / "post.txt"
    post.write_text("Acupuncture for Back Pain\n\nAcupuncture for back pain is one option among several in Edmonton.\n",
                    encoding="utf-8")
    page = audit_document(build_document(read_file(post)), ALL_CHECKS, {},
                          CheckContext(targeting=Targeting(keyphrases=("acupuncture for back pain",), cities=("Edmonton",))))
    assert {c.code: c.status for c in page.checks if c.code in ("KW006", "KW007", "BA002")} == {
        "KW006": "na", "KW007": "na", "BA002": "na"}
    text = REPORTERS["text"].render(make_report((page,)), RenderContext())[0].data.decode()
    assert text.count("plain-text draft: in your CMS, give it a slug and a meta description that name "
                      "'acupuncture for back pain'") == 1


def test_a_category_scored_without_its_target_says_how_few_checks_its_gauge_stands_on():
    # without a city the Local gauge read "100 Good" from the place-list check alone
    untargeted = audit_html(UNTARGETED_HTML, "https://dental.example/blog/dental-implants-austin/", Targeting())
    local = [c for c in untargeted.checks if c.category == "local"]
    ran = [c for c in local if c.status not in ("na", "error")]
    assert ran and len(ran) < len(local) and untargeted.categories["local"] is not None
    doc = LexborHTMLParser(render_html(make_report((untargeted,)), RenderContext())[0].data.decode())
    gauge = next(a for a in doc.css("nav.cats a") if a.attributes.get("href") == "#cat-local")
    assert gauge.css_first(".cat-note").text() == f"no city given: {len(ran)} of {len(local)} checks"
    # shown as partial, not in the band its few checks give ("100 Good" from the place-list check alone)
    assert gauge.css_first(".band-text").text() == "Partial" and "gauge--partial" in gauge.css_first("svg").attributes["class"]
    assert "partial" in gauge.css_first("svg").attributes["aria-label"]
    keyphrase = next(a for a in doc.css("nav.cats a") if a.attributes.get("href") == "#cat-keyphrase")
    assert "gauge--partial" not in keyphrase.css_first("svg").attributes["class"]  # no score at all: "–", not partial
    text = REPORTERS["text"].render(make_report((untargeted,)), RenderContext())[0].data.decode()
    assert re.search(r"local \d+ \(partial\)", text) and not re.search(r"readability \d+ \(partial\)", text)
    targeted = audit_html(UNTARGETED_HTML, "https://dental.example/blog/dental-implants-austin/",
                          Targeting(keyphrases=("dental implants",), cities=("Austin",)))
    targeted_doc = LexborHTMLParser(render_html(make_report((targeted,)), RenderContext())[0].data.decode())
    assert not targeted_doc.css(".cat-note") and not targeted_doc.css(".gauge--partial")
    assert "(partial)" not in REPORTERS["text"].render(make_report((targeted,)), RenderContext())[0].data.decode()


def test_text_lists_worst_first():
    checks = tuple(
        CheckResult(code=f"ZZ{i}", name=f"c{i}", category="basics", status=s, score=None if s in ("na", "error") else 50.0)
        for i, s in enumerate(("ok", "bad", "error", "good"))
    )
    page = dataclasses.replace(error_page(), status="ok", error=None, checks=checks, score=50.0)
    out = REPORTERS["text"].render(make_report((page,)), RenderContext())[0].data.decode()
    tags = [l.split()[0] for l in out.splitlines() if re.match(r"\s+(ERR|BAD|OK|GOOD)\s+ZZ", l)]
    assert tags == ["ERR", "BAD", "OK"]


def test_evidence_is_capped():
    ev = tuple(Evidence("sentence", f"Sentence {i}.") for i in range(80))
    check = CheckResult(code="ZZ1", name="many", category="basics", status="bad", score=15.0, evidence=ev)
    page = dataclasses.replace(error_page(), status="ok", error=None, checks=(check,), score=15.0)
    html = html_files(make_report((page,)))[page_filename(page.source)]
    tree = LexborHTMLParser(html)
    assert len(tree.css("#check-ZZ1 .evidence li")) == 50
    assert "30" in tree.css_first("#check-ZZ1 .more").text()


# ---- real pages from the shared corpus (skipped where the corpus is not present) -------------

CORPUS = Path(os.environ.get("SEOAUDIT_CORPUS", "/work/shared/corpus/real_pages"))


def corpus_pages(limit: int) -> list[tuple[str, str]]:
    manifest = CORPUS / "manifest.jsonl"
    if not manifest.exists():
        pytest.skip(f"real-page corpus not found at {CORPUS}")
    entries = [json.loads(line) for line in manifest.read_text().splitlines()[:limit]]
    return [(e["url"], gzip.decompress((CORPUS / e["html"]).read_bytes()).decode("utf-8", "replace")) for e in entries]


def test_real_pages_render_in_every_format():
    pages = tuple(audit_html(html, url) for url, html in corpus_pages(8))
    report = make_report(pages)
    for fmt, reporter in REPORTERS.items():
        first = reporter.render(report, RenderContext())
        assert [f.data for f in first] == [f.data for f in reporter.render(report, RenderContext())], fmt
    files = html_files(report, RenderContext())
    assert len(files) == len(pages) + 1
    for page in pages:
        tree = LexborHTMLParser(files[page_filename(page.source)])
        assert tree.css("script") == []
        assert len(tree.css("details.check")) == len(page.checks)


def test_value_facts():
    from seoaudit.reports.html import value_facts

    assert value_facts(0, "bad") == (("Measured", "0"),)
    assert value_facts(2.3456, "ok") == (("Measured", "2.35"),)
    assert value_facts(5, "na") == ()
    facts = value_facts({"keyphrase": "x", "density": 2.3, "reduced": ["a", "b"], "others": [{"k": 1}], "signals": []}, "good")
    assert facts == (("Density", "2.3"), ("Reduced", "a, b"))


def test_a_list_of_named_records_is_shown_by_name_not_dumped():
    # LC003's value (places found) read "name: Alberta, label: Alberta (CA-AB), kind: region, count: 1, ..."
    from seoaudit.reports.base import fmt_value

    places = [{"name": "Alberta", "label": "Alberta (CA-AB)", "kind": "region", "count": 1},
              {"name": "Banff", "label": "Banff (CA-AB)", "kind": "city", "count": 2}]
    assert fmt_value(places) == "Alberta (CA-AB), Banff (CA-AB) ×2"
    assert fmt_value({"density": 1.5, "matches": 3}) == "density: 1.5, matches: 3"


def test_fix_examples_name_the_pages_own_keyphrase_and_city(tmp_path):
    """A physio post in Calgary was told "e.g. 'Acupuncture for Back Pain in Edmonton'"."""
    from seoaudit.checks import ALL_CHECKS
    from seoaudit.reports.base import check_docs

    spec = next(s for s in ALL_CHECKS if s.code == "KW007")
    assert spec.fix.endswith("e.g. /blog/acupuncture-back-pain-edmonton/.")  # explain, README, SARIF
    assert spec.fix_for("physiotherapy for knee pain", "Calgary").endswith("e.g. /blog/physiotherapy-knee-pain-calgary/.")
    page = PageReport(source="x", url="x", status="ok", keyphrases=("physiotherapy for knee pain",), cities=("Calgary",))
    assert "'Physiotherapy for Knee Pain in Calgary | Clinic Name'" in check_docs()["KW003"].fix_for(page)
    french = PageReport(source="x", url="x", status="ok", keyphrases=("acupuncture pour le mal de dos",), cities=("Montréal",),
                        stats={"language": "fr-CA"})
    assert "/blog/acupuncture-mal-dos-montreal/" in check_docs()["KW007"].fix_for(french)
    assert "'Acupuncture pour le mal de dos à Montréal | Nom de la clinique'" in check_docs()["KW003"].fix_for(french)
    # JSON examples in other fixes keep their braces
    assert '{"@type": "Person"' in check_docs()["LB004"].fix_for(page)


@pytest.mark.parametrize("keyphrase,link", [
    ("physiotherapy for knee pain", '<a href="/services/physiotherapy/">physiotherapy</a>'),
    ("physio for sciatica", '<a href="/services/physiotherapy/">physiotherapy</a>'),  # the treatment, as the rules name it
    ("back pain relief", '<a href="/services/back-pain-relief/">back pain relief</a>'),  # not "/services/back/"
    ("dental implants", '<a href="/services/dental-treatment/">dental treatment</a>'),
])
def test_service_link_examples_name_the_treatment_a_keyphrase_is_about(keyphrase, link):
    html = "<html lang='en'><head><title>Notes</title></head><body><article><h1>Notes</h1><p>Book a visit.</p></article></body></html>"
    page = audit_html(html, "https://clinic.example/blog/notes/", Targeting(keyphrases=(keyphrase,), cities=("Calgary",)))
    assert link in check_docs()["CV001"].fix_for(page)


def test_a_local_files_scorecard_names_its_path_once_and_notes_stay_out_of_tile_values(tmp_path):
    """A local file's scorecard showed "file:///.../post.txt (from .../post.txt)"; the
    Language tile broke "en (guessed from the text)" inside a narrow tile."""
    from seoaudit.reports.html import stats_items

    page = PageReport(source="samples/post.txt", url=f"file://{tmp_path}/samples/post.txt", status="ok",
                      stats={"words": 690, "language": "en (guessed from the text)"})
    html = render_html(make_report((page,)), RenderContext())[0].data.decode()
    source_line = LexborHTMLParser(html).css_first("p.source").text().strip()
    assert source_line == "samples/post.txt" and "file://" not in source_line
    assert ("Language", "en", "guessed from the text") in stats_items(page)
    assert ("Words", "690", "") in stats_items(page)
    counted = PageReport(source="x", url="x", status="ok", stats={"links": 17, "internal_links": 3})
    assert [label for label, _, _ in stats_items(counted)] == ["Links on the page", "Internal links"]
    tile = next(n for n in LexborHTMLParser(html).css(".stats dd") if n.css_first("small"))
    assert tile.css_first("small").text() == "guessed from the text"
    fetched = dataclasses.replace(page, source="https://clinic.example/blog/a/", url="https://clinic.example/blog/a/")
    html = render_html(make_report((fetched,)), RenderContext())[0].data.decode()
    assert LexborHTMLParser(html).css_first("p.source a").attributes["href"] == "https://clinic.example/blog/a/"


def test_fill_example_takes_the_treatment_it_is_given():
    """The claim checks' safer wordings pass the treatment as their rules file names it, with
    its article in French (not in its URL); fix examples the page's in English, else the
    keyphrase's topic."""
    from seoaudit.registry import fill_example, fix_example

    template = "{Treatment} / {treatment} / {practitioner} / /services/{treatment_slug}/"
    assert (fill_example(template, "", "", "fr", treatment="la physiothérapie", practitioner="physiothérapeute")
            == "La physiothérapie / la physiothérapie / physiothérapeute / /services/physiotherapie/")
    assert fill_example(template, "", "", "es", treatment="la fisioterapia").endswith("/services/fisioterapia/")
    assert fill_example(template, "", "", "fr", treatment="l'acupuncture").endswith("/services/acupuncture/")
    assert fix_example("", template, "back pain relief", treatment="massage therapy").startswith("Massage therapy / ")
    assert fix_example("", template, "back pain relief").endswith("/services/back-pain-relief/")
    assert fix_example("", template, placeholders=True).startswith("[service] / ")


@pytest.mark.parametrize("lang, h1, in_english, service_link, in_claims", [
    ("en", "Massage for back pain relief at work", "massage therapy",
     '<a href="/services/massage-therapy/">massage therapy</a>', "'Massage therapy is generally well tolerated;"),
    ("fr", "La massothérapie et le mal de dos", "massage therapy",
     '<a href="/services/massotherapie/">la massothérapie</a>', "« La plupart des gens tolèrent bien la massothérapie ;"),
])
def test_the_fix_example_and_the_claim_wording_name_the_treatment_the_h1_names(lang, h1, in_english, service_link, in_claims):
    """A keyphrase that names no treatment ("back pain relief") left the fix examples with its
    topic while the claim checks' safer wordings named the H1's treatment: one decision now
    (``clinic_common.page_treatment``), named in the page's language in the fix example
    and in the wording (JSON ``treatment`` in English)."""
    from seoaudit.models import Targeting

    claim = {"en": "<p>Massage has no side effects.</p>", "fr": "<p>Le massage n'a aucun effet secondaire.</p>"}[lang]
    html = (f"<html lang='{lang}'><head><title>Back pain</title></head><body><article><h1>{h1}</h1>"
            f"{claim}<p>{'Book a visit today.' if lang == 'en' else 'Prenez rendez-vous.'}</p></article></body></html>")
    page = audit_html(html, "https://clinic.example/blog/back-pain/", Targeting(keyphrases=("back pain relief",), cities=("Calgary",)))
    assert page.treatment == in_english
    assert service_link in check_docs()["CV001"].fix_for(page)
    safety = next(c for c in page.checks if c.code == "CL003")
    assert safety.evidence and safety.evidence[0].advice.split("Safer: ", 1)[1].startswith(in_claims)
    # without the H1's treatment, the fix names the keyphrase's topic and the wording a neutral one
    plain = audit_html(html.replace(h1, "Back pain at work"), "https://clinic.example/blog/back-pain/",
                       Targeting(keyphrases=("back pain relief",), cities=("Calgary",)))
    unnamed = {"en": '"/services/back-pain-relief/">back pain relief</a>', "fr": '"/services/traitement/">le traitement</a>'}[lang]
    assert plain.treatment == "" and unnamed in check_docs()["CV001"].fix_for(plain)


def test_a_page_without_keyphrase_or_city_gets_placeholders_not_someone_elses_example():
    """A dental post audited without -k/-c was told "e.g. 'Acupuncture for Back Pain in
    Edmonton | Clinic'"; `explain` (no page) keeps that default example."""
    from seoaudit.checks import ALL_CHECKS

    docs = check_docs()
    bare = PageReport(source="x", url="x", status="ok")
    fixes = {code: docs[code].fix_for(bare) for code in ("BA001", "KW003", "CV001", "CV003", "LK001", "LK004")}
    assert "'[keyphrase] in [city] | Clinic'" in fixes["BA001"]
    assert "Book your [service] assessment" in fixes["CV003"] and "a first [service] visit" in fixes["LK001"]
    assert not any("cupuncture" in f or "Edmonton" in f for f in fixes.values())
    assert "Acupuncture for Back Pain in Edmonton" in next(s for s in ALL_CHECKS if s.code == "BA001").fix
    dental = PageReport(source="x", url="x", status="ok", keyphrases=("teeth whitening",))
    assert "'read our guide to teeth whitening'" in docs["LK004"].fix_for(dental)


def test_scorecard_sections_put_what_to_fix_first_and_what_did_not_apply_last():
    """A single post's site checks are not applicable: they follow the checks that passed."""
    from seoaudit.reports.html import category_views

    from _report_samples import CLINIC_HTML

    report = audit_html(CLINIC_HTML, SOURCE)
    for view in category_views(report, RenderContext()):
        statuses = [c.status for c in view.checks]
        order = ["error", "bad", "ok", "good", "na"]
        assert statuses == sorted(statuses, key=order.index), (view.name, statuses)
    links = next(v for v in category_views(report, RenderContext()) if v.name == "links")
    assert links.checks[-1].status == "na" and links.checks[0].status != "na"


@pytest.mark.parametrize("keyphrase, expected", [
    ("acupuncture Edmonton", "e.g. 'Acupuncture Edmonton | Clinic Name'"),  # it names its city: not "... in Edmonton" again
    ("acupuncture for back pain", "e.g. 'Acupuncture for Back Pain in Edmonton | Clinic Name'"),
])
def test_a_fix_example_names_the_city_once(keyphrase, expected):
    from seoaudit.registry import fill_example

    assert fill_example("e.g. '{Keyphrase} in {city} | Clinic Name'", keyphrase, "Edmonton", treatment="acupuncture") == expected


def test_a_category_without_its_target_weighs_its_share_of_checks_in_the_page_score():
    """Without a city, Local's "100" from the place-list check alone counted at full weight and
    the page scored higher than with its city."""
    from seoaudit.scoring import CATEGORY_WEIGHTS

    page = audit_html(UNTARGETED_HTML, "https://dental.example/blog/dental-implants-austin/", Targeting(keyphrases=("dental implants",)))
    local = [c for c in page.checks if c.category == "local"]
    share = sum(1 for c in local if c.status not in ("na", "error")) / len(local)
    assert 0 < share < 1 and page.categories["local"] is not None
    weights = {cat: w * (share if cat == "local" else 1.0) for cat, w in CATEGORY_WEIGHTS.items()}
    scored = {cat: s for cat, s in page.categories.items() if s is not None}
    expected = sum(s * weights[cat] for cat, s in scored.items()) / sum(weights[cat] for cat in scored)
    assert page.score == pytest.approx(min(expected, (page.score_cap or {}).get("max", 100)))
    # with its city every category weighs its configured weight
    targeted = audit_html(UNTARGETED_HTML, "https://dental.example/blog/dental-implants-austin/",
                          Targeting(keyphrases=("dental implants",), cities=("Austin",)))
    scored = {cat: s for cat, s in targeted.categories.items() if s is not None}
    plain = sum(s * CATEGORY_WEIGHTS[cat] for cat, s in scored.items()) / sum(CATEGORY_WEIGHTS[cat] for cat in scored)
    assert targeted.score == pytest.approx(min(plain, (targeted.score_cap or {}).get("max", 100)))


# ---- what a reader acts on: "Fix these first", capped scores, plain words, balanced quotes ----


def _results(*specs) -> tuple[CheckResult, ...]:
    """(code, status, score) triples as check results of the basics category."""
    return tuple(CheckResult(code=code, name=code.lower(), category="basics", status=status, score=score,
                             message=f"{code} says what it found.") for code, status, score in specs)


def _page_with(checks: tuple[CheckResult, ...], cap: dict | None = None, score: float = 70.0) -> PageReport:
    return dataclasses.replace(error_page("https://clinic.example/blog/p/"), status="ok", error=None, cause=None,
                               checks=checks, score=score, categories={"basics": score}, score_cap=cap)


def test_fix_these_first_lists_problems_then_improvements_the_caps_checks_first_each_linking_to_its_card():
    """The 3 problems of a post came after about 25 GOOD rows: they are now listed under the
    gauges, the checks holding the score at its cap first, then by status and score."""
    checks = _results(("ZZ01", "good", 100.0), ("ZZ02", "ok", 60.0), ("ZZ03", "bad", 0.0), ("ZZ04", "ok", 30.0),
                      ("ZZ05", "bad", 15.0), ("ZZ06", "na", None), ("ZZ07", "bad", 40.0))
    page = _page_with(checks, cap={"max": 70, "checks": ["ZZ07"], "uncapped": 91.8})
    tree = LexborHTMLParser(html_files(make_report((page,)))[page_filename(page.source)])
    items = tree.css("#fix-first li.fix")
    assert [li.attributes["data-code"] for li in items] == ["ZZ07", "ZZ03", "ZZ05", "ZZ04", "ZZ02"]
    for li in items:
        code = li.attributes["data-code"]
        assert li.css_first("a").attributes["href"] == f"#check-{code}" and tree.css_first(f"#check-{code}") is not None
        assert li.css_first(".msg").text() == f"{code} says what it found."
    assert items[0].css_first(".caps").text() == "holds the score at 70"
    assert [li.css_first(".caps") is not None for li in items] == [True, False, False, False, False]
    assert tree.css_first("#fix-first-more") is None
    # the header's counts lead to the list
    chips = {li.text().strip(): li.css_first("a") for li in tree.css("header.hero .counts li")}
    assert chips["3 problems"].attributes["href"] == chips["2 to improve"].attributes["href"] == "#fix-first"
    assert chips["1 good"] is None
    # the terminal lists them in the same order
    text = REPORTERS["text"].render(make_report((page,)), RenderContext())[0].data.decode()
    assert re.findall(r"^\s+(?:BAD|OK)\s+(ZZ\d+)", text, re.M) == ["ZZ07", "ZZ03", "ZZ05", "ZZ04", "ZZ02"]


def test_fix_these_first_stops_at_eight_and_counts_the_rest():
    from seoaudit.reports.html import MAX_FIX_FIRST

    checks = _results(*((f"ZZ{i:02d}", "bad" if i % 2 else "ok", float(i)) for i in range(MAX_FIX_FIRST + 3)))
    page = _page_with(checks)
    tree = LexborHTMLParser(html_files(make_report((page,)))[page_filename(page.source)])
    assert len(tree.css("#fix-first li.fix")) == MAX_FIX_FIRST
    assert tree.css_first("#fix-first-more").text().startswith("and 3 more checks")
    statuses = [li.attributes["class"].split()[-1] for li in tree.css("#fix-first li.fix")]
    assert statuses == sorted(statuses, key=["c-bad", "c-ok"].index)  # every problem before any "to improve"


def test_a_page_with_nothing_to_fix_has_no_list_and_plain_counts():
    page = _page_with(_results(("ZZ01", "good", 100.0), ("ZZ02", "na", None)), score=100.0)
    tree = LexborHTMLParser(html_files(make_report((page,)))[page_filename(page.source)])
    assert tree.css_first("#fix-first") is None and tree.css("header.hero .counts a") == []


def test_index_shows_the_score_before_the_cap_and_ranks_capped_pages_by_it():
    """Three posts held at 70 by a claim all read 70, side by side: the one that needs most
    work (71.9 before the cap) now comes first, and each says what it scored before the cap."""
    def capped(slug: str, uncapped: float) -> PageReport:
        return dataclasses.replace(_page_with(_results(("CL001", "bad", 0.0)), cap={"max": 70, "checks": ["CL001"], "uncapped": uncapped}),
                                   source=f"https://clinic.example/blog/{slug}/", url=f"https://clinic.example/blog/{slug}/")

    pages = (capped("a-near-perfect", 91.8), capped("b-poor", 71.9),
             dataclasses.replace(_page_with(_results(("ZZ01", "bad", 0.0)), score=69.6), source="https://clinic.example/blog/c/"),
             capped("d-middling", 78.9))
    index = LexborHTMLParser(html_files(make_report(pages))["index.html"])
    rows = index.css("table.pages.audited tbody tr")
    assert [r.css_first("a.page-title").text() for r in rows] == [
        "https://clinic.example/blog/c/", "https://clinic.example/blog/b-poor/",
        "https://clinic.example/blog/d-middling/", "https://clinic.example/blog/a-near-perfect/"]
    assert [r.css_first(".pill").text().strip() for r in rows] == ["70", "70", "70", "70"]
    notes = [(r.css_first(".uncapped").text() if r.css_first(".uncapped") else None) for r in rows]
    assert notes == [None, "71.9 before the cap", "78.9 before the cap", "91.8 before the cap"]
    assert rows[1].css_first(".uncapped").attributes["title"] == "Held at 70 by CL001"


def _kw001(status: str, score: float) -> CheckResult:
    return CheckResult(code="KW001", name="keyphrase-density", category="keyphrase", status=status, score=score,
                       message=f"KW001 is {status}.",
                       evidence=tuple(Evidence("sentence", f"Massage therapy Oakville {i}.", position=i / 10) for i in range(4)))


@pytest.mark.parametrize("density,stuffing,ticks,notes", [
    ("good", "good", "good", []),
    ("bad", "good", "bad", ["KW001"]),  # far more than recommended: the marks are red, not green
    ("good", "ok", "ok", ["KW002"]),
    ("bad", "bad", "bad", ["KW001", "KW002"]),
])
def test_the_keyphrase_strip_takes_the_colour_of_the_density_and_stuffing_checks(density, stuffing, ticks, notes):
    checks = (_kw001(density, 100.0 if density == "good" else 0.0),
              CheckResult(code="KW002", name="keyphrase-stuffing", category="keyphrase", status=stuffing, score=50.0,
                          message=f"KW002 is {stuffing}."))
    page = _page_with(checks)
    tree = LexborHTMLParser(html_files(make_report((page,)))[page_filename(page.source)])
    assert {t.attributes["class"] for t in tree.css("#keyphrase-map rect.tick")} == {f"tick {ticks}"}
    strip_notes = tree.css("#keyphrase-map .strip-note")
    assert [n.attributes["data-code"] for n in strip_notes] == notes
    for n in strip_notes:
        code = n.attributes["data-code"]
        assert n.css_first("a").attributes["href"] == f"#check-{code}" and f"{code} is " in n.text()


def test_the_link_tile_says_it_counts_the_whole_page():
    """"All links 21" beside the link checks' "All 7 links": stats.links counts menus and footer too."""
    from seoaudit.reports.html import stats_items

    html_page = PageReport(source="x", url="x", status="ok", kind="html", stats={"links": 21, "internal_links": 4})
    assert stats_items(html_page) == (("Links on the page", "21", "menus and footer included"), ("Internal links", "4", ""))
    draft = dataclasses.replace(html_page, kind="markdown")  # a draft has no menus to count
    assert stats_items(draft)[0] == ("Links on the page", "21", "")
    # the README says what the tile says
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "`links` counts every link on the page, menus and footer included" in readme


def test_keyphrase_density_facts_are_in_plain_words_with_percent_signs():
    """"Density 0.26 · Weighted 0.44 · Reduced physiotherapy, runner's, knee · Dropped for"."""
    from seoaudit.reports.html import value_facts

    value = {"keyphrase": "physiotherapy for runner's knee", "density": 0.26, "weighted": 0.44, "matches": 1,
             "sentences": 1, "exact": 1, "words": 384, "reduced": ["physiotherapy", "runner's", "knee"],
             "dropped": ["for"], "recommended": {"min": 2, "max": 6}}
    facts = dict(value_facts(value, "bad", "KW001"))
    assert facts == {"Times used": "1", "Aim for": "2-6 times", "Uses per 100 words": "0.26", "Density weighted for length": "0.44 %",
                     "Sentences with it": "1", "Exact phrase": "1", "Words in the text": "384",
                     "Words looked for": "physiotherapy, runner's, knee", "Small words ignored": "for"}
    assert list(facts)[:2] == ["Times used", "Aim for"]
    assert dict(value_facts({"keyphrase": "x", "slug": "runners-knee", "found": 2, "of": 3, "words": ["runners", "knee"]},
                            "good", "KW007")) == {"Slug": "runners-knee", "Keyphrase words in it": "2 of 3", "Words found": "runners, knee"}
    # figures of a check without labels keep their keys, as before
    assert value_facts({"per_block": 2}, "ok", "ZZ999") == (("Per block", "2"),)


def test_a_real_keyphrase_density_card_shows_percent_and_no_reduced_or_dropped():
    from _report_samples import CLINIC_HTML

    page = audit_html(CLINIC_HTML, SOURCE)
    tree = LexborHTMLParser(html_files(make_report((page,)), RenderContext())[page_filename(SOURCE)])
    facts = {d.css_first("dt").text(): d.css_first("dd").text() for d in tree.css("#check-KW001 dl.facts div")}
    assert float(facts["Uses per 100 words"]) > 0 and facts["Density weighted for length"].endswith(" %")
    assert not {"Reduced", "Dropped", "Weighted"} & set(facts)


def test_title_and_introduction_facts_say_where_the_keyphrase_is():
    """KW003 showed "Match exact-start · Position 0"."""
    from seoaudit.reports.html import value_facts

    def title(match, pos):
        return dict(value_facts({"keyphrase": "x", "match": match, "position": pos}, "ok", "KW003"))

    assert title("exact-start", 0) == {"Keyphrase in the title": "at the start"}
    assert title("exact", 4) == {"Keyphrase in the title": "not at the start (word 5)"}
    assert title("missing", None) == {"Keyphrase in the title": "no"}
    assert dict(value_facts({"keyphrase": "x", "match": "paragraph"}, "ok", "KW005")) == {"Keyphrase in the intro": "spread over sentences"}


def test_a_single_number_has_its_label_and_unit():
    """RD003's card read "Measured 29.4": a share of what, in what?"""
    from seoaudit.reports.html import value_facts

    assert value_facts(29.4, "bad", "RD003") == (("Long sentences", "29.4 %"),)
    assert value_facts(86, "ok", "RD004") == (("Longest paragraph", "86 words"),)
    assert value_facts(1, "good", "RD004") == (("Longest paragraph", "1 word"),)
    assert value_facts(156, "good", "BA002") == (("Description length", "156 characters"),)
    assert value_facts("en-CA", "good", "BA006") == (("Language tag", "en-CA"),)  # a word takes no unit
    assert value_facts(2, "ok", "ZZ999") == (("Measured", "2"),)  # a check without a label, as before


def test_check_documentation_reads_plain_on_the_terminal_and_the_scorecard():
    """`seoaudit explain LB001` printed "``tel:`` links and JSON-LD ``telephone``"."""
    from click.testing import CliRunner

    from seoaudit.checks import ALL_CHECKS
    from seoaudit.cli import cli
    from seoaudit.reports.base import plain_doc
    from _report_samples import CLINIC_HTML

    assert plain_doc("from ``tel:`` links, :code:`x` and `the guide <https://g.example/>`_") == \
        "from tel: links, x and the guide (https://g.example/)"
    lb001 = next(s for s in ALL_CHECKS if s.code == "LB001")
    assert "``tel:``" in lb001.doc  # the docstring itself is unchanged
    runner = CliRunner()
    explained = runner.invoke(cli, ["explain", "LB001"]).output
    assert "tel: links and JSON-LD telephone" in explained and "``" not in explained
    listed = runner.invoke(cli, ["checks"]).output
    assert listed.count("\n") >= len(ALL_CHECKS) and "``" not in listed
    html = html_files(make_report((audit_html(CLINIC_HTML, SOURCE),)), RenderContext())[page_filename(SOURCE)]
    assert "``" not in html


@pytest.mark.parametrize("text,shown", [
    # the second sentence of a quoted testimonial closes a quotation it never opened
    ('After four visits my sciatica was gone." – Mark D., Port Credit', '"After four visits my sciatica was gone." – Mark D., Port Credit'),
    # a term quoted at a sentence's end left its closing mark to the next sentence
    ('which is sometimes called the "moviegoer\'s sign.', 'which is sometimes called the "moviegoer\'s sign."'),
    ("He said “it is gone.", "He said “it is gone.”"),
    ("gone for good.” – Ana", "“gone for good.” – Ana"),
    ("Il dit « c'est fini.", "Il dit « c'est fini. »"),
    ('A "balanced" quote and I\'m fine.', 'A "balanced" quote and I\'m fine.'),
    ("No quotes at all.", "No quotes at all."),
])
def test_balance_quotes(text, shown):
    from seoaudit.reports.base import balance_quotes

    assert balance_quotes(text) == shown


def test_evidence_quotes_are_balanced_on_the_scorecard_but_kept_as_found_in_the_json():
    quoted = 'After four visits my sciatica was gone and I\'m back on the golf course." – Mark D., Port Credit'
    check = CheckResult(code="CL007", name="claim-testimonial", category="clinic", status="bad", score=0.0,
                        evidence=(Evidence("sentence", quoted, highlights=("sciatica",)),))
    page = _page_with((check,))
    report = make_report((page,))
    shown = LexborHTMLParser(html_files(report)[page_filename(page.source)]).css_first("#check-CL007 .evidence li span").text()
    assert shown == '"' + quoted
    data = json.loads(REPORTERS["json"].render(report, CTX)[0].data)
    assert data["pages"][0]["checks"][0]["evidence"][0]["text"] == quoted


def test_a_long_evidence_list_prints_its_first_items_and_says_how_many_are_left_out():
    from seoaudit.reports.html import PRINT_EVIDENCE

    ev = tuple(Evidence("sentence", f"Sentence {i}.") for i in range(PRINT_EVIDENCE + 5))
    page = _page_with((CheckResult(code="ZZ1", name="many", category="basics", status="bad", score=0.0, evidence=ev),))
    card = LexborHTMLParser(html_files(make_report((page,)))[page_filename(page.source)]).css_first("#check-ZZ1")
    items = card.css(".evidence li")
    assert len(items) == PRINT_EVIDENCE + 5 and [("print-skip" in li.attributes["class"]) for li in items].count(True) == 5
    assert card.css_first(".print-more").text() == f"Printed: the first {PRINT_EVIDENCE} of {PRINT_EVIDENCE + 5}; the scorecard on screen lists them all."
