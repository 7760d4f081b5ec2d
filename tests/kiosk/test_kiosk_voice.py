"""The kiosk reads every page aloud and acts on what it hears: real speech in, real recognition, a real page."""

from __future__ import annotations

import wave
from datetime import date
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from banshi.config import Settings, VoiceSettings
from banshi.i18n import translate
from banshi.kiosk.app import KioskRuntime, build_kiosk
from banshi.kiosk.demo import demo_settings
from banshi.kiosk.driver import KioskDriver
from banshi.kiosk.screens import answer_until, open_service
from banshi.kiosk.voice_flow import ATTRACT_PROMPT, CHECK_PROMPT, MENU_PROMPT
from banshi.services.schema import FieldType
from banshi.ui.microphone import WavReplaySource
from banshi.ui.speech_player import wav_duration
from banshi.voice.phonemes import problems_in
from banshi.voice.speakable import shown
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


# Heard as a citizen would: what the kiosk rendered, in which voice, and what it then played ------------
@dataclass(frozen=True)
class Heard:
    text: str
    language: str
    voice: str
    rate: int
    volume: float
    path: Path


@pytest.fixture
def heard(monkeypatch: pytest.MonkeyPatch) -> list[Heard]:
    """Every render of the real synthesizer (which still renders), noted with its voice and settings."""
    renders: list[Heard] = []
    real = SpeechSynthesizer.render

    def noting(self: SpeechSynthesizer, text: str, language: str | None = None, *, personal: bool = False,
               rate: int | None = None, volume: float | None = None) -> Path:
        path = real(self, text, language, personal=personal, rate=rate, volume=volume)
        renders.append(Heard(text, language or "", self.voice_for(language), rate or self.rate,
                             self.volume if volume is None else volume, path))
        return path

    monkeypatch.setattr(SpeechSynthesizer, "render", noting)
    return renders


@pytest.fixture
def kiosk(qtbot: object, settings: Settings, tmp_path: Path) -> Iterator[KioskRuntime]:
    runtime = build_kiosk(demo_settings(settings, tmp_path / "device", "http://127.0.0.1:9"), start_sync=False)
    runtime.window.resize(1920, 1080)
    runtime.window.show()
    yield runtime
    runtime.shutdown()


def _played(kiosk: KioskRuntime) -> list[Path]:
    played: list[Path] = []
    player = kiosk.voice.speaker.player  # type: ignore[union-attr]
    player.started.connect(lambda: played.append(player.current_path))
    return played


def _hears(driver: KioskDriver, heard: list[Heard], played: list[Path], wanted: Callable[[Heard], bool],
           what: str) -> Heard:
    """Wait until a render that ``wanted`` accepts has been played; returns it."""
    def found() -> Heard | None:
        return next((h for h in reversed(heard) if wanted(h) and h.path in played), None)

    driver.wait_for(lambda: found() is not None, timeout_s=30, what=what)
    return found()  # type: ignore[return-value]


def _no_phoneme_problems(kiosk: KioskRuntime, said: list[Heard]) -> list[str]:
    synthesizer = kiosk.voice.synthesizer  # type: ignore[union-attr]
    problems = []
    for h in said:
        phonemes = synthesizer.phonemes([h.text], h.language)[0]
        tonal = h.language == "zh_CN"
        problems += [f"{h.text!r}: {p}" for p in problems_in(phonemes, tonal=tonal)]
    return problems


def test_every_page_says_what_it_shows_in_the_language_on_screen_and_again_after_a_switch(
    kiosk: KioskRuntime, heard: list[Heard]
) -> None:
    driver, played = KioskDriver(kiosk.window), _played(kiosk)
    said = [_hears(driver, heard, played, lambda h: h.text == translate(ATTRACT_PROMPT.message, "zh_CN"),
                   "the attract prompt in Mandarin")]
    driver.tap("kiosk-language")
    said.append(_hears(driver, heard, played, lambda h: h.text == ATTRACT_PROMPT.message and h.language == "en",
                       "the attract prompt again, in English"))
    driver.tap("kiosk-language")
    driver.tap("attract-start")
    said.append(_hears(driver, heard, played, lambda h: h.text == translate(MENU_PROMPT.message, "zh_CN"),
                       "the menu prompt"))
    driver.tap("service-counter_appointment")
    question = kiosk.window.session.page.question  # type: ignore[union-attr]
    said.append(_hears(driver, heard, played, lambda h: h.text == question.prompt.zh_CN, "the first question"))
    assert kiosk.window.question.title.plain_text() == question.prompt.zh_CN  # the question is the heading, in 中文 too
    assert {h.voice for h in said} == {"cmn-latn-pinyin", "en-us"}
    assert all((h.language == "en") == (h.voice == "en-us") for h in said)
    assert _no_phoneme_problems(kiosk, said) == []


