"""LK001-LK005: a passing and a failing page per check, plus the link-resolution cases."""

from __future__ import annotations

import pytest

from seoaudit.checks import links as L
from seoaudit.document import build_document
from seoaudit.models import RawPage
from seoaudit.registry import CheckContext
from seoaudit.runner import run_check

PAGE_URL = "https://clinic.example/blog/acupuncture-back-pain/"


def doc_of(article: str, head: str = "", url: str = PAGE_URL, aside: str = ""):
    html = (
        f"<html lang='en'><head><title>t</title>{head}</head><body>"
        "<nav><a href='/'>Home</a><a href='/contact/'>Contact</a></nav>"
        f"<article><h1>Acupuncture for back pain</h1>{article}</article>"
        f"<aside>{aside}</aside><footer><a href='/privacy/'>Privacy</a></footer></body></html>"
    )
    return build_document(RawPage(source="t", url=url, body=html.encode()))


def run(func, doc, **opts):
    spec = func.spec
    options = spec.make_options(opts) if opts else spec.default_options()
    return run_check(spec, doc, options, CheckContext())


def verdicts(result):
    return [(e.text, e.verdict, e.status) for e in result.evidence]


INTRO = "<p>Acupuncture can ease chronic low back pain for many adults, as guidelines note.</p>"


def para(links: str) -> str:
    """A content paragraph around ``links``: prose keeps it from looking like a link list."""
    return (
        "<p>Most of our patients with low back pain come in after weeks of stiffness and poor sleep, "
        f"and we always explain the plan before the first needle goes in: {links}. "
        "Treatment is gentle and usually lasts about thirty minutes in total.</p>"
    )


# ---- link resolution and labelling (what the checks rely on) -------------------------


def test_base_href_and_dotdot_relative_links_resolve():
    doc = doc_of(
        "<p>See <a href='../sciatica-relief/'>acupuncture for sciatica</a> and "
        "<a href='neck-pain/'>neck pain treatment</a>.</p>",
        head="<base href='https://clinic.example/services/'>",
    )
    hrefs = {l.text: l.href for l in doc.links}
    # ../ climbs from the <base href>, not from the page URL
    assert hrefs["acupuncture for sciatica"] == "https://clinic.example/sciatica-relief/"
    assert hrefs["neck pain treatment"] == "https://clinic.example/services/neck-pain/"
    assert all(l.internal for l in doc.links)


def test_dotdot_slug_link_without_base_is_internal_and_counted():
    doc = doc_of(INTRO + "<p>Also read <a href='../sciatica-relief/'>acupuncture for sciatica</a>.</p>")
    link = next(l for l in doc.links if l.text == "acupuncture for sciatica")
    assert link.href == "https://clinic.example/blog/sciatica-relief/"
    assert link.context == "content"
    r = run(L.internal_links, doc)
    assert (r.status, r.value) == ("good", 1)


def test_normalise_url_ignores_fragment_trailing_slash_and_www():
    assert L.normalise_url("https://www.clinic.example/blog/x/#top") == L.normalise_url("http://clinic.example/blog/x")
    assert L.normalise_url("https://clinic.example/blog/x/index.html") == L.normalise_url("https://clinic.example/blog/x/")
    assert L.normalise_url("https://clinic.example/blog/x/?p=2") != L.normalise_url("https://clinic.example/blog/x/")


@pytest.mark.parametrize(
    "anchor, problem",
    [
        ("Read more »", "not descriptive"),
        ("Click HERE", "not descriptive"),
        ("this post", "not descriptive"),
        ("Continue reading…", "not descriptive"),
        ("https://clinic.example/blog/sciatica/", "bare URL"),
        ("www.nice.org.uk", "bare URL"),
        ("→", "symbols only"),
        ("", "empty anchor"),
        ("read more about acupuncture for sciatica", ""),
        ("NICE guideline NG59", ""),
    ],
)
def test_anchor_problem(anchor, problem):
    assert L.anchor_problem(anchor, L.GENERIC_ANCHORS) == problem


# ---- LK001 related-links -------------------------------------------------------------


