"""What a run reads again on each wiki, and what it takes from the store instead.

Each run first asks every wiki for its recent changes since the wiki's checkpoint
(``bot.facts.changes``). A wiki whose changes are known keeps, from the last run:
- its declarations, unless a declaring page changed (or a page in a namespace where new
  ones appear: talk pages for talk-page templates, user pages for subpages, templates and
  categories that find them);
- its jury's marks (from the jury log), unless its jury page changed;
- the facts of every entry whose page did not change (``bot.judging.needs_reading``);
- its published pages unread, when the bot would write what it wrote and nobody else
  edited them.
A changed definition reads everything again and forgets what earlier facts were read for.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from math import ceil

import pywikibot

from bot.config import (
    ContestConfig,
    SubmissionPageSource,
    TalkTemplateSource,
    UserSubpagesSource,
    WikiConfig,
)
from bot.facts.api import BATCH, WikiReadError
from bot.facts.changes import Changes, needs_full_read, recent_changes, wiki_time
from bot.logs import wiki_context
from bot.model import Entry, ReviewItem
from bot.rules.claims import CLAIM_PROBLEMS
from bot.rules.jury import NO_ENTRY_PROBLEMS
from bot.sources.jury_page import JuryRead
from bot.store import Checkpoint, ContestState, Store, WikiState
from bot.titles import NS_CATEGORY, NS_TEMPLATE, NS_USER, WikiNames, parse_title

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WikiPlan:
    """How a run reads one wiki: ``changes`` None means everything."""

    checkpoint: Checkpoint  # to store when the run succeeds on the wiki
    names: WikiNames
    changes: Changes | None = None
    # Whether facts read for the last definition still hold (not after it changed).
    reuse_facts: bool = False

    def untouched(self, titles: Iterable[str], *, by_anyone: bool = True) -> bool:
        """Whether none of these pages (as written in the definition, say) changed since
        the last run, by anyone or by others than the bot; never on a full read."""
        if self.changes is None:
            return False
        changed = self.changes.titles if by_anyone else self.changes.by_others
        return changed.isdisjoint(
            title.text if (title := parse_title(raw, self.names)) else raw for raw in titles)


def definition_key(config: ContestConfig) -> str:
    """A digest of the whole definition: facts are read for what it asks."""
    return hashlib.sha256(config.model_dump_json().encode()).hexdigest()


def plan_wikis(
    config: ContestConfig,
    sites: Mapping[str, pywikibot.site.APISite],
    names: Mapping[str, WikiNames],
    before: ContestState,
    now: datetime,
) -> dict[str, WikiPlan]:
    """Each reachable wiki's plan; a wiki whose changes cannot be read is read in full."""
    key_now = definition_key(config)
    states = {state.wiki: state for state in before.wikis}
    entries: dict[str, int] = {}
    for result in before.results:
        entries[result.entry.wiki] = entries.get(result.entry.wiki, 0) + 1
    plans: dict[str, WikiPlan] = {}
    for key, site in sites.items():
        with wiki_context(key):
            try:
                plans[key] = _plan(site, names[key], states.get(key), key_now, now,
                                   entries.get(key, 0))
            except WikiReadError as exc:
                log.warning("recent changes could not be read, reading everything: %s", exc)
                plans[key] = WikiPlan(Checkpoint(None, key_now, None), names[key])
            changes = plans[key].changes
            log.info("%s", "full read" if changes is None
                     else f"{len(changes.pages)} pages changed")
    return plans


def _plan(
    site: pywikibot.site.APISite, names: WikiNames, state: WikiState | None, key_now: str,
    now: datetime, entries: int,
) -> WikiPlan:
    checkpoint = state.checkpoint if state else Checkpoint()
    full = WikiPlan(Checkpoint(None, key_now, now), names,
                    reuse_facts=checkpoint.facts_key == key_now)
    if state is None or needs_full_read(checkpoint.changes_until, checkpoint.full_read_at,
                                        checkpoint.facts_key == key_now,
                                        state.error is not None, now):
        return replace(full, checkpoint=replace(full.checkpoint, changes_until=wiki_time(site)))
    assert checkpoint.changes_until is not None  # needs_full_read otherwise
    # Reading the changes must cost less than reading every entry's facts again.
    changes = recent_changes(site, checkpoint.changes_until, site.username(),
                             max_requests=2 + ceil(entries / BATCH))
    if changes is None:
        return replace(full, checkpoint=replace(full.checkpoint, changes_until=wiki_time(site)))
    return WikiPlan(Checkpoint(changes.until, key_now, checkpoint.full_read_at), names,
                    changes, reuse_facts=True)


def stored_declarations(
    wiki: WikiConfig, key: str, plan: WikiPlan | None, before: ContestState
) -> tuple[list[Entry], list[ReviewItem]] | None:
    """The declarations read from ``key`` by the last run, when none of its declaring pages
    changed since; None when they must be read again.

    Also None while an entry of the wiki is in review instead of the results (a talk-page
    claim by someone who may not make it): the results alone do not hold it.
    """
    if plan is None or plan.changes is None:
        return None
    entries = [r.entry for r in before.results if r.entry.source.wiki == key]
    review = [i for i in before.review if i.source.wiki == key]
    if any(i.problem in CLAIM_PROBLEMS for i in review):
        return None
    pages = {e.source.page for e in entries} | {i.source.page for i in review} | {
        s.page for s in wiki.sources if isinstance(s, SubmissionPageSource)}
    if not plan.untouched(pages) or any(map(_may_declare(wiki), plan.changes.namespaces)):
        return None
    jury_page = wiki.jury.page if wiki.jury else None
    return entries, [i for i in review
                     if i.source.page != jury_page and not i.problem.startswith("jury-")]


def _may_declare(wiki: WikiConfig) -> Callable[[int], bool]:
    """Whether a change in a namespace may add a declaring page no stored entry names:
    a talk page (the odd namespaces) that now carries the template, a user subpage, or a
    template or category that finds them."""
    talk = any(isinstance(s, TalkTemplateSource) for s in wiki.sources)
    subpages = any(isinstance(s, UserSubpagesSource) for s in wiki.sources)

    def may_declare(namespace: int) -> bool:
        return ((talk and namespace % 2 == 1)
                or (subpages and namespace in (NS_USER, NS_CATEGORY))
                or ((talk or subpages) and namespace == NS_TEMPLATE))

    return may_declare


def stored_jury(
    wiki: WikiConfig, key: str, plan: WikiPlan | None, before: ContestState, store: Store,
    contest: str,
) -> JuryRead | None:
    """The jury's marks and the jury page's problems as the last run read them, when the
    jury page did not change since; None when it must be read again."""
    if wiki.jury is None or plan is None or not plan.untouched([wiki.jury.page]):
        return None
    marks = tuple(record.mark for record in store.jury_log(contest)
                  if record.mark.wiki == key and record.withdrawn_at is None)
    review = tuple(i for i in before.review
                   if i.source.wiki == key and i.problem.startswith("jury-")
                   and i.problem not in NO_ENTRY_PROBLEMS)
    return JuryRead(marks, review)
