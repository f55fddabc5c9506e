"""Reading the declaring pages of one wiki, batched, and handing them to the parsers.

Submission pages are read by title, 50 (500) per request. Talk pages and user subpages
are discovered with generators (``embeddedin``, ``categorymembers``) that return the
pages' content in the same requests, following continuation.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pywikibot

from bot.config import (
    EntrySource,
    SubmissionPageSource,
    TalkTemplateSource,
    UserSubpagesSource,
)
from bot.facts.api import Json, query
from bot.facts.pages import read_pages
from bot.model import Entry, Location, ReviewItem, SourceKind
from bot.sources.problems import problem
from bot.sources.submission_page import EntryTemplate, ParsedPage, parse_submission_page
from bot.sources.talk_template import TemplateFields, read_talk_page
from bot.sources.values import AliasTable
from bot.titles import NS_TEMPLATE, NS_USER, WikiNames, clean, parse_title

CONTENT = {"prop": "revisions", "rvprop": "ids|content", "rvslots": "main"}


@dataclass(frozen=True, slots=True)
class DeclaringPage:
    """A page whose lines declare entries: attribution reads its history."""

    title: str
    page_id: int
    revision: int


@dataclass(frozen=True, slots=True)
class Declarations:
    entries: tuple[Entry, ...]
    review: tuple[ReviewItem, ...]
    list_pages: tuple[DeclaringPage, ...]  # submission pages and subpages: always attributed
    talk_pages: tuple[DeclaringPage, ...]  # attributed only when two claims compete


@dataclass(frozen=True, slots=True)
class ValueTables:
    countries: AliasTable
    topics: AliasTable | None


def read_declarations(
    site: pywikibot.site.APISite,
    wiki: str,
    sources: Sequence[EntrySource],
    names: WikiNames,
    tables: ValueTables,
) -> Declarations:
    """Entries and review items from every source of ``wiki``.

    Raises ``WikiReadError`` when a page cannot be read: a partial read must not be taken
    for the current declarations.
    """
    parsed: list[ParsedPage] = []
    list_pages: list[DeclaringPage] = []
    talk_pages: list[DeclaringPage] = []
    for source in sources:
        if isinstance(source, SubmissionPageSource):
            parsed += _submission_pages(site, wiki, source, names, list_pages)
        elif isinstance(source, TalkTemplateSource):
            parsed += _talk_pages(site, wiki, source, names, tables, talk_pages)
        elif isinstance(source, UserSubpagesSource):
            parsed += _user_subpages(site, wiki, source, names, list_pages)
    return Declarations(
        entries=tuple(e for p in parsed for e in p.entries),
        review=tuple(i for p in parsed for i in p.review),
        list_pages=tuple(list_pages),
        talk_pages=tuple(talk_pages),
    )


def _submission_pages(
    site: pywikibot.site.APISite,
    wiki: str,
    source: SubmissionPageSource,
    names: WikiNames,
    pages: list[DeclaringPage],
) -> Iterator[ParsedPage]:
    template = _entry_template(source)
    # A submission page that was moved is read at its new title, not as "#REDIRECT […]".
    record = read_pages(site, [source.page], {**CONTENT, "redirects": 1}).get(source.page, {})
    text, revision = page_content(record)
    if text is None or revision is None:
        missing = problem("no-submission-page").at(Location(wiki, source.page), "")
        yield ParsedPage((), (missing,))
        return
    pages.append(DeclaringPage(record["title"], record["pageid"], revision))
    yield parse_submission_page(text, wiki=wiki, page=record["title"], revision=revision,
                                names=names, entry_template=template)


def _talk_pages(
    site: pywikibot.site.APISite,
    wiki: str,
    source: TalkTemplateSource,
    names: WikiNames,
    tables: ValueTables,
    pages: list[DeclaringPage],
) -> Iterator[ParsedPage]:
    template, template_names = template_aliases(site, source.template, names)
    fields = TemplateFields(
        participant=tuple(source.fields.participant),
        country=tuple(source.fields.country),
        topic=tuple(source.fields.topic),
        year=source.fields.year,
        year_value=source.fields.year_value,
    )
    talk_namespaces = "|".join(str(n) for n in site.namespaces if n > 0 and n % 2 == 1)
    for page in _generated(site, generator="embeddedin", geititle=template,
                           geinamespace=talk_namespaces, geilimit="max"):
        text, revision = page_content(page)
        if text is None or revision is None:
            continue
        pages.append(DeclaringPage(page["title"], page["pageid"], revision))
        yield read_talk_page(
            text, wiki=wiki, talk_title=page["title"],
            subject_title=_subject(page["title"], page["ns"], names), revision=revision,
            template_names=template_names, fields=fields, names=names,
            countries=tables.countries, topics=tables.topics,
        )


def _user_subpages(
    site: pywikibot.site.APISite,
    wiki: str,
    source: UserSubpagesSource,
    names: WikiNames,
    pages: list[DeclaringPage],
) -> Iterator[ParsedPage]:
    if source.template is not None:
        template, _ = template_aliases(site, source.template, names)
        found = _generated(site, generator="embeddedin", geititle=template,
                           geinamespace=NS_USER, geilimit="max")
    else:
        found = _generated(site, generator="categorymembers", gcmtitle=source.category,
                           gcmnamespace=NS_USER, gcmlimit="max")
    wanted = clean(source.subpage)
    for page in found:
        owner, _, subpage = page["title"].split(":", 1)[1].partition("/")
        text, revision = page_content(page)
        if clean(subpage) != wanted or text is None or revision is None:
            continue  # another subpage (or the user page itself) uses the template too
        pages.append(DeclaringPage(page["title"], page["pageid"], revision))
        parsed = parse_submission_page(text, wiki=wiki, page=page["title"], revision=revision,
                                       names=names, owner=owner)
        entries = tuple(replace(e, kind=SourceKind.USER_SUBPAGE) for e in parsed.entries)
        yield ParsedPage(entries, parsed.review)


def template_aliases(
    site: pywikibot.site.APISite, template: str, names: WikiNames
) -> tuple[str, frozenset[str]]:
    """The template's real title (the configured one may be a redirect, e.g. after a
    rename) and the names of it and all its redirects, as the wiki resolves them."""
    found = {template}
    resolved = template
    for part in query(site, titles=template, prop="redirects", rdlimit="max",
                      rdnamespace=NS_TEMPLATE, redirects=1):
        for page in part.get("pages", []):
            resolved = page["title"]
            found.add(page["title"])
            found.update(r["title"] for r in page.get("redirects", []))
    return resolved, frozenset(
        clean(title.base).casefold()
        for raw in found if (title := parse_title(raw, names)) is not None
    )


def _generated(site: pywikibot.site.APISite, **params: Any) -> Iterator[Json]:
    """Pages of a generator with their latest content, each once, continued fully."""
    pages: dict[int, Json] = {}
    for part in query(site, **params, **CONTENT):
        for page in part.get("pages", []):
            merged = pages.setdefault(page["pageid"], {})
            merged.update({k: v for k, v in page.items() if k != "revisions"})
            merged.setdefault("revisions", []).extend(page.get("revisions", []))
    yield from pages.values()


def page_content(page: Json) -> tuple[str | None, int | None]:
    """The text and revision id of a page record read with ``CONTENT``; None when missing."""
    revisions = page.get("revisions") or []
    if page.get("missing") or not revisions or "slots" not in revisions[0]:
        return None, None
    return str(revisions[0]["slots"]["main"]["content"]), int(revisions[0]["revid"])


def _subject(talk_title: str, talk_namespace: int, names: WikiNames) -> str:
    base = talk_title.split(":", 1)[1] if ":" in talk_title else talk_title
    subject_namespace = talk_namespace - 1
    if subject_namespace == 0:
        return base
    return f"{names.local_names.get(subject_namespace, '')}:{base}"


def _entry_template(source: SubmissionPageSource) -> EntryTemplate | None:
    if source.entry_template is None:
        return None
    config = source.entry_template
    return EntryTemplate(
        names=frozenset(clean(n).casefold() for n in config.names),
        article=tuple(config.article),
        participant=tuple(config.participant),
    )
