"""Receipts and citizen-code cards on paper: PDF through QPrinter, thermal rolls through ESC/POS.

Both apps use this module. A receipt carries only the reference, the service, a masked name and
a QR with ``BSR:<transaction id>`` (what ``banshi.identity`` reads back as a receipt). Printers sit
behind the small ``PaperPrinter`` interface so a counter can switch between a PDF folder (print
preview, office printers) and a thermal printer without touching the windows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PIL import Image
from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QFont, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter

from banshi.i18n import N_, _
from banshi.identity.card import CARD_MM, card_image, qr_image
from banshi.identity.codes import CitizenClaims
from banshi.identity.kinds import RECEIPT_PREFIX
from banshi.services.schema import Service
from banshi.services.transactions import Transaction
from banshi.ui.application import CJK_FAMILIES

if TYPE_CHECKING:  # both cost ~0.6 s to import; the kiosk's start needs neither
    import numpy as np
    from escpos.escpos import Escpos

RECEIPT_MM = (80.0, 140.0)  # an 80 mm roll; the PDF page is the same size so previews match paper
_MM_PER_INCH = 25.4
# ESC/POS "FS &" / "FS ." switch Chinese (GB18030) character mode on and off on CJK thermal printers.
_CHINESE_ON, _CHINESE_OFF = b"\x1c\x26", b"\x1c\x2e"
_ESCPOS_QR_MODULE_DOTS = 6  # 0.75 mm at 203 dpi: readable from a hand-held receipt


class PrintError(RuntimeError):
    """The printer or the PDF file could not be written."""

    def __init__(self, target: object, problem: str) -> None:
        super().__init__(f"Printing to {target} failed: {problem}. Check the printer or the output folder.")
        self.user_message = N_("The printer is not working. Please ask a member of staff.")


@dataclass(frozen=True)
class Receipt:
    reference: str
    service_title: str
    masked_name: str
    filed_at: str  # ISO time, shown as-is (minutes)
    next_steps: str
    qr_payload: str

    def lines(self) -> list[str]:
        return [
            _("Reference {reference}").format(reference=self.reference),
            self.service_title,
            *([self.masked_name] if self.masked_name else []),
            _("Filed {time}").format(time=self.filed_at[:16].replace("T", " ")),
            self.next_steps,
        ]


def receipt_payload(transaction_id: str) -> str:
    """The receipt QR: the receipt prefix and the transaction id, nothing personal."""
    return f"{RECEIPT_PREFIX}{transaction_id}"


def receipt_for(transaction: Transaction, service: Service) -> Receipt:
    return Receipt(
        reference=transaction.reference, service_title=str(service.title),
        masked_name=transaction.display.get("masked_name", ""), filed_at=transaction.created_at,
        next_steps=str(service.next_steps), qr_payload=receipt_payload(transaction.id),
    )


class PaperPrinter(Protocol):
    def print_receipt(self, receipt: Receipt) -> None: ...

    def print_card(self, code: str, claims: CitizenClaims) -> None: ...


# ----- painting (shared by the PDF page and the on-screen preview) ---------------------------

def _font(pixel_size: int, bold: bool = False) -> QFont:
    font = QFont(list(CJK_FAMILIES))
    font.setPixelSize(max(1, pixel_size))
    font.setBold(bold)
    return font


def paint_receipt(painter: QPainter, page: QRectF, receipt: Receipt) -> None:
    """Draw the receipt into ``page`` (device pixels): title, lines, then the QR at full width."""
    unit = page.width() / 80.0  # device pixels per millimetre
    margin = 4 * unit
    y = page.top() + margin
    painter.setFont(_font(round(5 * unit), bold=True))
    y = _paint_block(painter, page, margin, y, _("Receipt"))
    painter.setFont(_font(round(3.6 * unit)))
    for line in receipt.lines():
        y = _paint_block(painter, page, margin, y, line) + unit
    side = min(page.width() - 2 * margin, page.bottom() - y - margin)
    qr = _pil_to_qimage(qr_image(receipt.qr_payload))
    painter.drawImage(QRectF(page.left() + (page.width() - side) / 2, y, side, side), qr)


def _paint_block(painter: QPainter, page: QRectF, margin: float, y: float, text: str) -> float:
    area = QRectF(page.left() + margin, y, page.width() - 2 * margin, page.height())
    flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)
    bounds = painter.boundingRect(area, flags, text)
    painter.drawText(area, flags, text)
    return y + bounds.height()


def _pil_to_qimage(image: Image.Image) -> QImage:
    gray = image.convert("L")
    data = gray.tobytes()
    return QImage(data, gray.width, gray.height, gray.width, QImage.Format.Format_Grayscale8).copy()


def paper_image(size_mm: tuple[float, float], paint: Callable[[QPainter, QRectF], None], dpi: int = 203) -> QImage:
    """A page of ``size_mm`` drawn by ``paint`` as a grayscale image at ``dpi`` (previews, docs, decoding tests)."""
    width, height = (round(mm / _MM_PER_INCH * dpi) for mm in size_mm)
    image = QImage(width, height, QImage.Format.Format_Grayscale8)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    try:
        paint(painter, QRectF(0, 0, width, height))
    finally:
        painter.end()
    return image


def receipt_image(receipt: Receipt, dpi: int = 203) -> QImage:
    """The receipt as an image at ``dpi`` (print preview, and what a test decodes)."""
    return paper_image(RECEIPT_MM, lambda painter, page: paint_receipt(painter, page, receipt), dpi)


def qimage_to_gray(image: QImage) -> np.ndarray:
    """A grayscale numpy frame of ``image`` (for the identity decoders)."""
    import numpy as np

    if image.isNull():
        raise ValueError("The image is empty (a page that failed to render?); nothing to decode.")
    gray = image.convertToFormat(QImage.Format.Format_Grayscale8)
    stride = gray.bytesPerLine()
    buffer = np.frombuffer(gray.constBits(), dtype=np.uint8, count=stride * gray.height())
    return buffer.reshape(gray.height(), stride)[:, : gray.width()].copy()


# ----- PDF through QPrinter ------------------------------------------------------------------

def _pdf_printer(path: Path, size_mm: tuple[float, float]) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QSizeF(*size_mm), QPageSize.Unit.Millimeter))
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    return printer


def _paint_pdf(path: Path, size_mm: tuple[float, float], draw: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    printer = _pdf_printer(path, size_mm)
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(path, "QPrinter could not open the PDF file")
    try:
        draw(painter, QRectF(printer.pageLayout().paintRectPixels(printer.resolution())))  # type: ignore[operator]
    finally:
        painter.end()
    if not path.is_file() or path.stat().st_size == 0:
        raise PrintError(path, "no PDF was written")
    return path


def receipt_to_pdf(receipt: Receipt, path: Path) -> Path:
    return _paint_pdf(path, RECEIPT_MM, lambda painter, page: paint_receipt(painter, page, receipt))


def card_to_pdf(code: str, claims: CitizenClaims, path: Path) -> Path:
    """The citizen-code card (A6 landscape, drawn by banshi.identity.card) as a PDF page."""
    card = _pil_to_qimage(card_image(code, claims))
    return _paint_pdf(path, CARD_MM, lambda painter, page: painter.drawImage(page, card))


@dataclass
class PdfPrinter:
    """Writes each receipt or card as a PDF into ``folder`` (print preview, or a spool for CUPS)."""

    folder: Path

    def print_receipt(self, receipt: Receipt) -> None:
        receipt_to_pdf(receipt, self.folder / f"receipt-{receipt.reference}.pdf")

    def print_card(self, code: str, claims: CitizenClaims) -> None:
        card_to_pdf(code, claims, self.folder / f"card-{claims.serial}.pdf")


# ----- ESC/POS thermal printers -----------------------------------------------------------------

def _escpos_text(device: Escpos, text: str) -> None:
    device._raw(_CHINESE_ON + text.encode("gb18030", errors="replace") + b"\n" + _CHINESE_OFF)


def escpos_qr_image(payload: str) -> Image.Image:
    """The QR exactly as sent to a thermal printer (our own raster, so every printer prints the same)."""
    symbol = qr_image(payload)
    modules = symbol.width // 12  # identity.card draws 12 px per module
    return symbol.resize((modules * _ESCPOS_QR_MODULE_DOTS,) * 2, Image.Resampling.NEAREST).convert("1")


@dataclass
class EscPosPrinter:
    """An ESC/POS thermal printer (python-escpos device: Usb, Serial, Network, File or Dummy)."""

    device: Escpos

    def print_receipt(self, receipt: Receipt) -> None:
        try:
            self.device.set(align="left", bold=True, double_height=True)
            _escpos_text(self.device, _("Receipt"))
            self.device.set(align="left", bold=False, normal_textsize=True)
            for line in receipt.lines():
                _escpos_text(self.device, line)
            self.device.image(escpos_qr_image(receipt.qr_payload), center=True)
            self.device.cut()
        except (OSError, ValueError) as error:
            raise PrintError(type(self.device).__name__, str(error)) from error

    def print_card(self, code: str, claims: CitizenClaims) -> None:
        try:
            _escpos_text(self.device, _("Citizen code"))
            _escpos_text(self.device, claims.masked_name)
            self.device.image(escpos_qr_image(code), center=True)
            _escpos_text(self.device, _("Serial {serial}").format(serial=claims.serial))
            self.device.cut()
        except (OSError, ValueError) as error:
            raise PrintError(type(self.device).__name__, str(error)) from error


def printer_for(kind: str, target: Path) -> PaperPrinter | None:
    """The configured printer: ``pdf`` (a folder), ``escpos-file`` (a thermal printer's device file) or ``none``."""
    if kind == "none":
        return None
    if kind == "escpos-file":
        from escpos.printer import File

        return EscPosPrinter(File(str(target)))
    return PdfPrinter(target)
