"""The site a repository's posts will form, known offline: for ``seoaudit check``.

A CI gate sees Markdown or built HTML files, not a live site, yet the commonest
internal-link bug of a static blog is visible in them: a Related/Read more link to a
slug no post has (a typo, a renamed post, a post still in draft). This module indexes
the local posts (slug, published URL from the canonical, file path, draft state) and
answers, for each internal link of each post, what a crawl would have answered:

* the link names an indexed post (by its published path, its slug, or its source file
  for relative ``.md``/``.html`` links): the target exists (200);
* it names a post that is a draft: broken once published (``draft-post``);
* it names no post but sits where other indexed posts live (a folder such as
  "/blog/" on the same host; at the site root, only Related links): broken
  (``missing-post``), with the nearest slug as a hint;
* anything else (``/contact/``, the home page, a section listing, and the navigation
  and footer links a built page's theme adds) is not judged.

The result is a ``site.Site``, so the scan's site checks (ST001 link targets, ST002-ST005
duplicates, ST006 no links in) run unchanged on local posts.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from . import text as T
from .crawl import LinkStatus
from .models import Redirect
from .site import MissedLink, PageFacts, Site, facts_of_document
from .permalinks import SiteBase, content_root, jekyll_config_root, permalink_of, site_base
from .sitegen import Reference, has_template, reference_of
from .urls import DATED_NAME_RE, PAGE_SUFFIX_RE, bare_host, published_url_of, shown_path, url_key

#: files a relative link may name directly (GitHub-style and jekyll-relative-links)
_SOURCE_SUFFIXES = (".md", ".markdown", ".html", ".htm")
#: how alike a slug must be to be offered as "did you mean"
_NEAREST_CUTOFF = 0.75


@dataclass(frozen=True)
class LocalPost:
    """One post of the repository: where it is, where it will be published, what it is called."""

    source: str  # the path as read
    path: Path | None  # resolved file path (None for stdin)
    url: str  # the Document's URL (file://...)
    slug: str
    published_path: str | None  # "/blog/x/": its http(s) canonical's path, or the front matter's url/permalink
    published_host: str  # host of the canonical, else of the configured site_url ("" when unknown)
    draft: bool
    facts: PageFacts
    aliases: tuple[str, ...] = ()  # old paths that redirect to it (Hugo ``aliases``, Jekyll ``redirect_from``)
    # with a published_path from the permalink settings (permalinks.py): the folders where a
    # link to its slug can only mean it, at a wrong address (Hugo's /posts/ under /blog/:slug/)
    slug_folders: tuple[str, ...] = ()
    # Hugo's :slug fell back to the title: the slug a ``slug:`` line would need (permalinks.Permalink)
    title_fallback: str = ""
    # published_path comes from the permalink settings (else from the post itself, or unknown)
    by_settings: bool = False
    # the folder its site is served under (Jekyll's baseurl, Hugo's baseURL path): its addresses start with it
    base: SiteBase | None = None


def post_of(source: str, doc, draft: bool, permalink: str = "") -> LocalPost:
    """The index entry of an audited (or only parsed) local post; ``permalink``: the configured
    pattern (seoaudit's ``permalink`` setting), else the site generator's is read."""
    published = published_url_of(doc.url, doc.canonical)  # the canonical only: site_url gives no path
    path = None
    if doc.url.startswith("file:"):
        path = Path(unquote(urlsplit(doc.url).path)).resolve()
    fm = doc.front_matter or {}
    base = site_base(path)
    on_site = (lambda p: base.path + p) if base is not None else (lambda p: p)  # noqa: E731
    if published:
        published_path, host = _dir_path(unquote(urlsplit(published).path)), bare_host(published)
    else:
        # Hugo's ``url`` and a literal Jekyll/Eleventy ``permalink`` say where the post is published
        # (on the site: under its base path, as Hugo's aliases and Jekyll's redirect_from are too)
        declared = _literal_paths(fm.get("url")) or _literal_paths(fm.get("permalink"))
        published_path, host = (on_site(declared[0]) if declared else None), bare_host(doc.site_url) if doc.site_url else ""
    slug_folders: tuple[str, ...] = ()
    title_fallback = ""
    by_settings = False
    if published_path is None and not published:
        # no address of its own: where the generator's permalink settings publish it
        found = permalink_of(path, fm, doc.slug, permalink)
        if found is not None:
            published_path, slug_folders, title_fallback, by_settings = found.path, found.folders, found.title_fallback, True
    aliases = tuple(on_site(a) for a in _literal_paths(fm.get("aliases")) + _literal_paths(fm.get("redirect_from")))
    return LocalPost(source=source, path=path, url=doc.url, slug=doc.slug.lower(),
                     published_path=published_path if published_path != "/" else None,
                     published_host=host, draft=draft, facts=facts_of_document(doc), aliases=aliases,
                     slug_folders=slug_folders, title_fallback=title_fallback, by_settings=by_settings, base=base)


def _literal_paths(value) -> tuple[str, ...]:
    """Front-matter paths ("/old/x/" or a list of them) as folder paths; patterns such as
    "/blog/:title/" say nothing about one post and are left out."""
    values = [value] if isinstance(value, str) else value if isinstance(value, (list, tuple)) else []
    return tuple(_dir_path(v.strip()) for v in values if isinstance(v, str) and v.strip().startswith("/") and ":" not in v)


def _dir_path(path: str) -> str:
    """"/blog/x", "/blog/x/", "/blog/x/index.html", "/blog/x.html" -> "/blog/x/"."""
    path = re.sub(r"/index\.html?$", "/", path, flags=re.I)
    path = PAGE_SUFFIX_RE.sub("", path)
    return path.rstrip("/") + "/" if path.strip("/") else "/"


def _with_last_segment(path: str, segment: str) -> str:
    """"/blog/neck-pain-a-guide/" with "neck" last: "/blog/neck/" (where a ``slug:`` line publishes it)."""
    return posixpath.dirname(path.rstrip("/")).rstrip("/") + f"/{segment}/"


def _slug_of_path(path: str) -> str:
    last = _dir_path(path).rstrip("/").rsplit("/", 1)[-1]
    return DATED_NAME_RE.sub("", last).lower()


def _section_of(path: str) -> str:
    return posixpath.dirname(_dir_path(path).rstrip("/")).rstrip("/") + "/"


def _jekyll_root(page_file: Path) -> Path:
    """A Jekyll site's source folder: the nearest one holding ``_config.yml``, else the one
    above ``_posts``, else the working directory."""
    config = jekyll_config_root(page_file)
    if config is not None:
        return config
    posts = next((f for f in page_file.parents if f.name == "_posts"), None)
    return posts.parent if posts is not None else Path.cwd().resolve()


@dataclass(frozen=True)
class _Target:
    """What a link names: ``how`` is "post" (an indexed post), "alias" (a post's old path),
    "file"/"no-file" (a relative link to a file that is not a post / not there), "moved"
    (a post's slug under another path than it declares), "unknown" (no post), "no-ref" (a
    site generator's reference to no file) or "unresolved" (an expression not understood)."""

    how: str
    post: LocalPost | None = None
    path: str = ""  # the link's path as a folder ("/blog/x/"), for URL links; why, for "no-ref"
    file: Path | None = None
    slug: str = ""  # what a reference that names no file was after ("no-ref"), for the nearest-slug hint
    # what became of the post the link named before the change gated ("; it named x.md, which was
    # deleted since main"), "" when it named none: said in the message instead of a nearest slug
    was: str = ""
    now: LocalPost | None = None  # that post as it is now (renamed, or at another URL), None if deleted


class PostIndex:
    """The local posts by slug, published path and file; answers link targets."""

    def __init__(self, posts: list[LocalPost], removed: list[tuple[LocalPost, object]] = ()):
        self.posts = posts
        # posts as they were before a change (``gitchanges.PreviousVersion``), now deleted,
        # renamed or changed: a link that names no post any more but named one of these is
        # broken by that change, wherever it sits, and the message says what happened
        self.removed = list(removed)
        self._before = PostIndex([old for old, _ in self.removed]) if self.removed else None
        self.by_slug: dict[str, list[LocalPost]] = {}
        self.by_published: dict[str, LocalPost] = {}
        self.by_file: dict[Path, LocalPost] = {}
        self.by_alias: dict[str, LocalPost] = {}
        # each link is looked up for the sections, its status and the links in: once
        self._looked_up: dict[tuple, _Target | None] = {}
        self._by_name: dict[str, list[LocalPost]] | None = None  # file name -> posts, for references
        self._names: dict[str, tuple[str, LocalPost]] | None = None  # for the nearest-slug hint
        # slug -> its nearest post: asked for a broken link's message and again for ST006 (aimed_at)
        self._nearest_of: dict[str, tuple[str, LocalPost] | None] = {}
        self._files_under: dict[Path, dict[str, list[Path]]] = {}  # root -> file name -> files, for references
        for p in posts:
            for alias in p.aliases:
                self.by_alias.setdefault(alias, p)
            if p.slug:
                self.by_slug.setdefault(p.slug, []).append(p)
            if p.published_path:
                self.by_published.setdefault(p.published_path, p)
            if p.path is not None:
                self.by_file[p.path] = p
        # Where posts live, per host: (host, folder) -> the posts known there, from their
        # published URLs and from the links that named them (a "/blog/" link path holds
        # posts even when no post declares a canonical). A link that names no post is
        # judged only in a folder known to hold another post: a lone post of a site (or
        # a partial index) says nothing about its neighbours.
        self.sections: dict[tuple[str, str], set[int]] = {}
        for p in posts:
            if p.published_path:
                self.sections.setdefault((p.published_host, _section_of(p.published_path)), set()).add(id(p))
        for p in posts:
            for link in p.facts.links:
                # a reference names a file, not a URL folder where posts live
                target = self._named_post(link, p) if link.internal and not has_template(link.raw_href) else None
                if target is not None:
                    key = (bare_host(link.href), _section_of(unquote(urlsplit(link.href).path)))
                    self.sections.setdefault(key, set()).add(id(target))

    # ---- one link ---------------------------------------------------------------------------
    def _file_target(self, link, page: LocalPost) -> Path | None:
        """The file a relative link to a source file names, resolved from the linking file."""
        raw = link.raw_href.strip()
        if page.path is None or not raw or raw.startswith(("/", "#")) or "://" in raw or raw.startswith("//"):
            return None
        path = unquote(urlsplit(raw).path)
        if not path.lower().endswith(_SOURCE_SUFFIXES):
            return None
        return (page.path.parent / path).resolve()

    @staticmethod
    def _bare_name(link) -> bool:
        """A relative link without a folder slash or a file extension ("genindex",
        "attrs.frozen", "#faq"): a documentation generator's cross-reference or an
        in-page jump, not a post URL (posts are linked as "/blog/x/" or "../x/")."""
        raw = link.raw_href.strip()
        if raw.startswith("/") or "://" in raw or raw.startswith("//"):
            return False
        path = urlsplit(raw).path
        return not path or not path.endswith("/")

    def _lookup(self, link, page: LocalPost) -> "_Target | None":
        """What a link names among the local posts; None for links that name no post
        by their form (the home page, a bare relative name)."""
        key = (link.href, link.raw_href, link.scheme, page.path)
        try:
            return self._looked_up[key]
        except KeyError:
            target = self._resolve(link, page)
            if target is not None and self._before is not None:
                was, now = self._was(link, page)
                target = replace(target, was=was, now=now)
            self._looked_up[key] = target
            return target

    def _resolve(self, link, page: LocalPost) -> "_Target | None":
        ref = reference_of(link.raw_href)
        if ref is not None:
            if ref.kind == "path":  # site variables in front of a path: the path is the link
                path = unquote(urlsplit(ref.name).path)
                if ref.based and page.base is not None:  # {{ site.baseurl }}, relative_url: the site's base path
                    path = page.base.path + path
                return self._resolve_path(_dir_path(path), link, url_path=True)
            return self._resolve_reference(ref, page)
        file_target = self._file_target(link, page)
        if file_target is not None:
            post = self.by_file.get(file_target)
            if post is not None:
                return _Target("post", post)
            return _Target("file" if file_target.is_file() else "no-file", file=file_target)
        if self._bare_name(link):
            return None
        # a relative link of a file is resolved in the file system, not on the site
        url_path = link.scheme != "file" or link.raw_href.strip().startswith("/")
        return self._resolve_path(_dir_path(unquote(urlsplit(link.href).path)), link, url_path)

    def _resolve_path(self, path: str, link, url_path: bool) -> "_Target | None":
        if path == "/":
            return None  # the home page
        post = self.by_published.get(path)
        if post is not None:
            return _Target("post", post, path)
        post = self.by_alias.get(path)
        if post is not None:
            return _Target("alias", post, path)
        same_slug = self.by_slug.get(_slug_of_path(path), ())
        named = [p for p in same_slug if self._slug_link_names(p, path, link, url_path)]
        if named:
            return _Target("post", named[0], path)
        return _Target("moved" if same_slug else "unknown", same_slug[0] if same_slug else None, path)

    @staticmethod
    def _slug_link_names(post: LocalPost, path: str, link, url_path: bool) -> bool:
        """Does a link to ``path`` (not the post's address), ending with the post's slug, name it?"""
        if url_path and post.base is not None and not post.base.holds(path):
            return False  # outside the folder the post's site is served under
        if post.published_path is None:
            return True  # a post without a known address: found by its slug
        # a post that declares its URL is named only by that URL (matched above): /tag/sciatica/
        # is not the post published at /articles/sciatica/ (a file link's path is the file system's,
        # not a URL's: except a root-relative href to a post whose address the permalink settings
        # give, as "/posts/x/" without site_url)
        return link.scheme == "file" and not (url_path and post.by_settings)

    # ---- links written as the site generator's references (sitegen.py) -------------------
    def _resolve_reference(self, ref: Reference, page: LocalPost) -> "_Target | None":
        """A Hugo ref/relref or a Jekyll post_url/link, resolved as the generator resolves it:
        to the file it names. A name no file has fails the site's build, so it is broken
        wherever it points (no "folder where posts live" rule as for paths)."""
        if ref.kind == "unknown":
            return _Target("unresolved", path=ref.name)
        if not ref.name.strip("/") or page.path is None:
            return None  # {{< ref "#faq" >}}: this page
        if ref.kind == "hugo":
            return self._hugo_ref(ref.name, page.path)
        if ref.kind == "post_url":
            return self._jekyll_post(ref.name, page.path)
        root = _jekyll_root(page.path)  # {% link path %}: from the site's source folder
        return self._file_or_missing([root / ref.name.lstrip("/")], f"Jekyll finds no file {ref.name!r} in {shown_path(root)}",
                                     _slug_of_path(ref.name))

    def _file_or_missing(self, candidates: list[Path], missing: str, slug: str) -> _Target:
        """The first candidate that is an indexed post, else one that is a file, else broken."""
        resolved = [p.resolve() for p in candidates]
        post = next((self.by_file[p] for p in resolved if p in self.by_file), None)
        if post is not None:
            return _Target("post", post)
        found = next((p for p in resolved if p.is_file()), None)
        if found is not None:
            return _Target("file", file=found)
        return _Target("no-ref", path=missing, slug=slug)

    def _by_suffix(self, suffixes: list[str], in_posts_folder: bool = False) -> LocalPost | None:
        """An indexed post whose file path ends with one of ``suffixes`` ("/blog/x.md"),
        compared without case, as Hugo does."""
        if self._by_name is None:
            self._by_name = {}
            for post in self.posts:
                if post.path is not None:
                    self._by_name.setdefault(post.path.name.casefold(), []).append(post)
        for suffix in suffixes:
            suffix = suffix.casefold()
            for post in self._by_name.get(suffix.rsplit("/", 1)[-1], ()):
                if post.path.as_posix().casefold().endswith(suffix) and (not in_posts_folder or "_posts" in post.path.parts):
                    return post
        return None

    def _files_ending_with(self, root: Path, name: str) -> list[Path]:
        """Files under ``root`` whose path ends with ``name`` ("about.md", "x/index.md"), sorted:
        a reference to a page the index does not hold (an "about" page beside the posts).

        The tree is walked once per root, as a folder target is (``walk_post_folders``: not
        into node_modules, .git, _site...), into a map of file names that every reference
        of the run looks names up in; a reference names a file, so no wildcard is read."""
        from .sources import walk_post_folders

        files = self._files_under.get(root)
        if files is None:
            files = self._files_under[root] = {}
            for folder, names in walk_post_folders(root):
                for file_name in names:
                    files.setdefault(file_name, []).append(Path(folder, file_name))
        parts = PurePosixPath(name).parts
        return sorted(p for p in files.get(parts[-1], ()) if p.relative_to(root).parts[-len(parts):] == parts and p.is_file())

    def _hugo_ref(self, name: str, page_file: Path) -> _Target:
        """Hugo: "/x" from the content folder, else from the page's folder first, then any
        page whose path ends with the name; with or without the extension, or a bundle."""
        base = name.strip().strip("/")
        forms = [base] if base.lower().endswith(_SOURCE_SUFFIXES) else \
            [base + ext for ext in (".md", ".markdown", ".html")] + [f"{base}/index.md", f"{base}/_index.md", f"{base}/index.html"]
        slug = _slug_of_path(base)
        content = content_root(page_file)
        where = f"in {shown_path(content)}" if content else "among the local posts"
        rooted = name.strip().startswith("/")
        if rooted and content is not None:
            return self._file_or_missing([content / f for f in forms], f"Hugo finds no page {name!r} {where}", slug)
        if not rooted:
            found = self._file_or_missing([page_file.parent / f for f in forms], "", slug)
            if found.how != "no-ref":
                return found
        post = self._by_suffix(["/" + f for f in forms])
        if post is not None:
            return _Target("post", post)
        candidates = [p for f in forms for p in self._files_ending_with(content, f)] if content is not None else []
        return self._file_or_missing(candidates, f"Hugo finds no page {name!r} {where}", slug)

    def _jekyll_post(self, name: str, page_file: Path) -> _Target:
        """Jekyll's post_url: a file of a ``_posts`` folder, named without its extension."""
        forms = [name.strip("/") + ext for ext in (".md", ".markdown", ".html")]
        post = self._by_suffix(["/" + f for f in forms], in_posts_folder=True)
        if post is not None:
            return _Target("post", post)
        root = _jekyll_root(page_file)
        candidates = [p for f in forms for p in self._files_ending_with(root, f) if "_posts" in p.parts]
        where = "the site's _posts folders" if shown_path(root) == "." else f"the _posts folders of {shown_path(root)}"
        return self._file_or_missing(candidates, f"Jekyll finds no post {name!r} in {where}",
                                     _slug_of_path(name))

    def _named_post(self, link, page: LocalPost) -> LocalPost | None:
        target = self._lookup(link, page)
        return target.post if target is not None and target.how in ("post", "alias") else None

    def status(self, link, page: LocalPost) -> LinkStatus | None:
        """What requesting the link's target would give once the posts are published;
        None when the index cannot tell (not a post link, or not a local target)."""
        if not link.internal or not link.href or link.scheme not in ("http", "https", "file"):
            return None
        if link.context not in ("content", "related"):
            return None  # a built page's menus and footers come from the theme, not the post
        target = self._lookup(link, page)
        if target is None:
            return None
        if target.how == "post":
            return self._found(link, target.post)
        if target.how == "alias":  # an old URL the site generator redirects: one hop, as a crawl would see
            status = self._found(link, target.post)
            if status.broken:
                return status
            final = target.post.published_path or f"the post {target.post.slug!r}"
            return LinkStatus(url=link.href, status=200, final_url=final, redirects=(Redirect(url=link.href, status=301),))
        if target.how == "file":  # a file that is not a post (an image, a PDF next to the post)
            return LinkStatus(url=link.href, status=200, final_url=target.file.as_uri())
        if target.how == "no-file":
            return self._missing(link, f"there is no file {shown_path(target.file)}", self._missing_slug(target), target.was)
        if target.how == "no-ref":
            return self._missing(link, target.path, self._missing_slug(target), target.was)
        if target.how == "unresolved":
            # not judged, but said: the link exists and nobody checked where it goes
            return LinkStatus(url=link.href, status=None, final_url=link.href, cause="unresolved",
                              error="a template expression seoaudit cannot resolve: its target is not checked")
        slug = _slug_of_path(target.path)
        section = _section_of(target.path)
        others = self.sections.get((bare_host(link.href), section), set()) - {id(page)}
        if target.how == "moved":
            # every post of that slug is published elsewhere: a moved post when the link sits where
            # posts live, where the permalink settings moved it from, or at its address but for the
            # site's base path, else a tag or category page that shares the post's name
            posts = self.by_slug[slug]
            misaddressed = any(section in p.slug_folders for p in posts)
            baseless = next((p for p in posts if p.base is not None and p.published_path == p.base.path + target.path), None)
            if not others and not target.was and not misaddressed and baseless is None:
                return None
            # a post without an address of its own is known only to be on its site (outside which the link is)
            where = ", ".join(sorted({p.published_path or f"an address under {p.base.path}/ ({p.base.setting})" for p in posts}))
            reason = f"the post {slug!r} is published at {where}, not {target.path}{target.was}"
            if baseless is not None and not target.was:
                # the site is served under a folder: a link from the host's root misses it
                reason += f": the link lacks the site's base path {baseless.base.path} ({baseless.base.setting})"
            elif not target.was and any(p.title_fallback == slug and _with_last_segment(p.published_path, slug) == _dir_path(target.path)
                                        for p in posts):
                # the link means the file name: one front-matter line publishes the post there,
                # and a link to a title address breaks at the next title edit
                reason += f": link there, or add `slug: {slug}` to its front matter (Hugo's :slug falls back to the title)"
            return self._broken(link, reason, "missing-post")
        # At the site root (WordPress's /%postname%/) only Related links are judged:
        # /contact/ and /about/ live there too. A link to where a post was is judged anywhere.
        if target.was or (others and (section != "/" or link.context == "related")):
            return self._missing(link, f"no local post has the slug {slug!r}", self._missing_slug(target), target.was)
        return None

    @staticmethod
    def _missing_slug(target: _Target) -> str:
        """The slug a link that names no post was after: what the nearest-slug hint compares."""
        if target.how == "no-file":
            return _slug_of_path(str(target.file))
        if target.how == "no-ref":
            return target.slug
        return _slug_of_path(target.path)

    def aimed_at(self, link, page: LocalPost) -> tuple[LocalPost, ...]:
        """The posts a broken link that reaches no post was meant for (ST006 names the link on
        them): the posts of its slug published at another address, the post the one it named
        became (renamed, or moved), else the post its message offers as the nearest slug.
        Call it for a link whose ``status`` is broken: the lookup is cached then."""
        target = self._lookup(link, page)
        if target is None or target.how in ("post", "alias", "file", "unresolved"):
            return ()  # reaches a post (a draft's link is broken, but reaches it), or names no post at all
        if target.was:
            return (target.now,) if target.now is not None else ()
        if target.how == "moved":
            return tuple(self.by_slug[_slug_of_path(target.path)])
        near = self._nearest(self._missing_slug(target))
        return (near[1],) if near is not None else ()

    def _was(self, link, page: LocalPost) -> tuple[str, LocalPost | None]:
        """("; it named content/x.md, which was deleted since main", the post it is now) when the
        link named a post as it was before the change (and names none now), else ("", None)."""
        if self._before is None:
            return "", None
        old = self._before._named_post(link, page)
        if old is None:
            return "", None
        version = next(v for p, v in self.removed if p is old)
        return f"; it named {old.source}, which {self._what_happened(version)}", self._now_of(version)

    def _now_of(self, version) -> LocalPost | None:
        """The indexed post a previous version became (renamed, or at another URL); None if deleted."""
        if version.change == "deleted":
            return None
        return self.by_file.get(version.new_path.resolve() if version.new_path else version.path)

    def _what_happened(self, version) -> str:
        since = f"since {version.base}" if version.base else "in the staged changes"
        if version.change == "deleted":
            return f"was deleted {since}"
        now = self._now_of(version)
        where = ""
        if now is not None:
            where = f" (now {now.published_path})" if now.published_path else f" (slug now {now.slug!r})"
        if version.change == "renamed":
            return f"was renamed to {shown_path(version.new_path)}{where} {since}"
        return f"changed its URL{where} {since}"

    def links_to_removed(self, page: LocalPost) -> list[str]:
        """The links of ``page`` that a deletion, rename or URL change broke, as written."""
        if self._before is None:
            return []
        out = []
        for link in page.facts.links:
            status = self.status(link, page)
            # a status is given only to a link that names a target: its lookup is cached
            if status is not None and status.broken and self._lookup(link, page).was and link.raw_href not in out:
                out.append(link.raw_href)
        return out

    def _found(self, link, post: LocalPost) -> LinkStatus:
        if post.draft:
            return self._broken(link, f"links to a draft ({post.source}): it will not be published", "draft-post")
        return LinkStatus(url=link.href, status=200, final_url=link.href)

    def _missing(self, link, reason: str, slug: str, was: str) -> LinkStatus:
        """Broken: no post is where the link points. A post it named before the change says
        where it went (``was``): a nearest slug would mislead; else the nearest slug is the hint."""
        if was:
            return self._broken(link, reason + was, "missing-post")
        near = self._nearest(slug)
        if near is not None:
            reason += f" (nearest: {near[0]!r}, {near[1].source})"
        return self._broken(link, reason, "missing-post")

    def _nearest(self, slug: str) -> tuple[str, LocalPost] | None:
        """The post whose slug, published address or title is most like ``slug``, compared
        without accents ("physiotherapie-a-calgary" finds "physiothérapie-à-calgary"), as
        (the name matched, the post); None when none is alike enough."""
        if self._names is None:
            from .permalinks import title_path

            self._names = {}
            for p in self.posts:
                title = title_path(p.facts.title) if p.facts.title else None
                for name in (p.slug, _slug_of_path(unquote(p.published_path)) if p.published_path else "", title or ""):
                    if name:
                        self._names.setdefault(T.without_accents(name), (name, p))
        if slug not in self._nearest_of:
            near = difflib.get_close_matches(T.without_accents(slug), list(self._names), n=1, cutoff=_NEAREST_CUTOFF)
            self._nearest_of[slug] = self._names[near[0]] if near else None
        return self._nearest_of[slug]

    @staticmethod
    def _broken(link, reason: str, cause: str) -> LinkStatus:
        return LinkStatus(url=link.href, status=None, final_url=link.href, error=reason, cause=cause)

    def target_of(self, link, page: LocalPost) -> LocalPost | None:
        """The indexed post a link reaches (for counting links in)."""
        if not link.internal or not link.href:
            return None
        return self._named_post(link, page)


def local_site(posts: list[LocalPost], index: PostIndex | None = None) -> Site:
    """A Site of the local posts: link targets judged by the index, duplicates and
    links in counted among them. Drafts are indexed (a link to one is broken) and
    compared (a draft copying a post will duplicate it) but link nothing in."""
    index = index or PostIndex(posts)
    site = Site(name="local posts", offline=True, post_count=len(posts))
    content_in: dict[str, int] = {}
    any_in: dict[str, int] = {}
    for post in posts:
        site.add_page(post.facts)
        for link in post.facts.links:
            status = index.status(link, post)
            if status is not None:
                site.link_statuses.setdefault(url_key(link.href), status)
                if status.broken and not post.draft:
                    _add_missed(site, index, link, post, status)
            target = index.target_of(link, post)
            if target is None or target is post or post.draft:
                continue
            key = url_key(target.url)
            any_in[key] = any_in.get(key, 0) + 1
            if link.context in ("content", "related"):
                content_in[key] = content_in.get(key, 0) + 1
    for key, total in any_in.items():
        site.add_inlinks(key, content_in.get(key, 0), total)
    if not index.sections:
        # no folder is known to hold posts (no address from a setting or a canonical, no link that
        # reached one by its path): a link by path to a slug no post has cannot be told from a link
        # to a page that is not a post, so none is judged; ST001 says so, and which links
        for post in posts:
            paths = unaddressed_links(post, index)
            if paths:
                site.unaddressed_links[url_key(post.url)] = paths
    return site


def _unaddressed_notes(site: Site, gated: list[LocalPost]) -> list[str]:
    """One line for a run whose gated posts have links ST001 could not judge, no local post's
    address being known (``Site.unaddressed_links``); none otherwise."""
    from .checks.site_links import linked_folders, permalink_hint

    hrefs = [h for post in gated for h in site.unaddressed_links.get(url_key(post.url), ())]
    if not hrefs:
        return []
    where, top = linked_folders(hrefs)
    n = len(hrefs)
    return [f"seoaudit: local posts: {T.plural(n, 'link')} to {where} {T.agree(n, 'names', 'name')} no local post's slug and "
            f"{T.agree(n, 'was', 'were')} not judged (ST001): no post's address is known. {permalink_hint(top)}"]


def unaddressed_links(post: LocalPost, index: PostIndex) -> tuple[str, ...]:
    """The links of ``post`` written as a path in a folder ("/blog/x/", not "/contact/", an image
    or a file) that ``index`` does not judge, as written: its Related links when it has such,
    else its links in the text."""
    found: dict[str, list[str]] = {"related": [], "content": []}
    for link in post.facts.links:
        if link.context not in found or not link.href or link.raw_href in found[link.context]:
            continue
        if link.scheme not in ("http", "https") and not link.raw_href.strip().startswith("/"):
            continue  # a relative link names a file, judged as one
        path = unquote(urlsplit(link.href).path)
        if _section_of(path) == "/" or PurePosixPath(path).suffix.lower() not in ("", ".html", ".htm"):
            continue
        if index.status(link, post) is None:
            found[link.context].append(link.raw_href)
    return tuple(found["related"] or found["content"])


def _add_missed(site: Site, index: PostIndex, link, post: LocalPost, status) -> None:
    """Record a broken link of ``post`` on the posts it was meant for, so that their ST006 names it
    (where it would say that nothing links to them)."""
    ref = reference_of(link.raw_href)
    missed = MissedLink(source=post.facts.shown_as or post.source, line=link.line, href=link.raw_href, anchor=link.text,
                        check="ST008" if ref is not None and ref.names_file else "ST001", reason=status.error or "")
    for aimed in index.aimed_at(link, post):
        if aimed is not post:
            site.add_missed_link(url_key(aimed.url), missed)


def with_site_results(report, facts: PageFacts, site: Site, specs, options, doc=None):
    """``report`` with its site checks (ST...) answered on ``site`` instead of ``na``, and,
    given the page's Document ``doc``, LK001 too: its Related links' targets judged on ``site``
    (LK001 reads the Document; the site checks read only ``facts``).

    The page and category scores stay the single-page ones, as in a scan (where pages
    are scored while streaming): the same post scores the same in ``audit``, ``scan``
    and ``check``, and the gate asserts site checks by their own status (LK001's status
    and score are its anchors', whatever its targets).
    """
    from .checks.site_links import CHECKS
    from .registry import CheckContext
    from .runner import run_check

    site_codes = {f.spec.code for f in CHECKS}
    ctx = CheckContext(site=site)
    answers = {s.code: run_check(s, facts, options.get(s.code) or s.default_options(), ctx)
               for s in specs if s.code in site_codes}
    if not answers:
        return report
    if doc is not None:
        answers.update({s.code: run_check(s, doc, options.get(s.code) or s.default_options(), ctx) for s in specs if s.code == "LK001"})
    return replace(report, checks=tuple(answers.get(c.code, c) for c in report.checks))


class LocalPosts:
    """The local posts a run sees (``seoaudit check``, ``audit --local-site``): the
    audited ones, plus the posts indexed only (parsed, never audited: drafts the gate
    skips, the posts beside the audited ones, with ``--changed-since`` every post in
    scope) so that links to them can be judged. ``is_draft`` says which front matter
    marks a draft; ``auditor`` gives the selected checks and the configured site_url."""

    def __init__(self, is_draft, auditor) -> None:
        self.is_draft = is_draft
        self.auditor = auditor
        self.site_url = auditor.settings.site_url
        self.permalink = auditor.settings.permalink
        # no site check selected: nothing to index for
        self.enabled = any(s.code.startswith("ST") for s in auditor.specs)
        self.posts: list = []
        self.gated: list[tuple[int, object]] = []  # (position in the page list, post)
        self._paths: set = set()
        self.previous: list = []  # gitchanges.PreviousVersion: posts deleted, renamed or changed
        # files new in the change gated (--changed-since, --staged), and when ("since main"): other
        # posts cannot link to them yet, unless the change adds the link (Site.new_keys, ST006)
        self.added: set = set()
        self.added_when = ""
        self.linked: list[tuple[str, list[str]]] = []  # (source, links) of the posts gated for their links only
        # what the run's diagnostics say once, on stderr: ST001's "not judged" is `na`, which a text
        # summary hides, and a gate passes
        self.notes: list[str] = []

    def _add(self, raw, doc):
        if not self.enabled or doc is None or not raw.url.startswith("file:"):
            return None
        post = post_of(raw.source, doc, self.is_draft(raw.front_matter), self.permalink)
        if post.path is not None and post.path in self._paths:
            return None
        self._paths.add(post.path)
        self.posts.append(post)
        return post

    def audited(self, position: int, raw, doc) -> None:
        post = self._add(raw, doc)
        if post is not None:
            self.gated.append((position, post))

    def index(self, raw) -> None:
        from .document import build_document

        if not self.enabled or not raw.ok or not raw.url.startswith("file:"):
            return
        if Path(unquote(urlsplit(raw.url).path)).resolve() in self._paths:
            return  # gated already
        try:
            self._add(raw, build_document(raw, self.site_url))
        except Exception:  # noqa: BLE001 - an unparsable post that is not gated is left out of the index
            pass

    def index_all(self, raws) -> None:
        for raw in raws:
            self.index(raw)

    def neighbour_globs(self, covered: list[str]) -> list[str]:
        """Globs of the posts beside the gated ones (``folder/*``, and ``folder/*/index.*``
        for page bundles), for the folders no directory in ``covered`` already holds.

        Files named one by one (pre-commit passes only the staged ones) would otherwise
        be a partial index: a link from one to an unchanged post in the same folder
        would look like a link to a missing post.
        """
        roots = [Path(c).resolve() for c in covered if Path(c).is_dir()]
        folders = set()
        # the folders of deleted and renamed posts too: their neighbours are the likeliest
        # to link to them, when no folder was named (--staged, --changed-since alone)
        for path in [post.path for _, post in self.gated] + [v.path for v in self.previous]:
            if path is None:
                continue
            folder = path.parent
            if path.stem in ("index", "_index") and path.suffix.lower() in (".md", ".markdown"):
                folder = folder.parent  # a Hugo/Astro bundle: its siblings are the other bundles
            if not folder.is_dir():
                continue
            if not any(folder == r or r in folder.parents for r in roots):
                folders.add(folder)
        # relative to the working directory: the neighbours' paths reach messages ("links to a
        # draft (content/blog/x.md)"), which must not name the machine's own directories
        shown = [Path(shown_path(f)) for f in sorted(folders)]
        return [g for f in shown for g in (str(f / "*"), str(f / "*" / "index.*"))]

    def removed_posts(self) -> list[tuple[LocalPost, object]]:
        """The previous versions as index entries (drafts left out: nothing published went away)."""
        from .document import build_document
        from .files import SUPPORTED_SUFFIXES, file_url, page_from_bytes

        out = []
        for version in self.previous:
            source = shown_path(version.path)
            try:
                raw = page_from_bytes(version.data, SUPPORTED_SUFFIXES[version.path.suffix.lower()], source=source,
                                      url=file_url(version.path))
                post = post_of(source, build_document(raw, self.site_url), self.is_draft(raw.front_matter), self.permalink)
            except Exception:  # noqa: BLE001 - an old version that no longer parses names nothing
                continue
            if not post.draft:
                out.append((post, version))
        return out

    def with_site_results(self, pages: list, read, in_scope=(), covered=(), audit_links=None) -> list:
        """``pages`` with their site checks answered on the local site, after indexing the
        posts in ``in_scope`` and those beside the audited ones outside ``covered`` (both
        lists of targets; ``read(targets)`` reads them). Unchanged with fewer than two
        posts: one post alone cannot tell a missing target from one outside the files given.

        With ``previous`` versions, every indexed post whose links the deletions, renames
        or URL changes broke is added to the pages (``audit_links(source)`` audits it) and
        listed in ``linked``: otherwise a rename passes the gate while breaking the links
        of posts it did not touch."""
        if not self.gated and not self.previous:
            return pages
        self.index_all(read(list(in_scope) + self.neighbour_globs(list(covered))))
        if len(self.posts) < 2:
            return pages
        index = PostIndex(self.posts, self.removed_posts())
        pages = list(pages)
        if index.removed and audit_links is not None:
            gated = {id(post) for _, post in self.gated}
            for post in self.posts:
                if id(post) in gated or post.draft:  # a draft's links are not published
                    continue
                links = index.links_to_removed(post)
                report = audit_links(post.source) if links else None
                if report is not None:
                    self.gated.append((len(pages), post))
                    pages.append(report)
                    self.linked.append((report.source, links))
        if not self.gated:
            return pages
        site = local_site(self.posts, index)
        self.notes += _unaddressed_notes(site, [post for _, post in self.gated])
        site.new_keys = {url_key(post.url) for post in self.posts if post.path in self.added}
        site.new_when = self.added_when
        for position, post in self.gated:
            pages[position] = with_site_results(pages[position], post.facts, site, self.auditor.specs, self.auditor.options,
                                                self._document_for_related_links(post, site, read))
        return pages

    def _document_for_related_links(self, post: LocalPost, site: Site, read):
        """The post's Document, read and parsed again, when LK001 must judge its Related links
        on ``site`` (one of their targets is broken there); None otherwise.

        LK001 ran before the local site was known, and it reads the Document, which the index
        does not keep (holding every gated post's Document would cost memory for the few whose
        Related links are broken): only those few are parsed a second time, from the same
        ``read`` (the index itself with ``--staged``). A post that cannot be read again keeps
        the first answer; ST001 still names its broken targets."""
        from .checks.links import broken_cause

        if not any(s.code == "LK001" for s in self.auditor.specs):
            return None
        if not any(link.context == "related" and broken_cause(link, site) for link in post.facts.links):
            return None
        raw = next(iter(read([post.source])), None)
        if raw is None or not raw.ok:
            return None
        try:
            return self.auditor.document(raw)
        except Exception:  # noqa: BLE001 - it was parsed once already; the first answer stands
            return None
