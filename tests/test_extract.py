"""Main-content extraction: what is in, what is out, and quality on the real corpus."""

from __future__ import annotations

import importlib.util
import statistics
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from seoaudit.document import build_document
from seoaudit.extract import extract_main, related_sections
from seoaudit.models import RawPage

ARTICLE_PARAS = [
    "Acupuncture for lower back pain has been studied in many randomised trials over the last twenty years.",
    "Most patients in Portland notice a change after four to six sessions, although some need a few more visits.",
    "Our practitioners combine needling with gentle stretching advice so that the benefit lasts between visits.",
]

WORDPRESS_PAGE = f"""<!doctype html><html><head><title>Acupuncture for back pain</title>
<script>var tracking = "script words must never show up";</script></head>
<body class="post-template-default single single-post has-sidebar">
<header class="site-header"><div class="logo">Portland Wellness Clinic</div>
  <nav class="main-navigation"><ul><li><a href="/">Home</a></li><li><a href="/services/">Services and treatments we offer</a></li>
  <li><a href="/contact/">Contact the clinic today</a></li></ul></nav></header>
<div id="page" class="site"><div id="content" class="site-content">
<main id="main" class="site-main">
<article class="post type-post hentry">
  <h1 class="entry-title">Acupuncture for back pain</h1>
  <div class="entry-meta">Posted on 3 May 2024 by Dr Jane Smith</div>
  <div class="entry-content">
    <p>{ARTICLE_PARAS[0]}</p>
    <h2>How many sessions do you need?</h2>
    <p>{ARTICLE_PARAS[1]}</p>
    <ul><li>Session one is an assessment with a full history and a first gentle treatment.</li>
        <li>Later sessions focus on the points that gave the most relief in the first visit.</li></ul>
    <p>{ARTICLE_PARAS[2]}</p>
    <div class="sharedaddy sd-sharing"><h3>Share this:</h3><ul><li><a href="#">Facebook</a></li><li><a href="#">Twitter</a></li></ul></div>
  </div>
  <div class="related-posts"><h3>Related posts</h3><ul>
    <li><a href="/blog/sciatica/">Acupuncture for sciatica: what the research says</a></li>
    <li><a href="/blog/neck-pain/">Neck pain and desk work: five habits that help</a></li></ul></div>
</article>
<div id="comments" class="comments-area"><h2 class="comments-title">2 thoughts on this post</h2>
  <ol class="comment-list"><li class="comment"><p>Great article, it helped me decide to book a first appointment with you.</p></li></ol>
  <div id="respond" class="comment-respond"><form id="commentform" class="comment-form">
    <p class="comment-notes">Your email address will not be published. Required fields are marked.</p>
    <textarea name="comment"></textarea><input type="submit" value="Post Comment"></form></div></div>
</main>
<aside id="secondary" class="widget-area"><section class="widget widget_text"><h2 class="widget-title">Opening hours</h2>
  <div class="textwidget"><p>Monday to Friday from nine in the morning until six in the evening, Saturdays by appointment.</p></div></section></aside>
</div></div>
<footer class="site-footer"><p>Copyright 2024 Portland Wellness Clinic. All rights reserved. Registered in Oregon.</p></footer>
</body></html>"""


def _extract(html: str) -> tuple[list, str]:
    tree = LexborHTMLParser(html)
    return extract_main(tree, exclude=related_sections(tree))


def _texts(html: str) -> list[str]:
    nodes, _ = _extract(html)
    return [" ".join(n.text(deep=True, separator=" ").split()) for n in nodes]


def _joined(html: str) -> str:
    return "\n".join(_texts(html))


def test_wordpress_page_keeps_article_blocks_in_order():
    texts = _texts(WORDPRESS_PAGE)
    positions = [next(i for i, t in enumerate(texts) if t == p) for p in ARTICLE_PARAS]
    assert positions == sorted(positions)
    assert "How many sessions do you need?" in texts
    assert any(t.startswith("Session one is an assessment") for t in texts)
    assert any(t.startswith("Later sessions focus") for t in texts)


