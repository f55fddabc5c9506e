"""What the store keeps for operations, on SQLite and on MariaDB: the last valid
definitions and registries, the update requests read from the update pages, stopped
runs, and migration 0006 down and up again. The fixtures are in ``store_fixtures``."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, inspect

from bot.store import Document, RequestRecord, RunStatus, Store
from bot.store.migrate import current_revision, downgrade, upgrade
from tests.integration.store_records import T1, T2, T3, USER_VARIANTS

pytest_plugins = ["tests.integration.store_fixtures"]
pytestmark = pytest.mark.filterwarnings("error")

KEY = "definition meta:meta:CEE Spring 2026/Bot definition"
FOUR_BYTE = "𝒜 🇱🇻 \U00020000"
# Longer than the 64 KB of a TEXT column on MariaDB, in characters of 2 and 4 bytes.
LONG = '{"wikis": {' + "ą" * 30_000 + "😀" * 5_000 + "}}"
# Titles that differ only by case, accents (precomposed or combining) or 4-byte characters.
PAGES = ("Konkurs/Aktualizuj", "konkurs/Aktualizuj", "Konkurs/Aktualizúj",
         "Konkurs/Aktualizu\u0301j", "Konkurs/Aktualizuj 😀")
TABLES_OF_0006 = {"run_lock", "document", "update_request_cursor", "update_request"}


@dataclass(frozen=True, slots=True)
class Edit:
    """An update request as ``bot.contests.requests`` reads one."""

    contest: str
    wiki: str
    page: str
    revision: int
    user: str
    at: datetime
    allowed: bool


ASK = Edit("Contest 2026", "meta", "Contest 2026/Update", 12, "Anna", T1, allowed=True)


def record(edit: Edit, handled_at: datetime | None = None) -> RequestRecord:
    return RequestRecord(edit.contest, edit.wiki, edit.page, edit.revision, edit.user, edit.at,
                         edit.allowed, handled_at)


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    with engine.connect() as connection:
        names = set(inspect(connection).get_table_names())
    engine.dispose()
    return names


def test_a_document_loads_back_equal_with_4_byte_characters(store: Store) -> None:
    riga = timezone(timedelta(hours=3))
    store.save_document(KEY, FOUR_BYTE, 123, T1.astimezone(riga))

    assert store.document(KEY) == Document(KEY, FOUR_BYTE, 123, T1)
    saved = store.document(KEY)
    assert saved is not None and saved.saved_at.tzinfo == UTC
    assert store.document("definition unknown") is None


def test_a_document_longer_than_64_kb_loads_back_equal(store: Store) -> None:
    assert len(LONG.encode()) > 70_000
    store.save_document(KEY, LONG, 123, T1)

    assert store.document(KEY) == Document(KEY, LONG, 123, T1)


def test_saving_a_document_again_replaces_it(store: Store) -> None:
    store.save_document(KEY, "{}", 123, T1)
    riga = timezone(timedelta(hours=3))  # an update converts to UTC as an insert does
    store.save_document(KEY, '{"contests": {}}', None, T2.astimezone(riga))  # now from a file

    assert store.document(KEY) == Document(KEY, '{"contests": {}}', None, T2)


def test_saving_one_document_at_once_from_several_processes_keeps_one(store: Store) -> None:
    texts = [f'{{"n": {n}}}' for n in range(8)]
    for round_ in range(5):
        key = f"registry {round_}"
        start = threading.Barrier(len(texts))

        def save(text: str, key: str = key, start: threading.Barrier = start) -> None:
            start.wait()
            store.save_document(key, text, None, T1)

        with ThreadPoolExecutor(len(texts)) as pool:
            list(pool.map(save, texts))  # re-raises what a thread raised

        saved = store.document(key)
        assert saved is not None and saved.text in texts


def test_keys_differing_by_case_accents_or_4_byte_characters_are_distinct(
    store: Store,
) -> None:
    keys = [f"definition meta:meta:{page}" for page in PAGES]
    for n, key in enumerate(keys):
        store.save_document(key, f"text {n}", n, T1)

    assert [store.document(key) for key in keys] == [
        Document(key, f"text {n}", n, T1) for n, key in enumerate(keys)
    ]


def test_a_key_longer_than_its_column_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="document keys have at most 512 characters, not 513"):
        store.save_document("k" * 513, "{}", None, T1)
    assert store.document("k" * 512) is None


def test_request_cursors_move_per_contest_wiki_and_page(store: Store) -> None:
    assert store.request_cursor("Contest 2026", "meta", PAGES[0]) is None
    for n, page in enumerate(PAGES):
        store.move_request_cursor("Contest 2026", "meta", page, 10 + n)
    store.move_request_cursor("Contest 2026", "pl", PAGES[0], 3_000_000_001)  # beyond 32 bits
    store.move_request_cursor("contest 2026", "meta", PAGES[0], 99)
    store.move_request_cursor("Contest 2026", "meta", PAGES[0], 20)

    assert [store.request_cursor("Contest 2026", "meta", page) for page in PAGES] == [
        20, 11, 12, 13, 14
    ]
    assert store.request_cursor("Contest 2026", "pl", PAGES[0]) == 3_000_000_001
    assert store.request_cursor("contest 2026", "meta", PAGES[0]) == 99


def test_requests_load_back_newest_first_with_exact_users_and_pages(store: Store) -> None:
    edits = [
        replace(ASK, user=user, page=page, revision=n, at=T1 + timedelta(minutes=n),
                allowed=n % 2 == 0)
        for n, (user, page) in enumerate(zip(USER_VARIANTS, PAGES * 2, strict=False))
    ]
    for edit in edits:
        store.record_request(edit, handled=not edit.allowed, now=T3)
    store.record_request(replace(ASK, contest="Other contest"), handled=False, now=T3)

    expected = [record(edit, None if edit.allowed else T3) for edit in reversed(edits)]
    assert store.recent_requests("Contest 2026", limit=10) == expected
    assert store.recent_requests("Contest 2026") == expected[:5]
    assert store.recent_requests("Contest 2026", limit=2) == expected[:2]
    assert store.recent_requests("Unknown") == []


def test_recording_an_edit_again_replaces_its_record(store: Store) -> None:
    store.record_request(ASK, handled=False, now=T2)
    store.record_request(ASK, handled=True, now=T3.astimezone(timezone(timedelta(hours=3))))
    other_page = replace(ASK, page="Contest 2026/update", at=T2)
    store.record_request(other_page, handled=False, now=T3)

    assert store.recent_requests("Contest 2026") == [record(other_page), record(ASK, T3)]


def test_a_stopped_run_is_recorded_as_stopped(store: Store) -> None:
    run_id = store.start_run("Contest 2026", T1)
    store.finish_run(run_id, T2, status="stopped", entries=3, accepted=2, review=1, edits=0)

    (run,) = store.runs("Contest 2026")
    assert run.status is RunStatus.STOPPED


def test_migration_0006_goes_down_and_up_again(store_url: str) -> None:
    assert current_revision(store_url) is None
    upgrade(store_url, "0006")
    assert current_revision(store_url) == "0006"
    with Store(store_url) as store:
        store.save_document(KEY, FOUR_BYTE, 1, T1)
        store.acquire_lock("Contest 2026", "host.example:1:a", T1, timedelta(minutes=10))
        store.move_request_cursor("Contest 2026", "meta", PAGES[0], 12)
        store.record_request(ASK, handled=False, now=T1)

    downgrade(store_url, "0005")
    assert current_revision(store_url) == "0005"
    assert not tables(store_url) & TABLES_OF_0006
    assert "contest" in tables(store_url)

    upgrade(store_url)
    assert current_revision(store_url) == "0006"
    assert tables(store_url) >= TABLES_OF_0006
    with Store(store_url) as store:
        assert store.document(KEY) is None
        assert store.lock_holder("Contest 2026") is None
        assert store.request_cursor("Contest 2026", "meta", PAGES[0]) is None
        assert store.recent_requests("Contest 2026") == []
