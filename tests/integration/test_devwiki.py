"""End-to-end checks of the devwiki farm itself: what the bot's tests rely on."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from devwiki import netguard
from devwiki.dump import Page, Revision, to_xml
from devwiki.farm import Farm

ROOT = Path(__file__).resolve().parents[2]
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def api(farm: Farm, wiki: str, **params: Any) -> Any:
    """Plain urllib against api.php, independent of devwiki's and pywikibot's clients."""
    query = urllib.parse.urlencode({**params, "format": "json", "formatversion": 2})
    with _OPENER.open(f"{farm.api_url(wiki)}?{query}", timeout=30) as response:
        data = json.loads(response.read())
    assert "error" not in data, data
    return data


def page_info(farm: Farm, wiki: str, title: str, **params: Any) -> dict[str, Any]:
    data = api(farm, wiki, action="query", titles=title, **params)
    page: dict[str, Any] = data["query"]["pages"][0]
    return page


# Two authors the wiki has never seen; the second name is Cyrillic.
TARAS = "Тарас"
CREATED = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
EXPANDED = datetime(2026, 5, 2, 12, 30, 15, tzinfo=UTC)
LATEST_TEXT = 'Довший текст <ref>a & b < c</ref> "лапки" [[Категорія:Конкурс]]'
CONTEST_PAGE = Page(
    "Стара стаття",
    [
        # Given newest first on purpose: the dump must still be written oldest first.
        Revision(EXPANDED, TARAS, LATEST_TEXT, "доповнено"),
        Revision(CREATED, "Oksana Test", "Перший текст", "створено"),
    ],
)


def test_import_keeps_authors_and_timestamps(clean_farm: Farm) -> None:
    users = api(clean_farm, "uk", action="query", list="users", ususers=f"Oksana Test|{TARAS}")
    assert all(user.get("missing") for user in users["query"]["users"])

    clean_farm.import_pages("uk", [CONTEST_PAGE])

    oldest = page_info(
        clean_farm,
        "uk",
        "Стара стаття",
        prop="revisions",
        rvdir="newer",
        rvlimit=1,
        rvprop="user|timestamp|comment",
    )["revisions"][0]
    assert oldest == {
        "user": "Oksana Test",
        "timestamp": "2026-03-01T10:00:00Z",
        "comment": "створено",
    }
    latest = page_info(
        clean_farm,
        "uk",
        "Стара стаття",
        prop="revisions",
        rvslots="main",
        rvprop="user|timestamp|content",
    )["revisions"][0]
    assert latest["user"] == TARAS
    assert latest["timestamp"] == "2026-05-02T12:30:15Z"
    assert latest["slots"]["main"]["content"] == LATEST_TEXT  # XML escaping round trip

    created = api(
        clean_farm, "uk", action="query", list="usercontribs", ucuser="Oksana Test", ucshow="new"
    )["query"]["usercontribs"]
    assert [(c["title"], c["timestamp"], c["new"]) for c in created] == [
        ("Стара стаття", "2026-03-01T10:00:00Z", True)
    ]
    assert (
        api(clean_farm, "uk", action="query", list="usercontribs", ucuser=TARAS, ucshow="new")[
            "query"
        ]["usercontribs"]
        == []
    )

    # runJobs.php ran: the category link from the wikitext is live.
    members = api(
        clean_farm, "uk", action="query", list="categorymembers", cmtitle="Категорія:Конкурс"
    )["query"]["categorymembers"]
    assert [m["title"] for m in members] == ["Стара стаття"]


def test_namespaced_titles_and_ip_authors(clean_farm: Farm) -> None:
    clean_farm.import_pages(
        "en",
        [
            Page("User:Alice/Entries", [Revision(CREATED, "Alice", "* [[Foo]]")], namespace=2),
            Page("Anon page", [Revision(CREATED, "192.0.2.7", "text")]),
        ],
    )
    assert page_info(clean_farm, "en", "User:Alice/Entries")["ns"] == 2
    rev = page_info(clean_farm, "en", "Anon page", prop="revisions", rvprop="user")["revisions"][0]
    assert rev == {"user": "192.0.2.7", "anon": True}


def test_registration_date_and_edit_count(clean_farm: Farm) -> None:
    clean_farm.import_pages("uk", [CONTEST_PAGE])
    clean_farm.set_registration("uk", "Oksana_Test", "20260101000000")
    clean_farm.set_registration("uk", TARAS, datetime(2026, 2, 3, 4, 5, 6, tzinfo=UTC))
    users = api(
        clean_farm,
        "uk",
        action="query",
        list="users",
        ususers=f"Oksana Test|{TARAS}",
        usprop="registration|editcount",
    )["query"]["users"]
    assert [(u["name"], u["registration"], u["editcount"]) for u in users] == [
        ("Oksana Test", "2026-01-01T00:00:00Z", 1),
        (TARAS, "2026-02-03T04:05:06Z", 1),
    ]


def test_restore_returns_to_pristine(farm: Farm) -> None:
    farm.import_pages("pl", [Page("Strona testowa", [Revision(CREATED, "Jan", "tekst")])])
    assert "missing" not in page_info(farm, "pl", "Strona testowa")
    started = time.monotonic()
    farm.restore()
    elapsed = time.monotonic() - started
    assert page_info(farm, "pl", "Strona testowa").get("missing") is True
    assert (
        api(farm, "pl", action="query", list="users", ususers="Jan")["query"]["users"][0].get(
            "missing"
        )
        is True
    )
    assert elapsed < 2, f"restore took {elapsed:.2f} s"


def test_page_props(clean_farm: Farm) -> None:
    clean_farm.import_pages("en", [Page("Kyiv", [Revision(CREATED, "Alice", "Capital.")])])
    clean_farm.set_page_prop("en", "Kyiv", "wikibase_item", "Q1899")
    assert page_info(clean_farm, "en", "Kyiv", prop="pageprops")["pageprops"] == {
        "wikibase_item": "Q1899"
    }
    assert clean_farm.sql(
        "en", "SELECT pp_value FROM page_props WHERE pp_propname = ?", ["wikibase_item"]
    ) == [{"pp_value": "Q1899"}]


def test_pywikibot_logs_in_as_bot(farm: Farm) -> None:
    import pywikibot

    assert pywikibot.Site() == pywikibot.Site("meta", "devwiki")  # never wikipedia:xx
    for code in ("meta", "uk"):
        site = pywikibot.Site(code, "devwiki")
        site.login()
        assert site.user() == "ContestBot"
        assert site.has_right("bot")
        assert site.base_url("/api.php") == farm.api_url(code)


def test_pywikibot_stays_logged_in_across_restore(clean_farm: Farm) -> None:
    import pywikibot

    site = pywikibot.Site("en", "devwiki")
    site.login()
    page = pywikibot.Page(site, "Restore probe")
    page.text = "before restore"
    page.save("devwiki test")
    clean_farm.restore()
    # Asked with pywikibot's cookies but without pywikibot's API layer, which
    # would silently log in again (assert=user fails -> relogin).
    from pywikibot.comms import http

    response = http.fetch(f"{clean_farm.api_url('en')}?action=query&meta=userinfo&format=json")
    assert response.json()["query"]["userinfo"]["name"] == "ContestBot"
    page = pywikibot.Page(site, "Restore probe")
    assert not page.exists()
    page.text = "after restore"
    page.save("devwiki test")
    assert page.oldest_revision.user == "ContestBot"


def test_wikis_languages_and_interwiki(farm: Farm) -> None:
    general = api(farm, "ar", action="query", meta="siteinfo")["query"]["general"]
    assert (general["lang"], general["rtl"]) == ("ar", True)
    assert (
        api(farm, "uk", action="query", meta="siteinfo")["query"]["general"]["sitename"]
        == "Вікіпедія"
    )
    iwmap = api(farm, "en", action="query", meta="siteinfo", siprop="interwikimap")["query"][
        "interwikimap"
    ]
    assert sorted(iw["prefix"] for iw in iwmap) == sorted([w.name for w in farm.wikis()] + ["m"])
    # Nothing may point outside the farm (pywikibot follows interwiki URLs).
    assert all(iw["url"].startswith("http://127.0.0.1:") and iw["local"] for iw in iwmap)


def test_network_guard_blocks_without_sending(farm: Farm) -> None:
    # Checked first: were the guard missing, nothing below may run.
    assert netguard.installed()
    # UDP connect sends no packet even when allowed: it only sets the peer address.
    # 192.0.2.0/24 (TEST-NET-1) is never routed anyway.
    with (
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock,
        pytest.raises(netguard.NetworkGuardError, match=r"192\.0\.2\.1"),
    ):
        sock.connect(("192.0.2.1", 9))
    with pytest.raises(netguard.NetworkGuardError, match=r"contestbot\.invalid"):
        socket.getaddrinfo("contestbot.invalid", 80)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.connect(("127.0.0.1", 9))  # loopback stays open
    assert any("192.0.2.1" in message for message in netguard.blocked())
    netguard.clear()  # these were on purpose: keep them out of the session summary


def test_request_count_follows_api_calls(farm: Farm) -> None:
    before = farm.request_count("pl")
    for _ in range(3):
        api(farm, "pl", action="query", meta="siteinfo")
    with _OPENER.open(farm.article_url("pl", "Strona główna"), timeout=30) as response:
        response.read()  # index.php: not an API request
    assert farm.request_count("pl") == before + 3


def test_up_again_changes_nothing(farm: Farm) -> None:
    pids = [wiki.pid for wiki in farm.wikis()]
    started = time.monotonic()
    farm.up()
    assert time.monotonic() - started < 2
    assert [wiki.pid for wiki in farm.wikis()] == pids
    assert all(farm.is_running(wiki.name) for wiki in farm.wikis())


def test_cli_status_and_sql(farm: Farm) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    status = json.loads(
        subprocess.run(
            [sys.executable, "-m", "devwiki", "--base", str(farm.base), "status"],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        ).stdout
    )
    assert [(w["name"], w["running"]) for w in status] == [
        (wiki.name, True) for wiki in farm.wikis()
    ]
    rows = json.loads(
        subprocess.run(
            [
                sys.executable,
                "-m",
                "devwiki",
                "--base",
                str(farm.base),
                "sql",
                "meta",
                "SELECT user_name FROM user WHERE user_name IN ('Admin', 'ContestBot') ORDER BY 1",
            ],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        ).stdout
    )
    assert rows == [{"user_name": "Admin"}, {"user_name": "ContestBot"}]


def test_dump_is_valid_export_xml() -> None:
    xml = to_xml([Page("A & <B>", [Revision(CREATED, 'X"Y', "]]> & <", "c&d")])], lang="pl")
    root = ET.fromstring(xml)
    ns = {"mw": "http://www.mediawiki.org/xml/export-0.11/"}
    assert root.get("version") == "0.11"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "pl"
    assert root.findtext("mw:page/mw:title", namespaces=ns) == "A & <B>"
    assert root.findtext("mw:page/mw:ns", namespaces=ns) == "0"
    assert root.findtext("mw:page/mw:revision/mw:text", namespaces=ns) == "]]> & <"
    assert root.findtext("mw:page/mw:revision/mw:contributor/mw:username", namespaces=ns) == 'X"Y'
    with pytest.raises(ValueError):
        Revision(datetime(2026, 1, 1), "naive", "text")
