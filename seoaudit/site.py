"""The Site context of a scan: what checks may know about the other pages.

Built once per scan, after every page was fetched and every internal link target
checked, from the history store (so a 50,000-page scan keeps only small per-URL
facts in memory, never documents). Site checks (``checks/site_links.py``) read it
through ``CheckContext.site``; audits of local files pass ``site=None`` and those checks
answer ``na``. ``seoaudit audit`` of URLs builds a smaller Site (``link_check.py``): the
audited pages' link targets, requested once, and the audited pages themselves
(``whole_site=False``); ``--local-site`` and ``check`` build one of the local posts
(``local_site.py``).

``PageFacts`` is the slice of a Document a site check needs (URL, title, meta
description, first H1, links); the scan stores it per page and rebuilds it here
instead of re-parsing pages.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable

from .crawl import LinkStatus
from .models import STATUS_ORDER, Link, Redirect
from .store import scorecard_finder
from .urls import shown_location, url_key

#: fields compared across pages, and how a value is normalised for comparison
DUPLICATE_FIELDS = ("title", "meta_description", "h1", "content_hash")
#: How many other URLs a duplicate finding lists as evidence.
MAX_OTHERS = 10


def comparable(value: str | None) -> str:
    return " ".join((value or "").split()).casefold()


@dataclass(frozen=True)
class PageFacts:
    """What site checks read of one page (a Document has the same attribute names)."""

    url: str
    title: str = ""
    meta_description: str | None = None
    h1: str = ""
    content_hash: str = ""
    links: tuple[Link, ...] = ()
    page_type: str = "post"  # post, listing, home or page (page_type.py): checks written for posts skip the rest
    # how messages name the page, decided where it is read (a local file's path as the user sees
    # it, urls.shown_location) so that checks do not depend on the working directory; "": its URL
    shown_as: str = ""

    @property
    def internal_links(self) -> tuple[Link, ...]:
        return tuple(l for l in self.links if l.internal)


def content_hash_of(doc) -> str:
    """Hash of the main-content text, for exact-duplicate detection ("" under 20 words:
    short pages such as contact pages are alike without being copies)."""
    return hashlib.sha1(doc.text.encode("utf-8")).hexdigest() if doc.word_count >= 20 else ""


def first_h1(doc) -> str:
    return next((h.text for h in doc.headings if h.level == 1), "")


def facts_of_document(doc) -> PageFacts:
    """The facts site checks read, taken from a page as it is read (internal links only)."""
    from .page_type import page_type

    return PageFacts(url=doc.url, title=doc.title or "", meta_description=doc.meta_description, h1=first_h1(doc),
                     content_hash=content_hash_of(doc), links=tuple(l for l in doc.links if l.internal),
                     page_type=page_type(doc), shown_as=shown_location(doc.url))


@dataclass(frozen=True)
class MissedLink:
    """A link of another page that was meant for a page but does not reach it (a typo in its
    slug, an old address, a missing base path): broken, reported by ``check`` on the page that
    has it, and named by ST006 on the page it missed."""

    source: str  # the linking page, as messages name it
    line: int | None  # where its source writes the link (Markdown, text; None in HTML)
    href: str  # as written
    anchor: str
    check: str  # the check that reports it on the linking page: ST001, or ST008 for a reference
    reason: str  # why it is broken (the linking page's finding)

    @property
    def place(self) -> str:
        """"content/posts/a.md:12": the link's file and line, as a CI log or an editor names them."""
        return f"{self.source}:{self.line}" if self.line else self.source


