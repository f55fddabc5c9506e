"""Farm: the wikis under one base folder, their servers, snapshots and data.

Layout (nothing is written outside the base folder):

    <base>/farm.json                 wikis: name, lang, port, sitename, dbname, pid
    <base>/pywikibot/                PYWIKIBOT_DIR: user-config.py, user-password.py, families/
    <base>/<wiki>/LocalSettings.php  from install.php, plus a require of devwiki-settings.php
    <base>/<wiki>/data/              <dbname>.sqlite, <dbname>_jobqueue.sqlite, wikicache.sqlite
    <base>/<wiki>/snapshot/          copies of the two database files, taken when the wiki is new
    <base>/<wiki>/logs/server.log    php -S access log (one line per request)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from devwiki import db, maintenance, pwbconfig, server, settings
from devwiki.accounts import (
    ADMIN_PASSWORD,
    ADMIN_USER,
    BOT_APPID,
    BOT_GRANTS,
    BOT_MAIN_PASSWORD,
    BOT_PASSWORD,
    BOT_USER,
)
from devwiki.dump import Page, to_xml
from devwiki.editor import Editor
from devwiki.packages import packages_installed
from devwiki.spec import DEFAULT_WIKIS, Wiki, free_ports, new_wiki, parse_specs, port_is_free

STATE_FILE = "farm.json"
CREATED_MARK = ".created"  # written last: a wiki folder without it is a failed install
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class FarmError(RuntimeError):
    pass


class Farm:
    """The wikis under one base folder. Cheap to construct; all state is on disk, so
    the CLI and pytest can each make their own Farm for the same folder."""

    def __init__(self, base: str | os.PathLike[str]) -> None:
        self.base = Path(base).absolute()
        # Servers this process started: they must be waited for when stopped.
        self._procs: dict[str, subprocess.Popen[bytes]] = {}

    # ----- state -------------------------------------------------------------

    @property
    def pywikibot_dir(self) -> Path:
        return self.base / "pywikibot"

    def wikis(self) -> list[Wiki]:
        """The wikis recorded in farm.json (created or only planned), in order."""
        path = self.base / STATE_FILE
        if not path.is_file():
            return []
        data = json.loads(path.read_text(encoding="utf-8"))
        return [Wiki.from_json(item) for item in data["wikis"]]

    def wiki(self, name: str) -> Wiki:
        for wiki in self.wikis():
            if wiki.name == name:
                return wiki
        raise FarmError(f"no wiki {name!r} in {self.base} (have: {self._names()})")

    def _names(self) -> list[str]:
        return [wiki.name for wiki in self.wikis()]

    def _save(self, wikis: Sequence[Wiki]) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        # The farm lives inside the repo by default (.devwiki): keep it out of git
        # without touching the project's .gitignore.
        ignore = self.base / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        tmp = self.base / (STATE_FILE + ".tmp")
        tmp.write_text(
            json.dumps({"wikis": [w.to_json() for w in wikis]}, indent=2, ensure_ascii=False)
            + "\n",
            encoding="utf-8",
        )
        os.replace(tmp, self.base / STATE_FILE)

    def wiki_dir(self, name: str) -> Path:
        return self.base / name

    def db_path(self, name: str) -> Path:
        return self.wiki_dir(name) / "data" / f"{self.wiki(name).dbname}.sqlite"

    def is_created(self, name: str) -> bool:
        return (self.wiki_dir(name) / CREATED_MARK).is_file()

    def is_running(self, name: str) -> bool:
        wiki = self.wiki(name)
        return server.is_serving(wiki.pid, wiki.port)

    # ----- planning and pywikibot config -----------------------------------

    def plan(
        self, wikis: str | Sequence[str] | None = None, port_base: int | None = None
    ) -> list[Wiki]:
        """Record wikis and ports in farm.json without creating anything.

        wikis: specs like 'meta,en' or ['ar:ar']; wikis already recorded stay (and
        keep their language). None: the recorded ones, or meta,en,pl,uk on a new base.
        port_base: every wiki gets port_base + its index. None: recorded wikis keep
        their ports and new ones get ports the kernel says are free.
        """
        current = self.wikis()
        if wikis is None:
            wikis = [] if current else list(DEFAULT_WIKIS)
        by_name = {wiki.name: wiki for wiki in current}
        for name, lang in parse_specs(wikis):
            known = by_name.get(name)
            if known is None:
                wiki = new_wiki(name, lang, port=0)
                current.append(wiki)
                by_name[name] = wiki
            elif lang is not None and lang != known.lang:
                raise FarmError(
                    f"wiki {name!r} exists with language {known.lang!r}, not "
                    f"{lang!r}: destroy the farm to change it"
                )
        if port_base is not None:
            for index, wiki in enumerate(current):
                wiki.port = port_base + index
        else:
            unset = [wiki for wiki in current if not wiki.port]
            for wiki, port in zip(unset, free_ports(len(unset)), strict=True):
                wiki.port = port
        ports = [wiki.port for wiki in current]
        if len(set(ports)) != len(ports) or not all(0 < port < 65536 for port in ports):
            raise FarmError(f"bad ports {ports}")
        self._save(current)
        return current

    def write_pywikibot_config(
        self, wikis: str | Sequence[str] | None = None, port_base: int | None = None
    ) -> Path:
        """Plan the wikis (see plan) and write PYWIKIBOT_DIR; returns its path.

        Needs no server and no MediaWiki: tests call it before pywikibot is imported.
        """
        return pwbconfig.write(self.pywikibot_dir, self.plan(wikis, port_base))

    # ----- lifecycle --------------------------------------------------------

    def up(
        self, wikis: str | Sequence[str] | None = None, port_base: int | None = None
    ) -> list[Wiki]:
        """Create missing wikis, then start every server that is not running.

        Idempotent: running servers on the right port are left alone. A wiki whose
        port changed (port_base given) is restarted on the new one.
        """
        if not packages_installed():
            raise FarmError(
                "MediaWiki/PHP are not installed: run `scripts/devwiki install-packages`"
            )
        before = {wiki.name: wiki for wiki in self.wikis()}
        planned = self.plan(wikis, port_base)
        moved = [w for w in planned if w.name in before and before[w.name].port != w.port]
        for wiki in moved:  # still listening on the old port
            old = before[wiki.name]
            if old.pid is not None:
                server.stop(old.pid, old.port, self._procs.pop(wiki.name, None))
                wiki.pid = None
        if moved:
            # pywikibot's cached siteinfo names the old server URL.
            for cache in self.pywikibot_dir.glob("apicache*"):
                shutil.rmtree(cache, ignore_errors=True)
        self._save(planned)
        pwbconfig.write(self.pywikibot_dir, planned)

        fresh = [wiki for wiki in planned if not self.is_created(wiki.name)]
        # Two PHP installs at a time: 2 cores, and each install is CPU-bound.
        with ThreadPoolExecutor(max_workers=max(1, min(len(fresh), os.cpu_count() or 2))) as pool:
            list(pool.map(self._install, fresh))
        for wiki in planned:
            settings.write(self.wiki_dir(wiki.name), wiki)
        self._write_interwiki(planned)
        for wiki in fresh:
            self._snapshot_one(wiki)
            (self.wiki_dir(wiki.name) / CREATED_MARK).write_text("", encoding="utf-8")
        self._start(planned)
        return planned

    def _install(self, wiki: Wiki) -> None:
        folder = self.wiki_dir(wiki.name)
        if folder.exists():
            shutil.rmtree(folder)  # left over from an install that failed half-way
        for sub in ("data", "cache", "logs"):
            (folder / sub).mkdir(parents=True)
        maintenance.run(
            folder,
            "install",
            "--dbtype",
            "sqlite",
            "--dbpath",
            str(folder / "data"),
            "--dbname",
            wiki.dbname,
            "--server",
            wiki.server,
            "--scriptpath",
            "",
            "--lang",
            wiki.lang,
            "--pass",
            ADMIN_PASSWORD,
            "--confpath",
            str(folder),
            "--skins",
            "Vector",
            wiki.sitename,
            ADMIN_USER,
        )
        settings.write(folder, wiki)  # before the next scripts: they run faster without fsync
        maintenance.run(folder, "createAndPromote", "--bot", BOT_USER, BOT_MAIN_PASSWORD)
        maintenance.run(
            folder,
            "createBotPassword",
            "--appid",
            BOT_APPID,
            "--grants",
            BOT_GRANTS,
            BOT_USER,
            BOT_PASSWORD,
        )

    def _interwiki_rows(self, wikis: Sequence[Wiki]) -> list[tuple[str, str, str, str]]:
        rows = [(w.name, f"{w.server}/index.php/$1", w.api_url, w.dbname) for w in wikis]
        names = {w.name for w in wikis}
        if "meta" in names and "m" not in names:  # [[m:...]] as on Wikimedia wikis
            meta = next(w for w in wikis if w.name == "meta")
            rows.append(("m", f"{meta.server}/index.php/$1", meta.api_url, meta.dbname))
        return rows

    def _write_interwiki(self, wikis: Sequence[Wiki]) -> None:
        # Into the snapshot too: restore must not bring back stale ports or a table
        # that lacks a wiki added later.
        rows = self._interwiki_rows(wikis)
        for wiki in wikis:
            db.replace_interwiki(self.db_path(wiki.name), rows)
            snap = self._snapshot_dir(wiki.name) / f"{wiki.dbname}.sqlite"
            if snap.is_file():
                db.replace_interwiki(snap, rows)

    def _start(self, wikis: list[Wiki]) -> None:
        starting = []
        for wiki in wikis:
            if server.is_serving(wiki.pid, wiki.port):
                continue
            if not port_is_free(wiki.port):
                raise FarmError(
                    f"port {wiki.port} for wiki {wiki.name!r} is in use by another "
                    "process; run `up --port-base N` with other ports"
                )
            proc = server.start(self.wiki_dir(wiki.name), wiki.port)
            self._procs[wiki.name] = proc
            wiki.pid = proc.pid
            starting.append(wiki)
        self._save(wikis)  # pids first, so `down` finds servers even if waiting fails

        def wait(wiki: Wiki) -> None:
            assert wiki.pid is not None
            server.wait_ready(
                wiki.api_url,
                wiki.pid,
                wiki.port,
                self.wiki_dir(wiki.name) / "logs" / server.LOG_NAME,
            )

        # Each server's first request builds its caches (~0.25 s): wait on all at once.
        with ThreadPoolExecutor(max_workers=max(1, len(starting))) as pool:
            list(pool.map(wait, starting))

    def down(self, only: Iterable[str] | None = None) -> None:
        """Stop the servers of ``only`` these wikis, or every server (SIGTERM, then wait;
        SIGKILL after 5 s). ``up`` starts them again."""
        wikis = self.wikis()
        for wiki in wikis:
            if wiki.pid is not None and (only is None or wiki.name in only):
                server.stop(wiki.pid, wiki.port, self._procs.pop(wiki.name, None))
                wiki.pid = None
        if wikis:
            self._save(wikis)

    def destroy(self) -> None:
        """Stop the servers and delete the base folder."""
        if not self.base.exists():
            return
        if not (self.base / STATE_FILE).is_file() and any(self.base.iterdir()):
            # A typo in --base must not wipe an unrelated folder.
            raise FarmError(f"{self.base} has no {STATE_FILE}: not a devwiki farm, not deleting")
        self.down()
        shutil.rmtree(self.base)

    def status(self) -> list[dict[str, Any]]:
        return [
            {
                **wiki.to_json(),
                "created": self.is_created(wiki.name),
                "running": server.is_serving(wiki.pid, wiki.port),
                "url": self.article_url(wiki.name, ""),
                "api": wiki.api_url,
            }
            for wiki in self.wikis()
        ]

    # ----- snapshot / restore -----------------------------------------------

    def _snapshot_dir(self, name: str) -> Path:
        return self.wiki_dir(name) / "snapshot"

    def _snapshot_files(self, wiki: Wiki) -> list[str]:
        # The l10n cache is a pure cache, and wikicache.sqlite holds the sessions
        # that keep pywikibot logged in; only content and job queue roll back.
        return [f"{wiki.dbname}.sqlite", f"{wiki.dbname}_jobqueue.sqlite"]

    def _snapshot_one(self, wiki: Wiki) -> None:
        db.copy_files(
            self._snapshot_files(wiki),
            self.wiki_dir(wiki.name) / "data",
            self._snapshot_dir(wiki.name),
        )

    def _selected(self, names: Iterable[str] | None) -> list[Wiki]:
        wikis = self.wikis() if names is None else [self.wiki(name) for name in names]
        return [wiki for wiki in wikis if self.is_created(wiki.name)]

    def snapshot(self, wikis: Iterable[str] | None = None) -> None:
        """Make the current state of these wikis (default: all) the one restore returns to."""
        for wiki in self._selected(wikis):
            self._snapshot_one(wiki)

    def restore(self, wikis: Iterable[str] | None = None) -> None:
        """Roll wikis (default: all) back to the snapshot; servers may keep running.

        Do not call it while a request is in flight. Sessions survive.
        """
        for wiki in self._selected(wikis):
            data = self.wiki_dir(wiki.name) / "data"
            db.copy_files(self._snapshot_files(wiki), self._snapshot_dir(wiki.name), data)
            db.purge_cache_except_sessions(data / "wikicache.sqlite")

    # ----- content ----------------------------------------------------------

    def import_xml(self, wiki: str, path: str | os.PathLike[str]) -> None:
        """importDump.php a MediaWiki XML dump, then the steps an import leaves undone.

        The server may keep running meanwhile.
        """
        folder = self.wiki_dir(self.wiki(wiki).name)
        maintenance.run(folder, "importDump", "--quiet", str(Path(path).absolute()))
        maintenance.run(folder, "runJobs", "--quiet")  # link and category tables
        maintenance.run(folder, "initEditCount")  # imports do not count edits
        maintenance.run(folder, "initSiteStats", "--update")
        maintenance.run(folder, "rebuildrecentchanges")  # imports never write recentchanges

    def import_pages(self, wiki: str, pages: Iterable[Page]) -> None:
        """Build a dump of pages (see devwiki.dump) and import it."""
        folder = self.wiki_dir(self.wiki(wiki).name)
        xml = to_xml(pages, lang=self.wiki(wiki).lang)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", suffix=".xml", dir=folder, prefix="import-", delete=False
        ) as handle:
            handle.write(xml)
        try:
            self.import_xml(wiki, handle.name)
        finally:
            os.unlink(handle.name)

    def sql(self, wiki: str, query: str, params: Sequence[object] = ()) -> list[dict[str, Any]]:
        """One SQL statement on the wiki's SQLite database; rows as dicts."""
        return db.query(self.db_path(wiki), query, params)

    def api(self, wiki: str, **params: str | int) -> Any:
        """GET api.php with format=json&formatversion=2; the decoded response."""
        query = urllib.parse.urlencode({**params, "format": "json", "formatversion": 2})
        with _OPENER.open(f"{self.api_url(wiki)}?{query}", timeout=30) as response:
            return json.loads(response.read())

    def page_id(self, wiki: str, title: str) -> int:
        """The page id of title, asking the wiki itself (it knows its namespace names)."""
        page = self.api(wiki, action="query", titles=title)["query"]["pages"][0]
        if page.get("missing") or page.get("invalid"):
            raise FarmError(f"no page {title!r} on {wiki}")
        return int(page["pageid"])

    def set_page_prop(self, wiki: str, title: str, prop: str, value: str | int | float) -> None:
        """Set a page property, e.g. ('wikibase_item', 'Q42'): this 1.39 farm has no
        Wikibase client to do it. Needs the wiki's server running (title lookup)."""
        text = str(value)
        try:
            sortkey: float | None = float(text)  # MediaWiki sorts numeric values
        except ValueError:
            sortkey = None
        db.execute(
            self.db_path(wiki),
            "INSERT OR REPLACE INTO page_props (pp_page, pp_propname, pp_value, pp_sortkey)"
            " VALUES (?, ?, ?, ?)",
            (self.page_id(wiki, title), prop, text, sortkey),
        )

    def set_registration(self, wiki: str, user: str, mw_timestamp: str | datetime) -> None:
        """Set a user's registration date: '20260101000000' (MediaWiki format, UTC) or an
        aware datetime. Imported users are registered at import time otherwise."""
        if isinstance(mw_timestamp, datetime):
            if mw_timestamp.tzinfo is None:
                raise ValueError("registration datetime must be timezone-aware")
            mw_timestamp = mw_timestamp.astimezone(UTC).strftime("%Y%m%d%H%M%S")
        if len(mw_timestamp) != 14 or not mw_timestamp.isdigit():
            raise ValueError(f"not a MediaWiki timestamp (YYYYMMDDHHMMSS): {mw_timestamp!r}")
        name = user.replace("_", " ")
        name = name[:1].upper() + name[1:]  # MediaWiki's user names start upper-case
        changed = db.execute(
            self.db_path(wiki),
            "UPDATE user SET user_registration = ? WHERE user_name = ?",
            (mw_timestamp, name),
        )
        if not changed:
            raise FarmError(f"no user {name!r} on {wiki}")

    def tag_revision(self, wiki: str, rev_id: int, tag: str) -> None:
        """Put a change tag (e.g. 'mw-reverted') on a revision, as MediaWiki's revert
        detection would; the API shows it in list=usercontribs and prop=revisions."""
        path = self.db_path(wiki)
        db.execute(path, "INSERT OR IGNORE INTO change_tag_def (ctd_name, ctd_user_defined,"
                         " ctd_count) VALUES (?, 0, 0)", (tag,))
        changed = db.execute(
            path,
            "INSERT OR IGNORE INTO change_tag (ct_rev_id, ct_rc_id, ct_tag_id)"
            " SELECT rev_id, (SELECT rc_id FROM recentchanges WHERE rc_this_oldid = rev_id),"
            " ctd_id FROM revision, change_tag_def WHERE rev_id = ? AND ctd_name = ?",
            (rev_id, tag),
        )
        if not changed:
            raise FarmError(f"no revision {rev_id} on {wiki}, or it already has tag {tag!r}")
        db.execute(path, "UPDATE change_tag_def SET ctd_count = ctd_count + 1"
                         " WHERE ctd_name = ?", (tag,))

    # ----- addresses and counters -------------------------------------------

    def editor(self, wiki: str) -> Editor:
        """A logged-in Admin session on ``wiki``, independent of pywikibot's."""
        return Editor(self.api_url(wiki))

    def api_url(self, wiki: str) -> str:
        return self.wiki(wiki).api_url

    def article_url(self, wiki: str, title: str) -> str:
        # MediaWiki's own encoding of titles in URLs (wfUrlencode): spaces as _,
        # and these characters left alone.
        path = urllib.parse.quote(title.replace(" ", "_"), safe=";@$!*(),/~:")
        return f"{self.wiki(wiki).server}/index.php/{path}"

    def request_count(self, wiki: str) -> int:
        """api.php requests the wiki's server has logged so far (all its runs)."""
        return server.count_api_requests(
            self.wiki_dir(self.wiki(wiki).name) / "logs" / server.LOG_NAME
        )
