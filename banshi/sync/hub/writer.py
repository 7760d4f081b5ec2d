"""One writer thread per hub process: concurrent requests share a transaction and one durable commit.

A thousand devices pushing at once would otherwise queue on the database's write lock and pay
a commit (an fsync) each. The writer takes every request waiting when it is free, records their
nonces and settles their transactions in one database transaction, commits once, and answers
each request with its own outcome ("group commit"). A request is answered only after that
commit: an "accepted" is as durable as before, and a nonce is spent exactly when its request's
effects are.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError

from banshi.sync.errors import RequestRefused
from banshi.sync.hub.devices import DeviceRegistry, SignedRequest
from banshi.sync.hub.store import HubStore
from banshi.sync.hub.workers import name_thread
from banshi.sync.protocol import PushResult, TransactionEnvelope

log = logging.getLogger(__name__)
MAX_GROUP = 500  # requests per shared transaction: bounds one commit's size and its latency
_RACE_RETRIES = 3  # a unit losing an insert race to another hub process is settled again


@dataclass
class WriteUnit:
    """One request's writes: its nonce (None for an allowed unsigned push) and the envelopes it carries."""

    signed: SignedRequest | None
    device_id: str
    envelopes: Sequence[TransactionEnvelope]
    answer: Future[list[PushResult]] = field(default_factory=Future)


class HubWriter:
    def __init__(self, store: HubStore, registry: DeviceRegistry) -> None:
        self.store = store
        self.registry = registry
        self._waiting: queue.SimpleQueue[WriteUnit | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="hub-writer", daemon=True)
        self._thread.start()

    def submit(self, signed: SignedRequest | None, device_id: str,
               envelopes: Sequence[TransactionEnvelope]) -> Future[list[PushResult]]:
        """Queue a request's writes; the future holds its results once committed (or ``RequestRefused``)."""
        unit = WriteUnit(signed, device_id, envelopes)
        self._waiting.put(unit)
        return unit.answer

    def close(self) -> None:
        self._waiting.put(None)
        self._thread.join(timeout=30)

    def _run(self) -> None:
        name_thread("hub-writer")
        while (group := self._next_group()) is not None:
            try:
                self._write_group(group)
            except Exception as error:  # a broken database must answer every waiting request, not hang it
                log.exception("hub writer: a group of %d requests failed", len(group))
                for unit in group:
                    if not unit.answer.done():
                        unit.answer.set_exception(error)

    def _next_group(self) -> list[WriteUnit] | None:
        first = self._waiting.get()
        if first is None:
            return None
        group = [first]
        while len(group) < MAX_GROUP:
            try:
                unit = self._waiting.get_nowait()
            except queue.Empty:
                break
            if unit is None:
                self._waiting.put(None)  # finish this group, then stop
                break
            group.append(unit)
        return group

    def _write_group(self, group: list[WriteUnit]) -> None:
        try:
            outcomes = self._commit(group)
        except IntegrityError:
            # Another hub process wrote one of these nonces or ids meanwhile: settle each alone.
            outcomes = [self._commit_alone(unit) for unit in group]
        except Exception as error:  # noqa: BLE001 - whatever broke the shared transaction is retried apart
            # One request's writes failed the group's transaction: settling each alone confines the
            # failure to that request, so another device's push never fails with it.
            log.warning("hub writer: a group of %d requests failed (%s); settling each alone", len(group),
                        type(error).__name__)
            outcomes = [self._commit_alone(unit) for unit in group]
        for unit, outcome in zip(group, outcomes, strict=True):
            if isinstance(outcome, Exception):
                unit.answer.set_exception(outcome)
            else:
                unit.answer.set_result(outcome)

    def _commit(self, group: Sequence[WriteUnit]) -> list[list[PushResult] | Exception]:
        signed = [(position, unit.signed) for position, unit in enumerate(group) if unit.signed is not None]
        with self.store.engine.begin() as connection:
            replayed_at = self.registry.record_nonces(connection, [s for _, s in signed], datetime.now(UTC))
            replayed = {signed[index][0] for index in replayed_at}
            admitted = [unit for position, unit in enumerate(group) if position not in replayed]
            settled = iter(self.store.ingest_in(connection, [(unit.device_id, unit.envelopes) for unit in admitted]))
        return [_replay_refusal() if position in replayed else next(settled) for position in range(len(group))]

    def _commit_alone(self, unit: WriteUnit) -> list[PushResult] | Exception:
        """One request settled in a transaction of its own; what failed it is its answer alone."""
        failure: Exception = AssertionError("unreachable")
        for _attempt in range(_RACE_RETRIES):
            try:
                return self._commit([unit])[0]
            except IntegrityError as error:
                failure = error  # lost a race: the row that won is visible now, settling again sees it
            except Exception as error:  # noqa: BLE001 - answered to this request only
                failure = error
                break
        log.error("hub writer: a push from %s failed: %s", unit.device_id, type(failure).__name__)
        return failure


def _replay_refusal() -> RequestRefused:
    return RequestRefused("replayed", "this nonce was already used; a request is accepted once")
