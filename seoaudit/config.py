"""Settings: defaults < discovered config files < --config < flags.

Config files are discovered from each target's folder upwards, as ruff and eslint find
theirs; nearer files win over farther ones, and the search stops at the repository root.
A URL or stdin has no folder: it goes with the local targets of the same run when those
all fall under one config (a post and its live URL are one site), else with the working
directory (and so do runs without targets). Targets under different configs are different
groups (``config_groups``). In one folder, seoaudit's own file (``.seoaudit.toml`` or
``seoaudit.toml``: for repositories that are not Python projects) is the folder's
whole configuration; next to a ``pyproject.toml [tool.seoaudit]`` or ``setup.cfg
[seoaudit]`` it is an error (two files would each look like *the* configuration),
and so are both names at once. Otherwise setup.cfg < pyproject.toml in a folder.
Per-check sections hold options and a level:

    # setup.cfg                          # pyproject.toml
    [seoaudit]                           [tool.seoaudit]
    keyphrase = acupuncture for back pain   keyphrase = ["acupuncture for back pain"]
    city = Edmonton                      city = "Edmonton"
    [seoaudit:KW001]                     [tool.seoaudit.checks.KW001]
    max_density = 2.5                    max_density = 2.5
    [seoaudit:location:oakville]         [[tool.seoaudit.locations]]
    address = 240 Randall St, Oakville   address = "240 Randall St, Oakville"
    phone = 905-555-0233                 phone = "905-555-0233"

Unknown keys, unknown checks and values of the wrong type are a ``ConfigError``
(exit code 2) naming the file and the key.
"""

from __future__ import annotations

import configparser
import dataclasses
import difflib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from . import AUDIT_FORMATS
from .profiles import Location
from .registry import CATEGORIES, ConfigError, find

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

LEVELS = ("off", "warn", "error")


@dataclass(frozen=True)
class PageTarget:
    """Keyphrases and cities for the pages whose path or URL matches ``match``."""

    match: str
    keyphrases: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()

    def matches(self, source: str, url: str) -> bool:
        from fnmatch import fnmatch

        src = source.replace(os.sep, "/")
        return any(fnmatch(s, self.match) or fnmatch(s, "*/" + self.match) for s in (src, url) if s)


@dataclass(frozen=True)
class Settings:
    keyphrases: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    city_aliases: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    output: str = ""
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    page_timeout: float = 60.0  # the whole page: every redirect hop and the body
    max_bytes: int = 10 * 1024 * 1024
    user_agent: str = ""
    # `audit` of URLs requests the internal link targets of each page's content and Related
    # block (link_check.py, ST001): on/off, and how many targets per page at most
    link_check: bool = True
    max_link_targets: int = 50
    # where local files will be published ("https://clinic.example"): links to that host
    # are internal in posts that do not declare a canonical URL
    site_url: str = ""
    # where the local posts are published ("/blog/:slug/", permalinks.py): wins over the site
    # generator's permalink settings, which are read otherwise
    permalink: str = ""
    # the clinic behind the pages (issue #5): advertising-rule profile and canonical NAP
    profile: str = ""
    clinic_name: str = ""
    clinic_address: str = ""
    clinic_phone: str = ""
    clinic_country: str = ""
    clinic_profession: str = ""
    # a clinic with several locations ([[locations]]): each one's address, phone, name, city
    locations: tuple[Location, ...] = ()
    category_weights: Mapping[str, float] = field(default_factory=dict)
    check_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    check_levels: Mapping[str, str] = field(default_factory=dict)
    # per-page targeting: (glob pattern on path or URL, keyphrases, cities), first match wins
    pages: tuple["PageTarget", ...] = ()
    # the CI gate (issue #4, seoaudit/gate.py): preset, assertions (the config's fail_under is one
    # of them: gate.gate_setting), overrides; the --fail-under flag is gate.GateConfig's
    gate_preset: str = ""
    assertions: tuple = ()  # gate.AssertionSpec, in the order written
    gate_overrides: tuple = ()  # gate.Override
    # site intelligence thresholds ([tool.seoaudit.intel]; seoaudit.intel.IntelOptions fields)
    intel: Mapping[str, Any] = field(default_factory=dict)
    # where each value came from, for `seoaudit config` style diagnostics
    sources: tuple[str, ...] = ()


