"""Links written in a static-site generator's own syntax inside Markdown posts.

Hugo and Jekyll posts often link with expressions the generator replaces by a URL when
it builds the site:

* Hugo shortcodes ``{{< ref "x" >}}``, ``{{< relref "x.md" >}}`` (or ``{{% %}}``,
  ``path="x"``): a content file, named from the content folder when the name starts
  with "/", else from the linking page's folder first, then anywhere;
* Jekyll tags ``{% post_url 2024-06-12-name %}`` (a post of ``_posts``, no extension)
  and ``{% link blog/x.md %}`` (a source file, from the site's folder);
* Liquid site variables and filters that only put the site's address in front of a
  path: ``{{ site.baseurl }}/blog/x/``, ``{{ site.url }}``,
  ``{{ "/blog/x/" | relative_url }}`` (also ``absolute_url`` and Eleventy's ``url``).

CommonMark reads a link destination with spaces as plain text, so
``[Back]({{< relref "x" >}})`` used to be no link at all: a typo in it was never seen.
``files.py`` renders them as links: site variables and filters become the path they
produce (``href_of``: with the site's base path, Jekyll's ``baseurl``, where ``site.baseurl``
or ``relative_url`` put it); references keep the expression as their href, and
``local_site.py`` resolves it to a post by file (``reference_of``). Any other
expression (``{{ page.next.url }}``) stays a link whose target is not judged: guessing
a path from it would report a bogus broken link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SITE_VAR = r"\{\{-?\s*site\.(?:url|baseurl)\s*-?\}\}"
#: the site variable that holds the site's base path ("/blog"); ``site.url`` is its scheme and host
_BASEURL_RE = re.compile(r"site\.baseurl\b")
#: site variables at the start of an href: what they add is the site's address, not the path
_LEADING_SITE_VARS_RE = re.compile(rf"^(?:{_SITE_VAR})+")
_FILTER_RE = re.compile(
    r"""^\{\{-?\s*(?P<quote>["'])(?P<path>[^"'{}]*)(?P=quote)\s*\|\s*(?P<filter>relative_url|absolute_url|url)\s*-?\}\}"""
    r"""(?P<rest>[^\s{}]*)$""")
#: ``{{< ref "x" >}}``; an unquoted ``.Params.x`` or ``$x`` is a template variable, not a name
_HUGO_REF_RE = re.compile(
    r"""^\{\{[<%]\s*(?:rel)?ref\s+(?:path\s*=\s*)?(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?![.$][A-Za-z])(?P<bare>[^\s"'>%]+))"""
    r"""[^{}]*?[>%]\}\}(?P<rest>#[^\s{}]*)?$""")
_JEKYLL_TAG_RE = re.compile(r"^\{%-?\s*(?P<tag>post_url|link)\s+(?P<name>[^\s%{}]+)\s*-?%\}(?P<rest>#[^\s{}]*)?$")


def has_template(text: str) -> bool:
    """Does ``text`` hold a Liquid/Go template or Hugo shortcode expression?"""
    return "{{" in text or "{%" in text


@dataclass(frozen=True)
class Reference:
    """What a templated href names. ``kind``: "hugo" (ref/relref: a content file), "post_url"
    (a Jekyll post's file name), "link" (a Jekyll source path), "path" (a URL path left by
    site variables) or "unknown" (an expression seoaudit cannot resolve; ``name`` is it)."""

    kind: str
    name: str
    # a "path" that the site's base path is put in front of (``{{ site.baseurl }}/x/``,
    # ``relative_url``): ``name`` is then the path from the site's folder
    based: bool = False

    @property
    def names_file(self) -> bool:
        """Does it name a file (ref/relref, post_url, link)? A name no published file has
        fails ``hugo`` / ``jekyll build``, where a path to a missing slug only 404s."""
        return self.kind in ("hugo", "post_url", "link")


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def _path_of(text: str) -> tuple[str, bool] | None:
    """The URL path an href made of site variables/filters and a path produces, from the site's
    folder, and whether the site's base path goes in front of it; None when an expression other
    than those remains."""
    rest = _LEADING_SITE_VARS_RE.sub("", text)
    if rest != text and not has_template(rest):
        # "{{ site.baseurl }}/blog/x/": the site's base path plus a path from its root
        based = bool(_BASEURL_RE.search(text[: len(text) - len(rest)]))
        return (rest if rest.startswith("/") else "/" + rest), based
    m = _FILTER_RE.match(rest)
    if m:
        path = m.group("path")
        if m.group("filter") != "url":  # relative_url/absolute_url root the path, as Jekyll does
            path = "/" + path.lstrip("/")
        # Jekyll's relative_url/absolute_url put its baseurl in front (Eleventy's url, a pathPrefix
        # seoaudit does not read)
        return path + m.group("rest"), m.group("filter") != "url"
    return None


def href_of(destination: str, base: str = "") -> str:
    """The href of a Markdown link whose destination holds a template expression: the path
    site variables and filters produce (under ``base``, the site's base path "/blog", where
    they put it), else the expression as written (spaces collapsed) for ``reference_of`` to read."""
    text = _collapsed(destination)
    found = _path_of(text)
    if found is None:
        return text
    path, based = found
    return base + path if based else path


def reference_of(raw_href: str) -> Reference | None:
    """What a templated href names; None for an href without a template expression."""
    if not has_template(raw_href):
        return None
    text = _collapsed(raw_href)
    found = _path_of(text)
    if found is not None:  # raw HTML in a post: <a href="{{ site.baseurl }}/blog/x/">
        return Reference("path", found[0], based=found[1])
    rest = _LEADING_SITE_VARS_RE.sub("", text)  # "{{ site.baseurl }}{% post_url x %}" (Jekyll 3)
    m = _HUGO_REF_RE.match(rest)
    if m:
        name = next(g for g in (m.group("dq"), m.group("sq"), m.group("bare")) if g is not None)
        return Reference("hugo", name.split("#", 1)[0].strip())
    m = _JEKYLL_TAG_RE.match(rest)
    if m:
        return Reference(m.group("tag"), m.group("name"))
    return Reference("unknown", text)
