"""Points of accepted entries, the caps, and the ranking (bot.scoring)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import yaml

from bot.config import Ranking, Scoring
from bot.model import (
    Contribution,
    Entry,
    Location,
    PageFacts,
    PointsPart,
    Result,
    Status,
    TopicItems,
)
from bot.rules.checks import Context, Subject, is_expanded
from bot.scoring import cap_per_participant, points_of, standings, total_of

START = datetime(2026, 3, 20, 23, 0, tzinfo=UTC)
END = datetime(2026, 5, 31, 22, 0, tzinfo=UTC)
CTX = Context(START, END, ZoneInfo("Europe/Warsaw"), now=datetime(2026, 4, 15, tzinfo=UTC),
              topic_lists={"cee": TopicItems(items=frozenset({"Q31487"}))})
ENTRY = Entry("pl", "Kraków", "Alice", Location("pl", "Zgłoszenia", 3, 10), "# [[Kraków]]")
NEW = PageFacts("Kraków", True, "Kraków", page_id=7, namespace=0, length=2500, creator="Alice",
                created_at=datetime(2026, 4, 1, 10, tzinfo=UTC), words=320,
                wikibase_item="Q31487")
OLD = replace(NEW, created_at=None, revision_before=50, size_before=4000)


def scoring(text: str) -> Scoring:
    """Points as organizers write them in the YAML definition."""
    return Scoring.model_validate(yaml.safe_load(text))


def score(rules: Scoring, page: PageFacts = NEW,
          work: Contribution | None = None) -> list[tuple[str, str, Decimal]]:
    parts = points_of(rules, Subject(ENTRY, page, work), CTX)
    return [(p.rule, p.detail, p.points) for p in parts]


def points(rules: Scoring, page: PageFacts = NEW) -> Decimal:
    return total_of(points_of(rules, Subject(ENTRY, page), CTX))


# --- new or expanded -------------------------------------------------------------------


def test_is_expanded() -> None:
    assert not is_expanded(NEW, CTX)
    assert is_expanded(OLD, CTX)
    assert is_expanded(replace(NEW, created_at=START - timedelta(seconds=1)), CTX)
    assert not is_expanded(replace(NEW, created_at=START), CTX)
    assert not is_expanded(replace(NEW, created_at=None), CTX)  # nothing known: new


def test_new_and_expanded_articles_have_their_own_formulas() -> None:
    rules = scoring("{new: 2, expanded: 0.5}")
    assert score(rules, NEW) == [("new", "", Decimal(2))]
    assert score(rules, OLD) == [("expanded", "", Decimal("0.5"))]


def test_without_an_expanded_formula_expansions_score_like_new_articles() -> None:
    rules = scoring("{new: 2}")
    assert score(rules, OLD) == [("expanded", "", Decimal(2))]
    assert score(Scoring(), NEW) == [("new", "", Decimal(1))]  # the default: 1 per article


def test_zero_points_for_expansions_is_kept() -> None:
    assert score(scoring("{new: 1, expanded: 0}"), OLD) == [("expanded", "", Decimal(0))]


# --- tiers and steps ---------------------------------------------------------------------

SIZE_TIERS = scoring("""
new:
  tiers:
    - {when: {min_bytes: 6000}, points: 5}
    - {when: {min_bytes: 2000}, points: 1}
""")


@pytest.mark.parametrize(
    ("length", "expected"),
    [(1999, 0), (2000, 1), (2001, 1), (5999, 1), (6000, 5), (6001, 5)],
)
def test_first_tier_that_holds(length: int, expected: int) -> None:
    assert points(SIZE_TIERS, replace(NEW, length=length)) == expected


def test_tiers_explain_themselves() -> None:
    assert score(SIZE_TIERS, replace(NEW, length=6000)) == [
        ("new", "min_bytes 6000: 6000", Decimal(5))]
    assert score(SIZE_TIERS, replace(NEW, length=2000)) == [
        ("new", "min_bytes 2000: 2000", Decimal(1))]
    assert score(SIZE_TIERS, replace(NEW, length=1999)) == [
        ("new", "no tier reached", Decimal(0))]


def test_a_last_tier_without_condition_is_the_otherwise() -> None:
    rules = scoring("""
    new:
      tiers:
        - {when: {min_bytes: 6000}, points: 5}
        - {points: 0.5}
    """)
    assert score(rules, replace(NEW, length=100)) == [("new", "", Decimal("0.5"))]


def test_nested_tiers_by_kind_and_added_bytes() -> None:
    rules = scoring("""
    expanded:
      tiers:
        - when: {min_added_bytes: 4000}
          points:
            tiers:
              - {when: {min_bytes: 10000}, points: 3}
              - {points: 2}
        - {points: 0}
    """)
    work = Contribution(edits=(), bytes_added=4500)
    assert score(rules, replace(OLD, length=12000), work) == [
        ("expanded", "min_added_bytes 4000: 4500; min_bytes 10000: 12000", Decimal(3))]
    assert score(rules, replace(OLD, length=8500), work) == [
        ("expanded", "min_added_bytes 4000: 4500", Decimal(2))]
    assert score(rules, OLD, None) == [("expanded", "", Decimal(0))]


# Slovenian style: more than 200 words 1 point, more than 500 words 5, and 5 more for
# every further 500 words.
WORDS = scoring("""
new:
  sum:
    - tiers:
        - {when: {min_words: 501}, points: 5}
        - {when: {min_words: 201}, points: 1}
    - steps: {measure: words, start: 1001, every: 500, points: 5}
