"""Tables of the store, the records the store hands back, and how the pipeline's records
map onto rows (the column types are in ``columns``).

The schema itself is created and changed only by the Alembic migrations in
``migrations/versions`` (run by ``bot.store.migrate``); these models describe it for
queries, and a test checks that the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.dialects import mysql, sqlite
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.sql import Executable

from bot.model import (
    Contribution,
    JuryDecision,
    Location,
    MarkKind,
    PageFacts,
    Result,
    ReviewItem,
    SourceKind,
    Status,
)
from bot.store.columns import ExactDecimal, TextPairs, TitleSet, UTCDateTime, exact_string

KEY_LENGTH = 64  # wiki keys such as "be-tarask" or "lv.wikiquote"
USER_LENGTH = 255  # MediaWiki's own limit for user names
# MediaWiki allows 255 bytes without the namespace prefix; declared titles carry the prefix.
TITLE_LENGTH = 512
FIELD_LENGTH = 32  # names of declared fields: "country", "topic"
VALUE_ID_LENGTH = 255  # ids of the alias tables that declared values are read with
ITEM_LENGTH = 32  # Wikidata ids: "Q" and digits
PATH_LENGTH = 255  # a check's place in the rule tree: "1.0.2"
LINE_KEY_LENGTH = 40  # bot.sources.history.line_key: a SHA-1 in hex
PROBLEM_LENGTH = 64  # review items' message keys: "unclosed-link"
HASH_LENGTH = 64  # bodies of published pages: a SHA-256 in hex
CONTEST_LENGTH = 255  # contest names, as in contest.name
OWNER_LENGTH = 255  # run lock owners: "host:pid:random" (bot.store.locks.lock_owner)
DOCUMENT_KEY_LENGTH = 512  # "definition " + a file path or "family:code:Title"

# utf8mb4 throughout (4-byte characters); utf8mb4_bin so that keys compare byte-exactly.
MYSQL_TABLE_OPTIONS: dict[str, Any] = {"mysql_charset": "utf8mb4", "mysql_collate": "utf8mb4_bin"}
# TEXT holds 64 KB on MariaDB; a contest definition or registry may be longer.
LONG_TEXT = Text().with_variant(mysql.MEDIUMTEXT(), "mysql", "mariadb")


def upsert(session: Session, table: Table, key: dict[str, Any], values: dict[str, Any]) -> None:
    """Insert the row with ``key`` and ``values``, or give the existing row ``values``.

    One statement: a process saving the key at the same time as another does not fail on
    the other's insert.
    """
    row = {**key, **values}
    if session.get_bind().dialect.name == "sqlite":
        statement: Executable = sqlite.insert(table).values(row).on_conflict_do_update(
            index_elements=list(key), set_=values
        )
    else:
        statement = mysql.insert(table).values(row).on_duplicate_key_update(values)
    session.execute(statement)


class RunStatus(StrEnum):
    RUNNING = "running"
    OK = "ok"
    FAILED = "failed"
    STOPPED = "stopped"  # asked to stop (SIGTERM): ended early, at a step boundary


def _enum_of(enum: type[StrEnum]) -> Enum:
    # Store the values ("accepted"), not the member names, as plain VARCHAR.
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=16,
        values_callable=lambda members: [member.value for member in members],
    )


class Base(DeclarativeBase):
    # Fixed constraint names: MariaDB needs them to alter constraints, SQLite batch mode too.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_N_name)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class ContestRow(Base):
    __tablename__ = "contest"
    __table_args__ = MYSQL_TABLE_OPTIONS

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(exact_string(USER_LENGTH), unique=True)


class WikiRow(Base):
    __tablename__ = "wiki"
    __table_args__ = (UniqueConstraint("contest_id", "key"), MYSQL_TABLE_OPTIONS)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id"))
    key: Mapped[str] = mapped_column(exact_string(KEY_LENGTH))
    last_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(Text)  # set → the wiki's entries are stale
    # The wiki's Checkpoint: how far its recent changes are accounted for.
    changes_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    facts_key: Mapped[str | None] = mapped_column(exact_string(HASH_LENGTH))
    full_read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ParticipantRow(Base):
    __tablename__ = "participant"
    __table_args__ = (UniqueConstraint("contest_id", "name"), MYSQL_TABLE_OPTIONS)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id"))
    name: Mapped[str] = mapped_column(exact_string(USER_LENGTH))


class EntryRow(Base):
    """An entry with its last known facts, status and points; ``page_*`` are its PageFacts."""

    __tablename__ = "entry"
    __table_args__ = (
        UniqueConstraint("contest_id", "wiki_id", "declared_title", "participant_id"),
        MYSQL_TABLE_OPTIONS,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id"))
    wiki_id: Mapped[int] = mapped_column(ForeignKey("wiki.id"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    declared_title: Mapped[str] = mapped_column(exact_string(TITLE_LENGTH))
    source_wiki: Mapped[str] = mapped_column(exact_string(KEY_LENGTH))
    source_page: Mapped[str] = mapped_column(exact_string(TITLE_LENGTH))
    source_line: Mapped[int | None] = mapped_column(Integer)
    source_revision: Mapped[int | None] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    # Entries stored before sources other than submission pages existed came from those.
    kind: Mapped[SourceKind] = mapped_column(
        _enum_of(SourceKind), server_default=SourceKind.SUBMISSION_PAGE.value
    )
    claimed_by: Mapped[str | None] = mapped_column(exact_string(USER_LENGTH))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[Status] = mapped_column(_enum_of(Status))
    points: Mapped[Decimal] = mapped_column(ExactDecimal)
    page_exists: Mapped[bool | None] = mapped_column(Boolean)  # NULL → no facts were read
    page_title: Mapped[str | None] = mapped_column(exact_string(TITLE_LENGTH))
    page_id: Mapped[int | None] = mapped_column(BigInteger)
    page_namespace: Mapped[int | None] = mapped_column(Integer)
    page_length: Mapped[int | None] = mapped_column(BigInteger)
    page_latest_revision: Mapped[int | None] = mapped_column(BigInteger)
    page_redirect_target: Mapped[str | None] = mapped_column(exact_string(TITLE_LENGTH))
    page_moved: Mapped[bool | None] = mapped_column(Boolean)
    page_is_disambiguation: Mapped[bool | None] = mapped_column(Boolean)
    page_creator: Mapped[str | None] = mapped_column(exact_string(USER_LENGTH))
    page_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    page_words: Mapped[int | None] = mapped_column(Integer)
    page_revision_before: Mapped[int | None] = mapped_column(BigInteger)
    page_size_before: Mapped[int | None] = mapped_column(BigInteger)
    page_chars: Mapped[int | None] = mapped_column(Integer)
    page_references: Mapped[int | None] = mapped_column(Integer)
    page_wikibase_item: Mapped[str | None] = mapped_column(exact_string(ITEM_LENGTH))
    page_deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    page_categories: Mapped[frozenset[str]] = mapped_column(TitleSet, nullable=True)
    page_templates: Mapped[frozenset[str]] = mapped_column(TitleSet, nullable=True)
    # What the participant's own counted edits added (bot.model.Contribution); NULL: no edit.
    work_bytes_added: Mapped[int | None] = mapped_column(BigInteger)
    work_words_added: Mapped[int | None] = mapped_column(Integer)
    work_chars_added: Mapped[int | None] = mapped_column(Integer)
    expansion: Mapped[bool] = mapped_column(Boolean, server_default=false())
    newcomer: Mapped[bool | None] = mapped_column(Boolean)
    # The JuryOutcome without its marks (those are in jury_mark); NULL: no juror marked it.
    jury_decision: Mapped[JuryDecision | None] = mapped_column(_enum_of(JuryDecision))
    jury_points: Mapped[Decimal | None] = mapped_column(ExactDecimal)


class EntryListColumns:
    """An item of a list that belongs to an entry; ``position`` keeps the list's order."""

    # The lists are rewritten often; a natural key does not burn through an id sequence.
    entry_id: Mapped[int] = mapped_column(
        ForeignKey("entry.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)


class VerdictRow(EntryListColumns, Base):
    """One rule's verdict on an entry (a ``Check``)."""

    __tablename__ = "verdict"
    __table_args__ = MYSQL_TABLE_OPTIONS

    rule: Mapped[str] = mapped_column(String(255))
    expected: Mapped[str] = mapped_column(Text)
    actual: Mapped[str] = mapped_column(Text)
    passed: Mapped[bool] = mapped_column(Boolean)
    path: Mapped[str] = mapped_column(exact_string(PATH_LENGTH), server_default="")


class PointsPartRow(EntryListColumns, Base):
    """One term of an entry's points (a ``PointsPart``)."""

    __tablename__ = "points_part"
    __table_args__ = MYSQL_TABLE_OPTIONS

    rule: Mapped[str] = mapped_column(String(255))
    detail: Mapped[str] = mapped_column(Text)
    points: Mapped[Decimal] = mapped_column(ExactDecimal)


class EntryValueRow(EntryListColumns, Base):
    """One value declared with an entry (a ``DeclaredValue``)."""

    __tablename__ = "entry_value"
    __table_args__ = MYSQL_TABLE_OPTIONS

    field: Mapped[str] = mapped_column(exact_string(FIELD_LENGTH))
    raw: Mapped[str] = mapped_column(Text)
    canonical: Mapped[str | None] = mapped_column(exact_string(VALUE_ID_LENGTH))


class MarkColumns:
    """A juror's mark (a ``JuryMark``) but its wiki: that of the row that holds it."""

    juror: Mapped[str] = mapped_column(exact_string(USER_LENGTH))
    kind: Mapped[MarkKind] = mapped_column(_enum_of(MarkKind))
    title: Mapped[str] = mapped_column(exact_string(TITLE_LENGTH))
    participant: Mapped[str | None] = mapped_column(exact_string(USER_LENGTH))
    reason: Mapped[str] = mapped_column(Text)
    points: Mapped[Decimal | None] = mapped_column(ExactDecimal)
    source_page: Mapped[str] = mapped_column(exact_string(TITLE_LENGTH))
    source_line: Mapped[int | None] = mapped_column(Integer)
    source_revision: Mapped[int | None] = mapped_column(BigInteger)
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime)


class JuryMarkRow(EntryListColumns, MarkColumns, Base):
    """One of the marks that an entry's jury outcome was decided from."""

    __tablename__ = "jury_mark"
    __table_args__ = MYSQL_TABLE_OPTIONS


class ReviewItemRow(Base):
    __tablename__ = "review_item"
    __table_args__ = (Index(None, "contest_id", "wiki_id"), MYSQL_TABLE_OPTIONS)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id"))
    wiki_id: Mapped[int] = mapped_column(ForeignKey("wiki.id"))  # the wiki whose read found it
    source_wiki: Mapped[str] = mapped_column(exact_string(KEY_LENGTH))
    source_page: Mapped[str] = mapped_column(exact_string(TITLE_LENGTH))
    source_line: Mapped[int | None] = mapped_column(Integer)
    source_revision: Mapped[int | None] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    problem: Mapped[str] = mapped_column(exact_string(PROBLEM_LENGTH))
    params: Mapped[tuple[tuple[str, str], ...]] = mapped_column(TextPairs)


class RunRow(Base):
    __tablename__ = "run"
    __table_args__ = (Index(None, "contest_id", "started_at"), MYSQL_TABLE_OPTIONS)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[RunStatus] = mapped_column(_enum_of(RunStatus))
    entries: Mapped[int] = mapped_column(Integer, default=0)
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    review: Mapped[int] = mapped_column(Integer, default=0)
    edits: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)


