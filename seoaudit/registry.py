"""Check metadata, the ``@check`` decorator and selection by code, name or category.

A check is a pure function ``(doc, opts, ctx) -> Outcome`` plus a ``CheckSpec``
declared with ``@check``. The decorator only attaches the spec to the function; the
list of checks is explicit (``seoaudit.checks.ALL_CHECKS``), so nothing registers
itself by being imported.
"""

from __future__ import annotations

import dataclasses
import inspect
import math
import re
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Callable, Mapping

from .language import primary_subtag
from .models import Evidence, Targeting
from . import text as T
from .text import Keyphrase

CATEGORIES = ("keyphrase", "local", "readability", "links", "basics", "clinic")

#: default score for a status when a check does not give its own number
STATUS_SCORES = {"good": 100.0, "ok": 60.0, "bad": 15.0}


class ConfigError(ValueError):
    """A bad option, code or value in the configuration (exit code 2)."""


@dataclass(frozen=True)
class NoOptions:
    pass


_NO_EXAMPLES: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class Outcome:
    """What a check function returns; the runner adds the check's identity."""

    status: str
    value: Any = None
    message: str = ""
    evidence: tuple[Evidence, ...] = ()
    score: float | None = None
    threshold: str = ""

    @classmethod
    def na(cls, reason: str) -> "Outcome":
        return cls(status="na", message=reason)


@dataclass(frozen=True)
class CheckContext:
    """What a check may know besides the page: the author's targets and the site."""

    targeting: Targeting = field(default_factory=Targeting)
    site: Any = None  # the Site context of a multi-page run (issue #3); None for one page
    clinic: Any = None  # profiles.ClinicInfo: profile + configured NAP (issue #5); None = defaults

    @property
    def keyphrases(self) -> tuple[Keyphrase, ...]:
        return tuple(Keyphrase.parse(k) for k in self.targeting.keyphrases if k.strip())

    @property
    def cities(self) -> tuple[str, ...]:
        return tuple(c for c in self.targeting.cities if c.strip())


