"""A device keeps the newest trust list it pulled (for its next start) and never goes back to an older one."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from banshi.identity.keyfolder import KeyFolder, write_demo_keys
from banshi.identity.trust import TrustList
from banshi.sync.engine import SyncEngine
from banshi.sync.hub.process import HubProcess, start_hub_process
from banshi.sync.outbox import Outbox
from banshi.sync.pulls import saved_trust_list
from tests.sync.conftest import enrolled


def _list_issued_at(keys: KeyFolder, issued_at: int, path: Path) -> Path:
    root = load_pem_private_key((keys.path / "root.key.pem").read_bytes(), None)
    issuers = keys.trust_list().issuers.values()
    path.write_bytes(TrustList.build(root, issuers, issued_at=issued_at).to_bytes())  # type: ignore[arg-type]
    return path


def _hub(folder: Path, trust_list: Path) -> HubProcess:
    folder.mkdir(parents=True, exist_ok=True)
    return start_hub_process(f"sqlite:///{folder / 'hub.sqlite3'}", log_dir=folder, trust_list=trust_list)


@pytest.fixture
def keys(tmp_path: Path) -> KeyFolder:
    return write_demo_keys(tmp_path / "authority")


def test_a_pulled_trust_list_is_saved_and_found_again_at_the_next_start(keys: KeyFolder, tmp_path: Path) -> None:
    saved = tmp_path / "device" / "trust-list.cbor"
    newer = _list_issued_at(keys, int(time.time()), tmp_path / "newer.cbor")
    with _hub(tmp_path / "hub", newer) as hub, Outbox(tmp_path / "outbox.sqlite3") as outbox:
        credentials = enrolled(hub, tmp_path / "identity")
        engine = SyncEngine(outbox, hub.url, credentials.device_id, credentials=credentials,
                            trust_root=keys.root_public_key, trust_list_file=saved)
        assert engine.sync_once().error is None
        engine.close()
    assert saved.read_bytes() == newer.read_bytes()
    found = saved_trust_list(saved, keys.root_public_key)
    assert found is not None and found.issued_at == TrustList.from_bytes(newer.read_bytes(), keys.root_public_key).issued_at


def test_an_older_trust_list_from_the_hub_is_refused_and_the_newer_one_kept(keys: KeyFolder, tmp_path: Path) -> None:
    saved = tmp_path / "device" / "trust-list.cbor"
    now = int(time.time())
    newer = _list_issued_at(keys, now, tmp_path / "newer.cbor")
    older = _list_issued_at(keys, now - 3600, tmp_path / "older.cbor")  # e.g. one without a recent revocation
    with Outbox(tmp_path / "outbox.sqlite3") as outbox:
        with _hub(tmp_path / "hub", newer) as hub:
            credentials = enrolled(hub, tmp_path / "identity")
            first = SyncEngine(outbox, hub.url, credentials.device_id, credentials=credentials,
                               trust_root=keys.root_public_key, trust_list_file=saved)
            assert first.sync_once().error is None
            first.close()
        with _hub(tmp_path / "hub", older) as replayed:  # same database and keys, an older list
            restarted = SyncEngine(outbox, replayed.url, credentials.device_id, credentials=credentials,
                                   trust_root=keys.root_public_key, trust_list_file=saved)
            report = restarted.sync_once()
            restarted.close()
    assert report.error is not None and "keeping the newer list" in report.error
    assert saved.read_bytes() == newer.read_bytes()


def test_a_damaged_saved_trust_list_is_ignored_not_trusted(keys: KeyFolder, tmp_path: Path) -> None:
    damaged = tmp_path / "trust-list.cbor"
    damaged.write_bytes(b"\x00not a trust list")
    assert saved_trust_list(damaged, keys.root_public_key) is None
