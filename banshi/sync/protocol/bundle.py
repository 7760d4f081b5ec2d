"""Sneakernet bundles: a device's pending transactions in one file, sealed and signed.

File: canonical JSON ``{"format": "banshi-bundle-v1", "device_id", "body": b64, "signature": b64}``.
``body`` is canonical JSON ``{"created_at", "device_id", "items": [SealedEnvelope...]}``; the
signature (the device's Ed25519 key) covers ``banshi-bundle-v1\\n`` + body. Every item is sealed
to the hub's key, so a lost USB stick gives away nothing but ids and a device name.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from banshi.sync.errors import SignatureError
from banshi.sync.protocol import SealedEnvelope, canonical_json
from banshi.sync.protocol.sealing import b64, unb64

BUNDLE_FORMAT = "banshi-bundle-v1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class BundleBody(_Model):
    created_at: StrictStr
    device_id: StrictStr
    items: list[SealedEnvelope]


class BundleFile(_Model):
    format: StrictStr = Field(pattern=f"^{BUNDLE_FORMAT}$")
    device_id: StrictStr
    body: StrictStr
    signature: StrictStr


def _signed_input(body: bytes) -> bytes:
    return BUNDLE_FORMAT.encode("ascii") + b"\n" + body


def write_bundle(body: BundleBody, key: Ed25519PrivateKey) -> bytes:
    raw = canonical_json(body.model_dump(mode="json"))
    signed = BundleFile(format=BUNDLE_FORMAT, device_id=body.device_id, body=b64(raw),
                        signature=b64(key.sign(_signed_input(raw))))
    return canonical_json(signed.model_dump(mode="json"))


def read_bundle_header(data: bytes) -> BundleFile:
    try:
        return BundleFile.model_validate_json(data)
    except ValidationError as error:
        raise SignatureError(f"this is not a Banshi bundle file ({error.error_count()} problems)") from None


def open_bundle(bundle: BundleFile, device_key: Ed25519PublicKey) -> BundleBody:
    """The body of ``bundle`` once its signature checks against the device's enrolled key."""
    raw = unb64(bundle.body, "the bundle body")
    try:
        device_key.verify(unb64(bundle.signature, "the bundle signature"), _signed_input(raw))
    except InvalidSignature:
        raise SignatureError(f"the bundle is not signed by device {bundle.device_id}'s enrolled key") from None
    body = BundleBody.model_validate_json(raw)
    if body.device_id != bundle.device_id:
        raise SignatureError("the bundle's inner and outer device ids differ")
    return body
