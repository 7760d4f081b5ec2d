"""The counter as a hall window: after sign-in the call panel sits beside the filing desk, shows what
waits at the real hall service, calls by a tap, shows a call for staff, and says when the hall is gone."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from banshi.config import load_settings
from banshi.counter_app.app import build_counter
from banshi.counter_app.settings import CounterSettings
from banshi.hall.model import CounterAction
from banshi.services.staff import write_accounts
from banshi.services.transactions import reference_for
from tests.counter_app.conftest import clerk_accounts_for_tests, wait_for
from tests.counter_app.driver import CounterDriver
from tests.hall.conftest import StartHall, start_hall  # noqa: F401 - the fixture


def test_the_call_panel_calls_the_waiting_ticket_and_shows_calls_for_staff(qapp, start_hall: StartHall,  # noqa: ANN001, F811
                                                                           tmp_path: Path) -> None:
    hall = start_hall()
    settings = load_settings(environ={
        "BANSHI_DEVICE__DATA_DIR": str(tmp_path / "device"), "BANSHI_DEVICE__DEVICE_ID": "counter-3",
        "BANSHI_SYNC__HUB_URL": "http://127.0.0.1:9", "BANSHI_HALL__URL": hall.url, "BANSHI_HALL__COUNTER": "3",
        "BANSHI_HALL__ENROLMENT_CODE": hall.codes["counter-3"]})
    write_accounts(settings.device.data_dir / "clerks.json", list(clerk_accounts_for_tests()))
    runtime = build_counter(settings, CounterSettings(printer_target=tmp_path / "print"), start_sync=False)
    try:
        runtime.clerk.resize(1920, 1080)
        runtime.clerk.show()
        CounterDriver(runtime).sign_in()  # the desk opens with the call panel beside it
        assert runtime.hall is not None
        panel = runtime.hall.panel
        kiosk = hall.client("kiosk-1")
        ticket = kiosk.issue("social_insurance")
        request = kiosk.call_staff(page="attract")
        wait_for(lambda: panel.buttons[CounterAction.CALL_NEXT].isEnabled() and panel.staff_title.isVisible(),
                 what="the panel to see the waiting ticket and the call for staff")
        QTest.mouseClick(panel.buttons[CounterAction.CALL_NEXT], Qt.MouseButton.LeftButton)
        wait_for(lambda: panel.code.plain_text() == ticket.code, what="the called ticket on the panel")
        runtime.clerk.grab().save(str(tmp_path / "clerk-with-call-panel.png"))  # docs/hall/ shows this moment
        assert f"take-{request.id}" in [child.objectName() for child in panel.findChildren(type(panel.buttons[
            CounterAction.CALL_NEXT]))]
        driver = CounterDriver(runtime)
        runtime.display.resize(1920, 1080)
        runtime.display.show()
        reference = reference_for(driver.file_one())  # filed, confirmed, saved and rated "very satisfied"
        wait_for(lambda: panel.code.plain_text() == "当前无人办理", what="the rating to finish the ticket")
        with sqlite3.connect(hall.database_url.removeprefix("sqlite:///")) as db:
            row = db.execute("SELECT state, rating, case_reference FROM hall_tickets WHERE code = ?",
                             (ticket.code,)).fetchone()
        assert row == ("done", 5, reference)
        hall.process.kill()
        wait_for(lambda: bool(panel.notice.plain_text()), timeout_s=20, what="the panel to say the hall is gone")
        assert "口头" in panel.notice.plain_text() and not panel.buttons[CounterAction.CALL_NEXT].isEnabled()
    finally:
        runtime.shutdown()
