"""The health-claim scanner: risky sentences by category, from data-file patterns.

Patterns live in ``data/claims/rules.toml``; this module only decides *whether a
match is a claim*. A regex hit is dropped when:

* a negator sits just before it in the same clause ("does not cure", "no guarantee")
  or inside it ("my pain was not gone"), unless the claim itself is a negation
  ("no side effects"), or the words right after it negate it ("a cure is not...");
* the writer distances themselves ("some sites claim it cures...", "beware of...");
* the sentence is one of the clinic's own disclaimers ("results vary", "not medical
  advice");
* it sits inside a quotation in a sentence that names a regulator or guideline;
* it is part of another business's name ("Best Western"), or of the clinic's name;
* the sentence is a genuine question ("Can acupuncture cure back pain?");
* for evidence claims: the paragraph carries a citation link or an inline citation.

A rule with a ``profile_key`` is judged by that key of the profile's severity table
instead of its category's (``restricted-condition``: fertility, insomnia, anxiety, knee
arthritis, which only the UK's CAP Code restricts): its hit stands apart from the
category's other rules, and only when none of them matched the sentence, so a profile
that does not judge it (``off``) drops it without losing a claim the others found.

Scanning is per sentence and cached by sentence text; ``scan_document`` is memoised
on the Document, so the claim checks CL001-CL011 and TR004 together scan a page once (CL012 has its
own engine, ``doctor_title``).
Each rule carries a literal prefilter (``regex_prefilter``): a sentence that holds
none of the literals every match of the rule needs skips that rule's regex, which
is most rules for most sentences. The prefilter is sound, so results are the same.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

from . import text as T
from .regex_prefilter import Prefilter, TokenIndex, fold_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

#: Categories in the order the checks report them (CL001..CL011).
CATEGORY_ORDER = (
    "cure",
    "guarantee",
    "safety",
    "superiority",
    "evidence",
    "superlative",
    "testimonial",
    "serious",
    "condition-list",
    "wellness",
    "urgency",
)

# Categories the clinic's own disclaimer sentence cancels ("results vary; no
# treatment is guaranteed"); testimonials, titles and urgency are not disclaimable.
_DISCLAIMABLE = frozenset(("cure", "guarantee", "safety", "superiority", "evidence", "serious", "condition-list", "wellness"))

# The language cues of the scanner, English by default; a rules file for another language
# sets its own in [lexicon] (question_starts, clause_words, post_negation, negator_prefixes).
# A sentence that asks rather than claims starts with one of these and ends in "?".
_QUESTION_STARTS = tuple("can could does do did will would is are was should may might how what why when which".split())
# Where a clause ends for the purpose of "is this negator about this claim".
# words after which a negation before them no longer holds: "nothing worked until I came here,
# now my pain is gone" is a testimonial's claim, not a negated one
_CLAUSE_WORDS = ("but", "however", "while", "whereas", "until")
# Inline citations that count like a link: "(Qaseem et al., 2017)", "[3]", and numbered
# references closing a sentence as health sites write them: "...weight loss (10, 11).",
# "(3-5)" (only at the end, where "(ages 10, 11)" mid-sentence would be prose).
_INLINE_CITATION_RE = re.compile(
    r"\([^()]*\b(?:19|20)\d{2}[a-z]?\)|\[\d{1,3}\]"
    r"|\(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\)\s*[.!]?[\"”’']?\s*$"
)
_QUOTED_RE = re.compile(r'"[^"]{3,}"|«[^»]{3,}»')  # French guillemets too
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_POST_NEGATION = r"^\W*(?:\w+\W+){0,3}?(?:is|are|was|were|can|will|do|does)?\s*(?:not|n't|never)\b"


def _clause_break_regex(words: Iterable[str]) -> re.Pattern:
    return re.compile(r"[,;:()—–]|\s-\s" + "".join(rf"|\b{re.escape(w)}\b" for w in words), re.I)


@dataclass(frozen=True)
class Category:
    name: str
    title: str
    source: str
    suggestion: str
    skip_questions: bool = True
    # the suggestion for a post that addresses its reader informally (Spanish tú), or ""
    suggestion_informal: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    regex: re.Pattern
    suggest: str = ""
    suggest_informal: str = ""  # ``suggest`` for a post written in the informal register
    negation_in_match: bool = False
    kind: str = "match"  # "match" or "count"
    min: int = 0
    requires: re.Pattern | None = None
    # skips ``regex`` on sentences it cannot match; Prefilter(None) always runs it
    prefilter: Prefilter = Prefilter(None)
    # the profiles' severity key that judges this rule's hits instead of the category's
    # ("" = the category's); see ClaimHit.profile_key
    profile_key: str = ""


@dataclass(frozen=True)
class Lexicon:
    negators: frozenset[str]
    distancing: tuple[str, ...]
    disclaimers: tuple[str, ...]
    authorities: re.Pattern
    names: tuple[str, ...]
    health_words: frozenset[str]
    safety_net: tuple[str, ...] = ()
    question_starts: frozenset[str] = frozenset(_QUESTION_STARTS)
    clause_break: re.Pattern = _clause_break_regex(_CLAUSE_WORDS)
    post_negation: re.Pattern = re.compile(_POST_NEGATION, re.I)
    negator_prefixes: tuple[str, ...] = ()  # elided negators: French "n'est", "n’a"
    # negators that cancel only what follows them at once ("without a guarantee", "sans
    # garantie"): in "sans douleur et sans effets secondaires" the first "sans" does not
    # cancel the second phrase, and "Without surgery, our treatment cures..." still claims
    adjacent_negators: frozenset[str] = frozenset()
    question_pattern: re.Pattern | None = None  # a question by its form anywhere: French "peut-elle"


#: the entry of a rules file's [treatments] that suggestions name when nothing says which
#: treatment the page is about ("treatment", "le traitement", "el tratamiento")
DEFAULT_TREATMENT = "default"


@dataclass(frozen=True)
class Treatment:
    """A treatment as one rules file's suggestions name it (its ``[treatments]`` table)."""

    id: str  # the table's key: the same treatment has the same key in every language's file
    name: str  # what fills {treatment}: "physiotherapy", "la physiothérapie"
    practitioner: str  # what fills {practitioner}: "physiotherapist", "physiothérapeute"
    # the words that name it in a keyphrase, a heading or a profession, matched whole in
    # lower case without accents; None for an entry named only through the English file
    words: re.Pattern | None = None


