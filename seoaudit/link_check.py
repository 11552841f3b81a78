"""The link targets of pages ``seoaudit audit`` fetched over HTTP(S), requested as a scan does.

A marketer auditing one URL asks first whether the post's "Related:" / "Read more:" links
work. A scan answers that in its site phase (ST001) after requesting every internal link
target once; ``audit`` has no site phase, so ``LinkChecker`` asks the same question for
the pages it audits:

* which targets: the internal http(s) links of the page's Related block first, then of
  its main content (``Link.context``), each target once (``url_key``) across every page
  of the run, at most ``max_link_targets`` per page (the rest are listed in ST001 as not
  checked); the theme's navigation and footer links are not the post's and are not
  requested; external links are never requested;
* how: the scan's own engine (``crawl.Crawler`` link jobs: a GET whose body is never
  read, redirects followed and recorded hop by hop, loops named, the run's timeouts and
  User-Agent, robots.txt obeyed, at most 4 requests in flight per host, retries with
  backoff for timeouts, refused connections, 429 and 503); a page the run fetched is its
  own answer (no second request), as in a scan;
* never for local files: only a page read over HTTP(S) has its targets requested, and the
  HTTP machinery is created on the first target to request.

A broken target (4xx/5xx, a redirect loop, a timeout, an unreachable host) is a finding
of the page that links to it (ST001 ``bad``), never an unreadable target: the exit code
does not change. The results form a ``site.Site`` with ``whole_site=False``: ST001 judges
link targets; ST002-ST005 compare only pages of one site audited together (two or more);
ST006 and ST007, which need every page of the site, stay ``na``. Site checks are not part
of the page score (``scoring.page_scores``), so a post scores the same as in a scan.
"""

from __future__ import annotations

from typing import Any

from .crawl import CrawlPolicy, Crawler, Done, Job, LinkStatus
from .models import RawPage
from .site import PageFacts, Site, facts_of_document
from .urls import bare_host, normalise_url, site_of, url_key

#: internal link targets requested per audited page at most (``max_link_targets``)
DEFAULT_MAX_TARGETS = 50
#: requests in flight to one host at most: the scan's default (``scan --per-host``)
PER_HOST = 4
#: the link contexts that are the post's own links, in the order their targets are taken
POST_CONTEXTS = ("related", "content")


def is_fetched(raw: RawPage) -> bool:
    """Was the page read over HTTP(S) (not a local file or standard input)?"""
    return raw.url.startswith(("http://", "https://"))


def page_link_targets(doc) -> list[tuple[str, tuple[str, ...]]]:
    """(URL to request, the hrefs that name it) for the internal http(s) links of the page's
    Related block, then of its main content: each target once, in the order written."""
    found: dict[str, tuple[str, list[str]]] = {}
    # only the host the page was fetched from: "internal" also takes the canonical's host (a
    # preview deploy's production site), which the untrusted page chooses, and the checker
    # must not request whatever host a page names (169.254.169.254, an intranet address)
    page_host = bare_host(doc.url)
    for context in POST_CONTEXTS:
        for link in doc.links:
            if link.context != context or not link.internal or link.scheme not in ("http", "https") or not link.href:
                continue
            url = normalise_url(link.href)
            if url is None or bare_host(url) != page_host:
                continue
            entry = found.setdefault(url_key(url), (url, []))
            if link.href not in entry[1]:
                entry[1].append(link.href)
    return [(url, tuple(hrefs)) for url, hrefs in found.values()]


