"""The readable JSON writer: same data as json.dumps, outer levels indented, deep objects on one line."""

import json

import pytest

from seoaudit.reports.jsonfmt import dumps_readable

DATA = {
    "schema_version": 1,
    "tool": {"name": "seoaudit", "version": "0.1.0"},
    "empty": {}, "none": [], "n": None, "ok": True, "pi": 3.25, "text": 'quote " and \\ and é and <script>',
    "pages": [
        {"source": "a.html", "categories": {"local": 100.0, "links": None},
         "checks": [{"code": "KW001", "evidence": [{"text": "line\nbreak", "highlights": ["a", "b"]}]},
                    {"code": "KW002", "evidence": []}]},
        {"source": "b.html", "categories": {}, "checks": []},
    ],
    # keys json.dumps turns into strings (1 and True are one key in a dict: a float stands for the bool)
    1: "int key", 2.5: "float key", False: "bool key", None: "none key",
}


@pytest.mark.parametrize("depth", [0, 1, 2, 3, 4, 9])
def test_same_data_as_json_dumps_at_every_depth(depth):
    out = dumps_readable(DATA, depth)
    assert json.loads(out) == json.loads(json.dumps(DATA, ensure_ascii=False))
    assert list(json.loads(out)) == list(json.loads(json.dumps(DATA)))  # key order kept


def test_outer_levels_indented_deep_objects_one_line():
    out = dumps_readable(DATA, 4)
    lines = out.splitlines()
    assert lines[0] == "{" and lines[1] == '  "schema_version": 1,'
    check_lines = [l for l in lines if '"code": "KW00' in l]
    assert len(check_lines) == 2  # each check with its evidence on one line
    assert check_lines[0].startswith('        {"code": "KW001", "evidence": [{"text": "line\\nbreak"')
    assert '"é' in out or "é" in out  # not escaped to \\u00e9, as before (ensure_ascii=False)


def test_depth_zero_is_compact_json():
    assert dumps_readable(DATA, 0) == json.dumps(DATA, ensure_ascii=False, separators=(", ", ": "))
