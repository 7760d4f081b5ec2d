"""Running every screen of every app in every theme and language: for the audit and for screenshots."""

from __future__ import annotations

import html
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtWidgets import QWidget

from banshi.config import KioskSettings
from banshi.tools.audit import NavPlaces, Viewing, Violation, audit_widget_tree
from banshi.ui.screen_set import LANDSCAPE, Orientation, Screen, ScreenSet, select
from banshi.accessibility.tokens import theme as theme_named
from banshi.i18n import SUPPORTED_LANGUAGES


@dataclass(frozen=True)
class Shot:
    """One screen of one app in one theme and language."""

    app: str
    screen: str
    theme: str
    language: str
    orientation: Orientation = LANDSCAPE

    @property
    def size(self) -> QSize:
        return QSize(self.orientation.width, self.orientation.height)

    @property
    def run(self) -> tuple[str, str, str]:
        """Screens of one run share navigation places: same theme, language and screen size."""
        return self.theme, self.language, self.orientation.name

    @property
    def label(self) -> str:
        suffix = "" if self.orientation == LANDSCAPE else f"/{self.orientation.name}"
        return f"{self.app}/{self.screen}/{self.theme}/{self.language}{suffix}"

    @property
    def file_name(self) -> str:
        suffix = "" if self.orientation == LANDSCAPE else f"-{self.orientation.name}"
        return f"{self.app}-{self.screen}-{self.theme}-{self.language}{suffix}.png"


def combinations(screen_set: ScreenSet[Any], themes: Sequence[str] = (), languages: Sequence[str] = (),
                 screens: Sequence[str] = (), orientations: Sequence[str] = ()) -> Iterator[tuple[Shot, Screen[Any]]]:
    sizes = [size for size in screen_set.sizes() if not orientations or size.name in orientations]
    for size in sizes:
        for theme in themes or screen_set.themes:
            for language in languages or SUPPORTED_LANGUAGES:
                for screen in select(screen_set, screens):
                    yield Shot(screen_set.app, screen.name, theme, language, size), screen


def on_screen(screen_set: ScreenSet[Any], shot: Shot, screen: Screen[Any], use: Callable[[QWidget], None]) -> None:
    """Start the app fresh in ``shot``'s theme and language, bring it to ``screen``, and ``use`` its window."""
    with tempfile.TemporaryDirectory(prefix="banshi-screen-") as workdir:
        runtime = screen_set.launch(shot.theme, shot.language, Path(workdir))
        try:
            screen_set.window(runtime).resize(shot.size)
            QCoreApplication.processEvents()
            screen.prepare(runtime)
            use(screen_set.window(runtime))
        finally:
            screen_set.close(runtime)


def audit_screens(screen_set: ScreenSet[Any], themes: Sequence[str] = (), languages: Sequence[str] = (),
                  screens: Sequence[str] = (), progress: Callable[[Shot, list[Violation]], None] | None = None,
                  orientations: Sequence[str] = (), kiosk: KioskSettings | None = None) -> list[Violation]:
    """Audit each screen; ``kiosk`` gives the stated screen diagonal and viewing distance (default settings)."""
    stated = kiosk or KioskSettings()
    found: list[Violation] = []
    places: dict[tuple[str, str, str], NavPlaces] = {}
    for shot, screen in combinations(screen_set, themes, languages, screens, orientations):
        here: list[Violation] = []
        viewing = Viewing(stated.screen_diagonal_in, stated.viewing_distance_mm, shot.size)

        def audit(window: QWidget, shot: Shot = shot, here: list[Violation] = here, viewing: Viewing = viewing) -> None:
            here.extend(audit_widget_tree(window, theme_named(shot.theme), shot.label, screen_size=shot.size,
                                          viewing=viewing, nav_places=places.setdefault(shot.run, NavPlaces())))

        on_screen(screen_set, shot, screen, audit)
        if progress is not None:
            progress(shot, here)
        found += here
    return found


def save_screenshots(screen_set: ScreenSet[Any], folder: Path, themes: Sequence[str] = (),
                     languages: Sequence[str] = (), screens: Sequence[str] = (),
                     orientations: Sequence[str] = ()) -> list[tuple[Shot, Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for shot, screen in combinations(screen_set, themes, languages, screens, orientations):
        path = folder / shot.file_name
        on_screen(screen_set, shot, screen, lambda window, path=path: _save(window, path))
        saved.append((shot, path))
    return saved


def _save(window: QWidget, path: Path) -> None:
    if not window.grab().save(str(path)):
        raise OSError(f"Could not write the screenshot {path}; check the folder is writable.")


def write_index(folder: Path, saved: Sequence[tuple[Shot, Path]]) -> Path:
    """An index.html listing every screenshot, grouped by app and screen."""
    rows = []
    for shot, path in saved:
        name = html.escape(path.name)
        rows.append(f'<figure><a href="{name}"><img src="{name}" width="480" alt="{html.escape(shot.label)}"></a>'
                    f"<figcaption>{html.escape(shot.label)}</figcaption></figure>")
    page = ("<!doctype html><meta charset=utf-8><title>Banshi screens</title>"
            "<style>body{font-family:sans-serif}figure{display:inline-block;margin:8px}</style>"
            f"<h1>Banshi screens ({len(saved)})</h1>\n" + "\n".join(rows) + "\n")
    index = folder / "index.html"
    index.write_text(page, encoding="utf-8")
    return index
