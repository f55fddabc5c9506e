"""The Toolforge files agree with the project: pins, job definitions, Procfile, runbook.

A wrong pin, an unknown jobs.yaml key or a command the CLI does not accept would only show
on Toolforge, after a build; here each one fails a test instead.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shlex
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from bot.cli import main

ROOT = Path(__file__).resolve().parents[2]
JOB_FILES = ("jobs.yaml", "jobs-cron.yaml")
# The keys `toolforge jobs load` knows (its `toolforge jobs run` options).
JOB_KEYS = {"name", "command", "image", "schedule", "continuous", "mem", "cpu", "emails",
            "retry", "mount", "timeout", "filelog", "filelog-stdout", "filelog-stderr",
            "no-filelog", "health-check-script", "health-check-http", "port", "replicas",
            "wait"}
PEAK_RSS_MB = 228  # scripts/bench, CEE Spring-sized contest, warm run (the larger one)


def pins(path: Path) -> dict[str, str]:
    """name → version of every `name==version` line."""
    found: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            name, version = line.split("==")
            found[canonicalize_name(name.strip())] = version.strip()
    return found


def runtime_dependencies() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(text) for text in project["dependencies"]]


def runtime_closure() -> set[str]:
    """The runtime dependencies and everything they need here (Linux, like Toolforge)."""
    seen: set[str] = set()
    pending = [(requirement, frozenset[str]()) for requirement in runtime_dependencies()]
    while pending:
        requirement, extras = pending.pop()  # extras: those asked of the package needing it
        name = canonicalize_name(requirement.name)
        if requirement.marker and not any(requirement.marker.evaluate({"extra": extra})
                                          for extra in {"", *extras}):
            continue
        if name in seen and not requirement.extras:
            continue
        seen.add(name)
        pending.extend((Requirement(text), frozenset(requirement.extras))
                       for text in importlib.metadata.requires(requirement.name) or [])
    return seen


def test_requirements_pin_exactly_the_runtime_packages_as_constraints_does() -> None:
    required = pins(ROOT / "requirements.txt")
    constrained = pins(ROOT / "constraints.txt")
    assert {name: constrained.get(name) for name in required} == required
    # No test or lint tool in the image, and nothing the bot needs left to chance.
    assert set(required) == runtime_closure()


def test_every_pin_satisfies_pyprojects_range() -> None:
    required = pins(ROOT / "requirements.txt")
    for dependency in runtime_dependencies():
        version = required.get(canonicalize_name(dependency.name))
        assert version is not None, f"{dependency.name} is not pinned in requirements.txt"
        assert dependency.specifier.contains(version), f"{dependency.name}=={version}"


def test_requirements_install_the_project_itself() -> None:
    lines = [line.strip() for line in
             (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()]
    assert "." in lines  # the buildpack runs pip in the repository root


def procfile() -> dict[str, list[str]]:
    entries = {}
    for line in (ROOT / "Procfile").read_text(encoding="utf-8").splitlines():
        process, command = line.split(":", 1)
        assert re.fullmatch(r"[a-z0-9-]+", process), line
        entries[process] = shlex.split(command)
    return entries


def parse_cli(argv: list[str]) -> list[str]:
    """Parse `contestbot ARGS…` as the command line would, without running anything, and
    return the command path; a click error (unknown command or option, bad value) fails."""
    assert argv[0] == "contestbot", argv
    command: click.Command = main
    context = command.make_context("contestbot", argv[1:])
    path = ["contestbot"]
    while isinstance(command, click.Group):
        rest = [*getattr(context, "_protected_args", []), *context.args]
        name, subcommand, rest = command.resolve_command(context, rest)
        assert name is not None and subcommand is not None
        path.append(name)
        command = subcommand
        context = command.make_context(name, rest, parent=context)
    return path


@pytest.fixture(autouse=True)
def no_contestbot_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # Options read the environment; only what the files say may count here.
    for name in [name for name in os.environ if name.startswith("CONTESTBOT_")]:
        monkeypatch.delenv(name)


def test_procfile_has_the_processes_the_jobs_and_the_runbook_use() -> None:
    assert set(procfile()) == {"serve", "health", "run-all", "db-upgrade"}


@pytest.mark.parametrize("process", ["serve", "health", "run-all", "db-upgrade"])
def test_every_procfile_command_is_a_contestbot_command(process: str) -> None:
    expected = {"serve": ["serve"], "health": ["health"], "run-all": ["run"],
                "db-upgrade": ["db", "upgrade"]}[process]
    assert parse_cli(procfile()[process]) == ["contestbot", *expected]


def test_serve_touches_the_heartbeat_that_health_reads() -> None:
    entries = procfile()

    def heartbeat(argv: list[str]) -> str:
        return argv[argv.index("--heartbeat") + 1]

    assert heartbeat(entries["serve"]) == heartbeat(entries["health"])
    assert heartbeat(entries["serve"]).startswith("/tmp/")  # container-local, not NFS


def jobs(file: str) -> list[dict[str, Any]]:
    loaded = yaml.safe_load((ROOT / file).read_text(encoding="utf-8"))
    assert isinstance(loaded, list) and loaded, f"{file}: toolforge jobs load wants a list"
    return loaded


def mebibytes(quantity: str) -> float:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(Mi|Gi)", quantity)
    assert match, f"memory {quantity!r}: write it as <number>Mi or <number>Gi"
    return float(match[1]) * (1024 if match[2] == "Gi" else 1)


@pytest.mark.parametrize("file", JOB_FILES)
def test_job_definitions_use_only_keys_toolforge_knows(file: str) -> None:
    for job in jobs(file):
        assert set(job) <= JOB_KEYS, f"{file}: {set(job) - JOB_KEYS}"
        assert ("schedule" in job) != bool(job.get("continuous")), job["name"]
        assert re.fullmatch(r"tool-([a-z0-9-]+)/tool-\1:latest", job["image"]), job["image"]
        assert job["mount"] == "all"  # PYWIKIBOT_DIR is in the tool's home
        assert job["emails"] == "onfailure"
        assert all(isinstance(job[key], str) for key in ("mem", "cpu")), "quote mem and cpu"
        assert mebibytes(job["mem"]) >= 2 * PEAK_RSS_MB


@pytest.mark.parametrize("file", JOB_FILES)
def test_job_commands_are_procfile_entries_the_cli_accepts(file: str) -> None:
    entries = procfile()
    for job in jobs(file):
        for key in ("command", "health-check-script"):
            if key in job:
                process, *extra = shlex.split(job[key])
                assert process in entries, f"{file}: {key} {job[key]!r} is not in the Procfile"
                parse_cli(entries[process] + extra)


def test_the_two_variants_are_one_job_continuous_or_every_ten_minutes() -> None:
    [continuous] = jobs("jobs.yaml")
    [scheduled] = jobs("jobs-cron.yaml")
    assert continuous["name"] == scheduled["name"]  # loading one replaces the other
    assert continuous["continuous"] is True and continuous["command"] == "serve"
    assert continuous["health-check-script"] == "health"
    assert scheduled["command"] == "run-all"
    assert scheduled["schedule"] == "*/10 * * * *"
    assert "health-check-script" not in scheduled


def runbook_commands() -> Iterator[str]:
    """Every `--command "…"` of a one-off job in docs/toolforge.md."""
    text = (ROOT / "docs" / "toolforge.md").read_text(encoding="utf-8")
    yield from re.findall(r'--command "([^"]+)"', text)


def test_runbook_one_off_jobs_run_commands_the_cli_accepts() -> None:
    commands = list(runbook_commands())
    assert "db-upgrade" in commands
    entries = procfile()
    for command in commands:
        first, *rest = shlex.split(command)
        if first == "launcher":  # any command of the image, in its environment
            parse_cli(rest)
        else:
            assert first in entries, command
            parse_cli(entries[first] + rest)
