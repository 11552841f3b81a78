"""robots.txt: fetch, parse tolerantly, answer "may we fetch this URL?" and "how slowly?".

Parsing is ``urllib.robotparser`` (it skips lines it does not understand, so garbage
never raises). What the fetch outcome means follows RFC 9309 section 2.3.1:

* 2xx: the rules apply (a file with no recognisable line is "garbage": allow all,
  and say so);
* 4xx (no robots.txt): allow all;
* 5xx or unreachable: disallow all for this scan, and say why, since the site may
  be down or shielding itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

#: RFC 9309 2.5: crawlers must parse at least 500 KiB; more is ignored.
MAX_ROBOTS_BYTES = 500 * 1024

_DIRECTIVE = re.compile(r"^\s*(user-agent|disallow|allow|crawl-delay|sitemap|request-rate|host)\s*:", re.I | re.M)


@dataclass(frozen=True)
class Robots:
    """The robots.txt rules of one host, for one User-Agent."""

    url: str
    user_agent: str
    parser: RobotFileParser | None = None  # None: allow all (no file / garbage)
    delays: tuple[tuple[str, float], ...] = ()  # (lower-cased agent, Crawl-delay seconds)
    disallow_all: bool = False
    note: str = ""  # why the rules are what they are, when it is not a plain 2xx file
    cause: str = ""  # with disallow_all: why robots.txt was unreadable ("refused", "http-503", ...)
    sitemaps: tuple[str, ...] = field(default=())

    def allowed(self, url: str) -> bool:
        if self.disallow_all:
            return False
        if self.parser is None:
            return True
        return self.parser.can_fetch(self.user_agent, url)

    @property
    def crawl_delay(self) -> float | None:
        """Our group's Crawl-delay, else the ``*`` group's (fractions allowed: robotparser drops them)."""
        found = dict(self.delays)
        mine = self.user_agent.lower()
        for agent, delay in self.delays:
            if agent != "*" and agent in mine:
                return delay
        return found.get("*")

    def reason(self, url: str) -> str:
        """Why ``url`` is skipped (call only when ``allowed`` is False)."""
        if self.disallow_all:
            return f"not fetched: {self.note}"
        return f"disallowed by {self.url}"


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


def product_token(user_agent: str) -> str:
    """``"seoaudit/0.1 (+https://...)"`` -> ``"seoaudit"``: what User-agent lines name."""
    return user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else "*"


def parse_robots(url: str, body: bytes, user_agent: str) -> Robots:
    """Rules from a 2xx robots.txt body; never raises."""
    text = body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")
    token = product_token(user_agent)
    if not _DIRECTIVE.search(text):
        return Robots(url=url, user_agent=token, note=f"{url} is not a robots.txt file (no rules found): treated as allow all")
    parser = RobotFileParser(url)
    parser.parse(text.splitlines())
    sitemaps = tuple(s.strip() for s in (parser.site_maps() or ()) if s.strip())
    return Robots(url=url, user_agent=token, parser=parser, sitemaps=sitemaps, delays=crawl_delays(text))


def crawl_delays(text: str) -> tuple[tuple[str, float], ...]:
    """(agent, seconds) for every group with a valid, non-negative Crawl-delay."""
    out: list[tuple[str, float]] = []
    agents: list[str] = []
    in_agents = False
    for line in text.splitlines():
        key, sep, value = line.split("#", 1)[0].partition(":")
        if not sep:
            continue
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            agents = agents if in_agents else []
            agents.append(value.lower())
            in_agents = True
            continue
        in_agents = False
        if key == "crawl-delay":
            try:
                delay = float(value)
            except ValueError:
                continue
            if delay >= 0 and delay == delay:  # not NaN
                out += [(a, delay) for a in agents]
    return tuple(out)


def robots_for_status(url: str, status: int | None, body: bytes, error: str | None, user_agent: str) -> Robots:
    """The rules implied by one robots.txt fetch outcome (RFC 9309 2.3.1)."""
    token = product_token(user_agent)
    if status is not None and 200 <= status < 300:
        return parse_robots(url, body, user_agent)
    if status is not None and 400 <= status < 500:
        return Robots(url=url, user_agent=token)
    cause = f"HTTP {status}" if status is not None else (error or "unreachable")
    if status is None:  # no answer at all: the site is down or the address wrong, say that first
        note = f"the site is unreachable ({cause}); nothing was fetched"
    else:
        note = f"robots.txt could not be read ({cause}), so the site is treated as disallowed (RFC 9309)"
    return Robots(url=url, user_agent=token, disallow_all=True, note=note)
