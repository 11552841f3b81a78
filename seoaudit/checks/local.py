"""Local SEO: where the target city appears, whether it is stuffed, other places, place lists.

All four checks read place names through ``seoaudit.places`` (offline GeoNames
gazetteer, case-sensitive longest match, context rules for names that are also
ordinary words). Scans are cached per block text, so the four checks together cost
one pass over the page's tokens.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import text as T
from ..models import Evidence
from ..places import PlaceMatch, Target, find_places, make_target, surnames_in
from ..profiles import clinic_of
from ..registry import Outcome, check
from .clinic_common import clinic_cities, title_without_brand
from .keyword import STUFFING_SCORE_CAP

SLOTS = ("title", "h1", "intro", "meta_description", "slug", "subheadings", "body")
_SLOT_NAMES = {"slug": "the URL slug", "meta_description": "the meta description", "subheadings": "a subheading"}


def no_target_city(doc, ctx=None) -> Outcome:
    """``na`` for a run without a target city, naming the clinic's own city when the page's
    LocalBusiness markup gives one, else the city its title or H1 names, else the configured
    locations' (a start for ``-c``; never used silently)."""
    homes = clinic_cities(doc)  # the page's markup: what this page says of itself
    if homes:
        # the city in value too: the text summary and the scorecard's header offer it (reports.base.targeting_notes)
        return Outcome("na", value={"suggested_city": homes[0]},
                       message=f"No target city is configured: pass -c or set cities (this page's clinic address says '{homes[0]}').")
    # a draft has no clinic markup, but its title or H1 usually names the city it is for
    for where, text in (("title", doc.title), ("H1", doc.h1s[0] if doc.h1s else "")):
        named = next((m.surface for m in find_places(text or "", None) if m.kind == "city"), "")
        if named:
            return Outcome("na", value={"suggested_city": named},
                           message=f"No target city is configured: pass -c or set cities (the {where} names '{named}').")
    # a draft of a clinic with several locations: which one it is for is the author's to say
    configured = clinic_of(ctx).cities
    if len(configured) == 1:
        return Outcome("na", value={"suggested_city": configured[0]},
                       message=f"No target city is configured: pass -c or set cities (the clinic is in {configured[0]}).")
    if configured:
        return Outcome.na(f"No target city is configured: pass -c or set cities (the clinic's locations are in {T.and_list(configured)}).")
    return Outcome.na("No target city is configured: pass -c or set cities.")


def _page_people(doc, target: Target | None) -> frozenset:
    """One-word place names the page uses as surnames ("Martin Taylor", "Dr. Lee"):
    "in Taylor's case" further down is the same person, not the town."""
    def compute(d):
        return frozenset().union(*(surnames_in(b.text, target) for b in d.blocks))

    return doc.derived(("local.page_people", target), compute)


def _target(ctx) -> Target | None:
    cities = ctx.cities
    if not cities:
        return None
    return make_target(tuple(cities), tuple(a for a in ctx.targeting.city_aliases if a.strip()))


def _target_hits(text: str | None, target: Target) -> list[PlaceMatch]:
    return [m for m in find_places(text or "", target) if m.target] if text else []


def _highlights(matches: list[PlaceMatch]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.surface for m in matches))


def _slug_as_text(slug: str) -> str:
    """Slug words in Title Case, so "acupuncture-st-albert" can match "St. Albert"."""
    return " ".join(w.capitalize() for w in T.slug_words(slug))


def _sentence_around(text: str, start: int) -> str:
    """The sentence of ``text`` that contains character ``start`` (for evidence)."""
    pos = 0
    for s in T.split_sentences(text):
        found = text.find(s, pos)
        if found < 0:
            break
        if found <= start < found + len(s):
            return s
        pos = found + len(s)
    return text


def _body_blocks(doc):
    """Paragraph-like blocks of the main content, with their index in ``doc.blocks``."""
    return [(i, b) for i, b in enumerate(doc.blocks) if not b.is_heading]


