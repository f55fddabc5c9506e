"""Seeds, contest definitions and page inspection for test_results_pages.py.

Contests with their results on meta (in English) and three language wikis: pl (with a jury page,
and its own results page in Polish), de (its own page in German) and ar (right-to-left).
Every page is imported with the history a real wiki would have, so that the bot reads
who wrote each declaration and each jury decision from the page history.

Titles and user names are as nasty as MediaWiki allows (``''``, ``!!``, ``&``, leading
``*``/``=``/``-``, ``ISBN 1234567890``, Arabic letters, bidi marks in links); whatever
MediaWiki forbids in titles (``| [ ] { } < > #``, ``~~~``) is put into declaring lines
that become problems and into jury reasons, where the bot shows it as text.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from test_pipeline import contestbot, export, page_text, words

from devwiki.dump import Page, Revision
from devwiki.farm import Farm

MESSAGES = Path(__file__).resolve().parents[2] / "bot" / "reports" / "messages"
RLM, RLO = "\u200f", "\u202e"  # right-to-left mark; right-to-left override


def at(month: int, day: int, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def rev(when: datetime, user: str, text: str) -> Revision:
    return Revision(timestamp=when, user=user, text=text)


# --- the history of a page, line by line ----------------------------------------------

@dataclass(frozen=True)
class Edit:
    """One revision of a growing page: ``add`` is appended; ``replace`` swaps a whole
    line for another (``new`` None removes it), as a vandal or a juror would."""

    when: datetime
    user: str
    add: str = ""
    replace: tuple[str, str | None] | None = None


def history(edits: Sequence[Edit]) -> list[Revision]:
    text, revisions = "", []
    for edit in edits:
        if edit.replace is not None:
            old, new = edit.replace
            lines = text.split("\n")
            assert lines.count(old) == 1, f"not exactly one line {old!r}"
            index = lines.index(old)
            lines[index:index + 1] = [] if new is None else [new]
            text = "\n".join(lines)
        text += edit.add
        revisions.append(rev(edit.when, edit.user, text))
    return revisions


def line_of(revisions: Sequence[Revision], line: str) -> int:
    """The 1-based number of ``line`` in the page as it is now (the latest revision)."""
    lines = revisions[-1].text.split("\n")
    assert lines.count(line) == 1, f"not exactly one line {line!r}"
    return lines.index(line) + 1


# --- pl: the declarations ---------------------------------------------------------------

PL_OK = words(350)  # 2,449 bytes: 2 points
PL_LONG = words(1100)  # 7,699 bytes: 5 points
PL_ENTRIES = "Wikipedia:Konkurs/Zgłoszenia"
PL_JURY = "Wikipedia:Konkurs/Jury"
ALICJA = "Alicja"
# Alicja's articles, one per jury case (see test_results_pages.JURY_CASES).
TIE = "Tirana"  # two jurors disagree
ONE_REJECT = "Szkodra"  # one juror rejects, a non-juror accepts
MAJORITY = "Durrës"  # two accept, one rejects
OVERRULED = "Wlora"  # the rules reject it, a juror accepts
POINTS = "Kruja"  # two jurors give different points
TAMPERED = "Berat"  # a juror's decision rewritten by a non-juror
BROKEN = "Fier"  # only decisions with typos
MARKUP = "Gjirokastra"  # rejected with a reason full of markup
SAME_LINE = "Elbasan"  # two jurors write the very same line
RESTORED = "Korcza"  # a juror's withdrawn decision put back by a non-juror
ALICJA_TITLES = (TIE, ONE_REJECT, MAJORITY, OVERRULED, POINTS, TAMPERED, BROKEN, MARKUP,
                 SAME_LINE, RESTORED)
# Allowed in titles and user names, and markup anywhere else.
ITALIC_USER = "''Kursywny'' Użytkownik"
STAR_USER = "*Gwiazda"
MINUS_USER = "-Minus"
NASTY_PL = {  # title → participant
    "''Kursywa'' i '''pogrubienie'''": ITALIC_USER,
    "!!Wykrzyknik!!": ITALIC_USER,
    "*Gwiazdka": STAR_USER,
    "=Równość=": STAR_USER,
    "----Kreski": MINUS_USER,
    "ISBN 1234567890": MINUS_USER,
    "Tom & Jerry": MINUS_USER,
}
# What titles cannot hold, on lines that name no article: each becomes a problem.
PL_BAD_LINES = (
    f"* | }}}} {{{{ __NOTOC__ ~~~~ <ref>odnośnik</ref> <nowiki>nw</nowiki> &amp; "
    f"{RLO}odwrócone — [[Użytkownik:Alicja|Alicja]]",
    "* [[ niedomknięte ''kursywa'' !! {{Wstrzyknięty}} — [[Użytkownik:Alicja|Alicja]]",
)


def pl_user(name: str) -> str:
    return f"[[Użytkownik:{name}|{name}]]"


PL_DECLARATIONS = history([
    Edit(at(4, 20), ALICJA, "Zgłoszenia konkursu.\n\n== " + pl_user(ALICJA) + " ==\n"
         + "".join(f"# [[{t}]]\n" for t in ALICJA_TITLES)),
    # A heading with a user link, then a list: the heading names the participant.
    Edit(at(4, 21), ITALIC_USER, f"\n== {pl_user(ITALIC_USER)} ==\n"
         + "".join(f"# [[{t}]]\n" for t, u in NASTY_PL.items() if u == ITALIC_USER)),
    # Signed lines: the line's own user link wins over the heading above.
    *(Edit(at(4, 22 + i), user, "".join(f"* [[{t}]] — {pl_user(user)}\n"
                                        for t, u in NASTY_PL.items() if u == user))
      for i, user in enumerate((STAR_USER, MINUS_USER))),
    Edit(at(4, 25), ALICJA, "".join(f"{line}\n" for line in PL_BAD_LINES)),
])


def pl_articles() -> list[Page]:
    made = [Page(t, [rev(at(4, 2 + i), ALICJA, PL_OK)]) for i, t in enumerate(ALICJA_TITLES)
            if t != OVERRULED]
    # Written the day before the contest started: the rules reject it.
    made.append(Page(OVERRULED, [rev(datetime(2026, 3, 20, 23, tzinfo=UTC), ALICJA, PL_LONG)]))
    made += [Page(t, [rev(at(4, 13), u, PL_OK)]) for t, u in NASTY_PL.items()]
    return made


# --- pl: the jury page ------------------------------------------------------------------

ANNA = "Anna"  # a juror of the whole contest (jury.members)
BOZENA, CZESLAW = "Bożena", "Czesław"  # pl's own jurors (wikis.pl.jury.members)
MALLORY = "Mallory"  # not a juror
# Everything a reason may hold that must never become markup on a results page. A
# template parameter cannot hold a bare "|" or "}}": those come in <nowiki>.
NASTY_REASON = (f"kopia &amp; __NOTOC__ ~~~~ <ref>przypis</ref> [[Kategoria:Wstrzyknięta]] "
                f"{{{{Wstrzyknięty}}}} [[Strona wstrzyknięta]] <nowiki>|}}}}</nowiki> "
                f"'''tłusto''' {RLO}odwrócone")
NASTY_COMMENT = (f"uwaga: ~~~ __TOC__ <ref name=\"x\"/> http://example.org/spam "
                 f"[[Użytkownik:{MALLORY}]] {{{{!}}}} ----")


def call(template: str, *args: str) -> str:
    return "* {{" + "|".join((template, *args)) + "}}"


# Each decision's line, named so that the expectations can find its line number.
L = {
    "tie: Anna accepts": call("Jury accept", TIE),
    "tie: Anna's comment": call("Jury comment", TIE, NASTY_COMMENT),
    "tie: Bożena accepts": call("Jury accept", TIE, f"participant={ALICJA}"),
    "tie: Bożena rejects, later": call("Jury reject", TIE, "za krótki"),
    "one reject: Anna": call("Jury reject", ONE_REJECT, "copyvio"),
    "one reject: Mallory accepts": call("Jury accept", ONE_REJECT),
    "majority: Anna accepts": call("Jury accept", MAJORITY),
    "majority: Bożena accepts": call("Jury accept", f"article={MAJORITY}"),
    "majority: Czesław rejects": call("Jury reject", MAJORITY, "nudne"),
    "overruled: Anna accepts": call("Jury accept", OVERRULED),
    "overruled: Bożena's typo": call("Jury acept", OVERRULED),
    "points: Anna's": call("Jury points", POINTS, "3"),
    "points: Bożena's": call("Jury points", POINTS, "4,5"),
    "tampered: Anna accepts": call("Jury accept", TAMPERED),
    "tampered: Mallory's change": call("Jury reject", TAMPERED, f"{MALLORY} was here"),
    "broken: unknown parameter": call("Jury reject", BROKEN, "reasn=kopia"),
    "broken: no reason": call("Jury reject", BROKEN),
    "broken: points out of range": call("Jury points", BROKEN, "9"),
    "markup: Czesław rejects": call("Jury reject", MARKUP, NASTY_REASON),
    "same line: Anna rejects": call("Jury reject", SAME_LINE, "kopia"),
    "restored: Anna rejects": call("Jury reject", RESTORED, "plagiat"),
    "no such entry": call("Jury accept", "Nieistniejący artykuł"),
}


def _lines(*names: str) -> str:
    return "".join(f"{L[name]}\n" for name in names)


PL_JURY_HISTORY = history([
    Edit(at(6, 1, 9), ANNA, "Decyzje jury.\n\n" + _lines(
        "tie: Anna accepts", "tie: Anna's comment", "one reject: Anna", "majority: Anna accepts",
        "overruled: Anna accepts", "points: Anna's", "tampered: Anna accepts",
        "broken: unknown parameter", "same line: Anna rejects", "restored: Anna rejects",
        "no such entry")),
    Edit(at(6, 1, 10), BOZENA, _lines(
        "tie: Bożena accepts", "majority: Bożena accepts", "overruled: Bożena's typo",
        "points: Bożena's", "broken: points out of range",
        # The same decision as Anna's, word for word, on a line of its own.
        "same line: Anna rejects")),
    Edit(at(6, 1, 11), CZESLAW, _lines(
        "majority: Czesław rejects", "broken: no reason", "markup: Czesław rejects")),
    # Bożena changes her mind: her latest decision counts.
    Edit(at(6, 2, 9), BOZENA, _lines("tie: Bożena rejects, later")),
    # A non-juror adds a decision of their own, and rewrites one of Anna's.
    Edit(at(6, 2, 10), MALLORY, _lines("one reject: Mallory accepts"),
         replace=(L["tampered: Anna accepts"], L["tampered: Mallory's change"])),
    # Anna withdraws a decision by removing its line; Mallory puts it back word for word.
    Edit(at(6, 3, 9), ANNA, replace=(L["restored: Anna rejects"], None)),
    Edit(at(6, 3, 10), MALLORY, _lines("restored: Anna rejects")),
])


def jury_line(name: str) -> int:
    """The line of a decision on the jury page (of the first, for the same line twice)."""
    lines = PL_JURY_HISTORY[-1].text.split("\n")
    return lines.index(L[name]) + 1


# --- de and ar ---------------------------------------------------------------------------

DE_ENTRIES = "Wikipedia:Wettbewerb/Artikel"
DE_OK = words(300, "Wort")  # 1,499 bytes: 1 point
SHOUT_USER = "!!Krzyk"
DE_NASTY = ("Tom & Jerry", "'''Fett''' & ''kursiv''")
DE_DECLARATIONS = history([
    Edit(at(4, 20), "Dieter", "Artikel des Wettbewerbs.\n\n== [[Benutzer:Dieter|Dieter]] ==\n"
         "# [[Berlin]]\n# [[Köln]]\n"),
    Edit(at(4, 21), SHOUT_USER, "".join(f"* [[{t}]] — [[Benutzer:{SHOUT_USER}|{SHOUT_USER}]]\n"
                                        for t in DE_NASTY)),
])

AR_ENTRIES = "Wikipedia:مسابقة/مقالات"
AR_OK = words(300, "كلمة")  # 2,699 bytes: 1 point
SARA, OMAR = "سارة", "عمر"
AR_BAD_LINE = f"# {RLO}معكوس | }}}} {{{{ __NOTOC__ ~~~~ — [[مستخدم:{OMAR}|{OMAR}]]"
AR_DECLARATIONS = history([
    # A right-to-left mark in the user link: the bot must read it as سارة.
    Edit(at(4, 20), SARA, f"مقالات المسابقة\n# [[القاهرة]] — [[مستخدم:{SARA}{RLM}|{SARA}]]\n"
         f"# [[الإسكندرية]] — [[مستخدم:{SARA}|{SARA}]]\n"),
    Edit(at(4, 21), OMAR, f"# [[أسوان]] — [[مستخدم:{OMAR}|{OMAR}]]\n{AR_BAD_LINE}\n"),
])
AR_ARTICLES = {"القاهرة": SARA, "الإسكندرية": SARA, "أسوان": OMAR}


def seed(farm: Farm) -> None:
    farm.import_pages("pl", [
        Page(PL_ENTRIES, PL_DECLARATIONS, namespace=4),
        Page(PL_JURY, PL_JURY_HISTORY, namespace=4),
        *pl_articles(),
    ])
    farm.import_pages("de", [
        Page(DE_ENTRIES, DE_DECLARATIONS, namespace=4),
        Page("Berlin", [rev(at(4, 2), "Dieter", DE_OK)]),
        Page("Köln", [rev(at(4, 3), "Dieter", words(20, "Wort"))]),  # too short
        *(Page(t, [rev(at(4, 4), SHOUT_USER, DE_OK)]) for t in DE_NASTY),
    ])
    farm.import_pages("ar", [
        Page(AR_ENTRIES, AR_DECLARATIONS, namespace=4),
        *(Page(t, [rev(at(4, 2 + i), u, AR_OK)]) for i, (t, u) in enumerate(AR_ARTICLES.items())),
    ])


# Every article declared, by wiki: what a results page may link to.
ARTICLES = {"pl": (*ALICJA_TITLES, *NASTY_PL), "de": ("Berlin", "Köln", *DE_NASTY),
            "ar": tuple(AR_ARTICLES)}
USERS = {"pl": (ALICJA, *set(NASTY_PL.values())), "de": ("Dieter", SHOUT_USER),
         "ar": (SARA, OMAR)}
SOURCE_PAGES = {"pl": (PL_ENTRIES, PL_JURY), "de": (DE_ENTRIES,), "ar": (AR_ENTRIES,)}


# --- contest definitions ------------------------------------------------------------------

BASE_RULES = ["namespace", "not_redirect", "not_disambiguation", "created_in_window",
              "created_by_participant"]


@dataclass(frozen=True)
class Contest:
    """One contest definition on disk, with its own database and results pages."""

    name: str
    path: Path
    db: str
    results: str  # on meta
    local: dict[str, str]  # wiki → its own results page
    status_page: str | None = None

    def pages(self) -> list[tuple[str, str]]:
        """(wiki, title) of every results page but subpages."""
        return [("meta", self.results), *self.local.items()]


def write_contest(folder: Path, label: str, mode: str, *, local: bool = True,
                  max_bytes: int | None = None, status: bool = False) -> Contest:
    """A contest named after ``label`` judged by the jury in ``mode``; writing it again
    with the same label changes the definition of the same contest (same database).
    Titles are written as the wiki writes them ("min marks", not "min_marks")."""
    label = label.replace("_", " ")
    name = f"Contest 2026 {label}"
    results: dict[str, Any] = {"wiki": "meta", "page": f"{name}/Results", "language": "en"}
    if max_bytes is not None:
        results["max_bytes"] = max_bytes
    if status:
        # Under the results page, as contests put it: not one of its parts all the same.
        results["status_page"] = f"{name}/Results/Status"
    pages = {"pl": (f"Wikipedia:Konkurs 2026 {label}/Wyniki", "pl"),
             "de": (f"Wikipedia:Wettbewerb 2026 {label}/Ergebnisse", "de")} if local else {}

    def site(code: str) -> dict[str, str]:
        return {"code": code, "family": "devwiki"}

    def submission(page: str) -> list[dict[str, str]]:
        return [{"kind": "submission_page", "page": page}]

    wikis: dict[str, Any] = {
        "meta": {"site": site("meta")},  # only hosts the results
        "pl": {"site": site("pl"), "sources": submission(PL_ENTRIES),
               "rules": [*BASE_RULES, {"min_bytes": 2000}],
               "points": {"new": {"tiers": [{"when": {"min_bytes": 6000}, "points": 5},
                                            {"when": {"min_bytes": 2000}, "points": 2}]}},
               "jury": {"page": PL_JURY, "members": [BOZENA, CZESLAW]}},
        "de": {"site": site("de"), "sources": submission(DE_ENTRIES)},
        "ar": {"site": site("ar"), "sources": submission(AR_ENTRIES)},
    }
    for key, (page, language) in pages.items():
        wikis[key]["results"] = {"page": page, "language": language}
    definition = {
        "name": name,
        "window": {"start": "2026-03-21", "end": "2026-05-31", "timezone": "UTC"},
        "results": results,
        "defaults": {"rules": [*BASE_RULES, {"min_bytes": 1000}]},
        "organizers": ["Admin"],
        "jury": {"mode": mode, "min_marks": 2, "members": [ANNA],
                 "points": {"min": 1, "max": 5}},
        "wikis": wikis,
    }
    path = folder / f"{label.replace(' ', '-')}.yaml"
    path.write_text(yaml.safe_dump(definition, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return Contest(name, path, f"sqlite:///{path.with_suffix('.sqlite')}", results["page"],
                   {key: page for key, (page, _) in pages.items()},
                   results.get("status_page"))


def run(contest: Contest) -> str:
    """One run of the bot, as an operator starts it; its output. Problems in the jury
    page or the declarations are the pages' problems, not the run's: exit code 0."""
    done = contestbot("run", str(contest.path), db=contest.db)
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def entries(contest: Contest) -> list[dict[str, Any]]:
    return list(export(contest.path, contest.db)["entries"])


def leaderboard(contest: Contest) -> list[dict[str, Any]]:
    done = contestbot("export", str(contest.path), "--table", "leaderboard", "--format", "json",
                      db=contest.db)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout)["leaderboard"])


# --- reading what the bot wrote -------------------------------------------------------------

PARSE_PROPS = "text|links|iwlinks|templates|categories|properties|sections|externallinks"


def parse(farm: Farm, wiki: str, title: str) -> dict[str, Any]:
    """The page as the wiki renders it, with everything the parser found in it."""
    return dict(farm.api(wiki, action="parse", page=title, prop=PARSE_PROPS)["parse"])


def subpages(farm: Farm, wiki: str, title: str) -> list[str]:
    namespace, _, name = _split_namespace(farm, wiki, title)
    found = farm.api(wiki, action="query", list="allpages", apnamespace=namespace,
                     apprefix=f"{name}/", aplimit=500)["query"]["allpages"]
    return sorted(p["title"] for p in found)


def page_bytes(farm: Farm, wiki: str, title: str) -> int:
    page = farm.api(wiki, action="query", prop="info", titles=title)["query"]["pages"][0]
    return int(page["length"])


def block(farm: Farm, wiki: str, title: str) -> str:
    text = page_text(farm, wiki, title)
    begin, end = "<!-- contestbot:begin -->", "<!-- contestbot:end -->"
    assert text.count(begin) == text.count(end) == 1, text[:300]
    return text.split(begin, 1)[1].split(end, 1)[0]


def _split_namespace(farm: Farm, wiki: str, title: str) -> tuple[int, str, str]:
    page = farm.api(wiki, action="query", titles=title)["query"]["pages"][0]
    namespace = int(page["ns"])
    full = str(page["title"])
    return namespace, full, full.split(":", 1)[1] if namespace else full


def normalized(farm: Farm, wiki: str, titles: Iterable[str]) -> set[str]:
    """The titles as the wiki writes them (its namespace names, first letter upper case)."""
    found: set[str] = set()
    asked = sorted(set(titles))
    for start in range(0, len(asked), 50):
        pages = farm.api(wiki, action="query", titles="|".join(asked[start:start + 50]))
        found.update(str(p["title"]) for p in pages["query"]["pages"])
    return found


def visible_text(rendered: str) -> str:
    """The text a reader sees: tags dropped, character references decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", rendered))


