"""Options and results of site intelligence: frozen dataclasses with ``to_dict()``.

Pages are referred to by their index in ``SiteIntel.pages``; ``to_dict()`` writes
URLs too, so the JSON can be read without the index.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

INTEL_SCHEMA_VERSION = 1


@dataclass(frozen=True)
class IntelOptions:
    """Thresholds of site intelligence (every one can be set in config or by a flag).

    ``duplicate_threshold``: TF-IDF cosine of the main content at or above which two pages
    are near-duplicates (Screaming Frog's near-duplicate default is 90 %).
    ``topic_threshold``: cosine at or above which two pages target the same topic and are
    linked in the cannibalisation graph.
    ``consolidate_threshold``: a page this similar to its cluster's strongest page (but
    below the duplicate threshold) is advised to merge into it; below, to differentiate.
    ``doorway_max_other_changes``: share of a page's words that may differ besides the
    places (names, numbers, function words; never a content word) while the pair still
    counts as a city swap.
    ``infer_keyphrases``: use the top suggestion as the keyphrase of pages without one.
    ``max_pairs_per_page``: each page is compared word by word (near-duplicate and
    city-swap test) with at most this many of its most similar pages, so a site built
    from one template costs pages x this many comparisons, not pages squared; the
    similar pages left out are counted per page and in the summary. Exact copies are
    grouped before this and do not count towards it.
    """

    duplicate_threshold: float = 0.9
    topic_threshold: float = 0.65
    consolidate_threshold: float = 0.7
    doorway_max_other_changes: float = 0.05
    infer_keyphrases: bool = False
    suggestions: int = 5
    max_pairs_per_page: int = 10
    cities: tuple[str, ...] = ()
    # the clinic's own names from config (clinic_name): kept out of suggestions and topics
    # like the names pages declare, even on a site whose pages declare none
    site_names: tuple[str, ...] = ()
    chunk_rows: int = 1000  # rows per sparse product block: bounds memory at ~chunk x n
    map: bool = True  # compute the 2-D similarity map

    def __post_init__(self) -> None:
        for name in ("duplicate_threshold", "topic_threshold", "consolidate_threshold", "doorway_max_other_changes"):
            v = getattr(self, name)
            if not 0.0 <= v <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1, got {v!r}")
        if self.topic_threshold > self.duplicate_threshold:
            raise ValueError(f"topic_threshold ({self.topic_threshold}) must not exceed duplicate_threshold ({self.duplicate_threshold})")
        if self.suggestions < 0 or self.chunk_rows < 1:
            raise ValueError("suggestions must be >= 0 and chunk_rows >= 1")
        if self.max_pairs_per_page < 1:
            raise ValueError(f"max_pairs_per_page must be at least 1, got {self.max_pairs_per_page!r}")


@dataclass(frozen=True)
class Segment:
    """A run of words in a diff; ``changed`` marks what differs from the other page."""

    text: str
    changed: bool = False


@dataclass(frozen=True)
class DiffRow:
    """One aligned row of a side-by-side diff: sentences of page A and of page B."""

    op: str  # "replace", "delete" (only in A), "insert" (only in B)
    left: tuple[Segment, ...]
    right: tuple[Segment, ...]

    def to_dict(self) -> dict:
        return {
            "op": self.op,
            "a": "".join(s.text for s in self.left),
            "b": "".join(s.text for s in self.right),
            "a_changed": [s.text.strip() for s in self.left if s.changed],
            "b_changed": [s.text.strip() for s in self.right if s.changed],
        }


@dataclass(frozen=True)
class DuplicatePair:
    """Two pages whose main content is (nearly) the same.

    ``kind``: ``exact`` (same words), ``city-swap`` (a place replaced by another and no
    content word changed: a doorway risk), ``near-duplicate`` (cosine >= the duplicate
    threshold). In an
    ``exact`` pair ``a`` is the first page of its group of exact copies (the
    representative) and ``b`` a copy: every other page is compared with ``a`` only.

    ``diff`` is a sequence of rows computed the first time it is read (see
    ``duplicates.LazyDiff``): classifying a pair does not need it.
    """

    a: int
    b: int
    similarity: float
    kind: str
    places_a: tuple[str, ...] = ()  # the place names that differ, as written in A
    places_b: tuple[str, ...] = ()
    # words that differ other than place names: for a city swap, counted along the word
    # alignment; for a near-duplicate, the non-place words one page has more of than the other
    changed_words: int = 0
    same_sentences: int = 0
    diff: tuple[DiffRow, ...] = ()

    @property
    def doorway(self) -> bool:
        return self.kind == "city-swap"


@dataclass(frozen=True)
class ClusterMember:
    page: int
    action: str  # "keep" (the strongest), "canonicalise", "consolidate", "differentiate"
    reason: str
    similarity: float  # TF-IDF cosine with the strongest page (1.0 for itself)


@dataclass(frozen=True)
class Cluster:
    """Pages that compete for the same search: one strongest page and advice for the rest."""

    id: int
    strongest: int
    members: tuple[ClusterMember, ...]
    keyphrases: tuple[str, ...]  # the keyphrases members share (declared or inferred)
    terms: tuple[str, ...]  # the cluster's most characteristic words, as its label
    strongest_reason: str = ""

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(m.page for m in self.members)


@dataclass(frozen=True)
class Suggestion:
    phrase: str
    score: float
    in_title: bool = False
    count: int = 0  # times the phrase occurs in the page


@dataclass(frozen=True)
class PageIntel:
    """What site intelligence says about one page."""

    url: str
    label: str
    source: str
    words: int
    keyphrases: tuple[str, ...]  # declared
    inferred_keyphrase: str = ""  # set when the page had none and inference is on
    suggestions: tuple[Suggestion, ...] = ()
    cluster: int | None = None
    competes_with: tuple[tuple[int, float], ...] = ()  # (page, similarity), most similar first
    duplicates: tuple[int, ...] = ()  # pages it is a near-duplicate or city swap of
    exact_copy_of: int | None = None  # the representative whose every duplicate finding applies to this page
    duplicates_not_reported: int = 0  # pages at or above the duplicate threshold left out by max_pairs_per_page
    similar_not_compared: int = 0  # pages in the city-swap range (below that threshold) not compared, same cap
    similar_pages: int = 0  # other pages at or above the lowest threshold in use (exact copies included), listed or not
    x: float | None = None  # 2-D map position (0..1), None when the map was not computed
    y: float | None = None
    score: float | None = None


@dataclass(frozen=True)
class SiteIntel:
    pages: tuple[PageIntel, ...]
    duplicates: tuple[DuplicatePair, ...]
    clusters: tuple[Cluster, ...]
    options: IntelOptions = field(default_factory=IntelOptions)
    tool_version: str = ""

    @property
    def doorways(self) -> tuple[DuplicatePair, ...]:
        return tuple(d for d in self.duplicates if d.doorway)

    def to_dict(self, diffs: bool = True) -> dict:
        """Everything as JSON-ready data; ``diffs=False`` leaves each pair's ``"diff"`` empty
        (for writers that stream the diffs one pair at a time: see :func:`pair_diff_dicts`)."""
        url = lambda i: self.pages[i].url  # noqa: E731 - local shorthand
        return {
            "schema_version": INTEL_SCHEMA_VERSION,
            "tool": {"name": "seoaudit", "version": self.tool_version},
            "options": {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self.options).items() if k not in ("chunk_rows",)},
            "summary": {
                "pages": len(self.pages),
                "near_duplicate_pairs": sum(1 for d in self.duplicates if d.kind != "city-swap"),
                "city_swap_pairs": len(self.doorways),
                "clusters": len(self.clusters),
                "pages_in_clusters": sum(len(c.members) for c in self.clusters),
                "exact_copies": sum(1 for p in self.pages if p.exact_copy_of is not None),
                # each pair is counted by both of its pages: halve the per-page sums
                "pairs_not_reported": sum(p.duplicates_not_reported for p in self.pages) // 2,
                "pairs_not_compared": sum(p.similar_not_compared for p in self.pages) // 2,
            },
            "duplicates": [
                {
                    "a": url(d.a),
                    "b": url(d.b),
                    "similarity": round(d.similarity, 4),
                    "kind": d.kind,
                    "doorway_risk": d.doorway,
                    "places_a": list(d.places_a),
                    "places_b": list(d.places_b),
                    "changed_words": d.changed_words,
                    "same_sentences": d.same_sentences,
                    "diff": [r.to_dict() for r in d.diff] if diffs else [],
                }
                for d in self.duplicates
            ],
            "clusters": [
                {
                    "id": c.id,
                    "strongest": url(c.strongest),
                    "strongest_reason": c.strongest_reason,
                    "keyphrases": list(c.keyphrases),
                    "terms": list(c.terms),
                    "members": [
                        {"url": url(m.page), "action": m.action, "reason": m.reason, "similarity": round(m.similarity, 4)}
                        for m in c.members
                    ],
                }
                for c in self.clusters
            ],
            "pages": [
                {
                    "url": p.url,
                    "title": p.label,
                    "words": p.words,
                    "score": p.score,
                    "keyphrases": list(p.keyphrases),
                    "inferred_keyphrase": p.inferred_keyphrase or None,
                    "suggestions": [
                        {"phrase": s.phrase, "score": round(s.score, 3), "in_title": s.in_title, "count": s.count} for s in p.suggestions
                    ],
                    "cluster": p.cluster,
                    "competes_with": [{"url": url(j), "similarity": round(s, 4)} for j, s in p.competes_with],
                    "duplicates": [url(j) for j in p.duplicates],
                    "exact_copy_of": None if p.exact_copy_of is None else url(p.exact_copy_of),
                    "duplicates_not_reported": p.duplicates_not_reported,
                    "similar_not_compared": p.similar_not_compared,
                    "similar_pages": p.similar_pages,
                    "map": None if p.x is None else [round(p.x, 4), round(p.y, 4)],
                }
                for p in self.pages
            ],
        }


@dataclass(frozen=True)
class TermUse:
    """One term or subtopic across the competitors, and whether the post covers it."""

    term: str  # as most often written by the competitors
    kind: str  # "term" (one word) or "subtopic" (2-3 words)
    weight: float  # importance: competitor share x (1 + log of typical use)
    used_by: tuple[tuple[int, int], ...]  # (competitor index, occurrences)
    post_count: int
    typical: int  # median occurrences among the competitors that use it

    @property
    def covered(self) -> bool:
        return self.post_count > 0


@dataclass(frozen=True)
class TopicGaps:
    """``seoaudit compare``: what the competitors share that the post does or does not cover."""

    post: str
    post_label: str
    competitors: tuple[str, ...]
    competitor_labels: tuple[str, ...]
    terms: tuple[TermUse, ...]  # every shared term, by weight
    coverage: float  # 0..100: weighted share of shared terms the post uses
    min_share: float
    errors: tuple[str, ...] = ()  # competitors that could not be read (source: cause)
    tool_version: str = ""

    @property
    def gaps(self) -> tuple[TermUse, ...]:
        return tuple(t for t in self.terms if not t.covered)

    @property
    def covered(self) -> tuple[TermUse, ...]:
        return tuple(t for t in self.terms if t.covered)

    def to_dict(self) -> dict:
        def term(t: TermUse) -> dict:
            return {
                "term": t.term,
                "kind": t.kind,
                "weight": round(t.weight, 3),
                "post_count": t.post_count,
                "typical": t.typical,
                "used_by": [{"competitor": self.competitors[i], "count": n} for i, n in t.used_by],
            }

        return {
            "schema_version": INTEL_SCHEMA_VERSION,
            "tool": {"name": "seoaudit", "version": self.tool_version},
            "post": self.post,
            "competitors": list(self.competitors),
            "min_share": self.min_share,
            "coverage": round(self.coverage, 1),
            "gaps": [term(t) for t in self.gaps],
            "covered": [term(t) for t in self.covered],
            "errors": list(self.errors),
        }


def pair_diff_dicts(pair: DuplicatePair) -> list[dict]:
    """The pair's diff rows as JSON-ready data, without keeping them on the pair.

    A lazy diff (``duplicates.LazyDiff``) caches its rows once read; a writer going
    through thousands of pairs would then hold every diff at once. ``uncached()``
    computes them for this call only.
    """
    rows = pair.diff.uncached() if hasattr(pair.diff, "uncached") else pair.diff
    return [r.to_dict() for r in rows]

