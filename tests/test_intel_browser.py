"""Site-intelligence HTML in a real headless Chromium: the intel report and the scan
dashboard's intel section render without console errors, fit a 375 px phone, draw one
map point per page, and run nothing that came from the pages (hostile titles, URLs)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from seoaudit.intel import analyse_site
from seoaudit.reports.dashboard import write_dashboard
from seoaudit.reports.intel import render_intel_html
from seoaudit.store import Store
from test_scorecard_browser import VIEWPORTS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from synthetic_posts import generate, to_page_text  # noqa: E402

HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
# One unbroken "word" far wider than a phone: diffs and tables must wrap or scroll inside themselves.
LONG_WORD = "https://clinic.example/" + "very-long-slug-" * 30


@pytest.fixture(scope="module")
def intel():
    posts, _planted = generate(40, seed=3)
    pages = [to_page_text(p) for p in posts]
    # a hostile copy of the first post: same text (so it is a duplicate pair and gets a diff), hostile title and URL
    hostile = replace(pages[0], url="javascript:alert(3)", title=HOSTILE, h1=HOSTILE,
                      text=pages[0].text + f"\n{HOSTILE} {LONG_WORD}")
    return analyse_site([*pages, hostile])


def check_page(browser, path: Path, points: int) -> None:
    for viewport in ("desktop", "mobile"):
        browser.events.clear()
        browser.open(path.as_uri(), *VIEWPORTS[viewport])
        assert browser.evaluate("document.querySelectorAll('svg.intel-map circle').length") == points
        # our own sort/filter script may be there; nothing from the pages may be
        assert browser.evaluate("[...document.querySelectorAll('script')].filter(s => s.textContent.includes('alert')).length") == 0
        assert browser.evaluate("document.querySelectorAll('img[onerror]').length") == 0
        assert browser.evaluate("[...document.querySelectorAll('a')].filter(a => a.href.startsWith('javascript:')).length") == 0
        assert browser.evaluate("document.body.textContent.includes('<script>alert(1)</script>')")  # shown as text
        assert not [e for e in browser.events if e.get("method") == "Page.javascriptDialogOpening"]
        assert browser.console_problems() == []
        if viewport == "mobile":
            assert browser.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["mobile"][0]


def test_intel_report_renders_cleanly(browser, intel, tmp_path):
    assert intel.duplicates, "the hostile copy must produce a duplicate pair with a diff"
    path = tmp_path / "intel.html"
    path.write_text(render_intel_html(intel), encoding="utf-8")
    check_page(browser, path, len(intel.pages))


def test_dashboard_intel_section_renders_cleanly(browser, intel, tmp_path):
    store = Store(tmp_path / "h.db")
    scan = store.start_scan("clinic.example", [], "0")
    for i, p in enumerate(intel.pages[:5]):
        store.add_page(scan, {"key": f"k{i}", "url": p.url, "status": "ok", "score": 70.0 + i, "title": p.label})
    store.finish_scan(scan, "complete")
    path = write_dashboard(store, scan, tmp_path, intel=intel)
    check_page(browser, path, len(intel.pages))
