"""``analyse_site``: near-duplicates, city swaps, cannibalisation clusters, suggestions, map.

One TF-IDF matrix is built from the pages' main content; exact copies are grouped first
(``pairing.py``) and one chunked sparse product over the remaining pages gives each
page's most similar pages above the lowest threshold in use, with a count of all of
them; everything else is derived from those pairs. Work and memory grow with pages x
neighbours kept, not pages squared, even when every page is a copy of one template.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

import numpy as np

from .. import __version__
from .. import forked
from .. import text as T
from .brand import SiteNames, site_names
from .clusters import build_clusters
from .duplicates import SWAP_CANDIDATE_FLOOR, classify_pair, exact_pair, lower_words, place_words
from .keyphrases import idf_from_vocabulary, suggest
from .model import DuplicatePair, IntelOptions, PageIntel, SiteIntel
from .pagetext import PageText
from .pairing import ExactGroups, capped_pairs, exact_groups, fill_pairs, left_out, skeleton_pairs
from .vectors import cosine, nearest_pairs, project_2d, tfidf_matrix, top_terms

MAX_COMPETITORS = 10  # "competes with" entries kept per page
#: Similar pages kept per page (its most similar ones) for duplicate candidates, the
#: cannibalisation graph and "competes with": a multiple of what is shown, so the capped
#: comparisons can pass over partners whose own cap is full.
NEIGHBOUR_FACTOR = 3


class _Places:
    """Place words per page, computed only for the pages that need them."""

    def __init__(self, pages: list[PageText], cities: tuple[str, ...]):
        self.pages, self.cities, self.cache = pages, cities, {}

    def __getitem__(self, i: int) -> frozenset[str]:
        if i not in self.cache:
            p = self.pages[i]
            self.cache[i] = place_words(p.text, tuple(dict.fromkeys(self.cities + p.cities)))
        return self.cache[i]


class _Words:
    """Each page's lower-cased words, made once: a page is compared with up to
    ``max_pairs_per_page`` others (interned, so many pages share one copy of each word)."""

    def __init__(self, pages: list[PageText]):
        self.pages, self.cache = pages, {}

    def __getitem__(self, i: int) -> list[str]:
        if i not in self.cache:
            self.cache[i] = lower_words(self.pages[i].text)
        return self.cache[i]


def find_duplicates(pages: list[PageText], groups: ExactGroups, to_compare: list[tuple[int, int, float]], places: _Places, opts: IntelOptions,
                    same_skeleton: frozenset[tuple[int, int]] = frozenset()) -> tuple[DuplicatePair, ...]:
    """Exact copies against their representatives, then the chosen pairs compared word by word.

    ``to_compare``: (i, j, cosine) with page indexes of representatives; returns the
    duplicate pairs, most similar first.
    """
    found = [exact_pair(r, c, pages[r].text, pages[c].text) for r, cs in groups.copies.items() for c in cs]
    words = _Words(pages)
    for i, j, s in to_compare:
        pair = classify_pair(i, j, s, pages[i].text, pages[j].text, places[i], places[j], opts, words[i], words[j], (i, j) in same_skeleton)
        if pair is not None:
            found.append(pair)
    return tuple(sorted(found, key=lambda d: (-d.similarity, d.a, d.b)))


def pairs_to_compare(XR, near, swap_floor: float, opts: IntelOptions) -> list[tuple[int, int, float]]:
    """(i, j, cosine) in row indexes of ``XR``: the capped choice, then the fill for short rows."""
    candidate = near.sim >= swap_floor - 1e-6
    ci, cj, cs = near.i[candidate], near.j[candidate], near.sim[candidate]
    chosen = [(int(ci[k]), int(cj[k]), float(cs[k])) for k in capped_pairs(ci, cj, cs, opts.max_pairs_per_page)]
    chosen += fill_pairs(XR, [(i, j) for i, j, _ in chosen], near.counts[0], swap_floor, opts.max_pairs_per_page, opts.chunk_rows)
    return chosen


def not_compared_counts(compared: list[tuple[int, int, float]], counts, reps: list[int], n: int, opts: IntelOptions) -> tuple[list[int], list[int]]:
    """Per page: similar pages at/above the duplicate threshold, and in the city-swap range
    below it, that the cap left uncompared (0 for exact copies: their representative counts)."""
    dup_total, swap_total = [0] * n, [0] * n
    for idx, page in enumerate(reps):
        dup_total[page] = int(counts[1][idx])
        swap_total[page] = int(counts[0][idx]) - int(counts[1][idx])
    at_dup = [(i, j) for i, j, s in compared if s >= opts.duplicate_threshold - 1e-6]
    below = [(i, j) for i, j, s in compared if s < opts.duplicate_threshold - 1e-6]
    return left_out(dup_total, at_dup, n), left_out(swap_total, below, n)


def _surface_terms(stems: Iterable[str], texts: Iterable[str]) -> tuple[str, ...]:
    """Stemmed terms ("acupunctur back") written as the pages write them."""
    written: dict[str, str] = {}
    for text in texts:
        for w in T.words(text):
            written.setdefault(T.canonical_token(w.lower()), w.lower())
    return tuple(" ".join(written.get(s, s) for s in term.split(" ")) for term in stems)


def _suggestions(pages: list[PageText], idf, k: int, places: _Places, brand: SiteNames) -> dict[int, tuple]:
    """Keyphrase suggestions for the pages that have no keyphrase, by page index."""
    if not k:
        return {}
    return {i: suggest(p, idf, k, places[i], brand) for i, p in enumerate(pages) if not p.keyphrases}


def analyse_site(pages: Iterable[PageText], options: IntelOptions | None = None) -> SiteIntel:
    opts = options or IntelOptions()
    pages = list(pages)
    n = len(pages)
    texts = [p.text for p in pages]
    X, vectorizer = tfidf_matrix(texts)
    groups = exact_groups(texts)
    reps = np.asarray(groups.representatives, dtype=np.int32)
    floor = min(opts.topic_threshold, SWAP_CANDIDATE_FLOOR, opts.duplicate_threshold)
    swap_floor = min(SWAP_CANDIDATE_FLOOR, opts.duplicate_threshold)
    XR = X if len(reps) == n else X[reps]
    keep = max(opts.max_pairs_per_page, MAX_COMPETITORS) * NEIGHBOUR_FACTOR
    group_size = np.bincount(np.asarray(groups.rep_of, dtype=np.int64), minlength=n)[reps]
    near = nearest_pairs(XR, floor, keep, (swap_floor, opts.duplicate_threshold), opts.chunk_rows, weights=group_size)
    pi, pj, ps = reps[near.i], reps[near.j], near.sim  # back to page indexes
    similar_pages = dict(zip(reps.tolist(), near.similar.tolist()))
    rep_list = reps.tolist()
    to_compare = [(rep_list[i], rep_list[j], s) for i, j, s in pairs_to_compare(XR, near, swap_floor, opts)]
    # Pages the similarity search left with no comparison but that differ from another
    # page only in names: a doorway farm's pages, whose cosine falls below the floor as
    # the farm grows (each rare town name weighs a lot). Each is compared with its
    # group's first page, which may then exceed the per-page cap.
    with_pairs = {k for i, j, _ in to_compare for k in (i, j)}
    skeleton = frozenset((f, i) for f, i in skeleton_pairs(texts, rep_list) if i not in with_pairs)
    extra = [(i, j, cosine(X, i, j)) for i, j in sorted(skeleton)]
    places = _Places(pages, tuple(opts.cities))
    # Keyphrase suggestions and the near-duplicate alignment are independent and take
    # about a second each per 1,000 pages: the suggestions run in a forked child when
    # that is safe (seoaudit/forked.py), on the core the scan's analysis pool has left idle.
    idf = idf_from_vocabulary(vectorizer)
    brand = site_names(pages, tuple(opts.cities), tuple(opts.site_names))
    pending = forked.start(_suggestions, pages, idf, opts.suggestions, places, brand)
    duplicates = find_duplicates(pages, groups, to_compare + extra, places, opts, skeleton)
    dups_left, similar_left = not_compared_counts(to_compare, near.counts, rep_list, n, opts)
    suggestions = pending.result()
    keyphrases = [
        p.keyphrases or ((suggestions[i][0].phrase,) if opts.infer_keyphrases and suggestions.get(i) else ())
        for i, p in enumerate(pages)
    ]

    topic = ps >= opts.topic_threshold - 1e-6
    ti, tj, ts = pi[topic], pj[topic], ps[topic]

    def terms_of(rows):
        stems = top_terms(X, vectorizer, rows)
        return _surface_terms(stems, (pages[r].text for r in rows[:5]))

    rep_of = groups.rep_of
    clusters = build_clusters(pages, keyphrases, ti, tj, lambda a, b: cosine(X, a, b), duplicates, opts, terms_of, rep_of, brand)

    neighbours: dict[int, dict[int, float]] = defaultdict(dict)  # between representatives
    for a, b, s in zip(ti.tolist(), tj.tolist(), ts.tolist()):
        neighbours[a][b] = s
        neighbours[b][a] = s
    cluster_of = {}
    for c in clusters:
        for m in c.members:
            cluster_of[m.page] = c.id
        # same keyphrase counts as competing even with different words
        cluster_reps = list(dict.fromkeys(rep_of[m.page] for m in c.members))
        # a page with MAX_COMPETITORS topic neighbours already has its most similar pages:
        # any other page is at most as similar as its least similar kept neighbour
        short = [k for k, r in enumerate(cluster_reps) if len(neighbours.get(r, ())) < MAX_COMPETITORS]
        keys = [_group_keys(r, groups.copies, keyphrases) for r in cluster_reps]
        for a, found in same_keyphrase_neighbours(X, cluster_reps, keys, MAX_COMPETITORS, short).items():
            for b, s in found:
                neighbours[a].setdefault(b, s)
    copies = groups.copies
    dup_partners: dict[int, list[int]] = defaultdict(list)
    for d in duplicates:
        dup_partners[d.a].append(d.b)
        dup_partners[d.b].append(d.a)

    coords = project_2d(X) if opts.map and n else None
    page_views = []
    for i, p in enumerate(pages):
        competitors = competitors_of(i, rep_of, copies, neighbours)
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
                exact_copy_of=rep_of[i] if rep_of[i] != i else None,
                duplicates_not_reported=dups_left[i],
                similar_not_compared=similar_left[i],
                similar_pages=similar_pages[rep_of[i]] + len(copies.get(rep_of[i], ())),  # + its copies or siblings
                x=float(coords[i, 0]) if coords is not None else None,
                y=float(coords[i, 1]) if coords is not None else None,
                score=p.score,
            )
        )
    return SiteIntel(pages=tuple(page_views), duplicates=duplicates, clusters=clusters, options=opts, tool_version=__version__)


def competitors_of(page: int, rep_of, copies: dict[int, list[int]], neighbours: dict[int, dict[int, float]]) -> tuple[tuple[int, float], ...]:
    """The page's ``MAX_COMPETITORS`` most similar pages: its exact copies first (cosine 1),
    then its representative's neighbours, each standing for its own copies too."""
    rep = rep_of[page]
    siblings = [q for q in [rep, *copies.get(rep, ())][: MAX_COMPETITORS + 1] if q != page][:MAX_COMPETITORS]
    out = [(q, 1.0) for q in siblings]
    for q, s in sorted(neighbours.get(rep, {}).items(), key=lambda kv: (-kv[1], kv[0])):
        if len(out) >= MAX_COMPETITORS:
            break
        out.extend((x, s) for x in [q, *copies.get(q, ())][: MAX_COMPETITORS - len(out)])
    return tuple(out)


