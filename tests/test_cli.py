"""The CLI as users run it: commands, outputs, exit codes, offline operation."""

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from seoaudit.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
POST = """---
title: Acupuncture for Back Pain in Edmonton
description: How acupuncture may help back pain, what a visit involves and when to see your doctor instead.
keyphrase: acupuncture for back pain
city: Edmonton
---

# Acupuncture for back pain in Edmonton

Acupuncture for back pain is one option our Edmonton clinic offers. Many people find it helps.

## What to expect

Your first visit takes about an hour.
"""


def run(*args, input=None):
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result


@pytest.fixture
def post(tmp_path):
    p = tmp_path / "acupuncture-back-pain.md"
    p.write_text(POST, encoding="utf-8")
    return p


def test_audit_json_to_stdout_and_exit_0(post, tmp_path):
    r = run("audit", str(post), "-f", "json", "-o", str(tmp_path / "out"))
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert data["schema_version"] == 1 and data["tool"]["name"] == "seoaudit"
    page = data["pages"][0]
    assert page["status"] == "ok" and page["keyphrases"] == ["acupuncture for back pain"]
    assert {c["code"] for c in page["checks"]} >= {"KW001", "BA001", "LK001"}


def test_default_formats_write_text_and_scorecards(post, tmp_path):
    out = tmp_path / "report"
    r = run("audit", str(post), "-o", str(out))
    assert r.exit_code == 0
    assert "score" in r.stdout
    html = list(out.glob("*.html"))
    assert len(html) == 1 and "<svg" in html[0].read_text()


def test_several_pages_get_an_index(post, tmp_path):
    other = tmp_path / "b.txt"
    other.write_text("Massage therapy for headaches\n\nMassage may ease tension headaches for some people.\n", encoding="utf-8")
    out = tmp_path / "report"
    r = run("audit", str(post), str(other), "-f", "html", "-o", str(out))
    assert r.exit_code == 0
    index = (out / "index.html").read_text()
    assert index.count('href="') >= 2


def test_missing_target_exit_3_and_others_still_reported(post, tmp_path):
    r = run("audit", str(post), str(tmp_path / "missing.md"), "-f", "json", "-o", str(tmp_path / "o"))
    assert r.exit_code == 3
    data = json.loads(r.stdout)
    statuses = [p["status"] for p in data["pages"]]
    assert statuses == ["ok", "error"]
    assert "missing.md" in r.stderr and len([l for l in r.stderr.splitlines() if "missing.md" in l]) == 1
    assert r.stderr.count("missing.md") == 1  # the target named once, then the cause


def test_empty_file_is_a_one_line_error_and_the_others_are_audited(tmp_path):
    (tmp_path / "empty.md").write_bytes(b"")
    # a copy: the targets' configs are discovered, and samples/seoaudit.toml is not the empty file's
    knee = shutil.copy(SAMPLES / "physio-knee-pain-calgary.md", tmp_path)
    r = run("audit", str(tmp_path / "empty.md"), str(knee), "-f", "json", "-o", str(tmp_path / "o"))
    assert r.exit_code == 3
    assert [l for l in r.stderr.splitlines() if "empty.md" in l] == [l for l in r.stderr.splitlines() if l.strip()]
    assert "empty file" in r.stderr


def test_binary_file_is_a_one_line_error(tmp_path):
    bad = tmp_path / "image.html"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00" * 100)
    r = run("audit", str(bad), "-f", "json", "-o", str(tmp_path / "o"))
    assert r.exit_code == 3
    assert "image.html" in r.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("audit", "--select", "NOPE1", "x.md"),
        ("audit", "--format", "pdf", "x.md"),
        ("audit",),
        ("explain", "ZZ999"),
    ],
)
def test_usage_errors_exit_2(args):
    assert run(*args).exit_code == 2


def test_bad_config_exit_2_names_file(tmp_path, post):
    cfg = tmp_path / "bad.toml"
    cfg.write_text('city = "Edmonton"\nwidgets = 3\n')
    r = run("audit", str(post), "--config", str(cfg))
    assert r.exit_code == 2
    assert "bad.toml" in r.stderr and "widgets" in r.stderr


@pytest.mark.parametrize("command", ["audit", "intel", "check"])
@pytest.mark.parametrize("setting, needle", [('profile = "mars"', "profile 'mars' is unknown"),
                                             ('clinic_profession = "astronaut"', "clinic_profession: unknown profession 'astronaut'")])
