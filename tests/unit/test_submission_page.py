"""Reading entries from submission pages: both layouts, messy lines, exact locations."""

from __future__ import annotations

import pytest

from bot.model import Entry, Location, ReviewItem
from bot.sources.problems import Problem, problem
from bot.sources.submission_page import EntryTemplate, ParsedPage, parse_submission_page
from bot.titles import WikiNames

EN = WikiNames(
    namespaces={
        "user": 2, "user talk": 3, "special": -1, "category": 14, "file": 6, "image": 6,
        "draft": 118, "project": 4, "wikipedia": 4, "wp": 4, "talk": 1, "template": 10,
    },
    local_names={
        2: "User", 3: "User talk", -1: "Special", 14: "Category", 6: "File", 118: "Draft",
        4: "Wikipedia", 1: "Talk", 10: "Template",
    },
    interwiki={"uk": "uk", "pl": "pl", "meta": "meta"},
    special_contributions=frozenset({"contributions", "contribs"}),
)  # fmt: skip

# The uk wiki's interwiki map lists the other contest wikis only, not "uk" itself.
UK = WikiNames(
    namespaces={
        "користувач": 2, "користувачка": 2, "user": 2,
        "обговорення користувача": 3, "обговорення користувачки": 3, "user talk": 3,
        "спеціальна": -1, "special": -1, "категорія": 14, "category": 14,
        "файл": 6, "file": 6, "image": 6,
    },
    local_names={
        2: "Користувач", 3: "Обговорення користувача", -1: "Спеціальна", 14: "Категорія", 6: "Файл",
    },
    interwiki={"en": "en", "pl": "pl", "meta": "meta"},
    special_contributions=frozenset({"contributions", "внесок"}),
)  # fmt: skip

NO_ARTICLE = problem("no-article-link")
NO_PARTICIPANT = problem("no-participant-line")


def parse(
    text: str,
    *,
    wiki: str = "en",
    names: WikiNames = EN,
    entry_template: EntryTemplate | None = None,
    owner: str | None = None,
) -> ParsedPage:
    return parse_submission_page(
        text, wiki=wiki, page="Contest/Entries", revision=7, names=names,
        entry_template=entry_template, owner=owner,
    )  # fmt: skip


def entries(
    text: str,
    *,
    wiki: str = "en",
    names: WikiNames = EN,
    entry_template: EntryTemplate | None = None,
    owner: str | None = None,
) -> list[tuple[str, str, str, int | None]]:
    """(article wiki, title, participant, line) of each entry."""
    page = parse(text, wiki=wiki, names=names, entry_template=entry_template, owner=owner)
    return [(e.wiki, e.title, e.participant, e.source.line) for e in page.entries]


def reviews(
    text: str, *, entry_template: EntryTemplate | None = None
) -> list[tuple[int | None, Problem]]:
    """(line, problem) of each review item."""
    page = parse(text, entry_template=entry_template)
    return [(r.source.line, Problem(r.problem, r.params)) for r in page.review]


def located(page: ParsedPage) -> list[tuple[int | None, str, Problem]]:
    """(line, text, problem) of each review item."""
    return [(r.source.line, r.text, Problem(r.problem, r.params)) for r in page.review]


def test_section_per_participant_reads_every_kind_of_list_line() -> None:
    text = (
        "== [[User:Alice|Alice]] ==\n"
        "# [[Foo]]\n* [[Bar]]\n## [[Nested]]\n#: [[Continued]]\n*# [[Mixed]]"
    )
    assert entries(text) == [
        ("en", "Foo", "Alice", 2),
        ("en", "Bar", "Alice", 3),
        ("en", "Nested", "Alice", 4),
        ("en", "Continued", "Alice", 5),
        ("en", "Mixed", "Alice", 6),
    ]
    assert parse(text).review == ()


def test_list_marker_after_stray_spaces_still_makes_a_list_line() -> None:
    assert entries("== [[User:Alice]] ==\n  # [[Foo]]") == [("en", "Foo", "Alice", 2)]


def test_entry_carries_its_location_and_the_line_as_written() -> None:
    page = parse("== [[User:Alice]] ==\n#   [[Foo]] (new)   \n")
    assert page.entries == (
        Entry("en", "Foo", "Alice", Location("en", "Contest/Entries", 2, 7), "#   [[Foo]] (new)"),
    )


