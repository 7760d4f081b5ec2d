"""The kiosk window: one page at a time, driven by a form session; no business logic lives here."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QApplication, QLayout, QStackedWidget, QVBoxLayout, QWidget

from banshi.config import Settings
from banshi.i18n import N_, LazyText, current_language, set_language
from banshi.identity.trust import TrustList
from banshi.kiosk.filing import KioskFiling
from banshi.kiosk.header import KioskHeader
from banshi.kiosk.identify import IdentifyPage
from banshi.kiosk.idle import IdleWatcher
from banshi.kiosk.outcome import ConfirmationPage
from banshi.kiosk.pages import AttractPage, CheckAnswersPage, IdleWarningPage, ServiceMenuPage, StartOverPage
from banshi.kiosk.rating_page import RatingPage
from banshi.kiosk.receipt import CaseLookup, ReceiptStatusPage
from banshi.services import facts
from banshi.services.catalog import Catalog
from banshi.services.errors import AnswerError
from banshi.services.forms import CheckAnswersPage as CheckAnswersStep, FormSession
from banshi.services.schema import Assurance, Service
from banshi.services.transactions import Transaction
from banshi.sync.guard import GuardState
from banshi.sync.outbox import Outbox
from banshi.ui.bridge import Bridge
from banshi.ui.page import Page
from banshi.ui.printing import PaperPrinter
from banshi.ui.question_page import QuestionPage
from banshi.ui.scanner_view import SCAN_PROMPT, ScannerView
from banshi.ui.text import retranslate_tree
from banshi.ui.theme_switch import switch_theme

log = logging.getLogger(__name__)
ScannerFactory = Callable[[LazyText, str], ScannerView]


class KioskWindow(QWidget):
    """Attract → service menu → one question per page → check answers → saved → back to attract."""

    page_changed = Signal(str)
    transaction_saved = Signal(object)
    session_wiped = Signal()  # the citizen is forgotten: listeners drop anything they kept of them

    def __init__(self, settings: Settings, catalog: Catalog, outbox: Outbox, bridge: Bridge,
                 make_scanner: ScannerFactory, printer: PaperPrinter | None = None) -> None:
        super().__init__()
        self.setObjectName("kiosk-window")
        self.setWindowTitle("办事 Banshi")
        self._settings = settings
        self._catalog = catalog
        self._outbox = outbox
        self._bridge = bridge
        self.session: FormSession | None = None
        self.known_facts: dict[str, str] = {}  # from a verified citizen code; never asked again
        self.guard = GuardState.OK
        self._pending_service: Service | None = None
        self._page_before_warning: Page | None = None
        self._page_before_start_over: Page | None = None
        self._make_scanner = make_scanner
        self.case_lookup: CaseLookup | None = None  # asks the hub about a scanned receipt (set once enrolled)
        self.theme_name = settings.kiosk.theme
        self._build()
        self.filing = KioskFiling(catalog, outbox, bridge, settings.device.device_id, self.check,
                                  self.confirmation, printer, self)
        self._wire()
        self.idle = IdleWatcher(settings.kiosk.idle_warning_after_s, settings.kiosk.idle_extend_window_s, self)
        self.idle.warn.connect(self._show_idle_warning)
        self.idle.tick.connect(self.idle_page.show_seconds_left)
        self.idle.expired.connect(self.reset)
        QApplication.instance().installEventFilter(self.idle)  # every tap or key anywhere counts as activity
        self.show_page(self.attract)

    def _build(self) -> None:
        self.stack = QStackedWidget()
        self.attract = AttractPage()
        self.menu = ServiceMenuPage(self._catalog)
        self.question = QuestionPage()
        self.check = CheckAnswersPage()
        self.confirmation = ConfirmationPage()
        self.idle_page = IdleWarningPage()
        self.start_over_page = StartOverPage()
        self.identify = IdentifyPage(self._make_scanner(SCAN_PROMPT, ""))
        self.receipt = ReceiptStatusPage()
        self.rating = RatingPage(self._outbox, self._bridge, self._settings.device.device_id)
        self.attract_scanner = self._make_scanner(N_("Have a receipt? Hold its QR code up to the camera "
                                                     "to see how it is going."), "")
        self.attract_scanner.setObjectName("attract-scanner")
        self.attract.side.addWidget(self.attract_scanner)
        self.attract.side.addStretch(1)
        for page in (self.attract, self.menu, self.identify, self.question, self.check, self.confirmation,
                     self.receipt, self.idle_page, self.start_over_page, self.rating):
            self.stack.addWidget(page)
        self.header = KioskHeader(lambda: self.theme_name == "high_contrast")
        self.contrast_button = self.header.contrast_button
        self.language_button = self.header.language_button
        self.voice_hint = self.header.voice_hint
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # the screen decides the size, never the
        layout.setContentsMargins(0, 0, 0, 0)                           # content: what does not fit, the audit fails
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.stack, 1)

    def _wire(self) -> None:
        self.language_button.clicked.connect(self.toggle_language)
        self.contrast_button.clicked.connect(self.toggle_contrast)
        self.attract.start_requested.connect(lambda: self.show_page(self.menu))
        self.menu.service_chosen.connect(self.start_service)
        self.menu.home_requested.connect(self.reset)
        self.question.answered.connect(self.answer_current)
        self.question.back_requested.connect(self.go_back)
        self.question.start_over_requested.connect(self.ask_start_over)
        self.check.change_requested.connect(self._change)
        self.check.submit_requested.connect(self.submit)
        self.check.start_over_requested.connect(self.ask_start_over)
        self.check.back_requested.connect(self.go_back)
        self.start_over_page.keep_requested.connect(self._keep_answers)
        self.start_over_page.clear_requested.connect(self.reset)
        self.confirmation.finish_requested.connect(lambda: self.show_page(self.rating))
        self.rating.finished.connect(self.reset)
        self.idle_page.more_time_requested.connect(self._more_time)
        self.identify.identified.connect(self._identified)
        self.identify.back_requested.connect(lambda: self.show_page(self.menu))
        self.attract_scanner.receipt_scanned.connect(self._receipt_scanned)
        self.attract_scanner.camera_failed.connect(self._camera_failed)
        self.receipt.done.connect(self.reset)

    @property
    def catalog(self) -> Catalog:
        return self._catalog

    def show_voice_hint(self, text: str) -> None:
        self.header.show_voice_hint(text)

    def add_header_buttons(self, *buttons: QWidget) -> None:
        """Buttons every page shows, before the language switch (e.g. "say it again", mute)."""
        self.header.add_buttons(*buttons)

    # navigation -----------------------------------------------------------------------------
    def show_page(self, page: Page) -> None:
        self.show_voice_hint("")
        if page is not self.identify:
            self.identify.scanner.stop()
        if page is self.attract:
            self.attract_scanner.start()
        else:
            self.attract_scanner.stop()
        self.stack.setCurrentWidget(page)
        page.on_shown()
        self.page_changed.emit(page.objectName())

    def current_page(self) -> Page:
        return self.stack.currentWidget()  # type: ignore[return-value]

    def toggle_language(self) -> None:
        set_language("en" if current_language() == "zh_CN" else "zh_CN")
        retranslate_tree(self)
        if self.session is not None and self.current_page() is self.check:
            self.check.show_rows(self.session.summary_rows())  # answer values are localised too

    def toggle_contrast(self) -> None:
        """High contrast on or off, at once and without losing anything entered."""
        base = self._settings.kiosk.theme if self._settings.kiosk.theme != "high_contrast" else "elder"
        self.theme_name = base if self.theme_name == "high_contrast" else "high_contrast"
        switch_theme(self, self.theme_name)
        self.contrast_button.retranslate()

    def set_guard(self, state: GuardState) -> None:
        """The long-offline guard: past its second limit no new personal data is taken here."""
        self.guard = state

    def use_trust_list(self, trust_list: TrustList) -> None:
        self.identify.scanner.check.replace_trust_list(trust_list)

    def start_service(self, service_id: str) -> None:
        service = self._catalog.get(service_id)
        if self.guard is GuardState.BLOCK:
            self.menu.show_notice(N_("This machine has been offline too long to take new applications. "
                                     "Please use the counter, or try again once it is back online."))
            return
        self.idle.arm()
        if service.assurance is Assurance.NONE or self._identity_meets(service.assurance):
            self._begin_form(service)
            return
        self._pending_service = service
        self.identify.begin(service.assurance)
        self.show_page(self.identify)

    def _identity_meets(self, required: Assurance) -> bool:
        level = self.known_facts.get(facts.ASSURANCE)
        return level is not None and required.is_met_by(Assurance(level))

    def _identified(self, known: dict[str, str]) -> None:
        self.known_facts = known
        if self._pending_service is not None:
            self._begin_form(self._pending_service)

    def _begin_form(self, service: Service) -> None:
        self._pending_service = None
        self.session = FormSession(service, self.known_facts)
        self.session.changed.connect(self._render_session)
        self._render_session()

    def _receipt_scanned(self, transaction_id: str) -> None:
        self.receipt.look_up(self._outbox, self._bridge, transaction_id, self._show_receipt_status, self.case_lookup)

    def _show_receipt_status(self) -> None:
        self.idle.arm()
        self.show_page(self.receipt)

    def reset(self) -> None:
        """Forget the citizen: form state, identity and every widget that showed their data, then attract."""
        self.session = None
        self.known_facts = {}
        self._pending_service = None
        self.idle.disarm()
        self.identify.wipe()
        self.question.wipe()
        self.check.wipe()
        self.confirmation.wipe()
        self.receipt.wipe()
        self.rating.wipe()
        self.session_wiped.emit()
        self.show_page(self.attract)

    # form session ---------------------------------------------------------------------------
    def _render_session(self) -> None:
        if self.session is None:
            return
        page = self.session.page
        if isinstance(page, CheckAnswersStep):
            self.check.show_rows(self.session.summary_rows())
            self.show_page(self.check)
            return
        self.question.show_question(page.question, page.index, page.total, page.current_value or "",
                                    can_go_back=True)
        self.show_page(self.question)

    def answer_current(self, raw: str) -> None:
        if self.session is None:
            return
        try:
            self.session.answer(raw)
        except AnswerError as error:
            self.question.show_error(error.user_message)

    def go_back(self) -> None:
        if self.session is not None and self.session.can_go_back:
            self.session.back()
        else:
            self.session = None
            self.show_page(self.menu)  # identity, if confirmed, is kept for another service

    def _change(self, question_id: str) -> None:
        if self.session is not None:
            self.session.change(question_id)

    def submit(self) -> None:
        if self.session is not None:
            self.filing.submit(self.session, self._saved)

    def _saved(self, transaction: Transaction) -> None:
        self.session = None
        self.rating.ask(transaction)
        self.idle.arm()
        self.show_page(self.confirmation)
        self.transaction_saved.emit(transaction)

    def ask_start_over(self) -> None:
        """Start over asks first (GOV.UK): nothing is cleared by one stray tap."""
        self._page_before_start_over = self.current_page()
        self.show_page(self.start_over_page)

    def _keep_answers(self) -> None:
        self.show_page(self._page_before_start_over or self.attract)

    def _camera_failed(self, detail: str) -> None:
        """No camera: the welcome page stays calm (the receipt scanner just goes); the operator is told."""
        log.warning("kiosk machine status: camera unavailable (%s)", detail)
        self.attract_scanner.hide()
        self.identify.show_no_camera()

    def show_sync_message(self, message: LazyText, received: bool = False) -> None:
        self.confirmation.show_sync_status(message, received)

    # idle -----------------------------------------------------------------------------------
    def _show_idle_warning(self) -> None:
        self._page_before_warning = self.current_page()
        self.show_page(self.idle_page)

    def _more_time(self) -> None:
        self.idle.extend()
        self.show_page(self._page_before_warning or self.attract)


