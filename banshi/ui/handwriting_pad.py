"""A handwriting pad for Chinese text, with digit and letter keys, for kiosks without a keyboard.

How to use it (e.g. in a question page)::

    from banshi.handwriting import Context
    from banshi.ui.handwriting_pad import HandwritingPad, recogniser_from_settings

    pad = HandwritingPad(bridge, recogniser_from_settings(settings.handwriting),
                         context=Context.expecting(["朝阳区", "建国路"]))  # optional expected words
    pad.set_text(previous_answer)              # resume; nothing typed is ever dropped by the pad
    pad.text_changed.connect(on_answer)        # str: the whole text so far, after every change
    pad.announce.connect(speak)                # str: every message and read-back, in the screen's language
    pad.set_context(Context.expecting(words))  # when the field's expectation changes
    pad.text()                                 # the answer

``recogniser_from_settings`` returns a loader that runs once, on a bridge worker, the first time
the pad needs it; share one loader between pads (``shared_recogniser``) so the model loads once.
Every tap target is ≥ 96 px. The pad takes the space its layout gives it (give it stretch, or a
side column of its own): the writing area is the largest square that fits, beside the candidates
when the space is wide, above them when it is tall, never below 300 px. ``side_px`` is only the
preferred size it asks for. Everything it shows goes
through gettext, and ``retranslate()`` (called by ``retranslate_tree``) follows a language switch.
Objects are named for tests and the taps-only walker: ``handwriting-area``, ``handwriting-candidate-N``
(0 = best), ``handwriting-undo``, ``handwriting-clear``, ``handwriting-next``, ``handwriting-delete``,
``handwriting-mode-{hanzi,digits,letters}``, ``handwriting-key-<label>``, ``handwriting-text``,
``handwriting-message``.
"""

from __future__ import annotations

import html
import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from banshi.config import HandwritingSettings
from banshi.handwriting import Context, InkError, Recogniser
from banshi.i18n import LazyText, N_
from banshi.ui.bridge import Bridge
from banshi.ui.layouts import keep_place_when_hidden
from banshi.ui.text import BigButton, TextLabel, Translatable
from banshi.ui.writing_area import SquareHolder, WritingArea

log = logging.getLogger(__name__)

RecogniserLoader = Callable[[], Recogniser]
CANDIDATES = 10
CANDIDATE_PX = 120
KEY_PX = 96
MESSAGE_PX = 84  # two lines of the themes' small text (28 px × 1.4 line spacing), beside the writing area
MESSAGE_TALL_PX = 126  # three lines: the tall arrangement is narrower and has the height to spare
_FRAME_PX = 8  # a themed button's border and margin, both sides: a stylesheet's min size excludes them
ROW_SPACING_PX = 20
SIDE_SPACING_PX = 32
SPACING_PX = 16  # between touch targets (numbers.md: ≥ 16 px apart)
TEXT_PX = 96  # the text typed so far, one line in the themes' reference size
LETTER_COLUMNS_WIDE, LETTER_COLUMNS_TALL = 9, 8  # 3 rows beside the writing area, 4 below it
TALL_WIDTH_PX = LETTER_COLUMNS_TALL * KEY_PX + (LETTER_COLUMNS_TALL - 1) * SPACING_PX  # the widest row below
DIGITS = "1234567890"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

HINT_WRITE = N_("Write one character in the box.")
HINT_PICK = N_("Tap your character. Not there? Tap Undo stroke or Clear and write it again.")
HINT_KEYS = N_("Tap the keys. Tap Handwriting to write Chinese characters.")
PREPARING = N_("Preparing handwriting recognition…")
NOTHING_FOUND = N_("No character was recognised. Write it again, a little larger.")
EMPTY_PAD = N_("Write a character in the box first.")
TOO_MUCH_INK = N_("That is too much ink for one character. Tap Clear and write it again.")
UNAVAILABLE = N_("Handwriting recognition is not available on this kiosk. "
                 "Use the digit and letter keys, or ask a member of staff.")
FAILED = N_("Handwriting recognition failed. Write the character again, or use the keys.")
NOTHING_TO_DELETE = N_("There is nothing to delete.")


def recogniser_from_settings(settings: HandwritingSettings) -> RecogniserLoader:
    return lambda: Recogniser.open(settings.zinnia_model, settings.templates)


