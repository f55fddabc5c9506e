"""The ``contestbot`` command.

A DEFINITION is a YAML/JSON file or a wiki page given as ``family:code:Title`` (e.g.
``meta:meta:CEE Spring 2026/Bot definition``). Exit codes: 0 ok, 1 the run failed, 2 bad
definition or usage, 3 the contest is being run by another process.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click

from bot.config import ConfigError, ContestConfig, load_config
from bot.contests.locations import PageRef, parse_location, parse_page_ref
from bot.logs import setup_logging
from bot.reports.export import TABLES

if TYPE_CHECKING:  # the store imports SQLAlchemy; `check` of a file should not pay for it
    from bot.contests.registry import LoadedRegistry
    from bot.operations import Operator, Outcome
    from bot.store import ContestState, Store

DEFAULT_DB = "sqlite:///contestbot.sqlite"
F = TypeVar("F", bound=Callable[..., Any])


def _location(ctx: click.Context, param: click.Parameter, value: str | None,
              ) -> Path | PageRef | None:
    if value is None:
        return None
    try:
        return parse_location(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _page_ref(ctx: click.Context, param: click.Parameter, value: str | None) -> PageRef | None:
    if not value:
        return None
    try:
        return parse_page_ref(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


definition_argument = click.argument("definition", callback=_location)
db_option = click.option("--db", envvar="CONTESTBOT_DB", default=DEFAULT_DB, show_default=True,
                         help="SQLAlchemy URL of the bot's database (env CONTESTBOT_DB).")
registry_option = click.option(
    "--registry", envvar="CONTESTBOT_REGISTRY", callback=_location,
    help="The registry of contests: a JSON/YAML file or family:code:Title "
    "(env CONTESTBOT_REGISTRY).")


def operator_options(command: F) -> F:
    """The options every writing command shares (all can come from the environment)."""
    for option in reversed([
        db_option,
        click.option("--kill-switch", envvar="CONTESTBOT_KILL_SWITCH", callback=_page_ref,
                     help="family:code:Title of a page on which any text stops all writes "
                     "(env CONTESTBOT_KILL_SWITCH; default: User:<bot>/Stop on the wiki of "
                     "the contest's results)."),
        click.option("--docs-page", envvar="CONTESTBOT_DOCS_PAGE",
                     help="Page the edit summaries link to (env CONTESTBOT_DOCS_PAGE; "
                     "default: the bot's user page)."),
    ]):
        command = option(command)
    return command


def _operator(db: str, kill_switch: PageRef | None, docs_page: str | None) -> Operator:
    from bot.operations import Operator

    return Operator(db, kill_switch, docs_page)


def _fail_invalid(source: str, problems: tuple[str, ...] | list[str]) -> None:
    click.echo(f"{source}: invalid contest definition", err=True)
    for problem in problems:
        click.echo(f"  {problem}", err=True)
    sys.exit(2)


def _load(location: Path | PageRef, db: str | None = None) -> ContestConfig:
    """The definition in force: a file as it is now; a wiki page as the bot runs it (its
    last valid revision, kept in the database, when the latest edit is broken)."""
    if isinstance(location, Path):
        try:
            return load_config(location)
        except ConfigError as exc:
            _fail_invalid(exc.source, exc.problems)
    from bot.contests.definitions import load_definition
    from bot.store import Store

    with Store(db or "sqlite://") as store:
        loaded = load_definition(location, store)
    if loaded.error is not None:
        revision = f" (revision {loaded.error.revision})" if loaded.error.revision else ""
        click.echo(f"{loaded.source}{revision}: invalid contest definition", err=True)
        for problem in loaded.error.problems:
            click.echo(f"  {problem}", err=True)
    if loaded.config is None:
        sys.exit(2)
    return loaded.config


def _stored(contest: ContestConfig, db: str) -> ContestState:
    """What the database holds for the contest."""
    from bot.store import Store

    with Store(db) as store:
        return store.load(contest.name)


@click.group()
@click.option("--log-level", envvar="CONTESTBOT_LOG_LEVEL", default="INFO", show_default=True,
              type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False))
def main(log_level: str) -> None:
    """Run Wikimedia article-writing contests: check entries, keep tallies, publish results."""
    setup_logging(log_level)


@main.command()
@definition_argument
def check(definition: Path | PageRef) -> None:
    """Validate a contest definition (a wiki page: its latest revision)."""
    contest = _load(definition)
    click.echo(f"{definition}: OK: {contest.name!r}, {len(contest.wikis)} wikis, "
               f"results on {contest.results.wiki}:{contest.results.page}")


@main.command()
@definition_argument
@db_option
@click.option("--table", type=click.Choice(TABLES), default="entries", show_default=True,
              help="entries: one record per entry and review item; leaderboard: the ranking; "
              "wikis: totals per wiki; countries: articles per wiki and country; "
              "authors: everyone with an accepted article.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json",
              show_default=True)
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-",
              help="File to write (default: standard output).")
def export(definition: Path | PageRef, db: str, table: str, fmt: str, output: TextIO) -> None:
    """Export the stored results or one of the contest's tables.

    In the countries CSV, "*" as wiki or country marks a total over all of them; an empty
    country counts the articles without a recognised country.
    """
    from bot.reports.export import export_table

    contest = _load(definition, db)
    output.write(export_table(table, fmt, _stored(contest, db), contest))


@main.command()
@definition_argument
@db_option
@click.option("--wiki", default=None, help="Only the entries of this contest wiki.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
def entries(definition: Path | PageRef, db: str, wiki: str | None, fmt: str) -> None:
    """List the declared entries as read, before any rule runs."""
    import json

    from bot.pipeline import declared_entries
    from bot.reports.export import declared_records, declared_table
    from bot.store import Store

    contest = _load(definition, db)
    if wiki is not None and wiki not in contest.wikis:
        raise click.BadParameter(f"not a wiki of this contest: {wiki}", param_hint="--wiki")
    with Store(db) as store:
        declared = declared_entries(contest, store, wiki)
    rows = declared_records(declared.entries, declared.review)
    click.echo(json.dumps(rows, ensure_ascii=False, indent=2) if fmt == "json"
               else declared_table(rows))
    for key, problem in sorted(declared.problems.items()):
        click.echo(f"problem: {key}: {problem}", err=True)
    sys.exit(1 if declared.problems else 0)


@main.command()
@definition_argument
@db_option
def leaderboard(definition: Path | PageRef, db: str) -> None:
    """Print the stored leaderboard as a plain-text table."""
    from bot.reports.export import text_table
    from bot.scoring import standings

    contest = _load(definition, db)
    click.echo(text_table(
        ("rank", "participant", "accepted", "entries", "points"),
        (("-" if s.rank is None else str(s.rank), s.participant, str(s.accepted),
          str(s.entries), str(s.points))
         for s in standings(_stored(contest, db).results, contest.ranking)),
    ))


@main.command()
@definition_argument
@db_option
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The image to write: FILE.png or FILE.svg.")
@click.option("--top", default=8, show_default=True, type=click.IntRange(min=1),
              help="Wikis drawn by name (those with most accepted articles); one line adds "
              "up the others.")
def chart(definition: Path | PageRef, db: str, out: Path, top: int) -> None:
    """Draw the accepted articles per day of the contest, cumulative, per wiki."""
    from datetime import UTC, datetime

    from bot.reports.chart import FORMATS, daily_series, draw

    if out.suffix.lower() not in FORMATS:
        raise click.BadParameter(f"give a file name ending in {' or '.join(FORMATS)}",
                                 param_hint="--out")
    contest = _load(definition, db)
    series = daily_series(_stored(contest, db).results, contest.window, top, datetime.now(UTC))
    draw(series, contest.name, out)
    click.echo(f"{out}: {series.total} accepted articles over {len(series.days)} days")
    if series.undated:
        click.echo(f"left out: {series.undated} accepted articles with neither a creation "
                   f"nor a declaration time", err=True)


@main.command()
@click.argument("definition", required=False, callback=_location)
@click.option("--all", "run_all", is_flag=True,
              help="Every active contest of the registry whose cadence says it is due, or "
              "that an organizer or juror asked to update (for a cron job).")
@registry_option
@click.option("--force", is_flag=True, help="With --all: every active contest, due or not.")
@operator_options
@click.option("--simulate", is_flag=True, help="Print the diff of every page it would write; "
              "write nothing to the wikis or the database.")
@click.option("--json", "as_json", is_flag=True,
              help="Print each run's summary as one JSON line (for scripts and logs).")
@click.option("--wait", type=click.IntRange(min=0), default=0, show_default=True,
              help="Seconds to wait when another process is running the contest.")
def run(definition: Path | PageRef | None, run_all: bool, registry: Path | PageRef | None,
        force: bool, db: str, kill_switch: PageRef | None, docs_page: str | None,
        simulate: bool, as_json: bool, wait: int) -> None:
    """Update a contest once, or (--all) every contest that is due."""
    from bot.operations import ExitCode, run_location
    from bot.operations import run_all as run_registry
    from bot.stopping import stop_on_signals
    from bot.store import Store

    if (definition is None) == (not run_all):
        raise click.UsageError("give a DEFINITION or --all")
    if run_all and simulate:
        raise click.UsageError("--simulate works on one DEFINITION")
    operator = _operator(db, kill_switch, docs_page)
    # A cron job deleted mid-run ends between steps too.
    with stop_on_signals(operator.stop), Store(db) as store:
        if definition is not None:
            outcomes = [run_location(definition, store, operator, simulate=simulate,
                                     lock_wait=timedelta(seconds=wait), show=click.echo)]
        else:
            outcomes = run_registry(_registry(registry, store), store, operator, force=force,
                                    show=click.echo)
    for outcome in outcomes:
        _report(outcome, as_json, simulate)
    # In a pass over the registry, a contest another process is running is not a failure:
    # the next pass runs it.
    codes = [o.code for o in outcomes if not (run_all and o.code is ExitCode.LOCKED)]
    sys.exit(max(codes, default=ExitCode.OK))


def _registry(location: Path | PageRef | None, store: Store) -> LoadedRegistry:
    from bot.contests.registry import load_registry

    if location is None:
        raise click.UsageError("--all needs --registry (or CONTESTBOT_REGISTRY)")
    registry = load_registry(location, store)
    if registry.error is not None:
        click.echo(f"{registry.source}: invalid registry, using the last valid one", err=True)
        for problem in registry.error.problems:
            click.echo(f"  {problem}", err=True)
    return registry


def _report(outcome: Outcome, as_json: bool, simulate: bool) -> None:
    summary = outcome.summary
    if as_json:
        click.echo(json.dumps({"contest": outcome.contest, "source": outcome.source,
                               "exit_code": int(outcome.code), "note": outcome.note,
                               **(dataclasses.asdict(summary) if summary else {})},
                              ensure_ascii=False))
        return
    if summary is None:
        click.echo(f"{outcome.contest or outcome.source}: not run: {outcome.note}", err=True)
        return
    click.echo(f"{outcome.contest}: {summary.entries} entries, {summary.accepted} accepted, "
               f"{summary.review} to review, {summary.edits} edits"
               + (" (simulated)" if simulate else ""))
    for problem in summary.problems:
        click.echo(f"problem: {problem}", err=True)


@main.command()
@click.argument("definitions", nargs=-1, callback=lambda ctx, param, values: [
    _location(ctx, param, value) for value in values])
@registry_option
@operator_options
@click.option("--heartbeat", envvar="CONTESTBOT_HEARTBEAT",
              type=click.Path(dir_okay=False, path_type=Path),
              help="File touched every 30 s while the scheduler is alive (for `health`).")
@click.option("--poll-requests", type=click.IntRange(min=5), default=60, show_default=True,
              envvar="CONTESTBOT_POLL_REQUESTS",
              help="Seconds between looks at the update pages (env CONTESTBOT_POLL_REQUESTS).")
def serve(definitions: list[Path | PageRef], registry: Path | PageRef | None, db: str,
          kill_switch: PageRef | None, docs_page: str | None, heartbeat: Path | None,
          poll_requests: int) -> None:
    """Run every contest on its cadence until SIGTERM or Ctrl-C."""
    from bot.contests.registry import registry_of_files
    from bot.scheduler import Service
    from bot.scheduler import serve as serve_forever

    if bool(definitions) == (registry is not None):
        raise click.UsageError("give DEFINITIONs or --registry (CONTESTBOT_REGISTRY)")
    if definitions:
        for location in definitions:
            _load(location, db)  # refuse to start on a broken definition
        files = registry_of_files(definitions)
        read: Callable[[Store], LoadedRegistry] = lambda store: files  # noqa: E731
    else:
        assert registry is not None
        read = lambda store: _registry(registry, store)  # noqa: E731
    serve_forever(Service(read, _operator(db, kill_switch, docs_page), heartbeat,
                          timedelta(seconds=poll_requests)))


@main.command()
@click.option("--heartbeat", envvar="CONTESTBOT_HEARTBEAT", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="The file `serve --heartbeat` touches.")
@click.option("--max-age", type=click.IntRange(min=1), default=180, show_default=True,
              help="Seconds after which a heartbeat means a hung scheduler.")
def health(heartbeat: Path, max_age: int) -> None:
    """Exit 0 when `serve` is alive (Toolforge's health check of a continuous job)."""
    from bot.health import healthy

    problem = healthy(heartbeat, timedelta(seconds=max_age))
    if problem:
        click.echo(problem, err=True)
        sys.exit(1)
    click.echo("ok")


@main.group()
def db() -> None:
    """The bot's database schema (Alembic migrations)."""


@db.command()
@click.argument("revision", default="head")
@db_option
def upgrade(revision: str, db: str) -> None:
    """Migrate the database to REVISION (default: the newest)."""
    from bot.store.migrate import upgrade as migrate

    _migrate_and_tell(db, lambda: migrate(db, revision))


@db.command()
@click.argument("revision")
@db_option
def downgrade(revision: str, db: str) -> None:
    """Migrate the database back to REVISION (for a rollback to an older version)."""
    from bot.store.migrate import downgrade as migrate

    _migrate_and_tell(db, lambda: migrate(db, revision))


def _migrate_and_tell(db: str, step: Callable[[], None]) -> None:
    from bot.store.migrate import current_revision

    before = current_revision(db)
    step()
    click.echo(f"database at {current_revision(db) or 'empty'} (was {before or 'empty'})")


@db.command()
@db_option
def current(db: str) -> None:
    """Print the database's schema revision."""
    from bot.store.migrate import current_revision

    click.echo(current_revision(db) or "empty")
