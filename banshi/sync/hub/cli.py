"""``banshi hub``: run the reference hub with uvicorn; ``banshi hub enrol-code`` / ``import-bundle`` /
``add-clerk`` / ``disable-clerk`` / ``clerks`` manage it."""

from __future__ import annotations

import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer
import uvicorn

from banshi.config import load_settings
from banshi.sync.hub.roles import DeviceRole

if TYPE_CHECKING:  # imported where used, so `--help` stays quick
    from banshi.sync.hub.staff import StaffStore

READY_PREFIX = "Banshi hub listening on "

app = typer.Typer(help="The Banshi hub: receives transactions from kiosks and counters.")
hub_app = typer.Typer(invoke_without_command=True, help="Run the hub (no subcommand) or manage it.")
app.add_typer(hub_app, name="hub")

DatabaseOption = typer.Option(None, help="SQLAlchemy URL (sqlite:///file or postgresql+psycopg://…); default from settings")
KeysOption = typer.Option(None, help="Folder of the hub's private keys (default: hub-keys in the data dir).")


class _AnnouncingServer(uvicorn.Server):
    """Prints the URL only once the server accepts requests (scripts and tests wait for that line)."""

    def __init__(self, config: uvicorn.Config, url: str, announce: bool = True) -> None:
        super().__init__(config)
        self.url = url
        self.announce = announce

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if self.announce:
            print(f"{READY_PREFIX}{self.url}", flush=True)


def _database(database_url: str | None) -> str:
    return database_url or load_settings().hub_database_url


def _keys(keys_dir: Path | None) -> Path:
    return keys_dir or load_settings().device.data_dir / "hub-keys"


@hub_app.callback()
def hub(
    ctx: typer.Context,
    database_url: str | None = DatabaseOption,
    host: str | None = typer.Option(None, help="Address to listen on. Default from settings (127.0.0.1)."),
    port: int | None = typer.Option(None, help="Port to listen on; 0 picks a free one. Default from settings (8765)."),
    keys_dir: Path | None = KeysOption,
    trust_list: Path | None = typer.Option(None, help="A fixed signed trust list (CBOR) for /v1/trust-list "
                                           "(the root key kept offline; revocations are not added)."),
    trust_keys: Path | None = typer.Option(None, help="Trust-authority key folder (root.key.pem, root.pub.pem, "
                                           "trust-list.cbor naming the issuers): the hub signs /v1/trust-list "
                                           "itself, with every accepted citizen-code revocation."),
    allow_unsigned: bool = typer.Option(False, help="Also accept unsigned pushes (local demos only)."),
    log_level: str = typer.Option("warning", help="uvicorn log level."),
    services: Path | None = typer.Option(None, exists=True, file_okay=False, help="Folder of service definitions "
                                        "(*.yaml) devices pull as their catalog; default: the shipped services."),
    workers: int | None = typer.Option(None, min=1, max=64, help="Hub processes sharing the port (the hub is "
                                       "stateless); default from settings (1). One per core suits PostgreSQL."),
    exit_with_parent: bool = typer.Option(False, help="Stop when the process that started the hub dies (test "
                                          "harnesses and demos that own their hub)."),
    api_docs: bool = typer.Option(False, help="Serve /docs and /openapi.json (off: they map the hub for anyone)."),
    tls_cert: Path | None = typer.Option(None, exists=True, dir_okay=False, help="Serve HTTPS with this "
                                         "certificate chain (PEM); needs --tls-key."),
    tls_key: Path | None = typer.Option(None, exists=True, dir_okay=False, help="The certificate's private key "
                                        "(PEM, mode 0600)."),
) -> None:
    """Run the hub until interrupted."""
    if ctx.invoked_subcommand is not None:
        return
    from banshi.sync.hub.app import create_app, prepare_hub
    from banshi.sync.hub.devices import EnrolmentLimits
    from banshi.sync.hub.workers import die_with_parent, fork_workers, give_large_buffers_back, stop_workers

    settings = load_settings().hub
    host = host or settings.host
    port = port if port is not None else settings.port
    workers = workers or settings.workers
    limits = EnrolmentLimits(settings.enrol_failures_per_client, settings.enrol_failures_overall,
                             settings.enrol_window_s)
    trust_bytes = _signed_trust_list(trust_list) if trust_list else None
    tls = _tls_files(tls_cert, tls_key)
    sock = _listen(host, port)
    scheme = "https" if tls else "http"
    url, database, keys = f"{scheme}://{host}:{sock.getsockname()[1]}", _database(database_url), _keys(keys_dir)

    def serve(announce: bool) -> int:
        application = create_app(database, keys, allow_unsigned, trust_bytes, trust_keys, services, limits, api_docs)
        config = uvicorn.Config(application, log_level=log_level, access_log=False, **tls)
        server = _AnnouncingServer(config, url, announce)
        server.run(sockets=[sock])
        return 0 if server.started else 1

    if exit_with_parent:
        die_with_parent()
    give_large_buffers_back()
    prepare_hub(database, keys)  # once, not raced by the workers
    children = fork_workers(workers - 1, lambda: serve(announce=False))  # before any thread or connection exists
    try:
        code = serve(announce=True)
    finally:
        stop_workers(children)
    sys.exit(code)


