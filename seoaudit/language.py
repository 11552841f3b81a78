"""The language a page is written in: its ``lang`` attribute, else a guess from its words.

Readability formulas are per language, and a page without ``lang`` (a draft in
Markdown, an old theme) was read as English: a Portuguese post got an English
Flesch score. The guess is offline and small: the share of each language's most
frequent function words among the first words of the main text, and the writing
system for scripts that are not Latin. It only answers when the evidence is clear;
otherwise the page counts as English, as before.
"""

from __future__ import annotations

import re
from collections import Counter

# Function words of the other languages clinic blogs are written in (Quebec, Europe,
# Latin America). One table for two uses: guessing a page's language (their share of
# its words) and keyphrase matching (text.FUNCTION_WORDS drops them, as it drops
# "for" and "the"). Words shared by several languages only tie them in the guess.
FUNCTION_WORDS_BY_LANGUAGE: dict[str, frozenset[str]] = {
    "fr": frozenset("""le la les l un une des du de d au aux et à pour par sur dans avec en chez contre est que qui
                    pas ce vous nous ne""".split()),
    "es": frozenset("el la los las de del y en un una es por con sin para que se lo como pero más".split()),
    "pt": frozenset("o a os as de que e em um uma é não para com do da das no na nos nas por se mais".split()),
    "de": frozenset("""der die das dem den des und ist nicht ein eine einer mit auf sich für von zu zur zum vom im am
                    bei gegen auch es""".split()),
    "it": frozenset("il lo la di che e è un una per non con del della delle dei degli gli le si nel nella alla al sono anche".split()),
    "nl": frozenset("de het een en van is dat niet op te zijn met voor die er ook aan maar".split()),
}
# The guess's English markers (the keyphrase list in text.py is longer and curated)
_ENGLISH_MARKERS = frozenset("the and of to is in that it for with you are this was on be as have not they".split())
# Words that tell Spanish from Portuguese, which share most function words: the keyphrase
# lists drop only what a keyphrase can hold ("no" is Portuguese "in the", Spanish "not")
_GUESS_EXTRA = {
    "es": frozenset("y no muy pero también está están son una un con por del al su sus".split()),
    "pt": frozenset("não são você também muito uma um com mas pelo pela dos das nos nas".split()),
}
_GUESS_WORDS = {"en": _ENGLISH_MARKERS, **{lang: words | _GUESS_EXTRA.get(lang, frozenset())
                                           for lang, words in FUNCTION_WORDS_BY_LANGUAGE.items()}}
_SCRIPTS = tuple(  # (language, its letters): counted with one findall each, in C
    (code, re.compile(f"[{chr(lo)}-{chr(hi)}]"))
    for code, lo, hi in (
        ("ko", 0xAC00, 0xD7AF), ("ja", 0x3040, 0x30FF), ("zh", 0x4E00, 0x9FFF), ("ru", 0x0400, 0x04FF),
        ("ar", 0x0600, 0x06FF), ("he", 0x0590, 0x05FF), ("el", 0x0370, 0x03FF), ("th", 0x0E00, 0x0E7F),
    )
)
_WORD_RE = re.compile(r"[^\W\d_]+")
SAMPLE_CHARS = 2500  # about 400 words of running text
SAMPLE_WORDS = 400  # enough to decide, cheap on long pages
MIN_WORDS = 30  # below this, no guess
MIN_SHARE = 0.15  # the winning language's function words among the sample
MARGIN = 1.5  # ... and this many times English's


def guess_language(text: str, declared: str = "") -> str:
    """A two-letter language code for ``text``, or "" when the evidence is not clear.

    With a ``declared`` language the text reads, another must be clearly ahead of it too
    (``MARGIN``): Spanish and Portuguese, French and Italian share many function words, and a
    short Spanish post declared ``es`` was taken for Portuguese (its claim checks went na)."""
    sample = text[:SAMPLE_CHARS]
    # Latin text (typographic quotes and dashes included) has no character of the scripts
    # below U+0370 at all; otherwise the script that makes up a fifth of the characters
    if sample and max(sample) >= "\u0370":
        for code, script in _SCRIPTS:
            if len(script.findall(sample)) > 0.2 * len(sample):
                return code
    words = _WORD_RE.findall(sample.lower())[:SAMPLE_WORDS]
    if len(words) < MIN_WORDS:
        return ""
    seen = Counter(words)  # then ~20 lookups per language, not one per word
    counts = {lang: sum(seen[w] for w in fw) for lang, fw in _GUESS_WORDS.items()}
    best = max(counts, key=counts.__getitem__)
    if declared in counts and best != declared and counts[best] < MARGIN * counts[declared]:
        best = declared
    if best == "en":
        return "en" if counts["en"] >= MIN_SHARE * len(words) else ""
    if counts[best] >= MIN_SHARE * len(words) and counts[best] >= MARGIN * counts["en"]:
        return best
    return ""


def primary_subtag(tag: str | None) -> str:
    """ "en-CA" -> "en", "pt_BR" -> "pt", "" for no tag."""
    return (tag or "").strip().lower().replace("_", "-").split("-", 1)[0]


