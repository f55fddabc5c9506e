"""Jury and results pages: what an entry is (an expansion, by a newcomer) and what the
jury decided, from which marks; review items' problems as message keys with
parameters; the log of every jury mark read; the pages the bot published.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from bot.store.columns import ExactDecimal, TextPairs, UTCDateTime, exact_string

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here rather than imported: a later change to the models needs its own revision.
KEY_LENGTH = 64
USER_LENGTH = 255
TITLE_LENGTH = 512
PROBLEM_LENGTH = 64
HASH_LENGTH = 64
MYSQL_TABLE_OPTIONS: dict[str, Any] = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}
# Review items stored so far said what was wrong in a sentence of their own.
OTHER = "other"
REASON = "reason"
# The review items' columns, for moving their rows' contents between them.
REVIEW_ITEMS = sa.table(
    "review_item",
    sa.column("id", sa.Integer()),
    sa.column("reason", sa.Text()),
    sa.column("problem", exact_string(PROBLEM_LENGTH)),
    sa.column("params", TextPairs()),
)


def _new_entry_columns() -> list[sa.Column[Any]]:
    return [
        # Entries stored so far are taken for new articles until they are judged again.
        sa.Column("expansion", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("newcomer", sa.Boolean()),
        sa.Column("jury_decision", sa.String(16)),
        sa.Column("jury_points", ExactDecimal()),
    ]


def _reference(table: str, referred: str, *, ondelete: str | None = None) -> sa.Column[int]:
    return sa.Column(
        f"{referred}_id",
        sa.Integer(),
        sa.ForeignKey(
            f"{referred}.id", name=f"fk_{table}_{referred}_id_{referred}", ondelete=ondelete
        ),
        nullable=False,
    )


def _mark() -> list[sa.Column[Any]]:
    """A juror's mark but its wiki (that of the entry or log row)."""
    return [
        sa.Column("juror", exact_string(USER_LENGTH), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", exact_string(TITLE_LENGTH), nullable=False),
        sa.Column("participant", exact_string(USER_LENGTH)),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("points", ExactDecimal()),
        sa.Column("source_page", exact_string(TITLE_LENGTH), nullable=False),
        sa.Column("source_line", sa.Integer()),
        sa.Column("source_revision", sa.BigInteger()),
        sa.Column("marked_at", UTCDateTime(), nullable=False),
    ]


def upgrade() -> None:
    # In place, without batch mode, for the reason given in 0002.
    for column in _new_entry_columns():
        op.add_column("entry", column)
    op.create_table(
        "jury_mark",
        _reference("jury_mark", "entry", ondelete="CASCADE"),
        sa.Column("position", sa.Integer(), nullable=False),
        *_mark(),
        sa.PrimaryKeyConstraint("entry_id", "position", name="pk_jury_mark"),
        **MYSQL_TABLE_OPTIONS,
    )
    op.add_column("review_item", sa.Column("problem", exact_string(PROBLEM_LENGTH)))
    op.add_column("review_item", sa.Column("params", sa.Text()))
    old = op.get_bind().execute(sa.select(REVIEW_ITEMS.c.id, REVIEW_ITEMS.c.reason))
    _fill(
        [
            {"row_id": row_id, "problem": OTHER, "params": ((REASON, reason),)}
            for row_id, reason in old
        ]
    )
    # Nothing refers to review items: batch mode may copy their table on SQLite.
    with op.batch_alter_table("review_item") as batch:
        batch.alter_column("problem", existing_type=exact_string(PROBLEM_LENGTH), nullable=False)
        batch.alter_column("params", existing_type=sa.Text(), nullable=False)
        batch.drop_column("reason")
    op.create_table(
        "jury_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        _reference("jury_log", "contest"),
        _reference("jury_log", "wiki"),
        *_mark(),
        sa.Column("first_seen_at", UTCDateTime(), nullable=False),
        sa.Column("withdrawn_at", UTCDateTime()),
        **MYSQL_TABLE_OPTIONS,
    )
    op.create_index("ix_jury_log_contest_id_wiki_id", "jury_log", ["contest_id", "wiki_id"])
    op.create_table(
        "published_page",
        _reference("published_page", "contest"),
        sa.Column("wiki", exact_string(KEY_LENGTH), nullable=False),
        sa.Column("title", exact_string(TITLE_LENGTH), nullable=False),
        sa.Column("body_hash", exact_string(HASH_LENGTH), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.Column("edited_at", UTCDateTime()),
        sa.PrimaryKeyConstraint("contest_id", "wiki", "title", name="pk_published_page"),
        **MYSQL_TABLE_OPTIONS,
    )


def downgrade() -> None:
    op.drop_table("published_page")
    op.drop_table("jury_log")
    op.add_column("review_item", sa.Column("reason", sa.Text()))
    items = op.get_bind().execute(
        sa.select(REVIEW_ITEMS.c.id, REVIEW_ITEMS.c.problem, REVIEW_ITEMS.c.params)
    )
    _fill(
        [
            {"row_id": row_id, "reason": _reason(problem, params)}
            for row_id, problem, params in items
        ]
    )
    with op.batch_alter_table("review_item") as batch:
        batch.alter_column("reason", existing_type=sa.Text(), nullable=False)
        batch.drop_column("params")
        batch.drop_column("problem")
    op.drop_table("jury_mark")
    # SQLite drops these columns in place, for the reason given in 0002.
    for column in reversed(_new_entry_columns()):
        op.drop_column("entry", column.name)


def _fill(rows: list[dict[str, Any]]) -> None:
    """Set columns of review items, each row's (named in ``rows``) by its ``row_id``."""
    if rows:
        by_id = REVIEW_ITEMS.c.id == sa.bindparam("row_id")
        op.get_bind().execute(sa.update(REVIEW_ITEMS).where(by_id), rows)


def _reason(problem: str, params: tuple[tuple[str, str], ...]) -> str:
    """A review item's problem as the sentence that revision 0003 kept."""
    if problem == OTHER and [name for name, _ in params] == [REASON]:
        return params[0][1]
    details = "; ".join(f"{name}: {value}" for name, value in params)
    return f"{problem} ({details})" if details else problem
