"""The citizen's speech controls: one "听不清" button in the header opens a panel of large buttons (slower,
faster, louder, quieter, mute, say it again). Each change applies at once and says the current prompt
again at the new setting; everything returns to normal for the next citizen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from banshi.i18n import N_
from banshi.ui.text import BigButton, TextLabel
from banshi.ui.voice_session import MuteButton, Speaker
from banshi.voice.adjust import SpeechAdjustment

PANEL_MARGIN = 32  # from the window's edges and below the header
COLUMN_WIDTH = 800  # two columns of buttons whose longest label ("Say it again") fits on one line


class SpeechControls(QObject):
    """Applies the citizen's adjustment to the synthesizer; ``changed`` after every change."""

    changed = Signal()

    def __init__(self, speaker: Speaker, repeat: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.speaker = speaker
        self._repeat = repeat
        synthesizer = speaker.synthesizer
        self.adjustment = SpeechAdjustment(synthesizer.rate, synthesizer.volume)

    def slower(self) -> None:
        self._changed_if(self.adjustment.slower())

    def faster(self) -> None:
        self._changed_if(self.adjustment.faster())

    def quieter(self) -> None:
        self._changed_if(self.adjustment.quieter())

    def louder(self) -> None:
        self._changed_if(self.adjustment.louder())

    def reset(self) -> None:
        """The next citizen starts from normal speed and loudness, with sound on."""
        self.adjustment.reset()
        self._apply()
        self.speaker.muted = False
        self.changed.emit()

    def _changed_if(self, moved: bool) -> None:
        if moved:
            self._apply()
            self.changed.emit()
            self._repeat()  # at once: the citizen hears the difference on what they were hearing

    def _apply(self) -> None:
        self.speaker.synthesizer.rate = self.adjustment.rate
        self.speaker.synthesizer.volume = self.adjustment.volume


class SpeechPanel(QFrame):
    """A sheet over the whole page below the header (so no tap can land on the page beneath by mistake),
    its large buttons in a centred column; Done or any page change closes it."""

    def __init__(self, controls: SpeechControls, repeat: Callable[[], None], window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("speech-panel")
        self.setProperty("role", "card")
        self.controls = controls
        self.status = TextLabel(lambda: str(controls.adjustment.describe()))
        self.status.setObjectName("speech-panel-status")
        self._buttons: dict[str, BigButton] = {}
        column = QVBoxLayout()  # a layout, not a widget: a plain widget would paint the page colour on the sheet
        column.setSpacing(24)
        column.addWidget(TextLabel(N_("Hard to hear? Change how I speak."), role="muted"))
        column.addWidget(self.status)
        column.addLayout(self._grid(controls, repeat))
        column.addStretch(1)
        centred = QHBoxLayout(self)  # its side margins centre the column (see _place)
        centred.addLayout(column)
        controls.changed.connect(self._follow)
        window.installEventFilter(self)  # to keep covering the page when the window is resized
        self.hide()
        self._follow()

    def _grid(self, controls: SpeechControls, repeat: Callable[[], None]) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(24)
        rows = [(("slower", N_("Slower"), controls.slower), ("faster", N_("Faster"), controls.faster)),
                (("quieter", N_("Quieter"), controls.quieter), ("louder", N_("Louder"), controls.louder)),
                (("again", N_("Say it again"), repeat),)]
        for row, buttons in enumerate(rows):
            for column, (name, label, action) in enumerate(buttons):
                button = BigButton(label)
                button.setObjectName(f"speech-{name}")
                button.clicked.connect(lambda _=False, act=action: act())
                grid.addWidget(button, row, column)
                self._buttons[name] = button
        grid.addWidget(MuteButton(self.controls.speaker), 2, 1)
        done = BigButton(N_("Done"), role="primary")
        done.setObjectName("speech-close")
        done.clicked.connect(self.hide)
        grid.addWidget(done, 3, 0, 1, 2)
        self._buttons["close"] = done
        for column in range(2):
            grid.setColumnStretch(column, 1)
        for index in range(grid.count()):  # primary-sized targets for unsteady hands
            grid.itemAt(index).widget().setMinimumHeight(96)
        return grid

    def button(self, name: str) -> BigButton:
        return self._buttons[name]

    def toggle(self) -> None:
        self.hide() if self.isVisible() else self.open()

    def page_changed(self, _page: str) -> None:
        self.hide()  # it would cover the new page's content

    def open(self) -> None:
        self._place()
        self.show()
        self.raise_()

    def _follow(self) -> None:
        adjustment = self.controls.adjustment
        self.status.retranslate()
        for name, step, direction in (("slower", "rate_step", -1), ("faster", "rate_step", 1),
                                      ("quieter", "volume_step", -1), ("louder", "volume_step", 1)):
            self._buttons[name].setEnabled(adjustment.can(step, direction))

    def _place(self) -> None:
        window = self.parentWidget()
        top = _header_bottom(window) + PANEL_MARGIN // 2
        width = window.width() - 2 * PANEL_MARGIN
        side = max(PANEL_MARGIN, (width - COLUMN_WIDTH) // 2)
        self.layout().setContentsMargins(side, PANEL_MARGIN, side, PANEL_MARGIN)
        self.setGeometry(PANEL_MARGIN, top, width, window.height() - top - PANEL_MARGIN)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False


def _header_bottom(window: QWidget) -> int:
    """The lowest edge of the header's buttons (the panel opens just below it)."""
    toggle = window.findChild(QWidget, "speech-hard-to-hear")
    if toggle is None:
        return PANEL_MARGIN
    return toggle.mapTo(window, toggle.rect().bottomLeft()).y()


def speech_buttons(controls: SpeechControls, repeat: Callable[[], None],
                   window: QWidget) -> tuple[BigButton, BigButton, SpeechPanel]:
    """The header's "say it again" and "听不清" buttons, and the panel the second one opens."""
    again = BigButton(N_("Say it again"))
    again.setObjectName("voice-repeat")
    again.clicked.connect(lambda: repeat())
    panel = SpeechPanel(controls, repeat, window)
    hard_to_hear = BigButton(N_("Can't hear?"))
    hard_to_hear.setObjectName("speech-hard-to-hear")
    hard_to_hear.clicked.connect(lambda: panel.toggle())
    return again, hard_to_hear, panel
