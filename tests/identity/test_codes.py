from __future__ import annotations

import zlib
from dataclasses import replace

import base45
import cbor2
import pytest

from banshi.i18n import LazyText
from banshi.identity import cose
from banshi.identity.codes import MAX_DECOMPRESSED_BYTES, issue_code, unpack, verify_code
from banshi.identity.clock import TrustedClock
from banshi.identity.keys import IssuerKey, generate_private_key
from banshi.identity.rejections import CodeRejected, RejectReason
from banshi.identity.trust import TrustList, TrustListError

from .support import NOW, OFFICE, World, make_world, pack, unpack_raw


def rejection(code: str, world: World, clock: TrustedClock) -> RejectReason:
    with pytest.raises(CodeRejected) as caught:
        verify_code(code, world.trust_list, clock)
    assert isinstance(caught.value.user_message, LazyText)
    return caught.value.reason


@pytest.mark.parametrize("algorithm", ["EdDSA", "ES256"])
def test_a_freshly_issued_code_verifies_with_either_algorithm(algorithm: str, clock: TrustedClock) -> None:
    world = make_world(algorithm)
    verified = verify_code(world.code(), world.trust_list, clock)
    assert verified.claims == world.claims()
    assert verified.issuer_office == OFFICE and len(verified.issuer_kid) == 8


def test_the_code_carries_a_masked_name_and_no_full_name(world: World) -> None:
    payload = cose.parse_sign1(unpack_raw(world.code())).payload
    assert "张*华".encode() in payload and "张三华".encode() not in payload


def test_text_without_the_prefix_is_malformed(world: World, clock: TrustedClock) -> None:
    assert rejection("BSX:ABC", world, clock) is RejectReason.MALFORMED


def test_characters_outside_base45_are_malformed(world: World, clock: TrustedClock) -> None:
    assert rejection("BS1:abc", world, clock) is RejectReason.MALFORMED


def test_a_code_cut_short_is_truncated(world: World, clock: TrustedClock) -> None:
    code = world.code()
    assert rejection(code[: len(code) - 30], world, clock) is RejectReason.TRUNCATED


def test_a_code_cut_at_a_dangling_base45_character_is_truncated(world: World, clock: TrustedClock) -> None:
    code = world.code()
    body_length = len(code) - 4
    assert rejection(code[: 4 + body_length - body_length % 3 - 2], world, clock) is RejectReason.TRUNCATED


def test_a_decompression_bomb_is_too_large(world: World, clock: TrustedClock) -> None:
    bomb = "BS1:" + base45.b45encode(zlib.compress(b"\0" * 1_000_000, 9)).decode()
    assert len(bomb) < 4000
    assert rejection(bomb, world, clock) is RejectReason.TOO_LARGE


def test_just_over_the_size_cap_is_too_large(world: World, clock: TrustedClock) -> None:
    assert rejection(pack(b"\0" * (MAX_DECOMPRESSED_BYTES + 1)), world, clock) is RejectReason.TOO_LARGE


def test_bytes_changed_after_issuing_are_caught_as_tampered(world: World, clock: TrustedClock) -> None:
    original = unpack_raw(world.code())
    altered = original.replace("张*华".encode(), "李*华".encode())
    compressed = zlib.compress(original)
    # Re-deflate the altered bytes but keep the original Adler-32 trailer, as a hand edit would.
    forged = zlib.compress(altered)[:-4] + compressed[-4:]
    code = "BS1:" + base45.b45encode(forged).decode()
    assert rejection(code, world, clock) is RejectReason.TAMPERED


def test_changed_claims_repacked_fail_the_signature(world: World, clock: TrustedClock) -> None:
    altered = unpack_raw(world.code()).replace("张*华".encode(), "李*华".encode())
    assert rejection(pack(altered), world, clock) is RejectReason.BAD_SIGNATURE


def test_a_code_signed_by_an_impostor_using_the_issuers_key_id_has_a_bad_signature(
    world: World, clock: TrustedClock
) -> None:
    impostor = generate_private_key("EdDSA")
    payload = cose.parse_sign1(unpack_raw(world.code())).payload
    protected = cbor2.dumps({1: cose.ALG_EDDSA, 4: world.issuer.kid})
    signature = impostor.sign(cbor2.dumps(["Signature1", protected, b"", payload]))
    forged = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, payload, signature]))
    assert rejection(pack(forged), world, clock) is RejectReason.BAD_SIGNATURE


