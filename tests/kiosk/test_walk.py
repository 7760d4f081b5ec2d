"""`banshi walk --taps-only`: every shipped service, in both languages, finished by taps on what the screen shows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from banshi.config import load_settings
from banshi.handwriting import Recogniser
from banshi.i18n import SUPPORTED_LANGUAGES
from banshi.kiosk.app import KioskRuntime
from banshi.kiosk.walk import STREET_ADDRESS, WRITTEN_TEXTS, CannotFinish, Hand, TapsOnlyWalker, stroke_book
from banshi.kiosk.walk_report import Way
from banshi.kiosk.walk_run import walk_each, walking_kiosk
from banshi.services.catalog import load_catalog
from banshi.ui.bridge import Bridge
from banshi.ui.handwriting_pad import HandwritingPad, shared_recogniser
from banshi.ui.keypad import Keypad

# Free-text questions with no keypad or handwriting pad yet (issue 11 §3: the pickers are being built).
# The walk must say so for these and finish every other service; a service leaves this list once it finishes.
AWAITING_PICKERS: set[str] = set()  # every shipped service is finished by taps now that the pickers and pad are in questions


class KeysWatched(QObject):
    """Records every key and input-method event the application sees while it is entered."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.InputMethod):
            self.seen.append(f"{event.type().name} to {watched.objectName() or type(watched).__name__}")
        return False

    def __enter__(self) -> KeysWatched:
        QApplication.instance().installEventFilter(self)
        return self

    def __exit__(self, *exc: object) -> None:
        QApplication.instance().removeEventFilter(self)


@pytest.fixture(scope="module")
def kiosk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KioskRuntime]:
    """One hub process and one offscreen kiosk for every walk in this module (starting them takes seconds)."""
    folder = tmp_path_factory.mktemp("walk")
    base = load_settings(environ={"BANSHI_DEVICE__DATA_DIR": str(folder / "unused")})
    with walking_kiosk(base) as runtime:
        yield runtime


@pytest.mark.timeout(480)  # a loaded 2-core machine: the hub, the camera process and the pad are all real
def test_every_shipped_service_in_both_languages_reaches_confirmation_by_taps_alone(kiosk: KioskRuntime) -> None:
    filed_before = len(kiosk.outbox.records(limit=1000))
    with KeysWatched() as keys:
        results = walk_each(TapsOnlyWalker(kiosk.window))
    assert keys.seen == [], keys.seen  # no key event, no input-method text: only taps and strokes

    shipped = [service.id for service in load_catalog()]
    assert [(r.language, r.service) for r in results] == [(lang, s) for lang in SUPPORTED_LANGUAGES for s in shipped]
    unfinished = {r.service for r in results if not r.confirmed}
    assert unfinished <= AWAITING_PICKERS, [r.line() for r in results if not r.confirmed]
    for result in results:
        if result.confirmed:
            assert result.why == "" and result.screens >= 4  # attract, menu, a question, check answers, outcome
            # Start, the service's tile, Continue after the code (when it asks for one), Submit: the rest are answers.
            assert result.taps - sum(q.taps for q in result.questions) in (3, 4), result.line()
        else:  # it says where it stopped and why, rather than entering text no citizen could
            assert "no control on screen leads to an answer" in result.why, result.why
    simplest = next(r for r in results if r.service == "contribution_record_query" and r.language == "zh_CN")
    assert simplest.taps <= 10, simplest.line()
    filed = kiosk.outbox.records(limit=1000)[: len(kiosk.outbox.records(limit=1000)) - filed_before]
    assert sorted(record.service_id for record in filed) == sorted(r.service for r in results if r.confirmed)


def test_without_the_inputs_guidance_the_walker_still_finishes_by_what_the_screen_shows(kiosk: KioskRuntime) -> None:
    walker = TapsOnlyWalker(kiosk.window, guided=False)

    result = walker.walk("counter_appointment", "zh_CN")

    assert result.confirmed, result.line()
    assert all(q.way != Way.STEPS for q in result.questions)


@pytest.fixture
def bridge() -> Iterator[Bridge]:
    made = Bridge()
    yield made
    made.shutdown()


def test_the_hand_writes_chinese_on_the_handwriting_pad_with_strokes_and_taps(qtbot: QtBot, bridge: Bridge) -> None:
    pad = HandwritingPad(bridge, shared_recogniser(Recogniser.open))
    qtbot.addWidget(pad)
    pad.resize(1400, 800)
    pad.show()
    qtbot.waitExposed(pad)
    hand = Hand(pad)

    hand.write(pad, STREET_ADDRESS)

    assert pad.text() == STREET_ADDRESS  # 中山路8号: four characters written, the 8 by the digit key
    assert hand.strokes == sum(len(stroke_book()[c]) for c in STREET_ADDRESS if not c.isdigit())
    assert hand.taps >= len(STREET_ADDRESS)  # one candidate or key per character, plus the mode switches


def test_the_hand_refuses_to_write_what_it_has_no_strokes_for(qtbot: QtBot, bridge: Bridge) -> None:
    pad = HandwritingPad(bridge, shared_recogniser(Recogniser.open))
    qtbot.addWidget(pad)
    pad.show()
    with pytest.raises(CannotFinish, match="no stroke data"):
        Hand(pad).write(pad, "龘")
    assert pad.text() == ""


def test_the_hand_types_on_a_keypad_only_the_keys_it_shows(qtbot: QtBot) -> None:
    holder = QWidget()
    field, keypad = QLineEdit(), Keypad("-")
    keypad.key_pressed.connect(field.insert)
    keypad.delete_pressed.connect(field.backspace)
    layout = QVBoxLayout(holder)
    layout.addWidget(field)
    layout.addWidget(keypad)
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    hand = Hand(holder)
    field.setText("99")  # what an earlier citizen left: deleted key by key first

    hand.type_on_keypad(holder, "2026-12-09", field.text())

    assert field.text() == "2026-12-09" and hand.taps == 2 + 10
    with pytest.raises(CannotFinish, match="no key 'X'"):
        hand.type_on_keypad(holder, "11010119500307123X", field.text())


def test_every_character_the_walker_writes_has_strokes_to_write_it_with() -> None:
    book = stroke_book()
    needed = {c for text in WRITTEN_TEXTS for c in text if not (c.isascii() and c.isalnum())}
    assert needed <= set(book), needed - set(book)
