"""One update of a contest: declarations → facts → rules → scores → store → results page.

A wiki that cannot be read is never taken as empty: its last good data is kept, marked
stale, and the run reports it. Declarations from a page that could not be read are the
ones stored from the last good read.

Only one process runs a contest at a time (a lock in the database). A stop request
(SIGTERM) ends the run between steps: before reading a wiki, before saving, and before
each page is written — never in the middle of a page or of a wiki's transaction.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

import pywikibot

from bot.config import ContestConfig
from bot.facts.api import READ_ERRORS, WikiReadError
from bot.facts.pages import page_ids
from bot.facts.siteinfo import linked, wiki_names
from bot.facts.topic_lists import load_topic_lists
from bot.incremental import WikiPlan, plan_wikis, stored_declarations, stored_jury
from bot.judging import ClaimTime, Known, judge_wiki
from bot.logs import contest_context, wiki_context
from bot.model import Entry, JuryMark, Result, ReviewItem, Status, UserFacts
from bot.progress import progress
from bot.publishing.guard import WriteGuard
from bot.publishing.results import Publishing, publish_results
from bot.reports.status import DefinitionNote, RequestNote, RunReport
from bot.sources.collect import Collected, collect
from bot.sources.history import Revision, first_showing, revisions_after
from bot.sources.jury_page import read_jury
from bot.stopping import Stopped, check_stop, stop_on
from bot.store import ContestState, RunStatus, Store, WikiState
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


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How a run is made, besides the definition: set by the CLI and the scheduler."""

    simulate: bool = False  # read everything, write nothing (diffs are shown instead)
    stop: threading.Event = field(default_factory=threading.Event)
    lock_wait: timedelta = timedelta(0)  # how long to wait for another process's run
    # A page on which any text stops every write; None: User:<account>/Stop on the wiki
    # of the contest's results.
    kill_switch: tuple[str, str, str] | None = None  # (family, code, title)
    docs_page: str | None = None  # edit summaries link to it; None: the bot's user page
    definition: DefinitionNote | None = None  # shown on the status page


def utcnow() -> datetime:
    return datetime.now(UTC)


def run_contest(
    config: ContestConfig,
    store: Store,
    options: RunOptions | None = None,
    *,
    show: Callable[[str], None] = print,
    now: Callable[[], datetime] = utcnow,
) -> RunSummary:
    """One update; ``LockHeld`` when another process runs the contest, ``Stopped`` when
    asked to stop before the end."""
    options = options or RunOptions()
    if options.simulate:  # writes nothing: needs no lock and leaves no run record
        with contest_context(config.name), stop_on(options.stop):
            return _update(config, store, now(), options, show)
    with store.run_lock(config.name, wait=options.lock_wait):
        started = now()
        run_id = store.start_run(config.name, started)
        try:
            with contest_context(config.name, run_id), stop_on(options.stop):
                summary = _update(config, store, started, options, show)
        except Exception as exc:
            # A bug must not leave the run "running" for ever in the operators' view.
            status = RunStatus.STOPPED if isinstance(exc, Stopped) else RunStatus.FAILED
            store.finish_run(run_id, now(), status=status, entries=0, accepted=0, review=0,
                             edits=0, error=f"{type(exc).__name__}: {exc}")
            raise
        store.finish_run(
            run_id, now(), status=RunStatus.OK if summary.ok else RunStatus.FAILED,
            entries=summary.entries, accepted=summary.accepted, review=summary.review,
            edits=summary.edits, error="; ".join(summary.problems) or None,
        )
        with contest_context(config.name, run_id):
            _log_summary(summary, now() - started)
    return summary


def _log_summary(summary: RunSummary, took: timedelta) -> None:
    log.info("run finished in %.1f s: %d entries, %d accepted, %d to review, %d edits, "
             "%d article texts read%s", took.total_seconds(), summary.entries,
             summary.accepted, summary.review, summary.edits, summary.content_fetches,
             "; problems: " + "; ".join(summary.problems) if summary.problems else "")


