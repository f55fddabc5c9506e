from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import mwparserfromhell
import pytest
from mwparserfromhell.nodes import HTMLEntity, Text

from bot.config import Ranking
from bot.model import (
    Check,
    JuryDecision,
    Location,
    MarkKind,
    PageFacts,
    ReviewItem,
    Status,
)
from bot.reports.messages import Messages
from bot.reports.phrases import sort_value
from bot.rules.checks import LEAF_RULES
from bot.scoring import standings
from tests.unit.reports_sample import (
    NASTY,
    RLO,
    WikiState,
    column,
    jury,
    mark,
    render,
    result,
    status_of,
    table_rows,
    view,
)

EN = Messages.load("en")
PL = Messages.load("pl")
DE = Messages.load("de")


# --- ranking -----------------------------------------------------------------------


def test_standard_competition_ranking_with_ties_on_points_and_accepted() -> None:
    results = [
        *[result("Ann", f"A{i}", points="2") for i in range(2)],  # 4 points, 2 accepted
        *[result("cy", f"C{i}") for i in range(3)],  # 3 points, 3 accepted
        *[result("Bo", f"B{i}") for i in range(3)],  # 3 points, 3 accepted
        result("Di", "D", points="3"),  # 3 points, 1 accepted: below the tie
        result("Ed", "E", status=Status.REJECTED, points="0"),
    ]
    ranking = [(s.rank, s.participant, s.accepted, s.points) for s in standings(results)]
    assert ranking == [
        (1, "Ann", 2, Decimal(4)),
        (2, "Bo", 3, Decimal(3)),
        (2, "cy", 3, Decimal(3)),  # name order ignores case
        (4, "Di", 1, Decimal(3)),
        (None, "Ed", 0, Decimal(0)),
    ]
    text = render(*results)
    assert column(text, "Participants", "Rank") == ["1", "2", "2", "4", ""]


def test_only_accepted_entries_count_towards_points() -> None:
    (standing,) = standings(
        [result("Ann", "A", points="2.5"), result("Ann", "B", status=Status.REJECTED, points="4")]
    )
    assert (standing.entries, standing.accepted, standing.points) == (2, 1, Decimal("2.5"))


def test_participant_is_linked_on_the_wiki_of_most_of_their_entries() -> None:
    results = [
        result("Ann", "A", wiki="uk"),
        result("Ann", "B", wiki="pl"),
        result("Ann", "C", wiki="uk"),
        result("Bo", "D", wiki="uk"),
        result("Bo", "E", wiki="pl"),
    ]
    assert {s.participant: s.wiki for s in standings(results)} == {"Ann": "uk", "Bo": "pl"}


def test_leaderboard_rows() -> None:
    text = render(
        result("Bo", "B", points="1.50", length=12000, expansion=True),
        result("Ann", "A", points="2"),
        result("Ann", "X", status=Status.REJECTED, points="0"),
    )
    assert table_rows(text, "Participants") == [
        ["1", "[[:pl:User:Ann|Ann]]", "1", "0", 'data-sort-value="1534" | 1,534', "2", "ranked"],
        ["2", "[[:pl:User:Bo|Bo]]", "0", "1", 'data-sort-value="12000" | 12,000',
         'data-sort-value="15E-1" | 1.5', "ranked"],
    ]


def test_leaderboard_says_why_someone_is_not_ranked() -> None:
    results = (
        result("Bo", "B", points="1.50"),
        result("Ann", "A", points="2"),
        result("Ann", "C", points="1"),
        result("Cy", "X", status=Status.REJECTED, points="0"),
        result("Di", "D", points="0.5"),
        result("Di", "E", points="0.5"),
    )
    text = render(*results, at=view(ranking=Ranking(min_accepted=2, min_points=Decimal(2))))
    assert [(row[0], row[1], row[-1]) for row in table_rows(text, "Participants")] == [
        ("1", "[[:pl:User:Ann|Ann]]", "ranked"),
        ("", "[[:pl:User:Bo|Bo]]",
         "not ranked: fewer than 2 accepted articles; fewer than 2 points"),
        ("", "[[:pl:User:Di|Di]]", "not ranked: fewer than 2 points"),
        ("", "[[:pl:User:Cy|Cy]]", "not ranked: no accepted article"),
    ]
    # Without thresholds everyone with an accepted article is ranked; nobody without one.
    assert column(render(*results, at=view(ranking=Ranking())), "Participants", "Rank") == [
        "1", "2", "3", ""]