class _Tables(HTMLParser):
    """The cells of every table of a rendered page: tables → rows → (cells, columns)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[tuple[str, int]]]] = []
        self._open: list[list[list[tuple[str, int]]]] = []
        self._cell: list[str] | None = None
        self._span = 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._open.append([])
        elif tag == "tr" and self._open:
            self._open[-1].append([])
        elif tag in ("td", "th") and self._open:
            self._cell = []
            self._span = int(dict(attrs).get("colspan") or 1)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._open:
            if not self._open[-1]:  # a cell outside any row: a broken table
                self._open[-1].append([])
            self._open[-1][-1].append(("".join(self._cell).strip(), self._span))
            self._cell = None
        elif tag == "table" and self._open:
            self.tables.append(self._open.pop())

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(rendered: str) -> list[list[list[str]]]:
    """Every table's rows as lists of cell texts (a cell spanning columns repeated)."""
    parser = _Tables()
    parser.feed(rendered)
    return [[[text for text, span in row for _ in range(span)] for row in table if row]
            for table in parser.tables]


def rows_of(rendered: str, *columns: str) -> list[dict[str, str]]:
    """The rows of every table that has these columns (header texts), as column → text."""
    found = []
    for table in tables(rendered):
        header, *rows = table or [[]]
        if set(columns) <= set(header):
            found += [dict(zip(header, row, strict=True)) for row in rows]
    return found


