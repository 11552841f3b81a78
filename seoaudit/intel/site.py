"""``analyse_site``: near-duplicates, city swaps, cannibalisation clusters, suggestions, map.

One TF-IDF matrix is built from the pages' main content; one chunked sparse product
gives every pair above the lowest threshold in use; everything else is derived from
those pairs (see ``vectors.py`` for why no dense n x n matrix is ever made).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from .. import __version__
from .. import text as T
from .clusters import build_clusters
from .duplicates import SWAP_CANDIDATE_FLOOR, classify_pair, place_words
from .keyphrases import idf_from_vocabulary, suggest
from .model import DuplicatePair, IntelOptions, PageIntel, SiteIntel
from .pagetext import PageText
from .vectors import cosine, project_2d, similar_pairs, tfidf_matrix, top_terms

MAX_COMPETITORS = 10  # "competes with" entries kept per page


class _Places:
    """Place words per page, computed only for the pages that need them."""

    def __init__(self, pages: list[PageText], cities: tuple[str, ...]):
        self.pages, self.cities, self.cache = pages, cities, {}

    def __getitem__(self, i: int) -> frozenset[str]:
        if i not in self.cache:
            p = self.pages[i]
            self.cache[i] = place_words(p.text, tuple(dict.fromkeys(self.cities + p.cities)))
        return self.cache[i]


def find_duplicates(pages: list[PageText], pair_i, pair_j, sims, places: _Places, opts: IntelOptions) -> tuple[DuplicatePair, ...]:
    floor = min(SWAP_CANDIDATE_FLOOR, opts.duplicate_threshold)
    found = []
    for i, j, s in zip(pair_i.tolist(), pair_j.tolist(), sims.tolist()):
        if s < floor:
            continue
        pair = classify_pair(i, j, s, pages[i].text, pages[j].text, places[i], places[j], opts)
        if pair is not None:
            found.append(pair)
    return tuple(sorted(found, key=lambda d: (-d.similarity, d.a, d.b)))


def _surface_terms(stems: Iterable[str], texts: Iterable[str]) -> tuple[str, ...]:
    """Stemmed terms ("acupunctur back") written as the pages write them."""
    written: dict[str, str] = {}
    for text in texts:
        for w in T.words(text):
            written.setdefault(T.canonical_token(w.lower()), w.lower())
    return tuple(" ".join(written.get(s, s) for s in term.split(" ")) for term in stems)


def analyse_site(pages: Iterable[PageText], options: IntelOptions | None = None) -> SiteIntel:
    opts = options or IntelOptions()
    pages = list(pages)
    n = len(pages)
    X, vectorizer = tfidf_matrix([p.text for p in pages])
    floor = min(opts.topic_threshold, SWAP_CANDIDATE_FLOOR, opts.duplicate_threshold)
    pi, pj, ps = similar_pairs(X, floor, opts.chunk_rows)
    places = _Places(pages, tuple(opts.cities))
    duplicates = find_duplicates(pages, pi, pj, ps, places, opts)

    idf = idf_from_vocabulary(vectorizer)
    suggestions = {}
    for i, p in enumerate(pages):
        if not p.keyphrases and opts.suggestions:
            suggestions[i] = suggest(p, idf, opts.suggestions, places[i])
    keyphrases = [
        p.keyphrases or ((suggestions[i][0].phrase,) if opts.infer_keyphrases and suggestions.get(i) else ())
        for i, p in enumerate(pages)
    ]

    topic = ps >= opts.topic_threshold - 1e-6
    ti, tj, ts = pi[topic], pj[topic], ps[topic]

    def terms_of(rows):
        stems = top_terms(X, vectorizer, rows)
        return _surface_terms(stems, (pages[r].text for r in rows[:5]))

    clusters = build_clusters(pages, keyphrases, ti, tj, lambda a, b: cosine(X, a, b), duplicates, opts, terms_of)

    neighbours: dict[int, dict[int, float]] = defaultdict(dict)
    for a, b, s in zip(ti.tolist(), tj.tolist(), ts.tolist()):
        neighbours[a][b] = s
        neighbours[b][a] = s
    cluster_of = {}
    for c in clusters:
        for m in c.members:
            cluster_of[m.page] = c.id
        for m in c.members:  # same keyphrase counts as competing even with different words
            for o in c.members:
                if o.page != m.page and o.page not in neighbours[m.page] and _share_keyphrase(keyphrases[m.page], keyphrases[o.page]):
                    neighbours[m.page][o.page] = cosine(X, m.page, o.page)
    dup_partners: dict[int, list[int]] = defaultdict(list)
    for d in duplicates:
        dup_partners[d.a].append(d.b)
        dup_partners[d.b].append(d.a)

    coords = project_2d(X) if opts.map and n else None
    page_views = []
    for i, p in enumerate(pages):
        competitors = sorted(neighbours.get(i, {}).items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_COMPETITORS]
        page_views.append(
            PageIntel(
                url=p.url,
                label=p.label,
                source=p.source or p.url,
                words=p.word_count,
                keyphrases=p.keyphrases,
                inferred_keyphrase=keyphrases[i][0] if keyphrases[i] and not p.keyphrases else "",
                suggestions=suggestions.get(i, ()),
                cluster=cluster_of.get(i),
                competes_with=tuple(competitors),
                duplicates=tuple(sorted(dup_partners.get(i, ()))),
                x=float(coords[i, 0]) if coords is not None else None,
                y=float(coords[i, 1]) if coords is not None else None,
                score=p.score,
            )
        )
    return SiteIntel(pages=tuple(page_views), duplicates=duplicates, clusters=clusters, options=opts, tool_version=__version__)


def _share_keyphrase(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    from .clusters import keyphrase_key

    return bool({keyphrase_key(k) for k in a} & {keyphrase_key(k) for k in b})