@dataclass
class Site:
    """Facts about all pages of one scan, keyed by ``url_key``."""

    name: str = ""
    start_keys: set[str] = field(default_factory=set)
    sitemap_keys: set[str] | None = None  # None: no sitemap was read
    crawled: bool = False  # did the scan follow links (site root targets)?
    offline: bool = False  # local posts judged by their index (local_site.py), nothing requested
    post_count: int = 0  # pages the site was built from, when offline
    link_statuses: dict[str, LinkStatus] = field(default_factory=dict)
    # False: the Site holds only the pages audited together and their link targets (``audit`` of
    # URLs, link_check.py; a scan of page URLs or lists of URLs), not the whole site: links in
    # (ST006) and the sitemap (ST007) are not known, and duplicates (ST002-ST005) are compared
    # only when several pages were added
    whole_site: bool = True
    # True: only links in the main content and the Related block are the page's (ST001 leaves
    # out the theme's navigation and footer links, which were not checked)
    content_links_only: bool = False
    # url_keys of the local posts new in the change gated (``check --changed-since``/``--staged``),
    # and when ("since main"): no other post could link to them before it (ST006 does not judge them)
    new_keys: set[str] = field(default_factory=set)
    new_when: str = ""
    # url_key of a page -> its link targets that were not requested, and why (``unchecked_note``)
    unchecked_links: dict[str, tuple[str, ...]] = field(default_factory=dict)
    unchecked_note: str = ""
    # local posts of which no address is known, nor a folder that holds them (local_site.py): url_key
    # of a post -> its links by path that name no post's slug, not judged (as written; Related ones
    # first), so that ST001 says why it judged nothing instead of "no link names a post"
    unaddressed_links: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # field -> comparable value -> (url, shown_as) of the pages that have it
    _values: dict[str, dict[str, list[tuple[str, str]]]] = field(default_factory=lambda: {f: defaultdict(list) for f in DUPLICATE_FIELDS})
    _content_inlinks: dict[str, int] = field(default_factory=dict)
    _any_inlinks: dict[str, int] = field(default_factory=dict)
    _urls: dict[str, str] = field(default_factory=dict)
    # url_key of a page -> the broken links of other pages meant for it (local posts only: the index
    # knows which post a broken link missed, from its slug or its nearest one)
    _missed: dict[str, list[MissedLink]] = field(default_factory=dict)

    # ---- building -------------------------------------------------------------------------
    def add_page(self, facts: PageFacts) -> None:
        key = url_key(facts.url)
        self._urls[key] = facts.url
        for name in DUPLICATE_FIELDS:
            value = comparable(getattr(facts, name))
            if value:
                self._values[name][value].append((facts.url, facts.shown_as or facts.url))

    def add_inlinks(self, target_key: str, content: int, total: int) -> None:
        self._content_inlinks[target_key] = content
        self._any_inlinks[target_key] = total

    def add_missed_link(self, target_key: str, link: MissedLink) -> None:
        """A broken link of another page meant for the page ``target_key`` (once per page and href)."""
        known = self._missed.setdefault(target_key, [])
        if not any(m.source == link.source and m.href == link.href for m in known):
            known.append(link)

    # ---- questions checks ask ----------------------------------------------------------------
    def others_with(self, field_name: str, value: str | None, url: str) -> tuple[str, ...]:
        """Other audited pages whose ``field_name`` equals ``value`` (case/space-insensitive), named as
        messages name them (``PageFacts.shown_as``: the URL, or a local file's path)."""
        v = comparable(value)
        if not v:
            return ()
        own = url_key(url)
        return tuple(shown for u, shown in self._values[field_name].get(v, ()) if url_key(u) != own)

    def link_status(self, href: str) -> LinkStatus | None:
        return self.link_statuses.get(url_key(href))

    def unchecked(self, url: str) -> tuple[str, ...]:
        """The page's internal link targets that were not requested (past a cap: ``unchecked_note``)."""
        return self.unchecked_links.get(url_key(url), ())

    @property
    def page_count(self) -> int:
        """Pages added (``add_page``): the pages duplicates are compared among."""
        return len(self._urls)

    def content_inlinks(self, url: str) -> int:
        """Links in other pages' main content or Related blocks pointing here."""
        return self._content_inlinks.get(url_key(url), 0)

    def any_inlinks(self, url: str) -> int:
        """Links of any kind (navigation too) in other pages pointing here."""
        return self._any_inlinks.get(url_key(url), 0)

    def missed_links(self, url: str) -> tuple[MissedLink, ...]:
        """Broken links of other pages that were meant for this one (``add_missed_link``)."""
        return tuple(self._missed.get(url_key(url), ()))

    def is_new(self, url: str) -> bool:
        """Is the page new in the change gated (see ``new_keys``)?"""
        return url_key(url) in self.new_keys

    def in_sitemap(self, url: str) -> bool | None:
        return None if self.sitemap_keys is None else url_key(url) in self.sitemap_keys

    def is_start(self, url: str) -> bool:
        return url_key(url) in self.start_keys


def link_status_from_row(url: str, status: int | None, final_url: str, hops: int, error: str | None, cause: str,
                         chain: str | None = None) -> LinkStatus:
    """A stored target as a LinkStatus; ``chain`` (JSON [url, status] hops) is absent in older databases."""
    redirects = _redirects(chain)
    if len(redirects) != (hops or 0):
        redirects = tuple(Redirect(url=url, status=0) for _ in range(hops or 0))
    return LinkStatus(url=url, status=status, final_url=final_url or url, redirects=redirects, error=error, cause=cause or "")


