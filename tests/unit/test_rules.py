"""Leaf rules (bot.rules.checks) and the evaluation of rule trees (bot.rules.engine)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.model import (
    Check,
    Contribution,
    DeclaredValue,
    Edit,
    Entry,
    Location,
    PageFacts,
    TopicItems,
    UserFacts,
    decisive_failures,
)
from bot.rules.checks import LEAF_RULES, Context, Subject
from bot.rules.engine import evaluate, holds, passed
from bot.rules.schema import LEAVES, Leaf, parse_rule

# The contest runs 21 March - 31 May 2026 in Warsaw (UTC+1, then UTC+2 from 29 March).
START = datetime(2026, 3, 20, 23, 0, tzinfo=UTC)
END = datetime(2026, 5, 31, 22, 0, tzinfo=UTC)
WINDOW = "2026-03-20T23:00:00Z/2026-05-31T22:00:00Z"
CTX = Context(
    window_start=START,
    window_end=END,
    zone=ZoneInfo("Europe/Warsaw"),
    now=datetime(2026, 4, 15, 12, 0, tzinfo=UTC),
    topic_lists={
        "cee": TopicItems(items=frozenset({"Q31487"}), titles=frozenset({"Lwów"})),
        "women": TopicItems(items=frozenset({"Q7186"})),
    },
    home_countries=frozenset({"PL"}),
    excluded=frozenset({"Jury member"}),
)
ENTRY = Entry("pl", "Kraków", "Alice", Location("pl", "Zgłoszenia", 3, 10), "# [[Kraków]]")
ARTICLE = PageFacts(
    declared_title="Kraków",
    exists=True,
    title="Kraków",
    page_id=7,
    namespace=0,
    length=2500,
    latest_revision=99,
    creator="Alice",
    created_at=datetime(2026, 4, 1, 10, tzinfo=UTC),
    words=320,
    chars=1900,
    references=3,
    wikibase_item="Q31487",
)
# An article that existed before the contest, and was expanded.
OLD = replace(ARTICLE, created_at=None, revision_before=50, size_before=4000, creator="Bob")
ALICE = UserFacts("Alice", exists=True, registered=datetime(2026, 3, 5, 9, tzinfo=UTC),
                  edit_count=40, edits_before_start=12)


def edit(size_diff: int) -> Edit:
    return Edit(revision=100, parent=99, timestamp=START + timedelta(days=3), size_diff=size_diff)


def run(
    rule: object,
    page: PageFacts = ARTICLE,
    *,
    entry: Entry = ENTRY,
    work: Contribution | None = None,
    user: UserFacts | None = ALICE,
    ctx: Context = CTX,
) -> tuple[str, str, bool]:
    """One leaf's check as (expected, actual, passed)."""
    leaf = parse_rule(rule)
    assert isinstance(leaf, Leaf)
    check = LEAF_RULES[leaf.rule](leaf.value, Subject(entry, page, work, user), ctx)
    assert check.rule == leaf.rule
    return check.expected, check.actual, check.passed


def with_values(*values: tuple[str, str, str | None]) -> Entry:
    return replace(ENTRY, values=tuple(DeclaredValue(*v) for v in values))


def test_every_leaf_has_a_check() -> None:
    assert set(LEAF_RULES) == set(LEAVES) - {"defaults"}  # defaults is replaced, never run


# --- the page ------------------------------------------------------------------------


def test_namespace() -> None:
    assert run("namespace") == ("0", "0", True)
    assert run("namespace", replace(ARTICLE, namespace=2)) == ("0", "2", False)
    assert run({"namespace": [0, 104]}, replace(ARTICLE, namespace=104)) == ("0,104", "104", True)
    assert run("namespace", replace(ARTICLE, namespace=None)) == ("0", "unknown", False)


def test_not_redirect() -> None:
    assert run("not_redirect") == ("not a redirect", "not a redirect", True)
    redirect = replace(ARTICLE, redirect_target="Kraków (miasto)")
    assert run("not_redirect", redirect) == ("not a redirect", "Kraków (miasto)", False)
    moved = replace(ARTICLE, title="Kraków (miasto)", redirect_target="Kraków (miasto)",
                    moved=True)
    assert run("not_redirect", moved) == ("not a redirect", "not a redirect", True)


def test_not_disambiguation() -> None:
    assert run("not_disambiguation")[2]
    assert run("not_disambiguation", replace(ARTICLE, is_disambiguation=True)) == (
        "not a disambiguation page", "disambiguation page", False)


