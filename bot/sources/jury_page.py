"""Jurors' decisions on a wiki's jury page, and who made each one.

A juror writes one template call per decision: ``{{Jury accept|Article}}``,
``{{Jury reject|Article|reason}}``, ``{{Jury points|Article|4}}`` or
``{{Jury comment|Article|text}}``, with names and parameters localized in the contest
definition, and a participant named only when several declared the article. Whose
decision it is comes from the page history, never from a signature: the account that
added or last changed the call's lines, which must be a juror's.

Reading never stops on a typo: each becomes a review item with its own message and
leaves out the decision it spoils (an unknown parameter alone does not spoil it).
A decision struck through (``<s>``, ``<del>``) is withdrawn; comments, ``<nowiki>``
and the like are not read.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

import pywikibot
from mwparserfromhell.nodes import Tag, Template, Text
from mwparserfromhell.wikicode import Wikicode

from bot.config import ContestConfig, JuryParameters, JuryPoints, JuryTemplates, WikiJury
from bot.facts.pages import read_pages
from bot.model import JuryMark, LineOrigin, Location, MarkKind, ReviewItem
from bot.sources.history import blame, revisions_after
from bot.sources.links import LinkReader
from bot.sources.problems import Problem, problem
from bot.sources.reader import DeclaringPage
from bot.sources.wikitext import (
    STRUCK_TAGS,
    arguments,
    parse_wikitext,
    template_key,
    unclosed_calls,
    walk,
    without_comments,
)
from bot.titles import WikiNames, clean, normalize_user

# Points as jurors type them: "4", "4.5", "4,5" (a decimal comma in most contest languages).
_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
# How alike (difflib's ratio) an unknown template's name must be to a decision
# template's to be taken for a typo of it rather than another template.
_SIMILAR = 0.8
# The one problem that leaves the decision standing: the rest of the call is understood.
_UNKNOWN_PARAMETER = "jury-unknown-parameter"


@dataclass(frozen=True, slots=True)
class Decision:
    """One decision template call as read, before the history says whose it is."""

    kind: MarkKind
    title: str  # normalised article title
    participant: str | None  # None: whoever declared the article
    reason: str  # a rejection's reason or a comment's text; "" otherwise
    points: Decimal | None  # for POINTS
    line: int  # 1-based line where the call starts
    text: str  # the call as written


@dataclass(frozen=True, slots=True)
class ParsedJury:
    decisions: tuple[Decision, ...]
    review: tuple[ReviewItem, ...]


@dataclass(frozen=True, slots=True)
class JuryRead:
    marks: tuple[JuryMark, ...]
    review: tuple[ReviewItem, ...]


def read_jury(
    site: pywikibot.site.APISite,
    key: str,
    config: ContestConfig,
    names: WikiNames,
) -> JuryRead:
    """The verified marks of the wiki's jury page (none when it has no jury page).

    The page is found in one request (redirects followed: a moved jury page is read at its
    new title), then its whole history is read to know who wrote each line as it is now
    (``blame``): by text alone, a juror's withdrawn decision written again by someone else,
    or two jurors' identical lines, would be credited to the first author. Raises
    ``WikiReadError`` when the wiki cannot be read: the caller keeps the last good marks.
    """
    jury = config.wikis[key].jury
    if jury is None:
        return JuryRead((), ())
    record = read_pages(site, [jury.page], {"redirects": 1}).get(jury.page, {})
    history = [] if record.get("missing") or "pageid" not in record else list(
        revisions_after(site, record["pageid"], None))
    if not history:
        missing = problem("jury-page-missing", page=jury.page).at(Location(key, jury.page), "")
        return JuryRead((), (missing,))
    latest = history[-1]
    page = DeclaringPage(record["title"], record["pageid"], latest.id)
    parsed = parse_jury_page(latest.text, wiki=key, page=page.title, revision=latest.id,
                             names=names, jury=jury, points=config.jury.points)
    return verify(parsed, blame(history), config.jurors_for(key), wiki=key, page=page)


def verify(
    parsed: ParsedJury,
    origins: Sequence[LineOrigin],
    jurors: Collection[str],
    *,
    wiki: str,
    page: DeclaringPage,
) -> JuryRead:
    """The parsed decisions that jurors made, as marks; the others go to review.

    Review items are located at the revision that gave their lines the text they have,
    so that the problems table links to the edit that caused them.
    """
    def origin(line: int | None, written: str) -> LineOrigin | None:
        """Whoever last changed a line of the page from ``line`` that ``written`` spans
        (``origins`` has one per line of the page)."""
        spanned = origins[line - 1:line + written.count("\n")] if line else []
        return max(spanned, key=lambda o: (o.timestamp, o.revision)) if spanned else None

    review = []
    for item in parsed.review:
        found = origin(item.source.line, item.text)
        review.append(item if found is None else
                      replace(item, source=replace(item.source, revision=found.revision)))
    marks = []
    for decision in parsed.decisions:
        found = origin(decision.line, decision.text)
        where = Location(wiki, page.title, decision.line,
                         page.revision if found is None else found.revision)
        if found is None:
            review.append(problem("jury-origin-unknown", title=decision.title)
                          .at(where, decision.text))
        elif normalize_user(found.user) not in jurors:
            review.append(problem("jury-not-juror", title=decision.title, user=found.user)
                          .at(where, decision.text))
        else:
            marks.append(JuryMark(
                wiki=wiki, title=decision.title, participant=decision.participant,
                juror=normalize_user(found.user), kind=decision.kind, source=where,
                marked_at=found.timestamp, reason=decision.reason, points=decision.points,
            ))
    return JuryRead(tuple(marks), tuple(review))


def parse_jury_page(
    text: str,
    *,
    wiki: str,
    page: str,
    revision: int | None,
    names: WikiNames,
    jury: WikiJury,
    points: JuryPoints | None,
) -> ParsedJury:
    """Every decision template call of a jury page, at any depth (in lists, tables).

    ``points``: the range of the contest's jury points; None refuses points decisions.
    """
    reader = _Reader(wiki, page, revision, names, jury, points)
    source_lines = text.split("\n")
    keys = frozenset(reader.kinds)
    withdrawn: set[int] = set()
    for line, piece in walk(parse_wikitext(text).nodes, 1):
        if id(piece) in withdrawn:
            continue
        if isinstance(piece, Tag) and str(piece.tag).strip().lower() in STRUCK_TAGS:
            withdrawn.update(id(node) for node in piece.contents.filter())
        elif isinstance(piece, Template):
            reader.read(piece, line)
        elif isinstance(piece, Text):
            for newlines, unclosed in unclosed_calls(piece.value, keys, names):
                at = line + newlines
                reader.report(at, source_lines[at - 1].strip(), unclosed)
    return ParsedJury(tuple(reader.decisions), tuple(reader.review))


def _kinds(templates: JuryTemplates, names: WikiNames) -> dict[str, tuple[MarkKind, str]]:
    """Each decision template's key (``template_key``) → its kind and its name as configured."""
    listed = {MarkKind.ACCEPT: templates.accept, MarkKind.REJECT: templates.reject,
              MarkKind.POINTS: templates.points, MarkKind.COMMENT: templates.comment}
    return {template_key(name, names): (kind, name)
            for kind, written in listed.items() for name in written}


