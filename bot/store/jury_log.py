"""Every jury mark the bot has read, kept after its line leaves the jury page, so that
the jury's trail survives edits of the page (an audit log: rows are never deleted).

A mark is the same mark while its identity is: the revision of the jury page that
added its line, and what it says. Its line number is not part of it, because lines
shift as the page grows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.model import JuryMark
from bot.store.ids import ensure_contest, ensure_wiki
from bot.store.marks import check_marks, mark_columns, mark_of
from bot.store.schema import Base, ContestRow, JuryLogRow, WikiRow

_LOG = Base.metadata.tables[JuryLogRow.__tablename__]
_IDENTITY = (
    "source_page",
    "source_revision",
    "juror",
    "kind",
    "title",
    "participant",
    "reason",
    "points",
)


@dataclass(frozen=True, slots=True)
class JuryLogRecord:
    mark: JuryMark  # as first read, but at the line where it was last seen
    first_seen_at: datetime
    withdrawn_at: datetime | None  # when it was first missed from the jury page; None: there


class JuryLog:
    """The jury log of the store; ``Store`` provides the sessions."""

    _sessions: sessionmaker[Session]

    def record_jury_marks(
        self, contest: str, wiki: str, marks: Sequence[JuryMark], now: datetime
    ) -> None:
        """Log the marks that ``wiki``'s jury pages hold now, in one transaction: new
        ones are added, missing ones are withdrawn, and those back again are not."""
        check_marks(wiki, marks, "the jury log")
        with self._sessions.begin() as session:
            contest_id = ensure_contest(session, contest)
            wiki_id = ensure_wiki(session, contest_id, wiki).id
            logged = {
                _identity(row): row
                for row in session.execute(
                    select(_LOG).where(_LOG.c.contest_id == contest_id, _LOG.c.wiki_id == wiki_id)
                ).mappings()
            }
            current: dict[tuple[Any, ...], dict[str, Any]] = {}
            for mark in marks:  # a mark written twice in one revision is logged once
                columns = mark_columns(mark)
                current.setdefault(_identity(columns), columns)
            new = [
                {"contest_id": contest_id, "wiki_id": wiki_id, **columns, "first_seen_at": now}
                for identity, columns in current.items()
                if identity not in logged
            ]
            seen_again = [
                {
                    "id": row["id"],
                    "source_line": current[identity]["source_line"],
                    "withdrawn_at": None,
                }
                for identity, row in logged.items()
                if identity in current
                and (
                    row["withdrawn_at"] is not None
                    or row["source_line"] != current[identity]["source_line"]
                )
            ]
            gone = [
                row["id"]
                for identity, row in logged.items()
                if identity not in current and row["withdrawn_at"] is None
            ]
            if new:
                session.execute(insert(_LOG), new)
            if seen_again:
                session.execute(update(JuryLogRow), seen_again)  # by primary key
            if gone:
                session.execute(update(_LOG).where(_LOG.c.id.in_(gone)).values(withdrawn_at=now))

    def jury_log(self, contest: str) -> tuple[JuryLogRecord, ...]:
        """The contest's logged marks, ordered by wiki, time of marking and logging."""
        query = (
            select(_LOG, WikiRow.key.label("wiki_key"))
            .join(WikiRow, _LOG.c.wiki_id == WikiRow.id)
            .join(ContestRow, _LOG.c.contest_id == ContestRow.id)
            .where(ContestRow.name == contest)
            .order_by(WikiRow.key, _LOG.c.marked_at, _LOG.c.id)
        )
        with self._sessions() as session:
            return tuple(
                JuryLogRecord(
                    mark_of(row["wiki_key"], row), row["first_seen_at"], row["withdrawn_at"]
                )
                for row in session.execute(query).mappings()
            )


def _identity(columns: Mapping[Any, Any]) -> tuple[Any, ...]:
    return tuple(columns[name] for name in _IDENTITY)
