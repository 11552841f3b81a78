"""RawPage -> Document: decoding, head fields, link resolution and labelling, sentences."""

from seoaudit.document import build_document
from seoaudit.models import RawPage

PAGE = """<!doctype html>
<html lang="en-CA"><head>
<meta charset="utf-8">
<title>Acupuncture for Back Pain in Edmonton | Clinic</title>
<meta name="description" content="How acupuncture may help back pain.">
<meta name="robots" content="index, follow">
<link rel="canonical" href="https://clinic.example/blog/acupuncture-back-pain/">
<base href="https://clinic.example/blog/">
<script type="application/ld+json">{"@type": "BlogPosting", "headline": "Acupuncture"}</script>
<script type="application/ld+json">{not json</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/services/">Services</a></nav></header>
<article>
<h1>Acupuncture for back pain</h1>
<p>Acupuncture may help lower back pain for some people. Dr. Lee sees patients in Edmonton.</p>
<h2>What to expect</h2>
<p>Your first visit takes an hour. See <a href="../services/acupuncture/">our acupuncture service</a> and <a href="https://pubmed.ncbi.nlm.nih.gov/28192789/" rel="nofollow noopener">the ACP guideline</a>.</p>
<img src="needles.jpg" alt="Acupuncture needles">
<p>Related: <a href="neck-pain/">Acupuncture for neck pain</a></p>
</article>
<footer><p>Clinic, 123 Main St, Edmonton</p><a href="mailto:hi@clinic.example">Email</a></footer>
</body></html>"""


def doc_of(html, url="https://clinic.example/blog/acupuncture-back-pain/", **kw):
    return build_document(RawPage(source="t", url=url, body=html.encode("utf-8") if isinstance(html, str) else html, **kw))


def test_head_fields():
    d = doc_of(PAGE)
    assert d.title == "Acupuncture for Back Pain in Edmonton | Clinic"
    assert d.meta_description == "How acupuncture may help back pain."
    assert d.canonical == "https://clinic.example/blog/acupuncture-back-pain/"
    assert d.lang == "en-CA"
    assert d.robots == ("index", "follow")
    assert d.h1s == ("Acupuncture for back pain",)
    assert d.slug == "acupuncture-back-pain"
    assert d.jsonld[0]["@type"] == "BlogPosting"
    assert d.jsonld[1] == {"@error": "invalid JSON-LD"}


def test_links_resolved_against_base_and_labelled():
    d = doc_of(PAGE)
    by_text = {l.text: l for l in d.links}
    assert by_text["our acupuncture service"].href == "https://clinic.example/services/acupuncture/"
    assert by_text["our acupuncture service"].internal and by_text["our acupuncture service"].context == "content"
    assert by_text["Acupuncture for neck pain"].href == "https://clinic.example/blog/neck-pain/"
    assert by_text["Acupuncture for neck pain"].context == "related"
    assert by_text["Home"].context == "boilerplate"
    assert not by_text["the ACP guideline"].internal and by_text["the ACP guideline"].nofollow
    assert by_text["Email"].scheme == "mailto" and not by_text["Email"].internal


def test_main_content_excludes_nav_footer_related():
    d = doc_of(PAGE)
    assert "Dr. Lee sees patients in Edmonton." in d.text
    assert "Home" not in d.text and "123 Main St" not in d.text
    assert "neck pain" not in d.text
    assert [h.text for h in d.subheadings] == ["What to expect"]
    assert d.images[0].alt == "Acupuncture needles" and d.images[0].in_main


def test_sentences_words_and_positions():
    d = doc_of(PAGE)
    texts = [s.text for s in d.sentences]
    assert texts[0] == "Acupuncture may help lower back pain for some people."
    assert texts[1] == "Dr. Lee sees patients in Edmonton."  # "Dr." does not end a sentence
    assert d.sentences[0].position == 0.0
    assert all(0 <= s.position < 1 for s in d.sentences)
    assert {"acupunctur", "low", "back", "pain"} <= d.sentences[0].tokens
    assert d.word_count == sum(s.word_count for s in d.sentences)


def test_x_robots_tag_header_and_noindex():
    d = doc_of("<html><head><title>x</title></head><body><p>Hi</p></body></html>", headers={"x-robots-tag": "noindex"})
    assert "noindex" in d.robots


def test_decoding_uses_declared_charset_and_falls_back():
    latin = "<html><head><meta charset='windows-1252'><title>Caf\xe9 physio</title></head><body><p>Caf\xe9</p></body></html>".encode("cp1252")
    assert doc_of(latin).title == "Café physio"
    # no declaration, not UTF-8: detected rather than crashing
    undeclared = "<html><head><title>Caf\xe9 \xe0 Montr\xe9al physioth\xe9rapie</title></head><body><p>Caf\xe9</p></body></html>".encode("cp1252")
    assert "Montr" in doc_of(undeclared).title
    bom = "\ufeff<html><head><title>Ünïcode</title></head><body></body></html>".encode("utf-8")
    assert doc_of(bom).title == "Ünïcode"