def test_ukrainian_user_headings_with_local_names_and_aliases() -> None:
    text = (
        "=== [[Користувач:Олена]] ===\n# [[Стаття]]\n"
        "=== [[Користувачка:марія_Іваненко|Марія]] ===\n# [[Друга стаття]]\n"
        "=== [[User:Taras]] ===\n# [[Третя]]"
    )
    assert entries(text, wiki="uk", names=UK) == [
        ("uk", "Стаття", "Олена", 2),
        ("uk", "Друга стаття", "Марія Іваненко", 4),
        ("uk", "Третя", "Taras", 6),
    ]


def test_contributions_link_names_the_participant() -> None:
    assert entries("== [[Special:Contributions/Bob|Bob]] ==\n# [[Foo]]") == [
        ("en", "Foo", "Bob", 2)
    ]
    assert entries("== [[Спеціальна:Внесок/Bob]] ==\n# [[Foo]]", wiki="uk", names=UK) == [
        ("uk", "Foo", "Bob", 2)
    ]


def test_sub_heading_keeps_participant_and_same_level_heading_ends_the_section() -> None:
    text = "== [[User:Alice|Alice]] ==\n=== Week 1 ===\n# [[A]]\n== Rules ==\n# [[B]]"
    assert entries(text) == [("en", "A", "Alice", 3)]
    assert reviews(text) == [(5, NO_PARTICIPANT)]


def test_higher_level_heading_ends_the_section() -> None:
    text = "=== [[User:Alice]] ===\n# [[A]]\n== Next ==\n# [[B]]"
    assert entries(text) == [("en", "A", "Alice", 2)]
    assert reviews(text) == [(4, NO_PARTICIPANT)]


def test_nested_user_heading_then_plain_heading_returns_to_the_outer_participant() -> None:
    text = "== [[User:Alice]] ==\n=== [[User:Bob]] ===\n# [[A]]\n=== Week 2 ===\n# [[B]]"
    assert entries(text) == [("en", "A", "Bob", 3), ("en", "B", "Alice", 5)]


def test_heading_with_several_users_goes_to_review_and_names_nobody() -> None:
    text = "== [[User:Alice]] ==\n=== [[User:Bob]] and [[User:Carol]] ===\n# [[A]]"
    assert reviews(text) == [
        (2, problem("several-participants-heading", users="Bob, Carol")),
        (3, NO_PARTICIPANT),
    ]


def test_single_list_with_signatures() -> None:
    text = (
        "# [[Article]] — [[User:Bob|Bob]] ([[User talk:Bob|talk]]) 12:00, 1 April 2026 (UTC)\n"
        '# [[Other]] <small><span style="color:green">[[User:Carol|Carol]]</span></small> (UTC)\n'
        "# [[Third]] [[Special:Contribs/dave|Dave]]"
    )
    assert entries(text) == [
        ("en", "Article", "Bob", 1),
        ("en", "Other", "Carol", 2),
        ("en", "Third", "Dave", 3),
    ]


def test_signature_on_the_line_wins_over_the_heading() -> None:
    text = (
        "== [[User:Alice]] ==\n"
        "# [[A]]\n"
        "# [[B]] — [[User:Bob|Bob]] 12:00, 1 April 2026 (UTC)\n"
        "# [[C]]"
    )
    assert entries(text) == [
        ("en", "A", "Alice", 2),
        ("en", "B", "Bob", 3),
        ("en", "C", "Alice", 4),
    ]


def test_two_users_on_one_line_go_to_review() -> None:
    text = "== [[User:Alice]] ==\n# [[A]] — [[User:Bob|Bob]], [[User talk:carol|Carol]]"
    assert reviews(text) == [(2, problem("several-participants-line", users="Bob, Carol"))]


def test_user_subpage_is_an_article_candidate() -> None:
    text = "== [[User:Alice]] ==\n# [[User:Alice/Draft]]\n# [[user_talk:alice/Archive]]"
    assert entries(text) == [
        ("en", "User:Alice/Draft", "Alice", 2),
        ("en", "User talk:Alice/Archive", "Alice", 3),
    ]


def test_links_in_other_namespaces_are_article_candidates() -> None:
    text = (
        "== [[User:Alice]] ==\n"
        "# [[:Category:poets]]\n# [[Draft:Foo]]\n# [[Project:Foo]]\n# [[:File:X.jpg]]"
    )
    assert [title for _, title, _, _ in entries(text)] == [
        "Category:Poets",
        "Draft:Foo",
        "Wikipedia:Foo",
        "File:X.jpg",
    ]


