from __future__ import annotations

import html

import mwparserfromhell
import pytest
from mwparserfromhell.nodes import HTMLEntity, Tag, Text

from bot.reports.wikitext import cell, escape, link, plain, table
from tests.unit.reports_sample import (
    NASTY,
    RLO,
)


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
    assert link("", "", "pl") == "pl"
    assert link("pl", "", "pl") == "[[:pl:|pl]]"  # the wiki's main page


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


def test_cells_with_attributes() -> None:
    assert cell("1,534", sort="1534") == 'data-sort-value="1534" | 1,534'
    assert cell("", style="background:#eee") == 'style="background:#eee" | '
    assert cell("x") == "x"
    with pytest.raises(ValueError, match="not attribute values"):
        cell("x", style='a" onclick="b')
    assert table("c", ["a"], [["x"]], footer=[["t"]]).splitlines()[-3:] == [
        '|- class="sortbottom"', "| t", "|}"]
