"""The camera view both apps share: a live preview with a frame guide, a large prompt, and results as signals.

Frames are read and decoded in the camera process (banshi.identity.camera_service); previews and
results cross into the GUI only through the bridge.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from banshi.i18n import N_, LazyText
from banshi.identity.camera_service import PREVIEW_SIZE, CameraListener, CameraService
from banshi.identity.check import IdentityCheck, IdentityResult
from banshi.identity.kinds import CodeKind
from banshi.ui.bridge import Bridge
from banshi.ui.text import TextLabel

if TYPE_CHECKING:  # frames arrive as arrays; importing numpy itself would slow the kiosk's start
    import numpy as np

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


class ScannerView(QWidget):
    """Shows the camera and reports what was scanned; ``start()`` / ``stop()`` claim and release the camera."""

    citizen_verified = Signal(object)  # IdentityResult with .citizen
    receipt_scanned = Signal(str)  # the receipt's transaction id
    rejected = Signal(object)  # IdentityResult with .rejection (or an unknown kind)
    camera_failed = Signal(str)

    def __init__(self, bridge: Bridge, camera: CameraService, camera_setting: str, check: IdentityCheck,
                 prompt: LazyText = SCAN_PROMPT, prompt_role: str = "title", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanner-view")
        self.camera = camera
        self.camera_setting = camera_setting
        self.check = check
        self._listener = CameraListener(
            on_payload=bridge.relay(self._on_payload),
            on_preview=bridge.relay(self._set_preview),
            on_error=bridge.relay(self._on_error),
        )
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
        self.scanning = False

    def start(self) -> None:
        self.status.set_source("")
        self.scanning = True
        self.camera.activate(self._listener, self.camera_setting)

    def use_camera(self, camera_setting: str) -> None:
        """Read another camera (or a video file) from now on."""
        self.camera_setting = camera_setting
        if self.scanning:
            self.camera.activate(self._listener, camera_setting)

    def stop(self) -> None:
        self.scanning = False
        self.camera.deactivate(self._listener)
        self.preview.clear()

    def has_picture(self) -> bool:
        pixmap = self.preview.pixmap()
        return pixmap is not None and not pixmap.isNull()

    def show_message(self, message: LazyText, role: str = "error") -> None:
        self.status.setProperty("role", role)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.status.set_source(message)

    def _set_preview(self, pixels: np.ndarray) -> None:
        if not self.scanning:
            return
        height, width = pixels.shape[:2]
        image = QImage(pixels.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()
        self.preview.setPixmap(QPixmap.fromImage(image))

    def _on_payload(self, text: str) -> None:
        if not self.scanning:
            return
        result = self.check.interpret(text)
        if result.citizen is not None:
            self.citizen_verified.emit(result)
        elif result.kind is CodeKind.RECEIPT and result.reference:
            self.receipt_scanned.emit(result.reference)
        else:
            self._report_rejection(result)

    def _report_rejection(self, result: IdentityResult) -> None:
        if result.user_message is not None:
            self.show_message(result.user_message)
        self.rejected.emit(result)

    def _on_error(self, detail: str) -> None:
        self.show_message(N_("The camera is not working right now. Please ask a member of staff for help."))
        self.camera_failed.emit(detail)