# --- wiki sections and entries ----------------------------------------------------------


def test_each_wiki_has_a_section_with_its_heading_summary_and_entries() -> None:
    text = render(result("Ann", "A"), result("Bo", "B", wiki="uk", status=Status.REJECTED))
    paragraphs = text.split("\n\n")
    start = paragraphs.index("== Articles in pl ==")
    assert paragraphs[start + 1] == (
        "1 article, 1 accepted, 0 rejected, 0 need review, 1 participant.")
    assert "[[:pl:A|A]]" in paragraphs[start + 2]
    assert "== Articles in meta ==" in paragraphs  # wikis without entries too
    assert paragraphs.index("== Articles in meta ==") < start < paragraphs.index(
        "== Articles in uk ==")


def test_entries_are_sorted_by_title_then_participant() -> None:
    text = render(result("Cy", "Beta"), result("Ann", "alpha"), result("Ann", "Beta"))
    assert [row[:2] for row in table_rows(text, "Articles")] == [
        ["[[:pl:alpha|alpha]]", "[[:pl:User:Ann|Ann]]"],
        ["[[:pl:Beta|Beta]]", "[[:pl:User:Ann|Ann]]"],
        ["[[:pl:Beta|Beta]]", "[[:pl:User:Cy|Cy]]"],
    ]


def test_entry_row() -> None:
    checks = (
        Check("exists", "page exists", "page exists", True),
        Check("min_bytes", "2000", "1534", False),
        Check("min_words", "200", "150", False),
    )
    text = render(result("Ann", "Kraków", status=Status.REJECTED, points="0", checks=checks),
                  result("Bo", "Lwów", expansion=True, points="2.5", length=99))
    assert table_rows(text, "Articles") == [
        [
            "[[:pl:Kraków|Kraków]]",
            "[[:pl:User:Ann|Ann]]",
            "new",
            'data-sort-value="1534" | 1,534',
            "rejected: too short: 1,534 bytes, needs 2,000; too short: 150 words, needs 200",
            "0",
        ],
        ["[[:pl:Lwów|Lwów]]", "[[:pl:User:Bo|Bo]]", "expanded", "99", "accepted",
         'data-sort-value="25E-1" | 2.5'],
    ]