def test_wordpress_page_keeps_subheading_as_heading_node():
    nodes, _ = _extract(WORDPRESS_PAGE)
    h2 = [n for n in nodes if n.tag == "h2"]
    assert [" ".join(n.text().split()) for n in h2] == ["How many sessions do you need?"]


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Portland Wellness Clinic",  # header logo
        "Services and treatments we offer",  # nav
        "Share this",  # share bar
        "Acupuncture for sciatica",  # Related posts
        "Related posts",
        "Great article",  # comment
        "Your email address will not be published",  # comment form
        "Opening hours",  # sidebar widget
        "Monday to Friday",
        "Copyright 2024",  # footer
        "script words",  # <script>
    ],
)
def test_wordpress_page_leaves_out_boilerplate(boilerplate):
    assert boilerplate not in _joined(WORDPRESS_PAGE)


def test_page_without_article_or_main():
    html = f"""<html><body>
    <div id="top"><a href="/">Home</a> | <a href="/about/">About</a> | <a href="/blog/">Blog</a></div>
    <div class="wrapper"><div id="left-menu"><ul><li><a href="/a/">Physiotherapy</a></li><li><a href="/b/">Massage</a></li></ul></div>
    <div class="text-column"><h2>Why posture matters</h2><p>{ARTICLE_PARAS[0]}</p><p>{ARTICLE_PARAS[1]}</p><p>{ARTICLE_PARAS[2]}</p></div>
    <div class="sidebar"><p>Call us today for a free fifteen minute phone consultation with a physio.</p></div></div>
    <div id="bottom">Site map and privacy policy and terms of use for this website</div></body></html>"""
    nodes, method = _extract(html)
    texts = [" ".join(n.text().split()) for n in nodes]
    assert texts == ["Why posture matters", *ARTICLE_PARAS]
    assert method


def test_aspnet_form_wrapping_the_whole_body_is_kept():
    html = f"""<html><body><form method="post" action="./Default.aspx" id="form1">
    <div class="aspNetHidden"><input type="hidden" name="__VIEWSTATE" value="abc"></div>
    <div id="menu"><a href="/">Home</a> <a href="/news/">News</a></div>
    <div id="ContentPlaceHolder1_body"><h1>Clinic news</h1><p>{ARTICLE_PARAS[0]}</p><p>{ARTICLE_PARAS[1]}</p></div>
    </form></body></html>"""
    texts = _texts(html)
    assert ARTICLE_PARAS[0] in texts and ARTICLE_PARAS[1] in texts
    assert not any("News" == t for t in texts)


def test_related_posts_list_and_read_more_paragraph_are_excluded():
    html = f"""<html><body><article>
    <p>{ARTICLE_PARAS[0]}</p>
    <p>Read more: <a href="/blog/dry-needling/">Dry needling versus acupuncture</a></p>
    <p>{ARTICLE_PARAS[1]}</p>
    <ul class="related-posts"><li><a href="/blog/a/">Five stretches for a stiff neck</a></li>
      <li><a href="/blog/b/">What to expect at your first visit</a></li></ul>
    <p>{ARTICLE_PARAS[2]}</p></article></body></html>"""
    tree = LexborHTMLParser(html)
    related = related_sections(tree)
    related_tags = {(n.tag, (n.attributes.get("class") or "")) for n in related}
    assert ("ul", "related-posts") in related_tags
    assert ("p", "") in related_tags
    nodes, _ = extract_main(tree, exclude=related)
    texts = [" ".join(n.text().split()) for n in nodes]
    assert texts == ARTICLE_PARAS


def test_a_related_heading_takes_the_link_cards_after_it_not_the_prose():
    """Page builders (Elementor's posts widget) put each related post in its own element
    after a 'You might also like' heading; a paragraph of prose after the cards is not one."""
    html = f"""<html><body><article><h1>Massage for back pain</h1>
    <p>{ARTICLE_PARAS[0]}</p><p>{ARTICLE_PARAS[1]}</p>
    <h2>You might also like</h2>
    <article class="post"><a href="/neck/"><img src="n.jpg" alt=""></a><h3><a href="/neck/">Massage for neck pain</a></h3></article>
    <article class="post"><a href="/sciatica/"><img src="s.jpg" alt=""></a><h3><a href="/sciatica/">Can massage help sciatica?</a></h3></article>
    <p>{ARTICLE_PARAS[2]}</p></article></body></html>"""
    related = related_sections(LexborHTMLParser(html))
    texts = [" ".join(n.text().split()) for n in related]
    assert texts == ["You might also like", "Massage for neck pain", "Can massage help sciatica?"]


_PROSE = "".join(f"<p>Physiotherapy for neck pain helps people in Calgary turn their head again, step {i}.</p>" for i in range(6))
_LIST = '<ul><li><a href="/blog/neck/">Physiotherapy for neck pain</a></li><li><a href="/blog/knee/">Knee pain exercises</a></li></ul>'


