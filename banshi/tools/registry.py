"""Every app's screens, for the audit and the gallery: the tools sit above the apps and import them directly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from banshi.ui.screen_set import ScreenSet


def _kiosk() -> ScreenSet[Any]:
    from banshi.kiosk.screens import screen_set

    return screen_set()


def _counter() -> ScreenSet[Any]:
    from banshi.counter_app.screens import screen_set

    return screen_set()


def _board() -> ScreenSet[Any]:
    from banshi.hall_board.screens import screen_set

    return screen_set()


# Imported only when asked for, so auditing one app does not build the other.
APPS: dict[str, Callable[[], ScreenSet[Any]]] = {"kiosk": _kiosk, "counter": _counter, "board": _board}


class UnknownAppError(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(f"No app named {name!r}; choose from: {', '.join(APPS)}.")


def screen_sets(apps: list[str] | None = None) -> list[ScreenSet[Any]]:
    """The screen set of each named app (every app when none is named); an unknown name fails loudly."""
    names = apps or list(APPS)
    unknown = [name for name in names if name not in APPS]
    if unknown:
        raise UnknownAppError(unknown[0])
    return [APPS[name]() for name in names]
