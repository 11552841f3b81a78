"""Readability: reading ease, grade level, sentence/paragraph/section length, passive voice,
transition words and text length (Yoast's readability assessments, §3 of research/yoast.md).

Every check reads the main content as ``document.py`` segmented it (``doc.sentences``,
``doc.blocks``), so the word and sentence counts here agree with the rest of the
scorecard. English syllables come from ``seoaudit.syllables`` (a shipped CMU table), other
languages' from pyphen's hyphenation dictionaries (textstat's rule, positions + 1): no
NLTK, no network, no process-wide language setting.

Reading ease for other languages uses the same per-language Flesch coefficients as
textstat (``FRE_COEFFICIENTS``; a test keeps them equal to textstat's table) but on our own
segmentation. Calling textstat itself would import NLTK (0.8 s), count sentences and words
differently from every other check, and took up to 0.5 s on one 28 KB German page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

from .. import text as T
from ..language import language_label, not_english, not_read, page_language
from ..models import Evidence
from ..registry import Outcome, check, option
from ..syllables import is_number, syllables

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Word counts mean nothing for scripts written without spaces between words.
UNSPACED_LANGUAGES = frozenset({"ja", "zh", "th", "lo", "km", "my"})

_SOURCE_YOAST = "Yoast SEO readability analysis"


# ---- language -------------------------------------------------------------------


def language_of(doc) -> str:
    """Primary language subtag of the page ("en-CA" → "en"); without a ``lang``, a guess
    from the text when it is clear (``seoaudit/language.py``), else English."""
    return page_language(doc)[0]


def _not_english(doc) -> Outcome | None:
    reason = not_english(doc)
    return Outcome.na(reason) if reason else None


def _unspaced(doc) -> Outcome | None:
    lang = language_of(doc)
    if lang in UNSPACED_LANGUAGES:
        return Outcome.na(f"Language {language_label(doc)} is written without spaces; word counts do not apply.")
    return None


def _pct(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def _sentence_evidence(s, verdict: str, status: str, detail: str = "", highlights: tuple[str, ...] = ()) -> Evidence:
    return Evidence("sentence", s.text, verdict=verdict, status=status, detail=detail, highlights=highlights, position=s.position, line=s.line)


# ---- word and syllable counts shared by reading ease and grade level ------------------


@dataclass(frozen=True)
class SentenceCount:
    words: int  # words without numbers
    syllables: int


@dataclass(frozen=True)
class TextCounts:
    sentences: int
    words: int
    syllables: int
    per_sentence: tuple[SentenceCount, ...]  # parallel to doc.sentences

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / self.words


class _Same:
    """A cache key that compares by identity and keeps its object alive (so the id
    cannot be reused while cached). Hashing a tuple of frozen Sentences field by field
    on every lookup would cost more than the work the cache saves."""

    __slots__ = ("obj",)

    def __init__(self, obj) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other) -> bool:
        return isinstance(other, _Same) and other.obj is self.obj


def sentence_words(sentences: tuple) -> tuple[tuple[str, ...], ...]:
    """The words of each of ``doc.sentences``, as written; tokenised once for all checks."""
    return _sentence_words(_Same(sentences))


def sentence_words_lower(sentences: tuple) -> tuple[tuple[str, ...], ...]:
    """``sentence_words`` in lower case, for the word-list checks (passive, transitions)."""
    return _sentence_words_lower(_Same(sentences))


def text_counts(sentences: tuple, lang: str = "en") -> TextCounts:
    """Words and syllables of ``doc.sentences``, numbers left out; one pass shared by
    reading ease and grade level."""
    return _text_counts(_Same(sentences), lang)


# Checks are pure functions of the document; these caches only let the checks of one
# page share a pass over its sentences (the last few pages' results are kept).
@lru_cache(maxsize=8)
def _sentence_words(key: _Same) -> tuple[tuple[str, ...], ...]:
    # Document sentences carry their words (T.words of the text, never empty)
    return tuple(getattr(s, "words", None) or tuple(T.words(s.text)) for s in key.obj)


@lru_cache(maxsize=8)
def _sentence_words_lower(key: _Same) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(w.lower() for w in ws) for ws in _sentence_words(key))


#: Flesch reading ease per language: (base, × words per sentence, × syllables per word).
#: The numbers textstat 0.7.13 uses (its LANG_CONFIGS); tests/checks/test_readability.py
#: checks they still match.
FRE_COEFFICIENTS: dict[str, tuple[float, float, float]] = {
    "en": (206.835, 1.015, 84.6),  # Flesch (1948)
    "de": (180.0, 1.0, 58.5),  # Amstad (1978)
    "es": (206.84, 1.02, 60.0),  # Fernández-Huerta (1959)
    "fr": (207.0, 1.015, 73.6),  # Kandel & Moles (1958)
    "hu": (206.835, 1.015, 58.5),  # textstat's Hungarian adaptation
    "it": (217.0, 1.3, 60.0),  # Flesch-Vacca (1972)
    "nl": (206.835, 0.93, 77.0),  # Douma (1960)
    "ru": (206.835, 1.3, 60.1),  # Oborneva (2006)
}


@lru_cache(maxsize=16)
def _hyphenator(lang: str):
    import pyphen  # only pages in other languages need it

    return pyphen.Pyphen(lang=lang)


@lru_cache(maxsize=131072)
def _countable_syllables(word: str, lang: str = "en") -> int | None:
    """Syllables of a word, None for a number (left out of the formulas, as Yoast does).

    English: the CMU table (``seoaudit.syllables``). Other languages: pyphen's
    hyphenation points + 1, as textstat counts them.
    """
    if word[0].isdigit() and is_number(word):
        return None
    if lang == "en":
        return syllables(word)
    return len(_hyphenator(lang).positions(word.lower())) + 1


@lru_cache(maxsize=8)
def _text_counts(key: _Same, lang: str) -> TextCounts:
    per: list[SentenceCount] = []
    n_sent = n_words = n_syl = 0
    for ws in _sentence_words(key):
        n_w = syl = 0
        for w in ws:
            n = _countable_syllables(w, lang)
            if n is not None:
                n_w += 1
                syl += n
        per.append(SentenceCount(n_w, syl))
        if n_w:
            n_sent += 1
            n_words += n_w
            n_syl += syl
    return TextCounts(n_sent, n_words, n_syl, tuple(per))


def flesch_reading_ease(c: TextCounts, lang: str = "en") -> float:
    """Flesch (1948): 206.835 − 1.015·words/sentences − 84.6·syllables/words in English;
    the same shape with ``FRE_COEFFICIENTS[lang]`` for other languages."""
    base, per_sentence, per_syllable = FRE_COEFFICIENTS[lang]
    return base - per_sentence * c.words_per_sentence - per_syllable * c.syllables_per_word


def flesch_kincaid_grade(c: TextCounts) -> float:
    """Kincaid et al. (1975): 0.39·words/sentences + 11.8·syllables/words − 15.59."""
    return 0.39 * c.words_per_sentence + 11.8 * c.syllables_per_word - 15.59


def _hardest_sentences(doc, counts: TextCounts, limit: int, lang: str = "en") -> tuple[Evidence, ...]:
    """The sentences whose removal would raise the reading ease most (leave-one-out),
    in page order: long, syllable-heavy sentences rather than short ones with one long word."""
    base = flesch_reading_ease(counts, lang)

    def gain(i: int) -> float:
        sc = counts.per_sentence[i]
        rest = TextCounts(counts.sentences - 1, counts.words - sc.words, counts.syllables - sc.syllables, ())
        if not sc.words or rest.sentences <= 0 or rest.words <= 0:
            return 0.0
        return flesch_reading_ease(rest, lang) - base

    gains = {i: gain(i) for i in range(len(doc.sentences))}
    worst = sorted((i for i in gains if gains[i] > 0), key=gains.__getitem__, reverse=True)[:limit]
    return tuple(
        _sentence_evidence(
            doc.sentences[i],
            "hard",
            "bad",
            detail=f"{counts.per_sentence[i].words} words, {counts.per_sentence[i].syllables} syllables",
        )
        for i in sorted(worst)
    )


# ---- RD001 reading ease ---------------------------------------------------------------


@dataclass(frozen=True)
class ReadingEaseOptions:
    good_min: float = 60.0  # Flesch 60-69 "plain English"; Yoast: ≥60 green
    ok_min: float = 50.0  # 50-59 "fairly difficult"; Yoast: orange
    min_words: int = 50  # below this the formula says more about luck than the text
    max_evidence: int = 5
    # languages besides English with their own formula (FRE_COEFFICIENTS); textstat
    # would give others, Portuguese included, the English coefficients
    languages: tuple[str, ...] = ("de", "es", "fr", "hu", "it", "nl", "ru")


@check(
    code="RD001",
    name="reading-ease",
    category="readability",
    title="The text is easy to read",
    fail_title="The text is hard to read",
    why="Patients read clinic posts to decide whether to book; short sentences and plain words keep them reading.",
    source="Flesch (1948) reading ease; bands as in Yoast's Flesch assessment (≥60 good, 50-60 ok)",
    fix="Split long sentences and swap long words for short ones ('treatment' for 'therapeutic intervention').",
    options=ReadingEaseOptions,
)
def reading_ease(doc, opts: ReadingEaseOptions, ctx) -> Outcome:
    """Flesch Reading Ease of the main content (0-100, higher is easier).

    English: 206.835 − 1.015 × words/sentences − 84.6 × syllables/words over the
    sentences and words seoaudit segmented (numbers left out), syllables from the CMU
    dictionary; clamped to 0-100 as Yoast does. Value: the score, one decimal. Good at
    ``good_min`` or more, OK from ``ok_min``, bad below. Other languages listed in
    ``languages`` use their own formula (Amstad for German, Fernández-Huerta for
    Spanish, ...; the coefficients textstat uses) with pyphen syllable counts; the rest
    are not applicable.
    Not applicable under ``min_words`` words.

    Passes: "Acupuncture can ease back pain. Most people feel little. A visit takes an
    hour." (short words, short sentences; about 75).
    Fails: "Comprehensive multidisciplinary rehabilitation methodologies facilitate
    musculoskeletal recuperation." (below 0, shown as 0).
    """
    threshold = f"≥ {opts.good_min:g} (ok ≥ {opts.ok_min:g})"
    lang = language_of(doc)
    if lang != "en" and (lang not in opts.languages or lang not in FRE_COEFFICIENTS):
        return Outcome.na(f"Language {language_label(doc)} is not supported for reading ease.")
    counts = text_counts(doc.sentences, lang)
    if counts.words < opts.min_words:
        return Outcome.na(f"The text has {counts.words} words; reading ease needs at least {opts.min_words}.")
    score = _clamp(flesch_reading_ease(counts, lang))
    ev = _hardest_sentences(doc, counts, opts.max_evidence, lang) if score < opts.good_min else ()
    return _ease_outcome(score, opts, threshold, ev, "" if lang == "en" else f" ({lang} formula)")


def _clamp(score: float) -> float:
    return round(min(100.0, max(0.0, score)), 1)


def _ease_outcome(score: float, opts: ReadingEaseOptions, threshold: str, ev, note: str) -> Outcome:
    if score >= opts.good_min:
        return Outcome("good", value=score, message=f"Flesch reading ease is {score}{note}: easy enough for most readers.", threshold=threshold)
    if score >= opts.ok_min:
        return Outcome("ok", value=score, message=f"Flesch reading ease is {score}{note}: fairly difficult.", evidence=ev, threshold=threshold)
    return Outcome("bad", value=score, message=f"Flesch reading ease is {score}{note}: difficult to read.", evidence=ev, threshold=threshold)


# ---- RD002 grade level ----------------------------------------------------------------


@dataclass(frozen=True)
class GradeLevelOptions:
    good_max: float = 8.0  # US grade 8: the level health-information guides aim for
    ok_max: float = 10.0
    min_words: int = 50
    max_evidence: int = 5


@check(
    code="RD002",
    name="grade-level",
    category="readability",
    title="The text suits a general reader",
    fail_title="The text needs a high school reading level or more",
    why="Health information is easiest to act on at a US grade 8 reading level or below.",
    source="Flesch-Kincaid grade level (Kincaid et al. 1975); grade 8 target from NIH/AMA plain-language guidance",
    fix="Use shorter sentences and everyday words; explain terms like 'myofascial' in plain English.",
    options=GradeLevelOptions,
)
def grade_level(doc, opts: GradeLevelOptions, ctx) -> Outcome:
    """Flesch-Kincaid grade level of the main content (English only).

    0.39 × words/sentences + 11.8 × syllables/words − 15.59, on the same counts as
    reading ease. Value: the grade, one decimal. Good at ``good_max`` or below, OK up to
    ``ok_max``, bad above. Not applicable under ``min_words`` words.

    Passes: "Acupuncture can ease back pain. Most people feel little." (grade 4.5).
    Fails: a page of 30-word sentences full of words like "rehabilitation" (grade 15+).
    """
    if (na := _not_english(doc)) is not None:
        return na
    counts = text_counts(doc.sentences, "en")
    if counts.words < opts.min_words:
        return Outcome.na(f"The text has {counts.words} words; grade level needs at least {opts.min_words}.")
    grade = round(flesch_kincaid_grade(counts), 1)
    threshold = f"≤ {opts.good_max:g} (ok ≤ {opts.ok_max:g})"
    if grade <= opts.good_max:
        return Outcome("good", value=grade, message=f"The text reads at US grade {grade}.", threshold=threshold)
    ev = _hardest_sentences(doc, counts, opts.max_evidence)
    status = "ok" if grade <= opts.ok_max else "bad"
    return Outcome(status, value=grade, message=f"The text reads at US grade {grade}; aim for {opts.good_max:g} or lower.", evidence=ev, threshold=threshold)


# ---- RD003 sentence length --------------------------------------------------------------


@dataclass(frozen=True)
class SentenceLengthOptions:
    max_words: int = 20  # a sentence longer than this is "long"
    # Yoast's per-language limits, "lang:words"
    max_words_by_language: tuple[str, ...] = ("ca:25", "es:25", "fa:25", "it:25", "pt:25", "he:15", "ru:15", "tr:15")
    good_max_pct: float = 25.0
    ok_max_pct: float = 30.0


def _limit_for(lang: str, opts: SentenceLengthOptions) -> int:
    for item in opts.max_words_by_language:
        code, _, n = item.partition(":")
        if code.strip().lower() == lang and n.strip().isdigit():
            return int(n)
    return opts.max_words


@check(
    code="RD003",
    name="sentence-length",
    category="readability",
    title="Most sentences are short",
    fail_title="Too many sentences are long",
    why="Long sentences make readers hold many ideas at once; on a phone they fill the screen.",
    source=_SOURCE_YOAST + ", sentence length: ≤25 % of sentences over 20 words",
    fix="Split the long sentences listed below, one idea per sentence.",
    options=SentenceLengthOptions,
)
def sentence_length(doc, opts: SentenceLengthOptions, ctx) -> Outcome:
    """Share of sentences longer than ``max_words`` words (per-language limits in
    ``max_words_by_language``, e.g. 25 for Spanish).

    Value: the percentage, one decimal. Good at ``good_max_pct`` % or less, OK up to
    ``ok_max_pct`` %, bad above. Evidence: every long sentence, with its place.

    Passes: ten sentences of 8-15 words. Fails: four sentences of which two run to
    25 words (50 %).
    """
    if (na := _unspaced(doc)) is not None:
        return na
    sentences = doc.sentences
    if not sentences:
        return Outcome.na("The main content has no sentences.")
    limit = _limit_for(language_of(doc), opts)
    long = [s for s in sentences if s.word_count > limit]
    pct = _pct(len(long), len(sentences))
    threshold = f"≤ {opts.good_max_pct:g} % over {limit} words (ok ≤ {opts.ok_max_pct:g} %)"
    status = "good" if pct <= opts.good_max_pct else "ok" if pct <= opts.ok_max_pct else "bad"
    ev = tuple(_sentence_evidence(s, "long", status if status != "good" else "ok", detail=f"{s.word_count} words") for s in long)
    msg = f"{len(long)} of {len(sentences)} sentences ({pct:g} %) have more than {limit} words."
    return Outcome(status, value=pct, message=msg, evidence=ev, threshold=threshold)


# ---- RD004 paragraph length ---------------------------------------------------------------

# Code blocks are not prose; every other non-heading block is a paragraph to a reader.
_NOT_PROSE = frozenset({"pre"})


@dataclass(frozen=True)
class ParagraphLengthOptions:
    good_max: int = 150  # words in the longest paragraph
    ok_max: int = 200


def _block_words(doc) -> dict[int, int]:
    """Words per main-content block, summed from the sentences (so counts agree)."""
    out: dict[int, int] = {}
    for s in doc.sentences:
        out[s.block] = out.get(s.block, 0) + s.word_count
    return out


def _block_positions(doc) -> dict[int, float]:
    out: dict[int, float] = {}
    for s in doc.sentences:
        out.setdefault(s.block, s.position)
    return out


@check(
    code="RD004",
    name="paragraph-length",
    category="readability",
    title="Paragraphs are a comfortable length",
    fail_title="Some paragraphs are too long",
    why="Walls of text look like hard work, especially on phones; short paragraphs invite reading.",
    source=_SOURCE_YOAST + ", paragraph length: longest ≤150 words",
    fix="Break the paragraphs listed below at a change of idea; keep each under 150 words.",
    options=ParagraphLengthOptions,
)
def paragraph_length(doc, opts: ParagraphLengthOptions, ctx) -> Outcome:
    """Words in the longest paragraph of the main content (list items and quotes count
    as paragraphs; code blocks do not).

    Value: that word count. Good at ``good_max`` or fewer, OK up to ``ok_max``, bad
    above. Evidence: every paragraph over ``good_max``.

    Passes: paragraphs of 40-120 words. Fails: one 230-word paragraph.
    """
    if (na := _unspaced(doc)) is not None:
        return na
    counts = _block_words(doc)
    paras = [(i, n) for i, n in counts.items() if doc.blocks[i].kind not in _NOT_PROSE]
    if not paras:
        return Outcome.na("The main content has no paragraphs.")
    longest = max(n for _, n in paras)
    threshold = f"≤ {opts.good_max} words (ok ≤ {opts.ok_max})"
    positions = _block_positions(doc)
    ev = tuple(
        Evidence(
            "text",
            doc.blocks[i].text,
            verdict="long",
            status="ok" if n <= opts.ok_max else "bad",
            detail=f"{n} words",
            position=positions.get(i),
            line=doc.blocks[i].line,
        )
        for i, n in sorted(paras)
        if n > opts.good_max
    )
    status = "good" if longest <= opts.good_max else "ok" if longest <= opts.ok_max else "bad"
    msg = f"The longest paragraph has {longest} words" + (f"; {T.plural(len(ev), 'paragraph')} {T.agree(len(ev), 'exceeds', 'exceed')} {opts.good_max}." if ev else ".")
    return Outcome(status, value=longest, message=msg, evidence=ev, threshold=threshold)


# ---- RD005 subheading distribution ------------------------------------------------------------


@dataclass(frozen=True)
class SubheadingDistributionOptions:
    good_max: int = 300  # words in the longest section (and in a text with no subheadings)
    ok_max: int = 350


@dataclass(frozen=True)
class Section:
    heading: str  # "" for the text before the first subheading
    line: int | None
    position: float | None
    words: int


def sections(doc) -> list[Section]:
    """Main content cut at every subheading (H2-H6), text before the first included."""
    words = _block_words(doc)
    positions = _block_positions(doc)
    out = [Section("", None, 0.0, 0)]
    for i, block in enumerate(doc.blocks):
        if block.is_heading and block.level >= 2:
            out.append(Section(block.text, block.line, None, 0))
        elif not block.is_heading and i in words:
            cur = out[-1]
            pos = cur.position if cur.position is not None else positions.get(i)
            out[-1] = Section(cur.heading, cur.line, pos, cur.words + words[i])
    if out[0].words == 0 and len(out) > 1:
        out.pop(0)  # no text before the first subheading: not a section
    return out


@check(
    code="RD005",
    name="subheading-distribution",
    category="readability",
    title="Subheadings break up the text",
    fail_title="Some sections run too long without a subheading",
    why="Readers scan subheadings to find the part they need (cost, what a visit is like, results).",
    source=_SOURCE_YOAST + ", subheading distribution: ≤300 words between subheadings",
    fix="Add an H2 or H3 every 300 words or so, phrased as the question the section answers.",
    options=SubheadingDistributionOptions,
)
def subheading_distribution(doc, opts: SubheadingDistributionOptions, ctx) -> Outcome:
    """Words between subheadings (any level from H2 down; the H1 is the title), counting
    the text before the first subheading as a section.

    Without subheadings: good up to ``good_max`` words of text, bad above. With them:
    the longest section is good up to ``good_max`` words, OK up to ``ok_max``, bad
    above. Value: words in the longest section. Evidence: the sections over ``good_max``.

    Passes: 900 words in four sections of 200-250 words. Fails: 600 words and no
    subheading.
    """
    if (na := _unspaced(doc)) is not None:
        return na
    secs = sections(doc)
    total = sum(s.words for s in secs)
    if total == 0:
        return Outcome.na("The main content has no text.")
    threshold = f"≤ {opts.good_max} words per section (ok ≤ {opts.ok_max})"
    has_subheadings = any(s.heading for s in secs)
    if not has_subheadings:
        if total <= opts.good_max:
            return Outcome("good", value=total, message=f"The text is short ({total} words); it needs no subheadings.", threshold=threshold)
        ev = (Evidence("text", "(whole text)", verdict="no subheadings", status="bad", detail=f"{total} words", position=0.0),)
        return Outcome("bad", value=total, message=f"The text has {total} words and no subheadings.", evidence=ev, threshold=threshold)
    longest = max(s.words for s in secs)
    ev = tuple(
        Evidence(
            "heading",
            s.heading or "(text before the first subheading)",
            verdict="long section",
            status="ok" if s.words <= opts.ok_max else "bad",
            detail=f"{s.words} words",
            position=s.position,
            line=s.line,
        )
        for s in secs
        if s.words > opts.good_max
    )
    status = "good" if longest <= opts.good_max else "ok" if longest <= opts.ok_max else "bad"
    msg = f"The longest section has {longest} words" + (f"; {T.plural(len(ev), 'section')} {T.agree(len(ev), 'exceeds', 'exceed')} {opts.good_max}." if ev else ".")
    return Outcome(status, value=longest, message=msg, evidence=ev, threshold=threshold)


# ---- RD006 text length -----------------------------------------------------------------------


@dataclass(frozen=True)
class TextLengthOptions:
    good_min: int = 300
    ok_min: int = 250  # Yoast 6/9
    low_ok_min: int = 200  # Yoast 3/9: still "ok" here, with a lower score
    low_ok_score: float = 35.0
    bad_score: float = 10.0  # Yoast gives -10 under 200 words
    # and -20 under 100; "under 0 words" would be no page at all
    very_short_max: int = option(100, allow_zero=False)
    very_short_score: float = 0.0


@check(
    code="RD006",
    posts_only=True,
    name="text-length",
    category="readability",
    title="The post is long enough",
    fail_title="The post is too short",
    why="A post needs room to answer a patient's question; very short pages rarely rank or convince.",
    source="Yoast SEO analysis, text length: ≥300 words (250-299 and 200-249 score lower)",
    fix="Answer the questions patients ask: what the treatment is, what a visit is like, cost, evidence, who it suits.",
    options=TextLengthOptions,
)
def text_length(doc, opts: TextLengthOptions, ctx) -> Outcome:
    """Words in the main content (headings, navigation and Related sections excluded).

    Good at ``good_min`` or more; OK from ``ok_min``; OK with a lower score from
    ``low_ok_min``; bad below (score 0 under ``very_short_max``). Value: the word count.

    Passes: a 650-word post. Fails: a 120-word announcement.
    """
    if (na := _unspaced(doc)) is not None:
        return na
    n = doc.word_count
    threshold = f"≥ {opts.good_min} words"
    if n >= opts.good_min:
        return Outcome("good", value=n, message=f"The text has {n} words.", threshold=threshold)
    if n >= opts.ok_min:
        return Outcome("ok", value=n, message=f"The text has {n} words; {opts.good_min} or more is better.", threshold=threshold)
    if n >= opts.low_ok_min:
        return Outcome("ok", value=n, message=f"The text has only {T.plural(n, 'word')}; aim for {opts.good_min}.", score=opts.low_ok_score, threshold=threshold)
    score = opts.very_short_score if n < opts.very_short_max else opts.bad_score
    return Outcome("bad", value=n, message=f"The text has only {T.plural(n, 'word')}; aim for {opts.good_min}.", score=score, threshold=threshold)


# ---- RD007 passive voice -------------------------------------------------------------------


def _read_list(name: str) -> frozenset[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return frozenset(l.strip().lower() for l in lines if l.strip() and not l.startswith("#"))


@dataclass(frozen=True)
class PassiveRules:
    """How one language builds its passive: an auxiliary, a few adverbs, a participle.

    English is built here from its two word lists; French and Spanish come from
    ``data/passive_{fr,es}.toml``, whose header says what each field means.
    """

    auxiliaries: frozenset[str]  # forms of "be"/"get", "être", "ser" (lower case)
    intervening: frozenset[str]  # adverbs and negation allowed between auxiliary and participle
    adverb_suffixes: tuple[str, ...]  # any word ending so may intervene too ("-ly", "-ment")
    suffixes: tuple[str, ...]  # regular participles ("-ed"; "-é", "-ée"; "-ado", "-ida")
    min_length: int  # a regular participle is longer than this
    irregular: frozenset[str]  # participles that do not end in a suffix ("chosen", "pris", "hecho")
    not_participles: frozenset[str]  # words that end in a suffix but are not passive participles here
    elisions: tuple[str, ...] = ()  # "n'est" is "est"
    reflexive_elisions: tuple[str, ...] = ()  # "s'est": a pronominal verb, not a passive
    reflexives: frozenset[str] = frozenset()  # "se sont", "nous nous sommes"

    @classmethod
    def load(cls, name: str) -> "PassiveRules":
        data = tomllib.loads((DATA_DIR / name).read_text(encoding="utf-8"))
        inflect = _INFLECTIONS[data.get("inflection", "")]
        auxiliaries = data["auxiliaries"].split()
        elisions = tuple(data.get("elisions", ()))
        reflexive_elisions = tuple(data.get("reflexive_elisions", ()))
        return cls(
            # the elided forms are auxiliaries too, so the quick test in find sees them
            auxiliaries=frozenset(auxiliaries + [e + a for e in elisions + reflexive_elisions for a in auxiliaries]),
            intervening=frozenset(data["intervening"].split()),
            adverb_suffixes=tuple(data.get("adverb_suffixes", ())),
            suffixes=tuple(data["suffixes"]),
            min_length=int(data["min_length"]),
            irregular=frozenset(f for w in data["irregular"].split() for f in inflect(w)),
            not_participles=frozenset(f for w in data["not_participles"].split() for f in inflect(w)),
            elisions=elisions,
            reflexive_elisions=reflexive_elisions,
            reflexives=frozenset(data.get("reflexives", ())),
        )

    def is_participle(self, word: str) -> bool:
        if word in self.not_participles:
            return False
        if word in self.irregular:
            return True
        return len(word) > self.min_length and word.endswith(self.suffixes)

    def _pronominal(self, ws, i: int) -> bool:
        """Is ``ws[i]`` the auxiliary of a pronominal verb ("s'est", "se sont", "nous nous sommes")?"""
        if self.reflexive_elisions and ws[i].startswith(self.reflexive_elisions):
            return True
        if not self.reflexives or not i:
            return False
        prev = ws[i - 1]
        return prev in self.reflexives or (i >= 2 and prev in ("nous", "vous") and ws[i - 2] == prev)

    def find(self, ws: tuple[str, ...] | list[str]) -> tuple[str, str] | None:
        """The (auxiliary, participle) of the first passive in ``ws`` (lower-cased words), or None."""
        if self.auxiliaries.isdisjoint(ws):
            return None  # most sentences: one set operation in C
        for i, w in enumerate(ws):
            if w not in self.auxiliaries or self._pronominal(ws, i):
                continue
            for j in range(i + 1, min(len(ws), i + 2 + _MAX_INTERVENING)):
                if self.is_participle(ws[j]):
                    return w, ws[j]
                if ws[j] not in self.intervening and not ws[j].endswith(self.adverb_suffixes):
                    break
        return None


def _inflect_fr(word: str) -> tuple[str, ...]:
    # masculine singular -> feminine and plurals: "pris", "prise", "prises"; "fait", "faite", "faits", "faites"
    if word.endswith("s"):
        return (word, word + "e", word + "es")
    return (word, word + "e", word + "s", word + "es")


def _inflect_es(word: str) -> tuple[str, ...]:
    # "hecho", "hecha", "hechos", "hechas"; a word not ending in -o is listed as written
    if word.endswith("o"):
        return (word, word[:-1] + "a", word + "s", word[:-1] + "as")
    return (word,)


_INFLECTIONS = {"": lambda w: (w,), "fr": _inflect_fr, "es": _inflect_es}
_MAX_INTERVENING = 2

_PASSIVE_EN = PassiveRules(
    # Forms of "be" and "get" that can start a passive ("is treated", "got injured").
    auxiliaries=frozenset(
        """am is are was were be been being get gets got gotten getting isn't aren't wasn't weren't
        it's that's there's what's who's he's she's they're we're you're i'm""".split()
    ),
    # Adverbs and negation between the auxiliary and the participle ("is often used",
    # "was not covered", "are usually being paid").
    intervening=frozenset(
        """not never also often always usually still already just then now sometimes generally commonly
        frequently typically rarely even only mostly widely being been""".split()
    ),
    adverb_suffixes=("ly",),
    suffixes=("ed",),
    min_length=4,
    irregular=_read_list("passive_participles_en.txt"),
    not_participles=_read_list("passive_not_participles_en.txt"),
)
#: RD007's rules by page language (primary subtag); other languages are not applicable
PASSIVE_RULES = {"en": _PASSIVE_EN, "fr": PassiveRules.load("passive_fr.toml"), "es": PassiveRules.load("passive_es.toml")}


