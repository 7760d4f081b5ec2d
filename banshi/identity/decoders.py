"""QR decoders behind one interface, and the frame-adaptive pipeline we scan with.

``decode(frame)`` takes a BGR or gray frame and returns every QR code found, each with its
text and four corner points (top-left, top-right, bottom-right, bottom-left) in the
frame's pixel coordinates.

``MultiPassDecoder`` (the default, "zxing") reads a frame coarsest-first, looks closer only where
zxing-cpp located a code it could not read, and falls back to whole-frame passes last; its
docstring lists the stages and docs/identity.md the measurements behind their order.
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
from banshi.identity.passes import REPAIRS, Region, RepairKind, distinct, pyramid, pyramid_scales

Point = tuple[int, int]
# Repairs tried on a located-but-unread code's crop. Measured on the stress set's tuning and held-out
# splits (docs/identity.md): after sharpen + upscale, the others (upscale, adaptive threshold, global
# histogram, opening) read nothing more, so they are not run; bench_qr_stress --passes measures them all.
REPAIR_ORDER = (RepairKind.SHARPEN_UPSCALE,)
ALL_REPAIRS = tuple(kind for kind in RepairKind if kind is not RepairKind.PLAIN)


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


@dataclass
class PassStats:
    """How often a pass ran, how long it took in total, and how many frames it was the first to read."""

    runs: int = 0
    ms: float = 0.0
    reads: int = 0


def _read(gray: Frame, binarizer: zxingcpp.Binarizer = zxingcpp.Binarizer.LocalAverage, *, defaults: bool = False,
          ) -> tuple[list[DecodedCode], list[list[tuple[float, float]]]]:
    """Valid codes, and the corners of codes zxing-cpp located but could not read (checksum, format errors).

    Without ``defaults`` zxing-cpp reads this one resolution, not inverted: the pyramid and the
    fallbacks decide the rest, which halves the cost of a frame that reads at once.
    """
    found = zxingcpp.read_barcodes(
        gray, formats=zxingcpp.BarcodeFormat.QRCode, text_mode=zxingcpp.TextMode.Plain, binarizer=binarizer,
        try_downscale=defaults, try_invert=defaults, return_errors=True,
    )  # fmt: skip
    codes = [_from_zxing(code) for code in found if code.valid]
    failed = [[(c.x, c.y) for c in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)]
              for code in found if not code.valid for p in (code.position,)]  # fmt: skip
    return codes, failed


def _moved(codes: list[DecodedCode], scale: float, dx: int = 0, dy: int = 0) -> list[DecodedCode]:
    """Codes read in a scaled crop, with corners back in full-frame pixels."""
    if scale == 1.0 and dx == dy == 0:
        return codes
    return [DecodedCode(code.text, _corners([(x / scale + dx, y / scale + dy) for x, y in code.corners]))
            for code in codes]  # fmt: skip


def _ascii_only(codes: list[DecodedCode]) -> list[DecodedCode]:
    """ZBar's codes whose text is plain ASCII: ZBar guesses a character set for other bytes (and may
    guess differently from zxing-cpp), while ASCII bytes read the same whatever it guesses. Banshi's
    own codes are all ASCII."""
    return [code for code in codes if code.text.isascii()]


class _Deadline(Exception):
    """The frame's time budget is spent."""


Work = Callable[[], list[DecodedCode]]


