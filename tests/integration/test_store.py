"""The store on SQLite and on MariaDB (the production backend on Toolforge ToolsDB).

The fixtures (``store_url``, ``store``) are in ``store_fixtures``; MariaDB tests need a
server at 127.0.0.1:3306 (user root, no password).
"""

from __future__ import annotations

from dataclasses import asdict, fields, replace
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, inspect, select
from sqlalchemy.exc import StatementError

from bot.model import (
    Check,
    Contribution,
    DeclaredValue,
    Entry,
    JuryDecision,
    JuryOutcome,
    Location,
    PageFacts,
    PointsPart,
    Result,
    ReviewItem,
    SourceKind,
    Status,
)
from bot.store import ContestState, RunRecord, RunStatus, Store, WikiState
from bot.store.entry_lists import JURY_MARKS, SCORES, VALUES, VERDICTS
from bot.store.migrate import migration_config
from bot.store.schema import (
    FACT_COLUMNS,
    Base,
    ContestRow,
    EntryRow,
    EntryValueRow,
    ParticipantRow,
    VerdictRow,
    WikiRow,
)
from tests.integration.store_records import (
    SIZE,
    T1,
    T2,
    T3,
    USER_VARIANTS,
    WINDOW,
    by_key,
    facts,
    inserted,
    mark,
    result,
    row_count,
    statements,
    written_tables,
)

pytest_plugins = ["tests.integration.store_fixtures"]
pytestmark = pytest.mark.filterwarnings("error")  # e.g. SQLAlchemy's Decimal-on-SQLite warning

TABLES_AT_0001 = {
    "alembic_version",
    "contest",
    "wiki",
    "participant",
    "entry",
    "verdict",
    "review_item",
    "run",
}
TABLES = TABLES_AT_0001 | {
    "entry_value",
    "line_origin",
    "history_cursor",
    "points_part",
    "jury_mark",
    "account",
    "jury_log",
    "published_page",
    "run_lock",
    "document",
    "update_request_cursor",
    "update_request",
}
CREATOR = Check("creator", "Anna", "Bob", passed=False)
# Values that differ only by case, accents (precomposed or combining) or 4-byte characters.
LATVIJA = DeclaredValue("country", "Latvija", "LV")
LATVIJA_LOWER = DeclaredValue("country", "latvija", "LV")
LATVIJA_ACCENT = DeclaredValue("country", "Lätvija", None)
LATVIJA_COMBINING = DeclaredValue("country", "La\u0308tvija", None)
FLAG = DeclaredValue("country", "🇱🇻 \U00020000", "lv")
CAFE = DeclaredValue("topic", "Café", "cafe")
CAFE_PLAIN = DeclaredValue("topic", "Cafe", "Cafe")
VALUE_VARIANTS = (LATVIJA, LATVIJA_LOWER, LATVIJA_ACCENT, LATVIJA_COMBINING, FLAG, CAFE, CAFE_PLAIN)


def declared(base: Result, **changes: Any) -> Result:
    """``base`` with its entry's declaration changed: kind, claim, values."""
    return replace(base, entry=replace(base.entry, **changes))


def entry_ids(url: str) -> dict[tuple[str, str], int]:
    """Entry ids by (wiki, title), read behind the store's back."""
    engine = create_engine(url)
    query = select(WikiRow.key, EntryRow.declared_title, EntryRow.id).join(WikiRow)
    with engine.connect() as connection:
        ids = {(wiki, title): entry_id for wiki, title, entry_id in connection.execute(query)}
    engine.dispose()
    return ids


def test_opening_creates_the_schema_and_reopening_keeps_it(store_url: str) -> None:
    with Store(store_url) as first:
        first.save_wiki("CEE Spring 2026", "lv", [result("Rīga")], [], T1)
    with Store(store_url) as second:
        assert second.load("CEE Spring 2026").results == (result("Rīga"),)
    engine = create_engine(store_url)
    with engine.connect() as connection:
        assert set(inspect(connection).get_table_names()) == TABLES
        head = ScriptDirectory.from_config(migration_config(connection)).get_current_head()
        assert MigrationContext.configure(connection).get_current_revision() == head
    engine.dispose()


