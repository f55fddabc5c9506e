"""Run MediaWiki maintenance scripts against one wiki of the farm."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from devwiki.packages import MEDIAWIKI_DIR


class MaintenanceError(RuntimeError):
    pass


def run(wiki_dir: Path, script: str, *args: str) -> str:
    """php maintenance/SCRIPT.php ARGS for the wiki in wiki_dir; returns its output.

    MediaWiki >= 1.38 takes its settings file from MW_CONFIG_FILE for maintenance
    scripts as for web requests, so one code copy serves every wiki.
    """
    env = dict(os.environ, MW_CONFIG_FILE=str(wiki_dir / "LocalSettings.php"))
    cmd = ["php", str(MEDIAWIKI_DIR / "maintenance" / f"{script}.php"), *args]
    result = subprocess.run(
        cmd,
        cwd=wiki_dir,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise MaintenanceError(
            f"{' '.join(cmd)} failed ({result.returncode}) for {wiki_dir}:\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return result.stdout