def _update(
    config: ContestConfig,
    store: Store,
    started: datetime,
    options: RunOptions,
    show: Callable[[str], None],
) -> RunSummary:
    simulate = options.simulate
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
        check_stop(f"reading {key}")
        with wiki_context(key):
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
                log.error("facts could not be read: %s", exc)
                problems.setdefault(key, f"facts could not be read: {exc}")
                failed_facts.add(key)
                results += [r for r in before.results if r.entry.wiki == key]

    state = _new_state(config, before, results, review, problems, started)
    if not simulate:
        check_stop("saving")
        _save(config, store, state, failed_facts, problems, started, plans)
        for key, verified in marks.items():
            store.record_jury_marks(config.name, key, verified, started)
        for key, users in accounts.items():
            store.save_accounts(config.name, key, users.values())

    edits = 0
    if len(problems) == len(config.wikis):
        log.error("no fresh data from any wiki; the results pages are left as they are")
    else:
        report = RunReport(
            started_at=started,
            entries=len(state.results),
            accepted=sum(r.status is Status.ACCEPTED for r in state.results),
            review=len(state.review),
            edits=0,
            problems=tuple(f"{k}: {v}" for k, v in sorted(problems.items())),
            definition=options.definition,
            requests=tuple(RequestNote(r.user, r.at, r.revision, r.allowed)
                           for r in store.recent_requests(config.name)),
        )
        edits = publish_results(Publishing(
            config, sites, store, edit_summary(before, state, _docs_page(config, sites, options)),
            simulate, show, started, problems, _untouched(plans),
            guard=None if simulate else _guard(config, sites, options, problems),
            report=report,
        ), state)
        check_stop("the end of the run")  # the guard refused the remaining writes
    return RunSummary(
        entries=len(state.results),
        accepted=sum(r.status is Status.ACCEPTED for r in state.results),
        review=len(state.review),
        edits=edits,
        problems=tuple(f"{k}: {v}" for k, v in sorted(problems.items())),
        content_fetches=content_fetches,
    )


def _results_account(config: ContestConfig,
                     sites: Mapping[str, pywikibot.site.APISite]) -> str | None:
    """The bot's account on the wiki of the contest's results."""
    site = sites.get(config.results.wiki)
    return site.username() if site is not None else None


def _docs_page(config: ContestConfig, sites: Mapping[str, pywikibot.site.APISite],
               options: RunOptions) -> str:
    account = _results_account(config, sites) or "ContestBot"
    return options.docs_page or f"User:{account}"


def _guard(config: ContestConfig, sites: Mapping[str, pywikibot.site.APISite],
           options: RunOptions, problems: dict[str, str]) -> WriteGuard:
    """Writes are refused when stopping, without the bot right, and while the kill switch
    page has any text; a switch on a wiki that cannot be reached refuses them too."""
    if options.kill_switch is None:
        account = _results_account(config, sites)
        switch = (sites[config.results.wiki], f"User:{account}/Stop") if account else None
        return WriteGuard(sites, switch, options.stop)
    family, code, title = options.kill_switch
    try:
        return WriteGuard(sites, (pywikibot.Site(code, family), title), options.stop)
    except READ_ERRORS as exc:
        problems["writes"] = f"the kill switch's wiki {family}:{code} cannot be reached: {exc}"
        return WriteGuard(sites, None, _always_set())


def _always_set() -> threading.Event:
    stopped = threading.Event()
    stopped.set()
    return stopped


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


def edit_summary(before: ContestState, after: ContestState, docs_page: str) -> str:
    """What changed, linked to the bot's documentation, e.g. "[[User:ContestBot|contestbot]]:
    Contest results: 33 entries (+3), 20 accepted (+2), 4 to review"."""

    def accepted(state: ContestState) -> int:
        return sum(r.status is Status.ACCEPTED for r in state.results)

    entries, delta = len(after.results), len(after.results) - len(before.results)
    gained = accepted(after) - accepted(before)
    return (f"[[{docs_page}|contestbot]]: Contest results: {entries} entries ({delta:+d}), "
            f"{accepted(after)} accepted ({gained:+d}), {len(after.review)} to review")

