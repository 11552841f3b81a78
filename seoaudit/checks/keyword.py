"""Keyphrase checks: density, stuffing, and the keyphrase in title, H1, introduction,
meta description, slug, subheadings and image alts, and the keyphrase's own length.

Matching follows Yoast (research/yoast.md §4): the keyphrase is reduced to its content
words, and a sentence matches when it holds all of them, in any order, up to word forms
and a small synonym table ("lower"/"low", "lumbar"/"back"). A keyphrase in double
quotes matches only as the exact phrase. Unlike Yoast, "back", "near" and "best" are
content words, so "acupuncture for back pain" needs {acupuncture, back, pain}.

Several keyphrases: every check judges the first (primary) keyphrase; its status is
the check's status. The other keyphrases are judged the same way and listed in
``value["others"]`` (keyphrase, status and the same figures), and named in the message.
Every check is ``na`` when no keyphrase is configured.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from dataclasses import dataclass
from typing import Callable

from .. import text as T
from ..models import Evidence
from ..registry import Outcome, check
from .clinic_common import clinic_cities, title_without_brand

# Keyword stuffing (KW002, and the city in LC002) is named by Google's spam policies: a page
# that does it is held at this score ("needs work") however well it places its keyphrase,
# since that placement is the stuffing (README "Scoring", caps).
STUFFING_SCORE_CAP = 50.0

_NO_KEYPHRASE = "No keyphrase configured (set keyphrases in the config or pass --keyphrase)."

#: title words that say what kind of post it is, or sell it, not what it is about (a risky
#: "Acupuncture Cures Back Pain" must not suggest a keyphrase with "cures" in it)
_TITLE_FILLER = frozenset(
    """guide tips best top ultimate complete everything know need expect ways things reasons
    cure cures cured curing guaranteed guarantee miracle instant permanent permanently painless proven
    affordable cheap cheapest discount free save""".split())
_SUGGESTED_WORDS = 4


# ---- shared helpers ---------------------------------------------------------------


def suggested_keyphrase(doc, ctx) -> str:
    """The phrase the page seems to target, for a run without a keyphrase: the stretch of the
    title (without the site's name) from its first to its last content word that the H1 or the
    URL slug repeats, at most four such words; the target city and title filler ("guide",
    "tips") left out. "Acupuncture for Back Pain in Edmonton | Clinic" with that H1 gives
    "acupuncture for back pain". "" when the title shares no word with the H1 or slug."""

    def compute(d) -> str:
        from ..places import find_places

        support = set(T.tokens(" ".join(d.h1s[:1]))) | set(T.tokens(d.slug.replace("-", " ").replace("_", " ")))
        title = title_without_brand(d, ctx)
        # the target city is its own setting: configured, any place the title names ("in Toronto"),
        # or the clinic's own city (a Title-Case "Teeth Whitening Toronto" hides the place from the scan)
        places = (*ctx.cities, *homes, *(m.surface for m in find_places(title)))
        city = {t for c in places for t in T.tokens(c)}
        # the title's first part is the post's own ("Acupuncture Cures Back Pain | Edmonton's Best
        # Acupuncture Clinic"): the rest is a tagline, read only when the first part gives nothing
        first = T.TITLE_SEP_RE.split(title, 1)[0]
        phrase = pick(T.words(first), support, city) if first != title else ""
        return phrase or pick(T.words(title), support, city)

    def pick(title_words, support, city) -> str:
        kept, seen = [], set()
        for i, w in enumerate(title_words):
            tok = T.canonical_token(w)
            if (w.lower() not in T.FUNCTION_WORDS and w.lower() not in _TITLE_FILLER and not w.isdigit()
                    and tok in support and tok not in city and tok not in seen):  # once: not "acupuncture ... acupuncture"
                kept.append(i)
                seen.add(tok)
        kept = kept[:_SUGGESTED_WORDS]
        if not kept:
            return ""
        span = title_words[kept[0]: kept[-1] + 1]
        # the function words between are the phrase's own ("for"); a content word the H1 and slug do
        # not repeat ("cures" in "Acupuncture Cures Back Pain") is not: then the kept words alone
        if len(span) > len(kept) and any(w.lower() not in T.FUNCTION_WORDS for w in span if T.canonical_token(w) not in seen):
            span = [title_words[i] for i in kept]
        return " ".join(w.lower() for w in span)

    homes = tuple(clinic_cities(doc, ctx))  # the markup's and the configured locations'
    return doc.derived(("keyword.suggested_keyphrase", ctx.cities, homes), compute)


def no_keyphrase(doc, ctx) -> Outcome:
    """``na`` for a run without a keyphrase, with the phrase the page seems to target as a start."""
    suggestion = suggested_keyphrase(doc, ctx)
    if not suggestion:
        return Outcome.na(_NO_KEYPHRASE)
    # the suggestion in value too: the text summary and the scorecard's header offer it (reports.base.targeting_notes)
    return Outcome("na", value={"suggested_keyphrase": suggestion},
                   message=f"No keyphrase configured: pass --keyphrase or set keyphrases in the config (this page's "
                           f"title suggests '{suggestion}').")


def _for_each_keyphrase(doc, ctx, judge: Callable[[T.Keyphrase], Outcome]) -> Outcome:
    """Judge every keyphrase; the primary one decides, the others are listed in value."""
    kps = tuple(kp for kp in ctx.keyphrases if kp.content)  # "!!!" has no word to match
    if not kps:
        return no_keyphrase(doc, ctx)
    primary = judge(kps[0])
    # "na" comes from the page (no images, no subheadings), so it holds for every keyphrase.
    if len(kps) == 1 or primary.status == "na":
        return primary
    others = []
    for kp in kps[1:]:
        out = judge(kp)
        figures = out.value if isinstance(out.value, dict) else {"keyphrase": kp.text, "value": out.value}
        others.append({**figures, "status": out.status})
    value = dict(primary.value) if isinstance(primary.value, dict) else {"value": primary.value}
    value["others"] = others
    named = "; ".join(f"'{o['keyphrase']}': {o['status']}" for o in others)
    message = f"{primary.message} Other keyphrases: {named}.".strip()
    return dataclasses.replace(primary, value=value, message=message)


def _sentence_evidence(kp: T.Keyphrase, s, verdict: str = "match", status: str = "", detail: str = "") -> Evidence:
    return Evidence(
        "sentence",
        s.text,
        verdict=verdict,
        status=status,
        highlights=T.highlight_terms(s.text, kp.content),
        detail=detail,
        position=s.position,
        line=s.line,
    )


def _reduction_note(kp: T.Keyphrase) -> str:
    """Say which words were looked for when function words were left out (Yoast users rarely
    know); "Matched on" read oddly under a failure that matched nothing."""
    if not kp.dropped:
        return ""
    return f" Looked for {', '.join(kp.surface)} ('{' '.join(kp.dropped)}' ignored)."


def _coverage_of(kp: T.Keyphrase, text: str) -> float:
    return kp.coverage(frozenset(T.tokens(text)), text)


def _exact_count(doc, kp: T.Keyphrase) -> int:
    """``T.count_exact(kp.exact, doc.body_text)``, from the Document's words (split once for
    every check) instead of splitting the body text again."""
    flat = doc.derived(("keyword.flat_body",), lambda d: T.flat_words(d.words, d.body_text))
    return T.count_exact_flat(kp.exact, flat)


def _block_index(doc, block) -> int | None:
    for i, b in enumerate(doc.blocks):
        if b is block:
            return i
    return None


def _share_band(total: int, low: float, high: float) -> tuple[int, int]:
    """Yoast's count band for "between low and high of the items": ceil(low n)..floor(high n)."""
    return max(1, math.ceil(low * total)), math.floor(high * total)


