"""The reference change-feed consumer (``banshi hub consume``): the pattern a back-office system follows.

It asks for transactions after its stored cursor, processes them, and only then stores the cursor of
the last one it processed. A crash (even SIGKILL) anywhere in between re-delivers what was not yet
recorded as processed, so each transaction is processed exactly once *provided processing is
idempotent per transaction id*:

- ``OutFolder`` writes ``<id>.json`` (the envelope's canonical bytes) for each, each file appearing
  whole (rename); a re-delivered id rewrites the same name with the same bytes. The page's files are made
  durable with one ``syncfs`` before the cursor is stored (an fsync per file would cap it near 100/s).
- ``RunCommand`` runs a command per transaction (the envelope JSON on stdin, ``BANSHI_TRANSACTION_ID``
  and ``BANSHI_SERVICE_ID`` in its environment) and stores the cursor after each success; a command that
  fails stops the consumer with the cursor before it. The command must treat an id it has seen as done.
"""

from __future__ import annotations

import ctypes
import logging
import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import httpx

from banshi.files import replace_atomically
from banshi.sync.backoff import Backoff
from banshi.sync.protocol import canonical_json
from banshi.sync.protocol.feed import FEED_PATH, MAX_FEED_PAGE, FeedItem, FeedPage

log = logging.getLogger(__name__)


class FeedConsumerError(Exception):
    """The hub refused this consumer (token, cursor) or a command failed: a person has to look."""


class Sink(Protocol):
    def process(self, items: list[FeedItem], store_cursor: Callable[[str], None]) -> None:
        """Process ``items`` in order, calling ``store_cursor`` once what it names is done."""


class OutFolder:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def process(self, items: list[FeedItem], store_cursor: Callable[[str], None]) -> None:
        for item in items:
            path = self.folder / f"{item.transaction['id']}.json"
            temporary = path.with_name(f".{path.name}.partial")
            temporary.write_bytes(canonical_json(item.transaction))
            os.replace(temporary, path)
        _sync_filesystem(self.folder)
        if items:
            store_cursor(items[-1].cursor)


def _sync_filesystem(folder: Path) -> None:
    """One ``syncfs`` for the whole page: every file written above is on disk before the cursor moves."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        if _libc().syncfs(descriptor) != 0:
            os.fsync(descriptor)  # not Linux or refused: at least the folder; files then rely on rename order
    finally:
        os.close(descriptor)


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


@dataclass
class RunCommand:
    command: list[str]

    def process(self, items: list[FeedItem], store_cursor: Callable[[str], None]) -> None:
        for item in items:
            environment = {**os.environ, "BANSHI_TRANSACTION_ID": str(item.transaction["id"]),
                           "BANSHI_SERVICE_ID": str(item.transaction["service_id"])}
            try:
                done = subprocess.run(self.command, input=canonical_json(item.transaction), env=environment,
                                      stdout=subprocess.DEVNULL, check=False)
            except OSError as error:
                raise FeedConsumerError(f"cannot run {self.command[0]}: {error.strerror}") from None
            if done.returncode != 0:
                raise FeedConsumerError(f"{self.command[0]} exited {done.returncode} on transaction "
                                        f"{item.transaction['id']}; its cursor is not stored, it comes again next run")
            store_cursor(item.cursor)


class CursorFile:
    """The consumer's cursor: one small file replaced atomically (``""`` before the first page)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> str:
        return self.path.read_text(encoding="ascii").strip() if self.path.exists() else ""

    def store(self, cursor: str) -> None:
        replace_atomically(self.path, cursor.encode("ascii"))


@dataclass
class FeedConsumer:
    hub_url: str
    token: str
    sink: Sink
    cursor: CursorFile
    limit: int = MAX_FEED_PAGE
    wait: float = 25.0
    client: httpx.Client | None = None

    def __post_init__(self) -> None:
        self.client = self.client or httpx.Client(timeout=self.wait + 30.0)
        self.delivered = 0

    def run(self, stop_when_idle: bool = False) -> int:
        """Consume until stopped (or, with ``stop_when_idle``, until a page comes back empty); returns the count."""
        backoff = Backoff(cap=30.0)
        while True:
            try:
                page = self.next_page(0.0 if stop_when_idle else self.wait)
            except httpx.HTTPError as error:  # hub restarting, network down: keep the cursor, come back
                delay = backoff.next_delay()
                log.warning("feed unreachable (%s); retrying in %.1f s", error, delay)
                time.sleep(delay)
                continue
            backoff.reset()
            self.sink.process(page.items, self.cursor.store)
            self.delivered += len(page.items)
            if stop_when_idle and not page.items:
                return self.delivered

    def next_page(self, wait: float) -> FeedPage:
        assert self.client is not None
        params: dict[str, str | int | float] = {"after": self.cursor.load(), "limit": self.limit, "wait": wait}
        response = self.client.get(self.hub_url.rstrip("/") + FEED_PATH, params=params,
                                   headers={"Authorization": f"Bearer {self.token}"})
        if 400 <= response.status_code < 500:
            raise FeedConsumerError(f"the hub refused this consumer (HTTP {response.status_code}): {response.text}")
        response.raise_for_status()
        return FeedPage.model_validate_json(response.content)
