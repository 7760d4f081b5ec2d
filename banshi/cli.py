"""The one `banshi` command; each app and tool is a subcommand.

Heavy imports (Qt, decoders, speech) happen inside the commands, so `banshi --help` is instant.
"""

from __future__ import annotations

import importlib
import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from banshi.config import Settings, load_settings
from banshi.errors import OperatorError

app = typer.Typer(no_args_is_help=True, help="Banshi (办事): public services for everyone.",
                  pretty_exceptions_enable=False)

ConfigOption = Annotated[Path | None, typer.Option("--config", help="Settings file (TOML).", exists=True,
                                                   dir_okay=False)]

# Commands owned by each package's own Typer app, imported only when named (so `banshi kiosk`
# does not pay for FastAPI, OpenCV or vosk at start-up).
_SUBAPPS: dict[str, str] = {
    "hub": "banshi.sync.hub.cli",
    "hall": "banshi.hall_board.cli",
    "scan": "banshi.identity.cli",
    "codes": "banshi.identity.cli",
    "voice": "banshi.voice.cli",
    "counter": "banshi.counter_app.cli",
    "counter-clerk": "banshi.counter_app.cli",
    "audit": "banshi.tools.cli",
    "screenshots": "banshi.tools.cli",
    "handwriting": "banshi.handwriting.cli",
}


def _settings(config: Path | None) -> Settings:
    return load_settings(config)


@app.command()
def kiosk(config: ConfigOption = None) -> None:
    """Run the citizen self-service kiosk."""
    from banshi.kiosk.app import run_kiosk

    raise typer.Exit(run_kiosk(_settings(config)))


@app.command()
def demo(
    config: ConfigOption = None,
    data_dir: Annotated[Path, typer.Option(help="Where the demo keeps its outbox and hub database.")] = Path(
        "var/demo"),
    screenshots: Annotated[Path, typer.Option(help="Where the offscreen walk saves PNGs.")] = Path(
        "build/demo-screens"),
    interactive: Annotated[bool | None, typer.Option(
        "--interactive/--scripted", help="Open a window (default when a display exists) or walk offscreen.")] = None,
) -> None:
    """Start a local hub on embedded SQLite and run the kiosk against it."""
    from banshi.kiosk.demo import run_demo

    raise typer.Exit(run_demo(_settings(config), data_dir.resolve(), screenshots.resolve(), interactive))


@app.command("settings")
def show_settings(config: ConfigOption = None) -> None:
    """Print the effective settings (defaults, file, environment) as JSON; missing parts on stderr."""
    from banshi.handwriting.status import missing_components

    settings = _settings(config)
    typer.echo(json.dumps(settings.model_dump(mode="json"), indent=2, ensure_ascii=False))
    for problem in missing_components(settings.handwriting.zinnia_model, settings.handwriting.templates):
        typer.echo(f"handwriting: {problem}; the kiosk starts without it", err=True)


def _mount_subapps(arguments: list[str]) -> None:
    """Mount the sub-app that owns the named command, or all of them (for help and errors)."""
    command = next((argument for argument in arguments if not argument.startswith("-")), None)
    if command in {"kiosk", "demo", "settings"}:
        return
    wanted = [_SUBAPPS[command]] if command in _SUBAPPS else list(dict.fromkeys(_SUBAPPS.values()))
    for module_name in wanted:
        app.add_typer(importlib.import_module(module_name).app)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    _mount_subapps(sys.argv[1:])
    try:
        app()
    except OperatorError as error:
        typer.echo(f"banshi: {error}", err=True)
        raise SystemExit(2) from None
