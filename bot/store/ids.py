"""The rows that everything else hangs from (contests, wikis, participants), found by name
and created on first use, within the caller's transaction."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from bot.store.schema import ContestRow, ParticipantRow, WikiRow


def ensure_contest(session: Session, name: str) -> int:
    contest_id = session.scalar(select(ContestRow.id).where(ContestRow.name == name))
    if contest_id is not None:
        return contest_id
    row = ContestRow(name=name)
    session.add(row)
    session.flush()
    return row.id


def ensure_wiki(session: Session, contest_id: int, key: str) -> WikiRow:
    row = session.scalar(
        select(WikiRow).where(WikiRow.contest_id == contest_id, WikiRow.key == key)
    )
    if row is None:
        row = WikiRow(contest_id=contest_id, key=key)
        session.add(row)
        session.flush()
    return row


def ensure_participants(session: Session, contest_id: int, names: set[str]) -> dict[str, int]:
    def known() -> dict[str, int]:
        query = select(ParticipantRow.name, ParticipantRow.id).where(
            ParticipantRow.contest_id == contest_id, ParticipantRow.name.in_(names)
        )
        return {name: participant_id for name, participant_id in session.execute(query)}

    ids = known()
    missing = names - ids.keys()
    if missing:
        session.execute(
            insert(ParticipantRow), [{"contest_id": contest_id, "name": name} for name in missing]
        )
        ids = known()
    return ids
