"""One transaction record from the builders to the hub: every kind, every field, sealed, signed, unchanged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from banshi.identity.codes import CitizenClaims
from banshi.services.catalog import load_catalog
from banshi.services.records import code_issued, rating, revocation
from banshi.services.transactions import Channel, Transaction, TransactionKind, TransactionRecord
from banshi.sync.device import DeviceCredentials
from banshi.sync.engine import SyncEngine
from banshi.sync.hub.process import HubProcess
from banshi.sync.outbox import Outbox
from banshi.sync.protocol import TransactionEnvelope, TransactionStatus
from tests.sync.conftest import DEVICE_ID, hub_rows

NOW = datetime.now(UTC)


def _filing() -> Transaction:
    service = load_catalog().get("counter_appointment")
    answers = {"matter": "pension", "date": "2025-06-10", "time_slot": "am_0900", "phone": "13800138000"}
    return Transaction.create(service, answers, Channel.KIOSK, DEVICE_ID, NOW, "王秀英")


BUILDERS: dict[TransactionKind, Callable[[], Transaction]] = {
    TransactionKind.FILING: _filing,
    TransactionKind.RATING: lambda: rating("dissatisfied", _filing(), Channel.KIOSK, DEVICE_ID, NOW, "waiting_time"),
    TransactionKind.CODE_ISSUED: lambda: code_issued(
        CitizenClaims.new("CR-9", "王秀英", 1950, "Banshi Demo Office", int(NOW.timestamp())),
        "11010519491231002X", "clerk-7", DEVICE_ID, NOW),
    TransactionKind.REVOCATION: lambda: revocation("0badc0de00000009", "Banshi Demo Office", "lost", "clerk-7",
                                                   DEVICE_ID, NOW),
}


def test_every_kind_has_a_builder_in_the_core() -> None:
    assert set(BUILDERS) == set(TransactionKind)
    assert {kind: builder().kind for kind, builder in BUILDERS.items()} == {kind: kind for kind in TransactionKind}


def test_the_envelope_and_the_hubs_answer_are_derived_from_the_one_record() -> None:
    record_fields = set(TransactionRecord.model_fields)
    assert set(TransactionEnvelope.model_fields) == record_fields, "the envelope declares no fields of its own"
    assert record_fields <= set(TransactionStatus.model_fields) and record_fields <= set(Transaction.model_fields)
    assert set(Transaction.model_fields) - record_fields == {"display"}, "only display stays on the device"


@pytest.mark.parametrize("kind", list(TransactionKind))
def test_every_field_of_every_kind_reaches_the_hub_as_built(
    kind: TransactionKind, tmp_path: Path, signed_hub: HubProcess, credentials: DeviceCredentials
) -> None:
    transaction = BUILDERS[kind]()
    with Outbox(tmp_path / "outbox.sqlite3", seal_to=credentials.hub_sealing_key) as outbox:
        outbox.enqueue(transaction)
        engine = SyncEngine(outbox, signed_hub.url, DEVICE_ID, credentials=credentials, timeout=5.0)
        try:
            assert engine.sync_once().accepted == 1
        finally:
            engine.close()
    stored = hub_rows(signed_hub, transaction.id)
    assert stored is not None
    # Walks the record's own field list, so a field added to TransactionRecord is checked here too.
    assert {name: stored[name] for name in TransactionRecord.model_fields} == transaction.wire_dict()
