"""Shared helpers for the identity tests: a key world, a fixed clock time, code packing."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace
from pathlib import Path

import base45

from banshi.identity.codes import CitizenClaims, issue_code
from banshi.identity.keys import IssuerKey, generate_private_key
from banshi.identity.trust import TrustList

NOW = 1_800_000_000
OFFICE = "Dongcheng Service Centre"
SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "qr-samples"


@dataclass(frozen=True)
class World:
    root: object
    issuer: IssuerKey
    trust_list: TrustList

    def claims(self, **changes: object) -> CitizenClaims:
        base = CitizenClaims.new("cit-0001", "张三华", 1950, self.issuer.office, NOW - 86400, serial="s-0001")
        return replace(base, **changes)  # type: ignore[arg-type]

    def code(self, **changes: object) -> str:
        return issue_code(self.claims(**changes), self.issuer)


def make_world(algorithm: str = "EdDSA", **trust_changes: object) -> World:
    root = generate_private_key("EdDSA")
    issuer = IssuerKey(generate_private_key(algorithm), OFFICE)  # type: ignore[arg-type]
    options: dict[str, object] = {"issued_at": NOW - 3600, "max_age_s": 7 * 86400, **trust_changes}
    return World(root, issuer, TrustList.build(root, [issuer], **options))  # type: ignore[arg-type]


def pack(cose_bytes: bytes) -> str:
    """Wrap raw COSE bytes the way a citizen code does (for crafting bad codes)."""
    return "BS1:" + base45.b45encode(zlib.compress(cose_bytes)).decode()


def unpack_raw(code: str) -> bytes:
    return zlib.decompress(base45.b45decode(code[4:]))
