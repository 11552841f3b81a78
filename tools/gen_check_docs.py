"""Regenerate the README's check reference from the checks' own metadata.

    python tools/gen_check_docs.py          # rewrite README.md between the markers
    python tools/gen_check_docs.py --check  # exit 1 if README.md is out of date (tests use it)
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

START, END = "<!-- checks:start -->", "<!-- checks:end -->"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def render() -> str:
    from seoaudit.checks import ALL_CHECKS

    lines = []
    current = None
    for spec in ALL_CHECKS:
        if spec.category != current:
            current = spec.category
            lines += ["", f"#### {current.capitalize()}", "", "| code | name | what it measures | why it matters (source) | options (defaults) |", "|---|---|---|---|---|"]
        opts = ", ".join(f"`{f.name}={f.default!r}`" for f in dataclasses.fields(spec.options)) or "—"
        posts = " *Posts only.*" if spec.posts_only else ""
        lines.append(
            f"| {spec.code} | `{spec.name}` | {_cell(spec.summary())}{posts} | {_cell(spec.why)} ({_cell(spec.source)}) | {_cell(opts)} |"
        )
    return "\n".join(lines).strip() + "\n"


def splice(readme: str, body: str) -> str:
    head, _, rest = readme.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{body}{END}{tail}"


def main() -> int:
    path = ROOT / "README.md"
    readme = path.read_text(encoding="utf-8")
    new = splice(readme, render())
    if "--check" in sys.argv:
        if new != readme:
            print("README.md check reference is out of date: run python tools/gen_check_docs.py", file=sys.stderr)
            return 1
        return 0
    path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
