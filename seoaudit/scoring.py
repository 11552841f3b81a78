"""Check scores -> category scores -> page score -> site score.

Formulas (documented in the README, "Scoring"):

* a check's score is 0-100 (good 100, ok 60, bad 15 unless the check computes its
  own number); ``na`` and ``error`` results are left out;
* a category score is the weight-averaged score of its checks (weights per check); site
  checks (ST..., judged on other pages and link targets) are not in any score;
* the page score is the weight-averaged score of the categories that have a score,
  with ``CATEGORY_WEIGHTS`` (configurable; a category whose target was not given, keyphrase
  or city, weighs its share of checks that ran: ``targeted_weights``), at most the ``caps_score`` of any check that
  is bad (noindex: 40; a claim the profile forbids: 70), since no other strength makes up
  for those; that check's category is held to the same cap;
* the site score is the mean of the scores of the posts that could be audited (home pages,
  listings and site pages count only when there is no post: ``site_score_of``).
"""

from __future__ import annotations

from typing import Iterable, Mapping

from .models import CheckResult
from .registry import CATEGORIES, CheckSpec

CATEGORY_WEIGHTS: Mapping[str, float] = {
    "keyphrase": 30.0,
    "local": 20.0,
    "readability": 20.0,
    "links": 15.0,
    "basics": 15.0,
    "clinic": 20.0,
}


def category_scores(results: Iterable[CheckResult]) -> dict[str, float | None]:
    sums: dict[str, float] = {c: 0.0 for c in CATEGORIES}
    weights: dict[str, float] = {c: 0.0 for c in CATEGORIES}
    for r in results:
        if r.score is None or r.status in ("na", "error"):
            continue
        sums[r.category] = sums.get(r.category, 0.0) + r.score * r.weight
        weights[r.category] = weights.get(r.category, 0.0) + r.weight
    return {c: (sums[c] / weights[c] if weights[c] else None) for c in sums}


def page_score(categories: Mapping[str, float | None], weights: Mapping[str, float] = CATEGORY_WEIGHTS) -> float | None:
    total = wsum = 0.0
    for cat, score in categories.items():
        if score is None:
            continue
        w = weights.get(cat, 0.0)
        total += score * w
        wsum += w
    return total / wsum if wsum else None


def capped_categories(specs: tuple[CheckSpec, ...], results: tuple[CheckResult, ...],
                      categories: Mapping[str, float | None]) -> dict[str, float | None]:
    """``categories`` with each bad capping check's category held to its cap as well: a
    "Clinic 80 · Good" gauge beside four forbidden claims contradicted the page's cap."""
    out = dict(categories)
    for spec, result in zip(specs, results):
        if spec.caps_score is not None and result.status == "bad" and out.get(result.category) is not None:
            out[result.category] = min(out[result.category], spec.caps_score)
    return out


def score_cap(specs: tuple[CheckSpec, ...], results: tuple[CheckResult, ...], score: float | None) -> dict | None:
    """``{"max", "checks", "uncapped"}`` when a bad check with ``caps_score`` holds the page
    score below what the weighted mean gave (README "Scoring"), else None."""
    caps = [(s.caps_score, r.code) for s, r in zip(specs, results) if s.caps_score is not None and r.status == "bad"]
    if score is None or not caps:
        return None
    limit = min(c for c, _ in caps)
    if score <= limit:
        return None
    return {"max": limit, "checks": [code for c, code in caps if c == limit], "uncapped": round(score, 1)}


def targeted_weights(results: Iterable[CheckResult], untargeted: Iterable[str],
                     weights: Mapping[str, float] = CATEGORY_WEIGHTS) -> Mapping[str, float]:
    """``weights`` with each category in ``untargeted`` (its target was not given: "keyphrase"
    without a keyphrase, "local" without a city) weighing its share of checks that ran: without
    a city the Local score is the place-list check's alone (1 of 4 checks), and at its full
    weight that "100" raised the page above the same page audited with its city."""
    untargeted = set(untargeted)
    if not untargeted:
        return weights
    results = tuple(results)
    shares = {}
    for cat in untargeted:
        ran, total = checks_ran(results, cat)
        shares[cat] = ran / total if total else 1.0
    return {cat: w * shares.get(cat, 1.0) for cat, w in weights.items()}


def checks_ran(results: Iterable[CheckResult], category: str) -> tuple[int, int]:
    """(checks of ``category`` that ran, all its checks): what a category scored without its
    target stands on (``targeted_weights``; the reports' "no city given: 1 of 4 checks")."""
    checks = [r for r in results if r.category == category]
    return sum(1 for r in checks if r.status not in ("na", "error")), len(checks)


def page_scores(specs: tuple[CheckSpec, ...], results: tuple[CheckResult, ...],
                weights: Mapping[str, float] = CATEGORY_WEIGHTS,
                untargeted: Iterable[str] = ()) -> tuple[dict[str, float | None], float | None, dict | None]:
    """(category scores, page score, score cap or None) of one page's check results: the
    weighted means, with the caps of failed capping checks applied to their categories and
    to the page (``score_cap`` says so, with the score the weighted mean gave). Site checks
    (``CheckSpec.site_check``) are left out: they depend on other pages and on the network,
    and a page scores the same whether or not they were answered. ``untargeted``: the
    categories whose target was not given (``targeted_weights``)."""
    if any(s.site_check for s in specs):
        kept = [(s, r) for s, r in zip(specs, results) if not s.site_check]
        specs, results = tuple(s for s, _ in kept), tuple(r for _, r in kept)
    weights = targeted_weights(results, untargeted, weights)
    raw = category_scores(results)
    categories = capped_categories(specs, results, raw)
    cap = score_cap(specs, results, page_score(raw, weights))
    score = page_score(categories, weights)
    if cap is not None and score is not None:
        score = min(score, cap["max"])
    return categories, score, cap


def site_score(scores: Iterable[float | None]) -> float | None:
    vals = [s for s in scores if s is not None]
    return sum(vals) / len(vals) if vals else None


def counted_pages(items, kind_of) -> list:
    """The pages a site score is made of: the posts, or every page when there is no post.

    Home pages, listings and site pages (``page_type.py``) are not what seoaudit's
    post checks are written for; ``kind_of(item)`` gives an item's page type (None: post).
    """
    items = list(items)
    posts = [i for i in items if (kind_of(i) or "post") == "post"]
    return posts or items


def site_score_of(pages) -> float | None:
    """The mean score of the audited posts (``counted_pages``)."""
    ok = [p for p in pages if p.status == "ok"]
    return site_score(p.score for p in counted_pages(ok, lambda p: (p.stats or {}).get("page_type")))


def band(score: float | None) -> str:
    """Yoast's traffic-light bands, so users can map our numbers to what they know."""
    if score is None:
        return "na"
    if score >= 71:
        return "good"
    if score > 40:
        return "ok"
    return "bad"
