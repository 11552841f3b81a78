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
    return body.decode(_detect(body) or "cp1252", errors="replace")


#: Tie-break for detection: the WHATWG legacy default for Western locales. Short
#: French or Spanish posts fit cp1250/cp775 exactly as well as cp1252 ("à" -> "ŕ").
_WESTERN = "cp1252"
_CHAOS_TIE = 0.01


def _detect(body: bytes) -> str | None:
    """charset_normalizer's guess for undeclared, non-UTF-8 bytes (None if it has none).

    Among the least chaotic candidates, cp1252 wins when it is one of them.
    """
    from charset_normalizer import from_bytes  # lazy: only for undeclared non-UTF-8 input

    matches = list(from_bytes(body[:200_000]))
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    # matches come ranked best first, so tied[0] is the detector's own choice
    tied = [_valid(m.encoding) for m in matches if m.chaos <= least + _CHAOS_TIE]
    return _WESTERN if _WESTERN in tied else tied[0]


def detect_charset(body: bytes, content_type: str = "") -> str | None:
    """The charset a page should be decoded with, decided once by the source.

    Order: byte-order mark, ``charset`` in the Content-Type header, ``<meta charset>``,
    UTF-8 when the bytes are valid UTF-8, then statistical detection. Returns None
    only for bytes no detector can name; ``decode_html`` then falls back to cp1252.
    """
    enc = sniff_charset(body, None, content_type)
    if enc:
        return enc
    try:
        body.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return _detect(body)


def strict_decode(body: bytes) -> str | None:
    """Decode a plain text or Markdown file: UTF-8 (BOM allowed), else detection.

    Returns None when the bytes are not valid text in any encoding the detector
    knows, so the caller can report the file instead of auditing mojibake.
    """
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return body.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    enc = _detect(body)
    if enc is None:
        return None
    try:
        return body.decode(enc)
    except UnicodeDecodeError:
        return None


_BINARY_SNIFF = 8192  # NUL bytes in this many leading bytes mean "binary"


def is_binary(data: bytes) -> bool:
    """NUL bytes near the start mean an image, PDF or archive, not text (UTF-16 has a BOM)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    return b"\x00" in data[:_BINARY_SNIFF]


def is_blank(data: bytes) -> bool:
    """Empty, or only whitespace (and a byte-order mark) in UTF-8, Latin-1 or UTF-16."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return not data.decode("utf-16").strip()
        except UnicodeDecodeError:
            return False
    return not data.removeprefix(b"\xef\xbb\xbf").strip()
