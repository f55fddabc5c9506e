"""Who may ask for a run now, and which edits of an update page are requests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.config import ContestConfig, parse_config
from bot.contests.requests import (
    PageEdit,
    UpdateRequest,
    allowed_requesters,
    requests_from_edits,
)

AT = datetime(2026, 4, 1, 12, tzinfo=UTC)


def contest(**results: Any) -> ContestConfig:
    return parse_config({
        "name": "Contest 2026",
        "window": {"start": "2026-03-21", "end": "2026-05-31"},
        "results": {"wiki": "meta", "page": "Contest 2026/Results", **results},
        "organizers": ["anna_k"],
        "jury": {"members": ["Bożena"]},
        "wikis": {
            "meta": {"site": {"code": "meta", "family": "meta"}},
            "pl": {"site": {"code": "pl"},
                   "jury": {"page": "Wikipedia:Contest/Jury", "members": ["zenon Juror"]}},
            "uk": {"site": {"code": "uk"}},
        },
    }, "test.yaml")


def test_organizers_and_jurors_of_the_contest_and_its_wikis() -> None:
    assert allowed_requesters(contest()) == {"Anna k", "Bożena", "Zenon Juror"}


def test_edits_become_requests_allowed_or_not() -> None:
    config = contest(update_page="Contest 2026/Update")
    edits = [PageEdit(11, "Anna k", AT), PageEdit(12, "Mallory", AT),
             PageEdit(13, "zenon_Juror", AT)]
    assert requests_from_edits(config, edits, "ContestBot") == [
        UpdateRequest("Contest 2026", "meta", "Contest 2026/Update", 11, "Anna k", AT, True),
        UpdateRequest("Contest 2026", "meta", "Contest 2026/Update", 12, "Mallory", AT, False),
        UpdateRequest("Contest 2026", "meta", "Contest 2026/Update", 13, "Zenon Juror", AT,
                      True),
    ]


def test_the_bots_own_edits_and_hidden_authors_are_no_requests() -> None:
    config = contest(update_page="Contest 2026/Update")
    edits = [PageEdit(11, "ContestBot", AT), PageEdit(12, None, AT),
             PageEdit(13, "Bożena", AT)]
    [request] = requests_from_edits(config, edits, "contestBot")
    assert (request.revision, request.user, request.allowed) == (13, "Bożena", True)


def test_no_update_page_no_requests() -> None:
    assert requests_from_edits(contest(), [PageEdit(11, "Anna k", AT)], "ContestBot") == []
