"""Assembles the counter's controllers (``control/``), links them to each other and to the desk, and ticks.

Session & lock, identity, citizen codes, the filing with its confirmation and rating, and the outbox
each have their own controller; this module only decides who hears whom.
"""

from __future__ import annotations

from collections.abc import Callable

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from PySide6.QtCore import QObject, QTimer

from banshi.counter_app.citizen_display import CitizenDisplay
from banshi.counter_app.clerk_window import ClerkWindow
from banshi.counter_app.control.codes import CodesControl
from banshi.counter_app.control.filing import FilingControl
from banshi.counter_app.control.identity import IdentityControl, ScannerFactory
from banshi.counter_app.control.outbox import OutboxControl, SyncParts
from banshi.counter_app.control.printing import PrintQueue
from banshi.counter_app.control.session import SessionControl
from banshi.counter_app.desk import CounterDesk
from banshi.identity.keys import IssuerKey
from banshi.services.staff import IdlePolicy
from banshi.ui.bridge import Bridge
from banshi.ui.printing import PaperPrinter

__all__ = ["CounterController", "DeskDevices", "ScannerFactory", "SyncParts"]
TICK_MS = 5000  # idle check; the countdown banner shows in 5-second steps
OUTBOX_EVERY_TICKS = 6  # the guard and counts are re-read every 30 s, or every tick on the dashboard


@dataclass(frozen=True)
class DeskDevices:
    """The counter's hardware and keys."""

    printer: PaperPrinter
    issuer: IssuerKey | None  # None: citizen codes cannot be issued here
    card_valid_days: int
    scanner: ScannerFactory | None = None  # None: no camera; ID numbers are typed
    hub_key: Callable[[], X25519PublicKey | None] = lambda: None  # codes seal name and ID number to it


class CounterController(QObject):
    def __init__(self, desk: CounterDesk, clerk: ClerkWindow, display: CitizenDisplay, bridge: Bridge,
                 sync: SyncParts, devices: DeskDevices, idle: IdlePolicy) -> None:
        super().__init__()
        self.desk, self.clerk, self.display = desk, clerk, display
        notify = clerk.show_banner
        prints = PrintQueue(devices.printer, notify)
        wake = sync.engine.wake
        self.session = SessionControl(desk, clerk, bridge, idle)
        self.identity = IdentityControl(desk, clerk.identity, notify, devices.scanner)
        self.codes = CodesControl(desk, clerk.identity, bridge, sync.outbox, prints, wake, devices.issuer,
                                  devices.card_valid_days, notify)
        self.codes.hub_key = devices.hub_key
        self.filing = FilingControl(desk, clerk.filing, display, bridge, sync.outbox, prints, wake, notify)
        self.outbox = OutboxControl(desk, clerk, bridge, sync)
        self.session.locked.connect(self.identity.forget)
        self.filing.finished.connect(self.identity.forget)
        self.outbox.trust_list_pulled.connect(self.identity.use_trust_list)
        desk.changed.connect(self.render)
        self._ticks = 0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(TICK_MS)
        self.outbox.refresh()

    def render(self) -> None:
        self.clerk.filing.render()
        self.clerk.identity.show_citizen(self.desk.citizen)
        self.display.render()

    def _tick(self) -> None:
        self.session.check_idle()
        self._ticks += 1
        if self.clerk.showing_dashboard() or self._ticks % OUTBOX_EVERY_TICKS == 0:
            self.outbox.refresh()

    def shutdown(self) -> None:
        self._timer.stop()
        self.identity.close()
        self.session.close()
