"""Trust signals for health content (TR001-TR005): who wrote it, who reviewed it,
when, on what evidence, and what to do if it is serious.

Health posts are YMYL ("Your Money or Your Life") in Google's terms: the Search
Quality Rater Guidelines put trust first and say that for such pages "information
about who created the content ... is critical". Bylines and dates usually sit
outside the main content, so these checks read the whole page (``doc.page_text``,
``doc.meta``, ``doc.time_elements``) and the JSON-LD.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .. import text as T
from ..claims import BUNDLED_RULES, rules_for_page, scan_document
from ..language import language_label, names_of, not_english, not_read, numeric_date_order, page_language
from ..document import DRAFT_KINDS
from ..models import Evidence
from ..profiles import clinic_data, clinic_of
from ..regex_prefilter import Prefilter
from ..registry import Outcome, check
from .clinic_common import (
    ambiguous_numeric_dates, article_nodes, dates_in, doc_jsonld_nodes, first_date_in, first_text, folded_page_text, host_matches, host_of,
    no_words_message, parse_date,
    today_from, word_list_languages, words_for_page,
)

# "By Dr. Mei Lin, R.Ac" / "Written by Sam Park PT" / "Author: ..."
_BYLINE_NAME = (
    # a doctor's title, in French and Spanish with its article: "Dre Lise Roy", "la Dra. Carolina Méndez"
    r"((?:(?:(?:la|el|le)\s+)?(?:Dr[ea]?\.?|[Dd]octora?|[Dd]octeure?)\s+)?[A-ZÀ-Ý](?:[a-zà-ÿ]|['’][A-Z])[\w'’-]*(?:\s+[A-ZÀ-Ý](?:[a-zà-ÿ]|['’][A-Z])[\w'’-]*){0,3}"
    r"(?:,?\s+(?:[A-Z][A-Za-z]*\.[A-Za-z.]*|[A-Z]{2,6})(?![\w.])){0,3})"
)
# The byline of each language text.BYLINE_LEADS has: English counts on every page, another
# language's on its pages (a bare "Por" opens a Spanish byline, not a French one).
_BYLINE_RES = {language: re.compile(rf"\b(?:{T.leads_pattern(leads.author)})\s+" + _BYLINE_NAME)
               for language, leads in T.BYLINE_LEADS.items() if leads.author}


def _byline(doc) -> re.Match | None:
    """The visible byline: English, or in the page's language when that is another one."""
    m = _BYLINE_RES["en"].search(doc.page_text)
    if m is None:
        foreign = _BYLINE_RES.get(page_language(doc)[0])
        m = foreign.search(doc.page_text) if foreign is not None else None
    return m


# the reviewer's name, with a doctor's title ("Dr. James Patel"), up to a comma, full stop or the
# separator of a byline line ("Reviewed by Dr. James Patel, DDS · Updated August 1, 2026")
_REVIEW_TEXT_RE = re.compile(r"\b(?:medically |clinically )?reviewed by\s+((?:Dr\.?\s+)?[A-Z][^.,;|·•]{2,60})", re.I)
# "Updated ", "Last modified on: ", "Mis à jour le ", "Actualizado el ": every language's, on every page
_UPDATED_RE = re.compile(r"\b" + T.date_lead_pattern(w for leads in T.BYLINE_LEADS.values() for w in leads.updated))
# most pages never say "updated": a few substring tests instead of a case-insensitive scan
_UPDATED_PREFILTER = Prefilter.of(_UPDATED_RE)


# Two-letter credentials that are also English words in capitals ("DO you...", "OD"):
# they count for the "Dr." rule next to a name (CL012), not in a byline's free text.
_WORDLIKE_CREDENTIALS = frozenset(("DO", "OD"))


@lru_cache(maxsize=1)
def _credential_re() -> re.Pattern:
    """Every credential the clinic data knows: TR001's list and the "Dr." lists of CL012
    (which name more, such as MBBS, R.Kin, DACM), so the two checks agree on who has one."""
    data = clinic_data()
    titles = data.get("doctor_title", {})
    patterns = [*data["credentials"], *titles.get("entitled_credentials", ()),
                *(c["credential"] for c in titles.get("not_entitled", ())),
                *titles.get("conditional_credentials", ()), *titles.get("doctorates", ())]
    alts = "|".join(dict.fromkeys(p for p in patterns if p not in _WORDLIKE_CREDENTIALS))
    return re.compile(r"(?<![\w.])(?:" + alts + r")(?![\w])")


def credentials_in(text: str) -> list[str]:
    """Every credential in ``text``: the abbreviations in order ("PT", "PhD"), then the
    professions in words ("registered acupuncturist")."""
    found = [m.group(0) for m in _credential_re().finditer(text or "")]
    low = (text or "").lower()
    return found + [w for w in clinic_data()["credential_words"] if w in low]


