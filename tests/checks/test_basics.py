"""BA001-BA007: a passing and a failing page per check, and previews of unpublished posts."""

from __future__ import annotations

import pytest

from seoaudit.checks import basics as B
from seoaudit.checks import links as L
from seoaudit.document import build_document
from seoaudit.models import RawPage
from seoaudit.registry import CheckContext
from seoaudit.runner import run_check
from seoaudit.urls import is_preview_host

URL = "https://clinic.example/blog/acupuncture-back-pain/"
ARTICLE = "<h1>Acupuncture for back pain</h1><p>Acupuncture can ease chronic low back pain for many adults.</p>"


def doc_of(head: str = "", article: str = ARTICLE, url: str = URL, html_attrs: str = " lang='en'", headers=None):
    html = f"<html{html_attrs}><head>{head}</head><body><nav><a href='/'>Home</a></nav><article>{article}</article></body></html>"
    return build_document(RawPage(source="t", url=url, body=html.encode(), headers=headers or {}))


def md_doc(body: str, front_matter: str = "title: Tennis elbow\n"):
    from seoaudit.files import page_from_bytes

    text = f"---\n{front_matter}---\n\n{body}"
    return build_document(page_from_bytes(text.encode(), "markdown", source="post.md", url="file:///site/post.md"))


def run(func, doc, **opts):
    spec = func.spec
    return run_check(spec, doc, spec.make_options(opts) if opts else spec.default_options(), CheckContext())


def test_every_basics_check_is_tested_here():
    tested = {"title_length", "meta_description", "single_h1", "canonical", "indexable", "lang", "image_alt"}
    assert {f.__name__ for f in B.CHECKS} == tested


# ---- BA001 title-length ---------------------------------------------------------------


@pytest.mark.parametrize(
    "title, status",
    [
        ("Acupuncture for Back Pain in Edmonton | Riverbend", "good"),
        ("", "bad"),
        ("Back pain", "ok"),  # present but short
        ("Acupuncture for Chronic Low Back Pain in Edmonton: What the Research Says and What to Expect", "bad"),  # far too wide
    ],
)
def test_ba001_title_length(title, status):
    r = run(B.title_length, doc_of(f"<title>{title}</title>"))
    assert r.status == status, r.message
    assert r.value == len(title)


def test_ba001_wide_capitals_count_more_than_narrow_letters():
    assert B.title_pixels("WWWWWWWWWW") > B.title_pixels("iiiiiiiiii") * 2


# ---- BA002 meta-description -----------------------------------------------------------


def test_ba002_meta_description_bands():
    good = "Acupuncture can ease chronic low back pain. What the research says, what a first visit at our Edmonton clinic involves, and what it costs."
    assert 120 <= len(good) <= 156
    assert run(B.meta_description, doc_of(f"<meta name='description' content='{good}'>")).status == "good"
    assert run(B.meta_description, doc_of()).status == "bad"
    assert run(B.meta_description, doc_of("<meta name='description' content='Back pain help.'>")).status == "ok"
    assert run(B.meta_description, doc_of(f"<meta name='description' content='{good} {good}'>")).status == "ok"


def test_ba002_a_markdown_posts_description_is_its_front_matters():
    """"Add a <meta name="description">" to a post whose front matter has one, 1 character too long."""
    long = "x" * 170
    r = run(B.meta_description, md_doc("Text of the post.\n", f"title: Knee pain\ndescription: {long}\n"))
    assert (r.status, r.message) == ("ok", "The front matter's `description` has 170 characters and will be cut after "
                                           "about 156: shorten it by 14 characters.")
    short = run(B.meta_description, md_doc("Text.\n", "title: Knee pain\ndescription: Knee pain explained.\n"))
    assert short.message == "The front matter's `description` has 20 characters; use at least 120."
    missing = run(B.meta_description, md_doc("Text of the post.\n"))
    assert (missing.status, missing.message) == ("bad", "The front matter has no `description`.")
    # an HTML page's message is as it was
    assert run(B.meta_description, doc_of(f'<meta name="description" content="{long}">')).message == \
        "The meta description has 170 characters and will be cut after about 156."


