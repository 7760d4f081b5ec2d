"""Personal data never sits on the device in clear: sealed to the hub, keys outside the database."""

from __future__ import annotations

import json
import logging
import os
import random
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from banshi.identity.idnumber import make_id_number
from banshi.sync.engine import SyncEngine
from banshi.sync.errors import KeyFileError, SealError
from banshi.sync.hub.keys import HubKeyring
from banshi.sync.hub.process import HubProcess, start_hub_process
from banshi.sync.outbox import Outbox, OutboxState
from banshi.sync.protocol.keyfiles import read_secret
from banshi.sync.protocol.sealing import open_sealed, seal, x25519_public_from_b64
from tests.sync.conftest import DEVICE_ID, MakeTransaction

SURNAMES, GIVEN = "欧阳司马诸葛上官", "明华秀英建国志强丽娟"


def _person(rng: random.Random, n: int) -> dict[str, str]:
    region = rng.choice(["110101", "310104", "440305", "510107"])
    born = date(rng.randint(1930, 2000), rng.randint(1, 12), rng.randint(1, 28))
    name = rng.choice(["欧阳", "司马", "诸葛", "上官"]) + "".join(rng.sample(GIVEN, 2))
    return {"id_number": make_id_number(region, born, n % 1000), "phone": f"13{rng.randint(0, 999_999_999):09d}",
            "full_name": name, "latin_name": f"Ouyang Minghua{n:04d}x"}


def _forms(value: str) -> set[bytes]:
    escaped = json.dumps(value).strip('"')  # \\uXXXX escapes for the CJK names
    return {value.encode("utf-8"), value.encode("utf-16-le"), value.encode("utf-16-be"), escaped.encode("ascii")}


def _occurrences(data: bytes, forms: set[bytes]) -> set[bytes]:
    """Which of ``forms`` occur in ``data`` (every window of every form length: one pass per length)."""
    found: set[bytes] = set()
    for length in {len(form) for form in forms}:
        found |= {data[i : i + length] for i in range(len(data) - length + 1)} & forms
    return found


@pytest.fixture
def sealing_hub(tmp_path: Path) -> Iterator[HubProcess]:
    with start_hub_process(f"sqlite:///{tmp_path / 'hub' / 'hub.sqlite3'}", log_dir=tmp_path, allow_unsigned=True) as hub:
        yield hub


def _hub_sealing_key(hub: HubProcess):  # type: ignore[no-untyped-def]
    return x25519_public_from_b64(httpx.get(f"{hub.url}/v1/hub-keys").json()["sealing_key"])


def test_a_thousand_transactions_leave_no_id_number_phone_or_name_on_the_device(
    tmp_path: Path, sealing_hub: HubProcess, make_transaction: MakeTransaction, monkeypatch: pytest.MonkeyPatch
) -> None:
    device = tmp_path / "device"
    (device / "tmp").mkdir(parents=True)
    monkeypatch.setenv("SQLITE_TMPDIR", str(device / "tmp"))
    handler = logging.FileHandler(device / "device.log", encoding="utf-8")
    logging.getLogger("banshi").addHandler(handler)
    logging.getLogger("banshi").setLevel(logging.DEBUG)
    rng = random.Random(7)
    people = [_person(rng, n) for n in range(1000)]
    try:
        with Outbox(device / "outbox.sqlite3", seal_to=_hub_sealing_key(sealing_hub)) as outbox:
            for person in people:
                outbox.enqueue(make_transaction(answers=person, display={"masked_name": person["full_name"][0] + "**"}))
            engine = SyncEngine(outbox, sealing_hub.url, DEVICE_ID, batch_size=100)
            engine.sync_once()
            SyncEngine(outbox, "http://127.0.0.1:9", DEVICE_ID).sync_once()  # an offline pass logs its failure
            engine.close()
            assert outbox.counts()[OutboxState.ACCEPTED] == 1000
            for person in people[:100]:  # answers queued later stay sealed too
                outbox.enqueue(make_transaction(answers=person))
    finally:
        logging.getLogger("banshi").removeHandler(handler)
        handler.close()
    files = {path: path.read_bytes() for path in device.rglob("*") if path.is_file()}
    assert device / "device.log" in files and device / "outbox.sqlite3" in files
    forms = {form for person in people for value in person.values() for form in _forms(value)}
    leaks = {path.name: _occurrences(data, forms) for path, data in files.items()}
    assert {name: found for name, found in leaks.items() if found} == {}


def test_what_the_device_filed_opens_only_with_the_hubs_private_key(tmp_path: Path) -> None:
    hub_keys, other = HubKeyring.load_or_create(tmp_path / "a"), HubKeyring.load_or_create(tmp_path / "b")
    sealed = seal(b"13812345678", hub_keys.sealing.public_key(), b"id-1")
    assert open_sealed(sealed, hub_keys.sealing, b"id-1") == b"13812345678"
    with pytest.raises(SealError):
        open_sealed(sealed, other.sealing, b"id-1")
    with pytest.raises(SealError):  # bound to its transaction id
        open_sealed(sealed, hub_keys.sealing, b"id-2")


def test_the_local_key_lives_beside_the_database_and_only_its_owner_may_read_it(
    tmp_path: Path, make_transaction: MakeTransaction
) -> None:
    with Outbox(tmp_path / "outbox.sqlite3") as outbox:
        outbox.enqueue(make_transaction())
    key = tmp_path / "outbox.sqlite3.key"
    assert key.stat().st_mode & 0o777 == 0o600 and len(read_secret(key)) == 32
    assert b"13812345678" not in (tmp_path / "outbox.sqlite3").read_bytes()
    os.chmod(key, 0o644)
    with pytest.raises(KeyFileError, match="readable by others"):
        read_secret(key)


def test_a_record_encrypted_before_enrolment_still_reaches_the_hub(
    tmp_path: Path, sealing_hub: HubProcess, make_transaction: MakeTransaction
) -> None:
    with Outbox(tmp_path / "outbox.sqlite3") as early:
        record = early.enqueue(make_transaction())
    with Outbox(tmp_path / "outbox.sqlite3", seal_to=_hub_sealing_key(sealing_hub)) as outbox:
        later = outbox.enqueue(make_transaction())
        assert SyncEngine(outbox, sealing_hub.url, DEVICE_ID).sync_once().accepted == 2
        assert {outbox.get(record.id).state, outbox.get(later.id).state} == {OutboxState.ACCEPTED}
