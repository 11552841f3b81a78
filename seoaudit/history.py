"""What ``seoaudit history`` shows, read from the history store: every stored site, one site's
scans, or one page's scores, each with its change. ``reports/history.py`` renders them.

A site's change compares a whole-site scan with the previous whole-site scan that has a score
(``Store.previous_full_scan``): a scan of some pages only (page URLs, a list of URLs) is
``partial`` and neither gets a change nor is compared against, and a scan that audited nothing
is passed over. A page's change compares it with its previous score under the same site name,
whatever kind of scan audited it: a page's score does not depend on the other pages audited.

A site is found by its stored name, ignoring case, and by a host name or root URL: the sites
named after that host (a scan without ``--site``) and those whose scans targeted it (clients),
so ``127.0.0.1:8102`` and ``http://127.0.0.1:8102/`` find the same sites.
"""

from __future__ import annotations

from dataclasses import dataclass

from .store import ScanRow, Store
from .urls import is_site_root, normalise_url, site_of, url_key

#: ``SiteTrend.matched_by``: the stored name is the target, ignoring case; it is the target's
#: host name (the default name of a scan without ``--site``); its scans targeted that host.
MATCHED_BY_NAME, MATCHED_BY_HOST, MATCHED_BY_TARGETS = "name", "host", "targets"
#: Version of the ``-f json`` shape (README "History"): a new key is no new version.
SCHEMA_VERSION = 1


def rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


@dataclass(frozen=True)
class ScanLine:
    """One complete scan of a site and its change since the previous whole-site scan with a score
    (``compared_with``, its number); None for a partial scan, one without a score or the first.
    ``failure``: why it audited nothing (``Store.failure``), "" when it audited a page."""

    scan: ScanRow
    change: float | None = None
    compared_with: int | None = None
    failure: str = ""

    def to_dict(self) -> dict:
        s = self.scan
        return {"number": s.number, "started_at": s.started_at, "whole_site": s.whole_site, "score": rounded(s.score),
                "change": rounded(self.change), "compared_with": self.compared_with, "pages_audited": s.pages_ok,
                "pages_failed": s.pages_failed, "pages_skipped": s.pages_skipped, "sitemap_problems": len(s.problems),
                "failure": self.failure or None, "intel": s.intel}


@dataclass(frozen=True)
class SiteSummary:
    """A stored site in the list of all sites: its complete scans and the latest of them."""

    site: str
    scans: int
    partial_scans: int
    last: ScanLine | None  # None: no scan of it completed (interrupted or running)

    def to_dict(self) -> dict:
        return {"site": self.site, "scan_count": self.scans, "partial_scan_count": self.partial_scans,
                "last_scan": self.last.to_dict() if self.last else None}


@dataclass(frozen=True)
class SiteTrend:
    site: str
    matched_by: str
    scans: tuple[ScanLine, ...]

    def to_dict(self) -> dict:
        return {"site": self.site, "matched_by": self.matched_by, "scans": [line.to_dict() for line in self.scans]}


@dataclass(frozen=True)
class PageLine:
    """One page in one scan, its score's change since its previous score under the same site."""

    number: int
    started_at: str
    whole_site: bool
    status: str
    score: float | None
    change: float | None

    def to_dict(self) -> dict:
        return {"number": self.number, "started_at": self.started_at, "whole_site": self.whole_site, "status": self.status,
                "score": rounded(self.score), "change": rounded(self.change)}


@dataclass(frozen=True)
class PageTrend:
    site: str
    scans: tuple[PageLine, ...]

    def to_dict(self) -> dict:
        return {"site": self.site, "scans": [line.to_dict() for line in self.scans]}


@dataclass(frozen=True)
class SitesView:
    """``seoaudit history``: every stored site, by name."""

    sites: tuple[SiteSummary, ...]

    def to_dict(self) -> dict:
        return {"schema_version": SCHEMA_VERSION, "view": "sites", "sites": [s.to_dict() for s in self.sites]}


@dataclass(frozen=True)
class SiteView:
    """``seoaudit history SITE``: the scans of each stored site the target names."""

    target: str
    sites: tuple[SiteTrend, ...]

    def to_dict(self) -> dict:
        return {"schema_version": SCHEMA_VERSION, "view": "site", "target": self.target,
                "sites": [s.to_dict() for s in self.sites]}


