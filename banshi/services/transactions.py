"""A transaction: the one record every device files and the hub receives, defined here once.

``TransactionRecord`` holds the fields that travel (the protocol's envelope is derived from it);
``Transaction`` adds the device-only ``display`` fields the outbox shows without decrypting. Every
kind of record — a filed form, a rating, an issued citizen code, a revocation — is a transaction;
``TransactionKind`` names them (builders for the kinds other than a filing are in ``records``).

The id is a client-made UUIDv7 and the transaction's idempotency key for life; the hub
compares ``canonical_json()`` bytes to tell a resend from a changed payload, so that
encoding must never change for the same transaction.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError, field_validator

from banshi.identity.masking import mask_name
from banshi.services.errors import TransactionFormatError
from banshi.services.ids import uuid7
from banshi.services.schema import Service

# 32 symbols without 0/O and 1/I (nothing to misread aloud or on paper); also never a run of digits that
# looks like a phone or ID number to the staff audit's personal-data guard.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


class TransactionKind(StrEnum):
    """What a transaction records. A filing's ``service_id`` names a catalog service; every other kind
    travels under its own id as ``service_id``, which no catalog service may take."""

    FILING = "filing"
    RATING = "service_rating"  # 好差评: a citizen's rating of a filed case
    CODE_ISSUED = "citizen_code_issued"  # a paper citizen code printed at a counter
    REVOCATION = "citizen_code_revocation"  # a lost or stolen code; the hub lists its serial as revoked

    @classmethod
    def of(cls, service_id: str) -> TransactionKind:
        return cls(service_id) if service_id in RECORD_KIND_IDS else cls.FILING


class Channel(StrEnum):
    """Where a transaction was filed (it travels as a plain string: the hub takes any channel name)."""

    KIOSK = "kiosk"
    COUNTER = "counter"


RECORD_KIND_IDS = frozenset(kind.value for kind in TransactionKind if kind is not TransactionKind.FILING)


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the one byte form devices and the hub hash and compare."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def utc_iso(moment: datetime) -> str:
    """``created_at``'s form: ISO-8601, UTC, millisecond precision, "Z" suffix."""
    if moment.tzinfo is None:
        raise ValueError("now must be timezone-aware (e.g. datetime.now(UTC)); a naive time is ambiguous.")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def check_uuid7(value: str) -> str:
    try:
        parsed = uuid.UUID(value)
    except ValueError:
        raise ValueError("id must be a UUID") from None
    if parsed.version != 7 or str(parsed) != value:
        raise ValueError("id must be a lower-case UUIDv7 in canonical form")
    return value


