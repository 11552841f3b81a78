"""RawPage -> Document: the only place that decodes and parses HTML.

A Document is built once per page and is frozen; checks read it and never parse.
Parsing uses lexbor (selectolax), which the measurements in the README show is 50-70x
faster than BeautifulSoup; main-content extraction lives in ``extract.py``.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable, Hashable, Mapping
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from . import text as T
from .decode import decode_html
from .extract import extract_main, furniture_named, related_sections
from .language import language_label, primary_subtag, register_label
from .page_type import page_type
from .models import EMPTY, Block, Heading, Image, Link, RawPage
from .urls import DATED_NAME_RE, PAGE_SUFFIX_RE, STDIN_URL, published_url_of, site_hosts_of




@dataclass(frozen=True)
class Sentence:
    text: str
    block: int  # index into Document.blocks
    position: float  # 0..1: where in the main content (by words) the sentence starts
    tokens: frozenset[str]
    word_count: int
    line: int | None = None
    # T.words(text), kept from segmentation so checks do not tokenise it again
    words: tuple[str, ...] = field(default=(), compare=False, repr=False)


#: sources that hold a post's text only (what a draft is written in): the site's theme adds the
#: header, footer, contact block and markup when it publishes them. The name is for messages.
DRAFT_KINDS = {"markdown": "Markdown draft", "text": "text draft"}


@dataclass(frozen=True)
class Document:
    source: str
    url: str
    kind: str = "html"
    lang: str = ""
    title: str = ""
    meta_description: str | None = None
    canonical: str | None = None
    robots: tuple[str, ...] = ()  # lower-cased directives from meta robots + X-Robots-Tag
    h1s: tuple[str, ...] = ()  # every <h1> on the page (the basics check counts them)
    h1_lines: tuple[int | None, ...] = ()  # the source line of each of h1s (Markdown/text; None in HTML)
    # Markdown: the H1 is the front matter's title, rendered as a theme prints it (files.py) for
    # a post whose text has no "# Heading" of its own
    h1_is_title: bool = False
    headings: tuple[Heading, ...] = ()  # headings inside the main content
    blocks: tuple[Block, ...] = ()  # the main content, in order
    links: tuple[Link, ...] = ()
    images: tuple[Image, ...] = ()
    jsonld: tuple[Any, ...] = ()
    base_href: str | None = None
    front_matter: Mapping[str, Any] = field(default_factory=lambda: EMPTY)
    extraction: str = ""  # which extraction path produced the blocks
    html_bytes: int = 0
    # whole-page facts that sit outside the main content (bylines, dates, NAP in the
    # footer): read by the clinic checks (issue #5)
    meta: Mapping[str, str] = field(default_factory=lambda: EMPTY)  # <meta name|property> -> content, lower-cased keys, first wins
    time_elements: tuple[tuple[str, str], ...] = ()  # (datetime attribute, visible text) of every <time>
    page_text: str = ""  # visible text of the whole <body> (no scripts/styles)
    # review/testimonial widgets anywhere on the page: "how it was recognised" lines
    review_widgets: tuple[str, ...] = ()
    site_url: str = ""  # the configured site a local file will be published on (urls.published_url_of)

    # ---- derived views, computed once on first use -----------------------------
    @cached_property
    def _memo(self) -> dict:
        return {}

    def derived(self, key: Hashable, compute: Callable[["Document"], Any]) -> Any:
        """``compute(self)``, computed on the first call for ``key`` and reused after.

        For views of the page that live outside this module and that several checks
        need (the claim scan, cited blocks, JSON-LD walks): the module that computes a
        view owns its key, prefixed with the module name ("claims.scan_document"), and
        puts every argument the result depends on into it. ``compute`` must be a pure
        function of the document and the key: the Document stays immutable, the memo
        only saves repeated work.
        """
        memo = self._memo
        try:
            return memo[key]
        except KeyError:
            value = memo[key] = compute(self)
            return value

    @cached_property
    def slug(self) -> str:
        return self._slug_and_origin[0]

    @cached_property
    def _slug_and_origin(self) -> tuple[str, str]:
        """(slug, where it comes from: "declared" in front matter, the page's "url", its
        "published" URL (canonical, site_url) or the local "file" name)."""
        fm = self.front_matter
        declared = next((str(v) for v in (fm.get("slug"), fm.get("permalink"), fm.get("url"))  # url: Hugo's
                         if v and ":" not in str(v)), None)  # "/blog/:title/" is a pattern, not this post's path
        if declared:
            return declared.strip("/").rsplit("/", 1)[-1], "declared"
        path = unquote(urlsplit(self.url).path)
        origin = "url" if self.url.startswith(("http://", "https://")) else "file"
        published = published_url_of(self.url, self.canonical, self.site_url)
        if published and urlsplit(published).path.strip("/"):
            path, origin = unquote(urlsplit(published).path), "published"  # a draft's slug is its published URL's
        parts = path.rstrip("/").rsplit("/", 2)
        last = PAGE_SUFFIX_RE.sub("", parts[-1])
        if last in ("index", "_index") and len(parts) > 1 and (self.kind == "markdown" or self.url.startswith("file:")):
            # Hugo/Astro page bundles (my-post/index.md) and built pages (public/my-post/index.html)
            # are published under the folder name
            last = parts[-2]
        if self.kind == "markdown":
            last = DATED_NAME_RE.sub("", last)  # Jekyll _posts/2024-03-01-my-post.md: without its date
        return last, origin

    @cached_property
    def slug_is_known(self) -> bool:
        """Is ``slug`` the post's URL slug (declared, from its URL or canonical, or the file
        name a static-site generator publishes), not a name made up for a post with no URL
        yet: a pasted plain-text post, or standard input without front matter?"""
        return self._slug_and_origin[1] != "file" or (self.kind != "text" and self.url != STDIN_URL)

    @cached_property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()

    @cached_property
    def site_hosts(self) -> frozenset[str]:
        """Hosts (without www.) that count as this site: the same ones that made ``Link.internal``."""
        return site_hosts_of(self.url, self.canonical, self.site_url)

    @cached_property
    def paragraphs(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if not b.is_heading)

    @cached_property
    def subheadings(self) -> tuple[Heading, ...]:
        """H2 and H3 of the main content: the ones Yoast's subheading rules judge."""
        return tuple(h for h in self.headings if h.level in (2, 3))

    @cached_property
    def text(self) -> str:
        """The main content as plain text, one block per line (what `extract` prints)."""
        return "\n".join(b.text for b in self.blocks)

    @cached_property
    def body_text(self) -> str:
        """The main content without headings: what readability and density count."""
        return "\n".join(b.text for b in self.paragraphs)

    @cached_property
    def _sentence_list(self) -> tuple[tuple[str, int, list[str], int | None], ...]:
        """(text, block index, words, line) of every sentence of the main content."""
        out = []
        for i, block in enumerate(self.blocks):
            if block.is_heading:
                continue
            sentences = T.split_sentences(block.text)
            # a hard-wrapped Markdown/text paragraph: each sentence on the line it starts
            # on; HTML blocks have no breaks and take the block's line (None) as before
            lines = _sentence_lines(block, sentences) if block.breaks and block.line else None
            for k, s in enumerate(sentences):
                ws = T.words(s)
                if ws:
                    out.append((s, i, ws, lines[k] if lines else block.line))
        return tuple(out)

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        total = max(1, self.word_count)
        out: list[Sentence] = []
        seen = 0
        for s, i, ws, line in self._sentence_list:
            out.append(
                Sentence(
                    text=s,
                    block=i,
                    position=seen / total,
                    tokens=frozenset(T.tokens_of_words(ws)),
                    word_count=len(ws),
                    line=line,
                    words=tuple(ws),
                )
            )
            seen += len(ws)
        return tuple(out)

    @cached_property
    def sentences_by_block(self) -> dict[int, tuple[Sentence, ...]]:
        """Block index -> its sentences (headings have none)."""
        out: dict[int, list[Sentence]] = {}
        for s in self.sentences:
            out.setdefault(s.block, []).append(s)
        return {i: tuple(ss) for i, ss in out.items()}

    @cached_property
    def block_positions(self) -> tuple[float, ...]:
        """Where each block sits in the text (0..1): its first sentence's position; a
        heading takes the position of the text that follows it (1.0 at the end)."""
        out = [1.0] * len(self.blocks)
        nxt = 1.0
        by_block = self.sentences_by_block
        for i in range(len(self.blocks) - 1, -1, -1):
            if i in by_block:
                nxt = by_block[i][0].position
            out[i] = nxt
        return tuple(out)

    @cached_property
    def words(self) -> tuple[str, ...]:
        return tuple(T.words(self.body_text))

    @cached_property
    def word_count(self) -> int:
        # the sentences are split from the same paragraphs, word for word
        return sum(len(ws) for _, _, ws, _ in self._sentence_list)

    @cached_property
    def intro(self) -> Block | None:
        """The first paragraph of real text (skips image-only or tiny blocks, bylines, and
        the post's title printed as text by a theme without an H1)."""
        title = " ".join(self.title.split()).lower()
        titles = {title, *(" ".join(p.split()).lower() for p in T.TITLE_SEP_RE.split(self.title))} - {""}
        for b in self.paragraphs:
            # a byline or date line under the H1 ("By Jordan Patel, PT · Updated ...") is not the
            # intro; "By Monday most patients walk again." is a sentence
            if len(T.words(b.text)) >= 5 and not T.is_byline_line(b.text) and " ".join(b.text.split()).lower() not in titles:
                return b
        return None

    @cached_property
    def internal_links(self) -> tuple[Link, ...]:
        return tuple(l for l in self.links if l.internal)

    @cached_property
    def related_links(self) -> tuple[Link, ...]:
        return tuple(l for l in self.links if l.context == "related")

    def stats(self) -> dict[str, Any]:
        return {
            "words": self.word_count,
            "sentences": len(self.sentences),
            "paragraphs": len(self.paragraphs),
            "subheadings": len(self.subheadings),
            "links": len(self.links),
            "internal_links": sum(1 for l in self.links if l.internal and l.context != "boilerplate"),
            "images": sum(1 for i in self.images if i.in_main),
            "extraction": self.extraction,
            # which word lists and formulas read the page ("fr-CA", "pt (guessed from the text)")
            "language": language_label(self),
            # how the page addresses its reader, in a language with two ways ("tú (informal)"):
            # its fix examples speak as it does; None elsewhere
            "register": register_label(self),
            "page_type": page_type(self),  # post, listing, home or page (page_type.py)
        }


