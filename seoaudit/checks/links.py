"""Links: Related/Read more links, internal and outbound links, anchor text, unsafe hrefs.

All five checks read ``doc.links`` only; none of them fetches a target (whether a
target answers 200 is the crawler's job, issue #3). "Main content" here means links
whose context is ``content`` or ``related``: navigation, sidebar and footer links are
the site template's, not the writer's.

Text files: the sources helper renders a "Related: ANCHOR" cue line as
``<a href="#cue" data-cue="1">ANCHOR</a>``. Such a link has no real target, so its
anchor text is judged and its target is reported as not checkable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from .. import text as T
from ..models import Evidence, Link
from ..registry import Outcome, check
from ..page_type import BLOG_SECTIONS
from ..urls import PAGE_SUFFIX_RE, is_dev_host
from .site_links import target_check

#: the href the text-file reader gives a "Related:"/"Read more:" cue
CUE_HREF = "#cue"

MAIN_CONTEXTS = ("content", "related")

#: Anchors that say nothing about the target. Our own list, covering the cases of
#: Lighthouse's ``link-text`` audit plus the "continue reading" family blog themes add.
GENERIC_ANCHORS = (
    "click here",
    "click this",
    "click",
    "here",
    "right here",
    "over here",
    "this",
    "this page",
    "this post",
    "this article",
    "this link",
    "link",
    "a link",
    "go",
    "go here",
    "start",
    "more",
    "read more",
    "read on",
    "see more",
    "learn more",
    "find out more",
    "more info",
    "more information",
    "information",
    "info",
    "details",
    "more details",
    "continue",
    "continue reading",
    "keep reading",
    "full article",
    "article",
    "post",
    "website",
    "page",
    "source",
    # the same in French and Spanish: as a whole anchor they say nothing in any page
    "cliquez ici", "cliquez", "ici", "par ici", "lire la suite", "lire plus", "en savoir plus", "plus", "voir plus",
    "suite", "la suite", "continuer", "continuer la lecture", "cet article", "cette page", "ce lien", "lien",
    "haga clic aquí", "haz clic aquí", "clic aquí", "pulse aquí", "aquí", "aqui", "leer más", "leer mas", "ver más",
    "ver mas", "más información", "mas informacion", "seguir leyendo", "este artículo", "esta página", "este enlace", "enlace",
)

_URL_LIKE_RE = re.compile(r"^(https?://|www\.)\S+$|^[\w\-]+(\.[\w\-]+)+(/\S*)?$", re.I)
# Arrows, guillemets and ellipses themes append to "Read more »"; stripped before comparing.
_DECORATION_RE = re.compile(r"[\s\u00bb\u00ab\u203a\u2039\u2192\u2190>\u2026.:;,!?()\[\]\"'|\-–—]+")
_HOST_RE = re.compile(r"^[a-z0-9\u00a1-\uffff]([a-z0-9\u00a1-\uffff\-]*[a-z0-9\u00a1-\uffff])?(\.[a-z0-9\u00a1-\uffff]([a-z0-9\u00a1-\uffff\-]*[a-z0-9\u00a1-\uffff])?)*\.?$", re.I)

SAFE_SCHEMES = ("http", "https", "mailto", "tel", "sms", "file")
# Apps' own link schemes, written on purpose by share bars and contact buttons
# ("whatsapp://send?text=...", "fb-messenger://share?link=..."): they open the app,
# so they are not typos like "htps:" or unsafe like "data:".
APP_SCHEMES = frozenset((
    "whatsapp", "fb-messenger", "viber", "tg", "telegram", "skype", "signal", "line", "facetime", "facetime-audio",
    "maps", "geo", "comgooglemaps", "waze", "webcal", "callto", "wechat", "weixin", "threema", "mms", "zoomus",
))


# ---- shared helpers -------------------------------------------------------------


def anchor_key(text: str) -> str:
    """Lower-cased anchor text without arrows and punctuation: "Read more »" -> "read more"."""
    return _DECORATION_RE.sub(" ", text.lower()).strip()


def anchor_problem(text: str, generic: tuple[str, ...]) -> str:
    """Why an anchor text is not descriptive, or "" when it is fine."""
    if not text.strip():
        return "empty anchor"
    key = anchor_key(text)
    if not key:
        return "symbols only"
    if key in generic:
        return "not descriptive"
    if _URL_LIKE_RE.match(text.strip()):
        return "bare URL"
    return ""


def is_cue(link: Link) -> bool:
    """A "Related:" cue from a text file: anchor known, target not."""
    return link.raw_href == CUE_HREF


def normalise_url(url: str) -> str:
    """Comparable form of a URL: no fragment, no trailing slash or index page, no www."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and not ((parts.scheme == "http" and parts.port == 80) or (parts.scheme == "https" and parts.port == 443)):
        host = f"{host}:{parts.port}"
    path = re.sub(r"/(index\.(html?|php))?$", "", parts.path)
    # http and https of one page are the same page for "links to itself"
    scheme = "http" if parts.scheme in ("http", "https") else parts.scheme
    return urlunsplit((scheme, host, path, parts.query, ""))