def build_site(store, scan_id: int, name: str, start_urls: list[str], crawled: bool, whole_site: bool = True) -> Site:
    """Read the facts of a finished scan back from the store; ``whole_site``: a crawl or a sitemap of
    the site, not only the pages given (page URLs, lists of URLs)."""
    site = Site(name=name, start_keys={url_key(u) for u in start_urls}, crawled=crawled, whole_site=whole_site)
    db = store.db
    keys = {r[0] for r in db.execute("SELECT key FROM sitemap_urls WHERE scan_id=?", (scan_id,))}
    site.sitemap_keys = keys or None
    for url, title, meta, h1, chash in db.execute(
            "SELECT url, title, meta_description, h1, content_hash FROM pages WHERE scan_id=? AND status='ok'", (scan_id,)):
        site.add_page(PageFacts(url=url, title=title or "", meta_description=meta, h1=h1 or "", content_hash=chash or ""))
    site.link_statuses = stored_link_statuses(store, scan_id)
    for target_key, content, total in db.execute(
            "SELECT target_key, SUM(context IN ('content','related')), COUNT(*) FROM links"
            " WHERE scan_id=? AND target_key<>source_key GROUP BY target_key", (scan_id,)):
        site.add_inlinks(target_key, int(content or 0), int(total or 0))
    return site


def _redirects(chain: str | None) -> tuple[Redirect, ...]:
    try:
        hops = json.loads(chain) if chain else []
        return tuple(Redirect(url=str(u), status=int(s)) for u, s in hops)
    except (ValueError, TypeError):
        return ()


def stopped_at_known_url(st: LinkStatus) -> bool:
    """Did the request stop at a redirect to a URL that has a job of its own (so its outcome is that
    URL's)? A link check says so (``redirect-known``); a page job is stored with the redirect's own
    3xx answer and its final URL. A redirect that failed (a loop, too many hops) has an error: it is
    an outcome of its own."""
    return st.error is None and (st.cause == "redirect-known"
                                 or (st.status is not None and 300 <= st.status < 400 and st.final_url != st.url))


def follow_redirects(key: str, st: LinkStatus, stored: Callable[[str], LinkStatus | None]) -> LinkStatus:
    """The outcome of link target ``key`` (``st``, as stored), its redirects followed to the end:
    a redirect the crawler stopped following because its target had a job of its own
    (``stopped_at_known_url``) ends where that target's stored outcome (``stored(its key)``) says,
    hop after hop, a cycle cut."""
    seen = {key}
    while stopped_at_known_url(st):
        final_key = url_key(st.final_url)
        final = stored(final_key) if final_key not in seen else None
        if final is None:
            break
        seen.add(final_key)
        st = LinkStatus(url=st.url, status=final.status, final_url=final.final_url, redirects=st.redirects + final.redirects,
                        error=final.error, cause=final.cause)
    return st


def stored_link_statuses(store, scan_id: int) -> dict[str, LinkStatus]:
    """Every link target the scan requested, by key, each followed to its end once (``follow_redirects``):
    what the site checks, links.csv and the dashboard say of a target."""
    stored = {key: link_status_from_row(url, status, final_url, hops, error, cause, chain)
              for key, url, status, final_url, hops, error, cause, chain in store.db.execute(
                  "SELECT key, url, status, final_url, hops, error, cause, chain FROM targets WHERE scan_id=?", (scan_id,))}
    # followed over the stored outcomes, not the ones followed already: the same answer in any order
    followed = {key: follow_redirects(key, st, stored.get) for key, st in stored.items() if stopped_at_known_url(st)}
    stored.update(followed)
    return stored