# ---- BA003 single-h1 ------------------------------------------------------------------


def test_ba003_exactly_one_h1():
    assert (run(B.single_h1, doc_of()).status, run(B.single_h1, doc_of()).value) == ("good", 1)
    none = doc_of(article="<h2>Acupuncture for back pain</h2><p>Text of the post about back pain.</p>")
    assert (run(B.single_h1, none).status, run(B.single_h1, none).value) == ("bad", 0)
    two = doc_of(article=ARTICLE + "<h1>Book now</h1>")
    assert (run(B.single_h1, two).status, run(B.single_h1, two).value) == ("bad", 2)


def test_ba003_a_markdown_heading_besides_the_front_matter_title_is_likely_a_second_h1():
    """Hugo/Jekyll themes print the front matter title as the H1: '# Massage Therapy Oakville' in
    the text made two on the live page, while BA003 said "The page has one H1"."""
    r = run(B.single_h1, md_doc("# Massage Therapy Oakville\n\nText of the post.\n", "title: Massage in Oakville\n"))
    assert (r.status, r.value) == ("ok", 1)
    assert r.message.startswith("The text has an H1 of its own ('# Massage Therapy Oakville', line 5) besides the front "
                                "matter's title: most Hugo and Jekyll themes print the title as the page's H1")
    assert [(e.verdict, e.status, e.line) for e in r.evidence] == [("H1 besides the title", "ok", 5)]
    # the title is the H1 when the text has none (as a theme prints it): one H1
    titled = run(B.single_h1, md_doc("Text of the post.\n\n## A section\n", "title: Massage in Oakville\n"))
    assert (titled.status, titled.message) == ("good", "The page has one H1.")
    # no title in the front matter: the heading is the page's only H1
    untitled = run(B.single_h1, md_doc("# Massage Therapy Oakville\n\nText of the post.\n", "draft: false\n"))
    assert untitled.status == "good"
    two = run(B.single_h1, md_doc("# One\n\nText.\n\n# Two\n", "title: Massage in Oakville\n"))
    assert (two.status, two.message) == ("bad", "The page has 2 H1 headings; most themes print the front matter's title as one more.")


# ---- BA004 canonical ------------------------------------------------------------------


@pytest.mark.parametrize(
    "canonical, status, value",
    [
        (URL, "good", "self"),
        ("https://clinic.example/blog/back-pain-guide/", "ok", "other-page"),
        ("/blog/acupuncture-back-pain/", "bad", "relative"),
        ("https://other.example/blog/acupuncture-back-pain/", "bad", "other-host"),
    ],
)
def test_ba004_canonical(canonical, status, value):
    r = run(B.canonical, doc_of(f"<link rel='canonical' href='{canonical}'>"))
    assert (r.status, r.value) == (status, value), r.message


def test_ba004_missing_is_ok_online_and_not_applicable_for_a_local_file():
    assert run(B.canonical, doc_of()).status == "ok"
    assert run(B.canonical, doc_of(url="file:///home/me/post.html")).status == "na"


# ---- BA005 indexable ------------------------------------------------------------------


def test_ba005_noindex_in_meta_or_header_fails():
    assert run(B.indexable, doc_of("<meta name='robots' content='index, follow'>")).status == "good"
    assert run(B.indexable, doc_of("<meta name='robots' content='noindex, follow'>")).status == "bad"
    assert run(B.indexable, doc_of(headers={"x-robots-tag": "noindex"})).status == "bad"


# ---- BA006 lang -----------------------------------------------------------------------


@pytest.mark.parametrize("attrs, status", [(" lang='en-CA'", "good"), ("", "bad"), (" lang='english please'", "bad")])
def test_ba006_lang(attrs, status):
    assert run(B.lang, doc_of(html_attrs=attrs)).status == status


