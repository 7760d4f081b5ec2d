"""QR codes as Qt pixmaps (receipts on screen); the payload never leaves memory."""

from __future__ import annotations

import io

import qrcode
from PySide6.QtGui import QPixmap


def qr_pixmap(payload: str, size_px: int) -> QPixmap:
    image = qrcode.make(payload, box_size=10, border=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap.scaled(size_px, size_px)