class LinkChecker:
    """Requests the link targets of audited pages once each and answers ST001 through a Site.

    ``site_for(raw, doc)`` is the hook ``Auditor.audit_page`` calls between parsing and the
    checks; ``with_compared_pages`` answers the duplicate checks once every page is known.
    Use as a context manager (or call ``close()``): the fetch threads and their session end there.
    """

    def __init__(self, settings, max_targets: int | None = None, policy: CrawlPolicy | None = None):
        from .fetch import USER_AGENT, FetchLimits

        self.max_targets = max_targets or settings.max_link_targets or DEFAULT_MAX_TARGETS
        self.policy = policy or CrawlPolicy(per_host=PER_HOST, user_agent=settings.user_agent or USER_AGENT,
                                            limits=FetchLimits.of(settings))
        self.statuses: dict[str, LinkStatus] = {}  # url_key (of a target, and of each href naming it) -> outcome
        self.unchecked: dict[str, tuple[str, ...]] = {}  # url_key of a page -> targets past the cap
        self.pages: list[tuple[int, PageFacts]] = []  # (position in the run's page list, facts) of checked pages
        self._checked_pages: set[str] = set()  # url_key of pages whose link targets were requested
        self.notes: list[str] = []  # robots.txt notes (unreachable site, garbage file, capped Crawl-delay)
        self.requests = 0  # HTTP requests made (link targets, robots.txt)
        self._crawler: Crawler | None = None
        self._site = self._new_site()

    def _new_site(self) -> Site:
        return Site(name="audited pages", whole_site=False, content_links_only=True, link_statuses=self.statuses,
                    unchecked_links=self.unchecked,
                    unchecked_note=f"at most {self.max_targets} link targets are checked per page: max_link_targets")

    # ---- during the audit -------------------------------------------------------------------
    def site_for(self, raw: RawPage, doc) -> Site | None:
        """The Site to judge ``doc`` on, after requesting its link targets; None for a local file."""
        if not is_fetched(raw):
            return None
        self.fetched(raw)
        targets = page_link_targets(doc)
        judged, left = targets[: self.max_targets], targets[self.max_targets:]
        if left:
            self.unchecked[url_key(doc.url)] = tuple(url for url, _ in left)
        todo = [url for url, _ in judged if url_key(url) not in self.statuses]
        if todo:
            self._request(todo)
        for url, hrefs in judged:  # each href as written finds the outcome (ST001 and LK001 look links up by href)
            status = self.statuses.get(url_key(url))
            if status is not None:
                for href in hrefs:
                    self.statuses.setdefault(url_key(href), status)
        self._checked_pages.add(url_key(raw.url))
        return self._site

    def checked(self, raw: RawPage) -> bool:
        """Were the page's link targets requested (it was fetched, parsed, and nothing failed)?"""
        return url_key(raw.url) in self._checked_pages

    def fetched(self, raw: RawPage) -> None:
        """A page the run fetched is also a checked link target (its URL as given, and where it ended)."""
        status = LinkStatus.from_page(raw)
        self.statuses.setdefault(url_key(raw.source), status)
        self.statuses.setdefault(url_key(raw.url), status.at_final_url())

    def audited(self, position: int, doc) -> None:
        """Remember a checked page's facts, for the duplicate checks across the run's pages."""
        self.pages.append((position, facts_of_document(doc)))

    def _request(self, urls: list[str]) -> None:
        if self._crawler is None:
            self._crawler = Crawler(self.policy)
        crawler = self._crawler
        for url in urls:
            crawler.add(Job(url, kind="link", via="link"))
        while not crawler.idle:
            for done in crawler.poll(0.5):
                self.statuses[url_key(done.job.url)] = self._status(done)

    @staticmethod
    def _status(done: Done) -> LinkStatus:
        if done.link is not None:
            return done.link
        # not requested: robots.txt disallows it (not broken), or robots.txt could not be read
        # because the host does not answer (broken, with the cause: "connection refused by ...")
        return LinkStatus(done.job.url, None, done.job.url, error=done.skipped, cause=done.skip_cause)

    def close(self) -> None:
        if self._crawler is not None:
            self.requests = self._crawler.requests
            self.notes = list(self._crawler.notes)
            self._crawler.close()
            self._crawler = None

    def __enter__(self) -> "LinkChecker":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # ---- after the audit ----------------------------------------------------------------------
    def with_compared_pages(self, pages: list, specs, options) -> list:
        """``pages`` with the site checks of the checked pages answered again on a Site of the
        pages of their own site (two or more): ST002-ST005 then compare those pages (titles,
        descriptions, H1s, content). Scores do not change (site checks are not scored)."""
        from .local_site import with_site_results

        by_site: dict[str, list[tuple[int, PageFacts]]] = {}
        for position, facts in self.pages:
            by_site.setdefault(site_of(facts.url), []).append((position, facts))
        pages = list(pages)
        for group in by_site.values():
            if len(group) < 2:
                continue
            site = self._new_site()
            for _, facts in group:
                site.add_page(facts)
            for position, facts in group:
                pages[position] = with_site_results(pages[position], facts, site, specs, options)
        return pages
