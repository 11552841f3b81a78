"""`seoaudit check` on a repository of posts: link targets, duplicates and links in, judged offline
from the local files (local_site.py), with the site checks ST001-ST006."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from seoaudit.commands_check import check

BODY = (
    "{topic} is one of the most common reasons people visit our Edmonton clinic. Many patients find that a course "
    "of treatment helps them move more easily and sleep better.\n\n## What a session is like\n\nYour practitioner "
    "asks about your {topic_lower}, then explains the plan. Most people feel relaxed.\n"
)


def post(root: Path, rel: str, title: str, links: str = "", **front: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    fm = "".join(f"{k}: {v}\n" for k, v in {"title": title, "description": f"All about {title.lower()} at our clinic.", **front}.items())
    path.write_text(f"---\n{fm}---\n\n# {title}\n\n" + BODY.format(topic=title, topic_lower=title.lower()) + ("\n" + links + "\n" if links else ""))
    return path


@pytest.fixture
def repo(tmp_path, monkeypatch):
    root = tmp_path / "blog"
    (root / ".git").mkdir(parents=True)  # stops config discovery at the repository root
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return root


def gate(*args: str) -> tuple[int, dict]:
    r = CliRunner().invoke(check, [*args, "-f", "json"])
    assert r.exit_code in (0, 1), r.output
    return r.exit_code, json.loads(r.stdout)


def results(data: dict, code: str) -> dict[str, dict]:
    return {p["source"]: c for p in data["report"]["pages"] for c in p["checks"] if c["code"] == code}


def broken_details(check_result: dict) -> dict[str, str]:
    return {e["text"]: e["detail"] for e in check_result["evidence"] if e["verdict"] == "broken"}


def test_a_typo_in_a_related_slug_is_a_broken_target_with_the_nearest_post(repo):
    post(repo, "content/posts/back-pain.md", "Acupuncture for back pain",
         "Related: [Acupuncture for neck pain](/blog/acupunture-neck-pain/)\n\nRead more: [Cupping](/blog/cupping/)")
    post(repo, "content/posts/acupuncture-neck-pain.md", "Acupuncture for neck pain", "Related: [Back pain](/blog/back-pain/)")
    post(repo, "content/posts/cupping.md", "Cupping explained")
    _, data = gate("content/")
    st001 = results(data, "ST001")
    back = st001["content/posts/back-pain.md"]
    assert back["status"] == "bad" and back["value"] == {"checked": 2, "broken": 1, "long_chains": 0}
    detail = broken_details(back)["/blog/acupunture-neck-pain/"]
    assert "no local post has the slug 'acupunture-neck-pain'" in detail
    assert "nearest: 'acupuncture-neck-pain', content/posts/acupuncture-neck-pain.md" in detail
    assert "/blog/acupunture-neck-pain/" in back["message"]  # the CI line says which link, not just how many
    assert st001["content/posts/acupuncture-neck-pain.md"]["status"] == "good"
    # the gate points at the line of the broken link in the Markdown source
    line = next(a["line"] for a in data["assertions"] if a["check"] == "ST001" and a["page"].endswith("back-pain.md"))
    source = (repo / "content/posts/back-pain.md").read_text().splitlines()
    assert "acupunture-neck-pain" in source[line - 1]


LEGACY_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Knee pain: an older post</title>
<link rel="canonical" href="https://clinic.example/blog/legacy/">
<meta name="description" content="An older post about knee pain and what physiotherapy can do for it at our clinic.">
</head>
<body>
<article>
<h1>Knee pain: an older post</h1>
<p>Knee pain is common. Physiotherapy helps many people with knee pain get back to
their daily routine without surgery or long rest.</p>
<img src="/img/knee.jpg">
<p>Most patients need a few sessions. See <a href="/blog/back-pain/">our page</a> on
back pain, and <a href="https://clinic.example/blog/back-pain/">that page</a> again.</p>
<p>Ask us about exercises you can do at home.</p>
<p>Related: <a href="/blog/hamstring-strain/">Hamstring strain recovery</a></p>
</article>
</body>
</html>
"""


def test_broken_links_of_html_and_markdown_posts_point_at_the_link_line(repo):
    # ST001 evidence names the href in `text` (LK checks name it in `detail`): the gate
    # must find that <a> in the HTML source, not fall back to the H1 (line 11)
    path = repo / "content/blog/legacy.html"
    path.parent.mkdir(parents=True)
    path.write_text(LEGACY_HTML)
    post(repo, "content/blog/back-pain.md", "Acupuncture for back pain",
         "Related: [Legacy](/blog/legacy/)\n\nRead more: [Hamstrings](/blog/hamstring-strain/)", canonical="https://clinic.example/blog/back-pain/")
    (repo / "seoaudit.toml").write_text('[tool.seoaudit.assertions]\nbroken-link-targets = "error"\n')
    _, data = gate("content", "--config", "seoaudit.toml", "--select", "ST001", "--select", "BA007")
    at = {(a["source_path"], a["check"]): a["line"] for a in data["assertions"] if not a["passed"]}
    assert at[("content/blog/legacy.html", "BA007")] == 14
    assert at[("content/blog/legacy.html", "ST001")] == 18  # the Related link, not the H1 on line 11
    st001 = results(data, "ST001")["content/blog/legacy.html"]
    assert [e["text"] for e in st001["evidence"]] == ["/blog/hamstring-strain/"]  # as written: greppable
    # Markdown: the evidence carries the line the link is written on (data-line), in the JSON too
    md = results(data, "ST001")["content/blog/back-pain.md"]
    source = (repo / "content/blog/back-pain.md").read_text().splitlines()
    assert [e["line"] for e in md["evidence"]] == [source.index("Read more: [Hamstrings](/blog/hamstring-strain/)") + 1]
    assert at[("content/blog/back-pain.md", "ST001")] == md["evidence"][0]["line"]


def test_links_to_drafts_and_missing_files_are_broken_existing_files_are_not(repo):
    post(repo, "content/posts/a.md", "Massage for headaches",
         "Related: [Cupping](/blog/cupping-explained/)\n\nRead more: [Sciatica](../guides/sciatica.md)\n\n"
         "Read more: [Knee pain](knee-pain.md)")
    post(repo, "content/posts/cupping-explained.md", "Cupping explained", draft="true")
    post(repo, "content/posts/knee-pain.md", "Physiotherapy for knee pain")
    code, data = gate("content/posts")
    assert data["gate"]["skipped_drafts"] == ["content/posts/cupping-explained.md"]  # a draft is indexed, not gated
    details = broken_details(results(data, "ST001")["content/posts/a.md"])
    assert set(details) == {"/blog/cupping-explained/", "../guides/sciatica.md"}
    assert "links to a draft (content/posts/cupping-explained.md)" in details["/blog/cupping-explained/"]
    assert "there is no file content/guides/sciatica.md" in details["../guides/sciatica.md"]
    # pre-commit names files one by one: their neighbours are indexed from folder globs,
    # and the paths in messages stay relative to the working directory, not the machine's
    code, data = gate("content/posts/a.md")
    details = broken_details(results(data, "ST001")["content/posts/a.md"])
    assert "links to a draft (content/posts/cupping-explained.md)" in details["/blog/cupping-explained/"]
    assert str(repo) not in json.dumps(results(data, "ST001")["content/posts/a.md"])


def test_posts_are_found_by_jekyll_dates_bundles_and_canonical_urls(repo):
    post(repo, "_posts/2024-03-05-knee-pain.md", "Physiotherapy for knee pain",
         "Related: [Shoulder](/blog/frozen-shoulder/)\n\nRead more: [Sciatica](https://clinic.example/articles/sciatica/)",
         canonical="https://clinic.example/blog/knee-pain/")
    post(repo, "content/frozen-shoulder/index.md", "Frozen shoulder", "Related: [Knee](/blog/knee-pain/)")
    post(repo, "content/sciatica.md", "Sciatica relief", canonical="https://clinic.example/articles/sciatica/")
    _, data = gate("_posts", "content")
    st001 = results(data, "ST001")
    assert st001["_posts/2024-03-05-knee-pain.md"]["status"] == "good", st001["_posts/2024-03-05-knee-pain.md"]
    assert st001["_posts/2024-03-05-knee-pain.md"]["value"]["checked"] == 2
    assert st001["content/frozen-shoulder/index.md"]["status"] == "good"


def test_a_link_to_a_post_published_at_another_path_is_broken(repo):
    post(repo, "content/a.md", "Acupuncture for back pain", "Related: [Sciatica](/blog/sciatica/)",
         canonical="https://clinic.example/blog/a/")
    post(repo, "content/sciatica.md", "Sciatica relief", canonical="https://clinic.example/articles/sciatica/")
    post(repo, "content/neck.md", "Neck pain", canonical="https://clinic.example/blog/neck/")  # posts live in /blog/
    _, data = gate("content")
    details = broken_details(results(data, "ST001")["content/a.md"])
    assert details == {"/blog/sciatica/": "'Sciatica': the post 'sciatica' is published at /articles/sciatica/, not /blog/sciatica/"}
    # a tag page named like a post is not a moved post
    post(repo, "content/b.md", "Acupuncture for neck pain", "See [all sciatica posts](/tag/sciatica/).", canonical="https://clinic.example/blog/b/")
    _, data = gate("content")
    assert results(data, "ST001")["content/b.md"]["status"] == "na"


