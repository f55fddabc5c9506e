"""Wikitext reading shared by the declaration parsers: parsing, line numbers, templates.

The parsers locate everything they report by the 1-based line of the page's text. The
parser (mwparserfromhell) gives no offsets, so lines are counted from the newlines of the
nodes written before, at every level of nesting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeGuard

import mwparserfromhell
from mwparserfromhell.nodes import Comment, Heading, Node, Tag, Template
from mwparserfromhell.nodes.extras import Parameter
from mwparserfromhell.wikicode import Wikicode

from bot.model import Entry, ReviewItem
from bot.sources.problems import Problem, problem
from bot.titles import NS_TEMPLATE, WikiNames, clean

# Tags whose content is not wikitext, or not a declaration (a reference's source links).
UNREAD_TAGS = frozenset({"nowiki", "pre", "syntaxhighlight", "source", "math", "ref"})
STRUCK_TAGS = frozenset({"s", "del", "strike"})

# The start of a template call the parser left as text because it is never closed; the
# name runs to the first pipe, brace or line break.
_CALL_START = re.compile(r"\{\{([^{}|\n]*)")
# "valsts2", "tēma 3", "country_2" (underscores are spaces once cleaned).
_NUMBER_SUFFIX = re.compile(r" ?[0-9]+")

# A page is read as parser nodes and, where the parsers split text nodes, plain strings.
Piece = Node | str


@dataclass(frozen=True, slots=True)
class ParsedPage:
    entries: tuple[Entry, ...]
    review: tuple[ReviewItem, ...]


def parse_wikitext(text: str) -> Wikicode:
    """The page parsed; an unclosed comment runs to the end, as MediaWiki reads it."""
    start = 0
    while (opening := text.find("<!--", start)) != -1:
        closing = text.find("-->", opening + 4)
        if closing == -1:
            text += "-->"
            break
        start = closing + 3
    return mwparserfromhell.parse(text, skip_style_tags=True)


def with_lines(pieces: Iterable[Piece], line: int) -> Iterator[tuple[int, Piece]]:
    """Each piece with the line where it starts, the first starting on ``line``."""
    for piece in pieces:
        yield line, piece
        line += str(piece).count("\n")


def contents_line(tag: Tag, line: int) -> int:
    """The line where the contents of ``tag`` start, the tag starting on ``line``."""
    closing = (tag.closing_wiki_markup or "") if tag.wiki_markup else f"</{tag.closing_tag}>"
    newlines = str(tag).count("\n") - str(tag.contents).count("\n") - closing.count("\n")
    return line + newlines


def walk(pieces: Iterable[Piece], line: int) -> Iterator[tuple[int, Piece]]:
    """Every node, nested ones too (template arguments, tag contents, heading titles),
    each with the line where it starts; nothing inside comments or unread tags."""
    for start, piece in with_lines(pieces, line):
        yield start, piece
        for inner_line, inner in _inside(piece, start):
            yield from walk(inner.nodes, inner_line)


def _inside(piece: Piece, line: int) -> Iterator[tuple[int, Wikicode]]:
    """The wikitext nested in a node, each part with the line where it starts."""
    if isinstance(piece, Template):
        line += str(piece.name).count("\n")
        for param in piece.params:
            if param.showkey:
                line += str(param.name).count("\n")
            yield line, param.value
            line += str(param.value).count("\n")
    elif isinstance(piece, Tag):
        if not piece.self_closing and str(piece.tag).strip().lower() not in UNREAD_TAGS:
            yield contents_line(piece, line), piece.contents
    elif isinstance(piece, Heading):
        yield line, piece.title


def without_comments(code: Wikicode) -> str:
    """The wikitext as written, without its comments, stripped."""
    return "".join(str(node) for node in code.nodes if not isinstance(node, Comment)).strip()


def template_key(name: str, names: WikiNames) -> str:
    """A template's name as the contest configuration writes it: without the template
    namespace prefix, cleaned and casefolded.

    Casefolding the whole name is more lenient than MediaWiki, which folds only the first
    letter: a participant who typed ``{{cee spring 2026|…}}`` meant the contest template.
    """
    key = clean(name).casefold()
    prefix, sep, rest = key.partition(":")
    if sep and names.namespaces.get(prefix.strip()) == NS_TEMPLATE:
        key = rest.strip()
    return key


def calls_template(piece: Piece, keys: frozenset[str], names: WikiNames) -> TypeGuard[Template]:
    """Whether ``piece`` is a call of the template named by ``keys`` (see ``template_key``)."""
    if not isinstance(piece, Template):
        return False
    return template_key(without_comments(piece.name), names) in keys


def unclosed_calls(
    text: str, keys: frozenset[str], names: WikiNames
) -> Iterator[tuple[int, Problem]]:
    """Calls of the template left unclosed in a text fragment: for each, the newlines
    before it in ``text`` and the problem to show."""
    for match in _CALL_START.finditer(text):
        name = match.group(1)
        if template_key(name, names) in keys:
            found = problem("unclosed-template-call", call=f"{{{{{name.strip()}")
            yield text.count("\n", 0, match.start()), found


def arguments(
    template: Template, wanted: Sequence[str], *, numbered: bool = True
) -> list[Parameter]:
    """The template's arguments named by ``wanted``, in the order they are written.

    Names match case- and space-insensitively (``Dalībnieks``, `` valsts ``). A name made
    of digits is a positional argument (``1`` matches ``|X|`` and ``|1=X|``). With
    ``numbered``, a name also matches its numbered variants: digits appended directly or
    after one space or underscore (``valsts2``, ``tēma 3``, ``country_2``), never other
    suffixes, so that ``countries`` or ``country-note`` are not read as countries.
    """
    keys = [clean(name).casefold() for name in wanted]
    return [
        param for param in template.params
        if _matches(clean(without_comments(param.name)).casefold(), keys, numbered=numbered)
    ]  # fmt: skip


def _matches(key: str, wanted: Iterable[str], *, numbered: bool) -> bool:
    for name in wanted:
        if key == name:
            return True
        suffix = key.removeprefix(name)
        if numbered and not name.isdigit() and suffix != key and _NUMBER_SUFFIX.fullmatch(suffix):
            return True
    return False
