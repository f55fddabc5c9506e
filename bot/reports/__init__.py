"""Reports: the wikitext the bot publishes, rendered from stored results.

``render_pages`` builds a results page (and its subpages when it is too big) for a
``ResultsView``; ``Messages`` supplies its texts in the page's language; ``wikitext``
keeps untrusted text inert; ``tables`` holds the figures pages and exports share.
"""

from bot.reports.messages import Messages
from bot.reports.results import (
    ContestStateLike,
    PageBlock,
    ResultsView,
    WikiStateLike,
    render_pages,
)

__all__ = ["ContestStateLike", "Messages", "PageBlock", "ResultsView", "WikiStateLike",
           "render_pages"]
