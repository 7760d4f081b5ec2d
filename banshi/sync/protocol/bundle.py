"""Sneakernet bundles: a device's pending transactions in one file, sealed and signed.

File: canonical JSON ``{"format": "banshi-bundle-v1", "device_id", "body": b64, "signature": b64}``.
``body`` is canonical JSON ``{"created_at", "device_id", "items": [SealedEnvelope...]}``; the
signature (the device's Ed25519 key) covers ``banshi-bundle-v1\\n`` + body. Every item is sealed
to the hub's key, so a lost USB stick gives away nothing but ids and a device name.

When the hub imports a bundle it writes an acknowledgement ``<bundle>.ack`` beside it: the same
file shape with format ``banshi-bundle-ack-v1``, its body ``{"bundle_sha256", "device_id",
"created_at", "results": [PushResult...]}`` signed by the hub's Ed25519 key. Carried back, it lets
the device settle those records exactly as a network push's answer would.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from banshi.sync.errors import SignatureError
from banshi.sync.protocol import PushResult, SealedEnvelope, canonical_json
from banshi.sync.protocol.sealing import b64, unb64

BUNDLE_FORMAT = "banshi-bundle-v1"
ACK_FORMAT = "banshi-bundle-ack-v1"
ACK_SUFFIX = ".ack"


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


class AckBody(_Model):
    """The hub's verdict on every item of one imported bundle."""

    bundle_sha256: StrictStr
    device_id: StrictStr
    created_at: StrictStr
    results: list[PushResult]


class AckFile(_Model):
    format: StrictStr = Field(pattern=f"^{ACK_FORMAT}$")
    device_id: StrictStr
    body: StrictStr
    signature: StrictStr


def _signed_input(body: bytes, file_format: str = BUNDLE_FORMAT) -> bytes:
    return file_format.encode("ascii") + b"\n" + body


def write_bundle(body: BundleBody, key: Ed25519PrivateKey) -> bytes:
    raw = canonical_json(body.model_dump(mode="json"))
    signed = BundleFile(format=BUNDLE_FORMAT, device_id=body.device_id, body=b64(raw),
                        signature=b64(key.sign(_signed_input(raw))))
    return canonical_json(signed.model_dump(mode="json"))


def write_ack(body: AckBody, hub_key: Ed25519PrivateKey) -> bytes:
    raw = canonical_json(body.model_dump(mode="json"))
    signed = AckFile(format=ACK_FORMAT, device_id=body.device_id, body=b64(raw),
                     signature=b64(hub_key.sign(_signed_input(raw, ACK_FORMAT))))
    return canonical_json(signed.model_dump(mode="json"))


def read_ack(data: bytes, hub_key: Ed25519PublicKey) -> AckBody:
    """The body of an acknowledgement once its signature checks against the hub's signing key."""
    try:
        ack = AckFile.model_validate_json(data)
    except ValidationError as error:
        raise SignatureError(f"this is not a Banshi bundle acknowledgement ({error.error_count()} problems)") from None
    raw = unb64(ack.body, "the acknowledgement body")
    try:
        hub_key.verify(unb64(ack.signature, "the acknowledgement signature"), _signed_input(raw, ACK_FORMAT))
    except InvalidSignature:
        raise SignatureError("the acknowledgement is not signed by this device's hub") from None
    body = AckBody.model_validate_json(raw)
    if body.device_id != ack.device_id:
        raise SignatureError("the acknowledgement's inner and outer device ids differ")
    return body


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
    try:
        body = BundleBody.model_validate_json(raw)
    except ValidationError as error:  # signed by the device, yet not what its software writes: refuse it whole
        raise SignatureError(f"the bundle is signed by device {bundle.device_id} but its body is not a bundle body "
                             f"({error.error_count()} problems); nothing was imported") from None
    if body.device_id != bundle.device_id:
        raise SignatureError("the bundle's inner and outer device ids differ")
    return body
