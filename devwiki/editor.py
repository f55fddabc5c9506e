"""A human editing a farm wiki through the API, in a session of its own.

Tests need people who edit between the bot's runs (a human above the bot's block, an
admin moving a page). Doing it through pywikibot in the test process would share its
cookie jar with the bot's account; a separate cookie jar keeps the two apart.
"""

from __future__ import annotations

import http.cookiejar
import json
import urllib.parse
import urllib.request
from typing import Any

from devwiki.accounts import ADMIN_PASSWORD, ADMIN_USER


class EditorError(RuntimeError):
    pass


class Editor:
    """Logged in as ``user`` on the wiki whose api.php is ``api_url``."""

    def __init__(self, api_url: str, user: str = ADMIN_USER,
                 password: str = ADMIN_PASSWORD) -> None:
        self.api_url = api_url
        self._opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
        )
        login = self._post(action="clientlogin", username=user, password=password,
                           loginreturnurl="http://127.0.0.1/", logintoken=self._token("login"))
        if login["clientlogin"]["status"] != "PASS":
            raise EditorError(f"{user} cannot log in: {login['clientlogin']}")
        self._csrf = self._token("csrf")

    def edit(self, title: str, text: str, summary: str, *,
             contentmodel: str | None = None) -> int:
        """Replace the page's text; the new revision id. ``contentmodel`` (e.g. "json")
        sets the page's content model, as organizers do for a bot's JSON page."""
        extra = {} if contentmodel is None else {"contentmodel": contentmodel}
        done = self._post(action="edit", title=title, text=text, summary=summary,
                          token=self._csrf, **extra)
        return int(done["edit"].get("newrevid") or done["edit"]["pageid"])

    def append(self, title: str, text: str, summary: str) -> int:
        done = self._post(action="edit", title=title, appendtext=text, summary=summary,
                          token=self._csrf)
        return int(done["edit"]["newrevid"])

    def move(self, title: str, to: str, summary: str, *, leave_redirect: bool = True) -> None:
        """Move a page; ``leave_redirect=False`` suppresses the redirect (a sysop right)."""
        extra = {} if leave_redirect else {"noredirect": "1"}
        self._post(action="move", **{"from": title}, to=to, reason=summary,
                   token=self._csrf, **extra)

    def delete(self, title: str, reason: str) -> int:
        """Delete a page; the id of the deletion's log entry."""
        done = self._post(action="delete", title=title, reason=reason, token=self._csrf)
        return int(done["delete"]["logid"])

    def protect(self, title: str, protections: str, reason: str) -> None:
        """Protect a page, e.g. 'create=sysop' on a deleted title (salting), indefinitely."""
        self._post(action="protect", title=title, protections=protections, reason=reason,
                   expiry="infinite", token=self._csrf)

    def _token(self, kind: str) -> str:
        tokens = self._post(action="query", meta="tokens", type=kind)["query"]["tokens"]
        return str(tokens[f"{kind}token"])

    def _post(self, **params: str) -> Any:
        data = urllib.parse.urlencode({**params, "format": "json", "formatversion": "2"})
        with self._opener.open(self.api_url, data.encode(), timeout=30) as response:
            answer = json.loads(response.read())
        if "error" in answer:
            raise EditorError(f"{params.get('action')}: {answer['error']}")
        return answer
