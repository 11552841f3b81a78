"""Main-content extraction over a lexbor tree.

``extract_main`` returns the block elements (paragraphs, headings, list items...) of
the article, in document order, never one inside another; navigation, header,
footer, sidebars, comment forms and the Related/Read more block are left out.

The fast path is a readability-style scorer that runs on lexbor's C selectors and
one walk up the parent chain per block:

1. every text block gets a value: its words minus a penalty for words inside links
   and for sitting under boilerplate (nav/aside/footer tags, or class/id tokens such
   as sidebar, comment, share, related, promo);
2. each element's score is the sum of the values of the blocks under it, and the
   element with the best score is the main-content container (a maximum-subtree
   sum: it grows while what it adds is net content, and stops at boilerplate);
3. the blocks of that container are returned, minus the boilerplate ones inside it
   (comment lists, share bars, link lists, the Related block).
"""

from __future__ import annotations

import re
from functools import lru_cache

_RELATED_LABEL_WORDS = (
    r"^\s*(related(\s+(posts?|articles?|reading|links?|stories|content))?|read\s+(more|also|next)"
    r"|you\s+(may|might)\s+also\s+(like|enjoy)|see\s+also|further\s+reading|more\s+from"
    # the same labels in the other languages clinic blogs are written in
    r"|(à\s+)?lire\s+(aussi|également|la\s+suite)|voir\s+aussi|articles?\s+(connexes|similaires|liés)"
    r"|en\s+savoir\s+plus|sur\s+le\s+même\s+sujet|vous\s+aimerez\s+aussi"
    r"|leer\s+m[aá]s|le[ae]\s+tambi[eé]n|ver\s+tambi[eé]n|art[ií]culos\s+relacionados"
    r"|te\s+puede\s+interesar|sigue\s+leyendo|m[aá]s\s+informaci[oó]n"
    r"|leia\s+(tamb[eé]m|mais)|veja\s+tamb[eé]m|artigos\s+relacionados"
    r"|weiterlesen|lesen\s+sie\s+auch|siehe\s+auch|(verwandte|ähnliche)\s+(artikel|beiträge)"
    r"|leggi\s+anche|articoli\s+correlati|lees\s+ook|gerelateerde\s+artikelen)"
)
# A heading may say just "Related posts"; a paragraph must use the label as a cue
# ("Related: ...", "Read more - ..."), so prose like "Read more about how we treat
# sciatica on our sciatica page" stays in the article.
_RELATED_LABEL_RE = re.compile(_RELATED_LABEL_WORDS + r"\s*[:\-–—»›]?", re.I)
_RELATED_CUE_RE = re.compile(_RELATED_LABEL_WORDS + r"\s*([:\-–—»›]|$)", re.I)
_RELATED_CLASS_RE = re.compile(r"(^|[\s_\-])(related|read-?more|yarpp|jp-relatedposts)([\s_\-]|$)", re.I)
_RELATED_CLASS_SELECTOR = ", ".join(
    f"[{attr}*={word} i]" for attr in ("class", "id") for word in ("related", "readmore", "read-more", "yarpp")
)


def _label_selector(labels: tuple[str, ...]) -> str:
    """Elements that may hold a Related label: lexbor narrows them in C; the regexes decide."""
    tags = ("p", "li", "div", "h2", "h3", "h4", "h5", "h6", "strong", "span", "b")
    return ", ".join(f"{tag}:lexbor-contains({label!r} i)" for tag in tags for label in labels)


