from __future__ import annotations

import html
import json
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import mwparserfromhell
import pytest
from mwparserfromhell.nodes import HTMLEntity, Tag, Text

from bot.config import Ranking
from bot.model import Check, Entry, Location, PageFacts, Result, ReviewItem, Status
from bot.reports.messages import MESSAGES_DIR, Messages
from bot.reports.results import render_results
from bot.reports.wikitext import escape, link, plain, table
from bot.rules.checks import LEAF_RULES
from bot.scoring import standings

EN = Messages.load("en")
PL = Messages.load("pl")
PREFIXES = {"meta": "", "pl": "pl", "uk": "uk"}
RLO = "\u202e"
NASTY = [
    "|",
    "||",
    "}}",
    "{{",
    "[[",
    "]]",
    "{{subst:x}}",
    "__NOTOC__",
    "~~~~",
    "<ref>x</ref>",
    "<nowiki>",
    "</nowiki>",
    "'''bold'''",
    "[http://x y]",
    "{|",
    "|}",
    "|-",
    "!",
    "!!",
    "* x",
    "# x",
    "= h =",
    "; a : b",
    ": x",
    " pre",
    "----",
    "&amp;",
    f"a{RLO}b",
    "[[Category:X]]",
    "{{{1}}}",
    "-{zh:a}-",
    "<!-- contestbot:end -->",
    "http://spam.example",
    "x__TOC__y",
]


@dataclass(frozen=True)
class WikiState:
    wiki: str
    last_checked_at: datetime | None
    last_success_at: datetime | None
    error: str | None


@dataclass(frozen=True)
class ContestState:
    contest: str
    results: tuple[Result, ...]
    review: tuple[ReviewItem, ...] = ()
    wikis: tuple[WikiState, ...] = ()


def result(
    participant: str,
    title: str = "Kraków",
    *,
    wiki: str = "pl",
    status: Status = Status.ACCEPTED,
    points: str = "1",
    checks: tuple[Check, ...] = (),
    facts: PageFacts | bool | None = True,
) -> Result:
    entry = Entry(wiki, title, participant, Location(wiki, "Lista", 1, 10), f"[[{title}]]")
    page = PageFacts(title, True, title) if facts is True else facts
    assert page is not False
    return Result(entry, page, checks, status, Decimal(points))


def render(
    *results: Result,
    review: tuple[ReviewItem, ...] = (),
    wikis: tuple[WikiState, ...] = (),
    messages: Messages = EN,
    ranking: Ranking | None = None,
) -> str:
    state = ContestState("c", results, review, wikis)
    return render_results(state, messages=messages, link_prefix=PREFIXES, ranking=ranking)


def table_rows(text: str, caption: str) -> list[list[str]]:
    """The cells of the table with this caption, row by row."""
    lines = text.split(f"|+ {caption}\n", 1)[1].split("\n|}", 1)[0].splitlines()[1:]
    rows: list[list[str]] = []
    for line in lines:
        if line == "|-":
            rows.append([])
        else:
            rows[-1].append(line[2:])
    return rows


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
        result("Bo", "B", points="1.50"),
        result("Ann", "A", points="2"),
        result("Ann", "X", status=Status.REJECTED, points="0"),
    )
    assert table_rows(text, "Participants") == [
        ["1", "[[:pl:User:Ann|Ann]]", "1", "2"],
        ["2", "[[:pl:User:Bo|Bo]]", "1", "1.5"],
    ]


def test_leaderboard_lists_those_under_the_thresholds_after_the_ranked() -> None:
    results = (
        result("Bo", "B", points="1.50"),
        result("Ann", "A", points="2"),
        result("Ann", "C", points="1"),
        result("Cy", "X", status=Status.REJECTED, points="0"),
    )
    assert table_rows(render(*results, ranking=Ranking(min_accepted=2)), "Participants") == [
        ["1", "[[:pl:User:Ann|Ann]]", "2", "3"],
        ["not ranked", "[[:pl:User:Bo|Bo]]", "1", "1.5"],
        ["not ranked", "[[:pl:User:Cy|Cy]]", "0", "0"],
    ]
    # Without thresholds everyone with an accepted article is ranked; nobody without one.
    assert [row[0] for row in table_rows(render(*results, ranking=Ranking()),
                                         "Participants")] == ["1", "2", "not ranked"]


