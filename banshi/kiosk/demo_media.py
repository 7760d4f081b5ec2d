"""Camera footage for demos and tests: a printed code held up to a camera, written as a video file.

Uses the DEMO issuer key shipped in assets/keys/demo; never for real codes.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
import qrcode

from banshi.identity.card import card_image
from banshi.identity.codes import CitizenClaims, issue_code
from banshi.identity.keyfolder import KeyFolder
from banshi.identity.kinds import RECEIPT_PREFIX
from banshi.identity.synthetic import scan_sequence, write_video
from banshi.paths import asset

DEMO_CITIZEN = {"citizen_ref": "demo-citizen-0001", "name": "王秀英", "birth_year": 1948}


def demo_citizen_code(keys: KeyFolder | None = None, now: int | None = None, id_number: str = "",
                      hub_key: X25519PublicKey | None = None) -> tuple[str, CitizenClaims]:
    """The demo citizen's code; with a hub's key, the full name (and ``id_number``) sealed to that hub."""
    issuer = (keys or KeyFolder(asset("keys", "demo"))).issuer_key()
    claims = CitizenClaims.new(office=issuer.office, issued_at=now or int(time.time()), id_number=id_number,
                               hub_key=hub_key, **DEMO_CITIZEN)
    return issue_code(claims, issuer), claims


FRAME_SIZE = (960, 540)  # a modest webcam; the scan loop replays a file in a loop like a live camera


def citizen_code_video(path: Path, empty_frames: int = 6, card_frames: int = 18, id_number: str = "",
                       hub_key: X25519PublicKey | None = None) -> Path:
    """A camera's view of the demo citizen's printed card, after a few frames of an empty scene."""
    code, claims = demo_citizen_code(id_number=id_number, hub_key=hub_key)
    card = np.asarray(card_image(code, claims))
    return write_video(path, scan_sequence(card, empty_frames, card_frames, FRAME_SIZE))


@functools.lru_cache(maxsize=1)
def shared_citizen_code_video() -> Path:
    """One citizen-code video per process (making one takes a few seconds), removed at exit."""
    folder = Path(tempfile.mkdtemp(prefix="banshi-camera-"))
    atexit.register(shutil.rmtree, folder, True)
    return citizen_code_video(folder / "camera-citizen-code.avi")


def receipt_video(path: Path, transaction_id: str, empty_frames: int = 6, code_frames: int = 18) -> Path:
    """A camera's view of a printed receipt's QR code (the receipt prefix and the transaction id)."""
    image = qrcode.make(f"{RECEIPT_PREFIX}{transaction_id}", box_size=12, border=4).convert("L")
    return write_video(path, scan_sequence(np.asarray(image), empty_frames, code_frames, FRAME_SIZE))
