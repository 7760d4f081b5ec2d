"""What runs inside the camera process (see camera_service): read, decode, filter, report."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection

import cv2
import numpy as np

from banshi.identity.camera_messages import Idle, Payload, Preview, Quit, Scan, ScanError, describe
from banshi.identity.camera_service import PREVIEW_SIZE, looping_frames, source_opener
from banshi.identity.frames import Frame, FrameSourceError
from banshi.identity.live import LiveScanner, live_decoder

log = logging.getLogger(__name__)
_IDLE_POLL_S = 0.2
_PREVIEW_EVERY = 2  # frames; ~7 pictures a second is plenty for a preview


def preview_pixels(frame: Frame) -> np.ndarray:
    colour = cv2.cvtColor(frame, cv2.COLOR_GRAY2RGB) if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
    scale = min(PREVIEW_SIZE[0] / colour.shape[1], PREVIEW_SIZE[1] / colour.shape[0])
    size = (max(1, int(colour.shape[1] * scale)), max(1, int(colour.shape[0] * scale)))
    return np.ascontiguousarray(cv2.resize(colour, size, interpolation=cv2.INTER_AREA))


class ChildScanner:
    def __init__(self, commands: Connection, events: Connection, decoder_name: str, stable_frames: int,
                 max_fps: float) -> None:
        self.commands = commands
        self.events = events
        self.decoder = live_decoder(decoder_name)
        self.stable_frames = stable_frames
        self.frame_interval = 1.0 / max_fps
        self.camera: str | None = None
        self.quit = False

    def serve(self) -> None:
        while not self.quit:
            if self.camera is None:
                self._wait_for_command(_IDLE_POLL_S)
            else:
                self._scan(self.camera)

    def _wait_for_command(self, timeout: float) -> bool:
        """Apply pending commands; True if the scan target changed."""
        changed = False
        while self.commands.poll(timeout):
            timeout = 0
            try:
                command = self.commands.recv()
            except EOFError:
                command = Quit()  # the app is gone
            previous = self.camera
            match command:
                case Scan(camera):
                    self.camera = camera
                case Idle():
                    self.camera = None
                case Quit():
                    self.camera, self.quit = None, True
                case _:
                    log.warning("the camera process got a command of unknown type %s; ignored", describe(command))
            changed = changed or self.quit or previous != self.camera
        return changed

    def _scan(self, camera: str) -> None:
        scanner = LiveScanner(self.decoder, self.stable_frames)  # passes continue over frames; see live.py
        try:
            for index, frame in enumerate(self._frames(camera)):
                started = time.monotonic()
                if index % _PREVIEW_EVERY == 0:
                    self.events.send(Preview(preview_pixels(frame)))
                stable = scanner.feed(frame)
                if stable is not None:
                    self.events.send(Payload(stable))
                if self._wait_for_command(max(0.0, self.frame_interval - (time.monotonic() - started))):
                    return
        except FrameSourceError as error:
            self.events.send(ScanError(str(error)))
            self.camera = None

    def _frames(self, camera: str) -> Iterator[Frame]:
        return looping_frames(source_opener(camera))
