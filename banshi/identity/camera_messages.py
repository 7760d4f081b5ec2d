"""The messages between an app and its camera process (``camera_service``), one frozen type each.

Commands go to the child, events come back. Each is a small picklable dataclass, so both sides match
on types instead of on strings in bare tuples, and a message of no known type is logged where it
arrives (it was dropped silently). Qt-free and numpy-free to import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class Scan:
    """Scan ``camera`` (an index, a device path or a video file) until told otherwise."""

    camera: str


@dataclass(frozen=True)
class Idle:
    """Stop scanning and release the camera; the process stays, ready for the next ``Scan``."""


@dataclass(frozen=True)
class Quit:
    """End the camera process."""


CameraCommand = Scan | Idle | Quit


@dataclass(frozen=True)
class Preview:
    """A small RGB picture of what the camera sees (``PREVIEW_SIZE`` at most)."""

    pixels: np.ndarray


@dataclass(frozen=True)
class Payload:
    """The text of a code seen in enough frames in a row to be trusted (not verified yet)."""

    text: str


@dataclass(frozen=True)
class ScanError:
    """The camera could not be read; scanning has stopped."""

    message: str


CameraEvent = Preview | Payload | ScanError


def describe(message: Any) -> str:
    """A message of no known type, for one log line (its type, never its contents)."""
    return type(message).__name__
