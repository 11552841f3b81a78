"""``seoaudit baseline write`` size, time and memory on a generated repository of posts.

Builds a git repository of N Markdown posts (``benchmarks/synthetic_posts.py``, with
front matter, Related links between the posts, a broken one on every tenth post, a
"click here" link on every seventh and a cure claim on every fifth), then in a fresh
process each:

* ``seoaudit baseline write content/ -o .seoaudit-baseline.json``: wall time, peak RSS,
  the file's size and lines;
* the same in a second clone at another path: how many lines of the two files differ
  (0 when the baseline is deterministic, as the README asks for a committed file);
* ``seoaudit check content/ --baseline .seoaudit-baseline.json``: wall time, peak RSS.

    python benchmarks/baseline_benchmark.py                # 400 posts
    python benchmarks/baseline_benchmark.py --posts 100

The seoaudit measured is the one this file sits in (``PYTHONPATH``). Prints figures
only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# one command in its own process: its wall time and peak RSS (ru_maxrss is in KiB on Linux)
CHILD = r"""
import resource, runpy, sys, time
sys.argv = ["seoaudit", *sys.argv[1:]]
start = time.perf_counter()
code = 0
try:
    runpy.run_module("seoaudit", run_name="__main__")
except SystemExit as exc:
    code = exc.code or 0
print(f"{time.perf_counter() - start:.2f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss} {code}", file=sys.stderr)
"""


def git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.com", "GIT_COMMITTER_NAME": "b",
           "GIT_COMMITTER_EMAIL": "b@example.com", "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


def make_repo(dest: Path, n: int) -> None:
    from benchmarks.synthetic_posts import generate

    posts, _ = generate(n, seed=7)
    blog = dest / "content" / "blog"
    blog.mkdir(parents=True)
    slugs = [p.slug for p in posts]
    for i, post in enumerate(posts):
        title, *lines = post.text.split("\n")
        body = [f"## {line}" if not line.rstrip().endswith(".") else line for line in lines]
        if i % 5 == 0:
            body.insert(2, f"Our {post.keyphrases[0] if post.keyphrases else 'treatment'} is guaranteed to cure your pain.")
        related = [slugs[(i + 1) % n], slugs[(i + 7) % n]]
        links = [f"- [{s.replace('-', ' ').capitalize()}](/blog/{s}/)" for s in related]
        if i % 10 == 0:
            links.append(f"- [An old post](/blog/{slugs[(i + 3) % n]}-old/)")
        if i % 7 == 0:
            body.append(f"To book, [click here](/blog/{slugs[(i + 2) % n]}/).")
        kp = f"keyphrase: {post.keyphrases[0]}\n" if post.keyphrases else ""
        fm = f"---\ntitle: \"{title}\"\ndescription: \"{title}. Book with our team in {post.city}.\"\n{kp}city: {post.city}\n---\n\n"
        (blog / f"{post.slug}.md").write_text(fm + f"# {title}\n\n" + "\n\n".join(body) + "\n\nRelated:\n\n" + "\n".join(links) + "\n",
                                             encoding="utf-8")
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "posts")


def run(cwd: Path, *args: str) -> tuple[float, float, int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    proc = subprocess.run([sys.executable, "-c", CHILD, *args], cwd=cwd, capture_output=True, text=True, env=env)
    seconds, rss_kib, code = proc.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(rss_kib) / 1024, int(code)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        first, second = Path(tmp) / "clone-a", Path(tmp) / "elsewhere" / "clone-b"
        make_repo(first, args.posts)
        second.parent.mkdir()
        subprocess.run(["git", "clone", "-q", str(first), str(second)], check=True)
        name = ".seoaudit-baseline.json"
        seconds, rss, code = run(first, "baseline", "write", "content/", "-o", name)
        data = (first / name).read_bytes()
        lines = data.count(b"\n")
        print(f"baseline write, {args.posts} posts: {seconds:.1f} s, peak RSS {rss:.0f} MB, exit {code}; "
              f"{len(data) / 1e6:.2f} MB ({len(data) / args.posts / 1e3:.1f} KB a post), {lines} lines")
        run(second, "baseline", "write", "content/", "-o", name)
        numstat = subprocess.run(["git", "diff", "--no-index", "--numstat", str(first / name), str(second / name)],
                                 capture_output=True, text=True).stdout.split()
        changed = int(numstat[0]) + int(numstat[1]) if numstat else 0  # lines added + removed
        print(f"the same commit in a second clone at another path: {changed} lines differ")
        seconds, rss, code = run(first, "check", "content/", "--baseline", name)
        print(f"check --baseline: {seconds:.1f} s, peak RSS {rss:.0f} MB, exit {code}")


if __name__ == "__main__":
    main()
