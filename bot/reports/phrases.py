"""How a results page words one entry: its links, numbers, status, failed rules and jury.

Every text comes from the page's messages; every value from wiki users (titles, names,
reasons, evidence) goes through ``wikitext``, so it is shown and never interpreted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bot.model import Check, JuryDecision, JuryMark, MarkKind, Result, Status
from bot.reports.messages import Messages, Number
from bot.reports.wikitext import cell, link, plain
from bot.rules.checks import UNKNOWN

# Evidence values of checks (see bot.rules.checks): digits, ISO 8601 UTC times and
# ``start/end`` windows are shown in the page's language; anything else as written.
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_TIME = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"
_MOMENT = re.compile(_TIME)
_WINDOW = re.compile(f"({_TIME})/({_TIME})")


def utc_minute(moment: datetime) -> str:
    """A moment as readers everywhere understand it; naive times are taken as UTC."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def sort_value(value: Number) -> str:
    """A number for ``data-sort-value`` that every wiki's table sorter reads alike.

    The sorter maps the page language's separators before parsing, so on a German wiki
    "4.5" would read as 45; a mantissa and an exponent ("45E-1") hold no separator.
    """
    sign, digits, exponent = Decimal(value).normalize().as_tuple()
    if not isinstance(exponent, int):
        raise ValueError(f"not a finite number: {value}")
    mantissa = ("-" if sign and any(digits) else "") + "".join(map(str, digits))
    return mantissa + ("0" * exponent if exponent >= 0 else f"E{exponent}")