def has_credential(text: str) -> str:
    """The first regulated credential in ``text`` ("R.Ac", "PT", "registered acupuncturist")."""
    return next(iter(credentials_in(text)), "")


@lru_cache(maxsize=1)
def _not_licence_re() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in clinic_data()["not_licences"]))


def is_licence(credential: str) -> bool:
    """A credential that licenses its holder to practise ("PT", "R.Ac", "physiotherapist"), not a
    degree or a certificate ("PhD", "MSc", "CSCS": ``clinic.toml`` ``not_licences``)."""
    return _not_licence_re().fullmatch(credential) is None


def credentials_of_author(doc, authors: list[Author]) -> list[str]:
    """The credentials the page gives its author, in order: each author statement's name and job
    title, then the words right after the visible byline ("By Sam Park · PT")."""
    found = [c for a in authors for c in credentials_in(f"{a.name} {a.job_title}")]
    m = _byline(doc)
    if m is None:
        return found
    # up to a review line that follows: "By Dana Whitfield · Reviewed by Priya Sharma, PT" gives
    # the reviewer's PT, not the author's
    end = m.end() + 60
    review = _visible_review(doc, _review_pattern(doc))
    if review is not None and m.start() < review.start() < end:
        end = review.start()
    return found + credentials_in(doc.page_text[m.start(): end])


@dataclass(frozen=True)
class Author:
    name: str
    where: str  # "json-ld", "meta", "byline", "rel=author"
    url: str = ""
    job_title: str = ""


def find_authors(doc) -> list[Author]:
    """Every author statement on the page, markup first (computed once per page: TR001
    and CL012 both read it)."""
    return doc.derived(("trust.find_authors",), _find_authors)


def _find_authors(doc) -> list[Author]:
    out: list[Author] = []
    for node in article_nodes(doc):
        authors = node.get("author")
        for a in authors if isinstance(authors, list) else [authors]:
            if isinstance(a, dict) and first_text(a.get("name")):
                out.append(Author(first_text(a.get("name")), "json-ld", first_text(a.get("url")), first_text(a.get("jobTitle"))))
            elif isinstance(a, str) and a.strip():
                out.append(Author(a.strip(), "json-ld"))
    if doc.meta.get("author"):
        out.append(Author(doc.meta["author"], "meta"))
    for link in doc.links:
        if "author" in link.rel and link.text:
            out.append(Author(link.text, "rel=author", link.href))
    m = _byline(doc)
    if m:
        raw = m.group(1)
        review = _visible_review(doc, _review_pattern(doc))
        if review is not None and m.start(1) < review.start() < m.end(1):
            raw = doc.page_text[m.start(1): review.start()]  # "By Dana Whitfield" + "Medically reviewed by ..."
        # "la Dra. Carolina Méndez": the article belongs to the sentence, not the name
        name = re.sub(r"^(?:la|el|le)\s+", "", raw.strip(" ,·|"))
        out.append(Author(_cut_at_block(name, doc), "byline"))
    return out


def _cut_at_block(name: str, doc) -> str:
    """A byline read from the flattened page text runs into the next block when that
    starts with capitals ("By Mei Lin" + "Acupuncture for back pain" reads "Mei Lin
    Acupuncture"): cut the name where the text of a heading or paragraph begins."""
    words = name.split()
    for k in range(1, len(words)):
        rest = " ".join(words[k:])
        if any(b.text.startswith(rest) for b in doc.blocks):
            return " ".join(words[:k])
    return name


def _author_page(doc, authors: list[Author]) -> str:
    """URL of a page about the author: JSON-LD author.url, rel=author, or a link whose
    anchor is the author's name and whose URL looks like a team/author page."""
    for a in authors:
        if a.url:
            return a.url
    patterns = [re.compile(p, re.I) for p in clinic_data()["author_url_patterns"]]
    names = {a.name.split(",")[0].strip().lower() for a in authors}
    for link in doc.links:
        if link.scheme not in ("http", "https", "file"):
            continue
        named = any(n and n in link.text.lower() for n in names)
        if named and (link.internal or any(p.search(link.href) for p in patterns)):
            return link.href
    return ""


