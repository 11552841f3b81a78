"""The windowed phone and date scans find exactly what a plain scan of the whole
text finds: the straightforward versions are kept here as the reference."""

from __future__ import annotations

import gzip
import json
import os
import random
import re
from pathlib import Path

import pytest

from seoaudit.checks import clinic_common as CC
from seoaudit.checks import localbusiness as LB

CORPUS = Path(os.environ.get("SEOAUDIT_CORPUS", "/work/shared/corpus/real_pages"))


def reference_phones(text: str) -> list[str]:
    spans: list[tuple[int, int]] = []
    out = []
    for regex in LB._PHONE_RES:
        for m in regex.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in spans):
                continue
            spans.append((m.start(), m.end()))
            out.append((m.start(), m.group(0).strip()))
    return [s for _, s in sorted(out)]


_REFERENCE_ISO_RE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def reference_dates(text: str):
    out = []
    for regex in (_REFERENCE_ISO_RE, CC._MDY_RE, _REFERENCE_DMY_RE):
        for m in regex.finditer(text):
            d = CC.parse_date(m.group(0))
            if d:
                out.append((m.start(), d, m.group(0)))
    # numeric dates have no fast path: the same reading as dates_in's default
    out += [(start, d, words) for start, d, words in CC._numeric_dates(text, "either") if d]
    return [(d, s) for _, d, s in sorted(out)]


# the day-first patterns as first written (\b or a look-behind first); clinic_common starts them
# with a digit so that re can skip to digits, which must find the same matches
_REFERENCE_DMY_RE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + CC._MONTH_RE + r",?\s+(\d{4})\b", re.I)
_REFERENCE_FOREIGN_DMY_RE = re.compile(
    r"\b(\d{1,2})(?:er|º|°)?\s+(?:de\s+)?(" + "|".join(sorted(CC._FOREIGN_MONTHS, key=len, reverse=True))
    + r")\s+(?:de\s+|del\s+)?(\d{4})\b", re.I)
_REFERENCE_NUMERIC_DATE_RE = re.compile(r"(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?![\d/.])")


def reference_matches(text: str):
    return [(m.span(), m.groups()) for m in CC._MDY_RE.finditer(text)], [(m.span(), m.groups()) for m in _REFERENCE_ISO_RE.finditer(text)]


def corpus_texts() -> list[str]:
    if not (CORPUS / "manifest.jsonl").exists():
        return []
    from seoaudit.document import build_document
    from seoaudit.models import RawPage

    rows = [json.loads(line) for line in (CORPUS / "manifest.jsonl").read_text().splitlines() if line.strip()]
    texts = []
    for row in rows[::3]:
        body = gzip.decompress((CORPUS / row["html"]).read_bytes())
        texts.append(build_document(RawPage(source=row["url"], url=row["url"], body=body)).page_text)
    return texts


EDGE_TEXTS = [
    "",
    "Call (780) 555-0142 or +1 780 555 0142, fax 780.555.0143.",
    "x780-555-0142y 1234567 +44 20 7946 0018 020 7946 0018 0131 496 0000",
    "+33 1 23 45 67 89 and 12345+780 555 0142 and (780)555-0142",
    "9780-555-0142 7805550142 +17805550142 + 1 780 555 0142",
    "tel\u00a0780\u00a0555\u00a00142 \u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660\u0661\u0662",  # NBSP, Arabic-Indic digits
    "Published March 12, 2024. Updated 2024-03-12T09:00 and 12 March 2024; 3rd Jan 2023",
    "JANOV 5, 2021 janov 5, 2021 Junov 12 2020 Sept. 3, 2019 ſep 3, 2019 DEC 31, 1999",
    "12024-03-12 2024-03-123 x2024-03-12 2024-13-45 summary 12, 2024 primar 3 2024",
    "İmay 4 2024 and MAY 4 2024 and May\n4,\t2024",  # a two-character lower case: fallback path
]


