"""The camera and the decoder in their own process, so decoding never holds the GUI's interpreter lock.

zxing-cpp and the multi-pass pipeline hold Python's GIL while they decode; in a thread of the
app process that would stall the GUI for tens of milliseconds per frame. The child process reads
frames, decodes them, applies the stability filter and sends back only small preview pictures and
stable payloads. Verification (cheap, and needing the trust list) stays in the app process.

One ``CameraService`` per app: only one screen scans at a time, so ``activate(listener)`` routes
events to whoever scans now. Qt-free; the ui layer relays the callbacks to the GUI thread.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from banshi.identity.camera_messages import (
    CameraCommand, Idle, Payload, Preview, Quit, Scan, ScanError, describe,
)

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

PREVIEW_SIZE = (640, 360)


@dataclass
class CameraListener:
    on_payload: Callable[[str], None]
    on_preview: Callable[[np.ndarray], None] | None = None
    on_error: Callable[[str], None] | None = None


class CameraService:
    """A long-lived child process that scans while some listener is active."""

    def __init__(self, decoder: str = "zxing", stable_frames: int = 2, max_fps: float = 15.0) -> None:
        self._config = (decoder, stable_frames, max_fps)
        self._listener: CameraListener | None = None
        self._lock = threading.Lock()
        self._process: mp.process.BaseProcess | None = None
        self._commands: Connection | None = None
        self._reader: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def activate(self, listener: CameraListener, camera: str) -> None:
        """Scan ``camera`` (an index, a device path or a video file) for ``listener``, replacing any other.

        Starts the child process on first use; switching camera or listener takes effect at once.
        """
        with self._lock:
            self._listener = listener
        self._ensure_process()
        self._send(Scan(camera))

    def deactivate(self, listener: CameraListener) -> None:
        with self._lock:
            if self._listener is not listener:
                return
            self._listener = None
        if self.running:
            self._send(Idle())

    def close(self, timeout: float = 5.0) -> None:
        process = self._process
        if process is None:
            return
        self._send(Quit())
        process.join(timeout)
        if process.is_alive():
            process.kill()
            process.join(timeout)
        if self._reader is not None:
            self._reader.join(timeout)
        self._process = None

    def _ensure_process(self) -> None:
        if self.running:
            return
        context = mp.get_context("spawn")  # never fork a process that has Qt threads
        parent_commands, child_commands = context.Pipe()
        child_events, parent_events = context.Pipe(duplex=False)
        self._process = context.Process(target=camera_process_main, name="banshi-camera", daemon=True,
                                        args=(child_commands, parent_events, *self._config))
        self._process.start()
        child_commands.close()
        parent_events.close()
        self._commands = parent_commands
        self._reader = threading.Thread(target=self._read_events, args=(child_events,), name="banshi-camera-events",
                                        daemon=True)
        self._reader.start()

    def _send(self, message: CameraCommand) -> None:
        try:
            if self._commands is not None:
                self._commands.send(message)
        except (BrokenPipeError, OSError) as error:
            log.warning("camera process is gone (%s); it restarts on the next scan", error)
            self._process = None

    def _read_events(self, events: Connection) -> None:
        try:
            while True:
                self._dispatch(events.recv())
        except (EOFError, OSError):
            return

    def _dispatch(self, event: object) -> None:
        with self._lock:
            listener = self._listener
        match event:
            case Payload(text) if listener is not None:
                listener.on_payload(text)
            case Preview(pixels) if listener is not None and listener.on_preview is not None:
                listener.on_preview(pixels)
            case ScanError(message) if listener is not None and listener.on_error is not None:
                listener.on_error(message)
            case Payload() | Preview() | ScanError():
                pass  # nobody is scanning now, or the listener does not want this kind
            case _:
                log.warning("the camera process sent a message of unknown type %s; ignored", describe(event))


# ---- the child process ---------------------------------------------------------------------------


def camera_process_main(commands: Connection, events: Connection, decoder_name: str, stable_frames: int,
                        max_fps: float) -> None:
    """Entry point of the camera process: idle until told to scan; scan until told otherwise."""
    from banshi.identity.child_scanner import ChildScanner

    ChildScanner(commands, events, decoder_name, stable_frames, max_fps).serve()


def looping_frames(open_source: Callable[[], object]) -> Iterator[np.ndarray]:
    """Frames from a source that may end (a video file): reopened at the end, like a live camera."""
    while True:
        source = open_source()
        try:
            yield from source.frames()  # type: ignore[attr-defined]
        finally:
            source.close()  # type: ignore[attr-defined]


def source_opener(setting: str) -> Callable[[], object]:
    """A camera index ("0"), a device path ("/dev/video2") or a video file, from the settings string."""
    from banshi.identity.frames import camera, video_file

    if setting.isdigit():
        return lambda: camera(int(setting))
    if Path(setting).is_file():
        return lambda: video_file(setting)
    return lambda: camera(setting)
