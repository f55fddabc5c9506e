"""The lists that belong to an entry, one row per item: verdicts, points and declared values.

They are saved with the entries and rewritten only for the entries whose list changed,
because most runs change little; each is loaded in one query for a whole contest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy import ColumnElement, Table, delete, insert, select
from sqlalchemy.orm import Session

from bot.model import Check, DeclaredValue, PointsPart
from bot.store.schema import Base, EntryRow, EntryValueRow, PointsPartRow, VerdictRow

Item = TypeVar("Item")


@dataclass(frozen=True, slots=True)
class EntryList(Generic[Item]):
    """One kind of list: its table and how its items map onto the table's columns."""

    table: Table  # keyed by entry_id and position
    fields: tuple[str, ...]  # the item's fields, each stored in the column of the same name
    item: Callable[..., Item]  # builds an item from those fields, in this order

    def load(self, session: Session, scope: ColumnElement[bool]) -> dict[int, tuple[Item, ...]]:
        """The lists, in order, of the entries that ``scope`` selects, by entry id."""
        columns = self.table.c
        query = (
            select(columns.entry_id, *(columns[name] for name in self.fields))
            .join(EntryRow, columns.entry_id == EntryRow.id)
            .where(scope)
            .order_by(columns.entry_id, columns.position)
        )
        found: defaultdict[int, list[Item]] = defaultdict(list)
        for entry_id, *values in session.execute(query):
            found[entry_id].append(self.item(*values))
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
            {
                "entry_id": entry_id,
                "position": position,
                **{name: getattr(item, name) for name in self.fields},
            }
            for entry_id, items in changed
            for position, item in enumerate(items)
        ]
        if rows:
            session.execute(insert(self.table), rows)


# Through the tables, not the ORM classes: ORM objects would cost more than the database.
VERDICTS = EntryList(
    Base.metadata.tables[VerdictRow.__tablename__],
    ("rule", "expected", "actual", "passed", "path"),
    Check,
)
SCORES = EntryList(
    Base.metadata.tables[PointsPartRow.__tablename__], ("rule", "detail", "points"), PointsPart
)
VALUES = EntryList(
    Base.metadata.tables[EntryValueRow.__tablename__], ("field", "raw", "canonical"), DeclaredValue
)
