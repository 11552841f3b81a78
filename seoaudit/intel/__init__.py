"""Site intelligence: near-duplicates, city-swap doorways, keyphrase cannibalisation,
keyphrase suggestions and topic gaps against competitors.

Everything here works on :class:`PageText` records (url, title, H1, slug, declared
keyphrases, main-content text), so a crawl can stream them in without keeping parsed
Documents around. scikit-learn and scipy are imported inside the functions that need
them: importing this package is cheap, so ``seoaudit --help`` stays fast.

Entry points:

* :func:`analyse_site` (``pages -> SiteIntel``): duplicates, clusters, suggestions, map;
* :func:`compare_topics` (``post, competitors -> TopicGaps``): what competitors cover
  that the post does not, with a weighted coverage score.
"""

from __future__ import annotations

from .pagetext import PageText, page_text_from_document
from .model import IntelOptions

__all__ = ["PageText", "page_text_from_document", "IntelOptions", "analyse_site", "compare_topics"]


def analyse_site(pages, options=None):
    from .site import analyse_site as _analyse

    return _analyse(pages, options)


def compare_topics(post, competitors, min_share=0.5, errors=()):
    from .gaps import compare_topics as _compare

    return _compare(post, competitors, min_share, errors)
