"""The sync engine: pushes the outbox to the hub in batches, off the GUI thread.

A record leaves ``sending`` only when the hub's response is a valid ``PushResponse``
that echoes its id; anything else (no network, 5xx, a captive-portal page, a 200 with
an error body) puts the batch back in the queue. The transaction id is the idempotency
key, so resending after a lost response is safe: the hub answers ``duplicate``.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from banshi.identity.clock import TrustedClock
from banshi.identity.cose import PublicKey
from banshi.sync.backoff import Backoff, parse_retry_after
from banshi.sync.device import DeviceCredentials
from banshi.sync.events import SyncEvent, SyncFinished, SyncOffline, SyncProgress, SyncReport, SyncStarted
from banshi.sync.hub_client import HubCallFailed, HubClient
from banshi.sync.outbox import Outbox, OutboxRecord, OutboxState
from banshi.sync.protocol import PUSH_PATH, PushResponse, PushResult, PushStatus
from banshi.sync.pulls import Puller

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

# One push did not produce a usable answer; the batch goes back to the queue.
PushFailed = HubCallFailed


@dataclass
class _Tally:
    sent: int = 0
    accepted: int = 0
    duplicates: int = 0
    conflicts: int = 0
    rejected: int = 0

    def add(self, results: Sequence[PushResult]) -> None:
        self.sent += len(results)
        for result in results:
            if result.status is PushStatus.ACCEPTED:
                self.accepted += 1
            elif result.status is PushStatus.DUPLICATE:
                self.duplicates += 1
            elif result.status is PushStatus.CONFLICT:
                self.conflicts += 1
            else:
                self.rejected += 1

    def report(self, error: str | None = None, retry_after: float | None = None) -> SyncReport:
        return SyncReport(self.sent, self.accepted, self.duplicates, self.conflicts, self.rejected, error, retry_after)


class SyncEngine:
    """Pushes ``outbox`` to the hub at ``hub_url``; ``run()``/``start()`` keep doing it in the background.

    With ``credentials`` (an enrolled device) every request is signed, every answer's hub signature
    is checked, ``clock`` observes the hub's signed time, and after a clean push the engine pulls
    the catalog, the trust list (verified against ``trust_root``) and statuses (a ``SyncPulled`` event).
    """

    def __init__(
        self,
        outbox: Outbox,
        hub_url: str,
        device_id: str,
        on_event: Callable[[SyncEvent], None] | None = None,
        batch_size: int = 100,
        timeout: float = 15.0,
        interval: float = 30.0,
        backoff: Backoff | None = None,
        client: httpx.Client | None = None,
        credentials: DeviceCredentials | None = None,
        clock: TrustedClock | None = None,
        trust_root: PublicKey | None = None,
        trust_list_file: Path | None = None,
        catalog_file: Path | None = None,
        after_pull: Sequence[Callable[[HubClient], object]] = (),
    ) -> None:
        self.outbox = outbox
        self.push_url = hub_url.rstrip("/") + PUSH_PATH
        self.device_id = device_id
        self.on_event = on_event
        self.batch_size = batch_size
        self.interval = interval
        self.backoff = backoff or Backoff()
        self.hub = HubClient(hub_url, client, credentials, clock.observe if clock is not None else None, timeout)
        self.puller = (Puller(self.hub, outbox, trust_root, trust_list_file, catalog_file)
                       if credentials is not None else None)
        self.after_pull = tuple(after_pull)  # e.g. StaffSync.run: each gets the signed hub client, in order
        self._sync_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- one pass -------------------------------------------------------------------------

    def sync_once(self) -> SyncReport:
        """Push every queued record once; stop at the first failed batch (it stays queued)."""
        with self._sync_lock:
            total = self.outbox.counts()[OutboxState.QUEUED]
            self._emit(SyncStarted(queued=total))
            report = self._drain(total)
            if report.error is None and self.puller is not None:
                report = self._pull(report)
        if report.error is not None:
            self._emit(SyncOffline(error=report.error))
        self._emit(SyncFinished(report=report))
        return report

    def _drain(self, total: int) -> SyncReport:
        tally = _Tally()
        while batch := self.outbox.claim_batch(self.batch_size):
            try:
                results = self._push_claimed(batch)
            except PushFailed as failure:
                log.warning("sync push failed, %d records stay queued: %s", len(batch), failure)
                return tally.report(str(failure), failure.retry_after)
            tally.add(results)
            self._emit(SyncProgress(sent=tally.sent, total=max(total, tally.sent)))
            if len(results) < len(batch):
                return tally.report(f"hub acknowledged {len(results)} of {len(batch)} transactions")
        return tally.report()

    def _pull(self, report: SyncReport) -> SyncReport:
        assert self.puller is not None
        try:
            self._emit(self.puller.pull())
            for step in self.after_pull:
                step(self.hub)
        except HubCallFailed as failure:
            log.warning("sync pull failed: %s", failure)
            return replace(report, error=str(failure), retry_after=failure.retry_after,
                           notice=getattr(failure, "user_message", None))
        return report

    def _push_claimed(self, batch: list[OutboxRecord]) -> list[PushResult]:
        """Push a claimed batch and settle it; whatever the hub did not acknowledge is released."""
        ids = [record.id for record in batch]
        try:
            results = self._push(ids)
        except BaseException as failure:
            self.outbox.release(ids, str(failure) if isinstance(failure, PushFailed) else repr(failure))
            raise
        self.outbox.record_results(results)
        echoed = {result.id for result in results}
        missing = [id_ for id_ in ids if id_ not in echoed]
        if missing:
            self.outbox.release(missing, "the hub's answer did not mention this transaction")
        return results

    def _push(self, ids: list[str]) -> list[PushResult]:
        payloads = self.outbox.payloads(ids)
        # The stored canonical bytes go out verbatim: what the hub compares is exactly what was queued.
        body = b'{"device_id":%s,"transactions":[%s]}' % (
            json.dumps(self.device_id, ensure_ascii=False).encode("utf-8"),
            b",".join(payloads[id_] for id_ in ids),
        )
        response = self._post(body)
        return _acknowledged(response, ids)

    def _post(self, body: bytes) -> bytes:
        response = self.hub.post(PUSH_PATH, body)
        if response.status_code != 200:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            raise PushFailed(f"hub answered HTTP {response.status_code} at {self.push_url}", retry_after)
        return self.hub.verified(PUSH_PATH, response)

    def _emit(self, event: SyncEvent) -> None:
        if self.on_event is None:
            return
        try:
            self.on_event(event)
        except Exception:  # a broken listener must not strand records in `sending`
            log.exception("sync event listener failed on %s", event.kind)

    # -- background loop ------------------------------------------------------------------

    def run(self, stop: threading.Event) -> None:
        """Sync until ``stop`` is set: every ``interval`` when healthy, backing off after failures.

        Starts by returning records a crash left in ``sending`` to the queue.
        """
        with self._sync_lock:
            self.outbox.requeue_stale_sending()
        while not stop.is_set():
            report = self._sync_guarded()
            if report.error is None:
                self.backoff.reset()
                self._sleep(stop, self.interval, wakeable=True)
            else:
                self._sleep(stop, self.backoff.next_delay(report.retry_after), wakeable=False)

    def _sync_guarded(self) -> SyncReport:
        try:
            return self.sync_once()
        except Exception as error:  # e.g. a full disk: keep the loop alive and back off
            log.exception("sync pass failed")
            return SyncReport(error=f"{type(error).__name__}: {error}")

    def _sleep(self, stop: threading.Event, seconds: float, wakeable: bool) -> None:
        deadline = time.monotonic() + seconds
        while not stop.is_set() and (remaining := deadline - time.monotonic()) > 0:
            if wakeable and self._wake.wait(min(remaining, 0.1)):
                self._wake.clear()
                return
            if not wakeable:
                stop.wait(min(remaining, 0.1))

    def wake(self) -> None:
        """Sync soon (e.g. right after an enqueue) instead of at the next interval."""
        self._wake.set()

    def start(self) -> None:
        """Run the loop on a daemon thread owned by this engine."""
        if self._thread is not None and self._thread.is_alive():
            raise RuntimeError("SyncEngine is already running; call stop() first.")
        self._stop.clear()
        self._thread = threading.Thread(target=self.run, args=(self._stop,), name="banshi-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def close(self) -> None:
        self.stop()
        self.hub.close()


def _acknowledged(content: bytes, ids: list[str]) -> list[PushResult]:
    """The results in ``content`` that answer ids we sent (first answer per id wins)."""
    try:
        parsed = PushResponse.model_validate_json(content)
    except ValidationError:
        raise PushFailed("hub answer is not a push response; a captive portal or proxy?") from None
    sent = set(ids)
    results: dict[str, PushResult] = {}
    for result in parsed.results:
        if result.id in sent:
            results.setdefault(result.id, result)
    return list(results.values())
