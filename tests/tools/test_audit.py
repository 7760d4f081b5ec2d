"""The audit, on small hand-built widget trees: each rule finds what it should and passes what it should."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSlider, QVBoxLayout, QWidget

from banshi.tools.audit import audit_widget_tree
from banshi.tools.rendered import Surfaces
from banshi.accessibility.tokens import theme
from banshi.ui.application import apply_look, ensure_application
from banshi.ui.text import BigButton, TextLabel

ELDER = theme("elder")


@pytest.fixture
def window(qtbot: object) -> Iterator[QWidget]:
    apply_look(ensure_application(), "elder", "en")
    root = QWidget()
    root.setObjectName("test-window")
    layout = QVBoxLayout(root)
    layout.setContentsMargins(32, 32, 32, 32)
    layout.setSpacing(24)
    root.resize(1200, 800)
    yield root
    root.close()
    root.deleteLater()


def _show(root: QWidget, *widgets: QWidget) -> None:
    for widget in widgets:
        root.layout().addWidget(widget)
    root.show()
    QApplication.processEvents()


def _rules(root: QWidget) -> set[tuple[str, str]]:
    return {(violation.widget.split(" ")[0], violation.rule) for violation in audit_widget_tree(root, ELDER)}


def _named(widget: QWidget, name: str) -> QWidget:
    widget.setObjectName(name)
    return widget


def test_large_named_well_spaced_controls_pass_every_rule(window: QWidget) -> None:
    _show(window, _named(TextLabel("Please choose one"), "prompt"), _named(BigButton("Yes"), "yes"),
          _named(BigButton("No"), "no"))
    assert audit_widget_tree(window, ELDER) == []


def test_a_button_without_a_name_is_reported(window: QWidget) -> None:
    _show(window, _named(BigButton(""), "blank"))
    assert ("blank", "name") in _rules(window)


def test_a_field_without_an_accessible_name_is_reported_but_one_with_a_name_is_not(window: QWidget) -> None:
    nameless, named = _named(QLineEdit(), "nameless"), _named(QLineEdit(), "named")
    named.setAccessibleName("Phone number")
    _show(window, nameless, named)
    rules = _rules(window)
    assert ("nameless", "name") in rules
    assert ("named", "name") not in rules


def test_a_small_button_is_too_small_a_target(window: QWidget) -> None:
    small = _named(QPushButton("OK"), "small")
    small.setStyleSheet("min-height: 40px; max-height: 40px; max-width: 60px; min-width: 60px;")
    _show(window, small)
    assert ("small", "target-size") in _rules(window)


def test_a_primary_action_needs_the_larger_primary_size(window: QWidget) -> None:
    primary = _named(BigButton("Next", role="primary"), "primary")
    primary.setStyleSheet("min-height: 60px; max-height: 70px;")  # with padding and border: ≥ 96, < 120
    _show(window, primary)
    assert ("primary", "target-size") in _rules(window)


def test_buttons_closer_than_16_px_are_reported(window: QWidget) -> None:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setSpacing(4)
    layout.addWidget(_named(BigButton("One"), "one"))
    layout.addWidget(_named(BigButton("Two"), "two"))
    _show(window, row)
    assert ("one", "target-spacing") in _rules(window)


def test_small_text_is_reported_with_its_rendered_size(window: QWidget) -> None:
    tiny = _named(TextLabel("Fine print"), "tiny")
    tiny.setStyleSheet("font-size: 14px;")
    _show(window, tiny)
    violations = [v for v in audit_widget_tree(window, ELDER) if v.rule == "text-size"]
    assert [v.detail for v in violations] == ["14 px text, needs ≥ 32 px"]


def test_grey_text_on_white_fails_contrast_as_measured_from_pixels(window: QWidget) -> None:
    grey = _named(QLabel("Faint words here"), "grey")
    grey.setStyleSheet("color: #777777; background: #FFFFFF;")
    _show(window, grey)
    measured = Surfaces().contrast_of(grey)
    assert measured is not None
    assert measured.text == (0x77, 0x77, 0x77)
    assert measured.background == (0xFF, 0xFF, 0xFF)
    assert measured.ratio == pytest.approx(4.48, abs=0.01)
    assert ("grey", "contrast") in _rules(window)


def test_text_painted_in_its_background_colour_measures_one_to_one(window: QWidget) -> None:
    hidden = _named(QLabel("Invisible"), "hidden")
    hidden.setStyleSheet("color: #FFFFFF; background: #FFFFFF;")
    _show(window, hidden)
    assert Surfaces().contrast_of(hidden).ratio == pytest.approx(1.0)  # type: ignore[union-attr]


def test_a_label_wider_than_its_button_is_clipped(window: QWidget) -> None:
    long = _named(QPushButton("A label far too long for this narrow button"), "long")
    long.setAccessibleName("long")
    long.setFixedWidth(300)
    _show(window, long)
    assert ("long", "clipped") in _rules(window)


def test_a_wrapping_big_button_grows_instead_of_clipping(window: QWidget) -> None:
    wrapped = _named(BigButton("A label far too long for this narrow button"), "wrapped")
    wrapped.setMaximumWidth(400)
    _show(window, wrapped)
    assert "\n" in wrapped.text()
    assert wrapped.accessibleName() == "A label far too long for this narrow button"
    assert ("wrapped", "clipped") not in _rules(window)


def test_a_label_squeezed_below_its_wrapped_height_is_clipped(window: QWidget) -> None:
    squeezed = _named(TextLabel("Many words " * 30), "squeezed")
    squeezed.setFixedHeight(60)
    _show(window, squeezed)
    assert ("squeezed", "clipped") in _rules(window)


def test_a_slider_needs_a_gesture_and_is_reported(window: QWidget) -> None:
    slider = _named(QSlider(Qt.Orientation.Horizontal), "slider")
    slider.setAccessibleName("Volume")
    slider.setMinimumSize(400, 120)
    _show(window, slider)
    assert ("slider", "gesture") in _rules(window)


def test_column_headers_that_cannot_be_tapped_are_captions_and_clickable_ones_are_controls(window: QWidget) -> None:
    from PySide6.QtWidgets import QTableWidget

    table = _named(QTableWidget(2, 2), "table")
    table.setAccessibleName("Records")
    table.setHorizontalHeaderLabels(["Question", "Answer"])
    table.horizontalHeader().setSectionsClickable(False)
    table.verticalHeader().setSectionsClickable(False)
    table.setMinimumHeight(200)
    _show(window, table)
    assert not any("QHeaderView" in widget for widget, _rule in _rules(window))
    table.horizontalHeader().setSectionsClickable(True)  # a header that sorts is operated: its rules apply
    assert ("QHeaderView", "target-size") in _rules(window)


def test_a_control_that_tab_cannot_reach_is_reported(window: QWidget) -> None:
    unreachable = _named(BigButton("Skip me"), "unreachable")
    unreachable.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    _show(window, _named(BigButton("First"), "first"), unreachable)
    assert ("unreachable", "focus") in _rules(window)


def test_tab_going_right_to_left_along_a_row_is_reported(window: QWidget) -> None:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setSpacing(32)
    left, middle, right = (_named(BigButton(name), name) for name in ("left", "middle", "right"))
    for button in (left, middle, right):
        layout.addWidget(button)
    QWidget.setTabOrder(left, right)
    QWidget.setTabOrder(right, middle)
    _show(window, row)
    assert ("middle", "focus") in _rules(window)


def test_hidden_widgets_do_not_count(window: QWidget) -> None:
    hidden = _named(QPushButton(""), "hidden")
    _show(window, _named(BigButton("Shown"), "shown"), hidden)
    hidden.hide()
    assert audit_widget_tree(window, ELDER) == []


@pytest.mark.parametrize("make", [lambda: BigButton("Tap"), lambda: TextLabel("Read")])
def test_the_audit_leaves_focus_where_it_was(window: QWidget, make: Callable[[], QWidget]) -> None:
    first = _named(BigButton("First"), "first")
    _show(window, first, make())
    first.setFocus()
    audit_widget_tree(window, ELDER)
    assert window.focusWidget() is first
