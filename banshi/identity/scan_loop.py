"""A scanning loop on its own thread: frames from a source → IdentityCheck → callbacks (Qt-free).

The ui layer turns the callbacks into Qt signals through its bridge; nothing here touches a widget.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from banshi.identity.check import IdentityCheck, IdentityResult
from banshi.identity.frames import Frame, FrameSource, FrameSourceError, camera, video_file

log = logging.getLogger(__name__)

FrameSourceFactory = Callable[[], FrameSource]


class LoopingVideo:
    """A video file replayed endlessly, so it behaves like a camera (demos, tests, a fixed kiosk loop)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._current = video_file(path)

    def frames(self) -> Iterator[Frame]:
        while True:
            yield from self._current.frames()
            self._current.close()
            self._current = video_file(self.path)

    def close(self) -> None:
        self._current.close()


def frame_source_for(setting: str) -> FrameSourceFactory:
    """A camera index ("0"), a device path ("/dev/video2") or a video file, from the settings string."""
    if setting.isdigit():
        return lambda: camera(int(setting))
    if Path(setting).is_file():
        return lambda: LoopingVideo(setting)
    return lambda: camera(setting)


class ScanLoop:
    """Reads frames until stopped; paces video files to ``max_fps`` so they play like a camera."""

    def __init__(
        self,
        open_source: FrameSourceFactory,
        check: IdentityCheck,
        on_result: Callable[[IdentityResult], None],
        on_frame: Callable[[Frame], None] | None = None,
        on_error: Callable[[FrameSourceError], None] | None = None,
        max_fps: float = 15.0,
    ) -> None:
        self.open_source = open_source
        self._check = check
        self._on_result = on_result
        self._on_frame = on_frame
        self._on_error = on_error
        self._frame_interval = 1.0 / max_fps
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="banshi-scan", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._check.reset()

    def _run(self) -> None:
        try:
            source = self.open_source()
        except FrameSourceError as error:
            log.warning("camera unavailable: %s", error)
            if self._on_error is not None:
                self._on_error(error)
            return
        try:
            self._read(source)
        finally:
            source.close()

    def _read(self, source: FrameSource) -> None:
        for frame in source.frames():
            started = time.monotonic()
            if self._stop.is_set():
                return
            if self._on_frame is not None:
                self._on_frame(frame)
            result = self._check.feed(frame)
            if result is not None:
                self._on_result(result)
            self._stop.wait(max(0.0, self._frame_interval - (time.monotonic() - started)))
