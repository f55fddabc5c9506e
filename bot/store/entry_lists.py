"""The lists that belong to an entry, one row per item: verdicts, points, declared values
and the jury's marks.

They are saved with the entries and rewritten only for the entries whose list changed,
because most runs change little; each is loaded in one query for a whole contest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, RowMapping, Table, delete, insert, select
from sqlalchemy.orm import Session

from bot.model import Check, DeclaredValue, JuryMark, PointsPart
from bot.store.marks import mark_columns, mark_of
from bot.store.schema import (
    Base,
    EntryRow,
    EntryValueRow,
    JuryMarkRow,
    PointsPartRow,
    VerdictRow,
    WikiRow,
)

Item = TypeVar("Item")


@dataclass(frozen=True, slots=True)
class EntryList(Generic[Item]):
    """One kind of list: its table and how its items map onto the table's columns."""

    table: Table  # keyed by entry_id and position; the other columns hold an item
    row: Callable[[Item], dict[str, Any]]  # an item's values of those columns
    item: Callable[[str, RowMapping], Item]  # an item of a row, in its entry's wiki

    def load(self, session: Session, scope: ColumnElement[bool]) -> dict[int, tuple[Item, ...]]:
        """The lists, in order, of the entries that ``scope`` selects, by entry id."""
        columns = self.table.c
        query = (
            select(self.table, WikiRow.key.label("entry_wiki"))
            .join(EntryRow, columns.entry_id == EntryRow.id)
            .join(WikiRow, EntryRow.wiki_id == WikiRow.id)
            .where(scope)
            .order_by(columns.entry_id, columns.position)
        )
        found: defaultdict[int, list[Item]] = defaultdict(list)
        for row in session.execute(query).mappings():
            found[row["entry_id"]].append(self.item(row["entry_wiki"], row))
        return {entry_id: tuple(items) for entry_id, items in found.items()}

    def save(
        self,
        session: Session,
        scope: ColumnElement[bool],
        lists: Iterable[tuple[int, tuple[Item, ...]]],
    ) -> None:
        """Rewrite the lists that differ from the stored ones.

        ``scope`` selects the entries whose stored lists are compared: those of ``lists``.
        """
        stored = self.load(session, scope)
        changed = [
            (entry_id, items) for entry_id, items in lists if stored.get(entry_id, ()) != items
        ]
        if not changed:
            return
        changed_ids = [entry_id for entry_id, _ in changed]
        session.execute(delete(self.table).where(self.table.c.entry_id.in_(changed_ids)))
        rows = [
            {"entry_id": entry_id, "position": position, **self.row(item)}
            for entry_id, items in changed
            for position, item in enumerate(items)
        ]
        if rows:
            session.execute(insert(self.table), rows)


def _field_by_field(
    rows: type[Base], item: Callable[..., Item], fields: tuple[str, ...]
) -> EntryList[Item]:
    """A list of items whose fields are each stored in the column of the same name."""
    return EntryList(
        Base.metadata.tables[rows.__tablename__],
        lambda value: {name: getattr(value, name) for name in fields},
        lambda wiki, columns: item(*(columns[name] for name in fields)),
    )


# Through the tables, not the ORM classes: ORM objects would cost more than the database.
VERDICTS = _field_by_field(VerdictRow, Check, ("rule", "expected", "actual", "passed", "path"))
SCORES = _field_by_field(PointsPartRow, PointsPart, ("rule", "detail", "points"))
VALUES = _field_by_field(EntryValueRow, DeclaredValue, ("field", "raw", "canonical"))
JURY_MARKS: EntryList[JuryMark] = EntryList(
    Base.metadata.tables[JuryMarkRow.__tablename__], mark_columns, mark_of
)
