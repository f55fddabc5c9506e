"""The participants' own edits inside the window, from one ``list=usercontribs`` pass.

One pass (50 users per request, 500 with apihighlimits) gives every edit of every
participant in the judged pages' namespaces: who created which page, and what each
participant did to each page. The words and characters those edits added need the
text of each counted edit and of its parent: one ``revids`` request per 50 (500)
revisions, each revision read once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

import pywikibot

from bot.facts.api import Json, batch_size, chunked, query, query_pages
from bot.facts.prose import TextSize, measure_text
from bot.model import Contribution, Edit
from bot.times import iso, parse_iso
from bot.titles import normalize_user

# An edit that was reverted later, or that itself reverts, adds nothing that lasts.
REVERT_TAGS = frozenset({"mw-reverted", "mw-rollback", "mw-undo", "mw-manual-revert"})

Work = dict[tuple[str, int], Contribution]


def counted(edit: Edit) -> bool:
    """Whether an edit counts towards a participant's work (it is listed either way)."""
    return REVERT_TAGS.isdisjoint(edit.tags)


def edit_from(record: Json) -> Edit:
    """An ``Edit`` from a ``list=usercontribs`` record (formatversion 2)."""
    parent = 0 if record.get("new") else int(record.get("parentid", 0))
    return Edit(
        revision=int(record["revid"]),
        parent=parent,
        timestamp=parse_iso(record["timestamp"]),
        size_diff=int(record.get("sizediff", 0)),
        tags=tuple(record.get("tags", ())),
    )


def group_work(records: Iterable[Json], names: Mapping[str, str] | None = None) -> Work:
    """(user, page id) → Contribution, edits oldest first; bytes summed over counted edits.

    ``names`` maps the wiki's user names back to the names the caller used.
    """
    edits: dict[tuple[str, int], list[Edit]] = {}
    for record in records:
        user = (names or {}).get(record["user"], record["user"])
        edits.setdefault((user, int(record["pageid"])), []).append(edit_from(record))
    work: Work = {}
    for key, found in edits.items():
        found.sort(key=lambda e: (e.timestamp, e.revision))
        work[key] = Contribution(
            edits=tuple(found),
            bytes_added=sum(e.size_diff for e in found if counted(e)),
        )
    return work


def creations(work: Work) -> dict[int, tuple[str, datetime]]:
    """Page id → (creator, time) for the pages the participants created."""
    created: dict[int, tuple[str, datetime]] = {}
    for (user, page_id), contribution in work.items():
        for edit in contribution.edits:
            if edit.created and (page_id not in created
                                 or edit.timestamp < created[page_id][1]):
                created[page_id] = (user, edit.timestamp)
    return created


def read_work(
    site: pywikibot.site.APISite,
    participants: Iterable[str],
    namespaces: Collection[int],
    start: datetime | None,
    end: datetime,
    *,
    all_edits: bool = True,
) -> Work:
    """Every participant's edits inside [start, end) in ``namespaces`` (all before ``end``
    when ``start`` is None), by page; only the edits that created a page unless
    ``all_edits`` (far fewer to list)."""
    if not namespaces:
        return {}
    names = {normalize_user(p): p for p in participants}
    def inside(record: Json) -> bool:  # the API's bounds are whole seconds; ours decide
        at = parse_iso(record["timestamp"])
        return (start is None or start <= at) and at < end

    records = _contributions(site, sorted(set(names.values())), namespaces, start, end,
                             all_edits)
    return group_work(filter(inside, records), names)


def _contributions(
    site: pywikibot.site.APISite, users: list[str], namespaces: Collection[int],
    start: datetime | None, end: datetime, all_edits: bool,
) -> Iterator[Json]:
    only = {} if all_edits else {"ucshow": "new"}
    if start is not None:
        only["ucend"] = iso(start)
    for chunk in chunked(users, batch_size(site)):
        for part in query(site, list="usercontribs", ucuser="|".join(chunk),
                          ucstart=iso(end - timedelta(seconds=1)),
                          ucnamespace="|".join(map(str, sorted(namespaces))),
                          ucprop="ids|timestamp|sizediff|tags|flags|title",
                          uclimit="max", **only):
            yield from part.get("usercontribs", [])


def added_sizes(edits: Iterable[Edit], sizes: Mapping[int, TextSize]) -> tuple[int, int] | None:
    """(words, characters) the counted edits added, each against its parent revision.

    ``sizes`` holds the measured revisions; None when one of them could not be read
    (its text hidden or deleted): a partial sum would not be exact.
    """
    words = chars = 0
    for edit in edits:
        if not counted(edit):
            continue
        before = TextSize(0, 0, 0) if edit.parent == 0 else sizes.get(edit.parent)
        after = sizes.get(edit.revision)
        if before is None or after is None:
            return None
        words += after.words - before.words
        chars += after.chars - before.chars
    return words, chars


def with_added_content(
    site: pywikibot.site.APISite,
    work: Work,
    declared: Collection[tuple[str, int]],
    hidden_prefixes: frozenset[str],
    chars_per_word: Decimal | None,
) -> Work:
    """``work`` with words_added/chars_added set for the ``declared`` (participant, page id)
    pairs: only the claimant's own edits are measured, not every editor's."""
    wanted = {key: c for key, c in work.items() if key in declared}
    revisions = sorted({
        rev for c in wanted.values() for e in c.edits if counted(e)
        for rev in (e.revision, e.parent) if rev
    })
    sizes = {
        rev: measure_text(text, hidden_prefixes, chars_per_word)
        for rev, text in read_texts(site, revisions).items()
    }
    done = dict(work)
    for key, contribution in wanted.items():
        added = added_sizes(contribution.edits, sizes)
        if added is not None:
            done[key] = replace(contribution, words_added=added[0], chars_added=added[1])
    return done


def read_texts(site: pywikibot.site.APISite, revisions: Iterable[int]) -> dict[int, str]:
    """Revision id → wikitext, in batched ``revids`` requests; unreadable ones are left out."""
    return {
        revision: content
        for revision, record in read_revisions(site, revisions, "ids|content").items()
        if (content := record.get("slots", {}).get("main", {}).get("content")) is not None
    }


def read_revisions(
    site: pywikibot.site.APISite, revisions: Iterable[int], rvprop: str
) -> dict[int, Json]:
    """Revision id → its record with ``rvprop``, 50 (500) revisions per request."""
    found: dict[int, Json] = {}
    for _chunk, _info, records in query_pages(site, [str(r) for r in revisions], "revids",
                                              prop="revisions", rvprop=rvprop,
                                              rvslots="main"):
        for page in records:
            for rev in page.get("revisions", []):
                found[int(rev["revid"])] = rev
    return found