def test_min_references() -> None:
    assert run({"min_references": 3}) == ("3", "3", True)
    assert run({"min_references": 4}) == ("4", "3", False)
    assert run({"min_references": 1}, replace(ARTICLE, references=None)) == (
        "1", "unknown", False)


def test_in_category_and_without_templates() -> None:
    page = replace(ARTICLE, categories=frozenset({"Kategoria:Miasta"}),
                   templates=frozenset({"Szablon:Dopracować"}))
    assert run({"in_category": ["Kategoria:Wsie", "Kategoria:Miasta"]}, page) == (
        "Kategoria:Miasta, Kategoria:Wsie", "Kategoria:Miasta", True)
    assert run({"in_category": "Kategoria:Wsie"}, ARTICLE) == ("Kategoria:Wsie", "none", False)
    assert run({"without_templates": "Szablon:Dopracować"}, ARTICLE) == (
        "Szablon:Dopracować", "none", True)
    assert run({"without_templates": ["Szablon:Dopracować", "Szablon:Źródła"]}, page) == (
        "Szablon:Dopracować, Szablon:Źródła", "Szablon:Dopracować", False)


# --- new or expanded, and by whom ----------------------------------------------------


@pytest.mark.parametrize(
    ("page", "actual", "ok"),
    [
        (ARTICLE, "2026-04-01T10:00:00Z", True),
        (replace(ARTICLE, created_at=START), "2026-03-20T23:00:00Z", True),  # start: inclusive
        (replace(ARTICLE, created_at=START - timedelta(seconds=1)), "2026-03-20T22:59:59Z",
         False),
        (replace(ARTICLE, created_at=END), "2026-05-31T22:00:00Z", False),  # end: exclusive
        (OLD, "before 2026-03-20T23:00:00Z", False),
        (replace(ARTICLE, created_at=None), "unknown", False),
    ],
)
def test_created_in_window(page: PageFacts, actual: str, ok: bool) -> None:
    assert run("created_in_window", page) == (WINDOW, actual, ok)


@pytest.mark.parametrize(
    ("page", "actual", "ok"),
    [
        (OLD, "before 2026-03-20T23:00:00Z", True),
        (replace(ARTICLE, created_at=datetime(2020, 1, 1, tzinfo=UTC)), "2020-01-01T00:00:00Z",
         True),
        (ARTICLE, "2026-04-01T10:00:00Z", False),  # new, not an expansion
        (replace(ARTICLE, created_at=None), "unknown", False),
    ],
)
def test_expanded(page: PageFacts, actual: str, ok: bool) -> None:
    assert run("expanded", page) == ("created before 2026-03-20T23:00:00Z", actual, ok)


def test_created_by_participant() -> None:
    assert run("created_by_participant") == ("Alice", "Alice", True)
    assert run("created_by_participant", OLD) == ("Alice", "Bob", False)
    assert run("created_by_participant", replace(ARTICLE, creator=None)) == (
        "Alice", "unknown", False)


@pytest.mark.parametrize(
    ("page", "actual", "ok"),
    [
        (replace(OLD, size_before=7999), "7999", True),
        (replace(OLD, size_before=8000), "8000", True),
        (replace(OLD, size_before=8001), "8001", False),
        (ARTICLE, "0", True),  # created inside the window: nothing before it
        (replace(OLD, size_before=None), "unknown", False),
    ],
)
def test_max_bytes_before(page: PageFacts, actual: str, ok: bool) -> None:
    assert run({"max_bytes_before": 8000}, page) == ("8000", actual, ok)


# --- size ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "facts", "actual", "ok"),
    [
        ({"min_bytes": 2500}, {}, "2500", True),
        ({"min_bytes": 2501}, {}, "2500", False),
        ({"min_bytes": 1}, {"length": None}, "unknown", False),
        ({"min_words": 320}, {}, "320", True),
        ({"min_words": 321}, {}, "320", False),
        ({"min_words": 1}, {"words": None}, "unknown", False),
        ({"min_chars": 1900}, {}, "1900", True),
        ({"min_chars": 1901}, {}, "1900", False),
        ({"min_chars": 0}, {"chars": None}, "unknown", False),  # unknown fails even 0
    ],
)
def test_article_sizes(rule: dict[str, int], facts: dict[str, object], actual: str,
                       ok: bool) -> None:
    expected = str(next(iter(rule.values())))
    assert run(rule, replace(ARTICLE, **facts)) == (expected, actual, ok)


