"""The example rule sets (examples/rules/*.yaml) run end to end on the farm.

Each test loads one example unchanged except for its sites (family ``devwiki``), seeds
one import per wiki with articles on and on either side of every threshold of the rule
set, runs the bot once and checks every entry's status, decisive failed rules and points.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from example_fixtures import (
    Case,
    article,
    check_cases,
    evidence,
    example,
    grown,
    history_of_edits,
    lengths,
    prose_chars,
    rev,
    revisions,
    run,
    sized,
    submission_page,
    utc,
    words_text,
)

from devwiki.dump import Page
from devwiki.farm import Farm

GERMAN = "Wien liegt an der Donau und ist die größte Stadt Österreichs"


def test_at_de_size_tiers_and_vienna_time(clean_farm: Farm, tmp_path: Path) -> None:
    farm, db = clean_farm, f"sqlite:///{tmp_path / 'bot.sqlite'}"
    # The window in Vienna: 2026-03-21 00:00 CET = 2026-03-20 23:00 UTC, and the end
    # 2026-06-01 00:00 CEST = 2026-05-31 22:00 UTC (exclusive).
    sizes = {f"Größe {n}": n for n in (1999, 2000, 5999, 6000, 6001)}
    times = {
        "Vor dem Start": utc(2026, 3, 20, 22, 30),  # 23:30 in Vienna, the day before
        "Erste Minute": utc(2026, 3, 20, 23, 0),  # 00:00 in Vienna, the first day
        "Letzte Sekunde": utc(2026, 5, 31, 21, 59, 59),  # 23:59:59 in Vienna, the last day
        "Nach dem Ende": utc(2026, 5, 31, 22, 0),  # 00:00 in Vienna, June 1
    }
    farm.import_pages("de", [
        submission_page("Wikipedia:WikiProjekt CEE Spring 2026/Artikel", [
            (utc(2026, 4, 20, 12), "Anna", list(sizes)),
            (utc(2026, 6, 1, 8), "Bernd", [*times, "Gelöscht"]),
        ], namespace=4, user_ns="Benutzer"),
        *(article(t, utc(2026, 4, 10, 12), "Anna", sized(n, vocabulary=GERMAN))
          for t, n in sizes.items()),
        *(article(t, when, "Bernd", sized(2500, vocabulary=GERMAN))
          for t, when in times.items()),
        article("Gelöscht", utc(2026, 4, 11, 12), "Bernd", sized(2500, vocabulary=GERMAN)),
    ])
    assert lengths(farm, "de", list(sizes)) == sizes
    path = example("at-de", tmp_path)

    cases = [
        Case("Größe 1999", "Anna", "rejected", ("min_bytes",)),
        Case("Größe 2000", "Anna", "accepted", points=1),
        Case("Größe 5999", "Anna", "accepted", points=1),
        Case("Größe 6000", "Anna", "accepted", points=5),
        Case("Größe 6001", "Anna", "accepted", points=5),
        Case("Vor dem Start", "Bernd", "rejected", ("created_in_window",)),
        Case("Erste Minute", "Bernd", "accepted", points=1),
        Case("Letzte Sekunde", "Bernd", "accepted", points=1),
        Case("Nach dem Ende", "Bernd", "rejected", ("created_in_window",)),
        Case("Gelöscht", "Bernd", "accepted", points=1),
    ]
    judged = run(path, db)
    check_cases(judged, cases, "de")
    assert evidence(judged["de", "Größe 1999", "Anna"], "min_bytes") == "1999"
    window = "2026-03-20T23:00:00Z/2026-05-31T22:00:00Z"
    early = judged["de", "Vor dem Start", "Bernd"]["reasons"][0]
    assert (early["expected"], early["actual"]) == (window, "2026-03-20T22:30:00Z")
    assert evidence(judged["de", "Nach dem Ende", "Bernd"], "created_in_window") == (
        "2026-05-31T22:00:00Z")

    # An article deleted after it was accepted is shown as deleted, not dropped.
    farm.editor("de").delete("Gelöscht", "Löschantrag")
    again = run(path, db)
    cases[-1] = Case("Gelöscht", "Bernd", "rejected", ("not_deleted",))
    check_cases(again, cases, "de")


AZERBAIJANI = "dağ göl çay kənd şəhər ev su yol"


def test_az_needs_both_bytes_and_words(clean_farm: Farm, tmp_path: Path) -> None:
    farm, db = clean_farm, f"sqlite:///{tmp_path / 'bot.sqlite'}"
    sizes = {"Gəncə": (2000, 199), "Şəki": (1999, 200), "Quba": (2000, 200),
             "Lənkəran": (1999, 199)}
    farm.import_pages("az", [
        submission_page("Vikipediya:Vikimedia CEE Bahar 2026/Məqalələr", [
            (utc(2026, 4, 20, 12), "Aysel", list(sizes)),
        ], namespace=4, user_ns="İstifadəçi"),
        *(article(t, utc(2026, 4, 10, 12), "Aysel", sized(b, w, AZERBAIJANI))
          for t, (b, w) in sizes.items()),
    ])
    judged = run(example("az", tmp_path), db)
    check_cases(judged, [
        Case("Gəncə", "Aysel", "rejected", ("min_words",)),
        Case("Şəki", "Aysel", "rejected", ("min_bytes",)),
        Case("Quba", "Aysel", "accepted", points=1),
        Case("Lənkəran", "Aysel", "rejected", ("min_bytes", "min_words")),
    ], "az")
    assert evidence(judged["az", "Gəncə", "Aysel"], "min_words") == "199"
    assert evidence(judged["az", "Şəki", "Aysel"], "min_bytes") == "1999"


TUVAN = "Тыва Кызыл хем даг суг чурт улус"


def test_tyv_needs_both_words_and_bytes(clean_farm: Farm, tmp_path: Path) -> None:
    farm, db = clean_farm, f"sqlite:///{tmp_path / 'bot.sqlite'}"
    sizes = {f"Чүүл {w}-{b}": (b, w) for w in (149, 150) for b in (2499, 2500)}
    farm.import_pages("tyv", [
        submission_page("Википедия:CEE Spring 2026/Чүүлдер", [
            (utc(2026, 4, 20, 12), "Чечек", list(sizes)),
        ], namespace=4),
        *(article(t, utc(2026, 4, 10, 12), "Чечек", sized(b, w, TUVAN))
          for t, (b, w) in sizes.items()),
    ])
    judged = run(example("tyv", tmp_path), db)
    check_cases(judged, [
        Case("Чүүл 149-2499", "Чечек", "rejected", ("min_words", "min_bytes")),
        Case("Чүүл 149-2500", "Чечек", "rejected", ("min_words",)),
        Case("Чүүл 150-2499", "Чечек", "rejected", ("min_bytes",)),
        Case("Чүүл 150-2500", "Чечек", "accepted", points=1),
    ], "tyv")
    assert evidence(judged["tyv", "Чүүл 149-2500", "Чечек"], "min_words") == "149"
    assert evidence(judged["tyv", "Чүүл 150-2499", "Чечек"], "min_bytes") == "2499"


SLOVENE = "Ljubljana je glavno mesto Slovenije ob reki Ljubljanici"


def test_sl_points_by_words_in_tiers_and_steps(clean_farm: Farm, tmp_path: Path) -> None:
    farm, db = clean_farm, f"sqlite:///{tmp_path / 'bot.sqlite'}"
    points = {200: 0, 201: 1, 500: 1, 501: 5, 1000: 5, 1001: 10, 1500: 10, 1501: 15}
    farm.import_pages("sl", [
        submission_page("Wikipedija:CEE Spring 2026/Članki", [
            (utc(2026, 4, 20, 12), "Mojca", [f"Članek {n}" for n in points]),
        ], namespace=4, user_ns="Uporabnik"),
        *(article(f"Članek {n}", utc(2026, 4, 10, 12), "Mojca", words_text(n, SLOVENE))
          for n in points),
    ])
    judged = run(example("sl", tmp_path), db)
    check_cases(judged, [
        Case(f"Članek {n}", "Mojca", "accepted", points=p) if p
        else Case(f"Članek {n}", "Mojca", "rejected", ("min_words",))
        for n, p in points.items()
    ], "sl")
    assert evidence(judged["sl", "Članek 200", "Mojca"], "min_words") == "200"


RUSSIAN = "Рига столица Латвии на берегу Балтийского моря"


def test_ru_new_articles_and_expansions(clean_farm: Farm, tmp_path: Path) -> None:
    farm, db = clean_farm, f"sqlite:///{tmp_path / 'bot.sqlite'}"
    # Moscow time: the window is 2026-03-20 21:00 UTC .. 2026-05-31 21:00 UTC.
    old = utc(2025, 6, 1, 12)

    def april(day: int) -> datetime:
        return utc(2026, 4, day, 12)

    def text(n: int) -> str:
        return sized(n, vocabulary=RUSSIAN)

    def expansion(title: str, before: int, *edits: tuple[str, int]) -> Page:
        """Пётр's article of ``before`` bytes from 2025, then edits in April."""
        return grown(title, [(old, "Пётр", text(before)),
                             *((april(i + 2), user, " " + text(n - 1))
                               for i, (user, n) in enumerate(edits))])

    farm.import_pages("ru", [
        submission_page("Проект:Вики-весна CEE 2026/Статьи", [
            (april(20), "Ирина", ["Новая 2999", "Новая 3000", "Дополнение 8000",
                                "Дополнение 8001", "Чужая правка 2999", "Чужая правка 3000",
                                "Отменённая правка"]),
        ], namespace=0, user_ns="Участник"),  # "Проект:" is a namespace of ruwiki only
        article("Новая 2999", april(1), "Ирина", text(2999)),
        article("Новая 3000", april(1), "Ирина", text(3000)),
        expansion("Дополнение 8000", 8000, ("Ирина", 3000)),
        expansion("Дополнение 8001", 8001, ("Ирина", 3000)),
        # Пётр's 700 bytes in between are his, not hers.
        expansion("Чужая правка 2999", 1000, ("Ирина", 1500), ("Пётр", 700), ("Ирина", 1499)),
        expansion("Чужая правка 3000", 1000, ("Ирина", 1500), ("Пётр", 700), ("Ирина", 1500)),
        # Her first 1,000 bytes were reverted (by Пётр): only the 2,500 after count.
        Page("Отменённая правка", [rev(old, "Пётр", text(1000)),
                                   rev(april(2), "Ирина", text(1000) + " " + text(999)),
                                   rev(april(3), "Пётр", text(1000)),
                                   rev(april(4), "Ирина", text(1000) + " " + text(2499))]),
    ])
    reverted = revisions(farm, "ru", "Отменённая правка")[1]
    assert (reverted["user"], reverted["size"]) == ("Ирина", 2000)
    farm.tag_revision("ru", reverted["revid"], "mw-reverted")
    farm.tag_revision("ru", revisions(farm, "ru", "Отменённая правка")[2]["revid"], "mw-undo")

    judged = run(example("ru", tmp_path), db)
    new_fails = ("created_in_window", "created_by_participant")  # the first branch
    check_cases(judged, [
        Case("Новая 2999", "Ирина", "rejected", ("min_bytes", "expanded", "min_added_bytes")),
        Case("Новая 3000", "Ирина", "accepted", points=1),
        Case("Дополнение 8000", "Ирина", "accepted", points=1),
        Case("Дополнение 8001", "Ирина", "rejected", (*new_fails, "max_bytes_before")),
        Case("Чужая правка 2999", "Ирина", "rejected", (*new_fails, "min_added_bytes")),
        Case("Чужая правка 3000", "Ирина", "accepted", points=1),
        Case("Отменённая правка", "Ирина", "rejected", (*new_fails, "min_added_bytes")),
    ], "ru")
    assert evidence(judged["ru", "Дополнение 8001", "Ирина"], "max_bytes_before") == "8001"
    assert evidence(judged["ru", "Чужая правка 2999", "Ирина"], "min_added_bytes") == "2999"
    assert evidence(judged["ru", "Отменённая правка", "Ирина"], "min_added_bytes") == "2500"


