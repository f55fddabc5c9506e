"""The store's schema: opening an engine and migrating it with Alembic, one process at a
time.

Every process that opens the store migrates it to the newest revision first, and cron
jobs may start together on a new database: the migration is serialised (a file lock
next to a SQLite database, a named lock of the MariaDB server for that database), so
the second process finds the work done instead of creating the same tables again.
"""

from __future__ import annotations

import fcntl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.engine import Connection

MIGRATIONS = Path(__file__).parent / "migrations"
LOCK_WAIT_SECONDS = 300  # a migration of a big store takes seconds; anything longer is a hang


def migration_config(connection: Connection) -> Config:
    """Alembic configuration for this package's migrations, run on ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def open_engine(url: str) -> Engine:
    """The engine of the store at ``url``, as the store and the migration commands use it."""
    # ToolsDB closes idle connections; a long-lived job must not fail on the next query.
    engine = create_engine(url, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite)
    return engine


def _configure_sqlite(dbapi_connection: Any, connection_record: Any) -> None:
    # SQLite ignores foreign keys unless asked, per connection; WAL lets reports read
    # while a run writes. SQLAlchemy has no construct for PRAGMA.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def migrate(engine: Engine, step: Callable[[Config], None]) -> None:
    """Run ``step`` (an Alembic command) on the store, alone."""
    with _alone(engine), engine.begin() as connection:
        step(migration_config(connection))


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the store at ``url`` up to ``revision`` (``contestbot db upgrade``)."""
    _on(url, lambda config: command.upgrade(config, revision))


def downgrade(url: str, revision: str) -> None:
    """Migrate the store at ``url`` down to ``revision``; what later revisions added is lost."""
    _on(url, lambda config: command.downgrade(config, revision))


def current_revision(url: str) -> str | None:
    """The revision the store at ``url`` is at; None when it has no schema yet."""
    engine = open_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def _on(url: str, step: Callable[[Config], None]) -> None:
    engine = open_engine(url)
    try:
        migrate(engine, step)
    finally:
        engine.dispose()


@contextmanager
def _alone(engine: Engine) -> Iterator[None]:
    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if not database or database == ":memory:":  # nobody else can see it
            yield
            return
        with open(f"{database}.lock", "a") as lock:  # released when closed; the file stays
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield
        return
    with engine.connect() as connection:  # the named lock belongs to this session
        # Lock names are server-wide (ToolsDB hosts many tools): name the database.
        name = func.concat("contestbot-migrations-", func.database())
        if connection.scalar(select(func.get_lock(name, LOCK_WAIT_SECONDS))) != 1:
            raise TimeoutError(f"another process has been migrating the database for "
                               f"{LOCK_WAIT_SECONDS} s")
        try:
            yield
        finally:
            connection.scalar(select(func.release_lock(name)))
