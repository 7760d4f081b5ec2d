"""The installed Qt binding keeps Python's reference counts: a kiosk emits signals all day long.

PySide6 6.12.0 on CPython 3.11 dropped a reference to True (and None) on every emit, and the
process aborted with "bool_dealloc" after a few thousand signals; pyproject pins below it.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(object)


def test_emitting_ten_thousand_signals_leaves_true_and_none_reference_counts_unchanged(qapp: object) -> None:
    emitter = _Emitter()
    emitter.fired.connect(lambda _value: None)
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)

    for number in range(10_000):
        emitter.fired.emit(number)
        emitter.blockSignals(False)

    assert abs(sys.getrefcount(True) - true_before) < 50  # the bug lost one per emit: -10,000
    assert abs(sys.getrefcount(None) - none_before) < 50  # other code may hold a few Nones meanwhile