@pytest.mark.parametrize("label", [
    "<p>Related:</p>",
    "<p><strong>Read more:</strong></p>",
    "<div><h3>Related posts</h3></div>",
    "<p>You may also like</p>",
])
def test_a_paragraph_holding_only_the_label_takes_the_list_after_it(label):
    # common theme markup: the label in its own block above a list; the list was
    # counted as article text and LK001 said "no Related links"
    html = f"<html><body><article><h1>Neck pain</h1>{_PROSE}{label}{_LIST}</article></body></html>"
    related = related_sections(LexborHTMLParser(html))
    assert "ul" in [n.tag for n in related]
    texts = _texts(html)
    assert not any("Knee pain exercises" in t for t in texts)
    assert sum("Physiotherapy for neck pain helps" in t for t in texts) == 6
    doc = build_document(RawPage(source="t", url="https://clinic.example/blog/neck/", body=html.encode()))
    assert [l.text for l in doc.related_links] == ["Physiotherapy for neck pain", "Knee pain exercises"]


@pytest.mark.parametrize("label", [
    "<div>\n <span> </span><h3>Related</h3></div>",  # whitespace-only text nodes before it
    "<p>\n  <strong>Read more:</strong>\n</p>",
    "<div><strong>READ ALSO</strong></div>",
])
def test_a_label_after_blank_text_or_across_lines_is_still_found(label):
    # related_sections skips lexbor's label search on pages where no text node opens with
    # a label (_LABEL_AFTER_BOUNDARY_RE): that test must not miss these
    html = f"<html><body><article><h1>Neck pain</h1>{_PROSE}{label}{_LIST}</article></body></html>"
    assert "ul" in [n.tag for n in related_sections(LexborHTMLParser(html))]
    plain = html.replace(label, "<p>Our physiotherapists also treat sports injuries.</p>")
    assert related_sections(LexborHTMLParser(plain)) == []


def test_a_read_more_button_inside_the_article_does_not_take_the_prose_after_it():
    # news sites put "Read More" expanders mid-article: the paragraph after is article text
    html = (f"<html><body><article><h1>Neck pain</h1>{_PROSE}<div>Read More</div>"
            "<div><p>Most people with neck pain improve within six weeks with exercise and advice.</p></div>"
            f"{_PROSE}</article></body></html>")
    assert any("improve within six weeks" in t for t in _texts(html))
    assert [n.tag for n in related_sections(LexborHTMLParser(html))] == ["div"]  # the button alone


def test_faq_questions_in_details_summary_are_content():
    html = f"""<html><body><article><h1>Root canal treatment</h1>
    <p>{ARTICLE_PARAS[0]}</p><h2>Frequently asked questions</h2>
    <div class="faq accordion"><details><summary>Does a root canal hurt?</summary>
    <p>With local anaesthetic most people feel pressure but little pain afterwards.</p></details></div>
    <p>{ARTICLE_PARAS[1]}</p></article></body></html>"""
    texts = _texts(html)
    assert "Does a root canal hurt?" in texts
    assert texts.index("Does a root canal hurt?") + 1 == texts.index("With local anaesthetic most people feel pressure but little pain afterwards.")


def test_a_table_of_contents_box_is_not_content():
    html = f"""<html><body><article><h1>Massage for headaches</h1>
    <div id="ez-toc-container" class="ez-toc-v2_0"><div class="ez-toc-title-container"><p class="ez-toc-title">Table of Contents</p></div>
    <nav><ul><li><a href="#a">What causes them</a></li><li><a href="#b">A session</a></li></ul></nav></div>
    <p>{ARTICLE_PARAS[0]}</p><h2 id="a">What causes them</h2><p>{ARTICLE_PARAS[1]}</p></article></body></html>"""
    assert "Table of Contents" not in _texts(html)


def test_article_wrapper_classed_read_more_is_not_a_related_block():
    # nypost: <div class="entry-content entry-content-read-more"> is the article itself.
    body = "".join(f"<p>{p} {p}</p>" for p in ARTICLE_PARAS * 3)
    html = f'<html><body><div class="entry-content entry-content-read-more">{body}</div></body></html>'
    tree = LexborHTMLParser(html)
    assert related_sections(tree) == []
    nodes, _ = extract_main(tree, exclude=[])
    assert len(nodes) == 9


