"""Counter fixtures: clerk accounts on disk and at the hub, fresh settings, a strict hub process, a built counter."""

from __future__ import annotations

import functools
import socket
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest

from banshi.config import Settings, load_settings
from banshi.counter_app.app import CounterRuntime, build_counter
from banshi.counter_app.settings import CounterSettings
from banshi.identity.keyfolder import KeyFolder
from banshi.paths import asset
from banshi.polling import wait_until
from banshi.services.staff import ClerkAccount, Role, hash_secret, write_accounts
from banshi.sync.hub.process import HubProcess, start_hub_process
from banshi.sync.hub.roles import DeviceRole
from banshi.sync.hub.staff import StaffStore
from banshi.sync.hub.store import make_engine
from tests.sync.conftest import issue_code

CLERK_ID, CLERK_PIN = "c001", "2468"
SUPERVISOR_ID, SUPERVISOR_PIN = "s001", "1357"


def cheap_hash(pin: str) -> str:
    # Cheap argon2 costs keep sign-in fast in tests; tests/services/staff covers the real defaults.
    return hash_secret(pin, time_cost=1, memory_kib=8192)


@functools.cache
def clerk_accounts_for_tests() -> tuple[ClerkAccount, ...]:
    return (ClerkAccount(CLERK_ID, "李娜", Role.CLERK, cheap_hash(CLERK_PIN)),
            ClerkAccount(SUPERVISOR_ID, "王强", Role.SUPERVISOR, cheap_hash(SUPERVISOR_PIN)))


@pytest.fixture(scope="session")
def clerk_accounts() -> list[ClerkAccount]:
    return list(clerk_accounts_for_tests())


def enrol_clerks(hub: HubProcess, accounts: Iterable[ClerkAccount]) -> None:
    """Enrol clerks AT THE HUB (as `banshi hub add-clerk` does): the hub's list replaces a syncing counter's."""
    engine = make_engine(hub.database_url)
    try:
        staff = StaffStore(engine)
        for account in accounts:
            staff.add_clerk(account.id, account.name, account.role, account.pin_hash, replace=True)
    finally:
        engine.dispose()


def start_strict_hub(folder: Path, port: int = 0, *, signs_revocations: bool = False) -> HubProcess:
    """A hub that takes only enrolled devices' signed requests (as in production), knows the test clerks
    and hands out the DEMO trust list (``signs_revocations``: re-signed with every revocation filed);
    the same ``folder`` restarts it on its old database and keys."""
    demo = KeyFolder(asset("keys", "demo"))
    trust = {"trust_keys": demo.private_copy(folder / "trust-authority").path} if signs_revocations else {
        "trust_list": asset("keys", "demo", "trust-list.cbor")}
    process = start_hub_process(f"sqlite:///{folder / 'hub.sqlite3'}", port=port, log_dir=folder,
                                allow_unsigned=False, **trust)
    try:
        enrol_clerks(process, clerk_accounts_for_tests())
    except BaseException:
        process.stop()
        raise
    return process


@pytest.fixture(scope="session")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    with start_strict_hub(tmp_path_factory.mktemp("counter-hub")) as process:
        yield process


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def counter_settings_for(tmp_path: Path, hub_url: str = "http://127.0.0.1:9", device_id: str = "counter-test-01",
                         enrolment_code: str = "", camera: Path | None = None) -> Settings:
    return load_settings(environ={
        "BANSHI_DEVICE__DATA_DIR": str(tmp_path / "device"), "BANSHI_DEVICE__DEVICE_ID": device_id,
        "BANSHI_SYNC__HUB_URL": hub_url, "BANSHI_SYNC__INTERVAL_S": "3600",
        "BANSHI_SYNC__ENROLMENT_CODE": enrolment_code, "BANSHI_IDENTITY__CAMERA": str(camera or "0"),
    })


BuildCounter = Callable[..., CounterRuntime]


@pytest.fixture
def build(tmp_path: Path, clerk_accounts: list[ClerkAccount], qapp: object) -> Iterator[BuildCounter]:
    """Builds a counter; ``enrol_at=hub`` enrols it there first (a fresh device id, one-time code);
    ``local_accounts=False``: no accounts file on the device (a counter before its first sync)."""
    runtimes: list[CounterRuntime] = []

    def make(hub_url: str = "http://127.0.0.1:9", enrol_at: HubProcess | None = None, enrolment_code: str = "",
             camera: Path | None = None, local_accounts: bool = True, **counter: object) -> CounterRuntime:
        device_id = f"counter-{uuid.uuid4().hex[:8]}" if enrol_at else "counter-test-01"
        code = issue_code(enrol_at, DeviceRole.COUNTER) if enrol_at else enrolment_code
        settings = counter_settings_for(tmp_path, hub_url, device_id, code, camera)
        if local_accounts:
            write_accounts(settings.device.data_dir / "clerks.json", clerk_accounts)
        options = CounterSettings.model_validate({"printer_target": tmp_path / "print", **counter})
        runtime = build_counter(settings, options, start_sync=False, scanner=None)
        runtime.clerk.resize(1920, 1080)
        runtime.display.resize(1920, 1080)
        runtime.clerk.show()
        runtime.display.show()
        runtimes.append(runtime)
        return runtime

    yield make
    for runtime in runtimes:
        runtime.shutdown()


def wait_for(condition: Callable[[], bool], timeout_s: float = 10.0, what: str = "") -> None:
    wait_until(condition, timeout_s, what)