@pytest.mark.parametrize(
    ("check", "english", "polish"),
    [
        (
            Check("min_bytes", "2000", "1534", False),
            "too short: 1,534 bytes, needs 2,000",
            "za krótki: 1534 bajty, wymagane co najmniej 2000",
        ),
        (
            Check("min_bytes", "2000", "1", False),
            "too short: 1 byte, needs 2,000",
            "za krótki: 1 bajt, wymagane co najmniej 2000",
        ),
        (
            Check("min_words", "200", "15", False),
            "too short: 15 words, needs 200",
            "za krótki: 15 słów, wymagane co najmniej 200",
        ),
        (
            Check("min_words", "200", "unknown", False),
            "the words could not be counted",
            "nie udało się policzyć słów",
        ),
        (
            Check("not_redirect", "not a redirect", "Kraków (miasto)", False),
            "the page is a redirect to Kraków (miasto)",
            "strona jest przekierowaniem do Kraków (miasto)",
        ),
        (
            Check("not_duplicate", "the first claim of the article",
                  "Bartek (pl:Zgłoszenia, line 4)", False),
            "duplicate: first claimed by Bartek (pl&#58;Zgłoszenia, line 4)",
            "duplikat: pierwsze zgłoszenie Bartek (pl&#58;Zgłoszenia, line 4)",
        ),
        (
            Check(
                "created_in_window",
                "2026-03-21T00:00:00Z/2026-06-01T00:00:00Z",
                "2026-06-01T08:30:00Z",
                False,
            ),
            "created 2026-06-01 08:30 UTC, outside the contest period "
            "(2026-03-21 00:00 UTC \u2013 2026-05-31 23:59 UTC)",
            "utworzony 2026-06-01 08:30 UTC, poza okresem konkursu "
            "(2026-03-21 00:00 UTC \u2013 2026-05-31 23:59 UTC)",
        ),
        (
            Check("created_by_participant", "Ann", "[[Evil]]", False),
            "created by &#91;&#91;Evil&#93;&#93;, not by the participant",
            "utworzony przez &#91;&#91;Evil&#93;&#93;, a nie przez uczestnika",
        ),
        (
            Check("not", "not min_words: 300", "320", False),
            "excluded by the rule “not min&#95;words&#58; 300” (found: 320)",
            "wykluczony przez regułę „not min&#95;words&#58; 300” (stwierdzono: 320)",
        ),
        (
            Check("max_bytes_before", "8000", "8001", False),
            "had 8,001 bytes before the contest, at most 8,000 allowed for an expansion",
            "przed konkursem miał 8001 bajtów, przy rozbudowie dozwolone najwyżej 8000",
        ),
        (
            Check("has_refs", "3", "x|y", False),
            "has&#95;refs: expected 3, got x&#124;y",
            "has&#95;refs: oczekiwano 3, jest x&#124;y",
        ),
    ],
)
def test_failed_checks_read_as_sentences(check: Check, english: str, polish: str) -> None:
    rejected = result("Ann", status=Status.REJECTED, points="0", checks=(check,))
    assert status_of(rejected) == [f"rejected: {english}"]
    assert status_of(rejected, messages=PL) == [f"odrzucony: {polish}"]


def test_every_rule_has_its_own_sentence() -> None:
    rules = [*LEAF_RULES, "exists", "not_deleted", "not", "not_duplicate"]
    assert [rule for rule in rules if not EN.has(f"check-{rule}")] == []


def test_only_decisive_failures_are_reasons() -> None:
    checks = (
        Check("exists", "page exists", "page exists", True),
        Check("all", "all of 2", "1 of 2 passed", False),
        Check("any", "at least one of 2", "1 of 2 passed", True, "0"),
        Check("min_bytes", "9000", "2500", False, "0.0"),  # inside a passing "any"
        Check("min_words", "300", "320", True, "0.1"),
        Check("min_references", "3", "1", False, "1"),
    )
    rejected = result("Ann", status=Status.REJECTED, points="0", checks=checks)
    assert status_of(rejected) == ["rejected: 1 reference, needs at least 3"]


def test_the_failed_parts_of_an_any_read_as_alternatives() -> None:
    checks = (
        Check("exists", "page exists", "page exists", True),
        Check("all", "all of 2", "0 of 2 passed", False),
        Check("any", "at least one of 2", "0 of 2 passed", False, "0"),
        Check("all", "all of 2", "0 of 2 passed", False, "0.0"),
        Check("min_bytes", "9000", "2500", False, "0.0.0"),
        Check("min_references", "3", "1", False, "0.0.1"),
        Check("in_category", "Kategoria:X", "no", False, "0.1"),
        Check("min_words", "300", "20", False, "1"),
    )
    rejected = result("Ann", status=Status.REJECTED, points="0", checks=checks)
    assert status_of(rejected) == [
        "rejected: one of (too short: 2,500 bytes, needs 9,000 and 1 reference, needs at "
        "least 3; or not in the category Kategoria&#58;X); too short: 20 words, needs 300"
    ]
    assert status_of(rejected, messages=PL)[0].startswith("odrzucony: jedno z (za krótki: 2500")


def test_unread_pages_say_so_and_accepted_entries_show_no_reasons() -> None:
    failed = (Check("min_bytes", "2000", "10", False),)
    assert status_of(
        result("Ann", "A", checks=failed),  # accepted by hand, without a recorded jury
        result("Ann", "B", status=Status.REJECTED, points="0", facts=None),
    ) == ["accepted", "rejected: the page could not be read from the wiki"]


