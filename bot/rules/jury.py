"""What the jury decided about an entry, and what that does to its verdict and points.

Each juror's latest verdict counts (a juror who changes their mind adds or edits a
decision); comments are kept to be shown and never decide. Until the contest's number of
verdicts is reached the automatic verdict stands. Pure: marks in, decisions out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from math import floor

from bot.config import Jury
from bot.model import (
    Entry,
    JuryDecision,
    JuryMark,
    JuryOutcome,
    MarkKind,
    PageFacts,
    PointsPart,
    ReviewItem,
    Status,
)
from bot.sources.problems import problem

_STATUS = {JuryDecision.ACCEPTED: Status.ACCEPTED, JuryDecision.REJECTED: Status.REJECTED,
           JuryDecision.NO_CONSENSUS: Status.REVIEW}


def outcome(marks: Sequence[JuryMark], jury: Jury) -> JuryOutcome | None:
    """The jury's decision on one entry from all its marks; None when nobody marked it.

    Comments alone leave it PENDING: the automatic verdict stands and the comments are
    shown with it.
    """
    if not marks:
        return None
    ordered = sorted(marks, key=_when)
    latest = {m.juror: m for m in ordered if m.kind is not MarkKind.COMMENT}
    verdicts = sorted(latest.values(), key=_when)
    counted = (*verdicts, *(m for m in ordered if m.kind is MarkKind.COMMENT))
    if len(verdicts) < jury.marks_needed:
        return JuryOutcome(JuryDecision.PENDING, counted)
    accepting = [m for m in verdicts if m.accepts]
    points = [m.points for m in accepting if m.points is not None]
    rejecting = len(verdicts) - len(accepting)
    if jury.mode == "consensus":
        agreed = not (accepting and rejecting) and (
            not points or (len(points) == len(verdicts) and len(set(points)) == 1))
        if not agreed:
            return JuryOutcome(JuryDecision.NO_CONSENSUS, counted)
    if len(accepting) > rejecting:
        return JuryOutcome(JuryDecision.ACCEPTED, counted, _mean(points) if points else None)
    if rejecting > len(accepting):
        return JuryOutcome(JuryDecision.REJECTED, counted)
    return JuryOutcome(JuryDecision.NO_CONSENSUS, counted)


def _when(mark: JuryMark) -> tuple[datetime, int, int]:
    return mark.marked_at, mark.source.revision or 0, mark.source.line or 0


def _mean(points: Sequence[Decimal]) -> Decimal:
    """The mean to the hundredth, half up, computed exactly (1, 1, 2 → 1.33; 4, 4.01 → 4.01)."""
    hundredths = Fraction(sum(points, Decimal(0))) * 100 / len(points)
    rounded = floor(abs(hundredths) + Fraction(1, 2))  # half up: away from zero
    return Decimal(rounded if hundredths >= 0 else -rounded).scaleb(-2)


def status_with(jury: JuryOutcome | None, automatic: Status) -> Status:
    """The entry's status: the jury's decision where it made one, else the rules'."""
    return _STATUS.get(jury.decision, automatic) if jury is not None else automatic


def jury_points(jury: JuryOutcome | None) -> PointsPart | None:
    """The jury's points as the entry's only term; None when the jury gave none."""
    if jury is None or jury.points is None:
        return None
    given = [m.points for m in jury.verdicts if m.points is not None]
    marks = "mark" if len(given) == 1 else "marks"
    shown = ", ".join(str(p) for p in given)
    return PointsPart("jury", f"average of {len(given)} {marks}: {shown}", jury.points)


def match_marks(
    marks: Sequence[JuryMark], judged: Sequence[tuple[Entry, PageFacts | None]]
) -> tuple[list[tuple[JuryMark, ...]], list[ReviewItem]]:
    """Each entry's marks, in the order of ``judged``, and a review item per mark of no entry.

    A mark names the article as declared or where it now is (a moved page's new title);
    a mark naming a participant is only about that participant's entry.
    """
    by_title: dict[tuple[str, str], list[JuryMark]] = defaultdict(list)
    for mark in marks:
        by_title[(mark.wiki, mark.title)].append(mark)
    used: set[int] = set()
    matched: list[tuple[JuryMark, ...]] = []
    for entry, page in judged:
        titles = dict.fromkeys((entry.title, entry.title if page is None else page.title))
        own = tuple(m for title in titles for m in by_title.get((entry.wiki, title), ())
                    if m.participant in (None, entry.participant))
        used.update(id(m) for m in own)
        matched.append(own)
    return matched, [_no_entry(m) for m in marks if id(m) not in used]


# The problems of marks that name no entry: made when marks are matched to entries.
NO_ENTRY_PROBLEMS = frozenset({"jury-no-entry", "jury-no-participant-entry"})


def _no_entry(mark: JuryMark) -> ReviewItem:
    found = (problem("jury-no-entry", title=mark.title) if mark.participant is None else
             problem("jury-no-participant-entry", title=mark.title, participant=mark.participant))
    # The mark keeps no text of its call: the message names what it is about.
    return found.at(mark.source, "")
