"""Running contests the way operators do: from where a definition lives, or the registry.

``contestbot run``, ``run --all`` and ``serve`` all come here. A definition is loaded (the
last valid one when its latest edit is broken), the contest runs under its lock, and the
outcome says what happened: it ran, another process was running it, it has no valid
definition, or the bot was asked to stop.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import IntEnum
from pathlib import Path

from bot.contests.definitions import LoadedDefinition, load_definition
from bot.contests.locations import PageRef
from bot.contests.registry import LoadedRegistry, RegistryEntry
from bot.contests.requests import read_requests
from bot.pipeline import RunOptions, RunSummary, run_contest, utcnow
from bot.reports.status import DefinitionNote
from bot.stopping import Stopped
from bot.store import LockHeld, Store

log = logging.getLogger(__name__)

# A cron pass that comes a little early still runs a contest whose time has come.
DUE_SLACK = timedelta(minutes=2)


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1  # a wiki could not be read or a page not written: last good data kept
    INVALID = 2  # no valid definition (or bad usage)
    LOCKED = 3  # another process is running the contest


@dataclass(frozen=True, slots=True)
class Operator:
    """What the operator set for every run: the database, the kill switch, the link in
    edit summaries, and the event that asks running work to stop."""

    db: str
    kill_switch: PageRef | None = None
    docs_page: str | None = None
    stop: threading.Event = field(default_factory=threading.Event)

    def options(self, loaded: LoadedDefinition, *, simulate: bool = False,
                lock_wait: timedelta = timedelta(0)) -> RunOptions:
        switch = self.kill_switch
        return RunOptions(
            simulate=simulate, stop=self.stop, lock_wait=lock_wait,
            kill_switch=None if switch is None else (switch.site.family, switch.site.code,
                                                     switch.title),
            docs_page=self.docs_page, definition=definition_note(loaded),
        )


@dataclass(frozen=True, slots=True)
class Outcome:
    source: str  # where the definition lives
    contest: str | None  # its name, when a valid definition was ever read
    code: ExitCode
    summary: RunSummary | None = None  # when it ran
    note: str = ""  # why it did not run, in words


def definition_note(loaded: LoadedDefinition) -> DefinitionNote:
    error = loaded.error
    return DefinitionNote(loaded.source, loaded.revision,
                          error.revision if error else None, error.problems if error else ())


def run_loaded(loaded: LoadedDefinition, store: Store, operator: Operator, *,
               simulate: bool = False, lock_wait: timedelta = timedelta(0),
               show: Callable[[str], None] = print) -> Outcome:
    """One run of a loaded definition; never raises for a lock held or a stop."""
    config = loaded.config
    if config is None:
        problems = loaded.error.problems if loaded.error else ()
        return Outcome(loaded.source, None, ExitCode.INVALID,
                       note="no valid definition: " + "; ".join(problems))
    try:
        summary = run_contest(config, store, operator.options(
            loaded, simulate=simulate, lock_wait=lock_wait), show=show)
    except LockHeld as exc:
        log.warning("%s", exc)
        return Outcome(loaded.source, config.name, ExitCode.LOCKED, note=str(exc))
    except Stopped as exc:
        log.warning("%s: %s", config.name, exc)
        return Outcome(loaded.source, config.name, ExitCode.FAILED, note=str(exc))
    return Outcome(loaded.source, config.name, ExitCode.OK if summary.ok else ExitCode.FAILED,
                   summary)


def run_location(location: Path | PageRef, store: Store, operator: Operator, *,
                 simulate: bool = False, lock_wait: timedelta = timedelta(0),
                 show: Callable[[str], None] = print) -> Outcome:
    """``contestbot run DEFINITION``."""
    return run_loaded(load_definition(location, store), store, operator, simulate=simulate,
                      lock_wait=lock_wait, show=show)


@dataclass(frozen=True, slots=True)
class Planned:
    """A registry contest as it stands now: its definition and how often it runs."""

    entry: RegistryEntry
    loaded: LoadedDefinition | None  # None: disabled, so not read
    interval: timedelta | None  # None: it does not run now

    def idle_reason(self, now: datetime) -> str:
        """Why it does not run now, in words."""
        if self.loaded is None:
            return "disabled in the registry"
        if self.loaded.config is None:
            return "no valid definition"
        window = self.loaded.config.window
        if now < window.start_utc:
            return f"it starts on {window.start:%Y-%m-%d} and the cadence has no runs before"
        return (f"it ended on {window.end:%Y-%m-%d}; the cadence stops "
                f"{self.entry.cadence.after_end_days} days after the end")


def plan_registry(registry: LoadedRegistry, store: Store, now: datetime) -> list[Planned]:
    """Every registry contest with its definition (read for the enabled ones) and its
    interval now: None when disabled, without a valid definition, before its start
    without ``before_start``, or ended."""
    planned = []
    for entry in registry.entries:
        loaded = load_definition(entry.definition, store) if entry.enabled else None
        config = loaded.config if loaded else None
        interval = entry.cadence.interval(now, config.window) if config else None
        planned.append(Planned(entry, loaded, interval))
    return planned


def run_all(registry: LoadedRegistry, store: Store, operator: Operator, *, force: bool = False,
            show: Callable[[str], None] = print, now: Callable[[], datetime] = utcnow,
            ) -> list[Outcome]:
    """One pass over the registry (a cron job): every active contest whose cadence says it
    is due since its last run, or that an allowed user asked to update; all active ones
    with ``force``."""
    planned = plan_registry(registry, store, now())
    # Requests are read for the contests that run at all: an ended contest stays ended.
    asked = _asked([p.loaded for p in planned if p.loaded and p.interval], store)
    outcomes = []
    for plan in planned:
        if operator.stop.is_set():
            break
        definition = plan.loaded
        if definition is None:
            continue
        config = definition.config
        if config is None:  # says why it cannot run
            outcomes.append(run_loaded(definition, store, operator, show=show))
            continue
        if plan.interval is None:
            log.info("%s: not running: %s", config.name, plan.idle_reason(now()))
            continue
        if not (force or config.name in asked) and (
                due := _due_at(store, config.name, plan.interval)) > now():
            log.info("%s: next run due at %s", config.name, due.isoformat(timespec="minutes"))
            continue
        outcomes.append(run_loaded(definition, store, operator, show=show))
    return outcomes


def _asked(loaded: Iterable[LoadedDefinition], store: Store) -> set[str]:
    """Contests an allowed user asked to update since the last look at their pages."""
    configs = [d.config for d in loaded if d.config is not None]
    return {request.contest for request in read_requests(configs, store) if request.allowed}


def _due_at(store: Store, contest: str, interval: timedelta) -> datetime:
    last = store.runs(contest, limit=1)
    if not last:
        return datetime.min.replace(tzinfo=utcnow().tzinfo)
    return last[0].started_at + interval - DUE_SLACK
