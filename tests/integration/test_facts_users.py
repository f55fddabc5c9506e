"""The participants' accounts: registration, edit count and edits before the window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sites import bot_site

from bot.facts.pages import FactsRequest, fetch_facts
from devwiki.dump import Page, Revision
from devwiki.farm import Farm

START = datetime(2026, 3, 21, tzinfo=UTC)
END = datetime(2026, 6, 1, tzinfo=UTC)
LIMIT = 3



def edits(user: str, before: int, inside: int) -> list[Revision]:
    """``before`` edits in the last seconds before the window, ``inside`` from its start."""
    return ([Revision(START - timedelta(seconds=n + 1), user, f"{user} {n}")
             for n in range(before)]
            + [Revision(START + timedelta(seconds=n), user, f"{user} in {n}")
               for n in range(inside)])


def test_users_and_their_edits_before_the_window(clean_farm: Farm) -> None:

    history = (edits("Veteran", 5, 1) + edits("Midway", LIMIT, 0) + edits("Few", 2, 2)
               + edits("Ancient", 1, 0) + edits("Novice", 2, 1))
    clean_farm.import_pages("en", [
        Page(f"Sandbox {n}", [revision]) for n, revision in enumerate(history)
    ] + [Page("Entry", [Revision(START + timedelta(days=3), "Novice", "An entry.")])])
    registered = datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC)
    for user in ("Veteran", "Midway", "Few"):
        clean_farm.set_registration("en", user, registered)
    clean_farm.set_registration("en", "Novice", START)  # registered as the window opened
    clean_farm.sql("en", "UPDATE user SET user_registration = NULL WHERE user_name = 'Ancient'")

    site = bot_site()
    participants = ["Veteran", "Midway", "few", "Ancient", "Novice", "Ghost"]
    before = clean_farm.request_count("en")
    found = fetch_facts(site, FactsRequest(
        titles=["Entry"], participants=participants, window_start=START, window_end=END,
        need_users=True, edits_before_limit=LIMIT))
    # Page read, usercontribs, list=users for all six, and one count for each of the four
    # accounts older than the window (Novice's is known to be 0, Ghost has no account).
    assert clean_farm.request_count("en") - before == 3 + 4

    users = found.users
    assert list(users) == participants  # by the names as given
    veteran = users["Veteran"]
    assert (veteran.name, veteran.exists, veteran.registered, veteran.edit_count,
            veteran.edits_before_start) == ("Veteran", True, registered, 6, LIMIT)  # at least
    assert users["Midway"].edits_before_start == LIMIT  # exactly at the limit
    few = users["few"]
    assert (few.name, few.edit_count, few.edits_before_start) == ("Few", 4, 2)  # exact
    ancient = users["Ancient"]
    assert (ancient.registered, ancient.edits_before_start) == (None, 1)
    novice = users["Novice"]
    assert (novice.registered, novice.edit_count, novice.edits_before_start) == (START, 4, 0)
    ghost = users["Ghost"]
    assert (ghost.exists, ghost.registered, ghost.edit_count, ghost.edits_before_start) == (
        False, None, None, None)
    assert found.pages["Entry"].creator == "Novice"


def test_users_without_the_count(clean_farm: Farm) -> None:
    import pywikibot

    clean_farm.import_pages("en", [Page("Entry", [Revision(START, "Novice", "An entry.")])])
    site = pywikibot.Site("en", "devwiki")
    found = fetch_facts(site, FactsRequest(titles=["Entry"], participants=["Novice"],
                                           window_start=START, window_end=END, need_users=True))
    novice = found.users["Novice"]
    assert (novice.exists, novice.edit_count, novice.edits_before_start) == (True, 1, None)
