"""Fixtures shared by several test files."""

from __future__ import annotations

import pytest

from httpserver import http_server
from test_scorecard_browser import Browser, find_chromium

# the real 127.0.0.1 server fixture (httpserver.py), for every test file
__all__ = ["http_server"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A real headless Chromium (Debian's package, installed by .ci/run) driven over CDP."""
    exe = find_chromium()
    if exe is None:
        pytest.skip("Chromium not installed (Debian package 'chromium'; .ci/run installs it)")
    b = Browser(exe, tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()
