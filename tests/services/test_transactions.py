from __future__ import annotations

import json
import re
import time
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest

from banshi.services import Catalog, Channel, Transaction, TransactionFormatError, TransactionKind, uuid7
from banshi.services.records import RatingLevel, RatingReason, RevocationReason, rating, revocation

NOW = datetime(2025, 6, 2, 9, 30, 15, 123000, tzinfo=UTC)
READABLE_REFERENCE = re.compile(r"BS-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}")  # no 0/O, no 1/I: nothing to misread


def transaction(catalog: Catalog, now: datetime = NOW, name: str = "王秀英") -> Transaction:
    service = catalog.get("counter_appointment")
    answers = {"matter": "pension", "date": "2025-06-10", "time_slot": "am_0900", "phone": "13800138000"}
    return Transaction.create(service, answers, "kiosk", "kiosk-01", now, name)


# ----- UUIDv7

def test_uuid7_sets_the_version_and_variant_bits() -> None:
    value = uuid.UUID(uuid7())
    assert value.version == 7
    assert value.variant == uuid.RFC_4122


def test_uuid7_carries_the_unix_millisecond_timestamp() -> None:
    ms = time.time_ns() // 1_000_000 + 10_000  # later than any id made so far in this process
    assert uuid.UUID(uuid7(ms)).int >> 80 == ms


def test_uuid7_ids_sort_in_creation_order_even_within_one_millisecond() -> None:
    ids = [uuid7() for _ in range(5000)]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_uuid7_stays_ordered_when_the_clock_steps_back() -> None:
    first = uuid7()
    assert uuid7(int(datetime(2020, 1, 1, tzinfo=UTC).timestamp() * 1000)) > first


# ----- the transaction

def test_created_at_is_utc_iso_8601_whatever_the_device_time_zone(catalog: Catalog) -> None:
    beijing = NOW.astimezone(timezone(timedelta(hours=8)))
    assert transaction(catalog, beijing).created_at == "2025-06-02T09:30:15.123Z"


def test_a_naive_time_is_refused(catalog: Catalog) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        transaction(catalog, NOW.replace(tzinfo=None))


def test_the_transaction_id_is_a_uuid7(catalog: Catalog) -> None:
    assert uuid.UUID(transaction(catalog).id).version == 7


def test_to_dict_has_exactly_the_agreed_keys_and_round_trips(catalog: Catalog) -> None:
    original = transaction(catalog)
    data = original.to_dict()
    assert list(data) == ["id", "service_id", "service_version", "answers", "channel", "device_id", "created_at", "display"]
    assert Transaction.from_dict(json.loads(json.dumps(data))) == original


def test_from_dict_refuses_missing_or_extra_keys(catalog: Catalog) -> None:
    data = transaction(catalog).to_dict()
    data["extra"] = data.pop("channel")
    with pytest.raises(TransactionFormatError, match=r"missing \['channel'\], unexpected \['extra'\]"):
        Transaction.from_dict(data)


def test_from_dict_refuses_answers_that_are_not_strings(catalog: Catalog) -> None:
    data = transaction(catalog).to_dict()
    data["answers"]["phone"] = 13800138000
    with pytest.raises(TransactionFormatError, match="'answers' must map strings to strings"):
        Transaction.from_dict(data)


def test_canonical_json_is_compact_sorted_utf8_and_stable(catalog: Catalog) -> None:
    original = transaction(catalog)
    encoded = original.canonical_json()
    assert encoded.startswith(b'{"answers":{"date":"2025-06-10","matter":"pension"')
    assert b" " not in encoded.replace("预约窗口办理".encode(), b"").replace(b"Book a counter appointment", b"")
    assert "预约窗口办理".encode() in encoded
    assert Transaction.from_dict(json.loads(encoded)).canonical_json() == encoded


def test_the_display_holds_only_the_title_and_a_masked_name(catalog: Catalog) -> None:
    display = transaction(catalog).display
    assert display == {"service_title_zh_CN": "预约窗口办理", "service_title_en": "Book a counter appointment",
                       "masked_name": "王*英"}


def test_the_reference_is_short_readable_and_deterministic(catalog: Catalog) -> None:
    original = transaction(catalog)
    assert READABLE_REFERENCE.fullmatch(original.reference)
    assert Transaction.from_dict(original.to_dict()).reference == original.reference


def test_the_reference_comes_from_the_random_bits_not_the_clock(catalog: Catalog) -> None:
    references = {transaction(catalog).reference for _ in range(2000)}
    assert len(references) == 2000


def test_a_known_id_gives_a_known_reference(catalog: Catalog) -> None:
    data = transaction(catalog).to_dict() | {"id": "01890a5d-ac96-774b-bcce-b302099a8057"}
    # rand_b = 0x3cceb302099a8057; its top 40 bits are 0xF33ACC0826, eight 5-bit symbols of REFERENCE_ALPHABET.
    assert Transaction.from_dict(data).reference == "BS-YEXE-S438"


# ----- kinds and their builders

def test_a_filing_is_of_the_filing_kind_and_a_record_kind_is_named_by_its_id(catalog: Catalog) -> None:
    assert transaction(catalog).kind is TransactionKind.FILING
    revoked = revocation("0badc0de", "Office", RevocationReason.LOST, "clerk-7", "counter-01", NOW)
    assert revoked.kind is TransactionKind.REVOCATION and revoked.service_id == "citizen_code_revocation"


def test_no_catalog_service_takes_the_id_of_a_record_kind(catalog: Catalog) -> None:
    assert not {service.id for service in catalog} & {kind.value for kind in TransactionKind}


def test_a_bad_rating_is_tied_to_the_case_and_marked_for_a_call_back_by_the_next_working_day(catalog: Catalog) -> None:
    filed = transaction(catalog)
    friday = datetime(2025, 6, 6, 16, 0, tzinfo=UTC)
    rated = rating(RatingLevel.VERY_DISSATISFIED, filed, Channel.COUNTER, "counter-01", friday, RatingReason.UNCLEAR)
    assert rated.answers == {"rating": "very_dissatisfied", "rated_transaction_id": filed.id,
                             "rated_reference": filed.reference, "reason": "unclear", "callback_by": "2025-06-09"}


def test_a_good_rating_asks_for_no_call_back(catalog: Catalog) -> None:
    rated = rating(RatingLevel.BASICALLY_SATISFIED, transaction(catalog), Channel.KIOSK, "kiosk-01", NOW)
    assert "callback_by" not in rated.answers and rated.channel == "kiosk"
