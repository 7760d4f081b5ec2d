"""``banshi hall …``: the hall service's commands plus ``display`` (the board, a Qt app)."""

from __future__ import annotations

import typer

from banshi.config import load_settings
from banshi.hall.cli import app, hall_app

__all__ = ["app"]


@hall_app.command("display")
def display(
    device_id: str = typer.Option("board-1", help="This board's device id at the hall."),
    windowed: bool = typer.Option(False, help="A window instead of full screen (set-up and testing)."),
) -> None:
    """The hall's display board: current calls in large numbers, spoken; people waiting per service."""
    from banshi.hall.client import HallUnreachable
    from banshi.hall_board.app import run_board

    try:
        code = run_board(load_settings(), device_id, fullscreen=not windowed)
    except HallUnreachable as error:
        typer.echo(f"banshi hall display: the hall service is unreachable ({error}).", err=True)
        raise typer.Exit(code=1) from None
    raise typer.Exit(code=code)
