"""The scorecard in a real browser: headless Chromium driven over the DevTools Protocol.

Chromium speaks CDP over a pipe (``--remote-debugging-pipe``: it reads commands on
fd 3 and writes replies on fd 4, each message a JSON text ending in NUL), so the test
needs no websocket library and no network port. Checked at a 1280 px desktop and a
375 px phone width: no horizontal overflow, the overall score visible, no console
errors or exceptions. Screenshots are saved under ``tmp_path`` for people to look at.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from seoaudit.reports import REPORTERS, RenderContext

from _report_samples import HANDMADE_DOCS, hostile_report, sample_report

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")

VIEWPORTS = {"desktop": (1280, 900, False), "mobile": (375, 740, True)}


def find_chromium() -> str | None:
    for name in CHROMIUM_CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


class CDPError(RuntimeError):
    pass


class Browser:
    """A headless Chromium and one page, attached with a flat CDP session."""

    def __init__(self, executable: str, profile_dir: Path, timeout: float = 30.0):
        self.timeout = timeout
        self._next_id = 0
        self._buffer = b""
        self.events: list[dict] = []
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def wire_pipes():  # runs in the child: the CDP pipes must be fds 3 and 4
            # Move both ends above 4 first: os.pipe() may itself have returned 3 or 4,
            # and dup2 onto the same number would neither move nor un-CLOEXEC them.
            high_r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
            high_w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        args = [
            executable,
            "--headless",
            "--remote-debugging-pipe",
            f"--user-data-dir={profile_dir}",
            "--no-sandbox",  # CI runs as root, where the sandbox cannot start
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--disable-extensions",
            "--no-first-run",
            "--no-default-browser-check",
            "--hide-scrollbars",
            "about:blank",
        ]
        self.proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=wire_pipes,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.page(f"{domain}.enable")

    # ---- protocol -----------------------------------------------------------------
    def _send(self, method: str, params: dict | None, session: str | None) -> int:
        self._next_id += 1
        msg = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        return self._next_id

    def _read(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_chrome], [], [], left)[0]:
                raise CDPError("timed out waiting for Chromium")
            chunk = os.read(self._from_chrome, 1 << 20)
            if not chunk:
                raise CDPError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def _wait(self, predicate, deadline: float) -> dict:
        while True:
            msg = self._read(deadline)
            if predicate(msg):
                return msg
            if "method" in msg:
                self.events.append(msg)

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        mid = self._send(method, params, session)
        msg = self._wait(lambda m: m.get("id") == mid, time.monotonic() + self.timeout)
        if "error" in msg:
            raise CDPError(f"{method}: {msg['error']}")
        return msg.get("result", {})

    def page(self, method: str, params: dict | None = None) -> dict:
        return self.call(method, params, self.session)

    # ---- helpers -------------------------------------------------------------------
    def open(self, url: str, width: int, height: int, mobile: bool) -> None:
        self.page(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
        )
        self.page("Page.navigate", {"url": url})
        self._wait(
            lambda m: m.get("method") == "Page.loadEventFired" and m.get("sessionId") == self.session,
            time.monotonic() + self.timeout,
        )

    def evaluate(self, expression: str):
        res = self.page("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in res:
            raise CDPError(f"evaluate failed: {res['exceptionDetails']}")
        return res["result"].get("value")

    def screenshot(self, path: Path) -> None:
        size = self.page("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
        data = self.page("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip})["data"]
        path.write_bytes(base64.b64decode(data))

    def console_problems(self) -> list[str]:
        """Console errors/warnings, uncaught exceptions and error log entries seen so far."""
        problems = []
        for ev in self.events:
            method, params = ev.get("method"), ev.get("params", {})
            if method == "Runtime.exceptionThrown":
                problems.append(f"exception: {params['exceptionDetails'].get('text')}")
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
                problems.append(f"console.{params['type']}: {params.get('args')}")
            elif method == "Log.entryAdded" and params["entry"].get("level") in ("error", "warning"):
                problems.append(f"log: {params['entry'].get('text')} ({params['entry'].get('url', '')})")
        return problems

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (CDPError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_chrome, self._from_chrome):
            os.close(fd)


@pytest.fixture(scope="module")
def scorecards(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("scorecards")
    files = REPORTERS["html"].render(sample_report(), RenderContext(docs=HANDMADE_DOCS))
    for f in files:
        (out / f.path).write_bytes(f.data)
    names = [f.path for f in files]
    return {"index": out / names[0], "full": out / names[1], "short": out / names[2], "error": out / names[3]}


LAYOUT_PROBE = """(() => {
  const doc = document.documentElement;
  const score = document.getElementById('overall-score');
  const r = score ? score.getBoundingClientRect() : null;
  const num = document.querySelector('#overall-gauge .num');
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 5).map(e => e.tagName + '.' + e.className);
  return {
    scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth,
    score: r && {top: r.top, left: r.left, right: r.right, bottom: r.bottom, width: r.width, height: r.height},
    scoreText: num ? num.textContent.trim() : null,
    scoreVisible: !!score && getComputedStyle(score).visibility === 'visible' && getComputedStyle(score).display !== 'none',
    wide: wide,
    scripts: document.scripts.length,
    // a statistic's label on more than one line ("Subheading/s" broken at 375 px) or overflowing its tile
    brokenLabels: [...document.querySelectorAll('.stats dt')].filter(e => {
      const range = document.createRange(); range.selectNodeContents(e);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      return tops.size > 1 || e.scrollWidth > e.clientWidth + 1;
    }).map(e => e.textContent),
  };
})()"""


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("card", ["full", "short", "error", "index"])
def test_scorecard_renders_cleanly(browser, scorecards, tmp_path, viewport, card):
    width, height, mobile = VIEWPORTS[viewport]
    browser.events.clear()
    browser.open(scorecards[card].as_uri(), width, height, mobile)
    layout = browser.evaluate(LAYOUT_PROBE)
    shot = tmp_path / f"{card}-{viewport}.png"
    browser.screenshot(shot)

    assert shot.stat().st_size > 1000
    assert layout["innerWidth"] == width
    assert layout["scrollWidth"] <= layout["innerWidth"], f"horizontal overflow from {layout['wide']}"
    assert layout["scoreVisible"] and layout["score"]["width"] > 0 and layout["score"]["height"] > 0
    box = layout["score"]
    assert 0 <= box["left"] and box["right"] <= width and 0 <= box["top"] and box["bottom"] <= height
    assert layout["scoreText"] and (layout["scoreText"].isdigit() or layout["scoreText"] == "–")
    assert layout["scripts"] == 0
    assert layout["brokenLabels"] == []
    assert browser.console_problems() == []


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_capped_score_says_why_and_fits(browser, tmp_path, viewport):
    """A noindex post: the note under the gauge ("Held at 40 by BA005 ...") renders, links to
    the check's card and does not push the page wider than a phone."""
    from _report_samples import CLINIC_HTML, SOURCE, audit_html, make_report

    page = audit_html(CLINIC_HTML.replace("<meta charset=\"utf-8\">", "<meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">"), SOURCE)
    assert page.score_cap is not None
    files = REPORTERS["html"].render(make_report((page,)), RenderContext())
    card = next(f for f in files if f.path != "index.html")
    path = tmp_path / card.path
    path.write_bytes(card.data)
    width, height, mobile = VIEWPORTS[viewport]
    browser.events.clear()
    browser.open(path.as_uri(), width, height, mobile)
    layout = browser.evaluate(LAYOUT_PROBE)
    note = browser.evaluate("(() => { const n = document.getElementById('score-cap'); const r = n.getBoundingClientRect();"
                            " return {text: n.textContent, right: r.right, target: !!document.getElementById(n.querySelector('a').hash.slice(1))}; })()")
    assert note["text"].startswith("Held at 40 by BA005") and note["target"]
    assert note["right"] <= width and layout["scrollWidth"] <= layout["innerWidth"], layout["wide"]
    assert layout["scoreText"] == "40" and browser.console_problems() == []


def test_score_in_browser_matches_report(browser, scorecards):
    report = sample_report()
    browser.open(scorecards["full"].as_uri(), *VIEWPORTS["desktop"])
    shown = browser.evaluate("document.querySelector('#overall-gauge .num').textContent.trim()")
    assert shown == str(round(report.pages[0].score))


def test_hostile_scorecards_run_nothing(browser, tmp_path):
    """The XSS fixture in a real browser: no dialog opens, no script runs, no error is logged."""
    files = REPORTERS["html"].render(hostile_report(), RenderContext())
    for f in files:
        (tmp_path / f.path).write_bytes(f.data)
    for f in files:
        browser.events.clear()
        browser.open((tmp_path / f.path).as_uri(), *VIEWPORTS["mobile"])
        assert browser.evaluate("document.scripts.length + document.images.length") == 0
        assert browser.evaluate(LAYOUT_PROBE)["scrollWidth"] <= VIEWPORTS["mobile"][0], f.path
        assert not [e for e in browser.events if e.get("method") == "Page.javascriptDialogOpening"]
        assert browser.console_problems() == [], f.path


# ---- print, the index on a phone, what a reader acts on ---------------------------------------


def pdf_pages(browser) -> int:
    """Pages of the open document printed to PDF (A4, Chromium's default margins)."""
    import re

    data = base64.b64decode(browser.page("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69})["data"])
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


#: the print rule before the marketer review: every <details> printed expanded, good ones too
EVERYTHING_EXPANDED = ("const s = document.createElement('style'); s.textContent = '@media print { details::details-content "
                       "{ content-visibility: visible !important; display: contents !important; } .check .body "
                       "{ display: block !important; } }'; document.head.append(s);")


def test_a_printed_scorecard_keeps_problems_and_folds_what_passed(browser, tmp_path):
    """A printed scorecard was 30 pages: every GOOD and N/A check printed with its why and
    sources. Problems print in full (even collapsed on screen), what passed on one line each,
    and a category's heading is kept with its first check."""
    from seoaudit.models import CheckResult, Evidence
    from seoaudit.reports.html import PRINT_EVIDENCE

    from _report_samples import CLINIC_HTML, audit_html, make_report, with_checks, SOURCE

    many = CheckResult(code="ZZ950", name="many-matches", category="keyphrase", status="bad", score=0.0, message="Stuffed.",
                       evidence=tuple(Evidence("sentence", f"Acupuncture for back pain, sentence {i}.") for i in range(PRINT_EVIDENCE + 4)))
    page = with_checks(audit_html(CLINIC_HTML.replace("<h1>", "<h1>Cure guaranteed: "), SOURCE), (many,))
    files = REPORTERS["html"].render(make_report((page,)), RenderContext())
    path = tmp_path / files[0].path
    path.write_bytes(files[0].data)
    browser.events.clear()
    browser.open(path.as_uri(), *VIEWPORTS["desktop"])
    browser.evaluate("document.querySelectorAll('details.check').forEach(d => d.open = false); 0")  # folded on screen
    browser.page("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = browser.evaluate("""[...document.querySelectorAll('details.check')].map(d => ({
            status: d.className.match(/c-(\\w+)/)[1], body: d.querySelector('.body').getBoundingClientRect().height,
            height: d.getBoundingClientRect().height}))""")
        heads = browser.evaluate("[...document.querySelectorAll('.category-head')].map(h => getComputedStyle(h).breakAfter)")
        summaries = browser.evaluate("[...document.querySelectorAll('.check > summary')].map(s => getComputedStyle(s).breakBefore)")
        printed = browser.evaluate("""[...document.querySelectorAll('#check-ZZ950 .evidence li')].filter(li => li.getBoundingClientRect().height > 0).length""")
        more = browser.evaluate("document.querySelector('#check-ZZ950 .print-more').getBoundingClientRect().height")
        folded = pdf_pages(browser)
        browser.evaluate(EVERYTHING_EXPANDED + " 0")
        expanded = pdf_pages(browser)
    finally:
        browser.page("Emulation.setEmulatedMedia", {"media": ""})
    needs_work = [c for c in shown if c["status"] in ("bad", "ok")]
    passed = [c for c in shown if c["status"] in ("good", "na")]
    assert needs_work and passed
    assert all(c["body"] > 20 for c in needs_work)  # expanded although folded on screen
    assert all(c["body"] == 0 and c["height"] < 60 for c in passed), passed  # one line each
    assert set(heads) == {"avoid"} and set(summaries) == {"avoid"}
    assert printed == PRINT_EVIDENCE and more > 0  # a long list prints its first items and says so
    assert folded <= expanded * 0.6, (folded, expanded)
    assert browser.console_problems() == []


BROKEN_WORDS_PROBE = """(() => {
  const broken = [];
  for (const cell of document.querySelectorAll(%s)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement.closest('.page-source, .href, .mono, code')) continue;  // paths may break anywhere
      for (const m of n.data.matchAll(/[\\p{L}\\p{N}]+/gu)) {
        const r = document.createRange(); r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
        const tops = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
})()"""


@pytest.fixture(scope="module")
def audited_posts(tmp_path_factory) -> Path:
    """An index of four clinic posts with long words in their titles, and site intelligence."""
    from seoaudit.api import audit
    from seoaudit.config import Settings

    folder = tmp_path_factory.mktemp("posts")
    body = ("Physiotherapy helps most people with {topic}. Our registered physiotherapists in {city} explain "
            "what to expect, which exercises help, and when to see a doctor. Stretching, strengthening and "
            "education are the core of treatment. Most people improve within a few weeks.")
    posts = {
        "physiotherapy-sciatica-mississauga": ("Physiotherapy for Sciatica in Mississauga: What to Expect", "sciatica", "Mississauga"),
        "massage-therapy-oakville": ("Massage Therapy Oakville | Best Massage Therapy in Oakville", "muscle tension", "Oakville"),
        "runners-knee": ("Knee Stuff", "runner's knee", "Oakville"),
        "concussion-rehabilitation-burlington": ("Concussion Rehabilitation in Burlington", "concussion", "Burlington"),
    }
    for slug, (title, topic, city) in posts.items():
        text = " ".join([body.format(topic=topic, city=city)] * 3)
        (folder / f"{slug}.md").write_text(f"---\ntitle: \"{title}\"\ncity: {city}\n---\n\n# {title}\n\n{text}\n", encoding="utf-8")
    report = audit([str(folder)], Settings())
    assert report.intel is not None and len(report.pages) == 4
    out = tmp_path_factory.mktemp("index")
    for f in REPORTERS["html"].render(report, RenderContext()):
        (out / f.path).write_bytes(f.data)
    return out / "index.html"


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_index_on_a_phone_keeps_its_counts_whole_words_and_map_dots_inside(browser, audited_posts, tmp_path, viewport):
    """At 375 px the Checks column vanished, the intel Pages table cut "Physiother|apy" and
    "SUGGESTIO|NS", and map dots sat on the box's edge."""
    width, height, mobile = VIEWPORTS[viewport]
    browser.events.clear()
    browser.open(audited_posts.as_uri(), width, height, mobile)
    browser.screenshot(tmp_path / f"index-{viewport}.png")
    layout = browser.evaluate(LAYOUT_PROBE)
    assert layout["scrollWidth"] <= layout["innerWidth"], f"horizontal overflow from {layout['wide']}"
    counts = browser.evaluate("""[...document.querySelectorAll('table.audited td.issues')].map(td => {
        const r = td.getBoundingClientRect(); return {w: r.width, h: r.height, right: r.right, text: td.textContent.trim()}; })""")
    assert len(counts) == 4 and all(c["w"] > 0 and c["h"] > 0 and c["right"] <= width and "good" in c["text"] for c in counts)
    broken = browser.evaluate(BROKEN_WORDS_PROBE % "'table td, table th, .intel h2, .intel h3, .intel p'")
    assert broken == []
    gaps = browser.evaluate("""(() => {
      const box = document.querySelector('svg.intel-map rect').getBoundingClientRect();
      return [...document.querySelectorAll('svg.intel-map circle')].map(c => { const r = c.getBoundingClientRect();
        return Math.min(r.left - box.left, box.right - r.right, r.top - box.top, box.bottom - r.bottom); });
    })()""")
    assert len(gaps) == 4 and min(gaps) >= 8, gaps  # at least 8 px clear of the frame, at 375 px too
    assert browser.console_problems() == []


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_fix_these_first_fits_and_leads_to_the_cards(browser, scorecards, viewport):
    width, height, mobile = VIEWPORTS[viewport]
    browser.open(scorecards["full"].as_uri(), width, height, mobile)
    found = browser.evaluate("""(() => {
      const items = [...document.querySelectorAll('#fix-first li.fix')];
      return {n: items.length, right: Math.max(...items.map(li => li.getBoundingClientRect().right)),
              targets: items.every(li => !!document.getElementById(li.querySelector('a').hash.slice(1))),
              chips: [...document.querySelectorAll('.counts a')].map(a => a.hash)};
    })()""")
    assert found["n"] >= 2 and found["right"] <= width and found["targets"]
    assert found["chips"] and set(found["chips"]) == {"#fix-first"}
    assert browser.evaluate(BROKEN_WORDS_PROBE % "'#fix-first .title'") == []
