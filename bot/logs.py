"""Log lines that say which contest, wiki and run they belong to.

``serve`` runs several contests at once in APScheduler's worker threads and Toolforge keeps
one interleaved log per job, so every line carries ``[contest|wiki|run N]``. The context
lives in :mod:`contextvars`: a thread starts with an empty context, so one contest's run
never labels another thread's lines.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

UNSET = "-"
FORMAT = "%(asctime)s %(levelname)s [%(contest)s|%(wiki)s|run %(run)s] %(name)s: %(message)s"

_contest: ContextVar[str | None] = ContextVar("contestbot_contest", default=None)
_run: ContextVar[int | None] = ContextVar("contestbot_run", default=None)
_wiki: ContextVar[str | None] = ContextVar("contestbot_wiki", default=None)


@contextmanager
def contest_context(contest: str, run: int | None = None) -> Iterator[None]:
    """Label the lines logged inside with the contest (and its run id, once known)."""
    contest_token = _contest.set(contest)
    run_token = _run.set(run)
    try:
        yield
    finally:
        _run.reset(run_token)
        _contest.reset(contest_token)


@contextmanager
def wiki_context(wiki: str) -> Iterator[None]:
    """Label the lines logged inside with the contest wiki being read or written."""
    token = _wiki.set(wiki)
    try:
        yield
    finally:
        _wiki.reset(token)


class ContextFilter(logging.Filter):
    """Adds ``contest``, ``wiki`` and ``run`` to every record ("-" outside a context).

    It sits on the handler, not on a logger, so records of pywikibot, SQLAlchemy and
    APScheduler get the fields too. Values given with ``extra=`` are kept.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        for field, var in (("contest", _contest), ("wiki", _wiki), ("run", _run)):
            if not hasattr(record, field):
                value = var.get()
                setattr(record, field, UNSET if value is None else value)
        return True


class UTCFormatter(logging.Formatter):
    """Times in UTC, ISO 8601 with milliseconds: the wikis' and Toolforge's clock."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        moment = datetime.fromtimestamp(record.created, UTC)
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class _ContestBotHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Marks the handler setup_logging installed, so a second call replaces it."""


def setup_logging(level: str) -> None:
    """Log to stderr (what `toolforge jobs logs` shows) at LEVEL, one line per event."""
    levels = logging.getLevelNamesMapping()
    name = level.upper()
    if name not in levels:
        raise ValueError(f"unknown log level {level!r}: use DEBUG, INFO, WARNING or ERROR")
    handler = _ContestBotHandler(sys.stderr)
    handler.addFilter(ContextFilter())
    handler.setFormatter(UTCFormatter(FORMAT))
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _ContestBotHandler)]:
        root.removeHandler(old)  # other handlers (pytest's capture) stay
    root.addHandler(handler)
    root.setLevel(levels[name])
    # Alembic narrates every migration check and APScheduler every job (the heartbeat's
    # twice a minute) at INFO; only their problems matter in the bot's log.
    for chatty in ("alembic", "apscheduler"):
        logging.getLogger(chatty).setLevel(max(logging.WARNING, root.level))
