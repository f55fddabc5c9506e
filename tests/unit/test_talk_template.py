"""Reading the contest template on talk pages, with the real localized names of CEE Spring.

Template titles come from ``template-names-2023.tsv``, argument names from
``template-param-names.tsv`` and country values from ``country-param-variants.tsv``
(shared/cee-spring). fa's template title is not in the tables; its argument names are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from bot.model import DeclaredValue, Entry, Location, SourceKind
from bot.sources.problems import Problem, problem
from bot.sources.talk_template import TemplateFields, read_talk_page
from bot.sources.values import AliasTable
from bot.sources.wikitext import ParsedPage
from bot.titles import WikiNames

# Real values as typed, with their canonical countries, on the wikis tested here.
COUNTRIES = AliasTable.from_rows([
    ("lv", "Albānija", "Albania"), ("lv", "Igaunija", "Estonia"), ("lv", "Polija", "Poland"),
    ("lv", "Ukraina", "Ukraine"), ("lv", "Rumānija un Moldova", "Romania and Moldova"),
    ("uk", "Польща", "Poland"), ("uk", "Литва", "Lithuania"), ("uk", "Грузія", "Georgia"),
    ("uk", "Боснія і Герцеговина", "Bosnia and Herzegovina"),
    ("ru", "Польша", "Poland"), ("ru", "Латвия", "Latvia"),
    ("pl", "Litwa", "Lithuania"), ("pl", "Łotwa", "Latvia"),
    ("pl", "Bośnia i Hercegowina", "Bosnia and Herzegovina"),
    ("fa", "ارمنستان", "Armenia"), ("fa", "آلبانی", "Albania"),
    ("eo", "Albanio", "Albania"), ("eo", "Ukrainio", "Ukraine"),
    ("hr", "Albaniji", "Albania"), ("hr", "Bosni i Hercegovini", "Bosnia and Herzegovina"),
    ("hy", "Ռումինիա/Մոլդովա", "Romania and Moldova"), ("hy", "Լատվիա", "Latvia"),
])  # fmt: skip
# Local topic values of the women and human-rights sub-contests.
TOPICS = AliasTable.of({"women": ["Sievietes", "kobiety"], "human rights": ["Cilvēktiesības"]})


def site_names(template: str, user: str, *aliases: str) -> WikiNames:
    """A wiki's namespace names: its template and user namespaces plus the English ones."""
    namespaces = {"template": 10, "user": 2, "user talk": 3, template.casefold(): 10}
    namespaces.update({name.casefold(): 2 for name in (user, *aliases)})
    return WikiNames(namespaces=namespaces, local_names={2: user, 10: template})


@dataclass(frozen=True)
class Wiki:
    key: str
    names: WikiNames
    templates: frozenset[str]  # the template and its redirects, as the caller passes them
    fields: TemplateFields
    topics: AliasTable | None = field(default=None)

    def read(self, text: str) -> ParsedPage:
        return read_talk_page(
            text, wiki=self.key, talk_title="Talk:Subject", subject_title="Subject",
            revision=11, template_names=self.templates, fields=self.fields,
            names=self.names, countries=COUNTRIES, topics=self.topics,
        )  # fmt: skip

    def entries(self, text: str) -> list[tuple[str, int | None, tuple[DeclaredValue, ...]]]:
        """(participant, line, values) of each entry."""
        return [(e.participant, e.source.line, e.values) for e in self.read(text).entries]

    def reviews(self, text: str) -> list[tuple[int | None, str, Problem]]:
        """(line, text, problem) of each review item."""
        review = self.read(text).review
        return [(r.source.line, r.text, Problem(r.problem, r.params)) for r in review]


