"""Unauthorised "Dr." titles (check CL012): who a clinic page calls doctor, and may they be.

Ontario's Regulated Health Professions Act, 1991, s. 33 keeps the title "doctor" for
a few professions while providing health care (physicians, chiropractors,
optometrists, psychologists, dentists; naturopaths and TCM practitioners only as
their regulations allow); physiotherapists, massage therapists and acupuncturists
may not use it. Which credentials and professions are which is data:
``data/claims/clinic.toml`` ``[doctor_title]``.

A "title use" is "Dr."/"Dr"/"Doctor" before a capitalised name ("Dr. Jane Lee",
"Dr Lee", "Doctor Lee"); "see your doctor" and "123 Oak Dr." are not. Each use
records what is attached to the name in the same sentence (", R.Ac.", "(PT)",
", our acupuncturist", "is a registered massage therapist", "acupuncturist Dr. Lee")
and whether the sentence ties the person to the clinic ("book with Dr. Lee",
"our Dr. Lee", "Dr. Lee at <clinic name>"). ``judge`` decides which uses to flag.

Cheap on pages without a title: ``may_have_title`` is two substring tests, and the
regexes are compiled once from the data file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping

from . import text as T
from .profiles import Profile, clinic_data

ENTITLED, NOT_ENTITLED, CONDITIONAL, DOCTORATE = "entitled", "not entitled", "conditional", "doctorate"

# "Doctor"/"Dr." after these is a common noun or someone else's ("your doctor", "a Dr. Lee")
_DETERMINERS = frozenset("your a an the my his her their any every each this that no family local own".split())
# capitalised words that may stand right before a title mid-sentence ("Meet Dr. Lee");
# any other capitalised word there makes "Dr." part of a street ("123 Oak Dr. Edmonton")
_TITLE_INTRO = frozenset(
    "our meet with by ask dear hi hello thanks thank book contact call email see visit and or from at to "
    "including welcome welcomes i'm i’m am is was named called says said reviewed written posted author".split()
)
_NAME_WORD = r"[A-Z](?:[a-z]|['’][A-Z])[\w'’-]*"
_SPACE = r"[ \t\u00a0]+"
# words that end a name: "Dr. Lee Acupuncture", "Dr. Sam Park Registered Massage Therapist"
_NAME_STOP = (
    "registered licensed certified clinic clinics acupuncture physiotherapy physio massage chiropractic dental "
    "dentistry naturopathic wellness health centre center at and of says said"
).split()
_QUALIFIERS = r"(?:(?:registered|licensed|certified|senior|lead|head|experienced|resident|in-house|associate)\s+)*"
_INTRO = re.compile(r"(?:(?:who\s+)?(?:is|was|works\s+as|practi[sc]es\s+as)\s+)?(?:(?:our|a|an|the|your)\s+)?", re.I)
_SEP = re.compile(r"\s*[,(/)]\s*|\s+(?:and|&)\s+|\s+")
_COPULA = re.compile(r"\s*,?\s*(?:who\s+)?(?:is|was|works\s+as|practi[sc]es\s+as)\s+", re.I)
_CLAUSE_END = re.compile(r"[.;:!?()]|,|\b(?:who|which|whose|that|but|while|whereas)\b", re.I)
_OWN_BEFORE = re.compile(
    r"(?:\b(?:our|I['’]m|I\s+am|my\s+name\s+is|meet|call|contact|email|text)"
    r"|\b(?:book(?:ing)?|schedule|appointments?|sessions?|visits?|consultations?|assessments?|treatments?)\b(?:\s+[\w'’-]+){0,4}?\s+with"
    r"|\bour\s+(?:team|clinic|practice|staff|practitioners?|therapists?)\b[^.!?]{0,30}?\b(?:including|includes|welcomes?|led\s+by|is|are))\s*$",
    re.I,
)
_OWN_AFTER = re.compile(
    r"^\s*,?\s*(?:(?:here\s+)?(?:at|of|from|with|joins|joined)\s+(?:our|us)\b"
    r"|(?:will|can|would)\s+(?:\w+\s+)?(?:see|assess|treat|examine|help)\s+you\b"
    r"|(?:sees|treats|is\s+accepting|accepts|welcomes)\s+(?:new\s+)?(?:patients|clients)\b)",
    re.I,
)
_AT_CLINIC = re.compile(r"^\s*,?\s*(?:here\s+)?(?:at|of|from)\s+", re.I)
_POSSESSIVE = re.compile(r"['’]s$")
# a sentence that cites outside expertise: "according to Dr. Smith, a physiotherapist at McGill
# University"; there a credential names a researcher's field, not the clinic's own practitioner
_CITATION_CUE = re.compile(
    r"\b(?:according\s+to|stud(?:y|ies)|research(?:ers?)?|published|journal|trials?|meta-analys[ie]s|"
    r"universit(?:y|ies)|hospitals?|institutes?|professor|et\s+al)\b",
    re.I,
)
# a sentence that opens as an English byline ("By Dr. Lee", "Medically reviewed by Dr. Lee",
# "Author: Dr. Lee"): the leads of text.BYLINE_LEADS, not a list of our own
_BYLINE_START = re.compile(r"^\W*(?:" + T.leads_pattern(T.BYLINE_LEADS["en"].author) + r")(?!\w)")


def may_have_title(text: str) -> bool:
    """The cheap prefilter: a text without "Dr" or "Doctor" holds no title use."""
    return "Dr" in text or "Doctor" in text


@dataclass(frozen=True)
class Grammar:
    title: re.Pattern
    credential: re.Pattern  # groups: e, c, d, n<i>
    profession: re.Pattern  # groups: e, c, n
    profession_before: re.Pattern
    not_professions: Mapping[str, str]  # not-entitled credential group -> profession phrase
    context_words: re.Pattern
    business_types: frozenset[str]
    rule_elsewhere: str


def _alt(items: Iterable[str], escape: bool = False) -> str:
    items = sorted(set(items), key=len, reverse=True)
    return "|".join(re.escape(i) if escape else i for i in items)


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    data = clinic_data()["doctor_title"]
    stop = "|".join(_NAME_STOP + sorted({p.split()[0] for k in ("entitled_professions", "not_entitled_professions", "conditional_professions") for p in data[k]}))
    word = rf"(?!(?i:{stop})\b){_NAME_WORD}"
    title = re.compile(rf"(?<![\w.])(?P<title>Dr\.?|Doctor){_SPACE}(?P<name>{word}(?:{_SPACE}(?:[A-Z]\.{_SPACE})?{word}){{0,2}})")
    not_entries = list(data["not_entitled"])
    cred_groups = [
        f"(?P<e>{_alt(data['entitled_credentials'])})",
        f"(?P<c>{_alt(data['conditional_credentials'])})",
        f"(?P<d>{_alt(data['doctorates'])})",
        *(f"(?P<n{i}>{e['credential']})" for i, e in enumerate(not_entries)),
    ]
    # the lookarounds make every match a whole token, so group order does not matter
    credential = re.compile(r"(?<![\w.])(?:" + "|".join(cred_groups) + r")(?![\w])")
    prof = (
        f"(?P<e>{_alt(data['entitled_professions'], True)})"
        f"|(?P<c>{_alt(data['conditional_professions'], True)})"
        f"|(?P<n>{_alt(data['not_entitled_professions'], True)})"
    )
    profession = re.compile(rf"{_QUALIFIERS}\b(?:{prof})s?\b", re.I)
    profession_before = re.compile(rf"\b(?:{prof})s?\s*,?\s*$", re.I)
    return Grammar(
        title=title,
        credential=credential,
        profession=profession,
        profession_before=profession_before,
        not_professions={f"n{i}": e["profession"] for i, e in enumerate(not_entries)},
        context_words=re.compile(r"\b(?:" + _alt(data["entitled_context_words"], True) + r")\b", re.I),
        business_types=frozenset(data["entitled_business_types"]),
        rule_elsewhere=data.get("rule_elsewhere", "misleading title"),
    )


@dataclass(frozen=True)
class TitleUse:
    """One "Dr. <Name>" in one text (sentence, heading, title, author statement)."""

    text: str
    title_name: str  # "Dr. Jane Lee" as written
    name: str  # "Jane Lee"
    classes: frozenset[str]  # of ENTITLED, NOT_ENTITLED, CONDITIONAL, DOCTORATE attached to the name
    attached: tuple[str, ...]  # the credentials and professions as written
    credential: str = ""  # the first not-entitled credential ("R.Ac.")
    profession: str = ""  # the not-entitled profession it names ("registered acupuncturist")
    own: str = ""  # why it is the clinic's own: "author", "first-person: book with", "" (not said)

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(w.lower() for w in re.findall(r"[^\W\d_]{2,}", self.name))


def _classify_credential(g: Grammar, m: re.Match) -> tuple[str, str]:
    """(class, profession) of a credential match."""
    kind = m.lastgroup or ""
    if kind == "e":
        return ENTITLED, ""
    if kind == "c":
        return CONDITIONAL, ""
    if kind == "d":
        return DOCTORATE, ""
    return NOT_ENTITLED, g.not_professions.get(kind, "")


def _classify_profession(m: re.Match) -> tuple[str, str]:
    kind = m.lastgroup or ""
    if kind == "e":
        return ENTITLED, ""
    if kind == "c":
        return CONDITIONAL, ""
    return NOT_ENTITLED, " ".join(m.group(0).lower().split())


# (class, profession phrase, surface as written, is a credential)
Attached = tuple[str, str, str, bool]


def _attached(g: Grammar, tail: str) -> list[Attached]:
    """Credentials and professions right after a name: ", R.Ac., registered acupuncturist",
    " (PT)", ", our acupuncturist", " is a registered massage therapist"."""
    out: list[Attached] = []
    pos = 0
    for _ in range(6):
        sep = _SEP.match(tail, pos)
        start = sep.end() if sep else pos
        intro = _INTRO.match(tail, start)
        at = intro.end() if intro else start
        m = g.credential.match(tail, at) or g.credential.match(tail, start)
        if m:
            cls, prof = _classify_credential(g, m)
        else:
            m = g.profession.match(tail, at)
            if not m:
                break
            cls, prof = _classify_profession(m)
        out.append((cls, prof, m.group(0).strip(), m.re is g.credential))
        pos = m.end()
    if not out:
        # a copular predicate: "Dr. Wong is a back pain specialist and the finest acupuncturist"
        cop = _COPULA.match(tail)
        if cop:
            end = _CLAUSE_END.search(tail, cop.end())
            clause = tail[cop.end(): end.start() if end else len(tail)]
            m = g.profession.search(clause)
            if m:
                cls, prof = _classify_profession(m)
                out.append((cls, prof, m.group(0).strip(), False))
    return out


def _own_cue(before: str, after: str, clinic_names: tuple[str, ...]) -> str:
    m = _OWN_BEFORE.search(before[-80:])
    if m:
        return "first-person: " + " ".join(m.group(0).split())
    m = _OWN_AFTER.match(after)
    if m:
        return "first-person: " + " ".join(m.group(0).strip(" ,").split())
    at = _AT_CLINIC.match(after)
    if at:
        rest = after[at.end():].lower()
        for name in clinic_names:
            if name and rest.startswith(name.lower()):
                return "first-person: at " + name
    return ""


def _is_title_case(text: str) -> bool:
    ws = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) > 3]
    return len(ws) >= 3 and sum(1 for w in ws if w[0].isupper()) / len(ws) >= 0.6


def _not_a_title(text: str, m: re.Match) -> bool:
    """"see your Doctor Today", "123 Oak Dr. Edmonton", "When to See a Doctor First"."""
    before = text[: m.start()]
    words = re.findall(r"[\w'’.:-]+", before[-60:])
    prev = words[-1] if words else ""
    if prev.lower() in _DETERMINERS:
        return True
    if prev and prev[0].isupper():
        if any(w.isdigit() for w in words[-3:]):
            return True  # "123 Oak Dr."
        named_before = grammar().profession_before.search(before[-60:])
        if (
            prev.lower().rstrip(":") not in _TITLE_INTRO
            and before.strip() != prev
            and not named_before
            and not _is_title_case(text)
        ):
            return True  # a capitalised word mid-sentence before "Dr.": a street, or a name we cannot read
    return m.group("title") == "Doctor" and _is_title_case(text)


def _titles(text: str):
    """(match, the person's name) of every "Dr."/"Doctor" before a name in ``text``,
    streets and common nouns left out."""
    if not may_have_title(text):
        return
    for m in grammar().title.finditer(text):
        if not _not_a_title(text, m):
            yield m, _POSSESSIVE.sub("", m.group("name"))


@lru_cache(maxsize=4096)
def title_uses(text: str, clinic_names: tuple[str, ...] = ()) -> tuple[TitleUse, ...]:
    """Every title use in one sentence or heading."""
    g = grammar()
    out = []
    for m, name in _titles(text):
        end = m.start("name") + len(name)
        tail = text[end:]
        if tail[:2] in ("'s", "’s"):
            tail = tail[2:]
        found = _attached(g, tail)
        before = text[: m.start()]
        pb = g.profession_before.search(before[-60:])
        if pb:
            cls, prof = _classify_profession(pb)
            found.append((cls, prof, pb.group(0).strip(" ,"), False))
        out.append(_use(text, text[m.start(): end], name, found, _own_cue(before, tail, clinic_names)))
    return tuple(out)


def _use(text: str, title_name: str, name: str, found: list[Attached], own: str) -> TitleUse:
    classes = frozenset(c for c, _, _, _ in found)
    cred = next((s for c, _, s, is_cred in found if c == NOT_ENTITLED and is_cred), "")
    prof = next((p for c, p, _, _ in found if c == NOT_ENTITLED and p), "")
    return TitleUse(text, title_name, name, classes, tuple(dict.fromkeys(s for _, _, s, _ in found)), cred, prof, own)


def author_uses(name: str, job_title: str = "") -> tuple[TitleUse, ...]:
    """The title uses of one author statement ("Dr. Mei Lin, R.Ac" + jobTitle "Registered Acupuncturist").

    Credentials and professions anywhere in the statement count (not only right after the name).
    """
    text = f"{name} — {job_title}" if job_title else name
    g = grammar()
    out = []
    for m, person in _titles(name):
        found: list[Attached] = [(*_classify_credential(g, c), c.group(0), True) for c in g.credential.finditer(text)]
        found += [(*_classify_profession(p), p.group(0).strip(), False) for p in g.profession.finditer(text)]
        out.append(_use(text, name[m.start(): m.start("name") + len(person)], person, found, "author"))
    return tuple(out)


def byline_is_a_citation(name: str, sentences: Iterable[str]) -> bool:
    """An author found as "by <name>" that is really a citation in the text
    ("a 2017 review by Dr. Andrew Vickers"): a sentence has "by <name>" after other words."""
    for s in sentences:
        i = s.find(name)
        if i < 0:
            continue
        before = s[:i].rstrip()
        if before.lower().endswith("by") and not _BYLINE_START.match(s):
            return True
    return False


def page_is_entitled(texts: Iterable[str], types: Iterable[str]) -> bool:
    """The page says the clinic is an exempt profession (dental, chiropractic...)."""
    g = grammar()
    return bool(g.business_types & set(types)) or any(t and g.context_words.search(t) for t in texts)


def known_professions() -> tuple[str, ...]:
    """Every profession the data file classes (for messages)."""
    data = clinic_data()["doctor_title"]
    return tuple(sorted({*data["entitled_professions"], *data["not_entitled_professions"], *data["conditional_professions"]}))


def profession_class(profession: str) -> str:
    """ENTITLED / NOT_ENTITLED / CONDITIONAL for a configured profession, "" if unknown."""
    if not profession:
        return ""
    m = grammar().profession.fullmatch(profession.strip())
    return _classify_profession(m)[0] if m else ""


@dataclass(frozen=True)
class Finding:
    use: TitleUse
    reason: str
    safer: str
    rule: str


def judge(uses: Iterable[TitleUse], profile: Profile, entitled_page: bool, profession: str | None = None) -> list[Finding | None]:
    """For each use, a Finding when it is flagged, else None.

    A name that carries an exempt credential or profession anywhere on the page
    (MD, DC, ND, DDS, "Dr. TCM", "chiropractor"...) passes everywhere, and so does a use
    with a conditional credential (R.TCM.P.) or, outside a statutory title rule, an
    earned doctorate (PhD, DPT). Otherwise a use fails when:

    * (b) a non-exempt credential or profession is attached to it (R.Ac., PT, RMT,
      "our acupuncturist", "is a registered massage therapist");
    * (a) it is an author statement and the name is non-exempt elsewhere on the page,
      or the profile's profession is;
    * (c) the sentence ties it to the clinic ("book with", "our", "at <clinic>") and the
      name is non-exempt elsewhere, or the profile's profession is, or nothing on the
      page says the clinic is an exempt profession.
    """
    uses = list(uses)
    entitled_keys: set[str] = set()
    not_keys: dict[str, TitleUse] = {}
    for u in uses:
        if ENTITLED in u.classes:
            entitled_keys |= u.keys
        elif NOT_ENTITLED in u.classes:
            for k in u.keys:
                not_keys.setdefault(k, u)
    profession = profile.profession if profession is None else profession
    prof_class = profession_class(profession)
    rule = profile.title_rule or grammar().rule_elsewhere
    return [_judge_one(u, profile, profession, entitled_page, entitled_keys, not_keys, prof_class, rule) for u in uses]


def _judge_one(
    u: TitleUse, profile: Profile, profession: str, entitled_page: bool, entitled_keys: set[str], not_keys: dict[str, TitleUse], prof_class: str, rule: str
) -> Finding | None:
    if ENTITLED in u.classes or u.keys & entitled_keys or CONDITIONAL in u.classes:
        return None
    if DOCTORATE in u.classes and not profile.title_rule:
        return None
    known = next((not_keys[k] for k in sorted(u.keys) if k in not_keys), None)
    if NOT_ENTITLED in u.classes:
        if not u.own and _CITATION_CUE.search(u.text):
            return None  # a cited researcher, not the clinic's practitioner
        what = ", ".join(u.attached)
        reason = f"'{u.title_name}' with {what}" + (" in the author statement" if u.own == "author" else "")
        return Finding(u, reason, _safer(u.name, u.credential, u.profession), rule)
    if u.own and known is not None:
        reason = f"'{u.title_name}' ({_own_words(u)}) is {known.name}, {', '.join(known.attached)} elsewhere on the page"
        return Finding(u, reason, _safer(known.name, known.credential, known.profession), rule)
    if u.own and prof_class == NOT_ENTITLED:
        said = f"on a {profession} profile ({profile.name})" if profession == profile.profession else f"at a clinic of {profession}s (clinic_profession)"
        reason = f"'{u.title_name}' ({_own_words(u)}) {said}"
        return Finding(u, reason, _safer(u.name, "", profession), rule)
    if u.own.startswith("first-person") and not entitled_page and prof_class != ENTITLED:
        reason = f"'{u.title_name}' ({_own_words(u)}) and nothing on the page says {u.name} is a physician, chiropractor, dentist or other exempt profession"
        return Finding(u, reason, _safer(u.name, "", ""), rule)
    return None


def _own_words(u: TitleUse) -> str:
    return "author statement" if u.own == "author" else u.own.replace("first-person: ", "'") + "'"


def _safer(name: str, credential: str, profession: str) -> str:
    if credential and profession:
        return f"'{name}, {credential.rstrip(',')}, {profession}'"
    if profession:
        return f"'{name}, {profession}'"
    # nothing says the profession: a pattern, not another profession's example (an acupuncturist's
    # "R.Ac." was suggested on physiotherapy sites)
    return f"'{name}' with the credential and profession instead: '{name}, [credential], [profession]'"
