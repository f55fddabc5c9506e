"""What a wiki says about declared titles, read in as few requests as the API allows.

Per wiki and run:
1. page info, disambiguation markers, latest revision (and its content when a size-in-words
   rule needs it): one request per 50 titles (500 with apihighlimits);
2. redirects among them: their targets in one batched request, and, per redirect, whether
   it was left by a move (the move log has no multi-title query; redirects are rare);
3. page creations by all participants inside the window: ``list=usercontribs`` with
   ``ucshow=new``, 50 users per request;
4. only for judged pages not created by a participant in the window: the first revision,
   one page per request, because the API offers no batched form of ``rvdir=newer``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pywikibot

from bot.facts.api import Json, batch_size, chunked, query, query_pages
from bot.facts.prose import count_words, readable_text
from bot.model import PageFacts
from bot.times import iso, parse_iso


@dataclass(frozen=True, slots=True)
class FactsRequest:
    titles: Sequence[str]
    participants: Sequence[str]
    window_start: datetime  # aware
    window_end: datetime  # aware, exclusive
    need_words: bool = False
    disambiguation_templates: Sequence[str] = ()
    hidden_prefixes: frozenset[str] = frozenset()


def fetch_facts(site: pywikibot.site.APISite, request: FactsRequest) -> dict[str, PageFacts]:
    """Facts for every declared title, keyed by the title as declared."""
    params = _page_params(request)
    declared = list(dict.fromkeys(request.titles))
    pages = read_pages(site, declared, params)
    redirects = [t for t, page in pages.items() if page.get("redirect")]
    targets = read_pages(site, redirects, {**params, "redirects": 1})
    moved = {t for t in redirects if _left_by_move(site, pages[t]["title"])}

    # A redirect whose target could not be resolved (a loop, say) is judged as itself.
    judged = {t: targets.get(t, page) if t in moved else page for t, page in pages.items()}
    creations = _creations(site, request)
    first = _first_revisions(
        site,
        {p["pageid"] for p in judged.values() if _is_article_candidate(p)} - creations.keys(),
    )
    creations.update(first)

    facts: dict[str, PageFacts] = {}
    for title, page in judged.items():
        origin = pages[title]
        target = targets.get(title, {}).get("title") if origin.get("redirect") else None
        facts[title] = _facts(title, page, target, title in moved, creations, request)
    return facts


def page_ids(site: pywikibot.site.APISite, titles: Sequence[str]) -> dict[str, int | None]:
    """The page id of each title (None when there is no such page), in batched requests."""
    pages = read_pages(site, list(dict.fromkeys(titles)), {"prop": "info"})
    return {title: pages.get(title, {}).get("pageid") for title in titles}


def _page_params(request: FactsRequest) -> dict[str, Any]:
    props = ["info", "pageprops", "revisions"]
    params: dict[str, Any] = {
        "ppprop": "disambiguation",  # set by Extension:Disambiguator on Wikimedia wikis
        "rvprop": "ids|timestamp|size" + ("|content" if request.need_words else ""),
        "rvslots": "main",
    }
    if request.disambiguation_templates:
        props.append("templates")
        params["tltemplates"] = "|".join(request.disambiguation_templates)
        params["tllimit"] = "max"
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


def _left_by_move(site: pywikibot.site.APISite, title: str) -> bool:
    for part in query(site, list="logevents", letype="move", letitle=title, lelimit=1,
                      leprop="ids"):
        if part.get("logevents"):
            return True
    return False


def _creations(
    site: pywikibot.site.APISite, request: FactsRequest
) -> dict[int, tuple[str, datetime]]:
    """Pages the participants created inside the window: page id → (creator, time)."""
    return {
        contrib["pageid"]: (contrib["user"], parse_iso(contrib["timestamp"]))
        for contrib in _contributions(site, request.participants, request.window_start,
                                      request.window_end, ucshow="new")
    }


def edits_in_window(
    site: pywikibot.site.APISite, users: Iterable[str], start: datetime, end: datetime
) -> set[tuple[str, int]]:
    """(user, page id) for every page ``users`` edited inside the window."""
    return {(c["user"], c["pageid"]) for c in _contributions(site, users, start, end)}


def _contributions(
    site: pywikibot.site.APISite, users: Iterable[str], start: datetime, end: datetime,
    **params: str,
) -> Iterator[Json]:
    """``list=usercontribs`` inside [start, end) for many users per request."""
    newest = end - timedelta(seconds=1)
    for chunk in chunked(sorted(set(users)), batch_size(site)):
        for part in query(site, list="usercontribs", ucuser="|".join(chunk),
                          ucstart=iso(newest), ucend=iso(start),
                          ucprop="ids|timestamp", uclimit="max", **params):
            yield from part.get("usercontribs", [])


def _first_revisions(
    site: pywikibot.site.APISite, page_ids: Iterable[int]
) -> dict[int, tuple[str, datetime]]:
    first: dict[int, tuple[str, datetime]] = {}
    for page_id in sorted(page_ids):
        for part in query(site, prop="revisions", pageids=page_id, rvdir="newer", rvlimit=1,
                          rvprop="user|timestamp"):
            for page in part.get("pages", []):
                for rev in page.get("revisions", []):
                    first[page_id] = (rev.get("user", ""), parse_iso(rev["timestamp"]))
            break  # the first answer holds the oldest revision; do not page through history
    return first


def _is_article_candidate(page: Json) -> bool:
    return "pageid" in page and not page.get("redirect")


def _facts(
    declared: str,
    page: Json,
    redirect_target: str | None,
    moved: bool,
    creations: dict[int, tuple[str, datetime]],
    request: FactsRequest,
) -> PageFacts:
    if "pageid" not in page:
        return PageFacts(declared_title=declared, exists=False, title=page.get("title", declared))
    revision = (page.get("revisions") or [{}])[0]
    creator, created_at = creations.get(page["pageid"], (None, None))
    content = revision.get("slots", {}).get("main", {}).get("content")
    return PageFacts(
        declared_title=declared,
        exists=True,
        title=page["title"],
        page_id=page["pageid"],
        namespace=page["ns"],
        length=page.get("length"),
        latest_revision=page.get("lastrevid"),
        redirect_target=redirect_target,
        moved=moved,
        is_disambiguation="disambiguation" in page.get("pageprops", {})
        or bool(page.get("templates")),
        creator=creator,
        created_at=created_at,
        words=count_words(readable_text(content, request.hidden_prefixes))
        if content is not None
        else None,
    )