def passive_phrase(sentence: str, lang: str = "en") -> tuple[str, str] | None:
    """The (auxiliary, participle) of the first passive construction in ``sentence``, or None.

    English: a form of "be"/"get" followed, after at most two adverbs, by a past
    participle: an irregular one from ``data/passive_participles_en.txt`` or any ``-ed``
    word not listed in ``data/passive_not_participles_en.txt`` (adjectives such as
    "tired", "interested", "qualified" and non-verbs such as "need", "hundred").
    French and Spanish: ``data/passive_fr.toml`` and ``data/passive_es.toml``.
    """
    return PASSIVE_RULES[lang].find([w.lower().replace("\u2019", "'") for w in T.words(sentence)])


@dataclass(frozen=True)
class PassiveVoiceOptions:
    good_max_pct: float = 10.0
    ok_max_pct: float = 15.0


@check(
    code="RD007",
    name="passive-voice",
    category="readability",
    title="Few sentences use the passive voice",
    fail_title="Too many sentences use the passive voice",
    why="Active sentences say who does what ('the physiotherapist tests your hip'), which is clearer and warmer.",
    source=_SOURCE_YOAST + ", passive voice: ≤10 % of sentences",
    fix="Name the actor: {example}.",
    fix_examples={"en": "'The exercises are shown at the first visit' → 'We show you the exercises at your first visit'",
                  "fr": "'Les exercices sont montrés lors de la première visite' → 'Nous vous montrons les exercices lors de votre première visite'",
                  "es": "'Los ejercicios son explicados en la primera visita' → 'Le explicamos los ejercicios en su primera visita'",
                  "es-informal": "'Los ejercicios son explicados en la primera visita' → 'Te explicamos los ejercicios en tu primera visita'"},
    options=PassiveVoiceOptions,
)
def passive_voice(doc, opts: PassiveVoiceOptions, ctx) -> Outcome:
    """Share of sentences with a passive construction (English, French and Spanish).

    English: a form of "be" or "get" (am, is, are, was, were, be, been, being, get,
    gets, got, gotten and contractions like "isn't") followed, after at most two
    adverbs, by a past participle: a regular ``-ed`` word or an irregular one from
    ``data/passive_participles_en.txt``. Adjectives that look like participles ("I am
    tired", "she is qualified") are listed in ``data/passive_not_participles_en.txt``
    and do not count. French: a form of "être" and a participle ("sont insérées", "a
    été prescrit", "n'est pas remboursé"), not pronominal verbs ("s'est blessé") or the
    verbs whose past takes "être" ("est venu"); Spanish: a form of "ser" and a
    participle ("fue recomendado", "ha sido diseñado"), not "estar" or "se recomienda"
    (``data/passive_{fr,es}.toml``). Value: the percentage, one decimal. Good at
    ``good_max_pct`` % or less, OK up to ``ok_max_pct`` %.

    Passes: "Your acupuncturist places fine needles. Most people feel relaxed."
    Fails: "Needles are inserted. The points are chosen by the practitioner."
    """
    rules = PASSIVE_RULES.get(language_of(doc))
    if rules is None:
        return Outcome.na(not_read(doc, PASSIVE_RULES))
    sentences = doc.sentences
    if not sentences:
        return Outcome.na("The main content has no sentences.")
    written, lowered = sentence_words(sentences), sentence_words_lower(sentences)
    found = [(i, p) for i, ws in enumerate(lowered) if (p := rules.find(ws)) is not None]
    pct = _pct(len(found), len(sentences))
    status = "good" if pct <= opts.good_max_pct else "ok" if pct <= opts.ok_max_pct else "bad"
    ev = tuple(
        _sentence_evidence(sentences[i], "passive", "ok" if status == "good" else status, detail=f"{aux} … {part}", highlights=_surface(written[i], (aux, part)))
        for i, (aux, part) in found
    )
    threshold = f"≤ {opts.good_max_pct:g} % of sentences (ok ≤ {opts.ok_max_pct:g} %)"
    msg = f"{len(found)} of {len(sentences)} sentences ({pct:g} %) use the passive voice."
    return Outcome(status, value=pct, message=msg, evidence=ev, threshold=threshold)