def _tls_files(cert: Path | None, key: Path | None) -> dict[str, str]:
    """uvicorn's TLS settings; the key must be private (like the hub's own keys)."""
    if cert is None and key is None:
        return {}
    if cert is None or key is None:
        raise typer.BadParameter("give both --tls-cert and --tls-key", param_hint="--tls-cert/--tls-key")
    from banshi.sync.errors import KeyFileError
    from banshi.sync.protocol.keyfiles import read_secret

    try:
        read_secret(key)
    except KeyFileError as error:
        raise typer.BadParameter(str(error), param_hint="--tls-key") from None
    return {"ssl_certfile": str(cert), "ssl_keyfile": str(key)}


def _signed_trust_list(path: Path) -> bytes:
    """The file's bytes if they are a signed trust list (the root key is offline: the shape is checked)."""
    import cbor2

    from banshi.identity.cose import parse_sign1

    data = path.read_bytes()
    try:
        payload = cbor2.loads(parse_sign1(data).payload)
    except Exception as error:  # noqa: BLE001 - whatever is wrong with it, it is not a trust list
        raise typer.BadParameter(f"{path} is not a signed trust list ({error})", param_hint="--trust-list") from None
    if not isinstance(payload, dict) or "issuers" not in payload:
        raise typer.BadParameter(f"{path} is signed but holds no trust list", param_hint="--trust-list")
    return data


def _listen(host: str, port: int) -> socket.socket:
    # Bind ourselves so that port 0 works and the printed URL names the real port.
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this: without it h11 writes headers and body separately
    # and Nagle + delayed ACK add ~40 ms to every request.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        typer.echo(f"Cannot listen on {host}:{port}: {error.strerror}. Choose another --port.", err=True)
        raise typer.Exit(code=2) from None
    return sock


@hub_app.command("rotate-storage-key")
def rotate_storage_key(database_url: str | None = DatabaseOption, keys_dir: Path | None = KeysOption,
                       retire: bool = typer.Option(True, help="Delete the older storage keys once every row is "
                                                   "re-encrypted (keep them only to undo by hand).")) -> None:
    """Encrypt every stored answer under a new storage key (stop the hub first; safe to run again)."""
    from banshi.sync.hub.at_rest import StorageKeys
    from banshi.sync.hub.store import HubStore, create_schema, make_engine

    engine = make_engine(_database(database_url))
    try:
        create_schema(engine)
        store = HubStore(engine, StorageKeys.load_or_create(_keys(keys_dir)))
        changed = store.rotate_storage_key()
    finally:
        engine.dispose()
    assert store.keys is not None
    retired = store.keys.retire_older() if retire else []
    typer.echo(f"Storage key {store.keys.current} now seals every stored payload ({changed} re-encrypted); "
               f"{len(retired)} older key(s) removed.")


