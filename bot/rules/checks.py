"""One small function per rule; each returns a ``Check`` saying what was expected and found.

Evidence values are plain strings readable in exports: numbers as digits, times as
ISO 8601 UTC, the window as an ISO interval ``start/end`` (end exclusive).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.config import Rules
from bot.model import Check, Entry, PageFacts
from bot.times import iso


@dataclass(frozen=True, slots=True)
class Context:
    rules: Rules
    window_start: datetime
    window_end: datetime  # exclusive


def exists(entry: Entry, facts: PageFacts, ctx: Context) -> Check | None:
    return Check("exists", "page exists", "page exists" if facts.exists else "no such page",
                 facts.exists)


def not_redirect(entry: Entry, facts: PageFacts, ctx: Context) -> Check | None:
    if not ctx.rules.not_redirect:
        return None
    # A redirect left by a move was followed: the moved article is judged, not the redirect.
    if facts.redirect_target is None or facts.moved:
        return Check("not_redirect", "not a redirect", "not a redirect", True)
    # The target is the evidence: it tells the participant which article to declare.
    return Check("not_redirect", "not a redirect", facts.redirect_target, False)


def namespace(entry: Entry, facts: PageFacts, ctx: Context) -> Check | None:
    allowed = ctx.rules.namespaces
    return Check("namespace", ",".join(map(str, allowed)), str(facts.namespace),
                 facts.namespace in allowed)


def not_disambiguation(entry: Entry, facts: PageFacts, ctx: Context) -> Check | None:
    if not ctx.rules.not_disambiguation:
        return None
    actual = "disambiguation page" if facts.is_disambiguation else "not a disambiguation page"
    return Check("not_disambiguation", "not a disambiguation page", actual,
                 not facts.is_disambiguation)


def created_in_window(entry: Entry, facts: PageFacts, ctx: Context) -> Check | None:
    if not ctx.rules.created_in_window:
        return None
    expected = f"{iso(ctx.window_start)}/{iso(ctx.window_end)}"
    if facts.created_at is None:
        return Check("created_in_window", expected, "unknown", False)
    inside = ctx.window_start <= facts.created_at < ctx.window_end
    return Check("created_in_window", expected, iso(facts.created_at), inside)


def created_by_participant(entry: Entry, facts: PageFacts, ctx: Context) -> Check | None:
    if not ctx.rules.created_by_participant:
        return None
    creator = facts.creator or "unknown"
    return Check("created_by_participant", entry.participant, creator,
                 facts.creator == entry.participant)


def min_bytes(entry: Entry, facts: PageFacts, ctx: Context) -> Check | None:
    if ctx.rules.min_bytes is None:
        return None
    size = facts.length or 0
    return Check("min_bytes", str(ctx.rules.min_bytes), str(size), size >= ctx.rules.min_bytes)


def min_words(entry: Entry, facts: PageFacts, ctx: Context) -> Check | None:
    if ctx.rules.min_words is None:
        return None
    words = facts.words
    if words is None:
        return Check("min_words", str(ctx.rules.min_words), "unknown", False)
    return Check("min_words", str(ctx.rules.min_words), str(words), words >= ctx.rules.min_words)


Rule = Callable[[Entry, PageFacts, Context], Check | None]

# ``exists`` and ``not_redirect`` decide whether there is an article to judge at all;
# the others only make sense for one.
GATES: tuple[Rule, ...] = (exists, not_redirect)
ARTICLE_RULES: tuple[Rule, ...] = (
    namespace,
    not_disambiguation,
    created_in_window,
    created_by_participant,
    min_bytes,
    min_words,
)


def evaluate(entry: Entry, facts: PageFacts, ctx: Context) -> tuple[Check, ...]:
    """Every applicable rule's verdict; all must pass for the entry to count."""
    checks: list[Check] = []
    for rule in GATES:
        check = rule(entry, facts, ctx)
        if check is None:
            continue
        checks.append(check)
        if not check.passed:
            return tuple(checks)
    checks.extend(c for rule in ARTICLE_RULES if (c := rule(entry, facts, ctx)) is not None)
    return tuple(checks)
