"""Review items (a problem's message key and its parameters) in the store, on SQLite and
on MariaDB, and the migration that turned their sentences into problems; the fixtures
are in ``store_fixtures``."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, event, inspect

from bot.model import JuryDecision, JuryOutcome, Location, ReviewItem
from bot.store import PublishedPage, Store, body_hash
from bot.store.migrate import migration_config
from bot.store.schema import (
    Base,
    ContestRow,
    EntryRow,
    ParticipantRow,
    WikiRow,
)
from tests.integration.store_records import T1, T2, inserted, mark, result

pytest_plugins = ["tests.integration.store_fixtures"]
pytestmark = pytest.mark.filterwarnings("error")

TABLES_AT_0003 = {
    "alembic_version",
    "contest",
    "wiki",
    "participant",
    "entry",
    "verdict",
    "review_item",
    "run",
    "entry_value",
    "line_origin",
    "history_cursor",
    "points_part",
}
# Review items as revision 0003 kept them: a sentence of their own.
OLD_REVIEW_ITEMS = sa.table(
    "review_item",
    *(sa.column(name) for name in ("contest_id", "wiki_id", "source_wiki", "source_page")),
    *(sa.column(name) for name in ("source_line", "source_revision", "text", "reason")),
)
SENTENCES = ("unclosed link", 'no "title" 😀\nsee \\ here', "")


def item(line: int, problem: str, *params: tuple[str, str]) -> ReviewItem:
    return ReviewItem(
        Location("lv", "Konkurss 😀", line, 4_000_000_000 + line), "* [[", problem, params
    )


def test_review_items_load_back_equal_with_their_parameters_in_order(store: Store) -> None:
    review = [
        item(1, "unclosed-link"),
        item(2, "unknown-value", ("value", "Lätvija 😀"), ("field", "country")),
        item(3, "other", ("reason", 'a "quoted" \\ reason\nover two lines')),
        item(4, "twice", ("title", "Rīga"), ("title", "rīga"), ("title", "\U00020000")),
        item(5, "x" * 64, ("", "")),
    ]
    store.save_wiki("c", "lv", [], review, T1)
    assert store.load("c").review == tuple(review)


def test_problem_keys_longer_than_the_column_are_refused(store: Store) -> None:
    store.save_wiki("c", "lv", [], [item(1, "unclosed-link")], T1)
    with pytest.raises(ValueError, match="at most 64 characters"):
        store.save_wiki("c", "lv", [], [item(1, "no-title"), item(2, "x" * 65)], T2)
    assert store.load("c").review == (item(1, "unclosed-link"),)


def test_a_database_at_0003_is_upgraded_turning_reasons_into_problems(store_url: str) -> None:
    engine = create_engine(store_url)
    with engine.begin() as connection:
        command.upgrade(migration_config(connection), "0003")
        assert set(inspect(connection).get_table_names()) == TABLES_AT_0003
        contest_id = inserted(connection, ContestRow, name="c")
        wiki_id = inserted(connection, WikiRow, contest_id=contest_id, key="lv")
        # Not an expansion, newcomer unknown, no jury: as a Result has them by default.
        old = replace(result("Rīga", checks=()), facts=None)
        inserted(
            connection,
            EntryRow,
            contest_id=contest_id,
            wiki_id=wiki_id,
            participant_id=inserted(connection, ParticipantRow, contest_id=contest_id, name="Anna"),
            declared_title="Rīga",
            source_wiki="meta",
            source_page=old.entry.source.page,
            source_line=old.entry.source.line,
            source_revision=old.entry.source.revision,
            text=old.entry.text,
            status=old.status,
            points=old.points,
        )
        connection.execute(
            sa.insert(OLD_REVIEW_ITEMS),
            [
                {
                    "contest_id": contest_id,
                    "wiki_id": wiki_id,
                    "source_wiki": "lv",
                    "source_page": "Konkurss 😀",
                    "source_line": line,
                    "source_revision": 4_000_000_000 + line,
                    "text": "* [[",
                    "reason": sentence,
                }
                for line, sentence in enumerate(SENTENCES, start=1)
            ],
        )
    engine.dispose()

    with Store(store_url) as store:
        state = store.load("c")
    engine = create_engine(store_url)
    with engine.connect() as connection:  # SQLite copied the review items' table
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    engine.dispose()
    assert state.review == tuple(
        item(line, "other", ("reason", sentence)) for line, sentence in enumerate(SENTENCES, 1)
    )
    assert state.results == (old,)


def _enforce_foreign_keys(dbapi_connection: Any, connection_record: Any) -> None:
    dbapi_connection.execute("PRAGMA foreign_keys=ON")


def test_downgrading_to_0003_turns_problems_back_into_reasons(store_url: str) -> None:
    review = [
        item(1, "other", ("reason", SENTENCES[1])),
        item(2, "unknown-value", ("value", "Lätvija 😀"), ("field", "country")),
        item(3, "unclosed-link"),
    ]
    plain = result("Rīga")
    judged = replace(
        plain,
        expansion=True,
        newcomer=True,
        jury=JuryOutcome(JuryDecision.ACCEPTED, (mark(),), Decimal(2)),
    )
    with Store(store_url) as store:
        store.save_wiki("c", "lv", [judged], review, T1)
        store.record_jury_marks("c", "lv", [mark()], T1)
        store.save_published("c", PublishedPage("lv", "Rezultāti", body_hash(""), T1, T1))
    engine = create_engine(store_url)
    if engine.dialect.name == "sqlite":  # as on the store's own connections
        event.listen(engine, "connect", _enforce_foreign_keys)
    with engine.begin() as connection:
        command.downgrade(migration_config(connection), "0003")
        assert set(inspect(connection).get_table_names()) == TABLES_AT_0003
        reasons = connection.execute(
            sa.select(OLD_REVIEW_ITEMS.c.reason).order_by(OLD_REVIEW_ITEMS.c.source_line)
        ).scalars()
        assert list(reasons) == [
            SENTENCES[1],
            "unknown-value (value: Lätvija 😀; field: country)",
            "unclosed-link",
        ]
    engine.dispose()

    with Store(store_url) as store:  # upgraded again: the sentences come back as "other"
        state = store.load("c")
        assert state.results == (plain,)
        assert [(i.problem, i.params) for i in state.review] == [
            ("other", (("reason", SENTENCES[1]),)),
            ("other", (("reason", "unknown-value (value: Lätvija 😀; field: country)"),)),
            ("other", (("reason", "unclosed-link"),)),
        ]
        assert store.jury_log("c") == ()
        assert store.published_pages("c") == {}
