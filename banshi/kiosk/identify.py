"""Identify before a service that needs it: show the printed citizen code to the camera, once."""

from __future__ import annotations

from PySide6.QtCore import Signal

from banshi.i18n import N_
from banshi.identity.check import IdentityResult
from banshi.services.facts import facts_from_claims
from banshi.services.schema import Assurance
from banshi.ui.page import Page
from banshi.ui.scanner_view import ScannerView
from banshi.ui.text import BigButton, TextLabel


class IdentifyPage(Page):
    """Scans until a citizen code verifies and meets the service's assurance; then greets and continues."""

    identified = Signal(dict)  # known facts for the form session
    back_requested = Signal()

    def __init__(self, scanner: ScannerView) -> None:
        super().__init__("identify-page", N_("First, let us confirm who you are"))
        self.scanner = scanner
        self.greeting = TextLabel("", role="success")
        self.greeting.setObjectName("identify-greeting")
        self.greeting.hide()
        self.content.addWidget(self.greeting)
        self.content.addWidget(scanner)
        self.content.addWidget(TextLabel(N_("No code? Staff at the counter can help you and print one for you."),
                                         role="muted"))
        back = self.add_footer_button(BigButton(N_("Back")))
        back.setObjectName("identify-back")
        back.clicked.connect(self.back_requested)
        self.continue_button = self.add_footer_button(BigButton(N_("Continue"), role="primary"), 2)
        self.continue_button.setObjectName("identify-continue")
        self.continue_button.clicked.connect(self._continue)
        scanner.citizen_verified.connect(self._verified)
        self._required = Assurance.NONE
        self._facts: dict[str, str] = {}

    def begin(self, required: Assurance) -> None:
        self.wipe()
        self._required = required
        self.scanner.show()

    def on_shown(self) -> None:
        if not self._facts:  # (re)shown before a code was verified, e.g. after an idle warning
            self.scanner.start()

    def _verified(self, result: IdentityResult) -> None:
        claims = result.citizen.claims  # type: ignore[union-attr]
        if not self._required.is_met_by(Assurance(claims.assurance)):
            self.scanner.show_message(N_("This code cannot be used for this service. Please go to the counter."))
            return
        self._facts = facts_from_claims(claims)
        self.scanner.stop()
        self.scanner.hide()
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
        self.continue_button.hide()
        self.scanner.status.set_source("")
