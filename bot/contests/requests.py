"""Update-now requests: an organizer or juror edits the contest's update page.

The pages are polled every minute, so they are read gently: one query per wiki for the
latest revision ids of all its update pages, and a page's history only when it changed,
from the newest revision back to the last one already seen. Edits made before the bot
first saw a page are not requests; neither are the bot's own edits.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import pywikibot

from bot.config import ContestConfig, SiteRef
from bot.facts.api import READ_ERRORS, WikiReadError, query, query_pages
from bot.store import Store
from bot.times import parse_iso
from bot.titles import normalize_user

log = logging.getLogger(__name__)

HISTORY_BATCH = 50  # new edits of an update page are few; more are read when there are


@dataclass(frozen=True, slots=True)
class UpdateRequest:
    contest: str
    wiki: str  # the contest's key of the results wiki
    page: str  # the update page, as the definition names it
    revision: int
    user: str
    at: datetime
    allowed: bool  # made by an organizer or a juror


def allowed_requesters(config: ContestConfig) -> frozenset[str]:
    """Organizers and jurors (of the contest or of any of its wikis), as the API writes
    user names (the definition's are normalised when it is read)."""
    wiki_jurors = (name for wiki in config.wikis.values() if wiki.jury
                   for name in wiki.jury.members)
    return frozenset((*config.organizers, *config.jury.members, *wiki_jurors))


@dataclass(frozen=True, slots=True)
class _Watched:
    config: ContestConfig
    page: str

    @property
    def wiki(self) -> str:
        return self.config.results.wiki

    @property
    def site(self) -> SiteRef:
        return self.config.wikis[self.wiki].site


@dataclass(frozen=True, slots=True)
class _Latest:
    page_id: int
    revision: int


def read_requests(configs: Sequence[ContestConfig], store: Store) -> list[UpdateRequest]:
    """The new edits of the contests' update pages, recorded in the store, oldest first per
    page; disallowed ones are logged and recorded as handled. A wiki that cannot be read
    is skipped (its pages are read again next time, from where they were)."""
    by_site: dict[SiteRef, list[_Watched]] = defaultdict(list)
    for config in configs:
        if config.results.update_page is not None:
            watched = _Watched(config, config.results.update_page)
            by_site[watched.site].append(watched)
    found: list[UpdateRequest] = []
    for site_ref, pages in by_site.items():
        try:
            site = pywikibot.Site(site_ref.code, site_ref.family)
            latest = _latest_revisions(site, {w.page for w in pages})
            for watched in pages:
                found += _new_requests(site, watched, latest.get(watched.page), store)
        except (WikiReadError, *READ_ERRORS) as exc:
            log.error("%s:%s: update pages could not be read: %s", site_ref.family,
                      site_ref.code, exc)
    return found


def _latest_revisions(
    site: pywikibot.site.APISite, titles: Iterable[str]
) -> dict[str, _Latest]:
    """The latest revision of each existing page, by the title as asked."""
    latest: dict[str, _Latest] = {}
    for asked, info, pages in query_pages(site, sorted(titles), "titles",
                                          prop="revisions", rvprop="ids"):
        normalized = {n["from"]: n["to"] for n in info["normalized"]}
        by_title = {page["title"]: page for page in pages if page.get("revisions")}
        for title in asked:
            page = by_title.get(normalized.get(title, title))
            if page is not None:
                latest[title] = _Latest(page["pageid"], page["revisions"][0]["revid"])
    return latest


@dataclass(frozen=True, slots=True)
class PageEdit:
    revision: int
    user: str | None  # None: hidden by a revision deletion
    at: datetime


def requests_from_edits(
    config: ContestConfig, edits: Iterable[PageEdit], bot: str
) -> list[UpdateRequest]:
    """The edits of the contest's update page as requests, without the bot's own and
    those whose author is hidden (nobody to check)."""
    page = config.results.update_page
    if page is None:
        return []
    allowed = allowed_requesters(config)
    users = [(edit, normalize_user(edit.user)) for edit in edits if edit.user is not None]
    return [UpdateRequest(config.name, config.results.wiki, page, edit.revision, user, edit.at,
                          user in allowed)
            for edit, user in users if user != normalize_user(bot)]


def _new_requests(
    site: pywikibot.site.APISite, watched: _Watched, latest: _Latest | None, store: Store
) -> list[UpdateRequest]:
    contest, wiki, page = watched.config.name, watched.wiki, watched.page
    cursor = store.request_cursor(contest, wiki, page)
    if cursor is None:  # first sight: what was there before is not a request
        store.move_request_cursor(contest, wiki, page, latest.revision if latest else 0)
        return []
    if latest is None or latest.revision <= cursor:
        return []
    edits = _edits_after(site, latest.page_id, cursor)
    requests = requests_from_edits(watched.config, edits, site.username() or "")
    now = datetime.now(UTC)
    for request in requests:
        if not request.allowed:
            log.warning("update request by %s on %s:%s (revision %d) ignored: not an "
                        "organizer or juror of %s", request.user, wiki, page,
                        request.revision, contest)
        # Handled now: the callers run the contest at once for an allowed request.
        store.record_request(request, handled=True, now=now)
    newest = max([latest.revision, *(edit.revision for edit in edits)])
    store.move_request_cursor(contest, wiki, page, newest)
    return requests


def _edits_after(site: pywikibot.site.APISite, page_id: int, cursor: int) -> list[PageEdit]:
    """The page's edits newer than ``cursor``, oldest first; read newest first and only
    back to ``cursor`` (it may have been deleted since, so it cannot be a start id)."""
    edits: list[PageEdit] = []
    for part in query(site, prop="revisions", pageids=page_id, rvprop="ids|user|timestamp",
                      rvlimit=HISTORY_BATCH):
        for page in part.get("pages", []):
            for rev in page.get("revisions", []):
                if rev["revid"] <= cursor:
                    return edits[::-1]
                edits.append(PageEdit(rev["revid"], rev.get("user"),
                                      parse_iso(rev["timestamp"])))
    return edits[::-1]
