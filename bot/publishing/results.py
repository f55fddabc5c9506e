"""Publishing a contest's results: its pages and subpages, and its status page.

Each page's block is edited only when it changed. The "last changed" time on a page is
the time its content (everything but that time) last changed, remembered in the store
by a hash of the content, so a run that changes nothing writes nothing. The status page
shows the run and when each wiki was last checked; since those move on every run, it is
edited at most hourly unless what it says besides counts and times changes (a wiki's
error, the definition's error, an ignored update request).

Every save asks the run's WriteGuard first. A refusal is one problem of the run per
reason, not one per page; once the guard halts all writes (kill switch, stopping), no
further page is even read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import partial

import pywikibot

from bot.config import ContestConfig
from bot.publishing.guard import WriteGuard
from bot.publishing.publisher import Publication, publish
from bot.reports.messages import Messages
from bot.reports.results import ResultsView, moved_notice, render_pages, with_freshness
from bot.reports.status import RunReport, render_status, status_facts
from bot.store import ContestState, PublishedPage, Store, body_hash

# Check times alone never make the status page change more often than this.
STATUS_INTERVAL = timedelta(hours=1)


@dataclass(slots=True)
class Publishing:
    """What one run needs to write pages; ``problems`` collects failed writes by page and
    refused ones by reason ("writes" when all writes stopped)."""

    config: ContestConfig
    sites: dict[str, pywikibot.site.APISite]
    store: Store
    summary: str
    simulate: bool
    show: Callable[[str], None]
    now: datetime
    problems: dict[str, str]
    # (wiki, title) → whether nobody but the bot changed the page since the last run: a
    # page whose body is also the same as then needs no reading.
    untouched: Callable[[str, str], bool] = lambda wiki, title: False
    edits: int = 0
    guard: WriteGuard | None = None  # None: every save goes ahead (simulating, tests)
    report: RunReport | None = None  # the run so far, for the status page
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # ends the run's duration


def publish_results(publishing: Publishing, state: ContestState) -> int:
    """Write every results page of the contest; returns the number of edits made."""
    config = publishing.config
    published = publishing.store.published_pages(config.name)
    for target, view in results_views(config):
        if target not in publishing.sites:
            publishing.problems.setdefault(f"{target}:{view.title}", "the wiki is unreachable")
            continue
        # The status page may be a subpage of the results page; it is not one of its parts.
        status = (config.results.wiki, config.results.status_page)
        own = {title: page for (wiki, title), page in published.items()
               if wiki == target and (wiki, title) != status
               and (title == view.title or title.startswith(f"{view.title}/"))}
        for block in render_pages(state, view):
            if _halted(publishing):
                return publishing.edits
            known = own.pop(block.title, None)
            digest = body_hash(block.body)
            if known and known.body_hash == digest and publishing.untouched(target, block.title):
                continue
            changed_at = known.changed_at if known and known.body_hash == digest else publishing.now
            text = with_freshness(block.body, changed_at, view.messages)
            _write(publishing, target, block.title, text, digest, changed_at, known)
        for title in sorted(own):  # subpages of an earlier split that are no longer used
            if title == view.title:
                continue
            if _halted(publishing):
                return publishing.edits
            outcome = _publish(publishing, target, title, moved_notice(view.title, view.messages))
            if outcome.error is None and not publishing.simulate:
                publishing.store.forget_published(config.name, target, title)
    if not _halted(publishing):
        _publish_status(publishing, state, published)
    return publishing.edits


def results_views(config: ContestConfig) -> Iterator[tuple[str, ResultsView]]:
    """The contest's results page, then each wiki's own, with the wiki they are on."""
    main = config.results
    yield main.wiki, _view(config, main.wiki, main.page, main.language, main.max_bytes, None)
    for key, wiki in sorted(config.wikis.items()):
        if wiki.results is not None:
            page = wiki.results
            yield key, _view(config, key, page.page, page.language, page.max_bytes, key)


def _view(config: ContestConfig, target: str, title: str, language: str, max_bytes: int,
          only: str | None) -> ResultsView:
    return ResultsView(
        title=title,
        wiki=only,
        wikis=tuple(sorted(config.wikis)),
        messages=Messages.load(language),
        link_prefix=link_prefixes(config, target),
        ranking=config.ranking,
        home_countries={key: config.home_countries_for(key) for key in config.wikis},
        jury_marks_needed=config.jury.marks_needed,
        max_bytes=max_bytes,
    )


def link_prefixes(config: ContestConfig, target: str) -> dict[str, str]:
    """The interwiki prefix that reaches each contest wiki from ``target`` ("" for itself)."""
    return {key: "" if key == target else wiki.site.code for key, wiki in config.wikis.items()}


def _publish_status(publishing: Publishing, state: ContestState,
                    published: dict[tuple[str, str], PublishedPage]) -> None:
    config = publishing.config
    title = config.results.status_page
    target = config.results.wiki
    if title is None or target not in publishing.sites:
        return
    report = _report_so_far(publishing)
    digest = body_hash(status_facts(state.wikis, report))
    known = published.get((target, title))
    if (known is not None and known.body_hash == digest and known.edited_at is not None
            and publishing.now - known.edited_at < STATUS_INTERVAL):
        return
    site = config.wikis[target].site
    body = render_status(state.wikis, publishing.now, Messages.load(config.results.language),
                         link_prefixes(config, target), report,
                         rendered_at=publishing.clock(), home=f"{site.family}:{site.code}:")
    _write(publishing, target, title, body, digest, publishing.now, known)


def _report_so_far(publishing: Publishing) -> RunReport | None:
    """The run's report with this run's edits and problems up to now: the status page is
    the last page written."""
    report = publishing.report
    if report is None:
        return None
    current = (f"{key}: {text}" for key, text in sorted(publishing.problems.items()))
    return replace(report, edits=report.edits + publishing.edits,
                   problems=tuple(dict.fromkeys((*report.problems, *current))))


def _write(publishing: Publishing, wiki: str, title: str, text: str, digest: str,
           changed_at: datetime, known: PublishedPage | None) -> None:
    """Publish and remember what was published (not when simulating or when it failed:
    a failed write is retried by the next run)."""
    outcome = _publish(publishing, wiki, title, text)
    if outcome.error is not None or publishing.simulate:
        return
    edited_at = publishing.now if outcome.edited else (known.edited_at if known else None)
    publishing.store.save_published(
        publishing.config.name, PublishedPage(wiki, title, digest, changed_at, edited_at))


def _publish(publishing: Publishing, wiki: str, title: str, text: str) -> Publication:
    guard = publishing.guard
    outcome = publish(publishing.sites[wiki], title, text, publishing.summary,
                      simulate=publishing.simulate, show=publishing.show,
                      guard=None if guard is None else partial(guard.refusal, wiki))
    if outcome.refused:
        key = "writes" if guard is not None and guard.halted else f"writes to {wiki}"
        publishing.problems.setdefault(key, outcome.error or "refused")
    elif outcome.error:
        publishing.problems[f"{wiki}:{title}"] = outcome.error
    publishing.edits += int(outcome.edited)
    return outcome


def _halted(publishing: Publishing) -> bool:
    """Whether all writes stopped this run (recorded as the run's problem once)."""
    guard = publishing.guard
    reason = None if guard is None else guard.halted
    if reason is not None:
        publishing.problems.setdefault("writes", reason)
    return reason is not None