LATVIAN = "Rīga ir Latvijas galvaspilsēta un lielākā pilsēta Baltijas valstīs"


def latvian_article(chars: int) -> str:
    """``chars`` readable characters of prose among some 900 characters that are not prose:
    an infobox, a reference, a table, an image with its caption, a category."""
    filler = prose_chars(200, LATVIAN)
    return (f"{{{{Infokaste pilsēta|nosaukums=Rīga|apraksts={filler}}}}}\n"
            f"{prose_chars(chars, LATVIAN)}<ref>{filler}</ref>\n\n"
            f'{{| class="wikitable"\n! Gads !! Apraksts\n|-\n| 2026 || {filler}\n|}}\n'
            f"[[Attēls:Rīga.jpg|thumb|{filler}]]\n\n[[Kategorija:Latvijas pilsētas]]\n")


def test_lv_readable_characters_and_newcomer_bonus(clean_farm: Farm, tmp_path: Path) -> None:
    farm, db = clean_farm, f"sqlite:///{tmp_path / 'bot.sqlite'}"
    # Riga time: the window starts 2026-03-20 22:00 UTC; 2026-01-01 is 2025-12-31 22:00 UTC.
    start, new_year = utc(2026, 3, 20, 22), utc(2025, 12, 31, 22)
    sizes = {"Cēsis": 1499, "Sigulda": 1500, "Valmiera": 1501}
    # participant → (registered, edits before the contest, their article)
    accounts = {
        "Māris": (utc(2020, 5, 1), 100, None),  # an old account with 100 edits
        "Ilze": (new_year, 100, "Jūrmala"),  # registered at 00:00 on 1 January, Riga time
        "Jānis": (utc(2025, 12, 31, 21, 59, 59), 100, "Liepāja"),  # a second before
        "Laura": (utc(2020, 5, 1), 99, "Ventspils"),  # old, but 99 edits
    }
    farm.import_pages("lv", [
        submission_page("Vikipēdija:CEE Spring 2026/Raksti", [
            (utc(2026, 4, 20, 12), "Māris", list(sizes)),
            *((utc(2026, 4, 21, 12), user, [title])
              for user, (_, _, title) in accounts.items() if title),
        ], namespace=0, user_ns="Dalībnieks"),  # "Vikipēdija" is not the farm's project name
        *(article(t, utc(2026, 4, 10, 12), "Māris", latvian_article(n))
          for t, n in sizes.items()),
        *(article(title, utc(2026, 4, 11, 12), user, latvian_article(1600))
          for user, (_, _, title) in accounts.items() if title),
        *(history_of_edits(f"User:{user}/Melnraksts", user, edits, start)
          for user, (_, edits, _) in accounts.items()),
    ])
    for user, (registered, _, _) in accounts.items():
        farm.set_registration("lv", user, registered)
    assert all(n > 2300 for n in lengths(farm, "lv", list(sizes)).values())  # bytes

    judged = run(example("lv", tmp_path), db)
    check_cases(judged, [
        Case("Cēsis", "Māris", "rejected", ("min_chars",)),
        Case("Sigulda", "Māris", "accepted", points=1),
        Case("Valmiera", "Māris", "accepted", points=1),
        Case("Jūrmala", "Ilze", "accepted", points=2),
        Case("Liepāja", "Jānis", "accepted", points=1),
        Case("Ventspils", "Laura", "accepted", points=2),
    ], "lv")
    assert evidence(judged["lv", "Cēsis", "Māris"], "min_chars") == "1499"
