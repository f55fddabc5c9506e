"""The contest's figures as tables, shared by the results pages, the exports and the chart.

Only accepted articles are counted in the international tables, the way CEE Spring's
statistics have always been read: per wiki, per wiki and country, per author.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from bot.model import Result, Status

# The column of accepted articles without a recognised declared country.
NO_COUNTRY = ""


@dataclass(frozen=True, slots=True)
class WikiTotal:
    wiki: str
    entries: int
    accepted: int
    new: int  # accepted new articles
    expanded: int  # accepted expansions
    rejected: int
    review: int  # waiting for the jury to agree
    participants: int  # with at least one entry
    size: int  # bytes credited for the accepted articles
    points: Decimal


def wiki_totals(results: Iterable[Result], wikis: Iterable[str]) -> list[WikiTotal]:
    """One row per contest wiki (those without entries too), by wiki key."""
    by_wiki: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        by_wiki[result.entry.wiki].append(result)
    return [total_of(wiki, by_wiki.get(wiki, [])) for wiki in sorted(set(wikis) | by_wiki.keys())]


def total_of(wiki: str, results: Iterable[Result]) -> WikiTotal:
    """The figures of ``results``: one wiki's, or the contest's (each participant once)."""
    own = list(results)
    accepted = [r for r in own if r.status is Status.ACCEPTED]
    statuses = Counter(r.status for r in own)
    return WikiTotal(
        wiki=wiki,
        entries=len(own),
        accepted=len(accepted),
        new=sum(not r.expansion for r in accepted),
        expanded=sum(r.expansion for r in accepted),
        rejected=statuses[Status.REJECTED],
        review=statuses[Status.REVIEW],
        participants=len({r.entry.participant for r in own}),
        size=sum(r.size for r in accepted),
        points=sum((r.points for r in accepted), Decimal(0)),
    )


@dataclass(frozen=True, slots=True)
class CountryMatrix:
    """Accepted articles per wiki and declared country.

    An article about two countries is in both cells; a wiki's total counts it once, so
    a row's cells may add up to more than its total.
    """

    wikis: tuple[str, ...]  # rows, by key
    countries: tuple[str, ...]  # columns, by name; NO_COUNTRY last when used
    cells: Mapping[tuple[str, str], int]  # (wiki, country) → articles; absent → 0
    home: frozenset[tuple[str, str]]  # cells of a wiki's own country
    wiki_totals: Mapping[str, int]
    country_totals: Mapping[str, int]
    total: int

    def cell(self, wiki: str, country: str) -> int:
        return self.cells.get((wiki, country), 0)


def country_matrix(
    results: Iterable[Result], wikis: Iterable[str],
    home_countries: Mapping[str, frozenset[str]],
) -> CountryMatrix:
    """``home_countries`` maps a wiki key to the countries it may not write about."""
    cells: Counter[tuple[str, str]] = Counter()
    per_wiki: Counter[str] = Counter()
    for result in results:
        if result.status is not Status.ACCEPTED:
            continue
        wiki = result.entry.wiki
        per_wiki[wiki] += 1
        for country in dict.fromkeys(result.entry.canonical("country")) or (NO_COUNTRY,):
            cells[(wiki, country)] += 1
    rows = tuple(sorted(set(wikis) | per_wiki.keys()))
    named = sorted({c for _, c in cells if c != NO_COUNTRY}, key=lambda c: (c.casefold(), c))
    columns = (*named, NO_COUNTRY) if any(c == NO_COUNTRY for _, c in cells) else tuple(named)
    per_country: Counter[str] = Counter()
    for (_, country), count in cells.items():
        per_country[country] += count
    home = frozenset((wiki, country) for wiki in rows for country in columns
                     if country in home_countries.get(wiki, frozenset()))
    return CountryMatrix(rows, columns, dict(cells), home, dict(per_wiki), dict(per_country),
                         sum(per_wiki.values()))


@dataclass(frozen=True, slots=True)
class Author:
    participant: str
    wikis: tuple[str, ...]  # where their accepted articles are
    accepted: int
    new: int
    expanded: int
    size: int
    points: Decimal
    newcomer: bool  # a new account on a wiki they wrote an accepted article on


def authors(results: Iterable[Result]) -> list[Author]:
    """Everyone with an accepted article: most articles first, then by name."""
    by_participant: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        if result.status is Status.ACCEPTED:
            by_participant[result.entry.participant].append(result)
    listed = [
        Author(
            participant=name,
            wikis=tuple(sorted({r.entry.wiki for r in own})),
            accepted=len(own),
            new=sum(not r.expansion for r in own),
            expanded=sum(r.expansion for r in own),
            size=sum(r.size for r in own),
            points=sum((r.points for r in own), Decimal(0)),
            newcomer=any(r.newcomer for r in own),
        )
        for name, own in by_participant.items()
    ]
    return sorted(listed, key=lambda a: (-a.accepted, a.participant.casefold(), a.participant))