# ---- KW001 keyphrase density --------------------------------------------------------


@dataclass(frozen=True)
class DensityOptions:
    min_density: float = 0.5  # weighted %, lower bound of the good band
    max_density: float = 3.0  # weighted %; Yoast allows 3.5 when it recognises word forms
    way_over_density: float = 4.0  # weighted %, above this the page reads as stuffed
    min_words: int = 100  # shorter texts are judged by match count instead of %
    very_short_words: int = 51  # below this a short text allows one match
    very_short_max_matches: int = 1
    short_max_matches: int = 2  # texts of very_short_words..min_words-1 words


# Scores in Yoast's proportions (points/9): low use 4/9; over-use is a penalty.
_DENSITY_SCORES = {"good": 100.0, "none": 30.0, "low": 44.0, "over": 10.0, "way_over": 0.0}


def length_factor(kp: T.Keyphrase) -> float:
    """Yoast's keyphrase-length weighting 0.7 + L/3: longer phrases need fewer repeats."""
    return 0.7 + len(kp.content) / 3


def _density_figures(doc, kp: T.Keyphrase) -> tuple[dict, list]:
    matched = []
    total = 0
    for s in doc.sentences:
        if kp.hit(s.tokens, s.text):
            n = max(1, kp.count_in(s.text))
            matched.append((s, n))
            total += n
    words = doc.word_count
    factor = length_factor(kp)
    raw = total / words * 100 if words else 0.0
    figures = {
        "keyphrase": kp.text,
        "density": round(raw, 2),
        "weighted": round(raw * factor, 2),
        "matches": total,
        "sentences": len(matched),
        "exact": _exact_count(doc, kp),
        "words": words,
        "reduced": list(kp.surface),
        "dropped": list(kp.dropped),
    }
    return figures, matched


def _density_verdict(figures: dict, factor: float, opts: DensityOptions) -> tuple[str, dict]:
    """Yoast's decision order (KeywordDensityAssessment): a verdict and the recommended counts."""
    words, matches, weighted = figures["words"], figures["matches"], figures["weighted"]
    if words < opts.min_words:
        limit = opts.very_short_max_matches if words < opts.very_short_words else opts.short_max_matches
        rec = {"min": 1, "max": limit}
        if matches == 0:
            return "none", rec
        if matches <= limit:
            return "good", rec
        return ("over" if matches == limit + 1 else "way_over"), rec
    low = max(2, math.ceil(opts.min_density * words / (100 * factor)))
    # two matches are good whatever the density (Yoast's rule below), so the range never
    # ends below them: a 111-word post was told to aim for "2-1 matches"
    rec = {"min": low, "max": max(low, math.floor(opts.max_density * words / (100 * factor)))}
    if matches == 0:
        return "none", rec
    if matches == 2 and rec["min"] <= 2:
        return "good", rec
    if matches == 1 or weighted < opts.min_density:
        return "low", rec
    if weighted <= opts.max_density:
        return "good", rec
    return ("over" if weighted <= opts.way_over_density else "way_over"), rec


def _judge_density(doc, opts: DensityOptions, kp: T.Keyphrase) -> Outcome:
    figures, matched = _density_figures(doc, kp)
    verdict, rec = _density_verdict(figures, length_factor(kp), opts)
    figures["recommended"] = rec
    evidence = tuple(
        _sentence_evidence(kp, s, detail=f"{n} occurrences" if n > 1 else "") for s, n in matched
    )
    status = "good" if verdict == "good" else "bad"
    m, w = figures["matches"], figures["words"]
    said = {
        "none": f"The keyphrase '{kp.text}' does not appear in the {w}-word text.",
        "low": f"The keyphrase '{kp.text}' appears {T.plural(m, 'time')} in {w} words; aim for at least {rec['min']}"
               + (" (one mention is too few whatever the density)." if m == 1 and figures["weighted"] >= opts.min_density else "."),
        "good": f"The keyphrase '{kp.text}' appears {T.plural(m, 'time')} in {w} words: "
                + ("two mentions are enough in a short text, even above the density band."
                   if figures["weighted"] > opts.max_density else "a good density."),
        "over": f"The keyphrase '{kp.text}' appears {m} times in {w} words: more than the {rec['max']} recommended.",
        "way_over": f"The keyphrase '{kp.text}' appears {m} times in {w} words: far more than the {rec['max']} recommended.",
    }[verdict]
    if w >= opts.min_words:
        # in words, not "Weighted density 15.64 % (raw 9.2 %)", which a marketer could not read
        said += (f" That is {figures['density']:g} uses per 100 words, or {figures['weighted']:g} % once weighted"
                 f" for a {len(kp.content)}-word keyphrase (aim for {opts.min_density:g}-{opts.max_density:g} %).")
    threshold = (
        # the counts too: one match in a short text can sit inside the % band and still be too few
        f"{opts.min_density}-{opts.max_density} % weighted density: {_span(rec['min'], rec['max'])} matches in {w} words"
        if w >= opts.min_words
        else f"{_span(rec['min'], rec['max'])} {'match' if rec['max'] == 1 else 'matches'} in a text under {opts.min_words} words"
    )
    return Outcome(
        status,
        value=figures,
        message=said + _reduction_note(kp),
        evidence=evidence,
        score=_DENSITY_SCORES[verdict],
        threshold=threshold,
    )


