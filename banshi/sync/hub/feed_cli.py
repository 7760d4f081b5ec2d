"""``banshi hub add-consumer`` / ``retire-consumer`` / ``consumers`` / ``consume``: back-office consumers."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

DatabaseOption = typer.Option(None, help="SQLAlchemy URL of the hub's database; default from settings")


def register(hub_app: typer.Typer) -> None:
    hub_app.command("add-consumer")(add_consumer)
    hub_app.command("retire-consumer")(retire_consumer)
    hub_app.command("consumers")(list_consumers)
    hub_app.command("consume")(consume)


def _registry(database_url: str | None):  # type: ignore[no-untyped-def]
    from banshi.config import load_settings
    from banshi.sync.hub.consumers import ConsumerRegistry
    from banshi.sync.hub.store import create_schema, make_engine

    engine = make_engine(database_url or load_settings().hub_database_url)
    create_schema(engine)
    return ConsumerRegistry(engine)


@contextmanager
def _told_in_one_line() -> Iterator[None]:
    """A consumer command that cannot be done says why on stderr and exits 1 (no traceback)."""
    from banshi.sync.hub.consumers import ConsumerError

    try:
        yield
    except ConsumerError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1) from None


def add_consumer(
    consumer_id: str = typer.Option(..., "--id", help="Short id, e.g. yiwangtongban or pension-bureau."),
    services: list[str] = typer.Option(..., "--service", help="A service id it may see (repeat for more)."),
    name: str = typer.Option("", help="Name shown to operators (default: the id)."),
    database_url: str | None = DatabaseOption,
) -> None:
    """Register a back-office system; prints its bearer token once (the hub keeps only a hash)."""
    with _told_in_one_line():
        typer.echo(_registry(database_url).add(consumer_id, name, services))


def retire_consumer(consumer_id: str = typer.Option(..., "--id"), database_url: str | None = DatabaseOption) -> None:
    """Refuse a consumer's token from now on."""
    with _told_in_one_line():
        _registry(database_url).retire(consumer_id)
    typer.echo(f"Consumer {consumer_id} retired; its token is refused from now on.")


def list_consumers(database_url: str | None = DatabaseOption) -> None:
    """List consumers with their services (never their tokens)."""
    for consumer, active in _registry(database_url).consumers():
        state = "active" if active else "retired"
        typer.echo(f"{consumer.id}\t{consumer.name}\t{','.join(sorted(consumer.services))}\t{state}")


def consume(
    hub_url: str = typer.Option(..., "--hub", help="The hub's base URL, e.g. https://hub.example.gov.cn"),
    token_file: Path = typer.Option(..., exists=True, dir_okay=False, help="File holding the consumer token."),
    out: Path | None = typer.Option(None, file_okay=False, help="Write each transaction to OUT/<id>.json."),
    exec_command: str | None = typer.Option(None, "--exec", help="Run this command per transaction (JSON on "
                                            "stdin, BANSHI_TRANSACTION_ID in its environment); must be idempotent."),
    cursor_file: Path | None = typer.Option(None, help="Where the cursor is kept (default OUT/.cursor)."),
    limit: int = typer.Option(1000, min=1, max=1000, help="Transactions per page."),
    stop_when_idle: bool = typer.Option(False, help="Exit once the feed has nothing more (batch runs, tests)."),
) -> None:
    """Follow the hub's change feed, storing the cursor only after processing (exactly once across crashes)."""
    from banshi.sync.feed_consumer import CursorFile, FeedConsumer, FeedConsumerError, OutFolder, RunCommand

    if (out is None) == (exec_command is None):
        raise typer.BadParameter("give exactly one of --out DIR or --exec CMD")
    if cursor_file is None and out is None:
        raise typer.BadParameter("--exec needs --cursor-file", param_hint="--cursor-file")
    if not hub_url.startswith(("http://", "https://")):
        raise typer.BadParameter(f"{hub_url!r} is not an http(s) URL", param_hint="--hub")
    try:
        sink = OutFolder(out) if out is not None else RunCommand(shlex.split(exec_command or ""))
    except OSError as error:
        typer.echo(f"Cannot write into {out}: {error.strerror}.", err=True)
        raise typer.Exit(code=1) from None
    cursor = CursorFile(cursor_file or (out or Path()) / ".cursor")
    token = token_file.read_text(encoding="utf-8").strip()
    try:
        count = FeedConsumer(hub_url, token, sink, cursor, limit=limit).run(stop_when_idle)
    except FeedConsumerError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(code=1) from None
    typer.echo(f"{count} transactions processed; cursor in {cursor.path}")