def _group_keys(rep: int, copies: dict[int, list[int]], keyphrases) -> frozenset:
    """Keyphrase keys of a representative and its copies (a copy may declare its own)."""
    from .clusters import keyphrase_key

    pages = (rep, *copies.get(rep, ()))
    return frozenset(keyphrase_key(k) for p in pages for k in keyphrases[p] if k.strip()) - {frozenset()}


def same_keyphrase_neighbours(X, members: list[int], keys: list[frozenset], limit: int, rows: list[int] | None = None, chunk_rows: int = 256) -> dict[int, list[tuple[int, float]]]:
    """For each member (or each ``rows`` position of ``members``), its ``limit`` most
    similar other members sharing a keyphrase key.

    One sparse product per block of rows, masked by shared keys: memory is a block x
    members, and no Python loop over member pairs (a keyphrase on k pages is k^2 pairs).
    """
    from scipy import sparse

    rows = list(range(len(members))) if rows is None else rows
    key_ids: dict = {}
    at, cols = [], []
    for r, ks in enumerate(keys):
        for k in ks:
            at.append(r)
            cols.append(key_ids.setdefault(k, len(key_ids)))
    if not key_ids or len(members) < 2 or not rows:
        return {}
    K = sparse.csr_matrix((np.ones(len(at), dtype=np.float32), (at, cols)), shape=(len(members), len(key_ids)))
    KT, Y = K.T.tocsc(), X[members]
    YT = Y.T.tocsc()
    out: dict[int, list[tuple[int, float]]] = {}
    for start in range(0, len(rows), chunk_rows):
        block = np.asarray(rows[start : start + chunk_rows])
        shared = (K[block] @ KT).toarray() > 0
        sims = (Y[block] @ YT).toarray().astype(np.float64)
        shared[np.arange(len(block)), block] = False  # not itself
        sims[~shared] = -1.0
        width = min(limit, sims.shape[1])
        best = np.argpartition(-sims, width - 1, axis=1)[:, :width]
        for r in np.flatnonzero(shared.any(axis=1)):
            cand = best[r]
            cand = cand[np.lexsort((cand, -sims[r, cand]))]  # most similar first, ties by index
            out[members[block[r]]] = [(members[c], float(min(sims[r, c], 1.0))) for c in cand.tolist() if sims[r, c] >= 0.0]
    return out
