"""The contest definition: one schema, loaded from YAML or JSON files and JSON wiki pages.

Validation errors name the key path and what is wrong, e.g.
``wikis.pl.rules.min_bytes: expected a whole number, got "2kb"``, so an organizer can fix
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
    PlainSerializer,
    PlainValidator,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from bot.facts.prose import NO_SPACE_LANGUAGES
from bot.reports.messages import LANGUAGES
from bot.rules.schema import (
    ExpressionError,
    Fixed,
    PointsNode,
    RuleNode,
    leaves,
    measures_used,
    parse_points,
    parse_rule,
    with_defaults,
)
from bot.sources.values import AliasTable, home_countries
from bot.titles import normalize_user

MAX_ASKED_TITLES = 50  # templates or categories a wiki's rules may name (API limit)
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


def _plain_date(value: object) -> object:
    # Without this, pydantic reads "2026-05-31" as midnight at the start of that day,
    # which would silently drop the last day of the contest.
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return date.fromisoformat(value.strip())
    return value


class Window(_Strict):
    """Contest dates in the organizers' time zone; a date ``end`` includes that whole day."""

    start: datetime | date
    end: datetime | date
    timezone: str = "UTC"

    _plain_date_is_a_day = field_validator("start", "end", mode="before")(_plain_date)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("unknown time zone") from exc
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


def _expression_error(exc: ExpressionError) -> PydanticCustomError:
    # Where inside the expression is appended to the key path (``_describe``).
    return PydanticCustomError("expression", "{problem}",
                               {"where": exc.where, "problem": exc.problem})


def _rule_tree(data: object) -> RuleNode:
    try:
        return parse_rule(data)
    except ExpressionError as exc:
        raise _expression_error(exc) from None


def _points_tree(data: object) -> PointsNode:
    try:
        return parse_points(data)
    except ExpressionError as exc:
        raise _expression_error(exc) from None


# Rule and points expressions (``bot.rules.schema``); errors say where inside them.
# Serialised as their repr, which names every node's kind ("AnyOf", not just its parts):
# the digest of a definition (``bot.incremental``) must change when "all" becomes "any".
RuleTree = Annotated[RuleNode, PlainValidator(_rule_tree), PlainSerializer(repr, return_type=str)]
PointsTree = Annotated[PointsNode, PlainValidator(_points_tree),
                       PlainSerializer(repr, return_type=str)]

# The international default: a new article in the main namespace, written by the participant.
DEFAULT_RULES = parse_rule(["namespace", "not_redirect", "not_disambiguation",
                            "created_in_window", "created_by_participant"])


class Bonus(_Strict):
    # Shown in the points' explanation, e.g. "topic list"; stored with the points' terms.
    name: Annotated[str, Field(min_length=1, max_length=200)]
    when: RuleTree
    points: PointsTree


class Scoring(_Strict):
    """Points for an accepted article: by kind, plus bonuses, within caps."""

    new: PointsTree = Fixed(Decimal(1))
    expanded: PointsTree | None = None  # None: as for new articles
    bonuses: list[Bonus] = Field(default_factory=list)
    max_per_article: Annotated[PointsValue, Field(ge=0)] | None = None
    max_per_participant: Annotated[PointsValue, Field(ge=0)] | None = None  # on this wiki

    def trees(self) -> list[RuleNode | PointsNode | None]:
        """Every expression of the scoring: formulas, and bonuses' conditions and points."""
        return [self.new, self.expanded,
                *(node for bonus in self.bonuses for node in (bonus.when, bonus.points))]


class Ranking(_Strict):
    """Who is ranked: everyone, or those over these thresholds (the others are listed)."""

    min_accepted: NonNegativeInt = 0
    min_points: PointsValue = Decimal(0)


class WindowOverride(_Strict):
    """A wiki's own dates or time zone; what it leaves out comes from the contest's window."""

    start: datetime | date | None = None
    end: datetime | date | None = None
    timezone: str | None = None

    _plain_date_is_a_day = field_validator("start", "end", mode="before")(_plain_date)