LV = Wiki(
    "lv",
    site_names("Veidne", "Dalībnieks", "Dalībniece"),
    frozenset({"cee spring 2023"}),
    TemplateFields(participant=("dalībnieks",), country=("valsts",), topic=("tēma",)),
    TOPICS,
)
UK = Wiki(
    "uk",
    site_names("Шаблон", "Користувач", "Користувачка"),
    frozenset({"cee spring 2023"}),
    TemplateFields(participant=("користувач",), country=("країна", "1", "2", "3", "4", "5"),
                   topic=("тема",)),
)  # fmt: skip
FA = Wiki(
    "fa",
    site_names("الگو", "کاربر"),
    frozenset({"cee spring 2023"}),
    TemplateFields(participant=("1",), country=("کشور",)),
)
# ru: the template and a redirect to it under the English title.
RU = Wiki(
    "ru",
    site_names("Шаблон", "Участник", "Участница"),
    frozenset({"вики-весна 2023", "cee spring 2023"}),
    TemplateFields(participant=("участник",), country=("страна",), topic=("тема",)),
)
PL = Wiki(
    "pl",
    site_names("Szablon", "Wikipedysta", "Wikipedystka"),
    frozenset({"cee spring 2023"}),
    TemplateFields(participant=("autor",), country=("kraj",), topic=("parametr",)),
    TOPICS,
)
# eo-like: one template for every year, with the year as an argument.
EO = Wiki(
    "eo",
    site_names("Ŝablono", "Uzanto", "Uzantino"),
    frozenset({"vikiprintempo coe"}),
    TemplateFields(participant=("uzanto",), country=("lando",), topic=("temo",),
                   year="jaro", year_value="2026"),
)  # fmt: skip
HR = Wiki(
    "hr",
    site_names("Predložak", "Suradnik", "Suradnica"),
    frozenset({"cee proljeće 2023."}),
    TemplateFields(participant=("suradnik",), country=("zemlja",), topic=("tema",)),
)
HY = Wiki(
    "hy",
    site_names("Կաղապար", "Մասնակից"),
    frozenset({"cee spring 2023"}),
    TemplateFields(participant=("մասնակից",), country=("երկիր",), topic=("թեմա",)),
)


NO_PARTICIPANT = problem("no-participant-talk-template")


def country(raw: str, canonical: str | None) -> DeclaredValue:
    return DeclaredValue("country", raw, canonical)


def topic(raw: str, canonical: str | None) -> DeclaredValue:
    return DeclaredValue("topic", raw, canonical)


def test_lv_call_is_one_entry_with_its_location_text_and_values() -> None:
    call = "{{CEE Spring 2023|dalībnieks=Jānis Bērziņš|valsts=Albānija|tēma=Sievietes}}"
    assert LV.read(f"{{{{Vikiprojekts Latvija}}}}\n{call}\n") == ParsedPage(
        (
            Entry("lv", "Subject", "Jānis Bērziņš", Location("lv", "Talk:Subject", 2, 11), call,
                  kind=SourceKind.TALK_TEMPLATE,
                  values=(country("Albānija", "Albania"), topic("Sievietes", "women"))),
        ),
        (),
    )  # fmt: skip


def test_mixed_case_spacing_namespace_prefix_and_user_link_in_local_names() -> None:
    text = (
        "{{ veidne:CEE_spring 2023 | Dalībnieks = [[Dalībniece:anna_Kalniņa|Anna]] "
        "|  VALSTS  = Igaunija | Tēma = cilvēktiesības }}"
    )
    assert LV.entries(text) == [
        ("Anna Kalniņa", 1, (
            country("Igaunija", "Estonia"), topic("cilvēktiesības", "human rights"),
        )),
    ]  # fmt: skip
    assert LV.read(text).review == ()


def test_numbered_country_arguments_in_order_and_other_suffixes_ignored() -> None:
    text = (
        "{{CEE Spring 2023|valsts3=Polija|dalībnieks=Jānis|valsts=Albānija|valsts 2=Igaunija"
        "|Valsts_4=Ukraina|valstis=Lietuva|valsts-piezīme=Rumānija un Moldova}}"
    )
    assert LV.entries(text) == [
        ("Jānis", 1, (
            country("Polija", "Poland"), country("Albānija", "Albania"),
            country("Igaunija", "Estonia"), country("Ukraina", "Ukraine"),
        )),
    ]  # fmt: skip


def test_uk_positional_countries_with_the_named_one_and_a_user_link() -> None:
    text = (
        "{{CEE Spring 2023|Польща|Литва| 3 = Грузія |країна=Боснія і Герцеговина"
        "|користувач=[[Користувачка:Олена_Петренко|Олена]]|6=Україна}}"
    )
    assert UK.entries(text) == [
        ("Олена Петренко", 1, (
            country("Польща", "Poland"), country("Литва", "Lithuania"),
            country("Грузія", "Georgia"), country("Боснія і Герцеговина", "Bosnia and Herzegovina"),
        )),
    ]  # fmt: skip