def test_migrations_build_exactly_the_models(store: Store, store_url: str) -> None:
    engine = create_engine(store_url)
    with engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    engine.dispose()


def test_every_page_fact_has_a_column() -> None:
    # Categories and templates too (those the rules asked about): an incremental run
    # evaluates the rules again from stored facts.
    page_fields = {field.name for field in fields(PageFacts)} - {"declared_title"}
    assert set(FACT_COLUMNS) == page_fields


def test_saved_results_load_back_equal(store: Store) -> None:
    lv = [
        result("Zebra", "Bob", checks=(SIZE, CREATOR), status=Status.REJECTED, points=Decimal(0)),
        result("apple", "Bob", status=Status.REVIEW, page=facts("apple", exists=False)),
        result("Ärzte", "Anna", line=None, page=facts("Ärzte", redirect_target=None, moved=False)),
        result("Tallinn", "Anna", checks=(), points=Decimal("2.5")),
    ]
    unread = Result(result("Vilnius", wiki="et").entry, None, (), Status.REVIEW, Decimal(0))
    sparse = facts("Kaunas", page_id=None, namespace=None, length=None, latest_revision=None)
    sparse = replace(sparse, redirect_target=None, creator=None, created_at=None, words=None)
    et = [unread, result("Kaunas", "Bob", wiki="et", page=sparse)]
    review = [
        ReviewItem(Location("lv", "Konkurss", 12, 99), "* [[", "unclosed-link"),
        ReviewItem(Location("lv", "Konkurss", None, None), "junk", "no-title"),
        ReviewItem(Location("lv", "Apraksts", 3, 98), "* Foo", "other", (("reason", "no link"),)),
    ]
    store.save_wiki("CEE Spring 2026", "lv", lv, review, T1)
    store.save_wiki("CEE Spring 2026", "et", et, [], T2)

    assert store.load("CEE Spring 2026") == ContestState(
        "CEE Spring 2026",
        by_key(lv + et),
        (review[2], review[1], review[0]),
        (WikiState("et", T2, T2, None), WikiState("lv", T1, T1, None)),
    )


def test_saving_again_keeps_entry_ids_and_drops_vanished_entries(
    store: Store, store_url: str
) -> None:
    other_wiki = result("A", wiki="et")
    store.save_wiki("c", "et", [other_wiki], [], T1)
    store.save_wiki("c", "lv", [result("A"), result("B"), result("C", checks=(SIZE,))], [], T1)
    before = entry_ids(store_url)
    second = [
        result("B", status=Status.REJECTED, points=Decimal(0), page=facts("B", length=10)),
        result("C", checks=(SIZE,)),
        result("D"),
    ]
    store.save_wiki("c", "lv", second, [], T2)

    after = entry_ids(store_url)
    assert set(after) == {("et", "A"), ("lv", "B"), ("lv", "C"), ("lv", "D")}
    assert after[("lv", "B")] == before[("lv", "B")]
    assert after[("lv", "C")] == before[("lv", "C")]
    assert after[("et", "A")] == before[("et", "A")]
    assert store.load("c").results == by_key([other_wiki, *second])
    # The vanished entry's verdicts went with it (foreign keys are enforced).
    assert row_count(store_url) == 2 + 2 + 1 + 2


def test_verdicts_are_replaced(store: Store, store_url: str) -> None:
    for checks in [(SIZE, WINDOW, CREATOR), (WINDOW, SIZE), (CREATOR,), ()]:
        store.save_wiki("c", "lv", [result("A", checks=checks)], [], T1)
        assert store.load("c").results[0].checks == checks
        assert row_count(store_url) == len(checks)


