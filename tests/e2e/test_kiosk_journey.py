"""A citizen files a whole service at the kiosk; the hub (a real process on loopback) gets it exactly once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from banshi.polling import wait_until
from banshi.config import Settings
from banshi.kiosk.app import KioskRuntime, build_kiosk, kiosk_print_folder
from banshi.kiosk.demo import DEMO_SERVICE, demo_settings, enrolled, start_strict_hub
from banshi.kiosk.demo import show_receipt as show_receipt_to_camera
from banshi.kiosk.driver import KioskDriver
from banshi.services.transactions import Transaction
from banshi.sync.device import DeviceCredentials
from banshi.sync.device_link import identity_folder
from banshi.sync.hub.process import HubProcess
from banshi.sync.engine import SyncEngine
from banshi.sync.outbox import Outbox, OutboxState


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[HubProcess]:
    """A hub that takes only enrolled devices' signed requests, as in production."""
    folder = tmp_path / "hub"
    folder.mkdir()
    with start_strict_hub(folder) as process:
        yield process


@pytest.fixture
def kiosk(qtbot: object, settings: Settings, hub: HubProcess, tmp_path: Path) -> Iterator[KioskRuntime]:
    runtime = build_kiosk(enrolled(demo_settings(settings, tmp_path / "device", hub.url), hub), start_sync=True)
    runtime.window.resize(1920, 1080)
    runtime.window.show()
    yield runtime
    runtime.shutdown()


def _hub_rows(hub: HubProcess, transaction_id: str) -> list[dict[str, object]]:
    listing = httpx.get(f"{hub.url}/v1/transactions", params={"limit": 1000}, timeout=5, headers=hub.operator_headers()).json()
    return [item for item in listing["items"] if item["id"] == transaction_id]


def test_a_citizen_files_a_service_and_the_hub_holds_it_exactly_once(
    kiosk: KioskRuntime, hub: HubProcess, tmp_path: Path
) -> None:
    driver = KioskDriver(kiosk.window)
    saved: list[Transaction] = []
    kiosk.window.transaction_saved.connect(saved.append)

    given = driver.walk_service(DEMO_SERVICE, date.today())
    driver.tap("check-submit")
    driver.wait_for(lambda: driver.page_name() == "confirmation-page", what="the confirmation page")

    transaction = saved[0]
    assert kiosk.outbox.get(transaction.id) is not None  # durable before "saved" was shown
    assert driver.find("confirmation-reference").plain_text() == transaction.reference  # type: ignore[attr-defined]
    wait_until(lambda: kiosk.outbox.get(transaction.id).state == OutboxState.ACCEPTED, timeout_s=20.0, what="the hub's answer")

    # The acknowledgement is lost and the device resends the same transaction: still one row.
    credentials = DeviceCredentials.load(identity_folder(kiosk.settings))
    with Outbox(tmp_path / "resend.sqlite3", seal_to=credentials.hub_sealing_key) as resend_outbox:
        resend_outbox.enqueue(transaction)
        resend = SyncEngine(resend_outbox, hub.url, "kiosk-demo-01", credentials=credentials)
        report = resend.sync_once()
        resend.close()
    assert (report.error, report.duplicates) == (None, 1)

    rows = _hub_rows(hub, transaction.id)
    assert len(rows) == 1
    assert rows[0]["service_id"] == DEMO_SERVICE
    assert rows[0]["channel"] == "kiosk"
    assert rows[0]["answers"] == transaction.answers
    assert set(transaction.answers) == set(given)


def test_the_finish_button_returns_to_the_attract_screen_with_nothing_left_of_the_citizen(
    kiosk: KioskRuntime,
) -> None:
    driver = KioskDriver(kiosk.window)
    driver.walk_service(DEMO_SERVICE, date.today())
    driver.tap("check-submit")
    driver.wait_for(lambda: driver.page_name() == "confirmation-page", what="the confirmation page")
    spool = kiosk_print_folder(kiosk.settings)
    driver.wait_for(lambda: any(spool.glob("receipt-*.pdf")), what="the printed receipt")
    driver.tap("confirmation-finish")
    driver.tap("rating-skip")  # the 好差评 page comes after the outcome

    assert not any(spool.glob("receipt-*.pdf"))  # the print spool goes with the citizen
    assert driver.page_name() == "attract-page"
    assert kiosk.window.session is None
    assert driver.find("confirmation-reference").plain_text() == ""  # type: ignore[attr-defined]


def test_a_verified_citizen_code_fills_what_the_kiosk_knows_and_it_is_never_asked(
    kiosk: KioskRuntime, hub: HubProcess
) -> None:
    driver = KioskDriver(kiosk.window)
    saved: list[Transaction] = []
    kiosk.window.transaction_saved.connect(saved.append)
    asked: list[str] = []
    kiosk.window.page_changed.connect(
        lambda name: asked.append(kiosk.window.session.page.question.id)  # type: ignore[union-attr]
        if name == "question-page" else None)

    driver.walk_service("pension_certification", date.today())
    driver.tap("check-submit")
    driver.wait_for(lambda: driver.page_name() == "confirmation-page", what="the confirmation page")

    assert "name" not in asked and "citizen_reference" not in asked
    assert saved[0].answers["name"] == "王*英"  # the code carries only the masked name
    assert saved[0].answers["citizen_reference"] == "demo-citizen-0001"
    assert saved[0].display["masked_name"] == "王*英"


def test_a_receipt_held_up_at_the_attract_screen_shows_that_filings_progress(
    kiosk: KioskRuntime, hub: HubProcess, tmp_path: Path
) -> None:
    driver = KioskDriver(kiosk.window)
    saved: list[Transaction] = []
    kiosk.window.transaction_saved.connect(saved.append)
    driver.walk_service(DEMO_SERVICE, date.today())
    driver.tap("check-submit")
    driver.wait_for(lambda: driver.page_name() == "confirmation-page", what="the confirmation page")
    wait_until(lambda: kiosk.outbox.get(saved[0].id).state == OutboxState.ACCEPTED, timeout_s=20.0, what="the hub's answer")
    driver.tap("confirmation-finish")
    driver.tap("rating-skip")  # the 好差评 page comes after the outcome

    show_receipt_to_camera(driver, tmp_path, saved[0].id)

    assert driver.find("receipt-reference").plain_text() == saved[0].reference  # type: ignore[attr-defined]
    assert driver.find("receipt-status").plain_text() == "办理中心已收到，正在办理。"  # type: ignore[attr-defined]
