"""The scan dashboard: data worst first, change since the previous scan, escaping, and a real browser."""

from __future__ import annotations

import json

import pytest

from seoaudit.reports.dashboard import dashboard_data, histogram, render_dashboard, trend, write_dashboard, write_overview
from seoaudit.scan import UnitResult
from seoaudit.store import Store
from test_scorecard_browser import VIEWPORTS

HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>'


def add(store, scan, key, score, status="ok", title="", failing=(), scorecard=""):
    store.add_page(scan, {"key": key, "url": f"https://c.example/{key}/", "status": status, "score": score,
                          "title": title, "failing": json.dumps(list(failing)), "scorecard": scorecard,
                          "categories": "{}", "error": "HTTP 500 Internal Server Error" if status == "error" else None,
                          "cause": "http-500" if status == "error" else ""})


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "h.db")
    first = s.start_scan("c.example", [], "0")
    add(s, first, "a", 50.0)
    add(s, first, "b", 70.0)
    s.finish_scan(first, "complete")
    second = s.start_scan("c.example", [], "0")
    add(s, second, "a", 62.0, title=HOSTILE, failing=[["KW001", "bad"], ["RD001", "ok"]], scorecard="pages/a-1.html")
    add(s, second, "b", 90.0, failing=[["KW001", "bad"]])
    add(s, second, "c", None, status="error")
    s.add_page(second, {"key": "d", "url": "https://c.example/d/", "status": "ok", "score": 88.0},
               links=[("https://c.example/gone/", "c.example/gone", "related", "Read more")])
    s.add_target(second, "c.example/gone", "https://c.example/gone/", 404, "https://c.example/gone/", 0, "HTTP 404", "http-404", True)
    s.finish_scan(second, "complete")
    s.current = second
    return s


def test_rows_worst_first_with_change_since_previous(store):
    data = dashboard_data(store, store.current)
    assert [r.url.rsplit("/", 2)[1] for r in data["rows"]] == ["c", "a", "d", "b"]  # error first, then by score
    a = data["rows"][1]
    assert a.delta == pytest.approx(12.0) and a.bad == 1 and a.improve == 1
    assert data["delta"] == pytest.approx((62 + 90 + 88) / 3 - 60)
    assert (data["common"][0].code, data["common"][0].pages, data["common"][0].site_wide) == ("KW001", 2, 0)
    assert data["broken"] == [("https://c.example/gone/", "HTTP 404", ["https://c.example/d/"], 0)]

    assert data["trend"] is not None and [p.number for p in data["trend"].points] == [1, 2]


def test_the_broken_link_list_limit_counts_only_targets_a_page_links_to(store, monkeypatch):
    # a broken target no audited page links to (a page that failed) sorts first; with the limit
    # applied before that filter, a one-entry list showed nothing
    from seoaudit.reports import dashboard

    store.add_target(store.current, "c.example/aaa", "https://c.example/aaa/", 404, "https://c.example/aaa/", 0,
                     "HTTP 404", "http-404", True)
    monkeypatch.setattr(dashboard, "MAX_BROKEN", 1)
    assert dashboard_data(store, store.current)["broken"] == [("https://c.example/gone/", "HTTP 404", ["https://c.example/d/"], 0)]


