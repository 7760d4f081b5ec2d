"""Every kiosk screen, reached from a freshly built kiosk by tapping (for the audit and the gallery)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget

from banshi.ui.screen_set import LANDSCAPE, PORTRAIT, Screen, ScreenSet
from banshi.config import KioskSettings, load_settings
from banshi.kiosk.demo_media import shared_citizen_code_video
from banshi.hall.config import load_hall_config
from banshi.hall.kiosk_flow import STAFF_UNREACHABLE, UNREACHABLE
from banshi.hall.model import Priority, TicketState
from banshi.hall.protocol import HallInfo, TicketView
from banshi.hall.views import hall_info
from banshi.identity.kinds import TICKET_PREFIX
from banshi.kiosk.app import KioskRuntime, build_kiosk
from banshi.kiosk.hall import KioskHall
from banshi.kiosk.staff_call import SHORT
from banshi.kiosk.driver import KioskDriver
from banshi.services import facts
from banshi.services.schema import FieldType

KIOSK_THEMES = ("elder", "standard", "high_contrast")
WINDOW_SIZE = (1920, 1080)
OPEN_SERVICE = "counter_appointment"  # needs no identity: choice, date, yes/no, phone and text questions
IDENTIFIED_SERVICES = {FieldType.ID_NUMBER: "medical_filing_out_of_region", FieldType.NUMBER: "retirement_application",
                       FieldType.COUNT: "residence_certificate", FieldType.ADDRESS: "residence_certificate"}
SAMPLE_FACTS = {facts.NAME: "王*英", facts.REFERENCE: "CR-DEMO-0001", facts.BIRTH_YEAR: "1950",
                facts.ASSURANCE: "high"}
_UNUSED_HUB = "http://127.0.0.1:9"  # sync is never started for screens
LONG_ADDRESS = (("广东省深圳市南山区粤海街道科技园社区科苑南路三千二百号软件产业基地第四栋B座十七层一千七百零三室"
                "（请从东门进入，沿着主路一直往前走，经过便利店和银行以后左转，再走大约一百米，看到绿色大门就是了，"
                "门口有保安亭，请告诉保安您要去的楼层和房号，他会帮您开门；如果没有人接电话，请把材料交给一楼前台的"
                "工作人员代收，谢谢）") * 2)[:200]


def launch(theme: str, language: str, workdir: Path) -> KioskRuntime:
    settings = load_settings(environ={
        "BANSHI_DEVICE__DATA_DIR": str(workdir), "BANSHI_KIOSK__FULLSCREEN": "false",
        "BANSHI_KIOSK__THEME": theme, "BANSHI_KIOSK__LANGUAGE": language, "BANSHI_SYNC__HUB_URL": _UNUSED_HUB,
        "BANSHI_HALL__KIOSK": "true", "BANSHI_HALL__URL": _UNUSED_HUB,  # a hall kiosk: 取号 on its pages
        # The demo footage of a printed citizen code, so camera views show a picture, not "no camera".
        "BANSHI_IDENTITY__CAMERA": str(shared_citizen_code_video()),
    })
    runtime = build_kiosk(settings, start_sync=False)
    runtime.window.resize(*WINDOW_SIZE)
    runtime.window.show()
    QCoreApplication.processEvents()
    return runtime


def close(runtime: KioskRuntime) -> None:
    runtime.shutdown()
    runtime.window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def window_of(runtime: KioskRuntime) -> QWidget:
    return runtime.window


# ways to each screen -------------------------------------------------------------------------
def _driver(runtime: KioskRuntime) -> KioskDriver:
    return KioskDriver(runtime.window)


def open_service(runtime: KioskRuntime, service_id: str) -> KioskDriver:
    """Attract → menu → the service; a service that needs identity gets a verified citizen's facts."""
    driver = _driver(runtime)
    driver.tap("attract-start")
    driver.tap(f"service-{service_id}")
    if driver.page_name() == "identify-page":
        runtime.window.identify.identified.emit(dict(SAMPLE_FACTS))  # what a verified citizen code yields
        driver.settle()
    return driver