class TopicList(_Strict):
    """Articles on a topic: Wikidata items (listed here or on pages of a wiki) or titles."""

    wiki: str | None = None  # where ``pages`` are; needed with pages
    pages: list[str] = Field(default_factory=list)  # {{#invoke:WikimediaCEETable|table|Q…}}
    items: list[Annotated[str, Field(pattern=r"^Q[1-9][0-9]*$")]] = Field(default_factory=list)
    titles: list[str] = Field(default_factory=list)  # on the wiki of the article

    @model_validator(mode="after")
    def _pages_need_wiki(self) -> TopicList:
        if self.pages and self.wiki is None:
            raise ValueError("give the wiki the pages are on")
        if not (self.pages or self.items or self.titles):
            raise ValueError("give pages, items or titles")
        return self


class JuryTemplates(_Strict):
    """The names of the decision templates on a jury page, one list per kind of decision."""

    accept: list[str] = Field(default_factory=lambda: ["Jury accept"], min_length=1)
    reject: list[str] = Field(default_factory=lambda: ["Jury reject"], min_length=1)
    points: list[str] = Field(default_factory=lambda: ["Jury points"], min_length=1)
    comment: list[str] = Field(default_factory=lambda: ["Jury comment"], min_length=1)


class JuryParameters(_Strict):
    """Parameter names of the decision templates; digits name positional parameters."""

    article: list[str] = Field(default_factory=lambda: ["1", "article"], min_length=1)
    participant: list[str] = Field(default_factory=lambda: ["participant", "user"])
    reason: list[str] = Field(default_factory=lambda: ["2", "reason"], min_length=1)
    points: list[str] = Field(default_factory=lambda: ["2", "points"], min_length=1)
    comment: list[str] = Field(default_factory=lambda: ["2", "comment", "text"], min_length=1)


class WikiJury(_Strict):
    """Where a wiki's jurors record their decisions, and who they are."""

    page: str
    members: list[str] = Field(default_factory=list)  # besides the contest's jury members
    templates: JuryTemplates = Field(default_factory=JuryTemplates)
    parameters: JuryParameters = Field(default_factory=JuryParameters)

    @field_validator("members")
    @classmethod
    def _user_names(cls, names: list[str]) -> list[str]:
        return [normalize_user(name) for name in names]


class JuryPoints(_Strict):
    """The points a juror may give (e.g. 1 to 5); the jury's points replace the formula's."""

    min: PointsValue = Decimal(0)
    max: PointsValue

    @model_validator(mode="after")
    def _ordered(self) -> JuryPoints:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max})")
        return self


class Jury(_Strict):
    """How several jurors' marks on one entry combine.

    average: each juror's latest mark counts; the majority of accept/reject decides (a tie
    needs review) and points are averaged. consensus: only when every juror who marked the
    entry agrees. min_marks: as average, once at least ``min_marks`` jurors marked it.
    Until then the automatic verdict stands.
    """

    mode: Literal["average", "consensus", "min_marks"] = "average"
    min_marks: Annotated[int, Field(ge=1, strict=True)] = 2  # used by mode min_marks
    members: list[str] = Field(default_factory=list)  # jurors on every wiki with a jury page
    points: JuryPoints | None = None  # None: points decisions are refused

    @field_validator("members")
    @classmethod
    def _user_names(cls, names: list[str]) -> list[str]:
        return [normalize_user(name) for name in names]

    @property
    def marks_needed(self) -> int:
        return self.min_marks if self.mode == "min_marks" else 1


# Wikitext pages above ~2 MB are refused by MediaWiki and slow to read well before that.
DEFAULT_PAGE_BYTES = 500_000


class WikiResultsPage(_Strict):
    """A wiki's own results page: its entries, ranking and problems in its language."""

    page: str
    language: str = "en"
    max_bytes: Annotated[int, Field(ge=2_000, le=1_900_000, strict=True)] = DEFAULT_PAGE_BYTES

    @field_validator("language")
    @classmethod
    def _has_messages(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"no messages in this language; available: {', '.join(LANGUAGES)}")
        return value


