"""Reports: the wikitext the bot publishes, rendered from stored results.

``render_results`` builds the results block; ``Messages`` supplies its texts in the
page's language; ``wikitext`` keeps untrusted text inert.
"""

from bot.reports.messages import Messages
from bot.reports.results import ContestStateLike, WikiStateLike, render_results

__all__ = ["ContestStateLike", "Messages", "WikiStateLike", "render_results"]