class Phrases:
    """The words and cells for entries, in one language, linking across the contest wikis.

    ``link_prefix`` maps each contest wiki key to the interwiki prefix that reaches it
    from the wiki the page is published on ("" for that wiki itself).
    """

    def __init__(self, messages: Messages, link_prefix: Mapping[str, str]) -> None:
        self.messages = messages
        self.link_prefix = link_prefix

    def text(self, key: str, /, *, count: Number | None = None, **params: str) -> str:
        return self.messages.text(key, count=count, **params)

    def number(self, value: Number) -> str:
        """A number as a cell that sorts numerically whatever its separators."""
        shown = self.messages.number(value)
        key = sort_value(value)
        return cell(shown, sort=None if shown == key else key)

    def listing(self, items: Sequence[str]) -> str:
        return self.text("list-separator").join(items)

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
            return self.text("entry-moved", old=plain(entry.title), new=new)
        return link(prefix, entry.title, entry.title)

    def kind(self, result: Result) -> str:
        """New or expanded; nothing for a page that is not there to be either."""
        if result.facts is None or not result.facts.exists:
            return ""
        return self.text("kind-expanded" if result.expansion else "kind-new")

    # --- status -------------------------------------------------------------------

    def status(self, result: Result) -> str:
        """The verdict in words; a jury decision names itself and replaces the rules'."""
        jury = result.jury
        decision = jury.decision if jury is not None else None
        if result.status is Status.REVIEW:
            return self.text("status-review")
        if result.status is Status.ACCEPTED:
            if decision is not JuryDecision.ACCEPTED:
                return self.text("status-accepted")
            if result.automatic_status is Status.REJECTED and (reasons := self.reasons(result)):
                return self.text("status-jury-accepted-over-rules", reasons=reasons)
            return self.text("status-jury-accepted")
        if jury is not None and decision is JuryDecision.REJECTED:
            given = dict.fromkeys(plain(m.reason) for m in sorted(jury.verdicts, key=_by_juror)
                                  if m.kind is MarkKind.REJECT and m.reason)
            if given:
                return self.text("status-jury-rejected", reason=self.listing(list(given)))
            return self.text("status-jury-rejected-no-reason")
        if reasons := self.reasons(result):
            return self.text("status-rejected-because", reasons=reasons)
        return self.text("status-rejected")

    def reasons(self, result: Result) -> str:
        """Why the rules reject the entry: its decisive failures, grouped as the rule tree
        groups them, so that the parts of a failed ``any`` read as alternatives."""
        if result.facts is None:
            return self.text("reason-no-facts")
        failed = result.failed
        gates = [self.failed_check(c) for c in failed if c.path == ""]
        nested = [c for c in failed if c.path != ""]
        groups = {c.path: c for c in result.checks if c.rule in ("all", "any")}
        phrases = gates + (self._grouped("", nested, groups) if nested else [])
        return self.text("reason-separator").join(phrases)

    def _grouped(self, path: str, failed: list[Check], groups: Mapping[str, Check]) -> list[str]:
        """The phrases for the failed leaves below the ``all``/``any`` node at ``path``."""
        by_part: dict[str, list[Check]] = {}
        for check in failed:
            step = (check.path[len(path) + 1:] if path else check.path).split(".")[0]
            by_part.setdefault(f"{path}.{step}" if path else step, []).append(check)
        # A part is a leaf (or a node failing by itself) when its own check is listed.
        parts = [
            [self.failed_check(c) for c in checks] if checks[0].path == part
            else self._grouped(part, checks, groups)
            for part, checks in by_part.items()
        ]
        node = groups.get(path)
        if node is not None and node.rule == "any" and len(parts) > 1:
            alternatives = [self.text("reason-and").join(p) for p in parts]
            return [self.text("reason-any", alternatives=self.text("reason-or").join(alternatives))]
        return [phrase for part in parts for phrase in part]

    def failed_check(self, check: Check) -> str:
        key = f"check-{check.rule}"
        if check.actual == UNKNOWN and self.messages.has(f"{key}-unknown"):
            key = f"{key}-unknown"
        elif not self.messages.has(key):
            key = "check-other"
        count = Decimal(check.actual) if _NUMBER.fullmatch(check.actual) else None
        return self.text(
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
            return f"{utc_minute(start)} \u2013 {utc_minute(last)}"  # en dash
        if _MOMENT.fullmatch(value):
            return utc_minute(datetime.fromisoformat(value))
        return plain(value)

    # --- jury ---------------------------------------------------------------------

    def jury(self, result: Result, marks_needed: int) -> str:
        """The jurors' marks: what they decided, who rejected and why, their comments."""
        jury = result.jury
        if jury is None:
            return ""
        verdicts = sorted(jury.verdicts, key=_by_juror)
        accepting = [m for m in verdicts if m.accepts]
        rejecting = [m for m in verdicts if m.kind is MarkKind.REJECT]
        phrases = []
        if jury.decision is JuryDecision.PENDING:
            phrases.append(self.text("jury-pending", count=marks_needed,
                                     marks=self.messages.number(len(verdicts))))
        elif jury.decision is JuryDecision.NO_CONSENSUS:
            phrases.append(self.text(
                "jury-disagree", accepts=self.text("jury-accepts", count=len(accepting)),
                rejects=self.text("jury-rejects", count=len(rejecting))))
        if jury.decision is JuryDecision.ACCEPTED and jury.points is not None:
            phrases.append(self._points(jury.points, [m for m in accepting
                                                       if m.kind is MarkKind.POINTS]))
        elif accepting:
            names = [plain(m.juror) for m in accepting]
            phrases.append(self.text("jury-accepted", jurors=self.listing(names)))
        phrases.extend(
            self.text("jury-rejected-by", juror=plain(m.juror), reason=plain(m.reason))
            if m.reason else self.text("jury-rejected-by-no-reason", juror=plain(m.juror))
            for m in rejecting
        )
        comments = sorted((m for m in jury.marks if m.kind is MarkKind.COMMENT),
                          key=lambda m: (m.marked_at, *_by_juror(m), m.reason))
        phrases.extend(self.text("jury-comment", juror=plain(m.juror), text=plain(m.reason))
                       for m in comments)
        return self.text("reason-separator").join(phrases)

    def _points(self, points: Decimal, marks: list[JuryMark]) -> str:
        if len(marks) == 1:
            return self.text("jury-points-by", count=points, juror=plain(marks[0].juror))
        return self.text("jury-points", count=points,
                         marks=self.text("jury-marks", count=len(marks)))


def _by_juror(mark: JuryMark) -> tuple[str, str]:
    return mark.juror.casefold(), mark.juror
