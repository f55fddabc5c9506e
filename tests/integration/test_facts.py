"""Page facts read from a real wiki, and how few requests that takes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.facts.pages import FactsRequest, fetch_facts
from devwiki.dump import Page, Revision
from devwiki.farm import Farm

START = datetime(2026, 3, 21, tzinfo=UTC)
END = datetime(2026, 6, 1, tzinfo=UTC)
USERS = [f"Writer {n}" for n in range(60)]


def at(day: int) -> datetime:
    return datetime(2026, 4, day, 12, tzinfo=UTC)


@pytest.fixture
def wiki(clean_farm: Farm) -> Farm:
    pages = [
        Page(f"Article {n}", [Revision(at(1 + n % 28), USERS[n % 60], f"Text {n} " * (n + 1))])
        for n in range(120)
    ]
    pages += [
        Page("Old article", [Revision(datetime(2025, 5, 1, tzinfo=UTC), USERS[0], "old " * 9)]),
        Page("Someone else's", [Revision(at(2), "Outsider", "theirs " * 5),
                                Revision(at(3), USERS[1], "theirs " * 6)]),
        Page("Shortcut", [Revision(at(4), USERS[2], "#REDIRECT [[Article 1]]")]),
        Page("Long way", [Revision(at(4), USERS[2], "#REDIRECT [[Shortcut]]")]),
        Page("Disambiguation", [Revision(at(5), USERS[3], "A or B {{Disambig}}")]),
        Page("Template:Disambig", [Revision(at(1), "Outsider", "disambiguation")],
             namespace=10),
    ]
    clean_farm.import_pages("en", pages)
    editor = clean_farm.editor("en")
    editor.move("Article 7", "Article 7 (moved)", "better title")
    editor.move("Article 9", "Article 9 b", "first rename")
    editor.move("Article 9 b", "Article 9 c", "second rename")  # leaves a double redirect
    return clean_farm


def request(titles: list[str], **options: object) -> FactsRequest:
    return FactsRequest(titles=titles, participants=USERS, window_start=START,
                        window_end=END, **options)  # type: ignore[arg-type]


def test_facts_of_every_kind_of_page(wiki: Farm) -> None:
    import pywikibot

    site = pywikibot.Site("en", "devwiki")
    titles = ["Article 3", "Old article", "Someone else's", "Shortcut", "Article 7",
              "Disambiguation", "No such page", "Talk:Article 3", "Long way", "Article 9"]
    facts = fetch_facts(site, request(titles, need_words=True,
                                      disambiguation_templates=["Template:Disambig"]))

    article = facts["Article 3"]
    assert (article.exists, article.page_id, article.namespace, article.creator,
            article.created_at, article.length, article.words) == (
        True, wiki.page_id("en", "Article 3"), 0, "Writer 3", at(4), 28, 8)
    assert (facts["Old article"].creator, facts["Old article"].created_at) == (
        "Writer 0", datetime(2025, 5, 1, tzinfo=UTC))
    assert facts["Someone else's"].creator == "Outsider"
    shortcut = facts["Shortcut"]
    assert (shortcut.redirect_target, shortcut.moved, shortcut.title) == (
        "Article 1", False, "Shortcut")
    moved = facts["Article 7"]
    assert (moved.redirect_target, moved.moved, moved.title, moved.creator) == (
        "Article 7 (moved)", True, "Article 7 (moved)", "Writer 7")
    assert moved.page_id == wiki.page_id("en", "Article 7 (moved)")
    # Double redirects are followed to their end, as the API does.
    assert (facts["Long way"].redirect_target, facts["Long way"].moved) == ("Article 1", False)
    twice = facts["Article 9"]
    assert (twice.moved, twice.title, twice.creator) == (True, "Article 9 c", "Writer 9")
    assert facts["Disambiguation"].is_disambiguation
    assert not facts["Article 3"].is_disambiguation
    assert not facts["No such page"].exists
    assert not facts["Talk:Article 3"].exists


def test_120_titles_of_60_participants_take_two_requests(wiki: Farm) -> None:
    import pywikibot

    site = pywikibot.Site("en", "devwiki")
    site.login()
    site.has_right("apihighlimits")  # userinfo is read once per session, not per run
    titles = [f"Article {n}" for n in range(120) if n not in (7, 9)]  # not the moved ones
    before = wiki.request_count("en")
    facts = fetch_facts(site, request(titles, need_words=True))
    # The bot account has apihighlimits: one request for the facts and content of all
    # 118 titles and one usercontribs request for all 60 users (500 of each per request,
    # 50 without the right); no page costs a request of its own because every creator
    # is a participant.
    assert wiki.request_count("en") - before == 2
    assert all(f.creator == f"Writer {int(t.split()[1]) % 60}" for t, f in facts.items())
