"""Nested verdicts and explained points: each check's place in the rule tree, the terms
of an entry's points, and the facts the new rules compare (sizes of prose, the article
before the contest, the participant's own additions, the Wikidata item, deletion).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from bot.store.columns import ExactDecimal, UTCDateTime, exact_string

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here rather than imported: a later change to the models needs its own revision.
PATH_LENGTH = 255
ITEM_LENGTH = 32
MYSQL_TABLE_OPTIONS: dict[str, Any] = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}
NEW_ENTRY_COLUMNS: list[tuple[str, Any]] = [
    ("page_revision_before", sa.BigInteger()),
    ("page_size_before", sa.BigInteger()),
    ("page_chars", sa.Integer()),
    ("page_references", sa.Integer()),
    ("page_wikibase_item", exact_string(ITEM_LENGTH)),
    ("page_deleted_at", UTCDateTime()),
    ("work_bytes_added", sa.BigInteger()),
    ("work_words_added", sa.Integer()),
    ("work_chars_added", sa.Integer()),
]


def upgrade() -> None:
    # In place, without batch mode, for the reason given in 0002.
    for name, kind in NEW_ENTRY_COLUMNS:
        op.add_column("entry", sa.Column(name, kind))
    # Verdicts stored so far were flat: every check sat at the root.
    op.add_column("verdict", sa.Column("path", exact_string(PATH_LENGTH), server_default="",
                                       nullable=False))
    op.create_table(
        "points_part",
        sa.Column("entry_id", sa.Integer(),
                  sa.ForeignKey("entry.id", name="fk_points_part_entry_id_entry",
                                ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(255), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("points", ExactDecimal(), nullable=False),
        sa.PrimaryKeyConstraint("entry_id", "position", name="pk_points_part"),
        **MYSQL_TABLE_OPTIONS,
    )


def downgrade() -> None:
    op.drop_table("points_part")
    op.drop_column("verdict", "path")
    for name, _ in reversed(NEW_ENTRY_COLUMNS):
        op.drop_column("entry", name)
