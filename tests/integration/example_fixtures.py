"""Helpers for test_examples*.py: the contest definitions of examples/rules run on the farm.

The examples are written for the real wikis; a test loads one, points its sites at the
farm (family ``devwiki``) and seeds articles whose sizes, times and accounts sit on and
on either side of every threshold of the rule set.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from test_pipeline import contestbot, export

from devwiki.dump import Page, Revision
from devwiki.farm import Farm

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "rules"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0,
        second: int = 0) -> datetime:
    """An aware UTC datetime: utc(2026, 4, 1, 12) → 2026-04-01 12:00 UTC."""
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def example(name: str, tmp_path: Path) -> Path:
    """A copy of the example ``name`` whose sites are the farm's (family ``devwiki``; the
    farm has every language of the examples, so codes stay); the copy's path."""
    data = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
    for wiki in data["wikis"].values():
        wiki["site"]["family"] = "devwiki"
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --- text of an exact size ----------------------------------------------------------

def sized(nbytes: int, words: int | None = None, vocabulary: str = "lorem ipsum dolor") -> str:
    """Plain prose of exactly ``nbytes`` UTF-8 bytes and, if given, exactly ``words`` words.

    Words are taken in turn from ``vocabulary`` and separated by single spaces; the last
    word is lengthened with letters of its own script to reach the size.
    """
    pool = vocabulary.split()
    if words is None:  # about as many words as fit, the last one lengthened
        average = sum(len(w.encode()) + 1 for w in pool) / len(pool)
        words = max(1, int(nbytes / average) - 2)
    text = " ".join(itertools.islice(itertools.cycle(pool), words))
    missing = nbytes - len(text.encode())
    if missing < 0:
        raise ValueError(f"{words} words of {vocabulary!r} need more than {nbytes} bytes")
    # One byte at a time with an ASCII letter; the rest as the last word's last letter.
    last = text[-1]
    width = len(last.encode())
    pad = last * (missing // width) + "a" * (missing % width)
    text += pad
    assert len(text.encode()) == nbytes
    return text


def words_text(words: int, vocabulary: str) -> str:
    """Exactly ``words`` words, taken in turn from ``vocabulary``."""
    return " ".join(itertools.islice(itertools.cycle(vocabulary.split()), words))


def prose_chars(nchars: int, vocabulary: str) -> str:
    """Prose of exactly ``nchars`` characters (single spaces, no space at the ends)."""
    pool = vocabulary.split()
    text = ""
    for word in itertools.cycle(pool):
        if len(text) + 1 + len(word) > nchars - 2:
            break
        text = f"{text} {word}" if text else word
    text += text[-1] * (nchars - len(text))
    assert len(text) == nchars
    return text


# --- pages --------------------------------------------------------------------------

def rev(when: datetime, user: str, text: str) -> Revision:
    return Revision(timestamp=when, user=user, text=text)


def article(title: str, when: datetime, user: str, text: str) -> Page:
    return Page(title, [rev(when, user, text)])


def grown(title: str, steps: Sequence[tuple[datetime, str, str]], namespace: int = 0) -> Page:
    """A page whose editors each append a part, oldest first: sizes of their edits are the
    parts' sizes, so every author's bytes are exact."""
    text, revisions = "", []
    for when, user, part in steps:
        text += part
        revisions.append(rev(when, user, text))
    return Page(title, revisions, namespace=namespace)


def submission_page(
    title: str, sections: Sequence[tuple[datetime, str, Sequence[str]]], *,
    namespace: int, user_ns: str = "User",
) -> Page:
    """A list page with a section per participant, each added by that participant."""
    return grown(title, [
        (when, user, f"\n== [[{user_ns}:{user}|{user}]] ==\n"
                     + "".join(f"# [[{t}]]\n" for t in titles))
        for when, user, titles in sections
    ], namespace=namespace)


def history_of_edits(title: str, user: str, count: int, before: datetime,
                     namespace: int = 2) -> Page:
    """``count`` small edits by ``user``, one a minute, all more than a day before ``before``."""
    first = before.timestamp() - 86400 - 60 * count
    return Page(title, [
        rev(datetime.fromtimestamp(first + 60 * i, UTC), user, f"draft {i + 1}")
        for i in range(count)
    ], namespace=namespace)


def lengths(farm: Farm, wiki: str, titles: Sequence[str]) -> dict[str, int]:
    """The size in bytes of each existing page (up to 50 titles)."""
    pages = farm.api(wiki, action="query", prop="info",
                     titles="|".join(titles))["query"]["pages"]
    return {p["title"]: int(p["length"]) for p in pages if "length" in p}


def revisions(farm: Farm, wiki: str, title: str) -> list[dict[str, Any]]:
    """A page's revisions, oldest first: revid, user, timestamp, size."""
    page = farm.api(wiki, action="query", prop="revisions", titles=title, rvdir="newer",
                    rvlimit="max", rvprop="ids|user|timestamp|size")["query"]["pages"][0]
    return list(page["revisions"])


# --- running and checking -----------------------------------------------------------

@dataclass(frozen=True)
class Case:
    """One declared article and what the bot must conclude about it."""

    title: str
    participant: str
    status: str
    failed: tuple[str, ...] = ()
    points: float = 0
    wiki: str | None = None  # the example's only wiki when None


def run(path: Path, db: str) -> dict[tuple[str, str, str], dict[str, Any]]:
    """One ``contestbot run``; the exported entries by (wiki, title, participant)."""
    done = contestbot("run", str(path), db=db)
    assert done.returncode == 0, done.stdout + done.stderr
    records = export(path, db)["entries"]
    review = [r for r in records if r["status"] == "review"]
    assert review == [], review
    return {(r["wiki"], r["title"], r["participant"]): r for r in records}


def outcome(record: Mapping[str, Any]) -> tuple[str, tuple[str, ...], float]:
    return (record["status"], tuple(r["rule"] for r in record["reasons"]), record["points"])


def check_cases(judged: Mapping[tuple[str, str, str], Mapping[str, Any]],
                cases: Iterable[Case], wiki: str) -> None:
    """Every case judged as expected, and nothing else judged."""
    cases = list(cases)
    keys = {(c.wiki or wiki, c.title, c.participant) for c in cases}
    assert set(judged) == keys, (sorted(set(judged) - keys), sorted(keys - set(judged)))
    wrong = {
        c.title: (outcome(judged[(c.wiki or wiki, c.title, c.participant)]),
                  (c.status, c.failed, c.points))
        for c in cases
        if outcome(judged[(c.wiki or wiki, c.title, c.participant)])
        != (c.status, c.failed, c.points)
    }
    assert wrong == {}, "found, expected: " + repr(wrong)


def evidence(record: Mapping[str, Any], rule: str) -> str:
    """The ``actual`` value of a failed rule of an entry."""
    return next(str(r["actual"]) for r in record["reasons"] if r["rule"] == rule)
