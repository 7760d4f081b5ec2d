"""Importing a sneakernet bundle at the hub: the same exactly-once path as a network push.

Each import also writes a hub-signed acknowledgement ``<bundle>.ack`` beside the bundle; carried
back to the device it settles those records as a push's answer would (a re-import rewrites it).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from banshi.sync.errors import SignatureError
from banshi.sync.hub.at_rest import StorageKeys
from banshi.sync.hub.devices import Device
from banshi.sync.hub.intake import ingest_items
from banshi.sync.hub.keys import HubKeyring
from banshi.sync.hub.store import HubStore, create_schema, make_engine
from banshi.sync.protocol import MAX_BATCH, PushResult
from banshi.sync.protocol.bundle import ACK_SUFFIX, AckBody, open_bundle, read_bundle_header, write_ack
from banshi.sync.protocol.signing import ed25519_public_from_b64
from banshi.files import replace_atomically


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


def ack_path(bundle: Path) -> Path:
    return bundle.with_name(bundle.name + ACK_SUFFIX)


def write_ack_file(bundle: Path, data: bytes, results: list[PushResult], keys: HubKeyring) -> Path:
    """The signed acknowledgement of ``bundle`` (written whole, then renamed, like the bundle)."""
    header = read_bundle_header(data)
    body = AckBody(bundle_sha256=hashlib.sha256(data).hexdigest(), device_id=header.device_id,
                   created_at=datetime.now(UTC).isoformat(), results=results)
    target = ack_path(bundle)
    replace_atomically(target, write_ack(body, keys.signing))
    return target


def import_bundle_file(path: Path, database_url: str, keys_dir: Path) -> str:
    """Import the bundle at ``path`` and write its acknowledgement beside it; a one-line summary."""
    keys = HubKeyring.load(keys_dir)
    engine = make_engine(database_url)
    data = path.read_bytes()
    try:
        create_schema(engine)
        results = import_bundle(data, HubStore(engine, StorageKeys.load_or_create(keys_dir)), keys)
    finally:
        engine.dispose()
    ack = write_ack_file(path, data, results, keys)
    tally = Counter(result.status.value for result in results)
    summary = ", ".join(f"{n} {s}" for s, n in sorted(tally.items()))
    return f"{path.name}: {len(results)} transactions: {summary}; acknowledgement written to {ack}"
