"""``contestbot serve``: every contest on its own interval, one run at a time each.

The definition file is re-read before every run, so organizers' changes apply without a
restart; a definition that became invalid is reported and the last valid one is used.
SIGTERM (what Toolforge sends) lets the running update finish, then exits.
"""

from __future__ import annotations

import logging
import signal
import threading
from pathlib import Path
from types import FrameType

from apscheduler.schedulers.background import BackgroundScheduler

from bot.config import ConfigError, ContestConfig, load_config
from bot.pipeline import run_contest, utcnow
from bot.store import Store

log = logging.getLogger(__name__)


class ContestJob:
    """One contest's scheduled update; remembers the last valid definition."""

    def __init__(self, path: Path, db_url: str) -> None:
        self.path = path
        self.db_url = db_url
        self.config: ContestConfig = load_config(path)

    def __call__(self) -> None:
        try:
            self.config = load_config(self.path)
        except ConfigError as exc:
            log.error("%s is invalid, using the last valid definition: %s", self.path, exc)
        try:
            with Store(self.db_url) as store:
                summary = run_contest(self.config, store, show=log.info)
        except Exception:  # one contest's failure must not stop the others' schedules
            log.exception("%s: update failed", self.config.name)
            return
        log.info("%s: %d entries, %d accepted, %d edits%s", self.config.name, summary.entries,
                 summary.accepted, summary.edits,
                 "" if summary.ok else "; problems: " + "; ".join(summary.problems))


def serve(paths: list[Path], db_url: str, stop: threading.Event | None = None) -> None:
    """Schedule every contest and block until SIGTERM/SIGINT (or ``stop`` is set)."""
    stop = stop or threading.Event()
    scheduler = BackgroundScheduler(timezone="UTC")
    for path in paths:
        job = ContestJob(path, db_url)
        scheduler.add_job(
            job, "interval", minutes=job.config.schedule_minutes, id=str(path),
            name=job.config.name, next_run_time=utcnow(),
            max_instances=1,  # never two updates of one contest at once
            coalesce=True,  # after a long run, catch up once, not once per missed slot
            misfire_grace_time=None,
        )

    def request_stop(signum: int, frame: FrameType | None) -> None:
        log.info("received signal %d: finishing the running update, then stopping", signum)
        stop.set()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
    scheduler.start()
    log.info("serving %d contest(s)", len(paths))
    stop.wait()
    scheduler.shutdown(wait=True)
    log.info("stopped")
