"""Store fixtures shared by the store's test modules, loaded by them as a pytest plugin
(``pytest_plugins``): the store on SQLite and on MariaDB.

MariaDB tests need a server at 127.0.0.1:3306 (user root, no password); they create
and drop their own database. Without a server they are skipped, except on CI.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.exc import OperationalError

from bot.store import Store

MARIADB_SERVER = "mysql+pymysql://root@127.0.0.1:3306/test?charset=utf8mb4"


@pytest.fixture(scope="session")
def mariadb_database() -> Iterator[str]:
    """A fresh utf8mb4 database for the session. Its default collation is MariaDB's usual
    case- and accent-insensitive one, so that the schema's own collations are under test."""
    server = create_engine(MARIADB_SERVER, connect_args={"connect_timeout": 3})
    try:
        server.connect().close()
    except OperationalError as error:
        server.dispose()
        message = (
            f"MariaDB not reachable at 127.0.0.1:3306 ({error.orig}); "
            "set up a local MariaDB to run these"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    name = server.dialect.identifier_preparer.quote(f"contestbot_test_{secrets.token_hex(6)}")
    with server.begin() as connection:
        connection.execute(
            text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci")
        )
    try:
        yield server.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.begin() as connection:
            connection.execute(text(f"DROP DATABASE {name}"))
        server.dispose()


@pytest.fixture(params=["sqlite", "mariadb"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    url: str = request.getfixturevalue("mariadb_database")
    yield url
    drop_tables(url)


@pytest.fixture
def mariadb_url(mariadb_database: str) -> Iterator[str]:
    """The session's MariaDB database, without tables before and after the test."""
    drop_tables(mariadb_database)
    yield mariadb_database
    drop_tables(mariadb_database)


def drop_tables(url: str) -> None:
    """Every table of the database at ``url``: a MariaDB database fresh for the next test."""
    engine = create_engine(url)
    with engine.begin() as connection:
        tables = MetaData()
        tables.reflect(connection)
        tables.drop_all(connection)
    engine.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with Store(store_url) as opened:
        yield opened
