"""Install the Debian packages the farm runs on (MediaWiki 1.39, PHP 8.2 CLI)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

# php-sqlite3: the wikis keep everything in SQLite files; php-intl, php-mbstring and
# php-xml are hard requirements of MediaWiki's installer; php-cli brings `php -S`.
PACKAGES: tuple[str, ...] = (
    "mediawiki",
    "php-cli",
    "php-sqlite3",
    "php-intl",
    "php-mbstring",
    "php-xml",
)
MEDIAWIKI_DIR = Path("/usr/share/mediawiki")
INSTALL_PHP = MEDIAWIKI_DIR / "maintenance" / "install.php"
POLICY_RC_D = Path("/usr/sbin/policy-rc.d")


def packages_installed() -> bool:
    """True when both MediaWiki's installer and a php binary are present."""
    return INSTALL_PHP.is_file() and shutil.which("php") is not None


def _privileged(cmd: list[str]) -> list[str]:
    # Root needs nothing; anyone else goes through sudo (CI images may run as a user).
    return cmd if os.geteuid() == 0 else ["sudo", *cmd]


def install_packages() -> bool:
    """apt-get the packages unless already there. Returns True if it installed anything."""
    if packages_installed():
        return False
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    # The mediawiki package pulls in apache2 (Depends: apache2 | httpd). Its postinst
    # would start apache2 on a box with systemd or sysv-init; a policy-rc.d that exits
    # 101 forbids that. Docker-style images already ship one, so only add it if missing
    # and take it away again afterwards.
    added_policy = False
    if not POLICY_RC_D.exists():
        subprocess.run(
            _privileged(
                [
                    "sh",
                    "-c",
                    f'printf "#!/bin/sh\\nexit 101\\n" > {POLICY_RC_D} && chmod 755 {POLICY_RC_D}',
                ]
            ),
            check=True,
        )
        added_policy = True
    try:
        subprocess.run(_privileged(["apt-get", "update"]), check=True, env=env)
        subprocess.run(
            _privileged(["apt-get", "install", "-y", "--no-install-recommends", *PACKAGES]),
            check=True,
            env=env,
        )
    finally:
        if added_policy:
            subprocess.run(_privileged(["rm", "-f", str(POLICY_RC_D)]), check=False)
    return True