def page_urls(doc) -> set[str]:
    """The normalised URLs that mean "this page": its URL and its canonical."""
    urls = {normalise_url(doc.url)}
    if doc.canonical and re.match(r"^https?://", doc.canonical, re.I):
        urls.add(normalise_url(doc.canonical))
    return urls


def link_host(link: Link) -> str:
    try:
        return (urlsplit(link.href).hostname or "").lower().removeprefix("www.")
    except ValueError:
        return ""


def is_internal(link: Link, doc) -> bool:
    """Same site as the page, including a local file's links to its canonical host."""
    if link.internal:
        return True
    return link.scheme in ("http", "https") and link_host(link) in doc.site_hosts


def is_self_link(link: Link, doc) -> bool:
    if not link.href:
        return False
    if normalise_url(link.href) in page_urls(doc):
        return True
    # a local draft does not know its host, only its slug (front matter, file name): a
    # link on its own site to that slug in the blog ("/blog/<slug>/", "/<slug>/", a dated
    # path) is to itself; "/services/<slug>/" is the service page of the same name
    if doc.url.startswith("file:") and doc.slug and doc.slug_is_known and (link.scheme == "file" or is_internal(link, doc)):
        parts = [p for p in unquote(urlsplit(link.href).path).split("/") if p]
        if not parts or PAGE_SUFFIX_RE.sub("", parts[-1]) != doc.slug:
            return False
        # the blog's sections (page_type.BLOG_SECTIONS) and dated folders: "/blog/2024/03/<slug>/"
        return all(p.lower() in BLOG_SECTIONS or p.isdigit() for p in parts[:-1])
    return False



def is_in_page_anchor(link: Link, doc) -> bool:
    """A "#section" jump within the page (tables of contents, "back to top")."""
    return link.raw_href.startswith("#") and not is_cue(link) and is_self_link(link, doc)


def is_web_link(link: Link) -> bool:
    return link.scheme in ("http", "https", "file") and bool(link.href)


def main_links(doc) -> list[Link]:
    return [l for l in doc.links if l.context in MAIN_CONTEXTS]


def thumbnail_twins(links: list[Link]) -> set[int]:
    """Indexes of empty-anchor links whose target another link names in words.

    Themes wrap a post's thumbnail in a link next to the linked title; the
    thumbnail link adds nothing for readers and is not a missing anchor text.
    """
    described = {normalise_url(l.href) for l in links if l.href and l.text.strip()}
    return {i for i, l in enumerate(links) if not l.text.strip() and l.href and normalise_url(l.href) in described}


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def link_evidence(link: Link, verdict: str, status: str) -> Evidence:
    # a local draft's relative link resolves to file:///<this machine's path>: show it as
    # written (also what a baseline keys it by, so the key holds on every machine); a text
    # post's cue has no target at all (its "#cue" marker is internal)
    detail = "" if is_cue(link) else link.raw_href if (link.href or "").startswith("file:") else (link.href or link.raw_href)
    return Evidence("link", link.text, verdict=verdict, status=status, detail=detail, line=link.line)


