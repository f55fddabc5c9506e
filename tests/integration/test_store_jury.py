"""What the store keeps of each entry for the jury and the results pages, on SQLite and
on MariaDB: whether it is an expansion, by a newcomer, and its jury outcome with the
marks it was decided from. The fixtures are in ``store_fixtures``."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy.exc import StatementError

from bot.model import JuryDecision, JuryMark, JuryOutcome, Location, MarkKind, Result
from bot.store import Store
from bot.store.schema import JuryMarkRow
from tests.integration.store_records import (
    T1,
    T2,
    T3,
    USER_VARIANTS,
    by_key,
    mark,
    result,
    row_count,
    statements,
    written_tables,
)

pytest_plugins = ["tests.integration.store_fixtures"]
pytestmark = pytest.mark.filterwarnings("error")

RIGA = timezone(timedelta(hours=3))
# Titles that differ only by case, accents (precomposed or combining) or 4-byte characters.
TITLE_VARIANTS = ("Rīga", "rīga", "Riga", "Ri\u0304ga", "Rīga 😀", "\U00020000 ext-B")
MARKS = (
    mark(juror="Jānis", kind=MarkKind.POINTS, points=Decimal("2.5")),
    mark(juror="jānis", kind=MarkKind.REJECT, participant="Anna", reason="too short 😀", line=9),
    mark(
        juror="Juror 😀",
        kind=MarkKind.POINTS,
        points=Decimal("0.000001"),
        line=None,
        revision=None,
        at=T2.astimezone(RIGA),
    ),
    mark(juror="\U00020000 ext-B", kind=MarkKind.COMMENT, reason="Ja, bet…", at=T3),
)


def judged(
    base: Result,
    decision: JuryDecision | None = JuryDecision.ACCEPTED,
    marks: tuple[JuryMark, ...] = MARKS,
    points: Decimal | None = Decimal("1.25"),
) -> Result:
    """``base`` with a jury outcome; without one when ``decision`` is None."""
    return replace(base, jury=None if decision is None else JuryOutcome(decision, marks, points))


def marked_on(title: str, marks: tuple[JuryMark, ...] = MARKS) -> tuple[JuryMark, ...]:
    return tuple(replace(m, title=title) for m in marks)


def test_entry_kinds_and_jury_outcomes_load_back_equal(store: Store, store_url: str) -> None:
    results = [
        judged(
            replace(
                result(title, user),
                expansion=index % 2 == 0,
                newcomer=(None, True, False)[index % 3],
            ),
            list(JuryDecision)[index % len(JuryDecision)],
            marked_on(title, MARKS[index % 3 :]),
            (Decimal("1.25"), None)[index % 2],
        )
        for index, (title, user) in enumerate(zip(TITLE_VARIANTS, USER_VARIANTS, strict=True))
    ]
    results += [
        result("Unjudged"),  # jury None, not an expansion, newcomer unknown
        judged(result("Pending"), JuryDecision.PENDING, (), None),
        judged(result("Long", "Bob"), JuryDecision.NO_CONSENSUS, marked_on("Long") * 3),
    ]
    store.save_wiki("c", "lv", results, [], T1)
    assert store.load("c").results == by_key(results)

    store.save_wiki("c", "lv", results, [], T2)  # the upsert finds every variant again
    assert store.load("c").results == by_key(results)
    counted = sum(len(r.jury.marks) for r in results if r.jury is not None)
    assert row_count(store_url, JuryMarkRow) == counted


def test_marks_come_back_as_aware_utc_and_exact_points(store: Store) -> None:
    store.save_wiki("c", "lv", [judged(result("Rīga"))], [], T1)
    outcome = store.load("c").results[0].jury
    assert outcome is not None and outcome.marks == MARKS
    assert outcome.marks[2].marked_at.tzinfo == UTC
    assert [str(m.points) for m in outcome.verdicts] == ["2.5", "None", "0.000001"]


def test_jury_outcomes_are_replaced(store: Store, store_url: str) -> None:
    base = result("Rīga")
    versions = [
        judged(base),
        judged(base, JuryDecision.REJECTED, MARKS[1:2], None),
        judged(base, JuryDecision.REJECTED, (replace(MARKS[1], juror="JĀNIS"),), None),
        judged(base, JuryDecision.PENDING, (), None),
        base,
        judged(base, JuryDecision.ACCEPTED, MARKS[::-1], Decimal(3)),
    ]
    for version in versions:
        store.save_wiki("c", "lv", [version], [], T1)
        assert store.load("c").results == (version,)
        assert row_count(store_url, JuryMarkRow) == (
            0 if version.jury is None else len(version.jury.marks)
        )


def test_unchanged_jury_outcomes_are_not_rewritten(store: Store) -> None:
    results = [judged(result(title)) for title in ("A", "B", "C")]
    store.save_wiki("c", "lv", results, [], T1)
    every_save = {"wiki", "review_item"}  # the wiki's timestamps; review items are replaced
    hours = iter(range(1, 10))

    def written() -> set[str]:
        with statements() as sent:
            store.save_wiki("c", "lv", results, [], T1 + timedelta(hours=next(hours)))
        return written_tables(sent) - every_save

    assert written() == set()
    # Equal points written differently are the same points.
    results[0] = judged(results[0], marks=(replace(MARKS[0], points=Decimal("2.50")), *MARKS[1:]))
    assert written() == set()
    moved = replace(MARKS[0], source=replace(MARKS[0].source, line=4))
    results[1] = judged(results[1], marks=(moved, *MARKS[1:]))
    assert written() == {"jury_mark"}
    results[2] = judged(results[2], JuryDecision.NO_CONSENSUS)
    assert written() == {"entry"}
    results[2] = replace(results[2], expansion=True, newcomer=False)
    assert written() == {"entry"}
    assert store.load("c").results == tuple(results)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (mark(wiki="et"), "for wiki 'et' is in the jury outcome of 'A' of wiki 'lv'"),
        (replace(mark(), source=Location("meta", "Jury")), "of wiki 'meta'"),
    ],
)
def test_marks_of_another_wiki_are_refused_before_anything_is_written(
    store: Store, bad: JuryMark, message: str
) -> None:
    store.save_wiki("c", "lv", [judged(result("A"))], [], T1)
    with pytest.raises(ValueError, match=message):
        store.save_wiki("c", "lv", [judged(result("A"), marks=(MARKS[0], bad))], [], T2)
    assert store.load("c").results == (judged(result("A")),)


def test_points_finer_than_a_millionth_are_refused(store: Store) -> None:
    finer = (replace(MARKS[0], points=Decimal("0.0000001")),)
    with pytest.raises(StatementError, match="more than 6 fractional digits"):
        store.save_wiki("c", "lv", [judged(result("A"), marks=finer)], [], T1)
    with pytest.raises(StatementError, match="more than 6 fractional digits"):
        store.save_wiki("c", "lv", [judged(result("A"), points=Decimal("0.0000001"))], [], T1)
    with pytest.raises(StatementError, match="more than 6 fractional digits"):
        store.record_jury_marks("c", "lv", finer, T1)
    assert store.load("c").results == ()
    assert store.jury_log("c") == ()
