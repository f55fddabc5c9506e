"""The store's line origins (who added each line of a declaring page) and history cursors,
on SQLite and on MariaDB; the fixtures are in ``store_fixtures``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy.exc import IntegrityError

from bot.model import LineOrigin
from bot.sources.history import line_key
from bot.store import Store

pytest_plugins = ["tests.integration.store_fixtures"]
pytestmark = pytest.mark.filterwarnings("error")

PAGE = 3_000_000_001  # page ids and revision ids beyond 32 bits
T1 = datetime(2026, 4, 1, 10, 0, 0, 123456, tzinfo=UTC)
# User names that differ only by case, accents (precomposed or combining) or 4-byte characters.
USERS = ("Anna", "anna", "Ánna", "A\u0301nna", "Anna 😀", "\U00020000 ext-B")


def origins(
    *lines: str, user: str = "Anna", revision: int = 4_000_000_000
) -> dict[str, LineOrigin]:
    return {
        line_key(line): LineOrigin(user, T1 + timedelta(minutes=index), revision + index)
        for index, line in enumerate(lines)
    }


def test_origins_load_back_equal(store: Store) -> None:
    riga = timezone(timedelta(hours=3))
    saved = {
        line_key(f"# [[Article {index}]] — ~~~~"): LineOrigin(
            user, datetime(2026, 3, 22, 11, 30, index, 654321, tzinfo=riga), 4_000_000_000 + index
        )
        for index, user in enumerate(USERS)
    }
    store.save_line_origins("CEE Spring 😀", "lv", PAGE, 4_000_000_099, saved)

    assert store.line_origins("CEE Spring 😀", "lv", PAGE) == (4_000_000_099, saved)


def test_nothing_is_known_of_a_page_never_saved(store: Store) -> None:
    store.save_line_origins("c", "lv", PAGE, 10, origins("# [[A]]"))

    for contest, wiki, page in [("other", "lv", PAGE), ("c", "et", PAGE), ("c", "lv", PAGE + 1)]:
        assert store.line_origins(contest, wiki, page) == (None, {})


def test_saves_add_to_what_is_known_and_move_the_cursor(store: Store) -> None:
    first = origins("# [[A]]", "# [[B]]", user="Anna", revision=100)
    second = origins("# [[C]]", user="Bob", revision=200)
    store.save_line_origins("c", "lv", PAGE, 150, first)
    assert store.line_origins("c", "lv", PAGE) == (150, first)

    store.save_line_origins("c", "lv", PAGE, 250, second)
    assert store.line_origins("c", "lv", PAGE) == (250, {**first, **second})

    store.save_line_origins("c", "lv", PAGE, 300, {})  # revisions without new lines
    assert store.line_origins("c", "lv", PAGE) == (300, {**first, **second})


def test_contests_wikis_and_pages_are_separate(store: Store) -> None:
    same_line = "# [[Rīga]]"
    places = [("A", "lv", PAGE), ("B", "lv", PAGE), ("A", "et", PAGE), ("A", "lv", PAGE + 1)]
    for index, (contest, wiki, page) in enumerate(places):
        store.save_line_origins(
            contest, wiki, page, index, origins(same_line, user=USERS[index], revision=index)
        )

    for index, (contest, wiki, page) in enumerate(places):
        expected = origins(same_line, user=USERS[index], revision=index)
        assert store.line_origins(contest, wiki, page) == (index, expected)


def test_a_known_origin_is_never_replaced(store: Store) -> None:
    known = origins("# [[A]]", user="Anna", revision=100)
    store.save_line_origins("c", "lv", PAGE, 150, known)

    again = {**origins("# [[B]]", revision=200), **origins("# [[A]]", user="Bob", revision=200)}
    with pytest.raises(IntegrityError):
        store.save_line_origins("c", "lv", PAGE, 250, again)
    assert store.line_origins("c", "lv", PAGE) == (150, known)  # nothing of the call kept


def test_keys_that_are_not_line_keys_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="40 characters"):
        store.save_line_origins("c", "lv", PAGE, 10, {"# [[A]]": LineOrigin("Anna", T1, 10)})
    assert store.line_origins("c", "lv", PAGE) == (None, {})
