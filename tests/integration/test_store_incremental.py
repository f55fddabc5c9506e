"""What an incremental run keeps in the store (wiki checkpoints, accounts, the categories
and templates of an entry's page), on SQLite and on MariaDB; fixtures in ``store_fixtures``."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.model import UserFacts
from bot.store import Checkpoint, Store
from tests.integration.store_records import T1, T2, T3, facts, result

pytest_plugins = ["tests.integration.store_fixtures"]
pytestmark = pytest.mark.filterwarnings("error")

# Names that differ only by case, accents (precomposed or combining) or 4-byte characters.
NAMES = ("Ārija", "ārija", "Arija", "A\u0304rija", "Ārija 😀", "\U00020000")


def test_a_checkpoint_is_saved_with_the_wiki_and_kept_when_it_goes_stale(store: Store) -> None:
    checkpoint = Checkpoint(T2, "a" * 64, T1)
    store.save_wiki("c", "lv", [result("Rīga")], [], T2, checkpoint=checkpoint)
    assert store.load("c").wikis[0].checkpoint == checkpoint

    store.mark_stale("c", "lv", "timeout", T3)
    (wiki,) = store.load("c").wikis
    assert (wiki.error, wiki.checkpoint) == ("timeout", checkpoint)

    store.save_wiki("c", "lv", [result("Rīga")], [], T3)  # no checkpoint given: kept
    assert store.load("c").wikis[0].checkpoint == checkpoint


def test_accounts_load_back_per_wiki_and_are_replaced(store: Store) -> None:
    users = [UserFacts(name, True, T1, 10 + i, i) for i, name in enumerate(NAMES)]
    store.save_accounts("c", "lv", users)
    store.save_accounts("c", "et", [UserFacts("Ārija", False)])
    store.save_accounts("d", "lv", [UserFacts("Ārija", True, None, None, None)])
    assert store.accounts("c", "lv") == {user.name: user for user in users}

    created = UserFacts("Ārija", True, T2, 1, 0)
    store.save_accounts("c", "et", [created])
    assert store.accounts("c", "et") == {"Ārija": created}
    assert store.accounts("d", "lv") == {"Ārija": UserFacts("Ārija", True, None, None, None)}

    store.forget_accounts("c", "lv")
    assert store.accounts("c", "lv") == {}
    assert store.accounts("c", "et") == {"Ārija": created}


def test_categories_and_templates_of_a_page_load_back(store: Store) -> None:
    page = replace(facts("Rīga"), categories=frozenset({"Kategorija:Rīga", "Kategorija:😀"}),
                   templates=frozenset({"Veidne:Infokaste"}))
    saved = result("Rīga", page=page)
    store.save_wiki("c", "lv", [saved], [], T1)
    assert store.load("c").results == (saved,)
