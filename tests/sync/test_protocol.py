from __future__ import annotations

import json

import pytest

from banshi.services.transactions import Transaction
from banshi.sync.errors import InvalidTransactionError
from banshi.sync.protocol import PushResponse, PushStatus, TransactionEnvelope
from tests.sync.conftest import MakeTransaction


def test_the_envelope_drops_the_device_only_display_fields(make_transaction: MakeTransaction) -> None:
    envelope = TransactionEnvelope.of(make_transaction())
    assert b"display" not in envelope.canonical_bytes()
    assert "masked_name" not in envelope.model_dump()


def test_canonical_bytes_are_sorted_compact_utf8_json(make_transaction: MakeTransaction) -> None:
    transaction = make_transaction()
    data = TransactionEnvelope.of(transaction).canonical_bytes()
    assert data.startswith(b'{"answers":{"full_name":"\xe5\xbc\xa0\xe4\xbc\x9f"')  # 张伟, not \u escapes
    assert b", " not in data and b": " not in data
    assert list(json.loads(data)) == sorted(json.loads(data))


def test_canonical_bytes_survive_a_trip_over_the_wire_unchanged(make_transaction: MakeTransaction) -> None:
    envelope = TransactionEnvelope.of(make_transaction())
    received = TransactionEnvelope.model_validate_json(envelope.model_dump_json())
    assert received.canonical_bytes() == envelope.canonical_bytes()


@pytest.mark.parametrize("change", [{"extra": "x"}, {"display": {"masked_name": "张*"}}, {"answers": None}])
def test_wire_fields_other_than_a_transactions_are_refused(make_transaction: MakeTransaction, change: dict) -> None:
    fields = {**make_transaction().wire_dict(), **change}
    if change.get("answers", "") is None:
        del fields["answers"]
    with pytest.raises(InvalidTransactionError, match=next(iter(change))):
        TransactionEnvelope.parse(fields)


@pytest.mark.parametrize(
    "field, value",
    [
        ("id", "not-a-uuid"),
        ("id", "0190b3a2-7c1e-4abc-8def-0123456789ab"),  # a UUIDv4
        ("id", "01A236F7-3E98-71D1-95E2-401F07BD82D5"),  # a v7 id in capitals: the same id spelt otherwise would dodge dedup
        ("created_at", "2026-01-01T08:00:00+08:00"),
        ("created_at", "yesterday"),
        ("service_version", "1"),
        ("answers", {"age": 80}),
    ],
)
def test_malformed_fields_are_refused_with_the_field_named(
    make_transaction: MakeTransaction, field: str, value: object
) -> None:
    with pytest.raises(InvalidTransactionError) as raised:
        TransactionEnvelope.parse({**make_transaction().wire_dict(), field: value})
    assert field in str(raised.value)
    assert str(raised.value.user_message)
    with pytest.raises(ValueError, match=field):  # and the device cannot build one either
        Transaction(**{**make_transaction().to_dict(), field: value})


def test_a_push_response_with_an_unknown_status_does_not_parse() -> None:
    with pytest.raises(ValueError):
        PushResponse.model_validate_json(b'{"results":[{"id":"x","status":"maybe"}]}')
    parsed = PushResponse.model_validate_json(b'{"results":[{"id":"x","status":"duplicate","reason":null}]}')
    assert parsed.results[0].status is PushStatus.DUPLICATE


def test_every_refusal_reason_answers_with_its_own_client_error_and_an_unknown_reason_cannot_be_raised() -> None:
    from banshi.sync.errors import RequestRefused
    from banshi.sync.protocol.refusals import RefusalReason

    assert all(400 <= reason.status < 500 for reason in RefusalReason)
    assert (RefusalReason.REPLAYED.status, RefusalReason.WRONG_ROLE.status, RefusalReason.TOO_LARGE.status) == (
        409, 403, 413)
    refused = RequestRefused("replayed", "this nonce was already used")
    assert refused.reason is RefusalReason.REPLAYED and refused.reason.status == 409
    with pytest.raises(ValueError):
        RequestRefused("replyed", "a misspelt reason used to become a 401 unnoticed")
