"""Topic lists read from Meta-Wiki pages: batched, through redirects, and never empty by mistake."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sites import bot_site

from bot.config import parse_config
from bot.facts.topic_lists import (
    ParsedList,
    TopicListError,
    load_topic_lists,
    read_topic_pages,
)
from bot.model import TopicItems
from devwiki.dump import Page, Revision
from devwiki.farm import Farm

WHEN = datetime(2026, 2, 20, 12, tzinfo=UTC)
ALBANIA = "Wikimedia CEE Spring 2026/Structure/Albania"
LATVIA = "Wikimedia CEE Spring 2026/Structure/Latvia"
SHORTCUT = "CEE Spring 2026/Albania"  # a redirect to ALBANIA
MISSING = "Wikimedia CEE Spring 2026/Structure/Atlantis"

ALBANIA_TEXT = """Topics about Albania. <!-- {{#invoke:WikimediaCEETable|table|Q999}} -->
== Culture ==
{{#invoke:WikimediaCEETable|table
|Q19689 <!-- Tirana -->
|q172
}}
== Nature ==
{{#invoke:wikimediaCEETable|table|Q172|Q12x|Q187035}}
"""


@pytest.fixture
def meta(clean_farm: Farm) -> Farm:
    clean_farm.import_pages("meta", [
        Page(ALBANIA, [Revision(WHEN, "Organizer", "{{#invoke:WikimediaCEETable|table|Q1}}"),
                       Revision(WHEN.replace(day=21), "Organizer", ALBANIA_TEXT)]),
        Page(LATVIA, [Revision(WHEN, "Organizer",
                               "{{#invoke:WikimediaCEETable|table|Q1822|Q211}}")]),
        Page(SHORTCUT, [Revision(WHEN, "Organizer", f"#REDIRECT [[{ALBANIA}]]")]),
    ])
    return clean_farm


def test_two_list_pages_take_one_request(meta: Farm) -> None:
    site = bot_site("meta")
    read_topic_pages(site, [LATVIA])  # pywikibot's paraminfo of prop=revisions, read once
    before = meta.request_count("meta")
    lists = read_topic_pages(site, [ALBANIA, LATVIA])
    assert meta.request_count("meta") - before == 1
    assert lists == {
        # The latest revision, in first-seen order, without duplicates or comments.
        ALBANIA: ParsedList(("Q19689", "Q172", "Q187035"),
                            ('line 8: "Q12x" is not a Wikidata id',)),
        LATVIA: ParsedList(("Q1822", "Q211")),
    }


def test_a_redirect_is_read_as_its_target(meta: Farm) -> None:
    import pywikibot

    lists = read_topic_pages(pywikibot.Site("meta", "devwiki"), [SHORTCUT])
    assert lists[SHORTCUT].items == ("Q19689", "Q172", "Q187035")


def test_a_missing_list_page_is_an_error_not_an_empty_list(meta: Farm) -> None:
    import pywikibot

    with pytest.raises(TopicListError) as caught:
        read_topic_pages(pywikibot.Site("meta", "devwiki"), [LATVIA, MISSING])
    assert (caught.value.title, caught.value.reason) == (MISSING, "does not exist")
    with pytest.raises(TopicListError, match="is not a valid title"):
        read_topic_pages(pywikibot.Site("meta", "devwiki"), ["Structure/<Albania>"])


def test_contest_lists_and_the_wikis_that_cannot_use_them(meta: Farm) -> None:
    import pywikibot

    config = parse_config({
        "name": "Demo",
        "window": {"start": "2026-03-21", "end": "2026-05-31", "timezone": "Europe/Warsaw"},
        "results": {"wiki": "meta", "page": "Demo/Results"},
        "topic_lists": {
            "albania": {"wiki": "meta", "pages": [SHORTCUT], "items": ["Q1"],
                        "titles": ["Tirana"]},
            "atlantis": {"wiki": "meta", "pages": [LATVIA, MISSING]},
        },
        "wikis": {
            "meta": {"site": {"code": "meta", "family": "devwiki"}},
            "pl": {"site": {"code": "pl", "family": "devwiki"},
                   "rules": ["defaults", {"on_topic_list": ["albania"]}]},
            "uk": {"site": {"code": "uk", "family": "devwiki"},
                   "rules": ["defaults", {"on_topic_list": ["atlantis"]}]},
        },
    }, "test.yaml")
    topics = load_topic_lists(config, {"meta": pywikibot.Site("meta", "devwiki")})
    assert topics.lists == {"albania": TopicItems(
        frozenset({"Q1", "Q19689", "Q172", "Q187035"}), frozenset({"Tirana"}))}
    assert topics.unreadable_for(config, "pl") is None
    assert topics.unreadable_for(config, "uk") == (
        f'topic list "atlantis": {MISSING}: does not exist')
