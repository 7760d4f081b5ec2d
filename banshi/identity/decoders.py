"""QR decoders behind one interface, and the multi-pass pipeline we scan with.

``decode(frame)`` takes a BGR or gray frame and returns every QR code found, each with its
text and four corner points (top-left, top-right, bottom-right, bottom-left) in the
frame's pixel coordinates.

Why these passes (measured on ../shared/data/qr-samples, see docs/identity.md):
1. zxing-cpp with its default local-average binarizer: fast, reads most photos.
2. zxing-cpp with the global-histogram binarizer: better on low-contrast and unevenly
   lit codes where local thresholds break up modules.
3. The same after a 3×3 median filter: removes halftone / JPEG speckle inside modules.
4. OpenCV's curved-surface QR decoder on a bounded-size copy: reads codes printed on
   paper that is bent or creased (a citizen's printed card), which a perspective-only
   detector cannot sample. It is the slowest pass, so it runs last and only when the
   others found nothing.
Each pass only runs when the previous ones found nothing, so a clean image costs one pass.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import cv2
import numpy as np
import zxingcpp

from banshi.identity.frames import Frame, to_gray
from banshi.identity.kinds import CodeKind, classify

Point = tuple[int, int]


@dataclass(frozen=True)
class DecodedCode:
    text: str
    corners: tuple[Point, Point, Point, Point]

    @property
    def kind(self) -> CodeKind:
        return classify(self.text)


class Decoder(Protocol):
    name: str

    def decode(self, frame: Frame) -> list[DecodedCode]: ...


class UnknownDecoderError(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"Unknown QR decoder {name!r}; choose one of: {', '.join(sorted(DECODERS))}.")


def _corners(points: Sequence[tuple[float, float]], scale: float = 1.0) -> tuple[Point, Point, Point, Point]:
    p = [(int(round(x / scale)), int(round(y / scale))) for x, y in points]
    return (p[0], p[1], p[2], p[3])


def _zxing(gray: Frame, binarizer: zxingcpp.Binarizer) -> list[DecodedCode]:
    # Plain text mode: the payload exactly as encoded (HRI mode rewrites control characters).
    found = zxingcpp.read_barcodes(
        gray, formats=zxingcpp.BarcodeFormat.QRCode, text_mode=zxingcpp.TextMode.Plain, binarizer=binarizer
    )
    return [_from_zxing(code) for code in found if code.valid]


def _from_zxing(code: zxingcpp.Barcode) -> DecodedCode:
    pos = code.position
    corners = [(c.x, c.y) for c in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left)]
    return DecodedCode(text=code.text, corners=_corners(corners))


class ZxingDecoder:
    """Plain zxing-cpp (local-average binarizer, rotation and downscaling on)."""

    name = "zxing-raw"

    def decode(self, frame: Frame) -> list[DecodedCode]:
        return _zxing(to_gray(frame), zxingcpp.Binarizer.LocalAverage)


class PyzbarDecoder:
    """ZBar through pyzbar, the alternative backend."""

    name = "pyzbar"

    def decode(self, frame: Frame) -> list[DecodedCode]:
        from pyzbar import pyzbar

        try:
            found = pyzbar.decode(to_gray(frame), symbols=[pyzbar.ZBarSymbol.QRCODE])
        except ValueError:
            # pyzbar 0.1.9 with Debian's libzbar raises "ZBarOrientation" for some images: no result.
            return []
        return [_from_zbar(code) for code in found]


def _from_zbar(code: object) -> DecodedCode:
    data: bytes = code.data  # type: ignore[attr-defined]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    polygon = [(p.x, p.y) for p in code.polygon]  # type: ignore[attr-defined]
    if len(polygon) != 4:
        polygon = [tuple(p) for p in cv2.boxPoints(cv2.minAreaRect(np.array(polygon, np.float32)))]
    return DecodedCode(text=text, corners=_corners(polygon))


class CurvedOpenCvDecoder:
    """OpenCV's curved-surface QR decoder on a copy at most ``max_side`` pixels wide (bounds its cost)."""

    name = "opencv-curved"

    def __init__(self, max_side: int = 1024) -> None:
        self.max_side = max_side
        self._detector = cv2.QRCodeDetector()

    def decode(self, frame: Frame) -> list[DecodedCode]:
        gray = to_gray(frame)
        scale = min(1.0, self.max_side / max(gray.shape[:2]))
        if scale < 1.0:
            gray = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        try:
            text, points, _ = self._detector.detectAndDecodeCurved(gray)
        except cv2.error:
            return []
        if not text or points is None:
            return []
        return [DecodedCode(text=text, corners=_corners(points.reshape(-1, 2).tolist(), scale))]


Pass = Callable[[Frame], list[DecodedCode]]


def _global_histogram(gray: Frame) -> list[DecodedCode]:
    return _zxing(gray, zxingcpp.Binarizer.GlobalHistogram)


def _median_global_histogram(gray: Frame) -> list[DecodedCode]:
    return _zxing(cv2.medianBlur(gray, 3), zxingcpp.Binarizer.GlobalHistogram)


class MultiPassDecoder:
    """The pipeline described in the module docstring; stops at the first pass that finds a code.

    ``budget_ms`` skips the remaining passes once that much time has been spent on one frame
    (useful for live video, where the next frame is another chance).
    """

    name = "zxing"

    def __init__(self, budget_ms: float | None = None, curved_max_side: int = 1024) -> None:
        self.budget_ms = budget_ms
        curved = CurvedOpenCvDecoder(curved_max_side)
        self.passes: list[Pass] = [
            ZxingDecoder().decode,
            _global_histogram,
            _median_global_histogram,
            curved.decode,
        ]

    def decode(self, frame: Frame) -> list[DecodedCode]:
        gray = to_gray(frame)
        started = time.perf_counter()
        for decode_pass in self.passes:
            found = decode_pass(gray)
            if found:
                return found
            if self.budget_ms is not None and (time.perf_counter() - started) * 1000 > self.budget_ms:
                break
        return []

    def warm_up(self) -> None:
        """Run every pass once on a blank frame so the first real frame pays no start-up cost."""
        blank = np.full((64, 64), 255, np.uint8)
        for decode_pass in self.passes:
            decode_pass(blank)


DECODERS: dict[str, Callable[[], Decoder]] = {
    "zxing": MultiPassDecoder,
    "zxing-raw": ZxingDecoder,
    "pyzbar": PyzbarDecoder,
}


def get_decoder(name: str = "zxing") -> Decoder:
    """A decoder by name: ``zxing`` (the multi-pass pipeline on zxing-cpp), ``zxing-raw`` or ``pyzbar``."""
    if name not in DECODERS:
        raise UnknownDecoderError(name)
    return DECODERS[name]()
