"""Wire protocol shared by devices and the hub (the only module both sides import).

Version 1 of the API lives under ``/v1``. A transaction's id (a UUIDv7 made on the
device) is its idempotency key for life: the hub compares ``canonical_bytes()`` of a
resend with what it stored — same bytes are a duplicate success, different bytes are
a conflict kept aside for a person. Later rounds add sealing and device signatures as
new *request* fields (``key_id``, ``signature``) so the envelope's bytes stay stable.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError, field_validator

from banshi.services.transactions import TransactionRecord, canonical_json, check_uuid7, describe
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


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class TransactionEnvelope(TransactionRecord):
    """One filed transaction as it travels: the record's fields (``services.transactions``), no display."""

    @classmethod
    def of(cls, transaction: TransactionRecord) -> TransactionEnvelope:
        """The envelope of a transaction; ``display`` stays on the device."""
        return cls.model_validate(transaction.wire_dict())

    @classmethod
    def parse(cls, fields: dict[str, Any]) -> TransactionEnvelope:
        """An envelope from wire fields, or ``InvalidTransactionError`` naming what is wrong."""
        try:
            return cls.model_validate(fields)
        except ValidationError as error:
            raise InvalidTransactionError(describe(error, "field")) from None

    def canonical_bytes(self) -> bytes:
        return canonical_json(self.wire_dict())


class PushStatus(StrEnum):
    ACCEPTED = "accepted"  # stored now
    DUPLICATE = "duplicate"  # stored before with identical bytes: success
    CONFLICT = "conflict"  # stored before with different bytes: kept aside for a person
    REJECTED = "rejected"  # will never be accepted as sent (reason says why)


class SealedEnvelope(_Model):
    """A transaction sealed to the hub's key on the device; only ``id`` travels in the clear."""

    id: StrictStr
    sealed: StrictStr = Field(min_length=1, max_length=1_000_000)  # base64 of sealing.seal(canonical bytes)

    _id_is_uuid7 = field_validator("id")(check_uuid7)


class PushRequest(_Model):
    device_id: StrictStr = Field(min_length=1, max_length=200)
    transactions: list[TransactionEnvelope | SealedEnvelope] = Field(max_length=MAX_BATCH)


class PushResult(_Model):
    id: StrictStr
    status: PushStatus
    reason: StrictStr | None = None


class PushResponse(_Model):
    results: list[PushResult]


class TransactionStatus(TransactionRecord):
    """What the hub knows of one transaction id (for status pulls and for checking): the record as filed."""

    status: PushStatus
    received_at: StrictStr
    sha256: StrictStr
    conflicts: StrictInt = 0


class TransactionList(_Model):
    items: list[TransactionStatus]


class HubKeys(_Model):
    """The hub's public keys (raw, base64): devices seal to ``sealing_key`` and verify ``signing_key``."""

    sealing_key: StrictStr
    signing_key: StrictStr


TransactionId = Annotated[StrictStr, Field(min_length=1, max_length=36, pattern=r"^[0-9a-f-]+$")]


class StatusRequest(_Model):
    ids: list[TransactionId] = Field(max_length=MAX_BATCH)


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
