"""files.py: local .html, .md (front matter) and .txt files -> RawPage."""

from __future__ import annotations

import datetime
import socket
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from seoaudit.files import SUPPORTED_SUFFIXES, read_file, render_text, targeting_from_front_matter


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def parse(page):
    assert page.ok, page.error
    return LexborHTMLParser(page.body.decode(page.encoding))


def lines_of(tree, selector: str) -> list[tuple[str, int]]:
    return [(" ".join(n.text().split()), int(n.attributes["data-line"])) for n in tree.css(selector)]


MD = """\
---
title: Acupuncture for Back Pain in Edmonton
description: How acupuncture eases lower back pain.
slug: acupuncture-back-pain
keyphrases: [acupuncture back pain, back pain edmonton]
city: Edmonton
lang: en-CA
date: 2024-03-01
author: Dr. Lee
draft: false
---
Back pain is why most patients first visit our clinic.

## Why acupuncture helps

- It calms muscle spasm
- It improves sleep

| Sessions | Relief |
|---|---|
| 4 | most |

Related: [Cupping for sore muscles](/blog/cupping)
"""


def test_markdown_front_matter_is_parsed(tmp_path):
    page = read_file(write(tmp_path, "post.md", MD))
    assert page.ok and page.kind == "markdown" and page.status is None
    fm = page.front_matter
    assert fm["title"] == "Acupuncture for Back Pain in Edmonton"
    assert fm["slug"] == "acupuncture-back-pain"
    assert fm["keyphrases"] == ["acupuncture back pain", "back pain edmonton"]
    assert fm["city"] == "Edmonton"
    assert fm["date"] == datetime.date(2024, 3, 1)
    assert fm["draft"] is False
    assert page.url == (tmp_path / "post.md").resolve().as_uri()


def test_markdown_renders_head_and_article_with_source_lines(tmp_path):
    page = read_file(write(tmp_path, "post.md", MD))
    tree = parse(page)
    assert tree.css_first("title").text() == "Acupuncture for Back Pain in Edmonton"
    assert tree.css_first('meta[name="description"]').attributes["content"] == "How acupuncture eases lower back pain."
    assert tree.css_first("html").attributes["lang"] == "en-CA"
    assert tree.css_first("article") is not None
    # front matter is 11 lines, so the first body line is line 12
    assert lines_of(tree, "article > p")[0] == ("Back pain is why most patients first visit our clinic.", 12)
    assert lines_of(tree, "h2") == [("Why acupuncture helps", 14)]
    assert lines_of(tree, "li") == [("It calms muscle spasm", 16), ("It improves sleep", 17)]
    assert lines_of(tree, "td")[0] == ("4", 21)
    link = tree.css_first("a")
    assert link.attributes["href"] == "/blog/cupping" and link.attributes["data-line"] == "23"
    # no H1 in the body: the front matter title is the H1, pointing at the title key
    assert lines_of(tree, "h1") == [("Acupuncture for Back Pain in Edmonton", 2)]


@pytest.mark.parametrize("keys", [
    ("date", "lastmod", "canonical"),  # Hugo
    ("date", "last_modified_at", "canonical_url"),  # Jekyll
    ("publishDate", "updated", "canonicalURL"),  # Hugo's publishDate, Eleventy/Hexo's updated
])
def test_front_matter_dates_and_canonical_become_the_pages_head(tmp_path, keys):
    published, modified, canonical = keys
    md = (f"---\ntitle: Sciatica\n{published}: 2025-04-10\n{modified}: 2025-08-22\n"
          f"{canonical}: https://clinic.example/blog/sciatica/\n---\n\nSee [our services](/services/).\n")
    page = read_file(write(tmp_path, "post.md", md))
    tree = parse(page)
    assert tree.css_first('meta[property="article:published_time"]').attributes["content"] == "2025-04-10"
    assert tree.css_first('meta[property="article:modified_time"]').attributes["content"] == "2025-08-22"
    assert tree.css_first('link[rel="canonical"]').attributes["href"] == "https://clinic.example/blog/sciatica/"
    from seoaudit.document import build_document

    doc = build_document(page)
    assert [(l.href, l.internal) for l in doc.links] == [("https://clinic.example/services/", True)]


def test_markdown_without_front_matter_takes_title_from_first_h1(tmp_path):
    page = read_file(write(tmp_path, "p.markdown", "Intro line.\n\n# Dry *needling* explained\n\nText.\n"))
    tree = parse(page)
    assert tree.css_first("title").text() == "Dry needling explained"
    assert page.front_matter == {}
    assert lines_of(tree, "h1") == [("Dry needling explained", 3)]
    assert len(tree.css("h1")) == 1


def test_targeting_reads_string_or_list_keys():
    t = targeting_from_front_matter({"keyphrase": "neck pain", "keywords": "neck pain, whiplash", "cities": ["Leduc", "Edmonton"]})
    assert t.keyphrases == ("neck pain", "whiplash")
    assert t.cities == ("Leduc", "Edmonton")


