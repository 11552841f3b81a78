"""A real HTTP server on 127.0.0.1 for tests: no mocking of requests.

Usage in a test module (conftest.py provides the fixture)::

    def test_something(http_server):
        http_server.add("/hello", Reply(body=b"<p>hi</p>"))
        page = Fetcher().fetch(http_server.url("/hello"))

Every server starts with ``STANDARD_ROUTES`` (pages, errors, redirects, slow and
oversized responses, charsets) so fetch tests and later crawler tests share them.
A route is a ``Reply`` or a function ``(handler) -> Reply`` for dynamic answers.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Union

import pytest

HTML = b"<!doctype html><html><head><title>Back pain in Edmonton</title></head><body><h1>Back pain</h1><p>Acupuncture helps.</p></body></html>"


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)
    delay: float = 0.0  # seconds to wait before answering (for read timeouts)
    # False: no Content-Length, body streamed in chunks and ended by closing the connection
    content_length: bool = True
    chunk: int = 16 * 1024
    pause: float = 0.0  # seconds between chunks (a server that trickles the page)


Route = Union[Reply, Callable[[BaseHTTPRequestHandler], Reply]]


def redirect(status: int, location: str) -> Reply:
    return Reply(status=status, headers=(("Location", location),))


def html_reply(body: bytes = HTML, content_type: str = "text/html; charset=utf-8") -> Reply:
    return Reply(body=body, headers=(("Content-Type", content_type),))


def _hops(handler: BaseHTTPRequestHandler) -> Reply:
    """/hops/N redirects to /hops/N-1 ... /hops/0, which is a page."""
    n = int(handler.path.rsplit("/", 1)[-1])
    return html_reply() if n <= 0 else redirect(302, f"/hops/{n - 1}")


CP1252_BODY = (
    '<html><head><meta charset="utf-8"><title>Caf\u00e9</title></head>'
    "<body><p>\u2018Dry needling\u2019 \u2013 caf\u00e9 na\u00efve</p></body></html>"
).encode("cp1252")
LATIN1_BODY = (
    "<html><head><title>Physioth\u00e9rapie \u00e0 Montr\u00e9al</title></head><body>"
    + "<p>La physioth\u00e9rapie aide \u00e0 soulager la douleur au dos. Notre clinique \u00e0 Montr\u00e9al "
    "re\u00e7oit les patients du lundi au vendredi, et le caf\u00e9 est offert.</p>" * 3
    + "</body></html>"
).encode("latin-1")

STANDARD_ROUTES: dict[str, Route] = {
    "/page": html_reply(),
    "/missing": Reply(status=404, body=b"<h1>Not here</h1>"),
    "/broken": Reply(status=500, body=b"<h1>Oops</h1>"),
    "/r/301": redirect(301, "/r/302"),
    "/r/302": redirect(302, "/page"),  # relative Location on purpose
    "/r/no-location": Reply(status=302, headers=()),
    "/loop/a": redirect(301, "/loop/b"),
    "/loop/b": redirect(301, "/loop/a"),
    "/slow": Reply(body=HTML, delay=1.0),
    "/doc.pdf": Reply(body=b"%PDF-1.4 fake", headers=(("Content-Type", "application/pdf"),)),
    "/img.png": Reply(body=b"\x89PNG\r\n\x1a\n", headers=(("Content-Type", "image/png"),)),
    "/data.json": Reply(body=b"{}", headers=(("Content-Type", "application/json"),)),
    "/no-type": Reply(body=HTML, headers=()),
    "/big": Reply(body=b"<p>" + b"x" * (1024 * 1024) + b"</p>", content_length=False),
    "/big-declared": html_reply(b"<p>" + b"x" * (1024 * 1024) + b"</p>"),
    "/cp1252": html_reply(CP1252_BODY, "text/html; charset=windows-1252"),
    "/latin1": html_reply(LATIN1_BODY, "text/html"),
    "/empty": html_reply(b""),
    "/blank": html_reply(b"\n   \n"),
    "/nul.html": html_reply(b"\x00" * 2048),
}


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.server.requests.append((self.path, dict(self.headers.items())))
        route = self.server.routes.get(self.path.split("?", 1)[0])
        if route is None and self.path.startswith("/hops/"):
            route = _hops
        reply = Reply(status=404, body=b"no route") if route is None else route
        if callable(reply):
            reply = reply(self)
        if reply.delay:
            time.sleep(reply.delay)
        try:
            self._send(reply)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading (size cap, timeout): expected

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers:
            self.send_header(name, value)
        if reply.content_length:
            self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Connection", "close")
        self.end_headers()
        for start in range(0, len(reply.body), reply.chunk):
            self.wfile.write(reply.body[start:start + reply.chunk])
            self.wfile.flush()
            if reply.pause:
                time.sleep(reply.pause)

    def log_message(self, *args) -> None:  # keep test output clean
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, routes: dict[str, Route]):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes = routes
        self.requests: list[tuple[str, dict]] = []

    def handle_error(self, request, client_address) -> None:
        pass  # aborted connections are part of the tests


@dataclass
class LocalServer:
    """A threaded server on 127.0.0.1 with a free port; a context manager."""

    routes: dict[str, Route] = field(default_factory=lambda: dict(STANDARD_ROUTES))

    def __post_init__(self) -> None:
        self._server = _Server(self.routes)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def requests(self) -> list[tuple[str, dict]]:
        """(path, headers) of every request received, in order."""
        return self._server.requests

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, route: Route) -> None:
        self.routes[path] = route

    def __enter__(self) -> "LocalServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def http_server():
    with LocalServer() as server:
        yield server
