"""The hub's service catalog reaches devices: saved when pulled, the device's catalog from its next start."""

from __future__ import annotations

import shutil
from pathlib import Path

from banshi.config import load_settings
from banshi.paths import asset
from banshi.services.catalog import load_catalog
from banshi.sync.device_link import device_catalog
from banshi.sync.engine import SyncEngine
from banshi.sync.hub.process import start_hub_process
from banshi.sync.outbox import Outbox
from banshi.sync.pulls import saved_catalog
from tests.sync.conftest import enrolled


def _services_with_a_new_version(folder: Path) -> Path:
    """The shipped services, with pension certification at version 2 (as the central services might publish)."""
    shutil.copytree(asset("services"), folder)
    path = folder / "pension_certification.yaml"
    path.write_text(path.read_text("utf-8").replace("\nversion: 1\n", "\nversion: 2\n", 1), "utf-8")
    return folder


def test_a_catalog_published_at_the_hub_becomes_the_devices_catalog_at_its_next_start(tmp_path: Path) -> None:
    settings = load_settings(environ={"BANSHI_DEVICE__DATA_DIR": str(tmp_path / "device")})
    services = _services_with_a_new_version(tmp_path / "services")
    assert device_catalog(settings).get("pension_certification").version == 1  # nothing pulled yet: shipped
    with start_hub_process(f"sqlite:///{tmp_path / 'hub.sqlite3'}", log_dir=tmp_path, services_dir=services) as hub, \
            Outbox(tmp_path / "outbox.sqlite3") as outbox:
        credentials = enrolled(hub, tmp_path / "identity")
        engine = SyncEngine(outbox, hub.url, credentials.device_id, credentials=credentials,
                            catalog_file=settings.pulled_catalog_path)
        pulled: list[object] = []
        engine.on_event = lambda event: pulled.append(getattr(event, "catalog", None))
        assert engine.sync_once().error is None
        engine.close()
        restarted = SyncEngine(outbox, hub.url, credentials.device_id, credentials=credentials,
                               catalog_file=settings.pulled_catalog_path)
        assert restarted.puller is not None and restarted.puller.catalog_version == load_catalog(services).version
        restarted.close()
    assert any(catalog is not None for catalog in pulled)
    assert device_catalog(settings).get("pension_certification").version == 2


def test_a_damaged_saved_catalog_falls_back_to_the_shipped_one(tmp_path: Path) -> None:
    settings = load_settings(environ={"BANSHI_DEVICE__DATA_DIR": str(tmp_path)})
    settings.pulled_catalog_path.write_text('{"version": "x", "services": {"broken": {}}}', "utf-8")
    assert saved_catalog(settings.pulled_catalog_path) is None
    assert device_catalog(settings).version == load_catalog().version