@dataclass(frozen=True)
class CheckSpec:
    code: str  # stable: family prefix + number, never reused
    name: str  # readable, kebab-case; config accepts either
    category: str
    title: str  # shown when the check passes
    fail_title: str  # shown when it does not
    why: str  # why it matters, one or two sentences
    source: str  # where the rule or threshold comes from
    fix: str  # how to fix a failure, its example written for the default page (fix_for)
    options: type
    func: Callable[..., Outcome]
    weight: float = 1.0
    # written for blog posts (text length, Related links, byline, dates, the path to booking):
    # not applicable on a home page, a listing or a site page (page_type.py)
    posts_only: bool = False
    # shown for an "ok" result when ``fail_title`` would contradict its message (CV002 ok
    # = "links to the contact page, but with a vague anchor": not "does not link")
    ok_title: str = ""
    # for a check whose failure is a list of findings (broken links, weak anchors, claim
    # wordings): evidence item -> (key, name in a message), None for an item that is not a
    # finding. A baseline compares findings by key, so a new one is a regression (gate.py).
    # Keys leave out verdicts and explanations, whose wording may change between releases.
    findings: Callable[[Evidence], tuple[Any, str] | None] | None = None
    # a failure no other strength makes up for (noindex: the post is out of search; a claim
    # the regulator forbids): when this check is bad, the page score is at most this
    caps_score: float | None = None
    # a site check (checks/site_links.py): judged on the Site context (link targets, the other
    # pages), never part of the page score, so that a post scores the same in ``audit``,
    # ``scan`` and ``check`` whether or not its site was known (scoring.page_scores)
    site_check: bool = False

    # ``fix`` as written, with {keyphrase}/{Keyphrase}/{city}/{treatment}/{slug} where the example
    # should name the page's own targets and {example} where the example is in words ("" when
    # the fix has neither)
    fix_template: str = ""
    # what fills ``fix_template``'s {example}, by language ("en", "fr", "es"; empty when it has
    # no words to translate): a French page's fix shows the French one (``fix_example``)
    fix_examples: Mapping[str, str] = field(default_factory=lambda: _NO_EXAMPLES)
    # the fix of a draft, by its kind ("markdown", "text"), where the page's fix names markup the
    # draft does not hold: its front matter has it (BA002's ``description``), or the theme writes
    # it (TR002's JSON-LD). A template as ``fix_template`` is, its {example} from ``fix_examples``
    draft_fixes: Mapping[str, str] = field(default_factory=lambda: _NO_EXAMPLES)

    def fix_for(self, keyphrase: str = "", city: str = "", language: str = "en", treatment: str = "",
                informal: bool = False) -> str:
        """How to fix, its example made of this page's keyphrase, city and treatment (a physio
        post in Calgary is not told "e.g. 'Acupuncture for Back Pain in Edmonton'")."""
        return fix_example(self.fix, self.fix_template, keyphrase, city, language, treatment=treatment,
                           examples=self.fix_examples, informal=informal)

    @property
    def doc(self) -> str:
        return textwrap.dedent(inspect.getdoc(self.func) or "").strip()

    def summary(self) -> str:
        return self.doc.split("\n\n", 1)[0].replace("\n", " ")

    def default_options(self):
        return self.options()

    def make_options(self, values: Mapping[str, Any] | None):
        """Build this check's options from config values, converting by field type."""
        if not values:
            return self.options()
        fields = {f.name: f for f in dataclasses.fields(self.options)}
        kwargs = {}
        for key, raw in values.items():
            k = key.replace("-", "_")
            if k not in fields:
                known = ", ".join(sorted(fields)) or "none"
                raise ConfigError(f"{self.code} ({self.name}): unknown option '{key}' (options: {known})")
            kwargs[k] = convert_value(raw, fields[k].type, f"{self.code}.{key}")
        options = dataclasses.replace(self.options(), **kwargs)
        problem = option_range_problem(options)
        if problem:
            raise ConfigError(f"{self.code} ({self.name}): {problem}")
        return options


def _type_name(typ: Any) -> str:
    """A field's type by name ("int", "tuple[str, ...]"), written as a string or not."""
    return typ if isinstance(typ, str) else getattr(typ, "__name__", str(typ))


def convert_value(raw: Any, typ: Any, where: str) -> Any:
    """Convert a config value (often a string from setup.cfg) to a field's type."""
    t = _type_name(typ)
    try:
        if t in ("float",):
            if isinstance(raw, bool):
                raise ValueError
            return float(raw)
        if t in ("int",):
            if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
                raise ValueError
            return int(raw)
        if t in ("bool",):
            if isinstance(raw, bool):
                return raw
            s = str(raw).strip().lower()
            if s in ("1", "true", "yes", "on"):
                return True
            if s in ("0", "false", "no", "off"):
                return False
            raise ValueError
        if t.startswith("tuple"):
            if isinstance(raw, str):
                items = [p.strip() for p in raw.replace("\n", ",").split(",") if p.strip()]
            else:
                items = [str(x) for x in raw]
            return tuple(items)
        if t in ("str",):
            return str(raw)
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: '{raw}' is not a valid {t}") from None
    return raw


#: the page a fix's example is written for when the page has no keyphrase or city (and in
#: ``explain``, the README and SARIF rule help)
EXAMPLE_KEYPHRASE, EXAMPLE_CITY = "acupuncture for back pain", "Edmonton"
#: the treatment EXAMPLE_KEYPHRASE names (given, so that registering the checks does not load the claim rules)
EXAMPLE_TREATMENT = "acupuncture"
#: what a page's examples say where it has no keyphrase or city: a dental post without one was
#: shown "e.g. 'Acupuncture for Back Pain in Edmonton'" (``explain`` keeps the examples above)
PLACEHOLDER_KEYPHRASE, PLACEHOLDER_CITY, PLACEHOLDER_TREATMENT = "[keyphrase]", "[city]", "[service]"
_EXAMPLE_SLOT_RE = re.compile(r"\{(keyphrase|Keyphrase|city|slug|treatment|Treatment|treatment_slug|practitioner)\}")
# kept lower case inside an English title ("Acupuncture for Back Pain in Edmonton")
_TITLE_SMALL_WORDS = frozenset("a an and as at but by for from in into near of on or the to vs with".split())


