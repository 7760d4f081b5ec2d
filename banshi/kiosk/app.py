"""Assembling and running the kiosk: settings → catalog, outbox, sync engine, window."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QApplication

from banshi.config import Settings
from banshi.handwriting.status import log_missing_components
from banshi.i18n import N_, LazyText
from banshi.identity.camera_service import CameraService
from banshi.kiosk.hall import KioskHall, attach_hall
from banshi.kiosk.lockdown import install_lockdown
from banshi.kiosk.voice_setup import KioskVoiceParts, build_voice
from banshi.kiosk.window import KioskWindow
from banshi.kiosk.window_watch import WindowWatch
from banshi.services.catalog import Catalog
from banshi.sync.device_link import case_lookup, device_catalog, device_credentials, guard_now, open_outbox, sync_engine
from banshi.sync.engine import SyncEngine
from banshi.sync.events import SyncEvent, SyncFinished, SyncOffline, SyncPulled, SyncReport
from banshi.sync.guard import GuardState
from banshi.sync.outbox import Outbox
from banshi.ui.application import apply_look, ensure_application
from banshi.ui.bridge import Bridge
from banshi.ui.handwriting_pad import recogniser_from_settings, shared_recogniser
from banshi.ui.inputs.writing import HANDWRITING, PadTools
from banshi.ui.identity_setup import camera_service, scanner_factory
from banshi.ui.microphone import LiveSource
from banshi.ui.printing import printer_for

log = logging.getLogger(__name__)


@dataclass
class KioskRuntime:
    """Everything a running kiosk owns, so tests and the demo can drive and shut it down."""

    app: QApplication
    window: KioskWindow
    bridge: Bridge
    outbox: Outbox
    engine: SyncEngine
    catalog: Catalog
    camera: CameraService
    settings: Settings
    voice: KioskVoiceParts | None = None
    hall: KioskHall | None = None  # 取号 and calls for staff, when [hall] kiosk says it stands in a hall

    def shutdown(self) -> None:
        self.window.idle.disarm()  # no idle reset may fire on a closed kiosk
        self.app.removeEventFilter(self.window.idle)
        if self.voice is not None:
            self.voice.shutdown()
        self.window.attract_scanner.stop()
        self.window.identify.scanner.stop()  # releases the shared camera (it closes at exit)
        self.engine.close()
        self.bridge.wait_idle()
        self.bridge.shutdown()
        if self.hall is not None:
            self.hall.close()
        self.window.close()
        self.outbox.close()


def build_kiosk(settings: Settings, start_sync: bool = True, voice_source: LiveSource | None = None) -> KioskRuntime:
    app = ensure_application()
    apply_look(app, settings.kiosk.theme, settings.kiosk.language)
    log_missing_components(settings.handwriting.zinnia_model, settings.handwriting.templates)
    settings.device.data_dir.mkdir(parents=True, exist_ok=True)
    catalog = device_catalog(settings)
    credentials = device_credentials(settings)
    outbox = open_outbox(settings, credentials)
    bridge = Bridge()
    camera = camera_service(settings)
    printer = printer_for(settings.kiosk.printer, kiosk_print_folder(settings))
    window = KioskWindow(settings, catalog, outbox, bridge, scanner_factory(settings, bridge, camera), printer)
    window.case_lookup = case_lookup(settings, credentials)
    if window.case_lookup is not None:
        bridge.run(window.case_lookup.warm, lambda _none: None)
    window.session_wiped.connect(lambda: clear_print_spool(kiosk_print_folder(settings)))
    # Free text and the street of an address are written on the pad; the model loads once, off the GUI thread.
    window.question.input_context.extras[HANDWRITING] = PadTools(
        bridge, shared_recogniser(recogniser_from_settings(settings.handwriting)))
    to_gui = bridge.relay(lambda event, guard: _show_sync_event(window, event, guard))
    engine = sync_engine(settings, outbox, credentials,
                         lambda event: to_gui(event, guard_now(settings, outbox) if _settles(event) else None))
    window.transaction_saved.connect(lambda _transaction: engine.wake())
    bridge.run(lambda: guard_now(settings, outbox), window.set_guard)
    hall = attach_hall(settings, window, bridge, printer)  # before the voice: its pages precede its buttons in Tab order
    voice = build_voice(settings, app, window, bridge, voice_source) if settings.voice.enabled else None
    if hall is not None and voice is not None:
        hall.say = voice.speaker.say
    if start_sync:
        engine.start()
    return KioskRuntime(app, window, bridge, outbox, engine, catalog, camera, settings, voice, hall)


def kiosk_print_folder(settings: Settings) -> Path:
    return settings.kiosk.printer_target or settings.device.data_dir / "print"


def clear_print_spool(folder: Path) -> None:
    """Session wipe: receipt files waiting in a PDF spool folder go with the citizen."""
    if folder.is_dir():
        for spooled in folder.glob("receipt-*.pdf"):
            spooled.unlink(missing_ok=True)


def _settles(event: SyncEvent) -> bool:
    """After these the long-offline guard may have changed (computed on the sync thread, not the GUI's)."""
    return isinstance(event, SyncFinished | SyncOffline)


def _show_sync_event(window: KioskWindow, event: SyncEvent, guard: GuardState | None) -> None:
    if guard is not None:
        window.set_guard(guard)
    if isinstance(event, SyncPulled):
        _apply_pull(window, event)
        return
    message = sync_message(event)
    if message is not None:
        received = isinstance(event, SyncFinished) and report_message(event.report) is not None \
            and not event.report.error
        window.show_sync_message(message, received)


def _apply_pull(window: KioskWindow, pulled: SyncPulled) -> None:
    """New issuer keys and revocations take effect at once; a new catalog at the next start."""
    if pulled.trust_list is not None:
        window.use_trust_list(pulled.trust_list)
    if pulled.catalog is not None:
        log.info("the hub has catalog version %s; it is used from the next start", pulled.catalog.version)


def report_message(report: SyncReport) -> LazyText | None:
    """What the citizen is told after a sync round, if anything."""
    if report.error:
        return SyncOffline(error=report.error).user_message
    if report.accepted or report.duplicates:
        return N_("Sent to the service centre.")
    return None


def sync_message(event: SyncEvent) -> LazyText | None:
    if isinstance(event, SyncFinished):
        return report_message(event.report)
    if isinstance(event, SyncOffline):
        return event.user_message
    return None


def run_kiosk(settings: Settings) -> int:
    """The kiosk until the operator exits (0) or its window goes any other way (``EXIT_WINDOW_GONE``)."""
    runtime = build_kiosk(settings)
    lockdown = None
    if settings.kiosk.fullscreen:
        lockdown = install_lockdown(runtime.window, settings.kiosk.operator_pin_hash, runtime.app.quit)
    else:
        runtime.window.resize(1920, 1080)
        runtime.window.show()
    watch = WindowWatch(runtime.app, runtime.window, lambda: lockdown is not None and lockdown.exit_allowed)
    try:
        return runtime.app.exec()
    finally:
        del watch  # held until here: its X event filter must outlive the event loop
        runtime.shutdown()