class PageColumns:
    """The declaring page that a history row is about: page ids are per wiki."""

    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id"))
    wiki_id: Mapped[int] = mapped_column(ForeignKey("wiki.id"))
    page_id: Mapped[int] = mapped_column(BigInteger)


class LineOriginRow(PageColumns, Base):
    """Who added a line (by ``line_key``) to a declaring page, learnt from its history."""

    __tablename__ = "line_origin"
    # A natural key: the origins of one page are read together, and on MariaDB the
    # primary key is the order rows are stored in.
    __table_args__ = (
        PrimaryKeyConstraint("contest_id", "wiki_id", "page_id", "line_key"),
        MYSQL_TABLE_OPTIONS,
    )

    line_key: Mapped[str] = mapped_column(exact_string(LINE_KEY_LENGTH))
    user: Mapped[str] = mapped_column(exact_string(USER_LENGTH))
    timestamp: Mapped[datetime] = mapped_column(UTCDateTime)
    revision: Mapped[int] = mapped_column(BigInteger)


class HistoryCursorRow(PageColumns, Base):
    """The last revision of a declaring page whose lines are in ``line_origin``."""

    __tablename__ = "history_cursor"
    __table_args__ = (
        PrimaryKeyConstraint("contest_id", "wiki_id", "page_id"),
        MYSQL_TABLE_OPTIONS,
    )

    last_revision: Mapped[int] = mapped_column(BigInteger)


