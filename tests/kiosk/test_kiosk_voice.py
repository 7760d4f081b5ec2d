"""The kiosk reads every page aloud and acts on what it hears: real speech in, real recognition, a real page."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from banshi.config import Settings, VoiceSettings
from banshi.kiosk.app import KioskRuntime, build_kiosk
from banshi.kiosk.demo import DEMO_SERVICE, demo_settings
from banshi.kiosk.driver import KioskDriver
from banshi.ui.microphone import WavReplaySource
from banshi.voice.tts import SpeechSynthesizer
from tests.voice.conftest import ko_model, speech  # noqa: F401 - shared fixtures

KOREAN_TEMPLATES = Path(__file__).parent.parent / "voice" / "ko.yaml"


def _korean_words_as_the_kiosk_language(folder: Path) -> Path:
    """No Mandarin model installs here; the Korean one does. Its command words stand in for zh_CN."""
    folder.mkdir()
    text = KOREAN_TEMPLATES.read_text("utf-8").replace("language: ko", "language: zh_CN")
    (folder / "zh_CN.yaml").write_text(text, "utf-8")
    return folder


@pytest.fixture
def spoken_kiosk(qtbot: object, settings: Settings, tmp_path: Path, ko_model: Path,  # noqa: F811
                 speech: SpeechSynthesizer) -> Iterator[tuple[KioskRuntime, list[Path]]]:  # noqa: F811
    said = [speech.render("취소", "ko")]  # "cancel": the Korean templates' "back"
    base = demo_settings(settings, tmp_path / "device", "http://127.0.0.1:9")
    voice = VoiceSettings(**{**base.voice.model_dump(), "vosk_model": ko_model,
                             "intents_dir": _korean_words_as_the_kiosk_language(tmp_path / "intents")})
    runtime = build_kiosk(base.model_copy(update={"voice": voice}), start_sync=False,
                          voice_source=WavReplaySource(said, speed=2.0))
    runtime.window.resize(1920, 1080)
    runtime.window.show()
    yield runtime, said
    runtime.shutdown()


def test_a_spoken_back_command_takes_the_citizen_back_a_page(spoken_kiosk: tuple[KioskRuntime, list[Path]]) -> None:
    kiosk, _said = spoken_kiosk
    driver = KioskDriver(kiosk.window)
    driver.open_service("counter_appointment")
    first_question = kiosk.window.session.page.question.id  # type: ignore[union-attr]
    driver.answer_current_question(__import__("datetime").date.today())
    assert kiosk.window.session.page.question.id != first_question  # type: ignore[union-attr]

    # The second question is read aloud; the microphone then hears "취소" (back).
    driver.wait_for(lambda: kiosk.window.session.page.question.id == first_question,  # type: ignore[union-attr]
                    timeout_s=60, what="the spoken command to go back")
    assert driver.page_name() == "question-page"


def test_without_a_model_the_kiosk_speaks_every_page_and_never_listens(
    qtbot: object, settings: Settings, tmp_path: Path
) -> None:
    runtime = build_kiosk(demo_settings(settings, tmp_path / "device", "http://127.0.0.1:9"), start_sync=False)
    try:
        runtime.window.resize(1920, 1080)
        runtime.window.show()
        driver = KioskDriver(runtime.window)
        rendered: list[str] = []
        runtime.voice.speaker.started.connect(lambda: rendered.append(driver.page_name()))  # type: ignore[union-attr]
        driver.open_service("counter_appointment")
        driver.wait_for(lambda: "question-page" in rendered, timeout_s=30, what="the question to be spoken")

        assert runtime.voice.listener is None  # type: ignore[union-attr]
        assert runtime.voice.flow.session is not None and not runtime.voice.flow.session.listening  # type: ignore[union-attr]
    finally:
        runtime.shutdown()
