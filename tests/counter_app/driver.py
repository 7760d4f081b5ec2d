"""Drives the counter like a clerk at the keyboard and a citizen at the touch screen (tests, screenshots)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QWidget

from banshi.counter_app.app import CounterRuntime
from banshi.counter_app.desk import Stage
from banshi.identity.decoders import MultiPassDecoder
from banshi.identity.idnumber import make_id_number
from banshi.services.forms import QuestionPage
from banshi.services.schema import FieldType, Question
from banshi.ui.printing import qimage_to_gray
from tests.counter_app.conftest import CLERK_ID, CLERK_PIN, wait_for

CITIZEN_ID = make_id_number("110101", date(1950, 3, 7), 124)
CITIZEN_NAME = "王秀英"
_TEXT_ANSWERS = {FieldType.PHONE: "13800138000", FieldType.ADDRESS: "北京市东城区景山前街4号",
                 FieldType.DATE: "2001-05-01", FieldType.ID_NUMBER: CITIZEN_ID}


def sample(question: Question) -> str:
    if question.type in (FieldType.NUMBER, FieldType.COUNT):  # a clerk types a count (the kiosk taps − / +)
        return str(question.min or 1)
    return _TEXT_ANSWERS.get(question.type, "请电话联系")


def render_pdf(path: Path, dpi: int = 150) -> QImage:
    document = QPdfDocument(None)
    document.load(str(path))
    points = document.pagePointSize(0)
    image = document.render(0, QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi)))
    document.close()
    return image


def printed_qr_texts(path: Path) -> list[str]:
    """What our own decoder reads off the first page of a printed PDF."""
    assert path.stat().st_size > 0, f"{path.name} is empty"
    return [code.text for code in MultiPassDecoder().decode(qimage_to_gray(render_pdf(path)))]


class CounterDriver:
    def __init__(self, runtime: CounterRuntime) -> None:
        self.runtime = runtime

    def click(self, window: QWidget, name: str) -> None:
        button = window.findChild(QAbstractButton, name)
        assert button is not None and button.isEnabled() and button.isVisible(), f"no button {name!r} to tap"
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        QCoreApplication.processEvents()

    def type_into(self, name: str, text: str, enter: bool = True) -> None:
        from PySide6.QtWidgets import QLineEdit

        edit = self.runtime.clerk.findChild(QLineEdit, name)
        assert edit is not None, name
        edit.setFocus()
        edit.clear()
        if text.isascii():
            QTest.keyClicks(edit, text)
        else:
            edit.insert(text)  # what an input method commits
        if enter:
            QTest.keyClick(edit, Qt.Key.Key_Return)
        QCoreApplication.processEvents()

    def shortcut(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        """A window shortcut, as the clerk presses it (shortcuts need the window to be active)."""
        clerk = self.runtime.clerk
        clerk.activateWindow()
        wait_for(clerk.isActiveWindow, what="clerk window active")
        QTest.keyClick(clerk.focusWidget() or clerk, key, modifier)
        QCoreApplication.processEvents()

    def sign_in(self, clerk_id: str = CLERK_ID, pin: str = CLERK_PIN) -> None:
        self.type_into("signin-clerk-id", clerk_id)
        self.type_into("signin-pin", pin)
        wait_for(lambda: self.runtime.desk.clerk is not None, what="sign-in")
        wait_for(lambda: self.runtime.clerk.stack.currentWidget() is self.runtime.clerk.desk_page, what="desk")

    def scan_citizen_code(self) -> None:
        """F2 / the scan button: the counter's own scanner reads whatever its camera shows."""
        self.click(self.runtime.clerk, "identity-scan")
        wait_for(lambda: self.runtime.desk.citizen is not None, timeout_s=30, what="a scanned citizen code")

    def identify_by_id_card(self, id_number: str = CITIZEN_ID, name: str = CITIZEN_NAME) -> None:
        self.type_into("identity-name", name, enter=False)
        self.type_into("identity-id-number", id_number)
        wait_for(lambda: self.runtime.desk.citizen is not None, what="identified")

    def start_filing(self, service_id: str) -> None:
        self.shortcut(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        services = self.runtime.clerk.filing.services
        row = next(i for i in range(services.count())
                   if services.item(i).data(Qt.ItemDataRole.UserRole) == service_id)
        services.setCurrentRow(row)
        QTest.keyClick(services, Qt.Key.Key_Return)
        wait_for(lambda: self.runtime.desk.stage is Stage.FILLING, what="filing")

    def answer_all(self) -> None:
        desk = self.runtime.desk
        while desk.stage is Stage.FILLING and isinstance(desk.session.page, QuestionPage):
            question = desk.session.page.question
            wait_for(lambda: self.runtime.clerk.filing.shown_question_id == question.id, what="question shown")
            before = (question.id, desk.session.page.index)
            if question.allowed_values() is None:
                self.type_into("filing-input", sample(question))
            else:
                QTest.keyClick(self.runtime.clerk.filing.choices, Qt.Key.Key_Return)
                self.click(self.runtime.clerk, "filing-next")
            wait_for(lambda: desk.stage is not Stage.FILLING or
                     (desk.session.page.question.id, desk.session.page.index) != before, what="next question")
            QCoreApplication.processEvents()

    def citizen_confirms(self) -> None:
        wait_for(lambda: self.runtime.display.current_page() is self.runtime.display.confirm, what="confirm page")
        self.click(self.runtime.display, "citizen-confirm-yes")
        wait_for(lambda: self.runtime.desk.stage is Stage.CONFIRMED, what="confirmed")

    def save(self) -> None:
        wait_for(lambda: self.runtime.clerk.filing.save_button.isEnabled(), what="save enabled")
        self.shortcut(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        wait_for(lambda: self.runtime.desk.stage is Stage.RATING, what="saved")

    def citizen_rates(self, rating: str = "very_satisfied") -> None:
        wait_for(lambda: self.runtime.display.current_page() is self.runtime.display.rating, what="rating page")
        self.click(self.runtime.display, f"rating-{rating}")
        wait_for(lambda: self.runtime.desk.stage is Stage.DONE, what="rated")

    def finish(self) -> None:
        self.click(self.runtime.clerk, "filing-finish")
        wait_for(lambda: self.runtime.desk.stage is Stage.READY, what="ready")

    def confirmed_filing(self, service_id: str = "residence_certificate") -> None:
        """Signed in, a citizen identified by ID card, every question answered and confirmed on the display."""
        self.sign_in()
        self.identify_by_id_card()
        self.start_filing(service_id)
        self.answer_all()
        self.citizen_confirms()

    def file_one(self, service_id: str = "residence_certificate", identify: bool = True) -> str:
        """A whole filing, rated; ``identify=False`` keeps the citizen already identified."""
        if identify:
            self.identify_by_id_card()
        self.start_filing(service_id)
        self.answer_all()
        self.citizen_confirms()
        self.save()
        transaction_id = self.runtime.desk.transaction.id
        self.citizen_rates()
        self.finish()
        return transaction_id
