"""Whether the bot may save a page right now: asked before every save, never cached across runs.

Three things stop a write, checked in this order:

- the process is stopping (SIGTERM): a page must not be left half-published;
- the account has no bot right on the wiki: its edits would flood the recent changes
  and watchlists of people who never agreed to that. Checked once per wiki per run with
  a fresh login and userinfo, since pywikibot keeps userinfo per Site for the whole
  process and a flag can be removed while ``serve`` runs;
- the kill switch page has any text: the community's way to stop the bot without an
  operator. It is read before every save (a new Page each time: pywikibot caches a
  Page's text) and, once it has stopped the bot, stays stopped for the rest of the run.
  A switch that cannot be read counts as set: the safe side is not writing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping

import pywikibot

from bot.facts.api import READ_ERRORS

log = logging.getLogger(__name__)

SHOWN_SWITCH_TEXT = 200  # characters of the kill switch's text quoted in the refusal


class WriteGuard:
    """The checks before a save, for one run; ``refusal`` says why a save must not happen."""

    def __init__(
        self,
        sites: Mapping[str, pywikibot.site.APISite],
        kill_switch: tuple[pywikibot.site.APISite, str] | None,
        stop: threading.Event | None = None,
    ) -> None:
        self._sites = sites
        self._kill_switch = kill_switch
        self._stop = stop
        self._rights: dict[str, str | None] = {}  # wiki → why it may not be written, checked
        self._switched_off: str | None = None

    def refusal(self, wiki: str) -> str | None:
        """Why nothing may be saved on ``wiki`` now; None when the save may go ahead."""
        if halted := self.halted:
            return halted
        if wiki not in self._rights:
            self._rights[wiki] = self._rights_refusal(wiki)
        if self._rights[wiki] is not None:
            return self._rights[wiki]
        return self._read_switch()

    @property
    def halted(self) -> str | None:
        """Why no wiki may be written any more this run, known without asking any wiki:
        callers stop attempting pages at all."""
        if self._stop is not None and self._stop.is_set():
            return "the bot is stopping"
        return self._switched_off

    def _rights_refusal(self, wiki: str) -> str | None:
        site = self._sites.get(wiki)
        if site is None:
            return f"{wiki} is not one of the wikis this run reached: nothing is written there"
        account = site.username()
        if not account:
            return f"no account is configured for {wiki}: nothing is written there"
        try:
            del site.userinfo  # read anew: the one pywikibot holds may be hours old
            site.login()  # logs in again if the session ended; reads the userinfo
            logged_in = site.logged_in()
            has_bot_right = logged_in and site.has_right("bot")
        except READ_ERRORS as exc:
            return (f"the rights of {account} on {wiki} could not be read ({exc}): "
                    "nothing is written there")
        if not logged_in:
            return f"{account} is not logged in on {wiki}: nothing is written there"
        if not has_bot_right:
            return f"{account} has no bot flag on {wiki}: nothing is written there"
        return None

    def _read_switch(self) -> str | None:
        if self._kill_switch is None:
            return None
        site, title = self._kill_switch
        name = f"{site.code}:{title}"
        try:
            text = pywikibot.Page(site, title).text
        except READ_ERRORS as exc:
            return self._switch_off(f"writes stopped: the kill switch {name} could not be read "
                                    f"({exc})")
        if not text.strip():
            return None
        shown = " ".join(text.split())[:SHOWN_SWITCH_TEXT]
        return self._switch_off(f"writes stopped by the kill switch {name}: {shown}")

    def _switch_off(self, reason: str) -> str:
        self._switched_off = reason
        log.warning("%s", reason)
        return reason