def _surface(words: tuple[str, ...], lowered: tuple[str, ...]) -> tuple[str, ...]:
    """The ``words`` as written whose lower case is in ``lowered`` (for marking)."""
    wanted = set(lowered)
    out: list[str] = []
    for w in words:
        if w.lower() in wanted and w not in out:
            out.append(w)
    return tuple(out)


# ---- RD008 transition words ------------------------------------------------------------------


@dataclass(frozen=True)
class TransitionList:
    """A transition-word list, indexed for one pass over a sentence's words."""

    phrases: dict[str, tuple[tuple[str, ...], ...]]  # first word -> phrases, longest first
    pairs: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # ("not", "only"), ("but", "also")
    first_words: frozenset[str]  # every word that can start a transition or a pair

    @classmethod
    def load(cls, name: str) -> "TransitionList":
        phrases: dict[str, list[tuple[str, ...]]] = {}
        pairs = []
        for entry in sorted(_read_list(name)):
            if " ... " in entry:
                first, second = entry.split(" ... ", 1)
                pairs.append((tuple(first.split()), tuple(second.split())))
            else:
                words = tuple(entry.split())
                phrases.setdefault(words[0], []).append(words)
        return cls(
            {w: tuple(sorted(ps, key=len, reverse=True)) for w, ps in phrases.items()},
            tuple(pairs),
            frozenset(phrases) | frozenset(first[0] for first, _ in pairs),
        )

    def find(self, words: tuple[str, ...] | list[str]) -> str | None:
        """The first transition in ``words`` (lower case): a word, a phrase or a
        two-part transition whose parts come in order."""
        if self.first_words.isdisjoint(words):
            return None  # one set operation in C rules most sentences out
        for i, w in enumerate(words):
            for phrase in self.phrases.get(w, ()):
                if tuple(words[i : i + len(phrase)]) == phrase:
                    return " ".join(phrase)
        present = set(words)
        for first, second in self.pairs:
            if first[0] not in present or second[0] not in present:
                continue
            i = _index_of(words, first, 0)
            if i >= 0 and _index_of(words, second, i + len(first)) >= 0:
                return f"{' '.join(first)} ... {' '.join(second)}"
        return None


