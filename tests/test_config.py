"""Config discovery, precedence and validation."""

from pathlib import Path

import pytest

from seoaudit.api import Auditor, targeting_for
from seoaudit.config import PageTarget, load_settings, with_flags
from seoaudit.models import RawPage
from seoaudit.registry import ConfigError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_setup_cfg_section_and_check_options(tmp_path):
    write(tmp_path / "setup.cfg", "[seoaudit]\nkeyphrase = acupuncture for back pain\ncity = Edmonton\n\n[seoaudit:BA001]\nmax_chars = 70\n")
    s = load_settings(cwd=tmp_path)
    assert s.keyphrases == ("acupuncture for back pain",)
    assert s.cities == ("Edmonton",)
    opts = Auditor(s).options["BA001"]
    assert opts.max_chars == 70 and isinstance(opts.max_chars, int)


def test_pyproject_wins_over_setup_cfg_and_flags_win_over_both(tmp_path):
    write(tmp_path / "setup.cfg", "[seoaudit]\ncity = Calgary\n")
    write(tmp_path / "pyproject.toml", '[tool.seoaudit]\ncity = "Edmonton"\n[tool.seoaudit.checks.title-length]\nmax_chars = 65\n')
    s = load_settings(cwd=tmp_path)
    assert s.cities == ("Edmonton",)
    assert s.check_options["BA001"] == {"max_chars": 65}
    s2 = with_flags(s, cities=("Red Deer",))
    assert s2.cities == ("Red Deer",)


def test_config_file_flag_wins_over_discovered(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.seoaudit]\ncity = "Edmonton"\n')
    extra = write(tmp_path / "extra.toml", 'city = "Calgary"\n')
    assert load_settings(str(extra), cwd=tmp_path).cities == ("Calgary",)


def test_discovery_walks_upwards_and_nearer_wins(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path / "setup.cfg", "[seoaudit]\ncity = Calgary\nkeyphrase = massage\n")
    sub = tmp_path / "content" / "posts"
    sub.mkdir(parents=True)
    write(tmp_path / "content" / "setup.cfg", "[seoaudit]\ncity = Edmonton\n")
    s = load_settings(cwd=sub)
    assert s.cities == ("Edmonton",)
    assert s.keyphrases == ("massage",)


