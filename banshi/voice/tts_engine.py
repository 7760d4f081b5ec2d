"""Speech engines behind one small interface; pyttsx3 is the primary one, the espeak-ng CLI the fallback.

pyttsx3 2.99 on Linux has sharp edges this module exists to contain:
- espeak-ng state is per process and pyttsx3 engine state per thread, so every pyttsx3 call runs on
  one owned thread (``EngineThread``) and results come back through futures;
- ``runAndWait()`` returns while espeak is still synthesising (its retrieval mode is asynchronous), so
  we wait for the finished-utterance event and then for the WAV header and size to be final;
- a bad voice id only produces an "error" notification and then speaks in the old voice, so voices are
  checked against the installed list up front and error notifications are turned into exceptions;
- ``say()`` after ``save_to_file()`` writes into the old file, so this module never calls ``say()``.
- it tells espeak the text is ten times longer than it is, and asynchronous espeak copies that much
  (``pass_true_text_size``);
- ``pyttsx3.init()`` caches engines only weakly, so a fresh engine (which resets espeak's voice and rate)
  was built for every prompt, and the finished-utterance event fires before the driver leaves its busy
  state, so the next prompt's settings could be applied from espeak's callback thread; together with
  espeak applying voice changes at once but rate and volume through its command queue, now and then a
  prompt came out at the wrong rate or empty. One engine is kept for the process, rate and volume travel
  inside the text (``_with_settings``) and a render returns only once the driver is idle.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import logging
import queue
import shutil
import struct
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Protocol, TypeVar

from banshi.voice.errors import SynthesisFailed, UnknownVoiceError
from banshi.voice.phonemes import cli_phonemes, library_phonemes
from banshi.voice.speakable import without_controls

log = logging.getLogger(__name__)
T = TypeVar("T")
RENDER_TIMEOUT_S = 15.0
EMBEDDED_COMMAND = "\x01"  # espeak reads "\x01<number><letter>" in text as a setting, not as speech


class TtsBackend(Protocol):
    name: str

    def voice_ids(self) -> frozenset[str]: ...

    def render_to_file(self, text: str, voice: str, rate: int, volume: float, path: Path) -> None: ...

    def phonemes(self, texts: Sequence[str], voice: str) -> list[str]: ...


class EngineThread:
    """One daemon thread that owns a thread-bound resource and runs submitted calls in order."""

    def __init__(self, name: str) -> None:
        self._jobs: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]]] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, call: Callable[[], T]) -> Future[T]:
        future: Future[T] = Future()
        self._jobs.put((call, future))
        return future

    def is_current(self) -> bool:
        return threading.current_thread() is self._thread

    def _run(self) -> None:
        while True:
            call, future = self._jobs.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(call())
            except BaseException as error:  # handed to the caller, who decides
                future.set_exception(error)


_shared_lock = threading.Lock()
_shared_thread: EngineThread | None = None
_engine_instance: Any = None


def pyttsx3_thread() -> EngineThread:
    """The process-wide pyttsx3 thread: espeak-ng can be initialised only once per process."""
    global _shared_thread
    with _shared_lock:
        if _shared_thread is None:
            _shared_thread = EngineThread("banshi-pyttsx3")
        return _shared_thread


def wait_for_complete_wav(path: Path, timeout: float = RENDER_TIMEOUT_S) -> None:
    """Return once ``path`` is a WAV whose header sizes match the file and whose size stopped changing."""
    deadline = time.monotonic() + timeout
    last_size = -1
    while time.monotonic() < deadline:
        size = _complete_wav_size(path)
        if size is not None and size == last_size:
            return
        last_size = size if size is not None else -1
        time.sleep(0.002)
    raise SynthesisFailed(f"Speech engine did not finish writing {path} within {timeout:.0f} s.")


def _complete_wav_size(path: Path) -> int | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    if len(data) < 44 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return None
    if struct.unpack_from("<I", data, 4)[0] != len(data) - 8:
        return None
    return len(data) if _data_chunk_is_complete(data) else None


def _data_chunk_is_complete(data: bytes) -> bool:
    offset = 12
    while offset + 8 <= len(data):
        chunk_id, chunk_size = data[offset : offset + 4], struct.unpack_from("<I", data, offset + 4)[0]
        if chunk_id == b"data":
            return offset + 8 + chunk_size == len(data)
        offset += 8 + chunk_size + (chunk_size & 1)
    return False


def _short_ids(ids: list[str]) -> frozenset[str]:
    """pyttsx3 lists ``sit/cmn``; espeak also accepts the bare ``cmn``, in any case (``yue-Latn-jyutping``
    is listed by the command line, ``yue-latn-jyutping`` by pyttsx3): every spelling is valid."""
    spellings = set(ids) | {i.rsplit("/", 1)[-1] for i in ids}
    return frozenset(spellings | {spelling.lower() for spelling in spellings})


class Pyttsx3Backend:
    """Renders with pyttsx3's espeak driver, every call on the shared engine thread."""

    name = "pyttsx3"

    def __init__(self, timeout: float = RENDER_TIMEOUT_S) -> None:
        self._thread = pyttsx3_thread()
        self._timeout = timeout
        self._voices: frozenset[str] | None = None

    def voice_ids(self) -> frozenset[str]:
        if self._voices is None:
            # Called from the engine thread itself, submitting would wait for ourselves forever.
            self._voices = (self._list_voices() if self._thread.is_current()
                            else self._thread.submit(self._list_voices).result(self._timeout))
        return self._voices

    def render_to_file(self, text: str, voice: str, rate: int, volume: float, path: Path) -> None:
        if voice not in self.voice_ids():
            raise UnknownVoiceError(voice, list(self.voice_ids()))
        job = self._thread.submit(lambda: self._render(text, voice, rate, volume, path))
        job.result(self._timeout * 2)

    def phonemes(self, texts: Sequence[str], voice: str) -> list[str]:
        """What espeak will say for each text, asked of the library on the thread that owns it."""
        if voice not in self.voice_ids():
            raise UnknownVoiceError(voice, list(self.voice_ids()))
        self._engine_ready()
        return self._thread.submit(lambda: library_phonemes(texts, voice)).result(self._timeout * 2)

    def _engine_ready(self) -> None:
        self._thread.submit(self._engine).result(self._timeout)

    @staticmethod
    def _engine() -> Any:
        global _engine_instance
        if _engine_instance is None:
            import pyttsx3

            pass_true_text_size()
            # Only the engine thread gets here; pyttsx3's own cache is weak, this reference keeps it alive.
            _engine_instance = pyttsx3.init("espeak")
            # Let it go while modules still exist: at interpreter teardown its __del__ finds them gone.
            atexit.register(_forget_engine)
        return _engine_instance

    def _list_voices(self) -> frozenset[str]:
        return _short_ids([voice.id for voice in self._engine().getProperty("voices")])

    def _render(self, text: str, voice: str, rate: int, volume: float, path: Path) -> None:
        engine = self._engine()
        finished, errors = threading.Event(), []
        tokens = [
            engine.connect("finished-utterance", lambda name, completed: completed and finished.set()),
            engine.connect("error", lambda name, exception: errors.append(exception)),
        ]
        try:
            engine.save_to_file(self._with_settings(engine, text, voice, rate, volume), str(path))
            # The espeak driver prints "Audio saved to ..." on stdout; a CLI's output must stay clean.
            with contextlib.redirect_stdout(io.StringIO()):
                engine.runAndWait()
                finished_in_time = finished.wait(self._timeout)
        finally:
            for token in tokens:
                engine.disconnect(token)
        self._raise_for(errors, voice, finished_in_time, path)
        wait_for_complete_wav(path, self._timeout)
        self._wait_until_idle(engine)

    @staticmethod
    def _with_settings(engine: Any, text: str, voice: str, rate: int, volume: float) -> str:
        """Choose the voice now and carry rate and volume inside the text itself.

        espeak changes voice at once but queues rate and volume parameters behind whatever its command
        thread is still doing, and pyttsx3 can apply them from espeak's callback thread: set that way, a
        prompt now and then came out at another prompt's rate. espeak's embedded commands (``\\x01<n>S``
        speed in words per minute, ``\\x01<n>A`` amplitude) are read in order with the text they precede.
        ``Synchronize`` returns at once when espeak is idle, as it is between prompts.
        """
        from pyttsx3.drivers import _espeak

        _espeak.Synchronize()
        engine.setProperty("voice", voice)
        return f"{EMBEDDED_COMMAND}{rate}S{EMBEDDED_COMMAND}{round(volume * 100)}A{without_controls(text)}"

    def _wait_until_idle(self, engine: Any) -> None:
        """The driver leaves its busy state just after announcing the end of the utterance."""
        deadline = time.monotonic() + self._timeout
        while engine.proxy.isBusy():
            if time.monotonic() > deadline:
                raise SynthesisFailed("pyttsx3 stayed busy after finishing an utterance.")
            time.sleep(0.001)

    def _raise_for(self, errors: list[Exception], voice: str, finished: bool, path: Path) -> None:
        if any("SetVoiceByName" in str(error) for error in errors):
            raise UnknownVoiceError(voice, list(self.voice_ids()))
        if errors:
            raise SynthesisFailed(f"pyttsx3 reported an error while rendering {path}: {errors[0]!r}")
        if not finished:
            raise SynthesisFailed(f"pyttsx3 never finished the utterance for {path}; is espeak-ng installed?")


