"""What an incremental run reads again: the wiki's recent changes and what they touch."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bot.config import parse_config
from bot.facts.changes import FULL_READ_EVERY, RC_KEPT, Changes, _named, needs_full_read
from bot.facts.pages import KnownFacts
from bot.facts.prose import TextSize
from bot.incremental import WikiPlan, stored_declarations
from bot.judging import needs_reading
from bot.model import Entry, Location, PageFacts, Result, ReviewItem, Status, UserFacts
from bot.store import Checkpoint, ContestState
from bot.titles import WikiNames

NOW = datetime(2026, 4, 10, tzinfo=UTC)
ZERO = Decimal(0)
PL = WikiNames(namespaces={"": 0, "wikipedia": 4, "project": 4, "dyskusja": 1, "user": 2},
               local_names={4: "Wikipedia", 1: "Dyskusja", 2: "Wikipedysta"})
PAGE = "Wikipedia:CEE Spring 2026/Zgłoszenia"
ENTRY = Entry("pl", "Kraków", "Alicja", Location("pl", PAGE, 3, 10), "# [[Kraków]]")
KRAKOW = PageFacts("Kraków", exists=True, title="Kraków", page_id=7, latest_revision=70,
                   creator="Alicja", created_at=NOW, words=300, chars=1800, references=4)


def changes(*pages: tuple[int, str], ids: frozenset[int] = frozenset()) -> Changes:
    return Changes(NOW, frozenset(pages), ids, frozenset(title for _, title in pages))


def contest(*sources: dict[str, object], jury: bool = False) -> object:
    wiki: dict[str, object] = {"site": {"code": "pl"}, "sources": list(sources)}
    if jury:
        wiki["jury"] = {"page": "wikipedia:CEE Spring 2026/Jury", "members": ["Anna"]}
    return parse_config({
        "name": "c", "window": {"start": "2026-03-21", "end": "2026-05-31"},
        "results": {"wiki": "pl", "page": "Wyniki"}, "wikis": {"pl": wiki},
    }, "test.yaml")


def test_a_move_names_both_titles_and_a_deletion_its_own() -> None:
    move = {"type": "log", "ns": 0, "title": "Krakow", "logtype": "move",
            "logparams": {"target_ns": 0, "target_title": "Kraków"}}
    assert _named(move) == [(0, "Krakow"), (0, "Kraków")]
    assert _named({"type": "log", "ns": 0, "title": "Kraków", "logtype": "delete",
                   "logparams": {}}) == [(0, "Kraków")]
    assert _named({"type": "edit", "ns": 1, "title": "Dyskusja:Kraków"}) == [
        (1, "Dyskusja:Kraków")]


def test_a_wiki_is_read_in_full_when_its_changes_cannot_tell() -> None:
    recent = NOW - timedelta(hours=1)
    assert not needs_full_read(recent, recent, True, False, NOW)
    assert needs_full_read(recent, recent, False, False, NOW)  # another definition
    assert needs_full_read(recent, recent, True, True, NOW)  # the last run failed there
    assert needs_full_read(None, recent, True, False, NOW)
    assert needs_full_read(recent, NOW - FULL_READ_EVERY, True, False, NOW)  # once a day
    assert needs_full_read(NOW - RC_KEPT, recent, True, False, NOW)  # the wiki forgot


def test_an_entry_is_read_again_when_its_page_or_title_changed() -> None:
    stored = Result(ENTRY, KRAKOW, (), Status.ACCEPTED, ZERO)
    assert not needs_reading(ENTRY, stored, changes((0, "Warszawa")))
    assert needs_reading(ENTRY, stored, changes((0, "Kraków")))
    assert needs_reading(ENTRY, stored, changes(ids=frozenset({7})))
    assert needs_reading(ENTRY, None, changes())  # new
    assert needs_reading(ENTRY, stored, None)  # a full read
    moved = Result(ENTRY, PageFacts("Kraków", exists=True, title="Cracow", page_id=8),
                   (), Status.ACCEPTED, ZERO)
    assert needs_reading(ENTRY, moved, changes((0, "Cracow")))


def test_known_facts_keep_what_cannot_change() -> None:
    known = KnownFacts.of([KRAKOW, PageFacts("Nowy", exists=False, title="Nowy")],
                          {"Alicja": UserFacts("Alicja", True, NOW)})
    assert known.creations == {7: ("Alicja", NOW)}
    assert known.sizes == {(7, 70): TextSize(300, 1800, 4)}
    assert known.measured == frozenset({"Kraków"})
    assert known.before == {}


def test_declarations_are_kept_while_no_declaring_page_changed() -> None:
    config = contest({"kind": "submission_page", "page": "project:CEE Spring 2026/Zgłoszenia"})
    wiki = config.wikis["pl"]  # type: ignore[attr-defined]
    state = ContestState("c", (Result(ENTRY, KRAKOW, (), Status.ACCEPTED, ZERO),), (), ())

    def plan(found: Changes | None) -> WikiPlan:
        return WikiPlan(Checkpoint(), PL, found, reuse_facts=True)

    assert stored_declarations(wiki, "pl", plan(changes((0, "Kraków"))), state) == ([ENTRY], [])
    # The definition names the page with an alias of its namespace; the wiki does not.
    empty = ContestState("c", (), (), ())
    assert stored_declarations(wiki, "pl", plan(changes((4, PAGE))), empty) is None
    assert stored_declarations(wiki, "pl", plan(None), state) is None


def test_talk_page_declarations_are_read_again_when_any_talk_page_changed() -> None:
    config = contest({"kind": "talk_template", "template": "Szablon:CEE Spring 2026",
                      "fields": {"participant": ["autor"]}})
    wiki = config.wikis["pl"]  # type: ignore[attr-defined]
    state = ContestState("c", (), (), ())
    plan = WikiPlan(Checkpoint(), PL, changes((1, "Dyskusja:Gdańsk")), reuse_facts=True)
    assert stored_declarations(wiki, "pl", plan, state) is None
    quiet = WikiPlan(Checkpoint(), PL, changes((0, "Gdańsk")), reuse_facts=True)
    assert stored_declarations(wiki, "pl", quiet, state) == ([], [])


def test_a_claim_in_review_makes_the_declarations_be_read_again() -> None:
    config = contest({"kind": "submission_page", "page": PAGE}, jury=True)
    wiki = config.wikis["pl"]  # type: ignore[attr-defined]
    jury_item = ReviewItem(Location("pl", "Wikipedia:CEE Spring 2026/Jury", 2, 5), "x",
                           "jury-not-juror", ())
    plan = WikiPlan(Checkpoint(), PL, changes(), reuse_facts=True)
    state = ContestState("c", (), (jury_item,), ())
    assert stored_declarations(wiki, "pl", plan, state) == ([], [])  # the jury's: not kept
    claim = ReviewItem(ENTRY.source, ENTRY.text, "not-creator", ())
    state = ContestState("c", (), (claim,), ())
    assert stored_declarations(wiki, "pl", plan, state) is None
