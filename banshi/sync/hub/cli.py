"""``banshi hub``: run the reference hub with uvicorn."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import typer
import uvicorn

from banshi.config import load_settings
from banshi.sync.hub.app import create_app

READY_PREFIX = "Banshi hub listening on "

app = typer.Typer(help="The Banshi hub: receives transactions from kiosks and counters.")


class _AnnouncingServer(uvicorn.Server):
    """Prints the URL only once the server accepts requests (scripts and tests wait for that line)."""

    def __init__(self, config: uvicorn.Config, url: str) -> None:
        super().__init__(config)
        self.url = url

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        print(f"{READY_PREFIX}{self.url}", flush=True)


@app.command("hub")
def hub(
    database_url: str | None = typer.Option(
        None, help="SQLAlchemy URL (sqlite:///file or postgresql+psycopg://…); default from settings"
    ),
    host: str | None = typer.Option(None, help="Address to listen on. Default from settings (127.0.0.1)."),
    port: int | None = typer.Option(None, help="Port to listen on; 0 picks a free one. Default from settings (8765)."),
    keys_dir: Path | None = typer.Option(None, help="Folder of the hub's private keys (default: hub-keys in the data dir)."),
    log_level: str = typer.Option("warning", help="uvicorn log level."),
) -> None:
    """Run the hub until interrupted."""
    if database_url is None or host is None or port is None or keys_dir is None:
        settings = load_settings()
        database_url = database_url or settings.hub_database_url
        host = host or settings.hub.host
        port = settings.hub.port if port is None else port
        keys_dir = keys_dir or settings.device.data_dir / "hub-keys"
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
    bound_port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(database_url, keys_dir), log_level=log_level, access_log=False)
    server = _AnnouncingServer(config, f"http://{host}:{bound_port}")
    server.run(sockets=[sock])
    sys.exit(0 if server.started else 1)