class JuryLogRow(MarkColumns, Base):
    """A jury mark as first read, kept after its line leaves the jury page."""

    __tablename__ = "jury_log"
    __table_args__ = (Index(None, "contest_id", "wiki_id"), MYSQL_TABLE_OPTIONS)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id"))
    wiki_id: Mapped[int] = mapped_column(ForeignKey("wiki.id"))
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # NULL: still there


class PublishedPageRow(Base):
    """A page that the bot writes, as last published."""

    __tablename__ = "published_page"
    # The wiki is a key, not a wiki row: results go to wikis that have no entries (meta).
    __table_args__ = (PrimaryKeyConstraint("contest_id", "wiki", "title"), MYSQL_TABLE_OPTIONS)

    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id"))
    wiki: Mapped[str] = mapped_column(exact_string(KEY_LENGTH))
    title: Mapped[str] = mapped_column(exact_string(TITLE_LENGTH))
    body_hash: Mapped[str] = mapped_column(exact_string(HASH_LENGTH))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AccountRow(Base):
    """A participant's account on a wiki (UserFacts): registration never changes, and the
    edits before the window only through deletions, so they are read once."""

    __tablename__ = "account"
    __table_args__ = (PrimaryKeyConstraint("wiki_id", "participant_id"), MYSQL_TABLE_OPTIONS)

    wiki_id: Mapped[int] = mapped_column(ForeignKey("wiki.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    exists: Mapped[bool] = mapped_column(Boolean)
    registered: Mapped[datetime | None] = mapped_column(UTCDateTime)
    edit_count: Mapped[int | None] = mapped_column(Integer)
    edits_before_start: Mapped[int | None] = mapped_column(Integer)


class RunLockRow(Base):
    """The process that runs a contest now (``bot.store.locks``).

    Keyed by the contest's name rather than its row: a contest is locked before its
    first run creates that row.
    """

    __tablename__ = "run_lock"
    __table_args__ = MYSQL_TABLE_OPTIONS

    contest: Mapped[str] = mapped_column(exact_string(CONTEST_LENGTH), primary_key=True)
    owner: Mapped[str] = mapped_column(exact_string(OWNER_LENGTH))
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime)
    renewed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DocumentRow(Base):
    """The last valid text of a definition or registry (``bot.store.documents``)."""

    __tablename__ = "document"
    __table_args__ = MYSQL_TABLE_OPTIONS

    key: Mapped[str] = mapped_column(exact_string(DOCUMENT_KEY_LENGTH), primary_key=True)
    text: Mapped[str] = mapped_column(LONG_TEXT)
    revision: Mapped[int | None] = mapped_column(BigInteger)  # None: read from a file
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime)