@pytest.mark.parametrize("front_matter", ["title: [unclosed\n", "- just\n- a list\n"])
def test_bad_yaml_front_matter_is_an_error(tmp_path, front_matter):
    page = read_file(write(tmp_path, "bad.md", f"---\n{front_matter}---\nBody.\n"))
    assert not page.ok
    assert "front matter" in page.error and "bad.md" in page.error
    assert page.body == b""


def test_unclosed_front_matter_is_an_error(tmp_path):
    page = read_file(write(tmp_path, "open.md", "---\ntitle: x\n\nBody never fenced.\n"))
    assert not page.ok and "never closed" in page.error


TOML_MD = """\
+++
title = "Whiplash Physio in North Vancouver"
description = "How physiotherapy helps whiplash after a car accident."
slug = "whiplash-physio-north-vancouver"
keyphrase = "whiplash physio"
city = "North Vancouver"
date = 2025-04-10
draft = true
+++

Whiplash strains the neck muscles in a car accident. Physiotherapy restores movement.
"""

JSON_MD = """\
{
  "title": "Whiplash Physio in North Vancouver",
  "keyphrase": "whiplash physio",
  "draft": false
}

Whiplash strains the neck muscles in a car accident. Physiotherapy restores movement.
"""


@pytest.mark.parametrize("text,draft,first_body_line", [(TOML_MD, True, 11), (JSON_MD, False, 7)])
def test_hugo_toml_and_json_front_matter_are_read(tmp_path, text, draft, first_body_line):
    """Hugo's default archetype writes TOML (+++): it was read as body text, so a draft was
    gated, keyphrase and city were lost and the front matter was counted as words."""
    from seoaudit.files import is_draft

    page = read_file(write(tmp_path, "post.md", text))
    assert page.ok and page.front_matter["title"] == "Whiplash Physio in North Vancouver"
    assert is_draft(page.front_matter) is draft
    assert targeting_from_front_matter(page.front_matter).keyphrases == ("whiplash physio",)
    tree = parse(page)
    assert tree.css_first("title").text() == "Whiplash Physio in North Vancouver"
    assert "+++" not in tree.body.text() and "keyphrase" not in tree.body.text()
    assert lines_of(tree, "article > p")[0][1] == first_body_line
    if text is TOML_MD:
        assert page.front_matter["date"] == datetime.date(2025, 4, 10)
        assert tree.css_first('meta[name="description"]').attributes["content"].startswith("How physiotherapy")


def test_json_front_matter_ends_where_its_object_does(tmp_path):
    # a nested object closing at the start of a line, a brace inside a string
    page = read_file(write(tmp_path, "post.md", '{\n"title": "Knee {pain}",\n"extra": {\n"a": 1\n}\n}\n\nKnee pain is common in runners.\n'))
    assert page.ok and page.front_matter["title"] == "Knee {pain}" and page.front_matter["extra"] == {"a": 1}


@pytest.mark.parametrize("text,needle", [
    ("+++\ntitle = \"x\n+++\nBody.\n", "invalid TOML front matter"),
    ("+++\ntitle = \"x\"\n\nBody never fenced.\n", "opened with +++ on line 1 is never closed"),
    ('{\n  "title": "x",\n}\nBody.\n', "invalid JSON front matter"),
    ('{\n  "title": "x"\n\nBody never closed.\n', "never closed"),
    # bombs: deep nesting, an integer past Python's int-string limit (they crashed the whole run)
    ("+++\na = " + "[" * 3000 + "]" * 3000 + "\n+++\nBody.\n", "nested too deeply"),
    ('{\n"a": ' + "1" * 5000 + "\n}\nBody.\n", "front matter value not read"),
    ("+++\na = " + "1" * 5000 + "\n+++\nBody.\n", "front matter value not read"),
])
def test_bad_toml_and_json_front_matter_are_errors(tmp_path, text, needle):
    page = read_file(write(tmp_path, "bad.md", text))
    assert not page.ok and needle in page.error and "bad.md" in page.error


TXT = """\
Acupuncture for Back Pain in Edmonton

Back pain is one of the most common reasons people visit our clinic.
Many patients find relief after a few sessions.

Why does back pain happen
Poor posture, long desk hours and old injuries all play a part.

What we treat

- Lower back pain
* Sciatica
• Neck stiffness

Call us today to book your first visit.

Related: Cupping therapy for sore muscles
Read more: Dry needling explained
"""


