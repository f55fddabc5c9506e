"""The registry: which contests the bot runs, where their definitions are, and how often.

A JSON wiki page (operators set its location) or a local JSON/YAML file, kept like a
definition: a broken edit leaves the last valid registry in force. A registry on a wiki
never names local files — whoever can edit the page could otherwise make the bot read
the operator's files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot.config import ConfigError, SiteRef, Window, describe_errors, is_json_file, parse_document
from bot.contests.definitions import DefinitionError, in_force
from bot.contests.locations import PageRef
from bot.store import Store

MIN_MINUTES = 5  # wikis are shared: no contest needs fresher results than this
Minutes = Annotated[int, Field(ge=MIN_MINUTES, strict=True)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cadence(_Strict):
    """Minutes between runs before the start, while the contest is open, and for
    ``after_end_days`` after its end (late jury decisions, fixes); then no more runs."""

    before_start: Minutes | None = 1440  # None: no runs before the start
    open: Minutes = 60
    after_end: Minutes = 1440
    after_end_days: Annotated[int, Field(ge=0, strict=True)] = 30

    def interval(self, now: datetime, window: Window) -> timedelta | None:
        """Time between runs at ``now``; None when the contest is not to be run."""
        if now < window.start_utc:
            minutes = self.before_start
        elif now < window.end_utc:
            minutes = self.open
        elif now < self.runs_until(window):
            minutes = self.after_end
        else:
            minutes = None
        return None if minutes is None else timedelta(minutes=minutes)

    def runs_until(self, window: Window) -> datetime:
        """The end plus ``after_end_days`` days of the contest's own calendar: across a
        change of summer time it is still midnight there."""
        local_end = window.end_utc.astimezone(ZoneInfo(window.timezone))
        return (local_end + timedelta(days=self.after_end_days)).astimezone(UTC)


class _DefinitionPlace(_Strict):
    page: str | None = None  # on ``site``, by default the registry's wiki
    site: SiteRef | None = None
    file: str | None = None  # relative to the registry file

    @model_validator(mode="after")
    def _one_place(self) -> _DefinitionPlace:
        if (self.page is None) == (self.file is None):
            raise ValueError("give exactly one of page or file")
        if self.file is not None and self.site is not None:
            raise ValueError("site goes with page, not with file")
        return self


class _Contest(_Strict):
    definition: _DefinitionPlace
    cadence: Cadence = Field(default_factory=Cadence)
    enabled: Annotated[bool, Field(strict=True)] = True


class _Registry(_Strict):
    contests: dict[Annotated[str, Field(min_length=1, max_length=200)], _Contest]


@dataclass(frozen=True)
class RegistryEntry:
    key: str
    definition: Path | PageRef
    cadence: Cadence
    enabled: bool


@dataclass(frozen=True)
class LoadedRegistry:
    source: str
    entries: tuple[RegistryEntry, ...]  # those in force: the current or last valid registry
    error: DefinitionError | None


def load_registry(location: Path | PageRef, store: Store) -> LoadedRegistry:
    source = str(location)
    json_only = not isinstance(location, Path) or is_json_file(location)

    def parse(text: str) -> tuple[RegistryEntry, ...]:
        data = parse_document(text, source, json_only=json_only)
        try:
            registry = _Registry.model_validate(data)
        except ValidationError as exc:
            raise ConfigError(source, describe_errors(exc)) from None
        return _entries(registry, location)

    found = in_force(location, store, "registry " + source, parse)
    return LoadedRegistry(source, found.value or (), found.error)


def registry_of_files(locations: Sequence[Path | PageRef]) -> LoadedRegistry:
    """The definitions named on the command line (``serve a.yaml meta:meta:Contest/Bot``),
    at the default cadence."""
    entries = tuple(RegistryEntry(str(location), location, Cadence(), True)
                    for location in locations)
    return LoadedRegistry("the command line", entries, None)


def _entries(registry: _Registry, location: Path | PageRef) -> tuple[RegistryEntry, ...]:
    problems: list[str] = []
    entries = []
    for key, contest in registry.contests.items():
        place = contest.definition
        where = f"contests.{key}.definition"
        definition: Path | PageRef
        if isinstance(location, PageRef):
            if place.page is None:
                problems.append(f"{where}.file: a registry on a wiki cannot name local files; "
                                f"give page (and site)")
                continue
            definition = PageRef(place.site or location.site, place.page)
        elif place.page is not None:
            if place.site is None:
                problems.append(f"{where}.site: required in a registry file (it is on no wiki)")
                continue
            definition = PageRef(place.site, place.page)
        else:
            definition = location.parent / str(place.file)
        entries.append(RegistryEntry(key, definition, contest.cadence, contest.enabled))
    if problems:
        raise ConfigError(str(location), problems)
    return tuple(entries)
