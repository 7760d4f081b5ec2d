"""Queue tickets on paper: the same 80 mm roll as receipts, through the same two printers (PDF via
QPrinter, thermal rolls via ESC/POS). The number is the largest thing on the page; the QR carries the
ticket's own prefix (``BST:``) and nothing personal."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter

from banshi.hall.ticket_text import PrintedTicket
from banshi.identity.card import qr_image
from banshi.ui.printing import (
    RECEIPT_MM,
    EscPosPrinter,
    PaperPrinter,
    PdfPrinter,
    PrintError,
    _escpos_text,
    _font,
    _paint_block,
    _paint_pdf,
    _pil_to_qimage,
    escpos_qr_image,
    paper_image,
)


def paint_ticket(painter: QPainter, page: QRectF, ticket: PrintedTicket) -> None:
    unit = page.width() / 80.0  # device pixels per millimetre
    margin = 4 * unit
    y = page.top() + margin
    painter.setFont(_font(round(3.6 * unit)))
    y = _paint_block(painter, page, margin, y, ticket.hall_name)
    painter.setFont(_font(round(16 * unit), bold=True))
    number = QRectF(page.left(), y, page.width(), 20 * unit)
    painter.drawText(number, int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter), ticket.code)
    y += 21 * unit
    painter.setFont(_font(round(4.2 * unit), bold=True))
    y = _paint_block(painter, page, margin, y, ticket.lines()[0]) + unit
    painter.setFont(_font(round(3.6 * unit)))
    for line in ticket.lines()[1:]:
        y = _paint_block(painter, page, margin, y, line) + unit
    side = min(page.width() - 2 * margin, page.bottom() - y - margin, 40 * unit)
    painter.drawImage(QRectF(page.left() + (page.width() - side) / 2, y, side, side), _pil_to_qimage(qr_image(ticket.qr)))


def ticket_image(ticket: PrintedTicket, dpi: int = 203) -> QImage:
    """The ticket as an image at ``dpi`` (preview, docs, and what a test decodes)."""
    return paper_image(RECEIPT_MM, lambda painter, page: paint_ticket(painter, page, ticket), dpi)


def ticket_to_pdf(ticket: PrintedTicket, path: Path) -> Path:
    return _paint_pdf(path, RECEIPT_MM, lambda painter, page: paint_ticket(painter, page, ticket))


def ticket_to_escpos(ticket: PrintedTicket, device: object) -> None:
    """Print on an ESC/POS thermal printer (a python-escpos device): the number at 4× size, then the lines."""
    try:
        device.set(align="center", bold=False, normal_textsize=True)  # type: ignore[attr-defined]
        _escpos_text(device, ticket.hall_name)  # type: ignore[arg-type]
        device.set(align="center", bold=True, custom_size=True, width=4, height=4)  # type: ignore[attr-defined]
        _escpos_text(device, ticket.code)  # type: ignore[arg-type]
        device.set(align="left", bold=False, normal_textsize=True)  # type: ignore[attr-defined]
        for line in ticket.lines():
            _escpos_text(device, line)  # type: ignore[arg-type]
        device.image(escpos_qr_image(ticket.qr), center=True)  # type: ignore[attr-defined]
        device.cut()  # type: ignore[attr-defined]
    except (OSError, ValueError) as error:
        raise PrintError(type(device).__name__, str(error)) from error



def print_ticket(printer: PaperPrinter, ticket: PrintedTicket) -> Path | None:
    """The ticket on the kiosk's own printer (the receipts' one): a PDF in its folder, or an ESC/POS roll.
    Raises ``PrintError``; call on the GUI thread (QPrinter is not reliable off it)."""
    if isinstance(printer, EscPosPrinter):
        ticket_to_escpos(ticket, printer.device)
        return None
    if isinstance(printer, PdfPrinter):
        stamp = ticket.issued.replace("-", "").replace(" ", "-").replace(":", "")
        return ticket_to_pdf(ticket, printer.folder / f"ticket-{stamp}-{ticket.code}.pdf")
    raise PrintError(type(printer).__name__, "this printer cannot print queue tickets")
