"""``contestbot health``: whether ``serve`` is alive, from the heartbeat file it touches.

Toolforge runs the check every few seconds with a short timeout, so this module needs
nothing but the standard library (no pywikibot, no database).
"""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

HEALTHY_AGE = timedelta(minutes=3)  # a heartbeat older than this means a hung scheduler


def healthy(heartbeat: Path, max_age: timedelta = HEALTHY_AGE) -> str | None:
    """Why the service is not healthy, or None when its heartbeat is fresh."""
    try:
        beat = heartbeat.stat().st_mtime
    except OSError as exc:
        return f"no heartbeat at {heartbeat}: {exc.strerror}"
    age = time.time() - beat
    if age > max_age.total_seconds():
        return f"the heartbeat at {heartbeat} is {age:.0f} s old"
    return None
