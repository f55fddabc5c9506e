"""``contestbot serve`` as Toolforge runs it, against the real local wikis: an update request
makes it run within about a minute, ``health`` follows its heartbeat, and SIGTERM stops it
between steps, leaving no page half-written, no run "running" and no lock behind."""

from __future__ import annotations

import re
import signal
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

from operations_fixtures import (
    CONTEST,
    UPDATE_PAGE,
    bot,
    bot_pages,
    definition,
    edit_by,
    eventually,
    runs,
    serving,
    update_page_contest,
    wikis_paused,
    write_file,
)
from test_pipeline import BEGIN, CONTESTBOT, END, RESULTS, page_text, seed

from bot.store import RunRecord, Store
from devwiki.farm import Farm

# A line logged inside a run, e.g. "[Contest 2026|meta|run 1] bot.incremental: full read",
# the run's first: it plans which wikis to read.
RUN_LINE = re.compile(r"\[Contest 2026\|[^|\]]+\|run \d+\]")


def finished_runs(db: str, count: int) -> list[RunRecord] | None:
    """The contest's runs, newest first, once there are ``count`` and none is running."""
    found = runs(db)
    return found if len(found) == count and found[0].status != "running" else None


def test_serve_runs_a_contest_soon_after_an_update_request(
    clean_farm: Farm, tmp_path: Path
) -> None:
    seed(clean_farm)
    registry = str(update_page_contest(clean_farm, tmp_path))
    db = f"sqlite:///{tmp_path / 'bot.sqlite'}"
    heartbeat = tmp_path / "heartbeat"
    # A cron pass first: the update page's latest revision is then known to the bot, and
    # the first poll of serve (5 s after its start here; a minute by default) looks for
    # newer ones only.
    assert bot("run", "--all", "--registry", registry, db=db).returncode == 0

    with serving("--registry", registry, "--heartbeat", str(heartbeat), "--poll-requests", "5",
                 db=db) as served:
        eventually(lambda: finished_runs(db, 2), 120,  # a new job runs at once
                   context=lambda: served.log)
        eventually(heartbeat.exists, 30)
        health = bot("health", "--heartbeat", str(heartbeat))
        assert health.returncode == 0, health.stderr

        asked_at = datetime.now(UTC)
        edit_by(clean_farm, UPDATE_PAGE, "Zenon", "Please update the results.")
        newest = eventually(lambda: finished_runs(db, 3), 90, context=lambda: served.log)[0]
        assert newest.started_at >= asked_at and newest.status == "ok", newest
        assert served.terminate(30) == 0, served.log
    assert re.search(r"update requested by Zenon \(revision \d+\)", served.log), served.log

    time.sleep(2)
    stale = bot("health", "--heartbeat", str(heartbeat), "--max-age", "1")
    assert stale.returncode == 1
    assert f"the heartbeat at {heartbeat} is" in stale.stderr
    missing = bot("health", "--heartbeat", str(tmp_path / "nothing"))
    assert missing.returncode == 1 and "no heartbeat at" in missing.stderr


def test_sigterm_stops_serve_between_steps(clean_farm: Farm, tmp_path: Path) -> None:
    seed(clean_farm)
    # Open until the end of the year: served at the default cadence.
    open_now = definition(tmp_path)
    open_now["window"]["end"] = "2026-12-31"
    path = str(write_file(tmp_path / "open.yaml", open_now))
    db = f"sqlite:///{tmp_path / 'bot.sqlite'}"

    with serving(path, db=db) as served:
        served.wait_for(RUN_LINE, 120)  # the first update is running
        code = served.terminate(30)
    assert code == 0, served.log
    assert "received signal 15" in served.log

    touched = bot_pages(clean_farm)
    for title in touched:
        text = page_text(clean_farm, "meta", title)
        assert BEGIN in text and END in text, title
    [run] = runs(db)
    assert run.status in ("stopped", "ok") and run.finished_at is not None, served.log
    with Store(db) as store:
        assert store.lock_holder(CONTEST) is None

    after = bot("run", path, db=db)
    assert after.returncode == 0, after.stderr
    assert RESULTS in bot_pages(clean_farm)
    assert runs(db)[0].status == "ok"


def test_sigterm_stops_a_single_run_at_its_next_request(clean_farm: Farm, tmp_path: Path) -> None:
    """A cron job deleted mid-run (`run --all` or `run`) ends between steps as serve does."""
    seed(clean_farm)
    path = str(write_file(tmp_path / "contest.yaml", definition(tmp_path)))
    db = f"sqlite:///{tmp_path / 'bot.sqlite'}"
    with wikis_paused(clean_farm):  # the run waits for an answer, inside its run
        running = subprocess.Popen([CONTESTBOT, "run", path, "--db", db],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        eventually(lambda: runs(db) or None, 60, every=0.2)
        running.send_signal(signal.SIGTERM)
    _, errors = running.communicate(timeout=60)
    assert running.returncode == 1, errors
    assert "received signal 15" in errors
    [run] = runs(db)
    assert run.status == "stopped" and run.error and run.error.startswith("Stopped: stopped before")
    assert bot_pages(clean_farm) == set()  # nothing was written
    with Store(db) as store:
        assert store.lock_holder(CONTEST) is None
