"""Reading the declaring pages of one wiki, batched, and handing them to the parsers."""

from __future__ import annotations

from collections.abc import Sequence

import pywikibot

from bot.config import EntrySource
from bot.facts.api import query_pages
from bot.model import Entry, Location, ReviewItem
from bot.sources.submission_page import ParsedPage, parse_submission_page
from bot.titles import WikiNames


def read_declarations(
    site: pywikibot.site.APISite, wiki: str, sources: Sequence[EntrySource], names: WikiNames
) -> ParsedPage:
    """Entries and review items from every source page of ``wiki``.

    Raises ``WikiReadError`` when a page cannot be read: a partial read must not be taken
    for the current declarations.
    """
    titles = [source.page for source in sources]
    entries: list[Entry] = []
    review: list[ReviewItem] = []
    for chunk, info, records in query_pages(site, titles, "titles", prop="revisions",
                                        rvprop="ids|content", rvslots="main"):
        renamed = {n["from"]: n["to"] for n in info["normalized"]}
        by_title = {r["title"]: r for r in records}
        for title in chunk:
            record = by_title.get(renamed.get(title, title))
            if record is None:
                continue
            revision = (record.get("revisions") or [None])[0]
            if record.get("missing") or revision is None:
                review.append(
                    ReviewItem(Location(wiki, title), "", "the submission page does not exist")
                )
                continue
            parsed = parse_submission_page(
                revision["slots"]["main"]["content"],
                wiki=wiki,
                page=record["title"],
                revision=revision["revid"],
                names=names,
            )
            entries.extend(parsed.entries)
            review.extend(parsed.review)
    return ParsedPage(tuple(entries), tuple(review))