def _roles(parameters: JuryParameters) -> dict[MarkKind, dict[str, list[str]]]:
    """The parameters each kind of decision reads, by role; any other is unknown."""
    common = {"article": parameters.article, "participant": parameters.participant}
    return {
        MarkKind.ACCEPT: common,
        MarkKind.REJECT: {**common, "text": parameters.reason},
        MarkKind.POINTS: {**common, "points": parameters.points},
        MarkKind.COMMENT: {**common, "text": parameters.comment},
    }


class _Reader:
    def __init__(
        self,
        wiki: str,
        page: str,
        revision: int | None,
        names: WikiNames,
        jury: WikiJury,
        points: JuryPoints | None,
    ) -> None:
        self._wiki = wiki
        self._page = page
        self._revision = revision
        self._names = names
        self._points = points
        self._links = LinkReader(wiki, names)
        self._roles = _roles(jury.parameters)
        self.kinds = _kinds(jury.templates, names)
        self.decisions: list[Decision] = []
        self.review: list[ReviewItem] = []

    def report(self, line: int, text: str, found: Problem) -> None:
        self.review.append(found.at(Location(self._wiki, self._page, line, self._revision), text))

    def read(self, call: Template, line: int) -> None:
        name = without_comments(call.name)
        known = self.kinds.get(template_key(name, self._names))
        if known is None:
            suggestion = self._suggestion(name)
            if suggestion is not None:
                self.report(line, str(call), problem("jury-unknown-template", name=name,
                                                     suggestion=suggestion))
            return
        kind = known[0]
        roles = self._roles[kind]
        problems = [problem(_UNKNOWN_PARAMETER, name=unknown, template=name)
                    for unknown in _unknown(call, roles)]
        title = self._title(_value(call, roles["article"]), problems)
        participant = self._participant(_value(call, roles["participant"]), problems)
        reason = _written(_value(call, roles["text"])) if "text" in roles else ""
        if kind is MarkKind.REJECT and not reason:
            problems.append(problem("jury-no-reason"))
        elif kind is MarkKind.COMMENT and not reason:
            problems.append(problem("jury-no-comment"))
        points = self._points_of(call, roles, problems) if kind is MarkKind.POINTS else None
        for found in problems:
            self.report(line, str(call), found)
        if title is not None and all(p.key == _UNKNOWN_PARAMETER for p in problems):
            self.decisions.append(Decision(kind, title, participant, reason, points, line,
                                           str(call)))

    def _suggestion(self, name: str) -> str | None:
        close = difflib.get_close_matches(template_key(name, self._names), self.kinds,
                                          n=1, cutoff=_SIMILAR)
        return self.kinds[close[0]][1] if close else None

    def _title(self, value: Wikicode | None, problems: list[Problem]) -> str | None:
        """The article named by a bare title or a link to it, on this wiki."""
        if value is None:
            problems.append(problem("jury-no-article"))
            return None
        reading = self._links.read_title_value(value)
        if reading.problems or len(reading.articles) != 1 or reading.articles[0].wiki != (
                self._wiki):
            problems.append(problem("jury-bad-article", article=_written(value)))
            return None
        return reading.articles[0].title

    def _participant(self, value: Wikicode | None, problems: list[Problem]) -> str | None:
        if value is None:
            return None
        reading = self._links.read_user_value(value)
        if reading.problems or len(reading.users) != 1:
            problems.append(problem("jury-bad-participant", participant=_written(value)))
            return None
        return reading.users[0]

    def _points_of(self, call: Template, roles: Mapping[str, Sequence[str]],
                   problems: list[Problem]) -> Decimal | None:
        allowed = self._points
        if allowed is None:
            problems.append(problem("jury-points-not-used"))
            return None
        written = _written(_value(call, roles["points"]))
        if not written:
            problems.append(problem("jury-no-points"))
            return None
        if not _NUMBER.fullmatch(written):
            problems.append(problem("jury-points-not-number", points=written))
            return None
        points = Decimal(written.replace(",", "."))
        if not allowed.min <= points <= allowed.max:
            problems.append(problem("jury-points-out-of-range", points=written,
                                    min=str(allowed.min), max=str(allowed.max)))
            return None
        return points


def _value(call: Template, wanted: Sequence[str]) -> Wikicode | None:
    """The last non-empty argument named by ``wanted`` (a repeated one counts last, as on
    the wiki); numbered variants (``article2``) are not read: one decision, one article."""
    found = [a.value for a in arguments(call, wanted, numbered=False) if without_comments(a.value)]
    return found[-1] if found else None


def _written(value: Wikicode | None) -> str:
    return "" if value is None else without_comments(value)


def _unknown(call: Template, roles: Mapping[str, Sequence[str]]) -> list[str]:
    """The call's parameters that no role reads (``reasn=``, a third positional one)."""
    known = {clean(name).casefold() for role in roles.values() for name in role}
    return [written for param in call.params
            if clean(written := without_comments(param.name)).casefold() not in known]