def test_added_sizes_come_from_the_participants_own_edits() -> None:
    work = Contribution(edits=(edit(1200), edit(900)), bytes_added=2100, words_added=310,
                        chars_added=None)
    assert run({"min_added_bytes": 2100}, OLD, work=work) == ("2100", "2100", True)
    assert run({"min_added_bytes": 2101}, OLD, work=work) == ("2101", "2100", False)
    assert run({"min_added_words": 300}, OLD, work=work) == ("300", "310", True)
    # The content was not read: unknown, which fails.
    assert run({"min_added_chars": 1}, OLD, work=work) == ("1", "unknown", False)


def test_no_edit_in_the_window_added_nothing() -> None:
    for rule in ("min_added_bytes", "min_added_words", "min_added_chars"):
        assert run({rule: 1}, OLD, work=None) == ("1", "0", False)
        assert run({rule: 0}, OLD, work=None) == ("0", "0", True)


# --- topic -----------------------------------------------------------------------------


def test_on_topic_list_by_item_or_by_title() -> None:
    assert run({"on_topic_list": "cee"}) == ("cee", "Q31487", True)
    lwow = replace(ARTICLE, title="Lwów", wikibase_item=None)
    assert run({"on_topic_list": "cee"}, lwow) == ("cee", "Lwów", True)
    assert run({"on_topic_list": "women"}) == ("women", "Q31487", False)
    assert run({"on_topic_list": ["women", "cee"]}) == ("cee, women", "Q31487", True)
    elsewhere = replace(ARTICLE, title="Gdańsk", wikibase_item=None)
    assert run({"on_topic_list": "cee"}, elsewhere) == ("cee", "Gdańsk", False)


def test_declared_country_any_recognised() -> None:
    both = with_values(("country", "Polska", "PL"), ("country", "Polnd", None))
    assert run("declared_country", entry=both) == ("a recognised country", 'PL, "Polnd"', True)
    typo = with_values(("country", "Polnd", None))
    assert run("declared_country", entry=typo) == ("a recognised country", '"Polnd"', False)
    assert run("declared_country", entry=ENTRY) == ("a recognised country", "none", False)


def test_declared_country_from_a_list() -> None:
    ukraine = with_values(("country", "Ukraina", "UA"))
    assert run({"declared_country": ["UA", "BY"]}, entry=ukraine) == ("BY, UA", "UA", True)
    assert run({"declared_country": ["BY"]}, entry=ukraine) == ("BY", "UA", False)


def test_declared_topic() -> None:
    topic = with_values(("topic", "kobiety", "women"), ("country", "Polska", "PL"))
    assert run("declared_topic", entry=topic) == ("a recognised topic", "women", True)
    assert run({"declared_topic": ["sport"]}, entry=topic) == ("sport", "women", False)


def test_not_home_country() -> None:
    assert run("not_home_country", entry=with_values(("country", "Ukraina", "UA"))) == (
        "PL", "UA", True)
    assert run("not_home_country", entry=with_values(("country", "Polska", "PL"),
                                                      ("country", "Ukraina", "UA"))) == (
        "PL", "PL, UA", False)
    # Nothing declared: nothing to compare (declared_country can demand a country).
    assert run("not_home_country") == ("PL", "none", True)


# --- the participant and the declaration ---------------------------------------------


@pytest.mark.parametrize(
    ("user", "actual", "ok"),
    [
        # 1 March 2026 in Warsaw (UTC+1) begins at 2026-02-28T23:00Z.
        (replace(ALICE, registered=datetime(2026, 2, 28, 23, 0, tzinfo=UTC)),
         "2026-02-28T23:00:00Z", True),
        (replace(ALICE, registered=datetime(2026, 2, 28, 22, 59, 59, tzinfo=UTC)),
         "2026-02-28T22:59:59Z", False),
        (replace(ALICE, registered=None), "before 2006", False),
        (UserFacts("Alice", exists=False), "unknown", False),
        (None, "unknown", False),
    ],
)
def test_registered_after_a_date_in_the_wikis_time_zone(
    user: UserFacts | None, actual: str, ok: bool
) -> None:
    assert run({"registered_after": "2026-03-01"}, user=user) == (
        "2026-02-28T23:00:00Z", actual, ok)


