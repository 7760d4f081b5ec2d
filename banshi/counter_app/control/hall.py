"""The counter's call panel (叫号) wired to the hall service, when ``[hall] counter`` names this window.

The panel sits beside the filing desk. A thread of its own keeps a long poll open on the hall (the
bridge's two workers stay free for the desk); the clerk's taps run on the bridge's single writer, so
they reach the hall in the order they were made. What happens when the hall does not answer is
``banshi.hall.counter_link``'s rule, shown by the panel (docs/hall.md).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from banshi.config import Settings
from banshi.counter_app.citizen_display import CitizenDisplay
from banshi.counter_app.clerk_window import ClerkWindow
from banshi.counter_app.desk import CounterDesk
from banshi.hall.client import HallClient, HallSaidNo, HallUnreachable, hall_credentials
from banshi.hall.counter_link import CounterLink
from banshi.hall.model import CounterAction
from banshi.hall.protocol import CounterState
from banshi.services.records import RatingLevel
from banshi.ui.bridge import Bridge
from banshi.ui.hall_call_panel import CallPanel

log = logging.getLogger(__name__)
POLL_WAIT_S, RETRY_S = 10.0, 2.0


class HallControl:
    def __init__(self, panel: CallPanel, bridge: Bridge, url: str, device_id: str, folder: Path, code: str) -> None:
        self.panel, self.bridge = panel, bridge
        self._connect = (url, device_id, folder, code)
        self.link: CounterLink | None = None
        self._stop = threading.Event()
        self._show_state = bridge.relay(self._on_state)
        self._show_unreachable = bridge.relay(lambda kept: panel.show_unreachable(True, kept))
        panel.action_requested.connect(self.act)
        panel.staff_taken.connect(self.take_staff_request)
        self._poller = threading.Thread(target=self._poll, name="hall-counter-poll", daemon=True)

    def start(self) -> None:
        self._poller.start()

    def stop(self) -> None:
        self._stop.set()

    def act(self, action: CounterAction) -> None:
        link = self.link
        if link is None:
            return
        self.bridge.run(lambda: link.act(action), lambda _answer: None, self._failed, writer=True)

    def take_staff_request(self, request_id: str) -> None:
        link = self.link
        if link is not None:
            self.bridge.run(lambda: link.take_staff_request(request_id), lambda _view: None, self._failed, writer=True)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, HallUnreachable):
            self.panel.show_unreachable(True, len(self.link.pending) if self.link else 0)
        elif isinstance(error, HallSaidNo):
            log.warning("the hall refused the counter: %s", error)

    def _on_state(self, state: CounterState) -> None:
        self.panel.show_unreachable(False)
        self.panel.show_state(state)

    def _poll(self) -> None:
        change = ""
        while not self._stop.is_set():
            try:
                if self.link is None:
                    url, device_id, folder, code = self._connect
                    self.link = CounterLink(HallClient(url, hall_credentials(url, device_id, folder, code)),
                                            self.panel.counter)
                state = self.link.state(change, wait_s=POLL_WAIT_S)
            except (HallUnreachable, HallSaidNo) as error:
                log.warning("counter %s: the hall does not answer: %s", self.panel.counter, error)
                self._show_unreachable(len(self.link.pending) if self.link else 0)
                self._stop.wait(RETRY_S)
                continue
            change = state.change
            self._show_state(state)


    def rated(self, level: str, reference: str | None) -> None:
        """The citizen rated the case (好差评): the ticket at this window is finished with that rating
        and the case reference, so the hall's report ties ratings to tickets and cases."""
        if self.panel.ticket is None or reference is None:
            return
        score = RATING_SCORES.get(level)
        link = self.link
        if link is not None and score is not None:
            self.bridge.run(lambda: link.act(CounterAction.FINISH, rating=score, case_reference=reference),
                            lambda _answer: None, self._failed, writer=True)


# The five national levels of 好差评 as the hall's 1 (差) … 5 (好).
RATING_SCORES = {level.value: 5 - index for index, level in enumerate(RatingLevel)}


def attach_call_panel(settings: Settings, window: ClerkWindow, display: CitizenDisplay, desk: CounterDesk,
                      bridge: Bridge) -> HallControl | None:
    """The call panel beside the filing desk, if this counter is a hall window; ``None`` otherwise."""
    if not settings.hall.counter:
        return None
    panel = CallPanel(settings.hall.counter)
    window.desk_page.layout().addWidget(panel, 3)
    control = HallControl(panel, bridge, settings.hall.url, settings.device.device_id,
                          settings.device.data_dir / "hall-identity", settings.hall.enrolment_code)
    # Connected after the filing controller's own slot: the case is still the desk's when this runs.
    display.rated.connect(lambda level, _reason: control.rated(
        level, desk.transaction.reference if desk.transaction is not None else None))
    control.start()
    return control
