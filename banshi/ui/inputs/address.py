"""Addresses by tapping: province → city → district from the official division list, then the street and
number on the handwriting pad. Filed as ``<division code> <full address>`` (``110101 北京市东城区景山前街4号``).

Long lists (34 provinces, 21 cities of 广东省) are paged with the shared pager (上一页/下一页), never scrolled.
Without the division data the field falls back to writing the whole address; without the handwriting
engine the pad offers its digit and letter keys and says what is missing.

Objects: ``address-<code>`` for each division, ``address-choices`` (the pager: ``address-choices-next-page``),
``address-step-back``, ``address-caption``, and the pad's own names (``handwriting-…``).
"""

from __future__ import annotations

import logging
import re
from enum import IntEnum

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from banshi.accessibility.tokens import TARGET_GAP_MIN_PX
from banshi.i18n import N_
from banshi.services.divisions import (
    Division, DivisionDataMissing, deepest_prefix, division, full_name, lineage, provinces,
)
from banshi.services.schema import Question
from banshi.ui.handwriting_pad import HandwritingPad
from banshi.ui.inputs.base import AnswerInput, CannotReach, Step, Tap
from banshi.ui.inputs.writing import PadTools, pad_step
from banshi.ui.layouts import PagedList
from banshi.ui.text import BigButton, TextLabel

log = logging.getLogger(__name__)

