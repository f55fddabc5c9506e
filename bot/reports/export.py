"""Machine-readable exports of the stored results: the entries (one record per entry or
review item) and the contest's tables (``bot.reports.tables``), as JSON or CSV."""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, fields
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from bot.model import Entry, Result, ReviewItem
from bot.reports.messages import Messages
from bot.reports.tables import (
    Author,
    CountryMatrix,
    WikiTotal,
    authors,
    country_matrix,
    wiki_totals,
)
from bot.scoring import standings

if TYPE_CHECKING:  # the CLI reads TABLES without paying for the store's SQLAlchemy
    from bot.config import ContestConfig, Ranking
    from bot.store import ContestState

FIELDS = ("wiki", "title", "page_id", "participant", "status", "points", "reasons",
          "source_wiki", "source_page", "source_line", "source_revision")


def records(state: ContestState) -> list[dict[str, Any]]:
    return [_result_record(r) for r in state.results] + [_review_record(i) for i in state.review]


def _result_record(result: Result) -> dict[str, Any]:
    facts, entry = result.facts, result.entry
    return {
        "wiki": entry.wiki,
        "title": facts.title if facts else entry.title,
        "page_id": facts.page_id if facts else None,
        "participant": entry.participant,
        "status": result.status.value,
        "points": result.points,
        "reasons": [{"rule": c.rule, "expected": c.expected, "actual": c.actual}
                    for c in result.failed],
        **_source(result.entry.source),
        # The whole verdict: every rule evaluated, with its place in the rule tree.
        "checks": [{"path": c.path, "rule": c.rule, "expected": c.expected,
                    "actual": c.actual, "passed": c.passed} for c in result.checks],
        "score": [{"rule": p.rule, "detail": p.detail, "points": p.points}
                  for p in result.score],
    }


@functools.cache
def _english() -> Messages:
    """The texts of review items in exports: English, read once."""
    return Messages.load("en")


def _review_record(item: ReviewItem) -> dict[str, Any]:
    problem = _english().problem(item.problem, item.params)
    return {
        "wiki": item.source.wiki,
        "title": None,
        "page_id": None,
        "participant": None,
        "status": "review",
        "points": Decimal(0),
        "reasons": [{"rule": "declaration", "expected": "a readable entry", "actual": problem}],
        "problem": item.problem,  # the message key, for grouping
        **_source(item.source),
        "text": item.text,
    }


def _source(location: Any) -> dict[str, Any]:
    return {"source_wiki": location.wiki, "source_page": location.page,
            "source_line": location.line, "source_revision": location.revision}


def _number(value: Decimal) -> int | float:
    # Points are exact decimals with few digits: as a JSON number their shortest float
    # form prints the same digits (0.3, never 0.30000000000000004).
    return int(value) if value == value.to_integral_value() else float(value)


def to_json(state: ContestState) -> str:
    return _json({"contest": state.contest, "entries": records(state)})


def to_csv(state: ContestState) -> str:
    return _csv((*FIELDS, "text"), (
        {**row, "reasons": "; ".join(f"{r['rule']}: expected {r['expected']}, got {r['actual']}"
                                     for r in row["reasons"])}
        for row in records(state)
    ))


TABLES = ("entries", "leaderboard", "wikis", "countries", "authors")
LEADERBOARD_FIELDS = ("rank", "participant", "wiki", "entries", "accepted", "new", "expanded",
                      "size", "points", "eligible")
COUNTRY_FIELDS = ("wiki", "country", "articles", "home")
# In the countries CSV, a total over every wiki or every country has "*" in that column;
# an empty country is the column of articles without a recognised country (``NO_COUNTRY``).
ALL = "*"


def export_table(table: str, fmt: str, state: ContestState, contest: ContestConfig) -> str:
    """``contestbot export``: one of ``TABLES`` as "json" or "csv"."""
    if table == "entries":
        return to_json(state) + "\n" if fmt == "json" else to_csv(state)
    columns, data = _table(table, state, contest)
    if fmt == "json":
        return _json({"contest": state.contest, table: data}) + "\n"
    return _csv(columns, _country_rows(data) if table == "countries" else data)


