"""The board's link to the hall: a thread that long-polls the call feed and reports each answer (or
the loss of the link) through plain callbacks. It never gives up; it retries every second."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from banshi.hall.client import HallClient, HallSaidNo, HallUnreachable
from banshi.hall.protocol import BoardState

log = logging.getLogger(__name__)
POLL_WAIT_S = 20.0
RETRY_S = 1.0


class BoardFeed:
    def __init__(self, client: HallClient, on_state: Callable[[BoardState], None],
                 on_lost: Callable[[str], None], position: Callable[[], tuple[int, str]]) -> None:
        """``position()`` is the board's (last seq seen, change mark), read before each poll."""
        self.client = client
        self.on_state, self.on_lost, self.position = on_state, on_lost, position
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hall-board-feed", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            after, change = self.position()
            try:
                state = self.client.board(after, change, wait_s=POLL_WAIT_S)
            except (HallUnreachable, HallSaidNo) as error:
                log.warning("board lost the hall service: %s", error)
                self.on_lost(str(error))
                self._stop.wait(RETRY_S)
                continue
            if not self._stop.is_set():
                self.on_state(state)
