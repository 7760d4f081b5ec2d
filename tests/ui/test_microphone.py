"""Listening on the Qt side: no input device is harmless, a WAV replay stands in for a voice, and the
listener runs the real vosk Korean model on its own thread."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from banshi.ui import microphone
from banshi.ui.bridge import Bridge
from banshi.ui.microphone import Listener, Microphone, WavReplaySource, voice_listener
from banshi.voice.audio import SAMPLE_RATE
from banshi.voice.intents import IntentSet
from banshi.voice.tts import SpeechSynthesizer
from tests.ui.test_speech_player import tone
from tests.voice import conftest as voice_conftest
from tests.voice.conftest import ko_model, speech  # noqa: F401 - shared fixtures

KOREAN = IntentSet.from_yaml(Path(voice_conftest.__file__).with_name("ko.yaml"))


@pytest.fixture
def bridge() -> Iterator[Bridge]:
    bridge = Bridge()
    yield bridge
    bridge.shutdown()


@pytest.fixture
def korean_listener(bridge: Bridge, ko_model: Path, speech: SpeechSynthesizer) -> Iterator[Listener]:  # noqa: F811
    listener = Listener(WavReplaySource([speech.render("취소", "ko")], speed=2.0), ko_model, bridge)
    listener.set_grammar(KOREAN.grammar())
    yield listener
    listener.shutdown()


def test_without_an_input_device_the_microphone_is_unavailable_and_never_blocks(qtbot: QtBot) -> None:
    mic = Microphone()
    if mic.available:
        pytest.skip("this machine has a microphone; this test is about running without one")
    mic.start()
    assert list(mic.chunks()) == []
    mic.stop()


def test_a_replayed_wav_comes_at_the_pace_of_speech_then_a_little_silence(tmp_path: Path) -> None:
    source = WavReplaySource([tone(tmp_path / "half-second.wav", 0.5)], speed=2.0, trailing_silence_ms=400)
    source.start()
    began = time.monotonic()
    audio = b"".join(source.chunks())
    assert len(audio) == (SAMPLE_RATE // 2 + SAMPLE_RATE * 4 // 10) * 2
    assert 0.4 <= time.monotonic() - began < 1.0  # 0.9 s of audio at twice real time


def test_a_replay_stops_at_once_and_each_start_plays_the_next_file(tmp_path: Path) -> None:
    source = WavReplaySource([tone(tmp_path / "a.wav", 2.0), tone(tmp_path / "b.wav", 0.2)])
    source.start()
    threading.Timer(0.25, source.stop).start()
    began = time.monotonic()
    assert len(list(source.chunks())) <= 3
    assert time.monotonic() - began < 0.5
    source.start()
    assert source.remaining == 0 and len(b"".join(source.chunks())) > SAMPLE_RATE * 2 * 0.2


def test_there_is_no_listener_without_a_model_and_that_is_logged_once(
    bridge: Bridge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("VOSK_MODEL", raising=False)
    monkeypatch.setattr("banshi.voice.models._logged_missing", False)
    with caplog.at_level(logging.WARNING):
        assert voice_listener(WavReplaySource([]), bridge, tmp_path / "no-model") is None
        assert voice_listener(WavReplaySource([]), bridge, tmp_path / "no-model") is None
    assert [r.message.startswith("No vosk model found") for r in caplog.records] == [True]


def test_there_is_no_listener_without_a_microphone(bridge: Bridge, ko_model: Path,  # noqa: F811
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    if Microphone().available:
        pytest.skip("this machine has a microphone")
    monkeypatch.setattr(microphone, "_logged_no_input", True)
    assert voice_listener(Microphone(), bridge, ko_model) is None


def test_a_listener_hears_a_korean_word_spoken_into_the_replay(qtbot: QtBot, korean_listener: Listener) -> None:
    with qtbot.waitSignal(korean_listener.listening_changed, timeout=100):
        korean_listener.open()
    with qtbot.waitSignal(korean_listener.heard, timeout=30000) as got:
        pass
    heard = got.args[0]
    assert korean_listener.is_open and heard.text == "취소" and KOREAN.match(heard.text).name == "back"


def test_what_is_said_after_the_listener_closed_is_dropped(qtbot: QtBot, korean_listener: Listener) -> None:
    heard: list[object] = []
    korean_listener.heard.connect(heard.append)
    korean_listener.open()
    korean_listener.close()
    qtbot.wait(1500)
    assert heard == [] and not korean_listener.is_open


def test_a_grammar_the_model_cannot_hear_is_reported_as_failed(qtbot: QtBot, bridge: Bridge,
                                                               ko_model: Path) -> None:  # noqa: F811
    listener = Listener(WavReplaySource([]), ko_model, bridge)
    listener.set_grammar(["hello world"])  # English words: none is in the Korean model
    with qtbot.waitSignal(listener.failed, timeout=30000) as failure:
        listener.open()
    assert "wrong language" in failure.args[0] and not listener.is_open
    listener.shutdown()
