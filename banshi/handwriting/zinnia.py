"""Zinnia (Debian ``libzinnia0``) through ctypes, with the ``tegaki-zinnia-simplified-chinese`` model.

Zinnia is an SVM recogniser over stroke-order-dependent features; its Simplified Chinese model
(Tegaki project, LGPL-2.1+) covers the 6,763 GB2312 characters. One ``ZinniaEngine`` owns one
recogniser and one character buffer; calls are serialised by a lock because Zinnia's character
object is not shared safely between threads.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from pathlib import Path

from banshi.handwriting.ink import Ink

DEFAULT_MODEL = Path("/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model")
_LIBRARY_NAMES = ("libzinnia.so.0", "zinnia")


class ZinniaUnavailable(OSError):
    """The library or its model is missing; the message says which and how to install it."""


def _load_library() -> ctypes.CDLL:
    for name in _LIBRARY_NAMES:
        found = name if name.endswith(".0") else ctypes.util.find_library(name)
        if not found:
            continue
        try:
            return _declare(ctypes.CDLL(found))
        except OSError:
            continue
    raise ZinniaUnavailable("the Zinnia library is not installed (Debian package libzinnia0)")


def _declare(lib: ctypes.CDLL) -> ctypes.CDLL:
    pointer, size = ctypes.c_void_p, ctypes.c_size_t
    signatures = {
        "zinnia_recognizer_new": (pointer, []), "zinnia_recognizer_destroy": (None, [pointer]),
        "zinnia_recognizer_open": (ctypes.c_int, [pointer, ctypes.c_char_p]),
        "zinnia_recognizer_strerror": (ctypes.c_char_p, [pointer]),
        "zinnia_recognizer_classify": (pointer, [pointer, pointer, size]),
        "zinnia_character_new": (pointer, []), "zinnia_character_destroy": (None, [pointer]),
        "zinnia_character_clear": (None, [pointer]),
        "zinnia_character_set_width": (None, [pointer, size]), "zinnia_character_set_height": (None, [pointer, size]),
        "zinnia_character_add": (ctypes.c_int, [pointer, size, ctypes.c_int, ctypes.c_int]),
        "zinnia_result_value": (ctypes.c_char_p, [pointer, size]),
        "zinnia_result_score": (ctypes.c_float, [pointer, size]),
        "zinnia_result_size": (size, [pointer]), "zinnia_result_destroy": (None, [pointer]),
    }
    for name, (result, arguments) in signatures.items():
        function = getattr(lib, name)
        function.restype, function.argtypes = result, arguments
    return lib


class ZinniaEngine:
    """One Zinnia recogniser with its model loaded."""

    def __init__(self, model: Path = DEFAULT_MODEL) -> None:
        if not model.is_file():
            raise ZinniaUnavailable(f"the Zinnia model {model} is missing "
                                    "(Debian package tegaki-zinnia-simplified-chinese)")
        self._lib = _load_library()
        self._recogniser = self._lib.zinnia_recognizer_new()
        if not self._lib.zinnia_recognizer_open(self._recogniser, str(model).encode()):
            reason = (self._lib.zinnia_recognizer_strerror(self._recogniser) or b"").decode(errors="replace")
            self._lib.zinnia_recognizer_destroy(self._recogniser)
            raise ZinniaUnavailable(f"the Zinnia model {model} cannot be opened: {reason}")
        self._character = self._lib.zinnia_character_new()
        self._lock = threading.Lock()

    def classify(self, ink: Ink, best: int = 10) -> list[tuple[str, float]]:
        """Zinnia's ``best`` candidates with their scores, best first (empty for an empty ink)."""
        if ink.is_empty:
            return []
        with self._lock:
            lib, character = self._lib, self._character
            lib.zinnia_character_clear(character)
            lib.zinnia_character_set_width(character, max(int(ink.width), 1))
            lib.zinnia_character_set_height(character, max(int(ink.height), 1))
            for number, stroke in enumerate(ink.strokes):
                for x, y in stroke:
                    lib.zinnia_character_add(character, number, int(round(x)), int(round(y)))
            result = lib.zinnia_recognizer_classify(self._recogniser, character, best)
            if not result:
                return []
            try:
                return [(lib.zinnia_result_value(result, i).decode(), float(lib.zinnia_result_score(result, i)))
                        for i in range(lib.zinnia_result_size(result))]
            finally:
                lib.zinnia_result_destroy(result)

    def close(self) -> None:
        with self._lock:
            if self._recogniser:
                self._lib.zinnia_character_destroy(self._character)
                self._lib.zinnia_recognizer_destroy(self._recogniser)
                self._recogniser = self._character = None
