"""Readable prose, words, characters and references of real-looking articles in many scripts."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest

from bot.facts.prose import (
    NO_SPACE_LANGUAGES,
    TextSize,
    count_chars,
    count_references,
    count_words,
    measure_text,
    readable_text,
)

ARTICLE = """{{Infobox city|name=Kraków|population=800000<ref>GUS 2024</ref>}}
__NOTOC__
'''Kraków''' is a [[city]] in [[Poland|southern Poland]].<ref>{{cite web|title=Source}}</ref>
<!-- a hidden note with many many words -->
[[File:Wawel.jpg|thumb|The Wawel castle seen from the river]]
[[Plik:Sukiennice.jpg|mały|Cloth Hall]]
{| class="wikitable"
|-
! Year !! Population
|-
| 1950 || 344000 {{nested}}
|}
== History ==
It was the <span style="color:green">capital</span>.<ref name="a" />
* First list item
# Second list item
<gallery>
Barbican.jpg|Barbican
</gallery>
Its area is <math>326.8 km^2</math> large.
[[Category:Cities]]
[[Kategoria:Miasta]]
[[de:Krakau]]
[[zh-classical:克拉科夫]]
[[:Category:Shown link]]
"""


def test_readable_text_keeps_only_prose() -> None:
    text = readable_text(ARTICLE, hidden_prefixes=frozenset({"kategoria", "plik"}))
    assert "Kraków is a city in southern Poland." in text
    assert "It was the capital." in text
    assert "First list item" in text and "Second list item" in text
    assert "Its area is  large." in text
    assert "Category:Shown link" in text  # a colon link renders as text
    for hidden in ("Infobox", "GUS", "Source", "hidden note", "Wawel", "Cloth Hall", "Year",
                   "1950", "nested", "History", "Barbican", "km", "Cities", "Miasta",
                   "Krakau", "克拉科夫", "NOTOC", "cite", "'''", "*", "#", "<", "{", "["):
        assert hidden not in text


def test_headings_are_not_prose() -> None:
    # A skeleton of empty sections earns nothing.
    assert readable_text("== История ==\n=== Население ===\n").strip() == ""


def test_markup_around_words_is_dropped_and_separates_words() -> None:
    text = readable_text(
        "One<br />two<br>three, <small>four</small> ''five'' '''six\n"
        ";Term: definition\n: indented\n----\n"
        "__БЕЗ_ЗМІСТУ__ [[wikt:city|seven]] [https://example.org eight] https://bare.example "
        "[https://numbered.example] &nbsp;nine&amp;<nowiki>[[ten]]</nowiki>"
        "<includeonly>only in transclusions</includeonly>"
    )
    assert text.split() == ["One", "two", "three,", "four", "five", "six", "Term",
                            "definition", "indented", "seven", "eight", "nine&[[ten]]"]


def test_tables_opened_by_templates_and_html_tables_are_dropped() -> None:
    text = readable_text(
        "Before.\n{{Table start}}\n|-\n| cell one\n! header\n|}\n"
        "<table><tr><td>html cell</td></tr></table>\nAfter."
    )
    assert text.split() == ["Before.", "After."]


def test_an_unclosed_commented_table_does_not_swallow_the_article() -> None:
    assert readable_text("<!--\n{| class=x\n-->\nStill here.").strip() == "Still here."


def test_links_render_their_label() -> None:
    text = readable_text("[[Kraków (city)|]] [[Vistula|the Vistula]]s [[simple:Kraków]]")
    assert text.split() == ["Kraków", "the", "Vistulas"]


# --- words -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "words"), [
    ("Warsaw is the capital and largest city of Poland.", 9),
    ("Kraków's well-known Jagiellonian University", 4),
    ("l'ami d'Alice", 2),
    ("In 1596, 1,000.5 people left at 12:30.", 7),
    ("Варшава — столица Польши, крупнейший город страны.", 6),
    ("Київ — столиця України; пʼять мʼясних обʼєктів", 6),
    ("Η Βαρσοβία είναι η πρωτεύουσα της Πολωνίας.", 7),
    ("Վարշավան Լեհաստանի մայրաքաղաքն է։", 4),
    ("ვარშავა პოლონეთის დედაქალაქია.", 3),
    # Harakat and niqqud are combining marks: Python's \w would split the words there.
    ("وَارْسُو هِيَ عَاصِمَةُ بُولَنْدَا وَأَكْبَرُ مُدُنِهَا.", 6),
    ("وارسو هي عاصمة بولندا وأكبر مدنها.", 6),
    ("וַרְשָׁה הִיא עִיר הַבִּירָה שֶׁל פּוֹלִין.", 6),
    ("בֵּית־הַסֵּפֶר שֶׁל צה״ל", 3),  # maqaf and gershayim join
    ("वारसॉ पोलैंड की राजधानी और सबसे बड़ा शहर है।", 9),
    ("ওয়ারশ পোল্যান্ডের রাজধানী।", 3),
    ("ورشو پایتخت لهستان است و من می‌خواهم آن را ببینم.", 10),  # ZWNJ inside a word
    ("  -- … !! \u200c \u0301 ", 0),  # no letter, no word
])
def test_words_of_spaced_scripts(text: str, words: int) -> None:
    assert count_words(text) == words
    # The same with decomposed letters (e.g. Greek ί as ι + ́): marks stay inside words.
    assert count_words(unicodedata.normalize("NFD", text)) == words
    # A ratio changes nothing where no script is written without spaces.
    assert count_words(text, Decimal("1.5")) == words


def test_chinese_counts_characters_by_the_ratio() -> None:
    text = "华沙是波兰的首都和最大城市。"  # 13 letters; 。 is not one
    assert count_words(text, Decimal("1.5")) == 8  # 8.67, rounded down
    assert count_words(text, Decimal(1)) == 13
    assert count_words(text) == 1  # without a ratio, a run is one word


def test_japanese_counts_kana_and_kanji_however_encoded() -> None:
    text = "ワルシャワはポーランドの首都である。"  # 17 letters, the prolonged mark ー included
    assert count_words(text, Decimal(2)) == 8
    # ポ as ホ + combining ゚: the mark belongs to its letter and is not counted.
    assert count_words(unicodedata.normalize("NFD", text), Decimal(2)) == 8
    assert count_words(text) == 1


def test_thai_rounds_down_once_over_the_whole_text() -> None:
    # กรุงเทพ: 6 letters and a vowel mark; เป็นเมืองหลวง: 11 letters and 2 marks.
    text = "กรุงเทพ เป็นเมืองหลวง"
    assert count_words(text, Decimal(4)) == 4  # 17 / 4, not 6 // 4 + 11 // 4 = 3
    assert count_words(text) == 2


def test_tibetan_syllable_marks_do_not_split_a_name() -> None:
    assert count_words("ཝར་ས་ཝ") == 1


def test_mixed_scripts() -> None:
    text = "The Tokyo Tower (東京タワー) is in Minato, since 1958年."
    assert count_words(text) == 10  # 東京タワー and 年 are one word each
    assert count_words(text, Decimal(2)) == 11  # 8 spaced words + 6 letters / 2


def test_ratio_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        count_words("text", Decimal(0))


def test_no_space_languages() -> None:
    assert {"zh", "ja", "th", "lo", "km", "my", "bo", "dz", "wuu", "yue", "zh-yue", "gan",
            "lzh", "zh-classical"} <= NO_SPACE_LANGUAGES
    assert not {"en", "ko", "vi", "hak", "zh-min-nan", "hi", "ar"} & NO_SPACE_LANGUAGES


# --- references --------------------------------------------------------------------------

@pytest.mark.parametrize(("wikitext", "references"), [
    ("A.<ref>One</ref> B.<ref>Two</ref>", 2),
    ('A.<ref name="gus">GUS</ref> B.<ref name="gus"/> C.<ref name=gus />', 1),
    ('A.<ref name="gus" /> B.<ref name = "gus">GUS</ref>', 1),  # used before defined
    ('A.<ref name="lost"/> B.<ref name="lost"/> C.<ref name="other"/>', 2),  # never defined
    ('A.<ref group="note" name="n">Note</ref> B.<ref group="note" name="n"/>', 1),
    ('A.<ref name="n"/>\n<references>\n<ref name="n">List-defined</ref>\n</references>', 1),
    ("{{Infobox city|population=800000<ref>GUS</ref>}}", 1),
    ("A.<ref></ref> B.<ref> </ref>", 0),  # no content
    ('A.<ref name="x"></ref> B.<ref name="x">X</ref>', 1),
    ("<!-- <ref>hidden</ref> --> <nowiki><ref>shown as text</ref></nowiki>", 0),
    ("<pre><ref>code</ref></pre> Plain text.", 0),
])
def test_references(wikitext: str, references: int) -> None:
    assert count_references(wikitext) == references


def test_readable_characters_collapse_every_kind_of_space() -> None:
    assert count_chars(" Kraków\u00a0is\u202f a\n\n\tcity. ") == len("Kraków is a city.")


# --- the whole measure -------------------------------------------------------------------

def test_measure_text() -> None:
    wikitext = ("'''Kraków''' is a [[city]].<ref>GUS</ref>\n\n== History ==\n"
                "Old   town.<ref name=\"a\"/>\n[[Category:Cities]]\n")
    # "Kraków is a city. Old town." : whitespace runs count as one space.
    assert measure_text(wikitext) == TextSize(words=6, chars=27, references=2)


def test_measure_text_of_a_chinese_article() -> None:
    wikitext = ("'''华沙'''是[[波兰]]的首都。<ref>来源</ref>\n"
                "{{Infobox city|name=华沙}}\n[[Category:波兰城市]]")
    size = measure_text(wikitext, chars_per_word=Decimal("1.5"))
    # 华沙是波兰的首都。: 8 letters and a full stop.
    assert size == TextSize(words=5, chars=9, references=1)


def test_measure_text_is_the_sum_of_its_parts() -> None:
    prose = readable_text(ARTICLE, frozenset({"kategoria", "plik"}))
    size = measure_text(ARTICLE, frozenset({"kategoria", "plik"}))
    assert size.words == count_words(prose)
    assert size.chars == len(" ".join(prose.split()))
    assert size.references == count_references(ARTICLE) == 3
