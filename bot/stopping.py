"""Asking a running update to stop (SIGTERM): it ends before its next request or step.

Toolforge kills a job 15 s after SIGTERM, so waiting for a whole wiki to be read is too
long; a read can be abandoned before any request (nothing is saved halfway), while saving
and writing pages check at their own boundaries.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import FrameType

log = logging.getLogger(__name__)

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


@contextmanager
def stop_on_signals(event: threading.Event) -> Iterator[None]:
    """Within the block, SIGTERM (what Toolforge sends) and SIGINT set ``event`` instead of
    killing the process at once; the former handlers come back after it. Only the main
    thread can install handlers: elsewhere this does nothing."""
    def request_stop(signum: int, frame: FrameType | None) -> None:
        log.info("received signal %d: stopping the running updates at their next step",
                 signum)
        event.set()

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    former = {number: signal.signal(number, request_stop)
              for number in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for number, handler in former.items():
            signal.signal(number, handler)
