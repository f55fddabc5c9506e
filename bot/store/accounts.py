"""The participants' accounts as last read from each wiki (``UserFacts``), so that a run
asks a wiki only about participants it has not seen yet."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, sessionmaker

from bot.model import UserFacts
from bot.store.ids import ensure_contest, ensure_participants, ensure_wiki
from bot.store.schema import AccountRow, Base, ContestRow, ParticipantRow, WikiRow

_ACCOUNTS = Base.metadata.tables[AccountRow.__tablename__]


class Accounts:
    """The account table of the store; ``Store`` provides the sessions."""

    _sessions: sessionmaker[Session]

    def accounts(self, contest: str, wiki: str) -> dict[str, UserFacts]:
        """The stored accounts of the contest's participants on ``wiki``, by name."""
        query = (
            select(AccountRow, ParticipantRow.name)
            .join(ParticipantRow, AccountRow.participant_id == ParticipantRow.id)
            .join(WikiRow, AccountRow.wiki_id == WikiRow.id)
            .join(ContestRow, WikiRow.contest_id == ContestRow.id)
            .where(ContestRow.name == contest, WikiRow.key == wiki)
        )
        with self._sessions() as session:
            return {
                name: UserFacts(name, row.exists, row.registered, row.edit_count,
                                row.edits_before_start)
                for row, name in session.execute(query)
            }

    def save_accounts(self, contest: str, wiki: str, users: Iterable[UserFacts]) -> None:
        """Store ``users`` as the accounts of ``wiki``, replacing what was stored for them."""
        users = list(users)
        if not users:
            return
        with self._sessions.begin() as session:
            contest_id = ensure_contest(session, contest)
            wiki_id = ensure_wiki(session, contest_id, wiki).id
            ids = ensure_participants(session, contest_id, {user.name for user in users})
            session.execute(delete(_ACCOUNTS).where(
                _ACCOUNTS.c.wiki_id == wiki_id,
                _ACCOUNTS.c.participant_id.in_([ids[user.name] for user in users])))
            session.execute(insert(_ACCOUNTS), [
                {"wiki_id": wiki_id, "participant_id": ids[user.name], "exists": user.exists,
                 "registered": user.registered, "edit_count": user.edit_count,
                 "edits_before_start": user.edits_before_start}
                for user in users
            ])

    def forget_accounts(self, contest: str, wiki: str) -> None:
        """Forget every stored account of ``wiki`` (its facts are read in full again)."""
        with self._sessions.begin() as session:
            wiki_id = ensure_wiki(session, ensure_contest(session, contest), wiki).id
            session.execute(delete(_ACCOUNTS).where(_ACCOUNTS.c.wiki_id == wiki_id))
