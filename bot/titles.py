"""Titles and user names as MediaWiki would normalise them, computed offline.

The parser and the rules must agree with the wiki on what a title is without asking
it once per line, so the few siteinfo facts that matter are carried in ``WikiNames``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

NS_SPECIAL = -1
NS_MAIN = 0
NS_USER = 2
NS_USER_TALK = 3
NS_FILE = 6
NS_TEMPLATE = 10
NS_CATEGORY = 14

# The directional marks MediaWiki strips from titles (LRM, RLM, LRE…RLO): typed by
# right-to-left input methods, invisible, never part of a title. Zero-width joiners are
# kept: Persian and Indic titles need them.
_INVISIBLE = re.compile("[\u200e\u200f\u202a-\u202e]")
_SPACES = re.compile(r"[\s_\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")


def clean(text: str) -> str:
    """NFC, no invisible marks, underscores and runs of any space as one space, trimmed."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def upper_first(text: str) -> str:
    # MediaWiki upper-cases only the first character, never expanding it (German "ß"
    # stays), and leaves scripts without a title case as written: Georgian Mkhedruli
    # would otherwise become Mtavruli capitals, a different title.
    if not text:
        return text
    char = text[0]
    first = char if char.title() == char else char.upper()
    return (first if len(first) == 1 else char) + text[1:]


@dataclass(frozen=True, slots=True)
class WikiNames:
    """The parts of a wiki's siteinfo needed to read links and titles."""

    namespaces: Mapping[str, int]  # casefolded name or alias → namespace id
    local_names: Mapping[int, str]  # namespace id → local name used to write titles
    case_sensitive: frozenset[int] = frozenset()  # namespaces without first-letter case folding
    interwiki: Mapping[str, str] = field(default_factory=dict)  # casefolded prefix → wiki key
    special_contributions: frozenset[str] = frozenset({"contributions"})  # casefolded names
    # The other contest wikis' names, by key: "[[:uk:Користувач:Олена]]" read on Meta
    # must use the uk wiki's namespace names.
    others: Mapping[str, WikiNames] = field(default_factory=dict)

    def of(self, wiki: str | None) -> WikiNames:
        """The names to read a title of ``wiki`` with (this wiki's when unknown)."""
        return self.others.get(wiki, self) if wiki is not None else self


@dataclass(frozen=True, slots=True)
class Title:
    namespace: int
    text: str  # full title with the local namespace name, e.g. "Користувач:Oksana"
    wiki: str | None = None  # contest wiki key when the link carried an interwiki prefix

    @property
    def base(self) -> str:
        """The title without its namespace prefix."""
        if self.namespace == NS_MAIN:
            return self.text
        return self.text.split(":", 1)[1]


def parse_title(raw: str, names: WikiNames) -> Title | None:
    """Normalise a link target; None when nothing usable is left.

    Handles a leading colon, interwiki prefixes of contest wikis (one level),
    namespace names and aliases in any case, fragments and first-letter case.
    """
    text = clean(raw.split("#", 1)[0])
    wiki: str | None = None
    text = text.lstrip(":").strip()
    prefix, sep, rest = text.partition(":")
    if sep and prefix.strip().casefold() in names.interwiki:
        wiki = names.interwiki[prefix.strip().casefold()]
        names = names.of(wiki)
        text = rest.lstrip(":").strip()
        prefix, sep, rest = text.partition(":")
    namespace = NS_MAIN
    if sep and prefix.strip().casefold() in names.namespaces:
        namespace = names.namespaces[prefix.strip().casefold()]
        text = rest.strip()
    if not text or any(c in text for c in "[]{}|<>"):
        return None
    if namespace not in names.case_sensitive:
        text = upper_first(text)
    if namespace != NS_MAIN:
        text = f"{names.local_names.get(namespace, prefix)}:{text}"
    return Title(namespace, text, wiki)


def user_from_title(title: Title, names: WikiNames) -> str | None:
    """The account a user link points at: User:X, User talk:X, Special:Contributions/X."""
    names = names.of(title.wiki)
    if title.namespace in (NS_USER, NS_USER_TALK):
        base = title.base
        return None if "/" in base else normalize_user(base)
    if title.namespace == NS_SPECIAL:
        page, _, user = title.base.partition("/")
        if page.casefold() in names.special_contributions and user:
            return normalize_user(user)
    return None


def normalize_user(raw: str) -> str:
    return upper_first(clean(raw))
