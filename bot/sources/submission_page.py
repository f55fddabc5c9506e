"""Entries declared on a submission page: list lines, table rows and entry templates.

The layouts occur mixed on one page: a section per participant (a heading with a user
link, then ``#``/``*`` lines with one article link each); one list whose lines carry the
participant's signature; a table with one row per entry; a template per entry
(``{{Entry|article=…|user=…}}``). A user link on the line, in the row or in the template
wins over the heading; on a user's own subpage the owner is the participant of what
names nobody.

The page is parsed once with mwparserfromhell and then read line by line, keeping each
line's number in the original text so that every entry and review item can be located.
Entries and review items carry, as written and each stripped, all the page lines of what
they were read from: the list line (with the lines a comment joins to it), the template
call, or the table row from its first cell's line to its last cell's last line (the
``|-`` line before it belongs to no row alone). Who added an entry is read from the page
history line by line, so every line of the text must be a line of the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeGuard

from mwparserfromhell.nodes import Comment, Heading, Node, Tag, Template, Text

from bot.model import Entry, Location, ReviewItem
from bot.sources.links import LinkReader, Reading
from bot.sources.problems import Problem, problem
from bot.sources.wikitext import (
    STRUCK_TAGS,
    UNREAD_TAGS,
    ParsedPage,
    Piece,
    arguments,
    calls_template,
    contents_line,
    parse_wikitext,
    unclosed_calls,
    with_lines,
)
from bot.titles import WikiNames, normalize_user

__all__ = ["EntryTemplate", "ParsedPage", "parse_submission_page"]

# A signature's timestamp in any language: a time, then a parenthesised zone; a date before
# the time starts with the year ("12:00, 1 April 2026 (UTC)", "2026. április 1., 12:00 (CEST)").
_TIMESTAMP = re.compile(r"(?:\d{4}[^\n]{0,25}?)?\d{1,2}:\d{2}[^\n]*?\([^()\n]{1,12}\)")
_WORD = re.compile(r"\w")


@dataclass(frozen=True, slots=True)
class EntryTemplate:
    """A template per entry on a submission page, e.g. ``{{Entry|article=…|user=…}}``.

    ``names`` are the template's title and its redirects' titles without namespace,
    cleaned and casefolded; argument names match as in talk-page templates (any case and
    spacing, digits for positional ones, numbered variants such as ``article2``).
    """

    names: frozenset[str]
    article: tuple[str, ...]
    participant: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Place:
    """The problem keys that name the place a declaration was read from: each place
    says where a participant could have been named."""

    several_participants: str
    several_articles: str
    no_article: str
    no_participant: str


_LINE = _Place(
    "several-participants-line", "several-articles-line", "no-article-link", "no-participant-line"
)
_ROW = _Place(
    "several-participants-row", "several-articles-row", "no-article-link", "no-participant-row"
)
_TEMPLATE = _Place(
    "several-participants-template",
    "several-articles-template",
    "no-article-template",
    "no-participant-template",
)
_TEMPLATE_IN_ROW = _Place(
    "several-participants-template",
    "several-articles-template",
    "no-article-template",
    "no-participant-template-row",
)


def parse_submission_page(
    text: str,
    *,
    wiki: str,
    page: str,
    revision: int | None,
    names: WikiNames,
    entry_template: EntryTemplate | None = None,
    owner: str | None = None,
) -> ParsedPage:
    """Read the entries declared on a submission page; what cannot be understood goes to review.

    ``wiki`` is the contest wiki key of the page, ``names`` that wiki's ``WikiNames``.
    ``entry_template``: the page's template per entry, if it has one. ``owner``: the user
    whose subpage this is, the participant of whatever names none.
    """
    reader = _PageReader(text, wiki, page, revision, names, entry_template, owner)
    for line_no, pieces in _logical_lines(parse_wikitext(text).nodes):
        reader.read_line(line_no, pieces)
    return ParsedPage(tuple(reader.entries), tuple(reader.review))


@dataclass(frozen=True, slots=True)
class _Section:
    """A heading that names a participant (or names several, and so none)."""

    level: int
    participant: str | None


class _PageReader:
    """Reads a page line by line, keeping the participant sections open at each line."""

    def __init__(
        self,
        text: str,
        wiki: str,
        page: str,
        revision: int | None,
        names: WikiNames,
        entry_template: EntryTemplate | None,
        owner: str | None,
    ) -> None:
        self._source_lines = text.split("\n")
        self._wiki = wiki
        self._page = page
        self._revision = revision
        self._names = names
        self._template = entry_template
        self._owner = normalize_user(owner) if owner else None
        self._links = LinkReader(wiki, names)
        self._sections: list[_Section] = []  # the headings enclosing the line, outermost first
        self.entries: list[Entry] = []
        self.review: list[ReviewItem] = []

    def read_line(self, line_no: int, pieces: list[Piece]) -> None:
        heading = next((p for p in pieces if isinstance(p, Heading)), None)
        if heading is not None:
            self._heading(line_no, heading)
            return
        located = list(with_lines(pieces, line_no))
        for line, piece in located:
            if isinstance(piece, Tag) and _tag_name(piece) == "table":
                self._table(line, piece)
        if self._entry_templates(located):
            return
        if _is_list_line(pieces):
            reading = self._links.read(pieces)
            if not _declares_nothing(reading):
                self._declare(line_no, _lines(line_no, pieces), reading, _LINE)

    def _heading(self, line_no: int, heading: Heading) -> None:
        users = self._links.read(heading.title.nodes).users
        if len(users) > 1:
            self._review(line_no, problem("several-participants-heading", users=", ".join(users)))
        while self._sections and self._sections[-1].level >= heading.level:
            self._sections.pop()
        if users:
            # An ambiguous heading still ends the enclosing participant's section.
            self._sections.append(_Section(heading.level, users[0] if len(users) == 1 else None))

    def _table(self, line: int, table: Tag) -> None:
        for cells in _rows(line, table):
            located = [piece for cell_line, cell in cells for piece in _cell(cell_line, cell)]
            last_line, last_cell = cells[-1]
            lines = range(cells[0][0], _lines(last_line, [last_cell]).stop)
            if self._entry_templates(located, lines):
                continue
            reading = self._links.read(node for _, node in located)
            # A row without an article link is a header, a note or withdrawn (struck).
            if reading.articles or reading.problems:
                self._declare(lines.start, lines, reading, _ROW)

    def _entry_templates(self, located: list[tuple[int, Piece]], row: range | None = None) -> bool:
        """Read the entry templates of a line, or of a table row (``row``: its lines); whether
        there are any (then the line is not a list line, the row not a row of links).

        Each call is located at its line. In a row the text is the whole row, as a user link
        in another cell names the participant; on a line it is the call's own lines, as one
        line can hold several calls.
        """
        template = self._template
        if template is None:
            return False
        calls = [(line, p) for line, p in located if calls_template(p, template.names, self._names)]
        unclosed = [
            (line + newlines, found)
            for line, piece in located if isinstance(piece, str | Text)
            for newlines, found in unclosed_calls(str(piece), template.names, self._names)
        ]  # fmt: skip
        if not calls and not unclosed:
            return False
        # A signature after the calls names the participant of calls that name none.
        rest = (p for _, p in located if not calls_template(p, template.names, self._names))
        signed = self._links.read(rest).users
        place = _TEMPLATE if row is None else _TEMPLATE_IN_ROW
        for line, call in calls:
            reading = self._call_reading(call, template)
            if not reading.users:
                reading.users += signed
            self._declare(line, row or _lines(line, [call]), reading, place)
        for line, found in unclosed:
            self._review(line, found, row)
        return True

    def _call_reading(self, call: Template, template: EntryTemplate) -> Reading:
        reading = Reading()
        for argument in arguments(call, template.article):
            reading.absorb(self._links.read_title_value(argument.value))
        for argument in arguments(call, template.participant):
            reading.absorb(self._links.read_user_value(argument.value))
        return reading

    def _declare(self, line: int, lines: range, reading: Reading, place: _Place) -> None:
        """An entry located at ``line`` whose text is ``lines``, or a review item per problem."""
        participant = reading.users[0] if reading.users else self._participant()
        problems = _problems(reading, participant, self._wiki, place)
        if participant is not None and not problems:
            article = reading.articles[0]
            location = self._location(line)
            written = self._written(lines)
            self.entries.append(Entry(article.wiki, article.title, participant, location, written))
        for found in problems:
            self._review(line, found, lines)

    def _participant(self) -> str | None:
        """The innermost heading naming a participant (other headings do not end it), else
        the subpage's owner."""
        return self._sections[-1].participant if self._sections else self._owner

    def _review(self, line: int, found: Problem, lines: range | None = None) -> None:
        """A review item located at ``line`` whose text is ``lines``, by default that line."""
        written = self._written(lines or range(line, line + 1))
        self.review.append(found.at(self._location(line), written))

    def _location(self, line: int) -> Location:
        return Location(self._wiki, self._page, line, self._revision)

    def _written(self, lines: range) -> str:
        return "\n".join(self._source_lines[line - 1].strip() for line in lines)


