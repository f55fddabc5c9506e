"""Seed the demo contest's pages, with histories, on a running devwiki farm.

Usage: python examples/demo/seed.py [--base DIR]   (the farm must be up)
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from devwiki.dump import Page, Revision  # noqa: E402
from devwiki.farm import Farm  # noqa: E402

SENTENCES = {
    "pl": [
        "{t} leży w malowniczej dolinie otoczonej lasami i wzgórzami.",
        "Pierwsze wzmianki o miejscowości pochodzą ze średniowiecznych kronik.",
        "W XIX wieku rozwinęło się tu rzemiosło, handel i szkolnictwo.",
        "Zabytkowy kościół oraz rynek przyciągają turystów przez cały rok.",
        "Mieszkańcy kultywują tradycje ludowe, a latem odbywa się festiwal muzyki.",
        "Przez okolicę przebiega szlak turystyczny prowadzący do pobliskich jezior.",
    ],
    "uk": [
        "{t} розташоване у мальовничій долині серед лісів і пагорбів.",
        "Перші згадки про поселення містяться в середньовічних літописах.",
        "У XIX столітті тут розвивалися ремесла, торгівля та освіта.",
        "Старовинна церква і ринкова площа приваблюють туристів цілий рік.",
        "Мешканці зберігають народні традиції, а влітку проводять музичний фестиваль.",
        "Околицями пролягає туристичний маршрут до сусідніх озер.",
    ],
}


def article(lang: str, title: str, sentences: int, category: str) -> str:
    lines = SENTENCES[lang]
    body = " ".join(lines[i % len(lines)].format(t=title) for i in range(sentences))
    return f"'''{title}''' {body}\n\n[[{category}]]\n"


def at(month: int, day: int, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def rev(when: datetime, user: str, text: str, comment: str = "") -> Revision:
    return Revision(timestamp=when, user=user, text=text, comment=comment)


def polish_pages() -> list[Page]:
    cat = "Kategoria:Miejscowości"
    entries = """Zgłoszenia do CEE Spring 2026. Dopisz swoje artykuły w swojej sekcji.

== [[Użytkownik:Alicja.N|Alicja.N]] ==
# [[Tirana]]
# [[Szkodra]] <!-- rozbudowa w toku -->
# [[durrës]]
# [[Wlora]]

== [[Użytkownik:Bartek77|Bartek77]] ==
* [[Kowno]]
* [[Troki]]
* <s>[[Wilno]]</s>
* [[Poniewież
* [[Merkurion (ujednoznacznienie)]]

== Uwagi ==
Pytania proszę zadawać na stronie dyskusji.
"""
    return [
        Page("Wikipedia:CEE Spring 2026/Zgłoszenia", [
            rev(at(3, 21, 8), "Organizatorka", "Zgłoszenia do CEE Spring 2026.\n"),
            rev(at(4, 20), "Alicja.N", entries, "moje artykuły"),
        ], namespace=4),
        Page("Tirana", [rev(at(3, 25), "Alicja.N", article("pl", "Tirana", 95, cat))]),
        Page("Szkodra", [rev(at(4, 2), "Alicja.N", article("pl", "Szkodra", 30, cat))]),
        Page("Durrës", [rev(at(4, 10), "Alicja.N", article("pl", "Durrës", 40, cat))]),
        Page("Wlora", [rev(at(1, 15), "Alicja.N", article("pl", "Wlora", 40, cat))]),
        Page("Kowno", [rev(at(4, 3), "Bartek77", article("pl", "Kowno", 60, cat))]),
        Page("Troki", [rev(at(4, 5), "Innyedytor", article("pl", "Troki", 60, cat))]),
        Page("Merkurion (ujednoznacznienie)", [rev(at(4, 6), "Bartek77",
             "'''Merkurion''' może oznaczać:\n* [[Merkurion (miasto)]]\n"
             "* [[Merkurion (rzeka)]]\n{{Ujednoznacznienie}}\n" + "Opis. " * 400)]),
        Page("Szablon:Ujednoznacznienie", [rev(at(1, 1), "Organizatorka",
             "''Strona ujednoznaczniająca.''")], namespace=10),
    ]


def ukrainian_pages() -> list[Page]:
    cat = "Категорія:Населені пункти"
    sig = "[[Користувач:{u}|{u}]] ([[Обговорення користувача:{u}|обговорення]]) 12:00, {d} квітня 2026 (UTC)"
    entries = "\n".join([
        "Список статей конкурсу CEE Spring 2026.",
        "",
        "# [[Вільнюс]] — " + sig.format(u="Оксана", d=2),
        "# [[Каунас]] — " + sig.format(u="Оксана", d=3),
        "# [[Рига]] — " + sig.format(u="Тарас К", d=4),
        "# [[Даугавпілс]] — " + sig.format(u="Тарас К", d=5),
        "# просто текст без посилання — " + sig.format(u="Тарас К", d=6),
        "",
    ])
    return [
        Page("Вікіпедія:CEE Spring 2026/Статті", [
            rev(at(3, 21, 8), "Організатор", "Список статей конкурсу CEE Spring 2026.\n"),
            rev(at(4, 6), "Тарас К", entries, "мої статті"),
        ], namespace=4),
        Page("Вільнюс", [rev(at(3, 28), "Оксана", article("uk", "Вільнюс", 60, cat))]),
        Page("Каунас", [rev(at(4, 1), "Оксана", article("uk", "Каунас", 12, cat))]),
        Page("Рига", [rev(at(4, 4), "Тарас К", article("uk", "Рига", 70, cat))]),
        Page("Даугавпілс", [rev(at(4, 5), "Тарас К", "#ПЕРЕНАПРАВЛЕННЯ [[Рига]]")]),
    ]


def meta_pages() -> list[Page]:
    entries = """International entries for the demo contest. Use [[:pl:…]] or [[:uk:…]] links.

# [[:pl:Kowno]] — [[User:Bartek77|Bartek77]]
# [[:uk:Рига]] — [[User:Тарас К|Тарас К]]
"""
    return [Page("CEE Spring 2026/Demo/Entries", [rev(at(4, 8), "Bartek77", entries)])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", type=Path,
                        default=Path(os.environ.get("DEVWIKI_BASE") or ".devwiki"))
    farm = Farm(parser.parse_args().base)
    farm.import_pages("pl", polish_pages())
    farm.import_pages("uk", ukrainian_pages())
    farm.import_pages("meta", meta_pages())


if __name__ == "__main__":
    main()