def test_registered_after_a_moment_with_its_own_offset() -> None:
    rule = {"registered_after": "2026-03-05T10:00:00+01:00"}
    assert run(rule) == ("2026-03-05T09:00:00Z", "2026-03-05T09:00:00Z", True)


@pytest.mark.parametrize(
    ("user", "actual", "ok"),
    [
        (replace(ALICE, edits_before_start=9), "9", True),
        (replace(ALICE, edits_before_start=10), "10", False),
        (replace(ALICE, edits_before_start=0), "0", True),
        (replace(ALICE, edits_before_start=None), "unknown", False),
        (None, "unknown", False),
    ],
)
def test_fewer_edits_before_start(user: UserFacts | None, actual: str, ok: bool) -> None:
    assert run({"fewer_edits_before_start": 10}, user=user) == ("10", actual, ok)


def test_not_excluded() -> None:
    assert run("not_excluded") == ("not an excluded account", "not excluded", True)
    jury = replace(ENTRY, participant="Jury member")
    assert run("not_excluded", entry=jury) == (
        "not an excluded account", "excluded account", False)


DEADLINE = END + timedelta(days=7)


@pytest.mark.parametrize(
    ("now", "claimed_at", "actual", "ok"),
    [
        # Before the deadline every declaration is in time, even when its time is not known.
        (DEADLINE - timedelta(seconds=1), None, "before the deadline", True),
        # After it the time is read; if it could not be, the rule fails.
        (DEADLINE, None, "unknown", False),
        (DEADLINE + timedelta(days=1), DEADLINE - timedelta(seconds=1), "2026-06-07T21:59:59Z",
         True),
        (DEADLINE + timedelta(days=1), DEADLINE, "2026-06-07T22:00:00Z", False),  # exclusive
        (DEADLINE + timedelta(days=1), START, "2026-03-20T23:00:00Z", True),
    ],
)
def test_declared_within_days(now: datetime, claimed_at: datetime | None, actual: str,
                              ok: bool) -> None:
    entry = replace(ENTRY, claimed_at=claimed_at)
    assert run({"declared_within_days": 7}, entry=entry, ctx=replace(CTX, now=now)) == (
        "2026-06-07T22:00:00Z", actual, ok)


# --- evaluating trees ---------------------------------------------------------------------


def evaluated(rule: object, page: PageFacts = ARTICLE, **subject: object) -> tuple[Check, ...]:
    return evaluate(parse_rule(rule), Subject(ENTRY, page, **subject), CTX)


def summary(checks: tuple[Check, ...]) -> list[tuple[str, str, bool]]:
    return [(c.path, c.rule, c.passed) for c in checks]


TREE = {"all": [
    "not_redirect",
    {"any": [{"min_bytes": 3000}, {"not": {"min_words": 300}}]},
]}


def test_every_node_is_checked_with_its_path_parents_first() -> None:
    checks = evaluated(TREE)
    assert summary(checks) == [
        ("", "exists", True),
        ("", "all", False),
        ("0", "not_redirect", True),
        ("1", "any", False),
        ("1.0", "min_bytes", False),
        ("1.1", "not", False),
        ("1.1.0", "min_words", True),
    ]
    assert [(c.expected, c.actual) for c in checks if c.rule in ("all", "any", "not")] == [
        ("all of 2", "1 of 2 passed"),
        ("at least one of 2", "0 of 2 passed"),
        ("not min_words: 300", "320"),
    ]
    assert not passed(checks)


def test_nothing_short_circuits() -> None:
    # The first part of the "any" decides, the failed "all" too: every leaf is still shown.
    checks = evaluated({"all": [{"min_bytes": 9000},
                                {"any": [{"min_bytes": 1000}, {"min_words": 5000},
                                         {"min_references": 9}]}]})
    assert summary(checks) == [
        ("", "exists", True),
        ("", "all", False),
        ("0", "min_bytes", False),
        ("1", "any", True),
        ("1.0", "min_bytes", True),
        ("1.1", "min_words", False),
        ("1.2", "min_references", False),
    ]


def test_a_single_leaf_is_the_root() -> None:
    checks = evaluated({"min_bytes": 2000})
    assert summary(checks) == [("", "exists", True), ("", "min_bytes", True)]
    assert passed(checks)


def test_passed_needs_every_root_check() -> None:
    assert not passed(())  # no checks is never acceptance
    assert not passed((Check("exists", "", "", True), Check("not_duplicate", "", "", False)))
    assert passed((Check("all", "", "", True), Check("min_bytes", "", "", False, "0")))