# --- entries -----------------------------------------------------------------------


def test_entries_are_sorted_by_wiki_then_title_then_participant() -> None:
    text = render(
        result("Bo", "beta", wiki="uk"),
        result("Cy", "Beta"),
        result("Ann", "alpha"),
        result("Ann", "Beta"),
    )
    assert [row[:3] for row in table_rows(text, "Articles")] == [
        ["pl", "[[:pl:alpha|alpha]]", "[[:pl:User:Ann|Ann]]"],
        ["pl", "[[:pl:Beta|Beta]]", "[[:pl:User:Ann|Ann]]"],
        ["pl", "[[:pl:Beta|Beta]]", "[[:pl:User:Cy|Cy]]"],
        ["uk", "[[:uk:beta|beta]]", "[[:uk:User:Bo|Bo]]"],
    ]


def test_entry_row_status_reasons_and_points() -> None:
    checks = (
        Check("exists", "page exists", "page exists", True),
        Check("min_bytes", "2000", "1534", False),
        Check("min_words", "200", "150", False),
    )
    text = render(result("Ann", "Kraków", status=Status.REJECTED, points="0", checks=checks))
    assert table_rows(text, "Articles") == [
        [
            "pl",
            "[[:pl:Kraków|Kraków]]",
            "[[:pl:User:Ann|Ann]]",
            "rejected",
            "too short: 1,534 bytes, needs 2,000; too short: 150 words, needs 200",
            "0",
        ]
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
            Check("exists", "page exists", "no such page", False),
            "the page does not exist",
            "strona nie istnieje",
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
            Check("namespace", "0", "2", False),
            "not an article (namespace 2)",
            "to nie jest artykuł (przestrzeń nazw 2)",
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
            Check("not_deleted", "not deleted", "2026-04-20T08:30:00Z", False),
            "the article was deleted (2026-04-20 08:30 UTC)",
            "artykuł został usunięty (2026-04-20 08:30 UTC)",
        ),
        (
            Check("not", "not min_words: 300", "320", False),
            "excluded by the rule “not min&#95;words&#58; 300” (found: 320)",
            "wykluczony przez regułę „not min&#95;words&#58; 300” (stwierdzono: 320)",
        ),
        (
            Check("declared_country", "a recognised country", '"Polnd"', False),
            'no accepted country declared (declared: "Polnd")',
            'nie podano uznanego kraju (podano: "Polnd")',
        ),
        (
            Check("max_bytes_before", "8000", "8001", False),
            "had 8,001 bytes before the contest, at most 8,000 allowed for an expansion",
            "przed konkursem miał 8001 bajtów, przy rozbudowie dozwolone najwyżej 8000",
        ),
        (
            Check("declared_within_days", "2026-06-07T22:00:00Z", "unknown", False),
            "when the article was declared could not be found",
            "nie udało się ustalić, kiedy artykuł zgłoszono",
        ),
        (
            Check("has_refs", "3", "x|y", False),
            "has&#95;refs: expected 3, got x&#124;y",
            "has&#95;refs: oczekiwano 3, jest x&#124;y",
        ),
    ],
)
def test_failed_checks_read_as_sentences(check: Check, english: str, polish: str) -> None:
    for messages, sentence in ((EN, english), (PL, polish)):
        text = render(
            result("Ann", status=Status.REJECTED, points="0", checks=(check,)), messages=messages
        )
        assert table_rows(text, messages.text("caption-entries"))[0][4] == sentence


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
    text = render(result("Ann", status=Status.REJECTED, points="0", checks=checks))
    assert table_rows(text, "Articles")[0][4] == "1 reference, needs at least 3"


