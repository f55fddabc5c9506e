"""Page facts read from a real wiki, and how few requests that takes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sites import bot_site

from bot.facts.pages import FactsRequest, fetch_facts
from bot.facts.prose import measure_text
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
    facts = fetch_facts(site, request(titles, need_content=True,
                                      disambiguation_templates=["Template:Disambig"])).pages

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
    site = bot_site()
    titles = [f"Article {n}" for n in range(120) if n not in (7, 9)]  # not the moved ones
    before = wiki.request_count("en")
    facts = fetch_facts(site, request(titles, need_content=True)).pages
    # The bot account has apihighlimits: one request for the facts and content of all
    # 118 titles and one usercontribs request for all 60 users (500 of each per request,
    # 50 without the right); no page costs a request of its own because every creator
    # is a participant.
    assert wiki.request_count("en") - before == 2
    assert all(f.creator == f"Writer {int(t.split()[1]) % 60}" for t, f in facts.items())


# ----- content, templates, categories, page props ---------------------------------------

ESSAY = ("Old text that the latest revision replaced entirely.",
         "'''Essay''' has [[prose|linked words]] and a note.<ref>Source</ref> {{Cleanup}}\n"
         "[[Plik:Photo.jpg|thumb|a caption]] More words.<ref name=\"b\">Other</ref>\n"
         "[[Category:Poets]] [[Category:Unrelated]]")


@pytest.fixture
def tagged(clean_farm: Farm) -> Farm:
    clean_farm.import_pages("en", [
        Page("Essay", [Revision(at(1), USERS[1], ESSAY[0]), Revision(at(2), USERS[1], ESSAY[1])]),
        Page("Ambiguous", [Revision(at(3), USERS[2], "X may mean:\n* A\n* B\n{{Disambig}}")]),
        Page("Flagged", [Revision(at(3), USERS[2], "Y {{Stub}}")]),
        Page("Template:Cleanup", [Revision(at(1), "Outsider", "cleanup")], namespace=10),
        Page("Template:Stub", [Revision(at(1), "Outsider", "stub")], namespace=10),
        Page("Template:Disambig", [Revision(at(1), "Outsider", "disambiguation")],
             namespace=10),
    ])
    clean_farm.set_page_prop("en", "Essay", "wikibase_item", "Q42")
    clean_farm.set_page_prop("en", "Flagged", "disambiguation", "")  # as Disambiguator does
    return clean_farm


def test_content_measures_of_the_latest_revision(tagged: Farm) -> None:
    import pywikibot

    hidden = frozenset({"plik"})
    site = pywikibot.Site("en", "devwiki")
    essay = fetch_facts(site, request(["Essay"], need_content=True,
                                      hidden_prefixes=hidden)).pages["Essay"]
    size = measure_text(ESSAY[1], hidden)
    assert (essay.words, essay.chars, essay.references) == (size.words, size.chars, 2)
    assert essay.words != measure_text(ESSAY[1]).words  # the hidden prefixes were applied
    plain = fetch_facts(site, request(["Essay"])).pages["Essay"]
    assert (plain.words, plain.chars, plain.references) == (None, None, None)


def test_templates_categories_and_wikibase_item(tagged: Farm) -> None:
    import pywikibot

    site = pywikibot.Site("en", "devwiki")
    facts = fetch_facts(site, request(
        ["Essay", "Ambiguous", "Flagged"],
        disambiguation_templates=["Template:Disambig"],
        # In the wiki's own form, as judging.facts_request writes them.
        templates=["Template:Cleanup", "Template:Unreferenced"],
        categories=["Category:Poets", "Category:Painters"],
    )).pages
    essay = facts["Essay"]
    assert (essay.templates, essay.categories, essay.wikibase_item, essay.is_disambiguation) == (
        frozenset({"Template:Cleanup"}), frozenset({"Category:Poets"}), "Q42", False)
    ambiguous = facts["Ambiguous"]
    assert (ambiguous.is_disambiguation, ambiguous.templates, ambiguous.wikibase_item) == (
        True, frozenset(), None)
    assert facts["Flagged"].is_disambiguation  # the page prop alone
    assert facts["Flagged"].templates == frozenset()  # {{Stub}} was not asked for


# ----- the size before the window ----------------------------------------------------------

def test_size_before_the_window_from_the_participants_edits(clean_farm: Farm) -> None:

    second = timedelta(seconds=1)
    texts = ["Stub.", "A longer stub of an article.", "Expanded " * 40, "Expanded " * 60]
    clean_farm.import_pages("en", [
        Page("Expanded", [Revision(datetime(2025, 5, 1, tzinfo=UTC), "Outsider", texts[0]),
                          Revision(START - second, "Outsider", texts[1]),
                          Revision(START, USERS[5], texts[2]),  # the window's first second
                          Revision(at(3), USERS[5], texts[3])]),
        Page("Old article", [Revision(datetime(2025, 5, 1, tzinfo=UTC), USERS[0], "old " * 9)]),
        Page("Brand new", [Revision(at(2), USERS[6], "new " * 30)]),
    ])
    revisions = clean_farm.api("en", action="query", prop="revisions", titles="Expanded",
                               rvlimit="max", rvdir="newer", rvprop="ids")
    ids = [r["revid"] for r in revisions["query"]["pages"][0]["revisions"]]
    site = bot_site()
    before = clean_farm.request_count("en")
    facts = fetch_facts(site, request(["Expanded", "Old article", "Brand new"],
                                      need_size_before=True)).pages
    # Page read, usercontribs; for "Expanded", the revision its participant's first edit
    # was made on (batched) and the participants' own creations before the window
    # (batched); for "Old article", which no participant edited in the window, its first
    # revision and its last one before the window (one page per request each).
    assert clean_farm.request_count("en") - before == 6
    assert (facts["Expanded"].revision_before, facts["Expanded"].size_before) == (
        ids[1], len(texts[1]))
    # Not a participant's creation: who else made it is no rule's business.
    assert (facts["Expanded"].creator, facts["Expanded"].created_at) == (None, None)
    old = facts["Old article"]
    assert (old.revision_before, old.size_before) == (old.latest_revision, 36)
    assert (facts["Brand new"].revision_before, facts["Brand new"].size_before) == (None, None)
    assert facts["Brand new"].creator == USERS[6]
    # Unasked, the participant's edit shows it all the same: that is how an expansion is told.
    unasked = fetch_facts(site, request(["Expanded"])).pages["Expanded"]
    assert (unasked.revision_before, unasked.size_before) == (ids[1], len(texts[1]))


# ----- pages that are gone -------------------------------------------------------------------

def test_deleted_and_moved_without_redirect(clean_farm: Farm) -> None:

    clean_farm.import_pages("en", [
        Page("Doomed", [Revision(at(2), USERS[3], "spam " * 3)]),
        Page("Salted", [Revision(at(2), USERS[3], "spam again " * 3)]),
        Page("Wandering", [Revision(at(2), USERS[4], "a traveller " * 5)]),
        Page("Away", [Revision(at(2), USERS[4], "it goes " * 5)]),
    ])
    editor = clean_farm.editor("en")
    editor.delete("Doomed", "spam")
    editor.delete("Salted", "spam")
    editor.protect("Salted", "create=sysop", "keeps coming back")  # newer than the deletion
    editor.move("Wandering", "Wandered", "better title", leave_redirect=False)
    editor.move("Away", "Gone away", "rename", leave_redirect=False)
    editor.delete("Gone away", "not notable")
    log = clean_farm.api("en", action="query", list="logevents", letitle="Doomed")
    deleted_at = datetime.fromisoformat(log["query"]["logevents"][0]["timestamp"])
    log = clean_farm.api("en", action="query", list="logevents", letitle="Salted",
                         letype="delete")
    salted_at = datetime.fromisoformat(log["query"]["logevents"][0]["timestamp"])

    site = bot_site()
    before = clean_farm.request_count("en")
    facts = fetch_facts(site, request(["Doomed", "Salted", "Wandering", "Away",
                                       "No such page"])).pages
    # Page read; a log request per missing title (5); the move targets in one read;
    # usercontribs. The moved page was created by a participant: no history read.
    assert clean_farm.request_count("en") - before == 8

    doomed = facts["Doomed"]
    assert (doomed.exists, doomed.deleted_at, doomed.moved) == (False, deleted_at, False)
    assert (facts["Salted"].exists, facts["Salted"].deleted_at) == (False, salted_at)
    wandering = facts["Wandering"]
    assert (wandering.exists, wandering.moved, wandering.title, wandering.redirect_target,
            wandering.page_id, wandering.creator, wandering.created_at) == (
        True, True, "Wandered", "Wandered", clean_farm.page_id("en", "Wandered"),
        USERS[4], at(2))
    away = facts["Away"]  # moved, then the target deleted: judged as the missing target
    assert (away.exists, away.moved, away.title) == (False, True, "Gone away")
    plain = facts["No such page"]
    assert (plain.exists, plain.deleted_at, plain.moved, plain.redirect_target) == (
        False, None, False, None)
