"""Nobody claims someone else's entry: each list line belongs to the account that added it."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import pywikibot

from bot.model import Entry, LineOrigin, ReviewItem, SourceKind
from bot.sources.history import line_key, new_origins, revisions_after
from bot.sources.problems import problem
from bot.sources.reader import DeclaringPage


class OriginStore(Protocol):
    def line_origins(
        self, contest: str, wiki: str, page_id: int
    ) -> tuple[int | None, dict[str, LineOrigin]]: ...

    def save_line_origins(
        self, contest: str, wiki: str, page_id: int, last_revision: int,
        new: Mapping[str, LineOrigin],
    ) -> None: ...


@dataclass(frozen=True, slots=True)
class Attributed:
    entries: tuple[Entry, ...]
    review: tuple[ReviewItem, ...]


def page_origins(
    site: pywikibot.site.APISite,
    store: OriginStore,
    contest: str,
    wiki: str,
    page: DeclaringPage,
    *,
    remember: bool,
) -> dict[str, LineOrigin]:
    """Who added each line of ``page``: what the store knows plus the newer revisions."""
    last, known = store.line_origins(contest, wiki, page.page_id)
    if last == page.revision:
        return known
    found = new_origins(revisions_after(site, page.page_id, last), known)
    if remember:
        store.save_line_origins(contest, wiki, page.page_id, page.revision, found)
    return {**known, **found}


def attribute(
    entries: Sequence[Entry],
    origins: Mapping[str, Mapping[str, LineOrigin]],
    organizers: Collection[str],
) -> Attributed:
    """Entries from list pages with who added them; lines naming someone else go to review.

    ``origins`` maps a declaring page's title to its line origins. Entries from other
    sources (talk-page templates) pass through: their participant is checked against
    the article's history once the facts are known.
    """
    kept: list[Entry] = []
    review: list[ReviewItem] = []
    for entry in entries:
        if entry.kind is SourceKind.TALK_TEMPLATE:
            kept.append(entry)
            continue
        origin = newest_origin(origins.get(entry.source.page, {}), entry.text)
        if origin is None:
            review.append(problem("adder-not-found").at(entry.source, entry.text))
            continue
        if origin.user != entry.participant and origin.user not in organizers:
            found = problem("added-by-other", adder=origin.user, participant=entry.participant)
            review.append(found.at(entry.source, entry.text))
            continue
        kept.append(replace(entry, claimed_by=origin.user, claimed_at=origin.timestamp))
    return Attributed(tuple(kept), tuple(review))


def caused_at(item: ReviewItem, origins: Mapping[str, LineOrigin]) -> ReviewItem:
    """The item located at the revision that added its lines as they are now (``origins``:
    those of its page), where that is known: the revision to look at to see the problem."""
    origin = newest_origin(origins, item.text)
    return item if origin is None else replace(
        item, source=replace(item.source, revision=origin.revision))


def newest_origin(origins: Mapping[str, LineOrigin], text: str) -> LineOrigin | None:
    """A declaration spanning several lines belongs to whoever last changed any of them."""
    found = [origins.get(line_key(line)) for line in text.split("\n") if line.strip()]
    if not found or None in found:
        return None
    return max((o for o in found if o is not None), key=lambda o: (o.timestamp, o.revision))