@dataclass(frozen=True, eq=False)  # hashed by identity: scans are cached per rule set
class RuleSet:
    categories: Mapping[str, Category]
    rules: tuple[Rule, ...]
    lexicon: Lexicon
    # what fills the suggestions' {treatment} and {practitioner} slots, by id; always has
    # DEFAULT_TREATMENT (see ``named_treatment``)
    treatments: Mapping[str, Treatment] = field(default_factory=dict)


@dataclass(frozen=True)
class ClaimHit:
    """One risky claim in one sentence."""

    category: str
    rule: str
    sentence: str
    matched: tuple[str, ...]  # the words that matched, for highlighting
    # the rules file's safer wording as written: a template whose {treatment} and
    # {practitioner} the checks fill for the page (scans are cached by sentence, not page)
    suggestion: str
    source: str
    # "" or the profiles' severity key that judges this hit (its rule's ``profile_key``):
    # a check drops it where the profile sets that key "off"; such a hit comes only from
    # rules with that key, and only in a sentence where no other rule of its category matched
    profile_key: str = ""
    # the suggestion for a post that addresses its reader informally ("" when the rules file
    # has none: the formal one is used); the checks choose by the page (``reader_register``)
    suggestion_informal: str = ""


# ---- loading the data file ---------------------------------------------------------


#: The bundled rule sets by the page language they read (primary subtag).
BUNDLED_RULES = {"en": "data/claims/rules.toml", "fr": "data/claims/rules_fr.toml", "es": "data/claims/rules_es.toml"}


