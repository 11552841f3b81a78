"""Page basics: title, meta description, H1, canonical, indexability, lang, alt texts."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from .. import text as T
from ..language import declared_language, text_language
from ..document import DRAFT_KINDS
from ..models import Evidence
from ..registry import Outcome, check
from ..urls import bare_host

# Approximate glyph widths of Arial 20px (Google's desktop title font), in pixels.
# Measured widths per character class keep the estimate within a few percent of
# real SERP truncation, which is all a writer needs to decide whether to shorten.
_NARROW = set("fijlt.,;:!|'I()[] ")
_WIDE = set("mwMW@%")
_UPPER_WIDE = set("ABCDEFGHKNOPQRSUVXYZ&")


def title_pixels(text: str) -> int:
    px = 0.0
    for ch in text:
        if ch in _NARROW:
            px += 5.6
        elif ch in _WIDE:
            px += 16.7
        elif ch in _UPPER_WIDE:
            px += 13.3
        elif ch.isupper() or ch.isdigit():
            px += 11.1
        else:
            px += 10.0
    return round(px)


@dataclass(frozen=True)
class TitleOptions:
    min_chars: int = 30
    max_chars: int = 60
    max_pixels: int = 600
    #: what the site's theme or SEO plugin adds to a post's title (" | Riverbend Clinic"):
    #: a Markdown or text draft's title is written without it, and measured with it
    draft_suffix: str = ""


@check(
    code="BA001",
    name="title-length",
    category="basics",
    title="The title has a good length",
    fail_title="The title is missing or the wrong length",
    why="The title is the blue link in search results; Google truncates titles wider than about 600 px.",
    source="Yoast title-width assessment (400-600 px); Google Search Central, title links",
    fix="Write a 30-60 character title that names the treatment and the city, e.g. {example}.",
    fix_examples={"en": "'{Keyphrase} in {city} | Clinic'", "fr": "'{Keyphrase} à {city} | Clinique'",
                  "es": "'{Keyphrase} en {city} | Clínica'"},
    options=TitleOptions,
)
def title_length(doc, opts: TitleOptions, ctx) -> Outcome:
    """Title present, its length in characters and its approximate pixel width.

    Good: between ``min_chars`` and ``max_chars`` characters and at most
    ``max_pixels`` px wide. OK: present but shorter, or slightly long. Bad: missing,
    or wider than ``max_pixels`` + 15 %.

    A Markdown or text draft's title is measured with ``draft_suffix``, what the site adds
    when it publishes the post (Yoast's "%%title%% %%sep%% %%sitename%%", jekyll-seo-tag's
    "Title | Site"), unless the title already ends with it: a 52-character draft title was
    "good", and the published page's title, 20 characters longer, was cut off.

    Passes: ``<title>Acupuncture for Back Pain in Edmonton</title>``.
    Fails: ``<title></title>``.
    """
    t = doc.title
    threshold = f"{opts.min_chars}-{opts.max_chars} characters, ≤ {opts.max_pixels} px"
    if not t:
        return Outcome("bad", value=0, message="The page has no title.", threshold=threshold)
    suffix = opts.draft_suffix.rstrip()
    suffix = suffix if not suffix or suffix[:1].isspace() else " " + suffix  # setup.cfg strips the leading space
    if doc.kind in DRAFT_KINDS and suffix and not t.endswith(suffix.strip()):
        t += suffix
        as_published = f" (with '{suffix.strip()}', as published)"
    else:
        as_published = ""
    n, px = len(t), title_pixels(t)
    # a draft measured as written: say the site may lengthen it, where the evidence shows the width
    unsuffixed = ("; as written: the site may add its name when it publishes the post (set the draft_suffix option)"
                  if doc.kind in DRAFT_KINDS and not suffix else "")
    ev = (Evidence("element", t, detail=f"{T.plural(n, 'character')}, about {px} px{as_published}{unsuffixed}"),)
    if as_published and px > opts.max_pixels:
        # the site's part is fixed: say how much of the budget it leaves for the title written
        room = opts.max_chars - len(suffix)
        budget = (f" The site's '{suffix.strip()}' takes {len(suffix)} of the {opts.max_chars} characters: "
                  + (f"write at most about {room}, or shorten the site name in your SEO title template."
                     if room >= opts.min_chars else "shorten the site name in your SEO title template (e.g. to a short brand), "
                     "or leave it out of post titles."))
    else:
        budget = ""
    if px > opts.max_pixels * 1.15:
        return Outcome("bad", value=n, message=f"The title{as_published} is about {px} px wide and will be cut off in search results.{budget}", evidence=ev, threshold=threshold)
    if n < opts.min_chars:
        return Outcome("ok", value=n, message=f"The title{as_published} has only {T.plural(n, 'character')}; there is room to say more.", evidence=ev, threshold=threshold)
    if px > opts.max_pixels:
        return Outcome("ok", value=n, message=f"The title{as_published} has {T.plural(n, 'character')} (about {px} px) and may be truncated.{budget}", evidence=ev, threshold=threshold)
    if n > opts.max_chars:
        # Google cuts by width: a title of narrow letters fits; say what is long, not that it is cut
        return Outcome("ok", value=n, message=f"The title{as_published} has {T.plural(n, 'character')}, more than {opts.max_chars}; at about {px} px "
                       f"it still fits the {opts.max_pixels} px search results show, but a shorter title is safer.", evidence=ev, threshold=threshold)
    return Outcome("good", value=n, message=f"The title{as_published} has {T.plural(n, 'character')} (about {px} px).", evidence=ev, threshold=threshold)


#: characters over ``max_chars`` that may cost only the description's last word (BA002's
#: score falls from 96 to 80 over them, then is an ordinary "ok", 60)
_META_SLIGHTLY_OVER = 5


@dataclass(frozen=True)
class MetaOptions:
    min_chars: int = 120
    max_chars: int = 156


@check(
    code="BA002",
    name="meta-description",
    category="basics",
    title="The meta description has a good length",
    fail_title="The meta description is missing or the wrong length",
    why="The meta description is usually the snippet under the title in search results; a clear one earns clicks.",
    source="Yoast meta description length assessment (120-156 characters)",
    fix="Add a <meta name=\"description\"> of 120-156 characters that names the treatment, the city and what the reader will learn.",
    draft_fixes={"markdown": "Write the front matter's `description:` in 120-156 characters that name the treatment, the city and "
                             "what the reader will learn: the theme makes it the meta description."},
    options=MetaOptions,
)
def meta_description(doc, opts: MetaOptions, ctx) -> Outcome:
    """Meta description present and between ``min_chars`` and ``max_chars`` characters.

    Bad when missing or empty; OK when shorter or longer than the band (scored 96-80 when up
    to 5 characters over: search results cut by width, so only the last word may go). Not applicable to a
    plain-text post, which cannot hold one: the message reminds to write it in the CMS (and
    KW006, which asks for the keyphrase in it, is the one reminder that counts in the score).
    A Markdown post's is its front matter's ``description``, and the messages say so.
    Passes: a 140-character description. Fails: no ``<meta name="description">``.
    """
    d = doc.meta_description
    threshold = f"{opts.min_chars}-{opts.max_chars} characters"
    if not d and doc.kind == "text":
        return Outcome("na", value=0, message=f"A plain-text post has no meta description: write one of {threshold} in your CMS's SEO field.", threshold=threshold)
    # a Markdown post's description is written in its front matter: the message points there
    markdown = doc.kind == "markdown"
    if not d:
        said = "The front matter has no `description`." if markdown else "The page has no meta description."
        return Outcome("bad", value=0, message=said, threshold=threshold)
    n = len(d)
    ev = (Evidence("element", d, detail=T.plural(n, "character")),)
    it = "The front matter's `description`" if markdown else "The meta description"
    if n < opts.min_chars:
        return Outcome("ok", value=n, message=f"{it} has {T.plural(n, 'character')}; use at least {opts.min_chars}.", evidence=ev, threshold=threshold)
    if n > opts.max_chars:
        over = n - opts.max_chars
        if over <= _META_SLIGHTLY_OVER:
            # search results cut by width, not at character 156: a few over may lose only the last
            # word, and a description 1 over scored as low as one 12 over
            return Outcome("ok", value=n, score=100 - 4 * over, evidence=ev, threshold=threshold,
                           message=f"{it} has {T.plural(n, 'character')}, {over} over {opts.max_chars}: search results "
                                   f"may cut its last word; shorten it by {T.plural(over, 'character')}.")
        cut = f": shorten it by {T.plural(over, 'character')}" if markdown else ""
        return Outcome("ok", value=n, message=f"{it} has {T.plural(n, 'character')} and will be cut after about {opts.max_chars}{cut}.", evidence=ev, threshold=threshold)
    return Outcome("good", value=n, message=f"{it} has {T.plural(n, 'character')}.", evidence=ev, threshold=threshold)


@check(
    code="BA003",
    name="single-h1",
    category="basics",
    title="The page has exactly one H1",
    fail_title="The page has no H1 or several",
    why="One H1 states the page's topic to readers and search engines; several dilute it, none leaves it unstated.",
    source="Yoast single-title assessment; Google Search Central, headings",
    fix="Use one <h1> for the post's headline and <h2>/<h3> for its sections.",
    draft_fixes={"markdown": "Let the front matter's `title` be the post's one H1 (most themes print it as the H1): no <h1> "
                             "heading in the text, <h2> and <h3> headings for its sections.",
                 "text": "Start the draft with its headline on a line of its own (short, without a final full stop: its H1), "
                         "and give its sections short heading lines."},
)
def single_h1(doc, opts, ctx) -> Outcome:
    """Exactly one ``<h1>`` on the whole page.

    A Markdown post with a front-matter ``title`` and a ``# Heading`` in its text is OK, not good:
    most Hugo and Jekyll themes print the title as the page's H1, so the published page likely
    has two (the draft's H1 is the heading; the title is the H1 only when the text has none).

    Passes: one ``<h1>Acupuncture for back pain</h1>``. Fails: none, or two.
    """
    n = len(doc.h1s)
    lines = doc.h1_lines or (None,) * n
    # a theme prints the front matter's title as an H1 above the text's own "# Heading"
    themed = doc.kind == "markdown" and not doc.h1_is_title and bool(str(doc.front_matter.get("title") or "").strip())
    # with several, the H1s after the first are the ones to remove: "bad", so the gate
    # points at the second (the first one is the headline, often the title's own line);
    # under a printed title, the text's first H1 is one to remove too
    ev = tuple(Evidence("heading", h, status="bad" if i else ("ok" if themed else ""),
                        verdict="extra H1" if i else ("H1 besides the title" if themed else ""), line=line)
               for i, (h, line) in enumerate(zip(doc.h1s, lines)))
    if n == 1 and themed:
        where = f", line {lines[0]}" if lines[0] else ""
        return Outcome("ok", value=1, message=f"The text has an H1 of its own ('# {doc.h1s[0]}'{where}) besides the front "
                       "matter's title: most Hugo and Jekyll themes print the title as the page's H1, so the published page "
                       "likely has two. Remove the '#' heading (the title is the H1), unless your theme does not print the title.",
                       evidence=ev, threshold="exactly 1")
    if n == 1:
        return Outcome("good", value=1, message="The page has one H1.", evidence=ev, threshold="exactly 1")
    if n == 0:
        return Outcome("bad", value=0, message="The page has no H1.", threshold="exactly 1")
    also = "; most themes print the front matter's title as one more" if themed else ""
    return Outcome("bad", value=n, message=f"The page has {n} H1 headings{also}.", evidence=ev, threshold="exactly 1")


@check(
    code="BA004",
    name="canonical",
    category="basics",
    title="The canonical URL is valid",
    fail_title="The canonical URL is missing, invalid or points elsewhere",
    why="A canonical link tells search engines which URL to index; a broken or foreign canonical can drop the post from results.",
    source="Lighthouse 'canonical' audit; Google Search Central, consolidate duplicate URLs",
    fix="Add <link rel=\"canonical\" href=\"https://your-site/the-post-url/\"> with the post's own absolute URL.",
    draft_fixes={"markdown": "Correct the front matter's `canonical:` to the post's own absolute URL "
                             "(https://your-site/the-post-url/), or remove it and let the theme write it."},
)
def canonical(doc, opts, ctx) -> Outcome:
    """A ``<link rel="canonical">`` that is an absolute http(s) URL on the same site.

    OK when missing (search engines pick one), or when it points at another page of the
    same site (intentional consolidation, but worth knowing). Bad when relative,
    unparsable, or on another host, except on a preview (``localhost``, ``*.test``, a
    Netlify/Vercel/Cloudflare Pages preview, a ``staging.``/``preview.`` subdomain),
    whose canonical rightly names the published page. A local file's canonical names the
    page it will be published as: bad only when ``site_url`` is set and names another
    host (a template copied from another clinic). Not applicable to local files without
    a canonical.
    """
    c = doc.canonical
    threshold = "absolute URL of this page"
    if not c:
        if doc.url.startswith("file:"):
            return Outcome.na("Local file without a canonical link.")
        return Outcome("ok", value="missing", message="The page has no canonical link.", threshold=threshold)
    ev = (Evidence("element", c),)
    try:
        parts = urlsplit(c)
    except ValueError:
        return Outcome("bad", value="invalid", message="The canonical URL cannot be parsed.", evidence=ev, threshold=threshold)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return Outcome("bad", value="relative", message="The canonical URL is not absolute.", evidence=ev, threshold=threshold)
    page = urlsplit(doc.url)
    canonical_host = (parts.hostname or "").lower().removeprefix("www.")
    if page.scheme in ("http", "https") and canonical_host not in doc.site_hosts:
        return Outcome("bad", value="other-host", message=f"The canonical URL points to another site ({parts.hostname}).", evidence=ev, threshold=threshold)
    if page.scheme in ("http", "https") and canonical_host != (page.hostname or "").lower().removeprefix("www."):
        # only a preview's site holds another host (see urls.site_hosts_of): it names the published page
        return Outcome("good", value="published", message=f"The preview's canonical URL names the published page on {parts.hostname}.", evidence=ev, threshold=threshold)
    if page.scheme in ("http", "https") and urljoin(c, "").rstrip("/") != doc.url.split("#")[0].rstrip("/"):
        return Outcome("ok", value="other-page", message="The canonical URL points to a different page of this site.", evidence=ev, threshold=threshold)
    if page.scheme == "file":
        # a draft's canonical is where it will be published: only site_url can tell it is
        # another clinic's (a template copied with its canonical)
        site = bare_host(doc.site_url) if doc.site_url else ""
        if site and canonical_host != site:
            return Outcome("bad", value="other-host", message=f"The canonical URL points to another site ({parts.hostname}), not {site} (site_url).", evidence=ev, threshold=threshold)
        return Outcome("good", value="published", message=f"The canonical URL names the published page ({c})." + ("" if site else " Set site_url to check it is on your site."), evidence=ev, threshold=threshold)
    return Outcome("good", value="self", message="The canonical URL is valid.", evidence=ev, threshold=threshold)


@check(
    code="BA005",
    name="indexable",
    category="basics",
    title="Search engines may index the page",
    fail_title="The page blocks indexing",
    why="A noindex directive keeps the post out of search results entirely, whatever else it does well.",
    source="Lighthouse 'is-crawlable' audit; Google Search Central, robots meta tag",
    fix="Remove 'noindex' from <meta name=\"robots\"> and the X-Robots-Tag header once the post is ready.",
    draft_fixes={"markdown": "Set `draft: false` in the front matter (or remove the line) once the post is ready: a draft is "
                             "not published."},
    weight=2.0,
    caps_score=40.0,  # out of search: "poor" whatever else is right
)
def indexable(doc, opts, ctx) -> Outcome:
    """No ``noindex`` or ``none`` in ``<meta name="robots">`` or the X-Robots-Tag header.

    Fails: ``<meta name="robots" content="noindex, follow">``.
    """
    bad = [d for d in doc.robots if d in ("noindex", "none")]
    if bad:
        return Outcome("bad", value="noindex", message="The page tells search engines not to index it.", evidence=(Evidence("element", ", ".join(doc.robots)),), threshold="no noindex")
    return Outcome("good", value="indexable", message="Nothing blocks indexing.", threshold="no noindex")


@check(
    code="BA006",
    name="lang",
    category="basics",
    title="The page declares its language",
    fail_title="The page's language is not declared, or not the text's",
    why="The lang attribute tells browsers, screen readers and search engines which language the post is in.",
    source="Lighthouse 'html-has-lang' audit",
    fix="Add lang=\"en\" (or en-CA, en-GB...) to the <html> element.",
    draft_fixes={"markdown": "Set the front matter's `lang:` to the post's language (en, en-CA, fr-CA...), or remove it "
                             "and let the site's language setting apply."},
)
def lang(doc, opts, ctx) -> Outcome:
    """``<html lang>`` present and well-formed (a BCP 47 tag such as ``en`` or ``en-CA``).

    OK when the text clearly reads as another language than the declared one (guessed
    offline from function words or script: a theme left on "en-US" over a Portuguese
    post). Not applicable to Markdown and text files, which have no ``<html>`` element.
    """
    if doc.kind in DRAFT_KINDS and not doc.lang:
        return Outcome.na("Markdown and text files have no <html lang>; the site template sets it.")
    lang_attr = doc.lang
    if not lang_attr:
        return Outcome("bad", value="", message="The <html> element has no lang attribute.", threshold="a language tag")
    import re

    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", lang_attr):
        return Outcome("bad", value=lang_attr, message=f"'{lang_attr}' is not a valid language tag.", threshold="a language tag")
    text_lang = text_language(doc)
    if text_lang and text_lang != declared_language(doc):
        # a theme left on "en-US" over a post in another language: screen readers read it
        # with the wrong voice, and the readability checks follow the text instead
        return Outcome("ok", value=lang_attr, message=f"The page declares lang={lang_attr}, but its text reads as {text_lang}.",
                       threshold="a language tag that matches the text")
    return Outcome("good", value=lang_attr, message=f"The page declares lang={lang_attr}.", threshold="a language tag")


@check(
    code="BA007",
    name="image-alt",
    category="basics",
    title="Images have alt text (or are marked decorative)",
    fail_title="Some images have no alt text",
    why="Alt text describes images to screen-reader users and to image search; missing alt text fails accessibility audits.",
    source="Lighthouse 'image-alt' audit; WCAG 2.1 SC 1.1.1",
    fix="Describe each content image in its alt attribute; use alt=\"\" only for decorative images.",
    draft_fixes={"markdown": "Describe what each image shows between its brackets (e.g. "
                             "![Physiotherapist taping a runner's knee](knee-taping.jpg)) or in its shortcode's alt=; "
                             "leave it empty only for an image that is only decorative."},
)
def image_alt(doc, opts, ctx) -> Outcome:
    """Every image in the main content has an ``alt`` attribute.

    An empty ``alt=""`` marks a decorative image and passes. In Markdown, where ``![](photo.jpg)``
    cannot say "decorative", an empty description is one not written: OK ("describe it, or
    confirm it is decorative"), as is an image shortcode without ``alt=``. Not applicable
    when the main content has no images. Fails: ``<img src="needles.jpg">``.
    """
    imgs = [i for i in doc.images if i.in_main]
    if not imgs:
        return Outcome.na("The main content has no images.")
    missing = [i for i in imgs if i.alt is None]
    undescribed = [i for i in imgs if i.undescribed]
    ev = tuple(_alt_evidence(i) for i in imgs)
    threshold = "0 images without alt"
    if missing:
        # the images named: a CI line shows only the message
        return Outcome("bad", value=len(missing), message=f"{len(missing)} of {T.plural(len(imgs), 'image')} {T.agree(len(missing), 'has', 'have')} no alt attribute: {T.some_of(i.src for i in missing)}."
                       + (f" {T.plural(len(undescribed), 'more image')} {T.agree(len(undescribed), 'has', 'have')} no description." if undescribed else ""),
                       evidence=ev, threshold=threshold)
    if undescribed:
        # the published page's alt="" would pass as decorative, but nobody decided that it is
        n = len(undescribed)
        return Outcome("ok", value=n, message=f"{n} of {T.plural(len(imgs), 'image')} {T.agree(n, 'has', 'have')} no description: "
                       f"{T.some_of(i.src for i in undescribed)}. Describe {T.agree(n, 'it', 'each')} in ![...](...) or the "
                       f"shortcode's alt=, or confirm {T.agree(n, 'it is', 'they are')} only decorative: Markdown cannot mark an image so.",
                       evidence=ev, threshold=threshold)
    decorative = sum(1 for i in imgs if i.decorative)
    # alt="" is an answer ("decorative"), not a description: say which, as KW009 does
    note = "" if not decorative else (f" ({decorative} marked decorative with alt=\"\")" if decorative < len(imgs) else "")
    said = (f"{T.all_of(len(imgs), 'image')} {T.agree(len(imgs), 'is', 'are')} marked decorative with alt=\"\"." if decorative == len(imgs)
            else f"{T.all_of(len(imgs), 'image')} {T.agree(len(imgs), 'has', 'have')} an alt attribute{note}.")
    return Outcome("good", value=0, message=said, evidence=ev, threshold="0 images without alt")


def _alt_evidence(image) -> Evidence:
    if image.alt is None:
        verdict, status = "no alt", "bad"
    elif image.undescribed:
        verdict, status = "no description", "ok"
    else:
        verdict, status = ("decorative" if image.decorative else "ok"), "good"
    return Evidence("image", image.src, verdict=verdict, status=status, detail=image.alt or "", line=image.line)


CHECKS = (title_length, meta_description, single_h1, canonical, indexable, lang, image_alt)