def test_category_and_file_links_without_a_colon_are_not_article_links() -> None:
    text = (
        "== [[User:Alice]] ==\n"
        "# [[Foo]] [[Category:Poets]] [[File:X.jpg|thumb|a [[Bar]] caption]] [[Image:Y.png]]\n"
        "# [[Category:Poets]]"
    )
    assert entries(text) == [("en", "Foo", "Alice", 2)]
    assert parse(text).review == ()
    uk_text = "== [[Користувач:Олена]] ==\n# [[Стаття]] [[Категорія:Поети]] [[Файл:X.jpg|міні]]"
    assert entries(uk_text, wiki="uk", names=UK) == [("uk", "Стаття", "Олена", 2)]


def test_piped_and_interwiki_links_on_a_meta_page() -> None:
    text = (
        "== [[User:Bob|Bob]] ==\n"
        "# [[:uk:Стаття_про_місто|Стаття]]\n"
        "# [[pl:artykuł]]\n"
        "# [[:meta:Local page|here]]\n"
        "# [[Other local]]"
    )
    assert entries(text, wiki="meta") == [
        ("uk", "Стаття про місто", "Bob", 2),
        ("pl", "Artykuł", "Bob", 3),
        ("meta", "Local page", "Bob", 4),
        ("meta", "Other local", "Bob", 5),
    ]


def test_own_interwiki_prefix_on_a_uk_page_is_local() -> None:
    text = "== [[Користувач:Олена]] ==\n# [[uk:Стаття]]\n# [[:uk:Інша_стаття]]\n# [[:pl:Artykuł]]"
    assert entries(text, wiki="uk", names=UK) == [
        ("uk", "Стаття", "Олена", 2),
        ("uk", "Інша стаття", "Олена", 3),
        ("pl", "Artykuł", "Олена", 4),
    ]


def test_titles_are_normalised() -> None:
    text = (
        "== [[User:alice_smith]] ==\n"
        "# [[foo_bar#History|x]]\n"
        "# [[ \u200eBaz \u00a0 qux\u200f ]]\n"
        "# [[Foo &amp; Bar]]\n"
        "# [[%D0%A1%D1%82%D0%B0%D1%82%D1%82%D1%8F]]"
    )
    assert entries(text) == [
        ("en", "Foo bar", "Alice smith", 2),
        ("en", "Baz qux", "Alice smith", 3),
        ("en", "Foo & Bar", "Alice smith", 4),
        ("en", "Стаття", "Alice smith", 5),
    ]


def test_titles_with_a_colon_that_are_not_prefixes() -> None:
    text = "== [[User:Alice]] ==\n# [[Star Wars: Episode I]]\n# [[Tao: The Way]]"
    assert entries(text) == [
        ("en", "Star Wars: Episode I", "Alice", 2),
        ("en", "Tao: The Way", "Alice", 3),
    ]


def test_the_same_article_linked_twice_is_one_entry_and_section_links_are_ignored() -> None:
    text = "== [[User:Alice]] ==\n# [[Foo]] ([[foo|the same]]) see [[#Rules|rules]]"
    assert entries(text) == [("en", "Foo", "Alice", 2)]


def test_comments_spanning_lines_shift_nothing() -> None:
    text = (
        "== [[User:Alice]] ==\n"  # 1
        "<!-- add your articles below, like this:\n"  # 2
        "# [[Example]]\n"  # 3
        "-->\n"  # 4
        "# [[Real]] <!-- my first -->\n"  # 5
        "# [[Joined]] <!-- a comment\n"  # 6
        "that ends here --> [[User:Bob|Bob]]\n"  # 7: joined to line 6, as MediaWiki reads it
        "# [[After]]\n"  # 8
        "# [[Last]] <!-- never closed\n"  # 9
        "# [[Hidden]]"  # 10
    )
    page = parse(text)
    assert [(e.title, e.participant, e.source.line, e.text) for e in page.entries] == [
        ("Real", "Alice", 5, "# [[Real]] <!-- my first -->"),
        # The text holds every line the comment joins: the participant is on the second.
        ("Joined", "Bob", 6, "# [[Joined]] <!-- a comment\nthat ends here --> [[User:Bob|Bob]]"),
        ("After", "Alice", 8, "# [[After]]"),
        ("Last", "Alice", 9, "# [[Last]] <!-- never closed\n# [[Hidden]]"),
    ]
    assert page.review == ()


