"""The results block of a contest, as wikitext for the page between the bot's markers.

In order: a notice per wiki whose data is stale, a summary line, the participants'
ranking, every entry with its status and the reasons it does not count, and the lines
that need a human look. The text depends on the stored state only (no clock, every
list sorted on a total order), so an unchanged state renders byte-identical text and
the publisher makes no edit.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from bot.model import Check, Result, ReviewItem, Status
from bot.reports.messages import Messages
from bot.reports.wikitext import code, escape, link, plain, table
from bot.scoring import standings

if TYPE_CHECKING:  # the definition imports these messages
    from bot.config import Ranking

# Evidence values of checks (see bot.rules.checks): digits, ISO 8601 UTC times and
# ``start/end`` windows are shown in the page's language; anything else as written.
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"
_MOMENT = re.compile(_TIME)
_WINDOW = re.compile(f"({_TIME})/({_TIME})")
# The value rules give as ``actual`` when the wiki did not tell; such a check has its
# own message, ``check-<rule>-unknown``, when one exists.
_UNKNOWN = "unknown"


class WikiStateLike(Protocol):
    """How current one wiki's data is (``bot.store.store.WikiState`` fits)."""

    @property
    def wiki(self) -> str: ...
    @property
    def last_success_at(self) -> datetime | None: ...
    @property
    def error(self) -> str | None: ...  # set when the last update failed: data is stale


class ContestStateLike(Protocol):
    """A contest's stored results (``bot.store.store.ContestState`` fits)."""

    @property
    def results(self) -> Sequence[Result]: ...
    @property
    def review(self) -> Sequence[ReviewItem]: ...
    @property
    def wikis(self) -> Sequence[WikiStateLike]: ...


def render_results(
    state: ContestStateLike, *, messages: Messages, link_prefix: Mapping[str, str],
    ranking: Ranking | None = None,
) -> str:
    """The whole results block.

    ``link_prefix`` maps each contest wiki key to the interwiki prefix that reaches it
    from the wiki the block is published on ("" for that wiki itself). ``ranking`` holds
    the thresholds to be ranked; without it everyone is.
    """
    return _Renderer(messages, link_prefix, ranking).render(state)


