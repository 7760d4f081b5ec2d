"""``banshi audit`` and ``banshi screenshots DIR``: every screen of every app, theme and language.

Both run offscreen at 1920×1080 so results do not depend on the machine's display. Qt and the apps
are imported inside the commands so that ``banshi --help`` stays fast.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from banshi.tools.gallery import Shot
    from banshi.tools.widgets import Violation
    from banshi.ui.screen_set import ScreenSet

app = typer.Typer(no_args_is_help=True, help="Accessibility audit and screenshot gallery of every screen.",
                  pretty_exceptions_enable=False)

AppOption = Annotated[list[str] | None, typer.Option("--app", help="Only this app (kiosk, counter); repeatable.")]
ThemeOption = Annotated[list[str] | None, typer.Option("--theme", help="Only this theme; repeatable.")]
LanguageOption = Annotated[list[str] | None, typer.Option("--language", help="zh_CN or en; repeatable.")]
ScreenOption = Annotated[list[str] | None, typer.Option("--screen", help="Only this screen; repeatable.")]
OrientationOption = Annotated[list[str] | None, typer.Option(
    "--orientation", help="landscape (1920×1080) or portrait (1080×1920); repeatable. Default: every one an app has.")]


def _screen_sets(apps: list[str] | None) -> list[ScreenSet[Any]]:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before the QApplication exists: same pixels everywhere
    from banshi.tools.registry import UnknownAppError, screen_sets
    from banshi.ui.application import ensure_application

    try:
        chosen = screen_sets(apps)
    except UnknownAppError as error:
        raise typer.BadParameter(str(error), param_hint="--app") from None
    ensure_application()
    return chosen


def _known_screens(screen_set: ScreenSet[Any], names: list[str] | None) -> None:
    """Fail on an unknown --screen before any window is built, with the names that do exist."""
    from banshi.ui.screen_set import UnknownScreenError, select

    try:
        select(screen_set, names or ())
    except UnknownScreenError as error:
        raise typer.BadParameter(str(error), param_hint="--screen") from None


def _report(shot: Shot, violations: list[Violation]) -> None:
    typer.echo(f"{'FAIL' if violations else 'ok  '} {shot.label}")
    for violation in violations:
        typer.echo(f"     {violation.widget}: {violation.rule}: {violation.detail}")


@app.command()
def audit(apps: AppOption = None, themes: ThemeOption = None, languages: LanguageOption = None,
          screens: ScreenOption = None, orientations: OrientationOption = None) -> None:
    """Audit every screen in every theme, language and orientation against numbers.md; exit 1 on any violation."""
    from banshi.config import load_settings
    from banshi.tools.gallery import audit_screens

    kiosk = load_settings().kiosk  # the stated screen diagonal and viewing distance

    started = time.perf_counter()
    violations = []
    for screen_set in _screen_sets(apps):
        _known_screens(screen_set, screens)
        violations += audit_screens(screen_set, themes or (), languages or (), screens or (), _report,
                                    orientations or (), kiosk)
    elapsed = time.perf_counter() - started
    typer.echo(f"{len(violations)} violation(s) in {elapsed:.1f} s")
    raise typer.Exit(1 if violations else 0)


@app.command()
def screenshots(folder: Annotated[Path, typer.Argument(help="Where the PNGs and index.html go.")],
                apps: AppOption = None, themes: ThemeOption = None, languages: LanguageOption = None,
                screens: ScreenOption = None, orientations: OrientationOption = None) -> None:
    """Save every screen in every theme, language and orientation as a PNG, with an index.html."""
    from banshi.tools.gallery import save_screenshots, write_index

    saved = []
    for screen_set in _screen_sets(apps):
        _known_screens(screen_set, screens)
        saved += save_screenshots(screen_set, folder, themes or (), languages or (), screens or (),
                                  orientations or ())
    index = write_index(folder, saved)
    typer.echo(f"{len(saved)} screenshot(s); open {index}")


if __name__ == "__main__":
    app()