def test_lk001_good_internal_descriptive_related_links():
    doc = doc_of(
        INTRO
        + "<p>Read more: <a href='/blog/acupuncture-sciatica/'>how acupuncture eases sciatica</a>, "
        "<a href='../what-to-expect-first-acupuncture-visit/'>what to expect at your first visit</a></p>"
    )
    assert [l.context for l in doc.related_links] == ["related", "related"]
    r = run(L.related_links, doc)
    assert (r.status, r.value) == ("good", 2)
    assert [e.status for e in r.evidence] == ["good", "good"]
    assert all(e.kind == "link" for e in r.evidence)
    assert r.evidence[0].detail == "https://clinic.example/blog/acupuncture-sciatica/"


def test_lk001_none_is_bad():
    doc = doc_of(INTRO + para("<a href='/book/'>our Edmonton clinic</a>"))
    r = run(L.related_links, doc)
    assert (r.status, r.value) == ("bad", 0)


def test_lk001_self_link_and_external_are_bad_items():
    doc = doc_of(
        INTRO
        + "<p>Related: <a href='https://clinic.example/blog/acupuncture-back-pain/#top'>acupuncture and back pain</a></p>"
        "<p>Read more: <a href='https://other.example/back-pain'>back pain exercises</a></p>"
    )
    r = run(L.related_links, doc)
    assert r.status == "bad"  # every related link is self or external
    assert [(v, s) for _, v, s in verdicts(r)] == [("links to this page", "bad"), ("external link", "bad")]


def test_lk001_read_more_anchor_is_ok_not_good():
    doc = doc_of(
        INTRO
        + "<p>Related: <a href='/blog/acupuncture-sciatica/'>acupuncture for sciatica</a></p>"
        "<p>Read more: <a href='/blog/neck-pain/'>read more</a></p>"
    )
    r = run(L.related_links, doc)
    assert (r.status, r.value) == ("ok", 2)
    assert ("read more", "not descriptive", "bad") in verdicts(r)
    # the message names the weak link and why: a terminal or CI line shows only the message
    assert r.message == "1 of 2 related links has a problem: 'read more' (not descriptive)."


def test_lk001_same_exact_match_anchor_everywhere_is_flagged():
    doc = doc_of(
        INTRO
        + "<div class='related-posts'><h3>Related posts</h3><ul>"
        "<li><a href='/blog/a/'>acupuncture Edmonton</a></li>"
        "<li><a href='/blog/b/'>Acupuncture Edmonton</a></li>"
        "<li><a href='/blog/c/'>acupuncture edmonton</a></li></ul></div>"
    )
    r = run(L.related_links, doc)
    assert (r.status, r.value) == ("ok", 3)
    assert {e.verdict for e in r.evidence} == {"same anchor as another related link"}
    assert all(e.status == "ok" for e in r.evidence)  # weak, not broken


def test_lk001_same_anchor_for_the_same_target_is_not_flagged():
    doc = doc_of(
        INTRO
        + "<p>Related: <a href='/blog/acupuncture-sciatica/'>acupuncture for sciatica</a></p>"
        "<p>Read more: <a href='/blog/acupuncture-sciatica/#faq'>acupuncture for sciatica</a></p>"
    )
    assert run(L.related_links, doc).status == "good"


def test_lk001_a_nofollow_related_link_is_weak():
    # LK002 says a nofollow link passes nothing: LK001 must not call the same link good
    doc = doc_of(INTRO + "<p>Related: <a href='/blog/sciatica/' rel='nofollow'>acupuncture for sciatica</a>"
                 " and <a href='/blog/neck/'>acupuncture for neck pain</a></p>")
    r = run(L.related_links, doc)
    assert r.status == "ok"
    assert [e.verdict for e in r.evidence] == ["nofollow: passes no authority to the post", "internal, descriptive"]


def test_lk001_a_draft_linking_its_own_slug_links_to_itself():
    from seoaudit.files import page_from_bytes

    md = (b"---\ntitle: Acupuncture for back pain\nslug: acupuncture-back-pain\n---\n"
          b"Acupuncture can ease chronic low back pain for many adults.\n\n"
          b"Related: [acupuncture for back pain](/blog/acupuncture-back-pain/) and [neck pain care](/blog/neck-pain/)\n")
    doc = build_document(page_from_bytes(md, "markdown", source="d.md", url="file:///drafts/d.md"))
    r = run(L.related_links, doc)
    assert [e.verdict for e in r.evidence] == ["links to this page", "internal, descriptive"]
    # the service page of the same name is another page (review finding: it was "this page")
    service = md.replace(b"(/blog/acupuncture-back-pain/)", b"(/services/acupuncture-back-pain/)")
    doc = build_document(page_from_bytes(service, "markdown", source="d.md", url="file:///drafts/d.md"))
    assert run(L.related_links, doc).evidence[0].verdict == "internal, descriptive"