MAX_COLUMNS = 6
SIDE_MAX_PX = 420
# The usual short names on a province's button (新疆, not 新疆维吾尔自治区): more fit a row, so fewer pages;
# the filed address and the spoken name keep the full official name.
_PROVINCE_SUFFIXES = re.compile(r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$")
CODED = re.compile(r"(\d{6}) (.+)", re.DOTALL)


class Level(IntEnum):
    PROVINCE = 0
    CITY = 1
    DISTRICT = 2
    STREET = 3


_CAPTIONS = {Level.PROVINCE: N_("Choose the province"), Level.CITY: N_("Choose the city"),
             Level.DISTRICT: N_("Choose the district or county"),
             Level.STREET: N_("Write the street or village, then the number")}
_BACK = {Level.PROVINCE: N_("Another province"), Level.CITY: N_("Another city"), Level.DISTRICT: N_("Another district")}


def split_coded(value: str) -> tuple[str, str] | None:
    """``110101 北京市东城区…`` → (code, full text); None for an address without a code."""
    match = CODED.fullmatch(value)
    return (match.group(1), match.group(2)) if match else None


def _label(option: Division) -> str:
    return _PROVINCE_SUFFIXES.sub("", option.name) if option.parent is None else option.name


class _DivisionButton(BigButton):
    """Shows the short name of a province; named (for a screen reader, the walker) by the full one."""

    def __init__(self, option: Division) -> None:
        self.division = option
        super().__init__(_label(option))
        self.setObjectName(f"address-{option.code}")

    def retranslate(self) -> None:
        super().retranslate()
        self.setAccessibleName(self.division.name)


class _Choices(QWidget):
    """Division buttons in as many columns as fit, paged by the shared pager."""

    def __init__(self, on_choose: object) -> None:
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self._on_choose = on_choose
        self._options: list[Division] = []
        self._columns = 0
        self.pages = PagedList("address-choices")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    def set_options(self, options: list[Division]) -> None:
        self._options = options
        self._columns = 0
        self._fill()

    def buttons(self) -> list[BigButton]:
        return [button for row in self.pages.rows() for button in row.findChildren(BigButton)]

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._fill()

    def _button(self, option: Division) -> BigButton:
        button = _DivisionButton(option)
        button.clicked.connect(lambda _=False: self._on_choose(option))  # type: ignore[operator]
        return button

    def _fill(self) -> None:
        if not self._options:
            self.pages.clear()
            return
        probe = BigButton(max((_label(option) for option in self._options), key=len))
        widest = probe.sizeHint().width()
        probe.deleteLater()
        width = self.width() if self.width() > 0 else 1500
        columns = max(1, min(MAX_COLUMNS, (width + TARGET_GAP_MIN_PX) // (widest + TARGET_GAP_MIN_PX)))
        if columns == self._columns:
            return
        self._columns = columns
        rows = []
        for start in range(0, len(self._options), columns):
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(TARGET_GAP_MIN_PX)
            chunk = self._options[start:start + columns]
            for option in chunk:
                line.addWidget(self._button(option), 1)
            line.addStretch(columns - len(chunk))  # a short last row keeps the columns' width
            rows.append(row)
        self.pages.set_rows(rows)


class AddressInput(AnswerInput):
    fills_height = True

    def __init__(self, question: Question, value: str, tools: PadTools | None, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.chosen: list[Division] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        self.header = QHBoxLayout()
        self.header.setSpacing(32)
        self.caption = TextLabel("", role="title")
        self.caption.setObjectName("address-caption")
        self.step_back = BigButton("")
        self.step_back.setObjectName("address-step-back")
        self.step_back.clicked.connect(self._go_back)
        layout.addLayout(self.header)
        self.choices = _Choices(self._choose)
        layout.addWidget(self.choices, 1)
        self.pad = HandwritingPad(tools.bridge, tools.recogniser) if tools is not None else None
        if self.pad is not None:
            self.pad.announce.connect(self.read_back)
            layout.addWidget(self.pad, 1)
        # At the street the pad needs the column's height: the chosen district and 换个区县 move to the
        # side column (beside the pad in landscape, below it in portrait).
        self.side = QWidget(self)  # a parent at once: shown parentless it would open a window of its own
        self.side.setObjectName("address-chosen")
        self.side.setMaximumWidth(SIDE_MAX_PX)  # a long division name wraps here; the pad keeps the width
        self.side_layout = QVBoxLayout(self.side)
        self.side_layout.setContentsMargins(0, 0, 0, 0)
        self.side_layout.setSpacing(24)
        self._beside: bool | None = None
        self._resume(value)
        self._show()

    # What the page asks of every input.
    def side_panel(self) -> QWidget | None:
        return self.side

    def raw_answer(self) -> str:
        if self.level() is not Level.STREET or self.pad is None:
            return ""
        street = self.pad.text().strip()
        return f"{self.chosen[-1].code} {full_name(self.chosen[-1].code)}{street}" if street else ""

    def focus_first(self) -> None:
        buttons = [button for button in self.choices.buttons() if button.isVisible()]
        if buttons:
            buttons[0].setFocus()
        elif self.pad is not None:
            self.pad.setFocus()

    def wipe(self) -> None:
        self.chosen = []
        if self.pad is not None:
            self.pad.set_text("")
        self._show()

    def level(self) -> Level:
        """What the screen asks for now (a municipality's districts come straight after it)."""
        if self.chosen and not self.chosen[-1].children():
            return Level.STREET
        return _level_of_children(self.chosen)

    def next_step(self, goal: str) -> Step | None:
        coded = split_coded(goal)
        if coded is None and (named := deepest_prefix(goal)) is not None:
            coded = (named.code, goal)  # an address written out whole: its divisions are tapped all the same
        path = lineage(coded[0]) if coded else []
        if coded is None or not path or not coded[1].startswith(full_name(coded[0])):
            raise CannotReach(f"{goal!r} is not '<division code> <address starting with its names>'.")
        if self.chosen != path[:len(self.chosen)]:
            return Tap(self.step_back)
        if len(self.chosen) < len(path):
            return self._tap_division(path[len(self.chosen)])
        if self.pad is None:
            raise CannotReach("No handwriting pad for the street (the engine is not set up).")
        return pad_step(self.pad, coded[1][len(full_name(coded[0])):])

    # Steps.
    def _tap_division(self, wanted: Division) -> Step:
        buttons = self.choices.buttons()
        button = next((button for button in buttons if button.objectName() == f"address-{wanted.code}"), None)
        if button is None:
            raise CannotReach(f"{wanted.name} is not offered here.")
        if button.isVisible():
            return Tap(button)
        pages = self.choices.pages
        index = buttons.index(button)
        shown = [buttons.index(b) for b in buttons if b.isVisible()]
        return Tap(pages.next_button if shown and index > max(shown) else pages.previous_button)

    def _choose(self, chosen: Division) -> None:
        self.chosen.append(chosen)
        self._show()
        self.read_back.emit(chosen.name)

    def _go_back(self) -> None:
        if self.chosen:
            self.chosen.pop()
            self._show()

    def _resume(self, value: str) -> None:
        """Going back to the question: the divisions chosen before, the street on the pad."""
        coded = split_coded(value)
        if coded is None or division(coded[0]) is None:
            return
        self.chosen = lineage(coded[0])
        if self.pad is not None:
            self.pad.set_text(coded[1].removeprefix(full_name(coded[0])))

    def _show(self) -> None:
        level = self.level()
        names = " ".join(item.name for item in self.chosen)
        if level is Level.STREET:
            self.caption.set_source(names)
        elif names:
            self.caption.set_source(lambda: f"{names} · {_CAPTIONS[level]}")
        else:
            self.caption.set_source(_CAPTIONS[level])
        self.caption.setVisible(bool(self.chosen))  # the first list needs no caption: the question asks it
        self.step_back.setVisible(bool(self.chosen))
        if self.chosen:
            self.step_back.set_source(_BACK[_level_of_children(self.chosen[:-1])])
        street = level is Level.STREET
        self._place_header(beside=street)
        if self.pad is not None:
            self.pad.setVisible(street)
        if street:
            self.choices.set_options([])
            self.choices.hide()
            return
        try:
            options = provinces() if not self.chosen else self.chosen[-1].children()
        except DivisionDataMissing as error:
            log.warning("%s", error)
            options = []
        self.choices.set_options(options)
        self.choices.show()

    def _place_header(self, beside: bool) -> None:
        """The caption and 换个… above the list, or in the side column beside the pad."""
        if beside != self._beside:
            self._beside = beside
            for layout in (self.header, self.side_layout):
                while layout.count():
                    layout.takeAt(0)
            if beside:
                self.side_layout.addWidget(self.caption)
                self.side_layout.addWidget(self.step_back)
                self.side_layout.addStretch(1)
            else:
                self.header.addWidget(self.caption, 2)
                self.header.addWidget(self.step_back, 1)
        self.side.setVisible(beside)


def _level_of_children(chosen: list[Division]) -> Level:
    """The level of what is offered after ``chosen``: a municipality (直辖市) has districts, no cities."""
    if not chosen:
        return Level.PROVINCE
    if len(chosen) == 1:
        return Level.DISTRICT if chosen[0].kind == "直辖市" else Level.CITY
    return Level.DISTRICT