def _utc_minute(moment: datetime) -> str:
    """A moment as readers everywhere understand it; naive times are taken as UTC."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return f"{moment:%Y-%m-%d %H:%M} UTC"


class _Renderer:
    def __init__(self, messages: Messages, link_prefix: Mapping[str, str],
                 ranking: Ranking | None) -> None:
        self.ranking = ranking
        self.messages = messages
        self.link_prefix = link_prefix

    def render(self, state: ContestStateLike) -> str:
        summary = self.summary(state.results, len(state.review))
        sections = [*self.stale_notices(state.wikis), summary]
        if state.results:
            sections.append(self.leaderboard(state.results))
            sections.append(self.entries(state.results))
        else:
            sections.append(self.messages.text("no-entries"))
        if state.review:
            sections.append(self.review(state.review))
        return "\n\n".join(sections)

    def stale_notices(self, wikis: Iterable[WikiStateLike]) -> list[str]:
        notices = []
        for wiki in sorted(wikis, key=lambda w: w.wiki):
            if wiki.error is None:
                continue
            name, error = escape(wiki.wiki), plain(wiki.error)
            if wiki.last_success_at is None:
                notices.append(
                    self.messages.text("stale-notice-never-read", wiki=name, error=error)
                )
            else:
                date = _utc_minute(wiki.last_success_at)
                notices.append(
                    self.messages.text("stale-notice", wiki=name, date=date, error=error)
                )
        return notices

    def summary(self, results: Sequence[Result], review: int) -> str:
        statuses = Counter(r.status for r in results)
        text = self.messages.text
        return text(
            "summary",
            entries=text("summary-entries", count=len(results)),
            accepted=text("summary-accepted", count=statuses[Status.ACCEPTED]),
            rejected=text("summary-rejected", count=statuses[Status.REJECTED]),
            review=text("summary-review", count=statuses[Status.REVIEW] + review),
            participants=text(
                "summary-participants", count=len({r.entry.participant for r in results})
            ),
        )

    def leaderboard(self, results: Sequence[Result]) -> str:
        rows = [
            [
                self.messages.text("rank-not-eligible") if s.rank is None
                else self.messages.number(s.rank),
                self.user(s.wiki, s.participant),
                self.messages.number(s.accepted),
                self.messages.number(s.points),
            ]
            for s in standings(results, self.ranking)
        ]
        columns = ["column-rank", "column-participant", "column-accepted", "column-points"]
        return self.titled_table("caption-leaderboard", columns, rows)

    def entries(self, results: Sequence[Result]) -> str:
        keyed = []
        for result in results:
            entry = result.entry
            row = [
                escape(entry.wiki),
                self.article(result),
                self.user(entry.wiki, entry.participant),
                self.messages.text(f"status-{result.status.value}"),
                self.reasons(result),
                self.messages.number(result.points),
            ]
            key = (
                entry.wiki,
                entry.title.casefold(),
                entry.title,
                entry.participant.casefold(),
                entry.participant,
            )
            keyed.append((key, row))
        # The row itself breaks remaining ties, so equal keys still sort the same way.
        rows = [row for _, row in sorted(keyed)]
        columns = [
            "column-wiki",
            "column-article",
            "column-participant",
            "column-status",
            "column-reasons",
            "column-points",
        ]
        return self.titled_table("caption-entries", columns, rows)

    def review(self, items: Sequence[ReviewItem]) -> str:
        keyed = []
        for item in items:
            source = item.source
            prefix = self.prefix(source.wiki)
            revision = (
                link(prefix, f"Special:PermanentLink/{source.revision}", str(source.revision))
                if source.revision is not None
                else ""
            )
            row = [
                link(prefix, source.page, source.page),
                "" if source.line is None else str(source.line),
                revision,
                code(item.text),
                plain(item.reason),
            ]
            key = (
                source.wiki,
                source.page.casefold(),
                source.page,
                source.line or 0,
                source.revision or 0,
            )
            keyed.append((key, row))
        rows = [row for _, row in sorted(keyed)]
        columns = ["column-page", "column-line", "column-revision", "column-text", "column-reason"]
        return self.titled_table("caption-review", columns, rows)

    def titled_table(self, caption: str, columns: list[str], rows: list[list[str]]) -> str:
        text = self.messages.text
        return table(text(caption), [text(c) for c in columns], rows)

    def prefix(self, wiki: str) -> str:
        if wiki not in self.link_prefix:
            raise ValueError(f"no interwiki prefix for wiki {wiki!r}")
        return self.link_prefix[wiki]

    def user(self, wiki: str, name: str) -> str:
        # "User:" is the canonical namespace name, understood by every wiki.
        return link(self.prefix(wiki), f"User:{name}", name)

    def article(self, result: Result) -> str:
        entry, facts = result.entry, result.facts
        prefix = self.prefix(entry.wiki)
        if facts is not None and facts.moved and facts.title != entry.title:
            new = link(prefix, facts.title, facts.title)
            return self.messages.text("entry-moved", old=plain(entry.title), new=new)
        return link(prefix, entry.title, entry.title)

    def reasons(self, result: Result) -> str:
        if result.status is Status.ACCEPTED:
            return ""
        reasons = [self.messages.text("reason-no-facts")] if result.facts is None else []
        reasons.extend(self.failed_check(c) for c in result.failed)
        return self.messages.text("reason-separator").join(reasons)

    def failed_check(self, check: Check) -> str:
        key = f"check-{check.rule}"
        if check.actual == _UNKNOWN and self.messages.has(f"{key}-unknown"):
            key = f"{key}-unknown"
        elif not self.messages.has(key):
            key = "check-other"
        count = Decimal(check.actual) if _NUMBER.fullmatch(check.actual) else None
        return self.messages.text(
            key,
            count=count,
            rule=plain(check.rule),
            expected=self.evidence(check.expected),
            actual=self.evidence(check.actual),
        )

    def evidence(self, value: str) -> str:
        if _NUMBER.fullmatch(value):
            return self.messages.number(Decimal(value))
        if window := _WINDOW.fullmatch(value):
            start, end = (datetime.fromisoformat(window[i]) for i in (1, 2))
            # The interval's end is exclusive; readers expect the last minute that counts.
            last = end - timedelta(minutes=1)
            return f"{_utc_minute(start)} \u2013 {_utc_minute(last)}"  # en dash
        if _MOMENT.fullmatch(value):
            return _utc_minute(datetime.fromisoformat(value))
        return plain(value)
