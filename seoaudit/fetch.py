"""HTTP: turn a URL into a RawPage, never raising for network problems.

``fetch_page(session, url, limits)`` is the whole single-URL logic (redirect hops,
status, content type, size cap, charset) as a function of a session and limits, so
the crawler of issue #3 can call it from its own workers with its own politeness,
robots.txt, retry and cache layers wrapped around it. ``Fetcher`` is the
convenience owner of one configured ``requests.Session``.

Redirects are followed by hand (``allow_redirects=False``) so every hop is recorded
in ``RawPage.redirects`` and loops are reported by name.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from http import HTTPStatus
from types import MappingProxyType
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter

from . import __version__
from .decode import detect_charset, is_binary, is_blank
from .models import RawPage, Redirect

USER_AGENT = f"seoaudit/{__version__} (+https://github.com/seoaudit/seoaudit)"

#: Media types audited as pages. Anything else (PDF, images, JSON) is reported, not parsed.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

_CHUNK = 64 * 1024
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

# Each failure's cause is a stable code (``RawPage.cause``), given where the failure is made: dns,
# refused, timeout, tls, connection, invalid-url, redirect-loop, too-many-redirects, redirect-known,
# non-html, too-large, http-NNN, page-timeout, other.

#: The cause code of a failure no other code names (an empty answer, a redirect without a Location).
OTHER = "other"
#: The cause code of a page (or robots.txt, sitemap) not whole within ``FetchLimits.page_timeout``: not
#: ``timeout``, which is retried (a server trickling a page would trickle it again).
PAGE_TIMEOUT = "page-timeout"


def status_cause(status: int) -> str:
    """The cause code of an answer that is not a page: ``http-404`` for an error status, else ``other``."""
    return f"http-{status}" if status >= 400 else OTHER


@dataclass(frozen=True)
class FetchLimits:
    """How long to wait and how much to read for one URL."""

    connect_timeout: float = 10.0  # seconds to open the TCP/TLS connection
    read_timeout: float = 20.0  # seconds of silence allowed between bytes
    max_bytes: int = 10 * 1024 * 1024  # body size cap (after gzip decoding)
    max_redirects: int = 10
    record_time: bool = False  # set RawPage.fetched_at (off: output stays deterministic)
    # seconds for the whole page (every hop and the body): read_timeout only bounds the
    # silence between bytes, so a server sending a word a second held a scan for minutes
    page_timeout: float = 60.0

    @classmethod
    def of(cls, settings) -> "FetchLimits":
        """The limits a ``config.Settings`` asks for."""
        return cls(connect_timeout=settings.connect_timeout, read_timeout=settings.read_timeout,
                   max_bytes=settings.max_bytes, page_timeout=settings.page_timeout)


class _FetchError(Exception):
    """A one-line, user-facing reason a URL could not be read, and its cause code (``RawPage.cause``)."""

    def __init__(self, message: str, cause: str):
        super().__init__(message)
        self.cause = cause


def new_session(user_agent: str = USER_AGENT, pool_size: int = 10) -> requests.Session:
    """A session with our User-Agent and a connection pool sized for ``pool_size`` workers."""
    session = requests.Session()
    session.headers["User-Agent"] = user_agent
    session.headers["Accept"] = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
    adapter = HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def human_size(n: int) -> str:
    """``10485760`` -> ``"10 MB"``, ``102400`` -> ``"100 KB"``: how a cap is named in errors."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


def status_line(status: int, reason: str | None = None) -> str:
    """``"HTTP 404 Not Found"``; the standard phrase when the server sent none."""
    if not reason:
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
    return f"HTTP {status} {reason}".rstrip()


def media_type(content_type: str) -> str:
    """``"text/html; charset=utf-8"`` -> ``"text/html"``."""
    return content_type.split(";", 1)[0].strip().lower()


def _looks_like_html(head: bytes) -> bool:
    """For responses without a Content-Type: does the body start like markup?"""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def describe_failure(exc: Exception, url: str, limits: FetchLimits) -> tuple[str, str]:
    """(one line naming the cause of a requests/urllib3/socket failure, its cause code)."""
    host = urlsplit(url).hostname or url
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return f"connection timed out after {limits.connect_timeout:g}s ({host})", "timeout"
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return f"read timed out after {limits.read_timeout:g}s ({host})", "timeout"
    if isinstance(exc, requests.exceptions.SSLError):
        return f"TLS error for {host}: {_innermost(exc)}", "tls"
    if isinstance(exc, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                        requests.exceptions.InvalidSchema)):
        return f"invalid URL: {url}", "invalid-url"
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return f"could not decode the compressed response body from {host}", "connection"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return f"connection broken while reading the response from {host}", "connection"
    if isinstance(exc, requests.exceptions.ConnectionError):
        chain = _chain(exc)
        if any(isinstance(e, socket.gaierror) or type(e).__name__ == "NameResolutionError" for e in chain):
            return f"DNS failure: could not resolve host {host}", "dns"
        if any(isinstance(e, ConnectionRefusedError) for e in chain):
            return f"connection refused by {host}", "refused"
        if any(isinstance(e, ConnectionResetError) for e in chain):
            return f"connection reset by {host}", "connection"
        if any(isinstance(e, TimeoutError) for e in chain):
            return f"timed out talking to {host}", "timeout"
        return f"connection failed to {host}: {_innermost(exc)}", "connection"
    return f"request failed: {type(exc).__name__}: {exc}", OTHER


