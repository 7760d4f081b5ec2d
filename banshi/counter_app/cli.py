"""`banshi counter ...` (the staffed counter and field mode) and `banshi counter-clerk add` (set-up)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from banshi.cli_options import folder_or_refuse, not_blank
from banshi.config import CounterSettings, load_settings
from banshi.services.staff import Role

app = typer.Typer(no_args_is_help=True)
PrinterKind = CounterSettings.model_fields["printer"].annotation  # its choices, declared once in banshi.config



ConfigOption = Annotated[Path | None, typer.Option("--config", help="Settings file (TOML).", exists=True,
                                                   dir_okay=False)]


@app.command()
def counter(
    config: ConfigOption = None,
    field_mode: Annotated[bool | None, typer.Option("--field-mode/--no-field-mode",
                                                   help="Rural service point: start offline.")] = None,
    accounts: Annotated[Path | None, typer.Option(help="Clerk accounts JSON (default: data_dir/clerks.json).")] = None,
    printer: Annotated[PrinterKind | None, typer.Option(help="Where receipts and cards go.")] = None,
    printer_target: Annotated[Path | None, typer.Option(help="PDF folder or ESC/POS device file.")] = None,
    fullscreen: Annotated[bool | None, typer.Option("--fullscreen/--windowed", help="Both windows full screen.")] = None,
) -> None:
    """Run the counter: the clerk window and the citizen-facing display (on a second screen if present)."""
    from banshi.counter_app.app import run_counter

    settings = load_settings(config)
    given = {"field_mode": field_mode, "accounts_file": accounts, "printer": printer,
             "printer_target": printer_target, "fullscreen": fullscreen}
    options = CounterSettings.model_validate(
        {**settings.counter.model_dump(), **{key: value for key, value in given.items() if value is not None}})
    _check_places(options, settings.device.data_dir)
    raise typer.Exit(run_counter(settings, options))


def _check_places(options: CounterSettings, data_dir: Path) -> None:
    """Refuse at start, not at the first print or sync, a folder the counter could never write to."""
    from banshi.counter_app.settings import accounts_path, print_folder

    target = print_folder(options, data_dir)
    folder_or_refuse(accounts_path(options, data_dir).parent, "--accounts")
    folder_or_refuse(target if options.printer == "pdf" else target.parent, "--printer-target")


@app.command("counter-clerk")
def add_clerk(
    clerk_id: Annotated[str, typer.Option("--id", help="Staff number.", callback=not_blank)],
    name: Annotated[str, typer.Option(help="Name shown in the window.", callback=not_blank)],
    role: Annotated[Role, typer.Option(help="What the clerk may do.")] = Role.CLERK,
    accounts: Annotated[Path | None, typer.Option(help="Accounts file (default: data_dir/clerks.json).")] = None,
    config: ConfigOption = None,
    pin: Annotated[str | None, typer.Option(help="PIN (asked for twice, hidden, when omitted).")] = None,
) -> None:
    """Add or replace a clerk in the local accounts file (until accounts are synced from the hub)."""
    from banshi.services.staff import ClerkAccount, hash_secret, load_accounts, pin_problem, write_accounts

    pin = pin if pin is not None else _ask_pin()
    if problem := pin_problem(pin):
        raise typer.BadParameter(problem, param_hint="--pin")
    path = accounts or load_settings(config).device.data_dir / "clerks.json"
    existing = load_accounts(path) if path.is_file() else {}
    existing[clerk_id] = ClerkAccount(clerk_id, name, role, hash_secret(pin))
    write_accounts(path, existing.values())
    typer.echo(f"{clerk_id} ({role.value}) saved to {path}")


def _ask_pin() -> str:
    if not sys.stdin.isatty():  # a script or a service: nobody to type it, and it must never be echoed
        raise typer.BadParameter("no terminal to ask for it on; give --pin", param_hint="--pin")
    return typer.prompt("PIN", hide_input=True, confirmation_prompt=True)