def fix_example(fix: str, template: str, keyphrase: str = "", city: str = "", language: str = "en",
                placeholders: bool = False, treatment: str = "", examples: Mapping[str, str] = _NO_EXAMPLES,
                informal: bool = False) -> str:
    """A check's fix (``fix``, written for the default page) with its example made of this
    page's keyphrase, city and treatment (``PageReport.treatment``: what
    ``checks.clinic_common.page_treatment`` found the page is about, as the English claim
    rules name it), when its ``template`` has slots for them. A page that names no
    treatment has its keyphrase's topic (``keyphrase_topic``) in the treatment's place.
    What the page lacks is the default example's (``explain``) or, with ``placeholders``,
    "[keyphrase]", "[city]" and "[service]" (a page's scorecard).

    ``language`` is the page's (a tag or ``Document.stats``' label: "fr-CA", "fr (guessed
    from the text)"). The template's {example} is filled from ``examples``
    (``CheckSpec.fix_examples``): when they have one in that language, the instruction stays
    English and the example is that one, naming the treatment as that language's claim
    rules do ("la physiothérapie"; their "le traitement" when the page names none):
    "'Physiothérapie pour le mal de dos à Montréal | Clinique'", not "'... in Montréal | Clinic'".
    ``informal``: the page addresses its reader informally (``language.reader_register``), so
    an example that speaks to the reader is its language's "-informal" one when it has one
    ("Pide cita", not "Pida cita", on a post written in tú)."""
    if not template:
        return fix
    if placeholders:
        stand_in = (PLACEHOLDER_KEYPHRASE, PLACEHOLDER_CITY, PLACEHOLDER_TREATMENT)
    else:
        stand_in = (EXAMPLE_KEYPHRASE, EXAMPLE_CITY, EXAMPLE_TREATMENT)
    code = example_language(language, examples)
    if code == "en":
        unnamed = keyphrase_topic(keyphrase)
    else:
        treatment, unnamed = treatment_in_language(treatment, code)
    treatment = treatment or (unnamed if keyphrase else stand_in[2])
    worded = f"{code}{INFORMAL}" if informal and f"{code}{INFORMAL}" in examples else code
    return fill_example(with_example(template, examples, worded), keyphrase or stand_in[0], city or stand_in[1], language,
                        treatment=treatment)


#: the suffix of a ``fix_examples`` key whose example speaks to the reader informally ("es-informal")
INFORMAL = "-informal"


def with_example(template: str, examples: Mapping[str, str], code: str = "en") -> str:
    """``template`` with its {example} in language ``code`` (one of ``examples``, a check's
    ``fix_examples``); its other slots are left for ``fill_example``."""
    return template.replace("{example}", examples[code]) if examples else template


def example_language(language: str, examples: Mapping[str, str]) -> str:
    """The language of ``examples`` a page in ``language`` (a tag, or a ``Document.stats``
    label: "fr (guessed from the text)") is shown: its own when there is one, else English."""
    code = primary_subtag(language.split()[0]) if language.strip() else "en"
    return code if code in examples else "en"


def treatment_in_language(english: str, language: str) -> tuple[str, str]:
    """The treatment ``english`` (``PageReport.treatment``) as the bundled claim rules of
    ``language`` name it, and what they name when nothing names one: ("la physiothérapie",
    "le traitement") for "physiotherapy" in French; ("", "el tratamiento") for "" and for a
    treatment the Spanish rules have no entry for. The names the claim checks' safer
    wordings give the page's treatment (``checks.claims.page_slots``)."""
    from .claims import DEFAULT_TREATMENT, load_rules, named_treatment

    rules = load_rules(language=language)
    found = named_treatment(rules, english)
    return (found.name if found else ""), rules.treatments[DEFAULT_TREATMENT].name


