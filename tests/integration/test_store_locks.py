"""Run locks on SQLite and on MariaDB: one process at a time runs a contest, a holder
that died or stopped renewing is taken over, and racing processes never both win. The
fixtures are in ``store_fixtures``."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from bot.store import STALE_AFTER, LockHeld, LockHolder, Store, lock_owner
from tests.integration.store_records import T1

pytest_plugins = ["tests.integration.store_fixtures"]
pytestmark = pytest.mark.filterwarnings("error")

HOST = socket.gethostname()
# Owners on other hosts: only time tells whether they are gone.
ALICE = "host-a.example:101:aaaa"
BOB = "host-b.example:202:bbbb"
RACES = 20
RACERS = 4
# Contest names that differ only by case, accents (precomposed or combining) or 4-byte
# characters: each is a contest of its own.
CONTEST_VARIANTS = (
    "Konkurs 𝒜 2026", "Konkurs A 2026", "Contest", "contest",
    "Łódź", "Lodz", "Ło\u0301dz\u0301", "\U00020000 2026",
)


def exited_pid() -> int:
    """The pid of a process of this host that has exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def race(store: Store, contest: str, now: datetime) -> list[str | None]:
    """RACERS threads acquiring the lock at once, each for its own owner; what each got."""
    start = threading.Barrier(RACERS)
    outcomes: list[str | None] = [None] * RACERS
    owners = [f"racer-{n}.example:{n}:{n:04x}" for n in range(RACERS)]

    def run(n: int) -> None:
        start.wait()
        outcomes[n] = store.acquire_lock(contest, owners[n], now, STALE_AFTER)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_a_free_lock_is_acquired_and_released(store: Store) -> None:
    assert store.lock_holder("Contest 2026") is None
    assert store.acquire_lock("Contest 2026", ALICE, T1, STALE_AFTER) is None
    assert store.lock_holder("Contest 2026") == LockHolder(ALICE, T1, T1)

    store.release_lock("Contest 2026", ALICE)
    assert store.lock_holder("Contest 2026") is None
    assert store.acquire_lock("Contest 2026", BOB, T1, STALE_AFTER) is None


def test_a_held_lock_is_refused_naming_its_holder(store: Store) -> None:
    store.acquire_lock("Contest 2026", ALICE, T1, STALE_AFTER)

    later = T1 + STALE_AFTER - timedelta(seconds=1)
    assert store.acquire_lock("Contest 2026", BOB, later, STALE_AFTER) == ALICE
    store.release_lock("Contest 2026", BOB)  # not Bob's: nothing happens
    assert store.lock_holder("Contest 2026") == LockHolder(ALICE, T1, T1)


def test_the_holder_acquiring_again_renews_its_lock(store: Store) -> None:
    store.acquire_lock("Contest 2026", ALICE, T1, STALE_AFTER)
    later = T1 + timedelta(minutes=5)

    assert store.acquire_lock("Contest 2026", ALICE, later, STALE_AFTER) is None
    assert store.lock_holder("Contest 2026") == LockHolder(ALICE, T1, later)


def test_a_lock_not_renewed_for_stale_after_is_taken_over(store: Store) -> None:
    store.acquire_lock("Contest 2026", ALICE, T1, STALE_AFTER)
    renewed = T1 + timedelta(minutes=1)
    assert store.renew_lock("Contest 2026", ALICE, renewed)
    assert store.acquire_lock("Contest 2026", BOB, T1 + STALE_AFTER, STALE_AFTER) == ALICE

    late = renewed + STALE_AFTER + timedelta(seconds=1)
    assert store.acquire_lock("Contest 2026", BOB, late, STALE_AFTER) is None
    assert store.lock_holder("Contest 2026") == LockHolder(BOB, late, late)
    assert not store.renew_lock("Contest 2026", ALICE, late)  # Alice learns she lost it
    store.release_lock("Contest 2026", ALICE)
    assert store.lock_holder("Contest 2026") == LockHolder(BOB, late, late)


def test_a_lock_of_a_dead_process_of_this_host_is_taken_over_at_once(store: Store) -> None:
    dead = f"{HOST}:{exited_pid()}:dead"
    store.acquire_lock("Contest 2026", dead, T1, STALE_AFTER)

    assert store.acquire_lock("Contest 2026", BOB, T1, STALE_AFTER) is None
    assert store.lock_holder("Contest 2026") == LockHolder(BOB, T1, T1)


@pytest.mark.parametrize(
    "holder",
    [f"{HOST}:{os.getpid()}:live", f"elsewhere.example:{exited_pid()}:dead", "no pid at all"],
    ids=["live process of this host", "same pid on another host", "unknown form"],
)
def test_a_holder_not_known_to_be_dead_keeps_its_lock(store: Store, holder: str) -> None:
    store.acquire_lock("Contest 2026", holder, T1, STALE_AFTER)

    assert store.acquire_lock("Contest 2026", BOB, T1, STALE_AFTER) == holder


