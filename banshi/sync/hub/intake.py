"""Opening what devices send (sealed or plain envelopes) before the store settles it."""

from __future__ import annotations

from collections.abc import Sequence

import logging

from pydantic import ValidationError

from banshi.identity.sealed_facts import open_facts

from banshi.sync.errors import SealError
from banshi.sync.hub.keys import HubKeyring
from banshi.sync.hub.store import HubStore
from banshi.sync.protocol import PushResult, PushStatus, SealedEnvelope, TransactionEnvelope
from banshi.sync.protocol.sealing import open_sealed, unb64

log = logging.getLogger(__name__)
Item = TransactionEnvelope | SealedEnvelope


def open_item(keys: HubKeyring, item: Item) -> TransactionEnvelope | PushResult:
    """The envelope inside ``item``, or a rejection saying why it cannot be opened."""
    if isinstance(item, TransactionEnvelope):
        return with_facts_opened(keys, item)
    try:
        plaintext = open_sealed(unb64(item.sealed, "sealed"), keys.sealing, item.id.encode("ascii"))
        envelope = TransactionEnvelope.model_validate_json(plaintext)
    except SealError as error:
        return PushResult(id=item.id, status=PushStatus.REJECTED, reason=str(error))
    except ValidationError:
        return PushResult(id=item.id, status=PushStatus.REJECTED, reason="the sealed content is not a transaction")
    if envelope.id != item.id:
        return PushResult(id=item.id, status=PushStatus.REJECTED, reason="the sealed transaction has another id")
    return with_facts_opened(keys, envelope)


def with_facts_opened(keys: HubKeyring, envelope: TransactionEnvelope) -> TransactionEnvelope:
    """Facts a citizen code carried sealed to this hub (full name, ID number) opened into the answers."""
    answers, failed = open_facts(envelope.answers, keys.sealing)
    if failed:
        log.warning("transaction %s: sealed facts %s do not open with this hub's key; kept sealed", envelope.id,
                    ", ".join(sorted(failed)))
    return envelope if answers == envelope.answers else envelope.model_copy(update={"answers": answers})


def open_items(keys: HubKeyring, items: Sequence[Item]) -> list[TransactionEnvelope | PushResult]:
    return [open_item(keys, item) for item in items]


def envelopes_in(opened: Sequence[TransactionEnvelope | PushResult]) -> list[TransactionEnvelope]:
    return [item for item in opened if isinstance(item, TransactionEnvelope)]


def with_stored(opened: Sequence[TransactionEnvelope | PushResult], stored: Sequence[PushResult]) -> list[PushResult]:
    """One result per item, in order: the rejection of an item that did not open, else what the store said."""
    settled = iter(stored)
    return [item if isinstance(item, PushResult) else next(settled) for item in opened]


def ingest_items(store: HubStore, keys: HubKeyring, device_id: str, items: Sequence[Item]) -> list[PushResult]:
    """Open each item and store the envelopes in a transaction of their own; one result per item, in order."""
    opened = open_items(keys, items)
    envelopes = envelopes_in(opened)
    return with_stored(opened, store.ingest(device_id, envelopes) if envelopes else [])
