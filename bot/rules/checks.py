"""One small function per rule; each returns a ``Check`` saying what was expected and found.

Evidence values are plain strings readable in exports: numbers as digits, times as
ISO 8601 UTC, the window as an ISO interval ``start/end`` (end exclusive), several
names joined by ", ". "unknown" means the fact could not be read, which fails the rule.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.model import Check, Contribution, Entry, PageFacts, TopicItems, UserFacts
from bot.rules.schema import MEASURES
from bot.times import iso

UNKNOWN = "unknown"
NONE = "none"


@dataclass(frozen=True, slots=True)
class Subject:
    """What one verdict is about: an entry, its article, the participant's work and account."""

    entry: Entry
    page: PageFacts
    work: Contribution | None = None  # None: no edit of the participant inside the window
    user: UserFacts | None = None  # None when no rule needs the account


@dataclass(frozen=True, slots=True)
class Context:
    """Everything about the contest and the wiki that the rules compare against."""

    window_start: datetime
    window_end: datetime  # exclusive
    zone: ZoneInfo  # the wiki's time zone, for dates in rules
    now: datetime
    topic_lists: Mapping[str, TopicItems] = field(default_factory=dict)
    home_countries: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()
    # The wiki's form of a page title ("template:cleanup" → "Szablon:Cleanup"), so that
    # categories and templates named in rules match what the API reports.
    title_key: Callable[[str], str] = str


def _count_check(rule: str, minimum: int, actual: int | None) -> Check:
    if actual is None:
        return Check(rule, str(minimum), UNKNOWN, False)
    return Check(rule, str(minimum), str(actual), actual >= minimum)


def _names(values: tuple[str, ...] | frozenset[str]) -> str:
    return ", ".join(sorted(values)) or NONE


# --- the page -------------------------------------------------------------------------

def namespace(value: tuple[int, ...], s: Subject, ctx: Context) -> Check:
    found = s.page.namespace
    return Check("namespace", ",".join(map(str, value)),
                 UNKNOWN if found is None else str(found), found in value)


def not_redirect(value: Any, s: Subject, ctx: Context) -> Check:
    # A redirect left by a move was followed: the moved article is judged, not the redirect.
    if s.page.redirect_target is None or s.page.moved:
        return Check("not_redirect", "not a redirect", "not a redirect", True)
    # The target is the evidence: it tells the participant which article to declare.
    return Check("not_redirect", "not a redirect", s.page.redirect_target, False)


def not_disambiguation(value: Any, s: Subject, ctx: Context) -> Check:
    found = s.page.is_disambiguation
    return Check("not_disambiguation", "not a disambiguation page",
                 "disambiguation page" if found else "not a disambiguation page", not found)


def _among(asked: tuple[str, ...], present: frozenset[str], ctx: Context) -> frozenset[str]:
    wanted = {ctx.title_key(title) for title in asked}
    return frozenset(title for title in present if ctx.title_key(title) in wanted)


def in_category(value: tuple[str, ...], s: Subject, ctx: Context) -> Check:
    found = _among(value, s.page.categories, ctx)
    return Check("in_category", _names(value), _names(found), bool(found))


def without_templates(value: tuple[str, ...], s: Subject, ctx: Context) -> Check:
    found = _among(value, s.page.templates, ctx)
    return Check("without_templates", _names(value), _names(found), not found)


# --- new or expanded, and by whom ----------------------------------------------------

def _window(ctx: Context) -> str:
    return f"{iso(ctx.window_start)}/{iso(ctx.window_end)}"


def created_in_window(value: Any, s: Subject, ctx: Context) -> Check:
    created = s.page.created_at
    if created is None:
        existed = s.page.revision_before is not None
        return Check("created_in_window", _window(ctx),
                     f"before {iso(ctx.window_start)}" if existed else UNKNOWN, False)
    return Check("created_in_window", _window(ctx), iso(created),
                 ctx.window_start <= created < ctx.window_end)


def is_expanded(page: PageFacts, ctx: Context) -> bool:
    """The article existed before the window (an expansion), rather than being new."""
    if page.created_at is not None:
        return page.created_at < ctx.window_start
    return page.revision_before is not None


def expanded(value: Any, s: Subject, ctx: Context) -> Check:
    expected = f"created before {iso(ctx.window_start)}"
    if s.page.created_at is not None:
        actual = iso(s.page.created_at)
    else:
        actual = f"before {iso(ctx.window_start)}" if s.page.revision_before else UNKNOWN
    return Check("expanded", expected, actual, is_expanded(s.page, ctx))


def created_by_participant(value: Any, s: Subject, ctx: Context) -> Check:
    creator = s.page.creator
    if creator is None and s.page.revision_before is not None:
        # An older page whose creator was looked for only among the participants.
        creator_text = f"another account, before {iso(ctx.window_start)}"
    else:
        creator_text = creator or UNKNOWN
    return Check("created_by_participant", s.entry.participant, creator_text,
                 creator == s.entry.participant)


