"""Judging one wiki: what it asks the wiki for, and how the rules and the jury decide."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from bot import judging
from bot.config import ContestConfig, parse_config
from bot.facts.pages import WikiFacts
from bot.judging import Judged, facts_request, judge_wiki, judging_context
from bot.model import (
    Entry,
    JuryDecision,
    JuryMark,
    Location,
    MarkKind,
    PageFacts,
    PointsPart,
    Status,
    UserFacts,
)
from bot.rules.checks import Subject
from bot.rules.engine import evaluate
from bot.titles import WikiNames

NOW = datetime(2026, 4, 10, tzinfo=UTC)
PL = WikiNames(
    namespaces={"": 0, "template": 10, "szablon": 10, "category": 14, "kategoria": 14,
                "file": 6, "plik": 6},
    local_names={10: "Szablon", 14: "Kategoria", 6: "Plik"},
)
ENTRY = Entry("pl", "Kraków", "Alicja", Location("pl", "Zgłoszenia", 3, 10), "# [[Kraków]]")


def config(rules: object, points: object | None = None) -> object:
    wiki: dict[str, object] = {"site": {"code": "pl"}, "rules": rules,
                               "disambiguation_templates": ["template:ujednoznacznienie"],
                               "reference_templates": ["Szablon:odn"]}
    if points is not None:
        wiki["points"] = points
    return parse_config({
        "name": "c", "window": {"start": "2026-03-21", "end": "2026-05-31"},
        "results": {"wiki": "pl", "page": "Wyniki"}, "wikis": {"pl": wiki},
    }, "test.yaml")


def test_templates_and_categories_are_asked_for_in_the_wikis_own_form() -> None:
    contest = config(["created_in_window", {"without_templates": ["Template:dopracować"]}],
                     {"bonuses": [{"name": "good", "when": {"in_category":
                                                             "category:dobre artykuły"},
                                   "points": 2}]})
    ctx = judging_context(contest, "pl", PL, {}, NOW)  # type: ignore[arg-type]
    request = facts_request(contest, "pl", PL, [ENTRY], ctx)  # type: ignore[arg-type]
    assert request.templates == ["Szablon:Dopracować"]
    assert request.categories == ["Kategoria:Dobre artykuły"]
    assert request.disambiguation_templates == ["Szablon:Ujednoznacznienie"]
    assert request.reference_templates == frozenset({"Odn"})
    assert request.hidden_prefixes == frozenset({"kategoria", "category", "plik", "file"})
    assert not (request.need_content or request.need_size_before)

    # The rule matches what the API reports, whatever form the organizer wrote.
    page = PageFacts("Kraków", exists=True, title="Kraków", namespace=0,
                     created_at=NOW, templates=frozenset({"Szablon:Dopracować"}))
    checks = evaluate(contest.rules_for("pl"), Subject(ENTRY, page), ctx)  # type: ignore[attr-defined]
    template = next(c for c in checks if c.rule == "without_templates")
    assert (template.actual, template.passed) == ("Szablon:Dopracować", False)


def test_only_the_facts_the_rules_use_are_asked_for() -> None:
    contest = config(["created_in_window", {"min_words": 200}, {"max_bytes_before": 8000},
                      {"fewer_edits_before_start": 100}, {"fewer_edits_before_start": 50},
                      {"min_added_chars": 10}])
    ctx = judging_context(contest, "pl", PL, {}, NOW)  # type: ignore[arg-type]
    request = facts_request(contest, "pl", PL, [ENTRY], ctx)  # type: ignore[arg-type]
    assert (request.need_content, request.need_added_content, request.need_size_before,
            request.need_users, request.edits_before_limit) == (True, True, True, True, 100)


def test_participants_accounts_are_always_read() -> None:
    # Every result says whether its participant is new to the wiki.
    contest = config(["created_in_window"])
    ctx = judging_context(contest, "pl", PL, {}, NOW)  # type: ignore[arg-type]
    assert facts_request(contest, "pl", PL, [ENTRY], ctx).need_users  # type: ignore[arg-type]


# ----- the jury's decisions ---------------------------------------------------------------

START = datetime(2026, 3, 21, tzinfo=UTC)  # the window's start (UTC zone)


def jury_config(mode: str = "average", points: object | None = None) -> ContestConfig:
    jury: dict[str, object] = {"mode": mode, "members": ["Ala", "Bob"]}
    if points is not None:
        jury["points"] = points
    return parse_config({
        "name": "c", "window": {"start": "2026-03-21", "end": "2026-05-31"},
        "results": {"wiki": "pl", "page": "Wyniki"}, "jury": jury,
        "wikis": {"pl": {"site": {"code": "pl"}, "jury": {"page": "Jury"},
                         "rules": ["created_in_window", "created_by_participant"],
                         "points": {"new": 3, "expanded": 2}}},
    }, "test.yaml")


def declared(title: str, participant: str = "Anna", line: int = 1) -> Entry:
    return Entry("pl", title, participant, Location("pl", "Zgłoszenia", line, 10),
                 f"# [[{title}]]")


def written(title: str, creator: str = "Anna", *, before: bool = False,
            moved_to: str | None = None) -> PageFacts:
    created = datetime(2025, 1, 1, tzinfo=UTC) if before else NOW
    return PageFacts(title, exists=True, title=moved_to or title,
                     page_id=zlib.crc32(title.encode()), namespace=0, length=3000,
                     creator=creator, created_at=created, redirect_target=moved_to,
                     moved=moved_to is not None)


def vote(juror: str, kind: MarkKind, title: str, day: int = 1,
         points: str | None = None) -> JuryMark:
    return JuryMark("pl", title, None, juror, kind, Location("pl", "Jury", day, 100 + day),
                    datetime(2026, 4, day, tzinfo=UTC), "stub" if kind is MarkKind.REJECT else "",
                    None if points is None else Decimal(points))


def judge(contest: ContestConfig, monkeypatch: pytest.MonkeyPatch, pages: list[PageFacts],
          marks: list[JuryMark], users: dict[str, UserFacts] | None = None,
          entries: list[Entry] | None = None) -> Judged:
    facts = WikiFacts(pages={p.declared_title: p for p in pages}, work={}, users=users or {})
    monkeypatch.setattr(judging, "fetch_facts", lambda site, request, known: facts)
    listed = entries if entries is not None else [
        declared(p.declared_title, line=i) for i, p in enumerate(pages, start=1)]
    return judge_wiki(contest, "pl", None, PL, listed,  # type: ignore[arg-type]
                      lambda entry: None, {}, NOW, marks=marks)


def outcomes(judged: Judged) -> dict[str, tuple[Status, Decimal, Status]]:
    """Title → (status, points, the rules' own verdict)."""
    return {r.entry.title: (r.status, r.points, r.automatic_status) for r in judged.results}


def test_the_jury_overrides_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = [written("Accepted"), written("Rescued", "Other"), written("Old", before=True),
             written("Refused"), written("Split"), written("Unmarked", "Other")]
    marks = [vote("Ala", MarkKind.ACCEPT, "Rescued"), vote("Ala", MarkKind.ACCEPT, "Old"),
             vote("Bob", MarkKind.REJECT, "Refused"),
             vote("Ala", MarkKind.ACCEPT, "Split"), vote("Bob", MarkKind.REJECT, "Split")]
    judged = judge(jury_config(), monkeypatch, pages, marks)
    assert outcomes(judged) == {
        "Accepted": (Status.ACCEPTED, Decimal(3), Status.ACCEPTED),
        # Accepted by the jury against the rules: the formula's points, new or expanded.
        "Rescued": (Status.ACCEPTED, Decimal(3), Status.REJECTED),
        "Old": (Status.ACCEPTED, Decimal(2), Status.REJECTED),
        "Refused": (Status.REJECTED, Decimal(0), Status.ACCEPTED),
        "Split": (Status.REVIEW, Decimal(0), Status.ACCEPTED),
        "Unmarked": (Status.REJECTED, Decimal(0), Status.REJECTED),
    }
    by_title = {r.entry.title: r for r in judged.results}
    assert by_title["Rescued"].failed[0].rule == "created_by_participant"  # checks are kept
    split = by_title["Split"].jury
    assert split is not None and split.decision is JuryDecision.NO_CONSENSUS
    assert (by_title["Unmarked"].jury, by_title["Refused"].score) == (None, ())
    assert [r.expansion for r in judged.results] == [False, False, True, False, False, False]
    assert judged.review == []


def test_pending_keeps_the_automatic_verdict(monkeypatch: pytest.MonkeyPatch) -> None:
    contest = jury_config("min_marks")
    marks = [vote("Ala", MarkKind.REJECT, "Accepted"), vote("Ala", MarkKind.ACCEPT, "Rejected")]
    judged = judge(contest, monkeypatch,
                   [written("Accepted"), written("Rejected", "Other")], marks)
    assert outcomes(judged) == {"Accepted": (Status.ACCEPTED, Decimal(3), Status.ACCEPTED),
                                "Rejected": (Status.REJECTED, Decimal(0), Status.REJECTED)}
    jury = judged.results[0].jury
    assert jury is not None and jury.decision is JuryDecision.PENDING


def test_jury_points_replace_the_formula(monkeypatch: pytest.MonkeyPatch) -> None:
    contest = jury_config(points={"min": 1, "max": 5})
    marks = [vote("Ala", MarkKind.POINTS, "Scored", 1, "4"),
             vote("Bob", MarkKind.POINTS, "Scored", 2, "5")]
    [result] = judge(contest, monkeypatch, [written("Scored", "Other")], marks).results
    assert (result.status, result.points, result.score) == (
        Status.ACCEPTED, Decimal("4.50"),
        (PointsPart("jury", "average of 2 marks: 4, 5", Decimal("4.50")),))


def test_marks_of_no_entry_go_to_review(monkeypatch: pytest.MonkeyPatch) -> None:
    # A moved page's mark may name its new title; a mark for an undeclared article is
    # shown for review and stops nothing.
    marks = [vote("Ala", MarkKind.REJECT, "Łódź"), vote("Ala", MarkKind.ACCEPT, "Sopot", 2)]
    judged = judge(jury_config(), monkeypatch, [written("Lodz", moved_to="Łódź")], marks)
    assert outcomes(judged) == {"Lodz": (Status.REJECTED, Decimal(0), Status.ACCEPTED)}
    assert [(i.source, i.problem, dict(i.params)) for i in judged.review] == [
        (Location("pl", "Jury", 2, 102), "jury-no-entry", {"title": "Sopot"})]
    nothing = judge(jury_config(), monkeypatch, [], marks, entries=[])
    assert (nothing.results, [i.problem for i in nothing.review]) == (
        [], ["jury-no-entry", "jury-no-entry"])


def test_a_later_claim_accepted_by_the_jury_is_still_a_duplicate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = written("Kraków")
    first, second = declared("Kraków", "Anna", 1), declared("Kraków", "Bartek", 2)
    judged = judge(jury_config(), monkeypatch, [page], [vote("Ala", MarkKind.ACCEPT, "Kraków")],
                   entries=[first, second])
    assert [(r.entry.participant, r.status) for r in judged.results] == [
        ("Anna", Status.ACCEPTED), ("Bartek", Status.REJECTED)]


def test_newcomers_are_those_registered_since_the_window_started(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    users = {
        "New": UserFacts("New", exists=True, registered=START),
        "Old": UserFacts("Old", exists=True, registered=START - timedelta(seconds=1)),
        "Ancient": UserFacts("Ancient", exists=True, registered=None),
        "Gone": UserFacts("Gone", exists=False),
    }
    entries = [declared(f"Article {n}", name) for n, name in enumerate([*users, "Unread"])]
    pages = [written(e.title, e.participant) for e in entries]
    judged = judge(jury_config(), monkeypatch, pages, [], users, entries)
    assert [(r.entry.participant, r.newcomer) for r in judged.results] == [
        ("New", True), ("Old", False), ("Ancient", False), ("Gone", None), ("Unread", None)]
