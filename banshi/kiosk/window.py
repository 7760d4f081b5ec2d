"""The kiosk window: one page at a time, driven by a form session; no business logic lives here."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from banshi.ui.theme_switch import switch_theme
from banshi.config import Settings
from banshi.i18n import N_, LazyText, current_language, set_language
from banshi.kiosk.identify import IdentifyPage
from banshi.kiosk.idle import IdleWatcher
from banshi.kiosk.pages import AttractPage, CheckAnswersPage, ConfirmationPage, IdleWarningPage, ServiceMenuPage
from banshi.kiosk.receipt import ReceiptStatusPage
from banshi.services import facts
from banshi.services.catalog import Catalog
from banshi.services.errors import AnswerError
from banshi.services.forms import CheckAnswersPage as CheckAnswersStep
from banshi.services.forms import FormSession
from banshi.services.schema import Assurance, Service
from banshi.services.transactions import Channel, Transaction
from banshi.identity.trust import TrustList
from banshi.sync.errors import UnknownTransactionError
from banshi.sync.guard import GuardState
from banshi.sync.outbox import Outbox, OutboxRecord
from banshi.ui.bridge import Bridge
from banshi.ui.page import Page
from banshi.ui.printing import PaperPrinter, PrintError, Receipt, receipt_for, receipt_payload
from banshi.ui.question_page import QuestionPage
from banshi.ui.scanner_view import SCAN_PROMPT, ScannerView
from banshi.ui.text import BigButton, TextLabel, retranslate_tree

log = logging.getLogger(__name__)
CHANNEL = Channel.KIOSK
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
        self._make_scanner = make_scanner
        self._printer = printer
        self._build()
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
        self.identify = IdentifyPage(self._make_scanner(SCAN_PROMPT, "title"))
        self.receipt = ReceiptStatusPage()
        self.attract_scanner = self._make_scanner(N_("Have a receipt? Hold its QR code up to the camera "
                                                     "to see how it is going."), "")
        self.attract_scanner.setObjectName("attract-scanner")
        self.attract.side.addWidget(self.attract_scanner)
        for page in (self.attract, self.menu, self.identify, self.question, self.check, self.confirmation,
                     self.receipt, self.idle_page):
            self.stack.addWidget(page)
        header = QHBoxLayout()
        header.setContentsMargins(64, 24, 64, 0)
        header.setSpacing(24)
        brand = TextLabel(N_("Banshi public services"), role="muted")
        brand.setObjectName("kiosk-brand")
        header.addWidget(brand, 1)
        self.voice_hint = TextLabel("", role="muted")  # what the voice dialogue suggests, kept on screen
        self.voice_hint.setObjectName("kiosk-voice-hint")
        self.voice_hint.hide()
        header.addWidget(self.voice_hint, 2)
        self.header = header
        self.theme_name = self._settings.kiosk.theme
        self.contrast_button = BigButton(lambda: str(N_("Normal colours") if self.theme_name == "high_contrast"
                                                     else N_("High contrast")))
        self.contrast_button.setObjectName("kiosk-contrast")
        header.addWidget(self.contrast_button)
        self.language_button = BigButton(lambda: "English" if current_language() == "zh_CN" else "中文")
        self.language_button.setObjectName("kiosk-language")
        self.language_button.setMinimumWidth(220)
        header.addWidget(self.language_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)

    def _wire(self) -> None:
        self.language_button.clicked.connect(self.toggle_language)
        self.contrast_button.clicked.connect(self.toggle_contrast)
        self.attract.start_requested.connect(lambda: self.show_page(self.menu))
        self.menu.service_chosen.connect(self.start_service)
        self.menu.home_requested.connect(self.reset)
        self.question.answered.connect(self.answer_current)
        self.question.back_requested.connect(self.go_back)
        self.question.start_over_requested.connect(self.reset)
        self.check.change_requested.connect(self._change)
        self.check.submit_requested.connect(self.submit)
        self.check.start_over_requested.connect(self.reset)
        self.confirmation.finish_requested.connect(self.reset)
        self.idle_page.more_time_requested.connect(self._more_time)
        self.identify.identified.connect(self._identified)
        self.identify.back_requested.connect(lambda: self.show_page(self.menu))
        self.attract_scanner.receipt_scanned.connect(self._receipt_scanned)
        self.receipt.done.connect(self.reset)

    @property
    def catalog(self) -> Catalog:
        return self._catalog

    def show_voice_hint(self, text: str) -> None:
        self.voice_hint.set_source(text)
        self.voice_hint.setVisible(bool(text))

    def add_header_buttons(self, *buttons: QWidget) -> None:
        """Buttons every page shows, before the language switch (e.g. "say it again" and mute)."""
        for button in buttons:
            self.header.insertWidget(self.header.count() - 1, button)

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
        def lookup() -> OutboxRecord | None:
            try:
                return self._outbox.get(transaction_id)
            except UnknownTransactionError:
                return None

        def show(record: OutboxRecord | None) -> None:
            self.receipt.show_status(transaction_id, record)
            self.idle.arm()
            self.show_page(self.receipt)

        def not_looked_up(_error: BaseException) -> None:
            self.receipt.show_unavailable(transaction_id)
            self.idle.arm()
            self.show_page(self.receipt)

        self._bridge.run(lookup, show, not_looked_up)

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
        if self.session is None:
            return
        transaction = self.session.submit(CHANNEL, self._settings.device.device_id, datetime.now(UTC))
        self.check.set_busy(True)
        self._bridge.run(
            lambda: self._outbox.enqueue(transaction),
            lambda _record: self._saved(transaction),
            self._save_failed,
            writer=True,
        )

    def _saved(self, transaction: Transaction) -> None:
        service = self._catalog.get(transaction.service_id)
        self.session = None
        self.idle.arm()
        self.confirmation.show_receipt(
            transaction.reference,
            receipt_payload(transaction.id),
            lambda: service.next_steps.get(current_language()),
        )
        self.show_page(self.confirmation)
        self.transaction_saved.emit(transaction)
        self._print_receipt(receipt_for(transaction, service))

    def _print_receipt(self, receipt: Receipt) -> None:
        # QPrinter and QPdfWriter are not reliable off the GUI thread (PDFs went missing when printed from
        # a worker), so the receipt prints here, after the confirmation has been painted.
        if self._printer is not None:
            QTimer.singleShot(0, lambda: self._print_now(receipt))

    def _print_now(self, receipt: Receipt) -> None:
        try:
            self._printer.print_receipt(receipt)  # type: ignore[union-attr]
        except PrintError as error:
            log.error("receipt not printed: %s", error)
            self.confirmation.show_sync_status(
                N_("The receipt could not be printed. Please note the reference number."))

    def _save_failed(self, error: BaseException) -> None:
        log.error("could not save a transaction to the outbox: %s", error)
        self.check.show_error(N_("Sorry, this could not be saved. Nothing was filed. "
                                 "Please try again or ask a member of staff."))

    def show_sync_message(self, message: LazyText) -> None:
        self.confirmation.show_sync_status(message)

    # idle -----------------------------------------------------------------------------------
    def _show_idle_warning(self) -> None:
        self._page_before_warning = self.current_page()
        self.show_page(self.idle_page)

    def _more_time(self) -> None:
        self.idle.extend()
        self.show_page(self._page_before_warning or self.attract)


