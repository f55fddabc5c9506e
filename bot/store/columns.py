"""Column types that behave the same on SQLite and MariaDB: exact strings, aware UTC
datetimes, exact decimals and ordered pairs of text. The models and the migrations both
use them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, DateTime, Numeric, String, Text
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

POINTS_PLACES = 6  # fractional digits of points kept exactly; more is refused, not rounded


def exact_string(length: int) -> TypeEngine[str]:
    """A VARCHAR that tells "Foo bar" from "Foo Bar" and "Café" from "Cafe" on every backend.

    MariaDB's default collations are case- and accent-insensitive, which would merge
    distinct titles and user names in unique keys and lookups.
    """
    return String(length).with_variant(
        mysql.VARCHAR(length, charset="utf8mb4", collation="utf8mb4_bin"), "mysql", "mariadb"
    )


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes, stored naive in UTC (neither backend keeps a zone)."""

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name in ("mysql", "mariadb"):
            # MariaDB's DATETIME drops fractions of a second unless asked for them.
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))
        return dialect.type_descriptor(DateTime())

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the store needs aware datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class ExactDecimal(TypeDecorator[Decimal]):
    """Decimals with up to ``POINTS_PLACES`` fractional digits, kept exactly.

    MariaDB has an exact DECIMAL; SQLite would turn NUMERIC into a float, so there
    the value is stored as an integer count of millionths.
    """

    impl = Numeric(18, POINTS_PLACES)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(18, POINTS_PLACES))

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> Decimal | int | None:
        if value is None:
            return None
        scaled = value.scaleb(POINTS_PLACES)
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {POINTS_PLACES} fractional digits")
        return int(scaled) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        number = Decimal(value).scaleb(-POINTS_PLACES) if dialect.name == "sqlite" else value
        return _without_trailing_zeros(number)


def _without_trailing_zeros(number: Decimal) -> Decimal:
    # Both backends then return the same digits: DECIMAL(18, 6) reads back "0.300000".
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


class TextPairs(TypeDecorator[tuple[tuple[str, str], ...]]):
    """(name, value) pairs of text in their order, as the JSON text of a list of pairs.

    JSON rather than a child table: the pairs are only ever read and written whole.
    """

    impl = Text
    cache_ok = True

    def process_bind_param(
        self, value: tuple[tuple[str, str], ...] | None, dialect: Dialect
    ) -> str | None:
        if value is None:
            return None
        # Unescaped: the column is utf8mb4, and the stored text stays readable.
        return json.dumps([[name, text] for name, text in value], ensure_ascii=False)

    def process_result_value(
        self, value: str | None, dialect: Dialect
    ) -> tuple[tuple[str, str], ...] | None:
        return None if value is None else tuple((name, text) for name, text in json.loads(value))


class TitleSet(TypeDecorator[frozenset[str]]):
    """A set of page titles as the JSON text of its sorted list; NULL reads as empty (rows
    stored before the column existed: their wiki is read in full again, see ``Checkpoint``)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: frozenset[str] | None, dialect: Dialect) -> str | None:
        return None if value is None else json.dumps(sorted(value), ensure_ascii=False)

    def process_result_value(self, value: str | None, dialect: Dialect) -> frozenset[str]:
        return frozenset() if value is None else frozenset(json.loads(value))
