"""One update of a contest: declarations → facts → rules → scores → store → results page.

A wiki that cannot be read is never taken as empty: its last good data is kept, marked
stale, and the run reports it. Declarations from a page that could not be read are the
ones stored from the last good read.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import pywikibot

from bot.config import ContestConfig
from bot.facts.api import READ_ERRORS, WikiReadError
from bot.facts.pages import page_ids
from bot.facts.siteinfo import linked, wiki_names
from bot.facts.topic_lists import load_topic_lists
from bot.incremental import WikiPlan, plan_wikis, stored_declarations, stored_jury
from bot.judging import ClaimTime, Known, judge_wiki
from bot.model import Entry, JuryMark, Result, ReviewItem, Status, UserFacts
from bot.progress import progress
from bot.publishing.results import Publishing, publish_results
from bot.sources.collect import Collected, collect
from bot.sources.history import Revision, first_showing, revisions_after
from bot.sources.jury_page import read_jury
from bot.store import ContestState, Store, WikiState
from bot.titles import WikiNames

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RunSummary:
    entries: int
    accepted: int
    review: int
    edits: int
    problems: tuple[str, ...]  # stale wikis and failed writes, in words
    content_fetches: int = 0  # article revisions whose text was read

    @property
    def ok(self) -> bool:
        return not self.problems


def utcnow() -> datetime:
    return datetime.now(UTC)


def run_contest(
    config: ContestConfig,
    store: Store,
    *,
    simulate: bool = False,
    show: Callable[[str], None] = print,
    now: Callable[[], datetime] = utcnow,
) -> RunSummary:
    started = now()
    run_id = None if simulate else store.start_run(config.name, started)
    try:
        summary = _update(config, store, started, simulate=simulate, show=show)
    except Exception as exc:
        # A bug must not leave the run "running" for ever in the operators' view.
        if run_id is not None:
            store.finish_run(run_id, now(), status="failed", entries=0, accepted=0, review=0,
                             edits=0, error=f"{type(exc).__name__}: {exc}")
        raise
    if run_id is not None:
        store.finish_run(
            run_id, now(), status="ok" if summary.ok else "failed", entries=summary.entries,
            accepted=summary.accepted, review=summary.review, edits=summary.edits,
            error="; ".join(summary.problems) or None,
        )
    return summary


def _update(
    config: ContestConfig,
    store: Store,
    started: datetime,
    *,
    simulate: bool,
    show: Callable[[str], None],
) -> RunSummary:
    before = store.load(config.name)
    problems: dict[str, str] = {}
    sites, names = _connect(config, problems)
    # First, before anything is read: a change made during the run is then seen next time.
    plans = plan_wikis(config, sites, names, before, started)

    unchanged = {key: found for key, wiki in config.wikis.items()
                 if (found := stored_declarations(wiki, key, plans.get(key), before))}
    collected = collect(config, sites, names, before, problems, store, remember=not simulate,
                        unchanged=unchanged)
    review = collected.review
    known = _known_claim_times(before)
    claim_time = _claim_time(sites, collected, known)
    results: list[Result] = []
    marks: dict[str, tuple[JuryMark, ...]] = {}
    accounts: dict[str, dict[str, UserFacts]] = {}
    failed_facts: set[str] = set()
    content_fetches = 0
    by_wiki: dict[str, list[Entry]] = defaultdict(list)
    for entry in collected.entries:
        by_wiki[entry.wiki].append(_earliest(entry, known))
    topics = load_topic_lists(config, sites)
    for key in progress(config.wikis, "wikis"):
        try:
            if key not in sites:
                raise WikiReadError(problems[key])
            if missing := topics.unreadable_for(config, key):
                raise WikiReadError(missing)
            plan = plans[key]
            jury = (stored_jury(config.wikis[key], key, plan, before, store, config.name)
                    or read_jury(sites[key], key, config, names[key]))
            judged = judge_wiki(config, key, sites[key], names[key], by_wiki[key],
                                claim_time(key), topics.lists, started, marks=jury.marks,
                                known=_known_facts(config, key, plan, before, store))
            results += judged.results
            review += [*jury.review, *judged.review]
            marks[key] = jury.marks
            accounts[key] = judged.users
            content_fetches += judged.content_fetches
        except WikiReadError as exc:
            log.error("%s: facts could not be read: %s", key, exc)
            problems.setdefault(key, f"facts could not be read: {exc}")
            failed_facts.add(key)
            results += [r for r in before.results if r.entry.wiki == key]

    state = _new_state(config, before, results, review, problems, started)
    if not simulate:
        _save(config, store, state, failed_facts, problems, started, plans)
        for key, verified in marks.items():
            store.record_jury_marks(config.name, key, verified, started)
        for key, users in accounts.items():
            store.save_accounts(config.name, key, users.values())

    edits = 0
    if len(problems) == len(config.wikis):
        log.error("no fresh data from any wiki; the results pages are left as they are")
    else:
        edits = publish_results(Publishing(config, sites, store, edit_summary(before, state),
                                           simulate, show, started, problems,
                                           _untouched(plans)), state)
    return RunSummary(
        entries=len(state.results),
        accepted=sum(r.status is Status.ACCEPTED for r in state.results),
        review=len(state.review),
        edits=edits,
        problems=tuple(f"{k}: {v}" for k, v in sorted(problems.items())),
        content_fetches=content_fetches,
    )


def _known_facts(
    config: ContestConfig, key: str, plan: WikiPlan, before: ContestState, store: Store
) -> Known:
    """What the last run read of the wiki, unless it was read for another definition."""
    if not plan.reuse_facts:
        return Known()
    return Known(results=[r for r in before.results if r.entry.wiki == key],
                 accounts=store.accounts(config.name, key), changes=plan.changes)


def _untouched(plans: Mapping[str, WikiPlan]) -> Callable[[str, str], bool]:
    """Whether nobody but the bot changed a page since the last run."""
    def untouched(wiki: str, title: str) -> bool:
        return wiki in plans and plans[wiki].untouched([title], by_anyone=False)

    return untouched


@dataclass(frozen=True, slots=True)
class Declared:
    entries: list[tuple[Entry, int | None]]  # with the page id, None for missing pages
    review: list[ReviewItem]
    problems: dict[str, str]


def declared_entries(config: ContestConfig, store: Store, wiki: str | None = None) -> Declared:
    """What participants declared, attributed, before any rule runs (``contestbot entries``)."""
    problems: dict[str, str] = {}
    sites, names = _connect(config, problems)
    collected = collect(config, sites, names, store.load(config.name), problems, store,
                        remember=True)
    entries = [e for e in collected.entries if wiki in (None, e.wiki)]
    ids: dict[tuple[str, str], int | None] = {}
    for key in {e.wiki for e in entries} & sites.keys():
        try:
            found = page_ids(sites[key], [e.title for e in entries if e.wiki == key])
        except WikiReadError as exc:
            problems.setdefault(key, f"page ids could not be read: {exc}")
            continue
        ids.update(((key, title), page_id) for title, page_id in found.items())
    review = [i for i in collected.review if wiki in (None, i.source.wiki)]
    return Declared([(e, ids.get((e.wiki, e.title))) for e in entries], review, problems)


def _connect(
    config: ContestConfig, problems: dict[str, str]
) -> tuple[dict[str, pywikibot.site.APISite], dict[str, WikiNames]]:
    """The wikis that answer, with their names; the others are recorded in ``problems``."""
    prefixes = {w.site.code: key for key, w in config.wikis.items()}
    sites: dict[str, pywikibot.site.APISite] = {}
    names: dict[str, WikiNames] = {}
    for key, wiki in config.wikis.items():
        try:  # pywikibot contacts the wiki already when the Site is made
            site = pywikibot.Site(wiki.site.code, wiki.site.family)
            _log_in(site)
            names[key] = wiki_names(site, prefixes)
        except READ_ERRORS as exc:
            log.error("%s: the wiki could not be reached: %s", key, exc)
            problems[key] = f"the wiki could not be reached: {exc}"
            continue
        sites[key] = site
    return sites, linked(names)


def _log_in(site: pywikibot.site.APISite) -> None:
    """Logged in before reading: a bot account (apihighlimits) reads 500 titles, users or
    revisions per request instead of 50. Without an account, or when the login fails, the
    bot reads anonymously (and cannot write)."""
    if not site.username():
        return
    try:
        site.login()  # with the session's cookies from an earlier run, one small request
    except pywikibot.exceptions.Error as exc:
        log.warning("%s: reading without logging in: %s", site, exc)


Claim = tuple[str, str, str, str]  # declaring wiki and page, article, participant


def _claim(entry: Entry) -> Claim:
    return (entry.source.wiki, entry.source.page, entry.title, entry.participant)


def _known_claim_times(before: ContestState) -> dict[Claim, datetime]:
    """The earliest time stored for each claim: an edit to a declaration (a juror's note on
    its line, a changed template parameter) does not make the claim newer."""
    known: dict[Claim, datetime] = {}
    for result in before.results:
        claim, at = _claim(result.entry), result.entry.claimed_at
        if at is not None and (claim not in known or at < known[claim]):
            known[claim] = at
    return known


def _earliest(entry: Entry, known: dict[Claim, datetime]) -> Entry:
    stored = known.get(_claim(entry))
    if stored is not None and (entry.claimed_at is None or stored < entry.claimed_at):
        return replace(entry, claimed_at=stored)
    return entry


def _claim_time(
    sites: dict[str, pywikibot.site.APISite], collected: Collected,
    known: dict[Claim, datetime],
) -> Callable[[str], ClaimTime]:
    """When a talk-page declaration was made: the oldest revision showing the template call.

    Talk-page histories are read only for competing claims and under a declaration
    deadline, each page once per run; a time found by an earlier run for the same claim
    on the same page is reused (the history before it does not change).
    """
    histories: dict[tuple[str, int], list[Revision]] = {}
    def for_wiki(key: str) -> ClaimTime:
        def claim_time(entry: Entry) -> datetime | None:
            if (found := known.get(_claim(entry))) is not None:
                return found
            page = collected.talk_pages.get((key, entry.source.page))
            if page is None:
                return None
            if (key, page.page_id) not in histories:
                histories[(key, page.page_id)] = list(
                    revisions_after(sites[key], page.page_id, None))
            first = first_showing(histories[(key, page.page_id)], entry.text)
            return first.timestamp if first else None

        return claim_time

    return for_wiki


def _new_state(
    config: ContestConfig,
    before: ContestState,
    results: list[Result],
    review: list[ReviewItem],
    problems: dict[str, str],
    now: datetime,
) -> ContestState:
    previous = {w.wiki: w for w in before.wikis}
    wikis = []
    for key in sorted(config.wikis):
        last_good = previous[key].last_success_at if key in previous else None
        wikis.append(WikiState(key, now, last_good if key in problems else now, problems.get(key)))
    return ContestState(
        contest=config.name,
        results=tuple(sorted(results, key=_entry_key)),
        review=tuple(sorted(review, key=_location_key)),
        wikis=tuple(wikis),
    )


def _entry_key(result: Result) -> tuple[str, str, str]:
    return (result.entry.wiki, result.entry.participant, result.entry.title)


def _location_key(item: ReviewItem) -> tuple[str, str, int]:
    return (item.source.wiki, item.source.page, item.source.line or 0)


def _save(
    config: ContestConfig,
    store: Store,
    state: ContestState,
    failed_facts: set[str],
    problems: dict[str, str],
    now: datetime,
    plans: Mapping[str, WikiPlan],
) -> None:
    for key in config.wikis:
        if key in failed_facts:
            store.mark_stale(config.name, key, problems[key], now)
            continue
        plan = plans.get(key)
        if plan is not None and not plan.reuse_facts:
            store.forget_accounts(config.name, key)  # counted for another definition
        store.save_wiki(
            config.name, key,
            [r for r in state.results if r.entry.wiki == key],
            [i for i in state.review if i.source.wiki == key],
            now,
            stale=problems.get(key),
            checkpoint=plan.checkpoint if plan else None,
        )


def edit_summary(before: ContestState, after: ContestState) -> str:
    """What changed, e.g. "33 entries (+3), 20 accepted (+2), 4 to review"."""

    def accepted(state: ContestState) -> int:
        return sum(r.status is Status.ACCEPTED for r in state.results)

    entries, delta = len(after.results), len(after.results) - len(before.results)
    gained = accepted(after) - accepted(before)
    return (f"Contest results: {entries} entries ({delta:+d}), "
            f"{accepted(after)} accepted ({gained:+d}), {len(after.review)} to review")

