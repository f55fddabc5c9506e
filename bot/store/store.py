"""The store: what the bot last knew about every entry, per contest and wiki, its runs,
who added the lines of the declaring pages (``lines``), every jury mark ever read
(``jury_log``), the pages the bot published (``published``), which process runs a
contest (``locks``), the last valid definitions (``documents``) and the requests for an
immediate run (``requests``).

Each wiki is saved in one transaction. A wiki that could not be read is only marked
stale: its last good entries stay, because an API failure is not data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from alembic import command
from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from bot.model import Entry, JuryMark, Result, ReviewItem
from bot.store.accounts import Accounts
from bot.store.documents import Documents
from bot.store.entry_lists import JURY_MARKS, SCORES, VALUES, VERDICTS
from bot.store.ids import ensure_contest, ensure_participants, ensure_wiki
from bot.store.jury_log import JuryLog
from bot.store.lines import LineOrigins
from bot.store.locks import RunLocks
from bot.store.marks import check_marks, outcome_of
from bot.store.migrate import migrate, open_engine
from bot.store.published import PublishedPages
from bot.store.requests import UpdateRequests
from bot.store.schema import (
    PROBLEM_LENGTH,
    Base,
    Checkpoint,
    ContestRow,
    ContestState,
    EntryRow,
    ParticipantRow,
    ReviewItemRow,
    RunRecord,
    RunRow,
    RunStatus,
    WikiRow,
    WikiState,
    entry_columns,
    facts_of,
    location_of,
    source_columns,
    work_of,
)

# Bulk reads and writes go through the tables: ORM objects would cost more than the database.
_ENTRIES = Base.metadata.tables[EntryRow.__tablename__]
_REVIEW_ITEMS = Base.metadata.tables[ReviewItemRow.__tablename__]


class Store(
    LineOrigins, JuryLog, PublishedPages, Accounts, RunLocks, Documents, UpdateRequests
):
    def __init__(self, url: str) -> None:
        self._engine: Engine = open_engine(url)
        migrate(self._engine, lambda config: command.upgrade(config, "head"))
        self._sessions = sessionmaker(self._engine)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._engine.dispose()

    def start_run(self, contest: str, now: datetime) -> int:
        """Record a new run. Called under the contest's lock: a run still "running" then
        is one whose process was killed before it could say how it ended."""
        with self._sessions.begin() as session:
            contest_id = ensure_contest(session, contest)
            session.execute(
                update(RunRow)
                .where(RunRow.contest_id == contest_id, RunRow.status == RunStatus.RUNNING)
                .values(status=RunStatus.FAILED, finished_at=now,
                        error="ended without finishing: its process was killed")
            )
            run = RunRow(
                contest_id=contest_id,
                started_at=now,
                status=RunStatus.RUNNING,
            )
            session.add(run)
            session.flush()
            return run.id

    def finish_run(
        self,
        run_id: int,
        now: datetime,
        *,
        status: str,
        entries: int,
        accepted: int,
        review: int,
        edits: int,
        error: str | None = None,
    ) -> None:
        final_status = RunStatus(status)
        if final_status is RunStatus.RUNNING:
            raise ValueError("a run finishes as ok or failed, not running")
        with self._sessions.begin() as session:
            run = session.get(RunRow, run_id)
            if run is None:
                raise LookupError(f"no run {run_id}")
            run.finished_at = now
            run.status = final_status
            run.entries, run.accepted, run.review, run.edits = entries, accepted, review, edits
            run.error = error

    def save_wiki(
        self,
        contest: str,
        wiki: str,
        results: Sequence[Result],
        review: Sequence[ReviewItem],
        now: datetime,
        stale: str | None = None,
        checkpoint: Checkpoint | None = None,
    ) -> None:
        """Make ``results`` and ``review`` the wiki's whole content, in one transaction.

        Entries keep their ids across runs (keyed by title and participant); rows and
        lists (verdicts, points, values, jury marks) that did not change are not
        rewritten. ``stale`` says why part of the data is old (e.g. declarations reused
        from the last good read): the wiki then keeps its last success time and shows
        the error. ``checkpoint``, when given, is where the next run's reading of the
        wiki's changes starts.
        """
        _check_results(wiki, results)
        _check_review(review)
        with self._sessions.begin() as session:
            contest_id = ensure_contest(session, contest)
            wiki_row = ensure_wiki(session, contest_id, wiki)
            participant_ids = ensure_participants(
                session, contest_id, {result.entry.participant for result in results}
            )
            entry_ids = _save_entries(session, contest_id, wiki_row.id, results, participant_ids)
            saved = list(zip(entry_ids, results, strict=True))
            in_wiki = EntryRow.wiki_id == wiki_row.id
            VERDICTS.save(session, in_wiki, [(entry_id, r.checks) for entry_id, r in saved])
            SCORES.save(session, in_wiki, [(entry_id, r.score) for entry_id, r in saved])
            VALUES.save(session, in_wiki, [(entry_id, r.entry.values) for entry_id, r in saved])
            JURY_MARKS.save(session, in_wiki, [(entry_id, _marks(r)) for entry_id, r in saved])
            _replace_review(session, contest_id, wiki_row.id, review)
            wiki_row.last_checked_at = now
            wiki_row.error = stale
            if stale is None:
                wiki_row.last_success_at = now
            if checkpoint is not None:
                wiki_row.changes_until = checkpoint.changes_until
                wiki_row.facts_key = checkpoint.facts_key
                wiki_row.full_read_at = checkpoint.full_read_at

    def mark_stale(self, contest: str, wiki: str, error: str, now: datetime) -> None:
        with self._sessions.begin() as session:
            wiki_row = ensure_wiki(session, ensure_contest(session, contest), wiki)
            wiki_row.last_checked_at = now
            wiki_row.error = error

    def load(self, contest: str) -> ContestState:
        with self._sessions() as session:
            contest_id = session.scalar(select(ContestRow.id).where(ContestRow.name == contest))
            if contest_id is None:
                return ContestState(contest, (), (), ())
            return ContestState(
                contest,
                _load_results(session, contest_id),
                _load_review(session, contest_id),
                _load_wikis(session, contest_id),
            )

    def runs(self, contest: str, limit: int = 20) -> list[RunRecord]:
        """The contest's most recent runs, newest first."""
        query = (
            select(RunRow)
            .join(ContestRow)
            .where(ContestRow.name == contest)
            .order_by(RunRow.started_at.desc(), RunRow.id.desc())
            .limit(limit)
        )
        with self._sessions() as session:
            return [
                RunRecord(
                    run.id,
                    contest,
                    run.started_at,
                    run.finished_at,
                    run.status,
                    run.entries,
                    run.accepted,
                    run.review,
                    run.edits,
                    run.error,
                )
                for run in session.scalars(query)
            ]


