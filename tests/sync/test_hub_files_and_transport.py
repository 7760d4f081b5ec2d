"""What the hub and devices leave on disk is theirs alone (0600), the hub does not publish a map of
itself unless asked, and it speaks TLS when given a certificate."""

from __future__ import annotations

import datetime
import ipaddress
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from banshi.services.staff.audit import AuditLog
from banshi.sync.engine import SyncEngine
from banshi.sync.hub.process import HubStartError, start_hub_process
from banshi.sync.outbox import Outbox
from tests.sync.conftest import DEVICE_ID, MakeTransaction, enrolled


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def _usual_umask() -> Iterator[None]:
    """The umask most systems start services with: files are 0644 unless the code says otherwise."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_hub_database_and_its_wal_and_shm_are_readable_by_the_hub_alone(
    tmp_path: Path, make_transaction: MakeTransaction
) -> None:
    database = tmp_path / "hub" / "hub.sqlite3"
    with start_hub_process(f"sqlite:///{database}", log_dir=tmp_path) as hub:
        credentials = enrolled(hub, tmp_path / "device")
        with Outbox(tmp_path / "outbox.sqlite3", seal_to=credentials.hub_sealing_key) as outbox:
            outbox.enqueue(make_transaction())
            assert SyncEngine(outbox, hub.url, DEVICE_ID, credentials=credentials).sync_once().accepted == 1
        files = [database, database.with_name("hub.sqlite3-wal"), database.with_name("hub.sqlite3-shm")]
        assert {path.name: _mode(path) for path in files} == {path.name: 0o600 for path in files}


def test_a_hub_database_left_readable_by_an_older_version_is_made_private_at_start(tmp_path: Path) -> None:
    database = tmp_path / "hub.sqlite3"
    database.touch(mode=0o644)
    database.chmod(0o644)
    with start_hub_process(f"sqlite:///{database}", log_dir=tmp_path):
        assert _mode(database) == 0o600


def test_the_device_outbox_and_audit_log_are_readable_by_their_owner_alone(
    tmp_path: Path, make_transaction: MakeTransaction
) -> None:
    with Outbox(tmp_path / "outbox.sqlite3") as outbox:
        outbox.enqueue(make_transaction())
    log = AuditLog(tmp_path / "audit.sqlite3")
    log.append("clerk-0001", "sign_in")
    written = sorted(path for path in tmp_path.iterdir() if path.is_file())
    assert {path.name for path in written} >= {"outbox.sqlite3", "audit.sqlite3", "audit.sqlite3-wal"}
    assert {path.name: _mode(path) for path in written} == {path.name: 0o600 for path in written}


def test_the_api_description_is_served_only_when_asked_for(tmp_path: Path) -> None:
    with start_hub_process(f"sqlite:///{tmp_path / 'a' / 'hub.sqlite3'}", log_dir=tmp_path) as hub:
        assert [httpx.get(hub.url + path).status_code for path in ("/docs", "/openapi.json", "/redoc")] == [404] * 3
    with start_hub_process(f"sqlite:///{tmp_path / 'b' / 'hub.sqlite3'}", log_dir=tmp_path, api_docs=True) as hub:
        assert httpx.get(hub.url + "/openapi.json").json()["info"]["title"] == "Banshi hub"


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1, made now: the hub's TLS is tested without any file from outside."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "banshi-hub-test")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "hub.crt", folder / "hub.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.touch(mode=0o600)
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_a_device_enrols_and_pushes_over_tls_to_a_hub_with_a_certificate(
    tmp_path: Path, make_transaction: MakeTransaction, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = _self_signed(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # how a device is told to trust the hub's certificate
    with start_hub_process(f"sqlite:///{tmp_path / 'hub.sqlite3'}", log_dir=tmp_path, tls=(cert, key)) as hub:
        assert hub.url.startswith("https://127.0.0.1:")
        with pytest.raises(httpx.HTTPError):
            httpx.get(hub.url.replace("https://", "http://") + "/v1/health", timeout=5)
        credentials = enrolled(hub, tmp_path / "device")
        with Outbox(tmp_path / "outbox.sqlite3", seal_to=credentials.hub_sealing_key) as outbox:
            outbox.enqueue(make_transaction())
            assert SyncEngine(outbox, hub.url, DEVICE_ID, credentials=credentials).sync_once().accepted == 1


def test_the_hub_refuses_to_start_with_a_tls_key_others_can_read(tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    key.chmod(0o644)
    with pytest.raises(HubStartError, match="readable by others"):
        start_hub_process(f"sqlite:///{tmp_path / 'hub.sqlite3'}", log_dir=tmp_path, tls=(cert, key), timeout=20)