def test_nowiki_and_pre_content_is_not_read() -> None:
    text = (
        "== [[User:Alice]] ==\n"
        "# <nowiki>[[Not this]]</nowiki> [[This]]<ref>[[Source]]</ref>\n"
        "<pre>\n# [[Example]]\n# [[Foo\n</pre>\n"
        "# [[After]]"
    )
    assert entries(text) == [("en", "This", "Alice", 2), ("en", "After", "Alice", 7)]
    assert parse(text).review == ()


def test_wholly_struck_lines_are_withdrawn() -> None:
    text = (
        "== [[User:Alice]] ==\n"
        "# <s>[[A]]</s>\n"
        "# <del>[[B]] — [[User:Alice]]</del>\n"
        "# <strike>[[C]]</strike> withdrawn, too short\n"
        "# <S>[[D]] [[E]]</S>\n"
        "# <s>[[F]]</s> [[User:Alice]] 12:00, 1 April 2026 (UTC)"
    )
    assert parse(text) == ParsedPage((), ())


def test_struck_parts_of_a_line_are_removed_before_reading_it() -> None:
    text = "== [[User:Alice]] ==\n# [[A]] <s>[[B]]</s>\n# <s>[[Old title]]</s> [[New title]]"
    assert entries(text) == [("en", "A", "Alice", 2), ("en", "New title", "Alice", 3)]


def test_list_inside_a_container_tag_is_read_line_by_line() -> None:
    text = '== [[User:Alice]] ==\n<div style="column-count:2">\n# [[A]]\n# [[B]]\n</div>\n# [[C]]'
    assert entries(text) == [
        ("en", "A", "Alice", 3),
        ("en", "B", "Alice", 4),
        ("en", "C", "Alice", 6),
    ]


@pytest.mark.parametrize(
    ("line", "problems"),
    [
        ("# Foo bar", [NO_ARTICLE]),
        ("# Foo — [[User:Bob]]", [NO_ARTICLE]),
        ("# 1. Foo — [[User:Bob]] 12:00, 1 April 2026 (UTC)", [NO_ARTICLE]),
        ("# {{Article|Foo}}", [NO_ARTICLE]),
        ("# [[Foo", [problem("unclosed-link", link="[[Foo")]),
        ("# [[Foo]] and [[Bar", [problem("unclosed-link", link="[[Bar")]),
        ("# [[A]] [[b_c|B]]", [problem("several-articles-line", articles="A, B c")]),
        ("# [[A]] [[:uk:Б]]", [problem("several-articles-line", articles="A, uk:Б")]),
        ("# [[{{x}}]]", [problem("invalid-link-target", target="{{x}}")]),
        ("# [[a<b]]", [problem("invalid-link-target", target="a<b")]),
        ("# [[]]", [problem("empty-link-target")]),
        ("# [[ _ ]] [[ ]]", [problem("empty-link-target")]),
        ("# [[:de:Foo]]", [problem("link-to-other-wiki", prefix="de")]),
        ("# [[de:Foo]]", [problem("link-to-other-wiki", prefix="de")]),
        ("# [[:be-tarask:Foo]]", [problem("link-to-other-wiki", prefix="be-tarask")]),
        (
            "# [[A]] [[B]] — [[User:Bob]] [[User:Carol]]",
            [problem("several-participants-line", users="Bob, Carol"),
             problem("several-articles-line", articles="A, B")],
        ),
    ],
)  # fmt: skip
def test_lines_that_cannot_be_understood_go_to_review(line: str, problems: list[Problem]) -> None:
    page = parse(f"== [[User:Alice]] ==\n{line}")
    assert page.entries == ()
    location = Location("en", "Contest/Entries", 2, 7)
    assert page.review == tuple(p.at(location, line) for p in problems)


def test_each_problem_is_a_review_item_of_its_own_with_its_values_as_written() -> None:
    line = "# [[A]] [[B]] — [[User:Bob]] [[User:Carol]]"
    location = Location("en", "Contest/Entries", 2, 7)
    assert parse(f"== [[User:Alice]] ==\n{line}").review == (
        ReviewItem(location, line, "several-participants-line", (("users", "Bob, Carol"),)),
        ReviewItem(location, line, "several-articles-line", (("articles", "A, B"),)),
    )