@pytest.mark.parametrize(
    "text, needle",
    [
        ("[seoaudit]\ncolour = blue\n", "colour"),
        ("[seoaudit:KW999]\nfoo = 1\n", "KW999"),
        ("[seoaudit:BA001]\nmax_chars = lots\n", "max_chars"),
        ("[seoaudit:BA001]\nwidth = 3\n", "width"),
        ("[seoaudit]\ntimeout = -1\n", "timeout"),
        ("[seoaudit:BA001]\nlevel = loud\n", "level"),
        ("[seoaudit]\nsite_url = clinic.example\n", "site_url"),
        ("[seoaudit]\nsite_url = ftp://clinic.example/\n", "site_url"),
        # option values that break their check's meaning (KW001 said "more than the -4 recommended")
        ("[seoaudit:KW001]\nmax_density = -3\n", "max_density must be 0 or more, got -3"),
        ("[seoaudit:KW001]\nmin_density = 5\nmax_density = 1\n", "min_density (5) must not exceed max_density (1)"),
        ("[seoaudit:KW001]\nmax_density = 9\n", "max_density (9) must not exceed way_over_density (4)"),
        ("[seoaudit:RD006]\ngood_min = -300\n", "good_min must be 0 or more"),
        ("[seoaudit:RD006]\ngood_min = 200\n", "ok_min (250) must not exceed good_min (200)"),
        ("[seoaudit:KW008]\nmin_share = 30\n", "min_share is a share between 0 and 1, got 30"),
        ("[seoaudit:RD007]\nok_max_pct = 150\n", "ok_max_pct must be at most 100"),
        # a threshold of 0 on an amount of text, a proportion or a band's end judges every page alike
        ("[seoaudit:RD003]\nmax_words = 0\n", "max_words must be more than 0, got 0"),
        ("[seoaudit:BA001]\nmax_chars = 0\n", "max_chars must be more than 0"),
        ("[seoaudit:RD004]\ngood_max = 0\n", "good_max must be more than 0"),
        ("[seoaudit:KW002]\nparagraph_share = 0\n", "paragraph_share must be more than 0"),
        ("[seoaudit:KW001]\nway_over_density = 400\n", "way_over_density must be at most 100"),
        ("[seoaudit:KW002]\nexact_density_warn = 5\n", "exact_density_warn (5) must not exceed exact_density_fail (4)"),
        ("[seoaudit:RD003]\ngood_max_pct = nan\n", "good_max_pct must be a finite number"),
        # ranges declared on the option, where its name does not say it: 0 characters of
        # priceRange and "under 0 words" judge every page alike
        ("[seoaudit:LB003]\nmax_price_range = 0\n", "LB003 (clinic-schema): max_price_range must be more than 0, got 0"),
        ("[seoaudit:RD006]\nvery_short_max = 0\n", "RD006 (text-length): very_short_max must be more than 0, got 0"),
        # an unknown output format (it crashed `audit` with a KeyError), a list with a number in it
        ('[seoaudit]\nformat = html, pdf\n', "unknown format 'pdf' (formats: html, json, text)"),
        # a value of the wrong kind is named in words, not "a positive url"
        ("[seoaudit]\ntimeout = soon\n", "'timeout' must be a positive number, got 'soon'"),
        # per-language values are held to the rules of the option they refine
        ("[seoaudit:RD003]\nmax_words_by_language = es:25, ru:0\n", "max_words for 'ru' must be more than 0"),
        ("[seoaudit:RD003]\nmax_words_by_language = es:lots\n", "'lots' is not a valid int"),
        ("[seoaudit:RD003]\nmax_words_by_language = es\n", "each item is 'language:number'"),
    ],
)
def test_bad_config_is_a_config_error_naming_file_and_key(tmp_path, text, needle):
    cfg = write(tmp_path / "setup.cfg", text)
    with pytest.raises(ConfigError) as err:
        load_settings(cwd=tmp_path)
    assert needle in str(err.value) and str(cfg) in str(err.value)


@pytest.mark.parametrize("text", [
    "[seoaudit:RD007]\ngood_max_pct = 0\n",  # no passive sentence at all: zero tolerance is a policy
    "[seoaudit:RD008]\nok_min_pct = 0\n",  # no minimum share of transition words
    "[seoaudit:TR004]\nmin_citations = 0\n",  # no citation required
    "[seoaudit:KW001]\nmin_words = 0\n",  # judge texts of any length
    "[seoaudit:KW008]\nmin_share = 0\n",  # no minimum share of subheadings
])
def test_zero_is_accepted_where_it_is_a_policy(tmp_path, text):
    write(tmp_path / "setup.cfg", text)
    load_settings(cwd=tmp_path)


def test_every_bundled_default_is_a_valid_option_value():
    """The range rules hold for what ships: every check's defaults, and each default written
    back through config (as a user copying the documented defaults would)."""
    import dataclasses

    from seoaudit.checks import ALL_CHECKS
    from seoaudit.registry import option_range_problem

    for spec in ALL_CHECKS:
        defaults = spec.default_options()
        assert option_range_problem(defaults) is None, spec.code
        written = {f.name: getattr(defaults, f.name) for f in dataclasses.fields(defaults)}
        assert spec.make_options(written) == defaults, spec.code


