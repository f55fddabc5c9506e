from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from bot.reports.messages import LANGUAGES, MESSAGES_DIR, Messages

EN = Messages.load("en")
PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z_]+)\}(?!\})")


def raw(lang: str) -> dict[str, object]:
    texts: dict[str, object] = json.loads((MESSAGES_DIR / f"{lang}.json").read_text("utf-8"))
    return texts


def placeholders(value: object) -> set[str]:
    forms = [value] if isinstance(value, str) else list(value.values())  # type: ignore[attr-defined]
    return {name for form in forms for name in PLACEHOLDER.findall(form)}


def test_every_language_has_a_message_file_and_every_file_a_language() -> None:
    assert sorted(p.stem for p in MESSAGES_DIR.glob("*.json")) == sorted(LANGUAGES)


@pytest.mark.parametrize("lang", sorted(set(LANGUAGES) - {"en"}))
def test_every_language_has_every_message_with_the_same_placeholders(lang: str) -> None:
    english, translated = raw("en"), raw(lang)
    assert sorted(set(english) - set(translated)) == []
    assert sorted(set(translated) - set(english)) == []
    assert [key for key in english
            if placeholders(english[key]) != placeholders(translated[key])] == []
    Messages.load(lang)  # and each plural message has exactly the language's forms


@pytest.mark.parametrize(
    ("lang", "count", "text"),
    [
        ("en", 1, "1 article"), ("en", 0, "0 articles"), ("en", 21, "21 articles"),
        ("en", Decimal("1.5"), "1.5 articles"),
        ("de", 1, "1 Artikel"), ("de", 12345, "12.345 Artikel"),
        ("pl", 1, "1 artykuł"), ("pl", 2, "2 artykuły"), ("pl", 4, "4 artykuły"),
        ("pl", 5, "5 artykułów"), ("pl", 12, "12 artykułów"), ("pl", 14, "14 artykułów"),
        ("pl", 22, "22 artykuły"), ("pl", 0, "0 artykułów"), ("pl", 112, "112 artykułów"),
        ("pl", 21, "21 artykułów"), ("pl", 1001, "1001 artykułów"),
        ("pl", Decimal("1.5"), "1,5 artykułu"), ("pl", Decimal("2.0"), "2 artykuły"),
        ("ru", 1, "1 статья"), ("ru", 21, "21 статья"), ("ru", 11, "11 статей"),
        ("ru", 3, "3 статьи"), ("ru", 13, "13 статей"), ("ru", 104, "104 статьи"),
        ("ru", 5, "5 статей"), ("ru", 0, "0 статей"), ("ru", 1001, "1\u00a0001 статья"),
        ("ru", Decimal("2.5"), "2,5 статьи"),
        ("uk", 1, "1 стаття"), ("uk", 101, "101 стаття"), ("uk", 111, "111 статей"),
        ("uk", 2, "2 статті"), ("uk", 12, "12 статей"), ("uk", 25, "25 статей"),
        ("uk", Decimal("0.5"), "0,5 статті"),
    ],
)
def test_plurals(lang: str, count: int | Decimal, text: str) -> None:
    assert Messages.load(lang).text("summary-entries", count=count) == text


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1534, {"en": "1,534", "de": "1.534", "pl": "1534", "ru": "1\u00a0534",
                "uk": "1\u00a0534"}),
        (12534, {"en": "12,534", "de": "12.534", "pl": "12\u00a0534", "ru": "12\u00a0534",
                 "uk": "12\u00a0534"}),
        (1234567, {"en": "1,234,567", "de": "1.234.567", "pl": "1\u00a0234\u00a0567",
                   "ru": "1\u00a0234\u00a0567", "uk": "1\u00a0234\u00a0567"}),
        (Decimal("2.50"), {"en": "2.5", "de": "2,5", "pl": "2,5", "ru": "2,5", "uk": "2,5"}),
        (Decimal("100"), {lang: "100" for lang in LANGUAGES}),
        (Decimal("-1534.25"), {"en": "-1,534.25", "de": "-1.534,25", "pl": "-1534,25",
                               "ru": "-1\u00a0534,25", "uk": "-1\u00a0534,25"}),
        (Decimal("-0.0"), {lang: "0" for lang in LANGUAGES}),
        (Decimal("999"), {lang: "999" for lang in LANGUAGES}),
    ],
)
def test_numbers_in_each_language(value: int | Decimal, shown: dict[str, str]) -> None:
    assert {lang: Messages.load(lang).number(value) for lang in LANGUAGES} == shown


def test_problems_in_words_with_their_values_shown_as_the_output_needs() -> None:
    assert EN.problem("other", [("reason", "a|b")], show=lambda v: v.upper()) == "A|B"
    # A problem stored by a newer version is shown by its key and values.
    assert EN.problem("from-the-future", [("x", "1")]) == "from-the-future; x: 1"


def write_messages(directory: Path, lang: str, texts: dict[str, object]) -> None:
    (directory / f"{lang}.json").write_text(json.dumps(texts), encoding="utf-8")


def test_missing_translations_fall_back_to_english(tmp_path: Path) -> None:
    write_messages(
        tmp_path, "en", {"a": "A {x}", "n": {"one": "{count} thing", "other": "{count} things"}}
    )
    write_messages(tmp_path, "pl", {"a": "Ą {x}"})
    messages = Messages.load("pl", tmp_path)
    assert messages.text("a", x="1") == "Ą 1"
    # English text with English plural forms, the number written the Polish way.
    assert messages.text("n", count=12345) == "12\u00a0345 things"
    assert messages.text("n", count=1) == "1 thing"
    with pytest.raises(KeyError, match="nope"):
        messages.text("nope")


@pytest.mark.parametrize(
    ("polish", "error"),
    [
        ({"n": {"one": "x", "other": "y"}}, "pl needs"),
        ({"a": "{y}"}, "unknown placeholders"),
        ({"b": "B"}, "not an English message"),
        ({"a": 3}, "must be a string"),
    ],
)
def test_broken_translations_fail_at_load(
    tmp_path: Path, polish: dict[str, object], error: str
) -> None:
    write_messages(tmp_path, "en", {"a": "{x}", "n": {"one": "x", "other": "y"}})
    write_messages(tmp_path, "pl", polish)
    with pytest.raises(ValueError, match=error):
        Messages.load("pl", tmp_path)


def test_unknown_language_is_an_error() -> None:
    with pytest.raises(ValueError, match="'xx'"):
        Messages.load("xx")


def test_message_templates_survive_and_placeholders_must_be_given(tmp_path: Path) -> None:
    write_messages(tmp_path, "en", {"a": "{{tl|x}} {y}"})
    messages = Messages.load("en", tmp_path)
    assert messages.text("a", y="1") == "{{tl|x}} 1"
    with pytest.raises(KeyError, match=r"needs \{y\}"):
        messages.text("a")
