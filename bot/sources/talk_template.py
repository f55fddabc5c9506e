"""Entries declared by the contest template on an article's talk page.

The dominant CEE Spring model: ``{{CEE Spring 2025|dalībnieks=Name|valsts=Albānija|tēma=kultūra}}``
on the talk page of the article. Template and argument names are localized per wiki and
come from the contest configuration; every call of the template (or of a redirect to it)
declares the talk page's subject article for the participant it names.

Decisions on real input:

- Argument names match in any case and spacing; a configured name also matches its
  numbered variants (``valsts2``, ``tēma 3``, ``country_2``); names made of digits are
  positional (uk: countries are ``1``…``5``, fa: the participant is ``1``).
- A country value is looked up whole first. Only when the whole value is unrecognised
  and it holds commas or semicolons is it read as a list, and only when every part is
  recognised: a name that holds a comma is never cut up, and a list with one typo stays
  one unrecognised value shown to a human as typed. Slashes and "and" are not split:
  the real values "Ռումինիա/Մոլդովա" and "Rumānija un Moldova" name one country.
- Topics are read the same way when the contest defines a topic table. Without one they
  are free text: kept as typed, unrecognised (canonical None), and not sent to review.
- A call of another year (``fields.year``) is not a declaration of this contest at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from mwparserfromhell.nodes import Template, Text

from bot.model import DeclaredValue, Entry, Location, ReviewItem, SourceKind
from bot.sources.links import LinkReader, Reading
from bot.sources.problems import Problem, problem
from bot.sources.values import AliasTable
from bot.sources.wikitext import (
    ParsedPage,
    arguments,
    calls_template,
    parse_wikitext,
    unclosed_calls,
    walk,
    without_comments,
)
from bot.titles import WikiNames, clean

_LIST_SEPARATORS = re.compile(r"[,;]")


@dataclass(frozen=True, slots=True)
class TemplateFields:
    """How one wiki's contest template names its arguments (from the contest config).

    Names are matched in any case and spacing; digits mean positional arguments; each
    name also matches its numbered variants (see ``bot.sources.wikitext.arguments``).
    """

    participant: tuple[str, ...] = ()  # e.g. ("dalībnieks", "user"); "1" is positional 1
    country: tuple[str, ...] = ()  # e.g. ("valsts", "country"); uk: ("країна", "1", … "5")
    topic: tuple[str, ...] = ()
    year: str | None = None  # name of a year argument (a template reused across years)
    year_value: str | None = None  # only calls whose year argument equals this count

    def __post_init__(self) -> None:
        # Without the value, every call would be of "another year" and silently ignored.
        if (self.year is None) != (self.year_value is None):
            raise ValueError("year and year_value go together")


def read_talk_page(
    text: str,
    *,
    wiki: str,
    talk_title: str,
    subject_title: str,
    revision: int | None,
    template_names: frozenset[str],
    fields: TemplateFields,
    names: WikiNames,
    countries: AliasTable,
    topics: AliasTable | None,
) -> ParsedPage:
    """The entries the contest template declares on a talk page; problems go to review.

    ``template_names``: the template's title and its redirects' titles without namespace,
    cleaned and casefolded. Calls are found at any depth (inside a banner shell, say),
    except in comments, ``<nowiki>`` and the like. Each call yields one entry for
    ``subject_title`` on ``wiki``, located at the line where the call starts; two calls
    naming the same participant are two entries, left for the caller to merge.
    """
    call_reader = _CallReader(wiki, fields, LinkReader(wiki, names), countries, topics)
    source_lines = text.split("\n")
    entries: list[Entry] = []
    review: list[ReviewItem] = []
    for line, piece in walk(parse_wikitext(text).nodes, 1):
        location = Location(wiki, talk_title, line, revision)
        if calls_template(piece, template_names, names):
            declared = call_reader.read(piece)
            if declared is None:
                continue
            if declared.participant is not None:
                entries.append(
                    Entry(wiki, subject_title, declared.participant, location, str(piece),
                          kind=SourceKind.TALK_TEMPLATE, values=declared.values)
                )  # fmt: skip
            review += (p.at(location, str(piece)) for p in declared.problems)
        elif isinstance(piece, Text):
            for newlines, found in unclosed_calls(piece.value, template_names, names):
                at = Location(wiki, talk_title, line + newlines, revision)
                review.append(found.at(at, source_lines[line + newlines - 1].strip()))
    return ParsedPage(tuple(entries), tuple(review))


@dataclass(frozen=True, slots=True)
class _Declared:
    """What one call says: with a participant, an entry whose problems are its unrecognised
    values; without one, only problems."""

    participant: str | None
    values: tuple[DeclaredValue, ...]
    problems: tuple[Problem, ...]


class _CallReader:
    def __init__(
        self,
        wiki: str,
        fields: TemplateFields,
        links: LinkReader,
        countries: AliasTable,
        topics: AliasTable | None,
    ) -> None:
        self._wiki = wiki
        self._fields = fields
        self._links = links
        # field → (its argument names, its table)
        self._value_fields = {
            "country": (fields.country, countries),
            "topic": (fields.topic, topics),
        }

    def read(self, call: Template) -> _Declared | None:
        """What ``call`` declares; None for a call of another year."""
        blocking: list[Problem] = []
        if self._fields.year is not None:
            years = arguments(call, (self._fields.year,), numbered=False)
            # The last one counts, as on the wiki; an empty one is as good as none.
            year = clean(without_comments(years[-1].value)) if years else ""
            if not year:
                blocking.append(problem("no-year-parameter", parameter=self._fields.year))
            elif year != clean(self._fields.year_value or ""):
                return None
        reading = Reading()
        for argument in arguments(call, self._fields.participant):
            reading.absorb(self._links.read_user_value(argument.value))
        blocking += reading.problems
        if len(reading.users) > 1:
            users = ", ".join(reading.users)
            blocking.append(problem("several-participants-template", users=users))
        elif not reading.users and not reading.problems:
            blocking.append(problem("no-participant-talk-template"))
        values = _distinct(v for field in self._value_fields for v in self._values(call, field))
        unrecognised = tuple(
            problem(f"unrecognised-{v.field}", value=v.raw)  # "unrecognised-country", "-topic"
            for v in values
            if v.canonical is None and self._value_fields[v.field][1] is not None
        )
        if blocking:
            return _Declared(None, values, (*blocking, *unrecognised))
        return _Declared(reading.users[0], values, unrecognised)

    def _values(self, call: Template, field: str) -> list[DeclaredValue]:
        argument_names, table = self._value_fields[field]
        values: list[DeclaredValue] = []
        for argument in arguments(call, argument_names):
            raw = without_comments(argument.value)
            if not raw:
                continue
            whole = None if table is None else table.lookup(raw, self._wiki)
            listed = self._list(raw, table) if table is not None and whole is None else []
            read_as: list[tuple[str, str | None]] = [*listed] or [(raw, whole)]
            values += (DeclaredValue(field, part, canonical) for part, canonical in read_as)
        return values

    def _list(self, raw: str, table: AliasTable) -> list[tuple[str, str]]:
        """The parts of a comma or semicolon separated value with their canonical ids;
        empty unless there are several parts and every one is recognised."""
        parts = [part.strip() for part in _LIST_SEPARATORS.split(raw) if part.strip()]
        found = [(part, table.lookup(part, self._wiki)) for part in parts]
        recognised = [(part, canonical) for part, canonical in found if canonical is not None]
        return recognised if len(parts) > 1 and len(recognised) == len(parts) else []


def _distinct(values: Iterable[DeclaredValue]) -> tuple[DeclaredValue, ...]:
    """The values without repeats: the same country twice (``valsts``, ``valsts2``, or two
    spellings of it) is one country of the article, and so is an unrecognised value typed twice."""
    seen: set[tuple[str, str | None, str]] = set()
    kept: list[DeclaredValue] = []
    for value in values:
        key = (value.field, value.canonical, "" if value.canonical else value.raw)
        if key not in seen:
            seen.add(key)
            kept.append(value)
    return tuple(kept)
