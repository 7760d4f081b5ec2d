"""A device's identity at its hub: its own Ed25519 key and the hub's public keys, kept in a folder.

Layout: ``device.key.pem`` (0600, made before enrolling so a retried enrolment sends the same
key) and ``device.json`` (device id, hub URL, the hub's public sealing and signing keys), written
only once the hub has accepted the enrolment.
"""

from __future__ import annotations

import hmac
import json
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from pydantic import ValidationError

from banshi.files import replace_atomically
from banshi.sync.errors import EnrolmentError, KeyFileError
from banshi.sync.protocol import ENROL_PATH, HubKeys
from banshi.sync.protocol.keyfiles import load_or_create
from banshi.sync.protocol.sealing import b64, x25519_public_from_b64
from banshi.sync.protocol.signing import (
    EnrolRequest,
    EnrolResponse,
    ed25519_public_from_b64,
    hub_fingerprint,
    raw_public,
    sign_request,
    split_code,
    verify_response,
)

KEY_FILE = "device.key.pem"
STATE_FILE = "device.json"


@dataclass(frozen=True)
class DeviceCredentials:
    device_id: str
    hub_url: str
    signing_key: Ed25519PrivateKey
    hub_keys: HubKeys

    @property
    def hub_sealing_key(self) -> X25519PublicKey:
        return x25519_public_from_b64(self.hub_keys.sealing_key)

    @property
    def hub_signing_key(self) -> Ed25519PublicKey:
        return ed25519_public_from_b64(self.hub_keys.signing_key)

    def sign(self, method: str, path: str, body: bytes, now: float | None = None) -> dict[str, str]:
        return sign_request(self.signing_key, self.device_id, method, path, body, time.time() if now is None else now)

    @classmethod
    def load(cls, folder: Path) -> DeviceCredentials:
        """The enrolled identity in ``folder``; ``KeyFileError`` if the device has not enrolled yet."""
        state_path = folder / STATE_FILE
        try:
            state = json.loads(state_path.read_text("utf-8"))
            hub_keys = HubKeys(sealing_key=state["sealing_key"], signing_key=state["signing_key"])
            return cls(state["device_id"], state["hub_url"], load_or_create(folder / KEY_FILE, Ed25519PrivateKey),
                       hub_keys)
        except FileNotFoundError:
            raise KeyFileError(str(state_path), "does not exist; enrol this device first") from None
        except (ValueError, KeyError, TypeError, ValidationError) as error:
            raise KeyFileError(str(state_path), f"is damaged ({error})") from None

    @staticmethod
    def is_enrolled(folder: Path) -> bool:
        return (folder / STATE_FILE).is_file()


def enrol(hub_url: str, device_id: str, code: str, folder: Path, timeout: float = 15.0) -> DeviceCredentials:
    """Enrol at the hub with a one-time ``code`` and keep the identity in ``folder``.

    The code carries the fingerprint of the issuing hub's (or hall's) keys: a server answering with other keys
    (an impostor on the network, a wrong URL) is refused before anything is kept.
    """
    secret, pinned = split_code(code)
    if pinned is None:
        raise EnrolmentError("the code is incomplete: a hub's code has 32 characters (8 groups of 4), the last "
                             "16 naming the hub's keys; copy the whole code from `banshi hub enrol-code`")
    key = load_or_create(folder / KEY_FILE, Ed25519PrivateKey)
    request = EnrolRequest(device_id=device_id, public_key=b64(raw_public(key.public_key())), code=secret)
    url = hub_url.rstrip("/") + ENROL_PATH
    import httpx  # only when enrolling: a start-up without a code must not pay for it

    try:
        response = httpx.post(url, content=request.model_dump_json(), timeout=timeout,
                              headers={"Content-Type": "application/json"})
    except httpx.HTTPError as error:
        raise EnrolmentError(f"the hub at {hub_url} is unreachable ({type(error).__name__})") from None
    if response.status_code != 200:
        raise EnrolmentError(f"the hub answered HTTP {response.status_code}: {response.text[:200]}")
    try:
        answer = EnrolResponse.model_validate_json(response.content)
    except ValidationError:
        raise EnrolmentError("the hub's answer is not an enrolment response") from None
    # The answer must be signed by the key it announces, and those keys must be the ones the code names.
    verify_response(ed25519_public_from_b64(answer.hub_keys.signing_key), ENROL_PATH, response.content,
                    response.headers)
    if pinned is not None and not hmac.compare_digest(hub_fingerprint(answer.hub_keys), pinned):
        raise EnrolmentError(f"the server at {hub_url} is not the hub that issued this code (its keys have "
                             f"fingerprint {hub_fingerprint(answer.hub_keys)}, the code names {pinned}); "
                             "nothing was kept. Check the hub address")
    _write_state(folder, {"device_id": device_id, "hub_url": hub_url, **answer.hub_keys.model_dump()})
    return DeviceCredentials.load(folder)


def _write_state(folder: Path, state: dict[str, str]) -> None:
    replace_atomically(folder / STATE_FILE, json.dumps(state, indent=2).encode("utf-8"))
