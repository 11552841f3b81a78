"""Keyphrase cannibalisation: pages that compete for one search, grouped into clusters.

Two pages are linked when their main content targets the same topic (TF-IDF cosine at
or above ``topic_threshold``) or when they declare (or are inferred to have) the same
keyphrase, compared by canonical content words so "acupuncture for back pain" and
"back pain acupuncture" are one keyphrase. The connected components of
that sparse graph are not used as clusters, because they chain (A resembles B, B
resembles C, so A lands with C); instead the strongest page not yet placed leads a
cluster and takes the pages linked to it, so every member competes with the page it is
advised against. Cost grows with the number of links, not pages squared.

In each cluster the strongest page is the one to keep: the best audit score when pages
were audited, else the most internal links from the other pages, else the longest.
Exact copies join their representative's cluster, so a group of k copies costs k. The
others are told what to do:

* ``canonicalise``: a near-duplicate of the strongest page: point rel=canonical at it
  (or 301 it);
* ``consolidate``: a city swap of it (doorway risk), or so similar (cosine >=
  ``consolidate_threshold``) that merging the two is the better page;
* ``differentiate``: same keyphrase or topic but different content: give it its own
  keyphrase and angle, and link it to the strongest page.

Canonicalise and consolidate both take a page out of search, so they are advised only
when the two pages target the same thing (their declared keyphrases, else the main part
of their titles without places and the site's name, one containing the other: "back
pain" and "lower back pain"). A clinic that writes every condition from one template
has posts on anxiety and sciatica 72 % alike: those are told to differentiate.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping, Sequence

from ..text import Keyphrase
from .brand import SiteNames, content_keys
from .duplicates import place_words
from .model import Cluster, ClusterMember, DuplicatePair, IntelOptions
from .pagetext import PageText, page_key


def keyphrase_key(phrase: str) -> frozenset[str]:
    return frozenset(Keyphrase.parse(phrase).content)


def incoming_links(pages: Sequence[PageText]) -> list[int]:
    """How many other pages of the set link to each page."""
    index = {page_key(p.url): i for i, p in enumerate(pages)}
    counts = [0] * len(pages)
    for i, p in enumerate(pages):
        for target in {page_key(h) for h in p.links_to}:
            j = index.get(target)
            if j is not None and j != i:
                counts[j] += 1
    return counts


def keyphrase_groups(keyphrases: Sequence[tuple[str, ...]]) -> dict[frozenset[str], list[int]]:
    """Pages per keyphrase (by canonical content words); only keyphrases of 2+ pages."""
    groups: dict[frozenset[str], list[int]] = defaultdict(list)
    for i, kps in enumerate(keyphrases):
        for key in {keyphrase_key(k) for k in kps if k.strip()}:
            if key:
                groups[key].append(i)
    return {k: v for k, v in groups.items() if len(v) > 1}


def strength_order(pages: Sequence[PageText], inlinks: list[int]) -> list[int]:
    """Pages strongest first: audit score (when audited), incoming links, words."""
    return sorted(
        range(len(pages)),
        key=lambda m: (pages[m].score is not None, pages[m].score or 0.0, inlinks[m], pages[m].word_count, -m),
        reverse=True,
    )


def leader_groups(
    order: list[int],
    neighbours: dict[int, set[int]],
    linked_groups: Sequence[Sequence[int]] = (),
    copies: Mapping[int, Sequence[int]] | None = None,
) -> list[list[int]]:
    """Groups in which every page competes directly with the group's first page.

    The strongest unassigned page leads a group and takes its unassigned neighbours:
    its ``neighbours`` plus every page of a ``linked_groups`` entry it belongs to (pages
    sharing a keyphrase: kept as groups, not expanded to all their pairs, so a keyphrase
    used by k pages costs k, not k^2). Unlike connected components this never chains
    (A like B, B like C, so A with C): each member is advised relative to a page it
    really resembles. A page with exact ``copies`` forms a group even with no neighbour.
    """
    groups_of: dict[int, list[int]] = defaultdict(list)
    for g, members in enumerate(linked_groups):
        for m in members:
            groups_of[m].append(g)
    copies = copies or {}
    assigned: set[int] = set()
    groups = []
    for leader in order:
        if leader in assigned:
            continue
        linked = set(neighbours.get(leader, ()))
        for g in groups_of.get(leader, ()):  # scanned once: afterwards all its pages are assigned
            linked.update(linked_groups[g])
        members = [leader] + sorted(m for m in linked if m not in assigned and m != leader)
        if len(members) < 2 and not copies.get(leader):
            continue
        assigned.update(members)
        groups.append(members)
    return groups


def strongest_of(members: list[int], pages: Sequence[PageText], inlinks: list[int]) -> tuple[int, str]:
    """The page to keep, and why it was chosen."""
    scored = [m for m in members if pages[m].score is not None]
    if scored:
        best = max(scored, key=lambda m: (pages[m].score, inlinks[m], pages[m].word_count, -m))
        return best, f"highest audit score ({pages[best].score:.0f})"
    best = max(members, key=lambda m: (inlinks[m], pages[m].word_count, -m))
    if inlinks[best] > 0:
        return best, f"most internal links from these pages ({inlinks[best]})"
    return best, f"longest main content ({pages[best].word_count} words)"


_MAIN_PART_RE = re.compile(r"\s*[:?!|]\s*|\s+[–—-]\s+")


@dataclass(frozen=True)
class Target:
    """What a page says it is about: its declared keyphrases, else the main part of its
    title (the site's name, a subtitle after ":" and the places left out)."""

    label: str
    keys: tuple[frozenset[str], ...]  # canonical content words, one set per keyphrase (or the title)

    def same_as(self, other: "Target") -> bool:
        """One names the other's topic, maybe more precisely ("back pain" and "lower back
        pain"); not two conditions ("anxiety and stress" and "sciatica"). Unknown: the same."""
        if not self.keys or not other.keys:
            return True
        return any(a <= b or b <= a for a in self.keys for b in other.keys)


def page_target(page: PageText, brand: SiteNames, cities: tuple[str, ...]) -> Target:
    if page.keyphrases:
        keys = tuple(k for k in (keyphrase_key(p) for p in page.keyphrases) if k)
        return Target("; ".join(page.keyphrases), keys)
    title = brand.title_topic(page.title) if page.title else page.h1
    main = next((p.strip() for p in _MAIN_PART_RE.split(title) if p.strip()), "")
    keys = content_keys(main, place_words(main, cities)) - brand.distinctive
    return Target(main, (keys,) if keys else ())


def advise(member: int, strongest: int, similarity: float, duplicate: DuplicatePair | None, shared: str, opts: IntelOptions, strongest_label: str,
           targets=None) -> tuple[str, str]:
    """(action, reason) for one non-strongest member of a cluster.

    Merging or redirecting a page (canonical, 301) is advised only when the two pages
    target the same thing (``targets()``: the member's and the strongest page's
    ``Target``): a post on anxiety is not redirected to one on sciatica because the
    clinic writes both from one template; it is told to tell its own topic apart.
    """
    if duplicate is not None and duplicate.kind == "city-swap":
        return "consolidate", (
            f"differs from \"{strongest_label}\" only in place names ({', '.join(duplicate.places_a + duplicate.places_b)}): "
            "a doorway risk under Google's spam policy; merge into one page listing the areas you serve, or rewrite with genuinely local content"
        )
    if duplicate is not None or similarity >= opts.consolidate_threshold:
        mine, theirs = targets() if targets is not None else (None, None)
        if mine is not None and not mine.same_as(theirs) and (duplicate is None or duplicate.kind != "exact"):
            what = f"{duplicate.kind}" if duplicate is not None else "much of the same text"
            return "differentiate", (
                f"{similarity:.0%} similar to \"{strongest_label}\" ({what}) but about another topic (\"{mine.label}\", not "
                f"\"{theirs.label}\"): keep both pages, rewrite the shared passages so this one covers its own topic, and link the two; "
                "a canonical or a redirect (301) would take it out of search"
            )
    if duplicate is not None:
        return "canonicalise", f"{similarity:.0%} similar to \"{strongest_label}\" ({duplicate.kind}): add rel=canonical to it or redirect (301)"
    if similarity >= opts.consolidate_threshold:
        return "consolidate", f"{similarity:.0%} similar to \"{strongest_label}\" about the same topic: merge the unique parts into it and redirect (301)"
    why = f"targets the same keyphrase \"{shared}\"" if shared else f"covers the same topic ({similarity:.0%} similar)"
    return "differentiate", f"{why} as \"{strongest_label}\": give it a distinct keyphrase and angle, and link it to that page"


def build_clusters(
    pages: Sequence[PageText],
    keyphrases: Sequence[tuple[str, ...]],
    topic_i,
    topic_j,
    similarity_of,
    duplicates: Sequence[DuplicatePair],
    opts: IntelOptions,
    terms_of=lambda rows: (),
    rep_of: Sequence[int] | None = None,
    brand: SiteNames = SiteNames(),
) -> tuple[Cluster, ...]:
    """Clusters of competing pages; ``similarity_of(i, j)`` gives a pair's cosine.

    ``rep_of[i]`` is the representative of page i's group of exact copies (see
    ``pairing.py``): the topic pairs join representatives only, and each copy joins
    the cluster of its representative, advised by the pair reported for it.
    """
    rep_of = list(range(len(pages))) if rep_of is None else list(rep_of)
    copies: dict[int, list[int]] = defaultdict(list)
    for i, r in enumerate(rep_of):
        if r != i:
            copies[r].append(i)
    neighbours: dict[int, set[int]] = defaultdict(set)
    for a, b in zip(list(topic_i), list(topic_j)):
        neighbours[int(a)].add(int(b))
        neighbours[int(b)].add(int(a))
    linked = [sorted({rep_of[m] for m in members}) for members in keyphrase_groups(keyphrases).values()]
    inlinks = incoming_links(pages)
    order = list(dict.fromkeys(rep_of[p] for p in strength_order(pages, inlinks)))  # a group ranks as its strongest copy
    comps = leader_groups(order, neighbours, [g for g in linked if len(g) > 1], copies)
    dup_of = {(min(d.a, d.b), max(d.a, d.b)): d for d in duplicates}

    def duplicate_between(m: int, other: int) -> DuplicatePair | None:
        rm, ro = rep_of[m], rep_of[other]
        if rm == ro:  # two copies of one text: the copy's exact pair with the representative says so
            return dup_of.get((rm, m if m != rm else other))
        return dup_of.get((min(rm, ro), max(rm, ro)))

    clusters = []
    for cid, leaders in enumerate(comps, start=1):
        members = [p for m in leaders for p in (m, *copies.get(m, ()))]
        strongest, why = strongest_of(members, pages, inlinks)  # the leader: explains why
        shared = _shared_keyphrases(members, keyphrases)
        label = pages[strongest].label
        out = [ClusterMember(strongest, "keep", f"strongest page: {why}", 1.0)]
        theirs = {keyphrase_key(k) for k in keyphrases[strongest]}
        for m in members:
            if m == strongest:
                continue
            sim = similarity_of(m, strongest)
            mine = {keyphrase_key(k): k for k in keyphrases[m]}
            common = next((text for key, text in mine.items() if key in theirs), "")
            targets = lambda m=m: (page_target(pages[m], brand, opts.cities), page_target(pages[strongest], brand, opts.cities))  # noqa: E731
            action, reason = advise(m, strongest, sim, duplicate_between(m, strongest), common, opts, label, targets)
            out.append(ClusterMember(m, action, reason, sim))
        out[1:] = sorted(out[1:], key=lambda c: (-c.similarity, c.page))
        clusters.append(Cluster(id=cid, strongest=strongest, members=tuple(out), keyphrases=shared, terms=tuple(terms_of(members)), strongest_reason=why))
    return tuple(clusters)


def _shared_keyphrases(members: list[int], keyphrases: Sequence[tuple[str, ...]]) -> tuple[str, ...]:
    seen: dict[frozenset[str], list[str]] = defaultdict(list)
    for m in members:
        for k in keyphrases[m]:
            seen[keyphrase_key(k)].append(k)
    return tuple(sorted(v[0] for v in seen.values() if len(v) > 1))