def _forget_engine() -> None:
    global _engine_instance
    _engine_instance = None


def pass_true_text_size() -> None:
    """Make pyttsx3 tell espeak the real size of the text it hands over.

    pyttsx3 2.99 passes ``len(text) * 10`` as the buffer size to ``espeak_Synth``. In the retrieval
    mode it initialises espeak in, espeak is asynchronous and copies ``size`` bytes of the caller's
    buffer (``create_espeak_text``: ``memcpy(a_text, text, size)``), so it reads nine times the text's
    length past the end of Python's bytes object. Usually that memory is mapped and the copy is only
    garbage after the NUL; now and then it is not, and the process dies with SIGSEGV in ``Synth``
    (seen once in a full test run). The real size counts the NUL CPython keeps after every bytes
    object.
    """
    from pyttsx3.drivers import _espeak

    if getattr(_espeak.Synth, "passes_true_size", False):
        return

    def synth(text: str | bytes, position: int = 0, position_type: int = _espeak.POS_CHARACTER,
              end_position: int = 0, flags: int = 0, user_data: Any = None) -> Any:
        data = text.encode("utf-8") if isinstance(text, str) else text
        return _espeak.cSynth(data, len(data) + 1, position, position_type, end_position, flags, None, user_data)

    synth.passes_true_size = True  # type: ignore[attr-defined]
    _espeak.Synth = synth


