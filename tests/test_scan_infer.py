"""``seoaudit scan --infer-keyphrases``: a post without a keyphrase is audited against site
intelligence's top suggestion, as ``audit --infer-keyphrases`` does; on 127.0.0.1."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from clinicsite import ClinicSite
from seoaudit.cli import cli
from seoaudit.commands_scan import scan
from seoaudit.scan_intel import UNTARGETED_NAME


def run_scan(tmp_path: Path, *args: str, out: str = "out", workers: str = "1"):
    return CliRunner().invoke(scan, [*args, "--db", str(tmp_path / "h.db"), "-o", str(tmp_path / out), "--workers", workers,
                                     "--no-progress"], catch_exceptions=False)


def rows(out: Path) -> dict[str, dict]:
    with open(out / "pages.csv", newline="", encoding="utf-8-sig") as f:
        found = list(csv.DictReader(f))
    assert len({r["url"] for r in found}) == len(found)  # each page once, the second audit included
    return {r["url"]: r for r in found}


def jsonl_pages(out: Path) -> dict[str, dict]:
    return {r["url"]: r for r in map(json.loads, (out / "pages.jsonl").read_text(encoding="utf-8").splitlines()) if r["type"] == "page"}


def intel_inferred(out: Path) -> dict[str, str]:
    return {p["url"]: p.get("inferred_keyphrase") for p in json.loads((out / "intel.json").read_text(encoding="utf-8"))["pages"]}


def test_untargeted_posts_are_audited_against_their_top_suggestion(tmp_path):
    (tmp_path / "c.toml").write_text('[[pages]]\nmatch = "*/post-00001-*"\nkeyphrase = "knee pain physio"\n')
    with ClinicSite(posts=6) as site:
        plain = run_scan(tmp_path, site.root, "--config", str(tmp_path / "c.toml"), out="plain")
        inferred = run_scan(tmp_path, site.root, "--config", str(tmp_path / "c.toml"), "--infer-keyphrases", out="inferred",
                            workers="2")
    assert plain.exit_code == inferred.exit_code == 0, (plain.output, inferred.output)
    before, after = rows(tmp_path / "plain"), rows(tmp_path / "inferred")
    assert set(before) == set(after)
    suggested = intel_inferred(tmp_path / "inferred")
    posts = [site.post_url(i) for i in range(6) if i != 1]
    for url in posts:
        # before this, the scan left them without a keyphrase: keyphrase scores empty
        assert before[url]["keyphrases"] == "" and before[url]["keyphrase_score"] == ""
        assert suggested[url] and after[url]["keyphrases"] == suggested[url], url
        assert after[url]["keyphrase_score"] != ""
        page = jsonl_pages(tmp_path / "inferred")[url]
        assert page["keyphrase_inferred"] is True and page["keyphrases"] == [suggested[url]]
        scorecard = (tmp_path / "inferred" / after[url]["scorecard"]).read_text(encoding="utf-8")
        assert "(inferred: the post's most distinctive phrase)" in scorecard and suggested[url] in scorecard
    # the second audit's scorecard still gets the cards written after it: post 3 links a deleted post
    assert "<h2>Site findings</h2>" in (tmp_path / "inferred" / after[site.post_url(3)]["scorecard"]).read_text(encoding="utf-8")
    # a post with its own keyphrase, and pages that are not posts, are audited once, as before
    same = [site.post_url(1), site.root]
    assert all((after[u]["keyphrases"], after[u]["score"]) == (before[u]["keyphrases"], before[u]["score"]) for u in same)
    assert not (tmp_path / "inferred" / UNTARGETED_NAME).exists()
    records = [json.loads(l) for l in (tmp_path / "inferred" / "pages.jsonl").read_text().splitlines()]
    assert sum(r["type"] == "page" for r in records) == len(after)
    # the history stores the second audits: the page rows have their keyphrase scores
    db = sqlite3.connect(tmp_path / "h.db")
    stored = dict(db.execute("SELECT p.url, p.categories FROM pages p JOIN scans s ON s.id = p.scan_id"
                             " WHERE s.id = (SELECT MAX(id) FROM scans) AND p.status = 'ok'"))
    db.close()
    assert all(json.loads(stored[u]).get("keyphrase") is not None for u in posts)


def test_scan_and_audit_infer_the_same_keyphrases(tmp_path):
    with ClinicSite(posts=5) as site:
        urls = [site.post_url(i) for i in range(5)]
        (tmp_path / "urls.txt").write_text("\n".join(urls))
        (tmp_path / "c.toml").write_text("[intel]\ninfer_keyphrases = true\n")  # the config's word, as the flag's
        scanned = run_scan(tmp_path, str(tmp_path / "urls.txt"), "--config", str(tmp_path / "c.toml"))
        audited = CliRunner().invoke(cli, ["audit", *urls, "--infer-keyphrases", "-f", "json", "--no-link-check"],
                                     catch_exceptions=False)
    assert scanned.exit_code == 0, scanned.output
    assert audited.exit_code == 0, audited.output
    by_audit = {p["url"]: p["keyphrases"] for p in json.loads(audited.stdout)["pages"]}
    by_scan = {u: r["keyphrases"].split("; ") for u, r in rows(tmp_path / "out").items() if r["status"] == "ok"}
    assert by_scan == by_audit and all(by_scan.values())


def test_no_infer_keyphrases_wins_over_the_config_and_needs_intel(tmp_path):
    with ClinicSite(posts=3) as site:
        (tmp_path / "c.toml").write_text("[intel]\ninfer_keyphrases = true\n")
        off = run_scan(tmp_path, site.url("/sitemap.txt"), "--config", str(tmp_path / "c.toml"), "--no-infer-keyphrases")
        clash = run_scan(tmp_path, site.url("/sitemap.txt"), "--infer-keyphrases", "--no-intel", out="clash")
    assert off.exit_code == 0, off.output
    assert all(r["keyphrases"] == "" for r in rows(tmp_path / "out").values())
    assert clash.exit_code == 2 and "--no-intel" in clash.stderr


def test_resume_audits_the_untargeted_posts_of_an_interrupted_scan(tmp_path):
    """Ctrl-C (a real SIGINT, caught by the scan's handler) after some untargeted posts were kept
    for their second audit: they were not stored as audited, so --resume fetches and audits them."""
    import os
    import signal
    from concurrent.futures import Future

    from seoaudit.config import Settings
    from seoaudit.scan import ScanOptions, ScanRun, ScanSpec, _InlineExecutor
    from seoaudit.store import Store

    class StallsAtFifth(_InlineExecutor):
        submitted = 0

        def submit(self, fn, *args):
            self.submitted += 1
            if self.submitted == 5:
                os.kill(os.getpid(), signal.SIGINT)
                return Future()  # never finishes
            return super().submit(fn, *args)

    class InterruptedRun(ScanRun):
        def _make_pool(self):
            super()._make_pool()
            return StallsAtFifth()

    settings = Settings(intel={"infer_keyphrases": True})
    with ClinicSite(posts=8) as site:
        spec = lambda: ScanSpec(name="clinic", targets=[site.url("/sitemap.txt")], out_dir=tmp_path / "out", settings=settings)
        store = Store(tmp_path / "h.db")
        first = InterruptedRun([spec()], store, ScanOptions(workers=1))
        [result] = first.run()
        assert first.interrupted and result.status == "interrupted"
        assert store.db.execute("SELECT COUNT(*) FROM pages WHERE status='ok'").fetchone()[0] == 0  # all kept for later
        assert not (tmp_path / "out" / UNTARGETED_NAME).exists()
        [resumed] = ScanRun([spec()], store, ScanOptions(workers=1, resume=True)).run()
        store.close()
    assert resumed.status == "complete" and resumed.ok == 8
    suggested = intel_inferred(tmp_path / "out")
    ok = {u: r for u, r in rows(tmp_path / "out").items() if r["status"] == "ok"}
    assert set(ok) == {site.post_url(i) for i in range(8)}
    assert all(r["keyphrases"] == suggested[u] and suggested[u] for u, r in ok.items())


def test_a_client_may_infer_keyphrases_and_another_not_in_one_run(tmp_path):
    with ClinicSite(posts=4) as a, ClinicSite(posts=4) as b:
        (tmp_path / "clients.toml").write_text(f"""
[[clients]]
name = "Does not"
sitemaps = ["{b.url('/sitemap.txt')}"]

[[clients]]
name = "Infers"
sitemaps = ["{a.url('/sitemap.txt')}"]
[clients.intel]
infer_keyphrases = true
""")
        result = CliRunner().invoke(scan, ["--clients", str(tmp_path / "clients.toml"), "-o", str(tmp_path / "agency"),
                                           "--db", str(tmp_path / "h.db"), "--workers", "2", "--no-progress"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    infers, does_not = tmp_path / "agency" / "infers", tmp_path / "agency" / "does-not"
    suggested = intel_inferred(infers)
    assert all(r["keyphrases"] == suggested[u] and suggested[u] for u, r in rows(infers).items() if r["status"] == "ok")
    assert all(r["keyphrases"] == "" for r in rows(does_not).values())
    assert intel_inferred(does_not)  # its site intelligence ran, after the other client's second audits
    closing = [l.split(":")[1].strip() for l in result.stderr.splitlines() if " audited" in l]
    assert closing == ["Does not", "Infers"]  # the clients file's order, whatever order they were finished in
