"""Free-text declaration values (countries, topics) read as canonical ids, never guessed.

Participants type a country as they please: declined, misspelt, linked, with stray
spaces or invisible marks. A value is reduced to a matching key (``value_key``) and
looked up in an ``AliasTable``; an unlisted value is unrecognised (None), because a
wrong country is worse than none: it moves an entry between columns of the results
table without anyone noticing, while None sends it to a human.

The shipped table is the CEE Spring extract in ``data/country-aliases.tsv``; organizers
extend it from the contest configuration with ``AliasTable.with_aliases``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from types import MappingProxyType

# Unclosed, a comment hides the rest of the value, as it does on the wiki.
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
# Soft hyphen, zero-width and bidi marks: invisible, typed by input methods or pasted
# along with the text, never what the participant meant to write.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_LINK = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")
# A template call cannot be expanded offline, so it is kept as written and matches only
# where the table lists that very call; spaces just inside the braces do not change it.
_BRACE_SPACE = re.compile(r"(?<=\{\{)\s+|\s+(?=\}\})")

_COUNTRY_COLUMNS = ["wiki", "value_as_typed", "canonical"]
_HOME_COLUMNS = ["wiki", "home_countries"]


def value_key(raw: str) -> str:
    """The matching key of a value; a link counts by its target (see ``_keys``)."""
    return _key(raw, by_label=False)


def _keys(raw: str) -> tuple[str, ...]:
    # "[[target|label]]": the target is what the participant linked to, so it is the
    # safer reading; the label is tried as well because targets are often more precise
    # than the table ("[[Polska (państwo)|Polska]]"). ``lookup`` refuses a value whose two
    # readings name different canonicals.
    by_target = _key(raw, by_label=False)
    by_label = _key(raw, by_label=True)
    return (by_target,) if by_label == by_target else (by_target, by_label)


def _key(raw: str, *, by_label: bool) -> str:
    text = _COMMENT.sub("", raw)
    text = _INVISIBLE.sub("", text)
    text = _LINK.sub(lambda link: _link_text(link, by_label=by_label), text)
    text = _BRACE_SPACE.sub("", text)
    # NFC after casefolding: casefolding can leave a character decomposed.
    return unicodedata.normalize("NFC", " ".join(text.split()).casefold())


def _link_text(link: re.Match[str], *, by_label: bool) -> str:
    target, label = link.group(1), link.group(2)
    if by_label and label:  # an empty label is the pipe trick: the link shows its target
        return label
    return target.split("#", 1)[0].lstrip(":").replace("_", " ")


class AliasTable:
    """Aliases per wiki and for all wikis, each scope mapping a key to one canonical id.

    A key never has two meanings in one scope: a table that would hold one is refused
    with ValueError, whether it comes from data rows or from an organizer.
    """

    __slots__ = ("_across_wikis", "_by_wiki", "_everywhere")

    def __init__(
        self, by_wiki: Mapping[str, Mapping[str, str]], everywhere: Mapping[str, str]
    ) -> None:
        """``by_wiki``: wiki → key → canonical; ``everywhere``: organizer aliases for all wikis.

        Both are keyed by ``value_key``: build tables with ``from_rows``, ``of`` or
        ``countries``. Each canonical's own name is added to ``everywhere``: an id always
        matches itself, and no wiki may read it as another id.
        """
        self._by_wiki = {wiki: dict(aliases) for wiki, aliases in by_wiki.items()}
        self._everywhere = dict(everywhere)
        canonicals = {c for aliases in self._by_wiki.values() for c in aliases.values()}
        names: dict[str, str] = {}
        for canonical in sorted(canonicals | set(self._everywhere.values())):
            _add(names, canonical, canonical, "canonical names")
            _add(self._everywhere, canonical, canonical, "all wikis (canonical name)")
        # A wiki may read an organizer's alias for all wikis its own way, but not a name.
        for wiki, aliases in self._by_wiki.items():
            for key, canonical in aliases.items():
                named = names.get(key)
                if named is not None and named != canonical:
                    raise ValueError(
                        f"alias {key!r} → {canonical!r} on {wiki} is the name of {named!r}"
                    )
        across: dict[str, set[str]] = {}
        for aliases in self._by_wiki.values():
            for key, canonical in aliases.items():
                across.setdefault(key, set()).add(canonical)
        self._across_wikis = {key: frozenset(found) for key, found in across.items()}

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, str]]) -> AliasTable:
        """A table from (wiki, value as typed, canonical) rows."""
        by_wiki: dict[str, dict[str, str]] = {}
        for wiki, value, canonical in rows:
            _add(by_wiki.setdefault(wiki, {}), value, canonical, wiki)
        return cls(by_wiki, {})

    @classmethod
    def of(cls, aliases: Mapping[str, Sequence[str]]) -> AliasTable:
        """A table of only these aliases (canonical id → aliases) for all wikis: topics."""
        return cls({}, {}).with_aliases(aliases)

    @classmethod
    def countries(cls) -> AliasTable:
        """The shipped CEE Spring country table."""
        return _shipped_countries()

    def with_aliases(
        self, aliases: Mapping[str, Sequence[str]], wiki: str | None = None
    ) -> AliasTable:
        """A new table that also maps each alias to its canonical id, on ``wiki`` or on all wikis.

        A canonical id not yet known becomes one (a contest may have countries of its own).
        """
        by_wiki = {w: dict(scope) for w, scope in self._by_wiki.items()}
        everywhere = dict(self._everywhere)
        scope = everywhere if wiki is None else by_wiki.setdefault(wiki, {})
        for canonical, names in aliases.items():
            if isinstance(names, str):  # a bare string would be read letter by letter
                raise TypeError(f"aliases of {canonical!r} must be a list, not {names!r}")
            for name in names:
                _add(scope, name, canonical, wiki or "all wikis")
        return AliasTable(by_wiki, everywhere)

    def lookup(self, raw: str, wiki: str) -> str | None:
        """The canonical id ``raw`` names when declared on ``wiki``; None when unrecognised."""
        found = {c for key in _keys(raw) if (c := self._lookup_key(key, wiki)) is not None}
        return found.pop() if len(found) == 1 else None

    def canonical_ids(self) -> frozenset[str]:
        return frozenset(self._everywhere.values())

    def _lookup_key(self, key: str, wiki: str) -> str | None:
        own = self._by_wiki.get(wiki, {})
        if key in own:
            return own[key]
        if key in self._everywhere:
            return self._everywhere[key]
        # Another wiki's alias is trusted only while no wiki reads that key differently:
        # "Крим" is Crimea on one wiki and the Crimean Tatars on another.
        meanings = self._across_wikis.get(key, frozenset())
        return next(iter(meanings)) if len(meanings) == 1 else None


def _add(scope: dict[str, str], value: str, canonical: str, where: str) -> None:
    """Map ``value``'s key to ``canonical`` in ``scope``, refusing a second meaning."""
    if not canonical or canonical != " ".join(canonical.split()):
        raise ValueError(f"canonical id {canonical!r} on {where} is empty or badly spaced")
    key = value_key(value)
    if not key:
        raise ValueError(f"alias {value!r} → {canonical!r} on {where} is empty")
    existing = scope.setdefault(key, canonical)
    if existing != canonical:
        raise ValueError(
            f"alias {value!r} → {canonical!r} on {where} conflicts with {key!r} → {existing!r}"
        )