_BLOCK_KINDS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "dd", "dt", "figcaption"}


def _clean(s: str | None) -> str:
    return T.normalise(s or "")


def _line_of(node) -> int | None:
    return _line_in(node.attributes)


def _sentence_lines(block: Block, sentences: list[str]) -> list[int]:
    """The source line each sentence of a wrapped block starts on: its offset in the
    block's text, in letters and digits, against where each line starts (``breaks``)."""
    text, breaks, first = block.text, block.breaks, block.line or 0
    out = []
    pos = count = 0
    line = first
    for s in sentences:
        at = text.find(s, pos)
        if at < 0:
            at = text.find(s[:20], pos)
        if at >= 0:  # else the sentence was rewritten in splitting: keep the line before
            count += T.alnum_count(text[pos:at])
            pos = at
            line = first + bisect_right(breaks, count)
        out.append(line)
    return out


def _breaks_in(attrs) -> tuple[int, ...]:
    """``data-breaks`` of a wrapped Markdown/text block (files.py), () when absent."""
    v = attrs.get("data-breaks") if attrs else None
    if not v:
        return ()
    try:
        return tuple(int(n) for n in v.split(","))
    except ValueError:
        return ()


def _line_in(attrs) -> int | None:
    """The source line a Markdown/text reader wrote into ``data-line``, if any."""
    v = attrs.get("data-line") if attrs else None
    if v:
        try:
            return int(v)
        except ValueError:
            return None
    return None