def test_exactly_one_of_racing_processes_takes_a_free_lock(store: Store) -> None:
    for round_ in range(RACES):
        contest = f"Contest {round_}"
        outcomes = race(store, contest, T1)

        assert outcomes.count(None) == 1, outcomes
        holder = store.lock_holder(contest)
        assert holder is not None
        assert set(outcomes) == {None, holder.owner}


def test_exactly_one_of_racing_processes_takes_over_a_stale_lock(store: Store) -> None:
    late = T1 + STALE_AFTER + timedelta(seconds=1)
    for round_ in range(RACES):
        contest = f"Contest {round_}"
        store.acquire_lock(contest, ALICE, T1, STALE_AFTER)
        outcomes = race(store, contest, late)

        assert outcomes.count(None) == 1, outcomes
        holder = store.lock_holder(contest)
        assert holder is not None and holder.owner != ALICE
        assert set(outcomes) == {None, holder.owner}


def test_names_differing_by_case_accents_or_4_byte_characters_are_distinct_locks(
    store: Store,
) -> None:
    owners = {name: f"host-{n}.example:{n}:{n:04x}" for n, name in enumerate(CONTEST_VARIANTS)}
    for name, owner in owners.items():
        assert store.acquire_lock(name, owner, T1, STALE_AFTER) is None

    for name, owner in owners.items():
        assert store.lock_holder(name) == LockHolder(owner, T1, T1)
    store.release_lock("contest", owners["contest"])
    assert store.lock_holder("Contest") == LockHolder(owners["Contest"], T1, T1)


def test_run_lock_holds_the_lock_for_its_block_only(store: Store) -> None:
    with store.run_lock("Contest 2026") as owner:
        holder = store.lock_holder("Contest 2026")
        assert holder is not None and holder.owner == owner
        assert holder.acquired_at.tzinfo == UTC
    assert store.lock_holder("Contest 2026") is None

    with pytest.raises(RuntimeError), store.run_lock("Contest 2026"):
        raise RuntimeError("the run failed")
    assert store.lock_holder("Contest 2026") is None


def test_run_lock_refuses_a_held_lock_naming_holder_and_time(store: Store) -> None:
    since = datetime.now(UTC)
    store.acquire_lock("Contest 2026", ALICE, since, STALE_AFTER)

    for wait in (timedelta(0), timedelta(seconds=1)):
        started = time.monotonic()
        with pytest.raises(LockHeld) as refused, store.run_lock("Contest 2026", wait=wait):
            pytest.fail("the lock is Alice's")
        assert time.monotonic() - started >= wait.total_seconds()
        assert (refused.value.contest, refused.value.holder) == ("Contest 2026", ALICE)
        assert str(refused.value) == (
            f"Contest 2026 is being run by {ALICE} since {since:%Y-%m-%d %H:%M} UTC"
        )


def test_run_lock_waits_for_the_holder_to_release(store: Store) -> None:
    store.acquire_lock("Contest 2026", ALICE, datetime.now(UTC), STALE_AFTER)
    release = threading.Timer(0.5, store.release_lock, args=("Contest 2026", ALICE))
    release.start()
    try:
        with store.run_lock("Contest 2026", wait=timedelta(seconds=10)) as owner:
            holder = store.lock_holder("Contest 2026")
            assert holder is not None and holder.owner == owner
    finally:
        release.join()


def test_run_lock_keeps_renewing_while_held(store: Store) -> None:
    every = timedelta(milliseconds=50)
    with store.run_lock("Contest 2026", renew_every=every) as owner:
        first = store.lock_holder("Contest 2026")
        time.sleep(0.5)
        later = store.lock_holder("Contest 2026")
    assert first is not None and later is not None
    assert later.owner == first.owner == owner
    assert later.acquired_at == first.acquired_at
    assert later.renewed_at > first.renewed_at
    assert store.lock_holder("Contest 2026") is None


def test_a_lost_lock_is_logged(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    every = timedelta(milliseconds=50)
    with store.run_lock("Contest 2026", renew_every=every) as owner:
        store.release_lock("Contest 2026", owner)  # as a takeover would
        store.acquire_lock("Contest 2026", BOB, datetime.now(UTC), STALE_AFTER)
        time.sleep(0.3)
    lost = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert [r.getMessage() for r in lost] == [
        f"lost the lock of Contest 2026: another process took it over while {owner} was "
        "running it"
    ]
    holder = store.lock_holder("Contest 2026")
    assert holder is not None and holder.owner == BOB  # leaving did not release Bob's


def test_an_owner_names_this_host_and_process_and_is_new_each_time() -> None:
    first, second = lock_owner(), lock_owner()
    assert first.startswith(f"{HOST}:{os.getpid()}:")
    assert first != second
