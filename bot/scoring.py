"""Points for judged entries: exact decimals, never floats."""

from __future__ import annotations

from decimal import Decimal

from bot.config import Points
from bot.model import Check, PageFacts, Status


def status_of(checks: tuple[Check, ...]) -> Status:
    return Status.ACCEPTED if checks and all(c.passed for c in checks) else Status.REJECTED


def points_for(status: Status, facts: PageFacts, points: Points) -> Decimal:
    """The highest size tier reached; ``per_article`` when none is (or none is defined)."""
    if status is not Status.ACCEPTED:
        return Decimal(0)
    size = facts.length or 0
    reached = [tier.points for tier in points.tiers if size >= tier.min_bytes]
    return reached[-1] if reached else points.per_article