def test_fa_positional_participant_in_right_to_left_text() -> None:
    # Bidi marks typed around the name are dropped; the zero-width non-joiner is kept.
    text = (
        "{{الگو:CEE Spring 2023|\u200fعلی\u200cرضا\u200f|کشور=ارمنستان}}\n"
        "{{CEE Spring 2023|[[کاربر:مریم|مریم]]|کشور=آلبانی}}\n"
        "{{CEE Spring 2023|کشور=ارمنستان}}"
    )
    assert FA.entries(text) == [
        ("علی\u200cرضا", 1, (country("ارمنستان", "Armenia"),)),
        ("مریم", 2, (country("آلبانی", "Albania"),)),
    ]
    assert FA.reviews(text) == [
        (3, "{{CEE Spring 2023|کشور=ارمنستان}}", NO_PARTICIPANT)
    ]


def test_calls_by_redirect_by_namespace_alias_and_not_of_other_pages() -> None:
    text = (
        "{{Вики-весна 2023|участник=[[Участница:Мария|Мария]]|страна=Польша}}\n"  # the template
        "{{CEE Spring 2023|участник=Иван|страна=Латвия}}\n"  # a redirect
        "{{Шаблон:вики-весна 2023|участник=Пётр}}\n"  # the local namespace name
        "{{Template:CEE Spring 2023|участник=Олег}}\n"  # the canonical namespace name
        "{{:Вики-весна 2023|участник=Нина}}\n"  # a main-namespace page
        "{{Вики-весна 2022|участник=Нина}}\n"  # another year's template
        "{{Участник:Нина/Вики-весна 2023|участник=Нина}}"  # a user's page
    )
    assert RU.entries(text) == [
        ("Мария", 1, (country("Польша", "Poland"),)),
        ("Иван", 2, (country("Латвия", "Latvia"),)),
        ("Пётр", 3, ()),
        ("Олег", 4, ()),
    ]
    assert RU.read(text).review == ()


def test_hr_template_title_ending_with_a_dot() -> None:
    text = "{{CEE proljeće 2023.|suradnik=[[Suradnica:Ana|Ana]]|zemlja=Bosni i Hercegovini}}"
    assert HR.entries(text) == [
        ("Ana", 1, (country("Bosni i Hercegovini", "Bosnia and Herzegovina"),))
    ]
    assert HR.entries("{{CEE proljeće 2023|suradnik=Ana}}") == []


def test_values_with_slash_or_and_are_one_country() -> None:
    text = "{{CEE Spring 2023|մասնակից=Արամ|երկիր=Ռումինիա/Մոլդովա}}"
    assert HY.entries(text) == [("Արամ", 1, (country("Ռումինիա/Մոլդովա", "Romania and Moldova"),))]
    text = "{{CEE Spring 2023|dalībnieks=Jānis|valsts=Rumānija un Moldova}}"
    assert LV.entries(text) == [
        ("Jānis", 1, (country("Rumānija un Moldova", "Romania and Moldova"),))
    ]


def test_a_list_of_recognised_countries_is_split() -> None:
    text = "{{CEE Spring 2023|autor=Kasia|kraj=Litwa, Łotwa;Bośnia i Hercegowina}}"
    assert PL.entries(text) == [
        ("Kasia", 1, (
            country("Litwa", "Lithuania"), country("Łotwa", "Latvia"),
            country("Bośnia i Hercegowina", "Bosnia and Herzegovina"),
        )),
    ]  # fmt: skip
    assert PL.read(text).review == ()


def test_a_list_with_an_unrecognised_part_stays_whole_and_goes_to_review() -> None:
    text = "{{CEE Spring 2023|autor=Kasia|kraj=Litwa, Lotwa}}"
    assert PL.entries(text) == [("Kasia", 1, (country("Litwa, Lotwa", None),))]
    assert PL.reviews(text) == [(1, text, problem("unrecognised-country", value="Litwa, Lotwa"))]


def test_junk_values_stay_on_the_entry_and_each_goes_to_review_as_typed() -> None:
    text = (
        "{{CEE Spring 2023|dalībnieks=Jānis|valsts=Albānija|valsts2= ??? |valsts3={{flag|Latvia}}"
        "|tēma=sports}}"
    )
    assert LV.entries(text) == [
        ("Jānis", 1, (
            country("Albānija", "Albania"), country("???", None), country("{{flag|Latvia}}", None),
            topic("sports", None),
        )),
    ]  # fmt: skip
    assert LV.reviews(text) == [
        (1, text, problem("unrecognised-country", value="???")),
        (1, text, problem("unrecognised-country", value="{{flag|Latvia}}")),
        (1, text, problem("unrecognised-topic", value="sports")),
    ]


