"""The items of CEE Spring list pages, in the many shapes organizers write them."""

from __future__ import annotations

import pytest

from bot.facts.api import WikiReadError
from bot.facts.topic_lists import ParsedList, TopicListError, parse_topic_items


def test_one_call() -> None:
    assert parse_topic_items("{{#invoke:WikimediaCEETable|table|Q1|Q2|Q3}}") == ParsedList(
        ("Q1", "Q2", "Q3"))


def test_a_real_looking_page() -> None:
    page = """{{Wikimedia CEE Spring 2026/Header}}
Articles about '''Albania''' ([[Q222]] is not read: it is a link).
<!-- Organizers: add items below, one per line -->
=== Culture ===
{{#invoke:WikimediaCEETable|table
|Q19689 <!-- Tirana -->
| q172
|Q19689
|Q12x
|lang=sq
|
}}
=== History ===
{{ #invoke: wikimediaCEETable | table |Q172| Q187035 |Q3|| Q4
}}
<!--
{{#invoke:WikimediaCEETable|table|Q999}}
-->
<nowiki>{{#invoke:WikimediaCEETable|table|Q998}}</nowiki>
[[Category:Wikimedia CEE Spring 2026]]
"""
    assert parse_topic_items(page) == ParsedList(
        ("Q19689", "Q172", "Q187035", "Q3", "Q4"),
        ('line 9: "Q12x" is not a Wikidata id',),
    )


def test_calls_inside_other_markup_count() -> None:
    page = ('<div class="box">{{#invoke:WikimediaCEETable|table|Q5}}</div>\n'
            "{{Collapsible|content={{#invoke:WikimediaCEETable|table|Q6}}}}")
    assert parse_topic_items(page).items == ("Q5", "Q6")


@pytest.mark.parametrize("call", [
    "{{#invoke:WikimediaCEETable|table|Q7}}",
    "{{#invoke:wikimediaCEETable|table|Q7}}",  # a title's first letter is case-insensitive
    "{{#INVOKE:WikimediaCEETable|table|Q7}}",  # so is the parser function's name
    "{{ #invoke : WikimediaCEETable | table | Q7 }}",
    "{{#invoke:WikimediaCEETable\n|table\n|q7\n}}",
    "{{#invoke:WikimediaCEETable|<!-- the function -->table|<!-- x -->Q7<!-- y -->}}",
])
def test_call_shapes(call: str) -> None:
    assert parse_topic_items(call) == ParsedList(("Q7",))


@pytest.mark.parametrize("value", ["Q0", "Q01", "Q", "Q12x", "P31", "L5", "12",
                                   "Q1 Q2", "[[d:Q1]]", "{{Q|1}}", "Q-1", "Q1.5"])
def test_values_that_are_not_item_ids_are_located_problems(value: str) -> None:
    parsed = parse_topic_items(f"Intro\n{{{{#invoke:WikimediaCEETable|table|Q1\n|{value}}}}}")
    assert parsed == ParsedList(("Q1",), (f'line 3: "{value}" is not a Wikidata id',))


def test_named_parameters_and_empty_values_are_ignored() -> None:
    parsed = parse_topic_items(
        "{{#invoke:WikimediaCEETable|table|Q1|||title=Albania: culture|lang = sq|Q2|}}")
    assert parsed == ParsedList(("Q1", "Q2"))


def test_items_are_deduplicated_across_calls_in_first_seen_order() -> None:
    page = ("{{#invoke:WikimediaCEETable|table|Q3|Q1}}\ntext\n"
            "{{#invoke:WikimediaCEETable|table|q1|Q2|Q3}}")
    assert parse_topic_items(page).items == ("Q3", "Q1", "Q2")


def test_other_templates_and_modules_are_not_lists() -> None:
    page = ("{{#invoke:Other|table|Q1}} {{WikimediaCEETable|table|Q2}} "
            "{{#invoke:WIKIMEDIACEETABLE|table|Q3}} {{#invoke:WikimediaCEETable|table|Q4}}")
    assert parse_topic_items(page).items == ("Q4",)


def test_another_function_of_the_module_is_reported() -> None:
    page = "{{#invoke:WikimediaCEETable|table|Q1}}\n{{#invoke:WikimediaCEETable|tabel|Q2}}"
    assert parse_topic_items(page) == ParsedList(
        ("Q1",), ('line 2: the call is to "tabel", not "table"; its items are not read',))


def test_a_page_without_items_is_a_problem_not_a_silent_empty_list() -> None:
    assert parse_topic_items("Nothing here yet. <!-- {{#invoke:WikimediaCEETable|table|Q1}} -->"
                             ) == ParsedList((), ("no {{#invoke:WikimediaCEETable|table|…}} call",))
    assert parse_topic_items("{{#invoke:WikimediaCEETable|table|\n}}") == ParsedList(
        (), ("the calls list no Wikidata ids",))


def test_line_numbers_count_the_lines_of_earlier_calls() -> None:
    page = ("{{#invoke:WikimediaCEETable|table\n|Q1\n|Q2\n}}\n"
            "<!-- a\ncomment -->\n"
            "{{#invoke:WikimediaCEETable|table|Q3\n|bad}}")
    assert parse_topic_items(page).problems == ('line 8: "bad" is not a Wikidata id',)


def test_the_error_of_a_missing_page_says_which_and_why() -> None:
    error = TopicListError("Wikimedia CEE Spring 2026/Structure/Atlantis", "does not exist")
    assert isinstance(error, WikiReadError)  # callers keep the last good data
    assert str(error) == "Wikimedia CEE Spring 2026/Structure/Atlantis: does not exist"
