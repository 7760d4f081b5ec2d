"""Device roles at the hall, fixed at enrolment: the code says what the device will be (kiosk,
counter or board), and the device keeps that role for life. A kiosk cannot call tickets and a board
cannot issue them, whatever it signs.

The enrolment itself (one-time codes, keys, nonces) is the hub's ``DeviceRegistry``, reused.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from banshi.hall.model import HallRole
from banshi.hall.tables import DeviceRoleRow
from banshi.sync.errors import EnrolmentError
from banshi.sync.hub.devices import DeviceRegistry
from banshi.sync.hub.devices import _hash as code_hash  # the registry's own hashing of a code
from banshi.sync.hub.keys import HubKeyring
from banshi.sync.hub.store import reading
from banshi.sync.protocol import HubKeys
from banshi.sync.protocol.signing import EnrolRequest


class DeviceRoles:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._known: dict[str, HallRole] = {}

    def issue_code(self, registry: DeviceRegistry, role: HallRole, hall_keys: HubKeys) -> str:
        """A one-time enrolment code that enrols a device as ``role``; it names ``hall_keys`` (the hall's public
        keys), so the device refuses any other server."""
        code = registry.issue_code(None, hub_keys=hall_keys)  # the hall keeps its own roles (below)
        with Session(self.engine) as session, session.begin():
            session.add(DeviceRoleRow(key=f"code:{code_hash(code)}", role=role))
        return code

    def enrol(self, registry: DeviceRegistry, request: EnrolRequest) -> HallRole:
        """Enrol through the registry, then fix the device's role from its code (once)."""
        with Session(self.engine) as session:
            granted = session.get(DeviceRoleRow, f"code:{code_hash(request.code)}")
        if granted is None:
            raise EnrolmentError("the code is not one this hall issued")
        registry.enrol(request)
        with Session(self.engine) as session, session.begin():
            held = session.get(DeviceRoleRow, f"device:{request.device_id}", with_for_update=True)
            if held is None:
                session.add(DeviceRoleRow(key=f"device:{request.device_id}", role=granted.role))
                return HallRole(granted.role)
            return HallRole(held.role)

    def role_of(self, device_id: str) -> HallRole | None:
        role = self._known.get(device_id)
        if role is None:
            with Session(reading(self.engine)) as session:
                row = session.get(DeviceRoleRow, f"device:{device_id}")
            if row is None:
                return None
            role = self._known.setdefault(device_id, HallRole(row.role))
        return role


def enrolment_codes(database_url: str, keys_dir: Path, devices: Iterable[tuple[str, HallRole]]) -> dict[str, str]:
    """One fresh enrolment code per named device, in its role, for the hall whose keys are in ``keys_dir`` (made
    there now if the hall has not started yet) (set-up scripts, the simulator, tests)."""
    from banshi.hall.store import create_hall_schema, make_engine

    hall_keys = HubKeyring.load_or_create(keys_dir).public()
    engine = make_engine(database_url)
    try:
        create_hall_schema(engine)
        registry, roles = DeviceRegistry(engine), DeviceRoles(engine)
        return {device: roles.issue_code(registry, role, hall_keys) for device, role in devices}
    finally:
        engine.dispose()