def link_fixes(store, scan_id: int, link_statuses: dict[str, LinkStatus] | None = None):
    """(linking page URL, link as linked, anchor text, the target's LinkStatus) for each internal link
    of an audited page whose target is broken or redirected, by linking page and link: what the
    client's web person updates (``links.csv``). ``link_statuses``: the scan's (``stored_link_statuses``)."""
    statuses = stored_link_statuses(store, scan_id) if link_statuses is None else link_statuses
    rows = store.db.execute(
        "SELECT p.url, MIN(l.target), MIN(l.text), t.key"
        " FROM links l JOIN pages p ON p.scan_id=l.scan_id AND p.key=l.source_key"
        " JOIN targets t ON t.scan_id=l.scan_id AND t.key=l.target_key"
        " WHERE l.scan_id=? AND p.status='ok' AND l.target_key<>l.source_key AND (t.broken=1 OR t.hops>0)"
        " GROUP BY p.key, t.key ORDER BY p.url, MIN(l.target)", (scan_id,)).fetchall()
    for source, href, anchor, key in rows:
        yield source, href, anchor or "", statuses[key]


def page_facts(store, scan_id: int, row) -> PageFacts:
    """A stored page row plus its stored links, as the PageFacts site checks read."""
    links = tuple(Link(href=target, raw_href=target, text=text or "", internal=True, context=context or "content")
                  for target, _key, context, text in store.links_of(scan_id, row["key"]))
    kind = row["page_type"] if "page_type" in row.keys() else None  # older databases: posts
    return PageFacts(url=row["url"], title=row["title"] or "", meta_description=row["meta_description"],
                     h1=row["h1"] or "", content_hash=row["content_hash"] or "", links=links, page_type=kind or "post")


#: The page checks whose subject a theme or a shared template usually writes: the clinic's JSON-LD and
#: NAP, the head's canonical, robots and lang, the byline and dates, and a claim in a title suffix or a
#: meta description template (claims are not read in sidebars and footers: claims.scan_document).
#: The same finding of one of them on most pages is the theme's. Others can read the same on most
#: pages without a shared cause ("No link to evidence sources." on every post of a new blog): they
#: are left to the pages.
THEME_CHECKS = frozenset({"LB001", "LB002", "LB003", "LB004", "LB005", "BA004", "BA005", "BA006", "TR001", "TR003",
                          "CL001", "CL002", "CL003", "CL004", "CL005", "CL006", "CL007", "CL008", "CL009", "CL010",
                          "CL011", "CL012"})
#: A finding of a THEME_CHECKS check is site-wide when it is the same (check, status and message, or
#: the same claim) on at least this many pages...
SITE_WIDE_MIN_PAGES = 3
#: ...and on more than this share of the pages the check applies to (the posts, for a check written for posts)
SITE_WIDE_SHARE = 0.5


@dataclass(frozen=True)
class SiteWideFinding:
    """A page check's finding that is the same on most pages: the theme's JSON-LD with a wrong phone
    number, a claim in the title suffix every page shares. Reported once for the site instead of as N page problems (the
    pages keep it: it is in their HTML, and their scores are as audited)."""

    code: str
    status: str
    item: str  # changes.WHOLE_CHECK ("") or the finding's key
    name: str  # the check's message, or the finding (a claim's wording)
    pages: int
    of: int  # pages the check applies to
    page_keys: frozenset[str]


def site_wide_findings(store, scan_id: int) -> list[SiteWideFinding]:
    """The page checks' findings that are the same on most of a scan's pages, most pages first:
    the same message of a check that lists no findings ("2 different phone numbers on one page:
    780-555-0142, +1-780-555-0124." on 21 of 21 pages), or the same finding of one that does (a
    claim's wording)."""
    from .checks import ALL_CHECKS

    posts_only = {spec.code for spec in ALL_CHECKS if spec.posts_only}
    audited, posts, not_applicable = 0, 0, Counter()
    knows_na = False
    for kind, na in store.db.execute("SELECT page_type, not_applicable FROM pages WHERE scan_id=? AND status='ok'", (scan_id,)):
        audited += 1
        posts += (kind or "post") == "post"
        knows_na = knows_na or na is not None
        not_applicable.update(json.loads(na or "[]"))
    # the pages the check applies to: where it was not N/A ("11 of 11": LB003 on the 4 pages without any
    # clinic markup is not "fine" there); scans stored before N/A was kept: the posts, for a check for posts
    out = []
    for code, status, item, name, pages in store.db.execute(
            "SELECT code, status, item, name, COUNT(DISTINCT page_key) FROM finding_items WHERE scan_id=? AND scope='page'"
            " GROUP BY code, status, item, name HAVING COUNT(DISTINCT page_key) >= ?", (scan_id, SITE_WIDE_MIN_PAGES)).fetchall():
        if code not in THEME_CHECKS:
            continue
        of = audited - not_applicable[code] if knows_na else posts if code in posts_only else audited
        if pages <= of * SITE_WIDE_SHARE:
            continue
        keys = frozenset(k for (k,) in store.db.execute(
            "SELECT DISTINCT page_key FROM finding_items WHERE scan_id=? AND scope='page' AND code=? AND status=? AND item=? AND name=?",
            (scan_id, code, status, item, name)))
        out.append(SiteWideFinding(code, status, item, name or "", pages, max(of, pages), keys))
    return sorted(out, key=lambda f: (STATUS_ORDER.get(f.status, 9), -f.pages, f.code, f.name))