# A space before , . ; : ! ? ) ] or after ( [. _clean has already collapsed all whitespace
# to single spaces, so the pattern opens with that space: re then looks for the literal
# space alone instead of trying the pattern at every character (3x faster on a page's text).
_SPACE_BEFORE_PUNCT_RE = re.compile(r" (?:(?<=[(\[] )|(?=[,.;:!?)\]]))")


# French writes a space before ; : ! ? (and inside « »): on a page declared French only the
# separator's space before , . ) ] goes, so evidence quotes "Le premier rendez-vous : un bilan"
# as the page has it, not with the colon moved
_SPACE_BEFORE_PUNCT_FR_RE = re.compile(r" (?:(?<=[(\[] )|(?=[,.)\]]))")


def _node_text(node, pattern: re.Pattern = _SPACE_BEFORE_PUNCT_RE) -> str:
    # separator=" " keeps words of adjacent inline elements apart, but also puts a
    # space before punctuation that followed a link ("our page , or"): take it out.
    return pattern.sub("", _clean(node.text(deep=True, separator=" ", strip=False)))


def _same_site(host: str, site_hosts: frozenset[str]) -> bool:
    """Is ``host`` (lower-cased) one of the site's hosts (``site_hosts_of``)? www. is ignored."""
    return (host[4:] if host.startswith("www.") else host) in site_hosts