@check(
    code="TR001",
    posts_only=True,
    name="author-credentials",
    category="clinic",
    title="The post names its author, with a credential and an author page",
    fail_title="The post does not say who wrote it, or with what qualification",
    ok_title="The byline is incomplete: a credential or an author page is missing",
    why="For health topics Google's raters look first at who wrote the page; a byline with a regulated credential that links to a bio is the visible proof.",
    source="Google Search Quality Rater Guidelines §3.4 (YMYL, trust); Google 'Creating helpful, reliable, people-first content' (bylines that lead to further information about the author); CTCMA protected marks (R. Ac., R. TCM. P.)",
    fix="Add what the message says is missing: a byline with the author's name, regulated credential and profession ('By [name], [credential], [profession]'), the name linked to their bio page, and the same author (name, url, jobTitle) in the BlogPosting JSON-LD. An author without a regulated credential (a marketer, a writer) has a registered practitioner review or co-sign the post instead ('Reviewed by [name], [credential]', TR002).",
    # a draft holds no JSON-LD (LB004): the theme or the CMS writes the author's markup
    draft_fixes={"markdown": "Add what the message says is missing: set `author:` in the front matter to the author's name, "
                             "regulated credential and profession ('[name], [credential], [profession]'); most themes show it "
                             "in the byline: on the published page, check that it links to the author's page and is in the "
                             "markup. An author without a regulated credential has a registered practitioner review or "
                             "co-sign the post instead.",
                 "text": "Add what the message says is missing: a byline under the title with the author's name, regulated "
                         "credential and profession ('By [name], [credential], [profession]'); in your CMS, pick the author "
                         "whose profile page it links to. An author without a regulated credential has a registered "
                         "practitioner review or co-sign the post instead."},
)
def author_credentials(doc, opts, ctx) -> Outcome:
    """An author is named (JSON-LD ``author``, ``<meta name="author">``, ``rel="author"``
    or a visible "By ..." byline), carries a credential (R.Ac., R.TCM.P., PT, DPT, DC, RMT,
    DDS, MCSP, HCPC, MBAcC, MSc... — list in ``data/claims/clinic.toml``) and links to an
    author page.

    Good: all three (a Markdown draft whose front matter names the author cannot show the
    link, which the site's theme may or may not make: not asked of it, and checked on the
    published page). OK: an author without a credential or without an author page; the
    message names which, and advises an author with no credential (a marketer, a writer) to
    have a registered practitioner review or co-sign the post, since not every author has a
    credential to add. Bad: no author anywhere on the page.

    Passes: ``By <a href="/team/mei-lin/">Mei Lin, R.Ac.</a>``. Fails: no byline.
    """
    authors = find_authors(doc)
    threshold = "named author + credential + author page"
    if not authors:
        return Outcome("bad", value=None, message="No author is named on the page or in its markup.", threshold=threshold)
    name = authors[0].name
    cred = next(iter(credentials_of_author(doc, authors)), "")
    page = _author_page(doc, authors)
    ev = [Evidence("element", f"{a.name}", verdict=a.where, detail=(f"job title: {a.job_title}" if a.job_title else ""), highlights=((cred,) if cred and cred in a.name else ())) for a in authors]
    if page:
        ev.append(Evidence("link", page, verdict="author page"))
    # a Markdown draft's `author:` is shown and linked to the author's page by the site's theme
    themed = doc.kind == "markdown" and any(a.where == "meta" for a in authors)
    linked = bool(page) or themed
    bare = name.split(",")[0].strip()
    from .claims import unauthorised_titles  # imported here: the claim checks import this module

    barred = next((t for t in unauthorised_titles(doc, ctx) if bare.startswith(t.split(" ", 1)[0]) and t in name), "")
    if barred:  # CL012 bars this "Dr.": the advice names the person without it
        bare = bare[len(barred.split(" ", 1)[0]):].strip()
    if not cred:
        # not every author has a credential to add: a marketer's post is vouched for by a reviewer
        review = _visible_review(doc, _review_pattern(doc))
        vouch = (f"the post shows a review by {review.group(1).strip()} (TR002); if the author is a registered "
                 "practitioner, add their credential and profession after the name"
                 if review else
                 "have a registered practitioner review or co-sign the post ('Reviewed by [name], [credential]', TR002), "
                 "or, if the author is one, add their credential and profession after the name")
        message = (f"Author '{name}' is named without a credential or a link to an author page: {vouch}; and link '{bare}' to their bio page."
                   if not linked else f"Author '{name}' is named without a credential: {vouch}.")
    elif not linked:
        message = f"Author '{name}' is named with a credential ({cred}), without a link to an author page: link '{bare}' to their bio page."
    else:
        shown = name if cred in name else f"{name} ({cred})"  # not "Mei Lin, R.Ac. (R.Ac.)"
        # a draft cannot show the link: whether the published page makes one is the theme's doing
        said = ", with an author page." if page else (". A draft cannot link the name to their author page: check on the "
                                                      "published page that your theme does.")
        return Outcome("good", value=name, message=f"Written by {shown}{said}", evidence=tuple(ev), threshold=threshold)
    if barred:
        message += f" Name them '{bare}', without 'Dr.' (CL012)."
    return Outcome("ok", value=name, message=message, evidence=tuple(ev), threshold=threshold)