@check(
    code="KW001",
    name="keyphrase-density",
    category="keyphrase",
    title="The keyphrase is used often enough, but not too often",
    fail_title="The keyphrase is used too rarely or too often",
    why="Using the keyphrase a few times makes the topic explicit; repeating it more reads as keyword stuffing.",
    source="Yoast keyphrase density assessment (0.5-3 % length-weighted; <100-word rules, PR #22715)",
    fix="Mention the keyphrase (all its main words in one sentence) about once per 100-200 words; vary wording elsewhere.",
    options=DensityOptions,
)
def keyphrase_density(doc, opts: DensityOptions, ctx) -> Outcome:
    """Keyphrase matches per 100 words of main content, weighted by keyphrase length.

    A match is a sentence holding every content word of the keyphrase (any order,
    word forms and synonyms allowed); a sentence holding the phrase twice counts twice,
    as in Yoast. Weighted density = matches / words x 100 x (0.7 + L/3), L = number of
    content words. Texts of ``min_words`` or more: ``min_density``-``max_density`` %
    is good; more than ``max_density`` or ``way_over_density`` is bad; fewer than
    ``min_density`` % or a single match is bad (too rare). Shorter texts are judged by
    count: under ``very_short_words`` words one match is good, otherwise up to
    ``short_max_matches``. The value also reports the exact-phrase count, the words
    matched and the function words ignored; the evidence lists every matched sentence
    with its position in the text.

    Passes: 4 sentences naming acupuncture and back pain in a 400-word post
    (weighted 1.7 %). Fails: one mention in 600 words, or 15 in 400 words.
    """
    return _for_each_keyphrase(doc, ctx, lambda kp: _judge_density(doc, opts, kp))


def _span(low: int, high: int) -> str:
    """"2-4", or "1" when the range is one number ("aim for 1-1" reads as a typo)."""
    return str(low) if low == high else f"{low}-{high}"


# ---- KW002 keyphrase stuffing -------------------------------------------------------


@dataclass(frozen=True)
class StuffingOptions:
    exact_density_warn: float = 3.0  # exact-phrase words per 100 words
    exact_density_fail: float = 4.0
    min_words: int = 100  # exact density is only judged from this length
    paragraph_share: float = 0.8  # keyphrase in this share of paragraphs or more
    min_paragraphs: int = 4
    subheading_share: float = 0.75  # keyphrase in more than this share of H2/H3
    min_subheadings: int = 2
    ngram_size: int = 3
    ngram_repeats: int = 4  # the same n-gram this often per ngram_per_words words
    ngram_per_words: int = 300
    title_repeats: int = 2  # the same keyphrase word this often in the title
    alt_share: float = 0.5  # keyphrase in more than this share of image alts
    min_images: int = 3  # one keyphrase alt among one or two images is normal


def _signal(name: str, level: str, value, limit, evidence: tuple[Evidence, ...] = ()) -> tuple[dict, tuple[Evidence, ...]]:
    return {"signal": name, "level": level, "value": value, "limit": limit}, evidence


def _exact_density_signal(doc, opts: StuffingOptions, kp: T.Keyphrase, ctx):
    words = doc.word_count
    if words < opts.min_words:
        return None
    # Weighted like KW001 (0.7 + L/3) rather than "occurrences x phrase words": with the
    # latter, a 4-word phrase used 3 times in 300 words is already "over 3 %" while
    # KW001 calls that density good; this way the two checks never contradict.
    exact = _exact_count(doc, kp)
    density = round(exact / words * 100 * length_factor(kp), 2)
    for level, limit in (("fail", opts.exact_density_fail), ("warn", opts.exact_density_warn)):
        if density > limit:
            return _signal("exact-density", level, density, limit)
    return None


def _paragraph_signal(doc, opts: StuffingOptions, kp: T.Keyphrase, ctx):
    blocks = {s.block for s in doc.sentences}
    if len(blocks) < opts.min_paragraphs:
        return None
    hit_blocks = {s.block for s in doc.sentences if kp.hit(s.tokens, s.text)}
    share = len(hit_blocks) / len(blocks)
    if share < opts.paragraph_share:
        return None
    return _signal("paragraphs", "warn", round(share, 3), opts.paragraph_share)


def _subheading_signal(doc, opts: StuffingOptions, kp: T.Keyphrase, ctx):
    subs = doc.subheadings
    if len(subs) < opts.min_subheadings:
        return None
    hits = [h for h in subs if _coverage_of(kp, h.text) >= 1.0]
    share = len(hits) / len(subs)
    if share <= opts.subheading_share:
        return None
    ev = tuple(Evidence("heading", h.text, verdict="keyphrase", highlights=T.highlight_terms(h.text, kp.content), line=h.line) for h in hits)
    return _signal("subheadings", "warn", round(share, 3), opts.subheading_share, ev)


def repeated_ngrams(words: tuple[str, ...], keys: tuple[str, ...], size: int) -> Counter:
    """Counts of lower-cased ``size``-word n-grams that contain a keyphrase word and begin
    and end with a content word.

    A window that begins or ends with a function word ("le mal de", "for back pain") is a
    shifted copy of the phrase beside it ("mal de dos", "acupuncture for back"): it counts
    the same repeats and names a fragment nobody wrote on purpose."""
    wanted = set(keys)
    lowered = [w.lower() for w in words]
    last_start = len(lowered) - size
    # the page's distinct words that are keyphrase words: one canonical_token call per
    # distinct word, not per word (a page repeats most of its words)
    keywords = {w for w in set(lowered) if T.canonical_token(w) in wanted}
    # only the windows around keyphrase words, in text order (ties in most_common keep it)
    starts = sorted({
        i
        for k, w in enumerate(lowered)
        if w in keywords
        for i in range(max(0, k - size + 1), min(k, last_start) + 1)
    })
    grams: Counter = Counter()
    for i in starts:
        if lowered[i] in T.FUNCTION_WORDS or lowered[i + size - 1] in T.FUNCTION_WORDS:
            continue
        grams[" ".join(lowered[i : i + size])] += 1
    return grams


def _ngram_signal(doc, opts: StuffingOptions, kp: T.Keyphrase, ctx):
    # a count of repeats: the scaled limit rounds up to the first whole count that is flagged
    limit = math.ceil(opts.ngram_repeats * max(1.0, doc.word_count / opts.ngram_per_words) - 1e-9)
    grams = repeated_ngrams(doc.words, kp.content, opts.ngram_size)
    over = [(g, n) for g, n in grams.most_common() if n >= limit]
    if not over:
        return None
    ev = tuple(Evidence("text", g, verdict="repeated", highlights=(g,), detail=f"{n} times") for g, n in over[:5])
    return _signal("ngrams", "warn", {g: n for g, n in over[:5]}, limit, ev)


