"""Declarations from several sources: an entry's kind, who claimed it and its declared
values; who added each line of a declaring page, and how far its history was read.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from bot.store.columns import UTCDateTime, exact_string

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here rather than imported: a later change to the models needs its own revision.
USER_LENGTH = 255
FIELD_LENGTH = 32
VALUE_ID_LENGTH = 255
LINE_KEY_LENGTH = 40
MYSQL_TABLE_OPTIONS: dict[str, Any] = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}


def _reference(table: str, referred: str, *, ondelete: str | None = None) -> sa.Column[int]:
    return sa.Column(
        f"{referred}_id",
        sa.Integer(),
        sa.ForeignKey(
            f"{referred}.id", name=f"fk_{table}_{referred}_id_{referred}", ondelete=ondelete
        ),
        nullable=False,
    )


def _page(table: str) -> list[sa.Column[Any]]:
    """The declaring page a history row is about."""
    return [
        _reference(table, "contest"),
        _reference(table, "wiki"),
        sa.Column("page_id", sa.BigInteger(), nullable=False),
    ]


def upgrade() -> None:
    # No batch mode: SQLite adds a column in place when it is nullable or has a constant
    # default, while a batch copy would drop the old entry table, and with it (ON DELETE
    # CASCADE) every verdict.
    op.add_column(
        "entry",
        # Every entry stored so far was declared on a submission page.
        sa.Column("kind", sa.String(16), server_default="submission_page", nullable=False),
    )
    op.add_column("entry", sa.Column("claimed_by", exact_string(USER_LENGTH)))
    op.add_column("entry", sa.Column("claimed_at", UTCDateTime()))
    op.create_table(
        "entry_value",
        _reference("entry_value", "entry", ondelete="CASCADE"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("field", exact_string(FIELD_LENGTH), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("canonical", exact_string(VALUE_ID_LENGTH)),
        sa.PrimaryKeyConstraint("entry_id", "position", name="pk_entry_value"),
        **MYSQL_TABLE_OPTIONS,
    )
    op.create_table(
        "line_origin",
        *_page("line_origin"),
        sa.Column("line_key", exact_string(LINE_KEY_LENGTH), nullable=False),
        sa.Column("user", exact_string(USER_LENGTH), nullable=False),
        sa.Column("timestamp", UTCDateTime(), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "contest_id", "wiki_id", "page_id", "line_key", name="pk_line_origin"
        ),
        **MYSQL_TABLE_OPTIONS,
    )
    op.create_table(
        "history_cursor",
        *_page("history_cursor"),
        sa.Column("last_revision", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("contest_id", "wiki_id", "page_id", name="pk_history_cursor"),
        **MYSQL_TABLE_OPTIONS,
    )


def downgrade() -> None:
    for table in ("history_cursor", "line_origin", "entry_value"):
        op.drop_table(table)
    # SQLite (3.35 and later) drops these columns in place, for the reason given above.
    for column in ("claimed_at", "claimed_by", "kind"):
        op.drop_column("entry", column)
