from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import ConfigError, load_config, parse_config


def definition(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Demo",
        "window": {"start": "2026-03-21", "end": "2026-05-31", "timezone": "Europe/Warsaw"},
        "results": {"wiki": "meta", "page": "Demo/Results"},
        "wikis": {
            "meta": {
                "site": {"code": "meta", "family": "meta"},
                "sources": [{"kind": "submission_page", "page": "Demo/Entries"}],
            },
            "pl": {
                "site": {"code": "pl"},
                "sources": [{"kind": "submission_page", "page": "Projekt:Demo"}],
                "rules": {"min_bytes": 2000},
            },
        },
    }
    data.update(overrides)
    return data


def problems(data: object) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(data, "test.yaml")
    return caught.value.problems


def test_valid_definition_loads_with_defaults() -> None:
    config = parse_config(definition(), "test.yaml")
    assert config.rules_for("pl").min_bytes == 2000
    assert config.rules_for("meta").min_bytes is None
    assert config.rules_for("meta").namespaces == [0]
    assert config.points_for("pl").per_article == Decimal(1)


def test_window_is_local_and_end_date_is_inclusive() -> None:
    config = parse_config(definition(), "test.yaml")
    # Warsaw is UTC+1 on 21 March and UTC+2 (summer time) on 31 May.
    assert config.window.start_utc == datetime(2026, 3, 20, 23, 0, tzinfo=UTC)
    assert config.window.end_utc == datetime(2026, 5, 31, 22, 0, tzinfo=UTC)


def test_error_names_key_path_and_bad_value() -> None:
    data = definition()
    data["wikis"]["pl"]["rules"]["min_bytes"] = "2kb"
    assert problems(data) == ['wikis.pl.rules.min_bytes: expected integer, got "2kb"']


def test_every_problem_is_reported_at_once() -> None:
    data = definition(window={"start": "2026-03-21", "end": "soon", "timezone": "Mars/Base"})
    data["wikis"]["pl"]["rules"]["min_words"] = -5
    data["wikis"]["pl"]["colour"] = "red"
    found = problems(data)
    assert any(p.startswith("window.end: ") and '"soon"' in p for p in found)
    assert 'window.timezone: unknown time zone "Mars/Base", got "Mars/Base"' in found
    assert any(p.startswith("wikis.pl.rules.min_words: ") and "-5" in p for p in found)
    assert "wikis.pl.colour: unknown key" in found


def test_missing_and_misplaced_keys() -> None:
    data = definition()
    del data["results"]
    assert problems(data) == ["results: required key is missing"]
    assert problems(definition(results={"wiki": "de", "page": "X"})) == [
        'results.wiki "de" is not one of the contest wikis (meta, pl)'
    ]


def test_unknown_source_kind_is_named() -> None:
    data = definition()
    data["wikis"]["pl"]["sources"] = [{"kind": "carrier_pigeon", "page": "X"}]
    [problem] = problems(data)
    assert problem.startswith("wikis.pl.sources.0: ")
    assert "submission_page" in problem


def test_end_before_start_is_rejected() -> None:
    [problem] = problems(definition(window={"start": "2026-05-01", "end": "2026-04-01"}))
    assert problem.startswith("window: end must be after start")


def test_tiers_must_ascend() -> None:
    data = definition()
    data["wikis"]["pl"]["points"] = {
        "tiers": [{"min_bytes": 6000, "points": 5}, {"min_bytes": 2000, "points": 1}]
    }
    [problem] = problems(data)
    assert problem.startswith("wikis.pl.points.tiers: tiers must have strictly ascending")


def test_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("name: x\nwindow: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.problems[0].startswith("line 3, column 1: not valid YAML")


def test_example_definitions_are_valid() -> None:
    for path in sorted(Path("examples").glob("**/*.yaml")):
        assert load_config(path).wikis, path


def test_yaml_round_trip_of_a_definition(tmp_path: Path) -> None:
    path = tmp_path / "contest.yaml"
    path.write_text(yaml.safe_dump(definition(), allow_unicode=True), encoding="utf-8")
    assert load_config(path).name == "Demo"


def test_results_language_needs_messages_and_points_fit_the_store() -> None:
    data = definition(results={"wiki": "meta", "page": "R", "language": "xx"})
    data["wikis"]["pl"]["points"] = {"per_article": "0.1234567"}
    found = problems(data)
    assert any(p.startswith('results.language: no messages in this language; available: en, pl')
               for p in found)
    assert any(p.startswith("wikis.pl.points.per_article: ") for p in found)


def test_organizer_names_are_normalised_like_the_api_writes_them() -> None:
    config = parse_config(definition(organizers=["anna_k", " Zenon "]), "test.yaml")
    assert config.organizers == ["Anna k", "Zenon"]