def max_bytes_before(value: int, s: Subject, ctx: Context) -> Check:
    if s.page.created_at is not None and s.page.created_at >= ctx.window_start:
        before: int | None = 0  # created inside the window: nothing before it
    else:
        before = s.page.size_before
    if before is None:
        return Check("max_bytes_before", str(value), UNKNOWN, False)
    return Check("max_bytes_before", str(value), str(before), before <= value)


# --- size -----------------------------------------------------------------------------

def measure(name: str, s: Subject) -> int | None:
    """A size of the entry: the article's (bytes, words, chars, references) or, for the
    ``added_`` measures, what the participant's own counted edits added."""
    if name.startswith("added_"):
        if s.work is None:
            return 0
        return {"added_bytes": s.work.bytes_added, "added_words": s.work.words_added,
                "added_chars": s.work.chars_added}[name]
    return {"bytes": s.page.length, "words": s.page.words, "chars": s.page.chars,
            "references": s.page.references}[name]


def _size_rule(name: str) -> Callable[[int, Subject, Context], Check]:
    def rule(value: int, s: Subject, ctx: Context) -> Check:
        return _count_check(f"min_{name}", value, measure(name, s))

    rule.__name__ = f"min_{name}"
    return rule


# --- topic ----------------------------------------------------------------------------

def on_topic_list(value: tuple[str, ...], s: Subject, ctx: Context) -> Check:
    lists = [ctx.topic_lists[name] for name in value]
    item, title = s.page.wikibase_item, s.page.title
    passed = any(item in t.items or title in t.titles for t in lists)
    # The evidence is what was compared: the item, or the title where lists name titles.
    actual = item or (title if any(t.titles for t in lists) else "no Wikidata item")
    return Check("on_topic_list", _names(value), actual, passed)


def _declared_rule(field: str) -> Callable[[Any, Subject, Context], Check]:
    def rule(value: Any, s: Subject, ctx: Context) -> Check:
        found = s.entry.canonical(field)
        raw = tuple(v.raw for v in s.entry.values if v.field == field and not v.canonical)
        actual = ", ".join((*found, *(f'"{r}"' for r in raw))) or NONE
        if value is True:
            return Check(f"declared_{field}", f"a recognised {field}", actual, bool(found))
        return Check(f"declared_{field}", _names(value), actual,
                     bool(set(found) & set(value)))

    rule.__name__ = f"declared_{field}"
    return rule


def not_home_country(value: Any, s: Subject, ctx: Context) -> Check:
    # Without a declared country there is nothing to compare; ``declared_country`` can
    # demand one.
    countries = frozenset(s.entry.canonical("country"))
    own = countries & ctx.home_countries
    return Check("not_home_country", _names(ctx.home_countries), _names(countries), not own)


# --- the participant and the declaration ---------------------------------------------

def _moment(value: date | datetime, zone: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    return datetime.combine(value, time(), zone)


def registered_after(value: date | datetime, s: Subject, ctx: Context) -> Check:
    since = _moment(value, ctx.zone)
    # A date is shown as the organizers wrote it, in the wiki's zone: "2026-01-01 (Europe/
    # Riga)" reads better than the UTC moment it stands for.
    expected = (iso(since) if isinstance(value, datetime)
                else f"{value.isoformat()} ({ctx.zone.key})")
    user = s.user
    if user is None or not user.exists:
        return Check("registered_after", expected, UNKNOWN, False)
    if user.registered is None:  # accounts from before 2006 have no registration date
        return Check("registered_after", expected, "before 2006", False)
    return Check("registered_after", expected, iso(user.registered), user.registered >= since)


def fewer_edits_before_start(value: int, s: Subject, ctx: Context) -> Check:
    edits = s.user.edits_before_start if s.user else None
    if edits is None:
        return Check("fewer_edits_before_start", str(value), UNKNOWN, False)
    return Check("fewer_edits_before_start", str(value), str(edits), edits < value)


def not_excluded(value: Any, s: Subject, ctx: Context) -> Check:
    excluded = s.entry.participant in ctx.excluded
    return Check("not_excluded", "not an excluded account",
                 "excluded account" if excluded else "not excluded", not excluded)


def declared_within_days(value: int, s: Subject, ctx: Context) -> Check:
    deadline = ctx.window_end + timedelta(days=value)
    claimed = s.entry.claimed_at
    if claimed is None:
        # Until the deadline every declaration is in time; after it, the time is read.
        open_ = ctx.now < deadline
        return Check("declared_within_days", iso(deadline), "before the deadline" if open_
                     else UNKNOWN, open_)
    return Check("declared_within_days", iso(deadline), iso(claimed), claimed < deadline)


Rule = Callable[[Any, Subject, Context], Check]

_RULES: tuple[Rule, ...] = (
    namespace, not_redirect, not_disambiguation, in_category, without_templates,
    created_in_window, expanded, created_by_participant, max_bytes_before,
    *(_size_rule(m) for m in MEASURES),
    on_topic_list, _declared_rule("country"), _declared_rule("topic"), not_home_country,
    registered_after, fewer_edits_before_start, not_excluded, declared_within_days,
)
LEAF_RULES: Mapping[str, Rule] = {rule.__name__: rule for rule in _RULES}