def test_only_links_where_posts_live_are_judged(repo):
    post(repo, "content/a.md", "Acupuncture for back pain",
         "Book at [our contact page](/contact/) or see [the blog](/blog/). Also [old post](/blog/old-post/).\n\n"
         "Related: [Ghost post](/ghost-post/)")
    post(repo, "content/b.md", "Acupuncture for neck pain", "Related: [Back pain](/blog/a/)\n\nRead more: [Hips](/blog/hips/)")
    post(repo, "content/hips.md", "Acupuncture for hip pain")
    _, data = gate("content")
    a = results(data, "ST001")["content/a.md"]
    # /contact/ and /blog/ are not posts; /blog/old-post/ sits where another post lives; nothing
    # says posts live at the root, so the Related /ghost-post/ is not judged
    assert set(broken_details(a)) == {"/blog/old-post/"} and a["value"]["checked"] == 1
    # once a post is known at the root (Jekyll's /:title/), a Related link there names a post;
    # a content link at the root still is not judged (/contact/ lives there too)
    post(repo, "content/c.md", "Cupping explained", "Related: [Neck](/b/)\n\nRead more: [Hips](/hips/)")
    _, data = gate("content")
    a = results(data, "ST001")["content/a.md"]
    assert set(broken_details(a)) == {"/blog/old-post/", "/ghost-post/"} and a["value"]["checked"] == 2


def test_a_lone_post_of_a_host_says_nothing_about_its_neighbours(repo):
    # saved pages of two different sites: each links to its own site's other posts, which are not here
    post(repo, "pages/a.md", "Acupuncture for back pain", "Related: [A2](https://one.example/blog/a2/)",
         canonical="https://one.example/blog/a/")
    post(repo, "pages/b.md", "Massage for headaches", "Related: [B2](https://two.example/blog/b2/)",
         canonical="https://two.example/blog/b/")
    _, data = gate("pages")
    assert {r["status"] for r in results(data, "ST001").values()} == {"na"}


def test_one_post_alone_cannot_judge_its_links(repo):
    post(repo, "content/a.md", "Acupuncture for back pain", "Related: [Neck](/blog/neck/)")
    _, data = gate("content/a.md")
    assert results(data, "ST001")["content/a.md"]["status"] == "na"


def test_duplicates_and_links_in_among_local_posts(repo):
    post(repo, "content/a.md", "Acupuncture in Edmonton", "Related: [B](/blog/b/)")
    post(repo, "content/b.md", "Acupuncture in Edmonton")
    post(repo, "content/c.md", "Massage for headaches")
    _, data = gate("content")
    assert results(data, "ST002")["content/a.md"]["status"] == "bad"  # same title as b
    # named by its path from the working directory, not file:///... (CI logs, findings)
    assert results(data, "ST002")["content/a.md"]["message"].endswith("the same title: content/b.md.")
    assert results(data, "ST002")["content/c.md"]["status"] == "good"
    st006 = results(data, "ST006")
    assert st006["content/b.md"]["status"] == "good" and st006["content/c.md"]["status"] == "bad"


def test_a_site_check_names_posts_as_they_were_read_wherever_it_runs(repo, monkeypatch):
    """Checks are pure functions of the page, options and context: the path a message shows is
    decided when the posts are read (PageFacts.shown_as), not by the check from the working directory."""
    from seoaudit.api import read_targets
    from seoaudit.checks.site_links import duplicate_title
    from seoaudit.config import Settings
    from seoaudit.document import build_document
    from seoaudit.local_site import local_site, post_of
    from seoaudit.registry import CheckContext
    from seoaudit.runner import run_check

    post(repo, "content/a.md", "Acupuncture in Edmonton")
    post(repo, "content/b.md", "Acupuncture in Edmonton")
    posts = [post_of(raw.source, build_document(raw), False) for raw in read_targets(["content"], Settings())]
    site = local_site(posts)
    answers = []
    for where in (repo, repo.parent, repo / "content"):
        monkeypatch.chdir(where)
        answers.append(run_check(duplicate_title.spec, posts[0].facts, None, CheckContext(site=site)))
    assert answers[0].status == "bad" and answers[0].message.endswith("the same title: content/b.md.")
    assert answers[1] == answers[0] and answers[2] == answers[0]


def test_site_results_do_not_change_scores(repo):
    post(repo, "content/a.md", "Acupuncture for back pain", "Related: [Missing](/blog/missing/)\n\nRead more: [B](/blog/b/)")
    post(repo, "content/b.md", "Acupuncture for neck pain")
    _, together = gate("content")
    _, alone = gate("content/a.md")
    by_source = {p["source"]: p for p in together["report"]["pages"]}
    assert results(together, "ST001")["content/a.md"]["status"] == "bad"
    assert by_source["content/a.md"]["score"] == alone["report"]["pages"][0]["score"]
    assert by_source["content/a.md"]["categories"] == alone["report"]["pages"][0]["categories"]


def test_a_broken_target_can_fail_the_gate(repo):
    post(repo, "content/a.md", "Acupuncture for back pain", "Related: [Missing](/blog/missing/)\n\nRead more: [B](/blog/b/)")
    post(repo, "content/b.md", "Acupuncture for neck pain")
    (repo / "seoaudit.toml").write_text('[tool.seoaudit]\npreset = "none"\n[tool.seoaudit.assertions]\nbroken-link-targets = "error"\n')
    code, data = gate("content", "--config", "seoaudit.toml")
    assert code == 1 and [a["page"] for a in data["assertions"] if not a["passed"]] == ["content/a.md"]
    (repo / "content/missing.md").write_text((repo / "content/b.md").read_text().replace("neck", "hip"))
    code, data = gate("content", "--config", "seoaudit.toml")
    assert code == 0, data["assertions"]


def _git(cwd: Path, *args: str) -> None:
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.com", "HOME": str(cwd), "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin:/usr/local/bin"}
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=env)


def test_changed_posts_are_judged_against_every_post_in_scope(repo):
    if shutil.which("git") is None:
        pytest.fail("git is required for the --changed-since tests")
    shutil.rmtree(repo / ".git")
    post(repo, "content/posts/neck.md", "Acupuncture for neck pain")
    post(repo, "content/posts/hip.md", "Physiotherapy for hip pain", "Related: [Neck](/blog/neck/)")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "posts")
    post(repo, "content/posts/new.md", "Massage for back pain", "Related: [Neck](/blog/neck/)\n\nRead more: [Knee](/blog/knee/)")
    for scope in (["content"], []):  # named scope, or the folders of the changed posts
        _, data = gate(*scope, "--changed-since", "main")
        assert [p["source"] for p in data["report"]["pages"]] == ["content/posts/new.md"]
        st001 = results(data, "ST001")["content/posts/new.md"]
        assert set(broken_details(st001)) == {"/blog/knee/"} and st001["value"]["checked"] == 2
        assert results(data, "ST002")["content/posts/new.md"]["status"] == "good"


def test_posts_named_one_by_one_are_judged_against_their_neighbours(repo):
    # pre-commit passes only the staged files: the unstaged posts beside them still exist
    post(repo, "content/posts/a.md", "Acupuncture for back pain", "Related: [B](/blog/b/)\n\nRead more: [C](/blog/c/)")
    post(repo, "content/posts/b.md", "Acupuncture for neck pain", "Related: [A](/blog/a/)")
    post(repo, "content/posts/c.md", "Cupping explained")
    post(repo, "content/bundles/d/index.md", "Dry needling", "Related: [E](/blog/e/)\n\nRead more: [Gone](/blog/gone/)")
    post(repo, "content/bundles/e/index.md", "Electro-acupuncture")
    _, data = gate("content/posts/a.md", "content/posts/b.md", "content/bundles/d/index.md")
    assert len(data["report"]["pages"]) == 3  # only the named posts are gated
    st001 = results(data, "ST001")
    assert st001["content/posts/a.md"]["status"] == "good" and st001["content/posts/a.md"]["value"]["checked"] == 2
    assert set(broken_details(st001["content/bundles/d/index.md"])) == {"/blog/gone/"}


def test_theme_links_of_a_built_page_are_not_judged(repo):
    nav = "<nav><a href='/blog/archive/'>Archive</a> <a href='/blog/page2/'>Older posts</a></nav>"
    for slug, other in (("a", "b"), ("b", "a")):
        path = repo / "public" / "blog" / slug / "index.html"
        path.parent.mkdir(parents=True)
        path.write_text(
            f"<html lang='en'><head><title>Post {slug}</title></head><body>{nav}<article><h1>Post {slug}</h1>"
            f"<p>{BODY.format(topic='Acupuncture', topic_lower='acupuncture')}</p>"
            f"<p>Related: <a href='/blog/{other}/'>acupuncture post {other}</a></p>"
            f"<p>See <a href='/blog/missing-one/'>our missing guide</a>.</p></article></body></html>")
    (repo / "content").mkdir()
    post(repo, "content/c.md", "Cupping explained", "See [the archive](/blog/archive/).")  # a post's own link to it is judged
    _, data = gate("public", "content")
    details = broken_details(results(data, "ST001")["public/blog/a/index.html"])
    assert set(details) == {"/blog/missing-one/"}  # the menu's /blog/archive/ is not a post link
    assert set(broken_details(results(data, "ST001")["content/c.md"])) == {"/blog/archive/"}


def test_site_url_lets_absolute_links_to_the_site_be_judged(repo):
    post(repo, "content/a.md", "Acupuncture for back pain",
         "Related: [Neck](https://clinic.example/blog/neck-pain/)\n\nRead more: [Hip](https://www.clinic.example/blog/hip-pian/)")
    post(repo, "content/neck-pain.md", "Acupuncture for neck pain", "Related: [Back](/blog/a/)")
    post(repo, "content/hip-pain.md", "Acupuncture for hip pain")
    _, data = gate("content")
    assert results(data, "LK001")["content/a.md"]["status"] == "bad"  # "external link" twice: the post does not say its host
    (repo / "seoaudit.toml").write_text('[tool.seoaudit]\nsite_url = "https://clinic.example"\n')
    _, data = gate("content", "--config", "seoaudit.toml")
    assert results(data, "LK001")["content/a.md"]["status"] == "good"
    details = broken_details(results(data, "ST001")["content/a.md"])
    assert list(details) == ["https://www.clinic.example/blog/hip-pian/"] and "nearest: 'hip-pain'" in details["https://www.clinic.example/blog/hip-pian/"]


