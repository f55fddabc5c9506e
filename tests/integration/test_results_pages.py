"""Jury decisions and results pages end to end: meta (en) and pl, de, ar on the farm.

The same seeded wikis (results_fixtures.py) are judged by three contests that differ only
in how the jury's marks combine (average, consensus, min_marks), each with its own
database and results pages: on meta in English, on pl in Polish and on de in German.
The bot runs as a separate process, as an operator runs it. Every assertion reads what
anyone can see, the export and the wikis; none reads the bot's store (so neither the
jury's audit log there).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from results_fixtures import (
    ALICJA,
    AR_BAD_LINE,
    AR_DECLARATIONS,
    AR_ENTRIES,
    ARTICLES,
    BROKEN,
    DE_NASTY,
    MAJORITY,
    MALLORY,
    MARKUP,
    NASTY_COMMENT,
    NASTY_PL,
    NASTY_REASON,
    ONE_REJECT,
    OVERRULED,
    PL_BAD_LINES,
    PL_DECLARATIONS,
    PL_ENTRIES,
    PL_JURY,
    POINTS,
    RESTORED,
    SAME_LINE,
    SHOUT_USER,
    SOURCE_PAGES,
    TAMPERED,
    TIE,
    USERS,
    Contest,
    block,
    entries,
    heading_patterns,
    jury_line,
    leaderboard,
    line_of,
    message,
    message_regex,
    normalized,
    page_bytes,
    parse,
    rows_of,
    run,
    seed,
    subpages,
    tables,
    visible_text,
    write_contest,
)
from test_pipeline import bot_edits

from devwiki.farm import Farm

MODES = ("average", "consensus", "min_marks")
WIKIS = ("meta", "pl", "de", "ar")
LANGUAGES = {"meta": "en", "pl": "pl", "de": "de"}  # of each wiki's results pages


# --- the runs, once for the module -----------------------------------------------------------

@dataclass(repr=False)  # failures show the assertion's values, not all the pages
class Runs:
    farm: Farm
    contests: dict[str, Contest]  # by mode
    exported: dict[str, list[dict[str, Any]]]  # by mode
    # Every results page of every contest after the first runs, as the wiki renders it.
    rendered: dict[tuple[str, str], dict[str, Any]]
    edits: list[dict[str, int]]  # the bot's edits per wiki after each round of runs
    texts: list[dict[tuple[str, str], str]]  # every results page's text after each round


def results_pages(farm: Farm, contest: Contest) -> list[tuple[str, str]]:
    """(wiki, title) of the contest's results pages, with any subpages and the status page."""
    pages = []
    for wiki, title in contest.pages():
        pages += [(wiki, title), *((wiki, sub) for sub in subpages(farm, wiki, title))]
    if contest.status_page is not None:
        pages.append(("meta", contest.status_page))
    return pages


@pytest.fixture(scope="module")
def seeded(farm: Farm) -> Iterator[Farm]:
    seed(farm)
    yield farm
    farm.restore()


@pytest.fixture(scope="module")
def runs(seeded: Farm, tmp_path_factory: pytest.TempPathFactory) -> Runs:
    farm, folder = seeded, tmp_path_factory.mktemp("contests")
    contests = {mode: write_contest(folder, mode, mode, status=mode == "average")
                for mode in MODES}
    edits: list[dict[str, int]] = []
    texts: list[dict[tuple[str, str], str]] = []
    rendered: dict[tuple[str, str], dict[str, Any]] = {}
    for round_ in (1, 2):  # the second round finds nothing new
        for contest in contests.values():
            run(contest)
        edits.append({wiki: bot_edits(farm, wiki) for wiki in WIKIS})
        pages = [page for contest in contests.values() for page in results_pages(farm, contest)]
        texts.append({page: block(farm, *page) for page in pages})
        if round_ == 1:
            rendered = {page: parse(farm, *page) for page in pages}
    exported = {mode: entries(contest) for mode, contest in contests.items()}
    return Runs(farm, contests, exported, rendered, edits, texts)