# key in files -> (Settings field, kind)
_KEYS: dict[str, tuple[str, str]] = {
    "keyphrase": ("keyphrases", "list"),
    "keyphrases": ("keyphrases", "list"),
    "city": ("cities", "list"),
    "cities": ("cities", "list"),
    "city_aliases": ("city_aliases", "list"),
    "select": ("select", "list"),
    "ignore": ("ignore", "list"),
    "format": ("formats", "formats"),
    "formats": ("formats", "formats"),
    "output": ("output", "str"),
    "connect_timeout": ("connect_timeout", "float"),
    "read_timeout": ("read_timeout", "float"),
    "timeout": ("read_timeout", "float"),
    "page_timeout": ("page_timeout", "float"),
    "max_bytes": ("max_bytes", "int"),
    "user_agent": ("user_agent", "str"),
    "link_check": ("link_check", "bool"),
    "max_link_targets": ("max_link_targets", "int"),
    "site_url": ("site_url", "url"),
    "permalink": ("permalink", "permalink"),
    "profile": ("profile", "profile"),
    "clinic_name": ("clinic_name", "str"),
    "clinic_address": ("clinic_address", "str"),
    "clinic_phone": ("clinic_phone", "phone"),
    "clinic_country": ("clinic_country", "str"),
    "clinic_profession": ("clinic_profession", "profession"),
}


def _as_list(value: Any, where: str, key: str = "") -> tuple[str, ...]:
    if isinstance(value, str):
        # setup.cfg lists: one per line, or comma-separated on one line
        parts = value.split("\n") if "\n" in value.strip() else value.split(",")
        return tuple(p.strip() for p in parts if p.strip())
    named = f"'{key}' " if key else ""
    if isinstance(value, (list, tuple)):
        # a TOML list of anything else (city = ["Vancouver", 3]) is a slip, not a city named "3"
        wrong = [v for v in value if not isinstance(v, str)]
        if wrong:
            raise ConfigError(f"{where}: {named}must be a list of strings, got {wrong[0]!r} in it")
        return tuple(v.strip() for v in value if v.strip())
    raise ConfigError(f"{where}: {named}must be a list of strings, got {value!r}")


#: how a kind of value is named in an error ("'timeout' must be a positive number")
_KIND_NAMES = {"str": "a string", "float": "a positive number", "int": "a positive whole number",
               "list": "a list of strings", "url": "an http(s) URL such as https://clinic.example", "bool": "true or false",
               "phone": "a phone number such as 905-555-0233 (7 digits or more)"}

#: the keys of a [[locations]] entry (``profiles.Location``'s fields)
LOCATION_KEYS = ("name", "address", "phone", "city")


def _convert(key: str, value: Any, kind: str, where: str) -> Any:
    try:
        if kind == "list":
            return _as_list(value, where, key)
        if kind == "formats":
            formats = _as_list(value, where, key)
            unknown = [f for f in formats if f not in AUDIT_FORMATS]
            if unknown:
                raise ConfigError(f"{where}: '{key}': unknown format '{unknown[0]}' (formats: {', '.join(AUDIT_FORMATS)})")
            return formats
        if kind == "str":
            if not isinstance(value, (str, int, float)):
                raise ValueError
            return str(value)
        if kind == "phone":
            if not isinstance(value, (str, int)) or isinstance(value, bool) or sum(c.isdigit() for c in str(value)) < 7:
                raise ValueError  # a digit short is another clinic's number, not this one's
            return str(value).strip()
        if kind in ("profile", "profession"):
            from .profiles import check_profession, get_profile

            text = _convert(key, value, "str", where).strip()
            try:
                return get_profile(text).name if kind == "profile" else check_profession(text)
            except ConfigError as exc:  # these do not know the file
                raise ConfigError(f"{where}: {exc}") from None
        if kind == "permalink":
            from .permalinks import check_pattern

            return check_pattern(value, where)
        if kind == "url":
            from .urls import site_root

            root = site_root(value) if isinstance(value, str) else None
            if root is None:
                raise ConfigError(f"{where}: '{key}' must be an http(s) URL such as https://clinic.example, got {value!r}")
            return root
        if kind == "bool":
            if isinstance(value, bool):
                return value
            word = str(value).strip().lower() if isinstance(value, str) else ""
            if word in ("true", "yes", "on", "1"):
                return True
            if word in ("false", "no", "off", "0"):
                return False
            raise ValueError
        if kind == "float":
            if isinstance(value, bool):
                raise ValueError
            v = float(value)
            if v <= 0:
                raise ValueError
            return v
        if kind == "int":
            if isinstance(value, bool):
                raise ValueError
            v = int(value)
            if v <= 0:
                raise ValueError
            return v
    except ConfigError:
        raise  # already says what is wrong (a ConfigError is a ValueError)
    except (TypeError, ValueError):
        raise ConfigError(f"{where}: '{key}' must be {_KIND_NAMES.get(kind, kind)}, got {value!r}") from None
    raise AssertionError(kind)


