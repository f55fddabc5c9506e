"""`scripts/bench`: the bot on a synthetic CEE Spring-sized contest on local wikis.

Builds a devwiki farm with W contest wikis (real CEE language codes) plus `meta`, which
only hosts the results page, seeds it with articles whose histories look like a real
contest's (participants creating and expanding articles, other editors and IPs editing
them later, declarations on talk pages or on a submission page grown line by line), then
runs the bot three times — cold (empty database), warm (nothing changed) and warm_1pct
(1% of the articles edited) — and prints the API requests the wikis served, wall time,
peak memory, database size, edits and article texts read, with the targets.

The data depend only on the flags (one random.Random per purpose, seeded with --seed).
Progress goes to stderr, the report to stdout: a table, the targets, the requests per
wiki and one JSON line per phase.
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devwiki.dump import Page, Revision
from devwiki.editor import Editor
from devwiki.farm import Farm

REPO = Path(__file__).resolve().parents[1]

# The 30 wikis a benchmark may use, roughly by their size in CEE Spring; the first W
# are taken. Each is a MediaWiki language code (languages/messages/Messages*.php).
LANGUAGES = ("pl", "uk", "ru", "lv", "lt", "et", "cs", "sk", "hu", "ro", "bg", "sr", "hr",
             "sl", "mk", "sq", "el", "tr", "az", "hy", "ka", "kk", "ba", "tt", "eo", "be",
             "bs", "de", "fi", "sah")
RESULTS_WIKI = "meta"

CONTEST = "CEE Spring 2026 (benchmark)"
ZONE = ZoneInfo("Europe/Warsaw")
WINDOW_FIRST_DAY, WINDOW_LAST_DAY = date(2026, 3, 21), date(2026, 5, 31)
WINDOW_START = datetime(2026, 3, 21, tzinfo=ZONE).astimezone(UTC)
WINDOW_END = datetime(2026, 6, 1, tzinfo=ZONE).astimezone(UTC)  # exclusive
# Every imported revision must lie in the past (the wikis refuse nothing, but the bot
# would see edits "from the future"); the benchmark's own edits come after this.
HISTORY_END = datetime(2026, 11, 10, tzinfo=UTC)
RESULTS_PAGE = "CEE Spring 2026/Bench/Results"
TEMPLATE = "CEE Spring 2026"
ENTRIES_PAGE = "CEE Spring 2026/Entries"
ORGANIZER = "CEE Organizer"

MIN_BYTES, MIN_WORDS = 1500, 150  # the contest's rules (contest_definition)
MAX_BYTES_BEFORE, MIN_ADDED_BYTES = 5000, 1500
RULES: list[Any] = [
    {"namespace": 0},
    "not_redirect",
    {"any": [
        {"all": ["created_in_window", "created_by_participant"]},
        {"all": ["expanded", {"max_bytes_before": MAX_BYTES_BEFORE},
                 {"min_added_bytes": MIN_ADDED_BYTES}]},
    ]},
    {"min_bytes": MIN_BYTES},
    {"min_words": MIN_WORDS},
]
# Entries meant to fail a rule: too short, or an old article of the participant's that
# they barely touched in the window (neither new nor an allowed expansion).
SHORT_SHARE, OLD_SHARE = 0.03, 0.02
EDITED_SHARE = 0.01  # articles a human edits before warm_1pct

# Targets (see print_targets).
BUDGET_FACTOR, REQUESTS_PER_WIKI = 1.3, 10
WARM_REQUESTS_PER_WIKI = 5
MAX_RSS_MB, MAX_DB_MB, AIM_COLD_WALL_S = 300, 50, 180
API_BATCH = 50  # titles or users per request without apihighlimits


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ----- options ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    entries: int
    participants: int
    wikis: int
    expanded: float
    seed: int
    base: Path | None
    keep: bool


def parse_options(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        prog="scripts/bench", formatter_class=argparse.ArgumentDefaultsHelpFormatter,
        description="Build a synthetic CEE Spring-like contest on local wikis and time the "
                    "bot on it: cold, warm and after 1% of the articles were edited.")
    parser.add_argument("--entries", type=int, default=10_000, help="declared articles")
    parser.add_argument("--participants", type=int, default=450, help="participants")
    parser.add_argument("--wikis", type=int, default=10,
                        help=f"contest wikis, 1..{len(LANGUAGES)} (meta comes on top)")
    parser.add_argument("--expanded", type=float, default=0.02,
                        help="share of entries that expand articles older than the contest")
    parser.add_argument("--seed", type=int, default=1, help="seed of all the data")
    parser.add_argument("--base", type=Path, default=None,
                        help="farm folder (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true",
                        help="leave the farm running and its folder in place at the end")
    args = parser.parse_args(argv)
    if not 1 <= args.wikis <= len(LANGUAGES):
        parser.error(f"--wikis must be 1..{len(LANGUAGES)}")
    if not args.wikis <= args.participants <= args.entries:
        parser.error("need wikis <= participants <= entries: every participant declares "
                     "an article and every wiki has a participant")
    if not 0 <= args.expanded <= 1 - SHORT_SHARE - OLD_SHARE:
        parser.error(f"--expanded must be 0..{1 - SHORT_SHARE - OLD_SHARE:.2f}")
    return Options(args.entries, args.participants, args.wikis, args.expanded, args.seed,
                   args.base, args.keep)


# ----- the plan: who declares what on which wiki ------------------------------------------


class Kind(Enum):
    NEW = "new"  # created in the window by the participant: accepted
    EXPANSION = "expansion"  # someone's older article, expanded in the window: accepted
    SHORT = "short"  # new, but under the size rules: rejected
    OLD = "old"  # the participant's own article from before, barely touched: rejected


@dataclass(frozen=True)
class Planned:
    participant: str
    kind: Kind


@dataclass
class Plan:
    wikis: list[str]
    talk_wikis: frozenset[str]  # declared with the talk-page template; others: list page
    entries: dict[str, list[Planned]]  # by wiki

    def participants_on(self, wiki: str) -> set[str]:
        return {p.participant for p in self.entries[wiki]}

    def kinds(self) -> Counter[Kind]:
        return Counter(p.kind for planned in self.entries.values() for p in planned)


def apportion(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """``total`` split in proportion to ``weights``, each share at least ``minimum``."""
    scale = total / sum(weights)
    shares = [max(minimum, math.floor(w * scale)) for w in weights]
    # Hand out (or take back) the difference by the fractional parts the floor dropped.
    order = sorted(range(len(weights)), key=lambda i: shares[i] - weights[i] * scale)
    step = 1 if sum(shares) < total else -1
    while sum(shares) != total:
        for i in order if step > 0 else reversed(order):
            if sum(shares) == total:
                break
            if shares[i] + step >= minimum:
                shares[i] += step
    return shares


def wiki_weights(count: int) -> list[float]:
    # A few big wikis and a long tail; 1/rank^0.5 puts ~2,000 of 10,000 entries on the
    # biggest of ten, as in CEE Spring's busiest wikis.
    return [1 / (rank + 1) ** 0.5 for rank in range(count)]


def participant_weights(count: int) -> list[float]:
    # Most participants write a handful of articles and a few write hundreds: with 450
    # participants and 10,000 entries the top one has ~500, the median ~6.
    return [1 / (rank + 10) ** 1.4 for rank in range(count)]


SYLLABLE_START = ("b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t",
                  "v", "z", "br", "dr", "kr", "pr", "st", "tr")
SYLLABLE_VOWELS = ("a", "e", "i", "o", "u", "a", "e", "o")


def person_names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """Made-up user names in the shapes real accounts have: "Name Surname", "Name77"…"""
    def part(syllables: int) -> str:
        word = "".join(rng.choice(SYLLABLE_START) + rng.choice(SYLLABLE_VOWELS)
                       for _ in range(syllables))
        return word[:1].upper() + word[1:]

    shapes: list[Callable[[], str]] = [
        lambda: f"{part(2)} {part(3)}",
        lambda: f"{part(2)}{rng.randint(1, 99)}",
        lambda: f"{part(2)}.{part(1)[:1]}",
        lambda: f"{part(3)}",
        lambda: f"{part(2)} {part(2)}-{part(2)}",
    ]
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(shapes)()
        if name not in taken and name.casefold() != ORGANIZER.casefold():
            taken.add(name)
            names.append(name)
    return names


def make_plan(options: Options) -> Plan:
    rng = random.Random(f"plan-{options.seed}")
    wikis = list(LANGUAGES[:options.wikis])
    quota = dict(zip(wikis, apportion(options.entries, wiki_weights(len(wikis)), 1),
                     strict=True))
    counts = apportion(options.entries, participant_weights(options.participants), 1)
    names = person_names(rng, options.participants, set())
    homes = _spread(rng, names, counts, quota)
    entries: dict[str, list[Planned]] = {wiki: [] for wiki in wikis}
    for name, shares in homes.items():
        for wiki, count in shares.items():
            entries[wiki] += [Planned(name, Kind.NEW)] * count
    _assign_kinds(rng, entries, options)
    for planned in entries.values():
        rng.shuffle(planned)  # a participant's articles are spread over the window
    talk = frozenset(wiki for index, wiki in enumerate(wikis) if index % 2 == 0)
    return Plan(wikis, talk, entries)


def _spread(
    rng: random.Random, names: list[str], counts: list[int], quota: dict[str, int]
) -> dict[str, dict[str, int]]:
    """Each participant's articles per wiki: a home wiki, and for some a second one.

    Homes are drawn by the room left in each wiki's quota, biggest writers first, so the
    wikis end up near their quotas; every wiki gets at least one participant.
    """
    room = dict(quota)

    def pick(count: int, exclude: str | None = None) -> str:
        wikis = [w for w in room if w != exclude]
        # No one writes more than a third of a wiki's articles, nor overfills it much:
        # the prolific writers go to the big wikis, as they do in real contests; one too
        # big for any wiki goes to the one with the most room.
        fitting = [w for w in wikis if count <= quota[w] / 3 and count <= room[w] * 1.5]
        wikis = fitting or [max(wikis, key=lambda w: room[w])]
        return rng.choices(wikis, [max(room[w], 0) + 0.01 for w in wikis])[0]

    homes: dict[str, dict[str, int]] = {}
    for name, count in sorted(zip(names, counts, strict=True), key=lambda nc: -nc[1]):
        second = 0
        if len(room) > 1 and count >= 4 and rng.random() < 0.25:
            second = max(1, round(count * rng.uniform(0.1, 0.4)))
        home = pick(count - second)
        homes[name] = {home: count - second}
        room[home] -= count - second
        if second:
            other = pick(second, exclude=home)
            homes[name][other] = second
            room[other] -= second
    _fill_empty_wikis(homes, quota)
    return homes


def _fill_empty_wikis(homes: dict[str, dict[str, int]], quota: dict[str, int]) -> None:
    """Move single-wiki participants (the smallest first) to wikis nobody writes on."""
    for wiki in quota:
        if any(wiki in shares for shares in homes.values()):
            continue
        writers = Counter(w for shares in homes.values() for w in shares)
        movable = [n for n, s in homes.items() if len(s) == 1 and writers[next(iter(s))] > 1]
        name = min(movable, key=lambda n: sum(homes[n].values()))
        homes[name] = {wiki: sum(homes[name].values())}


def _assign_kinds(rng: random.Random, entries: dict[str, list[Planned]],
                  options: Options) -> None:
    slots = [(wiki, i) for wiki, planned in entries.items() for i in range(len(planned))]
    rng.shuffle(slots)
    wanted = [(Kind.EXPANSION, round(options.entries * options.expanded)),
              (Kind.SHORT, round(options.entries * SHORT_SHARE)),
              (Kind.OLD, round(options.entries * OLD_SHARE))]
    taken = 0
    for kind, count in wanted:
        for wiki, i in slots[taken:taken + count]:
            entries[wiki][i] = Planned(entries[wiki][i].participant, kind)
        taken += count


# ----- text -------------------------------------------------------------------------------


# Letters for made-up words in the wiki's script: consonants, vowels.
CYRILLIC = ("б в г д ж з к л м н п р с т ф х ц ч ш", "а е и о у ы я ю э")
SCRIPTS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("ru", "uk", "bg", "sr", "mk", "kk", "ba", "tt", "be", "sah"), CYRILLIC),
    "el": ("β γ δ ζ θ κ λ μ ν ξ π ρ σ τ φ χ", "α ε η ι ο υ ω ά έ ί ό"),
    "hy": ("բ գ դ զ թ ժ լ խ կ հ մ ն շ պ ռ ս վ տ ր", "ա ե է ը ի ո"),
    "ka": ("ბ გ დ ვ ზ თ კ ლ მ ნ პ რ ს ტ ფ ქ ღ შ ჩ ც", "ა ე ი ო უ"),
}
LATIN = ("b c d f g h j k l m n p r s t v z", "a e i o u y")
# Letters of the Latin-script languages beyond ASCII (consonants, vowels), so that titles
# and text are not ASCII.
EXTRA_LETTERS: dict[str, tuple[str, str]] = {
    "pl": ("ć ł ń ś ź ż", "ą ę ó"), "lv": ("č ģ ķ ļ ņ š ž", "ā ē ī ū"),
    "lt": ("č š ž", "ą ę ė į ų ū"), "et": ("š ž", "ä ö õ ü"),
    "cs": ("č ď ň ř š ť ž", "á é ě í ú ů ý"), "sk": ("č ď ľ ň š ť ž", "á ä é í ô ý"),
    "hu": ("", "á é í ó ö ő ú ü ű"), "ro": ("ș ț", "ă â î"), "hr": ("č ć đ š ž", ""),
    "sl": ("č š ž", ""), "sq": ("ç", "ë"), "tr": ("ç ğ ş", "ı ö ü"),
    "az": ("ç ğ ş", "ə ı ö ü"), "eo": ("ĉ ĝ ĥ ĵ ŝ", "ŭ"), "bs": ("č ć đ š ž", ""),
    "de": ("", "ä ö ü"), "fi": ("", "ä ö"),
}


def upper_first(word: str) -> str:
    # title(), not upper(): Georgian has no capitals in running text (upper() would give
    # Mtavruli), and titlecase leaves it alone.
    return word[:1].title() + word[1:]


class Writer:
    """Made-up prose in a wiki's script, from a vocabulary drawn once per wiki."""

    def __init__(self, rng: random.Random, lang: str) -> None:
        consonants, vowels = (part.split() for part in SCRIPTS.get(lang, LATIN))
        extra_consonants, extra_vowels = EXTRA_LETTERS.get(lang, ("", ""))
        consonants += extra_consonants.split()
        vowels += extra_vowels.split()
        self.rng = rng
        self.vocabulary = [
            "".join(rng.choice(consonants) + rng.choice(vowels)
                    for _ in range(rng.choice((1, 2, 2, 3, 3, 4))))
            for _ in range(3000)
        ]
        # Word frequencies fall off as in natural text (Zipf, with a flatter head so that
        # no one word fills a tenth of the text): cumulative weights.
        self._cumulative = list(_running_sum([1 / (rank + 5) for rank in range(3000)]))

    def words(self, count: int) -> list[str]:
        return self.rng.choices(self.vocabulary, cum_weights=self._cumulative, k=count)

    def name(self, words: int = 2) -> str:
        return " ".join(upper_first(w) for w in self.rng.choices(self.vocabulary[200:], k=words))

    def sentence(self) -> str:
        words = self.words(self.rng.randint(6, 16))
        if self.rng.random() < 0.3:  # a link to another (made-up) article
            at = self.rng.randrange(len(words))
            words[at] = f"[[{upper_first(words[at])}]]"
        if self.rng.random() < 0.2:
            words.insert(self.rng.randrange(len(words)), str(self.rng.randint(1200, 2025)))
        return upper_first(" ".join(words)) + "."

    def paragraph(self, sentences: int | None = None) -> str:
        count = sentences or self.rng.randint(3, 6)
        text = " ".join(self.sentence() for _ in range(count))
        if self.rng.random() < 0.5:
            text += self.reference()
        return text

    def reference(self) -> str:
        year = self.rng.randint(1950, 2025)
        if self.rng.random() < 0.5:
            slug = "".join(self.rng.choices("abcdefghijklmnopqrstuvwxyz", k=10))
            return (f"<ref>{{{{cite web |url=https://example.org/{slug} "
                    f"|title={self.name(3)} |date={year}}}}}</ref>")
        return (f"<ref>{self.name(2)}. ''{self.name(3)}''. {self.name(1)}, {year}. "
                f"P. {self.rng.randint(3, 400)}.</ref>")


