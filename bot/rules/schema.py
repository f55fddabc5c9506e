"""Rule and points expressions as organizers write them, parsed into small immutable trees.

A rule is a leaf (``min_bytes: 2000``, or a bare name such as ``not_redirect``) or a
composition: ``all: [...]``, ``any: [...]``, ``not: rule``. A mapping with several
leaves means all of them. A leaf set to ``false`` is left out, so a wiki can switch a
default off. Points are a number, ``tiers`` (the first tier whose ``when`` holds),
``steps`` (points per further amount of a measure) or ``sum``; tiers nest.

Errors name the place inside the expression, e.g. ``all.2.min_bytes: expected a whole
number, got "2kb"``; the definition adds the key path of the expression.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PlainValidator, TypeAdapter, ValidationError
from pydantic_core import PydanticCustomError


def _true(value: object) -> Literal[True]:
    # Only ``true`` itself: pydantic's Literal[True] also takes 1 and 1.0 (``True == 1``).
    if value is not True:
        raise PydanticCustomError("literal_error", "expected true")
    return True


def _not_a_number(value: object) -> object:
    # pydantic reads a number as a Unix time: ``registered_after: 2026`` is not 1970.
    if isinstance(value, int | float):
        raise PydanticCustomError("date_type", "expected a date")
    return value


# The value each leaf takes. ``True`` marks a leaf without a parameter.
_FLAG = Annotated[Literal[True], PlainValidator(_true)]
_INT = Annotated[int, Field(strict=True)]
_COUNT = Annotated[int, Field(ge=0, strict=True)]
_NAMES = Annotated[list[str], Field(min_length=1)]
LEAVES: Mapping[str, Any] = {
    # the page
    "namespace": list[_INT] | _INT | _FLAG,  # a bare "namespace": the main namespace
    "not_redirect": _FLAG,
    "not_disambiguation": _FLAG,
    "min_references": _COUNT,
    "in_category": _NAMES | str,
    "without_templates": _NAMES | str,
    # new or expanded, and by whom
    "created_in_window": _FLAG,
    "expanded": _FLAG,
    "created_by_participant": _FLAG,
    "max_bytes_before": _COUNT,
    # size of the article, and what the participant's own edits added
    "min_bytes": _COUNT,
    "min_words": _COUNT,
    "min_chars": _COUNT,
    "min_added_bytes": _COUNT,
    "min_added_words": _COUNT,
    "min_added_chars": _COUNT,
    # topic
    "on_topic_list": _NAMES | str,
    "declared_country": _NAMES | _FLAG,
    "declared_topic": _NAMES | _FLAG,
    "not_home_country": _FLAG,
    # the participant and the declaration
    "registered_after": Annotated[datetime | date, BeforeValidator(_not_a_number)],
    "fewer_edits_before_start": Annotated[int, Field(ge=1, strict=True)],
    "not_excluded": _FLAG,
    "declared_within_days": _COUNT,
    # the contest's default rules, inside a wiki's own
    "defaults": _FLAG,
}
# What steps and tiers can measure: each has a ``min_<measure>`` leaf.
MEASURES = ("bytes", "words", "chars", "added_bytes", "added_words", "added_chars",
            "references")
_COMPOSITIONS = ("all", "any", "not")
_LEAF_ADAPTERS = {name: TypeAdapter(kind) for name, kind in LEAVES.items()}


@dataclass(frozen=True, slots=True)
class Leaf:
    rule: str
    value: Any  # normalised: lists as tuples of str/int, one name as a 1-tuple


@dataclass(frozen=True, slots=True)
class AllOf:
    parts: tuple[RuleNode, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    parts: tuple[RuleNode, ...]


@dataclass(frozen=True, slots=True)
class Not:
    part: RuleNode


RuleNode = Leaf | AllOf | AnyOf | Not


@dataclass(frozen=True, slots=True)
class Fixed:
    points: Decimal


@dataclass(frozen=True, slots=True)
class Tier:
    when: RuleNode | None  # None: always (a last "otherwise" tier)
    points: PointsNode


@dataclass(frozen=True, slots=True)
class Tiers:
    tiers: tuple[Tier, ...]


@dataclass(frozen=True, slots=True)
class Steps:
    """``points`` once the measure reaches ``start``, and again for every further ``every``."""

    measure: str
    start: int
    every: int
    points: Decimal


@dataclass(frozen=True, slots=True)
class Sum:
    parts: tuple[PointsNode, ...]


PointsNode = Fixed | Tiers | Steps | Sum


class ExpressionError(ValueError):
    """An expression that cannot be read: ``where`` inside it (e.g. "all.2.min_bytes", ""
    for the whole expression) and the ``problem`` there."""

    def __init__(self, where: str, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}" if where else problem)


def parse_rule(data: object, where: str = "") -> RuleNode:
    """The tree of a rule expression; ``ExpressionError`` says where and what is wrong.

    An expression with no rule left (empty, or every rule switched off) is an error: it
    would accept everything, which nobody means.
    """
    node = _rule(data, where)
    if node is None:
        raise ExpressionError(where, "no rule is left (empty, or every rule set to false)")
    return node


def _composed(kind: type[AllOf | AnyOf], parts: list[RuleNode | None]) -> RuleNode | None:
    # A composition whose parts are all switched off is switched off too; kept, an empty
    # ``any`` would always fail and an empty ``all`` always pass.
    kept = tuple(p for p in parts if p is not None)
    return kind(kept) if kept else None


def _rule(data: object, where: str) -> RuleNode | None:
    if isinstance(data, str):
        data = {data: True}
    if isinstance(data, list):  # all of them; errors are located by position, as written
        return _composed(AllOf, [_rule(item, _join(where, str(i)))
                                 for i, item in enumerate(data)])
    if not isinstance(data, Mapping) or not data:
        raise ExpressionError(where, "expected a rule: a name, or a mapping such as "
                              "{min_bytes: 2000} or {all: [...]}")
    if len(data) > 1:
        return _composed(AllOf, [_rule({key: value}, where) for key, value in data.items()])
    ((key, value),) = data.items()
    here = _join(where, str(key))
    if key in ("all", "any"):
        if not isinstance(value, list):
            raise ExpressionError(here, "expected a list of rules")
        parts = [_rule(item, _join(here, str(i))) for i, item in enumerate(value)]
        return _composed(AllOf if key == "all" else AnyOf, parts)
    if key == "not":
        part = _rule(value, here)
        return Not(part) if part is not None else None
    if key not in LEAVES:
        raise ExpressionError(where, f'unknown rule "{key}"; known rules: '
                              f"{', '.join((*_COMPOSITIONS, *LEAVES))}")
    if value is False:
        return None
    try:
        checked = _LEAF_ADAPTERS[str(key)].validate_python(value)
    except ValidationError as exc:
        raise ExpressionError(here, _expected(LEAVES[str(key)], value, exc)) from None
    return Leaf(str(key), _normal(str(key), checked))


def _normal(rule: str, value: Any) -> Any:
    if rule == "namespace":
        return (0,) if value is True else tuple(value) if isinstance(value, list) else (value,)
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, str):
        return (value,)
    return value


def parse_points(data: object, where: str = "") -> PointsNode:
    """The tree of a points expression."""
    if isinstance(data, bool):  # YAML "yes": never a number of points
        raise ExpressionError(where, "expected a number of points")
    if isinstance(data, int | float | str | Decimal):
        return Fixed(_points(data, where))
    if not isinstance(data, Mapping) or len(data) != 1:
        raise ExpressionError(where, "expected points: a number, or one of "
                                     "tiers, steps, sum")
    ((key, value),) = data.items()
    here = _join(where, str(key))
    if key == "tiers":
        if not isinstance(value, list) or not value:
            raise ExpressionError(here, "expected a list of tiers")
        return Tiers(tuple(_tier(item, _join(here, str(i))) for i, item in enumerate(value)))
    if key == "sum":
        if not isinstance(value, list):
            raise ExpressionError(here, "expected a list of points")
        return Sum(tuple(parse_points(item, _join(here, str(i)))
                         for i, item in enumerate(value)))
    if key == "steps":
        return _steps(value, here)
    raise ExpressionError(where, f'unknown points "{key}"; known: tiers, steps, sum')


def _tier(data: object, where: str) -> Tier:
    if not isinstance(data, Mapping) or "points" not in data or set(data) - {"when", "points"}:
        raise ExpressionError(where, "expected a tier: {when: rule, points: ...}")
    when = parse_rule(data["when"], _join(where, "when")) if "when" in data else None
    return Tier(when, parse_points(data["points"], _join(where, "points")))


def _steps(data: object, where: str) -> Steps:
    keys = {"measure", "start", "every", "points"}
    if not isinstance(data, Mapping) or set(data) != keys:
        raise ExpressionError(where, "expected {measure: words, start: 1001, every: "
                              "500, points: 5}")
    if data["measure"] not in MEASURES:
        raise ExpressionError(_join(where, 'measure'), f"expected one of "
                              f"{', '.join(MEASURES)}, got {json.dumps(data['measure'])}")
    counts = {}
    for key, smallest in (("start", 0), ("every", 1)):
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < smallest:
            raise ExpressionError(_join(where, key), f"expected a whole number of at "
                                  f"least {smallest}, got {json.dumps(value, default=str)}")
        counts[key] = value
    return Steps(str(data["measure"]), counts["start"], counts["every"],
                 _points(data["points"], _join(where, "points")))


# Points are stored exactly with 6 fractional digits in 18 (bot.store.columns).
_POINTS = TypeAdapter(Annotated[Decimal, Field(max_digits=18, decimal_places=6)])


def _points(value: object, where: str) -> Decimal:
    try:
        # Through str: a YAML float 0.1 must become Decimal("0.1"), not 0.1000000000000000055…
        return _POINTS.validate_python(str(value) if isinstance(value, float) else value)
    except ValidationError as exc:
        raise ExpressionError(where, _expected(Decimal, value, exc)) from None


def _expected(kind: object, value: object, exc: ValidationError) -> str:
    error = exc.errors()[0]
    if kind in (_FLAG,):
        message = "expected true (or false to leave the rule out)"
    elif error["type"].startswith(("int", "greater_than")):
        message = "expected a whole number" + (
            f" of at least {error['ctx']['ge']}" if "ctx" in error and "ge" in error["ctx"]
            else "")
    elif error["type"].startswith("decimal"):
        message = ("expected a number" if error["type"] == "decimal_parsing"
                   else error["msg"].replace("Decimal input", "points").lower())
    elif error["type"].startswith(("date", "datetime")):
        message = "expected a date (YYYY-MM-DD) or date and time"
    elif kind is Decimal:  # e.g. NaN or infinity
        message = "expected a number"
    else:
        message = "expected " + _describe_kind(kind)
    return f"{message}, got {json.dumps(value, ensure_ascii=False, default=str)}"


def _describe_kind(kind: object) -> str:
    text = str(kind)
    if "list[str]" in text and "Literal[True]" in text:
        return "true or a list of names"
    if "list[str]" in text:
        return "a name or a list of names"
    if "list[" in text and "int" in text:
        return "a namespace number or a list of them"
    return "true (or false to leave the rule out)"


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def leaves(node: RuleNode | PointsNode | None) -> list[Leaf]:
    """Every leaf of a rule or points tree (the conditions of tiers included)."""
    match node:
        case Leaf():
            return [node]
        case AllOf(parts) | AnyOf(parts):
            return [leaf for part in parts for leaf in leaves(part)]
        case Not(part):
            return leaves(part)
        case Tiers(tiers):
            return [leaf for tier in tiers for leaf in (*leaves(tier.when), *leaves(tier.points))]
        case Sum(parts):
            return [leaf for part in parts for leaf in leaves(part)]
    return []


def with_defaults(node: RuleNode, defaults: RuleNode) -> RuleNode:
    """``node`` with each ``defaults`` leaf replaced by the contest's default rules."""
    match node:
        case Leaf(rule="defaults"):
            return defaults
        case AllOf(parts):
            return AllOf(tuple(with_defaults(p, defaults) for p in parts))
        case AnyOf(parts):
            return AnyOf(tuple(with_defaults(p, defaults) for p in parts))
        case Not(part):
            return Not(with_defaults(part, defaults))
    return node


def measures_used(nodes: Iterable[RuleNode | PointsNode | None]) -> set[str]:
    """The measures (``MEASURES``) that rules and points of these trees compare."""
    used: set[str] = set()
    for node in nodes:
        used |= {leaf.rule.removeprefix("min_") for leaf in leaves(node)
                 if leaf.rule.removeprefix("min_") in MEASURES}
        used |= {s.measure for s in _steps_of(node)}
    return used


def _steps_of(node: RuleNode | PointsNode | None) -> list[Steps]:
    match node:
        case Steps():
            return [node]
        case Tiers(tiers):
            return [s for tier in tiers for s in _steps_of(tier.points)]
        case Sum(parts):
            return [s for part in parts for s in _steps_of(part)]
    return []
