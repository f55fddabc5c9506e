"""How jurors' marks combine, per mode, and which entries they are about."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from bot.config import Jury, JuryPoints
from bot.model import (
    Entry,
    JuryDecision,
    JuryMark,
    JuryOutcome,
    Location,
    MarkKind,
    PageFacts,
    PointsPart,
    Status,
)
from bot.rules.jury import jury_points, match_marks, outcome, status_with

ACCEPT, REJECT, POINTS, COMMENT = (MarkKind.ACCEPT, MarkKind.REJECT, MarkKind.POINTS,
                                   MarkKind.COMMENT)
AVERAGE = Jury(points=JuryPoints(min=Decimal(0), max=Decimal(10)))
CONSENSUS = Jury(mode="consensus")
TWO_MARKS = Jury(mode="min_marks", min_marks=2)


def mark(juror: str, kind: MarkKind, day: int, points: str | None = None, *,
         title: str = "Kraków", participant: str | None = None, line: int = 1,
         reason: str = "") -> JuryMark:
    return JuryMark("pl", title, participant, juror, kind, Location("pl", "Jury", line, day),
                    datetime(2026, 4, day, tzinfo=UTC), reason,
                    None if points is None else Decimal(points))


def decided(marks: list[JuryMark], jury: Jury = AVERAGE) -> tuple[JuryDecision, Decimal | None]:
    found = outcome(marks, jury)
    assert found is not None
    return found.decision, found.points


def test_no_marks_no_outcome() -> None:
    assert outcome([], AVERAGE) is None


def test_a_juror_who_changes_their_mind_counts_once() -> None:
    marks = [mark("Ala", REJECT, 2, reason="stub"), mark("Ala", ACCEPT, 5)]
    found = outcome(marks, AVERAGE)
    assert found == JuryOutcome(JuryDecision.ACCEPTED, (marks[1],))
    # Their later rejection wins again, whatever order the marks come in.
    marks.append(mark("Ala", REJECT, 7, reason="copied"))
    assert outcome(list(reversed(marks)), AVERAGE) == JuryOutcome(JuryDecision.REJECTED,
                                                                  (marks[2],))


def test_same_time_the_later_revision_then_line_counts() -> None:
    first = mark("Ala", ACCEPT, 3, line=4)
    later_line = mark("Ala", REJECT, 3, line=9, reason="stub")
    assert decided([later_line, first]) == (JuryDecision.REJECTED, None)


def test_two_jurors_agree_or_tie() -> None:
    assert decided([mark("Ala", ACCEPT, 1), mark("Bob", ACCEPT, 2)]) == (
        JuryDecision.ACCEPTED, None)
    assert decided([mark("Ala", ACCEPT, 1), mark("Bob", REJECT, 2)]) == (
        JuryDecision.NO_CONSENSUS, None)
    assert decided([mark("Ala", ACCEPT, 1), mark("Bob", REJECT, 2),
                    mark("Cyd", REJECT, 3)]) == (JuryDecision.REJECTED, None)


def test_comments_are_kept_after_the_verdicts_and_never_decide() -> None:
    note, verdict, later_note = (mark("Bob", COMMENT, 1, reason="sources?"),
                                 mark("Ala", ACCEPT, 2), mark("Ala", COMMENT, 3, reason="ok"))
    found = outcome([later_note, verdict, note], AVERAGE)
    assert found == JuryOutcome(JuryDecision.ACCEPTED, (verdict, note, later_note))
    assert found.verdicts == (verdict,)
    # Comments alone decide nothing: the automatic verdict stands, the comments are shown.
    assert outcome([note], AVERAGE) == JuryOutcome(JuryDecision.PENDING, (note,))


def test_min_marks_waits_for_enough_jurors() -> None:
    one = [mark("Ala", REJECT, 1, reason="stub"), mark("Ala", REJECT, 2, reason="stub")]
    assert decided(one, TWO_MARKS) == (JuryDecision.PENDING, None)
    assert decided([*one, mark("Bob", REJECT, 3, reason="stub")], TWO_MARKS) == (
        JuryDecision.REJECTED, None)
    assert decided([*one, mark("Bob", ACCEPT, 3)], TWO_MARKS) == (
        JuryDecision.NO_CONSENSUS, None)


@pytest.mark.parametrize(("given", "mean"), [
    (["4", "5"], "4.50"),
    (["1", "1", "2"], "1.33"),
    (["2", "2", "1"], "1.67"),
    (["4", "4.01"], "4.01"),  # 4.005: half up
    (["0.125", "0.125"], "0.13"),
    (["-1", "-2"], "-1.50"),
    (["-0.005"], "-0.01"),  # half away from zero
])
def test_points_are_averaged_to_the_hundredth_half_up(given: list[str], mean: str) -> None:
    marks = [mark(f"Juror {i}", POINTS, i + 1, points) for i, points in enumerate(given)]
    points = decided(marks)[1]
    assert points == Decimal(mean) and str(points) == mean


def test_points_count_as_acceptances_and_only_points_are_averaged() -> None:
    marks = [mark("Ala", POINTS, 1, "4"), mark("Bob", ACCEPT, 2),
             mark("Cyd", REJECT, 3, reason="stub")]
    assert decided(marks) == (JuryDecision.ACCEPTED, Decimal("4.00"))
    assert decided([mark("Ala", POINTS, 1, "4"), mark("Cyd", REJECT, 3)]) == (
        JuryDecision.NO_CONSENSUS, None)
    found = outcome(marks, AVERAGE)
    assert jury_points(found) == PointsPart("jury", "average of 1 mark: 4", Decimal("4.00"))
    both = outcome([mark("Ala", POINTS, 1, "4"), mark("Bob", POINTS, 2, "5")], AVERAGE)
    assert jury_points(both) == PointsPart("jury", "average of 2 marks: 4, 5",
                                           Decimal("4.50"))
    assert jury_points(outcome([mark("Bob", ACCEPT, 2)], AVERAGE)) is None


def test_consensus_needs_every_juror_to_agree() -> None:
    assert decided([mark("Ala", ACCEPT, 1), mark("Bob", ACCEPT, 2)], CONSENSUS) == (
        JuryDecision.ACCEPTED, None)
    assert decided([mark("Ala", REJECT, 1), mark("Bob", REJECT, 2)], CONSENSUS) == (
        JuryDecision.REJECTED, None)
    # A majority is not enough.
    assert decided([mark("Ala", ACCEPT, 1), mark("Bob", ACCEPT, 2), mark("Cyd", REJECT, 3)],
                   CONSENSUS) == (JuryDecision.NO_CONSENSUS, None)
    # Points must be given by everyone, and be the same.
    assert decided([mark("Ala", POINTS, 1, "3"), mark("Bob", POINTS, 2, "3.0")],
                   CONSENSUS) == (JuryDecision.ACCEPTED, Decimal("3.00"))
    assert decided([mark("Ala", POINTS, 1, "3"), mark("Bob", POINTS, 2, "4")],
                   CONSENSUS) == (JuryDecision.NO_CONSENSUS, None)
    assert decided([mark("Ala", POINTS, 1, "3"), mark("Bob", ACCEPT, 2)], CONSENSUS) == (
        JuryDecision.NO_CONSENSUS, None)
    # A juror who comes round makes it one.
    assert decided([mark("Ala", POINTS, 1, "3"), mark("Bob", POINTS, 2, "4"),
                    mark("Bob", POINTS, 3, "3")], CONSENSUS) == (
        JuryDecision.ACCEPTED, Decimal("3.00"))


def test_the_jury_decides_the_status_where_it_decided() -> None:
    def status(decision: JuryDecision | None, automatic: Status) -> Status:
        jury = None if decision is None else JuryOutcome(decision, ())
        return status_with(jury, automatic)

    assert status(JuryDecision.ACCEPTED, Status.REJECTED) is Status.ACCEPTED
    assert status(JuryDecision.REJECTED, Status.ACCEPTED) is Status.REJECTED
    assert status(JuryDecision.NO_CONSENSUS, Status.ACCEPTED) is Status.REVIEW
    assert status(JuryDecision.PENDING, Status.REJECTED) is Status.REJECTED
    assert status(None, Status.ACCEPTED) is Status.ACCEPTED


# ----- which entries marks are about -------------------------------------------------------

def entry(title: str, participant: str) -> Entry:
    return Entry("pl", title, participant, Location("pl", "Zgłoszenia", 1, 5), f"[[{title}]]")


def test_marks_match_entries_by_title_participant_and_new_title() -> None:
    anna, bartek = entry("Kraków", "Anna"), entry("Kraków", "Bartek")
    moved = entry("Lodz", "Anna")
    moved_page = PageFacts("Lodz", exists=True, title="Łódź", moved=True,
                           redirect_target="Łódź")
    for_all = mark("Ala", ACCEPT, 1)
    for_bartek = mark("Ala", REJECT, 2, participant="Bartek", reason="copied")
    new_title = mark("Ala", ACCEPT, 3, title="Łódź")
    old_title = mark("Bob", ACCEPT, 3, title="Lodz")
    nobody = mark("Ala", ACCEPT, 4, title="Sopot")
    not_his = mark("Ala", ACCEPT, 5, title="Łódź", participant="Bartek", line=7)
    matched, review = match_marks(
        [for_all, for_bartek, new_title, old_title, nobody, not_his],
        [(anna, PageFacts("Kraków", exists=True, title="Kraków")), (bartek, None),
         (moved, moved_page)])
    assert matched == [(for_all,), (for_all, for_bartek), (old_title, new_title)]
    assert [(r.source, r.text, r.problem, dict(r.params)) for r in review] == [
        (Location("pl", "Jury", 1, 4), "", "jury-no-entry", {"title": "Sopot"}),
        (Location("pl", "Jury", 7, 5), "", "jury-no-participant-entry",
         {"title": "Łódź", "participant": "Bartek"}),
    ]
