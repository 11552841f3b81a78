"""URL normalisation for crawling: one spelling per page, so no page is fetched twice.

``normalise_url`` gives the URL we fetch (scheme and host lower-cased, default port
dropped, dot segments resolved, fragment dropped, percent-escapes upper-cased);
``url_key`` is what "the same page" means for de-duplication: additionally a
trailing slash and a leading ``www.`` do not matter, because clinic sites routinely
serve ``/post`` and ``/post/`` (or ``www.`` and bare) as the same page.
"""

from __future__ import annotations

import os
import posixpath
import re
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
_PCT = re.compile(r"%[0-9a-fA-F]{2}")
# characters that never need escaping: an escaped one is decoded (RFC 3986 6.2.2.2)
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

#: The page URL given to standard input, so relative links still resolve to something.
STDIN_URL = "file:///dev/stdin"


def _normalise_escapes(s: str) -> str:
    def fix(m: re.Match) -> str:
        ch = chr(int(m.group(0)[1:], 16))
        return ch if ch in _UNRESERVED else m.group(0).upper()

    return _PCT.sub(fix, s)


def _resolve_dots(path: str) -> str:
    if not path:
        return "/"
    if "/." not in path and not path.startswith("."):
        return path
    resolved = posixpath.normpath(path)
    if resolved.startswith("//"):  # normpath keeps a leading "//" on POSIX
        resolved = "/" + resolved.lstrip("/")
    if path.endswith("/") and resolved != "/":
        resolved += "/"
    return resolved


def normalise_url(url: str, base: str | None = None) -> str | None:
    """The canonical spelling of ``url`` (resolved against ``base``), or None if not http(s)."""
    url = url.strip()
    if base:
        try:
            url = urljoin(base, url)
        except ValueError:
            return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # bad port, bad IPv6 literal
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _resolve_dots(_normalise_escapes(parts.path))
    query = _normalise_escapes(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):(?!\d)", re.I)  # "mailto:", not the port of "localhost:8080"
_LABEL = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?$")  # a host name label: letters, digits and inner hyphens


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def listed_url(line: str) -> tuple[str | None, str]:
    """A line of a URL list as the URL to fetch, or (None, why it is not one).

    Lists pasted from a spreadsheet often leave out the scheme: a line that starts with a host
    name gets ``https://`` ("www.clinic.example/blog/x/"), or ``http://`` when the host is
    ``localhost`` or an IP address ("127.0.0.1:8103/blog/x/": development servers seldom have a
    certificate, and certificates are seldom issued for addresses) or the port is 80.
    """
    text = line.strip()
    if any(c.isspace() for c in text):
        return None, "not a URL (it has spaces)"
    if text.startswith("//"):  # protocol-relative, as in HTML
        text = "https:" + text
    scheme = _SCHEME.match(text)
    if scheme:
        if scheme.group(1).lower() not in ("http", "https"):
            return None, f"not a web page URL ({scheme.group(1)}:)"
        url = normalise_url(text)
        return (url, "") if url else (None, "not a URL (no host name)")
    if text.startswith(("/", ".")):
        return None, "a path without its site: write the whole URL (https://clinic.example/blog/x/)"
    try:
        parts = urlsplit("//" + text)
        host, port = (parts.hostname or "").rstrip("."), parts.port
    except ValueError:
        return None, "not a URL (bad host or port)"
    local = host == "localhost" or host.endswith(".localhost") or _is_ip(host)
    labels = host.split(".")
    if not local and (len(labels) < 2 or not all(_LABEL.match(l) for l in labels) or labels[-1].isdigit()):
        return None, "not a URL (no host name such as clinic.example)"
    url = normalise_url(("http://" if local or port == 80 else "https://") + text)
    return (url, "") if url else (None, "not a URL")


def url_key(url: str) -> str:
    """Same key for URLs that are the same page: ignores ``www.``, a trailing slash and the scheme."""
    parts = urlsplit(url)
    host = parts.netloc.lower()
    host = host[4:] if host.startswith("www.") else host
    path = parts.path.rstrip("/") or "/"
    return f"{host}{path}" + (f"?{parts.query}" if parts.query else "")


def host_of(url: str) -> str:
    """``host[:port]`` as in the URL, lower-cased: the unit of per-host politeness."""
    return urlsplit(url).netloc.lower()


def site_of(url: str) -> str:
    """The host without ``www.``: pages on ``www.a.ca`` and ``a.ca`` are one site."""
    host = host_of(url)
    return host[4:] if host.startswith("www.") else host


