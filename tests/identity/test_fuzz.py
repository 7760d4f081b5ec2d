"""Fuzz the whole decode chain: everything that is not the valid code is rejected (CodeRejected, nothing
else escapes, nothing verifies), and nothing is slow."""

from __future__ import annotations

import zlib

import base45
import cbor2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banshi.identity.clock import TrustedClock
from banshi.identity.codes import verify_code
from banshi.identity.rejections import CodeRejected

from .support import NOW, World, make_world, pack, unpack_raw

WORLD: World = make_world()
VALID = WORLD.code()
CLOCK = TrustedClock(None, wall=lambda: float(NOW))
FUZZ = settings(max_examples=200, deadline=100, suppress_health_check=[HealthCheck.too_slow])


def rejected(text: str) -> None:
    """Fails the test unless ``text`` is refused with CodeRejected (an accepted code fails it too)."""
    try:
        verify_code(text, WORLD.trust_list, CLOCK)
    except CodeRejected:
        return
    raise AssertionError(f"accepted: {text[:80]!r}")


@FUZZ
@given(st.text(max_size=600))
def test_arbitrary_text_is_only_ever_rejected(text: str) -> None:
    rejected(text)
    rejected("BS1:" + text)


@FUZZ
@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", max_size=900))
def test_arbitrary_base45_is_only_ever_rejected(body: str) -> None:
    rejected("BS1:" + body)


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_compressed_bytes_are_only_ever_rejected(data: bytes) -> None:
    rejected("BS1:" + base45.b45encode(data).decode())
    rejected(pack(data))


@FUZZ
@given(st.integers(min_value=0, max_value=len(VALID) - 1), st.sampled_from("0Z $%*+-./:A"))
def test_any_single_character_change_of_a_valid_code_is_rejected(position: int, replacement: str) -> None:
    mutated = VALID[:position] + replacement + VALID[position + 1 :]
    if mutated != VALID:
        rejected(mutated)


_cbor_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.binary(max_size=40) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=5),
    max_leaves=20,
)


@FUZZ
@given(_cbor_values)
def test_arbitrary_cbor_structures_are_only_ever_rejected(value: object) -> None:
    rejected(pack(cbor2.dumps(value)))
    rejected(pack(cbor2.dumps(cbor2.CBORTag(18, value))))


def _with_part(index: int, replacement: object) -> str:
    parts = cbor2.loads(unpack_raw(VALID)).value
    parts[index] = replacement
    return "BS1:" + base45.b45encode(zlib.compress(cbor2.dumps(cbor2.CBORTag(18, parts)))).decode()


@FUZZ
@given(_cbor_values, st.sampled_from([0, 2, 3]))
def test_a_valid_message_with_a_signed_part_replaced_is_rejected(value: object, index: int) -> None:
    replacement = value if index != 0 else cbor2.dumps(value)  # 0: the protected header, 2: payload, 3: signature
    if replacement != cbor2.loads(unpack_raw(VALID)).value[index]:
        rejected(_with_part(index, replacement))


@FUZZ
@given(_cbor_values)
def test_the_unsigned_header_is_ignored_when_it_is_a_map_and_rejected_when_it_is_not(value: object) -> None:
    # COSE leaves the unprotected header outside the signature, so nothing is read from it.
    if not isinstance(value, dict):
        rejected(_with_part(1, value))
        return
    verified = verify_code(_with_part(1, value), WORLD.trust_list, CLOCK)
    assert verified.claims == verify_code(VALID, WORLD.trust_list, CLOCK).claims
