from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import DEFAULT_RULES, ConfigError, Ranking, Scoring, load_config, parse_config
from bot.rules.schema import AllOf, Fixed, Leaf, Steps, Tier, Tiers, parse_rule


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
                "rules": ["defaults", {"min_bytes": 2000}],
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
    assert config.rules_for("pl") == AllOf((DEFAULT_RULES, Leaf("min_bytes", 2000)))
    assert config.rules_for("meta") == DEFAULT_RULES
    written = ["namespace", "not_redirect", "not_disambiguation", "created_in_window",
               "created_by_participant"]
    assert parse_rule(written) == DEFAULT_RULES
    assert config.points_for("pl") == Scoring()
    assert config.points_for("pl").new == Fixed(Decimal(1))
    assert config.ranking == Ranking(min_accepted=0, min_points=Decimal(0))


def test_window_is_local_and_end_date_is_inclusive() -> None:
    config = parse_config(definition(), "test.yaml")
    # Warsaw is UTC+1 on 21 March and UTC+2 (summer time) on 31 May.
    assert config.window.start_utc == datetime(2026, 3, 20, 23, 0, tzinfo=UTC)
    assert config.window.end_utc == datetime(2026, 5, 31, 22, 0, tzinfo=UTC)


def test_error_names_key_path_and_bad_value() -> None:
    data = definition()
    data["wikis"]["pl"]["rules"] = {"min_bytes": "2kb"}
    assert problems(data) == ['wikis.pl.rules.min_bytes: expected a whole number, got "2kb"']
    data["wikis"]["pl"]["rules"] = ["defaults", {"all": ["expanded", {"min_bytes": "2kb"}]}]
    assert problems(data) == [
        'wikis.pl.rules.1.all.1.min_bytes: expected a whole number, got "2kb"'
    ]
    data["wikis"]["pl"]["rules"] = "min_bytes"  # the bare value is not repeated after it
    assert problems(data) == ["wikis.pl.rules.min_bytes: expected a whole number, got true"]
    data["wikis"]["pl"]["rules"] = ["defaults", "min_size"]
    [problem] = problems(data)
    assert problem.startswith('wikis.pl.rules.1: unknown rule "min_size"; known rules: all, ')


def test_every_problem_is_reported_at_once() -> None:
    data = definition(window={"start": "2026-03-21", "end": "soon", "timezone": "Mars/Base"})
    data["wikis"]["pl"]["rules"] = {"min_words": -5}
    data["wikis"]["pl"]["colour"] = "red"
    found = problems(data)
    assert any(p.startswith("window.end: ") and '"soon"' in p for p in found)
    assert 'window.timezone: unknown time zone, got "Mars/Base"' in found
    assert "wikis.pl.rules.min_words: expected a whole number of at least 0, got -5" in found
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


def test_points_by_kind_with_bonuses_and_caps() -> None:
    data = definition()
    data["wikis"]["pl"]["points"] = yaml.safe_load("""
        new:
          tiers:
            - {when: {min_bytes: 6000}, points: 5}
            - {when: {min_bytes: 2000}, points: 1}
        expanded: {steps: {measure: added_bytes, start: 2000, every: 2000, points: 0.5}}
        bonuses:
          - {name: sources, when: {min_references: 10}, points: 0.1}
        max_per_article: 6.5
        max_per_participant: 100
    """)
    points = parse_config(data, "test.yaml").points_for("pl")
    assert points.new == Tiers((Tier(Leaf("min_bytes", 6000), Fixed(Decimal(5))),
                                Tier(Leaf("min_bytes", 2000), Fixed(Decimal(1)))))
    assert points.expanded == Steps("added_bytes", 2000, 2000, Decimal("0.5"))
    [bonus] = points.bonuses
    assert (bonus.name, bonus.when, bonus.points) == (
        "sources", Leaf("min_references", 10), Fixed(Decimal("0.1")))
    assert (points.max_per_article, points.max_per_participant) == (Decimal("6.5"),
                                                                    Decimal(100))
    assert parse_config(definition(), "test.yaml").points_for("meta").expanded is None


