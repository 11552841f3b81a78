"""Bytes -> text, once: charset from the HTTP header, then <meta>, then detection."""

from __future__ import annotations

import codecs
import re

_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_HEADER_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.I)


def _valid(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def sniff_charset(body: bytes, declared: str | None = None, content_type: str = "") -> str | None:
    """The charset to decode ``body`` with, or None when it must be detected."""
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    enc = _valid(declared)
    if enc is None and content_type:
        m = _HEADER_CHARSET_RE.search(content_type)
        enc = _valid(m.group(1)) if m else None
    if enc is None:
        m = _META_CHARSET_RE.search(body[:4096])
        enc = _valid(m.group(1).decode("ascii", "replace")) if m else None
    return enc


def decode_html(body: bytes, declared: str | None = None, content_type: str = "") -> str:
    """Decode ``body``: declared charset, else UTF-8 if it is valid, else detection.

    Never raises: undecodable bytes become U+FFFD, so a page with one bad byte is
    still audited. Callers that must reject bad encodings use ``strict_decode``.
    """
    enc = sniff_charset(body, declared, content_type)
    if enc:
        # Many pages declare iso-8859-1 but are windows-1252 (browsers do the same swap).
        if enc in ("latin-1", "iso8859-1", "ascii"):
            enc = "cp1252"
        return body.decode(enc, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # lazy: only for undeclared non-UTF-8 pages

    best = from_bytes(body[:200_000]).best()
    if best is not None and best.encoding:
        return body.decode(best.encoding, errors="replace")
    return body.decode("cp1252", errors="replace")
