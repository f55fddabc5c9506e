"""Judging one wiki's entries: facts, then the claim checks, the rules, the jury and the points."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pywikibot

from bot.config import ContestConfig, Scoring, TalkTemplateSource
from bot.facts.changes import Changes
from bot.facts.pages import FactsRequest, KnownFacts, WikiFacts, fetch_facts
from bot.model import (
    Entry,
    JuryMark,
    JuryOutcome,
    PageFacts,
    PointsPart,
    Result,
    ReviewItem,
    SourceKind,
    Status,
    TopicItems,
    UserFacts,
)
from bot.rules.checks import Context, Subject, is_expanded
from bot.rules.claims import competing, first_claims_win, talk_participant_problem
from bot.rules.engine import evaluate, passed
from bot.rules.jury import jury_points, match_marks, outcome, status_with
from bot.rules.schema import PointsNode, RuleNode, leaves, measures_used
from bot.scoring import cap_per_participant, points_of, total_of
from bot.titles import NS_CATEGORY, NS_FILE, WikiNames, parse_title

# When a talk-page declaration was made, read from the talk page's history only when
# its claim competes with another one, or a declaration deadline has passed.
ClaimTime = Callable[[Entry], datetime | None]


@dataclass(frozen=True, slots=True)
class Judged:
    results: list[Result]
    review: list[ReviewItem]
    users: dict[str, UserFacts] = field(default_factory=dict)  # the accounts read anew
    content_fetches: int = 0


@dataclass(frozen=True, slots=True)
class Known:
    """What earlier runs read of a wiki, and what changed there since (``bot.incremental``).

    With ``changes`` None every entry's facts are read again (``results`` still spare the
    requests for what cannot have changed: ``KnownFacts``).
    """

    results: Sequence[Result] = ()  # the wiki's stored results
    accounts: Mapping[str, UserFacts] = field(default_factory=dict)
    changes: Changes | None = None


def judge_wiki(
    config: ContestConfig,
    key: str,
    site: pywikibot.site.APISite,
    names: WikiNames,
    entries: Sequence[Entry],
    claim_time: ClaimTime,
    topic_lists: Mapping[str, TopicItems],
    now: datetime,
    *,
    marks: Sequence[JuryMark] = (),
    known: Known = Known(),
) -> Judged:
    """The wiki's entries judged by the rules, then by the jury's ``marks``.

    Facts are read for the entries whose pages changed since the last run, and for new
    entries (``known``); the others keep their stored facts. Every entry is judged again:
    rules are cheap, and some depend on the time (a deadline passing).

    Raises ``WikiReadError`` when the wiki cannot be read: nothing partial is judged.
    A mark for no entry goes to review; it never stops the others.
    """
    if not entries:
        return Judged([], match_marks(marks, [])[1])
    wiki = config.wikis[key]
    tree, scoring = config.rules_for(key), config.points_for(key)
    ctx = judging_context(config, key, names, topic_lists, now)
    facts = _facts(config, key, site, names, entries, ctx, known)
    found = {e.title: facts.pages.get(e.title) or PageFacts(e.title, exists=False, title=e.title)
             for e in entries}
    entries = _with_deadline_times(entries, config.trees_for(key), claim_time)
    marked, review = match_marks(marks, [(e, found[e.title]) for e in entries])

    results: list[Result] = []
    for entry, own in zip(entries, marked, strict=True):
        page = found[entry.title]
        work = facts.work.get((entry.participant, page.page_id or 0))
        if entry.kind is SourceKind.TALK_TEMPLATE and (item := talk_participant_problem(
                entry, page, facts.work.keys(), wiki.talk_participant)) is not None:
            review.append(item)
            continue
        subject = Subject(entry, page, work, facts.users.get(entry.participant))
        results.append(_judged(tree, scoring, subject, ctx, outcome(own, config.jury)))
    unique = first_claims_win(_with_claim_times(results, claim_time))
    read_users = {name: user for name, user in facts.users.items()
                  if known.accounts.get(name) != user}
    return Judged(cap_per_participant(unique, scoring.max_per_participant), review,
                  read_users, facts.content_fetches)


def _facts(
    config: ContestConfig, key: str, site: pywikibot.site.APISite, names: WikiNames,
    entries: Sequence[Entry], ctx: Context, known: Known,
) -> WikiFacts:
    """The stored facts of the entries whose pages did not change, read ones for the rest."""
    stored = {(r.entry.title, r.entry.participant): r for r in known.results
              if r.facts is not None}
    fresh = [e for e in entries
             if needs_reading(e, stored.get((e.title, e.participant)), known.changes)]
    read = WikiFacts({}, {}, {})
    if fresh:
        request = facts_request(config, key, names, fresh, ctx)
        read = fetch_facts(site, request, KnownFacts.of(
            (r.facts for r in known.results if r.facts is not None), known.accounts))
    # Work is per participant: a participant read again brings all of it.
    again = {e.participant for e in fresh}
    work = {(r.entry.participant, r.facts.page_id): r.work for r in stored.values()
            if r.work is not None and r.facts is not None and r.facts.page_id is not None
            and r.entry.participant not in again}
    pages = {title: r.facts for (title, _), r in stored.items() if r.facts is not None}
    return WikiFacts(pages={**pages, **read.pages}, work={**work, **read.work},
                     users={**known.accounts, **read.users},
                     content_fetches=read.content_fetches)


def needs_reading(entry: Entry, stored: Result | None, changes: Changes | None) -> bool:
    """Whether an entry's facts must be read: it is new, or its page changed since."""
    if changes is None or stored is None or stored.facts is None:
        return True
    page = stored.facts
    return (bool({entry.title, page.title, page.redirect_target} & changes.titles)
            or page.page_id in changes.page_ids)


