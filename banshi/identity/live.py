"""Scanning live video: a decoder that spreads its passes over frames, and a windowed stability filter.

One definition for the camera process (``child_scanner``) and the in-process ``IdentityCheck``.
A frame gets ``LIVE_BUDGET_MS`` of decoding; the pipeline continues on the next frame where the
last one stopped, so a code held still gets every pass within a few frames. A payload is reported
once it read in ``stable_frames`` of the last ``STABLE_WINDOW`` frames: a code that reads in every
other frame (glare, a pass only some frames reach) still becomes stable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from banshi.identity.stability import StableResultFilter

if TYPE_CHECKING:
    from banshi.identity.decoders import Decoder
    from banshi.identity.frames import Frame

LIVE_BUDGET_MS = 40.0
LIVE_CURVED_MAX_SIDE = 640  # a smaller curved pass keeps an empty frame cheap
STABLE_WINDOW = 4


def live_decoder(name: str = "zxing") -> Decoder:
    from banshi.identity.decoders import MultiPassDecoder, get_decoder

    if name == "zxing":
        return MultiPassDecoder(budget_ms=LIVE_BUDGET_MS, curved_max_side=LIVE_CURVED_MAX_SIDE, across_frames=True)
    return get_decoder(name)


def live_stability(stable_frames: int) -> StableResultFilter:
    return StableResultFilter(required=stable_frames, within=max(stable_frames, STABLE_WINDOW))


class LiveScanner:
    """Feed camera frames; ``feed`` returns a payload once, when it has become stable."""

    def __init__(self, decoder: Decoder | None = None, stable_frames: int = 2) -> None:
        self.decoder = decoder or live_decoder()
        self.stability = live_stability(stable_frames)

    def feed(self, frame: Frame) -> str | None:
        codes = self.decoder.decode(frame)
        return self.stability.feed(codes[0].text if codes else None)

    def reset(self) -> None:
        self.stability.reset()
