"""The parts of a results page: notices and summary, the ranking, the international
tables, one section per wiki, and the declarations that need a human look.

Each part is built whole here; ``bot.reports.results`` decides which page it goes on.
Rows are sorted on total orders, so an unchanged state gives the same text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.model import Result, ReviewItem
from bot.reports.phrases import Phrases, utc_minute
from bot.reports.tables import (
    NO_COUNTRY,
    WikiTotal,
    authors,
    country_matrix,
    total_of,
    wiki_totals,
)
from bot.reports.wikitext import cell, code, escape, heading, link, plain, table
from bot.scoring import Standing, standings

if TYPE_CHECKING:  # results imports this module to lay the parts out
    from bot.reports.results import ContestStateLike, ResultsView

# Cells of a wiki's own country in the country table (the shade MastiBot's tables use).
HOME_STYLE = "background:#eaecf0"


@dataclass(frozen=True, slots=True)
class Table:
    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    footer: tuple[tuple[str, ...], ...] = ()  # totals: stay at the bottom when sorted

    def render(self, rows: Sequence[Sequence[str]] | None = None) -> str:
        """The table, or the table with only ``rows`` (a part of a cut table)."""
        return table(self.caption, self.headers, self.rows if rows is None else rows,
                     self.footer)


@dataclass(frozen=True, slots=True)
class Section:
    """A part that can move to a subpage of its own, named ``slug``."""

    slug: str  # a wiki key, or the name of an overall table ("participants", "problems")
    name: str  # the text of links to the subpage, as shown (links escape it)
    before: tuple[str, ...]  # paragraphs before the table: heading, summary
    table: Table | None
    after: tuple[str, ...] = ()  # paragraphs after the table: legends

    def render(self) -> str:
        return paragraphs(*self.before, self.table.render() if self.table else "", *self.after)


@dataclass(frozen=True, slots=True)
class Content:
    top: tuple[str, ...]  # notices and the summary: always first on the main page
    overview: tuple[Section, ...]  # the ranking and the international tables
    wikis: tuple[Section, ...]  # one per wiki, slug = wiki key
    index: Section  # links to the wikis' subpages, shown only when the results are split
    problems: Section | None


def paragraphs(*texts: str) -> str:
    return "\n\n".join(text for text in texts if text)


def content(state: ContestStateLike, view: ResultsView) -> Content:
    return _Builder(state, view).build()


class _Builder:
    def __init__(self, state: ContestStateLike, view: ResultsView) -> None:
        self.state, self.view = state, view
        self.say = Phrases(view.messages, view.link_prefix)
        self.text = self.say.text
        self.results = [r for r in state.results if view.wiki is None or r.entry.wiki == view.wiki]
        self.problems = [i for i in state.review if view.wiki is None or i.source.wiki == view.wiki]
        wikis = view.wikis if view.wiki is None else (view.wiki,)
        self.totals = wiki_totals(self.results, wikis)
        self.standings = standings(self.results, view.ranking)

    def build(self) -> Content:
        international = self.international() if self.view.wiki is None and self.results else ()
        return Content(
            top=(*self.stale_notices(), self.overall_summary()),
            overview=(self.leaderboard(), *international),
            wikis=tuple(self.wiki_section(total.wiki) for total in self.totals),
            index=self.index(),
            problems=self.problems_section() if self.problems else None,
        )

    # --- top ------------------------------------------------------------------------

    def stale_notices(self) -> list[str]:
        notices = []
        for wiki in sorted(self.state.wikis, key=lambda w: w.wiki):
            if wiki.error is None or self.view.wiki not in (None, wiki.wiki):
                continue
            name, error = escape(wiki.wiki), plain(wiki.error)
            if wiki.last_success_at is None:
                notices.append(self.text("stale-notice-never-read", wiki=name, error=error))
            else:
                date = utc_minute(wiki.last_success_at)
                notices.append(self.text("stale-notice", wiki=name, date=date, error=error))
        return notices

    def overall_summary(self) -> str:
        overall = total_of("", self.results)
        return self.summary(entries=overall.entries, accepted=overall.accepted,
                            rejected=overall.rejected, review=overall.review + len(self.problems),
                            participants=overall.participants)

    def summary(self, *, entries: int, accepted: int, rejected: int, review: int,
                participants: int) -> str:
        """The line of figures; "to review" counts disagreeing jurors and problem lines."""
        text = self.text
        return text(
            "summary",
            entries=text("summary-entries", count=entries),
            accepted=text("summary-accepted", count=accepted),
            rejected=text("summary-rejected", count=rejected),
            review=text("summary-review", count=review),
            participants=text("summary-participants", count=participants),
        )

    # --- ranking --------------------------------------------------------------------

    def leaderboard(self) -> Section:
        caption = self.text("caption-leaderboard")
        if not self.standings:
            return Section("participants", caption, (self.text("no-entries"),), None)
        number = self.say.number
        rows = tuple(
            (
                "" if s.rank is None else number(s.rank),
                self.say.user(s.wiki, s.participant),
                number(s.new),
                number(s.expanded),
                number(s.size),
                number(s.points),
                self.eligibility(s),
            )
            for s in self.standings
        )
        columns = ("column-rank", "column-participant", "column-new", "column-expanded",
                   "column-size", "column-points", "column-eligibility")
        return Section("participants", caption, (), self.table(caption, columns, rows))

    def eligibility(self, standing: Standing) -> str:
        if standing.eligible:
            return self.text("eligible")
        ranking = self.view.ranking
        if standing.accepted == 0 or ranking is None:
            why = [self.text("not-eligible-no-accepted")]
        else:
            why = []
            if standing.accepted < ranking.min_accepted:
                why.append(self.text("not-eligible-min-accepted", count=ranking.min_accepted))
            if standing.points < ranking.min_points:
                why.append(self.text("not-eligible-min-points", count=ranking.min_points))
        return self.text("not-eligible", reasons=self.text("reason-separator").join(why))

    # --- international --------------------------------------------------------------

    def international(self) -> tuple[Section, ...]:
        sections = [self.wiki_totals()]
        matrix = country_matrix(self.results, self.view.wikis, self.view.home_countries)
        if matrix.total:
            number = self.say.number

            def count(wiki: str, country: str) -> str:
                value = matrix.cell(wiki, country)
                shown = number(value) if value else ""
                return cell(shown, style=HOME_STYLE) if (wiki, country) in matrix.home else shown

            rows = tuple(
                (escape(wiki), *(count(wiki, c) for c in matrix.countries),
                 number(matrix.wiki_totals.get(wiki, 0)))
                for wiki in matrix.wikis
            )
            footer = ((self.text("total"),
                       *(number(matrix.country_totals.get(c, 0)) for c in matrix.countries),
                       number(matrix.total)),)
            caption = self.text("caption-countries")
            headers = (self.text("column-wiki"),
                       *(self.text("no-country") if c == NO_COUNTRY else plain(c)
                         for c in matrix.countries),
                       self.text("total"))
            legend = (self.text("legend-home"),) if matrix.home else ()
            sections.append(Section("countries", caption, (),
                                    Table(caption, headers, rows, footer), legend))
        sections.append(self.authors())
        return tuple(sections)

    def wiki_totals(self) -> Section:
        number = self.say.number

        def cells(name: str, t: WikiTotal) -> tuple[str, ...]:
            return (name, number(t.entries), number(t.accepted), number(t.new),
                    number(t.expanded), number(t.rejected), number(t.review),
                    number(t.participants), number(t.size), number(t.points))

        rows = tuple(cells(escape(t.wiki), t) for t in self.totals)
        # Someone on two wikis is one participant of the contest.
        footer = (cells(self.text("total"), total_of("", self.results)),)
        caption = self.text("caption-wikis")
        columns = ("column-wiki", "column-entries", "column-accepted", "column-new",
                   "column-expanded", "column-rejected", "column-review", "column-participants",
                   "column-size", "column-points")
        return Section("wikis", caption, (), self.table(caption, columns, rows, footer))

    def authors(self) -> Section:
        linked_on = {s.participant: s.wiki for s in self.standings}
        mark = self.text("newcomer-mark")
        number = self.say.number
        listed = authors(self.results)
        rows = tuple(
            (
                self.say.user(linked_on[a.participant], a.participant)
                + (f" {mark}" if a.newcomer else ""),
                self.say.listing([escape(wiki) for wiki in a.wikis]),
                number(a.accepted),
                number(a.new),
                number(a.expanded),
                number(a.size),
                number(a.points),
            )
            for a in listed
        )
        caption = self.text("caption-authors")
        columns = ("column-participant", "column-wikis", "column-accepted", "column-new",
                   "column-expanded", "column-size", "column-points")
        newcomers = any(a.newcomer for a in listed)
        legend = (self.text("legend-newcomer", mark=mark),) if newcomers else ()
        return Section("authors", caption, (), self.table(caption, columns, rows), legend)

    # --- wikis ----------------------------------------------------------------------

    def wiki_section(self, wiki: str) -> Section:
        own = [r for r in self.results if r.entry.wiki == wiki]
        before: tuple[str, ...] = ()
        if self.view.wiki is None:  # a wiki's own page has this in its summary on top
            (total,) = (t for t in self.totals if t.wiki == wiki)
            problems = sum(i.source.wiki == wiki for i in self.problems)
            before = (
                heading(self.text("heading-wiki", wiki=escape(wiki))),
                self.summary(entries=total.entries, accepted=total.accepted,
                             rejected=total.rejected, review=total.review + problems,
                             participants=total.participants),
            )
        return Section(wiki, wiki, before, self.entries(own) if own else None)

    def entries(self, results: Sequence[Result]) -> Table:
        jury = any(r.jury is not None for r in results)
        keyed = []
        for result in results:
            entry = result.entry
            row = (
                self.say.article(result),
                self.say.user(entry.wiki, entry.participant),
                self.say.kind(result),
                self.say.number(result.size),
                self.say.status(result),
                *((self.say.jury(result, self.view.jury_marks_needed),) if jury else ()),
                self.say.number(result.points),
            )
            key = (entry.title.casefold(), entry.title, entry.participant.casefold(),
                   entry.participant)
            keyed.append((key, row))
        # The row itself breaks remaining ties, so equal keys still sort the same way.
        rows = tuple(row for _, row in sorted(keyed))
        columns = ("column-article", "column-participant", "column-kind", "column-size",
                   "column-status", *(("column-jury",) if jury else ()), "column-points")
        return self.table(self.text("caption-entries"), columns, rows)

    def index(self) -> Section:
        """Each wiki's subpage, with its figures, for when the sections move there."""
        number = self.say.number
        rows = tuple(
            (link("", f"{self.view.title}/{t.wiki}", t.wiki), number(t.entries),
             number(t.accepted))
            for t in self.totals
        )
        caption = self.text("caption-index")
        columns = ("column-wiki", "column-entries", "column-accepted")
        return Section("", caption, (), self.table(caption, columns, rows))

    # --- problems -------------------------------------------------------------------

    def problems_section(self) -> Section:
        rows = tuple(row for _, row in sorted(self.problem_row(i) for i in self.problems))
        caption = self.text("caption-review")
        columns = ("column-page", "column-line", "column-revision", "column-text",
                   "column-reason")
        return Section("problems", caption, (), self.table(caption, columns, rows))

    def problem_row(self, item: ReviewItem) -> tuple[tuple[object, ...], tuple[str, ...]]:
        """The row, with its sort key: by page, line and revision."""
        source = item.source
        prefix = self.say.prefix(source.wiki)
        revision = (
            link(prefix, f"Special:Diff/{source.revision}", str(source.revision))
            if source.revision is not None else ""
        )
        row = (
            link(prefix, source.page, source.page),
            "" if source.line is None else str(source.line),
            revision,
            code(item.text),
            self.say.messages.problem(item.problem, item.params, show=plain),
        )
        key = (source.wiki, source.page.casefold(), source.page, source.line or 0,
               source.revision or 0)
        return key, row

    def table(self, caption: str, columns: Sequence[str], rows: tuple[tuple[str, ...], ...],
              footer: tuple[tuple[str, ...], ...] = ()) -> Table:
        return Table(caption, tuple(self.text(c) for c in columns), rows, footer)
