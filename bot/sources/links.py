"""What the links of a declaration say: who the participant is, which article is meant.

One reader serves list lines, table rows and template arguments, so that a link means
the same wherever it is written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote

from mwparserfromhell.nodes import Comment, HTMLEntity, Tag, Text, Wikilink
from mwparserfromhell.wikicode import Wikicode

from bot.sources.problems import Problem, problem
from bot.sources.wikitext import STRUCK_TAGS, UNREAD_TAGS, Piece, without_comments
from bot.titles import (
    NS_CATEGORY,
    NS_FILE,
    NS_MAIN,
    Title,
    WikiNames,
    clean,
    normalize_user,
    parse_title,
    user_from_title,
)

# Only something shaped like a language code is taken for a foreign wiki's prefix, so
# that titles such as "Star Wars: Episode I" stay titles.
_LANGUAGE_PREFIX = re.compile(r"[a-z]{2,3}(?:-[a-z]+)?")
# "[[" left as text by the parser: either never closed, or closed around a target that
# cannot be a link (e.g. "[[a<b]]").
_BROKEN_LINK = re.compile(r"\[\[([^\[\]\n]*)(\]\])?")
# Characters MediaWiki refuses in user names; a bare value holding one is not a name.
_NOT_IN_USER_NAMES = frozenset("#<>[]|{}/")


@dataclass(frozen=True, slots=True)
class Article:
    wiki: str
    title: str


@dataclass(slots=True)
class Reading:
    """What a piece of wikitext (a line, a row, a template argument) says, link by link."""

    users: list[str] = field(default_factory=list)  # distinct, in order of appearance
    articles: list[Article] = field(default_factory=list)  # distinct
    problems: list[Problem] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # visible text outside links
    struck: bool = False

    def absorb(self, other: Reading) -> None:
        """Add the users, articles and problems of ``other``, keeping them distinct."""
        self.users += [u for u in other.users if u not in self.users]
        self.articles += [a for a in other.articles if a not in self.articles]
        self.problems += [p for p in other.problems if p not in self.problems]


class LinkReader:
    """Classifies the links of wikitext: participants, article candidates, or problems."""

    def __init__(self, wiki: str, names: WikiNames) -> None:
        self._wiki = wiki
        self._names = names

    def read(self, pieces: Iterable[Piece]) -> Reading:
        reading = Reading()
        self._walk(pieces, reading)
        return reading

    def read_user_value(self, value: Wikicode) -> Reading:
        """A template argument naming a participant: a user link, or the bare name
        (``Name``, ``User:Name`` or ``Користувач:Name`` in the wiki's namespace names).
        Only its users and problems are kept: an article link here names nobody."""
        found = self.read(value.nodes)
        reading = Reading(users=found.users, problems=found.problems)
        written = without_comments(value)
        if reading.users or reading.problems or not written:
            return reading
        user = None if found.articles else self._bare_user("".join(found.text).strip())
        if user is None:
            reading.problems.append(problem("not-a-user-name", value=written))
        else:
            reading.users.append(user)
        return reading

    def read_title_value(self, value: Wikicode) -> Reading:
        """A template argument naming an article: a link, or the bare title.
        Only its articles and problems are kept: a user link here is not an article."""
        written = without_comments(value)
        if not written:
            return Reading()
        # A bare title is read as the link it would be, with the same normalisation; a
        # broken link is read as written, to be reported as such.
        found = self.read(value.nodes if "[[" in written else [Wikilink(written)])
        return Reading(articles=found.articles, problems=found.problems)

    def _bare_user(self, text: str) -> str | None:
        if not text or any(c in _NOT_IN_USER_NAMES for c in text):
            return None
        if ":" in text:  # MediaWiki refuses colons in user names: a prefixed title
            title = parse_title(text, self._names)
            return None if title is None else user_from_title(title, self._names)
        return normalize_user(text)

    def _walk(self, pieces: Iterable[Piece], reading: Reading) -> None:
        for piece in pieces:
            if isinstance(piece, str | Text):
                self._text(str(piece), reading)
            elif isinstance(piece, Wikilink):
                self._link(piece, reading)
            elif isinstance(piece, Tag):
                name = str(piece.tag).strip().lower()
                if name in STRUCK_TAGS:
                    reading.struck = True
                elif name not in UNREAD_TAGS:
                    # Signatures and entries are often wrapped in <span>, <small>, <sup>.
                    self._walk(piece.contents.nodes, reading)
            elif isinstance(piece, HTMLEntity):
                reading.text.append(piece.normalize())
            elif not isinstance(piece, Comment):
                reading.text.append(str(piece))  # templates, external links: content, not links

    def _text(self, text: str, reading: Reading) -> None:
        for broken in _BROKEN_LINK.finditer(text):
            target = broken.group(1)
            if broken.group(2) is None:
                reading.problems.append(problem("unclosed-link", link=f"[[{target.strip()}"))
            else:
                reading.problems.append(_bad_target(target))
        reading.text.append(text)

    def _link(self, link: Wikilink, reading: Reading) -> None:
        raw = str(link.title)
        # As MediaWiki does: targets pasted from a URL are percent-decoded, entities decoded.
        target = clean(html.unescape(unquote(raw) if "%" in raw else raw))
        if target.startswith("#"):
            return  # a link to a section of this page
        colon = target.startswith(":")
        target = self._without_own_prefix(target)
        title = parse_title(target, self._names)
        if title is None:
            reading.problems.append(_bad_target(raw))
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
            reading.problems.append(problem("link-to-other-wiki", prefix=foreign))
            return
        article = Article(title.wiki or self._wiki, title.text)
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


def _bad_target(target: str) -> Problem:
    if not clean(target.split("#", 1)[0]).strip(":"):
        return problem("empty-link-target")
    return problem("invalid-link-target", target=target.strip())
