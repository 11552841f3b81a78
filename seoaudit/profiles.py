"""Advertising-rule profiles and the clinic's own facts (name, address, phone).

A profile names a jurisdiction and profession (``uk-asa``, ``ca-on-physio``...) and
says how serious each health-claim category is there: ``bad`` (the rule forbids it),
``ok`` (a warning) or ``off``. Profiles are data (``data/profiles.toml``), so a
clinic can read exactly what a profile does. ``ClinicInfo`` carries the profile and
the configured NAP to the checks through ``CheckContext.clinic``: one location
(``clinic_address``, ``clinic_phone``) and the ``[[locations]]`` of a clinic with several.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any, Mapping

from .registry import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

SEVERITIES = ("bad", "ok", "off")
DEFAULT_PROFILE = "default"

# Calling codes for the countries the profiles name; a clinic elsewhere sets
# clinic_country and gets national numbers compared without a country code.
CALLING_CODES = {"CA": "1", "US": "1", "GB": "44", "UK": "44", "IE": "353", "AU": "61", "NZ": "64",
                 # the other countries whose languages the claim and date rules read (French, Spanish)
                 "FR": "33", "BE": "32", "CH": "41", "LU": "352", "ES": "34", "MX": "52", "AR": "54",
                 "CO": "57", "CL": "56", "PE": "51", "PR": "1"}


@dataclass(frozen=True)
class Profile:
    name: str
    title: str
    country: str  # ISO 3166 alpha-2, "" when the profile names none
    source: str
    severity: Mapping[str, str] = field(default_factory=dict)
    # CL012: the profession the profile is about ("physiotherapist"; "" = not said) and
    # the statute restricting the title "doctor" there ("RHPA s. 33 (Ontario)"; "" = none)
    profession: str = ""
    title_rule: str = ""

    def severity_of(self, category: str) -> str:
        return self.severity.get(category, "ok")


@dataclass(frozen=True)
class Location:
    """One place the clinic receives patients: a ``[[locations]]`` entry of the config, or
    ``clinic_address`` with ``clinic_phone``. Any field but the address may be empty."""

    address: str = ""
    phone: str = ""
    name: str = ""  # "Lakeshore Physiotherapy – Oakville": the location's own name, when it has one
    city: str = ""  # as configured; ``town`` falls back to the city the address names

    @property
    def town(self) -> str:
        """The location's city: configured, else the last city the address names ("1900
        Lakeshore Rd W, Unit 4, Mississauga, ON" -> "Mississauga"); "" when the gazetteer
        finds none (set ``city`` then)."""
        return self.city or address_city(self.address)


@lru_cache(maxsize=256)
def address_city(address: str) -> str:
    """The last city ``address`` names: streets come first in an address, the city after
    them ("13220 St Albert Trail NW, Edmonton" -> "Edmonton")."""
    if not address.strip():
        return ""
    from .places import find_places  # the gazetteer loads only when an address is read

    cities = [m.surface for m in find_places(address) if m.kind == "city"]
    return cities[-1] if cities else ""


@dataclass(frozen=True)
class ClinicInfo:
    """What the configuration says about the clinic; every field may be empty.

    ``name``, ``address`` and ``phone`` are ``clinic_name``, ``clinic_address`` and
    ``clinic_phone``; ``locations`` the config's ``[[locations]]``. A check that asks
    "is this the clinic's address (phone, city)?" reads ``all_locations``: a clinic with
    three locations has three right answers."""

    profile: Profile
    name: str = ""
    address: str = ""
    phone: str = ""
    country: str = ""  # the clinic's country (config, else the profile's)
    profession: str = ""  # its practitioners' profession (config, else the profile's): "acupuncturist"
    locations: tuple[Location, ...] = ()

    @property
    def calling_code(self) -> str:
        return CALLING_CODES.get(self.country.upper(), "")

    @cached_property  # one ClinicInfo per run; read by several checks on every page
    def all_locations(self) -> tuple[Location, ...]:
        """``clinic_address``/``clinic_phone`` as one location (when set), then ``locations``;
        an entry repeating it (the head office listed in both) once."""
        single = (Location(self.address, self.phone, self.name),) if self.address or self.phone else ()
        out: list[Location] = []
        for loc in (*single, *self.locations):
            key = (_digits(loc.phone), " ".join(loc.address.lower().split()))
            if all(key != (_digits(o.phone), " ".join(o.address.lower().split())) for o in out):
                out.append(loc)
        return tuple(out)

    @cached_property  # one ClinicInfo per run; read by several checks on every page
    def names(self) -> tuple[str, ...]:
        """The clinic's own names: ``clinic_name`` and each location's name, once each."""
        return tuple(dict.fromkeys(n for n in (self.name, *(loc.name for loc in self.locations)) if n))

    @cached_property  # one ClinicInfo per run; read by several checks on every page
    def cities(self) -> tuple[str, ...]:
        """The cities of the configured locations, once each, in the order configured."""
        return tuple(dict.fromkeys(t for t in (loc.town for loc in self.all_locations) if t))


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


@lru_cache(maxsize=1)
def load_profiles() -> Mapping[str, Profile]:
    text = resources.files("seoaudit").joinpath("data/profiles.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return {name: _profile(name, body) for name, body in data.get("profiles", {}).items()}


def _profile(name: str, body: Mapping[str, Any]) -> Profile:
    severity = dict(body.get("severity", {}))
    for cat, level in severity.items():
        if level not in SEVERITIES:  # a broken data file is a bug, not a user error
            raise ValueError(f"profiles.toml: profile {name!r} category {cat!r} has severity {level!r}")
    return Profile(
        name=name,
        title=str(body.get("title", name)),
        country=str(body.get("country", "")),
        source=str(body.get("source", "")),
        severity=severity,
        profession=str(body.get("profession", "")).strip().lower(),
        title_rule=str(body.get("title_rule", "")),
    )


@lru_cache(maxsize=1)
def clinic_data() -> Mapping[str, Any]:
    """Word lists and URL patterns of ``data/claims/clinic.toml`` (credentials,
    evidence hosts, booking platforms...) shared by the clinic checks."""
    text = resources.files("seoaudit").joinpath("data/claims/clinic.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def get_profile(name: str | None) -> Profile:
    profiles = load_profiles()
    key = (name or DEFAULT_PROFILE).strip().lower()
    if key not in profiles:
        import difflib

        close = difflib.get_close_matches(key, list(profiles), n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise ConfigError(f"profile '{name}' is unknown ({hint}profiles: {', '.join(sorted(profiles))})")
    return profiles[key]


def check_profession(profession: str) -> str:
    """``profession`` (``clinic_profession``) when the title rules know it, or "" unset;
    else a ConfigError listing the known ones."""
    profession = profession.strip()
    if profession:
        from .doctor_title import known_professions, profession_class

        if not profession_class(profession):
            raise ConfigError(f"clinic_profession: unknown profession {profession!r} (known: {', '.join(known_professions())})")
    return profession


def clinic_from_settings(settings: Any) -> ClinicInfo:
    """ClinicInfo from ``config.Settings``; ConfigError names an unknown profile or profession
    (a config file's are named with the file when it is read: ``config.apply_settings``)."""
    profile = get_profile(getattr(settings, "profile", "") or DEFAULT_PROFILE)
    profession = check_profession(getattr(settings, "clinic_profession", "") or "")
    return ClinicInfo(
        profile=profile,
        name=getattr(settings, "clinic_name", ""),
        address=getattr(settings, "clinic_address", ""),
        phone=getattr(settings, "clinic_phone", ""),
        country=(getattr(settings, "clinic_country", "") or profile.country).upper(),
        profession=profession or profile.profession,
        locations=tuple(getattr(settings, "locations", ())),
    )


def clinic_of(ctx: Any) -> ClinicInfo:
    """The context's clinic, or the default profile with no NAP (library use, tests)."""
    clinic = getattr(ctx, "clinic", None)
    return clinic if clinic is not None else ClinicInfo(profile=get_profile(DEFAULT_PROFILE))