class UpdateRequestCursorRow(Base):
    """The last revision of a contest's update page that was read for requests."""

    __tablename__ = "update_request_cursor"
    # The contest's row, not its name: name, wiki and title together would exceed
    # MariaDB's 3072 bytes per key in utf8mb4.
    __table_args__ = (PrimaryKeyConstraint("contest_id", "wiki", "page"), MYSQL_TABLE_OPTIONS)

    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id"))
    wiki: Mapped[str] = mapped_column(exact_string(KEY_LENGTH))
    page: Mapped[str] = mapped_column(exact_string(TITLE_LENGTH))
    last_revision: Mapped[int] = mapped_column(BigInteger)


class UpdateRequestRow(Base):
    """An edit of an update page: a request for an immediate run (``bot.store.requests``)."""

    __tablename__ = "update_request"
    # One row per edit: reading the same edit again updates its row.
    __table_args__ = (
        UniqueConstraint("contest_id", "wiki", "page", "revision"),
        MYSQL_TABLE_OPTIONS,
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contest.id"))
    wiki: Mapped[str] = mapped_column(exact_string(KEY_LENGTH))
    page: Mapped[str] = mapped_column(exact_string(TITLE_LENGTH))
    revision: Mapped[int] = mapped_column(BigInteger)
    user: Mapped[str] = mapped_column(exact_string(USER_LENGTH))
    at: Mapped[datetime] = mapped_column(UTCDateTime)  # when the edit was made
    allowed: Mapped[bool] = mapped_column(Boolean)  # by an organizer or juror
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # None: not yet


# PageFacts field → entry column; PageFacts.declared_title is the entry's own key column.
FACT_COLUMNS = {
    "exists": "page_exists",
    "title": "page_title",
    "page_id": "page_id",
    "namespace": "page_namespace",
    "length": "page_length",
    "latest_revision": "page_latest_revision",
    "redirect_target": "page_redirect_target",
    "moved": "page_moved",
    "is_disambiguation": "page_is_disambiguation",
    "creator": "page_creator",
    "created_at": "page_created_at",
    "words": "page_words",
    "revision_before": "page_revision_before",
    "size_before": "page_size_before",
    "chars": "page_chars",
    "references": "page_references",
    "wikibase_item": "page_wikibase_item",
    "deleted_at": "page_deleted_at",
    "categories": "page_categories",
    "templates": "page_templates",
}
# Contribution field → entry column (its edits are not kept: the totals explain the verdict).
WORK_COLUMNS = {
    "bytes_added": "work_bytes_added",
    "words_added": "work_words_added",
    "chars_added": "work_chars_added",
}


def source_columns(source: Location, text: str) -> dict[str, Any]:
    """Columns shared by entries and review items: where the line was and what it said."""
    return {
        "source_wiki": source.wiki,
        "source_page": source.page,
        "source_line": source.line,
        "source_revision": source.revision,
        "text": text,
    }


def entry_columns(result: Result) -> dict[str, Any]:
    """An entry row's columns other than its ids and its key."""
    entry = result.entry
    columns = source_columns(entry.source, entry.text)
    columns["kind"] = entry.kind
    columns["claimed_by"] = entry.claimed_by
    columns["claimed_at"] = entry.claimed_at
    columns["status"] = result.status
    columns["points"] = result.points
    for field, column in FACT_COLUMNS.items():
        columns[column] = None if result.facts is None else getattr(result.facts, field)
    for field, column in WORK_COLUMNS.items():
        columns[column] = None if result.work is None else getattr(result.work, field)
    columns["expansion"] = result.expansion
    columns["newcomer"] = result.newcomer
    columns["jury_decision"] = None if result.jury is None else result.jury.decision
    columns["jury_points"] = None if result.jury is None else result.jury.points
    return columns


def location_of(columns: RowMapping) -> Location:
    """The source of an entry or review item row."""
    return Location(
        columns["source_wiki"],
        columns["source_page"],
        columns["source_line"],
        columns["source_revision"],
    )


def facts_of(columns: RowMapping) -> PageFacts | None:
    """The PageFacts of an entry row; None when none were read."""
    if columns["page_exists"] is None:
        return None
    fields = {field: columns[column] for field, column in FACT_COLUMNS.items()}
    return PageFacts(declared_title=columns["declared_title"], **fields)


def work_of(columns: RowMapping) -> Contribution | None:
    """The participant's contribution totals of an entry row; None when they made no edit."""
    if columns["work_bytes_added"] is None:
        return None
    return Contribution(edits=(), **{f: columns[c] for f, c in WORK_COLUMNS.items()})


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """What an incremental run of a wiki starts from (``bot.facts.changes``)."""

    changes_until: datetime | None = None  # the wiki's recent changes are accounted for up to here
    facts_key: str | None = None  # digest of the definition the stored facts were read for
    full_read_at: datetime | None = None  # when every declaration and fact was last read


@dataclass(frozen=True, slots=True)
class WikiState:
    wiki: str
    last_checked_at: datetime | None
    last_success_at: datetime | None
    error: str | None  # not None → the wiki's entries are stale (last good data kept)
    checkpoint: Checkpoint = Checkpoint()


@dataclass(frozen=True, slots=True)
class ContestState:
    contest: str
    results: tuple[Result, ...]  # ordered by wiki, participant, title
    review: tuple[ReviewItem, ...]  # ordered by source wiki, page, line
    wikis: tuple[WikiState, ...]  # ordered by key


@dataclass(frozen=True, slots=True)
class RunRecord:
    id: int
    contest: str
    started_at: datetime
    finished_at: datetime | None
    status: RunStatus
    entries: int
    accepted: int
    review: int
    edits: int
    error: str | None