def _discusses_conditions(doc) -> bool:
    """At least two condition words of the page's language in the main content (TR002,
    TR004, TR005 ask; they first check ``words_for_page`` has the language)."""

    def compute(d) -> bool:
        entries = tuple(words_for_page(d, "condition_words") or ())
        words = {e for e in entries if " " not in e}
        found = sum(1 for w in d.words if w.lower() in words)
        phrases = T.phrase_regex(tuple(e.lower() for e in entries if " " in e))  # "tooth decay", "mal de dents"
        if phrases is not None and found < 2:
            found += sum(1 for _ in phrases.finditer(d.body_text.lower()))
        return found >= 2

    return doc.derived(("trust.discusses_conditions",), compute)


@lru_cache(maxsize=8)
def _review_regex(pattern: str | None) -> tuple[re.Pattern, Prefilter]:
    regex = re.compile(pattern, re.I) if pattern else _REVIEW_TEXT_RE
    return regex, Prefilter.of(regex)


def _review_pattern(doc) -> str | None:
    """The review line's pattern for the page: the English one (None) or its language's."""
    return None if not_english(doc) is None else words_for_page(doc, "review_pattern")


def _visible_review(doc, pattern: str | None) -> re.Match | None:
    """The review line of ``pattern`` in the page's text. Most pages never say "reviewed by":
    the prefilter's substring tests rule them out, where the case-insensitive regex, which
    starts with ``\\b`` and so is tried at every position, cost about 1 ms on a long page."""
    regex, prefilter = _review_regex(pattern)
    return regex.search(doc.page_text) if prefilter.may_match(folded_page_text(doc)) else None


@check(
    code="TR002",
    posts_only=True,
    name="medical-review",
    category="clinic",
    title="A medical review is shown and marked up",
    fail_title="Medical review is missing, or marked up without being shown",
    why="A visible 'medically reviewed by' a named professional is a trust signal for health content; review markup that readers cannot see breaks Google's structured-data rules.",
    source="Google Search Quality Rater Guidelines (who is responsible for the content; for health topics, the expertise of who created it); schema.org WebPage reviewedBy ('people or organizations that have reviewed the content on this web page for accuracy and/or completeness') and lastReviewed; Google structured data general guidelines ('Don't mark up content that is not visible')",
    fix="Show {example} near the byline and add reviewedBy and lastReviewed to the page's MedicalWebPage/WebPage JSON-LD.",
    # a draft holds no JSON-LD (LB004): the theme or the CMS writes it once the post is published
    draft_fixes=dict.fromkeys(("markdown", "text"), "Write {example} in the post, under the title or at its end. A draft "
                              "carries no JSON-LD: once it is published, audit its URL to check that the page marks the "
                              "review up (reviewedBy, lastReviewed)."),
    fix_examples={"en": "'Medically reviewed by [name], [credential], on [date]'",
                  "fr": "'Révisé par [nom], [titre professionnel], le [date]'",
                  "es": "'Revisado por [nombre], [titulación], el [fecha]'"},
)
def medical_review(doc, opts, ctx) -> Outcome:
    """A "reviewed by <name>" line on the page and ``reviewedBy``/``lastReviewed`` in
    JSON-LD. Judged when the post shows or marks up a review, or discusses a health
    condition (a post about neither needs no review).

    Good: visible review (with or without markup), or a post written by a regulated
    clinician: an author whose credential licenses them to practise (TR001's credentials,
    without degrees and certificates such as PhD, MSc, CSCS: ``clinic.toml``
    ``not_licences``). A review is how a post shows that someone qualified checked it "for
    accuracy and/or completeness" (schema.org ``reviewedBy``); what the rater guidelines ask
    of a health page is the expertise of whoever is responsible for it, and a registered
    physiotherapist's byline ("Priya Sharma, PT") already shows it, and makes them answerable
    to their college for it. Every post a clinic's own clinicians wrote was "to improve" for
    want of a second name. OK: no review, and no regulated author. Bad: review markup with
    no visible review line (marked-up content must be visible), whoever wrote the post.

    Passes: "Medically reviewed by Ana Ruiz, PT"; "By Priya Sharma, PT". Fails: ``"reviewedBy"`` in JSON-LD only.
    English, French and Spanish pages (the condition words and the review line: ``clinic.toml``).
    """
    if words_for_page(doc, "condition_words") is None:
        return Outcome.na(no_words_message(doc))
    marked = [n for n in doc_jsonld_nodes(doc) if "reviewedBy" in n or "lastReviewed" in n]
    visible = _visible_review(doc, _review_pattern(doc))
    # a review the post shows or marks up is judged whatever the topic: the condition words
    # decide only whether a post without one should have one
    if not (marked or visible) and not _discusses_conditions(doc):
        return Outcome.na("The post does not discuss a health condition.")
    ev = []
    if visible:
        ev.append(Evidence("text", visible.group(0).strip(), verdict="visible review", highlights=(visible.group(1).strip(),)))
    for n in marked:
        ev.append(Evidence("element", f"reviewedBy: {first_text(n.get('reviewedBy')) or '-'}; lastReviewed: {first_text(n.get('lastReviewed')) or '-'}", verdict="markup"))
    threshold = "visible 'reviewed by' (+ reviewedBy/lastReviewed markup), or a regulated author"
    if marked and not visible:
        return Outcome("bad", value="markup only", message="The JSON-LD says the page was reviewed, but no 'reviewed by' line is visible.", evidence=tuple(ev), threshold=threshold)
    if visible:
        # a draft holds no JSON-LD (LB004 says so): the markup is checked on the published page
        extra = ("" if marked else " Once it is published, check that its JSON-LD has reviewedBy/lastReviewed too (a draft carries none)."
                 if doc.kind in DRAFT_KINDS else " Add reviewedBy/lastReviewed to the JSON-LD too.")
        return Outcome("good", value="visible", message=f"Reviewed by {visible.group(1).strip()}.{extra}", evidence=tuple(ev), threshold=threshold)
    authors = find_authors(doc)
    licence = next((c for c in credentials_of_author(doc, authors) if is_licence(c)), "")
    if licence:
        name = authors[0].name
        shown = name if licence in name else f"{name} ({licence})"
        ev.append(Evidence("element", name, verdict="regulated author", highlights=(licence,) if licence in name else ()))
        return Outcome("good", value="regulated author", evidence=tuple(ev), threshold=threshold,
                       message=f"Written by a regulated clinician, {shown}: their credential shows who answers for the content, "
                               "so no separate review line is needed.")
    return Outcome("ok", value="none", threshold=threshold,
                   message="No medical review is shown, and the author has no regulated credential (TR001): have a registered "
                           "practitioner review the post." if authors else "No medical review is shown, and no author is named (TR001).")