def test_accepted_entries_show_no_reasons_and_unread_pages_say_so() -> None:
    failed = (Check("min_bytes", "2000", "10", False),)
    text = render(
        result("Ann", "A", checks=failed),  # accepted by the jury despite the check
        result("Ann", "B", status=Status.REVIEW, points="0", facts=None),
    )
    assert [row[3:5] for row in table_rows(text, "Articles")] == [
        ["accepted", ""],
        ["needs review", "the page could not be read from the wiki"],
    ]


def test_a_followed_move_shows_old_and_new_title_linking_the_new() -> None:
    moved = PageFacts("Lwów", True, "Lwów (miasto)", redirect_target="Lwów (miasto)", moved=True)
    redirect = PageFacts("Lemberg", True, "Lemberg", redirect_target="Lwów")
    text = render(result("Ann", "Lwów", facts=moved), result("Ann", "Lemberg", facts=redirect))
    assert [row[1] for row in table_rows(text, "Articles")] == [
        "[[:pl:Lemberg|Lemberg]]",
        "Lwów → [[:pl:Lwów (miasto)|Lwów (miasto)]]",
    ]


def test_links_on_the_publishing_wiki_have_no_prefix_and_unknown_wikis_fail() -> None:
    text = render(result("Ann", "Wikimania", wiki="meta"))
    assert table_rows(text, "Articles")[0][1:3] == ["[[:Wikimania|Wikimania]]", "[[:User:Ann|Ann]]"]
    with pytest.raises(ValueError, match="'xx'"):
        render(result("Ann", wiki="xx"))


# --- review, notices, summary --------------------------------------------------------


def test_review_table() -> None:
    item = ReviewItem(Location("uk", "Вікіпедія:Конкурс", 7, 4242), "* [[Foo]] {{x}}", "no user")
    text = render(review=(item,))
    assert table_rows(text, "Lines that need a human look") == [
        [
            "[[:uk:Вікіпедія:Конкурс|Вікіпедія&#58;Конкурс]]",
            "7",
            "[[:uk:Special:PermanentLink/4242|4242]]",
            "<code>&#42; &#91;&#91;Foo&#93;&#93; &#123;&#123;x&#125;&#125;</code>",
            "no user",
        ]
    ]


def test_no_review_table_when_nothing_needs_review() -> None:
    assert "Lines that need" not in render(result("Ann"))


def test_stale_notices_come_first_one_per_failed_wiki() -> None:
    wikis = (
        WikiState("uk", None, None, "HTTP 503"),
        WikiState("meta", None, None, None),
        WikiState(
            "pl",
            None,
            datetime(2026, 4, 2, 0, 5, tzinfo=timezone(timedelta(hours=2))),
            "timeout [[x]]",
        ),
    )
    paragraphs = render(result("Ann"), wikis=wikis).split("\n\n")
    assert paragraphs[:2] == [
        "Data for pl could not be updated; showing the last good data from "
        "2026-04-01 22:05 UTC (error: timeout &#91;&#91;x&#93;&#93;).",
        "Data for uk could not be read yet (error: HTTP 503).",
    ]
    assert paragraphs[2].startswith("1 article,")


def test_summary_line() -> None:
    results = (
        result("Ann", "A"),
        result("Ann", "B", status=Status.REJECTED),
        result("Bo", "C", status=Status.REVIEW),
        result("Bo", "D"),
    )
    assert render(*results).split("\n\n")[0] == (
        "4 articles, 2 accepted, 1 rejected, 1 needs review, 2 participants."
    )
    assert render(*results, messages=PL).split("\n\n")[0] == (
        "4 artykuły: 2 przyjęte, 1 odrzucony, 1 do sprawdzenia; 2 uczestników."
    )


def test_summary_counts_review_lines() -> None:
    line = ReviewItem(Location("pl", "Entries", 4, 9), "# [[Foo", "unclosed link: [[Foo")
    assert render(result("Ann", "A"), review=(line, line)).split("\n\n")[0] == (
        "1 article, 1 accepted, 0 rejected, 2 need review, 1 participant."
    )