class WikiConfig(_Strict):
    site: SiteRef
    sources: list[EntrySource] = Field(default_factory=list)  # none: the wiki only hosts results
    window: WindowOverride | None = None
    rules: RuleTree | None = None  # None: the contest's default rules (``defaults`` includes them)
    points: Scoring | None = None
    # Countries an article must not be about (``not_home_country``); default: the shipped table.
    home_countries: list[str] | None = None
    excluded_participants: list[str] = Field(default_factory=list)
    # Words in scripts written without spaces are counted as characters / this ratio.
    chars_per_word: Annotated[Decimal, Field(gt=0, max_digits=6, decimal_places=3)] | None = None
    disambiguation_templates: list[str] = Field(default_factory=list)
    # Templates that make a footnote themselves (e.g. "Szablon:Odn", "Template:Sfn"): their
    # calls count as references for ``min_references``.
    reference_templates: list[str] = Field(default_factory=list)
    # Who may be named in a talk-page template: the article's creator, or also anyone
    # who edited it inside the window; "anyone" turns the check off.
    talk_participant: Literal["created", "created_or_edited", "anyone"] = "created_or_edited"
    country_aliases: Aliases = Field(default_factory=dict)  # this wiki's own spellings
    topic_aliases: Aliases = Field(default_factory=dict)
    jury: WikiJury | None = None
    results: WikiResultsPage | None = None  # besides the contest's results page

    @field_validator("excluded_participants")
    @classmethod
    def _user_names(cls, names: list[str]) -> list[str]:
        return [normalize_user(name) for name in names]



class ResultsPage(WikiResultsPage):
    """The contest's results: every wiki, the international tables, and a status page."""

    wiki: str
    # Last check of every wiki; edited at most hourly when nothing but those times changed.
    status_page: str | None = None
    # An organizer or juror edits it to ask for a run now (``bot.contests.requests``).
    update_page: str | None = None

    @model_validator(mode="after")
    def _update_page_is_not_written_by_the_bot(self) -> ResultsPage:
        # The bot's own edits are never requests: on a page it writes, nobody could ask.
        if self.update_page is not None and self.update_page in (self.page, self.status_page):
            raise ValueError("update_page must be a page of its own, not one the bot writes")
        return self


class Defaults(_Strict):
    rules: RuleTree = DEFAULT_RULES
    points: Scoring = Field(default_factory=Scoring)


