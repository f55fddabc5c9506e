"""Contest definitions, re-read at every run; a broken edit never stops a contest.

The last valid text of every definition (file or wiki page) is kept in the store. When the
current text is invalid or cannot be read, the kept one stays in force and the error says
why — the revision and every problem with its key path — so organizers see what to fix.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Generic, TypeVar

from bot.config import ConfigError, ContestConfig, is_json_file, load_definition_text
from bot.contests.locations import LocationText, PageRef, UnreadableLocation, read_location
from bot.store import Store

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DefinitionError:
    revision: int | None  # the wiki revision that is invalid (None for files)
    problems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LoadedDefinition:
    source: str
    config: ContestConfig | None  # the current one if valid, else the last valid one kept
    revision: int | None  # wiki revision of ``config``
    error: DefinitionError | None  # why the current text is not in force


@dataclass(frozen=True, slots=True)
class InForce(Generic[T]):
    """What a document says, from its current text or its last valid one."""

    value: T | None
    revision: int | None
    error: DefinitionError | None


def load_definition(location: Path | PageRef, store: Store) -> LoadedDefinition:
    source = str(location)
    json_only = not isinstance(location, Path) or is_json_file(location)

    def parse(text: str) -> ContestConfig:
        return load_definition_text(text, source, json_only=json_only)

    found = in_force(location, store, "definition " + source, parse)
    return LoadedDefinition(source, found.value, found.revision, found.error)


def in_force(
    location: Path | PageRef, store: Store, key: str, parse: Callable[[str], T]
) -> InForce[T]:
    """The current text of ``location`` if ``parse`` takes it (``ConfigError`` otherwise),
    kept under ``key`` as the last valid one; else the last valid one, with the error."""
    source = str(location)
    try:
        current = read_location(location)
    except UnreadableLocation as exc:
        error = DefinitionError(None, (f"cannot read: {exc}",))
    else:
        try:
            value = parse(current.text)
        except ConfigError as exc:
            error = DefinitionError(current.revision, tuple(exc.problems))
        else:
            _keep(store, key, current)
            return InForce(value, current.revision, None)
    kept = _last_valid(store, key, source, parse)
    where = "" if error.revision is None else f" (revision {error.revision})"
    log.error("%s%s is not in force: %s; in force: %s", source, where,
              "; ".join(error.problems), _describe(kept))
    return InForce(kept.value, kept.revision, error)


def _keep(store: Store, key: str, current: LocationText) -> None:
    stored = store.document(key)
    if stored is None or (stored.text, stored.revision) != (current.text, current.revision):
        store.save_document(key, current.text, current.revision, datetime.now(UTC))


def _last_valid(store: Store, key: str, source: str, parse: Callable[[str], T]) -> InForce[T]:
    stored = store.document(key)
    if stored is None:
        return InForce(None, None, None)
    try:
        return InForce(parse(stored.text), stored.revision, None)
    except ConfigError as exc:  # valid for an older version of the bot, not for this one
        log.error("%s: the last valid version kept is no longer valid: %s", source,
                  "; ".join(exc.problems))
        return InForce(None, None, None)


def _describe(kept: InForce[T]) -> str:
    if kept.value is None:
        return "nothing (no valid version was ever read)"
    if kept.revision is None:
        return "the last valid text read"
    return f"revision {kept.revision}, the last valid one"