def _running_sum(values: Sequence[float]) -> Iterator[float]:
    total = 0.0
    for value in values:
        total += value
        yield total


@dataclass
class Article:
    """An article's text as parts, so that later revisions can change them."""

    title: str
    paragraphs: list[str]
    sections: list[tuple[str, list[str]]]
    categories: list[str]
    notes_heading: str

    def render(self) -> str:
        lead = "\n\n".join(self.paragraphs)
        body = "".join(f"\n\n== {heading} ==\n" + "\n\n".join(paragraphs)
                       for heading, paragraphs in self.sections)
        notes = f"\n\n== {self.notes_heading} ==\n<references />"
        return f"'''{self.title}''' {lead}{body}{notes}\n\n" + "\n".join(
            f"[[{category}]]" for category in self.categories) + "\n"


def write_article(writer: Writer, title: str, category: str, min_bytes: int,
                  min_words: int) -> Article:
    article = Article(title, [writer.paragraph(2)], [], [category], upper_first(writer.words(1)[0]))
    while len(article.render().encode()) < min_bytes or prose_words(article) < min_words:
        grow(writer, article)
    return article


def write_stub(writer: Writer, title: str, category: str, max_bytes: int) -> Article:
    """An article of at most ``max_bytes``: a lead of a few sentences, and no more."""
    article = Article(title, [writer.sentence()], [], [category], upper_first(writer.words(1)[0]))
    while True:
        shorter = article.paragraphs[0]
        article.paragraphs[0] += " " + writer.sentence()
        if len(article.render().encode()) > max_bytes:
            article.paragraphs[0] = shorter
            return article


