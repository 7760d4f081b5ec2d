"""Wire models for clerk accounts (hub → device) and audit logs (device → hub).

Clerk accounts travel as argon2 hashes only, in a list the hub signs; ``version`` is the
sha256 of the canonical account list, so a device that already holds it gets a 304.
Audit entries travel exactly as the device stored them; the hub recomputes every hash with
``banshi.services.staff.audit.entry_hash`` and answers its head for that device.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

from banshi.sync.protocol import API_PREFIX, MAX_BATCH, canonical_json

CLERKS_PATH = f"{API_PREFIX}/clerks"
AUDIT_PATH = f"{API_PREFIX}/audit"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class ClerkEntry(_Model):
    id: StrictStr = Field(min_length=1, max_length=64)
    name: StrictStr = Field(min_length=1, max_length=200)
    role: Literal["clerk", "supervisor"]
    pin_hash: StrictStr = Field(pattern=r"^\$argon2id?\$", max_length=300)


def clerk_list_version(accounts: Iterable[ClerkEntry]) -> str:
    """The content hash of an account list (order-independent: sorted by id)."""
    documents = sorted((entry.model_dump(mode="json") for entry in accounts), key=lambda document: document["id"])
    return hashlib.sha256(canonical_json(documents)).hexdigest()


class ClerkList(_Model):
    """The active clerk accounts the hub hands its devices (disabled ones are simply absent)."""

    version: StrictStr
    accounts: list[ClerkEntry]

    @classmethod
    def of(cls, accounts: Iterable[ClerkEntry]) -> ClerkList:
        ordered = sorted(accounts, key=lambda entry: entry.id)
        return cls(version=clerk_list_version(ordered), accounts=ordered)


class AuditRecord(_Model):
    """One audit entry as the device stored it (subjects are already masked or opaque)."""

    seq: StrictInt = Field(ge=1)
    actor: StrictStr = Field(max_length=200)
    action: StrictStr = Field(max_length=200)
    subject_ref: StrictStr = Field(max_length=500)
    at: StrictStr = Field(max_length=64)
    prev_hash: StrictStr = Field(max_length=64)
    hash: StrictStr = Field(max_length=64)
    signature: StrictStr = Field(default="", max_length=128)  # base64 Ed25519 by the device key; required of new entries


class AuditPush(_Model):
    """Entries after the hub's head for the signing device, in order (resent ones must be identical)."""

    entries: list[AuditRecord] = Field(max_length=MAX_BATCH)


class AuditChainHead(_Model):
    seq: StrictInt = Field(ge=0)
    hash: StrictStr


class AuditRefusal(StrEnum):
    GAP = "gap"  # the batch starts after the hub's head + 1: entries in between never arrived
    BROKEN = "broken"  # an entry is edited, missing or out of order, or differs from the hub's copy
    FORGED = "forged"  # a new entry is not signed by the device's enrolled key


class AuditPushAnswer(_Model):
    """The hub's head for the device after the push; ``refused`` (HTTP 409) when nothing was stored."""

    head: AuditChainHead
    refused: AuditRefusal | None = None
    problem: StrictStr | None = None
