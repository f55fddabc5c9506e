"""The pages the bot publishes (results, jury lists), as last published: a page is
edited only when its body changed, and says when the results last changed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from bot.store.ids import ensure_contest
from bot.store.schema import HASH_LENGTH, ContestRow, PublishedPageRow

_HASH = re.compile(f"[0-9a-f]{{{HASH_LENGTH}}}")


def body_hash(body: str) -> str:
    """What a published page keeps of its body: enough to tell that it changed."""
    return hashlib.sha256(body.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class PublishedPage:
    wiki: str
    title: str
    body_hash: str  # ``body_hash`` of the body last published
    changed_at: datetime  # when the body last changed
    edited_at: datetime | None  # when the bot last saved the page; None: not yet


class PublishedPages:
    """The published pages of the store; ``Store`` provides the sessions."""

    _sessions: sessionmaker[Session]

    def published_pages(self, contest: str) -> dict[tuple[str, str], PublishedPage]:
        """The contest's published pages by wiki and title."""
        query = (
            select(PublishedPageRow)
            .join(ContestRow)
            .where(ContestRow.name == contest)
            .order_by(PublishedPageRow.wiki, PublishedPageRow.title)
        )
        with self._sessions() as session:
            return {
                (row.wiki, row.title): PublishedPage(
                    row.wiki, row.title, row.body_hash, row.changed_at, row.edited_at
                )
                for row in session.scalars(query)
            }

    def save_published(self, contest: str, page: PublishedPage) -> None:
        """Record ``page`` as the contest's page of its wiki and title, replacing the last."""
        if not _HASH.fullmatch(page.body_hash):
            raise ValueError(f"a body hash is SHA-256 in lowercase hex, not {page.body_hash!r}")
        with self._sessions.begin() as session:
            contest_id = ensure_contest(session, contest)
            row = session.get(PublishedPageRow, (contest_id, page.wiki, page.title))
            if row is None:
                row = PublishedPageRow(contest_id=contest_id, wiki=page.wiki, title=page.title)
                session.add(row)
            row.body_hash = page.body_hash
            row.changed_at = page.changed_at
            row.edited_at = page.edited_at

    def forget_published(self, contest: str, wiki: str, title: str) -> None:
        """Forget a page the bot no longer publishes; nothing when it was not recorded."""
        contest_id = select(ContestRow.id).where(ContestRow.name == contest).scalar_subquery()
        with self._sessions.begin() as session:
            session.execute(
                delete(PublishedPageRow).where(
                    PublishedPageRow.contest_id == contest_id,
                    PublishedPageRow.wiki == wiki,
                    PublishedPageRow.title == title,
                )
            )
