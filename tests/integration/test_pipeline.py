"""The whole pipeline against real local wikis: declarations → facts → rules → store → page.

Three wikis (meta, pl, uk) are seeded with pages whose histories are set by XML import;
the bot runs as a separate process, exactly as an operator runs it.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from devwiki.dump import Page, Revision
from devwiki.farm import Farm

CONTESTBOT = str(Path(sys.executable).parent / "contestbot")
RESULTS = "Contest 2026/Results"
BEGIN, END = "<!-- contestbot:begin -->", "<!-- contestbot:end -->"


def at(month: int, day: int, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def words(count: int, word: str = "słowo") -> str:
    return " ".join([word] * count)


@dataclass(frozen=True)
class Case:
    """One declared article and what the bot must conclude about it."""

    wiki: str
    title: str  # as judged (after a followed move)
    participant: str
    status: str
    failed: tuple[str, ...] = ()
    points: float = 0


# pl: min_bytes 2000, min_words 200, tiers ≥2000 → 1, ≥6000 → 5; uk/meta defaults: min_bytes 1000.
CASES = [
    Case("pl", "Tirana", "Alicja", "accepted", points=1),
    Case("pl", "Szkodra", "Alicja", "accepted", points=5),
    Case("pl", "Durrës", "Alicja", "accepted", points=1),  # declared in lower case
    Case("pl", "Wlora", "Alicja", "rejected", ("created_in_window",)),  # before the window
    Case("pl", "Elbasan", "Alicja", "rejected", ("created_in_window",)),  # after the window
    Case("pl", "Kowno", "Bartek", "accepted", points=1),
    Case("pl", "Troki", "Bartek", "rejected", ("created_by_participant",)),
    Case("pl", "Poniewież", "Bartek", "rejected", ("min_bytes", "min_words")),
    Case("pl", "Szawle", "Bartek", "rejected", ("min_words",)),  # long words, few of them
    Case("pl", "Kłajpeda (miasto)", "Bartek", "accepted", points=1),  # moved after creation
    Case("pl", "Skrót", "Bartek", "rejected", ("not_redirect",)),
    Case("pl", "Nieistniejący artykuł", "Bartek", "rejected", ("exists",)),
    Case("pl", "Wikipedia:Brudnopis Bartka", "Bartek", "rejected", ("namespace",)),
    Case("pl", "Merkury (ujednoznacznienie)", "Bartek", "rejected", ("not_disambiguation",)),
    Case("pl", "Olita", "Celina", "accepted", points=1),
    Case("pl", "Mariampol", "Celina", "accepted", points=1),
    Case("uk", "Вільнюс", "Оксана", "accepted", points=1),
    Case("uk", "Каунас", "Оксана", "accepted", points=1),
    Case("uk", "Рига", "Оксана", "rejected", ("min_bytes",)),
    Case("uk", "Даугавпілс", "Оксана", "rejected", ("created_by_participant",)),
    Case("uk", "Юрмала", "Тарас", "accepted", points=1),
    Case("uk", "Лієпая", "Тарас", "rejected", ("created_in_window",)),
    Case("uk", "Вентспілс", "Тарас", "accepted", points=1),
    Case("uk", "Неіснуюча стаття", "Тарас", "rejected", ("exists",)),
    Case("uk", "Таллінн", "Тарас", "accepted", points=1),
    Case("uk", "Тарту", "Тарас", "accepted", points=1),
    Case("pl", "Połąga", "Celina", "accepted", points=1),  # declared on meta
    Case("pl", "Kowno", "Celina", "rejected", ("created_by_participant", "not_duplicate")),
    Case("pl", "Wiłkomierz", "Celina", "accepted", points=1),  # added by an organizer
    Case("uk", "Нарва", "Оксана", "accepted", points=1),  # declared on meta
    Case("uk", "Пярну", "Оксана", "rejected", ("created_by_participant",)),  # declared on meta
    Case("meta", "Contest 2026/Notes", "Dana", "accepted", points=1),
    Case("meta", "Missing meta page", "Dana", "rejected", ("exists",)),
]
REVIEW_REASONS = {
    ("pl", "unclosed link: [[Szyłokarczma"),
    ("pl", "no article link"),
    ("uk", "no participant: no user link on the line and no user heading above it"),
    ("meta", "link to a wiki that is not in this contest: de"),
    ("pl", "added by Bartek, but names Celina"),
}

PL_LONG = words(1100)  # 6,599 bytes, 1,100 words
PL_OK = words(350)  # 2,099 bytes
PL_ALICJA = """Zgłoszenia. <!-- wpisz się poniżej -->

