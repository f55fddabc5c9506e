"""`scripts/bench-parse`: how long parsing a large submission page takes.

The page mixes the real shapes: a section per participant, signed list lines, table rows
and per-entry templates, with comments and struck lines. Prints one readable line and
one JSON line; no wiki is needed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.sources.submission_page import EntryTemplate, parse_submission_page
from bot.titles import WikiNames

NAMES = WikiNames(
    namespaces={"user": 2, "user talk": 3, "special": -1, "category": 14, "file": 6},
    local_names={2: "User", 3: "User talk", -1: "Special", 14: "Category", 6: "File"},
    interwiki={"uk": "uk"},
)
TEMPLATE = EntryTemplate(names=frozenset({"entry"}), article=("article",), participant=("user",))


def page(entries: int, participants: int) -> str:
    lines = ["Entries of the contest. <!-- add yours below -->"]
    for n in range(entries):
        user = f"Participant {n % participants}"
        shape = n % 4
        if shape == 0:
            lines.append(f"== [[User:{user}|{user}]] ==")
            lines.append(f"# [[Article {n}]] <!-- created {n % 28 + 1} April -->")
        elif shape == 1:
            lines.append(f"# [[Article {n}]] — <span>[[User:{user}|{user}]] ([[User talk:"
                         f"{user}|talk]])</span> 12:00, 1 April 2026 (UTC)")
        elif shape == 2:
            lines.append(f"{{|\n|-\n| [[:uk:Стаття {n}]] || [[User:{user}|{user}]]\n|}}")
        else:
            lines.append(f"* {{{{Entry|article=Article {n}|user={user}}}}}")
    lines.append("# <s>[[Withdrawn]]</s>")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--participants", type=int, default=450)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    text = page(args.entries, args.participants)
    seconds = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        parsed = parse_submission_page(text, wiki="en", page="Entries", revision=1,
                                       names=NAMES, entry_template=TEMPLATE)
        seconds.append(time.perf_counter() - started)
    print(f"parsed {len(parsed.entries)} entries ({len(parsed.review)} for review) from "
          f"{len(text.encode()) / 1024:.0f} KiB in {min(seconds):.3f} s best, "
          f"{statistics.median(seconds):.3f} s median of {args.repeat}")
    print(json.dumps({"entries": len(parsed.entries), "review": len(parsed.review),
                      "kib": round(len(text.encode()) / 1024), "best_s": round(min(seconds), 3),
                      "median_s": round(statistics.median(seconds), 3)}))


if __name__ == "__main__":
    main()