def test_front_matter_urls_and_redirecting_aliases_are_posts(repo):
    post(repo, "content/a.md", "Acupuncture for back pain",
         "Related: [Neck](/treatments/neck/)\n\nRead more: [Old hips](/2019/hip-pain/)\n\nRead more: [Knees](/blog/knees/)\n\n"
         "Read more: [Old knees](/old/knee-pain/)\n\nRead more: [Elbows](/blog/elbows/)")
    post(repo, "content/neck.md", "Acupuncture for neck pain", url="/treatments/neck/")
    post(repo, "content/hip.md", "Acupuncture for hip pain", aliases='["/2019/hip-pain/"]')
    post(repo, "content/knee.md", "Knee pain", permalink="/blog/knees/", redirect_from="/old/knee-pain/")
    _, data = gate("content")
    st001 = results(data, "ST001")["content/a.md"]
    # the neck post is published at its url, the hip and knee posts answer their old paths
    assert set(broken_details(st001)) == {"/blog/elbows/"} and st001["value"]["checked"] == 5
    assert results(data, "ST006")["content/hip.md"]["status"] == "good"  # a link to an alias links the post


def test_bare_relative_names_are_cross_references_not_posts(repo):
    # MyST/Sphinx docs link labels ("genindex", "attrs.frozen"); a post links "/blog/x/" or "../x/"
    post(repo, "content/posts/a.md", "Acupuncture for back pain",
         "See the [full index](genindex) and [frozen classes](attrs.frozen).\n\n"
         "Related: [Neck](../neck/)\n\nRead more: [Gone](../gone-post/)")
    post(repo, "content/posts/neck.md", "Acupuncture for neck pain", "Related: [Back](../a/)")
    _, data = gate("content")
    st001 = results(data, "ST001")["content/posts/a.md"]
    assert set(broken_details(st001)) == {"../gone-post/"} and st001["value"]["checked"] == 2


def test_audit_judges_links_between_local_files_when_asked(repo):
    from seoaudit.cli import audit

    post(repo, "drafts/a.md", "Acupuncture for back pain", "Related: [Neck](/blog/nek/)\n\nRead more: [Hips](/blog/hips/)")
    post(repo, "drafts/hips.md", "Acupuncture for hip pain", "Related: [Back](/blog/a/)")
    for flag, expected in (([], "na"), (["--local-site"], "bad")):
        r = CliRunner().invoke(audit, ["drafts", "-f", "json", "-o", str(repo / "out"), *flag])
        assert r.exit_code == 0, r.output
        data = json.loads(r.stdout)
        st001 = {p["source"]: c for p in data["pages"] for c in p["checks"] if c["code"] == "ST001"}
        assert st001["drafts/a.md"]["status"] == expected
    assert "'nek'" in st001["drafts/a.md"]["message"]
    r = CliRunner().invoke(audit, ["drafts", "-f", "html", "-o", str(repo / "cards"), "--local-site"])
    card = next(p for p in (repo / "cards").glob("*.html") if p.name != "index.html" and "drafts-a-" in p.name).read_text()
    assert "A site check: it depends on other pages (link targets, duplicates) and does not change the page" in card


# ---- links written in the site generator's syntax (sitegen.py) ---------------------------


@pytest.mark.parametrize("href, kind, name, based", [
    ('{{< relref "acupuncture-back-pain" >}}', "hugo", "acupuncture-back-pain", False),
    ('{{< ref "/blog/neck.md#faq" >}}', "hugo", "/blog/neck.md", False),
    ("{{% relref 'neck' %}}", "hugo", "neck", False),
    ('{{< ref path="neck.md" lang="fr" >}}', "hugo", "neck.md", False),
    ("{{< ref neck >}}", "hugo", "neck", False),
    ("{% post_url 2024-06-12-acupuncture-headache %}", "post_url", "2024-06-12-acupuncture-headache", False),
    ("{{ site.baseurl }}{% post_url 2024-06-12-x %}#faq", "post_url", "2024-06-12-x", False),
    ("{%- link _posts/2024-06-12-x.md -%}", "link", "_posts/2024-06-12-x.md", False),
    # the site's base path goes in front with site.baseurl and Jekyll's filters, not with site.url alone
    ("{{site.url}}{{ site.baseurl }}/blog/x/", "path", "/blog/x/", True),
    ("{{ site.url }}/blog/x/", "path", "/blog/x/", False),
    ("{{ 'blog/x/' | absolute_url }}", "path", "/blog/x/", True),
    ("{{ '/blog/x/' | url }}", "path", "/blog/x/", False),
    ("{{ page.next.url }}", "unknown", "{{ page.next.url }}", False),
    ("{{< relref .Params.next >}}", "unknown", "{{< relref .Params.next >}}", False),
    ('{{< ref "x" >}} and more', "unknown", '{{< ref "x" >}} and more', False),
])
def test_references_are_read_from_the_expression(href, kind, name, based):
    from seoaudit.sitegen import Reference, reference_of

    assert reference_of(href) == Reference(kind, name, based)
    assert reference_of("/blog/x/") is None


def test_hugo_references_are_resolved_to_files_and_typos_are_broken(repo):
    post(repo, "content/posts/acupuncture-back-pain.md", "Acupuncture for back pain",
         'See [neck pain]({{< ref "acupuncture-neck-pain.md" >}}).\n\n'
         'Related: [Bak pain]({{< relref "acupuncture-bak-pain" >}})\n\n'
         'Read more: [Needling]({{< relref "dry-needling" >}})\n\n'
         'Read more: [About us]({{< ref "/about" >}})\n\n'
         'Read more: [Next post]({{< relref .Params.next >}})\n\n'
         'Read more: [FAQ]({{< ref "#faq" >}})')
    post(repo, "content/posts/acupuncture-neck-pain.md", "Acupuncture for neck pain", 'Related: [Back]({{< ref "acupuncture-back-pain" >}})')
    post(repo, "content/bundles/dry-needling/index.md", "Dry needling")  # a bundle, outside the folder checked
    post(repo, "content/about.md", "About our clinic")  # a page, not a post
    _, data = gate("content/posts")
    st008 = results(data, "ST008")["content/posts/acupuncture-back-pain.md"]
    details = broken_details(st008)
    assert list(details) == ['{{< relref "acupuncture-bak-pain" >}}'] and st008["value"] == {"checked": 4, "broken": 1}
    assert "Hugo finds no page 'acupuncture-bak-pain' in content" in details['{{< relref "acupuncture-bak-pain" >}}']
    assert "nearest: 'acupuncture-back-pain'" in details['{{< relref "acupuncture-bak-pain" >}}']
    assert st008["message"].startswith("1 site generator reference names no published post, so the site's build fails: "
                                       '{{< relref "acupuncture-bak-pain" >}}')
    # ST001 leaves the typo to ST008 (one typo, one failure) and judges the references that name a file
    st001 = results(data, "ST001")["content/posts/acupuncture-back-pain.md"]
    assert st001["status"] == "good" and st001["value"]["checked"] == 3 and not broken_details(st001)
    assert "acupuncture-bak-pain" not in st001["message"]
    # an expression seoaudit cannot read is listed by ST001, neither broken nor passed
    unresolved = [e for e in st001["evidence"] if e["verdict"] == "not resolved"]
    assert [e["text"] for e in unresolved] == ["{{< relref .Params.next >}}"]
    assert "not checked: {{< relref .Params.next >}}" in st001["message"]
    # the failure is an error (the presets') at the line of the typo
    assert not [a for a in data["assertions"] if a["check"] == "ST001" and a["page"].endswith("acupuncture-back-pain.md")]
    (failure,) = [a for a in data["assertions"] if a["check"] == "ST008" and not a["passed"]]
    assert failure["level"] == "error" and [f["name"] for f in failure["findings"]] == ['{{< relref "acupuncture-bak-pain" >}}']
    line = failure["line"]
    assert "acupuncture-bak-pain" in (repo / "content/posts/acupuncture-back-pain.md").read_text().splitlines()[line - 1]
    # a reference is a Related link to a page of the site, and links the post it names
    assert results(data, "LK001")["content/posts/acupuncture-neck-pain.md"]["status"] == "good"
    assert results(data, "ST006")["content/posts/acupuncture-back-pain.md"]["status"] == "good"


