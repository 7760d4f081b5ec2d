"""The shared 好差评 widget: five alike levels with faces, a skip, and a reason asked only after a bad rating."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication

from banshi.ui.application import apply_look, ensure_application
from banshi.ui.rating import Level, RatingPanel, Reason, face_pixmap

LEVELS = [Level("very_satisfied", "非常满意", False), Level("satisfied", "满意", False),
          Level("neutral", "基本满意", False), Level("dissatisfied", "不满意", True),
          Level("very_dissatisfied", "非常不满意", True)]
REASONS = [Reason("waiting_time", "等太久"), Reason("unclear", "看不懂")]


@pytest.fixture
def panel(qtbot: object) -> Iterator[tuple[RatingPanel, list[tuple[str, str]], list[bool]]]:
    apply_look(ensure_application(), "elder", "zh_CN")
    widget = RatingPanel(LEVELS, REASONS)
    rated: list[tuple[str, str]] = []
    skipped: list[bool] = []
    widget.rated.connect(lambda level, reason: rated.append((level, reason)))
    widget.skipped.connect(lambda: skipped.append(True))
    widget.resize(1792, 700)
    widget.show()
    QApplication.processEvents()
    widget.reset()  # what an app does each time it shows the rating
    yield widget, rated, skipped
    widget.close()


def _tap(panel: RatingPanel, name: str) -> None:
    button = panel.findChild(QAbstractButton, name)
    assert button is not None and button.isVisible(), name
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()


def test_the_five_levels_are_alike_none_chosen_emphasised_or_focused(panel: tuple[RatingPanel, list, list]) -> None:
    widget, rated, _skipped = panel
    buttons = widget.level_buttons
    assert [button.text().replace("\n", "") for button in buttons] == [str(level.words) for level in LEVELS]
    assert {button.property("role") for button in buttons} == {"tile"}
    assert not any(button.hasFocus() or button.isChecked() for button in buttons)
    widths, heights = {button.width() for button in buttons}, {button.height() for button in buttons}
    assert max(widths) - min(widths) <= 1 and len(heights) == 1  # equal shares of the row, to the pixel
    assert rated == []


def test_each_level_has_a_face_from_a_smile_to_a_frown() -> None:
    ensure_application()

    def mouth_bend(mood: float) -> float:
        image = face_pixmap(mood).toImage()
        alpha = np.array([[image.pixelColor(x, y).alpha() for x in range(image.width())]
                          for y in range(int(image.height() * 0.55), int(image.height() * 0.9))])
        middle, edge = alpha[:, alpha.shape[1] // 2], alpha[:, int(alpha.shape[1] * 0.32)]
        return float(np.argmax(middle > 0) - np.argmax(edge > 0))  # >0: the middle is lower, a smile

    assert mouth_bend(1.0) > 0 > mouth_bend(0.0)


def test_a_good_rating_is_reported_at_once_without_a_reason(panel: tuple[RatingPanel, list, list]) -> None:
    widget, rated, _skipped = panel
    _tap(widget, "rating-satisfied")
    assert rated == [("satisfied", "")]
    assert not widget.asking_reason()


def test_a_bad_rating_asks_why_by_tap_and_reports_the_reason(panel: tuple[RatingPanel, list, list]) -> None:
    widget, rated, _skipped = panel
    _tap(widget, "rating-very_dissatisfied")
    assert rated == [] and widget.asking_reason()
    focused = widget.focusWidget()
    assert focused is None or not focused.isVisible(), "no reason singled out by a focus ring"
    _tap(widget, "reason-waiting_time")
    assert rated == [("very_dissatisfied", "waiting_time")]


def test_a_bad_rating_may_be_given_without_a_reason(panel: tuple[RatingPanel, list, list]) -> None:
    widget, rated, _skipped = panel
    _tap(widget, "rating-dissatisfied")
    _tap(widget, "reason-none")
    assert rated == [("dissatisfied", "")]


def test_rating_can_always_be_skipped(panel: tuple[RatingPanel, list, list]) -> None:
    widget, rated, skipped = panel
    _tap(widget, "rating-skip")
    assert skipped == [True] and rated == []


def test_each_face_and_its_words_fit_their_button_in_a_landscape_row(panel: tuple[RatingPanel, list, list]) -> None:
    widget, _rated, _skipped = panel
    from banshi.accessibility.tokens import theme
    from banshi.tools.audit import audit_widget_tree

    clipped = [str(v) for v in audit_widget_tree(widget, theme("elder")) if v.rule == "clipped"]
    assert clipped == []  # the label wraps beside the face instead of running under the border


ENGLISH_LEVELS = [Level("very_satisfied", "Very satisfied", False), Level("satisfied", "Satisfied", False),
                  Level("neutral", "Basically satisfied", False), Level("dissatisfied", "Dissatisfied", True),
                  Level("very_dissatisfied", "Very dissatisfied", True)]


def test_longer_english_levels_take_fewer_to_a_row_each_on_one_line_and_unclipped(qtbot: object) -> None:
    from banshi.accessibility.tokens import theme
    from banshi.tools.audit import audit_widget_tree

    apply_look(ensure_application(), "elder", "en")
    widget = RatingPanel(ENGLISH_LEVELS, REASONS)
    widget.resize(1792, 700)  # a 1920 x 1080 kiosk page inside its margins, where five did not fit
    widget.show()
    QApplication.processEvents()
    try:
        assert ["\n" in button.text() for button in widget.level_buttons] == [False] * 5
        rows = sorted({button.y() for button in widget.level_buttons})
        assert len(rows) == 2  # three, then two, in the neutral order
        assert [v for v in audit_widget_tree(widget, theme("elder")) if v.rule == "clipped"] == []
    finally:
        widget.close()


def test_faces_are_drawn_in_the_buttons_text_colour_so_high_contrast_shows_them(qtbot: object) -> None:
    apply_look(ensure_application(), "high_contrast", "zh_CN")
    widget = RatingPanel(LEVELS, REASONS)
    widget.resize(1792, 700)
    widget.show()
    QApplication.processEvents()
    try:
        for button in widget.level_buttons:
            text_colour = button.palette().color(button.foregroundRole()).lightness()
            image = button.icon().pixmap(64, 64).toImage()
            drawn = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())
                     if image.pixelColor(x, y).alpha() > 200]
            assert drawn and all(abs(colour.lightness() - text_colour) < 40 for colour in drawn), button.objectName()
    finally:
        widget.close()
        apply_look(ensure_application(), "elder", "zh_CN")


def test_an_english_word_never_breaks_between_its_letters() -> None:
    from PySide6.QtGui import QFont, QFontMetrics

    from banshi.ui.text import wrap_text

    ensure_application()
    metrics = QFontMetrics(QFont("Noto Sans", 32))
    assert wrap_text("Satisfied", metrics, 40) == "Satisfied"  # too wide: it overflows and the audit says so
    assert wrap_text("Very dissatisfied", metrics, 120) == "Very\ndissatisfied"
    assert wrap_text("非常不满意", metrics, 100).count("\n") >= 1  # Chinese still wraps between characters


def test_on_a_portrait_screen_the_reasons_take_fewer_to_a_row_and_none_is_clipped(qtbot: object) -> None:
    from banshi.accessibility.tokens import theme
    from banshi.tools.audit import audit_widget_tree
    from banshi.ui.rating import national_levels, national_reasons

    apply_look(ensure_application(), "elder", "en")
    widget = RatingPanel(national_levels(), national_reasons())
    widget.resize(860, 1500)  # the room a 1080 x 1920 kiosk page leaves it (its own margins and the header)
    widget.show()
    QApplication.processEvents()
    try:
        _tap(widget, "rating-dissatisfied")
        assert widget.asking_reason()
        # three to a row cut "Hard to understand" off (seen in the kiosk audit's portrait pass)
        assert [v for v in audit_widget_tree(widget, theme("elder")) if v.rule == "clipped"] == []
    finally:
        widget.close()
        apply_look(ensure_application(), "elder", "zh_CN")