def test_a_stale_wiki_keeps_its_last_good_data_and_shows_the_error(store: Store) -> None:
    review = [ReviewItem(Location("lv", "P"), "x", "no-title")]
    store.save_wiki("c", "lv", [result("A")], review, T1)
    store.save_wiki("c", "et", [result("B", wiki="et")], [], T1)
    before = store.load("c")

    store.mark_stale("c", "lv", "HTTP 503 from lv.wikipedia.org", T2)
    store.mark_stale("c", "lt", "timeout", T2)
    stale = store.load("c")
    assert stale.results == before.results
    assert stale.review == before.review
    assert stale.wikis == (
        WikiState("et", T1, T1, None),
        WikiState("lt", T2, None, "timeout"),
        WikiState("lv", T2, T1, "HTTP 503 from lv.wikipedia.org"),
    )

    store.save_wiki("c", "lv", [result("A")], [], T3)
    assert store.load("c").wikis[2] == WikiState("lv", T3, T3, None)


def test_saving_partly_stale_data_keeps_the_last_success_time(store: Store) -> None:
    store.save_wiki("c", "lv", [result("A")], [], T1)
    store.save_wiki("c", "lv", [result("A"), result("B")], [], T2,
                    stale="declarations could not be read")
    state = store.load("c")
    assert len(state.results) == 2
    assert state.wikis == (WikiState("lv", T2, T1, "declarations could not be read"),)


def test_review_items_are_replaced_per_wiki(store: Store) -> None:
    old = ReviewItem(Location("lv", "Konkurss", 1, 10), "* [[", "unclosed-link")
    new = ReviewItem(Location("lv", "Konkurss", 2, 11), "* ???", "no-title")
    other = ReviewItem(Location("et", "Võistlus", 5, 20), "* ...", "no-title")
    store.save_wiki("c", "lv", [], [old], T1)
    store.save_wiki("c", "et", [], [other], T1)
    store.save_wiki("c", "lv", [], [new], T2)
    assert store.load("c").review == (other, new)


def test_runs_are_recorded_newest_first(store: Store) -> None:
    first = store.start_run("c", T1)
    store.finish_run(
        first, T1 + timedelta(minutes=5), status="ok", entries=10, accepted=7, review=2, edits=3
    )
    second = store.start_run("c", T2)
    store.finish_run(
        second, T2, status=RunStatus.FAILED, entries=0, accepted=0, review=0, edits=0, error="boom"
    )
    third = store.start_run("c", T3)
    store.start_run("other contest", T3)

    assert store.runs("c") == [
        RunRecord(third, "c", T3, None, RunStatus.RUNNING, 0, 0, 0, 0, None),
        RunRecord(second, "c", T2, T2, RunStatus.FAILED, 0, 0, 0, 0, "boom"),
        RunRecord(first, "c", T1, T1 + timedelta(minutes=5), RunStatus.OK, 10, 7, 2, 3, None),
    ]
    assert [run.id for run in store.runs("c", limit=2)] == [third, second]
    assert store.runs("unknown") == []


def test_finishing_a_run_checks_its_arguments(store: Store) -> None:
    run = store.start_run("c", T1)
    with pytest.raises(ValueError):
        store.finish_run(run, T2, status="done", entries=0, accepted=0, review=0, edits=0)
    with pytest.raises(ValueError, match="ok or failed"):
        store.finish_run(run, T2, status="running", entries=0, accepted=0, review=0, edits=0)
    with pytest.raises(LookupError):
        store.finish_run(run + 1, T2, status="ok", entries=0, accepted=0, review=0, edits=0)


def test_case_accent_and_four_byte_variants_stay_distinct(store: Store) -> None:
    names = [
        "Foo bar",
        "Foo Bar",
        "Café",
        "Cafe",
        "Cafe\u0301",
        "\N{MATHEMATICAL FRAKTUR CAPITAL U}nicode 😀",
        "\U00020000 ext-B",
    ]
    results = [result(name, name, page=facts(name, creator=name)) for name in names]
    review = [
        ReviewItem(Location("lv", name, 1), f"* {name}", "no-title", (("title", name),))
        for name in names
    ]
    store.save_wiki("CEE Spring 😀", "lv", results, review, T1)
    store.save_wiki("CEE Spring 😀", "lv", results, review, T2)  # upsert finds each one again

    state = store.load("CEE Spring 😀")
    assert state.results == by_key(results)
    assert state.review == tuple(sorted(review, key=lambda item: item.source.page))
    assert store.load("CEE Spring 😃") == ContestState("CEE Spring 😃", (), (), ())


