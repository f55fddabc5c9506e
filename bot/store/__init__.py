"""Persistence of contest state: SQLite by default, MariaDB (Toolforge ToolsDB) in production."""

from bot.store.documents import Document
from bot.store.jury_log import JuryLogRecord
from bot.store.locks import RENEW_EVERY, STALE_AFTER, LockHeld, LockHolder, lock_owner
from bot.store.published import PublishedPage, body_hash
from bot.store.requests import RequestRecord
from bot.store.schema import Checkpoint, ContestState, RunRecord, RunStatus, WikiState
from bot.store.store import Store

__all__ = [
    "RENEW_EVERY",
    "STALE_AFTER",
    "Checkpoint",
    "ContestState",
    "Document",
    "JuryLogRecord",
    "LockHeld",
    "LockHolder",
    "PublishedPage",
    "RequestRecord",
    "RunRecord",
    "RunStatus",
    "Store",
    "WikiState",
    "body_hash",
    "lock_owner",
]