def random_texts(n: int = 400) -> list[str]:
    rng = random.Random(11)
    pieces = ["780", "555", "0142", "+1", "+44", "(0)", "020", "7946", "(", ")", " ", "-", ".", "\n", "x", "1",
              "Jan", "nov", "march", "May", "12", "3rd", "2024", ",", "sept", "dec.", "ſep", "2024-03-12", "T09"]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) for _ in range(n)]


@pytest.fixture(scope="module")
def texts():
    return EDGE_TEXTS + random_texts() + corpus_texts()


def test_phones_same_as_a_scan_of_the_whole_text(texts):
    for text in texts:
        assert LB.visible_phones(text) == reference_phones(text), text[:200]


def test_phone_runs_hold_every_phone_match(texts):
    for text in texts[: len(EDGE_TEXTS) + 50]:
        runs = LB.phone_runs(text)
        for regex in LB._PHONE_RES:
            for m in regex.finditer(text):
                assert any(a <= m.start() and m.end() <= b for a, b in runs), (text, m)


def test_dates_same_as_a_scan_of_the_whole_text(texts):
    for text in texts:
        assert CC.dates_in(text) == reference_dates(text), text[:200]
        mdy, iso = reference_matches(text)
        assert [(m.span(), m.groups()) for m in CC._mdy_matches(text)] == mdy
        assert [(m.span(), m.groups()) for m in CC._ISO_RE.finditer(text)] == iso


DAY_FIRST_TEXTS = [
    "1 March 2024, 12 mars 2024, 3rd Jan 2023, 1er mars 2024, 15 de septiembre de 2025",
    "x1 March 2024 _2 March 2024 a12 May 2024 \u0663 May 2024 ٣ May 2024 é5 mai 2024 -5 mai 2024",
    "04/03/2026 1/2/2026 /04/03/2026 .4.3.2026 x04/03/2026 123/03/2026 04/03/20267 4.3.2026. 9/9/2026/",
    "2 12 May 2024 112 May 2024 31 février 2024 12\u00a0mai\u00a02024",
]


def test_day_first_patterns_match_as_first_written(texts):
    for text in DAY_FIRST_TEXTS + texts:
        for fast, reference in ((CC._DMY_RE, _REFERENCE_DMY_RE), (CC._FOREIGN_DMY_RE, _REFERENCE_FOREIGN_DMY_RE),
                                (CC._NUMERIC_DATE_RE, _REFERENCE_NUMERIC_DATE_RE)):
            assert [(m.span(), m.groups()) for m in fast.finditer(text)] == \
                [(m.span(), m.groups()) for m in reference.finditer(text)], text[:200]


def test_first_date_is_the_first_of_all_dates(texts):
    extra = ["Feb 31, 2020 then 2021-02-30 then March 3, 2022", "2024-13-01 31 Feb 2020 1 Jan 2019", "no dates here"]
    for text in texts + extra:
        every = CC.dates_in(text)
        assert CC.first_date_in(text) == (every[0] if every else None), text[:200]


@pytest.mark.parametrize("text", [
    "ΟΔΟΣ ΚΑΙ ΝΟΣΟΣ", "Low-Back pain, LOW BACK PAIN; low–back PAIN", "İstanbul Straße ǅemal",
    "backpain and Back-Pain", "", "ΣΑΣ' ΣΑΣ’s ΑΣΣ", "a--b rock'-n a-'b x-y'z -lead trail- co-op's",
])
def test_flat_words_lower_the_joined_text_as_each_word(text):
    """``_flat_words`` lower-cases once after joining; the per-word version is the reference."""
    from seoaudit import text as T

    expected = " ".join(w.lower() for w in T.words(T.expand_compounds(text)))
    assert T._flat_words.__wrapped__(text) == expected
    # and from the words already split (a Document's words), without splitting the text again
    assert T.flat_words(T.words(text), text) == expected
