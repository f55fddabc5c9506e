"""Where definitions and registries live: ``family:code:Title`` pages and local files."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import SiteRef
from bot.contests.locations import (
    LocationText,
    PageRef,
    UnreadableLocation,
    parse_location,
    parse_page_ref,
    read_location,
)


def test_page_ref_keeps_the_colons_of_the_title() -> None:
    ref = parse_page_ref("wikipedia:pl:Wikipedia:CEE Spring 2026/Bot definition")
    assert ref == PageRef(SiteRef(code="pl", family="wikipedia"),
                          "Wikipedia:CEE Spring 2026/Bot definition")
    assert str(ref) == "wikipedia:pl:Wikipedia:CEE Spring 2026/Bot definition"


def test_page_ref_round_trips_and_is_hashable() -> None:
    ref = parse_page_ref(" meta : meta : CEE Spring 2026/Registry ")
    assert str(ref) == "meta:meta:CEE Spring 2026/Registry"
    assert parse_page_ref(str(ref)) == ref
    assert len({ref, parse_page_ref(str(ref))}) == 1


@pytest.mark.parametrize("text", ["contest.yaml", "meta:Title", "meta::Title", ":pl:Title",
                                  "meta:meta:", "meta:meta:   ", "Wiki pedia:pl:Title",
                                  "wikipedia:p l:Title"])
def test_not_a_page_ref(text: str) -> None:
    with pytest.raises(ValueError, match="is not a wiki page: write family:code:Title"):
        parse_page_ref(text)


def test_location_is_an_existing_file_or_a_page(tmp_path: Path) -> None:
    path = tmp_path / "contest.yaml"
    path.write_text("name: x\n", encoding="utf-8")
    assert parse_location(str(path)) == path
    assert parse_location("devwiki:meta:Contest/Definition") == PageRef(
        SiteRef(code="meta", family="devwiki"), "Contest/Definition")
    with pytest.raises(ValueError, match='"missing.yaml" is neither an existing file nor a '
                                         r"wiki page \(family:code:Title\)"):
        parse_location("missing.yaml")
    with pytest.raises(ValueError, match="neither an existing file"):
        parse_location(str(tmp_path))  # a folder is not a definition


def test_file_text_or_why_it_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "contest.json"
    path.write_text('{"name": "Łódź"}', encoding="utf-8")
    assert read_location(path) == LocationText('{"name": "Łódź"}', None)
    with pytest.raises(UnreadableLocation, match="No such file"):
        read_location(tmp_path / "gone.json")
    path.write_bytes(b'{"name": "\xff"}')
    with pytest.raises(UnreadableLocation, match=r"not UTF-8 text \(byte 10\)"):
        read_location(path)