def test_an_options_declared_range_wins_over_its_kinds_and_explain_shows_it():
    import dataclasses

    from click.testing import CliRunner

    from seoaudit.cli import cli
    from seoaudit.registry import Range, check, option, option_ranges

    @dataclasses.dataclass(frozen=True)
    class Options:
        max_chars: int = 60  # an amount of text: more than 0, by its kind
        max_items: int = option(10, min=1, max=50)  # declared
        good_max_pct: float = 10.0  # a percentage: 0 to 100, by its kind
        label: str = ""

    ranges = option_ranges(Options)
    assert dict(ranges) == {"max_chars": Range(allow_zero=False), "max_items": Range(1, 50), "good_max_pct": Range(max=100)}
    assert ranges["max_items"].problem("max_items", 0) == "max_items must be at least 1, got 0"
    assert ranges["max_items"].problem("max_items", 51) == "max_items must be at most 50, got 51"
    assert [str(r) for r in ranges.values()] == ["more than 0", "1 to 50", "0 to 100"]

    @dataclasses.dataclass(frozen=True)
    class TextRange:
        rules_file: str = option("")

    with pytest.raises(TypeError, match="rules_file"):  # at registration, not when a config is read
        check(code="XX001", name="x", category="basics", title="t", fail_title="f", why="w", source="s", fix="f", options=TextRange)
    out = CliRunner().invoke(cli, ["explain", "LB003"]).stdout
    assert "max_price_range = 100  (more than 0)" in out and "min_geo_decimals = 5  (0 or more)" in out


def test_a_zero_threshold_in_pyproject_exits_2_with_one_line_naming_the_key(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from seoaudit.cli import cli

    (tmp_path / ".git").mkdir()
    write(tmp_path / "pyproject.toml", "[tool.seoaudit.checks.RD003]\nmax_words = 0\n")
    write(tmp_path / "post.md", "---\ntitle: Knee pain\n---\n\nKnee pain is common. We can help.\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["audit", "post.md", "-f", "text"])
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "pyproject.toml" in line and "RD003" in line and "max_words must be more than 0" in line


def test_invalid_toml_is_a_config_error(tmp_path):
    bad = write(tmp_path / "bad.toml", "city = [unclosed\n")
    with pytest.raises(ConfigError):
        load_settings(str(bad), cwd=tmp_path, use_discovery=False)


def test_missing_config_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError):
        load_settings(str(tmp_path / "nope.toml"), use_discovery=False)


def test_level_off_removes_check(tmp_path):
    write(tmp_path / "setup.cfg", "[seoaudit:BA006]\nlevel = off\n")
    codes = {s.code for s in Auditor(load_settings(cwd=tmp_path)).specs}
    assert "BA006" not in codes and "BA001" in codes


def test_targeting_precedence_flags_front_matter_pages_config(tmp_path):
    write(
        tmp_path / "t.toml",
        'keyphrase = "physiotherapy"\ncity = "Edmonton"\n[[pages]]\nmatch = "*massage*"\nkeyphrase = "massage therapy"\ncity = "Calgary"\n',
    )
    s = load_settings(str(tmp_path / "t.toml"), use_discovery=False)
    plain = RawPage(source="posts/other.html", url="file:///posts/other.html")
    massage = RawPage(source="posts/massage-therapy.txt", url="file:///posts/massage-therapy.txt")
    fm = RawPage(source="posts/massage.md", url="file:///posts/massage.md", front_matter={"keyphrase": "deep tissue massage"})
    assert targeting_for(plain, s).keyphrases == ("physiotherapy",)
    assert targeting_for(massage, s).keyphrases == ("massage therapy",)
    assert targeting_for(massage, s).cities == ("Calgary",)
    assert targeting_for(fm, s).keyphrases == ("deep tissue massage",)
    assert targeting_for(fm, s, keyphrases=("flag phrase",)).keyphrases == ("flag phrase",)


def test_intel_thresholds_from_toml_and_cfg(tmp_path):
    from seoaudit.api import intel_options

    write(tmp_path / "pyproject.toml", "[tool.seoaudit.intel]\nduplicate_threshold = 0.85\ninfer_keyphrases = true\n")
    s = load_settings(cwd=tmp_path)
    opts = intel_options(s, ("Edmonton",), topic_threshold=0.5)
    assert (opts.duplicate_threshold, opts.topic_threshold, opts.infer_keyphrases, opts.cities) == (0.85, 0.5, True, ("Edmonton",))
    other = tmp_path / "sub"
    other.mkdir()
    write(other / "setup.cfg", "[seoaudit:intel]\nsuggestions = 3\n")
    assert load_settings(cwd=other, use_discovery=True).intel["suggestions"] == 3


@pytest.mark.parametrize("text", ["[tool.seoaudit.intel]\nshreshold = 0.8\n", "[tool.seoaudit.intel]\nduplicate_threshold = 2\n", "[tool.seoaudit.intel]\ntopic_threshold = 0.95\n"])
def test_bad_intel_settings_are_config_errors(tmp_path, text):
    write(tmp_path / "pyproject.toml", text)
    with pytest.raises(ConfigError):
        load_settings(cwd=tmp_path)


def test_site_url_is_kept_as_the_sites_root(tmp_path):
    write(tmp_path / "setup.cfg", "[seoaudit]\nsite_url = HTTPS://Clinic.Example/blog/\n")
    assert load_settings(cwd=tmp_path).site_url == "https://clinic.example/"


def test_a_toml_list_with_a_number_in_it_is_a_config_error(tmp_path):
    """city = ["North Vancouver", 3] was read as the cities "North Vancouver" and "3"."""
    cfg = write(tmp_path / "pyproject.toml", '[tool.seoaudit]\ncity = ["North Vancouver", 3]\n')
    with pytest.raises(ConfigError) as err:
        load_settings(cwd=tmp_path)
    assert "'city' must be a list of strings, got 3 in it" in str(err.value) and str(cfg) in str(err.value)


def test_an_unknown_format_in_the_config_is_exit_2_not_a_crash(tmp_path):
    from click.testing import CliRunner

    from seoaudit.cli import cli

    write(tmp_path / "pyproject.toml", '[tool.seoaudit]\nformat = ["pdf"]\n')
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Knee pain\n---\n\nKnee pain is common in runners and walkers alike.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["audit", str(post), "--config", str(tmp_path / "pyproject.toml")])
    assert result.exit_code == 2 and "unknown format 'pdf'" in result.output and "Traceback" not in result.output


