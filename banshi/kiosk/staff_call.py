"""呼叫工作人员 on every kiosk page (``[hall] kiosk = true``): one tap asks the hall, every counter of
the kiosk's area sees the call, one clerk takes it, and the kiosk shows and says "工作人员马上过来".

The wait is a long poll on a thread of its own (it may last minutes; the bridge's workers stay free);
what it learns reaches the header on the GUI thread through the bridge.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject

from banshi.hall.client import HallClient, HallSaidNo, HallUnreachable
from banshi.hall.kiosk_flow import STAFF_ASKED, STAFF_COMING, STAFF_UNREACHABLE, wait_for_staff
from banshi.i18n import N_, LazyText
from banshi.kiosk.window import KioskWindow
from banshi.ui.bridge import Bridge
from banshi.ui.text import BigButton

log = logging.getLogger(__name__)
ASKING = N_("Asking a member of staff to come…")
CALL = N_("Call staff")
# What the button then says (the full sentence is said aloud): short, so the header keeps its one line.
SHORT: dict[LazyText, LazyText] = {ASKING: N_("Calling staff…"), STAFF_ASKED: N_("Asked: please wait"),
                                   STAFF_COMING: N_("Staff coming"),
                                   STAFF_UNREACHABLE: N_("Go to a window")}
WAIT_S = 15 * 60.0  # after this the call stays at the counters, but this kiosk stops watching it
RETRY_S = 1.0


class StaffCall(QObject):
    def __init__(self, window: KioskWindow, bridge: Bridge, client_now: Callable[[], HallClient], area: str,
                 say: Callable[[str], None]) -> None:
        super().__init__(window)
        self.window, self._client_now, self._area, self._say = window, client_now, area, say
        self.button = BigButton(CALL)  # then says where the call stands: one place to look, on every page
        self.button.setObjectName("call-staff")
        window.header.add_to_name_row(self.button)
        self.button.clicked.connect(self.ask)
        window.session_wiped.connect(self.forget)
        self._show = bridge.relay(self._shown)
        self._stop: threading.Event | None = None  # the call this kiosk is watching, if any

    def ask(self) -> None:
        """Ask once; a second tap while asked says again where the call stands."""
        if self._stop is not None and not self._stop.is_set():
            self._say(self.button.accessibleName())  # asked already: where the call stands
            return
        where = self.where()
        stop = self._stop = threading.Event()
        self._shown(ASKING, stop)
        threading.Thread(target=self._call, args=(where, stop), name="kiosk-staff-call", daemon=True).start()

    def where(self) -> str:
        """What the clerk's panel shows of the page: its name, and on a question page the question."""
        page = self.window.current_page().objectName().removesuffix("-page")
        session = self.window.session
        question = getattr(session.page, "question", None) if session is not None else None
        return f"{page}:{question.id}"[:64] if page == "question" and question is not None else page[:64]

    def _call(self, where: str, stop: threading.Event) -> None:
        """Worker thread: ask, then wait for one clerk to take it (through the hall's restarts)."""
        try:
            client = self._client_now()
            request = client.call_staff(where, self._area)
        except (HallUnreachable, HallSaidNo) as error:
            log.warning("kiosk: call for staff not delivered: %s", error)
            self._show(STAFF_UNREACHABLE, stop, True)
            return
        self._show(STAFF_ASKED, stop)
        while request.acked_by is None and not stop.is_set():
            try:
                request = wait_for_staff(client, request, WAIT_S, stop.is_set)
                break
            except (HallUnreachable, HallSaidNo) as error:
                log.warning("kiosk: the hall stopped answering while staff were called: %s", error)
                stop.wait(RETRY_S)
        if request.acked_by is not None:
            self._show(STAFF_COMING, stop, True)

    def _shown(self, message: LazyText, stop: threading.Event, done: bool = False) -> None:
        if stop is not self._stop:
            return  # an earlier citizen's call
        if done:
            stop.set()  # the next tap asks again
        self.button.set_source(SHORT.get(message, message))
        self._say(str(message))

    def forget(self) -> None:
        """The citizen is gone: stop watching their call (it stays at the counters); the button asks again."""
        if self._stop is not None:
            self._stop.set()
        self._stop = None
        self.button.set_source(CALL)

    def close(self) -> None:
        self.forget()
