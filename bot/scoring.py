"""Points for judged entries and the ranking: exact decimals, never floats.

An accepted article scores by its kind (new or expanded), plus bonuses, within a cap
per article; a cap per participant and wiki is applied in claim order; the ranking
lists everyone, and ranks those over the contest's thresholds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from bot.model import Check, PointsPart, Result, Status
from bot.rules.checks import UNKNOWN, Context, Subject, is_expanded, measure
from bot.rules.engine import holds
from bot.rules.schema import Fixed, PointsNode, Steps, Sum, Tiers

if TYPE_CHECKING:  # the definition imports the reports, which rank with this module
    from bot.config import Ranking, Scoring

ZERO = Decimal(0)


def points_of(scoring: Scoring, subject: Subject, ctx: Context) -> tuple[PointsPart, ...]:
    """How an accepted entry scores, term by term; the points are the terms' sum."""
    kind = "expanded" if is_expanded(subject.page, ctx) else "new"
    formula = scoring.expanded if kind == "expanded" and scoring.expanded else scoring.new
    parts = _terms(formula, subject, ctx, kind, "")
    for bonus in scoring.bonuses:
        applies, evidence = holds(bonus.when, subject, ctx)
        if applies:
            parts += _terms(bonus.points, subject, ctx, f"bonus: {bonus.name}",
                            _evidence(evidence))
    if not parts:
        parts = [PointsPart(kind, "no tier reached", ZERO)]
    cap = scoring.max_per_article
    total = total_of(parts)
    if cap is not None and total > cap:
        parts.append(PointsPart("cap", f"at most {cap} per article", cap - total))
    return tuple(parts)


def total_of(parts: Iterable[PointsPart]) -> Decimal:
    return sum((p.points for p in parts), ZERO)


def _terms(node: PointsNode, subject: Subject, ctx: Context, label: str,
           because: str) -> list[PointsPart]:
    match node:
        case Fixed(points):
            return [PointsPart(label, because, points)]
        case Tiers(tiers):
            unknown: list[Check] = []
            for tier in tiers:
                if tier.when is None:
                    return _terms(tier.points, subject, ctx, label, because)
                applies, evidence = holds(tier.when, subject, ctx)
                if applies:
                    detail = "; ".join(filter(None, (because, _evidence(evidence))))
                    return _terms(tier.points, subject, ctx, label, detail)
                unknown += [c for c in evidence if c.actual == UNKNOWN]
            # Say why no tier was reached when a fact was missing, rather than a silent 0.
            return [PointsPart(label, _evidence(unknown), ZERO)] if unknown else []
        case Steps(name, start, every, points):
            value = measure(name, subject)
            if value is None:
                return [PointsPart(label, f"{name} {UNKNOWN}", ZERO)]
            if value < start:
                return []
            count = (value - start) // every + 1
            detail = f"{name} {value}: {count} × {points}"
            return [PointsPart(label, "; ".join(filter(None, (because, detail))),
                               points * count)]
        case Sum(parts):
            return [t for part in parts for t in _terms(part, subject, ctx, label, because)]
    raise TypeError(f"not a points expression: {node!r}")


def _evidence(checks: Sequence[Check]) -> str:
    return "; ".join(f"{c.rule} {c.expected}: {c.actual}" for c in checks)


def cap_per_participant(results: Sequence[Result], cap: Decimal | None) -> list[Result]:
    """Points beyond ``cap`` per participant are taken off their later claims."""
    if cap is None:
        return list(results)
    ordered = sorted(
        (r for r in results if r.status is Status.ACCEPTED),
        key=lambda r: (r.entry.claimed_at or datetime.max.replace(tzinfo=UTC),
                       r.entry.source.page, r.entry.source.line or 0, r.entry.title),
    )
    so_far: dict[str, Decimal] = defaultdict(Decimal)
    capped: dict[int, Result] = {}
    for result in ordered:
        who = result.entry.participant
        allowed = max(ZERO, min(result.points, cap - so_far[who]))
        so_far[who] += allowed
        if allowed < result.points:
            part = PointsPart("participant cap", f"at most {cap} per participant",
                              allowed - result.points)
            capped[id(result)] = replace(result, points=allowed,
                                         score=(*result.score, part))
    return [capped.get(id(r), r) for r in results]


@dataclass(frozen=True, slots=True)
class Standing:
    """One participant's place in the ranking."""

    rank: int | None  # standard competition ranking (1, 2, 2, 4); None: under the thresholds
    participant: str
    wiki: str  # where the participant is linked: the wiki of most of their entries
    entries: int
    accepted: int
    points: Decimal  # of accepted entries only
    new: int = 0  # accepted new articles
    expanded: int = 0  # accepted expansions
    size: int = 0  # bytes credited for the accepted articles (``Result.size``)

    @property
    def eligible(self) -> bool:
        return self.rank is not None


def standings(results: Iterable[Result], ranking: Ranking | None = None) -> tuple[Standing, ...]:
    """Everyone with an entry: the ranked first, best first (points, then accepted
    articles, then name), then those under the thresholds or without an accepted
    article, in the same order.

    Participants tie (and share a rank) when both points and accepted articles are equal.
    """
    by_participant: dict[str, list[Result]] = defaultdict(list)
    for result in results:
        by_participant[result.entry.participant].append(result)
    listed: list[Standing] = []
    for participant, own in by_participant.items():
        accepted = [r for r in own if r.status is Status.ACCEPTED]
        per_wiki = Counter(r.entry.wiki for r in own)
        listed.append(Standing(
            rank=None,
            participant=participant,
            wiki=min(per_wiki, key=lambda wiki: (-per_wiki[wiki], wiki)),
            entries=len(own),
            accepted=len(accepted),
            points=total_of_results(accepted),
            new=sum(not r.expansion for r in accepted),
            expanded=sum(r.expansion for r in accepted),
            size=sum(r.size for r in accepted),
        ))

    def eligible(s: Standing) -> bool:
        # Without an accepted article nobody is ranked (an organizer whose entries do not
        # count, say), whatever the thresholds.
        return s.accepted > 0 and (ranking is None or (s.accepted >= ranking.min_accepted
                                                       and s.points >= ranking.min_points))

    listed.sort(key=lambda s: (not eligible(s), -s.points, -s.accepted,
                               s.participant.casefold(), s.participant))
    ranked: list[Standing] = []
    for position, standing in enumerate(listed, start=1):
        if not eligible(standing):
            ranked.append(standing)
            continue
        rank = position
        previous = ranked[-1] if ranked else None
        if previous and (previous.points, previous.accepted) == (standing.points,
                                                                  standing.accepted):
            rank = previous.rank or position
        ranked.append(replace(standing, rank=rank))
    return tuple(ranked)


def total_of_results(results: Iterable[Result]) -> Decimal:
    return sum((r.points for r in results), ZERO)