def _body_sentence_hits(doc, target: Target):
    """(sentence, target matches) for body sentences that name the target.

    Scans whole blocks (the scan other local checks already cached) and assigns each
    match to the sentence of its block that contains it.
    """
    by_block = doc.sentences_by_block
    for i, block in _body_blocks(doc):
        hits = _target_hits(block.text, target)
        if not hits:
            continue
        pos = 0
        spans = []
        for s in by_block.get(i, ()):
            found = block.text.find(s.text, pos)
            if found < 0:
                continue
            spans.append((found, found + len(s.text), s))
            pos = found + len(s.text)
        for lo, hi, s in spans:
            inside = [m for m in hits if lo <= m.start < hi]
            if inside:
                yield s, inside


# ---------------------------------------------------------------------------------
# LC001


@dataclass(frozen=True)
class CityMentionOptions:
    max_evidence: int = 25  # body sentences shown as evidence


@check(
    code="LC001",
    name="city-mentions",
    category="local",
    title="The target city appears in the title, the opening and the body",
    fail_title="The target city is missing from key places",
    why="Local searches match pages whose title and opening name the city; surveys of local-SEO practitioners rank the city in the landing page title among the top on-page factors.",
    source="Whitespark Local Search Ranking Factors 2023 (geographic relevance, keywords in title); Moz/Mihm local factors (city in title #1, in H1/H2 #10)",
    fix="Name the city once in the title, once in the H1 or first paragraph, and naturally in the body (e.g. {example}).",
    fix_examples={"en": "'{Keyphrase} in {city}'", "fr": "'{Keyphrase} à {city}'", "es": "'{Keyphrase} en {city}'"},
    options=CityMentionOptions,
    weight=3.0,  # the city named where it counts is the heart of local relevance
)
def city_mentions(doc, opts: CityMentionOptions, ctx) -> Outcome:
    """Mentions of the target city, counted by slot: title, H1, intro (first paragraph),
    meta description, URL slug, subheadings (H2/H3) and body sentences.

    The city comes from ``cities`` in the targeting (aliases such as "YEG" or a
    neighbourhood from ``city_aliases`` count too). Matching is case-sensitive,
    ignores diacritics, reads "Edmonton's" as Edmonton and "St."/"St"/"Saint" as one
    word, and never counts the city inside a longer place name (with the target
    Richmond, "Richmond Hill" is not a mention) or inside the name of a newspaper, a
    university or a bank that the post cites ("The New York Times", "Edmonton Journal",
    "University of Toronto", "Université de Montréal"), or in something named after it
    ("a Cochrane review" in a post for Cochrane, AB; "l'Université Laval" in one for
    Laval). The intro is also part of the body.

    Good: in the title, in the H1 or intro, and in the body. OK: mentioned somewhere
    but missing from the title or from both the H1 and the intro (or absent from the
    body). Bad: never mentioned, or only in the slug, meta description or subheadings
    (the title, H1, intro and body never name it). Not applicable when no city is configured.

    Passes (city Edmonton): ``<title>Acupuncture for Back Pain in Edmonton</title>``,
    ``<h1>Acupuncture for back pain in Edmonton</h1>`` and a body sentence
    "Our Edmonton clinic is near the LRT."
    Fails: a post that never names Edmonton.
    """
    target = _target(ctx)
    if target is None:
        return no_target_city(doc, ctx)
    counts = dict.fromkeys(SLOTS, 0)
    evidence: list[Evidence] = []

    def add(slot: str, text: str | None, kind: str, line=None) -> None:
        hits = _target_hits(text, target)
        if hits:
            counts[slot] += len(hits)
            evidence.append(Evidence(kind, text, verdict="city", status="good", highlights=_highlights(hits), detail=slot, line=line))

    add("title", doc.title, "element")
    for h in doc.h1s:
        add("h1", h, "heading")
    if doc.intro is not None:
        add("intro", doc.intro.text, "sentence", doc.intro.line)
    add("meta_description", doc.meta_description, "element")
    # a pasted draft has no URL yet (KW007 says so): its file name is not a slug
    slug_hits = _target_hits(_slug_as_text(doc.slug), target) if doc.slug_is_known else []
    if slug_hits:
        counts["slug"] = len(slug_hits)
        evidence.append(Evidence("element", doc.slug, verdict="city", status="good", highlights=tuple(w for w in T.slug_words(doc.slug) if any(w in m.surface.lower().split() for m in slug_hits)), detail="slug"))
    for h in doc.subheadings:
        add("subheadings", h.text, "heading", h.line)
    body = list(_body_sentence_hits(doc, target))
    counts["body"] = sum(len(hits) for _, hits in body)
    for s, hits in body[: opts.max_evidence]:
        evidence.append(Evidence("sentence", s.text, verdict="city", status="good", highlights=_highlights(hits), detail="body", position=s.position, line=s.line))

    city = " / ".join(target.cities)
    threshold = "in the title, the H1 or intro, and the body"
    missing = [slot for slot in ("title", "h1", "intro", "body") if not counts[slot]]
    if not any(counts.values()):
        return Outcome("bad", value=counts, message=f"{city} is never mentioned.", threshold=threshold)
    if len(missing) == 4:
        # only the slug, the meta description or a subheading: the reader never meets the city
        where = [_SLOT_NAMES[slot] for slot in ("slug", "meta_description", "subheadings") if counts[slot]]
        return Outcome("bad", value=counts, message=f"{city} appears only in {' and '.join(filter(None, (', '.join(where[:-1]), where[-1])))}; "
                       "the title, H1, introduction and body never name it.", evidence=tuple(evidence), threshold=threshold)
    in_opening = counts["h1"] or counts["intro"]
    if counts["title"] and in_opening and counts["body"]:
        return Outcome("good", value=counts, message=f"{city} is in the title, the opening and the body ({T.plural(counts['body'], 'body mention')}).", evidence=tuple(evidence), threshold=threshold)
    return Outcome("ok", value=counts, message=f"{city} is mentioned, but not in: {', '.join(missing)}.", evidence=tuple(evidence), threshold=threshold)