def _title_signal(doc, opts: StuffingOptions, kp: T.Keyphrase, ctx):
    title = title_without_brand(doc, ctx)  # "| Kingsway Physio" is the site's name, not a repeat
    counts = Counter(t for t in T.tokens(title) if t in kp.content)
    typed = dict(zip(kp.content, kp.surface))  # report "acupuncture", not the key "acupunctur"
    repeated = {typed[t]: n for t, n in counts.items() if n >= opts.title_repeats}
    if not repeated:
        return None
    keys = tuple(t for t in counts if typed[t] in repeated)
    ev = (Evidence("element", doc.title, verdict="repeated words", highlights=T.highlight_terms(title, keys)),)
    return _signal("title", "warn", repeated, opts.title_repeats, ev)


def _alt_signal(doc, opts: StuffingOptions, kp: T.Keyphrase, ctx):
    imgs = [i for i in doc.images if i.in_main]
    if len(imgs) < opts.min_images:
        return None
    hits = [i for i in imgs if i.alt and _coverage_of(kp, i.alt) >= 1.0]
    share = len(hits) / len(imgs)
    if share <= opts.alt_share:
        return None
    ev = tuple(Evidence("image", i.src, verdict="keyphrase alt", detail=i.alt or "", highlights=T.highlight_terms(i.alt or "", kp.content), line=i.line) for i in hits)
    return _signal("image-alts", "warn", round(share, 3), opts.alt_share, ev)


def _describe_signal(sig: dict) -> str:
    name, value, limit = sig["signal"], sig["value"], sig["limit"]
    if name == "exact-density":
        return f"exact-phrase density {value} % (limit {limit} %)"
    if name in ("paragraphs", "subheadings", "image-alts"):
        return f"in {round(value * 100)} % of {name.replace('-', ' ')}"
    if name == "ngrams":
        top, n = next(iter(value.items()))
        return f"'{top}' repeated {n} times (flagged from {limit:g})"
    return "repeated in the title: " + ", ".join(f"{w} x{n}" for w, n in value.items())


_STUFFING_SIGNALS = (_exact_density_signal, _paragraph_signal, _subheading_signal, _ngram_signal, _title_signal, _alt_signal)


def _judge_stuffing(doc, opts: StuffingOptions, kp: T.Keyphrase, ctx) -> Outcome:
    fired = [r for r in (sig(doc, opts, kp, ctx) for sig in _STUFFING_SIGNALS) if r is not None]
    signals = [s for s, _ in fired]
    evidence = tuple(e for _, ev in fired for e in ev)
    value = {"keyphrase": kp.text, "signals": signals}
    threshold = "no stuffing signal (one warning is ok)"
    if not signals:
        return Outcome("good", value=value, message=f"No sign of stuffing '{kp.text}'.", threshold=threshold)
    names = "; ".join(_describe_signal(s) for s in signals)
    status = "ok" if len(signals) == 1 and signals[0]["level"] == "warn" else "bad"
    return Outcome(status, value=value, message=f"'{kp.text}' shows signs of stuffing: {names}.", evidence=evidence, threshold=threshold)


@check(
    code="KW002",
    name="keyphrase-stuffing",
    category="keyphrase",
    title="The keyphrase is not stuffed",
    fail_title="The keyphrase looks stuffed",
    why="Google's spam policy names 'repeating the same words or phrases so often that it sounds unnatural' as keyword stuffing.",
    source="Google spam policies (keyword stuffing); Yoast density and subheading bands",
    fix="Say the keyphrase in the title, H1, introduction and a few sentences; elsewhere use natural variations or pronouns.",
    options=StuffingOptions,
    weight=1.5,
    caps_score=STUFFING_SCORE_CAP,
)
def keyphrase_stuffing(doc, opts: StuffingOptions, ctx) -> Outcome:
    """Several independent signs of keyword stuffing, each reported with its number.

    Signals: exact-phrase density (exact occurrences / words x 100, weighted by
    0.7 + L/3 as in KW001 so the two checks agree) above
    ``exact_density_warn`` % (warning) or ``exact_density_fail`` % (failure), for texts
    of ``min_words`` or more; the keyphrase in ``paragraph_share`` or more of the
    paragraphs (at least ``min_paragraphs``); the full keyphrase in more than
    ``subheading_share`` of the H2/H3 (at least ``min_subheadings``); the same
    ``ngram_size``-word n-gram containing a keyphrase word (and beginning and ending with
    a content word) ``ngram_repeats`` or more times per ``ngram_per_words`` words; a keyphrase word ``title_repeats`` times in the title
    (without the site's name: "| Glebe Physio" named by markup, ``clinic_name``, the domain,
    or the page's footer or header);
    the full keyphrase in more than ``alt_share`` of image alts (at least
    ``min_images``). Good: no signal. OK: one warning. Bad: two or more signals, or any
    failure-level signal.

    Passes: a 500-word post naming acupuncture for back pain in 5 sentences.
    Fails: "Acupuncture for back pain Edmonton | Back Pain Acupuncture" with the phrase
    in every paragraph and every subheading.
    """
    return _for_each_keyphrase(doc, ctx, lambda kp: _judge_stuffing(doc, opts, kp, ctx))


# ---- KW003 keyphrase in title -------------------------------------------------------


@dataclass(frozen=True)
class TitleKeyphraseOptions:
    # Yoast ignores leading function words ("The", "A") when judging "at the start".
    ignore_leading_function_words: bool = True


def _title_position(kp: T.Keyphrase, title: str) -> tuple[int | None, int]:
    """Word index of the first exact occurrence (None if absent) and how many leading
    title words are function words. Unquoted keyphrases compare canonical tokens, so
    "Lower Back Pain" is the exact phrase "low back pain"; quoted ones compare literally."""
    title_words = T.words(T.expand_compounds(title))
    if kp.quoted:
        hay = [w.lower() for w in title_words]
        needle = tuple(T.words(T.expand_compounds(kp.exact)))
    else:
        hay = [T.canonical_token(w) for w in title_words]
        needle = kp.sequence
    found = T.find_sequence(hay, needle)
    lead = 0
    for w in title_words:
        if w.lower() not in T.FUNCTION_WORDS:
            break
        lead += 1
    return (found[0] if found else None), lead


def _judge_title(doc, opts: TitleKeyphraseOptions, kp: T.Keyphrase) -> Outcome:
    title = doc.title
    threshold = "the exact keyphrase at the start of the title"
    if not title:
        return Outcome("bad", value={"keyphrase": kp.text, "match": "no-title"}, message="The page has no title.", threshold=threshold)
    pos, lead = _title_position(kp, title)
    allowed = lead if opts.ignore_leading_function_words else 0
    has_all = kp.share_in(frozenset(T.tokens(title))) >= 1.0
    if pos is not None and pos <= allowed:
        status, match, said = "good", "exact-start", f"The title starts with the keyphrase '{kp.text}'."
    elif pos is not None:
        status, match, said = "ok", "exact", f"The title holds the keyphrase '{kp.text}', but not at the start."
    elif has_all and not kp.quoted:
        status, match, said = "ok", "words", f"The title holds the words of '{kp.text}', but not as the exact phrase."
    else:
        status, match, said = "bad", "missing", f"The title does not hold the keyphrase '{kp.text}'."
    ev = (Evidence("element", title, verdict=match, status=status, highlights=T.highlight_terms(title, kp.content)),)
    return Outcome(status, value={"keyphrase": kp.text, "match": match, "position": pos}, message=said, evidence=ev, threshold=threshold)


