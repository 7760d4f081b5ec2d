"""Private keys are written 0600 and a hub refuses a root key others can read (issue 14, item 9); the
operator tools refuse what would go wrong later, in one line (issue 14, the smaller items)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from banshi.identity.keyfolder import write_demo_keys
from banshi.sync.hub.devices import DeviceRegistry
from banshi.sync.hub.keys import HubKeyring
from banshi.sync.hub.roles import DeviceRole
from banshi.sync.hub.store import create_schema, make_engine
from banshi.sync.protocol import canonical_json
from banshi.sync.protocol.bundle import BUNDLE_FORMAT, BundleFile, _signed_input
from banshi.sync.protocol.sealing import b64
from banshi.sync.protocol.signing import EnrolRequest, raw_public
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def _banshi(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "banshi", *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def _one_line_refusal(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_demo_keys_are_written_readable_by_their_owner_only(tmp_path: Path) -> None:
    result = _banshi("codes", "demo-keys", str(tmp_path / "keys"))
    assert result.returncode == 0, result.stderr
    assert {_mode(tmp_path / "keys" / name) for name in ("root.key.pem", "issuer.key.pem")} == {0o600}


def test_the_hub_refuses_to_start_with_a_root_key_others_can_read(tmp_path: Path) -> None:
    authority = write_demo_keys(tmp_path / "authority").path
    (authority / "root.key.pem").chmod(0o644)
    result = _banshi("hub", "--trust-keys", str(authority), "--database-url", f"sqlite:///{tmp_path / 'hub.db'}",
                     "--keys-dir", str(tmp_path / "hub-keys"), "--port", "0")
    line = _one_line_refusal(result)
    assert "root.key.pem" in line and "chmod 600" in line


@pytest.mark.parametrize("exposed", ["sign.key.pem", "seal.key.pem", "operator.token"])
def test_the_hub_refuses_to_start_with_its_own_secrets_readable_by_others(tmp_path: Path, exposed: str) -> None:
    HubKeyring.load_or_create(tmp_path / "hub-keys")
    (tmp_path / "hub-keys" / exposed).chmod(0o640)
    result = _banshi("hub", "--database-url", f"sqlite:///{tmp_path / 'hub.db'}", "--keys-dir",
                     str(tmp_path / "hub-keys"), "--port", "0")
    line = _one_line_refusal(result)
    assert exposed in line and "chmod 600" in line


def test_importing_a_bundle_without_the_hubs_keys_refuses_and_makes_no_new_keys(tmp_path: Path) -> None:
    bundle = tmp_path / "kiosk.bundle"
    bundle.write_bytes(b"{}")
    data_dir = tmp_path / "data"
    result = _banshi("hub", "import-bundle", str(bundle), "--database-url", f"sqlite:///{tmp_path / 'hub.db'}",
                     env={"BANSHI_DEVICE__DATA_DIR": str(data_dir)})
    assert "--keys-dir" in _one_line_refusal(result)
    assert not (data_dir / "hub-keys").exists()
    assert not (tmp_path / "kiosk.bundle.ack").exists()


def test_a_correctly_signed_bundle_with_a_malformed_body_is_refused_in_one_line(tmp_path: Path) -> None:
    database, keys = f"sqlite:///{tmp_path / 'hub.db'}", tmp_path / "hub-keys"
    hub_keys = HubKeyring.load_or_create(keys).public()
    engine = make_engine(database)
    create_schema(engine)
    device = Ed25519PrivateKey.generate()
    registry = DeviceRegistry(engine)
    code = registry.issue_code(DeviceRole.KIOSK, hub_keys=hub_keys)
    registry.enrol(EnrolRequest(device_id="kiosk-usb", public_key=b64(raw_public(device.public_key())), code=code))
    engine.dispose()
    raw = canonical_json({"device_id": "kiosk-usb", "items": "not a list"})
    signed = BundleFile(format=BUNDLE_FORMAT, device_id="kiosk-usb", body=b64(raw),
                        signature=b64(device.sign(_signed_input(raw))))
    bundle = tmp_path / "kiosk.bundle"
    bundle.write_bytes(canonical_json(signed.model_dump(mode="json")))
    result = _banshi("hub", "import-bundle", str(bundle), "--database-url", database, "--keys-dir", str(keys))
    assert "body is not a bundle body" in _one_line_refusal(result)


@pytest.mark.parametrize(("option", "value", "complaint"), [
    ("--valid-days", "-5", "--valid-days"), ("--valid-days", "0", "--valid-days"),
    ("--ref", "R" * 5000, "--ref"), ("--ref", "", "--ref"),
    ("--birth-year", "12345678901234567890", "--birth-year"), ("--birth-year", "1066", "--birth-year"),
    ("--birth-year", "2999", "--birth-year"),
])
def test_codes_issue_refuses_values_that_make_a_useless_code(tmp_path: Path, option: str, value: str,
                                                              complaint: str) -> None:
    arguments = {"--ref": "R-0001", "--name": "张伟", "--birth-year": "1956", "--out": str(tmp_path / "card"),
                 "--valid-days": "365", option: value}
    result = _banshi("codes", "issue", *[item for pair in arguments.items() for item in pair])
    assert result.returncode == 2 and complaint in _one_line_refusal(result)
    assert not (tmp_path / "card.png").exists()