# ---- seoaudit's own config file (.seoaudit.toml / seoaudit.toml) ---------------------------------


@pytest.mark.parametrize("name", [".seoaudit.toml", "seoaudit.toml"])
def test_own_config_file_is_discovered_with_top_level_keys(tmp_path, name):
    """A Hugo or Jekyll repository has no pyproject.toml: seoaudit's own file is found as one is."""
    (tmp_path / ".git").mkdir()
    write(tmp_path / name, 'city = "Calgary"\nsite_url = "https://clinic.example"\n'
                           '[checks.BA001]\nmax_chars = 65\n[assertions]\n"broken-link-targets" = "error"\n')
    sub = tmp_path / "content" / "posts"
    sub.mkdir(parents=True)
    s = load_settings(cwd=sub)
    assert s.cities == ("Calgary",) and s.site_url == "https://clinic.example/"
    assert s.check_options["BA001"] == {"max_chars": 65}
    assert [a.key for a in s.assertions] == ["broken-link-targets"]
    assert s.sources == (str(tmp_path / name),)


def test_own_config_file_nearer_wins_over_a_farther_pyproject(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path / "pyproject.toml", '[tool.seoaudit]\ncity = "Edmonton"\nkeyphrase = "massage"\n')
    site = tmp_path / "site"
    site.mkdir()
    write(site / ".seoaudit.toml", 'city = "Calgary"\n')
    s = load_settings(cwd=site)
    assert (s.cities, s.keyphrases) == (("Calgary",), ("massage",))


@pytest.mark.parametrize("other, text", [("pyproject.toml", '[tool.seoaudit]\ncity = "Edmonton"\n'),
                                         ("setup.cfg", "[seoaudit]\ncity = Edmonton\n"),
                                         (".seoaudit.toml", 'city = "Edmonton"\n')])
def test_own_config_file_beside_another_seoaudit_config_is_an_error(tmp_path, other, text):
    """Two files of one folder that both configure seoaudit: which one is meant is not guessed."""
    write(tmp_path / "seoaudit.toml", 'city = "Calgary"\n')
    write(tmp_path / other, text)
    with pytest.raises(ConfigError) as err:
        load_settings(cwd=tmp_path)
    message = str(err.value)
    assert other in message and str(tmp_path) in message and ("keep one" in message or "move its settings" in message)


def test_own_config_file_beside_a_pyproject_without_seoaudit_section_is_fine(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.black]\nline-length = 100\n')
    write(tmp_path / "setup.cfg", "[flake8]\nmax-line-length = 100\n")
    write(tmp_path / "seoaudit.toml", 'city = "Calgary"\n')
    assert load_settings(cwd=tmp_path).cities == ("Calgary",)