def test_lk001_marks_the_targets_its_site_knows_broken_whatever_its_verdict():
    """The targets come from ``ctx.site`` (a URL audit's requests, the local posts in ``check``):
    a broken one is marked and counted in the message, the status and score stay the anchors'."""
    from seoaudit.crawl import LinkStatus
    from seoaudit.site import Site
    from seoaudit.urls import url_key

    def lk001(doc, broken: tuple[str, ...]):
        site = Site(link_statuses={url_key(href): LinkStatus(href, 404, href) for href in broken})
        return run_check(L.related_links.spec, doc, L.related_links.spec.default_options(), CheckContext(site=site))

    fine = "https://clinic.example/blog/neck-pain/"
    doc = doc_of(INTRO + f"<p>Related: <a href='{fine}'>acupuncture for neck pain</a>, "
                 "<a href='https://clinic.example/blog/knee-pain/'>acupuncture for knee pain</a></p>")
    unknown, known = lk001(doc, ()), lk001(doc, (fine,))
    assert (known.status, known.score) == (unknown.status, unknown.score) == ("good", 100.0)
    assert verdicts(known)[0] == ("acupuncture for neck pain", "descriptive anchor; target broken: HTTP 404 (ST001)", "bad")
    assert verdicts(known)[1] == verdicts(unknown)[1]
    assert known.message == unknown.message + " 1 of the 2 targets is broken (see ST001 broken-link-targets)."
    # every Related link fails on its own (a link to this page), and its target is broken too
    self_link = doc_of(INTRO + f"<p>Related: <a href='{PAGE_URL}'>acupuncture for back pain</a></p>")
    unknown, known = lk001(self_link, ()), lk001(self_link, (PAGE_URL,))
    assert (known.status, known.score) == (unknown.status, unknown.score) and known.status == "bad"
    assert verdicts(known) == [("acupuncture for back pain", "links to this page; target broken: HTTP 404 (ST001)", "bad")]
    assert known.message == unknown.message + " Its target is broken (see ST001 broken-link-targets)."


def test_lk001_a_drafts_links_to_its_own_site_suggest_site_url():
    from seoaudit.files import page_from_bytes

    md = (b"---\ntitle: Acupuncture for back pain\n---\nAcupuncture can ease chronic low back pain for many adults.\n\n"
          b"Related: [acupuncture for sciatica](https://clinic.example/blog/sciatica/)\n")
    doc = build_document(page_from_bytes(md, "markdown", source="d.md", url="file:///drafts/d.md"))
    r = run(L.related_links, doc)
    assert r.status == "bad" and "set site_url (or a canonical)" in r.message
    with_site = build_document(page_from_bytes(md, "markdown", source="d.md", url="file:///drafts/d.md"), site_url="https://clinic.example/")
    assert run(L.related_links, with_site).status == "good"


def test_lk001_text_cue_judges_anchor_only():
    cue = "<p class='related'>Related: <a href='#cue' data-cue='1'>{}</a></p>"
    url = "file:///tmp/massage.txt"
    good = doc_of(INTRO + cue.format("massage for tension headaches"), url=url)
    r = run(L.related_links, good)
    assert r.status == "good"
    assert "cannot be checked" in r.evidence[0].verdict
    bad = doc_of(INTRO + cue.format("click here"), url=url)
    r = run(L.related_links, bad)
    assert r.status == "bad"  # the only related link says nothing: no working Related link
    assert r.evidence[0].status == "bad"
    mixed = doc_of(INTRO + cue.format("click here") + cue.format("massage for tension headaches"), url=url)
    assert run(L.related_links, mixed).status == "ok"


def test_lk001_local_file_uses_canonical_host_as_site():
    doc = doc_of(
        INTRO + "<p>Read more: <a href='https://clinic.example/blog/acupuncture-sciatica/'>acupuncture for sciatica</a></p>",
        head="<link rel='canonical' href='https://clinic.example/blog/acupuncture-back-pain/'>",
        url="file:///home/me/posts/acupuncture.html",
    )
    assert run(L.related_links, doc).status == "good"


