"""Screens an app offers for the audit and the screenshot gallery.

Each app describes its screens once, as a ``ScreenSet``: how to start a fresh instance in a theme
and language, which widget is its window, how to shut it down, and a list of ``Screen``s that
each bring a fresh instance to one screen. An app registers by defining ``screen_set()`` in its
``screens`` module (``banshi.kiosk.screens``, ``banshi.counter_app.screens``); that one function is
all the audit and the gallery need.
"""

from __future__ import annotations

import importlib
import logging
import importlib.util
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

Runtime = TypeVar("Runtime")

# Apps whose ``<module>.screen_set()`` is collected when present; the counter app joins by existing.
SCREEN_MODULES: tuple[str, ...] = ("banshi.kiosk.screens", "banshi.counter_app.screens")


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


def screen_sets(modules: Sequence[str] = SCREEN_MODULES) -> list[ScreenSet[Any]]:
    """The screen set of every app that has a ``screens`` module with ``screen_set()``."""
    found = []
    for name in modules:
        if not _module_exists(name):
            continue
        provider = getattr(importlib.import_module(name), "screen_set", None)
        if provider is None:  # an app still being built: say so rather than audit nothing silently
            log.warning("%s has no screen_set(); its screens are not audited", name)
            continue
        found.append(provider())
    return found


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:  # the parent package itself is missing
        return False
