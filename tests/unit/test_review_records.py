"""Review items in the machine-readable exports: the English text and the problem's key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bot.reports.export as export
from bot.model import Location
from bot.reports.messages import Messages
from bot.sources.problems import problem
from bot.store import ContestState

ITEM = problem("declared-again", wiki="pl", page="Zgłoszenia", line="2").at(
    Location("pl", "Zgłoszenia", 4, 12), "# [[Kraków]] <b>again</b>")


@pytest.fixture(autouse=True)
def english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """English texts of this test's own: the shipped files need not hold the key yet."""
    texts = {"problem-declared-again": "declared again (first on {wiki}:{page}, line {line})"}
    (tmp_path / "en.json").write_text(json.dumps(texts), encoding="utf-8")
    monkeypatch.setattr(export, "_english", lambda: Messages.load("en", tmp_path))


def test_declared_records_give_the_english_text_and_the_key() -> None:
    [row] = export.declared_records([], [ITEM])
    assert row["review"] == "declared again (first on pl:Zgłoszenia, line 2)"
    assert row["problem"] == "declared-again"
    assert (row["source_line"], row["source_revision"], row["text"]) == (4, 12, ITEM.text)


def test_exported_review_records_give_the_english_text_and_the_key() -> None:
    [row] = export.records(ContestState("c", (), (ITEM,), ()))
    assert row["status"] == "review"
    assert row["reasons"][0]["actual"] == "declared again (first on pl:Zgłoszenia, line 2)"
    assert row["problem"] == "declared-again"
