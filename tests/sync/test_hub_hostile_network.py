"""A hub on a hostile network: huge bodies, forged timestamps, malformed keys and poisoned pushes are
refused with a 4xx and one log line, and never disturb another device's pushes."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from banshi.sync.device import DeviceCredentials
from banshi.sync.hub.process import HubProcess, start_hub_process
from banshi.sync.protocol import TransactionEnvelope
from banshi.sync.protocol.sealing import b64
from banshi.sync.protocol.signing import (
    DEVICE_HEADER,
    NONCE_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    request_signing_input,
)
from tests.sync.conftest import BACKENDS, DEVICE_ID, DatabaseFactory, MakeTransaction, enrolled, issue_code

PUSH = "/v1/transactions"
GIB = 1024**3


@pytest.fixture(scope="module", params=BACKENDS)
def lone_hub(request: pytest.FixtureRequest, make_database: DatabaseFactory,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    """A signed hub of this module's own, so its memory and log are this module's alone."""
    folder = tmp_path_factory.mktemp("hostile-hub")
    with start_hub_process(make_database(request.param), log_dir=folder) as hub:
        yield hub


@pytest.fixture(scope="module")
def device(lone_hub: HubProcess, tmp_path_factory: pytest.TempPathFactory) -> DeviceCredentials:
    return enrolled(lone_hub, tmp_path_factory.mktemp("device"))


def _rss_kib(hub: HubProcess) -> int:
    status = Path(f"/proc/{hub.process.pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))


def _host_port(hub: HubProcess) -> tuple[str, int]:
    host, port = hub.url.removeprefix("http://").rsplit(":", 1)
    return host, int(port)


def _status_line(sock: socket.socket) -> str:
    received = b""
    while b"\r\n" not in received:
        chunk = sock.recv(4096)
        if not chunk:
            break
        received += chunk
    return received.split(b"\r\n", 1)[0].decode()


def _send_huge(hub: HubProcess, headers: str, first_bytes: bytes) -> tuple[str, float]:
    """Send ``headers`` and the start of a body; the status line and seconds from the first body bytes."""
    with socket.create_connection(_host_port(hub), timeout=10) as sock:
        sock.sendall(f"POST {PUSH} HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n{headers}\r\n".encode())
        started = time.monotonic()
        try:
            sock.sendall(first_bytes)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the hub may hang up before the client finished: it answered already
        return _status_line(sock), time.monotonic() - started


def _log_lines(hub: HubProcess) -> list[str]:
    return hub.log_path.read_text(encoding="utf-8", errors="replace").splitlines()


def _signed_push(device: DeviceCredentials, body: bytes, url: str) -> httpx.Response:
    headers = {"Content-Type": "application/json", **device.sign("POST", PUSH, body)}
    return httpx.post(url + PUSH, content=body, headers=headers, timeout=30)


def _push_body(envelopes: list[str], device_id: str = DEVICE_ID) -> bytes:
    return ('{"device_id":"%s","transactions":[%s]}' % (device_id, ",".join(envelopes))).encode()


def _envelope(make_transaction: MakeTransaction, device_id: str = DEVICE_ID, **overrides: object) -> str:
    return TransactionEnvelope.of(make_transaction(device_id=device_id, **overrides)).model_dump_json()


def test_a_body_announced_at_one_gigabyte_is_refused_at_its_first_bytes(lone_hub: HubProcess) -> None:
    before = _rss_kib(lone_hub)
    status, seconds = _send_huge(lone_hub, f"Content-Length: {GIB}\r\n", b"{" + b'"k":1,' * 10_000)
    assert status.startswith("HTTP/1.1 413"), status
    assert seconds < 0.1
    assert httpx.get(lone_hub.url + "/v1/health").status_code == 200
    assert _rss_kib(lone_hub) < before * 1.10


def test_a_chunked_body_is_refused_once_it_outgrows_its_route_and_memory_returns(lone_hub: HubProcess) -> None:
    """No Content-Length to trust: the hub counts while reading and stops at the push limit (8 MiB)."""
    before = _rss_kib(lone_hub)
    chunk = b'"k":"' + b"x" * (1024 * 1024) + b'",'
    framed = b"%x\r\n%s\r\n" % (len(chunk), chunk)
    for _ in range(3):  # the attack repeated: memory must not creep
        status, seconds = _send_huge(lone_hub, "Transfer-Encoding: chunked\r\n", b"1\r\n{\r\n" + framed * 12)
        assert status.startswith("HTTP/1.1 413"), status
        assert seconds < 2.0  # 8 MiB read at loopback speed; ~0.5 s with the machine at load 19
    assert _rss_kib(lone_hub) < before * 1.10


def test_an_unsigned_push_is_refused_before_its_body_is_parsed(lone_hub: HubProcess) -> None:
    """Not JSON at all, yet the answer is about the missing signature: nothing was parsed first."""
    response = httpx.post(lone_hub.url + PUSH, content=b"{" * 100_000, headers={"Content-Type": "application/json"})
    assert (response.status_code, response.json()["reason"]) == (401, "unsigned")


def test_a_signed_push_is_checked_over_the_very_bytes_sent(
    lone_hub: HubProcess, device: DeviceCredentials, make_transaction: MakeTransaction
) -> None:
    body = _push_body([_envelope(make_transaction)])
    headers = {"Content-Type": "application/json", **device.sign("POST", PUSH, body)}
    reformatted = json.dumps(json.loads(body), indent=1).encode()  # same JSON, other bytes
    refused = httpx.post(lone_hub.url + PUSH, content=reformatted, headers=headers)
    assert (refused.status_code, refused.json()["reason"]) == (401, "bad_signature")
    assert httpx.post(lone_hub.url + PUSH, content=body, headers=headers).status_code == 200


def test_a_timestamp_that_is_not_a_finite_number_is_refused(
    lone_hub: HubProcess, device: DeviceCredentials, make_transaction: MakeTransaction
) -> None:
    body = _push_body([_envelope(make_transaction)])
    for timestamp in ("nan", "NaN", "inf", "-inf", "1e999"):
        nonce = f"nonce-{timestamp}"
        signature = device.signing_key.sign(request_signing_input("POST", PUSH, body, timestamp, nonce))
        headers = {DEVICE_HEADER: device.device_id, TIMESTAMP_HEADER: timestamp, NONCE_HEADER: nonce,
                   SIGNATURE_HEADER: b64(signature), "Content-Type": "application/json"}
        response = httpx.post(lone_hub.url + PUSH, content=body, headers=headers)
        assert response.status_code == 401, (timestamp, response.text)
        assert response.json()["reason"] in {"bad_signature", "clock_skew"}


@pytest.mark.parametrize("field, value", [
    ("public_key", "not base64!"),
    ("public_key", "\ud800"),
    ("public_key", b64(b"\x01" * 31)),
    ("code", "\ud800" * 10),
    ("code", "ABCD-EFGH-\u0000JKL-MNPQ"),
    ("device_id", "kiosk\ud800"),
])
def test_a_malformed_enrolment_is_refused_with_one_log_line_and_no_traceback(
    lone_hub: HubProcess, field: str, value: str
) -> None:
    enrolment = {"device_id": "kiosk-malformed", "public_key": b64(b"\x02" * 32), "code": issue_code(lone_hub)}
    body = json.dumps({**enrolment, field: value}).encode()  # \ud800 travels as its JSON escape
    logged = len(_log_lines(lone_hub))
    response = httpx.post(lone_hub.url + "/v1/devices/enrol", content=body, headers={"Content-Type": "application/json"})
    assert 400 <= response.status_code < 500, response.text
    new_lines = _log_lines(lone_hub)[logged:]
    assert len(new_lines) == 1 and "Traceback" not in new_lines[0], new_lines


@pytest.mark.parametrize("poison", [
    {"service_version": 10**30},
    {"service_version": 2**31},
    {"answers": {"full_name": "\ud800"}},
    {"answers": {"full_name": "NUL\u0000"}},
    {"answers": {"note": "x" * 20_001}},
    {"answers": {f"q{i}": "" for i in range(501)}},
])
def test_a_push_the_store_could_not_hold_is_refused_with_422(
    lone_hub: HubProcess, device: DeviceCredentials, make_transaction: MakeTransaction, poison: dict[str, object]
) -> None:
    fields = json.loads(_envelope(make_transaction))
    body = _push_body([json.dumps({**fields, **poison})])
    logged = len(_log_lines(lone_hub))
    response = _signed_push(device, body, lone_hub.url)
    assert response.status_code == 422, response.text
    assert len(_log_lines(lone_hub)[logged:]) == 1


@pytest.mark.parametrize("ids", [["\ud800"], ["\u0000"], ["x" * 37], ["01936a3e-; DROP TABLE"]])
def test_a_status_pull_naming_impossible_ids_is_refused_with_422(
    lone_hub: HubProcess, device: DeviceCredentials, ids: list[str]
) -> None:
    body = json.dumps({"ids": ids}).encode()
    headers = {"Content-Type": "application/json", **device.sign("POST", "/v1/status", body)}
    assert httpx.post(lone_hub.url + "/v1/status", content=body, headers=headers).status_code == 422


def test_a_device_pushing_poison_in_a_loop_never_fails_another_devices_pushes(
    lone_hub: HubProcess, device: DeviceCredentials, make_transaction: MakeTransaction, tmp_path: Path
) -> None:
    poisoner = enrolled(lone_hub, tmp_path / "poisoner", device_id="kiosk-poisoner")
    poisons = [{"service_version": 10**30}, {"answers": {"full_name": "\ud800"}}, {"answers": {"n": "\u0000"}}]
    stop, poisoned = threading.Event(), []

    def poison_in_a_loop() -> None:
        with httpx.Client(base_url=lone_hub.url, timeout=30) as client:
            while not stop.is_set():
                fields = json.loads(_envelope(make_transaction, device_id=poisoner.device_id))
                body = _push_body([json.dumps({**fields, **poisons[len(poisoned) % 3]})], poisoner.device_id)
                headers = {"Content-Type": "application/json", **poisoner.sign("POST", PUSH, body)}
                poisoned.append(client.post(PUSH, content=body, headers=headers).status_code)

    attacker = threading.Thread(target=poison_in_a_loop)
    attacker.start()
    try:
        outcomes = []
        with httpx.Client(base_url=lone_hub.url, timeout=30) as client:
            for _ in range(200):
                body = _push_body([_envelope(make_transaction)])
                response = client.post(PUSH, content=body, headers={"Content-Type": "application/json",
                                                                    **device.sign("POST", PUSH, body)})
                outcomes.append((response.status_code, response.json()["results"][0]["status"]))
    finally:
        stop.set()
        attacker.join()
    assert outcomes == [(200, "accepted")] * 200
    assert poisoned and set(poisoned) == {422}


def test_the_writer_confines_a_failing_push_to_its_own_request(tmp_path: Path, make_transaction: MakeTransaction) -> None:
    """Validation is the first wall; should something slip past it, the shared commit still isolates it."""
    import sqlite3

    from banshi.sync.hub.devices import DeviceRegistry
    from banshi.sync.hub.store import HubStore, create_schema, make_engine
    from banshi.sync.hub.writer import HubWriter

    database = tmp_path / "hub.sqlite3"
    engine = make_engine(f"sqlite:///{database}")
    create_schema(engine)
    writer = HubWriter(HubStore(engine), DeviceRegistry(engine))
    good = [TransactionEnvelope.of(make_transaction()) for _ in range(2)]
    fields = TransactionEnvelope.of(make_transaction(device_id="kiosk-poisoner")).wire_dict()
    poisoned = TransactionEnvelope.model_construct(**{**fields, "service_version": 10**30})
    lock = sqlite3.connect(database, isolation_level=None)
    try:
        lock.execute("BEGIN IMMEDIATE")  # the writer waits on its first unit; the next two queue as one group
        first = writer.submit(None, DEVICE_ID, good[:1])
        time.sleep(0.2)
        bad, second = writer.submit(None, "kiosk-poisoner", [poisoned]), writer.submit(None, DEVICE_ID, good[1:])
        lock.execute("ROLLBACK")
        assert [r.status for r in first.result(10) + second.result(10)] == ["accepted", "accepted"]
        with pytest.raises(OverflowError):
            bad.result(10)
    finally:
        lock.close()
        writer.close()
        engine.dispose()


def test_every_hub_route_that_takes_a_body_parses_it_strictly_and_every_signed_route_is_gated(tmp_path: Path) -> None:
    """A route added later without ``StrictJsonRoute`` or a ``ROUTE_RULES`` line fails here, not in production."""
    from fastapi.routing import APIRoute

    from banshi.sync.hub.app import create_app
    from banshi.sync.hub.gate import ROUTE_RULES, StrictJsonRoute

    app = create_app(f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path / "keys")
    # FastAPI keeps each included router whole; every hub router is included under /v1
    routes = [route for included in app.routes for route in included.original_router.routes  # type: ignore[attr-defined]
              if isinstance(route, APIRoute)]
    loose = [route.path for route in routes if route.body_field is not None and not isinstance(route, StrictJsonRoute)]
    assert routes and loose == []
    described = {(method, "/v1" + route.path) for route in routes for method in route.methods}
    assert set(ROUTE_RULES) <= described