def test_discovered_file_named_by_config_too_is_read_once(tmp_path, monkeypatch):
    """`--config seoaudit.toml` from its own folder: its assertions and pages are not doubled."""
    write(tmp_path / "seoaudit.toml", '[[pages]]\nmatch = "*x*"\nkeyphrase = "x"\n[assertions]\n"broken-link-targets" = "error"\n')
    monkeypatch.chdir(tmp_path)
    s = load_settings("seoaudit.toml")
    assert len(s.pages) == 1 and len(s.assertions) == 1 and s.sources == ("seoaudit.toml",)


def test_the_targets_folder_is_where_discovery_starts_and_a_named_file_is_read_once(tmp_path, monkeypatch):
    """The quick start's `seoaudit audit samples/ --config samples/seoaudit.toml` from the
    repository root: samples/seoaudit.toml is discovered from the target and named, and read once."""
    from seoaudit.config import config_groups

    (tmp_path / ".git").mkdir()
    (tmp_path / "samples").mkdir()
    write(tmp_path / "samples" / "seoaudit.toml", 'city = "Edmonton"\n[[pages]]\nmatch = "*x*"\nkeyphrase = "x"\n')
    monkeypatch.chdir(tmp_path)
    assert load_settings().cities == ()  # the working directory's: none
    [(start, named)] = config_groups(["samples"])
    assert named == ["samples"] and load_settings(cwd=start).cities == ("Edmonton",)
    s = load_settings("samples/seoaudit.toml", cwd=start)
    assert s.cities == ("Edmonton",) and len(s.pages) == 1 and s.sources == ("samples/seoaudit.toml",)


def test_config_groups_split_targets_by_their_config(tmp_path, monkeypatch):
    from seoaudit.config import config_groups

    (tmp_path / ".git").mkdir()
    for site in ("a", "b"):
        write(tmp_path / site / "posts" / "p.md", "# P\n\nText.\n")
    write(tmp_path / "a" / ".seoaudit.toml", 'city = "Calgary"\n')
    write(tmp_path / "b" / "pyproject.toml", "[tool.black]\n")  # no seoaudit section: b has the root's settings
    write(tmp_path / "notes" / "n.md", "# N\n\nText.\n")
    (tmp_path / "b" / "posts" / "linked.md").symlink_to(tmp_path / "a" / "posts" / "p.md")  # b's post, whatever it points at
    monkeypatch.chdir(tmp_path)
    groups = config_groups(["a/posts", "b/posts/p.md", "b/posts/linked.md", "https://clinic.example/", "missing.md"])
    assert [named for _, named in groups] == [["a/posts"], ["b/posts/p.md", "b/posts/linked.md", "https://clinic.example/", "missing.md"]]
    # a folder holding a site with its own config becomes its posts, each in its own group
    assert [named for _, named in config_groups(["."])] == [["a/posts/p.md"], ["b/posts/linked.md", "b/posts/p.md", "notes/n.md"]]
    assert [named for _, named in config_groups(["b", "notes"])] == [["b", "notes"]]  # nothing below them: kept whole
    assert config_groups([]) == [(tmp_path.resolve(), [])]

def test_match_globs_are_relative_to_no_folder_as_the_readme_says():
    """`match` holds for the path as shown and below any folder: the config's folder does not anchor it."""
    from seoaudit.gate import Override

    for entry in (PageTarget(match="content/posts/**"), Override(match="content/posts/**", where="x")):
        assert all(entry.matches(path, "") for path in ("content/posts/a.md", "clinic-a/content/posts/a.md", "/srv/site/content/posts/a.md"))
        assert not entry.matches("xcontent/posts/a.md", "") and not entry.matches("content/pages/a.md", "")


def test_an_unknown_setting_suggests_the_nearest_one(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.seoaudit]\npresett = "strict"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown setting 'presett' \(did you mean 'preset'\? settings: "):
        load_settings(cwd=tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.seoaudit]\nzzqx = 1\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"unknown setting 'zzqx' \(settings: "):
        load_settings(cwd=tmp_path)


