"""Speaking prompts and running a spoken dialogue on a page, with real espeak-ng audio and real vosk."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from banshi.ui import voice_session
from banshi.ui.bridge import Bridge
from banshi.ui.microphone import Listener, WavReplaySource, voice_listener
from banshi.ui.speech_player import SpeechPlayer, output_device, wav_duration
from banshi.ui.voice_session import MuteButton, Speaker, VoiceSession
from banshi.voice.dialogue import Dialogue, State
from banshi.voice.intents import match
from banshi.voice.tts import SpeechSynthesizer
from tests.ui.test_microphone import KOREAN, bridge  # noqa: F401 - shared fixture
from tests.ui.test_speech_player import tone
from tests.voice.conftest import ko_model, speech  # noqa: F401 - shared fixtures


class WatchedSynthesizer(SpeechSynthesizer):
    """The real synthesizer, noting which thread rendered what."""

    def __init__(self, cache_dir: Path) -> None:
        super().__init__(cache_dir)
        self.renders: list[tuple[str, threading.Thread]] = []

    def render(self, text: str, language: str | None = None, *, personal: bool = False,
               **settings: float | None) -> Path:
        self.renders.append((text, threading.current_thread()))
        return super().render(text, language, personal=personal, **settings)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def mandarin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WatchedSynthesizer]:
    synthesizer = WatchedSynthesizer(tmp_path_factory.mktemp("tts"))
    yield synthesizer
    synthesizer.close()


@pytest.fixture
def player(qtbot: QtBot) -> Iterator[SpeechPlayer]:
    if output_device() is not None:
        pytest.skip("this machine has an audio output; these tests time speech without one")
    speech_player = SpeechPlayer()
    yield speech_player
    speech_player.stop()
    speech_player.deleteLater()


@pytest.fixture
def speaker(mandarin: WatchedSynthesizer, player: SpeechPlayer, bridge: Bridge) -> Speaker:  # noqa: F811
    mandarin.renders.clear()
    return Speaker(mandarin, player, bridge)


def played_paths(player: SpeechPlayer) -> list[Path | None]:
    played: list[Path | None] = []
    player.started.connect(lambda: played.append(player.current_path))
    return played


def test_the_speaker_renders_real_mandarin_audio_off_the_gui_thread_and_plays_it(
    qtbot: QtBot, speaker: Speaker, mandarin: WatchedSynthesizer
) -> None:
    played = played_paths(speaker.player)
    with qtbot.waitSignals([speaker.started, speaker.finished], timeout=10000, order="strict"):
        speaker.say("您好", "zh_CN")
    assert [text for text, _thread in mandarin.renders] == ["您好"]
    assert all(thread is not threading.main_thread() for _text, thread in mandarin.renders)
    assert len(played) == 1 and played[0] is not None and 0.2 < wav_duration(played[0]) < 3


def test_a_stale_prompt_is_not_played_after_a_newer_one(qtbot: QtBot, speaker: Speaker,
                                                       mandarin: WatchedSynthesizer) -> None:
    played = played_paths(speaker.player)
    speaker.say("第一页", "zh_CN")
    with qtbot.waitSignal(speaker.finished, timeout=10000):
        speaker.say("第二页", "zh_CN")
    qtbot.wait(200)
    assert played == [mandarin.render("第二页", "zh_CN")]


def test_a_page_change_while_speaking_cuts_the_old_prompt_short(qtbot: QtBot, speaker: Speaker,
                                                               mandarin: WatchedSynthesizer) -> None:
    played, finished = played_paths(speaker.player), []
    speaker.finished.connect(lambda: finished.append(True))
    with qtbot.waitSignal(speaker.started, timeout=10000):
        speaker.say("请选择您要办理的业务", "zh_CN")
    with qtbot.waitSignal(speaker.finished, timeout=10000):
        speaker.say("好", "zh_CN")
    assert played == [mandarin.render("请选择您要办理的业务", "zh_CN"), mandarin.render("好", "zh_CN")]
    assert finished == [True]


def test_mute_silences_speech_at_once_and_later_prompts_end_without_sound(qtbot: QtBot, speaker: Speaker) -> None:
    played = played_paths(speaker.player)
    with qtbot.waitSignal(speaker.started, timeout=10000):
        speaker.say("请选择您要办理的业务", "zh_CN")
    with qtbot.waitSignals([speaker.muted_changed, speaker.finished], timeout=100):
        speaker.muted = True
    assert speaker.muted and not speaker.player.playing
    with qtbot.waitSignal(speaker.finished, timeout=100):
        speaker.say("好", "zh_CN")
    assert len(played) == 1
    with qtbot.waitSignal(speaker.started, timeout=10000):
        assert speaker.repeat()  # asked for explicitly: heard even when muted
    assert len(played) == 2


def test_a_prompt_that_cannot_be_rendered_is_reported_as_failed_and_nothing_plays(
    qtbot: QtBot, speaker: Speaker
) -> None:
    played = played_paths(speaker.player)
    with qtbot.waitSignal(speaker.failed, timeout=10000) as failure:
        speaker.say("   ", "zh_CN")
    assert "Nothing to say" in failure.args[0] and played == [] and not speaker.busy


def test_the_mute_button_follows_the_speaker_and_speaks_mandarin(qtbot: QtBot, speaker: Speaker) -> None:
    mute = MuteButton(speaker)
    qtbot.addWidget(mute)
    assert mute.text() == "静音"
    mute.click()
    assert speaker.muted and mute.isChecked() and mute.text() == "打开声音"
    speaker.toggle_mute()
    assert not mute.isChecked() and mute.text() == "静音"


def test_without_a_model_the_session_speaks_its_prompt_once_and_never_listens(
    qtbot: QtBot, speaker: Speaker, bridge: Bridge, tmp_path: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.delenv("VOSK_MODEL", raising=False)
    monkeypatch.setattr(voice_session, "_logged_speak_only", False)
    listener = voice_listener(WavReplaySource([]), bridge, tmp_path / "no-model")
    dialogue = Dialogue("请说是或者不是", lambda text: match(text, "zh_CN"), language="zh_CN", silence_timeout=0.2)
    session = VoiceSession(dialogue, speaker, listener, tick_ms=20)
    played = played_paths(speaker.player)
    with caplog.at_level(logging.WARNING, logger="banshi.ui.voice_session"):
        with qtbot.waitSignal(speaker.finished, timeout=10000):
            session.start()
        qtbot.wait(600)
        session.stop()
        another_page = VoiceSession(dialogue, speaker, None)
        another_page.start(), another_page.stop()
    assert len(played) == 1 and not session.listening and dialogue.state is State.SPEAKING
    assert [r.message for r in caplog.records if r.name == "banshi.ui.voice_session"] == [
        "No speech model or microphone: the kiosk speaks its prompts but does not listen."]


def test_a_session_commits_the_intent_recognised_from_replayed_korean_speech_never_listening_while_speaking(
    qtbot: QtBot, speech: SpeechSynthesizer, ko_model: Path, player: SpeechPlayer, bridge: Bridge,  # noqa: F811
    tmp_path: Path,
) -> None:
    # First the citizen says nothing (asked again after the silence), then 취소 ("cancel" → back).
    quiet = tone(tmp_path / "quiet.wav", 0.5, amplitude=0)
    replay = WavReplaySource([quiet, speech.render("취소", "ko")], speed=2.0)
    listener = Listener(replay, ko_model, bridge)
    dialogue = Dialogue("예 또는 취소", KOREAN.match, language="ko", silence_timeout=2)
    speaker = Speaker(speech, player, bridge)
    session = VoiceSession(dialogue, speaker, listener, grammar=KOREAN.grammar())
    timeline: list[tuple[str, bool]] = []  # connected before the session's own slots, so in true order
    speaker.started.connect(lambda: timeline.append(("speaking", True)))
    speaker.finished.connect(lambda: timeline.append(("speaking", False)))
    listener.listening_changed.connect(lambda open_: timeline.append(("listening", open_)))
    with qtbot.waitSignal(session.committed, timeout=30000) as committed:
        session.start()
    assert committed.args[0].name == "back" and committed.args[0].text == "취소"
    assert dialogue.state is State.DONE and dialogue.repeats == 1
    assert not listener.is_open and replay.remaining == 0
    assert timeline.count(("speaking", True)) == 2 and timeline.count(("listening", True)) == 2
    assert _never_both(timeline)
    session.stop(), listener.shutdown()


def test_a_touch_while_listening_closes_the_microphone_and_hands_the_page_to_touch(
    qtbot: QtBot, speech: SpeechSynthesizer, ko_model: Path, player: SpeechPlayer, bridge: Bridge,  # noqa: F811
) -> None:
    listener = Listener(WavReplaySource([]), ko_model, bridge)  # a silent room
    dialogue = Dialogue("예 또는 취소", KOREAN.match, language="ko")
    session = VoiceSession(dialogue, Speaker(speech, player, bridge), listener, grammar=KOREAN.grammar())
    committed: list[object] = []
    session.committed.connect(committed.append)
    with qtbot.waitSignal(listener.listening_changed, timeout=10000):
        session.start()
    with qtbot.waitSignal(listener.listening_changed, timeout=100) as closed:
        player.interrupt()  # what the application-wide touch filter calls
    assert closed.args == [False] and dialogue.state is State.DONE
    qtbot.wait(300)
    assert committed == [] and not session.listening
    session.stop(), listener.shutdown()


def _never_both(timeline: list[tuple[str, bool]]) -> bool:
    """True if the microphone was never open while the kiosk was speaking."""
    state = {"speaking": False, "listening": False}
    for what, on in timeline:
        state[what] = on
        if state["speaking"] and state["listening"]:
            return False
    return True