def build_document(raw: RawPage, site_url: str = "") -> Document:
    """Decode, parse and extract ``raw`` once. ``raw`` must not be an error page.

    ``site_url`` (the ``site_url`` setting, a site root) is where a local file without a
    canonical URL will be published: links to that host are internal."""
    html = decode_html(raw.body, raw.encoding, raw.headers.get("content-type", "") if raw.headers else "")
    tree = LexborHTMLParser(html)
    page_url = raw.url

    head_title = tree.css_first("title")
    title = _clean(head_title.text()) if head_title is not None else ""
    fm = raw.front_matter or EMPTY
    if fm.get("title"):
        title = _clean(str(fm["title"]))

    meta_description = None
    robots: list[str] = []
    for meta in tree.css("meta[name]"):
        name = (meta.attributes.get("name") or "").strip().lower()
        content = meta.attributes.get("content")
        if name == "description" and meta_description is None:
            meta_description = _clean(content)
        elif name in ("robots", "googlebot"):
            robots += [d.strip().lower() for d in (content or "").split(",") if d.strip()]
    if fm.get("description"):
        meta_description = _clean(str(fm["description"]))
    meta_all: dict[str, str] = {}
    for meta in tree.css("meta[name], meta[property]"):
        key = (meta.attributes.get("name") or meta.attributes.get("property") or "").strip().lower()
        if key and key not in meta_all:
            meta_all[key] = _clean(meta.attributes.get("content"))
    if raw.headers:
        xrt = raw.headers.get("x-robots-tag")
        if xrt:
            robots += [d.strip().lower() for d in xrt.split(",") if d.strip()]

    base_href = None
    base = tree.css_first("base[href]")
    if base is not None:
        base_href = urljoin(page_url, (base.attributes.get("href") or "").strip())

    canonical = None
    for link in tree.css("link[rel]"):
        rel = (link.attributes.get("rel") or "").lower().split()
        if "canonical" in rel:
            canonical = (link.attributes.get("href") or "").strip()
            break
    # A local draft is judged as the page it will be: its relative links ("/blog/x/",
    # "../sciatica/") resolve against its published URL, not against file:///blog/x/.
    resolve_base = base_href or published_url_of(page_url, canonical, site_url) or page_url

    html_node = tree.css_first("html")
    lang = ""
    if html_node is not None:
        lang = (html_node.attributes.get("lang") or "").strip()
    if fm.get("lang"):
        lang = str(fm["lang"])

    jsonld: list[Any] = []
    for script in tree.css('script[type="application/ld+json"]'):
        raw_json = script.text() or ""
        try:
            jsonld.append(json.loads(raw_json))
        except (ValueError, RecursionError):
            jsonld.append({"@error": "invalid JSON-LD"})

    punct = _SPACE_BEFORE_PUNCT_FR_RE if primary_subtag(lang) == "fr" else _SPACE_BEFORE_PUNCT_RE
    h1_nodes = tree.css("h1")
    h1s = tuple(_node_text(h, punct) for h in h1_nodes)
    h1_lines = tuple(_line_of(h) for h in h1_nodes)
    h1_is_title = raw.kind == "markdown" and any(h.attributes.get("data-front-matter") == "title" for h in h1_nodes)

    # Related / Read more sections: their links are labelled, their text not counted.
    related_nodes = related_sections(tree, foreign_labels=primary_subtag(lang) not in ("", "en"))
    related_ids = set()
    for n in related_nodes:
        related_ids.add(n.mem_id)

    time_elements = tuple(((t.attributes.get("datetime") or "").strip(), _node_text(t, punct)) for t in tree.css("time"))
    review_widgets = find_review_widgets(tree)  # before extraction strips the scripts
    furniture: dict[int, bool] = {}  # extraction's verdicts, reused to place links and images
    main_nodes, method = extract_main(tree, exclude=related_nodes, furniture=furniture)
    page_text = _node_text(tree.body, punct) if tree.body is not None else ""  # after script/style removal
    main_ids = set()
    blocks: list[Block] = []
    headings: list[Heading] = []
    for node in main_nodes:
        main_ids.add(node.mem_id)
        txt = _node_text(node, punct)
        if not txt:
            continue
        kind = node.tag if node.tag in _BLOCK_KINDS else "p"
        if kind == "th":
            kind = "td"
        attrs = node.attributes  # lexbor builds a new dict on every access: once
        block = Block(kind=kind, text=txt, line=_line_in(attrs), breaks=_breaks_in(attrs))
        blocks.append(block)
        if block.is_heading:
            headings.append(Heading(block.level, txt, block.line))

    container_id = _common_ancestor(main_nodes)
    site_hosts = site_hosts_of(page_url, canonical, site_url)  # a draft's or a preview's site is its canonical's
    contexts = _Contexts(main_ids, related_ids, container_id, furniture)
    links: list[Link] = []
    seen_hrefs: dict[str, tuple[str, str, bool]] = {}  # pages repeat hrefs: resolve each once
    for a in tree.css("a[href]"):
        attrs = a.attributes  # built once per link: lexbor makes a new dict on every access
        raw_href = (attrs.get("href") or "").strip()
        context = contexts.of(a)
        anchor = _node_text(a, punct)
        if not anchor:
            img = a.css_first("img[alt]")
            if img is not None:
                anchor = _clean(img.attributes.get("alt"))
        if not anchor:
            # an icon link's name for readers and screen readers (as Lighthouse's
            # link-name audit takes it): "Share on Facebook", "Call us"
            anchor = _clean(attrs.get("aria-label") or attrs.get("title"))
        resolved = seen_hrefs.get(raw_href)
        if resolved is None:
            resolved = seen_hrefs[raw_href] = _resolve_href(raw_href, resolve_base, site_hosts)
        href, scheme, internal = resolved
        rel = tuple((attrs.get("rel") or "").lower().split())
        links.append(
            Link(
                href=href,
                raw_href=raw_href,
                text=anchor,
                rel=rel,
                internal=internal,
                context=context,
                scheme=scheme,
                line=_line_in(attrs),
            )
        )

    images: list[Image] = []
    # a local draft's images are named as written: "/img/knee.jpg" resolved against the file's
    # own URL read "file:///img/knee.jpg", a path that exists nowhere
    image_base = None if resolve_base.startswith("file:") else resolve_base
    for img in tree.css("img"):
        attrs = img.attributes
        src = (attrs.get("src") or attrs.get("data-src") or "").strip()
        alt = attrs.get("alt") if "alt" in attrs else None
        in_main = contexts.of(img) == "content"
        shown = (_join(image_base, src) if image_base else src) if src else ""
        alt = None if alt is None else _clean(alt)
        images.append(Image(src=shown, alt=alt, in_main=in_main, line=_line_in(attrs),
                            undescribed=alt == "" and "data-undescribed" in attrs))

    return Document(
        source=raw.source,
        url=page_url,
        kind=raw.kind,
        lang=lang,
        title=title,
        meta_description=meta_description,
        canonical=canonical,
        robots=tuple(robots),
        h1s=h1s,
        h1_lines=h1_lines,
        h1_is_title=h1_is_title,
        headings=tuple(headings),
        blocks=tuple(blocks),
        links=tuple(links),
        images=tuple(images),
        jsonld=tuple(jsonld),
        base_href=base_href,
        front_matter=fm,
        extraction=method,
        html_bytes=len(raw.body),
        meta=meta_all,
        time_elements=time_elements,
        page_text=page_text,
        review_widgets=review_widgets,
        site_url=site_url if page_url.startswith("file:") else "",
    )