# ---- BA007 image-alt ------------------------------------------------------------------


def test_ba007_images_need_alt_and_empty_alt_is_decorative():
    ok = doc_of(article=ARTICLE + "<p><img src='needles.jpg' alt='Fine acupuncture needles'><img src='line.png' alt=''></p>")
    assert (run(B.image_alt, ok).status, run(B.image_alt, ok).value) == ("good", 0)
    assert run(B.image_alt, ok).message == 'All 2 images have an alt attribute (1 marked decorative with alt="").'
    plain = doc_of(article=ARTICLE + "<p><img src='line.png' alt=''></p>")
    assert run(B.image_alt, plain).message == 'The image is marked decorative with alt="".'  # not "has alt text" (KW009 agrees)
    bad = doc_of(article=ARTICLE + "<p><img src='needles.jpg'><img src='x.jpg' alt='x'></p>")
    r = run(B.image_alt, bad)
    assert (r.status, r.value) == ("bad", 1)
    assert [e.verdict for e in r.evidence] == ["no alt", "ok"]
    assert run(B.image_alt, doc_of()).status == "na"


def test_ba007_an_empty_markdown_description_is_not_decorative():
    """![](x.jpg) was "marked decorative with alt=\"\"" (good): Markdown cannot say so, the author forgot."""
    r = run(B.image_alt, md_doc("Text.\n\n![](/img/taping.jpg)\n\n![A knee taped for running](/img/knee.jpg)\n"))
    assert (r.status, r.value) == ("ok", 1)
    assert r.message.startswith("1 of 2 images has no description: /img/taping.jpg. Describe it in ![...](...) or the "
                                "shortcode's alt=, or confirm it is only decorative")
    assert [(e.verdict, e.status, e.line) for e in r.evidence] == [("no description", "ok", 7), ("ok", "good", 9)]
    # a Hugo figure without alt= is one too; a missing alt attribute (raw HTML) is still bad, and says both
    both = run(B.image_alt, md_doc('Text.\n\n{{< figure src="/img/a.jpg" >}}\n\n<p><img src="/img/b.jpg"></p>\n'))
    assert (both.status, both.value) == ("bad", 1)
    assert both.message == "1 of 2 images has no alt attribute: /img/b.jpg. 1 more image has no description."
    # decorative on purpose: alt="" written in raw HTML or a shortcode
    decided = run(B.image_alt, md_doc('Text.\n\n<img src="/img/line.png" alt="">\n\n{{< img src="/img/dots.png" alt="" >}}\n'))
    assert (decided.status, decided.message) == ("good", 'All 2 images are marked decorative with alt="".')


# ---- previews: a post audited before it is published ------------------------------------


@pytest.mark.parametrize(
    "host, preview",
    [
        ("localhost", True), ("127.0.0.1", True), ("::1", True), ("clinic.test", True), ("blog.local", True),
        ("deploy-preview-42--clinic.netlify.app", True), ("clinic-git-new-post.vercel.app", True), ("abc.clinic.pages.dev", True),
        ("staging.clinic.example", True), ("preview.clinic.example", True),
        ("clinic.example", False), ("www.clinic.example", False), ("devon-physio.example", False), ("staging", False), ("", False),
        ("dev.to", False), ("test.com", False),
    ],
)
def test_preview_hosts(host, preview):
    assert is_preview_host(host) is preview


PUBLISHED = "https://clinic.example/blog/acupuncture-back-pain/"
PREVIEW_ARTICLE = ARTICLE + (
    "<p>See <a href='https://clinic.example/services/acupuncture/'>our acupuncture service</a>, "
    "<a href='/blog/sciatica/'>acupuncture for sciatica</a> and "
    "<a href='https://www.nice.org.uk/guidance/ng59'>the NICE guideline</a>.</p>"
)


