"""Top-level test setup: the repo root on sys.path, and the network guard.

The guard is installed at import, before any test module or the code under test
runs, and stays for the whole process (audit hooks cannot be removed): every DNS
lookup of a non-loopback name and every connect to a non-loopback address raises
devwiki.netguard.NetworkGuardError naming the target.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # `import bot` / `import devwiki` without installing

from devwiki import netguard  # noqa: E402  (needs the path above)

netguard.install()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    # A blocked attempt that the code under test caught and swallowed fails no test;
    # list them anyway, they mean something tried to leave the machine.
    attempts = netguard.blocked()
    if attempts:
        terminalreporter.section("network guard")
        for message in attempts:
            terminalreporter.write_line(message)