_RELATED_LABEL_SELECTOR = _label_selector((
    "related", "read more", "read also", "read next", "you may also like", "you might also like",
    "you may also enjoy", "you might also enjoy", "see also", "further reading", "more from",
))
# The labels of other languages, asked only of pages that declare another language:
# each label multiplies lexbor's work (a text search per tag), 0.9 -> 2.4 ms a page
# if every page asked for all of them.
_RELATED_FOREIGN_LABEL_SELECTOR = _label_selector((
    "lire aussi", "lire également", "lire la suite", "voir aussi", "articles connexes", "articles similaires",
    "en savoir plus", "même sujet", "vous aimerez", "puede interesar", "sigue leyendo", "s informaci",
    "leer m", "lea tambi", "lee tambi", "ver tambi", "relacionados", "leia", "veja tamb", "weiterlesen", "lesen sie auch",
    "siehe auch", "verwandte", "ähnliche", "leggi anche", "articoli correlati", "lees ook", "gerelateerde",
))
# The label selectors cost lexbor a text search per tag and label (~1.4 ms a page, the
# largest lexbor call of the Document), yet a node counts only when its text *opens* with
# a label. Its text is a run of the page's text nodes, so one regex over the page's text
# nodes joined by "\x00" (which no label holds), asking for a label right after a node
# boundary, says whether any node can pass: when none can (about 6 pages in 10), the
# selectors are skipped and the result is the same. Whitespace-only nodes may come
# before the label (then the last boundary before it is the one found: \s*+ stops at
# "\x00", so long runs of blank nodes are not scanned again from every boundary in them),
# and the label's own spaces may be node boundaries, hence [\s\x00] where it has \s.
assert _RELATED_LABEL_WORDS.startswith(r"^\s*")
_LABEL_AFTER_BOUNDARY_RE = re.compile(
    r"\x00\s*+" + _RELATED_LABEL_WORDS[len(r"^\s*"):].replace(r"\s", r"[\s\x00]"), re.I
)
_RELATED_MAX_WORDS = 120  # a class-named Related block longer than this must be mostly links
_RELATED_MIN_LINK_SHARE = 0.25

# Blocks whose text is one unit: nested blocks inside them are not returned separately.
_ATOMIC_TAGS = frozenset(("p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "summary"))  # summary: an FAQ question
# Block-level elements that hold text themselves only when no other block is inside.
_CONTAINER_TAGS = frozenset(
    ("li", "td", "th", "dd", "dt", "blockquote", "figcaption", "div", "section", "article", "main", "center", "address")
)
_CANDIDATE_SELECTOR = ", ".join(sorted(_ATOMIC_TAGS | _CONTAINER_TAGS))
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))

_STRIPPED_TAGS = ("script", "style", "noscript", "template")
# Elements that are page furniture wherever they appear.
_BOILERPLATE_TAGS = frozenset(("nav", "aside", "footer", "header", "menu", "select", "button", "dialog"))
# Never text: their content is dropped outright.
_NON_TEXT_TAGS = frozenset(("script", "style", "noscript", "template", "svg", "iframe", "textarea", "head", "title"))
_BOILERPLATE_ROLES = frozenset(("navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog"))

# class/id tokens of furniture. Matched against whole tokens (split on space, - and _)
# so "commentary" or "shared-content" do not count.
_NEGATIVE_TOKENS = frozenset(
    """
    nav navbar navigation menu menus submenu breadcrumb breadcrumbs crumbs sidebar sidebars widget widgets
    footer masthead header topbar comment comments disqus respond reply replies share sharing social
    sharedaddy addtoany sociable related relatedposts yarpp recommended recommendations promo promos
    promotion sponsored sponsor advert advertisement advertising ads ad adsense banner newsletter subscribe
    subscription signup popup modal cookie cookies consent gdpr tags tagcloud tag-cloud taglist categories
    pagination pager author-bio authorbox author-box about-author author-info byline meta postmeta entry-meta
    post-meta caption credits
    trending popular most-popular outbrain taboola skip hidden print toolbar
    toc table-of-contents tableofcontents
    """.split()
)
_POSITIVE_TOKENS = frozenset(
    """
    article articlebody article-body articlecontent article-content content entry entry-content post
    post-content postcontent post-body postbody story story-body storycontent body-text text main
    main-content blog blogpost hentry single
    """.split()
)
_TOKEN_SPLIT_RE = re.compile(r"[\s_\-:]+")
# Substrings that every negative token contains: a quick test before splitting tokens.
_NEGATIVE_SUBSTRING_RE = re.compile(
    "|".join(sorted({t for t in _NEGATIVE_TOKENS if not any(o != t and o in t for o in _NEGATIVE_TOKENS)}))
)

