"""Interface texts from one JSON file per language, with plurals and number formats.

A file maps keys to wikitext with ``{name}`` placeholders. A value may instead be an
object of CLDR plural forms (``{"one": ..., "few": ..., "many": ..., "other": ...}``),
chosen by the count the text is shown with; it must name every form its language
has, so a missing form is an error at load time, not a wrong ending on the wiki.
Keys missing from a language come from English (with English plural rules).

Adding a language means adding its JSON file and one ``Language`` entry below.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

MESSAGES_DIR = Path(__file__).parent / "messages"
FALLBACK_LANGUAGE = "en"

# A placeholder is ``{name}``; ``{{`` and ``}}`` are left alone so messages may use templates.
_PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z_]+)\}(?!\})")

Number = int | Decimal
MessageValue = str | Mapping[str, str]


@dataclass(frozen=True, slots=True)
class Language:
    """What formatting a count or an amount takes in one language (from CLDR)."""

    code: str
    # (i, v) → category: i = the integer digits, v = how many fraction digits are shown.
    plural_rule: Callable[[int, int], str]
    plural_categories: frozenset[str]
    group_separator: str
    decimal_separator: str
    # Grouping starts at 3 + this many integer digits: pl writes 1534 but 12 534.
    min_grouping_digits: int

    def plural(self, value: Number) -> str:
        _, integer, fraction = _decimal_parts(value)
        return self.plural_rule(int(integer), len(fraction))

    def number(self, value: Number) -> str:
        sign, integer, fraction = _decimal_parts(value)
        if len(integer) >= 3 + self.min_grouping_digits:
            head = len(integer) % 3 or 3
            groups = [integer[:head]] + [integer[i : i + 3] for i in range(head, len(integer), 3)]
            integer = self.group_separator.join(groups)
        return sign + integer + (self.decimal_separator + fraction if fraction else "")


def _decimal_parts(value: Number) -> tuple[str, str, str]:
    """Sign, integer digits and fraction digits as shown: no trailing zeros (2.50 → 2.5)."""
    amount = Decimal(value)
    if not amount.is_finite():
        raise ValueError(f"not a finite number: {value}")
    if amount == 0:
        return "", "0", ""  # also turns -0 into 0
    # normalize() drops trailing zeros but may switch to exponent form (100 → 1E+2);
    # the "f" format writes it out in full again.
    digits = format(amount.normalize(), "f")
    integer, _, fraction = digits.lstrip("-").partition(".")
    return ("-" if amount < 0 else ""), integer, fraction


def _one_other_plural(i: int, v: int) -> str:
    """English and German."""
    return "one" if i == 1 and v == 0 else "other"


def _few(i: int) -> bool:
    return i % 10 in (2, 3, 4) and i % 100 not in (12, 13, 14)


def _polish_plural(i: int, v: int) -> str:
    if v:
        return "other"
    if i == 1:
        return "one"
    return "few" if _few(i) else "many"


def _east_slavic_plural(i: int, v: int) -> str:
    """Russian and Ukrainian: 1, 21, 101 take "one"; 11 takes "many"."""
    if v:
        return "other"
    if i % 10 == 1 and i % 100 != 11:
        return "one"
    return "few" if _few(i) else "many"


_ONE_OTHER = frozenset({"one", "other"})
_ONE_FEW_MANY_OTHER = frozenset({"one", "few", "many", "other"})
# Groups of digits are separated by a no-break space (U+00A0) where CLDR has a space, so
# that numbers never wrap.
LANGUAGES: Mapping[str, Language] = {
    "en": Language("en", _one_other_plural, _ONE_OTHER, ",", ".", 1),
    "de": Language("de", _one_other_plural, _ONE_OTHER, ".", ",", 1),
    "pl": Language("pl", _polish_plural, _ONE_FEW_MANY_OTHER, "\u00a0", ",", 2),
    "ru": Language("ru", _east_slavic_plural, _ONE_FEW_MANY_OTHER, "\u00a0", ",", 1),
    "uk": Language("uk", _east_slavic_plural, _ONE_FEW_MANY_OTHER, "\u00a0", ",", 1),
}


class Messages:
    """The texts of one language; ``load`` is the way to get one."""

    def __init__(
        self,
        language: Language,
        texts: Mapping[str, MessageValue],
        fallback: Messages | None,
    ) -> None:
        self.language = language
        self._texts = texts
        self._fallback = fallback

    @classmethod
    def load(cls, lang: str, directory: Path = MESSAGES_DIR) -> Messages:
        """The messages of ``lang``, checked against English so mistakes fail here."""
        if lang not in LANGUAGES:
            raise ValueError(f"no language rules for {lang!r}; known: {', '.join(LANGUAGES)}")
        path = directory / f"{lang}.json"
        if not path.is_file():
            raise ValueError(f"no message file for {lang!r} ({path})")
        texts = _read_texts(path, LANGUAGES[lang])
        if lang == FALLBACK_LANGUAGE:
            return cls(LANGUAGES[lang], texts, None)
        fallback = cls.load(FALLBACK_LANGUAGE, directory)
        for key, value in texts.items():
            if key not in fallback._texts:
                raise ValueError(f"{path}: {key!r} is not an English message")
            extra = _placeholders(value) - _placeholders(fallback._texts[key])
            if extra:
                raise ValueError(f"{path}: {key!r} uses unknown placeholders {sorted(extra)}")
        return cls(LANGUAGES[lang], texts, fallback)

    def has(self, key: str) -> bool:
        return key in self._texts or (self._fallback is not None and self._fallback.has(key))

    def text(self, key: str, /, *, count: Number | None = None, **params: str) -> str:
        """The message with its placeholders filled; ``params`` are wikitext.

        ``count`` picks the plural form and fills ``{count}``; a plural message shown
        without a count (say, of a value that is not a number) uses its "other" form.
        """
        return self._filled(key, count, params)

    def _filled(self, key: str, count: Number | None, params: Mapping[str, str]) -> str:
        value, language = self._lookup(key)
        if not isinstance(value, str):
            # A fallback text comes with its own language's plural forms; its number
            # is still written the way this page's language writes numbers.
            value = value["other" if count is None else language.plural(count)]
        if count is not None:
            params = {"count": self.number(count), **params}
        return _fill(value, params, key)

    def number(self, value: Number) -> str:
        return self.language.number(value)

    def problem(self, problem: str, params: Iterable[tuple[str, str]],
                show: Callable[[str], str] = str) -> str:
        """What a review item says is wrong; ``show`` turns each value into the output's
        form (escaped wikitext on a page, as is in a terminal).

        A problem this version has no message for (stored by a newer one) is shown by
        its key and values rather than failing the whole page.
        """
        params = tuple(params)
        if not self.has(f"problem-{problem}"):
            described = "; ".join([problem, *(f"{k}: {v}" for k, v in params)])
            return self.text("problem-other", reason=show(described))
        return self._filled(f"problem-{problem}", None, {k: show(v) for k, v in params})

    def _lookup(self, key: str) -> tuple[MessageValue, Language]:
        if key in self._texts:
            return self._texts[key], self.language
        if self._fallback is None:
            raise KeyError(f"no message {key!r}")
        return self._fallback._lookup(key)


def _placeholders(value: MessageValue) -> frozenset[str]:
    forms = [value] if isinstance(value, str) else list(value.values())
    return frozenset(name for form in forms for name in _PLACEHOLDER.findall(form))


def _fill(template: str, params: Mapping[str, str], key: str) -> str:
    def value_of(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in params:
            raise KeyError(f"message {key!r} needs {{{name}}}")
        return params[name]

    return _PLACEHOLDER.sub(value_of, template)


def _read_texts(path: Path, language: Language) -> dict[str, MessageValue]:
    raw: object = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected an object of messages")
    texts: dict[str, MessageValue] = {}
    for key, value in raw.items():
        if isinstance(value, str):
            texts[key] = value
            continue
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise ValueError(f"{path}: {key!r} must be a string or an object of plural forms")
        if set(value) != language.plural_categories:
            raise ValueError(
                f"{path}: {key!r} has plural forms {sorted(value)}, "
                f"{language.code} needs {sorted(language.plural_categories)}"
            )
        texts[key] = dict(value)
    return texts
