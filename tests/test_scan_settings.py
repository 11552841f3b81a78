"""``seoaudit scan``: pages judged with the settings `audit` uses, and with ``--clients`` each
client's with its own, in one run; against generated clinic blogs on 127.0.0.1."""

from __future__ import annotations

import csv
import json
from pathlib import Path

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
