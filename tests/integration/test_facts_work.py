"""The participants' own edits inside the window, and what their counted edits added."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sites import bot_site

from bot.facts.pages import FactsRequest, WikiFacts, fetch_facts
from bot.facts.prose import measure_text
from devwiki.dump import Page, Revision
from devwiki.farm import Farm

START = datetime(2026, 3, 21, tzinfo=UTC)
END = datetime(2026, 6, 1, tzinfo=UTC)
USERS = ["Writer 1", "Writer 2", "Writer 3"]
SECOND = timedelta(seconds=1)

# "Growing" existed before the window; Writer 1 expands it twice around an edit by
# someone else, then adds junk that Writer 2 reverts.
GROWING = [
    (datetime(2025, 6, 1, tzinfo=UTC), "Outsider", "Base text here."),
    (START - SECOND, "Writer 1", "Base text here. Too early."),  # before the window
    (datetime(2026, 4, 2, tzinfo=UTC), "Writer 1", "Base text here. One two three four."),
    (datetime(2026, 4, 3, tzinfo=UTC), "Outsider", "Base text here. One two three four. Five."),
    (datetime(2026, 4, 4, tzinfo=UTC), "Writer 1",
     "Base text here. One two three four. Five. Seven eight nine."),
    (datetime(2026, 4, 5, tzinfo=UTC), "Writer 1",
     "Base text here. One two three four. Five. Seven eight nine. Junk junk."),
    (datetime(2026, 4, 6, tzinfo=UTC), "Writer 2",
     "Base text here. One two three four. Five. Seven eight nine."),
    (END, "Writer 1", "Base text here. Too late."),  # the window's end is exclusive
]
FRESH = [
    (datetime(2026, 4, 2, tzinfo=UTC), "Writer 3", "Alpha beta [[gamma]]."),
    (datetime(2026, 4, 3, tzinfo=UTC), "Writer 3", "Alpha beta [[gamma]]. Delta {{x}} epsilon."),
]



def page(title: str, history: list[tuple[datetime, str, str]], namespace: int = 0) -> Page:
    return Page(title, [Revision(when, user, text) for when, user, text in history], namespace)


def revision_ids(farm: Farm, title: str) -> list[int]:
    data = farm.api("en", action="query", prop="revisions", titles=title, rvlimit="max",
                    rvdir="newer", rvprop="ids")
    return [r["revid"] for r in data["query"]["pages"][0]["revisions"]]


@pytest.fixture
def wiki(clean_farm: Farm) -> Farm:
    clean_farm.import_pages("en", [
        page("Growing", GROWING),
        page("Fresh", FRESH),
        page("Elsewhere", [(datetime(2026, 4, 8, tzinfo=UTC), "Writer 1", "Not declared.")]),
        page("Talk:Growing", [(datetime(2026, 4, 8, tzinfo=UTC), "Writer 1", "Talk.")], 1),
    ])
    growing = revision_ids(clean_farm, "Growing")
    clean_farm.tag_revision("en", growing[5], "mw-reverted")  # the junk
    clean_farm.tag_revision("en", growing[6], "mw-manual-revert")  # its revert
    return clean_farm


def facts(**options: Any) -> WikiFacts:
    import pywikibot

    site = pywikibot.Site("en", "devwiki")
    return fetch_facts(site, FactsRequest(titles=["Growing", "Fresh"], participants=USERS,
                                          window_start=START, window_end=END, **options))


def test_work_lists_every_edit_and_counts_the_lasting_ones(wiki: Farm) -> None:
    found = facts()
    growing_id, fresh_id = wiki.page_id("en", "Growing"), wiki.page_id("en", "Fresh")
    ids = revision_ids(wiki, "Growing")
    texts = [text for _, _, text in GROWING]

    mine = found.work[("Writer 1", growing_id)]
    assert [e.revision for e in mine.edits] == [ids[2], ids[4], ids[5]]
    assert [e.parent for e in mine.edits] == [ids[1], ids[3], ids[4]]
    assert [e.tags for e in mine.edits] == [(), (), ("mw-reverted",)]
    assert [e.timestamp for e in mine.edits] == [GROWING[n][0] for n in (2, 4, 5)]
    # The other person's edit in between and the reverted junk add nothing.
    assert mine.bytes_added == (len(texts[2]) - len(texts[1])) + (len(texts[4]) - len(texts[3]))
    assert (mine.words_added, mine.chars_added) == (None, None)
    assert not any(e.created for e in mine.edits)

    revert = found.work[("Writer 2", growing_id)]
    assert ([e.tags for e in revert.edits], revert.bytes_added) == ([("mw-manual-revert",)], 0)

    fresh = found.work[("Writer 3", fresh_id)]
    assert (any(e.created for e in fresh.edits), fresh.bytes_added) == (True, len(FRESH[1][2]))
    # Pages of the judged pages' namespaces that nobody declared are listed too; talk
    # pages are not.
    assert ("Writer 1", wiki.page_id("en", "Elsewhere")) in found.work
    assert ("Writer 1", wiki.page_id("en", "Talk:Growing")) not in found.work
    assert len(found.work) == 4

    pages = found.pages
    assert (pages["Fresh"].creator, pages["Fresh"].created_at) == ("Writer 3", FRESH[0][0])
    # Older than the window and created by no participant: only that much is looked up.
    assert (pages["Growing"].creator, pages["Growing"].created_at) == (None, None)
    assert pages["Growing"].revision_before is not None
    assert found.users == {}


def test_words_and_chars_added_by_counted_edits(wiki: Farm) -> None:
    bot_site()  # facts() uses the same site object
    before = wiki.request_count("en")
    found = facts(need_added_content=True, claims=[
        ("Growing", "Writer 1"), ("Growing", "Writer 2"), ("Fresh", "Writer 3")])
    # Page read, usercontribs, the revision before Growing's first edit in the window, the
    # participants' creations before the window (Growing is no participant's creation; both
    # batched for any number of pages) and one request for the 6 revisions the counted
    # edits and their parents need.
    assert wiki.request_count("en") - before == 5

    size = [measure_text(text) for _, _, text in GROWING]
    mine = found.work[("Writer 1", wiki.page_id("en", "Growing"))]
    # Each counted edit against its parent: 5 → 7 words ("Too early." went), 8 → 11.
    assert mine.words_added == (7 - 5) + (11 - 8)
    assert mine.chars_added == (size[2].chars - size[1].chars) + (size[4].chars - size[3].chars)
    revert = found.work[("Writer 2", wiki.page_id("en", "Growing"))]
    assert (revert.words_added, revert.chars_added) == (0, 0)
    fresh = found.work[("Writer 3", wiki.page_id("en", "Fresh"))]
    final = measure_text(FRESH[1][2])
    assert (fresh.words_added, fresh.chars_added) == (final.words, final.chars)
    # Only the claims are measured: not other editors of a claimed page, nor other pages.
    only_mine = facts(need_added_content=True, claims=[("Growing", "Writer 1")])
    assert only_mine.work[("Writer 1", wiki.page_id("en", "Growing"))].words_added == 5
    assert only_mine.work[("Writer 2", wiki.page_id("en", "Growing"))].words_added is None
    elsewhere = found.work[("Writer 1", wiki.page_id("en", "Elsewhere"))]
    assert (elsewhere.words_added, elsewhere.bytes_added) == (None, len("Not declared."))


def test_no_existing_page_means_no_contributions_pass(clean_farm: Farm) -> None:
    site = bot_site()
    before = clean_farm.request_count("en")
    found = fetch_facts(site, FactsRequest(titles=["Nothing here"], participants=USERS,
                                           window_start=START, window_end=END))
    assert clean_farm.request_count("en") - before == 2  # page read and its log
    assert (found.pages["Nothing here"].exists, found.work) == (False, {})