@lru_cache(maxsize=None)
def general_suggestions(language: str) -> dict[str, dict[str, str]]:
    """Each category's safer wordings in the bundled rules of ``language``, for no page in
    particular (the rules file's default treatment and practitioner), as the claim checks'
    ``fix_examples`` hold them: {language: wording} and, when the file has one,
    {"<language>-informal": wording}. Read from the file's tables alone, without compiling
    its patterns (the checks are declared at import; a page in that language compiles them)."""
    from .registry import INFORMAL, fill_example

    data = tomllib.loads(resources.files("seoaudit").joinpath(BUNDLED_RULES[language]).read_text(encoding="utf-8"))
    default = data["treatments"][DEFAULT_TREATMENT]

    def filled(template: str) -> str:
        return fill_example(template, "", "", language, treatment=default["name"], practitioner=default.get("practitioner", ""))

    out: dict[str, dict[str, str]] = {}
    for name, body in data["categories"].items():
        out[name] = {language: filled(body["suggestion"])}
        if body.get("suggestion_informal"):
            out[name][language + INFORMAL] = filled(body["suggestion_informal"])
    return out


def load_rules(path: str | None = None, language: str = "en") -> RuleSet:
    """The rule set from ``path``, or the bundled one for ``language`` (English by default;
    ``BUNDLED_RULES``).

    A broken user file raises ``ValueError`` naming the file and the rule. The same
    path gives the same RuleSet object (``load_rules()`` and ``load_rules(None)`` too),
    so scans cached per rule set are shared by every caller.
    """
    return _load_rules(path or None, BUNDLED_RULES[language] if not path else "")


def rules_for_page(doc) -> RuleSet | None:
    """The bundled rule set for the page's language (declared, or the text's when that is
    clear: ``language.page_language``); None when no bundled set reads it."""
    from .language import page_language

    language = page_language(doc)[0]
    return load_rules(language=language) if language in BUNDLED_RULES else None


@lru_cache(maxsize=8)
def _load_rules(path: str | None, resource: str) -> RuleSet:
    if path:
        where = path
        text = Path(path).read_text(encoding="utf-8")
    else:
        where = f"seoaudit/{resource}"
        text = resources.files("seoaudit").joinpath(resource).read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{where}: not valid TOML ({exc})") from None
    lex_raw = data.get("lexicon", {})
    # Another language's file names only its safer wording: a category's title, source and
    # question rule are the English file's, so they are written (and corrected) once.
    english = _load_rules(None, BUNDLED_RULES["en"]) if resource != BUNDLED_RULES["en"] or path else None
    base = english.categories if english else {}
    categories = {}
    for name, body in data.get("categories", {}).items():
        inherited = base.get(name)
        try:
            categories[name] = Category(
                name=name,
                title=body.get("title") or inherited.title,
                source=body.get("source") or inherited.source,
                suggestion=body["suggestion"],
                suggestion_informal=body.get("suggestion_informal", ""),
                skip_questions=bool(body.get("skip_questions", inherited.skip_questions if inherited else True)),
            )
        except (KeyError, AttributeError):
            raise ValueError(f"{where}: category {name!r} needs a suggestion, and a title and source unless rules.toml has it") from None
    lists = {k: v for k, v in lex_raw.items() if isinstance(v, list)}
    rules = tuple(_rule(r, lists, categories, where) for r in data.get("rules", []))
    lexicon = Lexicon(
        negators=frozenset(w.lower() for w in lex_raw.get("negators", [])),
        distancing=tuple(w.lower() for w in lex_raw.get("distancing", [])),
        disclaimers=tuple(w.lower() for w in lex_raw.get("disclaimers", [])),
        authorities=_authority_regex(lex_raw.get("authorities", [])),
        names=tuple(lex_raw.get("names", [])),
        health_words=frozenset(w.lower() for w in lex_raw.get("health_words", [])),
        safety_net=tuple(w.lower() for w in lex_raw.get("safety_net", [])),
        question_starts=frozenset(w.lower() for w in lex_raw.get("question_starts", _QUESTION_STARTS)),
        clause_break=_clause_break_regex(lex_raw.get("clause_words", _CLAUSE_WORDS)),
        post_negation=_lexicon_regex(lex_raw.get("post_negation", _POST_NEGATION), where),
        negator_prefixes=tuple(w.lower() for w in lex_raw.get("negator_prefixes", ())),
        adjacent_negators=frozenset(w.lower() for w in lex_raw.get("adjacent_negators", [])),
        question_pattern=_lexicon_regex(lex_raw["question_pattern"], where) if lex_raw.get("question_pattern") else None,
    )
    # a file without treatments (your own copy of an older rules.toml) names the English ones
    treatments = _treatments(data["treatments"], where) if "treatments" in data else english.treatments if english else {}
    if DEFAULT_TREATMENT not in treatments:
        raise ValueError(f"{where}: [treatments] needs a [treatments.{DEFAULT_TREATMENT}] entry (the name used when the page names none)")
    return RuleSet(categories=categories, rules=rules, lexicon=lexicon, treatments=treatments)


