"""Operations: which process runs a contest (run locks), the last valid contest
definitions and registries, and the requests for an immediate run read from the
contests' update pages.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

from bot.store.columns import UTCDateTime, exact_string

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here rather than imported: a later change to the models needs its own revision.
KEY_LENGTH = 64
USER_LENGTH = 255
TITLE_LENGTH = 512
CONTEST_LENGTH = 255
OWNER_LENGTH = 255
DOCUMENT_KEY_LENGTH = 512
MYSQL_TABLE_OPTIONS: dict[str, Any] = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}
# New tables only: nothing stored before changes, and a downgrade just drops them.
TABLES = ("run_lock", "document", "update_request_cursor", "update_request")


def _page_of_contest(table: str) -> list[sa.Column[Any]]:
    return [
        sa.Column(
            "contest_id",
            sa.Integer(),
            sa.ForeignKey("contest.id", name=f"fk_{table}_contest_id_contest"),
            nullable=False,
        ),
        sa.Column("wiki", exact_string(KEY_LENGTH), nullable=False),
        sa.Column("page", exact_string(TITLE_LENGTH), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "run_lock",
        sa.Column("contest", exact_string(CONTEST_LENGTH), nullable=False),
        sa.Column("owner", exact_string(OWNER_LENGTH), nullable=False),
        sa.Column("acquired_at", UTCDateTime(), nullable=False),
        sa.Column("renewed_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("contest", name="pk_run_lock"),
        **MYSQL_TABLE_OPTIONS,
    )
    op.create_table(
        "document",
        sa.Column("key", exact_string(DOCUMENT_KEY_LENGTH), nullable=False),
        sa.Column(
            "text", sa.Text().with_variant(mysql.MEDIUMTEXT(), "mysql", "mariadb"), nullable=False
        ),
        sa.Column("revision", sa.BigInteger()),
        sa.Column("saved_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_document"),
        **MYSQL_TABLE_OPTIONS,
    )
    op.create_table(
        "update_request_cursor",
        *_page_of_contest("update_request_cursor"),
        sa.Column("last_revision", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("contest_id", "wiki", "page", name="pk_update_request_cursor"),
        **MYSQL_TABLE_OPTIONS,
    )
    op.create_table(
        "update_request",
        sa.Column("id", sa.Integer(), nullable=False),
        *_page_of_contest("update_request"),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.Column("user", exact_string(USER_LENGTH), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("allowed", sa.Boolean(), nullable=False),
        sa.Column("handled_at", UTCDateTime()),
        sa.PrimaryKeyConstraint("id", name="pk_update_request"),
        sa.UniqueConstraint(
            "contest_id", "wiki", "page", "revision",
            name="uq_update_request_contest_id_wiki_page_revision",
        ),
        **MYSQL_TABLE_OPTIONS,
    )


def downgrade() -> None:
    for table in reversed(TABLES):
        op.drop_table(table)