def test_empty_contest() -> None:
    assert (
        render() == "0 articles, 0 accepted, 0 rejected, 0 need review, 0 participants.\n\n"
        "No articles have been entered yet."
    )


def test_rendering_is_deterministic_whatever_the_stored_order() -> None:
    results = [
        result(name, f"T{i % 4}", wiki=("pl", "uk")[i % 2], points=str(i % 3))
        for i, name in enumerate(["Ann", "Bo", "Cy", "Di", "Ann", "Bo", "Ann"] * 3)
    ]
    review = [ReviewItem(Location("pl", "Lista", i % 3, 9), f"line {i}", "why") for i in range(5)]
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
    results = [result(name, title) for name, title in zip(NASTY, reversed(NASTY), strict=True)]
    review = tuple(ReviewItem(Location("pl", "Lista", 1, 1), s, s) for s in NASTY)
    code = mwparserfromhell.parse(render(*results, review=review))
    rows = code.filter_tags(matches=lambda node: node.tag == "tr")
    cells = [
        len(row.contents.filter_tags(recursive=False, matches=lambda n: n.tag == "td"))
        for row in rows
    ]
    assert cells == [4] * len(NASTY) + [6] * len(NASTY) + [5] * len(NASTY)
    assert code.filter_templates() == []
    assert code.filter_headings() == []
    assert code.filter_external_links() == []
    for wikilink in code.filter_wikilinks():
        assert str(wikilink.title).startswith(":pl:")
        assert wikilink.text is not None
        assert all(isinstance(n, Text | HTMLEntity) for n in wikilink.text.nodes)
    ours = {"table", "tr", "td", "th", "code", "bdi"}
    assert {str(tag.tag) for tag in code.filter_tags()} <= ours
    assert "<!--" not in str(code)  # so no text can fake the bot's markers


# --- escaping --------------------------------------------------------------------------


@pytest.mark.parametrize("nasty", NASTY)
def test_escaped_text_is_only_text_and_entities_and_shows_as_typed(nasty: str) -> None:
    escaped = escape(nasty)
    assert all(isinstance(n, Text | HTMLEntity) for n in mwparserfromhell.parse(escaped).nodes)
    assert html.unescape(escaped) == nasty


def test_escaped_text_stays_on_one_line() -> None:
    assert escape("a\n* b\r\n{|\x00c") == "a * b &#123;&#124; c"
    assert escape("\n* b") == "&#32;* b"


def test_bidi_sensitive_text_is_isolated() -> None:
    for text in (f"a{RLO}b", "שלום", "كتاب 12"):
        (node,) = mwparserfromhell.parse(plain(text)).nodes
        assert isinstance(node, Tag) and node.tag == "bdi"
        assert all(isinstance(n, Text | HTMLEntity) for n in node.contents.nodes)
    assert plain("Kraków Ж") == "Kraków Ж"
    assert link("he", "שלום", "שלום") == "<bdi>[[:he:שלום|שלום]]</bdi>"


def test_a_target_that_cannot_be_a_title_is_not_linked() -> None:
    assert link("pl", "A]]B", "A]]B") == "A&#93;&#93;B"


def test_markup_read_before_links_is_escaped_in_targets() -> None:
    assert (
        link("", "''O'Hara''", "''O'Hara''")
        == "[[:&#39;&#39;O&#39;Hara&#39;&#39;|&#39;&#39;O&#39;Hara&#39;&#39;]]"
    )
    assert (
        link("pl", "__NOTOC__ ~~~~", "x")
        == "[[:pl:&#95;&#95;NOTOC&#95;&#95; &#126;&#126;&#126;&#126;|x]]"
    )


def test_table_rejects_rows_of_the_wrong_width() -> None:
    with pytest.raises(ValueError, match="2 cells for 3 columns"):
        table("c", ["a", "b", "c"], [["1", "2"]])


# --- messages --------------------------------------------------------------------------


