"""``seoaudit scan``: pages judged with the settings `audit` uses, and with ``--clients`` each
client's with its own, in one run; against generated clinic blogs on 127.0.0.1."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from click.testing import CliRunner

from clinicsite import ClinicSite, Response, post_html, slug_of
from seoaudit.commands_scan import scan

#: an uncited evidence claim (CL005: a warning by default, an error under uk-asa) and a phone number
CLAIM = "<p>Studies show acupuncture relieves back pain. Call 780-555-0199 to book.</p>"


def with_claim(site: ClinicSite, i: int = 0) -> None:
    site.routes[f"/blog/{slug_of(i)}/"] = Response(
        body=post_html(i, site.posts).replace("<p>Related:</p>", CLAIM + "<p>Related:</p>").encode())


def run_clients(tmp_path: Path, *args: str):
    return CliRunner().invoke(scan, ["--clients", str(tmp_path / "clients.toml"), "--db", str(tmp_path / "h.db"),
                                     "--workers", "1", "--no-progress", *args], catch_exceptions=False)


def findings(out: Path) -> list[dict]:
    with open(out / "findings.csv", newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def pages(out: Path) -> dict[str, dict]:
    return {r["url"]: r for r in map(json.loads, (out / "pages.jsonl").read_text(encoding="utf-8").splitlines())
            if r["type"] == "page"}


def status_of(out: Path, url: str, code: str) -> str:
    return next(c["status"] for c in pages(out)[url]["checks"] if c["code"] == code)


def test_a_scan_judges_pages_by_the_configured_clinic_and_obeys_ignore_in_site_checks(tmp_path):
    with ClinicSite(posts=4) as site:
        with_claim(site)
        (tmp_path / "c.toml").write_text('profile = "uk-asa"\nclinic_phone = "780-555-0100"\nignore = ["ST002"]\n')
        result = CliRunner().invoke(scan, [site.url("/sitemap.txt"), "--config", str(tmp_path / "c.toml"), "--db", str(tmp_path / "h.db"),
                                           "-o", str(tmp_path / "o"), "--workers", "1", "--no-progress", "--no-intel"],
                                    catch_exceptions=False)
    assert result.exit_code == 0, result.output
    # before, the scan judged every page under the default profile with no clinic NAP
    assert status_of(tmp_path / "o", site.post_url(0), "CL005") == "bad"
    assert status_of(tmp_path / "o", site.post_url(0), "LB001") == "bad"  # 780-555-0199 is not the clinic's number
    assert not any(f["code"] == "ST002" for f in findings(tmp_path / "o"))  # posts 1 and 2 share a title


def test_a_clients_locations_make_each_locations_number_the_clinics(tmp_path):
    """A client with several locations (``[[clients.locations]]``): the number post 0 writes is one
    location's, not a stray one, under the same run's settings that make it bad otherwise."""
    with ClinicSite(posts=2) as site:
        with_claim(site)
        (tmp_path / "clients.toml").write_text(
            f'[[clients]]\nname = "North"\nurls = ["{site.url("/sitemap.txt")}"]\nclinic_phone = "780-555-0100"\n'
            '[[clients.locations]]\naddress = "8 Perron St, St. Albert, AB"\nphone = "780-555-0199"\n'
            f'[[clients]]\nname = "South"\nurls = ["{site.url("/sitemap.txt")}"]\nclinic_phone = "780-555-0100"\n', encoding="utf-8")
        result = run_clients(tmp_path, "--no-intel", "-o", str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    assert status_of(tmp_path / "o" / "north", site.post_url(0), "LB001") != "bad"
    assert status_of(tmp_path / "o" / "south", site.post_url(0), "LB001") == "bad"


def test_each_client_is_audited_with_its_own_settings_in_one_run(tmp_path):
    with ClinicSite(posts=4) as edmonton, ClinicSite(posts=4) as leeds:
        with_claim(edmonton)
        with_claim(leeds)
        # the run's settings: every client starts from them
        (tmp_path / "run.toml").write_text('profile = "uk-asa"\nclinic_phone = "780-555-0100"\n')
        (tmp_path / "cfg").mkdir()
        # Riverbend's own config file (relative to the clients file) sets the profile back to the
        # default and a phone number; its entry sets another number, which wins over the file
        (tmp_path / "cfg" / "riverbend.toml").write_text(
            '[tool.seoaudit]\nprofile = "default"\nclinic_phone = "780-555-0142"\n'
            '[tool.seoaudit.intel]\nsuggestions = 1\n')
        (tmp_path / "clients.toml").write_text(f"""
