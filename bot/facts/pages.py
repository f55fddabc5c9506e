"""What a wiki says about declared titles, read in as few requests as the API allows.

Per wiki and run:
1. page info, page props, asked-for templates and categories, latest revision (and its
   content when a prose-size rule needs it and no earlier run measured the page): one
   request per 50 titles (500 with apihighlimits); the text of pages measured before only
   when their latest revision is new, 50 (500) revisions per request;
2. redirects among them: their targets in one batched request, and, per redirect, whether
   it was left by a move (the move log has no multi-title query; redirects are rare);
   per missing title one log request (deleted? moved without leaving a redirect?), and
   the targets of such moves in one batched request;
3. every participant's edits inside the window (only their creations, ``ucshow=new``,
   unless the rules look at other edits): one ``list=usercontribs`` pass, 50 users per
   request (``bot.facts.contributions``); with the added words, the text of each counted
   edit and its parent, 50 revisions per request;
4. only for judged pages not created by a participant in the window: the last revision
   before the window, where a participant's first edit in the window was made on it (one
   request per 50 (500) pages), and then the participants' own creations before the
   window (50 (500) users per request); for pages no participant edited in the window, the
   first revision and, if asked, the last one before the window, one page per request
   each, because the API offers no batched form of ``rvdir=newer`` or of ``rvstart`` per
   page; none of these change, so an earlier run's answer is kept (``KnownFacts``);
5. if asked, the participants' accounts (``bot.facts.users``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pywikibot

from bot.facts.api import Json, query, query_pages
from bot.facts.contributions import (
    creations,
    read_revisions,
    read_texts,
    read_work,
    with_added_content,
)
from bot.facts.prose import TextSize, measure_text
from bot.facts.users import read_users
from bot.model import Contribution, Edit, PageFacts, UserFacts
from bot.times import iso, parse_iso

# Log events read per missing title: enough to see past a protection or two.
_LOG_EVENTS = 10
UNRESOLVED = "unknown"  # the target of a redirect the API could not resolve
_REVISION = "ids|timestamp|size"  # of the latest revision, besides its content


@dataclass(frozen=True, slots=True)
class FactsRequest:
    titles: Sequence[str]
    participants: Sequence[str]
    window_start: datetime  # aware
    window_end: datetime  # aware, exclusive
    need_content: bool = False  # words/chars/references of the latest revision
    need_added_content: bool = False  # words/chars the participants' own counted edits added
    need_size_before: bool = False  # size of the last revision before the window
    # Full titles in the wiki's own form ("Szablon:Dopracować", not "Template:dopracować"),
    # as the API writes them in its answers.
    disambiguation_templates: Sequence[str] = ()
    templates: Sequence[str] = ()  # which of these each page transcludes
    categories: Sequence[str] = ()  # which of these each page is in
    need_users: bool = False  # list=users facts for the participants
    edits_before_limit: int | None = None  # count edits before the window up to this
    hidden_prefixes: frozenset[str] = frozenset()
    chars_per_word: Decimal | None = None
    reference_templates: frozenset[str] = frozenset()  # names, e.g. "Sfn": see count_references
    # (title, participant) of each entry: with need_added_content, only the claimant's own
    # edits are measured.
    claims: Sequence[tuple[str, str]] = ()
    # Every edit of the participants in the window, not only their creations: for the
    # added_ measures and for talk-page claims by those who edited an article.
    all_edits: bool = True


@dataclass(frozen=True, slots=True)
class WikiFacts:
    pages: dict[str, PageFacts]  # by the title as declared
    # (participant, page id) → the participant's own edits in the window, for every page of
    # the judged pages' namespaces they edited there (only creations unless all_edits).
    work: dict[tuple[str, int], Contribution]
    users: dict[str, UserFacts]  # by participant name; empty unless asked for
    content_fetches: int = 0  # article revisions whose text was read


@dataclass(frozen=True, slots=True)
class KnownFacts:
    """What earlier runs read that cannot have changed since: a page's first revision and
    its last one before the window (by page id), and the measured text of a revision (by
    page id and revision id). Titles in ``measured`` had their text measured: their
    content is read again only when their latest revision is not in ``sizes``."""

    creations: Mapping[int, tuple[str, datetime]] = field(default_factory=dict)
    before: Mapping[int, tuple[int, int]] = field(default_factory=dict)
    sizes: Mapping[tuple[int, int], TextSize] = field(default_factory=dict)
    measured: frozenset[str] = frozenset()
    # The participants' accounts: read again only while they do not exist.
    accounts: Mapping[str, UserFacts] = field(default_factory=dict)

    @classmethod
    def of(cls, facts: Iterable[PageFacts], accounts: Mapping[str, UserFacts]) -> KnownFacts:
        creations: dict[int, tuple[str, datetime]] = {}
        before: dict[int, tuple[int, int]] = {}
        sizes: dict[tuple[int, int], TextSize] = {}
        measured: set[str] = set()
        for page in facts:
            if page.page_id is None:
                continue
            if page.creator is not None and page.created_at is not None:
                creations[page.page_id] = (page.creator, page.created_at)
            if page.revision_before is not None and page.size_before is not None:
                before[page.page_id] = (page.revision_before, page.size_before)
            if (page.latest_revision is not None and page.words is not None
                    and page.chars is not None and page.references is not None):
                sizes[(page.page_id, page.latest_revision)] = TextSize(
                    page.words, page.chars, page.references)
                measured.add(page.declared_title)
        return cls(creations, before, sizes, frozenset(measured), accounts)


@dataclass(frozen=True, slots=True)
class _Judged:
    """The page record a declared title is judged by, and how it was reached."""

    record: Json
    redirect_target: str | None = None
    moved: bool = False
    deleted_at: datetime | None = None


def fetch_facts(
    site: pywikibot.site.APISite, request: FactsRequest, known: KnownFacts = KnownFacts()
) -> WikiFacts:
    """Facts for every declared title, the participants' work and, if asked, their accounts.

    ``known`` spares the requests for what earlier runs read: a page measured before has
    its text read again only at a new revision.
    """
    titles = list(dict.fromkeys(request.titles))
    params = _page_params(request)
    judged = _judged_pages(site, [t for t in titles if t in known.measured],
                           {**params, "rvprop": _REVISION}, request.window_start)
    judged.update(_judged_pages(site, [t for t in titles if t not in known.measured], params,
                                request.window_start))
    existing = [j.record for j in judged.values() if "pageid" in j.record]
    sizes, content_fetches = _sizes(site, existing, known, request)

    namespaces = {p["ns"] for p in existing}
    work = read_work(site, request.participants, namespaces, request.window_start,
                     request.window_end, all_edits=request.all_edits)
    created = {**known.creations, **creations(work)}
    candidates = {p["pageid"]: p for p in existing if not p.get("redirect")}
    page_of: dict[str, int] = {title: j.record["pageid"] for title, j in judged.items()
                               if j.record.get("pageid") in candidates}
    start = request.window_start
    # Pages the participants' edits in the window show to be older than it (batched): an
    # expansion is told by its last revision before the window.
    new = {page_id for page_id, (_, at) in created.items() if at >= start}
    older = {page_id: known.before[page_id] for page_id in candidates.keys() & known.before.keys()}
    older.update(_parents_before(site, work, candidates.keys() - new - older.keys(), start))
    # Of the older pages no participant created in the window, only whether the claimant
    # created them matters (batched); the rest need their first revision, one page per request.
    unknown = candidates.keys() - created.keys()
    if expansions := unknown & older.keys():
        claimants = {participant for title, participant in request.claims
                     if page_of.get(title) in expansions}
        editors = {user for user, page_id in work if page_id in expansions}
        created.update(_own_creations(site, claimants | editors, expansions, namespaces, start))
    created.update(_first_revisions(site, unknown - older.keys() - created.keys()))
    before = dict(older)
    if request.need_size_before:
        wanted = {page_id for page_id in candidates.keys() - before.keys()
                  if page_id in created and created[page_id][1] < start}
        before.update(_revisions_before(site, sorted(wanted), start))
    if request.need_added_content:
        declared = {(participant, page_of[title]) for title, participant in request.claims
                    if title in page_of}
        work = with_added_content(site, work, declared, request.hidden_prefixes,
                                  request.chars_per_word)
    users = _users(site, request, known.accounts) if request.need_users else {}
    pages = {title: _facts(title, j, created, before, sizes, request)
             for title, j in judged.items()}
    return WikiFacts(pages=pages, work=work, users=users, content_fetches=content_fetches)


def _users(
    site: pywikibot.site.APISite, request: FactsRequest, known: Mapping[str, UserFacts]
) -> dict[str, UserFacts]:
    """The participants' accounts: those known to exist as stored, the others read."""
    users = {name: known[name] for name in request.participants
             if name in known and known[name].exists}
    missing = [name for name in request.participants if name not in users]
    if missing:
        users.update(read_users(site, missing, request.window_start,
                                request.edits_before_limit))
    return users