def test_jekyll_post_url_and_site_variables_are_resolved(repo):
    post(repo, "_posts/2024-03-05-knee-pain.md", "Physiotherapy for knee pain",
         "Related: [Headache]({% post_url 2024-06-12-acupuncture-headache %})\n\n"
         "Read more: [Hedache]({% post_url 2024-06-12-acupuncture-hedache %})\n\n"
         "Read more: [Hips]({{ site.baseurl }}/blog/hip-pian/)\n\n"
         'Read more: [Hips again]({{ "/blog/hip-pain/" | relative_url }})\n\n'
         "Read more: [Source]({% link _posts/2024-06-12-acupuncture-headache.md %})")
    post(repo, "_posts/2024-06-12-acupuncture-headache.md", "Acupuncture for headaches", "Related: [Knee](/blog/knee-pain/)")
    post(repo, "_posts/2024-07-01-hip-pain.md", "Hip pain")
    _, data = gate("_posts")
    # the paths site variables make are ST001's links; the references to files, ST008's
    st001 = results(data, "ST001")["_posts/2024-03-05-knee-pain.md"]
    details = broken_details(st001)
    assert set(details) == {"/blog/hip-pian/"} and st001["value"]["checked"] == 4
    assert "nearest: 'hip-pain'" in details["/blog/hip-pian/"]
    assert "hedache" not in st001["message"] and st001["message"].startswith("1 of 4 internal link targets is broken")
    st008 = results(data, "ST008")["_posts/2024-03-05-knee-pain.md"]
    details = broken_details(st008)
    assert set(details) == {"{% post_url 2024-06-12-acupuncture-hedache %}"} and st008["value"] == {"checked": 3, "broken": 1}
    assert "Jekyll finds no post '2024-06-12-acupuncture-hedache'" in details["{% post_url 2024-06-12-acupuncture-hedache %}"]
    assert "nearest: 'acupuncture-headache'" in details["{% post_url 2024-06-12-acupuncture-hedache %}"]
    # a page whose only links are plain and reach posts: no reference to judge
    assert results(data, "ST008")["_posts/2024-06-12-acupuncture-headache.md"]["status"] == "na"


def test_references_find_pages_outside_the_index_as_a_recursive_glob_did(tmp_path):
    from seoaudit.local_site import PostIndex

    for rel in ("about.md", "pages/about.md", "pages/team/index.md", "blog/x.md", "a/blog/x.md", "blog/sub/x.md",
                "Upper.md", "b/pages/about.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    (tmp_path / "c" / "about.md").mkdir(parents=True)  # a folder of that name is no page
    index = PostIndex([])
    for name in ("about.md", "pages/about.md", "team/index.md", "blog/x.md", "sub/x.md", "x.md", "upper.md", "Upper.md",
                 "./blog/x.md", "gone.md", "tmp/about.md"):
        before = sorted(p for p in tmp_path.glob(f"**/{name}") if p.is_file())
        assert index._files_ending_with(tmp_path, name) == before, name
    assert index._files_ending_with(tmp_path, "pages/about.md") == [tmp_path / "b/pages/about.md", tmp_path / "pages/about.md"]


def test_references_do_not_find_pages_in_dependencies_or_build_output(repo):
    post(repo, "content/posts/back-pain.md", "Acupuncture for back pain",
         'Read more: [Team]({{< ref "team" >}})\n\nRead more: [Vendor]({{< ref "vendor-page" >}})')
    post(repo, "content/posts/neck-pain.md", "Acupuncture for neck pain", "Related: [Back](/blog/back-pain/)")
    post(repo, "content/pages/team.md", "Our team")
    post(repo, "content/node_modules/theme/vendor-page.md", "A page of a dependency")
    post(repo, "content/.cache/vendor-page/index.md", "A cached page")
    _, data = gate("content/posts")
    details = broken_details(results(data, "ST008")["content/posts/back-pain.md"])
    assert list(details) == ['{{< ref "vendor-page" >}}']
    assert "Hugo finds no page 'vendor-page' in content" in details['{{< ref "vendor-page" >}}']


def test_jekyll_does_not_take_a_post_of_a_dependency(repo):
    post(repo, "_posts/2024-03-05-knee-pain.md", "Physiotherapy for knee pain",
         "Related: [Hips]({% post_url 2024-07-01-hip-pain %})\n\nRead more: [Theme]({% post_url 2024-01-01-demo %})")
    post(repo, "_posts/2024-06-12-headache.md", "Acupuncture for headaches", "Related: [Knee](/blog/knee-pain/)")
    post(repo, "blog/_posts/2024-07-01-hip-pain.md", "Hip pain")  # outside the folder checked, still a post
    post(repo, "node_modules/jekyll-theme/_posts/2024-01-01-demo.md", "A theme's demo post")
    _, data = gate("_posts")
    details = broken_details(results(data, "ST008")["_posts/2024-03-05-knee-pain.md"])
    assert list(details) == ["{% post_url 2024-01-01-demo %}"]
    assert "Jekyll finds no post '2024-01-01-demo'" in details["{% post_url 2024-01-01-demo %}"]


# ---- posts deleted, renamed or moved on a branch (--changed-since) ----------------------


def _repo_on_a_branch(repo: Path) -> None:
    """A real git repository with the posts committed on main and a branch checked out."""
    if shutil.which("git") is None:
        pytest.fail("git is required for the --changed-since tests")
    shutil.rmtree(repo / ".git")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "posts")
    _git(repo, "checkout", "-q", "-b", "feature")


def _blog_linking_to_cupping(repo: Path) -> None:
    post(repo, "content/blog/cupping-explained.md", "Cupping explained", "Related: [Back pain](/blog/back-pain/)",
         slug="cupping-explained")
    post(repo, "content/blog/back-pain.md", "Acupuncture for back pain", "Related: [Cupping](/blog/cupping-explained/)")
    # no description: an error under the recommended preset, there before the branch
    post(repo, "content/blog/neck.md", "Acupuncture for neck pain",
         "See [how cupping works](../blog/cupping-explained.md).\n\nRelated: [Back pain](/blog/back-pain/)", description="")
    post(repo, "content/blog/hips.md", "Hip pain", "Related: [Back pain](/blog/back-pain/)")
    post(repo, "content/blog/wip.md", "Work in progress", "Related: [Cupping](/blog/cupping-explained/)", draft="true")


def _rename_cupping_on_a_branch(repo, slug: str):
    """The blog of ``_blog_linking_to_cupping`` on a branch where the cupping post is renamed
    (file and slug) to ``slug``, committed; returns the renamed file."""
    _blog_linking_to_cupping(repo)
    _repo_on_a_branch(repo)
    _git(repo, "mv", "content/blog/cupping-explained.md", f"content/blog/{slug}.md")
    renamed = repo / f"content/blog/{slug}.md"
    renamed.write_text(renamed.read_text().replace("slug: cupping-explained", f"slug: {slug}"))
    _git(repo, "commit", "-q", "-am", "rename")
    return renamed


def test_a_renamed_post_gates_the_unchanged_posts_that_link_to_it(repo):
    renamed = _rename_cupping_on_a_branch(repo, "cupping-therapy")
    r = CliRunner().invoke(check, ["content", "--changed-since", "main", "-f", "json"])
    data = json.loads(r.stdout)
    # before: only the renamed post was checked, and the gate passed
    assert [p["source"] for p in data["report"]["pages"]] == ["content/blog/cupping-therapy.md", "content/blog/back-pain.md",
                                                             "content/blog/neck.md"]
    assert data["gate"]["linking_to_removed"] == [
        {"page": "content/blog/back-pain.md", "links": ["/blog/cupping-explained/"]},
        {"page": "content/blog/neck.md", "links": ["../blog/cupping-explained.md"]},
    ]  # the draft's links will not be published; the hip post links elsewhere
    details = broken_details(results(data, "ST001")["content/blog/back-pain.md"])
    assert ("it named content/blog/cupping-explained.md, which was renamed to content/blog/cupping-therapy.md "
            "(slug now 'cupping-therapy') since main") in details["/blog/cupping-explained/"]
    assert "nearest:" not in details["/blog/cupping-explained/"]  # the rename says where it went: no guess
    # they are there for their links: their older findings (no description) do not fail the branch
    assert {a["check"] for a in data["assertions"] if a["page"] != "content/blog/cupping-therapy.md"} == {"ST001"}
    assert r.exit_code == 0
    assert "2 unchanged posts link to posts deleted, renamed or moved since main" in r.stderr
    text = CliRunner().invoke(check, ["content", "--changed-since", "main"]).stdout
    assert "seoaudit check: 3 pages (2 only for links to posts deleted, renamed or moved)" in text
    (repo / "strict-links.toml").write_text('[tool.seoaudit.assertions]\nbroken-link-targets = "error"\n')
    assert CliRunner().invoke(check, ["content", "--changed-since", "main", "--config", "strict-links.toml"]).exit_code == 1
    # the old path redirects to the new one (an alias) and the file link is fixed: nothing is broken, nothing added
    renamed.write_text(renamed.read_text().replace("slug: cupping-therapy", 'slug: cupping-therapy\naliases: ["/blog/cupping-explained/"]'))
    neck = repo / "content/blog/neck.md"
    neck.write_text(neck.read_text().replace("cupping-explained.md", "cupping-therapy.md"))
    _, data = gate("content", "--changed-since", "main")
    assert [p["source"] for p in data["report"]["pages"]] == ["content/blog/cupping-therapy.md", "content/blog/neck.md"]
    assert data["gate"]["linking_to_removed"] == []


def test_a_deleted_post_is_no_longer_a_silent_pass(repo):
    _blog_linking_to_cupping(repo)
    _repo_on_a_branch(repo)
    _git(repo, "rm", "-q", "content/blog/back-pain.md")
    _git(repo, "commit", "-q", "-m", "delete")
    for scope in (["content"], []):  # a named folder, or the deleted post's own folder
        r = CliRunner().invoke(check, [*scope, "--changed-since", "main", "-f", "json"])
        data = json.loads(r.stdout)
        assert "no changed posts" not in r.stderr
        assert [p["page"] for p in data["gate"]["linking_to_removed"]] == [
            "content/blog/cupping-explained.md", "content/blog/hips.md", "content/blog/neck.md"]
        detail = broken_details(results(data, "ST001")["content/blog/hips.md"])["/blog/back-pain/"]
        assert "it named content/blog/back-pain.md, which was deleted since main" in detail


