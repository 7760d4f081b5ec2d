"""The kiosk in a service hall (``[hall] kiosk = true``): 取号 on the attract page and at the end of a
filing that ends at a window, and 呼叫工作人员 on every page (``staff_call``; docs/hall.md).

The pages are ``banshi.ui.hall_pages``; the rules (priority, what to say when the hall does not answer)
are ``banshi.hall.kiosk_flow``. Every call to the hall runs on the bridge's workers, so the GUI thread
never waits for the network; the ticket prints on the GUI thread (QPrinter is not reliable off it)
after its page is painted, and is said aloud.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date
from typing import Protocol

from PySide6.QtCore import QObject, QTimer

from banshi.config import Settings
from banshi.hall.client import HallClient, HallSaidNo, HallUnreachable, hall_credentials
from banshi.hall.kiosk_flow import UNREACHABLE, TakeOutcome, is_senior, priority_for, take_number
from banshi.hall.model import Priority
from banshi.hall.protocol import HallInfo, ServiceInfo, TicketView
from banshi.hall.ticket_text import PrintedTicket
from banshi.i18n import N_, current_language
from banshi.kiosk.staff_call import StaffCall
from banshi.kiosk.window import KioskWindow
from banshi.services import facts
from banshi.services.transactions import Transaction
from banshi.ui.bridge import Bridge
from banshi.ui.hall_pages import TakeNumberPage, TicketPage
from banshi.ui.hall_ticket import print_ticket
from banshi.ui.page import Page
from banshi.ui.printing import PaperPrinter, PrintError
from banshi.ui.text import BigButton

log = logging.getLogger(__name__)
HALL_TIMEOUT_S = 2.0  # a kiosk waits this long for one answer: a citizen is standing there
ENROL_TIMEOUT_S = 20.0  # once in the kiosk's life; its code works once, so a slow answer must not waste it
CONNECTING = N_("Connecting to the hall's queue…")


class Say(Protocol):
    def __call__(self, text: str, language: str | None = None, *, personal: bool = False) -> None: ...


class KioskHall(QObject):
    """取号 for the kiosk window: where it is offered, the hall's answers, the ticket page and the paper."""

    def __init__(self, window: KioskWindow, bridge: Bridge, connect: Callable[[], HallClient],
                 printer: PaperPrinter | None, area: str = "main") -> None:
        super().__init__(window)
        self.window, self._bridge, self._connect, self._printer = window, bridge, connect, printer
        self._client: HallClient | None = None
        self._connecting = threading.Lock()  # one enrolment at a time: its code works once
        self.info: HallInfo | None = None
        self.say: Say | None = None  # the kiosk's speaker, when it has a voice
        self._came_from: Page = window.attract
        self._filing_reference: str | None = None
        self._filing_service: str | None = None  # the hall service a just-filed case ends at
        self._build()
        self.staff = StaffCall(window, bridge, self.client_now, area, self._speak)

    def _build(self) -> None:
        window = self.window
        self.take_page, self.ticket_page = TakeNumberPage(), TicketPage()
        for page in (self.take_page, self.ticket_page):
            window.stack.addWidget(page)
        self.attract_button = BigButton(N_("Take a number for a window"), role="primary")
        self.attract_button.setObjectName("attract-take-number")
        self.attract_button.clicked.connect(lambda: self.open(window.attract))
        window.attract.add_action(self.attract_button)
        self.filing_button = BigButton("", role="primary")  # names the window's service when shown
        self.filing_button.setObjectName("confirmation-take-number")
        self.filing_button.hide()
        self.filing_button.clicked.connect(lambda: self.open(window.confirmation, self._filing_service))
        window.confirmation.add_action(self.filing_button)
        self.take_page.service_chosen.connect(self.take)
        self.take_page.back_requested.connect(lambda: window.show_page(self._came_from))
        self.ticket_page.finish_requested.connect(window.reset)
        window.transaction_saved.connect(self._filed)
        window.session_wiped.connect(self.wipe)
        self.refresh()  # the services are known before the first tap, when the hall answers

    # the hall's answers ------------------------------------------------------------------------
    def client_now(self) -> HallClient:
        """Worker thread: the enrolled client (enrolling the first time)."""
        with self._connecting:
            if self._client is None:
                self._client = self._connect()
            return self._client

    def refresh(self, then: Callable[[HallInfo | None], None] | None = None) -> None:
        """Ask the hall for its services off the GUI thread; ``then`` gets them, or ``None`` if it did not answer."""
        def done(info: HallInfo | None) -> None:
            self.info = info if info is not None else self.info
            if then is not None:
                then(info)

        self._bridge.run(self._info_now, done, lambda error: done(None))

    def _info_now(self) -> HallInfo | None:
        try:
            return self.client_now().info()
        except (HallUnreachable, HallSaidNo) as error:
            log.warning("kiosk: the hall does not answer: %s", error)
            return None

    # pages -----------------------------------------------------------------------------------
    def open(self, came_from: Page, only: str | None = None) -> None:
        """The take-number page at once; its tiles when the hall has answered (never a made-up number)."""
        self._came_from = came_from
        self.window.idle.arm()
        page = self.take_page
        page.wipe()
        page.show_senior(self._senior())
        page.show_services(None)
        page.show_notice(CONNECTING)
        self.window.show_page(page)
        self.refresh(lambda info: self.show_services(info, only))

    def show_services(self, info: HallInfo | None, only: str | None = None) -> None:
        """The hall's services as tiles, or (``None``) the plain notice that no number can be taken now."""
        page = self.take_page
        if self.window.current_page() is not page:
            return  # the citizen has gone on (or the kiosk reset) meanwhile
        page.show_notice(None if info is not None else UNREACHABLE)
        page.show_services(info, only)
        self._speak(page.spoken_text())

    def take(self, service_id: str, declared: object) -> None:
        client, info = self._client, self.info
        if client is None or info is None:
            self.show_services(None)
            return
        priority = priority_for(self._birth_year(), declared if isinstance(declared, Priority) else None,
                                False, date.today())
        reference = self._filing_reference if service_id == self._filing_service else None
        self.take_page.set_busy(True)
        self._bridge.run(lambda: take_number(client, service_id, priority, reference),
                         lambda outcome: self._taken(outcome, info),
                         lambda error: self._taken(TakeOutcome(None, UNREACHABLE), info))

    def _taken(self, outcome: TakeOutcome, info: HallInfo) -> None:
        self.take_page.set_busy(False)
        if outcome.ticket is None:
            self.show_services(None)  # says plainly that no number can be taken: go to a window
            return
        self.show_ticket(outcome.ticket, info)

    def show_ticket(self, view: TicketView, info: HallInfo) -> None:
        """The ticket page, then the ticket said aloud and printed (after the page is painted)."""
        ticket = PrintedTicket.of(view, info)
        self.ticket_page.show_ticket(ticket)
        self.window.show_page(self.ticket_page)
        self._speak(ticket.spoken())
        if self._printer is not None:
            QTimer.singleShot(0, self, lambda: self._print(ticket))

    def _print(self, ticket: PrintedTicket) -> None:
        try:
            print_ticket(self._printer, ticket)  # type: ignore[arg-type]
        except PrintError as error:
            log.error("ticket %s not printed: %s", ticket.code, error)
            self.ticket_page.show_status(N_("The ticket could not be printed. Please remember your number "
                                            "or ask a member of staff."))

    # after a filing ----------------------------------------------------------------------------
    def _filed(self, transaction: Transaction) -> None:
        """A filing that ends at a hall window offers its number on the confirmation page."""
        if self.info is None:  # the hall did not answer at start-up: ask again
            self.refresh(lambda _info: self._offer_after(transaction))
        else:
            self._offer_after(transaction)

    def _offer_after(self, transaction: Transaction) -> None:
        if self.window.current_page() is not self.window.confirmation:
            return
        service = self._service_for_filing(transaction.service_id)
        self._filing_service = service.id if service is not None else None
        self._filing_reference = transaction.reference if service is not None else None
        self.filing_button.setVisible(service is not None)
        if service is not None:
            self.filing_button.set_source(lambda: str(N_("Take a number for the {service} window",
                                                         service=service.title_en if current_language() == "en"
                                                         else service.title_zh)))

    def _service_for_filing(self, filing: str) -> ServiceInfo | None:
        services = self.info.services if self.info is not None else []
        return next((service for service in services if filing in service.filings), None)

    # the citizen -----------------------------------------------------------------------------
    def _birth_year(self) -> int | None:
        """From a verified citizen code only (never asked)."""
        year = self.window.known_facts.get(facts.BIRTH_YEAR, "")
        return int(year) if year.isdigit() else None

    def _senior(self) -> bool:
        return is_senior(self._birth_year(), date.today())

    def _speak(self, text: str) -> None:
        if self.say is not None and text:
            self.say(text, personal=True)

    def wipe(self) -> None:
        self._filing_service = self._filing_reference = None
        self.filing_button.hide()
        self.take_page.wipe()
        self.ticket_page.wipe()

    def close(self) -> None:
        self.staff.close()
        if self._client is not None:
            self._client.close()


def attach_hall(settings: Settings, window: KioskWindow, bridge: Bridge,
                printer: PaperPrinter | None) -> KioskHall | None:
    """The kiosk's hall side, if ``[hall] kiosk`` says it stands in a hall; ``None`` otherwise."""
    if not settings.hall.kiosk:
        return None
    folder = settings.device.data_dir / "hall-identity"
    hall = settings.hall

    def connect() -> HallClient:
        credentials = hall_credentials(hall.url, settings.device.device_id, folder, hall.enrolment_code,
                                       timeout=ENROL_TIMEOUT_S)
        return HallClient(hall.url, credentials, timeout=HALL_TIMEOUT_S)

    return KioskHall(window, bridge, connect, printer, hall.area)