def site_wide_cells(site_wide: list[SiteWideFinding]) -> dict[tuple[str, str], str]:
    """(page key, check code) -> findings.csv's ``site_wide`` cell: "same on 21 of 24 pages" for a
    check whose message is the same on most pages, "'cures' on 21 of 24 pages" for findings, joined
    by "; " when the check has several on the page."""
    cells: dict[tuple[str, str], list[str]] = {}
    for f in site_wide:
        said = f"same on {f.pages} of {f.of} pages" if not f.item else f"{f.name} on {f.pages} of {f.of} pages"
        for key in f.page_keys:
            cells.setdefault((key, f.code), []).append(said)
    return {k: "; ".join(v) for k, v in cells.items()}


def add_site_card(out_dir, row, results, facts, site, scorecard_of, site_wide=()) -> bool:
    """Render the page's site findings, and the site-wide findings it shares (``SiteWideFinding``),
    into its scorecard's slot; False if the scorecard has none. ``scorecard_of``: url -> scorecard
    path (``store.scorecard_finder``)."""
    from pathlib import Path

    from .reports.site_card import fill_site_slot, render_site_card, site_findings

    findings = site_findings(results, facts, site, scorecard_of, row["scorecard"])
    return fill_site_slot(Path(out_dir) / row["scorecard"], render_site_card(findings, row["score"], site_wide))


def run_site_phase(unit) -> int:
    """Run the site checks on every audited page of a finished scan unit; returns findings written.

    Reads pages and links back from the store one page at a time, so memory holds
    only the Site facts. Findings go to findings.csv, pages.jsonl and the store, and
    onto the scorecard of each page that has any (a "Site findings" card; the page
    score stays the one computed while streaming).
    """
    from .api import selected_checks
    from .changes import finding_items
    from .checks.site_links import CHECKS
    from .registry import CheckContext
    from .reports.csv_report import finding_links
    from .runner import run_check

    store, scan_id = unit.store, unit.scan_id
    settings = unit.spec.settings
    site_codes = {f.spec.code for f in CHECKS}
    specs = [s for s in selected_checks(settings) if s.code in site_codes]  # select, ignore and level "off", as on pages
    site = build_site(store, scan_id, unit.spec.name, unit.start_urls, unit.crawled, unit.whole_site)
    unit.link_statuses = site.link_statuses  # links.csv and the dashboard report them
    ctx = CheckContext(site=site)
    store.clear_site_findings(scan_id, [s.code for s in specs])  # a resumed scan recomputes them
    written = 0
    rows, items = [], []
    scorecard_of = scorecard_finder(store, scan_id)
    site_wide = unit.site_wide = site_wide_findings(store, scan_id)  # the page checks' items are all stored by now
    for row in store.pages(scan_id, "ok"):
        facts = page_facts(store, scan_id, row)
        found = []
        for spec in specs:
            result = run_check(spec, facts, spec.make_options(settings.check_options.get(spec.code)), ctx)
            if result.status not in ("bad", "ok", "error"):
                continue
            found.append(result)
            unit.writer.finding(facts.url, result.code, result.name, result.category, result.status, result.score, result.message,
                                "site", facts.title, finding_links(result.evidence, site_check=True), spec.fix if result.status != "error" else "")
            unit.writer.record({"type": "finding", "url": facts.url, **result.to_dict()})
            rows.append((row["key"], facts.url, result.code, result.name, result.status, result.message))
            items += [(row["key"], *item) for item in finding_items(result.code, result.status, result.message, result.evidence)]
            written += 1
        shared = [f for f in site_wide if row["key"] in f.page_keys]
        if (found or shared) and row["scorecard"]:
            add_site_card(unit.work_dir, row, found, facts, site, scorecard_of, shared)
        if len(rows) >= 500:
            store.add_findings(scan_id, rows, items)
            rows, items = [], []
    store.add_findings(scan_id, rows, items)
    unit.writer.flush()
    return written