def link_finding(e: Evidence) -> tuple[Any, str]:
    """A weak link as a finding: its anchor and href (``link_evidence``) say which it is."""
    return (e.text, e.detail), f"'{e.text}' ({e.detail})" if e.detail else f"'{e.text}'"


# ---- LK001 related links ---------------------------------------------------------


@dataclass(frozen=True)
class RelatedOptions:
    #: related links needed for "good"
    min_related: int = 1
    #: anchor texts that do not describe their target (compared lower-cased, without punctuation)
    generic_anchors: tuple[str, ...] = GENERIC_ANCHORS


def judge_related_link(link: Link, doc, generic: tuple[str, ...]) -> tuple[str, str]:
    """(verdict, status) for one related link. Target problems outrank anchor problems."""
    anchor = anchor_problem(link.text, generic)
    if is_cue(link):
        if anchor:
            return f"{anchor}; target cannot be checked from a text file", "bad"
        return "target cannot be checked from a text file", "good"
    if not is_web_link(link):
        return "not a web page", "bad"
    if is_self_link(link, doc):
        return "links to this page", "bad"
    if not is_internal(link, doc):
        return "external link", "bad"
    if anchor:
        return anchor, "bad"
    if "nofollow" in link.rel:  # LK002 says the same link passes nothing; so must this check
        return "nofollow: passes no authority to the post", "ok"
    return "internal, descriptive", "good"


_TARGET_FAILURES = ("not a web page", "links to this page", "external link")
#: the verdict of a related link whose anchor and place are fine but whose target was requested
#: and is broken (``audit`` of a URL knows its link targets: ``link_check.py``)
BROKEN_TARGET_VERDICT = "descriptive anchor; target broken"


def broken_target(link: Link, ctx) -> str:
    """Why the link's target is broken when the run knows it (``ctx.site``), else ""."""
    return broken_cause(link, getattr(ctx, "site", None))


def broken_cause(link: Link, site) -> str:
    """Why ``site`` knows the link's target to be broken, else ""."""
    if site is None or not link.internal or not link.href:
        return ""
    status = site.link_status(link.href)
    if status is None or not status.broken:
        return ""
    return status.error or (f"HTTP {status.status}" if status.status is not None else status.cause)


def with_broken_target(verdict: str, status: str, cause: str, code: str) -> tuple[str, str]:
    """A Related link's (verdict, status) once its target is known broken: never "good" beside
    the "broken" of ``code`` (ST001, or ST008 for a site generator reference); the check's own
    verdict (the anchor's) is kept."""
    return (f"{BROKEN_TARGET_VERDICT}: {cause} ({code})" if status == "good" else f"{verdict}; target broken: {cause} ({code})"), "bad"


def broken_targets_note(reported_by: list, n: int) -> str:
    """The sentence LK001's message gains when some of its ``n`` targets are broken:
    ``reported_by`` holds the spec of the check that reports each broken one (``target_check``)."""
    if not reported_by:
        return ""
    broken = len(reported_by)
    said = " Its target is broken" if n == 1 else f" {broken} of the {n} targets {T.agree(broken, 'is', 'are')} broken"
    checks = " and ".join(sorted({f"{s.code} {s.name}" for s in reported_by}))
    return said + f" (see {checks})."


def _related_finding(e: Evidence):
    """LK001's findings: weak related links. A link whose only problem is a broken target is
    ST001's (or ST008's) finding (the same link twice would count as two regressions in a baseline)."""
    if e.status not in ("ok", "bad") or e.verdict.startswith(BROKEN_TARGET_VERDICT):
        return None
    return link_finding(e)