def _problems(
    reading: Reading, participant: str | None, wiki: str, place: _Place
) -> list[Problem]:
    problems = list(dict.fromkeys(reading.problems))
    if len(reading.users) > 1:
        problems.append(problem(place.several_participants, users=", ".join(reading.users)))
    if len(reading.articles) > 1:
        shown = (a.title if a.wiki == wiki else f"{a.wiki}:{a.title}" for a in reading.articles)
        problems.append(problem(place.several_articles, articles=", ".join(shown)))
    if not reading.articles and not reading.problems:
        problems.append(problem(place.no_article))
    if participant is None:
        problems.append(problem(place.no_participant))
    return problems


def _lines(line: int, pieces: Iterable[Piece]) -> range:
    """The lines of ``pieces`` written from ``line`` on, to their last non-blank one: a
    table cell holds the line break before the next cell and any blank lines after it."""
    return range(line, line + "".join(map(str, pieces)).rstrip().count("\n") + 1)


def _rows(line: int, table: Tag) -> Iterator[list[tuple[int, Tag]]]:
    """The table's rows, each as its cells with the line where each cell starts.

    Cells before the first ``|-`` form a row of their own, as MediaWiki reads them.
    """
    cells: list[tuple[int, Tag]] = []
    for node_line, node in with_lines(table.contents.nodes, contents_line(table, line)):
        if isinstance(node, Tag) and _tag_name(node) == "tr":
            if cells:
                yield cells
            row = with_lines(node.contents.nodes, contents_line(node, node_line))
            cells = [(at, cell) for at, cell in row if _is_cell(cell)]
        elif _is_cell(node):
            cells.append((node_line, node))
    if cells:
        yield cells


