"""Readable prose and its size, computed from wikitext without the wiki."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import mwparserfromhell
from mwparserfromhell.nodes import Comment, ExternalLink, Heading, Tag, Template, Wikilink

# Namespaces whose links are not prose: files embed media, categories classify.
# Without a leading colon these links render nothing in the text: media, categories and
# language links (any language-code prefix). Local namespace names come from the caller.
_HIDDEN_LINK = re.compile(r"^\s*(file|image|category|[a-z]{2,3}(-[a-z]+)?)\s*:", re.I)
_NON_PROSE_TAGS = {"ref", "table", "gallery", "math", "syntaxhighlight", "source", "pre",
                   "references", "score", "timeline", "graph", "templatedata", "nowiki"}
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def readable_text(wikitext: str, hidden_prefixes: frozenset[str] = frozenset()) -> str:
    """Prose only: no templates, references, tables, files, categories, interwiki links, comments.

    ``hidden_prefixes`` are the wiki's own casefolded names of the file and category
    namespaces (e.g. "plik", "kategoria"), whose links render nothing in the text.
    """
    code = mwparserfromhell.parse(_without_tables(wikitext))
    parts: list[str] = []
    for node in code.nodes:
        parts.append(_node_text(node, hidden_prefixes))
    return "".join(parts)


def _node_text(node: object, hidden_prefixes: frozenset[str]) -> str:
    if isinstance(node, (Template, Comment)):
        return ""
    if isinstance(node, Tag):
        if str(node.tag).lower() in _NON_PROSE_TAGS:
            return ""
        return readable_text(str(node.contents or ""), hidden_prefixes)
    if isinstance(node, Wikilink):
        target = str(node.title)
        prefix = target.split(":", 1)[0].strip().casefold() if ":" in target else None
        if _HIDDEN_LINK.match(target) or prefix in hidden_prefixes:
            return ""
        return str(node.text) if node.text is not None else target
    if isinstance(node, ExternalLink):
        return str(node.title or "")
    if isinstance(node, Heading):
        return str(node.title)
    return str(node)


def _without_tables(wikitext: str) -> str:
    # Wikitext tables ({| … |}) nest; mwparserfromhell keeps them as Tag nodes only
    # sometimes, so drop them by line structure, which is how MediaWiki reads them.
    out: list[str] = []
    depth = 0
    for line in wikitext.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith("{|"):
            depth += 1
        if depth == 0:
            out.append(line)
        if stripped.startswith("|}") and depth:
            depth -= 1
    return "\n".join(out)


def count_words(text: str) -> int:
    """Words in ``text``: runs of letters/digits in any script, joined by apostrophes or hyphens."""
    return len(_WORD.findall(text))


@dataclass(frozen=True, slots=True)
class TextSize:
    """How big an article's prose is, by the measures contests use."""

    words: int
    chars: int  # readable characters
    references: int


def measure_text(
    wikitext: str, hidden_prefixes: frozenset[str] = frozenset(),
    chars_per_word: Decimal | None = None,
) -> TextSize:
    """Words, readable characters and references of one revision's wikitext."""
    prose = readable_text(wikitext, hidden_prefixes)
    return TextSize(count_words(prose), len(prose), wikitext.count("<ref"))
