"""Walking a page's JSON-LD: every node (``@graph`` members and nested objects) and its types.

Read by the clinic checks and by ``page_type.py`` (is this page an Article or a
CollectionPage?), so it lives beside the Document, not inside the checks package.
"""

from __future__ import annotations

import re
from typing import Any, Iterator


def jsonld_nodes(value: Any) -> Iterator[dict]:
    """Every JSON-LD object, including @graph members and nested nodes, in order."""
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from jsonld_nodes(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from jsonld_nodes(v)


def doc_jsonld_nodes(doc) -> tuple[dict, ...]:
    """``jsonld_nodes`` of the page's JSON-LD, walked once per document (``Document.derived``)."""
    return doc.derived(("jsonld.nodes",), lambda d: tuple(jsonld_nodes(list(d.jsonld))))


def types_of(node: dict) -> set[str]:
    t = node.get("@type")
    items = t if isinstance(t, list) else [t]
    # "schema:MedicalClinic" and "https://schema.org/MedicalClinic" name the same type
    return {re.split(r"[/:#]", x)[-1] for x in items if isinstance(x, str)}
