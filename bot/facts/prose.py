"""Readable prose and its size, computed from wikitext without the wiki.

Readable prose is what a reader sees as running text: no templates, references, tables,
files, categories, language links, comments, behaviour switches (``__NOTOC__``) or markup.
Section headings are left out too, as the prose-size tools of Wikipedia do: a heading is a
label, and a skeleton of empty sections must not earn words. Lists keep their text.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

import mwparserfromhell
import regex
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from bot.titles import clean, upper_first

# Wikipedia language codes whose main script is written without spaces between words:
# their words can only be estimated from characters (``chars_per_word``).
NO_SPACE_LANGUAGES = frozenset({
    "zh", "zh-classical", "lzh", "zh-yue", "yue", "wuu", "gan",  # Han
    "ja",  # kanji and kana
    "th", "lo", "km",  # Thai, Lao, Khmer
    "my", "shn", "mnw", "blk",  # Myanmar script: Burmese, Shan, Mon, Pa'O
    "bo", "dz",  # Tibetan script: Tibetan, Dzongkha
})

# Scripts written without spaces. By Script, not Script_Extensions: the extensions of
# U+0301 (combining acute) include Tai Le, and those of ʼ include Thai. Kana also by its
# extensions, for the prolonged sound mark ー and the repeat marks (Script=Common).
_NO_SPACE_SCRIPTS = "".join(
    rf"\p{{sc={s}}}" for s in (
        "Han", "Hiragana", "Katakana", "Bopomofo", "Thai", "Lao", "Khmer", "Myanmar",
        "Tibetan", "Yi", "Tai_Le", "New_Tai_Lue", "Tai_Tham", "Tai_Viet", "Balinese",
        "Javanese",
    )
) + r"\p{scx=Hiragana}\p{scx=Katakana}"
# A letter or digit of those scripts (punctuation such as 。 is not counted). Combining
# marks are not counted: they belong to the letter before them, so the count does not
# depend on whether the text is composed (が) or decomposed (か + ゙).
_NO_SPACE_CHAR = rf"[[\p{{L}}\p{{N}}]&&[{_NO_SPACE_SCRIPTS}]]"
_NO_SPACE_LETTERS = rf"(?:{_NO_SPACE_CHAR}\p{{M}}*)+"
# Inside a run, the scripts' own punctuation (Tibetan tsheg ་, Thai ฯ, 、) does not end it:
# without a ratio, ཀྲ་ཀོ་ཝི is one name, not three words.
_NO_SPACE_PUNCTUATION = r"[[\p{P}\p{S}]&&[" + "".join(
    rf"\p{{scx={s}}}" for s in ("Han", "Hiragana", "Katakana", "Thai", "Lao", "Khmer",
                                "Myanmar", "Tibetan")
) + "]]"
_NO_SPACE_RUN = rf"{_NO_SPACE_LETTERS}(?:{_NO_SPACE_PUNCTUATION}+{_NO_SPACE_LETTERS})*"
# Word characters of spaced scripts. \p{M} keeps Arabic harakat, Hebrew niqqud and
# Devanagari vowel signs inside their words (Python's \w splits there); ZWNJ and ZWJ are
# part of Persian and Indic words.
_WORD_CHAR = rf"[[\p{{L}}\p{{M}}\p{{N}}\u200c\u200d]--[{_NO_SPACE_SCRIPTS}]]"
_WORD_START = rf"[[\p{{L}}\p{{N}}]--[{_NO_SPACE_SCRIPTS}]]"  # a stray mark is no word
# What joins two parts of one word: apostrophes (l'ami, O’Neill), hyphens (well-known,
# Armenian ֊, Hebrew maqaf ־), Hebrew geresh and gershayim (צה״ל); between digits, the
# separators of numbers (1,000.5; 12:30; 1/2).
_JOINER = r"['’ʼ\-‐‑֊־׳״]|(?<=\p{N})[.,:/](?=\p{N})"
_TOKEN = regex.compile(
    rf"(?V1)(?P<nospace>{_NO_SPACE_RUN})"
    rf"|{_WORD_START}{_WORD_CHAR}*(?:(?:{_JOINER}){_WORD_CHAR}+)*"
)
_NO_SPACE_CHARS = regex.compile(rf"(?V1){_NO_SPACE_CHAR}")

# Link prefixes that render nothing in the text (without a leading colon): media, categories
# and language links. Local namespace names come from the caller (``hidden_prefixes``).
_HIDDEN_NAMESPACES = frozenset({"file", "image", "category"})
_LANGUAGE_CODE = regex.compile(r"[a-z]{2,3}(?:-[a-z]+)*|simple")
# Two- and three-letter interwiki prefixes of Wikimedia projects, which render inline.
_INLINE_INTERWIKI = frozenset({"mw", "wmf", "voy"})

# Tags whose contents are not prose (``ref`` and ``references``: references; ``includeonly``:
# not shown on the page itself).
_NON_PROSE_TAGS = frozenset({
    "ref", "references", "table", "gallery", "imagemap", "math", "chem", "ce", "hiero",
    "score", "timeline", "graph", "mapframe", "maplink", "syntaxhighlight", "source", "pre",
    "templatedata", "templatestyles", "inputbox", "categorytree", "charinsert", "indicator",
    "includeonly", "section", "style", "script",
})
_LINE_BREAK_TAGS = frozenset({"br", "hr", "p", "div", "li", "dt", "dd", "blockquote"})
_BEHAVIOUR_SWITCH = regex.compile(r"__(?:[\p{L}\p{N}]|_(?!_))+__")
_BOLD_ITALIC = regex.compile(r"''+")  # unbalanced quote markup the parser left as text
# Invisible formatting characters that are not part of any word: soft hyphen, zero-width
# space, direction marks and embeddings, byte order mark.
_INVISIBLE = regex.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACES = regex.compile(r"\s+")


def readable_text(wikitext: str, hidden_prefixes: frozenset[str] = frozenset()) -> str:
    """Prose only: no templates, references, tables, files, categories, interwiki links,
    comments, behaviour switches, headings or markup (the text of lists and links stays).

    ``hidden_prefixes`` are the wiki's own casefolded names of the file and category
    namespaces (e.g. "plik", "kategoria"), whose links render nothing in the text.
    """
    text = _render(mwparserfromhell.parse(wikitext), hidden_prefixes)
    text = _without_tables(text)
    text = _BEHAVIOUR_SWITCH.sub("", text)
    text = _BOLD_ITALIC.sub("", text)
    return _INVISIBLE.sub("", text)


def _render(code: Wikicode, hidden_prefixes: frozenset[str]) -> str:
    return "".join(_node_text(node, hidden_prefixes) for node in code.nodes)


def _node_text(node: Node, hidden_prefixes: frozenset[str]) -> str:
    if isinstance(node, Text):
        return str(node)
    if isinstance(node, (Template, Argument, Comment, Heading)):
        return ""
    if isinstance(node, HTMLEntity):
        return str(node.normalize())
    if isinstance(node, Tag):
        return _tag_text(node, hidden_prefixes)
    if isinstance(node, Wikilink):
        return _link_text(node, hidden_prefixes)
    if isinstance(node, ExternalLink):
        # A bare URL or a numbered link ([1]) is not prose; a labelled link's label is.
        return _render(node.title, hidden_prefixes) if node.title is not None else ""
    return str(node)


def _tag_text(node: Tag, hidden_prefixes: frozenset[str]) -> str:
    name = str(node.tag).strip().lower()
    if name in _NON_PROSE_TAGS:
        return ""
    if name == "nowiki":  # shown literally
        return str(node.contents or "")
    # Line breaks and blocks separate words even where the wikitext has no space.
    brk = "\n" if name in _LINE_BREAK_TAGS else ""
    if node.self_closing or node.contents is None:
        return brk  # list and rule markup (*, #, ;, :, ----) and <br> included
    return brk + _render(node.contents, hidden_prefixes) + brk


def _link_text(node: Wikilink, hidden_prefixes: frozenset[str]) -> str:
    target = str(node.title).strip()
    shown = target.startswith(":")  # [[:Category:X]] is a link, not a categorisation
    target = target.lstrip(":").strip()
    if not shown and ":" in target:
        prefix = target.split(":", 1)[0].strip().casefold()
        if prefix in _HIDDEN_NAMESPACES or prefix in hidden_prefixes or (
            _LANGUAGE_CODE.fullmatch(prefix) and prefix not in _INLINE_INTERWIKI
        ):
            return ""
    if node.text is None:
        return target
    label = _render(node.text, hidden_prefixes)
    if not label.strip():  # the pipe trick: [[Kraków (city)|]] shows "Kraków"
        return regex.sub(r"\s*\([^()]*\)$", "", target.split(":", 1)[-1])
    return label


def _without_tables(text: str) -> str:
    # The parser reads well-formed tables as ``table`` tags (dropped above); what it left as
    # text ({| … |} broken by a template, say) goes by line structure, as MediaWiki reads it.
    out: list[str] = []
    depth = 0
    for line in text.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith("{|"):
            depth += 1
        elif stripped.startswith("|}"):
            depth = max(depth - 1, 0)
            continue
        elif depth == 0 and stripped.startswith(("|", "!")):
            continue  # rows and cells of a table opened by a template
        if depth == 0:
            out.append(line)
    return "\n".join(out)


def count_words(text: str, chars_per_word: Decimal | None = None) -> int:
    """Words in plain ``text``.

    Spaced scripts: runs of letters, marks and digits, joined by apostrophes and hyphens.
    Scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar, Tibetan…): their
    letters are counted and divided by ``chars_per_word``, rounded down once over the
    whole text; without a ratio, each run of them counts as one word (a name quoted in an
    article of a spaced script).
    """
    if chars_per_word is not None and chars_per_word <= 0:
        raise ValueError(f"chars_per_word must be positive, not {chars_per_word}")
    words = 0
    no_space_chars = 0
    for match in _TOKEN.finditer(text):
        if match.group("nospace") is None or chars_per_word is None:
            words += 1
        else:
            no_space_chars += len(_NO_SPACE_CHARS.findall(match.group("nospace")))
    if chars_per_word is not None:
        words += int((Decimal(no_space_chars) / chars_per_word).to_integral_value(ROUND_FLOOR))
    return words


def count_chars(text: str) -> int:
    """Readable characters: every whitespace run counts as one space, none at the ends."""
    return len(_SPACES.sub(" ", text).strip())


def count_references(wikitext: str, templates: frozenset[str] = frozenset()) -> int:
    """Distinct references: each ``<ref>`` with content, and each name used only by
    self-closing ``<ref name="x"/>`` tags (once per name and group); a reuse of a defined
    name adds none. Refs in comments, ``<nowiki>`` and ``<pre>`` are not references.

    ``templates`` are names (without namespace, first letter upper case) of templates that
    make a footnote themselves, such as ``Sfn`` or ``Odn``: each distinct call counts, as
    identical calls render one footnote.
    """
    code = mwparserfromhell.parse(wikitext)
    calls = {
        " ".join(str(t).split()) for t in code.filter_templates(recursive=True)
        if upper_first(clean(str(t.name))) in templates
    } if templates else set()
    unnamed = len(calls)
    defined: set[tuple[str, str]] = set()
    reused: set[tuple[str, str]] = set()
    for tag in code.filter_tags(recursive=True):
        if str(tag.tag).strip().lower() != "ref":
            continue
        name = _attribute(tag, "name")
        key = (_attribute(tag, "group"), name)
        has_content = not tag.self_closing and bool(str(tag.contents or "").strip())
        if has_content and name:
            defined.add(key)
        elif has_content:
            unnamed += 1
        elif name:
            reused.add(key)
    return unnamed + len(defined) + len(reused - defined)


def _attribute(tag: Tag, name: str) -> str:
    for attribute in tag.attributes:
        if str(attribute.name).strip().lower() == name:
            return str(attribute.value or "").strip()
    return ""


@dataclass(frozen=True, slots=True)
class TextSize:
    """How big an article's prose is, by the measures contests use."""

    words: int
    chars: int  # readable characters (see ``count_chars``)
    references: int


def measure_text(
    wikitext: str, hidden_prefixes: frozenset[str] = frozenset(),
    chars_per_word: Decimal | None = None, reference_templates: frozenset[str] = frozenset(),
) -> TextSize:
    """Words, readable characters and references of one revision's wikitext."""
    prose = readable_text(wikitext, hidden_prefixes)
    return TextSize(count_words(prose, chars_per_word), count_chars(prose),
                    count_references(wikitext, reference_templates))
