"""Every declaration of a contest, wiki by wiki, with who made it.

A wiki whose pages cannot be read keeps the declarations stored from its last good read:
an unreadable page is never taken for an empty one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pywikibot

from bot.config import ContestConfig
from bot.facts.api import WikiReadError
from bot.model import Entry, LineOrigin, ReviewItem
from bot.sources.attribution import OriginStore, attribute, caused_at, page_origins
from bot.sources.problems import problem
from bot.sources.reader import DeclaringPage, ValueTables, read_declarations
from bot.sources.values import AliasTable
from bot.store import ContestState
from bot.titles import WikiNames

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Collected:
    entries: list[Entry] = field(default_factory=list)
    review: list[ReviewItem] = field(default_factory=list)
    # Talk pages by (wiki, title): their history is read only to settle competing claims.
    talk_pages: dict[tuple[str, str], DeclaringPage] = field(default_factory=dict)


def value_tables(config: ContestConfig, wiki: str) -> ValueTables:
    """The default country table with the organizers' additions; the contest's topic table."""
    countries = AliasTable.countries().with_aliases(config.country_aliases)
    countries = countries.with_aliases(config.wikis[wiki].country_aliases, wiki=wiki)
    topics = None
    if config.topics or config.wikis[wiki].topic_aliases:
        topics = AliasTable.of(config.topics).with_aliases(
            config.wikis[wiki].topic_aliases, wiki=wiki)
    return ValueTables(countries, topics)


def collect(
    config: ContestConfig,
    sites: Mapping[str, pywikibot.site.APISite],
    names: Mapping[str, WikiNames],
    before: ContestState,
    problems: dict[str, str],
    store: OriginStore,
    *,
    remember: bool,
    unchanged: Mapping[str, tuple[Sequence[Entry], Sequence[ReviewItem]]] | None = None,
) -> Collected:
    """Every wiki's declarations, read, or as stored in ``unchanged`` (entries and review
    items by wiki) when none of the wiki's declaring pages changed since they were read."""
    collected = Collected()
    # The line origins of the list pages read, by (wiki, title): they locate review items.
    origins_of: dict[tuple[str, str], Mapping[str, LineOrigin]] = {}
    for key, wiki in config.wikis.items():
        if unchanged and key in unchanged:
            collected.entries += unchanged[key][0]
            collected.review += unchanged[key][1]
            continue
        try:
            if key not in sites:
                raise WikiReadError(problems[key])
            declared = read_declarations(sites[key], key, wiki.sources, names[key],
                                         value_tables(config, key))
            origins = {
                page.title: page_origins(sites[key], store, config.name, key, page,
                                         remember=remember)
                for page in declared.list_pages
            }
        except WikiReadError as exc:
            log.error("%s: declarations could not be read: %s", key, exc)
            problems.setdefault(key, f"declarations could not be read: {exc}")
            collected.entries += [r.entry for r in before.results if r.entry.source.wiki == key]
            collected.review += [i for i in before.review if i.source.wiki == key]
            continue
        origins_of.update({(key, title): found for title, found in origins.items()})
        attributed = attribute(declared.entries, origins, config.organizers)
        collected.entries += attributed.entries
        collected.review += [*declared.review, *attributed.review]
        collected.talk_pages.update({(key, p.title): p for p in declared.talk_pages})
    collected.entries = _without_repeats(collected.entries, collected.review)
    collected.review = [caused_at(i, origins_of.get((i.source.wiki, i.source.page), {}))
                        for i in collected.review]
    return collected


def _without_repeats(entries: Iterable[Entry], review: list[ReviewItem]) -> list[Entry]:
    """The first declaration of an article by a participant counts; repeats go to review."""
    first: dict[tuple[str, str, str], Entry] = {}
    for entry in entries:
        key = (entry.wiki, entry.title, entry.participant)
        if key in first:
            earlier = first[key].source
            # Entries are always read at a line; the place is linked where it is shown.
            found = problem("declared-again", wiki=earlier.wiki, page=earlier.page,
                            line=str(earlier.line))
            review.append(found.at(entry.source, entry.text))
        else:
            first[key] = entry
    return list(first.values())