def _cell(line: int, cell: Tag) -> Iterator[tuple[int, Piece]]:
    """The cell's wikitext, each node with its line, the cell starting on ``line``.

    What the parser took for the cell's attributes is read too: a pipe after a broken call
    or link ("| {{Entry|article=…", "| [[Foo | …") puts the text before it there.
    Attributes as written (``style="…"``) hold nothing to read.
    """
    attributes = "".join(map(str, cell.attributes))
    yield from with_lines(parse_wikitext(attributes).nodes, line)
    yield from with_lines(cell.contents.nodes, contents_line(cell, line))


def _is_cell(node: Piece) -> TypeGuard[Tag]:
    if not isinstance(node, Tag) or _tag_name(node) not in ("td", "th"):
        return False
    # The parser reads a caption ("|+ …") as a cell whose content starts with "+".
    return not (node.wiki_markup == "|" and str(node.contents).startswith("+"))


def _tag_name(tag: Tag) -> str:
    return str(tag.tag).strip().lower()


def _is_list_line(pieces: Iterable[Piece]) -> bool:
    for piece in pieces:
        shown = "" if isinstance(piece, Comment) else str(piece).lstrip()
        if shown:
            return shown[0] in "#*"
    return False


def _declares_nothing(reading: Reading) -> bool:
    """Withdrawn (struck through), empty, or only a signature: not worth a review."""
    if reading.articles or reading.problems:
        return False
    return reading.struck or _WORD.search(_TIMESTAMP.sub("", "".join(reading.text))) is None


def _logical_lines(nodes: Iterable[Node]) -> Iterator[tuple[int, list[Piece]]]:
    """The page's lines as pieces, each with the 1-based original line where it starts.

    A node spanning lines (a comment, a template, a table) belongs to the line where it
    starts: MediaWiki removes comments before reading lines, so a comment joins lines.
    Later line numbers still count the newlines it contained.
    """
    line = start = 1
    current: list[Piece] = []
    for piece in _flattened(nodes):
        if isinstance(piece, str):
            first, *rest = piece.split("\n")
            if first:
                current.append(first)
            for part in rest:
                yield start, current
                line += 1
                start = line
                current = [part] if part else []
        else:
            current.append(piece)
            line += str(piece).count("\n")
    yield start, current


def _flattened(nodes: Iterable[Node]) -> Iterator[Piece]:
    """Top-level nodes, with container tags spanning lines (``<div>`` around a list) opened."""
    for node in nodes:
        if isinstance(node, Text):
            yield node.value
        elif isinstance(node, Tag) and _is_container(node) and "\n" in (whole := str(node)):
            inner = node.contents
            # The tag's own markup rarely spans lines; its newlines are counted before the content.
            yield "\n" * (whole.count("\n") - str(inner).count("\n"))
            yield from _flattened(inner.nodes)
        else:
            yield node


def _is_container(node: Tag) -> bool:
    """A tag around other lines; a table is read row by row instead."""
    if node.wiki_markup is not None or node.self_closing:
        return False
    return _tag_name(node) not in UNREAD_TAGS | STRUCK_TAGS | {"table"}
