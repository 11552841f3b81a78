"""Sitemaps: XML urlsets, sitemap indexes (recursively), ``.gz`` files and text sitemaps.

XML is parsed with ``defusedxml``, so a hostile sitemap with entity declarations
(billion laughs, external entities) is rejected instead of expanded. Sizes are capped
before and after decompression (the protocol's own limit is 50 MB uncompressed and
50,000 URLs per file), index recursion is bounded and cycles are cut. Every problem is
reported as a ``SitemapError`` naming the sitemap and the cause; the URLs that could
be read are still returned.
"""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # sitemaps.org: 50 MB uncompressed
MAX_URLS_PER_SITEMAP = 50_000
MAX_INDEX_DEPTH = 4  # index -> index -> ... -> urlset
MAX_SITEMAPS = 2_000  # sitemap files read per scan


class SitemapError(Exception):
    """One line: which sitemap could not be read and why."""


@dataclass(frozen=True)
class Sitemap:
    kind: str  # "urlset" | "index" | "text"
    locs: tuple[str, ...]


@dataclass(frozen=True)
class SitemapEntry:
    url: str  # a page URL listed by a sitemap
    sitemap: str  # the sitemap that listed it


#: load(location) -> bytes, raising SitemapError; the crawler passes one that fetches
Loader = Callable[[str], bytes]


def _gunzip(data: bytes, where: str, limit: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
            out = gz.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise SitemapError(f"{where}: corrupt gzip data ({exc})") from None
    if len(out) > limit:
        raise SitemapError(f"{where}: larger than {limit // (1024 * 1024)} MB once decompressed")
    return out


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def parse_sitemap(data: bytes, where: str, limit: int = MAX_SITEMAP_BYTES) -> Sitemap:
    """An XML urlset or index, or a text sitemap (one URL a line); gzip is detected by magic."""
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, where, limit)
    if len(data) > limit:
        raise SitemapError(f"{where}: larger than {limit // (1024 * 1024)} MB")
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return _text_sitemap(data, where)
    try:
        root = fromstring(data)
    except DefusedXmlException as exc:
        raise SitemapError(f"{where}: refused hostile XML ({type(exc).__name__}: entities and DTDs are not allowed)") from None
    except (ParseError, ValueError) as exc:
        raise SitemapError(f"{where}: malformed XML ({exc})") from None
    kind = _local(root.tag)
    if kind == "sitemapindex":
        child = "sitemap"
    elif kind == "urlset":
        child = "url"
    else:
        raise SitemapError(f"{where}: not a sitemap (root element <{kind or '?'}>)")
    locs: list[str] = []
    for item in root:
        if _local(item.tag) != child:
            continue
        for sub in item:
            if _local(sub.tag) == "loc" and sub.text and sub.text.strip():
                locs.append(sub.text.strip())
                break
        if len(locs) >= MAX_URLS_PER_SITEMAP:
            break
    return Sitemap(kind="index" if kind == "sitemapindex" else "urlset", locs=tuple(locs))


def _text_sitemap(data: bytes, where: str) -> Sitemap:
    text = data.decode("utf-8", "replace")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    urls = [line for line in lines if line.lower().startswith(("http://", "https://"))]
    if lines and not urls:
        raise SitemapError(f"{where}: neither XML nor a list of URLs")
    return Sitemap(kind="text", locs=tuple(urls[:MAX_URLS_PER_SITEMAP]))