@pytest.mark.parametrize("preview_url", ["http://localhost:1313/blog/acupuncture-back-pain/", "https://deploy-preview-7--clinic.netlify.app/blog/acupuncture-back-pain/"])
def test_a_preview_is_judged_as_the_published_page(preview_url):
    doc = doc_of(f"<link rel='canonical' href='{PUBLISHED}'>", article=PREVIEW_ARTICLE, url=preview_url)
    r = run(B.canonical, doc)
    assert (r.status, r.value) == ("good", "published")
    internal = {l.href: l.internal for l in doc.links if l.context == "content"}
    assert internal["https://clinic.example/services/acupuncture/"] is True  # the production host is this site
    assert internal[preview_url.split("/blog/")[0] + "/blog/sciatica/"] is True  # and so is the preview's own
    assert internal["https://www.nice.org.uk/guidance/ng59"] is False
    assert run(L.internal_links, doc).value == 2


def test_a_published_page_with_a_foreign_canonical_is_still_bad():
    doc = doc_of("<link rel='canonical' href='https://other.example/blog/acupuncture-back-pain/'>", article=PREVIEW_ARTICLE)
    assert run(B.canonical, doc).status == "bad"
    internal = {l.href: l.internal for l in doc.links if l.context == "content"}
    assert internal["https://clinic.example/services/acupuncture/"] is True


def test_a_plain_text_post_is_reminded_not_failed_for_its_meta_description(tmp_path):
    """A pasted .txt post cannot hold a meta description; the CMS's SEO field does."""
    from seoaudit.checks import keyword as K
    from seoaudit.files import read_file
    from seoaudit.models import Targeting
    from seoaudit.registry import CheckContext
    from seoaudit.runner import run_check

    post = tmp_path / "post.txt"
    post.write_text("Acupuncture for Back Pain\n\nAcupuncture for back pain is one option among several.\n", encoding="utf-8")
    doc = build_document(read_file(post))
    ctx = CheckContext(targeting=Targeting(keyphrases=("acupuncture for back pain",)))
    # reminders, not failures: a draft cannot hold a meta description (or a slug, KW007), so the
    # score leaves them out and the text summary says it once (reports.base.targeting_notes)
    for func, status in ((B.meta_description, "na"), (next(f for f in K.CHECKS if f.spec.code == "KW006"), "na")):
        r = run_check(func.spec, doc, func.spec.default_options(), ctx)
        assert r.status == status and "CMS" in r.message, (func.spec.code, r.message)


def test_a_local_files_canonical_on_another_clinics_site_is_bad_when_site_url_says_so():
    from seoaudit.files import page_from_bytes

    html = (b"<html lang='en'><head><title>Knee pain</title>"
            b"<link rel='canonical' href='https://other-clinic.example/blog/knee/'></head><body><p>Text.</p></body></html>")
    raw = page_from_bytes(html, "html", source="d.html", url="file:///drafts/d.html")
    ours = build_document(raw, site_url="https://clinic.example/")
    r = run(B.canonical, ours)
    assert r.status == "bad" and "other-clinic.example" in r.message and "clinic.example (site_url)" in r.message
    unknown = run(B.canonical, build_document(raw))
    assert unknown.status == "good" and "Set site_url" in unknown.message
    same = build_document(raw, site_url="https://other-clinic.example/")
    assert run(B.canonical, same).status == "good"



def test_a_foreign_canonical_does_not_make_the_clinics_own_links_external():
    from seoaudit.files import page_from_bytes

    html = (b"<html lang='en'><head><title>Knee pain</title><link rel='canonical' href='https://other-clinic.example/blog/knee/'>"
            b"</head><body><article><h1>Knee pain</h1><p>Physiotherapy helps with knee pain for most people we see.</p>"
            b"<p>Related: <a href='https://clinic.example/blog/hip-pain/'>physiotherapy for hip pain</a></p></article></body></html>")
    doc = build_document(page_from_bytes(html, "html", source="d.html", url="file:///drafts/d.html"), site_url="https://clinic.example/")
    assert [l.internal for l in doc.links] == [True]
    assert run(L.related_links, doc).status == "good"


