"""The citizen's own speed and loudness: a few steps either side of the deployment's setting, reset for the
next citizen. Qt-free; the kiosk's "听不清" panel drives it and applies it to the synthesizer at once."""

from __future__ import annotations

from dataclasses import dataclass

from banshi.i18n import N_, LazyText
from banshi.voice.tts import RATE_RANGE, VOLUME_RANGE

STEPS = 2  # either side of normal: enough to hear the difference at once, few enough to find the way back
_RATE_FACTORS = (0.7, 0.85, 1.0, 1.2, 1.4)
_VOLUME_FACTORS = (0.5, 0.7, 1.0, 1.4, 2.0)  # espeak compresses above 1.0: louder without clipping
_SPEEDS = (N_("very slow"), N_("slow"), N_("normal"), N_("fast"), N_("very fast"))
_LOUDNESS = (N_("very quiet"), N_("quiet"), N_("normal"), N_("loud"), N_("very loud"))


@dataclass
class SpeechAdjustment:
    """Speed and loudness as steps from normal (``-STEPS`` … ``STEPS``); normal is the deployment's setting."""

    normal_rate: int
    normal_volume: float = 1.0
    rate_step: int = 0
    volume_step: int = 0

    @property
    def rate(self) -> int:
        """Words per minute now."""
        wanted = round(self.normal_rate * _RATE_FACTORS[self.rate_step + STEPS])
        return min(RATE_RANGE[1], max(RATE_RANGE[0], wanted))

    @property
    def volume(self) -> float:
        """The synthesizer's volume now (1.0 is espeak's normal amplitude)."""
        return round(min(VOLUME_RANGE[1], self.normal_volume * _VOLUME_FACTORS[self.volume_step + STEPS]), 3)

    def slower(self) -> bool:
        return self._move("rate_step", -1)

    def faster(self) -> bool:
        return self._move("rate_step", 1)

    def quieter(self) -> bool:
        return self._move("volume_step", -1)

    def louder(self) -> bool:
        return self._move("volume_step", 1)

    def can(self, step: str, direction: int) -> bool:
        """Whether ``step`` ("rate_step" or "volume_step") can move one further in ``direction``."""
        return abs(getattr(self, step) + direction) <= STEPS

    def reset(self) -> bool:
        """Back to normal for the next citizen; True if anything changed."""
        changed = (self.rate_step, self.volume_step) != (0, 0)
        self.rate_step = self.volume_step = 0
        return changed

    def describe(self) -> LazyText:
        return N_("Speed: {speed}. Loudness: {loudness}.", speed=_SPEEDS[self.rate_step + STEPS],
                  loudness=_LOUDNESS[self.volume_step + STEPS])

    def _move(self, step: str, direction: int) -> bool:
        if not self.can(step, direction):
            return False
        setattr(self, step, getattr(self, step) + direction)
        return True