# "{Keyphrase} in {city}" and its French and Spanish examples ("à", "en")
_KEYPHRASE_IN_CITY_RE = re.compile(r"(\{[Kk]eyphrase\}) (?:in|à|en) \{city\}")
# the article French and Spanish treatment names open with ("la physiothérapie", "l'acupuncture"):
# not part of a service page's URL
_LEADING_ARTICLE_RE = re.compile(r"^(?:(?:le|la|les|el|los|las)\s+|l['’])", re.I)


def fill_example(template: str, keyphrase: str, city: str, language: str = "en", *,
                 treatment: str, practitioner: str = "") -> str:
    """``template`` with {keyphrase}, {Keyphrase} (as a title), {city}, {treatment}, {Treatment}
    (with a capital, to open a sentence), {treatment_slug} (it in a URL: "/services/massage-therapy/"),
    {practitioner} and {slug} ("acupuncture-back-pain-edmonton") filled in; other braces
    (JSON examples) are left.

    The treatment is the one the page is about (``checks.clinic_common.page_treatment``),
    as the claim rules of the example's language name it: "physiotherapy" in an English
    fix example, "la physiothérapie" in a French one and in the French claim checks' safer
    wordings (``fix_example``, ``checks.claims.page_slots``); {treatment_slug} leaves out
    its article ("/services/physiotherapie/").
    """

    def title(phrase: str) -> str:
        if not language.startswith("en"):
            return phrase[:1].upper() + phrase[1:]  # other languages capitalise the first word only
        words = phrase.split()
        return " ".join(w if i and w.lower() in _TITLE_SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words))

    def slug_word(w: str) -> str:
        # "l'insomnie" -> "insomnie" (an elided article), "women's" -> "womens": no apostrophe in a URL
        head, sep, tail = w.replace("’", "'").partition("'")
        return tail if sep and len(head) <= 2 and tail else (head + tail)

    def slug() -> str:
        words = [w.lower() for w in T.words(keyphrase) if w.lower() not in T.FUNCTION_WORDS] + [w.lower() for w in T.words(city)]
        return "-".join(T.without_accents(slug_word(w)) for w in words)

    if city and re.search(rf"\b{re.escape(city)}\b", keyphrase, re.I):
        # a keyphrase that names its city ("acupuncture Edmonton"): not "Acupuncture Edmonton in Edmonton"
        template = _KEYPHRASE_IN_CITY_RE.sub(r"\1", template)
    # each slot made only when the template has it: reporters fill every shown check's fix
    slots = {
        "keyphrase": lambda: keyphrase,
        "Keyphrase": lambda: title(keyphrase),
        "city": lambda: city,
        "slug": slug,
        "treatment": lambda: treatment,
        "Treatment": lambda: treatment[:1].upper() + treatment[1:],
        "treatment_slug": lambda: "-".join(T.without_accents(w).lower() for w in T.words(_LEADING_ARTICLE_RE.sub("", treatment))),
        "practitioner": lambda: practitioner,
    }
    return _EXAMPLE_SLOT_RE.sub(lambda m: slots[m.group(1)](), template)


def keyphrase_topic(keyphrase: str) -> str:
    """What a fix example names in the treatment's place on a page that names no treatment:
    the keyphrase's first three content words ("back pain relief"), not its first word
    alone ("back")."""
    content = [w.lower() for w in T.words(keyphrase) if w.lower() not in T.FUNCTION_WORDS]
    return " ".join(content[:3]) or keyphrase


# ---- option values ------------------------------------------------------------------


