"""The bot's database in operation, on SQLite and on MariaDB: one process at a time runs a
contest, both databases give the same results, and ``contestbot db`` migrates them."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from alembic.script import ScriptDirectory
from operations_fixtures import (
    CONTEST,
    bot,
    eventually,
    lock_holder,
    runs,
    wikis_paused,
)
from test_pipeline import CASES, CONTESTBOT, UK_SIG, bot_edits, contest_file, seed

from bot.store import Store, schema
from devwiki.farm import Farm

pytest_plugins = ["tests.integration.store_fixtures"]

# What the two databases must agree on: every table exported and the leaderboard printed.
REPORTS = [*(["export", "--table", table, "--format", "json"]
             for table in ("entries", "leaderboard", "countries", "wikis")), ["leaderboard"]]


def start_run(path: Path, db: str, *options: str) -> subprocess.Popen[str]:
    return subprocess.Popen([CONTESTBOT, "run", str(path), "--db", db, *options],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_runs_of_a_contest_at_once_make_the_edits_of_one(
    clean_farm: Farm, tmp_path: Path, store_url: str
) -> None:
    seed(clean_farm)
    path = contest_file(tmp_path)
    assert bot("db", "upgrade", db=store_url).returncode == 0  # as a deployment does

    # The first run holds the lock while it waits for the (paused) wikis: the second is
    # refused at once.
    with wikis_paused(clean_farm):
        first = start_run(path, store_url)
        holder = eventually(lambda: lock_holder(store_url, first.pid), 60, every=0.2)
        second = bot("run", str(path), db=store_url)
    assert second.returncode == 3, second.stderr
    assert f"{CONTEST}: not run: {CONTEST} is being run by {holder.owner}" in second.stderr
    _, errors = first.communicate(timeout=120)
    assert first.returncode == 0, errors
    assert bot_edits(clean_farm, "meta") == 1
    assert [(r.status, r.edits) for r in runs(store_url)] == [("ok", 1)]

    # With --wait, the second waits for the first, then runs, and has nothing to change.
    clean_farm.editor("uk").append("Вікіпедія:Contest/Entries",
                                   "\n# [[Пярну]] — " + UK_SIG.format("Тарас"), "one more")
    with wikis_paused(clean_farm):
        first = start_run(path, store_url)
        eventually(lambda: lock_holder(store_url, first.pid), 60, every=0.2)
        waiting = start_run(path, store_url, "--wait", "120")
        time.sleep(3)  # past its start: it is polling the lock
    for process in (first, waiting):
        _, errors = process.communicate(timeout=120)
        assert process.returncode == 0, errors
    assert bot_edits(clean_farm, "meta") == 2
    latest, earlier, _ = runs(store_url)
    assert [(r.status, r.edits) for r in (latest, earlier)] == [("ok", 0), ("ok", 1)]
    assert earlier.finished_at is not None and latest.started_at >= earlier.finished_at

    # A holder killed outright (OOM, SIGKILL) cannot let go: its lock is taken over at once.
    with wikis_paused(clean_farm):
        killed = start_run(path, store_url)
        eventually(lambda: lock_holder(store_url, killed.pid), 60, every=0.2)
        eventually(lambda: runs(store_url)[0].status == "running" or None, 60, every=0.2)
        killed.kill()
        killed.wait(timeout=30)  # gone: its pid no longer exists on this host
    after = bot("run", str(path), db=store_url)
    assert after.returncode == 0, after.stderr
    assert "took over the lock of Contest 2026" in after.stderr
    latest, dead = runs(store_url)[:2]
    assert latest.status == "ok"
    assert (dead.status, dead.error) == ("failed",
                                         "ended without finishing: its process was killed")


def test_processes_opening_a_fresh_database_at_once_all_work(
    tmp_path: Path, store_url: str
) -> None:
    registry = tmp_path / "registry.json"
    registry.write_text('{"contests": {}}', encoding="utf-8")
    started = [subprocess.Popen([CONTESTBOT, "run", "--all", "--registry", str(registry),
                                 "--db", store_url], stderr=subprocess.PIPE, text=True)
               for _ in range(3)]
    errors = [process.communicate(timeout=120)[1] for process in started]
    assert [process.returncode for process in started] == [0, 0, 0], errors


def test_a_contest_on_sqlite_and_on_mariadb_exports_the_same(
    clean_farm: Farm, tmp_path: Path, mariadb_url: str
) -> None:
    path = str(contest_file(tmp_path))
    exported: dict[str, list[str]] = {}
    for url in (f"sqlite:///{tmp_path / 'bot.sqlite'}", mariadb_url):
        # Each database sees the same wikis, none of them with the other run's edits.
        clean_farm.restore()
        seed(clean_farm)
        done = bot("run", path, db=url)
        assert done.returncode == 0, done.stderr
        reports = [subprocess.Popen([CONTESTBOT, command, path, *options, "--db", url],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                   for command, *options in REPORTS]  # at once: they only read
        exported[url] = []
        for report in reports:
            output, errors = report.communicate(timeout=120)
            assert report.returncode == 0, errors
            exported[url].append(output)
    on_sqlite, on_mariadb = exported.values()
    accepted = sum(case.status == "accepted" for case in CASES)
    assert on_sqlite[0].count('"status": "accepted"') == accepted
    for report, sqlite_text, mariadb_text in zip(REPORTS, on_sqlite, on_mariadb, strict=True):
        assert sqlite_text == mariadb_text, report


def test_db_commands_migrate_up_and_down(store_url: str) -> None:
    head = ScriptDirectory(str(Path(schema.__file__).parent / "migrations")).get_current_head()
    assert head is not None

    def db(*args: str) -> str:
        done = subprocess.run([CONTESTBOT, "db", *args, "--db", store_url],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert db("upgrade") == f"database at {head} (was empty)\n"
    assert db("downgrade", "0005") == f"database at 0005 (was {head})\n"
    assert db("current") == "0005\n"
    assert db("upgrade") == f"database at {head} (was 0005)\n"
    assert db("current") == f"{head}\n"
    with Store(store_url) as store:  # the upgraded schema works
        assert store.runs(CONTEST) == []
