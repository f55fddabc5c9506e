"""The pages the bot published, as the store keeps them, on SQLite and on MariaDB; the
fixtures are in ``store_fixtures``."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, timedelta, timezone

import pytest

from bot.store import PublishedPage, Store, body_hash
from tests.integration.store_records import T1, T2, T3

pytest_plugins = ["tests.integration.store_fixtures"]
pytestmark = pytest.mark.filterwarnings("error")

RESULTS = PublishedPage("meta", "CEE Spring 2026/Results", body_hash("{| ... |}"), T1, T1)
# Titles that differ only by case, accents (precomposed or combining) or 4-byte characters.
TITLES = ("Rezultāti", "rezultāti", "Rezultati", "Rezulta\u0304ti", "Rezultāti 😀", "\U00020000")


def test_saved_pages_load_back_by_wiki_and_title(store: Store) -> None:
    riga = timezone(timedelta(hours=3))
    pages = [
        PublishedPage("lv", title, body_hash(title), T2.astimezone(riga), None) for title in TITLES
    ]
    for page in [RESULTS, *pages]:
        store.save_published("c", page)
    store.save_published("other contest", replace(RESULTS, body_hash=body_hash("")))

    loaded = store.published_pages("c")
    assert loaded == {(page.wiki, page.title): page for page in [RESULTS, *pages]}
    assert loaded["lv", TITLES[0]].changed_at.tzinfo == UTC
    assert store.published_pages("unknown") == {}


def test_saving_a_page_again_replaces_it(store: Store) -> None:
    store.save_published("c", RESULTS)
    unchanged = replace(RESULTS, edited_at=None)  # e.g. the edit failed
    store.save_published("c", unchanged)
    assert store.published_pages("c") == {("meta", RESULTS.title): unchanged}

    changed = replace(RESULTS, body_hash=body_hash("{| new |}"), changed_at=T3, edited_at=T3)
    store.save_published("c", changed)
    assert store.published_pages("c") == {("meta", RESULTS.title): changed}


def test_forgotten_pages_are_gone(store: Store) -> None:
    other_wiki = replace(RESULTS, wiki="lv")
    store.save_published("c", RESULTS)
    store.save_published("c", other_wiki)
    store.save_published("d", RESULTS)

    store.forget_published("c", "meta", RESULTS.title.lower())  # not that page
    store.forget_published("c", "meta", RESULTS.title)
    store.forget_published("c", "meta", RESULTS.title)  # no longer there
    store.forget_published("unknown", "meta", RESULTS.title)
    assert store.published_pages("c") == {("lv", RESULTS.title): other_wiki}
    assert store.published_pages("d") == {("meta", RESULTS.title): RESULTS}


@pytest.mark.parametrize("bad", ["", "abc", body_hash("x").upper(), body_hash("x") + "0"])
def test_only_sha256_hashes_are_kept(store: Store, bad: str) -> None:
    with pytest.raises(ValueError, match="SHA-256"):
        store.save_published("c", replace(RESULTS, body_hash=bad))
    assert store.published_pages("c") == {}


def test_the_hash_of_a_body_tells_bodies_apart() -> None:
    assert body_hash("a 😀") == body_hash("a 😀") != body_hash("a 😃")
    assert len(body_hash("")) == 64
