"""Untrusted text never reaches a terminal or CI log as escape sequences: a server's reason
phrase, a URL, a title or a keyphrase holding "\x1b]0;...\x07" (sets the terminal's title)
or "\x1b[2J" (clears the screen), or a right-to-left override (U+202E)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from click.testing import CliRunner

from seoaudit.cli import cli
from seoaudit.reports.markdown import cell
from seoaudit.sources import error_line
from seoaudit.text import printable

ESC = "\x1b]0;PWNED\x07\x1b[2J"


def test_printable_escapes_controls_and_bidi_overrides():
    assert printable(f"a{ESC}b\u202ec") == "a\\x1b]0;PWNED\\x07\\x1b[2Jb\\u202ec"
    assert printable("two\nlines", keep_newlines=True) == "two\nlines"


def test_error_lines_and_markdown_cells_carry_no_escape_sequences():
    line = error_line(f"https://x.example/{ESC}", f"HTTP 500 {ESC}")
    assert "\x1b" not in line and "\x07" not in line and "\\x1b" in line
    assert "\x1b" not in cell(f"Title {ESC}") and "\u202e" not in cell("a\u202eb")


def test_a_servers_reason_phrase_is_escaped_on_stderr():
    # the reason phrase of an HTTP status line is the server's text, printed in our error line
    class Hostile(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.wfile.write(f"HTTP/1.1 500 Oops{ESC}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode("latin-1"))

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        r = CliRunner().invoke(cli, ["audit", f"http://127.0.0.1:{server.server_address[1]}/x", "-f", "json"])
    finally:
        server.shutdown()
    assert r.exit_code == 3 and "Oops" in r.stderr
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr


def test_intel_text_escapes_page_text(tmp_path):
    body = ("Physiotherapy for knee pain helps people walk again. Our Calgary physiotherapists test the knee "
            "and plan exercises that build strength. ") * 12
    for name in ("a", "b"):
        (tmp_path / f"{name}.md").write_text(f"---\ntitle: \"Knee pain \\x1b]0;PWNED\\x07 {name}\"\nkeyphrase: \"\\x1b[2Jknee pain\"\n---\n{body}\n",
                                             encoding="utf-8")
    r = CliRunner().invoke(cli, ["intel", str(tmp_path), "-f", "text"])
    assert r.exit_code == 0, r.output
    assert "\x1b" not in r.output and "\x07" not in r.output
