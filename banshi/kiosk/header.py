"""The kiosk's header, the same on every page: the service's name, what the voice dialogue suggests,
and buttons every page offers (high contrast, language; others add theirs through ``add_buttons``, e.g.
speech controls, and 呼叫工作人员 goes in the name's row through ``add_to_name_row``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QWidget

from banshi.i18n import N_, current_language
from banshi.ui.text import BigButton, TextLabel


TWO_ROWS_BELOW_PX = 1400  # a portrait screen: the name and hint above, the buttons in a row below


class KioskHeader(QWidget):
    def __init__(self, high_contrast_on: Callable[[], bool]) -> None:
        super().__init__()
        self.setObjectName("kiosk-header")
        self._outer = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._outer.setContentsMargins(64, 16, 64, 0)
        self._outer.setSpacing(24)
        texts = QHBoxLayout()
        texts.setSpacing(24)
        brand = TextLabel(N_("Banshi public services"), role="brand")
        brand.setObjectName("kiosk-brand")
        texts.addWidget(brand, 1)
        self.voice_hint = TextLabel("", role="muted")  # what the voice dialogue suggests, kept on screen
        self.voice_hint.setObjectName("kiosk-voice-hint")
        self.voice_hint.hide()
        texts.addWidget(self.voice_hint, 2)
        self._texts = texts
        self._outer.addLayout(texts, 1)
        layout = QHBoxLayout()
        layout.setSpacing(24)
        self._outer.addLayout(layout)
        self.contrast_button = BigButton(lambda: str(N_("Normal colours") if high_contrast_on()
                                                     else N_("High contrast")))
        self.contrast_button.setObjectName("kiosk-contrast")
        layout.addWidget(self.contrast_button)
        self.language_button = BigButton(lambda: "English" if current_language() == "zh_CN" else "中文")
        self.language_button.setObjectName("kiosk-language")
        self.language_button.setMinimumWidth(220)
        layout.addWidget(self.language_button)
        self._layout = layout

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        two_rows = event.size().width() < TWO_ROWS_BELOW_PX
        direction = QBoxLayout.Direction.TopToBottom if two_rows else QBoxLayout.Direction.LeftToRight
        if self._outer.direction() != direction:
            self._outer.setDirection(direction)
        super().resizeEvent(event)

    def add_buttons(self, *buttons: QWidget) -> None:
        """Buttons every page shows, before the language switch (e.g. "say it again", mute)."""
        for button in buttons:
            self._layout.insertWidget(self._layout.count() - 1, button)

    def add_to_name_row(self, button: QWidget) -> None:
        """A button every page shows at the end of the name's row (呼叫工作人员): on a portrait screen the
        button row below has no room for a fifth."""
        self._texts.addWidget(button)

    def show_voice_hint(self, text: str) -> None:
        self.voice_hint.set_source(text)
        self.voice_hint.setVisible(bool(text))