def _with_alg(code: str, alg: int) -> str:
    message = cose.parse_sign1(unpack_raw(code))
    protected = cbor2.dumps({1: alg, 4: message.kid})
    return pack(cbor2.dumps(cbor2.CBORTag(18, [protected, {}, message.payload, message.signature])))


def test_an_unsupported_algorithm_is_rejected(world: World, clock: TrustedClock) -> None:
    assert rejection(_with_alg(world.code(), -37), world, clock) is RejectReason.WRONG_ALGORITHM


def test_an_algorithm_that_does_not_match_the_issuers_key_is_rejected(world: World, clock: TrustedClock) -> None:
    assert rejection(_with_alg(world.code(), cose.ALG_ES256), world, clock) is RejectReason.WRONG_ALGORITHM


def test_a_key_not_on_the_trust_list_is_an_unknown_issuer(world: World, clock: TrustedClock) -> None:
    stranger = IssuerKey(generate_private_key(), OFFICE)
    assert rejection(issue_code(world.claims(), stranger), world, clock) is RejectReason.UNKNOWN_ISSUER


def test_a_trusted_key_signing_for_another_office_is_an_unknown_issuer(world: World, clock: TrustedClock) -> None:
    other_office = IssuerKey(world.issuer.private_key, "Elsewhere")
    code = issue_code(replace(world.claims(), office="Elsewhere"), other_office)
    assert rejection(code, world, clock) is RejectReason.UNKNOWN_ISSUER


def test_an_expired_code_is_rejected(world: World, clock: TrustedClock) -> None:
    assert rejection(world.code(expires_at=NOW - 1), world, clock) is RejectReason.EXPIRED


def test_a_code_issued_in_the_future_is_not_yet_valid(world: World, clock: TrustedClock) -> None:
    assert rejection(world.code(issued_at=NOW + 3600), world, clock) is RejectReason.NOT_YET_VALID


def test_a_revoked_serial_is_rejected(world: World, clock: TrustedClock) -> None:
    revoked = TrustList.build(world.root, [world.issuer], issued_at=NOW - 60, revoked_serials=["s-0001"])  # type: ignore[arg-type]
    with pytest.raises(CodeRejected) as caught:
        verify_code(world.code(), revoked, clock)
    assert caught.value.reason is RejectReason.REVOKED_SERIAL


def test_a_revoked_issuer_key_is_rejected(world: World, clock: TrustedClock) -> None:
    revoked = TrustList.build(world.root, [world.issuer], issued_at=NOW - 60, revoked_kids=[world.issuer.kid])  # type: ignore[arg-type]
    with pytest.raises(CodeRejected) as caught:
        verify_code(world.code(), revoked, clock)
    assert caught.value.reason is RejectReason.REVOKED_KEY


def test_a_clock_rolled_back_below_trusted_time_is_not_trusted(world: World) -> None:
    clock = TrustedClock(None, wall=lambda: float(NOW))
    clock.observe(NOW + 7 * 86400)
    assert rejection(world.code(), world, clock) is RejectReason.TIME_NOT_TRUSTED


def test_a_clock_earlier_than_the_trust_lists_issue_time_is_not_trusted(world: World) -> None:
    clock = TrustedClock(None, wall=lambda: float(NOW - 7 * 86400))
    assert rejection(world.code(), world, clock) is RejectReason.TIME_NOT_TRUSTED


def test_an_old_trust_list_is_stale(world: World) -> None:
    clock = TrustedClock(None, wall=lambda: float(NOW + 8 * 86400))
    assert rejection(world.code(), world, clock) is RejectReason.TRUST_LIST_STALE


def test_the_trust_list_round_trips_through_bytes_under_its_root_key(world: World) -> None:
    loaded = TrustList.from_bytes(world.trust_list.to_bytes(), world.root.public_key())  # type: ignore[attr-defined]
    assert loaded == world.trust_list


def test_a_trust_list_under_another_root_is_refused(world: World) -> None:
    with pytest.raises(TrustListError):
        TrustList.from_bytes(world.trust_list.to_bytes(), generate_private_key().public_key())


def test_a_damaged_trust_list_is_refused(world: World) -> None:
    data = bytearray(world.trust_list.to_bytes())
    data[len(data) // 2] ^= 0x01
    with pytest.raises(TrustListError) as caught:
        TrustList.from_bytes(bytes(data), world.root.public_key())  # type: ignore[attr-defined]
    assert isinstance(caught.value.user_message, LazyText)


def test_unpack_returns_the_signed_message(world: World) -> None:
    assert cose.parse_sign1(unpack(world.code())).kid == world.issuer.kid
