"""An on-screen keypad: kiosks have no keyboard, and every key is a single large tap."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from banshi.i18n import N_
from banshi.ui.text import BigButton

_DIGITS = ("1", "2", "3", "4", "5", "6", "7", "8", "9")


class Keypad(QWidget):
    """Digit keys plus an optional extra key (X for ID numbers, - for dates) and delete."""

    key_pressed = Signal(str)
    delete_pressed = Signal()

    def __init__(self, extra_key: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setSpacing(16)
        self.setStyleSheet("QPushButton { padding: 0px; }")
        grid.setContentsMargins(0, 0, 0, 0)
        for position, digit in enumerate(_DIGITS):
            grid.addWidget(self._key(digit), position // 3, position % 3)
        if extra_key:
            grid.addWidget(self._key(extra_key), 3, 0)
        grid.addWidget(self._key("0"), 3, 1)
        delete = BigButton(N_("Delete"))
        delete.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        delete.setObjectName("keypad-delete")
        delete.clicked.connect(self.delete_pressed)  # not .emit: PySide 6.12 leaks a True ref
        grid.addWidget(delete, 3, 2)

    def _key(self, label: str) -> BigButton:
        button = BigButton(label)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a tap types into the field and leaves focus there
        button.setObjectName(f"keypad-{label}")
        button.clicked.connect(lambda: self.key_pressed.emit(label))
        return button
