"""After idle reset or "finish", nothing of the last citizen is left: not in any widget, the clipboard or a file."""

from __future__ import annotations

import os
import random
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget

from banshi.identity.idnumber import make_id_number
from banshi.kiosk.app import KioskRuntime
from banshi.kiosk.driver import KioskDriver
from banshi.kiosk.screens import SAMPLE_FACTS, close, launch
from banshi.services import facts

# Fresh values each run, so a concurrent run's files cannot be mistaken for a leak of this one.
_RANDOM = random.SystemRandom()
ID_NUMBER = make_id_number("110101", date(1961, 8, 19), _RANDOM.randrange(100, 999))
PHONE = "139" + "".join(_RANDOM.choice("0123456789") for _ in range(8))
_GIVEN = _RANDOM.choice("娜婷璇瑶琪") + _RANDOM.choice("娜婷璇瑶琪")
NAME = "欧阳" + _GIVEN
MASKED_NAME = "欧*" + _GIVEN[-1]
REFERENCE = f"CR-{_RANDOM.randrange(10**6, 10**7)}-ZETA"
ADDRESS = f"110101 北京市东城区景山前街4号{NAME}收"  # picked division, then written on the pad
PERSONAL = (ID_NUMBER, PHONE, NAME, MASKED_NAME, REFERENCE)
# The outbox keeps a masked name beside the sealed payload for the receipt (GB/T 35273 masking), so
# files are searched for everything except the already-masked name.
UNMASKED = (ID_NUMBER, PHONE, NAME, REFERENCE)
SERVICE = "medical_filing_out_of_region"  # asks ID number, free text, address and phone after identity
MAX_FILE_BYTES = 50_000_000


@pytest.fixture
def kiosk(qtbot: object, tmp_path: Path) -> Iterator[KioskRuntime]:
    runtime = launch("elder", "zh_CN", tmp_path / "device")
    yield runtime
    close(runtime)


def _fill_session(kiosk: KioskRuntime) -> KioskDriver:
    """A citizen identified by code, answering with their own ID number, name, address and phone."""
    driver = KioskDriver(kiosk.window)
    driver.tap("attract-start")
    driver.tap(f"service-{SERVICE}")
    kiosk.window.identify.identified.emit({**SAMPLE_FACTS, facts.NAME: MASKED_NAME, facts.REFERENCE: REFERENCE})
    driver.settle()
    own = {"id_number": ID_NUMBER, "phone": PHONE, "residence_address": ADDRESS, "destination_city": NAME}
    while driver.page_name() == "question-page":
        question = kiosk.window.session.page.question  # type: ignore[union-attr]
        if question.id in own:
            driver.enter(own[question.id])
            assert not kiosk.window.question.error.isVisible(), question.id
        else:
            driver.answer_current_question(date.today())
    assert driver.page_name() == "check-page"
    assert kiosk.window.session is not None and kiosk.window.session.value_of("id_number") == ID_NUMBER
    return driver


def _widget_texts(widget: QWidget) -> list[str]:
    texts = [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip(), widget.windowTitle()]
    if isinstance(widget, QLabel):
        texts.append(widget.text())
    if isinstance(widget, QAbstractButton):
        texts.append(widget.text())
    if isinstance(widget, QLineEdit):
        texts += [widget.text(), widget.placeholderText()]
    return texts


def _settle() -> None:
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _left_in_widgets() -> list[str]:
    return [f"{widget.objectName() or type(widget).__name__}: {value!r}"
            for widget in QApplication.allWidgets() for text in _widget_texts(widget)
            for value in PERSONAL if value in text]


def _left_in_files(folders: list[Path], since: float) -> list[str]:
    found = []
    needles = [value.encode(encoding) for value in UNMASKED for encoding in ("utf-8", "utf-16-le")]
    for folder in folders:
        for path in _files_under(folder):
            try:
                if not path.is_file() or path.stat().st_mtime < since or path.stat().st_size > MAX_FILE_BYTES:
                    continue
                content = path.read_bytes()
            except OSError:
                continue  # another process's file vanished or is unreadable: not ours
            found += [f"{path}: {needle!r}" for needle in needles if needle in content]
    return found


def _files_under(folder: Path) -> list[Path]:
    """Every file below ``folder``; folders other processes remove meanwhile are skipped, not an error."""
    return [Path(root) / name for root, _dirs, names in os.walk(folder, onerror=lambda _error: None)
            for name in names]


def _assert_forgotten(kiosk: KioskRuntime, data_dir: Path, since: float) -> None:
    _settle()
    assert kiosk.window.current_page() is kiosk.window.attract
    assert kiosk.window.session is None
    assert kiosk.window.known_facts == {}
    assert _left_in_widgets() == []
    assert not any(value in QApplication.clipboard().text() for value in PERSONAL)
    assert _left_in_files([data_dir, Path(tempfile.gettempdir())], since) == []


def test_the_filled_session_really_shows_personal_data_before_the_reset(kiosk: KioskRuntime) -> None:
    _fill_session(kiosk)
    _settle()
    assert _left_in_widgets() != []  # otherwise the searches below could not find anything either


def test_an_idle_reset_forgets_everything_about_the_citizen(kiosk: KioskRuntime, tmp_path: Path) -> None:
    since = time.time() - 1
    _fill_session(kiosk)
    kiosk.window.idle.expired.emit()  # what the idle watcher emits after the warning runs out
    _assert_forgotten(kiosk, tmp_path / "device", since)


def test_finishing_after_saving_forgets_everything_about_the_citizen(kiosk: KioskRuntime, tmp_path: Path) -> None:
    since = time.time() - 1
    driver = _fill_session(kiosk)
    driver.tap("kiosk-language")  # both languages have shown the data
    driver.tap("check-submit")
    driver.wait_for(lambda: driver.page_name() == "confirmation-page", what="the confirmation page")
    driver.tap("confirmation-finish")
    driver.tap("rating-skip")  # the 好差评 page comes after the outcome
    _assert_forgotten(kiosk, tmp_path / "device", since)
