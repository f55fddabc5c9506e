"""Persistence of contest state: SQLite by default, MariaDB (Toolforge ToolsDB) in production."""

from bot.store.schema import ContestState, RunRecord, RunStatus, WikiState
from bot.store.store import Store

__all__ = ["ContestState", "RunRecord", "RunStatus", "Store", "WikiState"]