def is_url_list(path: str) -> bool:
    """Is the local file a list of URLs, one a line (not an XML sitemap, plain or gzipped)?
    Read from its first bytes: the same answer when ``--resume`` asks again."""
    try:
        with open(path, "rb") as f:
            head = f.read(512)
    except OSError:
        return False  # read again as a sitemap, which reports why it cannot be read
    return head[:2] != b"\x1f\x8b" and not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def read_url_list(data: bytes, where: str) -> tuple[list[str], list[tuple[str, str]]]:
    """(URLs, problems) of a local list of URLs, one a line; blank lines and ``#`` comments are
    skipped. A line without a scheme gets one (``urls.listed_url``); a line that is not a URL is a
    problem: (``where:N``, a message naming the line and why), and the other lines are still read."""
    from .urls import listed_url

    urls, problems = [], []
    for n, line in enumerate(data.decode("utf-8", "replace").lstrip("\ufeff").splitlines(), 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        url, why = listed_url(text)
        if url is None:
            problems.append((f"{where}:{n}", f"{where}:{n}: {text[:200]!r}: {why}"))
        else:
            urls.append(url)
    return urls, problems


def read_local(path: str, limit: int = MAX_SITEMAP_BYTES) -> bytes:
    p = Path(path)
    try:
        if not p.is_file():  # a device (/dev/zero) reports size 0 and never ends
            raise SitemapError(f"{path}: not a regular file")
        size = p.stat().st_size
        if size > limit:
            raise SitemapError(f"{path}: larger than {limit // (1024 * 1024)} MB")
        return p.read_bytes()
    except OSError as exc:
        raise SitemapError(f"{path}: {exc.strerror or exc}") from None


def expand_sitemaps(roots: list[str], load: Loader, errors: list[str]) -> Iterator[SitemapEntry]:
    """Page URLs listed by ``roots``, following indexes; problems are appended to ``errors``.

    Each sitemap is read once (cycles in indexes are cut), depth and count are bounded.
    """
    seen: set[str] = set()
    todo: list[tuple[str, int]] = [(r, 0) for r in reversed(roots)]
    read = 0
    while todo:
        where, depth = todo.pop()
        if where in seen:
            continue
        seen.add(where)
        if read >= MAX_SITEMAPS:
            errors.append(f"{where}: not read (more than {MAX_SITEMAPS} sitemaps)")
            continue
        read += 1
        try:
            sitemap = parse_sitemap(load(where), where)
        except SitemapError as exc:
            errors.append(str(exc))
            continue
        if sitemap.kind == "index":
            if depth >= MAX_INDEX_DEPTH:
                errors.append(f"{where}: sitemap index nested deeper than {MAX_INDEX_DEPTH} levels")
                continue
            children = []
            for loc in sitemap.locs:
                child = child_location(loc, where)
                if child is None:
                    errors.append(f"{where}: lists {loc[:200]!r}, which is not an http(s) URL")
                else:
                    children.append(child)
            todo.extend((child, depth + 1) for child in reversed(children))
            continue
        for loc in sitemap.locs:
            yield SitemapEntry(url=loc, sitemap=where)


def is_web_url(location: str) -> bool:
    try:
        return urlsplit(location).scheme.lower() in ("http", "https") and bool(urlsplit(location).netloc)
    except ValueError:
        return False


def child_location(loc: str, parent: str) -> str | None:
    """Where a sitemap that ``parent`` lists lives, or None when it may not be read.

    A sitemap fetched from the web may only point to web URLs (a relative one resolved
    against it): a hostile index listing "/etc/passwd" or "relative.xml" must not make the
    scanner read local files. A local sitemap the user named may list local files beside it."""
    loc = loc.strip()
    if is_web_url(parent):
        child = urljoin(parent, loc)
        return child if is_web_url(child) else None
    if "://" in loc:
        return loc if is_web_url(loc) else None
    return str(Path(parent).parent / loc)


def looks_like_sitemap(target: str) -> bool:
    """A target named like a sitemap: ``sitemap*.xml``, ``*.xml.gz``, ``*.txt`` sitemaps."""
    name = target.rsplit("/", 1)[-1].split("?", 1)[0].lower()
    return name.endswith((".xml", ".xml.gz", ".gz")) or ("sitemap" in name and name.endswith(".txt"))


#: Kinds of scan target (``scan_target``) that cover the whole site: a site root is crawled, a
#: sitemap (a URL or a local ``file``) lists the site; a ``page`` URL or a ``list`` of URLs is some pages.
WHOLE_SITE_KINDS = frozenset({"root", "sitemap", "file"})


def scan_target(target: str) -> tuple[str, str]:
    """How ``seoaudit scan`` reads one target: (kind, what). ``kind`` is ``root`` (a site root URL:
    crawled), ``sitemap`` (a URL named like a sitemap), ``file`` (a local sitemap), ``list`` (a local
    file of URLs, one a line), ``page`` (any other URL) or ``bad`` (no URL, no existing file);
    ``what`` is the normalised URL, or the target as given (a file, or a bad one)."""
    from .urls import is_site_root, normalise_url

    if "://" not in target:
        if not Path(target).is_file():
            return "bad", target
        return ("list", target) if is_url_list(target) else ("file", target)
    url = normalise_url(target)
    if url is None:
        return "bad", target
    if looks_like_sitemap(url):
        return "sitemap", url
    return ("root", url) if is_site_root(url) else ("page", url)
