"""Screens an app offers for the audit and the screenshot gallery.

Each app describes its screens once, as a ``ScreenSet``: how to start a fresh instance in a theme
and language, which widget is its window, how to shut it down, and a list of ``Screen``s that
each bring a fresh instance to one screen. An app offers its set from ``screen_set()`` in its
``screens`` module; the tools above the apps (``banshi.tools.registry``) collect them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtWidgets import QWidget

Runtime = TypeVar("Runtime")


@dataclass(frozen=True)
class Orientation:
    """A screen size a window is shown at: kiosk cabinets come landscape and portrait."""

    name: str
    width: int
    height: int


LANDSCAPE = Orientation("landscape", 1920, 1080)
PORTRAIT = Orientation("portrait", 1080, 1920)


@dataclass(frozen=True)
class Screen(Generic[Runtime]):
    """One screen: ``prepare`` brings a freshly started app to it (by tapping, as a person would)."""

    name: str
    prepare: Callable[[Runtime], None]


@dataclass(frozen=True)
class ScreenSet(Generic[Runtime]):
    """Everything needed to show each screen of one app in each of its themes and languages."""

    app: str
    themes: tuple[str, ...]
    screens: Sequence[Screen[Runtime]]
    launch: Callable[[str, str, Path], Runtime]  # (theme, language, work folder) → started and shown
    window: Callable[[Runtime], QWidget]
    close: Callable[[Runtime], None]
    orientations: tuple[Orientation, ...] = ()  # () = landscape only

    def sizes(self) -> tuple[Orientation, ...]:
        return self.orientations or (LANDSCAPE,)



class UnknownScreenError(LookupError):
    def __init__(self, app: str, name: str, known: Sequence[str]) -> None:
        super().__init__(f"{app} has no screen {name!r}; its screens are: {', '.join(known)}.")


def select(screen_set: ScreenSet[Any], names: Sequence[str]) -> list[Screen[Any]]:
    """The named screens (all when ``names`` is empty), failing loudly on a name that does not exist."""
    known = {screen.name: screen for screen in screen_set.screens}
    missing = [name for name in names if name not in known]
    if missing:
        raise UnknownScreenError(screen_set.app, missing[0], list(known))
    return [known[name] for name in names] if names else list(screen_set.screens)