def test_front_matter_overrides_title_and_slug():
    d = doc_of("<html><head><title>Old</title></head><body><article><p>Text here.</p></article></body></html>", url="file:///posts/x.md", front_matter={"title": "New title", "slug": "acupuncture-edmonton", "description": "Desc"})
    assert d.title == "New title" and d.slug == "acupuncture-edmonton" and d.meta_description == "Desc"
    hugo = doc_of("<html><body><p>Text.</p></body></html>", url="file:///posts/x.md", front_matter={"url": "/treatments/dry-needling/"})
    assert hugo.slug == "dry-needling"  # Hugo's url: the path the post is published at
    pattern = doc_of("<html><body><p>Text.</p></body></html>", url="file:///posts/cupping.md", front_matter={"permalink": "/blog/:title/"})
    assert pattern.slug == "cupping"


def test_a_drafts_slug_is_its_canonical_urls():
    """A saved draft is published at its canonical URL: KW007 and LC001 judge that slug,
    not the file name; a site-root canonical or none leaves the file name."""
    page = "<html><head><title>t</title>{}</head><body><p>Text.</p></body></html>"
    canonical = "<link rel='canonical' href='https://clinic.example/blog/massage-lower-back-pain/'>"
    assert doc_of(page.format(canonical), url="file:///home/me/draft-3.html").slug == "massage-lower-back-pain"
    assert doc_of(page.format(""), url="file:///home/me/draft-3.html").slug == "draft-3"
    root = "<link rel='canonical' href='https://clinic.example/'>"
    assert doc_of(page.format(root), url="file:///home/me/draft-3.html").slug == "draft-3"
    published = doc_of(page.format(canonical), url="https://clinic.example/blog/other-slug/")
    assert published.slug == "other-slug"  # a page on the web keeps its own URL's slug
    # a built page (public/blog/x/index.html) is published as its folder, like a Hugo bundle
    assert doc_of(page.format(""), url="file:///site/public/blog/dry-needling/index.html").slug == "dry-needling"
    assert doc_of(page.format(""), url="https://clinic.example/index.html").slug == "index"  # the web page's own URL


def test_site_url_makes_a_draft_without_canonical_link_its_own_site():
    page = ("<html><head><title>t</title>{}</head><body><article><h1>Post</h1><p>See "
            "<a href='https://www.clinic.example/blog/sciatica/'>acupuncture for sciatica</a> and "
            "<a href='/blog/neck-pain/'>neck pain</a>.</p></article></body></html>")
    without = doc_of(page.format(""), url="file:///repo/content/posts/back-pain.html")
    assert [l.internal for l in without.links] == [False, True]  # the draft does not say its host
    draft = build_document(RawPage(source="t", url="file:///repo/content/posts/back-pain.html", body=page.format("").encode()),
                           site_url="https://clinic.example/")
    assert [(l.href, l.internal) for l in draft.links] == [
        ("https://www.clinic.example/blog/sciatica/", True), ("https://clinic.example/blog/neck-pain/", True)]
    assert draft.slug == "back-pain"  # the site root says nothing about the path
    # a canonical says where the draft is published (its links resolve there), and the
    # configured site stays the clinic's own too (a canonical copied from another clinic's
    # template must not make its links external); a page on the web ignores site_url
    other = "<link rel='canonical' href='https://preview.example/blog/back-pain/'>"
    declared = build_document(RawPage(source="t", url="file:///repo/x.html", body=page.format(other).encode()), site_url="https://clinic.example/")
    assert declared.site_hosts == frozenset({"preview.example", "clinic.example"})
    assert [l.href for l in declared.links][1] == "https://preview.example/blog/neck-pain/"
    web = build_document(RawPage(source="t", url="https://other.example/p/", body=page.format("").encode()), site_url="https://clinic.example/")
    assert web.site_hosts == frozenset({"other.example"}) and web.site_url == ""


def test_empty_and_garbage_pages_do_not_crash():
    for body in (b"", b"\x00\x01\x02", b"<html>", b"<<<>>>", "<p>".encode() * 5000):
        d = doc_of(body)
        assert d.word_count >= 0


