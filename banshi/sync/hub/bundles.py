"""Importing a sneakernet bundle at the hub: the same exactly-once path as a network push."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy.orm import Session

from banshi.sync.errors import SignatureError
from banshi.sync.hub.devices import Device
from banshi.sync.hub.intake import ingest_items
from banshi.sync.hub.keys import HubKeyring
from banshi.sync.hub.store import HubStore, create_schema, make_engine
from banshi.sync.protocol import MAX_BATCH, PushResult
from banshi.sync.protocol.bundle import open_bundle, read_bundle_header
from banshi.sync.protocol.signing import ed25519_public_from_b64


def import_bundle(data: bytes, store: HubStore, keys: HubKeyring) -> list[PushResult]:
    """Verify ``data`` against its device's enrolled key and ingest every item once."""
    header = read_bundle_header(data)
    with Session(store.engine) as session:
        device = session.get(Device, header.device_id)
    if device is None:
        raise SignatureError(f"device {header.device_id!r} is not enrolled at this hub; enrol it first")
    body = open_bundle(header, ed25519_public_from_b64(device.public_key))
    results: list[PushResult] = []
    for start in range(0, len(body.items), MAX_BATCH):
        results += ingest_items(store, keys, body.device_id, body.items[start : start + MAX_BATCH])
    return results


def import_bundle_file(path: Path, database_url: str, keys_dir: Path) -> str:
    """Import the bundle at ``path``; a one-line summary for the operator."""
    engine = make_engine(database_url)
    try:
        create_schema(engine)
        results = import_bundle(path.read_bytes(), HubStore(engine), HubKeyring.load_or_create(keys_dir))
    finally:
        engine.dispose()
    tally = Counter(result.status.value for result in results)
    return f"{path.name}: {len(results)} transactions: " + ", ".join(f"{n} {s}" for s, n in sorted(tally.items()))