def test_a_cantonese_hall_hears_cantonese_while_the_screen_stays_chinese(
    qtbot: object, settings: Settings, tmp_path: Path, heard: list[Heard]
) -> None:
    base = demo_settings(settings, tmp_path / "device", "http://127.0.0.1:9")
    voice = VoiceSettings(**{**base.voice.model_dump(), "chinese_speech": "yue"})
    runtime = build_kiosk(base.model_copy(update={"voice": voice}), start_sync=False)
    try:
        runtime.window.show()
        driver, played = KioskDriver(runtime.window), _played(runtime)
        driver.tap("attract-start")
        menu = _hears(driver, heard, played, lambda h: h.text == translate(MENU_PROMPT.message, "zh_CN"), "the menu")
        assert menu.voice == "yue-latn-jyutping" and runtime.window.menu.title.plain_text() == "请选择您要办理的事项"
        assert _no_phoneme_problems(runtime, [menu]) == []
    finally:
        runtime.shutdown()


def test_slower_and_louder_say_the_prompt_again_at_once_and_the_next_citizen_starts_from_normal(
    kiosk: KioskRuntime, heard: list[Heard]
) -> None:
    driver, played = KioskDriver(kiosk.window), _played(kiosk)
    prompt = translate(ATTRACT_PROMPT.message, "zh_CN")
    normal = _hears(driver, heard, played, lambda h: h.text == prompt, "the attract prompt")
    driver.tap("speech-hard-to-hear")
    assert kiosk.voice.panel.isVisible()  # type: ignore[union-attr]
    driver.tap("speech-slower")
    slower = _hears(driver, heard, played, lambda h: h.text == prompt and h.rate < normal.rate, "it again, slower")
    assert wav_duration(slower.path) > 1.1 * wav_duration(normal.path)
    driver.tap("speech-louder")
    louder = _hears(driver, heard, played, lambda h: h.text == prompt and h.volume > 1.0, "it again, louder")
    assert _rms(louder.path) > 1.2 * _rms(slower.path) and louder.rate == slower.rate
    driver.tap("speech-close")
    driver.tap("attract-start")
    menu = translate(MENU_PROMPT.message, "zh_CN")
    assert _hears(driver, heard, played, lambda h: h.text == menu, "the menu").rate == slower.rate  # still theirs
    driver.tap("menu-back")  # this citizen is done: the kiosk forgets them
    again = _hears(driver, heard, played, lambda h: h.text == prompt and h is not normal and h.rate == normal.rate,
                   "the attract prompt for the next citizen")
    assert (again.rate, again.volume) == (normal.rate, normal.volume) and not kiosk.voice.panel.isVisible()  # type: ignore[union-attr]


def test_what_the_citizen_taps_on_the_keypad_is_read_back_in_the_groups_of_a_phone_number(
    kiosk: KioskRuntime, heard: list[Heard]
) -> None:
    driver, played = KioskDriver(kiosk.window), _played(kiosk)
    open_service(kiosk, "counter_appointment")
    answer_until(kiosk, driver, FieldType.PHONE)
    for digit in "13800138000":
        driver.tap(f"keypad-{digit}")
    back = _hears(driver, heard, played, lambda h: shown(h.text).replace(" ", "") == "13800138000",
                  "the number read back")  # shown 138 0013 8000 as typed
    assert kiosk.voice.synthesizer.spoken_text(back.text, "zh_CN") == "幺 三 八，零 零 幺 三，八 零 零 零"  # type: ignore[union-attr]
    assert kiosk.voice.synthesizer._prompts not in back.path.parents  # type: ignore[union-attr] # never cached


def test_a_refused_answer_is_said_as_well_as_shown(kiosk: KioskRuntime, heard: list[Heard]) -> None:
    driver, played = KioskDriver(kiosk.window), _played(kiosk)
    open_service(kiosk, "counter_appointment")
    answer_until(kiosk, driver, FieldType.PHONE)
    driver.tap("question-next")  # nothing typed: a kind error
    error = kiosk.window.question.error.plain_text()
    assert error and _hears(driver, heard, played, lambda h: h.text == error, "the error").language == "zh_CN"


def _rms(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        samples = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(np.float64)
    return float(np.sqrt(np.mean(samples**2)))


def test_the_check_page_reads_the_answers_masked_and_the_confirmation_reads_the_reference_in_groups(
    kiosk: KioskRuntime, heard: list[Heard]
) -> None:
    driver, played = KioskDriver(kiosk.window), _played(kiosk)
    driver.walk_service("counter_appointment", date.today())
    rows = kiosk.window.session.summary_rows()  # type: ignore[union-attr]
    check = _hears(driver, heard, played, lambda h: h.text.endswith(translate(CHECK_PROMPT.message, "zh_CN")),
                   "the answers read out")
    assert all(row.question.label.zh_CN in check.text for row in rows)
    phone = next(row.value for row in rows if row.question.type is FieldType.PHONE)
    assert phone not in check.text and phone[-4:] in check.text  # masked, as on screen
    driver.tap("check-submit")
    reference = kiosk.window.confirmation.reference
    driver.wait_for(lambda: bool(reference.plain_text()), what="the confirmation")
    saved = _hears(driver, heard, played, lambda h: reference.plain_text() in shown(h.text), "the reference")
    groups = kiosk.voice.synthesizer.spoken_text(saved.text, "zh_CN")  # type: ignore[union-attr]
    assert groups.count("，") >= 2 and "B S" in groups
    assert _no_phoneme_problems(kiosk, [check, saved]) == []
