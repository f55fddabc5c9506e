"""The contest definition: one schema, loaded from YAML files (and later from JSON wiki pages).

Validation errors name the key path and what is wrong, e.g.
``wikis.pl.rules.min_bytes: expected integer, got "2kb"``, so an organizer can fix
the definition without reading code.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.reports.messages import LANGUAGES
from bot.titles import normalize_user

NonNegativeInt = Annotated[int, Field(ge=0, strict=True)]
# Points are stored exactly with 6 fractional digits in 18 (bot.store.columns); a value
# the store would refuse mid-run is refused here, where the organizer sees it.
PointsValue = Annotated[Decimal, Field(max_digits=18, decimal_places=6)]


class ConfigError(Exception):
    """A contest definition that cannot be used; ``problems`` are located messages."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"{source}: " + "; ".join(problems))


class _Strict(BaseModel):
    # extra="forbid": a misspelt key is an error, not a silently ignored setting.
    model_config = ConfigDict(extra="forbid", frozen=True)


class SiteRef(_Strict):
    """A wiki as pywikibot knows it: ``Site(code, family)``."""

    code: str
    family: str = "wikipedia"


class Window(_Strict):
    """Contest dates in the organizers' time zone; a date ``end`` includes that whole day."""

    start: datetime | date
    end: datetime | date
    timezone: str = "UTC"

    @field_validator("start", "end", mode="before")
    @classmethod
    def _plain_date_is_a_day(cls, value: object) -> object:
        # Without this, pydantic reads "2026-05-31" as midnight at the start of that day,
        # which would silently drop the last day of the contest.
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            return date.fromisoformat(value.strip())
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f'unknown time zone "{value}"') from exc
        return value

    def _bound(self, value: datetime | date, *, end: bool) -> datetime:
        zone = ZoneInfo(self.timezone)
        if isinstance(value, datetime):
            local = value if value.tzinfo else value.replace(tzinfo=zone)
        else:
            local = datetime.combine(value + timedelta(days=1) if end else value, time(), zone)
        return local.astimezone(UTC)

    @property
    def start_utc(self) -> datetime:
        return self._bound(self.start, end=False)

    @property
    def end_utc(self) -> datetime:
        """Exclusive end: the first instant after the contest."""
        return self._bound(self.end, end=True)

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.end_utc <= self.start_utc:
            raise ValueError("end must be after start")
        return self


class EntryTemplateConfig(_Strict):
    """A template per entry on a submission page, e.g. ``{{Entry|article=…|user=…}}``."""

    names: list[str] = Field(min_length=1)  # without namespace; redirects listed too
    article: list[str] = Field(default_factory=lambda: ["article"])
    participant: list[str] = Field(default_factory=lambda: ["user"])


class SubmissionPageSource(_Strict):
    kind: Literal["submission_page"]
    page: str
    entry_template: EntryTemplateConfig | None = None


class TemplateFieldsConfig(_Strict):
    """Local parameter names of a talk-page template; "1", "2"… mean positional ones."""

    participant: list[str] = Field(min_length=1)
    country: list[str] = Field(default_factory=list)
    topic: list[str] = Field(default_factory=list)
    year: str | None = None  # a template reused across years: only ``year_value`` counts
    year_value: str | None = None

    @model_validator(mode="after")
    def _year_pair(self) -> TemplateFieldsConfig:
        if (self.year is None) != (self.year_value is None):
            raise ValueError("year and year_value go together")
        return self


class TalkTemplateSource(_Strict):
    """Articles whose talk pages carry the contest template (or one of its redirects)."""

    kind: Literal["talk_template"]
    template: str  # full title, e.g. "Szablon:CEE Spring 2026"
    fields: TemplateFieldsConfig


class UserSubpagesSource(_Strict):
    """``User:X/<subpage>`` lists X's articles; found through a template or a category."""

    kind: Literal["user_subpages"]
    subpage: str
    template: str | None = None  # full title of a template the subpages transclude
    category: str | None = None  # full title of a category they are in

    @model_validator(mode="after")
    def _found_somehow(self) -> UserSubpagesSource:
        if (self.template is None) == (self.category is None):
            raise ValueError("give exactly one of template or category to find the subpages")
        return self


EntrySource = Annotated[
    SubmissionPageSource | TalkTemplateSource | UserSubpagesSource,
    Field(discriminator="kind"),
]

# Organizer extensions of the value tables: canonical id → aliases typed on the wikis.
Aliases = dict[str, list[str]]


class Rules(_Strict):
    """Every entry must pass all enabled rules."""

    namespaces: list[int] = Field(default_factory=lambda: [0])
    not_redirect: bool = True
    not_disambiguation: bool = True
    created_in_window: bool = True
    created_by_participant: bool = True
    min_bytes: NonNegativeInt | None = None
    min_words: NonNegativeInt | None = None


class Tier(_Strict):
    min_bytes: NonNegativeInt
    points: PointsValue


