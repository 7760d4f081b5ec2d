"""``banshi hub``: run the reference hub with uvicorn; ``banshi hub enrol-code`` / ``import-bundle`` manage it."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import typer
import uvicorn

from banshi.config import load_settings

READY_PREFIX = "Banshi hub listening on "

app = typer.Typer(help="The Banshi hub: receives transactions from kiosks and counters.")
hub_app = typer.Typer(invoke_without_command=True, help="Run the hub (no subcommand) or manage it.")
app.add_typer(hub_app, name="hub")

DatabaseOption = typer.Option(None, help="SQLAlchemy URL (sqlite:///file or postgresql+psycopg://…); default from settings")
KeysOption = typer.Option(None, help="Folder of the hub's private keys (default: hub-keys in the data dir).")


class _AnnouncingServer(uvicorn.Server):
    """Prints the URL only once the server accepts requests (scripts and tests wait for that line)."""

    def __init__(self, config: uvicorn.Config, url: str) -> None:
        super().__init__(config)
        self.url = url

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
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
    trust_list: Path | None = typer.Option(None, help="Signed trust list (CBOR) handed out at /v1/trust-list."),
    allow_unsigned: bool = typer.Option(False, help="Also accept unsigned pushes (local demos only)."),
    log_level: str = typer.Option("warning", help="uvicorn log level."),
) -> None:
    """Run the hub until interrupted."""
    if ctx.invoked_subcommand is not None:
        return
    from banshi.sync.hub.app import create_app

    settings = load_settings() if host is None or port is None else None
    host = host or (settings.hub.host if settings else "127.0.0.1")
    port = port if port is not None else (settings.hub.port if settings else 8765)
    sock = _listen(host, port)
    trust_bytes = trust_list.read_bytes() if trust_list else None
    application = create_app(_database(database_url), _keys(keys_dir), allow_unsigned, trust_bytes)
    config = uvicorn.Config(application, log_level=log_level, access_log=False)
    server = _AnnouncingServer(config, f"http://{host}:{sock.getsockname()[1]}")
    server.run(sockets=[sock])
    sys.exit(0 if server.started else 1)


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


@hub_app.command("enrol-code")
def enrol_code(database_url: str | None = DatabaseOption) -> None:
    """Print a new one-time enrolment code for one device (the hub stores only its hash)."""
    from banshi.sync.hub.devices import DeviceRegistry
    from banshi.sync.hub.store import create_schema, make_engine

    engine = make_engine(_database(database_url))
    create_schema(engine)
    typer.echo(DeviceRegistry(engine).issue_code())


@hub_app.command("import-bundle")
def import_bundle(
    bundle: Path = typer.Argument(..., exists=True, dir_okay=False, help="A bundle file exported by a device."),
    database_url: str | None = DatabaseOption,
    keys_dir: Path | None = KeysOption,
) -> None:
    """Import a device's sneakernet bundle, exactly once per transaction (like a network push)."""
    from banshi.sync.errors import SyncError
    from banshi.sync.hub.bundles import import_bundle_file

    try:
        typer.echo(import_bundle_file(bundle, _database(database_url), _keys(keys_dir)))
    except SyncError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1) from None