def _treatments(table: Mapping[str, Any], where: str) -> dict[str, Treatment]:
    out = {}
    for key, body in table.items():
        if not isinstance(body, Mapping) or not body.get("name") or not body.get("practitioner"):
            raise ValueError(f"{where}: treatment {key!r} needs a name and a practitioner")
        words = tuple(T.without_accents(str(w)).lower() for w in body.get("words", ()) if str(w).strip())
        out[key] = Treatment(id=key, name=str(body["name"]), practitioner=str(body["practitioner"]), words=T.phrase_regex(words))
    return out


def named_treatment(rules: RuleSet, text: str) -> Treatment | None:
    """The treatment ``text`` (a keyphrase, a heading, a profession) names first, as ``rules``
    names it in its suggestions; None when it names none that ``rules`` has.

    The English file's words count on pages in every language, for the entries ``rules``
    has under the same key: a configured profession is English ("physiotherapist"), and
    so is many a keyphrase's "physio" or "massage". At the same place the longer wording
    wins ("dental hygienist" is a hygienist, not a dentist).
    """
    if not text:
        return None
    folded = T.without_accents(text).lower()
    english = load_rules()
    tables = (rules.treatments,) if rules is english else (rules.treatments, english.treatments)
    best: tuple[int, int, str] | None = None  # (start, -length, key): the earliest, then the longest
    for table in tables:
        for key, treatment in table.items():
            if treatment.words is None or key not in rules.treatments:
                continue
            m = treatment.words.search(folded)
            if m and (best is None or (m.start(), -len(m.group())) < best[:2]):
                best = (m.start(), -len(m.group()), key)
    return rules.treatments[best[2]] if best else None


def _lexicon_regex(pattern: str, where: str) -> re.Pattern:
    try:
        return re.compile(pattern, re.I)
    except re.error as exc:
        raise ValueError(f"{where}: a lexicon pattern is bad ({exc})") from None


def _expand(pattern: str, lists: Mapping[str, list]) -> str:
    """Replace ``{name}`` with the alternation of lexicon list ``name``."""

    def sub(m: re.Match) -> str:
        key = m.group(1)
        if key not in lists:
            return m.group(0)  # a regex quantifier such as {0,3}
        return "|".join(lists[key])

    return re.sub(r"\{([a-z_]+)\}", sub, pattern)


def _rule(raw: Mapping[str, Any], lists: Mapping[str, list], categories: Mapping[str, Category], where: str) -> Rule:
    rid = raw.get("id", "?")
    if raw.get("category") not in categories:
        raise ValueError(f"{where}: rule {rid!r} has unknown category {raw.get('category')!r}")
    try:
        regex = re.compile(_expand(raw["pattern"], lists), re.I)
        requires = re.compile(_expand(raw["requires"], lists), re.I) if raw.get("requires") else None
    except (KeyError, re.error) as exc:
        raise ValueError(f"{where}: rule {rid!r} has a bad pattern ({exc})") from None
    return Rule(
        id=rid,
        category=raw["category"],
        regex=regex,
        suggest=raw.get("suggest", ""),
        suggest_informal=raw.get("suggest_informal", ""),
        negation_in_match=bool(raw.get("negation_in_match", False)),
        kind=raw.get("kind", "match"),
        min=int(raw.get("min", 0)),
        requires=requires,
        prefilter=Prefilter.of(regex),
        profile_key=str(raw.get("profile_key", "")),
    )


