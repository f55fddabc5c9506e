"""Rule and points expressions: what organizers may write, and the errors they see."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
import yaml

from bot.rules.schema import (
    LEAVES,
    AllOf,
    AnyOf,
    ExpressionError,
    Fixed,
    Leaf,
    Not,
    Steps,
    Sum,
    Tier,
    Tiers,
    leaves,
    measures_used,
    parse_points,
    parse_rule,
    with_defaults,
)


def rule_error(data: object) -> str:
    with pytest.raises(ExpressionError) as caught:
        parse_rule(data)
    return str(caught.value)


def points_error(data: object) -> str:
    with pytest.raises(ExpressionError) as caught:
        parse_points(data)
    return str(caught.value)


# --- leaves --------------------------------------------------------------------------


DOCUMENTED = [
    ("namespace", Leaf("namespace", (0,))),  # bare: the main namespace
    ({"namespace": 0}, Leaf("namespace", (0,))),
    ({"namespace": 104}, Leaf("namespace", (104,))),
    ({"namespace": [0, 104]}, Leaf("namespace", (0, 104))),
    ("not_redirect", Leaf("not_redirect", True)),
    ({"not_disambiguation": True}, Leaf("not_disambiguation", True)),
    ({"min_references": 0}, Leaf("min_references", 0)),
    ({"in_category": "Kategoria:Polska"}, Leaf("in_category", ("Kategoria:Polska",))),
    ({"in_category": ["A", "B"]}, Leaf("in_category", ("A", "B"))),
    ({"without_templates": "Szablon:Dopracować"},
     Leaf("without_templates", ("Szablon:Dopracować",))),
    ("created_in_window", Leaf("created_in_window", True)),
    ("expanded", Leaf("expanded", True)),
    ("created_by_participant", Leaf("created_by_participant", True)),
    ({"max_bytes_before": 8000}, Leaf("max_bytes_before", 8000)),
    ({"min_bytes": 2000}, Leaf("min_bytes", 2000)),
    ({"min_words": 300}, Leaf("min_words", 300)),
    ({"min_chars": 1500}, Leaf("min_chars", 1500)),
    ({"min_added_bytes": 3000}, Leaf("min_added_bytes", 3000)),
    ({"min_added_words": 200}, Leaf("min_added_words", 200)),
    ({"min_added_chars": 1000}, Leaf("min_added_chars", 1000)),
    ({"on_topic_list": "cee"}, Leaf("on_topic_list", ("cee",))),
    ({"on_topic_list": ["cee", "women"]}, Leaf("on_topic_list", ("cee", "women"))),
    ("declared_country", Leaf("declared_country", True)),
    ({"declared_country": ["PL", "UA"]}, Leaf("declared_country", ("PL", "UA"))),
    ({"declared_topic": True}, Leaf("declared_topic", True)),
    ({"declared_topic": ["women"]}, Leaf("declared_topic", ("women",))),
    ("not_home_country", Leaf("not_home_country", True)),
    ({"registered_after": date(2026, 3, 1)}, Leaf("registered_after", date(2026, 3, 1))),
    ({"fewer_edits_before_start": 1}, Leaf("fewer_edits_before_start", 1)),
    ("not_excluded", Leaf("not_excluded", True)),
    ({"declared_within_days": 0}, Leaf("declared_within_days", 0)),
    ({"declared_within_days": 7}, Leaf("declared_within_days", 7)),
    ("defaults", Leaf("defaults", True)),
]


@pytest.mark.parametrize(("data", "leaf"), DOCUMENTED)
def test_every_leaf_accepts_its_documented_value(data: object, leaf: Leaf) -> None:
    assert parse_rule(data) == leaf


def test_every_leaf_is_covered_above() -> None:
    assert {leaf.rule for _, leaf in DOCUMENTED} == set(LEAVES)


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        # YAML reads a plain date as a date, and a date with a time as a (naive) datetime.
        ("registered_after: 2026-03-01", date(2026, 3, 1)),
        ("registered_after: 2026-03-01 12:30:00", datetime(2026, 3, 1, 12, 30)),
        # JSON (a definition on a wiki page) gives text.
        ("registered_after: '2026-03-01T12:30:00+02:00'",
         datetime(2026, 3, 1, 12, 30, tzinfo=timezone(timedelta(hours=2)))),
    ],
)
def test_registered_after_takes_a_date_or_a_moment(text: str, moment: date) -> None:
    assert parse_rule(yaml.safe_load(text)) == Leaf("registered_after", moment)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"all": ["namespace", "not_redirect", {"min_bytes": "2kb"}]},
         'all.2.min_bytes: expected a whole number, got "2kb"'),
        # A plain list means all; its items are located by position, as written.
        (["namespace", {"min_bytes": "2kb"}], '1.min_bytes: expected a whole number, got "2kb"'),
        ({"min_bytes": -1}, "min_bytes: expected a whole number of at least 0, got -1"),
        ({"min_bytes": 1.5}, "min_bytes: expected a whole number, got 1.5"),
        ({"min_words": "300"}, 'min_words: expected a whole number, got "300"'),
        ("min_bytes", "min_bytes: expected a whole number, got true"),  # a bare name needs none
        ({"fewer_edits_before_start": 0},
         "fewer_edits_before_start: expected a whole number of at least 1, got 0"),
        ({"namespace": "Main"},
         'namespace: expected a namespace number or a list of them, got "Main"'),
        ({"in_category": []}, "in_category: expected a name or a list of names, got []"),
        ({"in_category": 3}, "in_category: expected a name or a list of names, got 3"),
        ({"on_topic_list": True}, "on_topic_list: expected a name or a list of names, got true"),
        ({"declared_country": "PL"},
         'declared_country: expected true or a list of names, got "PL"'),
        ({"not_redirect": "yes"},
         'not_redirect: expected true (or false to leave the rule out), got "yes"'),
        ({"not_redirect": None},
         "not_redirect: expected true (or false to leave the rule out), got null"),
        ({"registered_after": "soon"},
         'registered_after: expected a date (YYYY-MM-DD) or date and time, got "soon"'),
        ({"any": "not_redirect"}, "any: expected a list of rules"),
        ({"any": [{"all": [{"not": {"min_words": "many"}}]}]},
         'any.0.all.0.not.min_words: expected a whole number, got "many"'),
        ({}, "expected a rule: a name, or a mapping such as {min_bytes: 2000} or {all: [...]}"),
        (3, "expected a rule: a name, or a mapping such as {min_bytes: 2000} or {all: [...]}"),
    ],
)
def test_bad_values_are_rejected_with_a_located_message(data: object, message: str) -> None:
    assert rule_error(data) == message


def test_error_knows_where_and_what_separately() -> None:
    with pytest.raises(ExpressionError) as caught:
        parse_rule({"all": [{"min_bytes": "2kb"}]}, where="tiers.0.when")
    assert caught.value.where == "tiers.0.when.all.0.min_bytes"
    assert caught.value.problem == 'expected a whole number, got "2kb"'


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # True == 1 == 1.0 in Python; none of them may stand for another.
        ({"min_bytes": True}, "min_bytes: expected a whole number, got true"),
        ({"declared_within_days": True},
         "declared_within_days: expected a whole number, got true"),
        ({"namespace": [True]}, "namespace: expected a whole number, got [true]"),
        ({"namespace": 1.0}, "namespace: expected a namespace number or a list of them, got 1.0"),
        ({"not_redirect": 1},
         "not_redirect: expected true (or false to leave the rule out), got 1"),
        ({"not_home_country": 0},
         "not_home_country: expected true (or false to leave the rule out), got 0"),
        ({"registered_after": 2026},
         "registered_after: expected a date (YYYY-MM-DD) or date and time, got 2026"),
        ({"registered_after": True},
         "registered_after: expected a date (YYYY-MM-DD) or date and time, got true"),
    ],
)
def test_booleans_and_numbers_are_never_read_as_each_other(data: object, message: str) -> None:
    assert rule_error(data) == message


def test_namespace_one_is_the_talk_namespace_not_true() -> None:
    assert parse_rule({"namespace": 1}) == Leaf("namespace", (1,))


def test_unknown_rule_names_the_place_and_lists_the_known_ones() -> None:
    message = rule_error({"all": ["not_redirect", {"min_size": 2000}]})
    assert message.startswith('all.1: unknown rule "min_size"; known rules: all, any, not, ')
    assert "min_bytes" in message
    assert rule_error("frobnicate").startswith('unknown rule "frobnicate"; ')


# --- compositions ----------------------------------------------------------------------


def test_a_list_means_all() -> None:
    assert parse_rule(["not_redirect", {"min_bytes": 2000}]) == AllOf(
        (Leaf("not_redirect", True), Leaf("min_bytes", 2000))
    )


def test_a_mapping_with_several_keys_means_all_in_the_written_order() -> None:
    assert parse_rule({"min_bytes": 2000, "not_redirect": True, "min_words": 250}) == AllOf(
        (Leaf("min_bytes", 2000), Leaf("not_redirect", True), Leaf("min_words", 250))
    )


def test_several_keys_locate_errors_by_key() -> None:
    assert rule_error({"all": [{"min_bytes": 1, "min_words": "x"}]}) == (
        'all.0.min_words: expected a whole number, got "x"'
    )


def test_false_leaves_a_leaf_out() -> None:
    assert parse_rule({"min_bytes": 2000, "not_redirect": False}) == AllOf(
        (Leaf("min_bytes", 2000),)
    )
    assert parse_rule(["defaults", {"created_by_participant": False}]) == AllOf(
        (Leaf("defaults", True),)
    )
    assert parse_rule({"any": [{"min_bytes": False}, "expanded"]}) == AnyOf(
        (Leaf("expanded", True),)
    )
    assert parse_rule(["expanded", {"not": {"min_bytes": False}}]) == AllOf(
        (Leaf("expanded", True),)
    )


def test_nothing_left_is_an_error_where_it_happens() -> None:
    for data in ({"not": {"min_bytes": False}}, {"min_bytes": False}, [], {"any": []},
                 {"any": [{"min_bytes": False}]}):
        with pytest.raises(ExpressionError, match="no rule is left"):
            parse_rule(data)
    with pytest.raises(ExpressionError, match=r"^tiers\.0\.when: no rule is left"):
        parse_points({"tiers": [{"when": {"min_words": False}, "points": 5}]})


def test_not_and_nested_any_and_all() -> None:
    data = yaml.safe_load(
        """
        all:
          - not_redirect
          - any:
              - {min_bytes: 3000}
              - all: [expanded, {min_added_bytes: 2000}]
          - not: {in_category: Kategoria:Ujednoznacznienia}
        """
    )
    assert parse_rule(data) == AllOf(
        (
            Leaf("not_redirect", True),
            AnyOf(
                (
                    Leaf("min_bytes", 3000),
                    AllOf((Leaf("expanded", True), Leaf("min_added_bytes", 2000))),
                )
            ),
            Not(Leaf("in_category", ("Kategoria:Ujednoznacznienia",))),
        )
    )


def test_a_composition_with_every_part_switched_off_is_dropped() -> None:
    assert parse_rule(["expanded", {"any": [{"min_bytes": False}]}]) == AllOf(
        (Leaf("expanded", True),))


# --- points ----------------------------------------------------------------------------


def test_numbers_are_exact() -> None:
    assert parse_points(1) == Fixed(Decimal(1))
    assert parse_points(yaml.safe_load("p: 0.1")["p"]) == Fixed(Decimal("0.1"))
    assert parse_points("2.5") == Fixed(Decimal("2.5"))
    assert parse_points(Decimal("0.000001")) == Fixed(Decimal("0.000001"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (True, "expected a number of points"),
        ("many", 'expected a number, got "many"'),
        (float("nan"), "expected a number, got NaN"),
        ("0.1234567", 'points should have no more than 6 decimal places, got "0.1234567"'),
        (None, "expected points: a number, or one of tiers, steps, sum"),
        ({"tiers": [], "sum": []}, "expected points: a number, or one of tiers, steps, sum"),
        ({"bonus": 1}, 'unknown points "bonus"; known: tiers, steps, sum'),
        ({"tiers": []}, "tiers: expected a list of tiers"),
        ({"tiers": [{"min_bytes": 2000, "points": 1}]},
         "tiers.0: expected a tier: {when: rule, points: ...}"),
        ({"tiers": [{"when": "expanded"}]}, "tiers.0: expected a tier: {when: rule, points: ...}"),
        ({"tiers": [{"when": "expanded", "points": 2}, {"when": {"min_bytes": "x"}, "points": 1}]},
         'tiers.1.when.min_bytes: expected a whole number, got "x"'),
        ({"tiers": [{"points": "x"}]}, 'tiers.0.points: expected a number, got "x"'),
        ({"sum": 1}, "sum: expected a list of points"),
        ({"sum": [1, {"tiers": [{"when": "frob", "points": 1}]}]},
         'sum.1.tiers.0.when: unknown rule "frob"; known rules: ' + ", ".join(
             ("all", "any", "not", *LEAVES))),
    ],
)
def test_bad_points_are_rejected_with_a_located_message(data: object, message: str) -> None:
    assert points_error(data) == message


def test_tiers_with_and_without_a_condition() -> None:
    data = {"tiers": [{"when": {"min_bytes": 6000}, "points": 5},
                      {"when": {"min_bytes": 2000}, "points": 1},
                      {"points": 0.5}]}
    assert parse_points(data) == Tiers(
        (
            Tier(Leaf("min_bytes", 6000), Fixed(Decimal(5))),
            Tier(Leaf("min_bytes", 2000), Fixed(Decimal(1))),
            Tier(None, Fixed(Decimal("0.5"))),
        )
    )


def test_tiers_nest() -> None:
    data = {"tiers": [{"when": "expanded",
                       "points": {"tiers": [{"when": {"min_added_bytes": 4000}, "points": 2}]}}]}
    assert parse_points(data) == Tiers(
        (Tier(Leaf("expanded", True),
              Tiers((Tier(Leaf("min_added_bytes", 4000), Fixed(Decimal(2))),))),)
    )


def test_steps() -> None:
    data = {"steps": {"measure": "words", "start": 1001, "every": 500, "points": 5}}
    assert parse_points(data) == Steps("words", 1001, 500, Decimal(5))


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ({"measure": "words", "start": 1001, "every": 500},
         "steps: expected {measure: words, start: 1001, every: 500, points: 5}"),
        ({"measure": "words", "start": 1, "every": 5, "points": 1, "max": 3},
         "steps: expected {measure: words, start: 1001, every: 500, points: 5}"),
        ({"measure": "pages", "start": 1001, "every": 500, "points": 5},
         'steps.measure: expected one of bytes, words, chars, added_bytes, added_words, '
         'added_chars, references, got "pages"'),
        ({"measure": "words", "start": -1, "every": 500, "points": 5},
         "steps.start: expected a whole number of at least 0, got -1"),
        ({"measure": "words", "start": True, "every": 500, "points": 5},
         "steps.start: expected a whole number of at least 0, got true"),
        ({"measure": "words", "start": 1001, "every": 0, "points": 5},
         "steps.every: expected a whole number of at least 1, got 0"),
        ({"measure": "words", "start": 1001, "every": "500", "points": 5},
         'steps.every: expected a whole number of at least 1, got "500"'),
        ({"measure": "words", "start": 1001, "every": 500, "points": "five"},
         'steps.points: expected a number, got "five"'),
    ],
)
def test_steps_are_validated(steps: object, message: str) -> None:
    assert points_error({"steps": steps}) == message


def test_sum() -> None:
    data = {"sum": [{"tiers": [{"when": {"min_words": 201}, "points": 1}]},
                    {"steps": {"measure": "words", "start": 1001, "every": 500, "points": 5}},
                    0.2]}
    assert parse_points(data) == Sum(
        (
            Tiers((Tier(Leaf("min_words", 201), Fixed(Decimal(1))),)),
            Steps("words", 1001, 500, Decimal(5)),
            Fixed(Decimal("0.2")),
        )
    )


# --- walking the trees -----------------------------------------------------------------


def test_leaves_of_rules_and_points() -> None:
    rule = parse_rule({"all": ["not_redirect", {"any": [{"min_bytes": 1}, {"not": "expanded"}]}]})
    assert [leaf.rule for leaf in leaves(rule)] == ["not_redirect", "min_bytes", "expanded"]
    points = parse_points({"sum": [
        {"tiers": [{"when": {"on_topic_list": "cee"},
                    "points": {"tiers": [{"when": {"min_words": 500}, "points": 2}]}},
                   {"points": 1}]},
        {"steps": {"measure": "bytes", "start": 0, "every": 1000, "points": 1}},
    ]})
    assert [leaf.rule for leaf in leaves(points)] == ["on_topic_list", "min_words"]
    assert leaves(None) == []
    assert leaves(Fixed(Decimal(1))) == []


def test_measures_used_by_rules_tiers_and_steps() -> None:
    rule = parse_rule(["not_redirect", {"min_bytes": 2000}, {"not": {"min_references": 1}},
                       {"max_bytes_before": 8000}])
    points = parse_points({"sum": [
        {"tiers": [{"when": {"min_added_words": 100}, "points": 1}]},
        {"steps": {"measure": "chars", "start": 0, "every": 1000, "points": 1}},
    ]})
    assert measures_used([rule, points, None]) == {"bytes", "references", "added_words",
                                                   "chars"}
    assert measures_used([]) == set()


def test_with_defaults_replaces_each_defaults_leaf() -> None:
    defaults = parse_rule(["namespace", "not_redirect"])
    wiki = parse_rule(["defaults", {"min_bytes": 2000},
                       {"any": ["defaults", "expanded"]}, {"not": "defaults"}])
    assert with_defaults(wiki, defaults) == AllOf(
        (
            defaults,
            Leaf("min_bytes", 2000),
            AnyOf((defaults, Leaf("expanded", True))),
            Not(defaults),
        )
    )
    assert with_defaults(parse_rule("defaults"), defaults) == defaults
    assert with_defaults(parse_rule({"min_bytes": 1}), defaults) == Leaf("min_bytes", 1)
