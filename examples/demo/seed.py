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

from devwiki.dump import Page, Revision
from devwiki.farm import Farm

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



def grown(*steps: tuple[datetime, str, str, str]) -> list[Revision]:
    """A declaring page whose editors each add their own lines, as on a real wiki."""
    text, revisions = "", []
    for when, user, part, comment in steps:
        text += part
        revisions.append(rev(when, user, text, comment))
    return revisions


PL_HEADER = "Zgłoszenia do CEE Spring 2026. Dopisz swoje artykuły w swojej sekcji.\n"
PL_ALICJA = """
== [[Użytkownik:Alicja.N|Alicja.N]] ==
# [[Tirana]]
# [[Szkodra]] <!-- rozbudowa w toku -->
# [[durrës]]
# [[Wlora]]
"""
PL_BARTEK = """
== [[Użytkownik:Bartek77|Bartek77]] ==
* [[Kowno]]
* [[Troki]]
* <s>[[Wilno]]</s>
* [[Poniewież
* [[Merkurion (ujednoznacznienie)]]
"""
# Alicja adds a line for Bartek: only he may claim his article, so it goes to review.
PL_FOR_BARTEK = "* [[Kłajpeda]] — [[Użytkownik:Bartek77|Bartek77]]\n"
PL_DISAMBIGUATION = (
    "'''Merkurion''' może oznaczać:\n* [[Merkurion (miasto)]]\n* [[Merkurion (rzeka)]]\n"
    "{{Ujednoznacznienie}}\n" + "Opis. " * 400
)


PL_JURY_HEADER = "Decyzje jury. Jeden szablon na decyzję, podpisz się.\n\n"
PL_JURY_ANNA = ("* {{Jury odrzuć|Kowno|tekst skopiowany z innej strony}}\n"
                "* {{Jury przyjmij|Tirana}}\n")
# Not a juror: the bot ignores this line and lists it among the problems.
PL_JURY_OTHER = "* {{Jury przyjmij|Troki}}\n"


def polish_pages() -> list[Page]:
    cat = "Kategoria:Miejscowości"
    return [
        Page("Wikipedia:CEE Spring 2026/Zgłoszenia", grown(
            (at(3, 21, 8), "Organizatorka", PL_HEADER, "strona zgłoszeń"),
            (at(4, 2), "Alicja.N", PL_ALICJA, "moje artykuły"),
            (at(4, 7), "Bartek77", PL_BARTEK, "moje artykuły"),
            (at(4, 8), "Alicja.N", PL_FOR_BARTEK, "dopisuję za Bartka"),
        ), namespace=4),
        Page("Wikipedia:CEE Spring 2026/Jury", grown(
            (at(3, 21, 8), "Organizatorka", PL_JURY_HEADER, "strona jury"),
            (at(4, 12), "Anna (jury)", PL_JURY_ANNA, "decyzje"),
            (at(4, 13), "Innyedytor", PL_JURY_OTHER, "przyjmuję Troki"),
        ), namespace=4),
        Page("Tirana", [rev(at(3, 25), "Alicja.N", article("pl", "Tirana", 95, cat))]),
        Page("Szkodra", [rev(at(4, 2), "Alicja.N", article("pl", "Szkodra", 30, cat))]),
        Page("Durrës", [rev(at(4, 10), "Alicja.N", article("pl", "Durrës", 40, cat))]),
        Page("Wlora", [rev(at(1, 15), "Alicja.N", article("pl", "Wlora", 40, cat))]),
        Page("Kowno", [rev(at(4, 3), "Bartek77", article("pl", "Kowno", 60, cat))]),
        Page("Troki", [rev(at(4, 5), "Innyedytor", article("pl", "Troki", 60, cat))]),
        Page("Kłajpeda", [rev(at(4, 6), "Bartek77", article("pl", "Kłajpeda", 60, cat))]),
        Page("Merkurion (ujednoznacznienie)", [rev(at(4, 6), "Bartek77", PL_DISAMBIGUATION)]),
        Page("Szablon:Ujednoznacznienie", [rev(at(1, 1), "Organizatorka",
             "''Strona ujednoznaczniająca.''")], namespace=10),
    ]


UK_SIG = ("[[Користувач:{u}|{u}]] ([[Обговорення користувача:{u}|обговорення]]) "
          "12:00, {d} квітня 2026 (UTC)")
UK_BANNER = "{{{{CEE Spring 2026|користувач=[[Користувач:{u}|{u}]]|країна={c}}}}}\n"


def ukrainian_pages() -> list[Page]:
    cat = "Категорія:Населені пункти"
    taras = "".join(f"# {line} — {UK_SIG.format(u='Тарас К', d=6)}\n" for line in
                    ("[[Рига]]", "[[Даугавпілс]]", "просто текст без посилання"))
    return [
        Page("Вікіпедія:CEE Spring 2026/Статті", grown(
            (at(3, 21, 8), "Організатор", "Список статей конкурсу CEE Spring 2026.\n\n",
             "сторінка конкурсу"),
            (at(4, 2), "Оксана", f"# [[Вільнюс]] — {UK_SIG.format(u='Оксана', d=2)}\n",
             "моя стаття"),
            (at(4, 6), "Тарас К", taras, "мої статті"),
        ), namespace=4),
        Page("Шаблон:CEE Spring 2026", [rev(at(3, 1), "Організатор",
             "Статтю написано в рамках конкурсу CEE Spring 2026.")], namespace=10),
        Page("Вільнюс", [rev(at(3, 28), "Оксана", article("uk", "Вільнюс", 60, cat))]),
        Page("Каунас", [rev(at(4, 1), "Оксана", article("uk", "Каунас", 12, cat))]),
        Page("Обговорення:Каунас", [rev(at(4, 1), "Оксана",
             UK_BANNER.format(u="Оксана", c="Литва"))], namespace=1),
        Page("Таллінн", [rev(at(4, 9), "Оксана", article("uk", "Таллінн", 70, cat))]),
        Page("Обговорення:Таллінн", [rev(at(4, 9), "Оксана",
             UK_BANNER.format(u="Оксана", c="Естонія"))], namespace=1),
        Page("Рига", [rev(at(4, 4), "Тарас К", article("uk", "Рига", 70, cat))]),
        Page("Даугавпілс", [rev(at(4, 5), "Тарас К", "#ПЕРЕНАПРАВЛЕННЯ [[Рига]]")]),
    ]


def meta_pages() -> list[Page]:
    return [Page("CEE Spring 2026/Demo/Entries", grown(
        (at(3, 21), "Organizer", "International entries for the demo contest. "
         "Use [[:pl:…]] or [[:uk:…]] links.\n\n", "entries page"),
        (at(4, 8), "Bartek77", "# [[:pl:Kowno]] — [[User:Bartek77|Bartek77]]\n", "mine"),
    ))]


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