def _check_utc(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("created_at must be an ISO-8601 time") from None
    if moment.utcoffset() != timedelta(0):
        raise ValueError("created_at must be in UTC (offset +00:00 or Z)")
    return value


# What a hub's store can hold: an SQL INTEGER, and bounds well above any form (a question's own
# max_length is far below MAX_ANSWER_CHARS); anything beyond is refused where it is built or received.
MAX_SERVICE_VERSION = 2**31 - 1
MAX_ANSWERS = 500
MAX_ANSWER_CHARS = 20_000
AnswerKey = Annotated[StrictStr, Field(min_length=1, max_length=200)]
AnswerValue = Annotated[StrictStr, Field(max_length=MAX_ANSWER_CHARS)]


class TransactionRecord(BaseModel):
    """The fields that travel to the hub, with their rules; a field added here reaches the hub."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    id: StrictStr
    service_id: StrictStr = Field(min_length=1, max_length=200)
    service_version: StrictInt = Field(ge=0, le=MAX_SERVICE_VERSION)
    answers: dict[AnswerKey, AnswerValue] = Field(max_length=MAX_ANSWERS)
    channel: StrictStr = Field(min_length=1, max_length=50)
    device_id: StrictStr = Field(min_length=1, max_length=200)
    created_at: StrictStr

    _id_is_uuid7 = field_validator("id")(check_uuid7)
    _created_at_is_utc = field_validator("created_at")(_check_utc)

    @property
    def kind(self) -> TransactionKind:
        return TransactionKind.of(self.service_id)

    @property
    def reference(self) -> str:
        """A short reference a citizen can read aloud, e.g. ``BS-7K3M-9QXD`` (see ``reference_for``)."""
        return reference_for(self.id)

    @classmethod
    def wire_fields(cls) -> tuple[str, ...]:
        return tuple(TransactionRecord.model_fields)

    def wire_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.wire_fields()}


class Transaction(TransactionRecord):
    """A transaction as the device holds it: the record plus what the outbox shows without decrypting."""

    display: dict[StrictStr, StrictStr]

    @classmethod
    def create(
        cls, service: Service, answers: dict[str, str], channel: str, device_id: str, now: datetime, citizen_name: str = ""
    ) -> Transaction:
        """A filing of ``service`` (the builder of the ``FILING`` kind)."""
        display = {"masked_name": mask_name(citizen_name) if citizen_name else ""}
        return cls.build(service.id, service.version, answers, channel, device_id, now,
                         (service.title.zh_CN, service.title.en), display)

    @classmethod
    def build(cls, service_id: str, service_version: int, answers: Mapping[str, str], channel: str,
              device_id: str, now: datetime, title: tuple[str, str],
              display: Mapping[str, str] | None = None) -> Transaction:
        """A transaction of any kind made now, shown in the outbox under ``title`` (Mandarin, English)."""
        created_at = utc_iso(now)
        shown = {"service_title_zh_CN": title[0], "service_title_en": title[1], "masked_name": ""}
        return cls(id=uuid7(int(now.timestamp() * 1000)), service_id=service_id, service_version=service_version,
                   answers=dict(answers), channel=channel, device_id=device_id, created_at=created_at,
                   display={**shown, **(display or {})})

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Transaction:
        expected = set(cls.model_fields)
        if set(data) != expected:
            missing, extra = expected - set(data), set(data) - expected
            raise TransactionFormatError(f"Transaction keys wrong: missing {sorted(missing)}, unexpected {sorted(extra)}.")
        try:
            return cls.model_validate(dict(data))
        except ValidationError as error:
            raise TransactionFormatError(describe(error, "Transaction field")) from None

    def canonical_json(self) -> bytes:
        """The whole transaction (display included) in canonical form: the outbox's content hash."""
        return canonical_json(self.to_dict())


_PROBLEMS = {"string_type": "must be a string", "int_type": "must be an integer", "dict_type": "must be a mapping"}


def describe(error: ValidationError, prefix: str) -> str:
    """A pydantic error as one line naming each bad field, e.g. "... 'answers' must map strings to strings".

    The input is never echoed: answers are personal data and these lines reach logs.
    """
    problems = {}
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else "value"
        if field in ("answers", "display"):
            problems[field] = "must map strings to strings"
        else:
            problems.setdefault(field, _PROBLEMS.get(item["type"], item["msg"]))
    return "; ".join(f"{prefix} {field!r} {problem}" for field, problem in problems.items()) + "."


def reference_for(transaction_id: str) -> str:
    """The short reference of a transaction id, e.g. ``BS-7K3M-9QXD``: two groups of four to read aloud.

    The top 40 of the id's 62 random ``rand_b`` bits in ``REFERENCE_ALPHABET`` (no 0/O, no 1/I), so it is
    fixed by the id. Collision odds: a given reference matches one of n others with chance n / 2**40
    (about 1 in a million for n = 1 million); the chance that *any* two of n share one is about
    n**2 / 2**41 (~0.5 % at 100,000, ~37 % at 1 million). The id, not the reference, is the key: a lookup
    by reference must accept several matches and narrow them (service, date, masked name).
    """
    bits = (int(transaction_id.replace("-", ""), 16) >> 22) & (2**40 - 1)
    chars = "".join(REFERENCE_ALPHABET[(bits >> shift) & 31] for shift in range(35, -1, -5))
    return f"BS-{chars[:4]}-{chars[4:]}"
