"""Incremental runs: each wiki's checkpoint in its recent changes, the categories and
templates of an entry's page (so that its rules can be evaluated again without reading
it), and the participants' accounts.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from bot.store.columns import UTCDateTime, exact_string

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here rather than imported: a later change to the models needs its own revision.
HASH_LENGTH = 64
MYSQL_TABLE_OPTIONS: dict[str, Any] = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}


def _wiki_columns() -> list[sa.Column[Any]]:
    # NULL everywhere: a wiki stored before is read in full on its next run.
    return [
        sa.Column("changes_until", UTCDateTime()),
        sa.Column("facts_key", exact_string(HASH_LENGTH)),
        sa.Column("full_read_at", UTCDateTime()),
    ]


def _entry_columns() -> list[sa.Column[Any]]:
    return [sa.Column("page_categories", sa.Text()), sa.Column("page_templates", sa.Text())]


def upgrade() -> None:
    # In place, without batch mode, for the reason given in 0002.
    for column in _wiki_columns():
        op.add_column("wiki", column)
    for column in _entry_columns():
        op.add_column("entry", column)
    op.create_table(
        "account",
        sa.Column("wiki_id", sa.Integer(), sa.ForeignKey(
            "wiki.id", name="fk_account_wiki_id_wiki", ondelete="CASCADE"), nullable=False),
        sa.Column("participant_id", sa.Integer(), sa.ForeignKey(
            "participant.id", name="fk_account_participant_id_participant", ondelete="CASCADE"),
            nullable=False),
        sa.Column("exists", sa.Boolean(), nullable=False),
        sa.Column("registered", UTCDateTime()),
        sa.Column("edit_count", sa.Integer()),
        sa.Column("edits_before_start", sa.Integer()),
        sa.PrimaryKeyConstraint("wiki_id", "participant_id", name="pk_account"),
        **MYSQL_TABLE_OPTIONS,
    )


def downgrade() -> None:
    op.drop_table("account")
    for column in reversed(_entry_columns()):
        op.drop_column("entry", column.name)
    for column in reversed(_wiki_columns()):
        op.drop_column("wiki", column.name)