@hub_app.command("enrol-code")
def enrol_code(
    role: DeviceRole = typer.Option(..., help="What the device will be, for life: kiosk, counter or hall."),
    valid_hours: float = typer.Option(24.0, min=0.01, max=24 * 30, help="Hours the code stays usable."),
    database_url: str | None = DatabaseOption,
    keys_dir: Path | None = KeysOption,
) -> None:
    """Print a new one-time enrolment code for one device (the hub stores only its hash; the code's last
    16 characters name the hub's keys, so the device refuses any other server)."""
    from banshi.sync.hub.devices import DeviceRegistry
    from banshi.sync.hub.keys import HubKeyring
    from banshi.sync.hub.store import create_schema, make_engine

    engine = make_engine(_database(database_url))
    create_schema(engine)
    hub_keys = HubKeyring.load_or_create(_keys(keys_dir)).public()
    typer.echo(DeviceRegistry(engine).issue_code(role, valid_for_s=valid_hours * 3600, hub_keys=hub_keys))


@hub_app.command("import-bundle")
def import_bundle(
    bundle: Path = typer.Argument(..., exists=True, dir_okay=False, help="A bundle file exported by a device."),
    database_url: str | None = DatabaseOption,
    keys_dir: Path | None = KeysOption,
) -> None:
    """Import a device's sneakernet bundle, exactly once per transaction (like a network push), and write
    a hub-signed acknowledgement ``<bundle>.ack`` beside it for the device to import on its way back."""
    from banshi.sync.errors import SyncError
    from banshi.sync.hub.bundles import import_bundle_file

    try:
        typer.echo(import_bundle_file(bundle, _database(database_url), _keys(keys_dir)))
    except SyncError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1) from None
    except OSError as error:  # e.g. a write-protected stick: the import happened, the acknowledgement did not
        typer.echo(f"Cannot write the acknowledgement beside {bundle}: {error}. Import again from a writable copy.",
                   err=True)
        raise typer.Exit(code=1) from None


def _staff_store(database_url: str | None) -> StaffStore:
    from banshi.sync.hub.staff import StaffStore
    from banshi.sync.hub.store import create_schema, make_engine

    engine = make_engine(_database(database_url))
    create_schema(engine)
    return StaffStore(engine)


@hub_app.command("add-clerk")
def add_clerk(
    clerk_id: str = typer.Option(..., "--id", help="Staff number the clerk signs in with."),
    name: str = typer.Option(..., help="Name shown on the counter."),
    role: str = typer.Option("clerk", help="clerk or supervisor."),
    pin: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True,
                            help="PIN (6+ digits, not a run or repeat) or password (10+ characters); asked for when "
                            "omitted; only its argon2 hash is stored."),
    replace: bool = typer.Option(False, help="Re-enrol an existing id (PIN reset); it becomes active again."),
    fast_hash: bool = typer.Option(False, hidden=True, help="Cheap argon2 parameters: tests only."),
    database_url: str | None = DatabaseOption,
) -> None:
    """Enrol a clerk at the hub; counters pick the account up at their next sync."""
    from banshi.services.staff import Role, WeakPinError, check_pin_policy, hash_secret
    from banshi.sync.errors import SyncError

    costs = {"time_cost": 1, "memory_kib": 8192} if fast_hash else {}
    try:
        check_pin_policy(pin)
        _staff_store(database_url).add_clerk(clerk_id, name, Role(role), hash_secret(pin, **costs), replace)
    except (SyncError, WeakPinError) as error:  # anything else (a blank id) is told in one line by `banshi`
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1) from None
    typer.echo(f"Clerk {clerk_id} enrolled; counters receive the account at their next sync.")


@hub_app.command("disable-clerk")
def disable_clerk(clerk_id: str = typer.Option(..., "--id", help="Staff number to disable."),
                  database_url: str | None = DatabaseOption) -> None:
    """Stop handing a clerk's account out: counters refuse the clerk after their next sync."""
    from banshi.sync.errors import SyncError

    try:
        _staff_store(database_url).disable_clerk(clerk_id)
    except SyncError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1) from None
    typer.echo(f"Clerk {clerk_id} disabled; counters drop the account at their next sync.")


@hub_app.command("clerks")
def clerks(database_url: str | None = DatabaseOption) -> None:
    """List the hub's clerk accounts (no PIN hashes)."""
    for clerk in _staff_store(database_url).clerks():
        state = "active" if clerk.active else "disabled"
        typer.echo(f"{clerk.id}\t{clerk.name}\t{clerk.role}\t{state}\t{clerk.updated_at:%Y-%m-%d %H:%M}")


def _register_more_commands() -> None:
    from banshi.sync.hub.feed_cli import register

    register(hub_app)


_register_more_commands()
