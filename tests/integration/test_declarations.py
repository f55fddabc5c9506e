"""Every way real contests declare entries, read from real local wikis.

Talk-page templates use the real template and parameter names of six CEE Spring wikis
(pl, uk, lv, fa, ru, eo): positional participant (fa, right-to-left), positional
countries (uk), a template reused across years (eo), template redirects (ru), mixed case,
numbered parameters, user links in the local namespace and junk values. User subpages
and per-entry templates are read on en.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_pipeline import contestbot, export

from devwiki.dump import Page, Revision
from devwiki.farm import Farm

WHEN = datetime(2026, 4, 2, 12, tzinfo=UTC)


def at_day(day: int) -> datetime:
    return datetime(2026, 4, day, 12, tzinfo=UTC)

TEXT = "Proza. " * 400  # 2,800 bytes


def article(title: str, creator: str, talk: str) -> list[Page]:
    """An article created in the window, and its talk page declaring it ("Talk:" is the
    canonical namespace name, which every wiki's import understands)."""
    return [Page(title, [Revision(WHEN, creator, TEXT)]),
            Page(f"Talk:{title}", [Revision(WHEN, creator, talk)], namespace=1)]

WIKIS: dict[str, dict[str, Any]] = {
    "pl": {
        "template": "Szablon:CEE Spring 2026",
        "fields": {"participant": ["autor"], "country": ["kraj"], "topic": ["parametr"]},
        "pages": [
            *article("Tirana", "Alicja",
                     "{{CEE Spring 2026|autor=[[Użytkownik:Alicja|Alicja]]|kraj=Albania"
                     "|Kraj2=Bułgaria|parametr=kobiety}}"),
            *article("Ochryda", "Alicja",
                     "{{ CEE_Spring 2026 | Autor = Alicja | KRAJ = Atlantyda }}"),
        ],
    },
    "uk": {
        "template": "Шаблон:CEE Spring 2026",
        "fields": {"participant": ["користувач"], "country": ["країна", "1", "2", "3", "4", "5"]},
        "pages": [
            *article("Відень", "Оксана",
                     "{{CEE Spring 2026|Австрія|Болгарія|користувач=[[Користувач:Оксана]]}}"),
            *article("Софія", "Тарас", "{{CEE Spring 2026|країна=Болгарія|користувач=Оксана}}"),
        ],
    },
    "lv": {
        "template": "Veidne:CEE Spring 2026",
        "fields": {"participant": ["dalībnieks"], "country": ["valsts"], "topic": ["tēma"]},
        "pages": [
            *article("Tirāna", "Anna", "{{CEE Spring 2026|dalībnieks=[[Dalībnieks:Anna|Anna]]"
                     "|valsts=Albānija|valsts2= albānija <!-- dublikāts -->|tēma=kultūra}}"),
            *article("Baku", "Anna", "{{CEE Spring 2026|dalībnieks=|valsts=Azerbaidžāna}}"),
        ],
    },
    "fa": {
        "template": "الگو:بهار ۲۰۲۶",
        "fields": {"participant": ["1"], "country": ["کشور"]},
        "pages": [
            *article("صوفیه", "Reza", "{{بهار ۲۰۲۶|[[کاربر:Reza|Reza]]|کشور=بلغارستان}}"),
            *article("براتیسلاوا", "Reza", "{{بهار ۲۰۲۶|Reza|کشور=\u200fاسلواکی\u200f}}"),
        ],
    },
    "ru": {
        "template": "Шаблон:Вики-весна 2026",
        "fields": {"participant": ["участник"], "country": ["страна"], "topic": ["тема"]},
        "redirects": ["Шаблон:ВВ2026"],
        "pages": [
            *article("Тирана", "Ирина", "{{Вики-весна 2026|участник=Ирина|страна=Албания}}"),
            *article("Баку", "Ирина", "{{ВВ2026|участник=[[Участник:Ирина|Ирина]]"
                     "|страна=Азербайджан}}"),
            Page("Минск", [Revision(WHEN, "Пётр", TEXT),  # Ирина expanded Пётр's article
                           Revision(at_day(5), "Ирина", TEXT + " Дополнено.")]),
            Page("Talk:Минск", [Revision(at_day(5), "Ирина",
                                         "{{вики-весна 2026|участник=Ирина|страна=Беларусь}}")],
                 namespace=1),
        ],
    },
    "eo": {
        "template": "Ŝablono:VikiPrintempo COE",
        "fields": {"participant": ["uzanto"], "country": ["lando"], "topic": ["temo"],
                   "year": "jaro", "year_value": "2026"},
        "pages": [
            *article("Tirano", "Zamenhof", "{{VikiPrintempo COE|jaro=2026|uzanto=Zamenhof"
                     "|lando=Albanio}}"),
            *article("Bakuo", "Zamenhof", "{{VikiPrintempo COE|jaro=2025|uzanto=Zamenhof"
                     "|lando=Azerbajĝano}}"),
            *article("Talino", "Zamenhof", "{{VikiPrintempo COE|uzanto=Zamenhof|lando=Estonio}}"),
        ],
    },
}

# (wiki, title, participant, countries) of every entry the templates declare.
ENTRIES = {
    ("pl", "Tirana", "Alicja", ("Albania", "Bulgaria")),
    ("pl", "Ochryda", "Alicja", ()),
    ("uk", "Відень", "Оксана", ("Austria", "Bulgaria")),
    ("lv", "Tirāna", "Anna", ("Albania",)),
    ("fa", "صوفیه", "Reza", ("Bulgaria",)),
    ("fa", "براتیسلاوا", "Reza", ("Slovakia",)),
    ("ru", "Тирана", "Ирина", ("Albania",)),
    ("ru", "Баку", "Ирина", ("Azerbaijan",)),
    ("ru", "Минск", "Ирина", ("Belarus",)),  # created by Пётр, edited by Ирина
    ("eo", "Tirano", "Zamenhof", ("Albania",)),
}
# (wiki, problem) of every review item.
REVIEW = {
    ("pl", "unrecognised-country"),
    ("uk", "not-contributor"),  # Оксана neither created nor edited Софія
    ("lv", "no-participant-talk-template"),
    ("eo", "no-year-parameter"),
}


def seed(farm: Farm) -> None:
    for wiki, spec in WIKIS.items():
        template = Page(spec["template"], [Revision(WHEN, "Organizer", "Contest banner")],
                        namespace=10)
        redirects = [Page(r, [Revision(WHEN, "Organizer", f"#REDIRECT [[{spec['template']}]]")],
                          namespace=10) for r in spec.get("redirects", [])]
        farm.import_pages(wiki, [template, *redirects, *spec["pages"]])


def contest(tmp_path: Path) -> Path:
    wikis: dict[str, Any] = {
        "meta": {"site": {"code": "meta", "family": "devwiki"}},  # only the results live here
    }
    for wiki, spec in WIKIS.items():
        wikis[wiki] = {
            "site": {"code": wiki, "family": "devwiki"},
            "sources": [{"kind": "talk_template", "template": spec["template"],
                         "fields": spec["fields"]}],
            "rules": ["namespace", "not_redirect", "not_disambiguation", "created_in_window"],
        }
    definition = {
        "name": "Talk contest",
        "window": {"start": "2026-03-21", "end": "2026-05-31"},
        "results": {"wiki": "meta", "page": "Talk contest/Results"},
        "wikis": wikis,
    }
    path = tmp_path / "talk.yaml"
    path.write_text(yaml.safe_dump(definition, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def talk_contest(clean_farm: Farm, tmp_path: Path) -> tuple[Path, str]:
    seed(clean_farm)
    return contest(tmp_path), f"sqlite:///{tmp_path / 'bot.sqlite'}"


def test_talk_page_templates_of_six_wikis(talk_contest: tuple[Path, str]) -> None:
    path, db = talk_contest
    listed = contestbot("entries", str(path), "--format", "json", db=db)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    declared = {(r["wiki"], r["title"], r["participant"], tuple(r["countries"]))
                for r in rows if r["review"] is None}
    # The talk-page participant check needs the facts: entries lists Оксана's claim.
    assert declared == ENTRIES | {("uk", "Софія", "Оксана", ("Bulgaria",))}
    assert all(r["kind"] == "talk_template" and r["page_id"] for r in rows if not r["review"])
    assert {(r["wiki"], r["problem"]) for r in rows if r["review"]} == REVIEW - {
        ("uk", "not-contributor")}
    # Shown in English, with the values as written.
    assert next(r["review"] for r in rows if r["wiki"] == "pl" and r["review"]) == (
        "unrecognised country: “Atlantyda”")
    junk = next(r for r in rows if r["title"] == "Ochryda")
    assert junk["raw_values"] == [{"field": "country", "raw": "Atlantyda", "canonical": None}]

    run = contestbot("run", str(path), db=db)
    assert run.returncode == 0, run.stderr
    records = export(path, db)["entries"]
    judged = {(r["wiki"], r["title"], r["participant"]) for r in records
              if r["status"] != "review"}
    assert judged == {(w, t, p) for w, t, p, _ in ENTRIES}
    review = [r for r in records if r["status"] == "review"]
    assert {(r["source_wiki"], r["problem"]) for r in review} == REVIEW
    assert next(r["reasons"][0]["actual"] for r in review if r["source_wiki"] == "uk") == (
        "the template names Оксана, who neither created the article (created by Тарас) nor "
        "edited it during the contest")


SUBPAGES_CONTEST = {
    "name": "Lists contest",
    "window": {"start": "2026-03-21", "end": "2026-05-31"},
    "results": {"wiki": "en", "page": "Lists contest/Results"},
    "wikis": {"en": {
        "site": {"code": "en", "family": "devwiki"},
        "sources": [
            {"kind": "user_subpages", "subpage": "Contest 2026",
             "template": "Template:Contest 2026 entries"},
            {"kind": "submission_page", "page": "Lists contest/Entries",
             "entry_template": {"names": ["Entry"], "article": ["article"],
                                "participant": ["user"]}},
        ],
    }},
}
BANNER = "{{Contest 2026 entries}}\n"


def test_user_subpages_tables_and_entry_templates(clean_farm: Farm, tmp_path: Path) -> None:
    pages = [
        Page("Template:Contest 2026 entries", [Revision(WHEN, "Organizer", "banner")],
             namespace=10),
        Page("User:Ann/Contest 2026", [
            Revision(WHEN, "Ann", BANNER + "# [[Amber]]\n# [[Basalt]]\n"),
            Revision(at_day(3), "Bob", BANNER + "# [[Amber]]\n# [[Basalt]]\n# [[Chalk]]\n"),
        ], namespace=2),
        Page("User:Ann/Drafts", [Revision(WHEN, "Ann", BANNER + "# [[Draft idea]]\n")],
             namespace=2),
        Page("Lists contest/Entries", [
            Revision(WHEN, "Cleo", "{| class=\"wikitable\"\n! Article !! Participant\n|-\n"
                     "| [[Dolomite]] || [[User:Cleo|Cleo]]\n|}\n"),
            Revision(at_day(4), "Dan", "{| class=\"wikitable\"\n! Article !! Participant\n|-\n"
                     "| [[Dolomite]] || [[User:Cleo|Cleo]]\n|}\n"
                     "* {{Entry|article=Emerald|user=[[User:Dan|Dan]]}}\n"
                     "* {{Entry|user=Dan}}\n"),
        ]),
        *(Page(t, [Revision(WHEN, u, TEXT)]) for t, u in
          [("Amber", "Ann"), ("Basalt", "Ann"), ("Chalk", "Ann"), ("Dolomite", "Cleo"),
           ("Emerald", "Dan")]),
    ]
    clean_farm.import_pages("en", pages)
    # Organizers moved the submission page: it is read at its new title, not as a redirect.
    clean_farm.editor("en").move("Lists contest/Entries", "Lists contest/Entries 2026", "year")
    path = tmp_path / "lists.yaml"
    path.write_text(yaml.safe_dump(SUBPAGES_CONTEST), encoding="utf-8")
    listed = contestbot("entries", str(path), "--format", "json",
                        db=f"sqlite:///{tmp_path / 'bot.sqlite'}")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert {(r["title"], r["participant"], r["claimed_by"], r["kind"]) for r in rows
            if r["review"] is None} == {
        ("Amber", "Ann", "Ann", "user_subpage"),
        ("Basalt", "Ann", "Ann", "user_subpage"),
        ("Dolomite", "Cleo", "Cleo", "submission_page"),
        ("Emerald", "Dan", "Dan", "submission_page"),
    }
    assert {(r["source_page"], r["problem"], r["review"]) for r in rows if r["review"]} == {
        ("User:Ann/Contest 2026", "added-by-other", "added by Bob, but names Ann"),
        ("Lists contest/Entries 2026", "no-article-template", "no article in the template"),
    }
    revision = {r["title"] or r["problem"]: r["source_revision"] for r in rows}
    # A problem is located at the edit that added its line (Dan's), not at the later move.
    assert revision["no-article-template"] < revision["Emerald"]
