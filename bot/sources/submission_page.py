"""Entries declared as list lines on a submission page.

Two layouts occur, often on the same page: a section per participant (a heading with a
user link, then ``#``/``*`` lines with one article link each), and one list whose lines
carry the participant's signature. A user link on the line wins over the heading.

The page is parsed once with mwparserfromhell and then read line by line, keeping each
line's number in the original text so that every entry and review item can be located.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote

import mwparserfromhell
from mwparserfromhell.nodes import Comment, Heading, HTMLEntity, Node, Tag, Text, Wikilink

from bot.model import Entry, Location, ReviewItem
from bot.titles import NS_MAIN, Title, WikiNames, clean, parse_title, user_from_title

NS_FILE = 6
NS_CATEGORY = 14

# Tags whose content is not wikitext, or not a declaration (a reference's source links).
_UNREAD_TAGS = frozenset({"nowiki", "pre", "syntaxhighlight", "source", "math", "ref"})
_STRUCK_TAGS = frozenset({"s", "del", "strike"})

# Only something shaped like a language code is taken for a foreign wiki's prefix, so
# that titles such as "Star Wars: Episode I" stay titles.
_LANGUAGE_PREFIX = re.compile(r"[a-z]{2,3}(?:-[a-z]+)?")
# A signature's timestamp in any language: a time, then a parenthesised zone; a date before
# the time starts with the year ("12:00, 1 April 2026 (UTC)", "2026. április 1., 12:00 (CEST)").
_TIMESTAMP = re.compile(r"(?:\d{4}[^\n]{0,25}?)?\d{1,2}:\d{2}[^\n]*?\([^()\n]{1,12}\)")
# "[[" left as text by the parser: either never closed, or closed around a target that
# cannot be a link (e.g. "[[a<b]]").
_BROKEN_LINK = re.compile(r"\[\[([^\[\]\n]*)(\]\])?")
_WORD = re.compile(r"\w")

# A line is read as a sequence of parser nodes and plain text fragments.
Piece = Node | str


@dataclass(frozen=True, slots=True)
class ParsedPage:
    entries: tuple[Entry, ...]
    review: tuple[ReviewItem, ...]


def parse_submission_page(
    text: str, *, wiki: str, page: str, revision: int | None, names: WikiNames
) -> ParsedPage:
    """Read the entries declared on a submission page; what cannot be understood goes to review.

    ``wiki`` is the contest wiki key of the page, ``names`` that wiki's ``WikiNames``.
    """
    source_lines = text.split("\n")
    reader = _LinkReader(wiki, names)
    sections: list[_Section] = []  # the headings enclosing the current line, outermost first
    entries: list[Entry] = []
    review: list[ReviewItem] = []
    code = mwparserfromhell.parse(_with_unclosed_comment_closed(text), skip_style_tags=True)
    for line_no, pieces in _logical_lines(code.nodes):
        location = Location(wiki, page, line_no, revision)
        written = source_lines[line_no - 1].strip()
        heading = next((p for p in pieces if isinstance(p, Heading)), None)
        if heading is not None:
            users = reader.read(heading.title.nodes).users
            if len(users) > 1:
                reason = f"several participants in one heading: {', '.join(users)}"
                review.append(ReviewItem(location, written, reason))
            while sections and sections[-1].level >= heading.level:
                sections.pop()
            if users:
                # An ambiguous heading still ends the enclosing participant's section.
                sections.append(_Section(heading.level, users[0] if len(users) == 1 else None))
            continue
        if not _is_list_line(pieces):
            continue
        reading = reader.read(pieces)
        if _declares_nothing(reading):
            continue
        participant = reading.users[0] if reading.users else _participant(sections)
        reasons = _reasons(reading, participant, wiki)
        if participant is not None and not reasons:
            article = reading.articles[0]
            entries.append(Entry(article.wiki, article.title, participant, location, written))
        else:
            review.append(ReviewItem(location, written, "; ".join(reasons)))
    return ParsedPage(tuple(entries), tuple(review))


@dataclass(frozen=True, slots=True)
class _Section:
    """A heading that names a participant (or names several, and so none)."""

    level: int
    participant: str | None


def _participant(sections: list[_Section]) -> str | None:
    """The participant of the innermost heading that names one; other headings do not end it."""
    return sections[-1].participant if sections else None


@dataclass(frozen=True, slots=True)
class _Article:
    wiki: str
    title: str


@dataclass(slots=True)
class _Reading:
    """What one line (or heading) says, link by link."""

    users: list[str] = field(default_factory=list)  # distinct, in order of appearance
    articles: list[_Article] = field(default_factory=list)  # distinct
    problems: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # visible text outside links
    struck: bool = False


def _reasons(reading: _Reading, participant: str | None, wiki: str) -> list[str]:
    reasons = list(dict.fromkeys(reading.problems))
    if len(reading.users) > 1:
        reasons.append(f"several participants on one line: {', '.join(reading.users)}")
    if len(reading.articles) > 1:
        shown = (a.title if a.wiki == wiki else f"{a.wiki}:{a.title}" for a in reading.articles)
        reasons.append(f"several article links on one line: {', '.join(shown)}")
    if not reading.articles and not reading.problems:
        reasons.append("no article link")
    if participant is None:
        reasons.append("no participant: no user link on the line and no user heading above it")
    return reasons


def _is_list_line(pieces: Iterable[Piece]) -> bool:
    for piece in pieces:
        shown = "" if isinstance(piece, Comment) else str(piece).lstrip()
        if shown:
            return shown[0] in "#*"
    return False


def _declares_nothing(reading: _Reading) -> bool:
    """Withdrawn (struck through), empty, or only a signature: not worth a review."""
    if reading.articles or reading.problems:
        return False
    return reading.struck or _WORD.search(_TIMESTAMP.sub("", "".join(reading.text))) is None


class _LinkReader:
    """Classifies the links of a line: participants, article candidates, or problems."""

    def __init__(self, wiki: str, names: WikiNames) -> None:
        self._wiki = wiki
        self._names = names

    def read(self, pieces: Iterable[Piece]) -> _Reading:
        reading = _Reading()
        self._walk(pieces, reading)
        return reading

    def _walk(self, pieces: Iterable[Piece], reading: _Reading) -> None:
        for piece in pieces:
            if isinstance(piece, str | Text):
                self._text(str(piece), reading)
            elif isinstance(piece, Wikilink):
                self._link(piece, reading)
            elif isinstance(piece, Tag):
                name = str(piece.tag).strip().lower()
                if name in _STRUCK_TAGS:
                    reading.struck = True
                elif name not in _UNREAD_TAGS:
                    # Signatures and entries are often wrapped in <span>, <small>, <sup>.
                    self._walk(piece.contents.nodes, reading)
            elif isinstance(piece, HTMLEntity):
                reading.text.append(piece.normalize())
            elif not isinstance(piece, Comment):
                reading.text.append(str(piece))  # templates, external links: content, not links

    def _text(self, text: str, reading: _Reading) -> None:
        for broken in _BROKEN_LINK.finditer(text):
            target = broken.group(1)
            if broken.group(2) is None:
                reading.problems.append(f"unclosed link: [[{target.strip()}")
            else:
                reading.problems.append(_bad_target_reason(target))
        reading.text.append(text)

    def _link(self, link: Wikilink, reading: _Reading) -> None:
        raw = str(link.title)
        # As MediaWiki does: targets pasted from a URL are percent-decoded, entities decoded.
        target = clean(html.unescape(unquote(raw) if "%" in raw else raw))
        if target.startswith("#"):
            return  # a link to a section of this page
        colon = target.startswith(":")
        target = self._without_own_prefix(target)
        title = parse_title(target, self._names)
        if title is None:
            reading.problems.append(_bad_target_reason(raw))
            return
        if not colon and title.namespace in (NS_FILE, NS_CATEGORY):
            return  # an image or a categorisation, not a link
        user = user_from_title(title, self._names)
        if user is not None:
            if user not in reading.users:
                reading.users.append(user)
            return
        foreign = self._foreign_prefix(target, title)
        if foreign is not None:
            reading.problems.append(f"link to a wiki that is not in this contest: {foreign}")
            return
        article = _Article(title.wiki or self._wiki, title.text)
        if article not in reading.articles:
            reading.articles.append(article)

    def _without_own_prefix(self, target: str) -> str:
        # "[[uk:Стаття]]" on the uk wiki is a local link, even when the wiki's interwiki
        # map lists only the other contest wikis.
        prefix, sep, rest = target.lstrip(":").partition(":")
        key = prefix.strip().casefold()
        if not sep or key != self._wiki.casefold():
            return target
        if key in self._names.interwiki or key in self._names.namespaces:
            return target
        return rest

    def _foreign_prefix(self, target: str, title: Title) -> str | None:
        """The prefix of a link to a wiki outside the contest, read as a main-namespace title."""
        if title.wiki is not None or title.namespace != NS_MAIN:
            return None
        prefix, sep, _ = target.lstrip(":").partition(":")
        prefix = prefix.strip()
        return prefix if sep and _LANGUAGE_PREFIX.fullmatch(prefix) else None


def _bad_target_reason(target: str) -> str:
    if not clean(target.split("#", 1)[0]).strip(":"):
        return "empty link target"
    return f"link target is not a valid title: {target.strip()}"


def _with_unclosed_comment_closed(text: str) -> str:
    """MediaWiki reads an unclosed comment as running to the end of the page."""
    start = 0
    while (opening := text.find("<!--", start)) != -1:
        closing = text.find("-->", opening + 4)
        if closing == -1:
            return text + "-->"
        start = closing + 3
    return text


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
    if node.wiki_markup is not None or node.self_closing:
        return False
    return str(node.tag).strip().lower() not in _UNREAD_TAGS | _STRUCK_TAGS