# Weights of the block value (in words).
_LINK_PENALTY = 1.0  # each linked word costs this much on top of not counting
_SHORT_BLOCK_WORDS = 4  # blocks shorter than this (bylines, buttons) are worth nothing
_BOILERPLATE_FACTOR = -1.0  # a block under furniture counts against its container
_LOOSE_TEXT_MIN_WORDS = 10  # a container with blocks inside is itself a block only with
_LOOSE_TEXT_SHARE = 0.3  # this much text of its own outside them
_WRAPPER_SHARE = 0.5  # an element holding more than this share of the page's words is a wrapper
_LINK_DENSE = 0.5  # blocks with more linked words than this share are navigation


def related_sections(tree, foreign_labels: bool = False) -> list:
    """Nodes that hold a "Related:" / "Read more:" block or cue.

    A node counts when its class/id says "related" or "read-more" and it looks like a
    list of links (short, or link-heavy: an article wrapper classed
    "entry-content-read-more" is not one), or when its own text starts with such a
    label (a paragraph "Related: <a>...</a>", a heading "Related posts" together with
    the list that follows it).
    """
    found = []
    # lexbor's selectors narrow the candidates in C; the regexes then decide.
    for node in tree.css(_RELATED_CLASS_SELECTOR):
        attrs = node.attributes
        hay = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if _RELATED_CLASS_RE.search(hay) and node.tag not in ("body", "html", "article", "main") and _looks_like_link_list(node):
            found.append(node)
    labelled = []
    if _may_open_with_label(tree):
        labelled = tree.css(_RELATED_LABEL_SELECTOR) + (tree.css(_RELATED_FOREIGN_LABEL_SELECTOR) if foreign_labels else [])
    for node in labelled:
        full = node.text(deep=True, separator=" ")
        if not _RELATED_LABEL_RE.match(full[:60]):
            continue
        label_only = _is_label_only(node, full)  # "<p>Related:</p>" above a list, like a heading
        if node.tag in _HEADINGS or (node.tag in ("strong", "span", "b") and not node.css_first("a")) or label_only:
            found.append(node)
            # the list after the label: after the label's own block when that block holds
            # only the label ("<p><strong>Read more:</strong></p><ul>", "<div><h3>Related</h3></div><ul>")
            anchor = node
            while _next_element(anchor) is None and anchor.parent is not None and anchor.parent.tag in ("p", "li", "div") \
                    and _is_label_only(anchor.parent):
                anchor = anchor.parent
                found.append(anchor)
            if anchor is node and node.tag in ("strong", "span", "b") and node.parent is not None \
                    and node.parent.tag in ("p", "li", "div") and _is_label_only(node.parent):
                anchor = node.parent  # "<p><strong>Related:</strong></p>", the list after the <p>
            # the next block, and the link cards after it (page builders put each
            # related post in its own <article> or <div>)
            # a label in a paragraph may be a "Read more" button inside the article: what
            # follows such a label is taken only when it is a list of links
            strict = anchor is not node or (label_only and node.tag not in _HEADINGS)
            sib, taken = _next_element(anchor), 0
            while sib is not None and sib.tag in _RELATED_LIST_TAGS and taken < _RELATED_MAX_CARDS:
                if (taken or strict) and not _link_heavy(sib):
                    break
                found.append(sib)
                taken += 1
                sib = _next_element(sib)
            if node.tag in ("strong", "span", "b") and node.parent is not None and node.parent.tag in ("p", "li", "div"):
                found.append(node.parent)
        elif node.css_first("a") is not None and len(full.split()) <= _RELATED_MAX_WORDS and _is_cue(node, full):
            found.append(node)
    return found


def _may_open_with_label(tree) -> bool:
    """Can any element's text open with a Related label (``_LABEL_AFTER_BOUNDARY_RE``)?

    Elements of the label selectors' tags all sit in <body> (the HTML parser moves them
    there); without a body, the selectors are asked.
    """
    body = tree.body
    if body is None:
        return True
    return _LABEL_AFTER_BOUNDARY_RE.search("\x00" + body.text(deep=True, separator="\x00")) is not None


