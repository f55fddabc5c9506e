"""What the store's test modules save, and ways to look behind the store's back.

Imported, not loaded as a plugin like ``store_fixtures``: it has no fixtures.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, insert, select

from bot.model import Check, Entry, JuryMark, Location, MarkKind, PageFacts, Result, Status
from bot.store.schema import Base, VerdictRow

T1 = datetime(2026, 4, 1, 10, 0, 0, 123456, tzinfo=UTC)
T2 = T1 + timedelta(hours=1)
T3 = T1 + timedelta(hours=2)
SIZE = Check("size", ">= 2000 bytes", "2345 bytes", passed=True)
WINDOW = Check("window", "2026-03-21..2026-05-31", "2026-03-22", passed=True)
# User names that differ only by case, accents (precomposed or combining) or 4-byte characters.
USER_VARIANTS = ("Anna", "anna", "Ánna", "A\u0301nna", "Anna 😀", "\U00020000 ext-B")


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


def mark(
    title: str = "Rīga",
    juror: str = "Jānis",
    kind: MarkKind = MarkKind.ACCEPT,
    *,
    wiki: str = "lv",
    participant: str | None = None,
    line: int | None = 3,
    revision: int | None = 5_000_000_001,  # beyond 32 bits
    at: datetime = T1,
    reason: str = "",
    points: Decimal | None = None,
) -> JuryMark:
    """A juror's mark on the jury page of ``wiki``."""
    source = Location(wiki, "CEE Spring 2026/Jury", line, revision)
    return JuryMark(wiki, title, participant, juror, kind, source, at, reason, points)


def by_key(results: list[Result]) -> tuple[Result, ...]:
    return tuple(sorted(results, key=lambda r: (r.entry.wiki, r.entry.participant, r.entry.title)))


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL statements sent meanwhile, by any engine."""
    sent: list[str] = []

    def record(*args: Any) -> None:
        sent.append(args[2])  # (connection, cursor, statement, parameters, context, many)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def written_tables(sent: list[str]) -> set[str]:
    tables: set[str] = set()
    for statement in sent:
        words = statement.split()
        if words[0] in ("INSERT", "DELETE"):  # INSERT INTO t, DELETE FROM t
            tables.add(words[2].strip('`"'))
        elif words[0] == "UPDATE":
            tables.add(words[1].strip('`"'))
    return tables


def row_count(url: str, rows: type[Base] = VerdictRow) -> int:
    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.scalar(select(func.count()).select_from(rows))
    engine.dispose()
    return count or 0


def inserted(connection: Connection, rows: type[Base], **values: Any) -> Any:
    """Insert one row with a Core insert; its primary key (the first column of it)."""
    return connection.execute(insert(rows).values(**values)).inserted_primary_key[0]
