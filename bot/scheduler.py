"""``contestbot serve``: every contest of the registry on its cadence, one run at a time each.

The contests' jobs live in the bot's database (APScheduler's job store), so a restart
keeps each contest's next run, and a run missed while the bot was down happens once when
it is back. The registry is read again every few minutes (contests added, removed, or
moving from "open" to "after the end" change their jobs); update-request pages are looked
at every minute; a heartbeat file tells Toolforge's health check the scheduler is alive.
SIGTERM asks running updates to stop at their next step boundary, then the process exits.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable
from datetime import UTC, timedelta
from pathlib import Path

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.contests.definitions import LoadedDefinition, load_definition
from bot.contests.registry import LoadedRegistry, RegistryEntry
from bot.contests.requests import read_requests
from bot.operations import Operator, plan_registry, run_loaded
from bot.pipeline import utcnow
from bot.stopping import stop_on_signals
from bot.store import Store

log = logging.getLogger(__name__)

JOBS_TABLE = "apscheduler_jobs"
REGISTRY_EVERY = timedelta(minutes=5)
REQUESTS_EVERY = timedelta(minutes=1)  # "within a minute" of an update request
HEARTBEAT_EVERY = timedelta(seconds=30)

# The running service, for the jobs read back from the database: a stored job names a
# module-level function and the contest's key, nothing that lives only in this process.
_service: Service | None = None


def contest_job(key: str) -> None:
    """What a stored contest job calls."""
    if _service is not None:
        _service.run(key)


def _every(interval: timedelta) -> IntervalTrigger:
    return IntervalTrigger(seconds=int(interval.total_seconds()), timezone=UTC)


def job_id(key: str) -> str:
    # The job store's id column is not case-sensitive on MariaDB: hash the registry key.
    return "contest-" + hashlib.sha256(key.encode()).hexdigest()[:24]


class Service:
    def __init__(self, registry: Callable[[Store], LoadedRegistry], operator: Operator,
                 heartbeat: Path | None = None,
                 poll_requests_every: timedelta = REQUESTS_EVERY) -> None:
        self.read_registry = registry
        self.operator = operator
        self.heartbeat = heartbeat
        self.poll_requests_every = poll_requests_every
        self.entries: dict[str, RegistryEntry] = {}
        self.loaded: dict[str, LoadedDefinition] = {}
        self._lock = threading.Lock()
        self._running: set[str] = set()
        self._asked: set[str] = set()  # asked to update while running: run again after
        self._idle: dict[str, str] = {}  # registry contests without a job, and why
        self.scheduler = BackgroundScheduler(
            jobstores={"default": SQLAlchemyJobStore(url=operator.db, tablename=JOBS_TABLE),
                       "internal": MemoryJobStore()},
            # Contests run one after another: requests to the wikis stay serial (and
            # pywikibot's sites are shared). The heartbeat must not wait behind them.
            executors={"default": ThreadPoolExecutor(1), "internal": ThreadPoolExecutor(2)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=UTC,
        )

    def start(self) -> None:
        global _service
        _service = self
        # Paused until the registry is read: a stored job must not run for a contest
        # that has left the registry meanwhile.
        self.scheduler.start(paused=True)
        self.sync()
        internal = {"jobstore": "internal", "executor": "internal", "replace_existing": True}
        self.scheduler.add_job(self.sync, _every(REGISTRY_EVERY),
                               id="registry", **internal)
        self.scheduler.add_job(self.poll_requests,
                               _every(self.poll_requests_every),
                               id="requests", **internal)
        if self.heartbeat is not None:
            self.scheduler.add_job(self.beat, _every(HEARTBEAT_EVERY),
                                   id="heartbeat", next_run_time=utcnow(), **internal)
        self.scheduler.resume()
        log.info("serving %d contest(s)", len(self.entries))

    def stop(self) -> None:
        self.operator.stop.set()
        self.scheduler.shutdown(wait=True)  # running updates end at their next step
        log.info("stopped")

    def sync(self) -> None:
        """Jobs as the registry says now: added, removed, and at the cadence of today."""
        now = utcnow()
        with Store(self.operator.db) as store:
            planned = plan_registry(self.read_registry(store), store, now)
        wanted = {p.entry.key: p.interval for p in planned if p.interval is not None}
        idle = {p.entry.key: p.idle_reason(now) for p in planned if p.interval is None}
        for key, reason in idle.items():
            if self._idle.get(key) != reason:  # said once, not at every look at the registry
                log.info("%s: not scheduled: %s", key, reason)
        self._idle = idle
        with self._lock:
            self.entries = {p.entry.key: p.entry for p in planned if p.entry.key in wanted}
            self.loaded = {p.entry.key: p.loaded for p in planned
                           if p.entry.key in wanted and p.loaded is not None}
        for job in self.scheduler.get_jobs(jobstore="default"):
            if job.name not in wanted:
                log.info("%s: no longer scheduled", job.name)
                job.remove()
        for key, interval in wanted.items():
            job = self.scheduler.get_job(job_id(key), jobstore="default")
            if job is None:
                log.info("%s: scheduled every %s", key, interval)
                self.scheduler.add_job(contest_job, _every(interval),
                                       args=[key], id=job_id(key), name=key,
                                       next_run_time=now, jobstore="default")
            elif job.trigger.interval != interval:
                log.info("%s: now every %s", key, interval)
                job.reschedule(_every(interval))

    def run(self, key: str) -> None:
        """One update of a registry contest (in a worker thread)."""
        with self._lock:
            entry = self.entries.get(key)
            if entry is None or self.operator.stop.is_set():
                return
            self._running.add(key)
            self._asked.discard(key)
        try:
            with Store(self.operator.db) as store:
                loaded = load_definition(entry.definition, store)
                with self._lock:
                    self.loaded[key] = loaded
                outcome = run_loaded(loaded, store, self.operator, show=log.info)
            if outcome.note:
                log.warning("%s: %s", key, outcome.note)
        except Exception:  # one contest's failure must not stop the others' schedules
            log.exception("%s: update failed", key)
        finally:
            with self._lock:
                self._running.discard(key)
                again = key in self._asked
            if again:
                self._run_soon(key)

    def poll_requests(self) -> None:
        """Run now the contests an allowed user asked to update."""
        with self._lock:
            by_name = {d.config.name: key for key, d in self.loaded.items()
                       if d.config is not None}
            configs = [d.config for d in self.loaded.values() if d.config is not None]
        with Store(self.operator.db) as store:
            requests = read_requests(configs, store)
        for request in requests:
            key = by_name.get(request.contest)
            if not request.allowed or key is None:
                continue
            log.info("%s: update requested by %s (revision %d)", key, request.user,
                     request.revision)
            with self._lock:
                running = key in self._running
                if running:
                    self._asked.add(key)
            if not running:
                self._run_soon(key)

    def _run_soon(self, key: str) -> None:
        if not self.operator.stop.is_set():
            self.scheduler.modify_job(job_id(key), jobstore="default", next_run_time=utcnow())

    def beat(self) -> None:
        assert self.heartbeat is not None
        written = self.heartbeat.with_name(self.heartbeat.name + ".new")
        written.write_text(utcnow().isoformat() + "\n", encoding="utf-8")
        os.replace(written, self.heartbeat)  # a health check never reads half a file


def serve(service: Service) -> None:
    """Run the service until SIGTERM or SIGINT."""
    with stop_on_signals(service.operator.stop):
        service.start()
        service.operator.stop.wait()
        service.stop()
