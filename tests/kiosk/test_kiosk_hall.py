"""取号 at the kiosk, against a real hall service on loopback, by tapping what a citizen sees: on the
attract screen, and at the end of a filing that ends at a window (with its reference and the priority
a verified citizen code gives). When the hall does not answer, no number is ever printed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from banshi.config import DeviceSettings, HallSettings, Settings
from banshi.hall.config import load_hall_config
from banshi.hall.kiosk_flow import STAFF_ASKED, STAFF_UNREACHABLE, UNREACHABLE
from banshi.kiosk.app import KioskRuntime, build_kiosk
from banshi.kiosk.demo import demo_settings
from banshi.kiosk.driver import KioskDriver
from banshi.kiosk.screens import close
from tests.hall.conftest import RunningHall, StartHall, start_hall  # noqa: F401 - the fixture

Kiosk = tuple[KioskRuntime, RunningHall, list[str]]


def hall_kiosk_settings(settings: Settings, folder: Path, url: str, code: str) -> Settings:
    base = demo_settings(settings, folder, "http://127.0.0.1:9")  # no hub: the hall is what is tested
    return base.model_copy(update={"device": DeviceSettings(device_id="kiosk-1", data_dir=folder),
                                   "hall": HallSettings(kiosk=True, url=url, enrolment_code=code)})


def _counter_9_in_the_annex() -> list[dict[str, object]]:
    """The demo hall's counters, window 9 moved to another area (its calls for staff are not ours)."""
    counters = [counter.model_dump(mode="json") for counter in load_hall_config().counters]
    return [counter | ({"area": "annex"} if counter["id"] == "9" else {}) for counter in counters]


@pytest.fixture
def kiosk(qtbot: object, settings: Settings, tmp_path: Path, start_hall: StartHall) -> Iterator[Kiosk]:  # noqa: F811
    hall = start_hall(counters=_counter_9_in_the_annex())
    runtime = build_kiosk(hall_kiosk_settings(settings, tmp_path / "kiosk", hall.url, hall.codes["kiosk-1"]),
                          start_sync=False)
    runtime.window.resize(1920, 1080)
    runtime.window.show()
    said: list[str] = []
    speaker = runtime.hall.say  # type: ignore[union-attr]
    assert speaker is not None, "a kiosk with a voice says its ticket"

    def spy(text: str, language: str | None = None, *, personal: bool = False) -> None:
        said.append(text)
        speaker(text, language, personal=personal)

    runtime.hall.say = spy  # type: ignore[union-attr]
    yield runtime, hall, said
    close(runtime)


def printed(runtime: KioskRuntime) -> list[Path]:
    return sorted((runtime.settings.device.data_dir / "print").glob("ticket-*.pdf"))


def wait_for_tiles(driver: KioskDriver, runtime: KioskRuntime) -> None:
    page = runtime.hall.take_page  # type: ignore[union-attr]
    driver.wait_for(lambda: page.tiles.isVisible() or page.notice.plain_text() == str(UNREACHABLE),
                    what="the hall's services or the notice that it does not answer")


def test_a_citizen_takes_a_number_on_the_attract_screen_and_it_prints_and_is_said(kiosk: Kiosk) -> None:
    runtime, hall, said = kiosk
    driver = KioskDriver(runtime.window)
    driver.tap("attract-take-number")
    assert driver.page_name() == "take-number-page"
    wait_for_tiles(driver, runtime)
    driver.tap("take-number-pregnant")
    driver.tap("take-number-certificates")
    driver.wait_for(lambda: driver.page_name() == "ticket-page", what="the ticket page")
    page = runtime.hall.ticket_page  # type: ignore[union-attr]
    assert page.code.plain_text() == "C001"
    driver.wait_for(lambda: len(printed(runtime)) == 1, what="the ticket's PDF")
    assert said[-1].startswith("您的号码是") and "前面还有" in said[-1]
    at_the_hall = hall.client("counter-9").lookup(page.ticket.qr)  # type: ignore[union-attr]
    assert (at_the_hall.code, at_the_hall.priority, at_the_hall.filing_reference) == ("C001", "pregnant", None)
    driver.tap("ticket-finish")
    assert driver.page_name() == "attract-page" and page.code.plain_text() == ""


