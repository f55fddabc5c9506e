"""Wikitext building blocks for untrusted text: escaping, bidi isolation, links, tables.

Titles, user names, declaring lines, reasons and error texts come from wiki users and
are shown, never interpreted. ``escape`` turns such text into one line of inert
wikitext by replacing the characters that can start markup with HTML numeric character
references, which MediaWiki decodes only after it has parsed the markup.

Escaped everywhere in the text:

- ``&``: an entity already in the text (``&amp;``) must show as typed.
- ``<``: tags (``<ref>``, ``<nowiki>``, HTML, ``<!--`` comments, and so our markers).
  ``>`` alone starts nothing, so it stays.
- ``[ ]``: internal, category and external links; ``]`` too, since a stray ``]]``
  would end the link whose display text it is.
- ``{ }``: templates, ``subst:``, parser functions, ``{{{parameters}}}``, ``{|`` tables
  and ``-{ }-`` language conversion.
- ``|``: cell separators and the pipes of links and templates.
- ``!``: ``!!`` separates header cells.
- ``'``: ``''italic''`` and ``'''bold'''``.
- ``~``: ``~~~~`` signatures, expanded when the page is saved.
- ``_``: ``__NOTOC__`` and other behaviour switches.
- ``:``: free external links (``http://``, ``mailto:``); an unescaped blacklisted URL
  in one declaring line would make the spam blacklist refuse the whole results page.

Escaped only as the first character, the one place a line can start inside the text:
``* # ; =`` (lists, headings), ``-`` (``----`` rules) and a space (preformatted text).
Line breaks and other control characters become spaces, so the text stays on its line.
Magic links such as ``ISBN 123`` are left alone: they only link to a book search.

Text containing right-to-left letters or bidi controls (an unmatched U+202E would
reverse everything after it) is wrapped in ``<bdi>``, which isolates its direction.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

_ESCAPED_EVERYWHERE = str.maketrans({c: f"&#{ord(c)};" for c in "&<[]{}|!'~_:"})
_ESCAPED_AT_LINE_START = frozenset("*#;=- ")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f]+")

# Right-to-left letters and digits, and the explicit embedding, override and isolate
# controls: text with any of these can reorder what is shown around it.
_BIDI_SENSITIVE = frozenset(
    {"R", "AL", "AN", "LRE", "LRO", "RLE", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
)

# A link target that can only be a title never contains these; anything else in a
# target could end the link early or open markup.
_NOT_IN_TITLES = re.compile(r"[\[\]{}|<>\x00-\x1f\x7f]")

# Markup MediaWiki reads before it reads links, made of characters a title may hold:
# ``''`` (italics), and ``__X__`` and ``~~~`` should a target ever escape normalisation.
# MediaWiki decodes character references in link targets, so the link still works.
_ESCAPED_IN_TARGETS = str.maketrans({c: f"&#{ord(c)};" for c in "'_~"})

# What would end an attribute value or its cell.
_NOT_IN_ATTRIBUTES = re.compile(r'["|<>\[\]{}\n]')


def escape(text: str) -> str:
    """The text as one line of wikitext that displays it literally."""
    text = _CONTROLS.sub(" ", unicodedata.normalize("NFC", text))
    if not text:
        return text
    first = text[0]
    rest = text[1:].translate(_ESCAPED_EVERYWHERE)
    if first in _ESCAPED_AT_LINE_START:
        return f"&#{ord(first)};{rest}"
    return first.translate(_ESCAPED_EVERYWHERE) + rest


def needs_isolation(text: str) -> bool:
    """Whether the text can reorder its surroundings when shown in a left-to-right page."""
    return any(unicodedata.bidirectional(c) in _BIDI_SENSITIVE for c in text)


def isolate(wikitext: str, shown: str) -> str:
    """``wikitext`` in ``<bdi>`` when the text it shows (``shown``) needs isolation."""
    return f"<bdi>{wikitext}</bdi>" if needs_isolation(shown) else wikitext


def plain(text: str) -> str:
    """Untrusted text, escaped and isolated, ready to be put anywhere in a line."""
    return isolate(escape(text), text)


def code(text: str) -> str:
    """Untrusted text shown as code, as written."""
    return f"<code>{plain(text)}</code>"


def link(prefix: str, target: str, text: str) -> str:
    """A link to ``target`` on the wiki reached by the interwiki ``prefix`` ("" = here).

    The leading colon makes category and file targets links instead of page
    categorisation or images. A target that cannot be a title is shown unlinked; an
    empty target with a prefix is that wiki's main page.
    """
    if (not target and not prefix) or _NOT_IN_TITLES.search(target):
        return plain(text)
    full_target = (f"{prefix}:{target}" if prefix else target).translate(_ESCAPED_IN_TARGETS)
    return isolate(f"[[:{full_target}|{escape(text)}]]", text)


def heading(text: str) -> str:
    """A second-level heading of wikitext ``text`` (escaped by the caller)."""
    return f"== {text} =="


def cell(text: str, *, sort: str | None = None, style: str | None = None) -> str:
    """A table cell's wikitext with attributes: ``sort`` is its ``data-sort-value``, for
    numbers shown with group separators. Attribute values are the bot's own, never input.
    """
    given = [(name, value) for name, value in (("data-sort-value", sort), ("style", style))
             if value is not None]
    if any(_NOT_IN_ATTRIBUTES.search(value) for _, value in given):
        raise ValueError(f"not attribute values: {given!r}")
    attributes = [f'{name}="{value}"' for name, value in given]
    return f"{' '.join(attributes)} | {text}" if attributes else text


def table(
    caption: str, headers: Sequence[str], rows: Iterable[Sequence[str]],
    footer: Iterable[Sequence[str]] = (),
) -> str:
    """A sortable wikitable; captions, headers and cells are wikitext, one cell a line.

    Each cell starts on its own line after ``| ``, so its content never starts a line
    and never needs ``||``. ``footer`` rows (totals) stay at the bottom when sorted.
    """
    lines = ['{| class="wikitable sortable"', f"|+ {caption}", "! " + " !! ".join(headers)]
    lines.extend(table_row(row, len(headers)) for row in rows)
    lines.extend(table_row(row, len(headers), bottom=True) for row in footer)
    lines.append("|}")
    return "\n".join(lines)


def table_row(cells: Sequence[str], columns: int, *, bottom: bool = False) -> str:
    """One row of ``table`` (its lines), for measuring a table before cutting it."""
    if len(cells) != columns:
        raise ValueError(f"row has {len(cells)} cells for {columns} columns")
    start = '|- class="sortbottom"' if bottom else "|-"
    return "\n".join([start, *(f"| {text}" if text else "|" for text in cells)])
