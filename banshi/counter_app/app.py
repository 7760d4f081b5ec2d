"""Assembling and running the counter: settings → accounts, audit log, outbox, sync (staff too), both windows."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from banshi.config import Settings
from banshi.counter_app.citizen_display import CitizenDisplay
from banshi.counter_app.clerk_window import ClerkWindow
from banshi.counter_app.control.hall import HallControl, attach_call_panel
from banshi.counter_app.controller import CounterController, DeskDevices, ScannerFactory, SyncParts
from banshi.counter_app.desk import CounterDesk
from banshi.counter_app.outbox_actions import OutboxActions
from banshi.counter_app.settings import CounterSettings, accounts_path, audit_path, lockouts_path, print_folder
from banshi.i18n import N_
from banshi.identity.keyfolder import KeyFolder
from banshi.identity.keys import IssuerKey, KeyFileError
from banshi.paths import asset
from banshi.services.catalog import Catalog
from banshi.services.staff import AuditLog, ClerkAccount, IdlePolicy, SignIn, load_accounts
from banshi.sync.device import DeviceCredentials
from banshi.sync.device_link import (
    device_catalog,
    device_credentials,
    device_signing_key,
    guard_now,
    open_outbox,
    sync_engine,
)
from banshi.sync.engine import SyncEngine
from banshi.sync.outbox import Outbox
from banshi.sync.outbox_actions import DeviceOutboxActions
from banshi.sync.staff_sync import StaffSync
from banshi.ui.application import apply_look, ensure_application
from banshi.ui.bridge import Bridge
from banshi.ui.printing import PaperPrinter, printer_for
from banshi.ui.scanner_view import ScannerView

log = logging.getLogger(__name__)
CLERK_THEME = "clerk"
SCAN_PROMPT = N_("Ask the citizen to hold their citizen code up to the camera")


@dataclass
class CounterRuntime:
    """Everything a running counter owns, so tests and the demo can drive and shut it down."""

    app: QApplication
    clerk: ClerkWindow
    display: CitizenDisplay
    controller: CounterController
    desk: CounterDesk
    bridge: Bridge
    outbox: Outbox
    engine: SyncEngine
    audit: AuditLog
    catalog: Catalog
    counter: CounterSettings
    credentials: DeviceCredentials | None = None  # None: not enrolled yet (records wait, encrypted locally)
    staff: StaffSync | None = None  # clerk accounts down, audit log up, after each clean pull
    hall: HallControl | None = None  # the call panel, when [hall] counter names this window

    def shutdown(self) -> None:
        if self.hall is not None:
            self.hall.stop()
        self.controller.shutdown()
        self.engine.close()
        self.bridge.wait_idle()
        self.bridge.shutdown()
        for window in (self.clerk, self.display):
            window.close()
            window.deleteLater()  # windows hold the last citizen's data; free them, not just hide them
        self.outbox.close()
        self.audit.close()


def _printer(counter: CounterSettings, data_dir: Path) -> PaperPrinter:
    printer = printer_for(counter.printer, print_folder(counter, data_dir))
    assert printer is not None  # the counter's settings offer no "none"
    return printer


def local_accounts(path: Path) -> dict[str, ClerkAccount]:
    """The accounts last synced from the hub (or set up with `banshi counter-clerk`); none before the
    first sync. A damaged file still fails loudly (AccountFileError)."""
    if not path.exists():
        log.warning("no clerk accounts in %s yet: they arrive with the first sync (`banshi hub add-clerk`)", path)
        return {}
    return load_accounts(path)


def _issuer(settings: Settings) -> IssuerKey | None:
    folder = settings.identity.keys_dir or asset("keys", "demo")
    try:
        return KeyFolder(folder).issuer_key()
    except KeyFileError as error:
        log.warning("counter: no issuer key in %s, citizen codes cannot be issued here: %s", folder, error)
        return None


class DefaultScanner:
    """The shared camera view (banshi.ui.scanner_view), built on first use (F2), so a counter with
    no camera, or none plugged in yet, starts and works by typed ID numbers."""

    def __init__(self, settings: Settings, bridge: Bridge) -> None:
        self._settings = settings
        self._bridge = bridge
        self._view: ScannerView | None = None

    def __call__(self) -> QWidget:
        from banshi.ui.identity_setup import camera_service, scanner_factory

        make = scanner_factory(self._settings, self._bridge, camera_service(self._settings))
        self._view = make(SCAN_PROMPT, "muted")
        return self._view

    def close(self) -> None:
        if self._view is not None:
            self._view.stop()  # releases the shared camera (it closes when the process exits)


def build_counter(settings: Settings, counter: CounterSettings | None = None, *,
                  actions: OutboxActions | None = None, scanner: ScannerFactory | None = None,
                  start_sync: bool | None = None) -> CounterRuntime:
    """Build both windows, linked to the hub as the kiosk is (enrolled, sealed, signed).

    Field mode (or ``start_sync=False``) starts with sync off; enrolment then gets one short try,
    so a counter with no network at all still opens (see banshi.sync.device_link). After each clean
    pull, ``StaffSync`` brings the hub's clerk accounts down and takes the audit log up; new
    accounts reach the sign-in on the GUI thread, and a pulled trust list reaches the scanner there.
    """
    counter = counter or settings.counter
    app = ensure_application()
    apply_look(app, CLERK_THEME, settings.kiosk.language)
    data_dir = settings.device.data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    catalog = device_catalog(settings)
    credentials = device_credentials(settings)
    outbox = open_outbox(settings, credentials)
    audit = AuditLog(audit_path(data_dir), signer=device_signing_key(settings).sign)
    accounts_file = accounts_path(counter, data_dir)
    gate = SignIn(local_accounts(accounts_file), lockout_file=lockouts_path(data_dir))
    desk = CounterDesk(catalog, gate, audit, settings.device.device_id)
    bridge = Bridge()
    clerk, display = ClerkWindow(desk, catalog, counter.field_mode), CitizenDisplay(desk)
    to_gui = bridge.relay(lambda event: controller.outbox.on_sync_event(event))
    staff = StaffSync(accounts_file, audit, bridge.relay(lambda accounts: controller.session.accounts_changed(accounts)))
    engine = sync_engine(settings, outbox, credentials, to_gui, after_pull=[staff.run])
    sync = SyncParts(outbox, engine, actions or DeviceOutboxActions(outbox, lambda: credentials),
                     lambda: guard_now(settings, outbox), data_dir / "export", staff)
    devices = DeskDevices(_printer(counter, data_dir), _issuer(settings), counter.card_valid_days,
                          scanner or DefaultScanner(settings, bridge),
                          lambda: credentials.hub_sealing_key if credentials is not None else None)
    controller = CounterController(desk, clerk, display, bridge, sync, devices,
                                   IdlePolicy(counter.idle_warn_s, counter.idle_lock_s))
    if start_sync if start_sync is not None else not counter.field_mode:
        engine.start()
    return CounterRuntime(app, clerk, display, controller, desk, bridge, outbox, engine, audit, catalog, counter,
                          credentials, staff, attach_call_panel(settings, clerk, display, desk, bridge))


def place_on_screens(clerk: QWidget, display: QWidget, counter: CounterSettings) -> None:
    """The clerk window on the first screen, the citizen display on a second one when there is one."""
    screens = QGuiApplication.screens()
    target = screens[counter.citizen_display_screen] if len(screens) > counter.citizen_display_screen else None
    for window, screen in ((clerk, screens[0] if screens else None), (display, target)):
        if screen is not None:
            window.setScreen(screen)
            window.move(screen.geometry().topLeft())
        if counter.fullscreen:
            window.showFullScreen()
        else:
            window.resize(1920, 1080)
            window.show()


def run_counter(settings: Settings, counter: CounterSettings | None = None) -> int:
    runtime = build_counter(settings, counter)
    place_on_screens(runtime.clerk, runtime.display, runtime.counter)
    try:
        return runtime.app.exec()
    finally:
        runtime.shutdown()
