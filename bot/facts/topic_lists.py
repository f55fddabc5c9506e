"""Topic lists: the Wikidata items of pages such as "Wikimedia CEE Spring 2026/Structure/Albania".

CEE Spring writes each country's topics as ``{{#invoke:WikimediaCEETable|table|Q1|Q2|…}}``
(several calls per page, comments and other text around). A list page that cannot be read
or does not exist is an error, never an empty list: an empty list would quietly fail every
entry that should have been on it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import mwparserfromhell
import pywikibot
import regex
from mwparserfromhell.nodes import Comment, Template, Text
from mwparserfromhell.wikicode import Wikicode

from bot.config import ContestConfig
from bot.facts.api import WikiReadError
from bot.facts.pages import read_pages
from bot.model import TopicItems
from bot.titles import clean, upper_first

log = logging.getLogger(__name__)

# The module's name is a title: its first letter is case-insensitive, the rest is not.
_INVOKE = regex.compile(r"\s*(?i:#invoke)\s*:\s*[Ww]ikimediaCEETable\s*")
_ITEM = regex.compile(r"[Qq]([1-9][0-9]*)")
_FUNCTION = "table"
# Marks the place of a call in the page text; a private-use character no page contains.
_MARK = "\ue000"


@dataclass(frozen=True, slots=True)
class ParsedList:
    """The items of one list page, in first-seen order, and what could not be read there."""

    items: tuple[str, ...]
    problems: tuple[str, ...] = ()  # located messages, e.g. 'line 12: "Q12x" is not …'


class TopicListError(WikiReadError):
    """A list page could not be used (it does not exist, say).

    A ``WikiReadError``, so that callers that keep the last good data on a failed read do
    the same here rather than judge against an empty list.
    """

    def __init__(self, title: str, reason: str) -> None:
        super().__init__(f"{title}: {reason}")
        self.title = title
        self.reason = reason


def parse_topic_items(wikitext: str) -> ParsedList:
    """The Q-ids of every ``{{#invoke:WikimediaCEETable|table|…}}`` call in ``wikitext``.

    Ids are normalised (``q42`` → ``Q42``) and deduplicated; named parameters and empty
    ones are ignored; any other value is a problem, with its line, and so is a page without
    any item. Calls inside comments or ``<nowiki>`` do not count.
    """
    code = mwparserfromhell.parse(wikitext)
    calls = [t for t in code.filter_templates(recursive=True) if _INVOKE.fullmatch(str(t.name))]
    # Put a mark in place of each call to learn where it is in the page: the parser keeps
    # no positions, and searching for the call's text could find a commented-out copy.
    placed: dict[str, Template] = {}
    for number, call in enumerate(calls):
        key = f"{_MARK}{number}{_MARK}"
        try:
            code.replace(call, key, recursive=True)
        except ValueError:  # inside another call, which was replaced first: not a list
            continue
        placed[key] = call
    marked = str(code)

    items: dict[str, None] = {}
    problems: list[str] = []
    newlines_before = 0  # of the calls already passed, which the marks stand for
    for match in regex.finditer(rf"{_MARK}\d+{_MARK}", marked):
        call = placed[match.group()]
        line = marked.count("\n", 0, match.start()) + newlines_before + 1
        newlines_before += str(call).count("\n")
        _read_call(call, line, items, problems)
    if not placed:
        problems.append("no {{#invoke:WikimediaCEETable|table|…}} call")
    elif not items:
        problems.append("the calls list no Wikidata ids")
    return ParsedList(tuple(items), tuple(problems))


def _read_call(call: Template, line: int, items: dict[str, None], problems: list[str]) -> None:
    text = str(call)
    offset = 2 + len(str(call.name))  # "{{" and the name
    positional = 0
    for param in call.params:
        offset += 1  # "|"
        start = offset + (len(str(param.name)) + 1 if param.showkey else 0)
        offset += len(str(param))
        if param.showkey:
            continue  # named parameters are options of the table, not items
        positional += 1
        value, at = _value(param.value)
        where = line + text.count("\n", 0, start + at)
        if positional == 1:
            if value != _FUNCTION:
                problems.append(f'line {where}: the call is to "{value}", not "{_FUNCTION}"; '
                                "its items are not read")
                return
            continue
        if not value:
            continue  # "|Q1||Q2|" and a trailing "|"
        if match := _ITEM.fullmatch(value):
            items.setdefault(f"Q{match.group(1)}", None)
        else:
            problems.append(f'line {where}: "{value}" is not a Wikidata id')


def _value(code: Wikicode) -> tuple[str, int]:
    """A parameter's text without comments, and where its first visible character is."""
    text = "".join(str(node) for node in code.nodes if not isinstance(node, Comment))
    at = 0
    for node in code.nodes:
        raw = str(node)
        if isinstance(node, Text) and not raw.strip():
            at += len(raw)
            continue
        if isinstance(node, Comment):
            at += len(raw)
            continue
        at += len(raw) - len(raw.lstrip())
        break
    return text.strip(), at


def read_topic_pages(
    site: pywikibot.site.APISite, titles: Sequence[str]
) -> dict[str, ParsedList]:
    """The parsed latest text of each list page, keyed by the title asked for.

    Batched (one request per 50 titles, or 500 with apihighlimits) and following redirects.
    Raises ``WikiReadError`` when the wiki cannot be read and ``TopicListError`` for a page
    that does not exist or whose text cannot be read.
    """
    read = _read_lists(site, titles)
    for outcome in read.values():
        if isinstance(outcome, TopicListError):
            raise outcome
    return {t: p for t, p in read.items() if isinstance(p, ParsedList)}


def _read_lists(
    site: pywikibot.site.APISite, titles: Sequence[str]
) -> dict[str, ParsedList | TopicListError]:
    wanted = list(dict.fromkeys(titles))
    pages = read_pages(site, wanted, {
        "prop": "revisions", "rvprop": "content", "rvslots": "main", "redirects": 1,
    })
    read: dict[str, ParsedList | TopicListError] = {}
    for title in wanted:
        page = pages.get(title)
        if page is None:  # an interwiki title, say: the wiki says nothing of it
            read[title] = TopicListError(title, "is not a page of this wiki")
        elif "invalid" in page:
            read[title] = TopicListError(title, "is not a valid title")
        elif "missing" in page or "pageid" not in page:
            read[title] = TopicListError(title, "does not exist")
        else:
            revision = (page.get("revisions") or [{}])[0]
            content = revision.get("slots", {}).get("main", {}).get("content")
            if content is None:  # hidden by revision deletion
                read[title] = TopicListError(title, "its latest text cannot be read")
            else:
                read[title] = parse_topic_items(content)
    return read


@dataclass(frozen=True, slots=True)
class TopicLists:
    """The contest's topic lists as read in one run."""

    lists: dict[str, TopicItems] = field(default_factory=dict)  # the lists that could be read
    unreadable: dict[str, str] = field(default_factory=dict)  # list name → why not

    def unreadable_for(self, config: ContestConfig, wiki: str) -> str | None:
        """Why a list that ``wiki``'s rules or points use could not be read, if one could not."""
        reasons = [f'topic list "{name}": {self.unreadable[name]}'
                   for name in sorted(config.topic_lists_used(wiki) & self.unreadable.keys())]
        return "; ".join(reasons) or None


def load_topic_lists(
    config: ContestConfig, sites: Mapping[str, pywikibot.site.APISite]
) -> TopicLists:
    """Every topic list of the contest: items and titles from the definition, plus the
    items of its pages, read in one batch per wiki. Problems inside pages are logged."""
    by_wiki: dict[str, list[str]] = {}
    for topic_list in config.topic_lists.values():
        if topic_list.wiki is not None:
            by_wiki.setdefault(topic_list.wiki, []).extend(topic_list.pages)
    read: dict[tuple[str, str], ParsedList | TopicListError | WikiReadError] = {}
    for wiki, titles in by_wiki.items():
        if not titles:
            continue
        if wiki not in sites:
            for title in titles:
                read[wiki, title] = WikiReadError(f"{wiki} could not be reached")
            continue
        try:
            read.update({(wiki, t): p for t, p in _read_lists(sites[wiki], titles).items()})
        except WikiReadError as exc:
            read.update({(wiki, t): exc for t in titles})

    result = TopicLists()
    for name, topic_list in config.topic_lists.items():
        items = dict.fromkeys(topic_list.items)
        errors: list[str] = []
        for title in topic_list.pages:
            outcome = read[topic_list.wiki or "", title]
            if isinstance(outcome, ParsedList) and not outcome.items:
                # A blanked or rewritten list page is not a list of nothing.
                errors.append(f"{title}: no Wikidata ids found ("
                              f"{'; '.join(outcome.problems) or 'no table call'})")
            elif isinstance(outcome, ParsedList):
                items.update(dict.fromkeys(outcome.items))
                for problem in outcome.problems:
                    log.warning('topic list "%s", %s, %s', name, title, problem)
            elif isinstance(outcome, TopicListError):
                errors.append(str(outcome))
            else:
                errors.append(f"{title}: {outcome}")
        if errors:
            result.unreadable[name] = "; ".join(errors)
        else:
            result.lists[name] = TopicItems(
                frozenset(items), frozenset(upper_first(clean(t)) for t in topic_list.titles))
    return result