@check(
    code="KW003",
    name="keyphrase-in-title",
    category="keyphrase",
    title="The title starts with the keyphrase",
    fail_title="The title does not lead with the keyphrase",
    why="The title is the strongest on-page relevance signal and the first thing searchers read; words at its start weigh most.",
    source="Yoast keyphrase-in-SEO-title assessment; Rank Math 'focus keyword in title' (its heaviest test)",
    fix="Start the title with the keyphrase, e.g. {example}.",
    fix_examples={"en": "'{Keyphrase} in {city} | Clinic Name'", "fr": "'{Keyphrase} à {city} | Nom de la clinique'",
                  "es": "'{Keyphrase} en {city} | Nombre de la clínica'"},
    options=TitleKeyphraseOptions,
    weight=1.5,
)
def keyphrase_in_title(doc, opts: TitleKeyphraseOptions, ctx) -> Outcome:
    """Whether and where the ``<title>`` holds the keyphrase.

    Good: the exact phrase (word forms and synonyms allowed unless quoted) at the start,
    after any leading function words such as "The". OK: the exact phrase later in the
    title, or all content words but not as the phrase. Bad: words missing, no title,
    or a quoted keyphrase without its exact phrase.

    Passes: "Acupuncture for Lower Back Pain in Edmonton" for "acupuncture for low back
    pain". Fails: "Our Edmonton Clinic Blog".
    """
    return _for_each_keyphrase(doc, ctx, lambda kp: _judge_title(doc, opts, kp))


# ---- KW004 keyphrase in H1 ----------------------------------------------------------


@dataclass(frozen=True)
class H1KeyphraseOptions:
    ok_share: float = 0.5  # share of content words in the H1 that still earns "ok"


def _judge_h1(doc, opts: H1KeyphraseOptions, kp: T.Keyphrase) -> Outcome:
    threshold = "all keyphrase words in the H1"
    if not doc.h1s:
        return Outcome("bad", value={"keyphrase": kp.text, "share": 0.0}, message="The page has no H1.", threshold=threshold)
    shares = [(_coverage_of(kp, h), h) for h in doc.h1s]
    best, best_h1 = max(shares, key=lambda x: x[0])
    status = "good" if best >= 1.0 else ("ok" if best >= opts.ok_share else "bad")
    ev = tuple(
        Evidence("heading", h, verdict=f"{round(share * 100)} % of keyphrase words", status="good" if share >= 1.0 else "", highlights=T.highlight_terms(h, kp.content))
        for share, h in shares
    )
    said = {
        "good": f"The H1 holds the keyphrase '{kp.text}'.",
        "ok": f"The H1 holds only some words of '{kp.text}'.",
        "bad": f"The H1 does not reflect the keyphrase '{kp.text}'.",
    }[status]
    return Outcome(status, value={"keyphrase": kp.text, "share": round(best, 3), "h1": best_h1}, message=said, evidence=ev, threshold=threshold)


@check(
    code="KW004",
    name="keyphrase-in-h1",
    category="keyphrase",
    title="The H1 holds the keyphrase",
    fail_title="The H1 does not hold the keyphrase",
    why="The H1 is the visible headline; naming the topic there confirms to readers and search engines what the post is about.",
    source="Moz/Mihm local ranking factors (keywords in H1/H2)",
    fix="Write an H1 that names the keyphrase, e.g. '<h1>{example}</h1>'.",
    # most themes print a Markdown post's title as its H1: a '#' heading besides it is a second one (BA003)
    draft_fixes={"markdown": "Name the keyphrase in the H1: the front matter's `title`, which most themes print as the H1 "
                             "(e.g. title: \"{example}\"), or the text's '#' heading if it has one."},
    fix_examples={"en": "{Keyphrase}: What to Expect", "fr": "{Keyphrase} : à quoi s'attendre", "es": "{Keyphrase}: qué esperar"},
    options=H1KeyphraseOptions,
)
def keyphrase_in_h1(doc, opts: H1KeyphraseOptions, ctx) -> Outcome:
    """Share of the keyphrase's content words in the page's H1 (the best H1 if several).

    Good: all content words (any order, word forms allowed; the exact phrase when
    quoted). OK: at least ``ok_share`` of them. Bad: fewer, or no H1.

    Passes: ``<h1>How acupuncture eases back pain</h1>``. Fails: ``<h1>Our blog</h1>``.
    """
    return _for_each_keyphrase(doc, ctx, lambda kp: _judge_h1(doc, opts, kp))


# ---- KW005 keyphrase in introduction ------------------------------------------------


@dataclass(frozen=True)
class IntroductionOptions:
    paragraphs: int = 1  # how many paragraphs, from the first real one, form the introduction


def _intro_blocks(doc, count: int) -> set[int]:
    first = _block_index(doc, doc.intro) if doc.intro is not None else None
    if first is None:
        return set()
    chosen = []
    for i in range(first, len(doc.blocks)):
        if not doc.blocks[i].is_heading:
            chosen.append(i)
        if len(chosen) >= count:
            break
    return set(chosen)


def _judge_intro(doc, opts: IntroductionOptions, kp: T.Keyphrase) -> Outcome:
    threshold = "all keyphrase words in one sentence of the first paragraph"
    blocks = _intro_blocks(doc, max(1, opts.paragraphs))
    sentences = [s for s in doc.sentences if s.block in blocks]
    if not sentences:
        return Outcome("bad", value={"keyphrase": kp.text, "match": "no-introduction"}, message="The main content has no introductory paragraph.", threshold=threshold)
    hits = [s for s in sentences if kp.hit(s.tokens, s.text)]
    union = frozenset().union(*(s.tokens for s in sentences))
    if hits:
        status, match, said = "good", "sentence", f"The introduction mentions '{kp.text}'."
        ev = tuple(_sentence_evidence(kp, s, status="good") for s in hits)
    elif not kp.quoted and kp.share_in(union) >= 1.0:
        status, match, said = "ok", "paragraph", f"The introduction holds the words of '{kp.text}', but spread over several sentences."
        ev = tuple(_sentence_evidence(kp, s, verdict="part") for s in sentences if s.tokens & set(kp.content))
    else:
        status, match, said = "bad", "missing", f"The introduction does not mention '{kp.text}'."
        ev = (_sentence_evidence(kp, sentences[0], verdict="first sentence"),)
    return Outcome(status, value={"keyphrase": kp.text, "match": match}, message=said + _reduction_note(kp), evidence=ev, threshold=threshold)