# ---------------------------------------------------------------------------------
# LC002


@dataclass(frozen=True)
class CityStuffingOptions:
    max_per_100_words: float = 1.0  # body mentions per 100 body words
    min_mentions: int = 3  # the density signal needs at least this many (two are natural in any post)
    max_subheading_share: float = 0.75  # share of H2/H3 naming the city
    min_subheadings: int = 2  # the subheading signal needs at least this many
    max_title_mentions: int = 1
    max_paragraph_share: float = 0.8  # fires at or above this share of paragraphs
    min_paragraphs: int = 4  # the paragraph signal needs at least this many
    bad_signals: int = 2  # this many signals or more -> bad; fewer (but one) -> ok


@check(
    code="LC002",
    name="city-stuffing",
    category="local",
    title="The city is not over-used",
    fail_title="The city is repeated too often",
    why="Repeating a city name to rank for it is keyword stuffing, which Google's spam policies name explicitly; it also reads badly.",
    source="Google Search spam policies (keyword stuffing); Yoast keyphrase-in-subheadings cap (75 %)",
    fix="Name the city once in the title and opening, then write about local specifics (neighbourhood, parking, transit) instead of repeating it.",
    options=CityStuffingOptions,
    caps_score=STUFFING_SCORE_CAP,
)
def city_stuffing(doc, opts: CityStuffingOptions, ctx) -> Outcome:
    """Signals that the target city is over-optimised. Each signal is checked on its own:

    * ``density``: more than ``max_per_100_words`` body mentions per 100 body words,
      from ``min_mentions`` mentions on (a short post naming its city in the intro and
      the call to action is not stuffing);
    * ``subheadings``: the city in more than ``max_subheading_share`` of H2/H3
      (with at least ``min_subheadings`` of them);
    * ``title``: the city more than ``max_title_mentions`` times in the title;
    * ``paragraphs``: the city in at least ``max_paragraph_share`` of paragraphs
      (with at least ``min_paragraphs`` of them).

    The value is the list of signals that fired. Good: none. OK: one (a single
    signal is often a short post or a habit, not spam). Bad: ``bad_signals`` or more.
    Not applicable when no city is configured or the city is never mentioned.

    Passes: a 600-word post naming Edmonton in the title, the intro and twice more.
    Fails: "Edmonton Acupuncture | Acupuncture Edmonton" with Edmonton in every
    heading and every paragraph.
    """
    target = _target(ctx)
    if target is None:
        return no_target_city(doc, ctx)
    fired: list[str] = []
    evidence: list[Evidence] = []
    facts: dict[str, str] = {}  # signal -> its figure, fired or not

    para_hits = [(b, _target_hits(b.text, target)) for _, b in _body_blocks(doc)]
    body_mentions = sum(len(h) for _, h in para_hits)
    if not body_mentions and not _target_hits(doc.title, target) and not any(_target_hits(h.text, target) for h in doc.headings):
        # Nothing to over-use: a post that never names its city is LC001's failure,
        # and calling it "good" here would pull the local score up.
        return Outcome.na(f"{ctx.cities[0]} is not named in the post's title, headings or text, so it cannot be over-used.")
    words = doc.word_count
    density = 100.0 * body_mentions / words if words else 0.0
    facts["density"] = f"{density:.1f} per 100 words (max {opts.max_per_100_words:g})"
    if words and density > opts.max_per_100_words and body_mentions >= opts.min_mentions:
        fired.append("density")
        evidence.append(Evidence("text", f"{body_mentions} mentions in {words} words", verdict="density", status="bad", detail=f"{density:.2f} per 100 words (max {opts.max_per_100_words})"))

    subs = doc.subheadings
    sub_hits = [(h, _target_hits(h.text, target)) for h in subs]
    with_city = [(h, hits) for h, hits in sub_hits if hits]
    if len(subs) >= opts.min_subheadings:
        share = len(with_city) / len(subs)
        facts["subheadings"] = f"in {len(with_city)}/{len(subs)} subheadings"
        if share > opts.max_subheading_share:
            fired.append("subheadings")
            evidence += [Evidence("heading", h.text, verdict="subheadings", status="bad", highlights=_highlights(hits), detail=f"{len(with_city)} of {len(subs)} subheadings", line=h.line) for h, hits in with_city]

    title_hits = _target_hits(title_without_brand(doc, ctx), target)  # not "| Edmonton Physio"
    facts["title"] = f"{len(title_hits)}× in the title"
    if len(title_hits) > opts.max_title_mentions:
        fired.append("title")
        evidence.append(Evidence("element", doc.title, verdict="title", status="bad", highlights=_highlights(title_hits), detail=f"{len(title_hits)} mentions in the title"))

    paragraphs = [(b, h) for b, h in para_hits if b.kind == "p"]
    if len(paragraphs) >= opts.min_paragraphs:
        in_paras = [(b, h) for b, h in paragraphs if h]
        share = len(in_paras) / len(paragraphs)
        facts["paragraphs"] = f"in {len(in_paras)}/{len(paragraphs)} paragraphs"
        if share >= opts.max_paragraph_share:
            fired.append("paragraphs")
            evidence += [Evidence("sentence", b.text, verdict="paragraphs", status="bad", highlights=_highlights(h), detail=f"{len(in_paras)} of {len(paragraphs)} paragraphs", line=b.line) for b, h in in_paras[:10]]

    threshold = (
        f"≤ {opts.max_per_100_words:g} per 100 words, ≤ {opts.max_subheading_share:.0%} of subheadings, "
        f"≤ {opts.max_title_mentions}× in the title, < {opts.max_paragraph_share:.0%} of paragraphs"
    )
    # the figures measured, so a good result shows them too (the signals alone were empty)
    value = {"per_100_words": round(density, 2), "title_mentions": len(title_hits), "signals": fired}
    if not fired:
        return Outcome("good", value=value, message=f"The city is used in moderation ({'; '.join(facts.values())}).", threshold=threshold)
    status = "bad" if len(fired) >= opts.bad_signals else "ok"
    # the signals that fired, then the figures that stayed within limits, so that neither reads as the other
    within = [text for signal, text in facts.items() if signal not in fired]
    message = f"Signs of city stuffing: {'; '.join(facts[signal] for signal in fired)}." + (
        f" Within limits: {'; '.join(within)}." if within else "")
    return Outcome(status, value=value, message=message, evidence=tuple(evidence), threshold=threshold)


