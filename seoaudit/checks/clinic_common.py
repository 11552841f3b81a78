"""Helpers shared by the clinic check families (trust, local business, conversion).

JSON-LD walking, date parsing and host matching: small pure functions over the
Document, so each check module stays a list of checks.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any, Iterable, Iterator
from urllib.parse import urlsplit

ARTICLE_TYPES = frozenset(("Article", "BlogPosting", "NewsArticle", "MedicalWebPage", "WebPage", "MedicalScholarlyArticle", "ScholarlyArticle", "Report"))


def jsonld_nodes(value: Any) -> Iterator[dict]:
    """Every JSON-LD object, including @graph members and nested nodes, in order."""
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from jsonld_nodes(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from jsonld_nodes(v)


def doc_jsonld_nodes(doc) -> tuple[dict, ...]:
    """``jsonld_nodes`` of the page's JSON-LD, walked once per document (``Document.derived``)."""
    return doc.derived(("clinic_common.jsonld_nodes",), lambda d: tuple(jsonld_nodes(list(d.jsonld))))


def types_of(node: dict) -> set[str]:
    t = node.get("@type")
    items = t if isinstance(t, list) else [t]
    # "schema:MedicalClinic" and "https://schema.org/MedicalClinic" name the same type
    return {re.split(r"[/:#]", x)[-1] for x in items if isinstance(x, str)}


def article_nodes(doc) -> list[dict]:
    """Article-like JSON-LD nodes (Article, BlogPosting, MedicalWebPage...), most specific first."""

    def compute(d) -> tuple[dict, ...]:
        nodes = [n for n in doc_jsonld_nodes(d) if types_of(n) & ARTICLE_TYPES]
        return tuple(sorted(nodes, key=lambda n: "WebPage" in types_of(n) and len(types_of(n)) == 1))

    return list(doc.derived(("clinic_common.article_nodes",), compute))


def first_text(value: Any) -> str:
    """A JSON-LD value as text: a string, the first of a list, or an object's name."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        return next((t for t in (first_text(v) for v in value) if t), "")
    if isinstance(value, dict):
        return first_text(value.get("name") or value.get("@id") or "")
    return ""


_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_MONTH_RE = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_ISO_RE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")  # "2024-03-12T09:00" too
_MDY_RE = re.compile(_MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)
_DMY_RE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r",?\s+(\d{4})\b", re.I)


def parse_date(text: str) -> date | None:
    """The first date in ``text``: ISO 8601 ("2024-03-12T09:00-06:00"), "March 12, 2024"
    or "12 March 2024". The calendar date as written (time zones ignored)."""
    if not text:
        return None
    for regex, order in ((_ISO_RE, "ymd"), (_MDY_RE, "mdy"), (_DMY_RE, "dmy")):
        m = regex.search(text)
        if not m:
            continue
        g = m.groups()
        try:
            if order == "ymd":
                return date(int(g[0]), int(g[1]), int(g[2]))
            if order == "mdy":
                return date(int(g[2]), _MONTHS[g[0][:3].lower()], int(g[1]))
            return date(int(g[2]), _MONTHS[g[1][:3].lower()], int(g[0]))
        except ValueError:
            return None
    return None


def dates_in(text: str) -> list[tuple[date, str]]:
    """Every date written in ``text`` with the words as written, in order."""
    out = []
    for regex in (_ISO_RE, _MDY_RE, _DMY_RE):
        for m in regex.finditer(text):
            d = parse_date(m.group(0))
            if d:
                out.append((m.start(), d, m.group(0)))
    return [(d, s) for _, d, s in sorted(out)]


def today_from(option: str) -> date:
    """``option`` as an ISO date (tests, reproducible runs), else today's date in UTC."""
    if option:
        d = parse_date(option)
        if d is None:
            raise ValueError(f"today: '{option}' is not an ISO date (YYYY-MM-DD)")
        return d
    return datetime.now(timezone.utc).date()


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def host_matches(host: str, suffixes: Iterable[str]) -> bool:
    """``host`` is one of ``suffixes`` or a subdomain of one ("www.nice.org.uk")."""
    host = host.lower().rstrip(".")
    for s in suffixes:
        s = s.lower().lstrip(".")
        if host == s or host.endswith("." + s):
            return True
    return False