def test_a_followed_move_shows_old_and_new_title_linking_the_new() -> None:
    moved = PageFacts("Lwów", True, "Lwów (miasto)", redirect_target="Lwów (miasto)", moved=True)
    redirect = PageFacts("Lemberg", True, "Lemberg", redirect_target="Lwów")
    text = render(result("Ann", "Lwów", facts=moved), result("Ann", "Lemberg", facts=redirect))
    assert column(text, "Articles", "Article") == [
        "[[:pl:Lemberg|Lemberg]]",
        "Lwów → [[:pl:Lwów (miasto)|Lwów (miasto)]]",
    ]


def test_links_on_the_publishing_wiki_have_no_prefix_and_unknown_wikis_fail() -> None:
    text = render(result("Ann", "Wikimania", wiki="meta"))
    assert table_rows(text, "Articles")[0][:2] == ["[[:Wikimania|Wikimania]]", "[[:User:Ann|Ann]]"]
    with pytest.raises(ValueError, match="'xx'"):
        render(result("Ann", wiki="xx"))


# --- problems, notices, summary --------------------------------------------------------


def test_problems_table_links_the_page_and_the_revision_that_caused_it() -> None:
    items = (
        ReviewItem(Location("uk", "Вікіпедія:Конкурс", 7, 4242), "* [[Foo]] {{x}}", "other",
                   (("reason", "no [[user]]"),)),
        ReviewItem(Location("pl", "Lista", None, None), "x", "not-known-here", (("a", "|"),)),
    )
    text = render(review=items)
    assert table_rows(text, "Lines that need a human look") == [
        ["[[:pl:Lista|Lista]]", "", "", "<code>x</code>", "not-known-here; a&#58; &#124;"],
        [
            "[[:uk:Вікіпедія:Конкурс|Вікіпедія&#58;Конкурс]]",
            "7",
            "[[:uk:Special:Diff/4242|4242]]",
            "<code>&#42; &#91;&#91;Foo&#93;&#93; &#123;&#123;x&#125;&#125;</code>",
            "no &#91;&#91;user&#93;&#93;",
        ],
    ]


def test_no_problems_table_when_nothing_needs_a_look() -> None:
    assert "Lines that need" not in render(result("Ann"))


def test_stale_notices_come_first_one_per_failed_wiki() -> None:
    wikis = (
        WikiState("uk", None, None, "HTTP 503"),
        WikiState("meta", None, None, None),
        WikiState("pl", None, datetime(2026, 4, 2, 0, 5, tzinfo=timezone(timedelta(hours=2))),
                  "timeout [[x]]"),
    )
    paragraphs = render(result("Ann"), wikis=wikis).split("\n\n")
    assert paragraphs[:2] == [
        "Data for pl could not be updated; showing the last good data from "
        "2026-04-01 22:05 UTC (error: timeout &#91;&#91;x&#93;&#93;).",
        "Data for uk could not be read yet (error: HTTP 503).",
    ]
    assert paragraphs[2].startswith("1 article,")


def test_summary_line_counts_disagreements_and_problem_lines_as_to_review() -> None:
    results = (
        result("Ann", "A"),
        result("Ann", "B", status=Status.REJECTED),
        result("Bo", "C", status=Status.REVIEW),
        result("Bo", "D"),
    )
    line = ReviewItem(Location("pl", "Entries", 4, 9), "# [[Foo", "other", (("reason", "x"),))
    assert render(*results).split("\n\n")[0] == (
        "4 articles, 2 accepted, 1 rejected, 1 needs review, 2 participants."
    )
    assert render(*results, review=(line,), at=view(messages=PL)).split("\n\n")[0] == (
        "4 artykuły: 2 przyjęte, 1 odrzucony, 2 do sprawdzenia; 2 uczestników."
    )


def test_empty_contest() -> None:
    text = render()
    assert text.split("\n\n")[:2] == [
        "0 articles, 0 accepted, 0 rejected, 0 need review, 0 participants.",
        "No articles have been entered yet.",
    ]
    assert "{|" not in text