def test_points_are_exact_decimals(store: Store) -> None:
    amounts = [
        Decimal("0.1") + Decimal("0.2"),
        Decimal("123456789012.5"),
        Decimal("-2"),
        Decimal("0.000001"),
        Decimal("5.50"),
    ]
    results = [result(f"T{index}", points=points) for index, points in enumerate(amounts)]
    store.save_wiki("c", "lv", results, [], T1)

    loaded = [r.points for r in store.load("c").results]
    assert loaded == amounts
    assert [str(points) for points in loaded] == ["0.3", "123456789012.5", "-2", "0.000001", "5.5"]


def test_points_finer_than_a_millionth_are_refused(store: Store) -> None:
    with pytest.raises(StatementError, match="more than 6 fractional digits"):
        store.save_wiki("c", "lv", [result("A", points=Decimal("0.0000001"))], [], T1)
    assert store.load("c").results == ()


def test_datetimes_come_back_as_aware_utc(store: Store) -> None:
    riga = timezone(timedelta(hours=3))
    created = datetime(2026, 3, 22, 11, 30, 15, 654321, tzinfo=riga)
    store.save_wiki("c", "lv", [result("A", page=facts("A", created_at=created))], [], T1)

    loaded = store.load("c").results[0].facts
    assert loaded is not None and loaded.created_at == created
    assert loaded.created_at.tzinfo == UTC
    with pytest.raises(StatementError, match="naive datetime"):
        store.start_run("c", datetime(2026, 4, 1, 12, 0))


def test_contests_do_not_see_each_other(store: Store) -> None:
    store.save_wiki("A", "lv", [result("Rīga", points=Decimal(1))], [], T1)
    store.save_wiki("B", "lv", [result("Rīga", points=Decimal(5))], [], T2)
    store.save_wiki("A", "lv", [], [], T3)

    assert store.load("A").results == ()
    assert store.load("B").results == (result("Rīga", points=Decimal(5)),)
    assert store.load("B").wikis == (WikiState("lv", T2, T2, None),)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (result("A", wiki="et"), "belongs to wiki 'et'"),
        (replace(result("A"), facts=facts("B")), "facts of 'B' attached to entry 'A'"),
        (result("Old"), "declared 'Old' twice"),
    ],
)
def test_inconsistent_results_are_refused_before_anything_is_written(
    store: Store, bad: Result, message: str
) -> None:
    store.save_wiki("c", "lv", [result("Old")], [], T1)
    with pytest.raises(ValueError, match=message):
        store.save_wiki("c", "lv", [result("Old"), bad], [], T2)
    assert store.load("c").results == (result("Old"),)
    assert store.load("c").wikis == (WikiState("lv", T1, T1, None),)


@pytest.mark.parametrize(
    ("entry_list", "item"),
    [
        (VERDICTS, replace(CREATOR, path="0.1")),
        (SCORES, PointsPart("cap", "10", Decimal("-2.5"))),
        (VALUES, FLAG),
        (JURY_MARKS, mark(participant="Anna", reason="too short", points=Decimal("0.5"))),
    ],
)
def test_list_items_fill_every_column_and_come_back_equal(entry_list: Any, item: Any) -> None:
    row = entry_list.row(item)
    assert set(row) == set(entry_list.table.c.keys()) - {"entry_id", "position"}
    assert entry_list.item("lv", row) == item


