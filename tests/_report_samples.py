"""AuditReports for the reporter tests: real pages through the real pipeline, plus
hand-made results with evidence so the tests do not depend on other check families."""

from __future__ import annotations

import dataclasses

from seoaudit import __version__
from seoaudit.checks import ALL_CHECKS
from seoaudit.document import build_document
from seoaudit.models import AuditReport, CheckResult, Evidence, PageReport, RawPage, Targeting
from seoaudit.registry import CheckContext
from seoaudit.reports import CheckDoc
from seoaudit.runner import audit_document
from seoaudit.scoring import category_scores, page_score, site_score

TARGETING = Targeting(keyphrases=("acupuncture for back pain",), cities=("Edmonton",))

CLINIC_HTML = """<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Acupuncture for Back Pain in Edmonton | Northside Clinic</title>
<meta name="description" content="How acupuncture for back pain works, what a first visit at our Edmonton clinic looks like, and when to combine it with physiotherapy and exercise.">
<link rel="canonical" href="https://clinic.example/blog/acupuncture-back-pain-edmonton/">
</head><body>
<nav><a href="/">Home</a> <a href="/contact/">Contact</a></nav>
<main><article>
<h1>Acupuncture for back pain in Edmonton</h1>
<p>Acupuncture for back pain is one of the most common reasons people visit our Edmonton clinic.
Many patients come to us after months of stiffness. This post explains what to expect.</p>
<h2>How acupuncture helps back pain</h2>
<p>Fine needles are placed at points along the back and legs. Most people feel a dull ache
and then relaxation. Research suggests acupuncture can reduce chronic low back pain for some people.</p>
<img src="/img/needles.jpg" alt="Acupuncture needles on a patient's lower back">
<h2>Your first visit</h2>
<p>Your first appointment takes about an hour. We ask about your history and examine how you move.
Treatment usually starts on the same day.</p>
<p>Related: <a href="/blog/physiotherapy-for-sciatica/">Physiotherapy for sciatica</a></p>
</article></main>
<footer><a href="https://twitter.example/clinic">Twitter</a></footer>
</body></html>"""

SOURCE = "https://clinic.example/blog/acupuncture-back-pain-edmonton/"


def audit_html(html: str, source: str, targeting: Targeting = TARGETING) -> PageReport:
    raw = RawPage(source=source, url=source, body=html.encode("utf-8"))
    doc = build_document(raw)
    return audit_document(doc, ALL_CHECKS, {}, CheckContext(targeting=targeting))


def handmade_checks() -> tuple[CheckResult, ...]:
    """One result per evidence kind the scorecard lays out, with codes no family owns."""
    return (
        CheckResult(
            code="KW001",
            name="keyphrase-density",
            category="keyphrase",
            status="ok",
            score=55.0,
            value=0.8,
            message="The keyphrase appears 3 times in 210 words (0.8%).",
            threshold="0.5-3%",
            evidence=(
                Evidence("sentence", "Acupuncture for back pain is common in Edmonton & area.", verdict="match",
                         highlights=("Acupuncture", "back", "pain", "Edmonton", "amp"), position=0.0, line=12),
                Evidence("sentence", "How acupuncture helps back pain.", highlights=("acupuncture", "back", "pain"), position=0.42),
                Evidence("sentence", "Acupuncture may reduce low back pain.", highlights=("Acupuncture", "back", "pain"), position=1.0),
            ),
        ),
        CheckResult(
            code="ZZ901",
            name="related-links",
            category="links",
            status="bad",
            score=15.0,
            value=2,
            message="One related link is broken.",
            evidence=(
                Evidence("link", "Physiotherapy for sciatica", verdict="ok", status="good",
                         detail="https://clinic.example/blog/physiotherapy-for-sciatica/"),
                Evidence("link", "click here", verdict="broken (404)", status="bad",
                         detail="https://clinic.example/blog/missing/"),
            ),
        ),
        CheckResult(
            code="ZZ902",
            name="image-alt",
            category="basics",
            status="good",
            score=100.0,
            value=1,
            message="Every image has alt text.",
            evidence=(Evidence("image", "/img/needles.jpg", detail="Acupuncture needles on a patient's lower back"),),
        ),
        CheckResult(code="ZZ903", name="crashy", category="local", status="error", score=None,
                    message="The check crashed: ValueError: boom (x.py:1)"),
        CheckResult(code="ZZ904", name="nothing-to-judge", category="readability", status="na", score=None,
                    message="No keyphrase configured."),
    )