def test_topics_without_a_topic_table_are_kept_as_typed_and_not_reviewed() -> None:
    text = "{{CEE Spring 2023|користувач=Олена|тема=жінки|тема2=історія}}"
    assert UK.entries(text) == [("Олена", 1, (topic("жінки", None), topic("історія", None)))]
    assert UK.read(text).review == ()


def test_the_same_country_twice_is_one_value() -> None:
    text = "{{CEE Spring 2023|dalībnieks=Jānis|valsts=Albānija|valsts2=albānija|valsts3=Albania}}"
    assert LV.entries(text) == [("Jānis", 1, (country("Albānija", "Albania"),))]


def test_html_comments_inside_names_and_values() -> None:
    text = (
        "{{CEE Spring 2023<!-- do not rename -->\n"
        "|dalībnieks=<!-- your user name -->[[Dalībnieks:Jānis|Jānis]]\n"
        "|valsts=<!-- country -->Albānija<!-- or another -->\n"
        "|valsts2=<!-- second country, if any -->\n"
        "|tēma=<!---->}}\n"
        "{{CEE Spring 2023|dalībnieks=<!-- your user name -->|valsts=Polija}}"
    )
    assert LV.entries(text) == [("Jānis", 1, (country("Albānija", "Albania"),))]
    assert LV.reviews(text) == [
        (6, "{{CEE Spring 2023|dalībnieks=<!-- your user name -->|valsts=Polija}}",
         NO_PARTICIPANT),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("participant", "found"),
    [
        ("", NO_PARTICIPANT),
        ("{{u|Jānis}}", problem("not-a-user-name", value="{{u|Jānis}}")),
        ("[[Rīga]]", problem("not-a-user-name", value="[[Rīga]]")),
        ("Jānis/Melnraksts", problem("not-a-user-name", value="Jānis/Melnraksts")),
        ("[[Dalībnieks:Jānis", problem("unclosed-link", link="[[Dalībnieks:Jānis")),
        (
            "[[Dalībnieks:Jānis]], [[Dalībniece:Anna]]",
            problem("several-participants-template", users="Jānis, Anna"),
        ),
    ],
)
def test_participants_that_cannot_be_read_send_the_call_to_review(
    participant: str, found: Problem
) -> None:
    text = f"{{{{CEE Spring 2023|dalībnieks={participant}|valsts=Albānija}}}}"
    assert LV.read(text) == ParsedPage((), (found.at(Location("lv", "Talk:Subject", 1, 11), text),))


def test_participant_as_a_bare_prefixed_title_or_with_a_signature() -> None:
    text = (
        "{{CEE Spring 2023|dalībnieks=Dalībnieks:Jānis}}\n"
        "{{CEE Spring 2023|dalībnieks=[[Dalībniece:Anna|Anna]] ([[User talk:Anna|diskusija]])"
        " 12:00, 2026. gada 1. aprīlis (EEST)}}"
    )
    assert [p for p, _, _ in LV.entries(text)] == ["Jānis", "Anna"]


def test_blocking_and_value_problems_are_given_together_one_item_each() -> None:
    text = "{{CEE Spring 2023|valsts=Albanija}}"
    assert LV.entries(text) == []
    assert LV.reviews(text) == [
        (1, text, NO_PARTICIPANT),
        (1, text, problem("unrecognised-country", value="Albanija")),
    ]


