"""Frame sources behind one interface: still images, video files and cameras.

Every source yields numpy BGR (or grayscale) ``uint8`` frames. Still images are read in
their *stored* pixel orientation (EXIF orientation ignored) so that corner points refer to
the pixels as stored in the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from banshi.i18n import N_, LazyText

Frame = np.ndarray
_SMALLEST_OPENCV_FILE = 64


class FrameSourceError(OSError):
    """A file or camera could not be opened or read."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.user_message: LazyText = N_("The camera or picture could not be read. Please ask staff for help.")


class FrameSource(Protocol):
    def frames(self) -> Iterator[Frame]: ...

    def close(self) -> None: ...


def to_gray(frame: Frame) -> Frame:
    """A single-channel 8-bit view of ``frame`` (BGR, BGRA or already gray; 16-bit is scaled down)."""
    if frame.dtype != np.uint8:
        frame = cv2.convertScaleAbs(frame, alpha=255.0 / max(float(frame.max()), 1.0))
    if frame.ndim == 2:
        return frame
    if frame.shape[2] == 4:
        return cv2.cvtColor(frame, cv2.COLOR_BGRA2GRAY)
    if frame.shape[2] == 1:
        return frame[:, :, 0]
    return cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)


def read_image(path: Path | str) -> Frame:
    """Read a still image as stored (no EXIF rotation); raise FrameSourceError if it cannot be read."""
    path = Path(path)
    try:
        data = np.fromfile(path, dtype=np.uint8)
    except OSError as error:
        raise FrameSourceError(f"Cannot read image file {path}: {error.strerror or error}") from error
    # OpenCV logs a noisy error for files smaller than a WebP header; Pillow handles those.
    image = None
    if data.size >= _SMALLEST_OPENCV_FILE:
        image = cv2.imdecode(data, cv2.IMREAD_UNCHANGED | cv2.IMREAD_IGNORE_ORIENTATION)
    if image is None:
        image = _read_with_pillow(path)
    return image


def _read_with_pillow(path: Path) -> Frame:
    # OpenCV's WebP reader refuses some tiny images that Pillow reads; Pillow also ignores EXIF
    # orientation unless asked, which is what we want.
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return np.asarray(image.convert("L"))
    except (OSError, UnidentifiedImageError, ValueError) as error:
        raise FrameSourceError(f"{path} is not an image OpenCV or Pillow can read: {error}") from error


class ImageFiles:
    """Still images, one frame each, in the given order."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths

    def frames(self) -> Iterator[Frame]:
        for path in self.paths:
            yield read_image(path)

    def close(self) -> None:
        pass


class VideoCapture:
    """A camera (by index or device path) or a video file, read through cv2.VideoCapture."""

    def __init__(self, source: int | str | Path) -> None:
        self.source = source
        self._capture = cv2.VideoCapture(str(source) if isinstance(source, Path) else source)
        if not self._capture.isOpened():
            raise FrameSourceError(f"Cannot open video source {source!r} (no such camera or unreadable file).")

    def frames(self) -> Iterator[Frame]:
        while True:
            ok, frame = self._capture.read()
            if not ok:
                return
            yield frame

    def close(self) -> None:
        self._capture.release()


def camera(index_or_device: int | str) -> VideoCapture:
    return VideoCapture(index_or_device)


def video_file(path: Path | str) -> VideoCapture:
    if not Path(path).is_file():
        raise FrameSourceError(f"Video file {path} does not exist.")
    return VideoCapture(Path(path))
