"""The write guard's rules, and how the publisher and a run's publishing obey it (no wiki:
pywikibot's Site and Page are stood in for; the farm tests run the same on MediaWiki)."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pywikibot.exceptions import ServerError

from bot.config import parse_config
from bot.publishing import results as publishing_results
from bot.publishing.guard import WriteGuard
from bot.publishing.publisher import Publication, publish
from bot.publishing.results import Publishing, publish_results
from bot.store import ContestState, Store, WikiState

SWITCH = "User:ContestBot/Stop"


class Site:
    """What the guard and the publisher ask of a pywikibot APISite."""

    def __init__(self, code: str, *, bot: bool = True, account: str | None = "ContestBot",
                 logs_in: bool = True) -> None:
        self.code = code
        self.account, self.bot, self.logs_in = account, bot, logs_in
        self.pages: dict[str, str | Exception] = {}
        self.reads: list[str] = []
        self.userinfo_reads = 0
        self._userinfo: dict[str, Any] | None = None

    def username(self) -> str | None:
        return self.account

    @property
    def userinfo(self) -> dict[str, Any]:
        if self._userinfo is None:
            self.userinfo_reads += 1
            self._userinfo = {"name": self.account if self.logs_in else "127.0.0.1",
                              "rights": ["edit", *(["bot"] if self.bot else [])]}
        return self._userinfo

    @userinfo.deleter
    def userinfo(self) -> None:
        self._userinfo = None

    def login(self) -> None:
        self.userinfo  # noqa: B018  (reads it, as pywikibot's login does)

    def logged_in(self) -> bool:
        return self._userinfo is not None and self._userinfo["name"] == self.account

    def has_right(self, right: str) -> bool:
        return right in self.userinfo["rights"]


class Page:
    """pywikibot.Page on a ``Site``: reads count, saves land in ``site.pages``."""

    def __init__(self, site: Site, title: str) -> None:
        self.site, self.title = site, title
        self._text: str | None = None

    def exists(self) -> bool:
        return isinstance(self.site.pages.get(self.title), str)

    @property
    def text(self) -> str:
        if self._text is None:
            self.site.reads.append(self.title)
            found = self.site.pages.get(self.title, "")
            if isinstance(found, Exception):
                raise found
            self._text = found
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text = value

    def save(self, **options: Any) -> None:
        assert self._text is not None
        self.site.pages[self.title] = self._text


@pytest.fixture(autouse=True)
def pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pywikibot.Page", Page)


def guard(*sites: Site, switch: Site | None = None,
          stop: threading.Event | None = None) -> WriteGuard:
    return WriteGuard({site.code: site for site in sites},
                      None if switch is None else (switch, SWITCH), stop)


# --- the guard ------------------------------------------------------------------------------

def test_a_flagged_bot_without_a_switch_may_write() -> None:
    meta = Site("meta")
    assert guard(meta).refusal("meta") is None


def test_stopping_comes_first_and_reads_nothing() -> None:
    meta, stop = Site("meta", bot=False), threading.Event()
    stop.set()
    checks = guard(meta, switch=meta, stop=stop)
    assert checks.refusal("meta") == checks.halted == "the bot is stopping"
    assert meta.userinfo_reads == 0 and meta.reads == []


@pytest.mark.parametrize(("site", "reason"), [
    (Site("meta", bot=False), "ContestBot has no bot flag on meta: nothing is written there"),
    (Site("meta", logs_in=False), "ContestBot is not logged in on meta: nothing is written there"),
    (Site("meta", account=None), "no account is configured for meta: nothing is written there"),
])
def test_no_bot_right_refuses_that_wiki_only(site: Site, reason: str) -> None:
    pl = Site("pl")
    checks = guard(site, pl)
    assert checks.refusal("meta") == reason
    assert checks.refusal("pl") is None
    assert checks.halted is None  # other wikis are still written


def test_rights_are_read_fresh_once_per_wiki_per_run() -> None:
    meta = Site("meta")
    meta.userinfo  # noqa: B018  (what pywikibot read when the run logged in)
    meta.bot = False  # the flag is removed after that
    checks = guard(meta)
    assert checks.refusal("meta") == "ContestBot has no bot flag on meta: nothing is written there"
    checks.refusal("meta")
    assert meta.userinfo_reads == 2  # the login's, and the guard's one for this run
    meta.bot = True
    assert guard(meta).refusal("meta") is None  # the next run asks again


def test_rights_that_cannot_be_read_refuse() -> None:
    class Broken(Site):
        def login(self) -> None:
            raise ServerError("HTTP 503")

    reason = guard(Broken("meta")).refusal("meta")
    assert reason == ("the rights of ContestBot on meta could not be read (HTTP 503): "
                      "nothing is written there")


def test_the_switch_is_read_before_every_save_while_blank() -> None:
    meta = Site("meta")
    checks = guard(meta, switch=meta)
    assert checks.refusal("meta") is None  # no switch page at all
    meta.pages[SWITCH] = " \n\t"
    assert checks.refusal("meta") is None
    assert meta.reads == [SWITCH, SWITCH]


def test_any_text_on_the_switch_stops_every_write_for_the_run(
        caplog: pytest.LogCaptureFixture) -> None:
    meta, pl = Site("meta"), Site("pl")
    meta.pages[SWITCH] = "Stop,\n  please! [[x]] " + "y" * 300
    checks = guard(meta, pl, switch=meta)
    with caplog.at_level(logging.WARNING, logger="bot.publishing.guard"):
        reason = checks.refusal("pl")
        meta.pages[SWITCH] = ""  # blanked again: this run stays stopped all the same
        assert checks.refusal("meta") == checks.refusal("pl") == checks.halted == reason
    shown = ("Stop, please! [[x]] " + "y" * 300)[:200]
    assert reason == f"writes stopped by the kill switch meta:{SWITCH}: {shown}"
    assert meta.reads == [SWITCH]  # once stopped, never read again
    assert [r.getMessage() for r in caplog.records] == [reason]  # logged once
    assert guard(meta, pl, switch=meta).refusal("pl") is None  # the next run reads it anew


def test_a_switch_that_cannot_be_read_counts_as_set() -> None:
    meta = Site("meta")
    meta.pages[SWITCH] = ServerError("HTTP 500")
    checks = guard(meta, switch=meta)
    assert checks.refusal("meta") == (
        f"writes stopped: the kill switch meta:{SWITCH} could not be read (HTTP 500)")
    assert checks.halted is not None


# --- the publisher asks it ------------------------------------------------------------------

def refusing(reason: str | None, asked: list[str]) -> Any:
    def ask() -> str | None:
        asked.append("asked")
        return reason

    return ask


def test_a_refused_save_writes_nothing_and_says_why() -> None:
    meta, asked = Site("meta"), list[str]()
    done = publish(meta, "Results", "block", "s", simulate=False, show=print,
                   guard=refusing("writes stopped", asked))
    assert done == Publication("Results", changed=True, edited=False, error="writes stopped",
                               refused=True)
    assert "Results" not in meta.pages and asked == ["asked"]


def test_unchanged_pages_and_simulation_do_not_ask() -> None:
    meta, asked, shown = Site("meta"), list[str](), list[str]()
    meta.pages["Results"] = "<!-- contestbot:begin -->\nblock\n<!-- contestbot:end -->"
    unchanged = publish(meta, "Results", "block", "s", simulate=False, show=print,
                        guard=refusing("no", asked))
    simulated = publish(meta, "Results", "new", "s", simulate=True, show=shown.append,
                        guard=refusing("no", asked))
    assert (unchanged.edited, unchanged.error, simulated.changed, simulated.error) == (
        False, None, True, None)
    assert asked == [] and shown


def test_an_allowed_save_is_made() -> None:
    meta, asked = Site("meta"), list[str]()
    done = publish(meta, "Results", "block", "s", simulate=False, show=print,
                   guard=refusing(None, asked))
    assert done.edited and asked == ["asked"]
    assert meta.pages["Results"] == "<!-- contestbot:begin -->\nblock\n<!-- contestbot:end -->"


# --- a run's publishing: one problem per reason, nothing after a halt ------------------------

def config(*, local: bool) -> Any:
    def site(code: str) -> dict[str, str]:
        return {"code": code, "family": "devwiki"}

    wikis: dict[str, Any] = {
        "meta": {"site": site("meta")},
        "pl": {"site": site("pl"), "sources": [{"kind": "submission_page", "page": "Konkurs"}]},
        "uk": {"site": site("uk"), "sources": [{"kind": "submission_page", "page": "Конкурс"}]},
    }
    if local:
        wikis["pl"]["results"] = {"page": "Konkurs/Wyniki", "language": "pl"}
        wikis["uk"]["results"] = {"page": "Конкурс/Результати", "language": "uk"}
    return parse_config({
        "name": "Guard test", "window": {"start": "2026-03-21", "end": "2026-05-31"},
        "results": {"wiki": "meta", "page": "Guard test/Results",
                    "status_page": "Guard test/Status"},
        "wikis": wikis,
    }, "test")


NOW = datetime(2026, 4, 1, 12, tzinfo=UTC)


def run(tmp_path: Path, sites: dict[str, Site], checks: WriteGuard) -> Publishing:
    contest = config(local=True)
    publishing = Publishing(contest, sites, Store(f"sqlite:///{tmp_path / 'store.db'}"),
                            "summary", False, print, NOW, {}, guard=checks)
    wikis = tuple(WikiState(key, NOW, NOW, None) for key in sorted(contest.wikis))
    publish_results(publishing, ContestState(contest.name, (), (), wikis))
    return publishing


def test_a_wiki_without_the_bot_right_is_one_problem_and_the_others_are_written(
        tmp_path: Path) -> None:
    sites = {"meta": Site("meta"), "pl": Site("pl", bot=False), "uk": Site("uk")}
    publishing = run(tmp_path, sites, guard(*sites.values()))
    assert publishing.problems == {
        "writes to pl": "ContestBot has no bot flag on pl: nothing is written there"}
    assert sorted(sites["meta"].pages) == ["Guard test/Results", "Guard test/Status"]
    assert sites["pl"].pages == {} and list(sites["uk"].pages) == ["Конкурс/Результати"]
    assert publishing.edits == 3


def test_after_the_switch_stops_writes_no_page_is_even_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sites = {"meta": Site("meta"), "pl": Site("pl"), "uk": Site("uk")}
    attempted: list[str] = []
    real = publish

    def flip_after_first_save(site: Any, title: str, *args: Any, **kwargs: Any) -> Publication:
        attempted.append(title)
        done = real(site, title, *args, **kwargs)
        if done.edited:
            sites["meta"].pages[SWITCH] = "stop"
        return done

    monkeypatch.setattr(publishing_results, "publish", flip_after_first_save)
    publishing = run(tmp_path, sites, guard(*sites.values(), switch=sites["meta"]))
    reason = f"writes stopped by the kill switch meta:{SWITCH}: stop"
    assert publishing.problems == {"writes": reason} and publishing.edits == 1
    assert attempted == ["Guard test/Results", "Konkurs/Wyniki"]  # refused, then no more
    assert list(sites["meta"].pages) == ["Guard test/Results", SWITCH]
    assert sites["pl"].pages == sites["uk"].pages == {}


def test_stopping_before_publishing_attempts_nothing(tmp_path: Path) -> None:
    sites = {"meta": Site("meta"), "pl": Site("pl"), "uk": Site("uk")}
    stop = threading.Event()
    stop.set()
    publishing = run(tmp_path, sites, guard(*sites.values(), stop=stop))
    assert publishing.problems == {"writes": "the bot is stopping"} and publishing.edits == 0
    assert all(site.reads == [] for site in sites.values())