def shared_recogniser(loader: RecogniserLoader) -> RecogniserLoader:
    """A loader that loads once and hands every caller the same recogniser (thread-safe)."""
    lock, loaded = threading.Lock(), []

    def load() -> Recogniser:
        with lock:
            if not loaded:
                loaded.append(loader())
            return loaded[0]

    return load


class _TypedLine(TextLabel):
    """The text so far on one line; when longer than the line, its end (where the citizen is writing)
    after "…", never wrapped out of its fixed height. The whole text is its accessible name."""

    def __init__(self) -> None:
        super().__init__("", role="reference")
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def retranslate(self) -> None:
        super().retranslate()
        text = self.plain_text()
        shown = self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideLeft, max(self.width() - 8, 0))
        self.setText(html.escape(shown))
        self.setAccessibleName(text)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.retranslate()


class HandwritingPad(QWidget, Translatable):
    """Write a character, tap it among the candidates; digits and letters by key."""

    text_changed = Signal(str)
    announce = Signal(str)

    def __init__(self, bridge: Bridge, recogniser: RecogniserLoader, context: Context | None = None,
                 side_px: int = 480, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handwriting-pad")
        self._bridge, self._loader, self._context = bridge, recogniser, context or Context()
        self._recogniser: Recogniser | None = None
        self._loading = False
        self._generation = 0
        self._newest = [0]  # the generation of the newest recognition asked for; read by the worker threads
        self._text = ""
        self._shown: list[str] = []
        self._message: LazyText = HINT_WRITE
        self.area = WritingArea(side_px)
        self._holder = SquareHolder(self.area, side_px)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._build()
        self.area.stroke_finished.connect(self._recognise)
        self.area.overflowed.connect(lambda: self._say(TOO_MUCH_INK, error=True))
        self._show_candidates([])
        self._say(HINT_WRITE, speak=False)

    # ----- public API -------------------------------------------------------------------------
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        self._text = text
        self._text_label.set_source(text)
        self.text_changed.emit(text)

    def set_context(self, context: Context | None) -> None:
        self._context = context or Context()

    def retranslate(self) -> None:
        self._message_label.set_source(self._message)

    # ----- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        self._text_label = _TypedLine()
        self._text_label.setObjectName("handwriting-text")
        self._text_label.setFixedHeight(TEXT_PX)
        delete = self._button(N_("Delete last"), "handwriting-delete", self._delete)

        self._stack = QStackedWidget()
        self._candidates = [self._candidate(i) for i in range(CANDIDATES)]
        self._letters = [self._key(c) for c in LETTERS]
        self._stack.addWidget(self._grid(self._candidates, 5))
        self._stack.addWidget(self._grid([self._key(c) for c in DIGITS], 5))
        self._letter_grid = self._grid(self._letters, LETTER_COLUMNS_WIDE)
        self._stack.addWidget(self._letter_grid)

        edits = QHBoxLayout()
        edits.setSpacing(SPACING_PX)
        for label, name, slot in ((N_("Undo stroke"), "handwriting-undo", self._undo),
                                  (N_("Clear"), "handwriting-clear", self._clear),
                                  (N_("Next character"), "handwriting-next", self._next)):
            edits.addWidget(self._button(label, name, slot))
        self._modes = [self._button(label, f"handwriting-mode-{name}", lambda _=False, i=i: self._mode(i))
                       for i, (name, label) in enumerate((("hanzi", N_("Handwriting")), ("digits", N_("Digits")),
                                                           ("letters", N_("Letters"))))]
        modes = QHBoxLayout()
        modes.setSpacing(SPACING_PX)
        for button in self._modes:
            button.setCheckable(True)
            modes.addWidget(button)
        self._modes[0].setChecked(True)
        top = QHBoxLayout()
        top.setSpacing(SPACING_PX)
        top.addWidget(self._text_label, 1)
        top.addWidget(delete)

        self._side = QVBoxLayout()  # beside the writing area when the space is wide, below it when tall
        self._side.setSpacing(SPACING_PX)
        self._modes_row = modes  # in the top row when the space is wide, above the keys when tall
        top.insertLayout(1, modes)
        self._side.addWidget(self._stack)
        self._side.addStretch(1)
        self._side.addLayout(edits)
        self._middle = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._middle.setSpacing(SIDE_SPACING_PX)
        self._middle.addWidget(self._holder, 1)
        self._middle.addLayout(self._side, 0)
        self._top = top

        self._message_label = TextLabel("", role="muted")
        self._message_label.setObjectName("handwriting-message")
        # Two lines always reserved: a message appearing or changing length never moves the controls.
        self._message_label.setFixedHeight(MESSAGE_PX)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(ROW_SPACING_PX)
        layout.addLayout(top)
        layout.addLayout(self._middle, 1)
        layout.addWidget(self._message_label)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """No wider than the tall arrangement needs, so a portrait screen never has to grow to fit the wide one."""
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), TALL_WIDTH_PX), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        direction = self.best_direction(self.width(), self.height())
        if direction != self._middle.direction():
            self._middle.setDirection(direction)
            self._arrange(wide=direction == QBoxLayout.Direction.LeftToRight)

    def _arrange(self, wide: bool) -> None:
        self._message_label.setFixedHeight(MESSAGE_PX if wide else MESSAGE_TALL_PX)
        self._place(self._letter_grid, self._letters, LETTER_COLUMNS_WIDE if wide else LETTER_COLUMNS_TALL)
        for layout in (self._top, self._side):
            layout.removeItem(self._modes_row)
        if wide:
            self._top.insertLayout(1, self._modes_row)
        else:
            self._side.insertLayout(0, self._modes_row)

    def best_direction(self, width: int, height: int) -> QBoxLayout.Direction:
        """Candidates beside the writing area or below it: whichever leaves the larger square."""
        keys = self._side.sizeHint()
        modes = self._modes_row.sizeHint().height() + SPACING_PX
        free_height = height - self._top.sizeHint().height() - MESSAGE_PX - 2 * ROW_SPACING_PX
        if self._side.indexOf(self._modes_row) >= 0:  # the sizes as they would be in the other arrangement
            free_height, keys = free_height - modes, QSize(keys.width(), keys.height() - modes)
        beside = min(width - keys.width() - SIDE_SPACING_PX, free_height)
        below = min(width, free_height - keys.height() - modes - SIDE_SPACING_PX)
        return QBoxLayout.Direction.LeftToRight if beside >= below else QBoxLayout.Direction.TopToBottom

    def _button(self, label: LazyText, name: str, slot: Callable[[], None]) -> BigButton:
        button = BigButton(label)
        button.setObjectName(name)
        button.clicked.connect(lambda _=False: slot())
        return button

    def _candidate(self, index: int) -> BigButton:
        button = BigButton("")
        button.setObjectName(f"handwriting-candidate-{index}")
        button.setFixedSize(CANDIDATE_PX, CANDIDATE_PX)
        # The theme's min-height/width would add the border to the fixed size; the fixed size is the target.
        button.setStyleSheet(f"font-size: {CANDIDATE_PX // 2}px; padding: 0px; min-height: {CANDIDATE_PX - _FRAME_PX}px; "
                             f"min-width: {CANDIDATE_PX - _FRAME_PX}px;")
        keep_place_when_hidden(button)
        button.clicked.connect(lambda _=False: self._pick(index))
        return button

    def _key(self, label: str) -> BigButton:
        button = BigButton(label)
        button.setObjectName(f"handwriting-key-{label}")
        button.setFixedSize(KEY_PX, KEY_PX)
        button.setStyleSheet(f"padding: 0px; min-height: {KEY_PX - _FRAME_PX}px; min-width: {KEY_PX - _FRAME_PX}px;")
        button.clicked.connect(lambda _=False: self._type(label))
        return button

    @classmethod
    def _grid(cls, buttons: list[BigButton], columns: int) -> QWidget:
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(SPACING_PX)
        cls._place(holder, buttons, columns)
        return holder

    @staticmethod
    def _place(holder: QWidget, buttons: list[BigButton], columns: int) -> None:
        grid = holder.layout()
        assert isinstance(grid, QGridLayout)
        for button in buttons:
            grid.removeWidget(button)
        for row in range(grid.rowCount()):
            grid.setRowStretch(row, 0)
        for column in range(grid.columnCount()):
            grid.setColumnStretch(column, 0)
        for position, button in enumerate(buttons):
            grid.addWidget(button, position // columns, position % columns)
        rows = (len(buttons) + columns - 1) // columns
        grid.setRowStretch(rows, 1)
        grid.setColumnStretch(columns, 1)

    # ----- behaviour --------------------------------------------------------------------------
    def _say(self, message: LazyText, error: bool = False, speak: bool = True) -> None:
        self._message = message
        self._message_label.setProperty("role", "error" if error else "muted")
        self._message_label.style().unpolish(self._message_label)
        self._message_label.style().polish(self._message_label)
        self._message_label.set_source(message)
        if speak:
            self.announce.emit(str(message))

    def _mode(self, index: int) -> None:
        if index == 0 and self._recogniser is not None and not self._recogniser.available:
            index = 1
            self._say(UNAVAILABLE, error=True)
        for position, button in enumerate(self._modes):
            button.setChecked(position == index)
        self._stack.setCurrentIndex(index)
        self.area.setEnabled(index == 0)
        if index:
            self._say(HINT_KEYS, speak=False)

    def _recognise(self) -> None:
        self._generation += 1
        if self.area.stroke_count == 0:
            self._show_candidates([])
            return
        try:
            ink = self.area.ink()
        except InkError:
            self._say(TOO_MUCH_INK, error=True)
            return
        if self._recogniser is None:
            self._load()
            return
        if not self._recogniser.available:
            self._unavailable()
            return
        generation, context, recogniser = self._generation, self._context.after(self._text), self._recogniser
        newest = self._newest
        newest[0] = generation

        def recognise() -> list[str]:
            # Still queued when newer ink came (quick strokes, a busy machine): skip it, only the newest shows.
            return recogniser.recognise(ink, context) if newest[0] == generation else []

        self._bridge.run(recognise, lambda found: self._recognised(generation, found), self._failed)

    def _load(self) -> None:
        if self._loading:
            return
        self._loading = True
        self._say(PREPARING, speak=False)
        self._bridge.run(self._loader, self._loaded, self._failed)

    def _loaded(self, recogniser: Recogniser) -> None:
        self._loading, self._recogniser = False, recogniser
        if not recogniser.available:
            self._unavailable()
        elif self.area.stroke_count:
            self._recognise()
        else:
            self._say(HINT_WRITE, speak=False)

    def _unavailable(self) -> None:
        self._modes[0].setEnabled(False)
        self._mode(1)
        self._say(UNAVAILABLE, error=True)

    def _recognised(self, generation: int, found: list[str]) -> None:
        if generation != self._generation:
            return  # a newer stroke (or undo/clear) has superseded this result
        self._show_candidates(found)
        self._say(HINT_PICK if found else NOTHING_FOUND, error=not found, speak=not found)

    def _failed(self, error: BaseException) -> None:
        self._loading = False
        log.error("handwriting recognition failed: %s", error)
        self._say(FAILED, error=True)

    def _show_candidates(self, found: list[str]) -> None:
        self._shown = found[:CANDIDATES]
        for index, button in enumerate(self._candidates):
            character = self._shown[index] if index < len(self._shown) else ""
            button.set_source(character)
            button.setEnabled(bool(character))
            button.setVisible(bool(character))  # an empty button would be a target with nothing to say

    def _pick(self, index: int) -> None:
        if index >= len(self._shown):
            return
        self._type(self._shown[index])

    def _type(self, character: str) -> None:
        self.area.clear()
        self._generation += 1
        self._show_candidates([])
        self.set_text(self._text + character)
        self.announce.emit(character)
        if self._stack.currentIndex() == 0:
            self._say(HINT_WRITE, speak=False)

    def _next(self) -> None:
        if self.area.stroke_count == 0:
            self._say(EMPTY_PAD, error=True)
        elif self._shown:
            self._pick(0)
        else:
            self._say(PREPARING if self._loading else NOTHING_FOUND, error=not self._loading)

    def _undo(self) -> None:
        self.area.undo_stroke()
        self._recognise()
        if self.area.stroke_count == 0:
            self._say(HINT_WRITE, speak=False)

    def _clear(self) -> None:
        self.area.clear()
        self._generation += 1
        self._show_candidates([])
        self._say(HINT_WRITE, speak=False)

    def _delete(self) -> None:
        if not self._text:
            self._say(NOTHING_TO_DELETE, error=True)
            return
        self.set_text(self._text[:-1])