def heading_patterns(language: str, wikis: Sequence[str]) -> list[re.Pattern[str]]:
    """The headings the bot writes: its "heading-…" messages, naming one of the wikis."""
    texts = json.loads((MESSAGES / f"{language}.json").read_text(encoding="utf-8"))
    names = "|".join(re.escape(w) for w in wikis)
    return [re.compile("".join(f"(?:{names})" if re.fullmatch(r"\{[a-z_]+\}", part)
                               else re.escape(part)
                               for part in re.split(r"(\{[a-z_]+\})", text)))
            for key, text in texts.items() if key.startswith("heading-")]


def message(language: str, key: str, **values: str) -> str:
    """A message of the bot's, with its placeholders filled in as given."""
    texts = json.loads((MESSAGES / f"{language}.json").read_text(encoding="utf-8"))
    assert key in texts, f"no message {key!r} in {language}.json"
    value = texts[key]
    assert isinstance(value, str), (language, key, value)
    for name, text in values.items():
        value = value.replace(f"{{{name}}}", text)
    return value


def message_regex(language: str, key: str, **patterns: str) -> re.Pattern[str]:
    """A message as a pattern, each placeholder matching what ``patterns`` says for it."""
    parts = re.split(r"(\{[a-z_]+\})", message(language, key))
    return re.compile("".join(patterns[p[1:-1]] if p.startswith("{") and p.endswith("}")
                              else re.escape(p) for p in parts))