output = "agency"

[[clients]]
name = "Riverbend Acupuncture"
sitemaps = ["{edmonton.url('/sitemap.txt')}"]
config = "cfg/riverbend.toml"
city = "Edmonton"
clinic_phone = "780-555-0199"

[[clients]]
name = "Kirkstall Physio"
sitemaps = ["{leeds.url('/sitemap.txt')}"]
city = "Leeds"
profile = "uk-asa"
ignore = ["ST002"]

[[clients.pages]]
match = "*/post-00001-*"
keyphrases = ["physio leeds"]

[clients.checks.BA006]
level = "off"
""")
        result = run_clients(tmp_path, "--config", str(tmp_path / "run.toml"))
    assert result.exit_code == 0, result.output
    riverbend, kirkstall = tmp_path / "agency" / "riverbend-acupuncture", tmp_path / "agency" / "kirkstall-physio"
    # profile: the client's config file wins over the run's --config; the entry's over both
    assert status_of(riverbend, edmonton.post_url(0), "CL005") == "ok"  # a warning under the default profile
    assert status_of(kirkstall, leeds.post_url(0), "CL005") == "bad"  # an error under uk-asa
    # clinic_phone: the entry (780-555-0199, the page's number) beats its config file; Kirkstall sets
    # none, so the run's 780-555-0100 judges its page
    assert status_of(riverbend, edmonton.post_url(0), "LB001") == "good"
    assert status_of(kirkstall, leeds.post_url(0), "LB001") == "bad"
    # targeting, select/ignore and check levels per client; the site checks obey ignore too
    assert pages(kirkstall)[leeds.post_url(1)]["keyphrases"] == ["physio leeds"]
    assert pages(riverbend)[edmonton.post_url(1)]["keyphrases"] == []
    assert {"BA006", "ST002"} & {c["code"] for p in pages(kirkstall).values() for c in p.get("checks", ())} == set()
    assert not any(f["code"] == "ST002" for f in findings(kirkstall))
    assert any(f["code"] == "ST002" for f in findings(riverbend))  # posts 1 and 2 share a title
    assert any(c["code"] == "BA006" for c in pages(riverbend)[edmonton.post_url(1)]["checks"])
    # intel settings: one suggestion per page for Riverbend (its config file), the default 5 for Kirkstall
    suggestions = lambda out: [len(p.get("suggestions", ())) for p in json.loads((out / "intel.json").read_text())["pages"]]
    assert max(suggestions(riverbend)) == 1 and max(suggestions(kirkstall)) > 1
    overview = (tmp_path / "agency" / "index.html").read_text(encoding="utf-8")
    assert "Riverbend Acupuncture" in overview and "Kirkstall Physio" in overview


def test_command_line_flags_win_over_a_clients_settings(tmp_path):
    with ClinicSite(posts=2) as site:
        (tmp_path / "clients.toml").write_text(f"""