@check(
    code="KW005",
    name="keyphrase-in-introduction",
    category="keyphrase",
    title="The introduction mentions the keyphrase",
    fail_title="The introduction does not mention the keyphrase",
    why="Readers and search engines decide from the first paragraph whether the post answers the query.",
    source="Yoast keyphrase-in-introduction assessment; Rank Math 'keyword at the beginning of content'",
    fix="Name the keyphrase in the first paragraph, ideally in its first or second sentence.",
    options=IntroductionOptions,
)
def keyphrase_in_introduction(doc, opts: IntroductionOptions, ctx) -> Outcome:
    """The keyphrase in the first real paragraph of the main content.

    The introduction is the first paragraph with at least five words (image-only and
    tiny blocks are skipped, and so are byline and date lines, also the long ones a theme
    joins with "·" or "|": "By Dr. Maria Alvarez, DDS · Reviewed by ... · Updated August
    1, 2026"), plus the next ``paragraphs`` - 1 paragraphs. Good: all
    content words in one sentence. OK: all of them in the introduction but spread over
    sentences. Bad: not found, or no introduction.

    Passes: "Acupuncture can ease chronic back pain. ..." as the first paragraph.
    Fails: "Welcome to our clinic blog! Today we look at a common problem." first.
    """
    return _for_each_keyphrase(doc, ctx, lambda kp: _judge_intro(doc, opts, kp))


# ---- KW006 keyphrase in meta description --------------------------------------------


@dataclass(frozen=True)
class MetaKeyphraseOptions:
    min_matches: int = 1
    max_matches: int = 2


def _judge_meta(doc, opts: MetaKeyphraseOptions, kp: T.Keyphrase) -> Outcome:
    threshold = f"{opts.min_matches}-{opts.max_matches} mentions"
    desc = doc.meta_description
    if not desc and doc.kind == "text":  # a pasted text post cannot carry one: a reminder, not scored (as BA002)
        return Outcome("na", value={"keyphrase": kp.text, "matches": 0, "missing": True},
                       message=f"A plain-text post has no meta description: write one that mentions '{kp.text}' in your CMS.", threshold=threshold)
    if not desc:
        return Outcome("bad", value={"keyphrase": kp.text, "matches": 0, "missing": True}, message="The page has no meta description.", threshold=threshold)
    matches = 0
    for sentence in T.split_sentences(desc):
        if kp.hit(frozenset(T.tokens(sentence)), sentence):
            matches += max(1, kp.count_in(sentence))
    status = "good" if opts.min_matches <= matches <= opts.max_matches else "bad"
    if matches == 0:
        said = f"The meta description does not mention '{kp.text}'."
    elif status == "good":
        said = f"The meta description mentions '{kp.text}' {T.plural(matches, 'time')}."
    else:
        said = f"The meta description mentions '{kp.text}' {matches} times; {opts.max_matches} is enough."
    ev = (Evidence("element", desc, verdict=T.plural(matches, "mention"), status=status, highlights=T.highlight_terms(desc, kp.content)),)
    return Outcome(status, value={"keyphrase": kp.text, "matches": matches}, message=said, evidence=ev, threshold=threshold)


@check(
    code="KW006",
    name="keyphrase-in-meta-description",
    category="keyphrase",
    title="The meta description mentions the keyphrase",
    fail_title="The meta description does not mention the keyphrase (or repeats it)",
    why="Search engines bold the query's words in the snippet, which draws the eye and earns clicks.",
    source="Yoast keyphrase-in-meta-description assessment (1-2 matches)",
    fix="Use the keyphrase once or twice in the meta description, e.g. {example}.",
    fix_examples={"en": "'How {keyphrase} works, what a visit in {city} involves...'",
                  "fr": "'{Keyphrase} : comment se passe une visite à {city}, à quoi s'attendre...'",
                  "es": "'{Keyphrase}: cómo es una visita en {city}, qué esperar...'"},
    # a Markdown draft's meta description is its front matter's (a text draft's is not judged)
    draft_fixes={"markdown": "Use the keyphrase once or twice in the front matter's `description:` (the theme makes it "
                             "the meta description), e.g. {example}."},
    options=MetaKeyphraseOptions,
)
def keyphrase_in_meta_description(doc, opts: MetaKeyphraseOptions, ctx) -> Outcome:
    """Mentions of the keyphrase in the meta description (sentence matching as in the body).

    Good: ``min_matches`` to ``max_matches`` mentions. Bad: none, more than
    ``max_matches`` (reads as stuffed), or no meta description.

    Passes: "Can acupuncture ease back pain? Our Edmonton team explains." Fails: a
    description about booking hours only.
    """
    return _for_each_keyphrase(doc, ctx, lambda kp: _judge_meta(doc, opts, kp))


# ---- KW007 keyphrase in slug --------------------------------------------------------


@dataclass(frozen=True)
class SlugKeyphraseOptions:
    all_below: int = 3  # keyphrases with fewer content words need all of them in the slug
    min_share: float = 0.5  # longer keyphrases need more than this share


def _judge_slug(doc, opts: SlugKeyphraseOptions, kp: T.Keyphrase) -> Outcome:
    slug = doc.slug
    n = len(kp.content)
    threshold = (f"every keyphrase word in the slug; from {opts.all_below} words, more than "
                 f"{round(opts.min_share * 100)} % of them")
    if not doc.slug_is_known:  # a pasted post has no URL yet: a reminder, not scored, as KW006 gives for its meta description
        return Outcome("na", value={"keyphrase": kp.text, "slug": "", "found": 0, "of": n},
                       message=f"This post has no URL yet: give it a slug made of the words of '{kp.text}' in your CMS.", threshold=threshold)
    if not slug:
        return Outcome("bad", value={"keyphrase": kp.text, "slug": "", "found": 0, "of": n}, message="The URL has no slug to judge.", threshold=threshold)
    # Slugs cannot carry quotes or function words reliably, so even a quoted keyphrase
    # is judged by its content words here (as Yoast does).
    slug_tokens = frozenset(T.tokens(" ".join(T.slug_words(slug))))
    found = [w for w, t in zip(kp.surface, kp.content) if t in slug_tokens]
    enough = len(found) == n if n < opts.all_below else len(found) > opts.min_share * n
    status = "good" if enough else ("ok" if found else "bad")
    said = {
        # enough words need not be all of them: say which are there ("2 of 3 ... (enough)")
        "good": f"The slug '{slug}' holds the keyphrase '{kp.text}'." if len(found) == n else
                f"The slug '{slug}' holds {len(found)} of the {n} words of '{kp.text}' (enough: more than "
                f"{round(opts.min_share * 100)} %).",
        "ok": f"The slug '{slug}' holds only {len(found)} of {n} keyphrase words.",
        "bad": f"The slug '{slug}' holds none of the words of '{kp.text}'.",
    }[status]
    ev = (Evidence("element", slug, verdict=f"{len(found)} of {n} words", status=status, highlights=tuple(w for w in T.slug_words(slug) if T.canonical_token(w) in kp.content)),)
    return Outcome(status, value={"keyphrase": kp.text, "slug": slug, "found": len(found), "of": n, "words": found}, message=said, evidence=ev, threshold=threshold)