def _authority_regex(names: Iterable[str]) -> re.Pattern:
    # Acronyms match case-sensitively ("CAP", not "cap"); other names case-insensitively.
    parts = [re.escape(n) if n.isupper() else "(?i:" + re.escape(n) + ")" for n in names]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b") if parts else re.compile(r"(?!)")


# ---- deciding whether a match is a claim -------------------------------------------------


def _words(s: str) -> list[str]:
    return [w.lower() for w in _WORD_RE.findall(s)]


def _is_negator(word: str, lex: Lexicon) -> bool:
    return (word in lex.negators or word.endswith("n't") or word.endswith("n’t")
            or (bool(lex.negator_prefixes) and word.startswith(lex.negator_prefixes)))


def _clause_before(sentence: str, start: int, lex: Lexicon) -> str:
    before = sentence[:start]
    breaks = list(lex.clause_break.finditer(before))
    return before[breaks[-1].end():] if breaks else before


def _negated_before(sentence: str, start: int, lex: Lexicon, window: int = 6) -> bool:
    words = _words(_clause_before(sentence, start, lex))[-window:]
    last = len(words) - 1
    # an adjacent negator may have one word (an article) between it and the match: "without a guarantee"
    return any(_is_negator(w, lex) and (i >= last - 1 or w not in lex.adjacent_negators) for i, w in enumerate(words))


def _negated_after(sentence: str, end: int, lex: Lexicon) -> bool:
    after = sentence[end:]
    m = lex.clause_break.search(after)
    clause = after[: m.start()] if m else after
    return bool(lex.post_negation.match(clause))


def _negated_inside(matched: str, lex: Lexicon) -> bool:
    return any(_is_negator(w, lex) for w in _words(matched))


def _distanced(sentence: str, start: int, lex: Lexicon) -> bool:
    before = " " + " ".join(_words(sentence[:start])) + " "
    return any(f" {cue} " in before for cue in lex.distancing)


def _is_question(sentence: str, lex: Lexicon) -> bool:
    s = sentence.strip().strip('"')
    if not s.endswith("?"):
        return False
    first = _words(s[:20])
    if first and first[0] in lex.question_starts:
        return True
    return lex.question_pattern is not None and lex.question_pattern.search(s) is not None


def _is_disclaimer(sentence: str, lex: Lexicon) -> bool:
    low = sentence.lower()
    return any(cue in low for cue in lex.disclaimers)


def _in_authority_quote(sentence: str, start: int, lex: Lexicon) -> bool:
    if not lex.authorities.search(sentence):
        return False
    return any(q.start() <= start < q.end() for q in _QUOTED_RE.finditer(sentence))


def _part_of_name(sentence: str, start: int, end: int, lex: Lexicon) -> bool:
    """A capitalised match mid-sentence followed by a capitalised non-health word
    ("the Best Western on Whyte Avenue") is a name, not a claim."""
    first = sentence[start:end].split()[0] if sentence[start:end].split() else ""
    if not first[:1].isupper() or not sentence[:start].strip(" \"'"):
        return False
    nxt = re.match(r"\s*([A-Z][\w'’]*)", sentence[start + len(first):])
    return bool(nxt) and nxt.group(1).lower() not in lex.health_words


@lru_cache(maxsize=256)
def _name_regex(name: str) -> tuple[re.Pattern, Prefilter]:
    regex = re.compile(re.escape(name), re.I)
    return regex, Prefilter.of(regex)


def _mask_names(sentence: str, names: Iterable[str]) -> str:
    """Blank out names so their words cannot match; offsets stay the same.

    Names are masked one after the other, in order; the prefilter skips names the
    sentence cannot contain (most of them, most of the time).
    """
    folded = fold_text(sentence)
    for name in names:
        if not name:
            continue
        regex, prefilter = _name_regex(name)
        if not prefilter.may_match(folded):
            continue
        masked = regex.sub(lambda m: "_" * len(m.group(0)), sentence)
        if masked != sentence:
            sentence, folded = masked, fold_text(masked)
    return sentence


