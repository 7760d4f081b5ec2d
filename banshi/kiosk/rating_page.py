"""好差评 at the end of a kiosk filing: the shared rating widget on a page of its own, after the outcome.

The rating is filed through the outbox as the national rule's rating of that case (``records.rating``:
tied to the filing's id and reference; a bad one marked for a call-back by the next working day).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Signal

from banshi.i18n import N_
from banshi.services.records import rating
from banshi.services.transactions import Channel, Transaction
from banshi.sync.outbox import Outbox
from banshi.ui.bridge import Bridge
from banshi.ui.page import Page
from banshi.ui.rating import RatingPanel, national_levels, national_reasons
from banshi.ui.text import TextLabel

log = logging.getLogger(__name__)


class RatingPage(Page):
    """How was it? Five alike levels, a skip; thanks once rated. ``finished`` when the citizen is done."""

    finished = Signal()

    def __init__(self, outbox: Outbox, bridge: Bridge, device_id: str,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        super().__init__("rating-page", N_("How satisfied are you with this service?"))
        self.set_hint(N_("Tap a face. You may skip this."))
        self._outbox, self._bridge, self._device_id, self._now = outbox, bridge, device_id, now
        self._rated: Transaction | None = None
        self.panel = RatingPanel(national_levels(), national_reasons())
        self.panel.rated.connect(self._file)
        self.panel.skipped.connect(self.finished)
        self.thanks = TextLabel(N_("Thank you for your rating."), role="success")
        self.thanks.setObjectName("rating-thanks")
        self.content.addWidget(self.panel, 1)
        self.content.addWidget(self.thanks)
        nav = self.add_nav()
        nav.next.set_source(N_("Finish"))
        nav.next.setObjectName("rating-finish")
        nav.next.clicked.connect(self.finished)  # not .emit: PySide 6.12 leaks a True ref
        self.wipe()

    def ask(self, rated: Transaction) -> None:
        self._rated = rated
        self.panel.reset()
        self.panel.show()
        self.thanks.hide()
        self.nav.use(back=False, start_over=False, next_=False)  # type: ignore[union-attr]

    def on_shown(self) -> None:
        self.panel.reset()

    def _file(self, level: str, reason: str) -> None:
        if self._rated is None:
            return
        record = rating(level, self._rated, Channel.KIOSK, self._device_id, self._now(), reason or None)
        self._bridge.run(lambda: self._outbox.enqueue(record), lambda _stored: None,
                         lambda error: log.error("the rating could not be saved: %s", error), writer=True)
        self.panel.hide()
        self.thanks.show()
        self.nav.use(back=False, start_over=False, next_=True)  # type: ignore[union-attr]

    def wipe(self) -> None:
        self._rated = None
        self.panel.reset()
        self.thanks.hide()