def grow(writer: Writer, article: Article) -> None:
    """One more paragraph, sometimes under a new heading."""
    if not article.sections or writer.rng.random() < 0.35:
        article.sections.append((upper_first(" ".join(writer.words(2))), []))
    article.sections[-1][1].append(writer.paragraph())


def grow_by(writer: Writer, article: Article, added_bytes: int) -> None:
    target = len(article.render().encode()) + added_bytes
    while len(article.render().encode()) < target:
        grow(writer, article)


def prose_words(article: Article) -> int:
    # A close enough estimate (references and links count a little): the real count is
    # the bot's; generous minimums keep the accepted articles clear of the rule.
    texts = [*article.paragraphs, *(p for _, ps in article.sections for p in ps)]
    return sum(len(text.split()) for text in texts)


def copyedit(writer: Writer, article: Article) -> None:
    """A small edit by someone else: a sentence, or a category."""
    if writer.rng.random() < 0.3:
        article.categories.append(f"{article.categories[0].split(':', 1)[0]}:{writer.name()}")
    else:
        article.paragraphs[-1] += " " + writer.sentence()


# ----- one wiki's pages -------------------------------------------------------------------


@dataclass
class Namespaces:
    """The wiki's own names of the namespaces its pages use."""

    talk: str
    user: str
    project: str
    template: str
    category: str


