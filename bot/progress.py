"""A progress bar on a terminal; nothing in a scheduled job's log."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


def progress(items: Iterable[T], what: str) -> Iterator[T]:
    """``items`` as they are worked through, shown on standard error when it is a terminal."""
    yield from tqdm(items, desc=what, unit="", leave=False, disable=not sys.stderr.isatty())
