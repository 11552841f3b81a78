"""The CI gate: assertions over an ``AuditReport`` -> ``GateResult`` (issue #4).

Semantics follow Lighthouse CI's ``assert`` (research/peers.md §3.2), with the traps
it documents avoided (every default is written down here and in the README):

* an **assertion** targets a check (code ``KW001``, name ``keyphrase-density``, a
  code prefix ``KW`` or a category ``keyphrase``, which expand to their checks), a
  category score (``categories:links``) or the page ``score``; ``ASSERTION_ALIASES``
  are names that configs written before a check existed use for it;
* it has a **level** ``off | warn | error`` and optional **thresholds**
  ``min_score`` (0-100, the check's or category's score), ``max_value`` /
  ``min_value`` (the check's measured value; ``value_key`` picks a number out of a
  table-valued check such as KW001's ``density``);
* without thresholds a check assertion passes when the check's status is ``good``,
  ``ok`` or ``na``; a score assertion without ``min_score`` uses
  ``DEFAULT_MIN_SCORE``. Not-applicable (``na``) always passes, like LHCI; a check
  that crashed (status ``error``) fails, because nothing was verified;
* **layers**, later wins field by field (a later level keeps earlier thresholds):
  preset < ``[seoaudit:CODE] level/thresholds``, the config's ``fail_under`` (an
  error-level ``score`` assertion, where it is written) and the ``assertions`` table <
  each matching ``overrides`` entry (its preset, then its assertions) <
  ``--fail-under`` on the command line. Within one layer a group key (``KW``, ``keyphrase``) applies
  before exact codes, so ``keyphrase = "warn"`` + ``KW002 = "error"`` means what it
  says;
* a **baseline** (``baselines.py``: the file ``baseline write`` writes, or a previous
  JSON result) marks failures that already failed there, no better than now, as ``baselined``: they are reported but do not fail the gate.
  For checks whose failure is a list of findings (``CheckSpec.findings``: broken link
  targets, weak links, claim wordings) a finding the baseline did not list is a
  regression even when the check failed there too: a second broken link in a post
  that had one is new.

Only error-level failures that are not baselined fail the gate (exit 1).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field, replace
from fnmatch import fnmatch
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping
from urllib.parse import unquote, urlsplit

from . import text as T
from .config import LEVELS
from .models import SCHEMA_VERSION, AuditReport, CheckResult, Evidence, PageReport
from .registry import CATEGORIES, CheckSpec, ConfigError
from .scoring import site_score_of

if TYPE_CHECKING:  # baselines.py reads the file and imports from here
    from .baselines import Baseline

THRESHOLDS = ("min_score", "max_value", "min_value")
#: keys an assertion may carry besides its level
ASSERTION_KEYS = ("level", *THRESHOLDS, "value_key")
#: what a score assertion (page ``score`` or ``categories:NAME``) expects when it names no min_score
DEFAULT_MIN_SCORE = 50.0
#: check statuses that pass a status assertion
PASSING_STATUSES = ("good", "ok", "na")
PAGE_SCORE = "score"
CATEGORY_PREFIX = "categories:"
#: assertion keys of older configs -> the check that took their place: ``build-references``
#: (ST001's broken links written as a site generator's reference) is ST008's
ASSERTION_ALIASES = {"build-references": "ST008"}
#: settings keys the gate adds to ``[seoaudit]`` / ``[tool.seoaudit]``
GATE_KEYS = ("preset", "fail_under", "assertions", "overrides")


# ---- configuration model ------------------------------------------------------------


@dataclass(frozen=True)
class AssertionSpec:
    """One assertion as written: ``key`` plus the fields it sets (None = not set)."""

    key: str
    level: str | None = None
    min_score: float | None = None
    max_value: float | None = None
    min_value: float | None = None
    value_key: str | None = None
    where: str = ""  # the file (or preset) it came from, for error messages
    optional: bool = False  # presets: silently skip checks that are not selected


@dataclass(frozen=True)
class Override:
    """Assertions for the pages whose path or URL matches the glob ``match``."""

    match: str
    preset: str = ""
    assertions: tuple[AssertionSpec, ...] = ()
    where: str = ""  # the file it came from, for notes and errors

    def matches(self, source: str, url: str) -> bool:
        # "*/" + the pattern: also below a folder ("site/content/a.md", "./content/a.md" as typed)
        for s in (source.replace(os.sep, "/"), url):
            if s and (fnmatch(s, self.match) or fnmatch(s, "*/" + self.match)):
                return True
        return False


@dataclass(frozen=True)
class Rule:
    """The effective assertion on one target for one page, after every layer."""

    target: str  # a check code, "score" or "categories:NAME"
    level: str = "warn"
    min_score: float | None = None
    max_value: float | None = None
    min_value: float | None = None
    value_key: str | None = None
    # a score assertion (--fail-under) on a run whose --select/--ignore leave out checks that
    # make the score: its figure is the score of the selected checks, and says so
    narrowed: bool = False
    where: str = ""  # the file (or preset) whose assertion set its thresholds last, for errors

    @property
    def has_thresholds(self) -> bool:
        return any(getattr(self, t) is not None for t in THRESHOLDS)


@dataclass(frozen=True)
class GateConfig:
    preset: str = "recommended"
    assertions: tuple[AssertionSpec, ...] = ()
    overrides: tuple[Override, ...] = ()
    fail_under: float | None = None  # the --fail-under flag: the last layer


# ---- presets --------------------------------------------------------------------------
# Presets are data: a list of (key, level[, thresholds]) applied as the first layer.
# "recommended": what a clinic blog should never publish is an error (a title that is
# missing or will be cut off, no description, no or several H1s, noindex, images
# without alt, unsafe links, keyword stuffing, a site generator reference that breaks the
# site's build (ST008, where ST001's other broken links warn), and a health claim the configured
# profile forbids: the claim checks are "bad" only then and "ok" when a claim is merely
# risky, so asserting them at error level fails exactly the forbidden ones); everything
# that is a matter of degree is a warning, and so is a page score under 50. "strict": every check and a page
# score of at least 71 (Yoast's green band) are errors. "none": nothing is asserted
# until you say so.

PRESETS: Mapping[str, tuple[AssertionSpec, ...]] = {
    "none": (),
    "recommended": tuple(
        AssertionSpec(key, level, where="preset recommended", optional=True, **extra)
        for key, level, extra in (
            *((category, "warn", {}) for category in CATEGORIES),  # every check, whatever its family
            ("CL", "error", {}),  # after the categories: the family wins over "clinic"
            ("keyphrase-stuffing", "error", {}),
            ("meta-description", "error", {}),
            ("title-length", "error", {}),
            ("single-h1", "error", {}),
            ("indexable", "error", {}),
            ("image-alt", "error", {}),
            ("unsafe-links", "error", {}),
            ("broken-site-references", "error", {}),  # ST001's broken links warn; these break the build
            (PAGE_SCORE, "warn", {"min_score": 50.0}),
        )
    ),
    "strict": tuple(
        AssertionSpec(key, "error", where="preset strict", optional=True, **extra)
        for key, extra in (
            *((category, {}) for category in CATEGORIES),
            (PAGE_SCORE, {"min_score": 71.0}),
        )
    ),
}


# ---- parsing config values ---------------------------------------------------------------


def _number(raw: Any, name: str, where: str, key: str) -> float:
    if isinstance(raw, bool):
        raise ConfigError(f"{where}: {key}: {name} must be a number, got {raw!r}")
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: {key}: {name} must be a number, got {raw!r}") from None
    if not math.isfinite(value):
        raise ConfigError(f"{where}: {key}: {name} must be a finite number, got {raw!r}")
    return value


def make_assertion(key: str, values: Mapping[str, Any], where: str, all_specs: tuple[CheckSpec, ...]) -> AssertionSpec:
    """Validate one assertion: known target, known level, sane thresholds. A key of
    ``ASSERTION_ALIASES`` becomes the check's code here, where every config's assertions are read."""
    key = str(key).strip()
    key = ASSERTION_ALIASES.get(key.lower(), key)
    kind = target_kind(key, all_specs, where)
    fields: dict[str, Any] = {}
    for raw_name, raw in values.items():
        name = str(raw_name).replace("-", "_")
        if name not in ASSERTION_KEYS:
            raise ConfigError(f"{where}: {key}: unknown assertion option '{raw_name}' (options: {', '.join(ASSERTION_KEYS)})")
        if name == "level":
            level = str(raw).strip().lower()
            if level not in LEVELS:
                raise ConfigError(f"{where}: {key}: level must be one of {', '.join(LEVELS)}, got {raw!r}")
            fields["level"] = level
        elif name == "value_key":
            fields["value_key"] = str(raw).strip()
        else:
            fields[name] = _number(raw, name, where, key)
    min_score = fields.get("min_score")
    if min_score is not None and not 0 <= min_score <= 100:
        raise ConfigError(f"{where}: {key}: min_score must be between 0 and 100, got {min_score:g}")
    if kind != "check" and any(n in fields for n in ("max_value", "min_value", "value_key")):
        raise ConfigError(f"{where}: {key}: a score assertion takes only min_score")
    if "value_key" in fields and not any(n in fields for n in ("max_value", "min_value")):
        raise ConfigError(f"{where}: {key}: value_key needs max_value or min_value")
    lo, hi = fields.get("min_value"), fields.get("max_value")
    for name, bound in (("min_value", lo), ("max_value", hi)):
        # every check's value is a count, a length, a percentage, a share or a score: a negative
        # bound passes (min_value) or fails (max_value) every page whatever it holds
        if bound is not None and bound < 0:
            raise ConfigError(f"{where}: {key}: {name} must be 0 or more (check values are counts, lengths, "
                              f"percentages and scores), got {bound:g}")
    if lo is not None and hi is not None and lo > hi:
        raise ConfigError(f"{where}: {key}: min_value {lo:g} is above max_value {hi:g}")
    return AssertionSpec(key=key, where=where, **fields)


def target_kind(key: str, all_specs: tuple[CheckSpec, ...], where: str = "") -> str:
    """``score``, ``category``, ``check`` or ``group``; a ConfigError for anything unknown."""
    prefix = f"{where}: " if where else ""
    if key == PAGE_SCORE:
        return "score"
    if key.lower().startswith(CATEGORY_PREFIX):
        name = key.split(":", 1)[1].strip().lower()
        if name not in CATEGORIES:
            raise ConfigError(f"{prefix}unknown category in '{key}' (categories: {', '.join(CATEGORIES)})")
        return "category"
    if any(s.code == key.upper() or s.name == key.lower() for s in all_specs):
        return "check"
    if key.lower() in CATEGORIES or (key.isalpha() and key.isupper() and any(s.code.startswith(key) for s in all_specs)):
        return "group"
    raise ConfigError(f"{prefix}unknown check '{key}' in the gate assertions (see `seoaudit checks`; also 'score', "
                      "'categories:NAME')")


def parse_assertion_value(key: str, value: Any, where: str, all_specs: tuple[CheckSpec, ...]) -> AssertionSpec:
    """``"error"`` | ``["error", {min_score = 60}]`` | ``{level = "error", min_score = 60}``
    | an ini line value ``error min_score=60``."""
    if isinstance(value, str):
        words = value.split()
        if not words:
            raise ConfigError(f"{where}: {key}: empty assertion")
        values: dict[str, Any] = {}
        for word in words:
            if "=" in word:
                name, _, v = word.partition("=")
                values[name.strip()] = v.strip()
            elif "level" not in values:
                values["level"] = word
            else:
                raise ConfigError(f"{where}: {key}: cannot read '{word}' (write name=value)")
        return make_assertion(key, values, where, all_specs)
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], str):
        extra = value[1] if len(value) > 1 else {}
        if len(value) > 2 or not isinstance(extra, Mapping):
            raise ConfigError(f"{where}: {key}: expected [level, {{options}}], got {value!r}")
        return make_assertion(key, {"level": value[0], **extra}, where, all_specs)
    if isinstance(value, Mapping):
        return make_assertion(key, value, where, all_specs)
    raise ConfigError(f"{where}: {key}: expected a level, [level, {{options}}] or a table, got {value!r}")


def _ini_lines(value: str) -> list[str]:
    return [line.strip() for line in value.replace("\r", "").split("\n") if line.strip() and not line.strip().startswith("#")]


def parse_assertions(value: Any, where: str, all_specs: tuple[CheckSpec, ...]) -> tuple[AssertionSpec, ...]:
    """The ``assertions`` setting: a TOML table, or ini lines ``KEY = LEVEL [name=value ...]``."""
    if isinstance(value, Mapping):
        return tuple(parse_assertion_value(k, v, where, all_specs) for k, v in value.items())
    if isinstance(value, str):
        out = []
        for line in _ini_lines(value):
            key, sep, rest = line.partition("=")
            if not sep:
                raise ConfigError(f"{where}: assertions: expected 'CHECK = LEVEL [name=value ...]', got {line!r}")
            out.append(parse_assertion_value(key.strip(), rest.strip(), where, all_specs))
        return tuple(out)
    raise ConfigError(f"{where}: 'assertions' must be a table of CHECK = LEVEL, got {value!r}")


def _check_preset(name: Any, where: str) -> str:
    preset = str(name).strip().lower()
    if preset not in PRESETS:
        raise ConfigError(f"{where}: unknown preset {name!r} (presets: {', '.join(PRESETS)})")
    return preset


def parse_overrides(value: Any, where: str, all_specs: tuple[CheckSpec, ...]) -> tuple[Override, ...]:
    """TOML: a list of tables ``{match, preset?, assertions}``; ini: lines ``GLOB | KEY = LEVEL ...``
    (``GLOB | preset = strict`` sets the override's preset)."""
    if isinstance(value, str):
        grouped: dict[str, dict[str, Any]] = {}
        for line in _ini_lines(value):
            match, sep, assertion = line.partition("|")
            key, eq, rest = assertion.partition("=")
            if not sep or not eq or not match.strip():
                raise ConfigError(f"{where}: overrides: expected 'GLOB | CHECK = LEVEL [name=value ...]', got {line!r}")
            entry = grouped.setdefault(match.strip(), {"match": match.strip(), "assertions": {}})
            if key.strip() == "preset":
                entry["preset"] = rest.strip()
            else:
                entry["assertions"][key.strip()] = rest.strip()
        value = list(grouped.values())
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise ConfigError(f"{where}: 'overrides' must be a list of tables with 'match' and 'assertions'")
    out = []
    for entry in value:
        unknown = set(entry) - {"match", "preset", "assertions"}
        if unknown:
            raise ConfigError(f"{where}: unknown key '{sorted(unknown)[0]}' in an 'overrides' entry (keys: match, preset, assertions)")
        match = entry.get("match")
        if not match or not isinstance(match, str):
            raise ConfigError(f"{where}: every 'overrides' entry needs a 'match' glob pattern")
        preset = _check_preset(entry["preset"], where) if entry.get("preset") else ""
        assertions = parse_assertions(entry.get("assertions", {}), where, all_specs)
        out.append(Override(match=match, preset=preset, assertions=assertions, where=where))
    return tuple(out)


def gate_setting(key: str, value: Any, settings: Any, where: str) -> dict[str, Any]:
    """Settings updates for one gate key of ``[seoaudit]`` / ``[tool.seoaudit]`` (called by config.py)."""
    from .checks import ALL_CHECKS

    if key == "preset":
        return {"gate_preset": _check_preset(value, where)}
    if key == "fail_under":
        if isinstance(value, str) and where.endswith(".toml"):
            # an ini file has only strings; in TOML "99" is a typo for 99 (or for something else)
            raise ConfigError(f"{where}: fail_under must be a number, got the string {value!r} (write fail_under = {value.strip()})")
        score = _number(value, "fail_under", where, "fail_under")
        if not 0 <= score <= 100:
            raise ConfigError(f"{where}: fail_under must be between 0 and 100, got {value!r}")
        # the page-score threshold of the whole config, in the layer of the ``assertions``
        # table (an ``overrides`` entry for new posts may raise it): not the flag, which
        # comes last because it is typed for this one run
        return {"assertions": settings.assertions + (AssertionSpec(PAGE_SCORE, "error", min_score=score, where=f"{where}: fail_under"),)}
    if key == "assertions":
        return {"assertions": settings.assertions + parse_assertions(value, where, ALL_CHECKS)}
    if key == "overrides":
        return {"gate_overrides": settings.gate_overrides + parse_overrides(value, where, ALL_CHECKS)}
    raise KeyError(key)


def check_section_assertion(code: str, level: str | None, values: Mapping[str, Any], where: str) -> AssertionSpec:
    """A ``[seoaudit:CODE]`` / ``[tool.seoaudit.checks.CODE]`` level and thresholds as an assertion."""
    from .checks import ALL_CHECKS

    fields = dict(values)
    if level is not None:
        fields["level"] = level
    return make_assertion(code, fields, where, ALL_CHECKS)


def config_from_settings(settings: Any, preset: str | None = None, fail_under: float | None = None) -> GateConfig:
    """The gate of a run: config files, then flags (``--preset``, ``--fail-under``). The
    config's ``fail_under`` is one of ``settings.assertions`` (``gate_setting``)."""
    levels = tuple(
        AssertionSpec(code, level, where="check level") for code, level in settings.check_levels.items()
    )
    return GateConfig(
        preset=(preset or getattr(settings, "gate_preset", "") or "recommended").strip().lower(),
        assertions=levels + tuple(getattr(settings, "assertions", ())),
        overrides=tuple(getattr(settings, "gate_overrides", ())),
        fail_under=fail_under,
    )


# ---- value thresholds: what a check's value holds ------------------------------------------

#: A page every table-valued check has something to measure on (a keyphrase and a city in the
#: title, description, intro, subheadings and image alt; a byline, a date, clinic markup):
#: ``probe_values`` audits it once to learn which keys each check's value has, so a
#: ``value_key`` typo is a config error before any page is read (and when none is), not a
#: crash on the first page (or silence on a branch that changes no post). Check values are
#: built in the checks' code, not declared; a key a check adds only in some branches may
#: be missing here, but such a key fails on the pages without it at run time as well.
VALUE_PROBE_KEYPHRASE, VALUE_PROBE_CITY = "physiotherapy for knee pain", "Calgary"
VALUE_PROBE_URL = "https://clinic.example/blog/physiotherapy-knee-pain-calgary/"
VALUE_PROBE = """<!doctype html><html lang="en"><head><title>Physiotherapy for Knee Pain in Calgary | Clinic</title>
<meta name="description" content="Physiotherapy for knee pain in Calgary: what an assessment involves, the exercises that help and how long recovery takes.">
<link rel="canonical" href="https://clinic.example/blog/physiotherapy-knee-pain-calgary/">
<meta property="article:published_time" content="2024-03-05">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Physiotherapy","name":"Clinic","telephone":"+1 403 555 0100",
"address":{"@type":"PostalAddress","streetAddress":"1 Main St","addressLocality":"Calgary","addressRegion":"AB","postalCode":"T2P 1A1","addressCountry":"CA"}}</script>
</head><body><main><article><h1>Physiotherapy for knee pain in Calgary</h1>
<p>By Jordan Lee, PT, registered physiotherapist. Published March 5, 2024.</p>
<p>Physiotherapy for knee pain in Calgary starts with an assessment of how your knee moves.</p>
<h2>Physiotherapy for knee pain: the assessment</h2><p>We test strength and range of motion. The physiotherapist explains what they find.</p>
<img src="/images/knee.jpg" alt="Physiotherapy for knee pain in Calgary: a knee exercise">
<h2>Exercises that help knee pain</h2><p>Most people do a few exercises at home. Some of them may help.</p>
<p>Read <a href="/blog/ankle-sprain-physiotherapy/">our guide to ankle sprain physiotherapy</a> or <a href="/contact/">book an assessment</a>.</p>
<h2>Related</h2><ul><li><a href="/blog/hip-pain-physiotherapy/">Hip pain physiotherapy</a></li></ul>
</article></main></body></html>"""


def has_value_thresholds(config: GateConfig) -> bool:
    return any(a.max_value is not None or a.min_value is not None
               for a in (*config.assertions, *(a for o in config.overrides for a in o.assertions)))


def probe_values(settings: Any) -> dict[str, Any]:
    """Each check's value on ``VALUE_PROBE`` (with the run's check options), by code; checks
    that were not applicable or crashed are left out: nothing is known of their value."""
    from .api import Auditor
    from .models import RawPage

    auditor = Auditor(settings, (VALUE_PROBE_KEYPHRASE,), (VALUE_PROBE_CITY,))
    raw = RawPage(source=VALUE_PROBE_URL, url=VALUE_PROBE_URL, body=VALUE_PROBE.encode("utf-8"), kind="html")
    return {c.code: c.value for c in auditor.audit_page(raw).report.checks if c.status not in ("na", "error") and c.value is not None}


def _numeric_keys(value: Mapping[str, Any]) -> list[str]:
    return sorted(k for k, v in value.items() if isinstance(v, (int, float)) and not isinstance(v, bool))


def check_value_keys(config: GateConfig, values: Mapping[str, Any], all_specs: tuple[CheckSpec, ...]) -> None:
    """A ConfigError naming the file and the assertion for a ``max_value``/``min_value``
    that cannot be compared with the check's value as ``values`` (``probe_values``) shows
    it: a ``value_key`` it does not have or that is not a number, a table value without
    ``value_key``, a ``value_key`` on a value that is not a table."""
    for a in (*config.assertions, *(a for o in config.overrides for a in o.assertions)):
        if (a.max_value is None and a.min_value is None) or target_kind(a.key, all_specs) != "check":
            continue
        code = next(s.code for s in all_specs if s.code == a.key.upper() or s.name == a.key.lower())
        if code not in values:
            continue  # not applicable on the probe: checked on each page as before
        value, said = values[code], f"{a.where}: {a.key}"
        if isinstance(value, Mapping):
            numeric = ", ".join(_numeric_keys(value))
            if not numeric:  # "set value_key to one of: (none numeric)" asked for a key that cannot exist
                raise ConfigError(f"{said}: {code}'s value holds no number, so no value threshold (max_value/min_value) "
                                  f"applies to this check: assert its status (a level alone) or min_score")
            if not a.value_key:
                raise ConfigError(f"{said}: {code}'s value is a table; set value_key to one of: {numeric}")
            if a.value_key not in value or a.value_key not in _numeric_keys(value):
                what = "is not a number in" if a.value_key in value else "is not in"
                raise ConfigError(f"{said}: value_key '{a.value_key}' {what} {code}'s value (numeric keys: {numeric})")
        elif a.value_key:
            raise ConfigError(f"{said}: value_key '{a.value_key}' given, but {code}'s value is not a table "
                              f"(it is a {type(value).__name__}: leave value_key out)")


# ---- resolving layers into rules ------------------------------------------------------------


def _targets(spec: AssertionSpec, specs: tuple[CheckSpec, ...], all_specs: tuple[CheckSpec, ...], skip_unselected: bool = False,
             narrowed: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The concrete targets of a key among the checks that run.

    A config that asserts a check its own select/ignore leaves out contradicts itself (an
    error); with ``skip_unselected`` (--select/--ignore on the command line, which win
    over the config) the assertion is left out instead. ``narrowed``: the score targets
    (``score``, ``categories:NAME``) those flags changed by leaving out checks that make
    them; the preset's and the config's assertions on them are left out too (a threshold
    written for the page's score is not about the score of a few checks)."""
    key = spec.key
    kind = target_kind(key, all_specs, spec.where)
    if kind == "score":
        return () if PAGE_SCORE in narrowed else (PAGE_SCORE,)
    if kind == "category":
        target = CATEGORY_PREFIX + key.split(":", 1)[1].strip().lower()
        return () if target in narrowed else (target,)
    if kind == "check":
        code = next(s.code for s in all_specs if s.code == key.upper() or s.name == key.lower())
        if not any(s.code == code for s in specs):
            if spec.level == "off" or spec.optional or skip_unselected:
                return ()
            raise ConfigError(f"{spec.where}: {key}: the gate asserts a check that is not selected (see select/ignore)")
        return (code,)
    if key.lower() in CATEGORIES:
        return tuple(s.code for s in specs if s.category == key.lower())
    return tuple(s.code for s in specs if s.code.startswith(key))


def _merge(rule: Rule | None, target: str, spec: AssertionSpec) -> Rule:
    rule = rule or Rule(target=target)
    updates = {f: getattr(spec, f) for f in ("level", *THRESHOLDS, "value_key") if getattr(spec, f) is not None}
    if any(t in updates for t in ("max_value", "min_value")) and "value_key" not in updates:
        updates["value_key"] = None
    if any(t in updates for t in (*THRESHOLDS, "value_key")):
        updates["where"] = spec.where
    return replace(rule, **updates)


def apply_layer(rules: dict[str, Rule], layer: Iterable[AssertionSpec], specs, all_specs, skip_unselected: bool = False,
                narrowed: frozenset[str] = frozenset()) -> None:
    """Merge one layer into ``rules``; group keys first so exact keys in the same layer win."""
    layer = list(layer)
    ordered = [a for a in layer if target_kind(a.key, all_specs) == "group"] + [
        a for a in layer if target_kind(a.key, all_specs) != "group"
    ]
    for a in ordered:
        for target in _targets(a, specs, all_specs, skip_unselected, narrowed):
            rules[target] = _merge(rules.get(target), target, a)


def narrowed_scores(specs: tuple[CheckSpec, ...], unnarrowed: tuple[CheckSpec, ...]) -> frozenset[str]:
    """The score targets whose checks ``specs`` (the run's, after --select/--ignore) leave
    out of ``unnarrowed`` (the config's selection): the page score when any check that
    makes it is gone, a category score when one of its checks is. Site checks make no
    score (``CheckSpec.site_check``): ``--ignore ST`` narrows nothing."""
    kept = {s.code for s in specs}
    gone = [s for s in unnarrowed if s.code not in kept and not s.site_check]
    if not gone:
        return frozenset()
    return frozenset({PAGE_SCORE, *(CATEGORY_PREFIX + s.category for s in gone)})


class RuleBook:
    """Effective rules per page: the global layers plus the overrides that match it.

    Pages matching the same overrides share one rule set, so resolving is done once
    per distinct combination, not per page.
    """

    def __init__(self, config: GateConfig, specs: tuple[CheckSpec, ...], all_specs: tuple[CheckSpec, ...] | None = None,
                 selected_by_flags: bool = False, narrowed: frozenset[str] = frozenset()):
        if all_specs is None:
            from .checks import ALL_CHECKS

            all_specs = ALL_CHECKS
        self.config = config
        self.specs = specs
        self.all_specs = all_specs
        self.skip_unselected = selected_by_flags  # --select/--ignore given: the config's other assertions step aside
        self.narrowed = narrowed  # the score targets they changed (``narrowed_scores``)
        _check_preset(config.preset, "--preset")
        self._cache: dict[tuple[int, ...], dict[str, Rule]] = {}
        self.global_rules = self.rules_of(())
        for i in range(len(config.overrides)):  # surface config errors before auditing
            self.rules_of((i,))

    def rules_of(self, override_ids: tuple[int, ...]) -> dict[str, Rule]:
        """The rules of a page that the ``overrides`` entries ``override_ids`` match (``overrides_for``)."""
        if override_ids in self._cache:
            return self._cache[override_ids]
        rules: dict[str, Rule] = {}
        layer = lambda specs: apply_layer(rules, specs, self.specs, self.all_specs, self.skip_unselected, self.narrowed)  # noqa: E731
        layer(PRESETS[self.config.preset])
        layer(self.config.assertions)
        for i in override_ids:
            o = self.config.overrides[i]
            if o.preset:
                layer(PRESETS[o.preset])
            layer(o.assertions)
        if self.config.fail_under is not None:
            # asked for on the command line with --select: it holds, on the score of the selected checks
            flag = Rule(PAGE_SCORE, "error", min_score=self.config.fail_under, narrowed=PAGE_SCORE in self.narrowed)
            rules[PAGE_SCORE] = replace(rules.get(PAGE_SCORE, flag), level="error", min_score=self.config.fail_under,
                                        narrowed=flag.narrowed)
        self._cache[override_ids] = rules
        return rules

    def overrides_for(self, source: str, url: str) -> tuple[int, ...]:
        """The indexes of the ``overrides`` entries that match a page."""
        return tuple(i for i, o in enumerate(self.config.overrides) if o.matches(source, url))

    def rules_for(self, source: str, url: str) -> dict[str, Rule]:
        return self.rules_of(self.overrides_for(source, url))


# ---- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One finding of a failed check whose failure is a list of them (``CheckSpec.findings``:
    a broken link target, a weak link, a claim wording), where it is: every output names
    each one, not only the first ("and 1 more" was never named anywhere but JSON)."""

    name: str  # as the check's message names it: "'cures'", "/blog/x/"
    detail: str = ""  # the evidence's own words on it: where and why ("In the title")
    line: int | None = None  # in the source file; None for URLs and when it cannot be found
    key: str = ""  # stable across runs (the name, "#2" for its second occurrence): SARIF fingerprints
    new: bool = False  # with a baseline: a finding it did not list
    # advice shared by many findings of a check (a claim's safer wording): the outputs say it
    # once per check and advice; the rule that found it is for machines (JSON, SARIF)
    advice: str = ""
    rule: str = ""

    def summary(self) -> str:
        return f"{self.name}: {self.detail}" if self.detail else self.name

    def to_dict(self) -> dict:
        d: dict[str, Any] = {"name": self.name, "line": self.line}
        for key in ("detail", "advice", "rule"):
            if getattr(self, key):
                d[key] = getattr(self, key)
        if self.new:
            d["new"] = True
        return d



@dataclass(frozen=True)
class AssertionResult:
    """One assertion on one page: what was expected, what was found, and where.

    ``property`` is what was compared (``status``, ``score``, ``value`` or
    ``value.KEY``); ``operator`` is ``in``, ``>=`` or ``<=``. ``line`` is the source
    line of the first evidence (else the page's H1/title line, else 1) for failures
    on local files; None for URLs and for passes.
    """

    check: str  # a check code, "score" or "categories:NAME"
    name: str
    level: str
    property: str
    operator: str
    expected: Any
    actual: Any
    page: str
    url: str
    passed: bool
    message: str = ""
    source_path: str | None = None
    line: int | None = None
    baselined: bool = False  # failed, but failed no better in the baseline
    # failed in the baseline too, but with findings it did not list (names of them): not baselined
    new_items: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()  # of a failed check with findings, in page order (``locate``)

    @property
    def title(self) -> str:
        """``KW001 keyphrase-density`` for a check; ``score`` / ``categories:links`` for a score:
        how every output and the fixed-since-baseline names call it."""
        if self.check == PAGE_SCORE or self.check.startswith(CATEGORY_PREFIX):
            return self.check
        return f"{self.check} {self.name}"

    @property
    def blocking(self) -> bool:
        return not self.passed and self.level == "error" and not self.baselined

    def to_dict(self) -> dict:
        d = {
            "check": self.check,
            "name": self.name,
            "level": self.level,
            "passed": self.passed,
            "baselined": self.baselined,
            "property": self.property,
            "operator": self.operator,
            "expected": self.expected,
            "actual": self.actual,
            "page": self.page,
            "url": self.url,
            "source_path": self.source_path,
            "line": self.line,
            "message": self.message,
        }
        if self.new_items:  # only with --baseline, so results without one keep their shape
            d["new_items"] = list(self.new_items)
        if self.findings:
            d["findings"] = [f.to_dict() for f in self.findings]
        return d


@dataclass(frozen=True)
class GateResult:
    """The gate's verdict: every assertion result, with the audit it judged inside."""

    report: AuditReport
    assertions: tuple[AssertionResult, ...]
    preset: str = "recommended"
    checks: tuple[str, ...] = ()  # codes of the selected checks (SARIF lists them as rules)
    levels: Mapping[str, str] = field(default_factory=dict)  # global level per target
    include_passed: bool = False
    skipped: tuple[str, ...] = ()  # drafts left out
    baseline: str | None = None
    # the Baseline itself (``baseline`` is its file): ``baseline write --prune`` ratchets it
    compared_with: Baseline | None = field(default=None, repr=False, compare=False)
    # unchanged posts gated only for their links to posts deleted or renamed on the
    # branch: (page source, the links as written)
    linked: tuple[tuple[str, tuple[str, ...]], ...] = ()
    cwd: str = ""  # the absolute working directory of the run: source paths are relative to it
    repo_root: str | None = None  # the git work tree's top level when the run was inside one
    # the human formats (text, markdown, github) list baselined failures only when asked
    # (--show-baselined): a legacy blog's thousands of known failures buried the new one
    show_baselined: bool = False
    fixed: int = 0  # the baseline's failures (and findings) that are fixed now (``fixed_since``)
    fixed_items: tuple[str, ...] = ()  # and which: "path: CODE name [finding]"
    overridden: int = 0  # pages an ``overrides`` entry matched: the preset alone does not judge them
    quiet: bool = False  # --quiet: the human formats list errors only (warnings are counted)

    def repo_path(self, path: str) -> str:
        """``path`` (as the text format shows it: relative to the working directory)
        relative to the repository root instead, which is how GitHub names the files of
        a pull request (a monorepo job with ``working-directory: site`` sees
        ``content/x.md``; GitHub needs ``site/content/x.md``). Unchanged outside a git
        work tree, and for a file outside the repository."""
        if not self.repo_root or not path:
            return path
        return repo_relative(path, self.cwd, self.repo_root) or path

    @property
    def failures(self) -> tuple[AssertionResult, ...]:
        return tuple(a for a in self.assertions if not a.passed)

    @property
    def errors(self) -> tuple[AssertionResult, ...]:
        return tuple(a for a in self.failures if a.blocking)

    @property
    def warnings(self) -> tuple[AssertionResult, ...]:
        return tuple(a for a in self.failures if a.level == "warn" and not a.baselined)

    @property
    def known(self) -> tuple[AssertionResult, ...]:
        return tuple(a for a in self.failures if a.baselined)

    @property
    def passes(self) -> tuple[AssertionResult, ...]:
        return tuple(a for a in self.assertions if a.passed)

    @property
    def shown(self) -> tuple[AssertionResult, ...]:
        """What listing formats print: failures, plus passes with ``--include-passed``."""
        return self.assertions if self.include_passed else self.failures

    @property
    def listed(self) -> tuple[AssertionResult, ...]:
        """What the human formats list: ``shown`` without baselined failures unless
        ``show_baselined`` (they are counted in the summary either way)."""
        listed = self.shown if self.show_baselined else tuple(a for a in self.shown if not a.baselined)
        if self.quiet:  # errors only: a pre-commit hook's few lines
            return tuple(a for a in listed if not a.passed and a.level == "error")
        return listed

    @property
    def unreadable(self) -> tuple[PageReport, ...]:
        return self.report.failed

    @property
    def passed(self) -> bool:
        return not self.errors

    @property
    def status(self) -> str:
        """One word per exit code: "incomplete" (some targets could not be audited: exit
        code 3, which wins over 1, whether or not an assertion failed too), "failed" (an
        error-level assertion failed: exit code 1) or "passed"."""
        if self.unreadable:
            return "incomplete"
        return "passed" if self.passed else "failed"

    @property
    def verdict(self) -> str:
        """The status in words for summaries: an incomplete run that also failed says both
        (the summary line adds why its exit code is 3: \"gate failed\" beside exit code 3 read
        as a contradiction)."""
        if self.unreadable:
            return f"{'failed and ' if not self.passed else ''}incomplete"
        return self.status

    def summary(self) -> dict:
        return {
            "status": self.status,
            "preset": self.preset,
            "baseline": self.baseline,
            "pages": sum(1 for p in self.report.pages if p.status == "ok"),
            "unreadable": len(self.unreadable),
            "skipped_drafts": list(self.skipped),
            "linking_to_removed": [{"page": page, "links": list(links)} for page, links in self.linked],
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "baselined": len(self.known),
            "passed": len(self.passes),
            **({"fixed_since_baseline": self.fixed, "fixed": list(self.fixed_items)} if self.baseline else {}),
        }

    def to_dict(self) -> dict:
        return {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "seoaudit", "version": self.report.tool_version},
            "gate": self.summary(),
            "assertions": [a.to_dict() for a in self.shown],
            "report": self.report.to_dict(),
        }


def merged(results: list[GateResult]) -> GateResult:
    """One GateResult of the config groups ``seoaudit check`` gated each with its own config
    (a monorepo's sites), as the reporters render it: the pages and assertions of each in
    turn; a check's level is its most severe one."""
    if len({r.repo_root for r in results}) > 1:
        raise ConfigError("the targets are in different git work trees: run seoaudit check once per repository")
    pages = tuple(p for r in results for p in r.report.pages)
    linked = tuple(pair for r in results for pair in r.linked)
    link_only = {source for source, _ in linked}
    levels: dict[str, str] = {}
    for r in results:
        for target, level in r.levels.items():
            levels[target] = max(levels.get(target, "off"), level, key=LEVELS.index)
    first = results[0]
    return replace(first, report=replace(first.report, pages=pages, score=site_score_of([p for p in pages if p.source not in link_only])),
                   assertions=tuple(a for r in results for a in r.assertions),
                   preset=", ".join(dict.fromkeys(r.preset for r in results)),
                   checks=tuple(dict.fromkeys(c for r in results for c in r.checks)), levels=levels,
                   skipped=tuple(s for r in results for s in r.skipped), linked=linked, fixed=sum(r.fixed for r in results),
                   fixed_items=tuple(i for r in results for i in r.fixed_items),
                   overridden=sum(r.overridden for r in results))


# ---- evaluation ---------------------------------------------------------------------------

#: the checks asserted on posts gated only for their links to removed posts: broken link
#: targets, and site generator references (a ``{{< ref >}}`` to a deleted post breaks the build)
LINK_TARGET_CHECKS = ("ST001", "ST008")


class GateValueError(ConfigError):
    """A value threshold on a check whose value is not a number (exit code 2)."""


def _round(x: float | None) -> float | None:
    return None if x is None else round(float(x), 2)


def numeric_value(result: CheckResult, value_key: str | None) -> float:
    """The number a max_value/min_value assertion compares, or a GateValueError saying why not."""
    value = result.value
    where = f"{result.code} ({result.name})"
    if isinstance(value, Mapping):
        if not value_key:
            keys = sorted(k for k, v in value.items() if isinstance(v, (int, float)) and not isinstance(v, bool))
            if not keys:
                raise GateValueError(f"{where}: its value holds no number, so no value threshold (max_value/min_value) applies to this check")
            raise GateValueError(f"{where}: its value is a table; set value_key to one of: {', '.join(keys)}")
        if value_key not in value:
            raise GateValueError(f"{where}: value_key '{value_key}' is not in its value (keys: {', '.join(sorted(value))})")
        value = value[value_key]
    elif value_key:
        raise GateValueError(f"{where}: value_key '{value_key}' given but its value is not a table")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise GateValueError(f"{where}: max_value/min_value need a number but its value is {value!r}")
    return float(value)


def _score_check(rule: Rule, actual: float | None, **common) -> AssertionResult:
    expected = rule.min_score if rule.min_score is not None else DEFAULT_MIN_SCORE
    passed = actual is None or actual >= expected  # no score = not applicable = pass
    return AssertionResult(property="score", operator=">=", expected=expected, actual=_round(actual), passed=passed, **common)


def assert_rule(rule: Rule, page: PageReport, result: CheckResult | None) -> list[AssertionResult]:
    """Evaluate one rule on one page: one result per threshold (one status result if none)."""
    common = {"check": rule.target, "level": rule.level, "page": page.source, "url": page.url}
    if rule.target == PAGE_SCORE:
        name = "score of the selected checks" if rule.narrowed else "page score"
        return [_score_check(rule, page.score, name=name, message=f"{name} {_fmt(page.score)}", **common)]
    if rule.target.startswith(CATEGORY_PREFIX):
        cat = rule.target[len(CATEGORY_PREFIX):]
        score = page.categories.get(cat)
        return [_score_check(rule, score, name=f"{cat} score", message=f"{cat} score {_fmt(score)}", **common)]
    if result is None:
        return []
    common.update(name=result.name, message=result.message)
    if result.status == "error":
        return [AssertionResult(property="status", operator="ran", expected="check ran", actual="error", passed=False, **common)]
    if not rule.has_thresholds:
        return [AssertionResult(property="status", operator="in", expected=list(PASSING_STATUSES[:2]), actual=result.status,
                                passed=result.status in PASSING_STATUSES, **common)]
    out = []
    if rule.min_score is not None:
        out.append(_score_check(rule, result.score, **common))
    for bound, op in (("max_value", "<="), ("min_value", ">=")):
        limit = getattr(rule, bound)
        if limit is None:
            continue
        prop = f"value.{rule.value_key}" if rule.value_key else "value"
        if result.status == "na":
            actual, passed = None, True
        else:
            try:
                actual = numeric_value(result, rule.value_key)
            except GateValueError as exc:  # name the file and the assertion, as every config error does
                raise GateValueError(f"{rule.where}: {exc}" if rule.where else str(exc)) from None
            passed = actual <= limit if op == "<=" else actual >= limit
        out.append(AssertionResult(property=prop, operator=op, expected=limit, actual=_round(actual), passed=passed, **common))
    return out


def _fmt(score: float | None) -> str:
    """A score as the gate's "actual" shows it (two decimals at most: 88.72, not 88.7 beside 88.72)."""
    return "n/a" if score is None else f"{score:.2f}".rstrip("0").rstrip(".")


def _target_order(target: str, spec_order: Mapping[str, int]) -> tuple[int, int, str]:
    if target == PAGE_SCORE:
        return (0, 0, target)
    if target.startswith(CATEGORY_PREFIX):
        cat = target[len(CATEGORY_PREFIX):]
        return (1, CATEGORIES.index(cat) if cat in CATEGORIES else 99, target)
    return (2, spec_order.get(target, 999), target)


def evaluate_page(page: PageReport, rules: Mapping[str, Rule], spec_order: Mapping[str, int]) -> list[AssertionResult]:
    by_code = {c.code: c for c in page.checks}
    out: list[AssertionResult] = []
    for target in sorted(rules, key=lambda t: _target_order(t, spec_order)):
        rule = rules[target]
        if rule.level == "off":
            continue
        out += assert_rule(rule, page, by_code.get(target))
    return out


# ---- where a failure is in the source file ---------------------------------------------------


def local_path(page: PageReport, cwd: Path | None = None) -> str | None:
    """The page's file as a POSIX path (relative to ``cwd`` when under it), None for URLs/stdin."""
    if page.source.startswith("file:"):
        path = Path(unquote(urlsplit(page.source).path))
    elif page.url.startswith("file:") and page.source not in ("-", ""):
        path = Path(page.source)
    else:
        return None
    if path.is_absolute():
        try:
            path = path.relative_to((cwd or Path.cwd()).resolve())
        except ValueError:
            pass
    return path.as_posix()  # pathlib has dropped a leading "./"


def repo_relative(path: str, cwd: str, root: str) -> str | None:
    """``path`` (relative to ``cwd``, or absolute) as a POSIX path from ``root``; None when
    it lies outside ``root``."""
    full = os.path.normpath(os.path.join(cwd, path))  # an absolute path stays itself
    rel = os.path.relpath(full, root)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return None
    return rel.replace(os.sep, "/")


def _failure_evidence(result: CheckResult | None) -> tuple[Evidence, ...]:
    """Bad evidence first: the sentence or link that made the check fail, then the rest."""
    if result is None:
        return ()
    bad = tuple(e for e in result.evidence if e.status == "bad")
    return bad + tuple(e for e in result.evidence if e.status != "bad")


def findings_at(a: AssertionResult, result: CheckResult | None, finder: Any) -> tuple[Finding, ...]:
    """The findings of failed check ``result`` with their lines (``finder``: the file's
    ``sourcelines`` finder, None for a URL). One per place: the title and the H1 it
    becomes are one line of a Markdown post, and one finding there."""
    findings = findings_of(a.check) if result is not None else None
    if findings is None or a.passed:
        return ()
    out: list[Finding] = []
    seen: set[tuple[int | None, str]] = set()
    count: dict[str, int] = {}
    fresh = set(a.new_items)
    for e in result.evidence:
        found = findings(e)
        if found is None:
            continue
        name = found[1]
        line = e.line if e.line is not None or finder is None else finder.line_of(e)
        if (line, name) in seen and line is not None:
            continue
        seen.add((line, name))
        count[name] = count.get(name, 0) + 1
        key = name if count[name] == 1 else f"{name}#{count[name]}"
        # a link's detail is its href, already in its name: its verdict says what is wrong with it;
        # a claim in the main content has no words of its own beside its advice (its verdict is its
        # category, which the check's name says)
        detail = e.detail if e.detail and e.detail not in name else ("" if e.advice else e.verdict)
        out.append(Finding(name=name, detail=" ".join(detail.split()), line=line, key=key, new=name in fresh,
                           advice=" ".join(e.advice.split()), rule=e.rule))
    return tuple(out)


def locate(a: AssertionResult, page: PageReport, lines_for: Callable[[str], Any], prefer: tuple[str, ...] = ()) -> AssertionResult:
    """Fill ``source_path`` and, for failures, ``line`` (evidence line, else H1/title line,
    else 1) and ``findings``. ``prefer``: evidence texts to point at first (links to a post
    removed on the branch)."""
    path = local_path(page)
    if path is None:
        if a.passed:
            return a
        return replace(a, findings=findings_at(a, next((c for c in page.checks if c.code == a.check), None), None))
    if a.passed:
        return replace(a, source_path=path)
    result = next((c for c in page.checks if c.code == a.check), None)
    evidence = _failure_evidence(result)
    if a.new_items:  # failing as in the baseline: point at what is new, not at the known finding
        fresh = set(a.new_items)
        evidence = tuple(e for e in evidence if finding_name(a.check, e) in fresh) + evidence
    if prefer:
        evidence = tuple(e for e in evidence if e.text in prefer) + evidence
    # never a passing item (a decorative image listed beside the one without alt): the first
    # failing item with a line, found in the source when it has none, else the H1/title
    evidence = tuple(e for e in evidence if e.status != "good") or evidence
    finder = None
    line = None
    for e in evidence:
        line = e.line
        if line is None:
            finder = finder or lines_for(path)
            line = finder.line_of(e) if finder is not None else None
        if line:
            break
    if not line:
        finder = finder or lines_for(path)
        line = finder.title_line() if finder is not None else None
    found = findings_at(a, result, finder or lines_for(path))
    return replace(a, source_path=path, line=line or 1, findings=found)


# ---- baseline ------------------------------------------------------------------------------


_STATUS_RANK = {"good": 0, "ok": 1, "na": 1, "bad": 2, "error": 3}


def no_better_before(now: AssertionResult, before: AssertionResult) -> bool:
    """Did the baseline fail the same way and at least as badly? (then ``now`` is not a regression)"""
    if before.passed or before.property != now.property:
        return False
    if now.property == "status" or now.operator == "ran":
        return _STATUS_RANK.get(str(now.actual), 3) <= _STATUS_RANK.get(str(before.actual), 3)
    if now.actual is None or before.actual is None:
        return before.actual is None
    if now.operator == ">=":
        return now.actual >= before.actual
    return now.actual <= before.actual


@lru_cache(maxsize=None)
def findings_of(code: str):
    """The registered check's ``findings`` (``CheckSpec.findings``), or None. A baseline
    file keeps only the evidence items it names findings (baselines.py)."""
    from .checks import ALL_CHECKS

    return next((spec.findings for spec in ALL_CHECKS if spec.code == code), None)


def finding_name(code: str, e: Evidence) -> str | None:
    """How ``new_findings`` names evidence item ``e`` of check ``code``; None if it is not a finding."""
    findings = findings_of(code)
    found = findings(e) if findings is not None else None
    return None if found is None else found[1]


def new_findings(code: str, now: CheckResult | None, before: CheckResult | None, before_listed: bool = True) -> tuple[str, ...]:
    """Names of the findings of ``now`` that ``before`` did not have (counting repeats:
    a second "click here" to the same page is new). Nothing when the check lists no
    findings, or when the baseline lists none for it and ``before_listed`` is false (a
    file written without evidence): the check is then compared as a whole, as before.
    With evidence listed, a baseline that failed with no findings (no Related links at
    all) makes every finding now (a weak Related link added since) new."""
    findings = findings_of(code)
    if findings is None or now is None or before is None:
        return ()
    if not before_listed and not any(findings(e) is not None for e in before.evidence):
        return ()
    _, fresh = match_findings(findings, before.evidence, now.evidence)
    return tuple(dict.fromkeys(name for name, _ in fresh))


def match_findings(findings: Callable[[Evidence], tuple[Any, str] | None], reference: Iterable[Evidence],
                   evidence: Iterable[Evidence]) -> tuple[list[tuple[str, Evidence]], list[tuple[str, Evidence]]]:
    """The findings of ``evidence`` (a check's ``findings`` names them) that ``reference`` has
    too, and those it has not, as (name, item): by the finding's key, repeats counted (a
    second "click here" to the same page is not the first). Items that are no findings are
    left out. ``new_findings`` (what is new since a baseline) and ``baseline write --prune``
    (what a baseline still has) match alike."""
    known: dict[Any, int] = {}
    for e in reference:
        found = findings(e)
        if found is not None:
            known[found[0]] = known.get(found[0], 0) + 1
    matched: list[tuple[str, Evidence]] = []
    unmatched: list[tuple[str, Evidence]] = []
    for e in evidence:
        found = findings(e)
        if found is None:
            continue
        key, name = found
        if known.get(key, 0) > 0:
            known[key] -= 1
            matched.append((name, e))
        else:
            unmatched.append((name, e))
    return matched, unmatched


def _baseline_assertions(before: PageReport, rules: Mapping[str, Rule]) -> dict[tuple[str, str], AssertionResult]:
    """The baseline page judged by this run's rules, by (check, property + operator)."""
    by_code = {c.code: c for c in before.checks}
    old: dict[tuple[str, str], AssertionResult] = {}
    for target, rule in rules.items():
        if rule.level == "off":
            continue
        try:
            for a in assert_rule(rule, before, by_code.get(target)):
                old[(a.check, a.property + a.operator)] = a
        except GateValueError:
            continue  # the baseline's value had another shape: treat the check as new
    return old


def fixed_since(results: list[AssertionResult], page: PageReport, before: PageReport | None, rules: Mapping[str, Rule],
                evidence_listed: bool = True, old: Mapping[tuple[str, str], AssertionResult] | None = None) -> list[str]:
    """The baseline's failures on this page that are fixed now, named (``path: CODE name``,
    plus the finding's name): an assertion that failed there and passes now, and each
    finding of a check that still fails but no longer has it (a broken link removed). The
    baseline still lists them, so they would be "baselined" again if they came back:
    ``baseline write`` again makes the gate ratchet. ``old``: ``_baseline_assertions(before, rules)``
    when the caller has it (``evaluate`` judges the baseline page once for this and ``apply_baseline``)."""
    if before is None:
        return []
    now = {(a.check, a.property + a.operator): a for a in results}
    now_by_code = {c.code: c for c in page.checks}
    by_code = {c.code: c for c in before.checks}
    where = local_path(page) or page.source
    fixed: list[str] = []
    counted: set[str] = set()
    for key, prior in (old if old is not None else _baseline_assertions(before, rules)).items():
        current = now.get(key)
        if prior.passed or current is None:
            continue  # passed then, or not asserted now (a check left out of this run)
        named = current.title  # as this run names it: a baseline file keeps codes, not names
        if current.passed:
            fixed.append(f"{where}: {named}")
        elif key[0] not in counted and evidence_listed:
            counted.add(key[0])  # one check, several thresholds: its findings once
            # findings the baseline listed that are gone: new_findings the other way round
            code = key[0]
            fixed += [f"{where}: {named} {name}" for name in new_findings(code, by_code.get(code), now_by_code.get(code))]
    return fixed


def apply_baseline(results: list[AssertionResult], page: PageReport, before: PageReport | None, rules: Mapping[str, Rule],
                   evidence_listed: bool = True, old: Mapping[tuple[str, str], AssertionResult] | None = None) -> list[AssertionResult]:
    """Mark failures that the baseline page already had, no better and with no new
    findings (``new_findings``; ``evidence_listed`` as ``Baseline.evidence_listed``), as baselined."""
    if before is None or not any(not a.passed for a in results):
        return results
    by_code = {c.code: c for c in before.checks}
    now_by_code = {c.code: c for c in page.checks}
    old = old if old is not None else _baseline_assertions(before, rules)
    out = []
    for a in results:
        prior = old.get((a.check, a.property + a.operator))
        if not a.passed and prior is not None and no_better_before(a, prior):
            fresh = new_findings(a.check, now_by_code.get(a.check), by_code.get(a.check), evidence_listed)
            if fresh:  # failing as before, but with something new to fix: a regression
                message = f"{a.message.rstrip()} New since the baseline: {T.some_of(fresh, sep='; ')}."
                a = replace(a, new_items=fresh, message=message.strip())
            else:
                a = replace(a, baselined=True)
        out.append(a)
    return out


# ---- the whole gate ------------------------------------------------------------------------


def evaluate(
    report: AuditReport,
    book: RuleBook,
    *,
    baseline: Baseline | None = None,
    include_passed: bool = False,
    skipped: tuple[str, ...] = (),
    lines_for: Callable[[str], Any] | None = None,
    linked: tuple[tuple[str, tuple[str, ...]], ...] = (),
    repo_root: Path | None = None,
    show_baselined: bool = False,
    quiet: bool = False,
) -> GateResult:
    """Apply the gate to every audited page of ``report``; unreadable pages are counted, not asserted.

    The pages in ``linked`` (unchanged posts that link to a post deleted or renamed on the
    branch) are asserted on ``LINK_TARGET_CHECKS`` only: their other findings were there before the change.
    ``repo_root``: the git work tree the run is in (``gitchanges.work_tree_root``), so the
    GitHub and SARIF formats can name files as the repository does.
    """
    link_only = {page: tuple(links) for page, links in linked}
    if lines_for is None:
        from .sourcelines import SourceLinesCache

        lines_for = SourceLinesCache()
    spec_order = {s.code: i for i, s in enumerate(book.all_specs)}
    results: list[AssertionResult] = []
    fixed: list[str] = []
    overridden = 0
    for page in report.pages:
        if page.status != "ok":
            continue
        override_ids = book.overrides_for(page.source, page.url)  # every glob matched once per page
        rules = book.rules_of(override_ids)
        overridden += bool(override_ids)
        removed_links = link_only.get(page.source)
        if removed_links is not None:
            rules = {target: rule for target, rule in rules.items() if target in LINK_TARGET_CHECKS}
        page_results = evaluate_page(page, rules, spec_order)
        if baseline is not None:
            before = baseline.page_for(page)
            old = _baseline_assertions(before, rules) if before is not None else {}  # judged once for both
            fixed += fixed_since(page_results, page, before, rules, baseline.evidence_listed, old)
            page_results = apply_baseline(page_results, page, before, rules, baseline.evidence_listed, old)
        # a post gated for its links to a removed post: point at one of those, not an older broken link
        results += [locate(a, page, lines_for, prefer=removed_links or ()) for a in page_results]
    return GateResult(
        report=report,
        assertions=tuple(results),
        preset=book.config.preset,
        checks=tuple(s.code for s in book.specs),
        levels={t: r.level for t, r in book.global_rules.items()},
        include_passed=include_passed,
        skipped=tuple(skipped),
        baseline=baseline.origin if baseline else None,
        compared_with=baseline,
        linked=tuple(linked),
        cwd=str(Path.cwd().resolve()),
        repo_root=str(repo_root) if repo_root else None,
        show_baselined=show_baselined,
        fixed=len(fixed),
        fixed_items=tuple(fixed),
        overridden=overridden,
        quiet=quiet,
    )
