"""user-config.py.sample as pywikibot loads it: settings from the environment, no secret inside.

pywikibot reads user-config.py once, when pywikibot.config is first imported, so each case
imports it in a fresh interpreter with PYWIKIBOT_DIR pointing at a temporary folder.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SAMPLE = Path(__file__).resolve().parents[2] / "user-config.py.sample"

# Runs in the child: imports pywikibot's config, then asks pywikibot's own LoginManager for
# the password, as a login would (with a stand-in site: a real one would go online).
PROBE = """
import json, os, types, warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    from pywikibot import config
    from pywikibot.login import LoginManager
    login = None
    if config.password_file:
        site = types.SimpleNamespace(code='meta', family=types.SimpleNamespace(name='meta'))
        manager = LoginManager(site=site, user=config.usernames['*']['*'])
        login = [manager.login_name, manager.password,
                 oct(os.stat(config.password_file).st_mode & 0o777)]
print(json.dumps({
    'warnings': [str(w.message) for w in caught],
    'usernames': config.usernames['*'],
    'user_agent_description': config.user_agent_description,
    'authenticate': config.authenticate,
    'login': login,
    'read_maxlag': config.read_maxlag,
    'write_maxlag': config.write_maxlag,
    'put_throttle': config.put_throttle,
}))
"""

BASE = {"CONTESTBOT_ACCOUNT": "ExampleContestBot",
        "CONTESTBOT_CONTACT": "https://meta.wikimedia.org/wiki/User:Operator"}
BOT_PASSWORD = {"CONTESTBOT_BOT_PASSWORD_NAME": "contests",
                "CONTESTBOT_BOT_PASSWORD": "p4ssw0rdfromthetestnotarealone"}
OAUTH = {"CONTESTBOT_OAUTH_CONSUMER_KEY": "ck", "CONTESTBOT_OAUTH_CONSUMER_SECRET": "cs",
         "CONTESTBOT_OAUTH_ACCESS_KEY": "ak", "CONTESTBOT_OAUTH_ACCESS_SECRET": "as"}


def load(tmp_path: Path, settings: dict[str, str]) -> subprocess.CompletedProcess[str]:
    pywikibot_dir = tmp_path / "pywikibot"
    pywikibot_dir.mkdir(exist_ok=True)
    config = pywikibot_dir / "user-config.py"
    config.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    config.chmod(0o600)  # pywikibot skips a user-config.py that others may write
    (tmp_path / "tmp").mkdir(exist_ok=True)
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("CONTESTBOT_", "PYWIKIBOT_"))}
    env.update(settings, PYWIKIBOT_DIR=str(pywikibot_dir), TMPDIR=str(tmp_path / "tmp"))
    return subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, check=False)


def loaded(tmp_path: Path, settings: dict[str, str]) -> dict[str, Any]:
    result = load(tmp_path, settings)
    assert result.returncode == 0, result.stderr
    values: dict[str, Any] = json.loads(result.stdout.splitlines()[-1])
    assert values["warnings"] == []  # no unknown or mistyped configuration variable
    return values


def test_a_bot_password_from_the_environment_reaches_pywikibots_login(tmp_path: Path) -> None:
    values = loaded(tmp_path, BASE | BOT_PASSWORD)
    assert values["usernames"] == {"*": "ExampleContestBot"}
    assert "https://meta.wikimedia.org/wiki/User:Operator" in values["user_agent_description"]
    assert values["login"] == ["ExampleContestBot@contests",
                               BOT_PASSWORD["CONTESTBOT_BOT_PASSWORD"], "0o600"]
    assert values["authenticate"] == {}
    assert (values["read_maxlag"], values["write_maxlag"]) == (5, 5)
    assert values["put_throttle"] > 0


def test_the_password_file_is_private_and_outside_the_pywikibot_folder(tmp_path: Path) -> None:
    loaded(tmp_path, BASE | BOT_PASSWORD)
    [folder] = (tmp_path / "tmp").iterdir()
    assert folder.stat().st_mode & 0o777 == 0o700
    assert not list((tmp_path / "pywikibot").glob("*password*"))


def test_oauth_keys_from_the_environment_sign_requests_to_every_wikimedia_wiki(
        tmp_path: Path) -> None:
    values = loaded(tmp_path, BASE | OAUTH)
    keys = ["ck", "cs", "ak", "as"]
    assert values["authenticate"]["*.wikipedia.org"] == keys
    assert values["authenticate"]["*.wikimedia.org"] == keys  # meta, commons
    assert values["authenticate"]["*.wikidata.org"] == keys
    assert values["login"] is None


@pytest.mark.parametrize(("settings", "message"), [
    ({"CONTESTBOT_CONTACT": "x"}, "set the environment variable CONTESTBOT_ACCOUNT"),
    ({"CONTESTBOT_ACCOUNT": "Bot"}, "set the environment variable CONTESTBOT_CONTACT"),
    (BASE | {"CONTESTBOT_BOT_PASSWORD": "x"},
     "set the environment variable CONTESTBOT_BOT_PASSWORD_NAME"),
    (BASE | BOT_PASSWORD | OAUTH, "give a bot password or OAuth keys, not both"),
    (BASE | {"CONTESTBOT_OAUTH_CONSUMER_KEY": "ck"},
     "OAuth needs CONTESTBOT_OAUTH_CONSUMER_SECRET, CONTESTBOT_OAUTH_ACCESS_KEY, "
     "CONTESTBOT_OAUTH_ACCESS_SECRET too"),
])
def test_a_missing_or_contradictory_setting_stops_with_its_name(
        tmp_path: Path, settings: dict[str, str], message: str) -> None:
    result = load(tmp_path, settings)
    assert result.returncode != 0
    assert f"user-config.py: {message}" in result.stderr


def test_the_sample_holds_no_secret_and_reads_only_contestbot_variables() -> None:
    tree = ast.parse(SAMPLE.read_text(encoding="utf-8"))
    strings = [node.value for node in ast.walk(tree)
               if isinstance(node, ast.Constant) and isinstance(node.value, str)]
    # Bot passwords and OAuth tokens are long runs of letters and digits.
    assert not [s for s in strings if re.fullmatch(r"[A-Za-z0-9]{16,}", s)]
    variables = {s for s in strings if re.fullmatch(r"[A-Z][A-Z0-9_]+", s)}
    assert variables and all(name.startswith("CONTESTBOT_") for name in variables)
    assigned = {target.id for node in ast.walk(tree) if isinstance(node, ast.Assign)
                for target in node.targets if isinstance(target, ast.Name)}
    assert "password_file" in assigned  # set only from the environment, below
    assert not {"password", "db_password"} & assigned
