"""A finished form as a transaction: what the outbox stores and the hub receives.

The id is a client-made UUIDv7 and the transaction's idempotency key for life; the hub
compares ``canonical_json()`` bytes to tell a resend from a changed payload, so that
encoding must never change for the same transaction.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from banshi.identity.masking import mask_name
from banshi.services.errors import TransactionFormatError
from banshi.services.ids import uuid7
from banshi.services.schema import Service

_KEYS = ("id", "service_id", "service_version", "answers", "channel", "device_id", "created_at", "display")
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # no I, L, O, U: nothing to misread aloud


@dataclass(frozen=True)
class Transaction:
    id: str
    service_id: str
    service_version: int
    answers: dict[str, str] = field(hash=False)
    channel: str
    device_id: str
    created_at: str  # ISO-8601, UTC, millisecond precision, "Z" suffix
    display: dict[str, str] = field(hash=False)  # shown in the outbox without decrypting

    @classmethod
    def create(
        cls, service: Service, answers: dict[str, str], channel: str, device_id: str, now: datetime, citizen_name: str = ""
    ) -> Transaction:
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware (e.g. datetime.now(UTC)); a naive time is ambiguous.")
        display = {
            "service_title_zh_CN": service.title.zh_CN,
            "service_title_en": service.title.en,
            "masked_name": mask_name(citizen_name) if citizen_name else "",
        }
        return cls(
            id=uuid7(int(now.timestamp() * 1000)),
            service_id=service.id,
            service_version=service.version,
            answers=dict(answers),
            channel=channel,
            device_id=device_id,
            created_at=_utc_iso(now),
            display=display,
        )

    @property
    def reference(self) -> str:
        """A short reference a citizen can read aloud, e.g. ``BS-7K3M-9QXD`` (see ``reference_for``)."""
        return reference_for(self.id)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Transaction:
        if set(data) != set(_KEYS):
            missing, extra = set(_KEYS) - set(data), set(data) - set(_KEYS)
            raise TransactionFormatError(f"Transaction keys wrong: missing {sorted(missing)}, unexpected {sorted(extra)}.")
        _check_types(data)
        return cls(**{**data, "answers": dict(data["answers"]), "display": dict(data["display"])})

    def canonical_json(self) -> bytes:
        """Sorted keys, no spaces, UTF-8: the bytes the hub compares for idempotent resends."""
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _utc_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _check_types(data: dict[str, Any]) -> None:
    for key in ("id", "service_id", "channel", "device_id", "created_at"):
        if not isinstance(data[key], str):
            raise TransactionFormatError(f"Transaction field {key!r} must be a string, got {data[key]!r}.")
    if not isinstance(data["service_version"], int) or isinstance(data["service_version"], bool):
        raise TransactionFormatError(f"Transaction field 'service_version' must be an integer, got {data['service_version']!r}.")
    for key in ("answers", "display"):
        value = data[key]
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise TransactionFormatError(f"Transaction field {key!r} must map strings to strings, got {value!r}.")


def reference_for(transaction_id: str) -> str:
    """The short reference of a transaction id, e.g. ``BS-7K3M-9QXD``.

    Crockford base32 of the top 40 of the id's 62 random ``rand_b`` bits, so it is fixed
    by the id. Collision odds: a given reference matches one of n others with chance
    n / 2**40 (about 1 in a million for n = 1 million); the chance that *any* two of
    n share one is about n**2 / 2**41 (~0.5 % at 100,000, ~37 % at 1 million). The id,
    not the reference, is the key: a lookup by reference must accept several matches
    and narrow them (service, date, masked name).
    """
    bits = (int(transaction_id.replace("-", ""), 16) >> 22) & (2**40 - 1)
    chars = "".join(_CROCKFORD[(bits >> shift) & 31] for shift in range(35, -1, -5))
    return f"BS-{chars[:4]}-{chars[4:]}"
