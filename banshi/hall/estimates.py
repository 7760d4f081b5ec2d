"""Wait estimates from what the hall measures: the mean of each service's recent service times
(called → finished, walking included, since that is how long a counter is taken) and the share of
the open counters that serves it. Not a constant: the estimate follows the day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class CounterLoad:
    """An open counter: which services it serves."""

    counter: str
    services: tuple[str, ...]


def mean_service_s(measured: Sequence[float], default_s: float) -> float:
    """The mean of the recent measurements; the configured default before the first one."""
    return sum(measured) / len(measured) if measured else default_s


def capacity(service_id: str, open_counters: Sequence[CounterLoad], waiting: Mapping[str, int]) -> float:
    """How many counters' worth of work goes to ``service_id``.

    A counter serving several services splits itself among them in proportion to what waits for
    each (evenly when nothing waits), as it calls by waiting time.
    """
    total = 0.0
    for load in open_counters:
        if service_id not in load.services:
            continue
        demand = {service: waiting.get(service, 0) for service in load.services}
        whole = sum(demand.values())
        total += demand[service_id] / whole if whole else 1 / len(demand)
    return total


def wait_s(ahead: int, mean_s: float, share: float) -> float | None:
    """Expected seconds until a ticket with ``ahead`` people before it is called; ``None``: no counter open.

    With ``share`` counters working in turn, one comes free every ``mean_s / share`` on average; the
    first is already halfway through its citizen.
    """
    if share <= 0:
        return None
    return (ahead + 0.5) * mean_s / share