@dataclass
class WikiData:
    name: str
    pages: list[Page] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)  # the declared articles
    registered: dict[str, datetime] = field(default_factory=dict)  # account → registration
    revisions: int = 0
    talk_pages: int = 0
    list_revisions: int = 0


@dataclass(frozen=True)
class Declaration:
    """When the participant's own work on an article inside the window happened."""

    participant: str
    title: str
    at: datetime


class WikiBuilder:
    """Pages, histories and declarations of one contest wiki."""

    def __init__(self, name: str, planned: list[Planned], talk: bool, ns: Namespaces,
                 seed: int) -> None:
        self.name, self.planned, self.talk, self.ns = name, planned, talk, ns
        self.rng = random.Random(f"pages-{seed}-{name}")
        self.writer = Writer(self.rng, name)
        taken = {p.participant for p in planned}
        self.editors = person_names(self.rng, 25, taken)
        self.categories = [f"{ns.category}:{self.writer.name()}" for _ in range(40)]
        self.first_edit: dict[str, datetime] = {}
        self.data = WikiData(name)

    def build(self) -> WikiData:
        titles = self._titles(len(self.planned))
        declarations = [self._article(p, title) for p, title in zip(self.planned, titles,
                                                                     strict=True)]
        if self.talk:
            self._add(Page(f"{self.ns.template}:{TEMPLATE}", [Revision(
                datetime(2026, 3, 1, 10, tzinfo=UTC), ORGANIZER,
                "Article written during [[m:CEE Spring 2026|CEE Spring 2026]].",
                "contest template")], namespace=10))
            for declaration in declarations:
                self._talk_page(declaration)
        else:
            self._list_page(declarations)
        self._registrations()
        return self.data

    def _titles(self, count: int) -> list[str]:
        seen: set[str] = set()
        titles: list[str] = []
        while len(titles) < count:
            title = self.writer.name(self.rng.choice((1, 2, 2, 2, 3)))
            if title.casefold() not in seen:
                seen.add(title.casefold())
                titles.append(title)
        return titles

    def _add(self, page: Page) -> None:
        self.data.pages.append(page)
        self.data.revisions += len(page.revisions)
        for revision in page.revisions:
            known = self.first_edit.get(revision.user)
            if known is None or revision.timestamp < known:
                self.first_edit[revision.user] = revision.timestamp

    def _other(self) -> str:
        # One later edit in ten is an anonymous one, as on real wikis.
        if self.rng.random() < 0.1:
            return f"203.0.113.{self.rng.randint(1, 254)}"
        return self.rng.choice(self.editors)

    def _moment(self, start: datetime, end: datetime) -> datetime:
        seconds = int((end - start).total_seconds())
        return start + timedelta(seconds=self.rng.randint(0, max(seconds, 0)))

    def _article(self, planned: Planned, title: str) -> Declaration:
        rng, writer, who = self.rng, self.writer, planned.participant
        category = rng.choice(self.categories)
        in_window = self._moment(WINDOW_START + timedelta(hours=2), WINDOW_END - timedelta(hours=2))
        history: list[Revision] = []

        def save(when: datetime, user: str, article: Article, summary: str) -> None:
            history.append(Revision(when, user, article.render(), summary))

        if planned.kind is Kind.NEW:
            article = write_article(writer, title, category, rng.randint(1800, 8000), 220)
            save(in_window, who, article, "new article")
        elif planned.kind is Kind.SHORT:
            article = write_stub(writer, title, category, rng.randint(400, 1100))
            save(in_window, who, article, "new article")
        elif planned.kind is Kind.OLD:
            created = self._moment(datetime(2024, 1, 1, tzinfo=UTC),
                                   datetime(2025, 12, 31, tzinfo=UTC))
            article = write_article(writer, title, category, rng.randint(1800, 4500), 220)
            save(created, who, article, "new article")
            article.paragraphs[-1] += " " + writer.sentence()
            save(in_window, who, article, "small fix")
        else:  # an expansion of someone else's stub
            created = self._moment(datetime(2018, 1, 1, tzinfo=UTC),
                                   datetime(2025, 12, 31, tzinfo=UTC))
            article = write_article(writer, title, category, rng.randint(500, 3000), 0)
            save(created, rng.choice(self.editors), article, "stub")
            grow_by(writer, article, rng.randint(2500, 5000))
            while prose_words(article) < 220:
                grow(writer, article)
            save(in_window, who, article, "expanded")
        # The entries meant to fail stay failing: their authors add nothing more to them
        # and others at most one small edit.
        failing = planned.kind in (Kind.SHORT, Kind.OLD)
        self._later_revisions(history, article, None if failing else who, in_window,
                              1 if failing else 3)
        self._add(Page(title, history))
        self.data.titles.append(title)
        return Declaration(who, title, in_window)

    def _later_revisions(self, history: list[Revision], article: Article,
                         participant: str | None, since: datetime, most: int) -> None:
        """0..most edits after the participant's: their own additions (unless None) and
        others' small changes."""
        when = since
        for _ in range(self.rng.choices(range(most + 1), (35, 30, 20, 15)[:most + 1])[0]):
            if participant is not None and self.rng.random() < 0.5:
                when += timedelta(minutes=self.rng.randint(10, 20 * 24 * 60))
                grow(self.writer, article)
                user, summary = participant, "more"
            else:
                when += timedelta(minutes=self.rng.randint(60, 60 * 24 * 60))
                copyedit(self.writer, article)
                user, summary = self._other(), "copyedit"
            if when >= HISTORY_END:
                return
            history.append(Revision(when, user, article.render(), summary))

    def _talk_page(self, declaration: Declaration) -> None:
        user = declaration.participant
        country = self.rng.choice(country_values(self.name))
        text = f"{{{{{TEMPLATE}|user={user}|country={country}}}}}\n"
        when = declaration.at + timedelta(minutes=self.rng.randint(2, 3 * 24 * 60))
        revisions = [Revision(when, user, text, "CEE Spring 2026")]
        if self.rng.random() < 0.2:  # someone comments on the talk page later
            other = self.rng.choice(self.editors)
            later = when + timedelta(days=self.rng.randint(1, 60))
            text += (f"\n== {self.writer.name()} ==\n{self.writer.sentence()} "
                     f"[[{self.ns.user}:{other}|{other}]] 12:00, {later:%d.%m.%Y} (UTC)\n")
            revisions.append(Revision(later, other, text, "comment"))
        self._add(Page(f"{self.ns.talk}:{declaration.title}", revisions, namespace=1))
        self.data.talk_pages += 1

    def _list_page(self, declarations: list[Declaration]) -> None:
        """The submission page, grown by each participant in a few edits of 1-10 lines."""
        events: list[tuple[datetime, str, list[str]]] = []
        by_participant: dict[str, list[Declaration]] = {}
        for declaration in declarations:
            by_participant.setdefault(declaration.participant, []).append(declaration)
        for participant, own in by_participant.items():
            own.sort(key=lambda d: d.at)
            while own:
                size = self.rng.randint(1, 10)
                group, own = own[:size], own[size:]
                when = group[-1].at + timedelta(minutes=self.rng.randint(5, 2 * 24 * 60))
                events.append((when, participant, [f"# [[{d.title}]]" for d in group]))
        events.sort()
        header = (f"{self.writer.paragraph(2)}\n\n"
                  "<!-- Add your articles in your own section: # [[Article]] -->\n")
        start = WINDOW_START - timedelta(days=3)
        sections: dict[str, list[str]] = {}
        revisions = [Revision(start, ORGANIZER, header, "entries page")]
        for when, participant, lines in events:
            sections.setdefault(participant, []).extend(lines)
            # Timestamps of one page must be distinct and increasing.
            when = max(when, revisions[-1].timestamp + timedelta(seconds=1))
            text = header + "".join(
                f"\n== [[{self.ns.user}:{name}|{name}]] ==\n" + "\n".join(own) + "\n"
                for name, own in sections.items())
            revisions.append(Revision(when, participant, text, f"+{len(lines)}"))
        self._add(Page(f"{self.ns.project}:{ENTRIES_PAGE}", revisions, namespace=4))
        self.data.list_revisions = len(revisions)

    def _registrations(self) -> None:
        """Accounts made long before their first edit; one participant in seven is new."""
        participants = {p.participant for p in self.planned}
        for user, first in self.first_edit.items():
            if user.startswith("203.0.113."):
                continue
            if user in participants and self.rng.random() < 1 / 7:
                earliest = max(first - timedelta(days=10), WINDOW_START)
                registered = self._moment(min(earliest, first), first)
            else:
                registered = first - timedelta(days=self.rng.randint(30, 8 * 365))
            self.data.registered[user] = registered


