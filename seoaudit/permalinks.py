"""Where a site generator publishes a local post, from its permalink settings.

A post's source file does not say its URL: Hugo publishes ``content/posts/x.md`` at
``/posts/x/`` unless the site's ``[permalinks]`` say ``posts = "/blog/:slug/"``, and a
Jekyll site's ``permalink: /blog/:title/`` moves every post of ``_posts``. Without that
knowledge ``local_site.py`` accepts a link to a post's slug in any folder; with it, the
post has one address, and a link to ``/posts/x/`` is broken ("published at /blog/x/").

Read here, conservatively (anything not understood gives no address, and the post is
judged as before):

* Hugo: ``[permalinks]`` of ``hugo.toml``/``config.toml`` (or ``.yaml``/``.yml``, or the
  same under ``config/_default/``) in the folder above ``content``; the legacy table
  (``posts = "..."``) or ``[permalinks.page]``, keyed by the post's top section. Tokens
  ``:year :month :day :section :sections :filename :slugorfilename :contentbasename
  :slugorcontentbasename``, and ``:slug``/``:title`` (Hugo's ``:slug`` is the front-matter
  slug, else the title made a path: done as Hugo's ``urlize`` does, except for titles with
  "-" or "@", where Hugo versions differ, which give no address).
* Jekyll: ``permalink`` of ``_config.yml`` (a pattern or ``pretty``/``date``/``ordinal``/
  ``none``), for the posts of ``_posts``; ``:categories`` only for posts without categories.
* ``permalink = "/blog/:slug/"`` in seoaudit's config, for every local post: ``:slug`` is the
  slug seoaudit reads (front matter ``slug``, else the file name without its date),
  ``:year``/``:month``/``:day`` its date. It wins over the generator's settings, and is the
  whole path (a site base path included).

A post's front matter ``url``/``permalink`` and its canonical win over all of these.

A site served under a folder (Jekyll's ``baseurl: /blog``, Hugo's ``baseURL =
"https://clinic.example/blog/"``) publishes everything under it: ``site_base`` says which,
and the generator's addresses (``permalink_of``) start with it. Hugo's ``canonifyURLs`` and
``relativeURLs`` rewrite root-relative links to the base when they build the site, so links
there are written without it: no base is read then.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import unquote, urlsplit

from .files import PUBLISHED_KEYS, jekyll_post_date
from .urls import DATED_NAME_RE, PAGE_SUFFIX_RE

_TOKEN_RE = re.compile(r":([a-z_]+)")
#: the tokens of seoaudit's own ``permalink`` setting
CONFIG_TOKENS = ("slug", "year", "month", "day")
_HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "config.toml", "config.yaml", "config.yml")
_JEKYLL_STYLES = {"pretty": "/:categories/:year/:month/:day/:title/",
                  "date": "/:categories/:year/:month/:day/:title:output_ext",
                  "ordinal": "/:categories/:year/:y_day/:title:output_ext",
                  "none": "/:categories/:title:output_ext"}


@dataclass(frozen=True)
class SiteBase:
    """The folder a whole site is served under ("/blog"), and the setting that says so
    ("baseurl in _config.yml"), for messages."""

    path: str
    setting: str

    def holds(self, path: str) -> bool:
        """Is the URL path ``path`` inside the site?"""
        return path == self.path or path.startswith(self.path + "/")


@dataclass(frozen=True)
class Permalink:
    """A post's address from a permalink setting, and the folders where a link to its slug
    can only mean this post at a wrong address: the folder it would have without the
    setting (Hugo's ``/posts/``), and the fixed start of the pattern (``/blog/``)."""

    path: str
    folders: tuple[str, ...]
    # Hugo's ``:slug`` fell back to the title (no ``slug:``): the file name's slug, which a
    # ``slug:`` line would publish it at (the address its authors link to, most likely)
    title_fallback: str = ""

    def under(self, base: SiteBase | None) -> "Permalink":
        """The address on a site served under ``base``: the path and its folders moved under it."""
        if base is None:
            return self
        return replace(self, path=base.path + self.path, folders=tuple(base.path + f for f in self.folders))


def content_root(page_file: Path) -> Path | None:
    """Hugo's content folder: the nearest folder named ``content`` above the page."""
    return next((p for p in page_file.parents if p.name == "content"), None)


def jekyll_config_root(page_file: Path) -> Path | None:
    """The nearest folder above the page holding a Jekyll ``_config.yml``."""
    return next((f for f in page_file.parents if (f / "_config.yml").is_file()), None)


def check_pattern(pattern: str, where: str) -> str:
    """seoaudit's ``permalink`` setting, validated (a ``ConfigError`` naming ``where``)."""
    from .registry import ConfigError

    if not isinstance(pattern, str) or not pattern.startswith("/"):
        raise ConfigError(f"{where}: 'permalink' must be a path pattern such as \"/blog/:slug/\", got {pattern!r}")
    unknown = [t for t in _TOKEN_RE.findall(pattern) if t not in CONFIG_TOKENS]
    if unknown:
        raise ConfigError(f"{where}: 'permalink': unknown token ':{unknown[0]}' (tokens: "
                          f"{', '.join(':' + t for t in CONFIG_TOKENS)})")
    return pattern


def permalink_of(page_file: Path | None, front_matter: Mapping[str, Any], slug: str, configured: str = "") -> Permalink | None:
    """Where the post in ``page_file`` is published by the permalink settings (``configured``:
    seoaudit's ``permalink``), None when no setting applies or a token cannot be worked out.
    ``slug`` is the slug seoaudit reads."""
    if page_file is None:
        return None
    content = content_root(page_file)
    if configured:
        values = {"slug": slug, **_date_tokens(_date_of(front_matter) or jekyll_post_date(page_file))}
        # in a Hugo content folder, the folder the post would have without a permalink setting too
        folders = _hugo_folders(page_file, content) if content is not None else ()
        return _expand(configured, values, "/" + "/".join(folders).lower() + "/" if folders else None)
    if content is not None:
        found = _hugo(page_file, content, front_matter)
    elif "_posts" in page_file.parts:
        found = _jekyll(page_file, front_matter)
    else:
        return None
    return found.under(site_base(page_file)) if found is not None else None


def site_base(page_file: Path | None) -> SiteBase | None:
    """The folder the site of ``page_file`` is served under: the path of Hugo's ``baseURL``
    (a page of a ``content`` folder with a Hugo config above it), else Jekyll's ``baseurl``
    (the nearest ``_config.yml`` above the page); None at the site's root or when unknown."""
    return None if page_file is None else _site_base_of_folder(page_file.parent)


@lru_cache(maxsize=256)
def _site_base_of_folder(folder: Path) -> SiteBase | None:
    """``site_base`` of the pages of ``folder``, found once per folder: reading a post, indexing
    it and resolving its permalink each asked, and each walked up the folders to the configs
    (as the configs themselves, it is read once per run)."""
    page_file = folder / "_"  # the lookups read a page's parents only
    content = content_root(page_file)
    config = _hugo_config_file(content.parent) if content is not None else None
    if config is not None:
        data = _hugo_config(content.parent)
        if _key(data, "canonifyURLs") or _key(data, "relativeURLs"):
            return None  # Hugo puts the base in front of root-relative links itself
        url = _key(data, "baseURL")
        return _base(urlsplit(url).path if isinstance(url, str) else "", f"baseURL in {_shown(config, content.parent)}")
    site = jekyll_config_root(page_file)
    if site is None:
        return None
    return _base(_jekyll_config(site).get("baseurl"), "baseurl in _config.yml")


def _base(value: Any, setting: str) -> SiteBase | None:
    if not isinstance(value, str) or not value.strip().strip("/"):
        return None
    return SiteBase(path="/" + unquote(value.strip().strip("/")), setting=setting)


def _shown(config: Path, site: Path) -> str:
    """A config file as messages name it: from the site's folder (config/_default/hugo.toml)."""
    return config.relative_to(site).as_posix()


def _expand(pattern: str, values: Mapping[str, str | None], default: str | None) -> Permalink | None:
    """``pattern`` with each token replaced; None when a token has no value."""
    missing = False

    def token(m: re.Match) -> str:
        nonlocal missing
        value = values.get(m.group(1))
        if value is None:
            missing = True
            return ""
        return value

    path = _TOKEN_RE.sub(token, pattern)
    if missing or ":" in path:  # a token not understood (Hugo's Go date layouts such as :2006)
        return None
    path = re.sub(r"/{2,}", "/", "/" + path.lstrip("/"))
    path = re.sub(r"/index\.html?$", "/", PAGE_SUFFIX_RE.sub("", path), flags=re.I)
    path = path.rstrip("/") + "/"
    fixed = pattern.split(":", 1)[0]
    prefix = fixed[: fixed.rfind("/") + 1] if "/" in fixed else "/"
    folders = tuple(f for f in (default, prefix) if f and f != "/")
    return Permalink(path=path, folders=folders)


# ---- dates ------------------------------------------------------------------------------------------

def _date_of(front_matter: Mapping[str, Any]) -> dt.date | None:
    for key in PUBLISHED_KEYS:
        value = front_matter.get(key)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
            if m:
                try:
                    return dt.date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    return None
    return None


def _date_tokens(date: dt.date | None) -> dict[str, str | None]:
    if date is None:
        return {}
    return {"year": f"{date.year:04d}", "month": f"{date.month:02d}", "day": f"{date.day:02d}"}


# ---- Hugo -------------------------------------------------------------------------------------------

def title_path(title: str) -> str | None:
    """A title as Hugo's default settings make it a path segment (``_urlize``)."""
    return _urlize(title, True)


def _urlize(text: str, lower: bool, ascii_only: bool = False) -> str | None:
    """Hugo's ``urlize`` of a title or slug (paths.Sanitize, then lower case); None for text
    with "-" next to a space or "@", which Hugo versions sanitise differently, and with
    ``ascii_only`` (``removePathAccents``) for text with accents."""
    if re.search(r"\s-|-\s|--", text) or "@" in text or (ascii_only and not text.isascii()):
        return None
    out: list[str] = []
    hyphen = False
    for ch in text:
        allowed = ch.isalpha() or ch.isdigit() or ch in "./\\_#+~-" or unicodedata.category(ch).startswith("M")
        if allowed:
            if hyphen:
                out.append("-")
                hyphen = False
            out.append(ch)
        elif out and ch.isspace():
            hyphen = True
    path = "".join(out)
    return path.lower() if lower else path


@lru_cache(maxsize=32)
def _hugo_config_file(site: Path) -> Path | None:
    """The Hugo config of the site in ``site``: hugo.toml (or config.toml, .yaml/.yml), at its root
    or under config/_default/."""
    candidates = [site / n for n in _HUGO_CONFIGS] + [site / "config" / "_default" / n for n in _HUGO_CONFIGS]
    return next((p for p in candidates if p.is_file()), None)


@lru_cache(maxsize=32)
def _hugo_config(site: Path) -> Mapping[str, Any]:
    config = _hugo_config_file(site)
    return _read_config(config) if config is not None else {}


@lru_cache(maxsize=32)
def _hugo_settings(site: Path) -> tuple[dict[str, str], bool, bool]:
    """(section -> page pattern, lower-case paths, remove accents) of the Hugo site in ``site``;
    no patterns for a multilingual site (its language folders and prefixes are not followed)."""
    data = _hugo_config(site)
    table = _key(data, "permalinks")
    if table is None:
        # config/_default/permalinks.toml holds the table itself
        own = next((p for p in (site / "config" / "_default" / f"permalinks.{e}" for e in ("toml", "yaml", "yml")) if p.is_file()), None)
        table = _read_config(own) if own is not None else None
    patterns: dict[str, str] = {}
    languages = _key(data, "languages")
    if (isinstance(languages, Mapping) and len(languages) > 1) or _key(data, "defaultContentLanguageInSubdir"):
        table = None
    if isinstance(table, Mapping):
        page = _key(table, "page")
        source = page if isinstance(page, Mapping) else table
        for section, pattern in source.items():
            if isinstance(pattern, str) and section.lower() not in ("page", "section", "taxonomy", "term"):
                patterns[str(section).strip("/").lower()] = pattern
    return patterns, not bool(_key(data, "disablePathToLower")), bool(_key(data, "removePathAccents"))


def _key(data: Any, name: str) -> Any:
    """A config key, as Hugo reads them: without regard to case."""
    if not isinstance(data, Mapping):
        return None
    return next((v for k, v in data.items() if str(k).lower() == name.lower()), None)


def _read_config(path: Path) -> Mapping[str, Any]:
    """A TOML or YAML config file; {} when it cannot be read (the links are then judged as before)."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".toml":
            try:
                import tomllib
            except ModuleNotFoundError:  # Python 3.10
                import tomli as tomllib
            data = tomllib.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
    except Exception:  # noqa: BLE001 - a site config seoaudit cannot read gives no permalinks
        return {}
    return data if isinstance(data, Mapping) else {}


def _hugo_folders(page_file: Path, content: Path) -> tuple[str, ...]:
    """The sections of a page (its folders under ``content``; a bundle's own folder left out)."""
    rel = page_file.relative_to(content)
    return rel.parts[:-2] if page_file.stem in ("index", "_index") else rel.parts[:-1]


def _hugo(page_file: Path, content: Path, front_matter: Mapping[str, Any]) -> Permalink | None:
    rel = page_file.relative_to(content)
    if len(rel.parts) < 2:
        return None  # a page at the content root has no section
    patterns, lower, ascii_only = _hugo_settings(content.parent)
    pattern = patterns.get(rel.parts[0].lower())
    if pattern is None:
        return None
    bundle = page_file.stem in ("index", "_index")
    name = rel.parts[-2] if bundle else page_file.stem
    if "." in name:
        return None  # post.fr.md: a translation, named by its language (not followed)
    folders = _hugo_folders(page_file, content)
    urlize = lambda text: _urlize(text, lower, ascii_only)  # noqa: E731
    declared = front_matter.get("slug")
    slug = urlize(declared) if isinstance(declared, str) and declared.strip() else None
    # the front matter's title: without one, Hugo makes one from the file name its own way
    title = front_matter.get("title")
    by_title = urlize(title) if isinstance(title, str) and title.strip() else None
    filename = urlize(name)
    values: dict[str, str | None] = {
        **_date_tokens(_date_of(front_matter)),
        "section": urlize(rel.parts[0]), "sections": urlize("/".join(folders)),
        "title": by_title, "slug": slug if declared else by_title,
        "filename": filename, "contentbasename": filename,
        "slugorfilename": slug if declared else filename, "slugorcontentbasename": slug if declared else filename,
    }
    sections = values["sections"]
    found = _expand(pattern, values, f"/{sections}/" if sections else None)
    if found is not None and not declared and by_title and filename and by_title != filename \
            and any(m.group(1) == "slug" for m in _TOKEN_RE.finditer(pattern)):
        found = replace(found, title_fallback=filename)
    return found


# ---- Jekyll -----------------------------------------------------------------------------------------

@lru_cache(maxsize=32)
def _jekyll_config(site: Path) -> Mapping[str, Any]:
    return _read_config(site / "_config.yml")


def _jekyll_pattern(site: Path) -> str | None:
    value = _jekyll_config(site).get("permalink")
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    return _JEKYLL_STYLES.get(value, value if value.startswith("/") else None)


def _jekyll(page_file: Path, front_matter: Mapping[str, Any]) -> Permalink | None:
    site = jekyll_config_root(page_file)
    pattern = _jekyll_pattern(site) if site is not None else None
    if pattern is None:
        return None
    if front_matter.get("categories") or front_matter.get("category"):
        categories = None  # Jekyll's rules for them (folders, case, spaces) are not followed here
    else:
        above = page_file.relative_to(site).parts[:-1]
        categories = "" if above == ("_posts",) else None  # category/_posts/ folders are categories too
    name = DATED_NAME_RE.sub("", page_file.stem)
    declared = front_matter.get("slug")
    title = str(declared) if isinstance(declared, str) and declared.strip() else name
    plain = title if re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", title) else None  # Jekyll's slugify would keep it as is
    date = _date_of(front_matter) or jekyll_post_date(page_file)
    values: dict[str, str | None] = {
        **_date_tokens(date), "categories": categories, "title": plain, "slug": plain, "name": plain,
        "output_ext": ".html",
    }
    if date is not None:
        values.update(i_month=str(date.month), i_day=str(date.day), short_year=f"{date.year % 100:02d}",
                      y_day=f"{date.timetuple().tm_yday:03d}")
    return _expand(pattern, values, default=None)
