"""TF-IDF vectors of main content and the page pairs above a similarity threshold.

The pairs come from a chunked sparse product ``X[rows] @ X.T``: each block of rows
is multiplied, filtered to the entries at or above the threshold and dropped, so
memory stays at one block (``chunk_rows`` x pages) and no dense n x n matrix ever
exists. Rows are L2-normalised, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import warnings
from typing import NamedTuple, Sequence

from .phrases import topic_terms


def preload() -> None:
    """Import the scikit-learn parts the analysis uses (a no-op after the first call)."""
    import importlib

    for module in ("sklearn.decomposition", "sklearn.feature_extraction.text"):
        importlib.import_module(module)


def tfidf_matrix(texts: Sequence[str]):
    """Sparse TF-IDF matrix (pages x terms), rows L2-normalised, float32.

    Terms are content words and neighbouring-word pairs (see :func:`topic_terms`);
    sublinear TF so a word repeated 30 times does not drown the rest of the page.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer=topic_terms, sublinear_tf=True, dtype=_float32())
    try:
        return vectorizer.fit_transform(texts), vectorizer
    except ValueError:  # every page empty: no vocabulary
        from scipy import sparse

        return sparse.csr_matrix((len(texts), 0), dtype=_float32()), vectorizer


def _float32():
    import numpy as np

    return np.float32


#: Largest similarity block (rows x pages) computed at once by :func:`nearest_pairs`.
BLOCK_ENTRIES = 4_000_000


class NearestPairs(NamedTuple):
    """Output of :func:`nearest_pairs` (numpy arrays)."""

    i: object  # int32, i < j, sorted by (i, j)
    j: object
    sim: object  # float32 cosine
    counts: list  # counts[t][r]: rows with cosine >= count_at[t] with row r (all rows, not just kept)
    similar: object  # per row: sum of ``weights`` of the other rows with cosine >= threshold


def nearest_pairs(X, threshold: float, keep: int, count_at: Sequence[float] = (), chunk_rows: int = 1000, weights=None) -> NearestPairs:
    """The pairs among each row's ``keep`` most similar rows, and how many rows are similar.

    Pairs: every i < j with cosine >= ``threshold`` in which j is among the ``keep``
    most similar rows of i, or i among those of j (ties by lower index). Counts are over
    all rows, kept or not; ``weights`` (default 1 per row) says how many pages a row
    stands for, for ``similar``.

    The output is at most rows x ``keep`` pairs however many rows are alike: n copies
    of one template give n x keep pairs, not n^2/2.
    """
    import numpy as np

    n = X.shape[0]
    # A block is chunk x n similarities, nearly all non-zero on a templated site: keep it
    # near BLOCK_ENTRIES whatever n is (10,000 pages: 400 rows a block, not 1,000).
    chunk_rows = max(1, min(chunk_rows, BLOCK_ENTRIES // max(n, 1)))
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    counts = [np.zeros(n, dtype=np.int64) for _ in count_at]
    similar = np.zeros(n, dtype=np.float64)
    lowest = min((threshold, *count_at))
    XT = X.T.tocsc() if n else X.T
    keys, sims = [], []
    for start in range(0, n, chunk_rows):
        block = (X[start : start + chunk_rows] @ XT).tocoo()
        near = block.data >= lowest - 1e-6  # most of a block is far below: drop it before widening to int64
        rows = block.row[near].astype(np.int64) + start
        cols = block.col[near].astype(np.int64)
        vals = np.minimum(block.data[near], 1.0)
        del block, near
        other = rows != cols
        for t, at in enumerate(count_at):
            counts[t] += np.bincount(rows[other & (vals >= at - 1e-6)], minlength=n)
        hit = other & (vals >= threshold - 1e-6)
        rows, cols, vals = rows[hit], cols[hit], vals[hit]
        similar += np.bincount(rows, weights=w[cols], minlength=n)
        order = np.lexsort((cols, -vals, rows))  # by row, most similar first, ties by index
        rows, cols, vals = rows[order], cols[order], vals[order]
        first = np.searchsorted(rows, rows, side="left")  # where each row's run starts
        top = np.arange(len(rows)) - first < keep
        rows, cols, vals = rows[top], cols[top], vals[top]
        keys.append(np.minimum(rows, cols) * n + np.maximum(rows, cols))
        sims.append(vals)
    similar = np.rint(similar).astype(np.int64)
    if not keys:
        empty = np.zeros(0, dtype=np.int32)
        return NearestPairs(empty, empty, np.zeros(0, dtype=np.float32), counts, similar)
    key, at = np.unique(np.concatenate(keys), return_index=True)  # a pair kept by both rows once
    sim = np.concatenate(sims)[at]
    return NearestPairs((key // n).astype(np.int32), (key % n).astype(np.int32), sim.astype(np.float32), counts, similar)


def cosine(X, i: int, j: int) -> float:
    """Cosine similarity of two rows of a row-normalised matrix."""
    return float(X[i].multiply(X[j]).sum())


def project_2d(X):
    """Each page's position on a 2-D map (0..1 on both axes).

    TruncatedSVD to two components works on the sparse matrix directly (no centring, so
    no dense copy); positions are rescaled to the unit square for drawing.
    """
    import numpy as np

    n, m = X.shape
    if n == 0:
        return np.zeros((0, 2))
    if n < 3 or m < 3:
        coords = np.zeros((n, 2))
        coords[:, 0] = np.linspace(0.0, 1.0, n) if n > 1 else 0.5
        coords[:, 1] = 0.5
        return coords
    from sklearn.decomposition import TruncatedSVD

    with warnings.catch_warnings():  # pages that are all copies of one text: sklearn divides 0/0 in a ratio not used here
        warnings.simplefilter("ignore", RuntimeWarning)
        coords = TruncatedSVD(n_components=2, random_state=0, algorithm="randomized", n_iter=4).fit_transform(X)
    return unit_square(coords)


def unit_square(coords):
    """``coords`` rescaled to 0..1 on both axes, robust to outliers: each axis spans its
    points within 3 interquartile ranges of the middle half, and a page beyond that is
    drawn on the edge. Scaled by the extremes, one page unlike the rest squashed every
    other page into a corner of the map."""
    import numpy as np

    lo, hi = coords.min(axis=0), coords.max(axis=0)
    q1, q3 = np.percentile(coords, [25, 75], axis=0)
    iqr = q3 - q1
    lo = np.where(iqr > 0, np.maximum(lo, q1 - 3 * iqr), lo)
    hi = np.where(iqr > 0, np.minimum(hi, q3 + 3 * iqr), hi)
    span = np.where(hi - lo > 0, hi - lo, 1.0)
    return np.clip((coords - lo) / span, 0.0, 1.0)


def top_terms(X, vectorizer, rows: Sequence[int], k: int = 5) -> tuple[str, ...]:
    """The heaviest terms of the mean vector of ``rows``: a readable cluster label."""
    import numpy as np

    if X.shape[1] == 0 or not len(rows):
        return ()
    mean = np.asarray(X[list(rows)].mean(axis=0)).ravel()
    names = vectorizer.get_feature_names_out()
    order = np.argsort(-mean, kind="stable")[: k * 3]
    out: list[str] = []
    for idx in order:
        if mean[idx] <= 0:
            break
        name = str(names[idx])
        if any(name in o.split(" ") or o in name.split(" ") for o in out):
            continue  # "back" adds nothing after "back pain"
        out.append(name)
        if len(out) == k:
            break
    return tuple(out)