def country_values(wiki: str) -> tuple[str, ...]:
    """Countries as participants of this wiki type them (the bot's shipped alias table,
    real values); English names where the table has none from the wiki."""
    table = _country_table()
    return table.get(wiki) or table["*"]


@functools.cache  # read once; wikis are built in threads, each may be the first to ask
def _country_table() -> dict[str, tuple[str, ...]]:
    typed: dict[str, list[str]] = {}
    canonical: set[str] = set()
    path = REPO / "bot" / "sources" / "data" / "country-aliases.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) != 3 or parts[0] == "wiki":
            continue
        typed.setdefault(parts[0], []).append(parts[1])
        canonical.add(parts[2])
    return {"*": tuple(sorted(canonical)), **{w: tuple(v) for w, v in typed.items()}}


# ----- the farm ---------------------------------------------------------------------------


def namespaces_of(farm: Farm, wiki: str) -> Namespaces:
    found = farm.api(wiki, action="query", meta="siteinfo", siprop="namespaces")
    names = {int(k): str(v["name"]) for k, v in found["query"]["namespaces"].items()}
    return Namespaces(talk=names[1], user=names[2], project=names[4], template=names[10],
                      category=names[14])


@dataclass(frozen=True)
class Built:
    data: dict[str, WikiData]
    up_s: float
    seed_s: float