def judging_context(
    config: ContestConfig, key: str, names: WikiNames, topic_lists: Mapping[str, TopicItems],
    now: datetime,
) -> Context:
    """What the wiki's rules compare against: its window, lists, countries, names."""
    wiki, window = config.wikis[key], config.window_for(key)
    return Context(
        window_start=window.start_utc,
        window_end=window.end_utc,
        zone=ZoneInfo(window.timezone),
        now=now,
        topic_lists=topic_lists,
        home_countries=config.home_countries_for(key),
        excluded=frozenset((*config.excluded_participants, *wiki.excluded_participants)),
        title_key=lambda text: title.text if (title := parse_title(text, names)) else text,
    )


def _judged(
    tree: RuleNode, scoring: Scoring, subject: Subject, ctx: Context, jury: JuryOutcome | None
) -> Result:
    """Every rule's check, always; the status is the jury's where it decided. An entry the
    jury accepts scores the jury's points, or the formula's when it gave none (also when
    the rules rejected the entry)."""
    checks = evaluate(tree, subject, ctx)
    status = status_with(jury, Status.ACCEPTED if passed(checks) else Status.REJECTED)
    score: tuple[PointsPart, ...] = ()
    if status is Status.ACCEPTED:
        given = jury_points(jury)
        score = (given,) if given is not None else points_of(scoring, subject, ctx)
    page = subject.page
    return Result(subject.entry, page, checks, status, total_of(score), score=score,
                  work=subject.work, expansion=page.exists and is_expanded(page, ctx),
                  newcomer=_newcomer(subject.user, ctx.window_start), jury=jury)


def _newcomer(user: UserFacts | None, window_start: datetime) -> bool | None:
    """Registered since the window started; an account older than registration records
    (registered None) is not new; None when the wiki does not know the account."""
    if user is None or not user.exists:
        return None
    return user.registered is not None and user.registered >= window_start


def facts_request(
    config: ContestConfig, key: str, names: WikiNames, entries: Sequence[Entry], ctx: Context
) -> FactsRequest:
    """Only the facts the wiki's rules and points look at."""
    wiki = config.wikis[key]
    trees = config.trees_for(key)
    used = [leaf for tree in trees for leaf in leaves(tree)]
    rules = {leaf.rule for leaf in used}
    measures = measures_used(trees)
    edit_limits = [leaf.value for leaf in used if leaf.rule == "fewer_edits_before_start"]
    templates, categories = config.asked_titles(key)
    talk_claims = (wiki.talk_participant == "created_or_edited"
                   and any(isinstance(s, TalkTemplateSource) for s in wiki.sources))
    return FactsRequest(
        titles=[e.title for e in entries],
        participants=[e.participant for e in entries],
        claims=[(e.title, e.participant) for e in entries],
        window_start=ctx.window_start,
        window_end=ctx.window_end,
        need_content=bool(measures & {"words", "chars", "references"}),
        need_added_content=bool(measures & {"added_words", "added_chars"}),
        need_size_before="max_bytes_before" in rules,
        disambiguation_templates=_local(wiki.disambiguation_templates, ctx),
        templates=_local(templates, ctx),
        categories=_local(categories, ctx),
        # The participants' first edits in the window show a page's size before it.
        all_edits=(talk_claims or "max_bytes_before" in rules
                   or bool(measures & {"added_bytes", "added_words", "added_chars"})),
        need_users=True,  # every result says whether its participant is a newcomer
        edits_before_limit=max(edit_limits) if edit_limits else None,
        hidden_prefixes=frozenset(n for n, ns in names.namespaces.items()
                                  if ns in (NS_FILE, NS_CATEGORY)),
        chars_per_word=wiki.chars_per_word,
        reference_templates=frozenset(
            title.base if (title := parse_title(name, names)) else name
            for name in wiki.reference_templates),
    )


def _local(titles: Iterable[str], ctx: Context) -> list[str]:
    return sorted({ctx.title_key(title) for title in titles})


def _with_deadline_times(
    entries: Sequence[Entry], trees: list[RuleNode | PointsNode | None], claim_time: ClaimTime,
) -> Sequence[Entry]:
    """Where a declaration deadline applies, every declaration needs its time.

    Read as soon as an entry is first seen (later runs reuse the stored time), so that an
    edit to the declaration after the deadline, by a juror say, cannot move it.
    """
    if not any(leaf.rule == "declared_within_days"
               for tree in trees for leaf in leaves(tree)):
        return entries
    return [e if e.claimed_at is not None else replace(e, claimed_at=claim_time(e))
            for e in entries]


def _with_claim_times(results: list[Result], claim_time: ClaimTime) -> list[Result]:
    """Competing talk-page claims learn when they were made; others need not."""
    timed: dict[int, Result] = {}
    for group in competing(results):
        for result in group:
            if result.entry.claimed_at is None:
                entry = replace(result.entry, claimed_at=claim_time(result.entry))
                timed[id(result)] = replace(result, entry=entry)
    return [timed.get(id(r), r) for r in results]
