"""Who is being served: an ID number typed from the card, or a citizen code held up to the camera."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject

from banshi.counter_app.citizen import from_code, from_typed_id
from banshi.counter_app.control.common import Notify, desk_call, user_message
from banshi.counter_app.desk import CounterDesk
from banshi.counter_app.identity_panel import IdentityPanel
from banshi.i18n import N_
from banshi.identity.trust import TrustList

log = logging.getLogger(__name__)
ScannerFactory = Callable[[], Any]  # returns a banshi.ui.scanner_view.ScannerView
NO_CAMERA = N_("No camera is set up on this machine. Type the ID number instead.")
CAMERA_FAILED = N_("The camera could not be started. Type the ID number instead.")


class IdentityControl(QObject):
    def __init__(self, desk: CounterDesk, panel: IdentityPanel, notify: Notify,
                 make_scanner: ScannerFactory | None) -> None:
        super().__init__()
        self.desk, self.panel, self._notify = desk, panel, notify
        self._make_scanner = make_scanner
        self._scanner: Any = None
        self._trust_list: TrustList | None = None  # the last one pulled, for a scanner built later
        panel.id_entered.connect(self.identify_typed)
        panel.scan_requested.connect(self.start_scan)

    def identify_typed(self, id_number: str, name: str) -> None:
        try:
            citizen = from_typed_id(id_number, name)
        except ValueError as error:
            self.panel.show_error(user_message(error))
            return
        self.panel.show_error("")
        desk_call(lambda: self.desk.identify(citizen), self._notify)

    def start_scan(self) -> None:
        if self._make_scanner is None or self.desk.clerk is None:
            self.panel.show_error(NO_CAMERA)
            return
        try:
            scanner = self._scanner or self._build_scanner()
            scanner.show()
            scanner.start()
        except Exception:  # a camera that is unplugged or busy must not take the desk down
            log.exception("the counter's scanner did not start")
            self.panel.show_error(CAMERA_FAILED)

    def _build_scanner(self) -> Any:
        assert self._make_scanner is not None
        self._scanner = self._make_scanner()
        self.panel.add_scanner(self._scanner)
        self._scanner.citizen_verified.connect(self.scanned)
        if self._trust_list is not None:
            self._scanner.check.replace_trust_list(self._trust_list)
        return self._scanner

    @property
    def scanner(self) -> Any:
        """The camera view once built (the first scan builds it), else None."""
        return self._scanner

    def use_trust_list(self, trust_list: TrustList) -> None:
        """New issuer keys and revocations take effect at once, as on the kiosks."""
        self._trust_list = trust_list
        if self._scanner is not None:
            self._scanner.check.replace_trust_list(trust_list)

    def scanned(self, result: Any) -> None:
        """What the scanner view's ``citizen_verified`` delivers."""
        self.stop_scan()
        desk_call(lambda: self.desk.identify(from_code(result.citizen)), self._notify)

    def stop_scan(self) -> None:
        if self._scanner is not None:
            self._scanner.stop()
            self._scanner.hide()

    def forget(self) -> None:
        """The citizen left (finish) or the desk closed (lock): no trace of them stays on screen."""
        self.stop_scan()
        self.panel.wipe()

    def close(self) -> None:
        self.stop_scan()
        close = getattr(self._make_scanner, "close", None)
        if close is not None:
            close()