def _sizes(
    site: pywikibot.site.APISite, records: Sequence[Json], known: KnownFacts,
    request: FactsRequest,
) -> tuple[dict[int, TextSize], int]:
    """The measured text of each page's latest revision (by page id), when a rule needs it,
    and how many revisions' texts were read: those that came with the page records, then
    the new revisions of pages measured before, 50 (500) per request."""
    if not request.need_content:
        return {}, 0
    sizes: dict[int, TextSize] = {}
    missing: dict[int, int] = {}  # revision → page id
    fetched = 0
    for page in records:
        revision = (page.get("revisions") or [{}])[0]
        content = revision.get("slots", {}).get("main", {}).get("content")
        if content is not None:
            sizes[page["pageid"]] = _measure(content, request)
            fetched += 1
        elif (page["pageid"], page.get("lastrevid")) in known.sizes:
            sizes[page["pageid"]] = known.sizes[(page["pageid"], page["lastrevid"])]
        elif page.get("lastrevid"):
            missing[int(page["lastrevid"])] = page["pageid"]
    texts = read_texts(site, missing)
    for revision, text in texts.items():
        sizes[missing[revision]] = _measure(text, request)
    return sizes, fetched + len(texts)


def _measure(text: str, request: FactsRequest) -> TextSize:
    return measure_text(text, request.hidden_prefixes, request.chars_per_word,
                        request.reference_templates)


