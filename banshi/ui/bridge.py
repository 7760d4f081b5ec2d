"""The one bridge from core threads to the GUI thread.

Core code (outbox writes, sync, decoding, speech) runs on worker threads and reports through
plain callbacks. ``Bridge`` is the only place those callbacks become Qt signals, so every
result reaches widgets on the GUI thread. Work functions must never touch widgets.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)
T = TypeVar("T")


class Bridge(QObject):
    """Runs work off the GUI thread and delivers results, errors and core events on it."""

    _deliver = Signal(object, object)
    failed = Signal(object)  # every worker error also reaches this one sink

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Single writer: SQLite work is serialised on one thread (cf. Anki's taskman).
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="banshi-writer")
        self._workers = ThreadPoolExecutor(max_workers=2, thread_name_prefix="banshi-worker")
        self._pending: set[Future[Any]] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._deliver.connect(self._on_deliver, Qt.ConnectionType.QueuedConnection)

    def run(
        self,
        work: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None] | None = None,
        *,
        writer: bool = False,
    ) -> Future[T]:
        """Run ``work`` on a worker (the single writer if ``writer``); call back on the GUI thread.

        After ``shutdown()`` (the app is closing) new work is refused with a RuntimeError.
        """
        if self._closed:
            raise RuntimeError("The bridge is shut down; no more background work is accepted.")
        executor = self._writer if writer else self._workers
        future = executor.submit(work)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(lambda done: self._finished(done, on_success, on_failure))
        return future

    def relay(self, callback: Callable[..., None]) -> Callable[..., None]:
        """Wrap a GUI-side ``callback`` so core threads may call it; it runs on the GUI thread."""

        def from_any_thread(*args: Any) -> None:
            if not self._closed:
                self._deliver.emit(lambda: callback(*args), None)

        return from_any_thread

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Block until submitted work has finished (tests and shutdown only; never from a slot)."""
        with self._lock:
            pending = list(self._pending)
        for future in pending:
            future.exception(timeout=timeout)

    def shutdown(self) -> None:
        self._closed = True
        self._writer.shutdown(wait=True)
        self._workers.shutdown(wait=True)

    def _finished(
        self,
        future: Future[T],
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None] | None,
    ) -> None:
        with self._lock:
            self._pending.discard(future)
        error = future.exception()
        if error is None:
            result = future.result()
            self._deliver.emit(lambda: on_success(result), None)
        else:
            self._deliver.emit(lambda: self._report(error, on_failure), None)

    def _report(self, error: BaseException, on_failure: Callable[[BaseException], None] | None) -> None:
        log.error("background work failed: %s", error, exc_info=error)
        self.failed.emit(error)
        if on_failure is not None:
            on_failure(error)

    @Slot(object, object)
    def _on_deliver(self, call: Callable[[], None], _unused: object) -> None:
        if not self._closed:  # events queued before shutdown must not reach a closing app
            call()
