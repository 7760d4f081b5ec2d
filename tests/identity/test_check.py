from __future__ import annotations

from pathlib import Path

import numpy as np
import qrcode

from banshi.identity.card import card_image
from banshi.identity.check import IdentityCheck, IdentityResult
from banshi.identity.clock import TrustedClock
from banshi.identity.frames import video_file
from banshi.identity.kinds import CodeKind
from banshi.identity.rejections import RejectReason
from banshi.identity.synthetic import card_in_scene, empty_scene, scan_sequence, write_video

from .support import NOW, World


def _check(world: World, clock: TrustedClock) -> tuple[IdentityCheck, list[IdentityResult]]:
    check = IdentityCheck(world.trust_list, clock)
    results: list[IdentityResult] = []
    check.on_result(results.append)
    return check, results


def _printed(text: str) -> np.ndarray:
    return np.asarray(qrcode.make(text, box_size=8).get_image().convert("L"))


def test_a_citizen_code_on_video_is_verified_once(world: World, clock: TrustedClock, tmp_path: Path) -> None:
    check, results = _check(world, clock)
    card = np.asarray(card_image(world.code(), world.claims()))
    source = video_file(write_video(tmp_path / "scan.avi", scan_sequence(card, empty_frames=3, card_frames=6)))
    for frame in source.frames():
        check.feed(frame)
    source.close()
    assert len(results) == 1
    assert results[0].accepted and results[0].citizen is not None
    assert results[0].citizen.claims.masked_name == "张*华"


def test_a_single_glimpse_of_a_code_is_not_accepted(world: World, clock: TrustedClock) -> None:
    check, results = _check(world, clock)
    card = np.asarray(card_image(world.code(), world.claims()))
    for frame in (empty_scene(), card_in_scene(card), empty_scene(seed=2)):
        check.feed(frame)
    assert results == []


def test_a_receipt_code_yields_its_reference(world: World, clock: TrustedClock) -> None:
    check, results = _check(world, clock)
    for _ in range(2):
        check.feed(_printed("BSR:R-2026-000123"))
    assert [(r.kind, r.reference) for r in results] == [(CodeKind.RECEIPT, "R-2026-000123")]


def test_a_foreign_code_gets_the_friendly_not_ours_message(world: World, clock: TrustedClock) -> None:
    check, results = _check(world, clock)
    for _ in range(2):
        check.feed(_printed("https://example.org/pay?id=1"))
    assert results[0].kind is CodeKind.UNKNOWN and not results[0].accepted
    assert results[0].user_message is not None
    assert "not one we can read" in results[0].user_message.render("en")


def test_an_expired_citizen_code_is_reported_with_its_reason(world: World, clock: TrustedClock) -> None:
    check, results = _check(world, clock)
    for _ in range(2):
        check.feed(_printed(world.code(expires_at=NOW - 10)))
    assert results[0].reason is RejectReason.EXPIRED and not results[0].accepted
    assert results[0].user_message is not None


def test_after_reset_the_same_code_is_read_again(world: World, clock: TrustedClock) -> None:
    check, results = _check(world, clock)
    frame = _printed("BST:A042")
    for _ in range(2):
        check.feed(frame)
    check.reset()
    for _ in range(2):
        check.feed(frame)
    assert [r.reference for r in results] == ["A042", "A042"]
