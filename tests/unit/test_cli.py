from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from bot.cli import main
from bot.model import Entry, Location, PageFacts, Result, Status
from bot.store import Store

VALID = Path("examples/demo/contest.yaml")


def test_check_accepts_a_valid_definition() -> None:
    result = CliRunner().invoke(main, ["check", str(VALID)])
    assert result.exit_code == 0
    assert "OK: 'CEE Spring 2026 (demo)', 3 wikis" in result.output


def test_invalid_definition_exits_2_with_located_problems(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(VALID.read_text(encoding="utf-8").replace("min_bytes: 2000",
                                                                 "min_bytes: 2kb"),
                      encoding="utf-8")
    for command in ("check", "run", "export", "leaderboard"):
        result = CliRunner().invoke(main, [command, str(broken)])
        assert result.exit_code == 2, command
        assert 'wikis.pl.rules.5.min_bytes: expected a whole number, got "2kb"' in result.output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["run", str(tmp_path / "missing.yaml")]).exit_code == 2
    assert CliRunner().invoke(main, ["export", str(VALID), "--format", "xml"]).exit_code == 2
    assert CliRunner().invoke(main, ["frobnicate"]).exit_code == 2


def test_export_of_an_empty_database(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'empty.sqlite'}"
    result = CliRunner().invoke(main, ["export", str(VALID), "--db", db, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("wiki,title,page_id,participant,status,points,reasons,")


def filled_database(tmp_path: Path) -> str:
    """Two accepted articles on pl, one without a known date."""
    db = f"sqlite:///{tmp_path / 'filled.sqlite'}"
    results = [
        Result(Entry("pl", title, "Anna", Location("pl", "Entries", line), "", claimed_at=when),
               PageFacts(title, True, title), (), Status.ACCEPTED, Decimal("1.5"))
        for line, (title, when) in enumerate([("A", datetime(2026, 3, 22, tzinfo=UTC)),
                                               ("B", None)], start=1)
    ]
    with Store(db) as store:
        store.save_wiki("CEE Spring 2026 (demo)", "pl", results, [], datetime.now(UTC))
    return db


def test_export_of_a_table(tmp_path: Path) -> None:
    db = filled_database(tmp_path)
    result = CliRunner().invoke(main, ["export", str(VALID), "--db", db, "--table",
                                       "leaderboard"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["leaderboard"] == [{
        "rank": 1, "participant": "Anna", "wiki": "pl", "entries": 2, "accepted": 2, "new": 2,
        "expanded": 0, "size": 0, "points": 3, "eligible": True}]
    out = tmp_path / "wikis.csv"
    result = CliRunner().invoke(main, ["export", str(VALID), "--db", db, "--table", "wikis",
                                       "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines()[2] == "pl,2,2,2,0,0,0,1,0,3"
    assert CliRunner().invoke(main, ["export", str(VALID), "--table", "jury"]).exit_code == 2


def test_chart(tmp_path: Path) -> None:
    out = tmp_path / "chart.png"
    result = CliRunner().invoke(main, ["chart", str(VALID), "--db", filled_database(tmp_path),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\x89PNG")
    assert f"{out}: 1 accepted articles over" in result.output
    assert "left out: 1 accepted articles with neither" in result.output


def test_chart_usage_errors(tmp_path: Path) -> None:
    for args in (["--out", str(tmp_path / "chart.pdf")], ["--out", str(tmp_path / "chart")],
                 ["--out", str(tmp_path / "chart.png"), "--top", "0"], []):
        result = CliRunner().invoke(main, ["chart", str(VALID), *args])
        assert result.exit_code == 2, args
    assert "--out" in result.output
    result = CliRunner().invoke(main, ["chart", str(VALID), "--out", str(tmp_path / "c.jpg")])
    assert "give a file name ending in .png or .svg" in result.output
    assert not (tmp_path / "c.jpg").exists()