def build_farm(farm: Farm, plan: Plan, seed: int) -> Built:
    started = time.monotonic()
    farm.up([RESULTS_WIKI, *plan.wikis])
    up_s = time.monotonic() - started
    log(f"farm: {len(plan.wikis) + 1} wikis up in {up_s:.1f} s")

    def seed_wiki(wiki: str) -> WikiData:
        began = time.monotonic()
        data = WikiBuilder(wiki, plan.entries[wiki], wiki in plan.talk_wikis,
                           namespaces_of(farm, wiki), seed).build()
        farm.import_pages(wiki, data.pages)
        for user, registered in data.registered.items():
            farm.set_registration(wiki, user, registered)
        log(f"{wiki}: {len(data.titles):,} articles, {len(data.pages):,} pages, "
            f"{data.revisions:,} revisions imported in {time.monotonic() - began:.1f} s")
        data.pages = []  # the texts are on the wiki now
        return data

    began = time.monotonic()
    # Imports are CPU-bound PHP processes, one per wiki: as many at once as there are cores.
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        data = dict(zip(plan.wikis, pool.map(seed_wiki, plan.wikis), strict=True))
    seed_s = time.monotonic() - began
    log(f"farm: seeded in {seed_s:.1f} s")
    return Built(data, up_s, seed_s)


def contest_definition(plan: Plan, farm: Farm) -> dict[str, Any]:
    wikis: dict[str, Any] = {RESULTS_WIKI: {"site": {"code": RESULTS_WIKI, "family": "devwiki"}}}
    for wiki in plan.wikis:
        ns = namespaces_of(farm, wiki)
        source: dict[str, Any] = (
            {"kind": "talk_template", "template": f"{ns.template}:{TEMPLATE}",
             "fields": {"participant": ["user"], "country": ["country"]}}
            if wiki in plan.talk_wikis
            else {"kind": "submission_page", "page": f"{ns.project}:{ENTRIES_PAGE}"})
        wikis[wiki] = {"site": {"code": wiki, "family": "devwiki"}, "sources": [source]}
    return {
        "name": CONTEST,
        "window": {"start": WINDOW_FIRST_DAY, "end": WINDOW_LAST_DAY,
                   "timezone": ZONE.key},
        "results": {"wiki": RESULTS_WIKI, "page": RESULTS_PAGE, "language": "en"},
        "defaults": {"rules": RULES, "points": {"new": 1, "expanded": 1}},
        "wikis": wikis,
    }


def write_definition(path: Path, definition: dict[str, Any]) -> None:
    path.write_text(
        "# Written by scripts/bench: a synthetic CEE Spring-like contest on a devwiki farm.\n"
        + yaml.safe_dump(definition, allow_unicode=True, sort_keys=False), encoding="utf-8")


# ----- running the bot --------------------------------------------------------------------


CONTESTBOT = REPO / ".venv" / "bin" / "contestbot"


@dataclass(frozen=True)
class BotRun:
    summary: dict[str, Any] | None  # the bot's JSON line; None when it printed none
    wall_s: float
    peak_rss_mb: float
    exit_code: int
    stderr: Path


def bot_env(farm: Farm, db_url: str) -> dict[str, str]:
    env = dict(os.environ, PYWIKIBOT_DIR=str(farm.pywikibot_dir), CONTESTBOT_DB=db_url)
    # No proxy from the environment may get between the bot and 127.0.0.1.
    no_proxy = ",".join(filter(None, (env.get("NO_PROXY"), "127.0.0.1", "localhost")))
    env["NO_PROXY"] = env["no_proxy"] = no_proxy
    env.pop("CONTESTBOT_LOG_LEVEL", None)
    return env


def check_definition(config: Path, env: dict[str, str]) -> None:
    done = subprocess.run([str(CONTESTBOT), "check", str(config)], env=env, cwd=REPO,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"contestbot check failed:\n{done.stdout}{done.stderr}")
    log(done.stdout.strip())


# Linux carries the resident-set high-water mark of the process that calls exec over
# into the new program, and a forked child starts with its parent's resident set: a bot
# spawned straight from this process, which holds the generated wikis, would report this
# process's peak as its own. So a small launcher (a fresh Python of ~10 MB) forks and
# execs the bot, reaps it with os.wait4 and writes down its peak and wall time.
LAUNCHER = """\
import json, os, sys, time
started = time.monotonic()
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    json.dump({"wall_s": time.monotonic() - started, "maxrss_kib": usage.ru_maxrss}, out)
sys.exit(os.waitstatus_to_exitcode(status) % 256)
"""


def run_bot(config: Path, env: dict[str, str], logs: Path, phase: str) -> BotRun:
    """One `contestbot run --json`, measured by LAUNCHER. Its output goes to files: a pipe
    read only after the bot ends could fill up and block it."""
    out_path, err_path = logs / f"bot-{phase}.stdout", logs / f"bot-{phase}.stderr"
    usage_path = logs / f"bot-{phase}.usage.json"
    usage_path.unlink(missing_ok=True)
    command = [sys.executable, "-c", LAUNCHER, str(usage_path),
               str(CONTESTBOT), "--log-level", "WARNING", "run", str(config), "--json"]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        exit_code = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                   env=env, cwd=REPO, check=False).returncode
    # No usage file: the launcher itself failed, and so did the run (no JSON line either).
    usage = (json.loads(usage_path.read_text(encoding="utf-8")) if usage_path.exists()
             else {"wall_s": 0, "maxrss_kib": 0})
    return BotRun(last_json_line(out_path.read_text(encoding="utf-8", errors="replace")),
                  float(usage["wall_s"]), int(usage["maxrss_kib"]) / 1024, exit_code, err_path)


def last_json_line(output: str) -> dict[str, Any] | None:
    for line in reversed(output.splitlines()):
        try:
            found = json.loads(line)
        except ValueError:
            continue
        if isinstance(found, dict):
            return found
    return None


# ----- the phases -------------------------------------------------------------------------


