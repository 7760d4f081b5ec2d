"""Back, Start over and Next keep one place and size on every page, and nothing else ever sits there.

The template marks its navigation buttons with a ``nav_slot`` property (``ui.page.NavSlot``). The first
screen of a run (one theme, language and screen size) that shows a slot fixes where it is; every later
screen must show it at exactly that rectangle, and no other control may overlap a slot's rectangle, so a
tap where Back usually is never does something else (返回首页 where 上一步 sits, say).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from banshi.tools.widgets import Violation, describe, is_interactive, rect_in

SLOT_PROPERTY = "nav_slot"


@dataclass
class NavPlaces:
    """Where each slot was first seen in one run: slot → (rectangle in the window, screen)."""

    seen: dict[str, tuple[QRect, str]] = field(default_factory=dict)


def _slot_of(widget: QWidget) -> str:
    return str(widget.property(SLOT_PROPERTY) or "")


def check_navigation(screen: str, widgets: list[QWidget], places: NavPlaces) -> list[Violation]:
    found = []
    for widget in widgets:
        slot = _slot_of(widget)
        if not slot:
            continue
        rect = rect_in(widget, widget.window())
        first = places.seen.setdefault(slot, (rect, screen))
        if first[0] != rect:
            found.append(Violation(screen, describe(widget), "nav-place",
                                   f"{slot} is at {_box(rect)} here but at {_box(first[0])} on {first[1]}"))
    for widget in filter(is_interactive, widgets):
        if _slot_of(widget):
            continue
        rect = rect_in(widget, widget.window())
        for slot, (place, first_screen) in places.seen.items():
            if rect.intersects(place):
                found.append(Violation(screen, describe(widget), "nav-place",
                                       f"sits where {slot} is on {first_screen} ({_box(place)})"))
    return found


def _box(rect: QRect) -> str:
    return f"({rect.x()}, {rect.y()}) {rect.width()}×{rect.height()}"
