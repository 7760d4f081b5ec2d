"""IdentityCheck: camera frames in, one result event out per stable code (Qt-free).

Decoding runs in the caller's thread; the ui layer calls ``feed`` from a worker and turns
``on_result`` callbacks into Qt signals.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from banshi.i18n import N_, LazyText
from banshi.identity.clock import TrustedClock
from banshi.identity.codes import VerifiedCitizen, verify_code
from banshi.identity.kinds import CodeKind, body_of, classify
from banshi.identity.rejections import CodeRejected, RejectReason
from banshi.identity.live import live_decoder, live_stability
from banshi.identity.trust import TrustList

if TYPE_CHECKING:  # decoders and frames load OpenCV and zxing-cpp, which a verifying-only app never needs
    from banshi.identity.decoders import Decoder
    from banshi.identity.frames import Frame

UNREADABLE_KIND_MESSAGE = N_("This code is not one we can read. Please show your citizen code or receipt.")


@dataclass(frozen=True)
class IdentityResult:
    """One accepted scan. ``kind`` says which of the optional fields is set.

    - citizen-code: ``citizen`` (verified) or ``rejection`` (why it was refused)
    - receipt / ticket: ``reference`` (the text after the prefix)
    - unknown: nothing; show ``user_message``
    """

    kind: CodeKind
    text: str
    citizen: VerifiedCitizen | None = None
    rejection: CodeRejected | None = None
    reference: str | None = None

    @property
    def accepted(self) -> bool:
        return self.citizen is not None or self.reference is not None

    @property
    def reason(self) -> RejectReason | None:
        return self.rejection.reason if self.rejection else None

    @property
    def user_message(self) -> LazyText | None:
        if self.rejection is not None:
            return self.rejection.user_message
        return UNREADABLE_KIND_MESSAGE if self.kind is CodeKind.UNKNOWN else None


ResultListener = Callable[[IdentityResult], None]


class IdentityCheck:
    """Feed frames; listeners get an IdentityResult once a payload is stable for ``stable_frames`` frames."""

    def __init__(
        self,
        trust_list: TrustList,
        clock: TrustedClock,
        decoder: Decoder | None = None,
        stable_frames: int = 2,
    ) -> None:
        self.trust_list = trust_list
        self.clock = clock
        self._decoder = decoder
        self.stability = live_stability(stable_frames)
        self._listeners: list[ResultListener] = []

    @property
    def decoder(self) -> Decoder:
        """Made on first use: an app that only verifies (its camera runs in another process) never loads it."""
        if self._decoder is None:
            self._decoder = live_decoder()
        return self._decoder

    def on_result(self, listener: ResultListener) -> Callable[[], None]:
        """Register ``listener``; returns a function that unregisters it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def replace_trust_list(self, trust_list: TrustList) -> None:
        """Use a newer trust list (from sync) for the next verification."""
        self.trust_list = trust_list

    def feed(self, frame: Frame) -> IdentityResult | None:
        """Decode one frame; emit and return a result when a payload has just become stable."""
        codes = self.decoder.decode(frame)
        stable = self.stability.feed(codes[0].text if codes else None)
        if stable is None:
            return None
        result = self.interpret(stable)
        for listener in list(self._listeners):
            listener(result)
        return result

    def interpret(self, text: str) -> IdentityResult:
        """What a payload means, without the stability filter (also used for typed-in codes)."""
        kind = classify(text)
        if kind is CodeKind.CITIZEN_CODE:
            try:
                return IdentityResult(kind, text, citizen=verify_code(text, self.trust_list, self.clock))
            except CodeRejected as rejected:
                return IdentityResult(kind, text, rejection=rejected)
        if kind in (CodeKind.RECEIPT, CodeKind.TICKET):
            return IdentityResult(kind, text, reference=body_of(text))
        return IdentityResult(kind, text)

    def warm_up(self) -> None:
        """Decode one blank frame so the first camera frame does not pay the decoders' start-up cost."""
        import numpy as np  # here, not at the top: the kiosk's start must not wait for numpy

        self.decoder.decode(np.full((64, 64), 255, np.uint8))

    def reset(self) -> None:
        """Forget the last code (call at session end so the next citizen's code is read afresh)."""
        self.stability.reset()
