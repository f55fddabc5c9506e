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

    source: Location  # the revision is the one that added the line, where known
    text: str
    # What is wrong, as a message key without its "problem-" prefix (bot/reports/messages),
    # with the message's placeholders as plain text: rendered in each page's language.
    problem: str
    params: tuple[tuple[str, str], ...] = ()


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
    created_at: datetime | None = None  # aware, UTC; None when the page existed before the window
    # The last revision before the window: the article was expanded, not created, when set.
    revision_before: int | None = None
    size_before: int | None = None  # its bytes
    # Sizes of readable prose (``bot.facts.prose``); None when the content was not read.
    words: int | None = None
    chars: int | None = None
    references: int | None = None
    wikibase_item: str | None = None  # the Wikidata item (pageprops.wikibase_item)
    categories: frozenset[str] = frozenset()  # those of the asked-for categories it is in
    templates: frozenset[str] = frozenset()  # those of the asked-for templates it transcludes
    deleted_at: datetime | None = None  # for a page that is gone: when it was deleted


@dataclass(frozen=True, slots=True)
class Edit:
    """One of a participant's edits to an article inside the window (``list=usercontribs``)."""

    revision: int
    parent: int  # 0 when the edit created the page
    timestamp: datetime
    size_diff: int  # bytes added (negative when removed)
    tags: tuple[str, ...] = ()

    @property
    def created(self) -> bool:
        return self.parent == 0


@dataclass(frozen=True, slots=True)
class Contribution:
    """What a participant's own edits inside the window did to one article.

    Edits reverted later, and edits that revert, are listed but not counted. The added
    words and characters are summed over the counted edits (each against its parent
    revision); None when the rules did not need the revisions' content.
    """

    edits: tuple[Edit, ...]
    bytes_added: int
    words_added: int | None = None
    chars_added: int | None = None


@dataclass(frozen=True, slots=True)
class UserFacts:
    """A participant's account as the wiki knows it."""

    name: str
    exists: bool
    registered: datetime | None = None  # None for accounts older than 2006 (not recorded)
    edit_count: int | None = None
    # Edits before the window, counted up to the limit the rules need (then "at least").
    edits_before_start: int | None = None


@dataclass(frozen=True, slots=True)
class TopicItems:
    """A topic list as read: Wikidata items and article titles."""

    items: frozenset[str] = frozenset()
    titles: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Check:
    """One rule's verdict on one entry, with its evidence.

    Rules nest (``all``/``any``/``not``): ``path`` places the check in the tree, e.g.
    "" for the root, "1" for its second part, "1.0" for that part's first part.
    """

    rule: str
    expected: str
    actual: str
    passed: bool
    path: str = ""


@dataclass(frozen=True, slots=True)
class PointsPart:
    """One term of an entry's points, e.g. ("tier", "bytes ≥ 6000", 5) or ("cap", "10", -2)."""

    rule: str
    detail: str
    points: Decimal


class MarkKind(StrEnum):
    """What a juror says about an entry with one decision template."""

    ACCEPT = "accept"
    REJECT = "reject"  # with a reason
    POINTS = "points"  # for jury-scored contests; a mark of points also accepts
    COMMENT = "comment"  # shown, never changes the verdict


@dataclass(frozen=True, slots=True)
class JuryMark:
    """One juror's decision, read from a jury page and verified in the page's history."""

    wiki: str  # contest wiki of the article (the wiki of the jury page)
    title: str  # normalised article title as named in the decision
    participant: str | None  # None: whoever declared the article
    juror: str  # the account that added or last changed the decision's line
    kind: MarkKind
    source: Location  # jury page, line, and the revision that added the line as it is
    marked_at: datetime  # when that revision was saved
    reason: str = ""  # a rejection's reason or a comment's text
    points: Decimal | None = None  # for POINTS

    @property
    def accepts(self) -> bool:
        """A verdict for the entry: points accept it too."""
        return self.kind in (MarkKind.ACCEPT, MarkKind.POINTS)


class JuryDecision(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    PENDING = "pending"  # fewer marks than the contest needs: the automatic verdict stands
    NO_CONSENSUS = "no_consensus"  # the jurors disagree (or tie): needs review


@dataclass(frozen=True, slots=True)
class JuryOutcome:
    """What the jury decided about an entry, with the marks it was decided from."""

    decision: JuryDecision
    marks: tuple[JuryMark, ...]  # each juror's latest verdict mark, then the comments
    points: Decimal | None = None  # the jurors' points combined, when they gave points

    @property
    def verdicts(self) -> tuple[JuryMark, ...]:
        return tuple(m for m in self.marks if m.kind is not MarkKind.COMMENT)


@dataclass(frozen=True, slots=True)
class Result:
    """An entry with its facts, every rule's verdict, its status and its points."""

    entry: Entry
    facts: PageFacts | None  # None when the wiki could not be read
    checks: tuple[Check, ...]
    status: Status
    points: Decimal
    score: tuple[PointsPart, ...] = ()  # how ``points`` was reached
    work: Contribution | None = None  # the participant's own edits to the article
    expansion: bool = False  # the article existed before the window (not a new article)
    # The participant's account was registered on this wiki since the window started;
    # None when the wiki did not say.
    newcomer: bool | None = None
    jury: JuryOutcome | None = None  # None: no juror marked the entry

    @property
    def size(self) -> int:
        """Bytes the entry is credited with: what the participant's counted edits added,
        or the page's length when their edits were not read."""
        if self.work is not None:
            return max(self.work.bytes_added, 0)
        return self.facts.length or 0 if self.facts is not None else 0

    @property
    def automatic_status(self) -> Status:
        """The rules' verdict, before any jury decision."""
        return Status.REJECTED if self.failed or not self.checks else Status.ACCEPTED

    @property
    def failed(self) -> tuple[Check, ...]:
        """The checks that made the entry fail: failed leaves on failed paths of the tree."""
        return decisive_failures(self.checks)


def decisive_failures(checks: tuple[Check, ...]) -> tuple[Check, ...]:
    """Failed checks that explain the verdict, leaves first.

    Below a failed ``all`` the failed parts matter; below a failed ``any`` all parts do; a
    failed ``not`` is explained by itself (its part passed). Checks of parts that passed,
    or failed inside a branch that passed, are evidence but not reasons.
    """
    children: dict[str, list[Check]] = {}
    for check in checks:
        parent = check.path.rpartition(".")[0] if "." in check.path else (
            "" if check.path else None)
        if parent is not None:
            children.setdefault(parent, []).append(check)
    roots = [c for c in checks if c.path == ""]
    found: list[Check] = []

    def explain(check: Check) -> None:
        parts = children.get(check.path, []) if check.rule in ("all", "any") else []
        failed_parts = [c for c in parts if not c.passed]
        if not failed_parts:
            found.append(check)
        for part in failed_parts:
            explain(part)

    for root in roots:
        if not root.passed:
            explain(root)
    return tuple(found)
