"""The accessibility audit: walks a live widget tree and reports every breach of numbers.md.

Only what is on screen counts (the current page of a stack, not the hidden ones). The checks and
what they cannot see are described in docs/accessibility.md.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtWidgets import QWidget

from banshi.tools.audit_controls import (
    check_gestures, check_names_and_roles, check_target_sizes, check_target_spacing,
)
from banshi.tools.audit_fit import check_fits_screen, check_no_scrolling
from banshi.tools.audit_focus import check_focus_order
from banshi.tools.audit_glyphs import Viewing, check_visual_angle
from banshi.tools.audit_nav import NavPlaces, check_navigation
from banshi.tools.audit_text import check_clipping, check_contrast, check_text_sizes
from banshi.tools.rendered import Surfaces
from banshi.accessibility.tokens import Theme
from banshi.tools.widgets import Violation, shown_widgets

__all__ = ["RULES", "NavPlaces", "Viewing", "Violation", "audit_widget_tree"]

RULES = ("name", "role", "target-size", "target-spacing", "gesture", "text-size", "visual-angle", "contrast",
         "clipped", "scroll", "nav-place", "focus")


def audit_widget_tree(root: QWidget, theme: Theme, screen: str = "", *, screen_size: QSize | None = None,
                      viewing: Viewing | None = None, nav_places: NavPlaces | None = None) -> list[Violation]:
    """Every violation on what ``root`` shows now, judged against ``theme``'s sizes.

    ``screen_size``: the screen the window must fit (default: the window's own size). ``viewing``: the
    stated screen and distance for the visual-angle rule (skipped without it). ``nav_places``: shared by
    the screens of one run, so navigation is checked for the same place across them.
    """
    QCoreApplication.processEvents()  # layouts and style polish settle before anything is measured
    screen = screen or root.objectName() or type(root).__name__
    widgets = shown_widgets(root)
    found = check_names_and_roles(screen, widgets)
    found += check_target_sizes(screen, widgets, theme)
    found += check_target_spacing(screen, widgets)
    found += check_gestures(screen, widgets, theme)
    found += check_text_sizes(screen, widgets, theme)
    found += check_contrast(screen, widgets, Surfaces())
    found += check_clipping(screen, widgets)
    found += check_no_scrolling(screen, widgets)
    found += check_fits_screen(screen, root, widgets, screen_size)
    if viewing is not None:
        found += check_visual_angle(screen, widgets, theme, viewing)
    found += check_navigation(screen, widgets, nav_places if nav_places is not None else NavPlaces())
    found += check_focus_order(screen, root, widgets)  # last: it moves focus (restored afterwards)
    return found
