"""Whose claim counts: talk-page declarations must name someone who worked on the article,
and an article claimed twice counts once, for the earliest claim.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Literal

from bot.model import Check, Entry, PageFacts, Result, ReviewItem, Status

TalkParticipant = Literal["created", "created_or_edited", "anyone"]
_UNKNOWN_TIME = datetime.max.replace(tzinfo=UTC)
# The problems of talk-page claims that the named participant may not make: the entry
# goes to review instead of the results.
CLAIM_PROBLEMS = frozenset({"not-creator", "not-contributor", "not-creator-unknown",
                            "not-contributor-unknown"})


def talk_participant_problem(
    entry: Entry,
    facts: PageFacts,
    edited: Collection[tuple[str, int]],
    must_have: TalkParticipant,
) -> ReviewItem | None:
    """The entry for review when the participant named in a talk-page template may not
    claim the article; None when they may.

    ``edited`` holds (user, page id) for edits inside the contest window.
    """
    if must_have == "anyone" or not facts.exists or facts.creator == entry.participant:
        return None
    if must_have == "created_or_edited" and (entry.participant, facts.page_id) in edited:
        return None
    key = "not-creator" if must_have == "created" else "not-contributor"
    params = (("participant", entry.participant),)
    if facts.creator is None:  # no participant created it inside the window
        return ReviewItem(entry.source, entry.text, f"{key}-unknown", params)
    return ReviewItem(entry.source, entry.text, key, (*params, ("creator", facts.creator)))


def competing(results: Sequence[Result]) -> list[list[Result]]:
    """Groups of two or more results that claim the same existing page."""
    by_page: dict[tuple[str, int], list[Result]] = defaultdict(list)
    for result in results:
        if result.facts is not None and result.facts.page_id is not None:
            by_page[(result.entry.wiki, result.facts.page_id)].append(result)
    return [group for group in by_page.values() if len(group) > 1]


def first_claims_win(results: Sequence[Result]) -> list[Result]:
    """Claims made after the first valid claim of a page are rejected as its duplicates.

    Claims are ordered by when they were made (unknown times last), then by where. A
    claim that fails the rules on its own (say, by someone who did not write the
    article) does not block a later valid one.
    """
    later: dict[int, Result] = {}
    for group in competing(results):
        ordered = sorted(group, key=_claim_order)
        winner = next((i for i, r in enumerate(ordered) if r.status is Status.ACCEPTED), None)
        if winner is None:
            continue
        for result in ordered[winner + 1:]:
            later[id(result)] = _duplicate(result, ordered[winner].entry)
    return [later.get(id(r), r) for r in results]


def _claim_order(result: Result) -> tuple[datetime, str, int, str]:
    entry = result.entry
    return (entry.claimed_at or _UNKNOWN_TIME, entry.source.page, entry.source.line or 0,
            entry.participant)


def _duplicate(result: Result, first: Entry) -> Result:
    where = f"{first.source.wiki}:{first.source.page}"
    if first.source.line is not None:
        where += f", line {first.source.line}"
    check = Check("not_duplicate", "the first claim of the article",
                  f"{first.participant} ({where})", False)
    return replace(result, checks=(*result.checks, check), status=Status.REJECTED,
                   points=Decimal(0), score=())