def test_points_errors_are_located_inside_the_expression() -> None:
    data = definition()
    data["wikis"]["pl"]["points"] = {
        "new": {"tiers": [{"when": {"min_bytes": 6000}, "points": 5}, {"when": "min_bytes",
                                                                         "points": 1}]},
        "expanded": {"sum": [1, {"tiers": [{"when": {"min_words": 1.5}, "points": 1}]}]},
        "bonuses": [{"name": "x", "when": "expanded", "points": {"steps": {"measure": "pages"}}}],
        "max_per_article": "lots",
        "per_article": 1,
    }
    assert problems(data) == [
        "wikis.pl.points.new.tiers.1.when.min_bytes: expected a whole number, got true",
        "wikis.pl.points.expanded.sum.1.tiers.0.when.min_words: expected a whole number, "
        "got 1.5",
        "wikis.pl.points.bonuses.0.points.steps: expected {measure: words, start: 1001, "
        "every: 500, points: 5}",
        'wikis.pl.points.max_per_article: expected a number, got "lots"',
        "wikis.pl.points.per_article: unknown key",
    ]


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
    data["wikis"]["pl"]["points"] = {"new": "0.1234567", "max_per_participant": "1e-7"}
    found = problems(data)
    assert any(p.startswith('results.language: no messages in this language; available: ')
               for p in found)
    assert 'wikis.pl.points.new: points should have no more than 6 decimal places, got ' \
        '"0.1234567"' in found
    assert any(p.startswith("wikis.pl.points.max_per_participant: ") for p in found)


def test_yaml_floats_become_exact_points(tmp_path: Path) -> None:
    path = tmp_path / "contest.yaml"
    data = definition(ranking={"min_points": 0.1})
    data["wikis"]["pl"]["points"] = {"new": 0.1, "max_per_article": 0.3}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    config = load_config(path)
    assert config.points_for("pl").new == Fixed(Decimal("0.1"))
    assert config.points_for("pl").max_per_article == Decimal("0.3")
    assert config.ranking.min_points == Decimal("0.1")


def test_organizer_names_are_normalised_like_the_api_writes_them() -> None:
    config = parse_config(definition(organizers=["anna_k", " Zenon "]), "test.yaml")
    assert config.organizers == ["Anna k", "Zenon"]


def test_excluded_participants_are_normalised_too() -> None:
    data = definition(excluded_participants=["jury_member"])
    data["wikis"]["pl"]["excluded_participants"] = ["organizer_x ", "anna_k"]
    config = parse_config(data, "test.yaml")
    assert config.excluded_participants == ["Jury member"]
    assert config.wikis["pl"].excluded_participants == ["Organizer x", "Anna k"]


# --- the window of one wiki -------------------------------------------------------------


def test_a_wiki_may_have_its_own_time_zone() -> None:
    data = definition()
    data["wikis"]["pl"]["window"] = {"timezone": "Europe/Kyiv"}
    config = parse_config(data, "test.yaml")
    window = config.window_for("pl")
    assert (window.start, window.end) == (config.window.start, config.window.end)
    # Kyiv is UTC+2 on 21 March and UTC+3 on 31 May.
    assert window.start_utc == datetime(2026, 3, 20, 22, 0, tzinfo=UTC)
    assert window.end_utc == datetime(2026, 5, 31, 21, 0, tzinfo=UTC)
    assert config.window_for("meta") == config.window


def test_a_wiki_may_have_its_own_end() -> None:
    data = definition()
    data["wikis"]["pl"]["window"] = {"end": "2026-06-07"}
    window = parse_config(data, "test.yaml").window_for("pl")
    assert window.timezone == "Europe/Warsaw"
    assert window.start_utc == datetime(2026, 3, 20, 23, 0, tzinfo=UTC)
    assert window.end_utc == datetime(2026, 6, 7, 22, 0, tzinfo=UTC)  # the whole last day


@pytest.mark.parametrize(
    ("window", "problem"),
    [
        ({"timezone": "Mars/Base"},
         'wikis.pl.window.timezone: unknown time zone, got "Mars/Base"'),
        ({"end": "2026-03-01"}, "wikis.pl.window: end must be after start"),
        ({"end": "soon"},
         'wikis.pl.window.end: expected a date (YYYY-MM-DD) or date and time, got "soon"'),
        ({"ends": "2026-06-07"}, "wikis.pl.window.ends: unknown key"),
    ],
)
def test_an_invalid_window_of_a_wiki_is_located(window: dict[str, str], problem: str) -> None:
    data = definition()
    data["wikis"]["pl"]["window"] = window
    assert problems(data) == [problem]


# --- topic lists ---------------------------------------------------------------------------