@dataclass(frozen=True)
class Range:
    """The values a numeric option accepts: from ``min`` to ``max`` (None: no upper bound),
    and 0 only when ``allow_zero``. An option declares it with ``option``; one that does not
    has the range of its kind (``range_of_kind``), set when its check is registered."""

    min: float = 0
    max: float | None = None
    allow_zero: bool = True

    def problem(self, name: str, v: float) -> str | None:
        """What is wrong with ``v`` as option ``name``, or None."""
        if not math.isfinite(v):
            return f"{name} must be a finite number, got {v:g}"
        if v < self.min:
            return f"{name} must be 0 or more, got {v:g}" if self.min == 0 else f"{name} must be at least {self.min:g}, got {v:g}"
        if v == 0 and not self.allow_zero:
            return f"{name} must be more than 0, got 0 (a threshold of 0 judges every page alike; to skip the check, set level = \"off\")"
        if self.max is not None and v > self.max:
            return f"{name} is a share between 0 and 1, got {v:g}" if self.max == 1 else f"{name} must be at most {self.max:g}, got {v:g}"
        return None

    def __str__(self) -> str:
        """As ``explain`` shows it: "0 or more", "more than 0", "0 to 1", "more than 0, at most 100"."""
        low = "more than 0" if self.min == 0 and not self.allow_zero else f"{self.min:g}"
        if self.max is None:
            return low if low == "more than 0" else f"{low} or more"
        return f"{low}, at most {self.max:g}" if low == "more than 0" else f"{low} to {self.max:g}"


_RANGE = "seoaudit.range"  # the metadata key of a declared Range


def option(default: float, *, min: float = 0, max: float | None = None, allow_zero: bool = True):
    """An options dataclass field declaring the range of its numeric option, where the range
    of its kind (``range_of_kind``) is not it: ``max_price_range: int = option(100, allow_zero=False)``."""
    return field(default=default, metadata={_RANGE: Range(min, max, allow_zero)})


#: Name parts of the numbers that measure an amount of text (words, characters, pixels), a
#: proportion (percentage, density, share, a rate per N words) or the size of what is counted
#: (``ngram_size``). At 0 such a threshold fails every page ("a sentence of more than 0 words is
#: long") or passes every one: it must be more than 0 (a check is turned off with level = "off").
#: Counts of things a page may well have none of (matches, links, citations, redirects, evidence
#: items, days) may be 0: none tolerated, or none required.
_POSITIVE_PARTS = ("words", "chars", "pixels", "density", "_share", "_per_", "_size")
#: The ends of a check's good and ok bands are such thresholds too, whatever the check measures,
#: except a percentage of sentences (``good_max_pct = 0``: no passive sentence at all;
#: ``ok_min_pct = 0``: no minimum of transition words), where 0 is a policy, not a slip.
_BAND_ENDS = ("good_min", "good_max", "ok_min", "ok_max", "low_ok_min")


def range_of_kind(name: str) -> Range:
    """The range of a numeric option that declares none, from the kind of number its name
    says it is: 0 or more; more than 0 for an amount of text, a proportion and a band's end
    (``_POSITIVE_PARTS``, ``_BAND_ENDS``), except a minimum ("min_words = 0": judge texts of
    any length) and a percentage ("_pct"), where 0 is a policy; at most 1 for a share, at
    most 100 for a percentage, a density or a score."""
    positive = not name.endswith("_pct") and not name.startswith("min_") and (
        any(part in name for part in _POSITIVE_PARTS) or name.startswith(_BAND_ENDS))
    top = 1 if name.endswith("_share") else 100 if name.endswith(("_pct", "_score")) or "density" in name else None
    return Range(max=top, allow_zero=not positive)


@lru_cache(maxsize=None)
def option_ranges(options: type) -> Mapping[str, Range]:
    """The range of each numeric option of an options dataclass: declared (``option``), else
    its kind's. Made once per dataclass, when its check is registered."""
    out = {}
    for f in dataclasses.fields(options):
        declared = f.metadata.get(_RANGE)
        if _type_name(f.type) not in ("int", "float"):
            if declared is not None:
                raise TypeError(f"{options.__name__}.{f.name}: a range on a {_type_name(f.type)} option")
            continue
        out[f.name] = declared or range_of_kind(f.name)
    return MappingProxyType(out)