class MultiPassDecoder:
    """The frame-adaptive pipeline: pyramid, then repairs on the regions where a code was seen, then whole-frame fallbacks.

    1. Pyramid, coarsest first (``passes.pyramid_scales``): a 1080p frame is read at 960×540 first
       (4× fewer pixels; most codes read there), then at full size. A level where zxing-cpp located a
       code but could not read it proposes a region; a region found at a coarse level is read again
       at full resolution on its crop alone.
    2. Repairs on each region's full-resolution crop (``passes.REPAIRS``), in the order measured to pay.
    3. Whole-frame fallbacks: zxing-cpp with its own defaults (inverted codes, its downscaling: so
       the pipeline reads at least what raw zxing-cpp reads), global histogram, median + global
       histogram (halftone), CLAHE (glare), ZBar (another finder-pattern search; ASCII texts only),
       OpenCV's curved decoder.
    Stops at the first pass that reads a code; every code has passed zxing-cpp's (or ZBar's, OpenCV's)
    Reed-Solomon check. ``budget_ms`` stops after the pass that exceeds it.

    Live video (``across_frames``): the next frame is another chance, so stages 2 and 3 continue on
    the next frame where this one ran out of budget (the passes rotate over frames; ZBar is left
    out, its cost on a whole frame is unbounded by the budget), the pass that
    last read a code goes first, and a frame where nothing was located reuses the previous frame's
    regions (a code held still stays where it was). ``stats`` counts runs, time and reads per pass
    when ``record`` is set.
    """

    name = "zxing"

    def __init__(self, budget_ms: float | None = None, curved_max_side: int = 1024,
                 repairs: tuple[RepairKind, ...] = REPAIR_ORDER, record: bool = False,
                 across_frames: bool = False, clock: Callable[[], float] = time.perf_counter) -> None:  # fmt: skip
        self.budget_ms = budget_ms
        self.clock = clock
        self.repairs = repairs
        self.record = record
        self.across_frames = across_frames
        self.stats: dict[str, PassStats] = {}
        self._curved = CurvedOpenCvDecoder(curved_max_side)
        self._clahe = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))  # local contrast under glare
        self._zbar = PyzbarDecoder()
        self._resume_at: str | None = None  # the later pass the last frame ran out of time before
        self._winner: str | None = None  # the later pass that read the last code
        self._last_regions: list[Region] = []

    def decode(self, frame: Frame) -> list[DecodedCode]:
        gray = to_gray(frame)
        deadline = None if self.budget_ms is None else self.clock() + self.budget_ms / 1000
        try:
            found, regions = self._pyramid(gray, deadline)
        except _Deadline:
            return []
        if found:
            return found
        if self.across_frames:
            regions, self._last_regions = regions or self._last_regions, regions or self._last_regions
        return self._later_passes(gray, regions, deadline)

    def _run(self, name: str, deadline: float | None, work: Work, forced: bool = False) -> list[DecodedCode]:
        """Run one pass, unless the frame's budget is spent (a ``forced`` pass runs anyway)."""
        if not forced and deadline is not None and self.clock() > deadline:
            raise _Deadline
        started = self.clock()
        found = work()
        if self.record:
            stats = self.stats.setdefault(name, PassStats())
            stats.runs += 1
            stats.ms += (self.clock() - started) * 1000
            stats.reads += bool(found)
        return found

    def _pyramid(self, gray: Frame, deadline: float | None) -> tuple[list[DecodedCode], list[Region]]:
        regions: list[Region] = []
        scales = pyramid_scales(gray.shape)
        images = pyramid(gray, scales)
        for scale in scales:
            failed: list[list[tuple[float, float]]] = []

            def level(scale: float = scale, failed: list = failed) -> list[DecodedCode]:
                codes, located = _read(images[scale])
                failed += located
                return _moved(codes, scale)

            # The first level always runs: a frame whose budget is spent before it starts still gets a look.
            if found := self._run(f"level {scale:g}", deadline, level, forced=scale == scales[0]):
                return found, regions
            new = distinct([Region.around([(x / scale, y / scale) for x, y in c], gray.shape) for c in failed])
            new = [r for r in new if not any(r.overlaps(old) for old in regions)]
            regions += new
            for region in new if scale < 1.0 else []:
                if found := self._run("crop plain", deadline, lambda r=region: self._repaired(gray, r, RepairKind.PLAIN)):
                    return found, regions
        return [], regions

    def _later_passes(self, gray: Frame, regions: list[Region], deadline: float | None) -> list[DecodedCode]:
        passes = (self._repair_passes(gray, regions) if regions else []) + self._fallbacks(gray)
        order = list(range(len(passes)))
        if self.across_frames:
            names = [name for name, _ in passes]
            head = names.index(self._resume_at) if self._resume_at in names else 0
            order = order[head:] + order[:head]
            winner = [i for i in order if passes[i][0] == self._winner]
            order = winner + [i for i in order if i not in winner]
        for index in order:
            name, work = passes[index]
            try:
                found = self._run(name, deadline, work)
            except _Deadline:
                self._resume_at = name
                return []
            if found:
                self._winner = name
                return found
        self._resume_at = None
        return []

    def _repair_passes(self, gray: Frame, regions: list[Region]) -> list[tuple[str, Work]]:
        def repair_all(kind: RepairKind) -> list[DecodedCode]:
            for region in regions:
                if found := self._repaired(gray, region, kind):
                    return found
            return []

        return [(f"crop {kind}", lambda kind=kind: repair_all(kind)) for kind in self.repairs]

    @staticmethod
    def _repaired(gray: Frame, region: Region, repair: RepairKind) -> list[DecodedCode]:
        image, factor = REPAIRS[repair](region.crop(gray))
        binarizer = zxingcpp.Binarizer.GlobalHistogram if repair is RepairKind.GLOBAL else zxingcpp.Binarizer.LocalAverage
        if repair is RepairKind.ADAPTIVE:
            binarizer = zxingcpp.Binarizer.BoolCast  # already black and white
        codes, _ = _read(image, binarizer)
        return _moved(codes, factor, region.x0, region.y0)

    def _fallbacks(self, gray: Frame) -> list[tuple[str, Work]]:
        passes: list[tuple[str, Work]] = [
            ("frame defaults", lambda: _read(gray, defaults=True)[0]),
            ("frame global", lambda: _read(gray, zxingcpp.Binarizer.GlobalHistogram, defaults=True)[0]),
            ("frame median global", lambda: _read(cv2.medianBlur(gray, 3), zxingcpp.Binarizer.GlobalHistogram)[0]),
            ("frame clahe", lambda: _read(self._clahe.apply(gray))[0]),
        ]
        if not self.across_frames:  # ZBar on a whole frame can take many times a live frame's budget
            passes.append(("frame zbar ascii", lambda: _ascii_only(self._zbar.decode(gray))))
        passes.append(("frame curved", lambda: self._curved.decode(gray)))
        return passes

    def warm_up(self) -> None:
        """Decode a blank frame with every pass so the first real frame pays no start-up cost."""
        blank = np.full((64, 64), 255, np.uint8)
        self.decode(blank)
        for repair in REPAIRS:
            self._repaired(blank, Region(0, 0, 64, 64), repair)


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