def test_declarations_load_back_equal(store: Store, store_url: str) -> None:
    riga = timezone(timedelta(hours=3))
    kinds = list(SourceKind)
    claimed = [
        declared(
            result(f"Claimed by {user}", user),
            kind=kinds[index % len(kinds)],
            claimed_by=user,
            claimed_at=datetime(2026, 3, 22, 11, 30, index, 654321, tzinfo=riga),
            values=VALUE_VARIANTS[index:],
        )
        for index, user in enumerate(USER_VARIANTS)
    ]
    unclaimed = [
        declared(result("Talk"), kind=SourceKind.TALK_TEMPLATE, values=(CAFE_PLAIN, CAFE)),
        result("Plain"),
    ]
    results = claimed + unclaimed
    store.save_wiki("c", "lv", results, [], T1)
    assert store.load("c").results == by_key(results)

    store.save_wiki("c", "lv", results, [], T2)  # the upsert finds every variant again
    assert store.load("c").results == by_key(results)
    assert row_count(store_url, EntryValueRow) == sum(len(r.entry.values) for r in results)


def test_declarations_are_replaced(store: Store, store_url: str) -> None:
    base = result("A")
    versions = [
        declared(base, claimed_by="Anna", claimed_at=T1, values=(LATVIJA, CAFE)),
        declared(base, claimed_by="anna", claimed_at=T1, values=(CAFE, LATVIJA)),
        declared(base, claimed_by="Ánna", claimed_at=T2, values=(CAFE_PLAIN, LATVIJA_LOWER)),
        declared(base, claimed_by="A\u0301nna", claimed_at=T2, values=(CAFE_PLAIN, FLAG)),
        declared(base, kind=SourceKind.USER_SUBPAGE, claimed_by="Anna 😀", values=(FLAG,)),
        base,
        declared(base, kind=SourceKind.TALK_TEMPLATE, values=VALUE_VARIANTS),
    ]
    for version in versions:
        store.save_wiki("c", "lv", [version], [], T1)
        assert store.load("c").results == (version,)
        assert row_count(store_url, EntryValueRow) == len(version.entry.values)


def test_only_what_changed_is_written(store: Store) -> None:
    results = [
        declared(result(title), claimed_by="Anna", claimed_at=T1, values=(LATVIJA, CAFE))
        for title in ("A", "B", "C")
    ]
    store.save_wiki("c", "lv", results, [], T1)
    every_save = {"wiki", "review_item"}  # the wiki's timestamps; review items are replaced

    with statements() as sent:
        store.save_wiki("c", "lv", results, [], T2)
    assert written_tables(sent) == every_save

    results[1] = declared(results[1], values=(LATVIJA_LOWER, CAFE))
    with statements() as sent:
        store.save_wiki("c", "lv", results, [], T3)
    assert written_tables(sent) == every_save | {"entry_value"}

    results[2] = declared(results[2], claimed_by="anna")
    with statements() as sent:
        store.save_wiki("c", "lv", results, [], T3 + timedelta(hours=1))
    assert written_tables(sent) == every_save | {"entry"}
    assert store.load("c").results == tuple(results)


def test_loading_takes_as_many_queries_for_many_entries_as_for_one(store: Store) -> None:
    one = [declared(result("A"), values=(LATVIJA,))]
    many = [
        replace(
            declared(result(f"T{index}", f"P{index % 3}"), values=VALUE_VARIANTS[index % 4 :]),
            jury=JuryOutcome(JuryDecision.ACCEPTED, (mark(f"T{index}"),) * (index % 3)),
        )
        for index in range(30)
    ]
    store.save_wiki("one", "lv", one, [], T1)
    store.save_wiki("many", "lv", many, [], T1)

    with statements() as for_one:
        assert store.load("one").results == tuple(one)
    with statements() as for_many:
        assert store.load("many").results == by_key(many)
    assert len(for_many) == len(for_one)


