"""Site checks: what a page's verdict depends on other pages of the same scan.

Each check reads ``ctx.site`` (``seoaudit.site.Site``, built by ``seoaudit scan`` after
every page was fetched and every internal link target requested once; by ``audit`` of
URLs from the audited pages' link targets, ``link_check.py``; from the local posts by
``check`` and ``audit --local-site``) and answers ``na`` when there is no site: an
``audit`` of a local file cannot know whether a link target is broken or a title is used
twice. None of them is part of the page score (``site_check``). ``doc`` is a Document or a ``site.PageFacts``:
these checks read only ``url``, ``title``, ``meta_description``, ``h1``,
``content_hash`` and ``links``. The other pages they name are named as the Site gives
them (``PageFacts.shown_as``, decided where the pages were read), so a message does
not depend on the directory the process runs in.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import urlsplit

from .. import text as T
from ..models import Evidence
from ..registry import Outcome, check
from ..sitegen import has_template, reference_of
from ..urls import url_key

NO_SITE = "Needs a site scan (seoaudit scan): other pages are not known in a single-page audit."
#: ST001 without a Site: where link targets are checked
NO_LINK_CHECK = ("Link targets were not checked: `seoaudit audit` requests them for pages it fetches over HTTP(S) "
                 "(unless --no-link-check), --local-site judges them among local posts, `seoaudit scan` on whole sites.")
#: ST006/ST007 in an audit of URLs (link_check.py) or a scan of page URLs or a list of URLs: the pages
#: given are known, the rest of the site is not
NOT_WHOLE_SITE = ("Needs the whole site: a scan of its root or its sitemap (seoaudit scan). Only the pages given are known "
                  "here, not the links to them from the site's other pages, nor its sitemap.")
#: ST002-ST005 in an audit of a single URL
ONE_PAGE = "Needs other pages to compare with: audit several pages of the site together, or scan it (seoaudit scan)."
#: causes of link targets that were listed but not requested (sitegen expressions, robots.txt)
NOT_REQUESTED = ("unresolved", "robots")
SOURCE_DUPLICATES = "Google Search Central: 'Influencing your title links' and 'Avoid duplicate content'"


def _first_h1(doc) -> str:
    h1 = getattr(doc, "h1", None)
    if h1 is not None:
        return h1
    return next((h.text for h in getattr(doc, "headings", ()) if h.level == 1), "")


@dataclass(frozen=True)
class LinkTargetOptions:
    max_hops: int = 2  # a chain of more redirects than this is reported


def _target_key(target: str) -> str:
    """A broken target as a baseline compares it: its path, so that "/blog/x/" as written
    matches the same link recorded resolved ("https://clinic.example/blog/x/"), as ST001
    named it before it named local links as written. Every target here is internal."""
    if target.startswith(("http://", "https://")):
        return urlsplit(target).path or "/"
    return target


def names_file(link) -> bool:
    """Is the link written as a site generator's reference to a file (Hugo ``ref``/``relref``,
    Jekyll ``post_url``/``link``)? Broken, it is ST008's finding, not ST001's."""
    ref = reference_of(link.raw_href)
    return ref is not None and ref.names_file


def target_check(link):
    """The check (its ``CheckSpec``) that reports the link when its target is broken: ST008
    for a reference to a file, ST001 for every other link (LK001 points at it)."""
    return (broken_site_references if names_file(link) else broken_link_targets).spec


def _judged_links(doc, site):
    """(link, its status, the link as shown) for each internal link target of the page that
    ``site`` knows, once per target ("/x/" and "/x/#top" are one): ST001's and ST008's."""
    seen: set[str] = set()
    for link in doc.links:
        if not link.internal or not link.href or url_key(link.href) in seen:
            continue
        if (site.offline or site.content_links_only) and link.context == "boilerplate":
            continue  # local posts, audited URLs: the theme's menus are not the post's links
        seen.add(url_key(link.href))
        status = site.link_status(link.href)
        if status is None:
            continue
        # a local post's links as written (what a CI user can grep for: with site_url set,
        # "/blog/x/" resolved to "https://clinic.example/blog/x/"); a template expression
        # ({{< relref "x" >}}) resolves to nonsense under the page's URL
        shown = link.raw_href if site.offline or link.href.startswith("file:") or has_template(link.raw_href) else link.href
        yield link, status, shown


def _broken(link, status, shown: str) -> Evidence:
    detail = status.error or (f"HTTP {status.status}" if status.status is not None else status.cause)
    # line: where a Markdown/text post writes the link (None in HTML: the gate finds the href there)
    return Evidence(kind="link", text=shown, verdict="broken", status="bad", detail=f"{link.text!r}: {detail}", line=link.line)


@check(
    code="ST001", name="broken-link-targets", category="links",
    title="Every internal link target answers", fail_title="Internal links point to broken or redirected pages",
    why="A Related/Read more link to a missing page wastes the reader's click and the link's value; "
        "long redirect chains slow readers and crawlers down.",
    source="Google Search Central: 'Make your links crawlable'; HTTP status codes and redirects (RFC 9110 15.4)",
    fix="Update each link to point at the final URL of a live page, or remove it.",
    options=LinkTargetOptions,
    findings=lambda e: (_target_key(e.text), e.text) if e.status == "bad" else None,  # broken targets, not redirect chains
    site_check=True,
)
def broken_link_targets(doc, opts: LinkTargetOptions, ctx) -> Outcome:
    """Internal link targets that are broken (4xx/5xx, loops, unreachable) or redirect 3+ times.

    In a scan every internal link target is requested once. ``seoaudit audit`` of a URL
    requests the targets of the page's Related block and main-content links once each (at
    most ``max_link_targets`` per page, the rest listed as not checked; never the theme's
    navigation and footer links, never for local files). In ``seoaudit check`` the
    local posts are the site: a link to a slug no post has, to a draft, or to a missing
    ``.md`` file is broken (``local_site.py``); a link written as the site generator's
    reference (``{{< relref "x" >}}``, ``{% post_url x %}``) is judged by the file it names
    (one that names no published post is ST008's finding, and not counted here: it breaks the
    site's build), and an expression seoaudit cannot read is listed as "not resolved", neither
    broken nor passed (``sitegen.py``). When no local post's address is known, nor a folder
    that holds posts, the links by path it could not judge are named, with the ``permalink``
    setting that would judge them. Broken: bad. Only long redirect chains:
    ok. Example pass: every Related link answers 200 directly. Example fail: "Read
    more: /blog/old-post/" answers 404, or no post in the repository is "old-post".
    """
    site = ctx.site
    if site is None:
        return Outcome.na(NO_LINK_CHECK)
    broken, chained, unresolved, robots, checked, left = [], [], [], [], 0, 0
    for link, status, shown in _judged_links(doc, site):
        if status.cause == "unresolved":
            # a site generator's expression seoaudit cannot read: listed, neither passed nor failed
            unresolved.append(Evidence(kind="link", text=shown, verdict="not resolved", detail=f"{link.text!r}: {status.error}"))
            continue
        if status.cause == "robots":
            # the site's robots.txt disallows requesting it: not known to work, nor to be broken
            robots.append(Evidence(kind="link", text=shown, verdict="not checked",
                                   detail=f"{link.text!r}: {status.error or 'robots.txt disallows requesting it'}"))
            continue
        if status.broken and names_file(link):
            left += 1  # ST008's: said once, by the check whose level the presets make an error
            continue
        checked += 1
        if status.broken:
            broken.append(_broken(link, status, shown))
        elif status.hops > opts.max_hops:
            chained.append(Evidence(kind="link", text=link.href, verdict=f"{status.hops} redirects", status="ok",
                                    detail=f"ends at {status.final_url}", line=link.line))
    # said in every message, so that a link nobody checked does not pass unnoticed
    not_resolved = (f" {T.plural(len(unresolved), 'link')} written as a template expression "
                    f"{T.agree(len(unresolved), 'is', 'are')} not checked: {T.some_of((e.text for e in unresolved), sep='; ')}."
                    if unresolved else "")
    if robots:
        not_resolved += (f" {T.plural(len(robots), 'link target')} {T.agree(len(robots), 'is', 'are')} not checked "
                         f"(robots.txt disallows requesting {T.agree(len(robots), 'it', 'them')}): {T.some_of((e.text for e in robots), sep='; ')}.")
    unchecked = site.unchecked(doc.url)
    if unchecked:
        not_resolved += (f" {T.plural(len(unchecked), 'more internal link target')} {T.agree(len(unchecked), 'was', 'were')} not checked"
                         f"{' (' + site.unchecked_note + ')' if site.unchecked_note else ''}: {T.some_of(unchecked, sep='; ')}.")
    unresolved += robots + [Evidence(kind="link", text=u, verdict="not checked", detail=site.unchecked_note) for u in unchecked]
    unaddressed = site.unaddressed_links.get(url_key(doc.url), ())
    if unaddressed:
        not_resolved += _unaddressed_note(unaddressed)
        unresolved += [Evidence(kind="link", text=u, verdict="not judged", detail="no local post's address is known")
                       for u in unaddressed]
    if not checked:
        # "no internal link names a post" beside ST008's broken reference read as a contradiction
        but_for = (f", but for {T.plural(left, 'site generator reference')} that {T.agree(left, 'names', 'name')} "
                   f"no published post (ST008)" if left else "")
        if site.offline:
            return Outcome("na", message=f"No internal link names a post or a folder of posts among the "
                           f"{T.plural(site.post_count, 'local post')}{but_for}.{not_resolved}", evidence=tuple(unresolved))
        return Outcome("na", message=f"No internal links with a checked target{but_for}.{not_resolved}", evidence=tuple(unresolved))
    value = {"checked": checked, "broken": len(broken), "long_chains": len(chained)}
    if unchecked:
        value["not_checked"] = len(unchecked)
    if broken:
        # the targets themselves in the message: a CI log line shows only the message
        named = T.some_of((f"{e.text} ({e.detail})" for e in broken), sep="; ")
        return Outcome("bad", value, f"{len(broken)} of {T.plural(checked, 'internal link target')} {T.agree(len(broken), 'is', 'are')} broken: "
                       f"{named}.{not_resolved}", tuple(broken + chained + unresolved))
    if chained:
        return Outcome("ok", value, f"{T.plural(len(chained), 'internal link')} {T.agree(len(chained), 'goes', 'go')} through {opts.max_hops + 1}+ redirects.{not_resolved}",
                       tuple(chained + unresolved))
    if site.offline:
        return Outcome("good", value, f"{T.all_of(checked, 'internal link target')} {T.agree(checked, 'is a post', 'are posts')} among the local files.{not_resolved}",
                       tuple(unresolved))
    return Outcome("good", value, f"{T.all_of(checked, 'internal link target')} {T.agree(checked, 'answers', 'answer')}.{not_resolved}",
                   tuple(unresolved))


def _unaddressed_note(hrefs: tuple[str, ...]) -> str:
    """What ST001 says of a local post's links by path that it could not judge, no local post's
    address being known (``Site.unaddressed_links``), with the ``permalink`` setting that would
    let it: "3 links to /blog/… name no local post's slug ... set `permalink = "/blog/:slug/"`"."""
    where, top = linked_folders(hrefs)
    n = len(hrefs)
    return (f" {T.plural(n, 'link')} to {where} {T.agree(n, 'names', 'name')} no local post's slug, and no post's address "
            f"is known (no `permalink` setting, Hugo or Jekyll permalink settings, or canonical), so {T.agree(n, 'it was', 'they were')} "
            f"not judged: {T.some_of(hrefs, sep='; ')}. {permalink_hint(top)}")


def linked_folders(hrefs) -> tuple[str, str]:
    """The folders ``hrefs`` (paths or URLs) are in, as a message names them ("/blog/…", or
    "/blog/… (3), /services/… (1)"), and the one most of them are in (the first of those)."""
    folders: dict[str, int] = {}
    for href in hrefs:
        folder = posixpath.dirname(urlsplit(href).path.rstrip("/")).rstrip("/") + "/"
        folders[folder] = folders.get(folder, 0) + 1
    ranked = sorted(folders, key=lambda f: -folders[f])  # most linked first; a tie in the order written
    return (f"{ranked[0]}…" if len(ranked) == 1 else ", ".join(f"{f}… ({folders[f]})" for f in ranked)), ranked[0]


def permalink_hint(folder: str) -> str:
    return f"If the posts are published under {folder}, set `permalink = \"{folder}:slug/\"` in the config."


def _duplicate(doc, ctx, field_name: str, value: str | None, label: str) -> Outcome:
    site = ctx.site
    if site is None:
        return Outcome.na(NO_SITE)
    if not site.whole_site and site.page_count < 2:
        return Outcome.na(ONE_PAGE)
    if not value:
        return Outcome.na(f"The page has no {label}.")
    others = site.others_with(field_name, value, doc.url)
    if not others:
        return Outcome("good", 0, f"No other page has this {label}.")
    # this page's own value first: it is what to change, and where a CI annotation belongs
    # (the front matter's title or description line, not the H1)
    evidence = (Evidence(kind="element", text=value, verdict=f"this page's {label}", status="bad"),) + tuple(
        Evidence(kind="text", text=u, verdict=f"same {label}", status="bad") for u in others[:10])
    # the other pages named in the message: findings.csv and CI logs show only the message
    return Outcome("bad", len(others), f"{T.plural(len(others), 'other page')} {T.agree(len(others), 'has', 'have')} the same {label}: "
                   f"{T.some_of(others)}.", evidence)


@check(code="ST002", name="duplicate-title", category="basics",
       title="The title is unique on the site", fail_title="Other pages have the same title",
       why="Pages with the same title compete for the same searches and look identical in results.",
       source=SOURCE_DUPLICATES, fix="Give each post its own title naming its topic and city.", site_check=True)
def duplicate_title(doc, opts, ctx) -> Outcome:
    """Other pages of the scan with the same <title> (case and spacing ignored)."""
    return _duplicate(doc, ctx, "title", doc.title, "title")


@check(code="ST003", name="duplicate-meta-description", category="basics",
       title="The meta description is unique on the site", fail_title="Other pages have the same meta description",
       why="A shared description tells searchers nothing about what this post offers over the others.",
       source=SOURCE_DUPLICATES, fix="Write a description for this post: its question, its answer, its city.", site_check=True)
def duplicate_meta_description(doc, opts, ctx) -> Outcome:
    """Other pages of the scan with the same meta description."""
    return _duplicate(doc, ctx, "meta_description", doc.meta_description, "meta description")


@check(code="ST004", name="duplicate-h1", category="basics",
       title="The H1 is unique on the site", fail_title="Other pages have the same H1",
       why="The H1 names a page's topic; two posts with one H1 look like one topic twice (cannibalisation).",
       source=SOURCE_DUPLICATES, fix="Make each post's H1 name its own angle on the topic.", site_check=True)
def duplicate_h1(doc, opts, ctx) -> Outcome:
    """Other pages of the scan with the same first H1."""
    return _duplicate(doc, ctx, "h1", _first_h1(doc), "H1")


@check(code="ST005", name="duplicate-content", category="basics",
       title="The content is not copied from another page", fail_title="Another page has exactly this content",
       why="Exact duplicates split links and rankings between URLs; search engines show only one of them.",
       source=SOURCE_DUPLICATES, fix="Remove the copy, redirect it, or point its canonical link at the original.", site_check=True)
def duplicate_content(doc, opts, ctx) -> Outcome:
    """Other pages whose main-content text is identical (hash of the extracted text)."""
    return _duplicate(doc, ctx, "content_hash", getattr(doc, "content_hash", ""), "main content")


@check(code="ST006", name="no-internal-links-in", category="links", posts_only=True,  # a home or contact page is linked from menus
       title="Other posts link to this page", fail_title="No other post links to this page",
       why="A post nothing links to from content gets no internal link value and readers never find it.",
       source="Google Search Central: 'Make your links crawlable'; Yoast 'orphaned content'",
       fix="Link to this post from two or three related posts (a Related: or Read more: line).", site_check=True)
def no_internal_links_in(doc, opts, ctx) -> Outcome:
    """Links in other pages' main content or Related blocks pointing to this page (navigation ignored).

    Needs the whole site, a crawl or a sitemap (``seoaudit scan``), or the repository's posts
    (``seoaudit check``): in an audit of URLs, and in a scan of page URLs or of a list of URLs,
    the links from the site's other pages are not known, and the check is not applicable. A post
    new in the change ``check --changed-since``/``--staged`` gates, that no post links to yet, is
    not judged either (na): nothing could link to it before (one that the change links to passes).
    Among local posts, links that were meant for this post but miss it (a typo in its slug, an old
    address, a missing base path: ST001 or ST008 findings of the posts that have them) do not count,
    and the message names each where it is written (``content/posts/a.md:12 '/blog/knee-pian/'``).
    """
    site = ctx.site
    if site is None:
        return Outcome.na(NO_SITE)
    if not site.whole_site:
        return Outcome.na(NOT_WHOLE_SITE)
    if site.is_start(doc.url):
        return Outcome.na("A start page of the scan.")
    n = site.content_inlinks(doc.url)
    if n == 0:
        missed = site.missed_links(doc.url)
        aiming = _aiming(missed)
        evidence = tuple(Evidence(kind="text", text=m.place, verdict="aims here but misses", status="bad",
                                  detail=f"{m.href} ({m.anchor!r}): {m.reason} ({m.check})") for m in missed)
        if site.is_new(doc.url):
            # a post added in the change a CI gate checks: links to it come with later edits of
            # other posts, so "no link in" would fail every new post (an error under strict)
            return Outcome("na", message=f"A new post (added {site.new_when}): no other post links to it yet. Link to it from two or "
                           f"three related posts, in this change or once it is published.{aiming}", evidence=evidence)
        total = site.any_inlinks(doc.url)
        # links meant for it that miss are not "no link at all": its author should fix them, not write new ones
        where = f"only {T.plural(total, 'navigation link')}" if total else "no working link" if missed else "no link at all"
        return Outcome("bad", 0, f"No other page links to it from its content ({where}).{aiming}", evidence)
    return Outcome("good", n, f"{T.plural(n, 'link')} in other pages' content {T.agree(n, 'points', 'point')} here.")


def _aiming(missed) -> str:
    """" 2 links in other posts aim at it but miss: content/a.md:12 '/blog/knee-pian/'; ... (fix
    them: ST001 on those posts)." for ST006's message; "" when none do. The links are named where
    they are written, and by the check that reports each on its own post."""
    if not missed:
        return ""
    n, codes = len(missed), sorted({m.check for m in missed})
    sources = {m.source for m in missed}
    return (f" {T.plural(n, 'link')} in other posts {T.agree(n, 'aims', 'aim')} at it but {T.agree(n, 'misses', 'miss')}: "
            f"{T.some_of((f'{m.place} {m.href!r}' for m in missed), sep='; ')} (fix {T.agree(n, 'it', 'them')}: "
            f"{' and '.join(codes)} on {T.agree(len(sources), 'that post', 'those posts')}).")


@check(code="ST007", name="sitemap-orphan", category="links",
       title="Listed in the sitemap and reachable by links", fail_title="In the sitemap but no page links to it",
       why="An orphan page is found only through the sitemap: readers never reach it and it gets no link value.",
       source="Google Search Central: 'Build and submit a sitemap'; Screaming Frog orphan pages",
       fix="Link to it from related posts or a blog listing, or drop it from the sitemap if it is retired.", site_check=True)
def sitemap_orphan(doc, opts, ctx) -> Outcome:
    """Pages the sitemap lists that no crawled page links to, and crawled pages the sitemap misses.

    Needs both a crawl (a site root target) and a sitemap; a list of URLs is not a sitemap.
    """
    site = ctx.site
    if site is None:
        return Outcome.na(NO_SITE)
    if not site.whole_site:
        return Outcome.na(NOT_WHOLE_SITE)
    listed = site.in_sitemap(doc.url)
    if listed is None or not site.crawled:
        return Outcome.na("Needs both a crawl and a sitemap.")
    if site.is_start(doc.url):
        return Outcome.na("A start page of the scan.")
    linked = site.any_inlinks(doc.url) > 0
    if listed and not linked:
        return Outcome("bad", "orphan", "The sitemap lists this page but no crawled page links to it.")
    if linked and not listed:
        return Outcome("ok", "not in sitemap", "Crawled through links but missing from the sitemap.")
    return Outcome("good", "listed and linked", "Listed in the sitemap and linked from other pages.")


@check(
    code="ST008", name="broken-site-references", category="links",
    title="Every site generator reference names a published post",
    fail_title="A site generator reference names no published post",
    why="Hugo and Jekyll stop the site's build on a reference that names no file (or a draft): the post is "
        "not published, nor is anything else in the same build, where a plain link to a missing slug only 404s.",
    source="Hugo documentation: ref and relref shortcodes (refLinksErrorLevel ERROR by default); "
           "Jekyll documentation: Liquid tags post_url and link",
    fix="Correct the name in the reference (the nearest slug is in the message), or publish the post it names.",
    findings=lambda e: (e.text, e.text) if e.status == "bad" else None,
    site_check=True,
)
def broken_site_references(doc, opts, ctx) -> Outcome:
    """Links written as a site generator's reference to a file that names no published post: Hugo
    ``{{< ref "x" >}}`` / ``{{< relref "x.md" >}}`` (also ``{{% %}}``, ``path="x"``), Jekyll
    ``{% post_url 2024-06-12-x %}`` and ``{% link path %}``.

    Judged among the local posts (``seoaudit check``, ``audit --local-site``), by the file the
    generator would look for (``local_site.py``): a name no file has, or a draft's, is broken,
    with the nearest slug as a hint. ``hugo`` and ``jekyll build`` fail on such a reference,
    so the presets make this check an error while ST001 (a link by path to a missing slug,
    which only 404s) warns; ST001 leaves these references to it. Site variables and filters
    (``{{ site.baseurl }}/blog/x/``) make a path, judged by ST001; an expression seoaudit cannot
    read (``{{ page.next.url }}``) is listed by ST001 as not resolved. Not applicable without a
    site, or with no such reference. Example pass: ``[Neck pain]({{< ref "neck-pain.md" >}})``
    with ``content/posts/neck-pain.md`` published. Example fail: ``{% post_url
    2024-06-12-acupuncture-hedache %}``, a typo of the post's file name.
    """
    site = ctx.site
    if site is None:
        return Outcome.na("Site generator references were not checked: `seoaudit check` and `audit --local-site` "
                          "judge them among the local posts.")
    broken, checked = [], 0
    for link, status, shown in _judged_links(doc, site):
        if not names_file(link) or status.cause in NOT_REQUESTED:
            continue
        checked += 1
        if status.broken:
            broken.append(_broken(link, status, shown))
    if not checked:
        return Outcome.na("No link is written as a site generator reference to a post (Hugo ref/relref, Jekyll post_url/link).")
    value = {"checked": checked, "broken": len(broken)}
    if broken:
        n = len(broken)
        # the references themselves in the message: a CI log line shows only the message
        return Outcome("bad", value, f"{T.plural(n, 'site generator reference')} {T.agree(n, 'names', 'name')} no published "
                       f"post, so the site's build fails: {T.some_of((f'{e.text} ({e.detail})' for e in broken), sep='; ')}.",
                       tuple(broken))
    return Outcome("good", value, f"{T.all_of(checked, 'site generator reference')} {T.agree(checked, 'names', 'name')} "
                   "a published post.")


CHECKS = (broken_link_targets, duplicate_title, duplicate_meta_description, duplicate_h1, duplicate_content,
          no_internal_links_in, sitemap_orphan, broken_site_references)