def _data_rows(name: str, columns: list[str]) -> Iterator[list[str]]:
    """The rows of a shipped TSV file, after its comment lines and checked header."""
    text = resources.files("bot.sources").joinpath("data", name).read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if not line.startswith("#"))
    # The files quote nothing: a quotation mark in a value is part of the value.
    rows = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(rows)
    if header != columns:
        raise ValueError(f"{name}: columns {header}, expected {columns}")
    for row in rows:
        if len(row) != len(columns):
            raise ValueError(f"{name}: row {row} does not have {len(columns)} columns")
        yield row


@cache
def _shipped_countries() -> AliasTable:
    return AliasTable.from_rows(
        (wiki, value, canonical)
        for wiki, value, canonical in _data_rows("country-aliases.tsv", _COUNTRY_COLUMNS)
    )


@cache
def home_countries() -> Mapping[str, frozenset[str]]:
    """Wiki → canonical ids of its own countries (writing about them usually does not count).

    The names are read through the country table on their wiki, the road a participant's
    value takes: the two lists come from different parts of the source and disagree
    ("Tatarstan" here, "Tatars" there), and an own country must compare equal to the
    declared one. A name the table does not know is kept as written ("Germany"): no
    shipped alias maps to it, and an organizer who adds it as a country names it so.
    """
    table = AliasTable.countries()
    homes: dict[str, frozenset[str]] = {}
    for wiki, names in _data_rows("home-countries.tsv", _HOME_COLUMNS):
        listed = (name.strip() for name in names.split(";"))
        homes[wiki] = frozenset(table.lookup(name, wiki) or name for name in listed if name)
    return MappingProxyType(homes)
