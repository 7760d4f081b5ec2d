"""The camera view both apps share: a live preview with a frame guide, a large prompt, and results as signals.

Decoding runs on the scan loop's own thread (banshi.identity.scan_loop); frames and results cross
into the GUI only through the bridge.
"""

from __future__ import annotations

import cv2
import numpy as np
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from banshi.i18n import N_, LazyText
from banshi.identity.check import IdentityCheck, IdentityResult
from banshi.identity.frames import Frame, FrameSourceError
from banshi.identity.kinds import CodeKind
from banshi.identity.scan_loop import FrameSourceFactory, ScanLoop
from banshi.ui.bridge import Bridge
from banshi.ui.text import TextLabel

PREVIEW_SIZE = (640, 360)
SCAN_PROMPT = N_("Please hold the QR code up to the camera")


class _Preview(QLabel):
    """The camera picture with a bright square guide showing where to hold the code."""

    def __init__(self) -> None:
        super().__init__()
        self.setFixedSize(*PREVIEW_SIZE)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("background: #202020;")
        self.setAccessibleName(str(N_("Camera picture")))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        super().paintEvent(event)
        painter = QPainter(self)
        side = min(self.width(), self.height()) * 0.7
        guide = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        painter.setPen(QPen(QColor("#FFE500"), 8))
        painter.drawRoundedRect(guide, 16, 16)
        painter.end()


def _preview_pixels(frame: Frame) -> np.ndarray:
    """A small RGB copy of ``frame`` for the preview (made on the scan thread, not the GUI thread)."""
    colour = cv2.cvtColor(frame, cv2.COLOR_GRAY2RGB) if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
    scale = min(PREVIEW_SIZE[0] / colour.shape[1], PREVIEW_SIZE[1] / colour.shape[0])
    size = (max(1, int(colour.shape[1] * scale)), max(1, int(colour.shape[0] * scale)))
    return np.ascontiguousarray(cv2.resize(colour, size, interpolation=cv2.INTER_AREA))


class ScannerView(QWidget):
    """Shows the camera and reports what was scanned; ``start()`` / ``stop()`` own the camera."""

    citizen_verified = Signal(object)  # IdentityResult with .citizen
    receipt_scanned = Signal(str)  # the receipt's transaction id
    rejected = Signal(object)  # IdentityResult with .rejection (or an unknown kind)
    camera_failed = Signal(object)  # FrameSourceError

    def __init__(self, bridge: Bridge, check: IdentityCheck, open_source: FrameSourceFactory,
                 prompt: LazyText = SCAN_PROMPT, prompt_role: str = "title", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanner-view")
        self._bridge = bridge
        self._loop = ScanLoop(open_source, check, bridge.relay(self._on_result),
                              on_frame=self._frame_from_scan_thread, on_error=bridge.relay(self._on_error))
        self._show_frame = bridge.relay(self._set_preview)
        self._frames_seen = 0
        self.preview = _Preview()
        self.preview.setObjectName("scanner-preview")
        self.prompt = TextLabel(prompt, role=prompt_role)
        self.prompt.setObjectName("scanner-prompt")
        self.status = TextLabel("", role="error")
        self.status.setObjectName("scanner-status")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(24)
        layout.addWidget(self.prompt)
        layout.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.status)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def start(self) -> None:
        self.status.set_source("")
        self._loop.start()

    def set_source(self, open_source: FrameSourceFactory) -> None:
        """Use another camera (or video) from the next ``start()``."""
        running = self.scanning
        self.stop()
        self._loop.open_source = open_source
        if running:
            self.start()

    def stop(self) -> None:
        self._loop.stop()
        self.preview.clear()

    @property
    def scanning(self) -> bool:
        return self._loop.running

    def has_picture(self) -> bool:
        pixmap = self.preview.pixmap()
        return pixmap is not None and not pixmap.isNull()

    def show_message(self, message: LazyText, role: str = "error") -> None:
        self.status.setProperty("role", role)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.set_source(message)

    def _frame_from_scan_thread(self, frame: Frame) -> None:
        self._frames_seen += 1
        if self._frames_seen % 2 == 0:  # ~7 preview updates a second are plenty
            self._show_frame(_preview_pixels(frame))

    def _set_preview(self, pixels: np.ndarray) -> None:
        height, width = pixels.shape[:2]
        image = QImage(pixels.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()
        self.preview.setPixmap(QPixmap.fromImage(image))

    def _on_result(self, result: IdentityResult) -> None:
        if result.citizen is not None:
            self.citizen_verified.emit(result)
        elif result.kind is CodeKind.RECEIPT and result.reference:
            self.receipt_scanned.emit(result.reference)
        else:
            if result.user_message is not None:
                self.show_message(result.user_message)
            self.rejected.emit(result)

    def _on_error(self, error: FrameSourceError) -> None:
        self.show_message(N_("The camera is not working right now. Please ask a member of staff for help."))
        self.camera_failed.emit(error)
