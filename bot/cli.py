"""The ``contestbot`` command. Exit codes: 0 ok, 1 the run failed, 2 bad definition or usage."""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from bot.config import ConfigError, ContestConfig, load_config
from bot.reports.export import TABLES

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
@click.option("--json", "as_json", is_flag=True,
              help="Print the run's summary as one JSON line (for scripts and logs).")
def run(config: Path, db: str, simulate: bool, as_json: bool) -> None:
    """Update a contest once."""
    from bot.pipeline import run_contest  # imports pywikibot, which reads PYWIKIBOT_DIR
    from bot.store import Store

    contest = _load(config)
    with Store(db) as store:
        summary = run_contest(contest, store, simulate=simulate, show=click.echo)
    if as_json:
        click.echo(json.dumps({"contest": contest.name, **dataclasses.asdict(summary)},
                              ensure_ascii=False))
        sys.exit(0 if summary.ok else 1)
    click.echo(f"{contest.name}: {summary.entries} entries, {summary.accepted} accepted, "
               f"{summary.review} to review, {summary.edits} edits"
               + (" (simulated)" if simulate else ""))
    for problem in summary.problems:
        click.echo(f"problem: {problem}", err=True)
    sys.exit(0 if summary.ok else 1)


@main.command()
@config_argument
@db_option
@click.option("--table", type=click.Choice(TABLES), default="entries", show_default=True,
              help="entries: one record per entry and review item; leaderboard: the ranking; "
              "wikis: totals per wiki; countries: articles per wiki and country; "
              "authors: everyone with an accepted article.")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json",
              show_default=True)
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"), default="-",
              help="File to write (default: standard output).")
def export(config: Path, db: str, table: str, fmt: str, output: TextIO) -> None:
    """Export the stored results or one of the contest's tables.

    In the countries CSV, "*" as wiki or country marks a total over all of them; an empty
    country counts the articles without a recognised country.
    """
    from bot.reports.export import export_table

    contest = _load(config)
    output.write(export_table(table, fmt, _stored(contest, db), contest))


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

    contest = _load(config)
    click.echo(text_table(
        ("rank", "participant", "accepted", "entries", "points"),
        (("-" if s.rank is None else str(s.rank), s.participant, str(s.accepted),
          str(s.entries), str(s.points))
         for s in standings(_stored(contest, db).results, contest.ranking)),
    ))


@main.command()
@config_argument
@db_option
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The image to write: FILE.png or FILE.svg.")
@click.option("--top", default=8, show_default=True, type=click.IntRange(min=1),
              help="Wikis drawn by name (those with most accepted articles); one line adds "
              "up the others.")
def chart(config: Path, db: str, out: Path, top: int) -> None:
    """Draw the accepted articles per day of the contest, cumulative, per wiki."""
    from datetime import UTC, datetime

    from bot.reports.chart import FORMATS, daily_series, draw

    if out.suffix.lower() not in FORMATS:
        raise click.BadParameter(f"give a file name ending in {' or '.join(FORMATS)}",
                                 param_hint="--out")
    contest = _load(config)
    series = daily_series(_stored(contest, db).results, contest.window, top, datetime.now(UTC))
    draw(series, contest.name, out)
    click.echo(f"{out}: {series.total} accepted articles over {len(series.days)} days")
    if series.undated:
        click.echo(f"left out: {series.undated} accepted articles with neither a creation "
                   f"nor a declaration time", err=True)


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