== [[Użytkownik:Alicja|Alicja]] ==
# [[Tirana]]
# [[Szkodra]]
# [[durrës]]
# [[Wlora]]
# [[Elbasan]]
"""
PL_BARTEK = """
== [[Użytkownik:Bartek|Bartek]] ==
* [[Kowno]]
* [[Troki]]
* [[Poniewież]]
* [[Szawle]]
* [[Kłajpeda]]
* [[Skrót]]
* [[Nieistniejący artykuł]]
* [[Wikipedia:Brudnopis Bartka]]
* [[Merkury (ujednoznacznienie)]]
* <s>[[Wycofany]]</s>
* [[Szyłokarczma
"""
PL_CELINA = """
=== Tydzień 2 ===
* [[Olita]] — [[Użytkownik:Celina|Celina]]
* [[Mariampol]] — [[Użytkownik:Celina|Celina]]
* tu coś napiszę — [[Użytkownik:Celina|Celina]]
* [[Kowno]] — [[Użytkownik:Celina|Celina]]
"""
PL_FOR_CELINA = "* [[{}]] — [[Użytkownik:Celina|Celina]]\n"
UK_SIG = "[[Користувач:{0}|{0}]] ([[Обговорення користувача:{0}|обговорення]])"


def uk_lines(*pairs: tuple[str, str]) -> str:
    return "".join(f"# [[{t}]] — {UK_SIG.format(u)} 10:00, 1 квітня 2026 (UTC)\n"
                   for t, u in pairs)


META_DANA = """International entries.
# [[Contest 2026/Notes]] — [[User:Dana|Dana]]
# [[Missing meta page]] — [[User:Dana|Dana]]
# [[:de:Tallinn]] — [[User:Dana|Dana]]
"""
META_OKSANA = """# [[:uk:Нарва]] — [[User:Оксана|Оксана]]
# [[:uk:Пярну]] — [[:uk:Користувач:Оксана|Оксана]]
"""
META_CELINA = "# [[:pl:Połąga]] — [[:pl:Użytkownik:Celina|Celina]]\n"


def rev(when: datetime, user: str, text: str) -> Revision:
    return Revision(timestamp=when, user=user, text=text)


def grown(*steps: tuple[datetime, str, str]) -> list[Revision]:
    """A declaring page whose editors each append their part: who added which line."""
    text, revisions = "", []
    for when, user, part in steps:
        text += part
        revisions.append(rev(when, user, text))
    return revisions


def seed(farm: Farm) -> None:
    pl = [
        Page("Wikipedia:Contest/Entries", grown(
            (at(4, 1), "Alicja", PL_ALICJA),
            (at(4, 9), "Bartek", PL_BARTEK),
            (at(5, 31, 23), "Celina", PL_CELINA),
            (at(6, 1), "Bartek", PL_FOR_CELINA.format("Kiejdany")),  # not his to add
            (at(6, 2), "Zenon", PL_FOR_CELINA.format("Wiłkomierz")),  # an organizer's
        ), namespace=4),
        Page("Tirana", [rev(at(3, 21, 0), "Alicja", PL_OK)]),  # the window's first hour
        Page("Szkodra", [rev(at(4, 2), "Alicja", PL_LONG)]),
        Page("Durrës", [rev(at(4, 10), "Alicja", PL_OK)]),
        Page("Wlora", [rev(at(3, 20, 23), "Alicja", PL_OK)]),
        Page("Elbasan", [rev(datetime(2026, 6, 1, 0, 0, tzinfo=UTC), "Alicja", PL_OK)]),
        Page("Kowno", [rev(at(4, 3), "Bartek", PL_OK)]),
        Page("Troki", [rev(at(4, 5), "Zenon", PL_OK), rev(at(4, 6), "Bartek", PL_OK + " x")]),
        Page("Poniewież", [rev(at(4, 5), "Bartek", words(50))]),
        Page("Szawle", [rev(at(4, 5), "Bartek", words(100, "Konstantynopolitańczykowianeczka"))]),
        Page("Kłajpeda", [rev(at(4, 7), "Bartek", PL_OK)]),
        Page("Skrót", [rev(at(4, 8), "Bartek", "#PATRZ [[Kowno]]")]),
        Page("Wikipedia:Brudnopis Bartka", [rev(at(4, 8), "Bartek", PL_OK)], namespace=4),
        Page("Merkury (ujednoznacznienie)", [rev(at(4, 9), "Bartek",
             "'''Merkury''' może oznaczać:\n{{Ujednoznacznienie}}\n" + PL_OK)]),
        Page("Szablon:Ujednoznacznienie", [rev(at(1, 1), "Zenon", "Ujednoznacznienie")],
             namespace=10),
        Page("Olita", [rev(at(5, 1), "Celina", PL_OK)]),
        Page("Mariampol", [rev(at(5, 31, 21), "Celina", PL_OK)]),  # the window's last hours
        Page("Połąga", [rev(at(5, 2), "Celina", PL_OK)]),
        Page("Wiłkomierz", [rev(at(5, 3), "Celina", PL_OK)]),
        Page("Kiejdany", [rev(at(5, 4), "Celina", PL_OK)]),
    ]
    uk_text = words(300, "слово")  # 3,299 bytes
    uk = [
        Page("Вікіпедія:Contest/Entries", grown(
            (at(4, 1), "Оксана", "Статті учасників:\n" + uk_lines(
                ("Вільнюс", "Оксана"), ("Каунас", "Оксана"), ("Рига", "Оксана"),
                ("Даугавпілс", "Оксана"))),
            (at(4, 6), "Тарас", uk_lines(
                ("Юрмала", "Тарас"), ("Лієпая", "Тарас"), ("Вентспілс", "Тарас"),
                ("Неіснуюча стаття", "Тарас"), ("Таллінн", "Тарас"), ("Тарту", "Тарас"))
             + "# [[Пярну]]\n"),
        ), namespace=4),
        Page("Вільнюс", [rev(at(3, 25), "Оксана", uk_text)]),
        Page("Каунас", [rev(at(3, 26), "Оксана", uk_text)]),
        Page("Рига", [rev(at(3, 27), "Оксана", words(50, "слово"))]),
        Page("Даугавпілс", [rev(at(3, 27), "Тарас", uk_text)]),
        Page("Юрмала", [rev(at(4, 2), "Тарас", uk_text)]),
        Page("Лієпая", [rev(datetime(2025, 12, 31, tzinfo=UTC), "Тарас", uk_text)]),
        Page("Вентспілс", [rev(at(4, 3), "Тарас", uk_text)]),
        Page("Таллінн", [rev(at(4, 4), "Тарас", uk_text)]),
        Page("Тарту", [rev(at(4, 5), "Тарас", uk_text)]),
        Page("Нарва", [rev(at(4, 6), "Оксана", uk_text)]),
        Page("Пярну", [rev(at(4, 6), "Тарас", uk_text)]),
    ]
    meta = [
        Page("Contest 2026/Entries", grown(
            (at(4, 1), "Dana", META_DANA),
            (at(4, 7), "Оксана", META_OKSANA),
            (at(5, 2), "Celina", META_CELINA),
        )),
        Page("Contest 2026/Notes", [rev(at(4, 2), "Dana", words(300, "note"))]),
    ]
    farm.import_pages("pl", pl)
    farm.import_pages("uk", uk)
    farm.import_pages("meta", meta)
    farm.editor("pl").move("Kłajpeda", "Kłajpeda (miasto)", "disambiguation")


BASE_RULES = ["namespace", "not_redirect", "not_disambiguation", "created_in_window",
              "created_by_participant"]


def contest_file(tmp_path: Path) -> Path:
    definition = {
        "name": "Contest 2026",
        "window": {"start": "2026-03-21", "end": "2026-05-31", "timezone": "UTC"},
        "results": {"wiki": "meta", "page": RESULTS, "language": "en"},
        "defaults": {"rules": [*BASE_RULES, {"min_bytes": 1000}]},
        "organizers": ["Zenon", "Admin"],
        "wikis": {
            "meta": {"site": {"code": "meta", "family": "devwiki"},
                     "sources": [{"kind": "submission_page", "page": "Contest 2026/Entries"}]},
            "pl": {"site": {"code": "pl", "family": "devwiki"},
                   "sources": [{"kind": "submission_page",
                                "page": "Wikipedia:Contest/Entries"}],
                   "rules": [*BASE_RULES, {"min_bytes": 2000, "min_words": 200}],
                   "points": {"new": {"tiers": [{"when": {"min_bytes": 6000}, "points": 5},
                                                {"when": {"min_bytes": 2000}, "points": 1}]}},
                   "disambiguation_templates": ["Szablon:Ujednoznacznienie"]},
            "uk": {"site": {"code": "uk", "family": "devwiki"},
                   "sources": [{"kind": "submission_page",
                                "page": "Вікіпедія:Contest/Entries"}]},
        },
    }
    path = tmp_path / "contest.yaml"
    path.write_text(yaml.safe_dump(definition, allow_unicode=True), encoding="utf-8")
    return path


LINK_TARGET = re.compile(r"\[\[:(?:(?:pl|uk):)?(?:User:)?([^|\]]+)\|")


def table_rows(block: str, caption: str) -> list[tuple[str, ...]]:
    """The rows of the captioned table, each cell reduced to its link target or text."""
    table = block.split(f"|+ {caption}\n", 1)[1].split("\n|}", 1)[0]
    rows = []
    for raw in table.split("\n|-\n")[1:]:
        cells = [line[2:] for line in raw.splitlines()]
        rows.append(tuple(m[1] if (m := LINK_TARGET.search(c)) else c for c in cells))
    return rows


def entry_rows(block: str) -> list[tuple[str, ...]]:
    """(wiki, article, participant, status, points) from each wiki's articles table."""
    rows = []
    for section in block.split("\n== Articles in ")[1:]:
        wiki = section.split(" ==", 1)[0]
        if "|+ Articles\n" in section:
            rows += [(wiki, title, user, status.split(":")[0], points)
                     for title, user, _, _, status, points in table_rows(section, "Articles")]
    return rows


def contestbot(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CONTESTBOT, *args, "--db", db], capture_output=True, text=True,
                          timeout=300)


def bot_edits(farm: Farm, wiki: str) -> int:
    changes = farm.api(wiki, action="query", list="recentchanges", rcuser="ContestBot",
                       rclimit=500)["query"]["recentchanges"]
    return len(changes)


def page_text(farm: Farm, wiki: str, title: str) -> str:
    page = farm.api(wiki, action="query", prop="revisions", titles=title, rvprop="content",
                    rvslots="main")["query"]["pages"][0]
    return str(page["revisions"][0]["slots"]["main"]["content"])


def export(path: Path, db: str) -> dict[str, Any]:
    done = contestbot("export", str(path), "--format", "json", db=db)
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


@pytest.fixture
def contest(clean_farm: Farm, tmp_path: Path) -> tuple[Farm, Path, str]:
    seed(clean_farm)
    return clean_farm, contest_file(tmp_path), f"sqlite:///{tmp_path / 'bot.sqlite'}"


def test_full_contest_end_to_end(contest: tuple[Farm, Path, str]) -> None:
    farm, path, db = contest

    simulated = contestbot("run", str(path), "--simulate", db=db)
    assert simulated.returncode == 0, simulated.stderr
    assert f"+++ meta:{RESULTS}" in simulated.stdout and "Tirana" in simulated.stdout
    assert bot_edits(farm, "meta") == 0
    assert export(path, db)["entries"] == []  # --simulate stores nothing either

    first = contestbot("run", str(path), db=db)
    assert first.returncode == 0, first.stderr
    assert bot_edits(farm, "meta") == 1

    records = export(path, db)["entries"]
    judged = {(r["wiki"], r["title"], r["participant"]): r for r in records
              if r["status"] != "review"}
    assert len(judged) == len(CASES) >= 30
    for case in CASES:
        record = judged[(case.wiki, case.title, case.participant)]
        assert (record["status"], tuple(r["rule"] for r in record["reasons"]),
                record["points"]) == (case.status, case.failed, case.points), case
    moved = judged[("pl", "Kłajpeda (miasto)", "Bartek")]
    assert moved["page_id"] == farm.page_id("pl", "Kłajpeda (miasto)")
    review = {(r["source_wiki"], r["reasons"][0]["actual"]) for r in records
              if r["status"] == "review"}
    assert review == REVIEW_REASONS

    text = page_text(farm, "meta", RESULTS)
    assert sorted(entry_rows(text.split(BEGIN, 1)[1].split(END, 1)[0])) == sorted(
        (c.wiki, c.title, c.participant, c.status, str(c.points)) for c in CASES
    )
    assert len(table_rows(text, "Lines that need a human look")) == len(REVIEW_REASONS)

    # Nothing changed: a second run edits nothing.
    again = contestbot("run", str(path), db=db)
    assert again.returncode == 0, again.stderr
    assert bot_edits(farm, "meta") == 1
    assert page_text(farm, "meta", RESULTS) == text

    # A human edits around the block; a later run with new data keeps their text.
    farm.editor("meta").edit(RESULTS, "Intro written by a human.\n" + text
                             + "\n[[Category:Contests]]\n", "intro")
    farm.editor("uk").append("Вікіпедія:Contest/Entries",
                             "\n# [[Пярну]] — " + UK_SIG.format("Тарас"), "one more")

    third = contestbot("run", str(path), db=db)
    assert third.returncode == 0, third.stderr
    assert bot_edits(farm, "meta") == 2
    updated = page_text(farm, "meta", RESULTS)
    assert updated.startswith("Intro written by a human.\n" + BEGIN)
    assert updated.endswith(END + "\n[[Category:Contests]]")
    latest = farm.api("meta", action="query", prop="revisions", titles=RESULTS,
                      rvprop="comment")["query"]["pages"][0]["revisions"][0]["comment"]
    assert "34 entries (+1), 18 accepted (+1)" in latest


def test_unreachable_wiki_keeps_its_last_good_data(contest: tuple[Farm, Path, str]) -> None:
    farm, path, db = contest
    assert contestbot("run", str(path), db=db).returncode == 0
    before = [r for r in export(path, db)["entries"] if r["wiki"] == "uk"]
    assert len(before) == 13

    farm.down(["uk"])
    try:
        # A new pl entry shows that the other wikis are still updated meanwhile.
        farm.editor("pl").append("Wikipedia:Contest/Entries",
                                 "\n* [[Kowno]] — [[Użytkownik:Celina|Celina]]", "one more")
        outage = contestbot("run", str(path), db=db)
    finally:
        farm.up()
    assert outage.returncode == 1
    assert "problem: uk: the wiki could not be reached" in outage.stderr
    after = export(path, db)["entries"]
    assert [r for r in after if r["wiki"] == "uk"] == before
    assert any(r["title"] == "Kowno" and r["participant"] == "Celina" for r in after)
    text = page_text(farm, "meta", RESULTS)
    assert "Data for uk could not be updated; showing the last good data from" in text
    assert "Вільнюс" in text  # kept, not blanked

    recovered = contestbot("run", str(path), db=db)
    assert recovered.returncode == 0, recovered.stderr
    assert "could not be updated" not in page_text(farm, "meta", RESULTS)


def test_a_crash_mid_run_is_recorded_as_a_failed_run(
    contest: tuple[Farm, Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot import pipeline
    from bot.config import load_config
    from bot.store import Store

    farm, path, db = contest

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in judging")

    monkeypatch.setattr(pipeline, "judge_wiki", broken)
    with Store(db) as store:
        with pytest.raises(RuntimeError):
            pipeline.run_contest(load_config(path), store, show=lambda text: None)
        [run] = store.runs("Contest 2026")
    assert (run.status, run.error) == ("failed", "RuntimeError: a bug in judging")
    assert run.finished_at is not None
    assert bot_edits(farm, "meta") == 0