def reasons(checks: tuple[Check, ...]) -> list[tuple[str, str]]:
    return [(c.path, c.rule) for c in decisive_failures(checks)]


def test_decisive_failures_are_failed_leaves_on_failed_paths() -> None:
    checks = evaluated({"all": [
        {"min_bytes": 9000},  # fails: a reason
        {"any": [{"min_words": 100}, {"min_references": 9}]},  # passes: min_references no reason
        {"any": [{"min_chars": 9000}, "expanded"]},  # fails: both parts are reasons
    ]})
    assert reasons(checks) == [("0", "min_bytes"), ("2.0", "min_chars"), ("2.1", "expanded")]


def test_a_failed_not_is_its_own_reason() -> None:
    checks = evaluated(["not_redirect", {"not": {"all": [{"min_bytes": 100},
                                                          {"min_words": 100}]}}])
    assert reasons(checks) == [("1", "not")]
    (reason,) = decisive_failures(checks)
    assert (reason.expected, reason.actual) == ("not all: all of 2", "2 of 2 passed")


def test_a_failed_leaf_as_the_root_and_a_failed_gate_are_reasons() -> None:
    assert reasons(evaluated({"min_bytes": 9000})) == [("", "min_bytes")]
    assert reasons(evaluated({"min_bytes": 1})) == []
    gate = (Check("exists", "", "", True), Check("not_duplicate", "", "", False),
            Check("all", "", "", True), Check("min_bytes", "", "", True, "0"))
    assert reasons(gate) == [("", "not_duplicate")]


def test_an_any_that_fails_is_explained_by_all_its_parts() -> None:
    assert reasons(evaluated({"any": [{"min_bytes": 9000}, {"min_words": 900}]})) == [
        ("0", "min_bytes"), ("1", "min_words")]


# --- pages that are not articles ------------------------------------------------------


def test_missing_page_is_only_checked_for_existence() -> None:
    missing = PageFacts("Kraków", exists=False, title="Kraków")
    checks = evaluated(TREE, missing)
    assert checks == (Check("exists", "page exists", "no such page", False),)
    assert decisive_failures(checks) == checks


def test_deleted_page_says_when() -> None:
    deleted = PageFacts("Kraków", exists=False, title="Kraków",
                        deleted_at=datetime(2026, 4, 20, 8, 30, tzinfo=UTC))
    assert evaluated(TREE, deleted) == (
        Check("not_deleted", "not deleted", "2026-04-20T08:30:00Z", False),
    )


def test_plain_redirect_stops_at_not_redirect() -> None:
    redirect = replace(ARTICLE, redirect_target="Kraków (miasto)")
    checks = evaluated(TREE, redirect)
    assert checks == (
        Check("exists", "page exists", "page exists", True),
        Check("not_redirect", "not a redirect", "Kraków (miasto)", False),
    )
    assert reasons(checks) == [("", "not_redirect")]


def test_redirect_is_measured_when_the_rules_allow_redirects() -> None:
    redirect = replace(ARTICLE, redirect_target="Kraków (miasto)")
    assert summary(evaluated({"min_bytes": 1}, redirect)) == [
        ("", "exists", True), ("", "min_bytes", True)]
    # Under "any" a redirect is not forbidden: the tree decides.
    checks = evaluated({"any": ["not_redirect", {"min_bytes": 1}]}, redirect)
    assert summary(checks) == [("", "exists", True), ("", "any", True),
                               ("0", "not_redirect", False), ("1", "min_bytes", True)]
    assert passed(checks)


def test_moved_redirect_is_judged_as_the_article() -> None:
    moved = replace(ARTICLE, title="Kraków (miasto)", redirect_target="Kraków (miasto)",
                    moved=True)
    checks = evaluated(["not_redirect", {"min_bytes": 2000}], moved)
    assert summary(checks) == [("", "exists", True), ("", "all", True),
                               ("0", "not_redirect", True), ("1", "min_bytes", True)]


def test_holds_gives_the_leaves_only() -> None:
    subject = Subject(ENTRY, ARTICLE)
    ok, checks = holds(parse_rule({"any": [{"min_bytes": 9000}, {"min_words": 300}]}),
                       subject, CTX)
    assert ok
    assert [(c.path, c.rule, c.passed) for c in checks] == [
        ("0", "min_bytes", False), ("1", "min_words", True)]
