"""``serve``'s contest jobs follow the registry and survive a restart (SQLite job store;
the definitions are files, so no wiki is asked anything)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml

from bot.contests.registry import Cadence, LoadedRegistry, RegistryEntry
from bot.operations import Operator
from bot.scheduler import Service, job_id
from bot.store import Store

DEMO = Path("examples/demo/contest.yaml")


def definition(tmp_path: Path, name: str, start: date, end: date) -> Path:
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    data["name"] = name
    data["window"] = {"start": start.isoformat(), "end": end.isoformat(), "timezone": "UTC"}
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


class Registry:
    """A registry the test edits between looks."""

    def __init__(self, *entries: RegistryEntry) -> None:
        self.entries = entries

    def __call__(self, store: Store) -> LoadedRegistry:
        return LoadedRegistry("test", self.entries, None)


def jobs(service: Service) -> dict[str, timedelta]:
    return {job.name: job.trigger.interval for job in service.scheduler.get_jobs("default")}


def paused_service(registry: Registry, db: str) -> Service:
    service = Service(registry, Operator(db))
    service.scheduler.start(paused=True)  # nothing runs: only the jobs are looked at
    return service


def test_jobs_follow_the_registry_and_the_cadence(tmp_path: Path) -> None:
    today = datetime.now(UTC).date()
    db = f"sqlite:///{tmp_path / 'bot.sqlite'}"
    open_now = definition(tmp_path, "Open", today - timedelta(days=3), today + timedelta(days=9))
    over = definition(tmp_path, "Over", today - timedelta(days=90), today - timedelta(days=60))
    soon = definition(tmp_path, "Soon", today + timedelta(days=5), today + timedelta(days=20))
    registry = Registry(
        RegistryEntry("open", open_now, Cadence(open=30), True),
        RegistryEntry("over", over, Cadence(), True),  # 60 days after its end: no runs
        RegistryEntry("soon", soon, Cadence(before_start=None), True),
        RegistryEntry("paused", open_now, Cadence(), False),
    )
    service = paused_service(registry, db)
    service.sync()
    assert jobs(service) == {"open": timedelta(minutes=30)}

    # The organizers lengthen the interval and start the next contest's preparations.
    registry.entries = (RegistryEntry("open", open_now, Cadence(open=120), True),
                        RegistryEntry("soon", soon, Cadence(before_start=1440), True))
    service.sync()
    assert jobs(service) == {"open": timedelta(minutes=120), "soon": timedelta(days=1)}

    registry.entries = registry.entries[1:]  # "open" leaves the registry
    service.sync()
    assert jobs(service) == {"soon": timedelta(days=1)}
    service.scheduler.shutdown(wait=False)


def test_a_restart_keeps_each_contests_next_run(tmp_path: Path) -> None:
    today = datetime.now(UTC).date()
    db = f"sqlite:///{tmp_path / 'bot.sqlite'}"
    path = definition(tmp_path, "Open", today - timedelta(days=3), today + timedelta(days=9))
    registry = Registry(RegistryEntry("open", path, Cadence(open=60), True))
    first = paused_service(registry, db)
    first.sync()
    later = datetime.now(UTC) + timedelta(minutes=45)
    first.scheduler.modify_job(job_id("open"), jobstore="default", next_run_time=later)
    first.scheduler.shutdown(wait=False)

    second = paused_service(registry, db)  # a new process on the same database
    second.sync()
    [job] = second.scheduler.get_jobs("default")
    assert job.name == "open"
    assert abs(job.next_run_time - later) < timedelta(seconds=1)  # not "now" again
    second.scheduler.shutdown(wait=False)