def test_a_drafts_relative_links_resolve_against_its_canonical_url():
    """A saved draft with a canonical is judged as the published page: "/blog/x/" is
    https://clinic.example/blog/x/ (it resolved to file:///blog/x/ and was 'external')."""
    doc = doc_of(
        INTRO + "<p>Read more: <a href='/blog/acupuncture-sciatica/'>acupuncture for sciatica</a></p>"
        + para("See <a href='../acupuncture-neck-pain/'>acupuncture for neck pain</a>."),
        head="<link rel='canonical' href='https://clinic.example/blog/acupuncture-back-pain/'>",
        url="file:///home/me/drafts/acupuncture.html",
    )
    hrefs = {l.text: (l.href, l.internal) for l in doc.links}
    assert hrefs["acupuncture for sciatica"] == ("https://clinic.example/blog/acupuncture-sciatica/", True)
    assert hrefs["acupuncture for neck pain"] == ("https://clinic.example/blog/acupuncture-neck-pain/", True)
    assert run(L.related_links, doc).status == "good"
    assert run(L.internal_links, doc).value == 2
    # without a canonical the file's own location is all there is
    plain = doc_of(INTRO + "<p>Read more: <a href='/blog/acupuncture-sciatica/'>acupuncture for sciatica</a></p>",
                   url="file:///home/me/drafts/acupuncture.html")
    assert next(l.href for l in plain.links if l.text == "acupuncture for sciatica") == "file:///blog/acupuncture-sciatica/"


# ---- LK002 internal-links ------------------------------------------------------------


def test_lk002_counts_content_links_not_nav_or_footer():
    doc = doc_of(
        INTRO + para("<a href='/acupuncture/'>our acupuncture service</a> or "
        "<a href='/book/'>book an appointment</a>; <a href='#faq'>jump to FAQ</a>"),
        aside="<a href='/blog/other/'>Recent post</a>",
    )
    r = run(L.internal_links, doc)
    assert (r.status, r.value) == ("good", 2)


def test_lk002_none_is_bad_and_only_nofollow_is_ok():
    none = doc_of(INTRO + para("<a href='https://www.nice.org.uk/guidance/ng59'>NICE NG59</a>"))
    assert run(L.internal_links, none).status == "bad"
    nofollow = doc_of(INTRO + para("<a rel='nofollow' href='/book/'>book an appointment</a>"))
    r = run(L.internal_links, nofollow)
    assert (r.status, r.value) == ("ok", 1)


def test_lk002_self_link_does_not_count():
    doc = doc_of(INTRO + para("<a href='/blog/acupuncture-back-pain'>this article on back pain</a>"))
    assert run(L.internal_links, doc).status == "bad"


# ---- LK003 outbound-links ------------------------------------------------------------


def test_lk003_followed_citation_is_good():
    doc = doc_of(INTRO + para("<a href='https://www.nice.org.uk/guidance/ng59'>NICE NG59</a> and "
                 "<a href='/acupuncture/'>our service</a>"))
    r = run(L.outbound_links, doc)
    assert (r.status, r.value) == ("good", 1)


def test_lk003_none_or_nofollow_is_ok():
    none = doc_of(INTRO + para("<a href='/acupuncture/'>our service</a>"),
                  aside="<a href='https://facebook.com/clinic'>Facebook</a>")
    r = run(L.outbound_links, none)
    assert (r.status, r.value) == ("ok", 0)
    nofollow = doc_of(INTRO + para("<a rel='nofollow sponsored' href='https://shop.example/'>pillow shop</a>"))
    r = run(L.outbound_links, nofollow)
    assert (r.status, r.value) == ("ok", 1)


# ---- LK004 link-text -----------------------------------------------------------------


def test_lk004_descriptive_links_pass():
    doc = doc_of(INTRO + para("<a href='/acupuncture/'>our acupuncture service</a>, "
                 "<a href='/book/'><img src='b.png' alt='Book an acupuncture appointment'></a>, "
                 "<a href='#risks'>here</a>") + "<h2 id='risks'>Risks</h2>")
    r = run(L.link_text, doc)
    assert (r.status, r.value) == ("good", 0)  # image alt counts; in-page jumps skipped