@dataclass(frozen=True)
class DateOptions:
    stale_after_days: int = 730  # health content not updated in two years is flagged (proposal, domain research 3.3)
    today: str = ""  # ISO date to judge against; empty = today's date (UTC)
    max_days_apart: int = 1  # visible and marked-up dates may differ by time zone only


def _markup_dates(doc) -> tuple[date | None, date | None, list[Evidence]]:
    published = modified = None
    ev = []
    for node in article_nodes(doc):
        for key in ("datePublished", "dateModified"):
            d = parse_date(first_text(node.get(key)))
            if d:
                ev.append(Evidence("element", f"{key}: {first_text(node.get(key))}", verdict="json-ld"))
                if key == "datePublished" and published is None:
                    published = d
                if key == "dateModified" and modified is None:
                    modified = d
    drafted = doc.kind in DRAFT_KINDS  # files.py turns front matter dates into these meta tags
    for key, slot in (("article:published_time", "p"), ("article:modified_time", "m"), ("og:updated_time", "m")):
        d = parse_date(doc.meta.get(key, ""))
        if d:
            if drafted:
                ev.append(Evidence("element", f"{'date' if slot == 'p' else 'updated'}: {doc.meta[key]}", verdict="front matter"))
            else:
                ev.append(Evidence("element", f"{key}: {doc.meta[key]}", verdict="meta"))
            if slot == "p" and published is None:
                published = d
            if slot == "m" and modified is None:
                modified = d
    return published, modified, ev