def test_grouped_and_decimal_numbers_sort_by_value_in_every_language() -> None:
    assert [sort_value(v) for v in (1534, Decimal("2.50"), Decimal("-0.5"), Decimal(100),
                                    Decimal("-0"))] == ["1534", "25E-1", "-5E-1", "100", "0"]
    text = render(result("Ann", "A", points="1234.5", length=1534), at=view(messages=DE))
    assert column(text, "Artikel", "Punkte") == ['data-sort-value="12345E-1" | 1.234,5']
    assert column(text, "Artikel", "Bytes") == ['data-sort-value="1534" | 1.534']


def test_rendering_is_deterministic_whatever_the_stored_order() -> None:
    results = [
        result(name, f"T{i % 4}", wiki=("pl", "uk")[i % 2], points=str(i % 3),
               countries=(("Poland", "Ukraine")[i % 3 % 2],),
               jury=jury(JuryDecision.ACCEPTED, mark("Cy", MarkKind.COMMENT, "a"),
                    mark("Bo", MarkKind.ACCEPT))
               if i % 5 == 0 else None)
        for i, name in enumerate(["Ann", "Bo", "Cy", "Di", "Ann", "Bo", "Ann"] * 3)
    ]
    review = [ReviewItem(Location("pl", "Lista", i % 3, 9), f"line {i}", "other",
                         (("reason", "why"),)) for i in range(5)]
    wikis = [
        WikiState("pl", None, datetime(2026, 4, 1, tzinfo=UTC), "boom"),
        WikiState("uk", None, None, "bang"),
    ]
    first = render(*results, review=tuple(review), wikis=tuple(wikis))
    shuffler = random.Random(7)
    for _ in range(5):
        shuffler.shuffle(results)
        shuffler.shuffle(review)
        shuffler.shuffle(wikis)
        assert render(*results, review=tuple(review), wikis=tuple(wikis)) == first


def test_untrusted_text_cannot_break_the_tables() -> None:
    outcome = jury(JuryDecision.PENDING, *(mark(s, MarkKind.REJECT, s) for s in NASTY[:5]),
                   *(mark(s, MarkKind.COMMENT, s) for s in NASTY))
    results = [result(name, title, jury=outcome, countries=(name,), newcomer=True)
               for name, title in zip(NASTY, reversed(NASTY), strict=True)]
    review = tuple(ReviewItem(Location("pl", s, 1, 1), s, "other", (("reason", s),))
                   for s in NASTY)
    wikis = tuple(WikiState(w, None, None, s) for w, s in zip(("pl", "uk"), NASTY, strict=False))
    text = render(*results, review=review, wikis=wikis)
    parsed = mwparserfromhell.parse(text)
    rows = parsed.filter_tags(matches=lambda node: node.tag == "tr")
    cells = [
        len(row.contents.filter_tags(recursive=False, matches=lambda n: n.tag == "td"))
        for row in rows
    ]
    countries = len(NASTY) + 2  # Wiki and Total besides one column per country
    assert cells == ([7] * len(NASTY) + [10] * 4 + [countries] * 4 + [7] * len(NASTY)
                     + [7] * len(NASTY) + [5] * len(NASTY))
    headers = parsed.filter_tags(matches=lambda node: node.tag == "th")
    assert len(headers) == 7 + 10 + countries + 7 + 7 + 5
    assert parsed.filter_templates() == []
    assert [str(h.title).strip() for h in parsed.filter_headings()] == [
        f"Articles in {wiki}" for wiki in ("meta", "pl", "uk")]
    assert parsed.filter_external_links() == []
    for wikilink in parsed.filter_wikilinks():
        assert str(wikilink.title).startswith(":pl:")
        assert wikilink.text is not None
        assert all(isinstance(n, Text | HTMLEntity) for n in wikilink.text.nodes)
    ours = {"table", "tr", "td", "th", "code", "bdi"}
    assert {str(tag.tag) for tag in parsed.filter_tags()} <= ours
    assert "<!--" not in text  # so no text can fake the bot's markers
    assert RLO not in re.sub("<bdi>.*?</bdi>", "", text)  # every override is isolated
    for line in text.splitlines():  # a cell's attributes are ours alone
        assert line.count(" | ") <= 1 or line.startswith("|-")