def test_unknown_profile_or_profession_exit_2_in_one_line(post, tmp_path, command, setting, needle):
    cfg = tmp_path / "clinic.toml"
    cfg.write_text(f"[tool.seoaudit]\n{setting}\n")
    r = run(command, str(post), "--config", str(cfg))
    assert r.exit_code == 2, r.stderr
    assert needle in r.stderr and "Traceback" not in r.stderr
    assert "clinic.toml: " in r.stderr  # named like every other config error (the profile's was not)
    assert len(r.stderr.strip().splitlines()) == 1


def test_flags_win_over_front_matter(post, tmp_path):
    r = run("audit", str(post), "-f", "json", "-k", "physiotherapy", "-c", "Calgary", "-o", str(tmp_path / "o"))
    page = json.loads(r.stdout)["pages"][0]
    assert page["keyphrases"] == ["physiotherapy"] and page["cities"] == ["Calgary"]


def test_select_and_ignore(post, tmp_path):
    r = run("audit", str(post), "-f", "json", "--select", "basics", "--ignore", "BA006", "-o", str(tmp_path / "o"))
    checks = json.loads(r.stdout)["pages"][0]["checks"]
    codes = {c["code"] for c in checks}
    assert codes and all(c["category"] == "basics" for c in checks) and "BA006" not in codes and "BA001" in codes


def test_checks_and_explain():
    r = run("checks")
    assert r.exit_code == 0 and "KW001" in r.stdout and "keyphrase-density" in r.stdout
    r = run("explain", "keyphrase-density")
    assert r.exit_code == 0 and "KW001" in r.stdout and "Source:" in r.stdout
    # a check whose fix a draft words its own way shows it too, as a draft's scorecard does
    lines = run("explain", "CV002").stdout.splitlines()
    assert "How to fix: Link the location page in the text, e.g. 'our <a href=\"/contact/\">clinic in Edmonton</a>'." in lines
    assert "In a Markdown draft: Link the location page in the text, e.g. 'our [clinic in Edmonton](/contact/)'." in lines
    assert "In a text draft: Link the location page in the text, e.g. 'our clinic in Edmonton (linked to /contact/)'." in lines
    assert any(line.startswith("In a Markdown draft: Write the front matter's `description:`") for line in run("explain", "BA002").stdout.splitlines())
    assert "In a " not in run("explain", "KW001").stdout  # the same fix for every source


def test_extract_prints_main_content_only():
    r = run("extract", str(SAMPLES / "acupuncture-back-pain-edmonton.html"))
    assert r.exit_code == 0
    assert r.stdout.startswith("# ")  # the H1 comes first
    assert "Leave a comment" not in r.stdout and "All rights reserved" not in r.stdout


def test_stdin_target(tmp_path):
    r = run("audit", "-", "-f", "json", "-o", str(tmp_path / "o"), input="<html><head><title>Physio for knee pain</title></head><body><article><h1>Knee pain</h1><p>Physiotherapy can help knee pain.</p></article></body></html>")
    assert r.exit_code == 0
    assert json.loads(r.stdout)["pages"][0]["title"] == "Physio for knee pain"


def test_output_is_deterministic(post, tmp_path):
    a = run("audit", str(post), "-f", "json", "-o", str(tmp_path / "a")).stdout
    b = run("audit", str(post), "-f", "json", "-o", str(tmp_path / "b")).stdout
    assert a == b
    run("audit", str(post), "-f", "html", "-o", str(tmp_path / "h1"))
    run("audit", str(post), "-f", "html", "-o", str(tmp_path / "h2"))
    [f1] = (tmp_path / "h1").glob("*.html")
    [f2] = (tmp_path / "h2").glob("*.html")
    assert f1.read_bytes() == f2.read_bytes()


