"""Small counts by − / +, phone numbers on the keypad shown 3-4-4 as they are typed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractButton, QLineEdit
from pytestqt.qtbot import QtBot

from banshi.accessibility.tokens import theme
from banshi.services import load_catalog
from banshi.services.catalog import ServiceDefinitionError, parse_service
from banshi.services.schema import FieldType
from banshi.tools.audit import audit_widget_tree
from banshi.ui.application import apply_look, ensure_application
from banshi.ui.inputs import CannotReach
from banshi.ui.inputs.typed import grouped
from tests.ui.question_kiosk import Kiosk

CATALOG = load_catalog()
COPIES = CATALOG.get("residence_certificate").question("copies")  # count, 1 … 5
PHONE = CATALOG.get("counter_appointment").question("phone")


@pytest.fixture(autouse=True)
def elder_look() -> Iterator[None]:
    apply_look(ensure_application(), "elder", "zh_CN")
    yield


def test_copies_are_a_count_from_one_to_five() -> None:
    assert COPIES.type is FieldType.COUNT and (COPIES.min, COPIES.max) == (1, 5)


def test_plus_and_minus_change_the_count_within_its_bounds_and_next_files_it(qtbot: QtBot) -> None:
    kiosk = Kiosk(qtbot)
    kiosk.ask(COPIES)
    assert kiosk.window.findChild(QAbstractButton, "count-plus").accessibleName() == "加一"  # in words, not "+"
    assert kiosk.buttons("count-") == ["count-plus"]  # at 1 there is nothing less to choose
    kiosk.tap("count-plus")
    kiosk.tap("count-plus")
    kiosk.tap("count-minus")
    assert kiosk.page.answer_input.raw_answer() == "2" and kiosk.spoken == ["2", "3", "2"]
    for _ in range(3):
        kiosk.tap("count-plus")
    assert kiosk.buttons("count-") == ["count-minus"]  # 5 is the most
    kiosk.tap("question-next")
    assert kiosk.answers == ["5"]


def test_a_walker_reaches_a_count_by_the_picker_s_own_directions_and_not_beyond_it(qtbot: QtBot) -> None:
    kiosk = Kiosk(qtbot)
    picker = kiosk.ask(COPIES, "4")
    assert picker.next_step("4") is None
    assert picker.next_step("2").button.objectName() == "count-minus"
    with pytest.raises(CannotReach):
        picker.next_step("6")


def test_a_phone_number_is_shown_in_groups_as_it_is_typed_on_the_keypad(qtbot: QtBot) -> None:
    kiosk = Kiosk(qtbot)
    kiosk.ask(PHONE)
    field = kiosk.window.findChild(QLineEdit, "question-input")
    shown = []
    for digit in "13800138000":
        kiosk.tap(f"keypad-{digit}")
        shown.append(field.text())
    assert shown[2:4] == ["138", "138 0"] and shown[-1] == "138 0013 8000"
    kiosk.tap("keypad-5")  # a twelfth digit is not part of a mobile number
    assert field.text() == "138 0013 8000"
    kiosk.tap("keypad-delete")
    kiosk.tap("keypad-delete")
    kiosk.tap("keypad-delete")
    kiosk.tap("keypad-delete")
    assert field.text() == "138 0013"
    kiosk.tap_towards("13800139999")
    assert kiosk.answers == ["138 0013 9999"]


def test_grouping_keeps_only_digits() -> None:
    assert grouped("+86 138-0013", (3, 4, 4)) == "861 3800 13"
    assert grouped("", (3, 4, 4)) == ""


def test_a_count_without_bounds_or_too_wide_is_refused_naming_the_field() -> None:
    service = CATALOG.get("residence_certificate").model_dump(mode="json", exclude_none=True)
    copies = next(question for question in service["questions"] if question["id"] == "copies")
    copies["max"] = 50
    with pytest.raises(ServiceDefinitionError) as wide:
        parse_service(service, "residence_certificate.yaml")
    assert "residence_certificate.yaml" in str(wide.value) and ".max" in str(wide.value)
    assert "use type number" in str(wide.value)
    del copies["max"]
    with pytest.raises(ServiceDefinitionError) as unbounded:
        parse_service(service, "residence_certificate.yaml")
    assert "needs both min and max" in str(unbounded.value)


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_count_fits_the_page(qtbot: QtBot, width: int, height: int, language: str) -> None:
    apply_look(ensure_application(), "elder", language)
    kiosk = Kiosk(qtbot, QSize(width, height))
    kiosk.ask(COPIES, "3")
    assert [str(problem) for problem in audit_widget_tree(kiosk.window, theme("elder"), "question", screen_size=QSize(width, height))] == []