def matches_any(url: str, patterns: tuple[str, ...]) -> bool:
    """Glob ``patterns`` tried against the whole URL and against its path."""
    path = urlsplit(url).path or "/"
    return any(fnmatch(url, p) or fnmatch(path, p) for p in patterns)


def in_scope(url: str, include: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> bool:
    if include and not matches_any(url, include):
        return False
    return not (exclude and matches_any(url, exclude))


# Hosts that serve a page before it is published: local servers (hugo server, a CI job's
# web server), reserved test domains, deploy previews and staging subdomains.
_DEV_HOST_RE = re.compile(r"^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|::1)$|\.(local|localhost|test|invalid)$", re.I)
_PREVIEW_SUFFIXES = (".netlify.app", ".vercel.app", ".pages.dev")
_STAGING_LABELS = frozenset(("staging", "stage", "preview", "dev", "development", "test", "qa", "uat"))


def is_dev_host(host: str) -> bool:
    """A host only a developer's machine or a test network serves (localhost, *.test...)."""
    return bool(_DEV_HOST_RE.search(host or ""))


def is_preview_host(host: str) -> bool:
    """A development, deploy-preview or staging host ("localhost", "127.0.0.1", "x.test",
    "deploy-preview-42--clinic.netlify.app", "staging.clinic.example")."""
    host = (host or "").lower().rstrip(".")
    if not host:
        return False
    if _DEV_HOST_RE.search(host) or host.endswith(_PREVIEW_SUFFIXES):
        return True
    labels = host.split(".")
    return len(labels) >= 3 and labels[0] in _STAGING_LABELS  # a subdomain: "dev.to" is a site


_HTTP_URL_RE = re.compile(r"^https?://[^/?#@:\[\]]+", re.I)
#: a page file's extension in a URL or path ("/blog/x.html", "x.md"): not part of its slug
PAGE_SUFFIX_RE = re.compile(r"\.(html?|md|markdown|txt|php|aspx?)$", re.I)
#: Jekyll's dated post names ("2024-03-01-my-post"): the date is not part of the slug
DATED_NAME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-(?=.)")


def is_site_root(url: str) -> bool:
    """Is the (normalised) URL a site's home, ``https://clinic.example/`` with no path and no query?
    A scan crawls the site from it; ``history`` takes it for the site, any other URL for a page."""
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def site_root(url: str) -> str | None:
    """"https://clinic.example/blog" -> "https://clinic.example/"; None unless http(s) with a host."""
    url = url.strip()
    if not _HTTP_URL_RE.match(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}/" if parts.hostname else None


def published_url_of(url: str, canonical: str | None, site_url: str | None = None) -> str | None:
    """The URL a local draft will be published at: its http(s) canonical URL, else the
    configured site's root (``site_url``: the host is known, the path is not); None for
    a page that is not a local file or has neither.

    A draft is judged as that page: its relative links resolve against it, its links to
    that host are internal, its slug is that URL's (a site root leaves the file's).
    """
    if not url.startswith("file:"):
        return None
    if canonical and _HTTP_URL_RE.match(canonical):
        return canonical
    return site_url or None


def site_hosts_of(url: str, canonical: str | None, site_url: str | None = None) -> frozenset[str]:
    """The hosts (without ``www.``) whose links are this page's own site.

    The page's host; for a local draft instead the host of its published URL
    (``published_url_of``), and for a preview (``is_preview_host``) its canonical's host
    as well as its own, whose relative links resolve to the preview.
    """
    published = published_url_of(url, canonical, site_url)
    if published:
        # site_url is the user's word on whose site this is: a canonical copied from another
        # clinic's template (BA004 flags it) must not make the clinic's own links external
        hosts = {bare_host(published)} | ({bare_host(site_url)} if site_url and url.startswith("file:") else set())
        return frozenset(h for h in hosts if h)
    host = bare_host(url)
    if canonical and _HTTP_URL_RE.match(canonical) and is_preview_host(host):
        named = bare_host(canonical)
        if named:
            return frozenset({host, named})
    return frozenset({host})


def shown_path(path: str | os.PathLike) -> str:
    """A local path as messages show it: relative to the working directory when under it,
    as the user would write it (a CI log must not read /home/runner/work/...)."""
    rel = os.path.relpath(path)
    return Path(path).as_posix() if rel.startswith(os.pardir) else rel.replace(os.sep, "/")


def shown_location(url: str) -> str:
    """How a message names a page: its URL, or for a local file ``shown_path``."""
    return shown_path(unquote(urlsplit(url).path)) if url.startswith("file:") else url


def bare_host(url: str) -> str:
    """The URL's host, lower case, without ``www.`` ("" for none or an unparsable URL)."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host