# Review and testimonial widgets: embeds by their script/iframe host, blocks by the
# class/id words themes and plugins give them. Data, so a new vendor is one entry.
_REVIEW_WIDGET_HOSTS = (
    "elfsight.com", "trustindex.io", "widget.trustpilot.com", "birdeye.com", "podium.com", "reviews.io",
    "grade.us", "embedsocial.com", "shapo.io", "senja.io", "testimonial.to", "yotpo.com", "judge.me",
    "featurable.com", "reviewsonmywebsite.com", "sociablekit.com", "widget.reviewability.com",
)
_REVIEW_WIDGET_SELECTOR = ", ".join(
    f"[{attr}*={word} i]" for attr in ("class", "id") for word in ("testimonial", "review-widget", "reviews-widget", "google-reviews", "wp-google-reviews", "grw-", "ti-widget", "star-rating", "patient-stories")
)


def find_review_widgets(tree) -> tuple[str, ...]:
    """Review/testimonial widgets on the page (vendor embeds, testimonial blocks)."""
    found: list[str] = []
    for node in tree.css("script[src], iframe[src]"):
        src = (node.attributes.get("src") or "").lower()
        host = next((h for h in _REVIEW_WIDGET_HOSTS if h in src), None)
        if host and f"{node.tag} from {host}" not in found:
            found.append(f"{node.tag} from {host}")
    for node in tree.css(_REVIEW_WIDGET_SELECTOR):
        if node.tag in ("html", "body"):
            continue
        label = f"<{node.tag} class=\"{(node.attributes.get('class') or '').strip()[:60]}\" id=\"{(node.attributes.get('id') or '').strip()[:40]}\">"
        if not any(label == f for f in found):
            found.append(label)
        if len(found) >= 10:
            break
    return tuple(found)


