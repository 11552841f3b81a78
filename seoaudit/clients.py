"""The agency clients file (TOML or YAML): which sites to scan, with what targets, where to write.

.. code-block:: toml

    output = "reports"                 # overview goes here; client folders default to reports/<slug>

    [[clients]]
    name = "Northside Physio"
    sitemaps = ["https://northside.example/sitemap_index.xml"]
    start_urls = ["https://northside.example/"]    # crawled (site roots) or audited (pages)
    city = "Edmonton"                   # or: cities = ["Edmonton", "St. Albert"]
    keyphrases = ["physiotherapy edmonton"]        # default for the whole site (optional)
    output = "reports/northside"        # optional

    [[clients.pages]]                   # per URL pattern, first match wins
    match = "*/knee-*"
    keyphrases = ["knee pain physio"]

Relative paths (output folders, local sitemap files) are relative to the clients file.
Every problem is a ``ConfigError`` naming the file, the client and the key.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from .config import PageTarget, Settings
from .registry import ConfigError
from .reports.base import slugify

_CLIENT_KEYS = {"name", "sitemaps", "start_urls", "urls", "city", "cities", "keyphrases", "keyphrase", "output", "pages"}
_PAGE_KEYS = {"match", "keyphrases", "keyphrase", "cities", "city"}


def _load(path: Path) -> dict:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read clients file ({exc.strerror or exc})") from None
    try:
        if path.suffix.lower() == ".toml":
            try:
                import tomllib
            except ModuleNotFoundError:  # Python 3.10
                import tomli as tomllib
            parsed = tomllib.loads(data.decode("utf-8"))
        elif path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            parsed = yaml.safe_load(data) or {}
        else:
            raise ConfigError(f"{path}: clients file must be .toml, .yaml or .yml")
    except ConfigError:
        raise
    except Exception as exc:  # noqa: BLE001 - TOML/YAML/Unicode errors all mean "bad file"
        raise ConfigError(f"{path}: not valid {path.suffix.lstrip('.').upper()}: {' '.join(str(exc).split())[:200]}") from None
    if not isinstance(parsed, dict):
        raise ConfigError(f"{path}: expected a table/mapping at the top level")
    return parsed


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    raise ConfigError(f"{where}: expected a string or a list of strings")


def _resolve(base: Path, target: str) -> str:
    if "://" in target:
        return target
    p = Path(target).expanduser()
    return str(p if p.is_absolute() else base / p)


@dataclasses.dataclass(frozen=True)
class Client:
    name: str
    targets: tuple[str, ...]
    output: Path
    keyphrases: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    pages: tuple[PageTarget, ...] = ()

    def settings(self, base: Settings) -> Settings:
        """The run's settings with this client's targeting on top."""
        return dataclasses.replace(
            base,
            keyphrases=self.keyphrases or base.keyphrases,
            cities=self.cities or base.cities,
            pages=self.pages + base.pages,
        )


def load_clients(path: str | Path, default_output: str | None = None) -> tuple[Path, list[Client]]:
    """(overview folder, clients) from a clients file."""
    path = Path(path)
    data = _load(path)
    base = path.resolve().parent
    unknown = set(data) - {"clients", "output"}
    if unknown:
        raise ConfigError(f"{path}: unknown top-level key(s): {', '.join(sorted(unknown))} (expected clients, output)")
    root = Path(_resolve(base, default_output or str(data.get("output") or "seoaudit-scan")))
    raw_clients = data.get("clients")
    if not isinstance(raw_clients, list) or not raw_clients:
        raise ConfigError(f"{path}: needs a non-empty list of [[clients]]")
    clients, names = [], set()
    for i, c in enumerate(raw_clients, 1):
        where = f"{path}: client {i}"
        if not isinstance(c, dict):
            raise ConfigError(f"{where}: expected a table/mapping")
        name = c.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{where}: needs a name")
        where = f"{path}: client {name!r}"
        if name in names:
            raise ConfigError(f"{where}: the name is used twice")
        names.add(name)
        unknown = set(c) - _CLIENT_KEYS
        if unknown:
            raise ConfigError(f"{where}: unknown key(s): {', '.join(sorted(unknown))}")
        targets = [_resolve(base, t) for t in _strings(c.get("sitemaps"), f"{where}.sitemaps")
                   + _strings(c.get("start_urls"), f"{where}.start_urls") + _strings(c.get("urls"), f"{where}.urls")]
        if not targets:
            raise ConfigError(f"{where}: needs sitemaps or start_urls")
        pages = []
        for j, p in enumerate(c.get("pages") or (), 1):
            pw = f"{where}.pages[{j}]"
            if not isinstance(p, dict) or not isinstance(p.get("match"), str):
                raise ConfigError(f"{pw}: needs a match pattern")
            if set(p) - _PAGE_KEYS:
                raise ConfigError(f"{pw}: unknown key(s): {', '.join(sorted(set(p) - _PAGE_KEYS))}")
            pages.append(PageTarget(match=p["match"], keyphrases=_strings(p.get("keyphrases", p.get("keyphrase")), pw),
                                    cities=_strings(p.get("cities", p.get("city")), pw)))
        output = c.get("output")
        out = Path(_resolve(base, output)) if isinstance(output, str) and output.strip() else root / (slugify(name) or f"client-{i}")
        clients.append(Client(
            name=name.strip(), targets=tuple(targets), output=out,
            keyphrases=_strings(c.get("keyphrases", c.get("keyphrase")), f"{where}.keyphrases"),
            cities=_strings(c.get("cities", c.get("city")), f"{where}.cities"), pages=tuple(pages),
        ))
    if len({c.output.resolve() for c in clients}) < len(clients):  # each scan stages and publishes its own folder
        raise ConfigError(f"{path}: two clients have the same output folder; give each its own output")
    return root, clients