def _check_results(wiki: str, results: Sequence[Result]) -> None:
    """Refuse what the schema could not store faithfully, before anything is written."""
    seen: set[tuple[str, str]] = set()
    for result in results:
        entry = result.entry
        if entry.wiki != wiki:
            raise ValueError(f"entry {entry.title!r} belongs to wiki {entry.wiki!r}, not {wiki!r}")
        if result.facts is not None and result.facts.declared_title != entry.title:
            raise ValueError(
                f"facts of {result.facts.declared_title!r} attached to entry {entry.title!r}"
            )
        key = (entry.title, entry.participant)
        if key in seen:
            raise ValueError(f"{entry.participant!r} declared {entry.title!r} twice on {wiki!r}")
        seen.add(key)
        check_marks(wiki, _marks(result), f"the jury outcome of {entry.title!r}")


def _check_review(review: Sequence[ReviewItem]) -> None:
    for item in review:
        if len(item.problem) > PROBLEM_LENGTH:
            raise ValueError(
                f"problem keys have at most {PROBLEM_LENGTH} characters, not {item.problem!r}"
            )


def _marks(result: Result) -> tuple[JuryMark, ...]:
    return () if result.jury is None else result.jury.marks


def _save_entries(
    session: Session,
    contest_id: int,
    wiki_id: int,
    results: Sequence[Result],
    participant_ids: dict[str, int],
) -> list[int]:
    """Upsert the wiki's entries, delete the vanished ones; their ids in ``results`` order.

    Rows are compared first so that the usual run, where little changed, writes little.
    """
    in_wiki = (EntryRow.contest_id == contest_id, EntryRow.wiki_id == wiki_id)
    stored = {
        (row["declared_title"], row["participant_id"]): row
        for row in session.execute(select(_ENTRIES).where(*in_wiki)).mappings()
    }
    keys = [(result.entry.title, participant_ids[result.entry.participant]) for result in results]
    new_rows: list[dict[str, Any]] = []
    changed_rows: list[dict[str, Any]] = []
    for (title, participant_id), result in zip(keys, results, strict=True):
        values = entry_columns(result)
        row = stored.pop((title, participant_id), None)
        if row is None:
            new_rows.append(
                {
                    "contest_id": contest_id,
                    "wiki_id": wiki_id,
                    "participant_id": participant_id,
                    "declared_title": title,
                    **values,
                }
            )
        elif any(row[column] != value for column, value in values.items()):
            changed_rows.append({"id": row["id"], **values})
    if stored:  # vanished entries; their verdicts and values go by ON DELETE CASCADE
        session.execute(
            delete(_ENTRIES).where(_ENTRIES.c.id.in_([row["id"] for row in stored.values()]))
        )
    if changed_rows:
        session.execute(update(EntryRow), changed_rows)  # by primary key, as executemany
    if new_rows:
        session.execute(insert(_ENTRIES), new_rows)
    query = select(EntryRow.declared_title, EntryRow.participant_id, EntryRow.id).where(*in_wiki)
    ids = {
        (title, participant): entry_id for title, participant, entry_id in session.execute(query)
    }
    return [ids[key] for key in keys]


