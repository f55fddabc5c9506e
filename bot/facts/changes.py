"""What changed on a wiki since the last run, from ``list=recentchanges``.

An incremental run reads a wiki's recent changes since its checkpoint (one request per
500 changes, 5,000 with apihighlimits) and re-reads only the pages named there: edited,
created, or named by a log event (deleted, restored, moved from or to, imported, merged).
A wiki is read in full instead when the recent changes cannot tell (first run, a failed
or stale last run, a changed definition, a checkpoint older than the wiki keeps its
recent changes) or would cost more requests than a full read, and once a day anyway:
some events never reach the recent changes (suppressed deletions, say).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pywikibot

from bot.facts.api import Json, responses
from bot.times import iso, parse_iso

# Wikimedia wikis keep 30 days of recent changes ($wgRCMaxAge); a day's margin.
RC_KEPT = timedelta(days=29)
# Rows are written by deferred updates, a moment after their edit: read a little before
# the checkpoint so that none falls between two runs.
OVERLAP = timedelta(minutes=10)
FULL_READ_EVERY = timedelta(hours=24)
_TYPES = "edit|new|log"


@dataclass(frozen=True, slots=True)
class Changes:
    """Pages changed on a wiki between a checkpoint and ``until`` (the wiki's clock)."""

    until: datetime
    pages: frozenset[tuple[int, str]] = frozenset()  # (namespace, title)
    page_ids: frozenset[int] = frozenset()
    # Titles changed by someone other than the bot itself: its own saves need no re-read.
    by_others: frozenset[str] = frozenset()

    @property
    def titles(self) -> frozenset[str]:
        return frozenset(title for _, title in self.pages)

    @property
    def namespaces(self) -> frozenset[int]:
        return frozenset(namespace for namespace, _ in self.pages)


def needs_full_read(
    changes_until: datetime | None, full_read_at: datetime | None, same_definition: bool,
    failed_before: bool, now: datetime,
) -> bool:
    """Whether a wiki must be read in full, whatever its recent changes say."""
    return (
        failed_before
        or not same_definition
        or changes_until is None
        or full_read_at is None
        or now - full_read_at >= FULL_READ_EVERY
        or now - changes_until >= RC_KEPT
    )


def wiki_time(site: pywikibot.site.APISite) -> datetime:
    """The wiki's own clock (one small request): where a full read's checkpoint is."""
    for data in responses(site, list="recentchanges", rclimit=1, rcprop="timestamp",
                          curtimestamp=1):
        return parse_iso(data["curtimestamp"])
    raise AssertionError("responses() yields at least one response")


def recent_changes(
    site: pywikibot.site.APISite, since: datetime, own_user: str | None, max_requests: int
) -> Changes | None:
    """The pages changed since ``since`` (less ``OVERLAP``); None when reading them would
    take more than ``max_requests`` requests (a full read is cheaper then)."""
    pages: set[tuple[int, str]] = set()
    page_ids: set[int] = set()
    by_others: set[str] = set()
    until: datetime | None = None
    for count, data in enumerate(
        responses(site, list="recentchanges", rcdir="newer", rcstart=iso(since - OVERLAP),
                  rctype=_TYPES, rcprop="title|ids|timestamp|user|loginfo", rclimit="max",
                  curtimestamp=1),
        start=1,
    ):
        if count > max_requests:
            return None
        until = until or parse_iso(data["curtimestamp"])
        for row in data.get("query", {}).get("recentchanges", []):
            named = _named(row)
            pages.update(named)
            if row.get("pageid"):
                page_ids.add(int(row["pageid"]))
            if row.get("user") != own_user:
                by_others.update(title for _, title in named)
    if until is None:
        raise AssertionError("responses() yields at least one response")
    return Changes(until, frozenset(pages), frozenset(page_ids), frozenset(by_others))


def _named(row: Json) -> list[tuple[int, str]]:
    """The pages a change is about: its own, and a move's target."""
    named = [(int(row.get("ns", 0)), str(row["title"]))] if "title" in row else []
    target = row.get("logparams", {}).get("target_title") if row.get("type") == "log" else None
    if target:
        named.append((int(row["logparams"].get("target_ns", 0)), str(target)))
    return named
