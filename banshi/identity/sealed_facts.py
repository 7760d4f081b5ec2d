"""A personal fact only the hub can read: sealed to the hub's key when a citizen code is issued, carried
unopened by the code, the kiosk and the filing, opened by the hub when the filing arrives.

Written as one text token so it can stand where the plain value would (a form answer):
``sealed:1:<masked>:<serial>:<base64>``. ``<masked>`` is what a screen may show (e.g. 1101**********123X);
the seal is bound to the code's serial, so a token cannot be moved to another code's filing unnoticed.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from banshi.sync.errors import SealError

# ``banshi.sync.protocol`` (whose package imports the services) is imported inside the two functions that
# seal and open, so the services can import this module to recognise and show tokens.

_PREFIX = "sealed:1:"
_TOKEN = re.compile(r"sealed:1:([^:]*):([0-9A-Za-z_-]{1,64}):([A-Za-z0-9+/=]+)")


@dataclass(frozen=True)
class SealedFact:
    masked: str
    serial: str
    sealed: bytes

    def token(self) -> str:
        return f"{_PREFIX}{self.masked}:{self.serial}:{base64.b64encode(self.sealed).decode('ascii')}"


def _context(serial: str) -> bytes:
    return f"banshi citizen code {serial}".encode("ascii")


def seal_fact(value: str, masked: str, serial: str, hub_key: X25519PublicKey) -> SealedFact:
    from banshi.sync.protocol.sealing import seal

    return SealedFact(masked, serial, seal(value.encode("utf-8"), hub_key, _context(serial)))


def is_sealed(text: str) -> bool:
    return text.startswith(_PREFIX)


def parse_token(text: str) -> SealedFact:
    """The parts of a token; ``SealError`` if it is not one."""
    match = _TOKEN.fullmatch(text)
    if match is None:
        raise SealError("it is not a sealed fact")
    try:
        sealed = base64.b64decode(match.group(3), validate=True)
    except (binascii.Error, ValueError):
        raise SealError("the sealed fact is not valid base64") from None
    return SealedFact(match.group(1), match.group(2), sealed)


def shown(text: str) -> str:
    """What a screen shows for ``text``: a sealed fact's masked form, any other text as it is."""
    return parse_token(text).masked if is_sealed(text) else text


def open_fact(text: str, hub_key: X25519PrivateKey) -> str:
    """The plain value (hub only); ``SealError`` for a damaged token or one sealed to another hub."""
    from banshi.sync.protocol.sealing import open_sealed

    fact = parse_token(text)
    try:
        return open_sealed(fact.sealed, hub_key, _context(fact.serial)).decode("utf-8")
    except UnicodeDecodeError:
        raise SealError("the sealed fact is not text") from None


def open_facts(answers: dict[str, str], hub_key: X25519PrivateKey) -> tuple[dict[str, str], list[str]]:
    """``answers`` with every sealed fact opened (hub only), and the ids of those that would not open.

    A token that does not open (sealed to another hub, damaged) stays as it came: the filing is never lost
    over it, and staff see the masked form and can ask the citizen.
    """
    opened, failed = dict(answers), []
    for key, value in answers.items():
        if is_sealed(value):
            try:
                opened[key] = open_fact(value, hub_key)
            except SealError:
                failed.append(key)
    return opened, failed
