"""``contestbot serve`` against the farm: runs at once, and stops cleanly on SIGTERM."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

from test_pipeline import (
    CASES,
    CONTESTBOT,
    RESULTS,
    REVIEW_REASONS,
    contest_file,
    export,
    page_text,
    seed,
)

from bot.store import Store
from devwiki.farm import Farm


def test_sigterm_lets_the_running_update_finish(clean_farm: Farm, tmp_path: Path) -> None:
    seed(clean_farm)
    path = contest_file(tmp_path)
    db = f"sqlite:///{tmp_path / 'bot.sqlite'}"
    server = subprocess.Popen([CONTESTBOT, "serve", str(path), "--db", db],
                              stderr=subprocess.PIPE, text=True)
    assert server.stderr is not None
    log = []
    for line in server.stderr:  # the first update starts as soon as the scheduler does
        log.append(line)
        if "serving 1 contest(s)" in line:
            server.send_signal(signal.SIGTERM)
            break
    _, rest = server.communicate(timeout=120)
    log.append(rest)
    assert server.returncode == 0, "".join(log)
    assert "finishing the running update, then stopping" in "".join(log)
    assert "".join(log).rstrip().endswith("stopped")

    with Store(db) as store:
        [run] = store.runs("Contest 2026")
    assert (run.status, run.entries, run.edits) == ("ok", len(CASES), 1)
    assert run.finished_at is not None
    assert len(export(path, db)["entries"]) == len(CASES) + len(REVIEW_REASONS)
    assert "<!-- contestbot:end -->" in page_text(clean_farm, "meta", RESULTS)
