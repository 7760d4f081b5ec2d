"""Identify before a service that needs it: show the printed citizen code to the camera, once.

The help for people without a code is always on screen. Without a working camera the page says so calmly
and points to the counter; the operator is told through the kiosk's machine status, not the citizen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal

from banshi.i18n import N_
from banshi.identity.check import IdentityResult
from banshi.services.facts import facts_from_claims
from banshi.services.schema import Assurance
from banshi.ui.page import Page
from banshi.ui.scanner_view import ScannerView
from banshi.ui.text import TextLabel

NO_CAMERA_NOTE = N_("The camera of this machine cannot be used at the moment. "
                    "Please go to a counter: staff there will check your ID card and help you.")


class IdentifyPage(Page):
    """Scans until a citizen code verifies and meets the service's assurance; then greets and continues."""

    identified = Signal(dict)  # known facts for the form session
    back_requested = Signal()

    def __init__(self, scanner: ScannerView) -> None:
        super().__init__("identify-page", N_("First, let us confirm who you are"))
        self.set_hint(N_("Hold the QR code of your citizen code up to the camera."))
        self.scanner = scanner
        self.greeting = TextLabel("", role="success")
        self.greeting.setObjectName("identify-greeting")
        self.greeting.hide()
        self.camera_note = TextLabel(NO_CAMERA_NOTE)
        self.camera_note.setObjectName("identify-camera-note")
        self.camera_note.hide()
        self.no_code = TextLabel(N_("No code? Staff at the counter can help you and print one for you."))
        self.no_code.setObjectName("identify-no-code")
        for widget in (self.greeting, self.camera_note, self.no_code):
            self.content.addWidget(widget)
        self.content.addStretch(1)
        self.side.addWidget(scanner, 0, Qt.AlignmentFlag.AlignTop)
        self.side.addStretch(1)
        nav = self.add_nav()
        nav.use(back=True, start_over=False, next_=False)
        nav.back.clicked.connect(self.back_requested)  # not .emit: PySide 6.12 leaks a True ref
        self.continue_button = nav.next
        self.continue_button.set_source(N_("Continue"))
        self.continue_button.setObjectName("identify-continue")
        self.continue_button.clicked.connect(self._continue)
        scanner.citizen_verified.connect(self._verified)
        scanner.camera_failed.connect(lambda _detail: self.show_no_camera())
        self._required = Assurance.NONE
        self._facts: dict[str, str] = {}
        self._camera_missing = False

    def begin(self, required: Assurance) -> None:
        self.wipe()
        self._required = required
        self.scanner.setVisible(not self._camera_missing)

    def on_shown(self) -> None:
        if not self._facts and not self._camera_missing:  # (re)shown before a code was verified
            self.scanner.start()

    def show_no_camera(self) -> None:
        """A calm note instead of the camera: nothing the citizen did, and nothing they can fix."""
        self._camera_missing = True
        self.scanner.stop()
        self.scanner.hide()
        self.set_hint("")
        self.camera_note.show()

    def _verified(self, result: IdentityResult) -> None:
        claims = result.citizen.claims  # type: ignore[union-attr]
        if not self._required.is_met_by(Assurance(claims.assurance)):
            self.scanner.show_message(N_("This code cannot be used for this service. Please go to the counter."))
            return
        self._facts = facts_from_claims(claims)
        self.scanner.stop()
        self.scanner.hide()
        self.no_code.hide()
        self.greeting.set_source(N_("Hello, {name}. Your identity is confirmed. Tap Continue.",
                                    name=claims.masked_name))
        self.greeting.show()
        self.continue_button.show()

    def _continue(self) -> None:
        if self._facts:
            self.identified.emit(dict(self._facts))

    def wipe(self) -> None:
        self.scanner.stop()
        self._facts = {}
        self.greeting.set_source("")
        self.greeting.hide()
        self.no_code.show()
        self.continue_button.hide()
        self.scanner.status.set_source("")
