"""Declared values read as canonical ids: the whole shipped table, its variants, never a guess."""

from __future__ import annotations

import csv
import unicodedata
from collections import defaultdict
from importlib import resources

import pytest

from bot.sources.values import AliasTable, home_countries, value_key


def _shipped_rows() -> list[tuple[str, str, str]]:
    text = resources.files("bot.sources").joinpath("data", "country-aliases.tsv").read_text("utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    rows = list(csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(wiki, value, canonical) for wiki, value, canonical in rows]


ROWS = _shipped_rows()
WIKIS = sorted({wiki for wiki, _, _ in ROWS} | {"fiu-vro", "uk", "meta"})


def _keys_by_wiki() -> dict[str, set[str]]:
    keys: dict[str, set[str]] = defaultdict(set)
    for wiki, value, _ in ROWS:
        keys[wiki].add(value_key(value))
    return keys


def test_every_row_reads_as_its_canonical_on_its_wiki() -> None:
    assert len(ROWS) == 1613  # the whole file, so that an empty reading cannot pass
    table = AliasTable.countries()
    wrong = [(w, v, c, table.lookup(v, w)) for w, v, c in ROWS if table.lookup(v, w) != c]
    assert wrong == []


def test_no_row_names_a_different_country_on_a_wiki_that_does_not_list_it() -> None:
    # A wiki that lists the key itself reads it its own way (checked row by row above);
    # everywhere else a row's value is its canonical or unrecognised, never another country.
    table = AliasTable.countries()
    listed = _keys_by_wiki()
    wrong = [
        (wiki, other, value, canonical, found)
        for wiki, value, canonical in ROWS
        for other in WIKIS
        if other != wiki and value_key(value) not in listed[other]
        if (found := table.lookup(value, other)) not in (canonical, None)
    ]
    assert wrong == []


def test_the_real_data_has_one_key_that_wikis_read_differently() -> None:
    meanings: dict[str, set[str]] = defaultdict(set)
    for _, value, canonical in ROWS:
        meanings[value_key(value)].add(canonical)
    assert {key for key, found in meanings.items() if len(found) > 1} == {"крим"}
    table = AliasTable.countries()
    assert table.lookup("Крим", "bg") == "Crimea"
    assert table.lookup("Крим", "mk") == "Crimean Tatars"
    assert table.lookup("Крим", "uk") is None


def test_another_wikis_unambiguous_alias_is_used() -> None:
    # "Tatarstan" is listed on pl, ro and sl (all → Tatars), not on de.
    assert AliasTable.countries().lookup("Tatarstan", "de") == "Tatars"


def test_canonical_names_match_on_any_wiki_in_any_case() -> None:
    table = AliasTable.countries()
    assert len(table.canonical_ids()) == 54
    for canonical in table.canonical_ids():
        assert table.lookup(canonical.upper(), "meta") == canonical
        assert table.lookup(canonical.lower(), "uk") == canonical


@pytest.mark.parametrize(
    ("raw", "wiki", "expected"),
    [
        ("  Polska \n", "pl", "Poland"),
        ("POLSKA", "pl", "Poland"),
        ("Bośnia  i\tHercegowina", "pl", "Bosnia and Herzegovina"),
        ("Bośnia\u00a0i Hercegowina", "pl", "Bosnia and Herzegovina"),
        ("\u200fPolska\u200e", "pl", "Poland"),
        ("Pol\u200bska", "pl", "Poland"),
        ("\ufeffPol\u00adska\u2069", "pl", "Poland"),
        ("\u202aЛитва\u202c", "ru", "Lithuania"),
        (unicodedata.normalize("NFD", "Węgry"), "pl", "Hungary"),
        ("Polska<!-- kraj -->", "pl", "Poland"),
        ("<!-- wpisz kraj -->Polska", "pl", "Poland"),
        ("Polska <!-- niezamknięty komentarz", "pl", "Poland"),
        ("[[Polska]]", "pl", "Poland"),
        ("[[polska]]", "pl", "Poland"),
        ("[[:Polska]]", "pl", "Poland"),
        ("[[Bośnia_i_Hercegowina]]", "pl", "Bosnia and Herzegovina"),
        ("[[Polska|PL]]", "pl", "Poland"),  # the target, the label means nothing
        ("[[Polska (państwo)|Polska]]", "pl", "Poland"),  # the label, the target is unlisted
        ("[[Polska#Historia|Polska]]", "pl", "Poland"),
        ("[[Polska|]]", "pl", "Poland"),
        ("{{Цыганонь коцтось}}", "myv", "Romani"),
        ("{{ Цыганонь коцтось }}", "myv", "Romani"),
        ("{{цыганонь коцтось}}", "myv", "Romani"),
    ],
)
def test_variants_of_listed_values(raw: str, wiki: str, expected: str) -> None:
    assert AliasTable.countries().lookup(raw, wiki) == expected


@pytest.mark.parametrize(
    ("raw", "wiki"),
    [
        ("", "pl"),
        ("   ", "pl"),
        ("???", "pl"),
        ("Atlantis", "pl"),
        ("Pol and", "pl"),
        ("Polska i Litwa", "pl"),
        ("2", "pl"),
        ("2026", "pl"),
        ("<!-- Polska -->", "pl"),
        ("<!-- Polska", "pl"),
        ("[[Polska|Litwa]]", "pl"),  # target and label name different countries
        ("[[Polska]] [[Litwa]]", "pl"),
        ("{{Цыганонь коцтось|2}}", "myv"),  # another call: its output is unknown
        ("Цыганонь коцтось", "myv"),  # the template's name is not its output
        ("{{Polska}}", "pl"),
    ],
)
def test_unlisted_values_are_unrecognised(raw: str, wiki: str) -> None:
    assert AliasTable.countries().lookup(raw, wiki) is None


def test_value_key() -> None:
    assert value_key(" \u200eBośnia_i  Hercegowina<!-- x -->\n") == "bośnia_i hercegowina"
    assert value_key("[[Polska|PL]]") == "polska"
    assert value_key("[[Bośnia_i_Hercegowina#Historia|BiH]]") == "bośnia i hercegowina"
    assert value_key("{{  Цыганонь коцтось\n}}") == "{{цыганонь коцтось}}"
    assert value_key("STRASSE") == value_key("straße")


def _macedonia_table() -> AliasTable:
    return AliasTable.from_rows(
        [
            ("mk", "Македонија", "North Macedonia"),
            ("el", "Μακεδονία", "Greece"),
            ("mk", "Makedonija", "North Macedonia"),
            ("el", "Makedonija", "Greece"),
            ("pl", "Gruzja", "Georgia"),
        ]
    )


def test_a_key_read_differently_by_two_wikis_counts_only_where_defined() -> None:
    table = _macedonia_table()
    assert table.lookup("Makedonija", "mk") == "North Macedonia"
    assert table.lookup("Makedonija", "el") == "Greece"
    assert table.lookup("Makedonija", "hr") is None
    assert table.lookup("Македонија", "hr") == "North Macedonia"
    assert table.lookup("gruzja", "hr") == "Georgia"
    assert table.canonical_ids() == {"North Macedonia", "Greece", "Georgia"}


def test_conflicting_rows_on_one_wiki_are_refused() -> None:
    rows = [
        ("ru", "Республика Сербская", "Republic of Srpska"),
        ("ru", "республика Сербская", "Serbia"),
    ]
    with pytest.raises(ValueError, match=r"'Serbia'.*'Republic of Srpska'"):
        AliasTable.from_rows(rows)


def test_a_wiki_alias_that_is_another_canonical_name_is_refused() -> None:
    with pytest.raises(ValueError, match=r"'Erzia'.*'Erzya'"):
        AliasTable.from_rows([("az", "Erzya", "Erzia"), ("ru", "Erzya", "Erzya")])


def test_a_badly_spaced_canonical_is_refused() -> None:
    with pytest.raises(ValueError, match=r"' Serbia'"):
        AliasTable.from_rows([("sr", "Србијја", " Serbia")])


def test_organizer_aliases_for_one_wiki() -> None:
    shipped = AliasTable.countries()
    extended = shipped.with_aliases(
        {"Poland": ["Rzeczpospolita"], "Germany": ["Deutschland"]}, "de"
    )
    assert extended.lookup("Rzeczpospolita", "de") == "Poland"
    assert extended.lookup("Deutschland", "de") == "Germany"
    assert extended.lookup("Germany", "hr") == "Germany"  # a new canonical id matches itself
    assert "Germany" in extended.canonical_ids()
    assert shipped.lookup("Deutschland", "de") is None  # the shipped table is unchanged
    assert "Germany" not in shipped.canonical_ids()


def test_organizer_aliases_for_all_wikis_settle_an_ambiguity_where_no_wiki_decided() -> None:
    extended = AliasTable.countries().with_aliases({"Crimea": ["Крим", "Krym"]})
    assert extended.lookup("Крим", "uk") == "Crimea"
    assert extended.lookup("Крим", "mk") == "Crimean Tatars"  # the wiki's own reading wins
    assert extended.lookup("krym", "es") == "Crimea"


def test_organizer_alias_repeating_an_existing_mapping_is_accepted() -> None:
    extended = AliasTable.countries().with_aliases({"Poland": ["Polska", "Poland"]}, "pl")
    assert extended.lookup("Polska", "pl") == "Poland"


@pytest.mark.parametrize(
    ("aliases", "wiki", "message"),
    [
        ({"Serbia": ["Polska"]}, "pl", "'Serbia'.*'Poland'"),  # a row of the wiki
        ({"Kosovo": ["Albania"]}, None, "'Kosovo'.*'Albania'"),  # a canonical name
        ({"Kosovo": ["Albania"]}, "sq", "'Kosovo'.*'Albania'"),
        ({"Germany": ["Poland"]}, "de", "'Germany'.*'Poland'"),
        ({"Poland": [" <!-- --> "]}, "pl", "empty"),
    ],
)
def test_conflicting_organizer_aliases_are_refused(
    aliases: dict[str, list[str]], wiki: str | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        AliasTable.countries().with_aliases(aliases, wiki)


def test_conflicting_organizer_aliases_for_all_wikis_are_refused() -> None:
    extended = AliasTable.countries().with_aliases({"Crimea": ["Krym"]})
    with pytest.raises(ValueError, match=r"'Crimean Tatars'.*'Crimea'"):
        extended.with_aliases({"Crimean Tatars": ["KRYM"]})


def test_a_new_canonical_that_is_a_wiki_alias_of_another_is_refused() -> None:
    with pytest.raises(ValueError, match=r"'Tatars'.*'Tatarstan'"):
        AliasTable.countries().with_aliases({"Tatarstan": ["Tatarstan Republic"]})


def test_a_topic_table_holds_only_the_contests_topics() -> None:
    topics = AliasTable.of({"women": ["kobiety", "Women in Red"], "culture": ["kultura"]})
    topics = topics.with_aliases({"culture": ["kultūra"]}, wiki="lv")
    assert topics.canonical_ids() == {"women", "culture"}
    assert topics.lookup(" Kobiety ", "pl") == "women"
    assert topics.lookup("women in red", "lv") == "women"
    assert topics.lookup("Kultūra", "lv") == "culture"
    assert topics.lookup("kultūra", "pl") == "culture"  # lv's alias, read the same everywhere
    assert topics.lookup("Poland", "pl") is None


def test_organizer_aliases_must_be_lists() -> None:
    with pytest.raises(TypeError, match="Polska"):
        AliasTable.countries().with_aliases({"Poland": "Polska"}, "pl")


def test_home_countries() -> None:
    homes = home_countries()
    assert len(homes) == 33
    assert homes["de"] == {"Austria", "Germany"}
    assert homes["et"] == {"Estonia", "Võro"}
    assert homes["bs"] == {"Bosnia and Herzegovina", "Republic of Srpska"}
    assert homes["ru"] == {"Russia", "Don"}
    assert homes["cv"] == {"Chuvasz"}
    assert homes["fiu-vro"] == {"Võro"}
    assert homes["tt"] == {"Tatars"}  # listed as "Tatarstan", read through the alias table


def test_home_countries_outside_the_alias_table() -> None:
    ids = {canonical for canonicals in home_countries().values() for canonical in canonicals}
    assert ids - AliasTable.countries().canonical_ids() == {"Germany"}