def test_intel_change_is_against_the_last_scan_with_intel(tmp_path):
    s = Store(tmp_path / "h.db")
    counts = [{"near_duplicate_pairs": 12, "city_swap_pairs": 2, "clusters": 3, "pages_in_clusters": 9}, None,
              {"near_duplicate_pairs": 8, "city_swap_pairs": 3, "clusters": 3, "pages_in_clusters": 7}]
    scans = []
    for intel in counts:
        scans.append(s.start_scan("c.example", [], "0"))
        add(s, scans[-1], "a", 70.0)
        s.finish_scan(scans[-1], "complete", intel=intel)
    assert dashboard_data(s, scans[0])["intel_changes"] == () and dashboard_data(s, scans[1])["intel_changes"] == ()
    data = dashboard_data(s, scans[2])
    assert data["previous"].id == scans[1] and data["intel_previous"].id == scans[0]
    assert [(c.key, c.before, c.after, c.delta_text) for c in data["intel_changes"]] == [
        ("near_duplicate_pairs", 12, 8, "\u22124"), ("city_swap_pairs", 2, 3, "+1"), ("clusters", 3, 3, "\u00b10"),
        ("pages_in_clusters", 9, 7, "\u22122")]
    html = render_dashboard(s, scans[2])
    assert "near-duplicate pairs 12 → 8" in html and '<strong class="down">(+1)</strong>' in html
    assert 'id="intel-delta"' not in render_dashboard(s, scans[1])


def test_a_scan_of_some_pages_is_left_out_of_the_trend_and_of_the_intel_change(tmp_path):
    s = Store(tmp_path / "h.db")
    whole = ["https://c.example/sitemap.xml"]
    scans = []
    for targets, score, dups in ((whole, 80.0, 1), (["https://c.example/a/", "https://c.example/b/"], 90.0, 0),
                                 (whole, 82.0, 1), (whole, 84.0, 0)):
        scans.append(s.start_scan("c.example", targets, "0"))
        add(s, scans[-1], "a", score)
        s.finish_scan(scans[-1], "complete", intel={"near_duplicate_pairs": dups, "city_swap_pairs": 0, "clusters": 0,
                                                    "pages_in_clusters": 0})
    assert not s.scan(scans[1]).whole_site
    # the spot check of 2 pages had no near-duplicate pair among them: no change of the site's
    assert dashboard_data(s, scans[1])["intel_changes"] == ()
    assert 'id="intel-delta"' not in render_dashboard(s, scans[1])
    # the next whole-site scan compares with the whole-site scan before the spot check: 1 -> 1, not 0 -> 1
    after = dashboard_data(s, scans[2])
    assert after["intel_previous"].id == scans[0] and [(c.before, c.after) for c in after["intel_changes"]][0] == (1, 1)
    latest = dashboard_data(s, scans[3])
    assert [p.number for p in latest["trend"].points] == [1, 3, 4] and latest["partial_numbers"] == [2]
    assert "Left out: scan #2, of some pages only" in render_dashboard(s, scans[3])


def test_histogram_and_trend_shapes():
    bars = histogram([5, 15, 15, 100, 99.9])
    assert [b.count for b in bars] == [1, 2, 0, 0, 0, 0, 0, 0, 0, 2]
    assert max(b.height for b in bars) == pytest.approx(104)
    assert min(b.y for b in bars if b.count) >= 14  # the count label drawn 3 px above the tallest bar stays inside the chart
    assert trend([(1, "2025-01-01", 50.0)]) is None
    assert trend([(1, "2025-01-01", 50.0), (2, "2025-02-01", None)]) is None  # one score: no line to draw


def test_the_trend_has_a_fitted_axis_its_scans_and_a_gap_where_a_scan_failed():
    t = trend([(1, "2025-01-01T09:00", 81.1), (2, "2025-02-01T09:00", 83.1), (3, "2025-03-01T09:00", None),
               (4, "2025-04-01T09:00", 82.0)])
    ticks = [float(label) for _, label in t.ticks]
    assert 70 <= min(ticks) <= 80 and 85 <= max(ticks) <= 95  # fitted to 81-83, not 0-100
    first, second = t.scored[0], t.scored[1]
    assert first.y - second.y > 15  # two points apart on a 140-unit axis: not a flat line
    assert [p.number for p in t.failed] == [3] and t.failed[0].title == "Scan #3 of 2025-03-01: scan failed, no score"
    assert len(t.lines) == 1 and len(t.bridges) == 1  # #1-#2 drawn, #2 to #4 dashed across the failed #3
    assert all(p.labelled and p.dated for p in t.points) and t.values_shown
    many = trend([(i, f"2025-01-{i:02d}", 60.0 + i % 3) for i in range(1, 31)])
    named = [p.number for p in many.points if p.labelled]
    assert named[-1] == 30 and 4 <= len(named) <= 12  # every k-th, the latest always
    assert len([p for p in many.points if p.dated]) < len(named)