@dataclass(frozen=True)
class PageView:
    """``seoaudit history URL``: one page's scores, grouped by the site name each scan was stored
    under (scan numbers count per site: #1 of two sites are two scans)."""

    target: str
    url: str
    sites: tuple[PageTrend, ...]

    def to_dict(self) -> dict:
        return {"schema_version": SCHEMA_VERSION, "view": "page", "target": self.target, "url": self.url,
                "sites": [s.to_dict() for s in self.sites]}


class NotFound(Exception):
    """Nothing stored for the target: the message says what was looked for."""


def scan_line(store: Store, scan: ScanRow) -> ScanLine:
    if not scan.pages_ok:
        return ScanLine(scan, failure=store.failure(scan.id))
    previous = store.previous_full_scan(scan.site, scan.id) if scan.whole_site and scan.score is not None else None
    if previous is None:
        return ScanLine(scan)
    return ScanLine(scan, scan.score - previous.score, previous.number)


def all_sites(store: Store) -> SitesView:
    return SitesView(tuple(SiteSummary(site, scans, partial, scan_line(store, last) if last else None)
                           for site, scans, partial, last in store.site_summaries()))


def page_url(target: str) -> str | None:
    """The page URL a target names (with or without its scheme), or None: a site root, a host name
    or something else."""
    if any(c.isspace() for c in target.strip()):
        return None
    url = normalise_url(target if "://" in target else f"https://{target.strip()}")
    return url if url and not is_site_root(url) else None


def host_named(target: str) -> str | None:
    """The site (host without ``www.``) of a root URL or host name target (``clinic.example``,
    ``127.0.0.1:8102``, ``https://clinic.example/``), or None: a host has a dot or a port."""
    text = target.strip().rstrip("/")
    if not text or any(c.isspace() for c in text):
        return None
    url = normalise_url(text if "://" in text else f"https://{text}")
    if url is None or not is_site_root(url):
        return None
    host = site_of(url)
    return host if "." in host or ":" in host or host == "localhost" else None


def find_sites(store: Store, target: str) -> list[tuple[str, str]]:
    """(stored site name, how it matched) of every site ``target`` names: a name that is the host
    (or one of the hosts of a multi-host scan) matches as such whichever way the host is written,
    so ``127.0.0.1:8102`` and ``http://127.0.0.1:8102/`` give the same answer."""
    wanted, host = target.strip().casefold(), host_named(target)
    found = {}
    for name in store.sites():
        if host and host in name.split(","):
            found[name] = MATCHED_BY_HOST
        elif name.casefold() == wanted:
            found[name] = MATCHED_BY_NAME
    for name in store.sites_scanning(host) if host else ():
        found.setdefault(name, MATCHED_BY_TARGETS)
    return list(found.items())


def site_view(store: Store, target: str, limit: int) -> SiteView:
    names = find_sites(store, target)
    if not names:
        raise NotFound(f"{target}: no scans of this site (known sites: {', '.join(store.sites()) or 'none yet'})")
    return SiteView(target, tuple(SiteTrend(name, how, tuple(scan_line(store, s) for s in store.site_history(name, limit)))
                                  for name, how in names))


def page_view(store: Store, target: str, url: str, limit: int) -> PageView:
    by_site: dict[str, list[PageLine]] = {}
    previous: dict[str, float] = {}
    shown_url = url
    for site, number, started_at, whole_site, status, score, shown_url in store.page_scans(url_key(url)):
        change = None if score is None or site not in previous else score - previous[site]
        by_site.setdefault(site, []).append(PageLine(number, started_at, whole_site, status, score, change))
        if score is not None:
            previous[site] = score
    if not by_site:
        raise NotFound(f"{target}: no scan has audited this page")
    # the URL as the latest scan stored it: a target without its scheme names it too
    return PageView(target, shown_url, tuple(PageTrend(site, tuple(lines[-limit:]))
                                             for site, lines in sorted(by_site.items(), key=lambda item: item[0].casefold())))


def history_view(store: Store, target: str | None, limit: int) -> SitesView | SiteView | PageView:
    """What ``seoaudit history [TARGET]`` shows; ``NotFound`` when nothing is stored for it. A stored
    site name wins over reading the target as a page URL."""
    if target is None:
        return all_sites(store)
    url = page_url(target)
    if url is not None and target.strip().casefold() not in {name.casefold() for name in store.sites()}:
        return page_view(store, target, url, limit)
    return site_view(store, target, limit)
