"""A generated clinic blog served on 127.0.0.1, for crawl/scan tests and the benchmark.

``ClinicSite(posts=N)`` builds N acupuncture/physio posts with a home page, paginated
blog listings, a sitemap index (one plain and one gzipped child sitemap, plus a text
sitemap), robots.txt, "Related:" links between posts (relative ``../slug/`` hrefs),
a broken link, a redirected link, duplicate titles and one exact duplicate page. Every
response can be delayed by ``latency`` seconds, and the server records each request
and the highest number of requests it had in flight at once (for per-host limits).

Run two instances (different ports = different hosts) to test per-host limits.
Nothing here is mocked: it is a real ThreadingHTTPServer speaking HTTP/1.1.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

TOPICS = (
    ("acupuncture for back pain", "Acupuncture for back pain"),
    ("physiotherapy for knee pain", "Physiotherapy for knee pain"),
    ("massage for neck pain", "Massage therapy for neck pain"),
    ("chiropractic care for sciatica", "Chiropractic care for sciatica"),
    ("dry needling for shoulder pain", "Dry needling for shoulder pain"),
)
CITY = "Edmonton"
POSTS_PER_LISTING = 20


def slug_of(i: int) -> str:
    return f"post-{i:05d}-{TOPICS[i % len(TOPICS)][0].replace(' ', '-')}"


@dataclass
class Response:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0


def _paragraphs(i: int, keyphrase: str) -> str:
    sentences = [
        f"Many patients in {CITY} ask whether {keyphrase} can help them get back to work.",
        f"Our clinic in {CITY} has treated people with this problem for over ten years.",
        "Treatment starts with a careful assessment of your history and your goals.",
        "Most people notice a change within three to six visits, although results vary.",
        f"We explain each step so you know what {keyphrase} involves before you start.",
        "You can book online or call the front desk to ask about direct billing.",
    ]
    return "".join(f"<p>{' '.join(sentences[(i + k + n) % 6] for k in range(3))} This is note {n} of post {i}.</p>" for n in range(4))


def post_html(i: int, n: int, title: str | None = None, old_link_every: int = 10) -> str:
    keyphrase, label = TOPICS[i % len(TOPICS)]
    title = title or f"{label} in {CITY} – part {i}"
    related = [(i + d) % n for d in (1, 2, 3) if (i + d) % n != i]
    links = "".join(f'<li><a href="../{slug_of(j)}/">{TOPICS[j % len(TOPICS)][1]} ({j})</a></li>' for j in related)
    extra = ""
    if i % 10 == 3:
        extra += '<p>See also <a href="/blog/deleted-post/">our old guide</a>.</p>'
    if old_link_every and i % old_link_every == 7 % old_link_every:
        extra += f'<p>Read more: <a href="/old/{slug_of((i + 5) % n)}">an earlier article</a>.</p>'
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{title}</title>"
        f'<meta name="description" content="How {keyphrase} helps patients in {CITY}: what to expect, part {i}.">'
        "</head><body><header><nav><a href=\"/\">Home</a> <a href=\"/blog/\">Blog</a></nav></header>"
        f"<main><article><h1>{label} in {CITY}: part {i}</h1>{_paragraphs(i, keyphrase)}"
        f"<h2>What to expect</h2>{_paragraphs(i + 1, keyphrase)}{extra}"
        f"<p>Related:</p><ul>{links}</ul></article></main>"
        "<footer><a href=\"/contact/\">Contact</a></footer></body></html>"
    )


class ClinicSite:
    """A clinic blog with ``posts`` posts on 127.0.0.1; use as a context manager."""

    def __init__(self, posts: int = 30, latency: float = 0.0, *, crawl_delay: float | None = None,
                 robots: bytes | None = None, host: str = "127.0.0.1", old_link_every: int = 10, port: int = 0):
        self.posts = posts
        # one post in ``old_link_every`` links an /old/ URL that redirects (0: none)
        self.old_link_every = old_link_every
        self.latency = latency
        self.crawl_delay = crawl_delay
        self.robots = robots
        self.host = host
        self.routes: dict[str, Response | Callable[[BaseHTTPRequestHandler], Response]] = {}
        self.log: list[tuple[float, str]] = []  # (time, path) of every request
        self.request_headers: list[dict[str, str]] = []
        self.max_in_flight = 0
        self.body_bytes_sent = 0  # response body bytes written (what a cache saves)
        self.not_modified = 0  # 304 answers
        self._in_flight = 0
        self._lock = threading.Lock()
        self._server = _Server((host, port), self)  # port 0: any free one; a given one: a site back up after an outage
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    # ---- addresses -------------------------------------------------------------
    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def root(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def post_url(self, i: int) -> str:
        return self.url(f"/blog/{slug_of(i)}/")

    def paths_requested(self) -> list[str]:
        return [p for _, p in self.log]

    # ---- content ---------------------------------------------------------------
    def answer(self, handler: BaseHTTPRequestHandler) -> Response:
        path = handler.path.split("?", 1)[0]
        route = self.routes.get(path)
        if route is not None:
            return route(handler) if callable(route) else route
        if path == "/robots.txt":
            return self._robots()
        if path == "/sitemap_index.xml":
            return Response(body=self._sitemap_index(), content_type="application/xml")
        if path == "/sitemap-posts.xml":
            return Response(body=self._urlset(range(0, self.posts, 2)), content_type="application/xml")
        if path == "/sitemap-posts-2.xml.gz":
            return Response(body=gzip.compress(self._urlset(range(1, self.posts, 2))), content_type="application/x-gzip")
        if path == "/sitemap.txt":
            text = "\n".join(self.post_url(i) for i in range(self.posts)) + "\n"
            return Response(body=text.encode(), content_type="text/plain")
        if path == "/":
            body = "<html><head><title>Clinic</title></head><body><h1>Welcome</h1>" \
                   '<a href="/blog/">Blog</a> <a href="/private/secret/">Staff</a></body></html>'
            return Response(body=body.encode())
        if path == "/blog/" or path.startswith("/blog/page/"):
            return self._listing(path)
        if path.startswith("/old/"):
            return Response(status=301, headers=(("Location", "/blog/" + path[len("/old/"):] + "/"),))
        if path.startswith("/blog/post-"):
            return self._post(path)
        if path == "/contact/":
            return Response(body=b"<html><head><title>Contact us</title></head><body><h1>Contact</h1><p>Call us.</p></body></html>")
        if path == "/private/secret/":
            return Response(body=b"<html><head><title>Private</title></head><body>staff only</body></html>")
        return Response(status=404, body=b"<h1>Not found</h1>")

    def _robots(self) -> Response:
        if self.robots is not None:
            return Response(body=self.robots, content_type="text/plain")
        lines = ["User-agent: *", "Disallow: /private/"]
        if self.crawl_delay is not None:
            lines.append(f"Crawl-delay: {self.crawl_delay}")
        lines.append(f"Sitemap: {self.url('/sitemap_index.xml')}")
        return Response(body=("\n".join(lines) + "\n").encode(), content_type="text/plain")

    def _sitemap_index(self) -> bytes:
        items = "".join(f"<sitemap><loc>{self.url(p)}</loc></sitemap>" for p in ("/sitemap-posts.xml", "/sitemap-posts-2.xml.gz"))
        return f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'.encode()

    def _urlset(self, indexes) -> bytes:
        items = "".join(f"<url><loc>{self.post_url(i)}</loc></url>" for i in indexes)
        return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</urlset>'.encode()

    def _listing(self, path: str) -> Response:
        page = 1 if path == "/blog/" else int(path.rstrip("/").rsplit("/", 1)[-1] or 1)
        start = (page - 1) * POSTS_PER_LISTING
        if start >= self.posts:
            return Response(status=404, body=b"<h1>Not found</h1>")
        items = "".join(f'<li><a href="{slug_of(i)}/">Post {i}</a></li>' if page == 1 else f'<li><a href="/blog/{slug_of(i)}/">Post {i}</a></li>'
                        for i in range(start, min(start + POSTS_PER_LISTING, self.posts)))
        nxt = f'<a href="/blog/page/{page + 1}/">Older posts</a>' if start + POSTS_PER_LISTING < self.posts else ""
        return Response(body=f"<html><head><title>Blog page {page}</title></head><body><h1>Blog</h1><ul>{items}</ul>{nxt}</body></html>".encode())

    def _post(self, path: str) -> Response:
        slug = path[len("/blog/"):].strip("/")
        try:
            i = int(slug.split("-")[1])
        except (IndexError, ValueError):
            return Response(status=404, body=b"<h1>Not found</h1>")
        if i >= self.posts or slug != slug_of(i):
            return Response(status=404, body=b"<h1>Not found</h1>")
        # post 2 reuses post 1's title (duplicate titles); post 4 is an exact copy of post 0's text
        title = f"{TOPICS[1][1]} in {CITY} – part 1" if i == 2 else None
        body = post_html(0 if i == 4 else i, self.posts, title, self.old_link_every).encode()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        return Response(body=body, headers=(("ETag", etag), ("Last-Modified", formatdate(0, usegmt=True))))

    # ---- lifecycle -------------------------------------------------------------
    def _enter(self) -> None:
        with self._lock:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)

    def _count_body(self, n: int) -> None:
        with self._lock:
            self.body_bytes_sent += n

    def _count_304(self) -> None:
        with self._lock:
            self.not_modified += 1

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def __enter__(self) -> "ClinicSite":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


def not_modified(reply_headers: dict, request_headers) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when sent; otherwise If-Modified-Since against Last-Modified."""
    etag = reply_headers.get("ETag")
    inm = request_headers.get("If-None-Match")
    if inm is not None:
        return bool(etag) and etag in [t.strip() for t in inm.split(",")]
    ims, modified = request_headers.get("If-Modified-Since"), reply_headers.get("Last-Modified")
    if not ims or not modified:
        return False
    try:
        return parsedate_to_datetime(modified) <= parsedate_to_datetime(ims)
    except (TypeError, ValueError):
        return False


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
    # headers and body go out in two writes: without TCP_NODELAY, Nagle plus delayed
    # ACKs stall every keep-alive response by ~40 ms, which real servers do not do
    disable_nagle_algorithm = True
    server: "_Server"

    def do_GET(self) -> None:  # noqa: N802
        site = self.server.site
        site._enter()
        try:
            site.log.append((time.monotonic(), self.path))
            site.request_headers.append({k.lower(): v for k, v in self.headers.items()})
            reply = site.answer(self)
            delay = site.latency + reply.delay
            if delay:
                time.sleep(delay)
            if reply.status == 200 and not_modified(dict(reply.headers), self.headers):
                validators = tuple((k, v) for k, v in reply.headers if k in ("ETag", "Last-Modified"))
                reply = Response(status=304, body=b"", headers=validators)
                site._count_304()
            site._count_body(len(reply.body))
            self.send_response(reply.status)
            if reply.body or reply.status == 200:
                self.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            site._leave()

    def log_message(self, *args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128

    def __init__(self, address, site: ClinicSite):
        super().__init__(address, _Handler)
        self.site = site

    def handle_error(self, request, client_address) -> None:
        pass