def scan_sentence(sentence: str, rules: RuleSet | None = None, cited: bool = False, names: tuple[str, ...] = ()) -> tuple[ClaimHit, ...]:
    """Every claim in one sentence: one hit per category, named after the first rule
    that matched and highlighting every accepted match of that category.

    ``cited``: the sentence's paragraph carries a citation link (evidence claims pass).
    ``names``: extra names whose words are not claims (the clinic's own name).
    """
    rules = rules or load_rules()
    return _scan(T.normalise(sentence), rules, cited, tuple(names))


@lru_cache(maxsize=8)
def _rule_index(rules: RuleSet) -> TokenIndex:
    """The rules' prefilters indexed by word (one per rule set: RuleSets hash by identity)."""
    return TokenIndex([r.prefilter for r in rules.rules])


@lru_cache(maxsize=8192)
def _scan(sentence: str, rules: RuleSet, cited: bool, names: tuple[str, ...]) -> tuple[ClaimHit, ...]:
    lex = rules.lexicon
    masked = _mask_names(sentence, (*lex.names, *names))
    folded = fold_text(masked)  # what the rule prefilters test
    all_rules = rules.rules
    # The sentence-level cues below are pure functions of the sentence, computed the
    # first time a rule needs them: most sentences reach no rule at all.
    question = disclaimer = safety_net = evidence_cited = title_case = None
    found: dict[tuple[str, str], tuple[Rule, list[str]]] = {}  # by (category, profile_key)
    for i in _rule_index(rules).candidates(folded):
        rule = all_rules[i]
        if not rule.prefilter.may_match(folded):
            continue  # the regex cannot match: no hit, same as running it
        cat = rules.categories[rule.category]
        if cat.skip_questions:
            if question is None:
                question = _is_question(sentence, lex)
            if question:
                continue
        if rule.category in _DISCLAIMABLE:
            if disclaimer is None:
                disclaimer = _is_disclaimer(sentence, lex)
            if disclaimer:
                continue
        if rule.category == "evidence":
            if evidence_cited is None:
                evidence_cited = cited or bool(_INLINE_CITATION_RE.search(sentence))
            if evidence_cited:
                continue
        if rule.category == "urgency":
            if safety_net is None:
                # "don't wait: call 911" is safety-net advice, not pressure to book
                safety_net = any(cue in sentence.lower() for cue in lex.safety_net)
            if safety_net:
                continue
        matches = list(rule.regex.finditer(masked))
        if not matches:
            continue
        if title_case is None:
            # Title Case headings ("Acupuncture Cures Back Pain") look like names throughout
            title_case = _is_title_case(sentence)
        if rule.kind == "count":
            matched = _count_hit(matches, masked, sentence, rule, lex, title_case)
        else:
            matched = _match_hits(matches, sentence, rule, lex, title_case)
        if matched:
            first_rule, words = found.setdefault((rule.category, rule.profile_key), (rule, []))
            words.extend(m for m in matched if m not in words)
    if not found:
        return ()
    hits = []
    for category in CATEGORY_ORDER:
        # a rule with a profile_key counts only where none of its category's own rules matched
        groups = [v for (c, key), v in found.items() if c == category and not key]
        for rule, words in groups or [v for (c, key), v in found.items() if c == category]:
            cat = rules.categories[category]
            informal = rule.suggest_informal if rule.suggest else cat.suggestion_informal
            hits.append(ClaimHit(category, rule.id, sentence, tuple(words), rule.suggest or cat.suggestion, cat.source, rule.profile_key,
                                 informal))
    return tuple(hits)


def _is_title_case(sentence: str) -> bool:
    ws = [w for w in _WORD_RE.findall(sentence) if len(w) > 3]
    return len(ws) >= 3 and sum(1 for w in ws if w[0].isupper()) / len(ws) >= 0.6


def _accepted(sentence: str, start: int, end: int, rule: Rule, lex: Lexicon, title_case: bool = False) -> bool:
    text = sentence[start:end]
    if not rule.negation_in_match and _negated_inside(text, lex):
        return False
    return not (
        _negated_before(sentence, start, lex)
        or _negated_after(sentence, end, lex)
        or _distanced(sentence, start, lex)
        or _in_authority_quote(sentence, start, lex)
        or (not title_case and _part_of_name(sentence, start, end, lex))
    )


