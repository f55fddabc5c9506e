"""Machine-readable exports of the stored results: one record per entry or review item."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from bot.model import Entry, Result, ReviewItem
from bot.store import ContestState

FIELDS = ("wiki", "title", "page_id", "participant", "status", "points", "reasons",
          "source_wiki", "source_page", "source_line", "source_revision")


def records(state: ContestState) -> list[dict[str, Any]]:
    return [_result_record(r) for r in state.results] + [_review_record(i) for i in state.review]


def _result_record(result: Result) -> dict[str, Any]:
    facts, entry = result.facts, result.entry
    return {
        "wiki": entry.wiki,
        "title": facts.title if facts else entry.title,
        "page_id": facts.page_id if facts else None,
        "participant": entry.participant,
        "status": result.status.value,
        "points": result.points,
        "reasons": [{"rule": c.rule, "expected": c.expected, "actual": c.actual}
                    for c in result.failed],
        **_source(result.entry.source),
        # The whole verdict: every rule evaluated, with its place in the rule tree.
        "checks": [{"path": c.path, "rule": c.rule, "expected": c.expected,
                    "actual": c.actual, "passed": c.passed} for c in result.checks],
        "score": [{"rule": p.rule, "detail": p.detail, "points": p.points}
                  for p in result.score],
    }


def _review_record(item: ReviewItem) -> dict[str, Any]:
    return {
        "wiki": item.source.wiki,
        "title": None,
        "page_id": None,
        "participant": None,
        "status": "review",
        "points": Decimal(0),
        "reasons": [{"rule": "declaration", "expected": "a readable entry", "actual": item.reason}],
        **_source(item.source),
        "text": item.text,
    }


def _source(location: Any) -> dict[str, Any]:
    return {"source_wiki": location.wiki, "source_page": location.page,
            "source_line": location.line, "source_revision": location.revision}


def _number(value: Decimal) -> int | float:
    # Points are exact decimals with few digits: as a JSON number their shortest float
    # form prints the same digits (0.3, never 0.30000000000000004).
    return int(value) if value == value.to_integral_value() else float(value)


def to_json(state: ContestState) -> str:
    rows = [{**row, "points": _number(row["points"]),
             **({"score": [{**p, "points": _number(p["points"])} for p in row["score"]]}
                if "score" in row else {})}
            for row in records(state)]
    return json.dumps({"contest": state.contest, "entries": rows}, ensure_ascii=False, indent=2)


def to_csv(state: ContestState) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=(*FIELDS, "text"), extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    for row in records(state):
        reasons = "; ".join(f"{r['rule']}: expected {r['expected']}, got {r['actual']}"
                            for r in row["reasons"])
        writer.writerow({**row, "points": str(row["points"]), "reasons": reasons})
    return out.getvalue()


def declared_records(
    entries: Sequence[tuple[Entry, int | None]], review: Sequence[ReviewItem]
) -> list[dict[str, Any]]:
    """``contestbot entries``: declarations as read, before any rule."""
    rows = [
        {
            "wiki": entry.wiki,
            "title": entry.title,
            "page_id": page_id,
            "participant": entry.participant,
            "claimed_by": entry.claimed_by,
            "kind": entry.kind.value,
            **_source(entry.source),
            "countries": list(entry.canonical("country")),
            "topics": list(entry.canonical("topic")),
            "raw_values": [{"field": v.field, "raw": v.raw, "canonical": v.canonical}
                           for v in entry.values],
            "review": None,
        }
        for entry, page_id in entries
    ]
    rows += [
        {"wiki": item.source.wiki, "title": None, "page_id": None, "participant": None,
         "claimed_by": None, "kind": None, **_source(item.source), "countries": [],
         "topics": [], "raw_values": [], "review": item.reason, "text": item.text}
        for item in review
    ]
    return rows


def declared_table(rows: Sequence[dict[str, Any]]) -> str:
    """A plain-text table of ``declared_records`` for a terminal."""
    columns = ("wiki", "title", "page_id", "participant", "claimed_by", "kind", "source",
               "countries", "review")
    return text_table(columns, [
        (
            row["wiki"], row["title"] or "", str(row["page_id"] or ""), row["participant"] or "",
            row["claimed_by"] or "", row["kind"] or "",
            f"{row['source_page']}:{row['source_line'] or ''}@{row['source_revision'] or ''}",
            ", ".join(row["countries"]), row["review"] or "",
        )
        for row in rows
    ])


def text_table(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Left-aligned columns for a terminal."""
    cells = [tuple(columns), *(tuple(row) for row in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
        for line in cells
    )
