from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

from bot.config import Points, Rules, Tier
from bot.model import Check, Entry, Location, PageFacts, Status
from bot.rules.checks import Context, evaluate
from bot.scoring import points_for, status_of

START = datetime(2026, 3, 20, 23, 0, tzinfo=UTC)
END = datetime(2026, 5, 31, 22, 0, tzinfo=UTC)
ENTRY = Entry("pl", "Kraków", "Alice", Location("pl", "Entries", 3, 10), "# [[Kraków]]")
ARTICLE = PageFacts(
    declared_title="Kraków",
    exists=True,
    title="Kraków",
    page_id=7,
    namespace=0,
    length=2500,
    latest_revision=99,
    creator="Alice",
    created_at=datetime(2026, 4, 1, 10, tzinfo=UTC),
    words=320,
)


def ctx(**rules: object) -> Context:
    return Context(Rules.model_validate(rules), START, END)


def failed(checks: tuple[Check, ...]) -> list[tuple[str, str, str]]:
    return [(c.rule, c.expected, c.actual) for c in checks if not c.passed]


def test_valid_article_passes_every_rule() -> None:
    checks = evaluate(ENTRY, ARTICLE, ctx(min_bytes=2000, min_words=300))
    assert [c.rule for c in checks] == [
        "exists",
        "not_redirect",
        "namespace",
        "not_disambiguation",
        "created_in_window",
        "created_by_participant",
        "min_bytes",
        "min_words",
    ]
    assert all(c.passed for c in checks)
    assert status_of(checks) is Status.ACCEPTED


def test_missing_page_stops_at_exists() -> None:
    missing = PageFacts("Kraków", exists=False, title="Kraków")
    checks = evaluate(ENTRY, missing, ctx(min_bytes=2000))
    assert failed(checks) == [("exists", "page exists", "no such page")]
    assert len(checks) == 1


def test_plain_redirect_is_rejected_with_its_target() -> None:
    redirect = replace(ARTICLE, redirect_target="Krakow (city)", moved=False)
    assert failed(evaluate(ENTRY, redirect, ctx())) == [
        ("not_redirect", "not a redirect", "Krakow (city)")
    ]


def test_redirect_left_by_move_judges_the_target() -> None:
    moved = replace(ARTICLE, title="Kraków (miasto)", redirect_target="Kraków (miasto)", moved=True)
    assert failed(evaluate(ENTRY, moved, ctx())) == []


def test_window_bounds_start_inclusive_end_exclusive() -> None:
    at_start = replace(ARTICLE, created_at=START)
    at_end = replace(ARTICLE, created_at=END)
    before = replace(ARTICLE, created_at=datetime(2026, 3, 1, 10, tzinfo=UTC))
    assert failed(evaluate(ENTRY, at_start, ctx())) == []
    window = "2026-03-20T23:00:00Z/2026-05-31T22:00:00Z"
    assert failed(evaluate(ENTRY, at_end, ctx())) == [
        ("created_in_window", window, "2026-05-31T22:00:00Z")
    ]
    assert failed(evaluate(ENTRY, before, ctx())) == [
        ("created_in_window", window, "2026-03-01T10:00:00Z")
    ]


def test_other_creator_and_namespace_and_disambiguation() -> None:
    page = replace(ARTICLE, creator="Bob", namespace=2, is_disambiguation=True)
    assert failed(evaluate(ENTRY, page, ctx())) == [
        ("namespace", "0", "2"),
        ("not_disambiguation", "not a disambiguation page", "disambiguation page"),
        ("created_by_participant", "Alice", "Bob"),
    ]


def test_size_thresholds_are_inclusive() -> None:
    on = evaluate(
        ENTRY, replace(ARTICLE, length=2000, words=200), ctx(min_bytes=2000, min_words=200)
    )
    under = evaluate(
        ENTRY, replace(ARTICLE, length=1999, words=199), ctx(min_bytes=2000, min_words=200)
    )
    assert failed(on) == []
    assert failed(under) == [("min_bytes", "2000", "1999"), ("min_words", "200", "199")]


def test_unknown_words_fail_instead_of_passing() -> None:
    assert failed(evaluate(ENTRY, replace(ARTICLE, words=None), ctx(min_words=1))) == [
        ("min_words", "1", "unknown")
    ]


def test_disabled_rules_are_not_listed() -> None:
    checks = evaluate(
        ENTRY,
        replace(ARTICLE, creator="Bob"),
        ctx(created_by_participant=False, not_disambiguation=False),
    )
    assert "created_by_participant" not in [c.rule for c in checks]
    assert status_of(checks) is Status.ACCEPTED


def test_points_tiers_and_exact_decimals() -> None:
    tiers = Points(
        per_article=Decimal(0),
        tiers=[Tier(min_bytes=2000, points=Decimal(1)), Tier(min_bytes=6000, points=Decimal(5))],
    )
    sized = {n: replace(ARTICLE, length=n) for n in (1999, 2000, 5999, 6000)}
    assert [points_for(Status.ACCEPTED, sized[n], tiers) for n in sorted(sized)] == [
        Decimal(0),
        Decimal(1),
        Decimal(1),
        Decimal(5),
    ]
    assert points_for(Status.REJECTED, sized[6000], tiers) == Decimal(0)
    flat = Points(per_article=Decimal("0.1"))
    total = sum((points_for(Status.ACCEPTED, ARTICLE, flat) for _ in range(3)), Decimal(0))
    assert str(total) == "0.3"


def test_no_checks_is_not_acceptance() -> None:
    assert status_of(()) is Status.REJECTED
