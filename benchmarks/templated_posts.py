"""A templated site: many near-copies of one clinic post, for the intel benchmark and tests.

Sites built from one template (a post per service, area or practitioner with a few words
changed) give every page a near-duplicate partner in every other page: n pages make
n(n-1)/2 candidate pairs. ``templated_site`` builds such a site from one post of
``synthetic_posts.write_post``; each copy has ``changes`` words replaced by words from a
fixed list that are not place names, so no pair is a city swap.

``templated_site(n, seed)`` is deterministic for given arguments.
"""

from __future__ import annotations

import random
import re

from synthetic_posts import SyntheticPost, write_post

#: Replacement words: plain adjectives and adverbs, none of them a place name.
FILLERS = (
    "gentle", "careful", "steady", "weekly", "simple", "thorough", "patient", "quiet", "modern", "friendly",
    "regular", "focused", "short", "detailed", "practical", "calm", "clear", "honest", "flexible", "useful",
)
_WORD_RE = re.compile(r"[A-Za-z]{4,}")


def near_copy(base: SyntheticPost, rng: random.Random, url: str, changes: int) -> SyntheticPost:
    """``base`` with ``changes`` words (of four letters or more, not the city) replaced."""
    lines = base.text.split("\n")
    spots = [(li, m.start(), m.end()) for li, line in enumerate(lines) for m in _WORD_RE.finditer(line) if m.group() not in base.city]
    for li, start, end in sorted(rng.sample(spots, changes), key=lambda s: (s[0], -s[1])):  # right to left: offsets stay valid
        lines[li] = lines[li][:start] + rng.choice(FILLERS) + lines[li][end:]
    return SyntheticPost(url=url, title=f"{base.title} ({url.rsplit('/', 2)[-2]})", h1=base.h1, slug=base.slug,
                         keyphrases=base.keyphrases, city=base.city, text="\n".join(lines))


def exact_copy(base: SyntheticPost, url: str) -> SyntheticPost:
    return SyntheticPost(url=url, title=base.title, h1=base.h1, slug=base.slug, keyphrases=base.keyphrases, city=base.city, text=base.text)


def templated_site(n: int, seed: int = 0, changes: int = 4, exact: int = 0) -> list[SyntheticPost]:
    """``n`` near-copies of one post (``changes`` words differ per copy) then ``exact`` verbatim copies of it."""
    rng = random.Random(seed)
    base = write_post("physiotherapy", "knee pain", "Edmonton", rng, "https://clinic.example/t/base/", True)
    posts = [near_copy(base, rng, f"https://clinic.example/t/n{i}/", changes) for i in range(n)]
    posts += [exact_copy(base, f"https://clinic.example/t/e{i}/") for i in range(exact)]
    return posts
