"""Definitions from their text (files and wiki pages): located syntax errors, key paths, and
the last valid definition kept in force when an edit breaks it."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import ConfigError, load_config, load_definition_text
from bot.contests.definitions import DefinitionError, load_definition
from bot.store import Store


def definition(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Contest 2026",
        "window": {"start": "2026-03-21", "end": "2026-05-31", "timezone": "Europe/Warsaw"},
        "results": {"wiki": "meta", "page": "Contest 2026/Results"},
        "wikis": {"meta": {"site": {"code": "meta", "family": "meta"},
                           "sources": [{"kind": "submission_page", "page": "Contest 2026"}]},
                  "pl": {"site": {"code": "pl"}, "rules": ["defaults", {"min_bytes": 2000}]}},
    }
    data.update(overrides)
    return data


def problems(text: str, *, json_only: bool = True) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_definition_text(text, "meta:meta:Contest 2026/Bot", json_only=json_only)
    assert caught.value.source == "meta:meta:Contest 2026/Bot"
    return caught.value.problems


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'bot.sqlite'}") as opened:
        yield opened


def test_json_and_yaml_texts_give_the_same_definition() -> None:
    data = definition()
    from_json = load_definition_text(json.dumps(data, indent=2), "a", json_only=True)
    from_yaml = load_definition_text(yaml.safe_dump(data), "b", json_only=False)
    assert from_json == from_yaml
    assert from_json.window.start_utc.isoformat() == "2026-03-20T23:00:00+00:00"


def test_json_syntax_error_says_line_and_column() -> None:
    text = '{\n  "name": "Contest 2026",\n  "window": {"start": "2026-03-21",}\n}\n'
    assert problems(text) == [
        "line 3, column 36: not valid JSON (Expecting property name enclosed in double quotes)"]
    assert problems("") == ["line 1, column 1: not valid JSON (Expecting value)"]
    assert problems('{"name": "x"} trailing') == [
        "line 1, column 15: not valid JSON (Extra data)"]


def test_a_wiki_page_is_json_only() -> None:
    # YAML would read this; on a wiki page (content model json) it is a mistake.
    assert problems("name: Contest 2026\n") == [
        "line 1, column 1: not valid JSON (Expecting value)"]


def test_yaml_syntax_error_says_line_and_column() -> None:
    [problem] = problems("name: x\nwindow: [unclosed\n", json_only=False)
    assert problem.startswith("line 3, column 1: not valid YAML")


def test_schema_errors_of_a_json_text_have_key_paths() -> None:
    data = definition(window={"start": "2026-03-21", "end": "2026-05-31", "colour": "red"})
    data["wikis"]["pl"]["rules"] = ["defaults", {"min_bytes": "2kb"}]
    assert problems(json.dumps(data)) == [
        "window.colour: unknown key",
        'wikis.pl.rules.1.min_bytes: expected a whole number, got "2kb"',
    ]
    assert problems("[1, 2]") == ["expected a mapping"]


def test_json_file_is_read_as_json(tmp_path: Path) -> None:
    path = tmp_path / "contest.JSON"
    path.write_text(json.dumps(definition()), encoding="utf-8")
    assert load_config(path).name == "Contest 2026"
    path.write_text("name: Contest 2026\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid JSON"):
        load_config(path)


def test_update_page_is_a_page_of_its_own() -> None:
    results = {"wiki": "meta", "page": "Contest 2026/Results",
               "status_page": "Contest 2026/Status", "update_page": "Contest 2026/Update"}
    config = load_definition_text(json.dumps(definition(results=results)), "a", json_only=True)
    assert config.results.update_page == "Contest 2026/Update"
    for written in ("Contest 2026/Results", "Contest 2026/Status"):
        text = json.dumps(definition(results={**results, "update_page": written}))
        assert problems(text) == [
            "results: update_page must be a page of its own, not one the bot writes"]


def test_schedule_minutes_is_gone_from_definitions() -> None:
    # The cadence is the registry's (bot.contests.registry.Cadence).
    assert problems(json.dumps(definition(schedule_minutes=60))) == [
        "schedule_minutes: unknown key"]


def test_file_definition_keeps_the_last_valid_one(
    tmp_path: Path, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "contest.yaml"
    path.write_text(yaml.safe_dump(definition()), encoding="utf-8")
    first = load_definition(path, store)
    assert (first.source, first.revision, first.error) == (str(path), None, None)
    assert first.config is not None and first.config.name == "Contest 2026"
    stored = store.document(f"definition {path}")
    assert stored is not None and stored.text == path.read_text(encoding="utf-8")

    broken = definition(name="Contest 2027")
    broken["wikis"]["pl"]["rules"] = {"min_bytes": "2kb"}
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        kept = load_definition(path, store)
    assert kept.config == first.config
    assert kept.error == DefinitionError(None, (
        'wikis.pl.rules.min_bytes: expected a whole number, got "2kb"',))
    assert f'{path} is not in force: wikis.pl.rules.min_bytes' in caplog.text
    assert "in force: the last valid text read" in caplog.text

    path.unlink()
    gone = load_definition(path, store)
    assert gone.config == first.config
    assert gone.error == DefinitionError(None, ("cannot read: No such file or directory",))


def test_never_valid_definition_has_nothing_in_force(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "contest.json"
    path.write_text("{", encoding="utf-8")
    loaded = load_definition(path, store)
    assert (loaded.config, loaded.revision) == (None, None)
    assert loaded.error == DefinitionError(None, (
        "line 1, column 2: not valid JSON (Expecting property name enclosed in double "
        "quotes)",))
    assert store.document(f"definition {path}") is None