def page_ids(site: pywikibot.site.APISite, titles: Sequence[str]) -> dict[str, int | None]:
    """The page id of each title (None when there is no such page), in batched requests."""
    pages = read_pages(site, list(dict.fromkeys(titles)), {"prop": "info"})
    return {title: pages.get(title, {}).get("pageid") for title in titles}


def _page_params(request: FactsRequest) -> dict[str, Any]:
    props = ["info", "pageprops", "revisions"]
    params: dict[str, Any] = {
        # disambiguation: set by Extension:Disambiguator on Wikimedia wikis
        "ppprop": "disambiguation|wikibase_item",
        "rvprop": _REVISION + ("|content" if request.need_content else ""),
        "rvslots": "main",
    }
    templates = list(dict.fromkeys([*request.disambiguation_templates, *request.templates]))
    if templates:
        props.append("templates")
        params["tltemplates"] = "|".join(templates)
        params["tllimit"] = "max"
    if request.categories:
        props.append("categories")
        params["clcategories"] = "|".join(dict.fromkeys(request.categories))
        params["cllimit"] = "max"
    params["prop"] = "|".join(props)
    return params


def read_pages(
    site: pywikibot.site.APISite, titles: Sequence[str], params: dict[str, Any]
) -> dict[str, Json]:
    """Page records keyed by the requested title (following normalisation and redirects)."""
    found: dict[str, Json] = {}
    for chunk, info, records in query_pages(site, titles, "titles", **params):
        by_title = {r["title"]: r for r in records}
        renamed = {n["from"]: n["to"] for n in info["normalized"]}
        redirected = {r["from"]: r["to"] for r in info["redirects"]}
        for chunk_title in chunk:
            title = _followed(renamed.get(chunk_title, chunk_title), redirected)
            if title in by_title:
                found[chunk_title] = by_title[title]
    return found


