"""Printable citizen-code cards (PNG and PDF) sized to scan from 30–60 cm.

Size math (documented in docs/identity.md): the card is A6 landscape (148 × 105 mm) at
300 dpi. Each QR module is 12 px = 1.016 mm. A kiosk camera with a 60° horizontal field of
view sees a 69 cm wide scene at 60 cm; at 1280 px across that is 0.54 mm per pixel, so a
module spans ~1.9 px (2.8 px with a 1080p camera); at 30 cm it spans ~3.8 px. zxing-cpp
needs roughly 2 px per module, so 1 mm modules keep 60 cm usable with a 720p camera, where
the 0.5 mm minimum would not. Error correction level Q survives creases and glare.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

from banshi.i18n import _
from banshi.identity.codes import CitizenClaims

DPI = 300
MM_PER_INCH = 25.4
CARD_MM = (148.0, 105.0)
MODULE_PX = 12
QUIET_ZONE_MODULES = 4
_FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)


def mm_to_px(mm: float) -> int:
    return round(mm / MM_PER_INCH * DPI)


def module_size_mm() -> float:
    return MODULE_PX / DPI * MM_PER_INCH


def qr_image(text: str) -> Image.Image:
    """The QR symbol alone, at print resolution, with a 4-module quiet zone."""
    qr = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_Q, box_size=MODULE_PX, border=QUIET_ZONE_MODULES
    )
    qr.add_data(text)
    qr.make(fit=True)
    return qr.make_image(fill_color="black", back_color="white").get_image().convert("L")


def _font(size_px: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in _FONT_CANDIDATES:
        if Path(candidate).is_file():
            return ImageFont.truetype(candidate, size_px)
    return ImageFont.load_default(size_px)


def _card_lines(claims: CitizenClaims) -> list[str]:
    until = datetime.fromtimestamp(claims.expires_at, UTC).strftime("%Y-%m-%d")
    return [
        claims.masked_name,
        _("Born {year}").format(year=claims.birth_year),
        claims.office,
        _("Valid until {date}").format(date=until),
        _("Serial {serial}").format(serial=claims.serial),
    ]


def card_image(code: str, claims: CitizenClaims) -> Image.Image:
    """The whole card: QR on the left, the masked claims on the right (no ID number anywhere)."""
    card = Image.new("L", (mm_to_px(CARD_MM[0]), mm_to_px(CARD_MM[1])), 255)
    symbol = qr_image(code)
    margin = mm_to_px(6)
    card.paste(symbol, (margin, (card.height - symbol.height) // 2))
    draw = ImageDraw.Draw(card)
    x, y = margin + symbol.width + margin // 2, margin * 2
    draw.text((x, margin // 2), _("Citizen code"), font=_font(mm_to_px(6)), fill=0)
    for line in _card_lines(claims):
        draw.text((x, y), line, font=_font(mm_to_px(4.5)), fill=0)
        y += mm_to_px(8)
    return card


def render_card(code: str, claims: CitizenClaims) -> bytes:
    """The card as PNG bytes (300 dpi recorded in the file)."""
    buffer = io.BytesIO()
    card_image(code, claims).save(buffer, format="PNG", dpi=(DPI, DPI))
    return buffer.getvalue()


def render_card_pdf(code: str, claims: CitizenClaims) -> bytes:
    """The card as a one-page PDF whose page is exactly the card size."""
    buffer = io.BytesIO()
    card_image(code, claims).save(buffer, format="PDF", resolution=DPI)
    return buffer.getvalue()