def _visible_dates(doc) -> tuple[date | None, date | None, list[Evidence]]:
    """Published = the first visible <time> (else the first date in the page text);
    updated = a date right after 'Updated'/'Last modified'."""
    published = updated = None
    ev = []
    times = []
    for dt_attr, text in doc.time_elements:
        d = parse_date(text) or parse_date(dt_attr)
        if d and text:
            ev.append(Evidence("text", text, verdict="visible <time>"))
            times.append(d)
    numeric = numeric_date_order(doc)  # "04/03/2026" is 4 March in French or en-GB, April 3 in en-US
    text = doc.page_text
    update_span = None  # where the "Updated" mark's date is written
    updated_marks = _UPDATED_RE.finditer(text) if _UPDATED_PREFILTER.may_match(folded_page_text(doc)) else ()
    for m in updated_marks:
        found = dates_in(text[m.end(): m.end() + 40], numeric)
        if found:
            updated = found[0][0]
            ev.append(Evidence("text", text[m.start(): m.end()] + found[0][1], verdict="visible update"))
            start = text.find(found[0][1], m.end())
            update_span = (start, start + len(found[0][1]))
            break
    # the first <time> is the published date, unless it is the one an "Updated" mark names
    # ("Actualizado el <time>"): then it is the update, and the next <time> (if any) the publication
    published = next((d for d in times if d != updated), None) if updated else (times[0] if times else None)
    if published is None and not times:
        # the first date written, but not the update's own: "By ... · Updated August 1, 2026"
        # shows when the post was updated, not when it was published
        first = first_date_in(text, numeric) if update_span is None else (
            first_date_in(text[: update_span[0]], numeric) or first_date_in(text[update_span[1]:], numeric))
        if first:
            published = first[0]
            ev.append(Evidence("text", first[1], verdict="visible date"))
    return published, updated, ev


@check(
    code="TR003",
    posts_only=True,
    name="content-dates",
    category="clinic",
    title="Published and updated dates are visible, marked up and consistent",
    fail_title="Dates are missing, inconsistent or out of date",
    why="Readers and Google judge health advice by its age; Google asks for a visible date that matches datePublished/dateModified, and stale health content loses trust.",
    source="Google Search Central, 'Help Google Search know the best date for your web page' (visible date, datePublished/dateModified, no artificial freshening); Google Article structured data; stale after 24 months: seoaudit's own threshold (stale_after_days)",
    fix="Show both dates near the byline ({example}) and put the same dates in the BlogPosting JSON-LD; review posts at least every two years.",
    draft_fixes={"markdown": "Set `date:` and `lastmod:` (Hugo) or `last_modified_at:` (Jekyll) in the front matter: the theme "
                             "shows them near the byline ({example}) and writes them in the markup. Review posts at least "
                             "every two years.",
                 "text": "Show both dates near the byline ({example}), or set them in your CMS, which writes them in the "
                         "markup when it publishes the post. Review posts at least every two years."},
    fix_examples={"en": "'Published [date] · Updated [date of the last review]'",
                  "fr": "'Publié le [date] · Mis à jour le [date de la dernière révision]'",
                  "es": "'Publicado el [fecha] · Actualizado el [fecha de la última revisión]'"},
    options=DateOptions,
)
def content_dates(doc, opts: DateOptions, ctx) -> Outcome:
    """Dates visible on the page (``<time>``, "Updated ..." text) and in markup
    (JSON-LD ``datePublished``/``dateModified``, ``article:published_time``), judged
    against ``today`` (option, else the current date).

    Bad: no date at all; modified before published; a date in the future. OK: visible
    but not marked up (or the reverse); visible and marked-up published dates differ by
    more than ``max_days_apart``; last update older than ``stale_after_days``. A
    Markdown draft's dates are its front matter's; an undated text draft is not judged
    (its CMS dates it on publishing).

    Passes: a ``<time>`` less than ``stale_after_days`` before ``today`` and the same
    date in JSON-LD ``datePublished`` (a visible "Updated ..." date matches ``dateModified``).
    Fails: ``dateModified`` earlier than ``datePublished``.
    """
    today = today_from(opts.today)
    m_pub, m_mod, m_ev = _markup_dates(doc)
    v_pub, v_upd, v_ev = _visible_dates(doc)
    ev = tuple(v_ev + m_ev)
    threshold = f"visible + marked up, consistent, updated within {opts.stale_after_days} days"
    published = m_pub or v_pub
    latest = max((d for d in (m_mod, v_upd, m_pub, v_pub) if d), default=None)
    if latest is None:
        ambiguous = ambiguous_numeric_dates(doc.page_text) if numeric_date_order(doc) == "either" else []
        if ambiguous:  # the page has a date; nobody can tell which
            return Outcome(
                "bad", value=None, evidence=tuple(Evidence("text", a, verdict="ambiguous date") for a in ambiguous[:3]),
                message=f"The page's date is written in numbers that read as two different days ('{ambiguous[0]}': day or "
                        "month first): write the month as a word ('12 March 2024'), or give <html lang> its region (en-US, en-GB).",
                threshold=threshold)
        if doc.kind == "text":  # a pasted draft: the CMS dates the post when it is published
            return Outcome.na(
                "A plain-text post carries no dates: once published, audit its URL to check that the page "
                "shows 'Published ... · Updated ...' and marks the dates up."
            )
        where = "in the front matter (`date:`) or the text" if doc.kind == "markdown" else "on the page or in its markup"
        return Outcome("bad", value=None, message=f"No publication date {where}.", threshold=threshold)
    problems_bad = []
    if m_mod and m_pub and m_mod < m_pub:
        problems_bad.append(f"dateModified {m_mod} is before datePublished {m_pub}")
    future = [d for d in (m_pub, m_mod, v_pub, v_upd) if d and d > today]
    if future:
        problems_bad.append(f"{min(future)} is in the future")
    problems_ok = []
    if not (m_pub or m_mod):
        # a text draft cannot hold markup; a Markdown draft's is its front matter
        if doc.kind == "markdown":
            problems_ok.append("no `date:` in the front matter")
        elif doc.kind != "text":
            problems_ok.append("no datePublished/dateModified markup")
    # a Markdown or text draft's dates are its front matter's (read as markup here),
    # which the site's theme shows on the published page
    drafted = doc.kind in DRAFT_KINDS and bool(m_pub or m_mod)
    if not (v_pub or v_upd) and not drafted:
        problems_ok.append("no visible date")
    # a visible publication date is compared with datePublished, a visible update with dateModified
    if m_pub and v_pub and abs((m_pub - v_pub).days) > opts.max_days_apart:
        problems_ok.append(f"visible date {v_pub} differs from datePublished {m_pub}")
    if m_mod and v_upd and abs((m_mod - v_upd).days) > opts.max_days_apart:
        problems_ok.append(f"visible update date {v_upd} differs from dateModified {m_mod}")
    age = (today - latest).days
    if age > opts.stale_after_days:
        # with no update date the page says only when it was published
        problems_ok.append(f"last updated {age} days ago" if (m_mod or v_upd) else f"published {age} days ago, with no update since")
    value = latest.isoformat()
    if problems_bad:
        return Outcome("bad", value=value, message="; ".join(problems_bad + problems_ok) + ".", evidence=ev, threshold=threshold)
    if problems_ok:
        return Outcome("ok", value=value, message=_sentence("; ".join(problems_ok)), evidence=ev, threshold=threshold)
    updated = m_mod or v_upd
    if published is None:  # only an update date: say that, not "Published None"
        said = f"Last updated {latest}; no publication date shown."
    else:
        said = f"Published {published}, last updated {latest}." if updated and latest != published else f"Published {published}; not updated since."
    return Outcome("good", value=value, message=said, evidence=ev, threshold=threshold)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def evidence_links(doc) -> list:
    data = clinic_data()
    out = []
    for link in doc.links:
        if link.internal or link.scheme not in ("http", "https") or link.context == "boilerplate":
            continue
        host = host_of(link.href)
        if host_matches(host, data["evidence_hosts"]) or host_matches(host, data["government_suffixes"]):
            out.append(link)
    return out


