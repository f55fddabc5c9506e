"""The example rule sets with topic lists on Meta (examples/rules/pl.yaml and
international.yaml) run end to end on the farm; see test_examples.py."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from example_fixtures import (
    Case,
    article,
    check_cases,
    evidence,
    example,
    lengths,
    rev,
    run,
    sized,
    submission_page,
    utc,
)
from test_pipeline import contestbot, page_text

from devwiki.dump import Page
from devwiki.farm import Farm

POLISH = "Kraków leży nad Wisłą i był stolicą Polski przez kilka stuleci"
POLAND_LIST = "Wikimedia CEE Spring 2026/Structure/Poland"


def polish_article(nbytes: int, references: int = 2, extra: str = "") -> str:
    """``nbytes`` bytes in all: ``extra`` (templates, categories), prose, references."""
    refs = "".join(f"<ref>Źródło {i + 1}</ref>" for i in range(references))
    prose = sized(nbytes - len((extra + refs + "\n").encode()), vocabulary=POLISH)
    return f"{extra}{prose}{refs}\n"


def test_pl_references_templates_and_bonuses(clean_farm: Farm, tmp_path: Path) -> None:
    farm, db = clean_farm, f"sqlite:///{tmp_path / 'bot.sqlite'}"
    good, featured = "[[Kategoria:Dobre artykuły]]", "[[Kategoria:Artykuły na medal]]"
    texts = {
        "Tirana": polish_article(2999),
        "Durrës": polish_article(3000, references=1),
        "Szkodra": polish_article(3000),
        "Wlora": polish_article(3000, extra="{{Dopracować}}\n"),
        "Elbasan": polish_article(3000, extra="{{źródła|data=2026-04}}\n"),
        "Kraków": polish_article(3000),  # on the topic list
        "Gdańsk": polish_article(3000, extra=good + "\n"),
        "Toruń": polish_article(3000, extra=featured + "\n"),
        "Wrocław": polish_article(3000, extra=good + featured + "\n"),  # and on the list
    }
    farm.import_pages("meta", [article(
        POLAND_LIST, utc(2026, 3, 1), "Organizatorka CEE",
        "Tematy:\n{{#invoke:WikimediaCEETable|table|Q1000|Q1001}}\n")])
    farm.import_pages("pl", [
        submission_page("Wikipedia:CEE Spring 2026/Zgłoszenia", [
            (utc(2026, 4, 20, 12), "Alicja", list(texts)),
            (utc(2026, 4, 21, 12), "Organizatorka CEE", ["Poznań"]),
        ], namespace=4, user_ns="Użytkownik"),
        *(Page(f"Szablon:{name}", [rev(utc(2026, 1, 1), "Admin", text)], namespace=10)
          for name, text in (("Dopracować", "Do poprawy"), ("Źródła", "Brak źródeł"))),
        *(article(t, utc(2026, 4, 10, 12), "Alicja", text) for t, text in texts.items()),
        article("Poznań", utc(2026, 4, 11, 12), "Organizatorka CEE", polish_article(3000)),
    ])
    farm.set_page_prop("pl", "Kraków", "wikibase_item", "Q1000")
    farm.set_page_prop("pl", "Wrocław", "wikibase_item", "Q1001")
    assert set(lengths(farm, "pl", list(texts)).values()) == {2999, 3000}

    judged = run(example("pl", tmp_path), db)
    check_cases(judged, [
        Case("Tirana", "Alicja", "rejected", ("min_bytes",)),
        Case("Durrës", "Alicja", "rejected", ("min_references",)),
        Case("Szkodra", "Alicja", "accepted", points=1),
        Case("Wlora", "Alicja", "rejected", ("without_templates",)),
        Case("Elbasan", "Alicja", "rejected", ("without_templates",)),
        Case("Kraków", "Alicja", "accepted", points=2),  # 1 + topic list 1
        Case("Gdańsk", "Alicja", "accepted", points=3),  # 1 + good article 2
        Case("Toruń", "Alicja", "accepted", points=4),  # 1 + featured article 3
        # Every bonus: 1 + 1 + 2 + 3 = 7, over the cap of 6 per article.
        Case("Wrocław", "Alicja", "accepted", points=6),
        Case("Poznań", "Organizatorka CEE", "rejected", ("not_excluded",)),
    ], "pl")
    assert [(p["rule"], p["points"]) for p in judged["pl", "Wrocław", "Alicja"]["score"]] == [
        ("new", 1), ("bonus: topic list", 1), ("bonus: good article", 2),
        ("bonus: featured article", 3), ("cap", -1)]
    assert evidence(judged["pl", "Durrës", "Alicja"], "min_references") == "1"
    assert evidence(judged["pl", "Elbasan", "Alicja"], "without_templates") == "Szablon:Źródła"


ALBANIAN_TOPICS = "Albania państwo położone na Półwyspie Bałkańskim nad Morzem Adriatyckim"
UKRAINIAN = "Польща держава в Центральній Європі між Балтійським морем і Карпатами"
TOPIC_LISTS = {"Albania": "Q2001|Q2002", "Poland": "Q2101", "Ukraine": "Q2201"}
RESULTS = "Wikimedia CEE Spring 2026/Results"


def declared(wiki: str, title: str, creator: str, created: datetime, call: str,
             declared_at: datetime, text: str) -> list[Page]:
    """An article and its talk page, whose only revision adds the contest template."""
    return [article(title, created, creator, text),
            Page(f"Talk:{title}", [rev(declared_at, creator, call)], namespace=1)]


def test_international_rules_and_ranking(clean_farm: Farm, tmp_path: Path) -> None:
    farm, db = clean_farm, f"sqlite:///{tmp_path / 'bot.sqlite'}"
    # The window is UTC; declarations are due 7 days after it: before 2026-06-08 00:00 UTC.
    # The bot's clock is the real one, long past that day, so every declaration is timed.
    april, ok = utc(2026, 4, 10, 12), sized(3000, 300, ALBANIAN_TOPICS)  # both minimums

    def pl(title: str, call: str, text: str = ok, created: datetime = april,
           declared_at: datetime = april) -> list[Page]:
        return declared("pl", title, "Celina", created, call, declared_at, text)

    farm.import_pages("meta", [
        article(f"Wikimedia CEE Spring 2026/Structure/{country}", utc(2026, 3, 1), "Organizer",
                f"{{{{#invoke:WikimediaCEETable|table|{items}}}}}\n")
        for country, items in TOPIC_LISTS.items()
    ])
    farm.import_pages("pl", [
        Page("Szablon:CEE Spring 2026", [rev(utc(2026, 3, 1), "Organizer", "Baner")],
             namespace=10),
        *(page for i in range(1, 26) for page in declared(
            "pl", f"Albańska wieś {i}", "Wytrwała", april,
            "{{CEE Spring 2026|autor=Wytrwała|kraj=Albania}}", april, ok)),
        *pl("Krótka", "{{CEE Spring 2026|Celina|Albania}}", sized(2999, 300, ALBANIAN_TOPICS)),
        *pl("Zwięzła", "{{CEE Spring 2026|Celina|Albania}}", sized(3000, 299, ALBANIAN_TOPICS)),
        *pl("Z listy", "{{CEE Spring 2026|Celina}}"),  # no country: the topic list says it
        *pl("Bez kraju", "{{CEE Spring 2026|Celina}}"),  # neither
        *pl("Ukraina pozycyjnie", "{{CEE Spring 2026|Celina|Ukraina}}"),
        *pl("Polska", "{{CEE Spring 2026|autor=Celina|kraj=Polska}}"),  # the wiki's own
        *pl("W terminie", "{{CEE Spring 2026|Celina|Albania}}", created=utc(2026, 5, 31, 23),
            declared_at=utc(2026, 6, 7, 23, 59, 59)),
        *pl("Po terminie", "{{CEE Spring 2026|Celina|Albania}}", created=utc(2026, 5, 31, 23),
            declared_at=utc(2026, 6, 8)),
    ])
    farm.import_pages("uk", [
        Page("Шаблон:CEE Spring 2026", [rev(utc(2026, 3, 1), "Organizer", "Банер")],
             namespace=10),
        *(page for i in range(1, 25) for page in declared(
            "uk", f"Польське село {i}", "Наполеглива", april,
            "{{CEE Spring 2026|користувач=Наполеглива|країна=Польща}}", april,
            sized(4000, 300, UKRAINIAN))),
    ])
    farm.set_page_prop("pl", "Z listy", "wikibase_item", "Q2002")
    path = example("international", tmp_path)

    judged = run(path, db)
    check_cases(judged, [
        *(Case(f"Albańska wieś {i}", "Wytrwała", "accepted", points=1) for i in range(1, 26)),
        *(Case(f"Польське село {i}", "Наполеглива", "accepted", points=1, wiki="uk")
          for i in range(1, 25)),
        Case("Krótka", "Celina", "rejected", ("min_bytes",)),
        Case("Zwięzła", "Celina", "rejected", ("min_words",)),
        Case("Z listy", "Celina", "accepted", points=1),
        Case("Bez kraju", "Celina", "rejected", ("on_topic_list", "declared_country")),
        Case("Ukraina pozycyjnie", "Celina", "accepted", points=1),
        Case("Polska", "Celina", "rejected", ("not_home_country",)),
        Case("W terminie", "Celina", "accepted", points=1),
        Case("Po terminie", "Celina", "rejected", ("declared_within_days",)),
    ], "pl")
    late = judged["pl", "Po terminie", "Celina"]["reasons"][0]
    assert (late["expected"], late["actual"]) == ("2026-06-08T00:00:00Z", "2026-06-08T00:00:00Z")
    assert evidence(judged["pl", "Polska", "Celina"], "not_home_country") == "Poland"

    board = contestbot("leaderboard", str(path), db=db)
    assert board.returncode == 0, board.stderr
    rows = [line.split() for line in board.stdout.splitlines()]
    assert rows == [["rank", "participant", "accepted", "entries", "points"],
                    ["1", "Wytrwała", "25", "25", "25"],
                    ["-", "Наполеглива", "24", "24", "24"],
                    ["-", "Celina", "3", "8", "3"]]
    participants = page_text(farm, "meta", RESULTS).split("|+ Participants\n", 1)[1]
    rows = [row.splitlines() for row in participants.split("\n|}")[0].split("\n|-\n")[1:]]
    assert [(row[0], row[-1]) for row in rows] == [
        ("| 1", "| ranked"), *[("|", "| not ranked: fewer than 25 accepted articles")] * 2]
