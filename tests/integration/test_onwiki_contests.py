"""Contests defined on the wikis: a JSON definition page and registry read with their last
valid versions kept in force, and update-now requests read from an update page's history."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.config import ContestConfig, SiteRef, parse_config
from bot.contests.definitions import load_definition
from bot.contests.locations import PageRef
from bot.contests.registry import Cadence, RegistryEntry, load_registry
from bot.contests.requests import UpdateRequest, read_requests
from bot.store import Store
from devwiki.dump import Page, Revision
from devwiki.editor import EditorError
from devwiki.farm import Farm
from tests.integration.sites import bot_site

META = SiteRef(code="meta", family="devwiki")
DEFINITION = PageRef(META, "Contest 2026/Bot definition")
REGISTRY = PageRef(META, "User:ContestBot/Contests")
UPDATE = "Contest 2026/Update"


def definition(**results: Any) -> dict[str, Any]:
    return {
        "name": "Contest 2026",
        "window": {"start": "2026-03-21", "end": "2026-05-31", "timezone": "Europe/Warsaw"},
        "results": {"wiki": "meta", "page": "Contest 2026/Results", **results},
        "organizers": ["anna_k"],
        "wikis": {"meta": {"site": {"code": "meta", "family": "devwiki"},
                           "sources": [{"kind": "submission_page", "page": "Contest 2026"}]},
                  "pl": {"site": {"code": "pl", "family": "devwiki"},
                         "jury": {"page": "Wikipedia:Contest/Jury", "members": ["Bartek"]}}},
    }


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'bot.sqlite'}") as opened:
        yield opened


def save_json(farm: Farm, page: PageRef, data: object, summary: str) -> int:
    return farm.editor(page.site.code).edit(page.title, json.dumps(data), summary,
                                            contentmodel="json")


def test_definition_page_keeps_its_last_valid_revision(
    clean_farm: Farm, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    valid = save_json(clean_farm, DEFINITION, definition(), "the contest")
    loaded = load_definition(DEFINITION, store)
    assert (loaded.source, loaded.revision, loaded.error) == (str(DEFINITION), valid, None)
    assert loaded.config == parse_config(definition(), "expected")
    kept = store.document(f"definition {DEFINITION}")
    assert kept is not None and kept.revision == valid

    # MediaWiki refuses invalid JSON on a page of the json model; a page turned into
    # wikitext (the default model) takes anything.
    with pytest.raises(EditorError, match="invalid-json-data"):
        clean_farm.editor("meta").edit(DEFINITION.title, '{"name": ', "oops")
    broken = clean_farm.editor("meta").edit(
        DEFINITION.title, '{"name": "Contest 2026",\n "window": }', "oops",
        contentmodel="wikitext")
    with caplog.at_level(logging.ERROR):
        loaded = load_definition(DEFINITION, store)
    assert (loaded.config, loaded.revision) == (parse_config(definition(), "x"), valid)
    assert loaded.error is not None and loaded.error.revision == broken
    assert loaded.error.problems == ("line 2, column 12: not valid JSON (Expecting value)",)
    assert f"{DEFINITION} (revision {broken}) is not in force" in caplog.text
    assert f"in force: revision {valid}, the last valid one" in caplog.text

    data = definition()
    data["wikis"]["pl"]["rules"] = ["defaults", {"min_bytes": "2kb"}]
    wrong = save_json(clean_farm, DEFINITION, data, "stricter rules")
    loaded = load_definition(DEFINITION, store)
    assert loaded.revision == valid and loaded.config is not None
    assert loaded.error is not None and loaded.error.revision == wrong
    assert loaded.error.problems == (
        'wikis.pl.rules.1.min_bytes: expected a whole number, got "2kb"',)

    fixed = save_json(clean_farm, DEFINITION, definition(update_page=UPDATE), "update page")
    loaded = load_definition(DEFINITION, store)
    assert (loaded.revision, loaded.error) == (fixed, None)
    assert loaded.config is not None and loaded.config.results.update_page == UPDATE


def test_missing_definition_page_is_said_so(clean_farm: Farm, store: Store) -> None:
    loaded = load_definition(PageRef(META, "No such definition"), store)
    assert loaded.config is None
    assert loaded.error is not None
    assert loaded.error.problems == ("cannot read: the page does not exist",)


def test_registry_page_names_pages_never_files(clean_farm: Farm, store: Store) -> None:
    contests = {
        "contest-2026": {"definition": {"page": DEFINITION.title},
                         "cadence": {"before_start": None, "open": 30}},
        "quotes": {"definition": {"page": "Konkurs/Bot", "site": {"code": "pl",
                                                                  "family": "devwiki"}},
                   "enabled": False},
    }
    valid = save_json(clean_farm, REGISTRY, {"contests": contests}, "contests")
    loaded = load_registry(REGISTRY, store)
    assert loaded.error is None
    assert loaded.entries == (
        RegistryEntry("contest-2026", DEFINITION, Cadence(before_start=None, open=30), True),
        RegistryEntry("quotes", PageRef(SiteRef(code="pl", family="devwiki"), "Konkurs/Bot"),
                      Cadence(), False),
    )

    local = {**contests, "local": {"definition": {"file": "/etc/passwd"}}}
    refused = save_json(clean_farm, REGISTRY, {"contests": local}, "a file")
    loaded = load_registry(REGISTRY, store)
    assert [entry.key for entry in loaded.entries] == ["contest-2026", "quotes"]
    assert loaded.error is not None and loaded.error.revision == refused
    assert loaded.error.problems == (
        "contests.local.definition.file: a registry on a wiki cannot name local files; "
        "give page (and site)",)
    kept = store.document(f"registry {REGISTRY}")
    assert kept is not None and kept.revision == valid


def update_page(when: datetime, *edits: str) -> Page:
    """The update page with one edit by each of ``edits``, a minute apart from ``when``."""
    return Page(UPDATE, [Revision(when + timedelta(minutes=i), user, f"Please update ({i})")
                         for i, user in enumerate(edits)])


def test_update_requests_from_the_update_page(
    clean_farm: Farm, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    config = parse_config(definition(update_page=UPDATE), "test")
    other = parse_config({**definition(update_page="Other/Update"), "name": "Other 2026"},
                         "test")
    now = datetime.now(UTC).replace(microsecond=0)
    clean_farm.import_pages("meta", [update_page(now - timedelta(hours=1), "Anna k")])
    site = bot_site("meta")

    before = clean_farm.request_count("meta")
    assert read_requests([config, other], store) == []  # old edits are no requests
    assert clean_farm.request_count("meta") - before == 1  # both pages in one query
    first = store.request_cursor("Contest 2026", "meta", UPDATE)
    assert first is not None and first > 0
    assert store.request_cursor("Other 2026", "meta", "Other/Update") == 0  # no page yet

    clean_farm.import_pages("meta", [update_page(now - timedelta(minutes=10), "Anna k",
                                                 site.username(), "Mallory")])
    with caplog.at_level(logging.WARNING):
        found = read_requests([config, other], store)
    anna, mallory = first + 1, first + 3
    assert found == [
        UpdateRequest("Contest 2026", "meta", UPDATE, anna, "Anna k",
                      now - timedelta(minutes=10), True),
        UpdateRequest("Contest 2026", "meta", UPDATE, mallory, "Mallory",
                      now - timedelta(minutes=8), False),
    ]
    assert (f"update request by Mallory on meta:{UPDATE} (revision {mallory}) ignored: not "
            f"an organizer or juror of Contest 2026") in caplog.text
    recorded = store.recent_requests("Contest 2026")
    assert [(r.revision, r.allowed, r.handled_at is None) for r in recorded] == [
        (mallory, False, False), (anna, True, False)]
    assert store.request_cursor("Contest 2026", "meta", UPDATE) == mallory

    before = clean_farm.request_count("meta")
    assert read_requests([config, other], store) == []
    assert clean_farm.request_count("meta") - before == 1  # nothing changed: no history read


def test_a_wiki_that_cannot_be_read_gives_no_requests(store: Store) -> None:
    config: ContestConfig = parse_config(definition(update_page=UPDATE), "test")
    unknown = config.model_copy(update={"wikis": {
        **config.wikis, "meta": config.wikis["meta"].model_copy(
            update={"site": SiteRef(code="meta", family="nosuchfamily")})}})
    assert read_requests([unknown], store) == []
    assert store.request_cursor("Contest 2026", "meta", UPDATE) is None

