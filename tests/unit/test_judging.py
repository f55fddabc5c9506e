"""What judging asks the wiki for, and in which form (bot.judging)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.config import parse_config
from bot.judging import facts_request, judging_context
from bot.model import Entry, Location, PageFacts
from bot.rules.checks import Subject
from bot.rules.engine import evaluate
from bot.titles import WikiNames

NOW = datetime(2026, 4, 10, tzinfo=UTC)
PL = WikiNames(
    namespaces={"": 0, "template": 10, "szablon": 10, "category": 14, "kategoria": 14,
                "file": 6, "plik": 6},
    local_names={10: "Szablon", 14: "Kategoria", 6: "Plik"},
)
ENTRY = Entry("pl", "Kraków", "Alicja", Location("pl", "Zgłoszenia", 3, 10), "# [[Kraków]]")


def config(rules: object, points: object | None = None) -> object:
    wiki: dict[str, object] = {"site": {"code": "pl"}, "rules": rules,
                               "disambiguation_templates": ["template:ujednoznacznienie"],
                               "reference_templates": ["Szablon:odn"]}
    if points is not None:
        wiki["points"] = points
    return parse_config({
        "name": "c", "window": {"start": "2026-03-21", "end": "2026-05-31"},
        "results": {"wiki": "pl", "page": "Wyniki"}, "wikis": {"pl": wiki},
    }, "test.yaml")


def test_templates_and_categories_are_asked_for_in_the_wikis_own_form() -> None:
    contest = config(["created_in_window", {"without_templates": ["Template:dopracować"]}],
                     {"bonuses": [{"name": "good", "when": {"in_category":
                                                             "category:dobre artykuły"},
                                   "points": 2}]})
    ctx = judging_context(contest, "pl", PL, {}, NOW)  # type: ignore[arg-type]
    request = facts_request(contest, "pl", PL, [ENTRY], ctx)  # type: ignore[arg-type]
    assert request.templates == ["Szablon:Dopracować"]
    assert request.categories == ["Kategoria:Dobre artykuły"]
    assert request.disambiguation_templates == ["Szablon:Ujednoznacznienie"]
    assert request.reference_templates == frozenset({"Odn"})
    assert request.hidden_prefixes == frozenset({"kategoria", "category", "plik", "file"})
    assert not (request.need_content or request.need_users or request.need_size_before)

    # The rule matches what the API reports, whatever form the organizer wrote.
    page = PageFacts("Kraków", exists=True, title="Kraków", namespace=0,
                     created_at=NOW, templates=frozenset({"Szablon:Dopracować"}))
    checks = evaluate(contest.rules_for("pl"), Subject(ENTRY, page), ctx)  # type: ignore[attr-defined]
    template = next(c for c in checks if c.rule == "without_templates")
    assert (template.actual, template.passed) == ("Szablon:Dopracować", False)


def test_only_the_facts_the_rules_use_are_asked_for() -> None:
    contest = config(["created_in_window", {"min_words": 200}, {"max_bytes_before": 8000},
                      {"fewer_edits_before_start": 100}, {"fewer_edits_before_start": 50},
                      {"min_added_chars": 10}])
    ctx = judging_context(contest, "pl", PL, {}, NOW)  # type: ignore[arg-type]
    request = facts_request(contest, "pl", PL, [ENTRY], ctx)  # type: ignore[arg-type]
    assert (request.need_content, request.need_added_content, request.need_size_before,
            request.need_users, request.edits_before_limit) == (True, True, True, True, 100)
