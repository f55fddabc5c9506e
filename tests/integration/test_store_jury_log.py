"""The store's log of every jury mark read, on SQLite and on MariaDB; the fixtures are
in ``store_fixtures``."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from bot.model import JuryMark, Location, MarkKind
from bot.store import JuryLogRecord, Store
from bot.store.schema import JuryLogRow
from tests.integration.store_records import T1, T2, T3, USER_VARIANTS, mark, row_count

pytest_plugins = ["tests.integration.store_fixtures"]
pytestmark = pytest.mark.filterwarnings("error")

T4 = T3 + timedelta(hours=1)
ACCEPT = mark("Rīga", "Jānis", line=3, at=T1)
REJECT = mark(
    "Rīga", "Anna 😀", MarkKind.REJECT, participant="Bob", reason="copyvio?", line=4, at=T2
)
POINTS = mark("\U00020000 ext-B", "jānis", MarkKind.POINTS, points=Decimal("2.5"), line=7, at=T2)


def logged(
    m: JuryMark, first_seen_at: datetime = T1, withdrawn_at: datetime | None = None
) -> JuryLogRecord:
    return JuryLogRecord(m, first_seen_at, withdrawn_at)


def on_line(m: JuryMark, line: int) -> JuryMark:
    return replace(m, source=replace(m.source, line=line))


def test_logged_marks_load_back_equal_by_wiki_and_time(store: Store) -> None:
    riga = timezone(timedelta(hours=3))
    variants = [
        mark(
            f"Title of {juror}",
            juror,
            MarkKind.COMMENT,
            reason=f"{juror}: 👍",
            participant=juror,
            line=None,
            revision=None,
            at=(T3 - timedelta(minutes=minutes)).astimezone(riga),
        )
        for minutes, juror in enumerate(USER_VARIANTS)
    ]
    lv = [POINTS, ACCEPT, *variants, REJECT]
    et = [mark("Tallinn", wiki="et", at=T1 - timedelta(days=1))]
    store.record_jury_marks("c", "lv", lv, T3)
    store.record_jury_marks("c", "et", et, T3)
    store.record_jury_marks("other contest", "lv", [ACCEPT], T1)

    by_time = [ACCEPT, POINTS, REJECT, *reversed(variants)]  # at the same time: as logged
    assert store.jury_log("c") == tuple(logged(m, T3) for m in [*et, *by_time])
    assert store.jury_log("c")[-1].mark.marked_at.tzinfo is not None
    assert store.jury_log("unknown") == ()


def test_recording_the_same_marks_again_adds_nothing(store: Store, store_url: str) -> None:
    store.record_jury_marks("c", "lv", [ACCEPT, REJECT], T1)
    # A mark written twice in one revision is one mark; points are compared as numbers.
    same_points = replace(POINTS, points=Decimal("2.50"))
    store.record_jury_marks("c", "lv", [ACCEPT, REJECT, POINTS, same_points], T2)
    store.record_jury_marks("c", "lv", [same_points, REJECT, ACCEPT], T3)

    assert store.jury_log("c") == (logged(ACCEPT), logged(REJECT), logged(POINTS, T2))
    assert row_count(store_url, JuryLogRow) == 3


def test_marks_that_leave_the_page_are_withdrawn_and_may_return(store: Store) -> None:
    store.record_jury_marks("c", "lv", [ACCEPT, REJECT], T1)
    store.record_jury_marks("c", "lv", [ACCEPT], T2)
    assert store.jury_log("c") == (logged(ACCEPT), logged(REJECT, T1, T2))

    store.record_jury_marks("c", "lv", [], T3)  # the first time it was missed is kept
    assert store.jury_log("c") == (logged(ACCEPT, T1, T3), logged(REJECT, T1, T2))

    store.record_jury_marks("c", "lv", [REJECT], T4)
    assert store.jury_log("c") == (logged(ACCEPT, T1, T3), logged(REJECT))


def test_a_mark_on_a_shifted_line_is_the_same_mark(store: Store, store_url: str) -> None:
    store.record_jury_marks("c", "lv", [ACCEPT, REJECT], T1)
    store.record_jury_marks("c", "lv", [on_line(ACCEPT, 10), on_line(REJECT, 11)], T2)
    assert store.jury_log("c") == (logged(on_line(ACCEPT, 10)), logged(on_line(REJECT, 11)))
    assert row_count(store_url, JuryLogRow) == 2


@pytest.mark.parametrize(
    "changed",
    [
        replace(REJECT, reason="copyvio"),
        replace(REJECT, juror="anna 😀"),
        replace(REJECT, participant=None),
        replace(REJECT, participant="bob"),
        replace(REJECT, title="Riga"),
        replace(REJECT, kind=MarkKind.COMMENT),
        replace(REJECT, points=Decimal(0)),
        replace(REJECT, source=replace(REJECT.source, revision=5_000_000_002)),
        replace(REJECT, source=replace(REJECT.source, page="CEE Spring 2026/Jury/2")),
    ],
)
def test_a_changed_mark_is_a_new_mark(store: Store, changed: JuryMark) -> None:
    store.record_jury_marks("c", "lv", [ACCEPT, REJECT], T1)
    store.record_jury_marks("c", "lv", [ACCEPT, changed], T2)
    assert set(store.jury_log("c")) == {logged(ACCEPT), logged(REJECT, T1, T2), logged(changed, T2)}


def test_wikis_and_contests_are_logged_apart(store: Store) -> None:
    tallinn = mark("Tallinn", wiki="et")
    store.record_jury_marks("c", "lv", [ACCEPT], T1)
    store.record_jury_marks("c", "et", [tallinn], T1)
    store.record_jury_marks("d", "lv", [ACCEPT], T1)
    store.record_jury_marks("c", "lv", [], T2)
    assert store.jury_log("c") == (logged(tallinn), logged(ACCEPT, T1, T2))
    assert store.jury_log("d") == (logged(ACCEPT),)


@pytest.mark.parametrize(
    "bad",
    [mark(wiki="et"), replace(ACCEPT, source=Location("meta", "CEE Spring 2026/Jury", 3, 9))],
)
def test_marks_of_another_wiki_are_refused(store: Store, bad: JuryMark) -> None:
    store.record_jury_marks("c", "lv", [ACCEPT], T1)
    with pytest.raises(ValueError, match="is in the jury log of wiki 'lv'"):
        store.record_jury_marks("c", "lv", [bad], T2)
    assert store.jury_log("c") == (logged(ACCEPT),)