NO_NETWORK = textwrap.dedent(
    """
    import socket, sys
    attempts = []
    def refuse(*a, **k):
        attempts.append(a)
        raise OSError("network disabled by test")
    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    import atexit
    atexit.register(lambda: attempts and sys.stderr.write("NETWORK ATTEMPTED %r\\n" % (attempts,)))
    from seoaudit.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)


def test_samples_audit_offline_with_network_disabled(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HTTP", "HTTPS", "NLTK"))}
    env["NLTK_DATA"] = str(tmp_path / "no-nltk-data")
    env["NO_COLOR"] = "1"
    proc = subprocess.run(
        [sys.executable, "-c", NO_NETWORK, "audit", str(SAMPLES), "--config", str(SAMPLES / "seoaudit.toml"), "-f", "json", "-f", "html", "-o", str(tmp_path / "out")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "NETWORK ATTEMPTED" not in proc.stderr
    data = json.loads(proc.stdout)
    posts = [p for p in SAMPLES.iterdir() if p.suffix in (".html", ".md", ".txt") and p.name != "README.md"]
    assert len(data["pages"]) == len(posts) == 6 and all(p["status"] == "ok" for p in data["pages"])
    assert not any(c["status"] == "error" for p in data["pages"] for c in p["checks"])
    assert len(list((tmp_path / "out").glob("*.html"))) == len(posts) + 1  # and the index


def _near_copy(tmp_path, name, city):
    text = POST.replace("Edmonton", city)
    p = tmp_path / name
    p.write_text(text + "\nWe see patients from all over " + city + " and nearby towns every week.\n", encoding="utf-8")
    return p


def test_several_pages_get_site_intelligence_in_json_index_and_scorecards(tmp_path):
    a = _near_copy(tmp_path, "edmonton.md", "Edmonton")
    b = _near_copy(tmp_path, "calgary.md", "Calgary")
    out = tmp_path / "report"
    r = run("audit", str(a), str(b), "-f", "json", "-f", "html", "-o", str(out), "-c", "Edmonton", "-c", "Calgary")
    assert r.exit_code == 0
    intel = json.loads(r.stdout)["intel"]
    assert intel["summary"]["pages"] == 2
    assert [d["kind"] for d in intel["duplicates"]] == ["city-swap"]
    assert intel["pages"][0]["competes_with"][0]["url"].endswith("calgary.md")
    assert 'id="site-intelligence"' in (out / "index.html").read_text()
    cards = [p for p in out.glob("*.html") if p.name != "index.html"]
    assert all('id="competes-with"' in p.read_text() for p in cards)


def test_no_intel_flag_and_single_page_have_no_intel(post, tmp_path):
    other = _near_copy(tmp_path, "calgary.md", "Calgary")
    r = run("audit", str(post), str(other), "-f", "json", "--no-intel", "-o", str(tmp_path / "o"))
    assert "intel" not in json.loads(r.stdout)
    r = run("audit", str(post), "-f", "json", "-o", str(tmp_path / "o2"))
    assert "intel" not in json.loads(r.stdout)


def test_infer_keyphrases_uses_top_suggestion_for_pages_without_one(tmp_path):
    shutil_copy = __import__("shutil").copy
    for name in ("physio-knee-pain-calgary.md", "massage-therapy-no-city.txt", "acupuncture-back-pain-edmonton.html"):
        shutil_copy(SAMPLES / name, tmp_path / name)
    out = tmp_path / "o"
    plain = json.loads(run("audit", str(tmp_path), "-f", "json", "-o", str(out)).stdout)
    inferred = json.loads(run("audit", str(tmp_path), "-f", "json", "--infer-keyphrases", "-o", str(out)).stdout)
    by_source = {Path(p["source"]).name: p for p in inferred["pages"]}
    assert not {Path(p["source"]).name: p for p in plain["pages"]}["massage-therapy-no-city.txt"]["keyphrases"]
    massage = by_source["massage-therapy-no-city.txt"]
    assert massage["keyphrase_inferred"] and massage["keyphrases"]
    assert any(w in massage["keyphrases"][0] for w in ("massage", "headache", "tension"))
    kw001 = next(c for c in massage["checks"] if c["code"] == "KW001")
    assert kw001["status"] != "na"
    # a declared keyphrase (front matter) is never replaced
    knee = by_source["physio-knee-pain-calgary.md"]
    assert knee["keyphrases"] == ["physiotherapy for knee pain"] and not knee["keyphrase_inferred"]


def test_scorecard_offers_suggestions_for_a_page_without_keyphrase(tmp_path):
    out = tmp_path / "o"
    # copies: samples/seoaudit.toml, discovered from the samples' folder, gives the massage post its keyphrase
    posts = [shutil.copy(SAMPLES / name, tmp_path) for name in ("massage-therapy-no-city.txt", "physio-knee-pain-calgary.md")]
    run("audit", *map(str, posts), "-f", "html", "-o", str(out))
    [card] = [p for p in out.glob("*massage*.html")]
    assert 'id="keyphrase-suggestions"' in card.read_text()
    [knee] = [p for p in out.glob("*knee*.html")]
    assert 'id="keyphrase-suggestions"' not in knee.read_text()
    # the header's 'try -k', the terminal's and the card start with the same phrase (they offered two)
    from selectolax.lexbor import LexborHTMLParser

    doc = LexborHTMLParser(card.read_text())
    first = doc.css_first("#keyphrase-suggestions .chip").text()
    note = next(n.text() for n in doc.css(".targeting-note") if n.text().startswith("No keyphrase given"))
    assert f'try -k "{first}"' in " ".join(note.split())
    text = run("audit", *map(str, posts), "-f", "text", "-o", str(out)).stdout
    assert f'try -k "{first}"' in text


# ---- URLs through the CLI, against a real server on 127.0.0.1 -------------------------------

from httpserver import Reply  # noqa: E402


def test_audit_urls_reports_http_errors_and_goes_on(http_server, tmp_path):
    post = POST.split("---", 2)[2]
    http_server.add("/blog/acupuncture-back-pain/", Reply(body=("<html lang='en'><head><title>Acupuncture for Back Pain in Edmonton</title></head><body><article>" + post.replace("\n\n", "</p><p>") + "</article></body></html>").encode()))
    urls = [http_server.url("/blog/acupuncture-back-pain/"), http_server.url("/missing"), http_server.url("/loop/a"), http_server.url("/doc.pdf"), http_server.url("/r/301")]
    r = run("audit", *urls, "-f", "json", "-k", "acupuncture for back pain", "-c", "Edmonton", "-o", str(tmp_path / "o"))
    assert r.exit_code == 3
    pages = json.loads(r.stdout)["pages"]
    assert [p["status"] for p in pages] == ["ok", "error", "error", "error", "ok"]
    assert "404" in pages[1]["error"] and "redirect" in pages[2]["error"] and "pdf" in pages[3]["error"]
    assert pages[4]["url"].endswith("/page")  # redirects followed to the final URL
    errors = [l for l in r.stderr.splitlines() if l.startswith("seoaudit: http")]
    assert len(errors) == 3  # one line per failed target, naming it


def test_help_imports_no_heavy_module():
    """`seoaudit --help` starts in well under 0.3 s because the CLI imports its heavy parts
    when a command runs; a module-level import of files.py (Markdown, YAML) doubled it."""
    code = ("import sys, seoaudit.cli; heavy = ['seoaudit.files', 'seoaudit.document', 'selectolax', 'sklearn', 'requests', "
            "'markdown_it', 'yaml', 'jinja2']; print([m for m in heavy if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_text_footer_names_the_settings_the_run_used(tmp_path, monkeypatch):
    """Review finding 7: run from outside the site's folder, the Ontario profile silently
    disappeared. The summary's last line says which settings applied, once, in the text report
    only (no extra stderr line in CI logs; JSON is unchanged)."""
    site = tmp_path / "site"
    (site / "posts").mkdir(parents=True)
    (site / ".git").mkdir()
    (site / ".seoaudit.toml").write_text('profile = "ca-on-physio"\n', encoding="utf-8")
    (site / "posts" / "post.md").write_text(POST, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    r = run("audit", "site/posts/post.md", "-f", "text")
    assert r.stdout.splitlines()[-1].endswith("; settings: site/.seoaudit.toml, profile ca-on-physio")
    assert "settings" not in r.stderr
    r = run("audit", "site/posts/post.md", "-f", "json", "-o", str(tmp_path / "o"))
    assert "settings" not in json.loads(r.stdout)
    monkeypatch.chdir(site)
    extra = tmp_path / "extra.toml"
    extra.write_text('city = "Toronto"\n', encoding="utf-8")
    assert run("audit", "posts/post.md", "-f", "text", "--config", str(extra)).stdout.splitlines()[-1].endswith(
        f"; settings: .seoaudit.toml, {extra.as_posix()}, profile ca-on-physio")


def test_text_footer_gives_a_site_score_only_for_several_pages(tmp_path):
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Knee pain\n---\n# Knee pain\n\nPhysiotherapy helps knee pain in most people.\n", encoding="utf-8")
    one = CliRunner().invoke(cli, ["audit", str(post), "-f", "text"])
    assert one.output.rstrip().endswith("1 page; settings: no config file found, profile default") and "site score" not in one.output
    failed = CliRunner().invoke(cli, ["audit", str(tmp_path / "missing.md"), "-f", "text"])
    assert "site score" not in failed.output and "1 could not be audited" in failed.output
    (tmp_path / "other.md").write_text(post.read_text(encoding="utf-8"), encoding="utf-8")
    both = CliRunner().invoke(cli, ["audit", str(post), str(tmp_path / "other.md"), "-f", "text"])
    assert "2 pages, site score" in both.output


def test_intel_with_an_unknown_check_in_the_config_is_a_one_line_usage_error(tmp_path):
    config = tmp_path / "seoaudit.toml"
    config.write_text('[tool.seoaudit]\nselect = ["NOPE"]\n', encoding="utf-8")
    samples = Path(__file__).resolve().parents[1] / "samples"
    result = CliRunner().invoke(cli, ["intel", str(samples), "--config", str(config)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "unknown check 'NOPE'" in result.output


def test_an_unknown_check_suggests_the_nearest_one():
    r = CliRunner().invoke(cli, ["explain", "title length"])
    assert r.exit_code == 2 and "unknown check 'title length' (did you mean 'title-length' (BA001)?" in r.output
    r = CliRunner().invoke(cli, ["audit", "x.md", "--select", "keyphrase-in-slg"])
    assert r.exit_code == 2 and "did you mean 'keyphrase-in-slug' (KW007)?" in r.output
    assert "did you mean" not in CliRunner().invoke(cli, ["explain", "zzz"]).output


LAKESHORE_CONFIG = """profile = "ca-on-physio"
clinic_name = "Lakeshore Physiotherapy & Wellness"
clinic_address = "1900 Lakeshore Rd W, Unit 4, Mississauga, ON L5J 1J7"
clinic_phone = "905-555-0187"

[[locations]]
address = "240 Randall St, Oakville, ON L6J 1P4"
phone = "905-555-0233"

[[locations]]
address = "3027 New St, Burlington, ON L7N 1M6"
phone = "905-555-0311"

[[pages]]
match = "*concussion-rehab-burlington*"
city = "Burlington"
"""


def test_a_clinic_with_three_locations_audits_a_post_and_a_live_page_in_one_run(http_server, tmp_path, monkeypatch):
    """The marketer review's Lakeshore Physiotherapy, end to end: the Oakville post (Markdown) and
    the live Burlington post, named together with --config from the folder above the site."""
    from httpserver import Reply

    markup = {"@context": "https://schema.org", "@type": "Physiotherapy", "name": "Lakeshore Physiotherapy & Wellness",
              "telephone": "+1-905-555-0311",
              "address": {"@type": "PostalAddress", "streetAddress": "3027 New St", "addressLocality": "Burlington",
                          "addressRegion": "ON", "postalCode": "L7N 1M6", "addressCountry": "CA"}}
    footer = "".join(f"<div><h4>{city}</h4><p>{street}<br>{city}, ON {postal}<br><a href='tel:+1{phone.replace('-', '')}'>{phone}</a></p></div>"
                     for city, street, postal, phone in (("Mississauga", "1900 Lakeshore Rd W, Unit 4", "L5J 1J7", "905-555-0187"),
                                                         ("Oakville", "240 Randall St", "L6J 1P4", "905-555-0233"),
                                                         ("Burlington", "3027 New St", "L7N 1M6", "905-555-0311")))
    http_server.add("/blog/concussion-rehab-burlington/", Reply(body=(
        "<html lang='en'><head><title>Concussion rehab in Burlington</title>"
        f"<script type='application/ld+json'>{json.dumps(markup)}</script></head><body><main><article>"
        "<h1>Concussion rehab in Burlington</h1><p>Physiotherapy helps most people recover from a concussion in Burlington.</p>"
        f"</article></main><footer>{footer}</footer></body></html>").encode()))
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    (site / ".git").mkdir()
    (site / ".seoaudit.toml").write_text(LAKESHORE_CONFIG, encoding="utf-8")
    (site / "content" / "posts" / "runners-knee.md").write_text(
        "---\ntitle: Physiotherapy for runner's knee in Oakville\ncity: Oakville\n---\n\n"
        "Runner's knee is common among Oakville runners, and physiotherapy helps most of them.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    url = http_server.url("/blog/concussion-rehab-burlington/")
    r = run("audit", "site/content/posts/runners-knee.md", url, "--config", "site/.seoaudit.toml",
            "-f", "json", "-o", str(tmp_path / "o"), "--no-link-check")
    assert r.exit_code == 0, r.stderr
    checks = {(p["url"] == url, c["code"]): c for p in json.loads(r.stdout)["pages"] for c in p["checks"]}
    for live, code in [(True, "LB001"), (True, "LB002"), (True, "LB005"), (False, "LB005")]:
        assert checks[(live, code)]["status"] == "good", checks[(live, code)]["message"]
    assert checks[(True, "LB005")]["message"] == "The post targets Burlington, where the clinic is (its location at 3027 New St)."
    assert checks[(False, "LB005")]["message"] == "The post targets Oakville, where the clinic is (its location at 240 Randall St)."
    text = run("audit", "site/content/posts/runners-knee.md", url, "--config", "site/.seoaudit.toml", "-f", "text", "--no-link-check")
    assert text.stdout.splitlines()[-1].endswith("settings: site/.seoaudit.toml, profile ca-on-physio")
