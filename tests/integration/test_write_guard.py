"""The write guard on MediaWiki: no bot right, the kill switch set, blank, and set while a
run is writing its pages.

Publishing runs in this process with the bot's own pywikibot sites, so that the kill
switch can be flipped between two saves of one ``publish_results`` call. Everything is
checked on the wikis (which pages exist) and in the run's problems.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sites import bot_site

from bot.config import ContestConfig, parse_config
from bot.publishing import results as publishing_results
from bot.publishing.guard import WriteGuard
from bot.publishing.publisher import Publication, publish
from bot.publishing.results import Publishing, publish_results
from bot.store import ContestState, Store, WikiState
from devwiki import maintenance
from devwiki.farm import Farm
from tests.unit.reports_sample import result

CONTEST = "Guard test"
RESULTS = "Guard test/Results"
SWITCH = "User:ContestBot/Stop"
NOW = datetime(2026, 4, 1, 12, tzinfo=UTC)
STOPPED = f"writes stopped by the kill switch meta:{SWITCH}: "


def config(max_bytes: int | None = None) -> ContestConfig:
    results: dict[str, Any] = {"wiki": "meta", "page": RESULTS}
    if max_bytes is not None:
        results["max_bytes"] = max_bytes
    return parse_config({
        "name": CONTEST, "window": {"start": "2026-03-21", "end": "2026-05-31"},
        "results": results,
        "wikis": {"meta": {"site": {"code": "meta", "family": "devwiki"}},
                  "pl": {"site": {"code": "pl", "family": "devwiki"},
                         "sources": [{"kind": "submission_page", "page": "Konkurs"}]}},
    }, "test")


def state(entries: int) -> ContestState:
    return ContestState(
        CONTEST,
        tuple(result(f"Uczestnik{i:03}", f"Artykuł {i:03}") for i in range(entries)),
        (),
        (WikiState("meta", NOW, NOW, None), WikiState("pl", NOW, NOW, None)),
    )


@pytest.fixture
def sites(clean_farm: Farm) -> Iterator[dict[str, Any]]:
    """The bot's sites, logged in: pywikibot holds their userinfo from then on."""
    found = {code: bot_site(code) for code in ("meta", "pl")}
    yield found
    clean_farm.restore()  # the bot group back, before pywikibot reads the rights again
    for site in found.values():
        del site.userinfo
        site.login()


def publishing(tmp_path: Path, sites: dict[str, Any], guard: WriteGuard,
               max_bytes: int | None = None) -> Publishing:
    return Publishing(config(max_bytes), sites, Store(f"sqlite:///{tmp_path / 'store.db'}"),
                      "Guard test", False, print, NOW, {}, guard=guard)


def existing(farm: Farm, titles: list[str]) -> list[str]:
    pages = farm.api("meta", action="query", titles="|".join(titles))["query"]["pages"]
    return sorted(p["title"] for p in pages if not p.get("missing"))


def results_pages(farm: Farm) -> list[str]:
    """The results page and its subpages, as they exist on meta."""
    found = farm.api("meta", action="query", list="allpages", apprefix=RESULTS,
                     aplimit=500)["query"]["allpages"]
    return sorted(p["title"] for p in found)


def test_without_the_bot_right_nothing_is_written(
        clean_farm: Farm, sites: dict[str, Any], tmp_path: Path) -> None:
    meta = sites["meta"]
    assert meta.has_right("bot")  # as pywikibot knows it since the login
    maintenance.run(clean_farm.wiki_dir("meta"), "emptyUserGroup", "bot")
    run = publishing(tmp_path, sites, WriteGuard(sites, (meta, SWITCH)))
    assert publish_results(run, state(3)) == 0
    assert run.problems == {
        "writes to meta": "ContestBot has no bot flag on meta: nothing is written there"}
    assert results_pages(clean_farm) == []
    assert not meta.has_right("bot")  # the guard asked the wiki, not pywikibot's cache


def test_a_kill_switch_with_text_stops_every_write(
        clean_farm: Farm, sites: dict[str, Any], tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    text = "Bot stopped: {{please}} see [[User talk:Admin]]\n\nuntil the bug is fixed"
    clean_farm.editor("meta").edit(SWITCH, text, "stop the bot")
    run = publishing(tmp_path, sites, WriteGuard(sites, (sites["meta"], SWITCH)),
                     max_bytes=2000)
    with caplog.at_level(logging.WARNING, logger="bot.publishing.guard"):
        assert publish_results(run, state(40)) == 0
    reason = STOPPED + "Bot stopped: {{please}} see [[User talk:Admin]] until the bug is fixed"
    assert run.problems == {"writes": reason}
    assert [r.getMessage() for r in caplog.records] == [reason]
    assert results_pages(clean_farm) == []


def test_a_blank_or_missing_kill_switch_lets_the_bot_write(
        clean_farm: Farm, sites: dict[str, Any], tmp_path: Path) -> None:
    guard = WriteGuard(sites, (sites["meta"], SWITCH))
    first = publishing(tmp_path, sites, guard)
    assert publish_results(first, state(3)) == 1 and first.problems == {}
    editor = clean_farm.editor("meta")
    editor.edit(SWITCH, "stop", "stop the bot")
    editor.edit(SWITCH, "", "start it again")
    assert existing(clean_farm, [SWITCH]) == [SWITCH]  # there, and blank
    second = publishing(tmp_path, sites, WriteGuard(sites, (sites["meta"], SWITCH)))
    assert publish_results(second, state(4)) == 1 and second.problems == {}
    assert results_pages(clean_farm) == [RESULTS]


def test_a_switch_set_between_two_saves_stops_the_rest(
        clean_farm: Farm, sites: dict[str, Any], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    editor = clean_farm.editor("meta")
    attempted: list[str] = []

    def set_switch_after_the_first_save(site: Any, title: str, *args: Any,
                                        **kwargs: Any) -> Publication:
        attempted.append(title)
        done = publish(site, title, *args, **kwargs)
        if done.edited and len(attempted) == 1:
            editor.edit(SWITCH, "Stop now", "stop the bot")
        return done

    monkeypatch.setattr(publishing_results, "publish", set_switch_after_the_first_save)
    run = publishing(tmp_path, sites, WriteGuard(sites, (sites["meta"], SWITCH)),
                     max_bytes=2000)
    assert publish_results(run, state(40)) == 1
    assert run.problems == {"writes": STOPPED + "Stop now"}
    assert attempted[0] == RESULTS and len(attempted) == 2  # one saved, one refused
    assert results_pages(clean_farm) == [RESULTS]

    # With the switch blank again, the next run writes every page the split makes.
    monkeypatch.undo()
    editor.edit(SWITCH, "", "start it again")
    again = publishing(tmp_path, sites, WriteGuard(sites, (sites["meta"], SWITCH)),
                       max_bytes=2000)
    publish_results(again, state(40))
    assert again.problems == {} and len(results_pages(clean_farm)) >= 3
    assert attempted[1] in results_pages(clean_farm)
