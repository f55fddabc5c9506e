"""The store on SQLite and on MariaDB (the production backend on Toolforge ToolsDB).

MariaDB tests need a server at 127.0.0.1:3306 (user root, no password); they create
and drop their own database. Without a server they are skipped, except on CI.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, create_engine, func, inspect, select, text
from sqlalchemy.exc import OperationalError, StatementError

from bot.model import Check, Entry, Location, PageFacts, Result, ReviewItem, Status
from bot.store import ContestState, RunRecord, RunStatus, Store, WikiState
from bot.store.schema import (
    FACT_COLUMNS,
    Base,
    EntryRow,
    VerdictRow,
    WikiRow,
    migration_config,
)

pytestmark = pytest.mark.filterwarnings("error")  # e.g. SQLAlchemy's Decimal-on-SQLite warning

MARIADB_SERVER = "mysql+pymysql://root@127.0.0.1:3306/test?charset=utf8mb4"
TABLES = {
    "alembic_version",
    "contest",
    "wiki",
    "participant",
    "entry",
    "verdict",
    "review_item",
    "run",
}
T1 = datetime(2026, 4, 1, 10, 0, 0, 123456, tzinfo=UTC)
T2 = T1 + timedelta(hours=1)
T3 = T1 + timedelta(hours=2)
SIZE = Check("size", ">= 2000 bytes", "2345 bytes", passed=True)
WINDOW = Check("window", "2026-03-21..2026-05-31", "2026-03-22", passed=True)
CREATOR = Check("creator", "Anna", "Bob", passed=False)


@pytest.fixture(scope="session")
def mariadb_database() -> Iterator[str]:
    """A fresh utf8mb4 database for the session. Its default collation is MariaDB's usual
    case- and accent-insensitive one, so that the schema's own collations are under test."""
    server = create_engine(MARIADB_SERVER, connect_args={"connect_timeout": 3})
    try:
        server.connect().close()
    except OperationalError as error:
        server.dispose()
        message = (
            f"MariaDB not reachable at 127.0.0.1:3306 ({error.orig}); "
            "set up a local MariaDB to run these"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    name = server.dialect.identifier_preparer.quote(f"contestbot_test_{secrets.token_hex(6)}")
    with server.begin() as connection:
        connection.execute(
            text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci")
        )
    try:
        yield server.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.begin() as connection:
            connection.execute(text(f"DROP DATABASE {name}"))
        server.dispose()


@pytest.fixture(params=["sqlite", "mariadb"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    url: str = request.getfixturevalue("mariadb_database")
    yield url
    engine = create_engine(url)
    with engine.begin() as connection:
        tables = MetaData()
        tables.reflect(connection)
        tables.drop_all(connection)
    engine.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store(store_url) as opened:
        yield opened


def facts(title: str, **changes: Any) -> PageFacts:
    every_field_set = PageFacts(
        declared_title=title,
        exists=True,
        title=f"{title} (moved)",
        page_id=3_000_000_001,  # beyond 32 bits
        namespace=0,
        length=2345,
        latest_revision=4_000_000_002,
        redirect_target=f"{title} (moved)",
        moved=True,
        is_disambiguation=False,
        creator="Anna",
        created_at=datetime(2026, 3, 22, 8, 30, 15, 654321, tzinfo=UTC),
        words=321,
    )
    return replace(every_field_set, **changes)


def result(
    title: str,
    participant: str = "Anna",
    *,
    wiki: str = "lv",
    checks: tuple[Check, ...] = (SIZE, WINDOW),
    status: Status = Status.ACCEPTED,
    points: Decimal = Decimal(1),
    page: PageFacts | None = None,
    line: int | None = 7,
) -> Result:
    entry = Entry(
        wiki=wiki,
        title=title,
        participant=participant,
        source=Location("meta", f"CEE Spring 2026/{participant}", line, 123),
        text=f"# [[{title}]] — ~~~~",
    )
    return Result(entry, page or facts(title), checks, status, points)


def by_key(results: list[Result]) -> tuple[Result, ...]:
    return tuple(sorted(results, key=lambda r: (r.entry.wiki, r.entry.participant, r.entry.title)))


def entry_ids(url: str) -> dict[tuple[str, str], int]:
    """Entry ids by (wiki, title), read behind the store's back."""
    engine = create_engine(url)
    query = select(WikiRow.key, EntryRow.declared_title, EntryRow.id).join(WikiRow)
    with engine.connect() as connection:
        ids = {(wiki, title): entry_id for wiki, title, entry_id in connection.execute(query)}
    engine.dispose()
    return ids


def verdict_count(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.scalar(select(func.count()).select_from(VerdictRow))
    engine.dispose()
    return count or 0


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
        ReviewItem(Location("lv", "Konkurss", 12, 99), "* [[", "unclosed link"),
        ReviewItem(Location("lv", "Konkurss", None, None), "junk", "no title"),
        ReviewItem(Location("lv", "Apraksts", 3, 98), "* Foo", "no link"),
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
    assert verdict_count(store_url) == 2 + 2 + 1 + 2


def test_verdicts_are_replaced(store: Store, store_url: str) -> None:
    for checks in [(SIZE, WINDOW, CREATOR), (WINDOW, SIZE), (CREATOR,), ()]:
        store.save_wiki("c", "lv", [result("A", checks=checks)], [], T1)
        assert store.load("c").results[0].checks == checks
        assert verdict_count(store_url) == len(checks)


def test_a_stale_wiki_keeps_its_last_good_data_and_shows_the_error(store: Store) -> None:
    store.save_wiki("c", "lv", [result("A")], [ReviewItem(Location("lv", "P"), "x", "y")], T1)
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


def test_review_items_are_replaced_per_wiki(store: Store) -> None:
    old = ReviewItem(Location("lv", "Konkurss", 1, 10), "* [[", "unclosed link")
    new = ReviewItem(Location("lv", "Konkurss", 2, 11), "* ???", "no title")
    other = ReviewItem(Location("et", "Võistlus", 5, 20), "* ...", "no title")
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
    review = [ReviewItem(Location("lv", name, 1), f"* {name}", f"{name}?") for name in names]
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
