"""Judging one wiki's entries: facts, then the claim checks, the rules and the points."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import pywikibot

from bot.config import ContestConfig
from bot.facts.pages import FactsRequest, edits_in_window, fetch_facts
from bot.model import Entry, PageFacts, Result, ReviewItem, SourceKind
from bot.rules.checks import Context, evaluate
from bot.rules.claims import competing, first_claims_win, talk_participant_problem
from bot.scoring import points_for, status_of
from bot.titles import NS_CATEGORY, NS_FILE, WikiNames

# When a talk-page declaration was made, read from the talk page's history only when
# its claim competes with another one.
ClaimTime = Callable[[Entry], datetime | None]


@dataclass(frozen=True, slots=True)
class Judged:
    results: list[Result]
    review: list[ReviewItem]


def judge_wiki(
    config: ContestConfig,
    key: str,
    site: pywikibot.site.APISite,
    names: WikiNames,
    entries: Sequence[Entry],
    claim_time: ClaimTime,
) -> Judged:
    """Raises ``WikiReadError`` when the wiki cannot be read: nothing partial is judged."""
    if not entries:
        return Judged([], [])
    wiki = config.wikis[key]
    rules, points = config.rules_for(key), config.points_for(key)
    start, end = config.window.start_utc, config.window.end_utc
    hidden = frozenset(n for n, ns in names.namespaces.items() if ns in (NS_FILE, NS_CATEGORY))
    facts = fetch_facts(site, FactsRequest(
        titles=[e.title for e in entries],
        participants=[e.participant for e in entries],
        window_start=start,
        window_end=end,
        need_words=rules.min_words is not None,
        disambiguation_templates=wiki.disambiguation_templates,
        hidden_prefixes=hidden,
    ))
    found = {e.title: facts.get(e.title) or PageFacts(e.title, exists=False, title=e.title)
             for e in entries}

    talk = [e for e in entries if e.kind is SourceKind.TALK_TEMPLATE]
    doubtful = {e.participant for e in talk if found[e.title].creator != e.participant}
    edited = (edits_in_window(site, doubtful, start, end)
              if doubtful and wiki.talk_participant == "created_or_edited" else set())

    context = Context(rules, start, end)
    results: list[Result] = []
    review: list[ReviewItem] = []
    for entry in entries:
        page = found[entry.title]
        if entry.kind is SourceKind.TALK_TEMPLATE:
            problem = talk_participant_problem(entry, page, edited, wiki.talk_participant)
            if problem:
                review.append(ReviewItem(entry.source, entry.text, problem))
                continue
        checks = evaluate(entry, page, context)
        status = status_of(checks)
        results.append(Result(entry, page, checks, status, points_for(status, page, points)))
    return Judged(first_claims_win(_with_claim_times(results, claim_time)), review)


def _with_claim_times(results: list[Result], claim_time: ClaimTime) -> list[Result]:
    """Competing talk-page claims learn when they were made; others need not."""
    timed: dict[int, Result] = {}
    for group in competing(results):
        for result in group:
            if result.entry.claimed_at is None:
                entry = replace(result.entry, claimed_at=claim_time(result.entry))
                timed[id(result)] = replace(result, entry=entry)
    return [timed.get(id(r), r) for r in results]
