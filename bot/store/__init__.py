"""Persistence of contest state: SQLite by default, MariaDB (Toolforge ToolsDB) in production."""

from bot.store.jury_log import JuryLogRecord
from bot.store.published import PublishedPage, body_hash
from bot.store.schema import Checkpoint, ContestState, RunRecord, RunStatus, WikiState
from bot.store.store import Store

__all__ = [
    "Checkpoint",
    "ContestState",
    "JuryLogRecord",
    "PublishedPage",
    "RunRecord",
    "RunStatus",
    "Store",
    "WikiState",
    "body_hash",
]