def _followed(title: str, redirected: Mapping[str, str]) -> str:
    """The end of a redirect chain (the API follows double redirects; so must we)."""
    seen = {title}
    while title in redirected and redirected[title] not in seen:
        title = redirected[title]
        seen.add(title)
    return title


def _judged_pages(
    site: pywikibot.site.APISite, declared: list[str], params: dict[str, Any], since: datetime
) -> dict[str, _Judged]:
    """The page each declared title is judged by: itself, or where a move took it."""
    pages = read_pages(site, declared, params)
    redirects = [t for t, page in pages.items() if page.get("redirect")]
    targets = read_pages(site, redirects, {**params, "redirects": 1})
    judged: dict[str, _Judged] = {}
    for title in redirects:
        moved = _left_by_move(site, pages[title]["title"])
        # A redirect whose target could not be resolved (a loop, say) is judged as itself.
        target = targets.get(title)
        # No target at all (an interwiki redirect, say) is still a redirect.
        judged[title] = _Judged(target if moved and target else pages[title],
                                target["title"] if target else UNRESOLVED, moved)

    moves: dict[str, str] = {}
    for title, page in pages.items():
        if not page.get("missing") or page.get("invalid"):
            continue
        event = fate(_log_events(site, page["title"]), since)
        if event.get("type") == "delete":
            judged[title] = _Judged(page, deleted_at=parse_iso(event["timestamp"]))
        elif event.get("type") == "move":
            moves[title] = event["params"]["target_title"]
    # Moved without leaving a redirect: the move target is judged, as for a moved redirect.
    moved_to = read_pages(site, list(dict.fromkeys(moves.values())), {**params, "redirects": 1})
    for title, target_title in moves.items():
        target = moved_to.get(target_title, {"title": target_title, "missing": True})
        judged[title] = _Judged(target, target["title"], moved=True)
    return {title: judged.get(title) or _Judged(page) for title, page in pages.items()}


def _left_by_move(site: pywikibot.site.APISite, title: str) -> bool:
    return bool(_first(site, list="logevents", letype="move", letitle=title, lelimit=1,
                       leprop="ids").get("logevents"))


def _log_events(site: pywikibot.site.APISite, title: str) -> list[Json]:
    """The newest log events about ``title``, newest first (one request)."""
    return list(_first(site, list="logevents", letitle=title, lelimit=_LOG_EVENTS,
                       leprop="ids|type|timestamp|details").get("logevents", []))


def fate(events: Iterable[Json], since: datetime) -> Json:
    """What made a page go since ``since``: a move, else a deletion (events newest first).

    A move wins over a newer deletion, which removed the redirect the move left behind
    (or a later page at the old title): the article lives on at the move's target. Events
    before ``since`` are about some older page of that title, and other events (protecting
    the title against re-creation, say) say nothing about where it went. {} when none.
    """
    recent = [e for e in events if "timestamp" in e and parse_iso(e["timestamp"]) >= since]
    for event in recent:
        if event.get("type") == "move" and event.get("params", {}).get("target_title"):
            return event
    for event in recent:
        if (event.get("type"), event.get("action")) == ("delete", "delete"):
            return event
    return {}


def _first(site: pywikibot.site.APISite, **params: Any) -> Json:
    """The first answer only: a one-item list or history needs none of the continuations."""
    for part in query(site, **params):
        return part
    return {}


def _first_revisions(
    site: pywikibot.site.APISite, page_ids: Iterable[int]
) -> dict[int, tuple[str, datetime]]:
    first: dict[int, tuple[str, datetime]] = {}
    for page_id in sorted(page_ids):
        for page in _first(site, prop="revisions", pageids=page_id, rvdir="newer",
                           rvlimit=1, rvprop="user|timestamp").get("pages", []):
            for rev in page.get("revisions", []):
                first[page_id] = (rev.get("user", ""), parse_iso(rev["timestamp"]))
    return first


