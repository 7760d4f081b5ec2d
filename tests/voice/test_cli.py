from __future__ import annotations

import json
import wave
from pathlib import Path

from typer.testing import CliRunner

from banshi.voice.cli import app

runner = CliRunner()


def test_say_writes_a_wav(tmp_path: Path) -> None:
    result = runner.invoke(app, ["voice", "say", "您好", "--language", "zh_CN", "--out", str(tmp_path / "a.wav")])
    assert result.exit_code == 0, result.output
    with wave.open(str(tmp_path / "a.wav")) as wav:
        assert wav.getnframes() > 5000


def test_grammar_prints_the_phrase_list_as_json() -> None:
    result = runner.invoke(app, ["voice", "grammar", "--language", "en"])
    assert result.exit_code == 0 and "say it again" in json.loads(result.output)


def test_recognize_refuses_a_model_that_knows_none_of_the_languages_words(ko_model: Path, speech) -> None:  # noqa: ANN001
    wav = speech.render("예", "ko")
    result = runner.invoke(app, ["voice", "recognize", str(wav), "--language", "en", "--model", str(ko_model)])
    assert result.exit_code == 1 and "wrong language" in result.output


def test_recognize_without_a_model_fails_with_advice(monkeypatch, tmp_path: Path) -> None:  # noqa: ANN001
    monkeypatch.delenv("VOSK_MODEL", raising=False)
    result = runner.invoke(app, ["voice", "recognize", str(tmp_path / "x.wav"), "--model", str(tmp_path)])
    assert result.exit_code == 1 and "install-model" in result.output


def test_install_model_refuses_a_wrong_checksum(tmp_path: Path) -> None:
    (tmp_path / "m.zip").write_bytes(b"PK")
    result = runner.invoke(app, ["voice", "install-model", str(tmp_path / "m.zip"), "--sha256", "ab" * 32,
                                 "--dest", str(tmp_path / "models")])
    assert result.exit_code == 1 and "Checksum mismatch" in result.output


def test_check_says_every_spoken_string_and_finds_nothing_wrong_in_what_ships() -> None:
    result = runner.invoke(app, ["voice", "check", "--chinese", "yue"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(", 0 findings")


def test_check_reports_a_broken_service_folder_in_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["voice", "check", "--services", str(tmp_path / "none")])
    assert result.exit_code == 1 and result.output.count("\n") == 1 and "does not exist" in result.output


def test_say_speaks_cantonese_when_asked(tmp_path: Path) -> None:
    out = tmp_path / "yue.wav"
    assert runner.invoke(app, ["voice", "say", "您好", "--chinese", "yue", "--out", str(out)]).exit_code == 0
    with wave.open(str(out)) as wav:
        assert wav.getnframes() > 5000
