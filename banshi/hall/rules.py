"""The queue rules, as pure functions of what waits: who a counter calls next, whether a recall is
allowed, and how long a newcomer will wait. The store applies them inside one database transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from banshi.hall.model import Priority

# A just-issued priority ticket counts as having waited this long already (then × its weight), so
# priority takes effect at once instead of only after it has waited a while.
HEAD_START_S = 60.0


@dataclass(frozen=True)
class Waiting:
    """A waiting ticket as the rules see it."""

    id: str
    service_id: str
    priority: Priority
    waiting_since: float  # issued (a transfer keeps it: nobody goes to the back of a queue)
    number: int
    counter: str | None = None  # transferred to one counter: only that counter calls it


def claim(ticket: Waiting, weights: dict[Priority, float], now: float) -> float:
    """How strongly a ticket asks to be called: its weighted waiting time."""
    return (max(0.0, now - ticket.waiting_since) + HEAD_START_S) * weights[ticket.priority]


def callable_by(ticket: Waiting, counter: str, services: Iterable[str]) -> bool:
    if ticket.counter is not None:
        return ticket.counter == counter
    return ticket.service_id in set(services)


def order(waiting: Iterable[Waiting], weights: dict[Priority, float], now: float) -> list[Waiting]:
    """Strongest claim first; equal claims by who came first, then by number (stable across restarts)."""
    return sorted(waiting, key=lambda ticket: (-claim(ticket, weights, now), ticket.waiting_since, ticket.number))


def choose_next(waiting: Iterable[Waiting], counter: str, services: Iterable[str],
                weights: dict[Priority, float], now: float) -> Waiting | None:
    """The ticket ``counter`` (serving ``services``) calls next; ``None`` when nothing waits for it."""
    wanted = list(services)
    candidates = [ticket for ticket in waiting if callable_by(ticket, counter, wanted)]
    return order(candidates, weights, now)[0] if candidates else None


class RecallRefusal(StrEnum):
    LIMIT = "recall_limit"  # recalled N times already
    TOO_SOON = "recall_too_soon"  # less than M seconds since the last call


def recall_refusal(recalls_so_far: int, last_called_at: float, now: float, recall_max: int,
                   min_gap_s: float) -> RecallRefusal | None:
    """Why a recall is not allowed now, or ``None`` if it is."""
    if recalls_so_far >= recall_max:
        return RecallRefusal.LIMIT
    if now - last_called_at < min_gap_s:
        return RecallRefusal.TOO_SOON
    return None


def people_ahead(ticket: Waiting, waiting: Sequence[Waiting], weights: dict[Priority, float], now: float) -> int:
    """Tickets of the same service that would be called before ``ticket`` as things stand."""
    same = [other for other in waiting if other.service_id == ticket.service_id and other.id != ticket.id]
    mine = (-claim(ticket, weights, now), ticket.waiting_since, ticket.number)
    return sum(1 for other in same if (-claim(other, weights, now), other.waiting_since, other.number) < mine)
