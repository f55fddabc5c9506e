from __future__ import annotations

import pytest

from bot.model import (
    Check,
    JuryDecision,
    Location,
    MarkKind,
    ReviewItem,
    Status,
)
from tests.unit.reports_sample import (
    WikiState,
    column,
    jury,
    mark,
    render,
    result,
    status_of,
    table_rows,
    view,
)

# --- jury --------------------------------------------------------------------------------

ACCEPT, REJECT = MarkKind.ACCEPT, MarkKind.REJECT
POINTS, COMMENT = MarkKind.POINTS, MarkKind.COMMENT
A = JuryDecision


@pytest.mark.parametrize(
    ("status", "outcome", "shown_status", "shown_jury"),
    [
        (Status.ACCEPTED, jury(A.ACCEPTED, mark("Bob", ACCEPT), mark("Anna", ACCEPT)),
         "accepted by jury", "accepted (Anna, Bob)"),
        (Status.REJECTED, jury(A.REJECTED, mark("Anna", REJECT, "copyvio")),
         "rejected by jury: copyvio", "rejected by Anna: copyvio"),
        (Status.REJECTED, jury(A.REJECTED, mark("Anna", REJECT)),
         "rejected by jury", "rejected by Anna"),
        (Status.ACCEPTED, jury(A.ACCEPTED, mark("Anna", POINTS, points="4"),
                               mark("Bob", POINTS, points="5"), points="4.5"),
         "accepted by jury", "4.5 points (average of 2 marks)"),
        (Status.ACCEPTED, jury(A.ACCEPTED, mark("Anna", POINTS, points="1"), points="1"),
         "accepted by jury", "1 point (Anna)"),
        (Status.ACCEPTED, jury(A.PENDING, mark("Anna", ACCEPT)),
         "accepted", "pending: 1 of 2 marks; accepted (Anna)"),
        (Status.REVIEW, jury(A.NO_CONSENSUS, mark("Anna", ACCEPT), mark("Bob", REJECT, "pov")),
         "to review: the jurors disagree",
         "jurors disagree: 1 accept, 1 reject; accepted (Anna); rejected by Bob: pov"),
        (Status.ACCEPTED, jury(A.ACCEPTED, mark("Anna", ACCEPT), mark("Bob", ACCEPT),
                               mark("Cy", REJECT, "short"),
                               mark("Cy", COMMENT, "needs sources", minute=2),
                               mark("Anna", COMMENT, "fine", minute=1)),
         "accepted by jury",
         "accepted (Anna, Bob); rejected by Cy: short; Anna: fine; Cy: needs sources"),
    ],
)
def test_jury_texts(status: Status, outcome: object, shown_status: str, shown_jury: str) -> None:
    text = render(result("Ann", status=status, jury=outcome))  # type: ignore[arg-type]
    assert column(text, "Articles", "Status") == [shown_status]
    assert column(text, "Articles", "Jury") == [shown_jury]


def test_jury_accepting_what_the_rules_reject_shows_the_rules_verdict() -> None:
    failed = (Check("exists", "page exists", "page exists", True),
              Check("min_bytes", "2000", "10", False))
    accepted = result("Ann", checks=failed, jury=jury(A.ACCEPTED, mark("Bob", ACCEPT)))
    assert status_of(accepted) == [
        "accepted by jury (the rules said: too short: 10 bytes, needs 2,000)"]


def test_no_jury_column_without_jury_marks_and_escaped_jurors() -> None:
    assert "Jury" not in render(result("Ann"))
    outcome = jury(A.REJECTED, mark("[[X]]", REJECT, "{{copyvio}}"))
    text = render(result("Ann", status=Status.REJECTED, jury=outcome))
    assert column(text, "Articles", "Jury") == [
        "rejected by &#91;&#91;X&#93;&#93;: &#123;&#123;copyvio&#125;&#125;"]


# --- international tables ---------------------------------------------------------------


def test_wiki_totals_with_a_total_row() -> None:
    text = render(result("Ann", "A", length=999), result("Ann", "B", wiki="uk", expansion=True),
                  result("Bo", "C", wiki="uk", status=Status.REJECTED, points="0"))
    assert table_rows(text, "Articles per wiki") == [
        ["meta", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
        ["pl", "1", "1", "1", "0", "0", "0", "1", "999", "1"],
        ["uk", "2", "1", "0", "1", "1", "0", "2", 'data-sort-value="1534" | 1,534', "1"],
        ["Total", "3", "2", "1", "1", "1", "0", "2", 'data-sort-value="2533" | 2,533', "2"],
    ]
    assert '|- class="sortbottom"\n| Total' in text


def test_country_matrix_marks_home_cells_and_counts_undeclared_countries() -> None:
    results = (
        result("Ann", "A", countries=("Poland",)),
        result("Ann", "B", countries=("Poland", "Ukraine")),
        result("Bo", "C", wiki="uk", countries=("Poland",)),
        result("Bo", "D", wiki="uk"),
        result("Cy", "E", wiki="uk", status=Status.REJECTED, countries=("Ukraine",)),
    )
    home = {"pl": frozenset({"Poland"}), "uk": frozenset({"Ukraine"})}
    text = render(*results, at=view(home=home))
    caption = "Accepted articles per wiki and country"
    assert "! Wiki !! Poland !! Ukraine !! no country declared !! Total" in text
    shaded = 'style="background:#eaecf0" | '
    assert table_rows(text, caption) == [
        ["meta", "", "", "", "0"],
        ["pl", f"{shaded}2", "1", "", "2"],  # an article about two countries counts once
        ["uk", "1", shaded, "1", "2"],
        ["Total", "3", "1", "1", "4"],
    ]
    assert "Shaded cells: articles about the wiki's own country." in text


def test_authors_with_newcomers_marked() -> None:
    text = render(result("Ann", "A", newcomer=True), result("Bo", "B", wiki="uk"),
                  result("Bo", "C", points="2"), result("Cy", "D", status=Status.REJECTED))
    assert table_rows(text, "Authors of accepted articles") == [
        ["[[:pl:User:Bo|Bo]]", "pl, uk", "2", "2", "0", 'data-sort-value="3068" | 3,068', "3"],
        ["[[:pl:User:Ann|Ann]] ★", "pl", "1", "1", "0", 'data-sort-value="1534" | 1,534', "1"],
    ]
    assert "★ a new account: registered on the wiki during the contest." in text
    assert "★" not in render(result("Ann", "A"))


def test_a_wiki_of_its_own_shows_only_its_entries_ranking_and_problems() -> None:
    review = (ReviewItem(Location("pl", "Lista", 1, 5), "a", "other", (("reason", "pl"),)),
              ReviewItem(Location("uk", "Lista", 1, 5), "b", "other", (("reason", "uk"),)))
    wikis = (WikiState("pl", None, None, "down"), WikiState("uk", None, None, "gone"))
    text = render(result("Ann", "A"), result("Bo", "B", wiki="uk"), review=review, wikis=wikis,
                  at=view(wiki="uk"))
    assert text.split("\n\n")[:2] == [
        "Data for uk could not be read yet (error: gone).",
        "1 article, 1 accepted, 0 rejected, 1 needs review, 1 participant.",
    ]
    assert column(text, "Participants", "Participant") == ["[[:uk:User:Bo|Bo]]"]
    assert column(text, "Articles", "Article") == ["[[:uk:B|B]]"]
    assert column(text, "Lines that need a human look", "Problem") == ["uk"]
    assert "==" not in text and "Articles per wiki" not in text and "Authors" not in text
