from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from bot.cli import main

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