def _replace_review(
    session: Session, contest_id: int, wiki_id: int, review: Sequence[ReviewItem]
) -> None:
    session.execute(delete(ReviewItemRow).where(ReviewItemRow.wiki_id == wiki_id))
    if review:
        session.execute(
            insert(_REVIEW_ITEMS),
            [
                {
                    "contest_id": contest_id,
                    "wiki_id": wiki_id,
                    "problem": item.problem,
                    "params": item.params,
                    **source_columns(item.source, item.text),
                }
                for item in review
            ],
        )


def _load_results(session: Session, contest_id: int) -> tuple[Result, ...]:
    in_contest = EntryRow.contest_id == contest_id
    checks = VERDICTS.load(session, in_contest)
    scores = SCORES.load(session, in_contest)
    values = VALUES.load(session, in_contest)
    marks = JURY_MARKS.load(session, in_contest)
    query = (
        select(
            _ENTRIES,
            WikiRow.key.label("wiki_key"),
            ParticipantRow.name.label("participant_name"),
        )
        .join(WikiRow, EntryRow.wiki_id == WikiRow.id)
        .join(ParticipantRow, EntryRow.participant_id == ParticipantRow.id)
        .where(in_contest)
        .order_by(WikiRow.key, ParticipantRow.name, EntryRow.declared_title)
    )
    return tuple(
        Result(
            entry=Entry(
                wiki=row["wiki_key"],
                title=row["declared_title"],
                participant=row["participant_name"],
                source=location_of(row),
                text=row["text"],
                kind=row["kind"],
                claimed_by=row["claimed_by"],
                claimed_at=row["claimed_at"],
                values=values.get(row["id"], ()),
            ),
            facts=facts_of(row),
            checks=checks.get(row["id"], ()),
            status=row["status"],
            points=row["points"],
            score=scores.get(row["id"], ()),
            work=work_of(row),
            expansion=row["expansion"],
            newcomer=row["newcomer"],
            jury=outcome_of(row["jury_decision"], row["jury_points"], marks.get(row["id"], ())),
        )
        for row in session.execute(query).mappings()
    )


def _load_review(session: Session, contest_id: int) -> tuple[ReviewItem, ...]:
    query = (
        select(_REVIEW_ITEMS)
        .where(ReviewItemRow.contest_id == contest_id)
        .order_by(
            ReviewItemRow.source_wiki,
            ReviewItemRow.source_page,
            ReviewItemRow.source_line,
            ReviewItemRow.id,
        )
    )
    return tuple(
        ReviewItem(location_of(item), item["text"], item["problem"], item["params"])
        for item in session.execute(query).mappings()
    )


def _load_wikis(session: Session, contest_id: int) -> tuple[WikiState, ...]:
    query = select(WikiRow).where(WikiRow.contest_id == contest_id).order_by(WikiRow.key)
    return tuple(
        WikiState(row.key, row.last_checked_at, row.last_success_at, row.error,
                  Checkpoint(row.changes_until, row.facts_key, row.full_read_at))
        for row in session.scalars(query)
    )