def test_when_the_hall_stops_answering_no_number_is_printed_and_the_citizen_is_sent_to_a_window(
        kiosk: Kiosk) -> None:
    runtime, hall, said = kiosk
    driver = KioskDriver(runtime.window)
    driver.tap("attract-take-number")
    wait_for_tiles(driver, runtime)
    hall.process.kill()  # after the tiles were shown: the tap itself finds the hall gone
    driver.tap("take-number-social_insurance")
    page = runtime.hall.take_page  # type: ignore[union-attr]
    driver.wait_for(lambda: page.notice.isVisible(), what="the notice that no number can be taken")
    assert page.notice.plain_text() == str(UNREACHABLE) and not page.tiles.isVisible()
    assert driver.page_name() == "take-number-page" and printed(runtime) == []
    assert said[-1] == str(UNREACHABLE)
    driver.tap("take-number-back")
    driver.tap("attract-take-number")  # asked again with the hall still down: the same plain answer
    driver.wait_for(lambda: page.notice.plain_text() == str(UNREACHABLE), what="the notice again")
    assert not page.tiles.isVisible() and printed(runtime) == []


def test_a_filing_that_ends_at_a_window_offers_its_number_with_the_reference_and_senior_priority(
        kiosk: Kiosk) -> None:
    runtime, hall, _said = kiosk
    driver = KioskDriver(runtime.window)
    driver.walk_service("residence_certificate", date.today())  # the demo citizen's code: born 1948
    driver.tap("check-submit")
    driver.wait_for(lambda: driver.page_name() == "confirmation-page", what="the confirmation page")
    offer = runtime.hall.filing_button  # type: ignore[union-attr]
    driver.wait_for(offer.isVisible, what="the offer of a number for the window")
    assert "证明开具" in offer.accessibleName()
    reference = runtime.window.confirmation.reference.plain_text()
    driver.tap("confirmation-take-number")
    wait_for_tiles(driver, runtime)
    take = runtime.hall.take_page  # type: ignore[union-attr]
    assert list(take.service_tiles) == ["certificates"] and take.senior_note.isVisible()
    driver.tap("take-number-certificates")
    driver.wait_for(lambda: driver.page_name() == "ticket-page", what="the ticket page")
    ticket = hall.client("counter-9").lookup(runtime.hall.ticket_page.ticket.qr)  # type: ignore[union-attr]
    assert (ticket.priority, ticket.filing_reference) == ("senior", reference)


def test_call_staff_from_a_question_page_reaches_the_counters_of_the_area_and_one_clerk_comes(
        kiosk: Kiosk) -> None:
    runtime, hall, said = kiosk
    driver = KioskDriver(runtime.window)
    driver.open_service("counter_appointment")  # needs no identity: a question page at once
    where = f"question:{runtime.window.session.page.question.id}"  # type: ignore[union-attr]
    driver.tap("call-staff")
    button = runtime.hall.staff.button  # type: ignore[union-attr]
    driver.wait_for(lambda: said[-1] == str(STAFF_ASKED), what="the kiosk saying staff were asked")
    assert button.accessibleName() == "已呼叫，请稍候"
    counter = hall.client("counter-3")
    calls = counter.counter_state("3").staff_requests
    assert [(call.kiosk, call.page, call.area) for call in calls] == [("kiosk-1", where, "main")]
    assert hall.client("counter-9").counter_state("9").staff_requests == []  # another area's counter
    counter.acknowledge(calls[0].id, "3")
    driver.wait_for(lambda: said[-1] == "工作人员马上过来。", what="the kiosk saying staff are coming")
    assert button.accessibleName() == "工作人员马上过来"
    assert hall.client("counter-4").counter_state("4").staff_requests == []  # taken by one clerk, gone for all
    driver.tap("question-start-over")
    driver.tap("start-over-clear")
    assert button.accessibleName() == "呼叫工作人员"  # the next citizen does not see the last one's call


def test_call_staff_with_the_hall_down_says_to_go_to_a_window(kiosk: Kiosk) -> None:
    runtime, hall, said = kiosk
    hall.process.kill()
    driver = KioskDriver(runtime.window)
    driver.tap("call-staff")
    driver.wait_for(lambda: said[-1] == str(STAFF_UNREACHABLE), what="the plain notice")
    assert runtime.hall.staff.button.accessibleName() == "无法呼叫，请到窗口"  # type: ignore[union-attr]
