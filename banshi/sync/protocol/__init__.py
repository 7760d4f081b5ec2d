"""Wire protocol shared by devices and the hub (the only module both sides import).

Version 1 of the API lives under ``/v1``. A transaction's id (a UUIDv7 made on the
device) is its idempotency key for life: the hub compares ``canonical_bytes()`` of a
resend with what it stored — same bytes are a duplicate success, different bytes are
a conflict kept aside for a person. Later rounds add sealing and device signatures as
new *request* fields (``key_id``, ``signature``) so the envelope's bytes stay stable.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError, field_validator

from banshi.sync.errors import InvalidTransactionError

API_PREFIX = "/v1"
PUSH_PATH = f"{API_PREFIX}/transactions"
HEALTH_PATH = f"{API_PREFIX}/health"
HUB_KEYS_PATH = f"{API_PREFIX}/hub-keys"
ENROL_PATH = f"{API_PREFIX}/devices/enrol"
CATALOG_PATH = f"{API_PREFIX}/catalog"
TRUST_LIST_PATH = f"{API_PREFIX}/trust-list"
STATUS_PATH = f"{API_PREFIX}/status"
MAX_BATCH = 1000

TRANSACTION_KEYS = frozenset(
    {"id", "service_id", "service_version", "answers", "channel", "device_id", "created_at", "display"}
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


def canonical_json(value: Any) -> bytes:
    """Sorted-key, compact, UTF-8 JSON: the byte form both sides compare."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _check_uuid7(value: str) -> str:
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


class TransactionEnvelope(_Model):
    """One filed transaction as it travels: everything but the device-only display fields."""

    id: StrictStr
    service_id: StrictStr = Field(min_length=1, max_length=200)
    service_version: StrictInt = Field(ge=0)
    channel: StrictStr = Field(min_length=1, max_length=50)
    device_id: StrictStr = Field(min_length=1, max_length=200)
    created_at: StrictStr
    answers: dict[StrictStr, StrictStr]

    _id_is_uuid7 = field_validator("id")(_check_uuid7)
    _created_at_is_utc = field_validator("created_at")(_check_utc)

    @classmethod
    def from_transaction_dict(cls, transaction: dict[str, Any]) -> TransactionEnvelope:
        """The envelope of ``Transaction.to_dict()`` output; ``display`` stays on the device."""
        keys = set(transaction)
        if keys != TRANSACTION_KEYS:
            missing, extra = sorted(TRANSACTION_KEYS - keys), sorted(keys - TRANSACTION_KEYS)
            raise InvalidTransactionError(f"keys differ (missing {missing}, unexpected {extra})")
        fields = {key: value for key, value in transaction.items() if key != "display"}
        try:
            return cls.model_validate(fields)
        except ValidationError as error:
            raise InvalidTransactionError(_describe(error)) from None

    def canonical_bytes(self) -> bytes:
        return canonical_json(self.model_dump(mode="json"))


def _describe(error: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, item['loc'])) or 'value'}: {item['msg']}" for item in error.errors())


class PushStatus(StrEnum):
    ACCEPTED = "accepted"  # stored now
    DUPLICATE = "duplicate"  # stored before with identical bytes: success
    CONFLICT = "conflict"  # stored before with different bytes: kept aside for a person
    REJECTED = "rejected"  # will never be accepted as sent (reason says why)


class SealedEnvelope(_Model):
    """A transaction sealed to the hub's key on the device; only ``id`` travels in the clear."""

    id: StrictStr
    sealed: StrictStr = Field(min_length=1, max_length=1_000_000)  # base64 of sealing.seal(canonical bytes)

    _id_is_uuid7 = field_validator("id")(_check_uuid7)


class PushRequest(_Model):
    device_id: StrictStr = Field(min_length=1, max_length=200)
    transactions: list[TransactionEnvelope | SealedEnvelope] = Field(max_length=MAX_BATCH)


class PushResult(_Model):
    id: StrictStr
    status: PushStatus
    reason: StrictStr | None = None


class PushResponse(_Model):
    results: list[PushResult]


class TransactionStatus(_Model):
    """What the hub knows of one transaction id (for status pulls and for checking)."""

    id: StrictStr
    status: PushStatus
    service_id: StrictStr
    service_version: StrictInt
    channel: StrictStr
    device_id: StrictStr
    created_at: StrictStr
    received_at: StrictStr
    sha256: StrictStr
    answers: dict[StrictStr, StrictStr]
    conflicts: StrictInt = 0


class TransactionList(_Model):
    items: list[TransactionStatus]


class HubKeys(_Model):
    """The hub's public keys (raw, base64): devices seal to ``sealing_key`` and verify ``signing_key``."""

    sealing_key: StrictStr
    signing_key: StrictStr


class StatusRequest(_Model):
    ids: list[StrictStr] = Field(max_length=MAX_BATCH)


class StatusResponse(_Model):
    """What the hub holds of each asked id filed by the asking device: accepted, conflict or unknown."""

    statuses: dict[StrictStr, StrictStr]


class CatalogDocument(_Model):
    """The service catalog as the hub hands it out (``version`` is the catalog's content hash)."""

    version: StrictStr
    services: dict[StrictStr, dict[StrictStr, Any]]


class Health(_Model):
    status: StrictStr = "ok"
    api: StrictStr = API_PREFIX
    database: StrictStr
