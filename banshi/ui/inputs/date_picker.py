"""Date questions answered by tapping: decade → year → month as needed, then a day in a large calendar.

Only allowed dates are offered (the question's ``not_before``/``not_after``), so a date the form would
refuse cannot be chosen, and nothing is typed: an appointment within the next month takes one or two
taps (the day, perhaps 下个月 first). Tapping a day answers the question at once.

Objects are named for tests and the taps-only walker: ``date-decade-1990``, ``date-year-2026``,
``date-month-2026-12``, ``date-day-2026-12-08``, ``date-previous-month``, ``date-next-month``,
``date-step-back`` and the caption ``date-caption``.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date, get_day_names
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from banshi.i18n import N_, current_language
from banshi.services.schema import Question
from banshi.ui.inputs.base import AnswerInput, CannotReach, InputContext, Step, Tap
from banshi.ui.inputs.button_grid import ButtonGrid
from banshi.ui.inputs.date_steps import DateRange, DateStep, Month, Position, back, choose, neighbour_month, start, weeks
from banshi.ui.layouts import clear_layout, keep_place_when_hidden
from banshi.ui.text import BigButton, TextLabel, TextSource

_LIST_COLUMNS = 5  # thirteen decades or twelve months in three rows, beside the footer at 1080 px
_BACK_LABELS = {
    DateStep.DECADE: N_("Other years"),
    DateStep.YEAR: N_("Another year"),
    DateStep.MONTH: N_("Another month"),
}
_STEP_CAPTIONS = {
    DateStep.DECADE: N_("Choose the years"),
    DateStep.YEAR: N_("Choose the year"),
    DateStep.MONTH: N_("Choose the month"),
}


def _locale() -> str:
    return "en_GB" if current_language() == "en" else "zh_CN"


def year_text(year: int) -> str:
    return format_date(date(year, 1, 1), "y" if current_language() == "en" else "y年", locale=_locale())


def month_text(month: Month, with_year: bool) -> str:
    pattern = ("LLLL y" if with_year else "LLLL") if current_language() == "en" else ("y年M月" if with_year else "M月")
    return format_date(date(month[0], month[1], 1), pattern, locale=_locale())


def day_text(day: date) -> str:
    """The full date with its weekday, as spoken and as a screen reader names the day's button."""
    return format_date(day, "full", locale=_locale())


def decade_text(decade: int, allowed: DateRange) -> str:
    years = [year for year in allowed.years() if year - year % 10 == decade]
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else year_text(years[0])


class _DayButton(BigButton):
    """Shows the day of the month; named and spoken as the full date with its weekday."""

    def __init__(self, day: date, chosen: bool) -> None:
        self.day = day
        super().__init__(str(day.day), role="primary" if chosen else "")
        self.setObjectName(f"date-day-{day.isoformat()}")

    def retranslate(self) -> None:
        super().retranslate()
        self.setAccessibleName(day_text(self.day))


