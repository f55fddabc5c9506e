"""The pywikibot configuration folder (PYWIKIBOT_DIR) for the farm.

pywikibot reads user-config.py when it is imported, so this folder must be
complete before anything imports pywikibot; it needs no running server.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from devwiki.accounts import ADMIN_PASSWORD, ADMIN_USER, BOT_APPID, BOT_PASSWORD, BOT_USER
from devwiki.spec import HOST, Wiki

FAMILY = "devwiki"
USER_AGENT_DESCRIPTION = "contestbot tests on the local devwiki farm"


def _family_file(wikis: Sequence[Wiki]) -> str:
    langs = "".join(f"        {w.name!r}: {HOST + ':' + str(w.port)!r},\n" for w in wikis)
    return f'''"""pywikibot family for the local devwiki farm. Written by devwiki; rewritten
when ports change, so do not edit."""

from pywikibot import family


class Family(family.Family):
    name = {FAMILY!r}
    langs = {{
{langs}    }}

    def scriptpath(self, code):
        return ''  # api.php is at http://127.0.0.1:PORT/api.php (installed with --scriptpath "")

    def protocol(self, code):
        return 'http'
'''


def _user_config(wikis: Sequence[Wiki]) -> str:
    names = [w.name for w in wikis]
    mylang = "meta" if "meta" in names else names[0]
    return f"""# pywikibot user-config for the local devwiki farm. Written by devwiki.
family = {FAMILY!r}
mylang = {mylang!r}  # pywikibot.Site() -> {FAMILY}:{mylang}, never wikipedia:xx
usernames[{FAMILY!r}]['*'] = {BOT_USER!r}
password_file = 'user-password.py'  # relative to PYWIKIBOT_DIR
user_agent_description = {USER_AGENT_DESCRIPTION!r}
# Local wikis have no rate limits; pywikibot's 10 s between edits would only slow tests.
put_throttle = 0
minthrottle = 0
maxthrottle = 1
# The defaults (15 retries, up to 120 s apart) would hide a failing request for minutes.
max_retries = 1
retry_wait = 1
retry_max = 2
socket_timeout = (3, 30)
noisysleep = 60.0
log = []
"""


def _password_file() -> str:
    return (
        f"({BOT_USER!r}, BotPassword({BOT_APPID!r}, {BOT_PASSWORD!r}))\n"
        # A plain password: pywikibot logs Admin in with action=clientlogin.
        f"({ADMIN_USER!r}, {ADMIN_PASSWORD!r})\n"
    )


def write(directory: Path, wikis: Sequence[Wiki]) -> Path:
    """Write families/devwiki_family.py, user-config.py and user-password.py."""
    if not wikis:
        raise ValueError("a pywikibot config needs at least one wiki")
    (directory / "families").mkdir(parents=True, exist_ok=True)
    _write_if_changed(directory / "families" / f"{FAMILY}_family.py", _family_file(wikis))
    _write_if_changed(directory / "user-config.py", _user_config(wikis))
    # pywikibot insists on 600 for the password file (it chmods it and warns otherwise).
    _write_if_changed(directory / "user-password.py", _password_file(), mode=0o600)
    return directory


def _write_if_changed(path: Path, text: str, mode: int = 0o644) -> None:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        os.chmod(path, mode)
        return  # an unchanged file keeps its mtime
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    # Created with its final mode: the password never sits in a world-readable file.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(tmp, mode)  # os.open's mode is filtered by the umask
    os.replace(tmp, path)
