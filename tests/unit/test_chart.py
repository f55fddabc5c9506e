from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from bot.config import Window
from bot.model import Entry, Location, PageFacts, Result, Status
from bot.reports.chart import OTHER, Line, Series, daily_series, draw

# Warsaw is UTC+1 until 29 March, then UTC+2.
WINDOW = Window(start=date(2026, 3, 21), end=date(2026, 3, 31), timezone="Europe/Warsaw")
AFTER = datetime(2026, 6, 1, tzinfo=UTC)
FIRST = date(2026, 3, 21)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


def result(wiki: str, created: datetime | None = None, claimed: datetime | None = None, *,
           expansion: bool = False, status: Status = Status.ACCEPTED, title: str = "T") -> Result:
    entry = Entry(wiki, title, "Anna", Location(wiki, "Entries"), "", claimed_at=claimed)
    return Result(entry, PageFacts(title, True, title, created_at=created), (), status,
                  Decimal(1), expansion=expansion)


def days(n: int) -> tuple[date, ...]:
    return tuple(FIRST + timedelta(days=i) for i in range(n))


def test_days_are_the_contest_time_zone_s_and_counts_cumulative() -> None:
    series = daily_series([
        result("pl", at(20, 23, 30)),  # 00:30 on the 21st in Warsaw: the first day
        result("pl", at(21, 22, 59)),  # 23:59 on the 21st
        result("pl", at(21, 23, 0)),  # midnight: the 22nd
        result("pl", at(29, 22, 30)),  # 00:30 on the 30th, summer time
        result("pl", at(24, 12), status=Status.REJECTED),
        result("pl", at(24, 12), status=Status.REVIEW),
    ], WINDOW, 8, AFTER)
    assert series == Series("Europe/Warsaw", days(11),
                            (Line("pl", ("pl",), (2, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4)),), 0)
    assert series.total == 4


def test_a_new_article_counts_when_created_and_an_expansion_when_declared() -> None:
    series = daily_series([
        result("pl", at(22, 12), at(25, 12)),  # created on the 22nd
        result("pl", None, at(23, 12)),  # creation not known: declared on the 23rd
        result("pl", at(22, 12), at(24, 12), expansion=True),  # expanded, declared on the 24th
        result("pl", None, None),  # neither: left out
        result("pl", at(1, 12), expansion=True),  # an expansion never declared: left out
    ], WINDOW, 8, AFTER)
    assert series.lines[0].counts[:5] == (0, 1, 2, 3, 3)
    assert series.undated == 2
    assert series.total == 3


def test_articles_outside_the_window_count_on_its_nearest_day() -> None:
    series = daily_series([
        result("pl", None, datetime(2026, 3, 1, tzinfo=UTC)),
        result("pl", None, datetime(2026, 4, 5, tzinfo=UTC)),
    ], WINDOW, 8, AFTER)
    assert series.days == days(11)
    assert series.lines[0].counts == (1, *[1] * 9, 2)


def test_days_end_today_while_the_contest_runs() -> None:
    today = at(24, 23, 30)  # the 25th in Warsaw
    assert daily_series([], WINDOW, 8, today).days == days(5)
    late = daily_series([result("pl", at(26, 12))], WINDOW, 8, today)  # a clock ahead of ours
    assert late.days == days(6)
    assert daily_series([], WINDOW, 8, datetime(2026, 3, 1, tzinfo=UTC)).days == days(1)
    assert daily_series([], WINDOW, 8, AFTER).days == days(11)


def test_the_top_wikis_by_name_and_the_others_in_one_line() -> None:
    per_wiki = {"uk": 4, "pl": 3, "lt": 3, "et": 1, "lv": 2}  # pl and lt tie: by key
    results = [result(wiki, at(21 + i, 12), title=str(i))
               for wiki, n in per_wiki.items() for i in range(n)]
    series = daily_series(results, WINDOW, 2, AFTER)
    assert [(line.label, line.wikis, line.counts[:4]) for line in series.lines] == [
        ("uk", ("uk",), (1, 2, 3, 4)),
        ("lt", ("lt",), (1, 2, 3, 3)),
        (OTHER, ("et", "lv", "pl"), (3, 5, 6, 6)),
    ]
    assert series.total == 13
    # A single wiki left over keeps its name.
    assert [line.label for line in daily_series(results, WINDOW, 4, AFTER).lines] == [
        "uk", "lt", "pl", "lv", "et"]


def test_draws_png_and_svg(tmp_path: Path) -> None:
    results = [result(wiki, at(21 + i % 10, 12), title=str(i))
               for n, wiki in enumerate(["pl", "uk", "lt", "et"]) for i in range(3 * n + 1)]
    series = daily_series(results, WINDOW, 2, AFTER)
    png, svg = tmp_path / "chart.png", tmp_path / "chart.svg"
    draw(series, "CEE Spring 2026", png)
    draw(series, "CEE Spring 2026", svg)
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and png.stat().st_size > 20_000
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and len(text) > 20_000


def test_draws_a_contest_without_articles(tmp_path: Path) -> None:
    draw(daily_series([], WINDOW, 8, AFTER), "Empty", tmp_path / "empty.png")
    assert (tmp_path / "empty.png").stat().st_size > 5_000
