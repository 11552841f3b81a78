"""Which page pairs get the word-by-word duplicate test, so templated sites stay cheap.

A site built from one template makes every page similar to every other: n pages give
n(n-1)/2 candidate pairs, and each costs about a millisecond of difflib. Two steps keep
the work proportional to the number of pages:

1. Exact copies (the same lower-cased word sequence) are grouped by a hash before any
   pair is scored. Each group keeps its first page as the representative; the copies
   are reported once each against it (an ``exact`` pair needs no difflib), and only
   representatives take part in the similarity search. Whatever is found for the
   representative holds word for word for its copies.
2. Each representative is compared with at most ``cap`` partners, most similar first:
   pairs are taken in descending cosine and a pair is compared only while both of its
   pages have compared fewer than ``cap`` (a greedy degree-capped matching). So no page
   reports more than ``cap`` near-duplicates or city swaps, and a pair left out always
   has a page that was already compared with ``cap`` pages at least as similar.
   The pairs left out are counted per page, so reports can say "and N more".
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from typing import Sequence

from .. import text as T


@dataclass(frozen=True)
class ExactGroups:
    """``rep_of[i]``: the first page with page i's exact words (i itself for most pages)."""

    rep_of: tuple[int, ...]

    @property
    def representatives(self) -> list[int]:
        return [i for i, r in enumerate(self.rep_of) if r == i]

    @cached_property
    def copies(self) -> dict[int, list[int]]:
        """Representative -> its copies (other pages with the same words), in page order."""
        out: dict[int, list[int]] = {}
        for i, r in enumerate(self.rep_of):
            if r != i:
                out.setdefault(r, []).append(i)
        return out


def word_key(text: str) -> bytes | None:
    """A digest of the lower-cased word sequence: equal for pages ``classify_pair`` calls exact.

    None for a text without words: pages with no main content are not copies of each other.
    """
    words = T.words(text)
    return _digest(w.lower() for w in words) if words else None


def _digest(words) -> bytes:
    return hashlib.blake2b("\x1f".join(words).encode("utf-8"), digest_size=16).digest()


def exact_groups(texts: Sequence[str]) -> ExactGroups:
    first: dict[bytes, int] = {}
    rep_of = []
    for i, text in enumerate(texts):
        key = word_key(text)
        rep_of.append(i if key is None else first.setdefault(key, i))
    return ExactGroups(tuple(rep_of))


def skeleton_key(text: str) -> bytes | None:
    """A digest of the page's words that do not start with a capital letter.

    Pages that differ only in names (city, clinic, people) share it. A doorway farm of
    2,000 city copies has a TF-IDF cosine near 0.57 between its pages (each city name is
    rare, so it weighs a lot), below the floor of the similarity search: the shared
    skeleton finds them anyway, in one pass. None when fewer than 20 such words.
    """
    words = [w for w in T.words(text) if not w[0].isupper()]
    return _digest(words) if len(words) >= 20 else None


def skeleton_pairs(texts: Sequence[str], pages: Sequence[int]) -> list[tuple[int, int]]:
    """(first, other) for pages that share a skeleton: each with the group's first page.

    ``pages``: the indexes to consider (representatives of exact groups). Only the word
    test (``classify_pair``) decides whether such a pair is a city swap.
    """
    first: dict[bytes, int] = {}
    pairs = []
    for i in pages:
        key = skeleton_key(texts[i])
        if key is None:
            continue
        f = first.setdefault(key, i)
        if f != i:
            pairs.append((f, i))
    return pairs


def capped_pairs(pair_i, pair_j, sims, cap: int) -> list[int]:
    """Indexes of the pairs (numpy arrays) to compare: descending cosine, at most ``cap`` per page.

    Ties in cosine are broken by (i, j), so the choice is deterministic.
    """
    import numpy as np

    order = np.lexsort((pair_j, pair_i, -sims)).tolist()
    pair_i, pair_j = pair_i.tolist(), pair_j.tolist()
    used: dict[int, int] = {}
    chosen = []
    for k in order:
        a, b = pair_i[k], pair_j[k]
        if used.get(a, 0) < cap and used.get(b, 0) < cap:
            used[a] = used.get(a, 0) + 1
            used[b] = used.get(b, 0) + 1
            chosen.append(k)
    return chosen


def left_out(total: Sequence[int], compared_pairs: Sequence[tuple[int, int]], size: int) -> list[int]:
    """Per page: ``total`` similar pages minus those in ``compared_pairs`` (never below 0)."""
    done = [0] * size
    for a, b in compared_pairs:
        done[a] += 1
        done[b] += 1
    return [max(0, int(t) - d) for t, d in zip(total, done)]


def fill_pairs(X, chosen: Sequence[tuple[int, int]], candidates, floor: float, cap: int, chunk_rows: int = 1000) -> list[tuple[int, int, float]]:
    """More pairs for the rows that ``capped_pairs`` left short: (i, j, cosine), i < j.

    ``capped_pairs`` sees only each row's nearest rows; in a templated site those are
    the same few "hub" rows for everyone, which fill their cap at once and leave most
    rows with no comparison at all. So each row compared with fewer than
    min(``cap``, ``candidates[row]``) rows (``candidates``: its rows at or above
    ``floor``) gets its most similar rows that still have room, from a second product
    of just those rows against all. Rows are served in index order; the cap holds for
    every row.
    """
    import numpy as np

    n = X.shape[0]
    used = np.zeros(n, dtype=np.int64)
    done: dict[int, set[int]] = {}
    for i, j in chosen:
        used[i] += 1
        used[j] += 1
        done.setdefault(i, set()).add(j)
        done.setdefault(j, set()).add(i)
    short = np.flatnonzero(used < np.minimum(cap, np.asarray(candidates)))
    extra: list[tuple[int, int, float]] = []
    if not len(short):
        return extra
    XT = X.T.tocsc()
    for start in range(0, len(short), chunk_rows):
        rows = short[start : start + chunk_rows]
        block = (X[rows] @ XT).tocsr()
        for r, p in enumerate(rows.tolist()):
            want = cap - int(used[p])
            if want <= 0:
                continue
            cols = block.indices[block.indptr[r] : block.indptr[r + 1]]
            vals = block.data[block.indptr[r] : block.indptr[r + 1]]
            ok = (vals >= floor - 1e-6) & (cols != p) & (used[cols] < cap)
            cols, vals = cols[ok], vals[ok]
            mine = done.setdefault(p, set())
            take = min(len(cols), want + len(mine))  # enough to skip the rows already compared
            if take == 0:
                continue
            top = np.argpartition(-vals, take - 1)[:take] if take < len(cols) else np.arange(len(cols))
            for k in top[np.lexsort((cols[top], -vals[top]))].tolist():  # most similar first, ties by index
                j = int(cols[k])
                if j in mine:
                    continue
                extra.append((min(p, j), max(p, j), float(min(vals[k], 1.0))))
                used[p] += 1
                used[j] += 1
                mine.add(j)
                done.setdefault(j, set()).add(p)
                if used[p] >= cap:
                    break
    return extra