def record(runs: Runs, mode: str, wiki: str, title: str) -> dict[str, Any]:
    found = [r for r in runs.exported[mode] if r["wiki"] == wiki and r["title"] == title
             and r["participant"] is not None]
    assert len(found) == 1, (mode, wiki, title, found)
    return found[0]


# --- the jury's decisions under each way of combining them ---------------------------------

@dataclass(frozen=True)
class JuryCase:
    """An entry of Alicja's on pl, what the jury page says about it, and its status and
    points per mode. All but OVERRULED pass the rules (2 points); OVERRULED was created
    before the window and would have 5 points (7,699 bytes)."""

    title: str
    marks: str  # for the reader of a failure
    average: tuple[str, float]
    consensus: tuple[str, float]
    min_marks: tuple[str, float]  # with min_marks: 2


ACCEPTED, REJECTED, REVIEW = "accepted", "rejected", "review"
JURY_CASES = [
    JuryCase(TIE, "Anna accepts; Bożena accepts, then rejects (her latest counts): a tie",
             (REVIEW, 0), (REVIEW, 0), (REVIEW, 0)),
    JuryCase(ONE_REJECT, "Anna rejects (copyvio); Mallory, no juror, accepts",
             (REJECTED, 0), (REJECTED, 0), (ACCEPTED, 2)),  # 1 of 2 marks: the rules decide
    JuryCase(MAJORITY, "Anna and Bożena accept, Czesław rejects",
             (ACCEPTED, 2), (REVIEW, 0), (ACCEPTED, 2)),
    JuryCase(OVERRULED, "the rules reject it; Anna accepts; Bożena's {{Jury acept}} is a typo",
             (ACCEPTED, 5), (ACCEPTED, 5), (REJECTED, 0)),  # the formula's points
    JuryCase(POINTS, "Anna gives 3 points, Bożena 4,5: their mean, but no consensus",
             (ACCEPTED, 3.75), (REVIEW, 0), (ACCEPTED, 3.75)),
    JuryCase(TAMPERED, "Anna's accept, rewritten into a rejection by Mallory: nobody's",
             (ACCEPTED, 2), (ACCEPTED, 2), (ACCEPTED, 2)),
    JuryCase(BROKEN, "only broken decisions: reasn=, no reason, 9 points (allowed: 1-5)",
             (ACCEPTED, 2), (ACCEPTED, 2), (ACCEPTED, 2)),
    JuryCase(MARKUP, "Czesław rejects, with a reason full of markup",
             (REJECTED, 0), (REJECTED, 0), (ACCEPTED, 2)),
    JuryCase(SAME_LINE, "Anna rejects; Bożena writes the very same line: two marks",
             (REJECTED, 0), (REJECTED, 0), (REJECTED, 0)),
    JuryCase(RESTORED, "Anna's rejection, withdrawn by her and put back by Mallory: nobody's",
             (ACCEPTED, 2), (ACCEPTED, 2), (ACCEPTED, 2)),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", JURY_CASES, ids=[c.title for c in JURY_CASES])
def test_jury_decides_by_mode(runs: Runs, mode: str, case: JuryCase) -> None:
    entry = record(runs, mode, "pl", case.title)
    assert entry["participant"] == ALICJA
    assert (entry["status"], entry["points"]) == getattr(case, mode), case.marks


# Entries nobody on the jury marked: the rules decide, the same in every mode.
RULES_ONLY = [
    *(("pl", title, user, ACCEPTED, 2) for title, user in NASTY_PL.items()),
    ("de", "Berlin", "Dieter", ACCEPTED, 1),
    ("de", "Köln", "Dieter", REJECTED, 0),  # 99 bytes, needs 1,000
    *(("de", title, SHOUT_USER, ACCEPTED, 1) for title in DE_NASTY),
    ("ar", "القاهرة", "سارة", ACCEPTED, 1),  # declared with a bidi mark in the user link
    ("ar", "الإسكندرية", "سارة", ACCEPTED, 1),
    ("ar", "أسوان", "عمر", ACCEPTED, 1),
]


@pytest.mark.parametrize("mode", MODES)
def test_entries_without_jury_marks_keep_the_rules_verdict(runs: Runs, mode: str) -> None:
    found = sorted((r["wiki"], r["title"], r["participant"], r["status"], r["points"])
                   for r in runs.exported[mode] if r["participant"] is not None
                   and r["title"] not in {c.title for c in JURY_CASES})
    assert found == sorted(RULES_ONLY)


# Problems of the jury page: (line, message key). A decision for an article nobody
# declared is found only after judging; it is located at its line too.
JURY_PROBLEMS = {
    (jury_line("one reject: Mallory accepts"), "jury-not-juror"),
    (jury_line("tampered: Mallory's change"), "jury-not-juror"),
    # The line is Anna's word for word, but Mallory put it back after she removed it.
    (jury_line("restored: Anna rejects"), "jury-not-juror"),
    (jury_line("overruled: Bożena's typo"), "jury-unknown-template"),
    (jury_line("broken: unknown parameter"), "jury-unknown-parameter"),
    (jury_line("broken: unknown parameter"), "jury-no-reason"),
    (jury_line("broken: no reason"), "jury-no-reason"),
    (jury_line("broken: points out of range"), "jury-points-out-of-range"),
    (jury_line("no such entry"), "jury-no-entry"),
}
# Declaring lines that name no article (made of what titles cannot hold).
DECLARATION_PROBLEMS = {
    *(("pl", PL_ENTRIES, line_of(PL_DECLARATIONS, line.strip())) for line in PL_BAD_LINES),
    ("ar", AR_ENTRIES, line_of(AR_DECLARATIONS, AR_BAD_LINE)),
}


@pytest.mark.parametrize("mode", MODES)
def test_problems_are_listed_and_never_stop_the_run(runs: Runs, mode: str) -> None:
    review = [r for r in runs.exported[mode] if r["participant"] is None]
    assert {(r["source_line"], r["problem"]) for r in review
            if r["source_page"] == PL_JURY} == JURY_PROBLEMS
    assert {(r["wiki"], r["source_page"], r["source_line"]) for r in review
            if r["source_page"] != PL_JURY} == DECLARATION_PROBLEMS
    assert next(r["text"] for r in review if r["source_page"] == AR_ENTRIES) == AR_BAD_LINE


@pytest.mark.parametrize("mode", MODES)
def test_leaderboard_adds_up_the_jury_points(runs: Runs, mode: str) -> None:
    # What the export says about each entry (test_jury_decides_by_mode checks that) adds
    # up in the ranking, with the jury's points where they gave some.
    expected = sum(r["points"] for r in runs.exported[mode]
                   if r["participant"] == ALICJA and r["status"] == ACCEPTED)
    [alicja] = [r for r in leaderboard(runs.contests[mode]) if r["participant"] == ALICJA]
    assert alicja["points"] == expected
    # On the pages too, in their languages ("14.75" in English, "14,75" in Polish).
    contest = runs.contests[mode]
    for wiki, title in (("meta", contest.results), ("pl", contest.local["pl"])):
        language = LANGUAGES[wiki]
        participant, points = (message(language, k) for k in ("column-participant",
                                                              "column-points"))
        shown = {row[points] for row in rows_of(runs.rendered[(wiki, title)]["text"],
                                                participant, points)
                 if row[participant] == ALICJA}
        assert f"{expected:g}".replace(".", "." if language == "en" else ",") in shown, shown


# --- what the pages say, in their languages, about the jury too -------------------------

@pytest.mark.parametrize("wiki", ["meta", "pl"])
def test_jury_decisions_are_shown_with_their_reasons(runs: Runs, wiki: str) -> None:
    contest, language = runs.contests["average"], LANGUAGES[wiki]
    title = contest.results if wiki == "meta" else contest.local[wiki]
    article, status, jury = (message(language, k) for k in ("column-article", "column-status",
                                                            "column-jury"))
    rows = {row[article]: row for row in rows_of(runs.rendered[(wiki, title)]["text"],
                                                 article, status, jury)}

    def says(key: str, **values: str) -> str:
        return message(language, key, **values)

    assert rows[ONE_REJECT][status] == says("status-jury-rejected", reason="copyvio")
    # The reason as written, never as markup; the comment too.
    assert rows[MARKUP][status] == says("status-jury-rejected", reason=NASTY_REASON)
    assert NASTY_COMMENT in rows[TIE][jury], rows[TIE]
    assert rows[TIE][status] == says("status-review")
    assert rows[MAJORITY][status] == says("status-jury-accepted")
    # Accepted by the jury although the rules reject it: both are said.
    assert rows[OVERRULED][status].startswith(
        says("status-jury-accepted-over-rules").split("{")[0]), rows[OVERRULED]


# The lines Mallory, who is no juror, wrote on the jury page, and what each is about.
MALLORY_LINES = {
    jury_line("one reject: Mallory accepts"): ONE_REJECT,
    jury_line("tampered: Mallory's change"): TAMPERED,
    jury_line("restored: Anna rejects"): RESTORED,
}


@pytest.mark.parametrize("wiki", ["meta", "pl"])
def test_problems_table_names_the_non_juror(runs: Runs, wiki: str) -> None:
    contest, language = runs.contests["average"], LANGUAGES[wiki]
    title = contest.results if wiki == "meta" else contest.local[wiki]
    page, line, problem = (message(language, k) for k in ("column-page", "column-line",
                                                          "column-reason"))
    rows = [row for row in rows_of(runs.rendered[(wiki, title)]["text"], page, line, problem)
            if row[page] == PL_JURY and MALLORY in row[problem]]
    assert {int(row[line]): row[problem] for row in rows} == {
        number: message(language, "problem-jury-not-juror", title=about, user=MALLORY)
        for number, about in MALLORY_LINES.items()
    }


LOCALIZED = ("caption-entries", "column-article", "column-status", "caption-review",
             "column-line", "status-accepted")


@pytest.mark.parametrize(("wiki", "language", "own", "others"), [
    ("meta", "en", ("Tirana", "Berlin", "أسوان"), ()),
    ("pl", "pl", ("Tirana", *NASTY_PL), ("Berlin", "أسوان")),
    ("de", "de", ("Berlin", *DE_NASTY), ("Tirana", "أسوان")),
])
def test_pages_speak_their_language(runs: Runs, wiki: str, language: str,
                                    own: tuple[str, ...], others: tuple[str, ...]) -> None:
    contest = runs.contests["average"]
    title = contest.results if wiki == "meta" else contest.local[wiki]
    shown = visible_text(runs.rendered[(wiki, title)]["text"])
    # de has no problems, so no problems table.
    keys = LOCALIZED if wiki != "de" else ("caption-entries", "column-article", "column-status",
                                           "status-accepted")
    for key in keys:
        assert message(language, key) in shown, key
        if language != "en" and message(language, key) != message("en", key):
            assert message("en", key) not in shown, key
    # "Last changed" on top: the time the content last changed, in the page's language.
    freshness = message_regex(language, "freshness", date=r"\d{4}-\d\d-\d\d \d\d:\d\d UTC")
    assert freshness.match(block(runs.farm, wiki, title).lstrip("\n")), block(
        runs.farm, wiki, title)[:200]
    assert all(t in shown for t in own), [t for t in own if t not in shown]
    assert not [t for t in others if t in shown]  # a wiki's page has its own entries


def test_meta_has_the_international_tables(runs: Runs) -> None:
    shown = visible_text(runs.rendered[("meta", runs.contests["average"].results)]["text"])
    for key in ("caption-leaderboard", "caption-wikis", "caption-countries", "caption-authors"):
        assert message("en", key) in shown, key
    assert message("en", "no-country") in shown  # nobody declared a country


def test_status_page_lists_every_wiki(runs: Runs) -> None:
    contest = runs.contests["average"]
    assert contest.status_page is not None
    rows = [row for table in tables(runs.rendered[("meta", contest.status_page)]["text"])
            for row in table[1:]]
    assert sorted(row[0] for row in rows) == sorted(WIKIS)


# --- injection: every page renders as text, never as markup -----------------------------

def allowed_targets(farm: Farm, wiki: str, own_pages: list[str]) -> set[str]:
    """What a results page on ``wiki`` may link to there: the articles and participants
    of the wiki, its declaring and jury pages, and the results pages themselves."""
    return normalized(farm, wiki, [*ARTICLES.get(wiki, ()), *SOURCE_PAGES.get(wiki, ()),
                                   *(f"User:{u}" for u in USERS.get(wiki, ())), *own_pages])


SPECIAL_LINK = re.compile(r"Special:(Diff|PermanentLink)/\d+")
BOT_TAGS = {"bdi", "code"}
RTL_CLASSES = {"R", "AL", "AN", "RLE", "RLO", "RLI", "LRE", "LRO", "LRI", "FSI", "PDF", "PDI"}


def check_inert(farm: Farm, wiki: str, title: str, rendered: dict[str, Any],
                own_pages: list[str]) -> None:
    """Nothing on the page comes from markup in titles, names, lines or reasons."""
    where = f"{wiki}:{title}"
    html = rendered["text"]
    # The farm has no Cite extension, so a <ref> would show as text either way: look at
    # the wikitext. Every "<" of the input is escaped; the bot's own tags are these.
    tags = set(re.findall(r"<\s*/?\s*([a-zA-Z]+)", block(farm, wiki, title)))
    assert tags <= BOT_TAGS, (where, tags - BOT_TAGS)
    assert rendered["categories"] == [], where
    assert rendered["templates"] == [], where
    assert not rendered["properties"], (where, rendered["properties"])  # e.g. notoc
    assert rendered["externallinks"] == [], where
    # Right-to-left text (Arabic names, U+202E) is isolated: outside <bdi>, nothing in
    # the wikitext can reorder the line it is on.
    outside = re.sub(r"<bdi>.*?</bdi>", "", block(farm, wiki, title))
    assert not [c for c in outside if unicodedata.bidirectional(c) in RTL_CLASSES], where
    # Nor can a behaviour switch hide among the table of contents of the bot's own headings.
    assert not re.findall(r"__[A-Z]+__", block(farm, wiki, title)), where
    for marker in ('class="reference', "mw-references", "cite_note", "<hr", "<pre",
                   "mw-ext-cite-error"):
        assert marker not in html, (where, marker)
    local = allowed_targets(farm, wiki, own_pages)
    unexpected = [link["title"] for link in rendered["links"] if link["title"] not in local
                  and not any(link["title"].startswith(f"{p}/") for p in local)]
    assert not unexpected, (where, unexpected)
    by_prefix: dict[str, list[str]] = {}
    for link in rendered["iwlinks"]:  # "pl:Tirana"; "pl:" is pl's main page
        target = link["title"].split(":", 1)[1]
        if target and not SPECIAL_LINK.fullmatch(target):
            by_prefix.setdefault(link["prefix"], []).append(target)
    for prefix, targets in by_prefix.items():
        assert prefix in WIKIS, (where, prefix)
        allowed = allowed_targets(farm, prefix, [])
        assert not normalized(farm, prefix, targets) - allowed, (where, prefix, targets)
    # Headings are the bot's own ("Articles in pl"), never a title like "=X=".
    patterns = heading_patterns(LANGUAGES[wiki], WIKIS)
    for section in rendered["sections"]:
        heading = visible_text(section["line"])
        assert any(p.fullmatch(heading) for p in patterns), (where, heading)
    # An injected "|" or "||" would add cells to its row: every row has as many as the header.
    for table in tables(html):
        assert len({len(row) for row in table}) == 1, (where, table)


# What must show literally, by wiki of the results page.
LITERAL = {
    "pl": [*NASTY_PL, *set(NASTY_PL.values()), *(line.strip() for line in PL_BAD_LINES),
           NASTY_REASON, NASTY_COMMENT],
    "de": [*DE_NASTY, SHOUT_USER],
}
LITERAL["meta"] = [*LITERAL["pl"], *LITERAL["de"], "القاهرة", "سارة", AR_BAD_LINE]


@pytest.mark.parametrize("mode", MODES)
def test_nothing_injected_renders(runs: Runs, mode: str) -> None:
    contest = runs.contests[mode]
    pages = [p for p in runs.rendered if p[1].startswith(tuple(t for _, t in contest.pages()))
             or p[1] == contest.status_page]
    assert pages
    for wiki, title in pages:
        own = [t for w, t in contest.pages() if w == wiki]
        check_inert(runs.farm, wiki, title, runs.rendered[(wiki, title)], own)
    for wiki, page in contest.pages():
        shown = "".join(visible_text(runs.rendered[(w, t)]["text"]) for w, t in pages
                        if w == wiki and t.startswith(page))
        missing = [text for text in LITERAL[wiki] if text not in shown]
        assert not missing, (wiki, page, missing)


# --- a page too big for its limit is split into subpages, and joined again ----------------

SUBPAGE = re.compile(r"(?:pl|de|ar|meta|participants|wikis|countries|authors|problems)(?:/\d+)?")


def test_split_into_subpages_and_back(seeded: Farm, tmp_path: Path) -> None:
    farm = seeded
    small = write_contest(tmp_path, "split", "average", local=False, max_bytes=2000)
    run(small)
    main = small.results
    parts = subpages(farm, "meta", main)
    assert parts, "nothing was split"
    assert all(SUBPAGE.fullmatch(p.removeprefix(f"{main}/")) for p in parts), parts
    assert {"pl", "de", "ar"} <= {p.removeprefix(f"{main}/").split("/")[0] for p in parts}
    sizes = {title: page_bytes(farm, "meta", title) for title in (main, *parts)}
    assert max(sizes.values()) <= 2000, sizes
    # The main page's index links the wikis' subpages, they link their parts: all reachable.
    rendered = {title: parse(farm, "meta", title) for title in (main, *parts)}
    linked = {link["title"] for r in rendered.values() for link in r["links"]}
    assert set(parts) <= linked, set(parts) - linked
    for title, page in rendered.items():
        check_inert(farm, "meta", title, page, [main])
    shown = "".join(visible_text(r["text"]) for r in rendered.values())
    assert not [t for t in LITERAL["meta"] if t not in shown]

    edits = bot_edits(farm, "meta")
    run(small)  # nothing new: no edit on any of the pages
    assert bot_edits(farm, "meta") == edits

    big = write_contest(tmp_path, "split", "average", local=False)  # the default limit
    run(big)
    assert subpages(farm, "meta", main) == parts  # kept, never deleted or blanked
    for part in parts:
        notice = block(farm, "meta", part)
        assert notice.strip() and len(notice.encode()) < 500, notice
        assert {link["title"] for link in parse(farm, "meta", part)["links"]} == {main}
    whole = parse(farm, "meta", main)
    assert not {link["title"] for link in whole["links"]} & set(parts)
    assert not [t for t in LITERAL["meta"] if t not in visible_text(whole["text"])]


# --- nothing new, no edit ---------------------------------------------------------------

def test_a_run_that_finds_nothing_new_edits_nothing(runs: Runs) -> None:
    first, second = runs.edits
    # 3 contests: a page each on meta, pl and de, and one status page on meta.
    assert first["meta"] >= 4 and first["pl"] >= 3 and first["de"] >= 3, first
    assert first["ar"] == 0  # no results page there
    assert second == first
    assert runs.texts[1] == runs.texts[0]
