"""The one `banshi` command; each app and tool is a subcommand.

Heavy imports (Qt, decoders, speech) happen inside the commands, so `banshi --help` is instant.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer
import typer.core

from banshi.cli_options import folder_or_refuse
from banshi.config import Settings, load_settings
from banshi.errors import OperatorError

log = logging.getLogger(__name__)
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
    settings = _settings(config)  # a broken settings file is refused before Qt and the camera load
    from banshi.kiosk.app import run_kiosk

    raise typer.Exit(run_kiosk(settings))


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
    settings = _settings(config)
    for option, folder in (("--data-dir", data_dir), ("--screenshots", screenshots)):
        folder_or_refuse(folder, option)  # before a hub is started for nothing
    from banshi.kiosk.demo import run_demo

    raise typer.Exit(run_demo(settings, data_dir.resolve(), screenshots.resolve(), interactive))


@app.command()
def walk(
    config: ConfigOption = None,
    taps_only: Annotated[bool, typer.Option(
        "--taps-only", help="Only taps at the centre of visible, enabled controls (and strokes on the pad).")] = False,
    service: Annotated[list[str] | None, typer.Option("--service", help="Only this service id; repeatable.")] = None,
    language: Annotated[list[str] | None, typer.Option("--language", help="zh_CN or en; repeatable.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="A Markdown table (as in docs/walk.md).")] = False,
    orientation: Annotated[str, typer.Option(help="landscape (1920×1080) or portrait (1080×1920).")] = "landscape",
) -> None:
    """Finish services on an offscreen kiosk against a local hub; one line per service; exit 1 if any fell short."""
    if not taps_only:
        raise typer.BadParameter("the only walk there is taps only: say --taps-only", param_hint="--taps-only")
    settings = _settings(config)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before the QApplication exists
    from banshi.kiosk.walk_report import Output, Screen, run_walk

    if orientation not in set(Screen):
        raise typer.BadParameter(f"{orientation!r}; choose landscape or portrait", param_hint="--orientation")
    output = Output.JSON if as_json else Output.MARKDOWN if markdown else Output.TEXT
    raise typer.Exit(run_walk(settings, service or (), language or (), output, typer.echo, Screen(orientation)))


@app.command("settings")
def show_settings(config: ConfigOption = None) -> None:
    """Print the effective settings (defaults, file, environment) as JSON; missing parts on stderr."""
    from banshi.handwriting.status import missing_components

    settings = _settings(config)
    typer.echo(json.dumps(settings.model_dump(mode="json"), indent=2, ensure_ascii=False))
    for problem in missing_components(settings.handwriting.zinnia_model, settings.handwriting.templates):
        typer.echo(f"handwriting: {problem}; the kiosk starts without it", err=True)


_mounted: set[str] = set()


def _mount_subapps(arguments: list[str]) -> None:
    """Mount the sub-app that owns the named command, or all of them (for help and errors)."""
    command = next((argument for argument in arguments if not argument.startswith("-")), None)
    if command in {"kiosk", "demo", "walk", "settings"}:
        return
    wanted = [_SUBAPPS[command]] if command in _SUBAPPS else list(dict.fromkeys(_SUBAPPS.values()))
    for module_name in wanted:
        if module_name not in _mounted:
            app.add_typer(importlib.import_module(module_name).app)
            _mounted.add(module_name)


def command_tree() -> typer.core.TyperGroup:
    """Every `banshi` command and sub-command, each sub-app mounted (for help, docs and the CLI sweep test)."""
    _mount_subapps([])
    command = typer.main.get_command(app)
    assert isinstance(command, typer.core.TyperGroup)
    return command


def run(arguments: list[str]) -> int:
    """Run `banshi ARGUMENTS` and return its exit status. Nothing escapes as a traceback: a usage error is
    one line and status 2, as is a setting an operator must fix; any other failure is one line and 1."""
    _mount_subapps(arguments)
    try:
        status = typer.main.get_command(app).main(args=arguments, prog_name="banshi", standalone_mode=False)
    except typer.TyperException as error:  # typer's click errors: usage (status 2), or a file it could not open
        status = getattr(error, "exit_code", 1)
        message = _one_line(error.format_message())
        return _say(f"{message} (see: {_help_for(error)})" if status == 2 else message, status)
    except typer.Abort:  # e.g. a prompt with nobody to answer it
        return _say("aborted", 1)
    except KeyboardInterrupt:
        return _say("interrupted", 130)
    except OperatorError as error:
        return _say(_one_line(str(error)), 2)
    except Exception as error:  # noqa: BLE001 - the last line of defence: one line, never a traceback
        if os.environ.get("BANSHI_TRACEBACK") == "1":  # a developer asking where it came from
            raise
        return _say(describe_failure(error), 1)
    return status if isinstance(status, int) else 0


def describe_failure(error: BaseException) -> str:
    """One line a person can act on: the OS's reason and the file for I/O errors, each bad field for validation."""
    if isinstance(error, OSError) and error.filename is not None:
        return f"{error.strerror or error}: {error.filename}"
    errors = getattr(error, "errors", None)
    if callable(errors) and hasattr(error, "error_count"):  # pydantic's ValidationError
        return "; ".join(f"{'.'.join(map(str, item['loc'])) or 'value'}: {item['msg']}" for item in errors())
    return _one_line(str(error)) or type(error).__name__


def _one_line(text: str, limit: int = 400) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _help_for(error: Exception) -> str:
    context = getattr(error, "ctx", None)
    return f"{context.command_path if context is not None else 'banshi'} --help"


def _say(message: str, status: int) -> int:
    typer.echo(f"banshi: {message}", err=True)
    return status


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    raise SystemExit(run(sys.argv[1:]))