[[clients]]
name = "North"
urls = ["{site.post_url(0)}"]
keyphrases = ["physio leeds"]
city = "Leeds"
""")
        result = run_clients(tmp_path, "-k", "acupuncture for back pain", "-c", "Edmonton", "--no-intel", "-o", str(tmp_path / "o"))
    assert result.exit_code == 0, result.output
    page = pages(tmp_path / "o" / "north")[site.post_url(0)]
    assert (page["keyphrases"], page["cities"]) == (["acupuncture for back pain"], ["Edmonton"])


def test_bad_client_settings_are_exit_2_naming_the_client_and_the_key(tmp_path):
    cases = {
        'clinic_fone = "1"': "client 'North': unknown key(s): clinic_fone",
        'profile = "mars"': "client 'North'",
        'read_timeout = 5': "client 'North': read_timeout: the fetching settings are the run's",
        'config = "missing.toml"': "client 'North': " + str(tmp_path / "missing.toml") + ": no such config file",
        'config = "north.toml"': "client 'North': " + str(tmp_path / "north.toml") + ": user_agent: the fetching settings",
        '[clients.checks.KW001]\nmax_density = -1': "client 'North'",
        '[clients.checks.XX999]\nlevel = "off"': "client 'North'",
        'select = ["ST002"]\nignore = ["ST002"]': "client 'North': no checks left to run",
        '[[clients.locations]]\nadress = "1 Main St"': "client 'North': locations entry 1: unknown key 'adress' (did you mean 'address'?",
    }
    (tmp_path / "north.toml").write_text('user_agent = "x"\n')
    for line, message in cases.items():
        (tmp_path / "clients.toml").write_text(f'[[clients]]\nname = "North"\nurls = ["http://127.0.0.1:9/x/"]\n{line}\n')
        result = run_clients(tmp_path)
        assert result.exit_code == 2, (line, result.output)
        assert message in result.stderr and "clients.toml" in result.stderr, (line, result.stderr)


def test_the_readme_clients_example_loads(tmp_path):
    from seoaudit.clients import load_clients
    from seoaudit.config import Settings

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    example = readme.split("### Clients file (TOML or YAML)\n", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "clients.toml").write_text(example, encoding="utf-8")
    (tmp_path / "northside.toml").write_text('[tool.seoaudit]\nprofile = "us-ftc"\nclinic_address = "1 Main St"\n')
    root, (north, leeds) = load_clients(tmp_path / "clients.toml", Settings(profile="default", clinic_phone="000"))
    assert root == tmp_path / "reports" and north.output == tmp_path / "reports" / "northside"
    s = north.settings
    assert (s.profile, s.clinic_address, s.clinic_phone, s.ignore) == ("ca-ab", "1 Main St", "780-555-0142", ("CL008",))
    assert s.check_options["CV003"]["booking_patterns"] == ["northside\\.janeapp\\.com"] and s.intel["suggestions"] == 3
    assert s.pages[0].keyphrases == ("knee pain physio",)
    assert (leeds.settings.profile, leeds.settings.clinic_phone, leeds.settings.cities) == ("uk-asa", "000", ("Leeds",))


def test_a_clients_file_with_several_mistakes_names_them_all_at_once(tmp_path):
    # an agency fixing one mistake per run met the next only at the next run
    from seoaudit.clients import load_clients
    from seoaudit.config import Settings
    from seoaudit.registry import ConfigError

    (tmp_path / "clients.toml").write_text(
        '[[clients]]\nname = "Northside"\nsitemaps = ["https://n.example/sitemap.xml"]\nprofil = "default"\n\n'
        '[[clients]]\nname = "Plateau"\n\n'
        '[[clients]]\nname = "Kirkstall"\nsitemaps = ["https://k.example/sitemap.xml"]\n', encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_clients(tmp_path / "clients.toml", Settings())
    lines = str(raised.value).splitlines()
    assert len(lines) == 2 and "client 'Northside': unknown key(s): profil" in lines[0]
    assert "client 'Plateau': needs sitemaps or start_urls" in lines[1]
    r = CliRunner().invoke(scan, ["--clients", str(tmp_path / "clients.toml"), "--db", str(tmp_path / "h.db")])
    errors = [line for line in r.stderr.splitlines() if line.startswith("seoaudit: error: ")]
    assert r.exit_code == 2 and len(errors) == 2, r.stderr
