"""The status page as MediaWiki renders it: the run's problems, the definition's problems
and update requesters' names are wiki users' text and show literally, never as markup."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from results_fixtures import parse, visible_text
from sites import bot_site

from bot.config import parse_config
from bot.publishing.guard import WriteGuard
from bot.publishing.results import Publishing, publish_results
from bot.reports.status import DefinitionNote, RequestNote, RunReport
from bot.store import ContestState, Store, WikiState
from devwiki.farm import Farm
from tests.unit.reports_sample import NASTY

STATUS = "Status test/Status"
DEFINITION = "Status test/Definition"
NOW = datetime(2026, 4, 1, 12, tzinfo=UTC)
NAMES = ("''Mallory''", "{{Evil}}", "[[Category:X]]", "~~~~")


def test_everything_users_wrote_shows_literally(clean_farm: Farm, tmp_path: Path) -> None:
    config = parse_config({
        "name": "Status test", "window": {"start": "2026-03-21", "end": "2026-05-31"},
        "results": {"wiki": "meta", "page": "Status test/Results", "status_page": STATUS},
        "wikis": {"meta": {"site": {"code": "meta", "family": "devwiki"}}},
    }, "test")
    sites: dict[str, Any] = {"meta": bot_site("meta")}
    definition = DefinitionNote(f"devwiki:meta:{DEFINITION}", 12, 14,
                                tuple(f"wikis.meta.rules: {text}" for text in NASTY))
    requests = tuple(RequestNote(name, NOW - timedelta(minutes=i), 20 + i, i % 2 == 0)
                     for i, name in enumerate(NAMES))
    report = RunReport(NOW, 0, 0, 0, 0, tuple(f"meta: {text}" for text in NASTY), definition,
                       requests)
    state = ContestState(config.name, (), (), (WikiState("meta", NOW, NOW, None),))
    run = Publishing(config, sites, Store(f"sqlite:///{tmp_path / 'store.db'}"), "Status test",
                     False, print, NOW, {}, guard=WriteGuard(sites, None), report=report)
    publish_results(run, state)
    assert run.problems == {}

    page = parse(clean_farm, "meta", STATUS)
    assert (page["templates"], page["categories"], page["externallinks"]) == ([], [], [])
    assert not page["properties"]  # no __NOTOC__ or the like
    assert {link["title"] for link in page["links"]} == {DEFINITION}
    shown = visible_text(page["text"])
    missing = [text for text in (*NASTY, *NAMES) if text not in shown]
    assert not missing, missing
    assert "Its latest edit, revision 14, is not in force" in shown