# ---------------------------------------------------------------------------------
# LC003


@dataclass(frozen=True)
class OtherPlacesOptions:
    min_mentions_for_bad: int = 2  # another city must be named at least this often to fail
    max_evidence: int = 20


def _clinic_city_target(doc, ctx) -> Target | None:
    """The clinic's own cities (its LocalBusiness markup, its configured locations) as a
    target for telling homonyms apart on a run without a configured city: on a Toronto
    clinic's page "Scarborough" is the Toronto district, not the English town. Not a target
    city: nothing is judged against it."""
    homes = clinic_cities(doc, ctx)
    return make_target(tuple(homes)) if homes else None


def _tally_places(doc, target: Target | None, count_target: bool = False):
    """Mentions in the main content: target total, and other places by label (the target's
    mentions among them too with ``count_target``: a city only used to resolve homonyms)."""
    target_count = 0
    others: dict[str, dict] = {}
    people = _page_people(doc, target)
    for block in doc.blocks:
        for m in find_places(block.text, target, people):
            if m.target and not count_target:
                target_count += 1
                continue
            label = m.place.label if m.place else m.name
            entry = others.get(label)
            if entry is None:
                nearby = target is not None and target.nearby(m.place)
                entry = others[label] = {"name": m.name, "label": label, "kind": m.kind, "nearby": nearby, "count": 0, "surfaces": [], "first": (block, m),
                                         "target": m.target, "may_be_local": target is not None}
            entry["count"] += 1
            entry["may_be_local"] = entry["may_be_local"] and target.may_be_local(m)  # every mention bare
            if m.surface not in entry["surfaces"]:
                entry["surfaces"].append(m.surface)
    return target_count, sorted(others.values(), key=lambda e: (-e["count"], e["label"]))


