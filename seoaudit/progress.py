"""A one-line progress bar on stderr: done/total, rate, ETA, errors. Only on a terminal.

The total grows while crawling (new links are found), so the ETA is for the work
known so far. Redraws at most ``interval`` times a second, so it costs nothing.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


def format_eta(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    seconds = int(seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def render_line(done: int, total: int, errors: int, elapsed: float, width: int = 24) -> str:
    total = max(total, done)
    frac = done / total if total else 0.0
    filled = int(frac * width)
    rate = done / elapsed if elapsed > 0 else 0.0
    eta = (total - done) / rate if rate > 0 else None
    bar = "#" * filled + "-" * (width - filled)
    return f"[{bar}] {done}/{total} {rate:.1f}/s ETA {format_eta(eta)} errors {errors}"


class Progress:
    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None, interval: float = 0.1):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.interval = interval
        self.done = self.total = self.errors = 0
        self._start = time.monotonic()
        self._last = 0.0

    def add_total(self, n: int) -> None:
        self.total += n
        self._draw()

    def step(self, failed: bool = False) -> None:
        self.done += 1
        self.errors += int(failed)
        self._draw()

    def write(self, line: str) -> None:
        """Print a message line on the same stream without tearing the bar: the bar's line is
        cleared first and redrawn below the message."""
        if self.enabled:
            self.stream.write("\r\x1b[2K")
        self.stream.write(line + "\n")
        self.stream.flush()
        if self.enabled:
            self._draw(force=True)

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        self.stream.write("\r\x1b[2K" + render_line(self.done, self.total, self.errors, now - self._start))
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self._draw(force=True)
            self.stream.write("\n")
            self.stream.flush()