def test_a_database_at_0001_is_upgraded_keeping_its_entries(store_url: str) -> None:
    engine = create_engine(store_url)
    with engine.begin() as connection:
        command.upgrade(migration_config(connection), "0001")
        assert set(inspect(connection).get_table_names()) == TABLES_AT_0001
        # Rows as the store of revision 0001 wrote them: only the columns it knew.
        contest_id = inserted(connection, ContestRow, name="c")
        entry_id = inserted(
            connection,
            EntryRow,
            contest_id=contest_id,
            wiki_id=inserted(connection, WikiRow, contest_id=contest_id, key="lv"),
            participant_id=inserted(connection, ParticipantRow, contest_id=contest_id, name="Anna"),
            declared_title="Rīga",
            source_wiki="meta",
            source_page="CEE Spring 2026/Anna",
            source_line=7,
            source_revision=123,
            text="# [[Rīga]]",
            status=Status.ACCEPTED,
            points=Decimal("1.5"),
        )
        inserted(
            connection,
            VerdictRow,
            entry_id=entry_id,
            position=0,
            # Verdicts of 0001 had no place in a rule tree.
            **{k: v for k, v in asdict(SIZE).items() if k != "path"},
        )
    engine.dispose()

    with Store(store_url) as store:
        # kind, claimed_by, claimed_at and values as an Entry has them by default.
        old = Entry(
            "lv", "Rīga", "Anna", Location("meta", "CEE Spring 2026/Anna", 7, 123), "# [[Rīga]]"
        )
        assert store.load("c").results == (
            Result(old, None, (SIZE,), Status.ACCEPTED, Decimal("1.5")),
        )


def _enforce_foreign_keys(dbapi_connection: Any, connection_record: Any) -> None:
    dbapi_connection.execute("PRAGMA foreign_keys=ON")


def test_downgrading_to_0001_keeps_entries_and_verdicts(store_url: str) -> None:
    with Store(store_url) as store:
        new = declared(result("A"), claimed_by="Anna", claimed_at=T1, values=(LATVIJA,))
        store.save_wiki("c", "lv", [new], [], T1)
    engine = create_engine(store_url)
    if engine.dialect.name == "sqlite":  # as on the store's own connections
        event.listen(engine, "connect", _enforce_foreign_keys)
    with engine.begin() as connection:
        command.downgrade(migration_config(connection), "0001")
        assert set(inspect(connection).get_table_names()) == TABLES_AT_0001
    engine.dispose()

    with Store(store_url) as store:  # upgraded again: the declarations are gone
        assert store.load("c").results == (result("A"),)


def test_nested_verdicts_points_terms_and_work_load_back_equal(store: Store) -> None:
    checks = (
        Check("exists", "page exists", "page exists", True),
        Check("any", "at least one of 2", "1 of 2 passed", True),
        Check("min_words", "200", "150", False, path="0"),
        Check("min_chars", "1500", "1512", True, path="1"),
    )
    score = (PointsPart("new", "min_bytes 6000: 6500", Decimal(5)),
             PointsPart("bonus: topic list", "", Decimal("0.5")),
             PointsPart("cap", "at most 5 per article", Decimal("-0.5")))
    page = replace(facts("Rīga"), revision_before=77, size_before=7999, chars=1512,
                   references=3, wikibase_item="Q1773", words=150)
    rich = replace(result("Rīga", checks=checks, points=Decimal(5), page=page), score=score,
                   work=Contribution(edits=(), bytes_added=-12, words_added=40, chars_added=0))
    plain = result("Liepāja")
    store.save_wiki("c", "lv", [rich, plain], [], T1)
    assert store.load("c").results == by_key([rich, plain])
    # Unchanged lists are not rewritten; a changed score is.
    store.save_wiki("c", "lv", [replace(rich, score=score[:1]), plain], [], T2)
    assert store.load("c").results[1].score == score[:1]


def test_a_deleted_page_keeps_when_it_was_deleted(store: Store) -> None:
    gone = PageFacts("Rīga", exists=False, title="Rīga", deleted_at=T1)
    store.save_wiki("c", "lv", [result("Rīga", page=gone, status=Status.REJECTED)], [], T2)
    assert store.load("c").results[0].facts == gone
