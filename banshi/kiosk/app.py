"""Assembling and running the kiosk: settings → catalog, outbox, sync engine, window."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtWidgets import QApplication

from banshi.config import Settings
from banshi.i18n import N_, LazyText
from banshi.identity.camera_service import CameraService
from banshi.kiosk.lockdown import install_lockdown
from banshi.kiosk.identity_setup import camera_service, scanner_factory
from banshi.kiosk.voice_setup import KioskVoiceParts, build_voice
from banshi.kiosk.window import KioskWindow
from banshi.services.catalog import Catalog, load_catalog
from banshi.sync.engine import SyncEngine
from banshi.sync.events import SyncEvent, SyncFinished, SyncOffline, SyncReport
from banshi.sync.outbox import Outbox
from banshi.ui.application import apply_look, ensure_application
from banshi.ui.bridge import Bridge
from banshi.ui.microphone import LiveSource

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
    voice: KioskVoiceParts | None = None

    def shutdown(self) -> None:
        if self.voice is not None:
            self.voice.shutdown()
        self.window.attract_scanner.stop()
        self.window.identify.scanner.stop()
        self.camera.close()
        self.engine.close()
        self.bridge.wait_idle()
        self.bridge.shutdown()
        self.window.close()
        self.outbox.close()


def build_kiosk(settings: Settings, start_sync: bool = True, voice_source: LiveSource | None = None) -> KioskRuntime:
    app = ensure_application()
    apply_look(app, settings.kiosk.theme, settings.kiosk.language)
    settings.device.data_dir.mkdir(parents=True, exist_ok=True)
    catalog = load_catalog()
    outbox = Outbox(settings.outbox_path)
    bridge = Bridge()
    camera = camera_service(settings)
    window = KioskWindow(settings, catalog, outbox, bridge, scanner_factory(settings, bridge, camera))
    on_event = bridge.relay(lambda event: _show_sync_event(window, event))
    engine = SyncEngine(outbox, settings.sync.hub_url, settings.device.device_id, on_event=on_event,
                        batch_size=settings.sync.batch_size, interval=settings.sync.interval_s)
    window.transaction_saved.connect(lambda _transaction: engine.wake())
    voice = build_voice(settings, app, window, bridge, voice_source) if settings.voice.enabled else None
    if start_sync:
        engine.start()
    return KioskRuntime(app, window, bridge, outbox, engine, catalog, camera, voice)


def _show_sync_event(window: KioskWindow, event: SyncEvent) -> None:
    message = sync_message(event)
    if message is not None:
        window.show_sync_message(message)


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
    runtime = build_kiosk(settings)
    if settings.kiosk.fullscreen:
        install_lockdown(runtime.window, settings.kiosk.operator_pin_hash, runtime.app.quit)
    else:
        runtime.window.resize(1920, 1080)
        runtime.window.show()
    try:
        return runtime.app.exec()
    finally:
        runtime.shutdown()
