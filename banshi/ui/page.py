"""The frame every full-screen page shares: a header, one scrollable content column, a footer of actions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from banshi.ui.text import BigButton, TextLabel, TextSource


class Page(QWidget):
    """A page with a title, a content column (scrolls at the largest text size) and a footer row."""

    def __init__(self, name: str, title: TextSource, max_content_width: int = 1500,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.kicker = TextLabel("", role="muted")  # a line above the title, e.g. "Question 2 of 5"
        self.kicker.setObjectName(f"{name}-kicker")
        self.kicker.hide()
        self.title = TextLabel(title, role="title")
        self.title.setObjectName(f"{name}-title")
        self.content = QVBoxLayout()
        self.content.setSpacing(24)
        self.footer = QHBoxLayout()
        self.footer.setSpacing(32)
        self._build(max_content_width)

    def _build(self, max_content_width: int) -> None:
        column = QWidget()
        column.setMaximumWidth(max_content_width)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(24)
        column_layout.addWidget(self.kicker)
        column_layout.addWidget(self.title)
        column_layout.addLayout(self.content)
        column_layout.addStretch(1)

        holder = QWidget()
        holder_layout = QHBoxLayout(holder)
        holder_layout.setContentsMargins(64, 24, 64, 24)
        holder_layout.setSpacing(64)
        holder_layout.addStretch(1)
        holder_layout.addWidget(column, 100)
        self.side = QVBoxLayout()  # beside the column, e.g. a keypad, so tall inputs need no scrolling
        holder_layout.addLayout(self.side)
        holder_layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the controls; focusing one scrolls to it
        scroll.setWidget(holder)

        footer_holder = QWidget()
        footer_holder.setObjectName("page-footer")
        footer_holder.setLayout(self.footer)
        self.footer.setContentsMargins(64, 16, 64, 32)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 16, 0, 0)  # keeps the scroll bar a full target gap below the header
        outer.setSpacing(0)
        outer.addWidget(scroll, 1)
        outer.addWidget(footer_holder)

    def add_footer_button(self, button: BigButton, stretch: int = 1) -> BigButton:
        self.footer.addWidget(button, stretch)
        return button

    def on_shown(self) -> None:
        """Called after the page becomes the current one; pages override to set focus or speak."""