def test_lk004_one_generic_is_ok_two_is_bad():
    one = doc_of(INTRO + para("to book, <a href='/book/'>click here</a>"))
    assert (run(L.link_text, one).status, run(L.link_text, one).value) == ("ok", 1)
    two = doc_of(INTRO + para("to book, <a href='/book/'>click here</a> <a href='/acupuncture/'></a>"))
    r = run(L.link_text, two)
    assert (r.status, r.value) == ("bad", 2)
    assert {e.verdict for e in r.evidence} == {"not descriptive", "empty anchor"}
    assert r.message.endswith("text that does not describe the target: 'click here', an empty anchor.")
    assert run(L.link_text, two, max_ok=2).status == "ok"
    # a repeated anchor is named once with its count, so the list adds up to the count
    three = doc_of(INTRO + para("<a href='/a/'>click here</a>, <a href='/b/'>click here</a>, <a href='/c/'>here</a>"))
    assert run(L.link_text, three).message.endswith("3 links have text that does not describe the target: 'click here' (2 times), 'here'.")


def test_lk004_thumbnail_link_beside_a_worded_link_is_not_an_empty_anchor():
    doc = doc_of(INTRO + para("<a href='/blog/sciatica/'><img src='t.jpg' alt=''></a> "
                              "<a href='/blog/sciatica/'>acupuncture for sciatica</a>"))
    assert run(L.link_text, doc).status == "good"
    lonely = doc_of(INTRO + para("<a href='/blog/sciatica/'><img src='t.jpg' alt=''></a> and more"))
    assert run(L.link_text, lonely).value == 1


def test_lk004_an_icon_link_is_named_by_its_aria_label_or_title():
    icons = doc_of(INTRO + para("<a href='https://www.facebook.com/sharer/sharer.php?u=x' aria-label='Share on Facebook'><svg></svg></a> "
                                "<a href='tel:+17805550142' title='Call our Edmonton clinic'><svg></svg></a>"))
    r = run(L.link_text, icons)
    assert (r.status, r.value) == ("good", 0)
    assert run(L.link_text, doc_of(INTRO + para("<a href='/contact/'><svg></svg></a>"))).evidence[0].verdict == "empty anchor"


def test_lk004_no_links_is_na():
    assert run(L.link_text, doc_of(INTRO)).status == "na"


# ---- LK005 unsafe-links --------------------------------------------------------------


def test_lk005_clean_links_pass():
    doc = doc_of(INTRO + para("<a href='https://pubmed.ncbi.nlm.nih.gov/28192793/'>a 2017 review</a>, "
                 "<a href='mailto:info@clinic.example'>email us</a>, <a href='tel:+17805550123'>call</a>"))
    r = run(L.unsafe_links, doc)
    assert (r.status, r.value) == ("good", 0)


@pytest.mark.parametrize(
    "href, verdict",
    [
        ("javascript:openBooking()", "javascript: link"),
        ("", "empty href"),
        ("www.nice.org.uk/guidance/ng59", "missing http(s):// (resolves to a path on this site)"),
        ("http://[nice.org.uk/", "malformed href"),
        ("htps://nice.org.uk/", "unknown scheme 'htps:'"),
        ("https://nice org.uk/", "malformed host"),
        ("mailto:", "mailto: link without an address"),
        ("mailto:?", "mailto: link without an address"),
        ("sms:", "sms: link without an address"),
        ("tel:?x=1", "tel: link without an address"),
        ("ttps://clinic.example/", "unknown scheme 'ttps:'"),
        ("http://localhost:8000/blog/sciatica/", "development URL"),
    ],
)
def test_lk005_bad_hrefs(href, verdict):
    doc = doc_of(INTRO + para(f"<a href=\"{href}\">book your acupuncture visit</a>"))
    r = run(L.unsafe_links, doc)
    assert (r.status, r.value) == ("bad", 1)
    assert r.evidence[0].verdict == verdict


@pytest.mark.parametrize("href", [
    "mailto:?subject=Acupuncture%20for%20back%20pain&body=https://clinic.example/blog/x/",  # share by email
    "sms:?body=https://clinic.example/blog/x/",
    "whatsapp://send?text=https://clinic.example/blog/x/",
    "fb-messenger://share?link=https%3A%2F%2Fclinic.example%2Fblog%2Fx%2F",
    "viber://forward?text=x",
])
def test_lk005_share_buttons_are_not_malformed_links(href):
    """Share bars inside posts write app schemes and address-less mailto: links on purpose."""
    doc = doc_of(INTRO + para(f"<a href=\"{href}\">share this post</a>"))
    assert run(L.unsafe_links, doc).status == "good"


