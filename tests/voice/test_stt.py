from __future__ import annotations

import hashlib
import io
import logging
import tarfile
import wave
import zipfile
from pathlib import Path

import numpy as np
import pytest

from banshi.voice.audio import WavFileSource
from banshi.voice.errors import AudioFormatError, ModelInstallError, ModelMissing
from banshi.voice.intents import IntentSet, load_intents
from banshi.voice.models import find_model, install_model, missing_words, model_vocabulary, require_model
from banshi.voice.stt import Recognizer, recognize
from banshi.voice.tts import SpeechSynthesizer

KOREAN = IntentSet.from_yaml(Path(__file__).with_name("ko.yaml"))


@pytest.fixture(scope="module")
def ko_recognizer(ko_model: Path) -> Recognizer:
    return Recognizer(ko_model, KOREAN.grammar())


def _hear(speech: SpeechSynthesizer, recognizer: Recognizer, korean: str) -> str:
    recognizer.reset()
    return recognize(WavFileSource(speech.render(korean, "ko")), recognizer).text


@pytest.mark.parametrize(("spoken", "intent"), [("예", "yes"), ("아니요", "no"), ("취소", "back"), ("좋아요", "yes"), ("종료", "finish")])
def test_korean_speech_through_vosk_with_a_grammar_comes_back_as_the_intent(
    speech: SpeechSynthesizer, ko_recognizer: Recognizer, spoken: str, intent: str
) -> None:
    text = _hear(speech, ko_recognizer, spoken)
    assert text == spoken
    assert KOREAN.match(text).name == intent


@pytest.mark.parametrize("sentence", ["오늘 날씨가 정말 좋네요", "컴퓨터 프로그램을 설치합니다"])
def test_out_of_grammar_korean_speech_is_not_understood(
    speech: SpeechSynthesizer, ko_recognizer: Recognizer, sentence: str
) -> None:
    assert not KOREAN.match(_hear(speech, ko_recognizer, sentence)).understood


def test_every_word_of_the_korean_grammar_is_in_the_model_vocabulary(ko_model: Path) -> None:
    assert missing_words(ko_model, KOREAN.grammar()) == []


def test_words_missing_from_the_vocabulary_are_reported_and_kept_out_of_the_recogniser(ko_model: Path) -> None:
    assert missing_words(ko_model, ["예", "yes please", "[unk]"]) == ["please", "yes"]
    assert Recognizer(ko_model, ["예", "yes please"]).grammar == ["예"]


def test_the_model_vocabulary_is_read_from_the_fst_symbol_table_when_words_txt_is_absent(ko_model: Path) -> None:
    assert not (ko_model / "graph" / "words.txt").exists()
    assert {"예", "아니요", "안녕하세요"} <= model_vocabulary(ko_model)


def test_the_mandarin_grammar_segments_service_names_into_vocabulary_words() -> None:
    vocabulary = frozenset({"我", "要", "办", "养老", "认证"})
    phrases = load_intents("zh_CN").grammar({"pension": ["养老认证"]}, vocabulary=vocabulary)
    assert "我 要 办 养老 认证" in phrases


def test_a_wav_at_another_rate_and_in_stereo_becomes_16k_mono_chunks(tmp_path: Path) -> None:
    path = tmp_path / "stereo.wav"
    tone = (np.sin(np.arange(44100) * 2 * np.pi * 440 / 44100) * 10000).astype("<i2")
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(2), wav.setsampwidth(2), wav.setframerate(44100)
        wav.writeframes(np.repeat(tone, 2).tobytes())
    chunks = list(WavFileSource(path, chunk_ms=100).chunks())
    assert len(chunks) == 10 and all(len(c) == 3200 for c in chunks)
    assert np.abs(np.frombuffer(b"".join(chunks), "<i2")).max() > 9000


def test_a_file_that_is_not_a_wav_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.wav").write_bytes(b"not audio at all")
    with pytest.raises(AudioFormatError):
        list(WavFileSource(tmp_path / "x.wav").chunks())


def test_the_model_is_found_from_the_setting_then_from_vosk_model(
    ko_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VOSK_MODEL", raising=False)
    assert find_model(None) is None
    assert find_model(ko_model) == ko_model
    monkeypatch.setenv("VOSK_MODEL", str(ko_model))
    assert find_model(tmp_path) == ko_model


def test_without_a_model_voice_fails_gracefully_and_logs_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    import banshi.voice.models as models

    monkeypatch.delenv("VOSK_MODEL", raising=False)
    monkeypatch.setattr(models, "_logged_missing", False)
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            with pytest.raises(ModelMissing) as caught:
                require_model(tmp_path / "nothing")
    assert len([r for r in caplog.records if "No vosk model" in r.message]) == 1
    assert "touch" in caught.value.user_message.render("en") and "触摸" in str(caught.value.user_message)


def _fake_model(root: Path) -> Path:
    (root / "am").mkdir(parents=True)
    (root / "am" / "final.mdl").write_bytes(b"model")
    (root / "conf").mkdir()
    (root / "graph").mkdir()
    (root / "graph" / "words.txt").write_text("<eps> 0\n예 1\n", "utf-8")
    return root


def _zip_of(folder: Path, target: Path) -> str:
    with zipfile.ZipFile(target, "w") as archive:
        for file in folder.rglob("*"):
            archive.write(file, Path("vosk-model-tiny") / file.relative_to(folder))
    return hashlib.sha256(target.read_bytes()).hexdigest()


def test_a_model_archive_is_installed_from_a_file_url_after_its_checksum_matches(tmp_path: Path) -> None:
    archive = tmp_path / "model.zip"
    digest = _zip_of(_fake_model(tmp_path / "src"), archive)
    installed = install_model(archive.as_uri(), digest, tmp_path / "models")
    assert installed == tmp_path / "models" / "vosk-model-tiny"
    assert find_model(installed) == installed and model_vocabulary(installed) == {"<eps>", "예"}


def test_a_model_whose_checksum_differs_is_refused_and_nothing_is_installed(tmp_path: Path) -> None:
    archive = tmp_path / "model.zip"
    _zip_of(_fake_model(tmp_path / "src"), archive)
    with pytest.raises(ModelInstallError, match="Checksum mismatch"):
        install_model(str(archive), "0" * 64, tmp_path / "models")
    assert not (tmp_path / "models").exists()


def test_a_tar_archive_installs_too(tmp_path: Path) -> None:
    source = _fake_model(tmp_path / "src")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        archive.add(source, arcname="tiny")
    (tmp_path / "m.tgz").write_bytes(buffer.getvalue())
    digest = hashlib.sha256(buffer.getvalue()).hexdigest()
    assert install_model(str(tmp_path / "m.tgz"), digest, tmp_path / "models").name == "tiny"
