"""A folder of keys and a signed trust list, as written by ``banshi codes demo-keys``.

Layout: ``root.key.pem``, ``root.pub.pem``, ``issuer.key.pem``, ``issuer.json`` (office
name), ``trust-list.cbor`` and ``DEMO-ONLY.txt``. Real deployments keep the root private
key offline; only ``root.pub.pem`` and the trust list belong on a kiosk.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from banshi.files import replace_atomically
from banshi.identity.cose import PublicKey
from banshi.identity.keys import (
    Algorithm,
    IssuerKey,
    KeyFileError,
    generate_private_key,
    load_private_key,
    load_public_key,
    private_pem,
    public_pem,
)
from banshi.identity.trust import TrustList

DEMO_NOTICE = (
    "DEMO KEYS ONLY. These keys are public test material: never use them to issue or trust real citizen codes.\n"
)
DEMO_MAX_AGE_S = 10 * 365 * 86400


@dataclass(frozen=True)
class KeyFolder:
    path: Path

    @property
    def root_public_key(self) -> PublicKey:
        return load_public_key(self.path / "root.pub.pem")

    def trust_list(self) -> TrustList:
        path = self.path / "trust-list.cbor"
        try:
            data = path.read_bytes()
        except OSError as error:
            raise KeyFileError(path, error.strerror or str(error)) from error
        return TrustList.from_bytes(data, self.root_public_key)

    def private_copy(self, folder: Path) -> KeyFolder:
        """This folder copied into ``folder`` with its private keys 0600 (the shipped DEMO folder comes out of
        git readable by everyone, which a hub refuses for a root key it signs with)."""
        folder.mkdir(parents=True, exist_ok=True)
        for source in self.path.iterdir():
            if source.is_file():
                data = source.read_bytes()
                if source.name.endswith(".key.pem"):
                    replace_atomically(folder / source.name, data)
                else:
                    (folder / source.name).write_bytes(data)
        return KeyFolder(folder)

    def issuer_key(self) -> IssuerKey:
        path = self.path / "issuer.json"
        try:
            office = str(json.loads(path.read_text("utf-8"))["office"])
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise KeyFileError(path, str(error)) from error
        return IssuerKey(load_private_key(self.path / "issuer.key.pem"), office)


def write_demo_keys(
    folder: Path,
    office: str = "Banshi Demo Office",
    algorithm: Algorithm = "EdDSA",
    max_age_s: int = DEMO_MAX_AGE_S,
    issued_at: int | None = None,
) -> KeyFolder:
    """Generate a root key, one issuer key and a root-signed trust list into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    root = generate_private_key(algorithm)
    issuer = IssuerKey(generate_private_key(algorithm), office)
    trust_list = TrustList.build(root, [issuer], issued_at=issued_at or int(time.time()), max_age_s=max_age_s)
    replace_atomically(folder / "root.key.pem", private_pem(root))  # 0600: only the owner reads private keys
    (folder / "root.pub.pem").write_bytes(public_pem(root.public_key()))
    replace_atomically(folder / "issuer.key.pem", private_pem(issuer.private_key))
    (folder / "issuer.json").write_text(json.dumps({"office": office}, ensure_ascii=False) + "\n", "utf-8")
    (folder / "trust-list.cbor").write_bytes(trust_list.to_bytes())
    (folder / "DEMO-ONLY.txt").write_text(DEMO_NOTICE, "utf-8")
    return KeyFolder(folder)