def test_page_content_is_escaped(store):
    html = render_dashboard(store, store.current)
    assert HOSTILE not in html and "&lt;script&gt;alert(1)" in html
    assert html.count("<script>") == 1  # only the dashboard's own sort/filter script


def test_overview_links_each_client(store, tmp_path):
    out = write_overview(store, [UnitResult("Client A", store.current, tmp_path / "a")], tmp_path / "index.html")
    html = out.read_text(encoding="utf-8")
    assert 'href="a/index.html"' in html and "Client A" in html


def test_dashboard_in_a_browser_sorts_filters_and_logs_nothing(store, browser, tmp_path):
    path = write_dashboard(store, store.current, tmp_path)
    browser.events.clear()
    browser.open(path.as_uri(), *VIEWPORTS["desktop"])
    first_col = "[...document.querySelectorAll('#pages tbody tr')].filter(r => !r.hidden).map(r => r.cells[0].dataset.v)"
    assert browser.evaluate(first_col) == ["-1", "62.0", "88.0", "90.0"]
    browser.evaluate("document.querySelector('#pages th').click(); document.querySelector('#pages th').click()")
    assert browser.evaluate(first_col) == ["90.0", "88.0", "62.0", "-1"]  # descending on the second click
    browser.evaluate("const f = document.getElementById('status-filter'); f.value = 'error'; f.dispatchEvent(new Event('change'))")
    assert browser.evaluate(first_col) == ["-1"]
    assert not [e for e in browser.events if e.get("method") == "Page.javascriptDialogOpening"]
    assert browser.console_problems() == []
    browser.open(path.as_uri(), *VIEWPORTS["mobile"])
    assert browser.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["mobile"][0]
    assert browser.console_problems() == []


