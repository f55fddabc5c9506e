"""Batched, continued API queries; the only place that talks to ``action=query``."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

import pywikibot

from bot.stopping import check_stop

log = logging.getLogger(__name__)

BATCH = 50  # titles/users per request without apihighlimits (Wikimedia API etiquette)

Json = dict[str, Any]


class WikiReadError(Exception):
    """A read from a wiki failed; callers keep the last good data, never a partial answer."""


# What a failed read raises: pywikibot's own errors (API errors, retries exhausted) and
# the network's (requests' exceptions are OSErrors).
READ_ERRORS = (pywikibot.exceptions.Error, OSError)


def chunked(items: Iterable[str], size: int) -> Iterator[tuple[str, ...]]:
    """``itertools.batched`` of Python 3.12, for 3.11."""
    iterator = iter(items)
    while chunk := tuple(islice(iterator, size)):
        yield chunk


def batch_size(site: pywikibot.site.APISite) -> int:
    # Accounts with apihighlimits (bots) may ask for 500 titles; larger batches mean
    # fewer requests, which is what Wikimedia asks of bots.
    return 500 if site.has_right("apihighlimits") else BATCH


def query(site: pywikibot.site.APISite, **params: Any) -> Iterator[Json]:
    """Yield the ``query`` part of every response, following ``continue`` to the end."""
    for data in responses(site, **params):
        if "query" in data:
            yield data["query"]


def responses(site: pywikibot.site.APISite, **params: Any) -> Iterator[Json]:
    """Yield every whole response of an ``action=query``, following ``continue``."""
    params = {"action": "query", "formatversion": 2, **params}
    cont: Json = {}
    while True:
        check_stop(f"a request to {site}")
        try:
            data = site.simple_request(**params, **cont).submit()
        except READ_ERRORS as exc:
            raise WikiReadError(f"{site}: {exc}") from exc
        yield data
        if "continue" not in data:
            return
        cont = data["continue"]


def query_pages(
    site: pywikibot.site.APISite, names: Sequence[str], key: str, **params: Any
) -> Iterator[tuple[tuple[str, ...], Json, list[Json]]]:
    """Query pages ``names`` (titles or ids, per ``key``) in batches, merging continued props.

    Yields, per batch, the names asked for, the merged ``normalized``/``redirects`` mapping
    info and the page records; a page's list-valued props (revisions, templates) split
    across continued responses are joined back together.
    """
    for chunk in chunked((str(n) for n in names), batch_size(site)):
        info: Json = {"normalized": [], "redirects": []}
        pages: dict[str, Json] = {}
        for part in query(site, **{key: "|".join(chunk)}, **params):
            info["normalized"] += part.get("normalized", [])
            info["redirects"] += part.get("redirects", [])
            for page in part.get("pages", []):
                _merge(pages.setdefault(str(page.get("pageid") or page["title"]), {}), page)
        yield chunk, info, list(pages.values())


def _merge(into: Json, page: Json) -> None:
    for name, value in page.items():
        if isinstance(value, list):
            into.setdefault(name, []).extend(value)
        else:
            into[name] = value