def test_nested_blocks_are_not_duplicated():
    html = f"""<html><body><article>
    <blockquote><p>{ARTICLE_PARAS[0]}</p></blockquote>
    <ul><li><p>{ARTICLE_PARAS[1]}</p></li></ul>
    <div class="entry-content"><div><p>{ARTICLE_PARAS[2]}</p></div></div>
    <table><tr><td>A table cell that holds some text about treatment prices and times.</td></tr></table>
    </article></body></html>"""
    nodes, _ = _extract(html)
    ids = {n.mem_id for n in nodes}
    for n in nodes:  # no returned node has a returned ancestor
        cur = n.parent
        while cur is not None:
            assert cur.mem_id not in ids
            cur = cur.parent
    joined = "\n".join(n.text() for n in nodes)
    for p in ARTICLE_PARAS:
        assert joined.count(p) == 1
    assert "A table cell" in joined


def test_div_with_loose_text_and_line_breaks_is_one_block():
    # Old CMS pages: the article is text and <br> directly inside a div.
    loose = "<br>".join(ARTICLE_PARAS)
    html = f"""<html><body><div id="nav"><a href="/">Home</a> <a href="/x/">Other</a></div>
    <div class="news_view">{loose}<div class="photo"><p>Photo caption text</p></div></div></body></html>"""
    nodes, _ = _extract(html)
    assert len(nodes) == 1 and nodes[0].tag == "div"
    assert all(p in nodes[0].text() for p in ARTICLE_PARAS)


def test_teaser_cards_inside_links_are_not_content():
    cards = "".join(
        f'<div class="card"><a href="/n{i}"><h4>Headline number {i} about clinics</h4><p>{ARTICLE_PARAS[0]}</p></a></div>'
        for i in range(6)
    )
    html = f"""<html><body><div class="story"><p>{ARTICLE_PARAS[1]}</p><p>{ARTICLE_PARAS[2]}</p></div>
    <div class="more-stories">{cards}</div></body></html>"""
    assert _texts(html) == ARTICLE_PARAS[1:]


def test_empty_body_gives_no_blocks():
    nodes, _ = _extract("<html><body></body></html>")
    assert nodes == []


# ---------------------------------------------------------------- real corpus

_BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "extraction_quality.py"


def _bench_module():
    spec = importlib.util.spec_from_file_location("extraction_quality", _BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_mean_f1_on_corpus_subset():
    bench = _bench_module()
    corpus = bench.default_corpus()
    if not (corpus / "manifest.jsonl").exists():
        pytest.skip(f"corpus not found at {corpus}")
    pages = bench.load_pages(corpus, limit=20)
    f1s = [bench.word_prf(bench.ours(p["html"])[0], p["gold"])[2] for p in pages]
    assert len(f1s) == 20
    assert statistics.mean(f1s) >= 0.9


def test_content_root_is_the_article_holding_the_blocks():
    from seoaudit.extract import content_root

    html = f"""<html><body><nav><a href="/">Home</a></nav><article><p>{ARTICLE_PARAS[0]}</p>
    <img src="needles.jpg" alt="Needles"><h2>More about needles and how they are used</h2><p>{ARTICLE_PARAS[1]}</p></article></body></html>"""
    nodes, _ = _extract(html)
    root = content_root(nodes)
    assert root is not None and root.tag == "article"
    assert content_root([]) is None


@pytest.mark.parametrize("lang, label", [
    ("fr", "<p>En savoir plus : <a href='/blog/cou/'>la physiothérapie pour le cou</a></p>"),
    ("fr", "<h3>Sur le même sujet</h3><ul><li><a href='/blog/cou/'>La physiothérapie pour le cou</a></li></ul>"),
    ("es", "<p>Te puede interesar: <a href='/blog/cuello/'>fisioterapia para el cuello</a></p>"),
    ("es", "<p>Sigue leyendo: <a href='/blog/cuello/'>fisioterapia para el cuello</a></p>"),
])
def test_french_and_spanish_related_labels(lang, label):
    body = "".join(f"<p>La physiothérapie aide beaucoup de patients à bouger sans douleur, semaine {i}.</p>" for i in range(6))
    html = f"<html lang='{lang}'><body><article><h1>Dos</h1>{body}{label}</article></body></html>"
    doc = build_document(RawPage(source="t", url="https://clinic.example/blog/dos/", body=html.encode()))
    assert len(doc.related_links) == 1