HANDMADE_DOCS = {
    "ZZ901": CheckDoc("ZZ901", title="Related links work", fail_title="Related links are broken",
                      why="Broken links waste the reader's trust.", source="Test source", fix="Fix or remove the link."),
}


def with_checks(page: PageReport, extra: tuple[CheckResult, ...]) -> PageReport:
    """The page with ``extra`` results (replacing real ones with the same code, so the
    evidence under test is ours whatever families exist) and scores recomputed the
    runner's way."""
    codes = {c.code for c in extra}
    checks = tuple(c for c in page.checks if c.code not in codes) + extra
    cats = category_scores(checks)
    return dataclasses.replace(page, checks=checks, categories=cats, score=page_score(cats))


def error_page(source: str = "https://clinic.example/gone/") -> PageReport:
    return PageReport(source=source, url=source, status="error", error="HTTP 404 Not Found", cause="http-404")


def make_report(pages: tuple[PageReport, ...]) -> AuditReport:
    return AuditReport(pages=pages, tool_version=__version__, score=site_score(p.score for p in pages))


def sample_report() -> AuditReport:
    """Three pages: a full clinic post with hand-made evidence, a short post, a failure."""
    main = with_checks(audit_html(CLINIC_HTML, SOURCE), handmade_checks())
    short = audit_html("<html><head><title>Hi</title></head><body><p>Short text about massage.</p></body></html>",
                       "posts/short post.html")
    return make_report((main, short, error_page()))


# ---- a hostile page: every field a scorecard shows carries markup or a script URL ----

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"

HOSTILE_HTML = f"""<!doctype html><html lang="en"><head>
<title>Back pain {SCRIPT} {BREAKOUT}</title>
<meta name="description" content="{BREAKOUT.replace('"', '&quot;')} {SCRIPT.replace('<', '&lt;')}">
<link rel="canonical" href="{JS_URL}">
</head><body><main><article>
<h1>Acupuncture {SCRIPT.replace('<', '&lt;')}</h1>
<p>Acupuncture for back pain in Edmonton &lt;script&gt;alert(1)&lt;/script&gt; helps many people.
Read <a href="{JS_URL}">this {SCRIPT.replace('<', '&lt;')}</a> and
<a href=" javascript:alert(1)">spaced</a> and <a href="java&#09;script:alert(1)">tabbed</a>
and <a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">data</a>.</p>
<h2>{BREAKOUT.replace('<', '&lt;')}</h2>
<p>More text about back pain. <img src="x" alt="{BREAKOUT.replace('"', '&quot;').replace('<', '&lt;')}"></p>
<p>Related: <a href="{JS_URL}">{BREAKOUT.replace('<', '&lt;')}</a></p>
</article></main></body></html>"""

HOSTILE_EVIDENCE = (
    Evidence("link", SCRIPT, verdict=BREAKOUT, status="bad", detail=JS_URL),
    Evidence("link", "spaced", detail=" javascript:alert(1)"),
    Evidence("link", "tabbed", detail="java\tscript:alert(1)"),
    Evidence("link", "data", detail="data:text/html,<script>alert(1)</script>"),
    Evidence("link", "quote", detail='https://ok.example/" onmouseover="alert(1)'),
    Evidence("image", BREAKOUT, detail=SCRIPT),
    Evidence("sentence", f"back pain {SCRIPT} {BREAKOUT}", highlights=("back", "script", "onerror", "img"), position=0.5),
)


def hostile_report():
    page = audit_html(HOSTILE_HTML, "https://clinic.example/evil/", Targeting(keyphrases=("back pain",), cities=("Edmonton",)))
    extra = (
        CheckResult(code="KW001", name="keyphrase-density", category="keyphrase", status="bad", score=10.0,
                    value=SCRIPT, message=BREAKOUT, threshold=SCRIPT, evidence=HOSTILE_EVIDENCE),
    )
    page = with_checks(page, extra)
    evil_source = dataclasses.replace(
        page, source=f"{JS_URL}//{BREAKOUT}", url=JS_URL, title=f"{SCRIPT}{BREAKOUT}",
        keyphrases=(SCRIPT,), cities=(BREAKOUT,), stats={**page.stats, BREAKOUT: SCRIPT},
    )
    failed = dataclasses.replace(page, source="https://clinic.example/x/", status="error", error=f"{SCRIPT} {BREAKOUT}", checks=())
    return make_report((page, evil_source, failed))
