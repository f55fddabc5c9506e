"""The bot's pywikibot site on a farm wiki, ready for counting requests."""

from __future__ import annotations

from typing import Any


def bot_site(code: str = "en") -> Any:
    """The bot's site, logged in, with what pywikibot reads once per session (userinfo,
    and the siteinfo behind ``has_extension``, which it asks before any ``prop=`` query)
    already read: request counts then see only what the bot's code asks."""
    import pywikibot

    site = pywikibot.Site(code, "devwiki")
    site.login()
    site.has_right("apihighlimits")
    site.has_extension("ProofreadPage")
    return site
