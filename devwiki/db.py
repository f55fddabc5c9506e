"""Direct SQLite access to a wiki's files: queries, interwiki, snapshot and restore.

Going straight to the SQLite file is much faster than maintenance/sql.php (no PHP
start-up) and works whether or not the server runs. MediaWiki opens the files per
request, so between requests nothing holds them.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import closing
from pathlib import Path

Row = dict[str, object]


def connect(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise FileNotFoundError(f"no SQLite database at {path}")
    # Autocommit (isolation_level=None): each statement commits at once, so the
    # web server never waits on a transaction we forgot to close. The busy timeout
    # rides out a request that is writing right now.
    return sqlite3.connect(path, timeout=10, isolation_level=None)


def query(path: Path, sql: str, params: Sequence[object] = ()) -> list[Row]:
    """Run one statement; rows as dicts. Text that MediaWiki keeps in BLOB columns
    comes back as str (UTF-8), so results print and compare naturally."""
    with closing(connect(path)) as conn:
        cursor = conn.execute(sql, tuple(params))
        if cursor.description is None:
            return []
        columns = [col[0] for col in cursor.description]
        return [
            {name: _decode(value) for name, value in zip(columns, row, strict=True)}
            for row in cursor.fetchall()
        ]


def _decode(value: object) -> object:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value


def replace_interwiki(path: Path, rows: Iterable[tuple[str, str, str, str]]) -> None:
    """Replace the whole interwiki table by (prefix, url, api, wikiid) rows, all local.

    The installer's default table maps wikipedia:, commons:, ... to the real sites;
    pywikibot follows such links to en.wikipedia.org. Only farm wikis may remain.
    """
    with closing(connect(path)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("DELETE FROM interwiki")
        conn.executemany(
            "INSERT INTO interwiki (iw_prefix, iw_url, iw_api, iw_wikiid, iw_local, iw_trans)"
            " VALUES (?, ?, ?, ?, 1, 0)",
            list(rows),
        )
        conn.execute("COMMIT")


def copy_files(names: Iterable[str], src: Path, dst: Path) -> None:
    """Copy SQLite files from src to dst, each replaced atomically (copy + rename).

    A reader never sees a half-copied file; a stale rollback journal next to a
    replaced file would be applied to the wrong database, so it goes too.
    """
    dst.mkdir(parents=True, exist_ok=True)
    for name in names:
        tmp = dst / f".{name}.devwiki-tmp"
        shutil.copyfile(src / name, tmp)
        os.replace(tmp, dst / name)
        for suffix in ("-journal", "-wal", "-shm"):
            (dst / (name + suffix)).unlink(missing_ok=True)


def purge_cache_except_sessions(path: Path) -> None:
    """Empty wikicache.sqlite's objectcache but keep sessions.

    Kept sessions keep pywikibot logged in across `restore` (the user rows are in
    the snapshot with the same ids). Everything else there (stashed edits, cached
    objects keyed by page or revision ids) may describe the state before restore.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return  # created lazily by the first request that caches anything
    with closing(connect(path)) as conn:
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'objectcache'"
        )
        if found.fetchone() is not None:
            conn.execute("DELETE FROM objectcache WHERE keyname NOT LIKE '%:MWSession:%'")


def execute(path: Path, sql: str, params: Sequence[object] = ()) -> int:
    """Run one writing statement; returns the number of rows it changed."""
    with closing(connect(path)) as conn:
        return conn.execute(sql, tuple(params)).rowcount
