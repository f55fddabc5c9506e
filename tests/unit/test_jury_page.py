"""Reading a jury page: decision templates, their typos, and whose decisions they are."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from bot.config import JuryParameters, JuryPoints, JuryTemplates, WikiJury
from bot.model import JuryMark, Location, MarkKind, ReviewItem
from bot.sources.history import Revision, blame
from bot.sources.jury_page import ParsedJury, parse_jury_page, verify
from bot.sources.reader import DeclaringPage
from bot.titles import WikiNames

PL = WikiNames(
    namespaces={"": 0, "template": 10, "szablon": 10, "user": 2, "wikipedysta": 2,
                "user talk": 3, "dyskusja wikipedysty": 3, "category": 14, "kategoria": 14},
    local_names={2: "Wikipedysta", 3: "Dyskusja wikipedysty", 10: "Szablon", 14: "Kategoria"},
    interwiki={"en": "en"},
)
# Polish template names and parameters next to the English defaults.
JURY = WikiJury(
    page="Jury",
    templates=JuryTemplates(accept=["Jury accept", "Jury przyjmij"],
                            reject=["Jury reject", "Szablon:Jury odrzuć"],
                            points=["Jury points", "Jury punkty"],
                            comment=["Jury comment", "Jury komentarz"]),
    parameters=JuryParameters(article=["1", "article", "artykuł"],
                              participant=["participant", "user", "autor"],
                              reason=["2", "reason", "powód"],
                              points=["2", "points", "punkty"],
                              comment=["2", "comment", "text", "komentarz"]),
)
POINTS = JuryPoints(min=Decimal(1), max=Decimal(5))


def parse(text: str, points: JuryPoints | None = POINTS) -> ParsedJury:
    return parse_jury_page(text, wiki="pl", page="Jury", revision=90, names=PL, jury=JURY,
                           points=points)


def decisions(text: str) -> list[tuple[object, ...]]:
    """(kind, title, participant, reason, points, line) of each decision."""
    return [(d.kind, d.title, d.participant, d.reason, d.points, d.line)
            for d in parse(text).decisions]


def problems(text: str, points: JuryPoints | None = POINTS) -> list[tuple[object, ...]]:
    """(line, problem, params) of each review item."""
    return [(r.source.line, r.problem, dict(r.params)) for r in parse(text, points).review]


def test_several_decisions_with_their_lines() -> None:
    text = ("== Decisions ==\n"
            "* {{Jury accept|Kraków}} ~~~~\n"
            "* {{Jury reject|gdańsk|too short}}\n"
            "{| class=wikitable\n"
            "|-\n"
            "| {{Jury points|Łódź|4}} || {{Jury comment|Łódź|nice photos}}\n"
            "|}\n"
            "* {{Jury accept\n"
            " |article=Poznań\n"
            " |user=[[Wikipedysta:Anna k|Anna]]}}\n"
            "* {{Jury reject|Toruń|reason=copied from [[Wikipedia:Plagiarism|elsewhere]]}}\n")
    assert decisions(text) == [
        (MarkKind.ACCEPT, "Kraków", None, "", None, 2),
        (MarkKind.REJECT, "Gdańsk", None, "too short", None, 3),
        (MarkKind.POINTS, "Łódź", None, "", Decimal(4), 6),
        (MarkKind.COMMENT, "Łódź", None, "nice photos", None, 6),
        (MarkKind.ACCEPT, "Poznań", "Anna k", "", None, 8),
        (MarkKind.REJECT, "Toruń", None, "copied from [[Wikipedia:Plagiarism|elsewhere]]",
         None, 11),
    ]
    assert problems(text) == []
    poznan = parse(text).decisions[4]
    assert poznan.text == ("{{Jury accept\n |article=Poznań\n"
                           " |user=[[Wikipedysta:Anna k|Anna]]}}")


def test_localized_names_and_parameters() -> None:
    text = ("{{jury przyjmij|artykuł=Kraków|autor=Anna_k}}\n"
            "{{Szablon:Jury_odrzuć|1=[[Gdańsk|the city]]|powód=stub}}\n"
            "{{template:Jury odrzuć|Sopot|powód=stub}}\n"
            "{{Jury punkty|Łódź|punkty=4,5|autor=Wikipedysta:Bartek}}\n"
            "{{Jury komentarz|Łódź|komentarz=see the talk page}}\n")
    assert decisions(text) == [
        (MarkKind.ACCEPT, "Kraków", "Anna k", "", None, 1),
        (MarkKind.REJECT, "Gdańsk", None, "stub", None, 2),
        (MarkKind.REJECT, "Sopot", None, "stub", None, 3),
        (MarkKind.POINTS, "Łódź", "Bartek", "", Decimal("4.5"), 4),
        (MarkKind.COMMENT, "Łódź", None, "see the talk page", None, 5),
    ]


def test_comments_nowiki_and_struck_decisions_are_not_read() -> None:
    text = ("<!-- {{Jury accept|Kraków}} -->\n"
            "<nowiki>{{Jury accept|Gdańsk}}</nowiki>\n"
            "<s>{{Jury reject|Łódź|stub}}</s> changed my mind\n"
            "{{Jury accept|Łódź<!-- was: Lodz -->}}\n"
            "<!--\n{{Jury reject|Sopot}}\n-->\n"
            "{{Jury accept|Sopot}}\n")
    assert decisions(text) == [(MarkKind.ACCEPT, "Łódź", None, "", None, 4),
                               (MarkKind.ACCEPT, "Sopot", None, "", None, 8)]
    assert problems(text) == []


def test_typos_spoil_their_decision_only() -> None:
    text = ("{{Jury accept}}\n"
            "{{Jury accept|Foo<bar>}}\n"
            "{{Jury accept|[[Wikipedysta:Anna]]}}\n"
            "{{Jury reject|Kraków}}\n"
            "{{Jury comment|Kraków}}\n"
            "{{Jury points|Kraków|four}}\n"
            "{{Jury points|Kraków|7}}\n"
            "{{Jury points|Kraków}}\n"
            "{{Jury accept|Kraków|user=[[Kraków]]}}\n"
            "{{Jury accept|Gdańsk}}\n")
    assert decisions(text) == [(MarkKind.ACCEPT, "Gdańsk", None, "", None, 10)]
    assert problems(text) == [
        (1, "jury-no-article", {}),
        (2, "jury-bad-article", {"article": "Foo<bar>"}),
        (3, "jury-bad-article", {"article": "[[Wikipedysta:Anna]]"}),
        (4, "jury-no-reason", {}),
        (5, "jury-no-comment", {}),
        (6, "jury-points-not-number", {"points": "four"}),
        (7, "jury-points-out-of-range", {"points": "7", "min": "1", "max": "5"}),
        (8, "jury-no-points", {}),
        (9, "jury-bad-participant", {"participant": "[[Kraków]]"}),
    ]
    item = parse(text).review[1]
    assert item == ReviewItem(Location("pl", "Jury", 2, 90), "{{Jury accept|Foo<bar>}}",
                              "jury-bad-article", (("article", "Foo<bar>"),))


def test_an_article_of_another_wiki_is_not_one_of_this_jury() -> None:
    assert problems("{{Jury accept|[[en:Kraków]]}}") == [
        (1, "jury-bad-article", {"article": "[[en:Kraków]]"})]


def test_points_without_jury_points_are_refused() -> None:
    assert problems("{{Jury points|Kraków|4}}", points=None) == [
        (1, "jury-points-not-used", {})]
    assert not parse("{{Jury points|Kraków|4}}", points=None).decisions


def test_an_unknown_parameter_is_reported_and_the_decision_stands() -> None:
    text = "{{Jury reject|Kraków|too short|reasn=stub}}\n{{Jury accept|Gdańsk|good}}"
    assert decisions(text) == [(MarkKind.REJECT, "Kraków", None, "too short", None, 1),
                               (MarkKind.ACCEPT, "Gdańsk", None, "", None, 2)]
    assert problems(text) == [
        (1, "jury-unknown-parameter", {"name": "reasn", "template": "Jury reject"}),
        (2, "jury-unknown-parameter", {"name": "2", "template": "Jury accept"}),
    ]
    # A misspelt reason is still a missing one: both are said.
    assert problems("{{Jury reject|Kraków|reasn=stub}}") == [
        (1, "jury-unknown-parameter", {"name": "reasn", "template": "Jury reject"}),
        (1, "jury-no-reason", {}),
    ]


def test_a_template_named_almost_like_a_decision_template() -> None:
    text = ("{{Jury acept|Kraków}}\n"
            "{{jury_rejct|Gdańsk|stub}}\n"
            "{{Jury przyjmj|Łódź}}\n"
            "{{Done}} {{Jury}} {{Infobox city|name=Kraków}}\n")
    assert decisions(text) == []
    assert problems(text) == [
        (1, "jury-unknown-template", {"name": "Jury acept", "suggestion": "Jury accept"}),
        (2, "jury-unknown-template", {"name": "jury_rejct", "suggestion": "Jury reject"}),
        (3, "jury-unknown-template", {"name": "Jury przyjmj", "suggestion": "Jury przyjmij"}),
    ]


def test_an_unclosed_decision_template() -> None:
    text = "* {{Jury accept|Kraków}}\n* {{Jury accept|Gdańsk ~~~~\n* {{Jury accept|Łódź}}"
    assert [d.title for d in parse(text).decisions] == ["Kraków", "Łódź"]
    [item] = parse(text).review
    assert (item.source.line, item.text, item.problem) == (
        2, "* {{Jury accept|Gdańsk ~~~~", "unclosed-template-call")


# ----- whose decisions they are -----------------------------------------------------------

def at(day: int) -> datetime:
    return datetime(2026, 4, day, 12, tzinfo=UTC)


PAGE_TEXTS = [
    (101, "Juror", "* {{Jury accept|Kraków}} --Juror"),
    (102, "Stranger", "* {{Jury accept|Kraków}} --Juror\n* {{Jury reject|Gdańsk|stub}}"),
    (103, "Juror", "* {{Jury accept|Kraków}} --Juror\n* {{Jury reject|Gdańsk|stub}}\n"
                   "* {{Jury acept|Łódź}}\n* {{Jury points|Sopot|4\n}}"),
]
PAGE = DeclaringPage("Jury", 7, 103)


def test_decisions_are_the_jurors_who_added_their_lines() -> None:
    revisions = [Revision(rev, user, at(rev - 100), text) for rev, user, text in PAGE_TEXTS]
    text = PAGE_TEXTS[-1][2]
    read = verify(parse(text), blame(revisions), {"Juror"}, wiki="pl", page=PAGE)
    assert read.marks == (
        JuryMark("pl", "Kraków", None, "Juror", MarkKind.ACCEPT,
                 Location("pl", "Jury", 1, 101), at(1)),
        JuryMark("pl", "Sopot", None, "Juror", MarkKind.POINTS,
                 Location("pl", "Jury", 4, 103), at(3), points=Decimal(4)),
    )
    assert [(r.source, r.problem, dict(r.params)) for r in read.review] == [
        # The typo and the stranger's decision point at the edits that made them.
        (Location("pl", "Jury", 3, 103), "jury-unknown-template",
         {"name": "Jury acept", "suggestion": "Jury accept"}),
        (Location("pl", "Jury", 2, 102), "jury-not-juror", {"title": "Gdańsk", "user": "Stranger"}),
    ]


def test_a_line_whose_origin_is_unknown_counts_for_nobody() -> None:
    text = PAGE_TEXTS[-1][2]
    read = verify(parse(text), [], {"Juror"}, wiki="pl", page=PAGE)
    assert read.marks == ()
    assert [(r.source.line, r.source.revision, r.problem) for r in read.review] == [
        (3, 90, "jury-unknown-template"),  # as parsed: no origin to move it to
        (1, 103, "jury-origin-unknown"), (2, 103, "jury-origin-unknown"),
        (4, 103, "jury-origin-unknown"),
    ]


def test_a_decision_belongs_to_whoever_wrote_this_occurrence_of_its_line() -> None:
    line = "* {{Jury reject|Korcza|plagiat}}"
    history = [
        Revision(1, "Anna", at(1), f"Decisions\n{line}"),
        Revision(2, "Anna", at(2), "Decisions"),  # withdrawn
        Revision(3, "Mallory", at(3), f"Decisions\n{line}"),  # written again by a non-juror
        Revision(4, "Bozena", at(4), f"Decisions\n{line}\n{line}"),  # the same words
    ]
    assert [(o.user, o.revision) for o in blame(history)] == [
        ("Anna", 1), ("Mallory", 3), ("Bozena", 4)]


def test_a_revert_gives_the_lines_back_to_their_authors() -> None:
    history = [
        Revision(1, "Anna", at(1), "Decisions\n* {{Jury accept|Tirana}}"),
        Revision(2, "Vandal", at(2), "blanked"),
        Revision(3, "Admin", at(3), "Decisions\n* {{Jury accept|Tirana}}"),  # the revert
        Revision(4, "Bozena", at(4), "Decisions\n* {{Jury accept|Tirana}}\n* {{Jury accept|X}}"),
    ]
    assert [(o.user, o.revision) for o in blame(history)] == [
        ("Anna", 1), ("Anna", 1), ("Bozena", 4)]
