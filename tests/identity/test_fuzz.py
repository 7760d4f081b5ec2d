"""Fuzz the whole decode chain: nothing but CodeRejected escapes, and nothing is slow."""

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


def rejects_or_verifies(text: str) -> None:
    try:
        verify_code(text, WORLD.trust_list, CLOCK)
    except CodeRejected:
        pass


@FUZZ
@given(st.text(max_size=600))
def test_arbitrary_text_is_only_ever_rejected(text: str) -> None:
    rejects_or_verifies(text)
    rejects_or_verifies("BS1:" + text)


@FUZZ
@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", max_size=900))
def test_arbitrary_base45_is_only_ever_rejected(body: str) -> None:
    rejects_or_verifies("BS1:" + body)


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_compressed_bytes_are_only_ever_rejected(data: bytes) -> None:
    rejects_or_verifies("BS1:" + base45.b45encode(data).decode())
    rejects_or_verifies(pack(data))


@FUZZ
@given(st.integers(min_value=0, max_value=len(VALID) - 1), st.sampled_from("0Z $%*+-./:A"))
def test_any_single_character_change_of_a_valid_code_is_rejected(position: int, replacement: str) -> None:
    mutated = VALID[:position] + replacement + VALID[position + 1 :]
    if mutated != VALID:
        try:
            verify_code(mutated, WORLD.trust_list, CLOCK)
        except CodeRejected:
            return
        raise AssertionError("a changed code was accepted")


_cbor_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.binary(max_size=40) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=5),
    max_leaves=20,
)


@FUZZ
@given(_cbor_values)
def test_arbitrary_cbor_structures_are_only_ever_rejected(value: object) -> None:
    rejects_or_verifies(pack(cbor2.dumps(value)))
    rejects_or_verifies(pack(cbor2.dumps(cbor2.CBORTag(18, value))))


@FUZZ
@given(_cbor_values, st.sampled_from([0, 1, 2, 3]))
def test_a_valid_message_with_one_part_replaced_is_only_ever_rejected(value: object, index: int) -> None:
    parts = cbor2.loads(unpack_raw(VALID)).value
    parts[index] = value if index != 0 else cbor2.dumps(value)
    rejects_or_verifies("BS1:" + base45.b45encode(zlib.compress(cbor2.dumps(cbor2.CBORTag(18, parts)))).decode())
