"""Voice errors: an actionable English ``str()`` for operators, a ``user_message`` for citizens."""

from __future__ import annotations

from banshi.i18n import N_, LazyText


class VoiceError(Exception):
    """Base of every voice failure; ``user_message`` is safe to show or speak to a citizen."""

    user_message: LazyText = N_("Voice is not available right now. Please use the touch screen.")

    def __init__(self, message: str, user_message: LazyText | None = None) -> None:
        super().__init__(message)
        if user_message is not None:
            self.user_message = user_message


class UnknownVoiceError(VoiceError):
    def __init__(self, voice: str, available: list[str]) -> None:
        sample = ", ".join(sorted(available)[:12])
        super().__init__(
            f"TTS voice {voice!r} is not installed in espeak-ng; install it or configure one of: {sample} ..."
        )
        self.voice = voice


class SynthesisFailed(VoiceError):
    """The engine did not produce a complete WAV file in time."""


class EmptyPromptError(VoiceError, ValueError):
    def __init__(self) -> None:
        super().__init__("Nothing to say: the prompt text is empty; pass the text to speak.")


class AudioFormatError(VoiceError):
    """An audio file or chunk that is not PCM we can turn into 16 kHz mono int16."""


class ModelMissing(VoiceError):
    def __init__(self, message: str) -> None:
        super().__init__(message, N_("Voice answers are not available. Please use the touch screen."))


class ModelInstallError(VoiceError):
    """A speech model could not be installed (checksum mismatch, unreadable archive, unsafe paths)."""


class TemplateError(VoiceError, ValueError):
    """An intent template file that cannot be parsed; the message names the file and the template."""