def test_hand_joined_hrefs_equal_urljoin():
    """_resolve_href/_join skip urljoin for absolute and root-relative hrefs: same results."""
    from urllib.parse import urljoin, urlsplit

    from seoaudit.document import _join, _resolve_href, _same_site

    bases = ["https://Example.COM/blog/post/", "http://a.b:8080/x?y#z", "https://x.example", "https://user@x.example/a",
             "file:///tmp/a.html", "https://[::1]/a", "HTTPS://X.EXAMPLE/a/b", "https://www.x.example/a"]
    hrefs = ["/", "/a", "/a b?c=d#e", "/a/./b", "/a/../b", "//cdn.x/y", "/?q", "/#f", "/%2e%2e/x", "/a\\b", "/é",
             "a/b", "../c", "#top", "?q=1", "/a;p?q", "/.hidden", "/a/.", "https://X.example/p", "HTTP://x.example/./a", "HTTPS://x.example/p", "Http://x.example", "/p\nq", "/p\tq", "https://x.example/p\r\nq", "/p\x00q",
             "/a?", "/a#", "/a?#f", "/a#f#", "https://x.example/a?", "https://x.example?", "https://x.example/a#", "https://x.example/a?#"]
    for base in bases:
        for href in hrefs:
            joined = urljoin(base, href)
            assert _join(base, href) == joined, (base, href)
            for page_host in ("example.com", "x.example", "a.b"):
                resolved, scheme, internal = _resolve_href(href, base, frozenset({page_host}))
                assert resolved == joined, (base, href)
                assert scheme == urlsplit(joined).scheme
                assert internal == (scheme in ("http", "https", "file") and _same_site((urlsplit(joined).hostname or "").lower(), frozenset({page_host}))), (base, href, page_host)


def test_published_url_of_a_draft_is_its_http_canonical():
    from seoaudit.urls import published_url_of

    assert published_url_of("file:///d/x.html", "https://clinic.example/blog/x/") == "https://clinic.example/blog/x/"
    assert published_url_of("file:///d/x.html", "HTTPS://clinic.example/") == "HTTPS://clinic.example/"
    assert published_url_of("file:///d/x.html", "/blog/x/") is None  # relative: no published page to name
    assert published_url_of("https://clinic.example/blog/x/", "https://clinic.example/blog/x/") is None  # not a draft


def test_sentences_by_block_and_block_positions():
    d = doc_of(b"<html><body><article><h1>T</h1><p>One sentence here. Two sentences here.</p>"
               b"<h2>Sub</h2><p>Three words here.</p><h2>Last heading</h2></article></body></html>")
    kinds = [b.kind for b in d.blocks]
    assert kinds == ["h1", "p", "h2", "p", "h2"]
    assert {i: len(ss) for i, ss in d.sentences_by_block.items()} == {1: 2, 3: 1}
    first, third = d.sentences_by_block[1][0], d.sentences_by_block[3][0]
    # a heading sits where the text after it starts; nothing after it: the end
    assert d.block_positions == (first.position, first.position, third.position, third.position, 1.0)


# ---- sentence lines in wrapped Markdown and text ------------------------------------------------


def test_sentences_of_wrapped_markdown_and_text_point_at_the_line_they_start_on(tmp_path):
    from seoaudit.files import read_file

    md = tmp_path / "wrapped.md"
    md.write_text(
        "---\ntitle: Knee pain\n---\n\n"  # 1-4
        "Knee pain is **common**. Many people\n"  # 5
        "live with it for years &amp; never ask. Physiotherapy\n"  # 6
        "helps [most of them](/blog/x/).\n"  # 7
        "`Exercise` helps too.\n\n"  # 8
        "- One item that wraps. Its second sentence\n"  # 10 (a tight list: the <li> carries the breaks)
        "  starts on line ten. A third one starts here\n"  # 11
        "  on line eleven.\n\n"  # 12
        "> A quote. Then a second\n> line. And a third.\n",  # 14-15
        encoding="utf-8")
    doc = build_document(read_file(md))
    lines = {s.text: s.line for s in doc.sentences}
    assert lines == {
        "Knee pain is common.": 5, "Many people live with it for years & never ask.": 5,
        "Physiotherapy helps most of them.": 6, "Exercise helps too.": 8,
        "One item that wraps.": 10, "Its second sentence starts on line ten.": 10, "A third one starts here on line eleven.": 11,
        "A quote.": 14, "Then a second line.": 14, "And a third.": 15,
    }
    txt = tmp_path / "pasted.txt"
    txt.write_text("Knee pain\n\nKnee pain is common. Many people live\nwith it. Physiotherapy helps\nmost of them.\n\n"
                   "- A list item. Its second sentence\n  wraps. Then\n  a third.\n", encoding="utf-8")
    doc = build_document(read_file(txt))
    assert [(s.text, s.line) for s in doc.sentences] == [
        ("Knee pain is common.", 3), ("Many people live with it.", 3), ("Physiotherapy helps most of them.", 4),
        ("A list item.", 7), ("Its second sentence wraps.", 7), ("Then a third.", 8)]


def test_html_blocks_have_no_line_breaks_and_sentences_no_lines():
    doc = doc_of(PAGE)
    assert all(b.breaks == () for b in doc.blocks) and all(s.line is None for s in doc.sentences)
