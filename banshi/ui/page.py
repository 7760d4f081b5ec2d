"""The one page template: GOV.UK's question page, on a screen that never scrolls.

Top to bottom: a progress line, the heading (on a question page, the question itself), a hint below it,
the page's content (an error message, then the input), and a navigation bar whose Back, Start over and
Next keep the same place and size on every page. A slot a page does not use stays empty, so the others
never move and no other control ever takes its place.

Nothing scrolls: there is no scroll area; content that could grow long is paged (``layouts.PagedList``),
and the audit fails a page whose content does not fit. At a portrait window the side column (a keypad,
a camera) moves below the content column instead of beside it.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from banshi.i18n import N_
from banshi.ui.layouts import keep_place_when_hidden
from banshi.ui.text import BigButton, TextLabel, TextSource

PAGE_MARGIN_PX = 64
PORTRAIT_BELOW_PX = 1400  # narrower than this, the side column goes below the content column


class NavSlot(StrEnum):
    """The three places of the navigation bar, left to right; the audit keys on these names."""

    BACK = "back"
    START_OVER = "start-over"
    NEXT = "next"


class NavBar(QWidget):
    """Back | Start over | Next: three equal slots, each as tall as a primary target.

    The widths come from the slots alone (never from the labels), so a longer translation wraps inside
    its button instead of moving its neighbours.
    """

    def __init__(self, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{prefix}-nav")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(32)
        self.back = self._slot(layout, prefix, NavSlot.BACK, BigButton(N_("Back")))
        self.start_over = self._slot(layout, prefix, NavSlot.START_OVER, BigButton(N_("Start over")))
        self.next = self._slot(layout, prefix, NavSlot.NEXT, BigButton(N_("Next"), role="primary"))

    @staticmethod
    def _slot(layout: QHBoxLayout, prefix: str, slot: NavSlot, button: BigButton) -> BigButton:
        button.setObjectName(f"{prefix}-{slot.value}")
        button.setProperty("nav", True)
        button.setProperty("nav_slot", slot.value)
        button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        keep_place_when_hidden(button)
        layout.addWidget(button, 1)
        return button

    def buttons(self) -> tuple[BigButton, BigButton, BigButton]:
        return self.back, self.start_over, self.next

    def only_next(self, text: TextSource, name: str) -> BigButton:
        """A page whose one way on is Next's place (Finish, I need more time …): the other slots stay empty."""
        self.use(back=False, start_over=False, next_=True)
        self.next.set_source(text)
        self.next.setObjectName(name)
        return self.next

    def use(self, back: bool = True, start_over: bool = True, next_: bool = True) -> None:
        """Which slots this page shows; the others stay empty in place."""
        for button, shown in zip(self.buttons(), (back, start_over, next_), strict=True):
            button.setVisible(shown)


class Page(QWidget):
    """A page: progress line, heading, hint, content column with a side column, and a footer.

    Kiosk pages put a ``NavBar`` in the footer (``add_nav``); ``add_footer_button`` stays for displays
    whose buttons are not navigation (the counter's citizen display).
    """

    def __init__(self, name: str, title: TextSource, max_content_width: int = 1500,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        # A page takes the screen it is given and never asks for more (its minimum, with text wrapped at
        # its narrowest, would make the window taller than the screen); what does not fit, the audit fails.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.kicker = TextLabel("", role="muted")  # a line above the title, e.g. "Question 2 of 5"
        self.kicker.setObjectName(f"{name}-kicker")
        self.kicker.hide()
        self.title = TextLabel(title, role="title")
        self.title.setObjectName(f"{name}-title")
        self.hint = TextLabel("", role="hint")  # below the heading: how to answer, what is needed
        self.hint.setObjectName(f"{name}-hint")
        self.hint.hide()
        self.content = QVBoxLayout()
        self.content.setSpacing(24)
        self.side = QVBoxLayout()  # beside the column (below it in portrait), e.g. a keypad
        self.side.setSpacing(24)
        self.footer = QHBoxLayout()
        self.footer.setSpacing(32)
        self.nav: NavBar | None = None
        self._build(max_content_width)

    def _build(self, max_content_width: int) -> None:
        self.column = QWidget()
        self.column.setObjectName(f"{self.objectName()}-column")
        self.column.setMaximumWidth(max_content_width)
        column_layout = QVBoxLayout(self.column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.setSpacing(16)
        for label in (self.kicker, self.title, self.hint):
            column_layout.addWidget(label)
        column_layout.addLayout(self.content, 1)

        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.setContentsMargins(PAGE_MARGIN_PX, 16, PAGE_MARGIN_PX, 8)
        self.body.setSpacing(64)
        self.body.addWidget(self.column, 1)
        self.body.addLayout(self.side)
        self.body.addStretch(0)

        footer_holder = QWidget()
        footer_holder.setObjectName("page-footer")
        footer_holder.setLayout(self.footer)
        self.footer.setContentsMargins(PAGE_MARGIN_PX, 8, PAGE_MARGIN_PX, 24)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addLayout(self.body, 1)
        outer.addWidget(footer_holder)

    def set_hint(self, source: TextSource) -> None:
        self.hint.set_source(source)
        self.hint.setVisible(bool(self.hint.plain_text()))

    def add_nav(self) -> NavBar:
        """The navigation bar, named after the page (``question-back``, ``question-next`` …)."""
        self.nav = NavBar(self.objectName().removesuffix("-page"))
        self.footer.addWidget(self.nav)
        return self.nav

    def add_footer_button(self, button: BigButton, stretch: int = 1) -> BigButton:
        self.footer.addWidget(button, stretch)
        return button

    def is_portrait(self) -> bool:
        return self.width() < PORTRAIT_BELOW_PX

    def arrange(self) -> None:
        """Side column beside the content (landscape) or below it (portrait); call after filling ``side``.

        Landscape: the column takes the width the side leaves. Portrait with a side (a keypad, a camera):
        both keep their natural height and the rest goes below, so the keypad stays right under its field.
        Portrait without one (or with one hidden for now): the column takes the whole height (a paged list fills it).
        """
        portrait = self.is_portrait()
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight)
        shown = [self.side.itemAt(index).widget() for index in range(self.side.count())]
        side_below = portrait and any(widget is not None and not widget.isHidden() for widget in shown)
        self.body.setStretch(0, 0 if side_below else 1)
        self.body.setStretch(2, 1 if side_below else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.arrange()

    def on_shown(self) -> None:
        """Called after the page becomes the current one; pages override to set focus or speak."""
