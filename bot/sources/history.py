"""Who added each line of a declaring page, from the page's history.

Only the account that added a line may claim it. A line belongs to the revision in which
its exact text (stripped) first appeared; an edit that changes a line makes the editor
its author, which is the conservative reading: a claim can be lost to an edit, never
gained by one. Histories are read incrementally: the store keeps what was learnt and the
last revision read, so a later run fetches only the new revisions.
"""

from __future__ import annotations

import difflib
import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime

import pywikibot

from bot.facts.api import query
from bot.model import LineOrigin
from bot.times import parse_iso


@dataclass(frozen=True, slots=True)
class Revision:
    id: int
    user: str
    timestamp: datetime
    text: str


def line_key(line: str) -> str:
    """A fixed-size key for a line's text: lines can be longer than an index allows."""
    return hashlib.sha1(line.strip().encode("utf-8")).hexdigest()


def new_origins(
    revisions: Iterable[Revision], known: Mapping[str, LineOrigin]
) -> dict[str, LineOrigin]:
    """The origins of lines first seen in ``revisions`` (oldest first), beyond ``known``."""
    found: dict[str, LineOrigin] = {}
    for revision in revisions:
        for line in revision.text.split("\n"):
            if not line.strip():
                continue
            key = line_key(line)
            if key not in known and key not in found:
                found[key] = LineOrigin(revision.user, revision.timestamp, revision.id)
    return found


def blame(revisions: Iterable[Revision]) -> list[LineOrigin]:
    """Who gave each line of the last revision (oldest first) its current text.

    Unlike ``new_origins``, a line belongs to the edit that put this occurrence there: a
    line removed and written again by someone else is theirs, and two identical lines
    have their own authors. An edit that restores an earlier revision exactly (a revert)
    gives its lines back to their authors, so undoing vandalism takes nothing from anyone
    — except lines whose authors edited the page in between: a line its author withdrew
    belongs to whoever brings it back.
    """
    seen: dict[str, int] = {}  # text → index of the first revision with it
    users: list[str] = []
    snapshots: list[list[LineOrigin]] = []
    lines: list[str] = []
    origins: list[LineOrigin] = []
    for revision in revisions:
        mine = LineOrigin(revision.user, revision.timestamp, revision.id)
        new_lines = revision.text.split("\n")
        if (earlier := seen.get(revision.text)) is not None:
            since = set(users[earlier + 1:])
            still_there = Counter(origins)
            restored = []
            for origin in snapshots[earlier]:
                if still_there[origin] > 0:
                    still_there[origin] -= 1
                    restored.append(origin)
                else:  # removed in between: brought back for its author unless they removed it
                    restored.append(mine if origin.user in since else origin)
            origins = restored
        else:
            kept: list[LineOrigin] = []
            matcher = difflib.SequenceMatcher(None, lines, new_lines, autojunk=False)
            for tag, i1, i2, j1, j2 in matcher.get_opcodes():
                kept += origins[i1:i2] if tag == "equal" else [mine] * (j2 - j1)
            origins = kept
            seen[revision.text] = len(snapshots)
        lines = new_lines
        users.append(revision.user)
        snapshots.append(origins)
    return origins


def first_showing(revisions: Iterable[Revision], text: str) -> Revision | None:
    """The oldest revision whose text contains ``text`` (a template call, say)."""
    return next((r for r in revisions if text in r.text), None)


def revisions_after(
    site: pywikibot.site.APISite, page_id: int, after: int | None
) -> Iterator[Revision]:
    """The page's revisions newer than ``after`` (all when None), oldest first, with text."""
    params: dict[str, object] = {
        "prop": "revisions", "pageids": page_id, "rvdir": "newer", "rvslots": "main",
        "rvprop": "ids|user|timestamp|content", "rvlimit": "max",
    }
    if after is not None:
        # rvstartid must name an existing revision (ids are global, so after+1 may not
        # be one): start at the last one read and skip it.
        params["rvstartid"] = after
    for part in query(site, **params):
        for page in part.get("pages", []):
            for rev in page.get("revisions", []):
                # A revision whose text or author was suppressed cannot be attributed; its
                # lines count from the next revision that shows them.
                if rev["revid"] == after or "slots" not in rev or "user" not in rev:
                    continue
                yield Revision(rev["revid"], rev["user"], parse_iso(rev["timestamp"]),
                               rev["slots"]["main"].get("content", ""))
