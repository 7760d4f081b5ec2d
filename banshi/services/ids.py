"""Time-ordered UUIDv7 ids (RFC 9562), made on the device: each one is a transaction's
idempotency key for life, so it must be unique and sort in creation order."""

from __future__ import annotations

import secrets
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def uuid7(unix_ms: int | None = None) -> str:
    """A UUIDv7 string. ``unix_ms`` defaults to the wall clock.

    Monotonic within this process (RFC 9562 §6.2 method 1): the 12-bit ``rand_a`` field is a
    counter seeded randomly in its lower half each millisecond; if the clock stands still or
    steps back, the previous millisecond is reused and the counter bumped, and a counter
    overflow borrows the next millisecond. ``rand_b`` is always 62 fresh random bits.
    """
    global _last_ms, _counter
    now = time.time_ns() // 1_000_000 if unix_ms is None else unix_ms
    with _lock:
        if now > _last_ms:
            _last_ms, _counter = now, secrets.randbits(11)
        else:
            _counter += 1
            if _counter > 0xFFF:
                _last_ms, _counter = _last_ms + 1, secrets.randbits(11)
        ms, counter = _last_ms, _counter
    value = (ms & (2**48 - 1)) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | secrets.randbits(62)
    return str(uuid.UUID(int=value))