class EspeakCliBackend:
    """The fallback: the espeak-ng command line, same voices, same rate and volume scales."""

    name = "espeak-ng-cli"

    def __init__(self, executable: str = "espeak-ng", timeout: float = RENDER_TIMEOUT_S) -> None:
        found = shutil.which(executable)
        if found is None:
            raise SynthesisFailed(f"{executable} is not on PATH; install the espeak-ng package.")
        self._exe, self._timeout = found, timeout
        self._voices: frozenset[str] | None = None

    def voice_ids(self) -> frozenset[str]:
        if self._voices is None:
            listing = subprocess.run([self._exe, "--voices"], capture_output=True, text=True, check=True)
            ids = [line.split()[4] for line in listing.stdout.splitlines()[1:] if len(line.split()) > 4]
            self._voices = _short_ids(ids) | frozenset(line.split()[1] for line in listing.stdout.splitlines()[1:])
        return self._voices

    def render_to_file(self, text: str, voice: str, rate: int, volume: float, path: Path) -> None:
        if voice not in self.voice_ids():
            raise UnknownVoiceError(voice, list(self.voice_ids()))
        command = [self._exe, "-v", voice, "-s", str(rate), "-a", str(round(volume * 100)), "-w", str(path), "--stdin"]
        done = subprocess.run(command, input=without_controls(text), text=True, capture_output=True, timeout=self._timeout)
        if done.returncode != 0:
            raise SynthesisFailed(f"espeak-ng failed ({done.returncode}) rendering {path}: {done.stderr.strip()}")
        wait_for_complete_wav(path, self._timeout)

    def phonemes(self, texts: Sequence[str], voice: str) -> list[str]:
        if voice not in self.voice_ids():
            raise UnknownVoiceError(voice, list(self.voice_ids()))
        return cli_phonemes(self._exe, texts, voice, self._timeout)


def default_backend() -> TtsBackend:
    """pyttsx3 when it initialises; otherwise the espeak-ng CLI (logged, so operators know)."""
    backend = Pyttsx3Backend()
    try:
        backend.voice_ids()
    except (RuntimeError, OSError) as error:
        log.warning("pyttsx3 is unusable (%s); falling back to the espeak-ng command line.", error)
        return EspeakCliBackend()
    return backend