def _is_label_only(node, full: str | None = None) -> bool:
    """A block whose whole text is a Related label ("Related:", "Read more", "You may also
    like") and no link: it names the list that follows it."""
    if full is None:
        full = node.text(deep=True, separator=" ")
    return len(full) <= 60 and _RELATED_LABEL_RE.fullmatch(full.strip()) is not None and node.css_first("a") is None


def _is_cue(node, full: str) -> bool:
    """The label is punctuated, or is the only text before the first link."""
    if _RELATED_CUE_RE.match(full[:60]):
        return True
    first = node.css_first("a")
    before = full.split(first.text(deep=True, separator=" ").strip() or "\0", 1)[0] if first is not None else full
    return _RELATED_CUE_RE.match(before.strip()[:60]) is not None


_RELATED_LIST_TAGS = frozenset(("ul", "ol", "p", "div", "article", "section"))
_RELATED_MAX_CARDS = 12


def _next_element(node):
    sib = node.next
    while sib is not None and not sib.is_element_node:
        sib = sib.next
    return sib


def _words(node) -> int:
    return len(node.text(deep=True, separator=" ").split())


def _link_words(node) -> int:
    return sum(_words(a) for a in node.css("a"))


def _link_heavy(node) -> bool:
    """Mostly link text: a related-post card (title link, maybe an image link and a date)."""
    link_words = _link_words(node)
    return link_words > 0 and link_words >= 0.5 * _words(node)


def _looks_like_link_list(node) -> bool:
    words = _words(node)
    return words <= _RELATED_MAX_WORDS or _link_words(node) >= _RELATED_MIN_LINK_SHARE * words


class _Tree:
    """Parent links and flags of the elements above the candidate blocks.

    Filled lazily: each element's ``.parent`` is asked once, so the cost is the number
    of distinct ancestors, not blocks x depth.
    """

    __slots__ = ("parent", "flag", "root_id", "chain_of")

    def __init__(self, root):
        self.root_id = root.mem_id
        self.parent: dict[int, int | None] = {root.mem_id: None}
        self.flag: dict[int, int] = {}

    def add(self, node) -> int:
        """Register ``node`` and its ancestors up to the root; return its id."""
        nid = node.mem_id
        cur = node
        parent = self.parent
        while cur is not None and cur.mem_id not in parent:
            par = cur.parent
            mid = cur.mem_id
            parent[mid] = par.mem_id if par is not None else None
            flag = _flag(cur)
            if flag:
                self.flag[mid] = flag
            cur = par
        return nid

    def chains(self, nids: list[int]) -> list[tuple[int, ...]]:
        """For each id: itself and its ancestors up to the root, nearest first.

        Blocks share most of their ancestors, so each element's chain is built once
        from its parent's (a tuple join in C) instead of walking up from every block.
        """
        parent = self.parent
        memo: dict[int, tuple[int, ...]] = {}
        self.chain_of = memo  # every element on a chain -> its own chain
        out = []
        for nid in nids:
            chain = memo.get(nid)
            if chain is None:
                path = []
                cur: int | None = nid
                while cur is not None and cur not in memo:
                    path.append(cur)
                    cur = parent.get(cur)
                chain = memo[cur] if cur is not None else ()
                for x in reversed(path):
                    chain = (x, *chain)
                    memo[x] = chain
            out.append(chain)
        return out


# flags: bit 1 = furniture, bit 2 = never text, bit 8 = a link
_FURNITURE, _NON_TEXT, _LINK = 1, 2, 8


# The flag a tag alone decides; other tags (None) are judged by their attributes.
_TAG_FLAG: dict[str, int] = {
    **{t: _NON_TEXT for t in _NON_TEXT_TAGS},
    "a": _LINK,  # a block inside a link is a teaser card: all its words are link text
    **{t: _FURNITURE for t in _BOILERPLATE_TAGS},
    **{t: 0 for t in ("html", "body", "form")},  # class names on these describe the whole page
}


