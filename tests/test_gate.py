"""Gate semantics: parsing, presets, layers, pattern overrides, thresholds, baseline, lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from seoaudit.baselines import PageKeys, load_baseline, render_baseline
from seoaudit.checks import ALL_CHECKS
from seoaudit.config import Settings, load_settings
from seoaudit.gate import (
    AssertionSpec,
    GateConfig,
    GateValueError,
    Override,
    RuleBook,
    apply_baseline,
    config_from_settings,
    evaluate,
    evaluate_page,
    parse_assertions,
    parse_overrides,
)
from seoaudit.models import AuditReport, CheckResult, Evidence, PageReport
from seoaudit.registry import ConfigError
from seoaudit.sourcelines import HtmlLines, PlainLines

SPEC_ORDER = {s.code: i for i, s in enumerate(ALL_CHECKS)}


def result(code: str, status: str, score: float | None = None, value=None, evidence=()) -> CheckResult:
    spec = next(s for s in ALL_CHECKS if s.code == code)
    if score is None and status != "na":
        score = {"good": 100.0, "ok": 60.0, "bad": 15.0, "error": None}[status]
    return CheckResult(code=code, name=spec.name, category=spec.category, status=status, score=score, value=value, evidence=tuple(evidence))


def page(source: str, *checks: CheckResult, score: float | None = 80.0, categories=None) -> PageReport:
    return PageReport(source=source, url=f"https://clinic.example/{source}", status="ok", score=score,
                      categories=categories or {"basics": 80.0}, checks=checks)


def rules(config: GateConfig, source: str = "a.md", specs=ALL_CHECKS):
    return RuleBook(config, specs, ALL_CHECKS).rules_for(source, f"https://clinic.example/{source}")


def run(config: GateConfig, *pages: PageReport, baseline=None):
    report = AuditReport(pages=tuple(pages), tool_version="test")
    return evaluate(report, RuleBook(config, ALL_CHECKS, ALL_CHECKS), baseline=baseline, include_passed=True,
                    lines_for=lambda path: None)


def parse(table) -> tuple[AssertionSpec, ...]:
    return parse_assertions(table, "test.toml", ALL_CHECKS)


# ---- parsing --------------------------------------------------------------------------------


def test_assertion_forms_toml_and_ini_are_equivalent():
    toml_forms = parse({"KW001": ["error", {"max_value": 3, "value_key": "density"}], "score": {"level": "warn", "min_score": 60},
                        "BA002": "error"})
    ini_forms = parse("KW001 = error max_value=3 value_key=density\nscore = warn min_score=60\nBA002 = error\n")
    assert [(a.key, a.level, a.max_value, a.value_key, a.min_score) for a in toml_forms] == \
           [(a.key, a.level, a.max_value, a.value_key, a.min_score) for a in ini_forms]
    assert toml_forms[0].max_value == 3.0 and toml_forms[1].min_score == 60.0


@pytest.mark.parametrize("table, needle", [
    ({"KW999": "error"}, "KW999"),
    ({"categories:nonsense": "error"}, "nonsense"),
    ({"KW001": "loud"}, "level"),
    ({"score": ["error", {"min_score": 120}]}, "min_score"),
    ({"score": ["error", {"max_value": 3}]}, "min_score"),
    ({"KW001": ["error", {"min_value": 5, "max_value": 1}]}, "min_value"),
    ({"KW001": ["error", {"max_value": "lots"}]}, "max_value"),
    ({"KW001": ["error", {"maximum": 3}]}, "maximum"),
    ({"KW001": ["error", {"value_key": "density"}]}, "value_key"),
    ({"KW001": ["error", {"max_value": True}]}, "max_value"),
    # check values are counts, lengths, percentages and scores: a negative bound judges every page alike
    ({"KW001": ["error", {"min_value": -5, "value_key": "density"}]}, "min_value must be 0 or more"),
    ({"BA002": ["error", {"max_value": -1}]}, "max_value must be 0 or more"),
])
def test_bad_assertions_are_config_errors_naming_file_and_key(table, needle):
    with pytest.raises(ConfigError) as err:
        parse(table)
    assert needle in str(err.value) and "test.toml" in str(err.value)


def test_config_files_carry_gate_keys(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.seoaudit]\npreset = "strict"\nfail_under = 55\n'
        '[tool.seoaudit.assertions]\n"categories:links" = ["warn", {min_score = 40}]\n'
        '[[tool.seoaudit.overrides]]\nmatch = "content/posts/**"\nassertions = { score = ["error", {min_score = 80}] }\n'
        '[tool.seoaudit.checks.KW001]\nlevel = "error"\nmax_value = 3\nvalue_key = "density"\nmax_density = 3.0\n',
        encoding="utf-8")
    s = load_settings(cwd=tmp_path)
    assert s.gate_preset == "strict"
    assert ("score", "error", 55.0, None) in [(a.key, a.level, a.min_score, a.max_value) for a in s.assertions]
    assert s.check_levels["KW001"] == "error" and s.check_options["KW001"] == {"max_density": 3.0}
    keys = [(a.key, a.level, a.min_score, a.max_value) for a in s.assertions]
    assert ("categories:links", "warn", 40.0, None) in keys and ("KW001", "error", None, 3.0) in keys
    assert s.gate_overrides[0].match == "content/posts/**"


def test_setup_cfg_gate_keys_and_ini_overrides(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "setup.cfg").write_text(
        "[seoaudit]\npreset = none\nassertions =\n    BA002 = error\n    score = warn min_score=40\n"
        "overrides =\n    content/posts/** | preset = strict\n    content/posts/** | LK001 = off\n", encoding="utf-8")
    s = load_settings(cwd=tmp_path)
    assert s.gate_preset == "none"
    assert [(a.key, a.level) for a in s.assertions] == [("BA002", "error"), ("score", "warn")]
    (o,) = s.gate_overrides
    assert o.preset == "strict" and [(a.key, a.level) for a in o.assertions] == [("LK001", "off")]


@pytest.mark.parametrize("text, needle", [
    ("[seoaudit]\npreset = lenient\n", "lenient"),
    ("[seoaudit]\nfail_under = 140\n", "fail_under"),
    ("[seoaudit]\nassertions =\n    KW001 error\n", "assertions"),
    ("[seoaudit]\noverrides =\n    KW001 = error\n", "overrides"),
    ("[seoaudit:KW001]\nmin_score = high\n", "min_score"),
    # the gate's percentages (scores) are at most 100, in every place they are written
    ("[seoaudit:KW001]\nmin_score = 150\n", "KW001: min_score must be between 0 and 100, got 150"),
    ("[seoaudit]\noverrides =\n    *.md | score = error min_score=140\n", "score: min_score must be between 0 and 100, got 140"),
    ("[seoaudit:BA002]\nmin_value = -5\n", "BA002: min_value must be 0 or more"),
])
def test_bad_gate_settings_name_the_file(tmp_path, text, needle):
    (tmp_path / ".git").mkdir()
    cfg = tmp_path / "setup.cfg"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(cwd=tmp_path)
    assert needle in str(err.value) and str(cfg) in str(err.value)


# ---- presets and layers ------------------------------------------------------------------------


def test_recommended_preset_levels():
    r = rules(GateConfig(preset="recommended"))
    assert r["KW002"].level == "error" and r["BA002"].level == "error" and r["BA007"].level == "error"
    assert r["KW001"].level == "warn" and r["LK001"].level == "warn"
    assert r["score"].level == "warn" and r["score"].min_score == 50


def test_recommended_preset_fails_the_claims_the_profile_forbids_only():
    r = rules(GateConfig(preset="recommended"))
    claim_codes = [s.code for s in ALL_CHECKS if s.code.startswith("CL")]
    assert len(claim_codes) == 12 and all(r[c].level == "error" for c in claim_codes)
    assert r["TR001"].level == "warn"  # the rest of the clinic category stays a warning
    # a claim check is "bad" when the profile forbids the claim, "ok" when it is only risky
    p = page("a.md", result("CL001", "bad"), result("CL006", "ok"))
    out = {a.check: a for a in evaluate_page(p, r, SPEC_ORDER)}
    assert out["CL001"].blocking and not out["CL001"].passed
    assert out["CL006"].passed


def test_strict_preset_makes_everything_an_error():
    r = rules(GateConfig(preset="strict"))
    assert {rule.level for rule in r.values()} == {"error"}
    assert r["score"].min_score == 71 and set(s.code for s in ALL_CHECKS) <= set(r)


def test_none_preset_asserts_nothing():
    assert rules(GateConfig(preset="none")) == {}


def test_user_settings_override_preset_field_by_field():
    user = parse({"keyphrase": "off", "KW002": "warn", "score": "error"})
    r = rules(GateConfig(preset="recommended", assertions=user))
    assert r["KW001"].level == "off"  # group key
    assert r["KW002"].level == "warn"  # exact key wins over the group in the same layer
    assert r["score"].level == "error" and r["score"].min_score == 50  # level changed, threshold kept


def test_check_levels_from_sections_become_a_layer():
    settings = Settings(check_levels={"LK001": "error"})
    r = rules(config_from_settings(settings))
    assert r["LK001"].level == "error"


def test_pattern_override_applies_only_to_matching_pages():
    over = parse_overrides([{"match": "content/posts/**", "preset": "strict",
                             "assertions": {"score": ["error", {"min_score": 90}]}}], "t.toml", ALL_CHECKS)
    config = GateConfig(preset="recommended", overrides=over)
    post = rules(config, "content/posts/new.md")
    other = rules(config, "pages/about.md")
    assert post["KW001"].level == "error" and post["score"].min_score == 90
    assert other["KW001"].level == "warn" and other["score"].min_score == 50
    # relative path given as ./content/... and URL patterns match too
    assert rules(config, "./content/posts/x.md")["score"].min_score == 90
    url_over = (Override(match="https://preview-*.clinic.example/blog/*", assertions=parse({"BA002": "off"})),)
    book = RuleBook(GateConfig(overrides=url_over), ALL_CHECKS, ALL_CHECKS)
    assert book.rules_for("https://preview-42.clinic.example/blog/x/", "https://preview-42.clinic.example/blog/x/")["BA002"].level == "off"
    assert book.rules_for("https://clinic.example/blog/x/", "https://clinic.example/blog/x/")["BA002"].level == "error"


def test_fail_under_is_the_last_layer():
    over = (Override(match="*", assertions=parse({"score": "off"})),)
    r = rules(GateConfig(preset="recommended", overrides=over, fail_under=65))
    assert r["score"].level == "error" and r["score"].min_score == 65


def test_config_fail_under_is_the_default_that_overrides_raise(tmp_path):
    # the config key is the whole site's threshold, in the layer of [tool.seoaudit.assertions]:
    # an override for new posts raises it (it replaced every override's threshold before)
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[tool.seoaudit]\nfail_under = 50\n'
        '[[tool.seoaudit.overrides]]\nmatch = "content/posts/**"\nassertions = { score = ["error", {min_score = 93}] }\n',
        encoding="utf-8")
    config = config_from_settings(load_settings(cwd=tmp_path))
    assert rules(config, "content/posts/x.md")["score"].min_score == 93
    other = rules(config, "static/offer.html")["score"]
    assert (other.level, other.min_score) == ("error", 50.0)
    # the flag is typed for this run: it still comes last
    flagged = config_from_settings(load_settings(cwd=tmp_path), fail_under=40)
    assert rules(flagged, "content/posts/x.md")["score"].min_score == 40


def test_config_fail_under_written_as_a_toml_string_is_an_error(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.seoaudit]\nfail_under = "99"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"pyproject.toml: fail_under must be a number, got the string '99'"):
        load_settings(cwd=tmp_path)
    (tmp_path / "pyproject.toml").unlink()
    (tmp_path / "setup.cfg").write_text("[seoaudit]\nfail_under = 99\n", encoding="utf-8")  # an ini value is text
    assert [(a.key, a.min_score) for a in load_settings(cwd=tmp_path).assertions] == [("score", 99.0)]


def test_explicit_assertion_on_unselected_check_is_an_error_but_presets_skip_it():
    selected = tuple(s for s in ALL_CHECKS if s.code != "BA002")
    assert "BA002" not in RuleBook(GateConfig(preset="strict"), selected, ALL_CHECKS).global_rules
    with pytest.raises(ConfigError, match="BA002"):
        RuleBook(GateConfig(preset="none", assertions=parse({"BA002": "error"})), selected, ALL_CHECKS)


# ---- evaluation --------------------------------------------------------------------------------


def test_status_assertions_pass_good_ok_na_and_fail_bad_and_crashes():
    config = GateConfig(preset="none", assertions=parse({"BA001": "error", "BA002": "error", "BA003": "warn", "BA004": "error", "BA005": "error"}))
    p = page("a.md", result("BA001", "good"), result("BA002", "bad"), result("BA003", "ok"), result("BA004", "na"), result("BA005", "error"))
    out = {a.check: a for a in evaluate_page(p, rules(config), SPEC_ORDER)}
    assert [out[c].passed for c in ("BA001", "BA002", "BA003", "BA004", "BA005")] == [True, False, True, True, False]
    assert out["BA002"].actual == "bad" and out["BA002"].level == "error" and out["BA002"].blocking
    assert out["BA005"].actual == "error"


def test_thresholds_score_and_value_with_value_key():
    config = GateConfig(preset="none", assertions=parse({
        "KW001": ["error", {"max_value": 3, "value_key": "density", "min_score": 50}],
        "BA002": ["warn", {"min_value": 120}],
        "categories:basics": ["error", {"min_score": 70}],
        "score": "warn",
    }))
    p = page("a.md", result("KW001", "ok", score=55.0, value={"density": 3.4, "keyphrase": "x"}), result("BA002", "ok", value=110),
             score=45.0, categories={"basics": 72.0})
    out = {(a.check, a.property): a for a in evaluate_page(p, rules(config), SPEC_ORDER)}
    assert out[("KW001", "score")].passed and out[("KW001", "score")].expected == 50
    assert not out[("KW001", "value.density")].passed and out[("KW001", "value.density")].actual == 3.4
    assert not out[("BA002", "value")].passed and out[("BA002", "value")].operator == ">="
    assert out[("categories:basics", "score")].passed
    assert not out[("score", "score")].passed and out[("score", "score")].expected == 50  # DEFAULT_MIN_SCORE


def test_value_threshold_on_a_table_value_without_value_key_is_a_usage_error():
    config = GateConfig(preset="none", assertions=parse({"KW001": ["error", {"max_value": 3}]}))
    p = page("a.md", result("KW001", "ok", value={"density": 3.4, "matches": 5}))
    with pytest.raises(GateValueError, match="density"):
        evaluate_page(p, rules(config), SPEC_ORDER)


def test_not_applicable_passes_every_threshold():
    config = GateConfig(preset="none", assertions=parse({"KW001": ["error", {"max_value": 3, "value_key": "density", "min_score": 90}],
                                                         "categories:keyphrase": ["error", {"min_score": 90}]}))
    p = page("a.md", result("KW001", "na"), categories={"keyphrase": None})
    assert all(a.passed for a in evaluate_page(p, rules(config), SPEC_ORDER))


def test_gate_passes_with_warnings_and_fails_only_on_errors():
    config = GateConfig(preset="none", assertions=parse({"BA002": "warn", "BA003": "error"}))
    warned = run(config, page("a.md", result("BA002", "bad"), result("BA003", "good")))
    assert warned.passed and len(warned.warnings) == 1 and not warned.errors
    failed = run(config, page("a.md", result("BA002", "good"), result("BA003", "bad")))
    assert not failed.passed and [a.check for a in failed.errors] == ["BA003"]


# ---- baseline ------------------------------------------------------------------------------------


#: the files a baseline is read from: ``audit -f json``, ``check -f json`` (the report under
#: "report") and ``baseline write`` (only what the gate compares)
BASELINE_FILES = ("audit-json", "check-json", "baseline-write")


def baseline_from(tmp_path: Path, *pages: PageReport, written_by: str = "audit-json"):
    report = AuditReport(pages=tuple(pages), tool_version="test")
    path = tmp_path / "baseline.json"
    keys = PageKeys(cwd=tmp_path, repo_root=None, folder=tmp_path)
    if written_by == "baseline-write":
        path.write_bytes(render_baseline(report, keys, None))
    else:
        data = report.to_dict()
        path.write_text(json.dumps({"report": data} if written_by == "check-json" else data), encoding="utf-8")
    return load_baseline(str(path), keys)


@pytest.mark.parametrize("written_by", BASELINE_FILES)
def test_baseline_known_failures_do_not_fail_but_regressions_do(tmp_path, written_by):
    config = GateConfig(preset="none", assertions=parse({"BA002": "error", "BA003": "error", "score": ["error", {"min_score": 60}]}))
    old = baseline_from(tmp_path, page("a.md", result("BA002", "bad"), result("BA003", "good"), score=50.0), written_by=written_by)
    same = run(config, page("a.md", result("BA002", "bad"), result("BA003", "good"), score=50.0), baseline=old)
    assert same.passed and [a.check for a in same.known] == ["score", "BA002"]
    worse = run(config, page("a.md", result("BA002", "bad"), result("BA003", "bad"), score=45.0), baseline=old)
    assert {a.check for a in worse.errors} == {"BA003", "score"}  # new failure + score dropped further
    new_page = run(config, page("b.md", result("BA002", "bad"), result("BA003", "good"), score=70.0), baseline=old)
    assert [a.check for a in new_page.errors] == ["BA002"]


@pytest.mark.parametrize("written_by", BASELINE_FILES)
def test_baseline_matches_pages_by_source_with_or_without_dot_slash(tmp_path, written_by):
    def read_from_file(source: str) -> PageReport:  # a page read from a file: its URL is the file's
        return PageReport(source=source, url=(tmp_path / "content/a.md").as_uri(), status="ok", score=80.0,
                          categories={"basics": 80.0}, checks=(result("BA002", "bad"),))

    old = baseline_from(tmp_path, read_from_file("./content/a.md"), written_by=written_by)
    assert old.page_for(read_from_file("content/a.md")) is not None
    old = baseline_from(tmp_path, read_from_file("content/a.md"), written_by=written_by)
    assert old.page_for(read_from_file("./content/a.md")) is not None


@pytest.mark.parametrize("text", ["not json", "[]", '{"pages": 3}'])
def test_bad_baseline_file_is_a_config_error(tmp_path, text):
    bad = tmp_path / "b.json"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match="b.json"):
        load_baseline(str(bad))
    with pytest.raises(ConfigError, match="no such"):
        load_baseline(str(tmp_path / "missing.json"))


def test_apply_baseline_ignores_baseline_values_of_another_shape():
    config = GateConfig(preset="none", assertions=parse({"KW001": ["error", {"max_value": 3, "value_key": "density"}]}))
    r = rules(config)
    now = evaluate_page(page("a.md", result("KW001", "bad", value={"density": 9.0})), r, SPEC_ORDER)
    out = apply_baseline(now, page("a.md"), page("a.md", result("KW001", "bad", value=9.0)), r)
    assert not out[0].baselined and out[0].blocking


def broken(*hrefs: str) -> CheckResult:
    ev = [Evidence("link", h, verdict="broken", status="bad", detail="'x': no local post") for h in hrefs]
    ev.append(Evidence("link", "/blog/moved/", verdict="3 redirects", status="ok", detail="ends at /blog/new/"))
    return result("ST001", "bad", value={"checked": 5, "broken": len(hrefs), "long_chains": 1}, evidence=ev)


@pytest.mark.parametrize("written_by", BASELINE_FILES)
def test_baseline_a_new_broken_link_in_a_post_that_had_one_is_a_regression(tmp_path, written_by):
    config = GateConfig(preset="none", assertions=parse({"ST001": "error"}))
    old = baseline_from(tmp_path, page("a.md", broken("/blog/gone/")), written_by=written_by)
    same = run(config, page("a.md", broken("/blog/gone/")), baseline=old)
    assert same.passed and [a.check for a in same.known] == ["ST001"]
    more = run(config, page("a.md", broken("/blog/gone/", "/blog/hamstring-strain/")), baseline=old)
    [a] = more.errors
    assert not a.baselined and a.new_items == ("/blog/hamstring-strain/",)
    assert a.message.endswith("New since the baseline: /blog/hamstring-strain/.")
    assert a.to_dict()["new_items"] == ["/blog/hamstring-strain/"] and "new_items" not in same.known[0].to_dict()
    # as many broken links as before, but not the same one: the new one must be fixed
    swapped = run(config, page("a.md", broken("/blog/other/")), baseline=old)
    assert [a.new_items for a in swapped.errors] == [("/blog/other/",)]
    fixed = run(config, page("a.md", broken()), baseline=old)  # no broken link left: only the redirect chain
    assert fixed.passed


@pytest.mark.parametrize("written_by", BASELINE_FILES)
def test_baseline_new_weak_links_and_claim_wordings_count_repeats(tmp_path, written_by):
    config = GateConfig(preset="none", assertions=parse({"LK004": "error", "CL004": "error"}))
    r = rules(config)

    def weak(*anchors):
        return result("LK004", "bad", value=len(anchors), evidence=[
            Evidence("link", a, verdict="generic", status="bad", detail="https://clinic.example/blog/x/") for a in anchors])

    def claims(*words):
        return result("CL004", "bad", value=len(words), evidence=[
            Evidence("sentence", f"We are the {w} clinic.", verdict="superiority", status="bad", highlights=(w,)) for w in words])

    now = page("a.md", weak("click here", "click here"), claims("best", "number one"))
    before = baseline_from(tmp_path, page("a.md", weak("click here"), claims("Best")), written_by=written_by).page_for(now)
    out = {a.check: a for a in apply_baseline(evaluate_page(now, r, SPEC_ORDER), now, before, r)}
    assert out["LK004"].new_items == ("'click here' (https://clinic.example/blog/x/)",)  # the second one to the same page
    assert out["CL004"].new_items == ("'number one'",)  # "best" was there, whatever its case
    assert all(not a.baselined for a in out.values())
    same = page("a.md", weak("click here"), claims("best"))
    assert all(a.baselined for a in apply_baseline(evaluate_page(same, r, SPEC_ORDER), same, before, r))


def test_baseline_write_keeps_what_the_gate_compares_and_nothing_else(tmp_path):
    """Per check its status, score, value and the findings in the fields they are made of:
    no message, no evidence that is not a finding (a redirect chain, KW001's sentences),
    no check that was not applicable, no URL; pages sorted by key."""
    kw001 = CheckResult(code="KW001", name="keyphrase-density", category="keyphrase", status="bad", score=0.0,
                        value={"density": 9.2}, message="Keyphrase density 9.2 %", threshold="0.5-3.0 %",
                        evidence=(Evidence("sentence", "Massage therapy for massage therapy.", status="bad", line=7, position=0.1),))
    st001 = broken("/blog/gone/")
    report = AuditReport(pages=(page("b.md", st001, kw001, result("LK001", "na")), page("a.md", result("BA002", "bad"))),
                         tool_version="test")
    data = json.loads(render_baseline(report, PageKeys(cwd=tmp_path, repo_root=None, folder=tmp_path), "abc123"))
    assert list(data["pages"]) == ["a.md", "b.md"] and data["commit"] == "abc123" and data["seoaudit_baseline"] == 1
    assert data["pages"]["b.md"] == {"score": 80.0, "categories": {"basics": 80.0}, "checks": [
        {"code": "ST001", "status": "bad", "score": 15.0, "value": {"checked": 5, "broken": 1, "long_chains": 1},
         "evidence": [{"text": "/blog/gone/", "verdict": "broken", "status": "bad", "detail": "'x': no local post"}]},
        {"code": "KW001", "status": "bad", "score": 0.0, "value": {"density": 9.2}}]}
    assert "clinic.example" not in json.dumps(data)


@pytest.mark.parametrize("written_by", BASELINE_FILES)
def test_baseline_that_had_no_related_links_lists_the_weak_ones_added_since(tmp_path, written_by):
    """A post that failed LK001 for having no Related links at all, then got a weak one
    ("click here"): still failing, but with something new to fix: a regression."""
    config = GateConfig(preset="none", assertions=parse({"LK001": "error"}))
    old = baseline_from(tmp_path, page("a.md", result("LK001", "bad", value=0)), written_by=written_by)
    assert old.evidence_listed
    weak = Evidence("link", "click here", verdict="not descriptive", status="bad", detail="https://clinic.example/blog/x/")
    now = run(config, page("a.md", result("LK001", "bad", value=1, evidence=[weak])), baseline=old)
    [a] = now.errors
    assert not a.baselined and a.new_items == ("'click here' (https://clinic.example/blog/x/)",)
    still_none = run(config, page("a.md", result("LK001", "bad", value=0)), baseline=old)
    assert still_none.passed and [a.check for a in still_none.known] == ["LK001"]


@pytest.mark.parametrize("written_by", BASELINE_FILES)
def test_baseline_a_condition_list_is_known_by_its_conditions(tmp_path, written_by):
    """CL009 names a finding by the conditions listed, and a baseline knows it by them in any
    order or case: the same list is known, a list with a condition more is a new claim."""
    config = GateConfig(preset="none", assertions=parse({"CL009": "error"}))

    def listed(*conditions):
        return result("CL009", "bad", value=1, evidence=[
            Evidence("sentence", f"We treat {', '.join(conditions)}.", verdict="condition-list", status="bad", highlights=conditions)])

    old = baseline_from(tmp_path, page("a.md", listed("back pain", "neck pain", "sciatica", "arthritis")), written_by=written_by)
    same = run(config, page("a.md", listed("Neck pain", "back pain", "arthritis", "sciatica")), baseline=old)
    assert same.passed and [a.check for a in same.known] == ["CL009"]
    more = run(config, page("a.md", listed("back pain", "neck pain", "sciatica", "arthritis", "infertility")), baseline=old)
    [a] = more.errors
    assert a.new_items == ("'back pain, neck pain, sciatica, arthritis and 1 more'",)


def test_an_older_baseline_without_evidence_still_loads_and_compares_checks_as_a_whole(tmp_path):
    # a baseline written without evidence (or with older evidence fields) cannot list findings:
    # a failure it had is baselined as before, not reported as all new
    old = {"schema_version": 1, "pages": [{"source": "a.md", "url": "file:///a.md", "status": "ok", "score": 40.0,
                                          "checks": [{"code": "ST001", "status": "bad", "value": {"broken": 1}},
                                                     {"code": "LK004", "status": "bad", "evidence": [{"kind": "link", "text": "here"}]}]}]}
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old), encoding="utf-8")
    base = load_baseline(str(path))
    assert not base.evidence_listed
    config = GateConfig(preset="none", assertions=parse({"ST001": "error", "LK004": "error"}))
    lk004 = result("LK004", "bad", evidence=[Evidence("link", "here", status="bad", detail="/x/")])
    now = run(config, page("a.md", broken("/blog/gone/", "/blog/new/"), lk004), baseline=base)
    assert now.passed and {a.check for a in now.known} == {"ST001", "LK004"}


# ---- source lines ------------------------------------------------------------------------------------


HTML = """<!DOCTYPE html>
<html>
<head><title>Knee pain</title>
<meta name="description" content="All about knees.">
</head>
<body>
<h1>Physiotherapy for
knee pain</h1>
<p>First sentence &amp; more.
The <em>second</em> sentence is here.</p>
<script>var hidden = "The second sentence is here";</script>
<img src="/img/knee.jpg">
<p>Read more: <a href="/blog/x/">click here</a></p>
</body></html>
"""


def test_html_lines_find_text_across_inline_tags_lines_and_entities():
    lines = HtmlLines(HTML)
    assert lines.line_of(Evidence("sentence", "The second sentence is here.")) == 10
    assert lines.line_of(Evidence("sentence", "First sentence & more.")) == 9
    assert lines.line_of(Evidence("heading", "Physiotherapy for knee pain")) == 7
    assert lines.line_of(Evidence("image", "https://clinic.example/img/knee.jpg")) == 12
    assert lines.line_of(Evidence("link", "click here", detail="https://clinic.example/blog/x/")) == 13
    assert lines.line_of(Evidence("element", "All about knees.")) == 4
    assert lines.line_of(Evidence("sentence", "Nowhere in this page at all.")) is None
    assert lines.title_line() == 7


def test_html_lines_find_a_link_by_its_href_in_text_or_detail():
    html = ("<nav><a href='/blog/x/'>Blog</a></nav>\n"  # 1: the same href in the menu
            "<p>Intro here.</p>\n"  # 2
            "<p>See <a href='/blog/x/'>click\nhere</a>.</p>\n"  # 3-4
            "<p>Related: <a href='/blog/gone/'>Gone post</a></p>\n")  # 5
    lines = HtmlLines(html)
    # LK checks: anchor in text, resolved href in detail; the anchor picks the content link over the menu's
    assert lines.line_of(Evidence("link", "click here", detail="https://clinic.example/blog/x/")) == 3
    # ST001: the href in text, a message in detail (it once fell back to the H1/title line)
    assert lines.line_of(Evidence("link", "https://clinic.example/blog/gone/", detail="'Gone post': no local post")) == 5
    assert lines.line_of(Evidence("link", "/blog/gone/", detail="'Gone post': no local post")) == 5
    assert lines.line_of(Evidence("link", "/blog/nowhere/", detail="'x': no local post")) is None


def test_html_lines_find_a_broken_link_in_the_post_not_the_menu_before_it():
    """ST001 names the href in text and "'anchor': cause" in detail: a menu link with the same
    href earlier in the file must not take the annotation."""
    html = ("<nav><a href='/blog/old-post/'>Blog</a></nav>\n"  # 1
            "<p>Intro.</p>\n"  # 2
            "<p>Read more: <a href='/blog/old-post/'>Blog posture tips</a></p>\n")  # 3
    lines = HtmlLines(html)
    assert lines.line_of(Evidence("link", "/blog/old-post/", detail="'Blog posture tips': no local post")) == 3
    assert lines.line_of(Evidence("link", "/blog/old-post/", detail="'Blog': HTTP 404")) == 1
    # an anchor the file does not have: the first <a> with the href, as before
    assert lines.line_of(Evidence("link", "/blog/old-post/", detail="'Elsewhere': HTTP 404")) == 1


def test_plain_lines_title_line_h1_else_front_matter_title():
    assert PlainLines("---\ntitle: T\n---\n\nIntro.\n\n# Heading\n").title_line() == 7
    assert PlainLines("---\ntitle: T\n---\n\nIntro.\n").title_line() == 2
    # Hugo's TOML and JSON front matter (a "# comment" in TOML is not an H1)
    assert PlainLines('+++\n# about\ntitle = "T"\n+++\n\nIntro.\n').title_line() == 3
    assert PlainLines('{\n  "title": "T"\n}\n\nIntro.\n\n# Heading\n').title_line() == 7
    assert PlainLines('+++\ntitle = "T"\n+++\n\nIntro.\n').body_start == 3


def test_markdown_failures_point_at_the_source_line(tmp_path, monkeypatch):
    """End to end: a Markdown post's failing link and missing alt land on their lines."""
    from seoaudit.api import Auditor
    from seoaudit.files import read_file

    post = tmp_path / "post.md"
    post.write_text(
        "---\ntitle: Massage for headaches\ndescription: short\n---\n\n"  # lines 1-5
        "Massage helps tension headaches in many people.\n\n"  # 6
        "<img src=\"/img/a-knee.jpg\">\n\n"  # 8
        "Some text before a link\nthat goes [click here](/blog/x/) and [here](/blog/y/).\n",  # 10-11
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    settings = Settings(select=("LK004", "BA007", "BA002"))
    auditor = Auditor(settings)
    report = AuditReport(pages=(auditor.audit_raw(read_file("post.md")),), tool_version="t")
    config = GateConfig(preset="none", assertions=parse({"LK004": "error", "BA007": "error", "BA002": ["error", {"min_value": 120}]}))
    gate = evaluate(report, RuleBook(config, auditor.specs, ALL_CHECKS))
    lines = {a.check: (a.source_path, a.line) for a in gate.failures}
    assert lines["LK004"] == ("post.md", 11)
    assert lines["BA007"] == ("post.md", 8)
    assert lines["BA002"] == ("post.md", 3)  # the description: line of the front matter


def test_an_annotation_never_points_at_a_passing_item(tmp_path, monkeypatch):
    """Decorative Markdown images (alt "", good) have lines; the raw <img> without alt (bad)
    had none, and the annotation landed on the first decorative image."""
    from seoaudit.api import Auditor
    from seoaudit.files import read_file

    post = tmp_path / "post.md"
    post.write_text(
        "---\ntitle: Massage for headaches\n---\n\n"  # lines 1-4
        "Massage helps tension headaches in many people.\n\n"  # 5
        "![](/img/one.jpg)\n\n"  # 7
        "![](/img/two.jpg)\n\n"  # 9
        "<p>A raw image: <img src=\"/img/raw.jpg\"></p>\n",  # 11
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    auditor = Auditor(Settings(select=("BA007",)))
    report = AuditReport(pages=(auditor.audit_raw(read_file("post.md")),), tool_version="t")
    gate = evaluate(report, RuleBook(GateConfig(preset="none", assertions=parse({"BA007": "error"})), auditor.specs, ALL_CHECKS))
    [failure] = gate.failures
    assert (failure.source_path, failure.line) == ("post.md", 11)


def test_wrapped_markdown_points_at_the_second_h1_and_at_each_sentences_line(tmp_path, monkeypatch):
    """The second H1 (not the front matter's title line) and the sentence's own line in a
    hard-wrapped paragraph (not the paragraph's first line)."""
    from seoaudit.api import Auditor
    from seoaudit.files import read_file

    lines = ["---", "title: Massage therapy for tension headaches", "keyphrase: massage therapy", "---", ""]
    lines += ["Intro about the clinic, wrapped", "over two lines.", ""] * 4  # to line 17
    lines += ["", "# Massage therapy for tension headaches", ""]  # the first H1 on line 19
    lines += ["Tension headaches are common and many people live with them for years before",  # 21
              "trying anything. Massage therapy relaxes the neck. Massage therapy eases stress, and",  # 22
              "massage therapy helps sleep. Massage therapy is safe. Massage therapy, massage",  # 23
              "therapy, massage therapy.", ""]  # 24-25
    lines += ["Filler line."] * 12  # lines 26-37
    lines += ["# Book a massage therapy session", "", "Call us to book.", ""]  # the second H1 on line 38
    (tmp_path / "wrapped.md").write_text("\n".join(lines), encoding="utf-8")
    assert lines[18].startswith("# ") and lines[37].startswith("# ")
    monkeypatch.chdir(tmp_path)
    auditor = Auditor(Settings(select=("BA003", "KW001")))
    report = AuditReport(pages=(auditor.audit_raw(read_file("wrapped.md")),), tool_version="t")
    config = GateConfig(preset="none", assertions=parse({"BA003": "error", "KW001": "error"}))
    gate = evaluate(report, RuleBook(config, auditor.specs, ALL_CHECKS))
    at = {a.check: a.line for a in gate.failures}
    assert at["BA003"] == 38  # it said 2: the front matter line whose title matches the first H1
    kw001 = next(c for c in report.pages[0].checks if c.code == "KW001")
    assert kw001.status == "bad"
    by_text = {e.text: e.line for e in kw001.evidence}
    assert by_text["Massage therapy relaxes the neck."] == 22
    assert by_text["Massage therapy is safe."] == 23
    assert at["KW001"] == min(by_text.values())


def test_plain_lines_look_for_body_evidence_in_the_body_before_the_front_matter():
    lines = PlainLines("---\ntitle: Knee pain in Calgary\n---\n\n# Knee pain in Calgary\n")
    assert lines.line_of(Evidence("heading", "Knee pain in Calgary")) == 5
    assert lines.line_of(Evidence("element", "Knee pain in Calgary")) == 2  # the title itself


def test_a_malformed_baseline_file_is_a_config_error(tmp_path):
    bad = tmp_path / "bl.json"
    bad.write_text('{"seoaudit_baseline": 1, "pages": {"a.md": {"categories": ["abc"], "checks": []}}}', encoding="utf-8")
    with pytest.raises(ConfigError, match="not a seoaudit"):
        load_baseline(str(bad))


def test_a_broken_link_recorded_resolved_matches_the_same_link_named_as_written():
    """ST001 named local links resolved against site_url ("https://clinic.example/blog/x/")
    before it named them as written ("/blog/x/"): a baseline from then must still know them."""
    config = GateConfig(preset="none", assertions=parse({"ST001": "error"}))
    r = rules(config)
    before = page("a.md", broken("https://clinic.example/blog/gone/"))
    now = page("a.md", broken("/blog/gone/"))
    [a] = apply_baseline(evaluate_page(now, r, SPEC_ORDER), now, before, r)
    assert a.baselined and not a.new_items
    moved = page("a.md", broken("/blog/other/"))
    [b] = apply_baseline(evaluate_page(moved, r, SPEC_ORDER), moved, before, r)
    assert b.new_items == ("/blog/other/",)


# ---- site generator references that break the build (ST008) ---------------------------------------


def _links(*hrefs) -> CheckResult:
    ev = [Evidence(kind="link", text=h, verdict="broken", status="bad", detail=f"'x': no post {h}") for h in hrefs]
    return result("ST001", "bad", value={"checked": 3, "broken": len(ev), "long_chains": 0}, evidence=ev)


def _refs(*refs) -> CheckResult:
    ev = [Evidence(kind="link", text=r, verdict="broken", status="bad", detail=f"'x': no page {r}") for r in refs]
    if not ev:
        return result("ST008", "good", value={"checked": 1, "broken": 0})
    return result("ST008", "bad", value={"checked": len(ev), "broken": len(ev)}, evidence=ev)


def test_a_reference_that_names_no_post_is_an_error_apart_from_a_slug_link_that_404s():
    # `hugo`/`jekyll build` fails on the first: the presets make ST008 an error; ST001 stays a warning
    mixed = page("mixed.md", _links("/blog/knee-pian/"), _refs('{{< ref "knee-pian" >}}'))
    plain = page("plain.md", _links("/blog/knee-pian/"), _refs())
    for preset in ("recommended", "strict"):
        res = {(a.page, a.check): a for a in run(GateConfig(preset=preset), mixed, plain).assertions}
        refs = res[("mixed.md", "ST008")]
        assert refs.level == "error" and not refs.passed
        assert [f.name for f in refs.findings] == ['{{< ref "knee-pian" >}}']
        assert res[("plain.md", "ST008")].passed and res[("plain.md", "ST008")].level == "error"
    recommended = {(a.page, a.check): a for a in run(GateConfig(), mixed).assertions}
    assert recommended[("mixed.md", "ST001")].level == "warn"
    assert [f.name for f in recommended[("mixed.md", "ST001")].findings] == ["/blog/knee-pian/"]


def test_build_references_in_a_config_asserts_st008():
    # the name configs gave the assertion before ST008 existed: read as ST008, in the table and in overrides
    (spec,) = parse({"build-references": "warn"})
    assert spec.key == "ST008" and spec.level == "warn"
    (ini,) = parse("Build-References = off\n")
    assert ini.key == "ST008" and ini.level == "off"
    (override,) = parse_overrides([{"match": "content/**", "assertions": {"build-references": "warn"}}], "test.toml", ALL_CHECKS)
    assert [a.key for a in override.assertions] == ["ST008"]
    mixed = page("mixed.md", _refs('{{< relref "x.md" >}}'))
    (refs,) = [a for a in run(GateConfig(assertions=parse({"build-references": "warn"})), mixed).assertions if a.check == "ST008"]
    assert refs.level == "warn" and not refs.passed
    assert not [a for a in run(GateConfig(assertions=parse({"build-references": "off"})), mixed).assertions if a.check == "ST008"]
    # a check like any other now: thresholds are its own, and leaving it out of the run skips the preset's
    assert parse({"build-references": ["error", {"min_score": 50}]})[0].min_score == 50
    no_refs = tuple(s for s in ALL_CHECKS if s.code != "ST008")
    assert "ST008" not in RuleBook(GateConfig(), no_refs, ALL_CHECKS).global_rules
    with pytest.raises(ConfigError, match="ST008: the gate asserts a check that is not selected"):
        RuleBook(GateConfig(preset="none", assertions=parse({"build-references": "error"})), no_refs, ALL_CHECKS)


def test_a_baselined_broken_reference_is_known_and_a_new_one_is_a_regression():
    before = page("p.md", _refs('{{< ref "a" >}}'))
    base = AuditReport(pages=(before,), tool_version="t")
    keys = PageKeys(cwd=Path.cwd(), repo_root=None, folder=Path.cwd())
    from seoaudit.baselines import Baseline, baseline_dict, _compact_pages

    baseline = Baseline(origin="b.json", pages=_compact_pages(baseline_dict(base, keys, None), "b.json"), keys=keys)
    same = {a.check: a for a in run(GateConfig(), page("p.md", _refs('{{< ref "a" >}}')), baseline=baseline).assertions}
    assert same["ST008"].baselined
    more = {a.check: a for a in run(GateConfig(), page("p.md", _refs('{{< ref "a" >}}', '{{< ref "b" >}}')),
                                    baseline=baseline).assertions}
    assert not more["ST008"].baselined and more["ST008"].new_items == ('{{< ref "b" >}}',)


def test_a_table_value_with_no_number_says_no_value_threshold_applies():
    # "set value_key to one of: (none numeric)" asked for a key that cannot exist
    from seoaudit.gate import check_value_keys

    config = GateConfig(assertions=parse({"KW002": ["error", {"min_value": 1}]}))
    with pytest.raises(ConfigError, match="no value threshold .* applies to this check") as err:
        check_value_keys(config, {"KW002": {"signals": ["title"], "phrase": "x"}}, ALL_CHECKS)
    assert "(none numeric)" not in str(err.value)


def test_merged_config_groups_keep_every_groups_fixed_items_and_overrides():
    """A monorepo run: the second site's fixed-since-baseline names and overridden pages were dropped."""
    from seoaudit.gate import GateResult, merged

    def group(n: int, items: tuple[str, ...], overridden: int) -> GateResult:
        page = PageReport(source=f"site{n}/a.md", url=f"file:///site{n}/a.md", status="ok", score=80.0)
        return GateResult(report=AuditReport(pages=(page,), tool_version="0"), assertions=(), fixed=len(items), fixed_items=items,
                          overridden=overridden)

    both = merged([group(1, ("site1/a.md: CL001 claim-cure 'cures'",), 1), group(2, ("site2/a.md: KW001 keyphrase-density",), 2)])
    assert both.fixed == 2 and both.overridden == 3
    assert both.fixed_items == ("site1/a.md: CL001 claim-cure 'cures'", "site2/a.md: KW001 keyphrase-density")


# ---- claims: rule and advice are fields of the evidence ---------------------------------------


def test_the_gate_reads_a_claims_rule_and_advice_from_its_fields():
    """Where and why, the rule and the advice come as they are: no detail to split (a CL012 rule
    such as "RHPA s. 33 (Ontario)" once slipped through the split whole, advice and all)."""
    advice = "Safer: State a verifiable fact instead: 'registered physiotherapist with 10 years in practice'."
    title = Evidence("element", "The best physio in Calgary", verdict="superlative", status="bad", highlights=("best physio",),
                     detail="In the title", rule="best-service", advice=advice)
    body = Evidence("sentence", "We are the number one clinic: ask anyone.", verdict="superlative", status="bad",
                    highlights=("number one",), rule="number one: ranked", advice=advice)
    titled = Evidence("sentence", "Book with Dr. Lee, our physiotherapist.", verdict="doctor-title", status="bad",
                      highlights=("Dr. Lee",), detail="rule RHPA s. 33 (Ontario): 'Dr. Lee' with physiotherapist.",
                      advice="Safer: 'Lee, physiotherapist'")
    config = GateConfig(preset="none", assertions=parse({"CL006": "error", "CL012": "error"}))
    out = {a.check: a for a in run(config, page("a.md", result("CL006", "bad", value=2, evidence=[title, body]),
                                                 result("CL012", "bad", value=1, evidence=[titled]))).errors}
    assert [(f.name, f.detail, f.rule, f.advice) for f in out["CL006"].findings] == [
        ("'best physio'", "In the title", "best-service", advice),
        ("'number one'", "", "number one: ranked", advice),  # no words of its own: not its verdict either
    ]
    [f] = out["CL012"].findings
    assert (f.detail, f.rule, f.advice) == ("rule RHPA s. 33 (Ontario): 'Dr. Lee' with physiotherapist.", "", "Safer: 'Lee, physiotherapist'")
    assert out["CL006"].to_dict()["findings"][1] == {"name": "'number one'", "line": None, "rule": "number one: ranked", "advice": advice}


def _claims_post(tmp_path: Path, *sentences: str) -> PageReport:
    from seoaudit.api import Auditor
    from seoaudit.files import read_file

    post = tmp_path / "a.md"
    post.write_text("---\ntitle: Acupuncture cures back pain\n---\n\n# Acupuncture for back pain\n\n" + "\n\n".join(sentences) + "\n",
                    encoding="utf-8")
    return Auditor(Settings()).audit_raw(read_file(post))


@pytest.mark.parametrize("written_by", BASELINE_FILES)
def test_a_baseline_written_when_a_claims_rule_and_advice_were_in_its_detail_still_knows_its_claims(tmp_path, written_by):
    """Until rule and advice were fields of their own a claim's detail read "In the title: rule
    cure-word. Safer: ...", and baseline files keep the evidence's detail: a claim is known by
    its wording (checks.claims.claim_finding), so those files still match."""
    import dataclasses

    said = ("Our acupuncture cures back pain.", '"My back pain was cured after one visit," says Mary.')
    now = _claims_post(tmp_path, *said)
    cl001 = next(c for c in now.checks if c.code == "CL001")
    assert len(cl001.evidence) == 3 and all(e.rule and e.advice for e in cl001.evidence)

    def as_written_before(e: Evidence) -> Evidence:
        return dataclasses.replace(e, detail=f"{e.detail + ': ' if e.detail else ''}rule {e.rule}. {e.advice}", rule="", advice="")

    before = dataclasses.replace(now, checks=tuple(
        dataclasses.replace(c, evidence=tuple(map(as_written_before, c.evidence))) if c.code.startswith("CL") else c
        for c in now.checks))
    old = baseline_from(tmp_path, before, written_by=written_by)
    assert "In the title: rule cure-word. Safer: " in (tmp_path / "baseline.json").read_text(encoding="utf-8")
    config = GateConfig(preset="none", assertions=parse({"CL001": "error", "CL002": "error"}))
    same = run(config, now, baseline=old)
    assert same.passed and {a.check for a in same.known} == {"CL001", "CL002"}
    # a claim written since is still new, and only it
    more = run(config, _claims_post(tmp_path, *said, "Acupuncture brings permanent relief."), baseline=old)
    assert [(a.check, a.new_items) for a in more.errors] == [("CL001", ("'permanent relief'",))]


def test_a_claims_place_label_is_not_searched_for_as_its_line():
    """A title claim's detail is "In the title": a body line saying "in the title" is not its line."""
    from seoaudit.sourcelines import PlainLines

    lines = PlainLines("---\ntitle: Acupuncture that heals everything\n---\n\nPut the keyphrase in the title, they say.\n")
    claim = Evidence(kind="element", text="Acupuncture that cures all", detail="In the title", rule="cure-word", advice="Safer: x")
    assert lines.line_of(claim) is None
    assert lines.line_of(Evidence(kind="element", text="Acupuncture that heals everything", detail="In the title",
                                  rule="cure-word", advice="Safer: x")) == 2
