from __future__ import annotations

import pytest

from bot.publishing.markers import (
    BEGIN,
    END,
    MarkerError,
    replace_block,
    unified_diff,
)

BLOCK = '{| class="wikitable"\n| 1\n|}'


@pytest.mark.parametrize("page", [None, "", " \n\n "])
def test_missing_or_empty_page_becomes_the_marked_block(page: str | None) -> None:
    assert replace_block(page, BLOCK) == f"{BEGIN}\n{BLOCK}\n{END}"


def test_only_the_text_between_markers_changes() -> None:
    before = "Intro  with trailing spaces  \n\n== Results ==\n"
    after = "\n\n''Footer''\n[[Category:Contest]]\n"
    page = f"{before}{BEGIN}\nold table\nmore old\n{END}{after}"

    new = replace_block(page, BLOCK)

    assert new == f"{before}{BEGIN}\n{BLOCK}\n{END}{after}"


def test_replacing_twice_changes_nothing_more() -> None:
    page = replace_block("Intro", BLOCK + "\n\n")
    assert replace_block(page, BLOCK) == page


def test_page_without_markers_gets_the_block_appended_after_a_blank_line() -> None:
    assert replace_block("Intro text\n", BLOCK) == f"Intro text\n\n{BEGIN}\n{BLOCK}\n{END}"


def test_markers_edited_by_a_human_are_still_ours_and_kept_verbatim() -> None:
    page = "A\n<!--contestbot:begin-->\nold\n<!--  ContestBot:End  -->\nB"
    assert (
        replace_block(page, "new")
        == "A\n<!--contestbot:begin-->\nnew\n<!--  ContestBot:End  -->\nB"
    )


@pytest.mark.parametrize(
    ("page", "message"),
    [
        (f"x {BEGIN} y", "no <!-- contestbot:end -->"),
        (f"x {END} y", "no <!-- contestbot:begin -->"),
        (f"x {END} y {BEGIN} z", "before"),
        (f"{BEGIN} a {END} b {BEGIN} c {END}", "2 begin and 2 end"),
        (f"{BEGIN} a {BEGIN} b {END}", "2 begin and 1 end"),
        (f"{BEGIN} a {END} b {END}", "1 begin and 2 end"),
    ],
)
def test_broken_markers_refuse_to_write(page: str, message: str) -> None:
    with pytest.raises(MarkerError, match=message):
        replace_block(page, BLOCK)


@pytest.mark.parametrize("block", ["", "\n\n", "  \n \t"])
def test_an_empty_block_is_never_published(block: str) -> None:
    with pytest.raises(ValueError, match="empty") as raised:
        replace_block(f"{BEGIN}\nold\n{END}", block)
    assert not isinstance(raised.value, MarkerError)  # our bug, not the page's


def test_a_block_containing_a_marker_is_refused() -> None:
    with pytest.raises(ValueError, match="marker"):
        replace_block("page", f"table\n{END}\nmore")


def test_unified_diff_shows_the_changed_lines() -> None:
    diff = unified_diff("a\nold\nc", "a\nnew\nc", "pl:Wikiprojekt:Konkurs")
    assert diff.splitlines() == [
        "--- pl:Wikiprojekt:Konkurs (current)",
        "+++ pl:Wikiprojekt:Konkurs (new)",
        "@@ -1,3 +1,3 @@",
        " a",
        "-old",
        "+new",
        " c",
    ]


def test_unified_diff_of_equal_texts_is_empty() -> None:
    assert unified_diff("same\n", "same\n", "T") == ""