def _place_detail(entry: dict) -> str:
    mentions = T.plural(entry["count"], "mention")
    if entry["kind"] == "local":  # the town far away is what the name is not
        return f"{entry['name']}: {mentions}, read as a local name (elsewhere only a small town: {entry['label']})"
    return f"{entry['label']}: {mentions}"


@check(
    code="LC003",
    name="other-places",
    category="local",
    title="The post is about the target city, not another one",
    fail_title="Other cities are named besides the target city",  # ok: a city elsewhere; bad: named more often
    why="A post for one city that mostly names another looks like a doorway page (a page targeted at a region that funnels users elsewhere), and it confuses readers about where the clinic is.",
    source="Google Search spam policies (doorway pages: 'pages targeted at specific regions or cities')",
    fix="Make sure the post names the clinic's own city; move content about a city outside your area to that location's own page (nearby towns you serve can stay).",
    options=OtherPlacesOptions,
)
def other_places(doc, opts: OtherPlacesOptions, ctx) -> Outcome:
    """Other places named in the main content, detected offline with the GeoNames
    gazetteer (cities of 15,000+ in CA/US/GB/IE/AU/NZ, Canadian suburbs of 5,000+,
    100,000+ elsewhere, provinces and states; in posts for Toronto, Montréal or
    Vancouver, also their districts that GeoNames misses). A bare name known only as
    small towns elsewhere (under 100,000) is read as a local name of the target city.

    Names that are also common words or people's names ("Mobile", "Hope", "Reading",
    "Austin") count only in a place context: after in/near/from/serving/to/of, or
    followed by a province or state ("Mobile, AL"). Month and planet names ("in March",
    "on Jupiter") count only with a region after them ("Jupiter, FL"). A name inside a
    longer proper noun ("Calgary Trail", "Oxford University", "Los Angeles County"), in a
    newspaper's, university's or bank's name ("The New York Times", "Toronto Star",
    "University of Toronto", "Le Journal de Montréal") or named after the place ("a
    Cochrane review", "the Ottawa ankle rules") does not count, nor does a surname:
    after a given name or a title ("Martin Taylor", "Dr. Lee"), and then anywhere on the
    page ("in Taylor's case"). A name that is both a state or province and a smaller
    city abroad ("Virginia") is the state; a city followed by a state's name
    ("Alexandria, Virginia") is the one in that state, and a country after a city
    decides too ("London, UK", "London (England)"). Otherwise homonyms resolve toward a
    district of the target city (Rosemont, the Montréal borough, for Montréal; not
    Rosemont, California), then toward the target's province or state (Beaumont, AB for
    Edmonton; London, ON for Toronto), then toward its country unless a homonym
    elsewhere is at least ten times as populous (London is London, England for Edmonton
    or Vancouver; Victoria is Victoria, BC for Edmonton), else the most populous.

    The value lists each other place with its count and kind: ``city``, ``region``
    (province or state), ``district`` (a part of the target city: in GeoNames, such as
    Beltline for Calgary, or in ``data/place_districts.tsv``, such as Rosemont for
    Montréal and Scarborough, Etobicoke, North York or Yorkville for Toronto) or
    ``local``: a name GeoNames knows only as towns under 100,000 people, resolved to one
    outside the target's province or state, never written with its region, and named no
    more often than the target city. In a post about the target city such a name is more
    likely one of its neighbourhoods, streets or landmarks ("Westlake" in an Austin post,
    "Kensington" and "Sunnyside" in a Calgary one) than a small town far away; "Westlake,
    Ohio" is the town. Bad: another city is named more often than the target city,
    and at least ``min_mentions_for_bad`` times. OK: a city outside the target's
    province or state is named (less often). Good: no other city, or only cities in the
    target's province or state (the suburbs a clinic serves); regions, districts and
    local names never change the verdict (local names are noted in the message). With no target city configured the status is ``na``, but
    the value and evidence still list the places found, homonyms resolved toward the
    clinic's own city when its LocalBusiness markup gives one.

    Passes (city Edmonton): "Our Edmonton clinic treats back pain; many patients come
    from St. Albert."
    Fails (city Edmonton): a post saying "acupuncture in Calgary" five times and
    never naming Edmonton.
    """
    target = _target(ctx)
    hint = None if target is not None else _clinic_city_target(doc, ctx)
    target_count, others = _tally_places(doc, target or hint, count_target=hint is not None)
    if hint is not None:
        target_count = sum(e["count"] for e in others if e["target"])
    for e in others:  # a small town elsewhere, named no more often than the target: a local name
        if e["kind"] == "city" and e["may_be_local"] and e["count"] <= target_count:
            e["kind"] = "local"
    cities = [e for e in others if e["kind"] == "city"]
    local_names = [e["name"] for e in others if e["kind"] == "local"]
    value = [{"name": e["name"], "label": e["label"], "kind": e["kind"], "count": e["count"]} for e in others]
    top = cities[0] if cities else None
    off_target = top is not None and target is not None and top["count"] > target_count and top["count"] >= opts.min_mentions_for_bad
    elsewhere = [e for e in cities if not e["nearby"]]

    evidence = []
    for e in others[: opts.max_evidence]:
        block, m = e["first"]
        status = "bad" if off_target and e is top else ("ok" if e in elsewhere else "")
        evidence.append(Evidence("place", _sentence_around(block.text, m.start), verdict=e["kind"], status=status, highlights=tuple(e["surfaces"]), detail=_place_detail(e), line=block.line))

    if target is None:
        msg = (f"{T.plural(len(others), 'place')} named; no target city is configured to compare with (pass -c or set cities)."
               if others else "No target city is configured and no places are named.")
        return Outcome("na", value=value, message=msg, evidence=tuple(evidence), threshold="no other city named more often than the target city")
    city = " / ".join(target.cities)
    region = target.region
    threshold = f"no other city named more often than {city}, and none outside {region}" if region else f"no city other than {city} named"
    if off_target:
        return Outcome("bad", value=value, message=f"{top['name']} is named {top['count']}× but {city} only {target_count}×.", evidence=tuple(evidence), threshold=threshold)
    if elsewhere:
        names = ", ".join(e["name"] for e in elsewhere[:5])
        where = f"outside {region}" if region else "besides it"
        return Outcome("ok", value=value, message=f"{city} is named {target_count}×; cities {where} are named too: {names}.", evidence=tuple(evidence), threshold=threshold)
    # a note, not a warning: the names are the target's own unless the post says otherwise
    note = (f" Read as places in {city}, not the small towns elsewhere of the same name: {', '.join(local_names[:5])}."
            if local_names else "")
    if cities:
        names = ", ".join(e["name"] for e in cities[:5])
        return Outcome("good", value=value, message=f"No city outside {region} is named besides {city}; nearby: {names}.{note}", evidence=tuple(evidence), threshold=threshold)
    return Outcome("good", value=value, message=f"No city other than {city} is named.{note}", evidence=tuple(evidence), threshold=threshold)


