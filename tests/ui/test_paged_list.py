"""Long content on screens that never scroll: as many rows as fit, then 下一页."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from banshi.ui.application import apply_look, ensure_application
from banshi.ui.layouts import PagedList, pack


def test_rows_are_packed_as_many_as_fit_and_a_row_too_tall_gets_a_page_alone() -> None:
    assert pack([100] * 5, 330, 10) == [range(0, 3), range(3, 5)]
    assert pack([100, 500, 100], 330, 10) == [range(0, 1), range(1, 2), range(2, 3)]


def _row(height: int) -> QWidget:
    row = QWidget()
    row.setFixedHeight(height)
    return row


def test_a_paged_list_shows_what_fits_and_the_next_page_button_shows_the_rest(qtbot: object) -> None:
    apply_look(ensure_application(), "elder", "zh_CN")
    holder = QWidget()
    holder.setFixedSize(1500, 650)  # the height a page leaves it
    paged = PagedList("demo", parent=holder)
    paged.setGeometry(0, 0, 1500, 650)
    paged.set_rows([_row(142) for _ in range(6)])
    holder.show()
    QApplication.processEvents()
    shown = [row.isVisible() for row in paged.rows()]
    assert shown == [True, True, True, False, False, False]  # the pager's own row leaves room for three
    assert "\n" not in paged.position.plain_text() and paged.position.heightForWidth(paged.position.width()) \
        <= paged.position.fontMetrics().lineSpacing() + 8  # 第 1 页，共 2 页 on one line
    QTest.mouseClick(paged.next_button, Qt.MouseButton.LeftButton)
    assert [row.isVisible() for row in paged.rows()] == [False, False, False, True, True, True]
    assert not paged.next_button.isVisible() and paged.previous_button.isVisible()
    holder.close()


def test_a_row_of_wrapped_text_is_measured_at_the_lists_width_not_at_its_size_hint(qtbot: object) -> None:
    from PySide6.QtWidgets import QFrame, QHBoxLayout

    from banshi.ui.layouts import height_at
    from banshi.ui.text import TextLabel

    apply_look(ensure_application(), "elder", "en")
    card = QFrame()
    layout = QHBoxLayout(card)
    layout.addWidget(TextLabel("Name of the resident"), 2)
    layout.addWidget(TextLabel("王秀英"), 3)
    one_line = card.heightForWidth(1700)
    assert card.sizeHint().height() > one_line, "Qt's hint wraps the label: the case this is about"
    assert height_at(card, 1700) == one_line