def test_a_post_made_a_draft_gates_the_posts_that_link_to_it(repo):
    _blog_linking_to_cupping(repo)
    _repo_on_a_branch(repo)
    cupping = repo / "content/blog/cupping-explained.md"
    cupping.write_text(cupping.read_text().replace("slug: cupping-explained", "slug: cupping-explained\ndraft: true"))
    _git(repo, "commit", "-q", "-am", "unpublish")
    _, data = gate("content", "--changed-since", "main")
    assert data["gate"]["linking_to_removed"] == [
        {"page": "content/blog/back-pain.md", "links": ["/blog/cupping-explained/"]},
        {"page": "content/blog/neck.md", "links": ["../blog/cupping-explained.md"]},
    ]
    detail = broken_details(results(data, "ST001")["content/blog/back-pain.md"])["/blog/cupping-explained/"]
    assert "links to a draft (content/blog/cupping-explained.md): it will not be published" in detail


def test_renames_and_edits_that_keep_the_url_add_nothing(repo):
    post(repo, "_posts/2024-01-01-knee-pain.md", "Knee pain", "Related: [Hips](/blog/hip-pain/)")
    post(repo, "_posts/2024-01-02-hip-pain.md", "Hip pain", "Related: [Knee](/blog/knee-pain/)")
    _repo_on_a_branch(repo)
    # a new date keeps the slug (Jekyll), an edit keeps the front matter
    _git(repo, "mv", "_posts/2024-01-01-knee-pain.md", "_posts/2024-05-01-knee-pain.md")
    hip = repo / "_posts/2024-01-02-hip-pain.md"
    hip.write_text(hip.read_text() + "\nOne more sentence about hips.\n")
    _, data = gate("_posts", "--changed-since", "main")
    assert [p["source"] for p in data["report"]["pages"]] == ["_posts/2024-01-02-hip-pain.md", "_posts/2024-05-01-knee-pain.md"]
    assert data["gate"]["linking_to_removed"] == []
    # a slug changed in place breaks the links to the old one
    hip.write_text(hip.read_text().replace("title: Hip pain", "title: Hip pain\nslug: hip-pain-relief"))
    _, data = gate("_posts", "--changed-since", "main")
    detail = broken_details(results(data, "ST001")["_posts/2024-05-01-knee-pain.md"])["/blog/hip-pain/"]
    assert "which changed its URL (slug now 'hip-pain-relief') since main" in detail


def test_a_baseline_does_not_hide_a_new_broken_link_in_a_post_that_had_one(repo):
    from seoaudit.commands_check import baseline

    post(repo, "content/a.md", "Acupuncture for back pain", "Related: [B](/blog/b/)\n\nRead more: [Gone](/blog/gone/)")
    post(repo, "content/b.md", "Acupuncture for neck pain", "Related: [A](/blog/a/)")
    (repo / "seoaudit.toml").write_text('[tool.seoaudit.assertions]\nbroken-link-targets = "error"\n')
    w = CliRunner().invoke(baseline, ["write", "content", "--config", "seoaudit.toml"])
    assert w.exit_code == 0, w.output
    code, _ = gate("content", "--config", "seoaudit.toml", "--baseline", ".seoaudit-baseline.json")
    assert code == 0  # the known broken link is baselined
    a = repo / "content/a.md"
    a.write_text(a.read_text() + "\nRead more: [Hamstrings](/blog/hamstring-strain/)\n")
    new_line = a.read_text().splitlines().index("Read more: [Hamstrings](/blog/hamstring-strain/)") + 1
    r = CliRunner().invoke(check, ["content", "--config", "seoaudit.toml", "--baseline", ".seoaudit-baseline.json",
                                   "--select", "ST001", "-f", "sarif:out.sarif"])
    assert r.exit_code == 1, r.output
    assert f"content/a.md:{new_line}: error ST001" in r.output  # at the new link, not the known one
    assert "New since the baseline: /blog/hamstring-strain/." in r.output
    # one SARIF result per broken link: the new one is new, the one the baseline listed a known note
    res = [x for x in json.loads((repo / "out.sarif").read_text())["runs"][0]["results"] if x["ruleId"] == "ST001"]
    states = {x["message"]["text"].split(":", 1)[0]: (x["baselineState"], x["level"]) for x in res}
    assert states == {"/blog/hamstring-strain/": ("new", "error"), "/blog/gone/": ("unchanged", "note")}


def test_a_rename_says_where_the_post_went_without_a_nearest_guess(repo):
    _rename_cupping_on_a_branch(repo, "cupping-explained-guide")
    data = json.loads(CliRunner().invoke(check, ["content", "--changed-since", "main", "-f", "json"]).stdout)
    detail = broken_details(results(data, "ST001")["content/blog/back-pain.md"])["/blog/cupping-explained/"]
    assert "was renamed to content/blog/cupping-explained-guide.md" in detail and "nearest:" not in detail


@pytest.mark.parametrize("targets,neck_source", [
    (["."], "content/blog/neck.md"),
    (["./content/**/*.md"], "content/blog/neck.md"),
    (["./content/blog/neck.md", "content/blog/cupping-explained.md"], "./content/blog/neck.md"),  # named as typed
])
def test_posts_gated_for_a_removed_link_point_at_it_and_only_st001_counts(repo, targets, neck_source):
    # however the targets name the unchanged posts, they are asserted on ST001 only, and
    # named alike in the assertions and in linking_to_removed
    _blog_linking_to_cupping(repo)
    (repo / "content/blog/neck.md").write_text((repo / "content/blog/neck.md").read_text()
                                               + "\nSee [an old post](/blog/long-gone-post/) too.\n")
    _repo_on_a_branch(repo)
    _git(repo, "rm", "-q", "content/blog/cupping-explained.md")
    _git(repo, "commit", "-q", "-m", "delete")
    r = CliRunner().invoke(check, [*targets, "--changed-since", "main", "-f", "json"])
    data = json.loads(r.stdout)
    assert neck_source in [p["page"] for p in data["gate"]["linking_to_removed"]]
    neck = [a for a in data["assertions"] if a["page"] == neck_source]
    assert {a["check"] for a in neck} == {"ST001"}  # its missing description predates the branch
    assert data["report"]["score"] is None  # only posts gated for their links: nothing the branch changed to score
    text = (repo / "content/blog/neck.md").read_text().splitlines()
    line = next(i for i, l in enumerate(text, start=1) if "cupping-explained" in l)
    assert neck[0]["line"] == line  # the link to the deleted post, not the older broken one


def test_duplicate_title_and_description_annotations_point_at_the_front_matter(repo):
    """A copied post's ST002/ST003 annotations landed on the H1; the title and description
    to change are on the front matter's lines 2 and 3."""
    post(repo, "content/blog/knee-pain.md", "Physio for knee pain")
    post(repo, "content/blog/knee-pain-copy.md", "Physio for knee pain")
    (repo / "seoaudit.toml").write_text('[tool.seoaudit.assertions]\nduplicate-title = "error"\nduplicate-meta-description = "error"\n')
    _, data = gate("content", "--config", "seoaudit.toml", "--select", "ST002", "--select", "ST003")
    at = {(a["source_path"], a["check"]): a["line"] for a in data["assertions"] if not a["passed"]}
    assert at[("content/blog/knee-pain-copy.md", "ST002")] == 2
    assert at[("content/blog/knee-pain-copy.md", "ST003")] == 3


def test_lk001_does_not_call_a_related_link_to_a_missing_post_good(repo):
    """LK001 ran before the local site was known, so the scorecard said "good" beside ST001's
    "broken" for the same Related link."""
    post(repo, "content/posts/back-pain.md", "Acupuncture for back pain",
         "Related: [Acupuncture for neck pain](/blog/acupunture-neck-pain/)\n\nRead more: [Cupping explained](/blog/cupping/)")
    post(repo, "content/posts/cupping.md", "Cupping explained")
    _, data = gate("content")
    lk001 = results(data, "LK001")["content/posts/back-pain.md"]
    by_anchor = {e["text"]: e for e in lk001["evidence"]}
    typo = by_anchor["Acupuncture for neck pain"]
    assert typo["status"] == "bad" and typo["verdict"].startswith("descriptive anchor; target broken")
    assert by_anchor["Cupping explained"]["status"] == "good"
    assert "see ST001" in lk001["message"] and lk001["status"] in ("good", "ok")  # the anchors' verdict stands


# ---- posts new in the change: nothing could link to them yet (ST006) ----------------------------