def test_text_conventions(tmp_path):
    page = read_file(write(tmp_path, "post.txt", TXT))
    assert page.kind == "text" and page.front_matter == {}
    tree = parse(page)
    assert tree.css_first("title").text() == "Acupuncture for Back Pain in Edmonton"
    assert lines_of(tree, "h1") == [("Acupuncture for Back Pain in Edmonton", 1)]
    assert lines_of(tree, "h2") == [("Why does back pain happen", 6), ("What we treat", 9)]
    assert lines_of(tree, "li") == [("Lower back pain", 11), ("Sciatica", 12), ("Neck stiffness", 13)]
    paragraphs = [p for p in lines_of(tree, "p") if not p[0].startswith(("Related", "Read more"))]
    assert paragraphs[0] == (
        "Back pain is one of the most common reasons people visit our clinic. "
        "Many patients find relief after a few sessions.", 3)
    assert ("Call us today to book your first visit.", 15) in paragraphs
    cues = tree.css("p.related a[data-cue]")
    assert [a.text() for a in cues] == ["Cupping therapy for sore muscles", "Dry needling explained"]
    assert [a.attributes["href"] for a in cues] == ["#cue", "#cue"]
    assert [p.text() for p in tree.css("p.related")][1].startswith("Read more: ")


def test_punctuated_or_long_first_line_is_not_a_title():
    punctuated = LexborHTMLParser(render_text("Back pain is common.\n\nMore text here.\n"))
    assert punctuated.css_first("h1") is None and punctuated.css_first("title").text() == ""
    long_line = "A " + "very " * 20 + "long opening line"
    assert LexborHTMLParser(render_text(f"{long_line}\n\nText.\n")).css_first("h1") is None


def test_byline_and_date_lines_are_text_not_subheadings():
    # short and unpunctuated like a subheading, but KW008 counted "By Priya Singh, PT" as one
    text = ("Physiotherapy for knee pain in Calgary\n\nPosted by Priya Singh, PT on November 20, 2026\n\n"
            "Knee pain is common. We help.\n\nBy the numbers\n\nMost people improve.\n\nBy Priya Singh, PT\n\n"
            "Updated March 2, 2026\n\nPar Marie Tremblay, Ac.\n\nThanks for reading.\n")
    tree = LexborHTMLParser(render_text(text))
    assert [h.text() for h in tree.css("h2")] == ["By the numbers"]
    paragraphs = [p.text() for p in tree.css("p")]
    for line in ("Posted by Priya Singh, PT on November 20, 2026", "By Priya Singh, PT", "Updated March 2, 2026", "Par Marie Tremblay, Ac."):
        assert line in paragraphs


def test_a_question_on_its_own_line_before_text_is_a_subheading():
    # KW008 missed "Is deep tissue massage right for you?", merged into the paragraph below it
    text = ("Deep tissue massage for lower back pain\n\nMost people feel looser after one session.\n\n"
            "Is deep tissue massage right for you?\n"
            "Deep tissue massage is not for everyone. Talk to your doctor first if you have had surgery.\n\n"
            "What is TMJ?\n\nThe jaw joint sits in front of the ear.\n\n"
            "Does it hurt? A little, at first, and then it eases.\n\n"
            "Most people ask the same thing. Will it hurt?\n"
            "It can feel firm, but you can ask for less pressure.\n\n"
            "Any questions?\n")
    tree = LexborHTMLParser(render_text(text))
    assert [h.text() for h in tree.css("h2")] == ["Is deep tissue massage right for you?", "What is TMJ?"]
    paragraphs = [p.text() for p in tree.css("p")]
    assert "Deep tissue massage is not for everyone. Talk to your doctor first if you have had surgery." in paragraphs
    # a question inside a paragraph, or the last line of the post, stays text
    assert "Does it hurt? A little, at first, and then it eases." in paragraphs
    assert "Most people ask the same thing. Will it hurt? It can feel firm, but you can ask for less pressure." in paragraphs
    assert paragraphs[-1] == "Any questions?"


def test_a_question_first_line_is_not_the_title():
    tree = LexborHTMLParser(render_text("Does massage help back pain?\n\nFor many people it does, for a while.\n"))
    assert tree.css_first("h1") is None and tree.css("h2") == []


def test_short_line_at_the_end_is_a_paragraph_not_a_heading():
    tree = LexborHTMLParser(render_text("Title\n\nSome body text.\n\nCall us today\n"))
    assert [h.text() for h in tree.css("h2")] == []
    assert tree.css("p")[-1].text() == "Call us today"


def test_hard_wrapped_paragraph_is_not_split_into_headings():
    wrapped = (
        "Acupuncture for Back Pain\n\n"
        "Back pain is one of the most common reasons people visit our clinic in\n"
        "Edmonton and many of them find real relief after only a few sessions\n"
        "with one of our registered acupuncturists on the south side of town.\n"
    )
    tree = LexborHTMLParser(render_text(wrapped))
    assert tree.css("h2") == []
    assert len(tree.css("p")) == 1


def test_related_cue_with_url_and_bare_cue_list():
    html = render_text(
        "Title\n\nBody text here.\n\n"
        "Read more: Dry needling explained (https://clinic.example/dry-needling)\n"
        "Related:\n- Massage for stress\n- Physio after surgery\n"
    )
    tree = LexborHTMLParser(html)
    links = [(a.text(), a.attributes["href"]) for a in tree.css(".related a[data-cue]")]
    assert links == [
        ("Dry needling explained", "https://clinic.example/dry-needling"),
        ("Massage for stress", "#cue"),
        ("Physio after surgery", "#cue"),
    ]


