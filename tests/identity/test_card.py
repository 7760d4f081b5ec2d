from __future__ import annotations

import io
import re

import numpy as np
from PIL import Image

from banshi.identity.card import DPI, card_image, module_size_mm, render_card, render_card_pdf
from banshi.identity.decoders import get_decoder
from banshi.identity.synthetic import card_in_scene

from .support import World


def test_a_printed_card_scans_back_to_the_exact_code(world: World) -> None:
    code = world.code()
    png = Image.open(io.BytesIO(render_card(code, world.claims())))
    assert png.info["dpi"] == (DPI, DPI) or round(png.info["dpi"][0]) == DPI
    assert get_decoder().decode(np.asarray(png.convert("L")))[0].text == code


def test_qr_modules_are_at_least_half_a_millimetre_when_printed() -> None:
    assert module_size_mm() >= 0.5


def test_the_card_still_scans_when_seen_small_and_tilted_by_a_camera(world: World) -> None:
    code = world.code()
    card = np.asarray(card_image(code, world.claims()))
    frames = [card_in_scene(card, card_width=0.4, seed=seed) for seed in range(5)]
    assert sum(bool(get_decoder().decode(f)) for f in frames) >= 4


def test_the_pdf_page_is_the_card_size(world: World) -> None:
    pdf = render_card_pdf(world.code(), world.claims())
    assert pdf.startswith(b"%PDF")
    width, height = (float(v) for v in re.search(rb"/MediaBox \[ ?0 0 ([\d.]+) ([\d.]+)", pdf).groups())  # type: ignore[union-attr]
    assert abs(width / 72 * 25.4 - 148) < 1 and abs(height / 72 * 25.4 - 105) < 1