@dataclass(frozen=True)
class CitationOptions:
    min_citations: int = 1


@check(
    code="TR004",
    posts_only=True,
    name="evidence-citations",
    category="clinic",
    title="The post cites evidence",
    fail_title="The post makes evidence claims without citing evidence",
    ok_title="The post cites few or no evidence sources",
    why="Health claims need the evidence they rely on; links to PubMed, Cochrane, NICE or a government or college site let readers (and raters) check it.",
    source="FTC Health Products Compliance Guidance 2022 (level of support); CAP Code 12.1; Search Quality Rater Guidelines ('consistent with well-established expert consensus')",
    fix="Link the studies or guidelines you rely on in the paragraph that uses them: a Cochrane review, a PubMed study, or a public body's guidance (NICE, NIH, CADTH, INESSS, HAS, a health ministry).",
    options=CitationOptions,
)
def evidence_citations(doc, opts: CitationOptions, ctx) -> Outcome:
    """Counts outbound links in the content to evidence sources (PubMed, doi.org,
    Cochrane, NICE, ACP, WHO, NIH, CADTH, INESSS, HAS, AEMPS, government, university
    and college sites; list in ``data/claims/clinic.toml``).

    Good: at least ``min_citations``. OK: fewer, and no uncited evidence claims. When the post
    also says "studies show"/"clinically proven" without a citation, the status is the one the
    profile gives such a claim, CL005's: bad where its rules forbid it (``uk-asa``, ``us-ftc``),
    OK (a warning) where it is risky (``default``, the Canadian profiles). The same sentence was a
    warning in CL005 and a problem here.
    Only judged when the post discusses a health condition or makes evidence claims.
    Evidence claims are read in English, French and Spanish (the bundled claim rules); on pages in
    other languages only citation links are counted.

    Passes: a link to pubmed.ncbi.nlm.nih.gov. Fails: "Studies show..." and no links.
    """
    links = evidence_links(doc)
    # citations count in any language; "studies show" is read where a bundled claim rule set reads the page
    unread = rules_for_page(doc) is None
    if unread and len(links) < opts.min_citations:
        return Outcome.na(not_read(doc, BUNDLED_RULES, "the bundled claim rules"))
    names = clinic_of(ctx).names
    uncited = [] if unread else [c for c in scan_document(doc, names=names) if c.hit.category == "evidence"]
    if not links and not uncited:
        if words_for_page(doc, "condition_words") is None:
            return Outcome.na(f"No citation and no evidence claim; health conditions are recognised in {names_of(word_list_languages())} only ({language_label(doc)}).")
        if not _discusses_conditions(doc):
            return Outcome.na("The post neither discusses a health condition nor makes evidence claims.")
    n = len(links)
    ev = [Evidence("link", l.href, verdict="citation", detail=l.text) for l in links]
    ev += [Evidence("sentence", c.hit.sentence, verdict="uncited claim", highlights=c.hit.matched, position=c.position, line=c.line) for c in uncited]
    threshold = f"≥ {T.plural(opts.min_citations, 'evidence link')}"
    if n >= opts.min_citations:
        return Outcome("good", value=n, message=f"{T.plural(n, 'link')} to evidence sources.", evidence=tuple(ev), threshold=threshold)
    if uncited:
        # as serious as CL005 finds the same sentences: the profile's severity of an evidence claim
        profile = clinic_of(ctx).profile
        level = "bad" if profile.severity_of("evidence") == "bad" else "ok"
        said = "an error" if level == "bad" else "a warning"
        return Outcome(level, value=n, evidence=tuple(ev), threshold=threshold,
                       message=f"{T.plural(len(uncited), 'evidence claim')} and {T.plural(n, 'citation')} "
                               f"({said} under the {profile.name} profile, as in CL005).")
    return Outcome("ok", value=n, message=f"Only {T.plural(n, 'link')} to evidence sources." if n else "No link to evidence sources.", evidence=tuple(ev), threshold=threshold)


