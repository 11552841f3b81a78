"""Polite, concurrent fetching: per-host queues, robots.txt, retries, link-target checks.

The ``Crawler`` is an engine, not a policy about what to crawl: the scan adds jobs
(pages to audit, link targets to check) and polls for finished ones. It guarantees:

* at most ``per_host`` requests in flight to one host and ``global_limit`` overall,
  and request starts to one host at least ``delay`` (or the robots Crawl-delay) apart;
* robots.txt is fetched once per host before anything else there; a disallowed URL
  comes back as skipped, never fetched;
* connection errors, timeouts, 429 and 503 are retried with exponential backoff,
  honouring ``Retry-After`` up to ``max_retry_wait``;
* every job finishes exactly once with a result or a one-line cause.

Scheduling is a few lines under one lock, run from the caller's ``poll()`` and from
each finishing fetch: a freed slot takes the host's next job at once, even while the
caller is busy writing results, and a slow host never ties up threads another host
could use. I/O runs in a thread pool with one shared ``requests`` session.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from typing import Callable
from urllib.parse import urljoin

import requests

from .fetch import OTHER, PAGE_TIMEOUT, USER_AGENT, FetchLimits, body_chunks, describe_failure, fetch_page, new_session, status_cause, status_line
from .models import RawPage, Redirect
from .robots import MAX_ROBOTS_BYTES, Robots, robots_for_status, robots_url
from .urls import host_of

# ---- why a URL failed, as a stable code ------------------------------------------------
# Each failure is given its code where it is made (``RawPage.cause``, ``LinkStatus.cause``: fetch.py's
# ``describe_failure``, ``status_cause``), never read back from the wording of its message.

RETRYABLE_CAUSES = frozenset({"timeout", "connection", "refused"})
RETRYABLE_STATUSES = frozenset({429, 503})
#: causes that make a link target broken (besides 4xx/5xx)
BROKEN_CAUSES = frozenset({"dns", "refused", "timeout", "tls", "redirect-loop", "too-many-redirects", "connection", "invalid-url",
                           # local posts judged offline (local_site.py): no post has the URL, or it is a draft
                           "missing-post", "draft-post"})


# ---- retry policy -------------------------------------------------------------------


@dataclass(frozen=True)
class CrawlPolicy:
    per_host: int = 4
    global_limit: int = 16
    delay: float = 0.0  # minimum seconds between request starts to one host
    retries: int = 2
    backoff: float = 0.5  # first retry wait; doubles each time (with jitter)
    max_retry_wait: float = 30.0  # a longer Retry-After is not waited for
    max_crawl_delay: float = 30.0  # a longer robots Crawl-delay is capped to this
    respect_robots: bool = True
    user_agent: str = USER_AGENT
    limits: FetchLimits = field(default_factory=FetchLimits)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP date; None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


def retry_wait(status: int | None, cause: str, headers, attempt: int, policy: CrawlPolicy) -> float | None:
    """Seconds to wait before retry number ``attempt`` (1-based), or None: do not retry."""
    if attempt > policy.retries:
        return None
    if status in RETRYABLE_STATUSES:
        asked = retry_after_seconds((headers or {}).get("retry-after"))
        if asked is not None:
            return asked if asked <= policy.max_retry_wait else None
    elif cause not in RETRYABLE_CAUSES:
        return None
    base = policy.backoff * (2 ** (attempt - 1))
    return min(policy.max_retry_wait, base * (0.75 + random.random() / 2))  # jitter: hosts are not hit in lockstep


# ---- link-target checks --------------------------------------------------------------


@dataclass(frozen=True)
class LinkStatus:
    """What requesting a link target gave: final status, redirect hops, or a cause."""

    url: str
    status: int | None
    final_url: str
    redirects: tuple[Redirect, ...] = ()
    error: str | None = None
    cause: str = ""
    headers: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def broken(self) -> bool:
        return (self.status is not None and self.status >= 400) or self.cause in BROKEN_CAUSES

    @property
    def hops(self) -> int:
        return len(self.redirects)

    @classmethod
    def from_page(cls, raw: RawPage) -> "LinkStatus":
        """A fetched page is also a checked link target: no second request for it."""
        # a PDF or an oversized page is a working link, just not an auditable page
        error = None if raw.cause in ("non-html", "too-large", "redirect-known") else raw.error
        return cls(url=raw.source, status=raw.status, final_url=raw.url, redirects=raw.redirects,
                   error=error, cause="" if error is None else raw.cause)

    def at_final_url(self) -> "LinkStatus":
        """The same outcome for the URL the redirects ended at, as a target of its own (no hops)."""
        return LinkStatus(self.final_url, self.status, self.final_url, error=self.error, cause=self.cause)


def check_link(session: requests.Session, url: str, limits: FetchLimits, stop_before=None) -> LinkStatus:
    """GET ``url`` without reading the body, following redirects by hand; never raises.

    ``stop_before(url)`` as in ``fetch_page``: a hop to a URL fetched by its own job
    ends the check with cause ``redirect-known`` (the site phase joins the two).
    """
    redirects: list[Redirect] = []
    current, status, headers = url, None, {}
    visited = {url}
    try:
        while True:
            with session.get(current, allow_redirects=False, stream=True,
                             timeout=(limits.connect_timeout, limits.read_timeout)) as response:
                status = response.status_code
                headers = {k.lower(): v for k, v in response.headers.items()}
                location = response.headers.get("location")
                if status in (301, 302, 303, 307, 308) and location:
                    redirects.append(Redirect(url=current, status=status))
                    target = urljoin(current, location.strip())
                    if target in visited:
                        error = f"redirect loop: {target} was already visited"
                        return LinkStatus(url, status, current, tuple(redirects), error, "redirect-loop", headers)
                    if len(redirects) > limits.max_redirects:
                        error = f"too many redirects (more than {limits.max_redirects})"
                        return LinkStatus(url, status, current, tuple(redirects), error, "too-many-redirects", headers)
                    visited.add(target)
                    current = target
                    if stop_before is not None and stop_before(target):
                        return LinkStatus(url, status, target, tuple(redirects), None, "redirect-known", headers)
                    continue
                if status < 400:
                    return LinkStatus(url, status, current, tuple(redirects), None, "", headers)
                return LinkStatus(url, status, current, tuple(redirects), status_line(status, response.reason), status_cause(status),
                                  headers)
    except requests.exceptions.RequestException as exc:
        error, cause = describe_failure(exc, current, limits)
    except (OSError, ValueError) as exc:
        error, cause = f"request failed: {type(exc).__name__}: {exc}", OTHER
    return LinkStatus(url, status, current, tuple(redirects), error, cause, headers)


def fetch_text(session: requests.Session, url: str, limits: FetchLimits, max_bytes: int,
               cache=None) -> tuple[int | None, bytes, str | None, str]:
    """(status, body, error, its cause code) for a non-page resource (robots.txt, sitemap); never raises.

    With ``cache`` the request is conditional like a page's, and a 304 gives the stored body.
    """
    cached = cache.get(url) if cache is not None else None
    # the same whole-download limit as a page's: a robots.txt trickled a byte a second held a
    # scan indefinitely (the read timeout only bounds the silence between bytes)
    deadline = time.monotonic() + limits.page_timeout
    try:
        with session.get(url, stream=True, timeout=(limits.connect_timeout, limits.read_timeout),
                         headers=cached.conditional_headers() if cached else None) as response:
            if response.status_code == 304 and cached is not None:
                return cached.status, cache.revalidated(cached, response.headers).body, None, ""
            chunks, size = [], 0
            for chunk in body_chunks(response):
                size += len(chunk)
                if size > max_bytes:
                    return (response.status_code, b"".join(chunks), f"{url}: larger than {max_bytes} bytes",
                            status_cause(response.status_code))
                if time.monotonic() > deadline:
                    return None, b"", f"{url}: timed out: more than {limits.page_timeout:g} s in all", PAGE_TIMEOUT
                chunks.append(chunk)
            body = b"".join(chunks)
            if cache is not None:
                headers = {k.lower(): v for k, v in response.headers.items()}
                if not cache.put(url, response.status_code, headers, body) and cached is not None:
                    cache.forget(url)
            return response.status_code, body, None, ""
    except requests.exceptions.RequestException as exc:
        return None, b"", *describe_failure(exc, url, limits)
    except (OSError, ValueError) as exc:
        return None, b"", f"request failed: {type(exc).__name__}: {exc}", OTHER


# ---- jobs and the engine ---------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    url: str
    kind: str = "page"  # "page": fetch and audit; "link": check a link target only
    depth: int = 0
    via: str = "start"  # "start" | "sitemap" | "link"
    tag: int = 0  # which scan (client) of a multi-site run the job belongs to


@dataclass
class Done:
    """A finished job: exactly one of ``page``/``link`` is set, or ``skipped`` says why not."""

    job: Job
    page: RawPage | None = None
    link: LinkStatus | None = None
    skipped: str | None = None
    attempts: int = 1
    skip_cause: str = ""  # "robots" (disallowed: by design) or "robots-unreachable" (a failure)


@dataclass
class _Host:
    name: str
    queue: deque = field(default_factory=deque)
    in_flight: int = 0
    next_start: float = 0.0
    delay: float = 0.0
    robots: Robots | None = None
    robots_requested: bool = False


class Crawler:
    """Fetch jobs politely in a thread pool; the caller polls for ``Done`` results.

    A request that finishes starts the next one for its host at once, from the fetch
    thread (under the crawler's lock), so a slot never idles while the caller is busy
    writing results; ``poll(dispatch=False)`` pauses that (the caller's back-pressure).
    """

    def __init__(self, policy: CrawlPolicy = CrawlPolicy(), session: requests.Session | None = None,
                 is_known: Callable[[Job, str], bool] | None = None, cache=None):
        self.policy = policy
        self.cache = cache  # an httpcache.HttpCache: conditional requests for pages, sitemaps, robots.txt
        # is_known(job, url): is ``url`` fetched by a job of its own? Redirect hops stop there.
        self._is_known = is_known
        pool = max(policy.global_limit, policy.per_host)
        self.session = session or new_session(policy.user_agent, pool_size=pool)
        self._pool = ThreadPoolExecutor(max_workers=pool, thread_name_prefix="seoaudit-fetch")
        self._hosts: dict[str, _Host] = {}
        self._running: dict[Future, tuple[_Host, Job | None]] = {}
        self._ready: list[Done] = []
        self._cond = threading.Condition(threading.RLock())  # guards everything above; fetch threads wait on nothing
        self._paused = False
        self._stop = threading.Event()
        self.notes: list[str] = []  # robots.txt notes (garbage, unreachable, capped delay)
        self.requests = 0

    # ---- public ------------------------------------------------------------------
    def add(self, job: Job) -> None:
        with self._cond:
            self._host(host_of(job.url)).queue.append(job)

    def robots_for(self, url: str) -> Robots | None:
        with self._cond:
            return self._hosts.get(host_of(url), _Host("")).robots

    def fetch_robots_now(self, url: str) -> Robots:
        """Fetch (once) and install the robots.txt of ``url``'s host, in the caller's thread.

        The scan needs it before crawling starts, for the Sitemap: lines.
        """
        with self._cond:
            host = self._host(host_of(url))
            if host.robots is not None:
                return host.robots
            host.robots_requested = True
            self.requests += 1
        robots = self._fetch_robots(robots_url(url))
        with self._cond:
            self._set_robots(host, robots)
            host.next_start = time.monotonic() + host.delay
            return host.robots

    def fetch_resource(self, url: str, max_bytes: int) -> tuple[int | None, bytes, str | None]:
        """A sitemap or similar file, in the caller's thread, obeying robots.txt."""
        robots = self.fetch_robots_now(url)
        if not robots.allowed(url):
            return None, b"", robots.reason(url)
        with self._cond:
            self.requests += 1
        return fetch_text(self.session, url, self.policy.limits, max_bytes, self.cache)[:3]

    @property
    def idle(self) -> bool:
        with self._cond:
            return not self._running and not self._ready and not any(h.queue for h in self._hosts.values())

    @property
    def queued(self) -> int:
        with self._cond:
            return sum(len(h.queue) for h in self._hosts.values())

    @property
    def in_flight(self) -> int:
        return len(self._running)

    def poll(self, timeout: float = 0.5, dispatch: bool = True) -> list[Done]:
        """Start what politeness allows, then wait up to ``timeout`` for something to finish.

        ``dispatch=False`` only collects, and stops finishing requests from starting
        new ones until the next ``poll()`` that dispatches (the caller's back-pressure).
        """
        with self._cond:
            self._paused = not dispatch
            if dispatch:
                self._dispatch()
            if not self._ready and timeout > 0:
                wake = self._next_wake() if dispatch else None
                if self._running or wake is not None:
                    self._cond.wait(timeout if wake is None else min(timeout, max(wake, 0.001)))
                    if dispatch:
                        self._dispatch()
            out, self._ready = self._ready, []
            return out

    def stop(self) -> None:
        """Start nothing more and ask running retries to give up waiting; queued jobs stay queued (for --resume)."""
        self._stop.set()

    def close(self) -> None:
        self._stop.set()
        self._pool.shutdown(wait=True, cancel_futures=True)
        self.session.close()

    # ---- scheduling (all under self._cond) ---------------------------------------------
    def _host(self, name: str) -> _Host:
        host = self._hosts.get(name)
        if host is None:
            host = self._hosts[name] = _Host(name=name, delay=self.policy.delay)
            if not self.policy.respect_robots:
                host.robots = Robots(url="", user_agent="*")
        return host

    def _next_wake(self) -> float | None:
        """Seconds until a host's delay allows its next request (None: nothing is waiting on a delay)."""
        if len(self._running) >= self.policy.global_limit:
            return None  # a finishing request is what frees a slot
        now = time.monotonic()
        waits = [h.next_start - now for h in self._hosts.values()
                 if h.queue and h.robots is not None and h.in_flight < self.policy.per_host and h.next_start > now]
        return min(waits) if waits else None

    def _dispatch(self) -> None:
        if self._stop.is_set():
            return
        now = time.monotonic()
        for host in self._hosts.values():
            while host.queue and len(self._running) < self.policy.global_limit:
                if host.robots is None:
                    if not host.robots_requested and host.in_flight < self.policy.per_host:
                        host.robots_requested = True
                        self._submit(host, None, now, robots_url(host.queue[0].url))
                    break
                if host.in_flight >= self.policy.per_host or host.next_start > now:
                    break
                job = host.queue.popleft()
                if not host.robots.allowed(job.url):
                    cause = (host.robots.cause or "robots-unreachable") if host.robots.disallow_all else "robots"
                    self._ready.append(Done(job=job, skipped=host.robots.reason(job.url), skip_cause=cause))
                    self._cond.notify_all()
                    continue
                self._submit(host, job, now)

    def _submit(self, host: _Host, job: Job | None, now: float, robots_at: str = "") -> None:
        host.in_flight += 1
        host.next_start = now + host.delay
        self.requests += 1
        fut = self._pool.submit(self._work, job, robots_at)
        self._running[fut] = (host, job)
        fut.add_done_callback(self._finished)

    def _finished(self, fut: Future) -> None:
        """Runs in the fetch thread that finished (or in the caller if it finished at once)."""
        with self._cond:
            entry = self._running.pop(fut, None)
            if entry is None:
                return
            host, job = entry
            host.in_flight -= 1
            if fut.cancelled():  # close() while queued: nothing was requested
                return
            try:
                result = fut.result()
            except Exception as exc:  # noqa: BLE001 - a bug in one fetch must not lose its job silently
                result = self._internal_failure(host, job, exc)
            if job is None:  # the robots.txt of this host
                self._set_robots(host, result)
            else:
                self._ready.append(result)
            if not self._paused:
                self._dispatch()
            self._cond.notify_all()

    def _internal_failure(self, host: _Host, job: Job | None, exc: Exception):
        """What a fetch that raised (a bug, not a network problem) becomes: a failure with its cause, never a lost job."""
        error = f"internal error: {type(exc).__name__}: {exc}"
        if job is None:
            return robots_for_status(f"robots.txt of {host.name}", None, b"", error, self.policy.user_agent)
        return Done(job=job, skipped=error, skip_cause="internal")

    def _set_robots(self, host: _Host, robots: Robots) -> None:
        host.robots = robots
        if robots.note:
            self.notes.append(robots.note)
        delay = robots.crawl_delay
        if delay:
            if delay > self.policy.max_crawl_delay:
                self.notes.append(f"{robots.url}: Crawl-delay {delay:g}s capped to {self.policy.max_crawl_delay:g}s")
                delay = self.policy.max_crawl_delay
            host.delay = max(host.delay, delay)

    def _work(self, job: Job | None, robots_at: str):
        if job is None:
            return self._fetch_robots(robots_at)
        attempt = 0
        while True:
            attempt += 1
            result = self._fetch_page(job) if job.kind == "page" else self._check_link(job)
            wait_s = retry_wait(result.status, result.cause, result.headers, attempt, self.policy) if result.error else None
            if wait_s is None or self._stop.wait(wait_s):
                break
        if job.kind == "page":
            return Done(job=job, page=result, attempts=attempt)
        return Done(job=job, link=result, attempts=attempt)

    def _fetch_page(self, job: Job) -> RawPage:
        stop = None if self._is_known is None else (lambda url: self._is_known(job, url))
        return fetch_page(self.session, job.url, self.policy.limits, source=job.url, stop_before=stop, cache=self.cache)

    def _check_link(self, job: Job) -> LinkStatus:
        stop = None if self._is_known is None else (lambda url: self._is_known(job, url))
        return check_link(self.session, job.url, self.policy.limits, stop_before=stop)

    def _fetch_robots(self, url: str) -> Robots:
        attempt = 0
        while True:
            attempt += 1
            status, body, error, cause = fetch_text(self.session, url, self.policy.limits, MAX_ROBOTS_BYTES * 2, self.cache)
            if not error:
                cause = "" if status is None or status < 500 else f"http-{status}"
            if not cause:
                break
            wait_s = retry_wait(status, cause, {}, attempt, self.policy)
            if wait_s is None or self._stop.wait(wait_s):
                break
        robots = robots_for_status(url, status, body, error, self.policy.user_agent)
        if robots.disallow_all:  # the pages of this host fail for the reason robots.txt did
            robots = replace(robots, cause=cause if error else f"robots-http-{status}")
        return robots
