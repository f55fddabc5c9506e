"""One process at a time runs a contest: a lock row per contest in the database, which
every process that may run it (cron jobs, ``serve``, an operator's ``run``) shares.

The holder renews the lock while it runs. A lock whose holder stopped renewing it for
``STALE_AFTER`` is taken over, as is at once one held by a process of this host that no
longer exists (killed: it could not release it). Every step is its own short transaction,
and a takeover is a compare-and-swap, so two processes never both win.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Update, delete, insert, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from bot.store.schema import RunLockRow

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=5)  # a holder on another host is gone after this long
RENEW_EVERY = timedelta(seconds=30)  # well inside STALE_AFTER: a slow query is no takeover
POLL_EVERY = timedelta(seconds=2)  # how often a waiting process tries again
_ATTEMPTS = 5  # the lock changed hands under us this many times: report who has it now


def lock_owner() -> str:
    """A new owner string, "host:pid:random": the host and pid tell whether the holder
    still exists; the random part tells two runs of one process apart."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


@dataclass(frozen=True, slots=True)
class LockHolder:
    owner: str
    acquired_at: datetime
    renewed_at: datetime


class LockHeld(Exception):
    """Another process runs the contest (and did not let go within the wait)."""

    def __init__(self, contest: str, holder: str, since: datetime | None = None) -> None:
        when = "" if since is None else f" since {since.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
        super().__init__(f"{contest} is being run by {holder}{when}")
        self.contest = contest
        self.holder = holder
        self.since = since


class RunLocks:
    """The run_lock table of the store; ``Store`` provides the sessions."""

    _sessions: sessionmaker[Session]

    def lock_holder(self, contest: str) -> LockHolder | None:
        """Who holds the contest's lock; None when nobody does."""
        with self._sessions() as session:
            row = session.get(RunLockRow, contest)
            return None if row is None else LockHolder(row.owner, row.acquired_at,
                                                       row.renewed_at)

    def acquire_lock(
        self, contest: str, owner: str, now: datetime, stale_after: timedelta
    ) -> str | None:
        """Take the contest's lock for ``owner``: None when it is ours (now or already),
        else the owner who holds it."""
        holder = None
        for _ in range(_ATTEMPTS):
            if self._insert_lock(contest, owner, now):
                return None
            holder = self.lock_holder(contest)
            if holder is None:  # released in between
                continue
            if holder.owner == owner:
                if self.renew_lock(contest, owner, now):
                    return None
                continue
            if not _is_stale(holder, now, stale_after):
                return holder.owner
            if self._take_over(contest, holder, owner, now):
                log.warning("took over the lock of %s from %s (last renewed %s)",
                            contest, holder.owner, holder.renewed_at.isoformat())
                return None
        return "another process" if holder is None else holder.owner

    def renew_lock(self, contest: str, owner: str, now: datetime) -> bool:
        """Tell the others that ``owner`` still runs the contest; False if it lost the lock."""
        with self._sessions.begin() as session:
            return _matched(session, update(RunLockRow)
                            .where(RunLockRow.contest == contest, RunLockRow.owner == owner)
                            .values(renewed_at=now)) == 1

    def release_lock(self, contest: str, owner: str) -> None:
        """Let go of the lock if ``owner`` holds it (never of another owner's)."""
        with self._sessions.begin() as session:
            session.execute(
                delete(RunLockRow).where(RunLockRow.contest == contest, RunLockRow.owner == owner)
            )

    @contextmanager
    def run_lock(
        self,
        contest: str,
        *,
        wait: timedelta = timedelta(0),
        stale_after: timedelta = STALE_AFTER,
        renew_every: timedelta = RENEW_EVERY,
    ) -> Iterator[str]:
        """Hold the contest's lock for the block, renewed in the background; yields its owner.

        ``LockHeld`` when another process holds it for longer than ``wait``.
        """
        owner = lock_owner()
        deadline = time.monotonic() + wait.total_seconds()
        while (holder := self.acquire_lock(contest, owner, _utcnow(), stale_after)) is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                held = self.lock_holder(contest)
                since = held.acquired_at if held is not None and held.owner == holder else None
                raise LockHeld(contest, holder, since)
            time.sleep(min(left, POLL_EVERY.total_seconds()))
        stop = threading.Event()
        renewal = threading.Thread(
            target=self._keep_renewing, args=(contest, owner, renew_every, stop),
            name=f"lock renewal: {contest}", daemon=True,
        )
        renewal.start()
        try:
            yield owner
        finally:
            stop.set()
            renewal.join()
            try:
                self.release_lock(contest, owner)
            except SQLAlchemyError as error:  # the run's own outcome must not be lost for it
                log.error("could not release the lock of %s (%s): it is taken over once "
                          "stale", contest, error)

    def _keep_renewing(
        self, contest: str, owner: str, every: timedelta, stop: threading.Event
    ) -> None:
        while not stop.wait(every.total_seconds()):
            try:
                if not self.renew_lock(contest, owner, _utcnow()):
                    log.error("lost the lock of %s: another process took it over while %s "
                              "was running it", contest, owner)
                    return
            except SQLAlchemyError as error:  # e.g. the database is away for a moment
                log.warning("could not renew the lock of %s (%s); trying again in %s",
                            contest, error, every)

    def _insert_lock(self, contest: str, owner: str, now: datetime) -> bool:
        try:
            with self._sessions.begin() as session:
                session.execute(insert(RunLockRow).values(
                    contest=contest, owner=owner, acquired_at=now, renewed_at=now))
        except IntegrityError:
            return False
        return True

    def _take_over(self, contest: str, stale: LockHolder, owner: str, now: datetime) -> bool:
        # Only if nobody renewed or took it since we looked: exactly one taker wins.
        with self._sessions.begin() as session:
            return _matched(session, update(RunLockRow)
                            .where(RunLockRow.contest == contest,
                                   RunLockRow.owner == stale.owner,
                                   RunLockRow.renewed_at == stale.renewed_at)
                            .values(owner=owner, acquired_at=now, renewed_at=now)) == 1


def _matched(session: Session, statement: Update) -> int:
    # Through the connection: its result says how many rows the statement matched
    # (SQLAlchemy asks MariaDB for matched, not changed, rows).
    return session.connection().execute(statement).rowcount


def _is_stale(holder: LockHolder, now: datetime, stale_after: timedelta) -> bool:
    return holder.renewed_at < now - stale_after or _died_on_this_host(holder.owner)


def _died_on_this_host(owner: str) -> bool:
    """Whether ``owner`` is a process of this host that no longer exists."""
    host, _, rest = owner.partition(":")
    pid, _, _ = rest.partition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # e.g. another user's process: it exists
        return False
    return False


def _utcnow() -> datetime:
    return datetime.now(UTC)
