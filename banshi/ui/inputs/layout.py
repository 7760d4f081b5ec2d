"""Layout helpers for inputs that must fit both kiosk orientations without scrolling."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QBoxLayout, QWidget


class OrientationBox(QBoxLayout):
    """Side by side when the window is landscape, stacked when it is portrait (1080×1920).

    The direction follows the window, not this widget, so an input does not flip back and forth as
    its own width changes with the direction it has just chosen.
    """

    def __init__(self, owner: QWidget, spacing: int = 32) -> None:
        super().__init__(QBoxLayout.Direction.LeftToRight, owner)
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)
        self._owner = owner
        self._watcher = _ResizeWatcher(self._follow_window, owner)
        owner.installEventFilter(self._watcher)

    def _follow_window(self) -> None:
        window = self._owner.window()
        portrait = window.height() > window.width()
        wanted = QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        if self.direction() != wanted:
            self.setDirection(wanted)


class _ResizeWatcher(QObject):
    def __init__(self, callback: object, parent: QObject) -> None:
        super().__init__(parent)
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.Show, QEvent.Type.Resize, QEvent.Type.ParentChange):
            self._callback()  # type: ignore[operator]
        return False
