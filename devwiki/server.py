"""Start, probe and stop one wiki's `php -S` server; count its API requests."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from devwiki.packages import MEDIAWIKI_DIR
from devwiki.spec import HOST

LOG_NAME = "server.log"

# php -S logs every request on one line once the response is complete, e.g.
#   [Sat Nov 21 08:29:59 2026] 127.0.0.1:36402 [200]: POST /api.php
#   [Sat Nov 21 08:29:59 2026] 127.0.0.1:36400 [200]: GET /api.php?action=query&...
# around "Accepted"/"Closing" lines for the connection. api.php answers without a
# Content-Length (Connection: close), so a client only sees the end of the
# response after this line is written: a count taken right after a call is exact.
_API_LINE = re.compile(rb"\] \S+:\d+ \[\d{3}\]: [A-Z]+ /api\.php(?:[?#\s]|$)")

# Loopback only: no proxy from the environment may get between us and the wiki.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def start(wiki_dir: Path, port: int) -> subprocess.Popen[bytes]:
    """Launch `php -S 127.0.0.1:PORT` for the wiki in its own session (setsid).

    The own session keeps the server alive when the launching shell or pytest
    ends, and lets `stop` signal the whole process group.
    """
    env = dict(os.environ, MW_CONFIG_FILE=str(wiki_dir / "LocalSettings.php"))
    # Several workers on one SQLite file invite "database is locked"; one request at
    # a time suits pywikibot, which is sequential anyway.
    env.pop("PHP_CLI_SERVER_WORKERS", None)
    logs = wiki_dir / "logs"
    logs.mkdir(exist_ok=True)
    with open(logs / LOG_NAME, "ab") as log:
        return subprocess.Popen(
            [
                "php",
                "-d",
                "opcache.max_accelerated_files=20000",
                "-d",
                "memory_limit=512M",
                "-S",
                f"{HOST}:{port}",
                "-t",
                str(MEDIAWIKI_DIR),
            ],
            cwd=wiki_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def is_serving(pid: int | None, port: int) -> bool:
    """True if pid is alive and is our php -S on that port.

    Checking the command line guards against a recycled pid; a zombie has an empty
    command line and so counts as stopped.
    """
    if pid is None:
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"-S" in cmdline and f"{HOST}:{port}".encode() in cmdline


def answers(api_url: str, timeout: float = 2.0) -> bool:
    """True when api.php returns siteinfo JSON."""
    url = api_url + "?action=query&meta=siteinfo&format=json&formatversion=2"
    try:
        with _OPENER.open(url, timeout=timeout) as response:
            return "query" in json.loads(response.read())
    except (OSError, ValueError):
        return False


def wait_ready(api_url: str, pid: int, port: int, log: Path, timeout: float = 60.0) -> None:
    """Block until api.php answers; raise with the log's tail if the server died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not is_serving(pid, port):
            raise RuntimeError(f"php -S on port {port} exited; end of {log}:\n{_tail(log)}")
        if answers(api_url):
            return
        time.sleep(0.05)
    raise RuntimeError(f"{api_url} did not answer within {timeout} s; end of {log}:\n{_tail(log)}")


def stop(
    pid: int, port: int, proc: subprocess.Popen[bytes] | None = None, timeout: float = 5.0
) -> None:
    """SIGTERM the server's process group, wait, SIGKILL if it lingers."""
    if not is_serving(pid, port):
        _reap(proc)
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc is not None and proc.poll() is not None:
                return
            if proc is None and not is_serving(pid, port):
                return
            time.sleep(0.02)
    _reap(proc)


def _reap(proc: subprocess.Popen[bytes] | None) -> None:
    # A child we started must be waited for, or it stays a zombie (and Python warns).
    if proc is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)


def count_api_requests(log: Path) -> int:
    """Number of api.php requests php -S has logged to this file so far."""
    try:
        with open(log, "rb") as handle:
            return sum(1 for line in handle if _API_LINE.search(line))
    except FileNotFoundError:
        return 0


def _tail(log: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