def _flag(node) -> int:
    # ~350 ancestors a page: one dict lookup by tag, one attributes dict, and the
    # rarer attributes only looked up when the element has more than class and id
    flag = _TAG_FLAG.get(node.tag)
    if flag is not None:
        return flag
    attrs = node.attributes
    if not attrs:
        return 0
    class_ = attrs.get("class")
    id_ = attrs.get("id")
    if len(attrs) > (class_ is not None) + (id_ is not None):
        role = attrs.get("role")
        if role and role.lower() in _BOILERPLATE_ROLES:
            return _FURNITURE
        if "hidden" in attrs or attrs.get("aria-hidden") == "true":
            return _FURNITURE
        if (attrs.get("itemprop") or "").lower() == "articlebody":
            return 0
    return _FURNITURE if _names_furniture(class_ or "", id_ or "") else 0


def furniture_named(node) -> bool:
    """Is this element page furniture by its role, hidden state or class/id names
    ("share-bar", "author-box", "comments")? For the elements ``extract_main`` did not
    score (its ``furniture`` map has the rest), so a share bar's links and an author
    box's photo inside the article are not content, as their text is not."""
    return bool(_flag(node) & _FURNITURE)


@lru_cache(maxsize=8192)
def _names_furniture(class_: str, id_: str) -> bool:
    """Pages repeat the same class names hundreds of times: decide each once."""
    hay = f"{class_} {id_}".lower()
    if not _NEGATIVE_SUBSTRING_RE.search(hay):
        return False
    tokens = set(_TOKEN_SPLIT_RE.split(hay))
    tokens.update(hay.split())
    return not tokens.isdisjoint(_NEGATIVE_TOKENS) and tokens.isdisjoint(_POSITIVE_TOKENS)


class _Block:
    __slots__ = ("node", "id", "words", "link_words", "value")

    def __init__(self, node, nid, words, link_words):
        self.node = node
        self.id = nid
        self.words = words
        self.link_words = link_words
        self.value = 0.0


def _text_blocks(root, tree: _Tree) -> list[_Block]:
    """Candidate text blocks under ``root`` in document order, none inside another.

    A paragraph or heading is one block whatever it holds. A container (div, li,
    td...) is a block when no other block is inside it, or when most of its words
    are its own loose text ("<div>text<br>text<h2>..</h2>text</div>", old CMS
    pages): then it is returned whole and the blocks inside it are not.
    """
    candidates = root.css(_CANDIDATE_SELECTOR)
    ids = [tree.add(node) for node in candidates]
    cand_ids = set(ids)
    nearest: dict[int, int | None] = {}
    parent = tree.parent
    for nid in ids:  # the nearest candidate above each candidate (a plain loop: ~600 a page)
        anc = parent.get(nid)
        while anc is not None and anc not in cand_ids:
            anc = parent.get(anc)
        nearest[nid] = anc
    texts = [node.text(deep=True, separator=" ") for node in candidates]
    # Sizes in characters first (len is free); words are counted only for the blocks
    # kept, and for the few containers whose own text might be large enough.
    chars = {nid: len(text) for nid, text in zip(ids, texts)}
    inner_chars: dict[int, int] = {}
    inner: dict[int, list[int]] = {}
    for nid in ids:
        anc = nearest[nid]
        if anc is not None:
            inner_chars[anc] = inner_chars.get(anc, 0) + chars[nid]
            inner.setdefault(anc, []).append(nid)
    text_of = dict(zip(ids, texts))

    blocks = []
    taken: set[int] = set()  # emitted blocks and everything inside them
    for node, nid in zip(candidates, ids):
        anc = nearest[nid]
        if anc is not None and anc in taken:
            taken.add(nid)
            continue
        if node.tag not in _ATOMIC_TAGS and nid in inner and not _has_loose_text(nid, chars, inner_chars, inner, text_of):
            continue  # a wrapper: its blocks speak for it
        taken.add(nid)
        n_words = len(text_of[nid].split())
        if n_words:
            blocks.append(_Block(node, nid, n_words, 0))
    _count_link_words(root, tree, blocks)
    return blocks