@dataclass(frozen=True)
class Phase:
    name: str
    requests: dict[str, int]  # by wiki, meta included
    run: BotRun
    db_mb: float

    @property
    def total_requests(self) -> int:
        return sum(self.requests.values())

    def figure(self, key: str) -> int:
        assert self.run.summary is not None
        return int(self.run.summary.get(key, 0))


def db_files(base: Path) -> list[Path]:
    path = base / "bench.sqlite"
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def run_phase(farm: Farm, name: str, config: Path, env: dict[str, str]) -> Phase:
    wikis = [wiki.name for wiki in farm.wikis()]
    before = {wiki: farm.request_count(wiki) for wiki in wikis}
    log(f"{name}: running the bot")
    run = run_bot(config, env, farm.base, name)
    requests = {wiki: farm.request_count(wiki) - before[wiki] for wiki in wikis}
    db_mb = sum(p.stat().st_size for p in db_files(farm.base)[:2] if p.exists()) / 2**20
    log(f"{name}: {run.wall_s:.1f} s, {sum(requests.values()):,} requests, "
        f"exit code {run.exit_code}")
    return Phase(name, requests, run, db_mb)


def edit_articles(farm: Farm, data: dict[str, WikiData], seed: int) -> int:
    """A human's edit after the contest to 1% of the articles, through the API as Admin."""
    articles = [(wiki, title) for wiki, wiki_data in data.items() for title in wiki_data.titles]
    count = max(1, round(len(articles) * EDITED_SHARE))
    chosen = sorted(random.Random(f"edits-{seed}").sample(articles, count))
    editors: dict[str, Editor] = {}
    for wiki, title in chosen:
        if wiki not in editors:
            editors[wiki] = farm.editor(wiki)
        editors[wiki].append(title, "\n\nMore text added after the contest, to see what the "
                             "bot reads again.", "bench")
    log(f"warm_1pct: edited {count:,} articles")
    return count


def measure(farm: Farm, config: Path, data: dict[str, WikiData], seed: int
            ) -> tuple[list[Phase], int]:
    env = bot_env(farm, f"sqlite:///{farm.base / 'bench.sqlite'}")
    check_definition(config, env)
    for path in db_files(farm.base):
        path.unlink(missing_ok=True)
    phases = [run_phase(farm, "cold", config, env)]
    if phases[-1].run.summary is not None:
        phases.append(run_phase(farm, "warm", config, env))
    edited = 0
    if phases[-1].run.summary is not None:
        # Edited before the "before" counts of the phase are taken: these requests are ours.
        edited = edit_articles(farm, data, seed)
        phases.append(run_phase(farm, "warm_1pct", config, env))
    return phases, edited


# ----- the report -------------------------------------------------------------------------


def request_budget(plan: Plan) -> int:
    """Σ over wikis of ⌈entries/50⌉ + ⌈participants/50⌉: one batched read per 50 titles
    and per 50 participants, the floor of what reading the facts of every entry takes."""
    return sum(math.ceil(len(plan.entries[w]) / API_BATCH)
               + math.ceil(len(plan.participants_on(w)) / API_BATCH) for w in plan.wikis)


def phase_record(phase: Phase, plan: Plan, participants: int) -> dict[str, Any]:
    entries = phase.figure("entries")
    return {
        "phase": phase.name,
        "entries": entries,
        "wikis": len(plan.wikis),
        "participants": participants,
        "requests": phase.total_requests,
        "requests_per_entry": round(phase.total_requests / entries, 4) if entries else None,
        "wall_s": round(phase.run.wall_s, 1),
        "peak_rss_mb": round(phase.run.peak_rss_mb, 1),
        "db_mb": round(phase.db_mb, 2),
        "edits": phase.figure("edits"),
        "content_fetches": phase.figure("content_fetches"),
    }


def print_build(plan: Plan, built: Built, options: Options) -> None:
    kinds = plan.kinds()
    data = built.data.values()
    print(f"Synthetic contest: {options.entries:,} entries by {options.participants:,} "
          f"participants on {len(plan.wikis)} wikis (+ {RESULTS_WIKI} for the results), "
          f"seed {options.seed}")
    print(f"  pages {sum(len(d.titles) + d.talk_pages for d in data) + len(plan.wikis):,}, "
          f"revisions {sum(d.revisions for d in data):,}, talk pages "
          f"{sum(d.talk_pages for d in data):,}, list-page revisions "
          f"{sum(d.list_revisions for d in data):,}")
    print(f"  new {kinds[Kind.NEW]:,}, expansions {kinds[Kind.EXPANSION]:,}, meant to fail "
          f"{kinds[Kind.SHORT] + kinds[Kind.OLD]:,} ({kinds[Kind.SHORT]:,} too short, "
          f"{kinds[Kind.OLD]:,} old articles barely touched)")
    print(f"  talk-page template on {', '.join(w for w in plan.wikis if w in plan.talk_wikis)};"
          f" submission page on "
          f"{', '.join(w for w in plan.wikis if w not in plan.talk_wikis) or '-'}")
    print(f"  build: wikis up {built.up_s:.1f} s, pages generated and imported "
          f"{built.seed_s:.1f} s, total {built.up_s + built.seed_s:.1f} s")
    print()


def print_table(records: list[dict[str, Any]]) -> None:
    columns = [("phase", "phase"), ("entries", "entries"), ("wikis", "wikis"),
               ("requests", "requests"), ("requests_per_entry", "req/entry"),
               ("wall_s", "wall s"), ("peak_rss_mb", "peak RSS MB"), ("db_mb", "DB MB"),
               ("edits", "edits"), ("content_fetches", "content fetched")]
    rows = [[title for _, title in columns],
            *([str(record[key]) for key, _ in columns] for record in records)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(columns))]
    for row in rows:
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                        for i, (cell, w) in enumerate(zip(row, widths, strict=True))))
    print()


