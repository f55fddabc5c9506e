"""Stored states and views for the tests of the results pages."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal

from bot.config import Ranking
from bot.model import (
    Check,
    DeclaredValue,
    Entry,
    JuryDecision,
    JuryMark,
    JuryOutcome,
    Location,
    MarkKind,
    PageFacts,
    Result,
    ReviewItem,
    Status,
)
from bot.reports.messages import Messages
from bot.reports.results import PageBlock, ResultsView, render_pages

EN = Messages.load("en")
PREFIXES = {"meta": "", "pl": "pl", "uk": "uk"}
WIKIS = ("meta", "pl", "uk")
RLO = "\u202e"
NASTY = [
    "|", "||", "}}", "{{", "[[", "]]", "{{subst:x}}", "__NOTOC__", "~~~~", "<ref>x</ref>",
    "<nowiki>", "</nowiki>", "'''bold'''", "[http://x y]", "{|", "|}", "|-", "!", "!!", "* x",
    "# x", "= h =", "; a : b", ": x", " pre", "----", "&amp;", f"a{RLO}b", "[[Category:X]]",
    "{{{1}}}", "-{zh:a}-", "<!-- contestbot:end -->", "http://spam.example", "x__TOC__y",
]


@dataclass(frozen=True)
class WikiState:
    wiki: str
    last_checked_at: datetime | None
    last_success_at: datetime | None
    error: str | None


@dataclass(frozen=True)
class ContestState:
    contest: str
    results: tuple[Result, ...]
    review: tuple[ReviewItem, ...] = ()
    wikis: tuple[WikiState, ...] = ()


def result(
    participant: str,
    title: str = "Kraków",
    *,
    wiki: str = "pl",
    status: Status = Status.ACCEPTED,
    points: str = "1",
    checks: tuple[Check, ...] = (),
    facts: PageFacts | bool | None = True,
    length: int = 1534,
    expansion: bool = False,
    newcomer: bool | None = None,
    countries: tuple[str, ...] = (),
    jury: JuryOutcome | None = None,
) -> Result:
    values = tuple(DeclaredValue("country", c, c) for c in countries)
    entry = Entry(wiki, title, participant, Location(wiki, "Lista", 1, 10), f"[[{title}]]",
                  values=values)
    page = PageFacts(title, True, title, length=length) if facts is True else facts
    assert page is not False
    return Result(entry, page, checks, status, Decimal(points), expansion=expansion,
                  newcomer=newcomer, jury=jury)


def mark(juror: str, kind: MarkKind, reason: str = "", points: str | None = None,
         minute: int = 0) -> JuryMark:
    return JuryMark("pl", "Kraków", None, juror, kind, Location("pl", "Jury", 1, 5),
                    datetime(2026, 4, 1, 12, minute, tzinfo=UTC), reason,
                    None if points is None else Decimal(points))


def jury(decision: JuryDecision, *marks: JuryMark, points: str | None = None) -> JuryOutcome:
    return JuryOutcome(decision, marks, None if points is None else Decimal(points))


def view(
    *,
    wiki: str | None = None,
    messages: Messages = EN,
    ranking: Ranking | None = None,
    max_bytes: int = 1_000_000,
    home: dict[str, frozenset[str]] | None = None,
    marks_needed: int = 2,
) -> ResultsView:
    return ResultsView(
        title="Contest/Results", wiki=wiki, wikis=WIKIS, messages=messages,
        link_prefix=PREFIXES, ranking=ranking, home_countries=home or {},
        jury_marks_needed=marks_needed, max_bytes=max_bytes,
    )


def pages(*results: Result, review: tuple[ReviewItem, ...] = (),
          wikis: tuple[WikiState, ...] = (), at: ResultsView | None = None) -> list[PageBlock]:
    return render_pages(ContestState("c", results, review, wikis), at or view())


def render(*results: Result, review: tuple[ReviewItem, ...] = (),
           wikis: tuple[WikiState, ...] = (), at: ResultsView | None = None) -> str:
    """The main page's block, which must be the only page."""
    (page,) = pages(*results, review=review, wikis=wikis, at=at)
    return page.body


def table_rows(text: str, caption: str) -> list[list[str]]:
    """The cells of the first table with this caption, row by row (footer rows too)."""
    lines = text.split(f"|+ {caption}\n", 1)[1].split("\n|}", 1)[0].splitlines()[1:]
    rows: list[list[str]] = []
    for line in lines:
        if line.startswith("|-"):
            rows.append([])
        else:
            rows[-1].append(line[2:])
    return rows


def column(text: str, caption: str, header: str) -> list[str]:
    """One column of a table, by its header."""
    headers = text.split(f"|+ {caption}\n", 1)[1].split("\n", 1)[0][2:].split(" !! ")
    return [row[headers.index(header)] for row in table_rows(text, caption)]


def status_of(*results: Result, messages: Messages = EN) -> list[str]:
    """The status column of the entries."""
    text = render(*results, at=view(messages=messages))
    return column(text, messages.text("caption-entries"), messages.text("column-status"))


def sample_state() -> ContestState:
    """A contest with every kind of row: each status and jury decision, moves, problems."""
    failed = (
        Check("exists", "page exists", "page exists", True),
        Check("all", "all of 2", "0 of 2 passed", False),
        Check("any", "at least one of 2", "0 of 2 passed", False, "0"),
        Check("min_bytes", "2000", "1534", False, "0.0"),
        Check("in_category", "Kategoria:X", "no", False, "0.1"),
        Check("min_words", "200", "150", False, "1"),
    )
    moved = PageFacts("Lwów", True, "Lwów (miasto)", redirect_target="Lwów (miasto)", moved=True,
                      length=9000)
    results = (
        result("Anna", "Kraków", countries=("Poland",), newcomer=True),
        result("Bob", "Lwów", facts=moved, expansion=True, points="2.5", countries=("Ukraine",),
               jury=jury(JuryDecision.ACCEPTED, mark("Cy", MarkKind.POINTS, points="2"),
                         mark("Di", MarkKind.POINTS, points="3"), points="2.5")),
        result("Bob", "Zzz", status=Status.REJECTED, points="0", checks=failed),
        result("Cy", "Q", status=Status.REJECTED, points="0", checks=failed,
               jury=jury(JuryDecision.REJECTED, mark("Anna", MarkKind.REJECT, "copyvio"),
                         mark("Anna", MarkKind.COMMENT, "needs sources"))),
        result("Di", "P", status=Status.REVIEW, points="0",
               jury=jury(JuryDecision.NO_CONSENSUS, mark("Anna", MarkKind.ACCEPT),
                         mark("Bob", MarkKind.REJECT, "bad"))),
        result("Ed", "E", wiki="uk", countries=("Poland",), length=123456),
        result("Ed", "F", wiki="uk", facts=None, status=Status.REJECTED, points="0",
               jury=jury(JuryDecision.PENDING, mark("Anna", MarkKind.ACCEPT))),
        result("Fay", "M", wiki="meta", points="1234.5"),
    )
    review = (
        ReviewItem(Location("pl", "Lista", 4, 99), "* [[Foo", "other", (("reason", "old"),)),
        ReviewItem(Location("uk", "Список", 2, None), "x", "other", (("reason", "why"),)),
    )
    wikis = (WikiState("pl", None, datetime(2026, 4, 1, tzinfo=UTC), "HTTP 503"),
             WikiState("uk", None, None, None))
    return ContestState("c", results, review, wikis)


def with_results(state: ContestState, *results: Result) -> ContestState:
    return replace(state, results=(*state.results, *results))
