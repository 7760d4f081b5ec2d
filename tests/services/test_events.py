from __future__ import annotations

import pytest

from banshi.services import Event


def test_connected_callbacks_receive_every_emit_in_order() -> None:
    event: Event[[str]] = Event()
    seen: list[str] = []
    event.connect(lambda value: seen.append(f"first {value}"))
    event.connect(lambda value: seen.append(f"second {value}"))
    event.emit("a")
    assert seen == ["first a", "second a"]


def test_a_disconnected_callback_is_not_called_again() -> None:
    event: Event[[]] = Event()
    calls: list[int] = []
    disconnect = event.connect(lambda: calls.append(1))
    event.emit()
    disconnect()
    event.emit()
    assert calls == [1]
    assert len(event) == 0


def test_a_failing_callback_fails_the_emitter_loudly() -> None:
    event: Event[[]] = Event()

    def broken() -> None:
        raise RuntimeError("view crashed")

    event.connect(broken)
    with pytest.raises(RuntimeError, match="view crashed"):
        event.emit()
