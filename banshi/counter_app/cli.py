"""`banshi counter ...` (the staffed counter and field mode) and `banshi counter-clerk add` (set-up)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from banshi.config import load_settings

app = typer.Typer(no_args_is_help=True)

ConfigOption = Annotated[Path | None, typer.Option("--config", help="Settings file (TOML).", exists=True,
                                                   dir_okay=False)]


@app.command()
def counter(
    config: ConfigOption = None,
    field_mode: Annotated[bool | None, typer.Option("--field-mode/--no-field-mode",
                                                   help="Rural service point: start offline.")] = None,
    accounts: Annotated[Path | None, typer.Option(help="Clerk accounts JSON (default: data_dir/clerks.json).")] = None,
    printer: Annotated[str | None, typer.Option(help="pdf or escpos-file.")] = None,
    printer_target: Annotated[Path | None, typer.Option(help="PDF folder or ESC/POS device file.")] = None,
    fullscreen: Annotated[bool | None, typer.Option("--fullscreen/--windowed", help="Both windows full screen.")] = None,
) -> None:
    """Run the counter: the clerk window and the citizen-facing display (on a second screen if present)."""
    from banshi.counter_app.app import run_counter
    from banshi.counter_app.settings import CounterSettings

    settings = load_settings(config)
    given = {"field_mode": field_mode, "accounts_file": accounts, "printer": printer,
             "printer_target": printer_target, "fullscreen": fullscreen}
    options = CounterSettings.model_validate(
        {**settings.counter.model_dump(), **{key: value for key, value in given.items() if value is not None}})
    raise typer.Exit(run_counter(settings, options))


@app.command("counter-clerk")
def add_clerk(
    clerk_id: Annotated[str, typer.Option("--id", help="Staff number.")],
    name: Annotated[str, typer.Option(help="Name shown in the window.")],
    role: Annotated[str, typer.Option(help="clerk or supervisor.")] = "clerk",
    accounts: Annotated[Path | None, typer.Option(help="Accounts file (default: data_dir/clerks.json).")] = None,
    config: ConfigOption = None,
    pin: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)] = "",
) -> None:
    """Add or replace a clerk in the local accounts file (until accounts are synced from the hub)."""
    from banshi.services.staff import ClerkAccount, Role, hash_secret, load_accounts, write_accounts

    path = accounts or load_settings(config).device.data_dir / "clerks.json"
    existing = load_accounts(path) if path.is_file() else {}
    existing[clerk_id] = ClerkAccount(clerk_id, name, Role(role), hash_secret(pin))
    write_accounts(path, existing.values())
    typer.echo(f"{clerk_id} ({role}) saved to {path}")