""")


@pytest.mark.parametrize(
    ("words", "expected"),
    [(200, 0), (201, 1), (500, 1), (501, 5), (1000, 5), (1001, 10), (1500, 10), (1501, 15),
     (2001, 20)],
)
def test_tiers_plus_steps(words: int, expected: int) -> None:
    assert points(WORDS, replace(NEW, words=words)) == expected


def test_steps_explain_themselves() -> None:
    assert score(WORDS, replace(NEW, words=1501)) == [
        ("new", "min_words 501: 1501", Decimal(5)),
        ("new", "words 1501: 2 × 5", Decimal(10)),
    ]


def test_an_unknown_measure_scores_nothing_and_says_so() -> None:
    assert score(WORDS, replace(NEW, words=None)) == [
        ("new", "min_words 501: unknown; min_words 201: unknown", Decimal(0)),
        ("new", "words unknown", Decimal(0)),
    ]


# --- bonuses and the cap per article ---------------------------------------------------------

BONUS = scoring("""
new: 5
bonuses:
  - name: topic list
    when: {on_topic_list: cee}
    points: 2
  - name: long
    when: {min_bytes: 10000}
    points: 3
""")


def test_bonuses_that_apply_are_added_with_their_evidence() -> None:
    assert score(BONUS) == [
        ("new", "", Decimal(5)),
        ("bonus: topic list", "on_topic_list cee: Q31487", Decimal(2)),
    ]
    assert points(BONUS, replace(NEW, wikibase_item="Q1")) == 5


def test_bonus_tiers_carry_the_bonus_evidence_first() -> None:
    rules = scoring("""
    new: 1
    bonuses:
      - name: topic list
        when: {on_topic_list: cee}
        points:
          tiers:
            - {when: {min_words: 300}, points: 2}
            - {points: 1}
    """)
    assert score(rules) == [
        ("new", "", Decimal(1)),
        ("bonus: topic list", "on_topic_list cee: Q31487; min_words 300: 320", Decimal(2)),
    ]


def test_max_per_article_is_a_negative_cap_part() -> None:
    capped = BONUS.model_copy(update={"max_per_article": Decimal(6)})
    assert score(capped)[-1] == ("cap", "at most 6 per article", Decimal(-1))
    assert points(capped) == 6
    at_cap = BONUS.model_copy(update={"max_per_article": Decimal(7)})
    assert [p[0] for p in score(at_cap)] == ["new", "bonus: topic list"]  # no cap part
    assert points(at_cap) == 7


def test_points_are_exact_decimals() -> None:
    rules = scoring("""
    new: 0.1
    bonuses:
      - {name: topic list, when: {on_topic_list: cee}, points: 0.2}
    """)
    total = points(rules)
    assert total == Decimal("0.3")
    assert str(total) == "0.3"
    assert str(sum((points(rules) for _ in range(3)), Decimal(0))) == "0.9"


# --- the cap per participant -----------------------------------------------------------------

T0 = datetime(2026, 4, 1, tzinfo=UTC)


def result(who: str, title: str, pts: str, hour: int | None, *,
           status: Status = Status.ACCEPTED, line: int = 1) -> Result:
    claimed = None if hour is None else T0 + timedelta(hours=hour)
    entry = Entry("pl", title, who, Location("pl", "Zgłoszenia", line, 10), f"# [[{title}]]",
                  claimed_at=claimed)
    score = (PointsPart("new", "", Decimal(pts)),)
    return Result(entry, NEW, (), status, Decimal(pts), score=score)


def test_cap_per_participant_in_claim_order() -> None:
    results = [
        result("Alice", "D", "4", 4),
        result("Alice", "B", "4", 2),
        result("Bob", "E", "9", 0),
        result("Alice", "A", "4", 1),
        result("Alice", "X", "7", 0, status=Status.REJECTED),
        result("Alice", "C", "4", 3),
    ]
    capped = cap_per_participant(results, Decimal(10))
    assert [(r.entry.title, r.points) for r in capped] == [  # the given order is kept
        ("D", Decimal(0)),  # after the cap
        ("B", Decimal(4)),
        ("E", Decimal(9)),  # another participant
        ("A", Decimal(4)),
        ("X", Decimal(7)),  # rejected: not counted, not touched
        ("C", Decimal(2)),  # crosses the cap: partly reduced
    ]
    by_title = {r.entry.title: r for r in capped}
    assert by_title["C"].score == (
        PointsPart("new", "", Decimal(4)),
        PointsPart("participant cap", "at most 10 per participant", Decimal(-2)),
    )
    assert by_title["D"].score[-1] == PointsPart("participant cap",
                                                  "at most 10 per participant", Decimal(-4))
    assert by_title["A"] is results[3]  # untouched results are the same objects


def test_cap_per_participant_unknown_claim_times_come_last_then_by_line() -> None:
    results = [result("Alice", "Late", "6", None, line=1), result("Alice", "Timed", "6", 5),
               result("Alice", "Later", "6", None, line=2)]
    capped = cap_per_participant(results, Decimal("7.5"))
    assert [(r.entry.title, r.points) for r in capped] == [
        ("Late", Decimal("1.5")), ("Timed", Decimal(6)), ("Later", Decimal(0))]


def test_no_cap_per_participant() -> None:
    results = [result("Alice", "A", "40", 1), result("Alice", "B", "40", 2)]
    assert cap_per_participant(results, None) == results


# --- standings ---------------------------------------------------------------------------------


def results_of(table: dict[str, list[str]], rejected: dict[str, int] | None = None) -> list[
        Result]:
    """Accepted results with these points per participant, plus rejected ones."""
    found = [result(who, f"{who}{i}", pts, i) for who, all_points in table.items()
             for i, pts in enumerate(all_points)]
    for who, count in (rejected or {}).items():
        found += [result(who, f"{who}-r{i}", "0", i, status=Status.REJECTED)
                  for i in range(count)]
    return found


def ranks(results: list[Result], ranking: Ranking | None = None) -> list[
        tuple[int | None, str, int, int, Decimal]]:
    return [(s.rank, s.participant, s.entries, s.accepted, s.points)
            for s in standings(results, ranking)]


def test_standings_with_ties() -> None:
    results = results_of({"Ann": ["2", "2"], "cy": ["1", "1", "1"], "Bo": ["1", "1", "1"],
                          "Di": ["3"]}, rejected={"Ed": 1, "Di": 2})
    random.Random(3).shuffle(results)
    assert ranks(results) == [
        (1, "Ann", 2, 2, Decimal(4)),
        (2, "Bo", 3, 3, Decimal(3)),  # same points and articles: same rank,
        (2, "cy", 3, 3, Decimal(3)),  # in name order whatever the case
        (4, "Di", 3, 1, Decimal(3)),  # same points, fewer articles: below
        (None, "Ed", 1, 0, Decimal(0)),
    ]


def test_only_those_over_the_thresholds_are_ranked() -> None:
    results = results_of({"Ann": ["20", "5"], "Bo": ["30"], "Cy": ["24.9", "0.1"],
                          "Di": ["24.999999"], "Ed": ["10"]}, rejected={"Fe": 2})
    assert ranks(results, Ranking(min_points=Decimal(25))) == [
        (1, "Bo", 1, 1, Decimal(30)),
        (2, "Ann", 2, 2, Decimal(25)),
        (2, "Cy", 2, 2, Decimal(25)),  # exactly on the threshold
        (None, "Di", 1, 1, Decimal("24.999999")),  # listed after, in the same order
        (None, "Ed", 1, 1, Decimal(10)),
        (None, "Fe", 2, 0, Decimal(0)),
    ]
    assert [s.eligible for s in standings(results, Ranking(min_points=Decimal(25)))] == [
        True, True, True, False, False, False]


def test_threshold_on_accepted_articles() -> None:
    results = results_of({"Ann": ["9"], "Bo": ["1", "1"], "Cy": ["1", "1", "1"]})
    assert ranks(results, Ranking(min_accepted=2)) == [
        (1, "Cy", 3, 3, Decimal(3)),
        (2, "Bo", 2, 2, Decimal(2)),
        (None, "Ann", 1, 1, Decimal(9)),
    ]
    assert ranks(results, Ranking()) == ranks(results)  # the default ranks everyone
    assert [r[0] for r in ranks(results)] == [1, 2, 3]


def test_ties_under_the_thresholds_have_no_rank() -> None:
    results = results_of({"Ann": ["5"], "Bo": ["1"], "Cy": ["1"]})
    assert [r[:2] for r in ranks(results, Ranking(min_points=Decimal(2)))] == [
        (1, "Ann"), (None, "Bo"), (None, "Cy")]


def test_participants_are_linked_on_the_wiki_of_most_of_their_entries() -> None:
    def on(wiki: str, title: str) -> Result:
        base = result("Ann", title, "1", 1)
        return replace(base, entry=replace(base.entry, wiki=wiki))

    (standing,) = standings([on("uk", "A"), on("pl", "B"), on("uk", "C")])
    assert standing.wiki == "uk"
    (tied,) = standings([on("uk", "A"), on("pl", "B")])
    assert tied.wiki == "pl"  # a tie: the first in name order
