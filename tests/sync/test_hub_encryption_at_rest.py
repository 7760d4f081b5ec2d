"""Answers are encrypted in the hub's database under keys kept apart from it, and the keys rotate."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select, update

from banshi.sync.engine import SyncEngine
from banshi.sync.errors import SealError
from banshi.sync.hub.at_rest import MAGIC, StorageKeys
from banshi.sync.hub.process import start_hub_process
from banshi.sync.hub.store import HubStore, StoredTransaction, create_schema, make_engine
from banshi.sync.outbox import Outbox
from banshi.sync.protocol import TransactionEnvelope
from tests.sync.conftest import DEVICE_ID, MakeTransaction, enrolled

PHONE = "13912345678"


def _database_bytes(database: Path) -> bytes:
    return b"".join(path.read_bytes() for path in database.parent.glob(database.name + "*"))


def test_a_pushed_answer_is_stored_encrypted_and_read_back_by_the_operator(
    tmp_path: Path, make_transaction: MakeTransaction
) -> None:
    database = tmp_path / "db" / "hub.sqlite3"
    keys = tmp_path / "keys"
    with start_hub_process(f"sqlite:///{database}", log_dir=tmp_path, keys_dir=keys) as hub:
        credentials = enrolled(hub, tmp_path / "device")
        answers = {"full_name": "张伟", "phone": PHONE, "still_living_here": "yes"}
        with Outbox(tmp_path / "outbox.sqlite3", seal_to=credentials.hub_sealing_key) as outbox:
            record = outbox.enqueue(make_transaction(answers=answers))
            assert SyncEngine(outbox, hub.url, DEVICE_ID, credentials=credentials).sync_once().accepted == 1
        held = httpx.get(f"{hub.url}/v1/transactions/{record.id}", headers=hub.operator_headers()).json()
        assert held["answers"]["phone"] == PHONE
        stored = _database_bytes(database)
        assert PHONE.encode() not in stored and "张伟".encode() not in stored
        assert MAGIC in stored
        assert [path.name for path in (keys / "storage").iterdir()] == ["0001.key"]


def _store_with_rows(tmp_path: Path, make_transaction: MakeTransaction) -> tuple[HubStore, list[str]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    create_schema(engine)
    plain = HubStore(engine)  # a row from before encryption at rest
    plain.ingest(DEVICE_ID, [TransactionEnvelope.of(make_transaction(answers={"phone": PHONE}))])
    store = HubStore(engine, StorageKeys.load_or_create(tmp_path / "keys"))
    store.ingest(DEVICE_ID, [TransactionEnvelope.of(make_transaction(answers={"phone": PHONE})) for _ in range(3)])
    return store, [status.id for status in store.latest(10)]


def test_rotation_re_encrypts_every_row_and_the_old_key_can_go(tmp_path: Path, make_transaction: MakeTransaction) -> None:
    store, ids = _store_with_rows(tmp_path, make_transaction)
    assert store.rotate_storage_key() == 4  # three under key 1, one from before encryption
    assert store.keys is not None and store.keys.retire_older() == [tmp_path / "keys" / "storage" / "0001.key"]
    reopened = HubStore(store.engine, StorageKeys.load_or_create(tmp_path / "keys"))
    assert [reopened.status(id_).answers["phone"] for id_ in ids] == [PHONE] * 4  # type: ignore[union-attr]
    with store.engine.connect() as connection:
        payloads = connection.scalars(select(StoredTransaction.payload)).all()
    assert all(payload.startswith(MAGIC + (2).to_bytes(4, "big")) for payload in payloads)
    assert store.rotate_storage_key() == 4 and reopened.status(ids[0]) is not None  # again: key 3, read by reload


def test_a_payload_moved_to_another_row_does_not_open(tmp_path: Path, make_transaction: MakeTransaction) -> None:
    store, ids = _store_with_rows(tmp_path, make_transaction)
    store.rotate_storage_key()
    with store.engine.begin() as connection:
        moved = connection.scalar(select(StoredTransaction.payload).where(StoredTransaction.id == ids[0]))
        connection.execute(update(StoredTransaction).where(StoredTransaction.id == ids[1]).values(payload=moved))
    with pytest.raises(SealError, match="altered or moved"):
        store.status(ids[1])


def test_the_rotate_command_rotates_a_stopped_hubs_database(tmp_path: Path, make_transaction: MakeTransaction) -> None:
    store, ids = _store_with_rows(tmp_path, make_transaction)
    command = [sys.executable, "-m", "banshi.sync.hub", "rotate-storage-key", "--database-url",
               f"sqlite:///{tmp_path / 'hub.sqlite3'}", "--keys-dir", str(tmp_path / "keys")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    assert "Storage key 2 now seals every stored payload (4 re-encrypted); 1 older key(s) removed." in done.stdout
    assert sorted(path.name for path in (tmp_path / "keys" / "storage").iterdir()) == ["0002.key"]
    assert store.status(ids[-1]).answers["phone"] == PHONE  # type: ignore[union-attr]
