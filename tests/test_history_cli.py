"""``seoaudit history``: every stored site, lookups by name, host or URL, text/json/csv, partial
scans, page history by site, and ``scan --no-history``. Real SQLite databases; real scans of
generated clinic blogs on 127.0.0.1 where a scan is needed."""

from __future__ import annotations

from click.testing import CliRunner

from clinicsite import ClinicSite
from seoaudit.commands_scan import scan
from seoaudit.store import Store


def scan_site(tmp_path, *args, code=0):
    result = CliRunner().invoke(scan, [*map(str, args), "--db", str(tmp_path / "h.db"), "-o", str(tmp_path / "out"),
                                       "--workers", "1", "--no-progress", "--no-intel"], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def test_no_history_scans_are_not_recorded(tmp_path):
    with ClinicSite(posts=3) as site:
        scan_site(tmp_path, site.post_url(0), "--site", "clinic", "--no-history")
        assert (tmp_path / "out" / "index.html").is_file() and (tmp_path / "out" / "pages.csv").is_file()
        assert not (tmp_path / "h.db").exists()
        scan_site(tmp_path, site.url("/sitemap_index.xml"), "--site", "clinic")
        scan_site(tmp_path, site.post_url(0), "--site", "clinic", "--no-history")
        result = scan_site(tmp_path, site.post_url(0), "--site", "clinic", "--no-history", "--resume", code=2)
    assert "--no-history" in result.stderr
    store = Store(tmp_path / "h.db")
    assert [(r.number, r.whole_site) for r in store.site_history("clinic")] == [(1, True)]  # only the recorded scan
    store.close()
    assert (tmp_path / "http-cache.sqlite3").is_file()  # the HTTP cache is still the usual one
