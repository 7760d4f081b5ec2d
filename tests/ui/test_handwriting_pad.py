"""The pad driven as a citizen drives it: real mouse strokes on the writing area, taps on buttons."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import QPushButton, QScrollBar, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from banshi.accessibility.tokens import theme
from banshi.handwriting import Recogniser
from banshi.tools.audit import audit_widget_tree
from banshi.ui.application import apply_look, ensure_application
from banshi.ui.bridge import Bridge
from banshi.ui.page import Page
from banshi.ui.handwriting_pad import EMPTY_PAD, TOO_MUCH_INK, UNAVAILABLE, HandwritingPad, shared_recogniser
from banshi.ui.writing_area import MAX_POINTS
from tests.handwriting.conftest import SAMPLES

_LOADER = shared_recogniser(Recogniser.open)


@pytest.fixture
def bridge() -> Iterator[Bridge]:
    made = Bridge()
    yield made
    made.shutdown()


def make_pad(qtbot: QtBot, bridge: Bridge, loader=_LOADER) -> HandwritingPad:
    pad = HandwritingPad(bridge, loader)
    qtbot.addWidget(pad)
    pad.show()
    qtbot.waitExposed(pad)
    return pad


def write(qtbot: QtBot, pad: HandwritingPad, character: str) -> None:
    """Press, move and release the mouse along each KanjiVG stroke, scaled to the writing area."""
    side = pad.area.width() / 109
    for stroke in SAMPLES["characters"][character]:
        points = [QPoint(round(x * side), round(y * side)) for x, y in stroke]
        qtbot.mousePress(pad.area, Qt.MouseButton.LeftButton, pos=points[0])
        for point in points[1:]:
            qtbot.mouseMove(pad.area, point)
        qtbot.mouseRelease(pad.area, Qt.MouseButton.LeftButton, pos=points[-1])


def tap(qtbot: QtBot, pad: HandwritingPad, name: str) -> None:
    button = pad.findChild(QPushButton, name)
    assert button is not None and button.isVisible() and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=button.rect().center())


def candidate(pad: HandwritingPad, index: int) -> str:
    return pad.findChild(QPushButton, f"handwriting-candidate-{index}").text()


def test_writing_then_tapping_the_first_candidate_types_the_character(qtbot: QtBot, bridge: Bridge) -> None:
    pad = make_pad(qtbot, bridge)
    write(qtbot, pad, "路")
    qtbot.waitUntil(lambda: candidate(pad, 0) == "路", timeout=20_000)
    assert pad.findChild(QPushButton, "handwriting-candidate-0").height() >= 96
    with qtbot.waitSignal(pad.announce) as spoken:
        tap(qtbot, pad, "handwriting-candidate-0")
    assert pad.text() == "路" and spoken.args == ["路"]
    assert pad.area.stroke_count == 0 and candidate(pad, 0) == ""
    write(qtbot, pad, "口")
    qtbot.waitUntil(lambda: candidate(pad, 0) == "口", timeout=20_000)
    tap(qtbot, pad, "handwriting-next")
    assert pad.text() == "路口"


def test_undo_clear_and_the_keys_never_lose_what_was_typed(qtbot: QtBot, bridge: Bridge) -> None:
    pad = make_pad(qtbot, bridge)
    pad.set_text("北京")
    write(qtbot, pad, "大")
    tap(qtbot, pad, "handwriting-undo")
    assert pad.area.stroke_count == 2
    tap(qtbot, pad, "handwriting-clear")
    assert pad.area.stroke_count == 0
    tap(qtbot, pad, "handwriting-mode-digits")
    for key in ("handwriting-key-1", "handwriting-key-2"):
        tap(qtbot, pad, key)
    tap(qtbot, pad, "handwriting-mode-letters")
    tap(qtbot, pad, "handwriting-key-X")
    tap(qtbot, pad, "handwriting-delete")
    assert pad.text() == "北京12"


def test_an_empty_pad_and_a_flood_of_ink_get_a_clear_spoken_message(qtbot: QtBot, bridge: Bridge) -> None:
    pad = make_pad(qtbot, bridge)
    with qtbot.waitSignal(pad.announce) as spoken:
        tap(qtbot, pad, "handwriting-next")
    assert spoken.args == [str(EMPTY_PAD)]
    pad.set_text("家")
    qtbot.mousePress(pad.area, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    with qtbot.waitSignal(pad.area.overflowed, timeout=30_000):
        for step in range(MAX_POINTS + 10):
            qtbot.mouseMove(pad.area, QPoint(10 + 10 * (step % 2), 10 + (step // 2) % 400))  # a scribble
    qtbot.mouseRelease(pad.area, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))
    assert pad._message_label.plain_text() == str(TOO_MUCH_INK)
    tap(qtbot, pad, "handwriting-clear")
    write(qtbot, pad, "人")
    qtbot.waitUntil(lambda: candidate(pad, 0) == "人", timeout=20_000)
    assert pad.text() == "家"


def test_without_a_model_the_pad_says_so_and_offers_the_keys(qtbot: QtBot, bridge: Bridge, tmp_path: Path) -> None:
    missing = lambda: Recogniser.open(tmp_path / "no.model", tmp_path / "no.npz")  # noqa: E731
    pad = make_pad(qtbot, bridge, missing)
    pad.set_text("3")
    write(qtbot, pad, "人")
    qtbot.waitUntil(lambda: not pad.findChild(QPushButton, "handwriting-mode-hanzi").isEnabled(), timeout=20_000)
    assert pad._message_label.plain_text() == str(UNAVAILABLE)
    tap(qtbot, pad, "handwriting-key-5")
    assert pad.text() == "35"


class _SlowRecogniser:
    """The real recogniser on a machine that takes 0.5 s per recognition (counts how many it did)."""

    def __init__(self, real: Recogniser) -> None:
        self.real, self.calls = real, 0
        self.available = real.available

    def recognise(self, ink, context=None):  # noqa: ANN001, ANN201 - the recogniser's own signature
        self.calls += 1
        time.sleep(0.5)
        return self.real.recognise(ink, context)


def test_quick_strokes_on_a_busy_machine_recognise_the_newest_ink_not_every_stroke(
        qtbot: QtBot, bridge: Bridge) -> None:
    slow = _SlowRecogniser(_LOADER())
    pad = make_pad(qtbot, bridge, lambda: slow)
    write(qtbot, pad, "口")  # loads the recogniser; then a 13-stroke character written at once
    qtbot.waitUntil(lambda: candidate(pad, 0) == "口", timeout=20_000)
    slow.calls = 0
    tap(qtbot, pad, "handwriting-candidate-0")

    write(qtbot, pad, "路")
    qtbot.waitUntil(lambda: candidate(pad, 0) == "路", timeout=20_000)

    assert len(SAMPLES["characters"]["路"]) == 13
    assert slow.calls <= 5, slow.calls  # the two workers' first strokes, then only the newest ink


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1080, 1920)])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_pad_fits_a_question_page_with_its_footer_in_both_orientations(
        qtbot: QtBot, bridge: Bridge, width: int, height: int, language: str) -> None:
    apply_look(ensure_application(), "elder", language)
    window = QWidget()
    window.setFixedSize(width, height)
    page = Page("question-page", "您住在哪里？")
    page.add_nav().use(back=True, start_over=True, next_=True)
    pad = HandwritingPad(bridge, _LOADER)
    page.content.addWidget(pad, 1)
    QVBoxLayout(window).addWidget(page)
    window.layout().setContentsMargins(0, 0, 0, 0)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    for mode in ("handwriting-mode-letters", "handwriting-mode-hanzi"):  # the tallest keys, then the candidates
        tap(qtbot, pad, mode)
        assert audit_widget_tree(window, theme("elder"), "question", screen_size=QSize(width, height)) == []
    assert window.size() == QSize(width, height)
    assert pad.area.width() == pad.area.height() >= 400
    assert [bar for bar in window.findChildren(QScrollBar) if bar.isVisible()] == []
