"""The scan's progress bar: drawn on stderr when it is a terminal (a real pseudo-terminal here), silent otherwise."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

from clinicsite import ClinicSite

ROOT = Path(__file__).resolve().parents[1]
CMD = [sys.executable, "-c", "import sys; from seoaudit.commands_scan import scan; scan(sys.argv[1:])"]
LINE = re.compile(r"\[[#-]+\] (\d+)/(\d+) [\d.]+/s ETA [\d:-]+ errors (\d+)")
POSTS = 6


def scan_args(tmp_path, site) -> list[str]:
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join([*(site.post_url(i) for i in range(POSTS)), site.url("/nope/")]) + "\n")
    return [str(urls), "--db", str(tmp_path / "h.db"), "-o", str(tmp_path / "out"), "--workers", "1", "--retries", "0", "--no-intel"]


def read_until_closed(fd: int, timeout: float = 60.0) -> bytes:
    """Everything written to the terminal until the scan closes it (or ``timeout`` passes)."""
    chunks, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        readable, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not readable:
            break
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO: the other side of the terminal was closed
            break
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks)


def test_progress_is_drawn_on_a_terminal(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    master, slave = os.openpty()
    try:
        with ClinicSite(posts=POSTS) as site:
            proc = subprocess.Popen(CMD + scan_args(tmp_path, site), env=env, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=slave)
            os.close(slave)
            slave = -1
            output = read_until_closed(master).decode("utf-8", "replace")
            code = proc.wait(60)
    finally:
        os.close(master)
        if slave >= 0:
            os.close(slave)
    assert code == 3  # /nope/ could not be audited
    lines = LINE.findall(output)
    assert lines and "\r" in output
    done, total, errors = map(int, lines[-1])
    assert done == total >= POSTS + 1 and errors == 1  # the final line: everything done, the 404 counted
    # the failed URL's line clears the bar and stands on its own line, the bar redrawn after it
    named = [l for l in output.replace("\r\n", "\n").split("\n") if "/nope/: HTTP 404" in l]
    # (what a terminal shows of that line is what follows the last clear-line sequence)
    assert len(named) == 1 and "\r\x1b[2Kseoaudit: " in named[0]
    assert named[0].rsplit("\r\x1b[2K", 1)[1].startswith("seoaudit: ")


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with ClinicSite(posts=POSTS) as site:
        proc = subprocess.run(CMD + scan_args(tmp_path, site), env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=60)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 3
    assert not LINE.search(stderr) and "\r" not in stderr and "\x1b[" not in stderr