def test_valid_link_with_empty_pipe_is_an_entry() -> None:
    assert entries("== [[User:Alice]] ==\n# [[Foo|]]") == [("en", "Foo", "Alice", 2)]


def test_line_without_participant_gives_every_problem() -> None:
    assert reviews("# [[Z]]\n# Foo bar") == [
        (1, NO_PARTICIPANT),
        (2, NO_ARTICLE),
        (2, NO_PARTICIPANT),
    ]


def test_lines_that_are_not_entries_are_ignored() -> None:
    text = (
        "Write your articles below. See [[Foo]] by [[User:Bob]].\n"
        "#\n"
        "* \n"
        "* 12:00, 1 April 2026 (UTC)\n"
        "# [[User:Bob|Bob]] ([[User talk:Bob|talk]]) 12:00, 1 April 2026 (UTC)\n"
        "# 2026. április 1., 12:00 (CEST)\n"
        "* 2026年4月1日 (三) 12:00 (UTC)\n"
        "{{Contest rules|[[Foo]]}}\n"
        '{| class="wikitable"\n! Article !! Participant\n|-\n| Notes || [[User:Bob]]\n|}\n'
        ": [[Indented]] [[User:Bob]]\n"
        "; [[Term]]\n"
        "== Results ==\n"
        " [[Foo]] [[User:Bob]]"
    )
    assert parse(text) == ParsedPage((), ())


def test_both_layouts_on_one_page() -> None:
    text = (
        "== Entries ==\n"
        "# [[A]] — [[User:Bob|Bob]] 12:00, 1 April 2026 (UTC)\n"
        "== [[User:Alice]] ==\n"
        "# [[B]]\n"
        "# [[C]] — [[User:Carol]]\n"
        "# Foo\n"
    )
    assert entries(text) == [
        ("en", "A", "Bob", 2),
        ("en", "B", "Alice", 4),
        ("en", "C", "Carol", 5),
    ]
    assert reviews(text) == [(6, NO_ARTICLE)]


def test_user_subpage_owner_is_the_participant_of_lines_naming_nobody() -> None:
    text = "# [[A]]\n# [[B]] — [[User:Bob|Bob]]\n== [[User:Carol]] ==\n# [[C]]"
    assert entries(text, owner="alice_smith") == [
        ("en", "A", "Alice smith", 1),
        ("en", "B", "Bob", 2),
        ("en", "C", "Carol", 4),
    ]


# Tables: a row per entry.

NO_PARTICIPANT_IN_ROW = problem("no-participant-row")


def test_table_rows_on_one_line_name_their_participant() -> None:
    cells = (
        '| style="background:#efe" | [[:uk:Стаття_про_місто|Стаття]] '
        "|| [[Special:Contributions/Carol|Carol]]"
    )
    text = (
        "== Entries ==\n"  # 1
        '{| class="wikitable sortable"\n'  # 2
        "! Article !! Participant !! Date\n"  # 3
        "|-\n"  # 4
        "| [[Foo]] || [[User:Bob|Bob]] || 1 April\n"  # 5
        "|-\n"  # 6
        f"{cells}\n"  # 7
        "|}\n"  # 8
        "# [[After]] — [[User:Dave]]"  # 9
    )
    assert parse(text) == ParsedPage(
        (
            Entry("en", "Foo", "Bob", Location("en", "Contest/Entries", 5, 7),
                  "| [[Foo]] || [[User:Bob|Bob]] || 1 April"),
            Entry("uk", "Стаття про місто", "Carol", Location("en", "Contest/Entries", 7, 7),
                  cells),
            Entry("en", "After", "Dave", Location("en", "Contest/Entries", 9, 7),
                  "# [[After]] — [[User:Dave]]"),
        ),
        (),
    )  # fmt: skip


def test_table_rows_with_a_cell_per_line_take_the_participant_from_the_heading() -> None:
    text = (
        "== [[User:Alice|Alice]] ==\n"  # 1
        "{|\n"  # 2
        "| [[Implicit first row]]\n"  # 3: cells before any "|-" are a row
        "|-\n"  # 4
        "|\n"  # 5
        "[[Spread]] <!-- a comment\n"  # 6
        "over lines -->\n"  # 7
        "| 2 April\n"  # 8
        "|-\n"  # 9
        "| [[Last]]\n"  # 10
        "| [[User:Bob]]\n"  # 11
        "|}\n"  # 12
        "# [[After]]"  # 13
    )
    page = parse(text)
    assert [(e.title, e.participant, e.source.line, e.text) for e in page.entries] == [
        ("Implicit first row", "Alice", 3, "| [[Implicit first row]]"),
        ("Spread", "Alice", 5, "|\n[[Spread]] <!-- a comment\nover lines -->\n| 2 April"),
        ("Last", "Bob", 10, "| [[Last]]\n| [[User:Bob]]"),
        ("After", "Alice", 13, "# [[After]]"),
    ]
    assert page.review == ()


