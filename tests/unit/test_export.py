from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from bot.config import ContestConfig, Ranking, load_config
from bot.model import Contribution, DeclaredValue, Entry, Location, PageFacts, Result, Status
from bot.reports.export import export_table
from bot.store import ContestState

DEMO = load_config(Path("examples/demo/contest.yaml"))  # wikis meta, pl (Poland), uk (Ukraine)


def result(wiki: str, title: str, participant: str, points: str = "1", *,
           status: Status = Status.ACCEPTED, countries: tuple[str | None, ...] = (),
           added: int = 1000, expansion: bool = False, newcomer: bool | None = None) -> Result:
    values = tuple(DeclaredValue("country", name or "??", name) for name in countries)
    entry = Entry(wiki, title, participant, Location(wiki, "Entries", 1), "", values=values)
    return Result(entry, PageFacts(title, True, title), (), status, Decimal(points),
                  work=Contribution((), added), expansion=expansion, newcomer=newcomer)


RESULTS = (
    result("pl", "A", "Anna", "2.5", countries=("Lithuania",), newcomer=True),
    result("pl", "B", "Anna", "0.5", countries=("Poland", "Lithuania"), expansion=True),
    result("pl", "C", "Bob", "2", countries=(None,)),
    result("uk", "D", "Bob", added=500),
    result("uk", "E", "Cyd", "3", countries=("Estonia",)),
    result("uk", "F", "Dan", status=Status.REJECTED, points="0"),
)
STATE = ContestState("Demo", RESULTS, (), ())


def export(table: str, fmt: str, contest: ContestConfig = DEMO) -> str:
    return export_table(table, fmt, STATE, contest)


def rows(table: str, contest: ContestConfig = DEMO) -> list[list[str]]:
    return rows_of(export(table, "csv", contest))


def test_leaderboard_ties_share_a_rank_and_the_unranked_have_none() -> None:
    ranking = DEMO.model_copy(update={"ranking": Ranking(min_accepted=2)})
    assert rows("leaderboard", ranking) == [
        ["rank", "participant", "wiki", "entries", "accepted", "new", "expanded", "size",
         "points", "eligible"],
        ["1", "Anna", "pl", "2", "2", "1", "1", "2000", "3", "true"],
        ["1", "Bob", "pl", "2", "2", "2", "0", "1500", "3", "true"],
        ["", "Cyd", "uk", "1", "1", "1", "0", "1000", "3", "false"],
        ["", "Dan", "uk", "1", "0", "0", "0", "0", "0", "false"],
    ]
    document = json.loads(export("leaderboard", "json", ranking))
    assert document["contest"] == "Demo"
    assert document["leaderboard"][0] == {
        "rank": 1, "participant": "Anna", "wiki": "pl", "entries": 2, "accepted": 2, "new": 1,
        "expanded": 1, "size": 2000, "points": 3, "eligible": True}
    assert [row["rank"] for row in document["leaderboard"]] == [1, 1, None, None]