def test_a_post_new_in_the_change_is_not_failed_for_having_no_links_in(repo):
    """Under strict, ST006 "no internal links in" is an error: every new post of a PR failed it."""
    post(repo, "content/blog/back-pain.md", "Acupuncture for back pain", "Related: [Neck](/blog/neck/)")
    post(repo, "content/blog/neck.md", "Acupuncture for neck pain", "Related: [Back](/blog/back-pain/)")
    post(repo, "content/blog/hip.md", "Physiotherapy for hip pain")  # old, and nothing links to it
    _repo_on_a_branch(repo)
    post(repo, "content/blog/knee.md", "Physiotherapy for knee pain")  # new, untracked
    post(repo, "content/blog/ankle.md", "Physiotherapy for ankle pain")
    _git(repo, "add", "content/blog/ankle.md")
    _git(repo, "commit", "-q", "-m", "ankle")  # new, committed on the branch
    post(repo, "content/blog/hip.md", "Physiotherapy for hip pain", "Edited.")  # changed, not new
    args = ("content", "--changed-since", "main", "--select", "ST006", "--preset", "strict", "--include-passed")
    code, data = gate(*args)
    st006 = results(data, "ST006")
    assert {s: r["status"] for s, r in st006.items()} == {"content/blog/ankle.md": "na", "content/blog/hip.md": "bad",
                                                         "content/blog/knee.md": "na"}
    assert st006["content/blog/knee.md"]["message"].startswith("A new post (added since main): no other post links to it yet.")
    assert code == 1  # hip.md was there before: its missing links in still fail
    # a new post the change links to passes as any other
    post(repo, "content/blog/neck.md", "Acupuncture for neck pain", "Related: [Back](/blog/back-pain/)\n\nRead more: [Knee](/blog/knee/)")
    assert results(gate(*args)[1], "ST006")["content/blog/knee.md"]["status"] == "good"
    # --staged: new in the index
    _git(repo, "add", "-A")
    _git(repo, "rm", "-q", "--cached", "content/blog/neck.md")
    _git(repo, "commit", "-q", "-m", "all but neck")
    post(repo, "content/blog/wrist.md", "Physiotherapy for wrist pain")
    _git(repo, "add", "content/blog/wrist.md")
    _, data = gate("content", "--staged", "--select", "ST006", "--include-passed")
    wrist = results(data, "ST006")["content/blog/wrist.md"]
    assert wrist["status"] == "na" and "(added in the staged changes)" in wrist["message"]
    # named as files (the `seoaudit` pre-commit hook) or as a folder: a post HEAD lacks is new too,
    # staged or untracked; a committed post with no links in still fails
    post(repo, "content/blog/elbow.md", "Physiotherapy for elbow pain")  # untracked
    for args in (("content",), ("content/blog/wrist.md", "content/blog/elbow.md", "content/blog/hip.md")):
        code, data = gate(*args, "--select", "ST006", "--preset", "strict", "--include-passed")
        st006 = results(data, "ST006")
        assert {s: st006[s]["status"] for s in ("content/blog/wrist.md", "content/blog/elbow.md", "content/blog/hip.md")} == {
            "content/blog/wrist.md": "na", "content/blog/elbow.md": "na", "content/blog/hip.md": "bad"}
        assert "(added since the last commit)" in st006["content/blog/wrist.md"]["message"] and code == 1


def test_outside_git_a_post_with_no_links_in_is_judged_as_before(repo):
    post(repo, "content/blog/back-pain.md", "Acupuncture for back pain")
    post(repo, "content/blog/wrist.md", "Physiotherapy for wrist pain")
    st006 = results(gate("content", "--select", "ST006")[1], "ST006")  # the fixture's .git is only a marker
    assert st006["content/blog/wrist.md"]["status"] == "bad"


# ---- the site generator's permalink settings (permalinks.py) --------------------------------------


def _hugo_posts(repo: Path, config: str, name: str = "hugo.toml") -> None:
    (repo / name).parent.mkdir(parents=True, exist_ok=True)
    (repo / name).write_text(config)
    post(repo, "content/posts/knee.md", "Physiotherapy for knee pain", slug="knee", date="2024-03-05")
    post(repo, "content/posts/neck.md", "Neck Pain, A Guide", date="2024-04-01")  # no slug: Hugo's :slug is the title
    post(repo, "content/posts/hip/index.md", "Hip pain", date="2024-05-02")  # a bundle
    post(repo, "content/posts/links.md", "Acupuncture for back pain",
         "Related: [Knee](/posts/knee/), [Knee again](/blog/knee/), [Neck](/blog/neck-pain-a-guide/), "
         "[Neck by file](/blog/neck/), [Elsewhere](/articles/knee/), [Hip](/posts/hip/)")


def test_hugo_permalinks_give_posts_their_address(repo):
    """hugo.toml's posts = "/blog/:slug/": a link to /posts/<slug>/ 404s on the built site."""
    _hugo_posts(repo, 'baseURL = "https://clinic.example/"\n[permalinks]\n  posts = "/blog/:slug/"\n')
    _, data = gate("content", "--select", "ST001")
    st001 = results(data, "ST001")["content/posts/links.md"]
    assert broken_details(st001) == {
        "/posts/knee/": "'Knee': the post 'knee' is published at /blog/knee/, not /posts/knee/",
        # the file name meant: the one-line fix besides rewriting the link to a title address
        "/blog/neck/": "'Neck by file': the post 'neck' is published at /blog/neck-pain-a-guide/, not /blog/neck/: link there, "
                       "or add `slug: neck` to its front matter (Hugo's :slug falls back to the title)",
        "/posts/hip/": "'Hip': the post 'hip' is published at /blog/hip-pain/, not /posts/hip/",
    }
    # /blog/knee/ and the title's address are the posts; /articles/knee/ (a taxonomy? a section?) is not judged
    assert st001["value"]["checked"] == 5


def test_the_nearest_post_hint_knows_title_addresses_and_accents(repo):
    (repo / "hugo.toml").write_text('baseURL = "https://clinic.example/"\n[permalinks]\n  posts = "/blog/:slug/"\n')
    post(repo, "content/posts/knee.md", "Physiotherapy for knee pain in Calgary, what to expect", slug="knee")
    post(repo, "content/posts/tips.md", "Dr. Lee's 10 tips for runners")  # published at /blog/dr.-lees-10-tips-for-runners/
    post(repo, "content/posts/fr.md", "Physiothérapie à Calgary", slug="physiothérapie-à-calgary")
    post(repo, "content/posts/links.md", "Acupuncture for back pain",
         "Related: [Knee](/blog/physiotherapy-for-knee-pain-in-calgary-what-to-expec/), [Tips](/blog/dr-lees-10-tips-for-runners/), "
         "[Physio](/blog/physiotherapie-a-calgary/)")
    _, data = gate("content", "--select", "ST001")
    details = broken_details(results(data, "ST001")["content/posts/links.md"])
    assert "(nearest: 'physiotherapy-for-knee-pain-in-calgary-what-to-expect', content/posts/knee.md)" in details[
        "/blog/physiotherapy-for-knee-pain-in-calgary-what-to-expec/"]
    assert "(nearest: 'dr.-lees-10-tips-for-runners', content/posts/tips.md)" in details["/blog/dr-lees-10-tips-for-runners/"]
    assert "content/posts/fr.md)" in details["/blog/physiotherapie-a-calgary/"]


def test_without_permalink_settings_a_slug_in_any_post_folder_is_accepted(repo):
    _hugo_posts(repo, 'baseURL = "https://clinic.example/"\n')
    _, data = gate("content", "--select", "ST001")
    # as before: a post's slug is its file name, found in any folder where posts are linked
    assert set(broken_details(results(data, "ST001")["content/posts/links.md"])) == {"/blog/neck-pain-a-guide/"}


def test_hugo_page_permalinks_in_yaml_under_config_default(repo):
    _hugo_posts(repo, "permalinks:\n  page:\n    posts: /articles/:year/:month/:filename/\n", "config/_default/hugo.yaml")
    _, data = gate("content", "--select", "ST001")
    details = broken_details(results(data, "ST001")["content/posts/links.md"])
    assert details["/posts/knee/"].endswith("is published at /articles/2024/03/knee/, not /posts/knee/")
    assert details["/posts/hip/"].endswith("is published at /articles/2024/05/hip/, not /posts/hip/")


def test_hugo_patterns_not_understood_give_no_address(repo):
    # a Go date layout (:2006) and a title with " - " (Hugo versions differ): judged as before
    _hugo_posts(repo, '[permalinks]\n  posts = "/:2006/:slug/"\n')
    _, data = gate("content", "--select", "ST001")
    assert set(broken_details(results(data, "ST001")["content/posts/links.md"])) == {"/blog/neck-pain-a-guide/"}
    from seoaudit.permalinks import _urlize

    assert _urlize("Knee pain - what helps", True) is None and _urlize("Neck Pain: A Guide?", True) == "neck-pain-a-guide"


def test_jekyll_permalink_moves_the_posts(repo):
    (repo / "_config.yml").write_text("title: Clinic\npermalink: /blog/:year/:month/:title/\n")
    post(repo, "_posts/2024-03-05-knee-pain.md", "Physiotherapy for knee pain")
    post(repo, "_posts/2024-04-01-neck-pain.md", "Neck pain",
         "Related: [Knee](/blog/knee-pain/), [Knee dated](/blog/2024/03/knee-pain/)")
    _, data = gate("_posts", "--select", "ST001")
    st001 = results(data, "ST001")["_posts/2024-04-01-neck-pain.md"]
    assert broken_details(st001) == {
        "/blog/knee-pain/": "'Knee': the post 'knee-pain' is published at /blog/2024/03/knee-pain/, not /blog/knee-pain/"}


def test_jekyll_pretty_permalinks_accept_only_the_address(repo):
    """With no fixed folder in the pattern (pretty, date, /:title/), any root-relative link ending in the
    slug was taken for the post: /blog/knee-pain/ passed, and counted as a link in, on a site that 404s it."""
    (repo / "_config.yml").write_text("title: Clinic\npermalink: pretty\n")
    post(repo, "_posts/2024-03-05-knee-pain.md", "Physiotherapy for knee pain")
    post(repo, "_posts/2024-04-01-neck-pain.md", "Neck pain",
         "Related: [Knee](/blog/knee-pain/), [Knee at the root](/knee-pain/), [Knee dated](/2024/03/05/knee-pain/)")
    _, data = gate("_posts", "--select", "ST001", "--select", "ST006")
    neck = results(data, "ST001")["_posts/2024-04-01-neck-pain.md"]
    # the address is the post; the others are not judged (a category page may be named like a post)
    assert (neck["status"], neck["value"]["checked"]) == ("good", 1)
    assert results(data, "ST006")["_posts/2024-03-05-knee-pain.md"]["value"] == 1


