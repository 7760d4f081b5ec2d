"""Receipts and cards on paper: the receipt QR printed to PDF or ESC/POS reads back with our own decoder."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from escpos.printer import Dummy, File
from PIL import Image
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument

from banshi.identity.check import IdentityCheck
from banshi.identity.clock import TrustedClock
from banshi.identity.codes import CitizenClaims, issue_code
from banshi.identity.decoders import MultiPassDecoder
from banshi.identity.keyfolder import KeyFolder
from banshi.identity.kinds import CodeKind
from banshi.paths import asset
from banshi.services.catalog import load_catalog
from banshi.services.transactions import Transaction
from banshi.ui.printing import (
    EscPosPrinter, PdfPrinter, Receipt, card_to_pdf, escpos_qr_image, qimage_to_gray, receipt_for, receipt_image,
    receipt_to_pdf,
)

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def receipt() -> Receipt:
    service = load_catalog().get("residence_certificate")
    transaction = Transaction.create(service, {"copies": "1"}, "counter", "counter-01", datetime.now(UTC), "王秀英")
    return receipt_for(transaction, service)


def _decode(frame: np.ndarray) -> list[str]:
    return [code.text for code in MultiPassDecoder().decode(frame)]


def _pdf_page_image(path: Path, dpi: int = 200) -> QImage:
    document = QPdfDocument(None)
    document.load(str(path))
    assert document.pageCount() == 1
    points = document.pagePointSize(0)
    image = document.render(0, QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi)))
    document.close()
    return image


def test_a_receipt_shows_only_masked_personal_data(receipt: Receipt) -> None:
    text = "\n".join(receipt.lines())
    assert "王*英" in text and "王秀英" not in text
    assert receipt.qr_payload.startswith("BSR:") and receipt.reference in text


def test_the_receipt_image_qr_reads_back_as_a_receipt(receipt: Receipt) -> None:
    assert _decode(qimage_to_gray(receipt_image(receipt))) == [receipt.qr_payload]


def test_the_receipt_pdf_is_one_page_whose_qr_our_scanner_reads(receipt: Receipt, tmp_path: Path) -> None:
    path = receipt_to_pdf(receipt, tmp_path / "receipt.pdf")
    assert path.read_bytes().startswith(b"%PDF")
    texts = _decode(qimage_to_gray(_pdf_page_image(path)))
    assert texts == [receipt.qr_payload]
    keys = KeyFolder(asset("keys", "demo"))
    check = IdentityCheck(keys.trust_list(), TrustedClock(tmp_path / "clock.json"))
    result = check.interpret(texts[0])
    assert result.kind is CodeKind.RECEIPT and result.reference == receipt.qr_payload[4:]


def test_a_citizen_code_card_pdf_verifies_after_printing(tmp_path: Path) -> None:
    keys = KeyFolder(asset("keys", "demo"))
    claims = CitizenClaims.new("ref-1", "王秀英", 1950, keys.issuer_key().office, int(time.time()))
    code = issue_code(claims, keys.issuer_key())
    path = card_to_pdf(code, claims, tmp_path / "card.pdf")
    texts = _decode(qimage_to_gray(_pdf_page_image(path, dpi=150)))
    check = IdentityCheck(keys.trust_list(), TrustedClock(tmp_path / "clock.json"))
    verified = check.interpret(texts[0]).citizen
    assert verified is not None and verified.claims.serial == claims.serial


def test_the_pdf_printer_writes_receipts_into_its_folder(receipt: Receipt, tmp_path: Path) -> None:
    PdfPrinter(tmp_path / "spool").print_receipt(receipt)
    assert [p.name for p in (tmp_path / "spool").iterdir()] == [f"receipt-{receipt.reference}.pdf"]


def test_an_escpos_receipt_prints_chinese_in_gb18030_and_a_readable_qr(receipt: Receipt) -> None:
    device = Dummy()
    EscPosPrinter(device).print_receipt(receipt)
    output = device.output
    assert "王*英".encode("gb18030") in output and "王秀英".encode("gb18030") not in output
    assert receipt.reference.encode("ascii") in output
    assert b"\x1dV" in output, "the paper is cut"
    symbol = escpos_qr_image(receipt.qr_payload)
    padded = Image.new("L", (symbol.width + 80, symbol.height + 80), 255)
    padded.paste(symbol.convert("L"), (40, 40))
    assert _decode(np.asarray(padded)) == [receipt.qr_payload]


def test_an_escpos_file_printer_receives_the_bytes(receipt: Receipt, tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    device = File(str(target))
    EscPosPrinter(device).print_receipt(receipt)
    device.close()
    assert receipt.reference.encode("ascii") in target.read_bytes()