@pytest.mark.parametrize("command", [
    ["intel", "site/posts"],
    ["compare", "site/posts/a.md", "site/posts/b.md"],
    ["scan", "site/urls.txt", "--no-history", "--no-intel"],
])
def test_intel_compare_and_scan_discover_the_config_from_their_targets(tmp_path, monkeypatch, command):
    """As `audit` does: run from elsewhere, a site's own config is found from the target's folder
    (here it has a mistake, so the run stops before reading anything, naming the file)."""
    from click.testing import CliRunner

    from seoaudit.cli import cli

    (tmp_path / ".git").mkdir()
    for name in ("a", "b"):
        write(tmp_path / "site" / "posts" / f"{name}.md", f"# Post {name}\n\nAcupuncture for back pain in Edmonton.\n")
    write(tmp_path / "site" / "urls.txt", "http://127.0.0.1:9/\n")  # never fetched: the config error comes first
    write(tmp_path / "site" / ".seoaudit.toml", 'citty = "Edmonton"\n')
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    result = CliRunner().invoke(cli, [command[0], *(f"../{a}" if a.startswith("site/") else a for a in command[1:])])
    assert result.exit_code == 2, result.output
    assert "citty" in result.output and ".seoaudit.toml" in result.output
    # the site's config without the mistake is applied: no error
    write(tmp_path / "site" / ".seoaudit.toml", 'city = "Edmonton"\n')
    if command[0] != "scan":  # (a scan would fetch)
        ok = CliRunner().invoke(cli, [command[0], *(f"../{a}" if a.startswith("site/") else a for a in command[1:]), "-f", "json"])
        assert ok.exit_code == 0, ok.output


LOCATIONS_TOML = '''clinic_address = "1900 Lakeshore Rd W, Unit 4, Mississauga, ON L5J 1J7"
clinic_phone = "905-555-0187"

[[locations]]
name = "Lakeshore Physiotherapy - Oakville"
address = "2501 Third Line, Unit 5, Oakville, ON L6M 5A9"
phone = "905-555-0233"

[[locations]]
address = "3027 New St, Burlington, ON L7N 1M6"
phone = 9055550311
city = "Burlington"
'''


@pytest.mark.parametrize("name, text", [
    (".seoaudit.toml", LOCATIONS_TOML),
    ("pyproject.toml", "[tool.seoaudit]\n" + LOCATIONS_TOML.replace("[[locations]]", "[[tool.seoaudit.locations]]")),
    ("setup.cfg", "[seoaudit]\nclinic_address = 1900 Lakeshore Rd W, Unit 4, Mississauga, ON L5J 1J7\nclinic_phone = 905-555-0187\n"
                  "[seoaudit:location:oakville]\nname = Lakeshore Physiotherapy - Oakville\naddress = 2501 Third Line, Unit 5, Oakville, ON L6M 5A9\n"
                  "phone = 905-555-0233\n[seoaudit:location:burlington]\naddress = 3027 New St, Burlington, ON L7N 1M6\n"
                  "phone = 9055550311\ncity = Burlington\n"),
])
def test_locations_are_read_from_every_kind_of_config_file(tmp_path, name, text):
    from seoaudit.profiles import clinic_from_settings

    write(tmp_path / name, text)
    settings = load_settings(cwd=tmp_path)
    clinic = clinic_from_settings(settings)
    assert [loc.town for loc in clinic.all_locations] == ["Mississauga", "Oakville", "Burlington"]
    assert [loc.phone for loc in clinic.all_locations] == ["905-555-0187", "905-555-0233", "9055550311"]
    assert clinic.names == ("Lakeshore Physiotherapy - Oakville",)  # no clinic_name here: the location's
    assert clinic.cities == ("Mississauga", "Oakville", "Burlington")