def _parents_before(
    site: pywikibot.site.APISite, work: Mapping[tuple[str, int], Contribution],
    page_ids: Collection[int], moment: datetime,
) -> dict[int, tuple[int, int]]:
    """Page id → (revision id, bytes) of the last revision before ``moment``, found in
    batched requests where the participants' edits show it: the revision that the first
    of their edits in the window was made on, when it is older than ``moment``."""
    parents: dict[int, Edit] = {}
    for (_, page_id), contribution in work.items():
        first = next((e for e in contribution.edits if e.parent), None)
        if page_id in page_ids and first is not None and (
                page_id not in parents or first.timestamp < parents[page_id].timestamp):
            parents[page_id] = first
    found = read_revisions(site, sorted(e.parent for e in parents.values()), "ids|timestamp|size")
    return {
        page_id: (edit.parent, int(record["size"]))
        for page_id, edit in parents.items()
        if (record := found.get(edit.parent)) and parse_iso(record["timestamp"]) < moment
    }


def _own_creations(
    site: pywikibot.site.APISite, users: Collection[str], page_ids: Collection[int],
    namespaces: Collection[int], moment: datetime,
) -> dict[int, tuple[str, datetime]]:
    """Page id → (user, time) for the pages among ``page_ids`` that one of ``users`` (who
    claimed or edited them) created before ``moment``: all their creations before it,
    50 (500) users per request. A page none of them created was created by someone else,
    which is all the rules need to know of it."""
    found = creations(read_work(site, sorted(users), namespaces, None, moment, all_edits=False))
    return {page_id: creation for page_id, creation in found.items() if page_id in page_ids}


def _revisions_before(
    site: pywikibot.site.APISite, page_ids: Iterable[int], moment: datetime
) -> dict[int, tuple[int, int]]:
    """Page id → (revision id, bytes) of the last revision before ``moment``, one page per
    request."""
    before: dict[int, tuple[int, int]] = {}
    for page_id in page_ids:
        for page in _first(site, prop="revisions", pageids=page_id,
                           rvstart=iso(moment - timedelta(seconds=1)), rvdir="older",
                           rvlimit=1, rvprop="ids|size").get("pages", []):
            for rev in page.get("revisions", []):
                before[page_id] = (int(rev["revid"]), int(rev["size"]))
    return before


def _facts(
    declared: str,
    judged: _Judged,
    created: Mapping[int, tuple[str, datetime]],
    before: Mapping[int, tuple[int, int]],
    sizes: Mapping[int, TextSize],
    request: FactsRequest,
) -> PageFacts:
    page = judged.record
    if "pageid" not in page:
        return PageFacts(declared_title=declared, exists=False,
                         title=page.get("title", declared),
                         redirect_target=judged.redirect_target, moved=judged.moved,
                         deleted_at=judged.deleted_at)
    creator, created_at = created.get(page["pageid"], (None, None))
    revision_before, size_before = before.get(page["pageid"], (None, None))
    size = sizes.get(page["pageid"])
    props = page.get("pageprops", {})
    transcluded = {t["title"] for t in page.get("templates", [])}
    # The asked-for titles are in the wiki's own form (FactsRequest), as the API answers.
    disambiguation = set(request.disambiguation_templates)
    return PageFacts(
        declared_title=declared,
        exists=True,
        title=page["title"],
        page_id=page["pageid"],
        namespace=page["ns"],
        length=page.get("length"),
        latest_revision=page.get("lastrevid"),
        redirect_target=judged.redirect_target,
        moved=judged.moved,
        is_disambiguation="disambiguation" in props
        or bool(transcluded & disambiguation),
        creator=creator,
        created_at=created_at,
        revision_before=revision_before,
        size_before=size_before,
        words=size.words if size is not None else None,
        chars=size.chars if size is not None else None,
        references=size.references if size is not None else None,
        wikibase_item=props.get("wikibase_item"),
        categories=frozenset(c["title"] for c in page.get("categories", [])),
        templates=frozenset(transcluded & set(request.templates)),
    )