def _has_loose_text(nid, chars, inner_chars, inner, text_of) -> bool:
    """Does this container hold enough text of its own, outside the blocks inside it?"""
    loose_chars = chars[nid] - inner_chars[nid]  # includes indentation whitespace
    if loose_chars < _LOOSE_TEXT_MIN_WORDS * 2 or loose_chars < _LOOSE_TEXT_SHARE * chars[nid]:
        return False
    words = len(text_of[nid].split())
    loose = words - sum(len(text_of[i].split()) for i in inner[nid])
    return loose >= _LOOSE_TEXT_MIN_WORDS and loose >= _LOOSE_TEXT_SHARE * words


def _count_link_words(root, tree: _Tree, blocks: list[_Block]) -> None:
    """Set each block's words inside <a>: one pass over the links, not one query per block."""
    by_id = {b.id: b for b in blocks}
    parent = tree.parent
    for a in root.css("a"):
        owner = parent.get(tree.add(a))
        while owner is not None and owner not in by_id:
            owner = parent.get(owner)
        if owner is not None:
            by_id[owner].link_words += len(a.text(deep=True, separator=" ").split())
    for b in blocks:
        b.link_words = min(b.link_words, b.words)


def _block_value(block: _Block, chain_flags: int) -> float:
    """Words of content a block brings; negative for link lists and furniture."""
    if chain_flags & _NON_TEXT:
        return 0.0
    if chain_flags & _FURNITURE:
        return _BOILERPLATE_FACTOR * block.words
    if block.words < _SHORT_BLOCK_WORDS:
        return -_LINK_PENALTY * block.link_words
    return block.words - block.link_words - _LINK_PENALTY * block.link_words


class _Scored:
    """Blocks with their ancestor chains and the per-element word totals."""

    def __init__(self, tree: _Tree, blocks: list[_Block]):
        self.tree = tree
        self.blocks = blocks
        self.chains = tree.chains([b.id for b in blocks])
        # Each element once, children before parents (a chain is one longer than its
        # parent's): word totals flow up and flags flow down without walking every
        # block's whole chain.
        parent = tree.parent
        elements = sorted(tree.chain_of, key=lambda nid: len(tree.chain_of[nid]), reverse=True)
        words: dict[int, int] = {}
        for b in blocks:
            words[b.id] = b.words
        for nid in elements:
            up = parent.get(nid)
            if up is not None:
                words[up] = words.get(up, 0) + words[nid]
        self.words = words
        # A furniture hint on an element that wraps most of the page is a layout
        # class ("Page-ad-margins", "with-sidebar"), not furniture: ignore it.
        cap = _WRAPPER_SHARE * words.get(tree.root_id, 0)
        flag = tree.flag
        self.flag = {nid: (f & ~_FURNITURE if f & _FURNITURE and words.get(nid, 0) > cap else f) for nid, f in flag.items()}
        own = self.flag
        below: dict[int, int] = {}  # element -> the flags of it and every element above it
        for nid in reversed(elements):
            up = parent.get(nid)
            below[nid] = own.get(nid, 0) | (below[up] if up is not None else 0)
        self.below = below
        for b in blocks:
            if below[b.id] & _LINK:
                b.link_words = b.words

    def chain_flags(self, i: int, stop: int | None = None) -> int:
        if stop is None:
            return self.below[self.blocks[i].id]
        flags = 0
        flag = self.flag
        for nid in self.chains[i]:
            if nid == stop:
                break
            if nid in flag:
                flags |= flag[nid]
        return flags

    def best_container(self, excluded: set[int]) -> int:
        """The element whose blocks add up to the most content (never a paragraph).

        Related/Read more blocks count for nothing: they are left out anyway, and a
        short article should not lose to one of its own paragraphs because of them.
        """
        scores: dict[int, float] = {}
        for i, b in enumerate(self.blocks):
            chain = self.chains[i]
            b.value = 0.0 if not excluded.isdisjoint(chain) else _block_value(b, self.chain_flags(i))
            if not b.value:
                continue
            # A paragraph is never the container; a div of loose text may be.
            for nid in chain[1:] if b.node.tag in _ATOMIC_TAGS else chain:
                scores[nid] = scores.get(nid, 0.0) + b.value
        return max(scores, key=scores.__getitem__) if scores else self.tree.root_id

    def keep(self, i: int, container: int, excluded: set[int]) -> bool:
        """Is block ``i`` of the container main content (not furniture, not a link list)?"""
        chain = self.chains[i]
        if container not in chain or not excluded.isdisjoint(chain):
            return False
        b = self.blocks[i]
        if self.chain_flags(i, stop=container) & (_FURNITURE | _NON_TEXT) and not self._entry_title(b, container):
            return False
        return b.link_words <= _LINK_DENSE * b.words


    def _entry_title(self, block: _Block, container: int) -> bool:
        """A heading in the article's own <header> (WordPress "entry-header"): the post title."""
        if block.node.tag not in ("h1", "h2"):
            return False
        cur = block.node.parent
        while cur is not None and cur.mem_id != container:
            if self.flag.get(cur.mem_id, 0) & (_FURNITURE | _NON_TEXT) and cur.tag != "header":
                return False
            cur = cur.parent
        return cur is not None