def test_a_long_title_that_fits_the_width_is_not_said_to_be_truncated():
    title = "Fisioterapia para el dolor de espalda en Madrid: lo que funciona"  # 64 characters, under 600 px
    doc = build_document(RawPage(source="t", url="https://c.example/a/",
                                 body=f"<html><head><title>{title}</title></head><body><h1>x</h1><p>y</p></body></html>".encode()))
    r = run_check(B.title_length.spec, doc, B.title_length.spec.default_options(), CheckContext())
    assert r.status == "ok" and "truncated" not in r.message and "still fits" in r.message, r.message


@pytest.mark.parametrize("name,text", [
    ("post.md", "---\ntitle: Physiotherapy for Knee Pain in Calgary Explained\n---\n\nKnee pain is common.\n"),
    ("post.txt", "Physiotherapy for Knee Pain in Calgary Explained\n\nKnee pain is common.\n"),
])
def test_a_drafts_title_is_measured_with_what_the_site_adds(tmp_path, name, text):
    """A 48-character draft title was 'good'; published as 'Title | Riverbend Physiotherapy Clinic' it was cut off."""
    from seoaudit.files import read_file

    (tmp_path / name).write_text(text, encoding="utf-8")
    doc = build_document(read_file(tmp_path / name))
    spec = B.title_length.spec
    as_written = run_check(spec, doc, spec.default_options(), CheckContext())
    assert as_written.status == "good" and "set the draft_suffix option" in as_written.evidence[0].detail
    published = run_check(spec, doc, spec.make_options({"draft_suffix": "| Riverbend Physiotherapy Clinic"}), CheckContext())
    assert published.status == "bad" and published.value == 48 + len(" | Riverbend Physiotherapy Clinic")
    assert published.message.startswith("The title (with '| Riverbend Physiotherapy Clinic', as published) is about ")
    assert "px wide and will be cut off in search results. The site's '| Riverbend Physiotherapy Clinic' takes 33 of the " \
        "60 characters: shorten the site name in your SEO title template" in published.message  # 27 left: under min_chars
    short = run_check(spec, doc, spec.make_options({"draft_suffix": " | Riverbend Physio"}), CheckContext())  # 605 px
    assert short.status == "ok" and "write at most about 41, or shorten the site name" in short.message
    # a web page's title is as published already
    html = build_document(RawPage(source="t", url="https://c.example/x/", body=b"<html><head><title>Physiotherapy for Knee Pain "
                                  b"in Calgary Explained</title></head><body><p>Knee pain.</p></body></html>"))
    assert run_check(spec, html, spec.make_options({"draft_suffix": " | Riverbend"}), CheckContext()).value == 48


@pytest.mark.parametrize("n,score,said", [
    (157, 96, "157 characters, 1 over 156: search results may cut its last word; shorten it by 1 character."),
    (161, 80, "161 characters, 5 over 156"),
    (168, 60, "168 characters and will be cut after about 156."),
])
def test_a_description_a_few_characters_over_scores_nearly_good(n, score, said):
    """157 and 168 characters both scored 60: one costs a word at most, the other a clause."""
    text = ("Physiotherapy for sciatica in Mississauga: what a first visit involves, which exercises help and when "
            "to see a doctor. " + "x" * 200)[:n]
    doc = build_document(RawPage(source="t", url="https://c.example/x/", body=(
        f"<html><head><title>t</title><meta name='description' content='{text}'></head><body><p>x</p></body></html>").encode()))
    r = run_check(B.meta_description.spec, doc, B.meta_description.spec.default_options(), CheckContext())
    assert r.status == "ok" and r.score == score and said in r.message