def _table(table: str, state: ContestState, contest: ContestConfig) -> tuple[tuple[str, ...], Any]:
    """A table's CSV columns and its data, as JSON writes it."""
    results = state.results
    match table:
        case "leaderboard":
            return LEADERBOARD_FIELDS, leaderboard_records(results, contest.ranking)
        case "wikis":
            return _names(WikiTotal), [asdict(row) for row in wiki_totals(results, contest.wikis)]
        case "countries":
            homes = {key: contest.home_countries_for(key) for key in contest.wikis}
            return COUNTRY_FIELDS, country_records(country_matrix(results, contest.wikis, homes))
        case "authors":
            return _names(Author), [asdict(author) for author in authors(results)]
    raise ValueError(f"no such table: {table}")


def leaderboard_records(results: Iterable[Result], ranking: Ranking) -> list[dict[str, Any]]:
    """The ranking; ``rank`` is None for those listed under the thresholds."""
    return [{name: getattr(standing, name) for name in LEADERBOARD_FIELDS}
            for standing in standings(results, ranking)]


def country_records(matrix: CountryMatrix) -> dict[str, Any]:
    """The matrix with its totals; ``cells`` lists those with articles or of a wiki's home
    country (any other cell is 0), rows by wiki, then in the columns' order."""
    return {
        "wikis": list(matrix.wikis),
        "countries": list(matrix.countries),
        "cells": [{"wiki": wiki, "country": country, "articles": matrix.cell(wiki, country),
                   "home": (wiki, country) in matrix.home}
                  for wiki in matrix.wikis for country in matrix.countries
                  if (wiki, country) in matrix.cells or (wiki, country) in matrix.home],
        "wiki_totals": {wiki: matrix.wiki_totals.get(wiki, 0) for wiki in matrix.wikis},
        "country_totals": {country: matrix.country_totals.get(country, 0)
                           for country in matrix.countries},
        "total": matrix.total,
    }


def _country_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """``country_records`` in long form: the cells, then the totals per wiki, per country
    and of the contest, marked ``ALL``."""
    return [
        *data["cells"],
        *({"wiki": wiki, "country": ALL, "articles": n} for wiki, n in data["wiki_totals"].items()),
        *({"wiki": ALL, "country": country, "articles": n}
          for country, n in data["country_totals"].items()),
        {"wiki": ALL, "country": ALL, "articles": data["total"]},
    ]


def _names(table: type[WikiTotal] | type[Author]) -> tuple[str, ...]:
    return tuple(field.name for field in fields(table))


def _json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2, default=_json_number)


def _json_number(value: object) -> int | float:
    if isinstance(value, Decimal):
        return _number(value)
    raise TypeError(f"not JSON: {value!r}")


def _csv(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({column: _cell(row.get(column)) for column in columns} for row in rows)
    return out.getvalue()


def _cell(value: object) -> object:
    # Spelt as in JSON (true, 0.5), never as Python may (True, 5E-1); a list in one cell.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return value


def declared_records(
    entries: Sequence[tuple[Entry, int | None]], review: Sequence[ReviewItem]
) -> list[dict[str, Any]]:
    """``contestbot entries``: declarations as read, before any rule."""
    rows = [
        {
            "wiki": entry.wiki,
            "title": entry.title,
            "page_id": page_id,
            "participant": entry.participant,
            "claimed_by": entry.claimed_by,
            "kind": entry.kind.value,
            **_source(entry.source),
            "countries": list(entry.canonical("country")),
            "topics": list(entry.canonical("topic")),
            "raw_values": [{"field": v.field, "raw": v.raw, "canonical": v.canonical}
                           for v in entry.values],
            "review": None,
            "problem": None,
        }
        for entry, page_id in entries
    ]
    rows += [
        {"wiki": item.source.wiki, "title": None, "page_id": None, "participant": None,
         "claimed_by": None, "kind": None, **_source(item.source), "countries": [],
         "topics": [], "raw_values": [], "review": _english().problem(item.problem, item.params),
         "problem": item.problem, "text": item.text}
        for item in review
    ]
    return rows


def declared_table(rows: Sequence[dict[str, Any]]) -> str:
    """A plain-text table of ``declared_records`` for a terminal."""
    columns = ("wiki", "title", "page_id", "participant", "claimed_by", "kind", "source",
               "countries", "review")
    return text_table(columns, [
        (
            row["wiki"], row["title"] or "", str(row["page_id"] or ""), row["participant"] or "",
            row["claimed_by"] or "", row["kind"] or "",
            f"{row['source_page']}:{row['source_line'] or ''}@{row['source_revision'] or ''}",
            ", ".join(row["countries"]), row["review"] or "",
        )
        for row in rows
    ])


def text_table(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Left-aligned columns for a terminal."""
    cells = [tuple(columns), *(tuple(row) for row in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
        for line in cells
    )