# ---------------------------------------------------------------------------------
# LC004


@dataclass(frozen=True)
class PlaceListOptions:
    min_places: int = 5  # a block naming this many distinct places is a place list


def _place_units(doc):
    """Blocks to judge: each paragraph on its own, consecutive list items as one list."""
    units: list[tuple[str, int | None]] = []
    items: list[str] = []
    line = None
    for b in doc.blocks:
        if b.kind == "li":
            if not items:
                line = b.line
            items.append(b.text)
            continue
        if items:
            units.append(("\n".join(items), line))
            items = []
        units.append((b.text, b.line))
    if items:
        units.append(("\n".join(items), line))
    return units


@check(
    code="LC004",
    name="place-lists",
    category="local",
    title="No blocks of text listing places",
    fail_title="A block of text lists many places",
    why="Google's spam policy names 'blocks of text that list cities and regions that a web page is trying to rank for' as keyword stuffing.",
    source="Google Search spam policies (keyword stuffing: lists of cities and regions)",
    fix="Replace the list with one sentence about the area you serve, or a link to a service-area or contact page.",
    options=PlaceListOptions,
)
def place_lists(doc, opts: PlaceListOptions, ctx) -> Outcome:
    """Blocks (a paragraph, or a run of list items) that name ``min_places`` or more
    distinct places, counting the target city and provinces/states too. Works with
    or without a configured city.

    The value is the number of such blocks. Good: none. Bad: one or more.

    Passes: "We are a 10-minute walk from the Whyte Avenue LRT stop in Edmonton."
    Fails: "We serve Edmonton, St. Albert, Sherwood Park, Spruce Grove, Leduc and
    Beaumont."
    """
    target = _target(ctx) or _clinic_city_target(doc, ctx)  # counted like any place; it tells homonyms apart
    units = _place_units(doc)
    if not units:
        return Outcome.na("The main content is empty.")
    evidence = []
    people = _page_people(doc, target)
    for text, line in units:
        matches = find_places(text, target, people)
        distinct = list(dict.fromkeys(m.name for m in matches))
        if len(distinct) >= opts.min_places:
            evidence.append(Evidence("text", text, verdict="place list", status="bad", highlights=_highlights(matches), detail=f"{len(distinct)} places: {', '.join(distinct)}", line=line))
    threshold = f"fewer than {opts.min_places} distinct places per block"
    if evidence:
        return Outcome("bad", value=len(evidence), message=f"{T.plural(len(evidence), 'block')} {T.agree(len(evidence), 'lists', 'list')} {opts.min_places} or more places.", evidence=tuple(evidence), threshold=threshold)
    return Outcome("good", value=0, message="No block of text lists many places.", threshold=threshold)


CHECKS = (city_mentions, city_stuffing, other_places, place_lists)