@check(
    code="KW007",
    name="keyphrase-in-slug",
    category="keyphrase",
    title="The URL slug holds the keyphrase",
    fail_title="The URL slug does not hold the keyphrase",
    why="A descriptive URL tells searchers what the page is about before they click, and is shown in results.",
    source="Yoast keyphrase-in-slug assessment; Google Search Central, URL structure",
    fix="Use a short slug made of the keyphrase's main words, e.g. /blog/{slug}/.",
    options=SlugKeyphraseOptions,
)
def keyphrase_in_slug(doc, opts: SlugKeyphraseOptions, ctx) -> Outcome:
    """The keyphrase's content words among the words of the URL slug (last path segment).

    Words are compared by their canonical form ("acupuncture" matches
    "acupuncturist", "low" matches "lower"). Keyphrases with fewer than ``all_below``
    content words need all of them; longer ones need more than ``min_share``. OK: some
    words found, or a post with no URL yet (a pasted text post, standard input without
    front matter: a reminder, not a verdict on a file name). Bad: none found, or no slug.

    Passes: ``/blog/acupuncture-back-pain-edmonton/`` for "acupuncture for back pain".
    Fails: ``/blog/post-123/``.
    """
    return _for_each_keyphrase(doc, ctx, lambda kp: _judge_slug(doc, opts, kp))


# ---- KW008 keyphrase in subheadings -------------------------------------------------


@dataclass(frozen=True)
class SubheadingKeyphraseOptions:
    reflect_share: float = 0.5  # share of content words that makes a subheading "on topic"
    min_share: float = 0.3  # of the subheadings
    max_share: float = 0.75
    short_text_words: int = 300  # a text this short needs no subheadings


def _judge_subheadings(doc, opts: SubheadingKeyphraseOptions, kp: T.Keyphrase) -> Outcome:
    subs = doc.subheadings
    threshold = f"{round(opts.min_share * 100)}-{round(opts.max_share * 100)} % of H2/H3 reflect the keyphrase"
    if not subs:
        if doc.word_count <= opts.short_text_words:
            return Outcome.na(f"No H2/H3 subheadings, and the text is only {doc.word_count} words.")
        return Outcome(
            "bad",
            value={"keyphrase": kp.text, "matched": 0, "subheadings": 0},
            message=f"The {doc.word_count}-word text has no H2/H3 subheadings to carry the keyphrase.",
            threshold=threshold,
        )
    shares = [(_coverage_of(kp, h.text), h) for h in subs]
    matched = sum(1 for share, _ in shares if share >= opts.reflect_share)
    n = len(subs)
    low, high = _share_band(n, opts.min_share, opts.max_share)
    if matched == 0:
        status, said = "bad", f"None of the {n} subheadings reflects '{kp.text}'." if n != 1 else f"The subheading does not reflect '{kp.text}'."
    elif n == 1 or low <= matched <= high:
        status, said = "good", f"{matched} of {n} subheadings {T.agree(matched, 'reflects', 'reflect')} '{kp.text}'."
    elif matched < low:
        status, said = "ok", f"Only {matched} of {n} subheadings {T.agree(matched, 'reflects', 'reflect')} '{kp.text}'; aim for {_span(low, high)}."
    else:
        status, said = "bad", f"{matched} of {n} subheadings {T.agree(matched, 'reflects', 'reflect')} '{kp.text}': that reads as over-optimised (at most {high})."
    ev = tuple(
        Evidence(
            "heading",
            h.text,
            verdict="reflects topic" if share >= opts.reflect_share else "no keyphrase",
            status="good" if share >= opts.reflect_share else "",
            highlights=T.highlight_terms(h.text, kp.content),
            detail=f"H{h.level}",
            line=h.line,
        )
        for share, h in shares
    )
    value = {"keyphrase": kp.text, "matched": matched, "subheadings": n, "share": round(matched / n, 3)}
    return Outcome(status, value=value, message=said, evidence=ev, threshold=threshold)


@check(
    code="KW008",
    name="keyphrase-in-subheadings",
    category="keyphrase",
    title="Some subheadings reflect the keyphrase",
    fail_title="The subheadings do not reflect the keyphrase, or all repeat it",
    why="Subheadings that name the topic help readers scan and show the post's structure; repeating it in all of them reads as over-optimised.",
    source="Yoast keyphrase-in-subheadings assessment (30-75 % of H2/H3)",
    fix="Name the topic in about a third to three quarters of the H2/H3, e.g. {example}; keep the rest descriptive.",
    fix_examples={"en": "'What to expect from {keyphrase}'", "fr": "'{Keyphrase} : à quoi s'attendre'",
                  "es": "'{Keyphrase}: qué esperar en la primera visita'"},
    options=SubheadingKeyphraseOptions,
)
def keyphrase_in_subheadings(doc, opts: SubheadingKeyphraseOptions, ctx) -> Outcome:
    """Share of H2/H3 subheadings that reflect the keyphrase.

    A subheading reflects the keyphrase when it holds at least ``reflect_share`` of the
    content words (the exact phrase when quoted). Good: ``min_share``-``max_share`` of
    the subheadings (as counts: ceil(min x n) to floor(max x n)), or the only
    subheading. OK: some, but fewer (Yoast is stricter and rates this red). Bad: none,
    or more than ``max_share`` with two or more subheadings. With no subheadings:
    not applicable up to ``short_text_words`` words, bad above.

    Passes: H2s "What is acupuncture?", "Acupuncture for back pain", "Booking". Fails:
    H2s "Acupuncture for back pain", "Back pain acupuncture cost", "Acupuncture back
    pain FAQ".
    """
    return _for_each_keyphrase(doc, ctx, lambda kp: _judge_subheadings(doc, opts, kp))


# ---- KW009 keyphrase in image alt ---------------------------------------------------


