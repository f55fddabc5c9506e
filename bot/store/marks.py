"""How jury marks map onto rows: the marks an entry's jury outcome was decided from
(``jury_mark``) and the jury log (``jury_log``) hold the same columns (``MarkColumns``).

A mark's wiki, and that of its jury page, is the wiki of the row that holds it: the
entry's, or the log row's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import RowMapping

from bot.model import JuryDecision, JuryMark, JuryOutcome, Location


def check_marks(wiki: str, marks: Iterable[JuryMark], where: str) -> None:
    """Refuse marks that the rows of ``wiki`` could not hold: those of other wikis."""
    for mark in marks:
        if mark.wiki != wiki or mark.source.wiki != wiki:
            raise ValueError(
                f"mark of {mark.title!r} on {mark.source.page!r} of wiki {mark.source.wiki!r} "
                f"for wiki {mark.wiki!r} is in {where} of wiki {wiki!r}"
            )


def mark_columns(mark: JuryMark) -> dict[str, Any]:
    return {
        "juror": mark.juror,
        "kind": mark.kind,
        "title": mark.title,
        "participant": mark.participant,
        "reason": mark.reason,
        "points": mark.points,
        "source_page": mark.source.page,
        "source_line": mark.source.line,
        "source_revision": mark.source.revision,
        "marked_at": mark.marked_at,
    }


def mark_of(wiki: str, columns: RowMapping) -> JuryMark:
    return JuryMark(
        wiki=wiki,
        title=columns["title"],
        participant=columns["participant"],
        juror=columns["juror"],
        kind=columns["kind"],
        source=Location(
            wiki, columns["source_page"], columns["source_line"], columns["source_revision"]
        ),
        marked_at=columns["marked_at"],
        reason=columns["reason"],
        points=columns["points"],
    )


def outcome_of(
    decision: JuryDecision | None, points: Decimal | None, marks: Sequence[JuryMark]
) -> JuryOutcome | None:
    """An entry's jury outcome from its ``jury_*`` columns and its marks."""
    return None if decision is None else JuryOutcome(decision, tuple(marks), points)
