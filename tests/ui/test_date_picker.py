"""Date questions are answered by tapping a day in a calendar limited to the allowed range."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractButton, QScrollBar
from pytestqt.qtbot import QtBot

from banshi.accessibility.tokens import theme
from banshi.services import load_catalog
from banshi.services.schema import Question
from banshi.tools.audit import audit_widget_tree
from banshi.ui.application import apply_look, ensure_application
from banshi.ui.inputs import CannotReach
from banshi.ui.inputs.date_steps import DateRange, DateStep, start
from tests.ui.question_kiosk import TODAY, Kiosk

CATALOG = load_catalog()
APPOINTMENT = CATALOG.get("counter_appointment").question("date")  # today+1 … today+30
LIVING_SINCE = CATALOG.get("residence_certificate").question("living_since")  # 1900-01-01 … today


def _question(not_before: str, not_after: str) -> Question:
    return APPOINTMENT.model_copy(update={"not_before": not_before, "not_after": not_after})


@pytest.fixture(autouse=True)
def elder_look() -> Iterator[None]:
    apply_look(ensure_application(), "elder", "zh_CN")
    yield


def test_an_appointment_is_one_tap_on_a_day_this_month(qtbot: QtBot) -> None:
    kiosk = Kiosk(qtbot)
    kiosk.ask(APPOINTMENT)
    assert not kiosk.page.next_button.isVisible()  # the day's tap answers: no Next to find
    kiosk.tap("date-day-2026-12-08")
    assert kiosk.answers == ["2026-12-08"]


def test_an_appointment_next_month_is_two_taps_and_only_allowed_days_are_buttons(qtbot: QtBot) -> None:
    kiosk = Kiosk(qtbot)
    kiosk.ask(APPOINTMENT)
    days = kiosk.buttons("date-day-")
    assert days[0] == "date-day-2026-12-03" and days[-1] == "date-day-2026-12-31"  # today and before: not offered
    assert not kiosk.window.findChild(QAbstractButton, "date-previous-month").isVisible()
    kiosk.tap("date-next-month")
    assert kiosk.buttons("date-day-") == ["date-day-2027-01-01"]  # today + 30
    assert not kiosk.window.findChild(QAbstractButton, "date-next-month").isVisible()
    assert kiosk.spoken == ["2027年1月"]
    kiosk.tap("date-day-2027-01-01")
    assert kiosk.answers == ["2027-01-01"] and kiosk.taps == 2


def test_a_date_long_ago_goes_decade_year_month_day_and_each_step_can_be_undone(qtbot: QtBot) -> None:
    kiosk = Kiosk(qtbot)
    kiosk.ask(LIVING_SINCE)
    assert kiosk.buttons("date-decade-")[:2] == ["date-decade-1900", "date-decade-1910"]
    assert not kiosk.window.findChild(QAbstractButton, "date-step-back").isVisible()
    kiosk.tap("date-decade-1990")
    kiosk.tap("date-year-1995")
    assert len(kiosk.buttons("date-month-1995-")) == 12
    kiosk.tap("date-step-back")  # 换一年
    assert kiosk.buttons("date-year-") == [f"date-year-{year}" for year in range(1990, 2000)]
    kiosk.tap("date-year-1996")
    kiosk.tap("date-month-1996-02")
    assert kiosk.buttons("date-day-")[-1] == "date-day-1996-02-29"
    kiosk.tap("date-day-1996-02-29")
    assert kiosk.answers == ["1996-02-29"]
    assert kiosk.spoken == ["1995年", "1996年", "1996年2月"]


def test_this_decade_offers_only_the_years_so_far_and_no_day_after_today(qtbot: QtBot) -> None:
    kiosk = Kiosk(qtbot)
    kiosk.ask(LIVING_SINCE)
    kiosk.tap("date-decade-2020")
    assert kiosk.buttons("date-year-")[-1] == "date-year-2026"
    kiosk.tap("date-year-2026")
    kiosk.tap("date-month-2026-12")
    assert kiosk.buttons("date-day-") == ["date-day-2026-12-01", "date-day-2026-12-02"]


@pytest.mark.parametrize(("question", "goal", "most_taps"), [
    (APPOINTMENT, "2026-12-03", 1), (APPOINTMENT, "2027-01-01", 2),
    (_question("2026-01-01", "2026-12-31"), "2026-06-30", 2),  # a month list first
    (CATALOG.get("medical_filing_out_of_region").question("return_date"), "2027-12-03", 3),  # years, then months
    (LIVING_SINCE, "1950-01-31", 4),
])
def test_the_picker_leads_a_walker_to_any_allowed_date_in_few_taps(
        qtbot: QtBot, question: Question, goal: str, most_taps: int) -> None:
    kiosk = Kiosk(qtbot)
    kiosk.ask(question)
    kiosk.tap_towards(goal)
    assert kiosk.answers == [goal] and kiosk.taps <= most_taps


def test_going_back_to_the_question_shows_the_chosen_day_and_a_wrong_date_is_out_of_reach(qtbot: QtBot) -> None:
    kiosk = Kiosk(qtbot)
    picker = kiosk.ask(LIVING_SINCE, "1988-07-14")
    chosen = kiosk.window.findChild(QAbstractButton, "date-day-1988-07-14")
    assert chosen.isVisible() and chosen.property("role") == "primary"
    assert picker.raw_answer() == "1988-07-14"
    with pytest.raises(CannotReach):
        picker.next_step("2027-01-01")  # after today
    kiosk.tap("date-step-back")
    assert "date-month-1988-01" in kiosk.buttons("date-month-")


def test_a_short_range_opens_on_the_calendar_and_a_long_one_on_a_list() -> None:
    assert start(DateRange.of(APPOINTMENT, TODAY)).step is DateStep.DAY
    assert start(DateRange.of(LIVING_SINCE, TODAY)).step is DateStep.DECADE
    single_year = DateRange.of(_question("2026-01-01", "2026-12-31"), TODAY)
    assert start(single_year).step is DateStep.MONTH and start(single_year).year is None


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("look", ["elder", "standard"])
def test_a_six_week_month_and_the_lists_fit_the_page_in_every_orientation(
        qtbot: QtBot, width: int, height: int, language: str, look: str) -> None:
    apply_look(ensure_application(), look, language)
    kiosk = Kiosk(qtbot, QSize(width, height))
    kiosk.ask(_question("2026-07-01", "2026-08-31"))  # August 2026 spans six weeks
    kiosk.tap("date-next-month")
    assert len(kiosk.buttons("date-day-")) == 31
    screen = QSize(width, height)
    assert [str(problem) for problem in audit_widget_tree(kiosk.window, theme(look), "question", screen_size=screen)] == []
    kiosk.ask(_question("2025-09-01", "2026-08-31"))  # twelve months (with their years) in a list
    assert [str(problem) for problem in audit_widget_tree(kiosk.window, theme(look), "question", screen_size=screen)] == []
    kiosk.ask(LIVING_SINCE)  # thirteen decades
    assert [str(problem) for problem in audit_widget_tree(kiosk.window, theme(look), "question", screen_size=screen)] == []
    assert [bar for bar in kiosk.window.findChildren(QScrollBar) if bar.isVisible()] == []
