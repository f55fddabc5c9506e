"""Asking a running update to stop (SIGTERM): it ends before its next request or step.

Toolforge kills a job 15 s after SIGTERM, so waiting for a whole wiki to be read is too
long; a read can be abandoned before any request (nothing is saved halfway), while saving
and writing pages check at their own boundaries.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_STOP: ContextVar[threading.Event | None] = ContextVar("contestbot_stop", default=None)


class Stopped(Exception):  # not an error: the operator asked for it
    """The run was asked to stop and ended at a step boundary."""


@contextmanager
def stop_on(event: threading.Event) -> Iterator[None]:
    """Within this block (and this thread), ``check_stop`` answers to ``event``."""
    token = _STOP.set(event)
    try:
        yield
    finally:
        _STOP.reset(token)


def check_stop(step: str) -> None:
    """Raise ``Stopped`` when the running update was asked to stop."""
    event = _STOP.get()
    if event is not None and event.is_set():
        raise Stopped(f"stopped before {step}")
