"""The records that flow through the pipeline.

sources → ``Entry`` / ``ReviewItem``; facts → ``PageFacts``; rules → ``Check``;
scoring → ``Result``. Everything here is immutable plain data so that every stage
can be tested without a wiki or a database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum


class Status(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    REVIEW = "review"


@dataclass(frozen=True, slots=True)
class Location:
    """Where something was declared: a line of a page as read in one revision."""

    wiki: str  # contest wiki key of the declaring page
    page: str
    line: int | None = None  # 1-based line of the page's wikitext
    revision: int | None = None  # revision id of the declaring page that was read


class SourceKind(StrEnum):
    SUBMISSION_PAGE = "submission_page"
    TALK_TEMPLATE = "talk_template"
    USER_SUBPAGE = "user_subpage"


@dataclass(frozen=True, slots=True)
class DeclaredValue:
    """A free-text value from a declaration (a country, a topic) and what it was read as."""

    field: str  # "country" or "topic"
    raw: str  # as typed
    canonical: str | None  # the alias table's id; None when unrecognised (never guessed)


@dataclass(frozen=True, slots=True)
class Entry:
    """An article a participant declared, before any fact is known about it."""

    wiki: str  # contest wiki key of the article (may differ from the declaring page's wiki)
    title: str  # normalised title as declared
    participant: str  # normalised user name
    source: Location
    text: str  # the page lines the declaration spans, or the template call, as written
    kind: SourceKind = SourceKind.SUBMISSION_PAGE
    claimed_by: str | None = None  # the account that added the declaration (page history)
    claimed_at: datetime | None = None  # when it was added
    values: tuple[DeclaredValue, ...] = ()

    def canonical(self, field: str) -> tuple[str, ...]:
        """The recognised values of one field, e.g. the countries of the article."""
        return tuple(v.canonical for v in self.values if v.field == field and v.canonical)


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """Something that looks like an entry but cannot be understood; shown to humans."""

    source: Location
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class LineOrigin:
    """Who added a line of a declaring page, read from the page's history."""

    user: str
    timestamp: datetime
    revision: int


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What the wiki says about a declared title, gathered in batched reads."""

    declared_title: str
    exists: bool
    title: str  # the page actually judged: the target when a redirect left by a move was followed
    page_id: int | None = None
    namespace: int | None = None
    length: int | None = None  # bytes of the latest revision
    latest_revision: int | None = None
    redirect_target: str | None = None  # the declared title redirects here
    moved: bool = False  # ... and the redirect was left by moving the page
    is_disambiguation: bool = False
    creator: str | None = None
    created_at: datetime | None = None  # aware, UTC
    words: int | None = None  # words of readable prose; None when the content was not read


@dataclass(frozen=True, slots=True)
class Check:
    """One rule's verdict on one entry, with its evidence."""

    rule: str
    expected: str
    actual: str
    passed: bool


@dataclass(frozen=True, slots=True)
class Result:
    """An entry with its facts, every rule's verdict, its status and its points."""

    entry: Entry
    facts: PageFacts | None  # None when the wiki could not be read
    checks: tuple[Check, ...]
    status: Status
    points: Decimal

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.passed)