def _shortened(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@check(
    code="LK001",
    posts_only=True,
    name="related-links",
    category="links",
    title="The post has good Related / Read more links",
    fail_title="The Related / Read more links are missing or weak",
    why="Related and Read more links keep readers on the site and pass authority between posts; they only help when they point to other pages of the same site and their anchor says what is there.",
    source="Google Search Central, link best practices (descriptive, concise anchor text); Whitespark 2023 local ranking factors (internal linking); Lighthouse link-text audit",
    fix="End the post with 'Related:' or 'Read more:' links to two or three of your own posts or service pages, each with an anchor that names the topic, e.g. {example}.",
    # cues the check reads in each language (extract.py)
    fix_examples={"en": "'Related: what to expect at a first {treatment} visit'",
                  "fr": "'À lire aussi : ce qu'il faut savoir avant de commencer {treatment}'",
                  "es": "'Lea también: lo que conviene saber antes de empezar {treatment}'",
                  "es-informal": "'Lee también: lo que conviene saber antes de empezar {treatment}'"},
    options=RelatedOptions,
    findings=_related_finding,  # weak related links
)
def related_links(doc, opts: RelatedOptions, ctx) -> Outcome:
    """The post's "Related" / "Read more" links: present, internal, not self, descriptive.

    A link counts as related when it sits in a "Related:", "Read more:", "Related
    posts" or "See also" block (or a cue line of a text file). Each one is judged:
    it must point to another page of the same site (URLs compared without fragment
    or trailing slash) and have descriptive anchor text: bare "read more", "click
    here", "here", "this post", "learn more" or a bare URL are not descriptive
    (``generic_anchors``). One anchor reused for different targets (the same
    exact-match phrase on every related link) is flagged too. Targets of text-file
    cues cannot be checked; only their anchor is judged.

    Whether a target answers is ST001's question, not this check's: when the run
    knows the targets (``audit`` of a URL requests them; ``check`` and ``audit
    --local-site`` look them up among the repository's posts) a link to a broken page is marked
    ("descriptive anchor; target broken: HTTP 404", bad) and the message says how many,
    but the status and score stay those of the anchors, as in a scan.

    Good: at least ``min_related`` related links and none with a problem. OK: some
    problems (a ``nofollow`` related link is one: it passes nothing; so is an anchor reused
    for several targets). Bad: no related links, or every one is external, self-linking,
    not a web page or has a generic anchor ("click here"). A local draft's link to its own slug
    ("/blog/<slug>/") is a link to itself.
    Value: the number of related links.

    Passes: ``<p>Read more: <a href="/blog/acupuncture-sciatica/">how acupuncture
    eases sciatica</a></p>``.
    Fails: ``<p>Related: <a href="https://other.example/x">click here</a></p>``, or
    no related block at all.
    """
    related = list(doc.related_links)
    twins = thumbnail_twins(related)
    related = [l for i, l in enumerate(related) if i not in twins]
    threshold = f"≥ {T.plural(opts.min_related, 'internal related link')} with descriptive anchors"
    if not related:
        return Outcome("bad", value=0, message="The post has no 'Related' or 'Read more' links.", threshold=threshold)

    judged = [(link, *judge_related_link(link, doc, opts.generic_anchors)) for link in related]
    repeated = repeated_anchors(related)
    # An otherwise fine link whose anchor is reused for another target is a weak link:
    # "acupuncture Edmonton" three times tells the reader nothing about each page.
    judged = [
        (link, "same anchor as another related link", "ok") if status == "good" and anchor_key(link.text) in repeated else (link, verdict, status)
        for link, verdict, status in judged
    ]
    evidence = []
    reported_by = []
    for link, verdict, status in judged:
        cause = broken_target(link, ctx)
        if cause:
            reported_by.append(target_check(link))
            verdict, status = with_broken_target(verdict, status, cause, reported_by[-1].code)
        evidence.append(link_evidence(link, verdict, status))
    evidence = tuple(evidence)
    n = len(related)
    # said in the message too: a terminal line shows only it
    unreachable = broken_targets_note(reported_by, n)

    # a draft does not know its own host: its links to the clinic's site look external
    hint = ("if those are your own site's pages, set site_url (or a canonical) so they count as internal"
            if any(verdict == "external link" for _, verdict, _s in judged) and doc.url.startswith("file:") and not (doc.canonical or doc.site_url)
            else "")
    if all(verdict in _TARGET_FAILURES for _, verdict, _s in judged):
        said = f"None of the {n} related links points to another page of this site" if n != 1 else "The related link does not point to another page of this site"
        return Outcome("bad", value=n, message=sentence(f"{said}; {hint}" if hint else said) + unreachable, evidence=evidence, threshold=threshold)
    weak = sum(1 for _, _v, status in judged if status != "good")
    if not weak and n >= opts.min_related:
        cues = sum(1 for link in related if is_cue(link))
        note = f" ({cues} from text cues whose targets cannot be checked)" if cues else ""
        return Outcome("good", value=n, message=(f"{T.plural(n, 'related link')}, all internal with descriptive anchors{note}." if n != 1 else f"1 related link, internal with a descriptive anchor{note}.") + unreachable,
                       evidence=evidence, threshold=threshold)
    reasons = []
    if weak:
        # name the weak links: the fix is per link ("click here" -> the topic), and a
        # terminal or CI line shows only this message
        named = [f"'{_shortened(link.text)}' ({verdict.split(';')[0]})" for link, verdict, status in judged
                 if status != "good" and not (repeated and anchor_key(link.text) in repeated)]
        listed = ": " + T.some_of(named) if named else ""
        reasons.append(f"{weak} of {T.plural(n, 'related link')} {T.agree(weak, 'has', 'have')} a problem{listed}")
    if repeated:
        shown = ", ".join(f"'{k}'" for k in sorted(repeated))
        reasons.append(f"the anchor {shown} is used for different pages; describe each target instead")
    if n < opts.min_related:
        reasons.append(f"only {T.plural(n, 'related link')}, {opts.min_related} wanted")
    if hint:
        reasons.append(hint)
    # every related link has a real problem (not just a reused anchor or nofollow): the
    # post has no working Related link at all
    status = "bad" if all(s == "bad" for _, _v, s in judged) else "ok"
    return Outcome(status, value=n, message=sentence("; ".join(reasons)) + unreachable, evidence=evidence, threshold=threshold)


def repeated_anchors(related: list[Link]) -> set[str]:
    """Anchor texts (normalised) used for two or more different related targets."""
    targets: dict[str, set[str]] = {}
    for i, link in enumerate(related):
        key = anchor_key(link.text)
        if not key:
            continue
        # every text cue is its own (unknown) target
        target = f"cue:{i}" if is_cue(link) else normalise_url(link.href)
        targets.setdefault(key, set()).add(target)
    return {key for key, hrefs in targets.items() if len(hrefs) >= 2}


# ---- LK002 internal links --------------------------------------------------------


def internal_content_links(doc) -> list[Link]:
    """Main-content links to other pages of this site (text cues count: they are meant to be)."""
    return [
        l
        for l in main_links(doc)
        if is_cue(l) or (is_web_link(l) and is_internal(l, doc) and not is_self_link(l, doc))
    ]


@check(
    code="LK002",
    posts_only=True,
    name="internal-links",
    category="links",
    title="The post links to other pages of the site",
    fail_title="The post has no followed internal links",
    why="Internal links let readers move on to your service, contact and booking pages and tell search engines which pages matter.",
    source="Yoast internal links assessment (none → red, only nofollow → orange); Whitespark 2023 (internal linking across the website)",
    fix="Link from the text to the matching service page, the contact/location page and the booking page, with descriptive anchors.",
)
def internal_links(doc, opts, ctx) -> Outcome:
    """Links in the post's main content (including Related links) to other pages of the same site.

    Links to the page itself and in-page "#section" jumps do not count. A local file's
    links to the host of its canonical URL count as internal.

    Good: at least one followed internal link. OK: all internal links are nofollow.
    Bad: none. Value: the number of internal links.

    Passes: ``<p>... <a href="/book-online/">book an acupuncture appointment</a></p>``.
    Fails: a post whose only links are in the menu and the footer.
    """
    found = internal_content_links(doc)
    threshold = "≥ 1 followed internal link"
    evidence = tuple(
        link_evidence(l, "cue (target unknown)" if is_cue(l) else ("nofollow" if l.nofollow else "followed"), "ok" if l.nofollow else "good")
        for l in found
    )
    n = len(found)
    if not found:
        return Outcome("bad", value=0, message="The post does not link to any other page of the site.", threshold=threshold)
    if all(l.nofollow for l in found):
        return Outcome("ok", value=n, message=f"{T.all_of(n, 'internal link')} {T.agree(n, 'is', 'are')} nofollow; search engines will not follow {T.agree(n, 'it', 'them')}.", evidence=evidence, threshold=threshold)
    cues = sum(1 for l in found if is_cue(l))
    if cues:
        # a text draft's "Related:" lines name pages but link nowhere yet: say what they are
        message = (f"The post has {n} internal links; {cues} of them {T.agree(cues, 'is a Related cue', 'are Related cues')} "
                   f"of a text draft, to link once you add {T.agree(cues, 'its address', 'their addresses')} in your CMS.") if cues < n else (
                   f"The post has {T.plural(n, 'Related cue')} of a text draft: {T.agree(n, 'it becomes an internal link', 'they become internal links')} "
                   f"once you add {T.agree(n, 'its address', 'their addresses')} in your CMS.")
        return Outcome("good", value=n, message=message, evidence=evidence, threshold=threshold)
    return Outcome("good", value=n, message=f"The post has {T.plural(n, 'internal link')}.", evidence=evidence, threshold=threshold)


# ---- LK003 outbound links --------------------------------------------------------


def outbound_content_links(doc) -> list[Link]:
    return [l for l in main_links(doc) if l.scheme in ("http", "https") and l.href and not is_internal(l, doc)]


@check(
    code="LK003",
    name="outbound-links",
    category="links",
    title="The post cites other sites",
    fail_title="The post has no followed outbound links",
    why="Linking to the studies or guidelines a health claim rests on shows readers (and search engines) that the post is grounded in evidence.",
    source="Yoast outbound links assessment (none → red, all nofollow → orange); Google, creating helpful, reliable content (cite sources)",
    fix="Link the claims in the post to their sources, e.g. {example}.",
    # the guideline bodies a reader of the page's language knows (Quebec's INESSS, France's HAS, Spain's GuíaSalud)
    fix_examples={"en": "a NICE or ACP guideline, a Cochrane review or a PubMed abstract",
                  "fr": "une recommandation de la HAS ou de l'INESSS, une revue Cochrane ou un résumé PubMed",
                  "es": "una guía de GuíaSalud o del NICE, una revisión Cochrane o un resumen de PubMed"},
)
def outbound_links(doc, opts, ctx) -> Outcome:
    """Links in the post's main content to other sites (http/https, another host).

    Yoast scores "no outbound links" red; for a clinic post the missing thing is a
    cited source, so this check gives OK and suggests citing one rather than failing
    the page.

    Good: at least one followed outbound link. OK: none, or all nofollow.
    Value: the number of outbound links.

    Passes: ``<a href="https://www.nice.org.uk/guidance/ng59">NICE guideline NG59</a>``.
    Fails (OK): a post about acupuncture and back pain that cites no source.
    """
    found = outbound_content_links(doc)
    threshold = "≥ 1 followed link to a source"
    n = len(found)
    evidence = tuple(link_evidence(l, "nofollow" if l.nofollow else "followed", "ok" if l.nofollow else "good") for l in found)
    if not found:
        return Outcome("ok", value=0, message="The post links to no other site; consider citing the guideline or study behind its claims.", threshold=threshold)
    if all(l.nofollow for l in found):
        return Outcome("ok", value=n, message=f"{T.all_of(n, 'outbound link')} {T.agree(n, 'is', 'are')} nofollow; citing sources with followed links is fine.", evidence=evidence, threshold=threshold)
    return Outcome("good", value=n, message=f"The post links to {T.plural(n, 'page')} on other sites.", evidence=evidence, threshold=threshold)


# ---- LK004 link text -------------------------------------------------------------


@dataclass(frozen=True)
class LinkTextOptions:
    #: most non-descriptive anchors still rated "ok"; more is "bad"
    max_ok: int = 1
    generic_anchors: tuple[str, ...] = GENERIC_ANCHORS


@check(
    code="LK004",
    name="link-text",
    category="links",
    title="Links have descriptive text",
    fail_title="Some links do not say where they go",
    why="Anchor text tells readers, screen-reader users and search engines what the target is; 'click here' tells them nothing.",
    source="Lighthouse 'link-text' audit; Google Search Central, anchor text best practices; WCAG 2.1 SC 2.4.4",
    fix="Rewrite generic anchors to name the target: {example}.",
    fix_examples={"en": "'read our guide to {keyphrase}' instead of 'click here'",
                  "fr": "'{Keyphrase} : notre guide' plutôt que 'cliquez ici'",
                  "es": "'{Keyphrase}: nuestra guía' en lugar de 'haga clic aquí'"},
    options=LinkTextOptions,
    findings=lambda e: link_finding(e) if e.status == "bad" else None,  # anchors that do not describe the target
)
def link_text(doc, opts: LinkTextOptions, ctx) -> Outcome:
    """Anchor text of every main-content link (Related links included) describes its target.

    Not descriptive: generic phrases (``generic_anchors``: "click here", "here",
    "read more", "learn more", "this post"...), an anchor that is just a URL, only
    symbols ("»"), or an empty anchor (no text, no image alt, no ``aria-label`` or
    ``title``: an icon link named by those is named, as in Lighthouse). In-page "#section"
    jumps are skipped, as Lighthouse does, and so is an empty thumbnail link next to
    a worded link to the same page.

    Good: none. OK: up to ``max_ok``. Bad: more. Value: the number of such links.

    Passes: ``<a href="/acupuncture/">our acupuncture service</a>``.
    Fails: ``<a href="/acupuncture/">click here</a>`` and ``<a href="/book/"></a>``.
    Not applicable when the main content has no links.
    """
    candidates = main_links(doc)
    twins = thumbnail_twins(candidates)
    links = [
        l for i, l in enumerate(candidates) if i not in twins and not is_in_page_anchor(l, doc) and l.scheme != "javascript"
    ]
    if not links:
        return Outcome.na("The main content has no links.")
    threshold = f"0 non-descriptive anchors (≤ {opts.max_ok} is OK)"
    flagged = [(l, anchor_problem(l.text, opts.generic_anchors)) for l in links]
    flagged = [(l, p) for l, p in flagged if p]
    evidence = tuple(link_evidence(l, p, "bad") for l, p in flagged)
    n = len(flagged)
    if n == 0:
        return Outcome("good", value=0, message=f"{T.all_of(len(links), 'link')} {T.agree(len(links), 'has', 'have')} descriptive text.", threshold=threshold)
    status = "ok" if n <= opts.max_ok else "bad"
    # each weak anchor once, with how often it is used, so the list adds up to the count
    shown = T.some_of_counted([f"'{_shortened(l.text)}'" if l.text.strip() else "an empty anchor" for l, _p in flagged])
    return Outcome(status, value=n, message=f"{n} of {T.plural(len(links), 'link')} {T.agree(n, 'has', 'have')} text that does not describe the target: {shown}.", evidence=evidence, threshold=threshold)


# ---- LK005 unsafe links ----------------------------------------------------------


@dataclass(frozen=True)
class UnsafeOptions:
    #: warn (OK) about plain http:// links on an https page
    warn_insecure_http: bool = True
    #: flag links to localhost, *.local, *.test: staging or development URLs left in the post
    flag_dev_hosts: bool = True


_WRITES_HOST_RE = re.compile(r"^\s*(?:[a-z][a-z0-9+.\-]*:)?//", re.I)


def href_problem(link: Link, page_scheme: str, opts: UnsafeOptions) -> tuple[str, str]:
    """(verdict, status) for a problem with a link's href; ("", "") when it is fine."""
    raw = link.raw_href
    if is_cue(link):
        return "", ""
    if link.scheme == "javascript":
        return "javascript: link", "bad"
    if not raw:
        return "empty href", "bad"
    if re.match(r"^www\.", raw, re.I):
        return "missing http(s):// (resolves to a path on this site)", "bad"
    if not link.href:
        return "malformed href", "bad"
    if link.scheme in APP_SCHEMES:
        return "", ""
    if link.scheme not in SAFE_SCHEMES:
        return f"unknown scheme '{link.scheme}:'", "bad"
    if link.scheme in ("mailto", "tel", "sms"):
        address, _, fields = raw.split(":", 1)[1].partition("?")
        # "mailto:?subject=...&body=..." is a share-by-email link (RFC 6068): the reader's
        # mail app asks for the address; only a link with neither goes nowhere
        if not address.strip() and not (link.scheme in ("mailto", "sms") and fields.strip()):
            return f"{link.scheme}: link without an address", "bad"
        return "", ""
    if link.scheme in ("http", "https"):
        try:
            parts = urlsplit(link.href)
            host = parts.hostname or ""
            _ = parts.port  # raises on a non-numeric port
        except ValueError:
            return "malformed href", "bad"
        is_ipv6 = ":" in host  # urlsplit strips the brackets of [::1]
        if not host or (not is_ipv6 and not _HOST_RE.match(host)):
            return "malformed host", "bad"
        if opts.flag_dev_hosts and is_dev_host(host) and _WRITES_HOST_RE.match(raw):
            # only a host written in the href: a relative link on a page previewed at
            # localhost:1313 resolves to localhost, and is right on the published site
            return "development URL", "bad"
        if opts.warn_insecure_http and link.scheme == "http" and page_scheme == "https":
            return "insecure http:// link", "ok"
    return "", ""


@check(
    code="LK005",
    name="unsafe-links",
    category="links",
    title="Links are well-formed and safe",
    fail_title="Some links are unsafe or malformed",
    why="javascript: links cannot be crawled or opened in a new tab, and malformed hrefs go nowhere; both lose the reader at the moment they wanted to go on.",
    source="Google Search Central, make links crawlable (<a href> with a resolvable URL); Lighthouse 'crawlable-anchors' and 'is-on-https' audits",
    fix="Give every link a full URL (https://...) or a site path (/contact/); replace javascript: links with real hrefs.",
    options=UnsafeOptions,
)
def unsafe_links(doc, opts: UnsafeOptions, ctx) -> Outcome:
    """Main-content links whose href is unsafe, malformed or cannot be followed.

    Bad: ``javascript:`` hrefs; empty hrefs; hrefs that cannot be parsed or have an
    invalid host; unknown or unsafe schemes (``data:``, a typo like ``htps:``; apps'
    own schemes such as ``whatsapp:`` and ``fb-messenger:`` are fine);
    "www.example.com" written without ``https://`` (it resolves to a path on this
    site); ``mailto:``/``tel:``/``sms:`` with nothing at all (a share-by-email link
    ``mailto:?subject=...`` is fine); links written with a ``localhost``
    or ``*.local``/``*.test`` host (``flag_dev_hosts``; relative links of a page
    previewed on such a host are fine). OK: plain ``http://`` links on
    an https page (``warn_insecure_http``): they work but leave HTTPS.

    Good: no problem. OK: only insecure-http warnings. Bad: any bad href.
    Value: the number of flagged links. Not applicable when there are no links.

    Passes: ``<a href="https://pubmed.ncbi.nlm.nih.gov/28192793/">a 2017 review</a>``.
    Fails: ``<a href="javascript:openBooking()">book now</a>``.
    """
    links = main_links(doc)
    if not links:
        return Outcome.na("The main content has no links.")
    try:
        page_scheme = urlsplit(doc.url).scheme.lower()
    except ValueError:
        page_scheme = ""
    flagged = [(l, *href_problem(l, page_scheme, opts)) for l in links]
    flagged = [(l, v, s) for l, v, s in flagged if v]
    evidence = tuple(link_evidence(l, v, s) for l, v, s in flagged)
    threshold = "0 unsafe or malformed links"
    bad = sum(1 for _, _v, s in flagged if s == "bad")
    n = len(flagged)
    if bad:
        return Outcome("bad", value=n, message=f"{T.plural(bad, 'link')} {T.agree(bad, 'is', 'are')} unsafe or malformed.", evidence=evidence, threshold=threshold)
    if n:
        return Outcome("ok", value=n, message=f"{T.plural(n, 'link')} {T.agree(n, 'uses', 'use')} plain http:// on an https page.", evidence=evidence, threshold=threshold)
    return Outcome("good", value=0, message=f"{T.all_of(len(links), 'link')} {T.agree(len(links), 'is', 'are')} well-formed.", threshold=threshold)


CHECKS = (related_links, internal_links, outbound_links, link_text, unsafe_links)
