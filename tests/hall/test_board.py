"""The display board: legible from 5 m, every call spoken in turn, honest about a lost connection."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from banshi.hall.announce import Announcement
from banshi.hall_board.speech import BOARD_VOICES
from banshi.voice.tts import SpeechSynthesizer
from banshi.hall.board_feed import BoardFeed
from banshi.hall.legibility import min_glyph_px
from banshi.hall.model import CounterAction
from banshi.hall.process import start_hall_process
from banshi.hall_board.app import BoardRuntime, build_board
from banshi.hall_board.screens import BOARD_THEMES, demo_info, demo_state, screen_set
from banshi.hall_board.sizing import glyph_px
from banshi.i18n import translate
from banshi.tools.audit import audit_widget_tree
from banshi.accessibility.tokens import theme
from banshi.tools.widgets import shown_widgets, visible_text
from tests.hall.conftest import StartHall

SIZES = [(1920, 1080), (1080, 1920)]


def _settle() -> None:
    for _ in range(5):
        QCoreApplication.processEvents()


def glyph_problems(runtime: BoardRuntime, needed: float) -> list[str]:
    problems = []
    for widget in shown_widgets(runtime.window):
        text = visible_text(widget)
        if text.strip():
            measured = glyph_px(widget.font(), text)
            if measured < needed:
                problems.append(f"{widget.objectName()}: {text!r} glyphs {measured} px < {needed:.1f} px")
    return problems


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("size", SIZES, ids=["landscape", "portrait"])
def test_every_board_text_subtends_0_7_degrees_at_5_metres_and_nothing_is_clipped(qtbot, language: str,  # noqa: ANN001
                                                                                  size: tuple[int, int]) -> None:
    needed = min_glyph_px(65.0, 5.0, max(size) if size[1] > size[0] else size[1],
                          aspect=9 / 16 if size[1] > size[0] else 16 / 9)
    assert 80 < needed < 83  # 0.7° at 5 m on a 65″ 1080p panel
    for theme_name in BOARD_THEMES:
        for screen in screen_set().screens:
            runtime = build_board(demo_info(), language, size=size, theme_name=theme_name)
            runtime.window.show()
            screen.prepare(runtime)
            _settle()
            where = f"{screen.name} {theme_name} {language} {size}"
            assert (runtime.window.width(), runtime.window.height()) == size, where  # nothing pushed it wider
            assert glyph_problems(runtime, needed) == [], where
            assert [str(v) for v in audit_widget_tree(runtime.window, theme(theme_name), screen.name)] == [], where
            runtime.close()


def test_calls_are_spoken_without_switching_language_numbers_read_as_halls_say_them(tmp_path: Path) -> None:
    synthesizer = SpeechSynthesizer(tmp_path, voices=BOARD_VOICES)
    calls = [Announcement(code, counter) for code, counter in (("A012", "3"), ("D100", "10"), ("B007", "12"))]
    mandarin = synthesizer.phonemes([call.spoken() for call in calls], "zh_CN")
    cantonese = synthesizer.phonemes([call.spoken() for call in calls], "yue")
    for said in mandarin + cantonese:
        assert "(en)" not in said and "(cmn)" not in said, said  # no switch to another language's voice
    pinyin = synthesizer.spoken_text(calls[1].spoken(), "zh_CN")
    assert pinyin == "请 D 幺 零 零 号到 十 号窗口", pinyin  # the ticket one by one (幺 for 1, as halls say), the window a number
    assert translate("Number {code}, please go to window {counter}", "zh_CN") == "请 {code} 号到 {counter} 号窗口"
    synthesizer.close()


def test_calls_are_spoken_in_turn_each_within_a_second_of_the_last_and_none_cut_off(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    runtime = build_board(demo_info(), "zh_CN", speech_dir=tmp_path / "speech")
    announcer = runtime.announcer
    assert announcer is not None
    cut: list[bool] = []
    announcer.player.stopped.connect(lambda: cut.append(True))
    runtime.take(demo_state(1))
    runtime.take(demo_state(2))  # the next call arrives while the first is being said
    qtbot.waitUntil(lambda: announcer.idle and len(announcer.history) == 2, timeout=30_000)
    spoken = announcer.history
    assert [s.code for s in spoken] == ["A012", "A013"]
    gaps = [later.started - earlier.finished for earlier, later in zip(spoken, spoken[1:], strict=False)]
    assert all(0 <= gap < 1.0 for gap in gaps), gaps
    assert cut == [] and all(len(s.clips) == 2 for s in spoken)  # chime + the call (repeat 1 in the demo hall)
    runtime.close()


def test_an_old_call_seen_while_catching_up_is_shown_but_not_spoken(qtbot, tmp_path: Path) -> None:  # noqa: ANN001
    runtime = build_board(demo_info(), "zh_CN", speech_dir=tmp_path / "speech")
    runtime.take(demo_state(4, now=__import__("time").time() - 600))
    assert len(runtime.window.model.current) == 4 and runtime.announcer.idle  # type: ignore[union-attr]
    runtime.close()


def test_the_board_says_it_lost_the_hall_and_catches_up_on_calls_made_meanwhile(qtbot, start_hall: StartHall) -> None:  # noqa: ANN001
    hall = start_hall()
    kiosk, counter = hall.client("kiosk-1"), hall.client("counter-3")
    board_client = hall.client("board-1")
    runtime = build_board(board_client.info(), "zh_CN")
    model = runtime.window.model
    runtime.feed = BoardFeed(board_client, runtime.bridge.relay(runtime.take), runtime.bridge.relay(runtime.lost),
                             lambda: (model.after, model.change))
    runtime.feed.start()
    first = kiosk.issue("social_insurance")
    counter.counter("3", CounterAction.CALL_NEXT)
    qtbot.waitUntil(lambda: model.current.get("3") is not None and model.current["3"].code == first.code, timeout=5000)
    hall.process.kill()
    lost_text = translate("Reconnecting to the queue…", "zh_CN")
    qtbot.waitUntil(lambda: runtime.window.banner.text() == lost_text, timeout=5000)
    # While the board's hall is down, another hall process on the same database takes the next calls.
    other = start_hall_process(hall.database_url, hall.folder / "keys", hall.hall_file, log_dir=hall.folder / "other")
    from banshi.hall.client import HallClient

    missed = []
    for device, counter_id in (("kiosk-1", None), ("counter-3", "3")):
        client = HallClient(other.url, hall.client(device).hub.credentials)
        if counter_id is None:
            missed = [client.issue("social_insurance").code for _ in range(2)]
        else:
            client.counter("3", CounterAction.FINISH)
            client.counter("3", CounterAction.CALL_NEXT)
            client.counter("3", CounterAction.FINISH)
            client.counter("3", CounterAction.CALL_NEXT)
    other.stop()
    hall.restart(kill=False)
    qtbot.waitUntil(lambda: model.current["3"].code == missed[-1] and runtime.window.banner.text() != lost_text,
                    timeout=10_000)
    assert [call.code for call in model.recent[:2]] == [missed[1], missed[0]]
    runtime.close()