def apply_settings(settings: Settings, data: Mapping[str, Any], checks: Mapping[str, Mapping[str, Any]], where: str) -> Settings:
    """``settings`` with one layer's values on top (a config file, a clients-file entry), validated;
    every error names ``where``. Values replace, check options and intel thresholds merge key by
    key, ``pages`` entries are appended (the first match wins)."""
    from .checks import ALL_CHECKS
    from .gate import GATE_KEYS, THRESHOLDS, check_section_assertion, gate_setting

    updates: dict[str, Any] = {}
    for key, value in data.items():
        k = key.replace("-", "_")
        if k == "category_weights":
            if not isinstance(value, Mapping):
                value = _parse_pairs(value, where)
            weights = dict(settings.category_weights)
            for cat, w in value.items():
                if cat not in CATEGORIES:
                    raise ConfigError(f"{where}: unknown category '{cat}' in category_weights (categories: {', '.join(CATEGORIES)})")
                weights[cat] = _convert(cat, w, "float", where) if w not in (0, "0") else 0.0
            updates["category_weights"] = weights
            continue
        if k == "pages":
            updates["pages"] = settings.pages + _parse_pages(value, where)
            continue
        if k == "locations":
            updates["locations"] = _parse_locations(value, where)  # the clinic's whole list: a nearer file replaces it
            continue
        if k == "intel":
            updates["intel"] = {**settings.intel, **_parse_intel(value, where)}
            continue
        if k in GATE_KEYS:
            updates.update(gate_setting(k, value, dataclasses.replace(settings, **updates), where))
            continue
        if k not in _KEYS:
            close = difflib.get_close_matches(k, [*_KEYS, *GATE_KEYS, "category_weights", "pages", "intel", "locations"], n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise ConfigError(f"{where}: unknown setting '{key}' ({hint}settings: {', '.join(sorted([*_KEYS, *GATE_KEYS]))}, "
                              "category_weights, locations)")
        fname, kind = _KEYS[k]
        updates[fname] = _convert(key, value, kind, where)
    opts = {c: dict(v) for c, v in settings.check_options.items()}
    levels = dict(settings.check_levels)
    assertions = tuple(updates.get("assertions", settings.assertions))
    for code_or_name, values in checks.items():
        try:
            spec = find(ALL_CHECKS, code_or_name)
        except ConfigError as exc:
            raise ConfigError(f"{where}: {exc}") from None
        values = dict(values)
        level = values.pop("level", None)
        if level is not None:
            if str(level).lower() not in LEVELS:
                raise ConfigError(f"{where}: {spec.code} level must be one of {', '.join(LEVELS)}, got {level!r}")
            levels[spec.code] = str(level).lower()
        gate_values = {k: values.pop(k) for k in list(values) if k.replace("-", "_") in (*THRESHOLDS, "value_key")}
        if gate_values:
            assertions += (check_section_assertion(spec.code, level, gate_values, where),)
        merged = {**opts.get(spec.code, {}), **values}
        try:
            spec.make_options(merged)  # validate now so the error names the file
        except ConfigError as exc:
            raise ConfigError(f"{where}: {exc}") from None
        opts[spec.code] = merged
    updates["assertions"] = assertions
    return dataclasses.replace(
        settings, **updates, check_options=opts, check_levels=levels, sources=settings.sources + (where,)
    )


#: the IntelOptions fields a config file may set (cities come from `city`)
INTEL_KEYS = ("duplicate_threshold", "topic_threshold", "consolidate_threshold", "doorway_max_other_changes", "infer_keyphrases", "suggestions",
              "max_pairs_per_page")


def _parse_intel(value: Any, where: str) -> dict[str, Any]:
    import dataclasses as dc

    from .intel.model import IntelOptions  # the dataclass only: no scikit-learn import
    from .registry import convert_value

    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: 'intel' must be a table of {', '.join(INTEL_KEYS)}")
    types = {f.name: f.type for f in dc.fields(IntelOptions)}
    out = {}
    for key, raw in value.items():
        k = key.replace("-", "_")
        if k not in INTEL_KEYS:
            raise ConfigError(f"{where}: unknown intel setting '{key}' (settings: {', '.join(INTEL_KEYS)})")
        out[k] = convert_value(raw, types[k], f"{where}: intel.{key}")
    try:
        IntelOptions(**out)
    except ValueError as exc:
        raise ConfigError(f"{where}: intel: {exc}") from None
    return out


def _parse_pages(value: Any, where: str) -> tuple[PageTarget, ...]:
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise ConfigError(f"{where}: 'pages' must be a list of tables with 'match' and 'keyphrase'/'city'")
    out = []
    for entry in value:
        entry = dict(entry)
        match = entry.pop("match", None)
        if not match or not isinstance(match, str):
            raise ConfigError(f"{where}: every 'pages' entry needs a 'match' glob pattern")
        kp: tuple[str, ...] = ()
        ct: tuple[str, ...] = ()
        for key, val in entry.items():
            if key in ("keyphrase", "keyphrases"):
                kp = _as_list(val, where)
            elif key in ("city", "cities"):
                ct = _as_list(val, where)
            else:
                raise ConfigError(f"{where}: unknown key '{key}' in a 'pages' entry (keys: match, keyphrase, city)")
        out.append(PageTarget(match=match, keyphrases=kp, cities=ct))
    return tuple(out)


def _parse_locations(value: Any, where: str) -> tuple[Location, ...]:
    """The [[locations]] entries: an address each (the location), and its phone, name and city."""
    if isinstance(value, Mapping):  # [locations] written for [[locations]]: one location
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise ConfigError(f"{where}: 'locations' must be a list of tables with 'address' and 'phone' ([[locations]] in TOML)")
    out = []
    for i, entry in enumerate(value, 1):
        at = f"{where}: locations entry {i}"
        fields: dict[str, str] = {}
        for key, val in entry.items():
            k = str(key).replace("-", "_")
            if k not in LOCATION_KEYS:
                close = difflib.get_close_matches(k, [*LOCATION_KEYS, "clinic_address", "clinic_phone", "clinic_name"], n=1)
                hint = f"did you mean '{close[0].removeprefix('clinic_')}'? " if close else ""
                raise ConfigError(f"{at}: unknown key '{key}' ({hint}keys: {', '.join(LOCATION_KEYS)})")
            fields[k] = _convert(key, val, "phone" if k == "phone" else "str", at).strip()
        if not fields.get("address"):
            raise ConfigError(f"{at}: needs an 'address' (the location's street address, as its Business Profile writes it)")
        out.append(Location(**fields))
    return tuple(out)


def _parse_pairs(value: Any, where: str) -> dict[str, str]:
    out = {}
    for line in str(value).replace(",", "\n").splitlines():
        if not line.strip():
            continue
        if "=" not in line and ":" not in line:
            raise ConfigError(f"{where}: category_weights entries look like 'keyphrase = 30', got {line.strip()!r}")
        k, _, v = line.replace(":", "=", 1).partition("=")
        out[k.strip()] = v.strip()
    return out


def read_cfg(path: Path) -> tuple[dict, dict] | None:
    """[seoaudit] and [seoaudit:CODE] sections of an ini file; None if it has none."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not a valid config file ({str(exc).splitlines()[0]})") from None
    main: dict = {}
    checks: dict = {}
    found = False
    for section in parser.sections():
        if section == "seoaudit":
            main = {**main, **dict(parser[section])}
            found = True
        elif section == "seoaudit:intel":  # site intelligence thresholds, not a check
            main["intel"] = dict(parser[section])
            found = True
        elif section.startswith("seoaudit:location:"):  # one of the clinic's locations, in the order written
            main.setdefault("locations", []).append(dict(parser[section]))
            found = True
        elif section.startswith("seoaudit:"):
            checks[section.split(":", 1)[1].strip()] = dict(parser[section])
            found = True
    return (main, checks) if found else None


def read_toml(path: Path, require_tool_table: bool) -> tuple[dict, dict] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    table = data.get("tool", {}).get("seoaudit") if isinstance(data.get("tool"), dict) else None
    if table is None:
        if require_tool_table:
            return None
        table = data.get("seoaudit", data)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.seoaudit] must be a table")
    table = dict(table)
    checks = table.pop("checks", {})
    if not isinstance(checks, dict) or not all(isinstance(v, dict) for v in checks.values()):
        raise ConfigError(f"{path}: [tool.seoaudit.checks.CODE] entries must be tables")
    return table, checks


#: seoaudit's own config files (TOML, keys at the top as in [tool.seoaudit]), found as
#: pyproject.toml is: a Hugo or Jekyll repository need not pretend to be a Python project
OWN_CONFIG_NAMES = (".seoaudit.toml", "seoaudit.toml")
#: the shared files, with their seoaudit section, in the order they apply within a folder
SHARED_CONFIG_NAMES = ("setup.cfg", "pyproject.toml")


def _read_discovered(path: Path) -> tuple[dict, dict] | None:
    if path.name in OWN_CONFIG_NAMES:
        return read_toml(path, require_tool_table=False)
    return read_cfg(path) if path.suffix == ".cfg" else read_toml(path, require_tool_table=True)


def _folder_configs(folder: Path) -> list[tuple[Path, tuple[dict, dict]]]:
    """The config files of one folder that hold seoaudit settings, in the order they apply;
    a ``ConfigError`` when seoaudit's own file shares the folder with another one."""
    own = [folder / n for n in OWN_CONFIG_NAMES if (folder / n).is_file()]
    if len(own) > 1:
        raise ConfigError(f"{folder}: both {own[0].name} and {own[1].name} exist; keep one (they would both be "
                          "this folder's seoaudit configuration)")
    shared = [(p, parsed) for p in (folder / n for n in SHARED_CONFIG_NAMES) if p.is_file()
              for parsed in [_read_discovered(p)] if parsed]
    if own and shared:
        section = "[seoaudit]" if shared[0][0].suffix == ".cfg" else "[tool.seoaudit]"
        raise ConfigError(f"{own[0]}: {shared[0][0].name} in the same folder has a {section} section too; "
                          f"move its settings into {own[0].name} (or the other way round) so that one file configures seoaudit")
    if own:
        return [(own[0], _read_discovered(own[0]))]
    return shared


def discover(start: Path | None = None) -> list[tuple[Path, tuple[dict, dict]]]:
    """The config files with seoaudit settings from ``start`` upwards, each with its settings,
    farthest first (so nearer ones win); stops at the repository root."""
    start = (start or Path.cwd()).resolve()
    found: list[tuple[Path, tuple[dict, dict]]] = []
    for d in [start, *start.parents]:
        found[:0] = _folder_configs(d)  # farther folders go before: they are prepended as found
        if (d / ".git").exists():
            break  # do not read configs of unrelated projects above the repository
    return found


def config_groups(targets: Iterable[str], split_folders: bool = True) -> list[tuple[Path, list[str]]]:
    """``targets`` grouped by the config files discovered for them, in the order first named:
    (a folder discovery starts from, the group's targets). Each group is one site's settings;
    no targets: one group, from the working directory. ``split_folders``: a folder or glob
    with a config file below it (a monorepo's root holding clinic-a/.seoaudit.toml) becomes
    its files, each in its own folder's group. A URL or stdin, which has no folder, joins
    the local targets' group when they all fall under one config (a post and its live URL
    are one site), else the working directory's."""
    from .sources import expand_glob, local_folder, walk_directory

    chains: dict[Path, tuple[Path, ...]] = {}  # per folder: a commit of 200 posts in 3 folders reads 3
    placed: list[tuple[str, Path | None]] = []  # each target (a folder's file, when split) and its folder; None: no folder

    def chain(folder: Path) -> tuple[Path, ...]:
        if folder not in chains:
            chains[folder] = tuple(path for path, _ in discover(folder))
        return chains[folder]

    for target in targets:
        folder = local_folder(target)
        if folder is None:  # a URL, stdin
            placed.append((target, None))
            continue
        paths: list[str] = []
        if split_folders and not Path(target).is_file() and has_config_below(folder):
            paths = walk_directory(Path(target)) if Path(target).is_dir() else expand_glob(target)
        placed.extend((path, _file_folder(path)) for path in paths)
        if not paths:
            placed.append((target, _file_folder(target) if Path(target).is_file() else folder))
    local = {chain(folder): folder for _, folder in placed if folder is not None}
    # local targets of one configured site: its URLs are its pages; several sites, or local
    # targets under no config (a draft in /tmp): the working directory's settings, as before
    home = next(iter(local.values())) if len(local) == 1 and next(iter(local)) else Path.cwd().resolve()
    groups: dict[tuple[Path, ...], tuple[Path, list[str]]] = {}
    for target, folder in placed:
        folder = folder or home
        groups.setdefault(chain(folder), (folder, []))[1].append(target)
    return list(groups.values()) or [(Path.cwd().resolve(), [])]


def _file_folder(path: str) -> Path:
    """The folder a file is in as named, symbolic links not followed: a post linked in from
    elsewhere belongs to the site it is published with."""
    return Path(os.path.abspath(path)).parent.resolve()


def has_config_below(folder: Path) -> bool:
    """Does a folder below ``folder`` (one a folder walk reads posts from) hold seoaudit settings?"""
    from .sources import walk_post_folders

    names = {*OWN_CONFIG_NAMES, *SHARED_CONFIG_NAMES}
    walk = walk_post_folders(folder)
    next(walk, None)  # ``folder``'s own files are discovered from it anyway
    return any(names.intersection(files) and _folder_configs(Path(dirpath)) for dirpath, files in walk)


def config_names(start: Path) -> str:
    """The config files discovered from ``start``, as the user would name them ("no config file")."""
    from .urls import shown_path

    paths = [shown_path(path) for path, _ in discover(start)]
    return ", ".join(paths) if paths else "no config file"


def one_config_start(targets: Iterable[str], split_folders: bool = True, what: str = "the targets",
                     advice: str = "audit each site on its own (seoaudit check gates them in one run, each with its own)") -> Path:
    """Where discovery starts for a command that applies one set of settings (``audit``; the
    posts a change holds, for ``check --changed-since``): a ``ConfigError`` when the targets fall
    under different config files, rather than one site's settings judging another's posts.
    ``split_folders`` as ``config_groups``; ``what`` and ``advice`` word the error."""
    groups = config_groups(targets, split_folders)
    if len(groups) > 1:
        sites = "; ".join(f"{named[0]} ({config_names(start)})" for start, named in groups)
        raise ConfigError(f"{what} fall under different seoaudit configs ({sites}): {advice}")
    return groups[0][0]


def load_settings(config_file: str | None = None, cwd: Path | None = None, use_discovery: bool = True) -> Settings:
    """The settings of the config files discovered from ``cwd`` (the folder discovery starts
    from; default: the working directory), then ``config_file``."""
    settings = Settings()
    explicit = Path(config_file).resolve() if config_file else None
    for path, (main, checks) in discover(cwd) if use_discovery else []:
        if path == explicit:
            continue  # `--config seoaudit.toml` in its own folder: read once, as the --config layer
        settings = apply_settings(settings, main, checks, str(path))
    if config_file:
        main, checks = read_config_file(config_file)
        settings = apply_settings(settings, main, checks, str(Path(config_file)))
    return settings


def settings_summary(settings: Settings) -> str:
    """Where ``settings`` came from, for a report's last line: "site/.seoaudit.toml, profile
    ca-on-physio", or "no config file found, profile default" (a run from outside the site's
    folder, where nothing says which clinic's rules apply)."""
    from .profiles import DEFAULT_PROFILE
    from .urls import shown_path

    files = [shown_path(s) if Path(s).is_file() else s for s in settings.sources]
    return f"{', '.join(files) or 'no config file found'}, profile {settings.profile or DEFAULT_PROFILE}"


def read_config_file(config_file: str | Path) -> tuple[dict, dict]:
    """(settings, per-check tables) of a file named by the user (``--config``, a client's
    ``config``): TOML with keys at the top or under [tool.seoaudit], or an ini file's [seoaudit]."""
    path = Path(config_file)
    if not path.is_file():
        raise ConfigError(f"{config_file}: no such config file")
    if path.suffix in (".toml",):
        parsed = read_toml(path, require_tool_table=False)
    else:
        parsed = read_cfg(path)
        if parsed is None:
            raise ConfigError(f"{config_file}: no [seoaudit] section")
    return parsed


def with_flags(settings: Settings, **flags: Any) -> Settings:
    """Command-line flags win over every file. Empty/None flags leave settings alone."""
    updates = {k: v for k, v in flags.items() if v not in (None, (), [], "")}
    if "select" in updates and "ignore" not in updates:
        # "--select KW001" asks for KW001: the config's ignore list must not take it away again
        updates["ignore"] = ()
    return dataclasses.replace(settings, **updates)


def env_no_color() -> bool:
    return "NO_COLOR" in os.environ