def print_targets(phases: dict[str, Phase], plan: Plan, entries: int, edited: int) -> None:
    def mark(ok: bool) -> str:
        return "[pass]" if ok else "[FAIL]"

    budget = request_budget(plan)
    wikis = len(plan.wikis)
    print("Targets")
    if (cold := phases.get("cold")) is not None:
        limit = BUDGET_FACTOR * budget + REQUESTS_PER_WIKI * wikis
        print(f"  {mark(cold.total_requests <= limit)} cold: requests {cold.total_requests:,}"
              f" <= {BUDGET_FACTOR} x {budget} + {REQUESTS_PER_WIKI} x {wikis} = {limit:,.1f}"
              f" (sum over wikis of ceil(entries/50) + ceil(participants/50) = {budget})")
        print(f"  {mark(cold.total_requests * 20 <= entries)} cold: requests "
              f"{cold.total_requests:,} <= entries / 20 = {entries / 20:,.1f}")
        print(f"  [info] cold: wall time {cold.run.wall_s:.1f} s (aim < {AIM_COLD_WALL_S} s)")
    if (warm := phases.get("warm")) is not None:
        limit = WARM_REQUESTS_PER_WIKI * wikis
        print(f"  {mark(warm.total_requests <= limit)} warm: requests {warm.total_requests:,}"
              f" <= {WARM_REQUESTS_PER_WIKI} x {wikis} = {limit} ({RESULTS_WIKI}'s requests "
              f"counted too: {warm.requests.get(RESULTS_WIKI, 0)})")
        print(f"  {mark(warm.figure('edits') == 0)} warm: edits {warm.figure('edits')} == 0")
    if (touched := phases.get("warm_1pct")) is not None:
        fetched = touched.figure("content_fetches")
        print(f"  {mark(fetched <= edited)} warm_1pct: content fetched {fetched:,} <= "
              f"{edited:,} edited articles")
    rss = max(p.run.peak_rss_mb for p in phases.values())
    db = max(p.db_mb for p in phases.values())
    print(f"  {mark(rss <= MAX_RSS_MB)} peak RSS {rss:.1f} MB <= {MAX_RSS_MB} MB (all phases)")
    print(f"  {mark(db <= MAX_DB_MB)} database {db:.2f} MB <= {MAX_DB_MB} MB (all phases)")
    print()


def print_requests_per_wiki(phases: list[Phase], plan: Plan) -> None:
    print("API requests per wiki (server side; budget = ceil(entries/50) + "
          "ceil(participants/50))")
    header = ["wiki", "entries", "participants", "declared by", "budget",
              *(p.name for p in phases)]
    rows = [header]
    for wiki in [*plan.wikis, RESULTS_WIKI]:
        if wiki == RESULTS_WIKI:
            facts = ["0", "0", "results only", "-"]
        else:
            entries, people = len(plan.entries[wiki]), len(plan.participants_on(wiki))
            facts = [str(entries), str(people),
                     "talk page" if wiki in plan.talk_wikis else "list page",
                     str(math.ceil(entries / API_BATCH) + math.ceil(people / API_BATCH))]
        rows.append([wiki, *facts, *(str(p.requests.get(wiki, 0)) for p in phases)])
    rows.append(["total", str(sum(len(e) for e in plan.entries.values())), "", "",
                 str(request_budget(plan)), *(str(p.total_requests) for p in phases)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print("  ".join(cell.ljust(w) if i in (0, 3) else cell.rjust(w)
                        for i, (cell, w) in enumerate(zip(row, widths, strict=True))))
    print()


def print_verdicts(first: Phase, plan: Plan) -> None:
    """What the bot decided against what the data were made to give: a benchmark of a bot
    that judges wrongly would measure the wrong work."""
    kinds = plan.kinds()
    meant = sum(kinds.values()) - kinds[Kind.SHORT] - kinds[Kind.OLD]
    summary = first.run.summary or {}
    problems = summary.get("problems") or []
    print(f"{first.name}: {summary.get('accepted')} of {summary.get('entries')} entries "
          f"accepted (made to pass: {meant}), {summary.get('review')} to review, "
          f"problems: {'; '.join(map(str, problems)) or 'none'}")
    print()


def report(plan: Plan, built: Built, options: Options, phases: list[Phase],
           edited: int) -> None:
    print_build(plan, built, options)
    measured = [p for p in phases if p.run.summary is not None]
    records = [phase_record(p, plan, options.participants) for p in measured]
    print_table(records)
    if measured:
        print_verdicts(measured[0], plan)
        print_targets({p.name: p for p in measured}, plan, options.entries, edited)
    print_requests_per_wiki(phases, plan)
    for record in records:
        print(json.dumps(record))


# ----- main -------------------------------------------------------------------------------


def base_folder(options: Options) -> Path:
    if options.base is None:
        return Path(tempfile.mkdtemp(prefix="contestbot-bench-"))
    # A new farm every time: importing the same histories twice would not give the same
    # wikis, and the folder is deleted at the end, so it must hold nothing else.
    if options.base.exists() and any(options.base.iterdir()):
        raise SystemExit(f"--base {options.base} is not empty: give a new or empty folder "
                         f"(an old farm goes with: scripts/devwiki --base {options.base} "
                         "destroy)")
    return options.base


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_options(argv)
    plan = make_plan(options)
    farm = Farm(base_folder(options))
    log(f"farm folder: {farm.base}")
    try:
        built = build_farm(farm, plan, options.seed)
        config = farm.base / "contest.yaml"
        write_definition(config, contest_definition(plan, farm))
        phases, edited = measure(farm, config, built.data, options.seed)
        report(plan, built, options, phases, edited)
        failed = next((p for p in phases if p.run.summary is None), None)
        if failed is not None:
            tail = failed.run.stderr.read_text(encoding="utf-8", errors="replace")[-4000:]
            log(f"{failed.name}: the bot printed no JSON line (exit code "
                f"{failed.run.exit_code}); end of its stderr:\n{tail}")
            return 1
        return 0
    finally:
        if options.keep:
            log(f"kept: {farm.base} (stop with: scripts/devwiki --base {farm.base} down)")
        else:
            farm.destroy()


if __name__ == "__main__":
    sys.exit(main())
