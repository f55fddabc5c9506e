"""Collecting the declarations of every wiki: who added each line, repeats, and review items
located at the revision that caused them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pytest

import bot.sources.collect as collect_module
from bot.config import parse_config
from bot.model import Entry, LineOrigin, Location, ReviewItem
from bot.sources.attribution import caused_at
from bot.sources.collect import Collected, collect
from bot.sources.history import line_key
from bot.sources.problems import problem
from bot.sources.reader import Declarations, DeclaringPage
from bot.store import ContestState
from bot.titles import WikiNames

PAGE = "Zgłoszenia"
READ = 30  # the revision of the submission page that was read
TALK = Location("uk", "Обговорення:Рига", 1, 40)


def at(line: int) -> Location:
    return Location("pl", PAGE, line, READ)


def entry(title: str, line: int, text: str) -> Entry:
    return Entry("pl", title, "Alicja", at(line), text)


FIRST = entry("Kraków", 2, "# [[Kraków]] — [[User:Alicja]]")
AGAIN = entry("Kraków", 4, "# [[Kraków]] (again) — [[User:Alicja]]")
OTHERS = entry("Gdańsk", 5, "# [[Gdańsk]] — [[User:Alicja]]")
UNREADABLE = problem("no-article-link").at(at(6), "# Gdańsk")
UNKNOWN = problem("no-article-link").at(at(7), "# not in the history")

# Who added each line of the page, and in which revision.
ORIGINS = {
    line_key(text): LineOrigin(user, datetime(2026, 4, day, tzinfo=UTC), revision)
    for text, user, day, revision in [
        (FIRST.text, "Alicja", 1, 10), (AGAIN.text, "Alicja", 2, 12),
        (OTHERS.text, "Bartek", 3, 20), (UNREADABLE.text, "Bartek", 4, 25),
    ]
}  # fmt: skip


def run(monkeypatch: pytest.MonkeyPatch) -> Collected:
    declared = {
        "pl": Declarations((FIRST, AGAIN, OTHERS), (UNREADABLE, UNKNOWN),
                           (DeclaringPage(PAGE, 1, READ),), ()),
        "uk": Declarations((), (problem("no-participant-talk-template").at(TALK, "{{CEE}}"),),
                           (), ()),
    }  # fmt: skip

    def read_declarations(site: Any, wiki: str, *_: Any) -> Declarations:
        return declared[wiki]

    def page_origins(*_: Any, **__: Any) -> Mapping[str, LineOrigin]:
        return ORIGINS

    monkeypatch.setattr(collect_module, "read_declarations", read_declarations)
    monkeypatch.setattr(collect_module, "page_origins", page_origins)
    config = parse_config({
        "name": "c", "window": {"start": "2026-03-21", "end": "2026-05-31"},
        "results": {"wiki": "pl", "page": "Wyniki"},
        "wikis": {key: {"site": {"code": key},
                        "sources": [{"kind": "submission_page", "page": PAGE}]}
                  for key in ("pl", "uk")},
    }, "test.yaml")  # fmt: skip
    names = WikiNames(namespaces={}, local_names={})
    sites: Any = {"pl": object(), "uk": object()}  # only the faked reads use them
    store: Any = None
    return collect(config, sites, {"pl": names, "uk": names}, ContestState("c", (), (), ()), {},
                   store, remember=False)


def test_review_items_of_list_pages_are_located_at_the_revision_that_added_the_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    collected = run(monkeypatch)
    assert [e.title for e in collected.entries] == ["Kraków"]
    assert collected.review == [
        problem("no-article-link").at(Location("pl", PAGE, 6, 25), UNREADABLE.text),
        UNKNOWN,  # its line is not in the history: the revision read
        problem("added-by-other", adder="Bartek", participant="Alicja").at(
            Location("pl", PAGE, 5, 20), OTHERS.text),
        problem("no-participant-talk-template").at(TALK, "{{CEE}}"),  # not a list page
        problem("declared-again", wiki="pl", page=PAGE, line="2").at(
            Location("pl", PAGE, 4, 12), AGAIN.text),
    ]  # fmt: skip


def test_a_review_item_over_several_lines_belongs_to_the_newest_of_them() -> None:
    item = ReviewItem(at(2), f"{FIRST.text}\n{OTHERS.text}", "no-participant-row")
    assert caused_at(item, ORIGINS).source == Location("pl", PAGE, 2, 20)
    assert caused_at(item, {}) == item
