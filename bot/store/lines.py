"""Who added each line of a declaring page, and how far the page's history has been read.

Attribution (``bot.sources.history``) reads a page's history once: later runs read only
the revisions after the cursor and add the lines first seen in them.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import ColumnElement, insert, select
from sqlalchemy.orm import Session, sessionmaker

from bot.model import LineOrigin
from bot.store.ids import ensure_contest, ensure_wiki
from bot.store.schema import (
    LINE_KEY_LENGTH,
    Base,
    ContestRow,
    HistoryCursorRow,
    LineOriginRow,
    PageColumns,
    WikiRow,
)

_ORIGINS = Base.metadata.tables[LineOriginRow.__tablename__]


class LineOrigins:
    """The line origins of the store; ``Store`` provides the sessions."""

    _sessions: sessionmaker[Session]

    def line_origins(
        self, contest: str, wiki: str, page_id: int
    ) -> tuple[int | None, dict[str, LineOrigin]]:
        """The last revision of the page that was read (None: none yet) and the origins
        of the lines seen up to it, by ``line_key``."""
        with self._sessions() as session:
            ids = session.execute(
                select(WikiRow.contest_id, WikiRow.id)
                .join(ContestRow)
                .where(ContestRow.name == contest, WikiRow.key == wiki)
            ).first()
            if ids is None:
                return None, {}
            contest_id, wiki_id = ids
            last = session.scalar(
                select(HistoryCursorRow.last_revision).where(
                    *_on_page(HistoryCursorRow, contest_id, wiki_id, page_id)
                )
            )
            query = select(
                LineOriginRow.line_key,
                LineOriginRow.user,
                LineOriginRow.timestamp,
                LineOriginRow.revision,
            ).where(*_on_page(LineOriginRow, contest_id, wiki_id, page_id))
            origins = {
                key: LineOrigin(user, timestamp, revision)
                for key, user, timestamp, revision in session.execute(query)
            }
            return last, origins

    def save_line_origins(
        self,
        contest: str,
        wiki: str,
        page_id: int,
        last_revision: int,
        new: Mapping[str, LineOrigin],
    ) -> None:
        """Add the origins of the lines first seen up to ``last_revision`` and move the
        page's cursor there, in one transaction.

        A line's origin never changes: a key that is already stored is refused
        (``IntegrityError``) and nothing of the call is kept.
        """
        bad_keys = [key for key in new if len(key) != LINE_KEY_LENGTH]
        if bad_keys:
            raise ValueError(f"line keys are {LINE_KEY_LENGTH} characters, not {bad_keys[0]!r}")
        with self._sessions.begin() as session:
            contest_id = ensure_contest(session, contest)
            wiki_id = ensure_wiki(session, contest_id, wiki).id
            page = {"contest_id": contest_id, "wiki_id": wiki_id, "page_id": page_id}
            if new:
                session.execute(
                    insert(_ORIGINS),
                    [
                        {
                            **page,
                            "line_key": key,
                            "user": origin.user,
                            "timestamp": origin.timestamp,
                            "revision": origin.revision,
                        }
                        for key, origin in new.items()
                    ],
                )
            cursor = session.get(HistoryCursorRow, (contest_id, wiki_id, page_id))
            if cursor is None:
                session.add(HistoryCursorRow(**page, last_revision=last_revision))
            else:
                cursor.last_revision = last_revision


def _on_page(
    rows: type[PageColumns], contest_id: int, wiki_id: int, page_id: int
) -> tuple[ColumnElement[bool], ...]:
    return (rows.contest_id == contest_id, rows.wiki_id == wiki_id, rows.page_id == page_id)
