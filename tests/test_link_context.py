"""Link/image context labelling: the memoised walk equals a plain ancestor walk."""

import gzip
import json
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from seoaudit.document import _BOILERPLATE_TAGS, _common_ancestor, _Contexts
from seoaudit.extract import extract_main, furniture_named, related_sections

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real_pages"


def plain_walk(node, main_ids, related_ids, container_id, furniture):
    """The definition: walk every ancestor of this one element."""
    in_block = boiler = False
    cur = node
    while cur is not None:
        mid = cur.mem_id
        if mid in related_ids:
            return "related"
        if mid in main_ids:
            in_block = True
        if mid == container_id:
            return "content" if (in_block or not boiler) else "boilerplate"
        if cur.tag in _BOILERPLATE_TAGS or furniture.get(mid, furniture_named(cur)):
            boiler = True
        cur = cur.parent
    return "content" if in_block else "boilerplate"


def labels(html: bytes):
    tree = LexborHTMLParser(html)
    related = related_sections(tree)
    furniture: dict[int, bool] = {}
    nodes, _ = extract_main(tree, exclude=related, furniture=furniture)
    main_ids, related_ids = {n.mem_id for n in nodes}, {n.mem_id for n in related}
    container = _common_ancestor(nodes)
    fast = _Contexts(main_ids, related_ids, container, furniture)
    elements = tree.css("a[href], img")
    return [fast.of(e) for e in elements], [plain_walk(e, main_ids, related_ids, container, furniture) for e in elements]


def test_memoised_contexts_equal_plain_walk_on_a_crafted_page():
    html = b"""<html><body><header><nav><a href=/>Home</a></nav></header>
    <article><header><a href=/author/>Dr Lee</a></header><p>Text <a href=/a/>a link</a> here.</p>
    <img src=x.jpg><nav><a href=/n/>nav in article</a></nav><p class=related>Related: <a href=/r/>r</a></p>
    <div class="share-bar"><a href="https://facebook.com/sharer">Share</a></div><div class=author-box><img src=me.jpg alt=Me></div>
    <p>More text about acupuncture and back pain in Edmonton for a while longer.</p></article>
    <aside><a href=/s/>side</a></aside><footer><a href=/f/>foot</a></footer></body></html>"""
    fast, plain = labels(html)
    assert fast == plain
    assert {"content", "related", "boilerplate"} <= set(fast)


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"corpus not found at {CORPUS}")
def test_memoised_contexts_equal_plain_walk_on_real_pages():
    rows = [json.loads(line) for line in (CORPUS / "manifest.jsonl").read_text().splitlines()[:40]]
    for row in rows:
        fast, plain = labels(gzip.decompress((CORPUS / row["html"]).read_bytes()))
        assert fast == plain, row["id"]


def test_share_bars_and_author_boxes_inside_the_article_are_not_content():
    """Their text is dropped by extraction (class names: share, author-box); their links
    and images are not content either."""
    from seoaudit.document import build_document
    from seoaudit.models import RawPage

    html = b"""<html><body><article><h1>Acupuncture for back pain</h1>
    <div class="share-bar"><a href="https://www.facebook.com/sharer/sharer.php?u=x" aria-label="Share on Facebook"><svg></svg></a></div>
    <p>Acupuncture for back pain is one option among several; most people need a few sessions to notice a change.</p>
    <p>See <a href="/services/acupuncture/">our acupuncture service</a> for what a visit involves and what it costs.</p>
    <div class="author-box"><img src="/me.jpg" alt="Mei Lin"><p>Mei Lin is a registered acupuncturist.</p></div>
    </article></body></html>"""
    doc = build_document(RawPage(source="t", url="https://clinic.example/blog/a/", body=html))
    contexts = {l.text: l.context for l in doc.links}
    assert contexts == {"Share on Facebook": "boilerplate", "our acupuncture service": "content"}
    assert [(i.src.rsplit("/", 1)[1], i.in_main) for i in doc.images] == [("me.jpg", False)]
