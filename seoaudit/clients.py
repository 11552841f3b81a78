"""The agency clients file (TOML or YAML): which sites to scan, with what settings, where to write.

.. code-block:: toml

    output = "reports"                 # overview goes here; client folders default to reports/<slug>

    [[clients]]
    name = "Northside Physio"
    sitemaps = ["https://northside.example/sitemap_index.xml"]
    start_urls = ["https://northside.example/"]    # crawled (site roots) or audited (pages)
    config = "northside.toml"           # optional: the client's own config file
    city = "Edmonton"                   # or: cities = ["Edmonton", "St. Albert"]
    profile = "ca-ab"                   # any setting a config file holds for the pages' audits
    clinic_phone = "780-555-0142"
    output = "reports/northside"        # optional

    [[clients.locations]]               # a client with several locations: one entry each
    address = "8 Perron St, St. Albert, AB T8N 1E4"
    phone = "780-555-0190"

    [[clients.pages]]                   # per URL pattern, first match wins
    match = "*/knee-*"
    keyphrases = ["knee pain physio"]

    [clients.checks.CL008]              # per-check options and level, as [tool.seoaudit.checks.CL008]
    level = "warn"

A client's settings: command-line flags > its entry > its ``config`` file > the run's
settings (discovered files and ``--config``). Settings of the fetching (timeouts, sizes,
User-Agent) are the run's: one crawler fetches every client's pages.
Relative paths (output folders, config files, local sitemap files) are relative to the
clients file. Every problem is a ``ConfigError`` naming the file, the client and the key.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from .config import PageTarget, Settings, apply_settings, read_config_file
from .registry import ConfigError
from .reports.base import slugify

#: what a [[clients]] entry says about the client itself
_CLIENT_KEYS = {"name", "sitemaps", "start_urls", "urls", "output", "pages", "config"}
#: the settings an entry may hold, with a config file's meaning: targeting, the clinic, checks, intel
_SETTING_KEYS = {"keyphrase", "keyphrases", "city", "cities", "city_aliases", "select", "ignore", "site_url", "profile",
                 "clinic_name", "clinic_address", "clinic_phone", "clinic_country", "clinic_profession", "locations",
                 "category_weights", "checks", "intel"}
#: settings of the fetching: one crawler fetches every client's pages with the run's
_FETCH_KEYS = {"connect_timeout", "read_timeout", "timeout", "page_timeout", "max_bytes", "user_agent"}
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
    settings: Settings  # the run's with the client's config file and entry on top


def _fetch_keys(keys, where: str) -> None:
    fetch = sorted(k for k in keys if str(k).replace("-", "_") in _FETCH_KEYS)
    if fetch:
        raise ConfigError(f"{where}: {', '.join(fetch)}: the fetching settings are the run's, the same for every client "
                          "(one crawler fetches all their pages): set them in --config or with the scan's flags")


def _client_settings(run: Settings, entry: dict, pages: tuple[PageTarget, ...], base: Path, where: str) -> Settings:
    """The run's settings with the client's config file, then its entry, on top; ``pages`` (the
    entry's) match first, then its config file's, then the run's."""
    settings = dataclasses.replace(run, pages=())
    config = entry.get("config")
    if config is not None:
        if not isinstance(config, str) or not config.strip():
            raise ConfigError(f"{where}.config: expected the path of a config file")
        path = _resolve(base, config.strip())
        try:
            data, checks = read_config_file(path)
            _fetch_keys(data, path)
            settings = apply_settings(settings, data, checks, path)
        except ConfigError as exc:
            raise ConfigError(f"{where}: {exc}") from None
    checks = entry.get("checks") or {}
    if not isinstance(checks, dict) or not all(isinstance(v, dict) for v in checks.values()):
        raise ConfigError(f"{where}.checks: expected a table per check (checks.CL008.level = \"warn\")")
    own = {k: v for k, v in entry.items() if k.replace("-", "_") in _SETTING_KEYS - {"checks"}}
    settings = apply_settings(settings, own, checks, where)
    settings = dataclasses.replace(settings, pages=pages + settings.pages + run.pages)
    from .api import check_options, selected_checks
    from .profiles import clinic_from_settings

    try:
        check_options(settings, selected_checks(settings))  # select/ignore leave checks to run
        clinic_from_settings(settings)  # a known profile and profession
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    return settings


def load_clients(path: str | Path, run: Settings, default_output: str | None = None) -> tuple[Path, list[Client]]:
    """(overview folder, clients) from a clients file; ``run``: the settings every client starts from."""
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
    clients, names, errors = [], set(), []
    for i, c in enumerate(raw_clients, 1):
        try:
            clients.append(_client(c, i, path, base, root, run, names))
        except ConfigError as exc:
            errors.append(str(exc))  # every client's mistake at once, not one per run
    if errors:
        raise ConfigError("\n".join(errors))  # one line each: the command prints every line as an error
    if len({c.output.resolve() for c in clients}) < len(clients):  # each scan stages and publishes its own folder
        raise ConfigError(f"{path}: two clients have the same output folder; give each its own output")
    return root, clients


def _client(c: Any, i: int, path: Path, base: Path, root: Path, run: Settings, names: set) -> Client:
    """The ``i``-th entry of a clients file, checked (ConfigError names the file and the client)."""
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
    _fetch_keys(c, where)
    unknown = {k for k in c if k.replace("-", "_") not in _CLIENT_KEYS | _SETTING_KEYS}
    if unknown:
        raise ConfigError(f"{where}: unknown key(s): {', '.join(sorted(unknown))} (a client takes "
                          f"{', '.join(sorted(_CLIENT_KEYS | _SETTING_KEYS))})")
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
    return Client(name=name.strip(), targets=tuple(targets), output=out,
                  settings=_client_settings(run, c, tuple(pages), base, where))
