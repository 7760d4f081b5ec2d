"""Rules about controls: accessible name and role, touch-target size and spacing, single-tap only."""

from __future__ import annotations

from itertools import combinations

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractSlider, QScrollBar, QStyle, QStyleOptionSlider, QWidget

from banshi.accessibility.tokens import TARGET_GAP_MIN_PX, Theme
from banshi.tools.widgets import Violation, describe, is_interactive, visible_rect

Role = QAccessible.Role
CONTROL_ROLES = frozenset({
    Role.Button, Role.CheckBox, Role.RadioButton, Role.EditableText, Role.ComboBox, Role.SpinBox, Role.Link,
    Role.ButtonMenu, Role.ButtonDropDown, Role.List, Role.Table, Role.Tree, Role.PageTab, Role.Switch,
    Role.MenuItem,
})


def check_names_and_roles(screen: str, widgets: list[QWidget]) -> list[Violation]:
    """What a screen reader announces: every control needs a name and a control role (WCAG 4.1.2)."""
    found: list[Violation] = []
    for widget in filter(is_interactive, widgets):
        interface = QAccessible.queryAccessibleInterface(widget)
        if interface is None:
            found.append(Violation(screen, describe(widget), "name", "no accessibility interface at all"))
            continue
        if not interface.text(QAccessible.Text.Name).strip():
            found.append(Violation(screen, describe(widget), "name", "no accessible name is announced"))
        if interface.role() not in CONTROL_ROLES:
            found.append(Violation(screen, describe(widget), "role",
                                   f"announced as {interface.role().name}, not as a control"))
    return found


def minimum_size_for(widget: QWidget, theme: Theme) -> int:
    return theme.primary_target_px if widget.property("role") == "primary" else theme.target_px


def check_target_sizes(screen: str, widgets: list[QWidget], theme: Theme) -> list[Violation]:
    found: list[Violation] = []
    for widget in filter(is_interactive, widgets):
        needed = minimum_size_for(widget, theme)
        if widget.width() < needed or widget.height() < needed:
            kind = "primary target" if needed == theme.primary_target_px else "target"
            found.append(Violation(screen, describe(widget), "target-size",
                                   f"{kind} is {widget.width()}×{widget.height()} px, needs ≥ {needed}×{needed}"))
    return found


def _gap(first: tuple[int, int, int, int], second: tuple[int, int, int, int]) -> int:
    """Distance between two rectangles (x, y, right, bottom): the larger of the axis gaps, 0 if touching."""
    gap_x = max(first[0], second[0]) - min(first[2], second[2])
    gap_y = max(first[1], second[1]) - min(first[3], second[3])
    return max(gap_x, gap_y, 0)


def check_target_spacing(screen: str, widgets: list[QWidget]) -> list[Violation]:
    """Targets ≥ 16 px apart, edge to edge in window coordinates, as far as each can be seen (and tapped)."""
    targets, boxes = [], {}
    for widget in widgets:
        rect = visible_rect(widget)
        if (is_interactive(widget) or isinstance(widget, QScrollBar)) and not rect.isEmpty():
            targets.append(widget)
            boxes[id(widget)] = (rect.x(), rect.y(), rect.x() + rect.width(), rect.y() + rect.height())
    found: list[Violation] = []
    for first, second in combinations(targets, 2):
        if first.isAncestorOf(second) or second.isAncestorOf(first):
            continue
        gap = _gap(boxes[id(first)], boxes[id(second)])
        if gap < TARGET_GAP_MIN_PX:
            found.append(Violation(screen, describe(first), "target-spacing",
                                   f"only {gap} px from {describe(second)}, needs ≥ {TARGET_GAP_MIN_PX}"))
    return found


def check_gestures(screen: str, widgets: list[QWidget], theme: Theme) -> list[Violation]:
    """Single tap only: no slider or dial, no drag and drop; scroll bars must be tappable, not dragged."""
    found: list[Violation] = []
    for widget in widgets:
        if isinstance(widget, QScrollBar):
            found += _scroll_bar_violations(screen, widget, theme)
        elif isinstance(widget, QAbstractSlider):
            found.append(Violation(screen, describe(widget), "gesture", "a slider or dial needs dragging"))
        if widget.acceptDrops():
            found.append(Violation(screen, describe(widget), "gesture", "accepts drag and drop"))
    return found


def _scroll_bar_violations(screen: str, bar: QScrollBar, theme: Theme) -> list[Violation]:
    """A scroll bar passes when it and its step buttons are full-size targets one tap can hit."""
    thickness = bar.width() if bar.orientation().name == "Vertical" else bar.height()
    step = _step_button_length(bar)
    problems = []
    if thickness < theme.target_px:
        problems.append(f"is {thickness} px thick, needs ≥ {theme.target_px} to be tapped")
    if step < theme.target_px:
        problems.append(f"its step buttons are {step} px long, need ≥ {theme.target_px}; "
                        "otherwise only dragging scrolls")
    return [Violation(screen, describe(bar), "gesture", "scroll bar " + problem) for problem in problems]


def _step_button_length(bar: QScrollBar) -> int:
    option = QStyleOptionSlider()
    option.initFrom(bar)
    option.orientation = bar.orientation()
    option.minimum, option.maximum = bar.minimum(), bar.maximum()
    option.sliderPosition = option.sliderValue = bar.value()
    option.singleStep, option.pageStep = bar.singleStep(), bar.pageStep()
    option.subControls = QStyle.SubControl.SC_All
    rect = bar.style().subControlRect(QStyle.ComplexControl.CC_ScrollBar, option,
                                      QStyle.SubControl.SC_ScrollBarAddLine, bar)
    return rect.height() if bar.orientation().name == "Vertical" else rect.width()