class ContestConfig(_Strict):
    name: str
    window: Window
    results: ResultsPage
    wikis: dict[str, WikiConfig] = Field(min_length=1)
    defaults: Defaults = Field(default_factory=Defaults)
    # Accounts that may add entries naming other participants (e.g. on a newcomer's behalf).
    organizers: list[str] = Field(default_factory=list)
    # Accounts whose entries do not count where a wiki's rules say ``not_excluded``.
    excluded_participants: list[str] = Field(default_factory=list)
    topic_lists: dict[str, TopicList] = Field(default_factory=dict)
    ranking: Ranking = Field(default_factory=Ranking)
    jury: Jury = Field(default_factory=Jury)
    country_aliases: Aliases = Field(default_factory=dict)  # for every wiki
    # A topic table (canonical topic → aliases); without one, topics are kept as typed.
    topics: Aliases = Field(default_factory=dict)

    @field_validator("organizers", "excluded_participants")
    @classmethod
    def _user_names(cls, names: list[str]) -> list[str]:
        # Compared with user names as the API writes them ("Anna k", not "anna_k").
        return [normalize_user(name) for name in names]

    @model_validator(mode="after")
    def _references_resolve(self) -> ContestConfig:
        problems = []
        if self.results.wiki not in self.wikis:
            problems.append(f'results.wiki "{self.results.wiki}" is not one of the contest '
                            f"wikis ({', '.join(sorted(self.wikis))})")
        for name, topic_list in self.topic_lists.items():
            if topic_list.wiki is not None and topic_list.wiki not in self.wikis:
                problems.append(f'topic_lists.{name}.wiki "{topic_list.wiki}" is not one of '
                                f"the contest wikis")
        problems += _timeless("defaults.rules", self.defaults.rules)
        problems += self._expression_problems("defaults", self.defaults.rules,
                                              self.defaults.points)
        for key, wiki in self.wikis.items():
            problems += self._expression_problems(f"wikis.{key}", wiki.rules, wiki.points)
            problems += self._too_many_titles(key)
            problems += self._value_problems(key)
            problems += self._words_without_ratio(key)
            if wiki.rules is not None:
                problems += _timeless(f"wikis.{key}.rules", wiki.rules)
            if wiki.jury is not None and not self.jurors_for(key):
                problems.append(f"wikis.{key}.jury.members: nobody is a juror on this wiki: "
                                f"list the jurors here or in jury.members")
            try:
                self.window_for(key)
            except ValidationError as exc:
                problems += [_describe({**e, "loc": ("wikis", key, "window", *e["loc"])})
                             for e in exc.errors()]
        if problems:  # one error for all of them; ``parse_config`` lists them one by one
            raise ValueError("\n".join(problems))
        return self

    def _expression_problems(
        self, where: str, rules: RuleNode | None, points: Scoring | None
    ) -> list[str]:
        """Topic lists that are not defined, and ``defaults`` where it means nothing: in
        the defaults themselves, and in points (only a wiki's rules replace it)."""
        trees: list[tuple[str, RuleNode | PointsNode | None]] = [(f"{where}.rules", rules)]
        if points is not None:
            trees += [(f"{where}.points.new", points.new),
                      (f"{where}.points.expanded", points.expanded)]
            for i, bonus in enumerate(points.bonuses):
                trees += [(f"{where}.points.bonuses.{i}.when", bonus.when),
                          (f"{where}.points.bonuses.{i}.points", bonus.points)]
        problems = []
        for place, tree in trees:
            used = leaves(tree)
            names = {n for leaf in used if leaf.rule == "on_topic_list" for n in leaf.value}
            problems += [f'{place}: topic list "{name}" is not defined in topic_lists'
                         for name in sorted(names - self.topic_lists.keys())]
            if place == "defaults.rules" and any(leaf.rule == "defaults" for leaf in used):
                problems.append(f"{place}: cannot include the defaults in themselves")
            elif ".points." in place and any(leaf.rule == "defaults" for leaf in used):
                problems.append(f"{place}: defaults can only be used in a wiki's rules")
        return problems

    def asked_titles(self, key: str) -> tuple[set[str], set[str]]:
        """The templates (``without_templates``) and categories (``in_category``) that the
        wiki's rules and points name, as written."""
        trees = self.trees_for(key)
        used = [leaf for tree in trees for leaf in leaves(tree)]
        templates = {t for leaf in used if leaf.rule == "without_templates" for t in leaf.value}
        categories = {c for leaf in used if leaf.rule == "in_category" for c in leaf.value}
        return templates, categories

    def _words_without_ratio(self, key: str) -> list[str]:
        # Words of Chinese, Japanese, Thai… are counted as characters per word; the ratio
        # differs by language and is the organizers' call, never a built-in guess.
        wiki = self.wikis[key]
        if wiki.site.code not in NO_SPACE_LANGUAGES or wiki.chars_per_word is not None:
            return []
        trees = self.trees_for(key)
        if not measures_used(trees) & {"words", "added_words"}:
            return []
        return [f'wikis.{key}: "{wiki.site.code}" is written without spaces between words: '
                f"give chars_per_word (characters per word) for its word rules"]

    def _value_problems(self, key: str) -> list[str]:
        """Countries and topics in rules must be ids of the value tables, as declared values
        are read: "poland" or "Polska" there would never match a declaration."""
        wiki = self.wikis[key]
        countries = (AliasTable.countries().with_aliases(self.country_aliases)
                     .with_aliases(wiki.country_aliases, wiki=key).canonical_ids()
                     | set(wiki.country_aliases))
        known = {"country": countries, "topic": set(self.topics)} if self.topics else {
            "country": countries}
        named = [(f"wikis.{key}.home_countries", "country", name)
                 for name in wiki.home_countries or ()]
        trees = self.trees_for(key)
        named += [(f"wikis.{key}: {leaf.rule}", leaf.rule.removeprefix("declared_"), value)
                  for tree in trees for leaf in leaves(tree)
                  if leaf.rule in ("declared_country", "declared_topic")
                  and leaf.value is not True for value in leaf.value]
        return [f'{where}: "{value}" is not a known {field} id (ids are the canonical names '
                f"of the value tables, e.g. Poland; organizers add their own in "
                f"{field}_aliases or topics)"
                for where, field, value in named if field in known and value not in known[field]]

    def _too_many_titles(self, key: str) -> list[str]:
        # The API takes at most 50 titles in tltemplates/clcategories: more would need
        # requests per group of them, for a rule set nobody writes.
        templates, categories = self.asked_titles(key)
        templates |= set(self.wikis[key].disambiguation_templates)
        return [f"wikis.{key}: at most {MAX_ASKED_TITLES} {what} can be checked, "
                f"got {len(found)}"
                for what, found in (("templates", templates), ("categories", categories))
                if len(found) > MAX_ASKED_TITLES]

    def topic_lists_used(self, wiki: str) -> set[str]:
        trees = self.trees_for(wiki)
        return {name for tree in trees for leaf in leaves(tree) if leaf.rule == "on_topic_list"
                for name in leaf.value}

    def trees_for(self, wiki: str) -> list[RuleNode | PointsNode | None]:
        """Every expression that judges the wiki's entries: its rules, then its points'."""
        return [self.rules_for(wiki), *self.points_for(wiki).trees()]

    def rules_for(self, wiki: str) -> RuleNode:
        rules = self.wikis[wiki].rules
        return self.defaults.rules if rules is None else with_defaults(rules, self.defaults.rules)

    def points_for(self, wiki: str) -> Scoring:
        return self.wikis[wiki].points or self.defaults.points

    def home_countries_for(self, wiki: str) -> frozenset[str]:
        """The countries the wiki's articles may not be about (``not_home_country``)."""
        own = self.wikis[wiki].home_countries
        if own is not None:
            return frozenset(own)
        return home_countries().get(self.wikis[wiki].site.code, frozenset())

    def jurors_for(self, wiki: str) -> frozenset[str]:
        """Whose decisions count on the wiki's jury page."""
        own = self.wikis[wiki].jury
        return frozenset((*self.jury.members, *(own.members if own else ())))

    def window_for(self, wiki: str) -> Window:
        """The contest's window with the wiki's own dates and time zone, where it has them."""
        own = self.wikis[wiki].window
        if own is None:
            return self.window
        changed = {k: v for k, v in own.model_dump().items() if v is not None}
        return Window.model_validate({**self.window.model_dump(), **changed})