# Option pairs whose order is part of their meaning: (lower, higher) by name pattern.
_ORDERED_PAIRS = (("min_", "max_"), ("ok_min", "good_min"), ("good_max", "ok_max"), ("low_ok_min", "ok_min"))
#: The same by the end of the name: (lower, higher) suffixes ("exact_density_warn" <= "exact_density_fail").
_ORDERED_SUFFIXES = (("_warn", "_fail"),)
#: Suffix of a tuple option of "lang:number" items refining another option per language
#: (RD003 ``max_words_by_language`` refines ``max_words``): each number obeys that option's range.
_BY_LANGUAGE = "_by_language"


def option_range_problem(options) -> str | None:
    """What is wrong with a check's numeric options, or None: each number is in its range
    (``option_ranges``), and a band's ends keep their order (``min_density`` <=
    ``max_density`` <= ``way_over_density``, ``good_max`` <= ``ok_max``). Accepted as
    given, ``max_density = -3`` made KW001 say "more than the -4 recommended", and RD003
    ``max_words = 0`` called every sentence long."""
    ranges = option_ranges(type(options))
    fields = {f.name: f for f in dataclasses.fields(options)}
    values = {name: getattr(options, name) for name in fields}
    numbers = {name: values[name] for name in ranges}
    for name, v in numbers.items():
        if problem := ranges[name].problem(name, v):
            return problem
    for name, items in values.items():
        base = name[: -len(_BY_LANGUAGE)]
        if name.endswith(_BY_LANGUAGE) and base in ranges and (problem := _per_language_problem(name, items, fields[base], ranges[base])):
            return problem
    for low_prefix, high_prefix in _ORDERED_PAIRS:
        for low, v in numbers.items():
            if not low.startswith(low_prefix):
                continue
            high = high_prefix + low[len(low_prefix):]
            if high in numbers and v > numbers[high]:
                return f"{low} ({v:g}) must not exceed {high} ({numbers[high]:g})"
    for low_suffix, high_suffix in _ORDERED_SUFFIXES:
        for low, v in numbers.items():
            high = low[: -len(low_suffix)] + high_suffix if low.endswith(low_suffix) else ""
            if high in numbers and v > numbers[high]:
                return f"{low} ({v:g}) must not exceed {high} ({numbers[high]:g})"
    if "max_density" in numbers and "way_over_density" in numbers and numbers["max_density"] > numbers["way_over_density"]:
        return f"max_density ({numbers['max_density']:g}) must not exceed way_over_density ({numbers['way_over_density']:g})"
    return None


def _per_language_problem(name: str, items: tuple, base: dataclasses.Field, base_range: Range) -> str | None:
    """What is wrong with a "lang:number" option refining ``base`` (each number read as
    ``base``'s type and held to its range)."""
    for item in items:
        code, sep, raw = str(item).partition(":")
        if not sep or not code.strip():
            return f"{name}: each item is 'language:number' (e.g. 'es:25'), got {item!r}"
        try:
            value = convert_value(raw.strip(), base.type, f"{name} '{item}'")
        except ConfigError as exc:
            return str(exc)
        if problem := base_range.problem(f"{base.name} for '{code.strip()}'", value):
            return f"{name}: {problem}"
    return None