class Points(_Strict):
    """Points for an accepted article: the highest size tier reached, else ``per_article``.

    Set ``per_article: 0`` when articles below the lowest tier should score nothing.
    """

    per_article: PointsValue = Decimal(1)
    tiers: list[Tier] = Field(default_factory=list)

    @field_validator("tiers")
    @classmethod
    def _ascending(cls, tiers: list[Tier]) -> list[Tier]:
        thresholds = [t.min_bytes for t in tiers]
        if thresholds != sorted(set(thresholds)):
            raise ValueError("tiers must have strictly ascending min_bytes")
        return tiers


class WikiConfig(_Strict):
    site: SiteRef
    sources: list[EntrySource] = Field(default_factory=list)  # none: the wiki only hosts results
    rules: Rules | None = None  # None: the contest's default rules
    points: Points | None = None
    disambiguation_templates: list[str] = Field(default_factory=list)
    # Who may be named in a talk-page template: the article's creator, or also anyone
    # who edited it inside the window; "anyone" turns the check off.
    talk_participant: Literal["created", "created_or_edited", "anyone"] = "created_or_edited"
    country_aliases: Aliases = Field(default_factory=dict)  # this wiki's own spellings
    topic_aliases: Aliases = Field(default_factory=dict)


class ResultsPage(_Strict):
    wiki: str
    page: str
    language: str = "en"

    @field_validator("language")
    @classmethod
    def _has_messages(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"no messages in this language; available: {', '.join(LANGUAGES)}")
        return value


class Defaults(_Strict):
    rules: Rules = Field(default_factory=Rules)
    points: Points = Field(default_factory=Points)


class ContestConfig(_Strict):
    name: str
    window: Window
    results: ResultsPage
    wikis: dict[str, WikiConfig] = Field(min_length=1)
    defaults: Defaults = Field(default_factory=Defaults)
    schedule_minutes: Annotated[int, Field(ge=5, strict=True)] = 60
    # Accounts that may add entries naming other participants (e.g. on a newcomer's behalf).
    organizers: list[str] = Field(default_factory=list)

    @field_validator("organizers")
    @classmethod
    def _user_names(cls, names: list[str]) -> list[str]:
        # Compared with user names as the API writes them ("Anna k", not "anna_k").
        return [normalize_user(name) for name in names]
    country_aliases: Aliases = Field(default_factory=dict)  # for every wiki
    # A topic table (canonical topic → aliases); without one, topics are kept as typed.
    topics: Aliases = Field(default_factory=dict)

    @model_validator(mode="after")
    def _results_on_contest_wiki(self) -> ContestConfig:
        if self.results.wiki not in self.wikis:
            raise ValueError(
                f'results.wiki "{self.results.wiki}" is not one of the contest wikis '
                f"({', '.join(sorted(self.wikis))})"
            )
        return self

    def rules_for(self, wiki: str) -> Rules:
        return self.wikis[wiki].rules or self.defaults.rules

    def points_for(self, wiki: str) -> Points:
        return self.wikis[wiki].points or self.defaults.points


_EXPECTED = {
    "int_type": "expected integer",
    "int_parsing": "expected integer",
    "int_from_float": "expected integer",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "string_type": "expected text",
    "decimal_parsing": "expected a number",
    "decimal_type": "expected a number",
    "list_type": "expected a list",
    "dict_type": "expected a mapping",
    "model_type": "expected a mapping",
    "missing": "required key is missing",
    "extra_forbidden": "unknown key",
    "date_from_datetime_parsing": "expected a date (YYYY-MM-DD) or date and time",
    "datetime_from_date_parsing": "expected a date (YYYY-MM-DD) or date and time",
}


def _describe(error: Any) -> str:
    path = ".".join(str(part) for part in error["loc"] if not _is_union_tag(part))
    kind = error["type"]
    message = _EXPECTED.get(kind) or error["msg"].removeprefix("Value error, ")
    scalar = isinstance(error.get("input"), str | int | float | bool)
    if kind not in ("missing", "extra_forbidden") and scalar:
        message += f", got {json.dumps(error['input'], ensure_ascii=False, default=str)}"
    return f"{path}: {message}" if path else message


def _is_union_tag(part: object) -> bool:
    # pydantic puts the tried member type in the location of union errors
    # ("window.start.datetime"); organizers only need the key they wrote.
    return part in ("datetime", "date", "submission_page", "talk_template", "user_subpages",
                    "int", "float")


def parse_config(data: object, source: str) -> ContestConfig:
    """Validate a parsed definition; ``ConfigError`` lists every problem with its key path."""
    try:
        return ContestConfig.model_validate(data)
    except ValidationError as exc:
        problems = list(dict.fromkeys(_describe(e) for e in exc.errors()))
        raise ConfigError(source, problems) from None


def load_config(path: Path) -> ContestConfig:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(str(path), [f"cannot read: {exc.strerror}"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ConfigError(str(path), [f"{where}not valid YAML ({exc})"]) from None
    return parse_config(data, str(path))
