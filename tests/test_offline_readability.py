"""The readability checks work with no network and no NLTK data.

textstat 0.7.9+ calls ``nltk.download('cmudict')`` at its first English syllable count;
seoaudit ships its own syllable table instead. These tests run every RD check in a fresh
interpreter whose socket functions raise (and record that they were called), with
``NLTK_DATA`` pointing at an empty directory, and check that nothing tried to connect and
nothing imported NLTK or textstat.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# Runs before anything else in the child: every way out to the network raises.
NO_NETWORK_PRELUDE = r"""
import socket
ATTEMPTS = []

def _refuse(name):
    def refuse(*args, **kwargs):
        ATTEMPTS.append(name)
        raise OSError("network disabled by test: " + name)
    return refuse

socket.socket.connect = _refuse("socket.connect")
socket.socket.connect_ex = _refuse("socket.connect_ex")
socket.create_connection = _refuse("socket.create_connection")
socket.getaddrinfo = _refuse("socket.getaddrinfo")
"""

AUDIT_SCRIPT = r"""
import json, sys
from seoaudit.checks import readability
from seoaudit.document import build_document
from seoaudit.models import RawPage
from seoaudit.registry import CheckContext
from seoaudit.runner import run_check

EN = " ".join([
    "Acupuncture can ease low back pain for many people.",
    "However, results vary from one person to the next.",
    "Your first visit takes about an hour.",
    "The needles are placed by a registered acupuncturist.",
    "Most people feel little or nothing.",
    "For example, some patients fall asleep on the table.",
] * 9)
DE = "Die Behandlung dauert eine Stunde. Die meisten Patienten spüren wenig. " * 8

def audit(body, lang):
    html = f'<html lang="{lang}"><head><title>Akupunktur</title></head><body><article><h1>Acupuncture</h1><p>{body}</p><h2>Cost</h2><p>{body}</p></article></body></html>'
    doc = build_document(RawPage(source="t", url="https://clinic.example/blog/a/", body=html.encode()))
    return {f.spec.code: run_check(f.spec, doc, f.spec.default_options(), CheckContext()).to_dict() for f in readability.CHECKS}

results = {"en": audit(EN, "en"), "de": audit(DE, "de")}
checks_attempts = list(ATTEMPTS)
imported = {m: m in sys.modules for m in ("nltk", "textstat")}
# prove the patch is live: a deliberate connection must be refused and recorded
try:
    socket.create_connection(("example.com", 80), timeout=1)
except OSError:
    pass
print(json.dumps({"results": results, "attempts": checks_attempts, "after_probe": list(ATTEMPTS), "imported": imported}))
"""


@pytest.fixture(scope="module")
def offline(tmp_path_factory) -> dict:
    """One offline child process, shared by the tests below."""
    return run_offline(tmp_path_factory.mktemp("offline"))


def run_offline(tmp_path: Path) -> dict:
    empty_nltk = tmp_path / "nltk_data"
    empty_nltk.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NLTK", "PYTHON"))}
    env.update(NLTK_DATA=str(empty_nltk), PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1")
    proc = subprocess.run(
        [sys.executable, "-c", NO_NETWORK_PRELUDE + AUDIT_SCRIPT],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_every_rd_check_runs_offline(offline):
    out = offline
    en = out["results"]["en"]
    assert sorted(en) == [f"RD00{i}" for i in range(1, 9)]
    for code, result in en.items():
        assert result["status"] in ("good", "ok", "bad"), (code, result)
        assert isinstance(result["value"], (int, float)), (code, result)
    assert out["attempts"] == []  # nothing tried the network
    assert out["after_probe"] == ["socket.create_connection"]  # and the trap was armed


def test_other_language_reading_ease_runs_offline(offline):
    out = offline
    de = out["results"]["de"]
    assert de["RD001"]["status"] in ("good", "ok", "bad")
    assert isinstance(de["RD001"]["value"], float)
    assert de["RD007"]["status"] == "na"  # passive voice: English, French and Spanish
    assert out["attempts"] == []


def test_rd_checks_never_import_nltk_or_textstat(offline):
    assert offline["imported"] == {"nltk": False, "textstat": False}
