"""Which log event tells where a missing page went."""

from __future__ import annotations

from typing import Any

from bot.facts.pages import fate


def event(kind: str, action: str, **params: Any) -> dict[str, Any]:
    return {"type": kind, "action": action, "timestamp": "2026-04-01T00:00:00Z",
            "params": params}


def test_the_newest_deletion_or_move_decides() -> None:
    deleted = event("delete", "delete")
    moved = event("move", "move", target_ns=0, target_title="Elsewhere", suppressredirect=True)
    assert fate([deleted, moved]) is deleted
    assert fate([moved, deleted]) is moved


def test_other_events_are_passed_over() -> None:
    deleted = event("delete", "delete")
    salted = event("protect", "protect")
    hidden = event("delete", "revision")  # a revision hidden, not the page deleted
    assert fate([salted, hidden, deleted]) is deleted
    assert fate([salted, event("create", "create")]) == {}
    assert fate([]) == {}
