"""Where a contest definition or a registry lives: a local file or a wiki page.

Operators and registries name wiki pages as ``family:code:Title`` (pywikibot's family and
code, then the title, which may contain colons of its own).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.config import SiteRef

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")  # pywikibot family names and site codes


@dataclass(frozen=True, slots=True)
class PageRef:
    site: SiteRef
    title: str

    def __str__(self) -> str:
        return f"{self.site.family}:{self.site.code}:{self.title}"


def parse_page_ref(text: str) -> PageRef:
    """``family:code:Title``, e.g. ``meta:meta:CEE Spring 2026/Bot definition``."""
    family, code, title = ([*text.split(":", 2), "", ""])[:3]
    family, code, title = family.strip(), code.strip(), title.strip()
    if not (_NAME.fullmatch(family) and _NAME.fullmatch(code) and title):
        raise ValueError(f'"{text}" is not a wiki page: write family:code:Title, '
                         f"e.g. meta:meta:CEE Spring 2026/Bot definition")
    return PageRef(SiteRef(code=code, family=family), title)


def parse_location(text: str) -> Path | PageRef:
    """An existing file, else a wiki page; ValueError saying it is neither."""
    if Path(text).is_file():
        return Path(text)
    try:
        return parse_page_ref(text)
    except ValueError:
        raise ValueError(f'"{text}" is neither an existing file nor a wiki page '
                         f"(family:code:Title)") from None


@dataclass(frozen=True, slots=True)
class LocationText:
    text: str
    revision: int | None  # the wiki revision read; None for files


class UnreadableLocation(Exception):
    """The text could not be read; the message says why (never taken as an empty text)."""


def read_location(location: Path | PageRef) -> LocationText:
    """The current text of a file, or of a wiki page's latest revision (after a redirect:
    a moved definition page keeps working)."""
    # Imported here: parsing a location (every CLI start) must not load pywikibot.
    import pywikibot

    from bot.facts.api import READ_ERRORS, WikiReadError, query

    if isinstance(location, Path):
        try:
            return LocationText(location.read_text(encoding="utf-8"), None)
        except OSError as exc:
            raise UnreadableLocation(exc.strerror or str(exc)) from None
        except UnicodeDecodeError as exc:
            raise UnreadableLocation(f"not UTF-8 text (byte {exc.start})") from None
    try:
        site = pywikibot.Site(location.site.code, location.site.family)
        parts = list(query(site, prop="revisions", titles=location.title, redirects=1,
                           rvprop="ids|content", rvslots="main"))
    except WikiReadError as exc:
        raise UnreadableLocation(str(exc)) from None
    except READ_ERRORS as exc:  # pywikibot cannot make the site (unknown family or code)
        raise UnreadableLocation(f"{location.site.family}:{location.site.code}: {exc}") from None
    pages = [page for part in parts for page in part.get("pages", [])]
    if not pages or pages[0].get("missing") or pages[0].get("invalid"):
        raise UnreadableLocation("the page does not exist")
    revision = pages[0]["revisions"][0]
    main = revision.get("slots", {}).get("main", {})
    if "content" not in main:  # hidden by a revision deletion
        raise UnreadableLocation(f"the text of revision {revision['revid']} is hidden")
    return LocationText(main["content"], int(revision["revid"]))
