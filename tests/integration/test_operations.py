"""Operating the bot against the real local wikis: definitions kept on a wiki, the registry
and its cadences, update requests, and the kill switch. The bot runs as a process, as an
operator's cron job runs it (the kill switch set during a run: in this process)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from operations_fixtures import (
    CONTEST,
    DEFINITION_PAGE,
    STATUS_PAGE,
    STILL_RUNNING_DAYS,
    SWITCH_PAGE,
    UPDATE_PAGE,
    bot,
    bot_pages,
    definition,
    edit_by,
    json_lines,
    put_json,
    ref,
    rendered,
    runs,
    update_page_contest,
    write_file,
)
from test_pipeline import RESULTS, bot_edits, page_text, seed

from bot.store import Store
from devwiki.farm import Farm

BROKEN = 'wikis.pl.rules.5.min_bytes: expected a whole number, got "2kb"'


@pytest.fixture
def seeded(clean_farm: Farm, tmp_path: Path) -> tuple[Farm, str]:
    seed(clean_farm)
    return clean_farm, f"sqlite:///{tmp_path / 'bot.sqlite'}"


def exported_entries(stdout: str) -> list[dict[str, Any]]:
    """The records of ``export --format json``."""
    return list(json.loads(stdout)["entries"])


def ran(done: subprocess.CompletedProcess[str]) -> list[str]:
    """The contests a ``run --all --json`` ran."""
    return [summary["contest"] for summary in json_lines(done)]


def test_a_broken_edit_of_a_wiki_definition_leaves_the_last_valid_one_in_force(
    seeded: tuple[Farm, str], tmp_path: Path
) -> None:
    farm, db = seeded
    data = definition(tmp_path, status_page=STATUS_PAGE)
    valid = put_json(farm, DEFINITION_PAGE, data)
    location = ref(DEFINITION_PAGE)

    first = bot("run", location, db=db)
    assert first.returncode == 0, first.stderr
    assert bot_pages(farm) == {RESULTS, STATUS_PAGE}
    results = page_text(farm, "meta", RESULTS)
    assert "Tirana" in results
    assert f"Definition in force: {DEFINITION_PAGE}, revision {valid}." in rendered(
        farm, STATUS_PAGE)

    data["wikis"]["pl"]["rules"][-1]["min_bytes"] = "2kb"
    broken = put_json(farm, DEFINITION_PAGE, data, "a typo")
    checked = bot("check", location)
    assert checked.returncode == 2
    assert f"{location} (revision {broken}): invalid contest definition" in checked.stderr
    assert BROKEN in checked.stderr

    second = bot("run", location, db=db)
    assert second.returncode == 0, second.stderr  # it ran, with the last valid definition
    assert f"(revision {broken})" in second.stderr and BROKEN in second.stderr
    assert page_text(farm, "meta", RESULTS) == results
    assert bot_edits(farm, "meta") == 3  # the status page only, at once for the new error
    status = rendered(farm, STATUS_PAGE)
    assert f"Definition in force: {DEFINITION_PAGE}, revision {valid}." in status
    assert (f"Its latest edit, revision {broken}, is not in force because of 1 problem:"
            in status)
    assert BROKEN in status

    # Fixed with a stricter rule: in force at the next run, and the error is gone.
    data["wikis"]["pl"]["rules"][-1]["min_bytes"] = 3000
    fixed = put_json(farm, DEFINITION_PAGE, data, "fixed")
    third = bot("run", location, db=db)
    assert third.returncode == 0, third.stderr
    assert BROKEN not in third.stderr
    status = rendered(farm, STATUS_PAGE)
    assert f"Definition in force: {DEFINITION_PAGE}, revision {fixed}." in status
    assert "not in force" not in status and BROKEN not in status
    exported = bot("export", location, "--format", "json", db=db)
    assert exported.returncode == 0, exported.stderr
    assert [(r["status"], [c["rule"] for c in r["reasons"]])
            for r in exported_entries(exported.stdout) if r["title"] == "Tirana"] == [
        ("rejected", ["min_bytes"])]  # 2,099 bytes


def test_the_registry_runs_only_active_contests_and_only_when_due(
    seeded: tuple[Farm, str], tmp_path: Path
) -> None:
    farm, db = seeded
    put_json(farm, DEFINITION_PAGE, definition(tmp_path))
    ended = definition(tmp_path)
    ended["name"] = "Ended contest"
    ended["results"]["page"] = "Ended contest/Results"
    put_json(farm, "Ended contest/Definition", ended)
    put_json(farm, "Contest registry", {"contests": {
        "contest-2026": {"definition": {"page": DEFINITION_PAGE},
                         "cadence": {"after_end_days": STILL_RUNNING_DAYS}},
        # Its window ended on 31 May, more than the default 30 days ago.
        "ended": {"definition": {"page": "Ended contest/Definition",
                                 "site": {"code": "meta", "family": "devwiki"}}},
        "paused": {"definition": {"page": "Nowhere/Definition"}, "enabled": False},
    }})
    registry = ref("Contest registry")

    first = bot("run", "--all", "--registry", registry, "--json", db=db)
    assert first.returncode == 0, first.stderr
    assert [(s["contest"], s["exit_code"], s["edits"]) for s in json_lines(first)] == [
        (CONTEST, 0, 1)]
    assert bot_pages(farm) == {RESULTS}
    assert runs(db, "Ended contest") == []
    assert "Ended contest: not running: it ended on 2026-05-31" in first.stderr
    assert "Nowhere" not in first.stderr  # a disabled contest's definition is not even read

    again = bot("run", "--all", "--json", db=db, env={"CONTESTBOT_REGISTRY": registry})
    assert again.returncode == 0, again.stderr
    assert json_lines(again) == []
    assert f"{CONTEST}: next run due at" in again.stderr
    assert len(runs(db)) == 1

    # A registry on a wiki naming a local file is refused as a whole: the last valid one
    # stays in force.
    put_json(farm, "Contest registry", {"contests": {
        "contest-2026": {"definition": {"page": DEFINITION_PAGE}},
        "local": {"definition": {"file": "/etc/passwd"}},
    }}, "a local file")
    forced = bot("run", "--all", "--registry", registry, "--force", "--json", db=db)
    assert forced.returncode == 0, forced.stderr
    assert f"{registry}: invalid registry, using the last valid one" in forced.stderr
    assert ("contests.local.definition.file: a registry on a wiki cannot name local files"
            in forced.stderr)
    assert [(s["contest"], s["exit_code"], s["edits"]) for s in json_lines(forced)] == [
        (CONTEST, 0, 0)]
    assert [r.status for r in runs(db)] == ["ok", "ok"]
    assert runs(db, "Ended contest") == []


def test_an_organizer_asks_for_an_update_and_a_stranger_cannot(
    seeded: tuple[Farm, str], tmp_path: Path
) -> None:
    farm, db = seeded
    registry = update_page_contest(farm, tmp_path)

    def run_all(*options: str) -> subprocess.CompletedProcess[str]:
        done = bot("run", "--all", "--registry", str(registry), "--json", *options, db=db)
        assert done.returncode == 0, done.stderr
        return done

    assert ran(run_all()) == [CONTEST]  # never run: due
    with Store(db) as store:
        assert store.request_cursor(CONTEST, "meta", UPDATE_PAGE) is not None
    assert ran(run_all()) == []  # not due; edits made before the bot looked are no requests

    edit_by(farm, UPDATE_PAGE, "Zenon", "Please update the results.")  # an organizer
    assert ran(run_all()) == [CONTEST]
    assert len(runs(db)) == 2

    edit_by(farm, UPDATE_PAGE, "Mallory", "Update now!")
    refused = run_all()
    assert ran(refused) == []
    assert re.search(rf"update request by Mallory on meta:{UPDATE_PAGE} \(revision \d+\) "
                     rf"ignored: not an organizer or juror of {CONTEST}", refused.stderr)
    assert len(runs(db)) == 2

    assert ran(run_all("--force")) == [CONTEST]
    status = rendered(farm, STATUS_PAGE)
    assert re.search(r"Mallory, [^\n]+: ignored: not an organizer or juror", status), status
    assert re.search(r"Zenon, [^\n]+: ran", status), status

    # Once its cadence has ended, a request does not bring a contest back to life.
    write_file(registry, {"contests": {CONTEST: {"definition": {"file": "contest.json"},
                                                 "cadence": {"after_end_days": 30}}}})
    edit_by(farm, UPDATE_PAGE, "Zenon", "One more, please.")
    assert ran(run_all()) == []
    assert len(runs(db)) == 3


def test_the_kill_switch_stops_every_write_until_it_is_blanked(
    seeded: tuple[Farm, str], tmp_path: Path
) -> None:
    farm, db = seeded
    path = str(write_file(tmp_path / "contest.yaml", definition(tmp_path)))
    switch = ref("Contest 2026/Stop")
    editor = farm.editor("meta")
    editor.edit("Contest 2026/Stop", "Stop: the tables are   wrong.\n\nAdmin", "stop the bot")
    refusal = ("problem: writes: writes stopped by the kill switch meta:Contest 2026/Stop: "
               "Stop: the tables are wrong. Admin")

    for stopped in (bot("run", path, "--kill-switch", switch, db=db),
                    bot("run", path, db=db, env={"CONTESTBOT_KILL_SWITCH": switch})):
        assert stopped.returncode == 1
        assert refusal in stopped.stderr
        assert bot_edits(farm, "meta") == 0

    editor.edit("Contest 2026/Stop", "", "go on")
    resumed = bot("run", path, "--kill-switch", switch, db=db)
    assert resumed.returncode == 0, resumed.stderr
    assert bot_pages(farm) == {RESULTS}


def test_the_kill_switch_set_during_a_run_stops_the_very_next_page(
    seeded: tuple[Farm, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.contests.locations import parse_location
    from bot.operations import ExitCode, Operator, run_location
    from bot.publishing import results as publishing

    farm, db = seeded
    path = write_file(tmp_path / "contest.yaml", definition(tmp_path, max_bytes=3000))
    written: list[str] = []
    publish = publishing.publish

    def publish_then_stop(*args: object, **kwargs: object) -> object:
        outcome = publish(*args, **kwargs)  # type: ignore[arg-type]
        if outcome.edited and not written:
            written.append(outcome.page)
            # The default switch: User:<the bot>/Stop on the wiki of the results.
            farm.editor("meta").edit(SWITCH_PAGE, "Stop, please.", "stop the bot")
        return outcome

    monkeypatch.setattr(publishing, "publish", publish_then_stop)
    with Store(db) as store:
        outcome = run_location(parse_location(str(path)), store, Operator(db),
                               show=lambda text: None)
    assert outcome.code is ExitCode.FAILED
    assert written == [RESULTS]
    assert bot_pages(farm) == {RESULTS} and bot_edits(farm, "meta") == 1
    assert outcome.summary is not None
    assert [p for p in outcome.summary.problems if "kill switch" in p] == [
        f"writes: writes stopped by the kill switch meta:{SWITCH_PAGE}: Stop, please."]
    assert [(r.status, r.edits) for r in runs(db)] == [("failed", 1)]

    # Blanked, the switch lets the next run write the pages that were left.
    monkeypatch.undo()
    farm.editor("meta").edit(SWITCH_PAGE, "", "go on")
    with Store(db) as store:
        resumed = run_location(parse_location(str(path)), store, Operator(db),
                               show=lambda text: None)
    assert resumed.code is ExitCode.OK, resumed
    split = bot_pages(farm) - {RESULTS}
    assert len(split) >= 2 and all(title.startswith(f"{RESULTS}/") for title in split)