def test_wikis_lists_every_contest_wiki_with_exact_points() -> None:
    assert rows("wikis") == [
        ["wiki", "entries", "accepted", "new", "expanded", "rejected", "review", "participants",
         "size", "points"],
        ["meta", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
        ["pl", "3", "3", "2", "1", "0", "0", "2", "3000", "5"],
        ["uk", "3", "2", "2", "0", "1", "0", "3", "1500", "4"],
    ]
    pl = json.loads(export("wikis", "json"))["wikis"][1]
    assert pl["points"] == 5 and isinstance(pl["points"], int)


def test_countries_in_long_form_with_home_cells_no_country_and_totals() -> None:
    assert rows("countries") == [
        ["wiki", "country", "articles", "home"],
        ["pl", "Lithuania", "2", "false"],
        ["pl", "Poland", "1", "true"],
        ["pl", "", "1", "false"],
        ["uk", "Estonia", "1", "false"],
        ["uk", "", "1", "false"],
        ["meta", "*", "0", ""],
        ["pl", "*", "3", ""],  # the article about two countries counts once
        ["uk", "*", "2", ""],
        ["*", "Estonia", "1", ""],
        ["*", "Lithuania", "2", ""],
        ["*", "Poland", "1", ""],
        ["*", "", "2", ""],
        ["*", "*", "5", ""],
    ]


def test_countries_as_json() -> None:
    assert json.loads(export("countries", "json")) == {"contest": "Demo", "countries": {
        "wikis": ["meta", "pl", "uk"],
        "countries": ["Estonia", "Lithuania", "Poland", ""],
        "cells": [
            {"wiki": "pl", "country": "Lithuania", "articles": 2, "home": False},
            {"wiki": "pl", "country": "Poland", "articles": 1, "home": True},
            {"wiki": "pl", "country": "", "articles": 1, "home": False},
            {"wiki": "uk", "country": "Estonia", "articles": 1, "home": False},
            {"wiki": "uk", "country": "", "articles": 1, "home": False},
        ],
        "wiki_totals": {"meta": 0, "pl": 3, "uk": 2},
        "country_totals": {"Estonia": 1, "Lithuania": 2, "Poland": 1, "": 2},
        "total": 5,
    }}


def test_a_home_cell_without_articles_is_listed() -> None:
    state = ContestState("Demo", (result("pl", "H", "Eve", countries=("Poland", "Ukraine")),),
                         (), ())
    cells = json.loads(export_table("countries", "json", state, DEMO))["countries"]["cells"]
    assert cells == [{"wiki": "pl", "country": "Poland", "articles": 1, "home": True},
                     {"wiki": "pl", "country": "Ukraine", "articles": 1, "home": False},
                     {"wiki": "uk", "country": "Ukraine", "articles": 0, "home": True}]


def test_countries_without_a_country_column_when_every_article_has_one() -> None:
    state = ContestState("Demo", (result("pl", "A", "Anna", countries=("Lithuania",)),), (), ())
    assert json.loads(export_table("countries", "json", state, DEMO))["countries"][
        "countries"] == ["Lithuania"]


def test_authors() -> None:
    assert rows("authors") == [
        ["participant", "wikis", "accepted", "new", "expanded", "size", "points", "newcomer"],
        ["Anna", "pl", "2", "1", "1", "2000", "3", "true"],
        ["Bob", "pl, uk", "2", "2", "0", "1500", "3", "false"],
        ["Cyd", "uk", "1", "1", "0", "1000", "3", "false"],
    ]
    anna = json.loads(export("authors", "json"))["authors"][0]
    assert anna["wikis"] == ["pl"] and anna["points"] == 3 and anna["newcomer"] is True


def test_fractional_points_are_exact_in_both_formats() -> None:
    state = ContestState("Demo", (result("pl", "A", "Anna", "0.1"),
                                  result("pl", "B", "Anna", "0.20")), (), ())
    assert '"points": 0.3,' in export_table("leaderboard", "json", state, DEMO)
    assert rows_of(export_table("leaderboard", "csv", state, DEMO))[1][8] == "0.3"


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize(("table", "first"), [
    ("entries", "wiki"), ("leaderboard", "rank"), ("wikis", "wiki"), ("countries", "wiki"),
    ("authors", "participant")])
def test_every_table_has_a_header_without_results(table: str, first: str) -> None:
    empty = ContestState("Demo", (), (), ())
    assert rows_of(export_table(table, "csv", empty, DEMO))[0][0] == first
    assert table in json.loads(export_table(table, "json", empty, DEMO))


def test_entries_stay_one_record_per_entry() -> None:
    document = json.loads(export("entries", "json"))
    assert [row["title"] for row in document["entries"]] == ["A", "B", "C", "D", "E", "F"]
    assert document["entries"][0]["points"] == 2.5
    assert rows("entries")[1][:6] == ["pl", "A", "", "Anna", "accepted", "2.5"]
