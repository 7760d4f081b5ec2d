"""Qt stylesheet generated from a theme's tokens: the only place colours and sizes become QSS.

A focused control trades its margin for a thicker border, so focus never shrinks the room its
text has (the audit's clipping check would catch that). Scroll bars are full-size targets with
full-size step buttons: one tap scrolls, nothing needs dragging.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from string import Template

from banshi.accessibility.tokens import Theme

_TEMPLATE = Template(
    """
QWidget { background: $background; color: $text; font-size: ${body}px;
          font-family: "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", sans-serif; }
QLabel[role="title"] { font-size: ${title}px; font-weight: bold; }
QLabel[role="muted"] { color: $muted; font-size: ${small}px; }
QLabel[role="hint"] { color: $muted; }
QLabel[role="brand"] { color: $muted; font-size: ${brand}px; }
QLabel[role="error"] { color: $error; font-weight: bold; }
QLabel[role="success"] { color: $success; font-weight: bold; }
QLabel[role="reference"] { font-size: ${title}px; font-weight: bold; letter-spacing: 2px; }
QFrame[role="card"] { background: $surface; border: 2px solid $border; border-radius: ${radius}px; }
QFrame[role="card"] QLabel { background: $surface; }
QPushButton { font-size: ${button}px; min-height: ${target}px; min-width: ${target}px;
              padding: 8px 24px; border-radius: ${radius}px; margin: 2px;
              background: $secondary; color: $on_secondary; border: 2px solid $border; }
QPushButton[role="primary"] { background: $primary; color: $on_primary; border: 2px solid $primary;
                              min-height: ${primary_target}px; font-weight: bold; }
QPushButton[role="tile"] { background: $surface; color: $text; border: 3px solid $border; margin: 1px;
                           min-height: ${tile}px; text-align: left; padding: 16px 24px; }
QPushButton[nav="true"] { min-height: ${nav}px; }
QPushButton:focus { border: 4px solid $focus; margin: 0px; }
QPushButton:pressed { background: $border; color: $background; }
QPushButton:disabled { background: $background; color: $muted; border: 2px dashed $muted; font-weight: normal; }
QLineEdit { font-size: ${title}px; min-height: ${target}px; padding: 4px 16px; margin: 1px;
            background: $background; color: $text; border: 3px solid $border; border-radius: ${radius}px; }
QLineEdit:focus { border: 4px solid $focus; margin: 0px; }
QPlainTextEdit { min-height: ${target}px; padding: 4px 12px; margin: 1px; background: $background; color: $text;
                 border: 3px solid $border; border-radius: ${radius}px; }
QPlainTextEdit:focus { border: 4px solid $focus; margin: 0px; }
QLineEdit[invalid="true"], QLineEdit[invalid="true"]:focus, QPlainTextEdit[invalid="true"],
QPlainTextEdit[invalid="true"]:focus { border: 6px solid $error; margin: 0px; padding: 0px 14px; }
QFrame[role="error-panel"] { border-left: 10px solid $error; background: $background; }
QFrame[role="panel"] { background: $success_panel; border-radius: ${radius}px; }
QFrame[role="panel"] QLabel { background: $success_panel; color: $on_success_panel; }
QScrollArea, QScrollArea > QWidget > QWidget { background: $background; border: none; }
QScrollBar:vertical { width: ${target}px; background: $surface; margin: ${target}px 0px ${target}px 0px; }
QScrollBar::handle:vertical { background: $border; min-height: ${target}px; border-radius: ${radius}px; }
QScrollBar::sub-line:vertical { height: ${target}px; subcontrol-position: top; subcontrol-origin: margin;
                                background: $secondary; border: 2px solid $border; border-radius: ${radius}px; }
QScrollBar::add-line:vertical { height: ${target}px; subcontrol-position: bottom; subcontrol-origin: margin;
                                background: $secondary; border: 2px solid $border; border-radius: ${radius}px; }
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical { background: $surface; }
QScrollBar::up-arrow:vertical { width: ${arrow}px; height: ${arrow}px; image: url("$up_arrow"); }
QScrollBar::down-arrow:vertical { width: ${arrow}px; height: ${arrow}px; image: url("$down_arrow"); }
"""
)


_ARROW_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
              '<polygon points="{points}" fill="{colour}"/></svg>')
_ARROW_POINTS = {"up": "0,8 5,2 10,8", "down": "0,2 5,8 10,2"}


def arrow_image(direction: str, colour: str) -> Path:
    """A triangle for a scroll bar's step button (QSS draws subcontrol glyphs only from files)."""
    folder = Path(tempfile.gettempdir()) / "banshi-qss"
    folder.mkdir(exist_ok=True)
    path = folder / f"arrow-{direction}-{colour.lstrip('#')}.svg"
    if not path.exists():
        path.write_text(_ARROW_SVG.format(points=_ARROW_POINTS[direction], colour=colour), encoding="utf-8")
    return path


def nav_button_height(theme: Theme) -> int:
    """Back, Start over and Next: room for two lines of label (CJK fonts space lines ~1.45 × their size), so
    a longer label wraps inside the same button instead of making it taller on some pages."""
    return max(theme.primary_target_px, 2 * math.ceil(theme.button_px * 1.45))


def stylesheet(theme: Theme) -> str:
    colours = theme.palette
    return _TEMPLATE.substitute(
        up_arrow=arrow_image("up", colours.text).as_posix(), down_arrow=arrow_image("down", colours.text).as_posix(),
        background=colours.background, surface=colours.surface, text=colours.text,
        muted=colours.muted_text, primary=colours.primary, on_primary=colours.on_primary,
        secondary=colours.secondary, on_secondary=colours.on_secondary, error=colours.error,
        success=colours.success, border=colours.border, focus=colours.focus,
        success_panel=colours.success, on_success_panel=colours.background,
        brand=theme.brand_px, body=theme.body_px, title=theme.title_px, button=theme.button_px, small=theme.small_px,
        target=theme.target_px, primary_target=theme.primary_target_px, radius=theme.radius_px,
        tile=theme.primary_target_px, nav=nav_button_height(theme), arrow=theme.target_px // 2,
    )
