"""Wire models of the change feed: back-office systems page through accepted transactions.

``GET /v1/feed?after=CURSOR&limit=N&wait=S`` (``Authorization: Bearer <consumer token>``) answers the
next accepted transactions in the consumer's services, oldest first, each with the cursor that
resumes after it. The order never changes once read. A consumer stores the cursor of the last
transaction it has *processed*; asking again after it after a crash re-delivers only what was not.
Cursors are bound to the consumer they were handed to. ``wait`` > 0 holds the request open until
something arrives or the seconds pass (long polling).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, StrictStr

from banshi.sync.protocol import API_PREFIX

FEED_PATH = f"{API_PREFIX}/feed"
MAX_FEED_PAGE = 1000
MAX_FEED_WAIT_S = 30.0


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class FeedItem(_Model):
    cursor: StrictStr  # resume after this item
    received_at: StrictStr  # when the hub accepted it (ISO-8601, UTC)
    transaction: dict[StrictStr, Any]  # the envelope as filed, sealed facts opened


class FeedPage(_Model):
    items: list[FeedItem]
    next: StrictStr  # the cursor to ask after next ("" while nothing has been read yet)


class FeedRefusal(StrEnum):
    """Stable codes in a refused feed request's ``reason`` (with a 4xx status)."""

    NOT_A_CONSUMER = "not_a_consumer"  # 401: no or unknown token, or a retired consumer
    BAD_CURSOR = "bad_cursor"  # 400: not a cursor at all
    FOREIGN_CURSOR = "foreign_cursor"  # 403: handed to another consumer
    UNKNOWN_CURSOR = "unknown_cursor"  # 409: names no entry of this feed (ahead of it, e.g. after a restore)
