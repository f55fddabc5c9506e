from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import mwparserfromhell
import pytest

from bot.model import JuryDecision, Location, MarkKind, ReviewItem
from bot.reports.messages import LANGUAGES, Messages
from bot.reports.results import (
    PageBlock,
    moved_notice,
    render_pages,
    with_freshness,
)
from bot.reports.status import render_status
from tests.unit.reports_sample import (
    EN,
    PREFIXES,
    ContestState,
    WikiState,
    jury,
    mark,
    result,
    sample_state,
    table_rows,
    view,
    with_results,
)

CHANGED = datetime(2026, 4, 1, 12, 30, tzinfo=UTC)


def size(page: PageBlock, messages: Messages = EN) -> int:
    """What the page holds once published: its block with the freshness line."""
    return len(with_freshness(page.body, CHANGED, messages).encode("utf-8"))


def many(count: int, wiki: str = "pl") -> ContestState:
    return ContestState("c", tuple(result(f"User{i:03}", f"Article {i:03}", wiki=wiki)
                                   for i in range(count)))


def test_results_that_fit_are_one_page() -> None:
    (page,) = render_pages(sample_state(), view())
    assert page.title == "Contest/Results"
    assert "== Articles in pl ==" in page.body and "Results per wiki" not in page.body


def test_too_big_results_move_each_wiki_to_its_subpage_with_an_index_on_the_main() -> None:
    state = sample_state()
    whole = len(render_pages(state, view())[0].body.encode("utf-8"))
    pages = render_pages(state, view(max_bytes=whole))
    assert [p.title for p in pages] == [
        "Contest/Results", "Contest/Results/meta", "Contest/Results/pl", "Contest/Results/uk"]
    main = pages[0].body
    assert table_rows(main, "Results per wiki") == [
        ["[[:Contest/Results/meta|meta]]", "1", "1"],
        ["[[:Contest/Results/pl|pl]]", "5", "2"],
        ["[[:Contest/Results/uk|uk]]", "2", "1"],
    ]
    # The main page keeps the notices, the summary, the ranking and the overall tables.
    assert main.startswith("Data for pl could not be updated")
    for caption in ("Participants", "Articles per wiki", "Authors of accepted articles",
                    "Lines that need a human look"):
        assert f"|+ {caption}\n" in main
    assert "== Articles in" not in main
    pl = pages[2].body
    assert pl.split("\n\n")[:3] == [
        "Part of the results on [[:Contest/Results|Contest/Results]].",
        "== Articles in pl ==",
        "5 articles, 2 accepted, 2 rejected, 2 need review, 4 participants.",
    ]
    assert all(size(p) <= whole for p in pages)


def test_a_wiki_too_big_for_one_page_is_cut_by_rows_with_the_header_repeated() -> None:
    state = many(60)
    limit = 4000
    pages = render_pages(state, view(max_bytes=limit))
    titles = [p.title for p in pages]
    parts = [t for t in titles if t.startswith("Contest/Results/pl/")]
    # The ranking is as long, so it moves out and is cut too; then come the wikis.
    assert titles[:3] == ["Contest/Results", "Contest/Results/participants",
                          "Contest/Results/participants/1"]
    start = titles.index("Contest/Results/pl")
    assert titles[start - 1:start + len(parts) + 2] == [
        "Contest/Results/meta", "Contest/Results/pl", *parts, "Contest/Results/uk"]
    assert parts == [f"Contest/Results/pl/{n}" for n in range(1, len(parts) + 1)]
    assert len(parts) >= 2
    assert all(size(p) <= limit for p in pages)
    by_title = {p.title: p.body for p in pages}
    index = by_title["Contest/Results/pl"]
    assert "* [[:Contest/Results/pl/1|Part 1]]: rows 1–" in index
    rows = []
    for title in parts:
        body = by_title[title]
        assert body.startswith(f"Part {title.rsplit('/', 1)[1]} of "
                               "[[:Contest/Results/pl|pl]].\n\n")
        assert "|+ Articles\n! Article !! Participant !!" in body
        rows += table_rows(body, "Articles")
    assert [row[0] for row in rows] == [f"[[:pl:Article {i:03}|Article {i:03}]]"
                                        for i in range(60)]