_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_ABS_HTTP_RE = re.compile(r"^https?://([^/?#@:\[\]]+)(?::\d+)?(?:[/?#]|$)", re.I)


_HTTP_ORIGIN_RE = re.compile(r"^(https?)://([^/?#@:\[\]]+)(?::\d+)?(?=[/?#]|$)", re.I)


def _plain(href: str) -> bool:
    # no dot segments to remove, no tab/CR/LF for urlsplit to delete, no empty query or
    # fragment for urlunsplit to drop ("/a?", "/a#", "/a?#b"): joined as written
    return (
        "/." not in href and "\n" not in href and "\t" not in href and "\r" not in href
        and href[-1:] not in ("?", "#") and "?#" not in href
    )


def _origin_of(base: str, href: str) -> re.Match | None:
    """The http(s) origin of ``base`` when ``href`` is a plain root-relative path
    ("/blog/x"), which then joins to it as written; None: leave it to urljoin."""
    if href[:1] == "/" and href[1:2] != "/" and _plain(href):
        return _HTTP_ORIGIN_RE.match(base)
    return None


def _origin(m: re.Match) -> str:
    # urljoin writes the scheme in lower case, the host as given
    return m.group(1).lower() + m.group(0)[len(m.group(1)):]


def _join(base: str, href: str) -> str:
    """``urljoin(base, href)``, by hand for plain absolute http(s) URLs and root-relative paths."""
    if href[:4] in ("http", "HTTP") and _ABS_HTTP_RE.match(href) and _plain(href) and href.startswith(("http:", "https:")):
        return href
    origin = _origin_of(base, href)
    return _origin(origin) + href if origin else urljoin(base, href)