@dataclass(frozen=True)
class SafetyNetOptions:
    missing_status: str = "ok"  # "bad" to make a missing safety net an error


def _surface(text: str, phrases: list[str]) -> tuple[str, ...]:
    """The phrases as written in ``text`` (they were matched lower-cased)."""
    low = text.lower()
    return tuple(text[i : i + len(p)] for p in phrases if (i := low.find(p)) >= 0)


@check(
    code="TR005",
    posts_only=True,
    name="safety-net",
    category="clinic",
    title="The post tells readers when to seek medical care",
    fail_title="The post discusses a condition without a safety net or disclaimer",
    why="Advice about a condition must not discourage essential treatment: readers need to know which symptoms need a doctor and that a post is not a diagnosis.",
    source="CAP Code 12.2 (must not discourage essential treatment); ASA ruling CMT Integrated Health; Search Quality Rater Guidelines (YMYL: harm to health)",
    fix="Add a short 'When to see a doctor' note (red-flag symptoms, call 911) and 'This post is general information, not medical advice.'",
    options=SafetyNetOptions,
)
def safety_net(doc, opts: SafetyNetOptions, ctx) -> Outcome:
    """When the post discusses a health condition, the page carries a safety net ("see
    your doctor if...", "call 911", "emergency") or a not-medical-advice note (phrases in
    ``data/claims/clinic.toml``).

    Good: present. ``missing_status`` (default ``ok``) when missing. Not judged when no
    condition is discussed.

    Passes: "If your back pain came with fever, go to an emergency department."
    Fails: a post about sciatica with no such sentence. English, French and Spanish pages.
    """
    if opts.missing_status not in ("ok", "bad"):
        raise ValueError(f"missing_status must be 'ok' or 'bad', got {opts.missing_status!r}")
    phrases_of_language = words_for_page(doc, "safety_net_phrases")
    if phrases_of_language is None:
        return Outcome.na(no_words_message(doc))
    if not _discusses_conditions(doc):
        return Outcome.na("The post does not discuss a health condition.")
    low = doc.page_text.lower()
    phrases = [p for p in phrases_of_language if p in low]
    threshold = "a safety-net or not-medical-advice note"
    if phrases:
        sentences = [s for s in doc.sentences if any(p in s.text.lower() for p in phrases)]
        ev = tuple(Evidence("sentence", s.text, verdict="safety net", highlights=_surface(s.text, phrases), position=s.position, line=s.line) for s in sentences[:5])
        return Outcome("good", value=len(phrases), message="The post tells readers when to seek medical care.", evidence=ev, threshold=threshold)
    return Outcome(opts.missing_status, value=0, message="The post discusses a condition but never says when to see a doctor or that it is not medical advice.", threshold=threshold)


CHECKS = (author_credentials, medical_review, content_dates, evidence_citations, safety_net)