def test_several_calls_each_declare_with_their_own_lines() -> None:
    text = (
        "{{WikiProject banner shell|1=\n"  # 1
        "{{WikiProject Latvia}}\n"  # 2
        "{{CEE Spring 2023|dalībnieks=Jānis|valsts=Albānija}}\n"  # 3
        "}}\n"  # 4
        "<!-- {{CEE Spring 2023|dalībnieks=Paraugs}} -->\n"  # 5
        "<nowiki>{{CEE Spring 2023|dalībnieks=Paraugs}}</nowiki>\n"  # 6
        "{{CEE Spring 2023\n"  # 7
        "| dalībnieks = Anna\n"  # 8
        "| valsts = Polija\n"  # 9
        "}} {{CEE Spring 2023|dalībnieks=Jānis}}\n"  # 10: the same participant again
        "== Diskusija ==\n"  # 11
        "<div>\n{{CEE Spring 2023|dalībnieks=Pēteris}}</div>"  # 12, 13
    )
    assert LV.entries(text) == [
        ("Jānis", 3, (country("Albānija", "Albania"),)),
        ("Anna", 7, (country("Polija", "Poland"),)),
        ("Jānis", 10, ()),
        ("Pēteris", 13, ()),
    ]
    assert LV.read(text).review == ()


def test_a_call_over_several_lines_keeps_its_text_as_written() -> None:
    # The claim time is the first revision whose text holds the call: it must be verbatim.
    call = "{{CEE Spring 2023\n  | dalībnieks = Anna\n  | valsts = Polija\n}}"
    text = f"{{{{Vikiprojekts Latvija}}}}\n{call} {{{{CEE Spring 2023|dalībnieks=Jānis}}}}"
    assert [(e.participant, e.source.line, e.text) for e in LV.read(text).entries] == [
        ("Anna", 2, call),
        ("Jānis", 5, "{{CEE Spring 2023|dalībnieks=Jānis}}"),
    ]


def test_unclosed_calls_go_to_review_and_the_rest_is_still_read() -> None:
    text = (
        "{{CEE Spring 2023|dalībnieks=Jānis|valsts=Albānija\n"  # 1: never closed
        "{{Vikiprojekts Latvija}}\n"  # 2
        "{{CEE Spring 2023|dalībnieks=Anna|valsts=Polija}\n"  # 3: one brace short
        "{{CEE Spring 2023|dalībnieks=Pēteris|valsts=Igaunija}}\n"  # 4
        "{{Cits veidnes {{CEE spring 2023|dalībnieks=X"  # 5
    )
    assert LV.entries(text) == [("Pēteris", 4, (country("Igaunija", "Estonia"),))]
    assert LV.reviews(text) == [
        (1, "{{CEE Spring 2023|dalībnieks=Jānis|valsts=Albānija",
         problem("unclosed-template-call", call="{{CEE Spring 2023")),
        (3, "{{CEE Spring 2023|dalībnieks=Anna|valsts=Polija}",
         problem("unclosed-template-call", call="{{CEE Spring 2023")),
        (5, "{{Cits veidnes {{CEE spring 2023|dalībnieks=X",
         problem("unclosed-template-call", call="{{CEE spring 2023")),
    ]  # fmt: skip


def test_year_argument_selects_this_years_calls() -> None:
    text = (
        "{{VikiPrintempo COE|jaro=2025|uzanto=Petro|lando=Albanio}}\n"  # another year: not ours
        "{{VikiPrintempo COE|jaro = 2026 <!-- this year -->|uzanto=Petro|lando=Albanio}}\n"
        "{{VikiPrintempo COE|uzanto=Maria|lando=Ukrainio}}\n"
        "{{VikiPrintempo COE|jaro=|uzanto=Maria|lando=Ukrainio}}\n"
        "{{VikiPrintempo COE|Jaro=2026|uzanto=Maria|lando=Ukrainio}}\n"
        "{{VikiPrintempo COE|jaro2=2026|uzanto=Maria}}\n"  # not the year argument
        "{{VikiPrintempo COE|jaro=2025|jaro=2026|uzanto=Ana}}"  # the last one counts
    )
    assert EO.entries(text) == [
        ("Petro", 2, (country("Albanio", "Albania"),)),
        ("Maria", 5, (country("Ukrainio", "Ukraine"),)),
        ("Ana", 7, ()),
    ]
    missing = problem("no-year-parameter", parameter="jaro")
    assert [(line, found) for line, _, found in EO.reviews(text)] == [
        (3, missing), (4, missing), (6, missing)
    ]  # fmt: skip


def test_a_call_of_another_year_is_ignored_even_when_broken() -> None:
    assert EO.read("{{VikiPrintempo COE|jaro=2025|lando=???}}") == ParsedPage((), ())


def test_year_argument_needs_the_year_that_counts() -> None:
    with pytest.raises(ValueError, match="year and year_value go together"):
        TemplateFields(participant=("uzanto",), year="jaro")
