from __future__ import annotations

from bot.facts.prose import count_words, readable_text

ARTICLE = """{{Infobox city|name=Kraków|population=800000}}
'''Kraków''' is a [[city]] in [[Poland|southern Poland]].<ref>{{cite web|title=Source}}</ref>
<!-- a hidden note with many many words -->
[[File:Wawel.jpg|thumb|The Wawel castle seen from the river]]
{| class="wikitable"
|-
| table || cells {{nested}}
|}
== History ==
It was the capital.<ref name="a" />
[[Category:Cities]]
[[Kategoria:Miasta]]
[[de:Krakau]]
[[:Category:Shown link]]
"""


def test_readable_text_keeps_only_prose() -> None:
    text = readable_text(ARTICLE, hidden_prefixes=frozenset({"kategoria"}))
    assert "Kraków is a city in southern Poland." in text
    assert "History" in text and "It was the capital." in text
    for hidden in (
        "Infobox",
        "Source",
        "hidden note",
        "Wawel",
        "table",
        "Cities",
        "Miasta",
        "Krakau",
        "cite",
    ):
        assert hidden not in text
    assert "Category:Shown link" in text  # a colon link renders as text


def test_word_counts_across_scripts() -> None:
    assert count_words("Kraków is a city") == 4
    assert count_words("Краків — місто в Україні, обласний центр.") == 6
    assert count_words("Η Κρακοβία είναι πόλη") == 4
    assert count_words("Կրակով քաղաք") == 2
    assert count_words("კრაკოვი ქალაქია") == 2
    assert count_words("كراكوف مدينة في بولندا") == 4
    assert count_words("קרקוב היא עיר") == 3
    assert count_words("l'ami d'Alice, well-known") == 3
    assert count_words("  -- 123 ** ") == 1
