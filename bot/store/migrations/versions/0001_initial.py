"""Initial schema: contests, wikis, participants, entries with verdicts, review items, runs.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from bot.store.columns import ExactDecimal, UTCDateTime, exact_string

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here rather than imported: a later change to the models needs its own revision.
KEY_LENGTH = 64
USER_LENGTH = 255
TITLE_LENGTH = 512
MYSQL_TABLE_OPTIONS: dict[str, Any] = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _reference(
    table: str, referred: str, *, primary_key: bool = False, ondelete: str | None = None
) -> sa.Column[int]:
    return sa.Column(
        f"{referred}_id",
        sa.Integer(),
        sa.ForeignKey(
            f"{referred}.id", name=f"fk_{table}_{referred}_id_{referred}", ondelete=ondelete
        ),
        primary_key=primary_key,
        nullable=False,
    )


def _source() -> list[sa.Column[Any]]:
    """Where an entry or review item was declared (a ``Location``) and the line itself."""
    return [
        sa.Column("source_wiki", exact_string(KEY_LENGTH), nullable=False),
        sa.Column("source_page", exact_string(TITLE_LENGTH), nullable=False),
        sa.Column("source_line", sa.Integer()),
        sa.Column("source_revision", sa.BigInteger()),
        sa.Column("text", sa.Text(), nullable=False),
    ]


def _status() -> sa.Column[str]:
    return sa.Column("status", sa.String(16), nullable=False)


def upgrade() -> None:
    op.create_table(
        "contest",
        _id(),
        sa.Column("name", exact_string(USER_LENGTH), nullable=False),
        sa.UniqueConstraint("name", name="uq_contest_name"),
        **MYSQL_TABLE_OPTIONS,
    )
    op.create_table(
        "wiki",
        _id(),
        _reference("wiki", "contest"),
        sa.Column("key", exact_string(KEY_LENGTH), nullable=False),
        sa.Column("last_checked_at", UTCDateTime()),
        sa.Column("last_success_at", UTCDateTime()),
        sa.Column("error", sa.Text()),
        sa.UniqueConstraint("contest_id", "key", name="uq_wiki_contest_id_key"),
        **MYSQL_TABLE_OPTIONS,
    )
    op.create_table(
        "participant",
        _id(),
        _reference("participant", "contest"),
        sa.Column("name", exact_string(USER_LENGTH), nullable=False),
        sa.UniqueConstraint("contest_id", "name", name="uq_participant_contest_id_name"),
        **MYSQL_TABLE_OPTIONS,
    )
    op.create_table(
        "entry",
        _id(),
        _reference("entry", "contest"),
        _reference("entry", "wiki"),
        _reference("entry", "participant"),
        sa.Column("declared_title", exact_string(TITLE_LENGTH), nullable=False),
        *_source(),
        _status(),
        sa.Column("points", ExactDecimal(), nullable=False),
        sa.Column("page_exists", sa.Boolean()),
        sa.Column("page_title", exact_string(TITLE_LENGTH)),
        sa.Column("page_id", sa.BigInteger()),
        sa.Column("page_namespace", sa.Integer()),
        sa.Column("page_length", sa.BigInteger()),
        sa.Column("page_latest_revision", sa.BigInteger()),
        sa.Column("page_redirect_target", exact_string(TITLE_LENGTH)),
        sa.Column("page_moved", sa.Boolean()),
        sa.Column("page_is_disambiguation", sa.Boolean()),
        sa.Column("page_creator", exact_string(USER_LENGTH)),
        sa.Column("page_created_at", UTCDateTime()),
        sa.Column("page_words", sa.Integer()),
        sa.UniqueConstraint(
            "contest_id",
            "wiki_id",
            "declared_title",
            "participant_id",
            name="uq_entry_contest_id_wiki_id_declared_title_participant_id",
        ),
        **MYSQL_TABLE_OPTIONS,
    )
    op.create_table(
        "verdict",
        _reference("verdict", "entry", primary_key=True, ondelete="CASCADE"),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column("rule", sa.String(255), nullable=False),
        sa.Column("expected", sa.Text(), nullable=False),
        sa.Column("actual", sa.Text(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        **MYSQL_TABLE_OPTIONS,
    )
    op.create_table(
        "review_item",
        _id(),
        _reference("review_item", "contest"),
        _reference("review_item", "wiki"),
        *_source(),
        sa.Column("reason", sa.Text(), nullable=False),
        **MYSQL_TABLE_OPTIONS,
    )
    op.create_index("ix_review_item_contest_id_wiki_id", "review_item", ["contest_id", "wiki_id"])
    op.create_table(
        "run",
        _id(),
        _reference("run", "contest"),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime()),
        _status(),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("review", sa.Integer(), nullable=False),
        sa.Column("edits", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text()),
        **MYSQL_TABLE_OPTIONS,
    )
    op.create_index("ix_run_contest_id_started_at", "run", ["contest_id", "started_at"])


def downgrade() -> None:
    for table in ("run", "review_item", "verdict", "entry", "participant", "wiki", "contest"):
        op.drop_table(table)