class DateInput(AnswerInput):
    shows_next = False

    def __init__(self, question: Question, value: str, context: InputContext, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.allowed = DateRange.of(question, context.today())
        self._value = _parsed(value)
        self.position = start(self.allowed, self._value)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        self.caption = TextLabel("", role="title")
        self.caption.setObjectName("date-caption")
        self.step_back = self._control("date-step-back", "", self._go_back)
        header = QHBoxLayout()  # one row: the screen's height goes to the choices
        header.setSpacing(32)
        header.addWidget(self.caption, 2)
        header.addWidget(self.step_back, 1)
        layout.addLayout(header)
        self.turns = QWidget()  # 上个月 | 下个月, only where the calendar itself turns (a short range)
        turns = QHBoxLayout(self.turns)
        turns.setContentsMargins(0, 0, 0, 0)
        turns.setSpacing(32)
        self.previous_month = self._control("date-previous-month", N_("Previous month"), lambda: self._turn(-1))
        self.next_month = self._control("date-next-month", N_("Next month"), lambda: self._turn(1))
        for button in (self.previous_month, self.next_month):
            keep_place_when_hidden(button)  # 下个月 stays where it is when 上个月 appears
            turns.addWidget(button, 1)
        layout.addWidget(self.turns)
        self.choices = ButtonGrid("date-choices", _LIST_COLUMNS)
        layout.addWidget(self.choices)
        layout.addStretch(1)
        # The calendar is tall (six rows of ≥ 96 px targets): it takes the page's side column, beside the
        # question in landscape and below it in portrait, like the keypad.
        self.calendar = QWidget(self)  # a parent at once: shown parentless it would open a window of its own
        self.calendar.setObjectName("date-calendar")
        self.calendar.setStyleSheet("QPushButton { padding: 0px; }")  # the keypad's rule: 7 targets fit 1080 px
        self.days = QGridLayout(self.calendar)
        self.days.setContentsMargins(0, 0, 0, 0)
        self.days.setSpacing(16)
        self._show()

    def _control(self, name: str, text: TextSource, action: object) -> BigButton:
        button = BigButton(text)
        button.setObjectName(name)
        button.clicked.connect(action)
        return button

    # What the page asks of every input.
    def side_panel(self) -> QWidget | None:
        return self.calendar

    def raw_answer(self) -> str:
        return self._value.isoformat() if self._value else ""

    def focus_first(self) -> None:
        buttons = self._option_buttons()
        if buttons:
            buttons[0].setFocus()

    def wipe(self) -> None:
        self._value = None
        self.position = start(self.allowed)
        self._show()

    def next_step(self, goal: str) -> Step | None:
        wanted = _parsed(goal)
        if wanted is None or wanted not in self.allowed:
            raise CannotReach(f"{goal!r} is not a date {self.question.id!r} allows "
                              f"({self.allowed.first} to {self.allowed.last}).")
        position = self.position
        if position.step is DateStep.DAY and position.month == (wanted.year, wanted.month):
            return Tap(self._button(f"date-day-{wanted.isoformat()}"))
        if position.step is DateStep.DAY and neighbour_month(position, self.allowed, -1) is not None \
                and (wanted.year, wanted.month) < position.month:  # type: ignore[operator]
            return Tap(self.previous_month)
        if position.step is DateStep.DAY and neighbour_month(position, self.allowed, 1) is not None:
            return Tap(self.next_month)
        key = {DateStep.DECADE: wanted.year - wanted.year % 10, DateStep.YEAR: wanted.year,
               DateStep.MONTH: (wanted.year, wanted.month)}.get(position.step)
        if key in position.options(self.allowed):
            return Tap(self._button(_option_name(position.step, key)))  # type: ignore[arg-type]
        return Tap(self.step_back)

    # Steps.
    def _go_back(self) -> None:
        earlier = back(self.position, self.allowed)
        if earlier is not None:
            self.position = earlier
            self._show()

    def _turn(self, step: int) -> None:
        month = neighbour_month(self.position, self.allowed, step)
        if month is not None:
            self.position = Position(DateStep.DAY, month=month)
            self._show()
            self.read_back.emit(month_text(month, with_year=True))

    def _pick(self, option: int | Month) -> None:
        spoken = year_text(option) if self.position.step is DateStep.YEAR else \
            month_text(option, with_year=True) if isinstance(option, tuple) else ""
        self.position = choose(self.position, option, self.allowed)
        self._show()
        if spoken:
            self.read_back.emit(spoken)

    def _pick_day(self, day: date) -> None:
        self._value = day
        self.submitted.emit(day.isoformat())

    def _show(self) -> None:
        position = self.position
        earlier = back(position, self.allowed)
        self.step_back.setVisible(earlier is not None)
        if earlier is not None:
            self.step_back.set_source(_BACK_LABELS[earlier.step])
        turns = position.step is DateStep.DAY and len(self.allowed.months()) > 1 \
            and self.allowed.first_step() is DateStep.DAY
        self.turns.setVisible(turns)
        self.previous_month.setVisible(neighbour_month(position, self.allowed, -1) is not None)
        self.next_month.setVisible(neighbour_month(position, self.allowed, 1) is not None)
        if position.step is DateStep.DAY:
            month = position.month
            self.caption.set_source(lambda: month_text(month, with_year=True))  # type: ignore[arg-type]
            self.choices.set_widgets([])
            self.choices.hide()
            self._fill_calendar(month)  # type: ignore[arg-type]
            self.calendar.show()
        else:
            self.caption.set_source(_STEP_CAPTIONS[position.step])
            self.choices.set_widgets([self._option_button(option) for option in position.options(self.allowed)])
            self.choices.show()
            clear_layout(self.days)
            self.calendar.hide()

    def _option_button(self, option: int | Month) -> BigButton:
        step = self.position.step
        if step is DateStep.DECADE:
            text: TextSource = lambda: decade_text(option, self.allowed)  # noqa: E731
        elif step is DateStep.YEAR:
            text = lambda: year_text(option)  # noqa: E731
        else:
            text = lambda: month_text(option, with_year=self.position.year is None)  # noqa: E731
        button = BigButton(text)
        button.setObjectName(_option_name(step, option))
        button.clicked.connect(lambda _=False: self._pick(option))
        return button

    def _fill_calendar(self, month: Month) -> None:
        clear_layout(self.days)
        for column in range(7):
            label = TextLabel(lambda column=column: _weekday(column), role="muted")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.days.addWidget(label, 0, column)
            self.days.setColumnStretch(column, 1)
        for row, week in enumerate(weeks(month, self.allowed), start=1):
            for column, day in enumerate(week):
                if day is None:
                    continue
                if day in self.allowed:
                    button = _DayButton(day, chosen=day == self._value)
                    button.clicked.connect(lambda _=False, day=day: self._pick_day(day))
                    self.days.addWidget(button, row, column)
                else:  # a day of this month that cannot be chosen: shown as plain text, not a button
                    label = TextLabel(str(day.day), role="muted")
                    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
                    self.days.addWidget(label, row, column)

    def _option_buttons(self) -> list[BigButton]:
        holder = self.calendar if self.position.step is DateStep.DAY else self.choices
        return [button for button in holder.findChildren(BigButton) if button.isEnabled()]

    def _button(self, name: str) -> BigButton:
        button = next((button for button in self._option_buttons() if button.objectName() == name), None)
        if button is None:
            raise CannotReach(f"No button {name!r} on the date picker.")
        return button


def _option_name(step: DateStep, option: int | Month) -> str:
    if isinstance(option, tuple):
        return f"date-{step.value}-{option[0]}-{option[1]:02d}"
    return f"date-{step.value}-{option}"


def _weekday(column: int) -> str:
    return str(get_day_names("abbreviated", context="stand-alone", locale=_locale())[column])


def _parsed(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