def test_jekyll_baseurl_puts_the_site_under_it(repo):
    """_config.yml's baseurl: /blog serves every page under /blog/: a link from the host's root 404s."""
    (repo / "_config.yml").write_text("title: Clinic\nbaseurl: /blog\npermalink: pretty\n")
    post(repo, "_posts/2024-03-05-knee-pain.md", "Physiotherapy for knee pain")
    post(repo, "_posts/2024-07-01-hip-pain.md", "Hip pain", redirect_from="/old-hip/")
    post(repo, "_posts/2024-08-01-shoulder.md", "Frozen shoulder", permalink="/shoulder/")
    post(repo, "_posts/2024-04-01-neck-pain.md", "Neck pain",
         "Related: [Knee](/blog/2024/03/05/knee-pain/), [Hip]({{ site.baseurl }}/2024/07/01/hip-pain/), "
         '[Shoulder]({{ "/shoulder/" | relative_url }}), [Old hip](/blog/old-hip/)\n\n'
         'Read more: <a href="{{ site.baseurl }}/shoulder/">the shoulder post</a>\n\n'
         "Read more: [Knee from the root](/2024/03/05/knee-pain/), [Shoulder from the root](/shoulder/)")
    _, data = gate("_posts", "--select", "ST001", "--select", "ST006")
    neck = results(data, "ST001")["_posts/2024-04-01-neck-pain.md"]
    assert broken_details(neck) == {
        "/2024/03/05/knee-pain/": "'Knee from the root': the post 'knee-pain' is published at /blog/2024/03/05/knee-pain/, "
                                  "not /2024/03/05/knee-pain/: the link lacks the site's base path /blog (baseurl in _config.yml)",
        "/shoulder/": "'Shoulder from the root': the post 'shoulder' is published at /blog/shoulder/, not /shoulder/: "
                      "the link lacks the site's base path /blog (baseurl in _config.yml)",
    }
    # with the base: the address, site.baseurl and relative_url (Markdown or HTML), redirect_from under the base
    assert neck["value"] == {"checked": 7, "broken": 2, "long_chains": 0}
    st006 = results(data, "ST006")
    assert {s: st006[s]["status"] for s in st006} == {"_posts/2024-03-05-knee-pain.md": "good", "_posts/2024-07-01-hip-pain.md": "good",
                                                      "_posts/2024-08-01-shoulder.md": "good", "_posts/2024-04-01-neck-pain.md": "bad"}


def _hugo_site_with_base(site: Path, config: str) -> None:
    (site / "hugo.toml").parent.mkdir(parents=True, exist_ok=True)
    (site / "hugo.toml").write_text('baseURL = "https://clinic.example/blog/"\n' + config + '[permalinks]\n  posts = "/:year/:slug/"\n')
    post(site, "content/posts/knee.md", "Physiotherapy for knee pain", slug="knee", date="2024-03-05")
    post(site, "content/posts/links.md", "Acupuncture for back pain",
         "Related: [Knee](/blog/2024/knee/), [Knee from the root](/2024/knee/), [Knee by section](/blog/posts/knee/)")


def test_hugo_base_url_path_puts_the_site_under_it(repo):
    _hugo_site_with_base(repo, "")
    _, data = gate("content", "--select", "ST001")
    details = broken_details(results(data, "ST001")["content/posts/links.md"])
    assert details == {
        "/2024/knee/": "'Knee from the root': the post 'knee' is published at /blog/2024/knee/, not /2024/knee/: "
                       "the link lacks the site's base path /blog (baseURL in hugo.toml)",
        # where Hugo would publish it without the permalink setting, under the base
        "/blog/posts/knee/": "'Knee by section': the post 'knee' is published at /blog/2024/knee/, not /blog/posts/knee/",
    }
    # canonifyURLs: Hugo puts the base in front of root-relative links itself, so they are written without it
    # (the link with the base is not judged: not the post's address, nor where posts live)
    _hugo_site_with_base(repo / "canonified", "canonifyURLs = true\n")
    _, data = gate("canonified/content", "--select", "ST001")
    links = results(data, "ST001")["canonified/content/posts/links.md"]
    assert links["status"] == "good" and links["value"]["checked"] == 1


def test_configured_permalink_wins_and_is_validated(repo):
    _hugo_posts(repo, '[permalinks]\n  posts = "/blog/:slug/"\n')
    (repo / "pyproject.toml").write_text('[tool.seoaudit]\npermalink = "/articles/:slug/"\n')
    _, data = gate("content", "--select", "ST001")
    details = broken_details(results(data, "ST001")["content/posts/links.md"])
    assert details["/posts/knee/"].endswith("is published at /articles/knee/, not /posts/knee/")
    assert "/articles/knee/" not in details  # seoaudit's :slug is the slug it reads (front matter, else file name)
    (repo / "pyproject.toml").write_text('[tool.seoaudit]\npermalink = "/articles/:title/"\n')
    r = CliRunner().invoke(check, ["content"])
    assert r.exit_code == 2 and "'permalink': unknown token ':title' (tokens: :slug, :year, :month, :day)" in r.stderr


def test_without_an_address_for_any_post_st001_says_which_links_it_could_not_judge(repo):
    """The review's `audit content/posts/ --local-site` without `permalink`: "No internal link names
    a post" though the posts' Related links went to /blog/..., a misspelled slug among them."""
    post(repo, "content/posts/sciatica.md", "Physiotherapy for sciatica",
         "Learn about our [physiotherapy](/services/physiotherapy/).\n\nRelated:\n"
         "- [Piriformis stretches](/blog/pirifomis-syndrome-stretches/)\n- [Low back pain](/blog/low-back-pain/)")
    post(repo, "content/posts/runners-knee.md", "Runner's knee", "Read more:\n- [Shin splints](/blog/shin-splints/)")
    post(repo, "content/posts/massage.md", "Massage therapy", "Book a [massage](/contact/) or see [the team](/team/ana/).")
    r = CliRunner().invoke(check, ["content/posts/", "--select", "ST001", "-f", "json"])
    st001 = results(json.loads(r.stdout), "ST001")
    sciatica = st001["content/posts/sciatica.md"]
    assert sciatica["status"] == "na"  # still not judged: it could be a link to a page that is not a post
    assert sciatica["message"] == (
        "No internal link names a post or a folder of posts among the 3 local posts. 2 links to /blog/… name no local "
        "post's slug, and no post's address is known (no `permalink` setting, Hugo or Jekyll permalink settings, or "
        "canonical), so they were not judged: /blog/pirifomis-syndrome-stretches/; /blog/low-back-pain/. If the posts "
        "are published under /blog/, set `permalink = \"/blog/:slug/\"` in the config.")  # its Related links, not /services/
    assert [(e["text"], e["verdict"]) for e in sciatica["evidence"]] == [
        ("/blog/pirifomis-syndrome-stretches/", "not judged"), ("/blog/low-back-pain/", "not judged")]
    # in the text: /contact/ is at the site's root (not a folder of posts); /team/ is named, with its folder
    assert "1 link to /team/… names no local post's slug" in st001["content/posts/massage.md"]["message"]
    # ST001 is na, which a gate passes and a text summary hides: the run says it once on stderr
    assert ("seoaudit: local posts: 4 links to /blog/… (3), /team/… (1) name no local post's slug and were not judged "
            "(ST001): no post's address is known. If the posts are published under /blog/, set "
            "`permalink = \"/blog/:slug/\"` in the config.") in r.stderr.splitlines()
    # `audit --local-site` says it too
    from seoaudit.cli import audit

    r = CliRunner().invoke(audit, ["content/posts/", "-f", "json", "--local-site", "--select", "ST001"])
    assert r.exit_code == 0 and "name no local post's slug and were not judged (ST001)" in r.stderr
    # with the setting, the same links are judged: the misspelled slug is broken
    (repo / "pyproject.toml").write_text('[tool.seoaudit]\npermalink = "/blog/:slug/"\n')
    r = CliRunner().invoke(check, ["content/posts/", "--select", "ST001", "-f", "json"])
    judged = results(json.loads(r.stdout), "ST001")["content/posts/sciatica.md"]
    assert judged["status"] == "bad" and "/blog/pirifomis-syndrome-stretches/" in broken_details(judged)
    assert "not judged" not in r.stderr and "not judged" not in judged["message"]


def test_a_link_that_reaches_a_post_by_its_path_shows_where_posts_live(repo):
    """A folder known to hold posts judges the other links there: nothing is left unsaid."""
    post(repo, "content/posts/sciatica.md", "Physiotherapy for sciatica",
         "Related:\n- [Runner's knee](/blog/runners-knee/)\n- [Typo](/blog/shin-splits/)")
    post(repo, "content/posts/runners-knee.md", "Runner's knee", "See [the team](/team/ana/).")
    r = CliRunner().invoke(check, ["content/posts/", "--select", "ST001", "-f", "json"])
    st001 = results(json.loads(r.stdout), "ST001")
    assert "/blog/shin-splits/" in broken_details(st001["content/posts/sciatica.md"])
    assert "not judged" not in st001["content/posts/runners-knee.md"]["message"] and "not judged" not in r.stderr


# ---- ST008: site generator references that name no post --------------------------------