def test_table_row_text_is_its_cell_lines_without_the_row_separator() -> None:
    text = (
        "{| class=wikitable\n"  # 1
        "|-\n"  # 2
        "|\n"  # 3
        "  [[Foo]]  \n"  # 4
        "| [[User:Bob]]\n"  # 5
        "|-\n"  # 6
        "|\n"  # 7
        "[[Bar]]\n"  # 8
        "| [[User:Carol]]\n"  # 9
        "\n"  # 10: a blank line ends no row
        "|}"
    )
    assert [(e.title, e.participant, e.source.line, e.text) for e in parse(text).entries] == [
        ("Foo", "Bob", 3, "|\n[[Foo]]\n| [[User:Bob]]"),
        ("Bar", "Carol", 7, "|\n[[Bar]]\n| [[User:Carol]]"),
    ]


def test_html_table_rows_are_read_like_wiki_table_rows() -> None:
    text = (
        "== [[User:Alice]] ==\n"  # 1
        "<table>\n"  # 2
        "<tr><th>Article</th><th>Participant</th></tr>\n"  # 3
        "<tr><td>[[Foo]]</td><td>[[User:Bob]]</td></tr>\n"  # 4
        "<tr>\n"  # 5
        "<td>[[Bar]]</td>\n"  # 6
        "</tr>\n"  # 7
        "</table>"  # 8
    )
    assert entries(text) == [("en", "Foo", "Bob", 4), ("en", "Bar", "Alice", 6)]


def test_table_rows_without_an_article_link_are_headers_notes_or_withdrawn() -> None:
    text = (
        "== [[User:Alice]] ==\n"
        '{| class="wikitable"\n'
        "|+ Entries, see the [[Rules]]\n"
        "! Article !! Points\n"
        "|-\n"
        "| ''none yet'' || 0\n"
        "|-\n"
        "| <s>[[Withdrawn]]</s> || [[User:Alice]]\n"
        "|-\n"
        "|}"
    )
    assert parse(text) == ParsedPage((), ())


def test_table_rows_that_cannot_be_understood_go_to_review_at_their_first_cell() -> None:
    text = (
        "{| class=wikitable\n"  # 1
        "|-\n"  # 2
        "| [[Foo]]\n"  # 3
        "|-\n"  # 4
        "| [[A]] || [[B]] || [[User:Bob]]\n"  # 5
        "|-\n"  # 6
        "| [[Baz || [[User:Bob]]\n"  # 7
        "|-\n"  # 8
        "| [[C]] || [[User:Bob]] [[User:Carol]]\n"  # 9
        "|-\n"  # 10
        "| [[:de:Foo]] || [[User:Bob]]\n"  # 11
        "|-\n"  # 12
        "| [[Qux | [[User:Bob]]\n"  # 13: the parser takes "[[Qux" for the cell's attributes
        "|-\n"  # 14
        "| 3\n"  # 15
        "| [[D]] || [[User:Bob\n"  # 16
        "|}"
    )
    assert parse(text).entries == ()
    assert located(parse(text)) == [
        (3, "| [[Foo]]", NO_PARTICIPANT_IN_ROW),
        (5, "| [[A]] || [[B]] || [[User:Bob]]", problem("several-articles-row", articles="A, B")),
        (7, "| [[Baz || [[User:Bob]]", problem("unclosed-link", link="[[Baz")),
        (9, "| [[C]] || [[User:Bob]] [[User:Carol]]",
         problem("several-participants-row", users="Bob, Carol")),
        (11, "| [[:de:Foo]] || [[User:Bob]]", problem("link-to-other-wiki", prefix="de")),
        (13, "| [[Qux | [[User:Bob]]", problem("unclosed-link", link="[[Qux")),
        (15, "| 3\n| [[D]] || [[User:Bob", problem("unclosed-link", link="[[User:Bob")),
        (15, "| 3\n| [[D]] || [[User:Bob", NO_PARTICIPANT_IN_ROW),
    ]  # fmt: skip


