"""Sync fixtures: transactions, outboxes, a real hub process,
and tiny loopback HTTP servers that misbehave on purpose."""

from __future__ import annotations

import http.server
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from banshi.services.ids import uuid7
from banshi.services.transactions import Transaction, utc_iso
from banshi.identity.keyfolder import write_demo_keys
from banshi.sync.device import DeviceCredentials, enrol
from banshi.sync.hub.devices import CODE_VALID_S, DeviceRegistry
from banshi.sync.hub.keys import HubKeyring
from banshi.sync.hub.process import HubProcess, start_hub_process
from banshi.sync.hub.roles import DeviceRole
from banshi.sync.hub.store import make_engine
from banshi.sync.outbox import Outbox

DEVICE_ID = "kiosk-test-01"
MakeTransaction = Callable[..., Transaction]


@pytest.fixture
def make_transaction() -> MakeTransaction:
    def make(created: datetime | None = None, **overrides: Any) -> Transaction:
        moment = created or datetime.now(UTC)
        transaction = {
            "id": uuid7(int(moment.timestamp() * 1000)),
            "service_id": "pension-certification",
            "service_version": 1,
            "answers": {"full_name": "张伟", "phone": "13812345678", "still_living_here": "yes"},
            "channel": "kiosk",
            "device_id": DEVICE_ID,
            "created_at": utc_iso(moment),
            "display": {
                "service_title_zh_CN": "养老金资格认证",
                "service_title_en": "Pension certification",
                "masked_name": "张*",
            },
        }
        return Transaction(**{**transaction, **overrides})

    return make


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    with Outbox(tmp_path / "outbox.sqlite3") as box:
        yield box


BACKENDS = [pytest.param("sqlite", id="sqlite"), pytest.param("postgres", id="postgres", marks=pytest.mark.postgres)]
DatabaseFactory = Callable[[str], str]


def postgres_server_url() -> str:
    """The server scripts/run-tests.sh started; missing fails under CI and skips elsewhere."""
    url = os.environ.get("POSTGRES_TEST_URL")
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("POSTGRES_TEST_URL is not set under CI=true; run the suite with scripts/run-tests.sh.")
    pytest.skip("POSTGRES_TEST_URL is not set (scripts/run-tests.sh starts PostgreSQL and sets it)")


@pytest.fixture(scope="session")
def make_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    """A fresh, empty hub database URL of a backend ("sqlite" or "postgres") per call."""
    created: list[str] = []

    def make(backend: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path_factory.mktemp('hubdb') / 'hub.sqlite3'}"
        server = postgres_server_url()
        name = f"banshi_test_{uuid.uuid4().hex[:12]}"
        _postgres_admin(server, f"CREATE DATABASE {name}")
        created.append(name)
        return server.rsplit("/", 1)[0] + "/" + name

    yield make
    for name in created:
        _postgres_admin(os.environ["POSTGRES_TEST_URL"], f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def _postgres_admin(server_url: str, statement: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database, autocommit=True) as conn:
        conn.execute(statement)


@contextmanager
def tolerant_of_wrong_codes() -> Iterator[None]:
    """Hubs started inside tolerate many wrong enrolment codes: a session hub meets deliberate ones from
    many tests (and fuzzing) on one address, and a lockout would fail unrelated tests. The limits have
    their own hub in test_enrolment_guessing_and_pinning.py."""
    names = ("BANSHI_HUB__ENROL_FAILURES_PER_CLIENT", "BANSHI_HUB__ENROL_FAILURES_OVERALL")
    before = {name: os.environ.get(name) for name in names}
    os.environ.update({name: "1000000" for name in names})
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="session", params=BACKENDS)
def hub(request: pytest.FixtureRequest, make_database: DatabaseFactory,
        tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    folder = tmp_path_factory.mktemp("hub")
    with tolerant_of_wrong_codes():
        process = start_hub_process(make_database(request.param), log_dir=folder, allow_unsigned=True)
    with process:
        yield process


def hub_rows(hub: HubProcess, transaction_id: str) -> dict[str, Any] | None:
    response = httpx.get(f"{hub.url}/v1/transactions/{transaction_id}", headers=hub.operator_headers())
    return None if response.status_code == 404 else response.raise_for_status().json()


Reply = Callable[[http.server.BaseHTTPRequestHandler, bytes], None]


@pytest.fixture
def fake_hub() -> Iterator[Callable[[Reply], str]]:
    """Start a loopback HTTP server whose every POST is answered by ``reply``; returns its URL."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(reply: Reply) -> str:
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                reply(self, body)

            def log_message(self, *args: object) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def answer(status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> Reply:
    def reply(handler: http.server.BaseHTTPRequestHandler, _body: bytes) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    return reply


def forward_then_drop(hub_url: str) -> Reply:
    """Deliver the push to the real hub, then hang up before answering: a lost response."""

    def reply(handler: http.server.BaseHTTPRequestHandler, body: bytes) -> None:
        headers = {"Content-Type": "application/json"}
        httpx.post(hub_url + handler.path, content=body, headers=headers).raise_for_status()
        handler.close_connection = True
        handler.connection.shutdown(2)

    return reply


@pytest.fixture(scope="session", params=BACKENDS)
def signed_hub(request: pytest.FixtureRequest, make_database: DatabaseFactory,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[HubProcess]:
    folder = tmp_path_factory.mktemp("signed-hub")
    keys = write_demo_keys(folder / "identity-keys")
    with tolerant_of_wrong_codes():
        hub = start_hub_process(make_database(request.param), log_dir=folder, allow_unsigned=False,
                                trust_list=keys.path / "trust-list.cbor")
    with hub:
        hub.identity_keys = keys  # type: ignore[attr-defined]
        yield hub


@pytest.fixture(scope="session")
def credentials(signed_hub: HubProcess, tmp_path_factory: pytest.TempPathFactory) -> DeviceCredentials:
    """DEVICE_ID enrolled at ``signed_hub`` (once per hub)."""
    return enrolled(signed_hub, tmp_path_factory.mktemp("device-id"))


def issue_code(hub: HubProcess, role: DeviceRole = DeviceRole.KIOSK, valid_for_s: float = CODE_VALID_S) -> str:
    engine = make_engine(hub.database_url)
    try:
        return DeviceRegistry(engine).issue_code(role, valid_for_s, HubKeyring.load_or_create(hub.keys_dir).public())
    finally:
        engine.dispose()


def enrolled(hub: HubProcess, folder: Path, device_id: str = DEVICE_ID,
             role: DeviceRole = DeviceRole.KIOSK) -> DeviceCredentials:
    return enrol(hub.url, device_id, issue_code(hub, role), folder)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "soak: long harness run; full counts only with SOAK=1 (make soak)")
