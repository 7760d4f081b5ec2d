"""A seeded stress set of camera frames for the QR scanner: the everyday hard cases of a service hall.

Every frame is generated from a seed, so the set is the same on every machine and nothing is
stored in the repository. Codes are the ones Banshi issues (citizen codes signed with a key made
from the seed, receipts, tickets) plus the payload texts of ../shared/data/qr-samples when that
folder is present (re-encoded, never the photos themselves). Each kind models one physical cause:

- ``glare``: a laminated card under a ceiling light, a broad specular highlight washing out modules;
- ``bright_spots``: several small saturated reflections (glossy paper, a lamp grid);
- ``crumpled``: smooth random creases with shading, and sometimes a sharp fold;
- ``curved``: a card bent around a cylinder (a receipt held in one hand);
- ``perspective``: the code seen at a steep angle;
- ``motion_blur`` / ``defocus``: a shaky hand, a code held too close;
- ``low_light``: a dim corner and the camera's gain noise;
- ``phone_screen``: a code on a phone: screen-door pixel grid, moiré from resampling, over-exposure
  and bloom, black that glows grey;
- ``occlusion``: a finger holding the card over part of the code (not the finder patterns);
- ``large_frame``: a 12 MP still with a small code in it;
- ``no_code``: frames without any code (backgrounds, printed text, checkerboards, module grids
  with fake finder patterns) — a decoder must return nothing here.

Two splits with different payloads and different seeds: ``tuning`` may be looked at while
improving the pipeline; ``held_out`` is only measured.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np
import qrcode

from banshi.identity.frames import Frame

FULL_HD = (1920, 1080)
TWELVE_MP = (4000, 3000)
_PAPER_MODULE_PX = 8  # the flat code is drawn at this many pixels per module before it is projected


class StressKind(StrEnum):
    GLARE = "glare"
    BRIGHT_SPOTS = "bright_spots"
    CRUMPLED = "crumpled"
    CURVED = "curved"
    PERSPECTIVE = "perspective"
    MOTION_BLUR = "motion_blur"
    DEFOCUS = "defocus"
    LOW_LIGHT = "low_light"
    PHONE_SCREEN = "phone_screen"
    OCCLUSION = "occlusion"
    LARGE_FRAME = "large_frame"
    NO_CODE = "no_code"


class Split(StrEnum):
    TUNING = "tuning"
    HELD_OUT = "held_out"


@dataclass(frozen=True)
class StressCase:
    kind: StressKind
    split: Split
    index: int
    frame: Frame
    expected: str | None  # None: the frame holds no code

    @property
    def name(self) -> str:
        return f"{self.split}/{self.kind}/{self.index}"


# ---- payloads ------------------------------------------------------------------------------------


def _citizen_codes(seed: int, count: int) -> list[str]:
    from cryptography.hazmat.primitives.asymmetric import ed25519

    from banshi.identity.codes import CitizenClaims, issue_code
    from banshi.identity.keys import IssuerKey

    rng = np.random.default_rng(seed)
    office = "Stress Test Office"
    key = IssuerKey(ed25519.Ed25519PrivateKey.from_private_bytes(rng.bytes(32)), office)
    names = ["张三华", "李四", "王芳", "欧阳娜娜", "Wang Fang", "赵·木兰"]
    codes = []
    for number in range(count):
        claims = CitizenClaims.new(f"cit-{seed}-{number:04d}", names[number % len(names)], 1940 + number % 60,
                                   office, 1_800_000_000 + number * 3600, serial=f"s-{seed}-{number}")
        codes.append(issue_code(claims, key))
    return codes


def _sample_payloads(samples: Path | None) -> list[str]:
    if samples is None or not samples.is_dir():
        return []
    texts = []
    for path in sorted(samples.glob("qrcode-*/*.txt")):
        if path.name.endswith(".result.txt"):
            continue
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue
        # Printable texts of a size a hall code has; control characters make the re-encoding ambiguous.
        if 0 < len(text) <= 300 and text.isprintable():
            texts.append(text)
    return sorted(set(texts))


def _stable_half(text: str) -> Split:
    return Split.TUNING if hashlib.sha256(text.encode()).digest()[0] % 2 == 0 else Split.HELD_OUT


@lru_cache(maxsize=4)
def payloads(split: Split, samples: Path | None = None) -> tuple[str, ...]:
    """The payloads of one split: Banshi's own codes (different keys per split) and half the sample texts."""
    seed = 1 if split is Split.TUNING else 2
    banshi = _citizen_codes(seed, 6)
    banshi += [f"BSR:R-2026-{seed}{n:05d}" for n in range(0, 40000, 4999)]
    banshi += [f"BST:{chr(65 + n)}{seed}{n:02d}" for n in range(8)]
    samples_half = [text for text in _sample_payloads(samples) if _stable_half(text) is split]
    return tuple(banshi + samples_half)


