from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from bot.model import Check, Entry, Location, PageFacts, Result, ReviewItem, SourceKind, Status
from bot.rules.claims import first_claims_win, talk_participant_problem

PASS = (Check("exists", "page exists", "page exists", True),)
FAIL = (Check("created_by_participant", "X", "Y", False),)


def claim(who: str, day: int | None, *, page_id: int = 7, ok: bool = True,
          line: int = 1) -> Result:
    entry = Entry("pl", "Kowno", who, Location("pl", "Entries", line, 3), f"* [[Kowno]] {who}",
                  claimed_by=who,
                  claimed_at=datetime(2026, 4, day, tzinfo=UTC) if day else None)
    facts = PageFacts("Kowno", exists=True, title="Kowno", page_id=page_id, creator="Bartek")
    status = Status.ACCEPTED if ok else Status.REJECTED
    return Result(entry, facts, PASS if ok else FAIL, status, Decimal(1 if ok else 0))


def test_the_earliest_valid_claim_wins_and_later_ones_are_duplicates() -> None:
    late, early = claim("Celina", 9, line=5), claim("Bartek", 2, line=2)
    judged = first_claims_win([late, early])
    assert judged[1] == early
    assert judged[0].status is Status.REJECTED and judged[0].points == 0
    assert judged[0].checks[-1] == Check(
        "not_duplicate", "the first claim of the article", "Bartek (pl:Entries, line 2)", False)


def test_an_invalid_earlier_claim_does_not_block_a_valid_later_one() -> None:
    invalid, valid = claim("Oksana", 1, ok=False), claim("Taras", 5)
    assert first_claims_win([invalid, valid]) == [invalid, valid]


def test_claims_of_unknown_time_come_last_and_other_pages_do_not_compete() -> None:
    unknown, known = claim("Ann", None), claim("Bo", 20)
    judged = first_claims_win([unknown, known, claim("Cy", 1, page_id=8)])
    assert judged[1] == known
    assert judged[0].checks[-1].actual == "Bo (pl:Entries, line 1)"
    assert judged[2].status is Status.ACCEPTED


def test_talk_participant_must_have_created_or_edited() -> None:
    entry = Entry("uk", "Рига", "Оксана", Location("uk", "Обговорення:Рига", 1, 4), "{{CEE}}",
                  kind=SourceKind.TALK_TEMPLATE)
    facts = PageFacts("Рига", exists=True, title="Рига", page_id=4, creator="Тарас")
    names = (("participant", "Оксана"),)
    assert talk_participant_problem(entry, facts, {("Оксана", 4)}, "created_or_edited") is None
    assert talk_participant_problem(entry, facts, set(), "created_or_edited") == ReviewItem(
        entry.source, entry.text, "not-contributor", (*names, ("creator", "Тарас")))
    assert talk_participant_problem(entry, facts, {("Оксана", 4)}, "created") == ReviewItem(
        entry.source, entry.text, "not-creator", (*names, ("creator", "Тарас")))
    assert talk_participant_problem(entry, facts, set(), "anyone") is None
    assert talk_participant_problem(entry, replace(facts, creator="Оксана"), set(),
                                    "created") is None


def test_talk_participant_problem_without_a_creator_found_names_none() -> None:
    # No participant created the article inside the window: there is no creator to name.
    entry = Entry("uk", "Рига", "Оксана", Location("uk", "Обговорення:Рига", 1, 4), "{{CEE}}",
                  kind=SourceKind.TALK_TEMPLATE)
    facts = PageFacts("Рига", exists=True, title="Рига", page_id=4)
    found = talk_participant_problem(entry, facts, set(), "created")
    assert found is not None
    assert (found.problem, found.params) == ("not-creator-unknown", (("participant", "Оксана"),))
    found = talk_participant_problem(entry, facts, set(), "created_or_edited")
    assert found is not None and found.problem == "not-contributor-unknown"
