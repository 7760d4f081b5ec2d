"""`banshi demo`: a local hub on embedded SQLite and the kiosk against it.

With a display the kiosk opens for real. Without one it walks a whole service offscreen,
saves a PNG of every screen, syncs to the hub and shows that the transaction arrived.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import httpx

from banshi.config import DeviceSettings, IdentitySettings, KioskSettings, Settings, SyncSettings
from banshi.identity.keyfolder import KeyFolder
from banshi.kiosk.app import build_kiosk, kiosk_print_folder, report_message, run_kiosk
from banshi.kiosk.demo_media import receipt_video, shared_citizen_code_video
from banshi.kiosk.driver import KioskDriver
from banshi.paths import asset
from banshi.sync.device import DeviceCredentials
from banshi.sync.device_link import identity_folder
from banshi.sync.hub.process import HubProcess, start_hub_process
from banshi.ui.application import has_display

DEMO_SERVICE = "medical_filing_out_of_region"


def demo_settings(base: Settings, data_dir: Path, hub_url: str) -> Settings:
    """Settings for a demo or test kiosk: its own folder, the given hub, a window, and a camera that
    shows the demo citizen's printed code (a looping video made with the DEMO keys)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    camera = shared_citizen_code_video()
    return base.model_copy(update={
        "device": DeviceSettings(device_id=base.device.device_id, data_dir=data_dir),
        "sync": SyncSettings(**{**base.sync.model_dump(), "hub_url": hub_url}),
        "kiosk": KioskSettings(**{**base.kiosk.model_dump(), "fullscreen": False}),
        "identity": IdentitySettings(**{**base.identity.model_dump(), "camera": str(camera), "keys_dir": None}),
    })


def enrolment_code(hub: HubProcess) -> str:
    """A one-time enrolment code from the hub's own command (what an operator runs)."""
    command = [sys.executable, "-m", "banshi.sync.hub", "enrol-code", "--role", "kiosk",
               "--database-url", hub.database_url, "--keys-dir", str(hub.keys_dir)]
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout.strip()


def start_strict_hub(data_dir: Path) -> HubProcess:
    """A hub on embedded SQLite that accepts only enrolled, signed devices and signs the trust list with the
    DEMO root key (the DEMO issuer plus every revocation a counter files)."""
    authority = KeyFolder(asset("keys", "demo")).private_copy(data_dir / "trust-authority")
    return start_hub_process(f"sqlite:///{data_dir / 'hub.sqlite3'}", allow_unsigned=False,
                             trust_keys=authority.path, log_dir=data_dir)


def enrolled(settings: Settings, hub: HubProcess) -> Settings:
    """Settings carrying a fresh one-time code, so the kiosk enrols at start (unless it already has)."""
    code = "" if DeviceCredentials.is_enrolled(identity_folder(settings)) else enrolment_code(hub)
    return settings.model_copy(update={"sync": settings.sync.model_copy(update={"enrolment_code": code})})


def run_demo(base: Settings, data_dir: Path, screenshot_dir: Path, interactive: bool | None = None) -> int:
    data_dir.mkdir(parents=True, exist_ok=True)
    with start_strict_hub(data_dir) as hub:
        print(f"hub: {hub.url} (database {data_dir / 'hub.sqlite3'})")
        settings = enrolled(demo_settings(base, data_dir, hub.url), hub)
        if interactive if interactive is not None else has_display():
            return run_kiosk(settings)
        return scripted_walk(settings, screenshot_dir, hub)


def scripted_walk(settings: Settings, screenshot_dir: Path, hub: HubProcess) -> int:
    screenshot_dir.mkdir(parents=True, exist_ok=True)
    for old in screenshot_dir.glob("*.png"):
        old.unlink()
    runtime = build_kiosk(settings, start_sync=False)
    try:
        window = runtime.window
        window.resize(1920, 1080)
        window.show()
        driver = KioskDriver(window, screenshot_dir)
        driver.snap("attract")
        service = DEMO_SERVICE if DEMO_SERVICE in runtime.catalog else next(iter(runtime.catalog)).id
        answers = driver.walk_service(service, date.today())
        driver.snap("check-answers")
        driver.tap("check-submit")
        driver.wait_for(lambda: driver.page_name() == "confirmation-page", what="the confirmation page")
        transaction_id = runtime.outbox.records(limit=1)[0].id if runtime.outbox.records(limit=1) else ""
        driver.snap("confirmation-saved")
        _keep_printed_receipt(driver, settings, screenshot_dir)
        report = runtime.engine.sync_once()
        driver.settle()
        message = report_message(report)
        if message is not None:
            window.show_sync_message(message, received=bool(report.accepted or report.duplicates))
        driver.snap("confirmation-sent")
        driver.tap("kiosk-language")
        driver.snap("confirmation-english")
        driver.tap("kiosk-language")
        driver.tap("confirmation-finish")
        driver.snap("rating")
        driver.tap("rating-dissatisfied")
        driver.snap("rating-reason")
        driver.tap("reason-waiting_time")
        driver.snap("rating-thanks")
        driver.tap("rating-finish")
        driver.snap("attract-after-finish")
        show_receipt(driver, settings.device.data_dir, transaction_id)
        driver.tap("receipt-done")
        _print_result(hub, transaction_id, answers, driver.screenshots, report)
        return 0
    finally:
        runtime.shutdown()


def _keep_printed_receipt(driver: KioskDriver, settings: Settings, screenshot_dir: Path) -> None:
    """The kiosk prints to a PDF spool in the demo; keep a copy, since finishing the session wipes it."""
    spool = kiosk_print_folder(settings)
    driver.wait_for(lambda: any(spool.glob("receipt-*.pdf")), what="the printed receipt")
    for printed in spool.glob("receipt-*.pdf"):
        shutil.copy(printed, screenshot_dir / "printed-receipt.pdf")
        print(f"receipt printed: {screenshot_dir / 'printed-receipt.pdf'}")


def show_receipt(driver: KioskDriver, data_dir: Path, transaction_id: str) -> None:
    """Hold the printed receipt up to the attract screen's camera and show the filing's progress."""
    video = receipt_video(data_dir / "camera-receipt.avi", transaction_id)
    driver.window.attract_scanner.use_camera(str(video))
    driver.wait_for(lambda: driver.page_name() == "receipt-page", timeout_s=30, what="the receipt status page")
    driver.snap("receipt-status")


def _print_result(hub: HubProcess, transaction_id: str, answers: dict[str, str], screenshots: list[Path],
                  report: object) -> None:
    print(f"sync: {report}")
    response = httpx.get(f"{hub.url}/v1/transactions/{transaction_id}", timeout=5, headers=hub.operator_headers())
    print(f"hub has transaction {transaction_id}: HTTP {response.status_code}")
    print(json.dumps(response.json(), ensure_ascii=False, indent=2)[:2000])
    print(f"answers given: {json.dumps(answers, ensure_ascii=False)}")
    print("screens:")
    for path in screenshots:
        print(f"  {path}")