def _timeless(where: str, rules: RuleNode) -> list[str]:
    # Rules that say nothing about when the article was written accept any old article;
    # that is what a wiki's own rules written as "min_bytes: 2000" would do, since they
    # replace the defaults rather than adding to them.
    said = {leaf.rule for leaf in leaves(rules)}
    if said & {"created_in_window", "expanded", "defaults", "min_added_bytes",
               "min_added_words", "min_added_chars"}:
        return []
    own = ", or include defaults" if where.startswith("wikis.") else ""
    return [f"{where}: nothing says the article was written during the contest: add "
            f"created_in_window, expanded or a min_added_ rule{own}"]


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
    if kind == "expression":  # a rule or points expression says where inside it
        path = ".".join(filter(None, (path, error["ctx"]["where"])))
        return f"{path}: {error['ctx']['problem']}" if path else error["ctx"]["problem"]
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


def describe_errors(exc: ValidationError) -> list[str]:
    """Every problem of a validation as "key.path: what is wrong", once each."""
    return list(dict.fromkeys(problem for e in exc.errors()
                              for problem in _describe(e).split("\n")))


def parse_config(data: object, source: str) -> ContestConfig:
    """Validate a parsed definition; ``ConfigError`` lists every problem with its key path."""
    try:
        return ContestConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(source, describe_errors(exc)) from None


def parse_document(text: str, source: str, *, json_only: bool) -> object:
    """The data of a JSON (wiki pages, ``.json`` files) or YAML text; a syntax error is a
    ``ConfigError`` that says at which line and column, as organizers see their text."""
    if json_only:
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            where = f"line {exc.lineno}, column {exc.colno}: "
            raise ConfigError(source, [f"{where}not valid JSON ({exc.msg})"]) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ConfigError(source, [f"{where}not valid YAML ({exc})"]) from None


def load_definition_text(text: str, source: str, *, json_only: bool) -> ContestConfig:
    """A definition from its text, wherever the text comes from (a file, a wiki page)."""
    return parse_config(parse_document(text, source, json_only=json_only), source)


def is_json_file(path: Path) -> bool:
    return path.suffix.lower() == ".json"


def load_config(path: Path) -> ContestConfig:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(str(path), [f"cannot read: {exc.strerror}"]) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(str(path), [f"cannot read: not UTF-8 text (byte {exc.start})"]) from None
    return load_definition_text(text, str(path), json_only=is_json_file(path))
