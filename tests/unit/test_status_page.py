"""The status page: what it shows of a run, escaped, and when it is edited (the digest)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.config import parse_config
from bot.publishing import results as publishing_results
from bot.publishing.publisher import Publication
from bot.publishing.results import STATUS_INTERVAL, Publishing, publish_results
from bot.reports.messages import LANGUAGES, Messages
from bot.reports.status import (
    DefinitionNote,
    RequestNote,
    RunReport,
    render_status,
    status_facts,
)
from bot.store import ContestState, Store, WikiState
from tests.unit.reports_sample import EN, NASTY, PREFIXES

STARTED = datetime(2026, 4, 1, 12, 30, tzinfo=UTC)
HOME = "devwiki:meta:"
DEFINITION = "devwiki:meta:Contest 2026/Definition"
WIKIS = (WikiState("meta", STARTED, STARTED, None), WikiState("pl", STARTED, None, "HTTP 503"))


def report(**changes: Any) -> RunReport:
    base = RunReport(
        started_at=STARTED, entries=33, accepted=20, review=1, edits=0, problems=(),
        definition=DefinitionNote(DEFINITION, 12, None, ()),
        requests=(RequestNote("Anna", STARTED - timedelta(minutes=5), 40, True),),
    )
    return replace(base, **changes)


def paragraphs_of(text: str) -> list[str]:
    return text.split("\n\n")


def render(run: RunReport | None, messages: Messages = EN, seconds: int = 95) -> str:
    return render_status(WIKIS, STARTED, messages, PREFIXES, run,
                         rendered_at=STARTED + timedelta(seconds=seconds), home=HOME)


# --- what the page shows -------------------------------------------------------------------

def test_the_run_its_definition_and_requests_come_before_the_wikis() -> None:
    parts = paragraphs_of(render(report()))
    assert parts[:5] == [
        "Checked: 2026-04-01 12:30 UTC.",
        "Run started 2026-04-01 12:30 UTC, 95 seconds before this update: 33 articles, "
        "20 accepted, 1 needs review; 0 edits so far.",
        "No problems in this run.",
        "Definition in force: [[:Contest 2026/Definition|Contest 2026/Definition]], "
        "revision [[Special:PermanentLink/12|12]].",
        "Update requests:\n* Anna, [[Special:Diff/40|2026-04-01 12:25 UTC]]: ran",
    ]
    assert parts[5].startswith('{| class="wikitable sortable"\n|+ Wikis')


def test_without_a_report_the_page_is_what_it_was() -> None:
    parts = paragraphs_of(render(None))
    assert parts[0] == "Checked: 2026-04-01 12:30 UTC." and parts[1].startswith("{|")


@pytest.mark.parametrize(("seconds", "shown"), [
    (0, "0 seconds"), (1, "1 second"), (119, "119 seconds"), (120, "2 minutes"),
    (61 * 60 + 59, "61 minutes"), (-5, "0 seconds"),
])
def test_the_duration_is_in_seconds_then_minutes(seconds: int, shown: str) -> None:
    assert f", {shown} before this update:" in render(report(), seconds=seconds)


def test_counts_take_their_plural_forms() -> None:
    pl = Messages.load("pl")
    text = render(report(entries=1, accepted=5, review=2, edits=22), pl, seconds=300)
    assert ("Przebieg rozpoczęty 2026-04-01 12:30 UTC, czas do tej aktualizacji: 5 minut; "
            "1 artykuł: 5 przyjętych, 2 do sprawdzenia; 22 edycje do tej pory.") in text
    assert "1 edit so far" in render(report(edits=1))


def test_problems_are_listed_escaped() -> None:
    text = render(report(problems=("pl: the wiki could not be reached: [[x]] {{y}}",
                                   "* writes: ~~~~")))
    assert ("Problems of this run:\n"
            "* pl&#58; the wiki could not be reached&#58; &#91;&#91;x&#93;&#93; "
            "&#123;&#123;y&#125;&#125;\n"
            "* &#42; writes&#58; &#126;&#126;&#126;&#126;") in text


def test_an_invalid_latest_edit_shows_its_revision_and_every_problem_escaped() -> None:
    problems = tuple(f"wikis.pl.rules: {nasty}" for nasty in NASTY)
    text = render(report(definition=DefinitionNote(DEFINITION, 12, 14, problems)))
    lines = text.split("\n")
    start = lines.index(f"Its latest edit, revision [[Special:PermanentLink/14|14]], is not in "
                        f"force because of {len(NASTY)} problems:")
    items = lines[start + 1:start + 1 + len(NASTY)]
    # Right-to-left text is isolated in <bdi>, the bot's own tag.
    assert len(items) == len(NASTY) and all(
        item.removeprefix("* ").removeprefix("<bdi>").startswith("wikis.pl.rules&#58; ")
        for item in items)
    # Nothing of the problems' markup survives: no link, template, tag or signature.
    shown = "\n".join(items)
    for markup in ("[[", "]]", "{{", "}}", "<ref", "<!--", "~~~", "__NOTOC__", "|", "'''"):
        assert markup not in shown, markup


def test_one_problem_of_a_definition_file() -> None:
    note = DefinitionNote("/srv/contests/cee.yaml", None, None, ("line 3, column 5: not JSON",))
    text = render(report(definition=note))
    assert "Definition in force: /srv/contests/cee.yaml." in text
    assert ("Its current text is not in force because of 1 problem:\n"
            "* line 3, column 5&#58; not JSON") in text


def test_a_definition_on_another_wiki_is_named_not_linked() -> None:
    note = DefinitionNote("wikipedia:pl:Projekt:CEE [[x]]", 7, 9, ("bad",))
    text = render(report(definition=note))
    assert ("Definition in force: wikipedia&#58;pl&#58;Projekt&#58;CEE &#91;&#91;x&#93;&#93;, "
            "revision 7.") in text
    assert "Its latest edit, revision 9, is not in force" in text
    assert "Special:" not in text.split("Update requests:")[0]


def test_requests_newest_first_with_who_when_and_what_happened() -> None:
    requests = (
        RequestNote("Anna", STARTED - timedelta(hours=2), 30, True),
        RequestNote("''Mallory'' [[x]]", STARTED - timedelta(minutes=1), 41, False),
    )
    text = render(report(requests=requests))
    assert ("Update requests:\n"
            "* &#39;&#39;Mallory&#39;&#39; &#91;&#91;x&#93;&#93;, "
            "[[Special:Diff/41|2026-04-01 12:29 UTC]]: ignored: not an organizer or juror\n"
            "* Anna, [[Special:Diff/30|2026-04-01 10:30 UTC]]: ran") in text
    assert "Update requests:" not in render(report(requests=()))


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_language_renders_the_whole_page(language: str) -> None:
    full = report(problems=("x",), requests=(RequestNote("A", STARTED, 1, False),
                                             RequestNote("B", STARTED, 2, True)),
                  definition=DefinitionNote(DEFINITION, 12, 14, ("a", "b", "c", "d", "e")))
    text = render(full, Messages.load(language))
    assert "{" not in text.replace("{|", "").replace("|}", "")  # every placeholder filled
    file = replace(full, definition=DefinitionNote("a.yaml", None, None, ("a",)))
    assert render(file, Messages.load(language), seconds=3600)


# --- the digest: what edits the page at once -----------------------------------------------

def test_counts_times_problems_and_ran_requests_do_not_change_the_digest() -> None:
    facts = status_facts(WIKIS, report())
    later = report(started_at=STARTED + timedelta(hours=1), entries=40, accepted=30, edits=3,
                   problems=("pl: boom",),
                   requests=(RequestNote("Anna", STARTED, 50, True), *report().requests))
    moved = tuple(replace(w, last_checked_at=STARTED + timedelta(hours=1)) for w in WIKIS)
    assert status_facts(moved, later) == facts


@pytest.mark.parametrize("change", [
    {"definition": DefinitionNote(DEFINITION, 12, 14, ("bad",))},  # a new error
    {"definition": DefinitionNote(DEFINITION, 12, 15, ("bad",))},  # another invalid edit
    {"definition": DefinitionNote(DEFINITION, 12, 14, ("worse",))},
    {"definition": DefinitionNote(DEFINITION, 16, None, ())},  # a valid edit is in force
    {"requests": (RequestNote("Mallory", STARTED, 51, False),)},  # newly ignored
])
def test_what_changes_the_digest(change: dict[str, Any]) -> None:
    assert status_facts(WIKIS, report(**change)) != status_facts(WIKIS, report())


def test_a_cleared_error_and_only_a_newer_ignored_request_change_the_digest() -> None:
    broken = report(definition=DefinitionNote(DEFINITION, 12, 14, ("bad",)))
    assert status_facts(WIKIS, report()) != status_facts(WIKIS, broken)
    mallory = RequestNote("Mallory", STARTED, 51, False)
    seen = report(requests=(mallory,))
    older = RequestNote("Eve", STARTED - timedelta(days=1), 20, False)
    assert status_facts(WIKIS, report(requests=(older, mallory))) == status_facts(WIKIS, seen)
    newer = RequestNote("Eve", STARTED + timedelta(minutes=1), 52, False)
    assert status_facts(WIKIS, report(requests=(newer, mallory))) != status_facts(WIKIS, seen)


# --- the digest rules through publish_results ----------------------------------------------

CONFIG = parse_config({
    "name": "Status test",
    "window": {"start": "2026-03-21", "end": "2026-05-31"},
    "results": {"wiki": "meta", "page": "Status test/Results",
                "status_page": "Status test/Status"},
    "wikis": {"meta": {"site": {"code": "meta", "family": "devwiki"}},
              "pl": {"site": {"code": "pl", "family": "devwiki"},
                     "sources": [{"kind": "submission_page", "page": "Projekt:Konkurs"}]}},
}, "test")
STATE = ContestState(CONFIG.name, (), (), WIKIS)


class Written:
    """A stand-in for the publisher: records what would be saved, saves it."""

    def __init__(self) -> None:
        self.pages: list[tuple[str, str]] = []

    def __call__(self, site: object, title: str, block: str, summary: str,
                 **options: Any) -> Publication:
        self.pages.append((title, block))
        return Publication(title, changed=True, edited=True)

    def status(self) -> list[str]:
        return [block for title, block in self.pages if title == "Status test/Status"]


@pytest.fixture
def written(monkeypatch: pytest.MonkeyPatch) -> Written:
    fake = Written()
    monkeypatch.setattr(publishing_results, "publish", fake)
    return fake


def run(store: Store, at: datetime, run_report: RunReport,
        problems: dict[str, str] | None = None) -> None:
    publish_results(Publishing(CONFIG, {"meta": object(), "pl": object()},
                               store, "summary", False, print, at, problems or {},
                               report=run_report, clock=lambda: at + timedelta(seconds=30)),
                    STATE)


def test_status_page_is_edited_at_once_for_errors_and_ignored_requests_else_hourly(
        written: Written, tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    at = STARTED
    run(store, at, report(started_at=at))
    assert len(written.status()) == 1
    steps: list[tuple[int, dict[str, Any], bool]] = [
        (10, {"entries": 34, "edits": 2, "problems": ("pl: boom",)}, False),  # counts: wait
        (20, {"definition": DefinitionNote(DEFINITION, 12, 14, ("bad",))}, True),  # new error
        (30, {"definition": DefinitionNote(DEFINITION, 12, 14, ("bad",))}, False),  # same one
        (40, {"definition": DefinitionNote(DEFINITION, 15, None, ())}, True),  # cleared
        (45, {"requests": (RequestNote("Mallory", at, 60, False),)}, True),  # ignored
        (50, {"requests": (RequestNote("Mallory", at, 60, False),
                           RequestNote("Anna", at, 61, True))}, False),  # one that ran: wait
    ]
    for minutes, changes, edited in steps:
        before = len(written.status())
        run(store, at + timedelta(minutes=minutes), report(started_at=at, **changes))
        assert len(written.status()) - before == int(edited), minutes
    last = at + timedelta(minutes=45)
    run(store, last + STATUS_INTERVAL, report(started_at=last + STATUS_INTERVAL, entries=99,
                                              definition=DefinitionNote(DEFINITION, 15, None, ()),
                                              requests=(RequestNote("Mallory", at, 60, False),)))
    assert "99 articles" in written.status()[-1]


def test_the_status_page_reports_the_edits_and_problems_of_this_run(
        written: Written, tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    problems = {"pl": "the wiki could not be reached: timeout"}
    run(store, STARTED, report(edits=0, problems=("pl: the wiki could not be reached: timeout",)),
        problems)
    (status,) = written.status()
    # The results page was saved first: one edit so far, and the clock's 30 seconds.
    assert ", 30 seconds before this update: 33 articles, 20 accepted, 1 needs review; " \
           "1 edit so far." in status
    assert ("Problems of this run:\n* pl&#58; the wiki could not be reached&#58; timeout\n\n"
            in status)  # once, though both the pipeline and the report name it