def _index_of(words: tuple[str, ...] | list[str], phrase: tuple[str, ...], start: int) -> int:
    n = len(phrase)
    for i in range(start, len(words) - n + 1):
        if words[i] == phrase[0] and tuple(words[i : i + n]) == phrase:
            return i
    return -1


_TRANSITIONS_EN = TransitionList.load("transition_words_en.txt")
#: RD008's lists by page language (primary subtag); other languages are not applicable
TRANSITIONS = {"en": _TRANSITIONS_EN, "fr": TransitionList.load("transition_words_fr.txt"),
               "es": TransitionList.load("transition_words_es.txt")}


def transition_in(sentence: str) -> str | None:
    """The first transition word, phrase or two-part transition in ``sentence``, or None."""
    return _TRANSITIONS_EN.find([w.lower() for w in T.words(sentence)])


@dataclass(frozen=True)
class TransitionWordsOptions:
    good_min_pct: float = 30.0
    ok_min_pct: float = 20.0
    min_words: int = 200  # Yoast runs this assessment only on texts of 200+ words


@check(
    code="RD008",
    name="transition-words",
    category="readability",
    title="Transition words link the sentences",
    fail_title="Few sentences use transition words",
    why="Words like 'because', 'for example' and 'however' show how ideas connect, so readers follow the argument.",
    source=_SOURCE_YOAST + ", transition words: ≥30 % of sentences, texts of 200+ words",
    fix="Link sentences with words such as {example}.",
    fix_examples={"en": "'because', 'for example', 'however', 'as a result', 'after that'",
                  "fr": "'parce que', 'par exemple', 'cependant', 'c'est pourquoi', 'ensuite'",
                  "es": "'porque', 'por ejemplo', 'sin embargo', 'por eso', 'después'"},
    options=TransitionWordsOptions,
)
def transition_words(doc, opts: TransitionWordsOptions, ctx) -> Outcome:
    """Share of sentences containing a transition word or phrase (English, French and
    Spanish; the lists are ``data/transition_words_{en,fr,es}.txt``, including two-part
    ones such as "not only ... but also").

    Not applicable under ``min_words`` words. Value: the percentage, one decimal. Good
    at ``good_min_pct`` % or more, OK from ``ok_min_pct`` %, bad below. Evidence: the
    sentences that have one, with the transition highlighted.

    Passes: "Acupuncture may help. However, results vary. For example, some people ..."
    Fails: 250 words of statements with no connecting words.
    """
    transitions = TRANSITIONS.get(language_of(doc))
    if transitions is None:
        return Outcome.na(not_read(doc, TRANSITIONS))
    if doc.word_count < opts.min_words:
        return Outcome.na(f"The text has {doc.word_count} words; transition words are judged from {opts.min_words}.")
    sentences = doc.sentences
    written, lowered = sentence_words(sentences), sentence_words_lower(sentences)
    found = [(i, t) for i, ws in enumerate(lowered) if (t := transitions.find(ws)) is not None]
    pct = _pct(len(found), len(sentences))
    status = "good" if pct >= opts.good_min_pct else "ok" if pct >= opts.ok_min_pct else "bad"
    ev = tuple(
        _sentence_evidence(sentences[i], "transition", "good", detail=t, highlights=_surface(written[i], tuple(t.split())))
        for i, t in found
    )
    threshold = f"≥ {opts.good_min_pct:g} % of sentences (ok ≥ {opts.ok_min_pct:g} %)"
    msg = f"{len(found)} of {len(sentences)} sentences ({pct:g} %) contain a transition word."
    return Outcome(status, value=pct, message=msg, evidence=ev, threshold=threshold)


CHECKS = (
    reading_ease,
    grade_level,
    sentence_length,
    paragraph_length,
    subheading_distribution,
    text_length,
    passive_voice,
    transition_words,
)
