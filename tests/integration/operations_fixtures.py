"""Helpers of the operations tests (test_operations*.py): the test_pipeline contest as a
definition to change, JSON pages on the farm, the bot as a process, and what it recorded."""

from __future__ import annotations

import html
import json
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import yaml
from test_pipeline import CONTESTBOT, contest_file

from bot.store import LockHolder, RunRecord, Store
from devwiki.dump import Page, Revision
from devwiki.farm import Farm

CONTEST = "Contest 2026"
DEFINITION_PAGE = "Contest 2026/Definition"
STATUS_PAGE = "Contest 2026/Results/Status"
UPDATE_PAGE = "Contest 2026/Update"
SWITCH_PAGE = "User:ContestBot/Stop"
# The seed contest's window ended 2026-05-31: with this many days after the end it is
# still run (the default cadence, 30 days, says it is over).
STILL_RUNNING_DAYS = 3650

T = TypeVar("T")


def ref(title: str, wiki: str = "meta") -> str:
    """A farm page as the CLI names it: family:code:Title."""
    return f"devwiki:{wiki}:{title}"


def definition(tmp_path: Path, **results: object) -> dict[str, Any]:
    """The test_pipeline contest as data, with ``results`` keys added."""
    data: dict[str, Any] = yaml.safe_load(contest_file(tmp_path).read_text(encoding="utf-8"))
    data["results"].update(results)
    return data


def write_file(path: Path, data: object) -> Path:
    """``data`` as a JSON or YAML file, after ``path``'s suffix."""
    text = (json.dumps(data, ensure_ascii=False, indent=2) if path.suffix == ".json"
            else yaml.safe_dump(data, allow_unicode=True))
    path.write_text(text, encoding="utf-8")
    return path


def put_json(farm: Farm, title: str, data: object, summary: str = "definition") -> int:
    """An admin saves ``data`` as a JSON page on meta; the new revision id."""
    return farm.editor("meta").edit(title, json.dumps(data, ensure_ascii=False, indent=2),
                                    summary, contentmodel="json")


def edit_by(farm: Farm, title: str, user: str, text: str, wiki: str = "meta") -> None:
    """A revision by ``user`` made now (an import: the API records only the Admin)."""
    farm.import_pages(wiki, [Page(title, [Revision(datetime.now(UTC), user, text)])])


def rendered(farm: Farm, title: str) -> str:
    """A meta page as readers see it: its HTML without the tags (links show their text,
    the entities of escaped text are characters again)."""
    parsed = farm.api("meta", action="parse", page=title, prop="text")["parse"]["text"]
    return html.unescape(re.sub(r"<[^>]+>", "", parsed))


def update_page_contest(farm: Farm, tmp_path: Path) -> Path:
    """The seed contest with a status page and an update page (its first edit, by an
    organizer, from April), still run months after its end, in a local registry file."""
    farm.import_pages("meta", [Page(UPDATE_PAGE, [Revision(
        datetime(2026, 4, 1, tzinfo=UTC), "Zenon", "Edit this page to update the results.")])])
    write_file(tmp_path / "contest.json",
               definition(tmp_path, status_page=STATUS_PAGE, update_page=UPDATE_PAGE))
    return write_file(tmp_path / "registry.yaml", {"contests": {CONTEST: {
        "definition": {"file": "contest.json"},
        "cadence": {"after_end_days": STILL_RUNNING_DAYS}}}})


def bot_pages(farm: Farm, wiki: str = "meta") -> set[str]:
    """The titles of the pages the bot edited."""
    changes = farm.api(wiki, action="query", list="recentchanges", rcuser="ContestBot",
                       rclimit=500)["query"]["recentchanges"]
    return {change["title"] for change in changes}


def runs(db: str, contest: str = CONTEST) -> list[RunRecord]:
    """The contest's runs, newest first."""
    with Store(db) as store:
        return store.runs(contest)


def bot(*args: str, db: str | None = None, env: dict[str, str] | None = None,
        ) -> subprocess.CompletedProcess[str]:
    """``contestbot ARGS [--db DB]`` to its end."""
    command = [CONTESTBOT, *args, *(["--db", db] if db else [])]
    return subprocess.run(command, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def json_lines(done: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    """The run summaries of ``run --json``, one per contest that ran or was refused."""
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def eventually(check: Callable[[], T | None], timeout: float, every: float = 1.0,
               context: Callable[[], str] = str) -> T:
    """The first true value of ``check()``; AssertionError after ``timeout`` seconds, with
    ``context()`` (e.g. a process's log)."""
    deadline = time.monotonic() + timeout
    while not (found := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s\n{context()}")
        time.sleep(every)
    return found


class Served:
    """A ``contestbot serve`` process whose stderr is collected as it comes."""

    def __init__(self, *args: str, db: str) -> None:
        self.process = subprocess.Popen([CONTESTBOT, "serve", *args, "--db", db],
                                        stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.append(line)

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def wait_for(self, pattern: re.Pattern[str], timeout: float) -> str:
        """The first line of the log matching ``pattern``."""
        def logged() -> str | None:
            if self.process.poll() is not None and not self._reader.is_alive():
                raise AssertionError(f"serve ended ({self.process.returncode}):\n{self.log}")
            return next((line for line in list(self.lines) if pattern.search(line)), None)

        return eventually(logged, timeout, every=0.1, context=lambda: self.log)

    def terminate(self, timeout: float) -> int:
        """SIGTERM; the exit code (TimeoutExpired when it takes longer than ``timeout``)."""
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return code


@contextmanager
def serving(*args: str, db: str) -> Iterator[Served]:
    """``contestbot serve ARGS``, killed at the end if the test has not stopped it."""
    served = Served(*args, db=db)
    try:
        yield served
    finally:
        if served.process.poll() is None:
            served.process.kill()
            served.process.wait(timeout=30)


def lock_holder(db: str, pid: int) -> LockHolder | None:
    """The contest's lock, when the process ``pid`` holds it."""
    with Store(db) as store:
        holder = store.lock_holder(CONTEST)
    return holder if holder is not None and f":{pid}:" in holder.owner else None


@contextmanager
def wikis_paused(farm: Farm, names: tuple[str, ...] = ("meta", "pl", "uk")) -> Iterator[None]:
    """The wikis' servers stopped (SIGSTOP): a run that reads them waits inside its run,
    holding its lock, until they go on (within pywikibot's 30 s read timeout)."""
    pids = [farm.wiki(name).pid for name in names]
    assert all(pids), pids
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)  # type: ignore[arg-type]
    try:
        yield
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)  # type: ignore[arg-type]
