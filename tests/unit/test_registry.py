"""The registry of contests: its schema, where definitions are, and the cadence of runs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import SiteRef, Window
from bot.contests.definitions import DefinitionError
from bot.contests.locations import PageRef
from bot.contests.registry import Cadence, RegistryEntry, load_registry, registry_of_files
from bot.store import Store

# Warsaw: UTC+1 until 29 March 2026, UTC+2 until 25 October, then UTC+1 again.
SPRING = Window.model_validate({"start": "2026-03-21", "end": "2026-05-31",
                                "timezone": "Europe/Warsaw"})
AUTUMN = Window.model_validate({"start": "2026-10-01", "end": "2026-10-20",
                                "timezone": "Europe/Warsaw"})


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def minutes(value: int) -> timedelta:
    return timedelta(minutes=value)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'bot.sqlite'}") as opened:
        yield opened


def test_default_cadence_across_the_contest() -> None:
    cadence = Cadence()
    assert cadence.interval(utc(2026, 3, 1), SPRING) == minutes(1440)
    assert cadence.interval(utc(2026, 4, 15), SPRING) == minutes(60)
    assert cadence.interval(utc(2026, 6, 10), SPRING) == minutes(1440)
    assert cadence.interval(utc(2026, 8, 1), SPRING) is None


def test_boundaries_are_the_contest_time_zone_midnights() -> None:
    cadence = Cadence(before_start=120, open=15, after_end=240, after_end_days=30)
    start = utc(2026, 3, 20, 23)  # 21 March 00:00 in Warsaw (UTC+1)
    assert cadence.interval(start - timedelta(seconds=1), SPRING) == minutes(120)
    assert cadence.interval(start, SPRING) == minutes(15)
    end = utc(2026, 5, 31, 22)  # after the whole of 31 May, Warsaw summer time (UTC+2)
    assert cadence.interval(end - timedelta(seconds=1), SPRING) == minutes(15)
    assert cadence.interval(end, SPRING) == minutes(240)
    stop = utc(2026, 6, 30, 22)  # 30 days later, 1 July 00:00 in Warsaw
    assert cadence.runs_until(SPRING) == stop
    assert cadence.interval(stop - timedelta(seconds=1), SPRING) == minutes(240)
    assert cadence.interval(stop, SPRING) is None


def test_days_after_the_end_are_counted_on_the_local_calendar() -> None:
    # The end is in summer time, the last run day in winter time: still local midnight.
    assert AUTUMN.end_utc == utc(2026, 10, 20, 22)
    assert Cadence(after_end_days=30).runs_until(AUTUMN) == utc(2026, 11, 19, 23)
    assert Cadence(after_end_days=0).interval(AUTUMN.end_utc, AUTUMN) is None


def test_no_runs_before_the_start_when_asked() -> None:
    cadence = Cadence.model_validate({"before_start": None})
    assert cadence.interval(utc(2026, 3, 1), SPRING) is None
    assert cadence.interval(utc(2026, 3, 21), SPRING) == minutes(60)


@pytest.mark.parametrize("field", ["before_start", "open", "after_end"])
def test_at_least_five_minutes_between_runs(field: str) -> None:
    assert getattr(Cadence.model_validate({field: 5}), field) == 5
    with pytest.raises(ValidationError):
        Cadence.model_validate({field: 4})
    with pytest.raises(ValidationError):
        Cadence.model_validate({field: "60"})  # strict: a number, not text


def write(path: Path, registry: object) -> Path:
    path.write_text(json.dumps(registry), encoding="utf-8")
    return path


def test_local_registry_resolves_files_and_pages(tmp_path: Path, store: Store) -> None:
    registry = write(tmp_path / "registry.json", {"contests": {
        "cee": {"definition": {"file": "cee/contest.yaml"},
                "cadence": {"before_start": None, "open": 30}},
        "quotes": {"definition": {"page": "Contest/Bot", "site": {"code": "pl",
                                                                 "family": "wikiquote"}},
                   "enabled": False},
    }})
    loaded = load_registry(registry, store)
    assert (loaded.source, loaded.error) == (str(registry), None)
    assert loaded.entries == (
        RegistryEntry("cee", tmp_path / "cee" / "contest.yaml",
                      Cadence(before_start=None, open=30), True),
        RegistryEntry("quotes", PageRef(SiteRef(code="pl", family="wikiquote"), "Contest/Bot"),
                      Cadence(), False),
    )


def test_yaml_registry(tmp_path: Path, store: Store) -> None:
    registry = tmp_path / "registry.yaml"
    registry.write_text("contests:\n  cee:\n    definition: {file: /srv/cee.yaml}\n",
                        encoding="utf-8")
    [entry] = load_registry(registry, store).entries
    assert entry.definition == Path("/srv/cee.yaml")  # absolute paths stay as they are


def test_registry_problems_have_key_paths(tmp_path: Path, store: Store) -> None:
    registry = write(tmp_path / "registry.json", {"contests": {
        "a": {"definition": {"page": "A", "file": "a.yaml"}},
        "b": {"definition": {"file": "b.yaml"}, "cadence": {"open": 1, "weekly": True}},
        "c": {"definition": {"file": "c.yaml"}, "enabled": "yes"},
    }})
    loaded = load_registry(registry, store)
    assert loaded.entries == ()
    assert loaded.error == DefinitionError(None, (
        "contests.a.definition: give exactly one of page or file",
        "contests.b.cadence.open: Input should be greater than or equal to 5, got 1",
        "contests.b.cadence.weekly: unknown key",
        'contests.c.enabled: expected true or false, got "yes"',
    ))


def test_a_page_in_a_registry_file_needs_its_site(tmp_path: Path, store: Store) -> None:
    registry = write(tmp_path / "registry.json",
                     {"contests": {"cee": {"definition": {"page": "CEE/Bot"}}}})
    assert load_registry(registry, store).error == DefinitionError(None, (
        "contests.cee.definition.site: required in a registry file (it is on no wiki)",))


def test_broken_registry_keeps_the_last_valid_one(tmp_path: Path, store: Store) -> None:
    registry = write(tmp_path / "registry.json",
                     {"contests": {"cee": {"definition": {"file": "cee.yaml"}}}})
    valid = load_registry(registry, store)
    registry.write_text('{"contests": {"cee": }}', encoding="utf-8")
    kept = load_registry(registry, store)
    assert kept.entries == valid.entries and len(kept.entries) == 1
    assert kept.error == DefinitionError(None, (
        "line 1, column 22: not valid JSON (Expecting value)",))
    assert store.document(f"registry {registry}") is not None


def test_contests_named_on_the_command_line() -> None:
    page = PageRef(SiteRef(code="meta", family="meta"), "Contest/Bot")
    loaded = registry_of_files([Path("a.yaml"), page])
    assert loaded.error is None
    assert loaded.entries == (RegistryEntry("a.yaml", Path("a.yaml"), Cadence(), True),
                              RegistryEntry("meta:meta:Contest/Bot", page, Cadence(), True))