def _links(e: BaseException) -> list[BaseException]:
    """What ``e`` wraps: urllib3's ``reason``, exceptions in ``args``, then cause/context."""
    found = [getattr(e, "reason", None), *getattr(e, "args", ()), e.__cause__, e.__context__]
    return [x for x in found if isinstance(x, BaseException)]


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and everything it wraps, outermost first."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo:
        e = todo.pop(0)
        if any(e is s for s in seen):
            continue
        seen.append(e)
        todo += _links(e)
    return seen


def _innermost(exc: BaseException) -> str:
    """The message of the deepest wrapped exception, flattened to one line.

    requests wraps urllib3 wraps ssl/socket errors; the innermost message
    ("[SSL: CERTIFICATE_VERIFY_FAILED] ...") is the one that names the cause.
    """
    e = exc
    for _ in range(20):  # bounded: contexts can form cycles
        inner = [x for x in _links(e) if x is not e]
        if not inner:
            break
        e = inner[0]
    msg = str(e) or str(exc)
    return " ".join(msg.split())[:200]


def _request(session: requests.Session, url: str, limits: FetchLimits, headers: dict | None = None) -> requests.Response:
    return session.get(
        url,
        headers=headers,
        allow_redirects=False,
        stream=True,
        timeout=(limits.connect_timeout, limits.read_timeout),
    )


def _next_hop(response: requests.Response, url: str) -> str:
    location = response.headers.get("location")
    if not location:
        raise _FetchError(f"{status_line(response.status_code, response.reason)} redirect without a Location header", OTHER)
    return urljoin(url, location.strip())


def _check_content_type(content_type: str) -> None:
    """Reject non-HTML before the body is downloaded (a PDF may be huge)."""
    kind = media_type(content_type)
    if kind and kind not in HTML_TYPES:
        raise _FetchError(f"not an HTML page: content type {kind}", "non-html")


