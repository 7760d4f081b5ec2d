"""Enrolment against a hostile network: wrong codes are rate-limited per address and overall (and the
limit survives a restart), and a device refuses any server but the hub whose keys its code names
(issue 14, items 6 and 7)."""

from __future__ import annotations

import http.server
import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from banshi.sync.device import DeviceCredentials, enrol
from banshi.sync.errors import EnrolmentError
from banshi.sync.hub.process import HubProcess, start_hub_process
from banshi.sync.hub.roles import DeviceRole
from banshi.sync.protocol import ENROL_PATH, HubKeys
from banshi.sync.protocol.sealing import b64
from banshi.sync.protocol.signing import EnrolResponse, raw_public, sign_response, split_code
from tests.sync.conftest import Reply, issue_code

def _impostor_reply() -> Reply:
    """A server that accepts any code and answers, correctly signed, with keys of its own."""
    signing, sealing = Ed25519PrivateKey.generate(), X25519PrivateKey.generate()
    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    keys = HubKeys(sealing_key=b64(sealing.public_key().public_bytes(*raw)),
                   signing_key=b64(raw_public(signing.public_key())))

    def reply(handler: http.server.BaseHTTPRequestHandler, body: bytes) -> None:
        device_id = json.loads(body)["device_id"]
        answer = EnrolResponse(device_id=device_id, hub_keys=keys, hub_time=time.time()).model_dump_json().encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(answer)))
        for name, value in sign_response(signing, ENROL_PATH, answer, time.time()).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(answer)

    return reply


def test_a_device_refuses_an_impostor_hub_and_then_enrols_at_the_real_one(
    signed_hub: HubProcess, fake_hub: Callable[[Reply], str], tmp_path: Path
) -> None:
    code = issue_code(signed_hub, DeviceRole.KIOSK)
    impostor = fake_hub(_impostor_reply())
    with pytest.raises(EnrolmentError, match="not the hub that issued this code"):
        enrol(impostor, "pinned-kiosk", code, tmp_path / "id")
    assert not DeviceCredentials.is_enrolled(tmp_path / "id")
    real = enrol(signed_hub.url, "pinned-kiosk", code, tmp_path / "id")
    assert real.hub_keys == DeviceCredentials.load(tmp_path / "id").hub_keys


def test_a_code_cut_short_of_the_hub_fingerprint_is_refused_before_any_request(
    signed_hub: HubProcess, fake_hub: Callable[[Reply], str], tmp_path: Path
) -> None:
    secret, fingerprint = split_code(issue_code(signed_hub, DeviceRole.KIOSK))
    assert fingerprint is not None and len(secret) == 16
    impostor = fake_hub(_impostor_reply())
    with pytest.raises(EnrolmentError, match="incomplete"):
        enrol(impostor, "pinned-short", secret, tmp_path / "id")


@pytest.fixture
def strict_hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[], HubProcess]]:
    """Start (and restart) one hub tolerating 3 wrong codes per address and 6 overall per hour."""
    monkeypatch.setenv("BANSHI_HUB__ENROL_FAILURES_PER_CLIENT", "3")
    monkeypatch.setenv("BANSHI_HUB__ENROL_FAILURES_OVERALL", "6")
    monkeypatch.setenv("BANSHI_HUB__ENROL_WINDOW_S", "3600")
    started: list[HubProcess] = []

    def start() -> HubProcess:
        for old in started:
            old.stop()
        started.append(start_hub_process(f"sqlite:///{tmp_path / 'hub.sqlite3'}", log_dir=tmp_path))
        return started[-1]

    yield start
    for hub in started:
        hub.stop()


def _try(hub: HubProcess, code: str, address: str, device_id: str) -> httpx.Response:
    body = {"device_id": device_id, "public_key": b64(raw_public(Ed25519PrivateKey.generate().public_key())),
            "code": split_code(code)[0]}
    with httpx.Client(transport=httpx.HTTPTransport(local_address=address)) as client:
        return client.post(hub.url + ENROL_PATH, json=body)


def test_wrong_codes_lock_out_their_address_then_everyone_even_across_a_restart(
    strict_hub: Callable[[], HubProcess]
) -> None:
    hub = strict_hub()
    wrong = "AAAA-BBBB-CCCC-DDDD"
    assert [_try(hub, wrong, "127.0.0.2", "guess").status_code for _ in range(3)] == [403] * 3
    locked = _try(hub, issue_code(hub), "127.0.0.2", "right-but-locked")
    assert locked.status_code == 429 and 3500 < int(locked.headers["Retry-After"]) <= 3601
    assert _try(hub, issue_code(hub), "127.0.0.3", "other-address").status_code == 200
    assert [_try(hub, wrong, f"127.0.0.{n}", "guess").status_code for n in (4, 5, 6)] == [403] * 3
    everyone = _try(hub, issue_code(hub), "127.0.0.7", "after-six-wrong")
    assert (everyone.status_code, "overall" in everyone.json()["detail"]) == (429, True)
    hub = strict_hub()
    assert _try(hub, issue_code(hub), "127.0.0.8", "after-restart").status_code == 429
