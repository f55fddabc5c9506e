"""The bot's block on a wiki page: the text between its two marker comments.

Everything outside the markers belongs to humans and is kept byte for byte. When the
markers are damaged we cannot know which part is ours, so we refuse to write
(``MarkerError``) and let a human repair the page.
"""

from __future__ import annotations

import difflib
import re

BEGIN = "<!-- contestbot:begin -->"
END = "<!-- contestbot:end -->"

# Editors (and VisualEditor) sometimes re-space or re-case a comment; such a marker is
# still ours. Our own block can never contain one: rendering escapes every "<".
_BEGIN = re.compile(r"<!--\s*contestbot:begin\s*-->", re.IGNORECASE)
_END = re.compile(r"<!--\s*contestbot:end\s*-->", re.IGNORECASE)


class MarkerError(ValueError):
    """The page's markers do not delimit exactly one block; nothing may be written."""


def replace_block(page_text: str | None, block: str) -> str:
    """The page with ``block`` between the markers.

    A missing or empty page becomes just the marked block; a page without markers gets
    it appended after a blank line; otherwise only the text between the markers changes.
    """
    block = block.strip("\n")
    if not block.strip():
        raise ValueError("refusing to publish an empty block: it would blank the results")
    if _BEGIN.search(block) or _END.search(block):
        raise ValueError("the block contains a contestbot marker")
    marked = f"{BEGIN}\n{block}\n{END}"
    if page_text is None or not page_text.strip():
        return marked
    span = _block_span(page_text)
    if span is None:
        return f"{page_text.rstrip()}\n\n{marked}"
    start, end = span
    return f"{page_text[:start]}\n{block}\n{page_text[end:]}"


def unified_diff(old: str, new: str, title: str) -> str:
    """What an edit would change, for ``--simulate``; empty when nothing would."""
    lines = difflib.unified_diff(
        old.splitlines(), new.splitlines(), f"{title} (current)", f"{title} (new)", lineterm=""
    )
    return "\n".join(lines)


def _block_span(page_text: str) -> tuple[int, int] | None:
    """Where the block lies: from the end of the begin marker to the start of the end one."""
    begins = list(_BEGIN.finditer(page_text))
    ends = list(_END.finditer(page_text))
    if not begins and not ends:
        return None
    if len(begins) > 1 or len(ends) > 1:
        raise MarkerError(
            f"the page has {len(begins)} begin and {len(ends)} end markers ({BEGIN}, {END}); "
            "exactly one of each is allowed"
        )
    if not ends:
        raise MarkerError(f"the page has {BEGIN} but no {END} after it")
    if not begins:
        raise MarkerError(f"the page has {END} but no {BEGIN} before it")
    begin, end = begins[0], ends[0]
    if end.start() < begin.end():
        raise MarkerError(f"the page has {END} before {BEGIN}")
    return begin.end(), end.start()
