"""Requests for an immediate run: how far each update page's history has been read, and
the requests found there, so that the status page can show who asked, when, and whether
the bot ran or ignored it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.store.ids import ensure_contest
from bot.store.schema import (
    Base,
    ContestRow,
    UpdateRequestCursorRow,
    UpdateRequestRow,
    upsert,
)

_CURSORS = Base.metadata.tables[UpdateRequestCursorRow.__tablename__]
_REQUESTS = Base.metadata.tables[UpdateRequestRow.__tablename__]


class Request(Protocol):
    """An edit of an update page (``bot.contests.requests.UpdateRequest``)."""

    @property
    def contest(self) -> str: ...
    @property
    def wiki(self) -> str: ...
    @property
    def page(self) -> str: ...
    @property
    def revision(self) -> int: ...
    @property
    def user(self) -> str: ...
    @property
    def at(self) -> datetime: ...
    @property
    def allowed(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class RequestRecord:
    contest: str
    wiki: str
    page: str
    revision: int
    user: str
    at: datetime  # when the edit was made
    allowed: bool  # made by an organizer or a juror
    handled_at: datetime | None  # when the bot ran for it or ignored it; None: not yet


class UpdateRequests:
    """The update request tables of the store; ``Store`` provides the sessions."""

    _sessions: sessionmaker[Session]

    def request_cursor(self, contest: str, wiki: str, page: str) -> int | None:
        """The last revision of the update page read for requests; None: never read."""
        query = (
            select(UpdateRequestCursorRow.last_revision)
            .join(ContestRow)
            .where(
                ContestRow.name == contest,
                UpdateRequestCursorRow.wiki == wiki,
                UpdateRequestCursorRow.page == page,
            )
        )
        with self._sessions() as session:
            return session.scalar(query)

    def move_request_cursor(self, contest: str, wiki: str, page: str, revision: int) -> None:
        """Record that the update page has been read for requests up to ``revision``."""
        with self._sessions.begin() as session:
            key = {"contest_id": ensure_contest(session, contest), "wiki": wiki, "page": page}
            upsert(session, _CURSORS, key, {"last_revision": revision})

    def record_request(self, request: Request, *, handled: bool, now: datetime) -> None:
        """Keep ``request``; ``handled``: the bot ran for it or ignored it at ``now``.

        The same edit recorded again replaces its record, e.g. to mark it handled once
        its run is done.
        """
        with self._sessions.begin() as session:
            key = {
                "contest_id": ensure_contest(session, request.contest),
                "wiki": request.wiki,
                "page": request.page,
                "revision": request.revision,
            }
            values = {
                "user": request.user,
                "at": request.at,
                "allowed": request.allowed,
                "handled_at": now if handled else None,
            }
            upsert(session, _REQUESTS, key, values)

    def recent_requests(self, contest: str, limit: int = 5) -> list[RequestRecord]:
        """The contest's last ``limit`` requests, newest first."""
        query = (
            select(UpdateRequestRow)
            .join(ContestRow)
            .where(ContestRow.name == contest)
            .order_by(UpdateRequestRow.at.desc(), UpdateRequestRow.id.desc())
            .limit(limit)
        )
        with self._sessions() as session:
            return [
                RequestRecord(contest, row.wiki, row.page, row.revision, row.user, row.at,
                              row.allowed, row.handled_at)
                for row in session.scalars(query)
            ]
