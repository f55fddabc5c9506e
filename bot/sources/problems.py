"""What is wrong with a declaration: a message key and its values, located as a review item."""

from __future__ import annotations

from dataclasses import dataclass

from bot.model import Location, ReviewItem


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong: the message key without its "problem-" prefix
    (``bot.reports.messages``) and the message's placeholders as plain text."""

    key: str
    params: tuple[tuple[str, str], ...] = ()

    def at(self, source: Location, text: str) -> ReviewItem:
        return ReviewItem(source, text, self.key, self.params)


def problem(key: str, **params: str) -> Problem:
    return Problem(key, tuple(params.items()))
