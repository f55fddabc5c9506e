"""Fixtures for tests against a real local MediaWiki farm (devwiki).

At import, before any test module (or the bot) can import pywikibot, this picks
free ports for the wikis, writes the pywikibot config into a fresh temporary
folder and points PYWIKIBOT_DIR at it: pywikibot reads user-config.py once, at
import, and keeps apicache and cookies there, so each session gets its own.

Fixtures:
  farm        (session)  the devwiki.Farm, all wikis up; destroyed after the session
  clean_farm  (function) the same Farm; every wiki restored to pristine after the test

Every test in this folder is marked `farm` (`pytest -m "not farm"` skips them).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from devwiki.farm import Farm
from devwiki.packages import packages_installed

# ar and fa are right-to-left; meta is Meta-Wiki (content language en); lv, fa, ru
# and eo carry the CEE Spring talk-page templates of the declaration tests; de, az, sl
# and tyv run the example rule sets of examples/rules (test_examples*.py).
WIKIS = ("meta", "en", "pl", "uk", "ar", "lv", "fa", "ru", "eo", "de", "az", "sl", "tyv")
HERE = Path(__file__).resolve().parent

_FARM = Farm(tempfile.mkdtemp(prefix="devwiki-test-"))
os.environ["PYWIKIBOT_DIR"] = str(_FARM.write_pywikibot_config(WIKIS))
os.environ.pop("PYWIKIBOT_NO_USER_CONFIG", None)  # would make pywikibot skip user-config.py
# A proxy from the environment must not get between the clients and 127.0.0.1.
for _var in ("NO_PROXY", "no_proxy"):
    os.environ[_var] = ",".join(filter(None, (os.environ.get(_var), "127.0.0.1", "localhost")))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "farm: needs the local MediaWiki farm (devwiki)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees every collected item, not only this folder's.
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.farm)


def pytest_unconfigure(config: pytest.Config) -> None:
    # Also when no test asked for the farm: the temporary folder must go.
    _FARM.destroy()


@pytest.fixture(scope="session")
def farm() -> Iterator[Farm]:
    if not packages_installed():
        pytest.fail(
            "MediaWiki is not installed: run `scripts/devwiki install-packages` "
            '(or deselect with -m "not farm")',
            pytrace=False,
        )
    try:
        _FARM.up()  # about 11-16 s for the 13 wikis on 2 cores, once per session
        yield _FARM
    finally:
        _FARM.destroy()


@pytest.fixture
def clean_farm(farm: Farm) -> Iterator[Farm]:
    yield farm
    farm.restore()  # ~0.02 s; servers keep running, pywikibot stays logged in