def overview_rows(html: str) -> list[list[str]]:
    """The overview table's rows as lists of cell texts (tags stripped)."""
    import re

    body = html.split('id="clients"', 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_overview_counts_duplicates_apart_from_city_swaps_and_puts_unscanned_clients_first(tmp_path):
    s = Store(tmp_path / "h.db")
    results = []
    for name, score, intel in (("Good Clinic", 87.0, {"near_duplicate_pairs": 0, "city_swap_pairs": 6, "clusters": 1}),
                               ("Middling Clinic", 60.0, {"near_duplicate_pairs": 2, "city_swap_pairs": 1, "clusters": 0}),
                               ("Down Clinic", None, None)):
        scan = s.start_scan(name, [], "0")
        add(s, scan, "p", score, status="ok" if score is not None else "error")
        s.finish_scan(scan, "complete", intel=intel)
        results.append(UnitResult(name, scan, tmp_path / name.split()[0].lower(), intel=intel, broken_links=0))
    rows = overview_rows(write_overview(s, results, tmp_path / "index.html").read_text(encoding="utf-8"))
    # worst first: a client that could not be scanned at all is worse than any score
    assert [r[2].splitlines()[0] for r in rows] == ["Down Clinic", "Middling Clinic", "Good Clinic"]
    assert rows[0][4] == "1"  # its failed page
    assert "Scan #1 failed: HTTP 500" in rows[0][2]  # why it has no score, under its name
    assert not any("failed" in r[2] for r in rows[1:])
    good = rows[2]
    assert good[10:13] == ["0", "6", "1"]  # near-duplicates 0 (the dashboard's count), city swaps 6: not 6 and 6
    assert rows[1][10:13] == ["2", "1", "0"]
    # the site that was down audited nothing: its problem and broken-link counts are unknown, not 0
    assert rows[0][7:9] == ["–", "–"] and good[7:9] == ["0", "0"]
    import csv

    with open(tmp_path / "clients.csv", newline="", encoding="utf-8-sig") as f:
        down = next(r for r in csv.DictReader(f) if r["client"] == "Down Clinic")
    assert (down["problems"], down["to_improve"], down["broken_links"]) == ("", "", "")


def test_overview_and_clients_csv_count_the_findings_fixed_and_new(tmp_path):
    import csv

    from seoaudit.changes import summarise
    from test_scan_changes import add as add_items

    s = Store(tmp_path / "h.db")
    one = s.start_scan("Northside", [], "0")
    add_items(s, one, "a", [("LB001", "bad", "", "2 phones"), ("KW001", "ok", "", "density 3.1")])
    s.finish_scan(one, "complete")
    two = s.start_scan("Northside", [], "0")
    add_items(s, two, "a", [("KW001", "ok", "", "density 3.4"), ("CL001", "bad", '"cures"', "'cures'")])  # LB001 fixed, a claim new
    add_items(s, two, "b", [("KW001", "ok", "", "density 2.9"), ("BA001", "bad", "", "no title")])  # a new post: 2 new
    s.finish_scan(two, "complete")
    # the changes as the scan summarised them for the client's dashboard
    changed = UnitResult("Northside", two, tmp_path / "n", changes=summarise(s, two, s.scan(one), {}))
    [row] = overview_rows(write_overview(s, [changed], tmp_path / "index.html").read_text(encoding="utf-8"))
    assert row[9] == "1 / 3 2 on new pages"
    with open(tmp_path / "clients.csv", newline="", encoding="utf-8-sig") as f:
        [c] = list(csv.DictReader(f))
    assert list(c)[-3:] == ["fixed", "new", "new_on_new_pages"]  # new columns at the end: existing sheets keep theirs
    assert (c["fixed"], c["new"], c["new_on_new_pages"]) == ("1", "3", "2")
    # a first scan has nothing to compare with: empty, not 0
    [first] = overview_rows(write_overview(s, [UnitResult("Northside", one, tmp_path / "n")], tmp_path / "index.html")
                            .read_text(encoding="utf-8"))
    assert first[9] == "–"


def test_overview_counts_sitemap_problems(tmp_path):
    s = Store(tmp_path / "h.db")
    scan = s.start_scan("Northside", [], "0")
    add(s, scan, "p", 80.0)
    s.add_problem(scan, "https://n.example/sitemap.xml", "https://n.example/sitemap.xml: HTTP 404")
    s.finish_scan(scan, "complete")
    html = write_overview(s, [UnitResult("Northside", scan, tmp_path / "n")], tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Input problems" in html
    [row] = overview_rows(html)
    assert row[4:7] == ["0", "1", "0"]  # failed pages, input problems, skipped: the 404 sitemap is not "Failed 0" alone


def test_a_broken_target_linked_from_many_pages_says_how_many_are_not_listed(store, monkeypatch):
    import seoaudit.reports.dashboard as D

    for i in range(4):
        store.add_page(store.current, {"key": f"e{i}", "url": f"https://c.example/e{i}/", "status": "ok", "score": 80.0},
                       links=[("https://c.example/gone/", "c.example/gone", "related", "Read more")])
    monkeypatch.setattr(D, "MAX_SOURCES", 2)
    [(url, why, sources, more)] = dashboard_data(store, store.current)["broken"]
    assert len(sources) == 2 and more == 3  # 5 linking pages in all


#: For each header cell, the words split across two lines ("Scor|e"): a word whose text has more
#: than one client rect was broken inside it (a header wrapping between words is fine).
SPLIT_WORDS = """[...document.querySelectorAll(%r)].flatMap(th => {
  const out = [];
  const walk = document.createTreeWalker(th, NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    for (const m of node.data.matchAll(/\\S+/g)) {
      const r = document.createRange();
      r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
      const tops = new Set([...r.getClientRects()].map(rect => Math.round(rect.top)));
      if (tops.size > 1) out.push(m[0]);
    }
  }
  if (th.scrollWidth > th.clientWidth) out.push(th.textContent.trim() + " (overflows)");
  return out;
})"""


def test_overview_headers_never_break_inside_a_word_and_the_table_scrolls_on_a_phone(browser, tmp_path):
    s = Store(tmp_path / "h.db")
    results = []
    for name in ("Clinique Chiropratique du Plateau", "Riverbend Acupuncture", "Kirkstall Physio"):
        scan = s.start_scan(name, [], "0")
        add(s, scan, "p", 80.0, failing=[["KW001", "bad"]])
        s.finish_scan(scan, "complete", intel={"near_duplicate_pairs": 1, "city_swap_pairs": 6, "clusters": 2})
        results.append(UnitResult(name, scan, tmp_path / name[:5], intel={"near_duplicate_pairs": 1, "city_swap_pairs": 6, "clusters": 2}))
    path = write_overview(s, results, tmp_path / "index.html")
    browser.open(path.as_uri(), 1366, 768, False)  # the agency's laptop
    assert browser.evaluate(SPLIT_WORDS % "#clients th") == []
    assert browser.evaluate("document.documentElement.scrollWidth") <= 1366
    assert browser.evaluate("(() => { const b = document.querySelector('.table-scroll'); return b.scrollWidth <= b.clientWidth; })()")
    browser.open(path.as_uri(), *VIEWPORTS["mobile"])
    assert browser.evaluate(SPLIT_WORDS % "#clients th") == []
    assert browser.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["mobile"][0]  # the table scrolls in its box
    assert browser.console_problems() == []


def test_the_trend_chart_names_its_scans_and_scores_in_a_browser(browser, tmp_path):
    s = Store(tmp_path / "h.db")
    scans = []
    for score in (81.1, 83.1, None, 82.0):
        scans.append(s.start_scan("c.example", [], "0"))
        add(s, scans[-1], "a", score, status="ok" if score is not None else "error")
        s.finish_scan(scans[-1], "complete")
    path = write_dashboard(s, scans[-1], tmp_path)
    browser.open(path.as_uri(), *VIEWPORTS["desktop"])
    texts = lambda cls: browser.evaluate(f"[...document.querySelectorAll('#trend text.{cls}')].map(t => t.textContent.trim())")
    assert texts("scan-label") == ["#1", "#2", "#3", "#4"]
    assert texts("value") == ["81.1", "83.1", "82.0"] and texts("failed-label") == ["failed"]
    assert len(texts("date-label")) == 4 and len(texts("tick")) >= 2
    # every label is drawn inside the chart, none cut off at its edges
    inside = """(() => { const svg = document.getElementById('trend'); const vb = svg.viewBox.baseVal;
      return [...svg.querySelectorAll('text')].filter(t => { const b = t.getBBox();
        return b.x < vb.x || b.y < vb.y || b.x + b.width > vb.x + vb.width || b.y + b.height > vb.y + vb.height; })
        .map(t => t.textContent); })()"""
    assert browser.evaluate(inside) == []
    assert browser.console_problems() == []


def test_a_spot_checks_overview_row_has_no_scan_number(tmp_path):
    # --clients --no-history: the throwaway database numbers no scan; the overview read "#None"
    s = Store(tmp_path / "h.db", numbered=False)
    ok, down = s.start_scan("Northside", [], "0"), s.start_scan("Plateau", [], "0")
    add(s, ok, "p", 80.0)
    s.finish_scan(ok, "complete")
    s.add_problem(down, "https://p.example/", "https://p.example/: site unreachable: connection refused")
    s.finish_scan(down, "complete")
    html = write_overview(s, [UnitResult("Northside", ok, tmp_path / "n"), UnitResult("Plateau", down, tmp_path / "p")],
                          tmp_path / "index.html").read_text(encoding="utf-8")
    assert "None" not in html and "spot check" in html
