from __future__ import annotations

import wave
from concurrent.futures import wait
from pathlib import Path

import numpy as np
import pytest

from banshi.voice.errors import EmptyPromptError, UnknownVoiceError
from banshi.voice.tts import DEFAULT_RATE, SpeechSynthesizer
from banshi.voice.tts_engine import EspeakCliBackend, Pyttsx3Backend


def _samples(path: Path) -> tuple[np.ndarray, int, float]:
    with wave.open(str(path), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
        rate, frames = wav.getframerate(), wav.readframes(wav.getnframes())
    samples = np.frombuffer(frames, dtype="<i2")
    return samples, rate, len(samples) / rate


@pytest.mark.parametrize(
    ("language", "text", "shortest", "longest"),
    [("zh_CN", "您好，请问您要办理什么业务？", 1.5, 8.0), ("en", "Hello, what would you like to do today?", 1.0, 6.0)],
)
def test_a_prompt_renders_to_a_mono_16_bit_wav_of_plausible_length_that_is_not_silent(
    speech: SpeechSynthesizer, language: str, text: str, shortest: float, longest: float
) -> None:
    samples, rate, seconds = _samples(speech.render(text, language))
    assert rate == 22050
    assert shortest < seconds < longest
    assert np.sqrt(np.mean(samples.astype(np.float64) ** 2)) > 500


def test_the_default_voice_backend_is_pyttsx3_at_a_slower_than_normal_rate(speech: SpeechSynthesizer) -> None:
    assert speech.backend_name == "pyttsx3"
    assert speech.rate == DEFAULT_RATE < 175


def test_a_slower_rate_gives_longer_speech(tmp_path: Path) -> None:
    fast = SpeechSynthesizer(tmp_path, rate=280).render("What would you like to do today at this office?", "en")
    slow = SpeechSynthesizer(tmp_path, rate=120).render("What would you like to do today at this office?", "en")
    assert _samples(slow)[2] > 1.8 * _samples(fast)[2]


def test_every_prompt_keeps_its_own_rate_however_prompts_alternate(tmp_path: Path) -> None:
    """Rate used to travel through espeak's command queue and now and then missed its prompt."""
    fast, slow = SpeechSynthesizer(tmp_path / "fast", rate=280), SpeechSynthesizer(tmp_path / "slow", rate=120)
    for turn in range(20):
        text = f"Please take ticket number {turn} to the second window."
        fast_seconds = _samples(fast.render(text, "en"))[2]
        assert _samples(slow.render(text, "en"))[2] > 1.8 * fast_seconds, f"turn {turn}"


@pytest.mark.parametrize("backend", [Pyttsx3Backend, EspeakCliBackend])
def test_a_control_character_in_the_text_cannot_change_how_it_is_spoken(tmp_path: Path, backend: type) -> None:
    speech = SpeechSynthesizer(tmp_path, rate=120, backend=backend())
    plain = _samples(speech.render("Your name is Wang 450 Sun.", "en"))[2]
    smuggled = _samples(speech.render("Your name is Wang \x01450S Sun.", "en"))[2]  # espeak's "speak at 450 wpm"
    assert smuggled > 0.8 * plain


def test_a_lower_volume_gives_quieter_speech(tmp_path: Path) -> None:
    loud = _samples(SpeechSynthesizer(tmp_path, volume=1.0).render("Good morning", "en"))[0]
    quiet = _samples(SpeechSynthesizer(tmp_path, volume=0.3).render("Good morning", "en"))[0]
    assert np.abs(quiet).max() < 0.6 * np.abs(loud).max()


def test_a_second_render_of_the_same_prompt_comes_from_the_cache(speech: SpeechSynthesizer) -> None:
    first = speech.render("请稍候", "zh_CN")
    modified = first.stat().st_mtime_ns
    assert speech.render("请稍候", "zh_CN") == first
    assert first.stat().st_mtime_ns == modified


def test_an_unknown_voice_is_reported_as_an_error_and_not_spoken_in_another_voice(tmp_path: Path) -> None:
    synthesizer = SpeechSynthesizer(tmp_path, voices={"en": "no-such-voice"})
    with pytest.raises(UnknownVoiceError, match="no-such-voice") as caught:
        synthesizer.render("Hello", "en")
    assert str(caught.value.user_message)
    assert not list((tmp_path / "prompts").glob("*.wav"))


def test_the_pyttsx3_error_event_for_a_bad_voice_becomes_an_unknown_voice_error(tmp_path: Path) -> None:
    backend = Pyttsx3Backend()
    # Bypass the up-front check to prove the engine's own error notification is not swallowed.
    with pytest.raises(UnknownVoiceError):
        backend._thread.submit(lambda: backend._render("Hello", "bogus", 140, 1.0, tmp_path / "x.wav")).result()


def test_empty_text_is_refused_loudly(speech: SpeechSynthesizer) -> None:
    with pytest.raises(EmptyPromptError):
        speech.render("   ", "en")


def test_personal_prompts_stay_out_of_the_cache_and_are_shredded_when_forgotten(tmp_path: Path) -> None:
    synthesizer = SpeechSynthesizer(tmp_path)
    path = synthesizer.render("您的手机号码是一三八", "zh_CN", personal=True)
    assert path.is_file() and tmp_path not in path.parents
    assert not list((tmp_path / "prompts").glob("*.wav"))
    assert synthesizer.forget_personal() == 1
    assert not path.exists() and not path.parent.exists()


def test_concurrent_renders_from_many_threads_all_complete(tmp_path: Path) -> None:
    synthesizer = SpeechSynthesizer(tmp_path)
    futures = [synthesizer.render_async(f"第{i}号", "zh_CN") for i in range(8)]
    done, _ = wait(futures, timeout=60)
    assert len({f.result() for f in done}) == 8
    assert all(_samples(f.result())[2] > 0.3 for f in done)


def test_the_espeak_cli_fallback_renders_behind_the_same_interface(tmp_path: Path) -> None:
    synthesizer = SpeechSynthesizer(tmp_path, backend=EspeakCliBackend())
    samples, _rate, seconds = _samples(synthesizer.render("请直接点屏幕", "zh_CN"))
    assert seconds > 0.5 and np.abs(samples).max() > 1000
    with pytest.raises(UnknownVoiceError):
        SpeechSynthesizer(tmp_path, backend=EspeakCliBackend(), voices={"en": "zz-nope"}).render("hi", "en")


def test_rate_and_volume_outside_their_ranges_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="rate"):
        SpeechSynthesizer(tmp_path, rate=10)
    with pytest.raises(ValueError, match="volume"):
        SpeechSynthesizer(tmp_path, volume=2.5)


def test_espeak_is_told_the_real_size_of_the_text_so_it_never_copies_past_its_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pyttsx3.drivers import _espeak

    sizes: list[tuple[int, int]] = []
    real = _espeak.cSynth

    def recording(text: bytes, size: int, *rest: object) -> object:
        sizes.append((len(text), size))
        return real(text, size, *rest)

    monkeypatch.setattr(_espeak, "cSynth", recording)  # records, then calls the real espeak
    text = "请拿好您的回执。Please keep your receipt."
    path = tmp_path / "receipt.wav"
    Pyttsx3Backend().render_to_file(text, "cmn-latn-pinyin", 140, 1.0, path)
    assert len(sizes) == 1 and sizes[0][0] >= len(text.encode("utf-8"))  # the text, after its rate and volume
    assert sizes[0][1] == sizes[0][0] + 1  # its bytes and the NUL after them, not ten times that
    assert _samples(path)[2] > 1.0
