"""Command line: python3 -m devwiki up|down|destroy|status|import|snapshot|restore|sql|...

Run `python3 -m devwiki --help` (or scripts/devwiki --help) for the list.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from devwiki.farm import Farm, FarmError
from devwiki.maintenance import MaintenanceError
from devwiki.packages import install_packages
from devwiki.spec import DEFAULT_WIKIS

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PORT_BASE = 8180


def default_base() -> Path:
    return Path(os.environ.get("DEVWIKI_BASE") or REPO_ROOT / ".devwiki")


def _parser() -> argparse.ArgumentParser:
    # --base is accepted before or after the command (`devwiki --base D up` and
    # `devwiki up --base D`); SUPPRESS keeps the subcommand from resetting it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--base", type=Path, default=argparse.SUPPRESS, help="farm folder")
    parser = argparse.ArgumentParser(
        prog="devwiki",
        description=(
            "A farm of local MediaWiki 1.39 wikis on 127.0.0.1 for contestbot "
            "(base folder: --base, else $DEVWIKI_BASE, else <repo>/.devwiki)."
        ),
    )
    parser.add_argument("--base", type=Path, default=None, help="farm folder")
    sub = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, parents=[common])

    up = command("up", "create missing wikis, start servers, write pywikibot config")
    up.add_argument(
        "--wikis",
        default=None,
        help=(
            f"comma-separated NAME or NAME:LANG (default on a new farm: {','.join(DEFAULT_WIKIS)}; "
            "existing wikis are kept)"
        ),
    )
    up.add_argument(
        "--port-base",
        type=int,
        default=DEFAULT_PORT_BASE,
        help=f"wiki number i listens on PORT_BASE+i (default {DEFAULT_PORT_BASE})",
    )
    command("down", "stop the servers")
    command("destroy", "stop the servers and delete the farm folder")
    command("status", "wikis, ports and whether they run (JSON)")
    imp = command("import", "import an XML dump (importDump.php + follow-up steps)")
    imp.add_argument("wiki")
    imp.add_argument("file", type=Path)
    command("snapshot", "make the current state the one restore returns to")
    command("restore", "roll every wiki back to its snapshot")
    sql = command("sql", "run one SQL statement on a wiki, print rows as JSON")
    sql.add_argument("wiki")
    sql.add_argument("query")
    command("install-packages", "apt-get install MediaWiki and PHP (no-op if present)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    farm = Farm(args.base or default_base())
    try:
        return _run(farm, args)
    except (FarmError, MaintenanceError, ValueError, OSError, sqlite3.Error) as error:
        print(f"devwiki: {error}", file=sys.stderr)
        return 1


def _run(farm: Farm, args: argparse.Namespace) -> int:
    command: str = args.command
    if command == "install-packages":
        print("installed" if install_packages() else "already installed")
    elif command == "up":
        started = time.monotonic()
        wikis = farm.up(args.wikis, args.port_base)
        print(f"# {len(wikis)} wikis up in {time.monotonic() - started:.1f} s")
        print(f"export PYWIKIBOT_DIR={farm.pywikibot_dir}")
        for wiki in wikis:
            print(f"{wiki.name}\t{farm.article_url(wiki.name, '')}\t{wiki.api_url}")
    elif command == "down":
        farm.down()
    elif command == "destroy":
        farm.destroy()
    elif command == "status":
        print(json.dumps(farm.status(), indent=2, ensure_ascii=False))
    elif command == "import":
        if not args.file.is_file():
            raise FileNotFoundError(f"no such file: {args.file}")
        farm.import_xml(args.wiki, args.file)
    elif command == "snapshot":
        farm.snapshot()
    elif command == "restore":
        farm.restore()
    elif command == "sql":
        print(json.dumps(farm.sql(args.wiki, args.query), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