def _resolve_href(raw_href: str, base: str, site_hosts: frozenset[str]) -> tuple[str, str, bool]:
    """(absolute href, scheme, internal?) for one href as written.

    Absolute http(s) URLs and root-relative paths without dot segments skip
    urljoin/urlsplit: they are most links on a page and the stdlib parsers were the
    largest cost of building a Document (see benchmarks/throughput.py).
    """
    m = _ABS_HTTP_RE.match(raw_href)
    if m and _plain(raw_href) and raw_href.startswith(("http:", "https:")):  # "HTTP://": urljoin's own rules
        return raw_href, raw_href[:5].rstrip(":"), _same_site(m.group(1).lower(), site_hosts)
    origin = _origin_of(base, raw_href)
    if origin:
        return _origin(origin) + raw_href, origin.group(1).lower(), _same_site(origin.group(2).lower(), site_hosts)
    sm = _SCHEME_RE.match(raw_href)
    scheme = sm.group(1).lower() if sm else ""
    if scheme not in ("", "http", "https"):
        return raw_href, scheme, False
    try:
        href = urljoin(base, raw_href)
    except ValueError:
        return "", scheme, False
    sm = _SCHEME_RE.match(href)
    href_scheme = sm.group(1).lower() if sm else scheme
    if href_scheme not in ("http", "https", "file"):
        return href, href_scheme, False
    try:
        host = (urlsplit(href).hostname or "").lower()
    except ValueError:
        return href, href_scheme, False
    return href, href_scheme, _same_site(host, site_hosts)


_BOILERPLATE_TAGS = frozenset(("nav", "aside", "footer", "header", "form", "template"))


def _common_ancestor(nodes) -> int | None:
    """mem_id of the deepest element containing every main-content block."""
    if not nodes:
        return None
    common: list[int] | None = None
    for node in nodes:
        path = []
        cur = node
        while cur is not None:
            path.append(cur.mem_id)
            cur = cur.parent
        path.reverse()
        if common is None:
            common = path
        else:
            n = 0
            for a, b in zip(common, path):
                if a != b:
                    break
                n += 1
            common = common[:n]
    return common[-1] if common else None


class _Contexts:
    """"related", "content" or "boilerplate" for links and images, one ancestor walk each.

    Content means inside a kept block, or inside the main container (figures and
    images between paragraphs) but not inside navigation/aside/footer there. Pages
    hold hundreds of links under a few parents, so what lies above each element is
    worked out once and remembered (``_above``), not walked again for every link.
    """

    def __init__(self, main_ids: set, related_ids: set, container_id: int | None, furniture: dict[int, bool] | None = None):
        self.main_ids, self.related_ids, self.container_id = main_ids, related_ids, container_id
        # element -> furniture? as extraction judged it; others are asked furniture_named
        self.furniture = furniture if furniture is not None else {}
        # mem_id -> (stop, in_block, boiler) from that element (inclusive) upwards:
        # stop is "related", "container" or "" (reached the root)
        self._above: dict[int, tuple[str, bool, bool]] = {}

    def _walk(self, node) -> tuple[str, bool, bool]:
        chain = []
        cur = node
        result = ("", False, False)
        while cur is not None:
            mid = cur.mem_id
            known = self._above.get(mid)
            if known is not None:
                result = known
                break
            if mid in self.related_ids:
                result = ("related", False, False)
                self._above[mid] = result
                break
            in_block = mid in self.main_ids
            if mid == self.container_id:
                result = ("container", in_block, False)  # the container's own tag does not count
                self._above[mid] = result
                break
            named = self.furniture.get(mid)
            if named is None:
                named = furniture_named(cur)
            chain.append((mid, in_block, named or cur.tag in _BOILERPLATE_TAGS))
            cur = cur.parent
        stop, in_block, boiler = result
        for mid, b, t in reversed(chain):  # fill in from the top down
            if stop != "related":
                in_block, boiler = in_block or b, boiler or t
            result = (stop, in_block, boiler)
            self._above[mid] = result
        return result

    def of(self, node) -> str:
        stop, in_block, boiler = self._walk(node)
        if stop == "related":
            return "related"
        if stop == "container":
            return "content" if (in_block or not boiler) else "boilerplate"
        return "content" if in_block else "boilerplate"
