"""Writing the bot's block to a wiki page: only between its markers, only when it changed.

pywikibot sends the base revision's timestamp with every save, so an edit a human made
after we read the page raises ``EditConflictError`` instead of being overwritten; we then
re-read and merge our block into the human's version once.

The guard is asked right before each save, once we know the text changed: a page that
stays the same costs no kill-switch read, and a switch set during a run stops the very
next save.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import pywikibot
from pywikibot.exceptions import EditConflictError

from bot.facts.api import READ_ERRORS
from bot.publishing.markers import MarkerError, replace_block, unified_diff

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Publication:
    page: str
    changed: bool  # our block differs from the page's current one
    edited: bool  # and we saved it (False when simulating or when saving failed)
    error: str | None = None
    refused: bool = False  # the guard refused the save; ``error`` says why


# Why a save must not happen now (None: it may); see bot.publishing.guard.
Guard = Callable[[], str | None]


def publish(
    site: pywikibot.site.APISite,
    title: str,
    block: str,
    summary: str,
    *,
    simulate: bool,
    show: Callable[[str], None],
    guard: Guard | None = None,
) -> Publication:
    page = pywikibot.Page(site, title)
    for attempt in (1, 2):
        try:
            old = page.text if page.exists() else None
            new = replace_block(old, block)
        except MarkerError as exc:
            return Publication(title, changed=False, edited=False, error=str(exc))
        except READ_ERRORS as exc:
            return Publication(title, changed=False, edited=False, error=f"cannot read: {exc}")
        if new == old:
            return Publication(title, changed=False, edited=False)
        if simulate:
            show(unified_diff(old or "", new, f"{site.code}:{title}"))
            return Publication(title, changed=True, edited=False)
        if guard is not None and (refusal := guard()) is not None:
            return Publication(title, changed=True, edited=False, error=refusal, refused=True)
        page.text = new
        try:
            page.save(summary=summary, minor=False, bot=True, quiet=True)
            return Publication(title, changed=True, edited=True)
        except EditConflictError:
            log.warning("edit conflict on %s (attempt %d); re-reading", title, attempt)
            page = pywikibot.Page(site, title)
        except READ_ERRORS as exc:
            return Publication(title, changed=True, edited=False, error=f"cannot save: {exc}")
    return Publication(title, changed=True, edited=False, error="edit conflict twice; will retry")
