"""The issue-12 rules on small hand-built windows: no scrolling, nothing past the screen's edge, text big
enough to see from where a citizen stands (EN 301 549 5.1.4), navigation in one place on every page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QScrollArea, QVBoxLayout, QWidget

from banshi.accessibility.tokens import theme
from banshi.tools.audit import NavPlaces, Viewing, audit_widget_tree
from banshi.tools.audit_glyphs import glyph_height
from banshi.ui.application import apply_look, ensure_application
from banshi.ui.page import Page
from banshi.ui.text import BigButton, TextLabel
from tests.tools.test_audit import _named, _show, window  # noqa: F401 - the same small window

ELDER, STANDARD = theme("elder"), theme("standard")
SCREEN = QSize(1200, 800)  # the size of test_audit's window
AT_600_MM = Viewing(21.5, 600.0, QSize(1920, 1080))


def _rules(root: QWidget, **options: object) -> set[tuple[str, str]]:
    return {(violation.widget.split(" ")[0], violation.rule)
            for violation in audit_widget_tree(root, ELDER, screen_size=SCREEN, **options)}  # type: ignore[arg-type]


def test_content_that_scrolls_fails_even_when_its_scroll_bar_is_large(window: QWidget) -> None:
    area = QScrollArea()
    area.setObjectName("area")
    tall = QWidget()
    tall.setMinimumHeight(3000)
    area.setWidget(tall)
    _show(window, area)
    assert ("area", "scroll") in _rules(window)


def test_a_text_field_hiding_lines_behind_a_switched_off_scroll_bar_fails(window: QWidget) -> None:
    field = _named(QPlainTextEdit("北京市东城区景山前街4号" * 20), "field")
    field.setFixedHeight(120)
    _show(window, field)
    assert ("field", "scroll") in _rules(window)


def test_a_window_taller_than_the_screen_is_clipped(window: QWidget) -> None:
    block = _named(TextLabel("Please check your answers"), "text")
    block.setMinimumHeight(1000)  # the window grows past the 800 px screen to hold it
    _show(window, block)
    assert ("test-window", "clipped") in _rules(window)


def test_a_widget_reaching_past_its_parent_is_clipped(window: QWidget) -> None:
    holder = QWidget()
    holder.setFixedSize(300, 200)
    button = _named(BigButton("Next", parent=holder), "cut")
    button.setGeometry(150, 20, 300, 120)
    _show(window, holder)
    assert ("cut", "clipped") in _rules(window)


def test_fitting_content_passes_the_new_rules(window: QWidget) -> None:
    _show(window, _named(TextLabel("Please check your answers"), "text"), _named(BigButton("Next"), "next"))
    assert audit_widget_tree(window, ELDER, screen_size=SCREEN, viewing=AT_600_MM) == []


def test_32_px_text_is_too_small_for_the_elder_theme(window: QWidget) -> None:
    label = _named(QLabel("Question 2 of 5"), "small")
    label.setStyleSheet("font-size: 28px;")
    _show(window, label)
    assert ("small", "text-size") in _rules(window)


def test_the_brand_may_be_24_px_but_no_smaller(window: QWidget) -> None:
    fine, tiny = _named(TextLabel("办事", role="brand"), "brand"), _named(TextLabel("办事", role="brand"), "tiny")
    fine.setStyleSheet("font-size: 24px;")
    tiny.setStyleSheet("font-size: 20px;")
    _show(window, fine, tiny)
    found = _rules(window)
    assert ("tiny", "text-size") in found and ("brand", "text-size") not in found


@pytest.mark.parametrize(("text", "size", "passes"), [
    ("Next", 32, False), ("Next", 42, True), ("下一步", 32, False), ("下一步", 36, True)])
def test_glyphs_must_subtend_0_7_degrees_at_600_mm_on_a_21_5_inch_screen(
        window: QWidget, text: str, size: int, passes: bool) -> None:
    label = _named(QLabel(text), "text")
    label.setStyleSheet(f"font-size: {size}px;")
    _show(window, label)
    assert (("text", "visual-angle") not in _rules(window, viewing=AT_600_MM)) is passes


def test_the_angle_is_measured_from_rendered_glyphs_and_the_stated_distance(window: QWidget) -> None:
    label = QLabel("H")
    label.setStyleSheet("font-size: 42px;")
    _show(window, label)
    height = glyph_height("H", label.font())
    assert 28 <= height <= 32  # a capital H of a 42 px font is about 0.72 em
    assert AT_600_MM.angle_deg(height) >= 0.7 > Viewing(21.5, 900.0, QSize(1920, 1080)).angle_deg(height)


def test_the_standard_theme_is_not_the_large_text_mode(window: QWidget) -> None:
    label = _named(QLabel("Next"), "text")
    label.setStyleSheet("font-size: 32px;")
    _show(window, label)
    assert not [v for v in audit_widget_tree(window, STANDARD, viewing=AT_600_MM) if v.rule == "visual-angle"]


def test_back_start_over_and_next_must_keep_their_place_across_screens(qtbot: object) -> None:
    apply_look(ensure_application(), "elder", "en")
    places, found = NavPlaces(), []
    for left_margin in (64, 200):
        root = QWidget()
        QVBoxLayout(root).addWidget(_with_nav(left_margin))
        root.resize(SCREEN)
        root.show()
        QApplication.processEvents()
        found += [v for v in audit_widget_tree(root, ELDER, f"screen-{left_margin}", nav_places=places)
                  if v.rule == "nav-place"]
        root.close()
    assert {v.screen for v in found} == {"screen-200"} and any("demo-back" in v.widget for v in found)


def test_another_control_where_back_sits_on_other_pages_is_reported(qtbot: object) -> None:
    apply_look(ensure_application(), "elder", "en")
    places = NavPlaces()
    first = QWidget()
    QVBoxLayout(first).addWidget(_with_nav(64))
    first.resize(SCREEN)
    first.show()
    QApplication.processEvents()
    audit_widget_tree(first, ELDER, "first", nav_places=places)
    second = QWidget()
    page = Page("other-page", "Menu")
    page.add_footer_button(_named(BigButton("Back to start"), "home"))  # 返回首页 where 上一步 is elsewhere
    QVBoxLayout(second).addWidget(page)
    second.resize(SCREEN)
    second.show()
    QApplication.processEvents()
    found = [v for v in audit_widget_tree(second, ELDER, "second", nav_places=places) if v.rule == "nav-place"]
    first.close()
    second.close()
    assert any(v.widget.startswith("home") and "back" in v.detail for v in found)


def _with_nav(left_margin: int) -> Page:
    page = Page("demo-page", "A question")
    page.add_nav()
    page.footer.setContentsMargins(left_margin, 16, 64, 32)
    return page