def _match_hits(matches: list[re.Match], sentence: str, rule: Rule, lex: Lexicon, title_case: bool) -> list[str]:
    """The accepted ones of ``matches`` (``rule.regex`` over the masked sentence)."""
    return [
        sentence[m.start() : m.end()]
        for m in matches
        if _accepted(sentence, m.start(), m.end(), rule, lex, title_case)
    ]


def _count_hit(matches: list[re.Match], masked: str, sentence: str, rule: Rule, lex: Lexicon, title_case: bool) -> tuple[str, ...]:
    """Distinct matches (e.g. conditions) when there are at least ``rule.min`` and the
    sentence also has the ``requires`` frame ("helps with", "for") un-negated."""
    found: dict[str, str] = {}
    for m in matches:
        found.setdefault(m.group(0).lower(), sentence[m.start() : m.end()])
    if len(found) < rule.min:
        return ()
    if rule.requires is not None:
        frames = [f for f in rule.requires.finditer(masked) if _accepted(sentence, f.start(), f.end(), rule, lex, title_case)]
        if not frames:
            return ()
    return tuple(found.values())


# ---- documents -------------------------------------------------------------------------


@dataclass(frozen=True)
class DocClaim:
    """A claim found in a page, with where it sits."""

    hit: ClaimHit
    position: float | None
    line: int | None
    in_heading: bool = False
    where: str = "body"  # "body", "heading", "title" or "meta description"


def cited_blocks(doc, citation_domains: Iterable[str] = ()) -> frozenset[int]:
    """Indices of main-content blocks that hold an outbound http(s) link.

    Links do not record their block, so a link belongs to every block whose text
    contains its anchor text (anchors of two or more characters). Any outbound link
    counts as a citation here; ``citation_domains`` is only used to prefer them when
    given (trust checks count evidence domains separately).
    """
    outbound = [
        l for l in doc.links
        if l.context in ("content", "related") and not l.internal and l.scheme in ("http", "https") and len(l.text) >= 2
    ]
    out = set()
    for i, block in enumerate(doc.blocks):
        if block.is_heading:
            continue
        if any(l.text in block.text for l in outbound):
            out.add(i)
    return frozenset(out)


def scan_document(doc, names: tuple[str, ...] = (), rules: RuleSet | None = None) -> tuple[DocClaim, ...]:
    """Claims in the title, the meta description and the main content (headings and
    body sentences), in that order. Without ``rules``, the bundled set for the page's
    language (``rules_for_page``): none for a language no set reads.

    Computed once per document, rule set and names (``Document.derived``).
    """
    rules = rules or rules_for_page(doc)
    if rules is None:
        return ()
    names = tuple(names)
    return doc.derived(("claims.scan_document", rules, names), lambda d: _scan_document(d, names, rules))


def _scan_document(doc, names: tuple[str, ...], rules: RuleSet) -> tuple[DocClaim, ...]:
    out: list[DocClaim] = []
    # The title and the snippet are the claims searchers read first; a claim there is
    # the same claim as in the body (they are not excluded as "boilerplate").
    # A title the H1 repeats word for word (a draft's front matter title is both) is one
    # wording: found once, at the H1, whose line is known ("5 found" listed 4 lines).
    h1s = {" ".join(b.text.split()) for b in doc.blocks if b.kind == "h1"}
    for where, text in (("title", doc.title), ("meta description", doc.meta_description or "")):
        if where == "title" and " ".join(text.split()) in h1s:
            continue
        for hit in scan_sentence(text, rules, cited=False, names=names):
            out.append(DocClaim(hit, None, None, in_heading=True, where=where))
    cited = cited_blocks(doc)
    by_block = doc.sentences_by_block
    for i, block in enumerate(doc.blocks):
        if block.kind == "pre":
            continue  # a code block quotes (markup, a wording not to use); it is not the post's claim
        if block.is_heading:
            pos = doc.block_positions[i]
            for hit in scan_sentence(block.text, rules, cited=False, names=names):
                out.append(DocClaim(hit, pos, block.line, in_heading=True, where="heading"))
            continue
        for s in by_block.get(i, ()):
            for hit in scan_sentence(s.text, rules, cited=i in cited, names=names):
                out.append(DocClaim(hit, s.position, s.line))
    return tuple(out)
