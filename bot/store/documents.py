"""The last valid text of each contest definition and registry, so that a broken edit of
one never stops the bot: it goes on with the last text that was valid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from bot.store.schema import DOCUMENT_KEY_LENGTH, Base, DocumentRow, upsert

_DOCUMENTS = Base.metadata.tables[DocumentRow.__tablename__]


@dataclass(frozen=True, slots=True)
class Document:
    key: str  # e.g. "definition meta:meta:CEE Spring 2026/Bot definition"
    text: str
    revision: int | None  # the wiki revision of ``text``; None for a file
    saved_at: datetime


class Documents:
    """The document table of the store; ``Store`` provides the sessions."""

    _sessions: sessionmaker[Session]

    def document(self, key: str) -> Document | None:
        """The document last saved under ``key``; None when there is none."""
        with self._sessions() as session:
            row = session.get(DocumentRow, key)
            return None if row is None else Document(row.key, row.text, row.revision,
                                                     row.saved_at)

    def save_document(self, key: str, text: str, revision: int | None, now: datetime) -> None:
        """Keep ``text`` as the document of ``key``, replacing the one saved before."""
        if len(key) > DOCUMENT_KEY_LENGTH:
            raise ValueError(
                f"document keys have at most {DOCUMENT_KEY_LENGTH} characters, "
                f"not {len(key)}: {key[:80]!r}…"
            )
        with self._sessions.begin() as session:
            upsert(session, _DOCUMENTS, {"key": key},
                   {"text": text, "revision": revision, "saved_at": now})
