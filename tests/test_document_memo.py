"""Document.derived: per-document views computed once and shared by the checks."""

from __future__ import annotations

from seoaudit.checks.clinic_common import article_nodes, doc_jsonld_nodes
from seoaudit.document import build_document
from seoaudit.models import RawPage

HTML = b"""<html><head><title>t</title>
<script type="application/ld+json">{"@graph": [{"@type": "BlogPosting", "headline": "h",
 "author": {"@type": "Person", "name": "Mei Lin"}}, {"@type": "MedicalClinic", "name": "River"}]}</script>
</head><body><article><h1>Acupuncture for back pain</h1><p>Acupuncture may ease back pain.</p></article></body></html>"""


def doc():
    return build_document(RawPage(source="t", url="https://clinic.example/blog/x/", body=HTML))


def test_derived_computes_once_per_key_and_document():
    d = doc()
    calls = []

    def count_words(x):
        calls.append(x)
        return len(x.words)

    assert d.derived(("test.words",), count_words) == len(d.words)
    assert d.derived(("test.words",), count_words) == len(d.words)
    assert calls == [d]
    d.derived(("test.words", "other"), count_words)  # another key: computed again
    assert len(calls) == 2
    other = doc()
    other.derived(("test.words",), count_words)  # another document: its own memo
    assert len(calls) == 3


def test_memo_is_not_part_of_the_documents_value():
    a, b = doc(), doc()
    assert a.derived(("test.x",), lambda d: 1) == 1
    assert a == b and repr(a) == repr(b)  # fields only: the memo is a cache, not data


def test_jsonld_walks_are_shared():
    d = doc()
    nodes = doc_jsonld_nodes(d)
    assert doc_jsonld_nodes(d) is nodes
    assert [n["@type"] for n in nodes if "@type" in n] == ["BlogPosting", "Person", "MedicalClinic"]
    first = article_nodes(d)
    assert [n["@type"] for n in first] == ["BlogPosting"]
    first.clear()  # callers get their own list
    assert [n["@type"] for n in article_nodes(d)] == ["BlogPosting"]