def test_polish_has_every_english_message() -> None:
    english, polish = (
        json.loads((MESSAGES_DIR / f"{lang}.json").read_text(encoding="utf-8"))
        for lang in ("en", "pl")
    )
    assert sorted(set(english) - set(polish)) == []


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (1, "1 artykuł"),
        (2, "2 artykuły"),
        (4, "4 artykuły"),
        (5, "5 artykułów"),
        (12, "12 artykułów"),
        (14, "14 artykułów"),
        (22, "22 artykuły"),
        (0, "0 artykułów"),
        (112, "112 artykułów"),
        (1001, "1001 artykułów"),
        (Decimal("1.5"), "1,5 artykułu"),
        (Decimal("2.0"), "2 artykuły"),
    ],
)
def test_polish_plurals(count: int | Decimal, text: str) -> None:
    assert PL.text("summary-entries", count=count) == text


@pytest.mark.parametrize(
    ("count", "text"),
    [(1, "1 article"), (0, "0 articles"), (21, "21 articles"), (Decimal("1.5"), "1.5 articles")],
)
def test_english_plurals(count: int | Decimal, text: str) -> None:
    assert EN.text("summary-entries", count=count) == text


@pytest.mark.parametrize(
    ("value", "english", "polish"),
    [
        (1534, "1,534", "1534"),
        (12534, "12,534", "12\u00a0534"),
        (1234567, "1,234,567", "1\u00a0234\u00a0567"),
        (Decimal("2.50"), "2.5", "2,5"),
        (Decimal("100"), "100", "100"),
        (Decimal("-1534.25"), "-1,534.25", "-1534,25"),
        (Decimal("-0.0"), "0", "0"),
        (Decimal("1.0"), "1", "1"),
    ],
)
def test_numbers_in_each_language(value: int | Decimal, english: str, polish: str) -> None:
    assert (EN.number(value), PL.number(value)) == (english, polish)


def write_messages(directory: Path, lang: str, texts: dict[str, object]) -> None:
    (directory / f"{lang}.json").write_text(json.dumps(texts), encoding="utf-8")


def test_missing_translations_fall_back_to_english(tmp_path: Path) -> None:
    write_messages(
        tmp_path, "en", {"a": "A {x}", "n": {"one": "{count} thing", "other": "{count} things"}}
    )
    write_messages(tmp_path, "pl", {"a": "Ą {x}"})
    messages = Messages.load("pl", tmp_path)
    assert messages.text("a", x="1") == "Ą 1"
    # English text with English plural forms, the number written the Polish way.
    assert messages.text("n", count=12345) == "12\u00a0345 things"
    assert messages.text("n", count=1) == "1 thing"
    with pytest.raises(KeyError, match="nope"):
        messages.text("nope")


@pytest.mark.parametrize(
    ("polish", "error"),
    [
        ({"n": {"one": "x", "other": "y"}}, "pl needs"),
        ({"a": "{y}"}, "unknown placeholders"),
        ({"b": "B"}, "not an English message"),
        ({"a": 3}, "must be a string"),
    ],
)
def test_broken_translations_fail_at_load(
    tmp_path: Path, polish: dict[str, object], error: str
) -> None:
    write_messages(tmp_path, "en", {"a": "{x}", "n": {"one": "x", "other": "y"}})
    write_messages(tmp_path, "pl", polish)
    with pytest.raises(ValueError, match=error):
        Messages.load("pl", tmp_path)


def test_unknown_language_is_an_error() -> None:
    with pytest.raises(ValueError, match="'xx'"):
        Messages.load("xx")


def test_message_templates_survive_and_placeholders_must_be_given(tmp_path: Path) -> None:
    write_messages(tmp_path, "en", {"a": "{{tl|x}} {y}"})
    messages = Messages.load("en", tmp_path)
    assert messages.text("a", y="1") == "{{tl|x}} 1"
    with pytest.raises(KeyError, match=r"needs \{y\}"):
        messages.text("a")
