"""Printing on the GUI thread, once the last change is painted, with a message if the printer fails."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QTimer

from banshi.counter_app.control.common import Notify
from banshi.i18n import LazyText
from banshi.ui.printing import PaperPrinter, PrintError

log = logging.getLogger(__name__)


class PrintQueue:
    """QPrinter and QPdfWriter are not reliable off the GUI thread (the kiosk's receipt PDFs went missing
    when printed from a worker), so printing is queued on the GUI thread rather than given to the bridge."""

    def __init__(self, printer: PaperPrinter, notify: Notify) -> None:
        self.printer = printer
        self._notify = notify

    def later(self, print_now: Callable[[PaperPrinter], None], failed: LazyText,
              done: Callable[[], None] | None = None) -> None:
        def run() -> None:
            try:
                print_now(self.printer)
            except PrintError as error:
                log.error("not printed: %s", error)
                self._notify(failed)
                return
            if done is not None:
                done()

        QTimer.singleShot(0, run)