def test_html_file_is_read_as_bytes(tmp_path):
    body = '<html><head><meta charset="windows-1252"><title>Caf\xe9</title></head></html>'.encode("cp1252")
    page = read_file(write(tmp_path, "a.htm", body))
    assert page.ok and page.kind == "html" and page.body == body
    assert page.encoding == "cp1252"


def test_utf8_bom_and_latin1_text_files_decode(tmp_path):
    bom = read_file(write(tmp_path, "bom.txt", "\ufeffCaf\u00e9 au lait\n\nText.\n".encode("utf-8")))
    assert parse(bom).css_first("h1").text() == "Caf\u00e9 au lait"
    latin = "Physioth\u00e9rapie \u00e0 Montr\u00e9al\n\n" + "La physioth\u00e9rapie aide \u00e0 soulager la douleur au dos, \u00e0 Montr\u00e9al.\n" * 3
    page = read_file(write(tmp_path, "latin.txt", latin.encode("latin-1")))
    assert parse(page).css_first("h1").text() == "Physioth\u00e9rapie \u00e0 Montr\u00e9al"


def test_binary_file_is_an_error(tmp_path):
    page = read_file(write(tmp_path, "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert not page.ok and "binary file (a PNG image, not a text post)" in page.error  # what it is, when known
    unknown = read_file(write(tmp_path, "blob.txt", b"\x00\x01\x02\x03" * 64))
    assert not unknown.ok and unknown.error.endswith("binary file")


@pytest.mark.parametrize("name, data, cause", [
    ("empty.md", b"", "empty file"),
    ("empty.html", b"", "empty file"),
    ("blank.txt", b"  \n\n\t\n", "empty file"),
    ("bom.txt", b"\xef\xbb\xbf\n  \n", "no text (only whitespace)"),
    ("utf16.txt", "\n \n".encode("utf-16"), "no text (only whitespace)"),
])
def test_empty_and_blank_files_are_errors_not_pages(tmp_path, name, data, cause):
    # scored, an empty post read "13 good: no cure claim found" with exit code 0
    page = read_file(write(tmp_path, name, data))
    assert not page.ok and page.error.endswith(f"{name}: {cause}")


def test_a_file_with_text_is_not_blank(tmp_path):
    assert read_file(write(tmp_path, "one.txt", b"\n\nHi.\n")).ok
    stub = read_file(write(tmp_path, "fm.md", b"---\ntitle: A stub\n---\n"))
    assert not stub.ok and stub.error.endswith("fm.md: no text after the front matter")  # nothing to audit yet
    draft = read_file(write(tmp_path, "draft.md", b"---\ntitle: A stub\ndraft: true\n---\n"))
    assert draft.ok  # read, so the gate can see it is a draft and skip it


def test_undecodable_text_is_an_error(tmp_path):
    page = read_file(write(tmp_path, "noise.txt", bytes(range(128, 256)) * 20))
    assert not page.ok and "not valid text" in page.error


def test_missing_file_is_an_error(tmp_path):
    page = read_file(tmp_path / "gone.md")
    assert not page.ok and "no such file" in page.error


def test_unsupported_suffix_is_an_error(tmp_path):
    page = read_file(write(tmp_path, "notes.docx", b"PK"))
    assert not page.ok and "unsupported file type" in page.error


def test_supported_suffixes():
    assert set(SUPPORTED_SUFFIXES) == {".html", ".htm", ".md", ".markdown", ".txt"}


def test_reading_files_never_touches_the_network(tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("network used while reading a local file")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    for name, content in (("a.md", MD), ("b.txt", TXT), ("c.html", "<a href='https://x.example/'>x</a>")):
        assert read_file(write(tmp_path, name, content)).ok


TEMPLATE_LINKS = """\
---
title: Knee pain
---
Intro with [a Hugo ref]({{< relref "acupuncture-bak-pain" >}}) and,
on the next line, [a ref with a file]({{< ref "neck.md" >}} "Neck").

Related: [Headache]({% post_url 2024-06-12-acupuncture-headache %})

Read more: [Knee]({{ site.baseurl }}/blog/physio-kne-pain/), [Hips]({{ "/blog/hips/" | relative_url }}),
[Next]({{ page.next.url }}) and [plain](/blog/plain/).

Code stays code: `[x]({{< ref "y" >}})`, and ![an image]({{ site.baseurl }}/img/a.png) stays text.

```
[z]({% post_url 2020-01-01-z %})
```
"""


def test_site_generator_links_in_markdown_become_links_on_their_own_lines(tmp_path):
    # CommonMark reads a destination with spaces as text: these links used to vanish
    tree = parse(read_file(write(tmp_path, "post.md", TEMPLATE_LINKS)))
    links = [(a.text(), a.attributes["href"], int(a.attributes["data-line"])) for a in tree.css("a")]
    assert links == [
        ("a Hugo ref", '{{< relref "acupuncture-bak-pain" >}}', 4),  # references: resolved by the local index
        ("a ref with a file", '{{< ref "neck.md" >}}', 5),
        ("Headache", "{% post_url 2024-06-12-acupuncture-headache %}", 7),
        ("Knee", "/blog/physio-kne-pain/", 9),  # site variables and filters only add the site's address
        ("Hips", "/blog/hips/", 9),
        ("Next", "{{ page.next.url }}", 10),  # not understood: a link, its target left unjudged
        ("plain", "/blog/plain/", 10),
    ]
    assert tree.css("a")[1].attributes["title"] == "Neck"
    # code spans, fenced code and images are rendered exactly as before
    assert tree.css_first("p code").text() == '[x]({{< ref "y" >}})'
    assert "![an image]({{ site.baseurl }}/img/a.png)" in tree.css("p")[-1].text() and not tree.css("img")
    assert tree.css_first("pre").text() == "[z]({% post_url 2020-01-01-z %})\n"


def test_a_template_destination_does_not_swallow_the_text_after_it(tmp_path):
    # an expression followed by words is not a destination: the next link must not absorb them
    tree = parse(read_file(write(tmp_path, "p.md", "A [broken]({{ x }} words) then [ok]({{ y }}).\n")))
    assert [(a.text(), a.attributes["href"]) for a in tree.css("a")] == [("ok", "{{ y }}")]
    assert tree.css_first("p").text().startswith("A [broken]({{ x }} words) then ok")


def test_yaml_aliases_and_deep_nesting_in_front_matter_are_errors_not_a_crash(tmp_path):
    # 400 bytes of nested aliases expanded into gigabytes when a value was turned into text
    lines = ["---", "a: &a [x,x,x,x,x,x,x,x,x]"]
    for prev, name in zip("abcdefg", "bcdefgh"):
        lines.append(f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]")
    lines += [f"title: [{','.join(['*h'] * 9)}]", "---", "Text."]
    bomb = read_file(write(tmp_path, "bomb.md", "\n".join(lines).encode()))
    assert not bomb.ok and "YAML aliases (*name) are not read in front matter" in bomb.error
    deep = read_file(write(tmp_path, "deep.md", ("---\ntitle: " + "[" * 50000 + "]" * 50000 + "\n---\nText.\n").encode()))
    assert not deep.ok and deep.error.endswith("front matter nested too deeply")
    anchor_only = read_file(write(tmp_path, "anchor.md", b"---\ntitle: &t Knee pain\n---\nText.\n"))
    assert anchor_only.ok and anchor_only.front_matter["title"] == "Knee pain"  # an anchor alone is harmless


def test_a_link_with_no_closing_parenthesis_does_not_hang_the_markdown_reader(tmp_path):
    # the template-link pattern backtracked exponentially: 24 characters took 4 s, 40 would take hours
    md = b"---\ntitle: T\n---\nSee [the guide](" + b"a" * 60 + b"! {x} and more text.\n"
    page = read_file(write(tmp_path, "p.md", md))
    assert page.ok  # read at all: a timed test is not needed, the old pattern would not return


def test_french_and_spanish_cue_lines_in_text_posts():
    tree = LexborHTMLParser(render_text("Titre du post\n\nUn texte sur le dos et la douleur.\n\n"
                                        "À lire aussi : La physiothérapie pour le cou\nLee también: fisioterapia para el cuello\n"))
    assert [a.text() for a in tree.css("p.related a[data-cue]")] == ["La physiothérapie pour le cou", "fisioterapia para el cuello"]
    assert tree.css("h2") == []


def test_a_url_pasted_into_a_text_post_is_a_link():
    # the editor it is pasted into links it: LK003/TR004 said "no link to other sites / evidence"
    tree = LexborHTMLParser(render_text("Title here\n\nA Cochrane review (https://www.cochranelibrary.com/x/full) found a benefit. "
                                        "See https://example.com/a?b=1&c=2.\n"))
    assert [a.attributes["href"] for a in tree.css("p a")] == ["https://www.cochranelibrary.com/x/full", "https://example.com/a?b=1&c=2"]
    assert "found a benefit" in tree.css_first("p").text()


def test_shortcode_lines_are_not_paragraph_text_and_leave_lines_in_place(tmp_path):
    """{{< notice >}} / text / {{< /notice >}} without blank lines was one paragraph: its text began
    with the shortcode, and a claim inside was reported at the shortcode's line."""
    text = ("---\ntitle: Knee pain\n---\n\nKnee pain is common.\n\n{{< notice tip >}}\n"
            "This treatment is completely safe.\n{{< /notice >}}\n\n{% include cta.html %}\nBook a visit today.\n\n"
            "```\n{{< notice >}}\n```\n")
    tree = parse(read_file(write(tmp_path, "post.md", text)))
    assert lines_of(tree, "p") == [("Knee pain is common.", 5), ("This treatment is completely safe.", 8),
                                   ("Book a visit today.", 12)]
    assert tree.css_first("pre").text() == "{{< notice >}}\n"  # code shows the shortcode as written
    # a line of tags around text is not only tags: its text stays (it was blanked whole)
    around = parse(read_file(write(tmp_path, "around.md", "Intro.\n\n{{< notice >}}Knee pain is common.{{< /notice >}}\n")))
    assert lines_of(around, "p") == [("Intro.", 1), ("Knee pain is common.", 3)]


INLINE_TAGS = """\
---
title: Knee pain
---

Book via {{< booking-button >}} today. Call us {% include phone.html %} for a visit.
Read [more]({{< ref "x" >}}) and [again]({{ site.baseurl }}/blog/y/), then `{{< code >}}` stays.
A figure {{< figure src="/img/knee.jpg" alt="Knee brace fitting" >}} sits here,
and one {{< figure src="/img/a.jpg"
   alt="Over two lines" >}} then [a link](/blog/z/) on line 9.

## Exercises {{< icon "star" >}} for knees

Hugo shows {{</* notice */>}} as written.
"""


def test_shortcodes_inside_a_line_are_not_text_and_lines_stay_right(tmp_path):
    """`Book via {{< booking-button >}} today.` counted "booking-button" as words of a sentence."""
    from seoaudit.document import build_document

    page = read_file(write(tmp_path, "post.md", INLINE_TAGS))
    tree = parse(page)
    assert lines_of(tree, "p")[0] == ("Book via today. Call us for a visit. Read more and again, then {{< code >}} stays. "
                                      "A figure sits here, and one then a link on line 9.", 5)
    # links written as references are still links; code shows the tag as written
    assert [(a.text(), a.attributes["href"], a.attributes["data-line"]) for a in tree.css("p a")] == [
        ("more", '{{< ref "x" >}}', "6"), ("again", "/blog/y/", "6"), ("a link", "/blog/z/", "9")]
    assert tree.css_first("code").text() == "{{< code >}}"
    assert lines_of(tree, "h2") == [("Exercises for knees", 11)]
    assert lines_of(tree, "p")[-1] == ("Hugo shows {{</* notice */>}} as written.", 13)  # escaped: shown as written
    doc = build_document(page)
    for syntax in ("booking-button", "include", "phone.html", "src=", "alt=", "Knee brace", "icon", '"star"'):
        assert syntax not in doc.text
    assert "Book via today." in [s.text for s in doc.sentences]
    # a figure shortcode inside a line is an image of the post (its syntax is still not text), at its line
    assert [(i.src, i.alt, i.line, i.in_main) for i in doc.images] == [
        ("/img/knee.jpg", "Knee brace fitting", 7, True), ("/img/a.jpg", "Over two lines", 8, True)]
    # the line of a sentence after a tag written over two lines
    assert [s.line for s in doc.sentences if s.text.startswith("A figure")] == [7]


IMAGES_MD = """\
---
title: Tennis elbow
---

Tennis elbow is an overload of the tendons.

![](/img/forgot.jpg)

![Wrist extension with a light weight](/img/wrist.jpg)

<img src="/img/divider.png" alt="">

{{< figure src="/img/exercise.jpg" >}}

{{< figure src="/img/brace.jpg" alt="Physiotherapist fitting a brace" caption="A brace" >}}
{{< figure src="/img/grip.jpg" caption="Testing **grip** [strength](/blog/grip/)" >}}
{{< img src="/img/racquet.jpg" alt="" >}}
{{% image src=`/img/ice.jpg` alt=`Ice on the elbow` %}}
{% include figure.html image_path="/img/tape.jpg" alt='Taping the forearm' caption="x" %}
{% include figure image_path="/img/stretch.jpg" %}
Most people improve over several months.

{{< notice >}}
{{< figure src="/img/in-notice.jpg" alt="In a notice" >}}
See your doctor if it is swollen.
{{< /notice >}}

Hugo shows {{</* figure src="/img/escaped.jpg" */>}} as written, and {{< youtube abc >}} is no image.

```
{{< figure src="/img/code.jpg" >}}
```
"""


def test_markdown_images_without_a_description_and_image_shortcodes(tmp_path):
    """![](x.jpg) was 'marked decorative' (BA007 good) though Markdown cannot say so, and a Hugo
    {{< figure >}} was no image at all: BA007/KW009 said "The main content has no images"."""
    from seoaudit.document import build_document

    doc = build_document(read_file(write(tmp_path, "post.md", IMAGES_MD)))
    assert [(i.src, i.alt, i.undescribed, i.decorative, i.line) for i in doc.images] == [
        ("/img/forgot.jpg", "", True, False, 7),  # Markdown: a description not written
        ("/img/wrist.jpg", "Wrist extension with a light weight", False, False, 9),
        ("/img/divider.png", "", False, True, None),  # raw HTML can say "decorative" (and has no line of its own)
        ("/img/exercise.jpg", "", True, False, 13),  # Hugo's figure without alt or caption writes no alt text
        ("/img/brace.jpg", "Physiotherapist fitting a brace", False, False, 15),
        ("/img/grip.jpg", "Testing grip strength", False, False, 16),  # Hugo's figure takes its caption, as text
        ("/img/racquet.jpg", "", False, True, 17),  # alt="" written: decorative, as in HTML
        ("/img/ice.jpg", "Ice on the elbow", False, False, 18),
        ("/img/tape.jpg", "Taping the forearm", False, False, 19),  # a Jekyll include
        ("/img/stretch.jpg", "", True, False, 20),
        ("/img/in-notice.jpg", "In a notice", False, False, 24),
    ]
    assert all(i.in_main for i in doc.images)
    written = doc.text.split("Hugo shows")[0]  # an escaped shortcode and code show it as written
    for syntax in ("figure", "src=", "alt=", "caption", "A brace", "include", "image_path"):
        assert syntax not in written
    assert "{{</* figure" in doc.text and "youtube" not in doc.text
    # the lines after an image line keep their numbers, and the notice's text starts after its figure
    lines = {s.text: s.line for s in doc.sentences}
    assert lines["Most people improve over several months."] == 21
    assert lines["See your doctor if it is swollen."] == 25


@pytest.mark.parametrize("front_matter, line, words", [
    ('title: "Knee pain\ndescription: About knees.\ndate: 2024-01-01\n', 2, "while scanning a quoted scalar"),
    ("title: Knee\ntags: [knee, pain\nauthor: Jo\n", 3, "while parsing a flow sequence"),
    ("title: Knee\n author: Jo\n", 3, "mapping values are not allowed here"),  # no context: where the parser stopped
])
def test_yaml_front_matter_error_names_the_line_to_fix(tmp_path, front_matter, line, words):
    """An unclosed quote was reported at the end of the front matter ("line 5: found unexpected end of stream")."""
    page = read_file(write(tmp_path, "bad.md", f"---\n{front_matter}---\nBody.\n"))
    assert f"bad.md: invalid YAML front matter at line {line}: " in page.error
    assert words in page.error


def test_a_drafts_images_are_named_as_written_not_as_file_urls(tmp_path):
    from seoaudit.document import build_document
    from seoaudit.files import read_file

    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Knee pain\n---\nKnee pain is common and physio helps.\n\n![Knee exercise](/img/knee.jpg)\n\n"
                    "![](../images/x.png)\n", encoding="utf-8")
    assert [i.src for i in build_document(read_file(post)).images] == ["/img/knee.jpg", "../images/x.png"]
    # judged as its published page (a canonical URL), they resolve against that page
    post.write_text("---\ntitle: Knee pain\ncanonical: https://clinic.example/blog/knee/\n---\nKnee pain is common.\n\n"
                    "![Knee exercise](/img/knee.jpg)\n", encoding="utf-8")
    assert [i.src for i in build_document(read_file(post)).images] == ["https://clinic.example/img/knee.jpg"]


def test_prose_after_a_related_cue_line_in_the_same_paragraph_is_body_text(tmp_path):
    """`echo "This treatment is completely safe." >> post.md` after its Related line: one
    CommonMark paragraph, published; the extractor dropped the whole cue paragraph, claim included."""
    from seoaudit.document import build_document

    body = ("---\ntitle: Knee pain\n---\n\nKnee pain is common in runners.\n\n"
            "Related: [Running injuries](/blog/running/),\n[Ankle sprains](/blog/ankle/)\n"
            "This treatment is completely safe with zero side effects.\nBook a visit today.\n")
    page = read_file(write(tmp_path, "knee.md", body))
    tree = parse(page)
    assert lines_of(tree, "p") == [("Knee pain is common in runners.", 5), ("Related: Running injuries, Ankle sprains", 7),
                                   ("This treatment is completely safe with zero side effects. Book a visit today.", 9)]
    doc = build_document(page)
    assert "This treatment is completely safe with zero side effects." in [s.text for s in doc.sentences]
    assert [link.text for link in doc.related_links] == ["Running injuries", "Ankle sprains"]
    assert "Running injuries" not in doc.text


def test_a_french_page_keeps_its_space_before_colons_and_question_marks(tmp_path):
    # French typography: the evidence quoted "Le premier rendez-vous: un bilan" as if the page had the error
    from seoaudit.document import build_document
    from seoaudit.files import read_file

    post = tmp_path / "post.md"
    body = ("# Le dos : ce qui marche\n\nLa physiothérapie peut-elle vous aider ? Nous évaluons votre dos ; puis nous "
            "expliquons, avec [un lien](/a/) , ici.\n")
    post.write_text("---\ntitle: Le dos\nlang: fr\n---\n" + body, encoding="utf-8")
    doc = build_document(read_file(post))
    assert doc.h1s == ("Le dos : ce qui marche",)
    assert doc.blocks[1].text == "La physiothérapie peut-elle vous aider ? Nous évaluons votre dos ; puis nous expliquons, avec un lien, ici."
    post.write_text("---\ntitle: Back\nlang: en\n---\n# Back : what works\n\nCan it help ? Yes.\n", encoding="utf-8")
    assert build_document(read_file(post)).h1s == ("Back: what works",)  # other languages as before


# one testimonial per line, as editors paste them (a marketer's review): each line was joined
# into one paragraph with the next, so a claim's evidence quoted two patients and the line after
TESTIMONIALS_FR = (
    "Massothérapie pour la sciatique à Montréal\n\n"
    "La sciatique peut rendre chaque pas pénible.\n\n"
    "Ce que nos clients disent\n"
    "« Après trois massages, ma sciatique a disparu pour de bon. Je revis ! » – Marc, Rosemont\n"
    "« Rien ne marchait avant de venir ici, maintenant je n'ai plus aucune douleur. » – Sandra\n"
    "Notre massothérapie guérit la sciatique sans douleur et sans effets secondaires.\n"
)
TESTIMONIALS_EN = (
    "Massage Therapy for Sciatica in Calgary\n\n"
    "Sciatica can turn a simple walk to the car into an ordeal for many of our clients in Calgary.\n\n"
    "What our clients say\n"
    '"After three massages with Priya my sciatica was gone for good. I can finally play with my kids again!" - Mark, Calgary\n'
    '"Nothing worked until I came here, now I\'m completely pain-free." - Sandra T.\n'
    "★★★★★ Rated 5 stars by over 200 Calgary clients\n"
    "“My neck feels looser after every visit.”\n"
    "We also treat neck pain.\n"
)


def test_a_line_ending_in_a_quote_an_attribution_or_a_star_rating_ends_its_paragraph():
    fr = LexborHTMLParser(render_text(TESTIMONIALS_FR))
    assert lines_of(fr, "p")[1:] == [
        ("« Après trois massages, ma sciatique a disparu pour de bon. Je revis ! » – Marc, Rosemont", 6),
        ("« Rien ne marchait avant de venir ici, maintenant je n'ai plus aucune douleur. » – Sandra", 7),
        ("Notre massothérapie guérit la sciatique sans douleur et sans effets secondaires.", 8),
    ]
    en = LexborHTMLParser(render_text(TESTIMONIALS_EN))
    assert [line for _, line in lines_of(en, "p")] == [3, 6, 7, 8, 9, 10]
    assert lines_of(en, "p")[3] == ("★★★★★ Rated 5 stars by over 200 Calgary clients", 8)
    assert [h.text() for h in en.css("h2")] == ["What our clients say"]


def test_a_rating_line_after_prose_is_its_own_paragraph():
    tree = LexborHTMLParser(render_text("Title\n\nOur clients like us.\n⭐⭐⭐⭐⭐ on Google\nBook a visit.\n"))
    assert lines_of(tree, "p") == [("Our clients like us.", 3), ("⭐⭐⭐⭐⭐ on Google", 4), ("Book a visit.", 5)]


def test_a_hard_wrapped_line_that_ends_in_a_quoted_word_or_a_dash_stays_in_its_paragraph():
    wrapped = (
        "Dry needling for neck pain\n\n"
        # wrapped at 55 columns: the second line ends in a closing quote only because "because" did not fit
        "Many of our patients in Edmonton ask about the\n"
        "technique that physiotherapists call \"dry needling\"\n"
        "because it uses the same fine needles as acupuncture.\n"
        "Chinese medicine is not part of it, and your\n"
        "physiotherapist explains how it differs first.\n"
    )
    tree = LexborHTMLParser(render_text(wrapped))
    assert len(tree.css("p")) == 1 and tree.css("h2") == []
    # nor is prose that mentions a name after a dash, mid-paragraph, an attribution
    prose = "Title\n\nWe asked our senior therapist - Marc, Rosemont\nclinic - what helps most.\n"
    assert len(LexborHTMLParser(render_text(prose)).css("p")) == 1


def test_claims_in_pasted_testimonials_are_found_per_line_with_their_lines(tmp_path):
    from seoaudit.claims import scan_document
    from seoaudit.document import build_document

    fr = scan_document(build_document(read_file(write(tmp_path, "fr.txt", TESTIMONIALS_FR))))
    cures = [(c.line, c.hit.rule, c.hit.sentence) for c in fr if c.hit.category == "cure"]
    assert (8, "fr-cure-word", "Notre massothérapie guérit la sciatique sans douleur et sans effets secondaires.") in cures
    assert all("Marc" not in sentence and "Sandra" not in sentence for line, _, sentence in cures if line == 8)
    assert ("superiority", 7) in {(c.hit.category, c.line) for c in fr}
    en = scan_document(build_document(read_file(write(tmp_path, "en.txt", TESTIMONIALS_EN))))
    testimonials = {(c.line, c.hit.sentence) for c in en if c.hit.category == "testimonial"}
    assert (8, "★★★★★ Rated 5 stars by over 200 Calgary clients") in testimonials
    superiority = [(c.line, c.hit.sentence) for c in en if c.hit.category == "superiority"]
    assert superiority and all(line == 7 and not sentence.startswith("I can finally") for line, sentence in superiority)