def test_lk005_relative_links_of_a_page_previewed_on_localhost_are_fine():
    # `hugo server` / a CI preview: the page is at localhost, its site links resolve there
    preview = "http://localhost:1313/blog/acupuncture-back-pain/"
    doc = doc_of(INTRO + para("<a href='/services/acupuncture/'>our acupuncture service</a>, "
                              "<a href='../sciatica/'>acupuncture for sciatica</a>"), url=preview)
    assert run(L.unsafe_links, doc).status == "good"
    # a host written into the post is still a development URL, wherever it is previewed
    doc = doc_of(INTRO + para("<a href='http://localhost:1313/contact/'>contact us</a>"), url=preview)
    r = run(L.unsafe_links, doc)
    assert (r.status, r.evidence[0].verdict) == ("bad", "development URL")
    doc = doc_of(INTRO + para("<a href='//localhost:1313/contact/'>contact us</a>"), url=preview)
    assert run(L.unsafe_links, doc).status == "bad"


def test_lk005_http_on_https_page_is_a_warning_that_can_be_turned_off():
    doc = doc_of(INTRO + para("<a href='http://www.acupuncture.org.uk/'>the British Acupuncture Council</a>"))
    r = run(L.unsafe_links, doc)
    assert (r.status, r.value) == ("ok", 1)
    assert run(L.unsafe_links, doc, warn_insecure_http="false").status == "good"


def test_lk005_javascript_link_in_nav_is_not_the_writers():
    doc = doc_of(INTRO + para("<a href='/book/'>book a visit</a>"),
                 aside="<a href='javascript:void(0)'>Menu</a>")
    assert run(L.unsafe_links, doc).status == "good"


def test_every_check_documents_itself():
    for func in L.CHECKS:
        spec = func.spec
        assert spec.code.startswith("LK") and spec.category == "links"
        assert "Passes" in spec.doc and "Fails" in spec.doc


def test_lk001_thumbnail_links_in_related_cards_are_not_counted_twice():
    doc = doc_of(
        INTRO
        + "<div class='related-posts'><h3>Related posts</h3><ul>"
        "<li><a href='/blog/a/'><img src='a.jpg' alt=''></a><a href='/blog/a/'>acupuncture for sciatica</a></li>"
        "<li><a href='/blog/b/'><img src='b.jpg' alt=''></a><a href='/blog/b/'>cupping myths</a></li></ul></div>"
    )
    r = run(L.related_links, doc)
    assert (r.status, r.value) == ("good", 2)


@pytest.mark.parametrize("anchor", ["cliquez ici", "Lire la suite »", "ici", "Leer más", "haga clic aquí", "aquí"])
def test_lk004_french_and_spanish_generic_anchors(anchor):
    doc = doc_of(INTRO + para(f"voir <a href='/book/'>{anchor}</a>"))
    assert run(L.link_text, doc).value == 1


def test_a_text_cue_shows_no_internal_marker(tmp_path):
    """A text post's "Related: Dental implant aftercare tips" cue showed its internal "#cue" href."""
    from seoaudit.document import build_document
    from seoaudit.files import read_file

    post = tmp_path / "post.txt"
    post.write_text("Dental implants in Toronto\n\nImplants replace a missing tooth with a titanium post and a crown.\n\n"
                    "Related: Dental implant aftercare tips\n", encoding="utf-8")
    r = run(L.related_links, build_document(read_file(post)))
    [cue] = [e for e in r.evidence if e.text == "Dental implant aftercare tips"]
    assert cue.detail == "" and "cannot be checked" in cue.verdict


def test_a_text_drafts_related_cues_are_called_cues_not_links(tmp_path):
    from seoaudit.document import build_document
    from seoaudit.files import read_file

    post = tmp_path / "post.txt"
    post.write_text("Massage for neck pain\n\nMassage may ease neck pain for some people, usually for a while.\n\n"
                    "Related: neck stretches for desk workers\nRead more: what to expect at your first massage\n",
                    encoding="utf-8")
    r = run(L.internal_links, build_document(read_file(post)))
    assert (r.status, r.value) == ("good", 2)
    assert r.message == ("The post has 2 Related cues of a text draft: they become internal links once you add their "
                         "addresses in your CMS.")
