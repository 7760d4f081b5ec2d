"""Who may do what at the hub: the roles, and the one table that decides what each role may do.

A device's role is fixed when its enrolment code is issued (``banshi hub enrol-code --role``) and
kept for the device's life: a kiosk that signs a request for clerk data is still a kiosk. Every
route that acts for a device asks ``require(role, action)``; nothing else decides.

Operator roles (issue 15) belong here too, as another enum with its own rows in ``_ALLOWED``.
"""

from __future__ import annotations

from enum import StrEnum

from banshi.sync.errors import RequestRefused


class DeviceRole(StrEnum):
    KIOSK = "kiosk"  # citizens file on it unattended: the least trusted device
    COUNTER = "counter"  # clerks sign in on it: needs their accounts, sends their audit log
    HALL = "hall"  # the hall's queue service or board: files nothing personal


class HubAction(StrEnum):
    PUSH_TRANSACTIONS = "push_transactions"
    READ_OWN_STATUS = "read_own_status"
    PULL_CLERKS = "pull_clerks"  # clerk names and argon2 PIN hashes
    PUSH_AUDIT = "push_audit"  # a counter's clerk-action log
    LOOK_UP_CASES = "look_up_cases"  # a case's status by the id on a citizen's receipt


_ALLOWED: dict[DeviceRole, frozenset[HubAction]] = {
    DeviceRole.KIOSK: frozenset({HubAction.PUSH_TRANSACTIONS, HubAction.READ_OWN_STATUS, HubAction.LOOK_UP_CASES}),
    DeviceRole.COUNTER: frozenset(HubAction),
    DeviceRole.HALL: frozenset({HubAction.PUSH_TRANSACTIONS, HubAction.READ_OWN_STATUS}),
}


def may(role: DeviceRole, action: HubAction) -> bool:
    return action in _ALLOWED[role]


def require(device_id: str, role: DeviceRole, action: HubAction) -> None:
    """``RequestRefused("wrong_role")`` (HTTP 403) unless ``role`` may do ``action``."""
    if not may(role, action):
        raise RequestRefused("wrong_role", f"device {device_id!r} is enrolled as a {role.value}, which may not "
                             f"{action.value.replace('_', ' ')}; enrol it again with a code for the right role")