# ---- drawing the code and the paper ---------------------------------------------------------------


def _modules(text: str, rng: np.random.Generator) -> np.ndarray:
    """The module matrix (True = dark) with a 4-module quiet zone; Banshi codes use level Q."""
    level = qrcode.constants.ERROR_CORRECT_Q
    if not text.startswith(("BS1:", "BSR:", "BST:")):
        level = [qrcode.constants.ERROR_CORRECT_M, qrcode.constants.ERROR_CORRECT_Q][int(rng.integers(2))]
    qr = qrcode.QRCode(error_correction=level, border=4)
    qr.add_data(text.encode("utf-8"))
    qr.make(fit=True)
    return np.array(qr.get_matrix(), dtype=bool)


def _paper(modules: np.ndarray, rng: np.random.Generator) -> tuple[Frame, int]:
    """A gray card (uint8) with the code on it and lines of 'print' beside it; returns (card, code side px)."""
    side = modules.shape[0] * _PAPER_MODULE_PX
    code = np.where(modules, 25, 235).astype(np.uint8)
    code = cv2.resize(code, (side, side), interpolation=cv2.INTER_NEAREST)
    margin = int(side * rng.uniform(0.08, 0.25))
    text_width = int(side * rng.uniform(0.0, 0.9))
    card = np.full((side + 2 * margin, side + 2 * margin + text_width), int(rng.integers(215, 245)), np.uint8)
    card[margin:margin + side, margin:margin + side] = code
    x0 = side + 2 * margin
    for y in range(margin, side + margin - 20, max(20, side // 9)):  # printed lines of text: dark dashes
        x = x0
        while x < card.shape[1] - margin:
            word = int(rng.integers(8, 40))
            card[y:y + max(4, side // 30), x:min(x + word, card.shape[1] - margin)] = int(rng.integers(20, 80))
            x += word + int(rng.integers(5, 15))
    return card, side


def _background(size: tuple[int, int], rng: np.random.Generator) -> Frame:
    width, height = size
    cells = int(rng.integers(6, 30))
    noise = rng.integers(40, 170, (height // cells + 2, width // cells + 2, 3), dtype=np.uint8)
    scene = cv2.resize(noise, (width, height), interpolation=cv2.INTER_CUBIC)
    for _ in range(int(rng.integers(0, 6))):  # desk edges, a bag strap: straight high-contrast edges
        p1 = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        p2 = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        colour = tuple(int(c) for c in rng.integers(0, 255, 3))
        cv2.line(scene, p1, p2, colour, int(rng.integers(2, 30)))
    return scene


# ---- deformations of the paper (in paper pixels) --------------------------------------------------


def _smooth_field(shape: tuple[int, int], cells: int, rng: np.random.Generator) -> np.ndarray:
    low = rng.normal(0, 1, (cells, cells)).astype(np.float32)
    return cv2.resize(low, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC)


def _crumple(card: Frame, rng: np.random.Generator) -> Frame:
    """Random creases (modules pushed up to about a module aside, shading from the surface slope) and often a fold."""
    h, w = card.shape
    cells = int(rng.integers(4, 9))
    push = _PAPER_MODULE_PX * rng.uniform(0.15, 0.4)
    dx, dy = _smooth_field((h, w), cells, rng) * push, _smooth_field((h, w), cells, rng) * push
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    warped = cv2.remap(card, xs + dx, ys + dy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    height_field = _smooth_field((h, w), cells * 2, rng)
    gy, gx = np.gradient(height_field * (cells * 2 / max(h, w)) * rng.uniform(20, 45))
    light = np.clip(1.0 + gx - 0.7 * gy, 0.45, 1.3)
    shaded = warped.astype(np.float32) * light
    if rng.random() < 0.7:  # a sharp fold: one side shifted and darker, a crease line along it
        angle = rng.uniform(0, np.pi)
        normal = np.array([np.cos(angle), np.sin(angle)], np.float32)
        offset = (xs - w / 2) * normal[0] + (ys - h / 2) * normal[1] - rng.uniform(-0.2, 0.2) * min(h, w)
        side = offset > 0
        shaded[side] *= rng.uniform(0.55, 0.85)
        shaded[np.abs(offset) < 2.5] *= 0.5
    return np.clip(shaded, 0, 255).astype(np.uint8)


def _cylinder(card: Frame, rng: np.random.Generator) -> Frame:
    """The card bent around a cylinder whose axis runs across it: seen from the front, compressed toward the edges."""
    vertical_axis = rng.random() < 0.5
    flat = card if vertical_axis else card.T
    h, w = flat.shape
    arc = rng.uniform(1.6, 2.6)  # radians of cylinder covered by the card
    radius = w / arc
    half_chord = radius * np.sin(arc / 2)
    out_w = int(2 * half_chord)
    u = np.arange(out_w, dtype=np.float32) - half_chord
    theta = np.arcsin(np.clip(u / radius, -1, 1))
    src_x = (theta * radius + w / 2).astype(np.float32)
    map_x = np.repeat(src_x[None, :], h, axis=0)
    map_y = np.repeat(np.arange(h, dtype=np.float32)[:, None], out_w, axis=1)
    bent = cv2.remap(flat, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE).astype(np.float32)
    light_angle = rng.uniform(-0.6, 0.6)
    bent *= np.clip(0.55 + 0.5 * np.cos(theta - light_angle), 0.3, 1.1)[None, :]
    bent = np.clip(bent, 0, 255).astype(np.uint8)
    return bent if vertical_axis else bent.T


def _finger(card: Frame, code_side: int, rng: np.random.Generator) -> Frame:
    """A finger entering over the code from the right or the bottom (the sides without finder patterns)."""
    out = cv2.cvtColor(card, cv2.COLOR_GRAY2BGR)
    h, w = card.shape
    margin = (h - code_side) // 2
    depth = code_side * rng.uniform(0.1, 0.2)  # how far into the code the fingertip reaches
    thickness = code_side * rng.uniform(0.18, 0.26)
    along = margin + code_side * rng.uniform(0.45, 0.62)
    skin = tuple(int(c) for c in (rng.integers(90, 140), rng.integers(130, 175), rng.integers(185, 230)))  # BGR
    if rng.random() < 0.5:  # from the right edge of the code
        tip = (int(margin + code_side - depth), int(along))
        cv2.ellipse(out, tip, (int(code_side), int(thickness / 2)), 0, -90, 90, skin, -1)
        cv2.rectangle(out, (tip[0] + 2, int(along - thickness / 2)), (w, int(along + thickness / 2)), skin, -1)
    else:
        tip = (int(along), int(margin + code_side - depth))
        cv2.ellipse(out, tip, (int(thickness / 2), int(code_side)), 0, 0, 180, skin, -1)
        cv2.rectangle(out, (int(along - thickness / 2), tip[1] + 2), (int(along + thickness / 2), h), skin, -1)
    return out


def _phone_screen(modules: np.ndarray, rng: np.random.Generator) -> tuple[Frame, int]:
    """The code on a phone: RGB sub-pixels with dark gaps (screen door), glowing black, inside a dark body."""
    screen_px = int(rng.integers(3, 6))  # screen pixels per module
    cell = 4  # drawing pixels per screen pixel: three sub-pixel stripes and a gap
    side = modules.shape[0] * screen_px * cell
    on = cv2.resize(modules.astype(np.uint8), (side // cell, side // cell), interpolation=cv2.INTER_NEAREST) == 0
    black = rng.uniform(0.05, 0.3)  # an LCD's black glows
    level = np.where(on, 1.0, black).astype(np.float32)
    level = np.repeat(np.repeat(level, cell, axis=0), cell, axis=1)
    stripes = np.zeros((cell, cell, 3), np.float32)
    for channel, column in ((2, 0), (1, 1), (0, 2)):  # R, G, B stripes (BGR order), last row and column dark
        stripes[: cell - 1, column, channel] = 1.0
    subpixels = np.tile(stripes, (side // cell, side // cell, 1)) * level[:, :, None]
    screen = (subpixels * 255).clip(0, 255)  # over-exposure is applied after the lens (see make_case)
    body_margin = side // 6
    phone = np.full((side + 2 * body_margin, side + 2 * body_margin, 3), 15, np.float32)
    phone[body_margin:body_margin + side, body_margin:body_margin + side] = screen
    return phone.astype(np.uint8), side


# ---- projecting into the scene and the camera ----------------------------------------------------


def _project(paper: Frame, code_side: int, size: tuple[int, int], module_px: float, modules: int,
             tilt: float, rng: np.random.Generator, prefilter: bool = True) -> tuple[Frame, Frame]:
    """Place ``paper`` in a scene of ``size`` so one module is about ``module_px`` camera pixels."""
    scene = _background(size, rng)
    paper_bgr = cv2.cvtColor(paper, cv2.COLOR_GRAY2BGR) if paper.ndim == 2 else paper
    h, w = paper_bgr.shape[:2]
    scale = module_px * modules / code_side
    if scale < 1:  # what the lens does before the sensor samples; a screen's fine grid still aliases (moiré)
        paper_bgr = cv2.GaussianBlur(paper_bgr, (0, 0), (0.45 if prefilter else 0.3) / scale)
    tw, th = w * scale, h * scale
    width, height = size
    cx = rng.uniform(min(tw / 2 + 5, width / 2), max(width - tw / 2 - 5, width / 2))
    cy = rng.uniform(min(th / 2 + 5, height / 2), max(height - th / 2 - 5, height / 2))
    angle = rng.uniform(-np.pi, np.pi) if rng.random() < 0.5 else rng.uniform(-0.3, 0.3)
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    square = np.array([[-tw / 2, -th / 2], [tw / 2, -th / 2], [tw / 2, th / 2], [-tw / 2, th / 2]])
    corners = square @ rotation.T + [cx, cy] + rng.uniform(-tilt, tilt, (4, 2)) * max(tw, th)
    matrix = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), np.float32(corners))
    warped = cv2.warpPerspective(paper_bgr, matrix, size, flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), matrix, size, flags=cv2.INTER_NEAREST)
    scene[mask > 0] = warped[mask > 0]
    return scene, mask


def _glare(scene: Frame, mask: Frame, rng: np.random.Generator, spots: int, radius: tuple[float, float],
           strength: tuple[float, float]) -> Frame:
    ys, xs = np.nonzero(mask)
    if len(xs) == 0:
        return scene
    extent = max(np.ptp(xs), np.ptp(ys))
    middle = np.abs(xs - xs.mean()) + np.abs(ys - ys.mean()) < extent * 0.3  # the light falls on the code
    xs, ys = (xs[middle], ys[middle]) if middle.any() else (xs, ys)
    step = 4  # the light is smooth: draw it at a quarter of the resolution
    light = np.zeros((scene.shape[0] // step + 1, scene.shape[1] // step + 1), np.float32)
    for _ in range(spots):
        pick = int(rng.integers(len(xs)))
        r = extent * rng.uniform(*radius) / step
        blob = np.zeros_like(light)
        axes = (max(1, int(r)), max(1, int(r * rng.uniform(0.4, 1.0))))
        cv2.ellipse(blob, (int(xs[pick]) // step, int(ys[pick]) // step), axes, rng.uniform(0, 180), 0, 360, 1.0, -1)
        blob = cv2.GaussianBlur(blob, (0, 0), max(0.7, r * 0.5))
        light = np.maximum(light, blob / max(float(blob.max()), 1e-6) * rng.uniform(*strength))
    light = cv2.resize(light, (scene.shape[1], scene.shape[0]), interpolation=cv2.INTER_LINEAR)
    out = scene.astype(np.float32) * (1 - light[:, :, None]) + 255 * light[:, :, None]
    return np.clip(out, 0, 255).astype(np.uint8)


def _motion_blur(scene: Frame, rng: np.random.Generator) -> Frame:
    length = int(rng.integers(4, 11))
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2, :] = 1.0
    rotation = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), rng.uniform(0, 180), 1.0)
    kernel = cv2.warpAffine(kernel, rotation, (length, length))
    return cv2.filter2D(scene, -1, kernel / kernel.sum())


def _defocus(scene: Frame, rng: np.random.Generator) -> Frame:
    radius = rng.uniform(1.8, 3.6)
    size = int(np.ceil(radius)) * 2 + 1
    kernel = np.zeros((size, size), np.float32)
    cv2.circle(kernel, (size // 2, size // 2), int(round(radius)), 1.0, -1, lineType=cv2.LINE_AA)
    return cv2.filter2D(scene, -1, kernel / kernel.sum())


def _low_light(scene: Frame, rng: np.random.Generator) -> Frame:
    exposure = rng.uniform(0.07, 0.2)
    dark = scene.astype(np.float32) * exposure
    shot = rng.standard_normal(scene.shape, dtype=np.float32) * np.sqrt(np.maximum(dark, 0.5)) * 0.8
    read = rng.standard_normal(scene.shape, dtype=np.float32) * rng.uniform(0.8, 1.6)
    sensor = np.round(np.clip(dark + shot + read, 0, 255))  # the sensor quantises before the gain
    return np.clip(sensor / exposure * 0.8, 0, 255).astype(np.uint8)


@lru_cache(maxsize=2)
def _vignette(width: int, height: int) -> np.ndarray:
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    return 1.0 - 0.5 * (((xx - width / 2) / width) ** 2 + ((yy - height / 2) / height) ** 2)


def _camera(scene: Frame, rng: np.random.Generator, blur: float = 0.7, noise: float = 3.0) -> Frame:
    """Lens softness, vignetting, sensor noise and JPEG compression: every frame gets these."""
    if blur > 0:
        scene = cv2.GaussianBlur(scene, (0, 0), blur)
    h, w = scene.shape[:2]
    out = scene.astype(np.float32) * _vignette(w, h)[:, :, None]
    out += rng.standard_normal(scene.shape, dtype=np.float32) * noise
    out = np.clip(out, 0, 255).astype(np.uint8)
    ok, data = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(70, 93))])
    return cv2.imdecode(data, cv2.IMREAD_COLOR) if ok else out


# ---- frames without a code -----------------------------------------------------------------------


def _no_code(size: tuple[int, int], rng: np.random.Generator) -> Frame:
    """Hard negatives: printed text, checkerboards, random module grids with fake finder patterns."""
    scene = _background(size, rng)
    variant = int(rng.integers(4))
    if variant == 0:  # a checkerboard (a chess board, floor tiles)
        cell = int(rng.integers(6, 40))
        board = ((np.indices((20, 20)).sum(axis=0) % 2) * 200 + 30).astype(np.uint8)
        board = cv2.resize(board, (20 * cell, 20 * cell), interpolation=cv2.INTER_NEAREST)
        scene[:board.shape[0], :board.shape[1]] = cv2.cvtColor(board, cv2.COLOR_GRAY2BGR)[:size[1], :size[0]]
    elif variant in (1, 2):  # random modules inside three finder patterns: QR-looking, no valid code
        count = int(rng.integers(21, 60))
        grid = rng.random((count, count)) < 0.5
        for y, x in ((0, 0), (0, count - 7), (count - 7, 0)):
            grid[y:y + 7, x:x + 7] = False
            grid[y:y + 7, x:x + 7][[0, -1], :] = True
            grid[y:y + 7, x:x + 7][:, [0, -1]] = True
            grid[y + 2:y + 5, x + 2:x + 5] = True
        padded = np.pad(grid, 4)
        card, side = _paper(padded, rng)
        return _camera(_project(card, side, size, rng.uniform(3, 6), padded.shape[0], 0.1, rng)[0], rng)
    else:  # a page of print
        card, side = _paper(np.zeros((30, 30), bool), rng)
        return _camera(_project(card, side, size, rng.uniform(3, 6), 30, 0.1, rng)[0], rng)
    return _camera(scene, rng)


# ---- one case ------------------------------------------------------------------------------------


def _seed(kind: StressKind, split: Split, index: int) -> list[int]:
    return [0x51 if split is Split.TUNING else 0xB7, list(StressKind).index(kind), index]


@dataclass(frozen=True)
class _Scene:
    pixels: Frame  # the scene as light reaches the lens, before the camera's own effects
    text: str | None
    blur: float
    noise: float


def _scene(kind: StressKind, split: Split, index: int, samples: Path | None,
           rng: np.random.Generator) -> _Scene:  # fmt: skip
    size = TWELVE_MP if kind is StressKind.LARGE_FRAME else FULL_HD
    if kind is StressKind.NO_CODE:
        return _Scene(_no_code(size, rng), None, 0.0, 0.0)
    texts = payloads(split, samples)
    text = texts[int(rng.integers(len(texts)))]
    modules = _modules(text, rng)
    count = modules.shape[0]
    module_px = rng.uniform(3.0, 6.0)
    tilt = 0.06
    blur, noise = 0.7, 3.0
    if kind is StressKind.PHONE_SCREEN:
        paper, side = _phone_screen(modules, rng)
    else:
        paper, side = _paper(modules, rng)
    if kind is StressKind.CRUMPLED:
        paper = _crumple(paper, rng)
    elif kind is StressKind.CURVED:
        paper = _cylinder(paper, rng)
    elif kind is StressKind.OCCLUSION:
        paper = _finger(paper, side, rng)
    elif kind is StressKind.PERSPECTIVE:
        tilt = rng.uniform(0.15, 0.28)
        module_px = rng.uniform(4.0, 7.0)
    elif kind is StressKind.LARGE_FRAME:
        module_px = rng.uniform(3.0, 5.0)
        blur = 1.0
    scene, mask = _project(paper, side, size, module_px, count, tilt, rng,
                           prefilter=kind is not StressKind.PHONE_SCREEN)
    if kind is StressKind.GLARE:
        scene = _glare(scene, mask, rng, 1, (0.15, 0.35), (0.82, 0.95))
    elif kind is StressKind.BRIGHT_SPOTS:
        scene = _glare(scene, mask, rng, int(rng.integers(3, 8)), (0.02, 0.06), (0.95, 1.0))
    elif kind is StressKind.PHONE_SCREEN:  # over-exposed emissive screen; bloom spreads into the black modules
        lit = np.where(mask[:, :, None] > 0, scene.astype(np.float32) * rng.uniform(1.4, 2.4), scene)
        bloom = cv2.GaussianBlur(lit, (0, 0), module_px * 0.6)
        scene = np.clip(lit * 0.75 + bloom * 0.35, 0, 255).astype(np.uint8)
    elif kind is StressKind.MOTION_BLUR:
        scene = _motion_blur(scene, rng)
    elif kind is StressKind.DEFOCUS:
        scene = _defocus(scene, rng)
    elif kind is StressKind.LOW_LIGHT:
        scene = _low_light(scene, rng)
        noise = 1.0
    return _Scene(scene, text, blur, noise)


def make_case(kind: StressKind, split: Split, index: int, samples: Path | None = None) -> StressCase:
    """Case ``index`` of ``kind`` in ``split``; the same arguments give the same frame everywhere."""
    rng = np.random.default_rng(_seed(kind, split, index))
    scene = _scene(kind, split, index, samples, rng)
    if scene.text is None:
        return StressCase(kind, split, index, scene.pixels, None)
    return StressCase(kind, split, index, _camera(scene.pixels, rng, scene.blur, scene.noise), scene.text)


def stress_video(kind: StressKind, split: Split, index: int, frames: int,
                 samples: Path | None = None) -> tuple[str | None, Iterator[Frame]]:  # fmt: skip
    """A code held still in front of the camera: case ``index``'s scene, each frame with its own sensor
    noise and JPEG, and the hand's tremor (a fraction of a pixel of shift and a tenth of a degree)."""
    scene = _scene(kind, split, index, samples, np.random.default_rng(_seed(kind, split, index)))

    def video() -> Iterator[Frame]:
        height, width = scene.pixels.shape[:2]
        for number in range(frames):
            rng = np.random.default_rng([*_seed(kind, split, index), 1000 + number])
            tremor = cv2.getRotationMatrix2D((width / 2, height / 2), rng.normal(0, 0.1), 1.0)
            tremor[:, 2] += rng.normal(0, 0.6, 2)
            moved = cv2.warpAffine(scene.pixels, tremor, (width, height), borderMode=cv2.BORDER_REFLECT)
            yield _camera(moved, rng, scene.blur, scene.noise if scene.text else 3.0)

    return scene.text, video()


def stress_set(split: Split, per_kind: int, samples: Path | None = None,
               kinds: list[StressKind] | None = None) -> Iterator[StressCase]:
    """``per_kind`` cases of every kind (or of ``kinds``), generated one at a time (12 MP frames are big)."""
    for kind in kinds or list(StressKind):
        for index in range(per_kind):
            yield make_case(kind, split, index, samples)


def fingerprint(case: StressCase) -> int:
    """A checksum of a frame's pixels (to show that a seed gives the same frame on every run)."""
    return zlib.crc32(np.ascontiguousarray(case.frame).tobytes())