def check(
    *,
    code: str,
    name: str,
    category: str,
    title: str,
    fail_title: str,
    why: str,
    source: str,
    fix: str,
    fix_examples: Mapping[str, str] | None = None,
    options: type = NoOptions,
    weight: float = 1.0,
    posts_only: bool = False,
    caps_score: float | None = None,
    ok_title: str = "",
    findings: Callable[[Evidence], tuple[Any, str] | None] | None = None,
    site_check: bool = False,
    draft_fixes: Mapping[str, str] | None = None,
):
    """Declare a check. The function keeps working as a plain function.

    A ``fix`` whose example is written in words ("e.g. {example}") has it in
    ``fix_examples``, by language: "en", the default, and each language whose pages get
    their own ({"fr": "'{Keyphrase} à {city} | Clinique'"}; ``fix_example``). ``draft_fixes``:
    the fix of a Markdown or text draft, by ``Document.kind``, where ``fix`` names markup a
    draft does not hold (``CheckSpec.draft_fixes``).
    """
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")
    unknown = set(draft_fixes or ()) - {"markdown", "text"}
    if unknown:
        raise ValueError(f"{code}: draft_fixes for unknown kinds {sorted(unknown)}")
    option_ranges(options)  # each numeric option's range, made once, here
    examples = _declared_examples(code, fix, fix_examples or {})
    english = with_example(fix, examples)
    # a template when its example has slots to fill, or is written in other languages too
    template = fix if _EXAMPLE_SLOT_RE.search(english) or len(examples) > 1 else ""

    def wrap(func):
        func.spec = CheckSpec(
            code=code,
            name=name,
            category=category,
            title=title,
            fail_title=fail_title,
            why=why,
            source=source,
            fix=fill_example(english, EXAMPLE_KEYPHRASE, EXAMPLE_CITY, treatment=EXAMPLE_TREATMENT) if template else english,
            fix_template=template,
            fix_examples=examples,
            options=options,
            func=func,
            weight=weight,
            posts_only=posts_only,
            caps_score=caps_score,
            ok_title=ok_title,
            findings=findings,
            site_check=site_check,
            draft_fixes=MappingProxyType(dict(draft_fixes)) if draft_fixes else _NO_EXAMPLES,
        )
        return func

    return wrap


def _declared_examples(code: str, fix: str, examples: Mapping[str, str]) -> Mapping[str, str]:
    """``CheckSpec.fix_examples`` of the ``fix`` and ``fix_examples`` a check declares; a
    mistake in them is the check's author's, raised when it is declared."""
    from .claims import BUNDLED_RULES  # the languages whose claim rules name treatments

    if ("{example}" in fix) != bool(examples) or (examples and "en" not in examples):
        raise ValueError(f"{code}: a fix with {{example}} needs fix_examples with an 'en' example, and only such a fix has them")
    if unknown := {k.removesuffix(INFORMAL) for k in examples} - set(BUNDLED_RULES):
        raise ValueError(f"{code}: fix_examples in {', '.join(sorted(unknown))}, which no bundled claim rules name treatments in")
    return MappingProxyType(dict(examples))


def select(specs: tuple[CheckSpec, ...], select: tuple[str, ...] = (), ignore: tuple[str, ...] = ()) -> tuple[CheckSpec, ...]:
    """Filter checks by code, code prefix ("KW"), name or category; unknown names are errors."""

    def matches(spec: CheckSpec, key: str) -> bool:
        k = key.strip()
        if k.lower().startswith("categories:"):
            k = k.split(":", 1)[1]
        return spec.code == k.upper() or spec.name == k.lower() or spec.category == k.lower() or (
            k.isalpha() and k.isupper() and spec.code.startswith(k)
        )

    for key in (*select, *ignore):
        if not any(matches(s, key) for s in specs):
            raise ConfigError(unknown_check(specs, key))
    chosen = [s for s in specs if not select or any(matches(s, k) for k in select)]
    return tuple(s for s in chosen if not any(matches(s, k) for k in ignore))


def find(specs: tuple[CheckSpec, ...], key: str) -> CheckSpec:
    for s in specs:
        if s.code == key.upper() or s.name == key.lower():
            return s
    raise ConfigError(unknown_check(specs, key))


def unknown_check(specs: tuple[CheckSpec, ...], key: str) -> str:
    """The error for a check ``key`` names none of: with the nearest code or name when one is
    close ("title length" -> title-length / BA001), as unknown settings get theirs."""
    import difflib

    wanted = re.sub(r"[\s_]+", "-", key.strip().lower())
    names = {s.name: s for s in specs} | {s.code.lower(): s for s in specs}
    close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.75)
    hint = f"did you mean '{names[close[0]].name}' ({names[close[0]].code})? " if close else ""
    return f"unknown check '{key}' ({hint}see `seoaudit checks`)"
