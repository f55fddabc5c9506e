"""``contestbot chart``: accepted articles per day of the contest, cumulative, per wiki.

``daily_series`` counts (pure, tested exactly); ``draw`` only draws what it counted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.config import Window
from bot.model import Result, Status

FORMATS = (".png", ".svg")  # matplotlib picks the format from the file name
OTHER = "other"
# matplotlib's "tab10" but its grey, which is OTHER's.
PALETTE = tuple(f"tab:{name}" for name in ("blue", "orange", "green", "red", "purple", "brown",
                                           "pink", "olive", "cyan"))


@dataclass(frozen=True, slots=True)
class Line:
    label: str  # a wiki key, or OTHER
    wikis: tuple[str, ...]  # those it counts
    counts: tuple[int, ...]  # accepted articles up to the end of each day


@dataclass(frozen=True, slots=True)
class Series:
    timezone: str  # of the days
    days: tuple[date, ...]
    lines: tuple[Line, ...]  # the wikis with most articles first, then OTHER for the rest
    undated: int  # accepted articles left out: neither their creation nor declaration known

    @property
    def total(self) -> int:
        return sum(line.counts[-1] for line in self.lines)


def written_at(result: Result) -> datetime | None:
    """When an article counts as written: a new page's creation, else its declaration."""
    created = result.facts.created_at if result.facts is not None and not result.expansion else None
    return created or result.entry.claimed_at


def daily_series(results: Iterable[Result], window: Window, top: int, now: datetime) -> Series:
    """From the window's first day to its last, or to today while it runs (or the day of
    the latest article, if later); an article outside the window counts on its nearest day.

    Lines name the ``top`` wikis with most accepted articles (ties by key), and one OTHER
    line adds up the rest; a single other wiki keeps its name instead.
    """
    zone = ZoneInfo(window.timezone)
    first = window.start_utc.astimezone(zone).date()
    last = (window.end_utc - timedelta(microseconds=1)).astimezone(zone).date()
    per_wiki: defaultdict[str, Counter[date]] = defaultdict(Counter)
    undated = 0
    for result in results:
        if result.status is not Status.ACCEPTED:
            continue
        when = written_at(result)
        if when is None:
            undated += 1
            continue
        per_wiki[result.entry.wiki][min(max(when.astimezone(zone).date(), first), last)] += 1
    latest = max((day for counts in per_wiki.values() for day in counts), default=first)
    end = max(min(now.astimezone(zone).date(), last), latest, first)
    days = tuple(first + timedelta(days=n) for n in range((end - first).days + 1))

    ranked = sorted(per_wiki, key=lambda wiki: (-per_wiki[wiki].total(), wiki))
    named = ranked if len(ranked) <= top + 1 else ranked[:top]
    groups: list[tuple[str, tuple[str, ...]]] = [(wiki, (wiki,)) for wiki in named]
    if rest := tuple(sorted(ranked[len(named):])):
        groups.append((OTHER, rest))

    def cumulative(wikis: Iterable[str]) -> tuple[int, ...]:
        counts = [per_wiki[wiki] for wiki in wikis]
        return tuple(accumulate(sum(c[day] for c in counts) for day in days))

    return Series(window.timezone, days,
                  tuple(Line(label, wikis, cumulative(wikis)) for label, wikis in groups),
                  undated)


def draw(series: Series, title: str, path: Path) -> None:
    """Write the chart as PNG or SVG, by ``path``'s suffix (one of ``FORMATS``)."""
    # Imported here: matplotlib takes a second to load, and only this command needs it.
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    # A Figure without pyplot draws with Agg and never looks for a display.
    figure = Figure(figsize=(10, 5.5), layout="constrained")
    axes = figure.add_subplot()
    axes.xaxis_date()
    # Each day's count where the day ends, from 0 where the first begins: a one-day contest
    # is a line too, and a tick at 1 April reads "up to 31 March".
    x = date2num([*series.days, series.days[-1] + timedelta(days=1)])
    for i, line in enumerate(series.lines):
        other = line.label == OTHER
        label = (f"{OTHER}: {len(line.wikis)} wikis ({line.counts[-1]})" if other
                 else f"{line.label} ({line.counts[-1]})")
        # Colours repeat only past nine named wikis, then with another line style.
        axes.plot(x, (0, *line.counts), label=label, linewidth=2,
                  color="tab:gray" if other else PALETTE[i % len(PALETTE)],
                  linestyle="-" if other else ("-", ":", "-.")[i // len(PALETTE) % 3])
    axes.set_xlim(x[0], x[-1])
    axes.set_ylim(bottom=0)
    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    # "Apr 15 May 15" along the axis and the year once in its corner.
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator, offset_formats=["", *["%Y"] * 5]))
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(alpha=0.3)
    # A total line would squash the wikis' lines to the bottom: the title says it instead.
    axes.set_title(f"{title}: {series.total} accepted articles")
    axes.set_xlabel(f"day ({series.timezone})")
    axes.set_ylabel("accepted articles, cumulative")
    if series.lines:
        axes.legend(title="wiki (articles)", loc="upper left", bbox_to_anchor=(1.01, 1),
                    borderaxespad=0)
    figure.savefig(path, dpi=120)