# A template per entry.

NO_ARTICLE_IN_TEMPLATE = problem("no-article-template")
NO_PARTICIPANT_IN_TEMPLATE = problem("no-participant-template")
UNCLOSED_CALL = problem("unclosed-template-call", call="{{Entry")
ENTRY = EntryTemplate(
    names=frozenset({"entry", "contest entry"}), article=("article",), participant=("user",)
)


def test_entry_templates_declare_with_their_arguments() -> None:
    text = (
        "== Entries ==\n"  # 1
        "{{Entry|article=Foo bar|user=[[User:Bob|Bob]]}}\n"  # 2
        "# {{ entry | Article = [[foo_baz|Baz]] |  USER = carol }}\n"  # 3
        "* {{Template:Contest_entry|article=:uk:Стаття|user=User:Dave}}\n"  # 4: a redirect
        "{{Entry|article=Qux<!-- not Quux -->|user=<!-- you -->Erin}} {{Entry|article=Z|user=Erin}}"
    )
    page = parse(text, entry_template=ENTRY)
    assert page.entries[0] == Entry(
        "en", "Foo bar", "Bob", Location("en", "Contest/Entries", 2, 7),
        "{{Entry|article=Foo bar|user=[[User:Bob|Bob]]}}",
    )  # fmt: skip
    assert entries(text, entry_template=ENTRY) == [
        ("en", "Foo bar", "Bob", 2),
        ("en", "Foo baz", "Carol", 3),
        ("uk", "Стаття", "Dave", 4),
        ("en", "Qux", "Erin", 5),
        ("en", "Z", "Erin", 5),
    ]
    assert page.review == ()


def test_entry_template_participant_from_the_signature_or_the_heading() -> None:
    text = (
        "== [[User:Alice]] ==\n"
        "{{Entry|article=A}}\n"
        "{{Entry|article=B}} — [[User:Bob|Bob]] 12:00, 1 April 2026 (UTC)\n"
        "{{Entry|article=C|user=Carol}} — [[User:Bob|Bob]] 12:00, 1 April 2026 (UTC)\n"
        "# {{Entry|article=D}} {{Entry|article=E}} [[User:Dave]]"
    )
    assert entries(text, entry_template=ENTRY) == [
        ("en", "A", "Alice", 2),
        ("en", "B", "Bob", 3),
        ("en", "C", "Carol", 4),
        ("en", "D", "Dave", 5),
        ("en", "E", "Dave", 5),
    ]


def test_entry_template_with_positional_arguments_in_local_names() -> None:
    template = EntryTemplate(frozenset({"стаття"}), article=("1",), participant=("2",))
    text = "# {{Стаття|Друга_стаття|[[Користувачка:Олена|Олена]]}}\n# {{стаття|[[Третя]]|Taras}}"
    assert entries(text, wiki="uk", names=UK, entry_template=template) == [
        ("uk", "Друга стаття", "Олена", 1),
        ("uk", "Третя", "Taras", 2),
    ]


def test_multi_line_entry_template_is_located_at_its_first_line() -> None:
    text = "== [[User:Alice]] ==\n{{Entry\n|article=Foo\n|user=Bob\n}}\n# [[After]]"
    page = parse(text, entry_template=ENTRY)
    assert [(e.title, e.participant, e.source.line, e.text) for e in page.entries] == [
        ("Foo", "Bob", 2, "{{Entry\n|article=Foo\n|user=Bob\n}}"),
        ("After", "Alice", 6, "# [[After]]"),
    ]


def test_multi_line_entry_templates_each_carry_their_own_lines() -> None:
    text = (
        "== [[User:Alice]] ==\n"  # 1
        "{{Entry\n"  # 2
        "|article=Foo\n"  # 3
        "}}\n"  # 4
        "# {{Entry\n"  # 5
        "  | article = Bar\n"  # 6
        "  | user = Bob }} {{Entry|article=Baz}}"  # 7
    )
    page = parse(text, entry_template=ENTRY)
    assert [(e.title, e.participant, e.source.line, e.text) for e in page.entries] == [
        ("Foo", "Alice", 2, "{{Entry\n|article=Foo\n}}"),
        ("Bar", "Bob", 5, "# {{Entry\n| article = Bar\n| user = Bob }} {{Entry|article=Baz}}"),
        ("Baz", "Alice", 7, "| user = Bob }} {{Entry|article=Baz}}"),
    ]


