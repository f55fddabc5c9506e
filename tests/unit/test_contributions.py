"""The pure parts of reading the participants' work: what counts, and how it adds up."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.facts.contributions import added_sizes, counted, creations, edit_from, group_work
from bot.facts.prose import TextSize
from bot.model import Edit

T = datetime(2026, 4, 1, tzinfo=UTC)


def edit(revision: int, parent: int, size_diff: int = 10, *tags: str) -> Edit:
    return Edit(revision, parent, T.replace(day=revision), size_diff, tags)


def record(user: str, page: int, revid: int, parent: int, sizediff: int,
           *tags: str, **more: Any) -> dict[str, Any]:
    return {"user": user, "pageid": page, "revid": revid, "parentid": parent,
            "timestamp": f"2026-04-{revid:02d}T00:00:00Z", "sizediff": sizediff,
            "tags": list(tags), **more}


@pytest.mark.parametrize("tags", [("mw-reverted",), ("mw-rollback",), ("mw-undo",),
                                  ("mw-manual-revert",), ("visualeditor", "mw-undo")])
def test_reverted_and_reverting_edits_do_not_count(tags: tuple[str, ...]) -> None:
    assert not counted(edit(2, 1, 10, *tags))


@pytest.mark.parametrize("tags", [(), ("visualeditor",), ("mw-new-redirect",)])
def test_other_edits_count(tags: tuple[str, ...]) -> None:
    assert counted(edit(2, 1, 10, *tags))


def test_edit_from_a_usercontribs_record() -> None:
    assert edit_from(record("A", 7, 3, 2, -5, "mw-undo")) == Edit(
        3, 2, datetime(2026, 4, 3, tzinfo=UTC), -5, ("mw-undo",))
    assert edit_from(record("A", 7, 3, 0, 40, new=True)).created
    # No sizediff when the parent's size is unknown; no tags when none were asked for.
    bare = edit_from({"revid": 4, "parentid": 3, "timestamp": "2026-04-04T00:00:00Z"})
    assert (bare.size_diff, bare.tags) == (0, ())


def test_work_is_grouped_by_user_and_page_oldest_first() -> None:
    work = group_work([
        record("Alice", 7, 5, 4, 30),
        record("Alice", 7, 4, 3, 11, "mw-reverted"),
        record("Alice", 7, 2, 0, 100, new=True),
        record("Bob", 7, 3, 2, -20, "mw-rollback"),
        record("Bob", 8, 6, 1, 7),
    ], {"Alice": "alice"})
    assert set(work) == {("alice", 7), ("Bob", 7), ("Bob", 8)}
    alice = work[("alice", 7)]
    assert [e.revision for e in alice.edits] == [2, 4, 5]
    # The reverted 11 bytes are left out.
    assert (alice.bytes_added, any(e.created for e in alice.edits)) == (130, True)
    assert work[("Bob", 7)].bytes_added == 0
    assert creations(work) == {7: ("alice", datetime(2026, 4, 2, tzinfo=UTC))}


def test_added_sizes_sum_each_counted_edit_against_its_parent() -> None:
    sizes = {1: TextSize(10, 60, 0), 2: TextSize(14, 80, 1), 3: TextSize(20, 110, 1),
             4: TextSize(25, 140, 2), 5: TextSize(30, 170, 2)}
    # 1 → 2 is ours, 2 → 3 someone else's, 3 → 4 ours, 4 → 5 ours but reverted later.
    edits = [edit(2, 1), edit(4, 3), edit(5, 4, 10, "mw-reverted")]
    assert added_sizes(edits, sizes) == (4 + 5, 20 + 30)
    assert added_sizes([edit(1, 0)], sizes) == (10, 60)  # a creation: against nothing
    assert added_sizes([], sizes) == (0, 0)
    # The reverted edit's revision is not needed; a counted one's is.
    assert added_sizes([edit(5, 4, 10, "mw-undo")], {}) == (0, 0)
    assert added_sizes([edit(4, 3)], {4: sizes[4]}) is None
