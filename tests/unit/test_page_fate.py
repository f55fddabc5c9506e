"""Which log event tells where a missing page went."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.facts.pages import fate

START = datetime(2026, 3, 21, tzinfo=UTC)


def event(kind: str, action: str, when: str = "2026-04-01T00:00:00Z",
          **params: Any) -> dict[str, Any]:
    return {"type": kind, "action": action, "timestamp": when, "params": params}


def test_a_deletion_since_the_start_is_the_fate() -> None:
    deleted = event("delete", "delete")
    assert fate([deleted], START) is deleted


def test_a_move_wins_over_a_newer_deletion_of_the_redirect_it_left() -> None:
    moved = event("move", "move", "2026-04-01T00:00:00Z", target_ns=0,
                  target_title="Elsewhere")
    redirect_deleted = event("delete", "delete", "2026-04-02T00:00:00Z")
    assert fate([redirect_deleted, moved], START) is moved


def test_events_before_the_start_are_about_an_older_page() -> None:
    old = event("delete", "delete", "2019-05-01T00:00:00Z")
    old_move = event("move", "move", "2018-01-01T00:00:00Z", target_title="Elsewhere")
    assert fate([old, old_move], START) == {}


def test_other_events_are_passed_over() -> None:
    deleted = event("delete", "delete")
    salted = event("protect", "protect")
    hidden = event("delete", "revision")  # a revision hidden, not the page deleted
    assert fate([salted, hidden, deleted], START) is deleted
    assert fate([salted, event("create", "create")], START) == {}
    assert fate([], START) == {}