def test_entry_templates_in_table_rows_are_read_as_on_list_lines() -> None:
    row = "| {{Entry\n|article=Baz}}\n| [[User:Dave]]"
    text = (
        '{| class="wikitable"\n'  # 1
        "! Entry !! Participant\n"  # 2
        "|-\n"  # 3
        "| {{Entry|article=Foo|user=Bob}}\n"  # 4
        "|-\n"  # 5
        "| {{Entry|article=Bar}} || [[User:Carol]]\n"  # 6: the row names the participant
        "|-\n"  # 7
        f"{row}\n"  # 8-10
        "|-\n"  # 11
        "| {{Entry|article=Qux}} || [[Not a user]]\n"  # 12
        "|-\n"  # 13
        "| {{Entry|article=Quux|user=Erin\n"  # 14
        "|}"
    )
    page = parse(text, entry_template=ENTRY)
    assert [(e.title, e.participant, e.source.line, e.text) for e in page.entries] == [
        ("Foo", "Bob", 4, "| {{Entry|article=Foo|user=Bob}}"),
        ("Bar", "Carol", 6, "| {{Entry|article=Bar}} || [[User:Carol]]"),
        ("Baz", "Dave", 8, row),
    ]
    assert located(page) == [
        (12, "| {{Entry|article=Qux}} || [[Not a user]]", problem("no-participant-template-row")),
        (14, "| {{Entry|article=Quux|user=Erin", UNCLOSED_CALL),
    ]


def test_calls_in_a_table_row_are_located_at_their_lines_and_carry_the_whole_row() -> None:
    row = "| {{Entry|article=A}}\n| {{Entry|article=B}}\n| [[User:Bob]]"
    page = parse(f"{{|\n|-\n{row}\n|}}", entry_template=ENTRY)
    assert [(e.title, e.participant, e.source.line, e.text) for e in page.entries] == [
        ("A", "Bob", 3, row),
        ("B", "Bob", 4, row),
    ]


def test_other_templates_leave_a_line_a_list_line() -> None:
    text = "== [[User:Alice]] ==\n# {{Article|Foo}}\n# [[Bar]] {{new}}"
    assert reviews(text, entry_template=ENTRY) == [(2, NO_ARTICLE)]
    assert entries(text, entry_template=ENTRY) == [("en", "Bar", "Alice", 3)]


@pytest.mark.parametrize(
    ("line", "problems"),
    [
        ("{{Entry|user=Bob}}", [NO_ARTICLE_IN_TEMPLATE]),
        ("{{Entry|article=|user=Bob}}", [NO_ARTICLE_IN_TEMPLATE]),
        ("{{Entry|article=<!-- title -->|user=Bob}}", [NO_ARTICLE_IN_TEMPLATE]),
        ("{{Entry|article={{PAGENAME}}|user=Bob}}",
         [problem("invalid-link-target", target="{{PAGENAME}}")]),
        ("{{Entry|article=[[Foo|user=Bob}}", [problem("unclosed-link", link="[[Foo")]),
        ("{{Entry|article=[[:de:Foo]]|user=Bob}}", [problem("link-to-other-wiki", prefix="de")]),
        ("{{Entry|article=Foo|article 2=Bar|user=Bob}}",
         [problem("several-articles-template", articles="Foo, Bar")]),
        ("{{Entry|article=Foo|user={{u|Bob}}}}",
         [problem("not-a-user-name", value="{{u|Bob}}"), NO_PARTICIPANT_IN_TEMPLATE]),
        ("{{Entry|article=Foo|user=[[User:Bob]] [[User:Carol]]}}",
         [problem("several-participants-template", users="Bob, Carol")]),
        ("{{Entry|article=Foo}}", [NO_PARTICIPANT_IN_TEMPLATE]),
        ("{{Entry|article=Foo|user=Bob", [UNCLOSED_CALL]),
        ("# {{Entry|article=Foo|user=Bob}", [UNCLOSED_CALL]),
    ],
)  # fmt: skip
def test_entry_templates_that_cannot_be_understood_go_to_review(
    line: str, problems: list[Problem]
) -> None:
    page = parse(f"== Entries ==\n{line}", entry_template=ENTRY)
    location = Location("en", "Contest/Entries", 2, 7)
    assert page == ParsedPage((), tuple(p.at(location, line) for p in problems))