@dataclass(frozen=True)
class ImageAltKeyphraseOptions:
    reflect_share: float = 0.5  # share of content words that makes an alt a match
    few_images: int = 5  # below this, any matching alt is good
    min_share: float = 0.3  # of the images, from few_images on
    max_share: float = 0.75


def _judge_alts(doc, opts: ImageAltKeyphraseOptions, kp: T.Keyphrase) -> Outcome:
    imgs = [i for i in doc.images if i.in_main]
    if not imgs:
        return Outcome.na("The main content has no images.")
    n = len(imgs)
    shares = [(_coverage_of(kp, i.alt) if i.alt else 0.0, i) for i in imgs]
    matched = sum(1 for share, _ in shares if share >= opts.reflect_share)
    with_alt = sum(1 for i in imgs if i.alt)
    low, high = (1, n) if n < opts.few_images else _share_band(n, opts.min_share, opts.max_share)
    threshold = f"{_span(low, high)} of {n} image alts reflect the keyphrase"
    if low <= matched <= high:
        status, said = "good", f"{matched} of {n} image alts {T.agree(matched, 'reflects', 'reflect')} '{kp.text}'."
    elif not with_alt and all(i.decorative for i in imgs):
        # alt="" marks an image decorative (BA007 accepts it): say so, not "no alt text"
        status, said = "ok", (f"All {n} images are marked decorative (empty alt); if one shows the topic, describe it"
                              if n != 1 else "The image is marked decorative (empty alt); if it shows the topic, describe it") + f", naming '{kp.text}' where it fits."
    elif not with_alt:
        status, said = "ok", (f"None of the {n} images has alt text; describe them" if n != 1 else "The image has no alt text; describe it") + f", naming '{kp.text}' where it fits."
    elif matched < low:
        status, said = "ok", f"{matched} of {n} image alts {T.agree(matched, 'reflects', 'reflect')} '{kp.text}'; aim for {_span(low, high)}."
    else:
        status, said = "ok", f"{matched} of {n} image alts {T.agree(matched, 'reflects', 'reflect')} '{kp.text}'; more than {high} reads as over-optimised."
    ev = tuple(
        Evidence(
            "image",
            i.src,
            verdict="reflects topic" if share >= opts.reflect_share else (
                "no alt" if i.alt is None else "no description" if i.undescribed else "decorative (empty alt)" if not i.alt else "no keyphrase"),
            status="good" if share >= opts.reflect_share else "",
            highlights=T.highlight_terms(i.alt or "", kp.content),
            detail=i.alt or "",
            line=i.line,
        )
        for share, i in shares
    )
    value = {"keyphrase": kp.text, "matched": matched, "images": n, "with_alt": with_alt}
    return Outcome(status, value=value, message=said, evidence=ev, threshold=threshold)


@check(
    code="KW009",
    name="keyphrase-in-image-alt",
    category="keyphrase",
    title="Image alt texts reflect the keyphrase",
    fail_title="No image alt text reflects the keyphrase (or too many do)",
    why="Alt text is how image search and screen readers understand images; an image that shows the topic should say so.",
    source="Yoast keyphrase-in-image-alt assessment",
    fix="Describe at least one image with the keyphrase, e.g. alt=\"{example}\".",
    fix_examples={"en": "{Keyphrase} at our {city} clinic", "fr": "{Keyphrase} dans notre clinique à {city}",
                  "es": "{Keyphrase} en nuestra clínica de {city}"},
    options=ImageAltKeyphraseOptions,
)
def keyphrase_in_image_alt(doc, opts: ImageAltKeyphraseOptions, ctx) -> Outcome:
    """Image alts of the main content that reflect the keyphrase.

    An alt matches when it holds at least ``reflect_share`` of the content words.
    Fewer than ``few_images`` images: any match is good. From ``few_images`` on:
    between ``min_share`` and ``max_share`` of the images (Yoast allows 2-4 of
    exactly 5; we apply the same band to every count). Otherwise OK, never bad, as in
    Yoast. Not applicable without images in the main content.

    Passes: one image with alt "Acupuncture needles on the lower back". Fails (ok):
    one image with alt "Clinic reception".
    """
    return _for_each_keyphrase(doc, ctx, lambda kp: _judge_alts(doc, opts, kp))


# ---- KW010 keyphrase length ---------------------------------------------------------


@dataclass(frozen=True)
class KeyphraseLengthOptions:
    good_max: int = 4  # content words
    ok_max: int = 8


def _judge_length(doc, opts: KeyphraseLengthOptions, kp: T.Keyphrase) -> Outcome:
    n = len(kp.content)
    status = "good" if n <= opts.good_max else ("ok" if n <= opts.ok_max else "bad")
    said = {
        "good": f"'{kp.text}' has {T.plural(n, 'content word')}.",
        "ok": f"'{kp.text}' has {n} content words; a shorter keyphrase is easier to use naturally.",
        "bad": f"'{kp.text}' has {n} content words; that is a sentence, not a keyphrase.",
    }[status]
    if kp.dropped:
        said += f" Function words left out of matching: {', '.join(kp.dropped)}."
    value = {"keyphrase": kp.text, "content_words": n, "typed_words": len(kp.exact.split()), "reduced": list(kp.surface), "dropped": list(kp.dropped)}
    return Outcome(status, value=value, message=said, threshold=f"1-{opts.good_max} content words")


@check(
    code="KW010",
    name="keyphrase-length",
    category="keyphrase",
    title="The keyphrase has a good length",
    fail_title="The keyphrase is too long",
    why="People search in a few words; a long keyphrase is hard to use naturally and rarely matches a real query.",
    source="Yoast keyphrase length assessment (1-4 content words good, 5-8 ok)",
    fix="Keep the keyphrase to the words people search for, e.g. 'acupuncture for back pain'; put the city in the cities setting.",
    options=KeyphraseLengthOptions,
)
def keyphrase_length(doc, opts: KeyphraseLengthOptions, ctx) -> Outcome:
    """Number of content words in the keyphrase (function words such as "for" and "the"
    do not count; "back", "near" and "best" do).

    Good: 1 to ``good_max``. OK: up to ``ok_max``. Bad: more. The message names the
    function words that were left out of matching.

    Passes: "acupuncture for back pain" (3 content words). Fails: "best affordable
    acupuncture treatment for chronic lower back pain and sciatica relief downtown".
    """
    return _for_each_keyphrase(doc, ctx, lambda kp: _judge_length(doc, opts, kp))


CHECKS = (
    keyphrase_density,
    keyphrase_stuffing,
    keyphrase_in_title,
    keyphrase_in_h1,
    keyphrase_in_introduction,
    keyphrase_in_meta_description,
    keyphrase_in_slug,
    keyphrase_in_subheadings,
    keyphrase_in_image_alt,
    keyphrase_length,
)
