"""A contest's results pages, as wikitext for the blocks between the bot's markers.

The main page has, in order: a notice per wiki whose data is stale, a summary line, the
participants' ranking, the international tables (on the contest's page), a section per
wiki with every entry, its status and its jury marks, and the lines that need a human
look. When that is more than a page may hold, each wiki's section moves to the subpage
``<title>/<wiki key>`` (cut by rows into ``/1``, ``/2``, … when one is still too big),
the main page links them in an index, and the other tables follow when needed.

The text depends on the stored state only (no clock, every list sorted on a total
order), so an unchanged state renders byte-identical pages and the publisher makes no
edit; page names depend on keys only, so they do not shift when the data changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from bot.model import Result, ReviewItem
from bot.reports.messages import Messages
from bot.reports.phrases import utc_minute
from bot.reports.sections import Content, Section, Table, content, paragraphs
from bot.reports.wikitext import link, table_row

if TYPE_CHECKING:  # the definition imports these messages
    from bot.config import Ranking


class WikiStateLike(Protocol):
    """How current one wiki's data is (``bot.store.store.WikiState`` fits)."""

    @property
    def wiki(self) -> str: ...
    @property
    def last_checked_at(self) -> datetime | None: ...
    @property
    def last_success_at(self) -> datetime | None: ...
    @property
    def error(self) -> str | None: ...  # set when the last update failed: data is stale


class ContestStateLike(Protocol):
    """A contest's stored results (``bot.store.store.ContestState`` fits)."""

    @property
    def results(self) -> Sequence[Result]: ...
    @property
    def review(self) -> Sequence[ReviewItem]: ...
    @property
    def wikis(self) -> Sequence[WikiStateLike]: ...


@dataclass(frozen=True, slots=True)
class ResultsView:
    """Which results one page shows, in which language, linking how."""

    title: str  # the main page's title on the target wiki
    # None: the whole contest with the international tables; a key: only that wiki's
    # entries, ranking and problems.
    wiki: str | None
    wikis: tuple[str, ...]  # every contest wiki key
    messages: Messages
    link_prefix: Mapping[str, str]  # contest wiki key → interwiki prefix ("" = same wiki)
    ranking: Ranking | None
    home_countries: Mapping[str, frozenset[str]]  # wiki key → countries shaded as its own
    jury_marks_needed: int
    max_bytes: int  # UTF-8 bytes a page's block may have, with its freshness line


@dataclass(frozen=True, slots=True)
class PageBlock:
    title: str  # the main page, or a subpage "<title>/<part>"
    body: str  # the text between the markers, without the freshness line


# The subpages of the overall tables; wiki keys name the others, so must differ from these.
RESERVED_SLUGS = frozenset({"participants", "wikis", "countries", "authors", "problems"})


def render_pages(state: ContestStateLike, view: ResultsView) -> list[PageBlock]:
    """The main page first, then its subpages when the results do not fit on one page."""
    clash = RESERVED_SLUGS & {*view.wikis, *(r.entry.wiki for r in state.results)}
    if clash:
        raise ValueError(f"wiki keys {sorted(clash)} name results subpages of their own")
    parts = content(state, view)
    # Room for the freshness line: its date always has the same length.
    budget = view.max_bytes - (_size(with_freshness("-", datetime(2000, 1, 1), view.messages)) - 1)
    whole = paragraphs(*parts.top, *(s.render() for s in (*parts.overview, *parts.wikis)),
                       parts.problems.render() if parts.problems else "")
    if _size(whole) <= budget:
        return [PageBlock(view.title, whole)]
    return _Split(view, budget).pages(parts)


def with_freshness(body: str, changed_at: datetime, messages: Messages) -> str:
    """The block with the time its content last changed on top."""
    return paragraphs(messages.text("freshness", date=utc_minute(changed_at)), body)


def moved_notice(main_title: str, messages: Messages) -> str:
    """The block of a subpage an earlier split used and this one does not."""
    return messages.text("moved-notice", link=link("", main_title, main_title))


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


class _Split:
    """The pages of results too big for one: every wiki's section on its own subpage."""

    def __init__(self, view: ResultsView, budget: int) -> None:
        self.view, self.budget = view, budget
        self.text = view.messages.text

    def pages(self, parts: Content) -> list[PageBlock]:
        problems = [parts.problems] if parts.problems else []
        main = [*parts.overview, parts.index, *problems]
        moved: set[str] = set()

        def main_page() -> str:
            return paragraphs(*parts.top, *(self.pointer(s) if s.slug in moved else s.render()
                                             for s in main))

        # The main page keeps what fits: the problems leave first, then the overall
        # tables from the last.
        for section in (*problems, *reversed(parts.overview)):
            if _size(main_page()) <= self.budget:
                break
            moved.add(section.slug)
        pages = [PageBlock(self.view.title, main_page())]
        for section in (*(s for s in parts.overview if s.slug in moved), *parts.wikis,
                        *(s for s in problems if s.slug in moved)):
            pages += self.place(section)
        return pages

    def subpage(self, section: Section) -> str:
        return f"{self.view.title}/{section.slug}"

    def pointer(self, section: Section) -> str:
        return self.text("moved-section", link=link("", self.subpage(section), section.name))

    def place(self, section: Section) -> list[PageBlock]:
        """The section's subpage; its table cut into numbered parts when it is too big."""
        title = self.subpage(section)
        back = self.text("subpage-of", link=link("", self.view.title, self.view.title))
        whole = paragraphs(back, section.render())
        table_ = section.table
        if _size(whole) <= self.budget or table_ is None or not table_.rows:
            return [PageBlock(title, whole)]

        def part_of(number: int) -> str:
            return self.text("part-of", count=number, link=link("", title, section.name))

        number_of = self.view.messages.number
        items, parts, first = [], [], 1
        # Measured with the largest part number there can be, so that every part fits.
        for number, rows in enumerate(self.cut(table_, part_of(len(table_.rows))), start=1):
            part = f"{title}/{number}"
            name = self.text("part", count=number)
            items.append("* " + self.text("part-item", part=link("", part, name),
                                          first=number_of(first),
                                          last=number_of(first + len(rows) - 1)))
            parts.append(PageBlock(part, paragraphs(part_of(number), table_.render(rows))))
            first += len(rows)
        index = paragraphs(back, *section.before, "\n".join(items), *section.after)
        return [PageBlock(title, index), *parts]

    def cut(self, table_: Table, heading: str) -> list[list[tuple[str, ...]]]:
        """The rows in parts that fit a page each under ``heading`` (a row too big for a
        page is a part alone)."""
        overhead = _size(paragraphs(heading, table_.render(())))
        chunks: list[list[tuple[str, ...]]] = [[]]
        used = overhead
        for row in table_.rows:
            size = _size(table_row(row, len(table_.headers))) + 1  # and its line break
            if chunks[-1] and used + size > self.budget:
                chunks.append([])
                used = overhead
            chunks[-1].append(row)
            used += size
        return chunks

__all__ = [
    "ContestStateLike",
    "PageBlock",
    "ResultsView",
    "WikiStateLike",
    "moved_notice",
    "render_pages",
    "with_freshness",
]
