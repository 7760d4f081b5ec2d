"""A back-office decision reaches the citizen: filed at a real kiosk, decided by a consumer at a real hub,
shown and spoken when the receipt is held up to the kiosk's camera."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import httpx

from banshi.kiosk.app import KioskRuntime
from banshi.kiosk.demo import DEMO_SERVICE
from banshi.kiosk.demo import show_receipt as show_receipt_to_camera
from banshi.kiosk.driver import KioskDriver
from banshi.services.transactions import Transaction
from banshi.sync.hub.consumers import ConsumerRegistry
from banshi.sync.hub.process import HubProcess
from banshi.sync.hub.store import make_engine
from banshi.sync.outbox import OutboxState
from banshi.sync.protocol.cases import case_status_path
from banshi.polling import wait_until
from tests.e2e.test_kiosk_journey import hub, kiosk  # noqa: F401 - the strict hub and the enrolled kiosk
from tests.kiosk.test_kiosk_voice import Heard, heard  # noqa: F401 - what the real synthesizer rendered


def file_demo_service(kiosk: KioskRuntime) -> Transaction:  # noqa: F811
    driver = KioskDriver(kiosk.window)
    saved: list[Transaction] = []
    kiosk.window.transaction_saved.connect(saved.append)
    driver.walk_service(DEMO_SERVICE, date.today())
    driver.tap("check-submit")
    driver.wait_for(lambda: driver.page_name() == "confirmation-page", what="the confirmation page")
    wait_until(lambda: kiosk.outbox.get(saved[0].id).state == OutboxState.ACCEPTED, timeout_s=20.0,
               what="the hub's answer")
    driver.tap("confirmation-finish")
    driver.tap("rating-skip")
    return saved[0]


def back_office_posts(hub: HubProcess, case: str, state: str, message: str) -> None:  # noqa: F811
    engine = make_engine(hub.database_url)
    token = ConsumerRegistry(engine).add("yiwangtongban", "一网通办", [DEMO_SERVICE])
    engine.dispose()
    response = httpx.post(hub.url + case_status_path(case), json={"state": state, "message": message},
                          headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert response.status_code == 200, response.text


def test_a_request_for_more_documents_is_shown_and_spoken_when_the_receipt_is_scanned(
    kiosk: KioskRuntime, hub: HubProcess, heard: list[Heard], tmp_path: Path  # noqa: F811
) -> None:
    transaction = file_demo_service(kiosk)
    back_office_posts(hub, transaction.id, "needs_more", "户口簿复印件")
    scanned_at: list[float] = []
    kiosk.window.attract_scanner.receipt_scanned.connect(lambda _id: scanned_at.append(time.monotonic()))
    shown_at: list[float] = []
    kiosk.window.page_changed.connect(lambda page: shown_at.append(time.monotonic()) if page == "receipt-page" else None)

    show_receipt_to_camera(KioskDriver(kiosk.window), tmp_path, transaction.id)

    expected = "您的申请需要补正：户口簿复印件。请带上补正材料和这张回执到窗口办理。"
    assert kiosk.window.receipt.status.plain_text() == expected
    # numbers.md asks <= 1 s; 2 s here because the suite shares 2 cores with other work (figures: docs/central.md)
    assert shown_at[0] - scanned_at[0] <= 2.0, "the hub's status is on screen soon after the scan"
    wait_until(lambda: any(expected in render.text for render in heard), timeout_s=20.0, what="the status spoken")
