"""Which taps lead to a date in an allowed range: decade → year → month → day, skipping what is not needed.

Qt-free so the rules can be tested on their own. A short range (an appointment within a month or two)
goes straight to the calendar; a range of a year or so starts with its months; a long one (a birth
date, "living here since") starts with years, or decades when the years would not fit on one screen.
A step with a single option is taken for the citizen: no tap that cannot be a choice.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from banshi.services.schema import Question, resolve_date_bound

CALENDAR_MONTHS = 2  # up to this many months: the calendar at once, with 上个月/下个月
MONTH_LIST_MAX = 12  # up to this many months: a list of months first (three rows fit a landscape page)
YEAR_LIST_MAX = 16  # up to this many years: a list of years first; more, decades first
DEFAULT_PAST_DAYS = 120 * 366  # a date question without bounds: about a lifetime back …
DEFAULT_FUTURE_DAYS = 10 * 366  # … and ten years ahead


class DateStep(StrEnum):
    DECADE = "decade"
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


Month = tuple[int, int]  # (year, month)


@dataclass(frozen=True)
class DateRange:
    first: date
    last: date

    @classmethod
    def of(cls, question: Question, today: date) -> DateRange:
        first = resolve_date_bound(question.not_before, today) if question.not_before else \
            today - timedelta(days=DEFAULT_PAST_DAYS)
        last = resolve_date_bound(question.not_after, today) if question.not_after else \
            today + timedelta(days=DEFAULT_FUTURE_DAYS)
        return cls(first, max(first, last))

    def __contains__(self, value: object) -> bool:
        return isinstance(value, date) and self.first <= value <= self.last

    def months(self) -> list[Month]:
        months: list[Month] = []
        year, month = self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            months.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months

    def years(self) -> list[int]:
        return list(range(self.first.year, self.last.year + 1))

    def decades(self) -> list[int]:
        return sorted({year - year % 10 for year in self.years()})

    def first_step(self) -> DateStep:
        if len(self.months()) <= CALENDAR_MONTHS:
            return DateStep.DAY
        if len(self.months()) <= MONTH_LIST_MAX:
            return DateStep.MONTH
        return DateStep.YEAR if len(self.years()) <= YEAR_LIST_MAX else DateStep.DECADE

    def days(self, month: Month) -> list[date]:
        year, number = month
        _, length = calendar.monthrange(year, number)
        return [day for offset in range(length) if (day := date(year, number, offset + 1)) in self]


@dataclass(frozen=True)
class Position:
    """Where the citizen is: the step on screen and what earlier steps chose (None: not chosen)."""

    step: DateStep
    decade: int | None = None
    year: int | None = None
    month: Month | None = None

    def options(self, allowed: DateRange) -> list[int] | list[Month] | list[date]:
        """What this step offers, in reading order."""
        if self.step is DateStep.DECADE:
            return allowed.decades()
        if self.step is DateStep.YEAR:
            return [year for year in allowed.years() if self.decade is None or year - year % 10 == self.decade]
        if self.step is DateStep.MONTH:
            return [month for month in allowed.months() if self.year is None or month[0] == self.year]
        assert self.month is not None
        return allowed.days(self.month)


def start(allowed: DateRange, value: date | None = None) -> Position:
    """The first screen: the month of ``value`` when there is one (going back to a question), else the first step."""
    first = allowed.first_step()
    if value is not None and value in allowed:
        return Position(DateStep.DAY, value.year - value.year % 10, value.year, (value.year, value.month))
    if first is DateStep.DAY:
        return Position(DateStep.DAY, month=allowed.months()[0])
    return skip_single(Position(first), allowed)


def choose(position: Position, option: int | Month, allowed: DateRange) -> Position:
    """After tapping ``option`` on a decade, year or month step."""
    if position.step is DateStep.DECADE:
        return skip_single(replace(position, step=DateStep.YEAR, decade=int(option)), allowed)
    if position.step is DateStep.YEAR:
        return skip_single(replace(position, step=DateStep.MONTH, year=int(option)), allowed)
    assert isinstance(option, tuple)
    return replace(position, step=DateStep.DAY, month=option)


def skip_single(position: Position, allowed: DateRange) -> Position:
    options = position.options(allowed)
    if position.step is not DateStep.DAY and len(options) == 1:
        return choose(position, options[0], allowed)  # type: ignore[arg-type]
    return position


def back(position: Position, allowed: DateRange) -> Position | None:
    """One step up (another month, year or decade); None where the first step is already on screen.

    Steps the citizen never saw (single options taken for them) are passed over too.
    """
    order = [DateStep.DECADE, DateStep.YEAR, DateStep.MONTH, DateStep.DAY]
    first = allowed.first_step()
    index = order.index(position.step)
    while index > order.index(first):
        index -= 1
        step = order[index]
        chose_decade = first is DateStep.DECADE and index > 0
        chose_year = first in (DateStep.DECADE, DateStep.YEAR) and index > 1
        earlier = Position(step, decade=position.decade if chose_decade else None,
                           year=position.year if chose_year else None)
        if step is first or len(earlier.options(allowed)) > 1:
            return earlier
    return None


def neighbour_month(position: Position, allowed: DateRange, step: int) -> Month | None:
    """The month before (-1) or after (+1) the one on screen, when the calendar may turn to it."""
    if position.step is not DateStep.DAY or allowed.first_step() is not DateStep.DAY or position.month is None:
        return None
    months = allowed.months()
    index = months.index(position.month) + step
    return months[index] if 0 <= index < len(months) else None


def weeks(month: Month, allowed: DateRange) -> list[list[date | None]]:
    """Monday-first weeks of ``month`` that hold at least one allowed day (None: another month's day)."""
    year, number = month
    rows = calendar.Calendar(firstweekday=0).monthdatescalendar(year, number)
    shown = [[day if day.month == number else None for day in row] for row in rows]
    return [row for row in shown if any(day is not None and day in allowed for day in row)]
