"""The speech player on a machine without a sound card: it keeps time, stops at once, and yields to touch."""

from __future__ import annotations

import time
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from banshi.ui.speech_player import SpeechPlayer, output_device, wav_duration


def tone(path: Path, seconds: float, rate: int = 22050, amplitude: int = 8000) -> Path:
    samples = (np.sin(np.arange(int(rate * seconds)) * 2 * np.pi * 440 / rate) * amplitude).astype("<i2")
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1), wav.setsampwidth(2), wav.setframerate(rate)
        wav.writeframes(samples.tobytes())
    return path


@pytest.fixture
def player(qtbot: QtBot) -> Iterator[SpeechPlayer]:
    if output_device() is not None:
        pytest.skip("this machine has an audio output; these tests are about running without one")
    speech_player = SpeechPlayer()
    yield speech_player
    speech_player.stop()
    speech_player.deleteLater()  # takes its touch filter off the application with it


def test_without_an_audio_device_a_clip_still_finishes_after_its_duration(qtbot: QtBot, player: SpeechPlayer,
                                                                         tmp_path: Path) -> None:
    clip = tone(tmp_path / "clip.wav", 0.6)
    began = time.monotonic()
    with qtbot.waitSignal(player.started, timeout=100):
        player.play(clip)
    assert player.playing and player.current_path == clip
    with qtbot.waitSignal(player.finished, timeout=3000):
        pass
    assert 0.55 <= time.monotonic() - began < 1.5
    assert not player.playing


def test_stop_silences_at_once_and_the_clip_never_reports_finished(qtbot: QtBot, player: SpeechPlayer,
                                                                   tmp_path: Path) -> None:
    finished: list[bool] = []
    player.finished.connect(lambda: finished.append(True))
    player.play(tone(tmp_path / "clip.wav", 0.3))
    with qtbot.waitSignal(player.stopped, timeout=50):
        player.stop()
    assert not player.playing
    qtbot.wait(500)
    assert finished == []


def test_a_new_clip_replaces_the_one_playing_and_only_the_new_one_finishes(qtbot: QtBot, player: SpeechPlayer,
                                                                          tmp_path: Path) -> None:
    finished: list[Path | None] = []
    player.finished.connect(lambda: finished.append(player.current_path))
    player.play(tone(tmp_path / "old.wav", 0.2))
    player.play(tone(tmp_path / "new.wav", 0.4))
    qtbot.wait(700)
    assert finished == [None]  # one finish, and it is over: the old clip's time never ran out


def test_a_touch_anywhere_stops_speech_once_per_press_and_still_reaches_its_button(
    qtbot: QtBot, player: SpeechPlayer, tmp_path: Path
) -> None:
    page = QWidget()
    layout = QVBoxLayout(page)
    button, text = QPushButton("a button"), QLabel("some text")  # a label passes its press on to the page
    layout.addWidget(button), layout.addWidget(text)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    clicks: list[bool] = []
    touches: list[bool] = []
    button.clicked.connect(lambda: clicks.append(True))
    player.touched.connect(lambda: touches.append(True))
    player.stop_on_touch(QApplication.instance())
    player.play(tone(tmp_path / "long.wav", 3.0))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not player.playing
    qtbot.mouseClick(text, Qt.MouseButton.LeftButton)
    assert touches == [True, True] and clicks == [True]


def test_a_missing_wav_is_reported_as_failed_and_nothing_plays(qtbot: QtBot, player: SpeechPlayer,
                                                               tmp_path: Path) -> None:
    with qtbot.waitSignal(player.failed, timeout=100) as failure:
        player.play(tmp_path / "missing.wav")
    assert "missing.wav" in failure.args[0]
    assert not player.playing


def test_volume_is_kept_between_zero_and_one(player: SpeechPlayer) -> None:
    player.volume = 0.4
    assert player.volume == 0.4
    with pytest.raises(ValueError, match="out of range"):
        player.volume = 1.5


def test_the_duration_of_a_wav_is_read_from_its_header(tmp_path: Path) -> None:
    assert wav_duration(tone(tmp_path / "clip.wav", 1.5, rate=16000)) == pytest.approx(1.5)
