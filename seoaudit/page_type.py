"""What kind of page a Document is: a post, a listing of posts, a site's home page, or
another page of the site (contact, about, services).

seoaudit judges blog posts. A crawl also reaches the home page and the blog's listings
(``/blog/``, ``/blog/page/2/``, tag and category archives): judged as posts they score
"0 words, no Related links" and pull a site's score down. The type is read from what the
page says about itself (JSON-LD ``BlogPosting`` vs ``CollectionPage``), its path (the site
root, ``/page/N/``, ``/tag/``, ``/services/``...), then the weaker signs (``og:type``
article, which SEO plugins put on every page but the home page), then a main content that
is mostly links; a page of a few undated words is not a post. Local files (drafts, a
repository's posts) are always posts.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from .jsonld import doc_jsonld_nodes, types_of

#: JSON-LD types that say "this page is one article": SEO plugins put them on posts only
POST_TYPES = frozenset(("Article", "BlogPosting", "NewsArticle", "MedicalScholarlyArticle", "TechArticle", "Report"))
#: ... and signs that a page may be one, which site pages carry too: Yoast puts og:type
#: "article" on every page but the home page, clinics mark service pages MedicalWebPage
#: and their FAQ page FAQPage; they count only where the path is not a site page's
WEAK_POST_TYPES = frozenset(("MedicalWebPage", "HowTo", "FAQPage"))
#: ... and "this page lists others"
LISTING_TYPES = frozenset(("CollectionPage", "ItemList", "Blog", "SearchResultsPage"))
_ARCHIVE_PATH_RE = re.compile(
    r"/(?:page/\d+|archives?|\d{4}(?:/\d{2})?|(?:tags?|category|categories|topics?|authors?)(?:/[^/]+)?)/?$", re.I)
#: the first path words under which a site keeps its posts ("/blog/", "/fr/actualites/")
BLOG_SECTIONS = frozenset("blog blogue news article articles post posts resources insights actualites noticias magazine".split())
_SECTIONS = "|".join(sorted(BLOG_SECTIONS))
_SECTION_ROOT_RE = re.compile(rf"^/(?:[a-z]{{2}}(?:-[a-z]{{2}})?/)?(?:{_SECTIONS})/?$", re.I)
#: a path inside the blog section (/blog/my-post/): a post however short
_IN_SECTION_RE = re.compile(rf"^/(?:[a-z]{{2}}(?:-[a-z]{{2}})?/)?(?:{_SECTIONS})/[^/]", re.I)
_HOME_RE = re.compile(r"^/(?:[a-z]{2}(?:-[a-z]{2})?/?)?(?:index\.\w+|home/?)?$", re.I)
#: first path words of a clinic site's own pages (not posts): they are "page"
_SITE_PAGE_RE = re.compile(
    r"^/(?:[a-z]{2}(?:-[a-z]{2})?/)?(?:contact(?:-us)?|about(?:-us)?|team|our-team|staff|locations?|hours|book(?:ing)?|"
    r"appointments?|services?|treatments?|pricing|fees|rates|insurance|faq|privacy(?:-policy)?|terms|careers|"
    r"new-patients?|patient-(?:info|information|forms|resources)|forms|direct-billing|what-to-expect|conditions?|"
    r"our-(?:clinic|story|practitioners|therapists|services)|practitioners|therapists|gift-cards?|shop|cart|checkout|"
    r"reviews|testimonials|accessibility|sitemap|thank-you|"
    r"nous-joindre|a-propos|equipe|tarifs|contacto|nosotros|precios)(?:/|$)", re.I)
#: a page with fewer words than this and no sign of being an article is not a post
_STUB_WORDS = 50
#: a page whose main content is this thin and that links this many titled pages lists them
_THIN_WORDS = 100
_TITLE_WORDS = 4
#: a main content this much link text, over this many distinct pages, is a list of links
_LINK_SHARE = 0.5
_MIN_LISTED = 5


def page_type(doc) -> str:
    """"post", "listing", "home" or "page" (computed once per Document)."""
    return doc.derived(("page_type",), _page_type)


def _page_type(doc) -> str:
    if not doc.url.startswith(("http://", "https://")):
        return "post"
    types = set().union(*(types_of(n) for n in doc_jsonld_nodes(doc))) if doc.jsonld else set()
    if types & POST_TYPES:
        return "post"
    path = urlsplit(doc.url).path or "/"
    if _HOME_RE.match(path):
        return "home"
    if types & LISTING_TYPES or _ARCHIVE_PATH_RE.search(path) or _SECTION_ROOT_RE.match(path):
        return "listing"
    if _SITE_PAGE_RE.match(path):
        return "page"
    if types & WEAK_POST_TYPES or (doc.meta.get("og:type") or "").lower() == "article":
        return "post"
    if _mostly_links(doc):
        return "listing"
    if doc.word_count < _STUB_WORDS and not doc.time_elements and not _IN_SECTION_RE.match(path):
        return "page"  # a few words, no date, not in the blog, nothing saying "article": a stub or utility page
    return "post"


def _mostly_links(doc) -> bool:
    """Most of the main content is links to other pages, or there is hardly any main
    content beside links titled like posts (teaser cards extraction set aside)."""
    links = [l for l in doc.links if l.context == "content" and l.internal and l.href]
    if len({l.href for l in links}) >= _MIN_LISTED:
        link_words = sum(len(l.text.split()) for l in links)
        if link_words >= _LINK_SHARE * max(doc.word_count, 1):
            return True
    if doc.word_count >= _THIN_WORDS:
        return False
    titled = {l.href for l in doc.links if l.internal and l.href and len(l.text.split()) >= _TITLE_WORDS}
    return len(titled) >= _MIN_LISTED
