"""Words, sentences, light stemming and keyphrase/place matching, shared by checks.

Everything that decides "is this a word", "where does this sentence end" or "does
this sentence mention the keyphrase" lives here, so every check counts the same way
and the numbers in a scorecard agree with each other.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .language import FUNCTION_WORDS_BY_LANGUAGE

# A word: letters/digits, with inner apostrophes or hyphens ("patient's", "low-back").
WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*", re.UNICODE)

# Sentence ends: . ! ? (and …) followed by space and a letter, digit or quote; a
# following lower-case letter is merged back in split_sentences (str.islower works
# for every script, which a regex character class would not).
_SENTENCE_END_RE = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[^\W_])")
# Abbreviations that end in a period but do not end a sentence.
_ABBREVIATIONS = frozenset(
    "dr mr mrs ms st mt ave blvd rd no vs etc e.g i.e approx dept est fig inc ltd co jr sr prof "
    "u.s u.k a.m p.m r.ac r.tcm.p r.m.t d.c".split()
)

# Function words dropped before keyphrase matching. Deliberately smaller than
# Yoast's list: content-bearing words such as "back", "low", "near", "best" and
# place names stay, so "acupuncture for back pain" keeps {acupuncture, back, pain}.
FUNCTION_WORDS = frozenset(
    """a an the and or but nor of for to in on at by with from into onto about as is are was
    were be been being am do does did has have had it its this that these those i you he she
    we they me him her us them my your his our their what which who whom whose how why when
    where can could should would will shall may might must not no so than too very just also
    up out over under again then there here if while""".split()
    # and those of the other languages clinics write in (language.py keeps them per
    # language), so "acupuncture pour le mal de dos" matches on {acupuncture, mal, dos};
    # less the few that are content words in an English keyphrase ("die", "van", "non"
    # as in "non-surgical")
).union(*FUNCTION_WORDS_BY_LANGUAGE.values()) - {"die", "van", "non"}
# French and Italian elision: "l'acupuncture" is "acupuncture", "d'épaule" is "épaule"
_ELISION_RE = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|dell|dall|nell|sull|all|un)'(.+)$")

# Words that count as the same keyphrase word (after stemming). Small and explicit:
# each entry is a real clinic-writing equivalence that stemming cannot find.
SYNONYMS: dict[str, str] = {
    "lower": "low",
    "lumbar": "back",
    "physio": "physiotherapy",
    "physiotherapist": "physiotherapy",
    "physical therapy": "physiotherapy",
    "chiro": "chiropractic",
    "chiropractor": "chiropractic",
    "acupuncturist": "acupuncture",
    "rmt": "massage",
    "dentist": "dental",
    "dentistry": "dental",
    "backpain": "back pain",
}


# C0/C1 controls (escape sequences: "\x1b[2J" clears a screen, "\x1b]0;...\x07" sets a
# terminal's title) and the bidi overrides that reorder what a reader sees (U+202E)
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL_BUT_NEWLINES_RE = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str, keep_newlines: bool = False) -> str:
    """Untrusted text for a terminal or CI log: control characters written as ``\\xNN`` (bidi
    controls as ``\\uNNNN``): a title with ``\\x1b[2J`` must not clear the reader's screen.
    ``keep_newlines`` for formats that encode CR/LF themselves (GitHub annotations: %0D, %0A)."""
    pattern = _CONTROL_BUT_NEWLINES_RE if keep_newlines else _CONTROL_RE
    return pattern.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True)
class LineLeads:
    """The words that open a byline or a date line in one language (``BYLINE_LEADS``).

    A lead written in lower case matches in any case ("by", "By", "BY"); one written with a
    capital matches only so: a bare preposition opens a byline only as the line's first
    word ("Par Marie Tremblay", not "causée par Santé Canada"). A final ":" may have a
    space before it ("Auteur : ..."). Words are apart by any whitespace."""

    author: tuple[str, ...] = ()  # before the author's name: "by", "written by", "author:"
    updated: tuple[str, ...] = ()  # before the date of the last update: "updated", "mis à jour"
    published: tuple[str, ...] = ()  # before the date of publication: "published", "publié"
    on: tuple[str, ...] = ()  # between a date lead and its date: "Updated on March 3", "Mis à jour le 3 mars"


#: Bylines and date lines, by language: what the document reads as such a line rather than a
#: subheading or the introduction (``BYLINE_LINE_RE``: every language's, since a text file's
#: lines are read before its language is known) and what TR001 and TR003 read as the author
#: and the date of the last update (``checks.trust``: English and the page's language for the
#: author, every language's update). A new language is added here, once.
BYLINE_LEADS: dict[str, LineLeads] = {
    "en": LineLeads(
        author=("by", "written by", "posted by", "published by", "updated by", "last updated by", "reviewed by",
                "medically reviewed by", "author:"),
        updated=("updated", "last updated", "modified", "last modified", "reviewed", "last reviewed"),
        published=("published", "posted"),
        on=("on",),
    ),
    "fr": LineLeads(
        # capitals often lose their accent ("Ecrit par")
        author=("Par", "écrit par", "ecrit par", "rédigé par", "publié par", "auteur:", "auteure:"),
        updated=("mis à jour", "mise à jour", "dernière mise à jour", "modifié", "révisé"),
        published=("publié",),
        on=("le",),
    ),
    "es": LineLeads(
        author=("Por", "escrito por", "autor:", "autora:"),
        updated=("actualizado", "actualizada", "actualización", "última actualización", "modificado", "modificada",
                 "revisado", "revisada"),
        published=("publicado", "publicada"),
        on=("el", "en"),
    ),
    "pt": LineLeads(author=("Por", "escrito por", "autor:", "autora:")),
    "de": LineLeads(author=("Von", "geschrieben von", "autor:", "autorin:")),
    "it": LineLeads(author=("scritto da", "autore:", "autrice:")),
    "nl": LineLeads(author=("Door", "geschreven door", "auteur:")),
}


def _lead_pattern(lead: str) -> str:
    return r"\s+".join(map(re.escape, lead.removesuffix(":").split())) + (r"\s?:" if lead.endswith(":") else "")


def leads_pattern(leads) -> str:
    """An alternation of ``leads`` (``LineLeads`` words), the longest first, behind a look-ahead
    for their first letters: searched through a page's text, the alternation is tried only
    where one of them stands (twice as fast)."""
    ordered = sorted(set(leads), key=lambda lead: (-len(lead), lead))
    any_case = "|".join(_lead_pattern(lead) for lead in ordered if not lead[:1].isupper())
    as_written = [_lead_pattern(lead) for lead in ordered if lead[:1].isupper()]
    firsts = {c for lead in ordered for c in ((lead[0],) if lead[:1].isupper() else (lead[0].lower(), lead[0].upper()))}
    alternation = "|".join(([f"(?i:{any_case})"] if any_case else []) + as_written)
    return f"(?=[{re.escape(''.join(sorted(firsts)))}])(?:{alternation})"


def date_lead_pattern(leads) -> str:
    """A date lead of ``leads`` with what may follow it before the date ("Updated on: ",
    "Mis à jour le ", "Actualizado el "): the ``on`` words of every language, a colon."""
    on = leads_pattern(w for language in BYLINE_LEADS.values() for w in language.on)
    return rf"(?:{leads_pattern(leads)})(?:\s+(?:{on}))?\s*:?\s+"


# What may follow a date lead on a date line: a number or a month or day name ("Updated
# March 2", "Mis à jour le 3 mars", "Actualizado el lunes"), not any capitalised word: a
# subheading "Modified Squats" or "Reviewed Evidence" is not a date line.
#: month names of dates as pages write them: English (with a captured name, "Sept." too) and
#: French and Spanish (name -> month number); the date checks (``checks.clinic_common``) read
#: dates with them, and date lines (``BYLINE_LINE_RE``) start with them
ENGLISH_MONTH_RE = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
FOREIGN_MONTHS = {
    **{m: i for i, m in enumerate("janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(), 1)},
    **{m: i for i, m in enumerate("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(), 1)},
    "fevrier": 2, "aout": 8, "decembre": 12, "setiembre": 9,
}
_DATE_START = (
    r"(?:\d|(?i:(?:" + ENGLISH_MONTH_RE + "|" + "|".join(sorted(FOREIGN_MONTHS, key=len, reverse=True))
    + r"|janv|f[ée]vr|avr|juil|d[ée]c|ene|abr|ago|dic"  # French and Spanish abbreviations
    + r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    + r"|lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)\b))"
)

# "By Priya Singh, PT", "Posted by ... on November 20, 2026", "Updated March 2, 2026": a
# byline or date line is short and unpunctuated like a subheading, but it is text (TR001 and
# TR003 read it; a text file's subheadings and a post's introduction are not made of it)
BYLINE_LINE_RE = re.compile(
    r"^\s*(?:(?:" + leads_pattern(w for language in BYLINE_LEADS.values() for w in language.author) + r")\s+[A-ZÀ-Ý]"
    r"|" + date_lead_pattern(w for language in BYLINE_LEADS.values() for w in (*language.updated, *language.published))
    + _DATE_START + ")")


# what themes print between a byline's parts: "By Dr. Maria Alvarez, DDS · Reviewed by ... | Updated ..."
_BYLINE_SEPARATOR_RE = re.compile(r"[·|•—]")


# A byline that ends with a full stop: "By Jordan Lee, PT, registered physiotherapist at our
# Calgary clinic." or "By Dr. Alex Morgan, PT.": the lead, a person's name (two to four
# capitalised words, or one after a title), then nothing or a comma and a short description
# that has no verb or subject of a clause ("By Monday you will feel better." is a sentence,
# and so is "By January, most patients walk again": one capitalised word is not a name).
_SIGNED_BYLINE_RE = re.compile(
    r"^\s*(?:" + leads_pattern(w for language in BYLINE_LEADS.values() for w in language.author) + r")\s+"
    r"(?:(?:(?:Dr|Dre|Drs|Prof)\.?\s+(?P<titled>[A-ZÀ-Ý][\w'’-]*\.?(?:\s+[A-ZÀ-Ý][\w'’-]*\.?){0,3}))"
    r"|(?P<name>[A-ZÀ-Ý][\w'’-]*\.?(?:\s+[A-ZÀ-Ý][\w'’-]*\.?){1,3}))"
    r"\s*(?:,\s*(?P<rest>[^.!?]*(?:\.[^\s.!?][^.!?]*)*))?[.!]?\s*$")
_CLAUSE_WORDS = frozenset(
    "i you we they he she it is are was were will would can could may might must should shall has have had "
    "do does did am be been being feel feels get gets".split())


def _is_signed_byline(text: str) -> bool:
    m = _SIGNED_BYLINE_RE.match(text)
    if not m or len(words(text)) > 20:
        return False
    name = m.group("name")
    if name and re.match(ENGLISH_MONTH_RE + r"\b|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
                         name, re.I):
        return False
    return not _CLAUSE_WORDS.intersection(w.lower() for w in words(m.group("rest") or ""))


# A bare preposition that opens a byline only with a capital ("Par Marie Tremblay", "Von Hans
# Müller") also opens "Von Willebrand disease and dental care": after such a lead, the words up to
# the first comma must be a name (capitalised, or a particle of one)
_BARE_LEAD_RE = re.compile(
    r"^\s*(?:" + "|".join(re.escape(w) for language in BYLINE_LEADS.values() for w in language.author
                          if w[:1].isupper() and " " not in w) + r")\s+(?P<rest>.*)$", re.S)
_NAME_PARTICLES = frozenset("de da del della der den di du la le van von y e".split())


def _bare_lead_names_someone(part: str) -> bool:
    m = _BARE_LEAD_RE.match(part)
    if not m:
        return True  # another lead ("By", "Written by"): nothing more to ask
    return all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in m.group("rest").split(",")[0].split())


def is_byline_line(text: str) -> bool:
    """Whether a line of text is a byline or date line rather than a sentence: it does not
    end like a sentence, and its parts between "·", "|", "•" or "—" are each short and open
    like a byline or a date line (``BYLINE_LINE_RE``), however many parts the theme joins
    ("By Jordan Patel, R.Ac. · Updated November 2, 2026"); or it is a signed byline ending
    with a full stop ("By Jordan Lee, PT, registered physiotherapist."). "By Monday most
    patients walk again." is a sentence."""
    if not text.rstrip().endswith((".", "!", "?")) and all(
            part and len(words(part)) <= 14 and BYLINE_LINE_RE.match(part) and _bare_lead_names_someone(part)
            for part in (p.strip() for p in _BYLINE_SEPARATOR_RE.split(text))):
        return True
    return _is_signed_byline(text)


# "Post title | Brand", "Brand – Post title", "Torticolis : causes" (French spacing): the separators
# between a title's parts (the post's own title, the site's name, a tagline); checks and site
# intelligence split titles alike
TITLE_SEP_RE = re.compile(r"\s+[|–—·•\-:]\s+|\s*\|\s*")


def normalise(text: str) -> str:
    """NFC, curly quotes to straight, collapsed whitespace."""
    if not text.isascii():  # ASCII is already NFC and has no curly quotes (most text, checked in C)
        text = unicodedata.normalize("NFC", text)
        text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """The words of ``text`` as written (case kept)."""
    return WORD_RE.findall(text)


_NOT_ALNUM_RE = re.compile(r"[\W_]+")
_ASCII_NOT_ALNUM = bytes(i for i in range(128) if not chr(i).isalnum())


def alnum_count(text: str) -> int:
    """How many letters and digits ``text`` has: what Markdown rendering, entities and
    whitespace collapsing leave unchanged, so an offset in a source line and one in the
    rendered block text can be compared (``\\W`` and ``_`` are exactly the characters
    that are not ``str.isalnum``)."""
    if text.isascii():  # most text: bytes.translate deletes in C, ~15x faster than the regex
        return len(text.encode("ascii").translate(None, _ASCII_NOT_ALNUM))
    return len(_NOT_ALNUM_RE.sub("", text))


def split_sentences(text: str) -> list[str]:
    """Split a block of text into sentences, keeping abbreviations like "Dr." intact."""
    text = text.strip()
    if not text:
        return []
    parts = _SENTENCE_END_RE.split(text)
    sentences: list[str] = []
    for part in parts:
        if sentences:
            prev = sentences[-1]
            last = prev.rsplit(None, 1)[-1].rstrip(".").lower() if prev else ""
            starts_lower = part.lstrip("\"'“‘([")[:1].islower()
            if starts_lower or (prev.endswith(".") and (last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()))):
                sentences[-1] = prev + " " + part
                continue
        sentences.append(part)
    return [s.strip() for s in sentences if s.strip()]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Light English stemming: plurals, possessives, -ing/-ed, -ful.

    Light on purpose: "pains"/"painful" -> "pain", "needles"/"needling" -> "needl",
    "treats"/"treating"/"treated" -> "treat", but "lower" stays "lower" (the synonym
    table maps it to "low"); aggressive stemmers conflate too much for exact counts.
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("'"):
        w = w[:-1]
    if len(w) <= 3:
        return w
    for suffix, repl in (
        ("ies", "y"),
        ("sses", "ss"),
        ("ing", ""),
        ("ed", ""),
        ("ful", ""),
        ("es", ""),
        ("s", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and w.endswith(("ss", "us", "is")):
                return w
            base = w[: -len(suffix)] + repl
            if suffix in ("ing", "ed") and len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]  # "stopping" -> "stop"
            return _drop_e(base)
    return _drop_e(w)


def _drop_e(w: str) -> str:
    # "place"/"placed"/"places" all -> "plac"; "acupuncture"/"acupunctured" -> "acupunctur"
    return w[:-1] if len(w) > 4 and w.endswith("e") and not w.endswith("ee") else w


def without_accents(s: str) -> str:
    """"sesión" -> "sesion", "séanc" -> "seanc": a key without diacritics."""
    if s.isascii():
        return s
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def canonical_token(word: str) -> str:
    """A word's matching key: synonym-mapped stem ("Lower" -> "low", "lumbar" -> "back"),
    without accents, so that "sesión"/"sesiones", "Bogotá"/"bogota" (a slug) and "séance"/
    "seance" match."""
    return without_accents(_canonical(word))


def _canonical(word: str) -> str:
    low = word.lower().replace("’", "'")
    if "'" in low:
        m = _ELISION_RE.match(low)
        if m:
            low = m.group(1)
    mapped = SYNONYMS.get(low)
    if mapped is not None and " " not in mapped:
        return stem(mapped)
    s = stem(low)
    mapped = SYNONYMS.get(s)
    if mapped is not None and " " not in mapped:
        return stem(mapped)
    return s


def plural(n: int, one: str, many: str | None = None) -> str:
    """"1 link", "3 links": a count with its noun for messages ("(s)" reads as a form)."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def agree(n: int, one: str, many: str) -> str:
    """The verb form for ``n`` things: ``agree(1, "has", "have")`` -> "has"."""
    return one if n == 1 else many


def and_list(items) -> str:
    """"a, b and c": ``items`` joined as a sentence lists them."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def all_of(n: int, one: str, many: str | None = None) -> str:
    """The subject of a sentence about every one of ``n`` things: "All 3 links" or, for
    one, "The link" ("All 1 links" reads as a form)."""
    return f"The {one}" if n == 1 else f"All {n} {many or one + 's'}"


#: how many found things a message names; its evidence lists them all
NAMED_IN_MESSAGE = 3


def some_of(items, limit: int = NAMED_IN_MESSAGE, sep: str = ", ") -> str:
    """"'a', 'b', 'c' and 2 more": the first ``limit`` of ``items`` and how many are left
    out (a terminal or CI line shows only the message, the evidence has them all)."""
    items = list(items)
    shown = sep.join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def counted(item, count: int) -> str:
    """"a", "a (3 times)": an item with how often it was found."""
    return item if count == 1 else f"{item} ({plural(count, 'time')})"


#: what parts a title or a line into pieces read on their own: "Cures Back Pain | Edmonton's Best"
_PART_SEPARATOR_RE = re.compile(r"\s+(?:[|·–—]|-)\s+")


def words_around(text: str, part: str, each_side: int = 3) -> str:
    """``part`` of ``text`` with up to ``each_side`` words either side within its sentence
    (or title part), "…" where that goes on ("…program cures sciatica in as little…");
    ``part`` alone when the text does not hold it. A part that starts or ends inside a word
    keeps that whole word."""
    folded = part.casefold()
    pieces = [p for s in split_sentences(" ".join(text.split())) for p in _PART_SEPARATOR_RE.split(s)]
    piece = next((p for p in pieces if folded in p.casefold()), None)
    if piece is None:
        return part
    start = piece.casefold().find(folded)
    end = start + len(part)
    while start > 0 and not piece[start - 1].isspace():
        start -= 1
    while end < len(piece) and not piece[end].isspace():
        end += 1
    before, after = piece[:start].split(), piece[end:].split()
    said = " ".join(before[-each_side:] + [piece[start:end]] + after[:each_side])
    if len(after) <= each_side:
        said = said.rstrip(".,;:")  # the message's own quote and full stop follow
    return ("…" if len(before) > each_side else "") + said + ("…" if len(after) > each_side else "")


def some_of_counted(items, limit: int = NAMED_IN_MESSAGE, sep: str = ", ", show=counted) -> str:
    """``some_of`` for findings that repeat, so a message's count and its list agree: each
    distinct item once (first-seen order) with how often it was found when more than once,
    and "and N more" counting the findings left out. The figures add up to ``len(items)``:
    ``['a', 'b', 'a', 'c', 'd']`` with ``limit=2`` -> "a (2 times), b and 2 more".
    ``show(item, count)`` writes one item with its count."""
    counts: dict = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    names = list(counts)
    shown = sep.join(show(item, counts[item]) for item in names[:limit])
    left = sum(counts[item] for item in names[limit:])
    return shown + (f" and {left} more" if left else "")


def tokens(text: str) -> list[str]:
    """Canonical tokens of ``text`` (for matching, not for display)."""
    return [canonical_token(w) for w in words(expand_compounds(text))]


def tokens_of_words(ws: list[str]) -> list[str]:
    """``tokens`` for text already split by ``words``: the same result, one regex pass less."""
    out: list[str] = []
    cache = _WORD_TOKENS
    for w in ws:
        t = cache.get(w)
        if t is None:
            if len(cache) >= _WORD_TOKENS_MAX:
                cache.clear()
            t = cache[w] = _word_tokens(w)
        out += t
    return out


# word as written -> its tokens: every sentence of every page asks, so one dict lookup a
# word instead of the hyphen/compound tests and a cached call (bounded: cleared when full)
_WORD_TOKENS: dict[str, tuple[str, ...]] = {}
_WORD_TOKENS_MAX = 200_000


def _word_tokens(w: str) -> tuple[str, ...]:
    if "-" in w:
        return tuple(canonical_token(p) for p in w.split("-") if p)
    if has_compound(w):
        return tuple(tokens(w))
    return (canonical_token(w),)


#: compounds written as one word that mean two ("backpain"): the one place that knows them
_COMPOUND_RE = re.compile(r"(?i)(back)(pain)")


def has_compound(text: str) -> bool:
    """Does ``text`` hold a known compound that ``expand_compounds`` splits? Callers that split
    hyphenated words themselves (word tokens, phrase keys) ask it, so the list stays here."""
    return _COMPOUND_RE.search(text) is not None


def expand_compounds(text: str) -> str:
    """Split hyphenated words and known compounds so "low-back" matches "low back"."""
    text = text.replace("-", " ").replace("–", " ")
    return _COMPOUND_RE.sub(r"\1 \2", text) if has_compound(text) else text


@dataclass(frozen=True)
class Keyphrase:
    """A keyphrase as the user typed it, reduced for matching.

    ``content`` is the set of canonical content words a sentence must all contain;
    ``exact`` is the lower-cased phrase for exact-phrase counts. ``dropped`` lists
    the function words left out, so reports can say exactly what was matched.
    """

    text: str
    content: tuple[str, ...]
    surface: tuple[str, ...]  # the content words as typed, for highlighting
    dropped: tuple[str, ...]
    exact: str
    quoted: bool = False

    @classmethod
    @lru_cache(maxsize=1024)  # checks parse the same few keyphrases on every page
    def parse(cls, text: str) -> "Keyphrase":
        raw = normalise(text)
        quoted = len(raw) > 2 and raw[0] == raw[-1] == '"'
        if quoted:
            raw = raw[1:-1].strip()
        ws = words(expand_compounds(raw))
        content, surface, dropped = [], [], []
        for w in ws:
            if w.lower() in FUNCTION_WORDS:
                dropped.append(w)
            else:
                key = canonical_token(w)
                if key not in content:
                    content.append(key)
                    surface.append(w)
        if not content:  # a keyphrase of only function words: keep them all
            content = [canonical_token(w) for w in ws]
            surface = list(ws)
            dropped = []
        return cls(
            text=raw,
            content=tuple(content),
            surface=tuple(surface),
            dropped=tuple(dropped),
            exact=" ".join(w.lower() for w in ws),
            quoted=quoted,
        )

    def matches_tokens(self, token_set: set[str] | frozenset[str]) -> bool:
        if self.quoted:
            return False  # quoted phrases match exactly only; see count_exact
        return all(t in token_set for t in self.content)

    def share_in(self, token_set: set[str] | frozenset[str]) -> float:
        """Share of the content words present (for subheadings and alts)."""
        if not self.content:
            return 0.0
        return sum(1 for t in self.content if t in token_set) / len(self.content)

    def matches(self, text: str) -> bool:
        if self.quoted:
            return count_exact(self.exact, text) > 0
        return self.matches_tokens(set(tokens(text)))

    @cached_property
    def sequence(self) -> tuple[str, ...]:
        """Canonical tokens of every typed word, in order: the "exact phrase" up to
        word forms and synonyms ("Acupuncture for Lower Back Pain" has the same
        sequence as "acupuncture for low back pain")."""
        return tuple(tokens(self.text))

    def hit(self, token_set: set[str] | frozenset[str], text: str) -> bool:
        """Does a sentence (its precomputed tokens and its text) mention the keyphrase?

        Unquoted: every content word present, any order. Quoted: the exact phrase.
        The token test runs first because it is cheap and necessary in both cases.
        """
        if not self.content or not all(t in token_set for t in self.content):
            return False
        return not self.quoted or count_exact(self.exact, text) > 0

    def coverage(self, token_set: set[str] | frozenset[str], text: str) -> float:
        """Share of the content words present (0..1); quoted keyphrases are all or nothing."""
        if self.quoted:
            return 1.0 if self.hit(token_set, text) else 0.0
        return self.share_in(token_set)

    def count_in(self, text: str) -> int:
        """Keyphrase occurrences in one sentence, counted as Yoast does.

        Unquoted: the fewest times any content word occurs ("the apple potato is an
        apple and a potato" holds "apple potato" twice). Quoted: exact occurrences.
        """
        if self.quoted:
            return count_exact(self.exact, text)
        toks = tokens(text)
        return min((toks.count(t) for t in self.content), default=0)


def count_exact(phrase: str, text: str) -> int:
    """Occurrences of ``phrase`` as whole words (case-insensitive, hyphens as spaces)."""
    return count_exact_flat(phrase, _flat_words(text)) if phrase else 0


def count_exact_flat(phrase: str, flat: str) -> int:
    """``count_exact`` in a text given as its ``flat_words``."""
    if not phrase:
        return 0
    target = _flat_words(phrase)
    if not target:
        return 0
    return len(re.findall(r"(?<!\S)" + re.escape(target) + r"(?!\S)", flat))


def flat_words(ws: list[str] | tuple[str, ...], text: str) -> str:
    """The words of ``text`` lower-cased and joined as ``count_exact`` compares them, from
    ``ws = words(text)`` (a Document's words): the body text is not split into words again.

    The same string as splitting ``expand_compounds(text)``: in a word a hyphen only joins
    two letter or digit runs, so splitting at the hyphens is the same as splitting the text
    with hyphens as spaces. A known compound (``has_compound``) takes the text's own route."""
    flat = " ".join(ws).replace("-", " ").lower()
    return _flat_words(text) if has_compound(flat) else flat


@lru_cache(maxsize=256)
def _flat_words(text: str) -> str:
    # Cached because several checks count phrases in the same (long) body text;
    # a str caches its own hash, so repeated lookups of one text are cheap. One lower()
    # of the joined text equals lower() per word (the space ends a final sigma either way).
    return " ".join(words(expand_compounds(text))).lower()


def find_sequence(haystack: list[str] | tuple[str, ...], needle: tuple[str, ...]) -> list[int]:
    """Start indices where ``needle`` occurs contiguously in ``haystack``."""
    n = len(needle)
    if not n:
        return []
    first = needle[0]
    return [i for i in range(len(haystack) - n + 1) if haystack[i] == first and tuple(haystack[i : i + n]) == needle]


def highlight_terms(text: str, keys: tuple[str, ...]) -> tuple[str, ...]:
    """The words of ``text`` whose canonical token is one of ``keys`` (for marking)."""
    wanted = set(keys)
    seen: list[str] = []
    for w in words(text):
        if canonical_token(w) in wanted or any(canonical_token(p) in wanted for p in w.split("-")):
            if w not in seen:
                seen.append(w)
    return tuple(seen)


def slug_words(slug: str) -> list[str]:
    """The words of a URL slug: split on - _ / . + and encoded spaces (%20)."""
    return [w for w in re.split(r"(?:[-_/.+\s]|%20)+", slug.lower()) if w]


@lru_cache(maxsize=64)
def phrase_regex(phrases: tuple[str, ...]) -> re.Pattern | None:
    """Whole-word matches of any of ``phrases`` as written (longest first, so "dental
    hygienist" wins over "dental"); None for no phrases."""
    if not phrases:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)")