_TITLE_SEARCH_LEVELS = 2  # how far above the text container the headline may sit


def extract_main(tree, exclude=(), furniture: dict[int, bool] | None = None) -> tuple[list, str]:
    """Return (block nodes of the main content, name of the method used).

    ``furniture``, when given, receives the verdict for every element the scoring
    looked at (``mem_id`` -> furniture?), wrapper rule included, so the Document places
    links and images with the same judgement instead of asking ``furniture_named`` again.
    """
    root = tree.body
    if root is None:
        return [], "empty"
    excluded = {n.mem_id for n in exclude}
    # Script and style text would count as words; they are never shown, so drop them
    # from the tree (document.py reads JSON-LD before calling us).
    tree.strip_tags(list(_STRIPPED_TAGS))
    index = _Tree(root)
    blocks = _text_blocks(root, index)
    if not blocks:
        return [], "empty"
    scored = _Scored(index, blocks)
    if furniture is not None:
        flag = scored.flag
        furniture.update((nid, bool(flag.get(nid, 0) & _FURNITURE)) for nid in index.parent)
    container = scored.best_container(excluded)
    kept = [b.node for i, b in enumerate(blocks) if scored.keep(i, container, excluded)]
    title = _post_title(kept, container)
    if title is not None:
        kept.insert(0, title)
    return kept, "density"


def _post_title(kept: list, container: int):
    """The post's H1 when it sits just above the text container (a theme's entry header).

    Themes put the headline in ``<header class="entry-header">`` beside the
    ``entry-content`` div that holds the text; the headline belongs to the article.
    """
    if not kept or any(n.tag == "h1" for n in kept):
        return None
    node = kept[0].parent
    while node is not None and node.mem_id != container:
        node = node.parent
    for _ in range(_TITLE_SEARCH_LEVELS):
        if node is None or node.tag in ("body", "html"):
            return None
        node = node.parent
        if node is None:
            return None
        h1 = node.css_first("h1")
        if h1 is not None:
            return h1
    return None


def content_root(nodes):
    """The nearest element that holds every block ``extract_main`` returned, or None.

    For callers that ask "is this image/link in the article?" about elements that sit
    between the blocks (an <img> directly under <article>), not inside one.
    """
    if not nodes:
        return None
    chains = []
    for node in nodes:
        chain = []
        cur = node.parent
        while cur is not None:
            chain.append(cur)
            cur = cur.parent
        chains.append(chain[::-1])  # root first
    common = None
    for level in zip(*chains):
        if any(n.mem_id != level[0].mem_id for n in level):
            break
        common = level[0]
    return common
