"""What the wiki knows about the participants' accounts.

``list=users`` for 50 accounts per request (500 with apihighlimits); the edits before the
window, when a rule needs them, one request per account older than the window, because
``list=usercontribs`` cannot count per user when it lists many.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import pywikibot

from bot.facts.api import Json, batch_size, chunked, query
from bot.model import UserFacts
from bot.times import iso, parse_iso
from bot.titles import normalize_user


def read_users(
    site: pywikibot.site.APISite,
    participants: Sequence[str],
    window_start: datetime,
    edits_before_limit: int | None = None,
) -> dict[str, UserFacts]:
    """UserFacts by participant name as given."""
    names = list(dict.fromkeys(participants))
    found: dict[str, Json] = {}
    for chunk in chunked(names, batch_size(site)):
        for part in query(site, list="users", ususers="|".join(chunk),
                          usprop="registration|editcount"):
            for record in part.get("users", []):
                found[record["name"]] = record
    users: dict[str, UserFacts] = {}
    for name in names:
        record = found.get(name) or found.get(normalize_user(name)) or {}
        users[name] = _user(name, record)
    if edits_before_limit is not None:
        for name, user in users.items():
            if user.exists:
                users[name] = _with_edits_before(site, user, window_start, edits_before_limit)
    return users


def _user(name: str, record: Json) -> UserFacts:
    if not record or record.get("missing") or record.get("invalid") or "userid" not in record:
        return UserFacts(name=record.get("name", name), exists=False)
    registered = record.get("registration")
    return UserFacts(
        name=record["name"],
        exists=True,
        registered=parse_iso(registered) if registered else None,
        edit_count=record.get("editcount"),
    )


def _with_edits_before(
    site: pywikibot.site.APISite, user: UserFacts, window_start: datetime, limit: int
) -> UserFacts:
    if limit <= 0 or (user.registered is not None and user.registered >= window_start):
        count = 0
    else:
        count = count_edits_before(site, user.name, window_start, limit)
    return UserFacts(user.name, user.exists, user.registered, user.edit_count, count)


def count_edits_before(
    site: pywikibot.site.APISite, user: str, moment: datetime, limit: int
) -> int:
    """The user's edits before ``moment``, counted up to ``limit`` (then it means "at least").

    One request when ``limit`` fits in one answer (500, 5000 with apihighlimits); the
    rest of the history is never paged through.
    """
    per_request = min(limit, 10 * batch_size(site))
    count = 0
    for part in query(site, list="usercontribs", ucuser=user,
                      ucstart=iso(moment - timedelta(seconds=1)), ucdir="older",
                      uclimit=per_request, ucprop="ids"):
        count += len(part.get("usercontribs", []))
        if count >= limit:
            break
    return min(count, limit)