def test_topic_lists() -> None:
    data = definition(topic_lists={
        "cee": {"wiki": "meta", "pages": ["Wikimedia CEE Spring 2026/Structure/Poland"]},
        "women": {"items": ["Q7186"], "titles": ["Maria Skłodowska-Curie"]},
    })
    data["wikis"]["pl"]["rules"] = ["defaults", {"on_topic_list": ["cee", "women"]}]
    data["wikis"]["pl"]["points"] = {"bonuses": [{"name": "women", "when": {"on_topic_list":
                                                                           "women"},
                                                  "points": 1}]}
    config = parse_config(data, "test.yaml")
    assert config.topic_lists["women"].items == ["Q7186"]


@pytest.mark.parametrize(
    ("topic_list", "problem"),
    [
        ({"pages": ["X"]}, "topic_lists.cee: give the wiki the pages are on"),
        ({"wiki": "meta"}, "topic_lists.cee: give pages, items or titles"),
        ({"items": ["Q0"]}, "topic_lists.cee.items.0: String should match pattern"),
        ({"items": ["31487"]}, "topic_lists.cee.items.0: String should match pattern"),
        ({"wiki": "de", "pages": ["X"]},
         'topic_lists.cee.wiki "de" is not one of the contest wikis'),
    ],
)
def test_topic_lists_are_validated(topic_list: dict[str, object], problem: str) -> None:
    [found] = problems(definition(topic_lists={"cee": topic_list}))
    assert found.startswith(problem)


def test_a_topic_list_used_but_not_defined_is_named_where_it_is_used() -> None:
    data = definition(topic_lists={"cee": {"items": ["Q31487"]}})
    data["wikis"]["pl"]["rules"] = ["defaults", {"any": [{"on_topic_list": ["cee", "ce"]}]}]
    data["wikis"]["pl"]["points"] = {
        "new": {"tiers": [{"when": {"on_topic_list": "women"}, "points": 2}, {"points": 1}]},
        "bonuses": [{"name": "b", "when": {"on_topic_list": "womn"}, "points": 1}],
    }
    data["defaults"] = {"rules": ["created_in_window", {"on_topic_list": "cee_2025"}]}
    assert problems(data) == [
        'defaults.rules: topic list "cee_2025" is not defined in topic_lists',
        'wikis.pl.rules: topic list "ce" is not defined in topic_lists',
        'wikis.pl.points.new: topic list "women" is not defined in topic_lists',
        'wikis.pl.points.bonuses.0.when: topic list "womn" is not defined in topic_lists',
    ]


# --- the contest's defaults ------------------------------------------------------------------


def test_defaults_leaf_brings_the_contest_defaults_anywhere_in_a_wikis_rules() -> None:
    data = definition(defaults={"rules": ["created_in_window", {"min_bytes": 1500}]})
    data["wikis"]["pl"]["rules"] = {"any": ["defaults", {"all": ["expanded",
                                                                 {"min_added_bytes": 3000}]}]}
    data["wikis"]["meta"]["rules"] = {"defaults": True, "min_words": 250}
    config = parse_config(data, "test.yaml")
    defaults = AllOf((Leaf("created_in_window", True), Leaf("min_bytes", 1500)))
    assert config.rules_for("pl") == parse_rule(
        {"any": [["created_in_window", {"min_bytes": 1500}],
                 {"all": ["expanded", {"min_added_bytes": 3000}]}]})
    assert config.rules_for("meta") == AllOf((defaults, Leaf("min_words", 250)))


def test_a_wiki_without_defaults_in_its_rules_replaces_them() -> None:
    data = definition()
    data["wikis"]["pl"]["rules"] = ["expanded", {"min_bytes": 2000}]
    assert parse_config(data, "test.yaml").rules_for("pl") == AllOf(
        (Leaf("expanded", True), Leaf("min_bytes", 2000)))


def test_rules_that_accept_any_old_article_are_refused() -> None:
    # Written as if they added to the defaults: they would replace them, dropping the
    # contest's window.
    data = definition()
    data["wikis"]["pl"]["rules"] = {"min_bytes": 2000}
    assert problems(data) == [
        "wikis.pl.rules: nothing says the article was written during the contest: add "
        "created_in_window, expanded or a min_added_ rule, or include defaults"]
    data["wikis"]["pl"]["rules"] = []
    assert problems(data) == [
        "wikis.pl.rules: no rule is left (empty, or every rule set to false)"]