def test_a_nearer_files_locations_replace_a_farther_ones_and_the_head_office_is_listed_once(tmp_path):
    from seoaudit.profiles import clinic_from_settings

    (tmp_path / ".git").mkdir()
    write(tmp_path / ".seoaudit.toml", LOCATIONS_TOML)
    write(tmp_path / "oakville" / ".seoaudit.toml", '[[locations]]\naddress = "2501 Third Line, Oakville"\nphone = "905-555-0233"\n'
          '[[locations]]\naddress = "1900  Lakeshore Rd W, Unit 4, Mississauga, ON L5J 1J7"\nphone = "905-555-0187"\n')
    clinic = clinic_from_settings(load_settings(cwd=tmp_path / "oakville"))
    # the root's clinic_address is the head office the nearer file lists again: one location, not two
    assert [loc.town for loc in clinic.all_locations] == ["Mississauga", "Oakville"]


@pytest.mark.parametrize("text, needle", [
    ('[[locations]]\nadress = "1 Main St"\n', "locations entry 1: unknown key 'adress' (did you mean 'address'? keys: name, address, phone, city)"),
    ('[[locations]]\naddress = "1 Main St"\n[[locations]]\nphone = "905-555-0233"\n', "locations entry 2: needs an 'address'"),
    ('[[locations]]\naddress = "1 Main St"\nphone = "555-02"\n', "locations entry 1: 'phone' must be a phone number such as 905-555-0233"),
    ('[[locations]]\naddress = ["1 Main St", "2 Main St"]\n', "locations entry 1: 'address' must be a string"),
    ('locations = ["1 Main St, Oakville"]\n', "'locations' must be a list of tables with 'address' and 'phone' ([[locations]] in TOML)"),
    ('location = "1 Main St, Oakville"\n', "unknown setting 'location' (did you mean 'locations'?"),
    ('clinic_phone = "call us"\n', "'clinic_phone' must be a phone number"),
    # the review's finding 27: the profile error did not name the file
    ('profile = "ontario-physio"\n', "profile 'ontario-physio' is unknown (did you mean 'ca-on-physio'?"),
    ('clinic_profession = "astronaut"\n', "clinic_profession: unknown profession 'astronaut'"),
])
def test_bad_locations_and_clinic_values_are_one_line_errors_naming_the_file(tmp_path, text, needle):
    cfg = write(tmp_path / ".seoaudit.toml", text)
    with pytest.raises(ConfigError) as err:
        load_settings(cwd=tmp_path)
    assert str(err.value).startswith(f"{cfg}: ") and needle in str(err.value), str(err.value)
    assert "\n" not in str(err.value)


def test_a_url_goes_with_the_local_targets_of_its_site(tmp_path, monkeypatch):
    """Review finding 7: `seoaudit audit site/content/posts/a.md https://clinic.example/blog/b/
    --config site/.seoaudit.toml` failed with "the targets fall under different seoaudit configs"."""
    from seoaudit.config import config_groups, one_config_start

    (tmp_path / ".git").mkdir()
    write(tmp_path / "site" / ".seoaudit.toml", 'city = "Mississauga"\n')
    write(tmp_path / "site" / "content" / "posts" / "a.md", "# A\n\nText.\n")
    write(tmp_path / "other" / ".seoaudit.toml", 'city = "Calgary"\n')
    write(tmp_path / "other" / "c.md", "# C\n\nText.\n")
    write(tmp_path / "drafts" / "d.md", "# D\n\nText.\n")
    monkeypatch.chdir(tmp_path)
    url = "https://clinic.example/blog/b/"
    groups = config_groups([url, "site/content/posts/a.md", "-"])
    assert [named for _, named in groups] == [[url, "site/content/posts/a.md", "-"]]  # the order named is kept
    assert load_settings(cwd=one_config_start([url, "site/content/posts/a.md"])).cities == ("Mississauga",)
    # local targets of two sites: a URL cannot say whose it is, so it stays with the working directory's (no config)
    groups = config_groups(["site/content/posts/a.md", "other/c.md", url])
    assert [named for _, named in groups] == [["site/content/posts/a.md"], ["other/c.md"], [url]]
    # a draft under no config does not take a URL away from the working directory's config
    monkeypatch.chdir(tmp_path / "other")
    groups = config_groups(["../drafts/d.md", url])
    assert [named for _, named in groups] == [["../drafts/d.md"], [url]]
    assert config_groups([url]) == [((tmp_path / "other").resolve(), [url])]
