"""Every shipped spoken string, heard through the real engine: espeak-ng's own phonemes say which language it
speaks, and a known sentence's WAV lasts as long as its Mandarin (or Cantonese) rendering, not the English
spelling Debian 12's ``cmn`` voice gives it."""

from __future__ import annotations

import subprocess
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from banshi.voice import shipped
from banshi.voice.phonemes import Problem
from banshi.voice.speakable import SpeechLanguage
from banshi.voice.tts import SPEECH_VOICES, SpeechSynthesizer, voices_for

KNOWN_SENTENCE = "请把二维码对准摄像头，带好ＰＩＮ码和身份证110101199003071234，费用3.5元。"
RATE = 140


@pytest.fixture(scope="module", params=list(SpeechLanguage), ids=str)
def voice(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[tuple[SpeechSynthesizer, str]]:
    """The kiosk's synthesizer as a deployment sets it up, with the screen language it speaks for."""
    speech: SpeechLanguage = request.param
    chinese = speech if speech is not SpeechLanguage.ENGLISH else SpeechLanguage.MANDARIN
    synthesizer = SpeechSynthesizer(tmp_path_factory.mktemp(f"tts-{speech}"), voices=voices_for(chinese))
    yield synthesizer, "en" if speech is SpeechLanguage.ENGLISH else "zh_CN"
    synthesizer.close()


def test_no_shipped_spoken_string_switches_language_or_spells_a_tone(voice: tuple[SpeechSynthesizer, str]) -> None:
    synthesizer, language = voice
    texts = shipped.spoken_strings(language)
    findings = shipped.check(texts, synthesizer, language)
    assert findings == [], "\n".join(str(finding) for finding in findings)


def test_the_check_hears_what_debian_s_cmn_voice_does_to_mandarin(tmp_path: Path) -> None:
    """The same check over the same strings fails with the voice the kiosk used to have."""
    old = SpeechSynthesizer(tmp_path, voices={"zh_CN": "cmn", "en": "en-us"})
    findings = shipped.check(shipped.spoken_strings("zh_CN"), old, "zh_CN")
    switched = {finding.text for finding in findings if finding.problem is Problem.LANGUAGE_SWITCH}
    assert "开始办理" in switched and len(switched) > 300


def test_the_check_covers_catalogs_every_service_text_and_values_read_back() -> None:
    texts = set(shipped.spoken_strings("zh_CN"))
    assert "再说一遍" in texts  # a catalog message
    assert "请写出参保人的姓名。" in texts and "养老保险" in texts  # a service prompt and a choice
    assert any(text.startswith("记录单3个工作日内准备好") for text in texts)  # a service's next steps
    assert any("BS-7K3M-9QXD" in text for text in texts)  # a reference, formatted into its message


def test_every_message_is_checked_with_its_fields_filled_by_a_value_of_their_kind() -> None:
    messages = shipped.catalog_messages("zh_CN")
    assert "您的办件编号：\ue000reference\ue001BS-7K3M-9QXD\ue002" in messages
    assert not any("{" in message for message in messages)


def _seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


def _espeak_cli_seconds(voice: str, text: str, folder: Path) -> float:
    out = folder / "cli.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(RATE), "-w", str(out), "--stdin"], input=text, text=True,
                   check=True)
    return _seconds(out)


@pytest.mark.parametrize("speech", [SpeechLanguage.MANDARIN, SpeechLanguage.CANTONESE], ids=str)
def test_a_known_sentence_lasts_as_long_as_its_chinese_rendering_not_the_english_spelling(
    speech: SpeechLanguage, tmp_path: Path
) -> None:
    synthesizer = SpeechSynthesizer(tmp_path, rate=RATE, voices=voices_for(speech))
    seconds = _seconds(synthesizer.render(KNOWN_SENTENCE, "zh_CN"))
    right = _espeak_cli_seconds(SPEECH_VOICES[speech], synthesizer.spoken_text(KNOWN_SENTENCE, "zh_CN"), tmp_path)
    spelled = _espeak_cli_seconds("cmn", KNOWN_SENTENCE, tmp_path)  # "qing-three ba-three ..." in English
    assert abs(seconds - right) < 0.04 * right
    assert abs(spelled - right) > 0.12 * right  # the band tells them apart
    if speech is SpeechLanguage.MANDARIN:  # said as written: "pin", one huge number, "san wu"
        assert abs(_espeak_cli_seconds(SPEECH_VOICES[speech], KNOWN_SENTENCE, tmp_path) - right) > 0.1 * right


@pytest.mark.parametrize(("speech", "unknown"), [(SpeechLanguage.MANDARIN, "丆"), (SpeechLanguage.CANTONESE, "钎")],
                         ids=str)
def test_a_character_the_voice_has_no_entry_for_is_a_pause_not_a_stray_sound(
    speech: SpeechLanguage, unknown: str, tmp_path: Path
) -> None:
    """Mandarin says a vague "er" for 丆, Cantonese the English word "letter" for 钎 (common: 钎焊)."""
    synthesizer = SpeechSynthesizer(tmp_path, voices=voices_for(speech))
    assert synthesizer.spoken_text(f"{unknown}焊", "zh_CN") == "，焊"
    assert shipped.check([f"请拿{unknown}子"], synthesizer, "zh_CN") == []
