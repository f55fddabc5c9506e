"""The ``contestbot`` command. Exit codes: 0 ok, 1 the run failed, 2 bad definition or usage."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from bot.config import ConfigError, ContestConfig, load_config

if TYPE_CHECKING:  # the store imports SQLAlchemy; `check` should not pay for it
    from bot.store import ContestState

DB_HELP = "SQLAlchemy URL of the bot's database (env CONTESTBOT_DB)."
DEFAULT_DB = "sqlite:///contestbot.sqlite"

config_argument = click.argument(
    "config", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
db_option = click.option("--db", envvar="CONTESTBOT_DB", default=DEFAULT_DB, show_default=True,
                         help=DB_HELP)


def _load(path: Path) -> ContestConfig:
    try:
        return load_config(path)
    except ConfigError as exc:
        click.echo(f"{exc.source}: invalid contest definition", err=True)
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(2)


def _stored(path: Path, db: str) -> ContestState:
    """What the database holds for the contest defined in ``path``."""
    from bot.store import Store

    contest = _load(path)
    with Store(db) as store:
        return store.load(contest.name)


@click.group()
@click.option("--log-level", envvar="CONTESTBOT_LOG_LEVEL", default="INFO", show_default=True,
              type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"], case_sensitive=False))
def main(log_level: str) -> None:
    """Run Wikimedia article-writing contests: check entries, keep tallies, publish results."""
    logging.basicConfig(
        level=log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # Alembic narrates every migration check at INFO; only its problems matter in a run's log.
    logging.getLogger("alembic").setLevel(max(logging.WARNING, logging.getLogger().level))


@main.command()
@config_argument
def check(config: Path) -> None:
    """Validate a contest definition."""
    contest = _load(config)
    click.echo(f"{config}: OK: {contest.name!r}, {len(contest.wikis)} wikis, "
               f"results on {contest.results.wiki}:{contest.results.page}")


@main.command()
@config_argument
@db_option
@click.option("--simulate", is_flag=True, help="Print the diff of every page it would write; "
              "write nothing to the wikis or the database.")
def run(config: Path, db: str, simulate: bool) -> None:
    """Update a contest once."""
    from bot.pipeline import run_contest  # imports pywikibot, which reads PYWIKIBOT_DIR
    from bot.store import Store

    contest = _load(config)
    with Store(db) as store:
        summary = run_contest(contest, store, simulate=simulate, show=click.echo)
    click.echo(f"{contest.name}: {summary.entries} entries, {summary.accepted} accepted, "
               f"{summary.review} to review, {summary.edits} edits"
               + (" (simulated)" if simulate else ""))
    for problem in summary.problems:
        click.echo(f"problem: {problem}", err=True)
    sys.exit(0 if summary.ok else 1)


@main.command()
@config_argument
@db_option
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json",
              show_default=True)
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-",
              help="File to write (default: standard output).")
def export(config: Path, db: str, fmt: str, output: TextIO) -> None:
    """Export the stored results, one record per entry (and per review item)."""
    from bot.reports.export import to_csv, to_json

    state = _stored(config, db)
    output.write(to_json(state) + "\n" if fmt == "json" else to_csv(state))


@main.command()
@config_argument
@db_option
@click.option("--wiki", default=None, help="Only the entries of this contest wiki.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
def entries(config: Path, db: str, wiki: str | None, fmt: str) -> None:
    """List the declared entries as read, before any rule runs."""
    import json

    from bot.pipeline import declared_entries
    from bot.reports.export import declared_records, declared_table
    from bot.store import Store

    contest = _load(config)
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
@config_argument
@db_option
def leaderboard(config: Path, db: str) -> None:
    """Print the stored leaderboard as a plain-text table."""
    from bot.reports.export import text_table
    from bot.scoring import standings

    state = _stored(config, db)
    click.echo(text_table(
        ("rank", "participant", "accepted", "entries", "points"),
        (("-" if s.rank is None else str(s.rank), s.participant, str(s.accepted),
          str(s.entries), str(s.points))
         for s in standings(state.results, _load(config).ranking)),
    ))


@main.command()
@click.argument("configs", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
def serve(configs: tuple[Path, ...], db: str) -> None:
    """Run every contest on its schedule until SIGTERM or Ctrl-C."""
    from bot.scheduler import serve as serve_forever

    for path in configs:
        _load(path)  # refuse to start on a broken definition
    serve_forever(list(configs), db)