def declared_language(doc) -> str:
    """The primary subtag of the page's ``lang``, "" without one."""
    return primary_subtag(doc.lang)


def text_language(doc) -> str:
    """``guess_language`` of the page's main text, computed once per Document."""
    return doc.derived(("language.guess",), lambda d: guess_language(d.body_text, declared_language(d)))


def page_language(doc) -> tuple[str, bool]:
    """(primary language subtag, from the text?) of a Document.

    The declared ``lang``, unless the text clearly reads as another language (themes
    left on "en-US" over a Portuguese blog): then the text's. Without ``lang``, the
    text's when clear, else "en".
    """
    declared = declared_language(doc)
    guessed = text_language(doc)
    if guessed and guessed != declared:
        return guessed, True
    return declared or "en", False


#: Words that address the reader informally, by language: Spanish clinic blogs write "tú" as
#: often as "usted" ("te explicamos", "tu espalda"). "su" and "le" are third persons as well,
#: so the formal count is "usted" alone.
_INFORMAL_WORDS = {"es": frozenset({"tú", "te", "tu", "tus", "contigo", "ti"})}
_FORMAL_WORDS = {"es": frozenset({"usted", "ustedes"})}


def reader_register(doc) -> str:
    """How the page addresses its reader: "informal" when a Spanish page writes tú more
    than usted (at least three times, and three times as often), else "formal", so the
    safer wordings and examples it is offered speak to its readers as it does."""
    language = page_language(doc)[0]
    informal = _INFORMAL_WORDS.get(language)
    if not informal:
        return "formal"

    def count(d) -> str:
        lowered = [w.lower() for w in d.words]
        tu = sum(1 for w in lowered if w in informal)
        usted = sum(1 for w in lowered if w in _FORMAL_WORDS[language])
        return "informal" if tu >= 3 and tu >= 3 * usted else "formal"

    return doc.derived(("language.register",), count)


#: how the page statistics name a register (``register_label``), by language
_REGISTER_LABELS = {"es": {"informal": "tú (informal)", "formal": "usted (formal)"}}


def register_label(doc) -> str | None:
    """The page statistic "register" on pages whose language has two ("tú (informal)"), else
    None: reports show it, and a page's fix examples follow it (``is_informal_label``)."""
    labels = _REGISTER_LABELS.get(page_language(doc)[0])
    return labels[reader_register(doc)] if labels else None


def is_informal_label(label: str | None) -> bool:
    """Does a ``register_label`` say the page writes informally?"""
    return bool(label) and label.endswith("(informal)")


#: English-speaking regions that write numeric dates month first (04/03/2026 = April 3);
#: the others (GB, AU, NZ, IE, IN, ZA...) write the day first. Canada writes both.
_MONTH_FIRST_REGIONS = frozenset(("US", "PH", "PR", "UM", "VI", "AS", "GU", "MP"))
_BOTH_ORDERS_REGIONS = frozenset(("CA", ""))


def numeric_date_order(doc) -> str:
    """How the page orders numeric dates ("dmy", "mdy" or "either"; see
    ``clinic_common.NUMERIC_ORDERS``): English by the region of its ``lang`` ("en-US",
    "en-GB"), "either" for English without one; other languages day first."""
    language, from_text = page_language(doc)
    if language != "en":
        return "dmy"
    parts = (doc.lang or "").strip().replace("_", "-").split("-")
    region = parts[1].upper() if not from_text and len(parts) > 1 and len(parts[1]) == 2 else ""
    if region in _BOTH_ORDERS_REGIONS:
        return "either"
    return "mdy" if region in _MONTH_FIRST_REGIONS else "dmy"


def language_label(doc) -> str:
    """How messages name the page's language: "pt-BR", "pt (guessed from the text)", or
    "pt (the text's; lang says en-US)"."""
    code, guessed = page_language(doc)
    if not guessed:
        return doc.lang or code
    return f"{code} (the text's; lang says {doc.lang})" if doc.lang else f"{code} (guessed from the text)"


def not_read(doc, languages, by: str = "this check") -> str | None:
    """Why something that reads only ``languages`` (primary subtags) cannot judge the page
    ("Language de is not supported by this check (English, French and Spanish)."), or None
    when it reads the page's language.

    A word list finds nothing on a page in a language it does not read: a check that
    reported "no cure claim found" there would pass what it never read.
    """
    if page_language(doc)[0] in languages:
        return None
    return f"Language {language_label(doc)} is not supported by {by} ({names_of(languages)})."


def not_english(doc) -> str | None:
    """``not_read`` for an English-only check."""
    return not_read(doc, ("en",))


_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "pt": "Portuguese", "de": "German", "it": "Italian", "nl": "Dutch"}


def names_of(codes) -> str:
    """"English, French and Spanish" for ("en", "fr", "es"): which languages a check reads."""
    from .text import and_list

    return and_list(_NAMES.get(c, c) for c in codes)