def answer_until(runtime: KioskRuntime, driver: KioskDriver, wanted: FieldType) -> None:
    """Answer questions with sample answers until one of type ``wanted`` is on screen."""
    while driver.page_name() == "question-page":
        if runtime.window.session.page.question.type == wanted:  # type: ignore[union-attr]
            return
        driver.answer_current_question(date.today())
    raise LookupError(f"No {wanted.value} question in this service before the check-answers page.")


def question_of_type(wanted: FieldType) -> Callable[[KioskRuntime], None]:
    def prepare(runtime: KioskRuntime) -> None:
        driver = open_service(runtime, IDENTIFIED_SERVICES.get(wanted, OPEN_SERVICE))
        answer_until(runtime, driver, wanted)

    return prepare


def attract(runtime: KioskRuntime) -> None:
    _driver(runtime).settle()


def menu(runtime: KioskRuntime) -> None:
    _driver(runtime).tap("attract-start")


def identify(runtime: KioskRuntime) -> None:
    driver = _driver(runtime)
    driver.tap("attract-start")
    driver.tap(f"service-{IDENTIFIED_SERVICES[FieldType.ID_NUMBER]}")


def error_shown(runtime: KioskRuntime) -> None:
    question_of_type(FieldType.PHONE)(runtime)
    _driver(runtime).tap("question-next")  # an empty required answer: a kind, specific error


def check_answers(runtime: KioskRuntime) -> None:
    driver = _driver(runtime)
    driver.walk_service(OPEN_SERVICE, date.today())


def confirmation(runtime: KioskRuntime) -> None:
    check_answers(runtime)
    driver = _driver(runtime)
    driver.tap("check-submit")
    driver.wait_for(lambda: driver.page_name() == "confirmation-page", what="the confirmation page")


def rating(runtime: KioskRuntime) -> None:
    confirmation(runtime)
    _driver(runtime).tap("confirmation-finish")


def rating_reason(runtime: KioskRuntime) -> None:
    rating(runtime)
    _driver(runtime).tap("rating-dissatisfied")


def start_over(runtime: KioskRuntime) -> None:
    question_of_type(FieldType.PHONE)(runtime)
    _driver(runtime).tap("question-start-over")


def long_address(runtime: KioskRuntime) -> None:
    """Bad input: a 200-character address (the most any address takes), shown whole in its field."""
    driver = open_service(runtime, "medical_filing_out_of_region")  # its address takes the full 200
    answer_until(runtime, driver, FieldType.ADDRESS)
    driver.tap_towards(f"440305 {LONG_ADDRESS}", file=False)  # 广东省 深圳市 南山区 tapped, the rest written
    driver.settle()


def long_address_checked(runtime: KioskRuntime) -> None:
    long_address(runtime)
    driver = _driver(runtime)
    driver.tap("question-next")
    while driver.page_name() == "question-page":
        driver.answer_current_question(date.today())


def receipt_status(runtime: KioskRuntime) -> None:
    confirmation(runtime)
    driver = _driver(runtime)
    transaction_id = runtime.outbox.records(limit=1)[0].id
    driver.tap("confirmation-finish")
    driver.tap("rating-skip")  # the 好差评 page comes after the outcome
    runtime.window.attract_scanner.receipt_scanned.emit(transaction_id)  # what scanning the receipt yields
    driver.wait_for(lambda: driver.page_name() == "receipt-page", what="the receipt status page")


def idle_warning(runtime: KioskRuntime) -> None:
    question_of_type(FieldType.CHOICE)(runtime)
    idle = runtime.window.idle
    idle.warn.emit()  # what the idle timer emits after its period, without waiting 90 s
    idle.tick.emit(int(KioskSettings().idle_extend_window_s))  # screens run with default settings
    _driver(runtime).settle()