def test_the_problems_and_then_the_overall_tables_leave_the_main_page_when_needed() -> None:
    state = with_results(sample_state(), *many(40).results)
    review = tuple(ReviewItem(Location("pl", "Lista", i, i), f"line {i}", "other",
                              (("reason", "why"),)) for i in range(40))
    state = ContestState("c", state.results, review, state.wikis)
    limit = 3000
    pages = render_pages(state, view(max_bytes=limit))
    titles = [p.title for p in pages]
    assert "Contest/Results/problems" in titles
    assert titles.index("Contest/Results/problems") > titles.index("Contest/Results/uk")
    main = pages[0].body
    assert "See [[:Contest/Results/problems|Lines that need a human look]]." in main
    assert all(size(p) <= limit for p in pages)
    for page in pages:
        assert mwparserfromhell.parse(page.body).filter_templates() == []


def test_split_pages_are_deterministic_and_named_by_wiki_whatever_the_data() -> None:
    state = sample_state()
    limit = 2500
    first = render_pages(state, view(max_bytes=limit))
    assert render_pages(state, view(max_bytes=limit)) == first
    grown = with_results(state, result("Gus", "New one", wiki="uk"))
    titles = {p.title for p in render_pages(grown, view(max_bytes=limit))}
    assert {p.title for p in first} <= titles


def test_only_a_row_too_big_for_any_page_makes_a_page_too_big() -> None:
    long = jury(JuryDecision.ACCEPTED, mark("Anna", MarkKind.COMMENT, "x" * 5000),
                mark("Bob", MarkKind.ACCEPT))
    state = with_results(many(20, wiki="uk"), result("Anna", "Big", wiki="uk", jury=long))
    pages = render_pages(state, view(wiki="uk", max_bytes=3000))
    too_big = [p for p in pages if size(p) > 3000]
    assert len(too_big) == 1 and table_rows(too_big[0].body, "Articles")[0][0] == (
        "[[:uk:Big|Big]]")


def test_a_wiki_of_its_own_splits_too() -> None:
    pages = render_pages(many(30, wiki="uk"), view(wiki="uk", max_bytes=2500))
    assert pages[0].title == "Contest/Results"
    assert table_rows(pages[0].body, "Results per wiki") == [
        ["[[:Contest/Results/uk|uk]]", "30", "30"]]
    assert {p.title for p in pages[1:]} >= {"Contest/Results/uk", "Contest/Results/uk/1"}
    assert all(size(p) <= 2500 for p in pages)


def test_a_wiki_key_cannot_take_the_name_of_an_overall_table() -> None:
    with pytest.raises(ValueError, match="problems"):
        render_pages(many(1, wiki="problems"), view())


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_language_renders_every_part(language: str) -> None:
    messages = Messages.load(language)
    state = with_results(sample_state(), *many(30).results)
    home = {"pl": frozenset({"Poland"})}
    (whole,) = render_pages(state, view(messages=messages, home=home))
    assert messages.text("legend-home") in whole.body
    split = render_pages(state, view(messages=messages, home=home, max_bytes=3000))
    assert len(split) > 4 and all(size(p, messages) <= 3000 for p in split)
    local = render_pages(state, view(messages=messages, wiki="uk"))
    assert messages.text("caption-entries") in local[0].body
    assert moved_notice("Contest/Results", messages)
    assert render_status(state.wikis, CHANGED, messages, PREFIXES)


def test_freshness_line_on_top() -> None:
    assert with_freshness("body", datetime(2026, 4, 2, 0, 5, tzinfo=timezone(timedelta(hours=2))),
                          EN) == "Results last changed: 2026-04-01 22:05 UTC\n\nbody"


def test_moved_notice_links_the_main_page() -> None:
    assert moved_notice("Contest/[[x]]", EN) == (
        "These results are now on Contest/&#91;&#91;x&#93;&#93;.")
    assert moved_notice("Contest/Results", EN) == (
        "These results are now on [[:Contest/Results|Contest/Results]].")


def test_status_page() -> None:
    wikis = [
        WikiState("uk", datetime(2026, 4, 1, 12, tzinfo=UTC), None, "HTTP 503 [[x]]"),
        WikiState("pl", datetime(2026, 4, 1, 12, tzinfo=UTC), datetime(2026, 4, 1, 11, tzinfo=UTC),
                  None),
        WikiState("meta", None, None, None),
    ]
    text = render_status(wikis, CHANGED, EN, PREFIXES)
    assert text.startswith("Checked: 2026-04-01 12:30 UTC.\n\n")
    assert table_rows(text, "Wikis") == [
        ["meta", "never", "never", ""],
        ["[[:pl:|pl]]", "2026-04-01 12:00 UTC", "2026-04-01 11:00 UTC", ""],
        ["[[:uk:|uk]]", "2026-04-01 12:00 UTC", "never", "HTTP 503 &#91;&#91;x&#93;&#93;"],
    ]
    assert render_status(list(reversed(wikis)), CHANGED, EN, PREFIXES) == text