def test_st001_no_longer_lists_a_broken_reference_and_st008_reports_it_once(repo):
    post(repo, "content/posts/back-pain.md", "Acupuncture for back pain",
         'Related: [Neck]({{< ref "nek-pain" >}})\n\nRead more: [Hips](/blog/hip-pian/)\n\nRead more: [Neck again](/blog/neck-pain/)')
    post(repo, "content/posts/neck-pain.md", "Acupuncture for neck pain", 'Related: [Back]({{< relref "bak-pain.md" >}})')
    post(repo, "content/posts/hip-pain.md", "Hip pain", "Related: [Back](/blog/back-pain/)")
    code, data = gate("content")
    st001, st008 = results(data, "ST001"), results(data, "ST008")
    # the plain link to a missing slug stays ST001's, the reference is ST008's: each said once
    assert list(broken_details(st001["content/posts/back-pain.md"])) == ["/blog/hip-pian/"]
    assert "nek-pain" not in st001["content/posts/back-pain.md"]["message"]
    assert st001["content/posts/back-pain.md"]["value"] == {"checked": 2, "broken": 1, "long_chains": 0}
    assert list(broken_details(st008["content/posts/back-pain.md"])) == ['{{< ref "nek-pain" >}}']
    # a post whose only link is a broken reference: ST001 has nothing of its own, and says why
    only_ref = st001["content/posts/neck-pain.md"]
    assert only_ref["status"] == "na" and not broken_details(only_ref)
    assert "but for 1 site generator reference that names no published post (ST008)" in only_ref["message"]
    assert st008["content/posts/neck-pain.md"]["status"] == "bad"
    assert st008["content/posts/hip-pain.md"]["status"] == "na"  # no reference to judge
    failed = {(a["page"], a["check"]): a for a in data["assertions"] if not a["passed"]}
    assert failed[("content/posts/back-pain.md", "ST008")]["level"] == "error" and code == 1  # the presets' level
    assert failed[("content/posts/back-pain.md", "ST001")]["level"] == "warn"
    assert ("content/posts/neck-pain.md", "ST001") not in failed
    # LK001 points at the check that reports the broken target
    lk001 = results(data, "LK001")["content/posts/back-pain.md"]
    verdicts = {e["text"]: e["verdict"] for e in lk001["evidence"]}
    assert verdicts["Neck"].endswith("(ST008)") and verdicts["Hips"].endswith("(ST001)")
    assert "(see ST001 broken-link-targets and ST008 broken-site-references)" in lk001["message"]


def test_build_references_in_a_config_file_still_sets_the_level_of_st008(repo):
    post(repo, "content/posts/back-pain.md", "Acupuncture for back pain", 'Related: [Neck]({{< ref "nek-pain" >}})')
    post(repo, "content/posts/neck-pain.md", "Acupuncture for neck pain", "Related: [Back](/blog/back-pain/)")
    (repo / "pyproject.toml").write_text('[tool.seoaudit.assertions]\n"build-references" = "warn"\n')
    code, data = gate("content")
    (refs,) = [a for a in data["assertions"] if not a["passed"] and a["check"] == "ST008"]
    assert refs["level"] == "warn" and code == 0
    (repo / "pyproject.toml").write_text('[[tool.seoaudit.overrides]]\nmatch = "content/posts/*"\n'
                                         'assertions = { "build-references" = "off" }\n')
    _, data = gate("content")
    assert not [a for a in data["assertions"] if a["check"] == "ST008"]


def test_a_reference_to_a_post_deleted_on_the_branch_fails_the_unchanged_post_that_has_it(repo):
    # the unchanged post is gated for its links (ST001 and ST008): its {{< ref >}} to the deleted
    # post breaks the site's build, an error as in a changed post
    post(repo, "content/blog/cupping.md", "Cupping explained", "Related: [Back](/blog/back-pain/)")
    post(repo, "content/blog/back-pain.md", "Acupuncture for back pain", 'Related: [Cupping]({{< ref "cupping" >}})',
         description="")
    post(repo, "content/blog/neck.md", "Acupuncture for neck pain", "Related: [Back](/blog/back-pain/)")
    _repo_on_a_branch(repo)
    _git(repo, "rm", "-q", "content/blog/cupping.md")
    _git(repo, "commit", "-q", "-m", "delete")
    r = CliRunner().invoke(check, ["content", "--changed-since", "main", "-f", "json"])
    data = json.loads(r.stdout)
    assert data["gate"]["linking_to_removed"] == [{"page": "content/blog/back-pain.md", "links": ['{{< ref "cupping" >}}']}]
    (failure,) = [a for a in data["assertions"] if not a["passed"]]  # not its missing description: older than the branch
    assert (failure["check"], failure["level"]) == ("ST008", "error") and r.exit_code == 1
    assert "it named content/blog/cupping.md, which was deleted since main" in failure["message"]
    assert "links are checked too (ST001 and ST008 only)" in r.stderr


# ---- links meant for a post that miss it (ST006) ------------------------------------------------


def _line(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), start=1) if text in line)


def test_no_links_in_names_the_links_that_aim_at_the_post_but_miss(repo):
    """ST006 said "no link at all" to the author of a post that three posts tried to link to: a typo,
    an old permalink, a reference to a wrong file name. Fixing those links, not writing new ones, is the fix."""
    (repo / "hugo.toml").write_text('baseURL = "https://clinic.example/"\n[permalinks]\n  posts = "/blog/:slug/"\n')
    knee = post(repo, "content/posts/knee-pain.md", "Physiotherapy for knee pain", slug="knee-pain")
    a = post(repo, "content/posts/a.md", "Acupuncture for back pain", "Related: [Knee pain](/blog/knee-pian/)", slug="a")
    b = post(repo, "content/posts/b.md", "Acupuncture for neck pain",
             "Related: [Knee](/posts/knee-pain/), [Back](/blog/a/)\n\nRead more: [Knee again]({{< ref \"knee-pian\" >}})", slug="b")
    post(repo, "content/posts/hip.md", "Hip pain", slug="hip")  # nothing aims at it
    code, data = gate("content", "--select", "ST006", "--select", "ST001", "--select", "ST008")
    st006 = results(data, "ST006")
    knee_result = st006["content/posts/knee-pain.md"]
    assert (knee_result["status"], knee_result["value"]) == ("bad", 0)  # still no working link in: as bad, as keyed
    places = [f"content/posts/a.md:{_line(a, 'knee-pian')}", f"content/posts/b.md:{_line(b, '/posts/knee-pain/')}",
              f"content/posts/b.md:{_line(b, 'ref ')}"]
    assert knee_result["message"] == (
        "No other page links to it from its content (no working link). 3 links in other posts aim at it but miss: "
        f"{places[0]} '/blog/knee-pian/'; {places[1]} '/posts/knee-pain/'; {places[2]} '{{{{< ref \"knee-pian\" >}}}}' "
        "(fix them: ST001 and ST008 on those posts).")
    evidence = knee_result["evidence"]
    assert [e["text"] for e in evidence] == places
    assert evidence[1]["detail"] == ("/posts/knee-pain/ ('Knee'): the post 'knee-pain' is published at /blog/knee-pain/, "
                                     "not /posts/knee-pain/ (ST001)")
    assert "(nearest: 'knee-pain', content/posts/knee-pain.md) (ST008)" in evidence[2]["detail"]
    # each broken link is still its own post's finding, where it is written
    assert set(broken_details(results(data, "ST001")["content/posts/b.md"])) == {"/posts/knee-pain/"}
    assert st006["content/posts/a.md"]["status"] == "good"
    assert st006["content/posts/hip.md"]["message"] == "No other page links to it from its content (no link at all)."
    # the annotation stays on the post itself (its H1), not at a line of another file
    (assertion,) = [x for x in data["assertions"] if x["check"] == "ST006" and x["page"] == "content/posts/knee-pain.md"]
    assert assertion["line"] == _line(knee, "# Physiotherapy for knee pain")
    # a baseline keeps what it kept before (no evidence for ST006), and the failure is known to it
    from seoaudit.commands_check import baseline

    r = CliRunner().invoke(baseline, ["write", "content", "-o", "base.json"])
    assert r.exit_code == 0, r.output
    entry = next(c for c in json.loads((repo / "base.json").read_text())["pages"]["content/posts/knee-pain.md"]["checks"]
                 if c["code"] == "ST006")
    assert set(entry) == {"code", "status", "score", "value"} and (entry["status"], entry["value"]) == ("bad", 0)
    _, data = gate("content", "--select", "ST006", "--baseline", "base.json")
    (assertion,) = [x for x in data["assertions"] if x["check"] == "ST006" and x["page"] == "content/posts/knee-pain.md"]
    assert assertion["baselined"]


def test_a_new_post_names_the_links_of_the_change_that_miss_it(repo):
    post(repo, "content/blog/back-pain.md", "Acupuncture for back pain", "Related: [Neck](/blog/neck/)")
    post(repo, "content/blog/neck.md", "Acupuncture for neck pain", "Related: [Back](/blog/back-pain/)")
    _repo_on_a_branch(repo)
    post(repo, "content/blog/knee-pain.md", "Physiotherapy for knee pain")  # new, untracked
    neck = post(repo, "content/blog/neck.md", "Acupuncture for neck pain",
                "Related: [Back](/blog/back-pain/)\n\nRead more: [Knee](/blog/knee-pian/)")
    _, data = gate("content", "--changed-since", "main", "--select", "ST006")
    knee = results(data, "ST006")["content/blog/knee-pain.md"]
    assert knee["status"] == "na"  # new: not failed for what other posts do not do yet
    assert knee["message"].endswith(f"1 link in other posts aims at it but misses: content/blog/neck.md:{_line(neck, 'knee-pian')} "
                                    "'/blog/knee-pian/' (fix it: ST001 on that post).")


def test_links_to_a_renamed_post_are_named_on_it(repo):
    _rename_cupping_on_a_branch(repo, "cupping-therapy")
    _, data = gate("content", "--changed-since", "main", "--select", "ST006")
    message = results(data, "ST006")["content/blog/cupping-therapy.md"]["message"]
    back, neck = repo / "content/blog/back-pain.md", repo / "content/blog/neck.md"
    # the draft's link is not published: not counted
    assert (f"2 links in other posts aim at it but miss: content/blog/back-pain.md:{_line(back, 'cupping')} '/blog/cupping-explained/'; "
            f"content/blog/neck.md:{_line(neck, 'cupping')} '../blog/cupping-explained.md' (fix them: ST001 on those posts).") in message
