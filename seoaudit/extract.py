"""Main-content extraction over a lexbor tree.

``extract_main`` returns the block elements (paragraphs, headings, list items...) of
the article, in document order, never one inside another; navigation, header,
footer, sidebars, comment forms and the Related/Read more block are left out.
"""

from __future__ import annotations

import re

_RELATED_LABEL_RE = re.compile(
    r"^\s*(related(\s+(posts?|articles?|reading|links?))?|read\s+more|you\s+may\s+also\s+like|see\s+also|further\s+reading)\s*[:\-–—]?",
    re.I,
)
_RELATED_CLASS_RE = re.compile(r"(^|[\s_\-])(related|read-?more|yarpp|jp-relatedposts)([\s_\-]|$)", re.I)
_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "dd", "dt", "figcaption")
_DROP = "nav, header, footer, aside, form[role=search], script, style, noscript, template, svg, iframe, [role=navigation], [role=banner], [role=contentinfo], [role=complementary]"


def related_sections(tree) -> list:
    """Nodes that hold a "Related:" / "Read more:" block or cue.

    A node counts when its class/id says "related" or "read-more", or when its own
    text starts with such a label (a paragraph "Related: <a>...</a>", a heading
    "Related posts" together with the list that follows it).
    """
    found = []
    for node in tree.css("[class], [id]"):
        attrs = node.attributes
        hay = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
        if _RELATED_CLASS_RE.search(hay) and node.tag not in ("body", "html", "article", "main"):
            found.append(node)
    for node in tree.css("p, li, div, h2, h3, h4, h5, h6, strong, span"):
        txt = node.text(deep=True, separator=" ")[:60]
        if not _RELATED_LABEL_RE.match(txt):
            continue
        if node.tag in ("h2", "h3", "h4", "h5", "h6") or (node.tag in ("strong", "span") and not node.css_first("a")):
            found.append(node)
            sib = node.next
            while sib is not None and not sib.is_element_node:
                sib = sib.next
            if sib is not None and sib.tag in ("ul", "ol", "p", "div"):
                found.append(sib)
            if node.tag in ("strong", "span") and node.parent is not None:
                found.append(node.parent)
        elif node.css_first("a") is not None and len(txt) < 200:
            found.append(node)
    return found


def extract_main(tree, exclude=()) -> tuple[list, str]:
    """Return (block nodes of the main content, name of the method used)."""
    excluded = {n.mem_id for n in exclude}
    root = None
    method = "body"
    for sel, name in (("article", "article"), ("main", "main"), ("[role=main]", "main"), ("body", "body")):
        cands = tree.css(sel)
        if cands:
            root = max(cands, key=lambda n: len(n.text(deep=True)))
            method = name
            break
    if root is None:
        return [], "empty"
    out = []
    for node in root.css(", ".join(_BLOCK_TAGS)):
        if _under(node, excluded, root) or _in_dropped(node, root):
            continue
        # skip blocks nested in another kept block (li > p): keep the innermost? keep outer.
        par = node.parent
        nested = False
        while par is not None and par.mem_id != root.mem_id:
            if par.tag in _BLOCK_TAGS:
                nested = True
                break
            par = par.parent
        if nested:
            continue
        out.append(node)
    return out, method


def _under(node, ids, stop) -> bool:
    cur = node
    while cur is not None:
        if cur.mem_id in ids:
            return True
        if cur.mem_id == stop.mem_id:
            return False
        cur = cur.parent
    return False


def _in_dropped(node, stop) -> bool:
    cur = node
    while cur is not None and cur.mem_id != stop.mem_id:
        if cur.tag in ("nav", "header", "footer", "aside", "script", "style", "noscript", "template"):
            return True
        cur = cur.parent
    return False