def _read_body(response: requests.Response, limits: FetchLimits, deadline: float = float("inf")) -> bytes:
    """Stream the body, stopping at ``limits.max_bytes`` rather than reading it all, and at
    ``deadline`` (``time.monotonic()``) rather than waiting for a trickle to end."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise _FetchError(f"response larger than {human_size(limits.max_bytes)} ({human_size(int(declared))} declared)", "too-large")
    chunks: list[bytes] = []
    size = 0
    for chunk in body_chunks(response):
        size += len(chunk)
        if size > limits.max_bytes:
            raise _FetchError(f"response larger than {human_size(limits.max_bytes)}", "too-large")
        if time.monotonic() > deadline:
            raise _FetchError(f"timed out: the page took more than {limits.page_timeout:g} s in all (a server sending it slowly)",
                              PAGE_TIMEOUT)
        chunks.append(chunk)
    return b"".join(chunks)


def body_chunks(response: requests.Response):
    """The body as it arrives: ``read1`` returns what the socket has (urllib3 2), where
    ``iter_content`` waits to fill each 64 KB chunk, which a slow server never does."""
    raw = response.raw
    if not hasattr(raw, "read1"):  # urllib3 1.26
        yield from response.iter_content(_CHUNK)
        return
    # urllib3's own errors, turned into requests' as iter_content does: callers catch those
    # (a server going quiet mid-body raised ReadTimeoutError through fetch_page)
    from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError, SSLError

    while True:
        try:
            chunk = raw.read1(_CHUNK, decode_content=True)
        except ProtocolError as exc:
            raise requests.exceptions.ChunkedEncodingError(exc) from exc
        except DecodeError as exc:
            raise requests.exceptions.ContentDecodingError(exc) from exc
        except ReadTimeoutError as exc:
            raise requests.exceptions.ConnectionError(exc) from exc
        except SSLError as exc:
            raise requests.exceptions.SSLError(exc) from exc
        if not chunk:  # b"" (or None) only at the end of the body
            return
        yield chunk


#: the error prefix of a redirect not followed because ``stop_before`` said so
REDIRECT_KNOWN = "redirects to a page fetched on its own"


def fetch_page(session: requests.Session, url: str, limits: FetchLimits = FetchLimits(),
               source: str | None = None, stop_before=None, cache=None) -> RawPage:
    """GET ``url`` following redirects by hand; a RawPage either way, never an exception.

    An HTTP error status, a non-HTML content type, a body over the cap, a redirect
    loop or too many hops give a RawPage with ``error`` set (and status/redirects
    filled in as far as they are known) that is never analysed as a page.

    ``stop_before(url) -> bool`` (used by the crawler) stops before a redirect hop to
    a URL that is fetched anyway: the RawPage then has ``url`` = that target and the
    error ``REDIRECT_KNOWN``, so a crawl never downloads one page twice.

    ``cache`` (an ``httpcache.HttpCache``) makes each hop's request conditional when
    the cache holds that URL; a ``304`` gives the cached page (``from_cache=True``,
    status 200 as stored), and a fresh 200 with validators is stored.
    """
    source = source or url
    deadline = time.monotonic() + limits.page_timeout
    redirects: list[Redirect] = []
    status: int | None = None
    current = url
    fetched_at = datetime.now(timezone.utc).isoformat(timespec="seconds") if limits.record_time else None

    headers: MappingProxyType = MappingProxyType({})

    def failed(message: str, cause: str) -> RawPage:
        # read at call time: status/headers/redirects of the last response seen
        return RawPage(source=source, url=current, status=status, redirects=tuple(redirects),
                       headers=headers, fetched_at=fetched_at, error=message, cause=cause)

    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return failed(f"unsupported URL scheme: {url}", "invalid-url")
    visited = {current}
    try:
        while True:
            cached = cache.get(current) if cache is not None else None
            response = _request(session, current, limits, cached.conditional_headers() if cached else None)
            with response:
                status = response.status_code
                headers = MappingProxyType({k.lower(): v for k, v in response.headers.items()})
                if status == 304 and cached is not None:
                    fresh = cache.revalidated(cached, headers)
                    # the cache also holds sitemaps and robots.txt: a stored answer is a page
                    # only if it was one (a sitemap.xml was audited as a page from the cache)
                    _check_content_type(fresh.headers.get("content-type", ""))
                    return RawPage(
                        source=source, url=current, body=fresh.body, kind="html", status=fresh.status,
                        headers=MappingProxyType(dict(fresh.headers)), redirects=tuple(redirects),
                        encoding=detect_charset(fresh.body, fresh.headers.get("content-type", "")),
                        fetched_at=fetched_at, from_cache=True,
                    )
                if status in _REDIRECT_STATUSES:
                    target = _next_hop(response, current)
                    redirects.append(Redirect(url=current, status=status))
                    if target in visited:
                        return failed(f"redirect loop: {target} was already visited", "redirect-loop")
                    if len(redirects) > limits.max_redirects:
                        return failed(f"too many redirects (more than {limits.max_redirects})", "too-many-redirects")
                    visited.add(target)
                    current = target
                    if time.monotonic() > deadline:
                        return failed(f"timed out: the page took more than {limits.page_timeout:g} s in all", PAGE_TIMEOUT)
                    if stop_before is not None and stop_before(target):
                        return failed(f"{REDIRECT_KNOWN}: {target}", "redirect-known")
                    continue
                if status >= 300:
                    return failed(status_line(status, response.reason), status_cause(status))
                content_type = response.headers.get("content-type", "")
                _check_content_type(content_type)
                body = _read_body(response, limits, deadline)
                if not content_type and not _looks_like_html(body[:1024]):
                    raise _FetchError("not an HTML page: no content type and the body is not markup", "non-html")
                if is_blank(body):
                    raise _FetchError("empty response: the server sent no page", OTHER)
                if is_binary(body):
                    raise _FetchError(f"not an HTML page: binary content served as {content_type.split(';')[0].strip() or 'an unknown type'}",
                                      "non-html")
                if cache is not None and not cache.put(current, status, headers, body) and cached is not None:
                    cache.forget(current)  # no longer revalidatable: do not keep asking with stale validators
                return RawPage(
                    source=source, url=current, body=body, kind="html", status=status,
                    headers=headers, redirects=tuple(redirects),
                    encoding=detect_charset(body, content_type), fetched_at=fetched_at,
                )
    except _FetchError as exc:
        return failed(str(exc), exc.cause)
    except requests.exceptions.RequestException as exc:
        return failed(*describe_failure(exc, current, limits))
    except (OSError, ValueError) as exc:  # socket errors outside requests' wrapping, bad IDNA
        return failed(f"request failed: {type(exc).__name__}: {_innermost(exc)}", OTHER)


class Fetcher:
    """One configured HTTP session: ``Fetcher().fetch(url) -> RawPage``.

    Use as a context manager (or call ``close()``) to release pooled connections.
    """

    def __init__(self, limits: FetchLimits = FetchLimits(), *, user_agent: str = USER_AGENT,
                 session: requests.Session | None = None):
        self.limits = limits
        self.session = session if session is not None else new_session(user_agent)

    def fetch(self, url: str, source: str | None = None) -> RawPage:
        return fetch_page(self.session, url, self.limits, source)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
