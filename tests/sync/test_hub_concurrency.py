"""Many requests at once: the writer shares one commit among them, yet each is settled on its own;
several hub processes on one port; the read endpoints are for operators only."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from banshi.polling import wait_until
from banshi.sync.device import DeviceCredentials
from banshi.sync.hub.process import HubProcess, start_hub_process
from banshi.sync.protocol import PUSH_PATH, TransactionEnvelope
from tests.sync.conftest import DEVICE_ID, MakeTransaction, enrolled


def _signed_push(hub: HubProcess, body: bytes, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(hub.url + PUSH_PATH, content=body, timeout=30,
                      headers={"Content-Type": "application/json", **headers})


def _body(*transactions: dict[str, object]) -> bytes:
    envelopes = [TransactionEnvelope.of(t).model_dump(mode="json") for t in transactions]
    return json.dumps({"device_id": DEVICE_ID, "transactions": envelopes}).encode()


def test_one_signed_request_sent_twenty_times_at_once_is_accepted_once(
    signed_hub: HubProcess, credentials: DeviceCredentials, make_transaction: MakeTransaction
) -> None:
    body = _body(make_transaction())
    headers = credentials.sign("POST", PUSH_PATH, body)  # one nonce for every copy
    with ThreadPoolExecutor(max_workers=20) as pool:
        answers = list(pool.map(lambda _: _signed_push(signed_hub, body, headers), range(20)))
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] + [409] * 19
    assert {answer.json()["reason"] for answer in answers if answer.status_code == 409} == {"replayed"}


def test_many_devices_pushing_at_once_each_get_their_own_answers(
    signed_hub: HubProcess, credentials: DeviceCredentials, make_transaction: MakeTransaction, tmp_path: Path
) -> None:
    devices = [enrolled(signed_hub, tmp_path / f"device-{n}", f"crowd-{tmp_path.name[-6:]}-{n}") for n in range(12)]
    pushes = [(device, [make_transaction(device_id=device.device_id) for _ in range(3)]) for device in devices]

    def push(device: DeviceCredentials, transactions: list[dict[str, object]]) -> list[str]:
        body = json.dumps({"device_id": device.device_id, "transactions": [
            TransactionEnvelope.of(t).model_dump(mode="json") for t in transactions]}).encode()
        answer = _signed_push(signed_hub, body, device.sign("POST", PUSH_PATH, body))
        assert answer.status_code == 200, answer.text
        return [result["id"] for result in answer.json()["results"] if result["status"] == "accepted"]

    with ThreadPoolExecutor(max_workers=12) as pool:
        accepted = list(pool.map(lambda pair: push(*pair), pushes))
    assert accepted == [[t.id for t in transactions] for _, transactions in pushes]


def test_two_hub_processes_on_one_port_store_each_transaction_once(
    tmp_path: Path, make_transaction: MakeTransaction
) -> None:
    transactions = [make_transaction() for _ in range(30)]
    with start_hub_process(f"sqlite:///{tmp_path / 'hub.sqlite3'}", log_dir=tmp_path, allow_unsigned=True,
                           workers=2) as hub:
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(lambda t: httpx.post(hub.url + PUSH_PATH, content=_body(t), timeout=30,
                                                         headers={"Content-Type": "application/json"}),
                                    transactions * 3))
        listed = httpx.get(f"{hub.url}/v1/transactions", params={"limit": 1000},
                           headers=hub.operator_headers()).json()["items"]
    statuses = [answer.json()["results"][0]["status"] for answer in answers]
    assert statuses.count("accepted") == 30 and statuses.count("duplicate") == 60
    assert sorted(item["id"] for item in listed) == sorted(t.id for t in transactions)


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer not-the-operator-token"}])
def test_reading_filed_answers_needs_the_operators_token(
    signed_hub: HubProcess, headers: dict[str, str]
) -> None:
    for path in ("/v1/transactions", "/v1/transactions/0190b3a2-7c1e-7abc-8def-0123456789ab"):
        refused = httpx.get(signed_hub.url + path, headers=headers)
        assert refused.status_code == 401 and "operator.token" in refused.json()["detail"]
    assert httpx.get(signed_hub.url + "/v1/transactions", headers=signed_hub.operator_headers()).status_code == 200
    assert httpx.get(signed_hub.url + "/v1/health").status_code == 200


def test_a_hub_started_by_a_process_that_dies_does_not_outlive_it(tmp_path: Path) -> None:
    owner = (
        "import sys\n"
        "from pathlib import Path\n"
        "from banshi.sync.hub.process import start_hub_process\n"
        f"hub = start_hub_process('sqlite:///{tmp_path / 'hub.sqlite3'}', log_dir=Path({str(tmp_path)!r}))\n"
        "print(hub.process.pid, flush=True)\n"
        "import os, signal; os.kill(os.getpid(), signal.SIGKILL)  # as a crashed test run would\n"
    )
    finished = subprocess.run([sys.executable, "-c", owner], capture_output=True, text=True, timeout=60)
    hub_pid = int(finished.stdout.split()[0])
    wait_until(lambda: not _alive(hub_pid), 15, "the hub to stop once its owner died", step_s=0.1)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(")")[1].split()[0] != "Z"  # a zombie has exited; only reaping is left
    except FileNotFoundError:
        return False