def test_countries_in_rules_are_ids_of_the_country_table() -> None:
    data = definition(country_aliases={"Sorbia": ["Łužica"]})
    data["wikis"]["pl"]["rules"] = ["defaults", {"declared_country": ["Poland", "poland",
                                                                      "Sorbia"]}]
    data["wikis"]["pl"]["home_countries"] = ["Polska"]
    assert problems(data) == [
        'wikis.pl.home_countries: "Polska" is not a known country id (ids are the canonical '
        "names of the value tables, e.g. Poland; organizers add their own in "
        "country_aliases or topics)",
        'wikis.pl: declared_country: "poland" is not a known country id (ids are the '
        "canonical names of the value tables, e.g. Poland; organizers add their own in "
        "country_aliases or topics)"]


def test_defaults_cannot_include_themselves() -> None:
    for rules in (["defaults"], {"any": ["not_redirect", {"not": "defaults"}]}):
        assert problems(definition(defaults={"rules": rules})) == [
            "defaults.rules: cannot include the defaults in themselves"
        ]


def test_defaults_leaf_only_in_a_wikis_rules() -> None:
    data = definition()
    data["wikis"]["pl"]["points"] = {
        "new": {"tiers": [{"when": "defaults", "points": 2}]},
        "bonuses": [{"name": "b", "when": ["defaults"], "points": 1}],
    }
    assert problems(data) == [
        "wikis.pl.points.new: defaults can only be used in a wiki's rules",
        "wikis.pl.points.bonuses.0.when: defaults can only be used in a wiki's rules",
    ]


def with_jury(wiki_jury: dict[str, Any] | None = None, **contest: Any) -> dict[str, Any]:
    """The definition with a jury page on pl; ``contest`` holds contest keys (``jury``)."""
    data = definition(**contest)
    data["wikis"]["pl"]["jury"] = wiki_jury or {"page": "Projekt:Demo/Jury",
                                                "members": ["anna_k"]}
    return data


def test_jury_members_come_from_the_wiki_and_the_contest() -> None:
    config = parse_config(with_jury(jury={"members": ["Bob"]}), "test.yaml")
    assert config.jurors_for("pl") == {"Anna k", "Bob"}
    assert config.jury.mode == "average" and config.jury.marks_needed == 1
    wiki_jury = config.wikis["pl"].jury
    assert wiki_jury is not None and wiki_jury.templates.reject == ["Jury reject"]
    assert wiki_jury.parameters.reason == ["2", "reason"]
    needing_two = parse_config(with_jury(jury={"mode": "min_marks", "min_marks": 2}),
                               "test.yaml")
    assert needing_two.jury.marks_needed == 2


def test_a_jury_page_without_jurors_is_refused() -> None:
    assert problems(with_jury({"page": "Projekt:Demo/Jury"})) == [
        "wikis.pl.jury.members: nobody is a juror on this wiki: list the jurors here or in "
        "jury.members"]


def test_jury_points_and_mode_are_checked() -> None:
    assert problems(with_jury(jury={"members": ["Bob"], "points": {"min": 5, "max": 1}})) == [
        "jury.points: min (5) is above max (1)"]
    assert problems(with_jury(jury={"members": ["Bob"], "mode": "majority"})) == [
        "jury.mode: Input should be 'average', 'consensus' or 'min_marks', got \"majority\""]


def test_results_pages_have_a_language_and_a_size_limit() -> None:
    data = definition(results={"wiki": "meta", "page": "Demo/Results", "max_bytes": 1000,
                               "status_page": "Demo/Status"})
    data["wikis"]["pl"]["results"] = {"page": "Projekt:Demo/Wyniki", "language": "xx"}
    found = problems(data)
    assert "results.max_bytes: Input should be greater than or equal to 2000, got 1000" in found
    assert any(p.startswith("wikis.pl.results.language: no messages in this language")
               for p in found)
    data["results"]["max_bytes"] = 3000
    data["wikis"]["pl"]["results"]["language"] = "pl"
    config = parse_config(data, "test.yaml")
    local = config.wikis["pl"].results
    assert local is not None and (local.language, local.max_bytes) == ("pl", 500_000)
    assert config.results.status_page == "Demo/Status"


def test_home_countries_come_from_the_wiki_or_the_shipped_table() -> None:
    data = definition()
    data["wikis"]["meta"]["home_countries"] = ["Poland"]
    config = parse_config(data, "test.yaml")
    assert config.home_countries_for("meta") == {"Poland"}
    assert "Poland" in config.home_countries_for("pl")
