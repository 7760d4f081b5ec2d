"""The hub signs its own trust list: the trust authority's issuers plus every accepted citizen-code revocation."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cbor2
import httpx
import pytest
from sqlalchemy import Engine

from banshi.identity import cose
from banshi.identity.keyfolder import KeyFolder, write_demo_keys
from banshi.identity.trust import TrustList
from banshi.sync.hub.process import HubProcess, start_hub_process
from banshi.sync.hub.store import HubStore, create_schema, make_engine
from banshi.services.transactions import Transaction, TransactionKind
from banshi.sync.hub.trust_lists import TrustAuthorityError, TrustListPublisher, trust_list_source
from banshi.sync.protocol import TRUST_LIST_PATH, TransactionEnvelope
from tests.sync.conftest import BACKENDS, DEVICE_ID, DatabaseFactory, MakeTransaction


@pytest.fixture(scope="module", params=BACKENDS)
def authority_hub(request: pytest.FixtureRequest, make_database: DatabaseFactory,
                  tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    """A hub holding a trust-authority key folder (``--trust-keys``), taking unsigned pushes for brevity."""
    folder = tmp_path_factory.mktemp("authority-hub")
    keys = write_demo_keys(folder / "trust-authority")
    with start_hub_process(make_database(request.param), log_dir=folder, trust_keys=keys.path, allow_unsigned=True) as hub:
        hub.identity_keys = keys  # type: ignore[attr-defined]
        yield hub


def _revocation(make_transaction: MakeTransaction, serial: str, **overrides: Any) -> Transaction:
    answers = {"serial": serial, "office": "Banshi Demo Office", "reason": "lost", "clerk_id": "clerk-7"}
    return make_transaction(service_id=TransactionKind.REVOCATION.value, channel="counter", answers=answers, **overrides)


def _push(hub: HubProcess, transaction: Transaction, device_id: str = DEVICE_ID) -> str:
    envelope = TransactionEnvelope.of(transaction).model_dump(mode="json")
    body = {"device_id": device_id, "transactions": [envelope]}
    response = httpx.post(f"{hub.url}/v1/transactions", json=body, timeout=10).raise_for_status()
    return str(response.json()["results"][0]["status"])


def _get(hub: HubProcess, etag: str | None = None) -> httpx.Response:
    headers = {"If-None-Match": etag} if etag else {}
    return httpx.get(hub.url + TRUST_LIST_PATH, headers=headers, timeout=10)


def _listed(hub: HubProcess) -> TrustList:
    response = _get(hub).raise_for_status()
    return TrustList.from_bytes(response.content, hub.identity_keys.root_public_key)  # type: ignore[attr-defined]


def _raw_serials(signed: bytes) -> list[str]:
    return list(cbor2.loads(cose.parse_sign1(signed).payload)["revoked_serials"])


def test_an_accepted_revocation_is_in_the_next_trust_list_signed_by_the_root_key(
    authority_hub: HubProcess, make_transaction: MakeTransaction
) -> None:
    before = _get(authority_hub).raise_for_status()
    assert _push(authority_hub, _revocation(make_transaction, "a1b2c3d4e5f60718")) == "accepted"

    after = _listed(authority_hub)
    assert "a1b2c3d4e5f60718" in after.revoked_serials
    assert after.issuers == authority_hub.identity_keys.trust_list().issuers  # type: ignore[attr-defined]
    assert _get(authority_hub).headers["ETag"] != before.headers["ETag"]


def test_without_new_revocations_the_etag_stays_and_a_conditional_get_is_a_304(
    authority_hub: HubProcess, make_transaction: MakeTransaction
) -> None:
    first = _get(authority_hub).raise_for_status()
    assert _push(authority_hub, make_transaction()) == "accepted"  # an ordinary filing changes nothing here
    second = _get(authority_hub).raise_for_status()
    assert (second.headers["ETag"], second.content) == (first.headers["ETag"], first.content)

    conditional = _get(authority_hub, etag=first.headers["ETag"])
    assert (conditional.status_code, conditional.content) == (304, b"")
    assert conditional.headers["ETag"] == first.headers["ETag"]
    assert _get(authority_hub, etag='"an-older-version"').status_code == 200


def test_a_conflicting_resend_of_a_revocation_does_not_add_a_serial_twice(
    authority_hub: HubProcess, make_transaction: MakeTransaction
) -> None:
    original = _revocation(make_transaction, "0badc0de00000001")
    assert _push(authority_hub, original) == "accepted"
    changed = original.model_copy(update={"answers": {**original.answers, "serial": "0badc0de00000002"}})
    assert _push(authority_hub, changed) == "conflict"
    assert _push(authority_hub, _revocation(make_transaction, "0badc0de00000001")) == "accepted"  # filed again

    serials = _raw_serials(_get(authority_hub).raise_for_status().content)
    assert serials.count("0badc0de00000001") == 1
    assert "0badc0de00000002" not in serials


def test_a_rejected_revocation_does_not_count(authority_hub: HubProcess, make_transaction: MakeTransaction) -> None:
    before = _get(authority_hub).raise_for_status()
    foreign = _revocation(make_transaction, "5ca1ab1e00000001", device_id="someone-else")
    assert _push(authority_hub, foreign) == "rejected"

    after = _get(authority_hub).raise_for_status()
    assert "5ca1ab1e00000001" not in _raw_serials(after.content)
    assert after.headers["ETag"] == before.headers["ETag"]


@pytest.fixture
def hub_engine(tmp_path: Path) -> Iterator[Engine]:
    """A hub database of this test's own, for publishers driven in process with a clock of their own."""
    engine = make_engine(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
    create_schema(engine)
    yield engine
    engine.dispose()


def test_an_unchanged_list_is_signed_again_before_it_goes_stale(
    tmp_path: Path, hub_engine: Engine, make_transaction: MakeTransaction
) -> None:
    engine, keys = hub_engine, write_demo_keys(tmp_path / "keys")
    now = [1_800_000_000.0]
    publisher = TrustListPublisher.from_key_folder(keys, engine, max_age_s=100)
    publisher.clock = lambda: now[0]
    HubStore(engine).ingest(DEVICE_ID, [TransactionEnvelope.of(
        _revocation(make_transaction, "feedface00000001"))])

    first = publisher.current()
    now[0] += 40
    assert publisher.current() == first, "not yet due: the cached signature is handed out"
    now[0] += 20
    resigned = TrustList.from_bytes(publisher.current().signed, keys.root_public_key)
    assert resigned.issued_at == 1_800_000_050 and not resigned.is_stale(now[0] + 40)  # the period's start
    assert resigned.revoked_serials == {"feedface00000001"}


def test_two_hub_processes_on_one_database_hand_out_the_same_list_and_never_an_older_one(
    tmp_path: Path, hub_engine: Engine, make_transaction: MakeTransaction
) -> None:
    engine, keys = hub_engine, write_demo_keys(tmp_path / "keys")
    first, second = (TrustListPublisher.from_key_folder(keys, engine, max_age_s=3600) for _ in range(2))
    period_start = int(time.time()) // 1800 * 1800  # half the maximum age
    first.clock, second.clock = lambda: period_start + 100, lambda: period_start + 107  # signed 7 s apart
    assert first.current() == second.current(), "same bytes, same ETag"

    before = TrustList.from_bytes(second.current().signed, keys.root_public_key)
    HubStore(engine).ingest(DEVICE_ID, [TransactionEnvelope.of(
        _revocation(make_transaction, "feedface00000002"))])
    after = [TrustList.from_bytes(p.current().signed, keys.root_public_key) for p in (first, second)]
    assert all(a.revoked_serials == {"feedface00000002"} and a.issued_at >= before.issued_at for a in after)
    assert after[0].issued_at == after[1].issued_at


def test_a_root_private_key_that_does_not_match_the_folders_root_is_refused(tmp_path: Path, hub_engine: Engine) -> None:
    engine = hub_engine
    ours, theirs = write_demo_keys(tmp_path / "ours"), write_demo_keys(tmp_path / "theirs")
    shutil.copy(theirs.path / "root.key.pem", ours.path / "root.key.pem")
    with pytest.raises(TrustAuthorityError, match="does not belong to root.pub.pem"):
        TrustListPublisher.from_key_folder(KeyFolder(ours.path), engine)
    (ours.path / "root.key.pem").unlink()
    with pytest.raises(TrustAuthorityError, match="root private key"):
        TrustListPublisher.from_key_folder(KeyFolder(ours.path), engine)
    with pytest.raises(TrustAuthorityError, match="not both"):
        trust_list_source(engine, theirs.trust_list().to_bytes(), theirs.path)