def _hall(runtime: KioskRuntime) -> KioskHall:
    if runtime.hall is None:
        raise LookupError("This kiosk is not in a hall ([hall] kiosk = false).")
    return runtime.hall


def take_number_unreachable(runtime: KioskRuntime) -> None:
    """The screens' hall never answers: the take-number page says so and sends the citizen to a window."""
    driver = _driver(runtime)
    driver.tap("attract-take-number")
    page = _hall(runtime).take_page
    driver.wait_for(lambda: page.notice.plain_text() == str(UNREACHABLE), what="the hall-unreachable notice")


def take_number(runtime: KioskRuntime) -> None:
    take_number_unreachable(runtime)
    _hall(runtime).show_services(demo_hall_info())  # what the demo hall answers


def ticket(runtime: KioskRuntime) -> None:
    take_number(runtime)
    _hall(runtime).show_ticket(demo_ticket(), demo_hall_info())  # what the demo hall issues
    _driver(runtime).settle()


def call_staff_unreachable(runtime: KioskRuntime) -> None:
    """呼叫工作人员 on a question page while the hall does not answer: the header says to go to a window."""
    question_of_type(FieldType.PHONE)(runtime)  # a field with its keypad (the address picker: see docs/inputs.md)
    driver = _driver(runtime)
    driver.tap("call-staff")
    button = _hall(runtime).staff.button
    driver.wait_for(lambda: button.accessibleName() == str(SHORT[STAFF_UNREACHABLE]), what="the call-for-staff notice")


def demo_hall_info() -> HallInfo:
    return hall_info(load_hall_config())


def demo_ticket() -> TicketView:
    """A ticket as the demo hall gives it: A012, three people ahead, about 15 minutes."""
    info, ticket_id, day = demo_hall_info(), "0192d3f0-6a1b-7c2d-8e3f-4a5b6c7d8e9f", date.today().isoformat()
    return TicketView(id=ticket_id, hall_id=info.hall_id, day=day, code="A012", service_id="social_insurance",
                      priority=Priority.NORMAL.value, state=TicketState.WAITING.value, issued_at=time.time(),
                      counter=None, call_count=0, people_ahead=3, estimate_s=840.0, filing_reference=None,
                      qr=f"{TICKET_PREFIX}{info.hall_id}:{day}:A012:{ticket_id}")


SCREENS: tuple[Screen[KioskRuntime], ...] = (
    Screen("attract", attract),
    Screen("menu", menu),
    Screen("identify", identify),
    Screen("question-choice", question_of_type(FieldType.CHOICE)),
    Screen("question-yes-no", question_of_type(FieldType.YES_NO)),
    Screen("question-id-number", question_of_type(FieldType.ID_NUMBER)),
    Screen("question-phone", question_of_type(FieldType.PHONE)),
    Screen("question-date", question_of_type(FieldType.DATE)),
    Screen("question-number", question_of_type(FieldType.NUMBER)),
    Screen("question-count", question_of_type(FieldType.COUNT)),
    Screen("question-text", question_of_type(FieldType.TEXT)),
    Screen("question-address", question_of_type(FieldType.ADDRESS)),
    Screen("question-error", error_shown),
    Screen("check-answers", check_answers),
    Screen("confirmation", confirmation),
    Screen("receipt-status", receipt_status),
    Screen("rating", rating),
    Screen("rating-reason", rating_reason),
    Screen("start-over", start_over),
    Screen("long-address", long_address),
    Screen("long-address-checked", long_address_checked),
    Screen("idle-warning", idle_warning),
    Screen("take-number", take_number),
    Screen("take-number-unreachable", take_number_unreachable),
    Screen("ticket", ticket),
    Screen("call-staff-unreachable", call_staff_unreachable),
)


def kiosk_screens() -> list[Screen[KioskRuntime]]:
    return list(SCREENS)


def screen_set() -> ScreenSet[KioskRuntime]:
    return ScreenSet("kiosk", KIOSK_THEMES, kiosk_screens(), launch, window_of, close, (LANDSCAPE, PORTRAIT))
